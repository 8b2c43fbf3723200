"""Text for reportlab: escaping, the shared font family and paragraph styles.

reportlab's ``Paragraph`` parses markup, so every piece of content or user text goes
through :func:`escape` first: markup characters become entities and control characters
are dropped, so nothing anyone types can become markup.
"""
from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ..model.fonts import needs_wide, register, register_wide

if TYPE_CHECKING:  # imported when a paragraph is made (the diagram image needs none)
    from reportlab.platypus import Flowable

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def clean(text: str) -> str:
    """Drop control characters (lines are our own blocks) and invisible format
    characters (direction overrides and isolates, zero-width characters, byte-order
    marks, tag characters): nothing prints reversed or as an empty box."""
    if text.isprintable():  # no control or format character (the usual case, quickly)
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


def escape(text: str) -> str:
    """Make any text safe to put inside reportlab paragraph markup (which reportlab reads
    with an HTML parser): control characters dropped, ``&``, ``<`` and ``>`` as
    entities."""
    return html.escape(clean(text), quote=False)


FACES = ("regular", "bold", "italic", "bolditalic")


def _register_family(register_face: Callable[[str], str]) -> dict[str, str]:
    from reportlab.pdfbase.pdfmetrics import registerFontFamily

    names = {face: register_face(face) for face in FACES}
    registerFontFamily(names["regular"], normal=names["regular"], bold=names["bold"],
                       italic=names["italic"], boldItalic=names["bolditalic"])
    return names


@lru_cache(maxsize=1)
def family() -> dict[str, str]:
    """Register the shared TrueType family with reportlab; return face names."""
    return _register_family(register)


@lru_cache(maxsize=1)
def wide_family() -> dict[str, str]:
    """Register DejaVu Sans (for text beyond Vera's letters); return face names."""
    return _register_family(register_wide)


def fit_style(text: str, pstyle: ParagraphStyle) -> ParagraphStyle:
    """The style in DejaVu Sans when the text needs letters Vera lacks."""
    if not needs_wide(text):
        return pstyle
    faces = {v: k for k, v in family().items()}
    wide = wide_family()[faces.get(pstyle.fontName, "regular")]
    return ParagraphStyle(f"{pstyle.name}-wide", parent=pstyle, fontName=wide,
                          bulletFontName=wide_family()["regular"])


def user_paragraph(text: str, pstyle: ParagraphStyle, prefix: str = "") -> Flowable:
    """A paragraph of text someone typed: escaped, in a font that has its letters, and
    in visual order when it holds right-to-left runs. ``prefix`` is our own markup."""
    from reportlab.platypus import Paragraph

    from .bidi import BidiText, has_rtl

    chosen = fit_style(text, pstyle)
    if has_rtl(text):
        return BidiText(clean(text), chosen)
    return Paragraph(prefix + escape(text), chosen)


def style(name: str, size: float, *, leading: float = 1.35, face: str = "regular",
          colour: str = "#1f2d36", align: str = "left", space_before: float = 0.0,
          space_after: float = 0.0, bullet: bool = False) -> ParagraphStyle:
    """A paragraph style in the shared family."""
    from reportlab.lib.colors import HexColor

    fonts = family()
    indent = size * 1.1 if bullet else 0.0
    return ParagraphStyle(name, fontName=fonts[face], fontSize=size, leading=size * leading,
                          textColor=HexColor(colour), alignment=ALIGN[align],
                          spaceBefore=space_before, spaceAfter=space_after,
                          leftIndent=indent, bulletIndent=size * 0.15 if bullet else 0,
                          bulletFontName=fonts["regular"], bulletFontSize=size,
                          allowWidows=0, allowOrphans=0)
