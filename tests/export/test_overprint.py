"""No silent overprint: a block covering another block's text is reported like text that
does not fit, naming both blocks, by the render, a tiled print and a batch."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gutskin_desktop.export.batch import run_batch
from gutskin_desktop.export.tiling import tile_layout

from .pdfread import (
    BUNDLE,
    POSTERS,
    SHIPPED,
    block,
    block_index,
    load,
    options,
    render_data,
    render_shipped,
    shipped,
)

TIP = {"id": "tip", "type": "callout", "page": 2, "x_mm": 70, "y_mm": 90, "w_mm": 70,
       "h_mm": 40, "title": "Remember", "text": "Keep using your treatment.",
       "style": {"background": "#e3efeb", "padding_mm": 3}}


def with_block(extra: dict[str, Any], name: str = "a4-handout",
               at: int | None = None) -> dict[str, Any]:
    data = shipped(name)
    data["blocks"].insert(len(data["blocks"]) if at is None else at, extra)
    return data


def test_a_callout_dropped_on_the_sections_is_reported_naming_both_blocks(
        tmp_path: Path) -> None:
    rendered = render_data(tmp_path, with_block(TIP))
    assert [(o.block, o.other, o.page) for o in rendered.overlaps] == [("tip", "sections", 2)]
    assert (rendered.overlaps[0].w_mm, rendered.overlaps[0].h_mm) == pytest.approx((70, 40))
    message = ("block 'tip' covers the text of block 'sections' on page 2 (70 x 40 mm)")
    assert str(rendered.overlaps[0]) == message
    problems = rendered.problems_by_block()
    assert problems["tip"] == message and problems["sections"] == message
    assert "all text fits" not in rendered.summary() and message in rendered.summary()
    assert rendered.pages == 5  # reported, not refused


@pytest.mark.parametrize("name", SHIPPED + POSTERS)
def test_no_shipped_layout_has_a_block_over_another_blocks_text(name: str) -> None:
    assert render_shipped(name).overlaps == []


def test_a_touch_under_a_millimetre_is_no_overlap(tmp_path: Path) -> None:
    data = shipped("a4-handout")
    title = block(data, "title")
    # the main message moved up 0.8 mm into the title's box: a touch, not a cover
    block(data, "message")["y_mm"] = title["y_mm"] + title["h_mm"] - 0.8
    assert render_data(tmp_path, data).overlaps == []
    block(data, "message")["y_mm"] = title["y_mm"] + title["h_mm"] - 8
    assert [(o.block, o.other) for o in render_data(tmp_path, data).overlaps] == [
        ("message", "title")]


def test_a_panel_behind_the_key_points_is_no_problem_but_in_front_it_is(
        tmp_path: Path) -> None:
    data = shipped("a4-handout")
    summary = block(data, "summary")
    panel = {"id": "panel", "type": "callout", "x_mm": 15, "y_mm": summary["y_mm"] - 2,
             "w_mm": 180, "h_mm": 96, "text": "Key points",
             "style": {"background": "#e3efeb", "color": "#e3efeb", "font_size": 4}}
    data["blocks"].insert(block_index(data, "summary"), panel)
    summary["y_mm"] += 6
    summary["h_mm"] -= 8
    assert render_data(tmp_path, data).overlaps == []  # behind, with no text there
    data["blocks"].remove(panel)
    data["blocks"].append(panel)  # brought to the front
    assert [(o.block, o.other) for o in render_data(tmp_path, data).overlaps] == [
        ("panel", "summary")]


def test_a_block_on_the_diagram_covers_its_boxes(tmp_path: Path) -> None:
    picture = {"id": "pic", "type": "image", "x_mm": 80, "y_mm": 100, "w_mm": 50,
               "h_mm": 40, "path": "images/gutskin-logo.png"}
    overlaps = render_data(tmp_path, with_block(picture)).overlaps
    assert [(o.block, o.other, o.page) for o in overlaps] == [("pic", "diagram", 1)]
    corner = {**picture, "x_mm": 16, "y_mm": 60, "w_mm": 20, "h_mm": 12}  # empty corner
    assert render_data(tmp_path, with_block(corner)).overlaps == []


def test_text_flowing_around_a_block_is_not_covered_but_other_text_is(tmp_path: Path) -> None:
    tip = {**TIP, "wrap": True}
    assert render_data(tmp_path, with_block(tip)).overlaps == []
    on_title = {**TIP, "page": 1, "x_mm": 20, "y_mm": 12, "w_mm": 60, "h_mm": 20,
                "wrap": True}
    assert [(o.block, o.other) for o in render_data(tmp_path, with_block(on_title)).overlaps
            ] == [("tip", "title")]  # titles do not flow around anything
    # a text block earlier in the drawing order that flows around it does not cover it
    behind = with_block(tip, at=0)
    assert render_data(tmp_path, behind).overlaps == []


def test_the_continuing_text_is_checked_on_its_own_pages(tmp_path: Path) -> None:
    data = shipped("a4-handout")
    block(data, "footer")["y_mm"] = 150  # printed on every page, in the middle of the text
    rendered = render_data(tmp_path, data)
    covered = {(o.block, o.other, o.page) for o in rendered.overlaps}
    assert {("footer", "sections", page) for page in range(2, rendered.pages + 1)} <= covered


def test_a_tiled_print_and_a_batch_report_it_too(tmp_path: Path) -> None:
    layout = load(tmp_path, with_block(TIP))
    tiled = tile_layout(layout, BUNDLE, options(), sheet="A4", overlap_mm=10, margin_mm=5)
    assert [str(o) for o in tiled.overlaps] == [
        "block 'tip' covers the text of block 'sections' on page 2 (70 x 40 mm)"]
    rows = tmp_path / "rows.csv"
    rows.write_text("patient\nJo\n", encoding="utf-8")
    result = run_batch(layout, BUNDLE, rows, tmp_path / "out")
    assert any("block 'tip' covers the text of block 'sections'" in w
               for _, w in result.warnings)
