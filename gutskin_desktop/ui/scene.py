"""The diagram scene: a projection of the diagram model, with a model-to-item map.

The scene builds one item per node and edge from the shared geometry and keeps the
highlight state (which node is opened, which has the keyboard focus). It never writes to
the model.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene

from ..model import theme
from ..model.bundle import Bundle
from ..model.geometry import DiagramGeometry, layout
from .items import EdgeItem, NodeItem


class DiagramScene(QGraphicsScene):
    """Nodes and edges of one diagram, and which of them are lit."""

    node_activated = Signal(str)

    def __init__(self, bundle: Bundle, parent: object | None = None) -> None:
        super().__init__(parent)
        self.bundle = bundle
        self.geometry: DiagramGeometry = layout(bundle.diagram)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[str, EdgeItem] = {}
        self.opened: str | None = None
        self.focused: str | None = None
        self.setBackgroundBrush(QColor(theme.BACKGROUND))
        self._build()
        self.setSceneRect(QRectF(*self.geometry.bounds))

    def _build(self) -> None:
        content = self.bundle.content
        for node in self.bundle.diagram.nodes:
            section = content.section(node.section)
            item = NodeItem(self.geometry.nodes[node.id], node.accent,
                            node.tooltip or section.summary,
                            f"{node.label}: opens {section.title}")
            item.activated.connect(self.node_activated)
            self.addItem(item)
            self.nodes[node.id] = item
        for edge in self.geometry.edges:
            item = EdgeItem(edge)
            self.addItem(item)
            self.edges[edge.key] = item

    def node_rect(self, node_id: str) -> QRectF:
        """A node's box in scene coordinates."""
        return QRectF(*self.geometry.nodes[node_id].rect)

    def pathway_rect(self, node_id: str) -> QRectF:
        """The box around a node and its neighbours."""
        rect = self.node_rect(node_id)
        for other in self.bundle.diagram.neighbours(node_id):
            rect = rect.united(self.node_rect(other))
        return rect

    def set_opened(self, node_id: str | None) -> None:
        """Light a node, its edges and its neighbours and dim the rest; None clears."""
        self.opened = node_id
        lit_nodes = {node_id} | self.bundle.diagram.neighbours(node_id) if node_id else set()
        for nid, item in self.nodes.items():
            item.set_state(opened=nid == node_id, dimmed=bool(node_id) and nid not in lit_nodes)
        for item in self.edges.values():
            lit = node_id in (item.source, item.target)
            item.set_state(lit=lit, dimmed=bool(node_id) and not lit)

    def set_focused(self, node_id: str | None) -> None:
        """Move the keyboard focus ring to a node; None removes it."""
        if self.focused in self.nodes:
            self.nodes[self.focused].set_state(focused=False)
        self.focused = node_id
        if node_id:
            self.nodes[node_id].set_state(focused=True)
