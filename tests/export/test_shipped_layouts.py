"""The five shipped layouts render without overflow, on the right paper, as each one promises."""
from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest

from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.units import mm_to_pt

from .pdfread import (
    BUNDLE,
    LAYOUTS,
    POSTERS,
    SHIPPED,
    Char,
    block,
    block_rect_pt,
    find_words,
    flat,
    load,
    page_chars,
    page_texts,
    reader,
    render_layout,
    render_shipped,
    shipped,
)

PAPER = {"a3-poster": (841.89, 1190.55), "a4-handout": (595.28, 841.89),
         "large-print": (595.28, 841.89), "letter-handout": (612.0, 792.0),
         "presenter-notes": (595.28, 841.89)}


def test_the_shipped_layouts_are_the_ones_promised() -> None:
    assert sorted(p.stem for p in LAYOUTS.glob("*.json")) == sorted(SHIPPED + POSTERS)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_layout_renders_without_overflow_on_its_paper(name: str) -> None:
    rendered = render_shipped(name)
    assert rendered.overflows == [], [str(o) for o in rendered.overflows]
    doc = reader(rendered.pdf)
    assert len(doc.pages) == rendered.pages
    for page in doc.pages:
        box = page.mediabox
        assert (float(box.left), float(box.bottom)) == (0.0, 0.0)
        assert (float(box.width), float(box.height)) == pytest.approx(PAPER[name], abs=0.01)


WITH_SECTIONS = ("a4-handout", "large-print", "letter-handout", "presenter-notes")


@pytest.mark.parametrize("name", WITH_SECTIONS)
def test_every_section_of_the_layout_is_printed_in_full(name: str) -> None:
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    sections = layout.block("sections")
    ids = sections.sections or BUNDLE.content.ids
    text = flat(" ".join(page_texts(render_shipped(name).pdf)))
    for section_id in ids:
        section = BUNDLE.content.section(section_id)
        assert section.title in text
        last = section.blocks(sections.text)[-1]
        words = (last.items[-1] if hasattr(last, "items") else last.text).split()
        assert " ".join(words[-5:]) in text, (section_id, words[-5:])


@pytest.mark.parametrize("name", SHIPPED)
def test_all_text_stays_inside_the_margins(name: str) -> None:
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    x, y, w, h = layout.page.content_box()
    left, right = mm_to_pt(x), mm_to_pt(x + w)
    top, bottom = mm_to_pt(layout.page.size_mm()[1] - y), mm_to_pt(layout.page.size_mm()[1]
                                                                    - y - h)
    for number, chars in enumerate(page_chars(render_shipped(name).pdf), 1):
        outside = [c for c in chars if c.text.strip() and not (
            left - 0.5 <= c.box[0] and c.box[1] <= right + 0.5
            and bottom - 0.5 <= c.box[2] and c.box[3] <= top + 0.5)]
        assert outside == [], (number, "".join(c.text for c in outside)[:80])


@pytest.mark.parametrize("name", ["a3-poster", *POSTERS])
def test_every_key_point_of_a_poster_is_printed_in_full(name: str) -> None:
    """A poster prints no sections: its key points stand for them, numbered as its diagram's
    boxes are."""
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    assert not [b for b in layout.blocks if b.type == "sections"]
    text = flat(" ".join(page_texts(render_shipped(name).pdf)))
    for number, section in enumerate(BUNDLE.content.sections, 1):
        assert f"{number} {flat(section.summary)}" in text, section.id


@pytest.mark.parametrize("name", ["a4-handout", "letter-handout"])
def test_a_handouts_first_page_stands_alone_and_its_text_follows(name: str) -> None:
    """Page 1 is the whole story in brief (title, main message, numbered diagram, key
    points); the sections' text and the leaflet's other parts follow from page 2, on no
    more than three sheets printed on both sides."""
    rendered = render_shipped(name)
    pages = [flat(t) for t in page_texts(rendered.pdf)]
    assert 2 <= rendered.pages <= 6
    first = pages[0]
    assert flat(BUNDLE.content.main_message or "") in first and "Key points" in first
    for number, section in enumerate(BUNDLE.content.sections, 1):
        assert f"{number} {flat(section.summary)}" in first, section.id
        assert flat(section.patient[0].text) not in first, section.id
    rest = " ".join(pages[1:])
    assert f"Page 2 of {rendered.pages}" in pages[1]
    assert f"1 {BUNDLE.content.section('overview').title}" in pages[1]
    assert "Questions you might ask" in rest and "About this leaflet" in rest


def test_a3_poster_is_one_page() -> None:
    assert render_shipped("a3-poster").pages == 1


def test_letter_handout_is_us_letter() -> None:
    layout = load_layout(LAYOUTS / "letter-handout.json", BUNDLE.content)
    assert layout.page.size == "Letter"
    rendered = render_shipped("letter-handout")
    assert 2 <= rendered.pages <= 6  # as the A4 handout: see above
    assert [tuple(float(v) for v in p.mediabox) for p in reader(rendered.pdf).pages] == \
        [(0.0, 0.0, 612.0, 792.0)] * rendered.pages


def test_presenter_notes_have_the_diagram_and_the_presenter_text() -> None:
    layout = load_layout(LAYOUTS / "presenter-notes.json", BUNDLE.content)
    assert layout.block("diagram").type == "diagram"
    assert layout.block("sections").text == "presenter"
    text = flat(" ".join(page_texts(render_shipped("presenter-notes").pdf)))
    for node in BUNDLE.diagram.nodes:  # in the presenter's words (not the patients')
        assert node.label in text, node.id
    for edge in BUNDLE.diagram.edges:  # arrow labels on
        assert edge.label in text, edge.key
    for section in BUNDLE.content.sections:
        first = section.presenter[0]
        assert " ".join(first.text.split()[:10]) in text, section.id


# --- large print --------------------------------------------------------------------------

def test_large_print_layout_values() -> None:
    layout = load_layout(LAYOUTS / "large-print.json", BUNDLE.content)
    assert layout.page.size == "A4"
    assert layout.type_floor == 16
    sections = layout.block("sections")
    assert sections.columns == 1
    assert sections.style.font_size >= 18
    assert (sections.style.heading_size or 0) >= 22
    assert sections.style.align == "left"
    assert sections.style.leading >= 1.25
    assert sections.continues
    # the details and the leaflet's other parts follow the sections text, in its large type
    assert {"questions", "advice", "glossary", "details", "about"} <= set(sections.after)
    for block_id in ("summary", "sections"):
        style = layout.block(block_id).style
        assert style.font_size >= 18 and style.leading >= 1.25, block_id
        assert style.heading_size is None or style.heading_size >= 22
    assert all(b.style.font_size >= layout.type_floor for b in layout.blocks)


def large_print_body(without: tuple[str, ...] = ()) -> tuple[list[list[Char]], float, float]:
    """Characters of the sections text and what follows it, on the pages from the sections
    block's own (not the footer), and its column; ``without`` those parts after the text."""
    data = shipped("large-print")
    block(data, "sections")["after"] = [p for p in block(data, "sections")["after"]
                                        if p not in without]
    with tempfile.TemporaryDirectory() as folder:
        layout = load(Path(folder), data)
    footer = layout.block("footer")
    footer_top = mm_to_pt(297 - footer.y_mm)
    sections = layout.block("sections")
    x, _, w, _ = block_rect_pt(297, sections)
    pages = page_chars(render_layout(layout).pdf)
    body = [[c for c in chars if c.y > footer_top] for chars in pages[sections.page - 1:]]
    return body, x, w


def test_large_print_body_is_at_least_18_pt_and_headings_at_least_22_pt() -> None:
    body, _, _ = large_print_body()
    first_page = body[0]
    assert len(first_page) > 300
    assert min(c.size for page in body for c in page) >= 18
    assert any(find_words(first_page, s.title) for s in BUNDLE.content.sections), \
        "no section heading on the sections' first page"
    for section in BUNDLE.content.sections:
        runs = [run for page in body for run in find_words(page, section.title)]
        assert len(runs) == 1, section.id
        assert min(c.size for c in runs[0]) >= 22, section.id


def test_large_print_is_one_left_aligned_column_with_open_leading() -> None:
    # The diary is a form: a grid of boxes to write in, its headings set close. The rest is
    # read as running text.
    body, x, w = large_print_body(without=("diary",))
    for page in body:
        lines: dict[float, list[Char]] = {}
        for c in page:
            if c.text.strip():
                lines.setdefault(round(c.y, 1), []).append(c)
        starts = [min(c.box[0] for c in line) for line in lines.values()]
        ends = [max(c.box[1] for c in line) for line in lines.values()]
        assert all(x - 0.5 <= s and e <= x + w + 0.5 for s, e in zip(starts, ends, strict=True))
        # One column: every line starts at the left edge, or indented from it by no more
        # than two letters' room (a bullet, a box to tick, the advice panel's margin).
        assert all(s - x < 18 * 2.2 for s in starts), starts
        # Left-aligned, not justified: the right ends of the lines are ragged.
        full = [e for e in ends if e > x + w * 0.5]
        assert len({round(e) for e in full}) > len(full) / 2
        # Leading: baselines at least 1.25 x 18 pt apart.
        ys = sorted(lines, reverse=True)
        assert all(a - b >= 18 * 1.25 - 0.1 for a, b in itertools.pairwise(ys))
