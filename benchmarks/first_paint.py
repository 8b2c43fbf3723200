"""Process start to the first painted main window, and the app's peak memory.

Run in a fresh process: prints JSON with the seconds from interpreter start to the end
of the first paint of the main window (``first_paint_s``), the process's CPU time to then
(``cpu_s``, user and system: steadier than the wall time when the machine is busy), and
the peak resident memory in MB after the event loop's next turn (what the app puts off
until just after its first paint is counted there). With
``--bare``, the same for an empty Qt main window holding an empty graphics view: the
least any PySide6 app of this shape costs (the baseline).
"""
from __future__ import annotations

import contextlib
import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def app_libraries() -> list[str]:
    """The modules the app imports on the way to its first paint that are not the
    project's own, read from a child process that builds the main window."""
    import subprocess

    probe = ("import sys\n"
             "from PySide6.QtWidgets import QApplication\n"
             "app = QApplication([])\n"
             "from gutskin_desktop.app import build_window\n"
             "window = build_window()\n"
             "print('MODULES', *sorted(n for n in sys.modules if not n.startswith("
             "('gutskin_desktop', '__editable__', '__main__'))))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, stdin=subprocess.DEVNULL,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    return done.stdout.strip().splitlines()[-1].split()[1:]


def main() -> None:
    # --libraries: the names come from the parent (app_libraries), so that finding them
    # is not timed
    names = (os.environ.get("GUTSKIN_BENCH_LIBRARIES", "").split()
             if "--libraries" in sys.argv else [])
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    if names:
        import importlib

        from PySide6.QtCore import Qt  # noqa: F401  (the namespace: 93 enum types)

        for name in names:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
    if "--bare" in sys.argv or names:
        from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QMainWindow

        window = QMainWindow()
        window.view = QGraphicsView(QGraphicsScene(window))  # type: ignore[attr-defined]
        window.setCentralWidget(window.view)  # type: ignore[attr-defined]
        window.resize(1280, 800)
    else:
        from gutskin_desktop.app import build_window

        window = build_window()
    painted: list[float] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.time())
            return False

    watch = Watch()
    window.view.viewport().installEventFilter(watch)
    window.show()
    while not painted:
        app.processEvents()
    done = time.time()  # the paint event has been handled: the window is on screen
    # the process's own CPU time to the paint: steadier than the wall time on a busy machine
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    app.processEvents()  # what the app does just after its first paint (the peak memory)
    started = float(os.environ.get("GUTSKIN_BENCH_START", "0")) or painted[0]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"first_paint_s": done - started, "cpu_s": cpu, "peak_mb": peak}))


if __name__ == "__main__":
    main()
