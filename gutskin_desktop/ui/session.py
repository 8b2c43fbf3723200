"""The application layer: one object between the windows and the model.

A :class:`Session` owns what the app has open: the loaded bundle (content and the
arranged diagram), the diagram's document, the layout documents open in the designer,
the settings, the clinic profile and the one :class:`.render_service.RenderService`.
Windows are given the session, subscribe to its signals and call its methods; no window
reads or sets another window's attributes.

Every change to the diagram is an undoable edit of :attr:`Session.diagram`; the session
follows its document and announces the new bundle with :attr:`Session.bundle_changed`.
Layout documents are opened with :meth:`Session.open_layout` (one document per file)
and closed with :meth:`Session.close_layout` by the window that stops showing them;
``layout_opened`` and ``layout_closed`` let the recovery writer follow them.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from ..model import diagram_edit
from ..model.bundle import Bundle
from ..model.diagram import Diagram, load_diagram
from ..model.paths import DIAGRAM_FILE, user_diagram_file
from .render_service import RenderService
from .undo import SnapshotDocument

if TYPE_CHECKING:  # imported on first use (start-up speed); neither imports this module
    from .clinic_dialog import ClinicStore
    from .designer.document import LayoutDocument


class DiagramDocument(SnapshotDocument):
    """The diagram being arranged (here rather than with Arrange mode's widgets, which
    are made when first used: start-up speed)."""

    @property
    def diagram(self) -> Diagram:
        return self.value

    def serialise(self) -> bytes:
        return diagram_edit.diagram_json(self.diagram)


def settings() -> QSettings:
    """The app's settings store (the user's choices that outlive a session)."""
    return QSettings("gutskin-desktop", "gutskin")


class Session(QObject):
    """What the app has open, and the signals that say when it changes."""

    bundle_changed = Signal(object)  # Bundle: the content and the (arranged) diagram
    layout_opened = Signal(object)   # LayoutDocument, newly opened
    layout_closed = Signal(object)   # LayoutDocument, no longer shown by any window

    def __init__(self, bundle: Bundle, diagram_path: Path | None = None,
                 parent: QObject | None = None) -> None:
        """``diagram_path`` is where the arrangement is saved (the user's diagram file)."""
        super().__init__(parent)
        self._bundle = bundle
        self.diagram = DiagramDocument(bundle.diagram, diagram_path or user_diagram_file())
        self.diagram.changed.connect(self._on_diagram_change)
        self._layouts: list[LayoutDocument] = []
        self.renders = RenderService(self)

    # -- the bundle ----------------------------------------------------------------------

    @property
    def bundle(self) -> Bundle:
        """The content and the diagram as arranged now."""
        return self._bundle

    def set_bundle(self, bundle: Bundle) -> None:
        """Show another bundle and tell every window; a diagram other than the one
        arranged now becomes an undoable edit of the diagram's document."""
        if bundle.content is self._bundle.content and bundle.diagram is self._bundle.diagram:
            return
        self._publish(bundle)
        self.diagram.edit("Replace the diagram", bundle.diagram)

    def _publish(self, bundle: Bundle) -> None:
        self._bundle = bundle
        self.bundle_changed.emit(bundle)

    def _on_diagram_change(self) -> None:
        """The diagram's document changed (an edit, an undo, a restore): follow it."""
        diagram = self.diagram.diagram
        if diagram is not self._bundle.diagram:
            self._publish(Bundle(self._bundle.content, diagram))

    # -- diagram edits -------------------------------------------------------------------

    def move_nodes(self, positions: dict[str, tuple[float, float]]) -> None:
        """Move boxes to new centres as one undoable step (raises EditError when a box
        cannot go there)."""
        after = diagram_edit.move_nodes(self.diagram.diagram, self._bundle.content,
                                        positions)
        self.diagram.edit(diagram_edit.move_text(self.diagram.diagram, list(positions)),
                          after)

    def reset_diagram(self) -> None:
        """Go back to the shipped arrangement (undoable; saved only with Save)."""
        shipped = load_diagram(DIAGRAM_FILE, self._bundle.content)
        self.diagram.edit("Reset the diagram", shipped)

    # -- layouts -------------------------------------------------------------------------

    @property
    def layouts(self) -> tuple[LayoutDocument, ...]:
        """The layout documents open now."""
        return tuple(self._layouts)

    def open_layout(self, path: Path) -> LayoutDocument:
        """The document of a layout file: the one already open for that file, or the file
        loaded and checked against the content (raises LoadError)."""
        from ..model.layout import load_layout  # start-up speed: layouts load on first use
        from .designer.document import LayoutDocument

        for document in self._layouts:
            if document.is_for(path):
                return document
        document = LayoutDocument(load_layout(path, self._bundle.content), Path(path))
        self._layouts.append(document)
        self.layout_opened.emit(document)
        return document

    def close_layout(self, document: LayoutDocument) -> None:
        """Forget a layout document (its window closed or shows another file); its
        unsaved changes, if any, were saved or discarded by that window."""
        if document in self._layouts:
            self._layouts.remove(document)
            self.layout_closed.emit(document)

    def documents(self) -> list[SnapshotDocument]:
        """Every open document: the diagram's, then the layouts'."""
        return [self.diagram, *self._layouts]

    # -- the rest ------------------------------------------------------------------------

    @property
    def clinic(self) -> ClinicStore:
        """The clinic profile every handout prints from (read on first use); its
        ``changed`` signal says when it was saved."""
        from .clinic_dialog import clinic_store  # start-up speed: read on first use

        return clinic_store()

    @staticmethod
    def settings() -> QSettings:
        """The app's settings store."""
        return settings()
