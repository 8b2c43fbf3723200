"""The diagram scene: a projection of the diagram model, with a model-to-item map.

The scene keeps every node's geometry, computed by the model, and one item per node and
edge that is on show (``nodes`` and ``edges`` map ids and ``source->target`` keys to
them). It also keeps the highlight state (which node is opened, which has the keyboard
focus). When the diagram changes (Arrange mode), :meth:`set_bundle` brings the items in
line with it; during a drag, :meth:`preview_positions` moves nodes and their edges without
touching the model.

A small diagram gets all its items at once. A big one (:data:`VIRTUAL_MIN_NODES` nodes or
more) is *virtual*: its items are made only for the part the view shows
(:meth:`materialize`, called by the view), edges are solved when their items are made, and
the whole diagram, zoomed out, is drawn in one go by :meth:`draw_overview`. So opening a
diagram of ten thousand nodes costs about as much as opening one of a few hundred.
"""
from __future__ import annotations

from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene

from ..model import theme
from ..model.bundle import Bundle
from ..model.diagram import Edge, Node
from ..model.geometry import (
    DiagramGeometry,
    EdgeGeometry,
    NodeGeometry,
    Rect,
    bounds_of,
    edge_bends,
    edge_geometry,
    edge_reaches,
    label_growth,
    node_geometry,
    rough_bounds,
    route_area,
)
from .collector import bulk
from .diagram_items import DIM_OPACITY, RING, EdgeItem, NodeItem

VIRTUAL_MIN_NODES = 300
LIVE_LIMIT = 6000  # items kept beyond the view before the far ones are let go
CELL = 800.0  # side of a cell of the spatial grid, in points
LONG_CELLS = 64  # an edge reaching over more cells than this is checked on every query

Cell = tuple[int, int]


def _cells(rect: Rect) -> tuple[range, range]:
    x, y, w, h = rect
    return (range(int(x // CELL), int((x + w) // CELL) + 1),
            range(int(y // CELL), int((y + h) // CELL) + 1))


def _meets(a: Rect, b: Rect) -> bool:
    return a[0] <= b[0] + b[2] and b[0] <= a[0] + a[2] and a[1] <= b[1] + b[3] \
        and b[1] <= a[1] + a[3]


def _cosmetic(colour: str, width: float) -> QPen:
    """A pen as wide in pixels at any zoom."""
    pen = QPen(QColor(colour), width)
    pen.setCosmetic(True)
    return pen


class _Grid:
    """Ids filed by the grid cells their boxes touch, for finding what a rectangle meets."""

    def __init__(self, boxes: dict[str, Rect]) -> None:
        self.boxes: dict[str, Rect] = {}
        self.cells: dict[Cell, dict[str, None]] = {}  # ordered sets: a steady order
        self.long: dict[str, None] = {}
        for key, box in boxes.items():
            self.put(key, box)

    def put(self, key: str, box: Rect) -> None:
        """File (or file again) one id under its box."""
        if key in self.boxes:
            self.drop(key)
        self.boxes[key] = box
        xs, ys = _cells(box)
        if len(xs) * len(ys) > LONG_CELLS:
            self.long[key] = None
            return
        for cx in xs:
            for cy in ys:
                self.cells.setdefault((cx, cy), {})[key] = None

    def drop(self, key: str) -> None:
        """Forget one id."""
        box = self.boxes.pop(key, None)
        if box is None:
            return
        if self.long.pop(key, 0) is None:
            return
        xs, ys = _cells(box)
        for cx in xs:
            for cy in ys:
                self.cells.get((cx, cy), {}).pop(key, None)

    def meeting(self, rect: Rect) -> list[str]:
        """The ids whose boxes meet ``rect``, each once."""
        seen: set[str] = set()
        out: list[str] = []
        xs, ys = _cells(rect)
        boxes = self.boxes
        for cx in xs:
            for cy in ys:
                for key in self.cells.get((cx, cy), ()):
                    if key not in seen:
                        seen.add(key)
                        if _meets(boxes[key], rect):
                            out.append(key)
        out += [key for key in self.long if key not in seen and _meets(boxes[key], rect)]
        return out


class DiagramScene(QGraphicsScene):
    """Nodes and edges of one diagram, and which of them are lit."""

    node_activated = Signal(str)

    def __init__(self, bundle: Bundle, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[str, EdgeItem] = {}
        self.opened: str | None = None
        self.focused: str | None = None
        self.overview_shown = False
        self._lit: set[str] = set()
        self._held: set[str] = set()
        self._models: dict[str, Node] = {}
        self._edge_models: dict[str, Edge] = {}
        self._bends: dict[str, float] = {}
        self._edge_geometry: dict[str, EdgeGeometry] = {}
        self.diagram_geometry = DiagramGeometry({}, (), (0.0, 0.0, 0.0, 0.0))
        self._node_grid: _Grid | None = None
        self._edge_grid: _Grid | None = None
        self._growth = (0.0, 0.0)
        self._overview: tuple[list[QLineF], dict[str, list[QRectF]]] | None = None
        self.setBackgroundBrush(QColor(theme.BACKGROUND))
        self.set_bundle(bundle)

    # -- building ---------------------------------------------------------------------------

    def _node_texts(self, node: Node) -> tuple[str, str, str]:
        section = self.bundle.content.section(node.section)
        return (node.accent, node.tooltip or section.summary,
                f"{node.label}: opens {section.title}")

    def set_bundle(self, bundle: Bundle) -> None:
        """Show this diagram: add, update and remove items to match it."""
        with bulk():
            self._set_bundle(bundle)

    def _set_bundle(self, bundle: Bundle) -> None:
        diagram = bundle.diagram
        old_models, old_nodes = self._models, self.diagram_geometry.nodes
        old_edges, old_bends = self._edge_models, self._bends
        self.bundle = bundle
        self.virtual = len(diagram.nodes) >= VIRTUAL_MIN_NODES
        self._held = set()
        self._models = {node.id: node for node in diagram.nodes}
        self._edge_models = {edge.key: edge for edge in diagram.edges}
        self._bends = edge_bends(diagram, self._edge_models)
        self._touching: dict[str, list[Edge]] = {}
        for edge in diagram.edges:
            self._touching.setdefault(edge.source, []).append(edge)
            self._touching.setdefault(edge.target, []).append(edge)
        # An edit gives a diagram that shares its unchanged nodes and edges with the last
        # one (the very same objects): their geometry is kept, the rest is made anew.
        nodes: dict[str, NodeGeometry] = {}
        changed: set[str] = set()
        for node in diagram.nodes:
            if old_models.get(node.id) is node:
                nodes[node.id] = old_nodes[node.id]
            else:
                nodes[node.id] = node_geometry(node)
                changed.add(node.id)
        stale = {key for key, e in self._edge_models.items()
                 if old_edges.get(key) is not e or old_bends.get(key) != self._bends[key]
                 or e.source in changed or e.target in changed}
        stale |= self._rerouted(changed | (old_models.keys() - self._models.keys()),
                                old_nodes, nodes)
        self._edge_geometry = {key: g for key, g in self._edge_geometry.items()
                               if key in self._edge_models and key not in stale}
        self.diagram_geometry = DiagramGeometry(
            nodes, (), rough_bounds(diagram, nodes, self._bends) if self.virtual else
            (0.0, 0.0, 0.0, 0.0))
        self._refile(old_models.keys() - self._models.keys(), changed,
                     old_edges.keys() - self._edge_models.keys(), stale)
        if not self.virtual:
            edges = tuple(self._solve(edge.key) for edge in diagram.edges)
            self.diagram_geometry = DiagramGeometry(nodes, edges, bounds_of(nodes, edges))
        self._filled = QRectF()
        self._overview = None
        self._drop_missing()
        for node_id in list(self.nodes) if self.virtual else self._models:
            self.node_item(node_id)
        for key in list(self.edges) if self.virtual else self._edge_models:
            self.edge_item(key)
        self.setSceneRect(QRectF(*self.diagram_geometry.bounds))
        if self.opened not in self._models:
            self.opened = None
        if self.focused not in self._models:
            self.focused = None
        self.set_opened(self.opened)

    def _refile(self, gone_nodes: set[str], changed: set[str], gone_edges: set[str],
                stale: set[str]) -> None:
        """Bring the spatial grids (made on first use) in line with an edit."""
        growth = label_growth(self.bundle.diagram)
        if not self.virtual or growth != self._growth:
            self._node_grid = self._edge_grid = None  # made afresh when next needed
            self._growth = growth
            return
        if self._node_grid is not None:
            for node_id in gone_nodes:
                self._node_grid.drop(node_id)
            for node_id in changed:
                self._node_grid.put(node_id, self.diagram_geometry.nodes[node_id].rect)
        if self._edge_grid is not None:
            for key in gone_edges:
                self._edge_grid.drop(key)
            edges = [self._edge_models[key] for key in stale]
            for key, box in edge_reaches(self.bundle.diagram, self.diagram_geometry.nodes,
                                         self._bends, edges, growth).items():
                self._edge_grid.put(key, box)

    def _rerouted(self, moved: set[str], old: dict[str, NodeGeometry],
                  new: dict[str, NodeGeometry]) -> set[str]:
        """The solved edges whose way may cross where moved (or removed) boxes were or
        now are: they are routed again."""
        if not moved or not self._edge_geometry:
            return set()
        if self._edge_grid is None or not self.virtual:
            return set(self._edge_geometry)
        out: set[str] = set()
        for node_id in moved:
            for g in (old.get(node_id), new.get(node_id)):
                if g is not None:
                    out.update(self._edge_grid.meeting(g.rect))
        return out

    def _nodes_grid(self) -> _Grid:
        if self._node_grid is None:
            self._node_grid = _Grid({k: g.rect for k, g in self.diagram_geometry.nodes.items()})
        return self._node_grid

    def _obstacles(self, edge: Edge, source: NodeGeometry, target: NodeGeometry,
                   moved: dict[str, NodeGeometry] | None = None) -> list[Rect]:
        """The boxes near an edge's way that it does not join (``moved`` boxes where a
        drag shows them)."""
        moved, nodes = moved or {}, self.diagram_geometry.nodes
        area = route_area(source, target, self._bends[edge.key])
        ends = (edge.source, edge.target)
        near = self._nodes_grid().meeting(area)
        out = [nodes[k].rect for k in near if k not in ends and k not in moved]
        return out + [g.rect for k, g in moved.items() if k not in ends]

    def _solve(self, key: str) -> EdgeGeometry:
        geometry = self._edge_geometry.get(key)
        if geometry is None:
            edge, nodes = self._edge_models[key], self.diagram_geometry.nodes
            source, target = nodes[edge.source], nodes[edge.target]
            geometry = self._edge_geometry[key] = edge_geometry(
                edge, source, target, self._bends[key],
                obstacles=self._obstacles(edge, source, target))
        return geometry

    def edge_geometry(self, key: str) -> EdgeGeometry:
        """One edge's geometry (solved on first use in a virtual scene)."""
        return self._solve(key)

    def node_item(self, node_id: str) -> NodeItem:
        """The item of a node, made now if it is not on show yet; an item already on show
        takes the node's current geometry and look."""
        node = self._models[node_id]
        geometry = self.diagram_geometry.nodes[node_id]
        item = self.nodes.get(node_id)
        if item is None:
            item = self.nodes[node_id] = NodeItem(geometry, *self._node_texts(node))
            item.activated.connect(self.node_activated)
            self._style_node(node_id, item)
            self.addItem(item)
        elif item.model_geometry is not geometry:
            item.set_look(geometry, *self._node_texts(node))
        return item

    def edge_item(self, key: str) -> EdgeItem:
        """The item of an edge, made now if it is not on show yet."""
        geometry = self._solve(key)
        item = self.edges.get(key)
        if item is None:
            item = self.edges[key] = EdgeItem(geometry)
            self._style_edge(item)
            self.addItem(item)
        elif item.model_geometry is not geometry:
            item.set_geometry(geometry)
        return item

    def _drop_missing(self) -> None:
        """Remove the items of nodes and edges the diagram no longer has."""
        for node_id in [k for k in self.nodes if k not in self._models]:
            self.removeItem(self.nodes.pop(node_id))
        for key in [k for k in self.edges if k not in self._edge_models]:
            self.removeItem(self.edges.pop(key))

    # -- a virtual scene: items for what is on show -------------------------------------------

    def materialize(self, shown: QRectF) -> None:
        """Make sure the nodes and edges that meet the rectangle on show, and a margin
        round it, have items (a virtual scene only); when many items have piled up, let
        go of those outside it."""
        if not self.virtual or self._filled.contains(shown):
            return
        margin = max(shown.width(), shown.height()) * 0.2
        rect = shown.adjusted(-margin, -margin, margin, margin)
        self._filled = rect
        area = (rect.x(), rect.y(), rect.width(), rect.height())
        with bulk():
            node_grid = self._nodes_grid()
            if self._edge_grid is None:
                self._edge_grid = _Grid(edge_reaches(self.bundle.diagram,
                                                     self.diagram_geometry.nodes, self._bends,
                                                     growth=self._growth))
            node_ids = node_grid.meeting(area)
            keys = self._edge_grid.meeting(area)
            if len(self.nodes) + len(self.edges) + len(node_ids) + len(keys) > LIVE_LIMIT:
                self._let_go(set(node_ids), set(keys))
            for node_id in node_ids:
                if node_id not in self.nodes:
                    self.node_item(node_id)
            for key in keys:
                if key not in self.edges:
                    self.edge_item(key)

    def _let_go(self, node_ids: set[str], keys: set[str]) -> None:
        keep = node_ids | self._held | {self.opened, self.focused}
        for node_id in [k for k in self.nodes if k not in keep]:
            self.removeItem(self.nodes.pop(node_id))
        for key in [k for k in self.edges if k not in keys]:
            edge = self._edge_models[key]
            if edge.source not in self._held and edge.target not in self._held:
                self.removeItem(self.edges.pop(key))

    def set_overview_shown(self, shown: bool) -> None:
        """Hide the items while the view draws the overview (plain boxes and lines) instead."""
        self.overview_shown = shown
        for item in (*self.nodes.values(), *self.edges.values()):
            item.setVisible(not shown)

    def draw_overview(self, painter: QPainter, exposed: QRectF) -> None:
        """Draw the whole diagram as plain boxes and lines, for a view zoomed out too far
        to read labels: two calls instead of one per item. Lines join box centres; the
        boxes, drawn over them, hide the ends. The shapes are made once and kept.

        As in the detailed view, an opened node's pathways stay lit and the rest is
        dimmed, and the keyboard focus has its ring."""
        if self._overview is None:
            with bulk():
                self._overview = self._overview_shapes()
        lines, boxes = self._overview
        painter.save()
        painter.setPen(QPen(QColor(theme.EDGE), 0))
        painter.drawLines(lines)
        for accent, rects in boxes.items():
            painter.setPen(QPen(QColor(accent), 0))
            painter.setBrush(QColor(theme.tint(accent)))
            painter.drawRects(rects)
        nodes = self.diagram_geometry.nodes
        if self.opened:  # a veil of the background dims the rest, as items are dimmed
            veil = QColor(theme.BACKGROUND)
            veil.setAlphaF(1.0 - DIM_OPACITY)
            painter.fillRect(exposed, veil)
            painter.setPen(_cosmetic(theme.EDGE_LIT, 2.0))
            painter.drawLines([QLineF(*nodes[e.source].center, *nodes[e.target].center)
                               for e in self._touching.get(self.opened, [])])
            for node_id in self._lit:
                accent = self._models[node_id].accent
                painter.setPen(_cosmetic(theme.FOCUS if node_id == self.opened else accent,
                                         3.0 if node_id == self.opened else 1.5))
                painter.setBrush(QColor(theme.tint(accent)))
                painter.drawRect(QRectF(*nodes[node_id].rect))
        if self.focused:
            ring = _cosmetic(theme.FOCUS, 2.0)
            ring.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(*nodes[self.focused].rect).adjusted(-RING, -RING, RING,
                                                                          RING))
        painter.restore()

    def _overview_shapes(self) -> tuple[list[QLineF], dict[str, list[QRectF]]]:
        xs = {node.id: node.x for node in self.bundle.diagram.nodes}
        ys = {node.id: node.y for node in self.bundle.diagram.nodes}
        lines = [QLineF(xs[e.source], ys[e.source], xs[e.target], ys[e.target])
                 for e in self._edge_models.values()]
        nodes = self.diagram_geometry.nodes
        boxes: dict[str, list[QRectF]] = {}
        for node in self.bundle.diagram.nodes:
            boxes.setdefault(node.accent, []).append(QRectF(*nodes[node.id].rect))
        return lines, boxes

    # -- questions ---------------------------------------------------------------------------

    def has_node(self, node_id: str) -> bool:
        """Whether the diagram shown has a node with this id."""
        return node_id in self._models

    def node_at(self, point: QPointF) -> str | None:
        """The node whose box holds a scene point (for clicks on the overview)."""
        x, y = point.x(), point.y()
        for node_id, g in self.diagram_geometry.nodes.items():
            left, top, w, h = g.rect
            if left <= x <= left + w and top <= y <= top + h:
                return node_id
        return None

    def node_rect(self, node_id: str) -> QRectF:
        """A node's box in scene coordinates."""
        return QRectF(*self.diagram_geometry.nodes[node_id].rect)

    def neighbours(self, node_id: str) -> set[str]:
        """Ids of the nodes joined to this one by an edge."""
        edges = self._touching.get(node_id, [])
        return ({e.target for e in edges} | {e.source for e in edges}) - {node_id}

    def pathway_rect(self, node_id: str) -> QRectF:
        """The box around a node and its neighbours."""
        rect = self.node_rect(node_id)
        for other in self.neighbours(node_id):
            rect = rect.united(self.node_rect(other))
        return rect

    # -- state --------------------------------------------------------------------------------

    def _style_node(self, node_id: str, item: NodeItem) -> None:
        item.set_state(opened=node_id == self.opened, focused=node_id == self.focused,
                       dimmed=bool(self.opened) and node_id not in self._lit)
        item.setVisible(not self.overview_shown)

    def _style_edge(self, item: EdgeItem) -> None:
        lit = self.opened in (item.source, item.target)
        item.set_state(lit=lit, dimmed=bool(self.opened) and not lit)
        item.setVisible(not self.overview_shown)

    def set_opened(self, node_id: str | None) -> None:
        """Light a node, its edges and its neighbours and dim the rest; None clears."""
        self.opened = node_id
        self._lit = {node_id} | self.neighbours(node_id) if node_id else set()
        for nid, node_item in self.nodes.items():
            self._style_node(nid, node_item)
        for edge_item in self.edges.values():
            self._style_edge(edge_item)
        self._refresh_overview()

    def _refresh_overview(self) -> None:
        if self.overview_shown:  # the overview is drawn as the background: draw it again
            self.invalidate(QRectF(), QGraphicsScene.SceneLayer.BackgroundLayer)

    def set_focused(self, node_id: str | None) -> None:
        """Move the keyboard focus ring to a node; None removes it."""
        if self.focused in self.nodes:
            self.nodes[self.focused].set_state(focused=False)
        self.focused = node_id
        if node_id:
            self.node_item(node_id).set_state(focused=True)
        self._refresh_overview()

    # -- dragging -----------------------------------------------------------------------------

    def preview_positions(self, positions: dict[str, tuple[float, float]]) -> None:
        """Show nodes at new centres, with their edges following (the model is unchanged)."""
        self._held = set(positions)
        moved = {node_id: self._models[node_id].model_copy(update={"x": x, "y": y})
                 for node_id, (x, y) in positions.items()}
        geometry = self.diagram_geometry.nodes
        fresh = {node_id: node_geometry(node) for node_id, node in moved.items()}
        rect = self.sceneRect()
        for node_id, node in moved.items():
            self.node_item(node_id).set_look(fresh[node_id], *self._node_texts(node))
            rect = rect.united(QRectF(*fresh[node_id].rect).adjusted(-24, -24, 24, 24))
        keys = {e.key for node_id in moved for e in self._touching.get(node_id, [])}
        for node_id in moved:  # the arrows on show the moved boxes now lie over
            keys.update(i.source + "->" + i.target for i in self.items(QRectF(
                *fresh[node_id].rect)) if isinstance(i, EdgeItem))
        for key in sorted(keys):
            edge = self._edge_models[key]
            source = fresh.get(edge.source) or geometry[edge.source]
            target = fresh.get(edge.target) or geometry[edge.target]
            self.edge_item(key).set_geometry(edge_geometry(
                edge, source, target, self._bends[key],
                obstacles=self._obstacles(edge, source, target, fresh)))
        if rect != self.sceneRect():
            self.setSceneRect(rect)
