"""The explorer's main window: the diagram beside the section panel, menus and toolbar.

The window shows the :class:`.Session`'s diagram and follows it (``bundle_changed``);
it wires the view's and scene's signals to the panel, keeps the user's choice of text
(patient or presenter) in the settings, and opens the other windows on the same
session: the handout window, the layout designer and the export dialog. It keeps a
typed reference to each window it opened and talks to them only through their methods.
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..model.bundle import Bundle
from ..model.diagram_edit import move_text as edit_move_text
from ..model.errors import EditError
from ..model.paths import user_diagram_file
from .collector import settle
from .diagram_scene import DiagramScene
from .diagram_view import DiagramView
from .presenter import Presenter
from .qtfonts import ui_font
from .recovery import DIAGRAM_KEY, RecoveryBar, RecoveryWriter
from .section_panel import KIND_LABELS, SectionPanel
from .session import Session
from .undo import save_with_checks, undo_actions

if TYPE_CHECKING:  # imported when first opened (start-up speed); none imports this module
    from .arrange import ArrangeInteraction, ArrangePanel
    from .designer.document import LayoutDocument
    from .designer.window import DesignerWindow
    from .handout_window import HandoutWindow

TEXT_KEY = "explorer/text"
SHORTCUTS = [("Click a box, or Tab then Enter", "open its section"),
             ("Tab / Shift+Tab, arrow keys", "move between boxes"), ("Esc", "clear"),
             ("Wheel, Ctrl+= / Ctrl+-", "zoom"), ("0", "fit the diagram"),
             ("Drag the background", "pan"), ("F5", "present full screen"),
             ("Right, Space, Page Down", "next page or step (presenting)"),
             ("Left, Page Up", "previous page or step (presenting)"),
             ("N", "show or hide the presenter notes (presenting)")]

Keys = str | QKeySequence.StandardKey | list[str] | None


def _tour(bundle: Bundle) -> list[str]:
    """The presenter's steps: the diagram's own tour, or its nodes in reading order."""
    return list(bundle.diagram.tour) or bundle.diagram.tour_order()


class MainWindow(QMainWindow):
    """The explorer: diagram, section panel and presenter mode."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Gut-brain-skin axis[*] - gutskin")
        self.resize(1280, 800)
        self.session = session
        self.handout: HandoutWindow | None = None
        self.designer: DesignerWindow | None = None
        self._actions: dict[str, QAction] = {}
        bundle = session.bundle
        self.scene = DiagramScene(bundle, self)
        self.view = DiagramView(self.scene)
        self.panel = SectionPanel()
        self._arrange: tuple[ArrangePanel, ArrangeInteraction] | None = None  # on first use
        self.side = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.step_label = QLabel()
        self.presenter = Presenter(self, self.splitter, self.panel, self.view, _tour(bundle),
                                   lambda: self.session.bundle)
        self.recovery = RecoveryWriter(self)
        self.recovery.follow(session)
        self.recovery_bar = RecoveryBar(session, self.recovery, self)
        self.toolbar = QToolBar("Diagram")
        self._build_central()
        self._build_actions()
        self._connect()
        self.recovery_bar.offer()
        kind = str(session.settings().value(TEXT_KEY, "patient"))
        self.panel.set_kind(kind if kind in KIND_LABELS else "patient")
        self.statusBar().showMessage("Click a box to read about it. F5 presents.")

    @property
    def bundle(self) -> Bundle:
        """The session's content and diagram, as arranged now."""
        return self.session.bundle

    @property
    def arrange_panel(self) -> ArrangePanel:
        """The Arrange mode's side panel (made when first wanted: start-up speed)."""
        return self._arrangement()[0]

    @property
    def arranger(self) -> ArrangeInteraction:
        """The Arrange mode's gestures on the diagram (made with the arrange panel)."""
        return self._arrangement()[1]

    def _arrangement(self) -> tuple[ArrangePanel, ArrangeInteraction]:
        if self._arrange is None:
            from .arrange import ArrangeInteraction, ArrangePanel

            panel = ArrangePanel(self.session.diagram, self.bundle.content)
            arranger = ArrangeInteraction(self.view)
            self._arrange = panel, arranger
            self.side.addWidget(panel)
            arranger.selected.connect(self._on_arrange_select)
            arranger.moved.connect(self._on_nodes_moved)
            panel.attach(arranger)
            panel.error.connect(lambda t: self.statusBar().showMessage(t, 6000))
            panel.node_added.connect(self._on_arrange_select)
        return self._arrange

    # -- building ----------------------------------------------------------------------

    def _build_central(self) -> None:
        self.side.addWidget(self.panel)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 480])
        self.splitter.setChildrenCollapsible(False)
        self.step_label.setObjectName("stepLabel")
        self.step_label.hide()
        central = QWidget()
        central.setObjectName("centralArea")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.step_label)
        column.addWidget(self.recovery_bar)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.setTabOrder(self.view, self.panel.buttons["patient"])

    def _add(self, menu: QMenu, name: str, text: str, keys: Keys,
             slot: Callable[[], object], tip: str = "") -> QAction:
        # QAction(self), then its text: QAction(text, self) makes PySide weigh the
        # constructor that takes an icon, and build QIcon's Python type and enums (151
        # theme icons) before the first paint
        action = QAction(self)
        action.setText(text)
        action.setObjectName(name)
        if isinstance(keys, list):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys is not None:
            action.setShortcut(QKeySequence(keys))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        self._actions[name] = action
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self._file_menu(bar.addMenu("&File"))
        edit_menu = bar.addMenu("&Edit")
        for action in undo_actions(self.session.diagram.undo_stack, self):
            edit_menu.addAction(action)
            self.addAction(action)
            self._actions[action.objectName()] = action
        self._view_menu(bar.addMenu("&View"))
        self._tools_menu(bar.addMenu("&Tools"))
        help_menu = bar.addMenu("&Help")
        self._add(help_menu, "actionShortcuts", "&Keyboard Shortcuts", "F1",
                  self.show_shortcuts)
        self._add(help_menu, "actionAbout", "&About gutskin", None, self.show_about)
        self.toolbar.setObjectName("diagramToolbar")
        self.toolbar.setMovable(False)
        for name in ("actionZoomOut", "actionZoomIn", "actionZoomFit", "actionPresent",
                     "actionHandout", "actionDesigner"):
            self.toolbar.addAction(self._actions[name])
        self.addToolBar(self.toolbar)
        self._sync_text_actions(self.panel.kind)

    def _file_menu(self, menu: QMenu) -> None:
        self._add(menu, "actionHandout", "New &Handout...", "Ctrl+H",
                  lambda: self.open_handout(),
                  "Make a patient handout: sections, details, reading level, print")
        self._add(menu, "actionPrint", "&Print Handout...", QKeySequence.StandardKey.Print,
                  self.print_handout, "Print the handout as set in the handout panel")
        self._add(menu, "actionExportPdf", "&Export PDF...", "Ctrl+E", self.export_pdf,
                  "Export a handout, notes or poster as a PDF")
        self._add(menu, "actionExportDiagram", "Export Diagram &Image...", None,
                  self.export_diagram_image, "Save the diagram as an SVG or PNG image")
        self._add(menu, "actionExportSlides", "Export S&lides...", None, self.export_slides,
                  "Save the guided tour as 16:9 slides: a PDF, and PNGs if you like")
        menu.addSeparator()
        self._add(menu, "actionSaveDiagram", "&Save Diagram Arrangement",
                  QKeySequence.StandardKey.Save, self.save_diagram,
                  "Keep the diagram as arranged, for the app and for printed handouts")
        self._add(menu, "actionResetDiagram", "&Reset Diagram to the Shipped Arrangement",
                  None, self.reset_diagram)
        menu.addSeparator()
        self._add(menu, "actionQuit", "&Quit", QKeySequence.StandardKey.Quit, self.close)

    def _view_menu(self, menu: QMenu) -> None:
        self._add(menu, "actionZoomIn", "Zoom &In", ["Ctrl+=", "Ctrl++"], self.view.zoom_in,
                  "Zoom in (Ctrl+=)")
        self._add(menu, "actionZoomOut", "Zoom &Out", ["Ctrl+-"], self.view.zoom_out,
                  "Zoom out (Ctrl+-)")
        self._add(menu, "actionZoomFit", "&Fit Diagram", ["0", "Ctrl+0"], self.view.fit,
                  "Fit the whole diagram (0)")
        menu.addSeparator()
        for kind, label in KIND_LABELS.items():
            action = self._add(menu, f"actionText{kind.title()}", f"Text {label.lower()}",
                               None, self._text_switch(kind))
            action.setCheckable(True)
        menu.addSeparator()
        self._add(menu, "actionPresent", "&Present", "F5", self.toggle_presenting,
                  "Present full screen with a guided tour (F5)")

    def _text_switch(self, kind: str) -> Callable[[], None]:
        """A slot that shows the text for ``kind`` (taking no checked flag)."""
        def choose() -> None:
            self.panel.set_kind(kind)
        return choose

    def _tools_menu(self, menu: QMenu) -> None:
        arrange = self._add(menu, "actionArrange", "&Arrange Diagram", "Ctrl+Shift+A",
                            lambda: self.set_arranging(not self.arranging),
                            "Move, add and edit the diagram's boxes")
        arrange.setCheckable(True)
        self._add(menu, "actionDesigner", "Layout &Designer...", "Ctrl+Shift+D",
                  lambda: self.open_designer(),
                  "Arrange a handout or poster layout on the page")
        self._add(menu, "actionClinicProfile", "&Clinic Profile...", None,
                  self.edit_clinic_profile,
                  "Your clinic's name, phone and own advice, printed on every handout")

    def _connect(self) -> None:
        self.session.bundle_changed.connect(self._on_bundle_change)
        self.session.diagram.clean_changed.connect(
            lambda clean: self.setWindowModified(not clean))
        self.scene.node_activated.connect(self.open_node)
        self.view.open_requested.connect(self.open_node)
        self.view.clear_requested.connect(self.clear_selection)
        self.view.focus_changed.connect(self._announce_focus)
        self.panel.kind_changed.connect(self._on_kind_change)
        self.presenter.step_changed.connect(self._on_step_change)
        self.presenter.active_changed.connect(self._on_presenting_change)
        self.panel.page_changed.connect(lambda _page, _count: self._show_step_label())
        self.recovery_bar.restored.connect(lambda t: self.statusBar().showMessage(t, 8000))

    def action(self, name: str) -> QAction:
        """One of the window's actions by object name."""
        return self._actions[name]

    # -- behaviour ---------------------------------------------------------------------

    def open_node(self, node_id: str, animate: bool = False) -> None:
        """Open a node's section, light its pathways and dim the rest."""
        node = self.bundle.diagram.node(node_id)
        section = self.bundle.content.section(node.section)
        self.scene.set_opened(node_id)
        if self.scene.focused:
            self.scene.set_focused(node_id)
        self.panel.set_section(section, node.text)
        if animate:
            self.view.animate_to(self.scene.pathway_rect(node_id))
        self.statusBar().showMessage(f"{node.label}: {section.title}")

    def clear_selection(self) -> None:
        """Clear the opened node, the focus ring and the panel."""
        self.scene.set_opened(None)
        self.scene.set_focused(None)
        self.panel.set_section(None)
        self.statusBar().clearMessage()

    def _on_bundle_change(self, bundle: Bundle) -> None:
        """The diagram was edited, undone or restored: show it as it is now."""
        self.scene.set_bundle(bundle)
        self.view.refresh_order()
        self.presenter.set_tour(_tour(bundle))
        node_id = self.arrange_panel.node_id if self._arrange is not None else ""
        if self.arranging and node_id and self.scene.has_node(node_id):
            self.scene.set_focused(node_id)

    # -- arranging ---------------------------------------------------------------------------

    @property
    def arranging(self) -> bool:
        """Whether Arrange mode is on (the arrange panel shown instead of the text)."""
        return self._arrange is not None and self.side.currentWidget() is self._arrange[0]

    def set_arranging(self, on: bool) -> None:
        """Switch Arrange mode on (drag and edit boxes) or off (read sections)."""
        self.action("actionArrange").setChecked(on)
        if on == self.arranging:
            return
        self.clear_selection()
        port = self.view.viewport()
        if on:
            port.installEventFilter(self.arranger)
            self.side.setCurrentWidget(self.arrange_panel)
            self.statusBar().showMessage("Arrange: drag boxes, select one to edit it. "
                                         "Ctrl+S saves the arrangement.")
        else:
            port.removeEventFilter(self.arranger)
            self.side.setCurrentWidget(self.panel)
            self.arrange_panel.select("")

    def _on_arrange_select(self, node_id: str) -> None:
        self.arrange_panel.select(node_id)
        self.scene.set_focused(node_id or None)

    def _on_nodes_moved(self, positions: dict[str, tuple[float, float]]) -> None:
        try:
            self.session.move_nodes(positions)
        except EditError as exc:
            moved = edit_move_text(self.bundle.diagram, list(positions))
            self.statusBar().showMessage(f"{moved}: {exc}", 6000)
            self.scene.set_bundle(self.bundle)  # the boxes go back where they were

    def save_diagram(self) -> bool:
        """Save the arrangement to the user's diagram file (the previous one kept)."""
        path = self.session.diagram.path or user_diagram_file()
        if not save_with_checks(self, self.session.diagram, path, "diagram's arrangement"):
            return False
        self.statusBar().showMessage(f"Saved the diagram to {path}", 5000)
        return True

    def reset_diagram(self) -> None:
        """Go back to the shipped arrangement (undoable; saved with Save)."""
        self.session.reset_diagram()

    # -- the other windows ----------------------------------------------------------------

    def open_handout(self, new: bool = True) -> HandoutWindow:
        """Open the handout window (or bring it to the front); ``new`` starts it clean, with
        no one's name or note carried over from the last handout."""
        from .handout_window import HandoutWindow  # start-up speed: loaded on first use

        window = self.handout
        if window is None:
            window = self.handout = HandoutWindow(self.session, self)
        elif new:
            window.next_patient()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def print_handout(self) -> None:
        """File > Print: print the handout window's handout (opening the window first)."""
        self.open_handout(new=False).print_handout()

    def export_pdf(self) -> None:
        """Open the export dialog (layout chooser, real-page preview, export)."""
        from .export_dialog import ExportDialog  # start-up speed: loaded on first use

        dialog = ExportDialog(self.session, self)
        if dialog.exec() and dialog.written:
            self.statusBar().showMessage(f"Exported {dialog.written}", 6000)

    def export_diagram_image(self) -> None:
        """Save the diagram as SVG, or as PNG at a chosen resolution."""
        from .export_dialog import export_diagram_image  # start-up speed

        export_diagram_image(self.session, self)

    def export_slides(self) -> None:
        """Save the tour as a 16:9 slide deck (PDF, optionally PNGs), in the chosen text."""
        from .slides_export import export_slides  # start-up speed: loaded on first use

        export_slides(self.session, self, self.panel.kind)

    def edit_clinic_profile(self) -> None:
        """Tools > Clinic Profile: edit the clinic's details and advice."""
        from .clinic_dialog import ClinicProfileDialog  # start-up speed: loaded on first use

        ClinicProfileDialog(self.session.clinic, self).exec()

    def open_designer(self, layout_name: str = "a4-handout") -> DesignerWindow:
        """Open the layout designer on a layout, by name or path (or bring the open
        designer to the front). Raises LoadError if the layout cannot be opened."""
        from ..model.layout_files import resolve_layout  # start-up speed: on first use
        from .designer.window import DesignerWindow

        designer = self.designer
        if designer is None or not designer.isVisible():
            document = self.session.open_layout(resolve_layout(layout_name))
            designer = DesignerWindow(self.session, document)
            settle()  # its previews render while the designer drags: no full collections
            designer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            designer.closed.connect(self._on_designer_closed)
            self.designer = designer
        designer.show()
        designer.raise_()
        designer.activateWindow()
        return designer

    def _on_designer_closed(self) -> None:
        if self.designer is not None:
            self.session.close_layout(self.designer.document)

    def designer_document(self) -> LayoutDocument | None:
        """The layout document the designer shows, or None when it is not open."""
        designer = self.designer
        return designer.document if designer is not None and designer.isVisible() else None

    def show_layout(self, path: Path) -> bool:
        """Show the layout file ``path`` in the designer, opening it or switching it from
        the layout it shows (which asks about that one's unsaved changes); False if the
        person keeps the other layout."""
        designer = self.designer
        if designer is None or not designer.isVisible():
            self.open_designer(str(path))
            return True
        if not designer.document.is_for(path) and not designer.load(path):
            return False
        designer.show()
        designer.raise_()
        return True

    # -- presenting ---------------------------------------------------------------------------

    def toggle_presenting(self) -> None:
        """Start presenter mode, or leave it."""
        if self.presenter.active:
            self.presenter.stop()
        else:
            self.presenter.start()

    def set_chrome_visible(self, visible: bool) -> None:
        """Show or hide the menu bar, toolbar and status bar."""
        self.menuBar().setVisible(visible)
        self.toolbar.setVisible(visible)
        self.statusBar().setVisible(visible)

    def _on_step_change(self, step: int) -> None:
        self.open_node(self.presenter.tour[step])  # the presenter frames the view
        self._show_step_label()

    def _show_step_label(self) -> None:
        """The audience's line over the diagram: the step, and the page of its text."""
        if not self.presenter.active:
            return
        tour, step = self.presenter.tour, self.presenter.step
        node = self.bundle.diagram.node(tour[step])
        pages = len(self.panel.pages)
        page = f"     page {self.panel.page + 1} of {pages}" if pages > 1 else ""
        self.step_label.setFont(ui_font(max(12.0, self.height() / 64)))
        self.step_label.setText(f"Step {step + 1} of {len(tour)}: {node.label}{page}")

    def _on_presenting_change(self, active: bool) -> None:
        self.set_chrome_visible(not active)
        self.step_label.setVisible(active)
        self.action("actionPresent").setText("Stop &Presenting" if active else "&Present")
        if not active:
            self.clear_selection()

    # -- the rest ---------------------------------------------------------------------------

    def _announce_focus(self, node_id: str) -> None:
        item = self.scene.node_item(node_id)
        self.view.setAccessibleDescription(f"Focused: {item.accessible_name}. "
                                           "Press Enter to open.")
        self.statusBar().showMessage(f"{item.accessible_name} (Enter to open)")

    def _on_kind_change(self, kind: str) -> None:
        self.session.settings().setValue(TEXT_KEY, kind)
        self._sync_text_actions(kind)

    def _sync_text_actions(self, kind: str) -> None:
        for other in KIND_LABELS:
            self._actions[f"actionText{other.title()}"].setChecked(other == kind)

    def show_shortcuts(self) -> None:
        """Help > Keyboard Shortcuts."""
        from PySide6.QtWidgets import QMessageBox  # start-up speed: made when first needed

        rows = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
                       for k, v in SHORTCUTS)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    def show_about(self) -> None:
        """Help > About."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "About gutskin",
                          "<p><b>gutskin-desktop</b>: an interactive gut-brain-skin axis "
                          "diagram with printable handouts.</p><p>General information, "
                          "not medical advice.</p>")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_diagram_close():
            event.ignore()
            return
        if self.presenter.active:
            self.presenter.stop()
        designer = self.designer
        if designer is not None and designer.isVisible() and not designer.close():
            event.ignore()
            return
        self.recovery.forget(DIAGRAM_KEY)  # only once closing, so a kept window stays safe
        if self.handout is not None:
            self.handout.close()
        self.session.renders.cancel_all()
        super().closeEvent(event)

    def _confirm_diagram_close(self) -> bool:
        if not self.session.diagram.modified:
            return True
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self, "Unsaved arrangement", "Save the changes to the diagram's arrangement?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_diagram()
        return answer == QMessageBox.StandardButton.Discard
