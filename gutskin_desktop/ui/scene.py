"""The diagram scene: a projection of the diagram model, with a model-to-item map.

The scene builds one item per node and edge from the shared geometry and keeps the
highlight state (which node is opened, which has the keyboard focus). When the diagram
changes (Arrange mode), :meth:`set_bundle` brings the items in line with it; during a
drag, :meth:`preview_positions` moves nodes and their edges without touching the model.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPicture
from PySide6.QtWidgets import QGraphicsScene

from ..model import theme
from ..model.bundle import Bundle
from ..model.diagram import Node
from ..model.geometry import (DiagramGeometry, edge_bends, edge_geometry, layout,
                              node_geometry)
from .items import EdgeItem, NodeItem


class DiagramScene(QGraphicsScene):
    """Nodes and edges of one diagram, and which of them are lit."""

    node_activated = Signal(str)

    def __init__(self, bundle: Bundle, parent: object | None = None) -> None:
        super().__init__(parent)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[str, EdgeItem] = {}
        self.opened: str | None = None
        self.focused: str | None = None
        self.setBackgroundBrush(QColor(theme.BACKGROUND))
        self.set_bundle(bundle)

    def _node_texts(self, node: Node) -> tuple[str, str, str]:
        section = self.bundle.content.section(node.section)
        return (node.accent, node.tooltip or section.summary,
                f"{node.label}: opens {section.title}")

    def set_bundle(self, bundle: Bundle) -> None:
        """Show this diagram: add, update and remove items to match it."""
        self.bundle = bundle
        self.geometry: DiagramGeometry = layout(bundle.diagram)
        self._bends = edge_bends(bundle.diagram)
        self._overview: QPicture | None = None
        self._models = {node.id: node for node in bundle.diagram.nodes}
        self._touching: dict[str, list] = {}
        for edge in bundle.diagram.edges:
            self._touching.setdefault(edge.source, []).append(edge)
            self._touching.setdefault(edge.target, []).append(edge)
        for node in bundle.diagram.nodes:
            item = self.nodes.get(node.id)
            texts = self._node_texts(node)
            if item is None:
                item = self.nodes[node.id] = NodeItem(self.geometry.nodes[node.id], *texts)
                item.activated.connect(self.node_activated)
                self.addItem(item)
            else:
                item.set_look(self.geometry.nodes[node.id], *texts)
        for edge in self.geometry.edges:
            if edge.key in self.edges:
                self.edges[edge.key].set_geometry(edge)
            else:
                self.edges[edge.key] = EdgeItem(edge)
                self.addItem(self.edges[edge.key])
        self._drop_missing()
        self.setSceneRect(QRectF(*self.geometry.bounds))
        if self.opened not in self.nodes:
            self.opened = None
        if self.focused not in self.nodes:
            self.focused = None
        self.set_opened(self.opened)

    def _drop_missing(self) -> None:
        nodes = {n.id for n in self.bundle.diagram.nodes}
        edges = {e.key for e in self.bundle.diagram.edges}
        for table, keep in ((self.nodes, nodes), (self.edges, edges)):
            for key in [k for k in table if k not in keep]:
                self.removeItem(table.pop(key))  # type: ignore[arg-type]

    def preview_positions(self, positions: dict[str, tuple[float, float]]) -> None:
        """Show nodes at new centres, with their edges following (the model is unchanged)."""
        moved = {node_id: self._models[node_id].model_copy(update={"x": x, "y": y})
                 for node_id, (x, y) in positions.items()}
        geometry = self.geometry.nodes
        fresh = {node_id: node_geometry(node) for node_id, node in moved.items()}
        rect = self.sceneRect()
        for node_id, node in moved.items():
            self.nodes[node_id].set_look(fresh[node_id], *self._node_texts(node))
            rect = rect.united(QRectF(*fresh[node_id].rect).adjusted(-24, -24, 24, 24))
        done: set[str] = set()
        for node_id in moved:
            for edge in self._touching.get(node_id, []):
                if edge.key in done:
                    continue
                done.add(edge.key)
                source = fresh.get(edge.source) or geometry[edge.source]
                target = fresh.get(edge.target) or geometry[edge.target]
                self.edges[edge.key].set_geometry(
                    edge_geometry(edge, source, target, self._bends[edge.key]))
        if rect != self.sceneRect():
            self.setSceneRect(rect)

    def overview(self) -> QPicture:
        """The whole diagram as plain boxes and lines, recorded once, for a view zoomed
        out too far to read labels (drawn in one go instead of item by item)."""
        if self._overview is None:
            picture = QPicture()
            painter = QPainter(picture)
            lines = QPainterPath()
            for edge in self.geometry.edges:
                lines.moveTo(QPointF(*edge.curve[0]))
                lines.lineTo(QPointF(*edge.curve[3]))
            pen = QPen(QColor(theme.EDGE), 0)
            painter.strokePath(lines, pen)
            by_colour: dict[str, QPainterPath] = {}
            for node in self.bundle.diagram.nodes:
                path = by_colour.setdefault(node.accent, QPainterPath())
                path.addRect(QRectF(*self.geometry.nodes[node.id].rect))
            for accent, path in by_colour.items():
                painter.fillPath(path, QColor(theme.tint(accent)))
                painter.strokePath(path, QPen(QColor(accent), 0))
            painter.end()
            self._overview = picture
        return self._overview

    def node_at(self, point: QPointF) -> str | None:
        """The node whose box holds a scene point (for clicks on the overview)."""
        x, y = point.x(), point.y()
        for node_id, g in self.geometry.nodes.items():
            left, top, w, h = g.rect
            if left <= x <= left + w and top <= y <= top + h:
                return node_id
        return None

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
