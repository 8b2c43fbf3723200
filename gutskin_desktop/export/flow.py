"""Flowing text through regions: plan where every paragraph goes, then draw it.

:func:`fill` places flowables into a sequence of rectangular regions (columns, further
frames, continuation pages), splitting paragraphs between regions and keeping headings
with what follows. What is left over is the block's overflow, measured in lines and
millimetres so the export can say how much does not fit.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from reportlab.platypus import Flowable, Paragraph

from ..model.units import pt_to_mm

EPSILON = 1e-6


@dataclass(frozen=True)
class Region:
    """A rectangle on one page (PDF coordinates: x, y at the bottom-left, in points)."""

    page: int
    x: float
    y: float
    w: float
    h: float


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
        """Lines and millimetres of text that did not fit."""
        lines, height = 0, 0.0
        for f in self.leftover:
            _, h = f.wrap(self.leftover_width, 1e9)
            height += h + f.getSpaceBefore()
            lines += len(f.blPara.lines) if isinstance(f, Paragraph) else 1
        return lines, pt_to_mm(height)


def _fits_with_next(queue: deque[Flowable], width: float, room: float) -> bool:
    """Whether some of the flowable after a keep-with-next one fits in ``room``."""
    if len(queue) < 2:
        return True
    nxt = queue[1]
    room -= nxt.getSpaceBefore()
    _, h = nxt.wrap(width, room)
    return h <= room + EPSILON or bool(nxt.split(width, room))


def _fill_region(queue: deque[Flowable], region: Region, out: Filled) -> None:
    top, placed_any = region.y + region.h, False
    while queue:
        f = queue[0]
        before = f.getSpaceBefore() if placed_any else 0.0
        room = top - before - region.y
        _, h = f.wrap(region.w, room)
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
        parts = f.split(region.w, room) if room > 0 else []
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
    for region in regions:
        if not queue:
            break
        _fill_region(queue, region, out)
        out.leftover_width = region.w
    out.leftover = list(queue)
    return out
