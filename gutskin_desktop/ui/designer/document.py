"""The designer's document: one layout, where it is saved, and its undo stack.

Layouts are immutable values, so every edit is a :class:`LayoutCommand` holding the
layout before and after: ``redo`` and ``undo`` only swap which one the document shows,
which makes commands symmetric and exception-safe. Nudges and typing in one field merge
into a single step through a merge key.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ...model.layout import Layout, layout_json
from ...model.storage import write_atomic

_MERGE_IDS: dict[str, int] = {}


def merge_id(key: str) -> int:
    """A stable small integer for a merge key (Qt merges commands with equal ids)."""
    return _MERGE_IDS.setdefault(key, len(_MERGE_IDS) + 1)


class LayoutCommand(QUndoCommand):
    """Replace the document's layout; undo puts the previous one back."""

    def __init__(self, document: "LayoutDocument", text: str, before: Layout, after: Layout,
                 merge_key: str | None = None) -> None:
        super().__init__(text)
        self.document, self.before, self.after = document, before, after
        self.merge_key = merge_key

    def id(self) -> int:
        return merge_id(self.merge_key) if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, LayoutCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.document.replace(self.after)

    def undo(self) -> None:
        self.document.replace(self.before)


class LayoutDocument(QObject):
    """A layout being designed: the current value, its file and its history."""

    changed = Signal()
    clean_changed = Signal(bool)

    def __init__(self, layout: Layout, path: Path | None = None) -> None:
        super().__init__()
        self.layout = layout
        self.path = path
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self.clean_changed)

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def replace(self, layout: Layout) -> None:
        """Show another layout value (called by commands only)."""
        if layout != self.layout:
            self.layout = layout
            self.changed.emit()

    def edit(self, text: str, after: Layout, merge_key: str | None = None) -> None:
        """Apply an edit as an undoable step (nothing happens if nothing changes)."""
        if after == self.layout:
            return
        self.undo_stack.push(LayoutCommand(self, text, self.layout, after, merge_key))

    def save(self, path: Path | None = None) -> Path:
        """Write the layout atomically, keeping the previous file as a backup."""
        target = Path(path or self.path)  # type: ignore[arg-type]
        write_atomic(target, layout_json(self.layout), backup=True)
        self.path = target
        self.undo_stack.setClean()
        return target
