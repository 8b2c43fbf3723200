"""Font subset tags that differ from font to font and from file to file.

PDF names an embedded subset of a font with six capital letters and a plus sign before
the font's own name (``KQJMRX+Vera``). reportlab tags the first subset of every font
``AAAAAA+`` (the second ``AAAAAB+``, and so on), so when two of our PDFs are merged or
imposed on one sheet, different subsets of Vera go by one name, and a viewer or a print
shop's RIP may set one file's text with the other's glyphs. Here each tag is a digest of
the document's pages, the font and the characters in the subset: a different font, a
different subset or a different page gives a different tag, and the same input always
gives the same tag (so an export with ``--deterministic`` stays byte for byte the same).

:class:`TaggingCanvas` retags as the document is saved. It is the one place this
happens: every canvas of the export that inherits it writes tagged subsets. reportlab's
own module is left as it is; the names it wrote are replaced in the three places a
subset's name appears (the font's ``BaseFont``, its descriptor's ``FontName`` and its
ToUnicode map's ``CMapName``).
"""
from __future__ import annotations

import hashlib
from string import ascii_uppercase
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

TAG_LETTERS = 6


class TaggingCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types
    """A canvas whose embedded font subsets carry tags derived from the document."""

    def save(self) -> None:
        self._tag_fonts()
        super().save()

    def getpdfdata(self) -> bytes:
        self._tag_fonts()
        data: bytes = super().getpdfdata()
        return data

    def _tag_fonts(self) -> None:
        if self._code:  # the last page, closed now as reportlab's own save would
            self.showPage()
        tag_subsets(self._doc)


def tag_subsets(doc: Any) -> None:  # a reportlab PDFDocument
    """Write the document's font subsets now, each named with its own tag (reportlab
    then finds no font left to write)."""
    fonts, doc.delayedFonts = list(doc.delayedFonts), []
    if not fonts:
        return
    pages = content_digest(doc)
    for font in fonts:
        state = font.state.get(doc)
        subsets = [tuple(s) for s in state.subsets] if state is not None else []
        names = [font.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        font.addObjects(doc)
        for n, (name, subset) in enumerate(zip(names, subsets, strict=True)):
            _rename(doc, name, subset_tag(pages, font.fontName, font.face.name, n, subset))


def content_digest(doc: Any) -> bytes:
    """A digest of what the document shows: every page's and form's drawing and its
    title, author and subject."""
    digest = hashlib.sha256(b"gutskin-desktop pages")
    for obj in doc.idToObject.values():
        if isinstance(obj, (pdfdoc.PDFPage, pdfdoc.PDFFormXObject)):
            stream = obj.stream
            digest.update(stream if isinstance(stream, bytes) else str(stream).encode("utf-8"))
    info = doc.info
    for text in (info.title, info.author, info.subject):
        digest.update(str(text).encode("utf-8") + b"\0")
    return digest.digest()


def subset_tag(pages: bytes, font_name: str, face: bytes | str, index: int,
               chars: tuple[int, ...]) -> str:
    """Six capital letters from the pages' digest, the font (as registered and as the
    file names itself), the subset's number and its characters."""
    digest = hashlib.sha256(pages)
    face_name = face if isinstance(face, bytes) else face.encode("utf-8")
    digest.update(font_name.encode("utf-8") + b"\0" + face_name + b"\0")
    digest.update(f"{index}:{','.join(map(str, chars))}".encode("ascii"))
    number = int.from_bytes(digest.digest()[:8], "big")
    letters = []
    for _ in range(TAG_LETTERS):
        number, rest = divmod(number, 26)
        letters.append(ascii_uppercase[rest])
    return "".join(letters)


def _rename(doc: Any, internal_name: str, tag: str) -> None:
    """Give one written subset its tag where its name appears."""
    font = doc.idToObject[pdfdoc.BasicFonts].dict[internal_name]
    old = str(font.BaseFont)
    new = f"{tag}+{old.partition('+')[2]}"
    font.BaseFont = new
    cmap = doc.idToObject[font.ToUnicode.name]
    cmap.content = cmap.content.replace(f"/CMapName /{old} ", f"/CMapName /{new} ").replace(
        f"({old})", f"({new})")
    descriptor = doc.idToObject[font.FontDescriptor.name]
    descriptor.dict["FontName"] = pdfdoc.PDFName(new)
