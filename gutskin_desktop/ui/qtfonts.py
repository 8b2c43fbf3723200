"""The shared TrueType family registered with Qt, and text set in points of the scene.

The diagram's scene is laid out in points from reportlab's measures. Qt rounds a font's
pixel size to a whole number, so a label set at 12.5 points would come out 4% wider than
on the page; :func:`draw_scene_text` sets it at a large whole pixel size instead and
scales the painter down, which keeps fractional sizes exact.
"""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QPainter

from ..model.fonts import FACES, SERIF, SERIF_FACES, WIDE_FACES, font_file, wide_file

REFERENCE_PX = 64  # the pixel size labels are set at, then scaled to their own size


@lru_cache(maxsize=1)
def family() -> str:
    """Register every face of the shared family once; return its Qt family name."""
    name = ""
    for face in FACES:
        font_id = QFontDatabase.addApplicationFont(str(font_file(face)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        name = name or (families[0] if families else "")
    wide = []
    for face in WIDE_FACES:
        font_id = QFontDatabase.addApplicationFont(str(wide_file(face)))
        wide += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if name and wide:
        QFont.insertSubstitution(name, wide[0])  # letters Vera lacks come from DejaVu Sans
    return name or QFont().defaultFamily()


@lru_cache(maxsize=1)
def serif_family() -> str:
    """Register every face of the bundled serif family (DejaVu Serif) once; return its
    Qt family name."""
    name = ""
    for weight in SERIF_FACES:
        font_id = QFontDatabase.addApplicationFont(str(font_file(SERIF + weight)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        name = name or (families[0] if families else "")
    return name or family()


def qt_family(font: str) -> str:
    """The Qt family name of a layout's font choice (``sans`` or ``serif``)."""
    return serif_family() if font == "serif" else family()


def ui_font(point_size: float, bold: bool = False) -> QFont:
    """A font of the shared family for widgets, in ordinary point sizes."""
    font = QFont(family())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


@lru_cache(maxsize=16)
def reference_font(face: str) -> QFont:
    """A face of the shared family at :data:`REFERENCE_PX` pixels, unhinted and unkerned,
    as reportlab sets it: scaled down by the painter, its widths match the page's."""
    font = QFont(family())
    font.setPixelSize(REFERENCE_PX)
    font.setBold("bold" in face)
    font.setItalic("italic" in face)
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


@lru_cache(maxsize=16)
def _metrics(face: str) -> QFontMetricsF:
    return QFontMetricsF(reference_font(face))


def scene_text_width(text: str, size: float, face: str) -> float:
    """How wide :func:`draw_scene_text` sets a text at ``size`` scene units."""
    return _metrics(face).horizontalAdvance(text) * size / REFERENCE_PX


def draw_scene_text(painter: QPainter, x: float, baseline: float, text: str, size: float,
                    face: str) -> None:
    """Draw a text at a fractional size: a font of a whole, large pixel size scaled by
    the painter, so its width is the one reportlab measures (Qt would round a font's own
    pixel size to a whole number, 4% too wide at 12.5 points)."""
    painter.save()
    painter.translate(x, baseline)
    painter.scale(size / REFERENCE_PX, size / REFERENCE_PX)
    painter.setFont(reference_font(face))
    painter.drawText(QPointF(0.0, 0.0), text)
    painter.restore()
