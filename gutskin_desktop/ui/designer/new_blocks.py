"""New blocks for the designer's Insert menu, as each kind of block record describes
itself: its menu label, its size and its starting field values."""
from __future__ import annotations

from typing import Any

from gutskin_desktop.model import layout_edit
from gutskin_desktop.model.clinic import Clinic
from gutskin_desktop.model.layout import BLOCK_TYPES, Layout
from gutskin_desktop.model.themes import theme_for


def block_types() -> list[str]:
    """The block types the Insert menu offers, in its order."""
    return list(BLOCK_TYPES)


def block_label(kind: str) -> str:
    """A block type's name in the Insert menu."""
    return BLOCK_TYPES[kind].menu_label


def new_block(layout: Layout, kind: str, page: int,
              clinic: Clinic | None = None) -> dict[str, Any]:
    """A block of ``kind`` sized to fit the page's content area, where it covers no other
    block on its page if there is room (else centred: the export then says what it
    covers), in the colours of the layout's theme (a callout on the theme's panel)."""
    block = layout_edit.new_block(layout, kind, page)
    swatches = BLOCK_TYPES[kind].starter_swatches
    if swatches:
        theme = theme_for(layout, clinic)
        colours = {field: theme.colour(swatch) for field, swatch in swatches.items()}
        block["style"] = {**block.get("style", {}), **colours}
    return block
