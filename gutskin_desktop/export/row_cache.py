"""Paragraphs parsed and broken into lines once per process, kept in this one place.

reportlab's ``Paragraph`` parses its markup (with an HTML parser) every time one is
made, and breaks it into lines every time it is wrapped. A batch makes the same content
paragraphs, in the same styles and at the same widths, for every row (only the details
differ); the designer's preview makes them again after every edit. In a profile of 100
rows of ``a4-handout`` (one process, ``gutskin batch --jobs 1``) parsing was about a
seventh of the time and breaking lines about a quarter.

Parsing: :func:`paragraph` makes a ``Paragraph`` (or a subclass) exactly as
``Paragraph(text, style, bulletText)`` does, but parses each markup text only once per
style: it keeps the parsed fragments of the last :data:`MAX_ENTRIES` (text, style) pairs
(least recently used dropped first) and gives every new paragraph its own copies of
them, because reportlab changes a paragraph's fragments while it breaks, splits and
draws it. A copy is a new fragment object per fragment, with its own ``link`` and
``us_lines`` lists; the other values a fragment of our markup holds (strings, numbers,
RGB and CMYK colours, and a link's list of (number, target) pairs, copied as a new list)
are never changed in place. Only such fragments are kept: a paragraph with underlining, a
picture or a ``<para>`` or ``<bullet>`` tag is made the ordinary way, and so is markup
that does not parse (it raises as ``Paragraph`` does).

Breaking lines: this module puts its own ``Paragraph.breakLines`` in place (reportlab's
is kept as ``__wrapped__``). For a paragraph that :func:`paragraph` made of one
fragment (plain text in one font: most body text and list items), still holding the
fragments it was made with, the lines broken at given widths are kept with the parse
(:data:`MAX_BREAKS` widths each) and handed out as copies (new line lists of the same
words, which must all be plain strings: a hyphenated or bidirectional result is never
kept), together with what reportlab sets on the paragraph while breaking (its widest
line, height and counts) and the first width narrowed for a bullet. Every other
paragraph is broken by reportlab's own method, untouched.

The keys are exactly what the work depends on: the markup text and every value of the
style (by name, type and value, so that ``10`` and ``10.0``, or an RGB and a CMYK colour
of the same components, are different keys; a value of another kind by its identity,
the entry holding the style alive); for lines also the class, the bullet and the widths,
and the style as it is when the lines are broken.

Keeping costs time of its own (checking and copying fragments and lines, about 2.5 ms
of a whole ``gutskin export`` of ``a4-handout``), repaid only when the same paragraphs
are made again: a one-shot export (``gutskin export``, one render) turns the cache off
for its render (:func:`set_enabled`); batches, slides, tiles and the app's previews keep
it on.

The output is the same, byte for byte (``tests/export/test_row_cache.py``); the
benchmark row "batch row of a4-handout in process" in ``benchmarks/export_speed.py``
(and ``run_all.py``) justifies it: see the README's "Benchmarks" section.
"""
from __future__ import annotations

import _thread
from collections import OrderedDict
from types import NoneType
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.paraparser import ParaFrag

#: How many parsed (text, style) pairs are kept (a handout has a few hundred).
MAX_ENTRIES = 4096

#: How many widths one parse keeps its lines broken at.
MAX_BREAKS = 8
#: What ``Paragraph.breakLines`` sets on the paragraph besides the lines it returns.
_BREAK_STATE = ("_width_max", "height", "_splitLongWordCount", "_hyphenations")

_SIMPLE = (str, int, float, bool, type(None))
#: Types whose values are equal exactly when they are the same (an RGB colour's whole
#: state is its four components); a style holding only these is keyed quickly.
_PLAIN_TYPES = frozenset({*_SIMPLE, Color})


class _Entry:
    """A parse kept: the cleaned text, its fragments (never handed out themselves) and
    the style they were parsed in (kept alive for the keys taken by identity)."""

    __slots__ = ("breaks", "frags", "style", "text")

    def __init__(self, text: str, frags: list[Any], style: ParagraphStyle) -> None:
        self.text, self.frags, self.style = text, frags, style
        #: Its lines broken, by (class, bullet, widths, style when broken): the lines,
        #: the widths after (reportlab narrows the first for a bullet) and the values
        #: set on the paragraph.
        self.breaks: dict[tuple[Any, ...], tuple[Any, list[float], dict[str, Any]]] = {}


_entries: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
_lock = _thread.allocate_lock()
_enabled = True


def _value_key(value: Any) -> Any:
    """A key for one style value: its type and value, or its identity."""
    if isinstance(value, _SIMPLE):
        return (type(value), value)
    if isinstance(value, Color):
        return (type(value), tuple(sorted(vars(value).items())))
    if isinstance(value, tuple):
        return (tuple, tuple(_value_key(v) for v in value))
    return (object, id(value))


def _plain_key(pstyle: ParagraphStyle) -> tuple[Any, ...] | None:
    """The style's key when every value but its name and parent (whose values it holds)
    is of a plain type (compared by value, exactly): their names, types and values;
    None otherwise."""
    values = pstyle.__dict__
    names = tuple(values)
    if names[:2] != ("name", "parent"):  # not as reportlab makes and clones styles
        return None
    kept = tuple(values.values())[2:]
    types = tuple(map(type, kept))
    return (names[2:], types, kept) if _PLAIN_TYPES.issuperset(types) else None


def style_key(pstyle: ParagraphStyle) -> tuple[Any, ...]:
    """Every value of the style but its name and parent, by type and value (or
    identity): equal for two styles that set text alike."""
    return _plain_key(pstyle) or tuple(
        (name, _value_key(value)) for name, value in sorted(vars(pstyle).items())
        if name not in ("name", "parent"))


def _copy(frags: list[Any]) -> list[Any]:
    """Fresh fragments with the same values (see the module's docstring)."""
    out = []
    for frag in frags:
        copy = ParaFrag.__new__(type(frag))
        values = frag.__dict__.copy()
        for name in ("link", "us_lines"):
            if name in values:
                values[name] = list(values[name])
        copy.__dict__ = values
        out.append(copy)
    return out


def _copyable(frags: list[Any]) -> bool:
    """True when every fragment is a plain one our copy copies whole."""
    for frag in frags:
        if type(frag) is not ParaFrag:
            return False
        for name, value in frag.__dict__.items():
            if name == "link":  # (number, target) pairs: a copy of the list is whole
                if not all(type(item) is tuple and len(item) == 2
                           and type(item[0]) is int and type(item[1]) is str
                           for item in value):
                    return False
            elif name == "us_lines":
                if value:
                    return False
            elif not isinstance(value, (*_SIMPLE, Color)):
                return False
    return True


def paragraph(text: str, pstyle: ParagraphStyle, bulletText: str | None = None,
              *, cls: type[Paragraph] = Paragraph, **kwargs: Any) -> Paragraph:
    """``cls(text, pstyle, bulletText=bulletText, **kwargs)`` (a ``Paragraph`` or a
    subclass that hands ``frags`` on to it), with the markup parsed once per
    (text, style) and its lines broken once per width. The paragraph carries what it
    was made from, for :func:`.flow.signature` (when the style's values and the
    arguments are all plain values)."""
    style_key = _plain_key(pstyle)
    made = _paragraph(text, pstyle, bulletText, cls, kwargs, style_key)
    args = tuple(sorted(kwargs.items()))
    if (style_key is not None and type(bulletText) in _SIMPLE
            and all(type(value) in _SIMPLE for _, value in args)):
        made._made = ((cls, text, style_key, bulletText, args),
                      frozenset(made.__dict__) | {"_made"})
    return made


def _paragraph(text: str, pstyle: ParagraphStyle, bulletText: str | None,
               cls: type[Paragraph], kwargs: dict[str, Any],
               plain: tuple[Any, ...] | None) -> Paragraph:
    if not _enabled:
        return cls(text, pstyle, bulletText=bulletText, **kwargs)
    try:
        key = (text, plain or style_key(pstyle))
        hash(key)
    except TypeError:  # an unhashable style value: made the ordinary way
        return cls(text, pstyle, bulletText=bulletText, **kwargs)
    with _lock:
        entry = _entries.get(key)
        if entry is not None:
            _entries.move_to_end(key)
            frags = _copy(entry.frags)
    if entry is not None:
        made = cls(entry.text, pstyle, bulletText=bulletText, frags=frags, **kwargs)
    else:
        made = cls(text, pstyle, bulletText=bulletText, **kwargs)
        if (made.style is not pstyle or isinstance(made.bulletText, list)
                or not _copyable(made.frags)):
            return made
        entry = _Entry(made.text, _copy(made.frags), pstyle)
        with _lock:
            _entries[key] = entry
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    if cls.breakLines is Paragraph.breakLines and len(made.frags) == 1:
        made._row_cache = (entry, made.frags, cls)
    return made


def _break_lines(para: Paragraph, width: Any) -> Any:
    """``Paragraph.breakLines``, for a paragraph of one fragment made by
    :func:`paragraph` and still as it was parsed: the lines of the same text in the
    same style, bullet and widths are broken once (see the module's docstring);
    anything else is broken as usual."""
    kept_parse = para.__dict__.get("_row_cache")
    if kept_parse is None:
        return _usual_break_lines(para, width)
    entry, frags, cls = kept_parse
    widths = width if type(width) is list else None
    bullet = para.bulletText
    if (para.frags is not frags or widths is None or not isinstance(bullet, (str, NoneType))
            or getattr(para, "autoLeading", None) is not None or para.encoding != "utf8"):
        return _usual_break_lines(para, width)
    style_key = _plain_key(para.style)
    if style_key is None:
        return _usual_break_lines(para, width)
    key = (cls, bullet, tuple(widths), style_key)
    with _lock:
        kept = entry.breaks.get(key)
    if kept is None:
        result = _usual_break_lines(para, width)
        if (result.kind == 0 and type(result.lines) is list and para.frags is frags
                and all(type(w) is str for _, words in result.lines for w in words)):
            state = {name: para.__dict__[name] for name in _BREAK_STATE}
            with _lock:
                if len(entry.breaks) < MAX_BREAKS:
                    entry.breaks[key] = (
                        _lines_copy(result), list(widths), state)
        return result
    result, widths_after, state = kept
    widths[:] = widths_after  # the bullet's room taken off the first line, as reportlab does
    para.__dict__.update(state)
    return _lines_copy(result)


def _lines_copy(blpara: Any) -> Any:
    """A broken paragraph of one fragment with its own lines (new lists of the same
    words, which are plain strings)."""
    lists = {name: list(value) for name in ("link", "us_lines")
             if isinstance(value := getattr(blpara, name, None), list)}
    return blpara.clone(lines=[(room, list(words)) for room, words in blpara.lines], **lists)


#: reportlab's own ``Paragraph.breakLines`` (also when this module is loaded again).
_usual_break_lines = getattr(Paragraph.breakLines, "__wrapped__", Paragraph.breakLines)
_break_lines.__wrapped__ = _usual_break_lines  # type: ignore[attr-defined]
Paragraph.breakLines = _break_lines


def clear() -> None:
    """Forget every parse kept."""
    with _lock:
        _entries.clear()


def size() -> int:
    """How many parses are kept."""
    with _lock:
        return len(_entries)


def set_enabled(enabled: bool) -> bool:
    """Turn the cache on or off (off: every paragraph is parsed); returns the setting
    before. For comparing outputs and timings with and without it."""
    global _enabled
    before, _enabled = _enabled, enabled
    return before
