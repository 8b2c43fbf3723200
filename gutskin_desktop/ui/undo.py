"""Undo for immutable model values: a document holds one value and a QUndoStack.

Every edit is a :class:`SnapshotCommand` holding the value before and after: ``redo`` and
``undo`` only swap which one the document shows, so commands are symmetric and
exception-safe (an edit that fails never reaches the stack). Nudges and typing in one
field merge into a single step through a merge key.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from ..model.storage import SaveError, write_atomic

_MERGE_IDS: dict[str, int] = {}


def merge_id(key: str) -> int:
    """A stable small integer for a merge key (Qt merges commands with equal ids)."""
    return _MERGE_IDS.setdefault(key, len(_MERGE_IDS) + 1)


class SnapshotCommand(QUndoCommand):
    """Replace the document's value; undo puts the previous one back."""

    def __init__(self, document: SnapshotDocument, text: str, before: Any, after: Any,
                 merge_key: str | None = None) -> None:
        super().__init__(text)
        self.document, self.before, self.after = document, before, after
        self.merge_key = merge_key

    def id(self) -> int:
        return merge_id(self.merge_key) if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SnapshotCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.document.replace(self.after)

    def undo(self) -> None:
        self.document.replace(self.before)


class SnapshotDocument(QObject):
    """A value being edited, the file it belongs to and its history."""

    changed = Signal()
    clean_changed = Signal(bool)

    def __init__(self, value: Any, path: Path | None = None) -> None:
        super().__init__()
        self.value = value
        self.path = path
        self.disk_hash = file_hash(path)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self.clean_changed)

    def opened(self, path: Path | None) -> None:
        """Remember the file as it is on disk now (after opening it)."""
        self.path = path
        self.disk_hash = file_hash(path)

    def conflict(self, target: Path | None = None) -> bool:
        """Whether the file was changed on disk by something else since we read it."""
        path = Path(target) if target else self.path
        if path is None or path != self.path or path.is_dir():
            return False  # a folder in the way is refused by the save itself
        return file_hash(path) != self.disk_hash

    def is_for(self, path: str | Path | None) -> bool:
        """Whether this document belongs to the file ``path`` (the same file however
        named, whether or not it is on disk yet)."""
        if not path or self.path is None:
            return False
        try:
            return Path(path).resolve() == self.path.resolve()
        except (OSError, RuntimeError, ValueError):
            return str(path) == str(self.path)

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def replace(self, value: Any) -> None:
        """Show another value (called by commands, and when a file is opened)."""
        if value != self.value:
            self.value = value
            self.changed.emit()

    def edit(self, text: str, after: Any, merge_key: str | None = None) -> None:
        """Apply an edit as an undoable step (nothing happens if nothing changes)."""
        if after == self.value:
            return
        self.undo_stack.push(SnapshotCommand(self, text, self.value, after, merge_key))

    def serialise(self) -> bytes:
        raise NotImplementedError

    def save(self, path: Path | None = None) -> Path:
        """Write the value atomically, keeping the previous file as a backup."""
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("the document has no file to be saved to")
        data = self.serialise()
        write_atomic(target, data, backup=True)
        self.path = target
        self.disk_hash = _sha256(data)
        self.undo_stack.setClean()
        return target


def _sha256(data: bytes) -> str:
    import hashlib  # start-up speed: OpenSSL's set-up, when a file is first hashed

    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path | None) -> str | None:
    """A file's content hash, or None when there is no such file."""
    try:
        return _sha256(Path(path).read_bytes()) if path else None
    except OSError:
        return None


def undo_actions(stack: QUndoStack, owner: QObject) -> list[QAction]:
    """Undo and Redo actions (``actionUndo``, ``actionRedo``) for a stack, with shortcuts."""
    actions = []
    for name, action, keys in (("actionUndo", stack.createUndoAction(owner, "&Undo"),
                                QKeySequence.StandardKey.Undo),
                               ("actionRedo", stack.createRedoAction(owner, "&Redo"),
                                QKeySequence.StandardKey.Redo)):
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        actions.append(action)
    return actions


def save_with_checks(parent: QWidget, document: SnapshotDocument, path: Path,
                     what: str) -> bool:
    """Save a document as a person would expect: ask before overwriting a file changed on
    disk by something else, and say why when the save fails (the original is kept)."""
    from PySide6.QtWidgets import QMessageBox  # start-up speed: made when first needed

    if document.conflict(path):
        answer = QMessageBox.question(
            parent, "The file changed on disk",
            f"{path} was changed by something else since it was opened. Overwrite it with "
            f"this {what}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Save:
            return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        document.save(path)
    except (SaveError, OSError) as exc:
        QMessageBox.warning(parent, f"Could not save the {what}", str(exc))
        return False
    return True
