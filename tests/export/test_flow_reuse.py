"""Fills kept between exports (export/flow_reuse.py): each export after the first goes on
from the last point the text still matches, and its PDF is the one a fresh export makes,
byte for byte, whatever changed in between (details, sections, text, layout edits)."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from msgspec.structs import replace
from reportlab.lib.styles import ParagraphStyle

from gutskin_desktop.export import flow_reuse
from gutskin_desktop.export.flow import Region, fill, signature
from gutskin_desktop.export.panel import Panel
from gutskin_desktop.export.render import ExportOptions, render
from gutskin_desktop.export.row_cache import paragraph
from gutskin_desktop.export.text import style
from gutskin_desktop.model.layout import Layout
from gutskin_desktop.model.layout_edit import update_blocks
from gutskin_desktop.model.layout_files import open_layout

from .pdfread import BUNDLE, TODAY, page_texts

IDS = list(BUNDLE.content.ids)


@pytest.fixture(autouse=True)
def _kept() -> Iterator[None]:
    before = flow_reuse.set_enabled(True)
    yield
    flow_reuse.set_enabled(before)


def _fresh(layout: Layout, options: ExportOptions) -> bytes:
    """The export with nothing kept from before."""
    flow_reuse.set_enabled(False)
    try:
        return render(layout, BUNDLE, options).pdf
    finally:
        flow_reuse.set_enabled(True)


def _options(**kwargs: Any) -> ExportOptions:
    return ExportOptions(deterministic=True, today=TODAY, **kwargs)


def _layout(name: str) -> Layout:
    return open_layout(name, BUNDLE.content)


VARIANTS = [
    _options(fields={"patient": "Zoë Ångström"}),
    _options(fields={"patient": "A rather long name " * 3, "note": "Eat slowly. " * 60}),
    _options(text="presenter"),
    _options(sections=tuple(IDS[:2])),
    _options(sections=tuple(IDS[1:])),
    _options(fields={"clinic": "Hill Street Practice", "phone": "0800 123"}),
    _options(fields={"note": "שלום and then some words"}),
    _options(fields={"patient": "Zoë Ångström"}),
]


@pytest.mark.parametrize("name", ["a4-handout", "letter-handout", "a3-poster", "large-print",
                                  "presenter-notes"])
def test_a_run_of_exports_makes_the_pdfs_fresh_exports_make(name: str) -> None:
    layout = _layout(name)
    made = [(o, render(layout, BUNDLE, o)) for o in VARIANTS]
    for options, rendered in made:
        assert rendered.pdf == _fresh(layout, options), (name, options.fields)
    if "handout" in name:  # and the patient's name typed last is on the page
        assert "Zoë Ångström" in " ".join(page_texts(made[-1][1].pdf))


def test_a_kept_fill_is_taken_up_again_rather_than_redone() -> None:
    layout = _layout("a4-handout")
    render(layout, BUNDLE, VARIANTS[0])
    kept = flow_reuse.take("a4-handout", "sections")
    assert kept is not None
    flow_reuse.keep("a4-handout", "sections", kept)
    again = render(layout, BUNDLE, VARIANTS[-1])
    placed = flow_reuse.take("a4-handout", "sections")
    assert placed is not None and placed is not kept
    # the sections' paragraphs are the very ones placed before, not made and flowed anew
    shared = {id(p.flowable) for p in kept.placed} & {id(p.flowable) for p in placed.placed}
    assert len(shared) > len(kept.placed) // 2
    assert again.pdf == _fresh(layout, VARIANTS[-1])


def _moved(layout: Layout, block_id: str, **changes: Any) -> Layout:
    return update_blocks(layout, {block_id: changes})


def test_layout_edits_between_exports_give_fresh_pdfs() -> None:
    """What the designer does between previews: move and resize text blocks, make a
    block one that text flows around, change type sizes."""
    layout = _layout("a4-handout")
    sections = next(b for b in layout.blocks if b.id == "sections")
    edits = [
        layout,
        _moved(layout, "sections", h_mm=sections.h_mm - 40),
        _moved(layout, "sections", w_mm=sections.w_mm - 30),
        _moved(layout, "summary", y_mm=next(b for b in layout.blocks
                                            if b.id == "summary").y_mm + 5),
        _moved(layout, "diagram", page=2, wrap=True),
        _moved(layout, "sections", style={**_style(sections), "font_size": 11.5}),
        layout,
    ]
    options = VARIANTS[0]
    made = [(edited, render(edited, BUNDLE, options).pdf) for edited in edits]
    for edited, pdf in made:
        assert pdf == _fresh(edited, options)


def _style(block: Any) -> dict[str, Any]:
    import msgspec

    return msgspec.to_builtins(block.style)


def test_a_changed_paragraph_is_flowed_anew_from_there() -> None:
    body = style("reuse-body", 10)
    regions = [Region(1, 0, 0, 200, 300), Region(2, 0, 0, 200, 300)]
    first = [paragraph(f"Paragraph {n}: " + "words in a row " * 6, body) for n in range(12)]
    before = fill(first, regions)
    changed = [paragraph(f"Paragraph {n}: " + "words in a row " * 6, body) for n in range(12)]
    changed[7] = paragraph("Something else entirely. " * 9, body)
    again = fill(changed, regions, before)
    fresh = fill([paragraph(p.text, body) for p in changed], regions)
    assert [(p.page, p.x, p.y, p.size) for p in again.placed] == \
        [(p.page, p.x, p.y, p.size) for p in fresh.placed]
    assert again.placed[0].flowable is before.placed[0].flowable  # taken up, not redone
    texts = [p.flowable.text for p in again.placed]
    assert any(t.startswith("Something else") for t in texts)
    assert len(again.leftover) == len(fresh.leftover)


def test_other_regions_mean_a_fill_from_the_start() -> None:
    body = style("reuse-body", 10)
    items = [paragraph(f"Paragraph {n}: " + "words " * 20, body) for n in range(8)]
    before = fill(items, [Region(1, 0, 0, 200, 300)])
    narrower = [Region(1, 0, 0, 150, 300)]
    again = fill([paragraph(p.text, body) for p in items], narrower, before)
    assert all(p.size[0] == 150 for p in again.placed)
    assert not {id(p.flowable) for p in before.placed} & {id(p.flowable) for p in again.placed}


def test_signatures_tell_apart_what_flows_differently() -> None:
    body, bold = style("sig-body", 10), style("sig-bold", 10, face="bold")
    one = paragraph("Same words", body)
    assert signature(one) == signature(paragraph("Same words", style("sig-body-2", 10)))
    assert signature(one) != signature(paragraph("Same words", bold))
    assert signature(one) != signature(paragraph("Other words", body))
    assert signature(one) != signature(paragraph("Same words", body, bulletText="\u2022"))
    kept = paragraph("Same words", body)
    kept.keepWithNext = 1  # set after it was made: part of what it is
    assert signature(kept) != signature(one)
    odd = paragraph("Same words", body)
    odd.something = object()  # not a plain value: cannot be told, so never matched
    assert signature(odd) is None
    assert signature(ParagraphStyle("not a flowable")) is None  # type: ignore[arg-type]
    panel = Panel([paragraph("In a panel", body)], 4.0, "#eeeeee")
    assert signature(panel) == signature(Panel([paragraph("In a panel", body)], 4.0,
                                               "#eeeeee"))
    assert signature(panel) != signature(Panel([paragraph("In a panel", body)], 4.0,
                                               "#dddddd"))


def test_a_fill_is_lent_to_one_export_at_a_time() -> None:
    """Taken out while an export uses it, kept again only once it is drawn."""
    layout = _layout("a4-handout")
    render(layout, BUNDLE, VARIANTS[0])
    first = flow_reuse.take("a4-handout", "sections")
    assert first is not None
    assert flow_reuse.take("a4-handout", "sections") is None
    assert flow_reuse.take("letter-handout", "sections") is None  # by layout and block


def test_exports_in_two_threads_at_once_stay_right() -> None:
    layout = _layout("a4-handout")
    options = [replace(VARIANTS[0], fields={"patient": f"Patient {n}"}) for n in range(6)]
    expected = {o.fields["patient"]: _fresh(layout, o) for o in options}
    failures: list[str] = []

    def work(chosen: list[ExportOptions]) -> None:
        for o in chosen:
            if render(layout, BUNDLE, o).pdf != expected[o.fields["patient"]]:
                failures.append(o.fields["patient"])

    threads = [threading.Thread(target=work, args=(options[n::2],)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_a_heading_kept_with_a_changed_paragraph_is_placed_anew() -> None:
    """A heading is placed by what follows it: when the paragraph after it changes, the
    heading is placed again too (here it moves on with the paragraph, which no longer
    has a line's room under it)."""
    body, big = style("keep-body", 10), style("keep-big", 24)
    heading = style("keep-heading", 10, face="bold")
    regions = [Region(1, 0, 0, 200, 100), Region(2, 0, 0, 200, 100)]

    def items(last: ParagraphStyle) -> list[Any]:
        made = [paragraph("Words to fill the top of the region. " * 4, body),
                paragraph("A heading", heading),
                paragraph("What the heading is about, at some length. " * 3, last)]
        made[1].keepWithNext = 1
        return made

    before = fill(items(body), regions)
    assert [p.page for p in before.placed][:2] == [1, 1]
    again = fill(items(big), regions, before)
    fresh = fill(items(big), regions)
    assert [(p.page, p.y) for p in again.placed] == [(p.page, p.y) for p in fresh.placed]
    assert [p.page for p in fresh.placed][:2] == [1, 2]


def test_the_glossary_kept_between_exports_follows_what_is_printed() -> None:
    """The glossary's terms are worked out once for the same printed words: another
    choice of sections or text gives the glossary a fresh export gives."""
    from gutskin_desktop.export import render as render_module

    layout = _layout("a4-handout")
    choices = [VARIANTS[0], _options(sections=(IDS[0],)), _options(text="presenter"),
               _options(sections=(IDS[-1],))]
    made = [render(layout, BUNDLE, o).pdf for o in choices]
    fresh = []
    for options in choices:
        render_module._PRINTED_TERMS.clear()
        fresh.append(render(layout, BUNDLE, options).pdf)
    assert made == fresh
    texts = [" ".join(page_texts(pdf)) for pdf in made]
    terms = [{t.term for t in BUNDLE.content.glossary if f"{t.term}:" in text}
             for text in texts]
    assert terms[0] != terms[1] or terms[1] != terms[3]  # the choices print other terms


def test_a_block_no_edit_touched_keeps_its_whole_fill_and_its_pages_play_back() -> None:
    """An edit to the title: the sections block (with its details panel after the text)
    is placed exactly as before, every paragraph the very one placed before, so its last
    pages are played back rather than drawn; the PDF is a fresh export's."""
    from gutskin_desktop.export import render as render_module

    layout = _layout("a4-handout")
    title = next(b for b in layout.blocks if b.id == "title")
    size = _style(title).get("font_size") or 24.0
    bigger = _moved(layout, "title", style={**_style(title), "font_size": size + 1})
    options = VARIANTS[0]
    render(layout, BUNDLE, options)
    before = flow_reuse.take("a4-handout", "sections")
    assert before is not None
    flow_reuse.keep("a4-handout", "sections", before)
    render(bigger, BUNDLE, options)
    drawn: list[int] = []
    real = render_module._Renderer.draw_moved

    def counting(self: Any, canvas: Any, page: int, *rest: Any) -> None:
        drawn.append(page)
        real(self, canvas, page, *rest)

    render_module._Renderer.draw_moved = counting  # type: ignore[method-assign]
    try:
        again = render(layout, BUNDLE, options)
    finally:
        render_module._Renderer.draw_moved = real  # type: ignore[method-assign]
    after = flow_reuse.take("a4-handout", "sections")
    assert after is not None
    assert [id(p.flowable) for p in after.placed] == [id(p.flowable) for p in before.placed]
    assert drawn == [1], "only the title's page is drawn; the rest are played back"
    assert again.pdf == _fresh(layout, options)


def test_a_field_line_is_told_by_what_it_was_made_from() -> None:
    from gutskin_desktop.export.block_drawing import FieldLine

    body = style("field-body", 10)

    def line(value: str, size: float = 10) -> FieldLine:
        return FieldLine("Patient:", value, style("field-body", size), 20.0, "patient")

    assert signature(line("Sam Lee")) is not None
    assert signature(line("Sam Lee")) == signature(line("Sam Lee"))
    assert signature(line("Sam Lee")) != signature(line("Sam Leeds"))
    assert signature(line("Sam Lee")) != signature(line("Sam Lee", 12))
    assert signature(Panel([line("Sam Lee"), paragraph("After", body)])) is not None
