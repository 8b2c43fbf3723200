"""The diary's grid: headings over a week of boxes, ruled, and split between days with
the headings again on the part that moves on."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.paragraph import Paragraph

from gutskin_desktop.export.diary_grid import DiaryGrid
from gutskin_desktop.export.leaflet import DIARY_COLUMNS, DIARY_SHARES

from .pdfread import flat, page_texts, render_shipped

RULE, TINT = "#8a99a6", "#e8f0ee"


def grid(days: int = 7, row_height: float = 26.0) -> DiaryGrid:
    style = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=11, leading=13)
    return DiaryGrid([Paragraph(c, style) for c in DIARY_COLUMNS],
                     [Paragraph(str(d), style) for d in range(1, days + 1)],
                     DIARY_SHARES, row_height, RULE, TINT)


def draw_each(parts: list[DiaryGrid], width: float) -> bytes:
    """Each grid on a page of its own, at the top left."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width + 40, 400))
    for part in parts:
        _, h = part.wrap(width, 400)
        part.drawOn(canvas, 20, 380 - h)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_the_handout_diary_reads_headings_then_days() -> None:
    pages = [flat(t) for t in page_texts(render_shipped("a4-handout").pdf)]
    page = next(p for p in pages if "My skin and gut diary" in p)
    assert "Day My skin My gut Stress or worry 1 2 3 4 5 6 7" in page


def test_the_grid_is_as_wide_as_its_column_and_a_row_a_day_high() -> None:
    g = grid(row_height=30.0)
    width, height = g.wrap(500.0, 1000.0)
    assert width == 500.0
    assert height == 7 * 30.0 + g.head_height
    assert g.head_height == 13 + 6  # one line of headings, 3 points above and below
    # the headings wrap within their cells (less 6 points each side): "Stress or worry"
    # takes two lines in a column of 84 points
    narrow = grid()
    narrow.wrap(300.0, 1000.0)
    assert narrow.head_height == 2 * 13 + 6


def test_the_grid_is_ruled_with_a_tinted_heading_row() -> None:
    g = grid()
    pdf = draw_each([g], 300.0)
    page = pdfium.PdfDocument(pdf)[0].render(scale=2).to_pil().convert("RGB")
    middle_of_day_1 = 20 + g.head_height + 13  # points from the page's top
    inside_heading = page.getpixel((2 * (20 + 30), 2 * (20 + 3)))
    inside_a_box = page.getpixel((2 * (20 + 150), 2 * middle_of_day_1))
    on_a_rule = page.getpixel((2 * (20 + 0.16 * 300), 2 * middle_of_day_1))
    assert inside_heading == (0xe8, 0xf0, 0xee)
    assert inside_a_box == (255, 255, 255)
    assert on_a_rule != (255, 255, 255) and max(on_a_rule) < 0xd0


def test_a_grid_splits_between_days_with_its_headings_on_both_parts() -> None:
    g = grid(row_height=30.0)
    g.wrap(300.0, 1000.0)
    parts = g.split(300.0, g.head_height + 3 * 30.0 + 5)  # room for three days
    assert len(parts) == 2
    texts = [flat(t) for t in page_texts(draw_each(parts, 300.0))]
    assert texts == ["Day My skin My gut Stress or worry 1 2 3",
                     "Day My skin My gut Stress or worry 4 5 6 7"]


def test_a_grid_does_not_split_without_room_for_a_day_or_when_it_fits() -> None:
    g = grid(row_height=30.0)
    g.wrap(300.0, 1000.0)
    assert g.split(300.0, g.head_height + 29.0) == []
    assert g.split(300.0, g.height + 1) == []
