"""Presenter mode: entered with F5, stepped with the keys, notes with N or on a second
screen, left with Esc."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from gutskin_desktop.ui.main_window import MainWindow
from gutskin_desktop.ui.presenter_view import elapsed_text, notes_screen


def _wait_settled(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.view.animation.state()
                    != window.view.animation.State.Running, timeout=15000)


def _shown_title(window: MainWindow) -> str:
    return window.findChild(QTextBrowser, "sectionText").toPlainText().splitlines()[0]


def _next_step(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    """Press ``key`` until the next step opens (the step's text may take a few pages)."""
    before = window.scene.opened
    for _ in range(12):
        qtbot.keyClick(window.view, key)
        if window.scene.opened != before:
            break
    _wait_settled(qtbot, window)


def test_present_step_and_leave(qtbot: QtBot, window: MainWindow) -> None:
    diagram, content = window.bundle.diagram, window.bundle.content
    before_geometry = window.geometry()
    body_size = window.panel.text.font().pointSizeF()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F5)
    assert window.isFullScreen()
    assert not window.menuBar().isVisible() and not window.toolbar.isVisible()
    assert window.panel.text.font().pointSizeF() >= body_size * 1.2
    step_label = window.findChild(QLabel, "stepLabel")
    assert step_label.isVisible() and step_label.text().startswith("Step 1 of")
    tour = list(diagram.tour)
    assert window.scene.opened == tour[0]

    visited = [window.scene.opened]
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
        _next_step(qtbot, window, key)
        visited.append(window.scene.opened)
    assert visited == tour[:4]
    node = diagram.node(tour[3])
    assert _shown_title(window) == content.section(node.section).title
    assert step_label.text().startswith(f"Step 4 of {len(tour)}: {node.label}")

    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.node_rect(tour[3]))
    assert shown.width() < window.scene.sceneRect().width() * 1.5

    _next_step(qtbot, window, Qt.Key.Key_Left)
    _next_step(qtbot, window, Qt.Key.Key_PageUp)
    assert window.scene.opened == tour[1]
    for _ in range(4 * len(tour)):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.scene.opened == tour[-1]

    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.isFullScreen()
    assert window.geometry() == before_geometry
    assert window.menuBar().isVisible() and window.toolbar.isVisible()
    assert not step_label.isVisible()
    assert window.panel.text.font().pointSizeF() == body_size
    assert window.scene.opened is None


def test_n_shows_the_notes_over_the_diagram(qtbot: QtBot, window: MainWindow) -> None:
    section = window.bundle.content.section(window.bundle.diagram.node("gut").section)
    notes = section.presenter[0].text
    window.action("actionPresent").trigger()
    overlay = window.findChild(QWidget, "notesOverlay")
    assert overlay is not None and not overlay.isVisible()  # not shown by default
    assert window.findChild(QWidget, "presenterView") is None  # one screen
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert overlay.isVisible()
    text = overlay.findChild(QTextBrowser, "presenterNotes").toPlainText()
    assert " ".join(notes.split()) in " ".join(text.split())
    assert notes not in window.panel.text.toPlainText()
    next_name = window.bundle.diagram.node(window.presenter.tour[1]).label
    assert overlay.findChild(QLabel, "nextStep").text() == f"Next: {next_name}"
    assert re.fullmatch(r"Elapsed \d+:\d\d", overlay.findChild(QLabel, "elapsedTime").text())
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    assert not overlay.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(QWidget, "notesOverlay") is None, timeout=5000)


def test_two_screens_open_the_presenter_view(qtbot: QtBot, window: MainWindow,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    screen = QGuiApplication.primaryScreen()
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [screen, screen]))
    window.action("actionPresent").trigger()
    view = window.presenter.presenter_view
    assert view is not None and view.objectName() == "presenterView"
    assert view.isWindow() and view.isVisible()
    brain = window.bundle.diagram.node("brain")
    while window.scene.opened != "brain":
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    notes = window.bundle.content.section(brain.section).presenter[0].text
    shown = view.findChild(QTextBrowser, "presenterNotes").toPlainText()
    assert " ".join(notes.split()) in " ".join(shown.split())
    assert view.findChild(QLabel, "notesStep").text().endswith(f": {brain.label}")
    after = window.presenter.tour[window.presenter.step + 1]
    assert view.findChild(QLabel, "nextStep").text() == \
        f"Next: {window.bundle.diagram.node(after).label}"
    assert view.findChild(QLabel, "elapsedTime").text().startswith("Elapsed ")
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.presenter.presenter_view is None and not view.isVisible()


def test_the_presenter_screen_is_another_screen() -> None:
    one, two = object(), object()
    assert notes_screen(one, [one]) is None  # type: ignore[arg-type]
    assert notes_screen(one, [one, two]) is two  # type: ignore[arg-type]
    assert notes_screen(two, [one, two]) is one  # type: ignore[arg-type]
    assert elapsed_text(65) == "Elapsed 1:05" and elapsed_text(3725) == "Elapsed 1:02:05"


def test_present_action_is_named_and_toggles(qtbot: QtBot, window: MainWindow) -> None:
    action = window.action("actionPresent")
    assert action.shortcut().toString() == "F5"
    action.trigger()
    assert window.presenter.active and window.isFullScreen()
    action.trigger()
    assert not window.presenter.active and not window.isFullScreen()
