"""Helpers for the export tests: shipped layouts as dicts, rendering, and reading PDFs back.

Text is read with pypdf (page text) and pypdfium2 (each character with its font size,
origin and box, in PDF points with y growing upwards); links with pypdf.
"""
from __future__ import annotations

import copy
import ctypes
import datetime
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gutskin_desktop.export.block_drawing import wrap_line
from gutskin_desktop.export.block_painters import CAPTION_LEADING, diagram_sizes
from gutskin_desktop.export.diagram_drawing import Placement
from gutskin_desktop.export.render import ExportOptions, Rendered, render
from gutskin_desktop.model.bundle import Bundle, load_bundle
from gutskin_desktop.model.geometry import DiagramGeometry
from gutskin_desktop.model.layout import DiagramBlock, Layout, SectionsBlock, load_layout
from gutskin_desktop.model.page_diagram import fit_to_block
from gutskin_desktop.model.paths import LAYOUTS
from gutskin_desktop.model.units import mm_to_pt

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("a3-poster", "a4-handout", "large-print", "letter-handout", "presenter-notes")
POSTERS = ("a1-poster", "a2-poster", "poster-24x36")
TODAY = datetime.date(2026, 11, 26)
BUNDLE: Bundle = load_bundle()


def shipped(name: str) -> dict[str, Any]:
    """A shipped layout as a fresh dict, to change and write elsewhere."""
    return copy.deepcopy(json.loads((LAYOUTS / f"{name}.json").read_text(encoding="utf-8")))


def block(data: dict[str, Any], block_id: str) -> dict[str, Any]:
    """The block with this id in a layout dict."""
    return next(b for b in data["blocks"] if b["id"] == block_id)


def block_index(data: dict[str, Any], block_id: str) -> int:
    return next(i for i, b in enumerate(data["blocks"]) if b["id"] == block_id)


def write_layout(folder: Path, data: dict[str, Any] | str, name: str = "layout.json") -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2),
                    encoding="utf-8")
    return path


def load(folder: Path, data: dict[str, Any]) -> Layout:
    """Write a layout dict to ``folder`` and load it, checked against the content."""
    return load_layout(write_layout(folder, data), BUNDLE.content)


def options(**changes: Any) -> ExportOptions:
    """Export options with a fixed print date."""
    return ExportOptions(**{"today": TODAY, **changes})


def render_layout(layout: Layout, **changes: Any) -> Rendered:
    return render(layout, BUNDLE, options(**changes))


def render_shipped(name: str, **changes: Any) -> Rendered:
    return render_layout(load_layout(LAYOUTS / f"{name}.json", BUNDLE.content), **changes)


def render_data(folder: Path, data: dict[str, Any], **changes: Any) -> Rendered:
    return render_layout(load(folder, data), **changes)


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() for page in reader(pdf).pages]


def flat(text: str) -> str:
    """Text with every run of white space as one space (line breaks move with the layout)."""
    return " ".join(text.split())


def page_number(doc: pypdf.PdfReader, ref: Any) -> int:
    """The 1-based number of the page an indirect reference points at."""
    for i, page in enumerate(doc.pages):
        if page.indirect_reference is not None and page.indirect_reference.idnum == ref.idnum:
            return i + 1
    raise AssertionError(f"reference {ref!r} is not a page")


@dataclass(frozen=True)
class Link:
    """A link annotation: its page, rectangle, and target page and top (internal links)."""

    page: int
    rect: tuple[float, float, float, float]
    dest_page: int | None
    dest_top: float | None
    uri: str | None


def links(pdf: bytes) -> list[Link]:
    """Every link annotation in the document."""
    doc = reader(pdf)
    out = []
    for number, page in enumerate(doc.pages, 1):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            rect = tuple(float(v) for v in annot["/Rect"])
            dest = annot.get("/Dest")
            dest_page = dest_top = None
            if dest is not None:
                assert not isinstance(dest, (str, bytes)), f"named /Dest {dest!r} not resolved"
                dest_page = page_number(doc, dest[0])
                dest_top = float(dest[3]) if len(dest) > 3 and dest[1] == "/XYZ" else None
            action = annot.get("/A")
            uri = str(action.get_object()["/URI"]) if action is not None and \
                "/URI" in action.get_object() else None
            out.append(Link(number, rect, dest_page, dest_top, uri))  # type: ignore[arg-type]
    return out


@dataclass(frozen=True)
class Char:
    """One character drawn on a page, as pdfium reads it (points, y upwards)."""

    text: str
    size: float
    x: float
    y: float
    box: tuple[float, float, float, float]  # left, right, bottom, top


def page_chars(pdf: bytes) -> list[list[Char]]:
    """Every drawn (not generated) character of each page, in content order."""
    doc = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            chars = []
            for i in range(pdfium_c.FPDFText_CountChars(textpage)):
                if pdfium_c.FPDFText_IsGenerated(textpage, i):
                    continue
                code = pdfium_c.FPDFText_GetUnicode(textpage, i)
                box = [ctypes.c_double() for _ in range(4)]
                pdfium_c.FPDFText_GetCharBox(textpage, i, *box)
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y)
                chars.append(Char(chr(code), pdfium_c.FPDFText_GetFontSize(textpage, i),
                                  x.value, y.value, tuple(v.value for v in box)))
            pages.append(chars)
            textpage.close()
            page.close()
    finally:
        doc.close()
    return pages


def find_runs(chars: list[Char], text: str) -> list[list[Char]]:
    """Every run of consecutive characters spelling ``text``."""
    spelled = "".join(c.text for c in chars)
    out, start = [], spelled.find(text)
    while start >= 0:
        out.append(chars[start:start + len(text)])
        start = spelled.find(text, start + 1)
    return out


def find_words(chars: list[Char], text: str) -> list[list[Char]]:
    """Every run of characters spelling ``text`` when white space is left out on both sides
    (a line break inside the text is no character at all): the runs hold no white space."""
    solid = [c for c in chars if c.text.strip()]
    return find_runs(solid, "".join(text.split()))


def block_rect_pt(layout_height_mm: float, b: dict[str, Any] | Any,
                  pad_mm: float = 0.0) -> tuple[float, float, float, float]:
    """A block's rectangle (layout mm from the top-left) as PDF x, y bottom, w, h in points."""
    get = b.get if isinstance(b, dict) else lambda k: getattr(b, k)
    x, y = get("x_mm") + pad_mm, get("y_mm") + pad_mm
    w, h = get("w_mm") - 2 * pad_mm, get("h_mm") - 2 * pad_mm
    return mm_to_pt(x), mm_to_pt(layout_height_mm - y - h), mm_to_pt(w), mm_to_pt(h)


def page_diagram(layout: Layout, sections: tuple[str, ...] | None = None,
                 text: str | None = None) -> tuple[Placement, DiagramGeometry]:
    """The diagram as the layout's diagram block lays it out for the page, and where that
    puts it: in the block less its padding and its caption's strip (as many lines as the
    caption wraps to), at the block's type sizes, its boxes numbered like the sections (in
    the order chosen: all, in the content's order, by default) and worded for the text
    printed."""
    diagram = layout.block("diagram")
    assert isinstance(diagram, DiagramBlock)
    x, y, w, h = block_rect_pt(layout.page.size_mm()[1], diagram, diagram.style.padding_mm)
    size = diagram.style.font_size
    lines = len(wrap_line(diagram.caption or "", "italic", size, w))
    caption = size * (1.6 + CAPTION_LEADING * (lines - 1)) if lines else 0.0
    chosen = list(sections or BUNDLE.content.ids)
    numbers = ({n.id: str(chosen.index(n.section) + 1) for n in BUNDLE.diagram.nodes
                if n.section in chosen} if diagram.numbers else {})
    kinds = [b.text for b in layout.blocks if isinstance(b, SectionsBlock)]
    words = diagram.words if diagram.words != "auto" else (text or ([*kinds, "patient"])[0])
    fitted = fit_to_block(BUNDLE.diagram, w, h - caption, diagram_sizes(diagram),
                          version=words, numbers=numbers, edge_labels=diagram.edge_labels)
    assert fitted is not None
    return Placement.fit(fitted.geometry.bounds, x, y + caption, w, h - caption), \
        fitted.geometry


def sampler() -> dict[str, Any]:
    """A two-page A4 layout holding one block of every kind except sections and image: the
    blocks of old on page 1, the parts a leaflet carries (main message, questions, glossary,
    the clinic's advice) on page 2. Its own type floor is 7 pt, the size of its smallest
    type, so that it renders with no warning at all."""
    def at(x: float, y: float, w: float, h: float) -> dict[str, float]:
        return {"x_mm": x, "y_mm": y, "w_mm": w, "h_mm": h}
    return {
        "format_version": 1, "name": "sampler", "description": "Every kind of block",
        "type_floor_pt": 7,
        "page": {"size": "A4", "margins_mm": {"top": 10, "right": 10, "bottom": 10,
                                              "left": 10}},
        "blocks": [
            {"id": "title", "type": "title", **at(10, 10, 190, 25), "text": "Sampler title",
             "subtitle": "Sampler subtitle"},
            {"id": "diagram", "type": "diagram", **at(10, 38, 120, 80),
             "caption": "Sampler caption", "style": {"font_size": 7}},
            {"id": "qr", "type": "qr", **at(140, 38, 60, 80),
             "url": "https://example.org/gutskin", "style": {"font_size": 8}},
            {"id": "summary", "type": "summary", **at(10, 122, 95, 90),
             "title": "Sampler summary", "style": {"font_size": 8}},
            {"id": "callout", "type": "callout", **at(110, 122, 90, 40),
             "title": "Callout title", "text": "Callout text.",
             "style": {"border": "#1f4f66", "padding_mm": 3}},
            {"id": "notes", "type": "notes", **at(110, 165, 90, 45), "title": "Sampler notes"},
            {"id": "details", "type": "details", **at(10, 215, 95, 65),
             "title": "Sampler details"},
            {"id": "disclaimer", "type": "disclaimer", **at(110, 215, 90, 55),
             "style": {"font_size": 9}},
            {"id": "message", "type": "message", "page": 2, **at(10, 10, 190, 22),
             "style": {"font_size": 12, "background": "#e3efeb", "padding_mm": 3}},
            {"id": "questions", "type": "questions", "page": 2, **at(10, 36, 95, 110),
             "title": "Sampler questions", "style": {"font_size": 9}},
            {"id": "glossary", "type": "glossary", "page": 2, **at(110, 36, 90, 200),
             "title": "Sampler glossary", "style": {"font_size": 9}},
            {"id": "advice", "type": "advice", "page": 2, **at(10, 150, 95, 130),
             "title": "Sampler advice", "style": {"font_size": 9}},
            {"id": "footer", "type": "footer", **at(10, 284, 190, 6),
             "style": {"font_size": 7}},
        ],
    }
