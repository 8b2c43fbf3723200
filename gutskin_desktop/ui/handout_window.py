"""The handout window: the handout panel with File > Print, Save PDF and Batch.

Print, Save PDF and batches are jobs of the session's render service, made from what the
panel holds when they are asked for: nothing renders or prints on the GUI thread.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from gutskin_desktop.export.batch import slug

from .batch_dialog import BatchRun
from .handout_panel import HandoutPanel
from .printing import print_pdf
from .render_jobs import RenderRequest, gui_message, write_pdf
from .render_service import CancelToken

if TYPE_CHECKING:
    from .session import Session


class HandoutWindow(QMainWindow):
    """The handout panel with File > Print, Save PDF and Batch.

    ``batch_finished`` carries each batch's :class:`~gutskin_desktop.export.batch.BatchResult`
    once it has ended (made, failed rows, or stopped by Cancel).
    """

    batch_finished = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoutWindow")
        self.setWindowTitle("Patient handout - gutskin")
        self.session = session
        self.panel = HandoutPanel(session)
        self.setCentralWidget(self.panel)
        self.resize(1240, 860)
        self.printed_pages = 0
        self.saved: Path | None = None
        self._batch: BatchRun | None = None
        self._actions: dict[str, QAction] = {}
        self._build_actions()
        self.panel.blocked_changed.connect(self._on_blocked)
        self._on_blocked(self.panel.blocked)

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu("&File")
        for name, text, keys, slot in (
                ("actionPrint", "&Print...", QKeySequence.StandardKey.Print, self.print_handout),
                ("actionSavePdf", "&Save PDF...", "Ctrl+Shift+E", self.save_pdf),
                ("actionNextPatient", "&Next Patient", "Ctrl+N", self.next_patient),
                ("actionBatch", "&Batch from CSV...", "Ctrl+B", self.batch),
                ("actionCloseHandout", "&Close", QKeySequence.StandardKey.Close, self.close)):
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.addAction(action)
            self._actions[name] = action
        bar = self.addToolBar("Handout")
        bar.setObjectName("handoutToolbar")
        bar.setMovable(False)
        for name in ("actionPrint", "actionSavePdf", "actionNextPatient", "actionBatch"):
            bar.addAction(self._actions[name])
        self._actions["actionNextPatient"].setToolTip(
            "Clear the patient's name and note for the next handout (clinic details stay)")

    def action(self, name: str) -> QAction:
        """One of the window's actions by its object name."""
        return self._actions[name]

    def _kind(self, purpose: str) -> str:
        return f"handout-{purpose}:{id(self)}"

    def _on_blocked(self, blocked: bool) -> None:
        """Print and Save are off while a detail would not print whole."""
        for name in ("actionPrint", "actionSavePdf"):
            self._actions[name].setEnabled(not blocked)

    def next_patient(self) -> None:
        """Clear the patient's name and note (the clinic's details stay)."""
        self.panel.next_patient()
        self.statusBar().showMessage("Ready for the next patient", 4000)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the panel forgets the patient (the next handout starts clean) and stops
        its previews and any batch (the handouts already made stay; none is left half
        written). A print or a save already asked for still ends."""
        self.panel.next_patient()
        self.panel.stop_rendering()
        if self._batch is not None:
            self._batch.cancel()
        super().closeEvent(event)

    def _blocked(self) -> bool:
        problems = self.panel.problems()
        if problems:
            QMessageBox.warning(self, "Cannot export this handout", "\n".join(problems))
        return bool(problems)

    def print_handout(self) -> None:
        """The system print dialog, then the exact PDF pages at 100% scale (rendered and
        printed off the GUI thread)."""
        if self._blocked():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("printDialog")
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        request = self.panel.request()
        self.statusBar().showMessage("Printing...")
        self.session.renders.submit(
            self._kind("print"), lambda token: _print(request, printer, token), self._printed,
            lambda error: self._failed("Could not print", error), owner=self)

    def _printed(self, pages: int) -> None:
        self.printed_pages = pages
        self.statusBar().showMessage(f"Sent {pages} pages to the printer. Next Patient "
                                     "(Ctrl+N) clears the name and note.", 8000)

    def _failed(self, title: str, error: Exception) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, title, gui_message(error))

    def save_pdf(self) -> None:
        """Ask where, then render and write the handout off the GUI thread."""
        if self._blocked():
            return
        patient = slug(self.panel.fields["patient"].text().strip())
        name = f"{self.panel.current_layout.name}{'-' + patient if patient else ''}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save the handout as PDF", name,
                                              "PDF (*.pdf)")
        if not path:
            return
        request = self.panel.request()
        self.session.renders.submit(
            self._kind("save"), lambda token: write_pdf(request, path, token), self._saved,
            lambda error: self._failed("Could not save", error), owner=self)

    def _saved(self, written: Path) -> None:
        self.saved = written
        self.statusBar().showMessage(f"Saved {written}. Next Patient (Ctrl+N) clears the "
                                     "name and note.", 8000)

    def batch(self) -> None:
        """Handouts for every row of a CSV, checked first, made with a progress bar."""
        if self._batch is not None:
            self._batch.cancel()
            self._batch.deleteLater()
        self._batch = BatchRun(self.session, self.panel.batch_request(), self,
                               kind=self._kind("batch"))
        self._batch.finished.connect(self.batch_finished)
        self._batch.start()


def _print(request: RenderRequest, printer: QPrinter, token: CancelToken) -> int:
    """Render the handout and print it (a job); a print once started is never cut short,
    so no half handout comes out of the printer."""
    pdf = request.render(token).pdf
    token.check()
    return print_pdf(pdf, printer)
