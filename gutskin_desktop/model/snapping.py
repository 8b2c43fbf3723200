"""Snapping a moving or resizing rectangle to guides, in millimetres, without Qt.

Guides are vertical (x) and horizontal (y) lines: the margins, the page's centre lines,
the grid, and the edges and centres of other blocks. A rectangle's left, centre and
right (top, middle and bottom) snap to the nearest guide within the threshold.
"""
from __future__ import annotations

from dataclasses import dataclass

from .layout import Layout

THRESHOLD_MM = 2.0
GRID_MM = 5.0


@dataclass(frozen=True)
class Snap:
    """The corrected position and the guide lines to show (x and y values in mm)."""

    dx: float
    dy: float
    x_guides: tuple[float, ...]
    y_guides: tuple[float, ...]


def guides(layout: Layout, exclude: set[str]) -> tuple[list[float], list[float]]:
    """Vertical and horizontal guides: margins, the page's edges and centre, other blocks."""
    w, h = layout.page.size_mm()
    m = layout.page.margins_mm
    xs = [m.left, w - m.right, w / 2, 0.0, w]
    ys = [m.top, h - m.bottom, h / 2, 0.0, h]
    for block in layout.blocks:
        if block.id in exclude:
            continue
        xs += [block.x_mm, block.x_mm + block.w_mm / 2, block.x_mm + block.w_mm]
        ys += [block.y_mm, block.y_mm + block.h_mm / 2, block.y_mm + block.h_mm]
    return xs, ys


def _grid(points: list[float], grid_mm: float, threshold: float) -> tuple[float, list[float]]:
    if grid_mm <= 0:
        return 0.0, []
    lines = sorted({round(p / grid_mm) * grid_mm for p in points})
    return _best(points, lines, threshold)


def _best(points: list[float], lines: list[float], threshold: float) -> tuple[float, list[float]]:
    best: float | None = None
    for p in points:
        for line in lines:
            d = line - p
            if abs(d) <= threshold and (best is None or abs(d) < abs(best) - 1e-9):
                best = d
    if best is None:
        return 0.0, []
    hits = sorted({line for p in points for line in lines if abs(p + best - line) < 1e-6})
    return best, hits


def snap_rect(rect: tuple[float, float, float, float], xs: list[float], ys: list[float],
              threshold: float = THRESHOLD_MM, edges: str = "lrtbc",
              grid_mm: float = GRID_MM) -> Snap:
    """Snap a rectangle's edges (and centre, for moves) to the nearest guides.

    ``edges`` names which edges may snap: l, r, t, b and c for the centre lines. Guides
    (margins, centre, other blocks) win over the grid, which is tried only when no guide
    is within the threshold on that axis.
    """
    x, y, w, h = rect
    px = [v for k, v in (("l", x), ("c", x + w / 2), ("r", x + w)) if k in edges]
    py = [v for k, v in (("t", y), ("c", y + h / 2), ("b", y + h)) if k in edges]
    dx, gx = _best(px, xs, threshold)
    if not gx:
        dx, gx = _grid(px, grid_mm, threshold)
    dy, gy = _best(py, ys, threshold)
    if not gy:
        dy, gy = _grid(py, grid_mm, threshold)
    return Snap(dx, dy, tuple(gx), tuple(gy))
