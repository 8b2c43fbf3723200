"""What the cuts of a tiled print keep off, read from the layout's page as drawn: its
words and the filled boxes round text (a diagram's boxes, its arrows' label pills).

The page is drawn alone into a PDF and read back with PDFium, so whatever a block draws
counts, from titles to captions and footers. A word's box is the box a PDF reader gives
it (its characters' advances across, one em high from the bottom of the descenders),
grown by the clearance a cut keeps and by the little a reader's boxes lean (pdfminer,
and so pdfplumber, puts them up to 0.07 em right of where the words are drawn).
"""
from __future__ import annotations

import ctypes
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from ..model.units import pt_to_mm
from .raster import PDFIUM_LOCK

Rect = tuple[float, float, float, float]  # x, y, width, height: mm from the page's top-left

CLEAR_X_MM = 0.25  # a column cut passes this far from the side of a word or a pill
CLEAR_Y_MM = 0.1  # a step or a row cut this far above or below a line of text
# PDF readers (pdfminer, so pdfplumber) put a word's box up to 0.07 em right of where it
# is drawn, and 0.013 em lower: a word's box is grown by that much too
READER_RIGHT_EM, READER_DOWN_EM = 0.08, 0.02


def page_obstacles(pdf: bytes, sheet: tuple[float, float]) -> list[list[Rect]]:
    """For each page of a PDF of the layout's pages (untiled, no bleed): its words and
    the filled boxes round text (a diagram's boxes, its label pills; not panels wider
    than three quarters of a sheet or larger than a quarter of it), each grown by the
    clearance a cut keeps."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            return [_obstacles(page, sheet) for page in doc]
        finally:
            doc.close()


def _obstacles(page: object, sheet: tuple[float, float]) -> list[Rect]:
    import pypdfium2.raw as raw

    height = page.get_height()  # type: ignore[attr-defined]

    def mm(left: float, bottom: float, right: float, top: float) -> Rect:
        return (pt_to_mm(left), pt_to_mm(height - top), pt_to_mm(right - left),
                pt_to_mm(top - bottom))
    words = []
    for left, bottom, right, top, size in _words(page):
        x, y, w, h = mm(left, bottom, right, top)
        words.append((x, y, w + pt_to_mm(size) * READER_RIGHT_EM,
                      h + pt_to_mm(size) * READER_DOWN_EM))
    centres = sorted((x + w / 2, y + h / 2) for x, y, w, h in words)
    shapes = []
    most_w, most_area = 0.75 * min(sheet), 0.25 * sheet[0] * sheet[1]
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):  # type: ignore[attr-defined]
        fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
        raw.FPDFPath_GetDrawMode(obj.raw, fill, stroke)
        if not fill.value:
            continue
        x, y, w, h = mm(*obj.get_bounds())
        if w > most_w or w * h > most_area or min(w, h) < 1:
            continue
        if any(x <= cx <= x + w and y <= cy <= y + h for cx, cy in _from(centres, x, x + w)):
            shapes.append((x - CLEAR_X_MM, y - CLEAR_Y_MM, w + 2 * CLEAR_X_MM,
                           h + 2 * CLEAR_Y_MM))
    return [(x - CLEAR_X_MM, y - CLEAR_Y_MM, w + 2 * CLEAR_X_MM, h + 2 * CLEAR_Y_MM)
            for x, y, w, h in words] + shapes


def _from(points: list[tuple[float, float]], low: float,
          high: float) -> Iterable[tuple[float, float]]:
    """The points (sorted by x) with ``low <= x <= high``."""
    return points[bisect_left(points, (low, -math.inf)):bisect_right(points, (high, math.inf))]


def _words(page: object) -> list[tuple[float, float, float, float, float]]:
    """Each word's box (left, bottom, right, top in points) and type size: its
    characters' boxes run together until a space or a jump. A character's box is its
    advance across and one em high from the bottom of its descender, the box a PDF
    reader gives text."""
    import pypdfium2.raw as raw

    text = page.get_textpage()  # type: ignore[attr-defined]
    out: list[tuple[float, float, float, float, float]] = []
    last: tuple[float, float] | None = None  # the previous character's right end and base
    origin = ctypes.c_double(0), ctypes.c_double(0)
    for i in range(text.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(text.raw, i))
        left, bottom, right, top = text.get_charbox(i, loose=True)
        if char.isspace() or right <= left or top <= bottom:
            last = None
            continue
        size = raw.FPDFText_GetFontSize(text.raw, i) or (top - bottom)
        top = max(top, bottom + size) if top - bottom < size else bottom + size
        raw.FPDFText_GetCharOrigin(text.raw, i, *origin)
        base = origin[1].value
        if (out and last is not None and abs(base - last[1]) < size / 2
                and -size < left - last[0] < size / 3):
            a, b, c, d, e = out[-1]
            out[-1] = (a, min(b, bottom), max(c, right), max(d, top), max(e, size))
        else:
            out.append((left, bottom, right, top, size))
        last = (right, base)
    text.close()
    return out
