"""Editing a block's text right on the page.

:class:`InPlaceEditor` is a small frame over the block, on the page view's viewport: a
one-line box (titles, captions, web addresses) or a several-line box (callout text, the
main message, the disclaimer), filled with the text as it prints, at a readable size
whatever the zoom, with a line saying how to finish. Enter (one line) or Ctrl+Enter
(several lines), or clicking elsewhere, finishes: :attr:`InPlaceEditor.committed` carries
the text; Esc cancels. The editor only edits text: the page view turns the text into one
undoable document edit.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

MIN_PX, MAX_PX = 13.0, 28.0  # the editor's type, in screen pixels, at any zoom
MIN_WIDTH_PX = 260
PT_MM = 25.4 / 72.0


class InPlaceEditor(QFrame):
    """A text box over a block on the page, for one of its text fields."""

    committed = Signal(str)
    cancelled = Signal()

    def __init__(self, view: QGraphicsView, block_id: str, field: str, label: str,
                 text: str, long: bool, size_pt: float, rect_mm: QRectF) -> None:
        super().__init__(view.viewport())
        self.setObjectName("inPlaceEditor")
        self.view, self.block_id, self.field, self.long = view, block_id, field, long
        self.rect_mm, self.size_pt = rect_mm, size_pt
        self._done = False
        self.setFrameShape(QFrame.Shape.Box)
        self.setStyleSheet("QFrame#inPlaceEditor { background: #ffffff; "
                           "border: 2px solid #1c66b0; border-radius: 3px; }")
        self.edit: QLineEdit | QPlainTextEdit
        if long:
            edit = QPlainTextEdit(text)
            edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            edit.setFrameShape(QFrame.Shape.NoFrame)
            edit.textChanged.connect(self.place)
            self.edit = edit
        else:
            line = QLineEdit(text)
            line.setFrame(False)
            self.edit = line
        self.edit.setObjectName("inPlaceText")
        self.edit.setAccessibleName(label)
        self.edit.installEventFilter(self)
        keys = "Ctrl+Enter" if long else "Enter"
        self.hint = QLabel(f"{label}: {keys} to finish, Esc to cancel")
        self.hint.setObjectName("inPlaceHint")
        self.hint.setStyleSheet("color: #52626d; font-size: 11px;")
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        column.setSpacing(2)
        column.addWidget(self.edit)
        column.addWidget(self.hint)
        self.place()
        self.show()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(self.edit, QLineEdit):
            self.edit.selectAll()  # one line: typing replaces it, as on a canvas
        else:
            self.edit.moveCursor(QTextCursor.MoveOperation.End)  # a paragraph is kept

    def text(self) -> str:
        """The text as typed so far."""
        edit = self.edit
        return edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()

    def font_px(self) -> float:
        """The editor's type size in pixels: the block's own at the zoom, kept readable."""
        zoom = self.view.transform().m11()  # pixels per millimetre
        return min(MAX_PX, max(MIN_PX, self.size_pt * PT_MM * zoom))

    def place(self) -> None:
        """Cover the block (at least wide enough to type in), inside the viewport."""
        font = QFont(self.edit.font())
        font.setPixelSize(round(self.font_px()))
        self.edit.setFont(font)
        block = self.view.mapFromScene(self.rect_mm).boundingRect()
        metrics = QFontMetrics(font)
        lines = 1
        if isinstance(self.edit, QPlainTextEdit):
            self.edit.document().setTextWidth(max(block.width(), MIN_WIDTH_PX) - 24)
            lines = min(8, max(3, int(self.edit.document().size().height()) + 1))
        text_h = lines * metrics.lineSpacing() + (10 if lines > 1 else 6)
        self.edit.setFixedHeight(text_h)
        width = max(block.width(), MIN_WIDTH_PX)
        height = text_h + self.hint.sizeHint().height() + 12
        port = self.view.viewport().rect()
        x = min(max(block.left(), port.left()), max(port.left(), port.right() - width))
        y = min(max(block.top(), port.top()), max(port.top(), port.bottom() - height))
        self.setGeometry(QRect(int(x), int(y), int(min(width, port.width())), int(height)))

    def finish(self) -> None:
        """Commit the text (once)."""
        if self._done:
            return
        self._done = True
        self.committed.emit(self.text())

    def cancel(self) -> None:
        """Close without changing anything (once)."""
        if self._done:
            return
        self._done = True
        self.cancelled.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.edit:
            return False
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        if event.type() == QEvent.Type.FocusOut:
            reason = getattr(event, "reason", lambda: None)()
            if reason not in (Qt.FocusReason.PopupFocusReason,
                              Qt.FocusReason.ActiveWindowFocusReason):
                self.finish()
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.cancel()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if not self.long or ctrl:
                self.finish()
                return True
        return False

