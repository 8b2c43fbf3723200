"""Writes go only where they should: regular files or new names, never an input, never a
device, pipe or folder; a symbolic link is written through; saves killed at any instant
keep the previous version; terminal control characters from files are never printed."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from gutskin_desktop.model import storage
from gutskin_desktop.model.paths import ASSETS, LAYOUTS
from gutskin_desktop.model.storage import SaveError, backup_path, write_atomic

from .cli_support import assert_one_error_line, reviewed_clinic

ROOT = Path(__file__).resolve().parent.parent
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def cli(*args: str, stdout: object = subprocess.PIPE,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``gutskin ARGS`` as a person would (in the test's own data folder)."""
    return subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", *args], cwd=ROOT,
                          check=False, stdout=stdout, stderr=subprocess.PIPE, text=True,
                          timeout=timeout, env={**os.environ, "GUTSKIN_DEBUG": ""})


def export(out: str | Path, *more: str, layout: str = "a4-handout",
           stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return cli(*more, "export", "--layout", layout, "--out", str(out), "--deterministic",
               stdout=stdout)


def refused(result: subprocess.CompletedProcess[str], *parts: str) -> str:
    """One ``error:`` line, exit 2, no traceback (see cli_support)."""
    return assert_one_error_line(result, *parts)


def identity(path: Path) -> tuple[int, int, int]:
    status = os.lstat(path)
    return status.st_dev, status.st_ino, status.st_mode


# --- devices, pipes, folders, names -------------------------------------------------------


def _restore_dev_null() -> None:  # pragma: no cover - only if a regression replaced it
    if ROOT_USER and not stat.S_ISCHR(os.lstat("/dev/null").st_mode):
        os.unlink("/dev/null")
        os.mknod("/dev/null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        os.chmod("/dev/null", 0o666)


def test_a_device_node_is_never_replaced(tmp_path: Path) -> None:
    # First a device node of our own (the same as /dev/null), so that a regression
    # cannot replace the system's; then the real ones.
    if ROOT_USER:
        mine = tmp_path / "null"
        os.mknod(mine, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        before = identity(mine)
        refused(export(mine), str(mine), "is a device")
        assert identity(mine) == before
    for device in ("/dev/null", "/dev/full"):
        if not os.path.exists(device):
            continue
        before = identity(Path(device))
        try:
            refused(export(device), device, "is a device, not a regular file")
        finally:
            _restore_dev_null()
        assert identity(Path(device)) == before


def test_dev_stdout_is_refused_and_stays_a_link(tmp_path: Path) -> None:
    captured = tmp_path / "stdout.txt"
    with captured.open("w") as out:  # stdout a regular file: /dev/stdout leads to it
        result = export("/dev/stdout", stdout=out)
    result.stdout = captured.read_text()
    refused(result, "/dev/stdout")
    assert not captured.read_bytes().startswith(b"%PDF")
    assert os.path.islink("/dev/stdout")
    refused(export("/dev/stdout"), "/dev/stdout")  # stdout a pipe


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "handout.pdf"
    os.mkfifo(fifo)
    refused(export(fifo), str(fifo), "named pipe")  # a hang would time out (60 s)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]


def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.pdf"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        refused(export(path), str(path), "socket")
        assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_folders_and_trailing_slashes_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "handouts"
    folder.mkdir()
    refused(export(folder), str(folder), "is a folder")
    refused(export(f"{folder}/"), f"{folder}/", "is a folder")
    new = tmp_path / "new-folder"
    refused(export(f"{new}/"), f"{new}/", "ends in '/'", "names a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handouts"]
    assert list(folder.iterdir()) == []
    refused(cli("export-diagram", "--out", f"{new}/"), "--out")


def test_a_300_character_name_is_one_clear_error(tmp_path: Path) -> None:
    long = tmp_path / ("h" * 296 + ".pdf")
    line = refused(export(long), "the file name is too long", "at most 255")
    assert "OSError" not in line and "Errno" not in line
    assert list(tmp_path.iterdir()) == []
    # a name just within the limit works: its temporary file's name is cut to fit
    ok = tmp_path / ("h" * 251 + ".pdf")
    result = export(ok)
    assert result.returncode == 0, result.stderr
    assert ok.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == [ok.name]


# --- an output that is an input -----------------------------------------------------------


def test_out_is_never_the_layout_file(tmp_path: Path) -> None:
    layout = tmp_path / "my.json"
    shutil.copy(LAYOUTS / "a4-handout.json", layout)
    original, before = layout.read_bytes(), identity(layout)
    hard = tmp_path / "hard.pdf"
    os.link(layout, hard)
    soft = tmp_path / "soft.pdf"
    soft.symlink_to(layout)
    for out in (layout, hard, soft, Path(os.path.relpath(layout, ROOT))):
        refused(export(out, layout=str(layout)), "is the same file as the layout file")
    assert layout.read_bytes() == original and identity(layout) == before
    assert soft.is_symlink() and not backup_path(layout).exists()


def test_out_is_never_the_content_or_diagram_file(tmp_path: Path) -> None:
    content, diagram = tmp_path / "content.json", tmp_path / "diagram.json"
    shutil.copy(ASSETS / "content.json", content)
    shutil.copy(ASSETS / "diagram.json", diagram)
    os.link(diagram, tmp_path / "diagram.svg")
    kept = {p: (p.read_bytes(), identity(p)) for p in (content, diagram)}
    given = ("--content", str(content), "--diagram", str(diagram))
    refused(export(content, *given), "is the same file as the content file")
    refused(export(diagram, *given), "is the same file as the diagram file")
    refused(cli(*given, "export-diagram", "--out", str(tmp_path / "diagram.svg")),
            "is the same file as the diagram file")
    for path, (data, ident) in kept.items():
        assert path.read_bytes() == data and identity(path) == ident


def test_out_is_never_the_saved_diagram(tmp_path: Path) -> None:
    data = Path(os.environ["XDG_DATA_HOME"]) / "gutskin-desktop"
    data.mkdir(parents=True, exist_ok=True)
    saved = data / "diagram.json"
    shutil.copy(ASSETS / "diagram.json", saved)
    original = saved.read_bytes()
    link = tmp_path / "axis.png"
    link.symlink_to(saved)
    refused(export(saved), "is the same file as the saved diagram")
    refused(cli("export-diagram", "--out", str(link)), "is the same file as the saved diagram")
    assert saved.read_bytes() == original and link.is_symlink()
    assert sorted(p.name for p in data.iterdir()) == ["diagram.json"]


def test_a_batch_never_writes_over_its_csv(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    csv = out / "001-jo-example.pdf"  # the name the first row's PDF gets
    csv.write_text("patient,note\nJo Example,hello\n", encoding="utf-8")
    original = csv.read_bytes()
    clinic = str(reviewed_clinic(tmp_path))
    refused(cli("batch", "--layout", "a4-handout", "--csv", str(csv), "--out-dir", str(out),
                "--clinic", clinic), "--out-dir", "is the CSV file")
    elsewhere = tmp_path / "patients.csv"
    elsewhere.write_bytes(original)
    csv.unlink()
    os.link(elsewhere, csv)  # the same file under the PDF's name, by a hard link
    refused(cli("batch", "--layout", "a4-handout", "--csv", str(elsewhere), "--out-dir",
                str(out), "--clinic", clinic), "is the CSV file")
    assert csv.read_bytes() == original == elsewhere.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["001-jo-example.pdf"]


def test_writes_guarded_in_process_too(tmp_path: Path) -> None:
    """The batch's own writes (and any write inside a job) refuse an input as well."""
    source = tmp_path / "rows.csv"
    source.write_text("patient\nJo\n")
    with (storage.guard_inputs([("CSV file", source)]),
          pytest.raises(SaveError, match="is the same file as the CSV file")):
        write_atomic(source, b"%PDF")
    assert source.read_text() == "patient\nJo\n"
    write_atomic(source, b"fine outside the job")


# --- symbolic links -----------------------------------------------------------------------


def test_a_symlinked_out_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real" / "handout.pdf"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    result = export(link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes().startswith(b"%PDF")
    dangling = tmp_path / "later.pdf"
    dangling.symlink_to(tmp_path / "real" / "new.pdf")
    assert export(dangling).returncode == 0
    assert dangling.is_symlink() and (tmp_path / "real" / "new.pdf").read_bytes()[:4] == b"%PDF"
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    refused(export(loop), "loop")
    assert sorted(p.name for p in target.parent.iterdir()) == ["handout.pdf", "new.pdf"]


def test_a_symlinked_saved_file_stays_a_link(tmp_path: Path) -> None:
    """The saved diagram (say) kept elsewhere through a link: saves go to its target,
    atomically, with the backup beside the target; the link is never replaced."""
    real = tmp_path / "dotfiles" / "diagram.json"
    real.parent.mkdir()
    real.write_text("one")
    data = tmp_path / "data"
    data.mkdir()
    link = data / "diagram.json"
    link.symlink_to(real)
    write_atomic(link, b"two", backup=True)
    write_atomic(link, b"three", backup=True)
    assert link.is_symlink() and real.read_text() == "three"
    assert backup_path(real).read_text() == "two"
    assert sorted(p.name for p in data.iterdir()) == ["diagram.json"]


# --- terminal control characters ----------------------------------------------------------

NASTY = "Clear \x1b[2J\x1b]0;title\x07 bell\x07 back\x08\r over \x9b31m csi \u202e rtl"


def _no_controls(text: str) -> None:
    bad = [c for c in text if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) <= 0x9f
           or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]
    assert not bad, (bad, text)


def test_layouts_never_print_terminal_escapes() -> None:
    folder = Path(os.environ["XDG_DATA_HOME"]) / "gutskin-desktop" / "layouts"
    folder.mkdir(parents=True)
    data = json.loads((LAYOUTS / "a4-handout.json").read_text())
    data.update(name="evil", description=NASTY)
    (folder / "evil.json").write_text(json.dumps(data))
    (folder / "broken.json").write_text('{"format_version": 1, "blocks": "\x1b[2J"}')
    result = cli("layouts")
    assert result.returncode == 0, result.stderr
    _no_controls(result.stdout)
    _no_controls(result.stderr)
    line = next(line for line in result.stdout.splitlines() if line.startswith("evil "))
    assert "\\x1b[2J" in line and "\\x07" in line and "A4 portrait" in line


# --- Ctrl-C during a batch ----------------------------------------------------------------


def test_an_interrupted_batch_says_what_it_made(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    from gutskin_desktop import cli as gutskin
    from gutskin_desktop.export import batch

    csv = tmp_path / "rows.csv"
    csv.write_text("patient\nJo\nAl\n")
    args = ["batch", "--layout", "a4-handout", "--csv", str(csv), "--out-dir",
            str(tmp_path / "out"), "--clinic", str(reviewed_clinic(tmp_path))]

    def partial(*a: object, **k: object) -> object:
        result = batch.BatchResult(written=[tmp_path / "out" / "001-jo.pdf"])
        result.interrupted = True  # type: ignore[attr-defined]
        return result
    monkeypatch.setattr(batch, "run_batch", partial)
    assert gutskin.main(args) == 130
    out = capsys.readouterr().out
    assert "wrote 1 PDFs to" in out and "stopped by Ctrl-C" in out

    def escapes(*a: object, progress: object = None, **k: object) -> object:
        progress(1, 2)  # type: ignore[operator]
        raise KeyboardInterrupt
    monkeypatch.setattr(batch, "run_batch", escapes)
    assert gutskin.main(args) == 130
    out = capsys.readouterr().out
    assert "stopped by Ctrl-C after 1 of 2 rows" in out


def test_ctrl_c_during_a_real_batch(tmp_path: Path) -> None:
    out = tmp_path / "out"
    csv = tmp_path / "rows.csv"
    csv.write_text("patient\n" + "".join(f"Patient {i}\n" for i in range(40)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "gutskin_desktop.cli", "batch", "--layout", "a4-handout",
         "--csv", str(csv), "--out-dir", str(out), "--clinic",
         str(reviewed_clinic(tmp_path))],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (out.is_dir() and any(out.glob("*.pdf"))):
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, (stdout, stderr)
    assert "Traceback" not in stdout + stderr
    assert "stopped by Ctrl-C" in stdout, (stdout, stderr)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    for pdf in out.glob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf


# --- the backup and saves killed at any instant -------------------------------------------


def _versions(path: Path) -> tuple[int | None, int | None, list[int]]:
    """The version numbers of the file, its .bak and any pending backups (each read whole:
    a half-written file fails to parse)."""
    def number(file: Path) -> int:
        return json.loads(file.read_bytes())["n"]
    bak = backup_path(path)
    pending = [number(p) for p in path.parent.glob(f".{path.name}.bak-*.tmp")]
    return (number(path) if path.exists() else None,
            number(bak) if bak.exists() else None, pending)


def _check_kept(path: Path) -> None:
    """Never half a file; the .bak never equal to the file; the version before the file's
    is in the .bak or, after a kill between the two renames, in a pending backup."""
    now, bak, pending = _versions(path)
    assert now is not None
    if bak is not None:
        assert bak < now, (now, bak)
    if now > 0 and bak != now - 1:
        assert now - 1 in pending, (now, bak, pending)


WRITER = textwrap.dedent("""
    import json, os, sys
    from gutskin_desktop.model import storage
    path = sys.argv[1]
    stop = int(sys.argv[2]) if len(sys.argv) > 2 else -1
    if stop >= 0:  # die (as with SIGKILL: no clean-up) at the stop-th step of the save
        steps = [0]
        def dies(real):
            def call(*a, **k):
                steps[0] += 1
                if steps[0] > stop:
                    os._exit(9)
                return real(*a, **k)
            return call
        for name in ("replace", "link", "fsync"):
            setattr(os, name, dies(getattr(os, name)))
    n = json.loads(open(path, "rb").read())["n"]
    pad = "x" * 100_000
    print("ready", flush=True)
    while True:
        n += 1
        storage.write_atomic(path, json.dumps({"n": n, "pad": pad}).encode(), backup=True)
        if stop >= 0:
            break
""")


def _writer(path: Path, *more: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), *more], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)


def test_a_save_killed_at_every_step_keeps_the_version_before(tmp_path: Path) -> None:
    path = tmp_path / "layout.json"
    path.write_text(json.dumps({"n": 0}))
    for stop in range(6):  # before/after each fsync, link and rename of one save
        proc = _writer(path, str(stop))
        proc.communicate(timeout=30)
        _check_kept(path)
    assert storage.clean_temp_files(tmp_path, min_age=0) >= 0
    now, bak, pending = _versions(path)
    assert pending == [] and bak == now - 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layout.json", "layout.json.bak"]


def test_saves_killed_at_random_never_lose_the_version_before(tmp_path: Path) -> None:
    path = tmp_path / "layout.json"
    path.write_text(json.dumps({"n": 0}))
    rng = random.Random(20261120)
    deadline = time.monotonic() + 6
    kills = 0
    while kills < 40 and time.monotonic() < deadline:
        proc = _writer(path)
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        kills += 1
        _check_kept(path)
        if rng.random() < 0.2:  # now and then, the next start's clean-up
            storage.clean_temp_files(tmp_path, min_age=0)
            now, bak, pending = _versions(path)
            assert not pending and (bak is None or bak == now - 1)
    assert kills >= 10
    storage.clean_temp_files(tmp_path, min_age=0)  # the next start
    now, bak, pending = _versions(path)
    assert now > 0 and bak == now - 1 and pending == []
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_permission_denied_says_so_without_blaming_a_read_only_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import os

    real_open = os.open

    def denied(path: str, flags: int, *args: int, **kwargs: object) -> int:
        if str(path).startswith(str(tmp_path)) and flags & os.O_CREAT:  # a file made here
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(SaveError) as caught:
        write_atomic(tmp_path / "a.pdf", b"x")
    assert "permission denied" in str(caught.value)
    assert str(tmp_path) in str(caught.value) and "read-only" not in str(caught.value)


def test_an_empty_out_is_one_clear_error() -> None:
    refused(export(""), "--out", "give a file name")


def test_saving_the_same_data_keeps_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    write_atomic(path, b"1", backup=True)
    assert not backup_path(path).exists()
    write_atomic(path, b"2", backup=True)
    write_atomic(path, b"2", backup=True)
    assert path.read_bytes() == b"2" and backup_path(path).read_bytes() == b"1"
    write_atomic(path, b"3", backup=True)
    assert backup_path(path).read_bytes() == b"2"


def test_a_folder_where_the_backup_goes_stops_the_save(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    write_atomic(path, b"1", backup=True)
    backup_path(path).mkdir()
    with pytest.raises(SaveError, match=r"a.json.bak: is a folder"):
        write_atomic(path, b"2", backup=True)
    assert path.read_bytes() == b"1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.json.bak"]


def test_clean_up_touches_only_our_stale_temporary_files(tmp_path: Path) -> None:
    old = time.time() - 60
    ours = [tmp_path / ".a.json.ab12cd_z.tmp", tmp_path / ".b.pdf.0123abcd.tmp"]
    young = tmp_path / ".c.json.zzzzzzzz.tmp"
    others = [tmp_path / "notes.tmp", tmp_path / ".a.json.tmp", tmp_path / ".x.TOOLONG99.tmp",
              tmp_path / "a.json", tmp_path / ".hidden"]
    for file in [*ours, young, *others]:
        file.write_text("x")
    for file in [*ours, *others]:
        os.utime(file, (old, old))
    assert storage.clean_temp_files(tmp_path) == 0  # ctime is new: too young to be stale
    assert storage.clean_temp_files(tmp_path, min_age=0, name="a.json") == 1
    assert storage.clean_temp_files(tmp_path, min_age=0) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in others)


def test_the_app_folders_are_cleaned_at_start_and_before_a_save(
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = Path(os.environ["XDG_DATA_HOME"]) / "gutskin-desktop"
    layouts, recovery = data / "layouts", data / "recovery"
    for folder in (layouts, recovery):
        folder.mkdir(parents=True)
    stale = [data / ".diagram.json.aaaaaaaa.tmp", layouts / ".mine.json.bbbbbbbb.tmp",
             recovery / ".1-ab.layout.json.cccccccc.tmp"]
    for file in stale:
        file.write_text("half")
    assert storage.clean_user_folders(min_age=0) == 3
    assert not any(f.exists() for f in stale)
    # a pending backup left by a save killed after its file was replaced becomes .bak
    (layouts / "mine.json").write_text("new")
    (layouts / "mine.json.bak").write_text("oldest")
    time.sleep(0.01)
    (layouts / ".mine.json.bak-0123abcd.tmp").write_text("previous")
    (layouts / ".other.json.dddddddd.tmp").write_text("half")
    monkeypatch.setattr(storage, "STALE_SECONDS", 0.0)
    monkeypatch.setattr(storage, "_scanned", {})
    write_atomic(layouts / "another.json", b"{}")  # the first save into the folder
    assert sorted(p.name for p in layouts.iterdir()) == ["another.json", "mine.json",
                                                         "mine.json.bak"]
    assert (layouts / "mine.json.bak").read_text() == "previous"



@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks here")
def test_ctrl_c_and_termination_wait_while_the_file_is_renamed_into_place() -> None:
    from gutskin_desktop.model import storage

    def blocked() -> set[int]:
        return set(signal.pthread_sigmask(signal.SIG_BLOCK, []))

    before = blocked()
    with storage._signals_held():
        assert {signal.SIGINT, signal.SIGTERM, signal.SIGHUP} <= blocked()
    assert blocked() == before
