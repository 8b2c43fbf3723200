"""Font codes in one step (export/font_codes.py): the same runs and the same codes as
reportlab's own ``splitString``, in the same order, for any text."""
from __future__ import annotations

import random

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from gutskin_desktop.export import font_codes
from gutskin_desktop.export.text import family, wide_family

SAMPLES = ["", "plain words", "no\xa0break space", "Zoë Ångström",
           "A \u2013 dash \u2022 bullet \u2018quote\u2019",
           "שלום", "€ and ½", "\U0001f600 an emoji the font lacks", b"bytes too".decode(),
           "tab\there", "x" * 300]


class _Doc:
    """A stand-in document (the font keeps its state per document)."""


def _font(name: str) -> TTFont:
    from reportlab.pdfbase.pdfmetrics import getFont

    return getFont(name)


def _runs(font: TTFont, texts: list[str], split: object) -> tuple[list[object], object]:
    doc = _Doc()
    out = [split(font, t, doc) for t in texts]  # type: ignore[operator]
    state = font.state[doc]
    return out, (dict(state.assignments), [list(s) for s in state.subsets], state.nextCode)


@pytest.mark.parametrize("face", ["regular", "bold"])
def test_the_same_codes_as_reportlab_for_any_text(face: str) -> None:
    family()
    wide_family()
    font = _font(family()[face])
    rng = random.Random(7)
    alphabet = ("abcdefghij ABC\xa0ëåæœ\u2013\u2014\u2022\u2018\u2019\u201c\u201d€½ß"
                "שלום\U0001f600\u0300")
    texts = SAMPLES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
                       for _ in range(400)]
    fast = _runs(font, texts, font_codes.split_string)
    usual = _runs(font, texts, font_codes.split_string.__wrapped__)  # type: ignore[attr-defined]
    assert fast == usual
    assert TTFont.splitString is font_codes.split_string  # in place for every export


def test_past_the_first_subset_still_right() -> None:
    font = _font(wide_family()["regular"])  # DejaVu Sans: it has these letters
    texts = ["".join(chr(c) for c in range(0x100, 0x250)) * 2, "ascii after", "Ďě"]
    fast = _runs(font, texts, font_codes.split_string)
    usual = _runs(font, texts, font_codes.split_string.__wrapped__)  # type: ignore[attr-defined]
    assert fast == usual
    assert any(subset > 0 for subset, _ in fast[0][0])
