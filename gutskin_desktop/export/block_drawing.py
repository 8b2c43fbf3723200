"""What the block painters (:mod:`.block_painters`) build blocks from: the flowables of
the sections, title, callout, key points and details, and the drawing of notes, footers
and a block's box, with the one-line measures they share.

Text blocks are flowed into their own rectangle with :func:`flow.fill`, so the same
overflow measure applies to every block.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from ..model import theme
from ..model.content import BulletList, Content, Heading, Section
from ..model.dates import format_date
from ..model.fonts import font_for
from ..model.layout import (
    DETAIL_FIELDS,
    CalloutBlock,
    FooterBlock,
    NotesBlock,
    Style,
    SummaryBlock,
    TitleBlock,
)
from ..model.page_diagram import print_colour
from ..model.units import mm_to_pt
from .bidi import visual
from .text import clean, escape, family, style, user_paragraph

FIELD_LABELS: dict[str, str] = {name: name.capitalize() for name in DETAIL_FIELDS}  # Clinic...
HEADING_COLOUR = "#1f4f66"
RULE_COLOUR = "#9aa9b3"


def long_date(day: date, style: str = "long") -> str:
    """A date as the clinic writes it on paper (by default: 26 November 2026)."""
    return format_date(day, style)


def heading_size(s: Style, factor: float = 1.3) -> float:
    """A heading's size: the style's own, else ``factor`` times its text size."""
    return s.heading_size or round(s.font_size * factor, 1)


class SectionHeading(Paragraph):  # type: ignore[misc]  # reportlab ships no types
    """A section's heading: a named destination and an outline entry where it is drawn."""

    keepWithNext = 1

    def __init__(self, text: str | None, pstyle: ParagraphStyle, key: str = "",
                 title: str = "", navigate: bool = True, **kwargs: object) -> None:
        super().__init__(text, pstyle, **kwargs)
        self.key, self.title, self.navigate = key, title, navigate

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """A heading too long for the room splits like a paragraph (reportlab makes the
        parts with only a paragraph's arguments); its first part keeps the destination
        and the outline entry, the rest carry none."""
        parts: list[Flowable] = super().split(avail_width, avail_height)
        for n, part in enumerate(parts):
            if isinstance(part, SectionHeading) and part is not self:
                part.key, part.title = self.key, self.title
                part.navigate = self.navigate and n == 0
        return parts

    def draw(self) -> None:
        if self.navigate:
            self.canv.bookmarkHorizontal(self.key, 0, self.height)
            self.canv.addOutlineEntry(self.title, self.key, level=0)
        super().draw()


def _numbered(title: str, number: int | None, accent: str) -> str:
    """A heading's markup: its number in a coloured chip (as on the diagram's box)."""
    if number is None:
        return title
    return (f'<font color="#ffffff" backColor="{accent}">&nbsp;{number}&nbsp;</font>'
            f'&nbsp;&nbsp;{title}')


def section_flowables(sections: list[Section], s: Style, text: str, link_back: bool,
                      navigate: bool = True, numbers: dict[str, int] | None = None,
                      accents: dict[str, str] | None = None) -> list[Flowable]:
    """Headings, paragraphs and bulleted items of the chosen sections in their ``text``
    (patient or presenter); a heading carries its section's number when the diagram's
    boxes are numbered to match."""
    size, hsize = s.font_size, heading_size(s)
    body = style("body", size, leading=s.leading, colour=s.color, align=s.align,
                 space_after=size * 0.45)
    items = style("item", size, leading=s.leading, colour=s.color, align=s.align,
                  space_after=size * 0.25, bullet=True)
    last_item = style("last-item", size, leading=s.leading, colour=s.color, align=s.align,
                      space_after=size * 0.55, bullet=True)
    head = style("heading", hsize, leading=1.2, face="bold",
                 colour=s.heading_color or HEADING_COLOUR, space_before=hsize * 0.75,
                 space_after=hsize * 0.3)
    sub = style("subheading", size * 1.08, leading=1.25, face="bold", colour=s.color,
                space_before=size * 0.4, space_after=size * 0.2)
    out: list[Flowable] = []
    for section in sections:
        title = escape(section.title)
        if link_back and navigate:
            title = f'<a href="#diagram">{title}</a>'
        number = (numbers or {}).get(section.id)
        accent = chip_colour(section.id, accents)
        outline = f"{number}. {section.title}" if number else section.title
        out.append(SectionHeading(_numbered(title, number, accent), head,
                                  f"section-{section.id}", outline, navigate))
        texts = section.blocks(text)
        for n, b in enumerate(texts):
            if isinstance(b, BulletList):
                out += [Paragraph(escape(i), last_item if n == len(b.items) - 1 else items,
                                  bulletText="\u2022") for n, i in enumerate(b.items)]
            elif isinstance(b, Heading):
                heading = Paragraph(escape(b.text), sub)
                heading.keepWithNext = 1
                out.append(heading)
            else:
                paragraph = Paragraph(escape(b.text), body)
                introduces_list = n + 1 < len(texts) and isinstance(texts[n + 1], BulletList)
                paragraph.keepWithNext = int(introduces_list and b.text.rstrip().endswith(":"))
                out.append(paragraph)
    return out


def title_flowables(block: TitleBlock, content: Content) -> list[Flowable]:
    """The title (the block's, else the content's) and the subtitle under it."""
    s = block.style
    size = heading_size(s, 2.2)
    out: list[Flowable] = [user_paragraph(block.text or content.title,
                                          style("title", size, leading=1.15, face="bold",
                                                colour=s.heading_color or s.color,
                                                align=s.align))]
    if block.subtitle:
        out.append(user_paragraph(block.subtitle,
                             style("subtitle", s.font_size, leading=s.leading,
                                   colour=s.color if s.background else theme.MUTED_INK,
                                   align=s.align,
                                   space_before=s.font_size * 0.3)))
    return out


def callout_flowables(block: CalloutBlock) -> list[Flowable]:
    """A callout's title, when it has one, and its text."""
    s = block.style
    out: list[Flowable] = []
    if block.title:
        out.append(user_paragraph(block.title,
                             style("callout-title", heading_size(s, 1.15), face="bold",
                                   colour=s.heading_color or HEADING_COLOUR, align=s.align,
                                   space_after=s.font_size * 0.3)))
    out.append(user_paragraph(block.text, style("callout", s.font_size, leading=s.leading,
                                                colour=s.color, align=s.align)))
    return out


def summary_flowables(block: SummaryBlock, sections: list[Section],
                      numbers: dict[str, int] | None = None,
                      accents: dict[str, str] | None = None) -> list[Flowable]:
    """The key points: a title, then each section's summary, numbered in its section's
    colour when the diagram's boxes carry numbers."""
    s = block.style
    title = user_paragraph(block.title, style("summary-title", heading_size(s, 1.25),
                                              face="bold", leading=1.2,
                                              colour=s.heading_color or HEADING_COLOUR,
                                              space_after=s.font_size * 0.4))
    title.keepWithNext = 1
    out: list[Flowable] = [title]
    item = style("summary", s.font_size, leading=s.leading, colour=s.color, align=s.align,
                 space_after=s.font_size * 0.3, bullet=True)
    for sec in sections:
        number = (numbers or {}).get(sec.id)
        if number is None:
            out.append(Paragraph(escape(sec.summary), item, bulletText="\u2022"))
            continue
        numbered = ParagraphStyle(f"summary-{number}", parent=item,
                                  bulletFontName=family()["bold"],
                                  bulletColor=HexColor(chip_colour(sec.id, accents)),
                                  leftIndent=s.font_size * 1.6)
        out.append(Paragraph(escape(sec.summary), numbered, bulletText=str(number)))
    return out


def chip_colour(section_id: str, accents: dict[str, str] | None) -> str:
    """A section's number colour: its box's accent, dark enough for white on it."""
    return print_colour(theme.shade((accents or {}).get(section_id, HEADING_COLOUR), 0.15),
                        "#ffffff", 4.5)


def draw_box(canvas: Canvas, s: Style, rect: tuple[float, float, float, float]) -> None:
    """A block's background and border, when its style has them."""
    if not (s.background or s.border):
        return
    canvas.saveState()
    if s.background:
        canvas.setFillColor(HexColor(s.background))
    if s.border:
        canvas.setStrokeColor(HexColor(s.border))
        canvas.setLineWidth(0.8)
    canvas.roundRect(*rect, 4, stroke=1 if s.border else 0, fill=1 if s.background else 0)
    canvas.restoreState()


def line_width(text: str, face: str, size: float) -> float:
    """The width of one line of cleaned text in the shared family."""
    text = clean(text)
    width: float = stringWidth(visual(text), font_for(text, face), size)
    return width


def shorten(text: str, face: str, size: float, width: float) -> str:
    """Cleaned text, cut with an ellipsis if it is wider than ``width``."""
    text = clean(text)
    if line_width(text, face, size) <= width:
        return text
    low, high = 0, len(text)  # the longest start that fits with the ellipsis, halving
    while low < high:
        mid = (low + high + 1) // 2
        if line_width(text[:mid] + "\u2026", face, size) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low] + "\u2026"


def wrap_line(text: str, face: str, size: float, width: float) -> list[str]:
    """Cleaned text broken at spaces into lines no wider than ``width`` (a single word
    wider than that is cut with an ellipsis)."""
    lines: list[str] = []
    for word in clean(text).split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and line_width(trial, face, size) <= width:
            lines[-1] = trial
        else:
            lines.append(shorten(word, face, size, width))
    return lines


def fit_size(text: str, face: str, size: float, width: float, floor: float = 5.0) -> float:
    """The largest size up to ``size`` (but not below ``floor``) at which text fits."""
    natural = line_width(text, face, size)
    return size if natural <= width else max(floor, size * width / natural)


def draw_notes(canvas: Canvas, block: NotesBlock, rect: tuple[float, ...]) -> None:
    """A title and ruled lines down to the bottom of the block."""
    x, y, w, h = rect
    s = block.style
    size = heading_size(s, 1.15)
    canvas.setFillColor(HexColor(s.heading_color or HEADING_COLOUR))
    title = shorten(block.title, "bold", size, w)
    canvas.setFont(font_for(title, "bold"), size)
    canvas.drawString(x, y + h - size, visual(title))
    canvas.setStrokeColor(HexColor(RULE_COLOUR))
    canvas.setLineWidth(0.6)
    step = mm_to_pt(block.line_spacing_mm)
    line_y = y + h - size - step
    while line_y >= y - 0.01:
        canvas.line(x, line_y, x + w, line_y)
        line_y -= step


def details_flowables(s: Style, title: str | None, fields: Sequence[str],
                      values: dict[str, str]) -> list[Flowable]:
    """One line per field: its label, then the value given or a line to write on."""
    label = style("detail", s.font_size, leading=s.leading, colour=s.color,
                  space_after=s.font_size * 0.55)
    out: list[Flowable] = []
    if title:
        heading = user_paragraph(title, style("details-title", heading_size(s, 1.15),
                                              face="bold", leading=1.2,
                                              colour=s.heading_color or HEADING_COLOUR,
                                              space_after=s.font_size * 0.5))
        heading.keepWithNext = 1
        out.append(heading)
    for name in fields:
        value = " ".join(values.get(name, "").split())
        out.append(FieldLine(f"{FIELD_LABELS[name]}:", value, label,
                             s.font_size * s.leading * 1.45, name if value else ""))
    return out


class FieldLine(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """A field's label and value on a ruled line (blank to write on when no value).

    A value too long for one line is set as a wrapping paragraph instead.
    """

    def __init__(self, label: str, value: str, pstyle: ParagraphStyle, height: float,
                 field: str = "") -> None:
        super().__init__()
        self.label, self.value, self.pstyle, self.field = label, value, pstyle, field
        self.size: float = pstyle.fontSize
        self.colour = pstyle.textColor
        self.height, self.width = height, 0.0
        self.paragraph: Flowable | None = None

    def _label_width(self) -> float:
        label: float = stringWidth(self.label, family()["bold"], self.size)
        return label + self.size * 0.5

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        room = avail_width - self._label_width()
        value = clean(self.value)
        if stringWidth(visual(value), font_for(value), self.size) > room:
            self.paragraph = user_paragraph(f"{self.label} {self.value}", self.pstyle,
                                            prefix="")
            if isinstance(self.paragraph, Paragraph):
                self.paragraph = user_paragraph(self.value, self.pstyle,
                                                prefix=f"<b>{escape(self.label)}</b> ")
            size: tuple[float, float] = self.paragraph.wrap(avail_width, avail_height)
            return size
        self.paragraph = None
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        parts = self.paragraph.split(avail_width, avail_height) if self.paragraph else []
        for part in parts:
            part.field = self.field  # the overflow names it
        return parts

    def getSpaceBefore(self) -> float:  # reportlab's name
        return self.size * 0.6 if self.paragraph else 0.0

    def getSpaceAfter(self) -> float:  # reportlab's name
        return float(self.pstyle.spaceAfter) if self.paragraph else 0.0

    def draw(self) -> None:
        if self.paragraph is not None:
            self.paragraph.drawOn(self.canv, 0, 0)
            return
        canvas, start = self.canv, self._label_width()
        canvas.setFillColor(self.colour)
        canvas.setFont(family()["bold"], self.size)
        canvas.drawString(0, self.size * 0.35, self.label)
        if self.value:
            value = clean(self.value)
            canvas.setFont(font_for(value), self.size)
            canvas.drawString(start, self.size * 0.35, visual(value))
        canvas.setStrokeColor(HexColor(RULE_COLOUR))
        canvas.setLineWidth(0.6)
        canvas.line(start, 0, self.width, 0)


def footer_text(block: FooterBlock, page: int, pages: int, today: date, checked: str,
                reviewed: date, next_review: date | None = None, style: str = "long") -> str:
    """The footer's parts, in the layout's choice: page, print date, and when the text
    was last checked or reviewed (``checked`` says which) and is next due."""
    nxt = "Next review" if checked.startswith("Reviewed") else "Next check"
    texts = {"page": f"Page {page} of {pages}",
             "printed": f"Printed {long_date(today, style)}",
             "reviewed": f"{checked} {long_date(reviewed, style)}",
             "next-review": f"{nxt} {long_date(next_review, style)}" if next_review else ""}
    return "   \u00b7   ".join(texts[p] for p in block.parts if texts[p])


def draw_footer(canvas: Canvas, block: FooterBlock, rect: tuple[float, ...], text: str) -> None:
    """The footer's rule across the top of its box and its text under it."""
    x, y, w, h = rect
    s = block.style
    canvas.setFillColor(HexColor(s.color))
    canvas.setFont(family()["regular"], s.font_size)
    canvas.setStrokeColor(HexColor(RULE_COLOUR))
    canvas.setLineWidth(0.5)
    canvas.line(x, y + h, x + w, y + h)
    # under the rule, but never so low that descenders leave the block (a short footer)
    base = max(y + h - s.font_size * 1.4, y - getDescent(family()["regular"], s.font_size))
    if s.align == "center":
        canvas.drawCentredString(x + w / 2, base, text)
    elif s.align == "right":
        canvas.drawRightString(x + w, base, text)
    else:
        canvas.drawString(x, base, text)

