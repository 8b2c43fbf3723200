"""Page changes that apply or revert: a new size or orientation fits the blocks to the new
page (or keeps them, when they still fit) as one undo step; a change that cannot be made
leaves every control showing the page as it is, with a message naming the block."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QMessageBox
from pytestqt.qtbot import QtBot

from gutskin_desktop.ui.designer import page_form
from gutskin_desktop.ui.designer.window import DesignerWindow

Asked = list[tuple[str, str, str]]


def _answer(monkeypatch: pytest.MonkeyPatch, choice: str) -> Asked:
    asked: Asked = []

    def ask(_parent: object, page: str, keep_problem: str, fit_problem: str) -> str:
        asked.append((page, keep_problem, fit_problem))
        return choice
    monkeypatch.setattr(page_form, "ask_fit", ask)
    return asked


def _combo(designer: DesignerWindow, name: str) -> QComboBox:
    combo = designer.panel.findChild(QComboBox, name)
    assert combo is not None
    return combo


def _choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry by typing its name on the closed list, as a person may (the list
    jumps straight to it)."""
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText() == text or combo.findText(text) >= 0


def _controls(designer: DesignerWindow) -> tuple[object, ...]:
    page = designer.panel.page_box
    return (page.page_size.currentText(), page.orientation.currentText(),
            page.page_w.value(), page.page_h.value(),
            *(box.value() for box in page.margins.values()), page.bleed.value())


def test_landscape_fits_the_blocks_in_one_step(qtbot: QtBot, designer: DesignerWindow,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _answer(monkeypatch, "fit")
    original = designer.document.layout
    _choose(qtbot, _combo(designer, "prop_orientation"), "Landscape")
    assert asked and asked[0][0] == "A4 landscape"
    assert asked[0][1].startswith("block 'summary' would reach"), "keeping is not possible"
    assert asked[0][2] == ""
    layout = designer.document.layout
    assert layout.page.size_mm() == (297.0, 210.0)
    x, y, w, h = layout.page.content_box()
    for block in layout.blocks:
        assert block.x_mm >= x - 0.01 and block.x_mm + block.w_mm <= x + w + 0.01
        assert block.y_mm >= y - 0.01 and block.y_mm + block.h_mm <= y + h + 0.01
    stack = designer.document.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Change page orientation to A4 landscape and fit the blocks"
    assert designer.view.page_item.page.width() == 297.0
    designer.action("actionUndo").trigger()
    assert designer.document.layout == original
    assert _combo(designer, "prop_orientation").currentText() == "Portrait"
    assert designer.view.page_item.page.width() == 210.0


def test_keep_positions_when_the_blocks_still_fit(qtbot: QtBot, designer: DesignerWindow,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _answer(monkeypatch, "keep")
    before = designer.document.layout
    _choose(qtbot, _combo(designer, "prop_page_size"), "A3")
    assert asked == [("A3 portrait", "", "")]
    layout = designer.document.layout
    assert layout.page.size == "A3"
    assert [b.model_dump() for b in layout.blocks] == [b.model_dump() for b in before.blocks]
    assert designer.document.undo_stack.undoText() == "Change page size to A3 portrait"


def test_cancel_puts_every_control_back(qtbot: QtBot, designer: DesignerWindow,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _answer(monkeypatch, "cancel")
    shown = _controls(designer)
    _choose(qtbot, _combo(designer, "prop_page_size"), "Letter")
    assert asked and "block 'footer' would reach" in asked[0][1]
    assert designer.document.layout.page.size == "A4"
    assert _controls(designer) == shown
    assert designer.document.undo_stack.count() == 0


def test_a_refused_margin_shows_the_page_as_it_is(qtbot: QtBot,
                                                  designer: DesignerWindow) -> None:
    left = designer.panel.findChild(QDoubleSpinBox, "prop_margin_left")
    shown = _controls(designer)
    left.setFocus()
    left.selectAll()
    qtbot.keyClicks(left, "200")
    assert designer.document.layout.page.margins_mm.left == 15.0, "not while typing"
    qtbot.keyClick(left, Qt.Key.Key_Return)
    assert designer.document.layout.page.margins_mm.left == 15.0
    assert _controls(designer) == shown
    message = designer.statusBar().currentMessage()
    assert message.startswith("The left margin cannot change: ") and "leave nothing" in message
    left.selectAll()
    qtbot.keyClicks(left, "20")
    qtbot.keyClick(left, Qt.Key.Key_Return)
    assert designer.document.layout.page.margins_mm.left == 20.0
    assert designer.document.undo_stack.count() == 1


def test_a_custom_size_asks_and_fits(qtbot: QtBot, designer: DesignerWindow,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _answer(monkeypatch, "fit")
    _choose(qtbot, _combo(designer, "prop_page_size"), "custom")
    assert asked == [], "the same page, now with a custom size: nothing to fit"
    assert designer.document.layout.page.size_mm() == (210.0, 297.0)
    width = designer.panel.findChild(QDoubleSpinBox, "prop_page_width")
    assert width.isEnabled()
    width.setFocus()
    width.selectAll()
    qtbot.keyClicks(width, "300")
    qtbot.keyClick(width, Qt.Key.Key_Return)
    assert asked and asked[0][0] == "300 x 297 mm"
    layout = designer.document.layout
    assert layout.page.size_mm() == (300.0, 297.0)
    assert layout.block("title").w_mm == pytest.approx(270.0)
    assert designer.document.undo_stack.count() == 2


def test_the_dialog_offers_only_what_can_be_done(qtbot: QtBot, designer: DesignerWindow,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[QMessageBox] = []

    def look(box: QMessageBox) -> int:
        shown.append(box)
        buttons = {b.text(): b for b in box.buttons()}
        assert box.text() == "Fit the blocks to the new page (A4 landscape)?"
        assert buttons["Fit"].isEnabled() and not buttons["Keep positions"].isEnabled()
        assert "block 'summary' would reach" in box.informativeText()
        box.setObjectName("seen")
        buttons["Cancel"].click()
        return 0
    monkeypatch.setattr(QMessageBox, "exec", look)
    _choose(qtbot, _combo(designer, "prop_orientation"), "Landscape")
    assert shown and shown[0].objectName() == "seen"
    assert designer.document.layout.page.orientation == "portrait"
    assert _combo(designer, "prop_orientation").currentText() == "Portrait"
