"""Flowing text through regions: plan where every paragraph goes, then draw it.

:func:`fill` places flowables into a sequence of rectangular regions (columns, further
frames, continuation pages), splitting paragraphs between regions and keeping headings
with what follows. What is left over is the block's overflow, measured in lines and
millimetres so the export can say how much does not fit. :func:`carve` cuts a column
around blocks that text flows around, into the regions above, beside and below them.
"""
from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from reportlab.platypus import Flowable, Paragraph

from ..model.units import pt_to_mm
from .bidi import BidiText

EPSILON = 1e-6


@dataclass(frozen=True)
class Region:
    """A rectangle on one page (PDF coordinates: x, y at the bottom-left, in points);
    ``column_w`` is the width of the column it was carved from (0: not carved)."""

    page: int
    x: float
    y: float
    w: float
    h: float
    column_w: float = 0.0


@dataclass
class Placed:
    """A flowable and where it is drawn."""

    flowable: Flowable
    page: int
    x: float
    y: float
    size: tuple[float, float] = (0.0, 0.0)


@dataclass
class Filled:
    """The outcome of filling regions: what goes where, and what is left over."""

    placed: list[Placed] = field(default_factory=list)
    leftover: list[Flowable] = field(default_factory=list)
    leftover_width: float = 0.0
    last_page: int = 0

    def overflow(self) -> tuple[int, float]:
        """Lines and millimetres of text that did not fit. A flowable that cannot be set
        at the width at all (a table wider than the column, say) counts as one line of no
        height."""
        lines, height = 0, 0.0
        for f in self.leftover:
            h = _height(f, self.leftover_width)
            if h is None:
                lines += 1
                continue
            height += h + f.getSpaceBefore()
            lines += len(f.blPara.lines) if isinstance(f, Paragraph) else 1
        return lines, pt_to_mm(height)


UNSET = 1e7  # points (3.5 km): a height past this means "cannot be set at this width"


def _height(f: Flowable, width: float) -> float | None:
    """The height of a flowable wrapped to ``width``, or None where it cannot be set."""
    try:
        _, h = f.wrap(width, 1e9)
    except (ValueError, ArithmeticError):
        return None
    return h if 0 <= h < UNSET else None


def _fits_with_next(queue: deque[Flowable], width: float, room: float) -> bool:
    """Whether some of the flowable after a keep-with-next one fits in ``room``."""
    if len(queue) < 2:
        return True
    nxt = queue[1]
    room -= nxt.getSpaceBefore()
    try:
        _, h = nxt.wrap(width, room)
        return h <= room + EPSILON or bool(nxt.split(width, room))
    except (ValueError, ArithmeticError):
        return False


def _fill_region(queue: deque[Flowable], region: Region, out: Filled) -> None:
    top, placed_any = region.y + region.h, False
    while queue:
        f = queue[0]
        before = f.getSpaceBefore() if placed_any else 0.0
        room = top - before - region.y
        try:
            _, h = f.wrap(region.w, room)
        except (ValueError, ArithmeticError):
            return  # it cannot be set this narrow: left over unless a later region takes it
        if not 0 <= h < UNSET:
            return  # nor can this (reportlab's answer for a width under a hair)
        if h <= room + EPSILON:
            if getattr(f, "keepWithNext", False) and placed_any and not _fits_with_next(
                    queue, region.w, room - h - f.getSpaceAfter()):
                return
            out.placed.append(Placed(f, region.page, region.x, top - before - h,
                                     (region.w, h)))
            top -= before + h + f.getSpaceAfter()
            out.last_page = max(out.last_page, region.page)
            queue.popleft()
            placed_any = True
            continue
        if getattr(f, "keep_whole", False) and placed_any and h <= region.h:
            return  # a panel that fits a whole region starts the next one instead
        try:
            parts = f.split(region.w, room) if room > 0 else []
        except (ValueError, ArithmeticError):
            parts = []
        if not parts or parts[0] is f:
            return
        queue.popleft()
        queue.extendleft(reversed(parts))


def fill(flowables: list[Flowable], regions: Iterable[Region]) -> Filled:
    """Place flowables into the regions in order; keep what does not fit as leftover.

    ``regions`` must be finite: continuation pages are offered up to a cap.
    """
    queue: deque[Flowable] = deque(flowables)
    out = Filled()
    before: Region | None = None
    for region in regions:
        if not queue:
            break
        placed = len(out.placed)
        _fill_region(queue, _closed_up(region, before, out), out)
        before = region if len(out.placed) > placed else None
        out.leftover_width = region.column_w or region.w  # text left over needs a column
    out.leftover = list(queue)
    return out


def _closed_up(region: Region, before: Region | None, out: Filled) -> Region:
    """A carved region straight under the carved one filled before it, and no wider,
    starts where the text above it ended (so a paragraph going on beside a block it
    flows around keeps its line spacing); any other region is as it is."""
    if (before is None or not (region.column_w and before.column_w)
            or region.page != before.page
            or abs(region.y + region.h - before.y) > EPSILON
            or region.x < before.x - EPSILON
            or region.x + region.w > before.x + before.w + EPSILON):
        return region
    end = out.placed[-1].y
    return Region(region.page, region.x, region.y, region.w, end - region.y, region.column_w)


Box = tuple[float, float, float, float]  # left, bottom, right, top (points)


def carve(region: Region, around: Iterable[tuple[float, float, float, float]],
          standoff: float, narrowest: float) -> list[Region]:
    """The parts of a region that text may fill, top to bottom, when it flows around
    the rectangles ``around`` (x, y, width, height), keeping ``standoff`` from them: the
    region is cut into bands at each rectangle's top and bottom; a band a rectangle
    reaches into keeps its widest free stretch beside it when that is at least
    ``narrowest`` wide (else text skips the band); bands with the same stretch one under
    the other join into one region."""
    left, right = region.x, region.x + region.w
    bottom, top = region.y, region.y + region.h
    boxes: list[Box] = []
    for x, y, w, h in around:
        box = (max(x - standoff, left), max(y - standoff, bottom),
               min(x + w + standoff, right), min(y + h + standoff, top))
        if box[2] - box[0] > EPSILON and box[3] - box[1] > EPSILON:
            boxes.append(box)
    if not boxes:
        return [region]
    cuts = sorted({top, bottom, *(b[1] for b in boxes), *(b[3] for b in boxes)},
                  reverse=True)
    out: list[Region] = []
    for high, low in pairwise(cuts):
        inside = [b for b in boxes if b[1] < high - EPSILON and b[3] > low + EPSILON]
        stretch = _widest_free(left, right, inside)
        if stretch is None or (inside and stretch[1] - stretch[0] < narrowest):
            continue
        x, x_end = stretch
        last = out[-1] if out else None
        if (last is not None and abs(last.y - high) < EPSILON and abs(last.x - x) < EPSILON
                and abs(last.w - (x_end - x)) < EPSILON):
            out[-1] = Region(region.page, x, low, last.w, last.y + last.h - low, region.w)
        else:
            out.append(Region(region.page, x, low, x_end - x, high - low, region.w))
    return out


def _widest_free(left: float, right: float, boxes: list[Box]) -> tuple[float, float] | None:
    """The widest stretch of ``left``..``right`` that no box covers (the first of equals,
    so text keeps to the left when it can); None when they cover it all."""
    best: tuple[float, float] | None = None
    start = left
    for box in sorted(boxes):
        if box[0] > start + EPSILON and (best is None or box[0] - start > best[1] - best[0]):
            best = (start, box[0])
        start = max(start, box[2])
    if right > start + EPSILON and (best is None or right - start > best[1] - best[0]):
        best = (start, right)
    return best


EM = 0.55  # the shared family's average letter width, in ems (Vera runs wide)
BIDI_SHARE = 12  # right-to-left text costs a character per 12 letters of each line it grows
BIDI_LINES = 4  # and each of its lines costs four (it is reordered word by word)


def text_load(flowables: Iterable[Flowable], width: float) -> tuple[int, int, int]:
    """About how many characters, lines and paragraphs these flowables set at ``width``
    points, worked out from their text and type size without laying anything out: what
    the export's text budgets are counted in. A line holds at least one letter."""
    chars = lines = items = 0
    for f in flowables:
        parts = getattr(f, "parts", None)
        if parts:  # a panel: its parts, inside its padding
            c, n, k = text_load(parts, width - 2 * getattr(f, "pad", 0.0))
            chars, lines, items = chars + c, lines + n, items + k
            continue
        items += 1
        rows = getattr(f, "_cellvalues", None)
        if rows is not None:  # a table: a line a row, its cells' text
            chars += sum(len(str(getattr(c, "text", c) or "")) for row in rows for c in row)
            lines += len(rows)
            continue
        text = getattr(f, "text", None)
        if not isinstance(text, str):
            text = f"{getattr(f, 'label', '')} {getattr(f, 'value', '')}".strip()
        style = getattr(f, "style", None) or getattr(f, "pstyle", None)
        size = getattr(style, "fontSize", 10.0)
        indent = getattr(style, "leftIndent", 0.0) + getattr(style, "rightIndent", 0.0)
        room = max(width - indent, 0.01)
        n = len(text)
        per_line = max(1.0, room / (EM * size))
        count = max(1, min(n, math.ceil(n / per_line)))
        if isinstance(f, BidiText):  # measured again for every word it adds to a line
            n += int(n * min(n, per_line) / BIDI_SHARE)
            count *= BIDI_LINES
        chars += n
        lines += count
    return chars, lines, items
