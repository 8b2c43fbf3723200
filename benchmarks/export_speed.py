"""Export speed and size: in-process handouts (warm), whole `gutskin export` processes.

Prints each figure's median and range over repeated runs. Baselines measured in the same
run: a bare `python -c pass` process (the interpreter's own start-up), reportlab's QR
widget drawing the same code the naive way, and Inkscape converting an equivalent
one-page SVG to PDF when Inkscape is installed.

Run: .venv/bin/python benchmarks/export_speed.py
"""
from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QR_URL = "https://example.org/gut-skin-axis/handout"


def timed(fn, runs: int) -> list[float]:  # noqa: ANN001
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
    data = json.loads((ROOT / "layouts" / "a4-handout.json").read_text())
    data["name"] = "a4-handout-qr"
    data["blocks"].append({"id": "qr", "type": "qr", "page": 2, "x_mm": 160, "y_mm": 14,
                           "w_mm": 35, "h_mm": 40, "url": QR_URL, "style": {"font_size": 6}})
    data["blocks"][2]["flow"][0]["w_mm"] = 140
    path = folder / "a4-handout-qr.json"
    path.write_text(json.dumps(data))
    return path


def naive_qr_page() -> None:
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas
    import io

    canvas = Canvas(io.BytesIO())
    widget = QrCodeWidget(QR_URL)
    drawing = Drawing(100, 100)
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, 400, 600)
    canvas.save()


def main() -> None:
    from gutskin_desktop.export.render import ExportOptions, render
    from gutskin_desktop.model.bundle import load_bundle
    from gutskin_desktop.model.layout import load_layout
    from gutskin_desktop.model.layouts import open_layout

    folder = Path(tempfile.mkdtemp(prefix="gutskin-bench-"))
    bundle = load_bundle()
    plain = open_layout("a4-handout", bundle.content)
    with_qr = load_layout(handout_with_qr(folder), bundle.content)
    render(with_qr, bundle)  # warm: fonts registered, QR encoded
    in_process = timed(lambda: render(plain, bundle, ExportOptions()), 30)
    in_process_qr = timed(lambda: render(with_qr, bundle, ExportOptions()), 30)
    naive = timed(naive_qr_page, 10)
    size = len(render(plain, bundle).pdf) / 1024
    size_qr = len(render(with_qr, bundle).pdf) / 1024

    python = [sys.executable, "-c", "pass"]
    bare = timed(lambda: subprocess.run(python, check=True), 8)
    cli = [sys.executable, "-m", "gutskin_desktop.cli", "export", "--layout", "a4-handout",
           "--out", str(folder / "out.pdf")]
    whole = timed(lambda: subprocess.run(cli, check=True, capture_output=True, cwd=ROOT), 8)

    rows = folder / "hundred.csv"
    with rows.open("w", encoding="utf-8") as fh:
        fh.write("patient,clinic,clinician,phone,note\n")
        for n in range(100):
            fh.write(f"Patient {n} Zoë,Riverside Clinic,Dr A. Okafor,0123 456,"
                     "Keep a food diary for two weeks.\n")
    batch = [sys.executable, "-m", "gutskin_desktop.cli", "batch", "--layout", "a4-handout",
             "--csv", str(rows), "--out-dir", str(folder / "batch")]
    hundred = timed(lambda: subprocess.run(batch, check=True, capture_output=True, cwd=ROOT),
                    3)

    print("gutskin export speed and size (this machine)")
    row("A4 handout in process, warm", in_process)
    row("A4 handout with QR code in process, warm", in_process_qr, naive)
    print(f"{'  baseline: reportlab QR widget, one code':<46} median "
          f"{statistics.median(naive):8.1f} ms")
    row("whole `gutskin export` process", whole, bare)
    print(f"{'  baseline: python -c pass':<46} median {statistics.median(bare):8.1f} ms")
    row("batch of 100 A4 handouts, whole command", hundred, whole)
    print(f"{'goal: batch of 100':<46} {statistics.median(hundred) / 1000:8.2f} s  (5 s or less)")
    inkscape = shutil.which("inkscape")
    if inkscape:
        from gutskin_desktop.export.image import diagram_svg

        peer = ROOT / "benchmarks" / "peer"
        peer.mkdir(exist_ok=True)
        (peer / "page.svg").write_bytes(diagram_svg(bundle.diagram))
        ink = [inkscape, str(peer / "page.svg"), "--export-type=pdf",
               f"--export-filename={folder / 'ink.pdf'}"]
        row("Inkscape SVG to PDF (peer)", timed(lambda: subprocess.run(
            ink, check=True, capture_output=True), 5))
    else:
        print("Inkscape is not installed: the peer comparison was skipped")
    print(f"{'A4 handout file size':<46} {size:8.1f} KB   (goal: 150 KB or less)")
    print(f"{'A4 handout with QR file size':<46} {size_qr:8.1f} KB")
    print(f"{'goal: warm handout with QR':<46} {statistics.median(in_process_qr):8.1f} ms "
          "(40 ms or less)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
