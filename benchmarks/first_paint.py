"""Process start to the first painted main window, and the app's peak memory.

Run in a fresh process: prints JSON with the seconds from interpreter start to the end
of the first paint of the main window (``first_paint_s``), the process's CPU time to then
(``cpu_s``, user and system: steadier than the wall time when the machine is busy), and
the peak resident memory in MB after the event loop's next turn (what the app puts off
until just after its first paint is counted there). The app starts the way the
``gutskin`` command starts it (``cli.run``: the command line read, the collector held
off, ``run_gui``); only its event loop is replaced by one that stops at the first paint.
``--collector-on`` starts it without holding the collector off (the trick's baseline).
With ``--bare``, the same for an empty Qt main window holding an empty graphics view: the
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
from typing import NoReturn

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def app_libraries() -> list[str]:
    """The modules the app imports on the way to its first paint that are not the
    project's own, read from a child process that builds the main window (after
    importing the command line, as the ``gutskin`` command does)."""
    import subprocess

    probe = ("import sys\n"
             "import gutskin_desktop.cli\n"
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


def the_command() -> None:
    """Start the app as ``gutskin`` does and report its first paint (never returns)."""
    import gutskin_desktop.cli as cli

    if "--collector-on" in sys.argv:
        cli._hold_collector = lambda: None  # the baseline: the collector left on
    sys.argv = ["gutskin"]
    command_run = cli._run

    def run(args: object) -> int:
        # the app's own imports, as cli._run makes them; then its window is watched and
        # its event loop replaced
        from PySide6.QtWidgets import QApplication

        import gutskin_desktop.app as app

        built = app.build_window

        def build_window(*given: object) -> object:
            window = built(*given)
            report_first_paint(window)  # shown by run_gui next
            return window

        app.build_window = build_window
        QApplication.exec = lambda self: wait_for_paint(self)  # type: ignore[method-assign]
        return command_run(args)  # type: ignore[arg-type]

    cli._run = run  # type: ignore[assignment]
    cli.run()


_watched: list = []


def report_first_paint(window: object) -> None:
    """Watch the window's diagram for its first paint (see :func:`wait_for_paint`)."""
    from PySide6.QtCore import QEvent, QObject

    painted: list[float] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.time())
            return False

    watch = Watch()
    window.view.viewport().installEventFilter(watch)  # type: ignore[attr-defined]
    _watched.extend([watch, painted])


def wait_for_paint(app) -> NoReturn:  # type: ignore[no-untyped-def]
    """The event loop, until the watched window's first paint; then the figures."""
    painted = _watched[1]
    while not painted:
        app.processEvents()
    finish(app, painted[0])
    os._exit(0)


def finish(app, painted: float) -> None:  # type: ignore[no-untyped-def]
    """Print the figures, once the paint event has been handled."""
    done = time.time()  # the paint event has been handled: the window is on screen
    # the process's own CPU time to the paint: steadier than the wall time on a busy machine
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    app.processEvents()  # what the app does just after its first paint (the peak memory)
    started = float(os.environ.get("GUTSKIN_BENCH_START", "0")) or painted
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"first_paint_s": done - started, "cpu_s": cpu, "peak_mb": peak}),
          flush=True)


def main() -> None:
    if "--bare" not in sys.argv and "--libraries" not in sys.argv:
        the_command()
        return
    # --libraries: the names come from the parent (app_libraries), so that finding them
    # is not timed
    names = (os.environ.get("GUTSKIN_BENCH_LIBRARIES", "").split()
             if "--libraries" in sys.argv else [])
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    if names:
        import importlib

        from PySide6.QtCore import Qt  # noqa: F401  (the namespace: 93 enum types)

        for name in names:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
    from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QMainWindow

    window = QMainWindow()
    window.view = QGraphicsView(QGraphicsScene(window))  # type: ignore[attr-defined]
    window.setCentralWidget(window.view)  # type: ignore[attr-defined]
    window.resize(1280, 800)
    report_first_paint(window)
    window.show()
    wait_for_paint(app)


if __name__ == "__main__":
    main()
