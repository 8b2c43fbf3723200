"""A large diagram zoomed out is drawn as one overview; zooming in brings the items back."""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from gutskin_desktop.app import build_window
from gutskin_desktop.model.paths import CONTENT_FILE
from gutskin_desktop.model.theme import tint


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
    window = build_window(diagram_path=_generated(tmp_path, 900))
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    view = window.view
    assert view.overview
    assert not any(item.isVisible() for item in window.scene.nodes.values())
    centre = QPointF(*window.scene.geometry.nodes["n37"].center)
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
