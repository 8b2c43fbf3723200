"""Edits to the diagram as pure functions: each returns a new, validated diagram.

Used by the explorer's Arrange mode. An edit that would break the diagram (an edge to a
missing node, a node opening an unknown section, a duplicate id) raises :class:`EditError`.
"""
from __future__ import annotations

from typing import Any

from .content import Content
from .diagram import Diagram, Edge, Node, check_against, check_structure
from .errors import EditError, edit_errors
from .jsonfile import model_json


def _data(diagram: Diagram) -> dict[str, Any]:
    """The diagram's fields for an edit. Nodes and edges stay the (valid) model objects,
    which validation takes as they are; an edit swaps in plain data for what it changes,
    so only that is validated again, however big the diagram."""
    return {"format_version": diagram.format_version, "title": diagram.title,
            "nodes": list(diagram.nodes), "edges": list(diagram.edges),
            "tour": list(diagram.tour)}


def _plain(model: Node | Edge) -> dict[str, Any]:
    return model.model_dump(mode="python", exclude_none=True)


def rebuild(data: dict[str, Any], content: Content) -> Diagram:
    """Validate diagram data again, raising EditError naming the field."""
    with edit_errors():
        diagram = Diagram.model_validate(data)
        check_structure("diagram", diagram)
        check_against("diagram", diagram, content)
    return diagram


def move_nodes(diagram: Diagram, content: Content,
               positions: dict[str, tuple[float, float]]) -> Diagram:
    """Put nodes at new centres (points)."""
    data = _data(diagram)
    data["nodes"] = [
        {**_plain(n), "x": round(positions[n.id][0], 1), "y": round(positions[n.id][1], 1)}
        if n.id in positions else n for n in diagram.nodes]
    return rebuild(data, content)


def update_node(diagram: Diagram, content: Content, node_id: str,
                changes: dict[str, Any]) -> Diagram:
    """Change a node's label, kind, colour, tooltip or section (None removes a field)."""
    data = _data(diagram)
    for i, node in enumerate(diagram.nodes):
        if node.id == node_id:
            plain = _plain(node)
            for key, value in changes.items():
                if value is None:
                    plain.pop(key, None)
                else:
                    plain[key] = value
            data["nodes"][i] = plain
    return rebuild(data, content)


def free_id(diagram: Diagram, base: str) -> str:
    taken = {n.id for n in diagram.nodes}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def add_node(diagram: Diagram, content: Content, x: float, y: float,
             label: str = "New box", section: str | None = None,
             text: str | None = None) -> tuple[Diagram, str]:
    """Add a mechanism node at (x, y), with its own short ``text`` if given; returns the
    new diagram and the node's id."""
    node_id = free_id(diagram, "node")
    data = _data(diagram)
    node = {"id": node_id, "label": label, "kind": "mechanism",
            "section": section or content.ids[0], "x": round(x, 1), "y": round(y, 1)}
    if text:
        node["text"] = text
    data["nodes"].append(node)
    return rebuild(data, content), node_id


def remove_node(diagram: Diagram, content: Content, node_id: str) -> Diagram:
    """Delete a node, its edges and its place in the tour."""
    data = _data(diagram)
    data["nodes"] = [n for n in diagram.nodes if n.id != node_id]
    data["edges"] = [e for e in diagram.edges if node_id not in (e.source, e.target)]
    data["tour"] = [t for t in diagram.tour if t != node_id]
    if not data["nodes"]:
        raise EditError("a diagram needs at least one node")
    return rebuild(data, content)


def add_edge(diagram: Diagram, content: Content, source: str, target: str, label: str = "",
             two_way: bool = False) -> Diagram:
    """Join two nodes with a labelled edge; refused, in the boxes' own names, for a box
    joined to itself or a pair already joined."""
    if source == target:
        raise EditError(f"An arrow must join two different boxes ({diagram.name(source)} "
                        "to itself)")
    for e in diagram.edges:
        if {e.source, e.target} == {source, target} and (
                (e.source, e.target) == (source, target) or e.two_way or two_way):
            raise EditError(f"{diagram.edge_name(e)} are already joined by an arrow"
                            if e.two_way else
                            f"There is already an arrow from {diagram.edge_name(e)}")
    data = _data(diagram)
    data["edges"].append({"source": source, "target": target, "label": label,
                          "two_way": two_way})
    return rebuild(data, content)


def update_edge(diagram: Diagram, content: Content, key: str,
                changes: dict[str, Any]) -> Diagram:
    """Change an edge's label, direction (two_way) or bend."""
    data = _data(diagram)
    data["edges"] = [{**_plain(e), **changes} if e.key == key else e for e in diagram.edges]
    return rebuild(data, content)


def remove_edge(diagram: Diagram, content: Content, key: str) -> Diagram:
    """Delete the edge ``source->target``."""
    data = _data(diagram)
    data["edges"] = [e for e in diagram.edges if e.key != key]
    return rebuild(data, content)


def move_text(diagram: Diagram, node_ids: list[str]) -> str:
    """The undo text of a move, in the boxes' names: "Move Gut", "Move Gut and Skin"."""
    names = [diagram.name(n) for n in node_ids]
    if len(names) > 3:
        return f"Move {len(names)} boxes"
    return "Move " + (" and ".join(names) if len(names) < 3
                      else f"{names[0]}, {names[1]} and {names[2]}")


def diagram_json(diagram: Diagram) -> bytes:
    """The diagram as the JSON text it is saved as."""
    return model_json(diagram)
