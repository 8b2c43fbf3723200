"""Making many small objects at once without the cyclic collector's pauses.

Loading a diagram of thousands of nodes and laying it out makes tens of thousands of
objects, none of them garbage. Each time the collector runs it walks every live object,
so a large build spends much of its time in needless collections. :func:`bulk` holds the
collector off for the duration of such a build; reference counting still frees what is
dropped, and the collector resumes afterwards.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk() -> Iterator[None]:
    """Hold off cyclic garbage collection while the block runs (nesting is fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
