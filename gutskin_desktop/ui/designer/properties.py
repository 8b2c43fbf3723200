"""The properties panel: the selected block's fields, or the page's, edited as you type.

Every change becomes an undoable document edit; typing in one field merges into a single
step. When the document changes (undo, a drag), the panel shows the new values without
echoing them back as edits. What the panel edits for each block type is said once, in
:data:`EDITORS`: a new block type needs an entry there and nothing else in this file.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gutskin_desktop.model import layout_edit
from gutskin_desktop.model.content import Content
from gutskin_desktop.model.errors import EditError
from gutskin_desktop.model.layout import PAGE_SIZES_MM, Block, ImageBlock, Layout
from gutskin_desktop.model.pictograms import pictograms
from gutskin_desktop.model.theme import is_colour

from .document import LayoutDocument


@dataclass(frozen=True)
class BlockEditor:
    """What the properties panel edits for one block type, besides its place, size, type
    and colours (which every block has)."""

    texts: tuple[tuple[str, str], ...] = ()  # (field, label) of each text box, at most two
    required: frozenset[str] = frozenset()  # text fields that may not be left empty
    edge_labels: bool = False  # the "Label the arrows" box (diagrams)
    sections: bool = False  # columns, text kind and the sections chosen
    picture: bool = False  # the choice of a file or one of our pictograms (images)


TITLE = (("title", "Title"),)
EDITORS: dict[str, BlockEditor] = {
    "title": BlockEditor((("text", "Title"), ("subtitle", "Subtitle"))),
    "diagram": BlockEditor((("caption", "Caption"),), edge_labels=True),  # and pictograms
    "sections": BlockEditor(sections=True),
    "summary": BlockEditor(TITLE),
    "callout": BlockEditor((("title", "Title"), ("text", "Text")), frozenset({"text"})),
    "notes": BlockEditor(TITLE),
    "details": BlockEditor(TITLE),
    "qr": BlockEditor((("url", "Web address"),), frozenset({"url"})),
    "image": BlockEditor((("path", "Image in the app's data folder"),), frozenset({"path"}),
                         picture=True),
    "disclaimer": BlockEditor((("title", "Title"), ("text", "Disclaimer"))),
    "footer": BlockEditor(),
    "message": BlockEditor((("text", "Message"),)),
    "questions": BlockEditor(TITLE),
    "glossary": BlockEditor(TITLE),
    "advice": BlockEditor(TITLE),
}
TEXT_BOXES = max(len(editor.texts) for editor in EDITORS.values())
COLOUR_FIELDS = (("color", "Text colour"), ("heading_color", "Heading colour"),
                 ("background", "Background"), ("border", "Border"))


def _spin(low: float, high: float, step: float, suffix: str, decimals: int = 1,
          name: str = "") -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setSuffix(suffix)
    box.setKeyboardTracking(True)
    box.setObjectName(name)
    return box


class PropertiesPanel(QScrollArea):
    """Fields of the selected block (one at a time) and of the page."""

    error = Signal(str)

    def __init__(self, document: LayoutDocument, content: Content,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("propertiesPanel")
        self.document, self.content = document, content
        self.block_id: str | None = None
        self._loading = False
        body = QWidget()
        column = QVBoxLayout(body)
        self.block_box = QGroupBox("Block")
        self.page_box = QGroupBox("Page")
        column.addWidget(self.block_box)
        column.addWidget(self.page_box)
        column.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setMinimumWidth(300)
        self._build_block_form()
        self._build_page_form()
        document.changed.connect(self.refresh)
        self.show_block(None)

    # -- building --------------------------------------------------------------------------

    def _build_block_form(self) -> None:
        form = QFormLayout(self.block_box)
        self._block_form = form
        self.title = QLabel()
        self.title.setObjectName("blockTitle")
        form.addRow(self.title)
        self.texts: list[tuple[QLabel, QLineEdit]] = []
        for n in range(TEXT_BOXES):
            edit = QLineEdit()
            edit.setObjectName(f"prop_text_{n}")
            edit.textEdited.connect(lambda text, i=n: self._text_edit(i, text))
            caption = QLabel("Text")
            self.texts.append((caption, edit))
            form.addRow(caption, edit)
        self.geometry_boxes: dict[str, QDoubleSpinBox] = {}
        for key, name in (("x_mm", "X"), ("y_mm", "Y"), ("w_mm", "Width"), ("h_mm", "Height")):
            box = _spin(-50, 5000, 1.0, " mm", 1, f"prop_{key}")
            box.valueChanged.connect(
                lambda v, k=key, n=name: self._block_edit({k: round(v, 2)}, n.lower()))
            self.geometry_boxes[key] = box
            form.addRow(name, box)
        self._build_type_rows(form)
        self._build_colour_rows(form)
        self._build_kind_rows(form)

    def _build_type_rows(self, form: QFormLayout) -> None:
        self.font_size = _spin(4, 400, 0.5, " pt", 1, "prop_font_size")
        self.font_size.valueChanged.connect(
            lambda v: self._block_edit({"style": {"font_size": round(v, 2)}}, "type size"))
        form.addRow("Type size", self.font_size)
        self.heading_size = _spin(0, 600, 0.5, " pt", 1, "prop_heading_size")
        self.heading_size.setSpecialValueText("automatic")
        self.heading_size.valueChanged.connect(lambda v: self._block_edit(
            {"style": {"heading_size": round(v, 2) if v >= 4 else None}}, "heading size"))
        form.addRow("Heading size", self.heading_size)

    def _build_colour_rows(self, form: QFormLayout) -> None:
        self.colours: dict[str, QLineEdit] = {}
        for key, name in COLOUR_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"prop_{key}")
            edit.setPlaceholderText("#rrggbb or empty")
            edit.setMaxLength(7)
            edit.textEdited.connect(lambda text, k=key: self._colour_edit(k, text))
            edit.setAccessibleName(name)
            self.colours[key] = edit
            form.addRow(name, edit)

    def _build_kind_rows(self, form: QFormLayout) -> None:
        """The rows only some block types use (see :class:`BlockEditor`)."""
        self.edge_labels = QCheckBox("Label the arrows")
        self.edge_labels.setObjectName("prop_edge_labels")
        self.edge_labels.toggled.connect(
            lambda on: self._block_edit({"edge_labels": on}, "arrow labels"))
        form.addRow("Arrows", self.edge_labels)
        self.box_pictograms = QCheckBox("Pictograms in the boxes")
        self.box_pictograms.setObjectName("prop_pictograms")
        self.box_pictograms.toggled.connect(
            lambda on: self._block_edit({"pictograms": on}, "pictograms"))
        form.addRow("Pictures", self.box_pictograms)
        self.picture = QComboBox()
        self.picture.setObjectName("prop_picture")
        self.picture.setAccessibleName("Show")
        self.picture.addItem("A picture file (below)", None)
        for drawn in pictograms().values():
            self.picture.addItem(f"Pictogram: {drawn.label}", drawn.name)
        self.picture.currentIndexChanged.connect(lambda _: self._picture_edit())
        form.addRow("Show", self.picture)
        self.columns = QSpinBox()
        self.columns.setObjectName("prop_columns")
        self.columns.setRange(1, 6)
        self.columns.valueChanged.connect(lambda v: self._block_edit({"columns": v}, "columns"))
        form.addRow("Columns", self.columns)
        self.text_kind = QComboBox()
        self.text_kind.setObjectName("prop_text")
        self.text_kind.addItem("For patients", "patient")
        self.text_kind.addItem("For presenters", "presenter")
        self.text_kind.currentIndexChanged.connect(
            lambda _: self._block_edit({"text": self.text_kind.currentData()}, "text"))
        form.addRow("Text", self.text_kind)
        self.sections = QListWidget()
        self.sections.setObjectName("prop_sections")
        for section in self.content.sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.sections.addItem(item)
        self.sections.setMaximumHeight(150)
        self.sections.itemChanged.connect(self._sections_edit)
        form.addRow("Sections", self.sections)

    def _build_page_form(self) -> None:
        form = QFormLayout(self.page_box)
        self.page_size = QComboBox()
        self.page_size.setObjectName("prop_page_size")
        for size in (*PAGE_SIZES_MM, "custom"):
            self.page_size.addItem(size, size)
        self.page_size.currentIndexChanged.connect(self._page_size_edit)
        form.addRow("Size", self.page_size)
        self.page_w = _spin(50, 5000, 1, " mm", 1, "prop_page_width")
        self.page_h = _spin(50, 5000, 1, " mm", 1, "prop_page_height")
        for box in (self.page_w, self.page_h):
            box.valueChanged.connect(lambda _: self._custom_size_edit())
        form.addRow("Width", self.page_w)
        form.addRow("Height", self.page_h)
        self.orientation = QComboBox()
        self.orientation.setObjectName("prop_orientation")
        self.orientation.addItem("Portrait", "portrait")
        self.orientation.addItem("Landscape", "landscape")
        self.orientation.currentIndexChanged.connect(
            lambda _: self._page_edit({"orientation": self.orientation.currentData()},
                                      "orientation"))
        form.addRow("Orientation", self.orientation)
        self.margins: dict[str, QDoubleSpinBox] = {}
        for side in ("top", "right", "bottom", "left"):
            box = _spin(0, 500, 1, " mm", 1, f"prop_margin_{side}")
            box.valueChanged.connect(
                lambda v, s=side: self._page_edit({"margins_mm": {s: round(v, 2)}}, f"m{s}"))
            self.margins[side] = box
            form.addRow(f"Margin {side}", box)
        self.bleed = _spin(0, 25, 0.5, " mm", 1, "prop_bleed")
        self.bleed.valueChanged.connect(
            lambda v: self._page_edit({"bleed_mm": round(v, 2)}, "bleed"))
        form.addRow("Bleed", self.bleed)

    # -- showing ---------------------------------------------------------------------------

    def show_block(self, block_id: str | None) -> None:
        """Show one block's fields (None: only the page's)."""
        self.block_id = block_id
        self.refresh()

    def refresh(self) -> None:
        self._loading = True
        try:
            self._refresh_block()
            self._refresh_page()
        finally:
            self._loading = False

    def _refresh_block(self) -> None:
        layout = self.document.layout
        ids = {b.id for b in layout.blocks}
        self.block_box.setVisible(self.block_id in ids)
        if self.block_id not in ids:
            return
        block = layout.block(self.block_id)
        editor = EDITORS.get(block.type, BlockEditor())
        self.title.setText(f"<b>{block.id}</b> ({block.type}, page {block.page})")
        self._refresh_texts(block, editor)
        for key, box in self.geometry_boxes.items():
            box.setValue(getattr(block, key))
        self.font_size.setValue(block.style.font_size)
        self.heading_size.setValue(block.style.heading_size or 0)
        for key, edit in self.colours.items():
            if not edit.hasFocus():
                edit.setText(getattr(block.style, key) or "")
        self._block_form.setRowVisible(self.edge_labels, editor.edge_labels)
        if editor.edge_labels:
            self.edge_labels.blockSignals(True)
            self.edge_labels.setChecked(getattr(block, "edge_labels", False))
            self.edge_labels.blockSignals(False)
        self._block_form.setRowVisible(self.box_pictograms, editor.edge_labels)
        if editor.edge_labels:
            self.box_pictograms.setChecked(getattr(block, "pictograms", True))
        self._block_form.setRowVisible(self.picture, editor.picture)
        if isinstance(block, ImageBlock):
            self.picture.setCurrentIndex(max(0, self.picture.findData(block.pictogram)))
            self.texts[0][1].setEnabled(block.pictogram is None)
        for widget in (self.columns, self.text_kind, self.sections):
            widget.setEnabled(editor.sections)
        if editor.sections:
            self._refresh_sections(block)

    def _refresh_texts(self, block: Block, editor: BlockEditor) -> None:
        """One text box, with its label, for each text field of the block's type."""
        for n, (label, edit) in enumerate(self.texts):
            shown = n < len(editor.texts)
            self._block_form.setRowVisible(edit, shown)
            if shown:
                name, text = editor.texts[n]
                label.setText(text)
                if not edit.hasFocus():
                    edit.setText(getattr(block, name) or "")

    def _refresh_sections(self, block: Block) -> None:
        """Columns, text kind and the ticked sections of a block that sets sections."""
        self.columns.setValue(getattr(block, "columns", 1))
        self.text_kind.setCurrentIndex(0 if getattr(block, "text", "") == "patient" else 1)
        chosen = set(getattr(block, "sections", None) or self.content.ids)
        for i in range(self.sections.count()):
            item = self.sections.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _refresh_page(self) -> None:
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

    # -- editing ---------------------------------------------------------------------------

    def _apply(self, text: str, make: Callable[[Layout], Layout], key: str) -> None:
        if self._loading:
            return
        try:
            after = make(self.document.layout)
        except EditError as exc:
            self.error.emit(str(exc))
            return
        self.document.edit(text, after, key)

    def _block_edit(self, changes: dict[str, object], field: str) -> None:
        block_id = self.block_id
        if block_id is None:
            return
        self._apply(f"Change {field} of {block_id}",
                    lambda layout: layout_edit.update_blocks(layout, {block_id: changes}),
                    f"prop:{block_id}:{field}")

    def _text_edit(self, index: int, text: str) -> None:
        if self.block_id is None:
            return
        editor = EDITORS.get(self.document.layout.block(self.block_id).type, BlockEditor())
        field = editor.texts[index][0]
        value = text if (text.strip() or field in editor.required) else None
        self._block_edit({field: value}, field)

    def _picture_edit(self) -> None:
        """A pictogram in place of the file, or the file again (the one it last showed,
        or the starting picture)."""
        if self._loading or self.block_id is None:
            return
        name = self.picture.currentData()
        if name is not None:
            self._block_edit({"pictogram": name, "path": None}, "pictogram")
            return
        path = self.texts[0][1].text().strip() or str(ImageBlock.starter["path"])
        self._block_edit({"pictogram": None, "path": path}, "picture file")

    def _colour_edit(self, key: str, text: str) -> None:
        text = text.strip()
        if text and not is_colour(text):
            return
        self._block_edit({"style": {key: text or None}}, dict(COLOUR_FIELDS)[key].lower())

    def _sections_edit(self, _item: QListWidgetItem) -> None:
        chosen = [self.sections.item(i).data(Qt.ItemDataRole.UserRole)
                  for i in range(self.sections.count())
                  if self.sections.item(i).checkState() == Qt.CheckState.Checked]
        if not chosen:
            self.error.emit("A sections block needs at least one section.")
            self.refresh()
            return
        value = None if chosen == self.content.ids else chosen
        self._block_edit({"sections": value}, "sections")

    def _page_edit(self, changes: dict[str, object], field: str) -> None:
        self._apply(f"Change page {field}",
                    lambda layout: layout_edit.update_page(layout, changes), f"page:{field}")

    def _page_size_edit(self) -> None:
        size = self.page_size.currentData()
        changes: dict[str, object] = {"size": size}
        if size == "custom":
            w, h = self.document.layout.page.size_mm()
            changes.update(width_mm=round(w, 2), height_mm=round(h, 2))
        self._page_edit(changes, "size")

    def _custom_size_edit(self) -> None:
        if self.document.layout.page.size != "custom":
            return
        self._page_edit({"width_mm": round(self.page_w.value(), 2),
                         "height_mm": round(self.page_h.value(), 2)}, "custom size")
