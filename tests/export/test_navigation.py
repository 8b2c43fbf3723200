"""Navigation in the PDF: one outline entry per section, nodes linking to sections and back."""
from __future__ import annotations

from pathlib import Path

import pytest

from gutskin_desktop.model.layout import load_layout

from .pdfread import (
    BUNDLE,
    LAYOUTS,
    Char,
    Link,
    block,
    find_words,
    links,
    page_chars,
    page_diagram,
    reader,
    render_data,
    render_shipped,
    shipped,
)


def heading_places(pdf: bytes, size: float, section_ids: list[str]) -> dict[str, tuple[int,
                                                                                       Char]]:
    """Page and first character of each section's heading (its title at the heading size;
    a long title may wrap, and a number chip may come before it)."""
    pages = page_chars(pdf)
    out = {}
    for section_id in section_ids:
        title = BUNDLE.content.section(section_id).title
        found = [(number, run[0]) for number, chars in enumerate(pages, 1)
                 for run in find_words(chars, title)
                 if all(c.size == pytest.approx(size) for c in run)]
        assert len(found) == 1, (section_id, found)
        out[section_id] = found[0]
    return out


def outline(pdf: bytes) -> list[tuple[str, int]]:
    doc = reader(pdf)
    entries = doc.outline
    assert all(not isinstance(e, list) for e in entries), "the outline should be flat"
    return [(e.title, doc.get_destination_page_number(e) + 1) for e in entries]


def numbered(*section_ids: str) -> list[str]:
    """Outline titles of these sections, numbered in this order (as the diagram's boxes and
    the key points are)."""
    return [f"{n}. {BUNDLE.content.section(i).title}" for n, i in enumerate(section_ids, 1)]


# --- the outline --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a4-handout", "letter-handout", "large-print",
                                  "presenter-notes"])
def test_outline_has_one_entry_per_section_in_order_at_its_heading(name: str) -> None:
    rendered = render_shipped(name)
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    size = layout.block("sections").style.heading_size
    places = heading_places(rendered.pdf, size, BUNDLE.content.ids)
    expected = list(zip(numbered(*BUNDLE.content.ids),
                        (places[i][0] for i in BUNDLE.content.ids), strict=True))
    assert outline(rendered.pdf) == expected


def test_outline_lists_only_the_layouts_sections(tmp_path: Path) -> None:
    data = shipped("presenter-notes")
    block(data, "sections")["sections"] = ["microbiome", "immune", "nutrients"]
    pdf = render_data(tmp_path, data).pdf
    assert [title for title, _ in outline(pdf)] == numbered("microbiome", "immune",
                                                            "nutrients")
    # A poster prints no sections: nothing to list.
    assert outline(render_shipped("a3-poster").pdf) == []


def test_outline_follows_the_chosen_sections_and_their_order() -> None:
    pdf = render_shipped("presenter-notes", sections=("stress", "microbiome", "outlook")).pdf
    assert [t for t, _ in outline(pdf)] == numbered("stress", "microbiome", "outlook")


def test_outline_titles_are_plain_when_the_diagram_numbers_nothing(tmp_path: Path) -> None:
    data = shipped("presenter-notes")
    block(data, "diagram")["numbers"] = False
    pdf = render_data(tmp_path, data, sections=("stress", "microbiome")).pdf
    assert [t for t, _ in outline(pdf)] == [BUNDLE.content.section(i).title
                                            for i in ("stress", "microbiome")]


def test_outline_opens_in_the_viewer() -> None:
    root = reader(render_shipped("a4-handout").pdf).trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"


# --- links between the diagram and the sections -------------------------------------------

def close(a: tuple[float, ...], b: tuple[float, ...], tolerance: float = 1.0) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))


@pytest.mark.parametrize(("name", "sections"), [
    ("a4-handout", None), ("presenter-notes", None), ("large-print", None),
    ("presenter-notes", ("stress", "immune")),
])
def test_each_node_links_to_the_page_of_its_section_heading(
        name: str, sections: tuple[str, ...] | None) -> None:
    rendered = render_shipped(name, sections=sections)
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    included = list(sections or layout.block("sections").sections or BUNDLE.content.ids)
    places = heading_places(rendered.pdf, layout.block("sections").style.heading_size, included)
    place, geometry = page_diagram(layout, sections)
    diagram_page = layout.block("diagram").page
    on_its_page = [link for link in links(rendered.pdf) if link.page == diagram_page]
    for node in BUNDLE.diagram.nodes:
        if node.id not in geometry.nodes:
            assert node.kind == "note"  # a note joined to no arrow is left off the page
            continue
        x, y, w, h = place.rect(geometry.nodes[node.id].rect)
        hits = [link for link in on_its_page if close(link.rect, (x, y, x + w, y + h))]
        if node.section not in included:
            assert hits == [], f"node {node.id} links to a section that is not printed"
            continue
        assert len(hits) == 1, f"node {node.id}: no link at {(x, y, x + w, y + h)}"
        page, first = places[node.section]
        assert hits[0].dest_page == page, node.id
        assert hits[0].dest_top is not None
        # at the heading (whose number chip may stand a little higher than its letters)
        assert first.box[3] - 0.5 <= hits[0].dest_top <= first.box[3] + 2 * first.size, node.id


def test_a_poster_without_sections_links_nowhere() -> None:
    assert [link for link in links(render_shipped("a3-poster").pdf)
            if link.dest_page is not None] == []


@pytest.mark.parametrize("name", ["a4-handout", "presenter-notes", "large-print"])
def test_each_section_heading_links_back_to_the_diagram(name: str) -> None:
    rendered = render_shipped(name)
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    included = list(layout.block("sections").sections or BUNDLE.content.ids)
    places = heading_places(rendered.pdf, layout.block("sections").style.heading_size, included)
    place, geometry = page_diagram(layout)
    _, dy, _, dh = place.rect(geometry.bounds)
    every = links(rendered.pdf)
    for section_id, (page, first) in places.items():
        back = [link for link in every if _over(link, page, first)]
        assert len(back) == 1, f"heading of {section_id}: {back}"
        assert back[0].dest_page == layout.block("diagram").page
        assert back[0].dest_top is not None and dy <= back[0].dest_top <= dy + dh + 1


def _over(link: Link, page: int, char: Char) -> bool:
    """Whether a link on ``page`` covers a character (its start, within half a point)."""
    left, bottom, right, top = link.rect
    return (link.page == page and left - 0.5 <= char.box[0] <= right
            and bottom - 0.5 <= char.box[2] and char.box[3] <= top + 0.5)


def test_no_links_to_the_diagram_without_a_diagram(tmp_path: Path) -> None:
    data = shipped("large-print")
    data["blocks"] = [b for b in data["blocks"] if b["type"] != "diagram"]
    rendered = render_data(tmp_path, data)
    assert [link for link in links(rendered.pdf) if link.dest_page is not None] == []


def test_every_internal_link_lands_on_a_page() -> None:
    for name in ("a4-handout", "letter-handout", "presenter-notes"):
        rendered = render_shipped(name)
        for link in links(rendered.pdf):
            assert link.uri or (link.dest_page and 1 <= link.dest_page <= rendered.pages)


def test_chosen_sections_appear_once_when_a_layout_has_two_sections_blocks(
        tmp_path: Path) -> None:
    data = shipped("presenter-notes")
    main = block(data, "sections")
    main.update(sections=["microbiome", "immune"], continues=False, after=[],
                flow=[{"page": 2, "x_mm": 15, "y_mm": 14, "w_mm": 180, "h_mm": 180}])
    data["blocks"].append({"id": "more", "type": "sections", "page": 2, "x_mm": 15,
                           "y_mm": 198, "w_mm": 180, "h_mm": 75, "sections": ["outlook"],
                           "columns": 2, "text": "patient"})
    everything = render_data(tmp_path, data)
    assert everything.overflows == []
    # numbered in the order printed: this layout has no key points to follow
    assert [t for t, _ in outline(everything.pdf)] == numbered("microbiome", "immune",
                                                               "outlook")
    chosen = render_data(tmp_path, data, sections=("outlook", "immune"))
    titles = [t for t, _ in outline(chosen.pdf)]
    assert titles == numbered("immune", "outlook"), titles
