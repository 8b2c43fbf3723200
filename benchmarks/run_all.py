"""All the figures in one table: each measured over repeated runs, with its goal.

Run: .venv/bin/python benchmarks/run_all.py
Every figure runs in fresh processes where start-up or memory matters. Ratios are against
baselines measured in the same run (a bare interpreter start; Inkscape when installed).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable


def run_json(script: str, *args: str) -> dict[str, float]:
    env = dict(os.environ, GUTSKIN_BENCH_START=f"{time.time():.6f}",
               QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([PY, str(HERE / script), *args], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def wall(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        out.append(time.perf_counter() - start)
    return out


def row(name: str, values: list[float], unit: str, goal: str, base: float | None = None,
        scale: float = 1.0) -> None:
    shown = [v * scale for v in values]
    ratio = f"{statistics.median(values) / base:6.2f}x" if base else "      -"
    print(f"{name:<44} {statistics.median(shown):9.1f} {unit:<3} "
          f"[{min(shown):8.1f} - {max(shown):8.1f}]  {ratio}   goal {goal}")


def main() -> None:
    bare = wall([PY, "-c", "pass"], 5)
    base = statistics.median(bare)
    print(f"{'figure':<44} {'median':>9}     {'range':^21}  {'ratio':>7}   goal")
    row("baseline: python -c pass", bare, "ms", "-", scale=1000)
    paints = [run_json("first_paint.py") for _ in range(5)]
    row("first paint of the main window", [p["first_paint_s"] for p in paints], "s",
        "< 0.6 s", base)
    row("peak memory, shipped diagram", [p["peak_mb"] for p in paints], "MB", "< 150 MB")
    out = Path("/tmp") / "gutskin-bench.pdf"
    export = wall([PY, "-m", "gutskin_desktop.cli", "export", "--layout", "a4-handout",
                   "--out", str(out)], 5)
    row("whole `gutskin export` of a4-handout", export, "s", "<= Inkscape", base)
    for count in (100, 1000, 10000):
        runs = [run_json("big_diagram.py", str(count)) for _ in range(2 if count > 1000 else 3)]
        row(f"{count} nodes: build", [r["build_s"] for r in runs], "s",
            "< 0.5 s" if count == 10000 else "-")
        row(f"{count} nodes: zoomed-out frame", [r["paint_ms"] for r in runs], "ms",
            "< 50 ms" if count == 10000 else "-")
        row(f"{count} nodes: drag step", [r["drag_ms"] for r in runs], "ms",
            "< 4 ms" if count == 10000 else "-")
        row(f"{count} nodes: peak memory", [r["peak_mb"] for r in runs], "MB", "-")
    print()
    print("In-process export, batch of 100 and the designer: see export_speed.py and "
          "designer_responsiveness.py (run below).")
    subprocess.run([PY, str(HERE / "export_speed.py")], cwd=ROOT, check=True)
    subprocess.run([PY, str(HERE / "designer_responsiveness.py")], cwd=ROOT, check=True,
                   env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


if __name__ == "__main__":
    main()
