"""Units: layouts store millimetres, PDF and the diagram work in points. One conversion."""
from __future__ import annotations

POINTS_PER_MM = 72.0 / 25.4


def mm_to_pt(mm: float) -> float:
    """Millimetres to PostScript points."""
    return mm * POINTS_PER_MM


def pt_to_mm(pt: float) -> float:
    """PostScript points to millimetres."""
    return pt / POINTS_PER_MM
