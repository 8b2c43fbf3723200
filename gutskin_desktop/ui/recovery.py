"""Recovery files: unsaved edits written to the user's data folder while there are any.

Every 60 seconds (``GUTSKIN_RECOVERY_SECONDS`` changes it) each modified document is
written, atomically, to ``recovery/`` in the data folder. Saving or discarding a
document removes its file. After a crash, the next start finds the files and the main
window offers to restore them.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ..model.errors import LoadError
from ..model.paths import user_data_dir
from ..model.storage import SaveError, write_atomic
from .undo import SnapshotDocument

DEFAULT_SECONDS = 60


def recovery_dir() -> Path:
    return user_data_dir() / "recovery"


@dataclass(frozen=True)
class Recovered:
    """One document's unsaved state found after a crash."""

    file: Path
    kind: str
    name: str
    path: str
    data: str
    saved_at: str


def find() -> list[Recovered]:
    """Recovery files left by an earlier session (unreadable ones are skipped)."""
    out = []
    folder = recovery_dir()
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
            out.append(Recovered(file, raw["kind"], raw["name"], raw.get("path") or "",
                                 raw["data"], raw.get("saved_at", "")))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return out


def discard(found: list[Recovered]) -> None:
    for item in found:
        item.file.unlink(missing_ok=True)


class RecoveryWriter(QObject):
    """Writes modified documents to recovery files on a timer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.documents: dict[str, tuple[SnapshotDocument, str, str]] = {}
        seconds = float(os.environ.get("GUTSKIN_RECOVERY_SECONDS") or DEFAULT_SECONDS)
        self.timer = QTimer(self)
        self.timer.setInterval(max(200, int(seconds * 1000)))
        self.timer.timeout.connect(self.write_all)
        self.timer.start()

    def watch(self, key: str, document: SnapshotDocument, kind: str, name: str) -> None:
        """Keep a document's unsaved state safe; its file goes when it is saved."""
        self.documents[key] = (document, kind, name)
        document.clean_changed.connect(lambda clean, k=key: clean and self.remove(k))

    def forget(self, key: str) -> None:
        """Stop watching (the document was closed, saved or discarded)."""
        self.documents.pop(key, None)
        self.remove(key)

    def remove(self, key: str) -> None:
        (recovery_dir() / f"{key}.json").unlink(missing_ok=True)

    def write_all(self) -> None:
        for key, (document, kind, name) in list(self.documents.items()):
            if not document.modified:
                self.remove(key)
                continue
            record = {"kind": kind, "name": name, "path": str(document.path or ""),
                      "saved_at": datetime.now().isoformat(timespec="seconds"),
                      "data": document.serialise().decode("utf-8")}
            try:
                recovery_dir().mkdir(parents=True, exist_ok=True)
                write_atomic(recovery_dir() / f"{key}.json",
                             json.dumps(record, ensure_ascii=False).encode("utf-8"))
            except (SaveError, OSError):
                pass  # no recovery this round; the next tick tries again


class RecoveryBar(QWidget):
    """The bar that offers an earlier session's unsaved work: Restore or Discard."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window_ = window
        self.found: list[Recovered] = []
        self.setObjectName("recoveryBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        self.text = QLabel()
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        for name, label, slot in (("restoreRecovery", "Restore", self.restore),
                                  ("discardRecovery", "Discard", self.discard)):
            button = QPushButton(label)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.setStyleSheet("QWidget#recoveryBar { background: #fff4d6; "
                           "border-bottom: 1px solid #e0c46c; }")
        self.hide()

    def offer(self) -> None:
        """Show the bar if an earlier session left recovery files."""
        self.found = find()
        if not self.found:
            return
        what = "; ".join(f"{r.name} (kept {r.saved_at.replace('T', ' ')})"
                         for r in self.found)
        self.text.setText(f"Unsaved work from an earlier session was found: {what}. "
                          "Restore it?")
        self.show()

    def restore(self) -> None:
        """Bring back the recovered edits as unsaved, undoable changes."""
        from ..model.diagram import Diagram, check_against
        from ..model.jsonfile import parse_json, validate
        from ..model.layout import Layout, check_structure

        window = self.window_
        for item in self.found:
            try:
                raw = parse_json(item.file, item.data.encode("utf-8"))
                if item.kind == "diagram":
                    diagram = validate(item.file, Diagram, raw)
                    check_against(item.file, diagram, window.bundle.content)  # type: ignore[attr-defined]
                    window.diagram_doc.edit("Restore the unsaved arrangement", diagram)  # type: ignore[attr-defined]
                elif item.kind == "layout":
                    layout = validate(item.file, Layout, raw)
                    check_structure(item.file, layout)
                    designer = window.open_designer(item.path or "a4-handout")  # type: ignore[attr-defined]
                    designer.document.edit("Restore unsaved changes", layout)
            except (LoadError, OSError) as exc:
                window.statusBar().showMessage(  # type: ignore[attr-defined]
                    f"Could not restore {item.name}: {exc}", 8000)
        self.hide()

    def discard(self) -> None:
        """Throw the recovered edits away."""
        discard(self.found)
        self.found = []
        self.hide()
