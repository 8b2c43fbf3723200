"""Every block type's painter, in one place: what each type flows or draws on the page.

Text blocks return their flowables (built in :mod:`.block_drawing` and :mod:`.leaflet`),
which the renderer flows into their regions; the others draw into their padded box.
Each painter is registered for its block type with :func:`.block_registry.paints`; a
test checks that every type in the model has one.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor

from ..model.fonts import font_for
from ..model.geometry import DiagramGeometry, solve_diagram
from ..model.images import drawing_errors
from ..model.layout import (
    MAX_PAGES,
    AdviceBlock,
    CalloutBlock,
    DetailsBlock,
    DiagramBlock,
    DisclaimerBlock,
    FooterBlock,
    GlossaryBlock,
    ImageBlock,
    MessageBlock,
    NotesBlock,
    QrBlock,
    QuestionsBlock,
    SectionsBlock,
    SummaryBlock,
    TitleBlock,
    safe_asset_path,
)
from ..model.page_diagram import PageLook, fit_to_block
from ..model.units import mm_to_pt, pt_to_mm
from . import block_drawing as b
from . import leaflet, qr
from .bidi import visual
from .block_registry import BlockPainter, Line, PrintJob, Rect, box, paints
from .diagram_drawing import Ink, Placement, draw_diagram
from .flow import Region, carve
from .pictogram_drawing import draw_pictogram
from .svg_image import draw_fitted, is_svg_file, svg_drawing
from .text import clean

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus.flowables import Flowable

CAPTION_LEADING = 1.25
MIN_FIGURE_PT = 14.0  # 5 mm: with less room a diagram, QR code or image is left out (and said)
WRAP_STANDOFF_MM = 3.0  # the room text keeps from a block it flows around
WRAP_COLUMN_MM = 25.0  # text goes beside such a block only in at least this width


# -- text that flows -------------------------------------------------------------------


def columns(page: int, rect: Rect, count: int, gap_mm: float) -> list[Region]:
    """A rectangle cut into ``count`` columns ``gap_mm`` apart."""
    x, y, w, h = rect
    gap = mm_to_pt(gap_mm)
    col = (w - gap * (count - 1)) / count
    return [Region(page, x + i * (col + gap), y, col, h) for i in range(count)]


def flow_regions(job: PrintJob, block: SectionsBlock | SummaryBlock, count: int,
                 gap_mm: float, continues: bool) -> Iterator[Region]:
    """The block's columns, then those of its further frames, then (when it continues)
    the content box of every page after the layout's own, above the footers printed on
    every page; each column carved around the blocks on its page that text flows around
    (:func:`wrapped_columns`)."""
    pad = block.style.padding_mm
    yield from wrapped_columns(job, block, block.page, job.rect(
        block.x_mm, block.y_mm, block.w_mm, block.h_mm, pad), count, gap_mm)
    for frame in block.flow:
        yield from wrapped_columns(job, block, frame.page, job.rect(
            frame.x_mm, frame.y_mm, frame.w_mm, frame.h_mm, pad), count, gap_mm)
    if not continues:
        return
    layout = job.layout
    x, y, w, h = job.rect(*layout.page.content_box())
    footer = max((mm_to_pt(f.h_mm) for f in layout.blocks
                  if isinstance(f, FooterBlock) and f.all_pages), default=0.0)
    for page in range(layout.page_count + 1, MAX_PAGES + 1):
        yield from wrapped_columns(job, block, page, (x, y + footer, w, h - footer), count,
                                   gap_mm)


def wrapped_columns(job: PrintJob, block: SectionsBlock | SummaryBlock, page: int,
                    rect: Rect, count: int, gap_mm: float) -> Iterator[Region]:
    """A rectangle's columns, each carved around the blocks on ``page`` that text flows
    around: the text goes above such a block, beside it (on its wider side, when that
    leaves a column of at least :data:`WRAP_COLUMN_MM`) and below it, keeping
    :data:`WRAP_STANDOFF_MM` from it; column by column, so it reads down each in turn."""
    around = job.wrapped(page, block.id)
    for region in columns(page, rect, count, gap_mm):
        if around:
            yield from carve(region, around, mm_to_pt(WRAP_STANDOFF_MM),
                             mm_to_pt(WRAP_COLUMN_MM))
        else:
            yield region


@paints(SectionsBlock)
class SectionsPainter(BlockPainter[SectionsBlock]):
    """The chosen sections, then the leaflet's parts set to follow them."""

    def flowables(self, block: SectionsBlock) -> list[Flowable]:
        job = self.job
        look = self.look(block)
        out = b.section_flowables(job.chosen_sections(block), look,
                                  job.chosen_text or block.text,
                                  job.has_diagram and block.back_links, job.navigation,
                                  job.numbers, job.accents())
        for part in block.after:
            out += leaflet.part_flowables(part, look, job.content, job.clinic,
                                          job.details(), job.printed_words())
        return out

    def regions(self, block: SectionsBlock) -> Iterator[Region]:
        return flow_regions(self.job, block, block.columns, block.column_gap_mm,
                            block.continues)


@paints(SummaryBlock)
class SummaryPainter(BlockPainter[SummaryBlock]):
    """The key points, one column, on through the block's further frames."""

    def flowables(self, block: SummaryBlock) -> list[Flowable]:
        job = self.job
        return b.summary_flowables(block, job.chosen_sections(block), self.look(block),
                                   job.numbers, job.accents())

    def regions(self, block: SummaryBlock) -> Iterator[Region]:
        return flow_regions(self.job, block, 1, 0.0, False)


@paints(TitleBlock)
class TitlePainter(BlockPainter[TitleBlock]):
    """The title and subtitle."""

    def flowables(self, block: TitleBlock) -> list[Flowable]:
        return b.title_flowables(block, self.job.content, self.look(block))


@paints(CalloutBlock)
class CalloutPainter(BlockPainter[CalloutBlock]):
    """A boxed note."""

    def flowables(self, block: CalloutBlock) -> list[Flowable]:
        return b.callout_flowables(block, self.look(block))


@paints(MessageBlock)
class MessagePainter(BlockPainter[MessageBlock]):
    """The main message."""

    def flowables(self, block: MessageBlock) -> list[Flowable]:
        return leaflet.message_flowables(block, self.job.content, self.look(block))


@paints(QuestionsBlock)
class QuestionsPainter(BlockPainter[QuestionsBlock]):
    """Questions to ask, as a checklist or a plain list."""

    def flowables(self, block: QuestionsBlock) -> list[Flowable]:
        return leaflet.questions_flowables(self.look(block), block.title, self.job.content,
                                           checklist=block.checklist)


@paints(GlossaryBlock)
class GlossaryPainter(BlockPainter[GlossaryBlock]):
    """The words the printed pages use, explained."""

    def flowables(self, block: GlossaryBlock) -> list[Flowable]:
        return leaflet.glossary_flowables(self.look(block), block.title, self.job.content,
                                          self.job.printed_words())


@paints(AdviceBlock)
class AdvicePainter(BlockPainter[AdviceBlock]):
    """The clinic's own advice."""

    def flowables(self, block: AdviceBlock) -> list[Flowable]:
        return leaflet.advice_flowables(self.look(block), block.title, self.job.clinic,
                                        self.job.details())


@paints(DisclaimerBlock)
class DisclaimerPainter(BlockPainter[DisclaimerBlock]):
    """About the text: uncertainty, disclaimer, provenance."""

    def flowables(self, block: DisclaimerBlock) -> list[Flowable]:
        job = self.job
        return leaflet.about_flowables(self.look(block), block.title, block.text,
                                       job.content, job.clinic)


@paints(DetailsBlock)
class DetailsPainter(BlockPainter[DetailsBlock]):
    """The detail fields, filled in or ruled to write on."""

    def flowables(self, block: DetailsBlock) -> list[Flowable]:
        return b.details_flowables(self.look(block), block.title, block.fields,
                                   self.job.details())


# -- blocks that draw --------------------------------------------------------------------


@paints(NotesBlock)
class NotesPainter(BlockPainter[NotesBlock]):
    """A title and ruled lines."""

    text_in_box = True

    def draw(self, canvas: Canvas, block: NotesBlock, rect: Rect, page: int,
             pages: int) -> None:
        b.draw_notes(canvas, block, rect, self.look(block))

    def single_lines(self, block: NotesBlock, rect: Rect) -> list[Line]:
        face = self.look(block).face("bold", heading=True)
        return [(block.title, face, b.heading_size(block.style, 1.15), rect[2])]


@paints(FooterBlock)
class FooterPainter(BlockPainter[FooterBlock]):
    """Page number, print date and review dates, on its page or on every page."""

    text_in_box = True

    def on_page(self, block: FooterBlock, page: int) -> bool:
        return block.page == page or block.all_pages

    def draw(self, canvas: Canvas, block: FooterBlock, rect: Rect, page: int,
             pages: int) -> None:
        job = self.job
        dates = leaflet.reviewed_dates(job.content, job.clinic)
        text = b.footer_text(block, page, pages, job.today, *dates,
                             style=job.clinic.profile.date_format)
        b.draw_footer(canvas, block, rect, text, self.look(block))


@paints(QrBlock)
class QrPainter(BlockPainter[QrBlock]):
    """A QR code with its address under it, linked."""

    text_in_box = True

    def draw(self, canvas: Canvas, block: QrBlock, rect: Rect, page: int,
             pages: int) -> None:
        x, y, w, h = rect
        size = block.style.font_size
        side = min(w, h - size * 1.8)
        if side < MIN_FIGURE_PT:
            self.job.note(block.id, "no room for the QR code above its address; make the "
                                    "block taller, or its type or padding smaller")
            return
        qr.draw(canvas, block.url, x + (w - side) / 2, y + h - side, side)
        face = self.look(block).face()
        url_size = b.fit_size(block.url, face, size, w)
        canvas.setFont(font_for(block.url, face), url_size)
        canvas.setFillColor(HexColor(block.style.color))
        canvas.drawCentredString(x + w / 2, y + h - side - size * 1.2,
                                 b.shorten(block.url, face, url_size, w))
        if self.job.navigation:
            canvas.linkURL(clean(block.url), (x, y + h - side, x + w, y + h), relative=1)

    def single_lines(self, block: QrBlock, rect: Rect) -> list[Line]:
        width, face = rect[2], self.look(block).face()
        size = b.fit_size(block.url, face, block.style.font_size, width)
        return [(block.url, face, size, width)]


@paints(ImageBlock)
class ImagePainter(BlockPainter[ImageBlock]):
    """A picture from the image library or the data folder, or a pictogram, fitted in
    the box keeping its shape; each file checked once, an SVG drawing converted once."""

    def __init__(self, job: PrintJob) -> None:
        super().__init__(job)
        self.files: dict[str, Path | Drawing] = {}  # a picture's file, or an SVG's drawing

    def draw(self, canvas: Canvas, block: ImageBlock, rect: Rect, page: int,
             pages: int) -> None:
        if min(rect[2], rect[3]) < MIN_FIGURE_PT:
            self.job.note(block.id, "no room for the image inside the padding; make the "
                                    "block larger or its padding smaller")
            return
        if block.pictogram is not None:  # our own vectors, in the block's colour
            side = min(rect[2], rect[3])
            draw_pictogram(canvas, block.pictogram, rect[0] + (rect[2] - side) / 2,
                           rect[1] + (rect[3] - side) / 2, side, block.style.color)
            return
        if block.path is None:
            return
        name = self.job.layout.name
        where = f"block '{block.id}' path"
        if block.path not in self.files:  # checked once, drawn from one copy
            file = safe_asset_path(name, "path", block.path)
            self.files[block.path] = (svg_drawing(name, where, file) if is_svg_file(file)
                                      else file)
        image = self.files[block.path]
        if not isinstance(image, Path):  # an SVG drawing: vectors
            draw_fitted(canvas, image, *rect)
            return
        with drawing_errors(name, where, image):
            canvas.drawImage(str(image), *rect, preserveAspectRatio=True, anchor="c",
                             mask="auto")


def diagram_sizes(block: DiagramBlock) -> PageLook:
    """The type a diagram block asks for: labels at its font size, hubs at its heading
    size (a third larger by default), arrow labels at their own size (0.85 of the
    labels' by default)."""
    s = block.style
    return PageLook(s.font_size, s.heading_size or round(s.font_size * 1.3, 1),
                    block.edge_label_size or round(s.font_size * 0.85, 1))


@paints(DiagramBlock)
class DiagramPainter(BlockPainter[DiagramBlock]):
    """The diagram laid out again for the block, its caption under it, its boxes linked
    to their sections."""

    def __init__(self, job: PrintJob) -> None:
        super().__init__(job)
        self.layouts: dict[str, tuple[DiagramGeometry, Ink | None]] = {}
        self.screen: DiagramGeometry | None = None

    def draw(self, canvas: Canvas, block: DiagramBlock, rect: Rect, page: int,
             pages: int) -> None:
        job = self.job
        diagram, drawn = job.diagram, job.section_anchors()
        links = {n.id: f"section-{n.section}" for n in diagram.nodes
                 if f"section-{n.section}" in drawn and job.navigation}
        x, y, w, h = rect
        size = block.style.font_size
        canvas.setFillColor(HexColor(block.style.color))
        face = self.caption_face(block)
        for n, line in enumerate(reversed(self.caption_lines(block))):
            canvas.setFont(font_for(line, face), size)
            canvas.drawCentredString(x + w / 2, y + size * (0.3 + CAPTION_LEADING * n),
                                     visual(line))
        if job.navigation:
            canvas.bookmarkHorizontal("diagram", x, y + h)
        if not self.has_room(block):
            return
        geometry, ink = self.geometry(block)
        draw_diagram(canvas, diagram, geometry, self.diagram_rect(block),
                     labels=block.edge_labels, links=links, ink=ink)

    def obstacles(self, block: DiagramBlock) -> list[Rect]:
        if not self.has_room(block):
            return []
        geometry, _ = self.geometry(block)
        place = Placement.fit(geometry.bounds, *self.diagram_rect(block))
        return [place.rect(n.rect) for n in geometry.nodes.values()]

    def text_areas(self, block: DiagramBlock) -> list[Rect]:
        """The diagram's boxes (their labels) and the band of its caption."""
        x, y, w, _ = box(self.job, block)
        caption = self.diagram_rect(block)[1] - y
        return self.obstacles(block) + ([(x, y, w, caption)] if caption > 0 else [])

    def caption_face(self, block: DiagramBlock) -> str:
        """The caption's face: italic in the body font, as the block's style changes it."""
        look = self.look(block)
        return look.face(look.weight(italic=True))

    def has_room(self, block: DiagramBlock) -> bool:
        """Whether the block leaves room for the diagram under its caption (else the
        diagram is left out, and the export says so)."""
        _, _, w, h = self.diagram_rect(block)
        if min(w, h) >= MIN_FIGURE_PT:
            return True
        self.job.note(block.id, f"no room for the diagram: {pt_to_mm(max(h, 0.0)):.1f} mm "
                                f"is left under the caption and padding; make the block "
                                f"larger, or its caption or padding smaller")
        return False

    def caption_lines(self, block: DiagramBlock) -> list[str]:
        """The caption broken into lines as wide as the block."""
        if not block.caption:
            return []
        width = box(self.job, block)[2]
        return b.wrap_line(block.caption, self.caption_face(block), block.style.font_size,
                           width)

    def diagram_rect(self, block: DiagramBlock) -> Rect:
        """Where the diagram itself is drawn: above its caption."""
        x, y, w, h = box(self.job, block)
        lines = len(self.caption_lines(block))
        size = block.style.font_size
        caption = size * (1.6 + CAPTION_LEADING * (lines - 1)) if lines else 0.0
        return x, y + caption, w, h - caption

    def geometry(self, block: DiagramBlock) -> tuple[DiagramGeometry, Ink | None]:
        """The diagram laid out for a block, and its line weights (made once a block)."""
        if block.id not in self.layouts:
            self.layouts[block.id] = self._lay_out(block)
        return self.layouts[block.id]

    def _lay_out(self, block: DiagramBlock) -> tuple[DiagramGeometry, Ink | None]:
        job = self.job
        diagram, sizes = job.diagram, diagram_sizes(block)
        numbers = {n.id: str(job.numbers[n.section]) for n in diagram.nodes
                   if n.section in job.numbers}
        _, _, w, h = self.diagram_rect(block)
        fitted = fit_to_block(diagram, w, h, sizes, version=job.diagram_words(block),
                              numbers=numbers, edge_labels=block.edge_labels,
                              pictograms=block.pictograms)
        if not fitted:  # the screen's geometry, the same for every block: made once
            if self.screen is None:
                self.screen = solve_diagram(diagram)
            return self.screen, None
        if fitted.shrink < 0.999:
            job.note(block.id, f"the diagram does not fit at the sizes asked, so its type is "
                               f"set at {fitted.shrink:.0%} of them (labels "
                               f"{sizes.label * fitted.shrink:.1f} pt); make the block "
                               f"larger or the type smaller")
        page = job.layout.page.background or "#ffffff"
        return fitted.geometry, Ink(sizes.line_width, page)
