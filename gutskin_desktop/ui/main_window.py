"""The explorer's main window: the diagram beside the section panel, menus and toolbar.

The window wires the view's and scene's signals to the panel and keeps the user's choice
of text (patient or presenter) in the settings. A content or diagram file that cannot be
loaded is shown as a message in place of the diagram.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QLabel, QMainWindow, QMessageBox, QSplitter, QStackedWidget,
                               QToolBar, QVBoxLayout, QWidget)

from ..model import diagram_edit
from ..model.bundle import Bundle
from ..model.errors import EditError, LoadError
from ..model.paths import user_diagram_file
from .arrange import ArrangeInteraction, ArrangePanel, DiagramDocument
from .recovery import RecoveryBar, RecoveryWriter
from .undo import save_with_checks, undo_actions
from .presenter import Presenter
from .diagram_scene import DiagramScene
from .section_panel import KIND_LABELS, SectionPanel
from .diagram_view import DiagramView

TEXT_KEY = "explorer/text"
SHORTCUTS = [("Click a box, or Tab then Enter", "open its section"),
             ("Tab / Shift+Tab, arrow keys", "move between boxes"), ("Esc", "clear"),
             ("Wheel, Ctrl+= / Ctrl+-", "zoom"), ("0", "fit the diagram"),
             ("Drag the background", "pan"), ("F5", "present full screen"),
             ("Right, Space, Page Down", "next step (presenting)"),
             ("Left, Page Up", "previous step (presenting)")]


def settings() -> QSettings:
    """The app's settings store."""
    return QSettings("gutskin-desktop", "gutskin")


class MainWindow(QMainWindow):
    """The explorer: diagram, section panel and presenter mode."""

    def __init__(self, bundle: Bundle | None, error: LoadError | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Gut-brain-skin axis[*] - gutskin")
        self.resize(1280, 800)
        self.bundle = bundle
        self.error = error
        self._actions: dict[str, QAction] = {}
        if bundle is None:
            self._show_error(error)
            return
        self.scene = DiagramScene(bundle, self)
        self.view = DiagramView(self.scene)
        self.panel = SectionPanel()
        self.diagram_doc = DiagramDocument(bundle.diagram, user_diagram_file())
        self.arrange_panel = ArrangePanel(self.diagram_doc, bundle.content)
        self.arranger = ArrangeInteraction(self.view)
        self.side = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.step_label = QLabel()
        self.presenter = Presenter(self)
        self.recovery = RecoveryWriter(self)
        self.recovery.watch("diagram", self.diagram_doc, "diagram", "the diagram's arrangement")
        self._build_central()
        self._build_actions()
        self._connect()
        self.recovery_bar.offer()
        kind = str(settings().value(TEXT_KEY, "patient"))
        self.panel.set_kind(kind if kind in KIND_LABELS else "patient")
        self.statusBar().showMessage("Click a box to read about it. F5 presents.")

    # -- building ----------------------------------------------------------------------

    def _show_error(self, error: LoadError | None) -> None:
        page = QWidget()
        page.setObjectName("centralArea")
        label = QLabel(f"<h2>The diagram could not be opened</h2><p>{escape(str(error), quote=False)}</p>"
                       "<p>Fix the file named above, then start the app again.</p>")
        label.setObjectName("loadError")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(60, 60, 60, 60)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)
        self.setCentralWidget(page)
        self._add(self.menuBar().addMenu("&File"), "actionQuit", "&Quit",
                  QKeySequence.StandardKey.Quit, self.close)

    def _build_central(self) -> None:
        self.side.addWidget(self.panel)
        self.side.addWidget(self.arrange_panel)
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
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.step_label)
        self.recovery_bar = RecoveryBar(self)
        layout.addWidget(self.recovery_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.setTabOrder(self.view, self.panel.buttons["patient"])

    def _add(self, menu: object, name: str, text: str, keys: object, slot: object,
             tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if isinstance(keys, list):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys is not None:
            action.setShortcut(QKeySequence(keys))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        self.addAction(action)
        self._actions[name] = action
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu, view_menu, help_menu = bar.addMenu("&File"), bar.addMenu("&View"), None
        self._add(file_menu, "actionHandout", "New &Handout...", "Ctrl+H",
                  lambda: self.open_handout(),
                  "Make a patient handout: sections, details, reading level, print")
        self._add(file_menu, "actionPrint", "&Print Handout...", QKeySequence.StandardKey.Print,
                  self.print_handout, "Print the handout as set in the handout panel")
        self._add(file_menu, "actionExportPdf", "&Export PDF...", "Ctrl+E", self.export_pdf,
                  "Export a handout, notes or poster as a PDF")
        self._add(file_menu, "actionExportDiagram", "Export Diagram &Image...", None,
                  self.export_diagram_image, "Save the diagram as an SVG or PNG image")
        file_menu.addSeparator()
        self._add(file_menu, "actionSaveDiagram", "&Save Diagram Arrangement",
                  QKeySequence.StandardKey.Save, self.save_diagram,
                  "Keep the diagram as arranged, for the app and for printed handouts")
        self._add(file_menu, "actionResetDiagram", "&Reset Diagram to the Shipped Arrangement",
                  None, self.reset_diagram)
        file_menu.addSeparator()
        self._add(file_menu, "actionQuit", "&Quit", QKeySequence.StandardKey.Quit, self.close)
        edit_menu = bar.addMenu("&Edit")
        for action in undo_actions(self.diagram_doc.undo_stack, self):
            edit_menu.addAction(action)
            self.addAction(action)
            self._actions[action.objectName()] = action
        zoom_in = self._add(view_menu, "actionZoomIn", "Zoom &In", ["Ctrl+=", "Ctrl++"],
                            self.view.zoom_in, "Zoom in (Ctrl+=)")
        zoom_out = self._add(view_menu, "actionZoomOut", "Zoom &Out", ["Ctrl+-"],
                             self.view.zoom_out, "Zoom out (Ctrl+-)")
        fit = self._add(view_menu, "actionZoomFit", "&Fit Diagram", ["0", "Ctrl+0"],
                        self.view.fit, "Fit the whole diagram (0)")
        view_menu.addSeparator()
        for kind, label in KIND_LABELS.items():
            action = self._add(view_menu, f"actionText{kind.title()}", f"Text {label.lower()}",
                               None, lambda _=False, k=kind: self.panel.set_kind(k))
            action.setCheckable(True)
        view_menu.addSeparator()
        present = self._add(view_menu, "actionPresent", "&Present", "F5",
                            self.toggle_presenting, "Present full screen with a guided tour (F5)")
        tools = bar.addMenu("&Tools")
        arrange = self._add(tools, "actionArrange", "&Arrange Diagram", "Ctrl+Shift+A",
                            self.set_arranging, "Move, add and edit the diagram's boxes")
        arrange.setCheckable(True)
        # triggered() passes its checked flag, which must not become the layout's name
        self._add(tools, "actionDesigner", "Layout &Designer...", "Ctrl+Shift+D",
                  lambda: self.open_designer(), "Arrange a handout or poster layout on the page")
        self._add(tools, "actionClinicProfile", "&Clinic Profile...", None,
                  self.edit_clinic_profile,
                  "Your clinic's name, phone and own advice, printed on every handout")
        help_menu = bar.addMenu("&Help")
        self._add(help_menu, "actionShortcuts", "&Keyboard Shortcuts", "F1",
                  self.show_shortcuts)
        self._add(help_menu, "actionAbout", "&About gutskin", None, self.show_about)
        toolbar = QToolBar("Diagram")
        toolbar.setObjectName("diagramToolbar")
        toolbar.setMovable(False)
        for action in (zoom_out, zoom_in, fit, present, self._actions["actionHandout"],
                       self._actions["actionDesigner"]):
            toolbar.addAction(action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
        self._sync_text_actions(self.panel.kind)

    def _connect(self) -> None:
        self.scene.node_activated.connect(self.open_node)
        self.view.open_requested.connect(self.open_node)
        self.view.clear_requested.connect(self.clear_selection)
        self.view.focus_changed.connect(self._announce_focus)
        self.panel.kind_changed.connect(self._on_kind_change)
        self.presenter.step_changed.connect(self._on_step_change)
        self.presenter.active_changed.connect(self._on_presenting_change)
        self.diagram_doc.changed.connect(self._on_diagram_change)
        self.diagram_doc.clean_changed.connect(lambda clean: self.setWindowModified(not clean))
        self.arranger.selected.connect(self._on_arrange_select)
        self.arranger.moved.connect(self._on_nodes_moved)
        self.arrange_panel.error.connect(lambda t: self.statusBar().showMessage(t, 6000))
        self.arrange_panel.node_added.connect(self._on_arrange_select)

    def action(self, name: str) -> QAction:
        """One of the window's actions by object name."""
        return self._actions[name]

    # -- behaviour ---------------------------------------------------------------------

    def open_node(self, node_id: str, animate: bool = False) -> None:
        """Open a node's section, light its pathways and dim the rest."""
        node = self.bundle.diagram.node(node_id)
        self.scene.set_opened(node_id)
        if self.scene.focused:
            self.scene.set_focused(node_id)
        self.panel.set_section(self.bundle.content.section(node.section))
        if animate:
            self.view.animate_to(self.scene.pathway_rect(node_id))
        self.statusBar().showMessage(f"{node.label}: {self.panel.section.title}")

    def clear_selection(self) -> None:
        """Clear the opened node, the focus ring and the panel."""
        self.scene.set_opened(None)
        self.scene.set_focused(None)
        self.panel.set_section(None)
        self.statusBar().clearMessage()

    # -- arranging ---------------------------------------------------------------------------

    @property
    def arranging(self) -> bool:
        return self.side.currentWidget() is self.arrange_panel

    def set_arranging(self, on: bool) -> None:
        """Switch Arrange mode on (drag and edit boxes) or off (read sections)."""
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
        self.action("actionArrange").setChecked(on)

    def _on_arrange_select(self, node_id: str) -> None:
        self.arrange_panel.select(node_id)
        self.scene.set_focused(node_id or None)

    def _on_nodes_moved(self, positions: dict) -> None:
        names = ", ".join(positions)
        try:
            after = diagram_edit.move_nodes(self.diagram_doc.diagram, self.bundle.content,
                                            positions)
        except EditError as exc:
            self.statusBar().showMessage(f"Move {names}: {exc}", 6000)
            self.scene.set_bundle(self.bundle)
            return
        self.diagram_doc.edit(f"Move {names}", after)

    def _on_diagram_change(self) -> None:
        self.bundle = Bundle(self.bundle.content, self.diagram_doc.diagram)
        self.scene.set_bundle(self.bundle)
        self.view.refresh_order()
        self.presenter.tour = (list(self.bundle.diagram.tour)
                               or self.bundle.diagram.tour_order())
        if self.arranging and self.arrange_panel.node_id:
            self.scene.set_focused(self.arrange_panel.node_id)
        handout = getattr(self, "handout", None)
        if handout is not None:
            handout.panel.bundle = self.bundle
            handout.panel.refresh()

    def save_diagram(self) -> bool:
        """Save the arrangement to the user's diagram file (the previous one kept)."""
        path = user_diagram_file()
        if not save_with_checks(self, self.diagram_doc, path, "diagram's arrangement"):
            return False
        self.statusBar().showMessage(f"Saved the diagram to {path}", 5000)
        return True

    def open_handout(self, new: bool = True) -> "QMainWindow":
        """Open the handout panel (or bring it to the front); ``new`` starts it clean, with
        no one's name or note carried over from the last handout."""
        from .handout_window import HandoutWindow

        window = getattr(self, "handout", None)
        if window is None:
            window = self.handout = HandoutWindow(self.bundle, self)
        elif new:
            window.panel.next_patient()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def edit_clinic_profile(self) -> None:
        """Tools > Clinic Profile: edit the clinic's details and advice."""
        from .clinic_dialog import ClinicProfileDialog, clinic_store

        ClinicProfileDialog(clinic_store(), self).exec()

    def print_handout(self) -> None:
        """File > Print: print the handout panel's handout (opening the panel first)."""
        self.open_handout(new=False).print_handout()

    def export_pdf(self) -> None:
        """Open the export dialog (layout chooser, real-page preview, export)."""
        from .export_dialog import ExportDialog

        dialog = ExportDialog(self.bundle, self)
        self.export_dialog = dialog
        if dialog.exec() and dialog.written:
            self.statusBar().showMessage(f"Exported {dialog.written}", 6000)

    def export_diagram_image(self) -> None:
        """Save the diagram as SVG, or as PNG at a chosen resolution."""
        from .export_dialog import export_diagram_image

        export_diagram_image(self, self.bundle.diagram)

    def reset_diagram(self) -> None:
        """Go back to the shipped arrangement (undoable; saved with Save)."""
        from ..model.diagram import load_diagram
        from ..model.paths import DIAGRAM_FILE

        shipped = load_diagram(DIAGRAM_FILE, self.bundle.content)
        self.diagram_doc.edit("Reset the diagram", shipped)

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

    def _announce_focus(self, node_id: str) -> None:
        item = self.scene.node_item(node_id)
        self.view.setAccessibleDescription(f"Focused: {item.accessible_name}. "
                                           "Press Enter to open.")
        self.statusBar().showMessage(f"{item.accessible_name} (Enter to open)")

    def _on_kind_change(self, kind: str) -> None:
        settings().setValue(TEXT_KEY, kind)
        self._sync_text_actions(kind)

    def _sync_text_actions(self, kind: str) -> None:
        for other in KIND_LABELS:
            self._actions[f"actionText{other.title()}"].setChecked(other == kind)

    def _on_step_change(self, step: int) -> None:
        node = self.bundle.diagram.node(self.presenter.tour[step])
        total = len(self.presenter.tour)
        self.step_label.setText(f"Step {step + 1} of {total}: {node.label}"
                                "      Right or Space: next   Left: back   Esc: leave")

    def _on_presenting_change(self, active: bool) -> None:
        self.step_label.setVisible(active)
        self.action("actionPresent").setText("Stop &Presenting" if active else "&Present")

    def open_designer(self, layout_name: str = "a4-handout") -> "QMainWindow":
        """Open the layout designer on a shipped layout (or bring it to the front)."""
        from ..model.bulk import settle
        from ..model.layout import load_layout
        from ..model.layout_files import resolve_layout
        from .designer.window import DesignerWindow

        designer = getattr(self, "designer", None)
        if designer is None or not designer.isVisible():
            path = resolve_layout(layout_name)
            designer = DesignerWindow(self.bundle, load_layout(path, self.bundle.content), path)
            settle()  # its previews render while the designer drags: no full collections
            designer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            self.designer = designer
            self.recovery.watch("layout", designer.document, "layout",
                                lambda d=designer: f"layout '{d.document.layout.name}'")
            designer.closed.connect(lambda: self.recovery.forget("layout"))
        designer.show()
        designer.raise_()
        designer.activateWindow()
        return designer

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
                       for k, v in SHORTCUTS)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

    def show_about(self) -> None:
        QMessageBox.about(self, "About gutskin",
                          "<p><b>gutskin-desktop</b>: an interactive gut-brain-skin axis "
                          "diagram with printable handouts.</p><p>General information, "
                          "not medical advice.</p>")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.bundle is not None and not self._confirm_diagram_close():
            event.ignore()
            return
        if self.bundle is not None and self.presenter.active:
            self.presenter.stop()
        designer = getattr(self, "designer", None)
        if designer is not None and designer.isVisible() and not designer.close():
            event.ignore()
            return
        if self.bundle is not None:  # only once closing, so a kept window stays safe
            self.recovery.forget("diagram")
        handout = getattr(self, "handout", None)
        if handout is not None:
            handout.close()
        super().closeEvent(event)

    def _confirm_diagram_close(self) -> bool:
        if not self.diagram_doc.modified:
            return True
        answer = QMessageBox.question(
            self, "Unsaved arrangement", "Save the changes to the diagram's arrangement?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_diagram()
        return answer == QMessageBox.StandardButton.Discard
