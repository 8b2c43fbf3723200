"""The designer's pages panel: a thumbnail of every page of the PDF, the shown page
highlighted; clicking one shows that page.

The thumbnails are the pages of the PDF the preview has just rendered, rasterised at a
low resolution as a job of the session's render service once the edits pause (a newer
PDF supersedes an older one), so the panel follows every edit at little cost. Until a
page's thumbnail arrives it shows a blank page of the right shape. Pages after the
layout's own are where a sections block's text continues; they are labelled so.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPen, QPixmap, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from gutskin_desktop.ui.pdfimage import page_images
from gutskin_desktop.ui.render_service import CancelToken, RenderService

THUMB_WIDTH = 116  # pixels across a thumbnail of a portrait page
THUMB_HEIGHT = 150  # at most, pixels down
PAUSE_MS = 200  # how long the edits pause before the thumbnails are made again


class PagesPanel(QListWidget):
    """One thumbnail per page; ``page_chosen`` (0-based) when a person picks one."""

    page_chosen = Signal(int)

    def __init__(self, renders: RenderService, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagesPanel")
        self.setAccessibleName("Pages")
        self.renders, self.kind = renders, kind
        self.page_mm = (210.0, 297.0)
        self.layout_pages = 1
        self.images: dict[int, QImage] = {}  # page index -> its thumbnail
        # page index -> what its item's icon was made from (an unchanged one is kept)
        self._icon_keys: dict[int, tuple[int, int, int, float]] = {}
        self._pending: bytes | None = None  # a PDF whose thumbnails are not made yet
        self._pending_digests: tuple[bytes, ...] = ()  # its pages' digests
        self._kept: dict[bytes, QImage] = {}  # thumbnails made, by their page's digest
        self._kept_dpi = 0.0
        self.generation = 0  # counts the PDFs given; thumbnails of older ones are dropped
        self.shown_generation = 0  # the PDF whose thumbnails are shown
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(6)
        self.setUniformItemSizes(True)
        self.setIconSize(QSize(THUMB_WIDTH, THUMB_HEIGHT))
        self.setMinimumWidth(THUMB_WIDTH + 40)
        self.setStyleSheet("QListWidget { background: #d9dde1; }"
                           "QListWidget::item { color: #1f2d36; border-radius: 4px; }"
                           "QListWidget::item:selected { background: #a9c8e6; }")
        self.currentRowChanged.connect(self._on_row)
        # thumbnails wait for a pause in the edits, so that they never hold up a preview
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self._rasterise)

    def thumb_size(self) -> QSize:
        """A thumbnail's size for the page's shape, within the panel's icon box."""
        w, h = self.page_mm
        scale = min(THUMB_WIDTH / w, THUMB_HEIGHT / h)
        return QSize(max(1, round(w * scale)), max(1, round(h * scale)))

    def show_pdf(self, pdf: bytes, pages: int, layout_pages: int,
                 page_mm: tuple[float, float], current: int,
                 digests: tuple[bytes, ...] = ()) -> None:
        """Show ``pages`` pages (the first ``layout_pages`` the layout's own) and make
        their thumbnails from ``pdf`` (when the panel is on show; else once it is). With
        the pages' ``digests``, a page that looks as one shown before keeps its
        thumbnail."""
        if page_mm != self.page_mm:
            self.images.clear()
        self.page_mm, self.layout_pages = page_mm, layout_pages
        self.generation += 1
        self._set_count(pages)
        self.set_current(current)
        self._pending = pdf or None
        self._pending_digests = digests if len(digests) == pages else ()
        if self.isVisible():
            self._pause.start()

    def _set_count(self, pages: int) -> None:
        while self.count() > pages:
            self._icon_keys.pop(self.count() - 1, None)
            self.takeItem(self.count() - 1)
        while self.count() < pages:
            self.addItem(QListWidgetItem())
        size = self.thumb_size()
        for index in range(pages):
            item = self.item(index)
            own = index < self.layout_pages
            text = f"{index + 1}" if own else f"{index + 1} (text continued)"
            if item.text() == text and self._icon_keys.get(index) == self._icon_key(index, size):
                continue  # as it was: every preview comes here, and a new icon repaints
            item.setText(text)
            item.setToolTip(f"Page {index + 1}" if own else
                            f"Page {index + 1}: where the sections text continues, after the "
                            "layout's own pages")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self._set_icon(item, index, size)

    def _icon_key(self, index: int, size: QSize) -> tuple[int, int, int, float]:
        """What a page's thumbnail icon is made from: its image and the icon's size."""
        image = self.images.get(index)
        return (image.cacheKey() if image is not None else 0, size.width(), size.height(),
                self.devicePixelRatioF())

    def _set_icon(self, item: QListWidgetItem, index: int, size: QSize) -> None:
        item.setIcon(_icon(self._pixmap(self.images.get(index))))
        self._icon_keys[index] = self._icon_key(index, size)

    def _pixmap(self, image: QImage | None) -> QPixmap:
        """A thumbnail on a white page with a thin edge (a blank page until it arrives)."""
        size = self.thumb_size()
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor("#ffffff"))
        painter = QPainter(pixmap)
        if image is not None and not image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
        painter.setPen(QPen(QColor("#8a939b"), 0))
        painter.drawRect(0, 0, size.width() - 1, size.height() - 1)
        painter.end()
        return pixmap

    def set_current(self, index: int) -> None:
        """Highlight the page shown (0-based) without asking to show it."""
        self.blockSignals(True)
        self.setCurrentRow(index if 0 <= index < self.count() else -1)
        self.blockSignals(False)
        item = self.currentItem()
        if item is not None:
            self.scrollToItem(item)

    def _on_row(self, row: int) -> None:
        if row >= 0:
            self.page_chosen.emit(row)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending is not None:
            self._rasterise()

    def _rasterise(self) -> None:
        pdf, self._pending = self._pending, None
        if pdf is None:
            return
        width_in = self.page_mm[0] / 25.4
        dpi = self.thumb_size().width() * self.devicePixelRatioF() / width_in
        generation, digests = self.generation, self._pending_digests
        if dpi != self._kept_dpi:
            self._kept, self._kept_dpi = {}, dpi
        known = {i: self._kept[d] for i, d in enumerate(digests) if d in self._kept}
        indices = list(range(len(digests))) if digests else None

        def work(token: CancelToken) -> list[QImage]:
            return page_images(pdf, dpi, indices, token, known)
        self.renders.submit(self.kind, work,
                            lambda images: self._on_images(generation, images, digests, dpi),
                            lambda _error: None, owner=self)

    def _on_images(self, generation: int, images: list[QImage],
                   digests: tuple[bytes, ...] = (), dpi: float = 0.0) -> None:
        if generation != self.generation:
            return
        self.shown_generation = generation
        self.images = dict(enumerate(images))
        if digests and dpi == self._kept_dpi:
            self._kept = dict(zip(digests, images, strict=False))
        size = self.thumb_size()
        for index in range(min(self.count(), len(images))):
            item = self.item(index)
            if self._icon_keys.get(index) != self._icon_key(index, size):
                self._set_icon(item, index, size)

    def cancel(self) -> None:
        """Drop the thumbnails being made (the window is closing)."""
        self._pause.stop()
        self.renders.cancel(self.kind)


def _icon(pixmap: QPixmap) -> QIcon:
    """An icon that shows the page as it is when selected too (not tinted)."""
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon
