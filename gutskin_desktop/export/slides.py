"""Slides: the guided tour as a 16:9 deck, a PDF page per step (and the same as PNGs).

A title slide comes first (the main message, the line on uncertainty and the
disclaimer, beside the whole diagram); then one slide per tour step, in the presenter's
order: the step's section title, its key point (the section's one-line summary, in plain
words) in large type, and the diagram laid out for the slide (:mod:`model.page_diagram`)
and drawn as the handouts draw it (:func:`diagram_drawing.draw_diagram`), with the
step's box and its pathways lit and the rest dimmed under a veil of the background, as
the explorer dims them. A slide never shows presenter notes. With ``text="presenter"``
the diagram uses the presenter's words and the presenter text follows the slides on
pages of its own, headed "Presenter notes" (for the presenter's copy, never in the
PNGs). Pages are 13.333 x 7.5 in; PNGs are rasterised from the PDF at 1920 x 1080.
"""
from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor

from ..model import theme
from ..model.bundle import Bundle
from ..model.content import BulletList, Heading, Section
from ..model.diagram import Diagram
from ..model.geometry import DiagramGeometry
from ..model.page_diagram import PageLook, fit_to_block, print_colour
from ..model.storage import SaveError, write_atomic
from .diagram_drawing import Ink, Placement, draw_diagram
from .raster import PDFIUM_LOCK
from .subset_tags import TaggingCanvas
from .text import escape, family, style

SLIDE_W, SLIDE_H = 960.0, 540.0  # points: 13.333 x 7.5 in, 16:9
PNG_W, PNG_H = 1920, 1080
MARGIN = 40.0
TITLE_PT, KEY_PT, BODY_PT, FOOT_PT = 40.0, 28.0, 24.0, 18.0
NOTES_PT = 15.0  # the presenter's own pages, read at arm's length, never projected
DIAGRAM_SIZES = PageLook(label=14.5, hub=18.5, edge_label=11.0)  # 29 px at 1080p
VEIL = 1.0 - 0.22  # the explorer dims what is not lit to 22% opacity
DIAGRAM_RECT = (32.0, 64.0, 584.0, 380.0)  # x, y from the bottom, w, h (points)
TEXT_KINDS = ("patient", "presenter")
Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Deck:
    """A written deck: the PDF, how many slides it opens with (title slide included) and
    its pages in all (presenter notes pages after the slides)."""

    pdf: bytes
    slides: int
    pages: int


def tour_steps(diagram: Diagram) -> list[str]:
    """The deck's steps, as the presenter's tour runs: the diagram's tour, or its boxes
    in reading order when it has none."""
    return list(diagram.tour) or diagram.tour_order()


def png_names(count: int) -> list[str]:
    """The PNG files' names for a deck of ``count`` slides: ``slide-01.png`` on."""
    digits = max(2, len(str(count)))
    return [f"slide-{i:0{digits}d}.png" for i in range(1, count + 1)]


class _Slides:
    """Draws the deck on one canvas."""

    def __init__(self, bundle: Bundle, text: str, deterministic: bool) -> None:
        if text not in TEXT_KINDS:
            raise ValueError(f"text must be one of {', '.join(TEXT_KINDS)}, not {text!r}")
        self.bundle, self.text = bundle, text
        self.buffer = io.BytesIO()
        fonts = family()
        self.fonts = fonts
        self.canvas = TaggingCanvas(self.buffer, pagesize=(SLIDE_W, SLIDE_H),
                             invariant=1 if deterministic else 0,
                             initialFontName=fonts["regular"])
        content = bundle.content
        self.canvas.setTitle(f"{content.title}: slides")
        self.canvas.setSubject(bundle.diagram.title)
        self.canvas.setAuthor(content.source.written_by if content.source else content.title)
        self.pages = 0
        self.steps = tour_steps(bundle.diagram)
        self.diagram_rect: Rect = DIAGRAM_RECT
        self.geometry = self._geometry(self.diagram_rect)

    def _geometry(self, rect: Rect) -> DiagramGeometry | None:
        fitted = fit_to_block(self.bundle.diagram, rect[2], rect[3], DIAGRAM_SIZES,
                              version=self.text)
        return fitted.geometry if fitted else None

    # -- pieces ----------------------------------------------------------------------

    def _page(self) -> None:
        c = self.canvas
        c.setFillColor(HexColor(theme.BACKGROUND))
        c.rect(0, 0, SLIDE_W, SLIDE_H, stroke=0, fill=1)

    def _end_page(self) -> None:
        self.canvas.showPage()
        self.pages += 1

    def _paragraphs(self, texts: list[tuple[str, float, str, str]], rect: Rect) -> float:
        """Set ``(text, size, face, colour)`` paragraphs top-down in ``rect``, all made
        smaller together when they do not fit (text is never left out; the shipped text
        fits at its sizes); return the scale."""
        from reportlab.platypus.frames import Frame
        from reportlab.platypus.paragraph import Paragraph

        x, y, w, h = rect
        scale = 1.0
        while True:
            flow = [Paragraph(escape(t), style(f"slide{i}", size * scale, face=face,
                                                 colour=colour, leading=1.22,
                                                 space_after=size * scale * 0.5))
                    for i, (t, size, face, colour) in enumerate(texts)]
            needed = sum(p.wrap(w, h)[1] + p.getSpaceAfter() for p in flow)
            if needed <= h + 0.5 or scale < 0.3:
                break
            scale *= 0.94
        Frame(x, y, w, h, 0, 0, 0, 0, showBoundary=0).addFromList(flow, self.canvas)
        return scale

    def _footer(self, left: str, right: str) -> None:
        c = self.canvas
        c.setFillColor(HexColor(theme.MUTED_INK))
        c.setFont(self.fonts["regular"], FOOT_PT)
        c.drawString(MARGIN, 28, left)
        c.drawRightString(SLIDE_W - MARGIN, 28, right)

    def _diagram(self, node_id: str | None) -> None:
        """The diagram in its place; with ``node_id``, that box and its pathways lit."""
        g = self.geometry
        if g is None:
            return
        diagram = self.bundle.diagram
        ink = Ink(DIAGRAM_SIZES.line_width * 1.4, theme.BACKGROUND)
        place = draw_diagram(self.canvas, diagram, g, self.diagram_rect, labels=True, ink=ink)
        if node_id is None or node_id not in g.nodes:
            return
        lit = {node_id} | diagram.neighbours(node_id)
        c = self.canvas
        c.saveState()
        c.setFillColor(HexColor(theme.BACKGROUND))
        c.setFillAlpha(VEIL)
        x, y, w, h = self.diagram_rect
        c.rect(x - 12, y - 12, w + 24, h + 24, stroke=0, fill=1)
        c.restoreState()
        edges = tuple(e for e in g.edges if node_id in (e.source, e.target))
        shown = DiagramGeometry({k: v for k, v in g.nodes.items() if k in lit}, edges,
                                g.bounds)
        draw_diagram(self.canvas, diagram, shown, self.diagram_rect, labels=True,
                     ink=_LitInk(ink.line * 1.6, theme.BACKGROUND))
        self._ring(place, g.nodes[node_id].rect, g.nodes[node_id].radius, ink.line)

    def _ring(self, place: Placement, rect: Rect, radius: float, line: float) -> None:
        """The opened box's border in the explorer's focus colour."""
        c = self.canvas
        x, y, w, h = place.rect(rect)
        c.saveState()
        c.setStrokeColor(HexColor(theme.FOCUS))
        c.setLineWidth(line * 2.2)
        c.roundRect(x, y, w, h, radius * place.scale, stroke=1, fill=0)
        c.restoreState()

    # -- pages -----------------------------------------------------------------------

    def title_slide(self) -> None:
        content = self.bundle.content
        self._page()
        self.canvas.bookmarkPage("slide-0")
        self.canvas.addOutlineEntry(content.title, "slide-0", level=0)
        c = self.canvas
        c.setFillColor(HexColor(print_colour(theme.DEFAULT_ACCENT["hub"], theme.BACKGROUND)))
        c.rect(0, SLIDE_H - 210, 14, 120, stroke=0, fill=1)
        texts = [(content.title, 52.0, "bold", theme.INK)]
        if content.main_message:
            texts.append((content.main_message, 32.0, "regular", theme.INK))
        if content.uncertainty:
            texts.append((content.uncertainty, BODY_PT, "italic", theme.MUTED_INK))
        self._paragraphs(texts, (96.0, 80.0, SLIDE_W - 96.0 - 2 * MARGIN, SLIDE_H - 170))
        self._footer(_short(content.disclaimer), "")
        self._end_page()

    def step_slide(self, index: int, node_id: str) -> None:
        diagram, content = self.bundle.diagram, self.bundle.content
        node = diagram.node(node_id)
        section = content.section(node.section)
        key = f"slide-{index + 1}"
        self._page()
        c = self.canvas
        c.bookmarkPage(key)
        c.addOutlineEntry(f"{index + 1}. {section.title}", key, level=0)
        c.setFillColor(HexColor(print_colour(node.accent, theme.BACKGROUND)))
        c.rect(0, SLIDE_H - 86, 14, 60, stroke=0, fill=1)
        self._paragraphs([(section.title, TITLE_PT, "bold", theme.INK)],
                         (MARGIN, SLIDE_H - 96, SLIDE_W - 2 * MARGIN, 80))
        self._diagram(node_id)
        panel = (636.0, 64.0, SLIDE_W - 636.0 - MARGIN, 380.0)
        c.setFillColor(HexColor("#ffffff"))
        c.setStrokeColor(HexColor(theme.tint(node.accent, 0.5)))
        c.setLineWidth(1.5)
        c.roundRect(*panel, 14, stroke=1, fill=1)
        inner = (panel[0] + 20, panel[1] + 18, panel[2] - 40, panel[3] - 40)
        self._paragraphs([(section.summary, KEY_PT, "regular", theme.INK)], inner)
        self._footer(self.bundle.content.title,
                     f"{index + 1} of {len(self.steps)}")
        self._end_page()

    def notes_pages(self) -> None:
        """The presenter text of each step, on pages after the slides."""
        from reportlab.platypus.frames import Frame

        content, diagram = self.bundle.content, self.bundle.diagram
        self.canvas.addOutlineEntry("Presenter notes", "notes", level=0)
        for index, node_id in enumerate(self.steps):
            section = content.section(diagram.node(node_id).section)
            flow = _notes_flow(section)
            first = True
            while flow or first:
                self._page()
                if first:
                    if index == 0:
                        self.canvas.bookmarkPage("notes")
                    self._notes_head(index, section.title)
                top = SLIDE_H - (110 if first else MARGIN)
                width = (SLIDE_W - 2 * MARGIN - 30) / 2
                left = len(flow)
                for column in range(2):
                    x = MARGIN + column * (width + 30)
                    frame = Frame(x, 56, width, top - 56, 0, 0, 0, 0)
                    frame.addFromList(flow, self.canvas)
                if flow and len(flow) == left:  # a paragraph taller than a page
                    raise ValueError(f"{section.id}: presenter text too long for a page")
                self._footer(f"Presenter notes: not for showing ({content.title})",
                             f"notes for {index + 1} of {len(self.steps)}")
                self._end_page()
                first = False

    def _notes_head(self, index: int, title: str) -> None:
        c = self.canvas
        c.setFillColor(HexColor(theme.MUTED_INK))
        c.setFont(self.fonts["bold"], FOOT_PT)
        c.drawString(MARGIN, SLIDE_H - 52, f"Presenter notes for slide {index + 2}")
        c.setFillColor(HexColor(theme.INK))
        c.setFont(self.fonts["bold"], 26)
        c.drawString(MARGIN, SLIDE_H - 86, title)

    def build(self, with_notes: bool) -> Deck:
        self.title_slide()
        for index, node_id in enumerate(self.steps):
            self.step_slide(index, node_id)
        slides = self.pages
        if with_notes:
            self.notes_pages()
        self.canvas.showOutline()
        self.canvas.save()
        return Deck(self.buffer.getvalue(), slides, self.pages)


class _LitInk(Ink, frozen=True):
    """Lines of the lit pathways, in the explorer's colour for them."""

    @property
    def edge_colour(self) -> str:
        return print_colour(theme.EDGE_LIT, self.page, 4.5)


def _short(text: str) -> str:
    """The disclaimer's first sentence, for a footer line."""
    first, dot, _ = text.partition(". ")
    return first + (dot.strip() if dot else "")


def _notes_flow(section: Section) -> list[object]:
    """The section's presenter text as paragraphs for the notes pages."""
    from reportlab.platypus.paragraph import Paragraph

    body = style("notes", NOTES_PT, leading=1.3, space_after=NOTES_PT * 0.5)
    bullet = style("notes-item", NOTES_PT, leading=1.3, space_after=NOTES_PT * 0.3,
                   bullet=True)
    head = style("notes-head", NOTES_PT * 1.15, face="bold", space_after=NOTES_PT * 0.3)
    flow: list[object] = []
    for block in section.presenter:
        if isinstance(block, BulletList):
            flow += [Paragraph(escape(item), bullet, bulletText="\u2022")
                     for item in block.items]
        else:
            flow.append(Paragraph(escape(block.text), head if isinstance(block, Heading)
                                  else body))
    return flow


def build_deck(bundle: Bundle, text: str = "patient", deterministic: bool = False) -> Deck:
    """The deck as a PDF: a title slide, then a slide per tour step; with
    ``text="presenter"``, the presenter notes on pages after the slides."""
    return _Slides(bundle, text, deterministic).build(with_notes=text == "presenter")


def deck_pngs(deck: Deck, cancelled: Callable[[], bool] = lambda: False) -> list[bytes]:
    """Each slide of ``deck`` (not its notes pages) as a 1920 x 1080 PNG."""
    import pypdfium2 as pdfium

    out: list[bytes] = []
    for index in range(deck.slides):
        if cancelled():
            break
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(deck.pdf)
            try:
                page = document[index]
                bitmap = page.render(scale=PNG_W / SLIDE_W, rev_byteorder=True)
                try:
                    image = bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
                    page.close()
            finally:
                document.close()
        if image.size != (PNG_W, PNG_H):
            image = image.resize((PNG_W, PNG_H))
        buffer = io.BytesIO()
        image.save(buffer, "PNG", compress_type=zlib.Z_RLE)
        out.append(buffer.getvalue())
    return out


def write_pngs(folder: str | Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` (name: PNG) into ``folder``, made if need be (its parent must
    exist), each atomically. If one cannot be written, those this call made new are
    taken away again and the :class:`SaveError` is raised."""
    folder = Path(folder)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise SaveError(f"{folder}: cannot make the folder ({exc.strerror})") from None
    written: list[Path] = []
    for name, data in files.items():
        target = folder / name
        new = not target.exists()
        try:
            write_atomic(target, data)
        except SaveError:
            for path in written:
                path.unlink(missing_ok=True)
            raise
        if new:
            written.append(target)
    return [folder / name for name in files]
