"""Presenter mode: full screen, large type and a guided tour in the article's order.

While presenting, Right, Space and Page Down go to the next step and Left and Page Up go
back; each step glides the view to its node, lights its pathways and shows its section.
Esc leaves and puts the window back exactly as it was.

The :class:`Presenter` runs the full screen, the type size, the splitter and the keys; it
says what happens through its signals (``active_changed`` to hide or show the window's
menus, ``step_changed`` to open the step's node), and the window that owns it answers.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from .diagram_view import DiagramView
from .section_panel import SectionPanel

MIN_SCALE, MAX_SCALE, SCALE_HEIGHT = 1.3, 1.8, 600.0
NEXT = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown}
BACK = {Qt.Key.Key_Left, Qt.Key.Key_PageUp}


class Presenter(QObject):
    """Runs the guided tour on a window showing the diagram beside the section panel."""

    step_changed = Signal(int)     # the step shown now; its node is tour[step]
    active_changed = Signal(bool)  # presenting started (True) or ended (False)

    def __init__(self, stage: QWidget, splitter: QSplitter, panel: SectionPanel,
                 view: DiagramView, tour: list[str]) -> None:
        """``stage`` is the window that goes full screen; ``splitter`` holds the diagram
        ``view`` and the section ``panel``."""
        super().__init__(stage)
        self._stage, self._splitter, self._panel, self._view = stage, splitter, panel, view
        self.active = False
        self.step = 0
        self.tour = list(tour)
        self._saved_state = Qt.WindowState.WindowNoState
        self._saved_geometry = QRect()
        self._saved_splitter = QByteArray()

    def set_tour(self, tour: list[str]) -> None:
        """Take the tour again (the diagram was edited)."""
        self.tour = list(tour)
        self.step = min(self.step, max(0, len(self.tour) - 1))

    def start(self) -> None:
        """Go full screen with large type and show the first step."""
        if self.active:
            return
        stage = self._stage
        self._saved_state = stage.windowState()
        self._saved_geometry = stage.geometry()
        self._saved_splitter = self._splitter.saveState()
        self.active = True
        self.active_changed.emit(True)
        stage.showFullScreen()
        self._panel.set_scale(self.type_scale())
        total = self._splitter.width() or stage.width()
        self._splitter.setSizes([int(total * 0.6), int(total * 0.4)])
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.go(0)

    def stop(self) -> None:
        """Leave presenter mode and restore the window."""
        if not self.active:
            return
        stage = self._stage
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.active = False
        self._panel.set_scale(1.0)
        self.active_changed.emit(False)
        stage.setWindowState(self._saved_state)
        if not self._saved_state & (Qt.WindowState.WindowMaximized
                                    | Qt.WindowState.WindowFullScreen):
            stage.setGeometry(self._saved_geometry)
        self._splitter.restoreState(self._saved_splitter)
        self._view.fit()

    def type_scale(self) -> float:
        """How much larger the text is set while presenting, by the screen's height."""
        screen = self._stage.screen()
        height = screen.geometry().height() if screen else 1080
        return max(MIN_SCALE, min(MAX_SCALE, height / SCALE_HEIGHT))

    def go(self, step: int) -> None:
        """Show step ``step`` (clamped to the tour)."""
        self.step = max(0, min(step, len(self.tour) - 1))
        self.step_changed.emit(self.step)

    def next(self) -> None:
        """The next step (the last one stays)."""
        self.go(self.step + 1)

    def previous(self) -> None:
        """The step before (the first one stays)."""
        self.go(self.step - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.active or not isinstance(event, QKeyEvent) \
                or event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if key in NEXT:
            self.next()
        elif key in BACK:
            self.previous()
        elif key == Qt.Key.Key_Escape:
            self.stop()
        else:
            return False
        return True
