"""Save As in the layout designer: a name as people write it becomes a file name (shown
before saving), a description is asked for, and no file is replaced without asking; the
app's start cleans up what killed saves left behind."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from gutskin_desktop.model.fields import is_id
from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.layout_files import slug, user_layout_name
from gutskin_desktop.model.paths import LAYOUTS, user_data_dir, user_layouts_dir
from gutskin_desktop.ui.designer.templates import SaveAsAnswer, SaveAsDialog
from gutskin_desktop.ui.designer.window import DesignerWindow


def _name(monkeypatch: pytest.MonkeyPatch, name: str,
          description: str = "Our clinic's handout") -> None:
    """Save As is answered with this name and description (as the dialog gives them)."""
    answer = SaveAsAnswer(name, user_layout_name(name), description)
    monkeypatch.setattr(SaveAsDialog, "ask", staticmethod(lambda *a, **k: answer))


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type text: keys for plain ASCII, and what a keyboard's input method sends for the
    other characters (QTest has keys for ASCII only)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def _fill_in(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, name: str | None,
             description: str | None, seen: dict[str, object]) -> None:
    """The Save As dialog opens for real: type the name and description (None: leave the
    field as it opens), note what it shows, and click Save if it lets one."""
    def run(dialog: SaveAsDialog) -> int:
        seen["prefilled"] = (dialog.name.text(), dialog.description.toPlainText())
        if name is not None:
            dialog.name.selectAll()
            _type(qtbot, dialog.name, name)
        if description is not None:
            dialog.description.selectAll()
            _type(qtbot, dialog.description, description)
        seen["file"] = dialog.file.text()
        seen["can_save"] = dialog.save_button.isEnabled()
        if dialog.save_button.isEnabled():
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        else:
            dialog.reject()
        return dialog.result()
    monkeypatch.setattr(SaveAsDialog, "exec", run)


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return button
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_save_as_over_an_existing_layout_asks_and_no_keeps_it(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    _name(monkeypatch, "alpha")
    designer.view.select(["title"])
    qtbot.keyClick(designer.view, Qt.Key.Key_Down)
    assert designer.save_as()  # a new name: nothing to ask
    alpha = user_layouts_dir() / "alpha.json"
    original = alpha.read_bytes()

    assert designer.load(LAYOUTS / "letter-handout.json")
    _name(monkeypatch, "alpha")
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    assert not designer.save_as()
    assert asked and "'alpha' already exists" in asked[0] and "Replace" in asked[0]
    assert alpha.read_bytes() == original
    assert sorted(p.name for p in alpha.parent.iterdir()) == ["alpha.json"]
    assert designer.document.layout.name == "letter-handout"  # not renamed either
    assert designer.document.path == LAYOUTS / "letter-handout.json"

    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    _name(monkeypatch, "Alpha")
    assert designer.save_as()
    assert asked
    assert load_layout(alpha).page == load_layout(LAYOUTS / "letter-handout.json").page
    backup = alpha.with_name("alpha.json.bak")
    assert backup.read_bytes() == original  # the replaced layout is kept

    # Ctrl+S with no change leaves the backup alone (it still holds the replaced one)
    designer.action("actionSave").trigger()
    assert backup.read_bytes() == original


def test_save_as_asks_before_replacing_anything_there(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = user_layouts_dir()
    folder.mkdir(parents=True)
    (folder / "beta.json").write_text("not a layout, but someone's file")
    _name(monkeypatch, "beta")
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    assert not designer.save_as()
    assert asked and (folder / "beta.json").read_text() == "not a layout, but someone's file"


def test_save_as_turns_a_natural_name_into_the_file_name_it_shows(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    _fill_in(monkeypatch, qtbot, "My Clinic Handout",
             "A4 handout with our clinic's advice", seen)
    designer.view.select(["title"])
    qtbot.keyClick(designer.view, Qt.Key.Key_Down)
    designer.action("actionSaveAs").trigger()
    assert seen["prefilled"] == ("A4 handout", "")  # a shipped layout's description: not
    assert "my-clinic-handout.json" in str(seen["file"])
    path = user_layouts_dir() / "my-clinic-handout.json"
    saved = load_layout(path)
    assert saved.name == "my-clinic-handout" and saved.label == "My Clinic Handout"
    assert saved.description == "A4 handout with our clinic's advice"
    assert saved.block("title").y_mm == 15.0
    assert not designer.isWindowModified()
    assert designer.windowTitle().startswith("my-clinic-handout")

    # Save As again: the user's own layout offers its name and description to change
    _fill_in(monkeypatch, qtbot, "Dr. Müller's A4 — v2", None, seen)
    assert designer.save_as()
    assert seen["prefilled"] == ("My Clinic Handout", "A4 handout with our clinic's advice")
    assert "dr-mullers-a4-v2.json" in str(seen["file"])
    again = load_layout(user_layouts_dir() / "dr-mullers-a4-v2.json")
    assert again.label == "Dr. Müller's A4 — v2"
    assert again.description == "A4 handout with our clinic's advice"
    assert path.is_file()  # the first one is still there


def test_save_as_needs_a_usable_name_and_a_description_and_keeps_shipped_names(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    for name, description in (("!!! ---", "A description"), ("Handout", None),
                              ("Handout", "   ")):
        _fill_in(monkeypatch, qtbot, name, description, seen)
        assert not designer.save_as()
        assert seen["can_save"] is False
    assert "needs at least one letter" not in str(seen["file"])
    _fill_in(monkeypatch, qtbot, "!!! ---", "A description", seen)
    designer.save_as()
    assert "needs at least one letter" in str(seen["file"])
    assert not user_layouts_dir().exists() or not any(user_layouts_dir().iterdir())
    assert designer.document.layout.name == "a4-handout"

    _fill_in(monkeypatch, qtbot, None, "Mine", seen)  # the name it opens with: "A4 handout"
    assert designer.save_as()
    assert "a4-handout-copy.json" in str(seen["file"])
    assert "comes with the app" in str(seen["file"])
    saved = load_layout(user_layouts_dir() / "a4-handout-copy.json")
    assert saved.name == "a4-handout-copy" and saved.label == "A4 handout"
    assert (LAYOUTS / "a4-handout.json").read_bytes() != (
        user_layouts_dir() / "a4-handout-copy.json").read_bytes()


def test_the_dialog_says_before_saving_that_a_file_would_be_replaced(qtbot: QtBot) -> None:
    folder = user_layouts_dir()
    folder.mkdir(parents=True)
    (folder / "gamma.json").write_text("{}")
    dialog = SaveAsDialog("", "")
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    assert dialog.file.text() == "Type a name for the layout."
    _type(qtbot, dialog.name, "Gamma")
    assert "gamma.json" in dialog.file.text() and "asked before it is replaced" in \
        dialog.file.text()
    dialog.description.setPlainText("x" * 301)
    assert "too long" in dialog.count.text() and not dialog.save_button.isEnabled()
    dialog.description.setPlainText("Line one\n  line two ")
    assert dialog.save_button.isEnabled()
    assert dialog.answer() == SaveAsAnswer("Gamma", "gamma", "Line one line two")
    dialog.done(QDialog.DialogCode.Rejected)


@pytest.mark.parametrize(("text", "expected"), [
    ("My Clinic Handout", "my-clinic-handout"),
    ("Dr. Müller's A4 — v2", "dr-mullers-a4-v2"),
    ("Straße, Ærø & Łódź", "strasse-aero-lodz"),
    ("  Café---Crème!! ", "cafe-creme"),
    ("2024 plan", "layout-2024-plan"),
    ("Dr. Müller's A4 Handout für die Praxis — Version 2", "dr-mullers-a4-handout-fur-die-praxis"),
    ("x" * 60, "x" * 40),
    ("???", ""),
    ("日本語", ""),
])
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected
    assert expected == "" or is_id(expected)


def test_a_shipped_layouts_name_gets_copy() -> None:
    assert user_layout_name("A4 handout") == "a4-handout-copy"
    assert user_layout_name("My A4 handout") == "my-a4-handout"
    assert user_layout_name("") == ""


def test_the_app_start_cleans_temporary_files_of_killed_saves(
        qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from gutskin_desktop import app
    from gutskin_desktop.ui import crash_report as errors

    layouts = user_layouts_dir()
    layouts.mkdir(parents=True)
    stale = [user_data_dir() / ".diagram.json.k1llsave.tmp", layouts / ".a.json.zzzzzzzz.tmp"]
    for file in stale:
        file.write_text("half")
    old = os.stat(stale[0]).st_mtime - 60
    for file in stale:
        os.utime(file, (old, old))
    from gutskin_desktop.model import storage

    monkeypatch.setattr(storage, "STALE_SECONDS", 0.0)
    monkeypatch.setattr(errors, "install", lambda: None)

    class Started(Exception):
        pass

    def build(*args: object) -> None:
        raise Started
    monkeypatch.setattr(app, "build_window", build)
    names = qapp.applicationName(), qapp.organizationName()  # type: ignore[attr-defined]
    try:
        with pytest.raises(Started):
            app.run_gui()
    finally:
        qapp.setApplicationName(names[0])  # type: ignore[attr-defined]
        qapp.setOrganizationName(names[1])  # type: ignore[attr-defined]
    assert not any(Path(f).exists() for f in stale)
