"""The renderer's PDF read back: embedded Vera fonts, escaped text, metadata, vectors, no Qt."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pytest

from gutskin_desktop.export.block_painters import diagram_sizes
from gutskin_desktop.export.render import render
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.fonts import font_file, wide_file
from gutskin_desktop.model.layout import Layout, load_layout
from gutskin_desktop.model.paths import CONTENT_FILE, DIAGRAM_FILE
from gutskin_desktop.model.units import mm_to_pt

from .pdfread import (
    BUNDLE,
    LAYOUTS,
    ROOT,
    SHIPPED,
    block,
    block_rect_pt,
    find_runs,
    flat,
    load,
    options,
    page_chars,
    page_diagram,
    page_texts,
    reader,
    render_data,
    render_layout,
    render_shipped,
    sampler,
    shipped,
)

MARKUP = "A<b>x</b> & <font size=40>\x07\x1bZ"
SHOWN = "A<b>x</b> & <font size=40>Z"  # the same text with its control characters dropped


def controls(text: str) -> list[str]:
    """Control characters in extracted text (line breaks are the extractor's own)."""
    return [c for c in text if unicodedata.category(c) == "Cc" and c != "\n"]


def fonts_of(doc: pypdf.PdfReader) -> list[pypdf.generic.DictionaryObject]:
    out = []
    for page in doc.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            out.append(ref.get_object())
    return out


# --- fonts --------------------------------------------------------------------------------

# The shared family, and DejaVu Sans for the letters and symbols Vera lacks (the boxes to
# tick beside the questions, other scripts).
OUR_FONTS = r"[A-Z]{6}\+(BitstreamVeraSans-[A-Za-z]+|DejaVuSans(-[A-Za-z]+)?)"


@pytest.mark.parametrize("name", SHIPPED)
def test_every_font_is_an_embedded_subset_of_our_own(name: str) -> None:
    pdf = render_shipped(name).pdf
    doc = reader(pdf)
    fonts = fonts_of(doc)
    assert fonts, "no fonts at all"
    assert any("BitstreamVeraSans" in str(f["/BaseFont"]) for f in fonts)
    for font in fonts:
        base = str(font["/BaseFont"])
        assert re.fullmatch("/" + OUR_FONTS, base), base
        assert font["/Subtype"] == "/TrueType", base
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{base} is not embedded"
        embedded = descriptor["/FontFile2"].get_object().get_data()
        whole = (wide_file() if "DejaVu" in base else font_file("regular")).stat().st_size
        assert 0 < len(embedded) < whole / 2, f"{base} is not a subset ({len(embedded)} bytes)"
    # No font anywhere in the file that is not one of those (Helvetica, for example).
    names = set(re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", pdf))
    assert names and all(re.fullmatch(OUR_FONTS.encode(), n) for n in names), names
    assert b"Helvetica" not in pdf


def test_all_four_faces_are_used_where_the_design_asks(tmp_path: Path) -> None:
    doc = reader(render_data(tmp_path, sampler()).pdf)
    faces = {str(f["/BaseFont"]).split("+")[1] for f in fonts_of(doc)}
    # body text, headings and the italic caption
    assert {"BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold",
            "BitstreamVeraSans-Oblique"} <= faces, faces


# --- escaping -----------------------------------------------------------------------------

def _loaded_or_refused(folder: Path, data: dict[str, Any], key: str) -> Layout | None:
    """The layout, or None when loading refused it for the field ``key`` (any other
    refusal fails the test)."""
    try:
        return load(folder, data)
    except LoadError as refused:
        field = refused.field
    assert field.endswith(key), field
    return None


@pytest.mark.parametrize(("block_id", "key"), [
    ("title", "text"), ("title", "subtitle"), ("callout", "title"), ("callout", "text"),
    ("summary", "title"), ("details", "title"), ("disclaimer", "text"), ("notes", "title"),
    ("diagram", "caption"), ("disclaimer", "title"), ("message", "text"),
    ("questions", "title"), ("glossary", "title"), ("advice", "title"),
])
def test_layout_text_is_printed_literally_without_control_characters(
        tmp_path: Path, block_id: str, key: str) -> None:
    data = sampler()
    block(data, block_id)[key] = MARKUP
    layout = _loaded_or_refused(tmp_path, data, key)
    if layout is None:  # refusing control characters on load is fine too
        return
    pdf = render_layout(layout).pdf
    page = layout.block(block_id).page
    text = page_texts(pdf)[page - 1]
    assert SHOWN in flat(text), f"{block_id}.{key} not printed literally"
    assert controls(text) == [], f"{block_id}.{key} printed control characters"
    chars = page_chars(pdf)[page - 1]
    run = find_runs(chars, "<font size=40>Z")
    assert run and all(c.size < 40 for c in run[0])


def test_qr_address_is_printed_without_control_characters(tmp_path: Path) -> None:
    data = sampler()
    block(data, "qr")["url"] = "https://example.org/a<b>&c=\x07d"
    layout = _loaded_or_refused(tmp_path, data, "url")
    if layout is None:  # refusing control characters on load is fine too
        return
    text = page_texts(render_layout(layout).pdf)[0]
    assert "https://example.org/a<b>&c=d" in text
    assert controls(text) == []


@pytest.mark.parametrize("value", [
    MARKUP,
    MARKUP + " and a note long enough that it cannot stay on one line next to its label, "
             "so it wraps as a paragraph",
], ids=["one-line", "wrapping"])
def test_field_values_are_printed_literally(tmp_path: Path, value: str) -> None:
    data = sampler()
    rendered = render_data(tmp_path, data, fields={"note": value, "clinic": "Q&A <i>"})
    text = flat(page_texts(rendered.pdf)[0])
    assert SHOWN in text
    assert "Q&A <i>" in text
    assert controls(page_texts(rendered.pdf)[0]) == []
    assert not rendered.overflows
    x, y, w, h = block_rect_pt(297, block(data, "details"))
    chars = page_chars(rendered.pdf)[0]
    note = [c for text in ("<font size=40>Z", value.split()[-1]) for run in
            find_runs(chars, text) for c in run]
    assert note and all(x - 0.5 <= c.box[0] and c.box[1] <= x + w + 0.5 and
                        y - 0.5 <= c.box[2] and c.box[3] <= y + h + 0.5 for c in note)


def test_content_text_is_printed_literally(tmp_path: Path) -> None:
    data: dict[str, Any] = json.loads(CONTENT_FILE.read_text("utf-8"))
    section = data["sections"][0]
    section["title"] = "Gut <i>and</i> skin & more"
    section["summary"] = "Summary <b>bold?</b> & plain"
    section["patient"][0]["text"] = "Body <font color=red>red?</font> & <br/> done."
    (tmp_path / "content.json").write_text(json.dumps(data), encoding="utf-8")
    bundle = load_bundle(tmp_path / "content.json", DIAGRAM_FILE)
    layout = load_layout(LAYOUTS / "a4-handout.json", bundle.content)
    pdf = render(layout, bundle, options(deterministic=True)).pdf
    text = flat(" ".join(page_texts(pdf)))
    assert "Gut <i>and</i> skin & more" in text
    assert "Body <font color=red>red?</font> & <br/> done." in text
    # numbered like the key points and the diagram's boxes
    assert reader(pdf).outline[0].title == "1. Gut <i>and</i> skin & more"


# --- metadata -----------------------------------------------------------------------------

def test_metadata_names_the_document() -> None:
    rendered = render_shipped("a4-handout", fields={"clinician": "Dr Ada Example"})
    doc = reader(rendered.pdf)
    meta = doc.metadata
    assert meta is not None
    assert meta.title == BUNDLE.content.title
    assert "Patient handout on A4" in (meta.subject or "")
    assert meta.author == "Dr Ada Example"
    keywords = str(meta.get("/Keywords", ""))
    assert "gut-skin axis" in keywords and "microbiome" in keywords
    assert str(doc.trailer["/Root"]["/Lang"]).startswith("en")


def test_author_without_a_clinician_is_the_clinic_or_the_app() -> None:
    assert reader(render_shipped("a4-handout", fields={"clinic": "Elm Clinic"}).pdf
                  ).metadata.author == "Elm Clinic"
    assert reader(render_shipped("a4-handout").pdf).metadata.author


def test_control_characters_never_reach_the_metadata() -> None:
    meta = reader(render_shipped("a4-handout", fields={"clinician": "Dr\x07 Ada\x1b"}).pdf
                  ).metadata
    assert meta is not None
    values = [str(v) for v in meta.values()]
    assert all(controls(v) == [] for v in values), values


# --- determinism --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a4-handout", "presenter-notes"])
def test_deterministic_exports_are_byte_identical(name: str) -> None:
    first = render_shipped(name, deterministic=True).pdf
    second = render_shipped(name, deterministic=True).pdf
    assert first == second
    assert first.startswith(b"%PDF-") and first.rstrip().endswith(b"%%EOF")


def test_deterministic_output_follows_the_input() -> None:
    base = render_shipped("a4-handout", deterministic=True).pdf
    named = render_shipped("a4-handout", deterministic=True, fields={"patient": "Sam"}).pdf
    assert base != named


# --- the diagram as vectors ---------------------------------------------------------------

def ink_box(pdf: bytes, page: int, rect: tuple[float, float, float, float],
            scale: float = 3.0) -> tuple[float, float, float, float]:
    """How far the drawn ink in ``rect`` (PDF points, y upwards; searched 3 pt beyond it)
    stays inside each of its sides: left, right, top and bottom margins in points."""
    x, y, w, h = rect
    doc = pdfium.PdfDocument(pdf)
    try:
        height = doc[page - 1].get_height()
        image = doc[page - 1].render(scale=scale).to_pil().convert("L")
    finally:
        doc.close()
    m = 3.0
    crop = image.crop((round((x - m) * scale), round((height - y - h - m) * scale),
                       round((x + w + m) * scale), round((height - y + m) * scale)))
    found = crop.point(lambda v: 255 if v < 200 else 0).getbbox()
    assert found is not None, "nothing drawn"
    left, top, right, bottom = (v / scale - m for v in found)
    return left, w - right, top, h - bottom


@pytest.mark.parametrize("name", ["a4-handout", "presenter-notes", "a3-poster"])
def test_diagram_is_laid_out_to_fill_its_block_and_centred(name: str) -> None:
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    diagram = layout.block("diagram")
    bx, by, bw, bh = block_rect_pt(layout.page.size_mm()[1], diagram, diagram.style.padding_mm)
    place, geometry = page_diagram(layout)
    # Laid out again for the block, not the screen's drawing scaled into it: the block's
    # width, from its top down to its caption.
    assert place.scale == pytest.approx(1.0)
    x, y, w, h = place.rect(geometry.bounds)
    assert (x, w, y + h) == pytest.approx((bx, bw, by + bh))
    assert y >= by + (diagram.style.font_size * 1.6 if diagram.caption else 0.0) - 0.01
    # The drawing fills the block across and down (its boxes, arrows and labels), centred:
    # only half a box's outline may reach past the block.
    outline = diagram_sizes(diagram).line_width * 1.5 / 2 + 0.5
    margins = ink_box(render_shipped(name).pdf, diagram.page, (x, y, w, h))
    assert all(-outline <= m <= 1.0 for m in margins), margins
    assert margins[0] == pytest.approx(margins[1], abs=0.75)  # centred across
    assert margins[2] == pytest.approx(margins[3], abs=0.75)  # and down


@pytest.mark.parametrize("name", ["a4-handout", "presenter-notes", "a3-poster"])
def test_node_and_edge_labels_are_text_where_the_geometry_puts_them(name: str) -> None:
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    place, geometry = page_diagram(layout)
    chars = page_chars(render_shipped(name).pdf)[0]
    diagram = layout.block("diagram")
    lines = [line for g in geometry.nodes.values() for line in g.lines]
    labels = [line for e in geometry.edges for line in e.label]
    assert bool(labels) == diagram.edge_labels  # arrow labels only when the block asks
    for line in lines + labels:
        x, y = place.point((line.x, line.baseline))
        found = [run for run in find_runs(chars, line.text)
                 if abs(run[0].x - x) < 1.0 and abs(run[0].y - y) < 1.0]
        assert found, f"{line.text!r} is not at ({x:.1f}, {y:.1f})"
    for node_id, g in geometry.nodes.items():
        line = g.lines[0]
        x, y = place.point((line.x, line.baseline))
        run = next(r for r in find_runs(chars, line.text) if abs(r[0].x - x) < 1.0)
        # at the block's own sizes: hubs at its heading size, the other boxes at its size
        size = diagram.style.heading_size if g.kind == "hub" else diagram.style.font_size
        assert run[0].size == pytest.approx(size, abs=0.05), node_id
        assert g.font_size == pytest.approx(size)


def diagram_words(tmp_path: Path, data: dict[str, Any], **changes: Any) -> str:
    """The sampler's diagram block as text: the characters drawn inside it, with no white
    space (a label may wrap)."""
    rect = block_rect_pt(297, block(data, "diagram"))
    chars = page_chars(render_data(tmp_path, data, **changes).pdf)[0]
    x, y, w, h = rect
    return "".join(c.text for c in chars if c.text.strip() and x <= c.x <= x + w
                   and y <= c.y <= y + h)


def shows(drawn: str, *words: str) -> list[bool]:
    return ["".join(w.split()) in drawn for w in words]


def test_edge_labels_only_when_the_block_turns_them_on(tmp_path: Path) -> None:
    data = sampler()
    off = diagram_words(tmp_path, data)  # off by default
    assert shows(off, "Gut microbes", "Leakier gut wall") == [True, True]
    assert shows(off, "toxins in the blood", "defense cells", "two-way link") == [False] * 3
    block(data, "diagram")["edge_labels"] = True
    on = diagram_words(tmp_path, data)
    assert shows(on, "toxins in the blood", "defense cells", "two-way link") == [True] * 3


def test_diagram_words_are_the_patients_or_the_presenters(tmp_path: Path) -> None:
    data = sampler()
    block(data, "diagram")["edge_labels"] = True
    patient = diagram_words(tmp_path, data)
    assert shows(patient, "Gut microbes", "defense cells") == [True, True]
    assert shows(patient, "Gut microbiome", "immune cells") == [False, False]
    block(data, "diagram")["words"] = "presenter"
    presenter = diagram_words(tmp_path, data)
    assert shows(presenter, "Gut microbiome", "immune cells") == [True, True]
    assert shows(presenter, "Gut microbes", "defense cells") == [False, False]
    block(data, "diagram")["words"] = "auto"  # follows the text printed
    auto = diagram_words(tmp_path, data, text="presenter")
    assert shows(auto, "Gut microbiome", "Gut microbes") == [True, False]


def test_the_shipped_note_is_joined_by_an_arrow_and_printed(tmp_path: Path) -> None:
    [note] = [n for n in BUNDLE.diagram.nodes if n.kind == "note"]
    assert any(note.id in (e.source, e.target) for e in BUNDLE.diagram.edges)
    text = flat(page_texts(render_data(tmp_path, sampler()).pdf)[0])
    assert all(n.words("patient") in text for n in BUNDLE.diagram.nodes)


@pytest.mark.parametrize("name", SHIPPED)
def test_no_raster_images_in_shipped_layouts(name: str) -> None:
    doc = reader(render_shipped(name).pdf)
    for page in doc.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())


# --- no Qt --------------------------------------------------------------------------------

NO_QT = textwrap.dedent("""
    import importlib, pkgutil, sys
    import gutskin_desktop.export as export
    for info in pkgutil.iter_modules(export.__path__):
        importlib.import_module("gutskin_desktop.export." + info.name)
    from gutskin_desktop import cli
    status = cli.main(["export", "--layout", "a4-handout", "--out", sys.argv[1]])
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print("STATUS", status)
    print("QT", ",".join(qt) or "none")
""")


def test_export_imports_no_qt(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    result = subprocess.run([sys.executable, "-c", NO_QT, str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "STATUS 0" in result.stdout
    assert "QT none" in result.stdout, result.stdout
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_failure_inside_reportlab_names_the_block(monkeypatch: pytest.MonkeyPatch) -> None:
    from gutskin_desktop.export import block_drawing as blocks
    from gutskin_desktop.export.export_errors import BlockFailed, ExportError
    from gutskin_desktop.export.render import ExportOptions, render
    from gutskin_desktop.model.layout_files import open_layout

    def broken(*args: object, **kwargs: object) -> list:
        raise ValueError("paragraph text too strange")
    monkeypatch.setattr(blocks, "callout_flowables", broken)
    layout = open_layout("a4-handout")
    data = layout.model_dump(mode="python", exclude_none=True)
    data["blocks"].append({"id": "tip", "type": "callout", "x_mm": 20, "y_mm": 20,
                           "w_mm": 60, "h_mm": 30, "text": "Drink water."})

    with pytest.raises(ExportError, match="block 'tip' could not be laid out") as caught:
        render(Layout.model_validate(data), BUNDLE, ExportOptions())
    assert isinstance(caught.value, BlockFailed)
    assert (caught.value.block, caught.value.doing) == ("tip", "laid out")


def test_odd_text_exports_as_typed() -> None:
    from gutskin_desktop.export.render import ExportOptions, render
    from gutskin_desktop.model.layout_files import open_layout

    odd = {"clinic": "<para>A & B</para>\x07\x1b[31m", "note": "<b>bold?</b> &lt; x"}
    rendered = render(open_layout("a4-handout"), BUNDLE, ExportOptions(fields=odd))
    text = "".join(page_texts(rendered.pdf))
    assert "<para>A & B</para>[31m" in text.replace("\n", "")
    assert "<b>bold?</b> &lt; x" in text.replace("\n", " ")
    # The details follow the sections text, which goes on onto new pages: a word far too
    # long for a line is broken over as many lines as it needs, every letter printed, and
    # stays inside the column.
    word = "W" + "o" * 999  # the longest note a handout takes
    long_word = render(open_layout("a4-handout"), BUNDLE, ExportOptions(fields={"note": word}))
    assert long_word.overflows == []
    lines = "\n".join(page_texts(long_word.pdf)).splitlines()
    text = "".join(line for line in lines if not line.startswith("Page "))  # footers
    assert f"Note: {word}About this leaflet" in text
    right = mm_to_pt(195)  # the right margin
    assert all(c.box[1] <= right + 0.5 for page in page_chars(long_word.pdf) for c in page)


def test_a_note_taller_than_a_column_flows_on_and_the_about_part_still_follows(
        tmp_path: Path) -> None:
    # the longest note a handout takes, in large print with short columns (a designer's
    # own layout): the details panel is taller than a whole column
    note = ("Keep a food and skin diary every day. " * 30)[:1000].strip()
    data = shipped("large-print")
    next(b for b in data["blocks"] if b["id"] == "sections")["h_mm"] = 90
    rendered = render_data(tmp_path, data, fields={"note": note})
    assert rendered.overflows == []
    text = flat(" ".join(page_texts(rendered.pdf)))
    assert f"Note: {note[:60]}" in text and note[-60:] in text
    assert text.index(note[-60:]) < text.index("About this leaflet")
    assert flat(BUNDLE.content.disclaimer) in text


def test_other_scripts_and_right_to_left_text_print_as_typed() -> None:
    from gutskin_desktop.export.bidi import visual
    from gutskin_desktop.export.render import ExportOptions, render
    from gutskin_desktop.model.layout_files import open_layout

    fields = {"clinic": "Клиника Żółć Ελλάδα", "patient": "שלום כהן",
              "note": "مرحبا بالعالم"}
    pdf = render(open_layout("a4-handout"), BUNDLE, ExportOptions(fields=fields)).pdf
    text = "".join(page_texts(pdf))
    assert "Клиника Żółć Ελλάδα" in text
    assert visual("שלום כהן") in text or "שלום כהן" in text
    fonts = {f for page in pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages
             for f in (page["/Resources"]["/Font"][k].get_object()["/BaseFont"]
                       for k in page["/Resources"]["/Font"])}
    assert any("DejaVuSans" in f for f in fonts) and any("BitstreamVeraSans" in f
                                                        for f in fonts)
    assert all("+" in f for f in fonts)


def test_a_preview_written_uncompressed_shows_the_same_pages_and_findings() -> None:
    import pypdfium2

    from gutskin_desktop.export.render import ExportOptions, render
    from gutskin_desktop.model.layout_files import open_layout

    layout = open_layout("a4-handout", BUNDLE.content)
    packed = render(layout, BUNDLE, ExportOptions(deterministic=True))
    loose = render(layout, BUNDLE, ExportOptions(deterministic=True, compress=False))
    assert len(loose.pdf) > len(packed.pdf)  # written as it is, not deflated
    assert (loose.pages, loose.overflows, loose.small_type, loose.overlaps) == (
        packed.pages, packed.overflows, packed.small_type, packed.overlaps)
    for page in range(packed.pages):
        shown = [pypdfium2.PdfDocument(pdf)[page].render(scale=0.5).to_pil().tobytes()
                 for pdf in (packed.pdf, loose.pdf)]
        assert shown[0] == shown[1], f"page {page + 1}"
