"""The shipped layouts read as patient materials: type floors on every character, every
detail printed, the parts a good leaflet carries, and the diagram numbered like the text.

Each layout is exported as a clinician would, with every detail filled in, and read back
from the PDF (pypdfium2 for each character's size and place, pypdf for text and outline).
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from gutskin_desktop.export.render import Rendered
from gutskin_desktop.model.clinic import Clinic, ClinicProfile
from gutskin_desktop.model.layout import load_layout

from .pdfread import (
    BUNDLE,
    LAYOUTS,
    POSTERS,
    SHIPPED,
    block_rect_pt,
    flat,
    page_chars,
    page_texts,
    reader,
    render_data,
    render_layout,
    shipped,
)

DETAILS = {"clinic": "Riverside Clinic", "clinician": "Dr Ana-Lucía Okafor-Ng",
           "phone": "0123 456 789", "patient": "Zoë O'Brien-Łukasiewicz",
           "date": "1 December 2026",
           "note": "Keep a food and skin diary for two weeks. Bring it to your next visit, "
                   "with any creams you use. Try to notice if stress makes your skin worse."}
HANDOUTS = ("a4-handout", "letter-handout")
EVERY_LAYOUT = SHIPPED + POSTERS
FLOORS = {"a4-handout": 8, "letter-handout": 8, "presenter-notes": 8, "large-print": 16,
          "a1-poster": 16, "poster-24x36": 16, "a2-poster": 12, "a3-poster": 10}
REVIEWED = Clinic(ClinicProfile.model_validate({
    "format_version": 1, "clinic": "Riverside Clinic", "phone": "0123 456 789",
    "reviewer": "Dr B. Mensah", "reviewed": "2026-11-30", "next_review": "2027-11-30",
    "can_do": ["Keep using your usual skin treatment."],
    "get_help": ["Call us if your skin gets worse."]}))


@cache
def export(name: str, sections: tuple[str, ...] | None = None,
           reviewed: bool = False) -> Rendered:
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    return render_layout(layout, fields=dict(DETAILS), sections=sections,
                         **({"clinic": REVIEWED} if reviewed else {}))


@cache
def sizes(name: str) -> list[float]:
    return [round(c.size, 2) for page in page_chars(export(name).pdf) for c in page
            if c.text.strip()]


def text_of(rendered: Rendered) -> str:
    return flat(" ".join(page_texts(rendered.pdf)))


def share_at_least(values: list[float], size: float) -> float:
    return sum(v >= size - 0.01 for v in values) / len(values)


# --- type floors ------------------------------------------------------------------------

@pytest.mark.parametrize("name", EVERY_LAYOUT)
def test_every_character_meets_the_layouts_floor(name: str) -> None:
    layout = load_layout(LAYOUTS / f"{name}.json", BUNDLE.content)
    assert layout.type_floor == FLOORS[name]
    assert min(sizes(name)) >= layout.type_floor - 0.01, name
    rendered = export(name)
    assert rendered.small_type == [] and rendered.overflows == [], rendered.summary()


@pytest.mark.parametrize("name", HANDOUTS)
def test_handouts_set_nearly_everything_at_body_size(name: str) -> None:
    assert share_at_least(sizes(name), 9.5) >= 0.95


def test_large_print_is_large_everywhere() -> None:
    values = sizes("large-print")
    assert min(values) >= 16
    assert share_at_least(values, 17.5) >= 0.95


def test_a1_poster_reads_from_two_metres() -> None:
    values = sizes("a1-poster")
    assert min(values) >= 16
    assert share_at_least(values, 24) >= 0.95


@pytest.mark.parametrize("name", [*HANDOUTS, "large-print"])
def test_diagram_labels_are_set_for_paper(name: str) -> None:
    """Every character inside the diagram block (its labels and numbers) is 10 pt or more
    on a handout, 16 pt or more in large print: laid out for the page, not shrunk."""
    data = shipped(name)
    diagram = next(b for b in data["blocks"] if b["type"] == "diagram")
    height = 279.4 if name == "letter-handout" else 297.0
    x, y, w, h = block_rect_pt(height, diagram)
    chars = page_chars(export(name).pdf)[diagram.get("page", 1) - 1]
    inside = [c for c in chars if c.text.strip() and x <= c.x <= x + w and y <= c.y <= y + h]
    least = 16 if name == "large-print" else 10
    assert len(inside) > 60
    assert min(c.size for c in inside) >= least - 0.01


@pytest.mark.parametrize("name", EVERY_LAYOUT)
def test_diagram_is_laid_out_without_shrinking(name: str) -> None:
    assert not [o for o in export(name).overflows if "diagram" in o.block]


# --- details ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", [*HANDOUTS, "large-print"])
def test_every_filled_detail_is_printed(name: str) -> None:
    text = text_of(export(name))
    for field, value in DETAILS.items():
        assert flat(value) in text, (name, field)


# --- the parts of a leaflet -------------------------------------------------------------

@pytest.mark.parametrize("name", [*HANDOUTS, "large-print"])
def test_handouts_carry_what_good_leaflets_carry(name: str) -> None:
    rendered = export(name)
    pages = [flat(t) for t in page_texts(rendered.pdf)]
    whole = " ".join(pages)
    content = BUNDLE.content
    assert flat(content.main_message or "") in pages[0], "main message on page 1"
    assert "Key points" in whole
    for section in content.sections:
        assert flat(section.summary) in whole
    assert "Questions you might ask" in whole
    for question in content.questions:
        assert flat(question) in whole
    assert "General advice" in whole, "unreviewed advice is not printed as the clinic's"
    assert ("Your clinic has not yet reviewed this general advice. It is not part of the "
            "article this leaflet is based on.") in whole
    assert "What you can do" in whole and "When to get help" in whole
    assert "My skin and gut diary" in whole and "Bring this page to your next visit" in whole
    assert "Words used in this leaflet" in whole
    assert flat(content.uncertainty or "") in whole
    assert ("Based on \u201cCan Gut Health Impact Our Skin?\u201d, an article on a skin "
            "clinic's blog") in whole
    assert "Next review" in whole or "next check due" in whole


@pytest.mark.parametrize("name", EVERY_LAYOUT)
def test_every_output_says_where_it_comes_from_and_that_science_is_unsure(name: str) -> None:
    whole = text_of(export(name))
    assert flat(BUNDLE.content.uncertainty or "") in whole
    assert "Can Gut Health Impact Our Skin?" in whole
    assert "Text checked" in whole and "30 November 2026" in whole


@pytest.mark.parametrize("name", [*HANDOUTS, "large-print", "presenter-notes"])
def test_uncertainty_line_without_the_outlook_section(name: str) -> None:
    rendered = export(name, sections=("microbiome", "stress"))
    whole = text_of(rendered)
    assert "What we don't know yet" not in whole
    assert flat(BUNDLE.content.uncertainty or "") in whole


def test_glossary_explains_only_the_words_the_pages_use() -> None:
    whole = text_of(export("a4-handout", sections=("stress",)))
    glossary = whole.split("Words used in this leaflet", 1)[1]
    assert "dysbiosis:" not in glossary and "Crohn's disease:" not in glossary
    assert "microbes:" in glossary and "psoriasis:" in glossary
    full = text_of(export("a4-handout")).split("Words used in this leaflet", 1)[1]
    assert "dysbiosis:" in full and "Crohn's disease:" in full


def test_a_reviewed_profile_names_the_reviewer_and_the_next_review() -> None:
    whole = text_of(export("a4-handout", reviewed=True))
    assert ("Reviewed for the clinic by Dr B. Mensah on 30 November 2026; next review due "
            "30 November 2027") in whole
    assert "Advice from Riverside Clinic" in whole
    assert "This advice comes from Riverside Clinic. It is not part of the article" in whole
    assert "Keep using your usual skin treatment." in whole
    assert "Reviewed by the clinic 30 November 2026" in whole, "the footer names the review"
    assert "Not yet reviewed by your clinic" not in whole and "General advice" not in whole
    unreviewed = text_of(export("a4-handout"))
    assert "Not yet reviewed by your clinic" in unreviewed
    assert "Text checked 30 November 2026" in unreviewed and "Next check 30 November 2027" \
        in unreviewed


# --- the diagram numbered like the text ---------------------------------------------------

@pytest.mark.parametrize("name", HANDOUTS)
def test_boxes_carry_the_numbers_of_their_sections(name: str) -> None:
    rendered = export(name)
    outline = [item.title for item in reader(rendered.pdf).outline]
    numbers = {title.split(". ", 1)[1]: title.split(". ", 1)[0] for title in outline}
    first = flat(page_texts(rendered.pdf)[0])
    for node in BUNDLE.diagram.nodes:
        title = BUNDLE.content.section(node.section).title
        if node.kind == "note" and node.words("patient") not in first:
            continue  # a note is left off a block with no room for it at full size
        assert f"{node.words('patient')} {numbers[title]}" in first, node.id
    headings = flat(" ".join(page_texts(rendered.pdf)[1:]))
    for title, number in numbers.items():
        assert f"{number} {title}" in headings


def test_patient_handouts_use_plain_words_and_presenter_notes_the_rich_ones() -> None:
    first = flat(page_texts(export("a4-handout").pdf)[0])
    for word in ("metabolites", "dysregulation", "crosstalk", "Gut microbiome"):
        assert word not in first
    notes = flat(page_texts(export("presenter-notes").pdf)[0])
    for word in ("metabolites", "dysregulation", "crosstalk", "Gut microbiome"):
        assert word in notes


# --- the floor as a user meets it --------------------------------------------------------

def test_type_under_the_floor_is_named_with_its_block_and_size(tmp_path: Path) -> None:
    data = shipped("a4-handout")
    data["type_floor_pt"] = 11
    rendered = render_data(tmp_path, data)
    named = {t.block: t.size for t in rendered.small_type}
    assert named["footer"] == pytest.approx(8)
    assert named["diagram"] == pytest.approx(10)
    assert "block 'footer': text at 8.0 pt, under this layout's 11 pt type floor" in \
        rendered.summary()


def test_a_diagram_block_too_small_says_so(tmp_path: Path) -> None:
    data = shipped("a4-handout")
    diagram = next(b for b in data["blocks"] if b["id"] == "diagram")
    diagram["h_mm"] = 70
    rendered = render_data(tmp_path, data)
    notes = [str(o) for o in rendered.overflows if o.block == "diagram"]
    assert notes and "does not fit at the sizes asked" in notes[0]
    assert any(t.block == "diagram" for t in rendered.small_type) or "labels 9." in notes[0] \
        or "labels 8." in notes[0] or "labels 7." in notes[0]


def test_shipped_layouts_declare_their_floor() -> None:
    for name in EVERY_LAYOUT:
        data = json.loads((LAYOUTS / f"{name}.json").read_text(encoding="utf-8"))
        assert "type_floor_pt" in data or "viewing_distance_m" in data, name


@pytest.mark.parametrize("part", ["questions", "advice", "glossary", "notes", "diary",
                                  "details", "about"])
def test_every_part_can_follow_the_sections(tmp_path: Path, part: str) -> None:
    data = shipped("a4-handout")
    sections = next(b for b in data["blocks"] if b["id"] == "sections")
    sections["after"] = [part]
    rendered = render_data(tmp_path, data, fields=dict(DETAILS))
    title = {"questions": "Questions you might ask", "advice": "General advice",
             "glossary": "Words used in this leaflet", "notes": "Notes",
             "diary": "My skin and gut diary", "details": "Your details",
             "about": "About this leaflet"}[part]
    last = flat(page_texts(rendered.pdf)[-1])
    assert title in text_of(rendered) and rendered.overflows == []
    assert title in last or part in ("glossary", "advice"), "the part ends the flow"


def test_the_clinic_logo_prints_beside_its_advice(tmp_path: Path) -> None:
    from PIL import Image

    from gutskin_desktop.model.clinic import load_clinic, save_clinic

    Image.new("RGB", (120, 120), "#1f4f66").save(tmp_path / "clinic-logo.png")
    profile = REVIEWED.profile.model_copy(update={"logo": "clinic-logo.png"})
    clinic = load_clinic(save_clinic(profile, tmp_path / "clinic.json"))
    rendered = render_layout(load_layout(LAYOUTS / "a4-handout.json", BUNDLE.content),
                             clinic=clinic)
    pages = reader(rendered.pdf).pages
    with_logo = [i for i, page in enumerate(pages) if page.images]
    texts = page_texts(rendered.pdf)
    assert len(with_logo) == 1 and "Advice from Riverside Clinic" in flat(texts[with_logo[0]])


def test_a_glossary_term_counts_only_as_a_whole_word() -> None:
    import random
    import re

    from gutskin_desktop.export.leaflet import _uses

    rng = random.Random(5)
    words = ["skin", "gut", "skin-deep", "pre-skin", "askin", "skins", "gut's", "gut-skin",
             ".", ",", "-", "_skin", "skin_", "ß", "skinskin"]
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
        text = text.replace(" .", ".") if rng.random() < 0.5 else text
        for term in ("skin", "gut", "skin-deep"):
            whole = re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text) is not None
            assert _uses(text, term) == whole, (text, term)
