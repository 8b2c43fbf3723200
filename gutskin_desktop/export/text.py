"""Text for reportlab: escaping, the bundled font families and paragraph styles.

reportlab's ``Paragraph`` parses markup, so every piece of content or user text goes
through :func:`escape` first: markup characters become entities and control characters
are dropped, so nothing anyone types can become markup.

Styles are set in the sans-serif family (Vera) or the serif one (DejaVu Serif), each
registered as a family so that ``<b>`` and ``<i>`` in a paragraph pick its own faces.
"""
from __future__ import annotations

import _thread
import html
import unicodedata
from collections.abc import Callable
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics as _pdfmetrics
from reportlab.pdfbase.pdfmetrics import standardFonts

from ..model import fonts as model_fonts
from ..model.fonts import FACES as VERA_FACES
from ..model.fonts import (
    SERIF,
    SERIF_FACES,
    face_name,
    needs_wide,
    register,
    register_wide,
    split_face,
    wide_name,
)
from .font_codes import install as _install_font_codes
from .pdf_format import install as _install_pdf_format
from .plain_parse import install as _install_plain_parse
from .write_cache import install as _install_write_cache

if TYPE_CHECKING:  # imported when a paragraph is made (the diagram image needs none)
    from reportlab.platypus.flowables import Flowable

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}

_install_font_codes()  # text set in our fonts turned into codes quickly (.font_codes)
_install_write_cache()  # compressed streams and font subsets made once (.write_cache)
_install_pdf_format()  # numbers, names and plain strings written quickly (.pdf_format)
_install_plain_parse()  # text without markup parsed without the HTML parser (.plain_parse)


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

#: Faces made known to reportlab but not read yet: font name -> what registers it and
#: its family's faces.
_LATER: dict[str, tuple[Callable[[], str], dict[str, str]]] = {}
_later_lock = _thread.allocate_lock()


def _as_family(names: dict[str, str]) -> None:
    """Tell reportlab that these four faces are one family's (``<b>``, ``<i>``)."""
    _pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"],
                                   bold=names["bold"], italic=names["italic"],
                                   boldItalic=names["bolditalic"])


def _register_family(register_face: Callable[[str], str],
                     name_of: Callable[[str], str]) -> dict[str, str]:
    """Make a family's four faces known to reportlab as one family (for ``<b>`` and
    ``<i>``). In a command-line job each face's file is read when reportlab first asks
    for the face (:func:`_find_font`), so a face no text is set in is never read."""
    if not model_fonts.faces_when_asked:  # read now (see model.fonts.faces_when_asked)
        names = {face: register_face(face) for face in FACES}
        _as_family(names)
        return names
    names = {face: name_of(face) for face in FACES}
    with _later_lock:
        for face, name in names.items():
            _LATER.setdefault(name, (partial(register_face, face), names))
    _as_family(names)
    return names


def _find_font(name: str) -> Any:
    """``pdfmetrics.findFontAndRegister``, which reportlab calls for a font name it has
    no font for: one of our faces not read yet is read and registered now (a speed
    trick: parsing a TrueType face takes about 1 ms, and most pages use three of a
    family's four faces); any other name is reportlab's to find. Registering a face
    makes reportlab take it for a family of its own, so the face's family is told
    again afterwards."""
    with _later_lock:  # another thread asking for the same face waits for it
        later = _LATER.pop(name, None)
        if later is not None:
            register_face, names = later
            register_face()
            _as_family(names)
    if name in _pdfmetrics.getRegisteredFontNames():
        return _pdfmetrics.getFont(name)
    return _usual_find_font(name)


_usual_find_font: Callable[[str], Any] = getattr(
    _pdfmetrics.findFontAndRegister, "__wrapped__", _pdfmetrics.findFontAndRegister)
_find_font.__wrapped__ = _usual_find_font  # type: ignore[attr-defined]
_pdfmetrics.findFontAndRegister = _find_font  # our faces read when first asked for


def read_faces(names: dict[str, str]) -> None:
    """Read and register a family's faces now (before worker processes are forked, so
    that each does not read them again)."""
    for name in names.values():
        _pdfmetrics.getFont(name)


@lru_cache(maxsize=1)
def family() -> dict[str, str]:
    """Make the shared TrueType family known to reportlab; return face names."""
    return _register_family(register, face_name)


@lru_cache(maxsize=1)
def serif_family() -> dict[str, str]:
    """Make DejaVu Serif known to reportlab; return face names (by weight, as
    :func:`family`)."""
    return _register_family(lambda weight: register(SERIF + weight),
                            lambda weight: face_name(SERIF + weight))


def faces(font: str = "sans") -> dict[str, str]:
    """The reportlab names of a family's faces (``sans`` or ``serif``), by weight."""
    return serif_family() if font == "serif" else family()


@lru_cache(maxsize=1)
def wide_family() -> dict[str, str]:
    """Make DejaVu Sans (for text beyond Vera's letters) known to reportlab; return face
    names."""
    return _register_family(register_wide, wide_name)


_FACE_KEYS = {**{name: weight for weight, (name, _) in VERA_FACES.items()},
              **{name: SERIF + weight for weight, (name, _) in SERIF_FACES.items()}}


def fit_style(text: str, pstyle: ParagraphStyle) -> ParagraphStyle:
    """The style in DejaVu Sans when the text needs letters its font lacks."""
    face = _FACE_KEYS.get(pstyle.fontName, "regular")
    if not needs_wide(text, face):
        return pstyle
    wide = wide_family()[split_face(face)[1]]
    return ParagraphStyle(f"{pstyle.name}-wide", parent=pstyle, fontName=wide,
                          bulletFontName=wide_family()["regular"])


def user_paragraph(text: str, pstyle: ParagraphStyle, prefix: str = "") -> Flowable:
    """A paragraph of text someone typed: escaped, in a font that has its letters, and
    in visual order when it holds right-to-left runs; the line breaks typed in it (in a
    callout, say) break its lines. ``prefix`` is our own markup."""
    from .bidi import BidiText, has_rtl
    from .row_cache import paragraph

    chosen = fit_style(text, pstyle)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    if has_rtl(text):
        return BidiText("\n".join(clean(line) for line in lines), chosen)
    return paragraph(prefix + "<br/>".join(escape(line) for line in lines), chosen)


def style(name: str, size: float, *, leading: float = 1.35, face: str = "regular",
          colour: str = "#1f2d36", align: str = "left", space_before: float = 0.0,
          space_after: float = 0.0, bullet: bool = False, font: str = "sans") -> ParagraphStyle:
    """A paragraph style in one of the bundled families (``font``: sans or serif) and
    one of its faces (``face``: regular, bold, italic or bolditalic)."""
    from reportlab.lib.colors import HexColor

    fonts = faces(font)
    indent = size * 1.1 if bullet else 0.0
    return ParagraphStyle(name, fontName=fonts[face], fontSize=size, leading=size * leading,
                          textColor=HexColor(colour), alignment=ALIGN[align],
                          spaceBefore=space_before, spaceAfter=space_after,
                          leftIndent=indent, bulletIndent=size * 0.15 if bullet else 0,
                          bulletFontName=fonts["regular"], bulletFontSize=size,
                          allowWidows=0, allowOrphans=0)


def embedded_face(name: str) -> str:
    """The project's face for one of reportlab's standard fonts (Times in the serif
    family, the rest in the sans), by weight and slant; any other font as it is."""
    if name not in standardFonts:
        return name
    bold, italic = "Bold" in name, any(s in name for s in ("Italic", "Oblique"))
    weight = ("bold" if bold else "") + ("italic" if italic else "") or "regular"
    return faces("serif" if name.startswith("Times") else "sans")[weight]
