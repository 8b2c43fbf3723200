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
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import Paragraph

from ..model import theme
from ..model.content import BulletList, Content, Heading, Section
from ..model.dates import format_date
from ..model.fonts import font_for, split_face
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
from .flow import made_from
from .look import Look
from .row_cache import paragraph, style_key
from .text import clean, escape, faces, user_paragraph

FIELD_LABELS: dict[str, str] = {name: name.capitalize() for name in DETAIL_FIELDS}  # Clinic...


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


def markup_colour(value: str) -> str:
    """A colour for paragraph markup: ``#rrggbb`` as ``rgb(r,g,b)``, anything else as it
    is. reportlab parses ``rgb(...)`` at once, to the very same colour; ``#rrggbb`` it
    takes only after trying it as an expression, with its safe evaluator (the ``inspect``
    module and more, about 5 ms to import, and 20 us a colour)."""
    if not theme.is_colour(value):
        return value
    return "rgb({},{},{})".format(*theme.parse_hex(value))


def _numbered(title: str, number: int | None, accent: str) -> str:
    """A heading's markup: its number in a coloured chip (as on the diagram's box)."""
    if number is None:
        return title
    return (f'<font color="rgb(255,255,255)" backColor="{markup_colour(accent)}">'
            f'&nbsp;{number}&nbsp;</font>&nbsp;&nbsp;{title}')


def section_flowables(sections: list[Section], look: Look, text: str, link_back: bool,
                      navigate: bool = True, numbers: dict[str, int] | None = None,
                      accents: dict[str, str] | None = None) -> list[Flowable]:
    """Headings, paragraphs and bulleted items of the chosen sections in their ``text``
    (patient or presenter); a heading carries its section's number when the diagram's
    boxes are numbered to match."""
    s = look.style
    size, hsize = s.font_size, heading_size(s)
    body = look.para("body", size, leading=s.leading, align=s.align, space_after=size * 0.45)
    items = look.para("item", size, leading=s.leading, align=s.align,
                      space_after=size * 0.25, bullet=True)
    last_item = look.para("last-item", size, leading=s.leading, align=s.align,
                          space_after=size * 0.55, bullet=True)
    head = look.para("heading", hsize, heading=True, leading=1.2, face="bold",
                     colour=look.heading_colour, space_before=hsize * 0.75,
                     space_after=hsize * 0.3)
    sub = look.para("subheading", size * 1.08, heading=True, leading=1.25, face="bold",
                    space_before=size * 0.4, space_after=size * 0.2)
    out: list[Flowable] = []
    for section in sections:
        title = escape(section.title)
        if link_back and navigate:
            title = f'<a href="#diagram">{title}</a>'
        number = (numbers or {}).get(section.id)
        accent = chip_colour(section.id, accents, look.colour("heading"))
        outline = f"{number}. {section.title}" if number else section.title
        out.append(paragraph(_numbered(title, number, accent), head, cls=SectionHeading,
                             key=f"section-{section.id}", title=outline,
                             navigate=navigate))
        texts = section.blocks(text)
        for n, b in enumerate(texts):
            if isinstance(b, BulletList):
                out += [paragraph(escape(i), last_item if n == len(b.items) - 1 else items,
                                  bulletText="\u2022") for n, i in enumerate(b.items)]
            elif isinstance(b, Heading):
                heading = paragraph(escape(b.text), sub)
                heading.keepWithNext = 1
                out.append(heading)
            else:
                para = paragraph(escape(b.text), body)
                introduces_list = n + 1 < len(texts) and isinstance(texts[n + 1], BulletList)
                para.keepWithNext = int(introduces_list and b.text.rstrip().endswith(":"))
                out.append(para)
    return out


def title_flowables(block: TitleBlock, content: Content, look: Look) -> list[Flowable]:
    """The title (the block's, else the content's, in the heading font) and the subtitle
    under it (in the body font); the block's bold and italic, when set, apply to both."""
    s = block.style
    size = heading_size(s, 2.2)
    out: list[Flowable] = [user_paragraph(block.text or content.title,
                                          look.para("title", size, heading=True,
                                                    leading=1.15, face=look.weight(True),
                                                    colour=s.heading_color or s.color,
                                                    align=s.align))]
    if block.subtitle:
        out.append(user_paragraph(block.subtitle,
                                  look.para("subtitle", s.font_size, leading=s.leading,
                                            face=look.weight(),
                                            colour=s.color if s.background else
                                            look.colour("soft"), align=s.align,
                                            space_before=s.font_size * 0.3)))
    return out


def callout_flowables(block: CalloutBlock, look: Look) -> list[Flowable]:
    """A callout's title, when it has one (in the heading font), and its text; the
    block's bold and italic, when set, apply to both."""
    s = block.style
    out: list[Flowable] = []
    if block.title:
        out.append(user_paragraph(block.title,
                                  look.para("callout-title", heading_size(s, 1.15),
                                            heading=True, face=look.weight(True),
                                            colour=look.heading_colour, align=s.align,
                                            space_after=s.font_size * 0.3)))
    out.append(user_paragraph(block.text, look.para("callout", s.font_size,
                                                    face=look.weight(), leading=s.leading,
                                                    align=s.align)))
    return out


def summary_flowables(block: SummaryBlock, sections: list[Section], look: Look,
                      numbers: dict[str, int] | None = None,
                      accents: dict[str, str] | None = None) -> list[Flowable]:
    """The key points: a title, then each section's summary, numbered in its section's
    colour when the diagram's boxes carry numbers."""
    s = block.style
    title = user_paragraph(block.title, look.para("summary-title", heading_size(s, 1.25),
                                                  heading=True, face="bold", leading=1.2,
                                                  colour=look.heading_colour,
                                                  space_after=s.font_size * 0.4))
    title.keepWithNext = 1
    out: list[Flowable] = [title]
    item = look.para("summary", s.font_size, leading=s.leading, align=s.align,
                     space_after=s.font_size * 0.3, bullet=True)
    for sec in sections:
        number = (numbers or {}).get(sec.id)
        if number is None:
            out.append(paragraph(escape(sec.summary), item, bulletText="\u2022"))
            continue
        chip = chip_colour(sec.id, accents, look.colour("heading"))
        numbered = ParagraphStyle(f"summary-{number}", parent=item,
                                  bulletFontName=faces(look.body_font)["bold"],
                                  bulletColor=HexColor(chip), leftIndent=s.font_size * 1.6)
        out.append(paragraph(escape(sec.summary), numbered, bulletText=str(number)))
    return out


def chip_colour(section_id: str, accents: dict[str, str] | None, fallback: str) -> str:
    """A section's number colour: its box's accent (``fallback`` for a section no box
    opens), dark enough for white on it."""
    return print_colour(theme.shade((accents or {}).get(section_id, fallback), 0.15),
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


def draw_notes(canvas: Canvas, block: NotesBlock, rect: tuple[float, ...], look: Look) -> None:
    """A title and ruled lines down to the bottom of the block."""
    x, y, w, h = rect
    s = block.style
    size = heading_size(s, 1.15)
    face = look.face("bold", heading=True)
    canvas.setFillColor(HexColor(look.heading_colour))
    title = shorten(block.title, face, size, w)
    canvas.setFont(font_for(title, face), size)
    canvas.drawString(x, y + h - size, visual(title))
    canvas.setStrokeColor(HexColor(look.colour("rule")))
    canvas.setLineWidth(0.6)
    step = mm_to_pt(block.line_spacing_mm)
    line_y = y + h - size - step
    while line_y >= y - 0.01:
        canvas.line(x, line_y, x + w, line_y)
        line_y -= step


def details_flowables(look: Look, title: str | None, fields: Sequence[str],
                      values: dict[str, str]) -> list[Flowable]:
    """One line per field: its label, then the value given or a line to write on."""
    s = look.style
    label = look.para("detail", s.font_size, leading=s.leading,
                      space_after=s.font_size * 0.55)
    out: list[Flowable] = []
    if title:
        heading = user_paragraph(title, look.para("details-title", heading_size(s, 1.15),
                                                  heading=True, face="bold", leading=1.2,
                                                  colour=look.heading_colour,
                                                  space_after=s.font_size * 0.5))
        heading.keepWithNext = 1
        out.append(heading)
    for name in fields:
        value = " ".join(values.get(name, "").split())
        out.append(FieldLine(f"{FIELD_LABELS[name]}:", value, label,
                             s.font_size * s.leading * 1.45, name if value else "",
                             look.face(), look.colour("rule")))
    return out


class FieldLine(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """A field's label and value on a ruled line (blank to write on when no value).

    A value too long for one line is set as a wrapping paragraph instead.
    """

    def __init__(self, label: str, value: str, pstyle: ParagraphStyle, height: float,
                 field: str = "", face: str = "regular", rule: str = "#9aa9b3") -> None:
        super().__init__()
        self.label, self.value, self.pstyle, self.field = label, value, pstyle, field
        self.face, self.rule = face, rule  # the value's face (its family), the line's colour
        self.bold = faces(split_face(face)[0])["bold"]
        self.size: float = pstyle.fontSize
        self.colour = pstyle.textColor
        self.height, self.width = height, 0.0
        self.paragraph: Flowable | None = None
        # made from these alone: a later fill goes on past it (see flow.signature)
        made_from(self, label, value, style_key(pstyle), height, field, face, rule)

    def _label_width(self) -> float:
        label: float = stringWidth(self.label, self.bold, self.size)
        return label + self.size * 0.5

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        room = avail_width - self._label_width()
        value = clean(self.value)
        if stringWidth(visual(value), font_for(value, self.face), self.size) > room:
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
        canvas.setFont(self.bold, self.size)
        canvas.drawString(0, self.size * 0.35, self.label)
        if self.value:
            value = clean(self.value)
            canvas.setFont(font_for(value, self.face), self.size)
            canvas.drawString(start, self.size * 0.35, visual(value))
        canvas.setStrokeColor(HexColor(self.rule))
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


def draw_footer(canvas: Canvas, block: FooterBlock, rect: tuple[float, ...], text: str,
                look: Look) -> None:
    """The footer's rule across the top of its box and its text under it."""
    x, y, w, h = rect
    s = block.style
    font = font_for(text, look.face())
    canvas.setFillColor(HexColor(s.color))
    canvas.setFont(font, s.font_size)
    canvas.setStrokeColor(HexColor(look.colour("rule")))
    canvas.setLineWidth(0.5)
    canvas.line(x, y + h, x + w, y + h)
    # under the rule, but never so low that descenders leave the block (a short footer)
    base = max(y + h - s.font_size * 1.4, y - getDescent(font, s.font_size))
    if s.align == "center":
        canvas.drawCentredString(x + w / 2, base, text)
    elif s.align == "right":
        canvas.drawRightString(x + w, base, text)
    else:
        canvas.drawString(x, base, text)

