"""Presenter mode: full screen, large type and a guided tour in the article's order.

While presenting, Right, Space and Page Down go to the next step and Left and Page Up go
back; each step glides the view to its node, lights its pathways and shows its section.
Esc leaves and puts the window back exactly as it was.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from .main_window import MainWindow

MIN_SCALE, MAX_SCALE, SCALE_HEIGHT = 1.3, 1.8, 600.0
NEXT = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown}
BACK = {Qt.Key.Key_Left, Qt.Key.Key_PageUp}


class Presenter(QObject):
    """Runs the guided tour on a main window."""

    step_changed = Signal(int)
    active_changed = Signal(bool)

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.step = 0
        diagram = window.bundle.diagram
        self.tour = list(diagram.tour) or diagram.tour_order()
        self._saved_state = Qt.WindowState.WindowNoState
        self._saved_geometry = QRect()
        self._saved_splitter = QByteArray()

    def start(self) -> None:
        """Go full screen with large type and show the first step."""
        if self.active:
            return
        w = self.window
        self._saved_state = w.windowState()
        self._saved_geometry = w.geometry()
        self._saved_splitter = w.splitter.saveState()
        self.active = True
        w.set_chrome_visible(False)
        w.showFullScreen()
        w.panel.set_scale(self.type_scale())
        total = w.splitter.width() or w.width()
        w.splitter.setSizes([int(total * 0.6), int(total * 0.4)])
        QApplication.instance().installEventFilter(self)
        self.active_changed.emit(True)
        self.go(0)

    def stop(self) -> None:
        """Leave presenter mode and restore the window."""
        if not self.active:
            return
        w = self.window
        QApplication.instance().removeEventFilter(self)
        self.active = False
        w.panel.set_scale(1.0)
        w.set_chrome_visible(True)
        w.setWindowState(self._saved_state)
        if not self._saved_state & (Qt.WindowState.WindowMaximized
                                    | Qt.WindowState.WindowFullScreen):
            w.setGeometry(self._saved_geometry)
        w.splitter.restoreState(self._saved_splitter)
        w.clear_selection()
        w.view.fit()
        self.active_changed.emit(False)

    def type_scale(self) -> float:
        """How much larger the text is set while presenting, by the screen's height."""
        screen = self.window.screen()
        height = screen.geometry().height() if screen else 1080
        return max(MIN_SCALE, min(MAX_SCALE, height / SCALE_HEIGHT))

    def go(self, step: int) -> None:
        """Show step ``step`` (clamped to the tour)."""
        self.step = max(0, min(step, len(self.tour) - 1))
        self.window.open_node(self.tour[self.step], animate=True)
        self.step_changed.emit(self.step)

    def next(self) -> None:
        self.go(self.step + 1)

    def previous(self) -> None:
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
