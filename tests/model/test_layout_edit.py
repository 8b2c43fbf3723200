"""Layout edits as pure functions: fitting blocks to a new page, a free spot for a new
block, and edit errors that name blocks by their ids."""
from __future__ import annotations

import pytest

from gutskin_desktop.model import layout_edit
from gutskin_desktop.model.errors import EditError
from gutskin_desktop.model.layout import Layout, load_layout
from gutskin_desktop.model.paths import LAYOUTS


@pytest.fixture(scope="module")
def a4() -> Layout:
    return load_layout(LAYOUTS / "a4-handout.json")


def _inside(rect: tuple[float, float, float, float],
            area: tuple[float, float, float, float]) -> bool:
    x, y, w, h = rect
    return (x >= area[0] - 0.01 and y >= area[1] - 0.01 and x + w <= area[0] + area[2] + 0.01
            and y + h <= area[1] + area[3] + 0.01)


def test_an_edit_error_names_the_block_by_its_id(a4: Layout) -> None:
    with pytest.raises(EditError) as caught:
        layout_edit.update_blocks(a4, {"summary": {"x_mm": 60.0}})
    assert str(caught.value) == ("block 'summary' would reach 30.0 mm past the right edge "
                                 "of the page")
    with pytest.raises(EditError) as caught:
        layout_edit.update_blocks(a4, {"sections": {"columns": 9}})
    assert str(caught.value).startswith("block 'sections', columns: ")
    assert "blocks[" not in str(caught.value)


def test_a_page_change_that_strands_blocks_names_them(a4: Layout) -> None:
    with pytest.raises(EditError, match=r"^block 'summary' would reach 64\.0 mm past the "
                                        r"bottom edge of the page$"):
        layout_edit.update_page(a4, {"orientation": "landscape"})


def test_fit_to_a_landscape_page_keeps_every_block_inside_the_margins(a4: Layout) -> None:
    fitted = layout_edit.fit_to_page(a4, {"orientation": "landscape"})
    assert fitted.page.size_mm() == (297.0, 210.0)
    area = fitted.page.content_box()
    for before, after in zip(a4.blocks, fitted.blocks, strict=True):
        assert after.id == before.id and after.page == before.page
        assert _inside(layout_edit.block_rect(after), area), after.id
        assert after.style == before.style, "type sizes and colours stay"
    title, summary = fitted.block("title"), fitted.block("summary")
    assert title.w_mm == pytest.approx(267.0), "a block across the content area stays across"
    assert summary.y_mm > fitted.block("diagram").y_mm, "the order down the page stays"


def test_fit_to_a_larger_page_scales_places_and_sizes(a4: Layout) -> None:
    fitted = layout_edit.fit_to_page(a4, {"size": "A3"})
    _, old_y, old_w, old_h = a4.page.content_box()
    _, new_y, new_w, new_h = fitted.page.content_box()
    diagram, before = fitted.block("diagram"), a4.block("diagram")
    assert diagram.w_mm == pytest.approx(before.w_mm * new_w / old_w, abs=0.01)
    assert diagram.h_mm == pytest.approx(before.h_mm * new_h / old_h, abs=0.01)
    assert diagram.y_mm == pytest.approx(new_y + (before.y_mm - old_y) * new_h / old_h,
                                         abs=0.01)


def test_fit_keeps_full_bleed_blocks_full_bleed() -> None:
    poster = load_layout(LAYOUTS / "a2-poster.json")
    bleed = poster.page.bleed_mm
    assert bleed > 0
    w, _ = poster.page.size_mm()
    band = layout_edit.add_block(poster, {"type": "callout", "id": "band", "text": "x",
                                          "x_mm": -bleed, "y_mm": -bleed,
                                          "w_mm": w + 2 * bleed, "h_mm": 40.0})
    fitted = layout_edit.fit_to_page(band, {"size": "A1"})
    nw, _ = fitted.page.size_mm()
    block = fitted.block("band")
    assert (block.x_mm, block.y_mm) == (-bleed, -bleed)
    assert block.w_mm == pytest.approx(nw + 2 * bleed)


def test_a_new_block_goes_where_it_covers_nothing(a4: Layout) -> None:
    spot = layout_edit.new_block(a4, "callout", 2)
    assert (spot["x_mm"], spot["y_mm"]) == (60.0, 131.0), "page 2 is full: centred"
    roomy = layout_edit.update_blocks(a4, {"summary": {"h_mm": 40.0}})  # room under it
    block = layout_edit.new_block(roomy, "callout", 1)
    rect = (block["x_mm"], block["y_mm"], block["w_mm"], block["h_mm"])
    for other in layout_edit.taken_rects(roomy, 1):
        assert not (rect[0] < other[0] + other[2] and other[0] < rect[0] + rect[2]
                    and rect[1] < other[1] + other[3] and other[1] < rect[1] + rect[3]), other
    assert _inside(rect, roomy.page.content_box())
    added = layout_edit.add_block(roomy, block)
    assert added.blocks[-1].id == "callout"


def test_an_empty_page_gets_the_new_block_in_its_centre(a4: Layout) -> None:
    block = layout_edit.new_block(a4, "image", 3)
    x, y, w, h = a4.page.content_box()
    assert block["x_mm"] == pytest.approx(x + (w - block["w_mm"]) / 2, abs=0.05)
    assert block["y_mm"] == pytest.approx(y + (h - block["h_mm"]) / 2, abs=0.05)
