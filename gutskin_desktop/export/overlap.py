"""Blocks that cover other blocks' text: found from rectangles alone, after planning.

A block lies over the blocks before it in the layout's order (the designer's Bring
Forward and Send Backward change that order). Where a block's rectangle (its box, its
further frames, the text it flowed onto a page) covers the text of a block behind it
(the placed text of a flowing block, the text box of a block that draws its text, a
diagram's boxes and caption), the text is overprinted or hidden, and the export says
so, naming both blocks. Touches thinner than :data:`LEAST_MM` are let be. Text that
flows around a block (its ``wrap``) is never covered by it: sections and key points
keep clear of it, so the pair is not checked; and a flowing block behind such a block
covers it only where its text goes. A block behind text with none of its own there (a
coloured panel under the key points) is no problem.
"""
from __future__ import annotations

from collections.abc import Callable

import msgspec

from ..model.units import mm_to_pt, pt_to_mm

Rect = tuple[float, float, float, float]  # x, y at the bottom-left, width, height (points)
LEAST_MM = 1.0  # an overlap thinner than this either way is a touch, not a cover


class Overlap(msgspec.Struct, frozen=True):
    """A block (``block``) covering the text of a block behind it (``other``) on a page,
    over an area ``w_mm`` by ``h_mm``."""

    block: str
    other: str
    page: int
    w_mm: float
    h_mm: float

    def __str__(self) -> str:
        return (f"block '{self.block}' covers the text of block '{self.other}' on page "
                f"{self.page} ({self.w_mm:.0f} x {self.h_mm:.0f} mm)")


class OnPage(msgspec.Struct):
    """What one block puts on one page: where it lies, and (asked only when something
    lies over it) where its text is."""

    block: str
    order: int  # its place in the layout's drawing order
    area: list[Rect]
    text: Callable[[], list[Rect]]
    bounds: Rect | None  # a rectangle its text lies within (None: it sets none here)
    wraps: bool = False  # text flows around it
    flows: bool = False  # its text flows around blocks that ask for it (sections, summary)
    placed: list[Rect] = msgspec.field(default_factory=list)  # the text it flowed onto the page


def meet(a: Rect, b: Rect, least: float = 0.0) -> Rect | None:
    """Where two rectangles overlap, when that is at least ``least`` both ways."""
    x, y = max(a[0], b[0]), max(a[1], b[1])
    w = min(a[0] + a[2], b[0] + b[2]) - x
    h = min(a[1] + a[3], b[1] + b[3]) - y
    return (x, y, w, h) if w >= least and h >= least and w > 0 and h > 0 else None


def bounding(rects: list[Rect]) -> Rect | None:
    """The smallest rectangle holding them all (None for none)."""
    if not rects:
        return None
    left = min(r[0] for r in rects)
    bottom = min(r[1] for r in rects)
    right = max(r[0] + r[2] for r in rects)
    top = max(r[1] + r[3] for r in rects)
    return left, bottom, right - left, top - bottom


def page_overlaps(page: int, items: list[OnPage]) -> list[Overlap]:
    """Each block on a page covering the text of one behind it, once a pair."""
    least = mm_to_pt(LEAST_MM)
    out: list[Overlap] = []
    for front in items:
        for back in items:
            if back.order >= front.order or back.bounds is None:
                continue
            if front.wraps and back.flows:
                continue  # the text flows around it
            area = front.placed if back.wraps and front.flows else front.area
            if not any(meet(a, back.bounds, least) for a in area):
                continue
            hits = [hit for a in area for t in back.text() if (hit := meet(a, t, least))]
            found = bounding(hits)
            if found is not None:
                out.append(Overlap(front.block, back.block, page, pt_to_mm(found[2]),
                                   pt_to_mm(found[3])))
    return out
