"""The designer's Format menu: the layout's theme, bold and italic, text flowing around.

Format > Theme lists every theme, the layout's own checked; choosing one restyles the
layout (each colour of the old theme becomes the same swatch of the new one) as one
undoable step, and the colour buttons then offer the new theme's palette. The clinic's
theme appears once the clinic profile has brand colours, and goes when it has none.
Bold (Ctrl+B) and Italic (Ctrl+I) turn a face on for the selected titles, callouts and
diagram captions (or off, when every one has it); Text Flows Around does the same for
whether sections and key-points text flows around the selected blocks.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenuBar

from gutskin_desktop.model import layout_edit
from gutskin_desktop.model.errors import EditError
from gutskin_desktop.model.layout import Layout
from gutskin_desktop.model.themes import apply_theme, available_themes, theme_for

from .block_editors import editor_for
from .document import LayoutDocument
from .page_view import PageView
from .properties import PropertiesPanel

if TYPE_CHECKING:
    from collections.abc import Callable

    from gutskin_desktop.ui.clinic_dialog import ClinicStore


class FormatMenu(QObject):
    """The Format menu's actions, acting on the document and the view's selection."""

    message = Signal(str)  # something to say in the status bar

    def __init__(self, bar: QMenuBar, document: LayoutDocument, view: PageView,
                 panel: PropertiesPanel, clinic: ClinicStore, parent: QObject) -> None:
        super().__init__(parent)
        self.document, self.view, self.panel, self.clinic = document, view, panel, clinic
        self.menu = bar.addMenu("F&ormat")
        self.menu.setObjectName("menuFormat")
        self.theme_menu = self.menu.addMenu("&Theme")
        self.theme_menu.setObjectName("menuTheme")
        self.themes = QActionGroup(self)
        self.themes.setExclusive(True)
        self.menu.addSeparator()
        self._own: list[QAction] = [
            self._action("actionBold", "&Bold", QKeySequence.StandardKey.Bold,
                         lambda: self.toggle_face("bold")),
            self._action("actionItalic", "&Italic", QKeySequence.StandardKey.Italic,
                         lambda: self.toggle_face("italic")),
            self._action("actionWrap", "Text &Flows Around", None, self.toggle_wrap)]
        document.changed.connect(self._check_theme)
        clinic.changed.connect(self._on_clinic_change)
        self._on_clinic_change()

    def _action(self, name: str, text: str, keys: QKeySequence.StandardKey | None,
                slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.parent())
        action.setObjectName(name)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _=False: slot())
        self.menu.addAction(action)
        return action

    def actions(self) -> list[QAction]:
        """Every action of the menu (the theme entries as they are now)."""
        return [*self.themes.actions(), *self._own]

    # -- themes ----------------------------------------------------------------------------

    def _on_clinic_change(self, _clinic: object = None) -> None:
        """The clinic profile changed: its theme may come or go, its colours change."""
        clinic = self.clinic.clinic
        self.panel.set_clinic(clinic)
        for action in self.themes.actions():
            self.themes.removeAction(action)
            self.theme_menu.removeAction(action)
            action.deleteLater()
        for name, theme in available_themes(clinic).items():
            action = QAction(theme.label, self.parent())
            action.setObjectName(f"actionTheme:{name}")
            action.setCheckable(True)
            action.setToolTip(theme.description)
            action.setStatusTip(theme.description)
            action.triggered.connect(lambda _=False, n=name: self.apply_theme(n))
            self.themes.addAction(action)
            self.theme_menu.addAction(action)
        self.theme_menu.setToolTipsVisible(True)
        self._check_theme()

    def _check_theme(self) -> None:
        current = theme_for(self.document.layout, self.clinic.clinic).name
        for action in self.themes.actions():
            action.setChecked(action.objectName() == f"actionTheme:{current}")

    def theme_action(self, name: str) -> QAction | None:
        """The Theme entry of a theme by its name."""
        for action in self.themes.actions():
            if action.objectName() == f"actionTheme:{name}":
                return action
        return None

    def apply_theme(self, name: str) -> None:
        """Restyle the layout in a theme: one undoable step."""
        clinic = self.clinic.clinic
        theme = available_themes(clinic).get(name)
        if theme is None:  # the clinic's theme, gone since the menu was made
            self._check_theme()
            return
        if not self._edit(f"Apply theme {theme.label}",
                          lambda layout: apply_theme(layout, theme, clinic)):
            self._check_theme()

    # -- faces and text flow ---------------------------------------------------------------

    def toggle_face(self, face: str) -> None:
        """Bold or italic on (or, when every selected block has it, off) for the selected
        blocks that can change face: titles, callouts and diagram captions."""
        layout = self.document.layout
        index = 0 if face == "bold" else 1
        usual: dict[str, bool] = {}
        for block_id in self.view.selected_ids():
            normal = editor_for(layout.block(block_id).type).face
            if normal is not None:
                usual[block_id] = normal[index]
        if not usual:
            self.message.emit("Bold and italic are for titles, callouts and diagram "
                              "captions: select one first.")
            return

        def shown(block_id: str) -> bool:
            value = getattr(layout.block(block_id).style, face)
            return usual[block_id] if value is None else bool(value)
        on = not all(shown(i) for i in usual)
        changes: dict[str, dict[str, object]] = {
            i: {"style": {face: None if on == normal else on}} for i, normal in usual.items()}
        word = face.title() if on else f"No {face}"
        self._edit(f"{word}: {', '.join(usual)}",
                   lambda layout: layout_edit.update_blocks(layout, changes))

    def toggle_wrap(self) -> None:
        """Text flows around the selected blocks (or, when it already does around every
        one, no longer); sections and key points themselves are left as they are."""
        layout = self.document.layout
        ids = [i for i in self.view.selected_ids() if editor_for(layout.block(i).type).wrap]
        if not ids:
            self.message.emit("Select a block for text to flow around (not the sections or "
                              "key points themselves).")
            return
        on = not all(layout.block(i).wrap for i in ids)
        changes: dict[str, dict[str, object]] = {i: {"wrap": on} for i in ids}
        text = "Text flows around" if on else "Text no longer flows around"
        self._edit(f"{text} {', '.join(ids)}",
                   lambda layout: layout_edit.update_blocks(layout, changes))

    def _edit(self, text: str, make: Callable[[Layout], Layout]) -> bool:
        try:
            after = make(self.document.layout)
        except EditError as exc:
            self.message.emit(f"{text}: {exc}")
            return False
        self.document.edit(text, after)
        return True
