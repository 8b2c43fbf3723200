"""The section panel: the opened node's section as rich text, and the text switch.

The panel shows a heading, paragraphs and lists built from the section's blocks (every
piece of text escaped), and a two-way switch between the plain-language text for patients
and the fuller text for presenters.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sectionPanel")
        self.setAccessibleName("Section text")
        self.section: Section | None = None
        self.kind = "patient"
        self.scale = 1.0
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

    def set_section(self, section: Section | None) -> None:
        """Show a section (None shows the welcome text)."""
        self.section = section
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

    def set_scale(self, scale: float) -> None:
        """Make the type larger (presenter mode) or return it to normal."""
        self.scale = scale
        self._render()

    def _render(self) -> None:
        self.text.setFont(ui_font(BODY_SIZE * self.scale))
        self.text.document().setDefaultStyleSheet(stylesheet(self.scale))
        body = section_html(self.section, self.kind) if self.section else WELCOME
        self.text.setHtml(_heading_styles(body, self.scale))
