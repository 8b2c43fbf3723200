"""The shipped diagram: hubs, mechanisms, labelled edges, sections opened and the tour."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gutskin_desktop.model.bundle import Bundle, load_bundle
from gutskin_desktop.model.diagram import Diagram, Edge

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "gutskin_desktop" / "data" / "content.json"
DIAGRAM = ROOT / "gutskin_desktop" / "data" / "diagram.json"


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle(CONTENT, DIAGRAM)


@pytest.fixture(scope="module")
def diagram(bundle: Bundle) -> Diagram:
    return bundle.diagram


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return json.loads(DIAGRAM.read_text(encoding="utf-8"))


def edge_between(diagram: Diagram, source: str, target: str) -> Edge:
    found = [e for e in diagram.edges if (e.source, e.target) == (source, target)]
    assert len(found) == 1, f"expected one edge {source}->{target}, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("node_id", ["gut", "brain", "skin"])
def test_hubs(diagram: Diagram, node_id: str) -> None:
    assert diagram.node(node_id).kind == "hub"


def test_exactly_three_hubs(diagram: Diagram) -> None:
    assert sorted(n.id for n in diagram.nodes if n.kind == "hub") == ["brain", "gut", "skin"]


def test_at_least_four_mechanisms(diagram: Diagram) -> None:
    mechanisms = [n.id for n in diagram.nodes if n.kind == "mechanism"]
    assert len(mechanisms) >= 4, mechanisms


def test_node_ids_are_unique(diagram: Diagram) -> None:
    ids = [n.id for n in diagram.nodes]
    assert len(ids) == len(set(ids))


def test_every_node_opens_a_section_that_exists(bundle: Bundle) -> None:
    known = set(bundle.content.ids)
    missing = [(n.id, n.section) for n in bundle.diagram.nodes if n.section not in known]
    assert missing == []
    for node in bundle.diagram.nodes:
        assert bundle.content.section(node.section).id == node.section


def test_every_section_is_opened_by_a_node(bundle: Bundle) -> None:
    opened = {n.section for n in bundle.diagram.nodes}
    assert [s for s in bundle.content.ids if s not in opened] == []


def test_every_edge_has_a_label(diagram: Diagram) -> None:
    assert diagram.edges
    assert [e.key for e in diagram.edges if not e.label.strip()] == []


def test_every_edge_joins_known_nodes(diagram: Diagram) -> None:
    ids = {n.id for n in diagram.nodes}
    for edge in diagram.edges:
        assert edge.source in ids and edge.target in ids and edge.source != edge.target


def test_gut_skin_link_runs_both_ways(diagram: Diagram) -> None:
    assert edge_between(diagram, "gut", "skin").two_way is True


def test_brain_skin_link_runs_both_ways(diagram: Diagram) -> None:
    assert edge_between(diagram, "brain", "skin").two_way is True


def test_brain_reaches_gut(diagram: Diagram) -> None:
    edge = edge_between(diagram, "brain", "gut")
    assert edge.label.strip()
    assert "brain" in diagram.neighbours("gut")


def test_every_node_has_an_edge(diagram: Diagram) -> None:
    loose = [n.id for n in diagram.nodes if n.kind != "note" and not diagram.edges_of(n.id)]
    assert loose == []


def test_positions_are_stored_in_the_file(raw: dict[str, Any]) -> None:
    assert raw["nodes"]
    for node in raw["nodes"]:
        for axis in ("x", "y"):
            value = node.get(axis)
            assert isinstance(value, (int, float)) and not isinstance(value, bool), (node, axis)


def test_positions_are_not_all_the_same(raw: dict[str, Any]) -> None:
    assert len({(n["x"], n["y"]) for n in raw["nodes"]}) == len(raw["nodes"])


def test_model_positions_match_the_file(diagram: Diagram, raw: dict[str, Any]) -> None:
    assert [(n.id, n.x, n.y) for n in diagram.nodes] == [
        (n["id"], n["x"], n["y"]) for n in raw["nodes"]]


def test_tour_lists_every_node_once_from_the_gut(diagram: Diagram) -> None:
    tour = diagram.tour_order()
    assert tour[0] == "gut"
    assert sorted(tour) == sorted(n.id for n in diagram.nodes)
    assert len(tour) == len(set(tour))
    assert list(diagram.tour) == tour, "the stored tour should name every node itself"


def test_a_box_may_carry_its_own_short_text(bundle: Bundle) -> None:
    """The optional ``text`` field: absent in old files, kept through a save, capped."""
    from gutskin_desktop.model import diagram_edit as edit
    from gutskin_desktop.model.errors import EditError

    assert all(n.text is None for n in bundle.diagram.nodes)
    after, node_id = edit.add_node(bundle.diagram, bundle.content, 0, 700, "Sleep",
                                   text="Poor sleep may add to stress.")
    assert after.node(node_id).text == "Poor sleep may add to stress."
    saved = json.loads(edit.diagram_json(after))
    assert saved["nodes"][-1]["text"] == "Poor sleep may add to stress."
    assert all("text" not in n for n in saved["nodes"][:-1]), "old boxes stay as they were"
    with pytest.raises(EditError):
        edit.update_node(after, bundle.content, node_id, {"text": "x" * 301})


def test_arrows_are_named_by_their_boxes_labels(bundle: Bundle) -> None:
    from gutskin_desktop.model import diagram_edit as edit
    from gutskin_desktop.model.errors import EditError

    d = bundle.diagram
    assert d.edge_name(edge_between(d, "gut", "microbiome")) == "Gut to Gut microbiome"
    assert d.edge_name(edge_between(d, "gut", "skin")) == "Gut and Skin"
    assert edit.move_text(d, ["gut"]) == "Move Gut"
    assert edit.move_text(d, ["gut", "skin"]) == "Move Gut and Skin"
    with pytest.raises(EditError, match="Gut and Skin are already joined"):
        edit.add_edge(d, bundle.content, "skin", "gut")
    with pytest.raises(EditError, match="already an arrow from Gut to Gut microbiome"):
        edit.add_edge(d, bundle.content, "gut", "microbiome")
    with pytest.raises(EditError, match="two different boxes"):
        edit.add_edge(d, bundle.content, "gut", "gut")
