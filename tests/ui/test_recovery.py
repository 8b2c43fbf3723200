"""Recovery after a crash, and files changed on disk by something else.

Recovery files belong to one running instance and one document: the next start offers
only the files of instances that have ended, restores each into the document it belongs
to, and deletes nothing until the person answers.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from gutskin_desktop.app import build_window
from gutskin_desktop.model import diagram_edit, layout_edit
from gutskin_desktop.model.layout import layout_json, load_layout
from gutskin_desktop.model.paths import LAYOUTS, user_diagram_file, user_layouts_dir
from gutskin_desktop.model.recovery_files import Instance
from gutskin_desktop.ui.main_window import MainWindow
from gutskin_desktop.ui.recovery import recovery_dir
from gutskin_desktop.ui.undo import file_hash

from ..test_recovery_files import kill, start_child

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gutskin_desktop.app import build_window
from gutskin_desktop.model import diagram_edit
w = build_window()
w.show()
doc = w.session.diagram
doc.edit("Move", diagram_edit.move_nodes(doc.diagram, w.bundle.content,
                                         {"nutrients": (222.0, 333.0)}))
designer = w.open_designer("a4-handout")
from gutskin_desktop.model import layout_edit
layout = designer.document.layout
designer.document.edit("Move", layout_edit.update_blocks(layout, {"title": {"y_mm": 20.0}}))
print("edited", flush=True)
app.exec()
"""
STARTER = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gutskin_desktop.app import build_window
w = build_window()
w.show()
app.processEvents()
print("INTERVAL", w.recovery.timer.interval())
print("BAR", w.recovery_bar.isVisible(), w.recovery_bar.text.text())
"""


def shown(qtbot: QtBot) -> MainWindow:
    """A new main window (a new start of the app), closed at the end without asking."""
    window = build_window()
    qtbot.addWidget(window, before_close_func=lambda w: (
        w.session.diagram.undo_stack.setClean(),
        w.designer and w.designer.document.undo_stack.setClean()))
    window.show()
    return window


def click(qtbot: QtBot, window: MainWindow, name: str) -> None:
    qtbot.mouseClick(window.recovery_bar.findChild(QPushButton, name),
                     Qt.MouseButton.LeftButton)


def dead_record(kind: str, name: str, path: str, data: bytes,
                disk_hash: str | None = None) -> Path:
    """A recovery file left by an instance that has ended."""
    gone = Instance()
    file = gone.write(kind, {"kind": kind, "name": name, "path": path, "disk_hash": disk_hash,
                             "saved_at": "2030-01-01T10:00:00", "data": data.decode()})
    os.close(gone._fd)  # its lock goes with the process; its files stay
    gone._fd = -1
    return file


def moved_diagram(window: MainWindow) -> bytes:
    from gutskin_desktop.model.diagram_edit import diagram_json

    return diagram_json(diagram_edit.move_nodes(window.session.diagram.diagram,
                                                window.bundle.content,
                                                {"nutrients": (222.0, 333.0)}))


def two_layouts() -> tuple[Path, Path]:
    shipped = json.loads((LAYOUTS / "a4-handout.json").read_text(encoding="utf-8"))
    user_layouts_dir().mkdir(parents=True)
    paths = []
    for name in ("alpha", "beta"):
        path = user_layouts_dir() / f"{name}.json"
        path.write_text(json.dumps({**shipped, "name": name}), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def alpha_moved(alpha: Path, disk_hash: str | None = "same") -> Path:
    layout = layout_edit.update_blocks(load_layout(alpha), {"title": {"y_mm": 20.0}})
    return dead_record("layout", "layout 'alpha'", str(alpha), layout_json(layout),
                       file_hash(alpha) if disk_hash == "same" else disk_hash)


def test_a_killed_app_offers_its_edits_to_the_next_start(qtbot: QtBot) -> None:
    env = dict(os.environ, GUTSKIN_RECOVERY_SECONDS="1", QT_QPA_PLATFORM="offscreen")
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
    killed = {p.name for p in recovery_dir().glob("*.json")}
    assert not user_diagram_file().exists(), "nothing was saved by the killed app"
    window = shown(qtbot)
    bar = window.recovery_bar
    assert bar.isVisible() and "diagram" in bar.text.text()
    assert "layout 'a4-handout'" in bar.text.text()
    click(qtbot, window, "restoreRecovery")
    node = window.session.diagram.diagram.node("nutrients")
    assert (node.x, node.y) == (222.0, 333.0) and window.session.diagram.modified
    assert window.designer.document.layout.block("title").y_mm == 20.0
    assert window.designer.document.path == LAYOUTS / "a4-handout.json"
    assert not bar.isVisible()
    mine = {p.name for p in recovery_dir().glob("*.json")}
    assert not mine & killed and len(mine) == 2  # now kept as this instance's own
    window.save_diagram()
    assert [p.name.split(".")[1] for p in recovery_dir().glob("*.json")] == ["layout"]


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


def test_an_unanswered_bar_deletes_nothing_through_several_autosaves(qtbot: QtBot) -> None:
    recovery_dir().mkdir(parents=True)
    legacy = recovery_dir() / "diagram.json"  # from a version without instances
    legacy.write_text('{"kind": "diagram", "name": "the diagram", "data": "{}"}')
    window = shown(qtbot)
    record = dead_record("diagram", "the diagram's arrangement", str(user_diagram_file()),
                         moved_diagram(window))
    window.recovery_bar.offer()
    assert window.recovery_bar.isVisible()
    window.recovery.timer.setInterval(20)
    qtbot.wait(200)  # about ten autosaves of an unmodified diagram
    doc = window.session.diagram
    doc.edit("Move", diagram_edit.move_nodes(doc.diagram, window.bundle.content,
                                             {"gut": (100.0, 300.0)}))
    window.recovery.write_all()
    doc.undo_stack.undo()  # clean again: this instance's own file goes, no other
    window.recovery.write_all()
    qtbot.wait(100)
    assert legacy.exists() and record.exists() and window.recovery_bar.isVisible()
    assert sorted(p.name for p in recovery_dir().glob("*.json")) == sorted(
        [legacy.name, record.name])


def test_a_second_instance_leaves_a_running_ones_files_alone(qtbot: QtBot) -> None:
    probe = build_window()
    data = moved_diagram(probe)
    probe.close()
    child, child_id = start_child("hold", {
        "kind": "diagram", "name": "the diagram's arrangement",
        "path": str(user_diagram_file()), "saved_at": "2030-01-01T10:00:00",
        "data": data.decode()})
    try:
        window = shown(qtbot)
        assert not window.recovery_bar.isVisible(), "a running instance's work is offered"
        window.recovery.timer.setInterval(20)
        qtbot.wait(150)
        window.recovery.write_all()
        window.recovery_bar.offer()
        assert not window.recovery_bar.isVisible()
        assert {p.name for p in recovery_dir().iterdir()} == {
            f"{child_id}.diagram.json", f"instance-{child_id}.lock"}
    finally:
        kill(child)
    window.recovery_bar.offer()  # the other instance has ended: now its work is offered
    assert window.recovery_bar.isVisible()
    assert "the diagram's arrangement" in window.recovery_bar.text.text()
    click(qtbot, window, "restoreRecovery")
    assert window.session.diagram.diagram.node("nutrients").x == 222.0
    me = window.recovery.instance.id  # the work is now this instance's; the ended one's
    assert {p.name for p in recovery_dir().iterdir()} == {f"{me}.diagram.json",
                                                          f"instance-{me}.lock"}


def test_restore_opens_the_layout_it_belongs_to_not_the_one_shown(qtbot: QtBot) -> None:
    alpha, beta = two_layouts()
    record = alpha_moved(alpha)
    before = beta.read_bytes()
    window = shown(qtbot)
    designer = window.open_designer(str(beta))
    assert window.recovery_bar.isVisible() and "layout 'alpha'" in \
        window.recovery_bar.text.text()
    click(qtbot, window, "restoreRecovery")
    document = window.designer.document
    assert document.path == alpha and document.layout.name == "alpha"
    assert document.layout.block("title").y_mm == 20.0 and document.modified
    assert not record.exists()
    assert window.designer is designer and designer.save()
    assert beta.read_bytes() == before
    assert json.loads(alpha.read_text())["blocks"][0]["y_mm"] == 20.0


def test_restore_never_replaces_unsaved_changes_to_another_layout(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    alpha, beta = two_layouts()
    record = alpha_moved(alpha)
    window = shown(qtbot)
    designer = window.open_designer(str(beta))
    designer.document.edit("Move", layout_edit.update_blocks(
        designer.document.layout, {"title": {"y_mm": 30.0}}))
    asked = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    click(qtbot, window, "restoreRecovery")
    assert asked == ["Save the changes to beta?"]
    assert designer.document.path == beta
    assert designer.document.layout.block("title").y_mm == 30.0
    assert record.exists() and window.recovery_bar.isVisible()
    assert ("Could not restore layout 'alpha': the designer is still showing layout 'beta'"
            in window.recovery_bar.text.text())


def test_a_restored_layout_still_asks_before_overwriting_a_file_changed_since(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    alpha, _ = two_layouts()
    alpha_moved(alpha, disk_hash="0" * 64)  # alpha changed on disk after it was opened
    window = shown(qtbot)
    click(qtbot, window, "restoreRecovery")
    on_disk = alpha.read_bytes()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Cancel))
    assert not window.designer.save()
    assert asked and "changed by something else" in asked[0]
    assert alpha.read_bytes() == on_disk


def test_a_layout_whose_file_is_gone_is_refused_and_kept(qtbot: QtBot) -> None:
    alpha, _ = two_layouts()
    record = alpha_moved(alpha)
    alpha.unlink()
    window = shown(qtbot)
    click(qtbot, window, "restoreRecovery")
    assert window.designer is None and record.exists()
    assert (f"Could not restore layout 'alpha': its layout file {alpha} is no longer there."
            in window.recovery_bar.text.text())
    click(qtbot, window, "discardRecovery")
    assert not record.exists() and not window.recovery_bar.isVisible()


def test_closing_normally_leaves_no_recovery_file_and_no_lock(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = shown(qtbot)
    doc = window.session.diagram
    doc.edit("Move", diagram_edit.move_nodes(doc.diagram, window.bundle.content,
                                             {"gut": (100.0, 300.0)}))
    window.recovery.write_all()
    me = window.recovery.instance.id
    assert {p.name for p in recovery_dir().iterdir()} == {f"{me}.diagram.json",
                                                          f"instance-{me}.lock"}
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a: QMessageBox.StandardButton.Discard))
    assert window.close()
    assert not list(recovery_dir().iterdir()) and not window.recovery.instance.locked


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "0x10", "3000000"])
def test_a_bad_interval_starts_with_the_default_and_a_warning(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        value: str) -> None:
    monkeypatch.setenv("GUTSKIN_RECOVERY_SECONDS", value)
    window = shown(qtbot)
    assert window.recovery.timer.interval() == 60000
    err = capsys.readouterr().err
    assert f"warning: GUTSKIN_RECOVERY_SECONDS={value!r} is not a whole number" in err


def test_hostile_recovery_files_do_not_stop_the_start(qtbot: QtBot) -> None:
    folder = recovery_dir()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "diagram.json")
    (folder / "1-dead.layout.json").write_bytes(b" " * (6 << 20))
    (folder / "deep.json").write_text("[" * 200000 + "]" * 200000)
    env = dict(os.environ, GUTSKIN_RECOVERY_SECONDS="abc", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", STARTER], cwd=ROOT, env=env, check=False,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "warning: GUTSKIN_RECOVERY_SECONDS='abc'" in result.stderr
    out = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert out["INTERVAL"] == "60000"
    assert out["BAR"].startswith("True 3 recovery files from an earlier session could not")
    for part in ("1-dead.layout.json (the file is larger than 5 MB)",
                 "deep.json (nested deeper than 64 levels)", "diagram.json (is a named pipe"):
        assert part in out["BAR"]
    window = shown(qtbot)  # the next start: reported once, not again
    assert not window.recovery_bar.isVisible()
    assert sorted(p.name for p in folder.iterdir()) == [
        "1-dead.layout.json.unreadable", "deep.json.unreadable", "diagram.json.unreadable"]


def test_a_file_changed_on_disk_is_never_silently_overwritten(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = build_window()
    qtbot.addWidget(window, before_close_func=lambda w: w.session.diagram.undo_stack.setClean())
    window.show()
    window.reset_diagram()

    d = window.session.diagram.diagram
    window.session.diagram.edit("Move", diagram_edit.move_nodes(d, window.bundle.content,
                                                            {"gut": (100.0, 300.0)}))
    assert window.save_diagram()
    other = user_diagram_file().read_text().replace('"x": 100.0', '"x": 90.0')
    user_diagram_file().write_text(other)
    window.session.diagram.edit("Move", diagram_edit.move_nodes(
        window.session.diagram.diagram, window.bundle.content, {"gut": (120.0, 300.0)}))
    asked = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    assert not window.save_diagram()
    assert asked and "changed by something else" in asked[0]
    assert user_diagram_file().read_text() == other
    assert window.session.diagram.modified
