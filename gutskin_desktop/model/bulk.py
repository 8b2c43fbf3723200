"""Making many small objects at once without the cyclic collector's pauses.

Loading a diagram of thousands of nodes and laying it out makes tens of thousands of
objects, none of them garbage. Each time the collector runs it walks every live object,
so a large build spends much of its time in needless collections. :func:`bulk` holds the
collector off for the duration of such a build; reference counting still frees what is
dropped, and the collector resumes afterwards.

A build that leaves very many new objects (a diagram of thousands of nodes and its
window) also freezes them (:func:`gc.freeze`): otherwise the collector would walk all of
them again in its next few runs, pausing the GUI for tens of milliseconds each time.
Frozen objects are still freed by reference counting when they are dropped; the
project's data objects form no reference cycles, so nothing is kept that should go.
:func:`settle` does the same for everything alive once a window is built (after one
collection), so that a full collection never stalls the GUI in the middle of a drag.
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
    """Collect once, then freeze what is alive: for just after a window is built.

    A window's objects (its widgets' wrappers, the loaded data, caches) live as long as
    the window. Frozen, they are left out of every later full collection, which would
    otherwise walk them all and hold every thread up for tens of milliseconds, for
    instance in the middle of a drag while the designer's preview renders. Garbage is
    collected first so that no unreachable cycle is frozen."""
    gc.collect()
    gc.freeze()
