"""Layout files are validated on load: every error names the file, the field path and why."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.layout import PAGE_SIZES_MM, load_layout
from gutskin_desktop.model.layout_files import open_layout, resolve_layout

from .pdfread import BUNDLE, SHIPPED, block, block_index, shipped, write_layout

Mutate = Callable[[dict[str, Any]], None]
SENTINEL = 424242.5  # replaced in the JSON text by a literal JSON cannot express as a float



def handout() -> dict[str, Any]:
    """a4-handout with a block or field of every kind the checks below need: its sections
    block also flows into a frame on page 3, and notes and details have blocks of their own
    there (the shipped layout prints them after its sections instead)."""
    data = shipped("a4-handout")
    block(data, "sections")["flow"] = [{"page": 3, "x_mm": 15, "y_mm": 14, "w_mm": 180,
                                        "h_mm": 174}]
    data["blocks"] += [
        {"id": "notes", "type": "notes", "page": 3, "x_mm": 15, "y_mm": 192, "w_mm": 86,
         "h_mm": 58},
        {"id": "details", "type": "details", "page": 3, "x_mm": 109, "y_mm": 192,
         "w_mm": 86, "h_mm": 58, "title": "Your details"}]
    return data


BASE = handout()
DIAGRAM, SECTIONS, SUMMARY, NOTES, DETAILS, FOOTER = (
    block_index(BASE, i) for i in ("diagram", "sections", "summary", "notes", "details", "footer"))
EXTRA = len(BASE["blocks"])  # the index of a block added at the end


def expect_error(path: Path, *reason: str, field: str | None = None) -> LoadError:
    """Load ``path``; check the LoadError names the file, the field and the reason."""
    with pytest.raises(LoadError) as caught:
        load_layout(path, BUNDLE.content)
    error, text = caught.value, str(caught.value)
    assert error.path == str(path)
    assert text.startswith(f"{path}: "), text
    if field is not None:
        assert error.field == field, text
    if error.field:
        assert f"{path}: {error.field}: " in text
    assert error.reason.strip(), text
    for part in reason:
        assert part.lower() in text.lower(), (part, text)
    return error


def assert_field(error: LoadError, field: str) -> None:
    """The error names ``field``; inside a block, the block and the key (see the exact test)."""
    if field.startswith("blocks["):
        block_part, _, rest = field.partition("]")
        assert error.field.startswith(block_part + "]"), str(error)
        assert error.field.endswith(rest), str(error)
    else:
        assert error.field == field, str(error)


def changed(mutate: Mutate) -> dict[str, Any]:
    data = handout()
    mutate(data)
    return data


def set_in(*keys: str | int, value: Any) -> Mutate:
    """A mutation setting ``data[k1][k2]...`` to ``value``."""
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value  # type: ignore[index]
    return mutate


def with_literal(tmp_path: Path, mutate: Mutate, literal: str) -> Path:
    """Write the changed layout with the sentinel number replaced by a raw JSON literal."""
    text = write_layout(tmp_path, changed(mutate)).read_text(encoding="utf-8")
    assert str(SENTINEL) in text
    return write_layout(tmp_path, text.replace(str(SENTINEL), literal))


def add_block(extra: dict[str, Any]) -> Mutate:
    base = {"id": "extra", "page": 2, "x_mm": 20, "y_mm": 20, "w_mm": 40, "h_mm": 30}
    return lambda data: data["blocks"].append({**base, **extra})


# --- shipped files ------------------------------------------------------------------------

@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_layout_loads_by_name(name: str) -> None:
    layout = open_layout(name, BUNDLE.content)
    assert layout.name == name
    assert layout.format_version == 1
    assert resolve_layout(name).name == f"{name}.json"


def test_a_copy_of_a_shipped_layout_loads_from_a_path(tmp_path: Path) -> None:
    path = write_layout(tmp_path, shipped("a4-handout"), "mine.json")
    assert open_layout(str(path), BUNDLE.content).name == "a4-handout"


# --- unknown fields and wrong types ---------------------------------------------------------

@pytest.mark.parametrize(("mutate", "field", "reason"), [
    (set_in("zoom", value=2), "zoom", "unknown field"),
    (set_in("page", "gutter_mm", value=2), "page.gutter_mm", "unknown field"),
    (set_in("page", "margins_mm", "inner", value=2), "page.margins_mm.inner", "unknown field"),
    (set_in("blocks", DIAGRAM, "zoom", value=2), f"blocks[{DIAGRAM}].zoom", "unknown field"),
    (set_in("blocks", DIAGRAM, "style", "shadow", value=True),
     f"blocks[{DIAGRAM}].style.shadow", "unknown field"),
    (set_in("blocks", SECTIONS, "flow", 0, "columns", value=2),
     f"blocks[{SECTIONS}].flow[0].columns", "unknown field"),
    (set_in("blocks", DIAGRAM, "x_mm", value="15"), f"blocks[{DIAGRAM}].x_mm", "number"),
    (set_in("blocks", DIAGRAM, "w_mm", value=None), f"blocks[{DIAGRAM}].w_mm", "number"),
    (set_in("blocks", SECTIONS, "columns", value=2.0), f"blocks[{SECTIONS}].columns", "integer"),
    (set_in("blocks", SECTIONS, "columns", value=True), f"blocks[{SECTIONS}].columns", "integer"),
    (set_in("blocks", SECTIONS, "continues", value="yes"), f"blocks[{SECTIONS}].continues",
     "boolean"),
    (set_in("blocks", SECTIONS, "text", value="doctor"), f"blocks[{SECTIONS}].text", "patient"),
    (set_in("blocks", SECTIONS, "sections", value="overview"), f"blocks[{SECTIONS}].sections",
     "list"),
    (set_in("blocks", DIAGRAM, "style", "color", value="red"), f"blocks[{DIAGRAM}].style.color",
     "pattern"),
    (set_in("page", "size", value="A5"), "page.size", "A4"),
    (set_in("page", "margins_mm", "top", value="14"), "page.margins_mm.top", "number"),
    (set_in("blocks", DIAGRAM, "type", value="chart"), f"blocks[{DIAGRAM}]", "chart"),
    (set_in("blocks", NOTES, "line_spacing_mm", value=0), f"blocks[{NOTES}].line_spacing_mm",
     "4"),
    (set_in("blocks", NOTES, "page", value=0), f"blocks[{NOTES}].page", "1"),
    (set_in("blocks", DETAILS, "fields", value=["clinic", "fax"]),
     f"blocks[{DETAILS}].fields[1]", "clinic"),
    (set_in("name", value="My Layout"), "name", "pattern"),
    (set_in("blocks", value=[]), "blocks", "at least 1"),
    (set_in("blocks", SECTIONS, "after", value=["questions", "faq"]),
     f"blocks[{SECTIONS}].after[1]", "'glossary'"),
    (set_in("blocks", FOOTER, "parts", value=["page", "date"]), f"blocks[{FOOTER}].parts[1]",
     "'next-review'"),
    (set_in("blocks", FOOTER, "parts", value=[]), f"blocks[{FOOTER}].parts", "at least 1"),
    (set_in("blocks", DIAGRAM, "words", value="doctor"), f"blocks[{DIAGRAM}].words",
     "'presenter'"),
    (set_in("blocks", DIAGRAM, "edge_labels", value="on"), f"blocks[{DIAGRAM}].edge_labels",
     "boolean"),
    (set_in("type_floor_pt", value=2), "type_floor_pt", "at least 4"),
    (set_in("viewing_distance_m", value=0), "viewing_distance_m", "more than 0"),
], ids=["top-level", "page", "margins", "block", "style", "frame", "string-number",
        "null-number", "float-int", "bool-int", "string-bool", "text-kind", "not-a-list",
        "colour", "page-size", "margin-string", "block-type", "too-small", "page-zero",
        "detail-field", "name", "no-blocks", "after-part", "footer-part", "no-footer-parts",
        "diagram-words", "edge-labels", "type-floor", "viewing-distance"])
def test_schema_errors_name_the_field(tmp_path: Path, mutate: Mutate, field: str,
                                      reason: str) -> None:
    error = expect_error(write_layout(tmp_path, changed(mutate)), reason)
    assert_field(error, field)


@pytest.mark.parametrize(("mutate", "field"), [
    (set_in("blocks", DIAGRAM, "zoom", value=2), f"blocks[{DIAGRAM}].zoom"),
    (set_in("blocks", DIAGRAM, "x_mm", value="15"), f"blocks[{DIAGRAM}].x_mm"),
    (set_in("blocks", SECTIONS, "columns", value=2.5), f"blocks[{SECTIONS}].columns"),
    (set_in("blocks", SECTIONS, "flow", 0, "h_mm", value=-1),
     f"blocks[{SECTIONS}].flow[0].h_mm"),
], ids=["unknown", "type", "sections-columns", "frame"])
def test_field_path_in_a_block_is_the_path_in_the_file(tmp_path: Path, mutate: Mutate,
                                                       field: str) -> None:
    # The path must be one a person can follow in the file: blocks[2].columns, not
    # blocks[2].sections.columns (the block's type tag is not a key in the file, and
    # "sections" is also a real field of that block).
    path = write_layout(tmp_path, changed(mutate))
    expect_error(path, field=field)


# --- numbers JSON should not carry ------------------------------------------------------

@pytest.mark.parametrize(("keys", "literal"), [
    (("blocks", DIAGRAM, "x_mm"), "1e999"),
    (("blocks", DIAGRAM, "y_mm"), "-1e999"),
    (("blocks", SECTIONS, "style", "leading"), "1e999"),
    (("blocks", NOTES, "h_mm"), "1E400"),
    (("page", "margins_mm", "left"), "1e999"),
], ids=["x", "y-negative", "leading", "height", "margin"])
def test_infinite_numbers_are_errors_naming_the_field(tmp_path: Path, keys: tuple[Any, ...],
                                                      literal: str) -> None:
    path = with_literal(tmp_path, set_in(*keys, value=SENTINEL), literal)
    assert float(literal) in (float("inf"), float("-inf"))  # what json.loads would give
    error = expect_error(path)
    field = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".")
    assert_field(error, field)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals_are_refused(tmp_path: Path, literal: str) -> None:
    path = with_literal(tmp_path, set_in("blocks", DIAGRAM, "x_mm", value=SENTINEL), literal)
    expect_error(path, literal, "not a number")


def test_json_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = write_layout(tmp_path, shipped("a4-handout")).read_text(encoding="utf-8")
    path = write_layout(tmp_path, text.replace('"name": "a4-handout",', '"name": "a4-handout"'))
    # The comma missing at the end of line 3 is found where line 4 starts.
    expect_error(path, "bad JSON", "line 4", field="")


# --- versions -----------------------------------------------------------------------------

@pytest.mark.parametrize(("version", "reason"), [(2, "newer"), (0, "unknown version"),
                                                 ("1", "whole number"), (None, "whole number")])
def test_format_version_must_be_one(tmp_path: Path, version: Any, reason: str) -> None:
    path = write_layout(tmp_path, changed(set_in("format_version", value=version)))
    expect_error(path, reason, field="format_version")


def test_missing_format_version(tmp_path: Path) -> None:
    path = write_layout(tmp_path, changed(lambda d: d.pop("format_version")))
    expect_error(path, "required", field="format_version")


# --- the page and blocks on it ------------------------------------------------------------

@pytest.mark.parametrize(("index", "key", "value", "edge", "over"), [
    (DIAGRAM, "x_mm", 40, "right", "10.0 mm"),
    (DIAGRAM, "x_mm", -2, "left", "2.0 mm"),
    (0, "y_mm", -1.5, "top", "1.5 mm"),
    (NOTES, "h_mm", 110, "bottom", "5.0 mm"),
], ids=["right", "left", "top", "bottom"])
def test_block_outside_the_page(tmp_path: Path, index: int, key: str, value: float, edge: str,
                                over: str) -> None:
    path = write_layout(tmp_path, changed(set_in("blocks", index, key, value=value)))
    expect_error(path, edge, over, "past", field=f"blocks[{index}]")


def test_flow_frame_outside_the_page(tmp_path: Path) -> None:
    path = write_layout(tmp_path, changed(set_in("blocks", SECTIONS, "flow", 0, "h_mm",
                                                 value=300)))
    expect_error(path, "bottom", "17.0 mm", field=f"blocks[{SECTIONS}].flow[0]")


def test_key_points_frame_outside_the_page(tmp_path: Path) -> None:
    frame = {"page": 2, "x_mm": 15, "y_mm": 14, "w_mm": 180, "h_mm": 290}
    path = write_layout(tmp_path, changed(set_in("blocks", SUMMARY, "flow", value=[frame])))
    expect_error(path, "bottom", "7.0 mm", field=f"blocks[{SUMMARY}].flow[0]")


def test_bleed_lets_a_block_reach_past_the_trim_edge(tmp_path: Path) -> None:
    def bleed(data: dict[str, Any]) -> None:
        data["page"]["bleed_mm"] = 3
        data["blocks"][DIAGRAM].update(x_mm=-3, w_mm=216)
    assert load_layout(write_layout(tmp_path, changed(bleed)), BUNDLE.content)

    def beyond(data: dict[str, Any]) -> None:
        bleed(data)
        data["blocks"][DIAGRAM]["w_mm"] = 216.5
    path = write_layout(tmp_path, changed(beyond))
    expect_error(path, "right", "0.5 mm", field=f"blocks[{DIAGRAM}]")


def test_landscape_swaps_the_page_sides(tmp_path: Path) -> None:
    data = changed(set_in("page", "orientation", value="landscape"))
    data["blocks"] = [b for b in data["blocks"] if b["y_mm"] + b["h_mm"] <= 210]
    data["blocks"][0]["w_mm"] = 260
    layout = load_layout(write_layout(tmp_path, data), BUNDLE.content)
    assert layout.page.size_mm() == (297.0, 210.0)
    assert layout.describe_size() == "A4 landscape"
    data["blocks"][0]["w_mm"] = 290
    expect_error(write_layout(tmp_path, data), "right", "8.0 mm", field="blocks[0]")


@pytest.mark.parametrize(("mutate", "field", "reason"), [
    (set_in("page", "size", value="custom"), "page", "width_mm and height_mm"),
    (set_in("page", "width_mm", value=210), "page", "only for size 'custom'"),
    (set_in("blocks", DIAGRAM, "id", value="title"), f"blocks[{DIAGRAM}].id",
     "duplicate block id"),
    (set_in("blocks", NOTES, "continues", value=True), None, "unknown field"),
    (set_in("blocks", SECTIONS, "after", value=["about", "questions", "about"]),
     f"blocks[{SECTIONS}].after", "listed twice"),
], ids=["custom-no-size", "size-with-width", "duplicate-id", "notes-continues", "after-twice"])
def test_structure_errors(tmp_path: Path, mutate: Mutate, field: str | None,
                          reason: str) -> None:
    expect_error(write_layout(tmp_path, changed(mutate)), reason, field=field)


def test_only_one_sections_block_may_continue(tmp_path: Path) -> None:
    def two(data: dict[str, Any]) -> None:
        data["blocks"][SECTIONS]["continues"] = True
        data["blocks"].append({"id": "more", "type": "sections", "page": 2, "x_mm": 15,
                               "y_mm": 20, "w_mm": 80, "h_mm": 40, "continues": True,
                               "sections": ["outlook"]})
    expect_error(write_layout(tmp_path, changed(two)), "only one", field="blocks")


def test_custom_page_size(tmp_path: Path) -> None:
    def custom(data: dict[str, Any]) -> None:
        data["page"].update(size="custom", width_mm=600, height_mm=900)
    layout = load_layout(write_layout(tmp_path, changed(custom)), BUNDLE.content)
    assert layout.page.size_mm() == (600.0, 900.0)
    assert layout.describe_size() == "600 x 900 mm"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(x=st.integers(-40, 420), y=st.integers(-40, 600), w=st.integers(1, 440),
       h=st.integers(1, 620))
def test_any_block_is_accepted_exactly_when_it_is_on_the_page(tmp_path: Path, x: int, y: int,
                                                              w: int, h: int) -> None:
    page_w, page_h = PAGE_SIZES_MM["A4"]
    x_mm, y_mm, w_mm, h_mm = x / 2, y / 2, w / 2, h / 2  # half-millimetre steps
    data = changed(lambda d: d["blocks"][NOTES].update(x_mm=x_mm, y_mm=y_mm, w_mm=w_mm,
                                                       h_mm=h_mm))
    path = write_layout(tmp_path, data)
    inside = x_mm >= 0 and y_mm >= 0 and x_mm + w_mm <= page_w and y_mm + h_mm <= page_h
    if inside:
        assert load_layout(path, BUNDLE.content).blocks[NOTES].w_mm == w_mm
    else:
        expect_error(path, "past", "edge of the page", field=f"blocks[{NOTES}]")


# --- sections and images ------------------------------------------------------------------

def test_unknown_section_id(tmp_path: Path) -> None:
    data = changed(set_in("blocks", SECTIONS, "sections", value=["overview", "sleep"]))
    expect_error(write_layout(tmp_path, data), "sleep", field=f"blocks[{SECTIONS}].sections[1]")


def test_a_section_id_that_is_not_an_id(tmp_path: Path) -> None:
    data = changed(set_in("blocks", SECTIONS, "sections", value=["Overview"]))
    assert_field(expect_error(write_layout(tmp_path, data), "pattern"),
                 f"blocks[{SECTIONS}].sections[0]")


@pytest.mark.parametrize(("path", "reason"), [
    ("../layouts/a4-handout.png", "inside the app's data folder (like images/gutskin-logo.png)"),
    ("/etc/passwd.png", "inside the app's data folder"),
    ("icons\\gutskin.png", "forward slashes"),
    ("icons/gutskin.gif", "only PNG and JPEG images and SVG drawings can be placed"),
    ("nowhere/missing.png", "no image nowhere/missing.png in the app's data folder"),
], ids=["dot-dot", "absolute", "backslash", "gif", "missing"])
def test_image_paths_must_stay_under_assets(tmp_path: Path, path: str, reason: str) -> None:
    data = changed(add_block({"type": "image", "path": path}))
    expect_error(write_layout(tmp_path, data), reason, field=f"blocks[{EXTRA}].path")


def test_image_path_through_a_link_out_of_assets_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (assets / "logo.png").symlink_to(outside)
    monkeypatch.setattr("gutskin_desktop.model.layout.ASSETS", assets)
    data = changed(add_block({"type": "image", "path": "logo.png"}))
    expect_error(write_layout(tmp_path, data), "outside the app's data folder",
                 field=f"blocks[{EXTRA}].path")


@pytest.mark.parametrize("url", ["ftp://example.org/x", "https://exa mple.org",
                                 "example.org/page"])
def test_qr_needs_a_web_address(tmp_path: Path, url: str) -> None:
    data = changed(add_block({"type": "qr", "url": url}))
    assert_field(expect_error(write_layout(tmp_path, data)), f"blocks[{EXTRA}].url")


def test_a_field_listed_twice_in_details(tmp_path: Path) -> None:
    data = changed(set_in("blocks", DETAILS, "fields", value=["clinic", "phone", "clinic"]))
    expect_error(write_layout(tmp_path, data), "twice", field=f"blocks[{DETAILS}].fields")


def test_unknown_layout_name_lists_the_shipped_ones() -> None:
    with pytest.raises(LoadError) as caught:
        resolve_layout("a5-handout")
    assert all(name in str(caught.value) for name in SHIPPED)


def test_sections_block_of_another_layout_checks_too(tmp_path: Path) -> None:
    data = shipped("presenter-notes")
    block(data, "sections")["sections"] = ["microbiome", "immune", "nutrient"]
    index = block_index(data, "sections")
    expect_error(write_layout(tmp_path, data), "nutrient",
                 field=f"blocks[{index}].sections[2]")
