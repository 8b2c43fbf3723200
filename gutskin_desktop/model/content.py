"""The section texts the diagram's nodes open, loaded from ``assets/content.json``.

Each section has a plain-language text for patients and a fuller one for presenters.
A text is a list of blocks (paragraph, list or heading) so that the app, the PDF renderer
and the reading-level meter all read the same structure, and none of them parses markup.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .errors import LoadError
from .jsonfile import load_model
from .readability import Reading, measure, split_sentences

TEXT_KINDS = ("patient", "presenter")
_ID = r"^[a-z][a-z0-9-]{0,39}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Paragraph(_Strict):
    """A paragraph of plain text."""

    type: Literal["paragraph"]
    text: Annotated[str, Field(min_length=1, max_length=4000)]


class BulletList(_Strict):
    """A bulleted list of plain-text items."""

    type: Literal["list"]
    items: Annotated[list[Annotated[str, Field(min_length=1, max_length=1000)]],
                     Field(min_length=1, max_length=50)]


class Heading(_Strict):
    """A subheading inside a section's text."""

    type: Literal["heading"]
    text: Annotated[str, Field(min_length=1, max_length=200)]


Block = Annotated[Union[Paragraph, BulletList, Heading], Field(discriminator="type")]


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


class Section(_Strict):
    """One part of the story, opened by one or more diagram nodes."""

    id: Annotated[str, Field(pattern=_ID)]
    title: Annotated[str, Field(min_length=1, max_length=80)]
    summary: Annotated[str, Field(min_length=1, max_length=120)]
    patient: Annotated[list[Block], Field(min_length=1, max_length=40)]
    presenter: Annotated[list[Block], Field(min_length=1, max_length=60)]

    def blocks(self, kind: str) -> list[Block]:
        """The patient or presenter text."""
        if kind not in TEXT_KINDS:
            raise ValueError(f"text must be one of {', '.join(TEXT_KINDS)}, not {kind!r}")
        return self.patient if kind == "patient" else self.presenter

    def reading(self, kind: str = "patient") -> Reading:
        """Word, sentence and syllable counts and the grade of one text."""
        return measure(block_sentences(self.blocks(kind)))


class Content(_Strict):
    """All sections, in the article's order."""

    format_version: Literal[1]
    title: Annotated[str, Field(min_length=1, max_length=120)]
    reviewed: date
    disclaimer: Annotated[str, Field(min_length=1, max_length=600)]
    sections: Annotated[list[Section], Field(min_length=1, max_length=200)]

    @field_validator("reviewed", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise ValueError("expected a date as YYYY-MM-DD") from None
        return value

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
