"""The record layer under every data file: strict types, whole-value patterns, paths to
the bad value, frozen records, and a lossless trip through plain data."""
from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.content import Content
from gutskin_desktop.model.diagram import Diagram, Edge, Node
from gutskin_desktop.model.layout import DETAIL_FIELDS, DetailsBlock, Frame, Layout, Style
from gutskin_desktop.model.layout_files import open_layout, shipped_layout_files
from gutskin_desktop.model.schema import (COMPILE_AFTER, Invalid, Record, compile_fast_path,
                                          number, string)

BUNDLE = load_bundle()
NODE = {"id": "gut", "label": "Gut", "kind": "hub", "section": "overview", "x": 10.0,
        "y": -20.5}


def refused(cls: type[Record], data: Any) -> Invalid:
    with pytest.raises(Invalid) as caught:
        cls.model_validate(data)
    return caught.value


@pytest.mark.parametrize(("field", "value", "words"), [
    ("x", "10", "expected a number, not text"),
    ("x", True, "expected a number, not true or false"),
    ("x", None, "expected a number, not null"),
    ("x", [1], "expected a number, not a list"),
    ("x", float("nan"), "finite"),
    ("x", float("inf"), "finite"),
    ("x", 100000.5, "at most 100000"),
    ("label", 5, "expected a string, not a number"),
    ("label", "", "must not be empty"),
    ("label", "x" * 61, "at most 60 characters"),
    ("kind", "box", "one of 'hub', 'mechanism', 'note'"),
    ("kind", ["hub"], "one of"),
    ("id", "Gut", "pattern"),
    ("id", "gut\n", "pattern"),  # a pattern's $ must not let a trailing newline through
    ("color", "#12345", "pattern"),
    ("color", "#1234567", "pattern"),
], ids=lambda v: repr(v)[:20])
def test_a_bad_value_is_refused_with_its_field_and_why(field: str, value: Any,
                                                         words: str) -> None:
    error = refused(Node, {**NODE, field: value})
    assert error.loc == [field]
    assert words in error.reason


def test_whole_numbers_decimals_and_booleans_are_not_mixed() -> None:
    frame = {"page": 1, "x_mm": 0, "y_mm": 0, "w_mm": 10, "h_mm": 10}
    made = Frame.model_validate(frame)
    assert (made.x_mm, made.w_mm) == (0.0, 10.0) and type(made.x_mm) is float
    assert "integer" in refused(Frame, {**frame, "page": 2.0}).reason
    assert "integer" in refused(Frame, {**frame, "page": True}).reason
    assert "more than 0" in refused(Frame, {**frame, "w_mm": 0}).reason
    assert "boolean" in refused(Edge, {"source": "a", "target": "b", "two_way": 1}).reason


def test_missing_unknown_and_nested_fields_are_named_by_their_path() -> None:
    data = {"format_version": 1, "title": "t", "nodes": [NODE, {**NODE, "id": "skin"}]}
    assert Diagram.model_validate(data).nodes[1].id == "skin"
    without_label = {k: v for k, v in NODE.items() if k != "label"}
    error = refused(Diagram, {**data, "nodes": [NODE, without_label]})
    assert (error.loc, error.reason) == (["nodes", 1, "label"], "required field is missing")
    error = refused(Diagram, {**data, "nodes": [NODE, {**NODE, "size": 3}]})
    assert (error.loc, error.reason) == (["nodes", 1, "size"], "unknown field")
    error = refused(Diagram, {**data, "tour": ["gut", "Skin"]})
    assert error.loc == ["tour", 1]
    assert str(error).startswith("tour[1]: must match the pattern")
    assert refused(Diagram, {**data, "nodes": []}).reason == "must have at least 1 item"
    assert refused(Diagram, [data]).reason == "expected an object, not a list"


def test_a_block_of_an_unknown_type_names_the_type() -> None:
    layout = open_layout("a4-handout", BUNDLE.content).model_dump()
    layout["blocks"][2]["type"] = "chart"
    error = refused(Layout, layout)
    assert error.loc == ["blocks", 2, "type"]
    assert "'chart'" in error.reason and "'sections'" in error.reason
    del layout["blocks"][2]["type"]
    assert refused(Layout, layout).reason == "required field is missing"


def test_dates_are_written_year_month_day() -> None:
    data = BUNDLE.content.model_dump(mode="json")
    assert Content.model_validate(data) == BUNDLE.content
    for bad in ("26/11/2026", "2026-02-30", "20261126", 20261126):
        error = refused(Content, {**data, "reviewed": bad})
        assert error.loc == ["reviewed"] and "YYYY-MM-DD" in error.reason
    assert "not a day of the calendar" in refused(Content, {**data, "reviewed": "2026-13-01"}).reason


def test_records_are_frozen_and_change_by_copy() -> None:
    node = Node.model_validate(NODE)
    with pytest.raises(AttributeError, match="read-only"):
        node.x = 5.0  # type: ignore[misc]
    with pytest.raises(AttributeError, match="read-only"):
        del node.label
    moved = node.model_copy(update={"x": 5.0})
    assert (moved.x, node.x, moved.label) == (5.0, 10.0, "Gut")
    assert moved != node and moved == Node.model_validate({**NODE, "x": 5.0})
    assert hash(moved) == hash(Node.model_validate({**NODE, "x": 5.0}))
    assert Node.model_validate(node) is node
    assert repr(node).startswith("Node(id='gut', label='Gut', patient_label=None, kind='hub'")


def test_defaults_fill_in_and_are_not_shared() -> None:
    block = {"id": "d", "x_mm": 0, "y_mm": 0, "w_mm": 10, "h_mm": 10, "type": "details"}
    one, two = DetailsBlock.model_validate(block), DetailsBlock.model_validate(block)
    assert one.fields == list(DETAIL_FIELDS) and one.page == 1 and one.style == Style()
    one.fields.append("x")
    assert two.fields == list(DETAIL_FIELDS)
    assert DetailsBlock.model_validate(block).model_dump(exclude_defaults=True) == block


@pytest.mark.parametrize("name", [p.stem for p in shipped_layout_files()])
def test_every_shipped_layout_survives_a_trip_through_plain_data(name: str) -> None:
    layout = open_layout(name, BUNDLE.content)
    for mode in ("python", "json"):
        for trimmed in (False, True):
            data = layout.model_dump(mode=mode, exclude_none=trimmed, exclude_defaults=trimmed)
            assert Layout.model_validate(data) == layout


def test_the_diagram_and_content_survive_a_trip_through_plain_data() -> None:
    diagram = BUNDLE.diagram
    assert Diagram.model_validate(diagram.model_dump(exclude_defaults=True)) == diagram
    assert Content.model_validate(BUNDLE.content.model_dump(mode="json")) == BUNDLE.content


def test_a_record_class_needs_a_check_for_each_annotated_field() -> None:
    with pytest.raises(TypeError, match="width"):
        class Box(Record):
            width: float
            height: float = number(ge=0)
    with pytest.raises(TypeError, match="name"):
        class Tag(Record):
            name = string()


def test_limits_that_admit_everything_still_refuse_non_finite_numbers() -> None:
    class Point(Record):
        x: float = number()

    assert Point(x=-1e300).x == -1e300
    with pytest.raises(Invalid, match="at most"):
        Point(x=10**400)  # past the largest float: refused, not an overflow
    for bad in (math.inf, -math.inf, math.nan):
        with pytest.raises(Invalid, match="finite"):
            Point(x=bad)


# --- the compiled fast path of busy record classes ----------------------------------------

SAMPLES: dict[type[Record], dict[str, Any]] = {
    Node: {**NODE, "tooltip": "tip", "color": "#aabbcc"},
    Edge: {"source": "a", "target": "b", "label": "feeds", "two_way": True, "bend": 0.5},
    Style: {"font_size": 11, "heading_color": "#112233", "align": "justify",
            "padding_mm": 2.5},
    Frame: {"page": 2, "x_mm": 10.0, "y_mm": 12, "w_mm": 50.5, "h_mm": 80},
    DetailsBlock: {"id": "d", "x_mm": 0, "y_mm": 0, "w_mm": 10, "h_mm": 10, "type": "details",
                   "fields": ["clinic", "date"], "style": {"color": "#000000"}},
}
# values at and past the fields' limits, of every JSON type
EDGE_VALUES: list[Any] = [
    None, True, False, 0, 1, 6, 7, 200, 201, -1, 0.0, -0.0, 1.0, -1.0, 1.5, 4.0, 3.9, 100.0,
    400.5, 5000.0, 5000.5, -50.0, -50.5, 100000.0, 100000.5, math.inf, -math.inf, math.nan,
    "", "a", "gut", "Gut", "a\n", "#aabbcc", "#AABBCC", "#aabbc", "hub", "justify", "clinic",
    "x" * 60, "x" * 61, "x" * 301, [], ["clinic"], ["clinic", "fax"], ["clinic"] * 7, {},
    {"color": "#000000"}, {"color": "red"}, Style()]
ODD_VALUES = st.one_of(st.sampled_from(EDGE_VALUES), st.integers(-10**6, 10**6),
                       st.floats(allow_nan=True), st.text(max_size=70))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type[Record], Any]:
    cls = draw(st.sampled_from(sorted(SAMPLES, key=lambda c: c.__name__)))
    data = dict(SAMPLES[cls])
    for name in draw(st.lists(st.sampled_from([*cls._fields, "extra"]), max_size=3)):
        if draw(st.booleans()):
            data.pop(name, None)
        else:
            data[name] = draw(ODD_VALUES)
    return cls, data if draw(st.integers(0, 20)) else draw(ODD_VALUES)


def outcome(check: Any, data: Any) -> tuple[Any, ...]:
    try:
        return ("made", check(data))
    except Invalid as exc:
        return ("refused", exc.loc, exc.reason)


@pytest.mark.parametrize("cls", list(SAMPLES), ids=lambda c: c.__name__)
def test_the_compiled_fast_path_agrees_at_every_limit(cls: type[Record]) -> None:
    fast = compile_fast_path(cls)
    for name in [*cls._fields, "extra"]:
        missing = {k: v for k, v in SAMPLES[cls].items() if k != name}
        cases = [missing] + [{**SAMPLES[cls], name: value} for value in EDGE_VALUES]
        for data in cases:
            assert outcome(fast, data) == outcome(cls._generic, data), data


@given(mutated())
@settings(max_examples=300)
def test_the_compiled_fast_path_agrees_with_the_field_loop(case: tuple[type[Record],
                                                                    Any]) -> None:
    cls, data = case
    assert outcome(compile_fast_path(cls), data) == outcome(cls._generic, data)


def test_a_busy_class_keeps_its_messages_once_compiled() -> None:
    data = {"format_version": 1, "title": "t",
            "nodes": [{**NODE, "id": f"n{i}"} for i in range(COMPILE_AFTER + 50)]}
    bad = {**data, "nodes": [*data["nodes"][:-1], {**NODE, "id": "n-last", "x": "1"}]}
    first = refused(Diagram, bad)
    diagram = Diagram.model_validate(data)
    assert diagram.nodes[-1] == Node.model_validate({**NODE, "id": f"n{COMPILE_AFTER + 49}"})
    again = refused(Diagram, bad)
    assert (again.loc, again.reason) == (first.loc, first.reason)
    assert again.loc == ["nodes", COMPILE_AFTER + 49, "x"]
