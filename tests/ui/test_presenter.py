"""Presenter mode: entered with F5, stepped with the keys, left with Esc."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTextBrowser
from pytestqt.qtbot import QtBot

from gutskin_desktop.ui.main_window import MainWindow


def _wait_settled(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.view.animation.state()
                    != window.view.animation.State.Running, timeout=15000)


def _shown_title(window: MainWindow) -> str:
    return window.findChild(QTextBrowser, "sectionText").toPlainText().splitlines()[0]


def test_present_step_and_leave(qtbot: QtBot, window: MainWindow) -> None:
    diagram, content = window.bundle.diagram, window.bundle.content
    before_geometry = window.geometry()
    body_size = window.panel.text.font().pointSizeF()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F5)
    assert window.isFullScreen()
    assert not window.menuBar().isVisible() and not window.toolbar.isVisible()
    assert window.panel.text.font().pointSizeF() >= body_size * 1.3
    step_label = window.findChild(QLabel, "stepLabel")
    assert step_label.isVisible() and step_label.text().startswith("Step 1 of")
    tour = list(diagram.tour)
    assert window.scene.opened == tour[0]

    visited = [window.scene.opened]
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
        qtbot.keyClick(window.view, key)
        _wait_settled(qtbot, window)
        visited.append(window.scene.opened)
    assert visited == tour[:4]
    node = diagram.node(tour[3])
    assert _shown_title(window) == content.section(node.section).title
    assert step_label.text().startswith(f"Step 4 of {len(tour)}: {node.label}")

    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.pathway_rect(tour[3]))
    assert shown.width() < window.scene.sceneRect().width() * 1.5

    qtbot.keyClick(window.panel.text, Qt.Key.Key_Left)
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp)
    _wait_settled(qtbot, window)
    assert window.scene.opened == tour[1]
    for _ in range(len(tour) + 2):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.scene.opened == tour[-1]

    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.isFullScreen()
    assert window.geometry() == before_geometry
    assert window.menuBar().isVisible() and window.toolbar.isVisible()
    assert not step_label.isVisible()
    assert window.panel.text.font().pointSizeF() == body_size
    assert window.scene.opened is None


def test_present_action_is_named_and_toggles(qtbot: QtBot, window: MainWindow) -> None:
    action = window.action("actionPresent")
    assert action.shortcut().toString() == "F5"
    action.trigger()
    assert window.presenter.active and window.isFullScreen()
    action.trigger()
    assert not window.presenter.active and not window.isFullScreen()
