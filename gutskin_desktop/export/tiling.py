"""Tiling: any layout printed at 100% across A4 or US Letter sheets, to tape together.

Each sheet prints a window of the page inside the printer's margin; :mod:`.tile_plan`
places the windows and the cuts between them (keeping off what :mod:`.tile_obstacles`
reads from the drawn page), and says how the poster goes together: a row at a time,
then row over row, then cut round its edge. Every sheet carries the marks of
:mod:`.tile_marks`: the dashed lines it is cut along, the shaded strips its neighbours
are glued over, alignment targets and its name, the last two only where the sheet is cut
off or glued under, so none shows on the finished poster.

The first sheet for each page is an assembly map. Drawing is vector, from the same
renderer as the untiled PDF: each page is drawn once, as a form that the assembly map
and every sheet show (clipped to the sheet's window), so a sheet costs a few hundred bytes
whatever the page holds. Crop marks belong to a print shop's single sheet and cannot be
combined with tiling.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from msgspec.structs import replace
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ..model.bundle import Bundle
from ..model.layout import Layout
from ..model.units import mm_to_pt
from .export_errors import TileError
from .measure import MeasuringCanvas, SmallType, under_floor
from .overlap import Overlap
from .render import ExportOptions, Overflow, PlannedPages, guarded
from .text import family
from .tile_marks import INK, RED, SheetMarks, finished_outline
from .tile_obstacles import page_obstacles
from .tile_plan import SHEETS_MM, Grid, Rect, count, plan_grid, row_name, sheet_windows

__all__ = ["MAX_SHEETS", "SHEETS_MM", "Grid", "Tiled", "check_sheets", "row_name",
           "sheets_per_page", "tile_layout"]

MAX_SHEETS = 1_000  # sheets in a tiled PDF, maps too: ~2 ms each (a 5 x 5 m page on A4 is 451)


def sheets_per_page(width: float, height: float, sheet: str, overlap: float,
                    margin: float) -> int:
    """How many sheets one page takes (the fewer of the two orientations), without its
    assembly map."""
    counts = [count(width, w, overlap) * count(height, h, overlap)
              for w, h in sheet_windows(sheet, margin) if min(w, h) > overlap + 10]
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
        opts = replace(options, navigation=False, bleed_mm=0.0)
        check_sheets(layout, layout.page_count, sheet, overlap, margin)
        self.planned = PlannedPages(layout, bundle, opts)
        self.pages = self.planned.count
        check_sheets(layout, self.pages, sheet, overlap, margin)  # continuation pages too
        self.layout, self.sheet, self.overlap, self.margin = layout, sheet, overlap, margin
        self.title, self.deterministic = bundle.content.title, options.deterministic
        self.width, self.height = layout.page.size_mm()

    def obstacles(self) -> list[list[Rect]]:
        """Each page's words and the boxes round text, read from the page drawn alone."""
        buffer = io.BytesIO()
        canvas = MeasuringCanvas(buffer, pagesize=(mm_to_pt(self.width),
                                                   mm_to_pt(self.height)),
                                 invariant=1, initialFontName=family()["regular"])
        for page in range(1, self.pages + 1):
            self.planned.draw(canvas, page)
            canvas.showPage()
        canvas.save()
        return page_obstacles(buffer.getvalue(), SHEETS_MM[self.sheet])

    def render(self) -> Tiled:
        """Every page's assembly map and sheets, in one PDF."""
        obstacles = self.obstacles()
        buffer = io.BytesIO()
        canvas = self.planned.canvas(  # a PDF/X one, in CMYK, when the options ask
            buffer, pagesize=tuple(mm_to_pt(v) for v in SHEETS_MM[self.sheet]),
            invariant=1 if self.deterministic else 0, initialFontName=family()["regular"])
        canvas.setTitle(f"{self.title} (tiled)")
        canvas.setCreator("gutskin-desktop")
        grids = []
        for page in range(1, self.pages + 1):
            grid = plan_grid(self.width, self.height, self.sheet, self.overlap, self.margin,
                             obstacles[page - 1])
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
        canvas.setFillColor(INK)
        y = sh - m - 32
        for line in self.instructions(grid, sw - 2 * m - 8):
            canvas.drawString(m + 4, y, line)
            y -= 11.5
        room_w, room_h = sw - 2 * m - 8, y - m - 4
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

    def instructions(self, grid: Grid, width: float) -> list[str]:
        """What the map says: the grid, then how to put it together, in lines that fit."""
        steps = [
            (f"{grid.rows} rows x {grid.cols} columns = {grid.count} {self.sheet} sheets, "
             f"printed at 100%. Overlap at least {self.overlap:g} mm, printer margin "
             f"{self.margin:g} mm."),
            ("1. Put each row together from the left: cut a sheet along the dashed line on "
             "its left, lay it over the shaded strip of its neighbour and make the half "
             "targets on the cut whole."),
            ("2. Cut each row along the dashed line over its top and lay it over the shaded "
             "strip of the row above, lining up the targets at both ends."),
            ("3. Cut round the poster along its dashed edge. The targets and sheet names "
             "are on strips that are cut off or glued under: none shows on the poster."),
        ]
        return [line for step in steps
                for line in simpleSplit(step, family()["regular"], 9, width)]

    def _map_grid(self, canvas: Canvas, grid: Grid, left: float, bottom: float,
                  scale: float) -> None:
        top = bottom + mm_to_pt(self.height) * scale

        def at(x_mm: float, y_mm: float) -> tuple[float, float]:
            return left + mm_to_pt(x_mm) * scale, top - mm_to_pt(y_mm) * scale
        canvas.saveState()
        canvas.setStrokeColor(RED)
        canvas.setLineWidth(1.2)
        canvas.setLineJoin(1)
        bold = family()["bold"]
        for row in range(grid.rows):
            for col in range(grid.cols):
                outline = [at(x, y) for x, y in finished_outline(grid, row, col)]
                path = canvas.beginPath()
                path.moveTo(*outline[0])
                for point in outline[1:]:
                    path.lineTo(*point)
                path.close()
                canvas.drawPath(path, stroke=1, fill=0)
                y0, y1 = grid.finished_rows(row)
                x0, x1 = grid.finished_x(row, col, (y0 + y1) / 2)
                (ax, ay), (bx, by) = at(x0, y0), at(x1, y1)
                label = grid.label(row, col)
                canvas.setFillColor(Color(1, 1, 1, alpha=0.8))
                canvas.setFont(bold, 16)
                width = canvas.stringWidth(label, bold, 16)
                cx, cy = (ax + bx) / 2, (ay + by) / 2
                canvas.roundRect(cx - width / 2 - 4, cy - 7, width + 8, 22, 4, 0, 1)
                canvas.setFillColor(RED)
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
        SheetMarks(canvas, grid, row, col, sh).draw()
        canvas.showPage()


def _form_name(page: int) -> str:
    return f"layout-page-{page}"


def tile_layout(layout: Layout, bundle: Bundle, options: ExportOptions, sheet: str = "A4",
                overlap_mm: float = 10.0, margin_mm: float = 5.0) -> Tiled:
    """Print a layout at 100% across sheets (plus an assembly map per page)."""
    if options.crop_marks:
        raise TileError("crop marks cannot be printed on tiled sheets: they mark where a "
                        "print shop trims one large sheet, and each tiled sheet has its "
                        "own cut lines; print either with crop marks or tiled")
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

