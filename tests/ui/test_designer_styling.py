"""Styling blocks with controls: colour buttons with the theme's palette, font, bold and
italic, text flow, padding, several-line text, only the rows a block type has, and
Format > Theme; driven through the widgets' object names, checked on the layout, the
widgets and the undo stack."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QWidget
from pytestqt.qtbot import QtBot

from gutskin_desktop.model.clinic import ClinicProfile
from gutskin_desktop.model.themes import theme_named
from gutskin_desktop.ui.colour_button import ColourButton
from gutskin_desktop.ui.designer.fields import GrowingTextEdit
from gutskin_desktop.ui.designer.window import DesignerWindow

HEADING = theme_named("default").colour("heading")


def _field(designer: DesignerWindow, name: str) -> QWidget:
    widget = designer.panel.findChild(QWidget, name)
    assert widget is not None, name
    return widget


def _shown(designer: DesignerWindow, name: str) -> bool:
    return _field(designer, name).isVisibleTo(designer.panel)


def _add(designer: DesignerWindow, kind: str) -> str:
    designer.action(f"actionAdd{kind.title()}").trigger()
    (block_id,) = designer.view.selected_ids()
    return block_id


def test_a_colour_is_chosen_from_the_layouts_palette(qtbot: QtBot,
                                                     designer: DesignerWindow) -> None:
    designer.view.select(["title"])
    button = _field(designer, "prop_background")
    assert isinstance(button, ColourButton) and button.text() == "None"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    popup = button.popup
    assert popup.isVisible()
    swatch = popup.findChild(QWidget, f"swatch:{HEADING}")
    assert swatch is not None and swatch.toolTip() == f"Headings {HEADING}"
    qtbot.mouseClick(swatch, Qt.MouseButton.LeftButton)
    assert not popup.isVisible()
    assert designer.document.layout.block("title").style.background == HEADING
    assert button.colour() == HEADING and button.text() == HEADING
    assert "Headings" in button.toolTip()
    stack = designer.document.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Change background of title"
    designer.action("actionUndo").trigger()
    assert designer.document.layout.block("title").style.background is None
    assert button.colour() is None


def test_the_colour_popup_works_from_the_keyboard(qtbot: QtBot,
                                                 designer: DesignerWindow) -> None:
    designer.view.select(["title"])
    button = _field(designer, "prop_border")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)
    popup = button.popup  # type: ignore[attr-defined]
    assert popup.isVisible()
    first = popup.focusWidget()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    second = popup.focusWidget()
    assert second is popup.swatches[1]
    qtbot.keyClick(second, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert designer.document.layout.block("title").style.border is None
    qtbot.keyClick(button, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(popup.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(popup.focusWidget(), Qt.Key.Key_Return)
    assert designer.document.layout.block("title").style.border == popup.swatches[1].colour


def test_none_and_more_colours(qtbot: QtBot, designer: DesignerWindow,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    designer.view.select(["message"])
    background = designer.panel.colours["background"]
    before = designer.document.layout.block("message").style.background
    assert before is not None, "the shipped main message has a panel behind it"
    qtbot.mouseClick(background, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(background.popup.none_button, Qt.MouseButton.LeftButton)
    assert designer.document.layout.block("message").style.background is None
    monkeypatch.setattr(QColorDialog, "getColor",
                        staticmethod(lambda *a, **k: QColor("#AB12cd")))
    text = designer.panel.colours["color"]
    qtbot.mouseClick(text, Qt.MouseButton.LeftButton)
    assert not text.popup.none_button.isVisible(), "text always has a colour"
    qtbot.mouseClick(text.popup.more_button, Qt.MouseButton.LeftButton)
    assert designer.document.layout.block("message").style.color == "#ab12cd"
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor()))
    qtbot.mouseClick(text, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(text.popup.more_button, Qt.MouseButton.LeftButton)
    assert designer.document.layout.block("message").style.color == "#ab12cd", "cancelled"


def test_the_panel_shows_only_the_rows_a_block_type_has(qtbot: QtBot,
                                                        designer: DesignerWindow) -> None:
    designer.view.select(["title"])
    for name in ("prop_text_0", "prop_text_1", "prop_font", "prop_bold", "prop_italic",
                 "prop_align", "prop_color", "prop_heading_color", "prop_padding",
                 "prop_wrap"):
        assert _shown(designer, name), name
    for name in ("prop_columns", "prop_text", "prop_sections", "prop_picture",
                 "prop_edge_labels", "prop_long_text_0"):
        assert not _shown(designer, name), name
    designer.view.select(["diagram"])
    assert _shown(designer, "prop_edge_labels") and _shown(designer, "prop_italic")
    assert not _shown(designer, "prop_heading_color"), "a diagram has no heading colour"
    assert not _shown(designer, "prop_align")
    designer.view.select(["summary"])
    assert not _shown(designer, "prop_wrap"), "text flows around others, not itself"
    assert not _shown(designer, "prop_bold")
    callout = _add(designer, "callout")
    assert designer.view.selected_ids() == [callout]
    assert _shown(designer, "prop_long_text_1") and not _shown(designer, "prop_text_1")
    assert _shown(designer, "prop_bold") and _shown(designer, "prop_wrap")
    designer.view.set_page_index(1)
    designer.view.select(["sections"])
    for name in ("prop_columns", "prop_text", "prop_sections", "prop_heading_size"):
        assert _shown(designer, name), name
    for name in ("prop_text_0", "prop_bold", "prop_wrap", "prop_picture"):
        assert not _shown(designer, name), name


def test_bold_italic_and_font_change_the_block(qtbot: QtBot,
                                               designer: DesignerWindow) -> None:
    designer.view.select(["title"])
    bold, italic = _field(designer, "prop_bold"), _field(designer, "prop_italic")
    assert bold.isChecked() and not italic.isChecked(), "a title is usually bold"
    qtbot.mouseClick(bold, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(italic, Qt.MouseButton.LeftButton)
    style = designer.document.layout.block("title").style
    assert (style.bold, style.italic) == (False, True)
    qtbot.mouseClick(bold, Qt.MouseButton.LeftButton)
    assert designer.document.layout.block("title").style.bold is None, "usual again"
    font = _field(designer, "prop_font")
    assert font.currentText() == "The theme's (Sans)"
    font.setFocus()
    qtbot.keyClick(font, Qt.Key.Key_Down)
    qtbot.keyClick(font, Qt.Key.Key_Down)
    assert designer.document.layout.block("title").style.font == "serif"
    stack = designer.document.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == [
        "Change bold of title", "Change italic of title", "Change bold of title",
        "Change font of title"]
    while stack.canUndo():
        stack.undo()
    assert designer.document.layout.block("title").style == style.__class__(
        **{**_style_fields(style), "bold": None, "italic": None})
    assert bold.isChecked() and not italic.isChecked()


def _style_fields(style: object) -> dict[str, object]:
    return {name: getattr(style, name) for name in style.__struct_fields__}  # type: ignore[attr-defined]


def test_format_menu_bold_and_text_flow_for_the_selection(qtbot: QtBot,
                                                          designer: DesignerWindow) -> None:
    callout = _add(designer, "callout")
    designer.view.setFocus()
    qtbot.keyClick(designer.view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert designer.document.layout.block(callout).style.bold is True
    assert _field(designer, "prop_bold").isChecked()
    designer.action("actionWrap").trigger()
    assert designer.document.layout.block(callout).wrap is True
    assert _field(designer, "prop_wrap").isChecked()
    assert designer.view.blocks[callout].wrap, "the page shows the room text keeps"
    designer.view.select(["summary"])
    designer.action("actionWrap").trigger()
    assert not designer.document.layout.block("summary").wrap
    assert "not the sections or key points" in designer.statusBar().currentMessage()


def test_text_flow_padding_and_long_text(qtbot: QtBot, designer: DesignerWindow) -> None:
    callout = _add(designer, "callout")
    wrap = _field(designer, "prop_wrap")
    qtbot.mouseClick(wrap, Qt.MouseButton.LeftButton)
    assert designer.document.layout.block(callout).wrap is True
    padding = _field(designer, "prop_padding")
    padding.setFocus()
    padding.selectAll()
    qtbot.keyClicks(padding, "4")
    qtbot.keyClick(padding, Qt.Key.Key_Tab)
    assert designer.document.layout.block(callout).style.padding_mm == 4.0
    text = _field(designer, "prop_long_text_1")
    assert isinstance(text, GrowingTextEdit)
    assert text.text() == "Write your note here."
    steps = designer.document.undo_stack.count()
    text.setFocus()
    text.selectAll()
    qtbot.keyClicks(text, "Drink water.")
    qtbot.keyClick(text, Qt.Key.Key_Return)
    qtbot.keyClicks(text, "Sleep well.")
    assert designer.document.layout.block(callout).text == "Drink water.\nSleep well."
    assert text.text() == "Drink water.\nSleep well.", "refreshing never rewrites the field"
    assert designer.document.undo_stack.count() == steps + 1, "typing is one step"
    text.selectAll()
    qtbot.keyClick(text, Qt.Key.Key_Delete)
    assert designer.document.layout.block(callout).text == "Drink water.\nSleep well."
    assert "cannot be empty" in designer.statusBar().currentMessage()


def test_format_theme_applies_a_theme_as_one_step(qtbot: QtBot,
                                                  designer: DesignerWindow) -> None:
    menu = designer.format.theme_menu
    names = [a.objectName() for a in menu.actions()]
    assert names[:3] == ["actionTheme:default", "actionTheme:high-contrast",
                         "actionTheme:warm-serif"]
    assert designer.format.theme_action("default").isChecked()
    original = designer.document.layout
    designer.action("actionTheme:warm-serif").trigger()
    warm = theme_named("warm-serif")
    layout = designer.document.layout
    assert layout.theme == "warm-serif"
    assert designer.format.theme_action("warm-serif").isChecked()
    assert designer.document.undo_stack.undoText() == f"Apply theme {warm.label}"
    assert designer.document.undo_stack.count() == 1
    designer.view.select(["title"])
    button = designer.panel.colours["background"]
    offered = {c: label for label, c in button.palette_colours()}
    assert offered[warm.colour("heading")] == "Headings"
    assert HEADING not in offered or offered[HEADING] != "Headings"
    assert _field(designer, "prop_font").currentText() == "The theme's (Serif)"
    designer.action("actionUndo").trigger()
    assert designer.document.layout == original
    assert designer.format.theme_action("default").isChecked()


def test_the_clinic_theme_appears_with_brand_colours(qtbot: QtBot,
                                                     designer: DesignerWindow) -> None:
    assert designer.format.theme_action("clinic") is None
    store = designer.session.clinic
    profile = ClinicProfile.model_validate({"format_version": 1,
                                            "clinic": "Riverside Skin Clinic",
                                            "brand_colours": {"heading": "#7b2d8e"}})
    store.save(profile)
    action = designer.format.theme_action("clinic")
    assert action is not None and "Riverside Skin Clinic" in action.text()
    action.trigger()
    assert designer.document.layout.theme == "clinic"
    designer.view.select(["summary"])
    button = designer.panel.colours["heading_color"]
    assert ("Headings", "#7b2d8e") in button.palette_colours()


def test_a_new_callout_sits_on_the_themes_panel(qtbot: QtBot, designer: DesignerWindow) -> None:
    from gutskin_desktop.model.themes import theme_named

    added = _add(designer, "callout")
    plain = designer.document.layout.block(added)
    assert plain.style.background == theme_named("default").colour("panel")
    assert plain.style.padding_mm > 0, "its text keeps off the panel's edge"
    designer.action("actionTheme:warm-serif").trigger()
    added = _add(designer, "callout")
    warm = designer.document.layout.block(added)
    assert warm.style.background == theme_named("warm-serif").colour("panel")
    assert warm.style.heading_color == theme_named("warm-serif").colour("heading")
