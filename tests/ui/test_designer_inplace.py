"""Editing a block's text on the page: double-click (or F2) opens an editor over the block;
Enter or Ctrl+Enter or a click elsewhere makes one undo step, Esc cancels; blocks whose
text comes from elsewhere say where."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from gutskin_desktop.ui.designer.window import DesignerWindow

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _centre(designer: DesignerWindow, block_id: str) -> QPoint:
    block = designer.document.layout.block(block_id)
    return designer.view.mapFromScene(QPointF(block.x_mm + block.w_mm / 2,
                                              block.y_mm + block.h_mm / 2))


def _double_click(qtbot: QtBot, designer: DesignerWindow, block_id: str) -> QWidget | None:
    port = designer.view.viewport()
    QTest.mouseDClick(port, Qt.MouseButton.LeftButton, NO, _centre(designer, block_id))
    editor = designer.view.text_editor
    if editor is None:
        return None
    assert editor.findChild(QWidget, "inPlaceText") is editor.edit
    return editor.edit


def _editor_text(designer: DesignerWindow) -> QWidget:
    editor = designer.view.text_editor
    assert editor is not None and editor.isVisible()
    return editor.edit


def test_double_click_a_title_edits_it_in_place(qtbot: QtBot,
                                                designer: DesignerWindow) -> None:
    _double_click(qtbot, designer, "title")
    edit = _editor_text(designer)
    assert isinstance(edit, QLineEdit)
    assert edit.text() == "Your gut, your brain and your skin"
    assert edit.hasSelectedText(), "typing replaces the title"
    assert designer.view.selected_ids() == ["title"]
    qtbot.keyClicks(edit, "Gut & skin <together>")
    assert designer.document.undo_stack.count() == 0, "nothing changes until it is done"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert designer.view.text_editor is None
    assert designer.document.layout.block("title").text == "Gut & skin <together>"
    stack = designer.document.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Edit text of title"
    assert designer.view.hasFocus(), "the page has the keys again"
    designer.action("actionUndo").trigger()
    assert designer.document.layout.block("title").text == "Your gut, your brain and your skin"


def test_keys_typed_in_the_editor_are_text_not_shortcuts(qtbot: QtBot,
                                                         designer: DesignerWindow) -> None:
    for _ in range(2):
        designer.action("actionZoomIn").trigger()
    zoom = designer.view.pixels_per_mm()
    _double_click(qtbot, designer, "title")
    edit = _editor_text(designer)
    qtbot.keyClicks(edit, "Page 10")  # "0" alone fits the page, outside the editor
    qtbot.keyClick(edit, Qt.Key.Key_Left)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)  # Delete deletes a block, outside the editor
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert designer.document.layout.block("title").text == "Page 1"
    assert designer.view.pixels_per_mm() == zoom


def test_escape_cancels(qtbot: QtBot, designer: DesignerWindow) -> None:
    _double_click(qtbot, designer, "title")
    edit = _editor_text(designer)
    qtbot.keyClicks(edit, "Something else")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert designer.view.text_editor is None
    assert designer.document.layout.block("title").text == "Your gut, your brain and your skin"
    assert designer.document.undo_stack.count() == 0


def test_a_callout_is_edited_over_several_lines(qtbot: QtBot,
                                                designer: DesignerWindow) -> None:
    designer.action("actionAddCallout").trigger()
    (callout,) = designer.view.selected_ids()
    designer.view.setFocus()
    qtbot.keyClick(designer.view, Qt.Key.Key_F2)
    edit = _editor_text(designer)
    assert isinstance(edit, QPlainTextEdit)
    assert edit.toPlainText() == "Write your note here."
    edit.selectAll()
    qtbot.keyClicks(edit, "Drink water.")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # a new line, not the end
    qtbot.keyClicks(edit, "Sleep well.")
    assert designer.view.text_editor is not None
    qtbot.keyClick(edit, Qt.Key.Key_Return, CTRL)
    assert designer.document.layout.block(callout).text == "Drink water.\nSleep well."
    assert designer.document.undo_stack.undoText() == f"Edit text of {callout}"


def test_clicking_elsewhere_finishes(qtbot: QtBot, designer: DesignerWindow) -> None:
    _double_click(qtbot, designer, "message")
    edit = _editor_text(designer)
    edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(edit, "See your doctor if it gets worse.")
    port = designer.view.viewport()
    QTest.mouseClick(port, Qt.MouseButton.LeftButton, NO, _centre(designer, "summary"))
    qtbot.waitUntil(lambda: designer.view.text_editor is None, timeout=2000)
    assert designer.document.layout.block("message").text == "See your doctor if it gets worse."
    assert designer.document.undo_stack.count() == 1


def test_an_emptied_required_text_is_refused(qtbot: QtBot, designer: DesignerWindow) -> None:
    designer.action("actionAddCallout").trigger()
    (callout,) = designer.view.selected_ids()
    _double_click(qtbot, designer, callout)
    edit = _editor_text(designer)
    edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return, CTRL)
    assert designer.document.layout.block(callout).text == "Write your note here."
    message = designer.statusBar().currentMessage()
    assert f"The text of '{callout}' was not changed" in message and "cannot be empty" in message
    assert designer.document.undo_stack.count() == 1, "only the callout's insertion"


def test_an_emptied_title_goes_back_to_the_contents(qtbot: QtBot,
                                                    designer: DesignerWindow) -> None:
    _double_click(qtbot, designer, "title")
    edit = _editor_text(designer)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert designer.document.layout.block("title").text is None
    _double_click(qtbot, designer, "title")
    edit = _editor_text(designer)
    assert edit.text() == designer.session.bundle.content.title  # type: ignore[attr-defined]
    assert edit.text() == "The gut-brain-skin axis", "the content's title, printed now"  # type: ignore[attr-defined]
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert designer.document.undo_stack.count() == 1, "unchanged text is no step"


def test_text_from_the_content_says_where_it_comes_from(qtbot: QtBot,
                                                        designer: DesignerWindow) -> None:
    assert _double_click(qtbot, designer, "footer") is None
    assert designer.statusBar().currentMessage() == (
        "Block 'footer' is made when the PDF is made: page numbers and dates.")
    _double_click(qtbot, designer, "summary")
    edit = _editor_text(designer)
    assert isinstance(edit, QLineEdit) and edit.text() == "Key points"
    assert "lists the chosen sections' summaries" in designer.statusBar().currentMessage()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    designer.view.set_page_index(1)
    assert _double_click(qtbot, designer, "sections") is None
    assert "shows the content's sections" in designer.statusBar().currentMessage()


def test_the_editor_is_readable_at_any_zoom(qtbot: QtBot, designer: DesignerWindow) -> None:
    designer.action("actionZoomFit").trigger()
    _double_click(qtbot, designer, "summary")
    editor = designer.view.text_editor
    assert editor is not None
    small = editor.edit.font().pixelSize()
    block = designer.view.mapFromScene(QPointF(15, 180))
    assert abs(editor.geometry().left() - block.x()) <= 2, "over the block"
    qtbot.keyClick(editor.edit, Qt.Key.Key_Escape)
    for _ in range(6):
        designer.action("actionZoomIn").trigger()
    designer.view.centerOn(100, 190)
    _double_click(qtbot, designer, "summary")
    editor = designer.view.text_editor
    assert editor is not None
    large = editor.edit.font().pixelSize()
    assert 13 <= small <= large <= 28
    assert designer.view.viewport().rect().contains(editor.geometry())
