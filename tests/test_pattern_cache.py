"""Regular expressions kept between runs (pattern_cache.py): a command-line job or the app
keeps what the compiler made for each pattern and the next run hands it straight to the
engine; the patterns match exactly as compiled ones do, and a damaged file or folder
changes nothing but the time taken."""
from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gutskin_desktop import pattern_cache

ROOT = Path(__file__).resolve().parent.parent


def export(cache: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", "export", "--layout",
                           "a4-handout", "--out", str(out), "--deterministic"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def kept_file(cache: Path) -> Path:
    files = list((cache / "gutskin-desktop").glob("patterns-*.marshal"))
    assert len(files) == 1, files
    return files[0]


def compiler_args(pattern: str | bytes, flags: int) -> tuple[object, ...]:
    """What re's own compiler hands the engine for a pattern (as plain data)."""
    compiler = pattern_cache._compiler()
    heard = pattern_cache._NotingEngine(compiler._sre)
    saved = compiler._sre
    compiler._sre = heard
    try:
        pattern_cache._state.get("compile", compiler.compile)(pattern, flags)
    finally:
        compiler._sre = saved
    return pattern_cache._plain(heard.heard.args[1:])


@pytest.fixture
def kept_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """pattern_cache installed in this process, with its cache in a fresh folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pattern_cache._kept.clear()
    pattern_cache._new.clear()
    re.purge()
    pattern_cache.install()
    try:
        yield tmp_path
    finally:
        pattern_cache.uninstall()
        pattern_cache._kept.clear()
        pattern_cache._new.clear()
        re.purge()


def test_an_export_keeps_what_the_compiler_made_for_each_pattern(tmp_path: Path) -> None:
    first = export(tmp_path / "cache", tmp_path / "one.pdf")
    assert first.returncode == 0, first.stderr
    table = marshal.loads(kept_file(tmp_path / "cache").read_bytes())
    assert len(table) > 50  # argparse's, reportlab's and the project's own patterns
    for (pattern, flags), args in table.items():
        assert args == compiler_args(pattern, flags), pattern
    # the next run compiles nothing new, writes nothing, and makes the same PDF
    stamp = kept_file(tmp_path / "cache").stat().st_mtime_ns
    second = export(tmp_path / "cache", tmp_path / "two.pdf")
    assert second.returncode == 0, second.stderr
    assert kept_file(tmp_path / "cache").stat().st_mtime_ns == stamp
    assert (tmp_path / "two.pdf").read_bytes() == (tmp_path / "one.pdf").read_bytes()
    assert second.stdout == first.stdout.replace("one.pdf", "two.pdf")


@pytest.mark.parametrize(("pattern", "flags", "text"), [
    (r"(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})", 0, "on 3/11 and 14-2"),
    (r"(?<![\w-])acne(?![\w-])", re.IGNORECASE, "Acne, pre-acne and ACNE."),
    (rb"\s*(?:<\?xml|<svg[\s>/])", re.IGNORECASE, b"  <SVG width='1'>"),
    (r"[À-ÖØ-öø-ɏ]+", 0, "Zoë Łukasz Ørsted"),
    (r"^\s*(\w+)\s*$", re.MULTILINE, "one\n two \nthree"),
])
def test_a_kept_pattern_matches_as_a_compiled_one(kept_here: Path, pattern: str | bytes,
                                                  flags: int, text: str | bytes) -> None:
    usual = re.compile(pattern, flags)
    key = (pattern, int(flags))
    assert key in pattern_cache._new  # noted at its first compiling
    re.purge()
    pattern_cache._new.clear()
    kept = re.compile(pattern, flags)  # from the kept arguments, straight to the engine
    assert key not in pattern_cache._new
    assert kept is not usual
    assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == \
        (usual.pattern, usual.flags, usual.groups, usual.groupindex)
    assert [m.group(0) for m in kept.finditer(text)] == [m.group(0) for m in usual.finditer(text)]
    assert [m.groups() for m in kept.finditer(text)] == [m.groups() for m in usual.finditer(text)]


def test_a_damaged_entry_is_compiled_as_usual(kept_here: Path) -> None:
    pattern = r"(\d+)-(\d+)"
    flags, code, groups, groupindex, indexgroup = compiler_args(pattern, 0)  # type: ignore[misc]
    pattern_cache._kept[(pattern, 0)] = (flags, [99999, 3, 7], groups, groupindex, indexgroup)
    re.purge()
    compiled = re.compile(pattern)
    assert compiled.fullmatch("12-345").groups() == ("12", "345")
    assert pattern_cache._kept[(pattern, 0)] == (flags, code, groups, groupindex, indexgroup)


def test_a_damaged_file_or_a_folder_that_cannot_be_made_only_costs_time(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "gutskin-desktop"
    first = export(tmp_path / "cache", tmp_path / "one.pdf")
    assert first.returncode == 0, first.stderr
    kept = kept_file(tmp_path / "cache")
    kept.write_bytes(b"\x00not marshal data at all")
    second = export(tmp_path / "cache", tmp_path / "two.pdf")
    assert second.returncode == 0, second.stderr
    assert second.stderr == first.stderr
    assert len(marshal.loads(kept.read_bytes())) > 50  # written again, whole
    assert sorted(p.name for p in folder.iterdir() if "patterns" in p.name) == [kept.name]
    blocked = tmp_path / "a-file"  # the cache folder cannot be made (even by root)
    blocked.write_text("not a folder")
    third = export(blocked, tmp_path / "three.pdf")
    assert third.returncode == 0, third.stderr
    assert third.stderr == first.stderr
    assert (tmp_path / "three.pdf").read_bytes()[:4] == b"%PDF"
    assert blocked.read_text() == "not a folder"


APP_START = """
import sys
from PySide6.QtWidgets import QApplication
from gutskin_desktop import cli

def run_briefly(app):  # the event loop, until the window and what follows its paint are done
    from PySide6.QtCore import QEventLoop, QTimer
    loop = QEventLoop()
    QTimer.singleShot(300, loop.quit)
    loop.exec()
    return 0

QApplication.exec = run_briefly
sys.argv = ["gutskin"]
cli.run()
"""


def start_app(cache: Path) -> subprocess.CompletedProcess[str]:
    """``gutskin`` with no arguments (the app), its window shown for a moment."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(cache.parent)}
    return subprocess.run([sys.executable, "-c", APP_START], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_the_app_keeps_the_patterns_its_start_compiles(tmp_path: Path) -> None:
    first = start_app(tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    table = marshal.loads(kept_file(tmp_path / "cache").read_bytes())
    assert len(table) > 10  # Qt's bindings' own patterns and the project's
    for (pattern, flags), args in table.items():
        assert args == compiler_args(pattern, flags), pattern
    # the next start compiles nothing new: the file is not written again
    stamp = kept_file(tmp_path / "cache").stat().st_mtime_ns
    second = start_app(tmp_path / "cache")
    assert second.returncode == 0, second.stderr
    assert kept_file(tmp_path / "cache").stat().st_mtime_ns == stamp


def test_scripts_compile_as_usual() -> None:
    code = ("from gutskin_desktop import cli, pattern_cache\ncli.main(['layouts'])\n"
            "print(pattern_cache._compiler().compile.__name__)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True, timeout=60)
    assert done.stdout.split()[-1] == "compile"
