"""The ``gutskin layouts``, ``export`` and ``check`` commands, run as a person runs them."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from ..cli_support import assert_one_error_line
from .pdfread import (POSTERS, BUNDLE, ROOT, SHIPPED, block, flat, page_texts, reader, shipped,
                      write_layout)

OLD_BYTES = b"%PDF-1.4 the previous handout, which must survive a failed export\n"
OLD_TIME_NS = 978_307_200_000_000_000  # 1 January 2001
# No layouts of the user's own: ``gutskin layouts`` should list exactly the shipped ones.
ENV = {**os.environ, "XDG_DATA_HOME": tempfile.mkdtemp(prefix="gutskin-export-test-")}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env=ENV)


def overflowing(folder: Path) -> Path:
    """A layout whose sections do not fit (a4-handout without its page-2 frame)."""
    data = shipped("a4-handout")
    block(data, "sections")["flow"] = []
    return write_layout(folder, data, "tight.json")


# --- gutskin layouts ----------------------------------------------------------------------

def test_layouts_lists_name_size_and_description() -> None:
    result = run("layouts")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(SHIPPED + POSTERS)
    sizes = {"a3-poster": "A3 portrait", "a4-handout": "A4 portrait",
             "large-print": "A4 portrait", "letter-handout": "Letter portrait",
             "presenter-notes": "A4 portrait", "a1-poster": "A1 portrait",
             "a2-poster": "A2 portrait", "poster-24x36": "609.6 x 914.4 mm"}
    for line in lines:
        name = line.split()[0]
        assert sizes[name] in line, line
        assert shipped(name)["description"] in line, line


# --- gutskin export -----------------------------------------------------------------------

EXPORT = ("--layout", "a4-handout", "--sections", "overview,stress", "--text", "presenter",
          "--set", "clinic=Elm Street Clinic", "--set", "note=<b>x</b> & <font size=40>",
          "--deterministic")


def test_export_writes_the_pdf_with_the_chosen_options(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    result = run("export", *EXPORT, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: the chosen text reads at grade 9.2, above grade 8"]
    assert result.stdout.splitlines()[-1] == f"wrote {out} (2 pages, a4-handout)"
    assert result.stdout.startswith("reading level (Flesch-Kincaid): grade 9.2; note: grade")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]
    pdf = out.read_bytes()
    doc = reader(pdf)
    assert [e.title for e in doc.outline] == [BUNDLE.content.section("overview").title,
                                              BUNDLE.content.section("stress").title]
    text = flat(" ".join(page_texts(pdf)))
    assert "Clinic: Elm Street Clinic" in text
    assert "Note: <b>x</b> & <font size=40>" in text
    presenter = BUNDLE.content.section("stress").presenter[0].text
    assert " ".join(presenter.split()[:8]) in text
    assert BUNDLE.content.section("immune").title not in text

    again = tmp_path / "again.pdf"
    assert run("export", *EXPORT, "--out", str(again)).returncode == 0
    assert again.read_bytes() == pdf, "--deterministic exports differ"


def test_export_of_a_layout_file_warns_about_overflow(tmp_path: Path) -> None:
    out = tmp_path / "tight.pdf"
    result = run("export", "--layout", str(overflowing(tmp_path)), "--out", str(out))
    assert result.returncode == 0, result.stderr
    [warning] = result.stderr.splitlines()
    assert warning.startswith("warning: a4-handout: block 'sections': ")
    assert " lines (" in warning and " mm of text) do not fit" in warning
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(("args", "parts", "existing"), [
    (("--layout", "a5-handout"), ["a5-handout", "no layout of that name"], True),
    (("--layout", "{tmp}/nowhere.json"), ["nowhere.json", "no such layout file"], False),
    (("--layout", "{tmp}/broken.json"), ["broken.json", "blocks[1]", "x_mm"], False),
    (("--layout", "a4-handout", "--sections", "overview,sleep"), ["sleep"], True),
    (("--layout", "a4-handout", "--sections", " , "), ["--sections"], False),
    (("--layout", "a4-handout", "--set", "fax=0123"), ["fax"], False),
    (("--layout", "a4-handout", "--set", "clinic"), ["FIELD=VALUE"], True),
    (("--layout", "a4-handout", "--text", "doctor"), ["doctor"], True),
    (("--layout", "{tmp}/tight.json", "--strict"),
     ["text does not fit", "block 'sections'", "lines (", "mm of text"], True),
], ids=["unknown-name", "missing-file", "bad-layout", "unknown-section", "no-sections",
        "unknown-field", "no-equals", "bad-text", "strict-overflow"])
def test_bad_input_exits_2_and_leaves_out_alone(tmp_path: Path, args: tuple[str, ...],
                                               parts: list[str], existing: bool) -> None:
    broken = shipped("a4-handout")
    broken["blocks"][1]["x_mm"] = 424242.5
    text = write_layout(tmp_path, broken, "broken.json").read_text(encoding="utf-8")
    write_layout(tmp_path, text.replace("424242.5", "1e999"), "broken.json")
    overflowing(tmp_path)
    out = tmp_path / "handout.pdf"
    if existing:
        out.write_bytes(OLD_BYTES)
        os.utime(out, ns=(OLD_TIME_NS, OLD_TIME_NS))
    before = sorted(p.name for p in tmp_path.iterdir())

    result = run("export", *(a.format(tmp=tmp_path) for a in args), "--out", str(out))

    assert_one_error_line(result, *parts)
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "stray or new files"
    if existing:
        assert out.read_bytes() == OLD_BYTES
        assert out.stat().st_mtime_ns == OLD_TIME_NS
    else:
        assert not out.exists()


def test_out_in_a_missing_folder(tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "handout.pdf"
    assert_one_error_line(run("export", "--layout", "a4-handout", "--out", str(out)),
                   "no-such-folder", "does not exist")
    assert list(tmp_path.iterdir()) == []


def test_out_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "handout.pdf"
    folder.mkdir()
    assert_one_error_line(run("export", "--layout", "a4-handout", "--out", str(folder)),
                   str(folder), "folder")
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


# --- gutskin check ------------------------------------------------------------------------

def test_check_accepts_every_shipped_layout() -> None:
    files = [f"layouts/{name}.json" for name in SHIPPED]
    result = run("check", *files)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(SHIPPED)
    for path, line in zip(files, lines):
        assert line.startswith(f"{path}: ok, layout "), line


def test_check_names_the_file_field_and_reason_of_a_bad_layout(tmp_path: Path) -> None:
    data: dict[str, Any] = shipped("a3-poster")
    index = next(i for i, b in enumerate(data["blocks"]) if b["id"] == "sections")
    data["blocks"][index]["sections"][1] = "immunity"
    path = write_layout(tmp_path, data, "poster.json")
    line = assert_one_error_line(run("check", str(path)))
    assert line == f"error: {path}: blocks[{index}].sections[1]: no section with id 'immunity'"
