"""Print-shop production: bleed, crop marks and a preflight of text near the trim.

The trimmed page is the layout's page. With bleed, the PDF page grows by the bleed on
every side (and by a slug for crop marks); the TrimBox and BleedBox say where the printer
cuts. Backgrounds and blocks that touch the page's edge run on to the bleed edge, so no
white sliver shows after a slightly inaccurate cut.

Crop marks stand where a cutter looks for them: on the lines of the trim, starting at
least 3 mm outside it and always clear of the bleed (so a slightly inaccurate cut never
shows a mark), 5 mm long and 0.25 pt thin. The slug grows when the marks need more room.
"""
from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfgen.canvas import Canvas

from ..model.units import mm_to_pt, pt_to_mm

SLUG_MM = 10.0  # the least slug round the bleed when crop marks are printed
MARK_OFFSET_MM = 3.0  # the least distance from the trim to a crop mark's start
MARK_CLEAR_MM = 1.0  # and from the bleed's edge to it
MARK_LENGTH_MM = 5.0
MARK_ROOM_MM = 2.0  # between a mark's far end and the edge of the PDF page
MARK_WIDTH_PT = 0.25
SAFE_MM = 5.0
EDGE = 0.01


def boxes(width: float, height: float, bleed: float,
          slug: float) -> dict[str, tuple[float, ...]]:
    """MediaBox size and TrimBox and BleedBox rectangles, in points."""
    o = bleed + slug
    return {"pagesize": (width + 2 * o, height + 2 * o),
            "trimBox": (o, o, o + width, o + height),
            "bleedBox": (o - bleed, o - bleed, o + width + bleed, o + height + bleed)}


def bleed_rect(rect: tuple[float, float, float, float], width: float, height: float,
               bleed: float) -> tuple[float, float, float, float]:
    """A block's rectangle run on to the bleed edge on the sides where it meets the trim."""
    x, y, w, h = rect
    left, bottom, right, top = x, y, x + w, y + h
    if left <= EDGE:
        left = -bleed
    if bottom <= EDGE:
        bottom = -bleed
    if right >= width - EDGE:
        right = width + bleed
    if top >= height - EDGE:
        top = height + bleed
    return left, bottom, right - left, top - bottom


def mark_offset(bleed: float) -> float:
    """How far outside the trim the crop marks start (points): 3 mm, or 1 mm beyond the
    bleed when the bleed is wider."""
    return max(mm_to_pt(MARK_OFFSET_MM), bleed + mm_to_pt(MARK_CLEAR_MM))


def slug_for(bleed: float) -> float:
    """The slug round the bleed (points) that holds the crop marks whole, whatever the
    bleed: 10 mm at least."""
    reach = mark_offset(bleed) + mm_to_pt(MARK_LENGTH_MM + MARK_ROOM_MM)
    return max(mm_to_pt(SLUG_MM), reach - bleed)


def draw_crop_marks(canvas: Canvas, width: float, height: float, bleed: float,
                    slug: float, registration: bool = False) -> None:
    """Crop marks on the lines of the trim at its corners, :func:`mark_offset` outside
    it: in the registration colour (every separation) for a page printed in CMYK, else
    in black."""
    o = bleed + slug
    gap, length = mark_offset(bleed), mm_to_pt(MARK_LENGTH_MM)
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH_PT)
    if registration:
        canvas.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName="All", density=1))
    else:
        canvas.setStrokeColorRGB(0, 0, 0)
    for x in (o, o + width):
        for y in (o, o + height):
            sx = -1 if x == o else 1
            sy = -1 if y == o else 1
            canvas.line(x + sx * gap, y, x + sx * (gap + length), y)
            canvas.line(x, y + sy * gap, x, y + sy * (gap + length))
    canvas.restoreState()


def near_trim(name: str, rects: Iterable[tuple[float, float, float, float]], width: float,
              height: float) -> str | None:
    """A warning when any text rectangle comes closer than 5 mm to the trim."""
    closest = None
    for x, y, w, h in rects:
        distance = min(x, y, width - (x + w), height - (y + h))
        closest = distance if closest is None else min(closest, distance)
    if closest is None or closest >= mm_to_pt(SAFE_MM) - EDGE:
        return None
    return (f"block '{name}': text comes within {max(0.0, pt_to_mm(closest)):.1f} mm of the "
            f"trim (keep it {SAFE_MM:g} mm inside)")
