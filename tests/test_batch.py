"""gutskin batch: a clinic day from a CSV with awkward rows, and the grade on export."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from .cli_support import reviewed_clinic

ROOT = Path(__file__).resolve().parent.parent
AWKWARD = (
    "patient,clinic,clinician,phone,note,sections\n"
    "Zoë Ñandú-Łukasiewicz,Clinique Saint-Étienne,Dr Amara Okafor,0123 456,Bring your diary.,"
    "\"overview,microbiome\"\n"
    "A Very Long Name " + "Indeed " * 12 + ",Riverside,,,,\n"
    "Emoji Person \U0001F9A0,Riverside,,,,\n"
    "Missing Columns,Riverside\n"
    "Formula,=HYPERLINK(\"http://x\"),,,=1+2,\n"
    "Zoë Ñandú-Łukasiewicz,Riverside,,,,\"overview;bogus\"\n"
)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _text(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_a_clinic_day_with_awkward_rows(tmp_path: Path) -> None:
    csv_path = tmp_path / "day.csv"
    csv_path.write_text(AWKWARD, encoding="utf-8")
    out = tmp_path / "out"
    done = _run("batch", "--layout", "a4-handout", "--csv", str(csv_path), "--out-dir",
                str(out))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("row ")]
    assert len(errors) == 3
    assert errors[0].startswith("row 4: patient:") and "U+1F9A0" in errors[0]
    assert errors[1] == "row 5: has 2 cells, the header has 6"
    assert errors[2].startswith("row 7: sections:") and "bogus" in errors[2]
    names = sorted(p.name for p in out.iterdir())
    assert names == ["001-zoe-nandu-lukasiewicz.pdf",
                     "002-a-very-long-name-indeed-indeed-indeed-in.pdf", "005-formula.pdf"]
    assert all(re.fullmatch(r"[a-z0-9-]+\.pdf", n) for n in names)
    first = _text(out / names[0])
    assert "Zoë Ñandú-Łukasiewicz" in first and "Clinique Saint-Étienne" in first
    assert "What is the gut-skin axis?" in first and "Nutrients and skin health" not in first
    formula = _text(out / "005-formula.pdf")
    assert '=HYPERLINK("http://x")' in formula and "=1+2" in formula
    assert "wrote 3 PDFs" in done.stdout and "3 rows failed" in done.stdout


def test_bad_batch_input_exits_2(tmp_path: Path) -> None:
    # A reviewed clinic profile: no warning about the clinic's advice comes before the error.
    clinic = str(reviewed_clinic(tmp_path))
    missing = _run("batch", "--layout", "a4-handout", "--csv", str(tmp_path / "none.csv"),
                   "--out-dir", str(tmp_path / "o"), "--clinic", clinic)
    assert missing.returncode == 2 and missing.stderr.startswith("error: ")
    assert len(missing.stderr.splitlines()) == 1, missing.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("name,age\nx,1\n", encoding="utf-8")
    unknown = _run("batch", "--layout", "a4-handout", "--csv", str(empty), "--out-dir",
                   str(tmp_path / "o"), "--clinic", clinic)
    assert unknown.returncode == 2 and "no known column" in unknown.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_export_prints_the_reading_grade(tmp_path: Path) -> None:
    from gutskin_desktop.model.bundle import load_bundle
    from gutskin_desktop.model.content import block_sentences
    from gutskin_desktop.model.readability import measure

    done = _run("export", "--layout", "a4-handout", "--out", str(tmp_path / "h.pdf"),
                "--sections", "overview,stress", "--set", "note=Rest and drink water.")
    assert done.returncode == 0, done.stderr
    content = load_bundle().content
    sentences = [s for i in ("overview", "stress")
                 for s in block_sentences(content.section(i).patient)]
    grade = measure(sentences).grade
    assert f"grade {grade:.1f}" in done.stdout and "note: grade" in done.stdout
    # The presenter's words for these sections read above grade 8: the export says so.
    hard = ("immune", "inflammation")
    hard_grade = measure([s for i in hard
                          for s in block_sentences(content.section(i).presenter)]).grade
    assert hard_grade > 8
    presenter = _run("export", "--layout", "presenter-notes", "--out",
                     str(tmp_path / "p.pdf"), "--sections", ",".join(hard))
    assert presenter.returncode == 0, presenter.stderr
    assert (f"warning: the chosen text reads at grade {hard_grade:.1f}, above grade 8"
            in presenter.stderr.splitlines())
