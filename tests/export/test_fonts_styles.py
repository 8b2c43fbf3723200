"""Fonts and themes on the page: DejaVu Serif where a block or its theme asks for it,
bold and italic for titles, callouts and captions, the theme's heading colour, only the
faces used embedded, and the default theme printing exactly as before."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from gutskin_desktop.model.fonts import face_key, font_for, register, text_width
from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.paths import LAYOUTS
from gutskin_desktop.model.themes import apply_theme, theme_named

from .pdfread import BUNDLE, block, reader, render_data, render_layout, shipped

SERIF = "DejaVuSerif"


def fonts_of(pdf: bytes, page: int, *texts: str,
             inside: dict[str, Any] | None = None) -> dict[str, set[str]]:
    """The fonts (names without their subset prefix) each word of ``texts`` is set in on
    a page (``inside``: only the words within that block's box)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        found = doc.pages[page - 1].extract_words(extra_attrs=["fontname"])
    out: dict[str, set[str]] = {t: set() for t in texts}
    mm = 25.4 / 72
    for word in found:
        if inside is not None and not (
                inside["x_mm"] <= word["x0"] * mm <= inside["x_mm"] + inside["w_mm"]
                and inside["y_mm"] <= word["top"] * mm <= inside["y_mm"] + inside["h_mm"]):
            continue
        if word["text"] in out:
            out[word["text"]].add(word["fontname"].split("+")[-1])
    return out


def colours_of(pdf: bytes, page: int, text: str) -> set[tuple[float, ...]]:
    """The fill colours of the characters of a word on a page."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = doc.pages[page - 1].chars
    spelled = "".join(c["text"] for c in chars)
    start = spelled.index(text)
    return {tuple(round(v, 3) for v in c["non_stroking_color"])
            for c in chars[start:start + len(text)]}


def embedded(pdf: bytes) -> set[str]:
    """The fonts a PDF embeds, without their subset prefixes."""
    out = set()
    for page in reader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            out.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    return out


def rgb(colour: str) -> tuple[float, ...]:
    return tuple(round(int(colour[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))


def styled(**styles: dict[str, Any]) -> dict[str, Any]:
    data = shipped("a4-handout")
    for block_id, style in styles.items():
        block(data, block_id).setdefault("style", {}).update(style)
    return data


def test_the_default_theme_by_name_font_or_colour_prints_exactly_as_none_does(
        tmp_path: Path) -> None:
    plain = render_data(tmp_path, shipped("a4-handout"), deterministic=True).pdf
    named = shipped("a4-handout")
    named["theme"] = "default"
    for b in named["blocks"]:
        b.setdefault("style", {})["font"] = "sans"
    assert render_data(tmp_path, named, deterministic=True).pdf == plain
    assert not {f for f in embedded(plain) if SERIF in f}  # no serif face rides along


def test_a_serif_title_is_set_in_dejavu_serif_with_its_usual_faces(tmp_path: Path) -> None:
    data = styled(title={"font": "serif"})
    pdf = render_data(tmp_path, data).pdf
    found = fonts_of(pdf, 1, "Your", "research", inside=block(data, "title"))
    assert found["Your"] == {"DejaVuSerif-Bold"}  # the title, bold as titles are
    assert found["research"] == {SERIF}  # the subtitle ("What research suggests")
    assert fonts_of(pdf, 1, "Key")["Key"] == {"BitstreamVeraSans-Bold"}  # others keep theirs
    assert {f for f in embedded(pdf) if SERIF in f} == {"DejaVuSerif-Bold", SERIF}


def test_bold_and_italic_change_a_titles_and_a_callouts_usual_faces(tmp_path: Path) -> None:
    data = styled(title={"bold": False, "italic": True})
    data["blocks"].append({"id": "tip", "type": "callout", "x_mm": 15, "y_mm": 200,
                           "w_mm": 100, "h_mm": 30, "page": 3, "title": "Remember",
                           "text": "Drink water.", "style": {"italic": True}})
    pdf = render_data(tmp_path, data).pdf
    title = fonts_of(pdf, 1, "Your", "unknown", inside=block(data, "title"))
    assert title == {"Your": {"BitstreamVeraSans-Oblique"},
                     "unknown": {"BitstreamVeraSans-Oblique"}}
    tip = fonts_of(pdf, 3, "Remember", "water.")
    assert tip == {"Remember": {"BitstreamVeraSans-BoldOblique"},
                   "water.": {"BitstreamVeraSans-Oblique"}}


def test_a_captions_bold_and_serif(tmp_path: Path) -> None:
    pdf = render_data(tmp_path, styled(diagram={"bold": True, "italic": False,
                                                "font": "serif"})).pdf
    assert fonts_of(pdf, 1, "Arrows")["Arrows"] == {"DejaVuSerif-Bold"}
    plain = render_data(tmp_path, shipped("a4-handout")).pdf
    assert fonts_of(plain, 1, "Arrows")["Arrows"] == {"BitstreamVeraSans-Oblique"}


def test_serif_sections_set_text_and_headings_in_dejavu_serif(tmp_path: Path) -> None:
    pdf = render_data(tmp_path, styled(sections={"font": "serif"})).pdf
    found = fonts_of(pdf, 2, "stomach", "gut-skin")
    assert found["stomach"] == {SERIF}  # "Your gut is your stomach and bowels."
    assert found["gut-skin"] == {SERIF, "DejaVuSerif-Bold"}  # in a heading and in the text


def test_letters_dejavu_serif_lacks_come_from_dejavu_sans(tmp_path: Path) -> None:
    data = styled()
    data["blocks"].append({"id": "tip", "type": "callout", "x_mm": 15, "y_mm": 200,
                           "w_mm": 100, "h_mm": 30, "page": 3, "text": "שלום לכם",
                           "style": {"font": "serif"}})
    pdf = render_data(tmp_path, data).pdf
    assert "DejaVuSans" in embedded(pdf)
    assert font_for("שלום", face_key("serif")) == "GutskinWide"
    assert font_for("Café", face_key("serif")) == "GutskinSerif"


@pytest.mark.parametrize("face", ["serif-regular", "serif-bold", "serif-italic",
                                  "serif-bolditalic", "regular", "bold"])
def test_measures_are_the_faces_own(face: str) -> None:
    text = "Your gut, your brain and your skin"
    assert text_width(text, 12.0, face) == pytest.approx(stringWidth(text, register(face), 12.0))
    if face.startswith("serif"):
        assert text_width(text, 12.0, face) != pytest.approx(text_width(text, 12.0, "regular"))


def test_a_theme_sets_heading_fonts_and_colours(tmp_path: Path) -> None:
    layout = load_layout(LAYOUTS / "a4-handout.json", BUNDLE.content)
    warm = theme_named("warm-serif")
    pdf = render_layout(apply_theme(layout, warm)).pdf
    found = fonts_of(pdf, 1, "Key", "brain", "Tiny", inside={"x_mm": 0, "y_mm": 0,
                                                              "w_mm": 210, "h_mm": 30})
    found.update(fonts_of(pdf, 1, "Key", "Tiny"))
    assert found["Key"] == {"DejaVuSerif-Bold"}  # the key points' title: a heading
    assert found["brain"] == {"DejaVuSerif-Bold"}  # the title
    assert found["Tiny"] == {"BitstreamVeraSans-Roman"}  # text in the body font
    assert colours_of(pdf, 1, "Key points") == {rgb(warm.colour("heading"))}
    assert colours_of(pdf, 2, "microbiome") <= {rgb(warm.colour("ink"))}
    high = render_layout(apply_theme(layout, theme_named("high-contrast"))).pdf
    assert colours_of(high, 1, "Key points") == {rgb("#003366")}


@pytest.mark.parametrize("second", ["Sleep well.", "שלום עולם"], ids=["ltr", "rtl"])
def test_line_breaks_typed_in_a_callout_break_its_lines(tmp_path: Path, second: str) -> None:
    data = shipped("a4-handout")
    data["blocks"].append({"id": "tip", "type": "callout", "x_mm": 15, "y_mm": 200,
                           "w_mm": 150, "h_mm": 40, "page": 3,
                           "text": f"Drink water.\r\n{second}\n\nWalk <daily> & rest."})
    pdf = render_data(tmp_path, data).pdf
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = doc.pages[2].extract_words()
    tops = {w["text"]: round(w["top"]) for w in words}
    first = tops["water."]
    next_line = tops.get("well.") or next(top for text, top in tops.items()
                                          if any("\u0590" <= ch <= "\u05ff" for ch in text))
    assert first < next_line < tops["rest."], "each typed line starts a line of its own"
    assert "<daily>" in tops and "&" in tops  # still escaped, not read as markup


def test_a_face_is_read_when_first_set_and_bold_italic_still_prints(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = """
import sys, threading
from gutskin_desktop import cli
from reportlab.pdfbase import pdfmetrics
cli._exit_now = lambda code: None
out, sys.argv = sys.argv[1:], ["gutskin", "export", "--layout", "a4-handout", "--out",
                               sys.argv[1]]
cli.run()  # a command-line job: faces read when first set
sys.argv[1:] = out
print("READ", sorted(n for n in pdfmetrics.getRegisteredFontNames() if "Vera" in n))
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.paragraph import Paragraph
from gutskin_desktop.export.text import family, style
fonts = [None] * 8
def ask(i):
    fonts[i] = pdfmetrics.getFont(family()["bolditalic"])
threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print("SAME", all(f is fonts[0] for f in fonts), fonts[0].fontName)
canvas = Canvas(sys.argv[2])
para = Paragraph("plain <b><i>both</i></b>", style("t", 12))
para.wrapOn(canvas, 300, 100)
para.drawOn(canvas, 50, 700)
canvas.save()
"""
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.pdf"),
                           str(tmp_path / "b.pdf")], capture_output=True, text=True,
                          check=True, timeout=120)
    lines = {line.split(" ", 1)[0]: line for line in done.stdout.splitlines()}
    # the handout sets three faces; the fourth is never read
    assert lines["READ"] == "READ ['GutskinVera', 'GutskinVera-Bold', 'GutskinVera-Italic']"
    assert lines["SAME"] == "SAME True GutskinVera-BoldItalic"
    with pdfplumber.open(tmp_path / "b.pdf") as pdf:
        faces = {c["text"]: c["fontname"].split("+")[-1] for c in pdf.pages[0].chars}
    assert faces["p"] == "BitstreamVeraSans-Roman"
    assert faces["b"] == "BitstreamVeraSans-BoldOblique"
    with pdfplumber.open(tmp_path / "a.pdf") as pdf:
        assert "gut" in pdf.pages[0].extract_text().lower()
