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


MIXED = "patient,clinic,note,sections\n" + "".join(
    f"Patient {n} Zoë,Riverside,Keep a diary.,{'bogus' if n == 5 else ''}\n"
    for n in range(11)) + "Short Row\n"


def _pdfs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_workers_make_the_same_files_as_one_process(tmp_path: Path) -> None:
    csv_path = tmp_path / "day.csv"
    csv_path.write_text(MIXED, encoding="utf-8")
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        runs[jobs] = _run("batch", "--layout", "a4-handout", "--csv", str(csv_path),
                          "--out-dir", str(out), "--jobs", jobs, "--deterministic"), out
    (one, one_out), (two, two_out) = runs["1"], runs["2"]
    assert one.returncode == two.returncode == 1, two.stderr
    assert one.stderr == two.stderr
    assert one.stdout.replace(str(one_out), str(two_out)) == two.stdout
    assert "row 7: sections: unknown 'bogus'" in two.stderr
    assert "row 13: has 1 cell, the header has 4" in two.stderr
    assert "wrote 10 PDFs" in two.stdout
    made = _pdfs(two_out)
    assert list(made) == [f"{n:03d}-patient-{n - 1}-zoe.pdf" for n in range(1, 12) if n != 6]
    assert made == _pdfs(one_out)  # byte for byte


def test_jobs_must_be_a_small_whole_number(tmp_path: Path) -> None:
    done = _run("batch", "--layout", "a4-handout", "--csv", str(tmp_path / "x.csv"),
                "--out-dir", str(tmp_path / "out"), "--jobs", "0")
    assert done.returncode == 2
    assert done.stderr.startswith("error: argument --jobs: 0: choose between 1 and 64")


def test_a_cancelled_pool_stops_with_whole_files(tmp_path: Path) -> None:
    from gutskin_desktop.export.batch import run_batch
    from gutskin_desktop.model.bundle import load_bundle
    from gutskin_desktop.model.layout_files import open_layout

    csv_path = tmp_path / "day.csv"
    csv_path.write_text("patient\n" + "".join(f"P{n}\n" for n in range(40)), encoding="utf-8")
    bundle = load_bundle()
    layout = open_layout("a4-handout", bundle.content)
    seen: list[tuple[int, int]] = []
    result = run_batch(layout, bundle, csv_path, tmp_path / "out", progress=lambda d, t:
                       seen.append((d, t)), cancelled=lambda: bool(seen), jobs=2)
    assert result.cancelled and not result.failures
    assert seen[0][1] == 40 and 0 < len(result.written) < 40
    on_disk = sorted((tmp_path / "out").iterdir())
    assert on_disk == sorted(result.written)  # nothing half-written, no temporary files
    for pdf in on_disk:
        assert "P" in _text(pdf)


def test_ctrl_c_stops_the_workers_and_says_how_many_were_written(tmp_path: Path) -> None:
    import os
    import signal
    import time

    csv_path = tmp_path / "day.csv"
    csv_path.write_text("patient\n" + "".join(f"P{n}\n" for n in range(200)), encoding="utf-8")
    out = tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-m", "gutskin_desktop.cli", "batch", "--layout",
                              "a4-handout", "--csv", str(csv_path), "--out-dir", str(out),
                              "--jobs", "2"], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while not (out.is_dir() and any(out.glob("*.pdf"))) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGINT)  # as the terminal does: the whole group
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert "Traceback" not in stderr
    written = sorted(out.iterdir())
    assert all(p.suffix == ".pdf" for p in written)  # no temporary file left behind
    assert 0 < len(written) < 200
    assert f"wrote {len(written)} PDFs to {out}; stopped by Ctrl-C" in stdout
    try:
        os.killpg(child.pid, 0)
    except ProcessLookupError:
        pass  # the workers are gone with it
    else:
        raise AssertionError("a worker process outlived the batch")
