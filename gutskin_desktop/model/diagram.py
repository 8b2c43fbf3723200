"""The diagram as data: hubs and mechanism nodes, labelled edges and the tour order.

Loaded from ``data/diagram.json``. Node positions are the centres of their boxes, in
points, with y growing downwards. Cross-checks against the content (every node opens a
known section, every section is opened by some node) live in :func:`check_against`.
"""
# No `from __future__ import annotations` here: the records' field types are objects when
# the module loads, so msgspec does not compile each from text at the first file read
# (tests/test_records.py::test_record_fields_are_types).

from pathlib import Path
from typing import Annotated, Literal

from msgspec import Meta

from .content import Content
from .errors import LoadError
from .fields import Colour, Id
from .jsonfile import DataFile, load_model
from .records import Record
from .theme import DEFAULT_ACCENT

Coordinate = Annotated[float, Meta(ge=-100000, le=100000)]
NodeLabel = Annotated[str, Meta(min_length=1, max_length=60)]
EdgeLabel = Annotated[str, Meta(max_length=60)]
NODE_TEXT_MAX = 300
NodeText = Annotated[str, Meta(min_length=1, max_length=NODE_TEXT_MAX)]


class Node(Record):
    """A box on the diagram that opens one section."""

    id: Id
    label: NodeLabel
    patient_label: NodeLabel | None = None
    kind: Literal["hub", "mechanism", "note"]
    section: Id
    x: Coordinate
    y: Coordinate
    tooltip: Annotated[str, Meta(min_length=1, max_length=160)] | None = None
    color: Colour | None = None
    text: NodeText | None = None  # the box's own short text, shown with its section
    pictogram: Id | None = None  # a pictogram's name (model/pictograms.py) left of the label

    def words(self, version: str = "presenter") -> str:
        """The label in the diagram's presenter words or, for patients, in plain words."""
        return (self.patient_label or self.label) if version == "patient" else self.label

    @property
    def accent(self) -> str:
        """The node's accent colour (its own, or its kind's default)."""
        return (self.color or DEFAULT_ACCENT[self.kind]).lower()


class Edge(Record):
    """A labelled arrow from one node to another; two-way edges have two heads."""

    source: Id
    target: Id
    label: EdgeLabel = ""
    patient_label: EdgeLabel | None = None
    two_way: bool = False
    bend: Annotated[float, Meta(ge=-1.0, le=1.0)] = 0.0

    def words(self, version: str = "presenter") -> str:
        """The label in the diagram's presenter words or, for patients, in plain words."""
        if version == "patient" and self.patient_label is not None:
            return self.patient_label
        return self.label

    @property
    def key(self) -> str:
        """The edge's name, ``source->target``."""
        return f"{self.source}->{self.target}"


class Diagram(DataFile):
    """Nodes, edges and the presenter's tour."""

    title: Annotated[str, Meta(min_length=1, max_length=120)]
    nodes: Annotated[tuple[Node, ...], Meta(min_length=1, max_length=20000)]
    edges: Annotated[tuple[Edge, ...], Meta(max_length=60000)] = ()
    tour: Annotated[tuple[Id, ...], Meta(max_length=500)] = ()

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

    def name(self, node_id: str) -> str:
        """What a person calls a node: its label (its id only if it has gone)."""
        try:
            return self.node(node_id).label
        except KeyError:
            return node_id

    def edge_name(self, edge: Edge) -> str:
        """What a person calls an edge: "Gut to Skin" ("Gut and Skin" both ways)."""
        joiner = "and" if edge.two_way else "to"
        return f"{self.name(edge.source)} {joiner} {self.name(edge.target)}"

    def edges_of(self, node_id: str) -> list[Edge]:
        """The edges that start or end at this node."""
        return [e for e in self.edges if node_id in (e.source, e.target)]


def check_structure(path: str | Path, diagram: Diagram) -> None:
    """Ids are unique, edges join two different known nodes once, the tour names known
    nodes once each."""
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
    known = None
    for i, node in enumerate(diagram.nodes):
        if node.pictogram is not None:
            if known is None:
                from .pictograms import names  # only diagrams with pictograms read them
                known = set(names())
            if node.pictogram not in known:
                raise LoadError(path, f"nodes[{i}].pictogram",
                                f"no pictogram named {node.pictogram!r} (there are "
                                f"{', '.join(sorted(known))})")
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
    check_structure(path, diagram)
    if content is not None:
        check_against(path, diagram, content)
    return diagram
