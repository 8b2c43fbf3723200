"""What a good patient leaflet carries beyond its sections, one builder per block type.

The main message first, questions to ask, a glossary of the words the printed pages use,
the clinic's own advice (kept apart from the text based on the source article, under a
heading that says whose advice it is) and the "about" block: the line on uncertainty,
the disclaimer and where the text comes from, who reviewed it and when it is next
reviewed. Every piece of text is escaped (:func:`text.escape`) before reportlab parses it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.flowables import Flowable, Image
from reportlab.platypus.paragraph import Paragraph

from ..model.clinic import Clinic
from ..model.content import Content
from ..model.layout import AFTER_TEXT_DETAIL_ORDER, MessageBlock
from ..model.units import mm_to_pt
from .block_drawing import details_flowables, heading_size, long_date
from .diary_grid import DiaryGrid
from .look import Look
from .panel import Panel
from .row_cache import paragraph
from .svg_image import is_svg_file, svg_logo
from .text import escape, faces, user_paragraph

QUESTIONS_INTRO = "Tick the ones you want to ask at your next visit."
PART_TITLES = {"questions": "Questions you might ask", "glossary": "Words used in this leaflet",
               "notes": "Notes", "details": "Your details", "about": "About this leaflet",
               "diary": "My skin and gut diary"}


def _title(text: str, look: Look, factor: float = 1.25,
           space_before: float = 0.0) -> Flowable:
    s = look.style
    size = heading_size(s, factor)
    title = user_paragraph(text, look.para("leaflet-title", size, heading=True, leading=1.2,
                                           face="bold", colour=look.heading_colour,
                                           space_before=size * space_before,
                                           space_after=s.font_size * 0.4))
    title.keepWithNext = 1
    return title


def _items(texts: Sequence[str], look: Look) -> list[Flowable]:
    s = look.style
    item = look.para("leaflet-item", s.font_size, leading=s.leading, align=s.align,
                     space_after=s.font_size * 0.3, bullet=True)
    return [paragraph(escape(t), item, bulletText="\u2022") for t in texts]


def message_flowables(block: MessageBlock, content: Content, look: Look) -> list[Flowable]:
    """The main message, in bold at the block's size."""
    text = block.text or content.main_message
    if not text:
        return []
    s = block.style
    return [user_paragraph(text, look.para("message", s.font_size, leading=s.leading,
                                           face="bold", align=s.align))]


def questions_flowables(look: Look, title: str, content: Content, space: float = 0.0,
                        checklist: bool = True) -> list[Flowable]:
    """A title and the content's questions: a checklist to tick before a visit, or (on a
    wall) a plain list."""
    if not content.questions:
        return []
    if not checklist:
        return [_title(title, look, space_before=space), *_items(content.questions, look)]
    s = look.style
    intro = look.para("questions-intro", s.font_size, leading=s.leading, align=s.align,
                      space_after=s.font_size * 0.4)
    box = look.para("question", s.font_size, leading=s.leading, align=s.align,
                    space_after=s.font_size * 0.3)
    box = ParagraphStyle("question-box", parent=box, leftIndent=s.font_size * 1.6)
    return [_title(title, look, space_before=space),
            paragraph(escape(QUESTIONS_INTRO), intro),
            *(paragraph(escape(q), box, cls=CheckItem) for q in content.questions)]


class CheckItem(Paragraph):  # type: ignore[misc]  # reportlab ships no types
    """A paragraph with an empty box to tick before its first line (drawn, not a glyph:
    the shared font has no box character)."""

    def draw(self) -> None:
        size = self.style.fontSize
        baseline = self.height - size * 0.93
        self.canv.saveState()
        self.canv.setStrokeColor(self.style.textColor)
        self.canv.setLineWidth(max(0.75, size * 0.07))
        side = size * 0.78
        self.canv.rect(size * 0.1, baseline - size * 0.08, side, side, stroke=1, fill=0)
        self.canv.restoreState()
        super().draw()


def used_terms(content: Content, printed: str) -> list[tuple[str, str]]:
    """The glossary's terms that the printed text uses, as whole words, in its order."""
    lower = printed.lower()
    return [(t.term, t.meaning) for t in content.glossary if _uses(lower, t.term.lower())]


def _uses(lower: str, term: str) -> bool:
    """Whether ``term`` is in ``lower`` as a whole word (not inside a longer word or a
    hyphenated one). The whole-word pattern is searched from the term's first place in
    the text (its look-behind still sees the letter before): most terms are not there
    at all, and a plain search says so many times quicker than the pattern would."""
    first = lower.find(term)
    return first >= 0 and re.compile(
        rf"(?<![\w-]){re.escape(term)}(?![\w-])").search(lower, first) is not None


def glossary_flowables(look: Look, title: str, content: Content, printed: str,
                       space: float = 0.0) -> list[Flowable]:
    """A title and "term: meaning" for each term the printed pages use."""
    terms = used_terms(content, printed)
    if not terms:
        return []
    s = look.style
    entry = look.para("glossary", s.font_size, leading=s.leading, align=s.align,
                      space_after=s.font_size * 0.35)
    return [_title(title, look, space_before=space),
            *(paragraph(f"<b>{escape(term)}:</b> {escape(meaning)}", entry)
              for term, meaning in terms)]


def advice_flowables(look: Look, title: str | None, clinic: Clinic,
                     fields: dict[str, str]) -> list[Flowable]:
    """The advice under a heading that says whose it is, with the phone number; the logo,
    when there is one, beside the heading. Once someone at the clinic has reviewed it,
    it is the clinic's advice, named as such; until then it is printed as general
    advice, never as the clinic's."""
    profile = clinic.profile
    name = " ".join((fields.get("clinic") or profile.clinic).split())
    phone = " ".join((fields.get("phone") or profile.phone).split())
    owned = profile.is_reviewed
    if not title:
        title = (f"Advice from {name}" if name else "Advice from your clinic") if owned \
            else "General advice"
    note_text = (f"This advice comes from {name or 'your clinic'}. " if owned else
                 "Your clinic has not yet reviewed this general advice. ") + \
        "It is not part of the article this leaflet is based on."
    s = look.style
    note = look.para("advice-note", s.font_size, leading=s.leading, face="italic",
                     space_after=s.font_size * 0.5)
    sub = look.para("advice-sub", s.font_size * 1.08, heading=True, leading=1.25,
                    face="bold", space_before=s.font_size * 0.3,
                    space_after=s.font_size * 0.25)
    head: list[Flowable] = [_title(title, look), paragraph(escape(note_text), note)]
    if clinic.logo_path is not None:
        side = heading_size(s, 1.25) * 3.2
        logo = (svg_logo("clinic profile", "logo", clinic.logo_path, side, side)
                if is_svg_file(clinic.logo_path)  # an SVG drawing prints as vectors
                else Logo(str(clinic.logo_path), width=side, height=side, kind="proportional"))
        from reportlab.platypus.tables import Table  # with a logo only (tables load ~4 ms)

        head = [Table([[head, logo]], colWidths=[None, side + s.font_size], style=[
            ("FONT", (0, 0), (-1, -1), faces(look.body_font)["regular"], s.font_size),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])]
    out = head
    if profile.can_do:
        out += [paragraph("What you can do", sub), *_items(profile.can_do, look)]
    if profile.get_help:
        out += [paragraph("When to get help", sub), *_items(profile.get_help, look)]
    if phone:
        body = look.para("advice-phone", s.font_size, leading=s.leading,
                         space_before=s.font_size * 0.3)
        out.append(user_paragraph(phone, body, prefix="<b>Phone:</b> "))
    return out


class Logo(Image):  # type: ignore[misc]  # reportlab ships no types
    """The clinic's logo: a picture whose pixels are damaged is one clear message, not a
    crash (the check before reads the header only)."""

    def draw(self) -> None:
        from ..model.images import drawing_errors

        with drawing_errors("clinic profile", "logo", Path(self.filename)):
            super().draw()


def reviewed_dates(content: Content, clinic: Clinic) -> tuple[str, date, date | None]:
    """How the footer names the last review, its date and the next one: the clinic's
    once it has reviewed the handout, the text's own check until then."""
    profile = clinic.profile
    if profile.is_reviewed and profile.reviewed is not None:
        return "Reviewed by the clinic", profile.reviewed, profile.next_review
    return "Text checked", content.reviewed, content.next_review


def provenance(content: Content, clinic: Clinic) -> str:
    """Where the text comes from, who wrote and reviewed it, and the next review."""
    parts = []
    style = clinic.profile.date_format
    if content.source is not None:
        src = content.source
        parts.append(f"Based on \u201c{src.title}\u201d, {src.description}. Written in "
                     f"plain language by {src.written_by}.")
    checked = f"Text checked against the article {long_date(content.reviewed, style)}"
    if content.next_review:
        checked += f"; next check due {long_date(content.next_review, style)}"
    parts.append(checked + ".")
    profile = clinic.profile
    if profile.is_reviewed and profile.reviewed is not None:
        who = " ".join(profile.reviewer.split())
        line = f"Reviewed for the clinic by {who} on {long_date(profile.reviewed, style)}"
        if profile.next_review:
            line += f"; next review due {long_date(profile.next_review, style)}"
        parts.append(line + ".")
    else:
        parts.append("Not yet reviewed by your clinic.")
    return " ".join(parts)


def about_flowables(look: Look, title: str | None, text: str | None, content: Content,
                    clinic: Clinic, space: float = 0.0) -> list[Flowable]:
    """The line on uncertainty, the disclaimer (``text``, else the content's) and the
    provenance line."""
    s = look.style
    body = look.para("about", s.font_size, leading=s.leading, align=s.align,
                     space_after=s.font_size * 0.35)
    out: list[Flowable] = []
    if title:
        out.append(_title(title, look, 1.15, space_before=space))
    if content.uncertainty:
        strong = look.para("uncertainty", s.font_size, leading=s.leading, face="bold",
                           align=s.align, space_after=s.font_size * 0.35)
        out.append(paragraph(escape(content.uncertainty), strong))
    out.append(user_paragraph(text or content.disclaimer, body))
    out.append(user_paragraph(provenance(content, clinic), body))
    return out


class RuledLines(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """Lines to write on, ``count`` of them ``spacing`` points apart."""

    def __init__(self, count: int, spacing: float, colour: str) -> None:
        super().__init__()
        self.count, self.spacing, self.colour = count, spacing, colour

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * self.spacing

    def draw(self) -> None:
        self.canv.setStrokeColor(HexColor(self.colour))
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            self.canv.line(0, i * self.spacing, self.width, i * self.spacing)


def boxed(flowables: list[Flowable], look: Look) -> list[Flowable]:
    """Flowables on a panel of the theme's tint, kept in one column when they fit one."""
    size = look.style.font_size
    return [Panel(flowables, size * 0.8, look.colour("tint"), size * 1.2, size * 0.6)]


def part_flowables(part: str, look: Look, content: Content, clinic: Clinic,
                   fields: dict[str, str], printed: str) -> list[Flowable]:
    """One of the leaflet's parts set to follow a sections block's text, in its style."""
    space, s = 0.9, look.style
    if part == "questions":
        return together(questions_flowables(look, PART_TITLES[part], content, space))
    if part == "glossary":
        return glossary_flowables(look, PART_TITLES[part], content, printed, space)
    if part == "advice":
        return boxed(advice_flowables(look, None, clinic, fields), look)
    if part == "about":
        return together(about_flowables(look, PART_TITLES[part], None, content, clinic,
                                        space))
    if part == "notes":
        return together([_title(PART_TITLES[part], look, space_before=space),
                         RuledLines(5, max(mm_to_pt(9.0), s.font_size * 2.4),
                                    look.colour("rule"))])
    if part == "diary":
        return together(diary_flowables(look, space))
    details = details_flowables(look, PART_TITLES[part], AFTER_TEXT_DETAIL_ORDER, fields)
    details[0].spaceBefore = heading_size(s, 1.25) * space
    return together(details)


def together(flowables: list[Flowable]) -> list[Flowable]:
    """Flowables kept in one column when they fit one."""
    return [Panel(flowables)] if flowables else []


DIARY_INTRO = ("Each evening, write a word or two in each box. Bring this page to your "
               "next visit.")
DIARY_COLUMNS = ("Day", "My skin", "My gut", "Stress or worry")
DIARY_SHARES = (0.16, 0.28, 0.28, 0.28)  # of the grid's width


def diary_flowables(look: Look, space: float = 0.0) -> list[Flowable]:
    """A week's diary to fill in: how the skin, the gut and stress were each day."""
    s = look.style
    intro = look.para("diary-intro", s.font_size, leading=s.leading, align=s.align,
                      space_after=s.font_size * 0.5)
    head = look.para("diary-head", s.font_size, leading=s.leading, face="bold")
    heads = [paragraph(escape(c), head) for c in DIARY_COLUMNS]
    days = [paragraph(str(day), head) for day in range(1, 8)]
    row_height = max(mm_to_pt(9.0), s.font_size * 2.2)
    grid = DiaryGrid(heads, days, DIARY_SHARES, row_height, look.colour("rule"),
                     look.colour("tint"))
    return [_title(PART_TITLES["diary"], look, space_before=space),
            paragraph(escape(DIARY_INTRO), intro), grid]

