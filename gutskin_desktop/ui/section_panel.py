"""The section panel: the opened node's section as rich text, and the text switch.

The panel shows a heading, paragraphs and lists built from the section's blocks (every
piece of text escaped), and a two-way switch between the plain-language text for patients
and the fuller text for presenters.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..model import theme
from ..model.content import BulletList, Heading, Section
from .qtfonts import ui_font

if TYPE_CHECKING:  # start-up speed: slide pages are made when presenting starts
    from .slide_text import SlideLook

WELCOME = ("<h1>Explore the gut-brain-skin axis</h1>"
           "<p>Click a box in the diagram to read about that part of the story.</p>"
           "<p>With the keyboard: <b>Tab</b> or the arrow keys move between boxes, "
           "<b>Enter</b> opens one, <b>Esc</b> clears. Press <b>F5</b> to present.</p>")
BODY_SIZE = 11.5
KIND_LABELS = {"patient": "For patients", "presenter": "For presenters"}


def section_html(section: Section, kind: str) -> str:
    """The section's title and chosen text as HTML, every piece of text escaped."""
    parts = [f"<h1>{escape(section.title)}</h1>"]
    for block in section.blocks(kind):
        if isinstance(block, BulletList):
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        elif isinstance(block, Heading):
            parts.append(f"<h2>{escape(block.text)}</h2>")
        else:
            parts.append(f"<p>{escape(block.text)}</p>")
    return "".join(parts)


def stylesheet(scale: float) -> str:
    """The text's style sheet, with every spacing multiplied by ``scale``."""
    return (f"p {{ margin-top: {4 * scale:.0f}px; margin-bottom: {8 * scale:.0f}px; }}"
            f"li {{ margin-bottom: {4 * scale:.0f}px; }}")


def _heading_styles(html: str, scale: float) -> str:
    """Set headings as styled paragraphs: Qt scales its own heading tags unpredictably."""
    h1 = (f"font-size:{round(16 * scale)}pt; font-weight:bold; color:{theme.INK};"
          f" margin-top:{4 * scale:.0f}px; margin-bottom:{10 * scale:.0f}px")
    h2 = (f"font-size:{round(12.5 * scale)}pt; font-weight:bold; color:{theme.MUTED_INK};"
          f" margin-top:{10 * scale:.0f}px")
    for tag, style in (("h1", h1), ("h2", h2)):
        html = html.replace(f"<{tag}>", f'<p style="{style}">').replace(f"</{tag}>", "</p>")
    return html


class SectionPanel(QWidget):
    """The panel beside the diagram that reads the opened node's section."""

    kind_changed = Signal(str)
    page_changed = Signal(int, int)  # slide page shown (from 0) and how many (presenting)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sectionPanel")
        self.setAccessibleName("Section text")
        self.section: Section | None = None
        self.own_text: str | None = None
        self.kind = "patient"
        self.scale = 1.0
        self.slide_look: SlideLook | None = None  # presenting: the text as slide pages
        self.pages: list[str] = []
        self.page = 0
        self.text = QTextBrowser(self)
        self.text.setObjectName("sectionText")
        self.text.setAccessibleName("Section text")
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.text.document().setDocumentMargin(10)
        self.buttons: dict[str, QToolButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._switch_row())
        layout.addWidget(self.text, 1)
        self._render()

    def _switch_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("Text:")
        label.setObjectName("textSwitchLabel")
        row.addWidget(label)
        for kind, text in KIND_LABELS.items():
            button = QToolButton(self)
            button.setObjectName(f"text{kind.title()}")
            button.setText(text)
            button.setCheckable(True)
            button.setAccessibleName(f"Show the text {text.lower()}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self._group.addButton(button)
            self.buttons[kind] = button
            row.addWidget(button)
            button.toggled.connect(lambda on, k=kind: self._on_switch(k, on))
        row.addStretch(1)
        self.buttons[self.kind].setChecked(True)
        return row

    def _on_switch(self, kind: str, on: bool) -> None:
        if on:
            self.set_kind(kind)

    def set_section(self, section: Section | None, own_text: str | None = None) -> None:
        """Show a section (None shows the welcome text), after the opened box's own short
        text when it has one."""
        self.section, self.own_text = section, own_text
        self.page = 0
        self._render()

    def set_kind(self, kind: str) -> None:
        """Switch between the patient and the presenter text."""
        if kind not in KIND_LABELS:
            raise ValueError(f"unknown text kind {kind!r}")
        self.buttons[kind].setChecked(True)
        if kind == self.kind:
            return
        self.kind = kind
        self._render()
        self.kind_changed.emit(kind)

    def set_slides(self, body_pt: float | None) -> None:
        """Show the audience's text as slide pages in large type with no scrollbar and
        no switch (presenting), or go back to the normal panel (None)."""
        was = self.slide_look is not None
        if body_pt:
            from .slide_text import SlideLook

            self.slide_look = SlideLook(body_pt)
        else:
            self.slide_look = None
        presenting = self.slide_look is not None
        label = self.findChild(QLabel, "textSwitchLabel")
        for widget in (*self.buttons.values(), *([label] if label else [])):
            widget.setVisible(not presenting)
        self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff
                                             if presenting else
                                             Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        side, top = (72, 4) if presenting else (16, 12)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(side, top, side, top)
        if presenting != was:
            self.page = 0
        self._render()

    def turn_page(self, step: int) -> bool:
        """Show the next (1) or the previous (-1) slide page; False when there is none."""
        target = self.page + step
        if self.slide_look is None or not 0 <= target < len(self.pages):
            return False
        self.page = target
        self._show_page()
        return True

    def show_last_page(self) -> None:
        """Show the step's last slide page (coming back from the next step)."""
        self.page = max(0, len(self.pages) - 1)
        self._show_page()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.slide_look is not None:
            self._render()

    def _render_slides(self, look: SlideLook) -> None:
        from .slide_text import audience_pieces, measurer, paginate

        font = ui_font(look.body_pt)
        self.text.setFont(font)
        self.text.document().setDefaultStyleSheet(look.stylesheet)
        if self.section is None:
            self.pages = [WELCOME]
        else:
            port = self.text.viewport()
            fits = measurer(font, look, self.text.document().documentMargin(),
                            port.width(), port.height() - 2)
            pieces = audience_pieces(self.section, self.own_text)
            self.pages = paginate(self.section.title, pieces, look, fits)
        self.page = min(self.page, len(self.pages) - 1)
        self._show_page()

    def _show_page(self) -> None:
        self.text.setHtml(self.pages[self.page])
        self.page_changed.emit(self.page, len(self.pages))

    def _render(self) -> None:
        if self.slide_look is not None:
            self._render_slides(self.slide_look)
            return
        self.text.setFont(ui_font(BODY_SIZE * self.scale))
        self.text.document().setDefaultStyleSheet(stylesheet(self.scale))
        body = section_html(self.section, self.kind) if self.section else WELCOME
        if self.section and self.own_text:  # the box's own words, under the title
            body = body.replace("</h1>", f"</h1><p><b>{escape(self.own_text)}</b></p>", 1)
        self.text.setHtml(_heading_styles(body, self.scale))
