"""The record layer under every data file: strict types, whole-value patterns, paths to
the bad value in plain words, records frozen all the way down, checked copies, and a
lossless trip through plain data."""
from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.clinic import DEFAULT_PROFILE, ClinicProfile
from gutskin_desktop.model.content import Content, Paragraph
from gutskin_desktop.model.diagram import Diagram, Edge, Node
from gutskin_desktop.model.errors import Invalid
from gutskin_desktop.model.layout import (
    DETAIL_FIELDS,
    DetailsBlock,
    Frame,
    Layout,
    SectionsBlock,
    Style,
    TitleBlock,
)
from gutskin_desktop.model.layout_files import open_layout, shipped_layout_files
from gutskin_desktop.model.records import Record

BUNDLE = load_bundle()
NODE = {"id": "gut", "label": "Gut", "kind": "hub", "section": "overview", "x": 10.0,
        "y": -20.5}
MSGSPEC_WORDS = ("Expected", "`", "$.", "Object ", "Invalid ")


def refused(cls: type[Record], data: Any) -> Invalid:
    with pytest.raises(Invalid) as caught:
        cls.model_validate(data)
    return caught.value


@pytest.mark.parametrize(("field", "value", "words"), [
    ("x", "10", "expected a number, not text"),
    ("x", True, "expected a number, not true or false"),
    ("x", None, "expected a number, not null"),
    ("x", [1], "expected a number, not a list"),
    ("x", float("nan"), "must be a finite number"),
    ("x", float("inf"), "must be a finite number"),
    ("x", 100000.5, "must be at most 100000, not 100000.5"),
    ("x", -10**400, "must be at least -100000"),  # past the largest float: no overflow
    ("label", 5, "expected a string, not a number"),
    ("label", "", "must not be empty"),
    ("label", "x" * 61, "must be at most 60 characters long (it has 61)"),
    ("kind", "box", "must be one of 'hub', 'mechanism', 'note', not 'box'"),
    ("kind", ["hub"], "one of"),
    ("id", "Gut", "must match the pattern ^[a-z][a-z0-9-]{0,39}$ (lower-case letters"),
    ("id", "gut\n", "pattern"),  # a pattern's $ must not let a trailing newline through
    ("color", "#12345", "must match the pattern ^#[0-9a-fA-F]{6}$ (a colour like #1f6f8b)"),
    ("color", "#1234567", "pattern"),
    ("color", "#123456\n", "pattern"),
], ids=lambda v: repr(v)[:20])
def test_a_bad_value_is_refused_with_its_field_and_why(field: str, value: Any,
                                                         words: str) -> None:
    error = refused(Node, {**NODE, field: value})
    assert error.loc == [field]
    assert words in error.reason
    assert str(error) == f"{field}: {error.reason}"


def test_whole_numbers_decimals_and_booleans_are_not_mixed() -> None:
    frame = {"page": 1, "x_mm": 0, "y_mm": 0, "w_mm": 10, "h_mm": 10}
    made = Frame.model_validate(frame)
    assert (made.x_mm, made.w_mm) == (0.0, 10.0) and type(made.x_mm) is float
    assert refused(Frame, {**frame, "page": 2.0}).reason == (
        "expected a whole number (integer), not 2.0")
    assert refused(Frame, {**frame, "page": True}).reason == (
        "expected a whole number (integer), not true or false")
    assert refused(Frame, {**frame, "page": 201}).reason == "must be at most 200, not 201"
    assert refused(Frame, {**frame, "w_mm": 0}).reason == "must be more than 0, not 0"
    assert refused(Edge, {"source": "a", "target": "b", "two_way": 1}).reason == (
        "expected true or false (a boolean), not a number")


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
    assert refused(Diagram, {**data, "nodes": "gut"}).reason == "expected a list, not text"
    assert refused(Diagram, [data]).reason == "expected an object, not a list"
    error = refused(Diagram, {**data, "nodes": [NODE, 3]})
    assert (error.loc, error.reason) == (["nodes", 1], "expected an object, not a number")


def test_a_block_of_an_unknown_type_names_the_type() -> None:
    layout = open_layout("a4-handout", BUNDLE.content).model_dump()
    layout["blocks"][2]["type"] = "chart"
    error = refused(Layout, layout)
    assert error.loc == ["blocks", 2, "type"]
    assert error.reason.startswith("must be one of 'title', 'diagram', 'sections',")
    assert error.reason.endswith(", not 'chart'")
    del layout["blocks"][2]["type"]
    error = refused(Layout, layout)
    assert (error.loc, error.reason) == (["blocks", 2, "type"], "required field is missing")
    layout["blocks"][2] = "sections"
    assert refused(Layout, layout).reason == "expected an object, not text"


def test_choices_are_listed_in_the_order_they_are_written() -> None:
    error = refused(Style, {"align": "middle"})
    assert error.reason == "must be one of 'left', 'center', 'right', 'justify', not 'middle'"
    page = open_layout("a4-handout", BUNDLE.content).page.model_dump()
    error = refused(Layout, {**open_layout("a4-handout").model_dump(),
                             "page": {**page, "size": "A5"}})
    assert error.loc == ["page", "size"]
    assert error.reason == ("must be one of 'A4', 'Letter', 'A3', 'A2', 'A1', 'custom', "
                            "not 'A5'")


def test_dates_are_written_year_month_day() -> None:
    data = BUNDLE.content.model_dump(mode="json")
    assert Content.model_validate(data) == BUNDLE.content
    for bad in ("26/11/2026", "20261126", 20261126, "2026-11-26T10:00"):
        error = refused(Content, {**data, "reviewed": bad})
        assert error.loc == ["reviewed"]
        assert error.reason.startswith("expected a date as YYYY-MM-DD, not ")
    for impossible in ("2026-02-30", "2026-13-01"):
        assert refused(Content, {**data, "reviewed": impossible}).reason == (
            f"'{impossible}' is not a day of the calendar (a date as YYYY-MM-DD)")


def test_records_are_frozen_all_the_way_down() -> None:
    diagram, layout = BUNDLE.diagram, open_layout("a4-handout", BUNDLE.content)
    with pytest.raises(AttributeError):
        diagram.nodes[0].x = 5.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del diagram.nodes[0].label  # type: ignore[misc]
    with pytest.raises(AttributeError):
        diagram.nodes.append(diagram.nodes[0])  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        layout.blocks[0].style.font_size = 99  # type: ignore[misc]
    text = BUNDLE.content.sections[0].patient
    with pytest.raises(TypeError):
        text[0] = text[1]  # type: ignore[index]
    assert hash(layout) == hash(open_layout("a4-handout", BUNDLE.content))
    assert hash(diagram) == hash(Diagram.model_validate(diagram.model_dump()))
    assert {BUNDLE.content, BUNDLE.content} == {BUNDLE.content}


def test_a_changed_copy_is_checked_like_new_data() -> None:
    node = Node.model_validate(NODE)
    moved = node.model_copy(update={"x": 5.0})
    assert (moved.x, node.x, moved.label) == (5.0, 10.0, "Gut")
    assert moved != node and moved == Node.model_validate({**NODE, "x": 5.0})
    assert hash(moved) == hash(Node.model_validate({**NODE, "x": 5.0}))
    with pytest.raises(Invalid) as caught:
        Style().model_copy(update={"font_size": "huge"})
    assert (caught.value.loc, caught.value.reason) == (["font_size"], "expected a number, not text")
    with pytest.raises(Invalid, match="unknown field"):
        node.model_copy(update={"size": 3})
    block = open_layout("a4-handout", BUNDLE.content).block("sections")
    assert isinstance(block, SectionsBlock)
    assert block.model_copy(update={"text": "presenter"}).text == "presenter"
    with pytest.raises(Invalid) as caught:
        block.model_copy(update={"text": "doctor"})
    assert caught.value.loc == ["text"] and "'patient', 'presenter'" in caught.value.reason


def test_records_in_data_are_taken_as_they_are() -> None:
    node = Node.model_validate(NODE)
    assert Node.model_validate(node) is node
    diagram = Diagram.model_validate({"format_version": 1, "title": "t", "nodes": [node]})
    assert diagram.nodes[0] is node
    assert repr(node).startswith("Node(id='gut', label='Gut', patient_label=None, kind='hub'")


def test_defaults_fill_in() -> None:
    block = {"id": "d", "x_mm": 0, "y_mm": 0, "w_mm": 10, "h_mm": 10, "type": "details"}
    made = DetailsBlock.model_validate(block)
    assert made.fields == DETAIL_FIELDS and made.page == 1 and made.style == Style()
    assert made.model_dump(exclude_defaults=True) == block
    assert ClinicProfile.model_validate({"format_version": 1}) == DEFAULT_PROFILE


def test_a_dump_lists_the_fields_in_order_with_the_type_after_the_inherited_ones() -> None:
    title = TitleBlock.model_validate({"id": "t", "type": "title", "x_mm": 1, "y_mm": 2,
                                       "w_mm": 3, "h_mm": 4, "text": "Hello"})
    assert list(title.model_dump()) == ["id", "page", "x_mm", "y_mm", "w_mm", "h_mm", "style",
                                        "wrap", "type", "text", "subtitle"]
    assert Paragraph(text="Hi").model_dump() == {"type": "paragraph", "text": "Hi"}
    dumped = BUNDLE.content.model_dump(mode="json", exclude_none=True)
    assert dumped["reviewed"] == BUNDLE.content.reviewed.isoformat()
    assert type(dumped["sections"]) is list and type(dumped["sections"][0]["patient"]) is list


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


# --- every refusal is told in plain words -------------------------------------------------

SAMPLES: dict[type[Record], dict[str, Any]] = {
    Node: {**NODE, "tooltip": "tip", "color": "#aabbcc"},
    Edge: {"source": "a", "target": "b", "label": "feeds", "two_way": True, "bend": 0.5},
    Style: {"font_size": 11, "heading_color": "#112233", "align": "justify",
            "padding_mm": 2.5},
    Frame: {"page": 2, "x_mm": 10.0, "y_mm": 12, "w_mm": 50.5, "h_mm": 80},
    DetailsBlock: {"id": "d", "x_mm": 0, "y_mm": 0, "w_mm": 10, "h_mm": 10, "type": "details",
                   "fields": ["clinic", "date"], "style": {"color": "#000000"}},
    ClinicProfile: {"format_version": 1, "reviewed": "2026-01-02", "can_do": ["Rest."],
                    "date_format": "dmy"},
}
# values at and past the fields' limits, of every JSON type
EDGE_VALUES: list[Any] = [
    None, True, False, 0, 1, 6, 7, 200, 201, -1, 0.0, -0.0, 1.0, -1.0, 1.5, 4.0, 3.9, 100.0,
    400.5, 5000.0, 5000.5, -50.0, -50.5, 100000.0, 100000.5, math.inf, -math.inf, math.nan,
    10**400, "", "a", "gut", "Gut", "a\n", "#aabbcc", "#AABBCC", "#aabbc", "hub", "justify",
    "clinic", "2026-02-30", "x" * 60, "x" * 61, "x" * 301, [], ["clinic"], ["clinic", "fax"],
    ["clinic"] * 7, [""], {}, {"color": "#000000"}, {"color": "red"}, {"type": "title"},
    Style()]
ODD_VALUES = st.one_of(st.sampled_from(EDGE_VALUES), st.integers(-10**6, 10**6),
                       st.floats(allow_nan=True), st.text(max_size=70))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type[Record], Any]:
    cls = draw(st.sampled_from(sorted(SAMPLES, key=lambda c: c.__name__)))
    data = dict(SAMPLES[cls])
    for name in draw(st.lists(st.sampled_from([*cls.__struct_fields__, "type", "extra"]),
                              max_size=3)):
        if draw(st.booleans()):
            data.pop(name, None)
        else:
            data[name] = draw(ODD_VALUES)
    return cls, data if draw(st.integers(0, 20)) else draw(ODD_VALUES)


def _is_told_plainly(cls: type[Record], data: Any) -> None:
    try:
        cls.model_validate(data)
        return
    except Invalid as error:
        problem = error
    assert problem.reason and not any(w in problem.reason for w in MSGSPEC_WORDS), problem
    if problem.reason in ("unknown field", "required field is missing"):
        assert isinstance(problem.loc[-1], str)


@pytest.mark.parametrize("cls", list(SAMPLES), ids=lambda c: c.__name__)
def test_every_value_at_a_limit_is_told_plainly(cls: type[Record]) -> None:
    for name in [*cls.__struct_fields__, "extra"]:
        _is_told_plainly(cls, {k: v for k, v in SAMPLES[cls].items() if k != name})
        for value in EDGE_VALUES:
            _is_told_plainly(cls, {**SAMPLES[cls], name: value})


@given(mutated())
@settings(max_examples=300, deadline=None)
def test_any_refusal_is_told_plainly(case: tuple[type[Record], Any]) -> None:
    _is_told_plainly(*case)


FILE_MODULES = ("layout", "content", "diagram", "clinic", "theme_files")


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return out


def test_record_fields_are_types() -> None:
    # The records read from files keep their field types as objects, not text: msgspec
    # compiled each text annotation at the first read of a file (~7 ms of every export's
    # and the app's start, before the modules dropped `from __future__ import annotations`).
    import importlib

    for name in FILE_MODULES:
        importlib.import_module(f"gutskin_desktop.model.{name}")
    records = [cls for cls in _subclasses(Record)
               if cls.__module__.rsplit(".", 1)[-1] in FILE_MODULES]
    assert len(records) > 20
    for cls in records:
        text = {field: hint for field, hint in vars(cls).get("__annotations__", {}).items()
                if isinstance(hint, str)}
        assert not text, f"{cls.__qualname__}: {text}"
