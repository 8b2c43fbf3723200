"""The faces' measures read from the TTF files equal reportlab's, and need no reportlab."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from gutskin_desktop.model import fonts
from gutskin_desktop.model.font_metrics import read_face

ROOT = Path(__file__).resolve().parents[2]
KEYS = [*fonts.FACES, *(fonts.SERIF + weight for weight in fonts.SERIF_FACES)]
FILES = sorted({fonts.font_file(key) for key in KEYS}
               | {fonts.wide_file(weight) for weight in fonts.WIDE_FACES})
SIZES = [0.5, 7, 9.5, 11, 12.25, 13.7, 18, 30, 72.3]
SAMPLES = [
    "",
    " ",
    "Gut, brain & skin: the axis (2024) — 100% \"quoted\" {braces} ~tilde~",
    "The\u00a0no-break\u00a0space and a\ttab",
    "Crème brûlée, façade, naïve, Ærø, Øresund, Łódź, Ştefan, Ğ, ñandú, Œuvre",
    "Ελληνικά: μικροβίωμα, Ωμέγα",
    "Кишечник и кожа: микробиом",
    "עברית: מעי, מוח ועור",
    "العربية: الأمعاء والجلد",
    "Symbols: → ← ↔ • ° ± \u00d7 ÷ ≤ ≥ ≠ ∞ € £ ¥ © ® ™ ¶ § † ‡ ‰",
    "Lacking everywhere: \U0001f600 \u4e2d\u6587 \u0e44\u0e17\u0e22 \uffff \U0010ffff",
    "AVATAR To Wa Ty LT fi fl",  # pairs a kerning engine would tighten
    "\u0301\u0308 combining marks, zero\u200bwidth\u200d joiners",
]


def _reportlab_name(text: str, face: str) -> str:
    return fonts.font_for(text, face)  # registers the face with reportlab


@pytest.mark.parametrize("face", KEYS)
def test_text_widths_equal_reportlabs_for_every_face_script_and_size(face: str) -> None:
    for text in SAMPLES:
        name = _reportlab_name(text, face)
        for size in SIZES:
            ours = fonts.text_width(text, size, face)
            theirs = pdfmetrics.stringWidth(text, name, size)
            assert ours == pytest.approx(theirs, abs=1e-9), (face, text, size)
            assert ours == theirs, (face, text, size)  # not a hair apart: the same arithmetic


@pytest.mark.parametrize("face", KEYS)
def test_ascent_and_descent_equal_reportlabs(face: str) -> None:
    name = fonts.register(face)
    for size in [*SIZES, 0]:
        assert fonts.ascent_descent(size, face) == pdfmetrics.getAscentDescent(name, size)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_shipped_file_reads_as_reportlab_reads_it(path: Path) -> None:
    ours, theirs = read_face(path), TTFontFile(str(path))
    assert ours.covered == frozenset(theirs.charToGlyph)
    assert ours.widths == theirs.charWidths
    assert ours.default_width == theirs.defaultWidth
    assert (ours.ascent, ours.descent) == (theirs.ascent, theirs.descent)


@pytest.mark.parametrize("face", KEYS)
def test_coverage_and_the_choice_of_the_wide_face_match_reportlab(face: str) -> None:
    own = pdfmetrics.getFont(fonts.register(face)).face.charToGlyph
    wide = pdfmetrics.getFont(fonts.register_wide(face)).face.charToGlyph
    assert fonts.covered(face) == frozenset(own)
    assert fonts.covered(face, wide=True) == frozenset(wide)
    assert fonts.needs_wide("עברית", face) and not fonts.needs_wide("plain", face)


def test_no_kerning_a_line_is_the_sum_of_its_letters() -> None:
    name = fonts.register("regular")
    for pair in ("AV", "To", "LT", "Wa"):
        whole = pdfmetrics.stringWidth(pair, name, 100)
        apart = sum(pdfmetrics.stringWidth(ch, name, 100) for ch in pair)
        assert whole == pytest.approx(apart, abs=1e-9)  # reportlab applies none either
        assert fonts.text_width(pair, 100) == whole


def test_a_file_that_is_not_a_font_is_refused_with_its_name(tmp_path: Path) -> None:
    for content in (b"", b"not a font at all, just some words here", b"\0\1\0\0\0\1" + b"\0" * 10):
        bad = tmp_path / "bad.ttf"
        bad.write_bytes(content)
        with pytest.raises(ValueError, match=r"bad\.ttf"):
            read_face(bad)


def test_laying_out_the_shipped_diagram_imports_neither_reportlab_nor_pillow() -> None:
    script = (
        "import sys\n"
        "from gutskin_desktop.model.bundle import load_bundle\n"
        "from gutskin_desktop.model.fonts import ascent_descent, covered, text_width\n"
        "from gutskin_desktop.model.geometry import solve_diagram\n"
        "from gutskin_desktop.model.paths import CONTENT_FILE, DIAGRAM_FILE\n"
        "geometry = solve_diagram(load_bundle(CONTENT_FILE, DIAGRAM_FILE).diagram)\n"
        "assert geometry.nodes\n"
        "for face in ('regular', 'bold', 'serif-italic'):\n"
        "    text_width('Кожа, עור, skin', 12, face)\n"
        "    ascent_descent(12, face)\n"
        "    covered(face, wide=True)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'PIL'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.splitlines() == ["[]"], result.stderr


def test_text_measured_without_reportlab_still_draws_with_it() -> None:
    from reportlab.pdfgen.canvas import Canvas

    text = "Gut — Кишечник — מעי"
    width = fonts.text_width(text, 12)
    canvas = Canvas(None)
    canvas.setFont(fonts.font_for(text, "regular"), 12)
    canvas.drawString(10, 10, text)
    assert canvas.stringWidth(text, fonts.font_for(text, "regular"), 12) == width
    assert canvas.getpdfdata().startswith(b"%PDF")
def test_a_face_is_read_once_however_it_is_asked_for() -> None:
    from gutskin_desktop.model import fonts

    assert fonts.metrics("bold") is fonts.metrics("bold", False) is fonts.metrics("bold",
                                                                              wide=False)
    assert fonts.metrics("bold", True) is not fonts.metrics("bold")
