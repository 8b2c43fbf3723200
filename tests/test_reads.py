"""Files that are not files: named pipes, devices, folders, loops and lone surrogates.

Every read of a file a user can name goes through ``files.read_regular``: a regular file
only, checked before it is opened, opened so that nothing can block, and read no further
than its cap. Pipes and devices cannot live in git, so they are made here in a temporary
folder; every command runs with a short timeout, so that a hang fails the test instead of
hanging the run.
"""
from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gutskin_desktop.export import batch
from gutskin_desktop.export.batch import BatchResult, read_rows, run_batch
from gutskin_desktop.model import files
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.files import open_regular, read_regular
from gutskin_desktop.model.jsonfile import MAX_BYTES, parse_json, read_bytes
from gutskin_desktop.model.layout_files import each_layout, open_layout, resolve_layout
from gutskin_desktop.model.paths import LAYOUTS
from gutskin_desktop.model.storage import SaveError

from .cli_support import assert_one_error_line, reviewed_clinic

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 20  # seconds; these commands take well under one, a hang takes forever
SHIPPED_LAYOUT = json.loads((LAYOUTS / "a4-handout.json").read_text("utf-8"))
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")


def _gutskin(*args: str, data_home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if data_home is not None:
        env["XDG_DATA_HOME"] = str(data_home)
    done = subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=TIMEOUT, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# --- the safe reader ------------------------------------------------------------------------

def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(b"x" * 100)
    assert read_regular(path, 100) == b"x" * 100
    with open_regular(path) as fh:
        assert fh.read(10) == b"x" * 10


def test_a_symbolic_link_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.json").write_bytes(b"{}")
    (tmp_path / "link.json").symlink_to("real.json")
    assert read_regular(tmp_path / "link.json", 10) == b"{}"


def test_one_byte_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(b"x" * 101)
    with pytest.raises(LoadError, match=r"data.json: the file is larger than 100 bytes"):
        read_regular(path, 100)


def test_the_cap_holds_while_reading_a_file_whose_size_says_nothing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A file that says it is empty (as /proc files do) or grows while it is read: the
    # reader stops one byte past the cap, whatever the size said.
    path = tmp_path / "grows.csv"
    path.write_bytes(b"x" * (3 * files.CHUNK))
    real_fstat, read = os.fstat, []

    def fstat(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:]))  # st_size 0

    def counting_read(fd: int, n: int) -> bytes:
        chunk = os.pread(fd, n, sum(read))  # type: ignore[attr-defined]
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(files.os, "fstat", fstat)
    monkeypatch.setattr(files.os, "read", counting_read)
    with pytest.raises(LoadError, match="larger than 1 MB"):
        read_regular(path, files.CHUNK)
    assert sum(read) == files.CHUNK + 1


@needs_fifo
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = _fifo(tmp_path / "f.json")
    with pytest.raises(LoadError, match=r"f.json: is a named pipe \(FIFO\), not a regular file"):
        read_regular(pipe, 100)
    with pytest.raises(LoadError, match="named pipe"):
        open_regular(pipe)
    with pytest.raises(LoadError, match="named pipe"):
        read_bytes(pipe)


@needs_fifo
def test_a_pipe_swapped_in_after_the_check_does_not_block(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The check said "regular file"; by the open it is a pipe with no writer. The open
    # must not wait for one, and the open file is checked again.
    pipe = _fifo(tmp_path / "swapped.json")
    regular = os.stat(__file__)
    monkeypatch.setattr(files.os, "stat", lambda path: regular)
    with pytest.raises(LoadError, match="named pipe"):
        read_regular(pipe, 100)


@needs_dev_zero
def test_a_device_is_refused_before_it_is_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(files.os, "open",
                        lambda path, *a: opened.append(str(path)) or real_open(path, *a))
    with pytest.raises(LoadError, match="/dev/zero: is a device, not a regular file"):
        read_regular("/dev/zero", 100)
    assert opened == []


@pytest.mark.parametrize(("make", "reason"), [
    (lambda p: p.mkdir(), "is a folder, not a file"),
    (lambda p: None, "no such file"),
    (lambda p: p.symlink_to(p.name), "a symbolic link that loops"),
    (lambda p: p.symlink_to("nowhere.json"), "no such file"),
], ids=["folder", "missing", "symlink-loop", "dangling-symlink"])
def test_what_is_not_a_readable_file_is_named(tmp_path: Path, make: object,
                                              reason: str) -> None:
    path = tmp_path / "x.json"
    make(path)  # type: ignore[operator]
    with pytest.raises(LoadError) as caught:
        read_regular(path, 100)
    assert str(caught.value).startswith(f"{path}: {reason}")


def test_a_file_it_may_not_read_is_named(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    path = tmp_path / "locked.json"
    path.write_bytes(b"{}")

    def denied(*args: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(files.os, "open", denied)
    with pytest.raises(LoadError, match=r"locked.json: permission denied"):
        read_regular(path, 100)


def test_a_nul_byte_in_the_name_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="not a usable file name"):
        read_regular("bad\0name.json", 100)


def test_data_files_are_capped_at_5_mb(tmp_path: Path) -> None:
    path = tmp_path / "content.json"
    path.write_bytes(b" " * (MAX_BYTES + 1))
    with pytest.raises(LoadError, match=r"content.json: the file is larger than 5 MB"):
        read_bytes(path)


# --- lone surrogates ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "field", "code"), [
    ('{"a": "\\ud800"}', "a", "\\ud800"),
    ('{"a": [1, {"b": "x\\uDC00y"}]}', "a[1].b", "\\udc00"),
    ('{"a": "\\udc00\\ud800"}', "a", "\\udc00"),  # a pair the wrong way round
    ('{"page": {"\\udfff": 1}}', "page", "\\udfff"),  # in a field name
    ('"\\ud800"', "(top level)", "\\ud800"),
])
def test_a_lone_surrogate_is_refused_naming_the_field(text: str, field: str,
                                                      code: str) -> None:
    with pytest.raises(LoadError) as caught:
        parse_json("x.json", text.encode())
    assert caught.value.field == field
    assert code in caught.value.reason and "lone surrogate" in caught.value.reason
    str(caught.value).encode("utf-8")  # prints, unlike the surrogate itself


@pytest.mark.parametrize(("text", "value"), [
    ('{"a": "\\ud83d\\ude00"}', {"a": "\U0001F600"}),  # a whole pair is one character
    ('{"a": "\\\\ud800"}', {"a": "\\ud800"}),  # a backslash, then letters
])
def test_surrogate_pairs_and_escaped_backslashes_are_text(text: str, value: object) -> None:
    assert parse_json("x.json", text.encode()) == value


# --- layouts by name and in the user's folder ----------------------------------------------

def test_a_folder_given_as_a_layout_is_called_a_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="is a folder, not a layout file"):
        resolve_layout(str(tmp_path))
    folder = tmp_path / "x.json"
    folder.mkdir()
    with pytest.raises(LoadError, match=r"x.json: is a folder, not a layout file"):
        resolve_layout(str(folder))
    with pytest.raises(LoadError, match="no such layout file"):
        resolve_layout(str(tmp_path / "nowhere.json"))


def test_a_folder_named_like_a_layout_does_not_hide_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a4-handout").mkdir()
    assert resolve_layout("a4-handout") == LAYOUTS / "a4-handout.json"


@needs_fifo
def test_a_pipe_given_as_a_layout_is_refused(tmp_path: Path) -> None:
    pipe = _fifo(tmp_path / "p.json")
    with pytest.raises(LoadError, match=r"p.json: is a named pipe"):
        open_layout(str(pipe))


def _user_layouts(data_home: Path) -> Path:
    folder = data_home / "gutskin-desktop" / "layouts"
    folder.mkdir(parents=True)
    good = dict(SHIPPED_LAYOUT, name="mine", description="My own handout")
    (folder / "mine.json").write_text(json.dumps(good), encoding="utf-8")
    return folder


BROKEN = ["fifo", "folder", "surrogate", "symlink-loop", "not-json"]


def _break(folder: Path, kind: str) -> Path:
    path = folder / f"x-{kind}.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "surrogate":
        path.write_text(json.dumps(dict(SHIPPED_LAYOUT, name="x",
                                        description="Handout \ud800")), encoding="ascii")
    elif kind == "symlink-loop":
        path.symlink_to(path.name)
    else:
        path.write_text("{", encoding="utf-8")
    return path


@needs_fifo
def test_each_layout_reports_broken_ones_and_goes_on(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = _user_layouts(tmp_path)
    broken = {_break(folder, kind) for kind in BROKEN}
    found = dict(each_layout())
    assert {p for p, item in found.items() if isinstance(item, LoadError)} == broken
    names = [item.name for item in found.values() if not isinstance(item, LoadError)]
    assert "mine" in names and "a4-handout" in names


@needs_fifo
@pytest.mark.parametrize("kind", BROKEN)
def test_gutskin_layouts_warns_of_one_broken_user_layout_and_lists_the_rest(
        tmp_path: Path, kind: str) -> None:
    path = _break(_user_layouts(tmp_path), kind)
    done = _gutskin("layouts", data_home=tmp_path)
    assert done.returncode == 0, done.stderr
    warnings = done.stderr.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("warning: "), done.stderr
    assert path.name in warnings[0]
    listed = [line.split()[0] for line in done.stdout.splitlines()]
    assert "mine" in listed and "a4-handout" in listed and len(listed) == 9


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a user that file permissions apply to")
def test_gutskin_layouts_warns_of_an_unreadable_user_layout(tmp_path: Path) -> None:
    path = _user_layouts(tmp_path) / "locked.json"
    path.write_text(json.dumps(SHIPPED_LAYOUT), encoding="utf-8")
    path.chmod(0)
    done = _gutskin("layouts", data_home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"warning: {path}: permission denied\n"


def test_an_unreadable_user_layout_is_reported_by_each_layout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    path = _user_layouts(tmp_path) / "locked.json"
    path.write_text(json.dumps(SHIPPED_LAYOUT), encoding="utf-8")
    real_open = os.open

    def open_(name: str | Path, *args: object) -> int:
        if str(name) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "open", open_)
    found = dict(each_layout())
    assert str(found[path]) == f"{path}: permission denied"


# --- the command line never waits on a pipe or a device -------------------------------------

@needs_fifo
def test_check_refuses_a_named_pipe(tmp_path: Path) -> None:
    pipe = _fifo(tmp_path / "f.json")
    assert_one_error_line(_gutskin("check", str(pipe)), str(pipe), "named pipe",
                          "not a regular file")


@needs_dev_zero
def test_check_refuses_a_device() -> None:
    assert_one_error_line(_gutskin("check", "/dev/zero"), "/dev/zero: is a device")


@needs_fifo
@pytest.mark.parametrize("option", ["--content", "--diagram", "--clinic", "--layout"])
def test_export_refuses_a_named_pipe(tmp_path: Path, option: str) -> None:
    pipe = _fifo(tmp_path / "f.json")
    out = tmp_path / "out.pdf"
    args = ["export", "--layout", "a4-handout", "--out", str(out)]
    if option in ("--content", "--diagram"):
        args = [option, str(pipe), *args]
    elif option == "--clinic":
        args += [option, str(pipe)]
    else:
        args[2] = str(pipe)
    assert_one_error_line(_gutskin(*args), str(pipe), "named pipe")
    assert not out.exists()


def test_export_with_a_folder_as_layout_says_it_is_a_folder(tmp_path: Path) -> None:
    done = _gutskin("export", "--layout", str(tmp_path), "--out", str(tmp_path / "o.pdf"))
    assert_one_error_line(done, str(tmp_path), "is a folder, not a layout file")


@needs_fifo
def test_batch_refuses_a_named_pipe_as_csv(tmp_path: Path) -> None:
    pipe = _fifo(tmp_path / "day.csv")
    out = tmp_path / "out"
    done = _gutskin("batch", "--layout", "a4-handout", "--csv", str(pipe), "--out-dir",
                    str(out), "--clinic", str(reviewed_clinic(tmp_path)))
    assert_one_error_line(done, str(pipe), "named pipe", "not a regular file")
    assert not out.exists()


@needs_dev_zero
def test_batch_refuses_dev_zero_before_reading_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _gutskin("batch", "--layout", "a4-handout", "--csv", "/dev/zero", "--out-dir",
                    str(out), "--clinic", str(reviewed_clinic(tmp_path)))
    assert_one_error_line(done, "/dev/zero: is a device, not a regular file")
    assert not out.exists()


@needs_fifo
def test_read_rows_refuses_a_pipe_even_with_a_writer(tmp_path: Path) -> None:
    pipe = _fifo(tmp_path / "day.csv")
    # A writer waiting to send: still refused, since a pipe has no size to cap first.
    writer = subprocess.Popen([sys.executable, "-c", f"open({str(pipe)!r}, 'wb').write(b'x')"])
    try:
        with pytest.raises(LoadError, match="named pipe"):
            read_rows(pipe)
    finally:
        writer.kill()
        writer.wait(timeout=TIMEOUT)


# --- batch: the first write failure stops it, Ctrl+C returns what was made ------------------

CSV = "patient\nAna One\nBen Two\nCal Three\nDee Four\nEve Five\n"


@pytest.fixture(scope="module")
def bundle_and_layout() -> tuple[object, object]:
    bundle = load_bundle()
    return bundle, open_layout("a4-handout", bundle.content)


def _counting_render(monkeypatch: pytest.MonkeyPatch, fail_at: int = 0,
                     exc: BaseException | None = None) -> list[int]:
    calls: list[int] = []
    real = batch.render

    def render(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if exc is not None and len(calls) == fail_at:
            raise exc
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "render", render)
    return calls


def _failing_write(monkeypatch: pytest.MonkeyPatch, after: int) -> None:
    real, done = batch.write_atomic, []

    def write(target: Path, data: bytes) -> None:
        if len(done) == after:
            raise SaveError(f"{target}: could not write: the disk is full")
        done.append(target)
        real(target, data)

    monkeypatch.setattr(batch, "write_atomic", write)


def test_a_folder_that_takes_no_pdf_stops_the_batch_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        bundle_and_layout: tuple[object, object]) -> None:
    bundle, layout = bundle_and_layout
    (tmp_path / "day.csv").write_text(CSV, encoding="utf-8")
    calls = _counting_render(monkeypatch)
    _failing_write(monkeypatch, after=0)
    with pytest.raises(SaveError, match=r"001-ana-one.pdf: could not write: the disk is full"):
        run_batch(layout, bundle, tmp_path / "day.csv", tmp_path / "out")  # type: ignore[arg-type]
    assert len(calls) == 1


def test_a_write_failure_midway_is_reported_once_and_stops(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        bundle_and_layout: tuple[object, object]) -> None:
    bundle, layout = bundle_and_layout
    (tmp_path / "day.csv").write_text(CSV, encoding="utf-8")
    calls = _counting_render(monkeypatch)
    _failing_write(monkeypatch, after=2)
    result = run_batch(layout, bundle, tmp_path / "day.csv",  # type: ignore[arg-type]
                       tmp_path / "out")
    assert len(calls) == 3 and len(result.written) == 2
    target = tmp_path / "out" / "003-cal-three.pdf"
    assert result.failures == [(4, (f"{target}: could not write: the disk is full; stopped: "
                                    "the other 2 rows were not made"))]
    assert not result.interrupted


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a user that file permissions apply to")
def test_a_read_only_out_dir_gives_one_error(tmp_path: Path) -> None:
    (tmp_path / "day.csv").write_text(CSV * 50, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        done = _gutskin("batch", "--layout", "a4-handout", "--csv", str(tmp_path / "day.csv"),
                        "--out-dir", str(out), "--clinic", str(reviewed_clinic(tmp_path)))
    finally:
        out.chmod(stat.S_IRWXU)
    assert_one_error_line(done, "001-ana-one.pdf", "read-only")


def test_ctrl_c_between_rows_returns_what_was_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        bundle_and_layout: tuple[object, object]) -> None:
    bundle, layout = bundle_and_layout
    (tmp_path / "day.csv").write_text(CSV, encoding="utf-8")
    _counting_render(monkeypatch, fail_at=3, exc=KeyboardInterrupt())
    progress: list[int] = []
    result = run_batch(layout, bundle, tmp_path / "day.csv",  # type: ignore[arg-type]
                       tmp_path / "out", progress=lambda done, total: progress.append(done))
    assert result.interrupted and not result.cancelled
    assert [p.name for p in result.written] == ["001-ana-one.pdf", "002-ben-two.pdf"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "001-ana-one.pdf", "002-ben-two.pdf"]
    assert progress == [1, 2] and result.failures == []


def test_a_batch_result_is_not_interrupted_by_default() -> None:
    assert BatchResult().interrupted is False


# --- images under the data folder --------------------------------------------------------

def test_a_symlink_loop_under_assets_is_a_load_error(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from gutskin_desktop.model import layout as layout_module

    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "a").symlink_to("b")
    (assets / "b").symlink_to("a")
    monkeypatch.setattr(layout_module, "ASSETS", assets)
    with pytest.raises(LoadError, match="loop"):
        layout_module.safe_asset_path("x.json", "blocks[0].path", "a/x.png")
