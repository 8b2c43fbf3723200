"""PDF pages as QImages, rendered with pypdfium2 (the preview is the PDF itself).

Called off the GUI thread by render jobs: a QImage may be made in any thread, and every
use of PDFium holds the one lock the app has for it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

from gutskin_desktop.export.raster import PDFIUM_LOCK

if TYPE_CHECKING:
    import pypdfium2 as pdfium

    from .render_service import CancelToken

MAX_DPI = 300.0


def page_images(pdf: bytes, dpi: float, pages: list[int] | None = None,
                token: CancelToken | None = None,
                known: dict[int, QImage] | None = None) -> list[QImage]:
    """Rasterise pages (0-based indices; all when None) at ``dpi``, stopping between
    pages once ``token`` is cancelled. ``known`` are images of pages already at hand,
    by index: those are handed back as they are."""
    import pypdfium2 as pdfium

    if known and pages is not None and all(i in known for i in pages):
        return [known[i] for i in pages]  # nothing to rasterise: PDFium is not opened
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            count = len(document)
            indices = range(count) if pages is None else pages
            images = []
            for index in indices:
                if token is not None:
                    token.check()
                if known and index in known:
                    images.append(known[index])
                elif 0 <= index < count:
                    images.append(_image(document[index], min(dpi, MAX_DPI)))
            return images
        finally:
            document.close()


def _image(page: pdfium.PdfPage, dpi: float) -> QImage:
    """Render one page and close it (and its bitmap) while the lock is held."""
    try:
        bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGBX8888).copy()
        bitmap.close()
        return image
    finally:
        page.close()
