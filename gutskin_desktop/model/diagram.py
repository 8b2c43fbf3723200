"""The diagram as data: hubs and mechanism nodes, labelled edges and the tour order.

Loaded from ``assets/diagram.json``. Node positions are the centres of their boxes, in
points, with y growing downwards. Cross-checks against the content (every node opens a
known section, every section is opened by some node) live in :func:`check_against`.
"""
from __future__ import annotations

from pathlib import Path

from .content import ID, ID_HINT, Content
from .errors import LoadError
from .jsonfile import load_model
from .schema import Record, boolean, choice, listing, number, optional, record, string
from .theme import DEFAULT_ACCENT

COLOUR = r"^#[0-9a-fA-F]{6}$"
COLOUR_HINT = "a colour like #1f6f8b"


def _coordinate() -> float:
    return number(ge=-100000, le=100000)  # type: ignore[no-any-return]


class Node(Record):
    """A box on the diagram that opens one section."""

    id: str = string(pattern=ID, hint=ID_HINT)
    label: str = string(1, 60)
    patient_label: str | None = optional(string(1, 60))
    kind: str = choice("hub", "mechanism", "note")
    section: str = string(pattern=ID, hint=ID_HINT)
    x: float = _coordinate()
    y: float = _coordinate()
    tooltip: str | None = optional(string(1, 160))
    color: str | None = optional(string(pattern=COLOUR, hint=COLOUR_HINT))

    def words(self, version: str = "presenter") -> str:
        """The label in the diagram's presenter words or, for patients, in plain words."""
        return (self.patient_label or self.label) if version == "patient" else self.label

    @property
    def accent(self) -> str:
        """The node's accent colour (its own, or its kind's default)."""
        return (self.color or DEFAULT_ACCENT[self.kind]).lower()


class Edge(Record):
    """A labelled arrow from one node to another; two-way edges have two heads."""

    source: str = string(pattern=ID, hint=ID_HINT)
    target: str = string(pattern=ID, hint=ID_HINT)
    label: str = string(max_len=60, default="")
    patient_label: str | None = optional(string(max_len=60))
    two_way: bool = boolean(default=False)
    bend: float = number(ge=-1.0, le=1.0, default=0.0)

    def words(self, version: str = "presenter") -> str:
        """The label in the diagram's presenter words or, for patients, in plain words."""
        if version == "patient" and self.patient_label is not None:
            return self.patient_label
        return self.label

    @property
    def key(self) -> str:
        """The edge's name, ``source->target``."""
        return f"{self.source}->{self.target}"


class Diagram(Record):
    """Nodes, edges and the presenter's tour."""

    format_version: int = choice(1)
    title: str = string(1, 120)
    nodes: list[Node] = listing(record(Node), 1, 20000)
    edges: list[Edge] = listing(record(Edge), max_len=60000, default=[])
    tour: list[str] = listing(string(pattern=ID, hint=ID_HINT), max_len=500, default=[])

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
