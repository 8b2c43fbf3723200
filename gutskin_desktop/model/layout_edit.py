"""Edits to a layout as pure functions: each takes a layout and returns a new one.

Layouts are immutable; every edit builds the changed layout and validates it again, so an
edit that would break the format (a block off the page, a negative size) is refused with
a :class:`LoadError`-style message before it reaches the document.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import EditError, edit_errors
from .layout import (
    BLOCK_TYPES,
    Block,
    FooterBlock,
    Layout,
    Page,
    SectionsBlock,
    SummaryBlock,
    check_structure,
)

MIN_SIZE_MM = 5.0
FREE_STEP_MM = 2.5  # how finely a new block's spot is looked for
FREE_GAP_MM = 3.0  # the room a new block keeps from its neighbours when there is some
Rect = tuple[float, float, float, float]  # x, y, width, height in millimetres


def rebuild(layout: Layout, data: dict[str, Any]) -> Layout:
    """Validate a layout's data again, raising EditError with the field path (a block's
    fields named by the block's id)."""
    with edit_errors([block.get("id") for block in data.get("blocks", ())]):
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
    data["page"] = _changed_page(data["page"], changes)
    return rebuild(layout, data)


def _changed_page(page: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    page = dict(page)
    for key, value in changes.items():
        if key == "margins_mm":
            page["margins_mm"] = {**page["margins_mm"], **value}
        elif value is None:
            page.pop(key, None)
        else:
            page[key] = value
    if page.get("size") != "custom":
        page.pop("width_mm", None)
        page.pop("height_mm", None)
    return page


def fit_to_page(layout: Layout, changes: dict[str, Any]) -> Layout:
    """Change the page as :func:`update_page` does and move every block and frame with it:
    what lay in the old page's content area is scaled into the new one's (each axis on its
    own, so a block across the content area stays across it), what lay in a margin or the
    bleed stays in that margin or bleed, and everything is kept on the page. Type sizes,
    padding and column gaps stay as they were: they are set for the distance the page is
    read from and for the type floor, which a new page size does not change."""
    data = _dump(layout)
    with edit_errors():
        new_page = Page.model_validate(_changed_page(data["page"], changes))
    data["page"] = new_page.model_dump(mode="python", exclude_none=True)
    map_x = _axis_map(layout.page, new_page, 0)
    map_y = _axis_map(layout.page, new_page, 1)
    old_area, new_area = layout.page.content_box(), new_page.content_box()

    def moved(rect: dict[str, Any]) -> None:
        was = (rect["x_mm"], rect["y_mm"], rect["w_mm"], rect["h_mm"])
        left, right = map_x(was[0]), map_x(was[0] + was[2])
        top, bottom = map_y(was[1]), map_y(was[1] + was[3])
        x, y, w, h = _clamp(new_page, (left, top, right - left, bottom - top),
                            min(MIN_SIZE_MM, was[2], was[3]))
        if _inside(was, old_area):  # inside the margins it was, inside them it stays
            x = min(max(x, new_area[0]), new_area[0] + new_area[2] - w)
            y = min(max(y, new_area[1]), new_area[1] + new_area[3] - h)
        rect.update(x_mm=round(x, 2), y_mm=round(y, 2), w_mm=w, h_mm=h)
    for block in data["blocks"]:
        moved(block)
        for frame in block.get("flow", ()):
            moved(frame)
    return rebuild(layout, data)


def _inside(rect: Rect, area: Rect, slack: float = 0.05) -> bool:
    return (rect[0] >= area[0] - slack and rect[1] >= area[1] - slack
            and rect[0] + rect[2] <= area[0] + area[2] + slack
            and rect[1] + rect[3] <= area[1] + area[3] + slack)


def _axis_map(old: Page, new: Page, axis: int) -> Callable[[float], float]:
    """A piecewise-linear map along one axis (0: across, 1: down) taking the old page's
    bleed, margins and content area onto the new page's."""
    def stops(page: Page) -> list[float]:
        length = page.size_mm()[axis]
        m = page.margins_mm
        before, after = (m.left, m.right) if axis == 0 else (m.top, m.bottom)
        return [-page.bleed_mm, before, length - after, length + page.bleed_mm]
    src, dst = stops(old), stops(new)

    def place(value: float) -> float:
        for n in range(3):
            a, b = src[n], src[n + 1]
            if value <= b or n == 2:
                if b - a < 1e-9:
                    return dst[n + 1] + (value - b)
                return dst[n] + (value - a) * (dst[n + 1] - dst[n]) / (b - a)
        return value  # pragma: no cover - the loop always returns
    return place


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
    ``page``: its kind's size (no larger than the page's content area), with its kind's
    starting values, placed by :func:`free_spot` where it covers no other block if there
    is room; :func:`add_block` gives it a free id."""
    cls = BLOCK_TYPES[kind]
    _, _, cw, ch = layout.page.content_box()
    w, h = (min(want, room) for want, room in zip(cls.default_size_mm, (cw, ch), strict=False))
    x, y = free_spot(layout, page, w, h)
    return {"id": kind, "type": kind, "page": page, "x_mm": x, "y_mm": y, "w_mm": w,
            "h_mm": h, **cls.starter}


def taken_rects(layout: Layout, page: int) -> list[Rect]:
    """What is already placed on a page: its blocks (footers printed on every page too)
    and the further frames that sections and summary text flows into there."""
    out: list[Rect] = []
    for block in layout.blocks:
        if block.page == page or (isinstance(block, FooterBlock) and block.all_pages):
            out.append(block_rect(block))
        if isinstance(block, (SectionsBlock, SummaryBlock)):
            out += [(f.x_mm, f.y_mm, f.w_mm, f.h_mm) for f in block.flow if f.page == page]
    return out


def _overlaps(a: Rect, b: Rect, gap: float) -> bool:
    return (a[0] < b[0] + b[2] + gap and b[0] < a[0] + a[2] + gap
            and a[1] < b[1] + b[3] + gap and b[1] < a[1] + a[3] + gap)


def free_spot(layout: Layout, page: int, w: float, h: float) -> tuple[float, float]:
    """Where a ``w`` x ``h`` mm block goes on ``page``: the spot nearest the centre of the
    content area where it covers nothing already there (kept :data:`FREE_GAP_MM` clear if
    it can be), scanned every :data:`FREE_STEP_MM`; the centre itself when the page is full
    (the export's overlap check then says what it covers)."""
    cx, cy, cw, ch = layout.page.content_box()
    centre = (round(cx + (cw - w) / 2, 1), round(cy + (ch - h) / 2, 1))
    taken = taken_rects(layout, page)
    if not taken:
        return centre
    xs = sorted({centre[0], *_steps(cx, cx + cw - w)})
    ys = sorted({centre[1], *_steps(cy, cy + ch - h)})
    for gap in (FREE_GAP_MM, 0.0):
        free = [(x, y) for y in ys for x in xs
                if not any(_overlaps((x, y, w, h), r, gap) for r in taken)]
        if free:
            return min(free, key=lambda p: ((p[0] - centre[0]) ** 2 + (p[1] - centre[1]) ** 2,
                                            p[1], p[0]))
    return centre


def _steps(low: float, high: float) -> list[float]:
    """Positions from ``low`` to ``high`` every :data:`FREE_STEP_MM`, both ends included."""
    if high <= low:
        return [round(low, 1)]
    count = int((high - low) / FREE_STEP_MM)
    out = [round(low + n * FREE_STEP_MM, 1) for n in range(count + 1)]
    return [*out, round(high, 1)] if out[-1] < round(high, 1) else out


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
    return _clamp(layout.page, rect)


def _clamp(page: Page, rect: Rect, minimum: float = MIN_SIZE_MM) -> Rect:
    pw, ph = page.size_mm()
    bleed = page.bleed_mm
    x, y, w, h = rect
    w = min(max(w, minimum), pw + 2 * bleed)
    h = min(max(h, minimum), ph + 2 * bleed)
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
