"""The diagram as data: hubs and mechanism nodes, labelled edges and the tour order.

Loaded from ``assets/diagram.json``. Node positions are the centres of their boxes, in
points, with y growing downwards. Cross-checks against the content (every node opens a
known section, every section is opened by some node) live in :func:`check_against`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .content import Content
from .errors import LoadError
from .jsonfile import load_model
from .theme import DEFAULT_ACCENT

_ID = r"^[a-z][a-z0-9-]{0,39}$"
_COLOUR = r"^#[0-9a-fA-F]{6}$"
Coordinate = Annotated[float, Field(ge=-100000, le=100000, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Node(_Strict):
    """A box on the diagram that opens one section."""

    id: Annotated[str, Field(pattern=_ID)]
    label: Annotated[str, Field(min_length=1, max_length=60)]
    kind: Literal["hub", "mechanism", "note"]
    section: Annotated[str, Field(pattern=_ID)]
    x: Coordinate
    y: Coordinate
    tooltip: Optional[Annotated[str, Field(min_length=1, max_length=160)]] = None
    color: Optional[Annotated[str, Field(pattern=_COLOUR)]] = None

    @property
    def accent(self) -> str:
        """The node's accent colour (its own, or its kind's default)."""
        return (self.color or DEFAULT_ACCENT[self.kind]).lower()


class Edge(_Strict):
    """A labelled arrow from one node to another; two-way edges have two heads."""

    source: Annotated[str, Field(pattern=_ID)]
    target: Annotated[str, Field(pattern=_ID)]
    label: Annotated[str, Field(max_length=60)] = ""
    two_way: bool = False
    bend: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0

    @property
    def key(self) -> str:
        """The edge's name, ``source->target``."""
        return f"{self.source}->{self.target}"


class Diagram(_Strict):
    """Nodes, edges and the presenter's tour."""

    format_version: Literal[1]
    title: Annotated[str, Field(min_length=1, max_length=120)]
    nodes: Annotated[list[Node], Field(min_length=1, max_length=20000)]
    edges: Annotated[list[Edge], Field(max_length=60000)] = []
    tour: Annotated[list[Annotated[str, Field(pattern=_ID)]], Field(max_length=500)] = []

    def node(self, node_id: str) -> Node:
        """The node with this id (KeyError if there is none)."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def tour_order(self) -> list[str]:
        """Node ids in tour order: the tour first, then the other nodes in file order."""
        toured = set(self.tour)
        rest = [n.id for n in self.nodes if n.id not in toured]
        return list(self.tour) + rest

    def neighbours(self, node_id: str) -> set[str]:
        """Ids of the nodes joined to this one by an edge, in either direction."""
        out = {e.target for e in self.edges if e.source == node_id}
        return out | {e.source for e in self.edges if e.target == node_id}

    def edges_of(self, node_id: str) -> list[Edge]:
        """The edges that start or end at this node."""
        return [e for e in self.edges if node_id in (e.source, e.target)]


def _check_structure(path: str | Path, diagram: Diagram) -> None:
    ids: set[str] = set()
    for i, node in enumerate(diagram.nodes):
        if node.id in ids:
            raise LoadError(path, f"nodes[{i}].id", f"duplicate node id {node.id!r}")
        ids.add(node.id)
    pairs: set[tuple[str, str]] = set()
    for i, edge in enumerate(diagram.edges):
        pair = source, target = edge.source, edge.target
        if source not in ids or target not in ids:
            end, node_id = ("source", source) if source not in ids else ("target", target)
            raise LoadError(path, f"edges[{i}].{end}", f"no node with id {node_id!r}")
        if source == target:
            raise LoadError(path, f"edges[{i}]", "an edge must join two different nodes")
        if pair in pairs:
            raise LoadError(path, f"edges[{i}]", f"duplicate edge {edge.key}")
        pairs.add(pair)
    for i, node_id in enumerate(diagram.tour):
        if node_id not in ids:
            raise LoadError(path, f"tour[{i}]", f"no node with id {node_id!r}")
        if node_id in diagram.tour[:i]:
            raise LoadError(path, f"tour[{i}]", f"node {node_id!r} is in the tour twice")


def check_against(path: str | Path, diagram: Diagram, content: Content) -> None:
    """Every node opens a known section, and every section is opened by some node."""
    known = set(content.ids)
    for i, node in enumerate(diagram.nodes):
        if node.section not in known:
            raise LoadError(path, f"nodes[{i}].section", f"no section with id {node.section!r}")
    opened = {n.section for n in diagram.nodes}
    for section_id in content.ids:
        if section_id not in opened:
            raise LoadError(path, "nodes", f"no node opens section {section_id!r}")


def load_diagram(path: str | Path, content: Content | None = None) -> Diagram:
    """Load and validate a diagram file, checked against the content when given."""
    diagram = load_model(path, Diagram)
    _check_structure(path, diagram)
    if content is not None:
        check_against(path, diagram, content)
    return diagram
