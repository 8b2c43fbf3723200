"""A large diagram zoomed out is drawn as one overview; zooming in brings the items back."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from gutskin_desktop.app import build_window
from gutskin_desktop.model.paths import CONTENT_FILE
from gutskin_desktop.model.theme import tint
from gutskin_desktop.ui.main_window import MainWindow


def _generated(tmp_path: Path, count: int) -> Path:
    sections = [s["id"] for s in json.loads(CONTENT_FILE.read_text())["sections"]]
    side = int(count ** 0.5)
    nodes = [{"id": f"n{i}", "label": f"Node {i}", "kind": "mechanism",
              "section": sections[i % len(sections)], "x": (i % side) * 190.0,
              "y": (i // side) * 110.0, "color": "#3f7aa8"} for i in range(count)]
    edges = [{"source": f"n{i}", "target": f"n{i + 1}"} for i in range(count - 1)
             if (i + 1) % side]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format_version": 1, "title": "Big", "nodes": nodes,
                                "edges": edges}))
    return path


def test_overview_when_zoomed_out_items_when_zoomed_in(qtbot: QtBot, tmp_path: Path) -> None:
    window = _shown(qtbot, tmp_path)
    view = window.view
    assert view.overview
    assert not any(item.isVisible() for item in window.scene.nodes.values())
    centre = QPointF(*window.scene.diagram_geometry.nodes["n37"].center)
    point = view.mapFromScene(centre)
    colour = view.grab().toImage().pixelColor(point)
    want = QColor(tint("#3f7aa8"))
    assert abs(colour.red() - want.red()) < 12 and abs(colour.blue() - want.blue()) < 12
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    text = window.findChild(QTextBrowser, "sectionText").toPlainText()
    section = window.bundle.content.section(window.bundle.diagram.node("n37").section)
    assert text.startswith(section.title)
    for _ in range(12):
        view.zoom_in()
    assert not view.overview
    assert all(item.isVisible() for item in window.scene.nodes.values())


def test_the_overview_keeps_the_opened_pathways_lit(qtbot: QtBot, tmp_path: Path) -> None:
    window = _shown(qtbot, tmp_path)
    view, scene = window.view, window.scene
    assert view.overview
    far = view.mapFromScene(QPointF(*scene.diagram_geometry.nodes["n800"].center))
    before = view.grab().toImage().pixelColor(far)
    window.open_node("n37")
    image = view.grab().toImage()
    opened = image.pixelColor(view.mapFromScene(
        QPointF(*scene.diagram_geometry.nodes["n37"].center)))
    assert opened.blue() > opened.red() + 60, "the opened box is ringed in the focus blue"
    after = image.pixelColor(far)
    assert after.lightness() > before.lightness() + 8, "the rest is dimmed"
    window.clear_selection()
    assert view.grab().toImage().pixelColor(far) == before


def _shown(qtbot: QtBot, tmp_path: Path, count: int = 900) -> MainWindow:
    """The main window on a generated diagram of ``count`` boxes, shown at 1000x700."""
    window = build_window(diagram_path=_generated(tmp_path, count))
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    return window


def _look_at(window: MainWindow, node_id: str, zoom: float = 1.0) -> None:
    """Zoom the view to ``zoom`` and centre it on a node, as a person scrolling would."""
    view = window.view
    view.zoom_by(zoom / view.zoom_factor())
    view.centerOn(QPointF(*window.scene.diagram_geometry.nodes[node_id].center))


def test_a_big_diagram_has_items_only_where_the_view_shows(qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    window = _shown(qtbot, tmp_path)
    scene, view = window.scene, window.view
    assert view.overview and not scene.nodes and not scene.edges, "nothing made up front"
    _look_at(window, "n37")
    assert not view.overview
    item = scene.nodes["n37"]
    assert item.objectName() == "node:n37" and item.isVisible()
    assert "edge:n37->n38" in {i.objectName() for i in scene.items()}
    assert "n899" not in scene.nodes, "a node far off screen has no item"
    assert len(scene.nodes) < 300
    box = scene.node_rect("n37")
    inside = QPointF(box.left() + 6, box.center().y())  # in the box, clear of the label
    colour = view.grab().toImage().pixelColor(view.mapFromScene(inside))
    want = QColor(tint("#3f7aa8"))
    assert abs(colour.red() - want.red()) < 12 and abs(colour.blue() - want.blue()) < 12
    _look_at(window, "n899")
    assert scene.nodes["n899"].isVisible(), "scrolling there makes its items"


def test_items_made_later_take_the_opened_state(qtbot: QtBot, tmp_path: Path) -> None:
    window = _shown(qtbot, tmp_path)
    window.open_node("n37")
    _look_at(window, "n37")
    scene = window.scene
    assert scene.nodes["n37"].is_opened
    assert scene.nodes["n38"].opacity() == 1.0, "a neighbour stays lit"
    assert scene.edges["n37->n38"].is_lit
    assert scene.nodes["n67"].opacity() < 0.5, "the rest is dimmed"
    _look_at(window, "n800")
    assert scene.nodes["n800"].opacity() < 0.5
    window.clear_selection()
    assert scene.nodes["n800"].opacity() == 1.0


def test_keyboard_focus_reaches_a_node_without_an_item(qtbot: QtBot, tmp_path: Path) -> None:
    window = _shown(qtbot, tmp_path)
    view = window.view
    _look_at(window, "n0")
    assert "n899" not in window.scene.nodes
    view._order = ["n0", "n899"]  # the tour: from the first node to one far away
    window.scene.set_focused("n0")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert window.scene.focused == "n899"
    item = window.scene.nodes["n899"]
    assert item.is_focused
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.intersects(item.sceneBoundingRect()), "the view scrolls to the focus ring"
    assert "Node 899" in window.statusBar().currentMessage()


def test_panning_far_lets_go_of_items_left_behind(qtbot: QtBot, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from gutskin_desktop.ui import diagram_scene as scene_module

    monkeypatch.setattr(scene_module, "LIVE_LIMIT", 150)
    window = _shown(qtbot, tmp_path)
    scene = window.scene
    for node_id in ("n0", "n29", "n870", "n899", "n450"):
        _look_at(window, node_id)
        assert len(scene.nodes) + len(scene.edges) <= 150 + 80
        assert scene.nodes[node_id].isVisible()
    assert "n0" not in scene.nodes, "items far behind are let go"
    _look_at(window, "n0")
    assert scene.nodes["n0"].isVisible(), "and made again on return"


def test_dragging_in_a_big_diagram_moves_the_node_and_its_edges(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    window = _shown(qtbot, tmp_path)
    window.action("actionArrange").trigger()
    _look_at(window, "n37")
    scene, port = window.scene, window.view.viewport()
    before = scene.edges["n37->n38"].model_geometry.curve
    start = window.view.mapFromScene(QPointF(*scene.diagram_geometry.nodes["n37"].center))
    QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 5):
        QTest.mouseMove(port, start + QPoint(0, 15 * i))
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       start + QPoint(0, 60))
    moved = window.session.diagram.diagram.node("n37")
    assert abs(moved.y - (window.bundle.diagram.node("n36").y + 60)) < 2
    assert scene.edges["n37->n38"].model_geometry.curve != before, "the arrow follows"
    window.session.diagram.undo_stack.setClean()


def test_an_edit_in_a_big_diagram_moves_the_box_where_the_view_finds_it(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gutskin_desktop.model import diagram_edit
    from gutskin_desktop.ui import diagram_scene as scene_module

    monkeypatch.setattr(scene_module, "LIVE_LIMIT", 150)
    window = _shown(qtbot, tmp_path)
    scene = window.scene
    _look_at(window, "n37")
    far = window.bundle.diagram.node("n899")
    moved = diagram_edit.move_nodes(window.session.diagram.diagram, window.bundle.content,
                                    {"n37": (far.x + 400, far.y + 400)})
    window.session.diagram.edit("Move n37", moved)
    assert window.bundle.diagram.nodes[0] is moved.nodes[0], "unchanged boxes are shared"
    _look_at(window, "n450")  # elsewhere: the boxes left behind are let go
    assert "n37" not in scene.nodes
    _look_at(window, "n37")  # found again at its new place
    item = scene.nodes["n37"]
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert item.isVisible() and shown.contains(item.sceneBoundingRect().center())
    assert scene.edges["n37->n38"].model_geometry.curve[0][0] > far.x, "its arrow follows it"
    window.action("actionUndo").trigger()
    _look_at(window, "n450")
    _look_at(window, "n37")
    assert scene.node_rect("n37").center().x() < far.x
    assert scene.nodes["n37"].isVisible()
    window.session.diagram.undo_stack.setClean()
