"""The page's fields in the properties panel: size, orientation, margins and bleed.

A new size or orientation (or a custom width or height) asks whether to fit the blocks to
the new page (each block and frame scaled from the old content area into the new one) or
to keep their positions; the page change and the fitting are one undoable step. A change
that cannot be made is said in one line naming the block, and every field goes back to
the page as it is. Margins and bleed apply when typing is done (Enter, or on to another
field), never halfway through a number.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QMessageBox,
    QWidget,
)

from gutskin_desktop.model import layout_edit
from gutskin_desktop.model.errors import EditError
from gutskin_desktop.model.layout import PAGE_SIZES_MM, Layout

from .document import LayoutDocument
from .fields import compact, spin

Choice = Literal["fit", "keep", "cancel"]


def describe_page(layout: Layout) -> str:
    """The page as people say it: ``A4 landscape``, ``600 x 900 mm``."""
    return layout.describe_size()


def ask_fit(parent: QWidget, page: str, keep_problem: str, fit_problem: str) -> Choice:
    """Ask how the blocks follow a new page: fit them to it, keep their positions, or
    cancel the change. A choice that cannot be made is offered disabled, with the reason."""
    box = QMessageBox(parent)
    box.setObjectName("fitPageDialog")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Change the page")
    box.setText(f"Fit the blocks to the new page ({page})?")
    lines = [("Fit scales every block's place and size from the old page's margins into "
              "the new page's. Type sizes stay as they are."),
             "Keep positions leaves every block where it is."]
    if fit_problem:
        lines.append(f"The blocks cannot be fitted: {fit_problem}.")
    if keep_problem:
        lines.append(f"The positions cannot be kept: {keep_problem}.")
    box.setInformativeText("\n\n".join(lines))
    fit = box.addButton("Fit", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Keep positions", QMessageBox.ButtonRole.ApplyRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    fit.setEnabled(not fit_problem)
    keep.setEnabled(not keep_problem)
    box.setDefaultButton(fit if not fit_problem else keep)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return "fit" if clicked is fit else "keep" if clicked is keep else "cancel"


class PageForm(QGroupBox):
    """The page's size, orientation, margins and bleed, edited as undoable steps."""

    error = Signal(str)

    def __init__(self, document: LayoutDocument, parent: QWidget | None = None) -> None:
        super().__init__("Page", parent)
        self.setObjectName("pageForm")
        self.document = document
        self._loading = False
        form = QFormLayout(self)
        self.page_size = compact(QComboBox())
        self.page_size.setObjectName("prop_page_size")
        for size in (*PAGE_SIZES_MM, "custom"):
            self.page_size.addItem(size, size)
        self.page_size.currentIndexChanged.connect(lambda _: self._size_edit())
        form.addRow("Size", self.page_size)
        self.page_w = spin(50, 5000, 1, " mm", 1, "prop_page_width", tracking=False)
        self.page_h = spin(50, 5000, 1, " mm", 1, "prop_page_height", tracking=False)
        for box in (self.page_w, self.page_h):
            box.editingFinished.connect(self._custom_size_edit)
        form.addRow("Width", self.page_w)
        form.addRow("Height", self.page_h)
        self.orientation = compact(QComboBox())
        self.orientation.setObjectName("prop_orientation")
        self.orientation.addItem("Portrait", "portrait")
        self.orientation.addItem("Landscape", "landscape")
        self.orientation.currentIndexChanged.connect(lambda _: self._change(
            {"orientation": self.orientation.currentData()}, "orientation"))
        form.addRow("Orientation", self.orientation)
        self.margins: dict[str, QDoubleSpinBox] = {}
        for side in ("top", "right", "bottom", "left"):
            box = spin(0, 500, 1, " mm", 1, f"prop_margin_{side}", tracking=False)
            box.valueChanged.connect(
                lambda v, s=side: self._edit({"margins_mm": {s: round(v, 2)}}, f"{s} margin"))
            self.margins[side] = box
            form.addRow(f"Margin {side}", box)
        self.bleed = spin(0, 25, 0.5, " mm", 1, "prop_bleed", tracking=False)
        self.bleed.valueChanged.connect(lambda v: self._edit({"bleed_mm": round(v, 2)}, "bleed"))
        form.addRow("Bleed", self.bleed)

    def refresh(self) -> None:
        """Show the page as the document has it."""
        self._loading = True
        try:
            page = self.document.layout.page
            self.page_size.setCurrentIndex(self.page_size.findData(page.size))
            w, h = page.size_mm()
            self.page_w.setValue(w)
            self.page_h.setValue(h)
            for box in (self.page_w, self.page_h):
                box.setEnabled(page.size == "custom")
            self.orientation.setCurrentIndex(0 if page.orientation == "portrait" else 1)
            for side, box in self.margins.items():
                box.setValue(getattr(page.margins_mm, side))
            self.bleed.setValue(page.bleed_mm)
        finally:
            self._loading = False

    # -- editing ---------------------------------------------------------------------------

    def _refused(self, message: str) -> None:
        self.error.emit(message)
        self.refresh()

    def _edit(self, changes: dict[str, Any], field: str) -> None:
        """A change that moves no block (margins, bleed)."""
        if self._loading:
            return
        try:
            after = layout_edit.update_page(self.document.layout, changes)
        except EditError as exc:
            self._refused(f"The {field} cannot change: {exc}")
            return
        self.document.edit(f"Change page {field}", after, f"page:{field}")

    def _change(self, changes: dict[str, Any], field: str) -> None:
        """A new size or orientation: fit the blocks to it, or keep their positions, as
        the person chooses; one undoable step either way."""
        if self._loading:
            return
        before = self.document.layout
        kept, keep_problem = _attempt(lambda: layout_edit.update_page(before, changes))
        fitted, fit_problem = _attempt(lambda: layout_edit.fit_to_page(before, changes))
        target = kept or fitted
        if target is None:
            self._refused(f"The page cannot be {_page_words(before, changes)}: {keep_problem}")
            return
        if kept is not None and kept.page.content_box()[2:] == before.page.content_box()[2:]:
            self.document.edit(f"Change page {field}", kept)  # nothing to fit: same room
            return
        choice = ask_fit(self.window(), describe_page(target), keep_problem, fit_problem)
        chosen = {"fit": fitted, "keep": kept}.get(choice)
        if chosen is None:
            self.refresh()
            return
        words = f"Change page {field} to {describe_page(chosen)}"
        self.document.edit(f"{words} and fit the blocks" if choice == "fit" else words, chosen)

    def _size_edit(self) -> None:
        size = self.page_size.currentData()
        changes: dict[str, object] = {"size": size}
        if size == "custom":
            w, h = self.document.layout.page.size_mm()
            changes.update(width_mm=round(w, 2), height_mm=round(h, 2))
        self._change(changes, "size")

    def _custom_size_edit(self) -> None:
        page = self.document.layout.page
        if self._loading or page.size != "custom":
            return
        w, h = round(self.page_w.value(), 2), round(self.page_h.value(), 2)
        if (w, h) == page.size_mm():
            return
        changes: dict[str, Any] = {"width_mm": w, "height_mm": h}
        if w != h:  # the width typed is the width shown, whichever way round the page is
            changes["orientation"] = "landscape" if w > h else "portrait"
        self._change(changes, "size")


def _attempt(make: Callable[[], Layout]) -> tuple[Layout | None, str]:
    try:
        return make(), ""
    except EditError as exc:
        return None, str(exc)


def _page_words(layout: Layout, changes: dict[str, Any]) -> str:
    """The asked-for page in words, even when no layout can have it."""
    size = changes.get("size", layout.page.size)
    orientation = changes.get("orientation", layout.page.orientation)
    if size == "custom":
        w = changes.get("width_mm", layout.page.width_mm)
        h = changes.get("height_mm", layout.page.height_mm)
        return f"{w:g} x {h:g} mm"
    return f"{size} {orientation}"
