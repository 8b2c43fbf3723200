"""Pictograms on screen: Qt draws the same shapes as the PDF, the explorer's boxes show
them, and the designer's image block offers them."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot
from reportlab.pdfgen.canvas import Canvas

from gutskin_desktop.export.pictogram_drawing import draw_pictogram
from gutskin_desktop.model.pictograms import names
from gutskin_desktop.ui.designer.window import DesignerWindow
from gutskin_desktop.ui.main_window import MainWindow
from gutskin_desktop.ui.pictogram_paint import pictogram_image

from .conftest import pdf_document


def _qt_pixels(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("L")


def _pdf_pixels(name: str, size: int) -> Image.Image:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(size, size))
    draw_pictogram(canvas, name, 0, 0, size, "#000000")
    canvas.save()
    with pdf_document(out.getvalue()) as doc:
        return doc[0].render(scale=1.0).to_pil().convert("L")


def _coverage(image: Image.Image) -> list[bool]:
    return [v < 128 for v in image.tobytes()]


@pytest.mark.parametrize("size", [24, 200])
@pytest.mark.parametrize("name", names())
def test_qt_and_the_pdf_draw_the_same_shape(name: str, size: int) -> None:
    qt = _coverage(_qt_pixels(pictogram_image(name, size)))
    pdf = _coverage(_pdf_pixels(name, size))
    assert len(qt) == len(pdf) == size * size
    inked = sum(qt)
    assert inked > size * size * 0.1
    differ = sum(a != b for a, b in zip(qt, pdf, strict=True))
    assert sum(pdf) == pytest.approx(inked, rel=0.08)
    # only antialiased edge pixels may fall either way
    assert differ < max(0.06 * inked, 12), f"{differ} of {inked} pixels differ"


def test_the_explorer_boxes_show_their_pictograms(window: MainWindow) -> None:
    item = window.scene.nodes["gut"]
    picture = item.model_geometry.picture
    assert picture is not None and picture.name == "gut"
    x, y, _, _ = item.model_geometry.rect
    image = QImage(int(item.boundingRect().width()) * 2, int(item.boundingRect().height()) * 2,
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.scale(2, 2)
    painter.translate(-item.boundingRect().topLeft())
    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    item.paint(painter, QStyleOptionGraphicsItem())
    painter.end()
    square = QRectF(picture.x - x, picture.y - y, picture.size, picture.size).translated(
        -item.boundingRect().topLeft())
    fill = item.fill_colour
    inked = total = 0
    for px in range(int(square.left() * 2), int(square.right() * 2)):
        for py in range(int(square.top() * 2), int(square.bottom() * 2)):
            colour = image.pixelColor(px, py)
            total += 1
            inked += abs(colour.lightness() - fill.lightness()) > 60
    assert inked / total > 0.15, "the pictogram is drawn in its square, darker than the box"
    assert window.scene.nodes["outlook"].model_geometry.picture is None


def test_the_designer_offers_a_pictogram_for_an_image_block(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from gutskin_desktop.ui.designer.image_picker import ImageChoice, ImagePicker

    offered: list[str] = []
    picks = iter([ImageChoice(path="images/gutskin-logo.png"), ImageChoice(pictogram="brain")])

    def pick(picker: ImagePicker) -> int:  # the picker lists the pictograms; take one
        grid = picker.pictograms
        assert grid is not None
        offered.extend(grid.item(i).toolTip() or grid.item(i).text()
                       for i in range(grid.count()))
        picker.choice = next(picks)
        return 1
    monkeypatch.setattr(ImagePicker, "exec", pick)
    designer.add_block("image")  # Insert > Image: a picture file first
    block_id = designer.view.selected_ids()[0]
    assert any("Brain" in text for text in offered)
    assert any("Food and nutrients" in text for text in offered)
    designer.panel.picture.click()  # then a pictogram, from the properties panel
    assert designer.panel.picture.text() == "Pictogram: Brain ..."
    shown = designer.document.layout.block(block_id)
    assert shown.pictogram == "brain" and shown.path is None  # type: ignore[union-attr]
    generation = designer.preview.generation
    qtbot.waitUntil(lambda: designer.preview.generation > generation
                    and designer.preview.idle, timeout=15000)
    designer.action("actionUndo").trigger()  # the picture file again, as before
    back = designer.document.layout.block(block_id)
    assert back.pictogram is None and back.path  # type: ignore[union-attr]
    assert designer.panel.picture.text() == "gutskin-logo.png ..."
