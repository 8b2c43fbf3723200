"""The layout designer driven with the mouse and keys, as a designer would."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsView, QMessageBox
from pytestqt.qtbot import QtBot

from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.paths import user_layouts_dir
from gutskin_desktop.ui.designer.templates import SaveAsAnswer, SaveAsDialog
from gutskin_desktop.ui.designer.window import DesignerWindow
from gutskin_desktop.ui.main_window import MainWindow

NO = Qt.KeyboardModifier.NoModifier


def _port_point(win: DesignerWindow, x_mm: float, y_mm: float) -> QPoint:
    return win.view.mapFromScene(QPointF(x_mm, y_mm))


def _drag(win: DesignerWindow, start: QPoint, end: QPoint,
          modifiers: Qt.KeyboardModifier = NO, steps: int = 8) -> None:
    port = win.view.viewport()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, modifiers, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(port, start + (end - start) * i / steps)
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, modifiers, end)


def _save_as_answers(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Save As is answered with this name (and a description)."""
    answer = SaveAsAnswer(name, name, "A layout saved by a test")
    monkeypatch.setattr(SaveAsDialog, "ask", staticmethod(lambda *a, **k: answer))


def _block(win: DesignerWindow, block_id: str) -> tuple[float, float, float, float]:
    b = win.document.layout.block(block_id)
    return b.x_mm, b.y_mm, b.w_mm, b.h_mm


def test_designer_opens_from_the_main_window(designer: DesignerWindow,
                                             window: MainWindow) -> None:
    assert window.action("actionDesigner").objectName() == "actionDesigner"
    view = designer.findChild(QGraphicsView, "pageView")
    assert view is designer.view
    names = {i.objectName() for i in view.scene().items() if hasattr(i, "objectName")}
    assert {"block:title", "block:message", "block:diagram", "block:summary",
            "block:footer"} <= names
    page = designer.view.page_item.page
    assert (round(page.width()), round(page.height())) == (210, 297)


def test_the_toolbar_button_and_the_shortcut_open_the_designer(qtbot: QtBot,
                                                               window: MainWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    button = window.toolbar.widgetForAction(window.action("actionDesigner"))
    assert button.text() == "Layout Designer"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # sends triggered(checked=False)
    designer = window.designer
    qtbot.waitExposed(designer)
    assert designer.document.layout.name == "a4-handout"
    designer.close()
    QTest.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitExposed(window.designer)
    assert window.designer.isVisible()
    window.designer.close()


def test_drag_a_block_moves_it_by_the_dragged_millimetres(qtbot: QtBot,
                                                          designer: DesignerWindow) -> None:
    designer.action("actionSnap").setChecked(False)
    designer.view.snapping = False
    x, y, w, h = _block(designer, "title")
    start = _port_point(designer, x + w / 2, y + h / 2)
    end = _port_point(designer, x + w / 2 + 12.0, y + h / 2 + 7.0)
    _drag(designer, start, end)
    nx, ny, nw, nh = _block(designer, "title")
    tolerance = 1.0 / designer.view.pixels_per_mm() + 0.01
    assert abs(nx - (x + 12)) <= tolerance and abs(ny - (y + 7)) <= tolerance
    assert (nw, nh) == (w, h)
    assert designer.document.undo_stack.count() == 1


def test_snaps_to_the_margin_within_the_threshold(qtbot: QtBot,
                                                  designer: DesignerWindow) -> None:
    x, y, w, h = _block(designer, "title")
    start = _port_point(designer, x + w / 2, y + h / 2)
    end = _port_point(designer, x + w / 2 + 1.4, y + h / 2 + 30.3)
    port = designer.view.viewport()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, NO, start)
    QTest.mouseMove(port, end)
    assert designer.view.guides, "guide lines are shown while dragging"
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, NO, end)
    assert not designer.view.guides
    assert _block(designer, "title")[0] == pytest.approx(15.0, abs=0.01)


def test_alt_turns_snapping_off(qtbot: QtBot, designer: DesignerWindow) -> None:
    x, y, w, h = _block(designer, "title")
    start = _port_point(designer, x + w / 2, y + h / 2)
    end = _port_point(designer, x + w / 2 + 1.4, y + h / 2 + 30.3)
    _drag(designer, start, end, Qt.KeyboardModifier.AltModifier)
    assert abs(_block(designer, "title")[0] - 16.4) < 0.5


def test_resize_with_the_bottom_right_handle(qtbot: QtBot, designer: DesignerWindow) -> None:
    designer.view.snapping = False
    x, y, w, h = _block(designer, "title")
    qtbot.mouseClick(designer.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=_port_point(designer, x + 20, y + 10))
    assert designer.view.selected_ids() == ["title"]
    handle = _port_point(designer, x + w, y + h)
    _drag(designer, handle, _port_point(designer, x + w - 30, y + h + 6))
    nx, ny, nw, nh = _block(designer, "title")
    tolerance = 1.5 / designer.view.pixels_per_mm() + 0.01
    assert (nx, ny) == (x, y)
    assert abs(nw - (w - 30)) <= tolerance and abs(nh - (h + 6)) <= tolerance


def test_arrow_keys_nudge_and_merge_into_one_undo_step(qtbot: QtBot,
                                                      designer: DesignerWindow) -> None:
    x, y, _, _ = _block(designer, "diagram")
    designer.view.select(["diagram"])
    designer.view.setFocus()
    for _ in range(3):
        qtbot.keyClick(designer.view, Qt.Key.Key_Right)
    qtbot.keyClick(designer.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert _block(designer, "diagram")[:2] == (pytest.approx(x + 3), pytest.approx(y + 10))
    stack = designer.document.undo_stack
    assert stack.count() <= 2
    while stack.canUndo():
        stack.undo()
    assert _block(designer, "diagram")[:2] == (x, y)


def test_undo_and_redo_return_exact_earlier_states(qtbot: QtBot,
                                                   designer: DesignerWindow) -> None:
    original = designer.document.layout
    designer.view.select(["title"])
    designer.panel.font_size.setValue(14.5)
    designer.action("actionDuplicate").trigger()
    designer.action("actionDelete").trigger()
    designer.view.select(["notes"]) if "notes" in designer.view.blocks else None
    edited = designer.document.layout
    assert edited != original
    stack = designer.document.undo_stack
    steps = stack.count()
    for _ in range(steps):
        designer.action("actionUndo").trigger()
    assert designer.document.layout == original
    for _ in range(steps):
        designer.action("actionRedo").trigger()
    assert designer.document.layout == edited
    assert designer.isWindowModified()


def test_properties_edit_as_you_type_and_show_undo(qtbot: QtBot,
                                                   designer: DesignerWindow) -> None:
    designer.view.select(["summary"])
    box = designer.panel.geometry_boxes["w_mm"]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "150")
    assert designer.document.layout.block("summary").w_mm == 150
    assert designer.document.undo_stack.count() == 1, "typing in one field is one step"
    designer.action("actionUndo").trigger()
    assert designer.document.layout.block("summary").w_mm == 180
    assert box.value() == 180


def test_save_reopen_identical_and_listed(qtbot: QtBot, designer: DesignerWindow,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _save_as_answers(monkeypatch, "clinic-handout")
    designer.view.select(["title"])
    designer.view.setFocus()
    qtbot.keyClick(designer.view, Qt.Key.Key_Down)
    assert designer.action("actionSave").objectName() == "actionSave"
    designer.action("actionSave").trigger()
    path = user_layouts_dir() / "clinic-handout.json"
    assert path.is_file() and not designer.isWindowModified()
    again = load_layout(path)
    assert again == designer.document.layout
    assert again.block("title").y_mm == 15.0
    qtbot.keyClick(designer.view, Qt.Key.Key_Down)
    designer.action("actionSave").trigger()
    backup = path.with_name(path.name + ".bak")
    assert json.loads(backup.read_text())["blocks"][0]["y_mm"] == 15.0
    assert load_layout(path).block("title").y_mm == 16.0


def test_closing_with_unsaved_changes_asks(qtbot: QtBot, designer: DesignerWindow,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []

    def answer(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(args)
        return QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    designer.view.select(["title"])
    qtbot.keyClick(designer.view, Qt.Key.Key_Left)
    designer.close()
    assert asked and designer.isVisible()


def test_preview_pixels_change_in_the_edited_block(qtbot: QtBot, designer: DesignerWindow,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QColorDialog

    def colour_at(x_mm: float, y_mm: float) -> QColor:
        image = designer.view.page_item.image
        scale = image.width() / 210.0
        return image.pixelColor(int(x_mm * scale), int(y_mm * scale))

    generation = designer.preview.generation
    designer.view.select(["title"])
    monkeypatch.setattr(QColorDialog, "getColor",
                        staticmethod(lambda *a, **k: QColor("#ffcc00")))
    button = designer.panel.colours["background"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button.popup.more_button, Qt.MouseButton.LeftButton)
    assert designer.document.layout.block("title").style.background == "#ffcc00"
    qtbot.waitUntil(lambda: designer.preview.generation > generation
                    and designer.preview.idle, timeout=15000)
    qtbot.waitUntil(lambda: colour_at(190, 34).name() == "#ffcc00", timeout=15000)
    assert colour_at(100, 100).name() != "#ffcc00"


def test_overflow_is_marked_on_the_block(qtbot: QtBot, designer: DesignerWindow) -> None:
    designer.view.select(["title"])
    designer.panel.geometry_boxes["h_mm"].setValue(8)
    qtbot.waitUntil(lambda: bool(designer.view.blocks["title"].overflow), timeout=15000)
    assert "do not fit" in designer.view.blocks["title"].toolTip()


def test_type_under_the_floor_is_marked_like_overflow(qtbot: QtBot,
                                                     designer: DesignerWindow) -> None:
    designer.view.select(["footer"])
    designer.panel.font_size.setValue(6.5)
    qtbot.waitUntil(lambda: bool(designer.view.blocks["footer"].overflow), timeout=15000)
    tip = designer.view.blocks["footer"].toolTip()
    assert "text at 6.5 pt, under this layout's 8 pt type floor" in tip
    assert "type floor" in designer.statusBar().currentMessage()
    designer.panel.font_size.setValue(8)
    qtbot.waitUntil(lambda: not designer.view.blocks["footer"].overflow, timeout=15000)


def test_shift_click_and_rubber_band_select(qtbot: QtBot, designer: DesignerWindow) -> None:
    view = designer.view
    port = view.viewport()
    title, diagram = _block(designer, "title"), _block(designer, "diagram")
    qtbot.mouseClick(port, Qt.MouseButton.LeftButton,
                     pos=_port_point(designer, title[0] + 5, title[1] + 5))
    qtbot.mouseClick(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     _port_point(designer, diagram[0] + 5, diagram[1] + 5))
    assert view.selected_ids() == ["title", "diagram"]
    qtbot.mouseClick(port, Qt.MouseButton.LeftButton, pos=_port_point(designer, 105, -5))
    assert view.selected_ids() == []
    _drag(designer, _port_point(designer, 5, 178.5), _port_point(designer, 205, 295))
    assert set(view.selected_ids()) == {"summary", "footer"}


def test_align_and_insert_blocks(qtbot: QtBot, designer: DesignerWindow) -> None:
    designer.action("actionAddCallout").trigger()
    added = designer.view.selected_ids()
    assert added == ["callout"]
    designer.view.select(["title", "callout"])
    designer.action("actionAlignLeft").trigger()
    assert _block(designer, "callout")[0] == _block(designer, "title")[0] == 15.0
    designer.view.select(["callout"])
    designer.action("actionSendBackward").trigger()
    ids = [b.id for b in designer.document.layout.blocks]
    assert ids.index("callout") == len(ids) - 2


def test_text_fields_edit_the_block(qtbot: QtBot, designer: DesignerWindow) -> None:
    designer.view.select(["title"])
    edit = designer.panel.texts[0][1]
    assert edit.text() == "Your gut, your brain and your skin"
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Gut and skin <b>&</b>")
    assert designer.document.layout.block("title").text == "Gut and skin <b>&</b>"
    assert designer.document.undo_stack.count() == 1


def test_saved_layout_exports_from_the_command_line_as_designed(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    import subprocess
    import sys

    from gutskin_desktop.export.render import ExportOptions, render

    _save_as_answers(monkeypatch, "moved-title")
    designer.view.select(["title"])
    qtbot.keyClick(designer.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    designer.action("actionSave").trigger()
    out = tmp_path / "out.pdf"
    done = subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", "export", "--layout",
                           "moved-title", "--out", str(out), "--deterministic"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", "layouts"],
                            capture_output=True, text=True, timeout=60).stdout
    assert "moved-title" in listed
    mine = render(designer.document.layout, designer.bundle, ExportOptions(deterministic=True))
    assert out.read_bytes() == mine.pdf


def test_a_failed_save_keeps_the_original_and_stays_unsaved(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    _save_as_answers(monkeypatch, "kept-safe")
    designer.view.select(["title"])
    qtbot.keyClick(designer.view, Qt.Key.Key_Down)
    designer.action("actionSave").trigger()
    path = user_layouts_dir() / "kept-safe.json"
    original = path.read_bytes()
    qtbot.keyClick(designer.view, Qt.Key.Key_Down)
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: messages.append(a[2])))

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", full)
        designer.action("actionSave").trigger()
    assert messages and "disk is full" in messages[0]
    assert path.read_bytes() == original
    assert designer.isWindowModified()
    assert sorted(p.name for p in path.parent.iterdir()) == ["kept-safe.json"]
    folder = user_layouts_dir() / "a-folder.json"
    folder.mkdir()
    designer.document.path = folder
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: messages.append(a[2])))
    designer.action("actionSave").trigger()
    assert "is a folder" in messages[-1] and designer.isWindowModified()


def test_a_layout_changed_on_disk_is_not_overwritten_without_asking(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    _save_as_answers(monkeypatch, "shared-layout")
    designer.view.select(["title"])
    qtbot.keyClick(designer.view, Qt.Key.Key_Down)
    designer.action("actionSave").trigger()
    path = user_layouts_dir() / "shared-layout.json"
    theirs = path.read_text().replace('"y_mm": 15.0', '"y_mm": 30.0', 1)
    path.write_text(theirs)
    qtbot.keyClick(designer.view, Qt.Key.Key_Down)
    asked = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    designer.action("actionSave").trigger()
    assert asked and "changed by something else" in asked[0]
    assert path.read_text() == theirs and designer.isWindowModified()


def test_every_block_type_is_offered_and_edited_as_its_record_says(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from gutskin_desktop.model.layout import BLOCK_TYPES
    from gutskin_desktop.ui.designer.image_picker import ImageChoice, ImagePicker
    from gutskin_desktop.ui.designer.properties import EDITORS

    def pick_the_app_logo(picker: ImagePicker) -> int:  # Insert > Image opens the picker
        picker.choice = ImageChoice(path="images/gutskin-logo.png")  # a square picture
        return 1
    monkeypatch.setattr(ImagePicker, "exec", pick_the_app_logo)

    for kind, record in BLOCK_TYPES.items():
        assert designer.action(f"actionAdd{kind.title()}").text() == record.menu_label
        assert kind in EDITORS, f"the properties panel has no entry for {kind} blocks"
        for name, _ in EDITORS[kind].texts:
            assert name in record.__struct_fields__, (kind, name)
    designer.action("actionAddImage").trigger()
    image = designer.document.layout.block(designer.view.selected_ids()[0])
    assert (image.type, image.path) == ("image", BLOCK_TYPES["image"].starter["path"])
    assert (image.w_mm, image.h_mm) == BLOCK_TYPES["image"].default_size_mm
    assert designer.panel.picture.isVisibleTo(designer.panel)
    assert designer.panel.picture.text() == "gutskin-logo.png ..."


def test_the_preview_follows_the_diagram_and_a_closed_designer_does_no_work(
        qtbot: QtBot, designer: DesignerWindow, window: MainWindow) -> None:
    renders = designer.session.renders
    qtbot.waitUntil(lambda: designer.preview.idle, timeout=15000)
    before = designer.last_preview
    node = designer.bundle.diagram.nodes[0]
    designer.session.move_nodes({node.id: (node.x + 40, node.y)})
    qtbot.waitUntil(lambda: designer.last_preview is not before and designer.preview.idle,
                    timeout=15000)
    assert designer.last_preview is not None and designer.last_preview.image is not None
    designer.close()
    designer.session.move_nodes({node.id: (node.x, node.y)})
    assert not renders.busy(designer.preview.kind), "no preview for a closed window"
