"""Batch handouts from the app: a CSV in, one PDF per row out, with a cancellable progress.

The work runs in its own thread; the progress dialog's Cancel stops it between rows.
Rows that fail are listed at the end as ``row N: reason``; the rest are made. Empty
clinic, clinician and phone cells take the values in the handout panel.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox,
                               QProgressDialog, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ..export.batch import BatchResult, RowCheck, check_rows, run_batch
from ..model.errors import LoadError


class BatchThread(QThread):
    """Runs one batch; reports progress and the result."""

    progressed = Signal(int, int)
    finished_with = Signal(object)
    failed = Signal(str)

    def __init__(self, panel: object, csv_path: str, out_dir: str) -> None:
        super().__init__()
        self.layout, self.bundle = panel.layout, panel.bundle  # type: ignore[attr-defined]
        values = panel.values()  # type: ignore[attr-defined]
        self.defaults = {k: values[k] for k in ("clinic", "clinician", "phone", "date")
                         if k in values}
        self.csv_path, self.out_dir = csv_path, out_dir
        self.clinic = panel.store.clinic  # type: ignore[attr-defined]
        self.stop = False

    def run(self) -> None:
        try:
            result = run_batch(self.layout, self.bundle, self.csv_path, self.out_dir,
                               progress=lambda done, total: self.progressed.emit(done, total),
                               cancelled=lambda: self.stop, defaults=self.defaults,
                               clinic=self.clinic)
        except Exception as exc:  # noqa: BLE001 - shown as a message, the app carries on
            self.failed.emit(str(exc))
            return
        self.finished_with.emit(result)


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


def run_batch_dialog(parent: QWidget, panel: object) -> BatchThread | None:
    """Ask for the CSV, show its rows and their problems, then ask for the folder and
    make the handouts with a progress dialog."""
    csv_path, _ = QFileDialog.getOpenFileName(parent, "Patients (CSV)", "",
                                              "CSV files (*.csv);;All files (*)")
    if not csv_path:
        return None
    values = panel.values()  # type: ignore[attr-defined]
    defaults = {k: values[k] for k in ("clinic", "clinician", "phone", "date") if k in values}
    try:
        checks = check_rows(panel.layout, panel.bundle, csv_path, defaults,  # type: ignore[attr-defined]
                            panel.store.clinic)  # type: ignore[attr-defined]
    except LoadError as exc:
        QMessageBox.warning(parent, "Batch handouts", str(exc))
        return None
    if BatchCheckDialog(checks, csv_path, parent).exec() != QDialog.DialogCode.Accepted:
        return None
    out_dir = QFileDialog.getExistingDirectory(parent, "Folder for the handouts")
    if not out_dir:
        return None
    progress = QProgressDialog("Making handouts...", "Cancel", 0, 0, parent)
    progress.setObjectName("batchProgress")
    progress.setMinimumDuration(0)
    thread = BatchThread(panel, csv_path, out_dir)

    def step(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done)
        progress.setLabelText(f"Making handouts: {done} of {total}")

    def finish(result: BatchResult) -> None:
        progress.close()
        parent.batch_result = result  # type: ignore[attr-defined]
        show = QMessageBox.warning if result.failures else QMessageBox.information
        show(parent, "Batch handouts", summary(result, out_dir))

    def fail(message: str) -> None:
        progress.close()
        QMessageBox.warning(parent, "Batch handouts", message)

    thread.progressed.connect(step)
    thread.finished_with.connect(finish)
    thread.failed.connect(fail)
    progress.canceled.connect(lambda: setattr(thread, "stop", True))
    parent.batch_thread = thread  # type: ignore[attr-defined]
    thread.start()
    return thread
