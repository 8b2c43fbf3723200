"""reportlab's PDF writer, the same bytes by a shorter way for the commonest values.

When a canvas is saved, reportlab's ``pdfdoc`` turns every object of the document into
bytes through one module-level function, ``format``, called for each dictionary key and
value and each array element (about 1,600 calls for a five-page handout). For a number,
a name or a plain string it tries the object types first and then encodes through
reportlab's ``extpdfdoc`` codec, a Python-level charmap codec; and ``PDFName`` rebuilds
each name letter by letter. In a profile of a warm a4-handout render, writing the PDF
was about a third of the time, and these calls most of that.

Here, in this one place:

- ``format`` returns bytes as they are, and formats ``int`` and ``float`` values with
  the same ``fp_str`` reportlab uses (its output is ASCII digits, ``-`` and ``.``, which
  the codec maps to themselves); anything else goes to reportlab's own ``format``;
- ``pdfdocEnc`` encodes an ASCII string as ASCII when it has none of the control
  letters U+0018 to U+001F: ``extpdfdoc`` maps every other ASCII letter to its own code
  (those eight it refuses); any other string goes through the codec as before. Page
  content streams, ASCII with line breaks, are the longest such strings: about 2 ms of a
  preview's render went through the codec;
- ``PDFName`` keeps the names it made (a pure function of the string; at most
  :data:`MAX_NAMES`).

Exact types are checked (``type(x) is int``), so subclasses (``bool``, reportlab's own
objects) take reportlab's path. The PDFs are the same bytes
(``tests/export/test_pdf_format.py`` compares every value kind and every shipped layout
against reportlab's path). The benchmark row "batch row ..., without the quick PDF
formatting" (``benchmarks/run_all.py``) justifies it: see docs/performance.md, "Speed tricks".
"""
from __future__ import annotations

import _thread
import re
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

#: The only ASCII letters reportlab's codec does not map to their own code (it refuses them).
_UNMAPPED = re.compile("[\x18-\x1f]")
#: How many names are kept (the handouts use about a hundred).
MAX_NAMES = 4096

_lock = _thread.allocate_lock()
_names: dict[str, str] = {}


def _usual(name: str) -> Any:
    """reportlab's own function ``name`` (kept as ``__wrapped__`` once replaced)."""
    current = getattr(pdfdoc, name)
    return getattr(current, "__wrapped__", current)


_usual_format = _usual("format")
_usual_encode = _usual("pdfdocEnc")
_usual_name = _usual("PDFName")


def pdfdoc_encode(x: Any) -> Any:
    """``pdfdoc.pdfdocEnc``: an ASCII string without the letters U+0018 to U+001F as
    ASCII (page content streams, with their line breaks, among them), the rest as
    before."""
    if type(x) is str and x.isascii() and (x.isprintable() or _UNMAPPED.search(x) is None):
        return x.encode("ascii")
    return _usual_encode(x)


def format_element(element: Any, document: Any, toplevel: int = 0) -> Any:
    """``pdfdoc.format``: bytes, strings and numbers directly, the rest as before."""
    kind = type(element)
    if kind is bytes:
        return element
    if kind is str:
        return pdfdoc_encode(element)
    if kind is int or kind is float:
        return fp_str(element).encode("ascii")
    return _usual_format(element, document, toplevel)


def pdf_name(data: Any, lo: str = "\x21", hi: str = "\x7e") -> Any:
    """``pdfdoc.PDFName``: the names made for a string with the usual bounds, kept."""
    if type(data) is not str or lo != "\x21" or hi != "\x7e":
        return _usual_name(data, lo, hi)
    made = _names.get(data)
    if made is None:
        made = _usual_name(data)
        with _lock:
            if len(_names) >= MAX_NAMES:
                _names.clear()
            _names[data] = made
    return made


format_element.__wrapped__ = _usual_format  # type: ignore[attr-defined]
pdfdoc_encode.__wrapped__ = _usual_encode  # type: ignore[attr-defined]
pdf_name.__wrapped__ = _usual_name  # type: ignore[attr-defined]


def install() -> None:
    """Put the three in place in reportlab's ``pdfdoc`` (its functions look them up by
    name when they run)."""
    pdfdoc.format = format_element
    pdfdoc.pdfdocEnc = pdfdoc_encode
    pdfdoc.PDFName = pdf_name


def uninstall() -> None:
    """reportlab's own three again (for comparing, in tests and benchmarks)."""
    pdfdoc.format = _usual_format
    pdfdoc.pdfdocEnc = _usual_encode
    pdfdoc.PDFName = _usual_name
    with _lock:
        _names.clear()
