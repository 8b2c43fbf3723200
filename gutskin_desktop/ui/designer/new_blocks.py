"""New blocks for the designer's Insert menu, as each kind of block record describes
itself: its menu label, its size and its starting field values."""
from __future__ import annotations

from typing import Any

from gutskin_desktop.model.layout import BLOCK_TYPES, Layout


def block_types() -> list[str]:
    """The block types the Insert menu offers, in its order."""
    return list(BLOCK_TYPES)


def block_label(kind: str) -> str:
    """A block type's name in the Insert menu."""
    return BLOCK_TYPES[kind].menu_label


def new_block(layout: Layout, kind: str, page: int) -> dict[str, Any]:
    """A block of ``kind`` centred in the page's content area, sized to fit it."""
    record = BLOCK_TYPES[kind]
    cx, cy, cw, ch = layout.page.content_box()
    w, h = record.default_size_mm
    w, h = min(w, cw), min(h, ch)
    return {"id": kind, "type": kind, "page": page, "x_mm": round(cx + (cw - w) / 2, 1),
            "y_mm": round(cy + (ch - h) / 2, 1), "w_mm": w, "h_mm": h, **record.starter}
