"""Save As in the layout designer never replaces a file without asking, and the app's
start cleans up what killed saves left behind."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.paths import LAYOUTS, user_data_dir, user_layouts_dir
from gutskin_desktop.ui.designer.window import DesignerWindow


def _name(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (name, True)))


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
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    assert not designer.save_as()
    assert asked and "'alpha' already exists" in asked[0] and "Replace" in asked[0]
    assert alpha.read_bytes() == original
    assert sorted(p.name for p in alpha.parent.iterdir()) == ["alpha.json"]
    assert designer.document.layout.name == "letter-handout"  # not renamed either
    assert designer.document.path == LAYOUTS / "letter-handout.json"

    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
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
