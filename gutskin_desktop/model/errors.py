"""The one error type the project's loaders raise for bad input files.

A :class:`LoadError` names the file, the field path inside it and the reason, so the
command line and the app can show one clear line instead of a traceback.
"""
from __future__ import annotations

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


def field_path(loc: tuple[object, ...] | list[object]) -> str:
    """Render a location such as ``('nodes', 2, 'id')`` as ``nodes[2].id``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
