"""What a good patient leaflet carries beyond its sections, one builder per block type.

The main message first, questions to ask, a glossary of the words the printed pages use,
the clinic's own advice (kept apart from the text based on the source article, under a
heading that says whose advice it is) and the "about" block: the line on uncertainty,
the disclaimer and where the text comes from, who reviewed it and when it is next
reviewed. Every piece of text is escaped (:func:`text.escape`) before reportlab parses it.
"""
from __future__ import annotations

import re
from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Image, ImageAndFlowables, Paragraph, Table

from ..model.clinic import Clinic
from ..model.content import Content
from ..model.layout import MessageBlock, Style
from ..model.units import mm_to_pt
from .blocks import HEADING_COLOUR, RULE_COLOUR, details_flowables, heading_size, long_date
from .text import escape, family, style, user_paragraph, wide_family

CHECKBOX = "\u2610"
QUESTIONS_INTRO = "Tick the ones you want to ask at your next visit."
PART_TITLES = {"questions": "Questions you might ask", "glossary": "Words used in this leaflet",
               "notes": "Notes", "details": "Your details", "about": "About this leaflet"}
ADVICE_BACKGROUND = "#eef4f1"

STARTING_POINT_NOTE = ("This advice comes from your clinic. It is not part of the article "
                       "this leaflet is based on.")


def _title(text: str, s: Style, factor: float = 1.25, space_before: float = 0.0) -> Flowable:
    size = heading_size(s, factor)
    title = user_paragraph(text, style("leaflet-title", size, leading=1.2, face="bold",
                                       colour=s.heading_color or HEADING_COLOUR,
                                       space_before=size * space_before,
                                       space_after=s.font_size * 0.4))
    title.keepWithNext = 1  # type: ignore[attr-defined]
    return title  # type: ignore[return-value]


def _items(texts: list[str], s: Style) -> list[Flowable]:
    item = style("leaflet-item", s.font_size, leading=s.leading, colour=s.color,
                 align=s.align, space_after=s.font_size * 0.3, bullet=True)
    return [Paragraph(escape(t), item, bulletText="\u2022") for t in texts]


def message_flowables(block: MessageBlock, content: Content) -> list[Flowable]:
    """The main message, in bold at the block's size."""
    text = block.text or content.main_message
    if not text:
        return []
    s = block.style
    return [user_paragraph(text, style("message", s.font_size, leading=s.leading,  # type: ignore[list-item]
                                       face="bold", colour=s.color, align=s.align))]


def questions_flowables(s: Style, title: str, content: Content,
                        space: float = 0.0) -> list[Flowable]:
    """A title and the content's questions as a checklist to tick before a visit."""
    if not content.questions:
        return []
    intro = style("questions-intro", s.font_size, leading=s.leading, colour=s.color,
                  align=s.align, space_after=s.font_size * 0.4)
    box = style("question", s.font_size, leading=s.leading, colour=s.color, align=s.align,
                space_after=s.font_size * 0.3, bullet=True)
    box = ParagraphStyle("question-box", parent=box, bulletFontName=wide_family()["regular"],
                         leftIndent=s.font_size * 1.5)
    return [_title(title, s, space_before=space),
            Paragraph(escape(QUESTIONS_INTRO), intro),
            *(Paragraph(escape(q), box, bulletText=CHECKBOX) for q in content.questions)]


def used_terms(content: Content, printed: str) -> list[tuple[str, str]]:
    """The glossary's terms that the printed text uses, as whole words, in its order."""
    lower = printed.lower()
    return [(t.term, t.meaning) for t in content.glossary
            if re.search(rf"(?<![\w-]){re.escape(t.term.lower())}(?![\w-])", lower)]


def glossary_flowables(s: Style, title: str, content: Content, printed: str,
                       space: float = 0.0) -> list[Flowable]:
    """A title and "term: meaning" for each term the printed pages use."""
    terms = used_terms(content, printed)
    if not terms:
        return []
    entry = style("glossary", s.font_size, leading=s.leading, colour=s.color, align=s.align,
                  space_after=s.font_size * 0.35)
    return [_title(title, s, space_before=space),
            *(Paragraph(f"<b>{escape(term)}:</b> {escape(meaning)}", entry)
              for term, meaning in terms)]


def advice_flowables(s: Style, title: str | None, clinic: Clinic,
                     fields: dict[str, str]) -> list[Flowable]:
    """The clinic's advice under a heading naming the clinic, with its phone number; the
    logo, when there is one, beside the heading."""
    profile = clinic.profile
    name = " ".join((fields.get("clinic") or profile.clinic).split())
    phone = " ".join((fields.get("phone") or profile.phone).split())
    title = title or (f"Advice from {name}" if name else "Advice from your clinic")
    note = style("advice-note", s.font_size, leading=s.leading, colour=s.color,
                 face="italic", space_after=s.font_size * 0.5)
    sub = style("advice-sub", s.font_size * 1.08, leading=1.25, face="bold", colour=s.color,
                space_before=s.font_size * 0.3, space_after=s.font_size * 0.25)
    head: list[Flowable] = [_title(title, s), Paragraph(escape(STARTING_POINT_NOTE), note)]
    if clinic.logo_path is not None:
        side = heading_size(s, 1.25) * 3.2
        logo = Image(str(clinic.logo_path), width=side, height=side, kind="proportional")
        head = [ImageAndFlowables(logo, head, imageSide="right",
                                  imageLeftPadding=s.font_size)]
    out = head
    if profile.can_do:
        out += [Paragraph("What you can do", sub), *_items(profile.can_do, s)]
    if profile.get_help:
        out += [Paragraph("When to get help", sub), *_items(profile.get_help, s)]
    if phone:
        body = style("advice-phone", s.font_size, leading=s.leading, colour=s.color,
                     space_before=s.font_size * 0.3)
        out.append(user_paragraph(phone, body, prefix="<b>Phone:</b> "))  # type: ignore[arg-type]
    return out


def reviewed_dates(content: Content, clinic: Clinic) -> tuple[date, date | None]:
    """When the handout was last reviewed and is next due: the clinic's dates once it has
    reviewed it, the content's until then."""
    profile = clinic.profile
    if profile.is_reviewed and profile.reviewed is not None:
        return profile.reviewed, profile.next_review
    return content.reviewed, content.next_review


def provenance(content: Content, clinic: Clinic) -> str:
    """Where the text comes from, who wrote and reviewed it, and the next review."""
    parts = []
    if content.source is not None:
        src = content.source
        parts.append(f"Based on \u201c{src.title}\u201d, {src.description}. Written in "
                     f"plain language by {src.written_by}.")
    checked = f"Text checked {long_date(content.reviewed)}"
    if content.next_review:
        checked += f"; next check due {long_date(content.next_review)}"
    parts.append(checked + ".")
    profile = clinic.profile
    if profile.is_reviewed and profile.reviewed is not None:
        who = " ".join(profile.reviewer.split())
        line = f"Reviewed for the clinic by {who} on {long_date(profile.reviewed)}"
        if profile.next_review:
            line += f"; next review due {long_date(profile.next_review)}"
        parts.append(line + ".")
    else:
        parts.append("Not yet reviewed by your clinic.")
    return " ".join(parts)


def about_flowables(s: Style, title: str | None, text: str | None, content: Content,
                    clinic: Clinic, space: float = 0.0) -> list[Flowable]:
    """The line on uncertainty, the disclaimer (``text``, else the content's) and the
    provenance line."""
    body = style("about", s.font_size, leading=s.leading, colour=s.color, align=s.align,
                 space_after=s.font_size * 0.35)
    out: list[Flowable] = []
    if title:
        out.append(_title(title, s, 1.15, space_before=space))
    if content.uncertainty:
        strong = style("uncertainty", s.font_size, leading=s.leading, face="bold",
                       colour=s.color, align=s.align, space_after=s.font_size * 0.35)
        out.append(Paragraph(escape(content.uncertainty), strong))
    out.append(user_paragraph(text or content.disclaimer, body))  # type: ignore[arg-type]
    out.append(user_paragraph(provenance(content, clinic), body))  # type: ignore[arg-type]
    return out


class RuledLines(Flowable):
    """Lines to write on, ``count`` of them ``spacing`` points apart."""

    def __init__(self, count: int, spacing: float) -> None:
        super().__init__()
        self.count, self.spacing = count, spacing

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * self.spacing

    def draw(self) -> None:
        self.canv.setStrokeColor(HexColor(RULE_COLOUR))
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            self.canv.line(0, i * self.spacing, self.width, i * self.spacing)


def boxed(flowables: list[Flowable], s: Style, background: str) -> list[Flowable]:
    """Flowables on a tinted panel that can break between them (one table row each)."""
    pad = s.font_size * 0.8
    table = Table([[f] for f in flowables], style=[
        # our own font for the cells: reportlab's default (Helvetica) is not embedded
        ("FONT", (0, 0), (-1, -1), family()["regular"], s.font_size),
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(background)),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.6)], splitByRow=1)
    table.keep_whole = True  # type: ignore[attr-defined]
    table.spaceBefore = s.font_size * 1.2
    table.spaceAfter = s.font_size * 0.6
    return [table]


def part_flowables(part: str, s: Style, content: Content, clinic: Clinic,
                   fields: dict[str, str], printed: str) -> list[Flowable]:
    """One of the leaflet's parts set to follow a sections block's text, in its style."""
    space = 0.9
    if part == "questions":
        return questions_flowables(s, PART_TITLES[part], content, space)
    if part == "glossary":
        return glossary_flowables(s, PART_TITLES[part], content, printed, space)
    if part == "advice":
        return boxed(advice_flowables(s, None, clinic, fields), s, ADVICE_BACKGROUND)
    if part == "about":
        return about_flowables(s, PART_TITLES[part], None, content, clinic, space)
    if part == "notes":
        return [_title(PART_TITLES[part], s, space_before=space),
                RuledLines(5, max(mm_to_pt(9.0), s.font_size * 2.4))]
    details = details_flowables(s, PART_TITLES[part], DETAIL_ORDER, fields)
    details[0].spaceBefore = heading_size(s, 1.25) * space  # type: ignore[attr-defined]
    return details


DETAIL_ORDER = ("patient", "date", "clinic", "clinician", "phone", "note")
