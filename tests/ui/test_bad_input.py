"""A broken content or diagram file: the app still opens and shows one clear message."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGraphicsView, QLabel
from pytestqt.qtbot import QtBot

from gutskin_desktop.app import build_window
from gutskin_desktop.model.paths import CONTENT_FILE, DIAGRAM_FILE

ROOT = Path(__file__).resolve().parents[2]
# The `gutskin --diagram FILE` start, with a timer that closes the app once it is shown.
START = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
QTimer.singleShot(300, lambda: print("SHOWN", [w.objectName() for w in app.topLevelWidgets()
                                               if w.isVisible()]) or app.quit())
from gutskin_desktop.cli import main
sys.exit(main(["--diagram", sys.argv[1]]))
"""


def _broken_diagram(tmp_path: Path, change: str) -> Path:
    data = json.loads(DIAGRAM_FILE.read_text(encoding="utf-8"))
    if change == "edge":
        data["edges"][0]["target"] = "liver"
    elif change == "section":
        data["nodes"][1]["section"] = "missing-section"
    elif change == "field":
        del data["nodes"][2]["label"]
    path = tmp_path / "diagram.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "field", "reason"), [
    ("edge", "edges[0].target", "no node with id 'liver'"),
    ("section", "nodes[1].section", "no section with id 'missing-section'"),
    ("field", "nodes[2].label", "required field is missing"),
])
def test_broken_diagram_shows_a_message(qtbot: QtBot, tmp_path: Path, change: str,
                                        field: str, reason: str) -> None:
    path = _broken_diagram(tmp_path, change)
    window = build_window(diagram_path=path)
    qtbot.addWidget(window)
    window.show()
    message = window.findChild(QLabel, "loadError")
    assert message is not None and message.isVisible()
    assert str(path) in message.text() and field in message.text() and reason in message.text()
    assert window.findChild(QGraphicsView, "diagramView") is None
    quit_action = window.findChild(QAction, "actionQuit")
    assert quit_action is not None and quit_action.text() == "&Quit"
    quit_action.trigger()
    assert not window.isVisible()


def test_the_app_started_on_bad_json_prints_the_error_and_shows_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format_version": 1, "nodes": [', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", START, str(path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and str(path) in errors[0] and "line 1" in errors[0]
    assert "SHOWN ['mainWindow']" in result.stdout


def test_bad_json_content_shows_line_and_file(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "content.json"
    text = CONTENT_FILE.read_text(encoding="utf-8")
    path.write_text(text.replace('"sections": [', '"sections": [,', 1), encoding="utf-8")
    window = build_window(content_path=path)
    qtbot.addWidget(window)
    text = window.findChild(QLabel, "loadError").text()
    assert str(path) in text and "line" in text


def test_a_broken_arranged_diagram_falls_back_to_the_shipped_one(qtbot: QtBot) -> None:
    from gutskin_desktop.model.paths import user_diagram_file

    mine = user_diagram_file()
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text('{"format_version": 1, "title": "x", "nodes": [', encoding="utf-8")
    window = build_window()
    qtbot.addWidget(window,
                    before_close_func=lambda w: w.session.diagram.undo_stack.setClean())
    assert window.findChild(QGraphicsView, "diagramView") is not None
    assert "could not be opened" in window.statusBar().currentMessage()
    assert str(mine) in window.statusBar().currentMessage()
    assert len(window.bundle.diagram.nodes) == 9
