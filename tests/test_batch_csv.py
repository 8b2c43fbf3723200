"""gutskin batch reads CSV files as people make them: spreadsheets in Europe save with
semicolons, Excel adds a byte order mark or saves UTF-16, hand-made files have short rows,
stray quotes and other encodings. Each test writes such a file and checks what the user
gets: the exit status, the one-line messages, the files in the folder and the PDFs' text.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from gutskin_desktop.export.batch import MAX_CSV_BYTES, file_name, read_rows, slug
from gutskin_desktop.model.errors import LoadError

from .cli_support import assert_one_error_line, reviewed_clinic

ROOT = Path(__file__).resolve().parent.parent


def _batch(tmp_path: Path, data: bytes) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run ``gutskin batch`` on a CSV holding ``data``; the result and the output folder."""
    csv_path = tmp_path / "day.csv"
    csv_path.write_bytes(data)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "gutskin_desktop.cli", "batch", "--layout", "a4-handout",
         "--csv", str(csv_path), "--out-dir", str(out), "--clinic",
         str(reviewed_clinic(tmp_path))],
        check=False, cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
        timeout=120)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done, out


def _files(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


def _text(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def _refused(done: subprocess.CompletedProcess[str], out: Path, *parts: str) -> str:
    """The whole file was refused: exit 2, one error line naming it, no PDF written."""
    line = assert_one_error_line(done, str(out.parent / "day.csv"), *parts)
    assert _files(out) == []
    assert done.stdout == ""
    return line


POLISH = "patient,note,sections\r\nŁukasz Żółć,Przynieś dzienniczek.,overview\r\n"


@pytest.mark.parametrize("encoded", [
    POLISH.encode("utf-8-sig"),
    b"\xff\xfe" + POLISH.encode("utf-16-le"),
    b"\xfe\xff" + POLISH.encode("utf-16-be"),
], ids=["utf-8-bom", "utf-16-le", "utf-16-be"])
def test_utf8_with_a_bom_and_utf16_are_read(tmp_path: Path, encoded: bytes) -> None:
    done, out = _batch(tmp_path, encoded)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no "column '\ufeffpatient' is not used"
    assert _files(out) == ["001-lukasz-zolc.pdf"]
    text = _text(out / "001-lukasz-zolc.pdf")
    assert "Łukasz Żółć" in text and "Przynieś dzienniczek." in text
    assert "Ã" not in text and "Å" not in text
    assert "wrote 1 PDFs" in done.stdout


@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
def test_semicolons_and_tabs_separate_cells(tmp_path: Path, delimiter: str) -> None:
    rows = [["patient", "clinic", "note", "sections"],
            ["Søren Kierkegaard", "Klinik Nord", "Rest, then walk.", "overview"]]
    data = "".join(delimiter.join(r) + "\n" for r in rows).encode("utf-8")
    done, out = _batch(tmp_path, data)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert _files(out) == ["001-soren-kierkegaard.pdf"]
    text = _text(out / "001-soren-kierkegaard.pdf")
    # The comma in the note is text, not a separator.
    assert "Søren Kierkegaard" in text and "Rest, then walk." in text
    assert "Klinik Nord" in text


def test_rows_with_too_few_or_too_many_cells_are_reported_and_skipped(
        tmp_path: Path) -> None:
    data = ("patient,clinic,note,sections\n"
            "Ana Lima,Riverside,Rest.,overview\n"           # row 2: made
            "Too Few,Riverside\n"                          # row 3: 2 cells
            "\n"                                           # row 4: blank, passed over
            "Smith, John,Riverside,Rest.,overview\n"       # row 5: an unquoted comma
            "Bo Berg,Riverside,\"Rest.\nDrink water.\",overview\n"  # row 6, lines 6-7
            "Short Again,Riverside,Rest.\n")               # row 7, on line 8
    done, out = _batch(tmp_path, data.encode("utf-8"))
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        "row 3: has 2 cells, the header has 4",
        "row 5: has 5 cells, the header has 4",
        "row 7: has 3 cells, the header has 4 (line 8 of the file)",
    ]
    assert "wrote 2 PDFs" in done.stdout and "3 rows failed" in done.stdout
    # Files are numbered by data row, blank rows left out: Bo Berg is the fourth.
    assert _files(out) == ["001-ana-lima.pdf", "004-bo-berg.pdf"]
    text = _text(out / "004-bo-berg.pdf")
    assert "Bo Berg" in text and "Rest." in text and "Drink water." in text


@pytest.mark.parametrize(("rows", "parts"), [
    # The quote never closes: csv would make the rest of the file one cell.
    ('Bob Gray,Riverside,"Rest well,overview\nCy Dee,Riverside,Rest.,overview\n',
     ("line 3: a quote opens a cell here and is never closed",)),
    # A later quote "closes" it, and text follows that quote.
    ('Bob Gray,Riverside,"Rest well,overview\nCy Dee,Riverside,"Rest.",overview\n',
     ("line 3: a quote opens a cell here and is not closed before line 4",)),
    # A later quote ends a cell, leaving one merged row with too few cells.
    ('Bob Gray,Riverside,"Rest well,overview\nCy Dee,Riverside,5"\n',
     ("line 3: a quoted cell runs from here to line 4", "row 3 with 3 cells",
      "the header has 4", "is a closing quote missing?")),
    # Text after a closing quote on one line.
    ('"Bob" Gray,Riverside,Rest.,overview\n',
     ("line 3: text follows the closing quote of a cell", '("")')),
], ids=["to-the-end", "closed-by-a-later-quote", "merges-rows", "text-after-quote"])
def test_a_broken_quote_refuses_the_whole_file(tmp_path: Path, rows: str,
                                               parts: tuple[str, ...]) -> None:
    data = "patient,clinic,note,sections\nAna Lima,Riverside,Rest.,overview\n" + rows
    done, out = _batch(tmp_path, data.encode("utf-8"))
    _refused(done, out, *parts)


def test_a_column_named_twice_refuses_the_file(tmp_path: Path) -> None:
    done, out = _batch(tmp_path, b"Patient,note,patient \nAna,Rest.,Bob\n")
    _refused(done, out, "row 1: the column 'patient' appears twice (columns A and C)")


def test_a_column_the_batch_does_not_use_may_appear_twice(tmp_path: Path) -> None:
    path = tmp_path / "day.csv"
    path.write_bytes(b"patient,comment,comment\nAna,a,b\n")
    header, rows = read_rows(path)
    assert header == ["patient", "comment", "comment"]
    assert [(r.number, r["patient"], r.problem) for r in rows] == [(2, "Ana", "")]


def test_bytes_that_are_not_utf8_are_refused_never_guessed(tmp_path: Path) -> None:
    # UTF-8 text with one Windows-1252 byte (é) on line 3: the old reader decoded the whole
    # file as Windows-1252 and printed "ZoÃ«".
    data = "patient,note\nZoë Ñandú,Rest.\n".encode() + b"Jos\xe9 Garc\xeda,Rest.\n"
    done, out = _batch(tmp_path, data)
    line = _refused(done, out, "line 3: byte 0xE9 at character 4 is not UTF-8",
                    'save the file as "CSV UTF-8"')
    assert "Ã" not in done.stdout + done.stderr
    assert line.endswith('save the file as "CSV UTF-8" and try again')


def test_utf16_without_a_bom_is_refused(tmp_path: Path) -> None:
    done, out = _batch(tmp_path, "patient,note\nAna,Rest.\n".encode("utf-16-le"))
    _refused(done, out, "line 1: holds a NUL character", 'save the file as "CSV UTF-8"')


def test_a_file_over_20_mb_is_refused(tmp_path: Path) -> None:
    done, out = _batch(tmp_path, b"patient,note\nAna," + b"x" * MAX_CSV_BYTES + b"\n")
    _refused(done, out, "the file is larger than 20 MB")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_a_named_pipe_is_refused_without_reading_it(tmp_path: Path) -> None:
    # The size cap while reading a regular file is tested in tests/test_reads.py; a pipe
    # (or a device such as /dev/zero) is refused before anything is read from it.
    pipe = tmp_path / "endless.csv"
    os.mkfifo(pipe)
    with pytest.raises(LoadError, match="is a named pipe"):
        read_rows(pipe)


def test_file_names_keep_their_letters_and_stay_unique(tmp_path: Path) -> None:
    data = ("patient,sections\n"
            "Łukasz Żółć,overview\nSøren Kierkegaard,overview\nZoë,overview\nZoë,overview\n")
    done, out = _batch(tmp_path, data.encode("utf-8"))
    assert done.returncode == 0, done.stderr
    assert _files(out) == ["001-lukasz-zolc.pdf", "002-soren-kierkegaard.pdf",
                           "003-zoe.pdf", "004-zoe.pdf"]
    assert "Łukasz Żółć" in _text(out / "001-lukasz-zolc.pdf")
    assert "Zoë" in _text(out / "003-zoe.pdf") and "Zoë" in _text(out / "004-zoe.pdf")


@pytest.mark.parametrize(("name", "expected"), [
    ("Łukasz Żółć", "lukasz-zolc"), ("Søren Kierkegaard", "soren-kierkegaard"),
    ("Zoë", "zoe"), ("Straße", "strasse"), ("ÆSA ØRN", "aesa-orn"), ("Œdipe", "oedipe"),
    ("Þóra Guðmundsdóttir", "thora-gudmundsdottir"), ("Đorđe", "dorde"),
    ("Işık", "isik"), ("Dvořák", "dvorak"), ("Nguyễn Văn Ơn", "nguyen-van-on"),
    ("Σοφία", "sofia"), ("Юлия", "yuliya"), ("李小龍", ""), ("  --  ", ""),
    ("a" * 39 + " b", "a" * 39),  # cut at 40 without a hyphen at the end
])
def test_slug_transliterates(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_file_name_falls_back_to_handout() -> None:
    assert file_name(7, {"patient": "李小龍"}) == "007-handout.pdf"
    assert file_name(12, {}) == "012-handout.pdf"


def test_a_single_column_and_a_line_ending_cell(tmp_path: Path) -> None:
    path = tmp_path / "day.csv"
    path.write_bytes(b"Patient\r\nAna\r\nSmith, John\r\n\r\nBo\r")
    header, rows = read_rows(path)
    assert header == ["patient"]
    assert [(r.number, r["patient"], r.problem) for r in rows] == [
        (2, "Ana", ""), (3, "Smith", "has 2 cells, the header has 1"), (5, "Bo", "")]
    path.write_bytes(b"patient,note\nAna\n")
    assert read_rows(path)[1][0].problem == "has 1 cell, the header has 2"
