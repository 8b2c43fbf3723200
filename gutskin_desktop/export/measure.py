"""The type floor: every piece of text an export sets is measured against the layout's
smallest allowed size, and anything under it is named with its block and size.

The measure is taken where text is set, not guessed from styles: every line of text
reportlab writes, from paragraphs, diagram labels, captions, footers and field lines
alike, passes through :meth:`Canvas.drawText` as a text object whose code names its font
size in each ``Tf`` operator. :class:`MeasuringCanvas` reads those sizes and files them
under the block being drawn. It also tags its font subsets by the document
(:mod:`.subset_tags`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .subset_tags import TaggingCanvas
from .text import embedded_face

_TF = re.compile(r" ([0-9.]+) Tf")
_SHOWS = re.compile(r"\)\s*T[jJ*]|\]\s*TJ")


@dataclass(frozen=True)
class SmallType:
    """Text in a block set smaller than the layout allows."""

    block: str
    size: float
    floor: float

    def __str__(self) -> str:
        return (f"block '{self.block}': text at {self.size:.1f} pt, under this layout's "
                f"{self.floor:g} pt type floor")


class MeasuringCanvas(TaggingCanvas):
    """A canvas that notes the smallest type set in each block (``block`` names the one
    being drawn)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.block = ""
        self.smallest: dict[str, float] = {}

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
        """Set a font; one of reportlab's standard fonts, which are never embedded (an SVG
        drawing starts in Helvetica), is set in the project's own face instead, so that
        every font a PDF names is embedded in it (as PDF/X requires)."""
        super().setFont(embedded_face(psfontname), size, leading)

    def drawText(self, aTextObject: Any) -> None:  # reportlab's names; a PDFTextObject
        code = str(aTextObject.getCode())
        if _SHOWS.search(code):
            sizes = [float(s) for s in _TF.findall(code)]
            least = min(sizes or [float(aTextObject._fontsize)])
            if least < self.smallest.get(self.block, 1e9):
                self.smallest[self.block] = least
        self._code.append(code)


def under_floor(smallest: dict[str, float], floor: float) -> list[SmallType]:
    """The blocks whose smallest type is under the floor (a hair's tolerance for the
    rounding of sizes written into the PDF)."""
    return [SmallType(block, size, floor) for block, size in smallest.items()
            if size < floor - 0.01]
