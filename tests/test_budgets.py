"""Resource budgets and impossible layouts: what passes `gutskin check` exports in seconds,
and what cannot (or would cost minutes and gigabytes) is refused up front, through the
real command line, with one `error:` line naming the field or the limit, exit 2, and no
file written. The big inputs are made here, in the test's own folder."""
from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest

from gutskin_desktop.cli import main
from gutskin_desktop.export import render as render_module
from gutskin_desktop.export.diagram_image import MAX_PIXELS
from gutskin_desktop.export.tiling import MAX_SHEETS
from gutskin_desktop.model import readability
from gutskin_desktop.model.handout_checks import reading_report, shown
from gutskin_desktop.model.layout import MAX_PAGES, MIN_COLUMN_MM
from gutskin_desktop.model.paths import CONTENT_FILE, LAYOUTS
from gutskin_desktop.model.readability import grade

SHIPPED = json.loads((LAYOUTS / "a4-handout.json").read_text(encoding="utf-8"))
QUICK = 2.0  # seconds: a hang guard for a refusal, not a benchmark
BUDGET = 10.0  # seconds: what any accepted export may take on the 2-core machine
A4 = {"size": "A4", "margins_mm": {"top": 10, "right": 10, "bottom": 10, "left": 10}}
HUGE = {"size": "custom", "width_mm": 5000, "height_mm": 5000,
        "margins_mm": {"top": 0, "right": 0, "bottom": 0, "left": 0}}


def _layout(blocks: list[dict[str, Any]], page: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"format_version": 1, "name": "hostile", "description": "a hostile layout",
            "page": page or A4, "blocks": blocks}


def _shipped(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(SHIPPED)
    change(data)
    return data


def _block(data: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in data["blocks"] if b["id"] == block_id)


def _write(folder: Path, data: dict[str, Any], name: str = "layout.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str, float]:
    start = time.perf_counter()
    code = main(list(args))
    took = time.perf_counter() - start
    out, err = capsys.readouterr()
    return code, out, err, took


def _refused(capsys: pytest.CaptureFixture[str], out: Path, *args: str,
             names: tuple[str, ...]) -> str:
    """The command exits 2 with one `error:` line naming each of ``names``, quickly, and
    writes nothing."""
    code, _, err, took = _run(capsys, *args)
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err, err
    for name in names:
        assert name in err, (name, err)
    assert "unexpected problem" not in err
    assert took < QUICK, f"refused after {took:.1f} s"
    assert not out.exists()
    return err


def _check_and_export(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                      data: dict[str, Any], *names: str, budget: bool = False) -> None:
    """Both `check` and `export` refuse the layout: a problem of the file names the file
    and the field; a budget (which depends on the content and diagram too) names the
    layout and the limit."""
    path = _write(tmp_path, data)
    out = tmp_path / "out.pdf"
    which = f"layout '{data['name']}'" if budget else path.name
    _refused(capsys, out, "check", str(path), names=(which, *names))
    _refused(capsys, out, "export", "--layout", str(path), "--out", str(out),
             names=(which, *names))


# --- layouts that cannot be printed: refused as they load -------------------------------

def test_padding_leaving_no_width_is_refused(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    data = _shipped(lambda d: _block(d, "message")["style"].update(padding_mm=90))
    _check_and_export(capsys, tmp_path, data, "blocks[1].style.padding_mm", "at most 89.7 mm")


def test_a_column_gap_wider_than_the_block_is_refused(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    data = _shipped(lambda d: _block(d, "sections").update(w_mm=40, column_gap_mm=45))
    _check_and_export(capsys, tmp_path, data, "blocks[4].column_gap_mm",
                      f"at least {MIN_COLUMN_MM:g} mm")


def test_a_block_of_no_width_is_refused(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    data = _shipped(lambda d: _block(d, "message").update(w_mm=1e-300))
    _check_and_export(capsys, tmp_path, data, "blocks[1].w_mm", "too small")


def test_a_frame_of_no_width_is_refused(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    frame = {"page": 3, "x_mm": 15, "y_mm": 14, "w_mm": 1e-9, "h_mm": 100}
    data = _shipped(lambda d: _block(d, "sections").update(flow=[frame]))
    _check_and_export(capsys, tmp_path, data, "blocks[4].flow[0].w_mm")


@pytest.mark.parametrize("margins", [{"top": 200, "bottom": 200}, {"left": 110, "right": 110}])
def test_margins_past_the_page_are_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           margins: dict[str, float]) -> None:
    data = _shipped(lambda d: d["page"]["margins_mm"].update(margins))
    _check_and_export(capsys, tmp_path, data, "page.margins_mm")


def test_a_continuing_block_with_no_room_to_continue_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = _shipped(lambda d: d["page"]["margins_mm"].update(top=140, bottom=140))
    _check_and_export(capsys, tmp_path, data, "blocks[4].continues", "margins and footer")


def test_a_page_past_the_last_is_refused(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    data = _shipped(lambda d: _block(d, "summary").update(page=MAX_PAGES + 1))
    index = next(i for i, b in enumerate(data["blocks"]) if b["id"] == "summary")
    _check_and_export(capsys, tmp_path, data, f"blocks[{index}].page", f"({MAX_PAGES})")


def test_a_margins_past_the_page_layout_does_not_stop_a_batch(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The batch loads the layout first: a bad one ends it at once, with one line."""
    data = _shipped(lambda d: d["page"]["margins_mm"].update(top=200, bottom=200))
    path = _write(tmp_path, data)
    rows = tmp_path / "rows.csv"
    rows.write_text("patient\nAda\nBen\n", encoding="utf-8")
    code, _, err, _ = _run(capsys, "batch", "--layout", str(path), "--csv", str(rows),
                           "--out-dir", str(tmp_path / "pdfs"))
    assert code == 2 and err.startswith("error: ") and "page.margins_mm" in err, err
    assert "unexpected problem" not in err


# --- odd but printable layouts: accepted, and what does not fit is said ----------------

def _exports(capsys: pytest.CaptureFixture[str], tmp_path: Path,
             data: dict[str, Any]) -> str:
    """Check and export both work; return the export's warnings."""
    path = _write(tmp_path, data)
    code, _, err, took = _run(capsys, "check", str(path))
    assert code == 0, err
    out = tmp_path / "out.pdf"
    code, _, err, took = _run(capsys, "export", "--layout", str(path), "--out", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF") and took < BUDGET
    return err


def test_a_diagram_block_padded_to_nothing_prints_without_its_diagram(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = _shipped(lambda d: _block(d, "diagram")["style"].update(padding_mm=58))
    err = _exports(capsys, tmp_path, data)
    assert "no room for the diagram" in err and "setDash" not in err


def test_a_narrow_short_sections_block_splits_its_headings(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = _shipped(lambda d: _block(d, "sections").update(
        w_mm=20, h_mm=20, columns=1, continues=False))
    err = _exports(capsys, tmp_path, data)
    assert "block 'sections'" in err and "do not fit" in err and "bulletText" not in err


def test_text_that_cannot_be_set_at_a_width_is_reported_sanely(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Huge type in a narrow column: the advice panel's padding leaves no width inside it,
    and the diary's table is wider than the column; both are reported as not fitting, with
    a length of text that a page could hold, not thousands of kilometres."""
    def change(d: dict[str, Any]) -> None:
        _block(d, "sections").update(w_mm=60, columns=1, continues=False,
                                     after=["advice", "diary"])
        _block(d, "sections")["style"].update(font_size=200)
    err = _exports(capsys, tmp_path, _shipped(change))
    line = next(x for x in err.splitlines() if "block 'sections'" in x and "lines" in x)
    mm = float(line.split("lines (")[1].split(" mm")[0])
    assert mm < 1_000_000, line


# --- budgets: refused before anything is laid out, naming the limit ----------------------

def test_narrow_text_past_the_line_budget_is_refused(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    """300 callouts, each one long word in a 5 mm column: 13 s before, refused now."""
    blocks = [{"id": f"c{i}", "type": "callout", "x_mm": 10 + (i % 19) * 10, "y_mm": 10,
               "w_mm": 5, "h_mm": 270, "text": "x" * 3000} for i in range(300)]
    _check_and_export(capsys, tmp_path, _layout(blocks), "lines",
                      f"{render_module.MAX_TEXT_LINES:,}", budget=True)


def test_paragraphs_past_the_budget_are_refused(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    after = ["questions", "advice", "glossary", "notes", "diary", "details", "about"]
    blocks = [{"id": f"s{i}", "type": "sections", "x_mm": 10, "y_mm": 10, "w_mm": 190,
               "h_mm": 277, "after": after} for i in range(300)]
    _check_and_export(capsys, tmp_path, _layout(blocks), "paragraphs",
                      f"{render_module.MAX_TEXT_ITEMS:,}", budget=True)


def test_text_past_the_character_budget_is_refused(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    """A content file of the largest paragraphs it may hold, printed whole."""
    content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    long = ("Your gut and your skin may affect each other in many small ways. " * 70)[:4000]
    for section in content["sections"]:
        section["presenter"] = [{"type": "paragraph", "text": long}] * 60
    path = tmp_path / "content.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    out = tmp_path / "out.pdf"
    _refused(capsys, out, "--content", str(path), "export", "--layout", "a4-handout",
             "--text", "presenter", "--out", str(out),
             names=("characters", f"{render_module.MAX_TEXT_CHARS:,}"))


def _big_diagram(folder: Path, count: int) -> Path:
    sections = [s["id"] for s in json.loads(CONTENT_FILE.read_text())["sections"]]
    side = int(count ** 0.5)
    nodes = [{"id": f"n{i}", "label": f"Node {i}", "kind": "mechanism",
              "section": sections[i % len(sections)], "x": (i % side) * 190.0,
              "y": (i // side) * 110.0} for i in range(count)]
    edges = [{"source": f"n{i}", "target": f"n{i + 1}"} for i in range(count - 1)
             if (i + 1) % side]
    path = folder / "diagram.json"
    path.write_text(json.dumps({"format_version": 1, "title": "Big", "nodes": nodes,
                                "edges": edges}), encoding="utf-8")
    return path


def test_diagram_blocks_times_a_big_diagram_past_the_budget_are_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """300 diagram blocks of a diagram with 2,500 boxes: 300 s and 3.9 GB before."""
    diagram = _big_diagram(tmp_path, 2500)
    blocks = [{"id": f"d{i}", "type": "diagram", "x_mm": 10, "y_mm": 10, "w_mm": 190,
               "h_mm": 277} for i in range(300)]
    path = _write(tmp_path, _layout(blocks))
    out = tmp_path / "out.pdf"
    err = _refused(capsys, out, "--diagram", str(diagram), "export", "--layout", str(path),
                   "--out", str(out),
                   names=("300 diagram blocks", f"{render_module.MAX_DIAGRAM_ITEMS:,}"))
    assert "use at most 8 diagram blocks" in err


def test_tiling_past_the_sheet_budget_is_refused(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    blocks = [{"id": f"n{i}", "type": "notes", "page": 1 + i % 3, "x_mm": 0, "y_mm": 0,
               "w_mm": 5000, "h_mm": 5000, "line_spacing_mm": 4} for i in range(300)]
    path = _write(tmp_path, _layout(blocks, HUGE))
    out = tmp_path / "out.pdf"
    _refused(capsys, out, "export", "--layout", str(path), "--tile", "A4", "--overlap", "0",
             "--out", str(out), names=("--tile A4", "1,353 A4 sheets", f"{MAX_SHEETS:,}"))


def test_a_huge_page_of_notes_tiles_in_seconds_and_megabytes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The red team's 32 KB layout: 300 notes blocks on a 5 x 5 m page over A4 with no
    overlap took 5.5 minutes and wrote 1.06 GB; each page is now drawn once, as a form
    every sheet shows."""
    blocks = [{"id": f"n{i}", "type": "notes", "x_mm": 0, "y_mm": 0, "w_mm": 5000,
               "h_mm": 5000, "line_spacing_mm": 4} for i in range(300)]
    path = _write(tmp_path, _layout(blocks, HUGE))
    out = tmp_path / "out.pdf"
    code, stdout, err, took = _run(capsys, "export", "--layout", str(path), "--tile", "A4",
                                   "--overlap", "0", "--out", str(out))
    assert code == 0, err
    assert "451 A4 sheets" in stdout
    assert took < BUDGET and out.stat().st_size < 20_000_000


def test_a_png_past_the_pixel_budget_is_refused_naming_the_largest_dpi(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "diagram.png"
    err = _refused(capsys, out, "export-diagram", "--out", str(out), "--dpi", "1130",
                   names=("--dpi", "megapixels", f"{MAX_PIXELS // 1_000_000}",
                          "the largest that fits is"))
    largest = int(err.split("the largest that fits is ")[1].split(" dpi")[0])
    code, _, err, _ = _run(capsys, "export-diagram", "--out", str(out), "--dpi", str(largest))
    assert code == 0, err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_images_past_the_pixel_budget_are_refused(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from gutskin_desktop.model import layout as layout_module
    from gutskin_desktop.model import paths

    assets = tmp_path / "assets"
    (assets / "images").mkdir(parents=True)
    for n in range(3):
        Image.new("L", (6000, 6000), 255).save(assets / "images" / f"big{n}.png")
    monkeypatch.setattr(layout_module, "ASSETS", assets)
    monkeypatch.setattr(paths, "ASSETS", assets)
    blocks = [{"id": f"i{i}", "type": "image", "x_mm": 10, "y_mm": 10, "w_mm": 190,
               "h_mm": 277, "path": f"images/big{i % 3}.png"} for i in range(300)]
    path = _write(tmp_path, _layout(blocks))
    out = tmp_path / "out.pdf"
    _refused(capsys, out, "export", "--layout", str(path), "--out", str(out),
             names=("images", "million pixels", "images/big2.png"))


# --- the reading level and its cache ----------------------------------------------------

def test_a_run_of_words_without_full_stops_reads_at_a_sensible_grade(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """500 words with no full stop read at grade 190 by the bare formula (7796 for a long
    content text): a run counts as a sentence per 40 words."""
    from gutskin_desktop.model.bundle import load_bundle

    assert grade("word " * 500) < 12 and grade("word " * 20_000) < 12
    report = reading_report(load_bundle().content, ["overview"], "patient", "word " * 500)
    assert report.note is not None and report.note.grade < 12
    out = tmp_path / "out.pdf"
    code, stdout, err, _ = _run(capsys, "export", "--layout", "a4-handout", "--set",
                                "note=" + "word " * 199, "--out", str(out))
    assert code == 0, err
    note = float(stdout.split("note: grade ")[1].split()[0])
    assert 0 < note < 20


def test_a_freak_grade_is_shown_as_above_fifty() -> None:
    assert grade("banana" * 100) > 1000
    assert shown(grade("banana" * 100)) == "above 50"
    assert shown(45.64) == "45.6" and shown(-3) == "0.0"


def test_the_hyphenation_cache_leaves_no_temporary_file_on_a_full_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(readability.os, "replace", full)
    for _ in range(3):
        assert readability._load_patterns()
    folder = readability.cache_file().parent
    assert folder.is_dir() and not list(folder.iterdir())
