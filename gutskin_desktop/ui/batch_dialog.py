"""Batch handouts from the app: a CSV in, one PDF per row out, with a cancellable progress.

The CSV's rows are checked and then the handouts made as jobs of the session's render
service; the progress dialog's Cancel stops the batch between rows (every PDF made is
whole) and the summary says what was made. Rows that fail are listed at the end as
``row N: reason``; the rest are made. Empty clinic, clinician and phone cells take the
values in the handout panel. The result reaches whoever wants it through
:attr:`BatchRun.finished`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gutskin_desktop.export.batch import BatchResult, RowCheck, check_rows, run_batch
from gutskin_desktop.export.batch_pool import default_jobs
from gutskin_desktop.model.bundle import Bundle
from gutskin_desktop.model.clinic import Clinic
from gutskin_desktop.model.layout import Layout

from .render_jobs import gui_message
from .render_service import CancelToken, Job

if TYPE_CHECKING:
    from .session import Session

TITLE = "Batch handouts"


@dataclass(frozen=True)
class BatchRequest:
    """What a batch takes, read from the handout panel before it starts."""

    layout: Layout
    bundle: Bundle
    defaults: tuple[tuple[str, str], ...]  # clinic, clinician, phone, date for empty cells
    clinic: Clinic

    def check(self, csv_path: str, token: CancelToken) -> list[RowCheck]:
        """Every row of the CSV as the batch will take it (a job)."""
        token.check()
        return check_rows(self.layout, self.bundle, csv_path, dict(self.defaults),
                          self.clinic)

    def run(self, csv_path: str, out_dir: str, token: CancelToken) -> BatchResult:
        """Make the handouts (a job): progress is reported as ``(done, total)``; once the
        token is cancelled the batch stops before the next row and returns what it made,
        each PDF whole."""
        return run_batch(self.layout, self.bundle, csv_path, out_dir,
                         progress=lambda done, total: token.report((done, total)),
                         cancelled=lambda: token.cancelled, defaults=dict(self.defaults),
                         clinic=self.clinic, jobs=default_jobs())


def summary(result: BatchResult, out_dir: str) -> str:
    """What the batch did, for the message at the end."""
    lines = [f"Made {len(result.written)} handouts in {out_dir}."]
    if result.cancelled:
        lines.append("Stopped before the end (cancelled).")
    if result.failures:
        lines.append(f"{len(result.failures)} rows were skipped:")
        lines += [f"row {n}: {reason}" for n, reason in result.failures[:20]]
    lines += [f"Column '{c}' is not used." for c in result.unused_columns]
    return "\n".join(lines)


class BatchCheckDialog(QDialog):
    """The rows of a CSV as the batch will take them, each ready or with its problem,
    before the folder is chosen."""

    def __init__(self, checks: list[RowCheck], csv_path: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("batchCheck")
        self.setWindowTitle("Check the patients before making their handouts")
        self.checks = checks
        ready = sum(not c.problem for c in checks)
        skipped = len(checks) - ready
        intro = QLabel(f"{Path(csv_path).name}: {ready} of {len(checks)} rows are ready."
                       + (f" {skipped} will be skipped; fix them in the file and try again, or "
                          "go on without them." if skipped else ""))
        intro.setObjectName("batchCheckSummary")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(checks), 3)
        self.table.setObjectName("batchRows")
        self.table.setHorizontalHeaderLabels(["Row", "Patient", "Ready?"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, check in enumerate(checks):
            cells = (str(check.number), check.patient, check.problem or "ready")
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if check.problem:
                    item.setForeground(QColor("#b3261e"))
                self.table.setItem(i, j, item)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = buttons.addButton(f"Choose a folder and make {ready} handout"
                                    f"{'' if ready == 1 else 's'}",
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.go.setObjectName("batchGo")
        self.go.setEnabled(ready > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)
        self.resize(720, 420)
        self.table.resizeRowsToContents()


class BatchRun(QObject):
    """One batch from the app: ask for the CSV, check its rows, show them, ask for the
    folder, then make the handouts with a progress dialog.

    ``finished`` carries the :class:`BatchResult` once the batch has ended (its summary
    shown); ``failed`` the message of a batch that could not start or run.
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, session: Session, request: BatchRequest, window: QWidget,
                 kind: str = "batch") -> None:
        super().__init__(window)
        self.session, self.request, self.window_widget = session, request, window
        self.kind = kind
        self.csv_path = ""
        self.out_dir = ""
        self.job: Job[BatchResult] | None = None
        self.progress: QProgressDialog | None = None

    def start(self) -> None:
        """Ask for the CSV, then check its rows off the GUI thread."""
        csv_path, _ = QFileDialog.getOpenFileName(self.window_widget, "Patients (CSV)", "",
                                                  "CSV files (*.csv);;All files (*)")
        if not csv_path:
            return
        self.csv_path, request = csv_path, self.request
        self.session.renders.submit(f"{self.kind}-check",
                                    lambda token: request.check(csv_path, token),
                                    self._on_checked, self._on_error, owner=self)

    def _on_checked(self, checks: list[RowCheck]) -> None:
        dialog = BatchCheckDialog(checks, self.csv_path, self.window_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        out_dir = QFileDialog.getExistingDirectory(self.window_widget,
                                                   "Folder for the handouts")
        if out_dir:
            self._make(out_dir)

    def _make(self, out_dir: str) -> None:
        self.out_dir = out_dir
        progress = QProgressDialog("Making handouts...", "Cancel", 0, 0, self.window_widget)
        progress.setObjectName("batchProgress")
        progress.setMinimumDuration(0)
        progress.canceled.connect(self.stop)
        self.progress = progress
        request, csv_path = self.request, self.csv_path
        self.job = self.session.renders.submit(
            self.kind, lambda token: request.run(csv_path, out_dir, token), self._on_done,
            self._on_error, owner=self, on_progress=self._on_progress)

    def stop(self) -> None:
        """Cancel: stop before the next row and say what was made."""
        if self.job is not None:
            self.job.stop()

    def cancel(self) -> None:
        """Stop the batch and say nothing (its window is closing)."""
        self.session.renders.cancel(f"{self.kind}-check")
        self.session.renders.cancel(self.kind)
        self._close_progress()

    def _on_progress(self, value: Any) -> None:
        done, total = value
        if self.progress is not None and not self.progress.wasCanceled():
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(f"Making handouts: {done} of {total}")

    def _on_done(self, result: BatchResult) -> None:
        self._close_progress()
        show = QMessageBox.warning if result.failures else QMessageBox.information
        show(self.window_widget, TITLE, summary(result, self.out_dir))
        self.finished.emit(result)

    def _on_error(self, error: Exception) -> None:
        self._close_progress()
        message = gui_message(error)
        QMessageBox.warning(self.window_widget, TITLE, message)
        self.failed.emit(message)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.stop)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
