"""The wheel never edits: it scrolls the form unless the field under it has keyboard focus.

One event filter on the QApplication. A wheel event whose receiver is (or is inside) a spin
box (QSpinBox, QDoubleSpinBox, QDateEdit...), a combo box or a slider that does not have
keyboard focus is not given to that widget: it goes on to the widget's parents as Qt would
deliver it had the widget ignored it, so the enclosing scroll area scrolls the form. A
focused field keeps Qt's behaviour (the wheel steps it).

The same filter takes the wheel out of those widgets' focus policy (WheelFocus becomes
StrongFocus) when they are polished, so a wheel over a field never focuses it either.

Scroll bars are sliders too, but they are how scrolling happens: they are left alone. So are
item views, text edits and graphics views (the diagram's wheel zoom).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARD_NAME = "gutskinWheelGuard"
_FIELDS = (QAbstractSpinBox, QComboBox, QAbstractSlider)
_WHEEL = QEvent.Type.Wheel
_POLISH = QEvent.Type.Polish


def _is_field(widget: QWidget) -> bool:
    return isinstance(widget, _FIELDS) and not isinstance(widget, QScrollBar)


def wheel_field(widget: QWidget) -> QWidget | None:
    """The spin box, combo box or slider that ``widget`` is (or is part of), if any.

    The walk stops at the widget's window (a combo box's open list is a window of its own)
    and at a scroll area (its wheel scrolls it: a list, a text edit, a graphics view).
    """
    current: QWidget | None = widget
    while current is not None:
        if _is_field(current):
            return current
        if current.isWindow() or isinstance(current, QAbstractScrollArea):
            return None
        current = current.parentWidget()
    return None


def _has_focus(field: QWidget) -> bool:
    if field.hasFocus():
        return True
    focused = QApplication.focusWidget()
    return focused is not None and field.isAncestorOf(focused)


def _unwheel_focus(widget: QWidget) -> None:
    if _is_field(widget) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def pass_on(field: QWidget, receiver: QWidget, event: QWheelEvent) -> bool:
    """Deliver a copy of ``event`` to ``field``'s parents, innermost first, until one takes it.

    This is Qt's own propagation of an ignored wheel event, done by hand because Qt does not
    propagate events that are sent rather than spontaneous. True if a parent took it.
    """
    if field.isWindow() or field.testAttribute(Qt.WidgetAttribute.WA_NoMousePropagation):
        return False
    position = QPointF(receiver.mapTo(field, event.position())) if receiver is not field \
        else event.position()
    position += QPointF(field.pos())
    target = field.parentWidget()
    while target is not None:
        copy = QWheelEvent(position, event.globalPosition(), event.pixelDelta(),
                           event.angleDelta(), event.buttons(), event.modifiers(),
                           event.phase(), event.inverted(), event.source(),
                           event.pointingDevice())
        copy.setTimestamp(event.timestamp())
        copy.setAccepted(True)  # a widget that does not use the wheel ignores it
        QApplication.sendEvent(target, copy)
        if copy.isAccepted():
            return True
        if target.isWindow() or target.testAttribute(Qt.WidgetAttribute.WA_NoMousePropagation):
            return False
        position += QPointF(target.pos())
        target = target.parentWidget()
    return False


class WheelGuard(QObject):
    """The application-wide filter: see the module's docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _WHEEL:
            if not isinstance(watched, QWidget):
                return False
            field = wheel_field(watched)
            if field is None or _has_focus(field) or not isinstance(event, QWheelEvent):
                return False
            pass_on(field, watched, event)
            event.accept()  # taken here: Qt must not hand it to the field as it propagates
            return True
        if kind == _POLISH and isinstance(watched, QWidget):
            _unwheel_focus(watched)
        return False


def install(app: QApplication | None = None) -> WheelGuard:
    """Install the guard on the application once; the installed one is returned."""
    if app is None:
        instance = QApplication.instance()
        if not isinstance(instance, QApplication):
            raise RuntimeError("the wheel guard needs a QApplication")
        app = instance
    existing = app.findChild(WheelGuard, GUARD_NAME)
    if existing is not None:
        return existing
    guard = WheelGuard(app)
    guard.setObjectName(GUARD_NAME)
    app.installEventFilter(guard)
    for widget in QApplication.allWidgets():  # those polished before the guard was there
        _unwheel_focus(widget)
    return guard
