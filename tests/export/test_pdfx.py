"""PDF/X-4 for a print shop, read back: the output intent and XMP, CMYK colour operators,
small dark text and hairlines in black only, pictures in CMYK, page boxes, and the
preflight passing our output and naming what fails in an ordinary RGB export."""
from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageCms, ImageStat
from pypdf.generic import ContentStream
from reportlab.lib.colors import HexColor

from gutskin_desktop.export.cmyk import (
    OUR_PROFILE,
    Inks,
    ProfileError,
    our_profile,
    read_profile,
)
from gutskin_desktop.export.pdfx import PdfxCanvas, black_small_text
from gutskin_desktop.export.preflight import CHECKS, preflight
from gutskin_desktop.export.raster import PDFIUM_LOCK
from gutskin_desktop.export.tiling import tile_layout
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.theme_files import (
    SWATCH_LABELS,
    default_theme,
    load_theme,
    shipped_themes,
)

from .pdfread import BUNDLE, LAYOUTS, block, options, reader, render_data, render_shipped, sampler

XMP = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "pdfxid": "http://www.npes.org/pdfx/ns/id/", "pdf": "http://ns.adobe.com/pdf/1.3/",
       "xmp": "http://ns.adobe.com/xap/1.0/", "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
       "dc": "http://purl.org/dc/elements/1.1/"}
MM = 72 / 25.4


@pytest.fixture(scope="module")
def handout() -> bytes:
    return render_shipped("a4-handout", pdfx=True, deterministic=True).pdf


@pytest.fixture(scope="module")
def poster() -> bytes:
    return render_shipped("a1-poster", pdfx=True, deterministic=True, bleed_mm=3.0,
                          crop_marks=True).pdf


def shows(pdf: bytes, page: int = 0) -> list[tuple[float, tuple[str, ...], str]]:
    """Each text show on a page: its font size, the fill colour's operator and operands
    (as written) and the operator that set it."""
    doc = reader(pdf)
    fill: tuple[str, ...] = ("0", "g")
    size, stack, out = 0.0, [], []
    for operands, op in ContentStream(doc.pages[page].get_contents(), doc).operations:
        name = op.decode()
        if name in ("k", "g", "rg"):
            fill = (*(f"{float(v):g}" for v in operands), name)
        elif name == "q":
            stack.append(fill)
        elif name == "Q":
            fill = stack.pop()
        elif name == "Tf":
            size = float(operands[1])
        elif name in ("Tj", "TJ"):
            out.append((size, fill, name))
    return out


def operators(pdf: bytes) -> set[str]:
    doc = reader(pdf)
    return {op.decode() for page in doc.pages
            for _, op in ContentStream(page.get_contents(), doc).operations}


def xmp_of(pdf: bytes) -> ET.Element:
    data = reader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data()
    return ET.fromstring(data)


def xmp_value(root: ET.Element, prefix: str, name: str) -> str:
    found = root.find(f".//{{{XMP[prefix]}}}{name}")
    assert found is not None, f"{prefix}:{name} missing"
    items = found.findall(f".//{{{XMP['rdf']}}}li")
    return (items[0].text if items else found.text) or ""


# -- the file's declarations ------------------------------------------------------------

def test_output_intent_embeds_our_cmyk_profile(handout: bytes) -> None:
    doc = reader(handout)
    assert doc.pdf_header == "%PDF-1.6"
    (intent,) = [i.get_object() for i in doc.trailer["/Root"]["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    assert "coated art" in intent["/OutputCondition"]
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    assert profile.get_data() == OUR_PROFILE.read_bytes()


def test_xmp_and_info_say_pdfx4_trapped_false_with_matching_dates_and_title(
        handout: bytes) -> None:
    info = reader(handout).metadata
    assert info["/GTS_PDFXVersion"] == "PDF/X-4"
    assert info["/Trapped"] == "/False"
    root = xmp_of(handout)
    assert xmp_value(root, "pdfxid", "GTS_PDFXVersion") == "PDF/X-4"
    assert xmp_value(root, "pdf", "Trapped") == "False"
    assert xmp_value(root, "dc", "title") == info["/Title"] == BUNDLE.content.title
    assert xmp_value(root, "pdf", "Producer") == info["/Producer"]
    created = info["/CreationDate"]  # D:20000101000000+00'00' with --deterministic
    iso = (f"{created[2:6]}-{created[6:8]}-{created[8:10]}T{created[10:12]}:"
           f"{created[12:14]}:{created[14:16]}+00:00")
    for name in ("CreateDate", "ModifyDate", "MetadataDate"):
        assert xmp_value(root, "xmp", name) == iso
    assert info["/ModDate"] == created
    ids = [xmp_value(root, "xmpMM", n) for n in ("DocumentID", "InstanceID")]
    assert all(re.fullmatch(r"uuid:[0-9a-f-]{36}", i) for i in ids) and ids[0] != ids[1]
    assert xmp_value(root, "xmpMM", "RenditionClass") == "default"


def test_deterministic_pdfx_is_byte_identical_and_its_id_follows_the_content(
        handout: bytes) -> None:
    assert render_shipped("a4-handout", pdfx=True, deterministic=True).pdf == handout
    other = render_shipped("letter-handout", pdfx=True, deterministic=True).pdf
    assert (xmp_value(xmp_of(other), "xmpMM", "DocumentID")
            != xmp_value(xmp_of(handout), "xmpMM", "DocumentID"))


def test_boxes_on_every_page_trim_in_bleed_in_media(handout: bytes, poster: bytes) -> None:
    for page in reader(handout).pages:  # no bleed: all three boxes are the A4 page
        assert [round(float(v), 2) for v in page.trimbox] == [0, 0, 595.28, 841.89]
        assert list(page.bleedbox) == list(page.trimbox) == list(page.mediabox)
    (page,) = reader(poster).pages
    trim, bleed, media = (tuple(float(v) for v in box)
                          for box in (page.trimbox, page.bleedbox, page.mediabox))
    assert (trim[2] - trim[0]) / MM == pytest.approx(594, abs=0.01)
    assert (trim[3] - trim[1]) / MM == pytest.approx(841, abs=0.01)
    assert [round((t - b) / MM, 2) for t, b in zip(trim[:2], bleed[:2], strict=True)] == [3, 3]
    assert bleed[0] > media[0] and bleed[2] < media[2], "crop marks outside the bleed"


# -- colours --------------------------------------------------------------------------------

def test_no_rgb_operators_and_small_dark_text_in_black_only(handout: bytes) -> None:
    ops = operators(handout)
    assert {"rg", "RG"}.isdisjoint(ops) and {"k", "K"} <= ops
    texts = [s for page in range(len(reader(handout).pages)) for s in shows(handout, page)]
    ink = default_theme().cmyk_swatches()["ink"]
    rich_ink = tuple(f"{v:g}" for v in ink)
    small = [fill for size, fill, _ in texts if size < 12]
    big = [fill for size, fill, _ in texts if size >= 12]
    assert not any(fill[:4] == rich_ink for fill in small), "small text in the rich ink"
    assert any(fill[:4] == rich_ink for fill in big), "the ink's own CMYK for large text"
    black_only = [f for f in small if f[-1] == "k" and f[:3] == ("0", "0", "0")]
    assert len(black_only) > len(small) / 2, "body text is black only"
    body = [float(fill[3]) for size, fill, _ in texts
            if size == 10 and fill[:3] == ("0", "0", "0")]
    assert any(0.8 < k < 0.95 for k in body), body  # as dark as the slate ink looks


def test_the_theme_swatches_print_in_their_own_cmyk() -> None:
    inks = Inks(our_profile(), default_theme())
    for name, values in default_theme().cmyk_swatches().items():
        colour = inks.cmyk(HexColor(default_theme().colour(name)))
        assert (colour.cyan, colour.magenta, colour.yellow, colour.black) == values, name
    grey = inks.cmyk(HexColor("#808080"))  # a grey: black ink only
    assert (grey.cyan, grey.magenta, grey.yellow) == (0, 0, 0) and 0.4 < grey.black < 0.7
    accent = inks.cmyk(HexColor("#c62828"))  # anything else: through the profile
    assert accent.magenta > 0.8 and accent.cyan < 0.2


def test_every_shipped_theme_has_cmyk_for_every_swatch(tmp_path: Path) -> None:
    for theme in shipped_themes().values():
        values = theme.cmyk_swatches()
        assert values is not None and set(values) == set(SWATCH_LABELS), theme.name
        assert all(sum(v) <= 3.0 for v in values.values()), theme.name
    data = json.loads((LAYOUTS.parent / "themes" / "default.json").read_text())
    data["cmyk"]["ink"] = [100, 100, 100, 100]
    path = tmp_path / "default.json"
    path.write_text(json.dumps(data))
    with pytest.raises(LoadError, match=r"cmyk\.ink.*400% ink, more than the 300%"):
        load_theme(path)


def test_hairlines_switch_to_black_only_and_back() -> None:
    buffer = io.BytesIO()
    canvas = PdfxCanvas(buffer, inks=Inks(our_profile(), default_theme()))
    canvas.setStrokeColor(HexColor(default_theme().colour("ink")))
    canvas.setLineWidth(0.3)
    canvas.saveState()
    canvas.setLineWidth(1.0)
    wide = canvas._code[-1]
    canvas.restoreState()
    canvas.line(0, 0, 10, 10)
    code = " ".join(canvas._code)
    assert re.search(r"\.42 0 0 \.93 K .3 w 0 0 0 \.\d+ K", code), code
    assert wide.startswith(".42 0 0 .93 K"), "a wide line in the ink's own CMYK"


def test_small_text_in_a_text_object_is_black_and_the_colour_comes_back() -> None:
    inks = Inks(our_profile(), default_theme())
    ink = inks.cmyk(HexColor(default_theme().colour("ink")))
    rich = ".42 0 0 .93 k"
    assert (ink.cyan, ink.black) == (0.42, 0.93)
    code = f"BT {rich} /F1 9 Tf (small \\(text\\)) Tj /F1 14 Tf (big) Tj ET"
    out, fill = black_small_text(code, None, 10.0, inks)
    assert re.match(r"BT /F1 9 Tf 0 0 0 \.\d+ k \(small \\\(text\\\)\) Tj /F1", out), out
    assert f"/F1 14 Tf {rich} (big) Tj ET" in out and fill == rich


# -- pictures --------------------------------------------------------------------------------

def test_pictures_and_drawings_are_cmyk_with_their_transparency(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assets = tmp_path / "assets"
    (assets / "images").mkdir(parents=True)
    photo = Image.new("RGBA", (40, 20), (220, 30, 30, 255))
    photo.paste((20, 90, 200, 0), (0, 0, 20, 20))  # the left half transparent
    photo.save(assets / "images" / "logo.png")
    Image.new("RGB", (30, 30), (30, 160, 60)).save(assets / "images" / "photo.jpg")
    (assets / "images" / "mark.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#2050c0"/></svg>')
    monkeypatch.setattr("gutskin_desktop.model.layout.ASSETS", assets)
    data = sampler()
    for n, name in enumerate(("logo.png", "photo.jpg", "mark.svg")):
        data["blocks"].append({"id": f"image-{n}", "type": "image", "x_mm": 140 + 20 * n,
                               "y_mm": 122, "w_mm": 18, "h_mm": 18,
                               "path": f"images/{name}"})
    block(data, "callout").update(y_mm=145, h_mm=15)
    pdf = render_data(tmp_path, data, pdfx=True).pdf
    xobjects = reader(pdf).pages[0]["/Resources"]["/XObject"]
    images = [x.get_object() for x in xobjects.values()]
    assert [str(i["/ColorSpace"]) for i in images] == ["/DeviceCMYK", "/DeviceCMYK"]
    logo = next(i for i in images if "/SMask" in i)
    assert logo["/SMask"].get_object()["/ColorSpace"] == "/DeviceGray"
    assert "rg" not in operators(pdf) and preflight(pdf).passed


# -- the preflight --------------------------------------------------------------------------

def test_preflight_passes_our_pdfx_and_the_tiled_one(handout: bytes, poster: bytes) -> None:
    for pdf in (handout, poster):
        report = preflight(pdf)
        assert report.passed and not report.findings, [str(f) for f in report.findings]
    layout = load_layout(LAYOUTS / "a1-poster.json", BUNDLE.content)
    tiled = tile_layout(layout, BUNDLE, options(pdfx=True, deterministic=True), sheet="A4")
    report = preflight(tiled.pdf)
    assert report.passed, [str(f) for f in report.findings]
    sheets = len(reader(tiled.pdf).pages)
    assert report.summary() == f"PDF/X-4 preflight passed: {len(CHECKS)} checks, {sheets} pages"


def test_preflight_of_an_ordinary_export_names_what_fails() -> None:
    report = preflight(render_shipped("a4-handout").pdf)
    assert report.failed_checks() == ["PDF version", "output intent", "XMP metadata",
                                      "colour"]
    said = [str(f) for f in report.errors]
    assert "PDF version: the PDF is version 1.4; PDF/X-4 needs 1.6 or later" in said
    assert "colour: pages 1-5: colours set in DeviceRGB (the rg and RG operators)" in said
    assert report.summary().startswith("PDF/X-4 preflight failed (5 pages): PDF version")


def test_preflight_warns_of_small_dark_text_in_four_inks() -> None:
    buffer = io.BytesIO()
    canvas = PdfxCanvas(buffer, inks=Inks(our_profile(), None))
    canvas.setFillColorCMYK(0.7, 0.6, 0.55, 0.9)  # rich black, set as CMYK: kept
    canvas.setFont("Helvetica", 8)
    canvas.drawString(72, 700, "Small rich black")
    canvas.save()
    report = preflight(buffer.getvalue())
    fonts = [str(f) for f in report.errors]
    assert fonts == ["fonts: page 1: font /Helvetica is not embedded"]
    (warning,) = report.warnings
    assert str(warning).startswith("small text: page 1: text at 8.0 pt in a dark colour "
                                   "printed in four inks (CMYK 70 60 55 90)")


def test_preflight_refuses_what_is_not_a_pdf(tmp_path: Path) -> None:
    from gutskin_desktop.export.preflight import UnreadablePdf

    path = tmp_path / "notes.pdf"
    path.write_text("hello")
    with pytest.raises(UnreadablePdf, match=r"notes\.pdf: is not a PDF file"):
        preflight(path)
    path.write_bytes(b"%PDF-1.6\n" + b"\0" * 200)
    with pytest.raises(UnreadablePdf, match="cannot be read as a PDF"):
        preflight(path)


# -- output profiles -------------------------------------------------------------------------

def test_a_profile_that_is_not_for_cmyk_output_is_refused(tmp_path: Path) -> None:
    display = tmp_path / "screen.icc"
    display.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    with pytest.raises(ProfileError, match="is a display profile for RGB colour, not a CMYK "
                                           "output"):
        read_profile(display)
    with pytest.raises(ProfileError, match="cannot be read"):
        read_profile(tmp_path / "missing.icc")
    shop = read_profile(OUR_PROFILE)
    assert (shop.identifier, shop.description) == ("Custom", "gutskin CMYK coated (FOGRA39L)")


# -- what it looks like ----------------------------------------------------------------------

def _picture(pdf: bytes) -> Image.Image:
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            return document[0].render(scale=0.5).to_pil().convert("RGB")
        finally:
            document.close()


def test_the_cmyk_page_looks_like_the_rgb_one(handout: bytes) -> None:
    rgb = _picture(render_shipped("a4-handout", deterministic=True).pdf)
    cmyk = _picture(handout)
    assert rgb.size == cmyk.size
    difference = ImageStat.Stat(ImageChops.difference(rgb, cmyk)).mean
    assert max(difference) < 8, difference


def test_preflight_finds_rgb_pictures_shadings_and_encryption() -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    def drawn(**kwargs: object) -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, **kwargs)
        canvas.drawInlineImage(Image.new("RGB", (4, 4), (200, 0, 0)), 10, 10, 40, 40)
        canvas.drawImage(ImageReader(Image.new("RGB", (4, 4), (0, 200, 0))), 60, 10, 40, 40)
        canvas.linearGradient(0, 0, 100, 100, ((1, 0, 0), (0, 0, 1)))
        canvas.save()
        return buffer.getvalue()
    said = [str(f) for f in preflight(drawn()).errors if f.check == "colour"]
    assert said[0] == "colour: page 1: shading /Sh0 is in DeviceRGB"
    assert "colour: page 1: an inline image in DeviceRGB" in said
    assert any(re.fullmatch(r"colour: page 1: image /\S+ is in DeviceRGB", s) for s in said)
    locked = preflight(drawn(encrypt="secret"))
    assert locked.failed_checks() == ["PDF version", "encryption"]
    assert locked.summary() == ("PDF/X-4 preflight failed (no pages read): PDF version, "
                                "encryption")
