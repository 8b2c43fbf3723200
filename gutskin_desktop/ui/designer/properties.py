"""The properties panel: the selected block's fields, or the page's, edited as you type.

Every change becomes an undoable document edit; typing in one field merges into a single
step. When the document changes (undo, a drag), the panel shows the new values without
echoing them back as edits, and never rewrites the field being typed in. What the panel
edits for each block type is said once, in :data:`.block_editors.EDITORS`: its text
fields, type sizes, face, colours and the rows only it has; the panel shows those rows and
hides the others. A new block type needs an entry there and nothing else in this file.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gutskin_desktop.model import layout_edit
from gutskin_desktop.model.clinic import Clinic
from gutskin_desktop.model.content import Content
from gutskin_desktop.model.errors import EditError
from gutskin_desktop.model.layout import Block, ImageBlock, Layout
from gutskin_desktop.model.pictograms import pictograms
from gutskin_desktop.model.themes import palette, theme_for
from gutskin_desktop.ui.colour_button import ColourButton

from .block_editors import (
    COLOUR_FIELDS,
    EDITORS,
    TEXT_BOXES,
    BlockEditor,
    editor_for,
    text_value,
)
from .document import LayoutDocument
from .fields import FaceButton, GrowingTextEdit, compact, spin
from .image_picker import choose_image
from .page_form import PageForm

__all__ = ["EDITORS", "BlockEditor", "PropertiesPanel", "editor_for"]

ALIGNMENTS = (("Left", "left"), ("Centre", "center"), ("Right", "right"),
              ("Justified", "justify"))
FONTS = (("Sans", "sans"), ("Serif", "serif"))


class PropertiesPanel(QScrollArea):
    """Fields of the selected block (one at a time) and of the page."""

    error = Signal(str)

    def __init__(self, document: LayoutDocument, content: Content,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("propertiesPanel")
        self.document, self.content = document, content
        self.clinic: Clinic | None = None
        self.block_id: str | None = None
        self._loading = False
        self._echo = False  # the document changes because of what is typed here
        body = QWidget()
        column = QVBoxLayout(body)
        self.block_box = QGroupBox("Block")
        self.page_box = PageForm(document)
        self.page_box.error.connect(self.error)
        column.addWidget(self.block_box)
        column.addWidget(self.page_box)
        column.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setMinimumWidth(320)
        self._build_block_form()
        document.changed.connect(self.refresh)
        self.show_block(None)

    # -- building --------------------------------------------------------------------------

    def _build_block_form(self) -> None:
        form = QFormLayout(self.block_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._block_form = form
        self.title = QLabel()
        self.title.setObjectName("blockTitle")
        form.addRow(self.title)
        self._build_text_rows(form)
        self.geometry_boxes: dict[str, QDoubleSpinBox] = {}
        for row, pair in (("Position", (("x_mm", "X"), ("y_mm", "Y"))),
                          ("Size", (("w_mm", "Width"), ("h_mm", "Height")))):
            boxes = QWidget()
            line = QHBoxLayout(boxes)
            line.setContentsMargins(0, 0, 0, 0)
            for key, name in pair:
                box = spin(-50, 5000, 1.0, " mm", 1, f"prop_{key}")
                box.setPrefix(f"{name[0]} ")
                box.setAccessibleName(name)
                box.setToolTip(f"{name} in millimetres")
                box.valueChanged.connect(
                    lambda v, k=key, n=name: self._block_edit({k: round(v, 2)}, n.lower()))
                box.editingFinished.connect(self._show_refused)
                self.geometry_boxes[key] = box
                line.addWidget(box)
            form.addRow(row, boxes)
        self._build_type_rows(form)
        self._build_colour_rows(form)
        self._build_box_rows(form)
        self._build_kind_rows(form)

    def _build_text_rows(self, form: QFormLayout) -> None:
        """A one-line box and a several-line box for each text field slot; a block type's
        field shows in the kind its editor asks for."""
        self.texts: list[tuple[QLabel, QLineEdit]] = []
        self.long_texts: list[tuple[QLabel, GrowingTextEdit]] = []
        for n in range(TEXT_BOXES):
            edit = QLineEdit()
            edit.setObjectName(f"prop_text_{n}")
            edit.textEdited.connect(lambda text, i=n: self._text_edit(i, text))
            caption = QLabel("Text")
            self.texts.append((caption, edit))
            form.addRow(caption, edit)
            long = GrowingTextEdit()
            long.setObjectName(f"prop_long_text_{n}")
            long.edited.connect(lambda text, i=n: self._text_edit(i, text))
            long_caption = QLabel("Text")
            self.long_texts.append((long_caption, long))
            form.addRow(long_caption, long)
        self.picture = QPushButton()  # an image's picture, chosen in the picker
        self.picture.setObjectName("prop_picture")
        self.picture.setAccessibleName("Picture")
        self.picture.setToolTip("Choose a picture: one of yours, the app's, or a pictogram")
        self.picture.clicked.connect(lambda: self.choose_picture())
        form.addRow("Picture", self.picture)

    def _build_type_rows(self, form: QFormLayout) -> None:
        self.font_size = spin(4, 400, 0.5, " pt", 1, "prop_font_size")
        self.font_size.valueChanged.connect(
            lambda v: self._block_edit({"style": {"font_size": round(v, 2)}}, "type size"))
        form.addRow("Type size", self.font_size)
        self.heading_size = spin(0, 600, 0.5, " pt", 1, "prop_heading_size")
        self.heading_size.setSpecialValueText("automatic")
        self.heading_size.valueChanged.connect(lambda v: self._block_edit(
            {"style": {"heading_size": round(v, 2) if v >= 4 else None}}, "heading size"))
        form.addRow("Heading size", self.heading_size)
        self.font_family = compact(QComboBox())
        self.font_family.setObjectName("prop_font")
        self.font_family.setAccessibleName("Font")
        self.font_family.addItem("The theme's", None)
        for label, name in FONTS:
            self.font_family.addItem(label, name)
        self.font_family.currentIndexChanged.connect(lambda _: self._block_edit(
            {"style": {"font": self.font_family.currentData()}}, "font"))
        form.addRow("Font", self.font_family)
        self.bold = FaceButton("B", "prop_bold", "Bold", bold=True)
        self.italic = FaceButton("I", "prop_italic", "Italic", italic=True)
        self.bold.toggled.connect(lambda on: self._face_edit("bold", on))
        self.italic.toggled.connect(lambda on: self._face_edit("italic", on))
        self.faces = QWidget()
        faces = QHBoxLayout(self.faces)
        faces.setContentsMargins(0, 0, 0, 0)
        faces.addWidget(self.bold)
        faces.addWidget(self.italic)
        faces.addStretch(1)
        form.addRow("Face", self.faces)
        self.align = compact(QComboBox())
        self.align.setObjectName("prop_align")
        self.align.setAccessibleName("Align")
        for label, value in ALIGNMENTS:
            self.align.addItem(label, value)
        self.align.currentIndexChanged.connect(lambda _: self._block_edit(
            {"style": {"align": self.align.currentData()}}, "alignment"))
        form.addRow("Align", self.align)

    def _build_colour_rows(self, form: QFormLayout) -> None:
        self.colours: dict[str, ColourButton] = {}
        for key, name in COLOUR_FIELDS:
            button = ColourButton(allow_none=key != "color")
            button.setObjectName(f"prop_{key}")
            button.setAccessibleName(name)
            button.colour_chosen.connect(lambda colour, k=key: self._colour_edit(k, colour))
            self.colours[key] = button
            form.addRow(name, button)

    def _build_box_rows(self, form: QFormLayout) -> None:
        self.padding = spin(0, 100, 0.5, " mm", 1, "prop_padding")
        self.padding.valueChanged.connect(lambda v: self._block_edit(
            {"style": {"padding_mm": round(v, 2)}}, "padding"))
        self.padding.editingFinished.connect(self._show_refused)
        form.addRow("Padding", self.padding)
        self.wrap = QCheckBox("Text flows around this block")
        self.wrap.setObjectName("prop_wrap")
        self.wrap.setToolTip("Sections and key-points text on the same page flows around "
                             "this block instead of under it")
        self.wrap.toggled.connect(lambda on: self._block_edit({"wrap": on}, "text flow"))
        form.addRow("Text flow", self.wrap)

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
        self.columns = QSpinBox()
        self.columns.setObjectName("prop_columns")
        self.columns.setRange(1, 6)
        self.columns.valueChanged.connect(lambda v: self._block_edit({"columns": v}, "columns"))
        form.addRow("Columns", self.columns)
        self.text_kind = compact(QComboBox())
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

    # -- showing ---------------------------------------------------------------------------

    def set_clinic(self, clinic: Clinic | None) -> None:
        """The session's clinic profile (its brand colours are a theme's palette)."""
        self.clinic = clinic
        self.refresh()

    def show_block(self, block_id: str | None) -> None:
        """Show one block's fields (None: only the page's)."""
        self.block_id = block_id
        self.refresh()

    def refresh(self) -> None:
        self._loading = True
        try:
            self._refresh_block()
            self.page_box.refresh()
        finally:
            self._loading = False

    def _typing(self, field: QWidget) -> bool:
        """Whether the field is being typed in and the change shown is its own echo (so
        showing the block's value would move the cursor or undo a half-typed number)."""
        return self._echo and field.hasFocus()

    def _show_refused(self) -> None:
        """Typing done (Enter, or on to another field): a size the block refused shows
        the block's own again."""
        if self.block_id not in {b.id for b in self.document.layout.blocks}:
            return
        block = self.document.layout.block(self.block_id)
        self._loading = True
        try:
            for key, box in self.geometry_boxes.items():
                box.setValue(getattr(block, key))
            self.padding.setValue(block.style.padding_mm)
        finally:
            self._loading = False

    def _show_row(self, field: QWidget, shown: bool, label: str | None = None) -> None:
        self._block_form.setRowVisible(field, shown)
        caption = self._block_form.labelForField(field)
        if shown and label is not None and isinstance(caption, QLabel) \
                and caption.text() != label:
            caption.setText(label)

    def _refresh_block(self) -> None:
        layout = self.document.layout
        ids = {b.id for b in layout.blocks}
        self.block_box.setVisible(self.block_id in ids)
        if self.block_id not in ids:
            return
        block = layout.block(self.block_id)
        editor = editor_for(block.type)
        title = f"<b>{block.id}</b> ({block.type}, page {block.page})"
        if self.title.text() != title:
            self.title.setText(title)
        self._refresh_texts(block, editor)
        for key, box in self.geometry_boxes.items():
            if not self._typing(box):
                _show_value(box, getattr(block, key))
        self._refresh_type(block, editor)
        self._refresh_colours(layout, block, editor)
        self._show_row(self.wrap, editor.wrap)
        _show_checked(self.wrap, block.wrap)
        if not self._typing(self.padding):
            _show_value(self.padding, block.style.padding_mm)
        self._refresh_kind(block, editor)

    def _refresh_texts(self, block: Block, editor: BlockEditor) -> None:
        """One text box, with its label, for each text field of the block's type: the
        several-line kind for long text."""
        fallbacks = dict(editor.from_content)
        for n in range(TEXT_BOXES):
            name, label = editor.texts[n] if n < len(editor.texts) else ("", "")
            line, long = self.texts[n][1], self.long_texts[n][1]
            self._show_row(line, bool(name) and name not in editor.long, label)
            self._show_row(long, bool(name) and name in editor.long, label)
            if not name:
                continue
            value = getattr(block, name) or ""
            fallback = getattr(self.content, fallbacks.get(name, ""), None)
            hint = f"{fallback} (the content's)" if fallback else ""
            if line.placeholderText() != hint:
                line.setPlaceholderText(hint)
            if long.placeholderText() != hint:
                long.setPlaceholderText(hint)
            if not self._typing(line) and line.text() != value:
                line.setText(value)
            if not self._typing(long):
                long.set_text(value)

    def _refresh_type(self, block: Block, editor: BlockEditor) -> None:
        s = block.style
        self._show_row(self.font_size, editor.type_size is not None, editor.type_size)
        if not self._typing(self.font_size):
            _show_value(self.font_size, s.font_size)
        self._show_row(self.heading_size, editor.heading_size is not None, editor.heading_size)
        if not self._typing(self.heading_size):
            _show_value(self.heading_size, s.heading_size or 0)
        has_text = editor.type_size is not None or editor.heading_size is not None
        self._show_row(self.font_family, has_text)
        theme = theme_for(self.document.layout, self.clinic)
        usual = theme.heading_font if editor.heading_font else theme.body_font
        usual_text = f"The theme's ({usual.title()})"
        if self.font_family.itemText(0) != usual_text:
            self.font_family.setItemText(0, usual_text)
        self.font_family.setCurrentIndex(max(0, self.font_family.findData(s.font)))
        self._show_row(self.faces, editor.face is not None)
        if editor.face is not None:
            bold, italic = editor.face
            _show_checked(self.bold, bold if s.bold is None else s.bold)
            _show_checked(self.italic, italic if s.italic is None else s.italic)
        self._show_row(self.align, editor.align)
        self.align.setCurrentIndex(max(0, self.align.findData(s.align)))

    def _refresh_colours(self, layout: Layout, block: Block, editor: BlockEditor) -> None:
        swatches = palette(layout, self.clinic)
        labels = dict(editor.colours)
        heading = (("Same as text", block.style.color) if editor.heading_as_text else
                   ("Theme's heading", theme_for(layout, self.clinic).colour("heading")))
        for key, button in self.colours.items():
            shown = key in labels and not (
                key == "color" and isinstance(block, ImageBlock) and block.pictogram is None)
            self._show_row(button, shown, labels.get(key))
            button.set_palette(swatches)
            if key == "heading_color":
                button.set_none(*heading)
            button.set_colour(getattr(block.style, key))

    def _refresh_kind(self, block: Block, editor: BlockEditor) -> None:
        self._show_row(self.edge_labels, editor.edge_labels)
        self._show_row(self.box_pictograms, editor.edge_labels)
        if editor.edge_labels:
            _show_checked(self.edge_labels, getattr(block, "edge_labels", False))
            _show_checked(self.box_pictograms, getattr(block, "pictograms", True))
        self._show_row(self.picture, editor.picture)
        if isinstance(block, ImageBlock) and self.picture.text() != f"{picture_name(block)} ...":
            self.picture.setText(f"{picture_name(block)} ...")
        for widget in (self.columns, self.text_kind, self.sections):
            self._show_row(widget, editor.sections)
        if editor.sections:
            self._refresh_sections(block)

    def _refresh_sections(self, block: Block) -> None:
        """Columns, text kind and the ticked sections of a block that sets sections."""
        _show_value(self.columns, getattr(block, "columns", 1))
        self.text_kind.setCurrentIndex(0 if getattr(block, "text", "") == "patient" else 1)
        chosen = set(getattr(block, "sections", None) or self.content.ids)
        for i in range(self.sections.count()):
            item = self.sections.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # -- editing ---------------------------------------------------------------------------

    def _apply(self, text: str, make: Callable[[Layout], Layout], key: str) -> None:
        if self._loading:
            return
        try:
            after = make(self.document.layout)
        except EditError as exc:
            self.error.emit(str(exc))
            return
        self._echo = True
        try:
            self.document.edit(text, after, key)
        finally:
            self._echo = False

    def _block_edit(self, changes: dict[str, object], field: str) -> None:
        block_id = self.block_id
        if block_id is None:
            return
        self._apply(f"Change {field} of {block_id}",
                    lambda layout: layout_edit.update_blocks(layout, {block_id: changes}),
                    f"prop:{block_id}:{field}")

    def _text_edit(self, index: int, text: str) -> None:
        if self.block_id is None or self._loading:
            return
        kind = self.document.layout.block(self.block_id).type
        field = editor_for(kind).texts[index][0]
        try:
            value = text_value(kind, field, text)
        except EditError as exc:
            self.error.emit(f"{exc}: type some text (the block keeps its last text)")
            return
        self._block_edit({field: value}, field)

    def _face_edit(self, face: str, on: bool) -> None:
        """Bold or italic on or off; the block type's usual face is stored as None."""
        if self.block_id is None:
            return
        usual = editor_for(self.document.layout.block(self.block_id).type).face
        if usual is None:
            return
        normal = usual[0] if face == "bold" else usual[1]
        self._block_edit({"style": {face: None if on == normal else on}}, face)

    def choose_picture(self, block_id: str | None = None) -> bool:
        """Open the picture picker for an image block (the selected one unless named);
        the picture chosen is one undo step. False when cancelled or not an image."""
        block_id = block_id or self.block_id
        if block_id is None:
            return False
        block = self.document.layout.block(block_id)
        if not isinstance(block, ImageBlock):
            return False
        choice = choose_image(self, title="Choose picture", action="Choose",
                              current=block.path or block.pictogram)
        if choice is None:
            return False
        self._apply(f"Change picture of {block_id}",
                    lambda layout: layout_edit.update_blocks(layout,
                                                             {block_id: choice.fields()}),
                    f"prop:{block_id}:picture")
        return True

    def _colour_edit(self, key: str, colour: str | None) -> None:
        label = dict(COLOUR_FIELDS)[key]
        if self.block_id is not None:
            label = dict(editor_for(self.document.layout.block(self.block_id).type).colours
                         ).get(key, label)
        self._block_edit({"style": {key: colour}}, label.lower())

    def _sections_edit(self, _item: QListWidgetItem) -> None:
        if self._loading:
            return
        chosen = [self.sections.item(i).data(Qt.ItemDataRole.UserRole)
                  for i in range(self.sections.count())
                  if self.sections.item(i).checkState() == Qt.CheckState.Checked]
        if not chosen:
            self.error.emit("A sections block needs at least one section.")
            self.refresh()
            return
        value = None if chosen == self.content.ids else chosen
        self._block_edit({"sections": value}, "sections")


def _show_value(box: QSpinBox | QDoubleSpinBox, value: float) -> None:
    """Show a number, unless the box shows it already (setting a spin box's value
    repaints it even when the value is the same: the panel refreshes after every edit)."""
    if box.value() != value:
        box.setValue(value)  # type: ignore[arg-type]


def _show_checked(box: QCheckBox | FaceButton, on: bool) -> None:
    """Tick or untick a box, unless it already is."""
    if box.isChecked() != on:
        box.setChecked(on)


def picture_name(block: ImageBlock) -> str:
    """What an image block shows, as the panel names it: a pictogram's label or the
    picture file's name."""
    if block.pictogram is not None:
        drawn = pictograms().get(block.pictogram)
        return f"Pictogram: {drawn.label if drawn else block.pictogram}"
    return (block.path or "").rsplit("/", 1)[-1]
