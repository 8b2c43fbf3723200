"""Where the sheets of a tiled print lie on the page, and where they are cut.

A poster tiled over home-printer sheets is put together a row at a time: each sheet is cut
along the dashed line on its left and laid over the shaded strip of its left neighbour;
then each row is cut along the line over its top and laid over the row above; last, the
poster is cut along its own edge. So each sheet has three kinds of ground: the part that
shows on the finished poster, the strips that are cut off (left of its left cut, above its
top cut, outside the poster's edge) and the strips glued under (right of its right
neighbour's cut, below the cut of the row under it). The marks and names that help put
the poster together are printed only on the last two (:mod:`.tile_marks`).

The grid takes the fewest sheets (trying both sheet orientations), or one more column or
row when that is what keeps every cut off text. Its columns and rows
are balanced: none carries less than a third of a sheet's window when a grid of the same
count can avoid it (placing every cut is a shortest-path search, so the leftover is shared
instead of left as a sliver at one end). Cuts keep off text and the boxes round it (a
diagram's boxes and its arrows' label pills), as read from the drawn page itself
(:mod:`.tile_obstacles`): each row cut is a straight line between lines of text where
one is free; each column cut runs down one row, straight where it can and stepping
sideways in the space between lines, so that it passes between words rather than
through them. Neighbouring windows overlap by at least the overlap asked for; where a
column or row carries less than a sheet's worth, the spare width widens the overlaps,
which gives the cuts room to move.
"""
from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from string import ascii_uppercase

from ..model.layout import PAGE_SIZES_MM
from .export_errors import TileError

SHEETS_MM = {"A4": PAGE_SIZES_MM["A4"], "letter": PAGE_SIZES_MM["Letter"]}  # by --tile name
Rect = tuple[float, float, float, float]  # x, y, width, height: mm from the page's top-left

STEP_MM = 0.2  # the finest step a column cut moves by
KEEP_MM = 2.0  # the least strip a cut leaves either side of it, to cut off or glue under
REACH_MM = 5.0  # how far a column cut is counted on to step aside to a gap between words
TRY_STEP_MM = 2.0  # the step between the places tried for a column cut through text
TRIES = 2_500  # column cuts worked out for one grid at most (~0.5 ms each)
SHAPE_WEIGHT = 4.0  # a box round text counts as this many words for a straight cut
CROSS = 1000.0  # the cost of cutting through 1 mm of text, against 1 for a step sideways
BIG = 1e7  # a crossed obstacle outweighs any amount of moving a cut off its even place


def row_name(row: int) -> str:
    """A, B, ... Z, AA, AB ..."""
    name = ""
    row += 1
    while row:
        row, rest = divmod(row - 1, 26)
        name = ascii_uppercase[rest] + name
    return name


@dataclass(frozen=True)
class Seam:
    """The cut between two neighbouring sheets of a row, from the top of their windows
    to the bottom: straight runs ``(x, top, bottom)`` (mm on the page), each the next
    one's start, joined by steps sideways."""

    runs: tuple[tuple[float, float, float], ...]

    def x_at(self, y: float) -> float:
        """Where the cut is at a height of the page (above a step: the run above it)."""
        for x, _, bottom in self.runs:
            if y <= bottom:
                return x
        return self.runs[-1][0]

    def points(self) -> list[tuple[float, float]]:
        """The cut as a line through its corners, top to bottom."""
        out: list[tuple[float, float]] = []
        for x, top, bottom in self.runs:
            out += [(x, top), (x, bottom)]
        return out

    @property
    def steps(self) -> int:
        return len(self.runs) - 1

    def between(self, top: float, bottom: float) -> tuple[float, float]:
        """The leftmost and rightmost place the cut reaches between two heights."""
        xs = [x for x, a, b in self.runs if a < bottom and b > top] or [self.x_at(top)]
        return min(xs), max(xs)


@dataclass(frozen=True)
class Grid:
    """The sheets' windows on the page and the cuts between them (mm, from the page's
    top-left): ``lefts`` and ``tops`` place each column's and row's printable window,
    ``cuts`` are the row cuts (the line over the top of rows 1, 2, ...) and ``seams`` the
    column cuts of each row (on the left of columns 1, 2, ...)."""

    sheet: tuple[float, float]
    margin: float
    overlap: float
    page: tuple[float, float]
    lefts: tuple[float, ...]
    tops: tuple[float, ...]
    cuts: tuple[float, ...]
    seams: tuple[tuple[Seam, ...], ...]

    @property
    def window(self) -> tuple[float, float]:
        return self.sheet[0] - 2 * self.margin, self.sheet[1] - 2 * self.margin

    @property
    def cols(self) -> int:
        return len(self.lefts)

    @property
    def rows(self) -> int:
        return len(self.tops)

    @property
    def count(self) -> int:
        return self.cols * self.rows

    def tile(self, row: int, col: int) -> Rect:
        """The window of the page sheet ``(row, col)`` prints."""
        w, h = self.window
        return self.lefts[col], self.tops[row], w, h

    def label(self, row: int, col: int) -> str:
        return f"{row_name(row)}{col + 1}"

    def seam(self, row: int, col: int) -> Seam | None:
        """The cut on the left of a sheet (none in the first column)."""
        return self.seams[row][col - 1] if col > 0 else None

    def cut_y(self, row: int) -> float | None:
        """The cut over the top of a row (none over the first)."""
        return self.cuts[row - 1] if row > 0 else None

    def finished_rows(self, row: int) -> tuple[float, float]:
        """The heights of the page that a row shows on the finished poster."""
        top = self.cuts[row - 1] if row > 0 else 0.0
        bottom = self.cuts[row] if row < self.rows - 1 else self.page[1]
        return top, bottom

    def finished_x(self, row: int, col: int, y: float) -> tuple[float, float]:
        """The part of a height of the page that a sheet shows on the finished poster."""
        left = self.seams[row][col - 1].x_at(y) if col > 0 else 0.0
        right = self.seams[row][col].x_at(y) if col < self.cols - 1 else self.page[0]
        return left, right

    def finished(self, row: int, col: int, x: float, y: float) -> bool:
        """Whether a point of the page shows from this sheet on the finished poster."""
        top, bottom = self.finished_rows(row)
        if not top <= y <= bottom:
            return False
        left, right = self.finished_x(row, col, y)
        return left <= x <= right


def sheet_windows(sheet: str, margin: float) -> list[tuple[float, float]]:
    """The printable window of a sheet in both orientations (mm)."""
    sw, sh = SHEETS_MM[sheet]
    return [(sw - 2 * margin, sh - 2 * margin), (sh - 2 * margin, sw - 2 * margin)]


def count(length: float, window: float, overlap: float) -> int:
    """The fewest windows that cover a length with the overlap between them."""
    return max(1, math.ceil((length - overlap) / (window - overlap) - 1e-9))


def plan_grid(width: float, height: float, sheet: str, overlap: float, margin: float,
              obstacles: list[Rect]) -> Grid:
    """The grid with the fewest sheets, balanced, whose cuts cut through the least text
    (then step aside the fewest times). When every grid of the fewest sheets must cut
    through text (a page its sheets cover with no room to spare, like A1 over three rows
    of A4), a grid with one more column or row (or both) whose cuts keep off text is
    taken instead: a few more sheets to print, and no word cut in two."""
    sw, sh = SHEETS_MM[sheet]
    options = []
    for (w, h), paper in zip(sheet_windows(sheet, margin), ((sw, sh), (sh, sw)),
                             strict=True):
        if min(w, h) <= overlap + 10:
            raise TileError(f"an overlap of {overlap:g} mm and a margin of {margin:g} mm "
                            f"leave too little of a {sheet} sheet")
        options.append((count(width, w, overlap), count(height, h, overlap), paper))
    fewest = min(c * r for c, r, _ in options)
    planned = [_Planner(width, height, paper, margin, overlap, obstacles).grid(c, r)
               for c, r, paper in options if c * r == fewest]
    best = min(planned, key=lambda p: (p[1], p[2]))
    if best[1] <= 0:
        return best[0]
    roomier = {(c + dc, r + dr, paper) for c, r, paper in options
               for dc, dr in ((0, 0), (1, 0), (0, 1), (1, 1))}
    roomier -= {(c, r, paper) for c, r, paper in options if c * r == fewest}  # tried
    for sheets in sorted({c * r for c, r, _ in roomier}):
        clear = [grid for c, r, paper in roomier if c * r == sheets
                 for grid in [_Planner(width, height, paper, margin, overlap,
                                       obstacles).grid(c, r)] if grid[1] <= 0]
        if clear:
            return min(clear, key=lambda p: p[2])[0]
    return best[0]


class _Planner:
    """One orientation of the sheets: where its cuts go."""

    def __init__(self, width: float, height: float, paper: tuple[float, float],
                 margin: float, overlap: float, obstacles: list[Rect]) -> None:
        self.width, self.height, self.paper = width, height, paper
        self.margin, self.overlap, self.obstacles = margin, overlap, obstacles
        self.w, self.h = paper[0] - 2 * margin, paper[1] - 2 * margin
        self.rows: list[tuple[tuple[float, float], tuple[float, float], list[Rect]]] = []
        self.tried: dict[tuple[int, float, float, float], tuple[Seam, float]] = {}

    def grid(self, cols: int, rows: int) -> tuple[Grid, float, int]:
        """The grid of ``cols`` by ``rows`` sheets, the millimetres of text its cuts go
        through, and their steps."""
        ov = self.overlap
        ys = [(y, y + h, _weight(w, h)) for _, y, w, h in self.obstacles]
        ycuts = place_cuts(self.height, self.h, ov, rows, ys, max(0.0, ov / 2 - KEEP_MM))
        tops, row_rooms = windows(self.height, self.h, ov, ycuts)
        spans = _Costs(ys, 0.0, self.height, 0.05)
        ycuts = [row_cut(lo, hi, y, spans) for y, (lo, hi) in zip(ycuts, row_rooms,
                                                                     strict=True)]
        for row, top in enumerate(tops):
            ftop = ycuts[row - 1] if row > 0 else 0.0
            fbottom = ycuts[row] if row < len(tops) - 1 else self.height
            near = [o for o in self.obstacles if o[1] < fbottom and o[1] + o[3] > ftop]
            self.rows.append(((top, top + self.h), (ftop, fbottom), near))
        xs = [(x + REACH_MM, x + w - REACH_MM, _weight(w, h))
              for x, _, w, h in _runs(self.obstacles)]
        xcuts = self.improve(place_cuts(self.width, self.w, ov, cols, xs))
        lefts, rooms = windows(self.width, self.w, ov, xcuts)
        seams, through, steps = [], sum(spans.at(y) for y in ycuts), 0
        for row in range(len(tops)):
            cuts = []
            for nominal, room in zip(xcuts, rooms, strict=True):
                seam, cost = self.column(row, nominal, room)
                cuts.append(seam)
                through += cost
                steps += seam.steps
            seams.append(tuple(cuts))
        grid = Grid(self.paper, self.margin, ov, (self.width, self.height), tuple(lefts),
                    tuple(tops), tuple(ycuts), tuple(seams))
        return grid, through, steps

    def column(self, row: int, nominal: float,
               room: tuple[float, float]) -> tuple[Seam, float]:
        """A column cut through one row (worked out once for each place and room)."""
        key = (row, round(nominal, 2), round(room[0], 2), round(room[1], 2))
        if key not in self.tried:
            span, finished, near = self.rows[row]
            self.tried[key] = column_cut(*room, nominal, span, finished, near)
        return self.tried[key]

    def through(self, cuts: list[float], which: Iterable[int]) -> float:
        """The millimetres of obstacles some of the column cuts go through, in every
        row."""
        _, rooms = windows(self.width, self.w, self.overlap, cuts)
        return sum(self.column(row, cuts[i], rooms[i])[1]
                   for i in which for row in range(len(self.rows)))

    def improve(self, cuts: list[float]) -> list[float]:
        """Move each column cut that goes through text, one at a time, to the place in
        reach of its neighbours where the cuts go through the least (the nearest to
        even among equals); then move each cut as near to even as it can go without
        going through more. The search stays within :data:`TRIES` cuts worked out."""
        if not cuts:
            return cuts
        ends = [0.0, *cuts, self.width]
        share = (self.w / 3 if min(b - a for a, b in pairwise(ends)) >= self.w / 3 - 1e-6
                 else 0.5)
        for _ in range(3):
            costs = [self.through(cuts, [i]) for i in range(len(cuts))]
            before = list(cuts)
            for i in sorted(range(len(cuts)), key=lambda k: -costs[k]):
                if costs[i] > 0:
                    cuts = self.move(cuts, i, share, anywhere=True)
            if cuts == before:
                break
        for i in range(len(cuts)):
            cuts = self.move(cuts, i, share, anywhere=False)
        return cuts

    def move(self, cuts: list[float], i: int, share: float, anywhere: bool) -> list[float]:
        """The cuts with cut ``i`` moved to its best place in reach (``anywhere``), or
        to the place nearest to even that goes through no more than it does now."""
        length, window, ov = self.width, self.w, self.overlap
        before = cuts[i - 1] if i > 0 else 0.0
        after = cuts[i + 1] if i + 1 < len(cuts) else length
        low = max(before + share,
                  after - (window - ov if i + 1 < len(cuts) else window - ov / 2))
        high = min(after - share, before + (window - ov if i > 0 else window - ov / 2))
        near = [j for j in (i - 1, i, i + 1) if 0 <= j < len(cuts)]
        even = length * (i + 1) / (len(cuts) + 1)
        now = self.through(cuts, near)
        places = [low + k * TRY_STEP_MM for k in range(int((high - low) / TRY_STEP_MM) + 1)]
        places.sort(key=lambda p: abs(p - even))
        best = (now, abs(cuts[i] - even), cuts[i])
        for place in places:
            if len(self.tried) > TRIES or (not anywhere and abs(place - even) >= best[1]):
                break
            trial = [*cuts[:i], place, *cuts[i + 1:]]
            if self.through(trial, [i]) <= best[0]:
                best = min(best, (self.through(trial, near), abs(place - even), place))
                if not anywhere and best[2] == place:
                    break
        return [*cuts[:i], best[2], *cuts[i + 1:]]


def _runs(obstacles: list[Rect]) -> list[Rect]:
    """The obstacles with the words of each line run together wherever the gap between
    them is too narrow for a cut to pass."""
    lines: dict[tuple[int, int], list[Rect]] = {}
    for rect in obstacles:
        lines.setdefault((round(rect[1] * 2), round(rect[3] * 2)), []).append(rect)
    out: list[Rect] = []
    for line in lines.values():
        line.sort()
        x, y, w, h = line[0]
        for nx, ny, nw, nh in line[1:]:
            if nx <= x + w + STEP_MM:
                top, bottom = min(y, ny), max(y + h, ny + nh)
                x, y, w, h = x, top, max(x + w, nx + nw) - x, bottom - top
            else:
                out.append((x, y, w, h))
                x, y, w, h = nx, ny, nw, nh
        out.append((x, y, w, h))
    return out


def _weight(w: float, h: float) -> float:
    return SHAPE_WEIGHT if w > 30 and h > 6 else 1.0


class _Costs:
    """The weight of obstacles a straight cut crosses at each step along one axis."""

    def __init__(self, spans: Iterable[tuple[float, float, float]], start: float,
                 length: float, step: float) -> None:
        self.start, self.step = start, step
        n = int(length / step) + 2
        diff = [0.0] * (n + 1)
        for low, high, weight in spans:
            first = max(0, math.floor((low - start) / step) + 1)
            last = min(n - 1, math.ceil((high - start) / step) - 1)
            if first <= last:
                diff[first] += weight
                diff[last + 1] -= weight
        self.values, running = [], 0.0
        for d in diff[:n]:
            running += d
            self.values.append(running)

    def at(self, x: float) -> float:
        q = round((x - self.start) / self.step)
        return self.values[q] if 0 <= q < len(self.values) else 0.0

    def least_within(self, reach: float) -> _Costs:
        """These costs, each the least within ``reach`` of it (a cut placed anywhere
        may still move that far)."""
        k = int(reach / self.step)
        out = _Costs([], self.start, 0.0, self.step)
        window: deque[int] = deque()
        values, n = self.values, len(self.values)
        out.values = []
        for q in range(n + k):
            if q < n:
                while window and values[window[-1]] >= values[q]:
                    window.pop()
                window.append(q)
            while window and window[0] < q - 2 * k:
                window.popleft()
            if q >= k:
                out.values.append(values[window[0]])
        return out


def place_cuts(length: float, window: float, overlap: float, pieces: int,
               spans: list[tuple[float, float, float]], reach: float = 0.0) -> list[float]:
    """Where to cut a length into ``pieces`` (mm from its start): each piece fits its
    window with the overlap (half of it either side of each cut), none is under a third
    of a window when that can be, the cuts cross the fewest obstacles (counting the
    fewest within ``reach``, where a cut may still move), then lie nearest to even."""
    if pieces <= 1:
        return []
    res = max(0.5, length / 4000)
    costs = _Costs(spans, 0.0, length, res)
    if reach >= res:
        costs = costs.least_within(reach)
    for share in (window / 3, res):
        cuts = _shortest_cuts(length, window, overlap, pieces, costs, share)
        if cuts:
            return cuts
    return [length * i / pieces for i in range(1, pieces)]  # pragma: no cover - always fits


def _shortest_cuts(length: float, window: float, overlap: float, pieces: int,
                   costs: _Costs, share: float) -> list[float] | None:
    """The cheapest cuts with every piece at least ``share`` long (None if none fit)."""
    res = costs.step
    n = int(length / res)
    least = max(1, math.ceil(share / res - 1e-9))
    end_most = math.floor((window - overlap / 2) / res + 1e-9)
    step_most = math.floor((window - overlap) / res + 1e-9)
    inf = math.inf

    def cost(q: int, i: int) -> float:
        return costs.values[q] * BIG + abs(q * res - length * i / pieces)
    best = [inf] * (n + 1)
    for q in range(least, min(end_most, n) + 1):
        best[q] = cost(q, 1)
    backs: list[list[int]] = []
    for i in range(2, pieces):
        nxt, back = [inf] * (n + 1), [-1] * (n + 1)
        window_min: deque[int] = deque()
        for q in range(n + 1):
            p = q - least
            if p >= 0:
                while window_min and best[window_min[-1]] >= best[p]:
                    window_min.pop()
                window_min.append(p)
            while window_min and window_min[0] < q - step_most:
                window_min.popleft()
            if window_min and best[window_min[0]] < inf:
                nxt[q] = best[window_min[0]] + cost(q, i)
                back[q] = window_min[0]
        backs.append(back)
        best = nxt
    ends = [q for q in range(n + 1) if best[q] < inf
            and least * res - 1e-9 <= length - q * res <= end_most * res + 1e-9]
    if not ends:
        return None
    q = min(ends, key=lambda e: best[e])
    found = [q]
    for back in reversed(backs):
        q = back[q]
        found.append(q)
    return [q * res for q in reversed(found)]


def windows(length: float, window: float, overlap: float,
            cuts: list[float]) -> tuple[list[float], list[tuple[float, float]]]:
    """Where each window starts, and how far each cut may move (``(lo, hi)``: anywhere
    in the overlap that leaves :data:`KEEP_MM`, or half the overlap when it is less, on
    both sheets). A window's spare length goes half to each side (at the ends, half
    outside the poster's edge)."""
    if not cuts:
        return [(length - window) / 2], []
    half = overlap / 2
    ends = [0.0, *cuts, length]
    starts = []
    for i in range(len(ends) - 1):
        need_left = ends[i] - half if i > 0 else ends[i]
        need_right = ends[i + 1] + half if i < len(cuts) else ends[i + 1]
        extra = max(0.0, window - (need_right - need_left))
        outside = extra / 2
        if i == 0:
            starts.append(-outside)
        elif i == len(cuts):
            starts.append(length + outside - window)
        else:
            starts.append(need_left - extra / 2)
    keep = min(half, KEEP_MM)
    rooms = [(starts[i + 1] + keep, starts[i] + window - keep) for i in range(len(cuts))]
    return starts, rooms


def row_cut(lo: float, hi: float, nominal: float, costs: _Costs) -> float:
    """Where to cut between ``lo`` and ``hi``: through the fewest obstacles, then nearest
    the middle of the overlap (``nominal``)."""
    steps = int((hi - lo) / costs.step + 1e-9)
    places = [lo + i * costs.step for i in range(steps + 1)] or [nominal]
    return min(places, key=lambda y: (costs.at(y), abs(y - nominal)))


def column_cut(lo: float, hi: float, nominal: float, span: tuple[float, float],
               finished: tuple[float, float], obstacles: list[Rect]) -> tuple[Seam, float]:
    """The cut between two sheets of a row, somewhere between ``lo`` and ``hi``, down
    the whole height of their windows (``span``): straight outside the heights the row
    shows finished, and there, clear of every obstacle where it can be, stepping aside
    in the free space between them. Also the millimetres of obstacles it goes through."""
    top, bottom = span
    ftop, fbottom = finished
    if hi - lo < STEP_MM:
        return Seam(((nominal, top, bottom),)), 0.0
    step = max(STEP_MM, (hi - lo) / 400)
    xs = [lo + j * step for j in range(int((hi - lo) / step + 1e-9) + 1)]
    near = [o for o in obstacles if o[0] < hi and o[0] + o[2] > lo]
    edges = sorted({ftop, fbottom, *(min(max(y, ftop), fbottom) for o in near
                                      for y in (o[1], o[1] + o[3]))})
    bands = [(a, b) for a, b in pairwise(edges) if b - a > 1e-6]
    cost = [0.001 * abs(x - nominal) for x in xs]
    backs = []
    for a, b in bands:
        cover = [0.0] * len(xs)
        for x, y, w, h in near:
            if y < b and y + h > a:
                first = max(0, math.floor((x - lo) / step) + 1)
                last = min(len(xs) - 1, math.ceil((x + w - lo) / step) - 1)
                for j in range(first, last + 1):
                    cover[j] += 1
        cost, back = _band(cost, cover, b - a, xs)
        backs.append(back)
    j = min(range(len(xs)), key=cost.__getitem__)
    through = cost[j] // CROSS
    turns: list[tuple[float, float, float]] = []  # (y, x above, x below), bottom up
    for (a, b), back in zip(reversed(bands), reversed(backs), strict=True):
        if back[j] != j:
            turns.append(((a + b) / 2, xs[back[j]], xs[j]))
            j = back[j]
    runs, y, x = [], top, xs[j]
    for at, above, below in reversed(turns):
        runs.append((above, y, at))
        y, x = at, below
    runs.append((x, y, bottom))
    return Seam(tuple(runs)), through


def _band(cost: list[float], cover: list[float], height: float,
          xs: list[float]) -> tuple[list[float], list[int]]:
    """One band of heights: going straight through it costs what it crosses; inside a
    free stretch the cut may step aside once."""
    out = [c + k * height * CROSS for c, k in zip(cost, cover, strict=True)]
    back = list(range(len(xs)))
    j = 0
    while j < len(xs):
        if cover[j]:
            j += 1
            continue
        end = j
        while end + 1 < len(xs) and not cover[end + 1]:
            end += 1
        best = min(range(j, end + 1), key=cost.__getitem__)
        for k in range(j, end + 1):
            moved = cost[best] + 1.0 + 0.01 * abs(xs[k] - xs[best])
            if moved < out[k]:
                out[k], back[k] = moved, best
        j = end + 1
    return out, back
