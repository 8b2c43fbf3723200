"""The wheel never edits: over a field without keyboard focus it scrolls the form instead.

The wheel is turned as a mouse turns it: ``QTest.wheelEvent`` on the window at the point
under the pointer, so Qt picks the widget under it (the line edit inside a date edit, say),
propagates the event up the parents and applies the focus policies, as it does for a real
mouse.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gutskin_desktop.app import build_window
from gutskin_desktop.ui.designer.window import DesignerWindow
from gutskin_desktop.ui.handout_window import HandoutWindow
from gutskin_desktop.ui.main_window import MainWindow
from gutskin_desktop.ui.wheel import WheelGuard

from .conftest import _discard_changes, node_point

DOWN, UP = -120, 120  # one notch of a mouse wheel (towards the user scrolls down)


def _wheel(widget: QWidget, notch: int = DOWN) -> None:
    """One notch with the pointer over the centre of ``widget``."""
    top = widget.window()
    spot = widget.mapTo(top, widget.rect().center())
    assert top.childAt(spot) is not None and (top.childAt(spot) is widget
                                              or widget.isAncestorOf(top.childAt(spot))), \
        "the pointer must be over the widget (is it scrolled out of view?)"
    QTest.wheelEvent(top.windowHandle(), QPointF(spot), QPoint(0, notch))


def _scroll_area(widget: QWidget) -> QScrollArea:
    area = widget.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    return area


@pytest.fixture
def handout(qtbot: QtBot, window: MainWindow) -> HandoutWindow:
    """The handout window, short enough that its form scrolls, the date in view."""
    win = window.open_handout()
    qtbot.waitUntil(lambda: win.panel.rendered is not None, timeout=10000)
    win.resize(1000, 420)
    qtbot.waitExposed(win)
    date = win.findChild(QDateEdit, "detailDate")
    date.setDate(QDate(2026, 11, 30))
    area = _scroll_area(date)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    area.ensureWidgetVisible(date)
    bar = area.verticalScrollBar()
    assert bar.value() < bar.maximum(), "the form can scroll down with the date in view"
    return win


def test_the_wheel_over_an_unfocused_date_scrolls_the_form(qtbot: QtBot,
                                                           handout: HandoutWindow) -> None:
    date = handout.findChild(QDateEdit, "detailDate")
    bar = _scroll_area(date).verticalScrollBar()
    top = bar.value()
    _wheel(date, DOWN)
    assert date.date() == QDate(2026, 11, 30), "the printed date stays as it was set"
    assert bar.value() > top, "the form scrolled instead"
    assert not date.hasFocus(), "the wheel does not focus the field either"
    down = bar.value()
    _wheel(date, UP)
    assert date.date() == QDate(2026, 11, 30)
    assert bar.value() < down


def test_the_wheel_steps_the_date_once_it_has_focus(qtbot: QtBot,
                                                    handout: HandoutWindow) -> None:
    date = handout.findChild(QDateEdit, "detailDate")
    bar = _scroll_area(date).verticalScrollBar()
    handout.activateWindow()
    date.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(date.hasFocus)
    top = bar.value()
    _wheel(date, DOWN)
    assert date.date() < QDate(2026, 11, 30), "a focused field keeps Qt's wheel (a step back)"
    assert bar.value() == top, "and the form stays put"


def test_the_wheel_over_the_forms_scroll_bar_still_scrolls(handout: HandoutWindow) -> None:
    date = handout.findChild(QDateEdit, "detailDate")
    bar = _scroll_area(date).verticalScrollBar()
    top = bar.value()
    _wheel(bar, DOWN)
    assert bar.value() > top


def test_designer_properties_ignore_an_unfocused_wheel(designer: DesignerWindow) -> None:
    size = designer.findChild(QComboBox, "prop_page_size")
    margin = designer.findChild(QDoubleSpinBox, "prop_margin_top")
    before = (size.currentText(), margin.value())
    steps = designer.document.undo_stack.count()
    for field in (size, margin):
        for notch in (DOWN, UP):
            _wheel(field, notch)
            assert (size.currentText(), margin.value()) == before
    assert designer.document.undo_stack.count() == steps, "nothing was edited"
    assert not size.hasFocus() and not margin.hasFocus()


def test_arrange_panel_combo_ignores_an_unfocused_wheel(qtbot: QtBot,
                                                        window: MainWindow) -> None:
    window.set_arranging(True)
    port = window.view.viewport()
    spot = node_point(window, "immune")
    QTest.mouseClick(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    panel = window.arrange_panel
    assert panel.node_id == "immune"
    kind = panel.findChild(QComboBox, "nodeKind")
    before = kind.currentText()
    for notch in (DOWN, UP):
        _wheel(kind, notch)
        assert kind.currentText() == before
    assert window.session.diagram.undo_stack.count() == 0


def test_the_diagram_still_zooms_on_the_wheel(window: MainWindow) -> None:
    view = window.findChild(QWidget, "diagramView")
    assert view is window.view
    scale = view.transform().m11()
    _wheel(view.viewport(), UP)
    zoomed = view.transform().m11()
    assert zoomed > scale, "the wheel zooms in"
    _wheel(view.viewport(), DOWN)
    assert view.transform().m11() < zoomed


def test_a_second_window_installs_no_second_guard(qtbot: QtBot, window: MainWindow) -> None:
    again = build_window()
    qtbot.addWidget(again, before_close_func=_discard_changes)
    assert len(QApplication.instance().findChildren(WheelGuard)) == 1
