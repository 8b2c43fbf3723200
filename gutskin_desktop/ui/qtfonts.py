"""The shared TrueType family registered with Qt, and fonts sized in points of the scene.

Qt measures font sizes against the paint device's resolution; the diagram's scene is laid
out in points, so :func:`scene_font` converts a size in points into the point size Qt must
be given for a glyph to be ``size`` scene units tall on that device.
"""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QFont, QFontDatabase, QPaintDevice

from ..model.fonts import FACES, WIDE_FACES, font_file, wide_file


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


def ui_font(point_size: float, bold: bool = False) -> QFont:
    """A font of the shared family for widgets, in ordinary point sizes."""
    font = QFont(family())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


@lru_cache(maxsize=256)
def _scene_font(size: float, face: str, dpi: int) -> QFont:
    font = QFont(family())
    font.setPointSizeF(size * 72.0 / dpi)
    font.setBold("bold" in face)
    font.setItalic("italic" in face)
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def scene_font(size: float, face: str, device: QPaintDevice | None) -> QFont:
    """A font whose glyphs are ``size`` scene units tall when painted on ``device``."""
    dpi = device.logicalDpiY() if device is not None else 96
    return _scene_font(size, face, dpi or 96)
