"""The diagram on the page: drawn as vectors from the same geometry code as the screen.

A diagram block gets the diagram laid out again for its own rectangle, with type set in
points for the page (:mod:`model.page_diagram`); only a diagram too big for that is the
screen's geometry scaled down. :class:`Placement` maps geometry (y growing downwards) into
the block's rectangle on the PDF page (y growing upwards). Lines are at least 0.75 pt and
darkened where needed to a 3:1 contrast with the page. Each box becomes a link to its
section when that section is in the document, and carries the section's number.
"""
from __future__ import annotations

import msgspec
from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from ..model import theme
from ..model.diagram import Diagram
from ..model.fonts import font_for
from ..model.geometry import Badge, DiagramGeometry, Point, TextLine
from ..model.page_diagram import print_colour
from .bidi import visual
from .pictogram_drawing import draw_pictogram
from .text import clean


class Placement(msgspec.Struct, frozen=True):
    """Maps diagram points into a page rectangle (PDF coordinates)."""

    scale: float
    left: float
    top: float
    origin: Point

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], x: float, y: float, w: float,
            h: float) -> Placement:
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


class Ink(msgspec.Struct, frozen=True):
    """Line weights (points on the page) and the page colour lines must stand out from."""

    line: float
    page: str = "#ffffff"

    @property
    def edge_colour(self) -> str:
        """The arrows' colour: the screen's, darkened to 4.5:1 with the page (above the
        3:1 asked of lines, for older eyes)."""
        return print_colour(theme.EDGE, self.page, 4.5)


def _text(canvas: Canvas, place: Placement, lines: tuple[TextLine, ...], size: float,
          face: str, colour: str) -> None:
    canvas.setFillColor(HexColor(colour))
    for line in lines:
        x, y = place.point((line.x, line.baseline))
        text = clean(line.text)
        canvas.setFont(font_for(text, face), size * place.scale)
        canvas.drawString(x, y, visual(text))


def _path(canvas: Canvas, place: Placement, points: tuple[Point, ...], curve: bool) -> object:
    path = canvas.beginPath()
    path.moveTo(*place.point(points[0]))
    if curve:
        path.curveTo(*place.point(points[1]), *place.point(points[2]),
                     *place.point(points[3]))
    else:
        for p in points[1:]:
            path.lineTo(*place.point(p))
        path.close()
    return path


def _edges(canvas: Canvas, geometry: DiagramGeometry, place: Placement, labels: bool,
           ink: Ink) -> None:
    colour = HexColor(ink.edge_colour)
    canvas.setLineWidth(ink.line)
    canvas.setStrokeColor(colour)
    canvas.setFillColor(colour)
    for edge in geometry.edges:
        canvas.drawPath(_path(canvas, place, edge.curve, True), stroke=1, fill=0)
        for head in filter(None, (edge.head, edge.tail)):
            canvas.drawPath(_path(canvas, place, head, False), stroke=0, fill=1)
    if not labels:
        return
    border = HexColor(print_colour(theme.tint(theme.EDGE, 0.3), ink.page, 1.5))
    for edge in geometry.edges:
        if edge.label_rect:
            x, y, w, h = place.rect(edge.label_rect)
            canvas.setFillColor(HexColor(theme.LABEL_BACKGROUND))
            canvas.setStrokeColor(border)
            canvas.setLineWidth(ink.line * 0.6)
            canvas.roundRect(x, y, w, h, h / 2, stroke=1, fill=1)
            _text(canvas, place, edge.label, edge.label_size, "regular", theme.MUTED_INK)


def _badge(canvas: Canvas, place: Placement, badge: Badge, accent: str) -> None:
    """A box's number on a disc in its section's colour, dark enough for white on it."""
    cx, cy = place.point((badge.cx, badge.cy))
    disc = print_colour(theme.shade(accent, 0.15), "#ffffff", 4.5)
    canvas.setFillColor(HexColor(disc))
    canvas.circle(cx, cy, badge.radius * place.scale, stroke=0, fill=1)
    size = badge.size * place.scale
    text = badge.text
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.setFont(font_for(text, "bold"), size)
    canvas.drawCentredString(cx, cy - size * 0.36, text)


def draw_diagram(canvas: Canvas, diagram: Diagram, geometry: DiagramGeometry,
                 rect: tuple[float, float, float, float], *, labels: bool = True,
                 links: dict[str, str] | None = None, ink: Ink | None = None) -> Placement:
    """Draw the diagram fitted in ``rect`` (PDF x, y bottom, w, h); link boxes to names.

    ``ink`` gives line weights on the page; without it they follow the screen's, scaled
    with the drawing."""
    place = Placement.fit(geometry.bounds, *rect)
    ink = ink or Ink(1.5 * place.scale)
    canvas.saveState()
    canvas.setLineCap(0)
    _edges(canvas, geometry, place, labels, ink)
    for node in diagram.nodes:
        g = geometry.nodes.get(node.id)
        if g is None:
            continue
        x, y, w, h = place.rect(g.rect)
        canvas.setFillColor(HexColor(theme.tint(node.accent)))
        canvas.setStrokeColor(HexColor(print_colour(node.accent, ink.page)))
        canvas.setLineWidth(ink.line * (1.5 if node.kind == "hub" else 1.1))
        canvas.setDash([4 * ink.line, 3 * ink.line] if node.kind == "note" else [])
        canvas.roundRect(x, y, w, h, g.radius * place.scale, stroke=1, fill=1)
        canvas.setDash([])
        ink_colour = theme.shade(node.accent, 0.45) if node.kind == "hub" else theme.INK
        _text(canvas, place, g.lines, g.font_size, g.face, ink_colour)
        if g.badge:
            _badge(canvas, place, g.badge, node.accent)
        if g.picture:
            px, py, side, _ = place.rect((g.picture.x, g.picture.y, g.picture.size,
                                          g.picture.size))
            draw_pictogram(canvas, g.picture.name, px, py, side,
                           print_colour(node.accent, theme.tint(node.accent), 3.0))
        target = (links or {}).get(node.id)
        if target:
            canvas.linkRect("", target, Rect=(x, y, x + w, y + h), relative=1, thickness=0)
    canvas.restoreState()
    return place
