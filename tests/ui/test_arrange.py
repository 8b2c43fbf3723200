"""Arrange mode: drag, add, delete and edit boxes and arrows; save; the PDF follows."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from gutskin_desktop.export.render import ExportOptions, render
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.diagram import load_diagram
from gutskin_desktop.model.layout_files import open_layout
from gutskin_desktop.model.paths import user_diagram_file
from gutskin_desktop.ui.handout_window import HandoutWindow
from gutskin_desktop.ui.main_window import MainWindow

from .conftest import node_point, pdf_document

NO = Qt.KeyboardModifier.NoModifier


def _drag_node(window: MainWindow, node_id: str, by: QPoint) -> None:
    port = window.view.viewport()
    start = node_point(window, node_id)
    QTest.mousePress(port, Qt.MouseButton.LeftButton, NO, start)
    for i in range(1, 7):
        QTest.mouseMove(port, start + by * i / 6)
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, NO, start + by)


def _label_centre(pdf: bytes, text: str) -> tuple[float, float]:
    with pdf_document(pdf) as document:
        textpage = document[0].get_textpage()
        searcher = textpage.search(text)
        index, count = searcher.get_next()
        left, bottom, _, top = textpage.get_charbox(index)
        last = textpage.get_charbox(index + count - 1)
    return (left + last[2]) / 2, (bottom + top) / 2


def _has_text(pdf: bytes, text: str) -> bool:
    with pdf_document(pdf) as document:
        return bool(document[0].get_textpage().search(text).get_next())


def test_drag_a_node_edges_follow_and_undo(qtbot: QtBot, window: MainWindow) -> None:
    window.action("actionArrange").trigger()
    assert window.arranging and window.arrange_panel.isVisible()
    node = window.bundle.diagram.node("nutrients")
    edge = window.scene.edges["nutrients->skin"]
    before_curve = edge._geometry.curve
    scale = window.view.transform().m11()
    _drag_node(window, "nutrients", QPoint(90, -30))
    moved = window.session.diagram.diagram.node("nutrients")
    assert abs(moved.x - (node.x + 90 / scale)) < 2 / scale + 0.2
    assert abs(moved.y - (node.y - 30 / scale)) < 2 / scale + 0.2
    assert edge._geometry.curve[0] != before_curve[0], "the arrow follows the box"
    assert window.isWindowModified()
    assert window.session.diagram.undo_stack.count() == 1
    window.action("actionUndo").trigger()
    assert window.session.diagram.diagram.node("nutrients") == node
    assert window.scene.diagram_geometry.nodes["nutrients"].center == (node.x, node.y)


def test_edit_label_add_and_delete_boxes_and_arrows(qtbot: QtBot, window: MainWindow) -> None:
    window.set_arranging(True)
    _drag_node(window, "immune", QPoint(0, 0))
    panel = window.arrange_panel
    assert panel.node_id == "immune"
    label = panel.findChild(QLineEdit, "nodeLabel")
    label.setFocus()
    label.selectAll()
    qtbot.keyClicks(label, "Immune cells")
    assert window.session.diagram.diagram.node("immune").label == "Immune cells"
    assert [line.text for line in window.scene.nodes["immune"].model_geometry.lines] == \
        ["Immune cells"]
    qtbot.mouseClick(panel.findChild(QPushButton, "addNode"), Qt.MouseButton.LeftButton)
    new_id = panel.node_id
    assert new_id.startswith("node") and f"node:{new_id}" in {
        i.objectName() for i in window.scene.items()}
    panel.target.setCurrentIndex(panel.target.findData("skin"))
    qtbot.mouseClick(panel.findChild(QPushButton, "addEdge"), Qt.MouseButton.LeftButton)
    assert f"{new_id}->skin" in window.scene.edges
    panel.edges.setCurrentRow(0)
    qtbot.mouseClick(panel.findChild(QPushButton, "deleteEdge"), Qt.MouseButton.LeftButton)
    assert f"{new_id}->skin" not in window.scene.edges
    qtbot.mouseClick(panel.findChild(QPushButton, "deleteNode"), Qt.MouseButton.LeftButton)
    assert new_id not in window.scene.nodes
    stack = window.session.diagram.undo_stack
    while stack.canUndo():
        stack.undo()
    assert window.session.diagram.diagram == load_bundle().diagram


def test_arrange_save_export_finds_the_node_moved(qtbot: QtBot, window: MainWindow) -> None:
    layout = open_layout("a4-handout")
    today = ExportOptions(deterministic=True)
    before = _label_centre(render(layout, load_bundle(), today).pdf, "Nutrients from food")
    window.set_arranging(True)
    _drag_node(window, "nutrients", QPoint(-120, 0))
    window.action("actionSaveDiagram").trigger()
    assert user_diagram_file().is_file() and not window.isWindowModified()
    saved = load_diagram(user_diagram_file())
    assert saved == window.session.diagram.diagram
    after = _label_centre(render(layout, load_bundle(), today).pdf, "Nutrients from food")
    assert after[0] < before[0] - 20, "the box moved left in the PDF"
    assert abs(after[1] - before[1]) < 3


def test_a_plain_label_for_patients_prints_on_patient_handouts(qtbot: QtBot,
                                                              window: MainWindow) -> None:
    window.set_arranging(True)
    _drag_node(window, "immune", QPoint(0, 0))
    panel = window.arrange_panel
    plain = panel.findChild(QLineEdit, "nodePatientLabel")
    plain.setFocus()
    qtbot.keyClicks(plain, "Body defenses")
    node = window.session.diagram.diagram.node("immune")
    assert (node.label, node.patient_label) == ("Immune system", "Body defenses")
    window.action("actionSaveDiagram").trigger()
    bundle = load_bundle()
    today = ExportOptions(deterministic=True)
    handout = render(open_layout("a4-handout"), bundle, today).pdf
    notes = render(open_layout("presenter-notes"), bundle, today).pdf
    assert _has_text(handout, "Body defenses")
    assert not _has_text(notes, "Body defenses")
    window.action("actionUndo").trigger()
    assert window.session.diagram.diagram.node("immune").patient_label is None


def test_the_open_handout_follows_the_arrangement(qtbot: QtBot, window: MainWindow,
                                                  handout: HandoutWindow) -> None:
    panel = handout.panel
    before = _label_centre(panel.rendered.pdf, "Nutrients from food")[0]

    def label_x() -> float:
        shown = panel.rendered
        return _label_centre(shown.pdf, "Nutrients from food")[0] if shown else float("nan")

    window.set_arranging(True)
    _drag_node(window, "nutrients", QPoint(-120, 0))
    qtbot.waitUntil(lambda: label_x() < before - 20, timeout=15000)
    window.action("actionUndo").trigger()
    qtbot.waitUntil(lambda: abs(label_x() - before) < 0.5, timeout=15000)
