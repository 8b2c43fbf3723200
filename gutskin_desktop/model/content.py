"""The section texts the diagram's nodes open, loaded from ``assets/content.json``.

Each section has a plain-language text for patients and a fuller one for presenters.
A text is a list of blocks (paragraph, list or heading) so that the app, the PDF renderer
and the reading-level meter all read the same structure, and none of them parses markup.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from .errors import LoadError
from .jsonfile import load_model
from .readability import Reading, measure, split_sentences
from .schema import Record, choice, iso_date, listing, one_of, optional, record, string

TEXT_KINDS = ("patient", "presenter")
ID = r"^[a-z][a-z0-9-]{0,39}$"
ID_HINT = "lower-case letters, digits and hyphens, starting with a letter"


class Paragraph(Record):
    """A paragraph of plain text."""

    type: str = choice("paragraph")
    text: str = string(1, 4000)


class BulletList(Record):
    """A bulleted list of plain-text items."""

    type: str = choice("list")
    items: list[str] = listing(string(1, 1000), 1, 50)


class Heading(Record):
    """A subheading inside a section's text."""

    type: str = choice("heading")
    text: str = string(1, 200)


Block = Paragraph | BulletList | Heading
_BLOCK = one_of("type", {"paragraph": Paragraph, "list": BulletList, "heading": Heading})


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

    id: str = string(pattern=ID, hint=ID_HINT)
    title: str = string(1, 80)
    summary: str = string(1, 120)
    patient: list[Block] = listing(_BLOCK, 1, 40)
    presenter: list[Block] = listing(_BLOCK, 1, 60)

    def blocks(self, kind: str) -> list[Block]:
        """The patient or presenter text."""
        if kind not in TEXT_KINDS:
            raise ValueError(f"text must be one of {', '.join(TEXT_KINDS)}, not {kind!r}")
        return self.patient if kind == "patient" else self.presenter

    def reading(self, kind: str = "patient") -> Reading:
        """Word, sentence and syllable counts and the grade of one text."""
        return measure(block_sentences(self.blocks(kind)))


class Term(Record):
    """A word the handout or its diagram uses, and what it means in plain words."""

    term: str = string(1, 60)
    meaning: str = string(1, 300)


class Source(Record):
    """What the text is based on and who wrote it in plain language."""

    title: str = string(1, 200)
    description: str = string(1, 200)
    written_by: str = string(1, 200)


class Content(Record):
    """All sections, in the article's order, and the parts every handout carries: the
    main message, the line on uncertainty, questions to ask, a glossary and where the
    text comes from."""

    format_version: int = choice(1)
    title: str = string(1, 120)
    reviewed: date = iso_date()
    next_review: date | None = optional(iso_date())
    disclaimer: str = string(1, 600)
    main_message: str | None = optional(string(1, 300))
    uncertainty: str | None = optional(string(1, 300))
    source: Source | None = optional(record(Source))
    questions: list[str] = listing(string(1, 200), max_len=12, default=[])
    glossary: list[Term] = listing(record(Term), max_len=60, default=[])
    sections: list[Section] = listing(record(Section), 1, 200)

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
