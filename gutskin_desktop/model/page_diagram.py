"""The diagram laid out again for a block on a page, with type set in points for paper.

The screen's geometry is not scaled down: the boxes are measured from their text at the
page's own type sizes (:class:`geometry.Look`), then the box centres are spread to fill
the block's width and height (a separate stretch across and down), and each curved
arrow's whole curve is mapped the same way, so an arrow that bows round a box on screen
still bows round it on paper. Only when the boxes cannot fit the block at the asked
sizes is the type made smaller, step by step, and the export's type floor then names it.

A note joined to nothing is left off the page, and so is a note that would make the type
smaller than asked (a note is an aside; the boxes it joins stay); boxes can carry the number of the
section they open, and labels can be the diagram's plain words for patients. Boxes show
their node's pictogram, unless the pictograms would make the type smaller than without.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import msgspec

from . import fit_cache, theme
from .diagram import Diagram, Node
from .geometry import (
    Badge,
    DiagramGeometry,
    EdgeGeometry,
    Look,
    NodeGeometry,
    Picture,
    Point,
    Rect,
    TextLine,
    bezier_point,
    clip_towards,
    edge_bends,
    edge_between,
    edge_curve,
    edge_geometry,
    label_at,
    node_geometry,
)

CURVE_SAMPLES = 20
MAX_FITTED = 300  # beyond this many boxes a page cannot hold legible labels anyway
SHRINK = 0.92
ROUNDS = 12
LINE_LENGTHS = (1.0, 0.55)


class PageLook(NamedTuple):
    """Sizes a diagram block asks for, in points on the page."""

    label: float
    hub: float
    edge_label: float

    def look(self, scale: float = 1.0, line_length: float = 1.0) -> Look:
        """The geometry's look at these sizes (times ``scale``), labels wrapped at
        ``line_length`` times their usual measure."""
        label, hub, edge = self.label * scale, self.hub * scale, self.edge_label * scale
        arrow = max(5.0, label * 0.7)
        return Look({"hub": hub, "mechanism": label, "note": label}, edge,
                    arrow_length=arrow, arrow_half_width=arrow * 0.42, gap=label * 0.3,
                    padding=0.75, min_width=0.55, line_length=line_length)

    @property
    def line_width(self) -> float:
        """Arrows' line weight: at least 0.75 pt, heavier with larger type."""
        return max(0.75, round(self.label * 0.1, 2))


class PageDiagram(msgspec.Struct, frozen=True):
    """A diagram laid out in a block: geometry in points from the block's top-left
    corner, and how far the type had to shrink to fit (1.0: not at all)."""

    geometry: DiagramGeometry
    shrink: float
    hidden: frozenset[str]


def shown_nodes(diagram: Diagram) -> list[Node]:
    """The boxes a page shows: all but notes that no arrow joins."""
    joined = {e.source for e in diagram.edges} | {e.target for e in diagram.edges}
    return [n for n in diagram.nodes if n.kind != "note" or n.id in joined]


def _moved(g: NodeGeometry, dx: float, dy: float) -> NodeGeometry:
    x, y, w, h = g.rect
    lines = tuple(TextLine(t.text, t.x + dx, t.baseline + dy, t.width) for t in g.lines)
    badge = g.badge and Badge(g.badge.cx + dx, g.badge.cy + dy, *g.badge[2:])
    picture = g.picture and Picture(g.picture.name, g.picture.x + dx, g.picture.y + dy,
                                    g.picture.size)
    return g._replace(rect=(x + dx, y + dy, w, h), lines=lines, badge=badge,
                      picture=picture)


def _towards(a: Point, b: Point, t: float) -> Point:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def _same_widths(shapes: dict[str, NodeGeometry]) -> dict[str, NodeGeometry]:
    """The boxes that are not hubs made as wide as the widest of them (centred where they
    were), so a column of them lines up and arrows reach their sides cleanly."""
    boxes = [g for g in shapes.values() if g.kind != "hub"]
    if not boxes:
        return shapes
    widest = max(g.rect[2] for g in boxes)
    out = dict(shapes)
    for g in boxes:
        x, y, w, h = g.rect
        out[g.id] = g._replace(rect=(x - (widest - w) / 2, y, widest, h))
    return out


def _extent(nodes: dict[str, NodeGeometry], edges: list[EdgeGeometry]) -> Rect:
    """The rectangle the drawing covers: boxes, labels, arrowheads and the curves
    themselves (sampled; their control points reach further than the ink)."""
    rects = [g.rect for g in nodes.values()] + [e.label_rect for e in edges if e.label_rect]
    points = [bezier_point(e.curve, i / CURVE_SAMPLES) for e in edges
              for i in range(CURVE_SAMPLES + 1)]
    points += [p for e in edges for p in (*e.head, *(e.tail or ()))]
    xs = [r[0] for r in rects] + [p[0] for p in points]
    ys = [r[1] for r in rects] + [p[1] for p in points]
    right = max([r[0] + r[2] for r in rects] + [p[0] for p in points])
    bottom = max([r[1] + r[3] for r in rects] + [p[1] for p in points])
    return min(xs), min(ys), right - min(xs), bottom - min(ys)


def _overlaps(a: Rect, b: Rect, gap: float) -> bool:
    return (a[0] < b[0] + b[2] + gap and b[0] < a[0] + a[2] + gap
            and a[1] < b[1] + b[3] + gap and b[1] < a[1] + a[3] + gap)


def _crowded(geometry: DiagramGeometry, look: Look) -> bool:
    """Whether two boxes an arrow joins come too close for it (two arrowheads' length),
    any two boxes touch, an arrow's label covers a box, or an arrow runs behind a box it
    does not join."""
    joined = {frozenset((e.source, e.target)) for e in geometry.edges}
    boxes = list(geometry.nodes.values())
    labels = [e.label_rect for e in geometry.edges if e.label_rect]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            room = (look.arrow_length * 2 if frozenset((a.id, b.id)) in joined
                    else look.gap * 2)
            if _overlaps(a.rect, b.rect, room):
                return True
        if any(_overlaps(a.rect, r, -0.5) for r in labels):
            return True
    return any(_behind(edge, geometry) for edge in geometry.edges)


def _behind(edge: EdgeGeometry, geometry: DiagramGeometry) -> bool:
    """Whether an arrow passes under a box other than its own two ends."""
    others = [g.rect for k, g in geometry.nodes.items() if k not in (edge.source, edge.target)]
    points = [bezier_point(edge.curve, i / CURVE_SAMPLES) for i in range(CURVE_SAMPLES + 1)]
    return any(r[0] < p[0] < r[0] + r[2] and r[1] < p[1] < r[1] + r[3]
               for p in points for r in others)


LABEL_PLACES = (0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75)


def _clear_labels(nodes: dict[str, NodeGeometry], edges: list[EdgeGeometry],
                  look: Look) -> list[EdgeGeometry]:
    """Move each arrow's label along its curve, from the middle outwards, to the first
    place where it covers no box and no label placed before it."""
    boxes = [g.rect for g in nodes.values()]
    taken: list[Rect] = []
    out = []
    for e in edges:
        if e.label_rect:
            text, placed = e.label[0].text, e.label_rect
            for t in LABEL_PLACES:
                lines, rect = label_at(text, bezier_point(e.curve, t), look)
                if not any(_overlaps(rect, r, look.gap / 2) for r in boxes + taken):
                    e, placed = e._replace(label=lines, label_rect=rect), rect
                    break
            taken.append(placed)
        out.append(e)
    return out


class _Fitter:
    """Builds the page geometry for given stretches across and down."""

    def __init__(self, diagram: Diagram, look: Look, version: str,
                 numbers: dict[str, str], edge_labels: bool, pictograms: bool) -> None:
        self.nodes = shown_nodes(diagram)
        ids = {n.id for n in self.nodes}
        self.edges = [e for e in diagram.edges if e.source in ids and e.target in ids]
        self.bends = edge_bends(diagram)
        self.look, self.version, self.edge_labels = look, version, edge_labels
        self.shapes = _same_widths({n.id: node_geometry(n, look, n.words(version),
                                                        numbers.get(n.id, ""), pictograms)
                                    for n in self.nodes})
        self.kinds = {n.id: n.kind for n in self.nodes}
        self.centres = {n.id: (n.x, n.y) for n in self.nodes}
        xs = [n.x for n in self.nodes]
        ys = [n.y for n in self.nodes]
        self.x0, self.y0 = min(xs), min(ys)
        self.span = (max(xs) - self.x0, max(ys) - self.y0)

    def build(self, sx: float, sy: float) -> DiagramGeometry:
        def map_point(p: Point) -> Point:
            return (p[0] - self.x0) * sx, (p[1] - self.y0) * sy

        nodes = {}
        for node in self.nodes:
            x, y = map_point((node.x, node.y))
            nodes[node.id] = _moved(self.shapes[node.id], x - node.x, y - node.y)
        edges = []
        for e in self.edges:
            bend = self.bends[e.key]
            full: tuple[Point, Point, Point, Point] | None = None
            if bend:
                p0, p1, p2, p3 = edge_curve(self.centres[e.source], self.centres[e.target], bend)
                full = (map_point(p0), map_point(p1), map_point(p2), map_point(p3))
            label = e.words(self.version) if self.edge_labels else ""
            ports = None if bend else self.ports(nodes[e.source], nodes[e.target])
            if ports:
                edges.append(edge_between(e, *ports, self.look, label))
                continue
            corner = self.corner(nodes[e.source], nodes[e.target], full)
            if corner:
                edges.append(edge_geometry(e, nodes[e.source], nodes[e.target], 1.0,
                                           self.look, label, corner))
                continue
            edges.append(edge_geometry(e, nodes[e.source], nodes[e.target], bend, self.look,
                                       label, full))
        edges = _clear_labels(nodes, edges, self.look)
        return DiagramGeometry(nodes, tuple(edges), _extent(nodes, edges))

    def ports(self, a: NodeGeometry, b: NodeGeometry) -> tuple[Point, Point] | None:
        """Where a straight arrow between a hub and a box beside it starts and ends: at
        the middle of the box's side that faces the hub, so arrows fanning out from a hub
        to a column of boxes reach each box without passing behind its neighbours."""
        if (a.kind == "hub") == (b.kind == "hub"):
            return None
        hub, box = (a, b) if a.kind == "hub" else (b, a)
        hx, _, hw, _ = hub.rect
        bx, by, bw, bh = box.rect
        gap = self.look.gap
        if bx >= hx + hw:
            port = (bx - gap, by + bh / 2)
        elif bx + bw <= hx:
            port = (bx + bw + gap, by + bh / 2)
        else:
            return None
        end = clip_towards(hub, port, gap)
        return (end, port) if hub is a else (port, end)

    def corner(self, a: NodeGeometry, b: NodeGeometry,
               full: tuple[Point, ...] | None) -> tuple[Point, Point, Point, Point] | None:
        """A curve between two hubs that keeps clear of the boxes between them: round the
        corner, out of the upper hub's side and into the lower hub's top, when they are
        neither level nor above one another (the brain and the gut); from bottom to
        bottom (or top to top), as deep as its bow, when they are level and it bows."""
        if a.kind != "hub" or b.kind != "hub":
            return None
        (ax, ay, aw, ah), (bx, by, bw, bh) = a.rect, b.rect
        level = ay < by + bh and by < ay + ah
        if level and full is not None and not (ax < bx + bw and bx < ax + aw):
            return self.under(a, b, full)
        if (ax < bx + bw and bx < ax + aw) or level:
            return None
        upper, lower = (a, b) if ay < by else (b, a)
        ux, uy, uw, uh = upper.rect
        lx, ly, lw, _ = lower.rect
        gap = self.look.gap
        side = ux - gap if lx + lw / 2 < ux else ux + uw + gap
        start, end = (side, uy + uh / 2), (lx + lw / 2, ly - gap)
        knee = (end[0], start[1])
        curve = (start, _towards(start, knee, 0.7), _towards(end, knee, 0.7), end)
        return curve if upper is a else (curve[3], curve[2], curve[1], curve[0])

    def under(self, a: NodeGeometry, b: NodeGeometry,
              full: tuple[Point, ...]) -> tuple[Point, Point, Point, Point]:
        """A bowed curve between level hubs, leaving and entering on the side it bows to."""
        gap = self.look.gap
        below = full[1][1] > a.center[1]
        ends = []
        for g in (a, b):
            x, y, w, h = g.rect
            ends.append((x + w / 2, y + h + gap if below else y - gap))
        (sx, sy), (ex, ey) = ends
        return ((sx, sy), (sx, full[1][1]), (ex, full[2][1]), (ex, ey))

    def stretch(self, width: float, height: float) -> tuple[float, float] | None:
        """Stretches that make the drawing fill ``width`` by ``height`` (None: the boxes
        alone are wider or taller than the block)."""
        span_x, span_y = self.span
        sx = width / span_x if span_x else 0.0
        sy = height / span_y if span_y else 0.0
        for step in range(ROUNDS):
            _, _, w, h = self.build(sx, sy).bounds
            if step and w <= width + 0.5 and h <= height + 0.5 and (
                    w >= width - 1.0 or not span_x) and (h >= height - 1.0 or not span_y):
                return sx, sy
            fixed_w, fixed_h = w - sx * span_x, h - sy * span_y
            nx = (width - fixed_w) / span_x if span_x else 0.0
            ny = (height - fixed_h) / span_y if span_y else 0.0
            if (span_x and nx <= 0) or (span_y and ny <= 0):
                return None
            # half steps: a curve's bow grows with the stretch across it, so full steps
            # can swing to and fro
            sx, sy = (sx + nx) / 2 if step else nx, (sy + ny) / 2 if step else ny
        _, _, w, h = self.build(sx, sy).bounds
        if w > width + 0.5 or h > height + 0.5:
            over = max(w / width, h / height)
            return sx / over, sy / over
        return sx, sy


def _placed(geometry: DiagramGeometry, width: float, height: float) -> DiagramGeometry:
    """The geometry moved so its drawing is centred in the block."""
    x, y, w, h = geometry.bounds
    dx, dy = (width - w) / 2 - x, (height - h) / 2 - y
    nodes = {k: _moved(g, dx, dy) for k, g in geometry.nodes.items()}

    def shift(points: tuple[Point, ...]) -> Any:  # the same shape of tuple it was given
        return tuple((p[0] + dx, p[1] + dy) for p in points)

    edges = tuple(e._replace(
        curve=shift(e.curve), head=shift(e.head), tail=e.tail and shift(e.tail),
        label=tuple(t._replace(x=t.x + dx, baseline=t.baseline + dy) for t in e.label),
        label_rect=e.label_rect and (e.label_rect[0] + dx, e.label_rect[1] + dy,
                                     *e.label_rect[2:]))
        for e in geometry.edges)
    return DiagramGeometry(nodes, edges, (0.0, 0.0, width, height))


_FITTED: dict[tuple[Any, ...], tuple[Diagram, PageDiagram | None]] = {}
CACHED = 32


def fit_to_block(diagram: Diagram, width: float, height: float, sizes: PageLook, *,
                 version: str = "patient", numbers: dict[str, str] | None = None,
                 edge_labels: bool = False, pictograms: bool = True) -> PageDiagram | None:
    """Lay the diagram out in a ``width`` by ``height`` block (points) at ``sizes``.

    Returns None for a diagram too big to lay out legibly on a page (the caller then
    scales the screen's geometry down, and the type floor reports it). The last few
    layouts are kept: a batch or a preview asks for the same one again and again."""
    key = (id(diagram), round(width, 3), round(height, 3), sizes, version,
           tuple(sorted((numbers or {}).items())), edge_labels, pictograms)
    kept = _FITTED.get(key)
    if kept is not None and kept[0] is diagram:
        return kept[1]
    result = _kept_fit(diagram, width, height, sizes, version, numbers or {}, edge_labels,
                       pictograms)
    if len(_FITTED) >= CACHED:
        _FITTED.pop(next(iter(_FITTED)))
    _FITTED[key] = (diagram, result)
    return result


def _kept_fit(diagram: Diagram, width: float, height: float, sizes: PageLook,
              version: str, numbers: dict[str, str], edge_labels: bool,
              pictograms: bool) -> PageDiagram | None:
    """:func:`_fit`, or what an earlier command-line run made of the very same inputs
    (:mod:`.fit_cache`, for the command line's jobs only)."""
    if not fit_cache.enabled:
        return _fit(diagram, width, height, sizes, version, numbers, edge_labels, pictograms)
    digest = fit_cache.key(diagram, width, height, sizes, version, numbers, edge_labels,
                           pictograms)
    found, parts = fit_cache.get(digest)
    if found:
        return PageDiagram(*parts) if parts is not None else None
    result = _fit(diagram, width, height, sizes, version, numbers, edge_labels, pictograms)
    fit_cache.put(digest, (result.geometry, result.shrink, result.hidden)
                  if result is not None else None)
    return result


def _fit(diagram: Diagram, width: float, height: float, sizes: PageLook, version: str,
         numbers: dict[str, str], edge_labels: bool,
         pictograms: bool) -> PageDiagram | None:
    """The diagram fitted, with its pictograms when asked, unless they would make the
    type smaller than without them (a pictogram is an aid; the words come first)."""
    fitted = _fit_notes(diagram, width, height, sizes, version, numbers, edge_labels,
                        pictograms)
    if not pictograms or fitted is None or fitted.shrink == 1.0 or not any(
            n.pictogram for n in diagram.nodes):
        return fitted
    plain = _fit_notes(diagram, width, height, sizes, version, numbers, edge_labels, False)
    return plain if plain is not None and plain.shrink > fitted.shrink else fitted


def _fit_notes(diagram: Diagram, width: float, height: float, sizes: PageLook,
               version: str, numbers: dict[str, str], edge_labels: bool,
               pictograms: bool) -> PageDiagram | None:
    fitted = _fit_shown(diagram, width, height, sizes, version, numbers, edge_labels,
                        pictograms)
    notes = {n.id for n in diagram.nodes if n.kind == "note"}
    if fitted is None or fitted.shrink == 1.0 or not notes - fitted.hidden:
        return fitted
    bare = diagram.model_copy(update={"edges": [
        e for e in diagram.edges if e.source not in notes and e.target not in notes]})
    lean = _fit_shown(bare, width, height, sizes, version, numbers, edge_labels, pictograms)
    return lean if lean is not None and lean.shrink > fitted.shrink else fitted


def _fit_shown(diagram: Diagram, width: float, height: float, sizes: PageLook,
               version: str, numbers: dict[str, str],
               edge_labels: bool, pictograms: bool) -> PageDiagram | None:
    if len(diagram.nodes) > MAX_FITTED or width <= 0 or height <= 0:
        return None
    shrink = 1.0
    while True:
        for line_length in LINE_LENGTHS:  # long labels on two lines before smaller type
            look = sizes.look(shrink, line_length)
            fitter = _Fitter(diagram, look, version, numbers, edge_labels, pictograms)
            stretch = fitter.stretch(width, height)
            if stretch is None:
                continue
            geometry = fitter.build(*stretch)
            if not _crowded(geometry, look) or shrink < 0.3:
                hidden = frozenset(n.id for n in diagram.nodes) - set(geometry.nodes)
                return PageDiagram(_placed(geometry, width, height), shrink, hidden)
        if shrink < 0.3:
            return None
        shrink *= SHRINK


def print_colour(colour: str, background: str = "#ffffff", ratio: float = 3.0) -> str:
    """``colour`` darkened, if need be, until it has ``ratio`` contrast with the page."""
    shade = colour
    step = 0.0
    while theme.contrast(shade, background) < ratio and step < 1.0:
        step += 0.05
        shade = theme.shade(colour, step)
    return shade
