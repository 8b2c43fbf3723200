"""Recovery after a crash, and files changed on disk by something else."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from gutskin_desktop.app import build_window
from gutskin_desktop.model.paths import user_diagram_file
from gutskin_desktop.ui.recovery import recovery_dir

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gutskin_desktop.app import build_window
from gutskin_desktop.model import diagram_edit
w = build_window()
w.show()
d = w.diagram_doc.diagram
w.diagram_doc.edit("Move", diagram_edit.move_nodes(d, w.bundle.content, {"nutrients": (222.0, 333.0)}))
designer = w.open_designer("a4-handout")
from gutskin_desktop.model import layout_edit
layout = designer.document.layout
designer.document.edit("Move", layout_edit.update_blocks(layout, {"title": {"y_mm": 20.0}}))
print("edited", flush=True)
app.exec()
"""


def test_a_killed_app_offers_its_edits_to_the_next_start(qtbot: QtBot) -> None:
    env = dict(os.environ, GUTSKIN_RECOVERY_SECONDS="0.3", QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-c", CHILD], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(list(recovery_dir().glob("*.json"))) < 2:
            time.sleep(0.1)
        assert len(list(recovery_dir().glob("*.json"))) == 2, child.stderr.read()[-2000:] \
            if child.poll() is not None else "no recovery files"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert not user_diagram_file().exists(), "nothing was saved by the killed app"
    window = build_window()
    qtbot.addWidget(window, before_close_func=lambda w: (
        w.diagram_doc.undo_stack.setClean(),
        getattr(w, "designer", None) and w.designer.document.undo_stack.setClean()))
    window.show()
    bar = window.recovery_bar
    assert bar.isVisible() and "diagram" in bar.text.text()
    qtbot.mouseClick(bar.findChild(QPushButton, "restoreRecovery"),
                     __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    node = window.diagram_doc.diagram.node("nutrients")
    assert (node.x, node.y) == (222.0, 333.0) and window.diagram_doc.modified
    assert window.designer.document.layout.block("title").y_mm == 20.0
    window.save_diagram()
    assert not (recovery_dir() / "diagram.json").exists()


def test_discard_removes_the_recovery_files(qtbot: QtBot) -> None:
    recovery_dir().mkdir(parents=True)
    (recovery_dir() / "diagram.json").write_text(
        '{"kind": "diagram", "name": "the diagram", "data": "{}", "saved_at": "x"}')
    window = build_window()
    qtbot.addWidget(window)
    window.show()
    assert window.recovery_bar.isVisible()
    window.recovery_bar.discard()
    assert not list(recovery_dir().glob("*.json")) and not window.recovery_bar.isVisible()


def test_a_file_changed_on_disk_is_never_silently_overwritten(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = build_window()
    qtbot.addWidget(window, before_close_func=lambda w: w.diagram_doc.undo_stack.setClean())
    window.show()
    window.reset_diagram()
    from gutskin_desktop.model import diagram_edit

    d = window.diagram_doc.diagram
    window.diagram_doc.edit("Move", diagram_edit.move_nodes(d, window.bundle.content,
                                                            {"gut": (100.0, 300.0)}))
    assert window.save_diagram()
    other = user_diagram_file().read_text().replace('"x": 100.0', '"x": 90.0')
    user_diagram_file().write_text(other)
    window.diagram_doc.edit("Move", diagram_edit.move_nodes(
        window.diagram_doc.diagram, window.bundle.content, {"gut": (120.0, 300.0)}))
    asked = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    assert not window.save_diagram()
    assert asked and "changed by something else" in asked[0]
    assert user_diagram_file().read_text() == other
    assert window.diagram_doc.modified
