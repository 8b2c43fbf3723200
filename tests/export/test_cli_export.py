"""The ``gutskin layouts``, ``export`` and ``check`` commands, run as a person runs them."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from gutskin_desktop.model.handout_checks import reading_report

from ..cli_support import assert_one_error_line, reviewed_clinic
from .pdfread import (
    BUNDLE,
    POSTERS,
    ROOT,
    SHIPPED,
    block,
    flat,
    page_texts,
    reader,
    shipped,
    write_layout,
)

OLD_BYTES = b"%PDF-1.4 the previous handout, which must survive a failed export\n"
OLD_TIME_NS = 978_307_200_000_000_000  # 1 January 2001
# No layouts of the user's own: ``gutskin layouts`` should list exactly the shipped ones.
ENV = {**os.environ, "XDG_DATA_HOME": tempfile.mkdtemp(prefix="gutskin-export-test-")}
# A clinic profile the clinic has reviewed: exports given it print no warning about its advice.
CLINIC = str(reviewed_clinic(Path(tempfile.mkdtemp(prefix="gutskin-export-clinic-"))))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env=ENV)


def overflowing(folder: Path) -> Path:
    """A layout whose sections do not fit (a4-handout's sections kept to their one page)."""
    data = shipped("a4-handout")
    block(data, "sections").update(flow=[], continues=False)
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

EXPORT = ("--layout", "a4-handout", "--sections", "immune,stress", "--text", "presenter",
          "--set", "clinic=Elm Street Clinic", "--set", "note=<b>x</b> & <font size=40>",
          "--deterministic", "--clinic", CLINIC)


def test_export_writes_the_pdf_with_the_chosen_options(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    result = run("export", *EXPORT, "--out", str(out))
    assert result.returncode == 0, result.stderr
    # The presenter's words for these two sections read above grade 8.
    grade = reading_report(BUNDLE.content, ["immune", "stress"], "presenter").text.grade
    assert grade > 8
    assert result.stderr.splitlines() == [
        f"warning: the chosen text reads at grade {grade:.1f}, above grade 8"]
    assert result.stdout.splitlines()[-1] == f"wrote {out} (3 pages, a4-handout)"
    assert result.stdout.startswith(
        f"reading level (Flesch-Kincaid): grade {grade:.1f}; note: grade")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]
    pdf = out.read_bytes()
    doc = reader(pdf)
    # Numbered like the key points and the diagram's boxes, in the order chosen.
    assert [e.title for e in doc.outline] == [
        f"1. {BUNDLE.content.section('immune').title}",
        f"2. {BUNDLE.content.section('stress').title}"]
    text = flat(" ".join(page_texts(pdf)))
    assert "Clinic: Elm Street Clinic" in text
    assert "Note: <b>x</b> & <font size=40>" in text
    assert "Advice from Elm Street Clinic" in text
    presenter = BUNDLE.content.section("stress").presenter[0].text
    assert " ".join(presenter.split()[:8]) in text
    assert BUNDLE.content.section("overview").title not in text

    again = tmp_path / "again.pdf"
    assert run("export", *EXPORT, "--out", str(again)).returncode == 0
    assert again.read_bytes() == pdf, "--deterministic exports differ"


def test_export_of_a_layout_file_warns_about_overflow(tmp_path: Path) -> None:
    out = tmp_path / "tight.pdf"
    result = run("export", "--layout", str(overflowing(tmp_path)), "--out", str(out),
                 "--clinic", CLINIC)
    assert result.returncode == 0, result.stderr
    [warning] = result.stderr.splitlines()
    assert warning.startswith("warning: a4-handout: block 'sections': ")
    assert " lines (" in warning and " mm of text) do not fit" in warning
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(("args", "parts", "existing"), [
    (("--layout", "a5-handout"), ["a5-handout", "no layout of that name"], True),
    (("--layout", "{tmp}/nowhere.json"), ["nowhere.json", "no such layout file"], False),
    (("--layout", "{tmp}/broken.json"), ["broken.json", "blocks[1]", "x_mm"], False),
    (("--layout", "a4-handout", "--sections", "overview,sleep"),
     ["error: --sections: unknown section 'sleep' (choose from overview, "], True),
    (("--layout", "a4-handout", "--sections", " , "), ["--sections"], False),
    (("--layout", "a4-handout", "--set", "fax=0123"), ["fax"], False),
    (("--layout", "a4-handout", "--set", "clinic"), ["FIELD=VALUE"], True),
    (("--layout", "a4-handout", "--text", "doctor"), ["doctor"], True),
    (("--layout", "{tmp}/tight.json", "--strict"),
     ["a4-handout: block 'sections'", "lines (", "mm of text) do not fit"], True),
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

    result = run("export", *(a.format(tmp=tmp_path) for a in args), "--out", str(out),
                 "--clinic", CLINIC)

    assert_one_error_line(result, *parts)
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "stray or new files"
    if existing:
        assert out.read_bytes() == OLD_BYTES
        assert out.stat().st_mtime_ns == OLD_TIME_NS
    else:
        assert not out.exists()


def test_export_warns_while_the_clinics_advice_is_the_unreviewed_starting_point(
        tmp_path: Path) -> None:
    starting_point = [
        ("warning: the clinic's advice is the shipped starting point: review it and make it "
         "your own (Tools > Clinic Profile)"),
        "warning: the clinic's advice has no reviewer and review date yet"]
    shipped_advice = run("export", "--layout", "a4-handout", "--out", str(tmp_path / "a.pdf"))
    assert shipped_advice.returncode == 0, shipped_advice.stderr
    assert shipped_advice.stderr.splitlines() == starting_point
    text = flat(" ".join(page_texts((tmp_path / "a.pdf").read_bytes())))
    # printed as general advice, never as the clinic's, until someone there reviews it
    assert "General advice" in text and "Advice from" not in text
    assert "Your clinic has not yet reviewed this general advice." in text
    assert "Not yet reviewed by your clinic." in text
    reviewed = run("export", "--layout", "a4-handout", "--out", str(tmp_path / "b.pdf"),
                   "--clinic", CLINIC)
    assert reviewed.returncode == 0 and reviewed.stderr == "", reviewed.stderr
    text = flat(" ".join(page_texts((tmp_path / "b.pdf").read_bytes())))
    assert "Reviewed for the clinic by Dr Ada Example on 20 November 2026" in text
    assert "Advice from Elm Street Clinic" in text and "General advice" not in text
    # A layout that prints no advice has nothing to warn about.
    poster = run("export", "--layout", "a3-poster", "--out", str(tmp_path / "c.pdf"))
    assert poster.returncode == 0 and poster.stderr == "", poster.stderr


def test_type_under_the_floor_is_a_warning_and_with_strict_an_error(tmp_path: Path) -> None:
    data = shipped("a4-handout")
    block(data, "footer")["style"]["font_size"] = 7
    path = write_layout(tmp_path, data, "small.json")
    warning = ("a4-handout: block 'footer': text at 7.0 pt, under this layout's 8 pt type "
               "floor")
    loose = run("export", "--layout", str(path), "--out", str(tmp_path / "small.pdf"),
                "--clinic", CLINIC)
    assert loose.returncode == 0, loose.stderr
    assert loose.stderr.splitlines() == [f"warning: {warning}"]
    strict = run("export", "--layout", str(path), "--out", str(tmp_path / "strict.pdf"),
                 "--clinic", CLINIC, "--strict")
    assert assert_one_error_line(strict, warning) == f"error: {warning}"
    assert not (tmp_path / "strict.pdf").exists()


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
    files = [f"gutskin_desktop/data/layouts/{name}.json" for name in SHIPPED]
    result = run("check", *files)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(SHIPPED)
    for path, line in zip(files, lines, strict=True):
        assert line.startswith(f"{path}: ok, layout "), line


def test_check_names_the_file_field_and_reason_of_a_bad_layout(tmp_path: Path) -> None:
    data: dict[str, Any] = shipped("presenter-notes")
    index = next(i for i, b in enumerate(data["blocks"]) if b["id"] == "sections")
    data["blocks"][index]["sections"] = ["microbiome", "immunity", "nutrients"]
    path = write_layout(tmp_path, data, "poster.json")
    line = assert_one_error_line(run("check", str(path)))
    assert line == f"error: {path}: blocks[{index}].sections[1]: no section with id 'immunity'"
