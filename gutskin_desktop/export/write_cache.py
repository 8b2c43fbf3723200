"""What writing a PDF makes again and again, made once: compressed streams and font
subsets, kept in this one place.

Once a batch's pages are played back (:mod:`.page_replay`), writing each row's PDF is
most of what is left, and most of that is work done before: four of the five pages'
content streams are the same bytes in every row and are compressed again, and each
font's subset (the letters the document uses, as a small TrueType font) is built again
for the same letters. In a profile of 40 rows of ``a4-handout`` compressing was a tenth
of the time and building subsets a twentieth.

Both are pure: the same bytes always compress to the same bytes (one zlib, one level),
and the same face and letters always make the same subset. So:

- reportlab's PDF writer (``reportlab.pdfbase.pdfdoc``) is given a stand-in for its
  ``zlib`` module whose ``compress`` keeps the last results by their input (up to
  :data:`MAX_STREAM_BYTES` of input, streams of at least :data:`MIN_STREAM_BYTES`);
  everything else is zlib's own;
- ``TTFontFace.makeSubset`` keeps the last :data:`MAX_SUBSETS` subsets by face and
  letters (reportlab's is kept as ``__wrapped__``).

The PDFs are the same bytes (``tests/export/test_write_cache.py``, and every shipped
layout). The benchmark rows "batch row of a4-handout in process, CPU" and "batch of 1,000
A4 handouts" (``benchmarks/run_all.py``) justify it: see docs/performance.md, "Speed tricks".
"""
from __future__ import annotations

import _thread
import zlib
from collections import OrderedDict
from types import ModuleType
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFontFace

#: Streams shorter than this are compressed each time (cheaper than keeping them).
MIN_STREAM_BYTES = 2048
#: How much input the kept compressed streams may come from, in all.
MAX_STREAM_BYTES = 8 * 1024 * 1024
#: How many font subsets are kept.
MAX_SUBSETS = 64

_lock = _thread.allocate_lock()
_streams: OrderedDict[bytes, bytes] = OrderedDict()
_stream_bytes = 0
_subsets: OrderedDict[tuple[Any, tuple[int, ...]], bytes] = OrderedDict()


def compress(data: Any, *args: Any, **kwargs: Any) -> bytes:
    """``zlib.compress``, the last results kept by their input."""
    global _stream_bytes
    if args or kwargs or type(data) is not bytes or len(data) < MIN_STREAM_BYTES:
        return zlib.compress(data, *args, **kwargs)
    with _lock:
        kept = _streams.get(data)
        if kept is not None:
            _streams.move_to_end(data)
            return kept
    made = zlib.compress(data)
    with _lock:
        if data not in _streams:
            _streams[data] = made
            _stream_bytes += len(data)
            while _stream_bytes > MAX_STREAM_BYTES:
                old, _ = _streams.popitem(last=False)
                _stream_bytes -= len(old)
    return made


class _Zlib(ModuleType):
    """zlib, but with :func:`compress` keeping its results."""

    compress = staticmethod(compress)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


_usual_subset: Any = getattr(TTFontFace.makeSubset, "__wrapped__", TTFontFace.makeSubset)


def make_subset(face: Any, subset: Any) -> bytes:
    """``TTFontFace.makeSubset``: the subset font of these letters, kept."""
    key = (face, tuple(subset))
    with _lock:
        kept = _subsets.get(key)
        if kept is not None:
            _subsets.move_to_end(key)
            return kept
    made: bytes = _usual_subset(face, subset)
    with _lock:
        _subsets[key] = made
        while len(_subsets) > MAX_SUBSETS:
            _subsets.popitem(last=False)
    return made


make_subset.__wrapped__ = _usual_subset  # type: ignore[attr-defined]


def install() -> None:
    """Put both in place (once)."""
    if not isinstance(pdfdoc.zlib, _Zlib):
        pdfdoc.zlib = _Zlib("zlib")
    TTFontFace.makeSubset = make_subset


def clear() -> None:
    """Forget what is kept."""
    global _stream_bytes
    with _lock:
        _streams.clear()
        _subsets.clear()
        _stream_bytes = 0
