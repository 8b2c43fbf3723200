"""Each block type on the page: what it prints, where, and how text that does not fit is told."""
from __future__ import annotations

import datetime
import itertools
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from gutskin_desktop.export import qr
from gutskin_desktop.export.block_drawing import chip_colour, long_date, markup_colour
from gutskin_desktop.model.clinic import Clinic, ClinicProfile
from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.theme import parse_hex
from gutskin_desktop.model.units import POINTS_PER_MM, mm_to_pt

from .pdfread import (
    BUNDLE,
    LAYOUTS,
    POSTERS,
    SHIPPED,
    Char,
    block,
    block_rect_pt,
    find_runs,
    flat,
    links,
    load,
    page_chars,
    page_texts,
    reader,
    render_data,
    render_layout,
    render_shipped,
    sampler,
    shipped,
)
from .qrdecode import decode

A4_HEIGHT = 297.0


def gray(pdf: bytes, page: int, scale: float) -> Image.Image:
    """A page rendered to greyscale pixels."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[page - 1].render(scale=scale).to_pil().convert("L")
    finally:
        doc.close()


def crop_block(image: Image.Image, b: dict[str, Any], scale: float) -> Image.Image:
    """The pixels of a block (mm from the top-left) in a page rendered at ``scale``."""
    px = mm_to_pt(1) * scale
    return image.crop((round(b["x_mm"] * px), round(b["y_mm"] * px),
                       round((b["x_mm"] + b["w_mm"]) * px), round((b["y_mm"] + b["h_mm"]) * px)))


def inside(c: Char, rect: tuple[float, float, float, float], slack: float = 0.5) -> bool:
    x, y, w, h = rect
    left, right, bottom, top = c.box
    return x - slack <= left and right <= x + w + slack and y - slack <= bottom and \
        top <= y + h + slack


def baselines(chars: list[Char], rect: tuple[float, float, float, float]) -> list[float]:
    """The distinct baselines of the text drawn inside a rectangle, top first."""
    ys = sorted({round(c.y, 1) for c in chars if c.text.strip() and inside(c, rect)},
                reverse=True)
    return ys


# --- title, summary, callout, disclaimer --------------------------------------------------

def test_title_and_subtitle(tmp_path: Path) -> None:
    rendered = render_data(tmp_path, sampler())
    chars = page_chars(rendered.pdf)[0]
    title = find_runs(chars, "Sampler title")
    assert title and title[0][0].size == pytest.approx(10.5 * 2.2)
    assert find_runs(chars, "Sampler subtitle")[0][0].size == pytest.approx(10.5)


def test_title_defaults_to_the_content_title(tmp_path: Path) -> None:
    data = sampler()
    del block(data, "title")["text"]
    text = flat(page_texts(render_data(tmp_path, data).pdf)[0])
    assert BUNDLE.content.title in text and "Sampler title" not in text


def test_summary_has_one_line_per_chosen_section_in_order(tmp_path: Path) -> None:
    rendered = render_data(tmp_path, sampler(), sections=("stress", "overview"))
    text = flat(page_texts(rendered.pdf)[0])
    first = flat(BUNDLE.content.section("stress").summary)
    second = flat(BUNDLE.content.section("overview").summary)
    # numbered in the order chosen, as the diagram's boxes are
    assert f"Sampler summary 1 {first} 2 {second}" in text
    assert "Brain 1" in text and "Gut 2" in text
    assert flat(BUNDLE.content.section("immune").summary) not in text


def test_summary_lists_every_section_by_default(tmp_path: Path) -> None:
    text = flat(page_texts(render_data(tmp_path, sampler()).pdf)[0])
    for number, section in enumerate(BUNDLE.content.sections, 1):
        assert f"{number} {flat(section.summary)}" in text


def test_summary_is_bulleted_when_the_diagram_numbers_nothing(tmp_path: Path) -> None:
    data = sampler()
    block(data, "diagram")["numbers"] = False
    text = flat(page_texts(render_data(tmp_path, data).pdf)[0])
    summaries = " ".join(f"• {flat(s.summary)}" for s in BUNDLE.content.sections)
    assert f"Sampler summary {summaries}" in text
    assert "Gut 1" not in text and "Gut Brain Skin" in text


def test_callout_title_and_text_in_a_box(tmp_path: Path) -> None:
    data = sampler()
    rendered = render_data(tmp_path, data)
    chars = page_chars(rendered.pdf)[0]
    rect = block_rect_pt(A4_HEIGHT, block(data, "callout"), 3)
    assert all(inside(c, rect) for run in find_runs(chars, "Callout title") + find_runs(
        chars, "Callout text.") for c in run)
    border = crop_block(gray(rendered.pdf, 1, 2), block(data, "callout"), 2)
    middle = border.height // 2
    assert min(border.getpixel((x, middle)) for x in range(4)) < 150  # the left border


def test_disclaimer_prints_the_contents_words_or_the_layouts(tmp_path: Path) -> None:
    text = flat(page_texts(render_data(tmp_path, sampler()).pdf)[0])
    assert flat(BUNDLE.content.disclaimer) in text
    # after the line on uncertainty, before where the text comes from and who checked it
    uncertainty = flat(BUNDLE.content.uncertainty or "")
    assert uncertainty and (f"{uncertainty} {flat(BUNDLE.content.disclaimer)} Based on "
                            "\u201cCan Gut Health Impact Our Skin?\u201d") in text
    assert f"Text checked {long_date(BUNDLE.content.reviewed)}" in text
    assert "Not yet reviewed by your clinic." in text
    data = sampler()
    block(data, "disclaimer")["text"] = "Ask your pharmacist too."
    text = flat(page_texts(render_data(tmp_path, data).pdf)[0])
    assert "Ask your pharmacist too." in text and flat(BUNDLE.content.disclaimer) not in text
    block(data, "disclaimer")["title"] = "About this sheet"
    text = flat(page_texts(render_data(tmp_path, data).pdf)[0])
    assert f"About this sheet {flat(BUNDLE.content.uncertainty or '')}" in text


# --- notes, details, footer ---------------------------------------------------------------

def ruled_lines_mm(pdf: bytes, b: dict[str, Any]) -> list[float]:
    """Rows of the block crossed by a rule over nearly its whole width, in mm from its top."""
    scale = 4
    pixels = crop_block(gray(pdf, 1, scale), b, scale)
    width, height = pixels.size
    data = pixels.load()
    rows = [y for y in range(height)
            if sum(data[x, y] < 235 for x in range(width)) > 0.95 * width]
    groups: list[list[int]] = []
    for y in rows:
        if groups and y - groups[-1][-1] <= 1:
            groups[-1].append(y)
        else:
            groups.append([y])
    per_mm = mm_to_pt(1) * scale
    return [sum(g) / len(g) / per_mm for g in groups]


@pytest.mark.parametrize("spacing", [9.0, 6.0])
def test_notes_are_ruled_lines_down_the_block(tmp_path: Path, spacing: float) -> None:
    data = sampler()
    notes = block(data, "notes")
    notes["line_spacing_mm"] = spacing
    rendered = render_data(tmp_path, data)
    lines = ruled_lines_mm(rendered.pdf, notes)
    title = 10.5 * 1.15 / POINTS_PER_MM
    assert len(lines) == int((notes["h_mm"] - title) // spacing)
    gaps = [b - a for a, b in itertools.pairwise(lines)]
    assert all(g == pytest.approx(spacing, abs=0.2) for g in gaps), gaps
    assert lines[0] > title and lines[-1] <= notes["h_mm"]
    assert "Sampler notes" in page_texts(rendered.pdf)[0]


def detail_lines(pdf: bytes) -> list[str]:
    text = page_texts(pdf)[0]
    start = text.index("Sampler details")
    return [line.strip() for line in text[start:].splitlines()[1:7]]


def test_details_show_every_field_with_todays_date(tmp_path: Path) -> None:
    pdf = render_data(tmp_path, sampler()).pdf
    text = flat(page_texts(pdf)[0])
    labels = ["Clinic:", "Clinician:", "Phone:", "Patient:", "Date:", "Note:"]
    positions = [text.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "Date: 26 November 2026" in text


def test_details_print_the_values_given(tmp_path: Path) -> None:
    values = {"clinic": "Elm Street Clinic", "clinician": "Dr Ada Example",
              "phone": "+44 20 7946 0000", "patient": "Sam Smith",
              "date": "1 December 2026", "note": "Eat more\tfibre,\nsee you in March."}
    text = flat(page_texts(render_data(tmp_path, sampler(), fields=values).pdf)[0])
    assert ("Clinic: Elm Street Clinic Clinician: Dr Ada Example Phone: +44 20 7946 0000 "
            "Patient: Sam Smith Date: 1 December 2026 Note: Eat more fibre, see you in "
            "March.") in text
    assert "26 November 2026 Note" not in text


def test_details_show_only_the_fields_the_layout_lists(tmp_path: Path) -> None:
    data = sampler()
    block(data, "details")["fields"] = ["patient", "note"]
    text = flat(page_texts(render_data(tmp_path, data, fields={"clinic": "Elm"}).pdf)[0])
    assert "Patient: Note:" in text
    assert "Clinic" not in text and "Elm" not in text and "Date:" not in text


def test_footer_on_every_page_with_number_print_date_and_review_date() -> None:
    today = datetime.date(2027, 1, 5)
    rendered = render_shipped("presenter-notes", today=today)
    texts = page_texts(rendered.pdf)
    assert rendered.pages == len(texts) >= 2
    reviewed = long_date(BUNDLE.content.reviewed)
    assert BUNDLE.content.next_review is not None
    next_review = long_date(BUNDLE.content.next_review)
    for number, text in enumerate(texts, 1):  # the text's own check: no clinic review yet
        assert (f"Page {number} of {rendered.pages} · Printed 5 January 2027 · "
                f"Text checked {reviewed} · Next check {next_review}") in flat(text)


def test_footer_prints_only_the_parts_the_layout_lists(tmp_path: Path) -> None:
    data = sampler()
    block(data, "footer")["parts"] = ["printed", "page"]
    text = flat(page_texts(render_data(tmp_path, data, today=datetime.date(2027, 1, 5)).pdf)[0])
    assert "Printed 5 January 2027 · Page 1 of 2" in text
    assert "Page 1 of 2 ·" not in text and "Next check" not in text
    assert f"Text checked {long_date(BUNDLE.content.reviewed)}" not in text


def test_footer_gives_the_clinics_review_dates_once_it_has_reviewed(tmp_path: Path) -> None:
    profile = ClinicProfile.model_validate({
        "format_version": 1, "reviewer": "Dr Ada Example", "reviewed": "2026-12-01",
        "next_review": "2027-06-01"})
    text = flat(page_texts(render_data(tmp_path, sampler(), clinic=Clinic(profile)).pdf)[0])
    assert "Reviewed by the clinic 1 December 2026 · Next review 1 June 2027" in text


def test_footer_only_on_its_own_page_when_not_all_pages(tmp_path: Path) -> None:
    data = shipped("a4-handout")
    block(data, "footer")["all_pages"] = False
    rendered = render_data(tmp_path, data)
    texts = page_texts(rendered.pdf)
    assert rendered.pages >= 2
    assert f"Page 1 of {rendered.pages}" in texts[0]
    assert all("Page " not in text for text in texts[1:])


@pytest.mark.parametrize("name", SHIPPED + POSTERS)
def test_footer_text_stays_inside_its_block(name: str) -> None:
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    footer = layout.block("footer")
    bleed = mm_to_pt(layout.page.bleed_mm)
    x, y, w, h = block_rect_pt(layout.page.size_mm()[1], footer)
    x, y = x + bleed, y + bleed
    chars = page_chars(render_shipped(name).pdf)[0]
    [run] = find_runs(chars, "Printed ")
    assert run[0].size == pytest.approx(footer.style.font_size)
    line = [c for c in chars if abs(c.y - run[0].y) < 0.01 and c.text.strip()]
    assert all(inside(c, (x, y, w, h)) for c in line), name


# --- QR code ------------------------------------------------------------------------------

QR_URL = "https://example.org/gutskin/handout?lang=en"


def test_qr_code_is_a_correct_vector_code_with_the_url_under_it(tmp_path: Path) -> None:
    data = sampler()
    qr_block = block(data, "qr")
    qr_block["url"] = QR_URL
    pdf = render_data(tmp_path, data).pdf
    page = reader(pdf).pages[0]
    xobjects = page["/Resources"].get("/XObject") or {}
    assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())

    scale = 5
    pixels = crop_block(gray(pdf, 1, scale), qr_block, scale)
    data_px, (width, height) = pixels.load(), pixels.size
    dark = [[data_px[x, y] < 128 for x in range(width)] for y in range(height)]
    top = next(y for y in range(height) if any(dark[y]))
    left = dark[top].index(True)
    right = width - 1 - dark[top][::-1].index(True)
    modules = qr.modules(QR_URL)
    count = len(modules)
    cell = (right + 1 - left) / count
    assert cell > 4, "the code is too small to read back"
    seen = tuple(tuple(dark[int(top + (r + 0.5) * cell)][int(left + (c + 0.5) * cell)]
                       for c in range(count)) for r in range(count))
    assert seen == modules
    # Read back with a reader that shares nothing with the app's encoder.
    assert decode(seen) == ("M", QR_URL.encode("ascii"))
    quiet = 4 * cell
    assert not any(dark[y][x] for y in range(top, int(top + count * cell))
                   for x in range(max(0, int(left - quiet)), left - 1))
    assert top >= quiet - 2

    chars = page_chars(pdf)[0]
    run = find_runs(chars, QR_URL)
    assert len(run) == 1
    code_bottom_pt = (height - (top + count * cell)) / scale  # above the block's bottom
    x, y, _w, _ = block_rect_pt(A4_HEIGHT, qr_block)
    url_top = max(c.box[3] for c in run[0]) - y
    assert url_top < code_bottom_pt, "the address is not under the code"
    url_centre = (run[0][0].box[0] + run[0][-1].box[1]) / 2
    code_centre = x + (left + right + 1) / 2 / scale
    assert url_centre == pytest.approx(code_centre, abs=2)
    assert [link.uri for link in links(pdf)] == [QR_URL]


# --- images -------------------------------------------------------------------------------

def test_image_from_assets_is_placed_keeping_its_shape(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assets = tmp_path / "assets"
    (assets / "logos").mkdir(parents=True)
    Image.new("RGB", (40, 20), (220, 30, 30)).save(assets / "logos" / "clinic.png")
    monkeypatch.setattr("gutskin_desktop.model.layout.ASSETS", assets)
    data = sampler()
    data["blocks"].append({"id": "logo", "type": "image", "x_mm": 140, "y_mm": 122,
                           "w_mm": 60, "h_mm": 40, "path": "logos/clinic.png"})
    block(data, "callout").update(y_mm=165, h_mm=1)
    block(data, "callout")["style"]["padding_mm"] = 0
    block(data, "notes").update(y_mm=170, h_mm=40)
    pdf = render_data(tmp_path, data).pdf
    images = [x.get_object() for x in
              (reader(pdf).pages[0]["/Resources"].get("/XObject") or {}).values()
              if x.get_object().get("/Subtype") == "/Image"]
    assert [(i["/Width"], i["/Height"]) for i in images] == [(40, 20)]
    scale = 2
    pixels = crop_block(gray(pdf, 1, scale), block(data, "logo"), scale)
    red = pixels.point(lambda v: 255 if 60 < v < 110 else 0).getbbox()
    assert red is not None
    w, h = red[2] - red[0], red[3] - red[1]
    assert w == pytest.approx(pixels.width, abs=3)  # fitted to the block's width
    assert w / h == pytest.approx(2.0, rel=0.05)  # and keeping its shape


# --- sections: columns, frames, continuation, text kind -----------------------------------

def sections_chars(name: str, **changes: Any) -> tuple[Any, list[list[Char]]]:
    rendered = render_shipped(name, **changes)
    return rendered, page_chars(rendered.pdf)


def test_two_columns_side_by_side_without_crossing_the_gap() -> None:
    data = shipped("a4-handout")
    sections = block(data, "sections")
    x, y, w, h = block_rect_pt(A4_HEIGHT, sections)
    gap = mm_to_pt(sections["column_gap_mm"])
    column = (w - gap) / 2
    _, pages = sections_chars("a4-handout")
    body = [c for c in pages[sections["page"] - 1] if c.text.strip()
            and inside(c, (x, y, w, h))]
    assert body
    assert not [c for c in body if c.box[1] > x + column + 0.5 and c.box[0] < x + column + gap
                - 0.5], "text in the gap between the columns"
    starts = {round(c.x) for c in body if abs(c.x - x) < 0.5 or abs(c.x - (x + column + gap))
              < 0.5}
    assert {round(x), round(x + column + gap)} <= starts
    first_column = [c for c in body if c.box[1] <= x + column + 0.5]
    second_column = [c for c in body if c.box[0] >= x + column + gap - 0.5]
    assert len(first_column) > 200 and len(second_column) > 200


def test_sections_flow_into_the_frames_on_later_pages(tmp_path: Path) -> None:
    # a4-handout's sections on page 2, going on in two frames of their own instead of
    # continuing onto pages of their own
    data = shipped("a4-handout")
    sections = block(data, "sections")
    frames = [{"page": page, "x_mm": 15, "y_mm": 14, "w_mm": 180, "h_mm": 259}
              for page in (3, 4)]
    sections.update(continues=False, after=[], flow=frames)
    rendered = render_data(tmp_path, data)
    pages = page_chars(rendered.pdf)
    assert rendered.pages == 4 and rendered.overflows == []
    last = BUNDLE.content.section("outlook")
    run = find_runs(pages[3], last.title)
    assert run and all(inside(c, block_rect_pt(A4_HEIGHT, frames[1])) for c in run[0])
    # On page 2, the sections' text (body and heading sizes) stays inside the block.
    region = block_rect_pt(A4_HEIGHT, sections)
    sizes = (sections["style"]["font_size"], sections["style"]["heading_size"])
    body = [c for c in pages[1] if c.text.strip() and c.size in sizes]
    assert body and all(inside(c, region) for c in body)


def test_continuing_sections_add_pages_and_keep_clear_of_the_footer() -> None:
    data = shipped("presenter-notes")
    rendered, pages = sections_chars("presenter-notes")
    assert rendered.pages >= 2 and not rendered.overflows
    footer = block(data, "footer")
    footer_top = mm_to_pt(A4_HEIGHT - footer["y_mm"])
    left, top, right, _bottom = (mm_to_pt(v) for v in (15, A4_HEIGHT - 14, 195, 14))
    for number, chars in enumerate(pages[1:], 2):
        body = [c for c in chars if c.text.strip() and c.size >= 10]
        assert body, f"page {number} is empty"
        for c in body:
            assert left - 0.5 <= c.box[0] and c.box[1] <= right + 0.5, (number, c)
            assert c.box[2] >= footer_top - 0.5 and c.box[3] <= top + 0.5, (number, c)
    text = flat(" ".join(page_texts(rendered.pdf)))
    last = BUNDLE.content.section("outlook").presenter[-1]
    tail = " ".join(getattr(last, "text", " ".join(getattr(last, "items", []))).split()[-6:])
    assert tail in text


def test_a_block_that_continues_needs_no_frames(tmp_path: Path) -> None:
    data = shipped("a4-handout")
    sections = block(data, "sections")
    sections.update(page=1, y_mm=59, h_mm=214, flow=[], continues=True)
    data["blocks"] = [b for b in data["blocks"]
                      if b["id"] in ("title", "message", "sections", "footer")]
    rendered = render_data(tmp_path, data)
    assert rendered.overflows == []
    assert rendered.pages >= 2
    assert "Page 2 of" in page_texts(rendered.pdf)[1]


@pytest.mark.parametrize(("kind", "shown", "hidden"), [
    ("presenter", "presenter", "patient"), ("patient", "patient", "presenter")])
def test_text_option_chooses_patient_or_presenter_text(kind: str, shown: str,
                                                       hidden: str) -> None:
    rendered = render_shipped("presenter-notes", text=kind)
    text = flat(" ".join(page_texts(rendered.pdf)))
    for section in BUNDLE.content.sections:
        wanted = flat(getattr(section, shown)[0].text)
        unwanted = flat(getattr(section, hidden)[0].text)
        assert " ".join(wanted.split()[:8]) in text, section.id
        assert " ".join(unwanted.split()[:8]) not in text, section.id


def test_sections_option_prints_only_those_sections() -> None:
    rendered = render_shipped("a4-handout", sections=("nutrients",))
    text = flat(" ".join(page_texts(rendered.pdf)))
    titles = {s.id: s.title for s in BUNDLE.content.sections}
    assert titles["nutrients"] in text
    assert all(title not in text for key, title in titles.items() if key != "nutrients")


# --- overflow -----------------------------------------------------------------------------

LONG = ("Research suggests that the gut and the skin talk to each other through the immune "
        "system, through tiny living things and through signals in the blood. ") * 2


def callout_layout(h_mm: float) -> dict[str, Any]:
    data = sampler()
    block(data, "callout").update(text=LONG, h_mm=h_mm)
    del block(data, "callout")["title"]
    block(data, "callout")["style"] = {"font_size": 10, "leading": 1.4}
    return data


def test_overflow_counts_the_lines_and_millimetres_that_do_not_fit(tmp_path: Path) -> None:
    rect = block_rect_pt(A4_HEIGHT, block(callout_layout(40), "callout"))
    whole = render_data(tmp_path, callout_layout(40))
    assert whole.overflows == []
    total = len(baselines(page_chars(whole.pdf)[0], rect))
    cut = render_data(tmp_path, callout_layout(15))
    shown = len(baselines(page_chars(cut.pdf)[0], rect))
    assert 0 < shown < total
    [overflow] = cut.overflows
    assert overflow.block == "callout"
    assert overflow.lines == total - shown
    assert overflow.mm == pytest.approx(overflow.lines * 14 / POINTS_PER_MM, abs=0.5)
    message = str(overflow)
    assert "'callout'" in message and f"{overflow.lines} lines" in message
    assert f"{overflow.mm:.0f} mm" in message


@pytest.mark.parametrize("block_id", ["title", "summary", "callout", "details", "disclaimer",
                                      "message", "questions", "glossary", "advice"])
def test_every_text_block_reports_its_overflow(tmp_path: Path, block_id: str) -> None:
    data = sampler()
    block(data, block_id)["h_mm"] = 4
    overflows = render_data(tmp_path, data).overflows
    assert [o.block for o in overflows] == [block_id]
    assert overflows[0].lines >= 1 and overflows[0].mm > 0


def test_sections_that_do_not_fit_are_reported(tmp_path: Path) -> None:
    data = shipped("a4-handout")
    block(data, "sections").update(flow=[], continues=False)
    rendered = render_data(tmp_path, data)
    [overflow] = rendered.overflows
    assert overflow.block == "sections"
    assert overflow.lines > 20 and overflow.mm > overflow.lines * 10 * 1.35 / POINTS_PER_MM


@pytest.mark.parametrize(("block_id", "key", "value"), [
    ("qr", "url", "https://example.org/" + "handout-" * 30),
    ("diagram", "caption", "A caption far too long for the width of its block. " * 5),
])
def test_a_line_too_wide_for_its_block_is_reported_or_kept_inside(
        tmp_path: Path, block_id: str, key: str, value: str) -> None:
    data = sampler()
    data["blocks"] = [block(data, block_id)]
    block(data, block_id)[key] = value
    rendered = render_layout(load(tmp_path, data))
    if any(o.block == block_id for o in rendered.overflows):
        return
    chars = [c for c in page_chars(rendered.pdf)[0] if c.text.strip()]
    assert find_runs(chars, value.split()[0][:16]), "the text is not printed at all"
    rect = block_rect_pt(A4_HEIGHT, block(data, block_id))
    outside = [c for c in chars if not inside(c, rect)]
    assert outside == [], (f"{block_id}.{key} spills {len(outside)} characters out of its "
                           "block without an overflow report")


@pytest.mark.parametrize("colour", ["#3e8e7e", "#C0745A", "#000000", "#ffffff", "red", "#abc"])
def test_markup_colours_are_the_colours_reportlab_reads(colour: str) -> None:
    from reportlab.lib.colors import toColor

    marked = markup_colour(colour)
    assert marked.startswith("rgb(") == (len(colour) == 7)
    assert toColor(marked) == toColor(colour)
    assert type(toColor(marked)) is type(toColor(colour))


def test_section_numbers_print_white_on_their_sections_colour() -> None:
    rendered = render_shipped("a4-handout", deterministic=True)
    accents: dict[str, str] = {}
    for node in BUNDLE.diagram.nodes:
        accents.setdefault(node.section, node.accent)
    scale = 4.0  # 288 dpi
    doc = pdfium.PdfDocument(rendered.pdf)
    seen = 0
    try:
        for index, chars in enumerate(page_chars(rendered.pdf)):
            spelled = "".join(c.text for c in chars)
            image = None
            for section in BUNDLE.content.sections:
                at = spelled.find(section.title)
                if at < 1 or not spelled[at - 1].isdigit():
                    continue
                if image is None:
                    page = doc[index]
                    height = page.get_height()
                    image = page.render(scale=scale).to_pil().convert("RGB")
                digit = chars[at - 1]
                left, right, bottom, top = digit.box
                middle = (bottom + top) / 2
                # the chip's own colour, just left of the number (its leading space)
                chip = image.getpixel((round((left - 1.2) * scale),
                                       round((height - middle) * scale)))
                want = parse_hex(chip_colour(section.id, accents, "#000000"))
                assert max(abs(a - b) for a, b in zip(chip, want, strict=True)) <= 3, section.id
                inside = [image.getpixel((x, y))
                          for x in range(round(left * scale), round(right * scale))
                          for y in range(round((height - top) * scale),
                                         round((height - bottom) * scale))]
                assert any(min(p) >= 235 for p in inside), f"{section.id}: a white number"
                seen += 1
    finally:
        doc.close()
    assert seen >= 5
