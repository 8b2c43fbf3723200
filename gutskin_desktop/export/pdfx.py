"""PDF/X-4 (ISO 15930-7) for a print shop: a canvas that prints in CMYK and writes what
a PDF/X file declares.

:class:`PdfxCanvas` is the export's canvas (:class:`.measure.MeasuringCanvas`) with one
place every colour passes through: reportlab's ``enforceColorSpace`` hook, which the
canvas and every text object call for each colour set, gets :meth:`.cmyk.Inks.cmyk`, so
no colour is written in RGB (theme swatches print in their own CMYK, the rest through the
output profile). Pictures are converted to CMYK before reportlab embeds them, and SVG
drawings and pictograms draw through the same colour calls.

Small dark text and hairlines print in black ink only: each text object's code is read
as it is drawn, and text under :data:`.cmyk.SMALL_TEXT_PT` in a dark colour is given that
colour's black-only form (the colour the text object ends with is set again after it,
so what follows is drawn as before); a line width under :data:`.cmyk.THIN_LINE_PT` (at
the canvas's scale) switches a dark stroke colour to its black-only form, and a wider one
back.

The file is PDF version 1.6 and every page has a TrimBox and BleedBox: the layout's when
it gives them, else the whole page's. On saving, the document gets the output intent,
the XMP metadata and the Info entries of :mod:`.pdfx_metadata`, their ids from a digest
of the pages' content (so ``--deterministic`` output stays byte-identical).
"""
from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Any, ClassVar

from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.utils import ImageReader

from .cmyk import SMALL_TEXT_PT, THIN_LINE_PT, Inks, OutputProfile, our_profile
from .measure import MeasuringCanvas
from .pdfx_metadata import declare

if TYPE_CHECKING:
    from PIL import Image

    from ..model.theme_files import Theme

PDF_VERSION = (1, 6)
DEFAULT_FILL = "0 g"  # a page's fill colour until one is set: black, on the black plate
_TOKEN = re.compile(r"""\s*(
      \((?:\\.|[^\\()])*\)                               # a string (reportlab escapes its
    | <[0-9A-Fa-f\s]*>                                   #   parentheses), a hex string,
    | \[(?:\((?:\\.|[^\\()])*\)|<[^>]*>|[^\]()<])*\]     #   an array (of TJ),
    | /[^\s/\[\]()<>{}%]+                                #   a name, a number
    | [-+]?(?:\d+\.?\d*|\.\d+)
    | [A-Za-z'"*]+                                       #   or an operator
    )""", re.VERBOSE | re.DOTALL)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)")
_SHOWS = {"Tj", "TJ", "'", '"'}
_FILLS = {"k", "g", "rg", "sc", "scn", "cs"}


class PdfxCanvas(MeasuringCanvas):
    """The export's canvas for PDF/X-4: CMYK only, black-only small type and
    hairlines, and the file's PDF/X declarations on saving."""

    # the colours as written (reportlab saves and restores them with its own state)
    STATE_ATTRIBUTES: ClassVar[list[str]] = [
        *MeasuringCanvas.STATE_ATTRIBUTES, "_ink_fill", "_ink_stroke", "_ink_stroke_sent"]
    _trimBox: tuple[float, ...] | None  # reportlab's page boxes
    _bleedBox: tuple[float, ...] | None

    def __init__(self, *args: Any, inks: Inks, **kwargs: Any) -> None:
        self.inks = inks
        self._content = hashlib.sha256()
        self._pictures: dict[object, ImageReader] = {}  # by file name, or by the object...
        self._picture_sources: list[object] = []  # ... kept, so that its id stays its own
        kwargs.update(pdfVersion=PDF_VERSION, enforceColorSpace=inks.cmyk)
        super().__init__(*args, **kwargs)

    def init_graphics_state(self) -> None:
        super().init_graphics_state()
        self._ink_fill: str | None = DEFAULT_FILL  # the fill colour's operator, as written
        self._ink_stroke: str | None = None  # the stroke colour's operands, as set
        self._ink_stroke_sent: str | None = None  # ... and as written (black-only or not)

    # -- colours ----------------------------------------------------------------------

    def setFillColor(self, aColor: Any, alpha: Any = None) -> None:  # reportlab's names
        colour = self.inks.cmyk(aColor)
        super().setFillColor(colour, alpha)
        self._ink_fill = _cmyk_operands(colour, "k")

    def setFillGray(self, gray: float, alpha: Any = None) -> None:
        super().setFillGray(gray, alpha)
        self._ink_fill = f"{fp_str(gray)} g"

    def setStrokeColor(self, aColor: Any, alpha: Any = None) -> None:
        colour = self.inks.cmyk(aColor)
        self._ink_stroke = _cmyk_operands(colour, "")
        black = self._black_stroke()
        if black is not None:
            c, m, y, k = (float(v) for v in black.split())
            colour = CMYKColor(c, m, y, k, alpha=getattr(colour, "alpha", None))
        super().setStrokeColor(colour, alpha)
        self._ink_stroke_sent = black or self._ink_stroke

    def setStrokeGray(self, gray: float, alpha: Any = None) -> None:
        super().setStrokeGray(gray, alpha)
        self._ink_stroke = self._ink_stroke_sent = None

    def setLineWidth(self, width: float) -> None:
        super().setLineWidth(width)
        if self._ink_stroke is None:
            return
        wanted = self._black_stroke() or self._ink_stroke
        if wanted != self._ink_stroke_sent:
            self._code.append(f"{wanted} K")
            self._ink_stroke_sent = wanted

    def _black_stroke(self) -> str | None:
        """The stroke colour's black-only operands when lines are this thin, else None."""
        if self._ink_stroke is None or self._lineWidth * _scale(self._currentMatrix) \
                >= THIN_LINE_PT:
            return None
        return self.inks.k_only(self._ink_stroke)

    def drawText(self, aTextObject: Any) -> None:  # reportlab's names; a PDFTextObject
        code, self._ink_fill = black_small_text(str(aTextObject.getCode()), self._ink_fill,
                                                float(self._fontsize), self.inks)
        super().drawText(_Coded(code, aTextObject._fontsize))

    # -- pictures -----------------------------------------------------------------------

    def drawImage(self, image: Any, x: float, y: float, width: float | None = None,
                  height: float | None = None, mask: Any = None,
                  *args: Any, **kwargs: Any) -> Any:
        """Draw a picture converted to CMYK (once per file or picture per export); its
        transparency is kept (``mask="auto"``), a mask of RGB values has no meaning in
        CMYK and is dropped."""
        return super().drawImage(self._cmyk_image(image), x, y, width, height,
                                 "auto" if mask == "auto" else None, *args, **kwargs)

    def drawInlineImage(self, image: Any, x: float, y: float, width: float | None = None,
                        height: float | None = None, preserveAspectRatio: bool = False,
                        anchor: str = "c", anchorAtXY: bool = False,
                        showBoundary: bool = False, extraReturn: Any = None) -> Any:
        """Inline pictures are drawn as image objects, converted like the others."""
        return self.drawImage(image, x, y, width, height, "auto", preserveAspectRatio,
                              anchor, anchorAtXY, showBoundary, extraReturn)

    def _cmyk_image(self, image: Any) -> ImageReader:
        """A picture (a file name, a PIL image or an ImageReader) in CMYK, converted
        once."""
        key = image if isinstance(image, str) else id(image)
        if key not in self._pictures:
            source = image if isinstance(image, ImageReader) else ImageReader(image)
            self._pictures[key] = _CmykReader(*self.inks.image(source._image))
            self._picture_sources.append(image)
        return self._pictures[key]

    # -- pages and the document ---------------------------------------------------------

    def showPage(self) -> None:
        """End a page, with a TrimBox and BleedBox (the whole page's when the layout
        gives none)."""
        self._content.update("\n".join(self._code).encode("utf-8", "replace"))
        given = self._trimBox, self._bleedBox
        whole = (0, 0, *self._pagesize)
        self._trimBox = self._trimBox or whole
        self._bleedBox = self._bleedBox or self._trimBox
        super().showPage()
        self._trimBox, self._bleedBox = given

    def endForm(self, **extra_attributes: Any) -> None:
        self._content.update("\n".join(self._code).encode("utf-8", "replace"))
        super().endForm(**extra_attributes)

    def save(self) -> None:
        """Write the PDF, with its output intent, XMP metadata and PDF/X Info entries."""
        if self._code:
            self.showPage()
        declare(self._doc, self.inks.profile, self._content.digest())
        super().save()


class _Coded:
    """A text object's code, changed, for the canvas to write (what it reads of one)."""

    def __init__(self, code: str, size: float) -> None:
        self.code, self._fontsize = code, size

    def getCode(self) -> str:
        return self.code


class _CmykReader(ImageReader):  # type: ignore[misc]  # reportlab ships no types
    """A CMYK (or grey) picture for reportlab, with its transparency as a soft mask."""

    _data: bytes | None  # reportlab's: the pixels, once read

    def __init__(self, image: Image.Image, alpha: Image.Image | None) -> None:
        super().__init__(image)
        self._alpha = alpha

    def getRGBData(self) -> Any:  # reportlab's name: the pixels, whatever their colours
        if self._data is None:
            self.mode = self._image.mode
            self._data = self._image.tobytes()
            self._dataA = ImageReader(self._alpha) if self._alpha is not None else None
        return self._data


def _cmyk_operands(colour: Any, operator: str) -> str | None:
    """A CMYK colour's operands (and ``operator``) as reportlab writes them; None for
    a spot colour."""
    if isinstance(colour, CMYKColorSep) or not hasattr(colour, "cyan"):
        return None
    d = colour.density
    text = str(fp_str(d * colour.cyan, d * colour.magenta, d * colour.yellow,
                      d * colour.black))
    return f"{text} {operator}" if operator else text


def _scale(matrix: tuple[float, ...]) -> float:
    """How much the current transformation scales a length (on average)."""
    a, b, c, d = matrix[:4]
    return float(abs(a * d - b * c) ** 0.5)


# -- small text in black ---------------------------------------------------------------

def _operations(code: str) -> list[tuple[int, int, list[str], str]] | None:
    """Each operation in a text object's code: where it starts and ends, its operands
    and its operator; None when the code cannot be read token by token."""
    out: list[tuple[int, int, list[str], str]] = []
    args: list[str] = []
    start = pos = 0
    while pos < len(code):
        match = _TOKEN.match(code, pos)
        if match is None:
            if code[pos:].strip():
                return None
            break
        token = match.group(1)
        if not args:
            start = match.start(1)
        pos = match.end()
        if token[0].isalpha() or token in ("'", '"'):
            out.append((start, pos, args, token))
            args = []
        else:
            args.append(token)
    return out


def black_small_text(code: str, fill: str | None, size: float,
                     inks: Inks) -> tuple[str, str | None]:
    """A text object's code with its small dark text in black ink only, and the fill
    colour it leaves set. ``fill`` is the colour set when the text object starts and
    ``size`` the font size; each ``Tf`` changes the size and each fill operator the
    colour, which is written only where text needs it, in black when the text is small."""
    operations = _operations(code)
    if operations is None:
        return code, None  # unread: the colour it leaves is unknown
    parts: list[str] = []
    wanted = sent = fill
    for start, end, args, operator in operations:
        if operator in _FILLS:
            if operator in ("sc", "scn", "cs"):  # a spot colour: as it is, where it is
                parts.append(code[start:end])
                wanted = sent = None
            else:
                wanted = " ".join([*args, operator])
            continue
        if operator == "Tf" and args and _NUMBER.fullmatch(args[-1]):
            size = float(args[-1])
        elif operator in _SHOWS:
            black = _black(wanted, size, inks)
            if black != sent and black is not None:
                parts.append(black)
                sent = black
        elif operator == "ET" and wanted != sent and wanted is not None:
            parts.append(wanted)  # what follows the text sees the colour it set
            sent = wanted
        parts.append(code[start:end])
    if wanted != sent and wanted is not None:
        parts.append(wanted)
    return " ".join(parts), wanted


def _black(fill: str | None, size: float, inks: Inks) -> str | None:
    """The fill operator text at this size is written in: black-only when small and
    dark."""
    if fill is None or size >= SMALL_TEXT_PT or not fill.endswith(" k"):
        return fill
    black = inks.k_only(fill[:-2])
    return f"{black} k" if black is not None else fill


def pdfx_canvas(buffer: Any, profile: OutputProfile | None, theme: Theme | None,
                **kwargs: Any) -> PdfxCanvas:
    """A PDF/X canvas printing through ``profile`` (the app's own when None), the theme's
    swatches in their own CMYK."""
    return PdfxCanvas(buffer, inks=Inks(profile or our_profile(), theme), **kwargs)
