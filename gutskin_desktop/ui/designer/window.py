"""The designer window: the page, the properties panel, menus, files and the preview.

Files: New (from a shipped layout), Open, Save and Save As. Saving writes the layout
atomically into the user's layouts folder, keeping the previous version as a backup, so
saved layouts appear in the app's layout list and in ``gutskin layouts``. Save As asks
before it replaces any file that is already there (saying No keeps that file as it is).
The preview and Export PDF are jobs of the session's render service: nothing renders on
the GUI thread.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QToolBar,
    QWidget,
)

from gutskin_desktop.export.render import ExportOptions
from gutskin_desktop.model import layout_edit
from gutskin_desktop.model.bundle import Bundle
from gutskin_desktop.model.errors import EditError, LoadError
from gutskin_desktop.model.fields import is_id
from gutskin_desktop.model.layout import Layout, load_layout
from gutskin_desktop.model.layout_files import layout_files, shipped_layout_files
from gutskin_desktop.model.paths import LAYOUTS, user_layouts_dir
from gutskin_desktop.ui.render_jobs import RenderRequest, gui_message, write_pdf
from gutskin_desktop.ui.undo import save_with_checks, undo_actions

from .document import LayoutDocument
from .new_blocks import block_label, block_types, new_block
from .page_view import PageView
from .preview import DesignerPreview, PagePreview
from .properties import PropertiesPanel

if TYPE_CHECKING:
    from gutskin_desktop.ui.session import Session

ALIGN = (("Left", "left"), ("Centre", "hcenter"), ("Right", "right"), ("Top", "top"),
         ("Middle", "vcenter"), ("Bottom", "bottom"))


class DesignerWindow(QMainWindow):
    """Arrange a layout's blocks on the page and see exactly what will print."""

    closed = Signal()

    def __init__(self, session: Session, document: LayoutDocument,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("designerWindow")
        self.session = session
        self.document = document
        self.view = PageView(document)
        self.panel = PropertiesPanel(document, session.bundle.content)
        self.preview = DesignerPreview(session.renders, f"designer-preview:{id(self)}", self)
        self.export_kind = f"designer-export:{id(self)}"
        self.last_preview: PagePreview | None = None
        self._actions: dict[str, QAction] = {}
        self.page_box = QSpinBox()
        self.page_count = QLabel()
        self._zoom_settled = QTimer(self)
        self._following = False
        self._build()
        self.resize(1280, 860)
        self._connect()
        self._update_title()
        self.request_preview()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 340])
        self.setCentralWidget(splitter)
        self._file_menu()
        self._edit_menu()
        self._arrange_menu()
        self._insert_menu()
        self._view_menu()
        self._toolbar()

    def _add(self, menu: QMenu, name: str, text: str,
             keys: QKeySequence.StandardKey | str | None,
             slot: Callable[..., object]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)
        self._actions[name] = action
        return action

    @property
    def bundle(self) -> Bundle:
        """The content and the diagram the layout shows (the session's, as arranged)."""
        return self.session.bundle

    def action(self, name: str) -> QAction:
        """One of the window's actions by its object name."""
        return self._actions[name]

    def _file_menu(self) -> None:
        menu = self.menuBar().addMenu("&File")
        self._add(menu, "actionNew", "&New from Layout...", QKeySequence.StandardKey.New,
                  self.new_from_shipped)
        self._add(menu, "actionOpen", "&Open...", QKeySequence.StandardKey.Open, self.open_file)
        self._add(menu, "actionSave", "&Save", QKeySequence.StandardKey.Save, self.save)
        self._add(menu, "actionSaveAs", "Save &As...", QKeySequence.StandardKey.SaveAs,
                  self.save_as)
        self._add(menu, "actionExportPdf", "&Export PDF...", "Ctrl+E", self.export_pdf)
        menu.addSeparator()
        self._add(menu, "actionClose", "&Close", QKeySequence.StandardKey.Close, self.close)

    def _edit_menu(self) -> None:
        menu = self.menuBar().addMenu("&Edit")
        for action in undo_actions(self.document.undo_stack, self):
            menu.addAction(action)
            self._actions[action.objectName()] = action
        menu.addSeparator()
        self._add(menu, "actionDuplicate", "D&uplicate", "Ctrl+D", self.duplicate)
        self._add(menu, "actionDelete", "&Delete", QKeySequence.StandardKey.Delete, self.delete)
        self._add(menu, "actionSelectAll", "Select &All", QKeySequence.StandardKey.SelectAll,
                  lambda: self.view.select(list(self.view.blocks)))

    def _arrange_menu(self) -> None:
        menu = self.menuBar().addMenu("&Arrange")
        for label, edge in ALIGN:
            self._add(menu, f"actionAlign{edge.title()}", f"Align {label}", None,
                      lambda _=False, e=edge: self.align(e))
        menu.addSeparator()
        self._add(menu, "actionDistributeH", "Distribute Horizontally", None,
                  lambda: self.distribute("x"))
        self._add(menu, "actionDistributeV", "Distribute Vertically", None,
                  lambda: self.distribute("y"))
        menu.addSeparator()
        self._add(menu, "actionBringForward", "Bring &Forward", "Ctrl+]",
                  lambda: self.restack(1))
        self._add(menu, "actionSendBackward", "Send &Backward", "Ctrl+[",
                  lambda: self.restack(-1))
        menu.addSeparator()
        snap = self._add(menu, "actionSnap", "&Snap to Guides and Grid", None,
                         self._toggle_snap)
        snap.setCheckable(True)
        snap.setChecked(True)

    def _insert_menu(self) -> None:
        menu = self.menuBar().addMenu("&Insert")
        for kind in block_types():
            self._add(menu, f"actionAdd{kind.title()}", block_label(kind), None,
                      lambda _=False, k=kind: self.add_block(k))

    def _view_menu(self) -> None:
        menu = self.menuBar().addMenu("&View")
        self._add(menu, "actionZoomIn", "Zoom &In", "Ctrl+=", lambda: self.view.zoom_by(1.25))
        self._add(menu, "actionZoomOut", "Zoom &Out", "Ctrl+-", lambda: self.view.zoom_by(0.8))
        fit = self._add(menu, "actionZoomFit", "&Fit Page", "Ctrl+0", self.view.fit)
        fit.setShortcuts([QKeySequence("Ctrl+0"), QKeySequence("0")])

    def _toolbar(self) -> None:
        bar = QToolBar("Designer")
        bar.setObjectName("designerToolbar")
        bar.setMovable(False)
        for name in ("actionUndo", "actionRedo", "actionSave", "actionZoomFit",
                     "actionExportPdf"):
            bar.addAction(self._actions[name])
        bar.addSeparator()
        bar.addWidget(QLabel(" Page "))
        self.page_box.setObjectName("pageSelector")
        self.page_box.setRange(1, 1)
        bar.addWidget(self.page_box)
        bar.addWidget(self.page_count)
        self.addToolBar(bar)

    def _connect(self) -> None:
        self.document.changed.connect(self.request_preview)
        self.document.clean_changed.connect(lambda _: self._update_title())
        self.view.selection_changed.connect(self._on_selection)
        self.view.zoom_changed.connect(lambda _: self._zoom_settled.start())
        self.preview.ready.connect(self._on_preview)
        self._follow_session(True)
        self.panel.error.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.page_box.valueChanged.connect(self._on_page_box)
        self._zoom_settled.setSingleShot(True)
        self._zoom_settled.setInterval(150)
        self._zoom_settled.timeout.connect(self.request_preview)

    # -- preview ---------------------------------------------------------------------------

    def _follow_session(self, follow: bool) -> None:
        """Re-render the preview when the diagram is arranged anew or the clinic profile
        is saved (while the window is open; a closed one does no work)."""
        if follow == self._following:
            return
        signals = (self.session.bundle_changed, self.session.clinic.changed)
        for signal in signals:
            if follow:
                signal.connect(self._on_session_change)
            else:
                with contextlib.suppress(RuntimeError, TypeError):  # not connected
                    signal.disconnect(self._on_session_change)
        self._following = follow

    def _on_session_change(self, _value: object) -> None:
        self.request_preview()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after closing: follow the session again, and catch up."""
        super().showEvent(event)
        if not self._following:
            self._follow_session(True)
            self.request_preview()

    def render_request(self) -> RenderRequest:
        """The layout as it stands, with the session's content and clinic, to render."""
        return RenderRequest(self.document.layout, self.bundle,
                             ExportOptions(clinic=self.session.clinic.clinic),
                             inputs=(("layout file", self.document.path),))

    def request_preview(self) -> None:
        """Render the shown page again (off the GUI thread)."""
        dpi = self.view.pixels_per_mm() * 25.4 * self.devicePixelRatioF()
        self.preview.request(self.render_request(), self.view.page_index, max(72.0, dpi))

    def _on_preview(self, result: PagePreview) -> None:
        self.last_preview = result
        if result.error:
            self.statusBar().showMessage(f"Preview failed: {result.error}")
            return
        self.view.page_item.set_image(result.image)
        problems = result.problems
        for block_id, item in self.view.blocks.items():
            item.set_overflow(problems.get(block_id, ""))
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, max(1, result.pages))
        self.page_box.blockSignals(False)
        self.page_count.setText(f" of {result.pages} ")
        fit = ("text fits and is large enough" if not problems
               else "; ".join(problems.values()))
        self.statusBar().showMessage(f"{result.pages} pages, {fit}")

    def _on_page_box(self, value: int) -> None:
        self.view.set_page_index(value - 1)
        self.request_preview()

    # -- editing ---------------------------------------------------------------------------

    def _on_selection(self, ids: list[str]) -> None:
        self.panel.show_block(ids[0] if len(ids) == 1 else None)

    def _edit(self, text: str, make: Callable[[Layout], Layout]) -> bool:
        try:
            after = make(self.document.layout)
        except EditError as exc:
            self.statusBar().showMessage(f"{text}: {exc}", 6000)
            return False
        self.document.edit(text, after)
        return True

    def delete(self) -> None:
        ids = self.view.selected_ids()
        if ids:
            self._edit(f"Delete {', '.join(ids)}",
                       lambda layout: layout_edit.remove_blocks(layout, ids))

    def duplicate(self) -> None:
        ids = self.view.selected_ids()
        if not ids:
            return
        made: list[str] = []

        def make(layout: Layout) -> Layout:
            after, new = layout_edit.duplicate_blocks(layout, ids)
            made.extend(new)
            return after
        if self._edit(f"Duplicate {', '.join(ids)}", make):
            self.view.select(made)

    def align(self, edge: str) -> None:
        ids = self.view.selected_ids()
        if len(ids) >= 2:
            changes = layout_edit.align(self.document.layout, ids, edge)
            self._edit(f"Align {edge}",
                       lambda layout: layout_edit.update_blocks(layout, changes))

    def distribute(self, axis: str) -> None:
        ids = self.view.selected_ids()
        changes = layout_edit.distribute(self.document.layout, ids, axis)
        if changes:
            self._edit("Distribute", lambda layout: layout_edit.update_blocks(layout, changes))

    def restack(self, step: int) -> None:
        ids = self.view.selected_ids()
        if ids:
            text = "Bring forward" if step > 0 else "Send backward"
            self._edit(text, lambda layout: layout_edit.restack(layout, ids, step))

    def add_block(self, kind: str) -> None:
        block = new_block(self.document.layout, kind, self.view.page_index + 1)
        if kind == "qr":
            url, ok = QInputDialog.getText(self, "QR code", "Web address (https://...):")
            if not ok or not url.strip():
                return
            block["url"] = url.strip()
        if self._edit(f"Add {block_label(kind).lower()}",
                      lambda layout: layout_edit.add_block(layout, block)):
            self.view.select([self.document.layout.blocks[-1].id])

    def _toggle_snap(self, on: bool) -> None:
        self.view.snapping = on

    # -- files -----------------------------------------------------------------------------

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.layout.name}[*] - gutskin designer")
        self.setWindowModified(self.document.modified)

    def _is_shipped(self) -> bool:
        path = self.document.path
        return path is None or path.resolve().parent == LAYOUTS.resolve()

    def save(self) -> bool:
        """Save to the layout's own file; a shipped layout is saved under a new name."""
        path = self.document.path
        if path is None or self._is_shipped():
            return self.save_as()
        return self._write(path)

    def save_as(self) -> bool:
        """Ask for a new name and save into the user's layouts folder."""
        shipped = {p.stem for p in shipped_layout_files()}
        suggestion = f"my-{self.document.layout.name}"[:40]
        while True:
            name, ok = QInputDialog.getText(self, "Save layout as",
                                            "Layout name (lower-case letters, digits, -):",
                                            text=suggestion)
            if not ok:
                return False
            name = name.strip().lower()
            if is_id(name) and name not in shipped:
                break
            QMessageBox.warning(self, "Save layout as", f"'{name}' cannot be used: use "
                                "lower-case letters, digits and hyphens, and a name that "
                                "is not a shipped layout's.")
        path = user_layouts_dir() / f"{name}.json"
        if os.path.lexists(path) and not self._confirm_replace(name, path):
            return False
        before = self.document.layout
        self.document.replace(layout_edit.update_layout(before, {"name": name}))
        if self._write(path):
            return True
        self.document.replace(before)  # not saved: the layout keeps the name it had
        self._update_title()
        return False

    def _confirm_replace(self, name: str, path: Path) -> bool:
        """Ask before Save As replaces a file that is already there (No keeps it)."""
        answer = QMessageBox.question(
            self, "Replace layout?",
            f"A layout named '{name}' already exists ({path}). Replace it with this one? "
            f"The one there now will be kept as {path.name}.bak.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _write(self, path: Path) -> bool:
        if not save_with_checks(self, self.document, path, "layout"):
            return False
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def _confirm_discard(self) -> bool:
        if not self.document.modified:
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes", f"Save the changes to {self.document.layout.name}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def load(self, path: Path) -> bool:
        """Replace the document with a layout file (asks first if there are changes)."""
        if not self._confirm_discard():
            return False
        try:
            layout = load_layout(path, self.bundle.content)
        except LoadError as exc:
            QMessageBox.warning(self, "Could not open the layout", str(exc))
            return False
        self.document.undo_stack.clear()
        self.document.replace(layout)
        self.document.opened(path)
        self.view.set_page_index(0)
        self.view.fit()
        self._update_title()
        self.request_preview()
        return True

    def new_from_shipped(self) -> None:
        names = [p.stem for p in shipped_layout_files()]
        name, ok = QInputDialog.getItem(self, "New layout", "Start from:", names, 0, False)
        if ok:
            self.load(LAYOUTS / f"{name}.json")

    def open_file(self) -> None:
        """Open a saved or shipped layout from the list, or any layout file."""
        files = layout_files()
        other = "Another file..."
        names = [p.stem for p in files] + [other]
        name, ok = QInputDialog.getItem(self, "Open layout", "Layout:", names, 0, False)
        if not ok:
            return
        if name != other:
            self.load(files[names.index(name)])
            return
        folder = user_layouts_dir() if user_layouts_dir().is_dir() else LAYOUTS
        path, _ = QFileDialog.getOpenFileName(self, "Open layout", str(folder),
                                              "Layouts (*.json)")
        if path:
            self.load(Path(path))

    def export_pdf(self) -> None:
        """Ask where, then render the layout and write the PDF off the GUI thread (never
        over the layout's own file)."""
        path, _ = QFileDialog.getSaveFileName(self, "Export PDF",
                                              f"{self.document.layout.name}.pdf", "PDF (*.pdf)")
        if not path:
            return
        request = self.render_request()
        self.statusBar().showMessage(f"Exporting {path}...")
        self.session.renders.submit(
            self.export_kind, lambda token: write_pdf(request, path, token),
            lambda written: self.statusBar().showMessage(f"Exported {written}", 5000),
            self._export_failed, owner=self)

    def _export_failed(self, error: Exception) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "Could not export", gui_message(error))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved changes; closing stops the preview (an export asked for
        still ends)."""
        if not self._confirm_discard():
            event.ignore()
            return
        self.preview.cancel()
        self._follow_session(False)
        self.closed.emit()
        super().closeEvent(event)
