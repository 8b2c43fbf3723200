"""Text turned into font codes in one step when every letter already has its code, kept
in this one place.

reportlab writes text set in a TrueType font as codes of the font's subsets: its
``TTFont.splitString`` walks the text a letter at a time, giving each letter a code the
first time the document sets it and cutting the text into runs of one subset each. It
is called for every word group of every line drawn, and in a profile of a batch row of
``a4-handout`` it was about a tenth of the time, though almost every call is for letters
that already have codes in the first subset (printable ASCII has its own codes from the
start, and the few other letters are given theirs on their first use).

:func:`split_string` takes that case in one step: when the font's state for the document
exists and every letter (a no-break space counting as a space, as reportlab counts it)
already has a code under 256, the text is one run of subset 0, and its bytes are the
codes; printable ASCII text, whose letters have their own numbers as codes from the
start, is its own bytes. Anything else (a letter new to the document, one the font
lacks, a code in a later subset, text given as bytes) goes to reportlab's own method,
which also gives the new codes. The result is the same
(``tests/export/test_font_codes.py``, and the PDFs of the shipped layouts are
byte-identical).

:func:`install` puts it in place of ``TTFont.splitString`` (reportlab's is kept as
``__wrapped__``); the export's fonts module installs it. The benchmark row "batch row of
a4-handout in process, CPU" (``benchmarks/run_all.py``) justifies it: see
docs/performance.md, "Speed tricks".
"""
from __future__ import annotations

from typing import Any

from reportlab.pdfbase.ttfonts import TTFont

_usual: Any = getattr(TTFont.splitString, "__wrapped__", TTFont.splitString)


def split_string(font: Any, text: Any, doc: Any, encoding: str = "utf-8") -> Any:
    """``TTFont.splitString``: ``[(subset, codes)]`` for ``text`` in ``doc``."""
    state = font.state.get(doc) if type(text) is str else None
    if state is not None:
        if text.isascii() and text.isprintable() and _ascii_as_is(state):
            return [(0, text.encode("ascii"))] if text else []
        assignments = state.assignments
        try:
            codes = [assignments[c] for c in map(ord, text.replace("\xa0", " "))]
        except KeyError:
            pass  # a letter without a code yet: reportlab gives it one
        else:
            if not codes:
                return []
            if max(codes) < 256:
                return [(0, bytes(codes))]
    return _usual(font, text, doc, encoding)


split_string.__wrapped__ = _usual  # type: ignore[attr-defined]


def _ascii_as_is(state: Any) -> bool:
    """Whether every printable ASCII letter has its own number as its code in subset 0
    (reportlab gives them so from the start, when the font has them all): then such
    text's codes are its bytes. Worked out once per font and document."""
    known = state.__dict__.get("_gutskin_ascii")
    if known is None:
        assignments = state.assignments
        known = state._gutskin_ascii = all(assignments.get(c) == c for c in range(32, 127))
    return bool(known)


def install() -> None:
    """Put :func:`split_string` in place of reportlab's (once)."""
    TTFont.splitString = split_string
