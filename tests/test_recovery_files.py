"""Recovery files without Qt: one instance's files, other instances' files, bad files.

An instance owns the files it writes while its lock is held; another instance never
reads, offers or deletes them until that instance has ended (here: a real process killed
with SIGKILL, possibly in the middle of writing).
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

from gutskin_desktop.model import recovery_files as rf
from gutskin_desktop.model.recovery_files import Instance, interval_seconds, recovery_dir

ROOT = Path(__file__).resolve().parent.parent
RECORD = {"kind": "diagram", "name": "the diagram's arrangement", "path": "/x/diagram.json",
          "saved_at": "2030-01-01T10:00:00", "disk_hash": None, "data": "{}"}

# A second instance in its own process: it writes a record (``hold``: once, then waits;
# ``churn``: again and again, a big one, so that a kill often lands mid-write).
CHILD = """
import json, sys, time
from gutskin_desktop.model.recovery_files import Instance
mode, record = sys.argv[1], json.loads(sys.argv[2])
me = Instance()
if mode == "hold":
    me.write("diagram", record)
    print(me.id, flush=True)
    time.sleep(120)
else:
    print(me.id, flush=True)
    n = 0
    while True:
        record["data"] = json.dumps({"n": n, "pad": "x" * 400000})
        me.write("layout", record)
        n += 1
        if n == 3:
            print("written", flush=True)
"""


def start_child(mode: str, record: dict = RECORD) -> tuple[subprocess.Popen[str], str]:
    child = subprocess.Popen([sys.executable, "-c", CHILD, mode, json.dumps(record)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    assert line, child.stderr.read() if child.stderr else ""
    return child, line


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(10)


def crash(instance: Instance) -> None:
    """What a crash does to an instance in this process: its lock goes, its files stay."""
    os.close(instance._fd)
    instance._fd = -1


def names() -> set[str]:
    return {p.name for p in recovery_dir().iterdir()} if recovery_dir().is_dir() else set()


# -- the interval ----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "seconds"), [("1", 1), ("60", 60), (" 300 ", 300),
                                            ("86400", 86400), (None, 60), ("", 60)])
def test_good_intervals_are_used(value: str | None, seconds: int) -> None:
    assert interval_seconds(value) == (seconds, None)


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "-inf", "0x10", "3000000", "0",
                                   "-5", "1.5", "0.3", "1e3", "٣", "10 s", "x" * 500])
def test_bad_intervals_fall_back_to_the_default_with_a_warning(value: str) -> None:
    seconds, warning = interval_seconds(value)
    assert seconds == 60
    assert warning and warning.startswith("warning: GUTSKIN_RECOVERY_SECONDS=")
    assert "from 1 to 86400" in warning and len(warning) < 300 and "\n" not in warning


def test_a_bad_interval_is_warned_about_on_stderr_and_in_the_log(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("GUTSKIN_RECOVERY_SECONDS", "nan-for-the-log")
    assert rf.configured_interval() == 60
    assert "GUTSKIN_RECOVERY_SECONDS='nan-for-the-log'" in capsys.readouterr().err
    log = (rf.user_data_dir() / "gutskin.log").read_text(encoding="utf-8")
    assert "GUTSKIN_RECOVERY_SECONDS='nan-for-the-log'" in log


# -- one instance's own files --------------------------------------------------------------


def test_an_instance_names_its_files_and_locks_only_while_it_has_some() -> None:
    me = Instance()
    assert not me.locked and not names()
    me.write("diagram", RECORD)
    assert names() == {f"instance-{me.id}.lock", f"{me.id}.diagram.json"}
    lock = json.loads((recovery_dir() / f"instance-{me.id}.lock").read_text())
    assert lock["pid"] == os.getpid() and lock["started"]
    record = json.loads(me.file("diagram").read_text())
    assert record["instance"] == me.id and record["path"] == "/x/diagram.json"
    assert rf.is_live(recovery_dir(), me.id)
    me.remove("diagram")
    assert not me.locked and not names()


# -- two instances -------------------------------------------------------------------------


def test_two_instances_in_one_process_never_touch_each_others_live_files() -> None:
    a, b = Instance(), Instance()
    a.write("diagram", RECORD)
    a.write("layout", {**RECORD, "kind": "layout", "name": "layout 'alpha'"})
    b.write("diagram", RECORD)
    a_files = {f"{a.id}.diagram.json", f"{a.id}.layout.json", f"instance-{a.id}.lock"}
    assert b.scan() == ([], []) and a.scan() == ([], [])
    b.remove("diagram")
    b.remove("layout")
    b.tidy()
    assert names() == a_files
    crash(a)  # a is gone: b now finds a's files, and still deletes nothing by itself
    found, broken = b.scan()
    assert [f.file.name for f in found] == sorted(a_files - {f"instance-{a.id}.lock"})
    assert not broken and {f.instance for f in found} == {a.id}
    b.tidy()
    assert names() == a_files
    rf.discard(found)  # the person answered
    b.tidy()
    assert not names()


def test_a_live_process_keeps_its_files_until_it_is_killed() -> None:
    me = Instance()
    child, child_id = start_child("hold")
    try:
        assert child_id != me.id and rf.is_live(recovery_dir(), child_id)
        for _ in range(3):  # several rounds of this instance's housekeeping
            assert me.scan() == ([], [])
            me.remove("diagram")
            me.tidy()
        assert names() == {f"{child_id}.diagram.json", f"instance-{child_id}.lock"}
    finally:
        kill(child)
    assert not rf.is_live(recovery_dir(), child_id)
    found, broken = me.scan()
    assert [(f.instance, f.kind, f.data) for f in found] == [(child_id, "diagram", "{}")]
    assert not broken


def test_a_reused_process_id_does_not_take_over_a_dead_instances_files() -> None:
    dead = Instance(instance_id=f"{os.getpid()}-abc")  # the same pid as this process
    dead.write("diagram", RECORD)
    crash(dead)
    me = Instance()
    assert me.id != dead.id
    assert [f.instance for f in me.scan()[0]] == [dead.id]
    me.write("diagram", RECORD)
    assert (recovery_dir() / f"{dead.id}.diagram.json").exists()


def test_killed_while_writing_leaves_a_whole_record_or_none() -> None:
    child, child_id = start_child("churn")
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "written"
    finally:
        kill(child)
    me = Instance()
    found, broken = me.scan()
    assert not broken and len(found) == 1 and found[0].instance == child_id
    data = json.loads(found[0].data)
    assert data["n"] >= 2 and len(data["pad"]) == 400000
    (recovery_dir() / f".{child_id}.layout.json.k1ll3d.tmp").write_text('{"n": ')
    assert me.scan() == (found, [])  # a half-written file is never offered
    rf.discard(found)
    me.tidy()  # the dead instance's lock and half-written temporary files go too
    assert not names(), names()


# -- broken and hostile files ----------------------------------------------------------------


def test_broken_and_hostile_files_are_reported_once_and_set_aside() -> None:
    folder = recovery_dir()
    folder.mkdir(parents=True)
    (folder / "big.json").write_bytes(b'{"kind": "diagram", "data": "' + b"x" * (6 << 20)
                                      + b'"}')
    (folder / "deep.json").write_text("[" * 100000 + "]" * 100000)
    (folder / "deep64.json").write_text("[" * 70 + "]" * 70)
    (folder / "notjson.json").write_text("{")
    (folder / "list.json").write_text("[]")
    (folder / "kind.json").write_text(json.dumps({**RECORD, "kind": "poster"}))
    (folder / "folder.json").mkdir()
    os.mkfifo(folder / "pipe.json")
    (folder / "good.json").write_text(json.dumps(RECORD))
    started = time.monotonic()
    found, broken = Instance().scan()
    assert time.monotonic() - started < 5
    assert [f.file.name for f in found] == ["good.json"]
    reasons = {b.file.name: b.reason for b in broken}
    assert set(reasons) == {"big.json", "deep.json", "deep64.json", "notjson.json",
                            "list.json", "kind.json", "folder.json", "pipe.json"}
    assert "larger than 5 MB" in reasons["big.json"]
    assert "nested deeper than 64" in reasons["deep.json"]
    assert "pipe" in reasons["pipe.json"] and "folder" in reasons["folder.json"]
    assert (folder / "pipe.json.unreadable").exists()
    assert Instance().scan() == (found, [])  # reported once
    log = (rf.user_data_dir() / "gutskin.log").read_text(encoding="utf-8")
    assert "deep.json could not be read" in log
