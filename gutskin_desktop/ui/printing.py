"""Printing the exact PDF pages: rasterised at the printer's resolution, at 100% scale.

Each page is rendered by pypdfium2 in horizontal bands (so a 1200 dpi printer does not
need a whole-page bitmap in memory) and drawn at its true size on a full-page printer
whose paper is set to the PDF page's size. It runs off the GUI thread, as a render job:
QPainter may paint on a QPrinter in any thread.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPointF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from gutskin_desktop.export.raster import PDFIUM_LOCK

if TYPE_CHECKING:
    import pypdfium2 as pdfium

BAND_PX = 2048
MAX_DPI = 600


def _page_layout(width_pt: float, height_pt: float) -> QPageLayout:
    """A portrait or landscape paper of the PDF page's size, with no margins."""
    portrait = (min(width_pt, height_pt) * 25.4 / 72, max(width_pt, height_pt) * 25.4 / 72)
    size = QPageSize(QSizeF(*portrait), QPageSize.Unit.Millimeter, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (QPageLayout.Orientation.Landscape if width_pt > height_pt
                   else QPageLayout.Orientation.Portrait)
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))


def _draw_page(painter: QPainter, page: pdfium.PdfPage, printer_dpi: float) -> None:
    """Draw one page at true size: rendered at the printer's resolution (up to 600 dpi,
    beyond which the raster is drawn scaled: no print shows the difference).

    Bands are cut from one whole-page placement (pdfium renders the page at a negative
    offset into each band's bitmap), so neighbouring bands join without a seam.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    dpi = min(printer_dpi, MAX_DPI)
    width_pt, height_pt = page.get_size()
    width, height = round(width_pt * dpi / 72.0), round(height_pt * dpi / 72.0)
    painter.save()
    painter.scale(printer_dpi / dpi, printer_dpi / dpi)
    flags = raw.FPDF_ANNOT | raw.FPDF_PRINTING | raw.FPDF_REVERSE_BYTE_ORDER
    for top in range(0, height, BAND_PX):
        rows = min(BAND_PX, height - top)
        bitmap = pdfium.PdfBitmap.new_native(width, rows, raw.FPDFBitmap_BGRx,
                                             rev_byteorder=True)
        bitmap.fill_rect((255, 255, 255, 255), 0, 0, width, rows)
        raw.FPDF_RenderPageBitmap(bitmap.raw, page.raw, 0, -top, width, height, 0, flags)
        image = QImage(bitmap.buffer, width, rows, bitmap.stride,
                       QImage.Format.Format_RGBX8888)
        painter.drawImage(QPointF(0, top), image)
        bitmap.close()
    painter.restore()


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of ``pdf`` on ``printer``; returns the number of pages printed.

    Safe to call off the GUI thread (QPainter may paint on a QPrinter in any thread).
    """
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        return _print(pdfium.PdfDocument(pdf), printer)


def _print(document: pdfium.PdfDocument, printer: QPrinter) -> int:
    try:
        count = len(document)
        printer.setFullPage(True)
        first_page = document[0]
        printer.setPageLayout(_page_layout(*first_page.get_size()))
        first_page.close()
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be started")
        try:
            for index in range(count):
                page = document[index]
                if index:
                    printer.setPageLayout(_page_layout(*page.get_size()))
                    printer.newPage()
                _draw_page(painter, page, printer.resolution())
                page.close()
        finally:
            painter.end()
        return count
    finally:
        document.close()
