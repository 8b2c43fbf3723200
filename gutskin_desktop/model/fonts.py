"""The shared TrueType family and its metrics, without Qt.

The project sets all text in Bitstream Vera, which ships inside reportlab. The same files
are registered with reportlab here and with Qt's font database by the UI, so text widths
computed here (for node boxes and label positions) match what both renderers draw.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FAMILY = "Bitstream Vera Sans"
FACES = {
    "regular": ("GutskinVera", "Vera.ttf"),
    "bold": ("GutskinVera-Bold", "VeraBd.ttf"),
    "italic": ("GutskinVera-Italic", "VeraIt.ttf"),
    "bolditalic": ("GutskinVera-BoldItalic", "VeraBI.ttf"),
}


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """The folder holding reportlab's bundled Vera TTF files."""
    import reportlab

    return Path(reportlab.__file__).resolve().parent / "fonts"


def font_file(face: str = "regular") -> Path:
    """The TTF file of one face of the shared family."""
    return font_dir() / FACES[face][1]


@lru_cache(maxsize=None)
def register(face: str = "regular") -> str:
    """Register one face with reportlab (once) and return its reportlab font name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name, _ = FACES[face]
    pdfmetrics.registerFont(TTFont(name, str(font_file(face))))
    return name


@lru_cache(maxsize=16384)
def text_width(text: str, size: float, face: str = "regular") -> float:
    """The advance width of a line of text, in points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, register(face), size)


def ascent_descent(size: float, face: str = "regular") -> tuple[float, float]:
    """The font's ascent and (negative) descent at this size, in points."""
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    return getAscentDescent(register(face), size)
