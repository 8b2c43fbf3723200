"""The app's one say over Python's cyclic garbage collector, used only where measured.

This module and the ``gutskin`` command's start (``cli._hold_collector``, which holds
the collector off from the command's first line: a one-shot job never turns it back on,
the app does here, in :func:`settle`) are the only code that touches :mod:`gc`; the
model and the exporter never do (a library should not change a process-wide setting).
The app uses it in two places:

- :func:`bulk` holds the collector off while a window or a big diagram's items are built:
  tens of thousands of objects, none of them garbage, which the collector would otherwise
  walk again and again. ``benchmarks/big_diagram.py 10000`` builds in 0.29 s with it and
  0.33 s without (about 13% of the build). A build that leaves very many new objects is
  also frozen (:func:`gc.freeze`), so the collector's next runs do not walk it all again.
- :func:`settle` collects once and freezes what is alive, just after the window is first
  painted, so that a later full collection never stalls the GUI in the middle of a drag.

Reference counting still frees whatever is dropped, frozen or not; the data objects form
no reference cycles, so nothing is kept that should go.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

FREEZE_AT = 50_000  # new objects a build leaves before they are frozen


@contextmanager
def bulk() -> Iterator[None]:
    """Hold off cyclic garbage collection while the block runs (nesting is fine); freeze
    what a very large build leaves behind."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] > FREEZE_AT:
                gc.freeze()
            gc.enable()


def settle() -> None:
    """Collect once, freeze what is alive, and leave the collector on: for just after a
    window is built (``gutskin`` holds it off until then, for a faster start).

    A window's objects (its widgets' wrappers, the loaded data, caches) live as long as
    the window. Frozen, they are left out of every later full collection, which would
    otherwise walk them all and hold every thread up for tens of milliseconds, for
    instance in the middle of a drag while the designer's preview renders. Garbage is
    collected first so that no unreachable cycle is frozen."""
    gc.collect()
    gc.freeze()
    gc.enable()  # the `gutskin` command holds it off from its start to here
