"""Strict JSON reading and record validation shared by every data file.

The reader refuses what Python's ``json`` module lets through by default (NaN and
infinities, duplicate keys), caps size and nesting depth, and turns every problem into a
:class:`LoadError` naming the file, the field path and the reason.

msgspec parses a file; a file it refuses, or one that may repeat a key (which msgspec
would let the last one win), is parsed again by Python's ``json`` module, which names the
line and column of the problem or the key given twice.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, TypeVar

import msgspec

from .errors import Invalid, LoadError, field_path
from .files import read_regular, too_large
from .records import Record

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
_BOM = b"\xef\xbb\xbf"


class DataFile(Record):
    """A record saved as a file of its own, with the version of its format first."""

    format_version: Literal[1]


M = TypeVar("M", bound=DataFile)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return out


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


_CONTAINERS = (dict, list)


def _depth(value: Any) -> int:
    """The deepest nesting of arrays and objects in parsed JSON, one level at a time
    (walked, not recursed), stopping once past the cap."""
    depth = 0
    level = [value] if type(value) in _CONTAINERS else []
    while level and depth <= MAX_DEPTH:
        depth += 1
        inner: list[Any] = []
        for node in level:
            items = node.values() if type(node) is dict else node
            inner += [item for item in items if type(item) in _CONTAINERS]
        level = inner
    return depth


def _too_deep(path: str | Path) -> LoadError:
    return LoadError(path, "", f"nested deeper than {MAX_DEPTH} levels")


# A \uD800-\uDFFF escape in the text: the only way a surrogate gets into parsed JSON,
# as the UTF-8 decoder refuses encoded ones (a pair is joined into one character).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_COLON_ESCAPE = re.compile(rb"\\u003[aA]")  # a colon written as an escape
_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(path: str | Path, value: Any) -> LoadError | None:
    """The error for the first string (value or field name) holding a lone surrogate,
    walked (not recursed) so that any nesting is safe; None when there is none."""
    stack: list[tuple[tuple[object, ...], Any]] = [((), value)]
    while stack:
        loc, node = stack.pop()
        if type(node) is str:
            found = _SURROGATE.search(node)
            if found:
                return LoadError(path, field_path(loc) or "(top level)",
                                 f"holds \\u{ord(found.group()):04x}, a lone surrogate (half "
                                 "of a UTF-16 pair), which is not a character")
        elif type(node) is dict:
            for key in node:
                found = _SURROGATE.search(key)
                if found:
                    return LoadError(path, field_path(loc) or "(top level)",
                                     f"a field name holds \\u{ord(found.group()):04x}, a lone "
                                     "surrogate (half of a UTF-16 pair), which is not a "
                                     "character")
            stack += reversed([((*loc, key), item) for key, item in node.items()])
        elif type(node) is list:
            stack += reversed([((*loc, i), item) for i, item in enumerate(node)])
    return None


def parse_json(path: str | Path, data: bytes, check_depth: bool = True) -> Any:
    """Parse bytes as strict JSON, or raise LoadError naming ``path``.

    A lone surrogate (``"\\ud800"``, half of a UTF-16 pair, which no text can print or
    save) is refused, naming the field that holds it.

    Nesting deeper than :data:`MAX_DEPTH` is refused; a caller that validates the result
    against a model (whose fields bound the nesting) may leave that check to
    :func:`load_model`, which makes it only when validation fails."""
    if len(data) > MAX_BYTES:
        raise too_large(path, MAX_BYTES)
    value = _parse_quickly(data)
    if value is _REFUSED:
        value = _parse_slowly(path, data)
    if _SURROGATE_ESCAPE.search(data):
        problem = _lone_surrogate(path, value)
        if problem:
            raise problem
    if check_depth and _depth(value) > MAX_DEPTH:
        raise _too_deep(path)
    return value


_REFUSED: Any = object()


def _parse_quickly(data: bytes) -> Any:
    """The parsed JSON by msgspec, or ``_REFUSED`` when msgspec refuses it or a key may
    be given twice in one object.

    A repeated key is found by counting colons: outside strings, JSON has one per key.
    Written out again, the parsed value has one colon per key it kept and the same
    strings, so it has fewer colons than the file exactly when a key was repeated
    (unless a string writes a colon as an escape, which sends the file to the slow
    path)."""
    body = data[len(_BOM):] if data.startswith(_BOM) else data
    try:
        value = msgspec.json.decode(body)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return _REFUSED
    if _COLON_ESCAPE.search(body) or msgspec.json.encode(value).count(b":") != body.count(b":"):
        return _REFUSED
    return value


def _parse_slowly(path: str | Path, data: bytes) -> Any:
    """Parse with Python's ``json`` module, whose errors name the line and column, the
    key given twice, NaN or infinity; raise LoadError naming ``path``.

    ``json`` is imported here, for a file msgspec refused, and where a file is written:
    a start that reads only good files does without it (about 1.5 ms)."""
    import json

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(path, "", f"not UTF-8 text (byte {exc.start})") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates,
                          parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise LoadError(path, "", f"bad JSON at line {exc.lineno}, column {exc.colno}: "
                                  f"{exc.msg}") from None
    except RecursionError:  # nested far deeper than the cap: the parser gave up
        raise _too_deep(path) from None
    except ValueError as exc:
        raise LoadError(path, "", f"bad JSON: {exc}") from None


def read_bytes(path: str | Path, cap: int = MAX_BYTES) -> bytes:
    """Read a data file with :func:`.files.read_regular`: a regular file of at most
    ``cap`` bytes (5 MB), never a folder, pipe or device, never blocking; LoadError
    naming the file otherwise."""
    return read_regular(path, cap)


def validate(path: str | Path, model: type[M], raw: Any) -> M:
    """Validate parsed JSON against a record class, or raise LoadError naming the field."""
    try:
        return model.model_validate(raw)
    except Invalid as exc:
        raise LoadError(path, field_path(exc.loc) or "(top level)", exc.reason) from None


def check_version(path: str | Path, raw: Any, supported: int) -> None:
    """Refuse files without a format_version this build can read."""
    if not isinstance(raw, dict):
        raise LoadError(path, "(top level)", "expected a JSON object")
    version = raw.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise LoadError(path, "format_version", "required, a whole number")
    if version > supported:
        raise LoadError(path, "format_version",
                        f"version {version} is newer than this app reads ({supported})")
    if version < 1:
        raise LoadError(path, "format_version", f"unknown version {version}")


def load_model(path: str | Path, model: type[M], supported: int = 1) -> M:
    """Read, parse, version-check and validate one data file."""
    raw = parse_json(path, read_bytes(path), check_depth=False)
    try:
        check_version(path, raw, supported)
        return validate(path, model, raw)
    except LoadError:
        # Valid files are only as deep as their model; an invalid one may be deep
        # nesting, which is then the clearer thing to report.
        if _depth(raw) > MAX_DEPTH:
            raise _too_deep(path) from None
        raise


def model_json(model: DataFile) -> bytes:
    """A data file's model as the JSON text it is saved as: ``format_version`` first,
    defaults left out, two-space indent."""
    import json  # see _parse_slowly

    data = model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
