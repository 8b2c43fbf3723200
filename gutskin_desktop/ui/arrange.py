"""Arrange mode: move, add and delete nodes and edges, and edit them, all undoable.

:class:`ArrangeInteraction` turns mouse gestures on the diagram into edits: a drag from a
box's middle moves it (the scene shows the move live; one undoable edit is pushed on
release), a drag from its edge to another box adds an arrow (a rubber band follows the
pointer), and a double-click on a box or an arrow edits its label in place.
:class:`ArrangePanel` edits the selected node (label, kind, colour, the section it opens,
its own text) and its edges. Every change goes through the :class:`DiagramDocument`,
saved to the user's diagram file, and is named in the boxes' own labels.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..model import diagram_edit as edit
from ..model.content import Content
from ..model.diagram import NODE_TEXT_MAX, Diagram
from ..model.errors import EditError
from ..model.theme import is_colour
from .arrange_tools import InPlaceEditor, RubberBand
from .diagram_items import EdgeItem, NodeItem
from .diagram_view import DiagramView
from .session import DiagramDocument

KINDS = (("Hub", "hub"), ("Mechanism", "mechanism"), ("Note", "note"))
EDGE_BAND_PX = 8.0  # a press this near a box's border starts a new arrow


class ArrangeInteraction(QObject):
    """Gestures on the view's viewport: drag a box's middle to move it, drag from its
    edge to another box to join them, double-click a box or an arrow to edit its label;
    a click selects a box, the background clears."""

    selected = Signal(str)
    moved = Signal(dict)
    connect_requested = Signal(str, str)  # source, target
    node_renamed = Signal(str, str)  # node id, new label
    edge_relabelled = Signal(str, str)  # edge key, new label
    refused = Signal(str)

    def __init__(self, view: DiagramView) -> None:
        super().__init__(view)
        self.view = view
        self._press: QPointF | None = None
        self._start: dict[str, tuple[float, float]] = {}
        self._positions: dict[str, tuple[float, float]] = {}
        self.rubber_band: RubberBand | None = None
        self._connect_from = ""
        self.editor: InPlaceEditor | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QMouseEvent):
            return False
        kind = event.type()
        left = event.button() == Qt.MouseButton.LeftButton
        if kind == QEvent.Type.MouseButtonDblClick and left:
            return self._on_double_click(event)
        if kind == QEvent.Type.MouseButtonPress and left:
            return self._on_press(event)
        if kind == QEvent.Type.MouseMove and self.rubber_band is not None:
            self.rubber_band.stretch_to(self.view.mapToScene(event.position().toPoint()))
            return True
        if kind == QEvent.Type.MouseMove and self._press is not None:
            self._on_move(event)
            return True
        if kind == QEvent.Type.MouseButtonRelease and self.rubber_band is not None:
            self._on_connect_release(event)
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._press is not None:
            self._press = None
            if self._positions and self._positions != self._start:
                self.moved.emit(dict(self._positions))
            self._positions = {}
            return True
        return False

    def _on_press(self, event: QMouseEvent) -> bool:
        item = self.view.itemAt(event.position().toPoint())
        if not isinstance(item, NodeItem):
            self.selected.emit("")
            return False
        node = self.view.diagram_scene.bundle.diagram.node(item.node_id)
        point = self.view.mapToScene(event.position().toPoint())
        self.selected.emit(node.id)
        if self._near_border(item, point):
            self._connect_from = node.id
            centre = item.mapRectToScene(item.shape().boundingRect()).center()
            self.rubber_band = RubberBand(centre)
            self.rubber_band.stretch_to(point)
            self.view.diagram_scene.addItem(self.rubber_band)
            return True
        self._press = point
        self._start = {node.id: (node.x, node.y)}
        self._positions = {}
        return True

    def _near_border(self, item: NodeItem, point: QPointF) -> bool:
        """Whether a scene point inside a box lies in the band along its border."""
        rect = item.mapRectToScene(item.shape().boundingRect())
        zoom = self.view.zoom_factor() or 1.0
        band = min(EDGE_BAND_PX, rect.height() * zoom / 4, rect.width() * zoom / 4) / zoom
        inset = min(point.x() - rect.left(), rect.right() - point.x(),
                    point.y() - rect.top(), rect.bottom() - point.y())
        return inset <= band

    def _on_connect_release(self, event: QMouseEvent) -> None:
        band, source = self.rubber_band, self._connect_from
        self.rubber_band, self._connect_from = None, ""
        if band is not None:
            self.view.diagram_scene.removeItem(band)
        item = self.view.itemAt(event.position().toPoint())
        if isinstance(item, NodeItem):
            self.connect_requested.emit(source, item.node_id)
        else:
            self.refused.emit("To add an arrow, drag from a box's edge and drop on "
                              "another box")

    def _on_move(self, event: QMouseEvent) -> None:
        press = self._press
        if press is None:
            return
        point = self.view.mapToScene(event.position().toPoint())
        dx, dy = point.x() - press.x(), point.y() - press.y()
        self._positions = {k: (x + dx, y + dy) for k, (x, y) in self._start.items()}
        self.view.diagram_scene.preview_positions(self._positions)

    # -- labels edited in place -------------------------------------------------------------

    def _on_double_click(self, event: QMouseEvent) -> bool:
        item = self.view.itemAt(event.position().toPoint())
        scene = self.view.diagram_scene
        if isinstance(item, NodeItem):
            node_id = item.node_id
            text = scene.bundle.diagram.node(node_id).label
            rect = item.mapRectToScene(item.shape().boundingRect())
            self._edit_in_place(text, rect, lambda t: self.node_renamed.emit(node_id, t))
            return True
        if isinstance(item, EdgeItem):
            g = item.model_geometry
            key = g.key
            edge = next(e for e in scene.bundle.diagram.edges if e.key == key)
            if g.label_rect:
                rect = QRectF(*g.label_rect)
            else:
                rect = QRectF(self.view.mapToScene(event.position().toPoint()), QPointF())
            self._edit_in_place(edge.label, rect,
                                lambda t: self.edge_relabelled.emit(key, t))
            return True
        return False

    def _edit_in_place(self, text: str, rect: QRectF, commit: Callable[[str], None]) -> None:
        if self.editor is not None:
            self.editor.cancel()
        over = self.view.mapFromScene(rect).boundingRect()
        editor = self.editor = InPlaceEditor(text, over, self.view.viewport())
        editor.committed.connect(commit)
        editor.committed.connect(self._editor_closed)
        editor.cancelled.connect(self._editor_closed)

    def _editor_closed(self) -> None:
        self.editor = None
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)


class ArrangePanel(QWidget):
    """Fields of the selected node and its edges; buttons to add and delete."""

    error = Signal(str)
    node_added = Signal(str)

    def __init__(self, document: DiagramDocument, content: Content,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arrangePanel")
        self.document, self.content = document, content
        self.node_id = ""
        self._loading = False
        layout = QVBoxLayout(self)
        hint = QLabel("Drag boxes to move them; drag from a box's edge to another box to "
                      "add an arrow. Double-click a box or an arrow to change its label. "
                      "Save keeps the arrangement for the app and for printed handouts.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self._node_box())
        layout.addWidget(self._edge_box())
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add box")
        self.add_button.setObjectName("addNode")
        self.delete_button = QPushButton("Delete box")
        self.delete_button.setObjectName("deleteNode")
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.add_button.clicked.connect(self.add_node)
        self.delete_button.clicked.connect(self.delete_node)
        document.changed.connect(self.refresh)
        self.refresh()

    # -- building --------------------------------------------------------------------------

    def _node_box(self) -> QGroupBox:
        box = QGroupBox("Box")
        form = QFormLayout(box)
        self.label = QLineEdit()
        self.label.setObjectName("nodeLabel")
        self.label.textEdited.connect(lambda t: self._node_edit({"label": t}, "label"))
        form.addRow("Label", self.label)
        self.patient_label = QLineEdit()
        self.patient_label.setObjectName("nodePatientLabel")
        self.patient_label.setPlaceholderText("same as the label")
        self.patient_label.setToolTip("The label in plain words, for patient handouts")
        self.patient_label.textEdited.connect(
            lambda t: self._node_edit({"patient_label": t.strip() or None}, "patient label"))
        form.addRow("For patients", self.patient_label)
        self.kind = QComboBox()
        self.kind.setObjectName("nodeKind")
        for text, value in KINDS:
            self.kind.addItem(text, value)
        self.kind.currentIndexChanged.connect(
            lambda _: self._node_edit({"kind": self.kind.currentData()}, "kind"))
        form.addRow("Kind", self.kind)
        self.colour = QLineEdit()
        self.colour.setObjectName("nodeColour")
        self.colour.setPlaceholderText("#rrggbb or empty")
        self.colour.setMaxLength(7)
        self.colour.textEdited.connect(self._colour_edit)
        form.addRow("Colour", self.colour)
        self.section = QComboBox()
        self.section.setObjectName("nodeSection")
        for section in self.content.sections:
            self.section.addItem(section.title, section.id)
        self.section.currentIndexChanged.connect(
            lambda _: self._node_edit({"section": self.section.currentData()}, "section"))
        form.addRow("Opens", self.section)
        self.text = QPlainTextEdit()
        self.text.setObjectName("nodeText")
        self.text.setPlaceholderText("A few words of the box's own, shown with its "
                                     f"section (up to {NODE_TEXT_MAX} characters)")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.text.textChanged.connect(self._text_edit)
        form.addRow("Own text", self.text)
        self.node_fields = box
        return box

    def _edge_box(self) -> QGroupBox:
        box = QGroupBox("Arrows")
        layout = QVBoxLayout(box)
        self.edges = QListWidget()
        self.edges.setObjectName("nodeEdges")
        self.edges.setMaximumHeight(140)
        layout.addWidget(self.edges)
        self.edge_label = QLineEdit()
        self.edge_label.setObjectName("edgeLabel")
        self.edge_label.setPlaceholderText("label of the selected arrow")
        self.edge_label.textEdited.connect(self._edge_label_edit)
        layout.addWidget(self.edge_label)
        self.edge_patient_label = QLineEdit()
        self.edge_patient_label.setObjectName("edgePatientLabel")
        self.edge_patient_label.setPlaceholderText("the arrow's label for patients")
        self.edge_patient_label.textEdited.connect(self._edge_patient_label_edit)
        layout.addWidget(self.edge_patient_label)
        remove = QPushButton("Delete arrow")
        remove.setObjectName("deleteEdge")
        remove.clicked.connect(self.delete_edge)
        layout.addWidget(remove)
        row = QHBoxLayout()
        self.target = QComboBox()
        self.target.setObjectName("edgeTarget")
        self._targets: list[tuple[str, str]] = []
        self.two_way = QCheckBox("two-way")
        self.two_way.setObjectName("edgeTwoWay")
        add = QPushButton("Add arrow to")
        add.setObjectName("addEdge")
        add.clicked.connect(self.add_edge)
        row.addWidget(add)
        row.addWidget(self.target, 1)
        row.addWidget(self.two_way)
        layout.addLayout(row)
        self.edges.currentItemChanged.connect(lambda *_: self._show_edge())
        self.edge_fields = box
        return box

    # -- showing ---------------------------------------------------------------------------

    def select(self, node_id: str) -> None:
        self.node_id = node_id
        self.refresh()

    def refresh(self) -> None:
        self._loading = True
        try:
            self._refresh()
        finally:
            self._loading = False

    def _refresh(self) -> None:
        diagram = self.document.diagram
        ids = {n.id for n in diagram.nodes}
        if self.node_id not in ids:
            self.node_id = ""
        enabled = bool(self.node_id)
        for widget in (self.node_fields, self.edge_fields, self.delete_button):
            widget.setEnabled(enabled)
        if not enabled:
            return
        node = diagram.node(self.node_id)
        if not self.label.hasFocus():
            self.label.setText(node.label)
        if not self.patient_label.hasFocus():
            self.patient_label.setText(node.patient_label or "")
        self.kind.setCurrentIndex(self.kind.findData(node.kind))
        if not self.colour.hasFocus():
            self.colour.setText(node.color or "")
        self.section.setCurrentIndex(self.section.findData(node.section))
        if not self.text.hasFocus() and self.text.toPlainText() != (node.text or ""):
            self.text.setPlainText(node.text or "")
        current = self.edges.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.edges.clear()
        for e in diagram.edges_of(self.node_id):
            arrow = "\u2194" if e.two_way else "\u2192"
            ends = f"{diagram.name(e.source)} {arrow} {diagram.name(e.target)}"
            item = QListWidgetItem(f"{ends}: {e.label}" if e.label else ends)
            item.setData(Qt.ItemDataRole.UserRole, e.key)
            self.edges.addItem(item)
            if e.key == keep:
                self.edges.setCurrentItem(item)
        targets = [(n.label, n.id) for n in diagram.nodes if n.id != self.node_id]
        if targets != self._targets:  # a big diagram's list is long: refill it on change
            self._targets = targets
            self.target.clear()
            for label, node_id in targets:
                self.target.addItem(label, node_id)
        self._show_edge()

    def _show_edge(self) -> None:
        key = self._edge_key()
        edge = next((e for e in self.document.diagram.edges if e.key == key), None)
        if not self.edge_label.hasFocus():
            self.edge_label.setText(edge.label if edge else "")
        if not self.edge_patient_label.hasFocus():
            self.edge_patient_label.setText((edge.patient_label or "") if edge else "")
        self.edge_label.setEnabled(edge is not None)
        self.edge_patient_label.setEnabled(edge is not None)

    def _edge_key(self) -> str:
        item = self.edges.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    # -- editing ---------------------------------------------------------------------------

    def _apply(self, text: str, make: Callable[[Diagram], Diagram],
               key: str | None = None) -> bool:
        """Make one edit of the diagram an undoable step; say why when it is refused."""
        if self._loading:
            return False
        try:
            after = make(self.document.diagram)
        except EditError as exc:
            self.error.emit(str(exc))
            return False
        self.document.edit(text, after, key)
        return True

    def _node_edit(self, changes: dict[str, object], field: str) -> None:
        node_id = self.node_id
        if node_id:
            name = self.document.diagram.name(node_id)
            self._apply(f"Change {field} of {name}", lambda d: edit.update_node(
                d, self.content, node_id, changes), f"node:{node_id}:{field}")

    def _text_edit(self) -> None:
        text = self.text.toPlainText()
        if len(text) > NODE_TEXT_MAX:
            self.error.emit(f"A box's own text keeps to {NODE_TEXT_MAX} characters")
            return
        self._node_edit({"text": text.strip() or None}, "own text")

    def attach(self, gestures: ArrangeInteraction) -> None:
        """Make the diagram's gestures (a new arrow, a label edited in place) edits."""
        gestures.connect_requested.connect(self.add_arrow)
        gestures.node_renamed.connect(self.rename_node)
        gestures.edge_relabelled.connect(self.label_edge)
        gestures.refused.connect(self.error)

    def rename_node(self, node_id: str, label: str) -> bool:
        """Give a box a new label as one undoable step."""
        label, old = label.strip(), self.document.diagram.name(node_id)
        if not label:
            self.error.emit(f"{old} needs a label")
            return False
        if label == old:
            return False
        return self._apply(f"Rename {old} to {label}", lambda d: edit.update_node(
            d, self.content, node_id, {"label": label}))

    def label_edge(self, key: str, label: str) -> bool:
        """Give an arrow a new label (empty for none) as one undoable step."""
        label = label.strip()
        edge = next((e for e in self.document.diagram.edges if e.key == key), None)
        if edge is None or edge.label == label:
            return False
        return self._apply(f"Label arrow {self._edge_name(key)}", lambda d: edit.update_edge(
            d, self.content, key, {"label": label}))

    def _edge_name(self, key: str) -> str:
        diagram = self.document.diagram
        edge = next((e for e in diagram.edges if e.key == key), None)
        return diagram.edge_name(edge) if edge else key

    def _colour_edit(self, text: str) -> None:
        text = text.strip()
        if not text or is_colour(text):
            self._node_edit({"color": text.lower() or None}, "colour")

    def _edge_label_edit(self, text: str) -> None:
        key = self._edge_key()
        if key:
            self._apply(f"Label arrow {self._edge_name(key)}", lambda d: edit.update_edge(
                d, self.content, key, {"label": text}), f"edge:{key}:label")

    def _edge_patient_label_edit(self, text: str) -> None:
        key = self._edge_key()
        if key:
            name = self._edge_name(key)
            self._apply(f"Label arrow {name} for patients", lambda d: edit.update_edge(
                d, self.content, key, {"patient_label": text.strip() or None}),
                f"edge:{key}:patient_label")

    def add_node(self) -> None:
        diagram = self.document.diagram
        x = sum(n.x for n in diagram.nodes) / len(diagram.nodes)
        y = max(n.y for n in diagram.nodes) + 60
        made: list[str] = []

        def make(d: Diagram) -> Diagram:
            after, node_id = edit.add_node(d, self.content, x, y)
            made.append(node_id)
            return after
        if self._apply("Add box", make):
            self.select(made[0])
            self.node_added.emit(made[0])

    def delete_node(self) -> None:
        node_id = self.node_id
        if node_id and self._apply(f"Delete box {self.document.diagram.name(node_id)}",
                                   lambda d: edit.remove_node(d, self.content, node_id)):
            self.select("")

    def add_edge(self) -> None:
        target = self.target.currentData()
        if self.node_id and target:
            self.add_arrow(self.node_id, target, self.two_way.isChecked())

    def add_arrow(self, source: str, target: str, two_way: bool = False) -> bool:
        """Join two boxes with an arrow as one undoable step (refused with a message
        naming the boxes for a box joined to itself or a pair already joined)."""
        d = self.document.diagram
        joiner = "and" if two_way else "to"
        return self._apply(f"Add arrow {d.name(source)} {joiner} {d.name(target)}",
                           lambda d: edit.add_edge(d, self.content, source, target, "",
                                                   two_way))

    def delete_edge(self) -> None:
        key = self._edge_key()
        if key:
            self._apply(f"Delete arrow {self._edge_name(key)}",
                        lambda d: edit.remove_edge(d, self.content, key))
