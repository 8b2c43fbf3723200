"""Graphics items of the designer's page, in millimetres.

:class:`PageItem` shows the rendered PDF page with its bleed, margins and safe area;
:class:`BlockItem` outlines one block and labels it, is marked red when its text does
not fit, and shows the room text keeps around it when text flows around it;
:class:`HandleItem` is a resize handle; :class:`GuideItem` shows a snapping guide.
Items only draw: the page view turns mouse gestures into document edits.
"""
from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsObject,
    QGraphicsRectItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from gutskin_desktop.export.block_painters import WRAP_STANDOFF_MM  # the page's own room

SAFE_MM = 5.0
HANDLE_PX = 9.0
HANDLES = ("tl", "t", "tr", "r", "br", "b", "bl", "l")
SELECTED = QColor("#1c66b0")
OUTLINE = QColor(70, 100, 120, 150)
OVERFLOW = QColor("#c62828")
WRAP = QColor(0, 128, 110, 170)


class PageItem(QGraphicsItem):
    """The page: its rendered image, with its guides (:class:`PageGuides`) above it."""

    def __init__(self) -> None:
        super().__init__()
        self.page = QRectF(0, 0, 210, 297)
        self.margins = (0.0, 0.0, 0.0, 0.0)
        self.bleed = 0.0
        self.image: QImage | None = None
        self._pixmap: QPixmap | None = None
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(-10)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.guides = PageGuides(self)

    def set_page(self, width: float, height: float, margins: tuple[float, float, float, float],
                 bleed: float) -> None:
        """Set the page's size, margins (top, right, bottom, left) and bleed in mm."""
        self.prepareGeometryChange()
        self.guides.prepareGeometryChange()
        self.page = QRectF(0, 0, width, height)
        self.margins, self.bleed = margins, bleed
        self.update()
        self.guides.update()

    def set_image(self, image: QImage | None) -> None:
        """Show the rendered page (None: a blank page). It is turned into a pixmap (the
        screen's own format) once here, rather than converted at every repaint; the
        guides above it are not drawn again."""
        self.image = image
        self._pixmap = (QPixmap.fromImage(image) if image is not None and not image.isNull()
                        else None)
        self.update()

    def boundingRect(self) -> QRectF:
        return self.page

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if self._pixmap is None or not self._blit(painter):
            painter.fillRect(self.page, Qt.GlobalColor.white)
            if self._pixmap is not None:
                painter.drawPixmap(self.page, self._pixmap, QRectF(self._pixmap.rect()))

    def _blit(self, painter: QPainter) -> bool:
        """Draw the page image pixel for pixel when it was rendered at the resolution
        the page is shown at (the designer renders it so): a copy, not a scaling. False
        (nothing drawn) when it was not, or the view turns or shears the page."""
        pixmap = self._pixmap
        transform = painter.deviceTransform()
        if pixmap is None or not transform.isAffine() or transform.m12() or transform.m21():
            return False
        device = transform.mapRect(self.page)
        ratio = pixmap.devicePixelRatio()
        if abs(device.width() - pixmap.width() / ratio) > 1.0 \
                or abs(device.height() - pixmap.height() / ratio) > 1.0:
            return False
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(device.topLeft().toPoint(), pixmap)
        painter.restore()
        return True


class PageGuides(QGraphicsItem):
    """What is drawn around and over the page's image: its shadow, the bleed, the
    margins (dashed), the safe area (dotted) and the trim edge. Kept apart from the image,
    and cached, so that a new preview does not stroke the dashed guides again."""

    def __init__(self, page: PageItem) -> None:
        super().__init__(page)
        self.page_item = page
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        grow = self.page_item.bleed + 4
        return self.page_item.page.adjusted(-grow, -grow, grow, grow)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        item = self.page_item
        page = item.page
        # the shadow only where it shows (two strips, not a page under the page)
        shadow = QColor(0, 0, 0, 40)
        painter.fillRect(QRectF(page.right(), page.top() + 1.6, 1.2, page.height()), shadow)
        painter.fillRect(QRectF(page.left() + 1.2, page.bottom(), page.width() - 1.2, 1.6),
                         shadow)
        if item.bleed:  # a band round the page (the image covers the page itself)
            b = item.bleed
            band = QColor(255, 235, 235)
            painter.fillRect(QRectF(page.left() - b, page.top() - b, page.width() + 2 * b, b),
                             band)
            painter.fillRect(QRectF(page.left() - b, page.bottom(), page.width() + 2 * b, b),
                             band)
            painter.fillRect(QRectF(page.left() - b, page.top(), b, page.height()), band)
            painter.fillRect(QRectF(page.right(), page.top(), b, page.height()), band)
        top, right, bottom, left = item.margins
        margin = page.adjusted(left, top, -right, -bottom)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 150, 200, 160), 0, Qt.PenStyle.DashLine))
        painter.drawRect(margin)
        painter.setPen(QPen(QColor(200, 120, 0, 130), 0, Qt.PenStyle.DotLine))
        painter.drawRect(page.adjusted(SAFE_MM, SAFE_MM, -SAFE_MM, -SAFE_MM))
        painter.setPen(QPen(QColor(90, 90, 90), 0))
        painter.drawRect(page)


class HandleItem(QGraphicsRectItem):
    """A square resize handle that keeps its size on screen at any zoom.

    Drawn by Qt itself (no Python paint or bounds), so that repainting handles while a
    preview renders in another thread never waits for Python."""

    def __init__(self, role: str, block: BlockItem) -> None:
        half = HANDLE_PX / 2
        super().__init__(QRectF(-half + 0.5, -half + 0.5, HANDLE_PX - 1, HANDLE_PX - 1), block)
        self.role, self.block = role, block
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(5)
        self.setPen(QPen(SELECTED, 1.2))
        self.setBrush(Qt.GlobalColor.white)
        cursors = {"tl": Qt.CursorShape.SizeFDiagCursor, "br": Qt.CursorShape.SizeFDiagCursor,
                   "tr": Qt.CursorShape.SizeBDiagCursor, "bl": Qt.CursorShape.SizeBDiagCursor,
                   "t": Qt.CursorShape.SizeVerCursor, "b": Qt.CursorShape.SizeVerCursor,
                   "l": Qt.CursorShape.SizeHorCursor, "r": Qt.CursorShape.SizeHorCursor}
        self.setCursor(cursors[role])


class BlockItem(QGraphicsObject):
    """One block's outline and label on the page (its content is in the page image)."""

    def __init__(self, block_id: str, kind: str) -> None:
        super().__init__()
        self.block_id, self.kind = block_id, kind
        self.box = QRectF()  # the block's rectangle in its own coordinates (mm)
        self.overflow = ""
        self.wrap = False
        self.setObjectName(f"block:{block_id}")
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.handles = {role: HandleItem(role, self) for role in HANDLES}
        self._show_handles(False)
        self._tip()

    def set_rect(self, x: float, y: float, w: float, h: float) -> None:
        """Place the block (millimetres)."""
        self.prepareGeometryChange()
        self.setPos(x, y)
        self.box = QRectF(0, 0, w, h)
        self._place_handles()

    def scene_rect_mm(self) -> tuple[float, float, float, float]:
        """The block's rectangle as it is shown now (during a drag, too)."""
        return self.x(), self.y(), self.box.width(), self.box.height()

    def set_overflow(self, message: str) -> None:
        """Mark the block (red outline and badge) when its text does not fit (each
        preview says it again: the block is repainted only when it changed)."""
        if message == self.overflow:
            return
        self.overflow = message
        self._tip()
        self.update()

    def set_wrap(self, wrap: bool) -> None:
        """Show (dotted, around the block) the room text keeps when it flows around it."""
        if wrap == self.wrap:
            return
        self.prepareGeometryChange()
        self.wrap = wrap
        self._tip()
        self.update()

    def _tip(self) -> None:
        about = f"{self.block_id} ({self.kind})"
        if self.wrap:
            about += ": text flows around this block"
        self.setToolTip(self.overflow or about)

    def _place_handles(self) -> None:
        r = self.box
        spots = {"tl": r.topLeft(), "t": QPointF(r.center().x(), r.top()),
                 "tr": r.topRight(), "r": QPointF(r.right(), r.center().y()),
                 "br": r.bottomRight(), "b": QPointF(r.center().x(), r.bottom()),
                 "bl": r.bottomLeft(), "l": QPointF(r.left(), r.center().y())}
        for role, handle in self.handles.items():
            handle.setPos(spots[role])

    def _show_handles(self, visible: bool) -> None:
        for handle in self.handles.values():
            handle.setVisible(visible)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self._show_handles(bool(value))
        return super().itemChange(change, value)

    def boundingRect(self) -> QRectF:
        grow = WRAP_STANDOFF_MM + 0.5 if self.wrap else 0.0
        return self.box.adjusted(-1 - grow, -6 - grow, 6 + grow, 1 + grow)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.box)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        colour = OVERFLOW if self.overflow else (SELECTED if self.isSelected() else OUTLINE)
        width = 0.6 if (self.overflow or self.isSelected()) else 0.25
        pen = QPen(colour, width)
        if not (self.overflow or self.isSelected()):
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(28, 102, 176, 18)) if self.isSelected() else
                         Qt.BrushStyle.NoBrush)
        painter.drawRect(self.box)
        if self.wrap:
            standoff = QPen(WRAP, 0.3, Qt.PenStyle.DotLine)
            painter.setPen(standoff)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            grow = WRAP_STANDOFF_MM
            painter.drawRect(self.box.adjusted(-grow, -grow, grow, grow))
        self._paint_label(painter, colour)
        if self.overflow:
            self._paint_badge(painter)

    def _paint_label(self, painter: QPainter, colour: QColor) -> None:
        font = painter.font()
        font.setPointSizeF(2.6)
        painter.setFont(font)
        text = (self.block_id if self.block_id == self.kind
                else f"{self.block_id} \u00b7 {self.kind}")
        width = painter.fontMetrics().horizontalAdvance(text) + 2.0
        tab = QRectF(0, -4.2, width, 4.2)
        painter.fillRect(tab, colour)
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(tab, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_badge(self, painter: QPainter) -> None:
        r = 3.2
        centre = QPointF(self.box.right() - 1, self.box.top() + 1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(OVERFLOW)
        painter.drawEllipse(centre, r, r)
        painter.setPen(Qt.GlobalColor.white)
        font = painter.font()
        font.setPointSizeF(3.6)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r),
                         Qt.AlignmentFlag.AlignCenter, "!")


class GuideItem(QGraphicsLineItem):
    """A snapping guide line shown while dragging."""

    def __init__(self, line: QLineF) -> None:
        super().__init__(line)
        pen = QPen(QColor("#e0198a"), 0)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(20)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
