"""The image picker: a picture from anywhere, from the image library, the app's own
images, or a pictogram, each shown as a thumbnail.

:func:`choose_image` opens it and returns an :class:`ImageChoice` (or None when the person
cancels). Its tabs are

* **Your images**: the user's image library, newest first, and the "From a file..."
  button, which opens a file dialog (PNG, JPEG and SVG) and imports the chosen file into
  the library (:func:`..model.image_library.import_image`: checked by its content, copied
  under a readable name) and chooses it at once. A file that cannot be printed is one
  message naming the file and why, and nothing is copied;
* **App images**: the pictures shipped in the app's data folder (``images/...``);
* **Pictograms**: our own pictograms, drawn as vectors in the block's colour.

Double-click a thumbnail, or select it and press the choose button. An SVG drawing's
thumbnail is the drawing as the PDF prints it (converted and rasterised with PDFium), a
PNG or JPEG is read scaled down by Qt; thumbnails are kept for the session, per file and
its modification time. A library file that cannot be printed (damaged since it came in)
is shown greyed out, with the reason in its tooltip, and cannot be chosen.

The designer's Insert > Image uses it (:meth:`ImageChoice.placed` sizes the new block to
the picture's shape within the block's default size); the clinic profile uses it for the
logo (library only, no pictograms); the properties panel can use it to change a block's
picture (``choice.fields()`` are the block's new ``path`` and ``pictogram``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QImageReader, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.image_library import import_image, library_file, library_images
from gutskin_desktop.model.images import IMAGE_SUFFIXES, ImageRefused, image_dimensions, read_image
from gutskin_desktop.model.paths import ASSETS, user_images_dir
from gutskin_desktop.model.pictograms import names as pictogram_names
from gutskin_desktop.model.pictograms import pictogram
from gutskin_desktop.model.storage import SaveError
from gutskin_desktop.ui.pictogram_paint import pictogram_image

THUMB = 96  # px, the side of a thumbnail
CELL = QSize(THUMB + 52, THUMB + 34)  # a thumbnail with its name under it
MIN_SIDE_MM = 5.0  # a new image block is at least this wide and high
FILE_FILTER = "Images (*.png *.jpg *.jpeg *.svg);;All files (*)"
PICTOGRAM_INK = "#1f2d36"  # a new image block's colour (the default text colour)
SETTINGS_FOLDER = "imagePicker/folder"  # where "From a file..." opened last


@dataclass(frozen=True)
class ImageChoice:
    """A picture the picker chose: a layout image path (``library/<name>`` in the image
    library, ``images/<name>`` in the app's data folder) or a pictogram's name (exactly
    one of the two), and its shape (width and height in any one unit)."""

    path: str | None = None
    pictogram: str | None = None
    width: float = 1.0
    height: float = 1.0

    def fields(self) -> dict[str, str | None]:
        """The image block's fields for this picture (None removes a field)."""
        return {"path": self.path, "pictogram": self.pictogram}

    def size_within(self, width: float, height: float) -> tuple[float, float]:
        """The largest size of this shape inside ``width`` x ``height`` (millimetres,
        rounded to 0.1), each side at least :data:`MIN_SIDE_MM`."""
        scale = min(width / self.width, height / self.height)
        return (max(MIN_SIDE_MM, round(self.width * scale, 1)),
                max(MIN_SIDE_MM, round(self.height * scale, 1)))

    def placed(self, block: dict[str, Any]) -> dict[str, Any]:
        """A new image block's data (as the Insert menu makes it) showing this picture,
        sized to its shape within the block's size and kept at the block's centre."""
        w, h = self.size_within(block["w_mm"], block["h_mm"])
        out = {k: v for k, v in block.items() if k not in ("path", "pictogram")}
        out.update({key: value for key, value in self.fields().items() if value is not None})
        out["x_mm"] = round(block["x_mm"] + (block["w_mm"] - w) / 2, 1)
        out["y_mm"] = round(block["y_mm"] + (block["h_mm"] - h) / 2, 1)
        out["w_mm"], out["h_mm"] = w, h
        return out


@dataclass(frozen=True)
class _Picture:
    """A file's thumbnail, its shape and why it cannot be used (empty: it can)."""

    icon: QIcon
    width: float
    height: float
    problem: str


_pictures: dict[tuple[str, int, int], _Picture] = {}  # by file, modification time, size


def _frame(image: QImage | None) -> QIcon:
    """A thumbnail: the picture centred on a white square with a thin edge (an empty
    square with a cross when there is no picture)."""
    pixmap = QPixmap(THUMB, THUMB)
    pixmap.fill(QColor("#ffffff"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if image is not None and not image.isNull():
        fitted = image.scaled(THUMB - 8, THUMB - 8, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        painter.drawImage((THUMB - fitted.width()) // 2, (THUMB - fitted.height()) // 2,
                          fitted)
    else:
        painter.setPen(QPen(QColor("#c0c8ce"), 2))
        painter.drawLine(24, 24, THUMB - 24, THUMB - 24)
        painter.drawLine(THUMB - 24, 24, 24, THUMB - 24)
    painter.setPen(QPen(QColor("#c0c8ce"), 1))
    painter.drawRect(0, 0, THUMB - 1, THUMB - 1)
    painter.end()
    return QIcon(pixmap)


def _svg_thumbnail(file: Path) -> QImage:
    """An SVG drawing as the PDF prints it, rasterised to about a thumbnail's size."""
    from gutskin_desktop.export.svg_image import drawing_pdf, svg_drawing
    from gutskin_desktop.ui.pdfimage import page_images

    drawing = svg_drawing(file, "", file)
    dpi = 72.0 * THUMB * 2 / max(drawing.width, drawing.height)
    images = page_images(drawing_pdf(drawing), dpi, [0])
    return images[0] if images else QImage()


def _raster_thumbnail(file: Path, width: float, height: float) -> QImage:
    """A PNG or JPEG read scaled down to about a thumbnail's size."""
    reader = QImageReader(str(file))
    reader.setAutoTransform(True)
    scale = min(1.0, THUMB * 2 / max(width, height, 1.0))
    reader.setScaledSize(QSize(max(1, round(width * scale)), max(1, round(height * scale))))
    return reader.read()


def picture(file: Path) -> _Picture:
    """A file's thumbnail and shape, after checking it as an export would (kept per
    file and modification time)."""
    try:
        status = file.stat()
        key = (str(file), status.st_mtime_ns, status.st_size)
    except OSError as exc:
        return _Picture(_frame(None), 1.0, 1.0, f"cannot be read ({exc.strerror or exc})")
    known = _pictures.get(key)
    if known is not None:
        return known
    try:
        data, kind = read_image(file)
        width, height = image_dimensions(data) or (1.0, 1.0)
        image = (_svg_thumbnail(file) if kind == "SVG"
                 else _raster_thumbnail(file, width, height))
        made = _Picture(_frame(image), width, height, "")
    except ImageRefused as refused:
        made = _Picture(_frame(None), 1.0, 1.0, str(refused))
    except LoadError as exc:
        made = _Picture(_frame(None), 1.0, 1.0, exc.reason)
    _pictures[key] = made
    return made


def _grid(name: str) -> QListWidget:
    grid = QListWidget()
    grid.setObjectName(name)
    grid.setViewMode(QListView.ViewMode.IconMode)
    grid.setIconSize(QSize(THUMB, THUMB))
    grid.setGridSize(CELL)
    grid.setResizeMode(QListView.ResizeMode.Adjust)
    grid.setMovement(QListView.Movement.Static)
    grid.setUniformItemSizes(True)
    grid.setWordWrap(False)
    grid.setSpacing(6)
    grid.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    return grid


class ImagePicker(QDialog):
    """Choose a picture: from a file (imported into the library), the library, the app's
    images or the pictograms. :attr:`choice` holds what was chosen once accepted."""

    def __init__(self, parent: QWidget | None = None, *, title: str = "Insert image",
                 action: str = "Insert", current: str | None = None,
                 app_images: bool = True, pictograms: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("imagePicker")
        self.setWindowTitle(f"{title} - gutskin")
        self.choice: ImageChoice | None = None
        self.current = current
        self.tabs = QTabWidget()
        self.tabs.setObjectName("imagePickerTabs")
        self.library = _grid("imageGrid:library")
        self.library_empty = QLabel(
            "No images in your library yet.\n\nChoose \u201cFrom a file...\u201d to add a "
            "PNG or JPEG picture or an SVG drawing from anywhere on this computer: it is "
            "checked and a copy is kept in your image library.")
        self.library_empty.setObjectName("imagePickerEmpty")
        self.library_empty.setWordWrap(True)
        self.library_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.library_stack = QStackedWidget()
        self.app = _grid("imageGrid:app") if app_images else None
        self.pictograms = _grid("imageGrid:pictograms") if pictograms else None
        self.from_file = QPushButton("From a file...")
        self.from_file.setObjectName("imagePickerFromFile")
        self.from_file.setToolTip("Add a PNG, JPEG or SVG file from anywhere on this "
                                  "computer to your image library, and use it")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.choose_button = self.buttons.addButton(action,
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.choose_button.setObjectName("imagePickerChoose")
        self._build()
        self.fill()

    def _build(self) -> None:
        self.library_stack.addWidget(self.library_empty)
        self.library_stack.addWidget(self.library)
        self.tabs.addTab(self.library_stack, "Your images")
        if self.app is not None:
            self.tabs.addTab(self.app, "App images")
        if self.pictograms is not None:
            self.tabs.addTab(self.pictograms, "Pictograms")
        for grid in self.grids():
            grid.itemDoubleClicked.connect(lambda item: self._choose_item(item))
            grid.currentItemChanged.connect(lambda *_: self._update_button())
        self.tabs.currentChanged.connect(lambda _: self._update_button())
        self.from_file.clicked.connect(self.choose_file)
        self.buttons.accepted.connect(self._choose_selected)
        self.buttons.rejected.connect(self.reject)
        where = QLabel(f"Your image library: {user_images_dir()}")
        where.setObjectName("imagePickerFolder")
        where.setStyleSheet("color: #5b6b75;")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.from_file)
        row.addStretch(1)
        row.addWidget(self.buttons)
        column = QVBoxLayout(self)
        column.addWidget(self.tabs, 1)
        column.addWidget(where)
        column.addLayout(row)
        self.resize(720, 540)

    def grids(self) -> list[QListWidget]:
        """The picker's grids of thumbnails, in tab order."""
        return [g for g in (self.library, self.app, self.pictograms) if g is not None]

    # -- filling ---------------------------------------------------------------------------

    def fill(self) -> None:
        """Show the library (again), the app's images and the pictograms; select the
        picture the block or profile has now, if it is here."""
        self.library.clear()
        for image in library_images():
            self._add_file(self.library, image.name, image.file, image.layout_path)
        self.library_stack.setCurrentWidget(self.library if self.library.count()
                                            else self.library_empty)
        if self.app is not None and self.app.count() == 0:
            folder = ASSETS / "images"
            files = sorted(p for p in folder.iterdir()
                           if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
            for file in files:
                self._add_file(self.app, file.name, file, f"images/{file.name}")
        if self.pictograms is not None and self.pictograms.count() == 0:
            for name in sorted(pictogram_names()):
                item = QListWidgetItem(QIcon(QPixmap.fromImage(
                    pictogram_image(name, THUMB, PICTOGRAM_INK))), pictogram(name).label)
                item.setData(Qt.ItemDataRole.UserRole, ImageChoice(pictogram=name))
                item.setToolTip(f"{pictogram(name).label}: a pictogram, printed as vectors "
                                f"in the block's colour")
                self.pictograms.addItem(item)
        self._select_current()
        self._update_button()

    def _add_file(self, grid: QListWidget, name: str, file: Path, layout_path: str) -> None:
        found = picture(file)
        item = QListWidgetItem(found.icon, name)
        if found.problem:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(f"{name} cannot be used: {found.problem}")
        else:
            item.setData(Qt.ItemDataRole.UserRole,
                         ImageChoice(path=layout_path, width=found.width, height=found.height))
            item.setToolTip(f"{name} ({found.width:g} x {found.height:g}"
                            f"{' pt' if file.suffix.lower() == '.svg' else ' pixels'})")
        grid.addItem(item)

    def _select_current(self) -> None:
        if not self.current:
            return
        for index, grid in enumerate(self.grids()):
            for row in range(grid.count()):
                choice = grid.item(row).data(Qt.ItemDataRole.UserRole)
                if choice is not None and self.current in (choice.path, choice.pictogram):
                    grid.setCurrentRow(row)
                    self.tabs.setCurrentIndex(index)
                    return

    def _shown_grid(self) -> QListWidget | None:
        page = self.tabs.currentWidget()
        if page is self.library_stack:
            return self.library
        return page if isinstance(page, QListWidget) else None

    def _update_button(self) -> None:
        grid = self._shown_grid()
        item = grid.currentItem() if grid is not None else None
        self.choose_button.setEnabled(
            item is not None and item.data(Qt.ItemDataRole.UserRole) is not None)

    # -- choosing --------------------------------------------------------------------------

    def _choose_item(self, item: QListWidgetItem) -> None:
        choice = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(choice, ImageChoice):
            self.choice = choice
            self.accept()

    def _choose_selected(self) -> None:
        grid = self._shown_grid()
        item = grid.currentItem() if grid is not None else None
        if item is not None:
            self._choose_item(item)

    def choose_file(self) -> None:
        """Ask for a file anywhere, import it into the library and choose it."""
        from gutskin_desktop.ui.session import settings

        store = settings()
        start = str(store.value(SETTINGS_FOLDER, "") or Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Add an image to your library", start,
                                              FILE_FILTER)
        if not path:
            return
        store.setValue(SETTINGS_FOLDER, str(Path(path).parent))
        choice = self.import_file(Path(path))
        if choice is not None:
            self.choice = choice
            self.accept()

    def import_file(self, source: Path) -> ImageChoice | None:
        """Check a file and copy it into the library; the choice of it, or None after
        saying why it cannot be used (nothing is copied then)."""
        try:
            from gutskin_desktop.export.svg_image import is_svg_file, svg_drawing

            if is_svg_file(source):  # a drawing that cannot be drawn stays out
                svg_drawing(source, "", source)
            layout_path = import_image(source)
            file = library_file(source, "", layout_path)
        except LoadError as exc:
            QMessageBox.warning(self, "Cannot use this image", _without_field(exc))
            return None
        except SaveError as exc:
            QMessageBox.warning(self, "Could not add the image", str(exc))
            return None
        found = picture(file)
        return ImageChoice(path=layout_path, width=found.width, height=found.height)


def _without_field(exc: LoadError) -> str:
    """A refusal as one line: the file, then why (the image's own name is not repeated)."""
    reason = exc.reason
    name = Path(exc.path).name
    if reason.startswith(f"{name}: "):
        reason = reason[len(name) + 2:]
    return f"{exc.path}: {reason}"


def choose_image(parent: QWidget | None, *, current: str | None = None,
                 title: str = "Insert image", action: str = "Insert",
                 app_images: bool = True, pictograms: bool = True) -> ImageChoice | None:
    """Open the picker; the picture chosen, or None when the person cancels.

    ``current`` (a layout path or a pictogram name) is selected when it is shown;
    ``app_images`` and ``pictograms`` say whether those tabs are offered (the clinic's
    logo offers only the library)."""
    picker = ImagePicker(parent, title=title, action=action, current=current,
                         app_images=app_images, pictograms=pictograms)
    try:
        if picker.exec() != QDialog.DialogCode.Accepted:
            return None
        return picker.choice
    finally:
        picker.deleteLater()

