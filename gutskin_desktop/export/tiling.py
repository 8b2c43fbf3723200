"""Tiling: any layout printed at 100% across A4 or US Letter sheets, to tape together.

Each sheet prints a window of the page inside the printer's margin. Neighbouring windows
overlap; the sheet to the right (or below) is cut along the middle of the overlap and
glued over its neighbour. The grid uses the fewest sheets, trying both sheet
orientations, and shifts its seams to cross as few diagram boxes and lines of text as it
can. The first sheet for each page is an assembly map. Drawing is vector, from the same
renderer as the untiled PDF: each page is drawn once, as a form that the assembly map
and every sheet show (clipped to the sheet's window), so a sheet costs a few hundred bytes
whatever the page holds.
"""
from __future__ import annotations

import io
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from string import ascii_uppercase

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from ..model.bundle import Bundle
from ..model.layout import PAGE_SIZES_MM, Layout
from ..model.units import mm_to_pt, pt_to_mm
from .export_errors import TileError
from .measure import MeasuringCanvas, SmallType, under_floor
from .overlap import Overlap
from .render import ExportOptions, Overflow, PlannedPages, guarded
from .text import family

SHEETS_MM = {"A4": PAGE_SIZES_MM["A4"], "letter": PAGE_SIZES_MM["Letter"]}  # by --tile name
MAX_SHEETS = 1_000  # sheets in a tiled PDF, maps too: ~2 ms each (a 5 x 5 m page on A4 is 451)
Rect = tuple[float, float, float, float]


def row_name(row: int) -> str:
    """A, B, ... Z, AA, AB ..."""
    name = ""
    row += 1
    while row:
        row, rest = divmod(row - 1, 26)
        name = ascii_uppercase[rest] + name
    return name


@dataclass(frozen=True)
class Grid:
    """Where each sheet's printable window lies on the page (mm, from the top-left)."""

    sheet: tuple[float, float]
    margin: float
    overlap: float
    cols: int
    rows: int
    origin: tuple[float, float]

    @property
    def window(self) -> tuple[float, float]:
        return self.sheet[0] - 2 * self.margin, self.sheet[1] - 2 * self.margin

    @property
    def count(self) -> int:
        return self.cols * self.rows

    def tile(self, row: int, col: int) -> Rect:
        w, h = self.window
        return (self.origin[0] + col * (w - self.overlap),
                self.origin[1] + row * (h - self.overlap), w, h)

    def cut_x(self, col: int) -> float:
        """Where sheet ``col`` is cut on its left (the middle of the overlap)."""
        return self.tile(0, col)[0] + self.overlap / 2

    def cut_y(self, row: int) -> float:
        return self.tile(row, 0)[1] + self.overlap / 2

    def label(self, row: int, col: int) -> str:
        return f"{row_name(row)}{col + 1}"


def _count(length: float, window: float, overlap: float) -> int:
    return max(1, math.ceil((length - overlap) / (window - overlap) - 1e-9))


class _Spans:
    """Intervals (obstacles along one axis), sorted so that the number a cut crosses
    (``low < cut < high``) is two binary searches, not a pass over them all."""

    def __init__(self, spans: list[tuple[float, float]]) -> None:
        kept = [(low, high) for low, high in spans if low < high]
        self.lows = sorted(low for low, _ in kept)
        self.highs = sorted(high for _, high in kept)

    def crossed(self, cut: float) -> int:
        # every span with high <= cut also has low < cut (low < high), so the difference
        # counts exactly the spans with low < cut < high
        return bisect_left(self.lows, cut) - bisect_right(self.highs, cut)


def _crossings(cuts: list[float], spans: list[tuple[float, float]] | _Spans) -> int:
    sorted_spans = spans if isinstance(spans, _Spans) else _Spans(spans)
    return sum(sorted_spans.crossed(cut) for cut in cuts)


def _best_origin(length: float, window: float, overlap: float, count: int,
                 spans: list[tuple[float, float]] | _Spans) -> float:
    spans = spans if isinstance(spans, _Spans) else _Spans(spans)
    slack = count * window - (count - 1) * overlap - length
    step = window - overlap
    best = (-slack / 2, _crossings([-slack / 2 + i * step + overlap / 2
                                     for i in range(1, count)], spans))
    for tenth in range(int(slack * 10) + 1):
        origin = -tenth / 10
        score = _crossings([origin + i * step + overlap / 2 for i in range(1, count)], spans)
        if score < best[1] or (score == best[1]
                               and abs(origin + slack / 2) < abs(best[0] + slack / 2)):
            best = (origin, score)
    return best[0]


def sheets_per_page(width: float, height: float, sheet: str, overlap: float,
                    margin: float) -> int:
    """How many sheets one page takes (the fewer of the two orientations), without its
    assembly map."""
    sw, sh = SHEETS_MM[sheet]
    counts = []
    for paper in ((sw, sh), (sh, sw)):
        w, h = paper[0] - 2 * margin, paper[1] - 2 * margin
        if min(w, h) > overlap + 10:
            counts.append(_count(width, w, overlap) * _count(height, h, overlap))
    return min(counts, default=0)


def check_sheets(layout: Layout, pages: int, sheet: str, overlap: float,
                 margin: float) -> None:
    """Refuse a tiling of more than :data:`MAX_SHEETS` sheets before it is drawn."""
    per_page = sheets_per_page(*layout.page.size_mm(), sheet, overlap, margin)
    total = pages * (per_page + 1)
    if total > MAX_SHEETS:
        problem = (f"layout '{layout.name}' ({layout.describe_size()}, {pages} "
                   f"page{'s' if pages != 1 else ''}) would take {total:,} {sheet} sheets "
                   f"with an overlap of {overlap:g} mm and a printer margin of {margin:g} "
                   f"mm, more than the {MAX_SHEETS:,} a tiled PDF may have; print it at a "
                   f"shop, or fewer pages")
        raise TileError(problem, "sheet", sheet)


def plan_grid(width: float, height: float, sheet: str, overlap: float, margin: float,
              obstacles: list[Rect]) -> Grid:
    """The grid with the fewest sheets whose seams cross the fewest obstacles."""
    sw, sh = SHEETS_MM[sheet]
    options = []
    for paper in ((sw, sh), (sh, sw)):
        w, h = paper[0] - 2 * margin, paper[1] - 2 * margin
        if min(w, h) <= overlap + 10:
            raise TileError(f"an overlap of {overlap:g} mm and a margin of {margin:g} mm "
                            f"leave too little of a {sheet} sheet")
        cols, rows = _count(width, w, overlap), _count(height, h, overlap)
        xs = _Spans([(x, x + bw) for x, _, bw, _ in obstacles])
        ys = _Spans([(y, y + bh) for _, y, _, bh in obstacles])
        ox = _best_origin(width, w, overlap, cols, xs)
        oy = _best_origin(height, h, overlap, rows, ys)
        grid = Grid(paper, margin, overlap, cols, rows, (ox, oy))
        crossed = (_crossings([grid.cut_x(c) for c in range(1, cols)], xs)
                   + _crossings([grid.cut_y(r) for r in range(1, rows)], ys))
        options.append((grid.count, crossed, grid))
    return min(options, key=lambda o: (o[0], o[1]))[2]


@dataclass
class Tiled:
    """The tiled PDF and its grids (one per page of the layout)."""

    pdf: bytes
    grids: list[Grid]
    sheet: str
    overflows: list[Overflow] = field(default_factory=list)
    small_type: list[SmallType] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)

    @property
    def sheets(self) -> int:
        return sum(1 + g.count for g in self.grids)

    def describe(self) -> str:
        grids = ", ".join(f"{g.rows} x {g.cols}" for g in self.grids)
        return f"{self.sheets} {self.sheet} sheets: assembly map and {grids} tiles"


class _Tiler:
    """One tiled print: the layout's pages planned once, then each page's assembly map
    and sheets drawn from it."""

    def __init__(self, layout: Layout, bundle: Bundle, options: ExportOptions, sheet: str,
                 overlap: float, margin: float) -> None:
        opts = replace(options, navigation=False, bleed_mm=0.0, crop_marks=False)
        check_sheets(layout, layout.page_count, sheet, overlap, margin)
        self.planned = PlannedPages(layout, bundle, opts)
        self.pages = self.planned.count
        check_sheets(layout, self.pages, sheet, overlap, margin)  # continuation pages too
        self.layout, self.sheet, self.overlap, self.margin = layout, sheet, overlap, margin
        self.title, self.deterministic = bundle.content.title, options.deterministic
        self.width, self.height = layout.page.size_mm()

    def obstacles(self, page: int) -> list[Rect]:
        """Diagram boxes and lines of text on a page, in mm from the top-left."""
        return [self._mm(rect) for rect in self.planned.obstacles(page)]

    def _mm(self, rect: Rect) -> Rect:
        x, y, w, h = rect
        return (pt_to_mm(x), self.height - pt_to_mm(y + h), pt_to_mm(w), pt_to_mm(h))

    def render(self) -> Tiled:
        """Every page's assembly map and sheets, in one PDF."""
        buffer = io.BytesIO()
        canvas = MeasuringCanvas(buffer,
                                 pagesize=tuple(mm_to_pt(v) for v in SHEETS_MM[self.sheet]),
                                 invariant=1 if self.deterministic else 0,
                                 initialFontName=family()["regular"])
        canvas.setTitle(f"{self.title} (tiled)")
        canvas.setCreator("gutskin-desktop")
        grids = []
        for page in range(1, self.pages + 1):
            grid = plan_grid(self.width, self.height, self.sheet, self.overlap, self.margin,
                             self.obstacles(page))
            grids.append(grid)
            self.page_form(canvas, page)
            self.draw_map(canvas, page, grid)
            for row in range(grid.rows):
                for col in range(grid.cols):
                    self.draw_tile(canvas, page, grid, row, col)
        canvas.save()
        canvas.smallest.pop("", None)  # the sheets' own instructions and labels
        return Tiled(buffer.getvalue(), grids, self.sheet, self.planned.overflows(),
                     under_floor(canvas.smallest, self.layout.type_floor),
                     self.planned.overlaps())

    # -- sheets ----------------------------------------------------------------------------

    def page_form(self, canvas: MeasuringCanvas, page: int) -> None:
        """Draw a page of the layout once, as the form every sheet of it shows."""
        w, h = mm_to_pt(self.width), mm_to_pt(self.height)
        canvas.beginForm(_form_name(page), -w, -h, 2 * w, 2 * h)
        self.planned.draw(canvas, page)
        canvas.block = ""
        canvas.endForm()

    def _sheet(self, canvas: Canvas, grid: Grid) -> tuple[float, float]:
        w, h = (mm_to_pt(v) for v in grid.sheet)
        canvas.setPageSize((w, h))
        return w, h

    def draw_map(self, canvas: Canvas, page: int, grid: Grid) -> None:
        """The page's assembly map: the whole page scaled down, the sheets drawn on it."""
        sw, sh = self._sheet(canvas, grid)
        m = mm_to_pt(self.margin)
        fonts = family()
        canvas.setFont(fonts["bold"], 14)
        canvas.setFillColor(HexColor("#1f4f66"))
        canvas.drawString(m + 4, sh - m - 18, f"Assembly map: {self.layout.name}, page {page}")
        canvas.setFont(fonts["regular"], 9)
        canvas.setFillColor(HexColor("#1f2d36"))
        info = (f"{grid.rows} rows x {grid.cols} columns = {grid.count} {self.sheet} sheets, "
                f"printed at 100%. Overlap {self.overlap:g} mm, printer margin "
                f"{self.margin:g} mm.")
        canvas.drawString(m + 4, sh - m - 32, info)
        canvas.drawString(m + 4, sh - m - 44, "Cut each sheet along its dashed line, lay it "
                          "over the shaded glue strip of its neighbour, line up the marks.")
        room_w, room_h = sw - 2 * m - 8, sh - 2 * m - 60
        scale = min(room_w / mm_to_pt(self.width), room_h / mm_to_pt(self.height))
        left = m + 4 + (room_w - mm_to_pt(self.width) * scale) / 2
        bottom = m + 4
        canvas.saveState()
        canvas.translate(left, bottom)
        canvas.scale(scale, scale)
        canvas.doForm(_form_name(page))
        canvas.restoreState()
        self._map_grid(canvas, grid, left, bottom, scale)
        canvas.showPage()

    def _map_grid(self, canvas: Canvas, grid: Grid, left: float, bottom: float,
                  scale: float) -> None:
        top = bottom + mm_to_pt(self.height) * scale

        def at(x_mm: float, y_mm: float) -> tuple[float, float]:
            return left + mm_to_pt(x_mm) * scale, top - mm_to_pt(y_mm) * scale
        canvas.saveState()
        canvas.setStrokeColor(HexColor("#c62828"))
        canvas.setLineWidth(1.2)
        for row in range(grid.rows):
            for col in range(grid.cols):
                x0 = 0.0 if col == 0 else grid.cut_x(col)
                y0 = 0.0 if row == 0 else grid.cut_y(row)
                x1 = self.width if col == grid.cols - 1 else grid.cut_x(col + 1)
                y1 = self.height if row == grid.rows - 1 else grid.cut_y(row + 1)
                (ax, ay), (bx, by) = at(x0, y0), at(x1, y1)
                canvas.rect(ax, by, bx - ax, ay - by, stroke=1, fill=0)
                canvas.setFillColor(Color(1, 1, 1, alpha=0.8))
                label = grid.label(row, col)
                canvas.setFont(family()["bold"], 16)
                width = canvas.stringWidth(label, family()["bold"], 16)
                cx, cy = (ax + bx) / 2, (ay + by) / 2
                canvas.roundRect(cx - width / 2 - 4, cy - 7, width + 8, 22, 4, 0, 1)
                canvas.setFillColor(HexColor("#c62828"))
                canvas.drawCentredString(cx, cy, label)
        canvas.restoreState()

    def draw_tile(self, canvas: Canvas, page: int, grid: Grid, row: int, col: int) -> None:
        """One sheet: its window of the page at 100%, with its marks."""
        _, sh = self._sheet(canvas, grid)
        x0, y0, w, h = grid.tile(row, col)
        m = mm_to_pt(self.margin)
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(m, m, mm_to_pt(w), mm_to_pt(h))
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.translate(m - mm_to_pt(x0), sh - m - mm_to_pt(self.height) + mm_to_pt(y0))
        canvas.doForm(_form_name(page))
        canvas.restoreState()
        _Marks(canvas, grid, row, col, sh, self).draw()
        canvas.showPage()


def _form_name(page: int) -> str:
    return f"layout-page-{page}"


class _Marks:
    """Cut lines, glue strips, alignment targets and the sheet's label."""

    def __init__(self, canvas: Canvas, grid: Grid, row: int, col: int, sheet_h: float,
                 tiler: _Tiler) -> None:
        self.c, self.grid, self.row, self.col = canvas, grid, row, col
        self.sheet_h, self.tiler = sheet_h, tiler
        self.tile = grid.tile(row, col)

    def at(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        """A page point (mm, top-left) on this sheet (points, bottom-left)."""
        m = mm_to_pt(self.grid.margin)
        return m + mm_to_pt(x_mm - self.tile[0]), self.sheet_h - m - mm_to_pt(y_mm - self.tile[1])

    def draw(self) -> None:
        x0, y0, w, h = self.tile
        g, c = self.grid, self.c
        c.saveState()
        c.setLineWidth(0.6)
        c.setStrokeColor(HexColor("#1f2d36"))
        c.setFillColor(Color(0.55, 0.6, 0.65, alpha=0.28))
        if self.col + 1 < g.cols:
            self._strip(g.cut_x(self.col + 1), y0, x0 + w, y0 + h, "glue")
        if self.row + 1 < g.rows:
            self._strip(x0, g.cut_y(self.row + 1), x0 + w, y0 + h, "glue")
        c.setDash([4, 3])
        if self.col > 0:
            self._line(g.cut_x(self.col), y0, g.cut_x(self.col), y0 + h)
        if self.row > 0:
            self._line(x0, g.cut_y(self.row), x0 + w, g.cut_y(self.row))
        c.setDash([])
        self._targets()
        self._label()
        c.restoreState()

    def _strip(self, left: float, top: float, right: float, bottom: float, text: str) -> None:
        (ax, ay), (bx, by) = self.at(left, top), self.at(right, bottom)
        self.c.rect(ax, by, bx - ax, ay - by, stroke=0, fill=1)

    def _line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.c.line(*self.at(x1, y1), *self.at(x2, y2))

    def _targets(self) -> None:
        """Crosshairs on each seam, at the same page points on both sheets."""
        g = self.grid
        x0, y0, w, h = self.tile
        points = []
        for col in range(1, g.cols):
            for frac in (0.25, 0.75):
                points.append((g.cut_x(col), y0 + h * frac))
        for row in range(1, g.rows):
            for frac in (0.25, 0.75):
                points.append((x0 + w * frac, g.cut_y(row)))
        self.c.setStrokeColor(HexColor("#000000"))
        self.c.setLineWidth(0.4)
        for px, py in points:
            if not (x0 <= px <= x0 + w and y0 <= py <= y0 + h):
                continue
            sx, sy = self.at(px, py)
            self.c.circle(sx, sy, 5, stroke=1, fill=0)
            self.c.line(sx - 8, sy, sx + 8, sy)
            self.c.line(sx, sy - 8, sx, sy + 8)

    def _label(self) -> None:
        g, row, col = self.grid, self.row, self.col
        near = []
        for name, r, cc in (("above", row - 1, col), ("left", row, col - 1),
                            ("right", row, col + 1), ("below", row + 1, col)):
            if 0 <= r < g.rows and 0 <= cc < g.cols:
                near.append(f"{name} {g.label(r, cc)}")
        text = (f"{g.label(row, col)}: row {row_name(row)}, column {col + 1}"
                + (f"; {', '.join(near)}" if near else ""))
        x0, y0, _, h = self.tile
        fonts = family()
        sx, sy = self.at(x0, y0 + h)
        self.c.setFillColor(Color(1, 1, 1, alpha=0.85))
        width = self.c.stringWidth(text, fonts["bold"], 8) + 8
        self.c.rect(sx, sy, width, 13, stroke=0, fill=1)
        self.c.setFillColor(HexColor("#c62828"))
        self.c.setFont(fonts["bold"], 8)
        self.c.drawString(sx + 4, sy + 3.5, text)


def tile_layout(layout: Layout, bundle: Bundle, options: ExportOptions, sheet: str = "A4",
                overlap_mm: float = 10.0, margin_mm: float = 5.0) -> Tiled:
    """Print a layout at 100% across sheets (plus an assembly map per page)."""
    if sheet not in SHEETS_MM:
        raise TileError(f"sheets of {sheet!r} cannot be tiled: choose A4 or letter",
                        "sheet", sheet, "choose A4 or letter")
    if not 0 <= overlap_mm <= 50:
        raise TileError(f"an overlap of {overlap_mm:g} mm between sheets cannot be used: "
                        f"choose between 0 and 50 mm", "overlap", f"{overlap_mm:g}",
                        "choose between 0 and 50 mm")
    if not 0 <= margin_mm <= 30:
        raise TileError(f"a printer margin of {margin_mm:g} mm cannot be used: choose "
                        f"between 0 and 30 mm", "margin", f"{margin_mm:g}",
                        "choose between 0 and 30 mm")
    return guarded(lambda: _Tiler(layout, bundle, options, sheet, overlap_mm,
                                  margin_mm).render(), keep=(TileError,))
