"""Render a layout to PDF bytes: plan every block, then draw page by page.

Planning first flows each text block into its rectangles (and a continuing sections block
onto new pages) so that the page count is known before anything is drawn, and overflow is
measured for every block. Drawing then paints backgrounds, blocks in file order and
footers, and adds metadata, the outline and the links between diagram and sections.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from .. import __version__
from ..model.bundle import Bundle
from ..model.clinic import Clinic
from ..model.content import Section, plain_text
from ..model.dates import DateError, format_date, parse_date
from ..model.errors import LoadError
from ..model.images import drawing_errors
from ..model.handout_checks import describe, field_problems, invisible, missing_glyphs, name_chars
from ..model.fonts import font_for
from ..model.geometry import DiagramGeometry, solve_diagram
from ..model.layout import (MAX_PAGES, AdviceBlock, Block, CalloutBlock, DetailsBlock,
                            DiagramBlock, DisclaimerBlock, FooterBlock, GlossaryBlock,
                            ImageBlock, Layout, MessageBlock, NotesBlock, QrBlock,
                            QuestionsBlock, SectionsBlock, SummaryBlock, TitleBlock,
                            safe_asset_path)
from ..model.page_diagram import PageLook, fit_to_block, shown_nodes
from ..model.units import mm_to_pt, pt_to_mm
from . import block_drawing as b
from . import leaflet, press, qr
from .bidi import visual
from .diagram_drawing import Ink, draw_diagram
from .flow import Filled, Region, fill, text_load
from .measure import MeasuringCanvas, SmallType, under_floor
from .text import clean, family

CAPTION_LEADING = 1.25
MIN_FIGURE_PT = 14.0  # 5 mm: with less room a diagram, QR code or image is left out (and said)
# Budgets, checked before anything is laid out, so that whatever passes `gutskin check`
# exports in seconds and a few hundred MB (measured on this 2-core machine; each at its
# limit takes about 2.5 s, and no layout of 300 blocks can reach them all at once)
MAX_DIAGRAM_ITEMS = 40_000  # diagram blocks x (boxes + arrows) drawn: ~60 us and ~4 KB each
MAX_TEXT_CHARS = 2_000_000  # characters of text set in all blocks (~1 us each, 5 MB of content)
MAX_TEXT_LINES = 100_000  # lines of text, estimated at the blocks' widths: ~25 us each
MAX_TEXT_ITEMS = 6_000  # paragraphs, list items and headings of text: ~250 us each
MAX_IMAGE_PIXELS_TOTAL = 100_000_000  # pixels of the distinct images placed: ~25 ns each

T = TypeVar("T")
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
    clinic: Clinic = Clinic()


@dataclass(frozen=True)
class Overflow:
    """Text that does not fit its block."""

    block: str
    lines: int
    mm: float
    note: str = ""
    fields: tuple[str, ...] = ()
    only_fields: bool = False

    def __str__(self) -> str:
        if self.note:
            return f"block '{self.block}': {self.note}"
        left = f"{self.lines} lines ({self.mm:.0f} mm of text)"
        if self.fields and self.only_fields:
            return (f"{' and '.join(self.fields)} does not fit block '{self.block}': {left} "
                    f"left over")
        among = (f", among them the details typed ({', '.join(self.fields)})"
                 if self.fields else "")
        return f"block '{self.block}': {left} do not fit{among}"


@dataclass
class Rendered:
    """The PDF and what the export found."""

    pdf: bytes
    pages: int
    overflows: list[Overflow]
    preflight: list[str] = field(default_factory=list)
    small_type: list[SmallType] = field(default_factory=list)
    field_pages: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """``2 pages, all text fits`` or what does not fit or is set too small."""
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        problems = [str(o) for o in self.overflows] + [str(t) for t in self.small_type]
        if not problems:
            return f"{pages}, all text fits and is large enough"
        return f"{pages}: " + "; ".join(problems)

    def problems_by_block(self) -> dict[str, str]:
        """Each block's overflow and small type, as one message per block."""
        out: dict[str, list[str]] = {}
        for item in [*self.overflows, *self.small_type]:
            out.setdefault(item.block, []).append(str(item))
        return {block: "; ".join(texts) for block, texts in out.items()}


class _Renderer:
    def __init__(self, layout: Layout, bundle: Bundle, options: ExportOptions) -> None:
        self.layout, self.bundle, self.options = layout, bundle, options
        self.width_mm, self.height_mm = layout.page.size_mm()
        self.today = options.today or date.today()
        self.has_diagram = any(isinstance(x, DiagramBlock) for x in layout.blocks)
        self.flows: dict[str, Filled] = {}
        self.diagrams: dict[str, tuple[DiagramGeometry, Ink | None]] = {}
        self.assigned = self.assign_sections()
        self.numbers = self.section_numbers()
        bleed = layout.page.bleed_mm if options.bleed_mm is None else options.bleed_mm
        self.bleed = mm_to_pt(bleed)
        self.slug = mm_to_pt(press.SLUG_MM) if options.crop_marks else 0.0
        self.line_overflows: list[Overflow] = []
        self._printed: str | None = None
        self._accents: dict[str, str] | None = None
        self.images: dict[str, Path] = {}
        self._screen: DiagramGeometry | None = None
        self.text_chars = self.text_lines = self.text_items = 0
        check_budget(layout, bundle)
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

    def sections_regions(self, block: SectionsBlock | SummaryBlock) -> Iterator[Region]:
        pad = block.style.padding_mm
        columns, gap = ((block.columns, block.column_gap_mm)
                        if isinstance(block, SectionsBlock) else (1, 0.0))
        yield from self.columns(block.page, self.rect(block.x_mm, block.y_mm, block.w_mm,
                                                      block.h_mm, pad), columns, gap)
        for frame in block.flow:
            yield from self.columns(frame.page, self.rect(frame.x_mm, frame.y_mm, frame.w_mm,
                                                          frame.h_mm, pad), columns, gap)
        if isinstance(block, SectionsBlock) and block.continues:
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

    def text_kind(self) -> str:
        """The text the export prints: chosen, else the first sections block's."""
        blocks = [x for x in self.layout.blocks if isinstance(x, SectionsBlock)]
        return self.options.text or (blocks[0].text if blocks else "patient")

    def section_numbers(self) -> dict[str, int]:
        """Each printed section's number, when a diagram numbers its boxes to match (none
        otherwise): in the order of the key points when the layout has them, else in the
        order the sections are printed."""
        if not any(isinstance(x, DiagramBlock) and x.numbers for x in self.layout.blocks):
            return {}
        if any(isinstance(x, SummaryBlock) for x in self.layout.blocks):
            printed = self.chosen_ids()  # the key points list every chosen section
        else:
            printed = [i for ids in self.assigned.values() for i in ids]
        return {section_id: n for n, section_id in enumerate(printed, 1)}

    def accents(self) -> dict[str, str]:
        """Each section's colour: that of the first box opening it (worked out once)."""
        if self._accents is None:
            self._accents = {}
            for node in self.bundle.diagram.nodes:
                self._accents.setdefault(node.section, node.accent)
        return self._accents

    def printed_words(self) -> str:
        """What the pages say that the glossary may explain, for the glossaries to look
        their terms up in: worked out once (every glossary and every sections block's
        glossary asks), and kept as just the terms it uses, one a line, so that each
        look-up is in a few words rather than in the whole text (a term found in a line
        holding another term is a whole word of the pages' text too)."""
        if self._printed is None:
            used = leaflet.used_terms(self.bundle.content, self._printed_words())
            self._printed = "\n".join(term for term, _ in used)
        return self._printed

    def _printed_words(self) -> str:
        content, kind = self.bundle.content, self.text_kind()
        parts = [plain_text(content.section(i).blocks(kind)) + "\n" + content.section(i).title
                 for ids in self.assigned.values() for i in ids]
        if any(isinstance(x, SummaryBlock) for x in self.layout.blocks):
            parts += [content.section(i).summary for i in self.chosen_ids()]
        parts += [content.main_message or "", *content.questions]
        diagrams = [x for x in self.layout.blocks if isinstance(x, DiagramBlock)]
        for block in diagrams:
            version = self.diagram_words(block)
            parts += [n.words(version) for n in shown_nodes(self.bundle.diagram)]
            if block.edge_labels:
                parts += [e.words(version) for e in self.bundle.diagram.edges]
        return "\n".join(parts)

    def diagram_words(self, block: DiagramBlock) -> str:
        return self.text_kind() if block.words == "auto" else block.words

    def flowables(self, block: Block) -> list | None:
        content = self.bundle.content
        s, clinic, fields = block.style, self.options.clinic, self.details()
        if isinstance(block, SectionsBlock):
            out = b.section_flowables(self.chosen_sections(block), self.sections_block(block),
                                      self.has_diagram and block.back_links,
                                      self.options.navigation, self.numbers, self.accents())
            for part in block.after:
                out += leaflet.part_flowables(part, s, content, clinic, fields,
                                              self.printed_words())
            return out
        if isinstance(block, MessageBlock):
            return leaflet.message_flowables(block, content)
        if isinstance(block, QuestionsBlock):
            return leaflet.questions_flowables(s, block.title, content,
                                               checklist=block.checklist)
        if isinstance(block, GlossaryBlock):
            return leaflet.glossary_flowables(s, block.title, content, self.printed_words())
        if isinstance(block, AdviceBlock):
            return leaflet.advice_flowables(s, block.title, clinic, fields)
        if isinstance(block, TitleBlock):
            return b.title_flowables(block, content)
        if isinstance(block, CalloutBlock):
            return b.callout_flowables(block)
        if isinstance(block, SummaryBlock):
            return b.summary_flowables(block, self.chosen_sections(block), self.numbers,
                                       self.accents())
        if isinstance(block, DisclaimerBlock):
            return leaflet.about_flowables(s, block.title, block.text, content, clinic)
        if isinstance(block, DetailsBlock):
            return b.details_flowables(s, block.title, block.fields, fields)
        return None

    def details(self) -> dict[str, str]:
        """The detail fields as printed: today's date unless one is given."""
        style = self.options.clinic.profile.date_format
        fields = {"date": format_date(self.today, style), **self.options.fields}
        if self.options.fields.get("date"):
            fields["date"] = format_date(parse_date(fields["date"], style), style)
        return fields

    def plan(self) -> int:
        """Flow every text block; return the number of pages. Each block's text is
        counted against the text budgets before it is laid out."""
        pages = self.layout.page_count
        planned = []
        for block in self.layout.blocks:
            with block_errors(block.id, "laid out"):
                planned.append((block, self.plan_text(block)))
        for block, items in planned:
            if items is not None:
                with block_errors(block.id, "laid out"):
                    pages = max(pages, self.plan_block(block, items))
        self.check_lines()
        return pages

    def regions(self, block: Block) -> Iterator[Region] | list[Region]:
        """Where a block's text goes."""
        if isinstance(block, (SectionsBlock, SummaryBlock)):
            return self.sections_regions(block)
        return [Region(block.page, *self.rect(block.x_mm, block.y_mm, block.w_mm,
                                              block.h_mm, block.style.padding_mm))]

    def plan_text(self, block: Block) -> list | None:
        """A block's flowables, counted against the text budgets (ExportError past them)."""
        items = self.flowables(block)
        if items is None:
            return None
        width = min(r.w for r in self.regions(block))  # the narrowest sets the most lines
        chars, lines, paragraphs = text_load(items, width)
        self.text_chars += chars
        self.text_lines += lines
        self.text_items += paragraphs
        name, where = self.layout.name, f"block '{block.id}' passes it"
        if self.text_chars > MAX_TEXT_CHARS:
            raise ExportError(
                f"layout '{name}': its blocks set more than {MAX_TEXT_CHARS:,} characters "
                f"of text, the most an export sets ({where}; right-to-left text counts "
                f"more, the wider its lines); use fewer or shorter text blocks, or fewer "
                f"sections")
        if self.text_items > MAX_TEXT_ITEMS:
            raise ExportError(
                f"layout '{name}': its blocks set more than {MAX_TEXT_ITEMS:,} paragraphs "
                f"of text, the most an export sets ({where}); use fewer text blocks, fewer "
                f"parts after the sections, or fewer sections")
        if self.text_lines > MAX_TEXT_LINES:
            raise ExportError(
                f"layout '{name}': its text would take about {self.text_lines:,} lines at "
                f"the blocks' widths, more than the {MAX_TEXT_LINES:,} an export sets "
                f"({where} with about {lines:,} lines {pt_to_mm(width):.1f} mm wide; a "
                f"right-to-left line counts four); make the narrow text blocks wider, or "
                f"their type smaller or text shorter")
        return items

    def plan_block(self, block: Block, items: list) -> int:
        self.flows[block.id] = filled = fill(items, self.regions(block))
        return filled.last_page

    def check_lines(self) -> None:
        """Single lines (notes titles, captions, QR addresses) that are wider than their
        block are reported; they are drawn shortened to stay inside it."""
        for block in self.layout.blocks:
            with block_errors(block.id, "measured"):
                for text, face, size, width in b.single_lines(block, self.rect(
                        block.x_mm, block.y_mm, block.w_mm, block.h_mm,
                        block.style.padding_mm)):
                    if b.line_width(text, face, size) > width + 0.01:
                        over = b.line_width(text, face, size) - width
                        self.line_overflows.append(Overflow(block.id, 1, over * 25.4 / 72))

    def field_pages(self) -> dict[str, int]:
        """The page each detail field prints on (its first line)."""
        out: dict[str, int] = {}
        for filled in self.flows.values():
            for placed in filled.placed:
                for name in _fields_in([placed.flowable]):
                    out.setdefault(name, placed.page)
        return out

    def overflows(self) -> list[Overflow]:
        out = list(self.line_overflows)
        for block_id, filled in self.flows.items():
            if filled.leftover:
                with block_errors(block_id, "measured"):
                    lines, mm = filled.overflow()
                fields = tuple(f for f in dict.fromkeys(_fields_in(filled.leftover))
                               if self.options.fields.get(f))  # typed, not the default date
                only = all(_holds_fields(f) for f in filled.leftover)
                out.append(Overflow(block_id, lines, mm, fields=fields, only_fields=only))
        return out

    # -- drawing -------------------------------------------------------------------------

    @property
    def trim(self) -> tuple[float, float]:
        """The trimmed page's width and height in points."""
        return mm_to_pt(self.width_mm), mm_to_pt(self.height_mm)

    def canvas(self, buffer: io.BytesIO) -> MeasuringCanvas:
        canvas = MeasuringCanvas(buffer, invariant=1 if self.options.deterministic else 0,
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
            if min(inner[2], inner[3]) < MIN_FIGURE_PT:
                self.no_room(block.id, "no room for the image inside the padding; make the "
                                       "block larger or its padding smaller")
                return
            if block.path not in self.images:  # checked once, drawn from one copy
                self.images[block.path] = safe_asset_path(self.layout.name, "path",
                                                          block.path)
            image = self.images[block.path]
            with drawing_errors(self.layout.name, f"block '{block.id}' path", image):
                canvas.drawImage(str(image), *inner, preserveAspectRatio=True, anchor="c",
                                 mask="auto")
        elif isinstance(block, FooterBlock):
            dates = leaflet.reviewed_dates(self.bundle.content, self.options.clinic)
            text = b.footer_text(block, page, pages, self.today, *dates,
                                 style=self.options.clinic.profile.date_format)
            b.draw_footer(canvas, block, inner, text)

    def draw_diagram_block(self, canvas: Canvas, block: DiagramBlock,
                           rect: tuple[float, float, float, float]) -> None:
        diagram = self.bundle.diagram
        drawn = {p.flowable.key for f in self.flows.values() for p in f.placed
                 if isinstance(p.flowable, b.SectionHeading)}
        links = {n.id: f"section-{n.section}" for n in diagram.nodes
                 if f"section-{n.section}" in drawn and self.options.navigation}
        x, y, w, h = rect
        size = block.style.font_size
        canvas.setFillColor(HexColor(block.style.color))
        for n, line in enumerate(reversed(self.caption_lines(block))):
            canvas.setFont(font_for(line, "italic"), size)
            canvas.drawCentredString(x + w / 2, y + size * (0.3 + CAPTION_LEADING * n),
                                     visual(line))
        if self.options.navigation:
            canvas.bookmarkHorizontal("diagram", x, y + h)
        if not self.diagram_has_room(block):
            return
        geometry, ink = self.diagram_geometry(block)
        draw_diagram(canvas, diagram, geometry, self.diagram_rect(block),
                     labels=block.edge_labels, links=links, ink=ink)

    def diagram_has_room(self, block: DiagramBlock) -> bool:
        """Whether the block leaves room for the diagram under its caption (else the
        diagram is left out, and the export says so)."""
        _, _, w, h = self.diagram_rect(block)
        if min(w, h) >= MIN_FIGURE_PT:
            return True
        self.no_room(block.id, f"no room for the diagram: {pt_to_mm(max(h, 0.0)):.1f} mm is "
                               f"left under the caption and padding; make the block larger, "
                               f"or its caption or padding smaller")
        return False

    def no_room(self, block_id: str, note: str) -> None:
        """Report (once) that a block leaves no room for what it shows, left out."""
        if not any(o.block == block_id and o.note == note for o in self.line_overflows):
            self.line_overflows.append(Overflow(block_id, 0, 0.0, note))

    def caption_lines(self, block: DiagramBlock) -> list[str]:
        """A diagram's caption broken into lines as wide as the block."""
        if not block.caption:
            return []
        width = self.rect(block.x_mm, block.y_mm, block.w_mm, block.h_mm,
                          block.style.padding_mm)[2]
        return b.wrap_line(block.caption, "italic", block.style.font_size, width)

    def diagram_rect(self, block: DiagramBlock) -> tuple[float, float, float, float]:
        """Where a diagram block draws the diagram itself: above its caption."""
        x, y, w, h = self.rect(block.x_mm, block.y_mm, block.w_mm, block.h_mm,
                               block.style.padding_mm)
        lines = len(self.caption_lines(block))
        size = block.style.font_size
        caption = size * (1.6 + CAPTION_LEADING * (lines - 1)) if lines else 0.0
        return x, y + caption, w, h - caption

    def diagram_geometry(self, block: DiagramBlock) -> tuple[DiagramGeometry, Ink | None]:
        """The diagram laid out for a block, and its line weights (made once a block)."""
        if block.id not in self.diagrams:
            diagram = self.bundle.diagram
            sizes = diagram_sizes(block)
            numbers = {n.id: str(self.numbers[n.section]) for n in diagram.nodes
                       if n.section in self.numbers}
            _, _, w, h = self.diagram_rect(block)
            fitted = fit_to_block(diagram, w, h, sizes, version=self.diagram_words(block),
                                  numbers=numbers, edge_labels=block.edge_labels)
            page = self.layout.page.background or "#ffffff"
            if fitted:
                self.diagrams[block.id] = (fitted.geometry, Ink(sizes.line_width, page))
            else:  # the screen's geometry, the same for every block: made once
                if self._screen is None:
                    self._screen = solve_diagram(diagram)
                self.diagrams[block.id] = (self._screen, None)
            if fitted and fitted.shrink < 0.999:
                self.line_overflows.append(Overflow(block.id, 0, 0.0, (
                    f"the diagram does not fit at the sizes asked, so its type is set at "
                    f"{fitted.shrink:.0%} of them (labels {sizes.label * fitted.shrink:.1f} pt)"
                    f"; make the block larger or the type smaller")))
        return self.diagrams[block.id]

    def draw_qr(self, canvas: Canvas, block: QrBlock, rect: tuple[float, ...]) -> None:
        x, y, w, h = rect
        size = block.style.font_size
        side = min(w, h - size * 1.8)
        if side < MIN_FIGURE_PT:
            self.no_room(block.id, "no room for the QR code above its address; make the "
                                   "block taller, or its type or padding smaller")
            return
        qr.draw(canvas, block.url, x + (w - side) / 2, y + h - side, side)
        url_size = b.fit_size(block.url, "regular", size, w)
        canvas.setFont(family()["regular"], url_size)
        canvas.setFillColor(HexColor(block.style.color))
        canvas.drawCentredString(x + w / 2, y + h - side - size * 1.2,
                                 b.shorten(block.url, "regular", url_size, w))
        if self.options.navigation:
            canvas.linkURL(clean(block.url), (x, y + h - side, x + w, y + h), relative=1)

    def draw_page(self, canvas: MeasuringCanvas, page: int, pages: int) -> None:
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
                canvas.block = block.id
                with block_errors(block.id, "drawn"):
                    self.draw_block(canvas, block, page, pages)
        for block_id, filled in self.flows.items():
            canvas.block = block_id
            with block_errors(block_id, "drawn"):
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
        return Rendered(buffer.getvalue(), pages, self.overflows(), self.preflight(),
                        under_floor(canvas.smallest, self.layout.type_floor),
                        self.field_pages())

    def text_rects(self) -> dict[str, list[tuple[float, float, float, float]]]:
        """Where each block's text lies on its pages (points, trimmed page)."""
        out: dict[str, list[tuple[float, float, float, float]]] = {}
        for block_id, filled in self.flows.items():
            out[block_id] = [(p.x, p.y, *p.size) for p in filled.placed]
        for block in self.layout.blocks:
            if b.single_lines(block, (0, 0, 1, 1)) or isinstance(block, FooterBlock):
                out.setdefault(block.id, []).append(self.rect(
                    block.x_mm, block.y_mm, block.w_mm, block.h_mm, block.style.padding_mm))
        return out

    def preflight(self) -> list[str]:
        """Warnings for text closer than 5 mm to the trim, invisible characters left out
        of the layout's or the clinic's own words, and a layout that would not say where
        its text comes from or that the science is still uncertain."""
        found = [press.near_trim(name, rects, *self.trim)
                 for name, rects in self.text_rects().items()]
        found += [f"{where}: invisible characters left out: {name_chars(chars)}"
                  for where, text in typed_texts(self.layout, self.options.clinic)
                  if (chars := invisible(text))]
        if not any(isinstance(x, DisclaimerBlock)
                   or (isinstance(x, SectionsBlock) and "about" in x.after)
                   for x in self.layout.blocks):
            found.append("no disclaimer block: the pages will not say what the text is "
                         "based on, who reviewed it, or that scientists are still learning")
        return [w for w in found if w]


def _fields_in(flowables: list) -> Iterator[str]:
    """The detail fields whose lines are among these flowables (inside panels too)."""
    for f in flowables:
        if getattr(f, "field", ""):
            yield f.field
        yield from _fields_in(getattr(f, "parts", []))


def _holds_fields(flowable: object) -> bool:
    """Whether a leftover flowable is a detail's line, or a panel of the details."""
    if isinstance(flowable, b.FieldLine) or getattr(flowable, "field", ""):
        return True
    parts = getattr(flowable, "parts", None)
    return bool(parts) and all(_holds_fields(p) for p in parts)


def diagram_sizes(block: DiagramBlock) -> PageLook:
    """The type a diagram block asks for: labels at its font size, hubs at its heading
    size (a third larger by default), arrow labels at their own size (0.85 of the
    labels' by default)."""
    s = block.style
    return PageLook(s.font_size, s.heading_size or round(s.font_size * 1.3, 1),
                    block.edge_label_size or round(s.font_size * 0.85, 1))


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
    problems = field_problems(options.fields)
    if problems:
        raise ExportError("; ".join(problems))
    if options.fields.get("date"):
        try:
            parse_date(options.fields["date"], options.clinic.profile.date_format)
        except DateError as exc:
            raise ExportError(f"date: {exc}") from None
    for where, text in typed_texts(layout, options.clinic):
        chars = missing_glyphs(text)
        if chars:
            raise ExportError(f"{where}: the font cannot print {describe(chars)}")


def typed_texts(layout: Layout, clinic: Clinic) -> Iterator[tuple[str, str]]:
    """Every text someone typed that the export prints, besides the details: the
    layout's own words (titles, captions, callouts...) and the clinic profile's."""
    for block in layout.blocks:
        for name in ("text", "subtitle", "title", "caption", "url"):
            value = getattr(block, name, None)
            if isinstance(value, str):
                yield f"block '{block.id}' {name}", value
    profile = clinic.profile
    for name in ("clinic", "phone", "reviewer"):
        yield f"clinic profile {name}", getattr(profile, name)
    for name in ("can_do", "get_help"):
        for i, item in enumerate(getattr(profile, name)):
            yield f"clinic profile {name}[{i}]", item


def check_budget(layout: Layout, bundle: Bundle) -> None:
    """Refuse, before anything is laid out, a layout past the drawing budgets: diagram
    blocks x the diagram's boxes and arrows, and pixels of the images placed. (The text
    budgets are counted as each block's text is made, in :meth:`_Renderer.plan`; pages,
    sizes and padding are checked as the layout loads.)"""
    name = layout.name
    blocks = sum(isinstance(x, DiagramBlock) for x in layout.blocks)
    diagram = bundle.diagram
    items = len(diagram.nodes) + len(diagram.edges)
    if blocks * items > MAX_DIAGRAM_ITEMS:
        fits = MAX_DIAGRAM_ITEMS // max(items, 1)
        raise ExportError(
            f"layout '{name}' has {blocks} diagram block{'s' if blocks != 1 else ''} and "
            f"the diagram {items:,} boxes and arrows: {blocks * items:,} to draw, more than "
            f"the {MAX_DIAGRAM_ITEMS:,} an export draws; "
            + (f"use at most {fits} diagram block{'s' if fits != 1 else ''} with this "
               f"diagram" if fits else "use a smaller diagram"))
    pixels = 0
    for path in dict.fromkeys(x.path for x in layout.blocks if isinstance(x, ImageBlock)):
        pixels += _image_pixels(path)
        if pixels > MAX_IMAGE_PIXELS_TOTAL:
            raise ExportError(
                f"layout '{name}': its images hold more than "
                f"{MAX_IMAGE_PIXELS_TOTAL // 1_000_000} million pixels together (image "
                f"'{path}' passes it), the most an export places; use fewer or smaller "
                f"images")


def _image_pixels(relative: str) -> int:
    """The pixels of an image in assets/ from its header (0 when it cannot be read: the
    layout's own check refuses it)."""
    from PIL import Image

    from ..model.paths import ASSETS

    try:
        with Image.open(ASSETS / relative) as image:
            width, height = image.size
    except Exception:  # any unreadable file is the layout check's to name
        return 0
    return width * height


def guarded(work: Callable[[], T], keep: tuple[type[Exception], ...] = ()) -> T:
    """Run export work so that only ExportError, LoadError (an image gone from assets/
    since the layout was loaded) and the ``keep`` errors leave it: a failure inside
    reportlab (or memory running out) becomes an ExportError with a plain message."""
    try:
        return work()
    except MemoryError:
        raise ExportError("the export ran out of memory; use fewer or smaller blocks, or a "
                          "smaller page") from None
    except Exception as exc:  # the export's last guard
        if isinstance(exc, (ExportError, LoadError, *keep)):
            raise
        raise ExportError(f"the export failed ({type(exc).__name__}: {exc})") from exc


def render(layout: Layout, bundle: Bundle, options: ExportOptions | None = None) -> Rendered:
    """Render a layout with the bundle's content to PDF bytes (ExportError for anything
    that cannot be, and for a layout past the budgets)."""
    options = options or ExportOptions()
    check_options(layout, bundle, options)
    return guarded(lambda: _Renderer(layout, bundle, options).render())
