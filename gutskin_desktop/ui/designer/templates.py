"""The designer's layout file dialogs: the template gallery (File > New from Template and
File > Open) and Save As.

The gallery shows every shipped and saved layout as a thumbnail of its real first page,
with its name, page size and description. The thumbnails are rendered by one job of the
session's render service, one layout after another, each arriving as soon as it is made
(a blank page shows until then); they are kept for the session, per file and its
modification time, so the gallery opens at once the second time.

Save As asks for a layout's name as people write it ("Dr. Müller's A4 — v2") and shows,
as it is typed, the file it becomes (``dr-mullers-a4-v2.json``) in the user's layouts
folder; it asks for a description too.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gutskin_desktop.export.render import ExportOptions
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.layout import Layout
from gutskin_desktop.model.layout_files import each_layout, user_layout_name
from gutskin_desktop.model.paths import LAYOUTS, user_layouts_dir
from gutskin_desktop.ui.pdfimage import page_images
from gutskin_desktop.ui.render_jobs import RenderRequest
from gutskin_desktop.ui.render_service import CancelToken

if TYPE_CHECKING:
    from gutskin_desktop.ui.session import Session

THUMB = QSize(150, 170)  # the box a thumbnail fits in, in pixels
LABEL_LENGTH = 60  # a layout's label, at most (model/layout.py)
DESCRIPTION_LENGTH = 300  # a layout's description, at most
HINT = QColor("#55626d")

# Thumbnails kept for the session: (file, modification time, size) -> the first page.
_THUMBNAILS: dict[tuple[str, int, int], QImage] = {}


def _key(path: Path) -> tuple[str, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


def shown_folder(folder: Path) -> str:
    """A folder as the dialogs show it: under the home folder as ``~/...``."""
    try:
        return f"~/{folder.relative_to(Path.home())}"
    except ValueError:
        return str(folder)


# -- the template gallery ----------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """One layout file the gallery offers (or says why it cannot)."""

    path: Path
    layout: Layout | None
    error: str = ""

    @property
    def shipped(self) -> bool:
        return self.path.parent.resolve() == LAYOUTS.resolve()

    @property
    def title(self) -> str:
        return self.layout.title if self.layout is not None else self.path.stem

    def page_mm(self) -> tuple[float, float]:
        return self.layout.page.size_mm() if self.layout is not None else (210.0, 297.0)


def _thumbnail_work(templates: list[tuple[int, Template]], request: RenderRequest,
                    ratio: float, token: CancelToken) -> None:
    """Render each layout's first page in turn and send it on (a job: off the GUI
    thread); a layout that cannot be rendered sends the reason instead."""
    for index, template in templates:
        token.check()
        layout = template.layout
        assert layout is not None
        w_mm, h_mm = template.page_mm()
        dpi = min(THUMB.width() / (w_mm / 25.4), THUMB.height() / (h_mm / 25.4)) * ratio
        try:
            rendered = RenderRequest(layout, request.bundle, request.options).render(token)
            token.check()
            images = page_images(rendered.pdf, dpi, [0], token)
        except (LoadError, ValueError, OSError) as exc:
            token.report((index, None, str(exc)))
            continue
        token.report((index, images[0] if images else None, ""))


class TemplateGallery(QDialog):
    """Every shipped and saved layout, with a thumbnail of its first page.

    ``mode`` "new" makes a new untitled layout from the chosen one ("Create"); "open"
    opens the file itself ("Open"), or another layout file from anywhere."""

    def __init__(self, session: Session, mode: str = "new",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateGallery")
        self.session = session
        self.mode = mode
        self.chosen: Path | None = None
        self.kind = f"template-gallery:{id(self)}"
        self.setWindowTitle("New from Template" if mode == "new" else "Open Layout")
        self.templates = [Template(path, item if isinstance(item, Layout) else None,
                                   "" if isinstance(item, Layout) else str(item))
                          for path, item in each_layout(session.bundle.content)]
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setAccessibleName("Layouts")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 44, THUMB.height() + 56))
        self.list.setWordWrap(True)
        self.list.setSpacing(8)
        self.list.setStyleSheet("QListWidget { background: #d9dde1; }"
                                "QListWidget::item { color: #1f2d36; }"
                                "QListWidget::item:selected { background: #a9c8e6; "
                                "border-radius: 4px; }")
        self.title = QLabel()
        self.title.setObjectName("templateTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.facts = QLabel()
        self.facts.setObjectName("templateFacts")
        self.description = QLabel()
        self.description.setObjectName("templateDescription")
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button = self.buttons.addButton(
            "Create" if mode == "new" else "Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setObjectName("templateAccept")
        self.accept_button.setDefault(True)
        if mode == "open":
            other = QPushButton("Another File...")
            other.setObjectName("templateOtherFile")
            other.clicked.connect(self._other_file)
            self.buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        self._build()
        self._fill()
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(self._show_details)
        self.list.itemDoubleClicked.connect(lambda _item: self._accept())
        first = next((i for i, t in enumerate(self.templates) if t.layout is not None), -1)
        self.list.setCurrentRow(first)
        self._show_details(first)
        self.resize(900, 640)
        self._request_thumbnails()

    def _build(self) -> None:
        intro = QLabel("Start from one of these layouts: a new, untitled copy opens, and "
                       "Save asks for its name." if self.mode == "new" else
                       "Open a layout: one that comes with the app (Save then asks for a new "
                       "name) or one you saved.")
        intro.setWordWrap(True)
        details = QVBoxLayout()
        details.setSpacing(2)
        details.addWidget(self.title)
        details.addWidget(self.facts)
        details.addWidget(self.description)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(self.list, 1)
        box.addLayout(details)
        box.addWidget(self.buttons)

    # -- the items -------------------------------------------------------------------------

    def _fill(self) -> None:
        for template in self.templates:
            item = QListWidgetItem(template.title)
            if template.layout is not None:
                item.setText(f"{template.title}\n{template.layout.describe_size()}")
            if template.layout is None:
                item.setText(f"{template.path.stem}\n(cannot be opened)")
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setToolTip(template.error)
            else:
                whose = "comes with the app" if template.shipped else "yours"
                item.setToolTip(f"{template.title} ({template.layout.describe_size()}, "
                                f"{whose}): {template.layout.description}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, template.title)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            item.setIcon(_icon(self._pixmap(template, self._cached(template))))
            self.list.addItem(item)

    @staticmethod
    def _cached(template: Template) -> QImage | None:
        key = _key(template.path)
        return _THUMBNAILS.get(key) if key is not None else None

    def _pixmap(self, template: Template, image: QImage | None, note: str = "") -> QPixmap:
        """The thumbnail in the icon box: the page's shape, white until it is rendered."""
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(THUMB * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        w_mm, h_mm = template.page_mm()
        scale = min((THUMB.width() - 4) / w_mm, (THUMB.height() - 4) / h_mm)
        w, h = w_mm * scale, h_mm * scale
        x, y = (THUMB.width() - w) / 2, (THUMB.height() - h) / 2
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(int(x + 2), int(y + 2), int(w), int(h), QColor(0, 0, 0, 50))
        painter.fillRect(int(x), int(y), int(w), int(h), QColor("#ffffff"))
        if image is not None and not image.isNull():
            painter.drawImage(QRectF(int(x), int(y), int(w), int(h)), image)
        else:
            painter.setPen(HINT)
            text = note or ("cannot be opened" if template.layout is None else "rendering...")
            painter.drawText(int(x), int(y), int(w), int(h),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
        painter.setPen(QPen(QColor("#8a939b"), 0))
        painter.drawRect(int(x), int(y), int(w) - 1, int(h) - 1)
        painter.end()
        return pixmap

    def _show_details(self, row: int) -> None:
        template = self.templates[row] if 0 <= row < len(self.templates) else None
        self.accept_button.setEnabled(template is not None and template.layout is not None)
        if template is None or template.layout is None:
            self.title.setText("")
            self.facts.setText("")
            self.description.setText("")
            return
        layout = template.layout
        pages = layout.page_count
        whose = ("comes with the app" if template.shipped
                 else f"yours, in {shown_folder(template.path.parent)}")
        self.title.setText(template.title)
        self.facts.setText(f"{layout.describe_size()}  ·  {pages} page{'s' * (pages > 1)}"
                           f"  ·  {layout.purpose}  ·  {whose}")
        self.description.setText(layout.description)

    # -- thumbnails ------------------------------------------------------------------------

    def _request_thumbnails(self) -> None:
        wanted = [(i, t) for i, t in enumerate(self.templates)
                  if t.layout is not None and self._cached(t) is None]
        if not wanted:
            return
        request = RenderRequest(wanted[0][1].layout,  # type: ignore[arg-type]
                                self.session.bundle,
                                ExportOptions(clinic=self.session.clinic.clinic))
        ratio = self.devicePixelRatioF()
        self.session.renders.submit(
            self.kind, lambda token: _thumbnail_work(wanted, request, ratio, token),
            lambda _none: None, lambda _error: None, on_progress=self._on_thumbnail,
            owner=self)

    def _on_thumbnail(self, value: object) -> None:
        index, image, error = cast("tuple[int, QImage | None, str]", value)
        template = self.templates[index]
        item = self.list.item(index)
        if image is None:
            item.setIcon(_icon(self._pixmap(template, None, "no preview")))
            item.setToolTip(f"{item.toolTip()}\n(The first page could not be made: {error})")
            return
        key = _key(template.path)
        if key is not None:
            _THUMBNAILS[key] = image
        item.setIcon(_icon(self._pixmap(template, image)))

    @property
    def thumbnails_done(self) -> bool:
        """Every layout that can be opened shows its first page."""
        return all(t.layout is None or self._cached(t) is not None for t in self.templates)

    # -- choosing --------------------------------------------------------------------------

    def select(self, path: Path) -> None:
        """Select the layout of this file (as a click would)."""
        for row, template in enumerate(self.templates):
            if template.path == path:
                self.list.setCurrentRow(row)

    def _accept(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.templates) and self.templates[row].layout is not None:
            self.chosen = self.templates[row].path
            self.accept()

    def _other_file(self) -> None:
        folder = user_layouts_dir() if user_layouts_dir().is_dir() else LAYOUTS
        path, _ = QFileDialog.getOpenFileName(self, "Open layout", str(folder),
                                              "Layouts (*.json)")
        if path:
            self.chosen = Path(path)
            self.accept()

    def done(self, result: int) -> None:
        self.session.renders.cancel(self.kind)
        super().done(result)

    @classmethod
    def choose(cls, session: Session, mode: str, parent: QWidget | None = None) -> Path | None:
        """Show the gallery; the layout file chosen, or None."""
        gallery = cls(session, mode, parent)
        try:
            return gallery.chosen if gallery.exec() == QDialog.DialogCode.Accepted else None
        finally:
            gallery.deleteLater()


# -- Save As -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveAsAnswer:
    """What Save As was given: the name as written, its file name, the description."""

    label: str
    name: str
    description: str

    @property
    def path(self) -> Path:
        """The file in the user's layouts folder."""
        return user_layouts_dir() / f"{self.name}.json"


def _stacked(top: QWidget, below: QWidget) -> QWidget:
    """A field with its note close under it."""
    widget = QWidget()
    box = QVBoxLayout(widget)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(3)
    box.addWidget(top)
    box.addWidget(below)
    return widget


def _one_line(text: str) -> str:
    return " ".join(text.split())


class SaveAsDialog(QDialog):
    """Ask for a layout's name and description; show the file it will be saved as."""

    def __init__(self, label: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveAsDialog")
        self.setWindowTitle("Save Layout As")
        self.name = QLineEdit(label)
        self.name.setObjectName("saveAsName")
        self.name.setMaxLength(LABEL_LENGTH)
        self.name.setPlaceholderText("e.g. My Clinic Handout")
        self.name.setAccessibleName("Layout name")
        self.name.selectAll()
        self.file = QLabel()
        self.file.setObjectName("saveAsFile")
        self.file.setWordWrap(True)
        self.file.setTextFormat(Qt.TextFormat.RichText)
        self.file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file.setStyleSheet(f"color: {HINT.name()};")
        self.description = QPlainTextEdit(description)
        self.description.setObjectName("saveAsDescription")
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(
            "What this layout is for and what it holds, e.g. \"A4 handout with our logo, "
            "the key points and our clinic's advice\"")
        lines = self.description.fontMetrics().lineSpacing()
        self.description.setFixedHeight(lines * 4 + 12)
        self.count = QLabel()
        self.count.setObjectName("saveAsCount")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveAsSave")
        form = QFormLayout()
        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name)
        form.addRow(name_label, _stacked(self.name, self.file))
        description_label = QLabel("&Description:")
        description_label.setBuddy(self.description)
        form.addRow(description_label, _stacked(self.description, self.count))
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.buttons)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._update)
        self.description.textChanged.connect(self._update)
        self.setMinimumWidth(560)
        self._update()

    def answer(self) -> SaveAsAnswer | None:
        """The name, file name and description as they stand (None while one is missing
        or too long)."""
        label = _one_line(self.name.text())
        name = user_layout_name(label)
        description = _one_line(self.description.toPlainText())
        if not name or not description or len(description) > DESCRIPTION_LENGTH:
            return None
        return SaveAsAnswer(label, name, description)

    def _update(self) -> None:
        label = _one_line(self.name.text())
        name = user_layout_name(label)
        folder = shown_folder(user_layouts_dir())
        if not label:
            text = "Type a name for the layout."
        elif not name:
            text = ("The name needs at least one letter (a to z, accents are fine) or "
                    "digit to make a file name.")
        else:
            text = f"Saved as <b>{name}.json</b> in {escape(folder)}"
            if name.endswith("-copy") and (LAYOUTS / f"{name[:-5]}.json").is_file():
                text += f" (&ldquo;{name[:-5]}&rdquo; is a layout that comes with the app)"
            if os.path.lexists(user_layouts_dir() / f"{name}.json"):
                text += (". A layout with this file name is there already: you will be "
                         "asked before it is replaced.")
        self.file.setText(text)
        length = len(_one_line(self.description.toPlainText()))
        self.count.setText("A description is needed" if not length else
                           f"{length} / {DESCRIPTION_LENGTH} characters"
                           + (" (too long)" if length > DESCRIPTION_LENGTH else ""))
        colour = "#c62828" if length > DESCRIPTION_LENGTH else HINT.name()
        self.count.setStyleSheet(f"color: {colour};")
        self.save_button.setEnabled(self.answer() is not None)
        self.save_button.setToolTip("" if self.answer() is not None else
                                    "Give the layout a name and a description")

    def _save(self) -> None:
        if self.answer() is not None:
            self.accept()

    @classmethod
    def ask(cls, label: str, description: str,
            parent: QWidget | None = None) -> SaveAsAnswer | None:
        """Show the dialog; what was given, or None when cancelled."""
        dialog = cls(label, description, parent)
        try:
            return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def _icon(pixmap: QPixmap) -> QIcon:
    """An icon that shows the page as it is when selected too (not tinted)."""
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon
