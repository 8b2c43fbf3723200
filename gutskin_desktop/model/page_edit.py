"""Edits to a layout's pages as pure functions: add, duplicate, remove and reorder pages.

Pages are numbered from 1. A layout's own pages are those its blocks and flow frames sit
on, or more when ``Layout.pages`` says so (empty pages added in the designer); a sections
block that continues makes further pages of its own after them when the PDF is made,
which these functions leave alone. A footer printed on every page (``all_pages``) belongs
to no one page: it is never removed, copied or moved with a page, and only its page
number is kept within the layout's pages.

Each function takes a layout and returns a new one, validated again
(:func:`.layout_edit.rebuild`); a refused edit raises :class:`.errors.EditError` with a
plain reason.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .errors import EditError
from .layout import MAX_PAGES, FooterBlock, Layout
from .layout_edit import rebuild

BlockData = dict[str, Any]


def _dump(layout: Layout) -> dict[str, Any]:
    return layout.model_dump(mode="python", exclude_none=True)


def _on_every_page(block: BlockData) -> bool:
    """A footer printed on every page (its page number does not place it)."""
    return block.get("type") == "footer" and bool(block.get("all_pages", True))


def _check_page(layout: Layout, page: int) -> None:
    count = layout.page_count
    if not 1 <= page <= count:
        raise EditError(f"page {page} is not one of the layout's pages (1 to {count})"
                        if page > count else f"there is no page {page}")


def _renumber(data: dict[str, Any], new_page: Callable[[int], int]) -> None:
    """Give every block and flow frame (not footers on every page) a new page number."""
    for block in data["blocks"]:
        if not _on_every_page(block):
            block["page"] = new_page(block.get("page", 1))
        for frame in block.get("flow", ()):
            frame["page"] = new_page(frame["page"])


def _finish(layout: Layout, data: dict[str, Any], count: int) -> Layout:
    """Keep footers on every page within ``count`` pages, record ``count`` in ``pages``
    when the blocks alone would make fewer, and validate."""
    for block in data["blocks"]:
        if _on_every_page(block):
            block["page"] = min(block.get("page", 1), count)
    used = [b.get("page", 1) for b in data["blocks"]]
    used += [f["page"] for b in data["blocks"] for f in b.get("flow", ())]
    if count > max(used, default=1):
        data["pages"] = count
    else:
        data.pop("pages", None)
    return rebuild(layout, data)


def keep_pages(before: Layout, after: Layout) -> Layout:
    """``after`` with at least as many pages as ``before`` (deleting the blocks of a page
    leaves the page, empty, as Remove Page is the way to remove it)."""
    if after.page_count >= before.page_count:
        return after
    data = _dump(after)
    return _finish(after, data, before.page_count)


def blocks_on_page(layout: Layout, page: int) -> list[str]:
    """Ids of the blocks placed on ``page`` (not the footers printed on every page)."""
    return [b.id for b in layout.blocks
            if b.page == page and not (isinstance(b, FooterBlock) and b.all_pages)]


def add_page(layout: Layout, after: int) -> Layout:
    """An empty page after page ``after`` (0: before the first); the pages after it move
    one on."""
    count = layout.page_count
    if not 0 <= after <= count:
        raise EditError(f"page {after} is not one of the layout's pages (1 to {count})")
    if count >= MAX_PAGES:
        raise EditError(f"a layout has at most {MAX_PAGES} pages")
    data = _dump(layout)
    _renumber(data, lambda p: p + 1 if p > after else p)
    return _finish(layout, data, count + 1)


def duplicate_page(layout: Layout, page: int) -> tuple[Layout, list[str]]:
    """A copy of page ``page`` after it: a copy of each of its blocks with a new id, with
    the block's flow frames on that page (a copied sections block does not continue onto
    pages of its own: the original does). Returns the layout and the copies' ids."""
    _check_page(layout, page)
    if layout.page_count >= MAX_PAGES:
        raise EditError(f"a layout has at most {MAX_PAGES} pages")
    data = _dump(layout)
    originals = [dict(b) for b in data["blocks"]
                 if b.get("page", 1) == page and not _on_every_page(b)]
    _renumber(data, lambda p: p + 1 if p > page else p)
    taken = {b["id"] for b in data["blocks"]}
    made: list[str] = []
    for block in originals:
        copy = {**block, "page": page + 1, "id": _free_id(taken, block["id"])}
        if "flow" in copy:
            copy["flow"] = [{**f, "page": page + 1} for f in block["flow"]
                            if f["page"] == page]
        if copy.get("type") == "sections":
            copy["continues"] = False
        taken.add(copy["id"])
        made.append(copy["id"])
        data["blocks"].append(copy)
    return _finish(layout, data, layout.page_count + 1), made


def _free_id(taken: set[str], block_id: str) -> str:
    """``title-2``, ``title-3``... the first not taken for a copy of ``title`` (or of
    ``title-2``); ids stay within 40 characters."""
    base = re.sub(r"-[0-9]+$", "", block_id) or block_id
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[:40 - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def remove_page(layout: Layout, page: int) -> Layout:
    """Remove page ``page`` with its blocks and the flow frames on it; the pages after it
    move one back. A layout keeps one page and at least one block."""
    _check_page(layout, page)
    count = layout.page_count
    if count == 1:
        raise EditError("a layout keeps at least one page")
    data = _dump(layout)
    kept = [b for b in data["blocks"] if _on_every_page(b) or b.get("page", 1) != page]
    if not kept:
        raise EditError(f"page {page} holds every block of the layout, and a layout needs "
                        "at least one block")
    for block in kept:
        if "flow" in block:
            block["flow"] = [f for f in block["flow"] if f["page"] != page]
    data["blocks"] = kept
    _renumber(data, lambda p: p - 1 if p > page else p)
    for block in kept:  # a footer on every page, numbered with the page removed
        if _on_every_page(block) and block.get("page", 1) == page and page > 1:
            block["page"] = page - 1
    return _finish(layout, data, count - 1)


def move_page(layout: Layout, page: int, step: int) -> Layout:
    """Swap page ``page`` with the one ``step`` (+1 or -1) from it: every block and flow
    frame on the two pages changes page number."""
    _check_page(layout, page)
    other = page + step
    if step not in (-1, 1):
        raise EditError("a page moves one place at a time")
    if not 1 <= other <= layout.page_count:
        where = "first" if other < 1 else "last"
        raise EditError(f"page {page} is already the {where} page")
    data = _dump(layout)
    _renumber(data, lambda p: other if p == page else page if p == other else p)
    return _finish(layout, data, layout.page_count)
