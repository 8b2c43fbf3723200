"""Small tools of Arrange mode: the in-place label editor and the rubber band of a new arrow.

:class:`InPlaceEditor` is a line edit laid over a box or an arrow's label: Enter commits
its text (one undoable edit, made by whoever listens), Esc or a click elsewhere cancels.
:class:`RubberBand` is the dashed line drawn from a box to the pointer while a new arrow
is dragged out.
"""
from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QLineEdit, QWidget

from ..model import theme
from .qtfonts import ui_font

LABEL_MAX = 60  # the longest box or arrow label the diagram takes


class InPlaceEditor(QLineEdit):
    """A label edited where it is drawn."""

    committed = Signal(str)
    cancelled = Signal()

    def __init__(self, text: str, over: QRect, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setObjectName("inPlaceEditor")
        self.setAccessibleName("Label")
        self.setMaxLength(LABEL_MAX)
        self.setFont(ui_font(12))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._done = False
        height = max(over.height(), self.sizeHint().height())
        width = max(over.width(), 160)
        self.setGeometry(over.center().x() - width // 2, over.center().y() - height // 2,
                         width, height)
        self.returnPressed.connect(self._commit)
        self.selectAll()
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _finish(self) -> None:
        self._done = True
        self.hide()
        self.deleteLater()

    def _commit(self) -> None:
        if not self._done:
            self._finish()
            self.committed.emit(self.text())

    def cancel(self) -> None:
        """Close without changing anything."""
        if not self._done:
            self._finish()
            self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.cancel()


class RubberBand(QGraphicsLineItem):
    """The dashed line from a box to the pointer while a new arrow is dragged out."""

    def __init__(self, start: QPointF) -> None:
        super().__init__(QLineF(start, start))
        pen = QPen(QColor(theme.FOCUS), 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(10)

    def stretch_to(self, point: QPointF) -> None:
        """Move the line's free end to a scene point."""
        self.setLine(QLineF(self.line().p1(), point))
