"""The slide deck (``gutskin export-slides``): a 16:9 page per tour step after a title
slide, each with its step's title and key point and never the presenter notes, its box
lit; the same slides as 1920 x 1080 PNGs; bad input refused with one line."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from gutskin_desktop.export.diagram_drawing import Placement
from gutskin_desktop.export.slides import (
    DIAGRAM_RECT,
    DIAGRAM_SIZES,
    build_deck,
    deck_pngs,
    tour_steps,
)
from gutskin_desktop.model import theme
from gutskin_desktop.model.content import Paragraph, Section
from gutskin_desktop.model.page_diagram import fit_to_block
from tests.cli_support import assert_one_error_line
from tests.export.pdfread import BUNDLE, flat, page_chars, page_texts, reader

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "XDG_DATA_HOME": tempfile.mkdtemp(prefix="gutskin-slides-test-")}
STEPS = tour_steps(BUNDLE.diagram)
PATIENT = build_deck(BUNDLE, "patient", deterministic=True)
PRESENTER = build_deck(BUNDLE, "presenter", deterministic=True)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env=ENV)


def section_of(node_id: str) -> Section:
    return BUNDLE.content.section(BUNDLE.diagram.node(node_id).section)


def notes_sentence(section: Section) -> str:
    """The first paragraph of the section's presenter text."""
    return next(b.text for b in section.presenter if isinstance(b, Paragraph))


def test_a_title_slide_then_a_16_9_page_per_tour_step() -> None:
    assert STEPS and len(set(STEPS)) == len(STEPS)
    pages = reader(PATIENT.pdf).pages
    assert PATIENT.slides == PATIENT.pages == len(STEPS) + 1 == len(pages)
    for page in pages:
        assert abs(float(page.mediabox.width) / float(page.mediabox.height) - 16 / 9) < 1e-3
    assert "The gut-brain-skin axis" in page_texts(PATIENT.pdf)[0]


@pytest.mark.parametrize("deck", [PATIENT, PRESENTER], ids=["patient", "presenter"])
def test_each_slide_holds_its_title_and_key_point_never_presenter_notes(deck: object) -> None:
    texts = [flat(t) for t in page_texts(deck.pdf)]  # type: ignore[attr-defined]
    for index, node_id in enumerate(STEPS):
        section = section_of(node_id)
        slide = texts[index + 1]
        assert flat(section.title) in slide
        assert flat(section.summary) in slide
        for other in {s for s in STEPS if s != node_id}:
            assert flat(section_of(other).summary) not in slide
        for step in STEPS:
            assert flat(notes_sentence(section_of(step)))[:60] not in slide


def test_presenter_notes_follow_the_slides_on_pages_of_their_own() -> None:
    texts = [flat(t) for t in page_texts(PRESENTER.pdf)]
    assert PRESENTER.slides == len(STEPS) + 1 < PRESENTER.pages == len(texts)
    notes = " ".join(texts[PRESENTER.slides:])
    for node_id in STEPS:
        assert flat(notes_sentence(section_of(node_id)))[:60] in notes
    assert all("Presenter notes" in t for t in texts[PRESENTER.slides:])


def test_key_points_are_large_type_and_titles_larger() -> None:
    pages = page_chars(PATIENT.pdf)
    for index, node_id in enumerate(STEPS):
        chars = pages[index + 1]
        section = section_of(node_id)
        title_sizes = [c.size for c in chars if c.y > 440 and not c.text.isspace()]
        key = [c for c in chars if c.x > 630 and 60 < c.y < 440 and not c.text.isspace()]
        assert "".join(c.text for c in key).replace(" ", "") in \
            section.summary.replace(" ", "")
        assert key and min(c.size for c in key) >= 24, node_id
        assert title_sizes and min(title_sizes) > max(c.size for c in key), node_id


def _pixel(image: Image.Image, place: Placement, rect: tuple[float, ...]) -> tuple[int, ...]:
    """The colour just inside a box's left edge, half-way down, on a 1920 x 1080 slide."""
    x, y, _, h = place.rect(rect)  # type: ignore[arg-type]
    scale = image.width / 960
    return image.getpixel((round((x + 5) * scale), round((540 - (y + h / 2)) * scale)))


def test_the_steps_box_is_lit_and_the_others_dimmed() -> None:
    fitted = fit_to_block(BUNDLE.diagram, DIAGRAM_RECT[2], DIAGRAM_RECT[3], DIAGRAM_SIZES,
                          version="patient")
    assert fitted is not None
    place = Placement.fit(fitted.geometry.bounds, *DIAGRAM_RECT)
    images = [Image.open(io.BytesIO(p)) for p in deck_pngs(PATIENT)]
    background = theme.parse_hex(theme.BACKGROUND)
    checked = 0
    for index, node_id in enumerate(STEPS):
        if node_id not in fitted.geometry.nodes:
            continue
        image = images[index + 1]
        lit = _pixel(image, place, fitted.geometry.nodes[node_id].rect)
        far = [n for n in fitted.geometry.nodes
               if n not in BUNDLE.diagram.neighbours(node_id) | {node_id}]
        for other in far:
            dim = _pixel(image, place, fitted.geometry.nodes[other].rect)
            assert sum(abs(a - b) for a, b in zip(dim, background, strict=False)) < \
                sum(abs(a - b) for a, b in zip(lit, background, strict=False)), (node_id, other)
            assert lit != dim
            checked += 1
    assert checked > len(STEPS)


def test_the_same_input_gives_the_same_bytes() -> None:
    assert build_deck(BUNDLE, "patient", deterministic=True).pdf == PATIENT.pdf
    assert build_deck(BUNDLE, "presenter", deterministic=True).pdf == PRESENTER.pdf


def test_the_cli_writes_the_pdf_and_the_pngs(tmp_path: Path) -> None:
    out, folder = tmp_path / "deck.pdf", tmp_path / "pngs"
    result = run("export-slides", "--out", str(out), "--png", str(folder), "--deterministic")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == PATIENT.pdf
    pngs = sorted(folder.iterdir())
    assert [p.name for p in pngs] == [f"slide-{i:02d}.png" for i in range(1, len(STEPS) + 2)]
    for png in pngs:
        with Image.open(png) as image:
            assert image.format == "PNG" and image.size == (1920, 1080)
    document = pdfium.PdfDocument(str(out))
    try:
        assert len(document) == len(STEPS) + 1
    finally:
        document.close()


def test_presenter_pngs_are_the_slides_only(tmp_path: Path) -> None:
    result = run("export-slides", "--png", str(tmp_path), "--text", "presenter")
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("slide-*.png"))) == len(STEPS) + 1


@pytest.mark.parametrize(("args", "said"), [
    ((), "--out FILE.pdf, --png FOLDER"),
    (("--out", "{tmp}/deck.png"), "name a .pdf file"),
    (("--out", "{tmp}/gone/deck.pdf"), "does not exist"),
    (("--png", "{tmp}/gone/pngs"), "does not exist"),
    (("--png", "{tmp}/a-file"), "is not a folder"),
    (("--out", "{tmp}/deck.pdf", "--text", "doctor"), "--text"),
])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, args: tuple[str, ...],
                                                  said: str) -> None:
    (tmp_path / "a-file").write_text("keep", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("export-slides", *(a.format(tmp=tmp_path) for a in args))
    assert_one_error_line(result, said)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_broken_diagram_leaves_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "diagram.json"
    bad.write_text("{", encoding="utf-8")
    out = tmp_path / "deck.pdf"
    result = run("--diagram", str(bad), "export-slides", "--out", str(out),
                 "--png", str(tmp_path / "pngs"))
    assert_one_error_line(result, "diagram.json")
    assert not out.exists() and not (tmp_path / "pngs").exists()


def test_the_deck_is_never_written_over_an_input(tmp_path: Path) -> None:
    diagram = tmp_path / "diagram.pdf"
    diagram.write_bytes((ROOT / "gutskin_desktop/data/diagram.json").read_bytes())
    result = run("--diagram", str(diagram), "export-slides", "--out", str(diagram))
    assert_one_error_line(result, "same file")
    assert diagram.read_bytes() == (ROOT / "gutskin_desktop/data/diagram.json").read_bytes()
