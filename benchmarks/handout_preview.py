"""Handout panel: how long after a keystroke in a detail field the preview shows it.

Opens the handout panel offscreen as the app opens it, types one letter at a time into
the patient's name and times each until the panel shows the preview made from it. Two
figures per keystroke: from the key to the preview shown (this includes the panel's
120 ms pause, which lets a typist finish a word before anything renders), and from the
render's start (the pause over) to the preview shown: the render, the rasterising of
every page and the hand-over to the GUI thread. The baseline is the same render and
rasterisation done synchronously in this process. The event loop waits for events as
the app's does (it does not spin, which would take the worker thread's time).

Run: .venv/bin/python benchmarks/handout_preview.py [--json]
(``--json`` prints the figures as one line of JSON, for run_all.py.)
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="gutskin-bench-home-")  # settings never reach the real home
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_CACHE_HOME"] = os.path.join(_HOME, "cache")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))



def main() -> None:
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    wait = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    app = QApplication([])
    from gutskin_desktop.app import build_window
    from gutskin_desktop.ui import handout_panel
    from gutskin_desktop.ui.render_jobs import render_pages
    from gutskin_desktop.ui.render_service import CancelToken

    main_window = build_window()
    win = main_window.open_handout()
    panel = win.panel
    while panel.rendered is None:
        app.processEvents(wait)

    baseline = []
    for _ in range(10):
        request = panel.request()
        t = time.perf_counter()
        render_pages(request, handout_panel.PREVIEW_DPI, CancelToken())
        baseline.append((time.perf_counter() - t) * 1000)

    started: list[float] = []
    refresh = panel.refresh

    def timed_refresh() -> None:
        started.append(time.perf_counter())
        refresh()

    panel._debounce.timeout.disconnect(refresh)
    panel._debounce.timeout.connect(timed_refresh)
    field = panel.fields["patient"]
    field.setFocus()
    from_key, from_render = [], []
    for n in range(14):
        shown = panel.rendered
        t = time.perf_counter()
        QTest.keyClick(field, Qt.Key.Key_A if n % 2 == 0 else Qt.Key.Key_Backspace)
        while panel.rendered is shown or panel.preview_pending():
            app.processEvents(wait)
        end = time.perf_counter()
        from_key.append((end - t) * 1000)
        from_render.append((end - started[-1]) * 1000)
    win.close()

    if "--json" in sys.argv:
        import json

        print(json.dumps({"inline_ms": baseline, "from_key_ms": from_key,
                          "from_render_ms": from_render}))
        return

    def row(name: str, values: list[float], base: float | None = None) -> None:
        ratio = f"{statistics.median(values) / base:6.2f}x" if base else "      -"
        print(f"{name:<40} median {statistics.median(values):7.1f} ms   "
              f"range {min(values):6.1f}-{max(values):6.1f} ms   vs baseline {ratio}")

    print("gutskin handout panel preview (offscreen Qt, this machine)")
    row("baseline: render + rasterise, in line", baseline)
    row("preview from the render's start", from_render, statistics.median(baseline))
    row("preview from the keystroke (120 ms pause)", from_key, statistics.median(baseline))


if __name__ == "__main__":
    main()
