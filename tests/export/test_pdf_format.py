"""reportlab's PDF writer by a shorter way for numbers, names and plain strings
(export/pdf_format.py): the same bytes as reportlab's own path, value by value and for
whole documents."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
from reportlab.pdfbase import pdfdoc

from gutskin_desktop.export import pdf_format

from .pdfread import POSTERS, SHIPPED, TODAY, render_shipped

VALUES = [
    0, 1, -1, 7, 595, 2**40, -(2**31), 0.0, -0.0, 0.5, 1 / 3, -12.345678, 1e-9, 1e12,
    841.8897637795277, True, False, None,
    "", "Type", "/Font", "F1+0", "Zoe and Zoë", "line\nbreak", "tab\there",
    "\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f", "\x7f", "“quoted”", "½ €", "שלום",
    "q\n1 0 0 1 72 700 cm\nBT /F1 12 Tf (Zoe) Tj ET\nQ\n",  # a content stream
    "BT\n(a\x1bb) Tj\nET\n", "\x00\x01\x17 low controls\r\n",
    b"", b"raw bytes", b"\x00\xff",
]

NAMES = ["Type", "Font", "F1+0", "Helvetica-Bold", "a b", "x#y", "(paren)", "[a]{b}<c>",
         "100%", "é", "DejaVuSans-Bold", "\x01control", "~tilde", "!"]


@pytest.fixture(autouse=True)
def _put_back() -> Iterator[None]:
    yield
    pdf_format.install()  # as every export has it


def test_in_place_for_every_export() -> None:
    # in a fresh process: here the other tests put it back themselves
    probe = ("from gutskin_desktop.export.text import family\n"
             "family()\n"
             "from reportlab.pdfbase import pdfdoc\n"
             "print(pdfdoc.format.__module__, pdfdoc.pdfdocEnc.__module__,"
             " pdfdoc.PDFName.__module__)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, stdin=subprocess.DEVNULL)
    assert done.stdout.split() == ["gutskin_desktop.export.pdf_format"] * 3


def _outcome(fn: Callable[..., object], *args: object) -> object:
    """What a call gives: its result, or the type of error it raises."""
    try:
        return fn(*args)
    except UnicodeEncodeError as error:
        return type(error)


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_each_value_as_reportlab_formats_it(value: object) -> None:
    doc = pdfdoc.PDFDocument()
    quick = [_outcome(pdf_format.format_element, value, doc),
             _outcome(pdf_format.pdfdoc_encode, value),
             _outcome(pdf_format.pdfdoc_encode, str(value))]
    pdf_format.uninstall()
    assert quick == [_outcome(pdfdoc.format, value, doc), _outcome(pdfdoc.pdfdocEnc, value),
                     _outcome(pdfdoc.pdfdocEnc, str(value))]


def test_objects_as_reportlab_formats_them() -> None:
    doc = pdfdoc.PDFDocument()
    objects = [pdfdoc.PDFArray([1, 2.5, -3, "Name", b"x", pdfdoc.PDFString("a (b) \\ c")]),
               pdfdoc.PDFArray(list(range(40))),
               pdfdoc.PDFDictionary({"Type": "/Page", "W": pdfdoc.PDFArray([0.25, 600]),
                                     "Odd key#": 3, "T": pdfdoc.PDFString("Zoë")}),
               pdfdoc.PDFString("line\nbreak ½")]
    quick = [pdfdoc.format(x, doc) for x in objects]
    pdf_format.uninstall()
    assert quick == [pdfdoc.format(x, doc) for x in objects]


def test_names_as_reportlab_makes_them_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    usual = pdf_format.pdf_name.__wrapped__  # type: ignore[attr-defined]
    for name in NAMES:
        assert pdf_format.pdf_name(name) == usual(name)
        assert pdf_format.pdf_name(name) is pdf_format.pdf_name(name)  # made once
    assert pdf_format.pdf_name("a b", "a", "z") == usual("a b", "a", "z")
    monkeypatch.setattr(pdf_format, "MAX_NAMES", 5)
    for n in range(20):
        assert pdf_format.pdf_name(f"N{n}") == f"/N{n}"
    assert len(pdf_format._names) <= 5


@pytest.mark.parametrize("name", SHIPPED + POSTERS)
def test_the_same_pdfs(name: str) -> None:
    changes = {"deterministic": True, "today": TODAY,
               "fields": {"patient": "Zoë (O\u2019Brien) \\ שלום", "note": "½ dose, 100% sure"}}
    quick = render_shipped(name, **changes).pdf
    pdf_format.uninstall()
    assert render_shipped(name, **changes).pdf == quick


def test_the_same_pdf_x() -> None:
    quick = render_shipped("a4-handout", pdfx=True, deterministic=True).pdf
    pdf_format.uninstall()
    assert render_shipped("a4-handout", pdfx=True, deterministic=True).pdf == quick
