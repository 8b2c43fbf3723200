"""Right-to-left text: Hebrew and Arabic set in their visual order, Arabic letters joined.

reportlab draws characters in the order it is given them. For text with right-to-left
runs, :func:`visual` applies the Unicode bidirectional algorithm (python-bidi) after
joining Arabic letters into their contextual forms (arabic-reshaper). :class:`BidiText`
wraps such text by words in logical order and then shows each line visually, so lines
also come out in reading order.
"""
from __future__ import annotations

import unicodedata

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable


def has_rtl(text: str) -> bool:
    """Whether text holds right-to-left letters (Hebrew, Arabic and the like)."""
    return not text.isascii() and any(unicodedata.bidirectional(ch) in ("R", "AL")
                                      for ch in text)


def base_is_rtl(text: str) -> bool:
    """The paragraph direction from its first strong character."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def visual(text: str) -> str:
    """A line of text in the order its glyphs are drawn left to right."""
    if not has_rtl(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    shown: str = get_display(arabic_reshaper.reshape(text))
    return shown


class BidiText(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """Plain text with right-to-left runs, wrapped in logical order, drawn visually."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self.lines: list[str] = []
        self.width = self.height = 0.0

    def _measure(self, text: str) -> float:
        width: float = stringWidth(visual(text), self.style.fontName, self.style.fontSize)
        return width

    def _wrap_lines(self, width: float) -> list[str]:
        """Lines of at most ``width`` points; a line break typed in the text starts a new
        line (an empty one too)."""
        lines: list[str] = []
        for part in self.text.split("\n"):
            start = len(lines)
            for word in part.split():
                trial = f"{lines[-1]} {word}" if len(lines) > start else word
                if len(lines) > start and self._measure(trial) <= width:
                    lines[-1] = trial
                else:
                    lines.append(word)
            if len(lines) == start:
                lines.append("")
        return lines or [""]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.lines = self._wrap_lines(avail_width)
        self.height = len(self.lines) * self.style.leading
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fits = int(avail_height // self.style.leading)
        if fits <= 0 or fits >= len(self.lines):
            return []
        return [BidiText("\n".join(self.lines[:fits]), self.style),
                BidiText("\n".join(self.lines[fits:]), self.style)]

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        align = style.alignment
        if align == TA_LEFT and base_is_rtl(self.text):
            align = TA_RIGHT
        y = self.height - style.fontSize
        for line in self.lines:
            shown = visual(line)
            if align == TA_RIGHT:
                canvas.drawRightString(self.width, y, shown)
            elif align == TA_CENTER:
                canvas.drawCentredString(self.width / 2, y, shown)
            else:
                canvas.drawString(0, y, shown)
            y -= style.leading
