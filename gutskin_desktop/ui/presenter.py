"""Presenter mode: a projector-ready guided tour in the article's order.

F5 goes full screen with the diagram across the top and the step's text below it as
slide pages in large type. The audience reads the section's patient text, never the
presenter notes. Right, Space and Page Down turn the text's pages and then go on to the
next step; Left and Page Up go back. Each step glides the view to the step's box and its
pathways, scaled so that every box label is at least :data:`LABEL_PX` pixels high.
With two screens the presenter view (notes, next step, elapsed time) opens on the other
screen; with one, N shows and hides the notes over the diagram. Esc leaves and puts the
window back exactly as it was.

The :class:`Presenter` runs the full screen, the layout, the keys and the notes; it says
what happens through its signals (``active_changed`` to hide or show the window's menus,
``step_changed`` to open the step's box), and the window that owns it answers.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRect,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from ..model.bundle import Bundle
from .diagram_view import DiagramView
from .section_panel import SectionPanel

if TYPE_CHECKING:  # start-up speed: the views are made when presenting starts
    from PySide6.QtCore import QByteArray, QElapsedTimer

    from .presenter_view import NotesPanel

LABEL_PX = 24.0          # the smallest box label while presenting, in pixels at 1080 high


def label_px(height: int) -> float:
    """The smallest box label, in pixels, for a presenting window ``height`` pixels high:
    :data:`LABEL_PX` on a 1080-pixel screen and in proportion on others, so that a smaller
    window (or a projector at 768) shows as much of the diagram, as large for its room."""
    return LABEL_PX * max(1, height) / 1080
MOST_SCALE = 2.6         # a small pathway is not blown up beyond this
PAD = 28.0               # scene units around a step's pathway
TEXT_SHARE = 0.36        # of the screen's height, for the slide text
NEXT = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown}
BACK = {Qt.Key.Key_Left, Qt.Key.Key_PageUp}


def slide_body_pt(height: int) -> float:
    """The slide text's body size in points for a screen ``height`` pixels high (22.5 pt,
    30 px, at 1080)."""
    return max(14.0, min(30.0, height / 48))


class Presenter(QObject):
    """Runs the guided tour on a window showing the diagram beside the section panel."""

    step_changed = Signal(int)     # the step shown now; its node is tour[step]
    active_changed = Signal(bool)  # presenting started (True) or ended (False)

    def __init__(self, stage: QWidget, splitter: QSplitter, panel: SectionPanel,
                 view: DiagramView, tour: list[str], bundle: Callable[[], Bundle]) -> None:
        """``stage`` is the window that goes full screen; ``splitter`` holds the diagram
        ``view`` and the section ``panel``; ``bundle`` gives the content shown now."""
        super().__init__(stage)
        self._stage, self._splitter, self._panel, self._view = stage, splitter, panel, view
        self._bundle = bundle
        self.active = False
        self.step = 0
        self.tour = list(tour)
        self._saved_state = Qt.WindowState.WindowNoState
        self._saved_geometry = QRect()
        # made when presenting starts (start-up speed: PySide builds a Qt class's Python
        # type, with its enums, when a module first names it)
        self._saved_splitter: QByteArray | None = None
        self._saved_orientation = splitter.orientation()
        self._clock: QElapsedTimer | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self.overlay: NotesPanel | None = None
        self.presenter_view: NotesPanel | None = None

    def set_tour(self, tour: list[str]) -> None:
        """Take the tour again (the diagram was edited)."""
        self.tour = list(tour)
        self.step = min(self.step, max(0, len(self.tour) - 1))

    # -- starting and stopping ----------------------------------------------------------

    def start(self) -> None:
        """Go full screen, lay out the diagram over the slide text, show the first step."""
        if self.active or not self.tour:
            return
        stage = self._stage
        self._saved_state = stage.windowState()
        self._saved_geometry = stage.geometry()
        self._saved_splitter = self._splitter.saveState()
        self._saved_orientation = self._splitter.orientation()
        self.active = True
        self.active_changed.emit(True)
        stage.showFullScreen()
        body = slide_body_pt(stage.height())
        self._splitter.setOrientation(Qt.Orientation.Vertical)
        for i in range(self._splitter.count()):  # a page hidden in a stack asks for room
            part = self._splitter.widget(i)
            if part is not None:
                part.setMinimumHeight(1)
        self._share_space()
        self._panel.set_slides(body)
        from .presenter_view import notes_overlay

        self.overlay = notes_overlay(self._view, body * 0.75)
        self._open_presenter_view(slide_body_pt(self._screen_height(1)) * 0.9)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        from PySide6.QtCore import QElapsedTimer

        self._clock = QElapsedTimer()
        self._clock.start()
        self._ticker.start()
        self.go(0)

    def stop(self) -> None:
        """Leave presenter mode and put the window back as it was."""
        if not self.active:
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._ticker.stop()
        self.active = False
        for panel in (self.overlay, self.presenter_view):
            if panel is not None:
                panel.close()
                panel.deleteLater()
        self.overlay = self.presenter_view = None
        self._panel.set_slides(None)
        self.active_changed.emit(False)
        stage = self._stage
        stage.setWindowState(self._saved_state)
        if not self._saved_state & (Qt.WindowState.WindowMaximized
                                    | Qt.WindowState.WindowFullScreen):
            stage.setGeometry(self._saved_geometry)
        self._splitter.setOrientation(self._saved_orientation)
        for i in range(self._splitter.count()):
            part = self._splitter.widget(i)
            if part is not None:
                part.setMinimumHeight(0)
        if self._saved_splitter is not None:
            self._splitter.restoreState(self._saved_splitter)
        self._view.fit()

    def _screen_height(self, index: int) -> int:
        screens = QGuiApplication.screens()
        return screens[index].geometry().height() if index < len(screens) else 1080

    def _share_space(self) -> None:
        """Give the slide text its share of the height, in type sized for the window."""
        if not self.active:
            return
        total = self._splitter.height() or self._stage.height()
        text = int(total * TEXT_SHARE)
        if self._splitter.sizes() != [total - text, text]:
            self._splitter.setSizes([total - text, text])
        body = slide_body_pt(self._stage.height())
        look = self._panel.slide_look
        if look is not None and look.body_pt != body:
            self._panel.set_slides(body)

    def _open_presenter_view(self, body_pt: float) -> None:
        from .presenter_view import notes_screen, presenter_window

        screen = notes_screen(self._stage.screen(), QGuiApplication.screens())
        if screen is None:
            return
        self.presenter_view = presenter_window(screen, body_pt)
        self.presenter_view.show()

    # -- steps ----------------------------------------------------------------------------

    def go(self, step: int, last_page: bool = False) -> None:
        """Show step ``step`` (clamped to the tour), at its first page or its last."""
        self.step = max(0, min(step, len(self.tour) - 1))
        self.step_changed.emit(self.step)
        if last_page:
            self._panel.show_last_page()
        self._show_notes()
        self.frame()

    def next(self) -> None:
        """The next page of the step's text, else the next step (the last one stays)."""
        if not self._panel.turn_page(1) and self.step < len(self.tour) - 1:
            self.go(self.step + 1)

    def previous(self) -> None:
        """The page before, else the step before at its last page (the first one stays)."""
        if not self._panel.turn_page(-1) and self.step > 0:
            self.go(self.step - 1, last_page=True)

    def toggle_notes(self) -> None:
        """Show or hide the notes over the diagram (N)."""
        overlay = self.overlay
        if overlay is None:
            return
        if overlay.isVisible():
            overlay.hide()
        else:
            from .presenter_view import place_overlay

            place_overlay(overlay, self._view)
            overlay.show()

    def _show_notes(self) -> None:
        bundle = self._bundle()
        node = bundle.diagram.node(self.tour[self.step])
        section = bundle.content.section(node.section)
        after = self.step + 1
        next_name = bundle.diagram.node(self.tour[after]).label \
            if after < len(self.tour) else None
        heading = f"Step {self.step + 1} of {len(self.tour)}: {node.label}"
        for panel in (self.overlay, self.presenter_view):
            if panel is not None:
                panel.show_step(heading, section, next_name)

    def _tick(self) -> None:
        seconds = int(self._clock.elapsed() // 1000) if self._clock is not None else 0
        for panel in (self.overlay, self.presenter_view):
            if panel is not None:
                panel.show_elapsed(seconds)

    # -- the view -------------------------------------------------------------------------

    def frame(self) -> None:
        """Glide the view to the step's pathway, at a scale that keeps labels readable."""
        if self.active and self.tour:
            self._view.animate_to(self.target_rect(), grow=False)

    def target_rect(self) -> QRectF:
        """The scene rectangle to show for the step: its pathway, or as much of it as fits
        around the step's box with every label at least :func:`label_px` high."""
        view, node_id = self._view, self.tour[self.step]
        scene = view.diagram_scene
        port = view.viewport().rect()
        width, height = max(1, port.width()), max(1, port.height())
        pathway = scene.pathway_rect(node_id).adjusted(-PAD, -PAD, PAD, PAD)
        fit = min(width / pathway.width(), height / pathway.height(), MOST_SCALE)
        shown = {node_id} | scene.neighbours(node_id)
        rect = QRectF()
        for _ in range(2):  # again if the first rectangle takes in a smaller label
            smallest = min(scene.node_item(i).model_geometry.font_size for i in shown)
            least = label_px(self._stage.height())
            scale = max(least / smallest * 1.02, fit)  # fitInView keeps a 2 px margin
            rect = self._around(node_id, pathway, width / scale, height / scale)
            shown |= {n.id for n in scene.bundle.diagram.nodes
                      if scene.node_rect(n.id).intersects(rect)}
        return rect

    def _around(self, node_id: str, pathway: QRectF, w: float, h: float) -> QRectF:
        """A ``w`` by ``h`` rectangle centred on the pathway, moved to hold the box."""
        box = self._view.diagram_scene.node_rect(node_id).adjusted(-PAD, -PAD, PAD, PAD)
        centre = pathway.center()
        left = min(max(centre.x() - w / 2, box.right() - w), box.left())
        top = min(max(centre.y() - h / 2, box.bottom() - h), box.top())
        return QRectF(left, top, w, h)

    # -- keys and sizes -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.active:
            return False
        if event.type() == QEvent.Type.Resize:
            if watched is self._splitter:
                QTimer.singleShot(0, self._share_space)
            if watched is self._view.viewport():
                QTimer.singleShot(0, self._after_resize)
            return False
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if key in NEXT:
            self.next()
        elif key in BACK:
            self.previous()
        elif key == Qt.Key.Key_N:
            self.toggle_notes()
        elif key == Qt.Key.Key_Escape:
            self.stop()
        else:
            return False
        return True

    def _after_resize(self) -> None:
        if not self.active:
            return
        self.frame()
        if self.overlay is not None and self.overlay.isVisible():
            from .presenter_view import place_overlay

            place_overlay(self.overlay, self._view)
