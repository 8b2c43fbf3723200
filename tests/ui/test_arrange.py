"""Arrange mode: drag, add, delete and edit boxes and arrows; save; the PDF follows."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QTextBrowser
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
    _drag_node(window, "nutrients", QPoint(-60, 0))
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


def _press_drag(window: MainWindow, start: QPoint, end: QPoint,
                during: list[object] | None = None) -> None:
    port = window.view.viewport()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, NO, start)
    for i in range(1, 7):
        QTest.mouseMove(port, start + (end - start) * i / 6)
    if during is not None:
        during.append(window.arranger.rubber_band)
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, NO, end)


def _edge_point(window: MainWindow, node_id: str) -> QPoint:
    """A point just inside the left edge of a box, in viewport coordinates."""
    g = window.scene.diagram_geometry.nodes[node_id].rect
    return window.view.mapFromScene(QPointF(g[0] + 2, g[1] + g[3] / 2))


def test_drag_from_a_box_edge_to_another_box_adds_an_arrow(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    window.set_arranging(True)
    assert "nutrients->brain" not in window.scene.edges
    during: list[object] = []
    _press_drag(window, _edge_point(window, "nutrients"), node_point(window, "brain"), during)
    assert during[0] is not None, "a rubber band follows the pointer"
    assert window.arranger.rubber_band is None
    assert "nutrients->brain" in window.scene.edges
    assert window.session.diagram.diagram.node("nutrients").x == \
        window.bundle.diagram.node("nutrients").x, "the box did not move"
    stack = window.session.diagram.undo_stack
    assert stack.undoText() == "Add arrow Nutrient absorption to Brain"
    assert window.action("actionUndo").text().endswith("Add arrow Nutrient absorption to Brain")
    stack.undo()
    assert "nutrients->brain" not in window.scene.edges


def test_a_duplicate_or_self_arrow_is_refused_in_the_boxes_names(qtbot: QtBot,
                                                                 window: MainWindow) -> None:
    window.set_arranging(True)
    stack = window.session.diagram.undo_stack
    _press_drag(window, _edge_point(window, "skin"), node_point(window, "gut"))
    assert stack.count() == 0
    message = window.statusBar().currentMessage()
    assert "Gut and Skin" in message and "->" not in message
    _press_drag(window, _edge_point(window, "gut"), node_point(window, "gut"))
    assert stack.count() == 0
    assert "two different boxes" in window.statusBar().currentMessage()


def _double_click(window: MainWindow, point: QPoint) -> None:
    QTest.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, NO, point)


def test_double_click_edits_a_box_label_in_place(qtbot: QtBot, window: MainWindow) -> None:
    window.set_arranging(True)
    _double_click(window, node_point(window, "immune"))
    editor = window.view.viewport().findChild(QLineEdit, "inPlaceEditor")
    assert editor is not None and editor.isVisible() and editor.text() == "Immune system"
    qtbot.keyClicks(editor, "Body defences")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert window.session.diagram.diagram.node("immune").label == "Immune system"
    _double_click(window, node_point(window, "immune"))
    editor = window.arranger.editor
    assert editor is not None
    qtbot.keyClicks(editor, "Immune cells")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.session.diagram.diagram.node("immune").label == "Immune cells"
    assert [line.text for line in window.scene.nodes["immune"].model_geometry.lines] == \
        ["Immune cells"]
    stack = window.session.diagram.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Rename Immune system to Immune cells"
    stack.undo()
    assert window.session.diagram.diagram.node("immune").label == "Immune system"


def test_double_click_edits_an_arrow_label_in_place(qtbot: QtBot, window: MainWindow) -> None:
    window.set_arranging(True)
    x, y, w, h = window.scene.edges["gut->microbiome"].model_geometry.label_rect
    _double_click(window, window.view.mapFromScene(QPointF(x + w / 2, y + h / 2)))
    editor = window.arranger.editor
    assert editor is not None and editor.text() == "home to"
    qtbot.keyClicks(editor, "houses")
    qtbot.keyClick(editor, Qt.Key.Key_Enter)
    edge = next(e for e in window.session.diagram.diagram.edges if e.key == "gut->microbiome")
    assert edge.label == "houses"
    assert window.session.diagram.undo_stack.undoText() == "Label arrow Gut to Gut microbiome"


def _meets(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] \
        and b[1] < a[1] + a[3]


def test_a_box_dragged_onto_an_arrow_label_leaves_it_visible(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    window.set_arranging(True)
    for key, mover in (("gut->skin", "outlook"), ("microbiome->skin", "brain")):
        label = window.scene.edges[key].model_geometry.label_rect
        assert label is not None
        target = window.view.mapFromScene(QPointF(label[0] + label[2] / 2,
                                                  label[1] + label[3] / 2))
        _drag_node(window, mover, target - node_point(window, mover))
        moved = window.scene.diagram_geometry.nodes[mover].rect
        assert _meets(moved, label), "the box now lies where the label was"
        after = window.scene.edges[key].model_geometry.label_rect
        assert after is not None
        for node_id, g in window.scene.diagram_geometry.nodes.items():
            assert not _meets(after, g.rect), f"{key}'s label is under {node_id}"


def test_the_panel_and_undo_texts_use_labels_not_ids(qtbot: QtBot, window: MainWindow) -> None:
    window.set_arranging(True)
    _drag_node(window, "nutrients", QPoint(40, 0))
    assert window.session.diagram.undo_stack.undoText() == "Move Nutrient absorption"
    window.arrange_panel.select("gut")
    rows = [window.arrange_panel.edges.item(i).text()
            for i in range(window.arrange_panel.edges.count())]
    assert "Gut \u2194 Skin: two-way link" in rows
    assert "Gut \u2192 Gut microbiome: home to" in rows
    assert not any("->" in row or "no label" in row for row in rows)


def test_a_box_carries_its_own_text_shown_with_its_section(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    window.set_arranging(True)
    panel = window.arrange_panel
    qtbot.mouseClick(panel.findChild(QPushButton, "addNode"), Qt.MouseButton.LeftButton)
    new_id = panel.node_id
    text = panel.findChild(QPlainTextEdit, "nodeText")
    text.setFocus()
    qtbot.keyClicks(text, "Sleep may matter too.")
    assert window.session.diagram.diagram.node(new_id).text == "Sleep may matter too."
    window.set_arranging(False)
    window.open_node(new_id)
    shown = window.findChild(QTextBrowser, "sectionText").toPlainText()
    assert "Sleep may matter too." in shown
    window.open_node("gut")
    assert "Sleep may matter too." not in \
        window.findChild(QTextBrowser, "sectionText").toPlainText()
