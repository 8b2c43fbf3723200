"""Recovery files: unsaved edits written to the user's data folder while there are any.

Every 60 seconds (``GUTSKIN_RECOVERY_SECONDS``, whole seconds from 1 to 86400, changes
it; a bad value is ignored with a warning) each modified document is written, atomically,
to ``recovery/`` in the data folder, under this instance's name and beside its lock (see
:mod:`gutskin_desktop.model.recovery_files`). Saving or discarding a document removes its
file. The next start finds the files of instances that are no longer running and the main
window offers to restore each into the document it belongs to; another running
instance's files are left alone, and nothing is deleted until the person answers.

The writer follows the session's documents (:meth:`RecoveryWriter.follow`); the bar
restores into them, and asks the window that hosts the designer, through the small
:class:`DesignerHost` interface, to show a restored layout.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ..model import diagram as diagram_model
from ..model.errors import LoadError, printable
from ..model.jsonfile import parse_json, validate
from ..model.recovery_files import (
    DEFAULT_SECONDS,
    SET_ASIDE,
    Instance,
    Recovered,
    Unreadable,
    configured_interval,
    discard,
    log,
    recovery_dir,
)
from ..model.storage import SaveError
from .session import Session
from .undo import SnapshotDocument

if TYPE_CHECKING:  # imported on first use (start-up speed); it does not import this module
    from .designer.document import LayoutDocument

__all__ = ["DEFAULT_SECONDS", "DesignerHost", "Recovered", "RecoveryBar", "RecoveryWriter",
           "discard", "find", "recovery_dir"]

DIAGRAM_KEY = "diagram"
LAYOUT_KEY = "layout"


def find() -> list[Recovered]:
    """Recovery files left by instances that are no longer running."""
    return Instance().scan()[0]


class RecoveryWriter(QObject):
    """Writes this instance's modified documents to recovery files on a timer."""

    def __init__(self, parent: QObject | None = None, instance: Instance | None = None) -> None:
        super().__init__(parent)
        self.instance = instance or Instance()
        self.documents: dict[str, tuple[SnapshotDocument, str, str | Callable[[], str]]] = {}
        self.timer = QTimer(self)
        self.timer.setInterval(configured_interval() * 1000)
        self.timer.timeout.connect(self.write_all)
        self.timer.start()

    def follow(self, session: Session) -> None:
        """Keep the session's documents safe: the diagram's, and each layout from when it
        is opened until it is closed."""
        self.watch(DIAGRAM_KEY, session.diagram, "diagram", "the diagram's arrangement")
        for document in session.layouts:
            self._watch_layout(document)
        session.layout_opened.connect(self._watch_layout)
        session.layout_closed.connect(self._forget_document)

    def _watch_layout(self, document: LayoutDocument) -> None:
        key, n = LAYOUT_KEY, 1
        while key in self.documents:
            n += 1
            key = f"{LAYOUT_KEY}-{n}"
        self.watch(key, document, "layout", lambda: f"layout '{document.layout.name}'")

    def _forget_document(self, document: SnapshotDocument) -> None:
        for key, (watched, _, _) in list(self.documents.items()):
            if watched is document:
                self.forget(key)

    def watch(self, key: str, document: SnapshotDocument, kind: str,
              name: str | Callable[[], str]) -> None:
        """Keep a document's unsaved state safe; its file goes when it is saved. ``name``
        (or a function giving it, asked at each write) is what the restore bar shows."""
        self.documents[key] = (document, kind, name)
        document.clean_changed.connect(lambda clean, k=key: self._on_clean(k, clean))

    def _on_clean(self, key: str, clean: bool) -> None:
        if clean:
            self.remove(key)

    def forget(self, key: str) -> None:
        """Stop watching (the document was closed, saved or discarded)."""
        self.documents.pop(key, None)
        self.remove(key)

    def remove(self, key: str) -> None:
        """Remove this instance's file for ``key`` (never another instance's)."""
        with contextlib.suppress(OSError):
            self.instance.remove(key)

    def write_all(self) -> bool:
        """Write every modified document now; False if any could not be written."""
        ok = True
        for key, (document, kind, name) in list(self.documents.items()):
            if not document.modified:
                self.remove(key)
                continue
            record = {"kind": kind, "name": name() if callable(name) else name,
                      "path": str(document.path or ""), "disk_hash": document.disk_hash,
                      "saved_at": datetime.now().isoformat(timespec="seconds"),
                      "data": document.serialise().decode("utf-8")}
            try:
                self.instance.write(key, record)
            except (SaveError, OSError):
                ok = False  # no recovery this round; the next tick tries again
        return ok


class DesignerHost(Protocol):
    """What the restore bar asks of the window that opens the layout designer."""

    def designer_document(self) -> LayoutDocument | None:
        """The layout document the designer shows, or None when it is not open."""

    def show_layout(self, path: Path) -> bool:
        """Show the layout file ``path`` in the designer (opening it, or switching it from
        the layout it shows, which asks about that one's unsaved changes); False if the
        designer keeps showing the other layout."""


class Refused(Exception):
    """A recovered document that cannot go into the document it belongs to."""


def _short(text: str, limit: int = 80) -> str:
    """Text from a file, as one short line."""
    text = printable(text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _when(item: Recovered) -> str:
    saved = _short(item.saved_at.replace("T", " "), 30)
    return f"{_short(item.name)} (kept {saved})" if saved else _short(item.name)


class RecoveryBar(QWidget):
    """The bar that offers an earlier session's unsaved work: Restore or Discard."""

    restored = Signal(str)  # what was restored, in words, for the window's status bar

    def __init__(self, session: Session, writer: RecoveryWriter, host: DesignerHost,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.writer, self.host = session, writer, host
        self.found: list[Recovered] = []
        self.unreadable: list[Unreadable] = []
        self.setObjectName("recoveryBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        self.text = QLabel()
        self.text.setObjectName("recoveryText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # names come from files
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.buttons: dict[str, QPushButton] = {}
        for name, label, slot in (("restoreRecovery", "Restore", self.restore),
                                  ("discardRecovery", "Discard", self.discard),
                                  ("dismissRecovery", "OK", self.dismiss)):
            button = QPushButton(label)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[name] = button
        self.setStyleSheet("QWidget#recoveryBar { background: #fff4d6; "
                           "border-bottom: 1px solid #e0c46c; }")
        self.hide()

    @property
    def instance(self) -> Instance:
        """This running instance (whose own files are never offered)."""
        return self.writer.instance

    def offer(self) -> None:
        """Show the bar if instances no longer running left recovery files (a file that
        cannot be read is set aside and named here, once)."""
        try:
            self.found, self.unreadable = self.instance.scan()
        except Exception as exc:  # never a reason not to start
            log(f"recovery files could not be looked at: {type(exc).__name__}: {exc}")
            self.found, self.unreadable = [], []
        self._show(self._unreadable_text())

    def _unreadable_text(self) -> str:
        if not self.unreadable:
            return ""
        what = "; ".join(f"{u.file.name} ({u.reason})" for u in self.unreadable)
        if len(self.unreadable) == 1:
            return (f"A recovery file from an earlier session could not be read and was set "
                    f"aside as {self.unreadable[0].file.name}{SET_ASIDE}: {what}.")
        return (f"{len(self.unreadable)} recovery files from an earlier session could not "
                f"be read and were set aside (as NAME{SET_ASIDE}): {what}.")

    def _show(self, note: str = "") -> None:
        parts = [note] if note else []
        if self.found:
            what = "; ".join(_when(r) for r in self.found)
            parts.append(f"Unsaved work from an earlier session was found: {what}. "
                         "Restore it?")
        if not parts:
            self.hide()
            return
        self.text.setText(" ".join(parts))
        self.buttons["restoreRecovery"].setVisible(bool(self.found))
        self.buttons["discardRecovery"].setVisible(bool(self.found))
        self.buttons["dismissRecovery"].setVisible(not self.found)
        self.show()

    def restore(self) -> None:
        """Bring back each recovered document as unsaved, undoable changes to the document
        it belongs to; one that cannot be is named and kept for another try or Discard."""
        restored: list[Recovered] = []
        kept: list[Recovered] = []
        problems: list[str] = []
        for item in self.found:
            try:
                self._restore_one(item)
            except Refused as exc:
                problems.append(str(exc))
            except (LoadError, OSError, ValueError) as exc:
                problems.append(f"Could not restore {_short(item.name)}: {exc}.")
            else:
                restored.append(item)
                continue
            kept.append(item)
        # This instance keeps its own copy before the old files go.
        if restored and self.writer.write_all():
            discard(restored)
            self.instance.tidy()
        self.found = kept
        if restored:
            self.restored.emit("Restored " + "; ".join(_short(r.name) for r in restored)
                               + " as unsaved changes: save to keep them.")
        self._show(" ".join(problems))

    def _restore_one(self, item: Recovered) -> None:
        raw = parse_json(item.file, item.data.encode("utf-8"))
        document: SnapshotDocument
        if item.kind == "diagram":
            document = self._restore_diagram(item, raw)
        else:
            document = self._restore_layout(item, raw)
        if item.has_disk_hash:  # so that Save still asks if the file changed since
            document.disk_hash = item.disk_hash

    def _restore_diagram(self, item: Recovered, raw: object) -> SnapshotDocument:
        """Restore an arrangement into the session's diagram, if it is that diagram's."""
        document = self.session.diagram
        if item.path and not document.is_for(item.path):
            raise Refused(f"Could not restore {_short(item.name)}: it belongs to "
                          f"{_short(item.path, 200)}, not to the diagram open here "
                          f"({document.path}).")
        diagram = validate(item.file, diagram_model.Diagram, raw)
        diagram_model.check_structure(item.file, diagram)
        diagram_model.check_against(item.file, diagram, self.session.bundle.content)
        document.edit("Restore the unsaved arrangement", diagram)
        return document

    def _restore_layout(self, item: Recovered, raw: object) -> SnapshotDocument:
        """Restore a layout into its file's document, shown in the designer."""
        from ..model.layout import Layout, check_sections, check_structure, load_layout

        what = _short(item.name)
        if not item.path:
            raise Refused(f"Could not restore {what}: the recovery file does not "
                          "say which layout file it belongs to.")
        path = Path(item.path)
        if not path.is_file():
            raise Refused(f"Could not restore {what}: its layout file "
                          f"{_short(str(path), 200)} is no longer there.")
        content = self.session.bundle.content
        layout = validate(item.file, Layout, raw)
        check_structure(item.file, layout)
        check_sections(item.file, layout, content)
        load_layout(path, content)  # the file itself must open (raises LoadError)
        document = self._shown_in_designer(path, what)
        document.edit("Restore unsaved changes", layout)
        return document

    def _shown_in_designer(self, path: Path, what: str) -> LayoutDocument:
        """The document of the layout file ``path``, shown in the designer; never another
        layout's (the one shown is switched only if its changes are saved or discarded)."""
        shown = self.host.designer_document()
        if not self.host.show_layout(path):
            showing = shown.layout.name if shown is not None else "another layout"
            raise Refused(f"Could not restore {what}: the designer is still showing "
                          f"layout '{showing}' (save or discard its changes, then "
                          "Restore again).")
        document = self.host.designer_document()
        if document is None or not document.is_for(path):  # pragma: no cover - safety net
            raise Refused(f"Could not restore {what}: the designer could not open {path}.")
        return document

    def discard(self) -> None:
        """Throw the recovered edits away."""
        discard(self.found)
        self.found = []
        self.instance.tidy()
        self.hide()

    def dismiss(self) -> None:
        """Close a bar that only reported files it could not read."""
        self.unreadable = []
        self._show()
