"""The diagram's geometry: boxes fit their labels, curves and arrows meet the boxes, labels sit."""
from __future__ import annotations

import math
import random
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.diagram import Diagram, Node
from gutskin_desktop.model.fonts import ascent_descent, text_width
from gutskin_desktop.model.geometry import (
    PAD_X,
    DiagramGeometry,
    EdgeGeometry,
    Point,
    Rect,
    bezier_point,
    edge_bends,
    edge_reaches,
    node_geometry,
    rough_bounds,
    solve_diagram,
)
from gutskin_desktop.model.paths import CONTENT_FILE, DIAGRAM_FILE

NEAR = 8.0  # how far outside a box an edge may start or end, in points
LABEL_TOLERANCE = 10.0


@pytest.fixture(scope="module")
def diagram() -> Diagram:
    return load_bundle(CONTENT_FILE, DIAGRAM_FILE).diagram


@pytest.fixture(scope="module")
def geometry(diagram: Diagram) -> DiagramGeometry:
    return solve_diagram(diagram)


def outside_by(rect: Rect, p: Point) -> float:
    """Distance from the point to the rectangle; negative (minus the depth) when inside."""
    x, y, w, h = rect
    dx = max(x - p[0], 0.0, p[0] - (x + w))
    dy = max(y - p[1], 0.0, p[1] - (y + h))
    if dx or dy:
        return math.hypot(dx, dy)
    return -min(p[0] - x, x + w - p[0], p[1] - y, y + h - p[1])


def contains(outer: Rect, inner: Rect, slack: float = 1e-6) -> bool:
    ox, oy, ow, oh = outer
    ix, iy, iw, ih = inner
    return (ox - slack <= ix and oy - slack <= iy
            and ix + iw <= ox + ow + slack and iy + ih <= oy + oh + slack)


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def edge_ids(geometry: DiagramGeometry) -> list[str]:
    return [e.key for e in geometry.edges]


def test_every_node_and_edge_has_geometry(diagram: Diagram, geometry: DiagramGeometry) -> None:
    assert set(geometry.nodes) == {n.id for n in diagram.nodes}
    assert edge_ids(geometry) == [e.key for e in diagram.edges]


def test_boxes_are_centred_on_the_node_positions(diagram: Diagram,
                                                 geometry: DiagramGeometry) -> None:
    for node in diagram.nodes:
        cx, cy = geometry.nodes[node.id].center
        assert (cx, cy) == pytest.approx((node.x, node.y))


def test_boxes_are_wider_than_their_label_lines(geometry: DiagramGeometry) -> None:
    for node in geometry.nodes.values():
        _, _, w, _ = node.rect
        assert node.lines, node.id
        for line in node.lines:
            measured = text_width(line.text, node.font_size, node.face)
            assert line.width == pytest.approx(measured)
            assert w >= measured + 2 * PAD_X[node.kind] - 1e-6, (node.id, line.text)


def test_label_lines_lie_inside_their_boxes(geometry: DiagramGeometry) -> None:
    for node in geometry.nodes.values():
        x, y, w, h = node.rect
        ascent, descent = ascent_descent(node.font_size, node.face)
        for line in node.lines:
            assert x < line.x and line.x + line.width < x + w, (node.id, line.text)
            top, bottom = line.baseline - ascent, line.baseline - descent
            assert y < top and bottom < y + h, (node.id, line.text)


def test_label_lines_keep_every_word(diagram: Diagram, geometry: DiagramGeometry) -> None:
    for node in diagram.nodes:
        words = " ".join(line.text for line in geometry.nodes[node.id].lines).split()
        assert words == node.label.split()


def test_boxes_do_not_overlap(geometry: DiagramGeometry) -> None:
    boxes = list(geometry.nodes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            ax, ay, aw, ah = a.rect
            bx, by, bw, bh = b.rect
            apart = ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
            assert apart, (a.id, b.id)


def visible_start(edge: EdgeGeometry) -> Point:
    """Where the drawn edge begins: the tail arrow's tip, or the curve's start."""
    return edge.tail[0] if edge.tail else edge.curve[0]


def test_edges_start_just_outside_the_source_box(geometry: DiagramGeometry) -> None:
    for edge in geometry.edges:
        rect = geometry.nodes[edge.source].rect
        gap = outside_by(rect, visible_start(edge))
        assert 0.0 < gap <= NEAR, (edge.key, gap)
        if edge.tail is None:
            assert visible_start(edge) == edge.curve[0]
        else:  # the curve itself stops where the tail arrow's base begins
            assert 0.0 < outside_by(rect, edge.curve[0]) <= NEAR + 10.0, edge.key


def test_arrow_tips_end_just_outside_the_target_box(geometry: DiagramGeometry) -> None:
    for edge in geometry.edges:
        rect = geometry.nodes[edge.target].rect
        gap = outside_by(rect, edge.head[0])
        assert 0.0 < gap <= NEAR, (edge.key, gap)
        # The curve stops short of the tip, so the line does not poke through the arrow.
        assert outside_by(rect, edge.curve[3]) > gap, edge.key


def test_arrowheads_point_along_the_curve(geometry: DiagramGeometry) -> None:
    for edge in geometry.edges:
        tip, left, right = edge.head
        base = ((left[0] + right[0]) / 2, (left[1] + right[1]) / 2)
        assert distance(tip, base) == pytest.approx(10.0, abs=0.01), edge.key
        assert distance(base, edge.curve[3]) < 3.0, edge.key
        assert distance(left, right) > 4.0, edge.key


def test_two_way_edges_have_a_tail_arrow(diagram: Diagram, geometry: DiagramGeometry) -> None:
    by_key = {e.key: e for e in geometry.edges}
    two_way = [e.key for e in diagram.edges if e.two_way]
    one_way = [e.key for e in diagram.edges if not e.two_way]
    assert two_way and one_way
    for key in two_way:
        tail = by_key[key].tail
        assert tail is not None, key
        assert distance(tail[0], by_key[key].head[0]) > 50.0, key
    for key in one_way:
        assert by_key[key].tail is None, key


def test_labels_sit_on_the_curve_near_its_middle(diagram: Diagram,
                                                 geometry: DiagramGeometry) -> None:
    labelled = {e.key for e in diagram.edges if e.label}
    assert labelled
    for edge in geometry.edges:
        if edge.key not in labelled:
            assert edge.label_rect is None and edge.label == ()
            continue
        assert edge.label_rect is not None, edge.key
        x, y, w, h = edge.label_rect
        centre = (x + w / 2, y + h / 2)
        assert distance(centre, bezier_point(edge.curve, 0.5)) <= LABEL_TOLERANCE, edge.key
        assert [line.text for line in edge.label] == [diagram_label(diagram, edge.key)]
        line = edge.label[0]
        assert x < line.x and line.x + line.width < x + w, edge.key


def diagram_label(diagram: Diagram, key: str) -> str:
    return next(e.label for e in diagram.edges if e.key == key)


def test_bounds_hold_every_node_curve_and_label(geometry: DiagramGeometry) -> None:
    for node in geometry.nodes.values():
        assert contains(geometry.bounds, node.rect), node.id
    for edge in geometry.edges:
        for t in (0.0, 0.25, 0.5, 0.75, 1.0):
            px, py = bezier_point(edge.curve, t)
            assert contains(geometry.bounds, (px, py, 0.0, 0.0)), edge.key
        if edge.label_rect:
            assert contains(geometry.bounds, edge.label_rect), edge.key


def test_layout_is_deterministic(diagram: Diagram, geometry: DiagramGeometry) -> None:
    assert solve_diagram(diagram) == geometry
    assert solve_diagram(diagram) == solve_diagram(diagram)


def small_diagram(two_way: bool = False, label: str = "") -> Diagram:
    return Diagram.model_validate({
        "format_version": 1,
        "title": "Two boxes",
        "nodes": [
            {"id": "a", "label": "Left", "kind": "mechanism", "section": "s", "x": 100, "y": 100},
            {"id": "b", "label": "Right", "kind": "mechanism", "section": "s", "x": 400, "y": 100},
        ],
        "edges": [{"source": "a", "target": "b", "label": label, "two_way": two_way}],
    })


def test_head_arrow_points_at_the_target() -> None:
    geometry = solve_diagram(small_diagram())
    edge = geometry.edges[0]
    a, b = geometry.nodes["a"].rect, geometry.nodes["b"].rect
    tip, left, right = edge.head
    assert tip[0] < b[0] and b[0] - tip[0] <= NEAR
    assert tip[1] == pytest.approx(100.0)
    assert left[0] < tip[0] and right[0] < tip[0]  # the head's base lies behind the tip
    assert left[1] == pytest.approx(200 - right[1])  # symmetric about the line
    start = edge.curve[0]
    assert start[0] > a[0] + a[2] and start[0] - (a[0] + a[2]) <= NEAR
    assert edge.tail is None
    assert edge.label_rect is None


def test_two_way_tail_points_back_at_the_source() -> None:
    edge = solve_diagram(small_diagram(two_way=True)).edges[0]
    a = solve_diagram(small_diagram()).nodes["a"].rect
    assert edge.tail is not None
    tip, left, right = edge.tail
    right_of_a = a[0] + a[2]
    assert tip[0] > right_of_a and tip[0] - right_of_a <= NEAR
    assert left[0] > tip[0] and right[0] > tip[0]


def test_small_label_centres_between_the_boxes() -> None:
    edge = solve_diagram(small_diagram(label="link")).edges[0]
    assert edge.label_rect is not None
    x, y, w, h = edge.label_rect
    assert (x + w / 2, y + h / 2) == pytest.approx((250.0, 100.0), abs=1.0)
    assert w > text_width("link", 9.5)


def _edge_extent(edge: EdgeGeometry) -> list[Rect]:
    """What an edge draws: points along its curve, its arrowheads and its label."""
    out: list[Rect] = [(*bezier_point(edge.curve, t / 8), 0.0, 0.0) for t in range(9)]
    out += [(*p, 0.0, 0.0) for p in edge.head + (edge.tail or ())]
    if edge.label_rect:
        out.append(edge.label_rect)
    return out


_node_spec = st.tuples(st.sampled_from(["hub", "mechanism", "note"]),
                       st.floats(-3000, 3000), st.floats(-3000, 3000),
                       st.text("abcdefghij WXYZ", min_size=1, max_size=40).filter(str.strip))


@settings(max_examples=60, deadline=None)
@given(specs=st.lists(_node_spec, min_size=2, max_size=8),
       links=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7),
                                st.sampled_from(["", "feeds", "a much longer arrow label"]),
                                st.booleans(), st.sampled_from([0.0, 0.3, -0.6])),
                      max_size=12))
def test_quick_reaches_and_bounds_hold_the_solved_diagram(specs: list, links: list) -> None:
    """A big diagram's scene finds edges and its size without solving them: what it uses
    instead must hold everything that solving gives."""
    nodes = [{"id": f"n{i}", "label": label, "kind": kind, "section": "s", "x": x, "y": y}
             for i, (kind, x, y, label) in enumerate(specs)]
    edges, seen = [], set()
    for first, second, label, two_way, bend in links:
        a, b = first % len(specs), second % len(specs)
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            edges.append({"source": f"n{a}", "target": f"n{b}", "label": label,
                          "two_way": two_way, "bend": bend})
    diagram = Diagram.model_validate({"format_version": 1, "title": "t", "nodes": nodes,
                                      "edges": edges})
    exact = solve_diagram(diagram)
    bends = edge_bends(diagram)
    reaches = edge_reaches(diagram, exact.nodes, bends)
    rough = rough_bounds(diagram, exact.nodes, bends)
    for node in exact.nodes.values():
        assert contains(rough, node.rect, slack=1e-6)
    for edge in exact.edges:
        for part in _edge_extent(edge):
            assert contains(reaches[edge.key], part, slack=1e-6), edge.key
            assert contains(rough, part, slack=1e-6), edge.key


def crossings(geometry: DiagramGeometry, margin: float = 2.0) -> list[tuple[str, str]]:
    """The (edge, box) pairs where an edge's curve or arrowheads cross a box it does not
    join (the box shrunk by ``margin``): the curve sampled finely, joined by segments."""
    out = []
    for edge in geometry.edges:
        points = [bezier_point(edge.curve, i / 64) for i in range(65)]
        points += list(edge.head + (edge.tail or ()))
        for node_id, node in geometry.nodes.items():
            if node_id in (edge.source, edge.target):
                continue
            x, y, w, h = node.rect
            inner = (x + margin, y + margin, w - 2 * margin, h - 2 * margin)
            if any(outside_by(inner, p) < 0 for p in points) or any(
                    _segment_crosses(p, q, inner) for p, q in pairwise(points[:65])):
                out.append((edge.key, node_id))
    return out


def _segment_crosses(p: Point, q: Point, rect: Rect) -> bool:
    steps = 8
    return any(outside_by(rect, (p[0] + (q[0] - p[0]) * i / steps,
                                 p[1] + (q[1] - p[1]) * i / steps)) < 0
               for i in range(steps + 1))


def test_no_arrow_crosses_a_box_it_does_not_join(geometry: DiagramGeometry) -> None:
    assert crossings(geometry) == []


def scattered_diagram(seed: int, count: int = 9, links: int = 12) -> Diagram:
    """Boxes scattered at random (never touching), joined at random."""
    rng = random.Random(seed)
    nodes: list[dict] = []
    rects: list[Rect] = []
    words = ["Gut", "Skin", "Brain", "Immune cells", "Microbes", "Stress hormones",
             "Barrier", "Food", "Signals"]
    while len(nodes) < count:
        kind = rng.choice(["hub", "mechanism", "note"])
        x, y = rng.uniform(0, 1500), rng.uniform(0, 1000)
        node = {"id": f"n{len(nodes)}", "label": rng.choice(words), "kind": kind,
                "section": "s", "x": round(x, 1), "y": round(y, 1)}
        g = node_geometry(Node.model_validate(node))
        gx, gy, gw, gh = g.rect
        grown = (gx - 40, gy - 40, gw + 80, gh + 80)
        if any(contains(grown, r) or _meet(grown, r) for r in rects):
            continue
        rects.append(g.rect)
        nodes.append(node)
    edges, seen = [], set()
    while len(edges) < links:
        a, b = rng.sample(range(count), 2)
        if (a, b) not in seen:
            seen.add((a, b))
            edges.append({"source": f"n{a}", "target": f"n{b}",
                          "label": rng.choice(["", "feeds", "crosstalk"]),
                          "two_way": rng.random() < 0.3})
    return Diagram.model_validate({"format_version": 1, "title": "t", "nodes": nodes,
                                   "edges": edges})


def _meet(a: Rect, b: Rect) -> bool:
    return a[0] <= b[0] + b[2] and b[0] <= a[0] + a[2] and a[1] <= b[1] + b[3] \
        and b[1] <= a[1] + a[3]


@pytest.mark.parametrize("seed", range(40))
def test_arrows_keep_clear_of_boxes_on_random_diagrams(seed: int) -> None:
    assert crossings(solve_diagram(scattered_diagram(seed))) == []
