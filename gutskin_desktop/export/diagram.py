"""The diagram on the page: drawn as vectors from the same geometry as the screen.

The geometry is in points with y growing downwards; :class:`Placement` maps it into a
block's rectangle on the PDF page (y growing upwards), keeping its proportions and
centring it. Each node becomes a link to its section when that section is in the document.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from ..model import theme
from ..model.diagram import Diagram
from ..model.geometry import DiagramGeometry, Point, TextLine
from ..model.fonts import font_for
from .bidi import visual


@dataclass(frozen=True)
class Placement:
    """Maps diagram points into a page rectangle (PDF coordinates)."""

    scale: float
    left: float
    top: float
    origin: Point

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], x: float, y: float, w: float,
            h: float) -> "Placement":
        """Fit ``bounds`` inside the rectangle with bottom-left (x, y), centred."""
        bx, by, bw, bh = bounds
        scale = min(w / bw, h / bh)
        left = x + (w - bw * scale) / 2
        top = y + h - (h - bh * scale) / 2
        return cls(scale, left, top, (bx, by))

    def point(self, p: Point) -> Point:
        return (self.left + (p[0] - self.origin[0]) * self.scale,
                self.top - (p[1] - self.origin[1]) * self.scale)

    def rect(self, r: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A geometry rectangle as PDF (x, y bottom, width, height)."""
        x, y = self.point((r[0], r[1] + r[3]))
        return x, y, r[2] * self.scale, r[3] * self.scale


def _text(canvas: Canvas, place: Placement, lines: tuple[TextLine, ...], size: float,
          face: str, colour: str) -> None:
    canvas.setFillColor(HexColor(colour))
    for line in lines:
        x, y = place.point((line.x, line.baseline))
        canvas.setFont(font_for(line.text, face), size * place.scale)
        canvas.drawString(x, y, visual(line.text))


def _edges(canvas: Canvas, geometry: DiagramGeometry, place: Placement,
           labels: bool) -> None:
    colour = HexColor(theme.EDGE)
    canvas.setLineWidth(1.5 * place.scale)
    canvas.setStrokeColor(colour)
    for edge in geometry.edges:
        path = canvas.beginPath()
        path.moveTo(*place.point(edge.curve[0]))
        path.curveTo(*place.point(edge.curve[1]), *place.point(edge.curve[2]),
                     *place.point(edge.curve[3]))
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setFillColor(colour)
        for head in filter(None, (edge.head, edge.tail)):
            arrow = canvas.beginPath()
            arrow.moveTo(*place.point(head[0]))
            for p in head[1:]:
                arrow.lineTo(*place.point(p))
            arrow.close()
            canvas.drawPath(arrow, stroke=0, fill=1)
        if labels and edge.label_rect:
            x, y, w, h = place.rect(edge.label_rect)
            canvas.setFillColor(HexColor(theme.LABEL_BACKGROUND))
            canvas.setStrokeColor(HexColor(theme.tint(theme.EDGE, 0.55)))
            canvas.setLineWidth(0.8 * place.scale)
            canvas.roundRect(x, y, w, h, h / 2, stroke=1, fill=1)
            _text(canvas, place, edge.label, theme.EDGE_LABEL_SIZE, "regular", theme.MUTED_INK)
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(1.5 * place.scale)


def draw_diagram(canvas: Canvas, diagram: Diagram, geometry: DiagramGeometry,
                 rect: tuple[float, float, float, float], *, labels: bool = True,
                 links: dict[str, str] | None = None) -> Placement:
    """Draw the diagram fitted in ``rect`` (PDF x, y bottom, w, h); link nodes to names."""
    place = Placement.fit(geometry.bounds, *rect)
    canvas.saveState()
    canvas.setLineCap(0)
    _edges(canvas, geometry, place, labels)
    for node in diagram.nodes:
        g = geometry.nodes[node.id]
        x, y, w, h = place.rect(g.rect)
        radius = g.radius * place.scale
        canvas.setFillColor(HexColor(theme.tint(node.accent)))
        canvas.setStrokeColor(HexColor(node.accent))
        canvas.setLineWidth((2.2 if node.kind == "hub" else 1.5) * place.scale)
        canvas.setDash([4 * place.scale, 3 * place.scale] if node.kind == "note" else [])
        canvas.roundRect(x, y, w, h, radius, stroke=1, fill=1)
        canvas.setDash([])
        ink = theme.shade(node.accent, 0.45) if node.kind == "hub" else theme.INK
        _text(canvas, place, g.lines, g.font_size, g.face, ink)
        target = (links or {}).get(node.id)
        if target:
            canvas.linkRect("", target, Rect=(x, y, x + w, y + h), relative=1, thickness=0)
    canvas.restoreState()
    return place
