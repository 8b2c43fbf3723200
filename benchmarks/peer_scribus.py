"""Scribus as a peer: a whole Scribus process setting the handout's first page as a PDF.

The benchmark table puts a whole `gutskin export` beside a desktop-publishing tool doing
the same job. This script takes the page ``peer_page.py`` extracts from the A4 handout
(``benchmarks/peer/page.json``: every text run and drawn shape, in points from the top-left)
and writes a Scribus Python script that rebuilds it from native Scribus objects: each text
run becomes a one-line text frame in DejaVu Sans (the metric twin of the handout's Bitstream
Vera) at the same size, weight, colour and baseline; each shape becomes a polygon, polyline
or Bezier line with the same fill, stroke and width. The script then exports the page as a
PDF with its fonts embedded. Each run is timed as a whole `scribus -g -py` process (start-up,
building the page, PDF export with subset fonts as `gutskin export` writes them, exit), with
the peak resident memory of that process.

Scribus needs an X display even without its GUI: the current $DISPLAY is used, or, when
there is none, a private Xvfb started for the runs and stopped afterwards.

Run: .venv/bin/python benchmarks/peer_scribus.py
(prints {"scribus_s": [seconds per run], "peak_mb": MB} as the last line, or {} when
Scribus or an X server is not available)
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
FAMILY = "DejaVu Sans"
FACES = {(False, False): "Book", (True, False): "Bold", (False, True): "Oblique",
         (True, True): "Bold Oblique"}
# Scribus places a frame's first baseline one font ascent below the frame's top edge
# (FLOP_FONTASCENT); DejaVu Sans's ascent is 1901/2048 em.
ASCENT = 1901 / 2048
TIMEOUT_S = 120.0

Point = tuple[float, float]

SCRIPT_HEAD = '''\
import scribus


def text(x, top, width, height, font, size, colour, words):
    frame = scribus.createText(x, top, width, height)
    scribus.setTextDistances(0, 0, 0, 0, frame)
    scribus.setColumns(1, frame)
    scribus.setFirstLineOffset(scribus.FLOP_FONTASCENT, frame)
    scribus.setFillColor("None", frame)
    scribus.setLineColor("None", frame)
    scribus.setText(words, frame)
    scribus.setFont(font, frame)
    scribus.setFontSize(size, frame)
    scribus.setTextColor(colour, frame)


def shape(create, points, fill, stroke, width, dashed=False):
    item = create(points)
    scribus.setFillColor(fill, item)
    scribus.setLineColor(stroke, item)
    scribus.setLineWidth(width, item)
    scribus.setLineJoin(scribus.JOIN_MITTER, item)
    scribus.setLineCap(scribus.CAP_FLAT, item)
    if dashed:
        scribus.setLineStyle(scribus.LINE_DASH, item)


polygon, polyline, bezier = (scribus.createPolygon, scribus.createPolyLine,
                             scribus.createBezierLine)
'''


def _subpaths(d: str) -> Iterator[tuple[list[tuple[str, list[Point]]], bool]]:
    """Split absolute M/L/C/Z path data into (segments, closed) per subpath.

    Each subpath's segments start with ("M", [p]) followed by ("L", [p]) or
    ("C", [c1, c2, p]).
    """
    tokens = re.findall(r"[MLCZ]|-?\d*\.?\d+(?:[eE][-+]?\d+)?", d)
    segments: list[tuple[str, list[Point]]] = []
    command, i = "", 0
    while i < len(tokens):
        token = tokens[i]
        if token in "MLCZ":
            command, i = token, i + 1
            if command == "Z":
                if segments:
                    yield segments, True
                segments = []
                continue
            if command == "M" and segments:
                yield segments, False
                segments = []
        count = 3 if command == "C" else 1
        values = [float(v) for v in tokens[i:i + 2 * count]]
        i += 2 * count
        points = [(values[k], values[k + 1]) for k in range(0, 2 * count, 2)]
        segments.append((command if segments else "M", points))
        if command == "M":
            command = "L"  # implicit lineto after a moveto's first pair
    if segments:
        yield segments, False


def _bezier_nodes(segments: list[tuple[str, list[Point]]], closed: bool) -> list[float]:
    """The flat list createBezierLine takes: six values per node.

    Scribus 1.5 reads each node as x, y, then the control point of the curve arriving at
    the node, then the control point of the curve leaving it; for the first node the
    first pair is the leaving control and the second is ignored.
    """
    start = segments[0][1][0]
    nodes: list[list[Point]] = [[start, start, start]]  # point, arriving, leaving
    for kind, points in segments[1:]:
        end = points[-1]
        if kind == "C":
            nodes[-1][2] = points[0]
            nodes.append([end, points[1], end])
        else:
            nodes.append([end, end, end])
    if closed and nodes[-1][0] != start:
        nodes.append([start, start, start])
    flat: list[float] = []
    for index, (point, arriving, leaving) in enumerate(nodes):
        first, second = (leaving, point) if index == 0 else (arriving, leaving)
        flat += [*point, *first, *second]
    return flat


def _shape_calls(part: dict, colours: dict[str, str]) -> list[str]:
    fill = colours[part["fill"]] if part["fill"] else "None"
    stroke = colours[part["stroke"]] if part["stroke"] else "None"
    width = round(min(max(part["width"], 0.0), 12.0), 3)
    calls = []
    for segments, closed in _subpaths(part["d"]):
        if any(kind == "C" for kind, _ in segments):
            create, values = "bezier", _bezier_nodes(segments, closed)
        else:
            points = [p for _, pts in segments for p in pts]
            if closed and len(points) > 1 and points[-1] == points[0]:
                points.pop()
            if closed and len(points) >= 3:
                create = "polygon"
            elif len(points) >= 2:
                create = "polyline"
            else:
                continue
            values = [v for p in points for v in p]
        coords = "[" + ", ".join(f"{v:.2f}" for v in values) + "]"
        dashed = bool(part.get("dash")) and part["stroke"] is not None
        calls.append(f"shape({create}, {coords}, {fill!r}, {stroke!r}, {width!r}, {dashed!r})")
    return calls


def _text_call(part: dict, colours: dict[str, str]) -> str:
    size = part["size"]
    font = f"{FAMILY} {FACES[(bool(part['bold']), bool(part['italic']))]}"
    # Generous: wider than any DejaVu Sans line of this many characters, so it never wraps.
    width = size * (0.9 * len(part["text"]) + 2)
    top = part["y"] - ASCENT * size
    return (f"text({part['x']:.3f}, {top:.3f}, {width:.2f}, {2 * size:.2f}, {font!r}, "
            f"{size:.3f}, {colours[part['fill']]!r}, {part['text']!r})")


def scribus_script(parts: dict, pdf_out: Path) -> str:
    """A Scribus Python script that rebuilds the page in `parts` and exports it to pdf_out.

    `parts` is page.json from peer_page.py: the page size and its text runs and shapes in
    drawing order, in points from the top-left. Run it with `scribus -g -ns -py SCRIPT`.
    """
    hexes = sorted({p[key] for p in parts["parts"] for key in ("fill", "stroke")
                    if p.get(key)})
    colours = {h: f"gutskin{h[1:].lower()}" for h in hexes}
    document = (f"scribus.newDocument(({parts['width']:.4f}, {parts['height']:.4f}), "
                "(0, 0, 0, 0), scribus.PORTRAIT, 1, scribus.UNIT_POINTS, scribus.PAGE_1, 0, 1)")
    lines = [SCRIPT_HEAD, document, "scribus.setRedraw(False)"]
    for h, name in colours.items():
        r, g, b = (int(h[k:k + 2], 16) for k in (1, 3, 5))
        lines.append(f"scribus.defineColorRGB({name!r}, {r}, {g}, {b})")
    for part in parts["parts"]:
        if part["kind"] == "text":
            lines.append(_text_call(part, colours))
        else:
            lines += _shape_calls(part, colours)
    lines += ["pdf = scribus.PDFfile()",
              f"pdf.file = {str(pdf_out)!r}",
              "pdf.fontEmbedding = 0  # embed the fonts the page uses,",
              "pdf.subsetList = pdf.fonts  # as subsets, like `gutskin export`",
              "pdf.save()",
              "scribus.closeDoc()"]
    return "\n".join(lines) + "\n"


@contextmanager
def x_display() -> Iterator[str | None]:
    """The X display to run Scribus on: $DISPLAY, else a private Xvfb (None if impossible)."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        yield None
        return
    read_end, write_end = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-screen", "0",
                               "1280x1024x24", "-nolisten", "tcp"], pass_fds=(write_end,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()  # empty if the server failed to start
        yield f":{number}" if number else None
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Run cmd to completion: (wall seconds, exit status, peak resident MB of the process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    watchdog = threading.Timer(TIMEOUT_S, proc.kill)
    watchdog.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        watchdog.cancel()
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return elapsed, proc.returncode, usage.ru_maxrss / 1024  # ru_maxrss is in KiB


def time_scribus(runs: int = 3) -> dict:
    """Time `runs` whole Scribus processes exporting the peer page; {} if Scribus can't run.

    Returns {"scribus_s": [seconds per run], "peak_mb": the largest peak resident memory
    of a Scribus process, in MB, "pdf_kb": the size of the PDF it wrote}. Raises
    RuntimeError if a run fails or writes no PDF.
    """
    from peer_page import PEER, write_peer_page

    scribus = shutil.which("scribus")
    if not scribus:
        return {}
    page = PEER / "page.json"
    if not page.exists():
        write_peer_page(PEER)
    parts = json.loads(page.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="gutskin-scribus-") as tmp, \
            x_display() as display:
        if display is None:
            return {}
        folder = Path(tmp)
        pdf = folder / "page.pdf"
        script = folder / "page_scribus.py"
        script.write_text(scribus_script(parts, pdf), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["DISPLAY"] = display
        env.setdefault("XDG_RUNTIME_DIR", tmp)
        seconds, peaks = [], []
        for _ in range(runs):
            pdf.unlink(missing_ok=True)
            elapsed, status, peak = _run_measured(
                [scribus, "-g", "-ns", "-py", str(script)], env)
            if status != 0 or not pdf.exists() or pdf.stat().st_size == 0:
                raise RuntimeError(f"scribus exited with {status} and wrote no PDF")
            seconds.append(elapsed)
            peaks.append(peak)
        size_kb = pdf.stat().st_size / 1024
    return {"scribus_s": seconds, "peak_mb": max(peaks), "pdf_kb": size_kb}


if __name__ == "__main__":
    print(json.dumps(time_scribus()))
