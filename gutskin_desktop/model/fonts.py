"""The shared TrueType family and its metrics, without Qt.

The project sets all text in Bitstream Vera, which ships inside reportlab. The same files
are registered with reportlab here and with Qt's font database by the UI, so text widths
computed here (for node boxes and label positions) match what both renderers draw.
"""
from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .paths import ASSETS

FAMILY = "Bitstream Vera Sans"
WIDE_FAMILY = "DejaVu Sans"
WIDE_FACES = {
    "regular": ("GutskinWide", "DejaVuSans.ttf"),
    "bold": ("GutskinWide-Bold", "DejaVuSans-Bold.ttf"),
    "italic": ("GutskinWide-Italic", "DejaVuSans-Oblique.ttf"),
    "bolditalic": ("GutskinWide-BoldItalic", "DejaVuSans-BoldOblique.ttf"),
}
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


@cache
def register(face: str = "regular") -> str:
    """Register one face with reportlab (once) and return its reportlab font name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name, _ = FACES[face]
    pdfmetrics.registerFont(TTFont(name, str(font_file(face))))
    return name


def wide_file(face: str = "regular") -> Path:
    """The TTF file of one face of the wide family (DejaVu Sans, shipped in data/fonts)."""
    return ASSETS / "fonts" / WIDE_FACES[face][1]


@cache
def register_wide(face: str = "regular") -> str:
    """Register one face of the wide family with reportlab (once); return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name, _ = WIDE_FACES[face]
    pdfmetrics.registerFont(TTFont(name, str(wide_file(face))))
    return name


@lru_cache(maxsize=8)
def covered(face: str = "regular", wide: bool = False) -> frozenset[int]:
    """The code points a face can draw."""
    from reportlab.pdfbase import pdfmetrics

    name = register_wide(face) if wide else register(face)
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def needs_wide(text: str) -> bool:
    """Whether text has characters that Vera lacks (so it is set in DejaVu Sans).

    DejaVu Sans grew out of Bitstream Vera and keeps its Latin letters and metrics, so the
    two read as one family.
    """
    if text.isascii():
        return False
    vera = covered("regular")
    return any(ord(ch) not in vera and ch.isprintable() for ch in text)


def font_for(text: str, face: str = "regular") -> str:
    """The reportlab font name to set ``text`` in: Vera, or DejaVu Sans when needed."""
    return register_wide(face) if needs_wide(text) else register(face)


@cache
def _font(face: str, wide: bool) -> Any:
    """The reportlab font object of a face (for measuring)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    return getFont(register_wide(face) if wide else register(face))


@lru_cache(maxsize=16384)
def text_width(text: str, size: float, face: str = "regular") -> float:
    """The advance width of a line of text, in points."""
    width: float = _font(face, needs_wide(text)).stringWidth(text, size)
    return width


@lru_cache(maxsize=256)
def ascent_descent(size: float, face: str = "regular") -> tuple[float, float]:
    """The font's ascent and (negative) descent at this size, in points."""
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    ascent, descent = getAscentDescent(register(face), size)
    return ascent, descent
