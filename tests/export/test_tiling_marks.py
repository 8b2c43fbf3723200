"""Tiled posters, read back: where the alignment targets, sheet names and cuts land once
the sheets are cut and glued, how the grid shares the poster between its sheets, and
that the cuts keep off the text of the untiled page.

A sheet's own marks are the objects drawn on it outside the page's form (the form is the
layout's page, shown through the sheet's window): its targets (an unfilled circle with a
cross), its name (red text) and its dashed cut lines. pypdfium2 lists them without
going into the form; their place on the poster comes from the sheet's window.
"""
from __future__ import annotations

import ctypes
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from gutskin_desktop.export.render import ExportOptions, render
from gutskin_desktop.export.tile_marks import sheet_name_texts
from gutskin_desktop.export.tile_plan import KEEP_MM
from gutskin_desktop.export.tiling import Grid, Tiled, tile_layout
from gutskin_desktop.model.layout_files import open_layout
from gutskin_desktop.model.units import mm_to_pt

from .pdfread import BUNDLE, POSTERS, TODAY

MM = mm_to_pt(1)
SHIPPED_POSTERS = (*POSTERS, "a3-poster")
RED = (198, 40, 40)


@cache
def tiled(name: str, sheet: str) -> Tiled:
    layout = open_layout(name, BUNDLE.content)
    return tile_layout(layout, BUNDLE, ExportOptions(today=TODAY, deterministic=True),
                       sheet=sheet)


@cache
def untiled(name: str) -> bytes:
    layout = open_layout(name, BUNDLE.content)
    return render(layout, BUNDLE, ExportOptions(today=TODAY, deterministic=True,
                                                bleed_mm=0.0)).pdf


@dataclass(frozen=True)
class Mark:
    """A mark drawn on a sheet: what it is, its text (a name) and its box on the page
    (mm from the page's top-left: left, top, right, bottom)."""

    kind: str
    text: str
    box: tuple[float, float, float, float]

    def points(self, steps: int = 6) -> Iterator[tuple[float, float]]:
        left, top, right, bottom = self.box
        for i, j in itertools.product(range(steps + 1), repeat=2):
            yield left + (right - left) * i / steps, top + (bottom - top) * j / steps


def _text(obj: pdfium.PdfObject, textpage: pdfium.PdfTextPage) -> str:
    size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
    buffer = (ctypes.c_ushort * (size // 2 + 1))()
    raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
    return bytes(buffer)[:size].decode("utf-16-le").rstrip("\x00")


def _colour(obj: pdfium.PdfObject, stroke: bool) -> tuple[int, int, int]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    read = raw.FPDFPageObj_GetStrokeColor if stroke else raw.FPDFPageObj_GetFillColor
    read(obj.raw, r, g, b, a)
    return r.value, g.value, b.value


@dataclass(frozen=True)
class _Placing:
    """Where a sheet's window lies on the page: a box on the sheet (points, from its
    bottom-left) as a box on the page (mm, from its top-left)."""

    corner: tuple[float, float]
    margin: float
    sheet_h: float

    def on_page(self, left: float, bottom: float, right: float,
                top: float) -> tuple[float, float, float, float]:
        (x0, y0), m, h = self.corner, self.margin, self.sheet_h
        return (x0 + (left - m) / MM, y0 + (h - m - top) / MM,
                x0 + (right - m) / MM, y0 + (h - m - bottom) / MM)


def sheet_marks(t: Tiled) -> dict[tuple[int, int], list[Mark]]:
    """Each sheet's targets (the circle's box grown to the cross's arms) and name, on
    the page."""
    grid = t.grids[0]
    doc = pdfium.PdfDocument(t.pdf)
    out: dict[tuple[int, int], list[Mark]] = {}
    try:
        for index in range(1, grid.count + 1):
            row, col = divmod(index - 1, grid.cols)
            page = doc[index]
            place = _Placing(grid.tile(row, col)[:2], grid.margin * MM, page.get_height())
            textpage = page.get_textpage()
            marks = []
            for obj in page.get_objects(max_depth=0):
                left, bottom, right, top = obj.get_bounds()
                if obj.type == raw.FPDF_PAGEOBJ_TEXT:
                    marks.append(Mark("name", _text(obj, textpage),
                                      place.on_page(left, bottom, right, top)))
                    assert _colour(obj, stroke=False) == RED
                elif obj.type == raw.FPDF_PAGEOBJ_PATH:
                    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
                    raw.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
                    w, h = right - left, top - bottom
                    if not fill.value and stroke.value and abs(w - h) < 0.3 and w < 12:
                        grow = (w / 2) / 0.62 - w / 2  # the cross reaches past the circle
                        marks.append(Mark("target", "", place.on_page(
                            left - grow, bottom - grow, right + grow, top + grow)))
            textpage.close()
            out[(row, col)] = marks
    finally:
        doc.close()
    return out


def _waste(grid: Grid, row: int, col: int, x: float, y: float) -> bool:
    """Whether a point of a sheet is cut off when the sheet is cut along its own lines
    (its left cut and its top cut)."""
    seam, top = grid.seam(row, col), grid.cut_y(row)
    return (seam is not None and x < seam.x_at(y)) or (top is not None and y < top)


CASES = [("a1-poster", "A4"), ("a1-poster", "letter"), ("a2-poster", "A4"),
         ("poster-24x36", "letter"), ("a3-poster", "A4")]


@pytest.mark.parametrize(("name", "sheet"), CASES)
def test_targets_and_names_land_off_the_finished_poster(name: str, sheet: str) -> None:
    t = tiled(name, sheet)
    grid = t.grids[0]
    for (row, col), marks in sheet_marks(t).items():
        names = [m for m in marks if m.kind == "name"]
        assert len(names) == 1, (row, col)
        assert names[0].text in sheet_name_texts(grid, row, col)
        assert names[0].text.startswith(grid.label(row, col))
        targets = [m for m in marks if m.kind == "target"]
        assert targets, (row, col)
        for mark in marks:
            shown = [p for p in mark.points() if grid.finished(row, col, *p)]
            assert not shown, (grid.label(row, col), mark)
        # the name stays on the sheet when it is cut along its own lines
        assert not any(_waste(grid, row, col, *p) for p in names[0].points()), (row, col)


def test_the_last_row_s_names_are_not_on_the_poster_s_bottom_edge() -> None:
    """The issue: on A4 paper the last row's names printed inside the poster's bottom
    edge. Now each is outside the poster or on the strip its right-hand neighbour is
    glued over."""
    t = tiled("a1-poster", "A4")
    grid = t.grids[0]
    width, height = grid.page
    for (row, col), marks in sheet_marks(t).items():
        if row != grid.rows - 1:
            continue
        name = next(m for m in marks if m.kind == "name")
        left, top, right, _ = name.box
        outside = top >= height or right <= 0 or left >= width
        under = col + 1 < grid.cols and all(
            x > grid.seams[row][col].x_at(y) for x, y in name.points())
        assert outside or under, name


@pytest.mark.parametrize(("name", "sheet"), CASES[:2])
def test_every_target_is_printed_on_both_sheets_of_its_cut(name: str, sheet: str) -> None:
    t = tiled(name, sheet)
    seen: list[tuple[tuple[float, float], list[tuple[int, int]]]] = []
    for where, marks in sheet_marks(t).items():
        for mark in marks:
            if mark.kind == "target":
                left, top, right, bottom = mark.box
                x, y = (left + right) / 2, (top + bottom) / 2
                same = [s for (cx, cy), s in seen if abs(cx - x) < 0.05 and abs(cy - y) < 0.05]
                if same:
                    same[0].append(where)
                else:
                    seen.append(((x, y), [where]))
    assert len(seen) >= t.grids[0].count
    for centre, sheets in seen:
        assert len(sheets) == 2, (centre, sheets)
        (r1, c1), (r2, c2) = sorted(sheets)
        assert abs(r1 - r2) + abs(c1 - c2) == 1, "neighbours across one cut"


@pytest.mark.parametrize(("name", "sheet"), CASES[:2])
def test_the_dashed_cut_lines_are_where_the_sheets_are_cut(name: str, sheet: str) -> None:
    t = tiled(name, sheet)
    grid = t.grids[0]
    with pdfplumber.open(io.BytesIO(t.pdf)) as pdf:
        for index in (grid.cols + 2, grid.count):  # a sheet in the middle, the last one
            row, col = divmod(index - 1, grid.cols)
            page = pdf.pages[index]
            x0, y0, _, _ = grid.tile(row, col)
            m = grid.margin
            dashed = [obj for obj in page.objects.get("curve", []) + page.objects.get("line", [])
                      if obj.get("dash") and obj["dash"][0]]
            points = {(round(x0 + px / MM - m, 1), round(y0 + py / MM - m, 1))
                      for obj in dashed for px, py in obj["pts"]}
            seam = grid.seam(row, col)
            assert seam is not None
            for x, y in seam.points():
                assert any(abs(x - px) < 0.2 and abs(y - py) < 0.2 for px, py in points), \
                    (x, y)


def _boxes_of_text(pdf: bytes) -> list[tuple[float, float, float, float, str]]:
    """The words of a one-page PDF and the filled boxes round text (a diagram's boxes,
    its label pills), in mm from the top-left."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        words = [(w["x0"] / MM, w["top"] / MM, w["x1"] / MM, w["bottom"] / MM, w["text"])
                 for w in page.extract_words()]
        pills = []
        for shape in page.curves + page.rects:
            x0, top, x1, bottom = (shape[k] / MM for k in ("x0", "top", "x1", "bottom"))
            if not shape.get("fill") or x1 - x0 > 150 or (x1 - x0) * (bottom - top) > 15000:
                continue
            inside = [w[4] for w in words
                      if x0 <= (w[0] + w[2]) / 2 <= x1 and top <= (w[1] + w[3]) / 2 <= bottom]
            if inside:
                pills.append((x0, top, x1, bottom, f"[{' '.join(inside)}]"))
        return words + pills


def crossings(grid: Grid, boxes: list[tuple[float, float, float, float, str]]
              ) -> list[tuple[str, float, float, tuple[float, float, float, float, str]]]:
    """Every word or box a cut goes through, with the room the cut had (its overlap,
    less the strip it keeps either side)."""
    keep = min(grid.overlap / 2, KEEP_MM)
    w, h = grid.window
    out = []
    for row, y in enumerate(grid.cuts):
        lo, hi = grid.tops[row + 1] + keep, grid.tops[row] + h - keep
        out += [("row", lo, hi, b) for b in boxes if b[1] < y < b[3]]
    for row in range(grid.rows):
        top, bottom = grid.finished_rows(row)
        for i, seam in enumerate(grid.seams[row]):
            lo, hi = grid.lefts[i + 1] + keep, grid.lefts[i] + w - keep
            for x, a, b in seam.runs:
                a, b = max(a, top), min(b, bottom)
                out += [("column", lo, hi, box) for box in boxes
                        if a < b and box[0] < x < box[2] and box[1] < b and box[3] > a]
            for (x1, _, y1), (x2, _, _) in itertools.pairwise(seam.runs):
                if top < y1 < bottom:
                    left, right = sorted((x1, x2))
                    out += [("step", lo, hi, box) for box in boxes
                            if box[1] < y1 < box[3] and box[0] < right and box[2] > left]
    return out


@pytest.mark.parametrize("sheet", ["A4", "letter"])
@pytest.mark.parametrize("name", SHIPPED_POSTERS)
def test_cuts_keep_off_the_text_of_the_untiled_page(name: str, sheet: str) -> None:
    """No cut goes through a word or a diagram's box or label pill that it could have
    missed: whatever a cut does go through spans the whole room the cut had (less the
    clearance it keeps, and the 0.07 em a reader's word boxes lean right), and no cut
    goes through a word: where the fewest sheets leave no room (A1 over three rows of A4
    covers its 841 mm exactly), the grid takes a column or row more instead."""
    grid = tiled(name, sheet).grids[0]
    found = crossings(grid, _boxes_of_text(untiled(name)))
    for kind, lo, hi, (x0, top, x1, bottom, text) in found:
        near, far = (top, bottom) if kind == "row" else (x0, x1)
        slack = 0.3 if kind == "row" else 1.2
        assert near <= lo + slack and far >= hi - slack, (kind, lo, hi, text)
        assert kind != "step", text
    words = [text for *_, (*_, text) in found if not text.startswith("[")]
    assert words == []


def test_the_a1_poster_over_a4_has_no_sliver_column() -> None:
    """The issue: A1 over A4's fourth column carried 25 mm of the poster. Now every
    column and row carries at least a third of a sheet's window. The twelve sheets that
    cover it at the least would cut through text, so it takes fifteen, on their side."""
    grid = tiled("a1-poster", "A4").grids[0]
    w, h = grid.window
    assert (grid.rows, grid.cols) == (5, 3) and w > h
    for row in range(grid.rows):
        top, bottom = grid.finished_rows(row)
        assert bottom - top >= h / 3
        for col in range(grid.cols):
            left, right = grid.finished_x(row, col, (top + bottom) / 2)
            assert right - left >= w / 3 - 5, (row, col)  # a cut's steps move it a little


@pytest.mark.parametrize(("name", "sheet"), [("a2-poster", "A4"), ("poster-24x36", "A4"),
                                             ("a3-poster", "letter")])
def test_columns_and_rows_are_balanced(name: str, sheet: str) -> None:
    grid = tiled(name, sheet).grids[0]
    w, h = grid.window
    ends = [0.0, *(grid.seams[0][i].x_at(grid.finished_rows(0)[0])
                   for i in range(grid.cols - 1)), grid.page[0]]
    assert all(b - a >= w / 3 for a, b in itertools.pairwise(ends))
    ends = [0.0, *grid.cuts, grid.page[1]]
    assert all(b - a >= h / 3 for a, b in itertools.pairwise(ends))


def test_windows_overlap_by_at_least_the_overlap_asked_for() -> None:
    t = tile_layout(open_layout("a2-poster", BUNDLE.content), BUNDLE,
                    ExportOptions(today=TODAY), sheet="letter", overlap_mm=15)
    grid = t.grids[0]
    w, h = grid.window
    assert all(a + w - b >= 15 - 1e-6 for a, b in itertools.pairwise(grid.lefts))
    assert all(a + h - b >= 15 - 1e-6 for a, b in itertools.pairwise(grid.tops))
    assert grid.lefts[0] <= 0 and grid.lefts[-1] + w >= grid.page[0]
    assert grid.tops[0] <= 0 and grid.tops[-1] + h >= grid.page[1]
