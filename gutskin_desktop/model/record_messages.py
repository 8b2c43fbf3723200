"""Why a value breaks its field's rule, in plain words, from msgspec's terse message.

msgspec says what failed and where (``Expected `int`, got `float` - at
`$.blocks[2].columns```). :func:`explain` takes the path from it, finds the field's
type and rule (with :mod:`msgspec.inspect`) and the value in the data, and says what is
wrong with that value as a person would: ``expected a whole number (integer), not 1.5``
at ``["blocks", 2, "columns"]``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args, get_origin, get_type_hints

import msgspec
from msgspec import inspect as mi

from .errors import Invalid

_AT = re.compile(r"(?s)(.*) - at `\$([\w.\[\]]*)`")
_PART = re.compile(r"\.(\w+)|\[(\d+)\]")
_MISSING = re.compile(r"Object missing required field `(\w+)`")
_UNKNOWN = re.compile(r"(?s)Object contains unknown field `(.*)`")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ABSENT: Any = object()  # a field left out of the data


@dataclass(frozen=True)
class _Tag:
    """The ``type`` field of a record that is one of several kinds: one of their names."""

    names: tuple[str, ...]


def explain(cls: type[Any], data: Any, message: str) -> Invalid:
    """The Invalid for data that msgspec refused as ``cls`` with ``message``."""
    found = _AT.fullmatch(message)
    what, where = (found.group(1), found.group(2)) if found else (message, "")
    loc: list[str | int] = [name or int(index) for name, index in _PART.findall(where)]
    kind, value, owner = _locate(cls, data, loc)
    missing = _MISSING.match(what)
    if missing:
        return Invalid("required field is missing", *loc, missing.group(1))
    unknown = _UNKNOWN.match(what)
    if unknown:
        return Invalid("unknown field", *loc, _unknown_key(kind, value, unknown.group(1)))
    return Invalid(_reason(kind, value, _declared_choices(*owner)) or _plain(what), *loc)


# --- finding the field and its value ------------------------------------------------------

Owner = tuple[type[Any] | None, str]  # the record class and field a value belongs to


def _locate(cls: type[Any], value: Any,
            loc: list[str | int]) -> tuple[mi.Type | _Tag, Any, Owner]:
    """The type and the value at ``loc``, one step at a time, and the field they are
    (or are an item of)."""
    here: mi.Type | _Tag = mi.type_info(cls)
    owner: Owner = (None, "")
    for part in loc:
        here, value, owner = _step(here, value, part, owner)
    return here, value, owner


def _step(kind: mi.Type | _Tag, value: Any, part: str | int,
          owner: Owner) -> tuple[mi.Type | _Tag, Any, Owner]:
    kind = _bare(_chosen(kind, value))
    if isinstance(part, int):
        if isinstance(kind, (mi.VarTupleType, mi.ListType)):
            kind = kind.item_type
        inside = isinstance(value, (list, tuple)) and 0 <= part < len(value)
        return kind, value[part] if inside else _ABSENT, owner
    inner = _get(value, part)
    if isinstance(kind, mi.UnionType) and _tag_field(kind) == part:
        return _Tag(_tag_names(kind)), inner, owner
    if isinstance(kind, mi.StructType):
        if kind.tag_field == part:
            return _Tag((str(kind.tag),)), inner, owner
        for field in kind.fields:
            if field.encode_name == part:
                return field.type, inner, (kind.cls, field.name)
    return mi.AnyType(), inner, (None, "")


def _chosen(kind: mi.Type | _Tag, value: Any) -> mi.Type | _Tag:
    """The member of a union that a value is meant to be: the one that is not null, or
    the record whose ``type`` the value names (the union itself when there is none)."""
    while True:
        union = _bare(kind)
        if not isinstance(union, mi.UnionType):
            return kind
        members = [t for t in union.types if not isinstance(t, mi.NoneType)]
        named = [t for t in members if isinstance(t, mi.StructType) and t.tag is not None
                 and t.tag == _get(value, str(t.tag_field))]
        if named:
            return named[0]
        if len(members) != 1:
            return union
        kind = members[0]


def _bare(kind: mi.Type | _Tag) -> mi.Type | _Tag:
    """The type under a ``Meta`` rule."""
    return kind.type if isinstance(kind, mi.Metadata) else kind


def _declared_choices(cls: type[Any] | None, name: str) -> tuple[Any, ...]:
    """The values of the ``Literal`` choices in a field's annotation, in the order they
    are written (msgspec sorts them)."""
    if cls is None:
        return ()
    out: list[Any] = []
    stack = [get_type_hints(cls, include_extras=True)[name]]
    while stack:
        hint = stack.pop(0)
        if get_origin(hint) is Literal:
            out += get_args(hint)
        else:
            stack[:0] = [arg for arg in get_args(hint) if not isinstance(arg, msgspec.Meta)]
    return tuple(out)


def _get(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        return value.get(name, _ABSENT)
    if isinstance(value, msgspec.Struct):
        return getattr(value, name, _ABSENT)
    return _ABSENT


def _tag_field(kind: mi.UnionType) -> str | None:
    fields = {t.tag_field for t in kind.types if isinstance(t, mi.StructType)}
    return fields.pop() if len(fields) == 1 else None


def _tag_names(kind: mi.UnionType) -> tuple[str, ...]:
    return tuple(str(t.tag) for t in kind.types if isinstance(t, mi.StructType))


def _unknown_key(kind: mi.Type | _Tag, value: Any, named: str) -> str:
    """The first field of the data that its record does not have (the one msgspec named
    when the data is not a plain object)."""
    kind = _bare(_chosen(kind, value))
    if isinstance(kind, mi.StructType) and isinstance(value, dict):
        known = {f.encode_name for f in kind.fields} | {kind.tag_field}
        for key in value:
            if key not in known:
                return str(key)
    return named


# --- what is wrong with the value --------------------------------------------------------

def _reason(kind: mi.Type | _Tag, value: Any, order: tuple[Any, ...]) -> str | None:
    """What is wrong with ``value`` as a ``kind`` (None: nothing this module knows);
    ``order`` is the order of the field's choices as written."""
    if isinstance(kind, _Tag):
        return _choice(kind.names, value, ())
    if isinstance(kind, mi.Metadata):
        extra = kind.extra or {}
        if isinstance(kind.type, mi.StrType):
            return _text(kind.type, value, extra.get("pattern"), extra.get("hint", ""))
        return _reason(kind.type, value, order)
    if isinstance(kind, mi.UnionType):
        return _union(kind, value, order)
    if isinstance(kind, mi.StrType):
        return _text(kind, value, None, "")
    if isinstance(kind, mi.FloatType):
        return _number(kind, value)
    if isinstance(kind, mi.IntType):
        return _integer(kind, value)
    if isinstance(kind, mi.BoolType):
        return f"expected true or false (a boolean), not {_kind(value)}"
    if isinstance(kind, mi.LiteralType):
        return _choice(kind.values, value, order)
    if isinstance(kind, mi.DateType):
        return _date(value)
    if isinstance(kind, (mi.VarTupleType, mi.ListType)):
        return _listing(kind, value)
    if isinstance(kind, mi.StructType):
        return f"expected an object, not {_kind(value)}"
    return None


def _union(kind: mi.UnionType, value: Any, order: tuple[Any, ...]) -> str | None:
    """A value that is none of a union's members: a choice of names, an object for a
    record of several kinds, or the one member that is not null."""
    chosen = _chosen(kind, value)
    if chosen is not kind:
        return _reason(chosen, value, order)
    members = [t for t in kind.types if not isinstance(t, mi.NoneType)]
    literals = [t for t in members if isinstance(t, mi.LiteralType)]
    if len(literals) == len(members):
        return _choice(tuple(v for t in literals for v in t.values), value, order)
    if all(isinstance(t, mi.StructType) for t in members):
        return f"expected an object, not {_kind(value)}"
    return None


def _text(kind: mi.StrType, value: Any, pattern: str | None, hint: str) -> str | None:
    if not isinstance(value, str):
        return f"expected a string, not {_kind(value)}"
    low, high = kind.min_length or 0, kind.max_length
    if len(value) < low:
        return ("must not be empty" if low == 1 and not value else
                f"must be at least {_plural(low, 'character')} long")
    if high is not None and len(value) > high:
        return f"must be at most {_plural(high, 'character')} long (it has {len(value)})"
    if kind.pattern is not None and re.search(kind.pattern, value) is None:
        explained = f" ({hint})" if hint else ""
        return f"must match the pattern {pattern or kind.pattern}{explained}, not {_show(value)}"
    return None


def _number(kind: mi.FloatType, value: Any) -> str | None:
    if type(value) is bool or not isinstance(value, (int, float)):
        return f"expected a number, not {_kind(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    if kind.le is not None and value > kind.le:
        return f"must be at most {kind.le:g}, not {_show(value)}"
    if kind.gt is not None and value <= kind.gt:
        return f"must be more than {kind.gt:g}, not {_show(value)}"
    if kind.ge is not None and value < kind.ge:
        return f"must be at least {kind.ge:g}, not {_show(value)}"
    if not -1.8e308 < value < 1.8e308:
        return "must be a finite number"  # a whole number past the largest float
    return None


def _integer(kind: mi.IntType, value: Any) -> str | None:
    if type(value) is float:
        return f"expected a whole number (integer), not {_show(value)}"
    if type(value) is not int:
        return f"expected a whole number (integer), not {_kind(value)}"
    if kind.ge is not None and value < kind.ge:
        return f"must be at least {kind.ge}, not {_show(value)}"
    if kind.le is not None and value > kind.le:
        return f"must be at most {kind.le}, not {_show(value)}"
    return None


def _choice(values: tuple[Any, ...], value: Any, order: tuple[Any, ...]) -> str:
    """A value that is none of ``values`` (listed in ``order`` where it has them)."""
    rank = {v: i for i, v in enumerate(order)}
    values = tuple(sorted(values, key=lambda v: rank.get(v, len(rank))))
    listed = ", ".join(repr(v) for v in values)
    if len(values) == 1:
        return f"must be {listed}, not {_show(value)}"
    return f"must be one of {listed}, not {_show(value)}"


def _date(value: Any) -> str:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return f"{_show(value)} is not a day of the calendar (a date as YYYY-MM-DD)"
    if isinstance(value, date):  # a date and time
        return f"expected a date as YYYY-MM-DD, not {_show(str(value))}"
    return f"expected a date as YYYY-MM-DD, not {_show(value)}"


def _listing(kind: mi.VarTupleType | mi.ListType, value: Any) -> str | None:
    if not isinstance(value, (list, tuple)):
        return f"expected a list, not {_kind(value)}"
    if kind.min_length is not None and len(value) < kind.min_length:
        return f"must have at least {_plural(kind.min_length, 'item')}"
    if kind.max_length is not None and len(value) > kind.max_length:
        return f"must have at most {_plural(kind.max_length, 'item')} (it has {len(value)})"
    return None


# --- how a bad value is described --------------------------------------------------------

def _kind(value: Any) -> str:
    """What a value is, in JSON's words."""
    if value is _ABSENT:
        return "nothing"
    if value is None:
        return "null"
    if value is True or value is False:
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: Any) -> str:
    """A bad value as a short quote."""
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _plain(message: str) -> str:
    """msgspec's own words, for a failure this module does not describe."""
    text = message.replace("`", "")
    return text[:1].lower() + text[1:]
