"""Flowing text through regions: plan where every paragraph goes, then draw it.

:func:`fill` places flowables into a sequence of rectangular regions (columns, further
frames, continuation pages), splitting paragraphs between regions and keeping headings
with what follows. What is left over is the block's overflow, measured in lines and
millimetres so the export can say how much does not fit. :func:`carve` cuts a column
around blocks that text flows around, into the regions above, beside and below them.
"""
from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import pairwise

import msgspec
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import Paragraph

from ..model.units import pt_to_mm
from .bidi import BidiText

EPSILON = 1e-6


class Region(msgspec.Struct, frozen=True):
    """A rectangle on one page (PDF coordinates: x, y at the bottom-left, in points);
    ``column_w`` is the width of the column it was carved from (0: not carved)."""

    page: int
    x: float
    y: float
    w: float
    h: float
    column_w: float = 0.0


class Placed(msgspec.Struct):
    """A flowable and where it is drawn."""

    flowable: Flowable
    page: int
    x: float
    y: float
    size: tuple[float, float] = (0.0, 0.0)


class Checkpoint(msgspec.Struct, frozen=True):
    """Where a fill stood when one of its own flowables (not a part split off one) was
    next, or when all were placed: enough to go on from there (:func:`fill`)."""

    index: int  # that flowable's place in the list (the list's length: all were placed)
    region: int  # the region being filled, counted from 0
    area: Region  # that region as it is filled (closed up under the text above it)
    top: float  # where the next flowable would go in it
    placed_any: bool  # whether the region holds something already
    region_start: int  # how many were placed before the region
    placed: int  # how many were placed before this flowable
    last_page: int


class Filled(msgspec.Struct):
    """The outcome of filling regions: what goes where, and what is left over.

    ``signatures`` are those of the flowables it was filled with (:func:`signature`),
    ``regions`` the regions it took (as offered) and ``checkpoints`` where it stood
    before each of its own flowables: what a later fill of the same first flowables
    goes on from (:func:`fill`)."""

    placed: list[Placed] = msgspec.field(default_factory=list)
    leftover: list[Flowable] = msgspec.field(default_factory=list)
    leftover_width: float = 0.0
    last_page: int = 0
    signatures: list[object] = msgspec.field(default_factory=list)
    regions: list[Region] = msgspec.field(default_factory=list)
    checkpoints: list[Checkpoint] = msgspec.field(default_factory=list)

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


_PLAIN = (str, int, float, bool, type(None))


def signature(f: Flowable) -> object:
    """What a flowable is, as a value equal for two flowables that wrap, split and draw
    alike; None when that cannot be told (then no later fill goes on past it).

    A paragraph made by :func:`.row_cache.paragraph` carries what it was made from
    (class, markup, every style value, bullet and arguments); the plain values set on it
    since (``keepWithNext``, a field's name...) are added, and any other value set since
    makes it None. A flowable with a ``signature()`` method (a panel) gives its own."""
    own = getattr(f, "signature", None)
    if callable(own):
        return own()
    made = f.__dict__.get("_made")
    if made is None:
        return None
    sig, keys = made
    extra = []
    for name, value in f.__dict__.items():
        if name not in keys:
            if type(value) not in _PLAIN:
                return None
            extra.append((name, type(value), value))
    return (sig, tuple(extra))


UNSET = 1e7  # points (3.5 km): a height past this means "cannot be set at this width"


def made_from(f: Flowable, *values: object) -> Flowable:
    """Mark a flowable (a table, say) as made from ``values`` alone (plain values,
    tuples of them, and :func:`signature` values), for :func:`signature`; returns it."""
    f._made = ((type(f), values), frozenset(f.__dict__) | {"_made"})
    return f


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


def _fill_region(queue: deque[Flowable], region: Region, out: Filled, state: _State,
                 top: float | None = None, placed_any: bool = False) -> None:
    if top is None:
        top = region.y + region.h
    while queue:
        f = queue[0]
        state.reached(f, region, top, placed_any, out)
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
    state.done(region, top, placed_any, out)


class _State:
    """Which region a fill is in, and which of its own flowables are still to come
    (by identity: the parts split off them are not its own)."""

    def __init__(self, flowables: list[Flowable], first: int = 0) -> None:
        self.own = {id(f): n for n, f in enumerate(flowables[first:], first)}
        self.count = len(flowables)
        self.region = 0
        self.region_start = 0

    def _take(self, index: int, area: Region, top: float, placed_any: bool,
              out: Filled) -> None:
        out.checkpoints.append(Checkpoint(index, self.region, area, top, placed_any,
                                          self.region_start, len(out.placed),
                                          out.last_page))

    def reached(self, f: Flowable, area: Region, top: float, placed_any: bool,
                out: Filled) -> None:
        """A checkpoint when ``f`` (next) is one of the fill's own flowables."""
        index = self.own.pop(id(f), None)
        if index is not None:
            self._take(index, area, top, placed_any, out)

    def done(self, area: Region, top: float, placed_any: bool, out: Filled) -> None:
        """A checkpoint when every flowable is placed."""
        self._take(self.count, area, top, placed_any, out)


def fill(flowables: list[Flowable], regions: Iterable[Region],
         earlier: Filled | None = None) -> Filled:
    """Place flowables into the regions in order; keep what does not fit as leftover.

    ``regions`` must be finite: continuation pages are offered up to a cap.

    ``earlier`` is a fill made before whose placed flowables may be drawn again (one of
    this thread's, :mod:`.flow_reuse`): this fill then goes on from where that one stood
    before the first flowable that differs (by :func:`signature`; the one after the
    checkpoint must match too, as a heading is placed by what follows it), when the
    regions offered up to there are the same; what that one placed before the point is
    placed as it was. The outcome is the one a fill from the start would have
    (``tests/export/test_flow_reuse.py``)."""
    out = Filled(signatures=[signature(f) for f in flowables])
    offered = iter(regions)
    start, before = 0, None
    queue: deque[Flowable] = deque(flowables)
    state = _State(flowables)
    if earlier is not None:
        resumed = _resume(flowables, offered, earlier, out)
        if isinstance(resumed, list):  # regions differ: start again with those taken
            offered = itertools.chain(resumed, offered)
        elif resumed is not None:
            queue, state, before, start = resumed
    for n, region in enumerate(offered, start):
        if not queue:
            break
        out.regions.append(region)
        state.region, state.region_start = n, len(out.placed)
        _fill_region(queue, _closed_up(region, before, out), out, state)
        before = region if len(out.placed) > state.region_start else None
        out.leftover_width = region.column_w or region.w  # text left over needs a column
    out.leftover = list(queue)
    return out


_Resumed = tuple[deque[Flowable], _State, "Region | None", int]


def _resume(flowables: list[Flowable], offered: Iterator[Region], earlier: Filled,
            out: Filled) -> _Resumed | list[Region] | None:
    """Bring ``out`` to the last checkpoint of ``earlier`` that the new flowables and
    regions allow, and fill on in its region: the queue, state, region filled before and
    number of the next region. None when no checkpoint is usable; the regions taken
    from ``offered`` when they differ from the earlier fill's."""
    same = 0
    for new, old in zip(out.signatures, earlier.signatures, strict=False):
        if new is None or new != old:
            break
        same += 1
    whole = same == len(flowables) == len(earlier.signatures)
    usable = [c for c in earlier.checkpoints
              if 0 < c.index < same or (whole and c.index == same)]
    if not usable:
        return None
    point = usable[-1]
    taken: list[Region] = []
    for region in earlier.regions[:point.region + 1]:
        new_region = next(offered, None)
        if new_region is not None:
            taken.append(new_region)
        if new_region != region:
            return taken
    out.regions = list(taken)
    out.placed = earlier.placed[:point.placed]
    out.last_page = point.last_page
    out.leftover_width = taken[-1].column_w or taken[-1].w
    out.checkpoints = [c for c in earlier.checkpoints if c.index < point.index]
    state = _State(flowables, point.index)
    state.region, state.region_start = point.region, point.region_start
    queue: deque[Flowable] = deque(flowables[point.index:])
    _fill_region(queue, point.area, out, state, point.top, point.placed_any)
    before = taken[-1] if len(out.placed) > point.region_start else None
    return queue, state, before, point.region + 1
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
