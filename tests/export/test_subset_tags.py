"""Font subset tags: six capital letters per embedded subset, derived from the document,
so that PDFs merged or imposed together never hold two subsets under one name; the same
input still gives the same bytes."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader, PdfWriter

from gutskin_desktop.export.measure import MeasuringCanvas
from gutskin_desktop.export.render import ExportOptions, render
from gutskin_desktop.export.subset_tags import TaggingCanvas, subset_tag
from gutskin_desktop.export.text import family, serif_family
from gutskin_desktop.export.tiling import tile_layout
from gutskin_desktop.model.layout_files import open_layout

from .pdfread import BUNDLE, TODAY

TAG = re.compile(r"^/([A-Z]{6})\+(.+)$")


def fonts(pdf: bytes) -> dict[str, tuple[str, str, str]]:
    """Each embedded font by its ``BaseFont``: its descriptor's ``FontName`` and its
    ToUnicode map's ``CMapName`` (reportlab's standard fonts, never embedded, left
    out: a canvas starts in Helvetica)."""
    out = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/FontDescriptor" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            name = re.search(r"/CMapName /(\S+) def", cmap)
            assert name is not None
            out[str(font["/BaseFont"])] = (str(font["/FontDescriptor"]["/FontName"]),
                                           "/" + name.group(1), str(font["/Subtype"]))
    return out


def handout(**fields: str) -> bytes:
    layout = open_layout("a4-handout", BUNDLE.content)
    return render(layout, BUNDLE, ExportOptions(today=TODAY, deterministic=True,
                                                fields=fields)).pdf


def test_every_subset_has_its_own_tag_named_alike_in_all_three_places() -> None:
    found = fonts(handout())
    assert len(found) >= 3  # regular, bold and italic
    tags = set()
    for base, (descriptor, cmap, subtype) in found.items():
        match = TAG.match(base)
        assert match, base
        assert match.group(1) != "AAAAAA"
        assert descriptor == cmap == base and subtype == "/TrueType"
        tags.add(match.group(1))
    assert len(tags) == len(found), "a different tag for each font"


def test_the_same_input_gives_the_same_bytes_and_other_input_other_tags() -> None:
    first, again = handout(patient="Jo Example"), handout(patient="Jo Example")
    assert first == again
    other = handout(patient="Sam Example")
    assert set(fonts(first)).isdisjoint(fonts(other))


def test_merged_handouts_keep_every_subset_apart() -> None:
    merged = PdfWriter()
    for name in ("Jo Example", "Sam Example"):
        merged.append(PdfReader(io.BytesIO(handout(patient=name))))
    out = io.BytesIO()
    merged.write(out)
    names = [str(f.get_object()["/BaseFont"]) for page in PdfReader(out).pages
             for f in page["/Resources"]["/Font"].values()]
    by_name: dict[str, set[int]] = {}
    for page in PdfReader(out).pages:
        for font in page["/Resources"]["/Font"].values():
            data = font.get_object()["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            by_name.setdefault(str(font.get_object()["/BaseFont"]), set()).add(hash(data))
    assert len(set(names)) == 6
    assert all(len(files) == 1 for files in by_name.values()), "one subset per name"
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Jo Example" in text and "Sam Example" in text


def test_a_font_with_two_subsets_tags_each_and_its_text_still_reads() -> None:
    """More than 256 characters of one font make two subsets: each has its own tag,
    and the renamed ToUnicode maps still turn the glyphs back into the text."""
    face = serif_family()["regular"]
    chars = "".join(chr(c) for c in [*range(0x41, 0x5B), *range(0x61, 0x7B),
                                     *range(0xC0, 0x17F), *range(0x391, 0x3A2),
                                     *range(0x3A3, 0x3AA), *range(0x410, 0x450)])
    buffer = io.BytesIO()
    canvas = TaggingCanvas(buffer, invariant=1)
    canvas.setFont(face, 9)
    for i in range(0, len(chars), 60):
        canvas.drawString(20, 800 - i / 60 * 14, chars[i:i + 60])
    canvas.save()
    found = fonts(buffer.getvalue())
    assert len(found) == 2
    assert len({TAG.match(b).group(1) for b in found}) == 2  # type: ignore[union-attr]
    text = PdfReader(buffer).pages[0].extract_text().replace("\n", "")
    assert text == chars


def test_tags_depend_on_font_subset_and_pages() -> None:
    pages = b"pages"
    tag = subset_tag(pages, "Vera", b"BitstreamVeraSans-Roman", 0, (65, 66))
    assert re.fullmatch(r"[A-Z]{6}", tag)
    assert tag == subset_tag(pages, "Vera", b"BitstreamVeraSans-Roman", 0, (65, 66))
    assert len({tag,
                subset_tag(pages, "VeraBd", b"BitstreamVeraSans-Bold", 0, (65, 66)),
                subset_tag(pages, "Vera", b"BitstreamVeraSans-Roman", 1, (65, 66)),
                subset_tag(pages, "Vera", b"BitstreamVeraSans-Roman", 0, (65, 67)),
                subset_tag(b"other pages", "Vera", b"BitstreamVeraSans-Roman", 0, (65, 66)),
                }) == 5


@pytest.mark.parametrize("kind", ["tiled", "measuring"])
def test_every_canvas_of_the_export_tags_its_subsets(kind: str) -> None:
    if kind == "tiled":
        pdf = tile_layout(open_layout("a3-poster", BUNDLE.content), BUNDLE,
                          ExportOptions(today=TODAY, deterministic=True), sheet="A4").pdf
    else:
        canvas = MeasuringCanvas(io.BytesIO(), invariant=1)
        canvas.setFont(family()["bold"], 12)
        canvas.drawString(20, 20, "Gut and skin")
        pdf = canvas.getpdfdata()
    found = fonts(pdf)
    assert found and all(TAG.match(base) and not base.startswith("/AAAAAA+")
                         for base in found)
