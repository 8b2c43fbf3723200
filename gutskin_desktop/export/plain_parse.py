"""Paragraph text without markup parsed without the HTML parser, kept in this one place.

reportlab's ``ParaParser.parse`` wraps a paragraph's text in ``<para>...</para>`` and
feeds it to Python's ``html.parser``, which scans it for tags and entities and calls the
parser's handlers for what it finds. For text with neither ``<`` nor ``&`` (no tag, no
entity: about four paragraphs in five of a handout, list items and captions) what it
finds is always the same three things: the ``para`` start tag with no attributes, the
whole text as one piece of data (none when the text is empty), and the ``para`` end
tag. The HTML parser's scanning is most of the parse's time, about 2.5 ms of a whole
``gutskin export`` of ``a4-handout`` (100 of its 130 paragraphs).

:func:`parse` calls those three handlers directly for such text, in that order, after
the same set-up and before the same completion as reportlab's ``parse``: the fragments,
the style and the errors are reportlab's own, made by reportlab's own handlers. Any other
text (markup, entities, bytes) goes to reportlab's ``parse``. The result is the same
(``tests/export/test_plain_parse.py`` compares the fragments for every paragraph of the
shipped layouts and for odd texts, and the PDFs of the shipped layouts are
byte-identical).

:func:`install` puts it in place of ``ParaParser.parse`` (reportlab's is kept as
``__wrapped__``); the export's text module installs it. The benchmark row is the whole
``gutskin export`` (``benchmarks/run_all.py``): see docs/performance.md, "Speed tricks".
"""
from __future__ import annotations

from typing import Any

from reportlab.platypus.paraparser import ParaParser

_usual: Any = getattr(ParaParser.parse, "__wrapped__", ParaParser.parse)


def parse(parser: Any, text: Any, style: Any) -> Any:
    """``ParaParser.parse``: ``(style, fragments, bullet fragments)`` for ``text``."""
    if type(text) is not str or "<" in text or "&" in text:
        return _usual(parser, text, style)
    parser._setup_for_parse(style)
    parser.handle_starttag("para", [])
    if text:
        parser.handle_data(text)
    parser.handle_endtag("para")
    return parser._complete_parse()


parse.__wrapped__ = _usual  # type: ignore[attr-defined]


def install() -> None:
    """Put :func:`parse` in place of reportlab's ``ParaParser.parse``."""
    ParaParser.parse = parse


def uninstall() -> None:
    """Put reportlab's own ``ParaParser.parse`` back."""
    ParaParser.parse = _usual
