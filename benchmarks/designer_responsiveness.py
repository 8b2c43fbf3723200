"""Designer responsiveness: GUI stalls while dragging, and preview latency after an edit.

Drives the designer offscreen: drags a block for about two seconds with a mouse move
every 16 ms while the preview re-renders in its worker thread, and measures the longest
gaps in the GUI thread's event loop (a 2 ms timer's lateness). Then makes single edits and
times how long until the preview shows them, the event loop waiting for events as the
app's does (a loop spinning on ``processEvents()`` would take the worker thread's time).
The baseline is the same render and rasterisation done synchronously in this process.

Run: .venv/bin/python benchmarks/designer_responsiveness.py [--json]
(``--json`` prints the figures as one line of JSON, for run_all.py.)
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QPoint, QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


class StallMeter:
    """Records how late a 2 ms repeating timer fires: the GUI thread's stalls."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.gaps: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0

    def start(self) -> None:
        self.gaps.clear()
        self.clock.start()
        self.last = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.gaps.append(now - self.last)
        self.last = now

    def stop(self) -> list[float]:
        self.timer.stop()
        return self.gaps


def main() -> None:
    app = QApplication([])
    from gutskin_desktop.app import build_window
    from gutskin_desktop.export.render import ExportOptions, render
    from gutskin_desktop.ui.pdfimage import page_images

    main_window = build_window()  # the designer opened as the app opens it
    bundle = main_window.bundle
    win = main_window.open_designer("a4-handout")
    win.resize(1280, 900)
    win.show()
    while win.last_preview is None:
        app.processEvents()

    dpi = win.view.pixels_per_mm() * 25.4
    baseline = []
    for _ in range(10):
        t = time.perf_counter()
        page_images(render(win.document.layout, bundle, ExportOptions()).pdf, dpi, [0])
        baseline.append((time.perf_counter() - t) * 1000)

    meter = StallMeter()
    meter.start()  # the baseline: the same timer's gaps with the designer idle
    QTest.qWait(600)
    idle = list(meter.stop())
    port = win.view.viewport()
    b = win.document.layout.block("title")
    start = win.view.mapFromScene(QPointF(b.x_mm + b.w_mm / 2, b.y_mm + b.h_mm / 2))
    meter.start()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(120):
        QTest.mouseMove(port, start + QPoint(step % 40, step % 25))
        QTest.qWait(16)
        if step % 10 == 0:  # a release every 10 moves: an edit that re-renders the preview
            QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                               start + QPoint(step % 40, step % 25))
            QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             start + QPoint(step % 40, step % 25))
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    gaps = meter.stop()

    latencies = []
    for n in range(12):
        win.view.select(["title"])
        generation = win.preview.generation
        t = time.perf_counter()
        size = win.panel.font_size.value()  # a real change every time: up, down, up...
        win.panel.font_size.setValue(size + (0.5 if n % 2 == 0 else -0.5))
        while not (win.last_preview and win.last_preview.generation > generation):
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        latencies.append((time.perf_counter() - t) * 1000)

    win.document.undo_stack.setClean()
    win.close()
    if "--json" in sys.argv:
        import json

        print(json.dumps({"inline_ms": baseline, "latency_ms": latencies, "gaps_ms": gaps,
                          "idle_gaps_ms": idle}))
        return

    def row(name: str, values: list[float], base: float | None = None) -> None:
        ratio = f"{statistics.median(values) / base:6.2f}x" if base else "      -"
        print(f"{name:<38} median {statistics.median(values):7.1f} ms   "
              f"range {min(values):6.1f}-{max(values):6.1f} ms   vs baseline {ratio}")

    print("gutskin designer responsiveness (offscreen Qt, this machine)")
    row("baseline: render + rasterise, in line", baseline)
    row("preview latency after an edit", latencies, statistics.median(baseline))
    row("GUI event-loop gap while idle", idle)
    row("GUI event-loop gap while dragging", gaps, statistics.median(idle))
    print(f"{'longest GUI stall while dragging':<38} {max(gaps):7.1f} ms   (goal: under 50 ms)")
    print(f"{'slowest preview after an edit':<38} {max(latencies):7.1f} ms   (goal: under 300 ms)")


if __name__ == "__main__":
    main()
