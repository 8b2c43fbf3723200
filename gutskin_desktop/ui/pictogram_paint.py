"""Pictograms on screen: the model's path operations as a ``QPainterPath``.

The PDF draws the same operations with reportlab (:mod:`..export.pictogram_drawing`);
both fill with the non-zero rule, so the shapes agree. Paths are made once per
pictogram, in its 0 to 100 square, and scaled when drawn.
"""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

from ..model.pictograms import UNIT, pictogram


@cache
def pictogram_path(name: str) -> QPainterPath:
    """A pictogram's path in its 0 to 100 square (y growing downwards)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for op in pictogram(name).ops:
        p = op.points
        if op.command == "M":
            path.moveTo(p[0], p[1])
        elif op.command == "L":
            path.lineTo(p[0], p[1])
        elif op.command == "C":
            path.cubicTo(p[0], p[1], p[2], p[3], p[4], p[5])
        else:
            path.closeSubpath()
    return path


def paint_pictogram(painter: QPainter, name: str, rect: QRectF, colour: QColor | str) -> None:
    """Fill a pictogram into the largest square centred in ``rect``, in ``colour``."""
    side = min(rect.width(), rect.height())
    if side <= 0:
        return
    painter.save()
    painter.translate(rect.center().x() - side / 2, rect.center().y() - side / 2)
    painter.scale(side / UNIT, side / UNIT)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.drawPath(pictogram_path(name))
    painter.restore()


def pictogram_image(name: str, size: int, colour: str = "#000000") -> QImage:
    """A pictogram drawn alone on a white ``size`` by ``size`` image."""
    from PySide6.QtGui import QImage  # start-up speed: the designer's picker only

    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    paint_pictogram(painter, name, QRectF(0, 0, size, size), colour)
    painter.end()
    return image
