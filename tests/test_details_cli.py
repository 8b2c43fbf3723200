"""Details on the command line: every filled detail is printed or the export stops, nothing
prints cut off, dates print one way, invisible characters never print."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from gutskin_desktop.model.paths import LAYOUTS
from tests.cli_support import assert_one_error_line, reviewed_clinic

ROOT = Path(__file__).resolve().parent.parent


def gutskin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def text_of(path: Path) -> str:
    pages = pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages
    return " ".join(" ".join(p.extract_text().split()) for p in pages)


def export(tmp_path: Path, *args: str, layout: str = "a4-handout",
           clinic: Path | None = None) -> subprocess.CompletedProcess[str]:
    clinic = clinic or reviewed_clinic(tmp_path)
    return gutskin("export", "--layout", layout, "--sections", "overview", "--clinic",
                   str(clinic), "--out", str(tmp_path / "out.pdf"), *args)


def test_a_detail_the_layout_has_no_place_for_stops_the_export(tmp_path: Path) -> None:
    result = export(tmp_path, "--set", "patient=Jo Example", "--set", "note=Rest.",
                    layout="a1-poster")
    assert_one_error_line(result, "--set patient, note", "'a1-poster' has no place for them")
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("layout", ["a4-handout", "letter-handout", "large-print"])
def test_every_handout_prints_all_six_details(tmp_path: Path, layout: str) -> None:
    note = ("Keep a food and skin diary for two weeks, and bring it to your next visit. " * 6)
    assert len(note) >= 400
    result = export(tmp_path, "--set", "clinic=Riverside", "--set", "clinician=Dr Ng",
                    "--set", "phone=0123 456", "--set", "patient=Jo Example",
                    "--set", "date=2026-12-03", "--set", f"note={note}", layout=layout)
    assert result.returncode == 0, result.stderr
    text = text_of(tmp_path / "out.pdf")
    for value in ("Riverside", "Dr Ng", "0123 456", "Jo Example", "3 December 2026",
                  " ".join(note.split())):
        assert value in text, value


def _small_details_layout(tmp_path: Path) -> Path:
    data = json.loads((LAYOUTS / "a4-handout.json").read_text())
    sections = next(b for b in data["blocks"] if b["id"] == "sections")
    sections["after"] = []
    data["name"] = "small-details"
    data["blocks"].append({"id": "details", "type": "details", "page": 1, "x_mm": 15,
                           "y_mm": 250, "w_mm": 90, "h_mm": 22, "fields": ["patient", "note"]})
    data["blocks"] = [b for b in data["blocks"] if b["id"] != "summary"]
    path = tmp_path / "small.json"
    path.write_text(json.dumps(data))
    return path


def test_a_note_that_does_not_fit_stops_unless_allowed(tmp_path: Path) -> None:
    layout = str(_small_details_layout(tmp_path))
    note = "Keep a food and skin diary for two weeks and bring it next time. " * 3
    result = export(tmp_path, "--set", "patient=Jo", "--set", f"note={note}", layout=layout)
    line = assert_one_error_line(result, "note does not fit block 'details'", "left over",
                                 "--allow-overflow")
    assert "lines" in line and not (tmp_path / "out.pdf").exists()
    allowed = export(tmp_path, "--set", "patient=Jo", "--set", f"note={note}",
                     "--allow-overflow", layout=layout)
    assert allowed.returncode == 0, allowed.stderr
    assert "warning: small-details: note does not fit" in allowed.stderr


def test_a_note_longer_than_a_handout_takes_is_refused(tmp_path: Path) -> None:
    result = export(tmp_path, "--set", "note=" + "x" * 1025)
    assert_one_error_line(result, "note is 25 characters too long (at most 1000)")


@pytest.mark.parametrize(("style", "typed", "printed"), [
    ("long", "2026-12-03", "3 December 2026"),
    ("long", "3 Dec 2026", "3 December 2026"),
    ("dmy", "03/12/2026", "03/12/2026"),
    ("mdy", "12/03/2026", "12/03/2026"),
    ("iso", "3 December 2026", "2026-12-03"),
])
def test_the_clinics_date_format_is_printed(tmp_path: Path, style: str, typed: str,
                                            printed: str) -> None:
    clinic = reviewed_clinic(tmp_path)
    data = json.loads(clinic.read_text())
    clinic.write_text(json.dumps({**data, "date_format": style}))
    result = export(tmp_path, "--set", f"date={typed}", clinic=clinic)
    assert result.returncode == 0, result.stderr
    text = text_of(tmp_path / "out.pdf")
    assert f"Date: {printed}" in text
    if style == "iso":
        assert "Printed 20" in text, "the footer's dates follow the clinic's format too"


@pytest.mark.parametrize(("typed", "reason"), [
    ("31/02/2026", "is not a day of the calendar"),
    ("01/02/2026", "is ambiguous: it could be 1 February 2026 or 2 January 2026"),
    ("next Tuesday", "is not a date"),
])
def test_a_date_that_is_not_one_day_is_refused(tmp_path: Path, typed: str,
                                               reason: str) -> None:
    assert_one_error_line(export(tmp_path, "--set", f"date={typed}"), "date:", reason)


def test_invisible_characters_are_named_and_left_out(tmp_path: Path) -> None:
    result = export(tmp_path, "--set", "patient=Jo \u202eExample\u200b\ufeff")
    assert result.returncode == 0, result.stderr
    assert ("warning: --set patient: invisible characters left out: U+202E (right-to-left "
            "override), U+200B (zero width space), U+FEFF (zero width no-break space)"
            ) in result.stderr
    assert "Patient: Jo Example" in text_of(tmp_path / "out.pdf")


def _titled(tmp_path: Path, title: str) -> str:
    """The A4 handout with its title replaced, as a layout file; its path."""
    data = json.loads((LAYOUTS / "a4-handout.json").read_text())
    next(b for b in data["blocks"] if b["id"] == "title")["text"] = title
    path = tmp_path / "titled.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_a_layout_title_the_fonts_cannot_print_is_refused(tmp_path: Path) -> None:
    result = export(tmp_path, layout=_titled(tmp_path, "Gut \u65e5\u672c \U0001F9A0"))
    assert_one_error_line(result, "block 'title' text: the font cannot print", "U+65E5",
                          "U+1F9A0")


def test_a_layout_title_with_a_direction_override_prints_in_order(tmp_path: Path) -> None:
    result = export(tmp_path, layout=_titled(tmp_path, "Your \u202egut\u202c today"))
    assert result.returncode == 0
    assert ("warning: preflight: block 'title' text: invisible characters left out: U+202E "
            "(right-to-left override), U+202C (pop directional formatting)") in result.stderr
    text = text_of(tmp_path / "out.pdf")
    assert "Your gut today" in text and "tug" not in text
