"""Graphics items for the diagram: they draw geometry computed by the model and emit.

Items never write to the model. A :class:`NodeItem` draws one node's box and label and
says when it is activated; an :class:`EdgeItem` draws one edge's curve, arrowheads and
label. Both only change how they look through :meth:`set_state`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from ..model import theme
from ..model.geometry import EdgeGeometry, NodeGeometry, TextLine
from ..model.page_diagram import print_colour
from .pictogram_paint import paint_pictogram
from .qtfonts import draw_scene_text

if TYPE_CHECKING:  # start-up speed: PySide makes these types when an event first comes
    from PySide6.QtWidgets import QGraphicsSceneHoverEvent, QGraphicsSceneMouseEvent

DIM_OPACITY = 0.22
MIN_TEXT_PX = 4.0
SHADOW = 2.5
RING = 5.0


def _draw_lines(painter: QPainter, lines: tuple[TextLine, ...], size: float, face: str,
                dx: float = 0.0, dy: float = 0.0) -> None:
    for line in lines:
        draw_scene_text(painter, line.x - dx, line.baseline - dy, line.text, size, face)


class NodeItem(QGraphicsObject):
    """One node: a rounded box in the node's tint, its accent border and its label."""

    activated = Signal(str)

    def __init__(self, geometry: NodeGeometry, accent: str, tooltip: str,
                 accessible_name: str) -> None:
        super().__init__()
        self.node_id = geometry.id
        self._hovered = self._focused = self._opened = False
        self.setObjectName(f"node:{geometry.id}")
        self.setZValue(2)
        self.set_look(geometry, accent, tooltip, accessible_name)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)

    def set_look(self, geometry: NodeGeometry, accent: str, tooltip: str,
                 accessible_name: str) -> None:
        """Take new geometry, colour and texts (after an edit of the diagram)."""
        self.prepareGeometryChange()
        self._geometry = geometry
        self.accessible_name = accessible_name
        self._accent = QColor(accent)
        self._fill = QColor(theme.tint(accent))
        self._hover_fill = QColor(theme.tint(accent, 0.74))
        self._ink = QColor(theme.shade(accent, 0.45) if geometry.kind == "hub" else theme.INK)
        self._picture_colour = (QColor(print_colour(accent, theme.tint(accent), 3.0))
                                if geometry.picture else self._ink)
        x, y, w, h = geometry.rect
        self._rect = QRectF(0, 0, w, h)
        self.setPos(x, y)
        self.setToolTip(tooltip)
        self.update()

    @property
    def model_geometry(self) -> NodeGeometry:
        """The node's box and label lines, as the model computed them."""
        return self._geometry

    def boundingRect(self) -> QRectF:
        grow = RING + 2
        return self._rect.adjusted(-grow, -grow, grow + SHADOW, grow + SHADOW)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self._rect, self._geometry.radius, self._geometry.radius)
        return path

    @property
    def fill_colour(self) -> QColor:
        """The colour of the box's face when not hovered."""
        return QColor(self._fill)

    def set_state(self, *, focused: bool | None = None, opened: bool | None = None,
                  dimmed: bool | None = None) -> None:
        """Change how the node looks: keyboard focus ring, opened, dimmed."""
        if focused is not None:
            self._focused = focused
        if opened is not None:
            self._opened = opened
        if dimmed is not None:
            self.setOpacity(DIM_OPACITY if dimmed else 1.0)
        self.update()

    @property
    def is_opened(self) -> bool:
        return self._opened

    @property
    def is_focused(self) -> bool:
        return self._focused

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        g, radius = self._geometry, self._geometry.radius
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod * g.font_size < MIN_TEXT_PX:  # too small to read: a plain box, no text
            painter.fillRect(self._rect, self._accent if self._opened else self._fill)
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(20, 40, 50, 28))
        painter.drawRoundedRect(self._rect.translated(0, SHADOW), radius, radius)
        painter.setBrush(self._hover_fill if self._hovered else self._fill)
        border = QColor(theme.FOCUS) if self._opened else self._accent
        width = 3.0 if self._opened else (2.2 if g.kind == "hub" or self._hovered else 1.5)
        pen = QPen(border, width)
        if g.kind == "note":
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(self._rect, radius, radius)
        if self._focused:
            ring = QPen(QColor(theme.FOCUS), 2.0, Qt.PenStyle.DashLine)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._rect.adjusted(-RING, -RING, RING, RING),
                                    radius + RING, radius + RING)
        x, y, _, _ = g.rect
        if g.picture:  # the pictogram, in the box's accent colour
            p = g.picture
            paint_pictogram(painter, p.name, QRectF(p.x - x, p.y - y, p.size, p.size),
                            self._picture_colour)
        painter.setPen(self._ink)
        _draw_lines(painter, g.lines, g.font_size, g.face, x, y)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        self.update()
        super().hoverLeaveEvent(event)

    @property
    def is_hovered(self) -> bool:
        return self._hovered

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.shape().contains(event.pos()):
            self.activated.emit(self.node_id)
        event.accept()


class EdgeItem(QGraphicsObject):
    """One edge: a curve with arrowheads and a label on a white pill."""

    def __init__(self, geometry: EdgeGeometry) -> None:
        super().__init__()
        self._lit = False
        self.setObjectName(f"edge:{geometry.key}")
        self.setZValue(1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.set_geometry(geometry)

    def set_geometry(self, geometry: EdgeGeometry) -> None:
        """Take a new curve, arrowheads and label position."""
        self.prepareGeometryChange()
        self._geometry = geometry
        p0, c1, c2, p3 = (QPointF(*p) for p in geometry.curve)
        self._path = QPainterPath(p0)
        self._path.cubicTo(c1, c2, p3)
        self._heads = [QPolygonF([QPointF(*p) for p in geometry.head])]
        if geometry.tail:
            self._heads.append(QPolygonF([QPointF(*p) for p in geometry.tail]))
        self._label_rect = QRectF(*geometry.label_rect) if geometry.label_rect else None
        bounds = self._path.boundingRect()
        for head in self._heads:
            bounds = bounds.united(head.boundingRect())
        if self._label_rect:
            bounds = bounds.united(self._label_rect)
        self._bounds = bounds.adjusted(-3, -3, 3, 3)
        self._shape: QPainterPath | None = None  # made on first hit test
        self.update()

    @property
    def model_geometry(self) -> EdgeGeometry:
        """The edge's curve, arrowheads and label, as the model computed them."""
        return self._geometry

    @property
    def source(self) -> str:
        return self._geometry.source

    @property
    def target(self) -> str:
        return self._geometry.target

    @property
    def is_lit(self) -> bool:
        return self._lit

    def set_state(self, *, lit: bool | None = None, dimmed: bool | None = None) -> None:
        """Light the edge (part of the opened node's pathways) or dim it."""
        if lit is not None:
            self._lit = lit
        if dimmed is not None:
            self.setOpacity(DIM_OPACITY if dimmed else 1.0)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(8.0)
            shape = stroker.createStroke(self._path)
            for head in self._heads:
                shape.addPolygon(head)
            if self._label_rect:
                shape.addRect(self._label_rect)
            self._shape = shape
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        colour = QColor(theme.EDGE_LIT if self._lit else theme.EDGE)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod * theme.EDGE_LABEL_SIZE < MIN_TEXT_PX:  # zoomed far out: the line alone
            painter.setPen(QPen(colour, 0))
            painter.drawLine(self._path.pointAtPercent(0), self._path.pointAtPercent(1))
            return
        pen = QPen(colour, 2.4 if self._lit else 1.5)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        # the colour itself, not QBrush(colour): that call makes PySide weigh QBrush's
        # gradient constructor and build QGradient's enum types (169 presets among them)
        # while the first frame is painted
        painter.setBrush(colour)
        for head in self._heads:
            painter.drawPolygon(head)
        if self._label_rect is None:
            return
        painter.setBrush(QColor(theme.LABEL_BACKGROUND))
        painter.setPen(QPen(QColor(theme.tint(theme.EDGE, 0.55)), 0.8))
        r = self._label_rect.height() / 2
        painter.drawRoundedRect(self._label_rect, r, r)
        painter.setPen(QColor(theme.EDGE_LIT if self._lit else theme.MUTED_INK))
        _draw_lines(painter, self._geometry.label, theme.EDGE_LABEL_SIZE, "regular")
