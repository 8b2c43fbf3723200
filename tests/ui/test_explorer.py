"""The explorer window driven as a person would: clicks, keys, wheel and drags."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsView, QTextBrowser, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from gutskin_desktop.app import build_window
from gutskin_desktop.model.content import plain_text
from gutskin_desktop.ui.main_window import MainWindow

from .conftest import node_point


def _panel_text(window: MainWindow) -> str:
    return window.findChild(QTextBrowser, "sectionText").toPlainText()


def _click_node(qtbot: QtBot, window: MainWindow, node_id: str) -> None:
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=node_point(window, node_id))


def test_window_has_the_contract_object_names(window: MainWindow) -> None:
    assert window.objectName() == "mainWindow"
    assert isinstance(window.findChild(QGraphicsView, "diagramView"), QGraphicsView)
    assert isinstance(window.findChild(QWidget, "sectionPanel"), QWidget)
    assert isinstance(window.findChild(QTextBrowser, "sectionText"), QTextBrowser)
    names = {item.objectName() for item in window.scene.items()}
    for node in window.bundle.diagram.nodes:
        assert f"node:{node.id}" in names
    for edge in window.bundle.diagram.edges:
        assert f"edge:{edge.source}->{edge.target}" in names


def test_diagram_fills_the_view_on_start_and_on_resize(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    def filled() -> float:
        shown = window.view.mapFromScene(window.view.sceneRect()).boundingRect()
        port = window.view.viewport().rect()
        assert port.contains(shown.adjusted(2, 2, -2, -2))
        return max(shown.width() / port.width(), shown.height() / port.height())

    assert filled() > 0.97
    window.resize(900, 900)
    qtbot.waitUntil(lambda: filled() > 0.97)
    assert window.view.renderHints() & window.view.renderHints().Antialiasing


def test_clicking_every_node_opens_its_section(qtbot: QtBot, window: MainWindow) -> None:
    content = window.bundle.content
    for node in window.bundle.diagram.nodes:
        _click_node(qtbot, window, node.id)
        section = content.section(node.section)
        shown = _panel_text(window)
        assert shown.startswith(section.title), node.id
        first = plain_text(section.patient).splitlines()[0]
        assert first in shown, node.id


def test_opening_lights_the_pathways_and_dims_the_rest(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    _click_node(qtbot, window, "immune")
    diagram, scene = window.bundle.diagram, window.scene
    lit = {"immune"} | diagram.neighbours("immune")
    for node_id, item in scene.nodes.items():
        assert (item.opacity() == 1.0) == (node_id in lit), node_id
    for key, item in scene.edges.items():
        touches = "immune" in (item.source, item.target)
        assert item.is_lit == touches and (item.opacity() == 1.0) == touches, key
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert all(item.opacity() == 1.0 for item in scene.nodes.values())
    assert "Explore the gut-brain-skin axis" in _panel_text(window)


def test_section_text_is_rich_text(qtbot: QtBot, window: MainWindow) -> None:
    _click_node(qtbot, window, "immune")
    doc = window.findChild(QTextBrowser, "sectionText").document()
    blocks = [doc.findBlockByNumber(i) for i in range(doc.blockCount())]
    assert any(b.textList() is not None for b in blocks), "a bulleted list"
    title = blocks[0]
    assert title.charFormat().fontWeight() >= 700 or title.begin().fragment().charFormat(
    ).fontWeight() >= 700
    assert len([b for b in blocks if b.text() and b.textList() is None]) >= 3


def test_hover_highlights_and_shows_a_one_line_tooltip(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    item = window.scene.nodes["microbiome"]
    assert item.toolTip() and "\n" not in item.toolTip()
    assert all(n.toolTip() and "\n" not in n.toolTip() for n in window.scene.nodes.values())
    geometry = window.scene.diagram_geometry.nodes["microbiome"]
    spot = window.view.mapFromScene(QPointF(geometry.rect[0] + 7, geometry.center[1] - 4))

    def colour() -> QColor:
        return window.view.grab().toImage().pixelColor(spot)

    assert _close(colour(), item.fill_colour)
    qtbot.mouseMove(window.view.viewport(), node_point(window, "microbiome"))
    qtbot.waitUntil(lambda: item.is_hovered)
    hovered = colour()
    assert not _close(hovered, item.fill_colour)
    assert hovered.lightness() < item.fill_colour.lightness()
    assert item.cursor().shape() == Qt.CursorShape.PointingHandCursor
    qtbot.mouseMove(window.view.viewport(), QPoint(5, 5))
    qtbot.waitUntil(lambda: not item.is_hovered)
    assert _close(colour(), item.fill_colour)


def test_zoom_keys_wheel_and_fit(qtbot: QtBot, window: MainWindow) -> None:
    view = window.view
    fitted = view.zoom_factor()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_factor() > fitted * 1.2
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom_factor() < fitted
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert abs(view.zoom_factor() - fitted) < 1e-6
    QTest.mouseMove(view.viewport(), view.viewport().rect().center())
    for _ in range(3):
        _wheel(view, 120)
    assert view.zoom_factor() > fitted * 1.5


def _wheel(view: QGraphicsView, delta: int) -> None:
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    pos = QPointF(view.viewport().rect().center())
    event = QWheelEvent(pos, QPointF(view.viewport().mapToGlobal(pos.toPoint())), P(0, 0),
                        P(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_dragging_the_background_pans(qtbot: QtBot, window: MainWindow) -> None:
    view = window.view
    for _ in range(4):
        view.zoom_in()
    port = view.viewport()
    empty = next(QPoint(x, y) for y in range(150, port.height() - 150, 10)
                 for x in range(150, port.width() - 150, 10) if view.itemAt(QPoint(x, y)) is None)
    before = view.mapToScene(view.viewport().rect().center())
    QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty)
    for step in range(1, 11):
        QTest.mouseMove(port, empty + QPoint(-12 * step, -8 * step))
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       empty + QPoint(-120, -80))
    after = view.mapToScene(view.viewport().rect().center())
    assert after.x() - before.x() > 20 and after.y() - before.y() > 10


def test_keyboard_tour_tab_arrows_enter_escape(qtbot: QtBot, window: MainWindow) -> None:
    view, scene = window.view, window.scene
    order = window.bundle.diagram.tour_order()
    view.setFocus()
    seen = []
    for _ in order:
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        seen.append(scene.focused)
    assert seen == order
    qtbot.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert scene.focused == order[-2]
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert scene.focused == order[0]
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert scene.focused == order[-1]
    qtbot.keyClick(view, Qt.Key.Key_Return)
    node = window.bundle.diagram.node(order[-1])
    assert _panel_text(window).startswith(window.bundle.content.section(node.section).title)
    assert scene.opened == order[-1]
    assert "Focused:" in view.accessibleDescription()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert scene.opened is None and scene.focused is None


def test_accessible_names(window: MainWindow) -> None:
    assert window.view.accessibleName()
    assert window.findChild(QWidget, "sectionPanel").accessibleName()
    assert window.findChild(QTextBrowser, "sectionText").accessibleName()
    for item in window.scene.nodes.values():
        assert item.accessible_name.split(":")[0] in {n.label for n in
                                                       window.bundle.diagram.nodes}


def test_text_switch_shows_presenter_text_and_is_remembered(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    _click_node(qtbot, window, "nutrients")
    section = window.bundle.content.section("nutrients")
    presenter_line = plain_text(section.presenter).splitlines()[0]
    assert presenter_line not in _panel_text(window)
    qtbot.mouseClick(window.findChild(QToolButton, "textPresenter"), Qt.MouseButton.LeftButton)
    assert presenter_line in _panel_text(window)
    assert window.action("actionTextPresenter").isChecked()
    window.close()
    again = build_window()
    qtbot.addWidget(again)
    assert again.panel.kind == "presenter"
    assert again.findChild(QToolButton, "textPresenter").isChecked()
    again.open_node("nutrients")
    assert presenter_line in _panel_text(again)


def test_node_fill_colours_are_painted(qtbot: QtBot, window: MainWindow) -> None:
    image = window.view.grab().toImage()
    for node_id, item in window.scene.nodes.items():
        rect = window.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        geometry = window.scene.diagram_geometry.nodes[node_id]
        left = window.view.mapFromScene(QPointF(geometry.rect[0] + 7, geometry.center[1] - 4))
        assert rect.contains(left)
        got, want = image.pixelColor(left), item.fill_colour
        assert _close(got, want), (node_id, got.name(), want.name())


def _close(a: QColor, b: QColor, tolerance: int = 6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in
               ((a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue())))
