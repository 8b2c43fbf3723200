"""Diagram labels on screen are as wide as on the page, and centred the same."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from gutskin_desktop.model import theme
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.fonts import text_width
from gutskin_desktop.model.geometry import solve_diagram
from gutskin_desktop.ui.qtfonts import draw_scene_text, scene_text_width

SCALE = 4.0  # pixels a point, for the ink test


def _shipped_labels() -> list[tuple[str, float, str]]:
    diagram = load_bundle().diagram
    out = []
    for node in diagram.nodes:
        size, face = theme.LABEL_SIZE[node.kind], theme.LABEL_FACE[node.kind]
        out += [(words, size, face) for words in {node.label, node.patient_label} if words]
    for edge in diagram.edges:
        out += [(words, theme.EDGE_LABEL_SIZE, "regular")
                for words in {edge.label, edge.patient_label} if words]
    return out


@pytest.mark.parametrize(("text", "size", "face"), _shipped_labels())
def test_every_shipped_label_is_as_wide_as_on_the_page(qapp: object, text: str, size: float,
                                                       face: str) -> None:
    page = text_width(text, size, face)
    assert scene_text_width(text, size, face) == pytest.approx(page, rel=0.005)


def _ink(text: str, size: float, face: str, x: float) -> tuple[float, float]:
    """Left and right ends of the ink of a text drawn at ``x`` (in points)."""
    width = int((x * 2 + text_width(text, size, face)) * SCALE) + 40
    image = QImage(width, int(size * 3 * SCALE), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(SCALE, SCALE)
    painter.setPen(QColor("black"))
    draw_scene_text(painter, x, size * 2, text, size, face)
    painter.end()
    columns = [c for c in range(image.width())
               if any(QColor(image.pixel(c, r)).lightness() < 128
                      for r in range(0, image.height(), 1))]
    return columns[0] / SCALE, (columns[-1] + 1) / SCALE


@pytest.mark.parametrize("node_id", ["gut-wall", "nutrients", "microbiome", "skin"])
def test_labels_are_drawn_centred_where_the_page_centres_them(qapp: object,
                                                              node_id: str) -> None:
    node = solve_diagram(load_bundle().diagram).nodes[node_id]
    line = node.lines[0]
    left, right = _ink(line.text, node.font_size, node.face, 10.0)
    # the ink lies within the measured advance, short of it only by the side bearings
    # (Qt's own rounded pixel size drew it 4% wider, past both ends)
    assert line.width * 0.9 <= right - left <= line.width
    # the ink's middle lies at the middle of the measured advance, as on the page
    assert (left + right) / 2 == pytest.approx(10.0 + line.width / 2, abs=0.4)


def test_the_drawing_scales_with_its_size(qapp: object) -> None:
    small = _ink("Inflammation", 12.5, "bold", 10.0)
    large = _ink("Inflammation", 25.0, "bold", 10.0)
    assert (large[1] - large[0]) == pytest.approx(2 * (small[1] - small[0]), rel=0.02)
