"""Strict, immutable records for the data files, and the rules their fields follow.

A record class lists its fields as class attributes made by the functions below, each
annotated with the Python type it holds, much as a dataclass does::

    class Edge(Record):
        source: str = string(pattern=ID, hint=ID_HINT)
        bend: float = number(ge=-1.0, le=1.0, default=0.0)

Validation is as strict as JSON's own types: text never becomes a number, a decimal
never an integer, a number never true or false; NaN and infinities are refused, and so
are unknown fields. The first value that breaks a rule raises :class:`Invalid` with the
path to it (``["blocks", 2, "columns"]``), which callers turn into one message naming
the file and the field. Records are frozen: an edit makes a new one
(:meth:`Record.model_copy`, or validating changed data again).

The checks are plain closures, one per field, so that loading a 10,000-box diagram stays
quick and importing the module costs next to nothing.
"""
from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar, TypeVar

from .errors import field_path

Check = Callable[[Any], Any]
R = TypeVar("R", bound="Record")
_BIG = sys.float_info.max


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


class Invalid(ValueError):
    """A value that breaks its field's rule; ``loc`` is the path to it, outermost first."""

    def __init__(self, reason: str, *loc: str | int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.loc: list[str | int] = list(loc)

    def __str__(self) -> str:
        where = field_path(self.loc)
        return f"{where}: {self.reason}" if where else self.reason


class Field:
    """A field's check and its default (:data:`REQUIRED` when it has none).

    ``test`` is an optional Python expression, with ``{v}`` for the value and ``{k}`` for
    a prefix of the names in ``consts``, that is true only of values ``check`` would
    return unchanged: the compiled fast path of a busy record class inlines it.
    """

    __slots__ = ("check", "consts", "default", "test")

    def __init__(self, check: Check, default: Any = REQUIRED, test: str | None = None,
                 consts: dict[str, Any] | None = None) -> None:
        self.check = check
        self.default = default
        self.test = test
        self.consts = consts or {}


# --- how a bad value is described ----------------------------------------------------------

def _kind(value: Any) -> str:
    """What a value is, in JSON's words."""
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


def _num(value: float) -> str:
    return f"{value:g}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# --- field kinds -----------------------------------------------------------------------------

def string(min_len: int = 0, max_len: int = sys.maxsize, pattern: str | None = None,
           hint: str = "", default: Any = REQUIRED) -> Any:
    """A string of ``min_len`` to ``max_len`` characters, matching ``pattern`` whole."""
    match = re.compile(pattern).fullmatch if pattern else None

    def check(value: Any) -> Any:
        if (type(value) is str and min_len <= len(value) <= max_len
                and (match is None or match(value) is not None)):
            return value
        if not isinstance(value, str):
            raise Invalid(f"expected a string, not {_kind(value)}")
        if len(value) < min_len:
            raise Invalid("must not be empty" if min_len == 1 and not value else
                          f"must be at least {_plural(min_len, 'character')} long")
        if len(value) > max_len:
            raise Invalid(f"must be at most {_plural(max_len, 'character')} long "
                          f"(it has {len(value)})")
        if match is not None and match(value) is None:
            explained = f" ({hint})" if hint else ""
            raise Invalid(f"must match the pattern {pattern}{explained}, not {_show(value)}")
        return str(value)

    test = "type({v}) is str"
    if min_len > 0 or max_len < sys.maxsize:
        test += f" and {min_len} <= len({{v}}) <= {max_len}"
    if match is None:
        return Field(check, default, test)
    return Field(check, default, test + " and {k}m({v}) is not None", {"m": match})


def number(ge: float = -_BIG, le: float = _BIG, gt: float | None = None,
           default: Any = REQUIRED) -> Any:
    """A finite number (an integer is taken as a float) from ``ge`` (or above ``gt``) to
    ``le``."""
    low, above = (gt, True) if gt is not None else (ge, False)

    def check(value: Any) -> Any:
        kind = type(value)
        if (kind is float or kind is int) and (value > low if above else value >= low) \
                and value <= le:
            return float(value)
        if kind is bool or not isinstance(value, (int, float)):
            raise Invalid(f"expected a number, not {_kind(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise Invalid("must be a finite number")
        if value > le:
            raise Invalid(f"must be at most {_num(le)}, not {_show(value)}")
        side = "more than" if above else "at least"
        raise Invalid(f"must be {side} {_num(low)}, not {_show(value)}")

    return Field(check, default,
                 f"type({{v}}) is float and {low!r} {'<' if above else '<='} {{v}} <= {le!r}")


def integer(ge: int, le: int, default: Any = REQUIRED) -> Any:
    """A whole number from ``ge`` to ``le`` (not true or false, not a decimal)."""

    def check(value: Any) -> Any:
        if type(value) is int and ge <= value <= le:
            return value
        if type(value) is not int:
            if type(value) is float:
                raise Invalid(f"expected a whole number (integer), not {_show(value)}")
            raise Invalid(f"expected a whole number (integer), not {_kind(value)}")
        if value < ge:
            raise Invalid(f"must be at least {ge}, not {_show(value)}")
        raise Invalid(f"must be at most {le}, not {_show(value)}")

    return Field(check, default, f"type({{v}}) is int and {ge!r} <= {{v}} <= {le!r}")


def boolean(default: Any = REQUIRED) -> Any:
    """true or false."""

    def check(value: Any) -> Any:
        if value is True or value is False:
            return value
        raise Invalid(f"expected true or false (a boolean), not {_kind(value)}")

    return Field(check, default, "({v} is True or {v} is False)")


def choice(*values: str | int, default: Any = REQUIRED) -> Any:
    """One of a few exact values."""
    allowed = frozenset(values)
    kinds = frozenset(type(v) for v in values)
    listed = ", ".join(repr(v) for v in values)

    def check(value: Any) -> Any:
        if type(value) in kinds and value in allowed:
            return value
        if len(values) == 1:
            raise Invalid(f"must be {listed}, not {_show(value)}")
        raise Invalid(f"must be one of {listed}, not {_show(value)}")

    if len(kinds) != 1:
        return Field(check, default)
    kind = next(iter(kinds)).__name__
    return Field(check, default, f"type({{v}}) is {kind} and {{v}} in {{k}}a", {"a": allowed})


def optional(field: Any) -> Any:
    """A field that may be left out or null; it is None then."""
    inner = field.check

    def check(value: Any) -> Any:
        return None if value is None else inner(value)

    test = f"({{v}} is None or {field.test})" if field.test else None
    return Field(check, None, test, field.consts)


def listing(of: Any, min_len: int = 0, max_len: int = sys.maxsize,
            default: Any = REQUIRED) -> Any:
    """A list of ``min_len`` to ``max_len`` items, each checked by the field ``of``."""
    item = of.check

    def check(value: Any) -> Any:
        if type(value) is not list and not isinstance(value, (list, tuple)):
            raise Invalid(f"expected a list, not {_kind(value)}")
        if len(value) < min_len:
            raise Invalid(f"must have at least {_plural(min_len, 'item')}")
        if len(value) > max_len:
            raise Invalid(f"must have at most {_plural(max_len, 'item')} "
                          f"(it has {len(value)})")
        try:
            return [item(v) for v in value]
        except Invalid:
            pass
        for index, v in enumerate(value):  # find which item, only when one is bad
            try:
                item(v)
            except Invalid as exc:
                exc.loc.insert(0, index)
                raise
        raise AssertionError("an item failed once and then passed")

    return Field(check, default)


def record(cls: type[Record], default: Any = REQUIRED) -> Any:
    """A nested record, given as an object (or as the record itself)."""

    new, fill = object.__new__, object.__setattr__

    def check(value: Any) -> Any:
        if type(value) is cls:
            return value
        made = new(cls)
        fill(made, "__dict__", cls._checked(value))
        return made

    return Field(check, default, "type({v}) is {k}c", {"c": cls})


def one_of(tag: str, classes: dict[str, type[Record]]) -> Any:
    """A record whose class is chosen by its ``tag`` field (a block's ``type``)."""
    members = frozenset(classes.values())
    listed = ", ".join(repr(k) for k in classes)

    def check(value: Any) -> Any:
        if type(value) in members:
            return value
        if not isinstance(value, dict):
            raise Invalid(f"expected an object, not {_kind(value)}")
        if tag not in value:
            raise Invalid("required field is missing", tag)
        chosen = value[tag]
        cls = classes.get(chosen) if type(chosen) is str else None
        if cls is None:
            raise Invalid(f"must be one of {listed}, not {_show(chosen)}", tag)
        return cls.model_validate(value)

    return Field(check, REQUIRED, "type({v}) in {k}m", {"m": members})


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}").fullmatch


def iso_date(default: Any = REQUIRED) -> Any:
    """A calendar date, written ``YYYY-MM-DD``."""

    def check(value: Any) -> Any:
        if type(value) is date:
            return value
        if isinstance(value, str) and _ISO_DATE(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise Invalid(f"{_show(value)} is not a day of the calendar "
                              "(a date as YYYY-MM-DD)") from None
        raise Invalid(f"expected a date as YYYY-MM-DD, not {_show(value)}")

    return Field(check, default)


# --- records ---------------------------------------------------------------------------------

COMPILE_AFTER = 200  # validations of one record class before it gets a compiled fast path


def compile_fast_path(cls: type[Record]) -> Callable[[Any], dict[str, Any]]:
    """A function checking data for ``cls`` as its field loop does, but with each field's
    ``test`` inlined: data that passes is taken without a call per field; anything else
    (a bad value, a missing or unknown field) goes to the field loop, which gives the
    same result or names the same error."""
    ns: dict[str, Any] = {"R": REQUIRED, "Invalid": Invalid, "FIELDS": frozenset(cls._fields),
                          "generic": cls._generic}
    lines = ["def fast(data):",
             "    if type(data) is not dict or not data.keys() <= FIELDS:",
             "        return generic(data)",
             "    get = data.get"]
    made = []
    for i, (name, field) in enumerate(cls._fields.items()):
        v, k = f"v{i}", f"f{i}_"
        ns[k + "check"] = field.check
        ns.update({k + key: value for key, value in field.consts.items()})
        lines.append(f"    {v} = get({name!r}, R)")
        lines.append(f"    if {v} is R:")
        if field.default is REQUIRED:
            lines.append("        return generic(data)")
        else:
            ns[k + "default"] = field.default
            copy = "list" if type(field.default) is list else ""
            lines.append(f"        {v} = {copy}({k}default)")
        test = field.test.format(v=v, k=k) if field.test else "False"
        lines += [f"    elif not ({test}):",
                  "        try:",
                  f"            {v} = {k}check({v})",
                  "        except Invalid:",
                  "            return generic(data)"]
        made.append(f"{name!r}: {v}")
    lines.append("    return {" + ", ".join(made) + "}")
    source = "\n".join(lines)  # made only from the class's own field names and limits
    exec(compile(source, f"<fast path of {cls.__name__}>", "exec"), ns)  # noqa: S102
    return ns["fast"]  # type: ignore[no-any-return]


def _counting(cls: type[Record], data: Any) -> dict[str, Any]:
    """The field loop, counting its uses; a busy class gets its compiled fast path."""
    cls._uses += 1
    if cls._uses >= COMPILE_AFTER:
        cls._checked = staticmethod(compile_fast_path(cls))  # type: ignore[assignment]
    return cls._generic(data)


def _dump(value: Any, json: bool, exclude_none: bool, exclude_defaults: bool) -> Any:
    if isinstance(value, Record):
        return value.model_dump(mode="json" if json else "python", exclude_none=exclude_none,
                                exclude_defaults=exclude_defaults)
    if type(value) is list:
        return [_dump(v, json, exclude_none, exclude_defaults) for v in value]
    if json and isinstance(value, date):
        return value.isoformat()
    return value


class Record:
    """A frozen record whose fields are checked on the way in.

    Build one from data with :meth:`model_validate` (or keyword arguments); read it back
    as plain data with :meth:`model_dump`; change it with :meth:`model_copy`. Records
    compare equal when their class and fields are equal.
    """

    _fields: ClassVar[dict[str, Field]] = {}
    _plan: ClassVar[tuple[tuple[str, Check, Any], ...]] = ()
    _uses: ClassVar[int] = 0

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = dict(cls._fields)  # inherited ones first, in their order
        own = {name: value for name, value in vars(cls).items() if isinstance(value, Field)}
        notes = {name for name in vars(cls).get("__annotations__", {})
                 if not name.startswith("_")}
        if notes != set(own):
            odd = sorted(notes ^ set(own))
            raise TypeError(f"{cls.__name__}: each field needs both an annotation and a "
                            f"check ({', '.join(odd)})")
        for name, field in own.items():
            fields[name] = field
            delattr(cls, name)
        cls._fields = fields
        cls._plan = tuple((name, f.check, f.default) for name, f in fields.items())
        cls._uses = 0
        cls._checked = classmethod(_counting)  # type: ignore[assignment]  # each its own

    def __init__(self, **values: Any) -> None:
        object.__setattr__(self, "__dict__", self._checked(values))

    @classmethod
    def _checked(cls, data: Any) -> dict[str, Any]:
        """The checked fields of ``data`` (each class counts and then compiles this)."""
        return cls._generic(data)

    @classmethod
    def _generic(cls, data: Any) -> dict[str, Any]:
        """The field loop: each field in order, then any unknown field."""
        if type(data) is not dict and not isinstance(data, dict):
            raise Invalid(f"expected an object, not {_kind(data)}")
        out: dict[str, Any] = {}
        get = data.get
        for name, check, default in cls._plan:
            value = get(name, REQUIRED)
            if value is REQUIRED:
                if default is REQUIRED:
                    raise Invalid("required field is missing", name)
                out[name] = list(default) if type(default) is list else default
                continue
            try:
                out[name] = check(value)
            except Invalid as exc:
                exc.loc.insert(0, name)
                raise
        if not cls._fields.keys() >= data.keys():
            unknown = next(k for k in data if k not in cls._fields)
            raise Invalid("unknown field", unknown)
        return out

    @classmethod
    def model_validate(cls: type[R], data: Any) -> R:
        """A record from parsed JSON (a record of this class is returned as it is)."""
        if type(data) is cls:
            return data
        made = cls.__new__(cls)
        object.__setattr__(made, "__dict__", cls._checked(data))
        return made

    def model_dump(self, mode: str = "python", exclude_none: bool = False,
                   exclude_defaults: bool = False) -> dict[str, Any]:
        """The fields as plain data (``mode="json"``: dates as text), in field order."""
        json = mode == "json"
        out: dict[str, Any] = {}
        for name, field in self._fields.items():
            value = self.__dict__[name]
            if exclude_none and value is None:
                continue
            if exclude_defaults and field.default is not REQUIRED and value == field.default:
                continue
            out[name] = _dump(value, json, exclude_none, exclude_defaults)
        return out

    def model_copy(self: R, update: dict[str, Any] | None = None) -> R:
        """A copy with some fields replaced (the new values are not checked)."""
        made = type(self).__new__(type(self))
        object.__setattr__(made, "__dict__", {**self.__dict__, **(update or {})})
        return made

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; make a changed copy")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; make a changed copy")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({inner})"
