"""Adding, duplicating, removing and reordering a layout's pages (model/page_edit.py)."""
from __future__ import annotations

from typing import Any

import pytest

from gutskin_desktop.model import page_edit
from gutskin_desktop.model.errors import EditError
from gutskin_desktop.model.layout import Layout, SectionsBlock, load_layout
from gutskin_desktop.model.layout_edit import rebuild
from gutskin_desktop.model.paths import LAYOUTS


@pytest.fixture
def handout() -> Layout:
    """The A4 handout: title, message, diagram, summary on page 1; the sections on page 2
    (continuing onto pages of their own); a footer on every page."""
    return load_layout(LAYOUTS / "a4-handout.json")


def _pages(layout: Layout) -> dict[str, int]:
    return {b.id: b.page for b in layout.blocks}


def _three_pages(handout: Layout) -> Layout:
    """The handout with a callout on a third page and a frame of the summary there."""
    data: dict[str, Any] = handout.model_dump(exclude_none=True)
    data["blocks"].append({"id": "note", "type": "callout", "page": 3, "x_mm": 20,
                           "y_mm": 20, "w_mm": 80, "h_mm": 30, "text": "Page three"})
    summary = next(b for b in data["blocks"] if b["id"] == "summary")
    summary["flow"] = [{"page": 3, "x_mm": 20, "y_mm": 60, "w_mm": 120, "h_mm": 60}]
    return rebuild(handout, data)


def test_add_page_after_the_last_makes_an_empty_page(handout: Layout) -> None:
    after = page_edit.add_page(handout, 2)
    assert after.page_count == 3 and after.pages == 3
    assert _pages(after) == _pages(handout)
    assert page_edit.blocks_on_page(after, 3) == []


def test_add_page_in_between_moves_the_later_pages_on(handout: Layout) -> None:
    layout = _three_pages(handout)
    after = page_edit.add_page(layout, 1)
    assert after.page_count == 4
    assert after.pages is None  # the blocks on page 4 make the count
    assert _pages(after)["sections"] == 3 and _pages(after)["note"] == 4
    assert _pages(after)["title"] == 1 and _pages(after)["footer"] == 1
    summary = after.block("summary")
    assert [f.page for f in summary.flow] == [4]  # type: ignore[attr-defined]
    assert page_edit.blocks_on_page(after, 2) == []
    first = page_edit.add_page(layout, 0)
    assert _pages(first)["title"] == 2 and _pages(first)["footer"] == 1


def test_duplicate_page_copies_its_blocks_with_new_ids(handout: Layout) -> None:
    after, made = page_edit.duplicate_page(handout, 2)
    assert made == ["sections-2"]
    copy = after.block("sections-2")
    original = after.block("sections")
    assert isinstance(copy, SectionsBlock) and isinstance(original, SectionsBlock)
    assert copy.page == 3 and not copy.continues and original.continues
    assert (copy.x_mm, copy.y_mm, copy.w_mm, copy.h_mm) == (
        original.x_mm, original.y_mm, original.w_mm, original.h_mm)
    assert after.page_count == 3
    assert page_edit.blocks_on_page(after, 1) == page_edit.blocks_on_page(handout, 1)


def test_duplicate_page_shifts_later_pages_and_copies_frames_on_the_page(
        handout: Layout) -> None:
    layout = _three_pages(handout)
    after, made = page_edit.duplicate_page(layout, 1)
    assert set(made) == {"title-2", "message-2", "diagram-2", "summary-2"}
    assert "footer-2" not in _pages(after)  # the footer is on every page already
    assert _pages(after)["sections"] == 3 and _pages(after)["note"] == 4
    assert [f.page for f in after.block("summary").flow] == [4]  # type: ignore[attr-defined]
    assert after.block("summary-2").flow == ()  # type: ignore[attr-defined]
    _, made = page_edit.duplicate_page(after, 2)
    assert "title-3" in made


def test_remove_page_removes_its_blocks_and_frames(handout: Layout) -> None:
    layout = _three_pages(handout)
    after = page_edit.remove_page(layout, 2)
    assert "sections" not in _pages(after)
    assert _pages(after)["note"] == 2
    assert [f.page for f in after.block("summary").flow] == [2]  # type: ignore[attr-defined]
    assert after.page_count == 2
    no_frames = page_edit.remove_page(layout, 3)
    assert after.block("summary").flow  # type: ignore[attr-defined]
    assert no_frames.block("summary").flow == ()  # type: ignore[attr-defined]
    assert no_frames.page_count == 2


def test_remove_an_empty_page_and_the_footer_stays(handout: Layout) -> None:
    empty = page_edit.add_page(handout, 2)
    assert page_edit.remove_page(empty, 3) == handout
    footer_late = rebuild(handout, {**handout.model_dump(exclude_none=True), "blocks": [
        {**b.model_dump(exclude_none=True), "page": 2} if b.id == "footer"
        else b.model_dump(exclude_none=True) for b in handout.blocks]})
    after = page_edit.remove_page(footer_late, 2)
    assert _pages(after)["footer"] == 1 and after.page_count == 1


def test_remove_page_refuses_the_last_page_and_the_last_blocks(handout: Layout) -> None:
    one = page_edit.remove_page(handout, 2)
    assert one.page_count == 1
    with pytest.raises(EditError, match="at least one page"):
        page_edit.remove_page(one, 1)
    data: dict[str, Any] = one.model_dump(exclude_none=True)
    data["blocks"] = [b for b in data["blocks"] if b["id"] == "title"]
    data["pages"] = 2
    alone = rebuild(one, data)
    with pytest.raises(EditError, match="every block of the layout"):
        page_edit.remove_page(alone, 1)
    assert page_edit.remove_page(alone, 2).page_count == 1
    with pytest.raises(EditError, match="not one of the layout's pages"):
        page_edit.remove_page(handout, 5)


def test_move_page_swaps_two_pages(handout: Layout) -> None:
    layout = _three_pages(handout)
    down = page_edit.move_page(layout, 2, 1)
    assert _pages(down)["sections"] == 3 and _pages(down)["note"] == 2
    assert [f.page for f in down.block("summary").flow] == [2]  # type: ignore[attr-defined]
    assert _pages(down)["footer"] == 1 and _pages(down)["title"] == 1
    assert page_edit.move_page(down, 3, -1) == layout
    up = page_edit.move_page(layout, 2, -1)
    assert _pages(up)["sections"] == 1 and _pages(up)["title"] == 2
    assert _pages(up)["footer"] == 1  # printed on every page: it stays
    with pytest.raises(EditError, match="already the first page"):
        page_edit.move_page(layout, 1, -1)
    with pytest.raises(EditError, match="already the last page"):
        page_edit.move_page(layout, 3, 1)


def test_an_empty_page_moves_too(handout: Layout) -> None:
    empty_last = page_edit.add_page(handout, 2)
    moved = page_edit.move_page(empty_last, 3, -1)
    assert _pages(moved)["sections"] == 3 and moved.page_count == 3
    assert moved.pages is None  # the sections block on page 3 counts it now
    assert page_edit.blocks_on_page(moved, 2) == []
    assert page_edit.move_page(moved, 2, 1) == empty_last


def test_page_count_is_limited(handout: Layout) -> None:
    data: dict[str, Any] = handout.model_dump(exclude_none=True)
    data["pages"] = 60
    full = rebuild(handout, data)
    with pytest.raises(EditError, match="at most 60 pages"):
        page_edit.add_page(full, 60)
    with pytest.raises(EditError, match="at most 60 pages"):
        page_edit.duplicate_page(full, 1)


def test_copied_ids_stay_ids() -> None:
    long_id = "a" * 40
    assert page_edit._free_id({long_id}, long_id) == "a" * 38 + "-2"


def test_deleting_a_pages_blocks_keeps_the_page(handout: Layout) -> None:
    from gutskin_desktop.model.layout_edit import remove_blocks

    gone = remove_blocks(handout, ["sections"])
    assert gone.page_count == 1
    kept = page_edit.keep_pages(handout, gone)
    assert kept.page_count == 2 and kept.pages == 2
    assert page_edit.blocks_on_page(kept, 2) == []
    assert page_edit.keep_pages(handout, handout) is handout
