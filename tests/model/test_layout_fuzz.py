"""Any bytes and any JSON value give a valid layout or the project's own load error."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.paths import LAYOUTS

SHIPPED = json.loads((LAYOUTS / "a4-handout.json").read_text(encoding="utf-8"))
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda inner: st.lists(inner, max_size=5)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=5), max_leaves=30)
FIELDS = ["x_mm", "y_mm", "w_mm", "h_mm", "page", "type", "id", "style", "columns", "text",
          "sections", "flow", "continues", "url", "path"]


def _load(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)
    try:
        load_layout(path)
        problem = ""
    except LoadError as error:
        problem = str(error)
    assert not problem or problem.startswith(str(path))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_any_bytes(tmp_path: Path, data: bytes) -> None:
    _load(tmp_path, data)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON)
def test_any_json_value(tmp_path: Path, value: object) -> None:
    _load(tmp_path, json.dumps(value).encode())


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(SHIPPED["blocks"]) - 1), field=st.sampled_from(FIELDS),
       value=JSON)
def test_shipped_layout_with_one_field_replaced(tmp_path: Path, index: int, field: str,
                                                value: object) -> None:
    data = json.loads(json.dumps(SHIPPED))
    data["blocks"][index][field] = value
    _load(tmp_path, json.dumps(data).encode())
