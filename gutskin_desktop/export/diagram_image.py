"""The diagram as an image for slides: SVG (vectors, fonts embedded) or PNG at any dpi.

Both are drawn from the shared geometry without Qt. The SVG embeds the Vera faces it
uses, so it looks the same on machines without them. The PNG is the diagram rendered to a
one-page PDF, rasterised with pypdfium2 and written by Pillow; PDFium's bitmap is freed as
soon as Pillow has its copy, so only one full bitmap is held while the PNG is compressed.
"""
from __future__ import annotations

import base64
import io
import math
import zlib
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from ..model import theme
from ..model.diagram import Diagram
from ..model.fonts import FAMILY, font_file
from ..model.geometry import DiagramGeometry, Point, TextLine, solve_diagram
from .raster import PDFIUM_LOCK
from .text import clean

if TYPE_CHECKING:  # Pillow is imported when a PNG is made
    from PIL.Image import Image

WEIGHT = {"regular": ("normal", "normal"), "bold": ("bold", "normal"),
          "italic": ("normal", "italic"), "bolditalic": ("bold", "italic")}
# A PNG's pixels: the shipped diagram at 700 dpi (58 million) takes ~1.3 s and 430 MB at the
# peak (PDFium's bitmap, 3 bytes a pixel, while Pillow copies it at 4 bytes a pixel)
MAX_PIXELS = 60_000_000


def _font_faces(faces: set[str]) -> str:
    rules = []
    for face in sorted(faces):
        weight, style = WEIGHT[face]
        data = base64.b64encode(font_file(face).read_bytes()).decode("ascii")
        rules.append(f"@font-face {{ font-family: '{FAMILY}'; font-weight: {weight}; "
                     f"font-style: {style}; src: url(data:font/ttf;base64,{data}) "
                     "format('truetype'); }")
    return "\n".join(rules)


def _text(lines: tuple[TextLine, ...], size: float, face: str, colour: str) -> str:
    weight, style = WEIGHT[face]
    return "".join(
        f'<text x="{line.x:.2f}" y="{line.baseline:.2f}" font-size="{size:g}" '
        f'font-weight="{weight}" font-style="{style}" fill="{colour}">'
        f"{escape(clean(line.text))}</text>" for line in lines)


def _path(curve: tuple[Point, Point, Point, Point]) -> str:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    return f"M{x0:.2f},{y0:.2f} C{x1:.2f},{y1:.2f} {x2:.2f},{y2:.2f} {x3:.2f},{y3:.2f}"


def diagram_svg(diagram: Diagram, geometry: DiagramGeometry | None = None) -> bytes:
    """The diagram as a standalone SVG document (units: points)."""
    g = geometry or solve_diagram(diagram)
    bx, by, bw, bh = g.bounds
    parts = [(f'<rect x="{bx:.2f}" y="{by:.2f}" width="{bw:.2f}" height="{bh:.2f}" '
              f'fill="{theme.BACKGROUND}"/>')]
    faces = {"regular"}
    for edge in g.edges:
        parts.append(f'<path d="{_path(edge.curve)}" fill="none" stroke="{theme.EDGE}" '
                     'stroke-width="1.5"/>')
        for head in filter(None, (edge.head, edge.tail)):
            points = " ".join(f"{x:.2f},{y:.2f}" for x, y in head)
            parts.append(f'<polygon points="{points}" fill="{theme.EDGE}"/>')
        if edge.label_rect:
            x, y, w, h = edge.label_rect
            parts.append(f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" '
                         f'rx="{h / 2:.2f}" fill="{theme.LABEL_BACKGROUND}" '
                         f'stroke="{theme.tint(theme.EDGE, 0.55)}" stroke-width="0.8"/>')
            parts.append(_text(edge.label, theme.EDGE_LABEL_SIZE, "regular", theme.MUTED_INK))
    for node in diagram.nodes:
        n = g.nodes[node.id]
        x, y, w, h = n.rect
        dash = ' stroke-dasharray="4 3"' if node.kind == "note" else ""
        width = 2.2 if node.kind == "hub" else 1.5
        parts.append(f'<g id="node-{node.id}"><title>{escape(clean(node.label))}</title>'
                     f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" '
                     f'rx="{n.radius:.2f}" fill="{theme.tint(node.accent)}" '
                     f'stroke="{node.accent}" stroke-width="{width}"{dash}/>')
        ink = theme.shade(node.accent, 0.45) if node.kind == "hub" else theme.INK
        parts.append(_text(n.lines, n.font_size, n.face, ink) + "</g>")
        faces.add(n.face)
    opening = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
               f'viewBox="{bx:.2f} {by:.2f} {bw:.2f} {bh:.2f}" width="{bw:.2f}pt" '
               f'height="{bh:.2f}pt" font-family="{FAMILY}">'
               f"<title>{escape(clean(diagram.title))}</title>"
               f"<style>{_font_faces(faces)}</style>")
    return (opening + "".join(parts) + "</svg>\n").encode("utf-8")


def diagram_pdf(diagram: Diagram, geometry: DiagramGeometry | None = None) -> bytes:
    """The diagram alone on a page the size of its bounds (points)."""
    from reportlab.lib.colors import HexColor

    from .diagram_drawing import draw_diagram
    from .subset_tags import TaggingCanvas
    from .text import family

    g = geometry or solve_diagram(diagram)
    _, _, w, h = g.bounds
    buffer = io.BytesIO()
    canvas = TaggingCanvas(buffer, pagesize=(w, h), invariant=1,
                           initialFontName=family()["regular"])
    canvas.setFillColor(HexColor(theme.BACKGROUND))
    canvas.rect(0, 0, w, h, stroke=0, fill=1)
    draw_diagram(canvas, diagram, g, (0, 0, w, h))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def check_pixels(bounds_w: float, bounds_h: float, dpi: float) -> None:
    """Refuse a PNG of more than :data:`MAX_PIXELS` pixels, saying the largest dpi that
    fits (ValueError)."""
    if not dpi > 0 or not math.isfinite(dpi):
        raise ValueError(f"{dpi:g} dpi is out of range")
    width, height = math.ceil(bounds_w * dpi / 72), math.ceil(bounds_h * dpi / 72)
    if width * height > MAX_PIXELS:
        largest = math.floor(72 * math.sqrt(MAX_PIXELS / (bounds_w * bounds_h)))
        while largest > 1 and (math.ceil(bounds_w * largest / 72)
                               * math.ceil(bounds_h * largest / 72)) > MAX_PIXELS:
            largest -= 1
        raise ValueError(f"{dpi:g} dpi would make this diagram a {width:,} x {height:,} "
                         f"pixel image ({width * height / 1e6:.0f} megapixels), more than the "
                         f"{MAX_PIXELS // 1_000_000} megapixels a PNG may have; the largest "
                         f"that fits is {largest} dpi (or export an SVG, which has no limit)")


def diagram_png(diagram: Diagram, dpi: float = 150.0) -> bytes:
    """The diagram as a PNG at ``dpi`` (72 dpi is one pixel per point), its resolution
    recorded in the file."""
    g = solve_diagram(diagram)
    _, _, w, h = g.bounds
    check_pixels(w, h, dpi)
    image = _rasterise(diagram_pdf(diagram, g), dpi)
    out = io.BytesIO()
    # zlib's run-length strategy suits a diagram's long runs of one colour: at 300 dpi it
    # compresses in two thirds of the default's time, to a file about 5% larger
    image.save(out, "PNG", dpi=(dpi, dpi), compress_type=zlib.Z_RLE)
    return out.getvalue()


def _rasterise(pdf: bytes, dpi: float) -> Image:
    """The first page of a PDF as an RGB image at ``dpi``, in memory of its own: PDFium's
    bitmap is closed before this returns."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
            try:
                image: Image = bitmap.to_pil()  # RGB: a copy (Pillow shares only RGBX, RGBA)
                return image if image.mode == "RGB" else image.convert("RGB")
            finally:
                bitmap.close()
                page.close()
        finally:
            document.close()
