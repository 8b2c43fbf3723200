"""The designer window: the page, the properties panel, menus, files and the preview.

Files: New from Template and Open (a gallery of every layout's first page), Save and
Save As. New from Template makes an untitled copy, which Save saves under a new name.
Saving writes the layout atomically into the user's layouts folder, keeping the previous
version as a backup, so saved layouts appear in the app's layout list and in ``gutskin
layouts``. Save As takes a name as people write it, shows the file name it makes, asks
for a description, and asks before it replaces any file that is already there (saying No
keeps that file as it is). Pages: rulers in mm around the page, a panel of page
thumbnails, and the Page menu to add, duplicate, remove and reorder pages (each one undo
step). The preview, the thumbnails and Export PDF are jobs of the session's render
service: nothing renders on the GUI thread.
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
    QDockWidget,
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
from gutskin_desktop.model import layout_edit, page_edit
from gutskin_desktop.model.bundle import Bundle
from gutskin_desktop.model.errors import EditError, LoadError
from gutskin_desktop.model.layout import Layout, load_layout
from gutskin_desktop.model.paths import LAYOUTS, user_layouts_dir
from gutskin_desktop.ui.render_jobs import RenderRequest, gui_message, write_pdf
from gutskin_desktop.ui.undo import save_with_checks, undo_actions

from .document import LayoutDocument
from .format_menu import FormatMenu
from .image_picker import choose_image
from .new_blocks import block_label, block_types, new_block
from .page_view import PageView
from .pages_panel import PagesPanel
from .preview import DesignerPreview, PagePreview
from .properties import PropertiesPanel
from .rulers import RulerFrame
from .templates import SaveAsDialog, TemplateGallery

if TYPE_CHECKING:
    from gutskin_desktop.ui.session import Session

#: The least resolution a preview is rendered at (the page zoomed right out is a few
#: dozen pixels across).
MIN_DPI = 12.0

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
        self.view = PageView(document, session.bundle.content)
        self.panel = PropertiesPanel(document, session.bundle.content)
        self.preview = DesignerPreview(session.renders, f"designer-preview:{id(self)}", self)
        self.export_kind = f"designer-export:{id(self)}"
        self.last_preview: PagePreview | None = None
        self._actions: dict[str, QAction] = {}
        self.page_box = QSpinBox()
        self.page_count = QLabel()
        self.rulers = RulerFrame(self.view)
        self.pages = PagesPanel(session.renders, f"designer-pages:{id(self)}")
        self.template_path: Path | None = None  # what an untitled layout was made from
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
        splitter.addWidget(self.rulers)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 340])
        self.setCentralWidget(splitter)
        self._file_menu()
        self._edit_menu()
        self._arrange_menu()
        self._insert_menu()
        self._format_menu()
        self._page_menu()
        self._view_menu()
        self._toolbar()
        self._pages_dock()

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
        self._add(menu, "actionNew", "&New from Template...", QKeySequence.StandardKey.New,
                  self.new_from_template)
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
        menu.addSeparator()
        rulers = self._add(menu, "actionRulers", "&Rulers", "Ctrl+R", self.rulers.set_visible)
        rulers.setCheckable(True)
        rulers.setChecked(True)
        self._view_menu_end = menu.addSeparator()
        self.view_menu = menu

    def _page_menu(self) -> None:
        menu = self.menuBar().addMenu("&Page")
        self._add(menu, "actionAddPage", "&Add Page", None, self.add_page)
        self._add(menu, "actionDuplicatePage", "&Duplicate Page", None, self.duplicate_page)
        self._add(menu, "actionRemovePage", "&Remove Page...", None, self.remove_page)
        menu.addSeparator()
        self._add(menu, "actionMovePageUp", "Move Page &Up", None, lambda: self.move_page(-1))
        self._add(menu, "actionMovePageDown", "Move Page Do&wn", None,
                  lambda: self.move_page(1))
        menu.addSeparator()
        self._add(menu, "actionPreviousPage", "&Previous Page", "Ctrl+PgUp",
                  lambda: self.go_to_page(self.view.page_index - 1))
        self._add(menu, "actionNextPage", "&Next Page", "Ctrl+PgDown",
                  lambda: self.go_to_page(self.view.page_index + 1))
        self.pages.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for name in ("actionAddPage", "actionDuplicatePage", "actionRemovePage",
                     "actionMovePageUp", "actionMovePageDown"):
            self.pages.addAction(self._actions[name])

    def _pages_dock(self) -> None:
        dock = QDockWidget("Pages", self)
        dock.setObjectName("pagesDock")
        dock.setWidget(self.pages)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        toggle = dock.toggleViewAction()
        toggle.setObjectName("actionPagesPanel")
        toggle.setText("&Pages Panel")
        self.view_menu.insertAction(self._view_menu_end, toggle)
        self._actions["actionPagesPanel"] = toggle
        self.pages_dock = dock
        self.resizeDocks([dock], [self.pages.minimumWidth() + 8], Qt.Orientation.Horizontal)

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
        self.view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.view.picture_wanted.connect(self.panel.choose_picture)
        self.page_box.valueChanged.connect(self._on_page_box)
        self.pages.page_chosen.connect(self.go_to_page)
        self.document.changed.connect(self._on_layout_change)
        self._on_layout_change()
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
        """Render the shown page again (off the GUI thread), at the screen's own
        resolution for the zoom: the page is drawn pixel for pixel, not scaled."""
        dpi = self.view.pixels_per_mm() * 25.4 * self.devicePixelRatioF()
        self.preview.request(self.render_request(), self.view.page_index, max(MIN_DPI, dpi))

    def _on_preview(self, result: PagePreview) -> None:
        self.last_preview = result
        if result.error:
            self.statusBar().showMessage(f"Preview failed: {result.error}")
            return
        self.view.page_item.set_image(result.image)
        self._show_pages(result)
        problems = result.problems
        for block_id, item in self.view.blocks.items():
            item.set_overflow(problems.get(block_id, ""))
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, max(1, result.pages))
        self.page_box.blockSignals(False)
        self.page_count.setText(f" of {result.pages} ")
        # overflow, small type and blocks covering text (an overlap is under both blocks)
        fit = ("text fits and is large enough" if not problems
               else "; ".join(dict.fromkeys(problems.values())))
        self.statusBar().showMessage(f"{result.pages} pages, {fit}")

    def _on_page_box(self, value: int) -> None:
        self.go_to_page(value - 1)

    # -- pages -----------------------------------------------------------------------------

    def _on_layout_change(self) -> None:
        layout = self.document.layout
        self.rulers.set_page(*layout.page.size_mm())
        self._update_page_actions()

    def _show_pages(self, result: PagePreview) -> None:
        """Thumbnails of the PDF just rendered; a page gone (undone, removed) is left."""
        last = max(0, result.pages - 1)
        if self.view.page_index > last:
            self.go_to_page(last)
            return
        layout = self.document.layout
        self.pages.show_pdf(result.pdf, result.pages, layout.page_count,
                            layout.page.size_mm(), self.view.page_index, result.digests)

    def go_to_page(self, index: int) -> None:
        """Show page ``index`` (0-based) in the view, the page selector and the panel."""
        pages = max(self.page_box.maximum(), self.document.layout.page_count)
        index = max(0, min(index, pages - 1))
        if index + 1 > self.page_box.maximum():
            self.page_box.blockSignals(True)
            self.page_box.setRange(1, index + 1)
            self.page_box.blockSignals(False)
        changed = index != self.view.page_index
        self.page_box.blockSignals(True)
        self.page_box.setValue(index + 1)
        self.page_box.blockSignals(False)
        self.pages.set_current(index)
        if changed:
            self.view.set_page_index(index)
            self.request_preview()
        self._update_page_actions()

    def _current_page(self) -> int:
        """The page shown, 1-based."""
        return self.view.page_index + 1

    def _update_page_actions(self) -> None:
        if "actionMovePageDown" not in self._actions:
            return
        page, count = self._current_page(), self.document.layout.page_count
        own = page <= count
        continued = ("" if own else f"Page {page} is where the sections text continues, "
                     "after the layout's own pages")
        for name, enabled in (("actionDuplicatePage", own),
                              ("actionRemovePage", own and count > 1),
                              ("actionMovePageUp", own and page > 1),
                              ("actionMovePageDown", own and page < count)):
            action = self._actions[name]
            action.setEnabled(enabled)
            action.setStatusTip(continued)
        self._actions["actionPreviousPage"].setEnabled(page > 1)
        self._actions["actionNextPage"].setEnabled(page < max(count, self.page_box.maximum()))

    def _page_edit(self, text: str, make: Callable[[Layout], Layout], go_to: int) -> bool:
        """One undoable page edit, then show page ``go_to`` (0-based)."""
        if not self._edit(text, make):
            return False
        self.view.scene().clearSelection()
        self.go_to_page(go_to)
        self.request_preview()
        return True

    def add_page(self) -> None:
        """Page > Add Page: an empty page after the one shown (after the layout's own
        pages when the one shown is where the text continues)."""
        after = min(self._current_page(), self.document.layout.page_count)
        self._page_edit(f"Add page {after + 1}",
                        lambda layout: page_edit.add_page(layout, after), after)

    def duplicate_page(self) -> None:
        """Page > Duplicate Page: a copy of the page and its blocks after it."""
        page = self._current_page()
        self._page_edit(f"Duplicate page {page}",
                        lambda layout: page_edit.duplicate_page(layout, page)[0], page)

    def remove_page(self) -> None:
        """Page > Remove Page: asks first when the page has blocks."""
        page = self._current_page()
        text = f"Remove page {page}"
        try:
            after = page_edit.remove_page(self.document.layout, page)
        except EditError as exc:  # refused before anything is asked
            self.statusBar().showMessage(f"{text}: {exc}", 6000)
            return
        ids = page_edit.blocks_on_page(self.document.layout, page)
        if ids:
            answer = QMessageBox.question(
                self, "Remove page?",
                f"Remove page {page} and the blocks on it ({', '.join(ids)})? Edit > Undo "
                "brings them back.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._page_edit(text, lambda _layout: after, page - 2 if page > 1 else 0)

    def move_page(self, step: int) -> None:
        """Page > Move Page Up (-1) or Down (+1)."""
        page = self._current_page()
        where = "up" if step < 0 else "down"
        self._page_edit(f"Move page {page} {where}",
                        lambda layout: page_edit.move_page(layout, page, step),
                        page - 1 + step)

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
            self._edit(f"Delete {', '.join(ids)}",  # the pages stay, empty or not
                       lambda layout: page_edit.keep_pages(
                           layout, layout_edit.remove_blocks(layout, ids)))

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
        block = new_block(self.document.layout, kind, self.view.page_index + 1,
                          self.session.clinic.clinic)
        if kind == "qr":
            url, ok = QInputDialog.getText(self, "QR code", "Web address (https://...):")
            if not ok or not url.strip():
                return
            block["url"] = url.strip()
        if kind == "image":  # a picture from a file, the library or the pictograms
            choice = choose_image(self)
            if choice is None:
                return
            block = choice.placed(block)
        if self._edit(f"Add {block_label(kind).lower()}",
                      lambda layout: layout_edit.add_block(layout, block)):
            self.view.select([self.document.layout.blocks[-1].id])

    def _format_menu(self) -> None:
        """Format: the layout's theme, bold and italic, text flowing around blocks."""
        self.format = FormatMenu(self.menuBar(), self.document, self.view, self.panel,
                                 self.session.clinic, self)
        self.format.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        for action in self.format.actions():
            self._actions[action.objectName()] = action

    def _toggle_snap(self, on: bool) -> None:
        self.view.snapping = on

    # -- files -----------------------------------------------------------------------------

    def _update_title(self) -> None:
        layout = self.document.layout
        name = (layout.name if self.document.path is not None
                else f"Untitled (from {layout.title})")
        self.setWindowTitle(f"{name}[*] - gutskin designer")
        self.setWindowModified(self.document.modified)

    def _is_shipped(self) -> bool:
        path = self.document.path
        return path is None or path.resolve().parent == LAYOUTS.resolve()

    def _is_users(self) -> bool:
        """Whether the layout is one the user saved (or an untitled copy of one)."""
        origin = self.document.path or self.template_path
        try:
            return (origin is not None
                    and origin.resolve().parent == user_layouts_dir().resolve())
        except OSError:
            return False

    def save(self) -> bool:
        """Save to the layout's own file; a shipped layout is saved under a new name."""
        path = self.document.path
        if path is None or self._is_shipped():
            return self.save_as()
        return self._write(path)

    def save_as(self) -> bool:
        """Ask for a name and a description and save into the user's layouts folder."""
        before = self.document.layout
        answer = SaveAsDialog.ask(before.title, before.description if self._is_users()
                                  else "", self)
        if answer is None:
            return False
        name, path = answer.name, answer.path
        if os.path.lexists(path) and not self._confirm_replace(name, path):
            return False
        try:
            after = layout_edit.update_layout(before, {
                "name": name, "label": answer.label, "description": answer.description})
        except EditError as exc:
            QMessageBox.warning(self, "Could not save the layout", str(exc))
            return False
        self.document.replace(after)
        if self._write(path):
            self.template_path = None
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

    def load(self, path: Path, untitled: bool = False) -> bool:
        """Replace the document with a layout file (asks first if there are changes);
        ``untitled``: a new layout made from that file, which Save saves under a new
        name."""
        if not self._confirm_discard():
            return False
        try:
            layout = load_layout(path, self.bundle.content)
        except LoadError as exc:
            QMessageBox.warning(self, "Could not open the layout", str(exc))
            return False
        self.document.undo_stack.clear()
        self.document.replace(layout)
        self.document.opened(None if untitled else path)
        self.template_path = path if untitled else None
        self.view.set_page_index(0)
        self.view.fit()
        self.go_to_page(0)
        self._update_title()
        self._update_page_actions()
        self.request_preview()
        return True

    def new_from_template(self) -> None:
        """File > New from Template: pick a layout in the gallery; an untitled copy of
        it opens."""
        path = TemplateGallery.choose(self.session, "new", self)
        if path is not None:
            self.load(path, untitled=True)

    def open_file(self) -> None:
        """File > Open: a saved or shipped layout from the gallery, or any layout file."""
        path = TemplateGallery.choose(self.session, "open", self)
        if path is not None:
            self.load(path)

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
        self.pages.cancel()
        self._follow_session(False)
        self.closed.emit()
        super().closeEvent(event)
