"""Edits to a layout as pure functions: each takes a layout and returns a new one.

Layouts are immutable; every edit builds the changed layout and validates it again, so an
edit that would break the format (a block off the page, a negative size) is refused with
a :class:`LoadError`-style message before it reaches the document.
"""
from __future__ import annotations

from typing import Any

from .errors import EditError, edit_errors
from .layout import BLOCK_TYPES, Block, Layout, SectionsBlock, check_structure

MIN_SIZE_MM = 5.0
Rect = tuple[float, float, float, float]  # x, y, width, height in millimetres


def rebuild(layout: Layout, data: dict[str, Any]) -> Layout:
    """Validate a layout's data again, raising EditError with the field path."""
    with edit_errors():
        new = Layout.model_validate(data)
        check_structure(layout.name, new)
    return new


def _dump(layout: Layout) -> dict[str, Any]:
    return layout.model_dump(mode="python", exclude_none=True)


def index_of(layout: Layout, block_id: str) -> int:
    """The position of a block in the drawing order."""
    for i, block in enumerate(layout.blocks):
        if block.id == block_id:
            return i
    raise KeyError(block_id)


def update_blocks(layout: Layout, changes: dict[str, dict[str, Any]]) -> Layout:
    """Change fields of several blocks at once (``{id: {field: value}}``)."""
    data = _dump(layout)
    for block in data["blocks"]:
        for key, value in changes.get(block["id"], {}).items():
            if key == "style":
                block["style"] = {**block.get("style", {}), **value}
            elif value is None:
                block.pop(key, None)
            else:
                block[key] = value
    return rebuild(layout, data)


def update_page(layout: Layout, changes: dict[str, Any]) -> Layout:
    """Change the page's size, orientation, margins, bleed or background."""
    data = _dump(layout)
    for key, value in changes.items():
        if key == "margins_mm":
            data["page"]["margins_mm"] = {**data["page"]["margins_mm"], **value}
        elif value is None:
            data["page"].pop(key, None)
        else:
            data["page"][key] = value
    if data["page"].get("size") != "custom":
        data["page"].pop("width_mm", None)
        data["page"].pop("height_mm", None)
    return rebuild(layout, data)


def update_layout(layout: Layout, changes: dict[str, Any]) -> Layout:
    """Change the layout's own fields (name, description)."""
    return rebuild(layout, {**_dump(layout), **changes})


def unique_id(layout: Layout, base: str) -> str:
    """An id like ``base``, ``base-2``, ... not used by any block."""
    taken = {b.id for b in layout.blocks}
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def new_block(layout: Layout, kind: str, page: int) -> dict[str, Any]:
    """The data of a new block of ``kind`` (a key of :data:`.layout.BLOCK_TYPES`) on
    ``page``: its kind's size (no larger than the page's content area), centred in that
    area, with its kind's starting values; :func:`add_block` gives it a free id."""
    cls = BLOCK_TYPES[kind]
    cx, cy, cw, ch = layout.page.content_box()
    w, h = (min(want, room) for want, room in zip(cls.default_size_mm, (cw, ch), strict=False))
    return {"id": kind, "type": kind, "page": page, "x_mm": round(cx + (cw - w) / 2, 1),
            "y_mm": round(cy + (ch - h) / 2, 1), "w_mm": w, "h_mm": h, **cls.starter}


def add_block(layout: Layout, block: dict[str, Any], index: int | None = None) -> Layout:
    """Insert a block (on top by default), giving it a free id."""
    data = _dump(layout)
    block = dict(block)
    block["id"] = unique_id(layout, block.get("id") or block["type"])
    data["blocks"].insert(len(data["blocks"]) if index is None else index, block)
    return rebuild(layout, data)


def duplicate_blocks(layout: Layout, ids: list[str], offset_mm: float = 5.0) -> tuple[Layout,
                                                                                     list[str]]:
    """Copy blocks, shifted by ``offset_mm`` and kept on the page; return the new ids."""
    new_ids: list[str] = []
    w, h = layout.page.size_mm()
    for block_id in ids:
        copy = layout.block(block_id).model_dump(mode="python", exclude_none=True)
        copy["x_mm"] = min(copy["x_mm"] + offset_mm, w - copy["w_mm"])
        copy["y_mm"] = min(copy["y_mm"] + offset_mm, h - copy["h_mm"])
        copy["id"] = unique_id(layout, block_id)
        if copy["type"] == "sections":
            copy["continues"] = False
        layout = add_block(layout, copy)
        new_ids.append(layout.blocks[-1].id)
    return layout, new_ids


def remove_blocks(layout: Layout, ids: list[str]) -> Layout:
    """Delete blocks; a layout keeps at least one block."""
    data = _dump(layout)
    data["blocks"] = [b for b in data["blocks"] if b["id"] not in ids]
    if not data["blocks"]:
        raise EditError("a layout needs at least one block")
    return rebuild(layout, data)


def restack(layout: Layout, ids: list[str], step: int) -> Layout:
    """Move blocks ``step`` places up (+) or down (-) the drawing order."""
    data = _dump(layout)
    blocks = data["blocks"]
    order = range(len(blocks) - 1, -1, -1) if step > 0 else range(len(blocks))
    for i in order:
        if blocks[i]["id"] not in ids:
            continue
        j = max(0, min(len(blocks) - 1, i + step))
        while j != i and blocks[j]["id"] in ids:
            j -= 1 if step > 0 else -1
        blocks.insert(j, blocks.pop(i))
    return rebuild(layout, data)


def block_rect(block: Block) -> Rect:
    """A block's x, y, width and height in millimetres."""
    return block.x_mm, block.y_mm, block.w_mm, block.h_mm


def clamp_rect(layout: Layout, rect: Rect) -> Rect:
    """Keep a rectangle on the page (bleed included) and at least the minimum size."""
    pw, ph = layout.page.size_mm()
    bleed = layout.page.bleed_mm
    x, y, w, h = rect
    w = min(max(w, MIN_SIZE_MM), pw + 2 * bleed)
    h = min(max(h, MIN_SIZE_MM), ph + 2 * bleed)
    x = min(max(x, -bleed), pw + bleed - w)
    y = min(max(y, -bleed), ph + bleed - h)
    return round(x, 2), round(y, 2), round(w, 2), round(h, 2)


def align(layout: Layout, ids: list[str], edge: str) -> dict[str, dict[str, float]]:
    """Moves that line blocks up on one edge or centre of the selection's bounds."""
    rects = {i: block_rect(layout.block(i)) for i in ids}
    left = min(r[0] for r in rects.values())
    top = min(r[1] for r in rects.values())
    right = max(r[0] + r[2] for r in rects.values())
    bottom = max(r[1] + r[3] for r in rects.values())
    out: dict[str, dict[str, float]] = {}
    for i, (_, _, w, h) in rects.items():
        target = {"left": {"x_mm": left}, "right": {"x_mm": right - w},
                  "hcenter": {"x_mm": (left + right - w) / 2}, "top": {"y_mm": top},
                  "bottom": {"y_mm": bottom - h},
                  "vcenter": {"y_mm": (top + bottom - h) / 2}}[edge]
        out[i] = {k: round(v, 2) for k, v in target.items()}
    return out


def distribute(layout: Layout, ids: list[str], axis: str) -> dict[str, dict[str, float]]:
    """Moves that space three or more blocks evenly along ``axis`` ('x' or 'y')."""
    pos, size = ("x_mm", "w_mm") if axis == "x" else ("y_mm", "h_mm")
    blocks = sorted((layout.block(i) for i in ids), key=lambda b: getattr(b, pos))
    if len(blocks) < 3:
        return {}
    start = getattr(blocks[0], pos)
    end = getattr(blocks[-1], pos) + getattr(blocks[-1], size)
    total = sum(getattr(b, size) for b in blocks)
    gap = (end - start - total) / (len(blocks) - 1)
    out, cursor = {}, start
    for block in blocks:
        out[block.id] = {pos: round(cursor, 2)}
        cursor += getattr(block, size) + gap
    return out


def sections_of(block: Block) -> tuple[str, ...] | None:
    """The section ids a sections block shows (None: all)."""
    return block.sections if isinstance(block, SectionsBlock) else None
