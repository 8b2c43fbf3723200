"""Export speed and size: in-process handouts (warm), whole `gutskin export` processes.

Prints each figure's median and range over repeated runs. Baselines measured in the same
run: a bare `python -c pass` process (the interpreter's own start-up), reportlab's QR
widget drawing the same code the naive way, and (when installed) Inkscape turning the
handout's first page into a PDF, run in turn with `gutskin export` (:func:`interleaved`).

Run: .venv/bin/python benchmarks/export_speed.py [--json]
(``--json`` prints the figures as one line of JSON instead, for run_all.py; the whole
process figures and the peers are then left to run_all.py.)
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
LAYOUTS = ROOT / "gutskin_desktop" / "data" / "layouts"
QR_URL = "https://example.org/gut-skin-axis/handout"
#: Rounds of the whole processes run in turn: on the shared 2-core machine the median of
#: 9 rounds moved by up to 10% from one run to the next, of 25 by about 3%.
IN_TURN_ROUNDS = 25


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(name: str, values: list[float], base: list[float] | None = None,
        unit: str = "ms") -> None:
    ratio = f"{statistics.median(values) / statistics.median(base):5.2f}x" if base else "    -"
    print(f"{name:<46} median {statistics.median(values):8.1f} {unit}  range "
          f"{min(values):7.1f}-{max(values):7.1f}  vs baseline {ratio}")


def handout_with_qr(folder: Path) -> Path:
    data = json.loads((LAYOUTS / "a4-handout.json").read_text())
    data["name"] = "a4-handout-qr"
    data["blocks"].append({"id": "qr", "type": "qr", "x_mm": 160, "y_mm": 12,
                           "w_mm": 35, "h_mm": 23, "url": QR_URL, "style": {"font_size": 8}})
    data["blocks"][0]["w_mm"] = 140  # the title makes room for the code beside it
    path = folder / "a4-handout-qr.json"
    path.write_text(json.dumps(data))
    return path


def naive_qr_page() -> None:
    import io

    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO())
    widget = QrCodeWidget(QR_URL)
    drawing = Drawing(100, 100)
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, 400, 600)
    canvas.save()


def in_process(folder: Path) -> dict:
    """The in-process figures: warm renders, the naive QR baseline and file sizes."""
    from gutskin_desktop.export.render import ExportOptions, render
    from gutskin_desktop.model.bundle import load_bundle
    from gutskin_desktop.model.layout import load_layout
    from gutskin_desktop.model.layout_files import open_layout

    bundle = load_bundle()
    plain = open_layout("a4-handout", bundle.content)
    with_qr = load_layout(handout_with_qr(folder), bundle.content)
    render(with_qr, bundle)  # warm: fonts registered, QR encoded
    return {"plain_ms": timed(lambda: render(plain, bundle, ExportOptions()), 30),
            "qr_ms": timed(lambda: render(with_qr, bundle, ExportOptions()), 30),
            "naive_qr_ms": timed(naive_qr_page, 10),
            "size_kb": len(render(plain, bundle).pdf) / 1024,
            "size_qr_kb": len(render(with_qr, bundle).pdf) / 1024}


def batch_rows(folder: Path, rounds: int, count: int = 20) -> dict[str, list[float]]:
    """One batch row of a4-handout in process (``run_batch`` with one job, deterministic),
    CPU ms per row: with every trick (``cached``), without the parsed-paragraph cache
    (export/row_cache.py, ``uncached``), without the fills kept between exports
    (export/flow_reuse.py, ``unkept``), without the one-step font codes
    (export/font_codes.py, ``usual_codes``), without pages played back
    (export/page_replay.py, ``all_drawn``) and without the write cache
    (export/write_cache.py, ``unwritten``) and without the quick PDF formatting
    (export/pdf_format.py, ``usual_format``), in turn round after round (the first round
    warms and is left out)."""
    import os
    import zlib

    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    from gutskin_desktop.export import (
        flow_reuse,
        font_codes,
        page_replay,
        pdf_format,
        row_cache,
        write_cache,
    )
    from gutskin_desktop.export.batch import run_batch
    from gutskin_desktop.model.bundle import load_bundle
    from gutskin_desktop.model.layout_files import open_layout

    rows = folder / "rows.csv"
    with rows.open("w", encoding="utf-8") as fh:
        fh.write("patient,clinic,clinician,phone,note\n")
        for n in range(count):
            fh.write(f"Patient {n} Zoë,Riverside Clinic,Dr A. Okafor,0123 456,"
                     "Keep a food diary for two weeks.\n")
    bundle = load_bundle()
    layout = open_layout("a4-handout", bundle.content)
    out: dict[str, list[float]] = {"uncached": [], "unkept": [], "usual_codes": [],
                                   "all_drawn": [], "unwritten": [], "usual_format": [],
                                   "cached": []}
    usual_split = font_codes.split_string.__wrapped__  # type: ignore[attr-defined]
    try:
        for round_ in range(rounds + 1):
            for name in out:
                row_cache.set_enabled(name != "uncached")
                row_cache.clear()
                flow_reuse.set_enabled(name != "unkept")
                page_replay.set_enabled(name != "all_drawn")
                write_cache.clear()
                if name == "unwritten":
                    pdfdoc.zlib = zlib
                    TTFontFace.makeSubset = write_cache.make_subset.__wrapped__
                else:
                    write_cache.install()
                if name == "usual_format":
                    pdf_format.uninstall()
                else:
                    pdf_format.install()
                TTFont.splitString = (usual_split if name == "usual_codes"
                                      else font_codes.split_string)
                start = os.times()
                run_batch(layout, bundle, rows, folder / "rows", jobs=1, deterministic=True)
                end = os.times()
                if round_:
                    cpu = (end.user - start.user) + (end.system - start.system)
                    out[name].append(cpu * 1000 / count)
    finally:
        row_cache.set_enabled(True)
        flow_reuse.set_enabled(True)
        page_replay.set_enabled(True)
        font_codes.install()
        write_cache.install()
        pdf_format.install()
    return out


def libraries_alone() -> str:
    """Python code importing every module a whole `gutskin export` of a4-handout imports
    that is not the project's own (reportlab, msgspec, pyphen and the standard library),
    with the project's import speed-ups in place: the least such an export can take
    before any of its own work. The list is read from a real export, in a child process,
    so it follows the code."""
    probe = ("import sys\n"
             "import gutskin_desktop.cli as cli\n"
             "cli._exit_now = lambda code: None\n"
             f"cli.main(['export', '--layout', 'a4-handout', '--out', {os.devnull!r}])\n"
             "print('MODULES', *sorted(n for n in sys.modules if not n.startswith("
             "('gutskin_desktop', '__editable__', '__main__'))))\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, check=True, stdin=subprocess.DEVNULL)
    names = done.stdout.strip().splitlines()[-1].split()[1:]
    return ("import gutskin_desktop.export.speedups as s\n"
            "import importlib\n"
            f"for name in {names!r}:\n"
            "    try:\n"
            "        importlib.import_module(name)\n"
            "    except ImportError:\n"
            "        pass\n")


def collector_on(out: Path) -> str:
    """Python code running ``gutskin export`` of a4-handout as the command does, but
    with the garbage collector left on (cli._hold_collector's baseline)."""
    return ("import sys\n"
            "import gutskin_desktop.cli as cli\n"
            "cli._hold_collector = lambda: None\n"
            f"sys.argv = ['gutskin', 'export', '--layout', 'a4-handout', '--out', {str(out)!r}]\n"
            "cli.run()\n")


def interleaved(folder: Path, rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    """Whole processes run in turn, round after round (so that the machine's load falls
    on each alike): a bare ``python -c pass``, the libraries an export imports, alone
    (:func:`libraries_alone`), ``gutskin export`` of a4-handout, the same with the
    collector left on (:func:`collector_on`) and, when
    it is installed, Inkscape turning the same page (``peer/page.svg``) into a PDF with no
    display. Each one's wall times and CPU times (user + system), in ms; the CPU time
    is the steadier figure on a busy machine."""
    import os
    import shutil as which

    from peer_page import write_peer_page

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    cmds = {"python -c pass": [sys.executable, "-c", "pass"],
            "libraries alone": [sys.executable, "-c", libraries_alone()],
            "gutskin export": [sys.executable, "-m", "gutskin_desktop.cli", "export",
                               "--layout", "a4-handout", "--out", str(folder / "out.pdf")],
            "collector on": [sys.executable, "-c", collector_on(folder / "out-on.pdf")]}
    inkscape = which.which("inkscape")
    if inkscape:
        cmds["Inkscape"] = [inkscape, str(write_peer_page()), "--export-type=pdf",
                            f"--export-filename={folder / 'inkscape.pdf'}"]
    out: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in cmds}
    for round_ in range(rounds + 1):  # the first round warms caches and is left out
        for name, cmd in cmds.items():
            start = time.perf_counter()
            child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            wall = (time.perf_counter() - start) * 1000
            if os.waitstatus_to_exitcode(status):
                raise RuntimeError(f"{name} failed")
            if round_:
                out[name][0].append(wall)
                out[name][1].append((usage.ru_utime + usage.ru_stime) * 1000)
    return out


def write_rows(path: Path, count: int) -> Path:
    """A CSV of ``count`` patients' details for `gutskin batch`, written to ``path``."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write("patient,clinic,clinician,phone,note\n")
        for n in range(count):
            fh.write(f"Patient {n} Zoë,Riverside Clinic,Dr A. Okafor,0123 456,"
                     "Keep a food diary for two weeks.\n")
    return path


def batch_command(folder: Path) -> list[str]:
    """A `gutskin batch` of 100 handouts from a CSV written into ``folder``."""
    rows = write_rows(folder / "hundred.csv", 100)
    return [sys.executable, "-m", "gutskin_desktop.cli", "batch", "--layout", "a4-handout",
            "--csv", str(rows), "--out-dir", str(folder / "batch")]


def main() -> None:
    if "--json" in sys.argv:
        folder = Path(tempfile.mkdtemp(prefix="gutskin-bench-"))
        figures = in_process(folder)
        rows = batch_rows(folder, 7)
        figures["row_ms"], figures["row_uncached_ms"] = rows["cached"], rows["uncached"]
        figures["row_unkept_ms"], figures["row_usual_codes_ms"] = (rows["unkept"],
                                                                   rows["usual_codes"])
        figures["row_all_drawn_ms"] = rows["all_drawn"]
        figures["row_unwritten_ms"] = rows["unwritten"]
        figures["row_usual_format_ms"] = rows["usual_format"]
        figures["batch_cmd"] = batch_command(folder)
        print(json.dumps(figures))
        return
    folder = Path(tempfile.mkdtemp(prefix="gutskin-bench-"))
    figures = in_process(folder)
    rows = batch_rows(folder, 7)
    bare = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 8)
    cli = [sys.executable, "-m", "gutskin_desktop.cli", "export", "--layout", "a4-handout",
           "--out", str(folder / "out.pdf")]
    whole = timed(lambda: subprocess.run(cli, check=True, capture_output=True, cwd=ROOT), 8)
    turns = interleaved(folder, IN_TURN_ROUNDS)
    batch = batch_command(folder)
    hundred = timed(lambda: subprocess.run(batch, check=True, capture_output=True, cwd=ROOT),
                    3)

    print("gutskin export speed and size (this machine)")
    row("A4 handout in process, warm", figures["plain_ms"])
    row("A4 handout with QR code in process, warm", figures["qr_ms"], figures["naive_qr_ms"])
    print(f"{'  baseline: reportlab QR widget, one code':<46} median "
          f"{statistics.median(figures['naive_qr_ms']):8.1f} ms")
    row("batch row of a4-handout in process, CPU", rows["cached"], rows["uncached"])
    row("  baseline: without the paragraph cache", rows["uncached"])
    row("  baseline: without the kept fills", rows["unkept"])
    row("  baseline: without the one-step font codes", rows["usual_codes"])
    row("  baseline: without pages played back", rows["all_drawn"])
    row("  baseline: without the write cache", rows["unwritten"])
    row("  baseline: without the quick PDF formatting", rows["usual_format"])
    row("whole `gutskin export` process", whole, bare)
    print(f"{'  baseline: python -c pass':<46} median {statistics.median(bare):8.1f} ms")
    print(f"whole processes in turn, {IN_TURN_ROUNDS} rounds (goal: `gutskin export` <= 0.6x "
          "Inkscape):")
    peer = turns.get("Inkscape")
    for name, (walls, cpus) in turns.items():
        row(f"  {name}, wall", walls, peer[0] if peer and name != "Inkscape" else None)
        row(f"  {name}, CPU", cpus, peer[1] if peer and name != "Inkscape" else None)
    if not peer:
        print("  (Inkscape is not installed: Debian package `inkscape`)")
    row("batch of 100 A4 handouts, whole command", hundred, whole)
    print(f"{'A4 handout file size':<46} {figures['size_kb']:8.1f} KB   (goal: 150 KB or less)")
    print(f"{'A4 handout with QR file size':<46} {figures['size_qr_kb']:8.1f} KB")
    print("Peers (Inkscape, Scribus) and the whole table: run_all.py")
    shutil.rmtree(folder, ignore_errors=True)

if __name__ == "__main__":
    main()
