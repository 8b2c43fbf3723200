"""The type floor: every piece of text an export sets is measured against the layout's
smallest allowed size, and anything under it is named with its block and size.

The measure is taken where text is set, not guessed from styles: every line of text
reportlab writes, from paragraphs, diagram labels, captions, footers and field lines
alike, passes through :meth:`Canvas.drawText` as a text object whose code names its font
size in each ``Tf`` operator. :class:`MeasuringCanvas` reads those sizes and files them
under the block being drawn. It also tags its font subsets by the document
(:mod:`.subset_tags`), and, for a preview, notes a digest of each page
(:meth:`MeasuringCanvas.page_digest`).
"""
from __future__ import annotations

import hashlib
import re
from typing import Any

import msgspec

from .subset_tags import TaggingCanvas
from .text import embedded_face

_TF = re.compile(r" ([0-9.]+) Tf")
_SHOWS = re.compile(r"\)\s*T[jJ*]|\]\s*TJ")


class SmallType(msgspec.Struct, frozen=True):
    """Text in a block set smaller than the layout allows."""

    block: str
    size: float
    floor: float

    def __str__(self) -> str:
        return (f"block '{self.block}': text at {self.size:.1f} pt, under this layout's "
                f"{self.floor:g} pt type floor")


def _font(name: str) -> Any:
    from reportlab.pdfbase.pdfmetrics import getFont

    return getFont(name)


class MeasuringCanvas(TaggingCanvas):
    """A canvas that notes the smallest type set in each block (``block`` names the one
    being drawn)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.block = ""
        self.smallest: dict[str, float] = {}
        #: Each page's :meth:`page_digest`, when a list is set here before drawing.
        self.page_digests: list[bytes] | None = None
        #: What drawing the page does beyond its content, while it is recorded
        #: (:mod:`.page_replay`): links, destinations and outline entries.
        self.recording: Any = None

    # -- recorded for a page played back (page_replay) ------------------------------------

    def _note(self, name: str, *args: Any, **kwargs: Any) -> None:
        if self.recording is not None:
            if self._getCmShift():
                self.recording.unsupported = True
            self.recording.calls.append((name, args, kwargs))

    def linkRect(self, contents: Any, destinationname: Any, Rect: Any = None,
                 addtopage: int = 1, name: Any = None, relative: int = 1,
                 thickness: float = 0, color: Any = None, dashArray: Any = None,
                 **kw: Any) -> Any:
        self._note("linkRect", contents, destinationname, self._absRect(Rect, relative),
                   addtopage, name, 0, thickness, color, dashArray, **kw)
        return super().linkRect(contents, destinationname, Rect, addtopage, name, relative,
                                thickness, color, dashArray, **kw)

    def linkURL(self, url: Any, rect: Any, relative: int = 0, thickness: float = 0,
                color: Any = None, dashArray: Any = None, kind: str = "URI",
                **kw: Any) -> Any:
        self._note("linkURL", url, self._absRect(rect, relative), 0, thickness, color,
                   dashArray, kind, **kw)
        return super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)

    def bookmarkPage(self, key: Any, **kw: Any) -> Any:
        self._note("bookmarkPage", key, **kw)
        return super().bookmarkPage(key, **kw)

    def addOutlineEntry(self, title: Any, key: Any, level: int = 0,
                        closed: Any = None) -> Any:
        self._note("addOutlineEntry", title, key, level, closed)
        return super().addOutlineEntry(title, key, level, closed)

    def play_call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Make a recorded link, destination or outline entry again (not recorded)."""
        getattr(TaggingCanvas, name)(self, *args, **kwargs)

    def showPage(self) -> None:
        if self.page_digests is not None:
            self.page_digests.append(self.page_digest())
        super().showPage()

    def page_digest(self) -> bytes:
        """A digest of everything the page being drawn looks like: the same digest means
        the same page image. A preview draws again only the pages whose digest changed.

        It covers the page's size, boxes and rotation, its content stream, and what the
        stream's names stand for as far as drawn: which font each font name is, each
        TrueType font's codes so far (codes are given to letters in the order they are
        first set, so a new letter earlier in the document changes this page's), the
        graphics states, colour spaces, shadings and forms. Pictures are named by their
        content's hash, so their names stand for their pixels."""
        doc = self._doc
        fonts = []
        for name in sorted(doc.fontMapping):
            font = _font(name)
            state = getattr(font, "state", None)
            codes = state.get(doc) if state is not None else None
            fonts.append((name, doc.fontMapping[name],
                          sorted(codes.assignments.items()) if codes is not None else None))
        parts = (self._pagesize, self._pageRotation, self._cropBox, self._artBox,
                 self._trimBox, self._bleedBox, self._psCommandsBeforePage, self._preamble,
                 self._psCommandsAfterPage, fonts, getattr(self._extgstate, "_c", None),
                 getattr(self, "_colorsUsed", None), getattr(self, "_shadingUsed", None),
                 getattr(self, "_formsinuse", None), getattr(doc, "_colorsUsed", None))
        digest = hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"))
        for code in self._code:
            digest.update(code.encode("utf-8", "surrogatepass"))
            digest.update(b"\n")
        return digest.digest()

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
