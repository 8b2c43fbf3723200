"""The section texts the diagram's nodes open, loaded from ``data/content.json``.

Each section has a plain-language text for patients and a fuller one for presenters.
A text is a list of blocks (paragraph, list or heading) so that the app, the PDF renderer
and the reading-level meter all read the same structure, and none of them parses markup.
"""
# No `from __future__ import annotations` here: the records' field types are objects when
# the module loads, so msgspec does not compile each from text at the first file read
# (tests/test_records.py::test_record_fields_are_types).

from datetime import date
from pathlib import Path
from typing import Annotated, Literal, get_args

from msgspec import Meta

from .errors import LoadError
from .fields import Id
from .jsonfile import DataFile, load_model
from .readability import Reading, measure, split_sentences
from .records import Record, Tagged, kinds

TextKind = Literal["patient", "presenter"]
TEXT_KINDS: tuple[TextKind, ...] = get_args(TextKind)


class TextBlock(Tagged):
    """One block of a section's text, told apart by its ``type``."""


class Paragraph(TextBlock, tag="paragraph"):
    """A paragraph of plain text."""

    text: Annotated[str, Meta(min_length=1, max_length=4000)]


class BulletList(TextBlock, tag="list"):
    """A bulleted list of plain-text items."""

    items: Annotated[tuple[Annotated[str, Meta(min_length=1, max_length=1000)], ...],
                     Meta(min_length=1, max_length=50)]


class Heading(TextBlock, tag="heading"):
    """A subheading inside a section's text."""

    text: Annotated[str, Meta(min_length=1, max_length=200)]


TEXT_BLOCK_TYPES = kinds(TextBlock)
Block = Paragraph | BulletList | Heading


def block_sentences(blocks: tuple[Block, ...] | list[Block]) -> list[str]:
    """The sentences of a text for reading-level checks (list items count as one)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, BulletList):
            out += [i if i.rstrip()[-1:] in ".!?" else i + "." for i in block.items]
        elif isinstance(block, Paragraph):
            out += split_sentences(block.text)
    return out


def plain_text(blocks: tuple[Block, ...] | list[Block]) -> str:
    """The text of the blocks as plain lines (headings, paragraphs, list items)."""
    lines: list[str] = []
    for block in blocks:
        lines += list(block.items) if isinstance(block, BulletList) else [block.text]
    return "\n".join(lines)


class Section(Record):
    """One part of the story, opened by one or more diagram nodes."""

    id: Id
    title: Annotated[str, Meta(min_length=1, max_length=80)]
    summary: Annotated[str, Meta(min_length=1, max_length=120)]
    patient: Annotated[tuple[Block, ...], Meta(min_length=1, max_length=40)]
    presenter: Annotated[tuple[Block, ...], Meta(min_length=1, max_length=60)]

    def blocks(self, kind: str) -> tuple[Block, ...]:
        """The patient or presenter text."""
        if kind not in TEXT_KINDS:
            raise ValueError(f"text must be one of {', '.join(TEXT_KINDS)}, not {kind!r}")
        return self.patient if kind == "patient" else self.presenter

    def reading(self, kind: str = "patient") -> Reading:
        """Word, sentence and syllable counts and the grade of one text."""
        return measure(block_sentences(self.blocks(kind)))


class Term(Record):
    """A word the handout or its diagram uses, and what it means in plain words."""

    term: Annotated[str, Meta(min_length=1, max_length=60)]
    meaning: Annotated[str, Meta(min_length=1, max_length=300)]


class Source(Record):
    """What the text is based on and who wrote it in plain language."""

    title: Annotated[str, Meta(min_length=1, max_length=200)]
    description: Annotated[str, Meta(min_length=1, max_length=200)]
    written_by: Annotated[str, Meta(min_length=1, max_length=200)]


class Content(DataFile):
    """All sections, in the article's order, and the parts every handout carries: the
    main message, the line on uncertainty, questions to ask, a glossary and where the
    text comes from."""

    title: Annotated[str, Meta(min_length=1, max_length=120)]
    reviewed: date
    next_review: date | None = None
    disclaimer: Annotated[str, Meta(min_length=1, max_length=600)]
    main_message: Annotated[str, Meta(min_length=1, max_length=300)] | None = None
    uncertainty: Annotated[str, Meta(min_length=1, max_length=300)] | None = None
    source: Source | None = None
    questions: Annotated[tuple[Annotated[str, Meta(min_length=1, max_length=200)], ...],
                         Meta(max_length=12)] = ()
    glossary: Annotated[tuple[Term, ...], Meta(max_length=60)] = ()
    sections: Annotated[tuple[Section, ...], Meta(min_length=1, max_length=200)]

    def section(self, section_id: str) -> Section:
        """The section with this id (KeyError if there is none)."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    @property
    def ids(self) -> list[str]:
        """Section ids in order."""
        return [s.id for s in self.sections]


def load_content(path: str | Path) -> Content:
    """Load and validate a content file (raises LoadError)."""
    content = load_model(path, Content)
    seen: set[str] = set()
    for index, section in enumerate(content.sections):
        if section.id in seen:
            raise LoadError(path, f"sections[{index}].id", f"duplicate section id {section.id!r}")
        seen.add(section.id)
    return content
