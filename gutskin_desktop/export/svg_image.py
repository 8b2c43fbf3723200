"""SVG drawings on the PDF page, as vectors: read safely, converted by svglib, drawn fitted.

The file is read and checked by :func:`..model.images.svg_root` (our own lxml parser: no
DTD, no entities, no network, no references out of the file, limits on size and
elements); svglib then turns that checked tree into a reportlab ``Drawing``. svglib's own
file reader is never used, so nothing it would fetch can be reached. Text in a drawing is
set in the project's own type family (whatever font it names), so a drawing prints the
same on every computer and svglib never looks for system fonts. svglib's log messages
about SVG features it leaves out are kept off the terminal.

A drawing is converted once per file per export (the image painter keeps it) and drawn
fitted inside a rectangle, keeping its shape, centred::

    drawing = svg_drawing(layout.name, "blocks[3].path", path)
    draw_fitted(canvas, drawing, x, y, w, h)
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.platypus.flowables import Flowable

from ..model.errors import LoadError
from ..model.files import open_regular
from ..model.images import looks_like_svg, svg_root
from .text import family

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing
    from reportlab.pdfgen.canvas import Canvas

_fonts: Any = None  # project_fonts(), once made


def _quiet_svglib() -> None:
    """Keep svglib's messages ("unsupported element" and the like: nothing a person can
    act on) off the terminal. Done where svglib is first used, which is the only place
    ``logging`` is needed: a handout without drawings never imports it (about 3 ms of an
    export, with ``traceback`` and ``tokenize``)."""
    import logging

    quiet = logging.getLogger("svglib")
    if not quiet.handlers:
        quiet.addHandler(logging.NullHandler())
    quiet.propagate = False


def project_fonts() -> Any:
    """svglib's font map for our drawings: every family a drawing names is set in the
    project's family, in the face its weight and style ask for (no font files or system
    font look-ups). Made on first use: svglib loads only when a drawing is printed."""
    global _fonts
    if _fonts is None:
        _quiet_svglib()
        from svglib.fonts import FontMap

        class ProjectFonts(FontMap):
            def find_font(self, font_name: str, weight: str = "normal",
                          style: str = "normal") -> tuple[str, bool]:
                w = weight.strip().lower()
                bold = w in ("bold", "bolder") or (w.isdigit() and int(w) >= 600)
                italic = style.strip().lower() in ("italic", "oblique")
                face = ("bold" if bold else "") + ("italic" if italic else "")
                return family()[face or "regular"], True

        _fonts = ProjectFonts()
    return _fonts


def is_svg_file(path: Path) -> bool:
    """Whether a (checked) image file holds an SVG drawing, by its first bytes."""
    try:
        with open_regular(path) as file:
            return looks_like_svg(file.read(512))
    except LoadError:
        return False


def svg_drawing(path: str | Path, where: str, image: Path) -> Drawing:
    """The SVG drawing in ``image`` as a reportlab Drawing; LoadError naming the file
    that refers to it (``path``), the field, the drawing and the reason when it is unsafe
    or cannot be converted."""
    _quiet_svglib()
    from svglib.svglib import SvgRenderer

    tree = svg_root(path, where, image)
    try:
        renderer = SvgRenderer(str(image), font_map=project_fonts())
        drawing: Drawing = renderer.render(tree.root)
    except Exception as exc:  # svglib on a file someone made: any failure is the file's
        raise LoadError(path, where, f"{image.name}: the SVG drawing cannot be drawn "
                                     f"({type(exc).__name__}: {exc})") from None
    if not (drawing.width > 0 and drawing.height > 0):
        raise LoadError(path, where, f"{image.name}: the SVG drawing has no size")
    return drawing


def fitted(drawing: Drawing, w: float, h: float) -> tuple[float, float, float]:
    """The scale that fits a drawing inside ``w`` x ``h`` keeping its shape, and the
    width and height it then has."""
    scale = min(w / drawing.width, h / drawing.height)
    return scale, drawing.width * scale, drawing.height * scale


def draw_fitted(canvas: Canvas, drawing: Drawing, x: float, y: float, w: float,
                h: float) -> None:
    """Draw a drawing as large as fits in the rectangle (PDF points, (x, y) its
    bottom-left corner), keeping its shape, centred."""
    from reportlab.graphics import renderPDF

    scale, dw, dh = fitted(drawing, w, h)
    canvas.saveState()
    canvas.translate(x + (w - dw) / 2, y + (h - dh) / 2)
    canvas.scale(scale, scale)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.restoreState()


class SvgFlowable(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """A drawing in a flow of text (the clinic's logo), as large as fits in ``width`` x
    ``height`` keeping its shape, aligned right like a picture in a table cell."""

    def __init__(self, drawing: Drawing, width: float, height: float) -> None:
        super().__init__()
        self.drawing = drawing
        _, self.width, self.height = fitted(drawing, width, height)
        self.hAlign = "RIGHT"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_fitted(self.canv, self.drawing, 0, 0, self.width, self.height)


def drawing_pdf(drawing: Drawing) -> bytes:
    """A one-page PDF the size of the drawing, holding only it (for thumbnails)."""
    from reportlab.graphics import renderPDF

    data: Any = renderPDF.drawToString(drawing)
    return bytes(data)


def svg_logo(path: str | Path, where: str, image: Path, width: float,
             height: float) -> SvgFlowable:
    """An SVG logo as a flowable, at most ``width`` x ``height`` points."""
    return SvgFlowable(svg_drawing(path, where, image), width, height)
