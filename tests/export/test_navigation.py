"""Navigation in the PDF: one outline entry per section, nodes linking to sections and back."""
from __future__ import annotations

from pathlib import Path

import pytest

from gutskin_desktop.export.diagram import Placement
from gutskin_desktop.model.geometry import layout as diagram_layout
from gutskin_desktop.model.layout import load_layout

from .pdfread import (BUNDLE, LAYOUTS, Char, Link, block, block_rect_pt, find_runs, links,
                      page_chars, reader, render_data, render_shipped, shipped)


def heading_places(pdf: bytes, size: float, section_ids: list[str]) -> dict[str, tuple[int,
                                                                                       Char]]:
    """Page and first character of each section's heading (its title at the heading size)."""
    pages = page_chars(pdf)
    out = {}
    for section_id in section_ids:
        title = BUNDLE.content.section(section_id).title
        found = [(number, run[0]) for number, chars in enumerate(pages, 1)
                 for run in find_runs(chars, title) if run[0].size == pytest.approx(size)]
        assert len(found) == 1, (section_id, found)
        out[section_id] = found[0]
    return out


def outline(pdf: bytes) -> list[tuple[str, int]]:
    doc = reader(pdf)
    entries = doc.outline
    assert all(not isinstance(e, list) for e in entries), "the outline should be flat"
    return [(e.title, doc.get_destination_page_number(e) + 1) for e in entries]


# --- the outline --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a4-handout", "letter-handout", "large-print",
                                  "presenter-notes"])
def test_outline_has_one_entry_per_section_in_order_at_its_heading(name: str) -> None:
    rendered = render_shipped(name)
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    size = layout.block("sections").style.heading_size
    places = heading_places(rendered.pdf, size, BUNDLE.content.ids)
    expected = [(BUNDLE.content.section(i).title, places[i][0]) for i in BUNDLE.content.ids]
    assert outline(rendered.pdf) == expected


def test_outline_lists_only_the_layouts_sections() -> None:
    pdf = render_shipped("a3-poster").pdf
    titles = [BUNDLE.content.section(i).title for i in ("microbiome", "immune", "nutrients")]
    assert [title for title, _ in outline(pdf)] == titles


def test_outline_follows_the_chosen_sections_and_their_order() -> None:
    pdf = render_shipped("presenter-notes", sections=("stress", "microbiome", "outlook")).pdf
    assert [t for t, _ in outline(pdf)] == [BUNDLE.content.section(i).title
                                            for i in ("stress", "microbiome", "outlook")]


def test_outline_opens_in_the_viewer() -> None:
    root = reader(render_shipped("a4-handout").pdf).trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"


# --- links between the diagram and the sections -------------------------------------------

def diagram_rect(name: str) -> tuple[Placement, tuple[float, float, float, float]]:
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    diagram = layout.block("diagram")
    x, y, w, h = block_rect_pt(layout.page.size_mm()[1], diagram, diagram.style.padding_mm)
    caption = diagram.style.font_size * 1.6 if diagram.caption else 0.0
    place = Placement.fit(diagram_layout(BUNDLE.diagram).bounds, x, y + caption, w,
                          h - caption)
    return place, (x, y, w, h)


def close(a: tuple[float, ...], b: tuple[float, ...], tolerance: float = 1.0) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b))


@pytest.mark.parametrize(("name", "sections"), [
    ("a4-handout", None), ("presenter-notes", None), ("a3-poster", None),
    ("presenter-notes", ("stress", "immune")),
])
def test_each_node_links_to_the_page_of_its_section_heading(
        name: str, sections: tuple[str, ...] | None) -> None:
    rendered = render_shipped(name, sections=sections)
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    included = list(sections or layout.block("sections").sections or BUNDLE.content.ids)
    places = heading_places(rendered.pdf, layout.block("sections").style.heading_size, included)
    place, _ = diagram_rect(name)
    geometry = diagram_layout(BUNDLE.diagram)
    page_one = [link for link in links(rendered.pdf) if link.page == 1]
    for node in BUNDLE.diagram.nodes:
        x, y, w, h = place.rect(geometry.nodes[node.id].rect)
        hits = [link for link in page_one if close(link.rect, (x, y, x + w, y + h))]
        if node.section not in included:
            assert hits == [], f"node {node.id} links to a section that is not printed"
            continue
        assert len(hits) == 1, f"node {node.id}: no link at {(x, y, x + w, y + h)}"
        page, first = places[node.section]
        assert hits[0].dest_page == page, node.id
        assert hits[0].dest_top is not None
        assert first.box[3] - 0.5 <= hits[0].dest_top <= first.box[3] + 2 * first.size, node.id


@pytest.mark.parametrize("name", ["a4-handout", "presenter-notes", "a3-poster"])
def test_each_section_heading_links_back_to_the_diagram(name: str) -> None:
    rendered = render_shipped(name)
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    included = list(layout.block("sections").sections or BUNDLE.content.ids)
    places = heading_places(rendered.pdf, layout.block("sections").style.heading_size, included)
    _, (_, dy, _, dh) = diagram_rect(name)
    every = links(rendered.pdf)
    for section_id, (page, first) in places.items():
        def over_heading(link: Link) -> bool:
            left, bottom, right, top = link.rect
            return (link.page == page and left - 0.5 <= first.box[0] <= right
                    and bottom - 0.5 <= first.box[2] and first.box[3] <= top + 0.5)
        back = [link for link in every if over_heading(link)]
        assert len(back) == 1, f"heading of {section_id}: {back}"
        assert back[0].dest_page == layout.block("diagram").page
        assert back[0].dest_top is not None and dy <= back[0].dest_top <= dy + dh + 1


def test_no_links_to_the_diagram_without_a_diagram() -> None:
    rendered = render_shipped("large-print")
    assert [link for link in links(rendered.pdf) if link.dest_page is not None] == []


def test_every_internal_link_lands_on_a_page() -> None:
    for name in ("a4-handout", "letter-handout", "presenter-notes"):
        rendered = render_shipped(name)
        for link in links(rendered.pdf):
            assert link.uri or (link.dest_page and 1 <= link.dest_page <= rendered.pages)


def test_chosen_sections_appear_once_when_a_layout_has_two_sections_blocks(
        tmp_path: Path) -> None:
    data = shipped("a3-poster")
    main = block(data, "sections")
    main.update(sections=["microbiome", "immune"], columns=2, w_mm=170)
    data["blocks"].append({"id": "more", "type": "sections", "x_mm": 192, "y_mm": 307,
                           "w_mm": 87, "h_mm": 78, "sections": ["outlook"],
                           "style": {"font_size": 9.5, "heading_size": 12}})
    everything = render_data(tmp_path, data)
    assert [t for t, _ in outline(everything.pdf)] == [
        BUNDLE.content.section(i).title for i in ("microbiome", "immune", "outlook")]
    chosen = render_data(tmp_path, data, sections=("immune", "outlook"))
    titles = [t for t, _ in outline(chosen.pdf)]
    assert sorted(titles) == sorted(BUNDLE.content.section(i).title
                                    for i in ("immune", "outlook")), titles
