"""Pictograms in the model: the one parser, the diagram's per-node choice, room in a box
and the image block's choice of a pictogram or a file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gutskin_desktop.model.diagram import load_diagram
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.geometry import node_geometry, solve_diagram
from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.page_diagram import PageLook, fit_to_block
from gutskin_desktop.model.paths import DIAGRAM_FILE, LAYOUTS
from gutskin_desktop.model.pictograms import UNIT, names, parse_path, pictogram, placed

SHIPPED = {"gut", "brain", "skin", "microbes", "immune", "blood", "food", "stress"}


def test_every_asked_pictogram_is_shipped_with_a_name_people_read() -> None:
    assert set(names()) >= SHIPPED
    assert pictogram("food").label == "Food and nutrients"
    assert pictogram("immune").label == "Immune cells"


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_a_pictogram_is_closed_filled_shapes_inside_its_square(name: str) -> None:
    ops = pictogram(name).ops
    assert ops[0].command == "M" and ops[-1].command == "Z"
    points = [v for op in ops for v in op.points]
    assert all(0 <= v <= UNIT for v in points)
    xs, ys = points[0::2], points[1::2]
    assert max(xs) - min(xs) >= 50 and max(ys) - min(ys) >= 80, "bold: fills its square"


def test_the_parser_reads_each_command_and_refuses_anything_else() -> None:
    ops = parse_path("M10 20 L30 40 C1 2 3 4 5 6 Z")
    assert [(op.command, op.points) for op in ops] == [
        ("M", (10.0, 20.0)), ("L", (30.0, 40.0)), ("C", (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)),
        ("Z", ())]
    for bad in ("", "L1 2", "M1", "M1 2 Q3 4 5 6", "M1 2 C1 2 3 4", "M1 2 L9999 2",
                "M1 2 <script>"):
        with pytest.raises(ValueError, match=r"path|command|takes|square"):
            parse_path(bad)


def test_placing_maps_the_square_down_or_up() -> None:
    ops = parse_path("M0 0 L100 100 Z")
    assert list(placed(ops, 10, 20, 50)) == [("M", (10, 20)), ("L", (60, 70)), ("Z", ())]
    assert list(placed(ops, 10, 20, 50, flip=True)) == [("M", (10, 70)), ("L", (60, 20)),
                                                         ("Z", ())]


def test_the_shipped_diagram_gives_every_box_but_the_note_a_pictogram() -> None:
    diagram = load_diagram(DIAGRAM_FILE)
    for node in diagram.nodes:
        assert (node.pictogram is None) == (node.kind == "note"), node.id
        if node.pictogram:
            assert node.pictogram in names()


def test_an_unknown_pictogram_on_a_node_is_refused_by_name(tmp_path: Path) -> None:
    data = json.loads(DIAGRAM_FILE.read_text(encoding="utf-8"))
    data["nodes"][0]["pictogram"] = "unicorn"
    path = tmp_path / "diagram.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LoadError, match=r"nodes\[0\]\.pictogram.*unicorn"):
        load_diagram(path)


def test_a_box_makes_room_for_its_pictogram_left_of_the_label() -> None:
    node = load_diagram(DIAGRAM_FILE).node("immune")
    plain = node_geometry(node, pictogram=False)
    g = node_geometry(node, number="3")
    assert plain.picture is None and g.picture is not None
    assert g.picture.name == "immune"
    x, y, w, h = g.rect
    p = g.picture
    assert x < p.x and p.x + p.size < g.lines[0].x, "inside the box, before the label"
    assert g.badge is not None and g.badge.cx + g.badge.radius < p.x, "after the number"
    assert y < p.y and p.y + p.size < y + h
    assert p.y + p.size / 2 == pytest.approx(node.y)
    assert w >= plain.rect[2]


def test_the_screen_shows_pictograms_and_a_node_without_one_has_none() -> None:
    geometry = solve_diagram(load_diagram(DIAGRAM_FILE))
    assert geometry.nodes["gut"].picture is not None
    assert geometry.nodes["outlook"].picture is None


def test_a_page_diagram_shows_pictograms_unless_switched_off() -> None:
    diagram = load_diagram(DIAGRAM_FILE)
    sizes = PageLook(10, 13, 8.5)
    on = fit_to_block(diagram, 500, 340, sizes)
    off = fit_to_block(diagram, 500, 340, sizes, pictograms=False)
    assert on is not None and off is not None
    assert on.shrink == off.shrink == 1.0
    assert on.geometry.nodes["skin"].picture is not None
    assert all(g.picture is None for g in off.geometry.nodes.values())


def test_pictograms_give_way_when_they_would_make_the_type_smaller() -> None:
    diagram = load_diagram(DIAGRAM_FILE)
    sizes = PageLook(16, 20, 13.6)
    fitted = fit_to_block(diagram, 480, 330, sizes)
    plain = fit_to_block(diagram, 480, 330, sizes, pictograms=False)
    assert fitted is not None and plain is not None
    assert fitted.shrink >= plain.shrink
    if plain.shrink == 1.0:
        assert fitted.shrink == 1.0


def _image_layout(tmp_path: Path, **fields: object) -> Path:
    data = json.loads((LAYOUTS / "a4-handout.json").read_text(encoding="utf-8"))
    data["blocks"].append({"id": "pic", "type": "image", "x_mm": 20, "y_mm": 20,
                           "w_mm": 30, "h_mm": 30, **fields})
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_image_block_shows_a_pictogram_or_a_file_never_both_or_neither(
        tmp_path: Path) -> None:
    layout = load_layout(_image_layout(tmp_path, pictogram="brain"))
    assert layout.block("pic").pictogram == "brain"  # type: ignore[union-attr]
    for fields, message in (({}, "either a path or a pictogram"),
                            ({"pictogram": "brain", "path": "images/gutskin-logo.png"},
                             "either a path or a pictogram"),
                            ({"pictogram": "unicorn"}, r"pic.*unicorn|unicorn")):
        with pytest.raises(LoadError, match=message):
            load_layout(_image_layout(tmp_path, **fields))


def test_a_diagram_block_has_pictograms_on_unless_it_says_off() -> None:
    layout = load_layout(LAYOUTS / "a4-handout.json")
    assert layout.block("diagram").pictograms is True  # type: ignore[union-attr]
