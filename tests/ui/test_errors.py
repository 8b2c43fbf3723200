"""An unexpected error in a slot: logged, shown once, and the model left as it was."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from gutskin_desktop.model import diagram_edit
from gutskin_desktop.ui import crash_report as errors
from gutskin_desktop.ui.main_window import MainWindow


@pytest.mark.qt_no_exception_capture
def test_a_failing_edit_is_logged_shown_and_changes_nothing(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a: shown.append(a[2])))
    monkeypatch.setattr("sys.excepthook", errors.report)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(diagram_edit, "move_nodes", broken)
    before = window.session.diagram.diagram
    window.set_arranging(True)
    window.arranger.moved.emit({"gut": (1.0, 2.0)})
    assert shown and "disk on fire" in shown[0] and "Your work is unchanged" in shown[0]
    log = Path(os.environ["XDG_DATA_HOME"]) / "gutskin-desktop" / "gutskin.log"
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: disk on fire" in text and "Traceback" in text
    assert window.session.diagram.diagram == before
    assert window.session.diagram.undo_stack.count() == 0
