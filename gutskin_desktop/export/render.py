"""Render a layout to PDF bytes: plan every block, then draw page by page.

Planning first flows each text block into its rectangles (and a continuing sections block
onto new pages, and around the blocks it flows around) so that the page count is known
before anything is drawn, and overflow is measured for every block. Drawing then paints
backgrounds, blocks in file order and footers, and adds metadata, the outline and the
links between diagram and sections. Last, every page is checked for blocks that cover
other blocks' text (:mod:`.overlap`). Fonts and colours a style leaves unset come from the
layout's theme (:mod:`..model.themes`).

What each type of block flows or draws is its painter's (:mod:`.block_painters`); this
module knows no block type's drawing. :class:`PlannedPages` is the seam for other ways
of putting the pages on paper (tiling).
"""
from __future__ import annotations

import _thread
import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
from msgspec.structs import replace
from reportlab.lib.colors import HexColor

from .. import __version__
from ..model.bundle import Bundle
from ..model.clinic import Clinic
from ..model.content import Content, Section, plain_text
from ..model.dates import DateError, format_date, parse_date
from ..model.errors import LoadError
from ..model.handout_checks import describe, field_problems, invisible, missing_glyphs, name_chars
from ..model.layout import (
    Block,
    DiagramBlock,
    DisclaimerBlock,
    Frame,
    ImageBlock,
    Layout,
    SectionsBlock,
    SummaryBlock,
)
from ..model.page_diagram import shown_nodes
from ..model.theme_files import CLINIC
from ..model.themes import Theme, clinic_theme, theme_for
from ..model.units import mm_to_pt, pt_to_mm
from . import block_drawing as b
from . import (
    block_painters,  # noqa: F401 - registers every block type's painter
    flow_reuse,
    leaflet,
    page_replay,
    press,
)
from .block_registry import BlockPainter, Rect, box, painter_type
from .export_errors import (
    BlockFailed,
    ExportError,
    FieldError,
    OverBudget,
    SectionChoiceError,
    TextChoiceError,
    UnprintableText,
    UnprintedFields,
)
from .flow import Filled, fill, text_load
from .measure import MeasuringCanvas, SmallType, under_floor
from .overlap import OnPage, Overlap, bounding, page_overlaps
from .text import clean, family

if TYPE_CHECKING:
    from reportlab.platypus.flowables import Flowable

    from ..model.diagram import Diagram
    from .cmyk import OutputProfile

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


@contextmanager
def block_errors(block_id: str, doing: str) -> Iterator[None]:
    """Turn a failure inside reportlab into a message naming the block."""
    try:
        yield
    except ExportError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, ArithmeticError, AttributeError,
            RecursionError, OSError) as exc:
        raise BlockFailed(block_id, doing, exc) from exc


class ExportOptions(msgspec.Struct, frozen=True):
    """What a person chooses at export time."""

    sections: tuple[str, ...] | None = None
    text: str | None = None
    fields: dict[str, str] = msgspec.field(default_factory=dict)
    today: date | None = None
    deterministic: bool = False
    bleed_mm: float | None = None
    crop_marks: bool = False
    navigation: bool = True
    clinic: Clinic = msgspec.field(default_factory=Clinic)
    pdfx: bool = False  # PDF/X-4 for a print shop: CMYK through an output profile (.pdfx)
    output_profile: OutputProfile | None = None  # the press's profile; None: the app's own
    # False: the PDF's streams are written uncompressed, for a preview that is only shown
    # (quicker to write and to read back: ui/render_jobs.py says by how much)
    compress: bool = True
    # True: a digest of each page is noted (Rendered.page_digests), by which a preview
    # keeps the images of the pages that did not change (ui/render_jobs.py)
    page_digests: bool = False


class Overflow(msgspec.Struct, frozen=True):
    """Text that does not fit its block, or (``note``) something a block left out or
    shrank; ``fields`` are the details typed among the text left over."""

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


class Rendered(msgspec.Struct):
    """The PDF and what the export found."""

    pdf: bytes
    pages: int
    overflows: list[Overflow]
    preflight: list[str] = msgspec.field(default_factory=list)
    small_type: list[SmallType] = msgspec.field(default_factory=list)
    field_pages: dict[str, int] = msgspec.field(default_factory=dict)
    overlaps: list[Overlap] = msgspec.field(default_factory=list)
    page_digests: tuple[bytes, ...] = ()  # with ExportOptions.page_digests, page by page

    def summary(self) -> str:
        """``2 pages, all text fits`` or what does not fit, is set too small or is
        covered by another block."""
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        problems = ([str(o) for o in self.overflows] + [str(o) for o in self.overlaps]
                    + [str(t) for t in self.small_type])
        if not problems:
            return f"{pages}, all text fits and is large enough"
        return f"{pages}: " + "; ".join(problems)

    def problems_by_block(self) -> dict[str, str]:
        """Each block's overflow, small type and overlaps, as one message per block (an
        overlap under both blocks' ids)."""
        out: dict[str, list[str]] = {}
        items: list[Overflow | SmallType] = [*self.overflows, *self.small_type]
        for item in items:
            out.setdefault(item.block, []).append(str(item))
        for overlap in self.overlaps:
            for block in (overlap.block, overlap.other):
                out.setdefault(block, []).append(str(overlap))
        return {block: "; ".join(texts) for block, texts in out.items()}

    def details_cut(self) -> list[Overflow]:
        """The overflows that cut off details someone typed (a long note, say)."""
        return [o for o in self.overflows if o.fields]


#: The glossary terms the printed words use, by what the words were made from (the last
#: few exports: a batch's rows and a preview's edits print the same words again).
_PRINTED_TERMS: dict[tuple[object, ...], tuple[Bundle, str]] = {}
_PRINTED_LOCK = _thread.allocate_lock()


class _Renderer:
    """One export of a layout: plans its text, then draws its pages. It is the
    :class:`~.block_registry.PrintJob` its block painters ask."""

    def __init__(self, layout: Layout, bundle: Bundle, options: ExportOptions) -> None:
        self.layout, self.bundle, self.options = layout, bundle, options
        self.width_mm, self.height_mm = layout.page.size_mm()
        self.today = options.today or date.today()
        self.has_diagram = any(isinstance(x, DiagramBlock) for x in layout.blocks)
        self.flows: dict[str, Filled] = {}
        self.pages = layout.page_count  # as planned
        self.theme: Theme = theme_for(layout, options.clinic)
        self.wraps = [x for x in layout.blocks if x.wrap]
        self.painters: dict[type[Block], BlockPainter[Any]] = {}
        self.assigned = self.assign_sections()
        self.numbers = self.section_numbers()
        bleed = layout.page.bleed_mm if options.bleed_mm is None else options.bleed_mm
        self.bleed = mm_to_pt(bleed)
        self.slug = press.slug_for(self.bleed) if options.crop_marks else 0.0
        self.line_overflows: list[Overflow] = []
        self._printed: str | None = None
        self._accents: dict[str, str] | None = None
        self.text_chars = self.text_lines = self.text_items = 0
        check_budget(layout, bundle)
        family()

    # -- what painters ask (PrintJob) -----------------------------------------------------

    @property
    def content(self) -> Content:
        return self.bundle.content

    @property
    def diagram(self) -> Diagram:
        return self.bundle.diagram

    @property
    def clinic(self) -> Clinic:
        return self.options.clinic

    @property
    def navigation(self) -> bool:
        """Links between diagram and sections; none in a PDF/X file, which is for print."""
        return self.options.navigation and not self.options.pdfx

    @property
    def chosen_text(self) -> str | None:
        return self.options.text or None

    def painter(self, block: Block) -> BlockPainter[Any]:
        """The painter for a block's type, made on first use."""
        kind = type(block)
        if kind not in self.painters:
            self.painters[kind] = painter_type(kind)(self)
        return self.painters[kind]

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float,
             pad_mm: float = 0.0) -> Rect:
        """A rectangle in layout millimetres (top-left origin) as PDF points."""
        x, y = x_mm + pad_mm, y_mm + pad_mm
        w, h = w_mm - 2 * pad_mm, h_mm - 2 * pad_mm
        return (mm_to_pt(x), mm_to_pt(self.height_mm - y - h), mm_to_pt(w), mm_to_pt(h))

    def note(self, block_id: str, text: str) -> None:
        """Report (once) that a block left something out or shrank it."""
        if not any(o.block == block_id and o.note == text for o in self.line_overflows):
            self.line_overflows.append(Overflow(block_id, 0, 0.0, text))

    def wrapped(self, page: int, block_id: str) -> list[Rect]:
        """The blocks on ``page`` that text flows around, but ``block_id`` (points)."""
        return [box(self, x, padded=False) for x in self.wraps
                if x.id != block_id and self.painter(x).on_page(x, page)]

    def section_anchors(self) -> set[str]:
        """The named destinations of the section headings placed on the pages."""
        return {p.flowable.key for f in self.flows.values() for p in f.placed
                if isinstance(p.flowable, b.SectionHeading)}

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
        """The sections a sections block prints; every chosen one for the key points."""
        content = self.bundle.content
        if isinstance(block, SectionsBlock):
            return [content.section(i) for i in self.assigned[block.id]]
        return [content.section(i) for i in self.chosen_ids()]

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
            key = self._printed_key()
            with _PRINTED_LOCK:
                kept = _PRINTED_TERMS.get(key)
            if kept is None or kept[0] is not self.bundle:
                used = leaflet.used_terms(self.bundle.content, self._printed_words())
                kept = (self.bundle, "\n".join(term for term, _ in used))
                with _PRINTED_LOCK:
                    _PRINTED_TERMS[key] = kept
                    while len(_PRINTED_TERMS) > 8:
                        del _PRINTED_TERMS[next(iter(_PRINTED_TERMS))]
            self._printed = kept[1]
        return self._printed

    def _printed_key(self) -> tuple[object, ...]:
        """Everything :meth:`_printed_words` reads: the same key, the same words (the
        bundle by identity; it is kept with the terms, so the identity stays its own)."""
        diagrams = tuple((self.diagram_words(x), x.edge_labels) for x in self.layout.blocks
                         if isinstance(x, DiagramBlock))
        return (id(self.bundle), self.text_kind(),
                tuple((k, tuple(v)) for k, v in self.assigned.items()),
                any(isinstance(x, SummaryBlock) for x in self.layout.blocks),
                tuple(self.chosen_ids()), diagrams)

    def _printed_words(self) -> str:
        """Every word the pages print that a glossary term may be found in."""
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
        """Which text a diagram block's boxes carry: its own choice, else the export's."""
        return self.text_kind() if block.words == "auto" else block.words

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
        self.pages = pages
        return pages

    def plan_text(self, block: Block) -> list[Flowable] | None:
        """A block's flowables, counted against the text budgets (ExportError past them)."""
        painter = self.painter(block)
        items = painter.flowables(block)
        if items is None:
            return None
        # the narrowest region sets the most lines
        width = min(r.w for r in painter.regions(block))
        chars, lines, paragraphs = text_load(items, width)
        self.text_chars += chars
        self.text_lines += lines
        self.text_items += paragraphs
        self.check_text_budget(block.id, lines, width)
        return items

    def check_text_budget(self, block_id: str, lines: int, width: float) -> None:
        """Refuse the text set so far when it passes a budget (``block_id`` passed it,
        setting ``lines`` lines ``width`` points wide)."""
        name, where = self.layout.name, f"block '{block_id}' passes it"
        if self.text_chars > MAX_TEXT_CHARS:
            raise OverBudget(
                f"layout '{name}': its blocks set more than {MAX_TEXT_CHARS:,} characters "
                f"of text, the most an export sets ({where}; right-to-left text counts "
                f"more, the wider its lines); use fewer or shorter text blocks, or fewer "
                f"sections", "characters", self.text_chars, MAX_TEXT_CHARS, block_id)
        if self.text_items > MAX_TEXT_ITEMS:
            raise OverBudget(
                f"layout '{name}': its blocks set more than {MAX_TEXT_ITEMS:,} paragraphs "
                f"of text, the most an export sets ({where}); use fewer text blocks, fewer "
                f"parts after the sections, or fewer sections", "paragraphs",
                self.text_items, MAX_TEXT_ITEMS, block_id)
        if self.text_lines > MAX_TEXT_LINES:
            raise OverBudget(
                f"layout '{name}': its text would take about {self.text_lines:,} lines at "
                f"the blocks' widths, more than the {MAX_TEXT_LINES:,} an export sets "
                f"({where} with about {lines:,} lines {pt_to_mm(width):.1f} mm wide; a "
                f"right-to-left line counts four); make the narrow text blocks wider, or "
                f"their type smaller or text shorter", "lines", self.text_lines,
                MAX_TEXT_LINES, block_id)

    def plan_block(self, block: Block, items: list[Flowable]) -> int:
        """Flow a block's text into its regions; return the last page it reaches."""
        earlier = flow_reuse.take(self.layout.name, block.id)
        self.flows[block.id] = filled = fill(items, self.painter(block).regions(block),
                                             earlier)
        return filled.last_page

    def check_lines(self) -> None:
        """Single lines (notes titles, captions, QR addresses) that are wider than their
        block are reported; they are drawn shortened to stay inside it."""
        for block in self.layout.blocks:
            with block_errors(block.id, "measured"):
                for text, face, size, width in self.painter(block).single_lines(
                        block, box(self, block)):
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
        """What does not fit, what blocks left out, and the lines too wide."""
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
        """A canvas for the whole PDF, its metadata set."""
        canvas = self.new_canvas(buffer, invariant=1 if self.options.deterministic else 0,
                                 lang="en-US", pageCompression=int(self.options.compress),
                                 initialFontName=family()["regular"], initialFontSize=10,
                                 **press.boxes(*self.trim, self.bleed, self.slug))
        content, fields = self.bundle.content, self.options.fields
        canvas.setTitle(content.title)
        canvas.setSubject(f"{self.layout.description} ({self.layout.name})")
        canvas.setAuthor(clean(fields.get("clinician") or fields.get("clinic") or "")
                         or "gutskin-desktop")
        canvas.setKeywords(KEYWORDS)
        canvas.setCreator(f"gutskin-desktop {__version__}")
        return canvas

    def new_canvas(self, buffer: io.BytesIO, **kwargs: Any) -> MeasuringCanvas:
        """A canvas to draw on: a PDF/X one in CMYK when the options ask for PDF/X."""
        if not self.options.pdfx:
            return MeasuringCanvas(buffer, **kwargs)
        from .pdfx import pdfx_canvas  # Pillow's colour management only when needed

        return pdfx_canvas(buffer, self.options.output_profile, self.theme, **kwargs)

    def draw_block(self, canvas: MeasuringCanvas, block: Block, page: int,
                   pages: int) -> None:
        """A block's background and border, then what its painter draws in it."""
        whole = box(self, block, padded=False)
        b.draw_box(canvas, block.style, press.bleed_rect(whole, *self.trim, self.bleed))
        self.painter(block).draw(canvas, block, box(self, block), page, pages)

    def draw_page(self, canvas: MeasuringCanvas, page: int, pages: int) -> None:
        """Draw one page: the trimmed page at the origin, the bleed around it."""
        background = self.layout.page.background
        if background:
            width, height = self.trim
            canvas.setFillColor(HexColor(background))
            canvas.rect(-self.bleed, -self.bleed, width + 2 * self.bleed,
                        height + 2 * self.bleed, 0, 1)
        for block in self.layout.blocks:
            if self.painter(block).on_page(block, page):
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
        """Plan, then draw every page into one PDF."""
        pages = self.plan()
        buffer = io.BytesIO()
        canvas = self.canvas(buffer)
        if self.options.page_digests:
            canvas.page_digests = []
        offset = self.bleed + self.slug
        replay = not (self.options.pdfx or self.options.crop_marks)
        for page in range(1, pages + 1):
            if replay:
                self.draw_or_play(canvas, page, pages, offset)
            else:
                self.draw_moved(canvas, page, pages, offset)
            if self.options.crop_marks:
                press.draw_crop_marks(canvas, *self.trim, self.bleed, self.slug,
                                      registration=self.options.pdfx)
            canvas.showPage()
        canvas.showOutline()
        canvas.save()
        for block_id, filled in self.flows.items():  # drawn: the next export may go on
            flow_reuse.keep(self.layout.name, block_id, filled)
        return Rendered(buffer.getvalue(), pages, self.overflows(), self.preflight(),
                        under_floor(canvas.smallest, self.layout.type_floor),
                        self.field_pages(), self.overlaps(),
                        tuple(canvas.page_digests or ()))

    def draw_moved(self, canvas: MeasuringCanvas, page: int, pages: int,
                   offset: float) -> None:
        """Draw one page with the trimmed page ``offset`` points in (bleed, slug)."""
        canvas.saveState()
        canvas.translate(offset, offset)
        self.draw_page(canvas, page, pages)
        canvas.restoreState()

    def draw_or_play(self, canvas: MeasuringCanvas, page: int, pages: int,
                     offset: float) -> None:
        """Play the page back when it was drawn before from the same things in the same
        state (:mod:`.page_replay`); else draw it, recording it for later exports. A page
        with a picture is always drawn (its file may have changed since)."""
        drawn = self.drawn_on(page)
        if any(isinstance(x, ImageBlock) for x in drawn):
            self.draw_moved(canvas, page, pages, offset)
            return
        key = self.page_key(page, pages, offset, drawn)
        start = page_replay.doc_state(canvas)
        record = page_replay.take(self.layout.name, page, key, start)
        if record is not None:
            page_replay.play(canvas, record)
            for note in record.notes:
                self.note(note.block, note.note)
            return
        recorder = page_replay.PageRecorder(canvas, key, start)
        notes = len(self.line_overflows)
        self.draw_moved(canvas, page, pages, offset)
        made = recorder.end()
        if made is not None:
            page_replay.keep(self.layout.name, page,
                             replace(made, notes=tuple(self.line_overflows[notes:])))

    def drawn_on(self, page: int) -> tuple[Block, ...]:
        """The blocks whose painters draw on ``page``, in the order they are drawn."""
        return tuple(x for x in self.layout.blocks if self.painter(x).on_page(x, page))

    def page_key(self, page: int, pages: int, offset: float,
                 drawn: tuple[Block, ...]) -> tuple[object, ...]:
        """Everything drawing the page reads (see :mod:`.page_replay`): equal keys, the
        same page. The blocks drawn on it by value (a block's painter reads its own block,
        the page's size and the job's choices; text set around blocks is in the placed
        paragraphs' places), the laid-out paragraphs by identity (held in the key)."""
        placed = tuple((block_id, p.flowable, p.x, p.y, p.size)
                       for block_id, filled in self.flows.items()
                       for p in filled.placed if p.page == page)
        return (page, pages, offset, self.bleed, self.layout.page, self.layout.theme, drawn,
                page_replay.Same(self.bundle), replace(self.options, fields={}), self.today,
                self.theme, self.text_kind(), tuple(self.numbers.items()),
                tuple(sorted(self.section_anchors())), placed)

    def overlaps(self) -> list[Overlap]:
        """Every block covering the text of a block behind it, page by page."""
        on_pages: dict[int, list[OnPage]] = {}
        for order, block in enumerate(self.layout.blocks):
            with block_errors(block.id, "measured"):
                for page, item in self.on_pages(order, block):
                    on_pages.setdefault(page, []).append(item)
        out: list[Overlap] = []
        for page in sorted(on_pages):
            out += page_overlaps(page, on_pages[page])
        return out

    def on_pages(self, order: int, block: Block) -> Iterator[tuple[int, OnPage]]:
        """What a block puts on each page it is on: where it lies and where its text is."""
        whole, painter = box(self, block, padded=False), self.painter(block)
        flows = isinstance(block, (SectionsBlock, SummaryBlock))
        filled = self.flows.get(block.id)
        if filled is None:  # a block that draws: its box, on every page it is drawn on
            texts: list[list[Rect]] = []  # worked out once, when asked

            def areas() -> list[Rect]:
                if not texts:
                    texts.append(painter.text_areas(block))
                return texts[0]
            for page in range(1, self.pages + 1):  # its text, if any, is inside its box
                if painter.on_page(block, page):
                    yield page, OnPage(block.id, order, [whole], areas, whole, block.wrap)
            return
        frames: tuple[Frame, ...] = getattr(block, "flow", ())
        placed: dict[int, list[Rect]] = {}
        for p in filled.placed:
            placed.setdefault(p.page, []).append((p.x, p.y, *p.size))
        for page in sorted({block.page, *(f.page for f in frames), *placed}):
            text = placed.get(page, [])
            area = [whole] if block.page == page else []
            area += [self.rect(f.x_mm, f.y_mm, f.w_mm, f.h_mm) for f in frames
                     if f.page == page]
            yield page, OnPage(block.id, order, area + text, partial(list, text),
                               bounding(text), block.wrap, flows, text)

    def text_rects(self) -> dict[str, list[Rect]]:
        """Where each block's text lies on its pages (points, trimmed page)."""
        out: dict[str, list[Rect]] = {}
        for block_id, filled in self.flows.items():
            out[block_id] = [(p.x, p.y, *p.size) for p in filled.placed]
        for block in self.layout.blocks:
            if self.painter(block).text_in_box:
                out.setdefault(block.id, []).append(box(self, block))
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
        if self.layout.theme == CLINIC and clinic_theme(self.options.clinic) is None:
            found.append("the layout's theme is the clinic's, but the clinic profile has no "
                         "brand colours: it is printed in the default theme")
        if not any(isinstance(x, DisclaimerBlock)
                   or (isinstance(x, SectionsBlock) and "about" in x.after)
                   for x in self.layout.blocks):
            found.append("no disclaimer block: the pages will not say what the text is "
                         "based on, who reviewed it, or that scientists are still learning")
        return [w for w in found if w]


class PlannedPages:
    """A layout planned for print (its text flowed, its pages counted), ready to draw
    any of its pages on a canvas: what a tiled print draws its sheets from."""

    def __init__(self, layout: Layout, bundle: Bundle, options: ExportOptions) -> None:
        self._renderer = _Renderer(layout, bundle, options)
        self.count = self._renderer.plan()

    def draw(self, canvas: MeasuringCanvas, page: int) -> None:
        """Draw a page of the layout with its bottom-left corner at the origin."""
        self._renderer.draw_page(canvas, page, self.count)

    def canvas(self, buffer: io.BytesIO, **kwargs: Any) -> MeasuringCanvas:
        """A canvas to draw the pages on (reportlab's ``Canvas`` arguments): a PDF/X
        one, in CMYK, when the options ask for PDF/X."""
        return self._renderer.new_canvas(buffer, **kwargs)

    def overflows(self) -> list[Overflow]:
        """What does not fit, and what blocks left out, of the pages drawn so far."""
        return self._renderer.overflows()

    def overlaps(self) -> list[Overlap]:
        """The blocks that cover other blocks' text."""
        return self._renderer.overlaps()


def _fields_in(flowables: Iterable[Flowable]) -> Iterator[str]:
    """The detail fields whose lines are among these flowables (inside panels too)."""
    for f in flowables:
        if getattr(f, "field", ""):
            yield str(f.field)
        yield from _fields_in(getattr(f, "parts", None) or [])


def _holds_fields(flowable: Flowable) -> bool:
    """Whether a leftover flowable is a detail's line, or a panel of the details."""
    if isinstance(flowable, b.FieldLine) or bool(getattr(flowable, "field", "")):
        return True
    parts: list[Flowable] = getattr(flowable, "parts", None) or []
    return bool(parts) and all(_holds_fields(p) for p in parts)


def check_options(layout: Layout, bundle: Bundle, options: ExportOptions) -> None:
    """Refuse unknown sections, texts and fields before anything is drawn."""
    known = bundle.content.ids
    for section_id in options.sections or ():
        if section_id not in known:
            raise SectionChoiceError(section_id, known)
    if options.sections is not None and not options.sections:
        raise SectionChoiceError(None, known)
    if options.text not in (None, "patient", "presenter"):
        raise TextChoiceError(str(options.text))
    check_fields(options.fields, options.clinic)
    for where, text in typed_texts(layout, options.clinic):
        chars = missing_glyphs(text)
        if chars:
            raise UnprintableText(where, describe(chars))


def check_fields(fields: dict[str, str], clinic: Clinic) -> None:
    """Refuse details that are unknown, too long, in letters the font lacks, or a date
    that cannot be read in the clinic's style."""
    for name in fields:
        if name not in b.FIELD_LABELS:
            raise FieldError(f"unknown field {name!r} (choose from "
                             f"{', '.join(b.FIELD_LABELS)})", name)
    problems = field_problems(fields)
    if problems:
        raise FieldError("; ".join(problems))
    if fields.get("date"):
        try:
            parse_date(fields["date"], clinic.profile.date_format)
        except DateError as exc:
            raise FieldError(f"date: {exc}", "date") from None


def check_details(layout: Layout, fields: dict[str, str]) -> None:
    """Refuse details filled in that the layout has no place for."""
    missing = layout.unprinted(fields)
    if missing:
        raise UnprintedFields(layout.name, missing)


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
    budgets are counted as each block's text is made, as it is planned; pages, sizes and
    padding are checked as the layout loads.)"""
    name = layout.name
    blocks = sum(isinstance(x, DiagramBlock) for x in layout.blocks)
    diagram = bundle.diagram
    items = len(diagram.nodes) + len(diagram.edges)
    if blocks * items > MAX_DIAGRAM_ITEMS:
        fits = MAX_DIAGRAM_ITEMS // max(items, 1)
        raise OverBudget(
            f"layout '{name}' has {blocks} diagram block{'s' if blocks != 1 else ''} and "
            f"the diagram {items:,} boxes and arrows: {blocks * items:,} to draw, more than "
            f"the {MAX_DIAGRAM_ITEMS:,} an export draws; "
            + (f"use at most {fits} diagram block{'s' if fits != 1 else ''} with this "
               f"diagram" if fits else "use a smaller diagram"),
            "diagram items", blocks * items, MAX_DIAGRAM_ITEMS)
    pixels = 0
    for path in dict.fromkeys(x.path for x in layout.blocks
                              if isinstance(x, ImageBlock) and x.path):
        pixels += _image_pixels(path)
        if pixels > MAX_IMAGE_PIXELS_TOTAL:
            raise OverBudget(
                f"layout '{name}': its images hold more than "
                f"{MAX_IMAGE_PIXELS_TOTAL // 1_000_000} million pixels together (image "
                f"'{path}' passes it), the most an export places; use fewer or smaller "
                f"images", "pixels", pixels, MAX_IMAGE_PIXELS_TOTAL)


def _image_pixels(relative: str) -> int:
    """The pixels of an image in the data folder from its header (0 when it cannot be
    read: the layout's own check refuses it)."""
    from PIL import Image

    from ..model.paths import ASSETS

    try:
        with Image.open(ASSETS / relative) as image:
            width, height = image.size
    except Exception:  # any unreadable file is the layout check's to name
        return 0
    return int(width * height)


def guarded(work: Callable[[], T], keep: tuple[type[Exception], ...] = ()) -> T:
    """Run export work so that only ExportError, LoadError (an image gone from the data
    folder since the layout was loaded) and the ``keep`` errors leave it: a failure inside
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
