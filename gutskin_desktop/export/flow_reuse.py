"""Text flowed once and placed again: the fills kept between exports, in this one place.

A batch exports the same layout for every row, and only the details differ; the
designer's preview exports the layout again after every edit, usually to one block; the
handout panel exports it again after every keystroke in a detail. Each export used to
flow every text block from its first paragraph (wrapping, splitting and keeping headings
with what follows), which was about two fifths of an export.

The last fill of each text block (by the layout's name and the block's id, for the
last :data:`MAX_BLOCKS` blocks) is kept once the export that made it has drawn its pages.
The next export of a block with that key takes it (:func:`take`) and hands it to
:func:`.flow.fill`, which goes on from the last point where the new flowables still match
the kept ones (by :func:`.flow.signature`: class, markup, every style value and the values
set since) and the regions offered up to there are the same, and places the matching ones
as they were placed before. Everything after that point, and every block whose first
flowable or first region changed, is flowed as usual. The outcome, and the PDF, are the
same byte for byte (``tests/export/test_flow_reuse.py``).

A fill is taken out while an export uses it and kept again only after that export has
drawn its pages: its placed flowables are drawn again, and a flowable is not safe to draw
in two threads at once (reportlab hangs the canvas on it while it draws), so two exports
running at once (a preview and a print, in the app's thread pool) never share one.

The benchmark rows "batch row of a4-handout in process, CPU", "designer: preview shown
after an edit" and "handout panel: preview after a keystroke" (``benchmarks/run_all.py``)
justify it: see docs/performance.md, "Speed tricks".
"""
from __future__ import annotations

import _thread
from collections import OrderedDict

from .flow import Filled

#: How many blocks' fills each thread keeps (a layout has a handful of text blocks).
MAX_BLOCKS = 32

_kept: OrderedDict[tuple[str, str], Filled] = OrderedDict()
_lock = _thread.allocate_lock()
_enabled = True


def take(layout: str, block_id: str) -> Filled | None:
    """The last fill kept of this block of this layout, taken out (None when there is
    none, or when keeping fills is off)."""
    if not _enabled:
        return None
    with _lock:
        return _kept.pop((layout, block_id), None)


def keep(layout: str, block_id: str, filled: Filled) -> None:
    """Keep a block's fill, once its export has drawn it, for the next export."""
    if not _enabled:
        return
    with _lock:
        _kept[(layout, block_id)] = filled
        while len(_kept) > MAX_BLOCKS:
            _kept.popitem(last=False)


def clear() -> None:
    """Forget every fill kept."""
    with _lock:
        _kept.clear()


def set_enabled(on: bool) -> bool:
    """Keep fills (True) or flow every block from its start (False, for the benchmark's
    baseline); returns the setting before. Forgets the fills kept."""
    global _enabled
    before, _enabled = _enabled, on
    clear()
    return before
