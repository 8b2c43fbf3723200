"""The designer's document: one layout, where it is saved, and its undo stack."""
from __future__ import annotations

from ...model.layout import Layout, layout_json
from ..undo import SnapshotDocument


class LayoutDocument(SnapshotDocument):
    """A layout being designed."""

    @property
    def layout(self) -> Layout:
        return self.value

    def serialise(self) -> bytes:
        return layout_json(self.layout)
