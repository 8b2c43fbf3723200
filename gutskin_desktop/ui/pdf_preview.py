"""A scrollable preview of real PDF pages: the images pypdfium2 rendered, with shadows."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget

GAP = 16


class _Pages(QWidget):
    """The page images one under another, scaled down to the preview's width."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[QImage] = []
        self.scale = 1.0

    def set_images(self, images: Sequence[QImage], width: int) -> None:
        """Show these images, fitted to ``width`` pixels."""
        self.images = list(images)
        widest = max((i.width() for i in images), default=1)
        self.scale = min(1.0, (width - 2 * GAP) / widest) if widest else 1.0
        height = sum(int(i.height() * self.scale) + GAP for i in images) + GAP
        self.setFixedHeight(max(height, 1))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#d9dee2"))
        y = GAP
        for image in self.images:
            w, h = int(image.width() * self.scale), int(image.height() * self.scale)
            x = (self.width() - w) // 2
            painter.fillRect(x + 2, y + 3, w, h, QColor(0, 0, 0, 50))
            painter.drawImage(self.rect().adjusted(x, y, 0, 0).topLeft(),
                              image.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))
            y += h + GAP


class PdfPreview(QScrollArea):
    """Shows the pages of a PDF as the export will write them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setAccessibleName("Preview of the PDF pages")
        self._pages = _Pages()
        self.setWidget(self._pages)
        self.setWidgetResizable(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def images(self) -> list[QImage]:
        """The page images shown, first page first."""
        return self._pages.images

    def set_images(self, images: Sequence[QImage]) -> None:
        """Show these page images (first page first)."""
        self._pages.set_images(images, self.viewport().width())

    def show_page(self, index: int) -> None:
        """Scroll so that page ``index`` (0-based) starts at the top of the view."""
        pages = self._pages
        y = GAP + sum(int(i.height() * pages.scale) + GAP for i in pages.images[:index])
        self.verticalScrollBar().setValue(max(0, y - GAP // 2))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._pages.set_images(self._pages.images, self.viewport().width())
