"""Text without markup parsed without the HTML parser (export/plain_parse.py): the same
fragments, style and bullet fragments as reportlab's own ``ParaParser.parse``, for every
paragraph of the shipped layouts and for odd texts."""
from __future__ import annotations

import random
from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import Paragraph
from reportlab.platypus.paraparser import ParaParser

from gutskin_desktop.export import plain_parse
from gutskin_desktop.export.render import ExportOptions, render
from gutskin_desktop.export.text import family, style
from gutskin_desktop.model.bundle import load_bundle
from gutskin_desktop.model.layout_files import open_layout

ODD = ["", " ", "  two  spaces  ", "\n", "line\nbreak", "tab\there", "Zoë Ångström",
       "> 3 and 4 >", "quotes \"double\" and 'single'", "שלום", "\U0001f600", "x" * 2000,
       "]]> -- ?> %>", "a\u00a0b", "trailing space ", "\r\n", "/para", "para>"]


def _parsed(parse: Any, text: str, pstyle: ParagraphStyle) -> tuple[Any, ...]:
    parser = ParaParser()
    try:
        got_style, frags, bullets = parse(parser, text, pstyle)
    except ValueError as exc:  # markup reportlab refuses: refused alike
        return ("refused", str(exc))
    return (got_style is pstyle, [vars(f) for f in frags or []],
            [vars(f) for f in bullets or []], parser.errors)


def _shipped_texts() -> list[tuple[str, ParagraphStyle]]:
    """Every (text, style) the shipped layouts' exports parse."""
    seen: list[tuple[str, ParagraphStyle]] = []
    usual = plain_parse.parse.__wrapped__  # type: ignore[attr-defined]

    def noting(parser: Any, text: str, pstyle: ParagraphStyle) -> Any:
        seen.append((text, pstyle))
        return usual(parser, text, pstyle)

    bundle = load_bundle()
    ParaParser.parse = noting  # type: ignore[method-assign]
    try:
        for name in ("a4-handout", "large-print", "letter-handout", "presenter-notes",
                     "a3-poster"):
            render(open_layout(name, bundle.content), bundle, ExportOptions(deterministic=True))
    finally:
        plain_parse.install()
    return seen


def test_the_same_as_reportlab_for_every_paragraph_of_the_shipped_layouts() -> None:
    from gutskin_desktop.export import row_cache

    row_cache.clear()  # so that every paragraph is parsed again
    texts = _shipped_texts()
    plain = [t for t, _ in texts if "<" not in t and "&" not in t]
    assert len(plain) > 100 and len(texts) > len(plain)
    for text, pstyle in texts:
        assert _parsed(plain_parse.parse, text, pstyle) == \
            _parsed(plain_parse.parse.__wrapped__, text, pstyle), text  # type: ignore[attr-defined]
    assert ParaParser.parse is plain_parse.parse  # in place for every export


@pytest.mark.parametrize("face", ["regular", "bold", "italic"])
def test_the_same_as_reportlab_for_odd_texts(face: str) -> None:
    family()
    pstyle = style("t", 11, face=face, colour="#35796b")
    rng = random.Random(3)
    alphabet = "ab <>&;#x/\"'= \n\t\xa0ëß\u2019\u05e9\u05dc\u05d5\u05dd\U0001f600"
    texts = ODD + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
                   for _ in range(300)]
    for text in texts:
        assert _parsed(plain_parse.parse, text, pstyle) == \
            _parsed(plain_parse.parse.__wrapped__, text, pstyle), repr(text)  # type: ignore[attr-defined]


def test_a_paragraph_without_markup_lays_out_as_before() -> None:
    family()
    pstyle = style("t", 12, face="regular")
    text = "A plain paragraph of words that must wrap over several lines " * 4
    made = Paragraph(text, pstyle)
    made.wrap(200, 1000)
    plain_parse.uninstall()
    try:
        usual = Paragraph(text, pstyle)
        usual.wrap(200, 1000)
    finally:
        plain_parse.install()
    assert made.blPara.lines == usual.blPara.lines
    assert made.height == usual.height
