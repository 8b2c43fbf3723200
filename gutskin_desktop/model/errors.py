"""The error types for bad input: files that cannot be loaded, edits that cannot be made.

A :class:`LoadError` names the file, the field path inside it and the reason, so the
command line and the app can show one clear line instead of a traceback; an
:class:`Invalid` is a value that breaks its field's rule, found while checking data
against a record class; an :class:`EditError` names the field an edit would break.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


class LoadError(Exception):
    """A content, diagram or layout file that cannot be used."""

    def __init__(self, path: str | Path, field: str, reason: str) -> None:
        self.path = str(path)
        self.field = field
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}" if self.field else self.path
        return printable(f"{where}: {self.reason}")


def printable(text: str) -> str:
    """Escape control characters so that a message stays on one line."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape")
                   .decode("ascii") for ch in text)


def field_path(loc: tuple[object, ...] | list[object] | list[str | int]) -> str:
    """Render a location such as ``('nodes', 2, 'id')`` as ``nodes[2].id``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class Invalid(ValueError):
    """A value that breaks its field's rule; ``loc`` is the path to it, outermost first
    (``["blocks", 2, "columns"]``), and ``reason`` says why in plain words."""

    def __init__(self, reason: str, *loc: str | int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.loc: list[str | int] = list(loc)

    def __str__(self) -> str:
        where = field_path(self.loc)
        return f"{where}: {self.reason}" if where else self.reason


class EditError(ValueError):
    """An edit (of a layout or the diagram) that would make the data invalid."""


@contextmanager
def edit_errors(block_ids: Sequence[object] = ()) -> Iterator[None]:
    """Turn a validation failure of edited data into an EditError naming the field.

    ``block_ids`` are the ids of the edited layout's blocks in order: a field inside
    ``blocks[i]`` is then named by its block's id (``block 'callout'``), as the person
    editing knows it, instead of its place in the file."""
    try:
        yield
    except Invalid as exc:
        raise EditError(name_blocks(field_path(exc.loc), exc.reason, block_ids)) from None
    except LoadError as exc:
        raise EditError(name_blocks(exc.field, exc.reason, block_ids)) from None


_BLOCK_FIELD = re.compile(r"^blocks\[(\d+)\]\.?(.*)$")


def name_blocks(field: str, reason: str, block_ids: Sequence[object] = ()) -> str:
    """An edit's error as one line: ``field: reason``, or, for a field of a block whose id
    is known, ``block 'callout' would reach 12.0 mm past ...`` (the block's own place) and
    ``block 'sections', columns: ...`` (a field inside it)."""
    found = _BLOCK_FIELD.match(field)
    index = int(found.group(1)) if found else -1
    if found is None or not 0 <= index < len(block_ids) or not block_ids[index]:
        return f"{field}: {reason}" if field else reason
    block, inner = f"block {str(block_ids[index])!r}", found.group(2)
    if inner:
        return printable(f"{block}, {inner}: {reason}")
    if reason.startswith("reaches "):
        return printable(f"{block} would reach {reason[len('reaches '):]}")
    return printable(f"{block}: {reason}")


class DataFolderError(RuntimeError):
    """The package's own data cannot be read (run from a zip archive, or installed without
    its data): the installation is broken, not the person's input."""
