"""The bundled TrueType families and their metrics, without Qt.

The project sets text in two families: the sans-serif Bitstream Vera, which ships inside
reportlab (with DejaVu Sans, its wider-reaching descendant, for letters Vera lacks), and
the serif DejaVu Serif, shipped in ``data/fonts`` (DejaVu Sans again stands in for
letters it lacks). The same files are registered with reportlab here and with Qt's font
database by the UI, so text widths computed here (for node boxes and label positions)
match what both renderers draw.

A face is named by a key: ``regular``, ``bold``, ``italic`` or ``bolditalic`` for the
sans-serif family, and the same with ``serif-`` before it (``serif-bold``) for the serif
one; :func:`face_key` makes one from a family and a weight and slant.
"""
from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

from .paths import ASSETS

FontChoice = Literal["sans", "serif"]  # the families a layout or a theme may name
FAMILY = "Bitstream Vera Sans"
WIDE_FAMILY = "DejaVu Sans"
SERIF_FAMILY = "DejaVu Serif"
SERIF = "serif-"  # what a serif face's key starts with
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
SERIF_FACES = {
    "regular": ("GutskinSerif", "DejaVuSerif.ttf"),
    "bold": ("GutskinSerif-Bold", "DejaVuSerif-Bold.ttf"),
    "italic": ("GutskinSerif-Italic", "DejaVuSerif-Italic.ttf"),
    "bolditalic": ("GutskinSerif-BoldItalic", "DejaVuSerif-BoldItalic.ttf"),
}


def face_key(font: str = "sans", bold: bool = False, italic: bool = False) -> str:
    """The key of a face: ``bold``, ``serif-italic``..."""
    weight = ("bold" if bold else "") + ("italic" if italic else "") or "regular"
    return SERIF + weight if font == "serif" else weight


def split_face(face: str) -> tuple[FontChoice, str]:
    """A face key's family and weight: ``serif-bold`` is ``("serif", "bold")``."""
    if face.startswith(SERIF):
        return "serif", face[len(SERIF):]
    return "sans", face


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """The folder holding reportlab's bundled Vera TTF files."""
    import reportlab

    return Path(reportlab.__file__).resolve().parent / "fonts"


def font_file(face: str = "regular") -> Path:
    """The TTF file of a face (``bold``: Vera's; ``serif-bold``: DejaVu Serif's)."""
    font, weight = split_face(face)
    if font == "serif":
        return ASSETS / "fonts" / SERIF_FACES[weight][1]
    return font_dir() / FACES[weight][1]


def _name(face: str) -> str:
    font, weight = split_face(face)
    return (SERIF_FACES if font == "serif" else FACES)[weight][0]


@cache
def register(face: str = "regular") -> str:
    """Register one face with reportlab (once) and return its reportlab font name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = _name(face)
    pdfmetrics.registerFont(TTFont(name, str(font_file(face))))
    return name


def wide_file(face: str = "regular") -> Path:
    """The TTF file of one face of the wide family (DejaVu Sans, shipped in data/fonts)."""
    return ASSETS / "fonts" / WIDE_FACES[split_face(face)[1]][1]


@cache
def register_wide(face: str = "regular") -> str:
    """Register one face of the wide family with reportlab (once); return its name (a
    serif key gives the sans face of the same weight: DejaVu Sans stands in for both)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    weight = split_face(face)[1]
    name, _ = WIDE_FACES[weight]
    pdfmetrics.registerFont(TTFont(name, str(wide_file(weight))))
    return name


@lru_cache(maxsize=16)
def covered(face: str = "regular", wide: bool = False) -> frozenset[int]:
    """The code points a face can draw."""
    from reportlab.pdfbase import pdfmetrics

    name = register_wide(face) if wide else register(face)
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def needs_wide(text: str, face: str = "regular") -> bool:
    """Whether text has characters that the face lacks (so it is set in DejaVu Sans).

    DejaVu Sans grew out of Bitstream Vera and keeps its Latin letters and metrics, so the
    two read as one family; DejaVu Serif shares DejaVu's coverage of Latin, Greek and
    Cyrillic, and DejaVu Sans sets what it lacks (Hebrew and Arabic, say).
    """
    if text.isascii():
        return False
    own = covered(face)
    return any(ord(ch) not in own and ch.isprintable() for ch in text)


def font_for(text: str, face: str = "regular") -> str:
    """The reportlab font name to set ``text`` in: the face's own font, or DejaVu Sans
    when the text needs letters the face lacks."""
    return register_wide(face) if needs_wide(text, face) else register(face)


@cache
def _font(face: str, wide: bool) -> Any:
    """The reportlab font object of a face (for measuring)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    return getFont(register_wide(face) if wide else register(face))


@lru_cache(maxsize=16384)
def text_width(text: str, size: float, face: str = "regular") -> float:
    """The advance width of a line of text, in points."""
    width: float = _font(face, needs_wide(text, face)).stringWidth(text, size)
    return width


@lru_cache(maxsize=256)
def ascent_descent(size: float, face: str = "regular") -> tuple[float, float]:
    """The font's ascent and (negative) descent at this size, in points."""
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    ascent, descent = getAscentDescent(register(face), size)
    return ascent, descent
