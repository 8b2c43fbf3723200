"""The designer's document: one layout, where it is saved, and its undo stack."""
from __future__ import annotations

from gutskin_desktop.model.layout import Layout, layout_json
from gutskin_desktop.ui.undo import SnapshotDocument


class LayoutDocument(SnapshotDocument):
    """A layout being designed."""

    @property
    def layout(self) -> Layout:
        """The layout as it stands after every edit so far."""
        layout: Layout = self.value
        return layout

    def serialise(self) -> bytes:
        """The layout as its file holds it."""
        return layout_json(self.layout)
