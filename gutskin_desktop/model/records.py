"""Strict, immutable records for the data files, on msgspec.

A record class lists its fields with their types, and the rules for their values as
msgspec ``Meta`` constraints (ranges, lengths, patterns) or ``Literal`` choices::

    class Edge(Record):
        source: Id
        bend: Annotated[float, Meta(ge=-1.0, le=1.0)] = 0.0

Checking is as strict as JSON's own types: text never becomes a number, a decimal never
an integer, a number never true or false; NaN and infinities are refused, and so are
unknown fields (every number field has limits, which NaN fails). The first value that
breaks a rule raises :class:`.errors.Invalid` with the path to it and the reason in plain
words (see ``record_messages``).

Records are frozen all the way down: lists are tuples, nested records are records, so a
record can be hashed and shared between threads. An edit makes a new record, checked
like data read from a file: :meth:`Record.model_copy`, or :meth:`Record.model_validate`
of changed data. (Calling a record class directly takes its values as they are: it is
for values already checked.)
"""
from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache, reduce
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

import msgspec

R = TypeVar("R", bound="Record")
T = TypeVar("T", bound="Tagged")
_REQUIRED: Any = object()  # stands for "no default" in a dump plan
_SCALARS = frozenset({str, int, float, bool, type(None)})  # dumped as they are

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_: Any) -> Any:
        """For type checkers only."""
        return lambda cls: cls


class RecordMeta(msgspec.StructMeta):
    """Makes every record class keyword-only (``kw_only=True``), so that its fields keep
    the order of the files (a required field may follow one with a default)."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any],
                **options: Any) -> RecordMeta:
        options.setdefault("kw_only", True)
        return super().__new__(mcls, name, bases, namespace, **options)


@dataclass_transform(frozen_default=True, kw_only_default=True,
                     field_specifiers=(msgspec.field,))
class Record(msgspec.Struct, metaclass=RecordMeta, forbid_unknown_fields=True, frozen=True):
    """A frozen record whose fields are checked on the way in.

    Build one from data with :meth:`model_validate`; read it back as plain data with
    :meth:`model_dump`; change it with :meth:`model_copy`. Records compare equal when
    their class and fields are equal, and can be hashed.
    """

    @classmethod
    def model_validate(cls: type[R], data: Any) -> R:
        """A record from parsed JSON or plain data (records in it are taken as they are;
        a record of this class is returned as it is). Raises Invalid."""
        try:
            return msgspec.convert(data, cls, strict=True)
        except msgspec.ValidationError as exc:
            # Loaded only when a value is refused: it and msgspec.inspect, which it uses,
            # cost about 5 ms to import, a fifth of the records' share of every start.
            from .record_messages import explain

            raise explain(cls, data, str(exc)) from None

    def model_dump(self, mode: Literal["python", "json"] = "python", exclude_none: bool = False,
                   exclude_defaults: bool = False) -> dict[str, Any]:
        """The fields as plain data, in field order, lists as lists (``mode="json"``: dates
        as text too). A tagged record's ``type`` comes after the fields it inherits."""
        json = mode == "json"
        out: dict[str, Any] = {}
        for name, default, tag in _dump_plan(type(self)):
            value = getattr(self, name) if tag is None else tag
            if (exclude_none and value is None) or (exclude_defaults and value == default):
                continue
            out[name] = value if type(value) in _SCALARS else _plain(
                value, json, exclude_none, exclude_defaults)
        return out

    def model_copy(self: R, update: Mapping[str, Any] | None = None) -> R:
        """A copy with some fields replaced, checked like new data (raises Invalid)."""
        data = {name: getattr(self, name) for name in self.__struct_fields__}
        data.update(update or {})
        config = self.__struct_config__
        if config.tag_field is not None:
            data[config.tag_field] = config.tag
        return type(self).model_validate(data)


class TypeName:
    """A kind's name, read from its class: ``TitleBlock.type`` and ``block.type`` are
    ``"title"``, the ``type`` its data gives."""

    def __get__(self, record: object, cls: type[Any]) -> str:
        return str(cls.__struct_config__.tag)


class Tagged(Record, tag_field="type"):
    """A record of one of several kinds, told apart in its data by a ``type`` field
    (a layout's blocks, a section's paragraphs and lists). Each kind declares its name
    with ``tag=...`` in its class line; :func:`kinds` gathers them."""

    type: ClassVar[TypeName] = TypeName()


def kinds(base: type[T]) -> dict[str, type[T]]:
    """The record classes derived from ``base``, by their ``type`` name, in the order
    they are declared."""
    out: dict[str, type[T]] = {}
    for cls in base.__subclasses__():
        if cls.__struct_config__.tag == cls.__name__:  # msgspec's name when none is given
            raise TypeError(f"{cls.__name__} needs a type name: class {cls.__name__}"
                            f"({base.__name__}, tag=...)")
        out[cls.type] = cls
    return out


def one_of(classes: Iterable[type[Tagged]]) -> Any:
    """The union of tagged record classes, for a field that holds any one of them."""
    return reduce(operator.or_, classes)


def matching(pattern: str, hint: str = "", min_length: int | None = None,
             max_length: int | None = None) -> msgspec.Meta:
    """The rule for text that matches ``pattern`` (``^...$``) whole, named in messages by
    the pattern and ``hint``. msgspec searches with the pattern, where ``$`` also matches
    before a final newline, so the rule ends it with ``\\Z`` instead."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise ValueError(f"a pattern for whole values starts with ^ and ends with $: {pattern}")
    return msgspec.Meta(pattern=pattern[:-1] + r"\Z", min_length=min_length,
                        max_length=max_length, extra={"pattern": pattern, "hint": hint})


@cache
def _dump_plan(cls: type[Record]) -> tuple[tuple[str, Any, str | None], ...]:
    """Each field's name, default (``_REQUIRED``: none) and, for the ``type`` of a tagged
    class, its value, in the order a dump lists them: the ``type`` goes after the fields
    the class inherits, where the files have it."""
    plan: list[tuple[str, Any, str | None]] = [
        (f.name, _default(f), None) for f in msgspec.structs.fields(cls)]
    config = cls.__struct_config__
    if config.tag_field is not None:
        inherited = getattr(cls.__mro__[1], "__struct_fields__", ())
        plan.insert(len(inherited), (config.tag_field, _REQUIRED, str(config.tag)))
    return tuple(plan)


def _default(field: msgspec.structs.FieldInfo) -> Any:
    if field.default is not msgspec.NODEFAULT:
        return field.default
    if field.default_factory is not msgspec.NODEFAULT:
        return field.default_factory()
    return _REQUIRED


def _plain(value: Any, json: bool, exclude_none: bool, exclude_defaults: bool) -> Any:
    """A field's value as plain data."""
    if isinstance(value, Record):
        return value.model_dump("json" if json else "python", exclude_none, exclude_defaults)
    if type(value) is tuple:
        return [_plain(v, json, exclude_none, exclude_defaults) for v in value]
    if json and isinstance(value, date):
        return value.isoformat()
    return value
