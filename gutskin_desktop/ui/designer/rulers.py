"""Rulers in millimetres along the top and left of the designer's page view.

0 is the trimmed page's top-left corner. The rulers follow the view's zoom and scrolling:
ticks every 1, 5 or 10 mm and numbers every 10, 50 or 100 mm, as the zoom leaves room
for them. The page's extent is white, the selected blocks' extent a blue band (also
while they are dragged), and the mouse's position a red mark. The rulers only read the
view; they never change it. The ticks and numbers are drawn once per zoom, scroll and
size into a transparent layer that each repaint (the mouse's mark moving, a selection
changing) puts back, rather than laid out again tick by tick.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QGraphicsView, QGridLayout, QWidget

from .block_items import BlockItem

THICKNESS = 20  # pixels across a ruler
BACKGROUND = QColor("#e4e7ea")
PAGE = QColor("#ffffff")
TICK = QColor("#4a5560")
SELECTION = QColor(28, 102, 176, 70)
SELECTION_EDGE = QColor("#1c66b0")
MOUSE = QColor("#d32f2f")

# (pixels per mm at least, tick every, longer tick every, number every) in mm
SCALES = ((3.0, 1.0, 5.0, 10.0), (0.6, 5.0, 10.0, 50.0), (0.0, 10.0, 50.0, 100.0))


def scale_for(pixels_per_mm: float) -> tuple[float, float, float]:
    """The tick, longer tick and number steps in mm for a zoom."""
    for least, tick, longer, number in SCALES:
        if pixels_per_mm >= least:
            return tick, longer, number
    return SCALES[-1][1:]


class Ruler(QWidget):
    """One ruler: ``horizontal`` along the top, else down the left side."""

    def __init__(self, view: QGraphicsView, horizontal: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.horizontal = horizontal
        self.setObjectName("rulerTop" if horizontal else "rulerLeft")
        self.setAccessibleName("Horizontal ruler (mm)" if horizontal
                               else "Vertical ruler (mm)")
        if horizontal:
            self.setFixedHeight(THICKNESS)
        else:
            self.setFixedWidth(THICKNESS)
        self.page_mm = (210.0, 297.0)
        self.mouse_mm: float | None = None
        self.selection_mm: tuple[float, float] | None = None
        font = QFont(self.font())
        font.setPointSizeF(7.0)
        self.setFont(font)
        self._layer: QPixmap | None = None  # the ticks and numbers, drawn once
        self._layer_key: tuple[float, ...] = ()

    # -- mapping ---------------------------------------------------------------------------

    def mapping(self) -> tuple[float, float]:
        """``(scale, offset)``: a page position in mm is ``mm * scale + offset`` pixels
        along this ruler (the view only scales and scrolls)."""
        transform = self.view.viewportTransform()
        port = self.view.viewport().mapTo(self.window(), QPoint(0, 0))
        mine = self.mapTo(self.window(), QPoint(0, 0))
        if self.horizontal:
            return transform.m11(), transform.dx() + port.x() - mine.x()
        return transform.m22(), transform.dy() + port.y() - mine.y()

    def to_pixel(self, mm: float) -> float:
        """Where ``mm`` on the page is along this ruler, in its pixels."""
        scale, offset = self.mapping()
        return mm * scale + offset

    def to_mm(self, pixel: float) -> float:
        """The page position in mm at ``pixel`` along this ruler."""
        scale, offset = self.mapping()
        return (pixel - offset) / scale if scale else 0.0

    def steps(self) -> tuple[float, float, float]:
        """The tick, longer tick and number steps in mm at the view's zoom."""
        return scale_for(abs(self.mapping()[0]))

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        length = self.width() if self.horizontal else self.height()
        painter.fillRect(self.rect(), BACKGROUND)
        extent = self.page_mm[0] if self.horizontal else self.page_mm[1]
        self._band(painter, self.to_pixel(0.0), self.to_pixel(extent), PAGE)
        if self.selection_mm is not None:
            start, end = (self.to_pixel(v) for v in self.selection_mm)
            self._band(painter, start, end, SELECTION)
            painter.setPen(QPen(SELECTION_EDGE, 1))
            for edge in (start, end):
                self._line(painter, edge, 0.0)
        painter.drawPixmap(0, 0, self._ticks_layer(length))
        if self.mouse_mm is not None:
            painter.setPen(QPen(MOUSE, 1))
            self._line(painter, self.to_pixel(self.mouse_mm), 0.0)
        painter.setPen(QPen(QColor("#9aa3ab"), 1))
        if self.horizontal:
            painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        else:
            painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        painter.end()

    def _ticks_layer(self, length: int) -> QPixmap:
        """The ticks and numbers on a transparent layer, drawn again only when the zoom,
        the scrolling or the ruler's size changed."""
        scale, offset = self.mapping()
        ratio = self.devicePixelRatioF()
        key = (scale, offset, float(self.width()), float(self.height()), ratio)
        if self._layer is None or key != self._layer_key:
            layer = QPixmap(max(1, round(self.width() * ratio)),
                            max(1, round(self.height() * ratio)))
            layer.setDevicePixelRatio(ratio)
            layer.fill(Qt.GlobalColor.transparent)
            painter = QPainter(layer)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setFont(self.font())
            self._ticks(painter, length)
            painter.end()
            self._layer, self._layer_key = layer, key
        return self._layer

    def _band(self, painter: QPainter, start: float, end: float, colour: QColor) -> None:
        low, high = sorted((start, end))
        if self.horizontal:
            painter.fillRect(QRectF(low, 0, high - low, self.height()), colour)
        else:
            painter.fillRect(QRectF(0, low, self.width(), high - low), colour)

    def _line(self, painter: QPainter, at: float, depth: float) -> None:
        """A line across the ruler at ``at``, from ``depth`` (0: the far side) to the
        side that touches the page."""
        at = math.floor(at) + 0.5
        if self.horizontal:
            painter.drawLine(QPointF(at, depth), QPointF(at, self.height()))
        else:
            painter.drawLine(QPointF(depth, at), QPointF(self.width(), at))

    def _ticks(self, painter: QPainter, length: int) -> None:
        scale, offset = self.mapping()
        if scale <= 0:
            return
        tick, longer, number = scale_for(scale)
        low, high = -offset / scale, (length - offset) / scale
        painter.setPen(QPen(TICK, 1))
        metrics = QFontMetricsF(self.font())
        n = math.floor(low / tick)
        while n * tick <= high + tick:
            mm = round(n * tick, 6)
            at = mm * scale + offset
            if _multiple(mm, number):
                self._line(painter, at, 0.0)
                self._label(painter, at, f"{mm:g}", metrics)
            elif _multiple(mm, longer):
                self._line(painter, at, THICKNESS * 0.55)
            else:
                self._line(painter, at, THICKNESS * 0.75)
            n += 1

    def _label(self, painter: QPainter, at: float, text: str, metrics: QFontMetricsF) -> None:
        if self.horizontal:
            painter.drawText(QPointF(at + 2, metrics.ascent() + 1), text)
            return
        painter.save()
        painter.translate(metrics.ascent() + 1, at - 2)
        painter.rotate(-90)
        painter.drawText(QPointF(0, 0), text)
        painter.restore()


def _multiple(value: float, step: float) -> bool:
    return abs(value / step - round(value / step)) < 1e-6


class RulerFrame(QWidget):
    """The page view with a ruler above it and one to its left."""

    def __init__(self, view: QGraphicsView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulerFrame")
        self.view = view
        self._shown: tuple[object, ...] = ()
        self.top = Ruler(view, True, self)
        self.left = Ruler(view, False, self)
        self.corner = QWidget(self)
        self.corner.setFixedSize(THICKNESS, THICKNESS)
        self.corner.setAutoFillBackground(True)
        palette = self.corner.palette()
        palette.setColor(self.corner.backgroundRole(), BACKGROUND)
        self.corner.setPalette(palette)
        self.corner.setToolTip("Rulers in millimetres, from the page's top-left corner")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        grid.addWidget(self.corner, 0, 0)
        grid.addWidget(self.top, 0, 1)
        grid.addWidget(self.left, 1, 0)
        grid.addWidget(view, 1, 1)
        view.viewport().installEventFilter(self)
        view.horizontalScrollBar().valueChanged.connect(self.refresh)
        view.verticalScrollBar().valueChanged.connect(self.refresh)
        scene = view.scene()
        scene.selectionChanged.connect(self.refresh)
        # a mouse move reaches the rulers before the view moves the blocks it drags:
        # read the selection once the view has handled it
        self._after_event = QTimer(self)
        self._after_event.setSingleShot(True)
        self._after_event.setInterval(0)
        self._after_event.timeout.connect(self.refresh)

    @property
    def rulers(self) -> tuple[Ruler, Ruler]:
        return self.top, self.left

    def set_visible(self, visible: bool) -> None:
        """Show or hide both rulers (View > Rulers)."""
        for widget in (self.top, self.left, self.corner):
            widget.setVisible(visible)

    def set_page(self, width_mm: float, height_mm: float) -> None:
        """The trimmed page's size, shown white on the rulers."""
        for ruler in self.rulers:
            ruler.page_mm = (width_mm, height_mm)
        self.refresh()

    def refresh(self) -> None:
        """Read the selection's extent again and repaint (after a zoom, a scroll, an
        edit, or while blocks are dragged)."""
        rects = [item.scene_rect_mm() for item in self.view.scene().selectedItems()
                 if isinstance(item, BlockItem)]
        if rects:
            self.top.selection_mm = (min(r[0] for r in rects),
                                     max(r[0] + r[2] for r in rects))
            self.left.selection_mm = (min(r[1] for r in rects),
                                      max(r[1] + r[3] for r in rects))
        else:
            self.top.selection_mm = self.left.selection_mm = None
        self._update_if_changed()

    def _update_if_changed(self) -> None:
        """Repaint the rulers when what they show has changed: the view's zoom or scroll,
        the selection's extent, the mouse's place or the page. The view repaints after
        every edit and preview, which leave the rulers as they were."""
        shown = tuple((ruler.mapping(), ruler.selection_mm, ruler.mouse_mm, ruler.page_mm,
                       ruler.width(), ruler.height()) for ruler in self.rulers)
        if shown != self._shown:
            self._shown = shown
            for ruler in self.rulers:
                ruler.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            point = self.view.mapToScene(event.position().toPoint())
            self.top.mouse_mm, self.left.mouse_mm = point.x(), point.y()
            self._after_event.start()
        elif kind == QEvent.Type.Leave:
            self.top.mouse_mm = self.left.mouse_mm = None
            self._after_event.start()
        elif kind in (QEvent.Type.Resize, QEvent.Type.Paint):
            self._update_if_changed()
        return False
