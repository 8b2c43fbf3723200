"""The marks on a tiled print's sheets, and where each goes: the dashed lines a sheet is
cut along, the shaded strips its neighbours are glued over, the alignment targets and
the sheet's name.

Targets and names go only where the sheet is cut off or glued under (see
:mod:`.tile_plan` for how the poster goes together), so none shows on the finished
poster:

- a column cut's targets sit on the cut, in the strip over the row's top cut or under
  the next row's cut (cut off or glued under on both sheets of the row, or outside the
  poster's edge in the first and last rows): cut the right-hand sheet, lay it on its
  neighbour, and its half of each target makes the other half whole;
- a row cut's targets sit at its two ends, outside the poster's left and right edges;
- a sheet's name sits on the part it keeps when it is cut: the strip the row below is
  glued over, else outside the poster's edge under, beside or over it, else the strip
  a neighbour is glued over on its right. Only a sheet whose window leaves none of these
  (the last one, in a grid packed tight) has it on the strip cut off over its top or on
  its left.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from ..model.units import mm_to_pt
from .text import family
from .tile_plan import Grid, Rect, row_name

TARGET_ARM_MM = 2.8  # half the width of an alignment target at most
TARGET_LEAST_MM = 1.2  # a target smaller than this is left out
CLEAR_MM = 0.6  # between a mark and the edge of the strip it is printed on
NAME_PT = 8.0  # a sheet's name, at most
NAME_LEAST_PT = 5.0
INK = HexColor("#1f2d36")
RED = HexColor("#c62828")


def finished_outline(grid: Grid, row: int, col: int) -> list[tuple[float, float]]:
    """The outline of what a sheet shows on the finished poster (mm on the page): down
    its left cut (or the poster's edge), then up its right one."""
    top, bottom = grid.finished_rows(row)
    width = grid.page[0]

    def side(col_cut: int, edge: float) -> list[tuple[float, float]]:
        if not 0 < col_cut < grid.cols:
            return [(edge, top), (edge, bottom)]
        out = []
        for x, a, b in grid.seams[row][col_cut - 1].runs:
            if a < bottom and b > top:
                out += [(x, max(a, top)), (x, min(b, bottom))]
        return out
    return side(col, 0.0) + list(reversed(side(col + 1, width)))


@dataclass(frozen=True)
class Target:
    """An alignment target: its centre on the page and half its width (mm)."""

    x: float
    y: float
    arm: float


def sheet_targets(grid: Grid, row: int, col: int) -> list[Target]:
    """The alignment targets a sheet prints: on the cuts beside it, in the strips that
    both sheets at the cut lose or hide, and at the ends of the row cuts over and under
    it, outside the poster's edge."""
    out = []
    for cut_col in (col, col + 1):  # the cut on its left, the one on its right
        if 0 < cut_col < grid.cols:
            out += _column_targets(grid, row, cut_col)
    for cut_row in (row, row + 1):  # the cut over its top, the one under it
        if 0 < cut_row < grid.rows and col in (0, grid.cols - 1):
            out += _row_targets(grid, cut_row, col)
    return out


def _strips(grid: Grid, row: int) -> list[tuple[float, float]]:
    """The heights of a row's window that no sheet of the row shows finished: over its
    top cut (or the poster's top edge) and under the next row's cut (or the bottom
    edge)."""
    top, h = grid.tops[row], grid.window[1]
    ftop, fbottom = grid.finished_rows(row)
    return [(top, ftop), (fbottom, top + h)]


def _column_targets(grid: Grid, row: int, cut_col: int) -> list[Target]:
    seam = grid.seams[row][cut_col - 1]
    left_window = grid.lefts[cut_col - 1] + grid.window[0]
    out = []
    for a, b in _strips(grid, row):
        arm = min(TARGET_ARM_MM, (b - a) / 2 - CLEAR_MM)
        y = (a + b) / 2
        x = seam.x_at(y)
        arm = min(arm, left_window - x - CLEAR_MM, x - grid.lefts[cut_col] - CLEAR_MM)
        if arm >= TARGET_LEAST_MM:
            out.append(Target(x, y, arm))
    return out


def _row_targets(grid: Grid, cut_row: int, col: int) -> list[Target]:
    y = grid.cuts[cut_row - 1]
    w, h = grid.window
    reach = min(grid.tops[cut_row - 1] + h - y, y - grid.tops[cut_row]) - CLEAR_MM
    out = []
    ends = []
    if col == 0:
        ends.append((grid.lefts[0], 0.0))
    if col == grid.cols - 1:
        ends.append((grid.page[0], grid.lefts[-1] + w))
    for a, b in ends:
        room = min(b - a, 2 * (TARGET_ARM_MM + 2 * CLEAR_MM))
        arm = min(TARGET_ARM_MM, room / 2 - CLEAR_MM, reach)
        if arm >= TARGET_LEAST_MM:
            x = b - room / 2 if a < 0 < b or b <= 0 else a + room / 2
            out.append(Target(x, y, arm))
    return out


@dataclass(frozen=True)
class NamePlace:
    """Where a sheet's name goes: a strip of the page (mm), across or up it, and
    whether the sheet keeps it once it is cut."""

    rect: Rect
    upright: bool
    kept: bool


def name_places(grid: Grid, row: int, col: int) -> list[NamePlace]:
    """The strips a sheet's name may go on, best first: the parts it keeps that do not
    show on the poster, then those it loses when it is cut."""
    x0, y0, w, h = grid.tile(row, col)
    width, height = grid.page
    ftop, fbottom = grid.finished_rows(row)
    gap = TARGET_ARM_MM + 2 * CLEAR_MM  # room for the targets on the cuts beside it

    def across(top: float, bottom: float, kept: bool) -> NamePlace:
        """A strip over or under the finished rows, between the sheet's cuts."""
        y = (top + bottom) / 2
        left = (grid.seams[row][col - 1].x_at(y) + gap if col > 0 else max(x0, 0.0) + CLEAR_MM)
        right = (grid.seams[row][col].x_at(y) - gap if col < grid.cols - 1
                 else min(x0 + w, width) - CLEAR_MM)
        return NamePlace((left, top + CLEAR_MM, right - left, bottom - top - 2 * CLEAR_MM),
                         False, kept)

    def up(left: float, right: float, kept: bool) -> NamePlace:
        """A strip beside the finished columns, along the finished rows."""
        return NamePlace((left + CLEAR_MM, ftop + gap, right - left - 2 * CLEAR_MM,
                          fbottom - ftop - 2 * gap), True, kept)
    places = []
    if row < grid.rows - 1:
        places.append(across(fbottom, y0 + h, True))  # glued under the row below
    else:
        places.append(across(height, y0 + h, True))  # outside the bottom edge
    if col == grid.cols - 1:
        places.append(up(width, x0 + w, True))
    if col == 0:
        places.append(up(x0, 0.0, True))
    if row == 0:
        places.append(across(y0, 0.0, True))
    if col < grid.cols - 1:
        places.append(up(grid.seams[row][col].between(ftop, fbottom)[1], x0 + w, True))
    if row > 0:
        places.append(across(y0, ftop, False))  # cut off over its top
    if col > 0:
        places.append(up(x0, grid.seams[row][col - 1].between(ftop, fbottom)[0], False))
    return places


def sheet_name_texts(grid: Grid, row: int, col: int) -> list[str]:
    """A sheet's name, longest first: with its row, column and neighbours, then
    shorter."""
    near = []
    for name, r, c in (("above", row - 1, col), ("left", row, col - 1),
                       ("right", row, col + 1), ("below", row + 1, col)):
        if 0 <= r < grid.rows and 0 <= c < grid.cols:
            near.append(f"{name} {grid.label(r, c)}")
    own = f"{grid.label(row, col)}: row {row_name(row)}, column {col + 1}"
    return [own + (f"; {', '.join(near)}" if near else ""), own, grid.label(row, col)]


class SheetMarks:
    """Cut lines, glue strips, alignment targets and the sheet's name."""

    def __init__(self, canvas: Canvas, grid: Grid, row: int, col: int,
                 sheet_h: float) -> None:
        self.c, self.grid, self.row, self.col = canvas, grid, row, col
        self.sheet_h = sheet_h
        self.tile = grid.tile(row, col)

    def at(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        """A page point (mm, top-left) on this sheet (points, bottom-left)."""
        m = mm_to_pt(self.grid.margin)
        return m + mm_to_pt(x_mm - self.tile[0]), self.sheet_h - m - mm_to_pt(y_mm - self.tile[1])

    def draw(self) -> None:
        c = self.c
        c.saveState()
        self._glue()
        c.setLineWidth(0.6)
        c.setStrokeColor(INK)
        c.setDash([4, 3])
        self._cuts()
        c.setDash([])
        c.setStrokeColor(HexColor("#000000"))
        c.setLineWidth(0.4)
        for target in sheet_targets(self.grid, self.row, self.col):
            self._target(target)
        self._name()
        c.restoreState()

    def _polygon(self, points: list[tuple[float, float]], fill: bool) -> None:
        path = self.c.beginPath()
        path.moveTo(*self.at(*points[0]))
        for point in points[1:]:
            path.lineTo(*self.at(*point))
        if fill:
            path.close()
        self.c.drawPath(path, stroke=0 if fill else 1, fill=1 if fill else 0)

    def _glue(self) -> None:
        """Shade the strips the neighbours on the right and below are glued over."""
        g, row, col = self.grid, self.row, self.col
        x0, y0, w, h = self.tile
        self.c.setFillColor(Color(0.55, 0.6, 0.65, alpha=0.28))
        right = x0 + w
        if col < g.cols - 1:
            seam = g.seams[row][col]
            self._polygon([*seam.points(), (x0 + w, y0 + h), (x0 + w, y0)], True)
            right = seam.x_at(y0 + h)
        if row < g.rows - 1:
            top = g.cuts[row]
            left = g.seams[row][col - 1].x_at(y0 + h) if col > 0 else x0
            self._polygon([(left, top), (right, top), (right, y0 + h), (left, y0 + h)], True)

    def _cuts(self) -> None:
        """The dashed lines this sheet is cut along: its left cut, its top cut and the
        poster's edges where its window reaches past them."""
        g, row, col = self.grid, self.row, self.col
        x0, y0, w, h = self.tile
        width, height = g.page
        seam = g.seam(row, col)
        if seam is not None:
            self._polygon(seam.points(), False)
        top = g.cut_y(row)
        if top is not None:
            self._polygon([(x0, top), (x0 + w, top)], False)
        reach = 0.5  # a window this far past an edge shows it
        if col == 0 and x0 < -reach:
            self._polygon([(0.0, y0), (0.0, y0 + h)], False)
        if col == g.cols - 1 and x0 + w > width + reach:
            self._polygon([(width, y0), (width, y0 + h)], False)
        if row == 0 and y0 < -reach:
            self._polygon([(x0, 0.0), (x0 + w, 0.0)], False)
        if row == g.rows - 1 and y0 + h > height + reach:
            self._polygon([(x0, height), (x0 + w, height)], False)

    def _target(self, target: Target) -> None:
        sx, sy = self.at(target.x, target.y)
        arm = mm_to_pt(target.arm)
        self.c.circle(sx, sy, arm * 0.62, stroke=1, fill=0)
        self.c.line(sx - arm, sy, sx + arm, sy)
        self.c.line(sx, sy - arm, sx, sy + arm)

    def _name(self) -> None:
        """The sheet's name, on the first strip it fits."""
        bold = family()["bold"]
        texts = sheet_name_texts(self.grid, self.row, self.col)
        for place in name_places(self.grid, self.row, self.col):
            _, _, w, h = place.rect
            length, thick = (h, w) if place.upright else (w, h)
            size = min(NAME_PT, mm_to_pt(thick) / 1.6)
            if size < NAME_LEAST_PT:
                continue
            for text in texts:
                if self.c.stringWidth(text, bold, size) + size <= mm_to_pt(length):
                    self._write(place, text, size)
                    return

    def _write(self, place: NamePlace, text: str, size: float) -> None:
        """A name on a white pill at the start of its strip, centred across it."""
        x, y, w, h = place.rect
        bold = family()["bold"]
        pill_w = self.c.stringWidth(text, bold, size) + size
        pill_h = size * 1.6
        c = self.c
        c.saveState()
        if place.upright:  # reads upwards, from the bottom of the strip
            sx, sy = self.at(x + w / 2, y + h)
            c.translate(sx + pill_h / 2, sy)
            c.rotate(90)
        else:
            sx, sy = self.at(x, y + h / 2)
            c.translate(sx, sy - pill_h / 2)
        c.setFillColor(Color(1, 1, 1, alpha=0.85))
        c.rect(0, 0, pill_w, pill_h, stroke=0, fill=1)
        c.setFillColor(RED)
        c.setFont(bold, size)
        c.drawString(size / 2, pill_h / 2 - size * 0.35, text)
        c.restoreState()
