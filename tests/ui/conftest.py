"""Fixtures for the explorer's UI tests: a shown main window on the shipped data."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF
from pytestqt.qtbot import QtBot

from gutskin_desktop.app import build_window
from gutskin_desktop.ui.main_window import MainWindow, settings


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    settings().clear()
    yield
    settings().clear()


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    """The main window, shown at a fixed size, with the shipped content."""
    win = build_window()
    qtbot.addWidget(win)
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    return win


def node_point(window: MainWindow, node_id: str) -> QPoint:
    """The node's centre in the view's viewport coordinates."""
    center = window.scene.nodes[node_id].sceneBoundingRect().center()
    return window.view.mapFromScene(QPointF(center))
