"""QR codes as vectors: each address is encoded once and drawn as a single path."""
from __future__ import annotations

from functools import lru_cache

from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4


@lru_cache(maxsize=64)
def modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's dark and light modules for ``url`` (medium error correction)."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


def draw(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw the code for ``url`` as one filled path in a square at (x, y) bottom-left."""
    rows = modules(url)
    count = len(rows) + 2 * QUIET_ZONE
    cell = size / count
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            top = y + size - (r + QUIET_ZONE) * cell
            path.rect(x + (start + QUIET_ZONE) * cell, top - cell, (c - start) * cell, cell)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
