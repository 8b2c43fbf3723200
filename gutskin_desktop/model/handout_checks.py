"""A clinician's handout choices, checked before export: glyphs, fields and reading level.

The shared font cannot draw every character (emoji, CJK and many scripts are missing);
:func:`missing_glyphs` finds them so the export refuses with a message instead of
printing empty boxes. :func:`reading_report` measures the chosen text and the note.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import msgspec

from .content import Content, block_sentences
from .fonts import covered
from .readability import (
    Reading,
    hardest_sentences,
    measure,
    remember_words,
    split_sentences,
)

PLAIN_GRADE = 8.0


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """What the project's fonts can print in the face detail fields are set in (regular):
    Vera, and DejaVu Sans beyond it."""
    return covered("regular") | covered("regular", wide=True)


COMMON_MAX = 0x250  # every letter below this (Latin, with its accents) is in the fonts
COMMON_PUNCTUATION = set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022")


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` the shared font cannot draw (control characters aside).

    Text in the Latin letters the fonts are known to hold is answered without reading the
    fonts' character maps (which takes about 50 ms), so a plain export does not pay for
    it; a test keeps that promise true."""
    if all(ord(ch) < COMMON_MAX or ch in COMMON_PUNCTUATION for ch in text):
        return []
    covered = _covered()
    out: list[str] = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf") or ch in out:
            continue
        if ord(ch) not in covered:
            out.append(ch)
    return out


def describe(chars: list[str]) -> str:
    """Characters as a person can find them: ``'😀' (U+1F600)``."""
    return ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars)


def glyph_problems(fields: dict[str, str]) -> list[str]:
    """One message per field holding characters the font cannot draw."""
    return [f"{name}: the font cannot print {describe(chars)}"
            for name, value in fields.items() if (chars := missing_glyphs(value))]


FIELD_LIMITS = {"clinic": 120, "clinician": 120, "phone": 60, "patient": 120, "date": 40,
                "note": 1000}


def invisible(text: str) -> list[str]:
    """The invisible format characters in ``text`` (direction overrides and isolates,
    zero-width characters, byte-order marks, tag characters...), each once. They are
    never printed: a name must not print reversed, or with an empty box."""
    out: list[str] = []
    for ch in text:
        if unicodedata.category(ch) == "Cf" and ch not in out:
            out.append(ch)
    return out


def name_chars(chars: list[str]) -> str:
    """Characters by code point and name: ``U+202E (right-to-left override)``."""
    return ", ".join(f"U+{ord(c):04X} ({unicodedata.name(c, 'unnamed').lower()})"
                     for c in chars)


def too_long(fields: dict[str, str]) -> list[str]:
    """One message per field longer than it may be, saying by how much."""
    out = []
    for name, value in fields.items():
        limit = FIELD_LIMITS.get(name)
        if limit is not None and len(value) > limit:
            out.append(f"{name} is {len(value) - limit} characters too long (at most "
                       f"{limit})")
    return out


def field_problems(fields: dict[str, str]) -> list[str]:
    """What stops these details printing: too long, or characters the font lacks."""
    return too_long(fields) + glyph_problems(fields)


class ReadingReport(msgspec.Struct, frozen=True):
    """The reading level of the chosen sections' text and of the personal note."""

    text: Reading
    note: Reading | None
    hardest: tuple[tuple[float, str], ...]

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.text.grade > PLAIN_GRADE:
            out.append(_too_hard("the chosen text", self.text.grade))
        if self.note is not None and self.note.grade > PLAIN_GRADE:
            out.append(_too_hard("the note", self.note.grade))
        return out

    def line(self) -> str:
        """One line for the command line."""
        note = f"; note: grade {shown(self.note.grade)}" if self.note else ""
        return f"reading level (Flesch-Kincaid): grade {shown(self.text.grade)}{note}"


def _too_hard(what: str, grade: float) -> str:
    if grade > TOP_GRADE:
        return (f"{what} reads above grade {TOP_GRADE:g}, far above grade {PLAIN_GRADE:g} "
                f"(does it have words hundreds of letters long?)")
    return f"{what} reads at grade {grade:.1f}, above grade {PLAIN_GRADE:g}"


TOP_GRADE = 50.0  # past this the formula measures freak words (a 300-letter one), not reading


def shown(grade: float) -> str:
    """A grade as people read it: the formula can go below zero for very short text, and
    past any meaning for freak text (a "word" of hundreds of letters has hundreds of
    syllables), so it is shown as 0.0 at least and as "above 50" past 50."""
    if grade > TOP_GRADE:
        return f"above {TOP_GRADE:g}"
    return f"{max(0.0, grade):.1f}"


def reading_report(content: Content, section_ids: list[str], kind: str,
                   note: str = "") -> ReadingReport:
    """Measure the chosen sections' text (patient or presenter) and the note."""
    sentences: list[str] = []
    for section_id in section_ids:
        sentences += block_sentences(content.section(section_id).blocks(kind))
    note_reading = measure(split_sentences(note)) if note.strip() else None
    scored = sorted(((measure([s]).grade, s) for s in sentences), reverse=True)[:3]
    scored += hardest_sentences(note, 1) if note.strip() else []
    scored.sort(reverse=True)
    report = ReadingReport(measure(sentences), note_reading, tuple(scored[:3]))
    remember_words()
    return report
