"""Slide pages: a step's audience text cut into pages that fit the text box, no scrolling.

While presenting, the audience reads the section's patient text (never the presenter
notes) in large type. :func:`audience_pieces` turns the text into small pieces (a
paragraph, a list item, a heading; a paragraph too long for one page is cut between its
sentences), and :func:`paginate` fills pages with whole pieces, measuring each page with
the same document settings as the text box that shows it. A heading is kept with the
piece after it, and every page repeats the section's title.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

import msgspec
from PySide6.QtGui import QFont, QTextDocument

from ..model import theme
from ..model.content import BulletList, Heading, Section

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Piece(msgspec.Struct, frozen=True):
    """One unit of text a page takes whole: ``kind`` is "p", "li" or "h"; text unescaped."""

    kind: str
    text: str


class SlideLook(msgspec.Struct, frozen=True):
    """The type of a slide page: body size in points, and the title's size."""

    body_pt: float

    @property
    def title_pt(self) -> float:
        return round(self.body_pt * 1.3, 1)

    @property
    def stylesheet(self) -> str:
        gap = self.body_pt * 0.45
        return (f"p {{ margin-top: 0px; margin-bottom: {gap:.0f}px; }}"
                f"li {{ margin-bottom: {gap * 0.6:.0f}px; }}"
                f"ul {{ margin-top: 0px; margin-bottom: {gap:.0f}px; }}")


def audience_pieces(section: Section, own_text: str | None = None) -> list[Piece]:
    """What the audience reads: the box's own short text, then the section's patient text
    (never the presenter notes)."""
    return ([Piece("p", own_text)] if own_text else []) + text_pieces(section, "patient")


def text_pieces(section: Section, kind: str) -> list[Piece]:
    """The section's text for ``kind`` ("patient" or "presenter") as pieces."""
    pieces: list[Piece] = []
    for block in section.blocks(kind):
        if isinstance(block, BulletList):
            pieces.extend(Piece("li", item) for item in block.items)
        elif isinstance(block, Heading):
            pieces.append(Piece("h", block.text))
        else:
            pieces.append(Piece("p", block.text))
    return pieces


def page_html(title: str, pieces: list[Piece], look: SlideLook, continued: bool) -> str:
    """One page: the title (marked as continued after the first page) and its pieces."""
    more = ' <span style="font-weight:normal">(continued)</span>' if continued else ""
    title_style = (f"font-size:{look.title_pt}pt; font-weight:bold; color:{theme.INK};"
                   f" margin-bottom:{look.body_pt * 0.6:.0f}px")
    parts = [f'<p style="{title_style}">{escape(title)}{more}</p>']
    items: list[str] = []
    for piece in [*pieces, Piece("end", "")]:
        if piece.kind == "li":
            items.append(f"<li>{escape(piece.text)}</li>")
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if piece.kind == "h":
            parts.append(f'<p style="font-weight:bold; color:{theme.MUTED_INK}">'
                         f"{escape(piece.text)}</p>")
        elif piece.kind == "p":
            parts.append(f"<p>{escape(piece.text)}</p>")
    return "".join(parts)


def paginate(title: str, pieces: list[Piece], look: SlideLook,
             fits: Callable[[str], bool]) -> list[str]:
    """The pages (HTML) that show every piece once, each page passing ``fits``; a last
    page of one piece takes the piece before it along, when that fits."""
    pages: list[list[Piece]] = []
    current: list[Piece] = []
    for piece in _small_enough(title, pieces, look, fits):
        trial = [*current, piece]
        if not current or fits(page_html(title, trial, look, bool(pages))):
            current = trial
            continue
        carry = [current.pop()] if current[-1].kind == "h" and len(current) > 1 else []
        pages.append(current)
        current = [*carry, piece]
    pages.append(current)
    if len(pages) > 1 and len(pages[-1]) == 1 and len(pages[-2]) > 2:
        moved = [pages[-2][-1], *pages[-1]]
        if fits(page_html(title, moved, look, True)):
            pages[-2:] = [pages[-2][:-1], moved]
    return [page_html(title, page, look, i > 0) for i, page in enumerate(pages)]


def _small_enough(title: str, pieces: list[Piece], look: SlideLook,
                  fits: Callable[[str], bool]) -> list[Piece]:
    """The pieces, with a paragraph too long for a page of its own cut into sentences."""
    out: list[Piece] = []
    for piece in pieces:
        if piece.kind == "p" and not fits(page_html(title, [piece], look, True)):
            out.extend(Piece("p", s) for s in SENTENCE_END.split(piece.text) if s)
        else:
            out.append(piece)
    return out


def measurer(font: QFont, look: SlideLook, margin: float, width: float,
             height: float) -> Callable[[str], bool]:
    """Whether a page's HTML fits a text box of ``width`` by ``height`` pixels, set as
    the box sets it (default font, style sheet and document margin)."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(look.stylesheet)
    document.setDocumentMargin(margin)
    document.setTextWidth(width)

    def fits(html: str) -> bool:
        document.setHtml(html)
        return document.size().height() <= height
    return fits
