"""Text that flows around a block (``wrap``): the sections and key points keep clear of it,
going above it, beside it when that leaves a readable column, and below it, column by
column; what does not fit is still measured. Read back from the PDF with pdfplumber."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber

from .pdfread import BUNDLE, block, flat, page_texts, render_data, shipped

CALLOUT_WORDS = {"Remember", "Keep", "taking", "the", "treatment."}
STANDOFF_MM = 3.0


@dataclass(frozen=True)
class Word:
    text: str
    left: float  # millimetres from the page's left and top edges
    top: float
    right: float
    bottom: float


def words(pdf: bytes, page: int) -> list[Word]:
    """The words drawn on a page, in millimetres from its top-left corner."""
    mm = 25.4 / 72
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        found = doc.pages[page - 1].extract_words()
    return [Word(w["text"], w["x0"] * mm, w["top"] * mm, w["x1"] * mm, w["bottom"] * mm)
            for w in found]


def tip(x: float, y: float, w: float, h: float, page: int = 2,
        wrap: bool = True) -> dict[str, Any]:
    return {"id": "tip", "type": "callout", "page": page, "x_mm": x, "y_mm": y, "w_mm": w,
            "h_mm": h, "wrap": wrap, "title": "Remember", "text": "Keep taking the treatment.",
            "style": {"background": "#e3efeb", "padding_mm": 3}}


def handout_with(extra: dict[str, Any], **sections: Any) -> dict[str, Any]:
    data = shipped("a4-handout")
    block(data, "sections").update(sections)
    data["blocks"].append(extra)
    return data


def others(found: list[Word], box: dict[str, Any]) -> list[Word]:
    """The words that are not the callout's own (those inside its box)."""
    def own(w: Word) -> bool:
        return (w.text in CALLOUT_WORDS and box["x_mm"] <= w.left
                and w.right <= box["x_mm"] + box["w_mm"] and box["y_mm"] <= w.top
                and w.bottom <= box["y_mm"] + box["h_mm"])
    return [w for w in found if not own(w)]


def near(w: Word, box: dict[str, Any], room: float) -> bool:
    """Whether a word comes within ``room`` mm of the box."""
    return (w.right > box["x_mm"] - room and w.left < box["x_mm"] + box["w_mm"] + room
            and w.bottom > box["y_mm"] - room and w.top < box["y_mm"] + box["h_mm"] + room)


def test_sections_text_goes_above_beside_and_below_a_block_it_flows_around(
        tmp_path: Path) -> None:
    box = tip(15, 90, 40, 40)  # in the left column (15 to 101 mm), room on its right
    rendered = render_data(tmp_path, handout_with(box))
    assert rendered.overlaps == [] and rendered.overflows == []
    text = others(words(rendered.pdf, 2), box)
    assert not [w for w in text if near(w, box, STANDOFF_MM - 0.5)]
    left_column = [w for w in text if w.right <= 101.5]
    above = [w for w in left_column if w.bottom <= box["y_mm"]]
    beside = [w for w in left_column if w.left >= 55 + STANDOFF_MM - 0.5
              and box["y_mm"] < w.top and w.bottom < box["y_mm"] + box["h_mm"]]
    below = [w for w in left_column if w.top >= box["y_mm"] + box["h_mm"]]
    assert above and below and len(beside) >= 20
    assert min(w.left for w in below) < 16  # the full column again under the block


def test_without_wrap_the_same_block_lies_on_the_text(tmp_path: Path) -> None:
    box = tip(15, 90, 40, 40, wrap=False)
    rendered = render_data(tmp_path, handout_with(box))
    assert [w for w in others(words(rendered.pdf, 2), box) if near(w, box, -1.0)]
    assert [(o.block, o.other) for o in rendered.overlaps] == [("tip", "sections")]


def test_no_text_goes_beside_a_block_where_the_column_left_is_too_narrow(
        tmp_path: Path) -> None:
    box = tip(15, 90, 70, 40)  # 13 mm would be left beside it: under a readable column
    rendered = render_data(tmp_path, handout_with(box))
    text = others(words(rendered.pdf, 2), box)
    assert not [w for w in text if w.right <= 101.5 and w.bottom > box["y_mm"] - 2
                and w.top < box["y_mm"] + box["h_mm"] + 2]
    assert rendered.overflows == []


def test_each_column_flows_around_a_block_across_both(tmp_path: Path) -> None:
    box = tip(70, 120, 70, 35)  # across the gap between the columns
    rendered = render_data(tmp_path, handout_with(box))
    text = others(words(rendered.pdf, 2), box)
    assert not [w for w in text if near(w, box, STANDOFF_MM - 0.5)]
    for column in ((15, 101), (109, 195)):
        inside = [w for w in text if column[0] - 0.5 <= w.left and w.right <= column[1] + 0.5]
        assert [w for w in inside if w.bottom <= box["y_mm"]], column
        assert [w for w in inside if w.top >= box["y_mm"] + box["h_mm"]], column
    # the left column is read to its foot before the right one starts
    page = flat(page_texts(rendered.pdf)[1])
    left_foot = max((w for w in text if w.right <= 101.5), key=lambda w: w.bottom)
    right_head = min((w for w in text if w.left >= 108), key=lambda w: w.top)
    assert page.index(left_foot.text) < page.rindex(right_head.text)


def test_the_key_points_flow_around_an_image(tmp_path: Path) -> None:
    data = shipped("a4-handout")
    picture = {"id": "pic", "type": "image", "x_mm": 150, "y_mm": 192, "w_mm": 45,
               "h_mm": 45, "wrap": True, "path": "images/gutskin-logo.png"}
    data["blocks"].append(picture)
    rendered = render_data(tmp_path, data)
    assert rendered.overlaps == [] and rendered.overflows == []
    text = words(rendered.pdf, 1)
    assert not [w for w in text if near(w, picture, STANDOFF_MM - 0.5)]
    beside = [w for w in text if picture["y_mm"] < w.top < picture["y_mm"] + 40]
    assert beside and max(w.right for w in beside) < 150 - STANDOFF_MM + 0.5


def test_what_no_longer_fits_is_still_measured(tmp_path: Path) -> None:
    tight = {"continues": False, "after": []}
    plain = render_data(tmp_path, handout_with(tip(15, 90, 40, 40, wrap=False), **tight))
    around = render_data(tmp_path, handout_with(tip(15, 90, 80, 100), **tight))
    before = next(o for o in plain.overflows if o.block == "sections")
    after = next(o for o in around.overflows if o.block == "sections")
    assert after.lines > before.lines and after.mm > before.mm
    # continuing, the text moves on to the next pages and all of it is printed
    full = render_data(tmp_path, handout_with(tip(15, 90, 80, 100)))
    assert full.overflows == [] and full.overlaps == []
    printed = flat(" ".join(page_texts(full.pdf)))
    for section in BUNDLE.content.sections:
        assert section.title in printed
