"""One geometry for the diagram: node boxes, edge curves, arrowheads and label anchors.

Everything is computed here, in points with y growing downwards, from the diagram data and
the shared font's metrics. The Qt scene and the PDF renderer only draw what this module
returns, so the screen and the page agree.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from typing import NamedTuple

import msgspec

from . import theme
from .diagram import Diagram, Edge, Node
from .fonts import ascent_descent, text_width

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x, y, width, height

PAD_X = {"hub": 22.0, "mechanism": 14.0, "note": 12.0}
PAD_Y = {"hub": 14.0, "mechanism": 10.0, "note": 9.0}
MIN_W = {"hub": 128.0, "mechanism": 112.0, "note": 112.0}
MAX_LINE = {"hub": 220.0, "mechanism": 150.0, "note": 150.0}
LINE_GAP = 1.25
GAP = 4.0
ARROW_LENGTH = 10.0
ARROW_HALF_WIDTH = 4.5
ARROW_REACH = ARROW_LENGTH + ARROW_HALF_WIDTH + 3  # how far an arrowhead can stick out
LABEL_PAD_X = 5.0
LABEL_PAD_Y = 2.5
AUTO_BEND = 0.14
MARGIN = 24.0
ROUTE_LIMIT = 0.8  # the most a routed curve's control points bow out, times its length
ROUTE_CLEAR = 6.0  # how far a routed curve keeps from boxes it does not join
ROUTE_STEPS = 24
LABEL_SPOTS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74)


class Look(NamedTuple):
    """Type sizes and line weights the geometry is computed for, in points.

    The screen uses :data:`SCREEN`; a printed diagram gets sizes chosen for its page, and
    every box measure (padding, least width, line length, corner) follows its type size.
    """

    label_size: dict[str, float]
    edge_label_size: float
    arrow_length: float = 10.0
    arrow_half_width: float = 4.5
    gap: float = 4.0
    padding: float = 1.0
    min_width: float = 1.0
    line_length: float = 1.0

    def factor(self, kind: str) -> float:
        """How much larger than on screen a kind's box measures are."""
        return self.label_size[kind] / theme.LABEL_SIZE[kind]


SCREEN = Look(theme.LABEL_SIZE, theme.EDGE_LABEL_SIZE)


class Badge(NamedTuple):
    """A numbered disc inside a box: its centre, radius and the number."""

    cx: float
    cy: float
    radius: float
    text: str
    size: float


class Picture(NamedTuple):
    """A pictogram inside a box: its name and the square it fills (top-left, side)."""

    name: str
    x: float
    y: float
    size: float


PICTURE_SIZE = 1.7  # a box's pictogram is this many times its label's type size


class TextLine(NamedTuple):
    """One line of a label: its text, the left end of its baseline and its width."""

    text: str
    x: float
    baseline: float
    width: float


class NodeGeometry(NamedTuple):
    """A node's box (top-left, size, corner radius) and its label lines."""

    id: str
    kind: str
    rect: Rect
    radius: float
    font_size: float
    face: str
    lines: tuple[TextLine, ...]
    badge: Badge | None = None
    picture: Picture | None = None

    @property
    def center(self) -> Point:
        x, y, w, h = self.rect
        return x + w / 2, y + h / 2


class EdgeGeometry(NamedTuple):
    """An edge's cubic curve, its arrowheads and its label box."""

    key: str
    source: str
    target: str
    curve: tuple[Point, Point, Point, Point]
    head: tuple[Point, Point, Point]
    tail: tuple[Point, Point, Point] | None
    label: tuple[TextLine, ...]
    label_rect: Rect | None
    label_size: float = theme.EDGE_LABEL_SIZE


class DiagramGeometry(msgspec.Struct, frozen=True):
    """All node and edge geometry, and the rectangle that holds it all."""

    nodes: dict[str, NodeGeometry]
    edges: tuple[EdgeGeometry, ...]
    bounds: Rect


def _measured_lines(text: str, size: float, face: str,
                    max_width: float) -> list[tuple[str, float]]:
    """Break a label into lines no wider than ``max_width`` where words allow, each with
    its width."""
    lines: list[tuple[str, float]] = []
    for word in text.split():
        if lines:
            trial = f"{lines[-1][0]} {word}"
            width = text_width(trial, size, face)
            if width <= max_width:
                lines[-1] = (trial, width)
                continue
        lines.append((word, text_width(word, size, face)))
    return lines or [(text, text_width(text, size, face))]


def wrap(text: str, size: float, face: str, max_width: float) -> list[str]:
    """Break a label into lines no wider than ``max_width`` where words allow."""
    return [line for line, _ in _measured_lines(text, size, face, max_width)]


def text_block(lines: list[str], cx: float, top: float, size: float,
               face: str) -> tuple[TextLine, ...]:
    """Centre lines of text on ``cx``, the first line's ascent starting at ``top``."""
    return _placed([(line, text_width(line, size, face)) for line in lines], cx, top,
                   size, face)


def _placed(lines: list[tuple[str, float]], cx: float, top: float, size: float,
            face: str) -> tuple[TextLine, ...]:
    ascent, _ = ascent_descent(size, face)
    step = size * LINE_GAP
    return tuple(TextLine(line, cx - width / 2, top + ascent + i * step, width)
                 for i, (line, width) in enumerate(lines))


def node_geometry(node: Node, look: Look = SCREEN, label: str | None = None,
                  number: str = "", pictogram: bool = True) -> NodeGeometry:
    """The box and label of one node, centred on its position; ``label`` replaces the
    node's own words, ``number`` puts a numbered disc before them, and the node's
    pictogram (unless ``pictogram`` is off) comes between the two."""
    kind = node.kind
    size, face = look.label_size[kind], theme.LABEL_FACE[kind]
    k = 1.0 if look is SCREEN else look.factor(kind)
    lines = _measured_lines(node.label if label is None else label, size, face,
                            MAX_LINE[kind] * k * look.line_length)
    ascent, descent = ascent_descent(size, face)
    text_h = (len(lines) - 1) * size * LINE_GAP + ascent - descent
    widest = max(width for _, width in lines)
    disc = size * 1.6 if number else 0.0
    icon = size * PICTURE_SIZE if pictogram and node.pictogram else 0.0
    lead = disc + size * 0.45 if number else 0.0
    room = lead + (icon + size * 0.45 if icon else 0.0)
    pad = k * look.padding
    w = max(MIN_W[kind] * k * look.min_width, widest + room + 2 * PAD_X[kind] * pad)
    h = max(text_h, disc, icon) + 2 * PAD_Y[kind] * pad
    x, y = node.x - w / 2, node.y - h / 2
    radius = h / 2 if kind == "hub" else 9.0 * k
    text_x = node.x + room / 2
    start = text_x - widest / 2 - room
    badge = picture = None
    if number:
        badge = Badge(start + disc / 2, node.y, disc / 2, number, size)
    if icon and node.pictogram:
        picture = Picture(node.pictogram, start + lead, node.y - icon / 2, icon)
    return NodeGeometry(node.id, kind, (x, y, w, h), radius, size, face,
                        _placed(lines, text_x, node.y - text_h / 2, size, face), badge,
                        picture)


def _lerp(a: Point, b: Point, t: float) -> Point:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def bezier_point(curve: tuple[Point, Point, Point, Point], t: float) -> Point:
    """A point on a cubic curve."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    u = 1.0 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def split_curve(curve: tuple[Point, Point, Point, Point], t0: float,
                t1: float) -> tuple[Point, Point, Point, Point]:
    """The part of a cubic curve between parameters t0 and t1."""
    p0, p1, p2, p3 = curve

    def right(c: tuple[Point, Point, Point, Point], t: float) -> tuple[Point, Point, Point, Point]:
        a, b, d = _lerp(c[0], c[1], t), _lerp(c[1], c[2], t), _lerp(c[2], c[3], t)
        e, f = _lerp(a, b, t), _lerp(b, d, t)
        return _lerp(e, f, t), f, d, c[3]

    def left(c: tuple[Point, Point, Point, Point], t: float) -> tuple[Point, Point, Point, Point]:
        a, b, d = _lerp(c[0], c[1], t), _lerp(c[1], c[2], t), _lerp(c[2], c[3], t)
        e, f = _lerp(a, b, t), _lerp(b, d, t)
        return c[0], a, e, _lerp(e, f, t)

    tail = right((p0, p1, p2, p3), t0)
    return left(tail, (t1 - t0) / (1 - t0) if t0 < 1 else 0.0)


def _inside(rect: Rect, p: Point, grow: float) -> bool:
    x, y, w, h = rect
    return x - grow <= p[0] <= x + w + grow and y - grow <= p[1] <= y + h + grow


def _exit_parameter(curve: tuple[Point, Point, Point, Point], rect: Rect,
                    leaving: bool, gap: float = GAP) -> float:
    """Bisect for where the curve crosses the (grown) rectangle's edge."""
    lo, hi = (0.0, 1.0)
    for _ in range(24):
        mid = (lo + hi) / 2
        inside = _inside(rect, bezier_point(curve, mid), gap)
        if inside == leaving:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _arrow(tip: Point, towards: Point, look: Look = SCREEN) -> tuple[Point, Point, Point]:
    dx, dy = tip[0] - towards[0], tip[1] - towards[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    half = look.arrow_half_width
    bx, by = tip[0] - ux * look.arrow_length, tip[1] - uy * look.arrow_length
    return ((tip[0], tip[1]), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half))


def _trim_for_arrow(curve: tuple[Point, Point, Point, Point], at_end: bool,
                    look: Look = SCREEN) -> tuple[tuple[Point, Point, Point, Point], Point]:
    """Shorten the curve by an arrow's length at one end; return it and the tip."""
    tip = curve[3] if at_end else curve[0]
    lo, hi = (0.0, 1.0)
    for _ in range(22):
        mid = (lo + hi) / 2
        p = bezier_point(curve, mid)
        near = math.hypot(p[0] - tip[0], p[1] - tip[1]) < look.arrow_length * 0.8
        if near == at_end:
            hi = mid
        else:
            lo = mid
    t = (lo + hi) / 2
    return (split_curve(curve, 0.0, t) if at_end else split_curve(curve, t, 1.0)), tip


def edge_curve(a: Point, b: Point, bend: float,
               bend2: float | None = None) -> tuple[Point, Point, Point, Point]:
    """A cubic from a to b, bowed sideways by ``bend`` times the distance (``bend2``, when
    given, bows the second control point on its own: an S when the signs differ)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    second = bend if bend2 is None else bend2
    return (a, (a[0] + dx / 3 - dy * bend, a[1] + dy / 3 + dx * bend),
            (a[0] + 2 * dx / 3 - dy * second, a[1] + 2 * dy / 3 + dx * second), b)


def _route_bends(bend: float) -> list[tuple[float, float]]:
    """The bows a routed edge may take, calmest first: its own, then single bows growing
    away from it, then gentle S-curves."""
    steps = [0.15, 0.3, 0.45, 0.6, 0.8]
    bows = sorted({round(bend + d, 3) for s in steps for d in (s, -s)} | {0.0},
                  key=lambda b: (abs(b - bend), -b))
    out = [(bend, bend)] + [(b, b) for b in bows if abs(b) <= max(ROUTE_LIMIT, abs(bend))]
    out += [(b1, b2) for b1 in (0.3, -0.3, 0.6, -0.6) for b2 in (0.3, -0.3, 0.6, -0.6)
            if b1 != b2]
    return out


def route_area(source: NodeGeometry, target: NodeGeometry, bend: float) -> Rect:
    """A box sure to hold any curve :func:`routed_curve` may give between two boxes: the
    hull of every routed curve's control points."""
    (ax, ay), (bx, by) = source.center, target.center
    dx, dy = bx - ax, by - ay
    reach = max(ROUTE_LIMIT, abs(bend))
    xs = [ax, bx, ax + dx / 3 - dy * reach, ax + dx / 3 + dy * reach,
          ax + 2 * dx / 3 - dy * reach, ax + 2 * dx / 3 + dy * reach]
    ys = [ay, by, ay + dy / 3 + dx * reach, ay + dy / 3 - dx * reach,
          ay + 2 * dy / 3 + dx * reach, ay + 2 * dy / 3 - dx * reach]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _segment_meets(p: Point, q: Point, rect: Rect) -> bool:
    """Whether the segment pq meets the rectangle (Liang-Barsky clipping)."""
    x, y, w, h = rect
    lo, hi = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for d, near, far in ((dx, x - p[0], x + w - p[0]), (dy, y - p[1], y + h - p[1])):
        if abs(d) < 1e-12:
            if near > 0 or far < 0:
                return False
            continue
        t0, t1 = sorted((near / d, far / d))
        lo, hi = max(lo, t0), min(hi, t1)
        if lo > hi:
            return False
    return True


def _grown(rect: Rect, by: float) -> Rect:
    return rect[0] - by, rect[1] - by, rect[2] + 2 * by, rect[3] + 2 * by


def _hits(curve: tuple[Point, Point, Point, Point], boxes: Sequence[Rect],
          ends: tuple[Rect, Rect]) -> int:
    """How many boxes the part of a full curve outside its two end boxes meets."""
    points = [bezier_point(curve, i / ROUTE_STEPS) for i in range(ROUTE_STEPS + 1)]
    points = [p for p in points if not _inside(ends[0], p, 0) and not _inside(ends[1], p, 0)]
    count = 0
    for box in boxes:
        if any(_segment_meets(p, q, box) for p, q in pairwise(points)):
            count += 1
    return count


def reroute(source: NodeGeometry, target: NodeGeometry, bend: float,
            obstacles: Sequence[Rect]) -> tuple[Point, Point, Point, Point] | None:
    """The full curve between two box centres when the one ``bend`` makes meets one of
    the ``obstacles`` (other boxes): the calmest bow or gentle S that keeps clear of them
    (or, where none can, the one that meets fewest). None when ``bend``'s curve is clear."""
    a, b = source.center, target.center
    area = _grown(route_area(source, target, bend), ROUTE_CLEAR)
    boxes = [_grown(r, ROUTE_CLEAR) for r in obstacles if _overlap(r, area)]
    if not boxes:
        return None
    ends = (source.rect, target.rect)
    fewest = _hits(edge_curve(a, b, bend), boxes, ends)
    best = None
    for b1, b2 in _route_bends(bend)[1:]:
        if not fewest:
            break
        curve = edge_curve(a, b, b1, b2)
        hits = _hits(curve, boxes, ends)
        if hits < fewest:
            best, fewest = curve, hits
    return best


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] <= b[0] + b[2] and b[0] <= a[0] + a[2] and a[1] <= b[1] + b[3] \
        and b[1] <= a[1] + a[3]


def _rect_exit(center: Point, rect: Rect, direction: Point, gap: float = GAP) -> float:
    """How far along ``direction`` (from the box's centre) the grown box ends."""
    half_w, half_h = rect[2] / 2 + gap, rect[3] / 2 + gap
    dx, dy = abs(direction[0]) or 1e-12, abs(direction[1]) or 1e-12
    return min(half_w / dx, half_h / dy)


def _straight(edge: Edge, source: NodeGeometry, target: NodeGeometry,
              look: Look = SCREEN) -> tuple[tuple[Point, Point, Point, Point], Point,
                                            Point | None]:
    """A straight edge's curve (trimmed for its arrowheads) and arrow tips, solved
    exactly rather than by bisection."""
    (ax, ay), (bx, by) = source.center, target.center
    length = math.hypot(bx - ax, by - ay) or 1e-9
    ux, uy = (bx - ax) / length, (by - ay) / length
    start = min(_rect_exit(source.center, source.rect, (ux, uy), look.gap), length / 2)
    end = length - min(_rect_exit(target.center, target.rect, (ux, uy), look.gap),
                       length / 2)
    end = max(end, start + 1e-6)
    head_tip = (ax + ux * end, ay + uy * end)
    tail_tip = (ax + ux * start, ay + uy * start) if edge.two_way else None
    trim = look.arrow_length * 0.8
    a = start + (trim if edge.two_way else 0.0)
    b = max(end - trim, a + 1e-6)
    p0, p3 = (ax + ux * a, ay + uy * a), (ax + ux * b, ay + uy * b)
    curve = (p0, _lerp(p0, p3, 1 / 3), _lerp(p0, p3, 2 / 3), p3)
    return curve, head_tip, tail_tip


def edge_geometry(edge: Edge, source: NodeGeometry, target: NodeGeometry, bend: float,
                  look: Look = SCREEN, label: str | None = None,
                  full: tuple[Point, Point, Point, Point] | None = None,
                  obstacles: Sequence[Rect] = ()) -> EdgeGeometry:
    """The visible curve between two boxes, its arrowheads and its label (``label``
    replaces the edge's own words). ``full``, the whole curve from centre to centre,
    stands in for the one ``bend`` would make (a diagram fitted to a page maps it).
    ``obstacles``, the other boxes (those far away may be left out), are kept clear of:
    the curve is routed round them and the label set beside them."""
    text = edge.label if label is None else label
    if full is None and obstacles:
        full = reroute(source, target, bend, obstacles)
    spots = [source.rect, target.rect, *obstacles] if obstacles else []
    if not bend and full is None:
        curve, head_tip, tail_tip = _straight(edge, source, target, look)
        first = tail_tip or curve[0]
        visible = (first, _lerp(first, head_tip, 1 / 3), _lerp(first, head_tip, 2 / 3),
                   head_tip)
        head = _arrow(head_tip, curve[3], look)
        tail = _arrow(tail_tip, curve[0], look) if tail_tip else None
        return _with_label(edge, curve, head, tail, visible, text, look, spots)
    full = full or edge_curve(source.center, target.center, bend)
    t0 = _exit_parameter(full, source.rect, leaving=True, gap=look.gap)
    t1 = _exit_parameter(full, target.rect, leaving=False, gap=look.gap)
    curve = split_curve(full, t0, max(t1, t0 + 1e-6))
    visible = curve
    curve, head_tip = _trim_for_arrow(curve, at_end=True, look=look)
    head = _arrow(head_tip, curve[3], look)
    tail = None
    if edge.two_way:
        curve, tail_tip = _trim_for_arrow(curve, at_end=False, look=look)
        tail = _arrow(tail_tip, curve[0], look)
    return _with_label(edge, curve, head, tail, visible, text, look, spots)


def edge_between(edge: Edge, start: Point, end: Point, look: Look = SCREEN,
                 label: str | None = None) -> EdgeGeometry:
    """A straight edge whose arrow tips are ``start`` and ``end`` (a two-way edge has a
    head at each), with its label at the middle."""
    text = edge.label if label is None else label
    length = math.hypot(end[0] - start[0], end[1] - start[1]) or 1e-9
    ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    trim = min(look.arrow_length * 0.8, length / 3)
    a = (start[0] + ux * trim, start[1] + uy * trim) if edge.two_way else start
    b = (end[0] - ux * trim, end[1] - uy * trim)
    curve = (a, _lerp(a, b, 1 / 3), _lerp(a, b, 2 / 3), b)
    visible = (start, _lerp(start, end, 1 / 3), _lerp(start, end, 2 / 3), end)
    head = _arrow(end, b, look)
    tail = _arrow(start, a, look) if edge.two_way else None
    return _with_label(edge, curve, head, tail, visible, text, look)


def clip_towards(box: NodeGeometry, point: Point, gap: float) -> Point:
    """Where the line from a box's centre towards ``point`` leaves the (grown) box."""
    cx, cy = box.center
    length = math.hypot(point[0] - cx, point[1] - cy) or 1e-9
    ux, uy = (point[0] - cx) / length, (point[1] - cy) / length
    reach = min(_rect_exit(box.center, box.rect, (ux, uy), gap), length)
    return cx + ux * reach, cy + uy * reach


def _with_label(edge: Edge, curve: tuple[Point, Point, Point, Point],
                head: tuple[Point, Point, Point], tail: tuple[Point, Point, Point] | None,
                visible: tuple[Point, Point, Point, Point], text: str,
                look: Look, boxes: Sequence[Rect] = ()) -> EdgeGeometry:
    label: tuple[TextLine, ...] = ()
    label_rect = None
    if text:
        for t in LABEL_SPOTS if boxes else LABEL_SPOTS[:1]:  # the middle, or beside boxes
            label, label_rect = label_at(text, bezier_point(visible, t), look)
            if not any(_overlap(label_rect, box) for box in boxes):
                break
        else:
            label, label_rect = label_at(text, bezier_point(visible, 0.5), look)
    return EdgeGeometry(edge.key, edge.source, edge.target, curve, head, tail, label,
                        label_rect, look.edge_label_size)


def label_at(text: str, centre: Point, look: Look = SCREEN) -> tuple[tuple[TextLine, ...],
                                                                        Rect]:
    """An edge label's line and its pill, centred on a point."""
    size = look.edge_label_size
    ascent, descent = ascent_descent(size)
    width = text_width(text, size)
    text_h = ascent - descent
    pad_x, pad_y = _label_pad(look)
    line = text_block([text], centre[0], centre[1] - text_h / 2, size, "regular")
    return line, (centre[0] - width / 2 - pad_x, centre[1] - text_h / 2 - pad_y,
                  width + 2 * pad_x, text_h + 2 * pad_y)


def _label_pad(look: Look) -> tuple[float, float]:
    """The padding of an edge label's pill, growing with its type."""
    k = look.edge_label_size / theme.EDGE_LABEL_SIZE
    return LABEL_PAD_X * k, LABEL_PAD_Y * k


def _union(rects: list[Rect]) -> Rect:
    left = min(r[0] for r in rects)
    top = min(r[1] for r in rects)
    right = max(r[0] + r[2] for r in rects)
    bottom = max(r[1] + r[3] for r in rects)
    return left, top, right - left, bottom - top


def _curve_rect(curve: tuple[Point, ...]) -> Rect:
    xs, ys = [p[0] for p in curve], [p[1] for p in curve]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def edge_bends(diagram: Diagram, keyed: dict[str, Edge] | None = None) -> dict[str, float]:
    """Each edge's bend: its own, or a small one when an opposite edge would overlap it.
    ``keyed`` (the edges by key, when the caller has them) saves making the keys again."""
    keyed = keyed if keyed is not None else {e.key: e for e in diagram.edges}
    pairs = {(e.source, e.target) for e in keyed.values()}
    return {key: e.bend or (AUTO_BEND if (e.target, e.source) in pairs else 0.0)
            for key, e in keyed.items()}


def bounds_of(nodes: dict[str, NodeGeometry], edges: Sequence[EdgeGeometry]) -> Rect:
    """The rectangle holding every box, curve and label, with a margin."""
    rects = [g.rect for g in nodes.values()]
    rects += [_curve_rect(e.curve) for e in edges]
    rects += [e.label_rect for e in edges if e.label_rect]
    x, y, w, h = _union(rects)
    return (x - MARGIN, y - MARGIN, w + 2 * MARGIN, h + 2 * MARGIN)


def _label_half(label: str) -> tuple[float, float]:
    """Half the width and height of an edge label's pill."""
    ascent, descent = ascent_descent(theme.EDGE_LABEL_SIZE)
    return (text_width(label, theme.EDGE_LABEL_SIZE) / 2 + LABEL_PAD_X,
            (ascent - descent) / 2 + LABEL_PAD_Y)


def edge_reach(edge: Edge, source: NodeGeometry, target: NodeGeometry,
               bend: float) -> Rect:
    """A box sure to hold an edge's curve, arrowheads and label, found without solving
    the edge: the hull of its full curve's control points, grown by the label's half
    size and an arrowhead's size (a short edge's arrowhead can reach past its ends)."""
    x, y, w, h = route_area(source, target, bend)
    grow_x = grow_y = ARROW_REACH
    if edge.label:
        half_w, half_h = _label_half(edge.label)
        grow_x, grow_y = max(grow_x, half_w + 3), max(grow_y, half_h + 3)
    return x - grow_x, y - grow_y, w + 2 * grow_x, h + 2 * grow_y


def label_growth(diagram: Diagram) -> tuple[float, float]:
    """Half the width and height of the widest edge label's pill (0 without labels)."""
    grow_x = grow_y = 0.0
    for label in {e.label for e in diagram.edges if e.label}:
        half_w, half_h = _label_half(label)
        grow_x, grow_y = max(grow_x, half_w), max(grow_y, half_h)
    return grow_x, grow_y


def edge_reaches(diagram: Diagram, nodes: dict[str, NodeGeometry],
                 bends: dict[str, float], edges: Sequence[Edge] | None = None,
                 growth: tuple[float, float] | None = None) -> dict[str, Rect]:
    """Every edge's reach (see :func:`edge_reach`) in one pass, or those of ``edges``;
    straight edges are grown alike, by the widest label (``growth``, from
    :func:`label_growth`), which is quicker and still sure to hold them."""
    label_x, label_y = growth or label_growth(diagram)
    grow_x = max(label_x + 3, ARROW_REACH)
    grow_y = max(label_y + 3, ARROW_REACH)
    if edges is None:
        edges = diagram.edges
        centres = {n.id: (n.x, n.y) for n in diagram.nodes}
    else:
        centres = {k: nodes[k].center for e in edges for k in (e.source, e.target)}
    out: dict[str, Rect] = {}
    for e in edges:
        key = e.key
        if bends[key]:
            out[key] = edge_reach(e, nodes[e.source], nodes[e.target], bends[key])
            continue
        (ax, ay), (bx, by) = centres[e.source], centres[e.target]
        dx, dy = abs(bx - ax), abs(by - ay)  # a routed edge bows out by up to this much
        gx, gy = grow_x + dy * ROUTE_LIMIT, grow_y + dx * ROUTE_LIMIT
        out[key] = (min(ax, bx) - gx, min(ay, by) - gy, dx + 2 * gx, dy + 2 * gy)
    return out


def rough_bounds(diagram: Diagram, nodes: dict[str, NodeGeometry],
                 bends: dict[str, float]) -> Rect:
    """A rectangle sure to hold the whole diagram, found without solving every edge
    (for diagrams too big to lay out at once): the node boxes, the reach of curved
    edges, the room a straight edge may bow into when routed round a box, and a
    straight edge's label pill, which sits on its curve, allowed for by growing the
    margin."""
    rects = [g.rect for g in nodes.values()]
    rects += [edge_reach(e, nodes[e.source], nodes[e.target], bends[e.key])
              for e in diagram.edges if bends[e.key]]
    centres = {n.id: (n.x, n.y) for n in diagram.nodes}
    for e in diagram.edges:
        (ax, ay), (bx, by) = centres[e.source], centres[e.target]
        gx, gy = abs(by - ay) * ROUTE_LIMIT, abs(bx - ax) * ROUTE_LIMIT
        rects.append((min(ax, bx) - gx, min(ay, by) - gy, abs(bx - ax) + 2 * gx,
                      abs(by - ay) + 2 * gy))
    grow_x, grow_y = label_growth(diagram)
    x, y, w, h = _union(rects)
    mx, my = MARGIN + grow_x, MARGIN + grow_y
    return (x - mx, y - my, w + 2 * mx, h + 2 * my)


def others(nodes: dict[str, NodeGeometry], edge: Edge) -> list[Rect]:
    """The boxes an edge does not join: what it keeps clear of."""
    return [g.rect for k, g in nodes.items() if k not in (edge.source, edge.target)]


def solve_diagram(diagram: Diagram) -> DiagramGeometry:
    """Compute the whole diagram's geometry."""
    nodes = {n.id: node_geometry(n) for n in diagram.nodes}
    bends = edge_bends(diagram)
    edges = [edge_geometry(e, nodes[e.source], nodes[e.target], bends[e.key],
                           obstacles=others(nodes, e))
             for e in diagram.edges]
    return DiagramGeometry(nodes, tuple(edges), bounds_of(nodes, edges))


