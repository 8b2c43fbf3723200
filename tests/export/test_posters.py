"""Posters: bleed, boxes, crop marks, preflight, and tiling over A4 and Letter sheets."""
from __future__ import annotations

import io
import itertools
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from pypdf import PdfReader

from gutskin_desktop.export.render import ExportOptions, render
from gutskin_desktop.export.tiling import SHEETS_MM, tile_layout
from gutskin_desktop.model.layout import Layout
from gutskin_desktop.model.layout_files import open_layout
from gutskin_desktop.model.paths import LAYOUTS
from gutskin_desktop.model.units import mm_to_pt

from .pdfread import BUNDLE, POSTERS, ROOT, TODAY

MM = mm_to_pt(1)


def _options(**kw: object) -> ExportOptions:
    return ExportOptions(today=TODAY, **kw)  # type: ignore[arg-type]


def _sizes(pdf: bytes, page: int = 0) -> list[tuple[str, float]]:
    doc = pdfium.PdfDocument(pdf)
    text = doc[page].get_textpage()
    out = [(chr(raw.FPDFText_GetUnicode(text.raw, i)), raw.FPDFText_GetFontSize(text.raw, i))
           for i in range(text.count_chars())]
    doc.close()
    return out


def _pixel(pdf: bytes, x_pt: float, y_from_top_pt: float, page: int = 0) -> tuple:
    doc = pdfium.PdfDocument(pdf)
    image = doc[page].render(scale=1).to_pil().convert("RGB")
    doc.close()
    return image.getpixel((int(x_pt), int(y_from_top_pt)))


@pytest.mark.parametrize("name", POSTERS)
def test_posters_render_without_overflow_with_bleed_boxes(name: str) -> None:
    layout = open_layout(name)
    rendered = render(layout, BUNDLE, _options())
    assert rendered.overflows == [] and rendered.preflight == []
    page = PdfReader(io.BytesIO(rendered.pdf)).pages[0]
    w, h = (v * MM for v in layout.page.size_mm())
    bleed = 3 * MM
    trim, box, media = page.trimbox, page.bleedbox, page.mediabox
    assert abs(float(trim.width) - w) < 0.05 and abs(float(trim.height) - h) < 0.05
    assert abs(float(trim.left) - bleed) < 0.05 and abs(float(box.left)) < 0.05
    assert abs(float(media.width) - (w + 2 * bleed)) < 0.05
    assert abs(float(box.width) - (w + 2 * bleed)) < 0.05


def test_a1_poster_body_text_is_at_least_24_pt() -> None:
    rendered = render(open_layout("a1-poster"), BUNDLE, _options())
    sizes = [size for ch, size in _sizes(rendered.pdf) if ch.isalpha()]
    text = "".join(ch for ch, _ in _sizes(rendered.pdf))
    assert "Scientists are still learning" in text.replace("\r\n", " ").replace("\n", " ")
    summary = [size for ch, size in _sizes(rendered.pdf) if ch.isalpha() and size >= 24]
    assert len(summary) > 400
    assert min(sizes) >= open_layout("a1-poster").type_floor == 16  # read from two metres


def test_background_and_full_bleed_blocks_reach_the_bleed_edge() -> None:
    rendered = render(open_layout("a1-poster"), BUNDLE, _options())
    band = _pixel(rendered.pdf, 3, 3)
    assert band == (0x1f, 0x4f, 0x66)
    page = PdfReader(io.BytesIO(rendered.pdf)).pages[0]
    bottom = float(page.mediabox.height) - 1
    assert _pixel(rendered.pdf, 5, bottom) == (0xf6, 0xf8, 0xf9)


def test_bleed_option_and_crop_marks_outside_the_trim(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    done = subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", "export", "--layout",
                           "a2-poster", "--bleed", "5", "--crop-marks", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    page = PdfReader(out).pages[0]
    trim = page.trimbox
    assert abs(float(page.bleedbox.left) - (float(trim.left) - 5 * MM)) < 0.05
    pdf = out.read_bytes()
    height = float(page.mediabox.height)
    left = float(trim.left)
    dark = [_pixel(pdf, x, height - left, 0) for x in range(2, int(left - 5 * MM) - 1)]
    assert any(sum(p) < 200 for p in dark), "a horizontal crop mark at the trim line"
    inside_bleed = _pixel(pdf, left - 2 * MM, height - left - 10)
    assert sum(inside_bleed) > 600


def _crop_marks(pdf: bytes) -> tuple[list[dict[str, Any]], Any]:
    """The crop marks of a PDF's first page (lines outside its TrimBox) and the page."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        first = doc.pages[0]
        height = float(first.height)
        trim = page.trimbox
        marks = []
        for line in first.lines:
            bottom = height - line["bottom"]
            top = height - line["top"]
            outside = (line["x1"] <= float(trim.left) or line["x0"] >= float(trim.right)
                       or top <= float(trim.bottom) or bottom >= float(trim.top))
            if outside:
                marks.append({**line, "y0": bottom, "y1": top})
    return marks, page


@pytest.mark.parametrize("bleed", [0.0, 3.0, 5.0])
def test_crop_marks_start_at_least_3_mm_outside_the_trim(bleed: float) -> None:
    """Crop marks lie on the trim's lines, start 3 mm or more outside it and clear of
    the bleed (1 mm beyond it), are 5 mm long and 0.25 pt thin, and fit the page."""
    layout = open_layout("a4-handout" if bleed == 0 else "a1-poster")
    pdf = render(layout, BUNDLE, _options(bleed_mm=bleed, crop_marks=True)).pdf
    marks, page = _crop_marks(pdf)
    trim, media = page.trimbox, page.mediabox
    left, right = float(trim.left), float(trim.right)
    bottom, top = float(trim.bottom), float(trim.top)
    assert len(marks) == 8
    least = max(3.0, bleed + 1.0)
    for mark in marks:
        assert abs(mark["linewidth"] - 0.25) < 1e-6
        assert mark["stroking_color"] in ((0, 0, 0), [0, 0, 0], (0,), [0])
        assert float(media.left) <= mark["x0"] and mark["x1"] <= float(media.right)
        assert float(media.bottom) <= mark["y0"] and mark["y1"] <= float(media.top)
        if abs(mark["y0"] - mark["y1"]) < 0.01:  # across, on the trim's top or bottom line
            assert min(abs(mark["y0"] - bottom), abs(mark["y0"] - top)) < 0.01
            gap = left - mark["x1"] if mark["x1"] <= left else mark["x0"] - right
            length = mark["x1"] - mark["x0"]
        else:  # down, on the trim's left or right line
            assert min(abs(mark["x0"] - left), abs(mark["x0"] - right)) < 0.01
            gap = bottom - mark["y1"] if mark["y1"] <= bottom else mark["y0"] - top
            length = mark["y1"] - mark["y0"]
        assert gap >= least * MM - 0.01, (bleed, gap / MM)
        assert abs(length - 5 * MM) < 0.01


def test_crop_marks_and_tiling_are_refused_together(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    done = subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", "export", "--layout",
                           "a1-poster", "--crop-marks", "--tile", "A4", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("error: --crop-marks and --tile cannot be used together")
    assert done.stderr.count("\n") == 1 and not out.exists()


def test_preflight_warns_about_text_near_the_trim(tmp_path: Path) -> None:
    data = json.loads((LAYOUTS / "a2-poster.json").read_text())
    for block in data["blocks"]:
        if block["id"] == "about":  # the poster's disclaimer block
            block["x_mm"] = 2
    layout = Layout.model_validate(data)
    rendered = render(layout, BUNDLE, _options())
    assert any("block 'about'" in w and "of the trim" in w for w in rendered.preflight)


def test_preflight_warns_about_a_poster_without_its_disclaimer() -> None:
    data = json.loads((LAYOUTS / "a2-poster.json").read_text())
    data["blocks"] = [b for b in data["blocks"] if b["type"] != "disclaimer"]
    rendered = render(Layout.model_validate(data), BUNDLE, _options())
    assert [w for w in rendered.preflight if w.startswith("no disclaimer block")] == [
        ("no disclaimer block: the pages will not say what the text is based on, who reviewed "
         "it, or that scientists are still learning")]
    assert "not medical advice" not in PdfReader(io.BytesIO(rendered.pdf)).pages[0].extract_text()


@pytest.mark.parametrize(("sheet", "overlap"), [("A4", 10.0), ("letter", 15.0)])
def test_tiling_grid_scale_and_cover(sheet: str, overlap: float) -> None:
    layout = open_layout("a1-poster")
    tiled = tile_layout(layout, BUNDLE, _options(), sheet=sheet, overlap_mm=overlap)
    grid = tiled.grids[0]
    pw, ph = layout.page.size_mm()
    sw, sh = SHEETS_MM[sheet]
    best = min(math.ceil((pw - overlap) / (a - 10 - overlap)) *
               math.ceil((ph - overlap) / (b - 10 - overlap)) for a, b in ((sw, sh), (sh, sw)))
    # the fewest sheets, or (when those would cut through text) a row or column more
    assert best <= grid.count <= best * 1.34
    reader = PdfReader(io.BytesIO(tiled.pdf))
    assert len(reader.pages) == 1 + grid.count == tiled.sheets
    for page in reader.pages:
        w, h = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert abs(w - min(sw, sh) * MM) < 0.5 and abs(h - max(sw, sh) * MM) < 0.5
    xs = sorted({grid.tile(0, c)[0] for c in range(grid.cols)})
    ys = sorted({grid.tile(r, 0)[1] for r in range(grid.rows)})
    win_w, win_h = grid.window
    assert xs[0] <= 0 and xs[-1] + win_w >= pw and ys[0] <= 0 and ys[-1] + win_h >= ph
    assert all(b - a <= win_w - overlap + 1e-6 for a, b in itertools.pairwise(xs))
    assert all(b - a <= win_h - overlap + 1e-6 for a, b in itertools.pairwise(ys))
    text = reader.pages[0].extract_text()
    assert "Assembly map" in text and f"{grid.count} {sheet} sheets" in text
    second = reader.pages[1].extract_text()
    assert "A1: row A, column 1" in second and "right A2" in second


def _char_span(pdf: bytes, page: int, word: str) -> float:
    doc = pdfium.PdfDocument(pdf)
    text = doc[page].get_textpage()
    found = text.search(word)
    hit = found.get_next()
    assert hit, word
    first = text.get_charbox(hit[0])
    last = text.get_charbox(hit[0] + hit[1] - 1)
    doc.close()
    return last[2] - first[0]


def test_a_known_length_measures_the_same_on_a_sheet() -> None:
    layout = open_layout("a1-poster")
    poster = render(layout, BUNDLE, _options(bleed_mm=0.0)).pdf
    tiled = tile_layout(layout, BUNDLE, _options())
    reader = PdfReader(io.BytesIO(tiled.pdf))
    word = "Scientists are still learning how the gut and skin are linked"
    sheet = next(i for i, p in enumerate(reader.pages[1:], start=1)
                 if word in p.extract_text().replace("\n", " "))
    assert abs(_char_span(poster, 0, word) - _char_span(tiled.pdf, sheet, word)) < 0.5


def test_bad_tiling_settings_exit_2(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", "export", "--layout",
                           "a1-poster", "--tile", "A4", "--overlap", "90", "--out",
                           str(tmp_path / "t.pdf")], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == "error: --overlap 90: choose between 0 and 50 mm\n"
    assert not (tmp_path / "t.pdf").exists()
