"""Small field widgets the designer's panels share: a millimetre or point spin box, a
narrow combo box, a text box that grows with its text, and a checkable button for a type
face (bold, italic)."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

MIN_LINES = 2
MIN_FIELD_PX = 72
MAX_LINES = 6


def spin(low: float, high: float, step: float, suffix: str, decimals: int = 1,
         name: str = "", tracking: bool = True) -> QDoubleSpinBox:
    """A spin box for a size in mm or pt; ``tracking`` False edits only on Enter, on
    leaving the box or on a step, not at every key typed."""
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setSuffix(suffix)
    box.setKeyboardTracking(tracking)
    box.setObjectName(name)
    box.setMinimumWidth(MIN_FIELD_PX)  # narrower than the widest value: the panel stays slim
    return box


def compact(combo: QComboBox, letters: int = 10) -> QComboBox:
    """A combo box as narrow as ``letters`` letters allow, whatever its longest entry."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(letters)
    return combo


class GrowingTextEdit(QPlainTextEdit):
    """Plain text over several lines, as tall as its text from two lines up to six (then
    it scrolls). ``edited`` is emitted for what the person types, not for
    :meth:`set_text`. Tab moves on to the next field, as in a form."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setting = False
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._on_change)
        self.document().documentLayout().documentSizeChanged.connect(
            lambda _: self.updateGeometry())

    def text(self) -> str:
        """The text as typed."""
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        """Show a text (nothing is emitted); the cursor goes to its end."""
        if text == self.toPlainText():
            return
        self._setting = True
        try:
            self.setPlainText(text)
        finally:
            self._setting = False

    def _on_change(self) -> None:
        if not self._setting:
            self.edited.emit(self.toPlainText())

    def sizeHint(self) -> QSize:
        lines = self.document().documentLayout().documentSize().height()
        shown = min(MAX_LINES, max(MIN_LINES, int(lines)))
        metrics = QFontMetrics(self.font())
        margins = self.contentsMargins()
        height = (shown * metrics.lineSpacing() + 2 * self.document().documentMargin()
                  + margins.top() + margins.bottom() + 2)
        return QSize(super().sizeHint().width(), int(height))

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_FIELD_PX, self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        self.updateGeometry()


class FaceButton(QToolButton):
    """A checkable "B" or "I" button for a block's bold or italic face."""

    def __init__(self, letter: str, name: str, tip: str, bold: bool = False,
                 italic: bool = False) -> None:
        super().__init__()
        self.setText(letter)
        self.setObjectName(name)
        self.setToolTip(tip)
        self.setAccessibleName(tip)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFixedSize(QSize(30, 26))
        font = QFont(self.font())
        font.setBold(bold)
        font.setItalic(italic)
        font.setPointSizeF(font.pointSizeF() + 1)
        self.setFont(font)
