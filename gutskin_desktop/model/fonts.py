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

The measures (widths, ascent and descent, the characters a face covers) are read from the
TTF files by :mod:`.font_metrics`, which gives reportlab's numbers without importing
reportlab: the main window is painted before reportlab is needed. reportlab is imported
only to register a face for drawing (:func:`register`, :func:`font_for`).
"""
from __future__ import annotations

from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Literal

from .font_metrics import FaceMetrics, read_face
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
    """The folder holding reportlab's bundled Vera TTF files (found without importing
    reportlab, whose import the main window's first paint does without)."""
    spec = find_spec("reportlab")
    for place in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(place).resolve() / "fonts"
        if (folder / FACES["regular"][1]).is_file():
            return folder
    import reportlab  # a packaging whose finder names no folder: ask the package itself

    return Path(reportlab.__file__).resolve().parent / "fonts"


def font_file(face: str = "regular") -> Path:
    """The TTF file of a face (``bold``: Vera's; ``serif-bold``: DejaVu Serif's)."""
    font, weight = split_face(face)
    if font == "serif":
        return ASSETS / "fonts" / SERIF_FACES[weight][1]
    return font_dir() / FACES[weight][1]


#: Whether the export reads a face's file only when reportlab first asks for the face
#: (``export/text.py``): set by the command line's jobs (``cli.run``), which render in
#: one thread. The app, whose previews render in several, reads a family's four faces
#: when the family is first used, so that no render sees a face half registered.
faces_when_asked = False


def face_name(face: str) -> str:
    """The reportlab font name of a face (``bold``: Vera's; ``serif-bold``: DejaVu
    Serif's), without registering it."""
    font, weight = split_face(face)
    return (SERIF_FACES if font == "serif" else FACES)[weight][0]


def wide_name(face: str = "regular") -> str:
    """The reportlab font name of the wide family's face of the same weight."""
    return WIDE_FACES[split_face(face)[1]][0]


@cache
def register(face: str = "regular") -> str:
    """Register one face with reportlab (once) and return its reportlab font name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = face_name(face)
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


def metrics(face: str = "regular", wide: bool = False) -> FaceMetrics:
    """A face's measures (``wide``: those of the DejaVu Sans face standing in for it),
    read from its file once (however the arguments are given)."""
    return _metrics(face, wide)


@cache
def _metrics(face: str, wide: bool) -> FaceMetrics:
    return read_face(wide_file(face) if wide else font_file(face))


def covered(face: str = "regular", wide: bool = False) -> frozenset[int]:
    """The code points a face can draw."""
    return metrics(face, wide).covered


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


@lru_cache(maxsize=16384)
def text_width(text: str, size: float, face: str = "regular") -> float:
    """The advance width of a line of text, in points (reportlab's stringWidth for the
    font :func:`font_for` picks)."""
    return metrics(face, needs_wide(text, face)).string_width(text, size)


@lru_cache(maxsize=256)
def ascent_descent(size: float, face: str = "regular") -> tuple[float, float]:
    """The font's ascent and (negative) descent at this size, in points (reportlab's
    getAscentDescent)."""
    face_metrics = metrics(face)
    if not size:  # reportlab gives the unscaled figures for no size
        return face_metrics.ascent, face_metrics.descent
    norm = size / 1000.0
    return face_metrics.ascent * norm, face_metrics.descent * norm
