"""Batch handouts from the app: a CSV in, one PDF per row out, with a cancellable progress.

The work runs in its own thread; the progress dialog's Cancel stops it between rows.
Rows that fail are listed at the end as ``row N: reason``; the rest are made. Empty
clinic, clinician and phone cells take the values in the handout panel.
"""
from __future__ import annotations

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ..export.batch import BatchResult, run_batch


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


def run_batch_dialog(parent: QWidget, panel: object) -> BatchThread | None:
    """Ask for the CSV and the folder, then make the handouts with a progress dialog."""
    csv_path, _ = QFileDialog.getOpenFileName(parent, "Patients (CSV)", "",
                                              "CSV files (*.csv);;All files (*)")
    if not csv_path:
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
