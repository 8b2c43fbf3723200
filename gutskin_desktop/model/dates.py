"""Dates as a clinic writes them: one format for every date a handout prints, and a reader
that takes what people type (ISO, the clinic's own numeric order, or the day and month in
words) and refuses what is impossible or could be read two ways.

The formats are the clinic profile's choice: ``long`` ("3 December 2026", the default),
``dmy`` ("03/12/2026"), ``mdy`` ("12/03/2026") and ``iso`` ("2026-12-03").
"""
from __future__ import annotations

import re
from datetime import date
from typing import Literal

DateFormat = Literal["long", "dmy", "mdy", "iso"]
DATE_FORMATS: dict[DateFormat, str] = {  # each format and an example of it
    "long": "3 December 2026", "dmy": "03/12/2026 (day/month/year)",
    "mdy": "12/03/2026 (month/day/year)", "iso": "2026-12-03"}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_WORDS_US = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


class DateError(ValueError):
    """Text that is not one day of the calendar, or could be two."""


def format_date(day: date, style: str = "long") -> str:
    """A date in the clinic's format."""
    if style == "dmy":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style == "mdy":
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    if style == "iso":
        return day.isoformat()
    return f"{day.day} {MONTHS[day.month - 1].title()} {day.year}"


def _day(year: int, month: int, dom: int, text: str) -> date:
    try:
        return date(year, month, dom)
    except ValueError:
        raise DateError(f"{text!r} is not a day of the calendar") from None


def _month(name: str, text: str) -> int:
    for number, month in enumerate(MONTHS, 1):
        if len(name) >= 3 and month.startswith(name):
            return number
    raise DateError(f"{text!r}: {name!r} is not a month")


def parse_date(text: str, style: str = "long") -> date:
    """The day ``text`` names: ISO (2026-12-03), numbers in the clinic's order (dmy unless
    the clinic writes mdy), or the month in words ("3 December 2026", "Dec 3, 2026").
    Numbers that could be read either way, with a clinic that writes dates in words or
    ISO, are refused as ambiguous."""
    shown = " ".join(text.split())
    clean = shown.lower()
    if match := _ISO.fullmatch(clean):
        year, month, dom = map(int, match.groups())
        return _day(year, month, dom, shown)
    if match := _NUMERIC.fullmatch(clean):
        first, second, year = map(int, match.groups())
        if style == "mdy":
            return _day(year, first, second, shown)
        if style == "dmy" or first > 12 or first == second:
            return _day(year, second, first, shown)
        if second > 12:
            return _day(year, first, second, shown)
        a, b = _day(year, second, first, shown), _day(year, first, second, shown)
        raise DateError(f"{shown!r} is ambiguous: it could be {format_date(a)} or "
                        f"{format_date(b)}; write it as {a.isoformat()} or "
                        f"{b.isoformat()}")
    if match := _WORDS.fullmatch(clean):
        dom_text, name, year_text = match.groups()
        return _day(int(year_text), _month(name, shown), int(dom_text), shown)
    if match := _WORDS_US.fullmatch(clean):
        name, dom_text, year_text = match.groups()
        return _day(int(year_text), _month(name, shown), int(dom_text), shown)
    raise DateError(f"{shown!r} is not a date (write it like 2026-12-03 or "
                    "3 December 2026)")
