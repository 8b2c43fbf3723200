"""Reading JSON: the quick parse gives what Python's json module gives, and a key given
twice in any object is refused, wherever it is and however the text is written."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.jsonfile import parse_json
from gutskin_desktop.model.layout_files import shipped_layout_files
from gutskin_desktop.model.paths import CONTENT_FILE, DIAGRAM_FILE

DATA_FILES = [CONTENT_FILE, DIAGRAM_FILE, *shipped_layout_files()]

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**18, 10**18)
    | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=30)


def parsed(text: str | bytes) -> Any:
    return parse_json("data.json", text.encode("utf-8") if isinstance(text, str) else text)


def refused(text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        parsed(text)
    return caught.value


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_a_data_file_parses_as_the_json_module_reads_it(path: Path) -> None:
    data = path.read_bytes()
    assert parsed(data) == json.loads(data)


@given(JSON, st.booleans())
@settings(max_examples=300, deadline=None)
def test_any_json_parses_as_the_json_module_reads_it(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert parsed(text) == json.loads(text)


@pytest.mark.parametrize("text", [
    '{"a": 1, "a": 1}',
    '{"a": 1, "b": {"c": 2, "c": 3}}',
    '[{"x": [1, {"y": 1, "z": 2, "y": 1}]}]',
    '{"a:b": 1, "a:b": 2}',
    '{"a": "x:y:z", "b": ":", "a": "::"}',
    '{"a": "\\u003a", "a": 1}',  # a colon written as an escape
    '{"a": 1, "\\u0061": 1}',  # the same key, written two ways
    '{"k": {"a": {}, "a": {}}}',
], ids=["same-value", "nested", "in-list", "colon-in-key", "colons-in-values",
        "escaped-colon", "escaped-key", "empty-objects"])
def test_a_key_given_twice_is_refused(text: str) -> None:
    error = refused(text)
    assert error.field == "" and error.reason.startswith("bad JSON: duplicate key ")


@given(st.dictionaries(TEXT, JSON, min_size=1, max_size=4), st.data())
@settings(max_examples=200, deadline=None)
def test_a_key_given_twice_anywhere_is_refused(value: dict[str, Any], data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(value)))
    again = json.dumps({"again": data.draw(JSON)})[1:-1].replace('"again"', json.dumps(key), 1)
    text = json.dumps(value)
    text = text[:-1] + ", " + again + "}"
    wrapper = data.draw(st.sampled_from(["{}", '{"outer": [1, {}]}', "[{}, 2]"]))
    text = wrapper.replace("{}", text, 1)
    assert "duplicate key" in refused(text).reason


def test_keys_that_differ_are_kept() -> None:
    text = '{"a": 1, "A": 2, "a ": 3, "b": {"a": 4}, "c": [{"a": 5}, {"a": 6}]}'
    assert parsed(text) == json.loads(text)


@pytest.mark.parametrize(("text", "words"), [
    ('{"a": NaN}', "NaN is not a number JSON allows"),
    ('{"a": [1, 2,]}', "bad JSON at line 1, column 13"),
    ('{"a": 1} x', "bad JSON at line 1, column 10: Extra data"),
    ('{"a": "\\ud800"}', "a lone surrogate"),
])
def test_what_json_does_not_allow_is_named(text: str, words: str) -> None:
    assert words in str(refused(text))


def test_a_byte_order_mark_is_taken_and_bytes_that_are_not_utf8_are_named() -> None:
    assert parsed(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}
    with pytest.raises(LoadError, match=r"not UTF-8 text \(byte 7\)"):
        parsed(b'{"a": "\xff"}')
