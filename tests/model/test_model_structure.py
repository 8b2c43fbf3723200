"""How the model is put together: each kind of block in one record class that says how to
make a new one, shared rules and constants defined once, and modules that import each
other without cycles (and without imports hidden inside functions to dodge one)."""
from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

import pytest

from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.dates import DATE_FORMATS, DateFormat
from gutskin_desktop.model.diagram import Node
from gutskin_desktop.model.errors import Invalid
from gutskin_desktop.model.fields import ID, is_id
from gutskin_desktop.model.layout import BLOCK_TYPES, PAGE_SIZES_MM, Block, PageSize, Style
from gutskin_desktop.model.layout_edit import add_block, new_block
from gutskin_desktop.model.layout_files import open_layout
from gutskin_desktop.model.theme import COLOUR, is_colour

MODEL = Path(__file__).resolve().parents[2] / "gutskin_desktop" / "model"
BUNDLE = load_bundle()
NODE = {"id": "gut", "label": "Gut", "kind": "hub", "section": "overview", "x": 0, "y": 0}


def test_every_kind_of_block_is_one_record_class_gathered_by_its_type() -> None:
    assert {cls.type: cls for cls in Block.__subclasses__()} == BLOCK_TYPES
    assert list(BLOCK_TYPES)[:3] == ["title", "diagram", "sections"]
    for kind, cls in BLOCK_TYPES.items():
        assert cls.type == kind and cls.menu_label, cls
        assert all(0 < v <= 200 for v in cls.default_size_mm), cls


@pytest.mark.parametrize("kind", list(BLOCK_TYPES))
def test_a_new_block_of_each_kind_is_valid_and_centred(kind: str) -> None:
    layout = open_layout("a4-handout", BUNDLE.content)
    data = new_block(layout, kind, 1)
    added = add_block(layout, data)
    block = added.blocks[-1]
    assert type(block) is BLOCK_TYPES[kind] and block.type == kind
    assert block.id not in {b.id for b in layout.blocks}
    x, _, w, _ = layout.page.content_box()
    assert block.w_mm <= w and abs((block.x_mm + block.w_mm / 2) - (x + w / 2)) < 0.1
    for field, value in BLOCK_TYPES[kind].starter.items():
        if field == "style":  # the style's fields it names, the rest as usual
            assert {k: getattr(block.style, k) for k in value} == value
        else:
            assert getattr(block, field) == value


def test_a_new_block_is_no_larger_than_the_page() -> None:
    layout = open_layout("a4-handout", BUNDLE.content)
    small = layout.model_copy(update={"page": layout.page.model_copy(
        update={"size": "custom", "width_mm": 60.0, "height_mm": 60.0})})
    data = new_block(small, "diagram", 1)
    _, _, w, h = small.page.content_box()
    assert (data["w_mm"], data["h_mm"]) == (w, h)


def test_page_sizes_and_date_formats_cover_their_choices() -> None:
    assert set(PAGE_SIZES_MM) == set(get_args(PageSize))
    assert set(DATE_FORMATS) == set(get_args(DateFormat))


@pytest.mark.parametrize("text", ["gut", "gut-barrier", "a" * 40, "a" * 41, "Gut", "1gut",
                                  "gut\n", "", "gut barrier", "g\u00fct"])
def test_the_id_check_is_the_rule_records_use(text: str) -> None:
    try:
        Node.model_validate({**NODE, "id": text})
        valid = True
    except Invalid:
        valid = False
    assert is_id(text) == valid
    assert ID == r"^[a-z][a-z0-9-]{0,39}$"


@pytest.mark.parametrize("text", ["#1f6f8b", "#ABCDEF", "#12345", "#1234567", "1f6f8b",
                                  "#12345g", "#123456\n", ""])
def test_the_colour_check_is_the_rule_records_use(text: str) -> None:
    try:
        Style.model_validate({"color": text})
        valid = True
    except Invalid:
        valid = False
    assert is_colour(text) == valid
    assert COLOUR == r"^#[0-9a-fA-F]{6}$"


# --- the modules ------------------------------------------------------------------------

def _trees() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in MODEL.glob("*.py")}


def _sibling_imports(node: ast.AST) -> set[str]:
    """The model modules an import statement names (``from .x import`` or ``from . import x``)."""
    if not isinstance(node, ast.ImportFrom) or node.level != 1:
        return set()
    if node.module:
        return {node.module.split(".")[0]}
    return {alias.name for alias in node.names}


def test_the_model_runs_no_generated_code() -> None:
    for name, tree in _trees().items():
        calls = [n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Name) and n.func.id in ("exec", "eval", "compile")]
        assert not calls, f"{name}.py calls {calls}"


def test_model_modules_import_each_other_without_cycles_even_through_deferred_imports() -> None:
    """An import inside a function (deferred for start-up speed) counts as an edge too, so
    a deferred import can never hide a cycle."""
    graph: dict[str, set[str]] = {}
    for name, tree in _trees().items():
        graph[name] = set().union(*(_sibling_imports(n) for n in ast.walk(tree)))
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " -> ".join((*path, name))
        if name in done:
            return
        for other in sorted(graph.get(name, ())):
            visit(other, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_layout_reads_image_headers_only_through_pillow() -> None:
    source = (MODEL / "layout.py").read_text(encoding="utf-8")
    assert not re.search(r"\\x89PNG|\\xff\\xd8|IHDR|struct\.unpack|import struct", source)
