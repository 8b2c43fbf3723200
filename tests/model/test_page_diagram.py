"""The diagram laid out again for a page block: type at the asked size, boxes apart, the
block filled, notes joined to nothing left off, numbers and plain words on the boxes."""
from __future__ import annotations

import pytest

from gutskin_desktop.model import theme
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.diagram import Diagram
from gutskin_desktop.model.geometry import Rect
from gutskin_desktop.model.page_diagram import PageDiagram, PageLook, fit_to_block, print_colour
from gutskin_desktop.model.units import mm_to_pt

DIAGRAM = load_bundle().diagram
HANDOUT = PageLook(10, 13, 8.5)
NUMBERS = {n.id: str(i) for i, n in enumerate(DIAGRAM.nodes, 1)}


def fitted(width_mm: float = 180, height_mm: float = 112, sizes: PageLook = HANDOUT,
           diagram: Diagram = DIAGRAM, **options: object) -> PageDiagram:
    result = fit_to_block(diagram, mm_to_pt(width_mm), mm_to_pt(height_mm), sizes,
                          numbers=NUMBERS, **options)  # type: ignore[arg-type]
    assert result is not None
    return result


def apart(a: Rect, b: Rect) -> bool:
    return (a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1]
            or b[1] + b[3] <= a[1])


def test_labels_are_set_at_the_sizes_asked_for_the_page() -> None:
    result = fitted()
    assert result.shrink == 1.0
    for node in result.geometry.nodes.values():
        assert node.font_size == (13 if node.kind == "hub" else 10)
        assert node.badge is not None and node.badge.size == node.font_size


@pytest.mark.parametrize(("width", "height"), [(180, 112), (184, 112), (260, 150),
                                               (544, 330), (174, 190)])
def test_the_drawing_fills_the_block_and_stays_inside(width: float, height: float) -> None:
    result = fitted(width, height)
    w, h = mm_to_pt(width), mm_to_pt(height)
    xs, ys = [], []
    for node in result.geometry.nodes.values():
        x, y, bw, bh = node.rect
        xs += [x, x + bw]
        ys += [y, y + bh]
    assert min(xs) >= -0.5 and max(xs) <= w + 0.5
    assert min(ys) >= -0.5 and max(ys) <= h + 0.5
    assert max(xs) - min(xs) >= w - 2, "the boxes spread across the whole width"
    assert max(ys) - min(ys) >= h * 0.75, "and down most of the height (arrows bow below)"


def test_boxes_keep_room_for_arrows_and_labels_cover_no_box() -> None:
    result = fitted(edge_labels=True, height_mm=118)
    boxes = list(result.geometry.nodes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            grown = (a.rect[0] - 7, a.rect[1] - 7, a.rect[2] + 14, a.rect[3] + 14)
            assert apart(grown, b.rect), (a.id, b.id)
        for edge in result.geometry.edges:
            if edge.label_rect:
                assert apart(a.rect, edge.label_rect), (a.id, edge.key)


def test_a_note_joined_to_nothing_is_left_off_the_page() -> None:
    assert "outlook" in fitted().geometry.nodes  # the shipped note has its arrow
    loose = DIAGRAM.model_copy(update={"edges": [
        e for e in DIAGRAM.edges if "outlook" not in (e.source, e.target)]})
    result = fitted(diagram=loose)
    assert "outlook" in result.hidden and "outlook" not in result.geometry.nodes


def test_a_note_that_would_shrink_the_type_is_left_off_the_page() -> None:
    crowded = fitted(174, 182, PageLook(16, 20, 16))  # large print: no room for the note
    assert crowded.shrink == 1.0 and "outlook" in crowded.hidden
    assert "skin" in crowded.geometry.nodes and "outlook" in fitted().geometry.nodes


def test_patient_words_and_presenter_words() -> None:
    patient = fitted(version="patient", edge_labels=True, height_mm=118).geometry
    presenter = fitted(version="presenter", edge_labels=True, height_mm=118).geometry
    assert patient.nodes["microbiome"].lines[0].text == "Gut microbes"
    assert presenter.nodes["microbiome"].lines[0].text == "Gut microbiome"
    labels = {e.key: " ".join(t.text for t in e.label) for e in patient.edges}
    assert labels["microbiome->skin"] == "substances"
    assert labels["gut->gut-wall"] == "", "an empty patient label leaves the arrow bare"
    assert {e.key: e.label[0].text for e in presenter.edges if e.label}[
        "microbiome->skin"] == "metabolites"


def test_arrow_labels_are_left_off_unless_asked() -> None:
    assert all(not e.label and e.label_rect is None for e in fitted().geometry.edges)


def test_a_block_too_small_shrinks_the_type_and_says_how_much() -> None:
    result = fitted(180, 60)
    assert result.shrink < 1.0
    assert max(n.font_size for n in result.geometry.nodes.values()) < 13


def test_a_diagram_too_big_for_a_page_is_not_laid_out() -> None:
    nodes = [{"id": f"n{i}", "label": f"Box {i}", "kind": "mechanism", "section": "overview",
              "x": (i % 20) * 150, "y": (i // 20) * 80} for i in range(400)]
    big = Diagram.model_validate({"format_version": 1, "title": "Big", "nodes": nodes})
    assert fit_to_block(big, 500, 300, HANDOUT) is None


@pytest.mark.parametrize("colour", [theme.EDGE, "#b38a2e", "#c0745a", "#ffffff", "#dddddd"])
@pytest.mark.parametrize("page", ["#ffffff", "#f6f8f9"])
def test_print_colours_have_three_to_one_contrast_with_the_page(colour: str, page: str) -> None:
    assert theme.contrast(print_colour(colour, page), page) >= 3.0
    assert theme.contrast(theme.EDGE, "#ffffff") < 3.0, "the screen's edge colour is too pale"


@pytest.mark.parametrize(("width", "height", "sizes"), [
    (180, 112, HANDOUT), (174, 182, PageLook(16, 20, 16)), (544, 304, PageLook(28, 36, 24))])
def test_no_arrow_runs_behind_a_box_it_does_not_join(width: float, height: float,
                                                    sizes: PageLook) -> None:
    from gutskin_desktop.model.geometry import bezier_point

    result = fitted(width, height, sizes)
    assert result.shrink == 1.0
    nodes = result.geometry.nodes
    for edge in result.geometry.edges:
        others = [g.rect for k, g in nodes.items() if k not in (edge.source, edge.target)]
        for i in range(41):
            x, y = bezier_point(edge.curve, i / 40)
            assert not any(r[0] < x < r[0] + r[2] and r[1] < y < r[1] + r[3] for r in others), \
                edge.key


def test_large_print_labels_wrap_before_the_type_shrinks() -> None:
    result = fitted(174, 182, PageLook(16, 20, 16))
    assert result.shrink == 1.0
    assert [t.text for t in result.geometry.nodes["nutrients"].lines] == ["Nutrients",
                                                                          "from food"]
    widths = {round(g.rect[2], 3) for g in result.geometry.nodes.values() if g.kind != "hub"}
    assert len(widths) == 1, "the column of boxes lines up"
