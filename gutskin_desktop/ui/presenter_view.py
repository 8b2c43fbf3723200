"""What only the presenter sees: the step's presenter notes, the next step and the time.

One :class:`NotesPanel` serves both ways of seeing the notes. With two screens it is a
window of its own on the screen the audience does not see (``presenterView``); with one
screen it is an overlay on the diagram that N shows and hides (``notesOverlay``), hidden
unless asked for. :func:`notes_screen` picks the presenter's screen.
"""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ..model.content import Section
from .qtfonts import ui_font
from .slide_text import SlideLook, page_html, text_pieces

OVERLAY_STYLE = ("QFrame#notesOverlay { background: rgba(255, 255, 255, 244);"
                 " border: 2px solid #2b6a8a; border-radius: 10px; }")


def notes_screen(stage: QScreen | None, screens: Sequence[QScreen]) -> QScreen | None:
    """The screen for the presenter view: one the audience's window is not on, when there
    are two screens or more; None with one screen."""
    if len(screens) < 2:
        return None
    return next((s for s in screens if s is not stage), screens[1])


def elapsed_text(seconds: int) -> str:
    """Elapsed time as the presenter reads it: "Elapsed 4:05", "Elapsed 1:02:09"."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"Elapsed {clock}"


class NotesPanel(QFrame):
    """The step's presenter notes, the next step's name and the elapsed time."""

    def __init__(self, name: str, body_pt: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("Presenter notes")
        self.look = SlideLook(body_pt)
        self.step_title = self._label("notesStep", body_pt * 1.1, bold=True)
        self.notes = QTextBrowser(self)
        self.notes.setObjectName("presenterNotes")
        self.notes.setFrameShape(QFrame.Shape.NoFrame)
        self.notes.setFont(ui_font(body_pt))
        self.notes.document().setDefaultStyleSheet(self.look.stylesheet)
        self.notes.setStyleSheet("background: transparent;")
        self.next_step = self._label("nextStep", body_pt, bold=False)
        self.elapsed = self._label("elapsedTime", body_pt, bold=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.step_title)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.next_step)
        layout.addWidget(self.elapsed)
        self.show_elapsed(0)

    def _label(self, name: str, size: float, bold: bool) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setFont(ui_font(size, bold))
        label.setWordWrap(True)
        return label

    def show_step(self, heading: str, section: Section, next_name: str | None) -> None:
        """Show a step: its heading, its section's presenter text, the next step's name."""
        self.step_title.setText(heading)
        pieces = text_pieces(section, "presenter")
        self.notes.setHtml(page_html(section.title, pieces, self.look, False))
        self.next_step.setText(f"Next: {next_name}" if next_name else "Next: the end")

    def show_elapsed(self, seconds: int) -> None:
        """Show how long the presentation has been running."""
        self.elapsed.setText(elapsed_text(seconds))


def notes_overlay(host: QWidget, body_pt: float) -> NotesPanel:
    """The one-screen notes: a panel over the top right of ``host``, hidden at first."""
    panel = NotesPanel("notesOverlay", body_pt, host)
    panel.setStyleSheet(OVERLAY_STYLE)
    panel.hide()
    return panel


def place_overlay(panel: NotesPanel, host: QWidget) -> None:
    """Put the overlay over the right part of ``host``, clear of its edges."""
    margin = 16
    width = max(320, min(760, int(host.width() * 0.42)))
    panel.setGeometry(host.width() - width - margin, margin, width,
                      max(200, host.height() - 2 * margin))
    panel.raise_()


def presenter_window(screen: QScreen, body_pt: float) -> NotesPanel:
    """The two-screen presenter view: a window of its own filling ``screen``."""
    panel = NotesPanel("presenterView", body_pt)
    panel.setWindowTitle("Presenter view - gutskin")
    panel.setWindowFlag(Qt.WindowType.Window, True)
    panel.setScreen(screen)
    panel.setGeometry(screen.availableGeometry())
    return panel
