"""How the export is put together, as its callers meet it: every block type is printed by
the painter registered for it, export errors speak of the layout and carry what went
wrong (the command line and the app name their own controls), and no module reaches into
another's private names."""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from gutskin_desktop.export import block_registry
from gutskin_desktop.export.block_registry import BlockPainter, Rect, painter_type
from gutskin_desktop.export.export_errors import SectionChoiceError, TileError, UnprintedFields
from gutskin_desktop.export.render import ExportOptions, check_details, render
from gutskin_desktop.export.tiling import tile_layout
from gutskin_desktop.model.layout import BLOCK_TYPES, CalloutBlock
from gutskin_desktop.model.layout_files import open_layout

from .pdfread import BUNDLE, ROOT, flat, page_texts, render_data, shipped

PACKAGE = ROOT / "gutskin_desktop"


def test_every_block_type_in_the_model_has_a_painter() -> None:
    for name, kind in BLOCK_TYPES.items():
        assert issubclass(painter_type(kind), BlockPainter), name


class _Stamp(BlockPainter[CalloutBlock]):
    """A stand-in painter for callouts: flows one line of its own and draws another."""

    def flowables(self, block: CalloutBlock) -> list[Any]:
        return [Paragraph(f"Flowed by the stand-in for {block.id}", ParagraphStyle("stamp"))]

    def draw(self, canvas: Any, block: CalloutBlock, rect: Rect, page: int,
             pages: int) -> None:
        canvas.drawString(rect[0], rect[1], f"Drawn by the stand-in for {block.id}")


def test_the_renderer_prints_a_block_with_the_painter_registered_for_its_type(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(block_registry._PAINTERS, CalloutBlock, _Stamp)
    data = shipped("a4-handout")
    data["blocks"].append({"id": "tip", "type": "callout", "x_mm": 20, "y_mm": 20,
                           "w_mm": 80, "h_mm": 30, "text": "Zebras cross here."})
    text = flat(" ".join(page_texts(render_data(tmp_path, data).pdf)))
    assert "Flowed by the stand-in for tip" in text
    assert "Drawn by the stand-in for tip" in text
    assert "Zebras" not in text


def test_a_wrong_section_choice_is_said_in_the_layout_s_words() -> None:
    layout = open_layout("a4-handout", BUNDLE.content)
    with pytest.raises(SectionChoiceError) as unknown:
        render(layout, BUNDLE, ExportOptions(sections=("overview", "sleep")))
    assert unknown.value.section == "sleep" and "overview" in unknown.value.known
    assert str(unknown.value).startswith("unknown section 'sleep' (choose from overview, ")
    with pytest.raises(SectionChoiceError) as none:
        render(layout, BUNDLE, ExportOptions(sections=()))
    assert none.value.section is None
    assert str(none.value) == "choose at least one section"


@pytest.mark.parametrize(("asked", "setting", "value", "words"), [
    ({"overlap_mm": 90}, "overlap", "90", "an overlap of 90 mm"),
    ({"margin_mm": 40}, "margin", "40", "a printer margin of 40 mm"),
    ({"sheet": "B5"}, "sheet", "B5", "'B5'"),
])
def test_tiling_settings_that_cannot_work_name_the_setting_not_an_option(
        asked: dict[str, Any], setting: str, value: str, words: str) -> None:
    poster = open_layout("a1-poster", BUNDLE.content)
    with pytest.raises(TileError) as caught:
        tile_layout(poster, BUNDLE, ExportOptions(), **asked)
    assert (caught.value.setting, caught.value.value) == (setting, value)
    assert words in str(caught.value) and "--" not in str(caught.value)


def test_crop_marks_on_tiled_sheets_are_refused_in_the_layout_s_words() -> None:
    """Crop marks and tiling do not go together (how they go together: no one setting
    is at fault); the command line and the app name their own controls."""
    poster = open_layout("a1-poster", BUNDLE.content)
    with pytest.raises(TileError) as caught:
        tile_layout(poster, BUNDLE, ExportOptions(crop_marks=True))
    assert caught.value.setting == ""
    said = str(caught.value)
    assert said.startswith("crop marks cannot be printed on tiled sheets")
    assert "print either with crop marks or tiled" in said and "--" not in said


def test_details_a_layout_has_no_place_for_are_named_with_the_layout() -> None:
    poster = open_layout("a1-poster", BUNDLE.content)
    with pytest.raises(UnprintedFields) as caught:
        check_details(poster, {"patient": "Jo Example", "note": "Rest."})
    assert caught.value.fields == ("patient", "note") and caught.value.layout == "a1-poster"
    assert str(caught.value) == "patient, note: layout 'a1-poster' has no place for them"


def _private_names(path: Path) -> list[str]:
    """Names starting with one underscore that a module imports from another module of
    the project, or reads from a project module it imported (``os._exit`` is not ours)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ours: set[str] = set()  # the project's modules, by the names they are bound to here
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("gutskin_desktop")):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{node.module}.{alias.name}")
                ours.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in ours and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_the_check_for_private_names_finds_them(tmp_path: Path) -> None:
    module = tmp_path / "tiling.py"
    module.write_text("from .render import ExportOptions, _Renderer\nfrom . import render\n"
                      "import os\nrender._plan(os._exit)\n", encoding="utf-8")
    assert _private_names(module) == ["render._Renderer", "render._plan"]


@pytest.mark.parametrize("path", [*sorted((PACKAGE / "export").glob("*.py")),
                                  PACKAGE / "cli.py"], ids=lambda p: p.name)
def test_no_module_uses_another_module_s_private_names(path: Path) -> None:
    assert _private_names(path) == []
