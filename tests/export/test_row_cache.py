"""The parsed-paragraph cache (export/row_cache.py): the same PDFs with and without it,
keyed by exactly the text and the style, never sharing what reportlab changes, bounded."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from gutskin_desktop.export import row_cache
from gutskin_desktop.export.batch import run_batch
from gutskin_desktop.export.block_drawing import SectionHeading
from gutskin_desktop.export.text import style

from .pdfread import BUNDLE, LAYOUTS, page_texts, render_shipped

LONG = ("The gut and the skin talk to each other through the immune system, the blood and "
        "the nerves; what happens in one can show in the other. ") * 3


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    before = row_cache.set_enabled(True)
    row_cache.clear()
    yield
    row_cache.clear()
    row_cache.set_enabled(before)


def _uncached(fn):  # type: ignore[no-untyped-def]
    row_cache.set_enabled(False)
    try:
        return fn()
    finally:
        row_cache.set_enabled(True)


def _drawn(para: Paragraph, width: float = 200, height: float = 800) -> tuple:
    """What a paragraph becomes: its size when wrapped, its lines and the page drawn."""
    size = para.wrap(width, height)
    canvas = Canvas("unused.pdf", invariant=1)
    canvas.setPageCompression(0)
    para.drawOn(canvas, 20, 20)
    lines = ([(room, list(words)) for room, words in para.blPara.lines]
             if para.blPara.kind == 0 else len(para.blPara.lines))
    return size, para._wrapWidths, lines, canvas.getpdfdata()


@pytest.mark.parametrize("name", ["a4-handout", "large-print"])
def test_handout_bytes_same_with_and_without_the_cache(name: str) -> None:
    plain = _uncached(lambda: render_shipped(name, deterministic=True).pdf)
    first = render_shipped(name, deterministic=True).pdf  # fills the cache
    assert row_cache.size() > 20
    again = render_shipped(name, deterministic=True).pdf  # made from it
    assert first == plain
    assert again == plain
    assert "gut" in page_texts(again)[0].lower()


def test_batch_rows_same_bytes_with_and_without_the_cache(tmp_path: Path) -> None:
    from gutskin_desktop.model.layout import load_layout

    layout = load_layout(LAYOUTS / "a4-handout.json", BUNDLE.content)
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,note\nAda Zoë,Keep a food diary.\nBen,\nAda Zoë,Keep a food "
                    "diary.\n", encoding="utf-8")
    _uncached(lambda: run_batch(layout, BUNDLE, rows, tmp_path / "plain", deterministic=True))
    result = run_batch(layout, BUNDLE, rows, tmp_path / "cached", deterministic=True)
    assert len(result.written) == 3
    for made in result.written:
        assert made.read_bytes() == (tmp_path / "plain" / made.name).read_bytes()


def test_same_text_and_equal_style_parsed_once_and_drawn_alike() -> None:
    first = row_cache.paragraph(LONG, style("body", 10))
    second = row_cache.paragraph(LONG, style("body-again", 10))  # a new, equal style
    assert row_cache.size() == 1
    plain = Paragraph(LONG, style("body", 10))
    assert _drawn(second) == _drawn(plain)
    assert _drawn(first) == _drawn(Paragraph(LONG, style("body", 10)))


@pytest.mark.parametrize("change", [
    {"fontSize": 11}, {"fontSize": 10.0}, {"fontName": "Helvetica-Bold"},
    {"textColor": Color(1, 0, 0)}, {"textColor": CMYKColor(0, 0, 0, 1)},
    {"leftIndent": 4}, {"alignment": 1}])
def test_a_changed_style_is_a_different_paragraph(change: dict) -> None:
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=10, leading=12,
                          textColor=Color(0, 0, 0))
    changed = ParagraphStyle("changed", parent=base, **change)
    row_cache.paragraph(LONG, base)
    made = row_cache.paragraph(LONG, changed)
    assert row_cache.size() == 2
    assert _drawn(made) == _drawn(Paragraph(LONG, changed))
    for name, value in change.items():
        if name in ("fontSize", "fontName", "textColor"):
            frag_value = getattr(made.frags[0], name)
            assert frag_value == value and type(frag_value) is type(value)


def test_a_changed_text_is_a_different_paragraph() -> None:
    body = style("body", 10)
    row_cache.paragraph("<b>Gut:</b> one", body)
    made = row_cache.paragraph("<b>Gut:</b> two", body)
    assert row_cache.size() == 2
    assert made.getPlainText() == "Gut: two"


def test_copies_are_never_shared_with_what_reportlab_changes() -> None:
    body = style("body", 10)
    markup = "<b>Term:</b> " + LONG
    first = row_cache.paragraph(markup, body)
    parts = first.split(200, 40)  # breaks, splits and rewrites the first's fragments
    assert len(parts) == 2
    for part in parts:
        _drawn(part)
    second = row_cache.paragraph(markup, body)
    assert not set(map(id, second.frags)) & set(map(id, first.frags))
    assert _drawn(second) == _drawn(Paragraph(markup, body))
    # a paragraph of one fragment: its broken lines are kept, handed out as copies
    one = row_cache.paragraph(LONG, body)
    _drawn(one)
    one.blPara.lines[0][1].append("changed")
    again = row_cache.paragraph(LONG, body)
    assert _drawn(again) == _drawn(Paragraph(LONG, body))
    split = again.split(200, 40)
    assert [_drawn(p) for p in split] == [_drawn(p) for p in
                                          Paragraph(LONG, body).split(200, 40)]


def test_bullets_and_widths_break_as_reportlab_does() -> None:
    item = style("item", 10, bullet=True)
    for width in (120, 200, 120):
        made = row_cache.paragraph(LONG, item, bulletText="\u2022")
        assert _drawn(made, width) == _drawn(Paragraph(LONG, item, bulletText="\u2022"), width)
        numbered = row_cache.paragraph(LONG, item, bulletText="12")
        assert _drawn(numbered, width) == _drawn(Paragraph(LONG, item, bulletText="12"), width)


def test_subclasses_keep_their_class_and_arguments() -> None:
    head = style("heading", 14, face="bold")
    made = row_cache.paragraph("Diet", head, cls=SectionHeading, key="section-diet",
                               title="1. Diet", navigate=False)
    again = row_cache.paragraph("Diet", head, cls=SectionHeading, key="section-x",
                                title="2. Diet")
    assert type(again) is SectionHeading
    assert (made.key, made.title, made.navigate) == ("section-diet", "1. Diet", False)
    assert (again.key, again.title, again.navigate) == ("section-x", "2. Diet", True)


def test_links_are_kept_each_paragraph_with_its_own_list() -> None:
    body = style("body", 10)
    linked = '<a href="#diagram">Diet</a>'
    first = row_cache.paragraph(linked, body)
    assert row_cache.size() == 1
    second = row_cache.paragraph(linked, body)
    assert second.frags[-1].link == [(0, "#diagram")] == first.frags[-1].link
    assert second.frags[-1].link is not first.frags[-1].link
    second.frags[-1].link.append((1, "#elsewhere"))
    assert row_cache.paragraph(linked, body).frags[-1].link == [(0, "#diagram")]


def test_underlined_or_bad_markup_is_made_as_usual() -> None:
    body = style("body", 10)
    row_cache.paragraph("<u>Diet</u> matters", body)
    assert row_cache.size() == 0  # underlining's fragments are not kept
    with pytest.raises(ValueError, match="instead of expected"):
        row_cache.paragraph("<b>unclosed", body)
    assert row_cache.size() == 0


def test_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(row_cache, "MAX_ENTRIES", 5)
    body = style("body", 10)
    for n in range(12):
        row_cache.paragraph(f"Patient {n}", body)
    assert row_cache.size() == 5
    made = row_cache.paragraph("Patient 0", body)  # dropped first, parsed again
    assert made.getPlainText() == "Patient 0"
    assert row_cache.size() == 5


def test_cached_paragraphs_print_copy_and_split_like_any_other() -> None:
    import copy

    body = style("body", 10)
    row_cache.paragraph(LONG, body)
    made = row_cache.paragraph(LONG, body)
    made.wrap(200, 800)
    assert "Paragraph(" in repr(made)
    for twin in (copy.copy(made), copy.deepcopy(made)):
        assert _drawn(twin) == _drawn(Paragraph(LONG, body))


def test_a_one_shot_export_keeps_nothing_and_leaves_the_cache_on(tmp_path: Path) -> None:
    from gutskin_desktop import cli
    from gutskin_desktop.export.render import ExportOptions, render
    from gutskin_desktop.model.bundle import load_bundle
    from gutskin_desktop.model.layout_files import open_layout

    row_cache.clear()
    assert cli.main(["export", "--layout", "a4-handout", "--out", str(tmp_path / "a.pdf"),
                     "--deterministic"]) == 0
    assert row_cache.size() == 0  # one render: nothing was kept to be copied again
    assert row_cache.set_enabled(True) is True  # on again for batches and previews
    bundle = load_bundle()
    kept = render(open_layout("a4-handout", bundle.content), bundle,
                  ExportOptions(deterministic=True))
    assert row_cache.size() > 50
    assert kept.pdf == (tmp_path / "a.pdf").read_bytes()
