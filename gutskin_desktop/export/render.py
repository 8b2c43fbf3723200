"""Render a layout to PDF bytes: plan every block, then draw page by page.

Planning first flows each text block into its rectangles (and a continuing sections block
onto new pages) so that the page count is known before anything is drawn, and overflow is
measured for every block. Drawing then paints backgrounds, blocks in file order and
footers, and adds metadata, the outline and the links between diagram and sections.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from .. import __version__
from ..model.bundle import Bundle
from ..model.content import Section
from ..model.geometry import DiagramGeometry, layout as diagram_layout
from ..model.layout import (Block, CalloutBlock, DetailsBlock, DiagramBlock, DisclaimerBlock,
                            FooterBlock, ImageBlock, Layout, NotesBlock, QrBlock,
                            SectionsBlock, SummaryBlock, TitleBlock, safe_asset_path)
from ..model.units import mm_to_pt
from . import blocks as b
from . import press, qr
from .diagram import draw_diagram
from .flow import Filled, Region, fill
from ..model.fonts import font_for
from .bidi import visual
from .text import clean, family

MAX_PAGES = 60
KEYWORDS = "gut-skin axis, gut-brain-skin axis, microbiome, immune system, skin health"


class ExportError(Exception):
    """Export options that cannot be used (unknown section, bad field)."""


@contextmanager
def block_errors(block_id: str, doing: str) -> Iterator[None]:
    """Turn a failure inside reportlab into a message naming the block."""
    try:
        yield
    except ExportError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, ArithmeticError, AttributeError,
            RecursionError, OSError) as exc:
        raise ExportError(f"block '{block_id}' could not be {doing}: "
                          f"{type(exc).__name__}: {exc}") from exc


@dataclass(frozen=True)
class ExportOptions:
    """What a person chooses at export time."""

    sections: tuple[str, ...] | None = None
    text: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    today: date | None = None
    deterministic: bool = False
    bleed_mm: float | None = None
    crop_marks: bool = False
    navigation: bool = True


@dataclass(frozen=True)
class Overflow:
    """Text that does not fit its block."""

    block: str
    lines: int
    mm: float

    def __str__(self) -> str:
        return f"block '{self.block}': {self.lines} lines ({self.mm:.0f} mm of text) do not fit"


@dataclass
class Rendered:
    """The PDF and what the export found."""

    pdf: bytes
    pages: int
    overflows: list[Overflow]
    preflight: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """``2 pages, all text fits`` or what does not fit."""
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        if not self.overflows:
            return f"{pages}, all text fits"
        return f"{pages}, some text does not fit: " + "; ".join(map(str, self.overflows))


class _Renderer:
    def __init__(self, layout: Layout, bundle: Bundle, options: ExportOptions) -> None:
        self.layout, self.bundle, self.options = layout, bundle, options
        self.width_mm, self.height_mm = layout.page.size_mm()
        self.today = options.today or date.today()
        self.has_diagram = any(isinstance(x, DiagramBlock) for x in layout.blocks)
        self.flows: dict[str, Filled] = {}
        self.geometry: DiagramGeometry | None = None
        self.assigned = self.assign_sections()
        bleed = layout.page.bleed_mm if options.bleed_mm is None else options.bleed_mm
        self.bleed = mm_to_pt(bleed)
        self.slug = mm_to_pt(press.SLUG_MM) if options.crop_marks else 0.0
        self.line_overflows: list[Overflow] = []
        family()

    # -- geometry ------------------------------------------------------------------------

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float,
             pad_mm: float = 0.0) -> tuple[float, float, float, float]:
        """A rectangle in layout millimetres (top-left origin) as PDF points."""
        x, y = x_mm + pad_mm, y_mm + pad_mm
        w, h = w_mm - 2 * pad_mm, h_mm - 2 * pad_mm
        return (mm_to_pt(x), mm_to_pt(self.height_mm - y - h), mm_to_pt(w), mm_to_pt(h))

    def columns(self, page: int, rect: tuple[float, ...], count: int,
                gap_mm: float) -> list[Region]:
        x, y, w, h = rect
        gap = mm_to_pt(gap_mm)
        col = (w - gap * (count - 1)) / count
        return [Region(page, x + i * (col + gap), y, col, h) for i in range(count)]

    def sections_regions(self, block: SectionsBlock) -> Iterator[Region]:
        pad = block.style.padding_mm
        yield from self.columns(block.page, self.rect(block.x_mm, block.y_mm, block.w_mm,
                                                      block.h_mm, pad),
                                block.columns, block.column_gap_mm)
        for frame in block.flow:
            yield from self.columns(frame.page, self.rect(frame.x_mm, frame.y_mm, frame.w_mm,
                                                          frame.h_mm, pad),
                                    block.columns, block.column_gap_mm)
        if block.continues:
            box = self.rect(*self.layout.page.content_box())
            footer = max((mm_to_pt(f.h_mm) for f in self.layout.blocks
                          if isinstance(f, FooterBlock) and f.all_pages), default=0.0)
            x, y, w, h = box
            box = (x, y + footer, w, h - footer)
            for page in range(self.layout.page_count + 1, MAX_PAGES + 1):
                yield from self.columns(page, box, block.columns, block.column_gap_mm)

    # -- planning ------------------------------------------------------------------------

    def chosen_ids(self) -> list[str]:
        """The sections the person chose, in their order (all, in content order, when
        they chose none)."""
        if self.options.sections is not None:
            return list(self.options.sections)
        return list(self.bundle.content.ids)

    def assign_sections(self) -> dict[str, list[str]]:
        """Which sections each sections block prints: each chosen section once, in the
        first block (in file order) that lists it or lists none."""
        left = self.chosen_ids()
        out: dict[str, list[str]] = {}
        for block in self.layout.blocks:
            if isinstance(block, SectionsBlock):
                own = set(block.sections or self.bundle.content.ids)
                out[block.id] = [i for i in left if i in own]
                left = [i for i in left if i not in out[block.id]]
        return out

    def chosen_sections(self, block: SectionsBlock | SummaryBlock) -> list[Section]:
        content = self.bundle.content
        if isinstance(block, SectionsBlock):
            return [content.section(i) for i in self.assigned[block.id]]
        return [content.section(i) for i in self.chosen_ids()]

    def sections_block(self, block: SectionsBlock) -> SectionsBlock:
        if self.options.text:
            return block.model_copy(update={"text": self.options.text})
        return block

    def flowables(self, block: Block) -> list | None:
        content = self.bundle.content
        if isinstance(block, SectionsBlock):
            return b.section_flowables(self.chosen_sections(block), self.sections_block(block),
                                       self.has_diagram and block.back_links,
                                       self.options.navigation)
        if isinstance(block, TitleBlock):
            return b.title_flowables(block, content)
        if isinstance(block, CalloutBlock):
            return b.callout_flowables(block)
        if isinstance(block, SummaryBlock):
            return b.summary_flowables(block, self.chosen_sections(block))
        if isinstance(block, DisclaimerBlock):
            return b.disclaimer_flowables(block, content)
        if isinstance(block, DetailsBlock):
            values = {"date": b.long_date(self.today), **self.options.fields}
            return b.details_flowables(block, values)
        return None

    def plan(self) -> int:
        """Flow every text block; return the number of pages."""
        pages = self.layout.page_count
        for block in self.layout.blocks:
            with block_errors(block.id, "laid out"):
                pages = max(pages, self.plan_block(block))
        self.check_lines()
        return pages

    def plan_block(self, block: Block) -> int:
        items = self.flowables(block)
        if items is None:
            return 0
        if isinstance(block, SectionsBlock):
            regions: Iterator[Region] | list[Region] = self.sections_regions(block)
        else:
            regions = [Region(block.page, *self.rect(block.x_mm, block.y_mm, block.w_mm,
                                                     block.h_mm, block.style.padding_mm))]
        self.flows[block.id] = filled = fill(items, regions)
        return filled.last_page

    def check_lines(self) -> None:
        """Single lines (notes titles, captions, QR addresses) that are wider than their
        block are reported; they are drawn shortened to stay inside it."""
        for block in self.layout.blocks:
            for text, face, size, width in b.single_lines(block, self.rect(
                    block.x_mm, block.y_mm, block.w_mm, block.h_mm, block.style.padding_mm)):
                if b.line_width(text, face, size) > width + 0.01:
                    over = b.line_width(text, face, size) - width
                    self.line_overflows.append(Overflow(block.id, 1, over * 25.4 / 72))

    def overflows(self) -> list[Overflow]:
        out = list(self.line_overflows)
        for block_id, filled in self.flows.items():
            if filled.leftover:
                lines, mm = filled.overflow()
                out.append(Overflow(block_id, lines, mm))
        return out

    # -- drawing -------------------------------------------------------------------------

    @property
    def trim(self) -> tuple[float, float]:
        """The trimmed page's width and height in points."""
        return mm_to_pt(self.width_mm), mm_to_pt(self.height_mm)

    def canvas(self, buffer: io.BytesIO) -> Canvas:
        canvas = Canvas(buffer, invariant=1 if self.options.deterministic else 0,
                        lang="en-US", pageCompression=1, initialFontName=family()["regular"],
                        initialFontSize=10, **press.boxes(*self.trim, self.bleed, self.slug))
        content, fields = self.bundle.content, self.options.fields
        canvas.setTitle(content.title)
        canvas.setSubject(f"{self.layout.description} ({self.layout.name})")
        canvas.setAuthor(clean(fields.get("clinician") or fields.get("clinic") or "")
                         or "gutskin-desktop")
        canvas.setKeywords(KEYWORDS)
        canvas.setCreator(f"gutskin-desktop {__version__}")
        return canvas

    def draw_block(self, canvas: Canvas, block: Block, page: int, pages: int) -> None:
        rect = self.rect(block.x_mm, block.y_mm, block.w_mm, block.h_mm)
        inner = self.rect(block.x_mm, block.y_mm, block.w_mm, block.h_mm,
                          block.style.padding_mm)
        b.draw_box(canvas, block.style, press.bleed_rect(rect, *self.trim, self.bleed))
        if isinstance(block, DiagramBlock):
            self.draw_diagram_block(canvas, block, inner)
        elif isinstance(block, NotesBlock):
            b.draw_notes(canvas, block, inner)
        elif isinstance(block, QrBlock):
            self.draw_qr(canvas, block, inner)
        elif isinstance(block, ImageBlock):
            path = safe_asset_path(self.layout.name, "path", block.path)
            canvas.drawImage(str(path), *inner, preserveAspectRatio=True, anchor="c",
                             mask="auto")
        elif isinstance(block, FooterBlock):
            text = b.footer_text(block, page, pages, self.today, self.bundle.content.reviewed)
            b.draw_footer(canvas, block, inner, text)

    def draw_diagram_block(self, canvas: Canvas, block: DiagramBlock,
                           rect: tuple[float, float, float, float]) -> None:
        diagram = self.bundle.diagram
        if self.geometry is None:
            self.geometry = diagram_layout(diagram)
        drawn = {p.flowable.key for f in self.flows.values() for p in f.placed
                 if isinstance(p.flowable, b.SectionHeading)}
        links = {n.id: f"section-{n.section}" for n in diagram.nodes
                 if f"section-{n.section}" in drawn and self.options.navigation}
        x, y, w, h = rect
        caption = 0.0
        if block.caption:
            size = block.style.font_size
            caption = size * 1.6
            caption_text = b.shorten(block.caption, "italic", size, w)
            canvas.setFont(font_for(caption_text, "italic"), size)
            canvas.setFillColor(HexColor(block.style.color))
            canvas.drawCentredString(x + w / 2, y + size * 0.3, visual(caption_text))
        if self.options.navigation:
            canvas.bookmarkHorizontal("diagram", x, y + h)
        draw_diagram(canvas, diagram, self.geometry, (x, y + caption, w, h - caption),
                     labels=block.edge_labels, links=links)

    def draw_qr(self, canvas: Canvas, block: QrBlock, rect: tuple[float, ...]) -> None:
        x, y, w, h = rect
        size = block.style.font_size
        side = min(w, h - size * 1.8)
        qr.draw(canvas, block.url, x + (w - side) / 2, y + h - side, side)
        url_size = b.fit_size(block.url, "regular", size, w)
        canvas.setFont(family()["regular"], url_size)
        canvas.setFillColor(HexColor(block.style.color))
        canvas.drawCentredString(x + w / 2, y + h - side - size * 1.2,
                                 b.shorten(block.url, "regular", url_size, w))
        if self.options.navigation:
            canvas.linkURL(clean(block.url), (x, y + h - side, x + w, y + h), relative=1)

    def draw_page(self, canvas: Canvas, page: int, pages: int) -> None:
        """Draw one page: the trimmed page at the origin, the bleed around it."""
        background = self.layout.page.background
        if background:
            width, height = self.trim
            canvas.setFillColor(HexColor(background))
            canvas.rect(-self.bleed, -self.bleed, width + 2 * self.bleed,
                        height + 2 * self.bleed, 0, 1)
        for block in self.layout.blocks:
            on_page = block.page == page or (isinstance(block, FooterBlock)
                                             and block.all_pages)
            if on_page:
                with block_errors(block.id, "drawn"):
                    self.draw_block(canvas, block, page, pages)
        for filled in self.flows.values():
            for placed in filled.placed:
                if placed.page == page:
                    placed.flowable.drawOn(canvas, placed.x, placed.y)

    def render(self) -> Rendered:
        pages = self.plan()
        buffer = io.BytesIO()
        canvas = self.canvas(buffer)
        offset = self.bleed + self.slug
        for page in range(1, pages + 1):
            canvas.saveState()
            canvas.translate(offset, offset)
            self.draw_page(canvas, page, pages)
            canvas.restoreState()
            if self.options.crop_marks:
                press.draw_crop_marks(canvas, *self.trim, self.bleed, self.slug)
            canvas.showPage()
        canvas.showOutline()
        canvas.save()
        return Rendered(buffer.getvalue(), pages, self.overflows(), self.preflight())

    def text_rects(self) -> dict[str, list[tuple[float, float, float, float]]]:
        """Where each block's text lies on its pages (points, trimmed page)."""
        out: dict[str, list[tuple[float, float, float, float]]] = {}
        for block_id, filled in self.flows.items():
            out[block_id] = [(p.x, p.y, p.flowable.width, p.flowable.height)
                             for p in filled.placed]
        for block in self.layout.blocks:
            if b.single_lines(block, (0, 0, 1, 1)) or isinstance(block, FooterBlock):
                out.setdefault(block.id, []).append(self.rect(
                    block.x_mm, block.y_mm, block.w_mm, block.h_mm, block.style.padding_mm))
        return out

    def preflight(self) -> list[str]:
        """Warnings for text closer than 5 mm to the trim."""
        found = (press.near_trim(name, rects, *self.trim)
                 for name, rects in self.text_rects().items())
        return [w for w in found if w]


def check_options(layout: Layout, bundle: Bundle, options: ExportOptions) -> None:
    """Refuse unknown sections, texts and fields before anything is drawn."""
    known = set(bundle.content.ids)
    for section_id in options.sections or ():
        if section_id not in known:
            raise ExportError(f"--sections: unknown section {section_id!r} (choose from "
                              f"{', '.join(bundle.content.ids)})")
    if options.sections is not None and not options.sections:
        raise ExportError("--sections: choose at least one section")
    if options.text not in (None, "patient", "presenter"):
        raise ExportError(f"unknown text {options.text!r} (patient or presenter)")
    for name in options.fields:
        if name not in b.FIELD_LABELS:
            raise ExportError(f"unknown field {name!r} (choose from "
                              f"{', '.join(b.FIELD_LABELS)})")


def render(layout: Layout, bundle: Bundle, options: ExportOptions | None = None) -> Rendered:
    """Render a layout with the bundle's content to PDF bytes."""
    options = options or ExportOptions()
    check_options(layout, bundle, options)
    return _Renderer(layout, bundle, options).render()
