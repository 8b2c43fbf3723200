"""Dates as a clinic writes them, and as people type them."""
from __future__ import annotations

from datetime import date

import pytest

from gutskin_desktop.model.dates import DATE_FORMATS, DateError, format_date, parse_date

DAY = date(2026, 12, 3)


@pytest.mark.parametrize(("style", "shown"), [("long", "3 December 2026"),
                                              ("dmy", "03/12/2026"), ("mdy", "12/03/2026"),
                                              ("iso", "2026-12-03")])
def test_each_format_and_back(style: str, shown: str) -> None:
    assert style in DATE_FORMATS
    assert format_date(DAY, style) == shown
    assert parse_date(shown, style) == DAY


@pytest.mark.parametrize("typed", ["2026-12-03", "3 December 2026", "3 Dec 2026",
                                   "December 3, 2026", "3rd December 2026", " 3  december 2026 ",
                                   "2026-12-3"])
def test_what_people_type(typed: str) -> None:
    assert parse_date(typed) == DAY


def test_the_clinics_numeric_order_decides() -> None:
    assert parse_date("01/12/2026", "dmy") == date(2026, 12, 1)
    assert parse_date("01/12/2026", "mdy") == date(2026, 1, 12)
    assert parse_date("25/12/2026") == date(2026, 12, 25), "only one way to read it"
    assert parse_date("12/25/2026") == date(2026, 12, 25)
    with pytest.raises(DateError, match="ambiguous: it could be 1 December 2026 or "
                                        "12 January 2026; write it as 2026-12-01"):
        parse_date("01/12/2026", "long")


@pytest.mark.parametrize("typed", ["2026-02-30", "31/04/2026", "30 February 2026", "0/1/2026"])
def test_impossible_days_are_refused(typed: str) -> None:
    with pytest.raises(DateError, match=r"not a day of the calendar|not a date"):
        parse_date(typed, "dmy")


@pytest.mark.parametrize("typed", ["soon", "3 Smarch 2026", "2026/12", ""])
def test_text_that_is_not_a_date_is_refused(typed: str) -> None:
    with pytest.raises(DateError):
        parse_date(typed)
