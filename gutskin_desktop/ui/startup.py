"""Work that the main window's first paint does not need, done just after it.

The one place where start-up work is put off (``benchmarks/first_paint.py``, the row
"first paint of the main window" of ``benchmarks/run_all.py``, justifies each item).
:func:`after_first_paint` runs a callable once a widget has painted for the first time
(on the next turn of the event loop, so the paint itself is finished and on screen).

What waits for it, and why:

- the wheel guard (:mod:`.wheel`): an application-wide event filter written in Python.
  Every event of every object then passes through Python, and the first events of Qt's
  internal objects make PySide build their wrappers and the Python enums of the Qt types
  it meets (about 170 enums on the way to the first paint). Installed after the
  paint, it still takes the wheel out of every field already polished (``install`` walks
  them), before the person can reach one.
- the app's icon (``app._settle_in``): making a ``QIcon`` builds its Python type with
  151 theme-icon enums, and setting it loads Qt's SVG icon plugin, about 4 ms. The
  desktop shows the entry's icon meanwhile (the app names its desktop entry at once).

Made on first use instead (each marked "start-up speed" where it is imported), since the
first paint shows none of them: Arrange mode's panel and gestures
(``MainWindow.arrange_panel``), the window that says a file could not be loaded, the
crash report's message box, and the clinic profile's and the layouts' models (only
``gutskin check`` and the windows that edit them load those). Each was measured with the
row above: together with the wheel guard, the main window's first paint went from 0.304 s
to 0.269 s (2.52x to 2.23x the empty window; CPU time 0.299 s to 0.258 s), medians of 9
interleaved runs.

Imported on first use (each marked "start-up speed" where it is imported), since the first
paint needs none of them: the presenter's views and slide pages (when presenting starts),
the message boxes (the crash report's too: PySide makes a Qt class's Python type, with
its enums, when a module first names it), the presenter's clock and saved splitter
state, the designer picker's ``QImage``, the scene's hover and mouse event types (named
in annotations only), ``signal`` (when a file is first written) and ``hashlib``
(OpenSSL's set-up, when a file is first hashed). PySide also builds a class's enums when
it weighs a call's overloads against that class, or first meets an object of an unknown
subclass: so the main window's actions are made as ``QAction(self)`` and then given
their text (``QAction(text, self)`` weighs the icon constructor), the edges are filled
with their colour rather than ``QBrush(colour)`` (which weighs the gradients), and the
diagram view makes its own viewport (see :mod:`.diagram_view`).
``tests/ui/test_feature_scan.py`` follows the start to the first paint and checks that
no enum type of these classes is built. The wheel guard's module
is imported when the guard is installed. ``tests/ui/test_feature_scan.py`` checks that the
first paint imports none of these modules.

A window that is never shown never paints; whatever waits on it is then not needed.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

_PAINT = QEvent.Type.Paint


class _FirstPaint(QObject):
    """Watches one widget for its first paint, then runs the callables once."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.waiting: list[Callable[[], object]] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == _PAINT:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self._run)  # once this paint is done
        return False

    def _run(self) -> None:
        waiting, self.waiting = self.waiting, []
        for job in waiting:
            job()
        self.deleteLater()


def after_first_paint(widget: QWidget, job: Callable[[], object]) -> None:
    """Run ``job`` once ``widget`` has painted for the first time (at once when it has
    been painted already: it is visible)."""
    if widget.isVisible():
        job()
        return
    _FirstPaint(widget).waiting.append(job)
