"""The diagram laid out for a page's block, kept between command-line runs: a speed trick.

Laying the diagram out for its block (:func:`.page_diagram.fit_to_block`: boxes sized to
their words at the page's type sizes, arrows routed round the boxes, smaller type tried
until it fits) took about 6.5 ms of the 150 ms of a whole `gutskin export` of
``a4-handout``, and gives the same result every time for the same diagram, block and
code. So a command-line job keeps each result in the cache folder
(:mod:`.cache_files`, ``fits-TAG.marshal``) and the next one reads it back instead.

What a layout is made from is all in its key or its file's tag, so a kept layout is
used only where the same work would make the very same one:

- the key: a digest of the diagram itself (every box, arrow and word, as msgspec
  encodes it), the block's size, the type sizes, the words' version, the section
  numbers and the block's choices (arrow labels, pictograms);
- the tag: a digest of the Python that runs it, the project's version, and the size and
  time of every module of the model (the layout code, the font measuring, the theme; as
  source or, in the standalone app, compiled files) and every font file it measures text
  with. A changed module or font file names another file, and the old one
  is pruned.

The diagram is the content's own (no patient's details are in it). A kept layout is
turned into plain tuples for ``marshal`` and back into the model's own types, equal to
the ones laid out (``tests/test_fit_cache.py`` compares them for blocks of a handout, a
poster, a narrow block with arrow labels and one too small to fit, and an A4 handout's
PDF with kept layouts against one without).
A missing, stale or damaged file is made again; one that cannot be written costs only
the work. Only the command line's jobs use it (:data:`enabled`, set by ``cli.run``):
the app lays each block out once and keeps it while it runs.

The benchmark row is the whole `gutskin export` (``benchmarks/run_all.py``); see
docs/performance.md, "Speed tricks, in one place".
"""
from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any

import msgspec

from . import cache_files
from .geometry import (
    Badge,
    DiagramGeometry,
    EdgeGeometry,
    NodeGeometry,
    Picture,
    TextLine,
)

#: Whether layouts are kept in the cache folder (set for the command line's jobs).
enabled = False
#: How many layouts a file keeps (a layout has a diagram block or two).
MAX_ENTRIES = 64
KIND = "fits"

_state: dict[str, Any] = {}  # "path": the file; "entries": what it holds


def key(diagram: Any, width: float, height: float, sizes: Any, version: str,
        numbers: dict[str, str], edge_labels: bool, pictograms: bool) -> bytes:
    """What a layout is made from, as one digest."""
    import hashlib  # here: the app's first paint does without it (ui/startup.py)

    digest = hashlib.blake2b(msgspec.msgpack.encode(diagram), digest_size=20)
    digest.update(repr((width, height, tuple(sizes), version, sorted(numbers.items()),
                        edge_labels, pictograms)).encode("utf-8", "surrogatepass"))
    return digest.digest()


def _tag() -> str:
    """A digest of the Python, the project's version, and every model module's and font
    file's size and time."""
    import hashlib

    from .. import __version__
    from .fonts import font_dir
    from .paths import ASSETS

    digest = hashlib.blake2b(f"{sys.version}|{__version__}".encode(), digest_size=8)
    folders = [Path(__file__).parent, font_dir(), ASSETS / "fonts"]
    for folder in folders:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                # .pyc: the standalone app keeps its modules as compiled files only
                if entry.name.endswith((".py", ".pyc", ".ttf")):
                    stat = entry.stat()
                    digest.update(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def _entries() -> dict[bytes, Any]:
    if "entries" not in _state:
        _state["path"], _state["entries"] = None, {}
        try:
            path = cache_files.folder() / f"{KIND}-{_tag()}.marshal"
        except (OSError, RuntimeError):  # no home folder, or a module folder unreadable:
            path = None  # laid out as usual, nothing kept
        _state["path"] = path
        try:
            kept = marshal.loads(path.read_bytes()) if path is not None else None
            if isinstance(kept, dict):
                _state["entries"] = kept
        except (OSError, EOFError, ValueError, TypeError):
            pass  # none yet, or damaged: made again
    entries: dict[bytes, Any] = _state["entries"]
    return entries


Parts = tuple[DiagramGeometry, float, frozenset[str]]  # a PageDiagram's fields


def get(digest: bytes) -> tuple[bool, Parts | None]:
    """``(True, parts)`` for a kept layout (``parts`` None for a diagram too big to lay
    out on a page), ``(False, None)`` for none."""
    plain = _entries().get(digest)
    if plain is None:
        return False, None
    try:
        return True, _typed(plain)
    except (TypeError, ValueError, IndexError, KeyError):  # a damaged entry: made again
        _entries().pop(digest, None)
        return False, None


def put(digest: bytes, parts: Parts | None) -> None:
    """Keep a layout, and write the file."""
    entries = _entries()
    entries[digest] = _plain(parts)
    while len(entries) > MAX_ENTRIES:
        entries.pop(next(iter(entries)))
    if _state["path"] is not None:
        cache_files.save(_state["path"], marshal.dumps(entries))


def forget() -> None:
    """Read the file again when next asked (tests)."""
    _state.clear()


def _untyped(value: Any) -> Any:
    """Tuples (the model's named ones too) as plain tuples, all the way down."""
    if isinstance(value, tuple):
        return tuple(_untyped(v) for v in value)
    return value


def _plain(parts: Parts | None) -> Any:
    if parts is None:
        return 0  # laid out as too big for a page
    geometry, shrink, hidden = parts
    nodes = tuple((node_id, _untyped(node)) for node_id, node in geometry.nodes.items())
    return ((nodes, _untyped(geometry.edges), _untyped(geometry.bounds)), shrink,
            tuple(sorted(hidden)))


def _lines(lines: tuple[Any, ...]) -> tuple[TextLine, ...]:
    return tuple(TextLine(*line) for line in lines)


def _typed(plain: Any) -> Parts | None:
    if plain == 0:
        return None
    (nodes, edges, bounds), shrink, hidden = plain
    geometry = DiagramGeometry(
        {node_id: NodeGeometry(n[0], n[1], n[2], n[3], n[4], n[5], _lines(n[6]),
                               Badge(*n[7]) if n[7] is not None else None,
                               Picture(*n[8]) if n[8] is not None else None)
         for node_id, n in nodes},
        tuple(EdgeGeometry(e[0], e[1], e[2], e[3], e[4], e[5], _lines(e[6]), e[7], e[8])
              for e in edges),
        bounds)
    return geometry, float(shrink), frozenset(hidden)
