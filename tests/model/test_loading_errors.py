"""Broken content and diagram files fail with a LoadError naming the file, the field and why."""
from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.content import load_content
from gutskin_desktop.model.diagram import load_diagram
from gutskin_desktop.model.errors import LoadError

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "gutskin_desktop" / "data" / "content.json"
DIAGRAM = ROOT / "gutskin_desktop" / "data" / "diagram.json"
SHIPPED_CONTENT: dict[str, Any] = json.loads(CONTENT.read_text(encoding="utf-8"))
SHIPPED_DIAGRAM: dict[str, Any] = json.loads(DIAGRAM.read_text(encoding="utf-8"))

Mutate = Callable[[dict[str, Any]], None]


def node_index(section: str) -> int:
    """The index of the shipped diagram's first node opening ``section``."""
    return next(i for i, n in enumerate(SHIPPED_DIAGRAM["nodes"]) if n["section"] == section)


def write(folder: Path, name: str, data: bytes | str | dict[str, Any]) -> Path:
    path = folder / name
    if isinstance(data, dict):
        data = json.dumps(data, indent=2)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def broken(original: dict[str, Any], mutate: Mutate) -> dict[str, Any]:
    data = copy.deepcopy(original)
    mutate(data)
    return data


def expect_error(load: Callable[[Path], object], path: Path, field: str,
                 *reason: str) -> LoadError:
    """Load ``path``; check the LoadError names the file, the field and the reason."""
    with pytest.raises(LoadError) as caught:
        load(path)
    error = caught.value
    text = str(error)
    assert error.path == str(path)
    assert str(path) in text
    assert error.field == field, text
    if field:
        assert f"{path}: {field}: " in text
    assert error.reason.strip(), text
    for part in reason:
        assert part.lower() in text.lower(), (part, text)
    assert text == f"{path}: {field}: {error.reason}" if field else f"{path}: {error.reason}"
    return error


def test_shipped_files_load() -> None:
    bundle = load_bundle(CONTENT, DIAGRAM)
    assert len(bundle.content.sections) == 9
    assert len(bundle.diagram.nodes) >= 9


# --- syntax ---------------------------------------------------------------------------------

def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    text = json.dumps(SHIPPED_CONTENT, indent=2).splitlines()
    text[3] = text[3].rstrip(",")  # drop the comma that ends line 4
    path = write(tmp_path, "content.json", "\n".join(text))
    error = expect_error(load_content, path, "", "bad JSON", "line 5")
    assert "column" in error.reason


def test_trailing_garbage_is_invalid_json(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json", json.dumps(SHIPPED_DIAGRAM) + "\n}")
    expect_error(load_diagram, path, "", "bad JSON", "line 2")


def test_duplicate_key_in_an_object(tmp_path: Path) -> None:
    text = json.dumps(SHIPPED_CONTENT, indent=2).replace(
        '"id": "immune",', '"id": "immune",\n      "id": "immune2",', 1)
    path = write(tmp_path, "content.json", text)
    expect_error(load_content, path, "", "duplicate key", "'id'")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals(tmp_path: Path, literal: str) -> None:
    text = json.dumps(SHIPPED_DIAGRAM).replace('"x": 110', f'"x": {literal}', 1)
    assert literal in text
    path = write(tmp_path, "diagram.json", text)
    expect_error(load_diagram, path, "", literal, "not a number")


def test_not_utf8(tmp_path: Path) -> None:
    data = json.dumps(SHIPPED_CONTENT).encode("utf-8").replace(b"general", b"gen\xff\xfeal", 1)
    path = write(tmp_path, "content.json", data)
    expect_error(load_content, path, "", "UTF-8")


def test_latin1_text_is_not_utf8(tmp_path: Path) -> None:
    text = json.dumps(SHIPPED_CONTENT, ensure_ascii=False).replace("general", "g\u00e9n\u00e9ral")
    path = write(tmp_path, "content.json", text.encode("latin-1"))
    expect_error(load_content, path, "", "UTF-8")


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "content.json", b"\xef\xbb\xbf" + CONTENT.read_bytes())
    assert len(load_content(path).sections) == 9


# --- the file itself ------------------------------------------------------------------------

def test_missing_file(tmp_path: Path) -> None:
    expect_error(load_content, tmp_path / "nowhere.json", "", "no such file")
    expect_error(load_diagram, tmp_path / "nowhere.json", "", "no such file")


def test_path_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "content.json"
    folder.mkdir()
    expect_error(load_content, folder, "", "folder")
    expect_error(load_diagram, folder, "", "folder")


def test_nesting_deeper_than_64_levels(tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.json", "[" * 65 + "]" * 65)
    expect_error(load_content, deep, "", "nested", "64")
    inner = json.dumps(SHIPPED_DIAGRAM)
    nested = inner[:-1] + ', "extra": ' + "[" * 70 + "]" * 70 + "}"
    expect_error(load_diagram, write(tmp_path, "diagram.json", nested), "", "nested")


def test_nesting_of_64_levels_is_parsed(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.json", "[" * 64 + "]" * 64)
    # Parsed fine, then refused because it is not an object: the depth limit is exactly 64.
    expect_error(load_content, path, "(top level)", "object")


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    title = 'a "quoted\\" [' + "[" * 40 + "{" * 40  # 81 unclosed brackets, one escaped quote
    data = broken(SHIPPED_CONTENT, lambda c: c.update(title=title))
    assert len(load_content(write(tmp_path, "content.json", data)).sections) == 9


def test_file_over_5_mb(tmp_path: Path) -> None:
    padding = " " * (5 * 1024 * 1024)
    path = write(tmp_path, "content.json", json.dumps(SHIPPED_CONTENT) + padding)
    expect_error(load_content, path, "", "5 MB")
    path = write(tmp_path, "diagram.json", json.dumps(SHIPPED_DIAGRAM) + padding)
    expect_error(load_diagram, path, "", "5 MB")


# --- versions -------------------------------------------------------------------------------

@pytest.mark.parametrize(("original", "load"), [(SHIPPED_CONTENT, load_content),
                                                (SHIPPED_DIAGRAM, load_diagram)],
                         ids=["content", "diagram"])
def test_future_format_version(tmp_path: Path, original: dict[str, Any],
                               load: Callable[[Path], object]) -> None:
    path = write(tmp_path, "data.json",
                 broken(original, lambda d: d.update(format_version=99)))
    expect_error(load, path, "format_version", "99", "newer")


@pytest.mark.parametrize("version", [0, "1", 1.5, True, None])
def test_bad_format_version(tmp_path: Path, version: object) -> None:
    path = write(tmp_path, "content.json",
                 broken(SHIPPED_CONTENT, lambda d: d.update(format_version=version)))
    expect_error(load_content, path, "format_version")


def test_missing_format_version(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d.pop("format_version")))
    expect_error(load_diagram, path, "format_version", "required")


def test_top_level_must_be_an_object(tmp_path: Path) -> None:
    path = write(tmp_path, "content.json", "[1, 2, 3]")
    expect_error(load_content, path, "(top level)", "object")


# --- fields ---------------------------------------------------------------------------------

def test_missing_field(tmp_path: Path) -> None:
    path = write(tmp_path, "content.json",
                 broken(SHIPPED_CONTENT, lambda c: c["sections"][2].pop("title")))
    expect_error(load_content, path, "sections[2].title", "missing")


def test_missing_node_field(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d["nodes"][3].pop("x")))
    expect_error(load_diagram, path, "nodes[3].x", "missing")


def test_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, "content.json",
                 broken(SHIPPED_CONTENT, lambda c: c["sections"][2].update(title=42)))
    expect_error(load_content, path, "sections[2].title", "string")


def test_number_given_as_text(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d["nodes"][1].update(x="430")))
    expect_error(load_diagram, path, "nodes[1].x", "number")


def test_unknown_field(tmp_path: Path) -> None:
    path = write(tmp_path, "content.json",
                 broken(SHIPPED_CONTENT, lambda c: c["sections"][2].update(colour="red")))
    expect_error(load_content, path, "sections[2].colour", "unknown field")


def test_unknown_top_level_field(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d.update(scale=2)))
    expect_error(load_diagram, path, "scale", "unknown field")


def test_bad_date(tmp_path: Path) -> None:
    path = write(tmp_path, "content.json",
                 broken(SHIPPED_CONTENT, lambda c: c.update(reviewed="26/11/2026")))
    expect_error(load_content, path, "reviewed", "YYYY-MM-DD")


def test_bad_block_type(tmp_path: Path) -> None:
    path = write(tmp_path, "content.json", broken(
        SHIPPED_CONTENT, lambda c: c["sections"][1]["patient"][0].update(type="table")))
    expect_error(load_content, path, "sections[1].patient[0].type", "'table'", "'paragraph'")


def test_duplicate_section_id(tmp_path: Path) -> None:
    path = write(tmp_path, "content.json",
                 broken(SHIPPED_CONTENT, lambda c: c["sections"][4].update(id="immune")))
    expect_error(load_content, path, "sections[4].id", "duplicate", "immune")


# --- diagram structure ----------------------------------------------------------------------

def test_edge_to_unknown_node(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d["edges"][0].update(target="liver")))
    expect_error(load_diagram, path, "edges[0].target", "no node", "liver")


def test_edge_from_unknown_node(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d["edges"][2].update(source="liver")))
    expect_error(load_diagram, path, "edges[2].source", "no node", "liver")


def test_edge_to_itself(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d["edges"][1].update(target="gut")))
    expect_error(load_diagram, path, "edges[1]", "two different nodes")


def test_duplicate_edge(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json", broken(
        SHIPPED_DIAGRAM, lambda d: d["edges"].append(dict(d["edges"][1]))))
    expect_error(load_diagram, path, f"edges[{len(SHIPPED_DIAGRAM['edges'])}]", "duplicate")


def test_duplicate_node_id(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d["nodes"][2].update(id="gut")))
    expect_error(load_diagram, path, "nodes[2].id", "duplicate", "gut")


def test_tour_names_unknown_node(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d["tour"].insert(1, "liver")))
    expect_error(load_diagram, path, "tour[1]", "liver")


def test_tour_names_a_node_twice(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d["tour"].insert(2, "gut")))
    expect_error(load_diagram, path, "tour[2]", "twice", "gut")


def test_node_pointing_at_a_missing_section(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM, lambda d: d["nodes"][1].update(section="sleep")))
    expect_error(lambda p: load_bundle(CONTENT, p), path, "nodes[1].section", "no section",
                 "sleep")


def test_content_missing_a_section_the_diagram_opens(tmp_path: Path) -> None:
    content = write(tmp_path, "content.json", broken(
        SHIPPED_CONTENT, lambda c: c.update(sections=[s for s in c["sections"]
                                                      if s["id"] != "nutrients"])))
    field = f"nodes[{node_index('nutrients')}].section"
    error = expect_error(lambda p: load_bundle(content, p), DIAGRAM, field, "nutrients")
    assert "no section" in error.reason


def test_section_opened_by_no_node(tmp_path: Path) -> None:
    path = write(tmp_path, "diagram.json",
                 broken(SHIPPED_DIAGRAM,
                        lambda d: d["nodes"][node_index("outlook")].update(section="overview")))
    expect_error(lambda p: load_bundle(CONTENT, p), path, "nodes", "no node opens",
                 "outlook")


def test_extra_section_opened_by_no_node(tmp_path: Path) -> None:
    extra = dict(SHIPPED_CONTENT["sections"][6], id="sleep", title="Sleep")
    content = write(tmp_path, "content.json",
                    broken(SHIPPED_CONTENT, lambda c: c["sections"].append(extra)))
    expect_error(lambda p: load_bundle(content, p), DIAGRAM, "nodes", "sleep")


def test_content_errors_name_the_content_file(tmp_path: Path) -> None:
    content = write(tmp_path, "content.json",
                    broken(SHIPPED_CONTENT, lambda c: c["sections"][2].pop("title")))
    expect_error(lambda p: load_bundle(p, DIAGRAM), content, "sections[2].title", "missing")


# --- property: nothing but LoadError --------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=25,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*prefix, index))
    return out


CONTENT_PATHS = _paths(SHIPPED_CONTENT)[1:]
DIAGRAM_PATHS = _paths(SHIPPED_DIAGRAM)[1:]


def _replace(original: dict[str, Any], where: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(original)
    parent = data
    for step in where[:-1]:
        parent = parent[step]
    parent[where[-1]] = value
    return data


def _load_all(path: Path) -> None:
    """Every loader either succeeds or raises LoadError; anything else fails the test."""
    for load in (load_content, load_diagram, lambda p: load_diagram(p, SHIPPED)):
        try:
            load(path)
            continue
        except LoadError as error:
            problem = error
        assert str(path) in str(problem)
        assert problem.reason


SHIPPED = load_content(CONTENT)
PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
NEAR_MISS = settings(PROPERTY, max_examples=60)


@PROPERTY
@given(data=st.binary(max_size=300))
@example(data=b"\xff\xfe{}")
@example(data=b'{"a": 1, "a": 2}')
@example(data=b"[NaN]")
@example(data=b"[" * 100)
@example(data=b'{"format_version": ' + b"9" * 5000 + b"}")
def test_arbitrary_bytes_raise_only_load_error(tmp_path: Path, data: bytes) -> None:
    _load_all(write(tmp_path, "data.json", data))


@PROPERTY
@given(value=JSON_VALUES)
@example(value=[float("nan")])
@example(value={"format_version": float("inf")})
def test_arbitrary_json_raises_only_load_error(tmp_path: Path, value: Any) -> None:
    text = json.dumps(value)  # may contain NaN / Infinity, which must be refused cleanly
    _load_all(write(tmp_path, "data.json", text))


@NEAR_MISS
@given(value=st.dictionaries(st.sampled_from(["title", "nodes", "edges", "tour", "sections",
                                              "reviewed", "disclaimer", "other"]),
                             JSON_VALUES, max_size=6))
def test_arbitrary_versioned_objects_raise_only_load_error(tmp_path: Path,
                                                           value: dict[str, Any]) -> None:
    _load_all(write(tmp_path, "data.json", {"format_version": 1, **value}))


@NEAR_MISS
@given(where=st.sampled_from(CONTENT_PATHS), value=JSON_VALUES)
def test_content_with_one_value_replaced_raises_only_load_error(
        tmp_path: Path, where: tuple[Any, ...], value: Any) -> None:
    _load_all(write(tmp_path, "content.json", _replace(SHIPPED_CONTENT, where, value)))


@NEAR_MISS
@given(where=st.sampled_from(DIAGRAM_PATHS), value=JSON_VALUES)
def test_diagram_with_one_value_replaced_raises_only_load_error(
        tmp_path: Path, where: tuple[Any, ...], value: Any) -> None:
    _load_all(write(tmp_path, "diagram.json", _replace(SHIPPED_DIAGRAM, where, value)))
