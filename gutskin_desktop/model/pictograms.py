"""Our own pictograms (gut, brain, skin, microbes, ...), as path data in one file.

``data/pictograms.json`` holds, for each pictogram, a name people read and one path of
absolute move (``M``), line (``L``), cubic (``C``) and close (``Z``) commands in a 0 to
100 square with y growing downwards, filled in one colour with the non-zero rule. They
were drawn for this project and are licensed with it. This module is the one parser:
the PDF (reportlab's canvas path) and the screen (``QPainterPath``) draw the operations
it returns, so both show the same shapes.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

import msgspec

from .errors import LoadError
from .paths import DATA

PICTOGRAM_FILE = DATA / "pictograms.json"
UNIT = 100.0  # the side of the square the path data is drawn in
_TOKEN = re.compile(r"[MLCZ]|-?\d+(?:\.\d+)?")
_ARGS = {"M": 2, "L": 2, "C": 6, "Z": 0}


class Op(NamedTuple):
    """One drawing operation: ``M``/``L`` with (x, y), ``C`` with two control points and
    its end, ``Z`` with nothing."""

    command: str
    points: tuple[float, ...]


class Pictogram(NamedTuple):
    """A named pictogram and its drawing operations."""

    name: str
    label: str
    ops: tuple[Op, ...]


def parse_path(text: str) -> tuple[Op, ...]:
    """The operations of a path string (ValueError names what is wrong)."""
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != re.sub(r"[\s,]+", "", text):
        raise ValueError("a path holds only M, L, C, Z and numbers")
    ops: list[Op] = []
    i = 0
    while i < len(tokens):
        command = tokens[i]
        if command not in _ARGS:
            raise ValueError(f"expected a command, not {command!r}")
        count = _ARGS[command]
        args = tokens[i + 1:i + 1 + count]
        if len(args) != count or any(a in _ARGS for a in args):
            raise ValueError(f"{command} takes {count} numbers")
        if not ops and command != "M":
            raise ValueError("a path starts with M")
        values = tuple(float(a) for a in args)
        if any(not -UNIT <= v <= 2 * UNIT for v in values):
            raise ValueError("a point lies far outside the 0 to 100 square")
        ops.append(Op(command, values))
        i += 1 + count
    if not ops:
        raise ValueError("the path is empty")
    return tuple(ops)


@cache
def pictograms() -> dict[str, Pictogram]:
    """Every shipped pictogram by name, in the file's order."""
    raw = msgspec.json.decode(PICTOGRAM_FILE.read_bytes())  # shipped, so good JSON
    out: dict[str, Pictogram] = {}
    for name, entry in raw["pictograms"].items():
        try:
            out[name] = Pictogram(name, entry["label"], parse_path(entry["path"]))
        except (KeyError, ValueError) as error:
            raise LoadError(PICTOGRAM_FILE, f"pictograms.{name}", str(error)) from None
    return out


def pictogram(name: str) -> Pictogram:
    """One pictogram by name (KeyError if there is none)."""
    return pictograms()[name]


def names() -> list[str]:
    """The pictograms' names, in the file's order."""
    return list(pictograms())


def placed(ops: tuple[Op, ...], x: float, y: float, size: float,
           flip: bool = False) -> Iterator[tuple[str, tuple[float, ...]]]:
    """The operations mapped into a ``size`` square at (x, y): its top-left corner with y
    growing downwards, or, with ``flip``, its bottom-left corner with y growing upwards
    (as on a PDF page)."""
    k = size / UNIT
    for op in ops:
        pts = op.points
        if flip:
            yield op.command, tuple(x + v * k if j % 2 == 0 else y + size - v * k
                                    for j, v in enumerate(pts))
        else:
            yield op.command, tuple(x + v * k if j % 2 == 0 else y + v * k
                                    for j, v in enumerate(pts))
