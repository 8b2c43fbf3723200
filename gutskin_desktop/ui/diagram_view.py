"""The diagram view: fit, zoom, pan, keyboard moves between nodes, and animated focus.

The view fits the diagram on start and on resize until the user zooms; the wheel and
Ctrl+= / Ctrl+- zoom, 0 fits again, and dragging the background pans. Tab, Shift+Tab and
the arrow keys move a focus ring through the nodes in tour order; Enter opens the focused
node and Esc clears.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEasingCurve, QPoint, QRect, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from .diagram_scene import DiagramScene

ZOOM_STEP = 1.25
OVERVIEW_TEXT_PX = 4.0
LABEL_PT = 12.5
MIN_ZOOM = 0.25
MAX_ZOOM = 8.0
NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Down)
PREVIOUS_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Up)


class DiagramView(QGraphicsView):
    """Shows a :class:`DiagramScene` and lets a person move around it."""

    open_requested = Signal(str)
    clear_requested = Signal()
    focus_changed = Signal(str)

    def __init__(self, scene: DiagramScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        # A start-up speed trick: a viewport made here, in Python, so that viewport()
        # hands back this wrapper. The one Qt makes is unknown to PySide, which, the
        # first time it meets such a widget, looks through every widget class it could
        # be and builds their Python enum types (68 of them, about 10 ms of the app's
        # first paint; benchmarks/first_paint.py). Qt sets this one up as its own.
        self.setViewport(QWidget())
        self.setObjectName("diagramView")
        self.setAccessibleName("Gut-brain-skin axis diagram")
        self.setAccessibleDescription(
            "Tab or the arrow keys move between nodes, Enter opens one, Escape clears.")
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.auto_fit = True
        self._order = scene.bundle.diagram.tour_order()
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(520)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._fit_rect)
        self.overview = False
        self._settling = False
        self._press_at: QPoint | None = None
        self.horizontalScrollBar().valueChanged.connect(self._fill_view)
        self.verticalScrollBar().valueChanged.connect(self._fill_view)

    def refresh_order(self) -> None:
        """Take the tour order again after the diagram changed."""
        self._order = self.diagram_scene.bundle.diagram.tour_order()
        self.overview = False
        self.sync_detail()

    def sync_detail(self) -> None:
        """Level of detail: a big diagram zoomed out too far to read its labels is drawn
        in one go as plain boxes and lines instead of thousands of items; zoomed in, only
        the part on show has items."""
        scene = self._shown_scene()
        if scene is None:  # the window is closing
            return
        want = scene.virtual and self._too_far_out()
        if want != self.overview:
            self.overview = want
            scene.set_overview_shown(want)
            self.resetCachedContent()
            self.viewport().update()
        self._fill_view()

    @contextmanager
    def _settle(self) -> Iterator[None]:
        """Make no items for the in-between scales and scroll positions of a resize, a
        zoom or a fit; the caller fills the view once it has settled."""
        self._settling = True
        try:
            yield
        finally:
            self._settling = False

    def _too_far_out(self) -> bool:
        return self.zoom_factor() * LABEL_PT < OVERVIEW_TEXT_PX

    def _fill_view(self) -> None:
        """Give the part of a big diagram on show (and a margin round it) its items."""
        scene = self._shown_scene()
        if scene is None or not scene.virtual or self._settling or self._too_far_out():
            return
        scene.materialize(self.mapToScene(self.viewport().rect()).boundingRect())

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawBackground(painter, rect)
        if self.overview:
            self.diagram_scene.draw_overview(painter, QRectF(rect))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_at = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pressed = self._press_at
        moved = pressed is None or (event.position().toPoint() - pressed).manhattanLength() > 4
        if self.overview and event.button() == Qt.MouseButton.LeftButton and not moved:
            node_id = self.diagram_scene.node_at(self.mapToScene(event.position().toPoint()))
            if node_id:
                self.open_requested.emit(node_id)

    def _shown_scene(self) -> DiagramScene | None:
        """The diagram's scene; None once it is gone (the window is closing)."""
        scene = self.scene()
        return scene if isinstance(scene, DiagramScene) else None

    @property
    def diagram_scene(self) -> DiagramScene:
        """The diagram's scene this view shows."""
        scene = self._shown_scene()
        if scene is None:
            raise RuntimeError("the diagram's scene is gone (the window has closed)")
        return scene

    @property
    def animation(self) -> QVariantAnimation:
        """The running or last animation towards a node (for waiting on it)."""
        return self._animation

    # -- zoom and fit -------------------------------------------------------------------

    def zoom_factor(self) -> float:
        """The current scale relative to 1 point per pixel."""
        return self.transform().m11()

    def fit(self) -> None:
        """Show the whole diagram and keep it fitted on resize."""
        self._animation.stop()
        self.auto_fit = True
        with self._settle():
            self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.sync_detail()

    def zoom_by(self, factor: float) -> None:
        """Zoom by a factor, within limits, and stop fitting on resize."""
        self._animation.stop()
        current = self.zoom_factor()
        target = min(MAX_ZOOM, max(MIN_ZOOM, current * factor))
        if abs(target - current) < 1e-9:
            return
        self.auto_fit = False
        with self._settle():
            self.scale(target / current, target / current)
        self.sync_detail()

    def zoom_in(self) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.zoom_by(ZOOM_STEP)
        self.setTransformationAnchor(anchor)

    def zoom_out(self) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.zoom_by(1 / ZOOM_STEP)
        self.setTransformationAnchor(anchor)

    def animate_to(self, rect: QRectF, grow: bool = True) -> None:
        """Glide the view so that ``rect`` (grown a little, unless ``grow`` is False)
        fills it."""
        self._animation.stop()
        self.auto_fit = False
        pad = max(rect.width(), rect.height()) * 0.12 + 24 if grow else 0.0
        target = rect.adjusted(-pad, -pad, pad, pad)
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        self._animation.setStartValue(visible)
        self._animation.setEndValue(target)
        self._animation.start()

    def _fit_rect(self, rect: QRectF) -> None:
        with self._settle():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self.sync_detail()

    def resizeEvent(self, event: QResizeEvent) -> None:
        with self._settle():
            super().resizeEvent(event)
            if self.auto_fit:
                self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.sync_detail()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP ** steps)
        event.accept()

    # -- keyboard -------------------------------------------------------------------------

    def move_focus(self, step: int) -> str:
        """Move the focus ring ``step`` nodes along the tour order (wrapping)."""
        scene = self.diagram_scene
        current = scene.focused or scene.opened
        if current in self._order:
            index = (self._order.index(current) + step) % len(self._order)
        else:
            index = 0 if step > 0 else len(self._order) - 1
        node_id = self._order[index]
        scene.set_focused(node_id)
        item = scene.node_item(node_id)
        self.ensureVisible(item.sceneBoundingRect(), 24, 24)
        self.focus_changed.emit(node_id)
        return node_id

    def focusNextPrevChild(self, next: bool) -> bool:  # Qt's name for the argument
        scene = self.diagram_scene
        current = scene.focused
        at_edge = current == (self._order[-1] if next else self._order[0])
        if current is not None and at_edge:
            scene.set_focused(None)
            return super().focusNextPrevChild(next)
        self.move_focus(1 if next else -1)
        return True

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        if self.diagram_scene.focused is None and reason in (
                Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.move_focus(1 if reason == Qt.FocusReason.TabFocusReason else -1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        scene = self.diagram_scene
        if key in NEXT_KEYS or key in PREVIOUS_KEYS:
            self.move_focus(1 if key in NEXT_KEYS else -1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            target = scene.focused or scene.opened
            if target:
                self.open_requested.emit(target)
        elif key == Qt.Key.Key_Escape:
            self.clear_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()
