"""Pictograms on the page: drawn as vectors by reportlab, in the diagram's boxes and in
image blocks."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from gutskin_desktop.export.diagram_drawing import draw_diagram
from gutskin_desktop.export.pictogram_drawing import draw_pictogram
from gutskin_desktop.model.page_diagram import PageLook, fit_to_block
from gutskin_desktop.model.pictograms import names

from .pdfread import BUNDLE, block, reader, render_data, sampler


def _raster(draw: object, size: tuple[float, float], scale: float = 2.0) -> Image.Image:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    draw(canvas)  # type: ignore[operator]
    canvas.save()
    doc = pdfium.PdfDocument(buffer.getvalue())
    try:
        return doc[0].render(scale=scale).to_pil().convert("L")
    finally:
        doc.close()


def _ink(image: Image.Image) -> float:
    """The share of the image's pixels that are dark."""
    data = image.point(lambda v: 255 if v < 128 else 0).tobytes()
    return sum(1 for v in data if v) / len(data)


@pytest.mark.parametrize("name", names())
def test_each_pictogram_is_bold_ink_on_the_page(name: str) -> None:
    image = _raster(lambda c: draw_pictogram(c, name, 0, 0, 100, "#000000"), (100, 100))
    assert 0.12 < _ink(image) < 0.75, "bold, but not a blot"


def test_the_pictograms_differ_from_each_other() -> None:
    shapes = {name: _raster(lambda c, n=name: draw_pictogram(c, n, 0, 0, 48, "#000000"),
                            (48, 48), 1.0).point(lambda v: v < 128 and 255).tobytes()
              for name in names()}
    assert len(set(shapes.values())) == len(shapes)


def test_a_pictogram_is_vectors_in_its_colour_not_an_image() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(100, 100))
    draw_pictogram(canvas, "gut", 0, 0, 100, "#3e8e7e")
    canvas.save()
    page = reader(buffer.getvalue()).pages[0]
    assert not (page["/Resources"].get("/XObject") or {})
    stream = page.get_contents().get_data()
    assert re.search(rb"\sc\s", stream), "curves"
    assert re.search(rb"\sf\s", stream), "filled with the non-zero rule"


def test_diagram_boxes_show_their_pictograms_in_the_box() -> None:
    diagram = BUNDLE.diagram
    fitted = fit_to_block(diagram, 500, 340, PageLook(10, 13, 8.5))
    assert fitted is not None
    geometry = fitted.geometry
    image = _raster(lambda c: draw_diagram(c, diagram, geometry, (0, 0, 500, 340)),
                    (500, 340))
    scale = image.width / 500
    for node_id in ("gut", "brain", "immune", "nutrients"):
        p = geometry.nodes[node_id].picture
        assert p is not None
        square = image.crop((round(p.x * scale), round(p.y * scale),
                             round((p.x + p.size) * scale), round((p.y + p.size) * scale)))
        assert _ink(square.point(lambda v: 0 if v < 200 else 255)) > 0.15, node_id
    assert geometry.nodes["outlook"].picture is None


def test_an_image_block_draws_a_pictogram_as_vectors(tmp_path: Path) -> None:
    data = sampler()
    data["blocks"].append({"id": "picture", "type": "image", "x_mm": 150, "y_mm": 122,
                           "w_mm": 40, "h_mm": 40, "pictogram": "brain",
                           "style": {"color": "#5b63a6"}})
    block(data, "callout").update(y_mm=165, h_mm=1)
    block(data, "callout")["style"]["padding_mm"] = 0
    block(data, "notes").update(y_mm=170, h_mm=40)
    pdf = render_data(tmp_path, data).pdf
    resources = reader(pdf).pages[0]["/Resources"].get("/XObject") or {}
    assert not [x for x in resources.values() if x.get_object().get("/Subtype") == "/Image"]
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0].render(scale=2).to_pil().convert("RGB")
    finally:
        doc.close()
    px = 72 / 25.4 * 2
    crop = page.crop((round(150 * px), round(122 * px), round(190 * px), round(162 * px)))
    colours = crop.getcolors(1 << 20) or []
    brand = sum(n for n, (r, g, b) in colours if abs(r - 0x5b) < 12 and abs(g - 0x63) < 12
                and abs(b - 0xa6) < 12)
    assert brand / (crop.width * crop.height) > 0.2


def test_a_pictogram_drawn_again_in_its_place_reuses_its_path() -> None:
    """The designer's preview draws the same pictograms in the same places after every
    edit: the path is made once, and every canvas gets the same operators."""
    from reportlab.pdfgen.pathobject import PDFPathObject

    from gutskin_desktop.export import pictogram_drawing
    from gutskin_desktop.model.pictograms import pictogram, placed

    name = names()[0]
    codes = []
    for _ in range(2):
        canvas = Canvas(io.BytesIO())
        draw_pictogram(canvas, name, 100.25, 200.5, 18.0, "#205080")
        codes.append("\n".join(canvas._code))  # type: ignore[attr-defined]
    assert codes[0] == codes[1]
    assert pictogram_drawing._path(name, 100.25, 200.5, 18.0) \
        is pictogram_drawing._path(name, 100.25, 200.5, 18.0)
    # the path is the pictogram's own operations there, as reportlab would write them
    fresh = PDFPathObject()
    for command, pts in placed(pictogram(name).ops, 100.25, 200.5, 18.0, flip=True):
        {"M": fresh.moveTo, "L": fresh.lineTo, "C": fresh.curveTo}.get(
            command, lambda *_: fresh.close())(*pts)
    assert fresh.getCode() in codes[0]
