"""Pictograms on the PDF page: the model's path operations drawn with reportlab's path.

The same operations are drawn on screen by :mod:`gutskin_desktop.ui.pictogram_paint`, so
a pictogram looks the same in the app and on paper: vectors, one colour, the non-zero
fill rule.
"""
from __future__ import annotations

from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from ..model.pictograms import pictogram, placed


def draw_pictogram(canvas: Canvas, name: str, x: float, y: float, size: float,
                   colour: str) -> None:
    """Draw a pictogram filling the ``size`` square whose bottom-left corner is (x, y)
    in PDF coordinates, in ``colour`` (``#rrggbb``)."""
    path = _path(name, x, y, size)
    canvas.saveState()
    canvas.setFillColor(HexColor(colour))
    canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    canvas.restoreState()


@lru_cache(maxsize=256)
def _path(name: str, x: float, y: float, size: float) -> PDFPathObject:
    """The pictogram's path at that place and size, made once: the designer's preview
    draws the same diagram, with its boxes' pictograms in the same places, after every
    edit on its page. A path is only read once made (``drawPath`` writes its code), so
    one serves every canvas and thread."""
    path = PDFPathObject()
    for command, pts in placed(pictogram(name).ops, x, y, size, flip=True):
        if command == "M":
            path.moveTo(*pts)
        elif command == "L":
            path.lineTo(*pts)
        elif command == "C":
            path.curveTo(*pts)
        else:
            path.close()
    return path
