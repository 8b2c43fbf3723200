"""PDF pages as QImages, rendered with pypdfium2 (the preview is the PDF itself)."""
from __future__ import annotations

from PySide6.QtGui import QImage

from ..export.raster import PDFIUM_LOCK

MAX_DPI = 300.0


def page_images(pdf: bytes, dpi: float, pages: list[int] | None = None) -> list[QImage]:
    """Rasterise pages (0-based indices; all when None) at ``dpi``."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            indices = range(len(document)) if pages is None else pages
            return [_image(document[i], min(dpi, MAX_DPI)) for i in indices
                    if 0 <= i < len(document)]
        finally:
            document.close()


def _image(page: object, dpi: float) -> QImage:
    """Render one page and close it (and its bitmap) while the lock is held."""
    try:
        bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True, prefer_bgrx=True)  # type: ignore[attr-defined]
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGBX8888).copy()
        bitmap.close()
        return image
    finally:
        page.close()  # type: ignore[attr-defined]
