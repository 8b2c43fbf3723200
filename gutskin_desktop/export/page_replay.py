"""Pages drawn once and written again: a page the same as one drawn before is not drawn
again but its recorded content is played back, kept in this one place.

A batch draws the same pages for every row: in ``a4-handout`` only the page with the
details differs, the four others are the same row after row. The designer's preview
draws all five pages after an edit to one. Drawing a page (setting each line's text,
the diagram's boxes and arrows) was about half of a batch row.

A page is the same as one drawn before when everything its drawing reads is the same
(:func:`page_key`): the layout (every block, by value), the page number and count, the
export's choices but the details (painters read the details only while the text is laid
out, and the text is compared below), the bundle, clinic, theme and date, the section
numbers, the bleed, and the text placed on the page: the very same laid-out paragraphs
(the fills kept between exports hand them on, :mod:`.flow_reuse`) at the same places.
The document's state where the page starts must be the same too: which fonts have which
names, and which codes each font has given its letters so far (a page's content names
them).

Recording a page notes what drawing it did beyond its content stream, in the order it
happened: the letters each font gave a code to, the fonts first named on the page, the
links, destinations and outline entries (at their places on the page, in the page's own
coordinates), the smallest type set in each block (the type floor's measure), the PDF
version it needs and what its blocks said they left out. Playing it back appends the
content, gives the same letters their codes in the same order, names the same fonts,
makes the same links, destinations and outline entries, and notes the same type sizes,
version and notes: the document afterwards is as if the page had been drawn. A page with
an image block is always drawn (its picture's file may change between exports); a page
that does anything else (a picture in its text, a form, a new graphics state, a colour
space, another kind of annotation, a standard font) is never recorded; nor is anything
in a PDF/X file, with crop marks, or tiled. The PDFs are the same byte for byte (``tests/export/
test_page_replay.py`` compares runs of exports with fresh ones).

Records are kept by layout name and page (the last :data:`MAX_PAGES`); one may be played
back in several threads at once, as nothing in it is changed.

The benchmark rows "batch row of a4-handout in process, CPU" (beside "without pages
played back"), "batch of 1,000 A4 handouts" and "designer: preview shown after an edit"
(``benchmarks/run_all.py``) justify it: see docs/performance.md, "Speed tricks".
"""
from __future__ import annotations

import _thread
from collections import OrderedDict
from typing import Any

import msgspec

#: How many pages' records are kept (a layout has a handful of pages).
MAX_PAGES = 48

_kept: OrderedDict[tuple[str, int], PageRecord] = OrderedDict()
_lock = _thread.allocate_lock()
_enabled = True


class Recording(msgspec.Struct):
    """What drawing a page did beyond its content, noted while it is drawn."""

    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = msgspec.field(default_factory=list)
    unsupported: bool = False  # it did something a record cannot play back


class PageRecord(msgspec.Struct, frozen=True):
    """A page as drawn: what it was drawn from, the state it started in, and what
    drawing it did."""

    key: tuple[Any, ...]
    start: tuple[Any, ...]
    code: tuple[str, ...]
    calls: tuple[tuple[str, tuple[Any, ...], dict[str, Any]], ...]
    letters: tuple[tuple[Any, str], ...]  # (font, the letters given codes, in order; a
    # font first used on the page is there even with none)
    named: tuple[Any, ...]  # the fonts first named on the page, in order
    smallest: tuple[tuple[str, float], ...]
    version: Any = None  # the PDF version the page needs (transparency needs 1.4)
    notes: tuple[Any, ...] = ()  # what the page's blocks left out or shrank (Overflow)


def _fonts() -> list[Any]:
    from reportlab.pdfbase.pdfmetrics import _fonts as registered

    fonts = list(registered.values())  # at once: another thread may register a font
    return [f for f in fonts if getattr(f, "_dynamicFont", False)]


def doc_state(canvas: Any) -> tuple[Any, ...]:
    """Everything about the document a page's content depends on, where it starts: the
    fonts' names and each font's codes so far (the graphics states, the annotations
    counted and the PDF version too)."""
    doc = canvas._doc
    fonts = []
    for font in _fonts():
        state = font.state.get(doc)
        if state is not None:
            fonts.append((font.fontName, tuple(state.assignments.items()), state.nextCode,
                          state.internalName, tuple(map(tuple, state.subsets))))
    return (tuple(doc.fontMapping.items()), tuple(fonts),
            tuple(getattr(canvas._extgstate, "_c", {}).items()), canvas._annotationCount,
            doc._pdfVersion)


def _letters(canvas: Any) -> dict[str, tuple[Any, int]]:
    """Each TrueType font with codes in this document: (font, how many letters)."""
    doc = canvas._doc
    out = {}
    for font in _fonts():
        state = font.state.get(doc)
        if state is not None:
            out[font.fontName] = (font, len(state.assignments))
    return out


def take(layout: str, page: int, key: tuple[Any, ...], start: tuple[Any, ...],
         ) -> PageRecord | None:
    """The record of this page when it was drawn from the same things in the same
    state (None when there is none, or playing back is off)."""
    if not _enabled:
        return None
    with _lock:
        record = _kept.get((layout, page))
    if record is None or record.key != key or record.start != start:
        return None
    return record


def keep(layout: str, page: int, record: PageRecord) -> None:
    """Keep a page's record for later exports."""
    if not _enabled:
        return
    with _lock:
        _kept[(layout, page)] = record
        _kept.move_to_end((layout, page))
        while len(_kept) > MAX_PAGES:
            _kept.popitem(last=False)


class Same:
    """An object in a key, equal only to itself (and held while the key is)."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj

    def __hash__(self) -> int:
        return id(self.obj)


class PageRecorder:
    """Records one page while it is drawn (:meth:`begin`, draw, :meth:`end`)."""

    def __init__(self, canvas: Any, key: tuple[Any, ...], start: tuple[Any, ...]) -> None:
        self.canvas, self.key, self.start = canvas, key, start
        self.code_at = len(canvas._code)
        self.letters_at = _letters(canvas)
        self.named_at = len(canvas._doc.fontMapping)
        self.smallest_at = dict(canvas.smallest)
        self.annotations_at = len(canvas._annotationrefs)
        canvas.recording = self.recording = Recording()

    def end(self) -> PageRecord | None:
        """The page's record, or None when it cannot be played back."""
        canvas, recording = self.canvas, self.recording
        canvas.recording = None
        if (recording.unsupported or not _plain_page(canvas)
                or doc_state(canvas)[2] != self.start[2]):  # a new graphics state
            return None
        doc = canvas._doc
        links = sum(1 for name, _, _ in recording.calls if name in ("linkRect", "linkURL"))
        if len(canvas._annotationrefs) - self.annotations_at != links:
            return None  # an annotation of another kind
        letters = []
        for name, (font, _count) in _letters(canvas).items():
            before = self.letters_at.get(name)
            count_before = _initial_letters(font) if before is None else before[1]
            keys = list(font.state[doc].assignments)[count_before:]
            if keys or before is None:  # new codes, or the font first used here
                letters.append((font, "".join(map(chr, keys))))
        names = list(doc.fontMapping)[self.named_at:]
        fonts = {f.fontName: f for f in _fonts()}
        if any(n not in fonts for n in names):
            return None  # a font that is not one of the embedded TrueType faces
        smallest = tuple((block, size) for block, size in canvas.smallest.items()
                         if size < self.smallest_at.get(block, 1e9))
        return PageRecord(self.key, self.start, tuple(canvas._code[self.code_at:]),
                          tuple(recording.calls), tuple(letters),
                          tuple(fonts[n] for n in names), smallest, doc._pdfVersion)


def _initial_letters(font: Any) -> int:
    """How many letters a font's new state for a document starts with (printable ASCII
    has its codes from the start)."""
    from reportlab.pdfbase.ttfonts import TTFont

    return len(TTFont.State(font._asciiReadable, font).assignments)


def _plain_page(canvas: Any) -> bool:
    """Whether the page used nothing a record does not carry: pictures and forms,
    colour spaces, shadings, PostScript, transparency or overprint."""
    return not (canvas._formsinuse or canvas._colorsUsed or canvas._shadingUsed
                or canvas._psCommandsBeforePage or canvas._psCommandsAfterPage
                or canvas._formData is not None or canvas._codeStack)


def play(canvas: Any, record: PageRecord) -> None:
    """Write a recorded page on the canvas as drawing it would have."""
    from .font_codes import split_string

    doc = canvas._doc
    for font, letters in record.letters:  # the codes, given in the order they were (a
        # font first used here gets its state as setting text gives it, before its name)
        split_string.__wrapped__(font, letters, doc)  # type: ignore[attr-defined]
    for font in record.named:
        font.getSubsetInternalName(0, doc)
    canvas._code.extend(record.code)
    doc._pdfVersion = max(doc._pdfVersion, record.version)
    for name, args, kwargs in record.calls:
        canvas.play_call(name, args, kwargs)
    for block, size in record.smallest:
        if size < canvas.smallest.get(block, 1e9):
            canvas.smallest[block] = size


def clear() -> None:
    """Forget every page kept."""
    with _lock:
        _kept.clear()


def set_enabled(on: bool) -> bool:
    """Play pages back (True) or draw every page (False, for the benchmark's baseline);
    returns the setting before. Forgets the pages kept."""
    global _enabled
    before, _enabled = _enabled, on
    clear()
    return before
