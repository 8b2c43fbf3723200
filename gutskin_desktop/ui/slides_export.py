"""File > Export Slides: the guided tour as a 16:9 PDF deck, and its slides as PNGs.

The person chooses the PDF's name, then whether to save each slide as a 1920 x 1080 PNG
too (and the folder). The diagram as it is now and the text chosen in the window (patient
or presenter; presenter adds the presenter notes on pages after the slides) are read on
the GUI thread; the deck is drawn and written by the session's render service, and the
window's status bar says where it went. Errors are shown in plain words.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from ..export.slides import build_deck, deck_pngs, png_names, write_pngs
from ..model.bundle import Bundle
from ..model.storage import write_atomic
from .render_jobs import gui_message
from .render_service import CancelToken
from .session import Session


@dataclass(frozen=True)
class SlidesRequest:
    """What to export, read from the window before the job starts."""

    bundle: Bundle
    text: str
    pdf: str
    png_folder: str | None


def export_slides(session: Session, window: QMainWindow, text: str = "patient") -> None:
    """Ask where to save the slides (and whether to save PNGs too), then export them
    off the GUI thread."""
    path, _ = QFileDialog.getSaveFileName(window, "Export slides",
                                          "gut-brain-skin-slides.pdf", "PDF slides (*.pdf)")
    if not path:
        return
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    folder: str | None = None
    answer = QMessageBox.question(
        window, "Slides as pictures",
        "Also save each slide as a PNG picture (1920 x 1080) for slide software?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer == QMessageBox.StandardButton.Yes:
        folder = QFileDialog.getExistingDirectory(window, "Folder for the slide pictures")
        if not folder:
            return
    request = SlidesRequest(session.bundle, text, path, folder)
    session.renders.submit(
        f"slides:{id(window)}", lambda token: _write_slides(request, token),
        lambda said: window.statusBar().showMessage(said, 8000),
        lambda error: QMessageBox.warning(window, "Could not export the slides",
                                          gui_message(error)),
        owner=window)


def _write_slides(request: SlidesRequest, token: CancelToken) -> str:
    """Draw the deck, then write the PDF and any PNGs (a job); say what was written."""
    deck = build_deck(request.bundle, request.text)
    token.check()
    pngs = deck_pngs(deck, lambda: token.cancelled) if request.png_folder else []
    token.check()
    write_atomic(request.pdf, deck.pdf)
    said = f"Saved {deck.slides} slides to {request.pdf}"
    if request.png_folder:
        write_pngs(request.png_folder, dict(zip(png_names(len(pngs)), pngs, strict=True)))
        said += f" and {len(pngs)} PNG pictures to {request.png_folder}"
    return said
