"""Images checked by decoding their real header with Pillow: the pixel cap on the size the
decoder will use, cut-short and garbage files refused with one clear line, and JPEGs with
large metadata accepted and printed.

The command-line tests run the real ``gutskin`` command in a child process, with the
layout module's data folder (``ASSETS``) pointed at a temporary one (as the in-process
tests do with monkeypatch), so that nothing is written into the shipped data folder.
"""
from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import time
import warnings
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader

from gutskin_desktop.model import layout as layout_module
from gutskin_desktop.model.errors import LoadError
from gutskin_desktop.model.images import image_problem, image_size
from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.paths import LAYOUTS

from .cli_support import REVIEWED_CLINIC

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = json.loads((LAYOUTS / "a4-handout.json").read_text(encoding="utf-8"))
IMAGE_BLOCK = len(LAYOUT["blocks"])  # the image block goes after a4-handout's own
REFUSAL_SECONDS = 2.0  # a hang guard, not a benchmark: each refusal takes well under it
# The real command, with the layout module's data folder taken from the first argument.
LAUNCH = ("import sys; from pathlib import Path; "
          "import gutskin_desktop.model.layout as layout; "
          "layout.ASSETS = Path(sys.argv.pop(1)); "
          "from gutskin_desktop.cli import run; run()")


# --- crafting images ---------------------------------------------------------------------

def chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk with its length and checksum."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def grey_header(width: int, height: int) -> bytes:
    """An IHDR chunk: 8-bit grey, not interlaced."""
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))


def black_rows(width: int, height: int) -> bytes:
    """The zlib data of ``height`` rows of ``width`` black grey pixels, as an IDAT chunk
    holds them. One block of rows is compressed once and repeated (each copy ends with a
    full flush, so the copies join into one stream), so that 169 million pixels take
    milliseconds to make; every byte is zero, so the Adler-32 sum is 1 + (n mod 65521)
    << 16."""
    row = bytes(width + 1)  # filter type 0, then black pixels

    def deflate(rows: int, mode: int) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(row * rows) + packer.flush(mode)

    per_block = max(1, (1 << 20) // len(row))
    blocks, rest = divmod(height, per_block)
    body = deflate(per_block, zlib.Z_FULL_FLUSH) * blocks + deflate(rest, zlib.Z_FINISH)
    adler = ((height * len(row)) % 65521) << 16 | 1
    return b"\x78\xda" + body + struct.pack(">I", adler)


def two_header_png(first: tuple[int, int], second: tuple[int, int]) -> bytes:
    """A PNG whose first IHDR gives one size and a second IHDR another, with the pixel
    data of the second (what the decoder uses)."""
    return (b"\x89PNG\r\n\x1a\n" + grey_header(*first) + grey_header(*second)
            + chunk(b"IDAT", black_rows(*second)) + chunk(b"IEND", b""))


def double_ihdr() -> bytes:
    """The red team's file: 10 x 10 in its first header, 13000 x 13000 in its second."""
    return two_header_png((10, 10), (13000, 13000))


def truncated_png() -> bytes:
    """The first 18 bytes of a PNG: cut short inside its header."""
    return double_ihdr()[:18]


def garbage() -> bytes:
    return b"this is not an image, whatever its name says\n" * 20


def png(width: int = 60, height: int = 40, colour: tuple[int, int, int] = (30, 60, 200)
        ) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int = 120, height: int = 90, **options: Any) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (220, 30, 30)).save(buffer, "JPEG", quality=95,
                                                         **options)
    return buffer.getvalue()


def jpeg_with_big_metadata() -> bytes:
    """A real red JPEG carrying more than 256 KB of metadata: a full EXIF block (APP1)
    and five large Photoshop blocks (APP13) put in by hand after it."""
    exif = Image.Exif()
    exif[0x010E] = "A description as long as an EXIF block allows. " * 1300  # ImageDescription
    data = jpeg(exif=exif.tobytes())
    at = 2  # past the start marker, and Pillow's own APP0 (JFIF) and APP1 (EXIF)
    while 0xE0 <= data[at + 1] <= 0xEF:
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
    block = b"Photoshop 3.0\x00" + bytes(60_000)
    app13 = (b"\xff\xed" + struct.pack(">H", len(block) + 2) + block) * 5
    made = data[:at] + app13 + data[at:]
    assert len(made) - len(jpeg()) > 256 * 1024
    return made


# --- running the command -----------------------------------------------------------------

def gutskin(assets: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``gutskin ARGS`` with ``assets`` as its data folder; the result and seconds."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", LAUNCH, str(assets), *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    return result, time.perf_counter() - start


def layout_placing(folder: Path, image: str) -> Path:
    """a4-handout with an image block placing the data folder's ``IMAGE`` at its top right."""
    data = json.loads(json.dumps(LAYOUT))
    data["blocks"].append({"id": "picture", "type": "image", "x_mm": 170, "y_mm": 14,
                           "w_mm": 25, "h_mm": 20, "path": image})
    path = folder / "with-image.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def clinic_with_logo(folder: Path, logo: str) -> Path:
    path = folder / "clinic.json"
    path.write_text(json.dumps({**REVIEWED_CLINIC, "logo": logo}), encoding="utf-8")
    return path


def assert_refused(result: subprocess.CompletedProcess[str], seconds: float,
                   *parts: str) -> None:
    """Exit status 2, one ``error:`` line holding ``parts``, no warning or traceback
    printed, and quickly."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for part in parts:
        assert part in lines[0], (part, lines[0])
    assert seconds < REFUSAL_SECONDS, seconds


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr, result.stderr
    assert "error:" not in result.stderr, result.stderr


def pdf_images(pdf: Path) -> list[tuple[int, int, str]]:
    """Width, height and last filter of every image drawn on the PDF's pages."""
    found = []
    for page in pypdf.PdfReader(pdf).pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            image = ref.get_object()
            if image.get("/Subtype") == "/Image":
                filters = image.get("/Filter")
                last = filters[-1] if isinstance(filters, list) else filters
                found.append((int(image["/Width"]), int(image["/Height"]), str(last)))
    return found


BAD = {  # file name: (contents, the reason in the error line)
    "double-ihdr.png": (double_ihdr,
                        "the PNG image is 13000 x 13000 pixels, more than 50 million"),
    "truncated.png": (truncated_png, "the PNG image is cut short (truncated)"),
    "garbage.png": (garbage, "not a PNG or JPEG image (the file's content is not an image)"),
}


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    (folder / "images").mkdir(parents=True)
    return folder


# --- the command line --------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(BAD))
@pytest.mark.parametrize("command", ["check", "export"])
def test_a_bad_image_in_a_layout_is_refused_with_one_line(tmp_path: Path, assets: Path,
                                                          name: str, command: str) -> None:
    make, reason = BAD[name]
    (assets / "images" / name).write_bytes(make())
    layout = layout_placing(tmp_path, f"images/{name}")
    out = tmp_path / "out.pdf"
    args = ["check", str(layout)] if command == "check" else [
        "export", "--layout", str(layout), "--out", str(out)]
    result, seconds = gutskin(assets, *args)
    assert_refused(result, seconds, str(layout), f"blocks[{IMAGE_BLOCK}].path", name, reason)
    assert not out.exists()


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_clinic_logo_is_refused_with_one_line(tmp_path: Path, assets: Path,
                                                    name: str) -> None:
    make, reason = BAD[name]
    (tmp_path / "x.png").write_bytes(make())
    profile = clinic_with_logo(tmp_path, "x.png")
    out = tmp_path / "out.pdf"
    result, seconds = gutskin(assets, "export", "--layout", "a4-handout", "--out", str(out),
                              "--clinic", str(profile))
    assert_refused(result, seconds, f"{profile}: logo: x.png: {reason}")
    assert not out.exists()


def test_a_jpeg_with_large_metadata_is_checked_and_printed(tmp_path: Path,
                                                           assets: Path) -> None:
    data = jpeg_with_big_metadata()
    (assets / "images" / "photo.jpg").write_bytes(data)
    layout = layout_placing(tmp_path, "images/photo.jpg")
    assert_clean(gutskin(assets, "check", str(layout))[0])
    (tmp_path / "x.png").write_bytes(png())  # and a normal PNG as the clinic's logo
    out = tmp_path / "out.pdf"
    result, _ = gutskin(assets, "export", "--layout", str(layout), "--out", str(out),
                        "--clinic", str(clinic_with_logo(tmp_path, "x.png")))
    assert_clean(result)
    images = pdf_images(out)
    assert (120, 90, "/DCTDecode") in images  # the JPEG, copied in as it is
    assert (60, 40, "/FlateDecode") in images  # the clinic's logo
    # and a viewer decodes it: the middle of the picture block is red
    page = pdfium.PdfDocument(out)[0]
    scale = 2.0
    bitmap = page.render(scale=scale).to_pil().convert("RGB")
    mm = 72 / 25.4 * scale
    red = bitmap.getpixel((round((170 + 12.5) * mm), round((14 + 10) * mm)))
    assert red[0] > 180 and red[1] < 90 and red[2] < 90, red


def test_a_jpeg_logo_with_large_metadata_is_printed(tmp_path: Path, assets: Path) -> None:
    (tmp_path / "x.jpg").write_bytes(jpeg_with_big_metadata())
    out = tmp_path / "out.pdf"
    result, _ = gutskin(assets, "export", "--layout", "a4-handout", "--out", str(out),
                        "--clinic", str(clinic_with_logo(tmp_path, "x.jpg")))
    assert_clean(result)
    assert (120, 90, "/DCTDecode") in pdf_images(out)


# --- the checks themselves ---------------------------------------------------------------

def test_the_size_pillow_reads_is_the_size_the_decoder_uses(tmp_path: Path) -> None:
    data = two_header_png((10, 10), (300, 5000))
    assert image_size(data) == ("PNG", 300, 5000)
    with Image.open(io.BytesIO(data)) as im:
        im.load()  # the whole image decodes, at its second header's size
        assert im.size == (300, 5000) and im.getextrema() == (0, 0)
    path = tmp_path / "two-headers.png"
    path.write_bytes(data)
    assert ImageReader(str(path)).getSize() == (300, 5000)  # what reportlab draws
    assert image_problem(path) is None  # 1.5 million pixels: fine


def test_the_double_header_bomb_is_refused_quickly_and_quietly(tmp_path: Path) -> None:
    path = tmp_path / "double-ihdr.png"
    path.write_bytes(double_ihdr())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        reason = image_problem(path)
        seconds = time.perf_counter() - start
    assert reason == "the PNG image is 13000 x 13000 pixels, more than 50 million"
    assert seconds < REFUSAL_SECONDS
    assert not caught  # no DecompressionBombWarning reaches anyone
    assert image_size(path.read_bytes()) == ("PNG", 13000, 13000)


def test_a_normal_image_is_checked_quickly(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    Image.linear_gradient("L").resize((2000, 2000)).convert("RGB").save(path)
    assert image_problem(path) is None
    best = min(_seconds(lambda: image_problem(path)) for _ in range(3))
    assert best < 0.1, best


def _seconds(job: Callable[[], object]) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


def _cut(data: bytes, at: bytes) -> bytes:
    return data[:data.index(at)]


def _second_sof(data: bytes, width: int, height: int, first: bool) -> bytes:
    """The JPEG with a second frame header (SOF0) giving another size, before or after
    its own."""
    i = data.index(b"\xff\xc0")
    length = struct.unpack(">H", data[i + 2:i + 4])[0]
    own = data[i:i + 2 + length]
    other = own[:5] + struct.pack(">HH", height, width) + own[9:]
    return data[:i] + (other + own if first else own + other) + data[i + 2 + length:]


def _bad_apng() -> bytes:
    data = png()
    at = data.index(b"IDAT") - 4
    return data[:at] + chunk(b"acTL", struct.pack(">II", 0, 0)) + data[at:]


def _bad_checksum() -> bytes:
    data = bytearray(png())
    at = data.index(b"IDAT") + 6
    data[at] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("cut.jpg", lambda: jpeg()[:-200], "the JPEG image is cut short (truncated)"),
    ("no-end.jpg", lambda: jpeg()[:-2], "the JPEG image is cut short (truncated)"),
    ("header-only.jpg", lambda: _cut(jpeg(), b"\xff\xda"),
     "the JPEG image is cut short (truncated)"),
    ("cut.png", lambda: png()[:-30], "the PNG image is cut short (truncated)"),
    ("checksum.png", _bad_checksum, "the PNG image is damaged and cannot be read"),
    ("bad-apng.png", _bad_apng, "the PNG image is damaged (Invalid APNG"),
    ("two-sizes.jpg", lambda: _second_sof(jpeg(), 30000, 30000, first=True),
     "its header gives two sizes, 30000 x 30000 and 120 x 90 pixels"),
    ("big-last.jpg", lambda: _second_sof(jpeg(), 30000, 30000, first=False),
     "the JPEG image is 30000 x 30000 pixels, more than 50 million"),
    ("junk.jpg", lambda: jpeg()[:20] + b"\x00" * 5000 + jpeg()[20:],
     "stray bytes between the segments of its header"),
    ("png-named.jpg", png, "the file is named .jpg but holds a PNG image"),
    ("empty.png", lambda: b"", "not a PNG or JPEG image (the file is empty)"),
    ("animation.png", lambda: b"GIF89a" + bytes(40),
     "not a PNG or JPEG image (its content looks like a GIF image)"),
    ("zero.png", lambda: two_header_png((10, 10), (0, 10)),
     "the PNG image is damaged and cannot be read"),  # Pillow refuses a 0-pixel image
    ("huge.png", lambda: (ROOT / "tests" / "data" / "bomb.png").read_bytes(),
     "the PNG image is 100000 x 100000 pixels, more than 50 million"),
])
def test_broken_images_are_refused_with_a_plain_reason(tmp_path: Path, name: str,
                                                       make: Callable[[], bytes],
                                                       reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = image_problem(path)
    assert found is not None and reason in found, found
    assert "\n" not in found and "_io." not in found
    assert not caught


@pytest.mark.parametrize(("name", "make"), [
    ("progressive.jpg", lambda: jpeg(progressive=True)),
    ("with-tail.jpg", lambda: jpeg() + b"a motion photo's video, say" * 100),
    ("jpeg-named.png", jpeg),
    ("grey.png", lambda: two_header_png((200, 100), (200, 100))),
    ("big-metadata.jpeg", jpeg_with_big_metadata),
])
def test_good_images_are_accepted(tmp_path: Path, name: str,
                                  make: Callable[[], bytes]) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    assert image_problem(path) is None


def test_the_layout_error_names_the_field_the_image_and_the_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "assets"
    folder.mkdir()
    monkeypatch.setattr(layout_module, "ASSETS", folder)
    (folder / "truncated.png").write_bytes(truncated_png())
    layout = layout_placing(tmp_path, "truncated.png")
    with pytest.raises(LoadError) as caught:
        load_layout(layout)
    assert str(caught.value) == (f"{layout}: blocks[{IMAGE_BLOCK}].path: truncated.png: "
                                 "the PNG image is cut short (truncated)")


# --- drawing -----------------------------------------------------------------------------

def _checksums_right_pixels_wrong() -> bytes:
    """A PNG whose chunks and checksums are all right but whose pixel data is not a zlib
    stream: only decoding it shows the damage."""
    return (b"\x89PNG\r\n\x1a\n" + grey_header(20, 20)
            + chunk(b"IDAT", b"\x78\x9c" + b"\xff" * 30) + chunk(b"IEND", b""))


def _draw(path: Path, how: str) -> None:
    """Draw the image into a PDF with reportlab's canvas or its page layout (platypus)."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Image as Picture
    from reportlab.platypus import SimpleDocTemplate

    if how == "canvas":
        canvas = Canvas(io.BytesIO())
        canvas.drawImage(str(path), 0, 0, 50, 50, mask="auto")
        canvas.save()
    else:
        SimpleDocTemplate(io.BytesIO()).build(
            [Picture(str(path), width=50, height=50, kind="proportional")])


@pytest.mark.parametrize("how", ["canvas", "platypus"])
def test_damage_found_only_when_drawing_is_one_plain_error(tmp_path: Path, how: str) -> None:
    from gutskin_desktop.model.images import drawing_errors

    path = tmp_path / "x.png"
    path.write_bytes(_checksums_right_pixels_wrong())
    assert image_problem(path) is None  # the check reads no pixels: drawing must say it
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and prints no warning on the way
        with pytest.raises(LoadError) as caught, drawing_errors("clinic.json", "logo", path):
            _draw(path, how)
    assert str(caught.value) == ("clinic.json: logo: x.png: the image is damaged and cannot "
                                 "be drawn (broken data stream when reading image file)")


# --- SVG drawings ---------------------------------------------------------------------------

SVG_HEAD = ('<svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60">')


def svg(body: str = '<rect x="10" y="10" width="100" height="40" fill="#1f4f66"/>',
        head: str = SVG_HEAD) -> bytes:
    return f"{head}{body}</svg>".encode()


def _png_uri(data: bytes) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def use_bomb(levels: int = 8, fan: int = 10) -> bytes:
    """Each level's group shows the one below ``fan`` times: 10^8 rectangles drawn from
    a file of a few kilobytes."""
    parts = ['<defs><rect id="l0" width="1" height="1"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}"/>' for _ in range(fan))
        parts.append(f'<g id="l{level}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#l{levels}"/>')
    return svg("".join(parts))


@pytest.mark.parametrize(("name", "data"), [
    ("plain.svg", svg()),
    ("viewbox-only.svg", svg(head='<svg xmlns="http://www.w3.org/2000/svg" '
                                  'viewBox="0 0 300 100">')),
    ("inner-links.svg", svg('<defs><linearGradient id="g"><stop offset="0" stop-color="red"/>'
                            '</linearGradient><circle id="c" r="5"/></defs>'
                            '<use xlink:href="#c" x="20" y="20"/>'
                            '<rect width="50" height="20" style="fill: url(#g)"/>')),
    ("embedded-png.svg", svg(f'<image width="20" height="20" xlink:href="{_png_uri(png())}"/>')),
    ("bom-and-declaration.svg", b"\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?>\n" + svg()),
], ids=lambda value: value if isinstance(value, str) else "")
def test_safe_svg_drawings_are_accepted(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert image_problem(path) is None


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("external-entity.svg",
     b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     + svg("<text>&x;</text>"), "declares a DTD or entities"),
    ("xlink-file.svg", svg('<image width="10" height="10" xlink:href="file:///etc/passwd"/>'),
     "refers to another file or a web address ('file:///etc/passwd')"),
    ("href-web.svg", svg('<image width="10" height="10" href="https://example.org/x.png"/>'),
     "refers to another file or a web address"),
    ("use-other-file.svg", svg('<use xlink:href="other.svg#shape"/>'),
     "refers to another file or a web address ('other.svg#shape')"),
    ("css-url.svg", svg('<rect width="5" height="5" style="fill: url(http://example.org/p)"/>'),
     "style refers to another file or a web address"),
    ("css-import.svg", svg('<style>@import "https://example.org/a.css";</style>'),
     "imports another file (@import)"),
    ("script.svg", svg("<script>alert(1)</script>"), "holds a script"),
    ("onload.svg", svg('<rect width="5" height="5" onload="alert(1)"/>'), "holds a script"),
    ("foreign.svg", svg("<foreignObject><p>hi</p></foreignObject>"),
     "embedded web content"),
    ("use-bomb.svg", use_bomb(), "draws more than 50,000 elements"),
    ("use-loop.svg", svg('<g id="a"><use xlink:href="#a"/></g>'), "shows itself"),
    ("no-size.svg", svg(head='<svg xmlns="http://www.w3.org/2000/svg">'), "has no size"),
    ("percent-size.svg", svg(head='<svg xmlns="http://www.w3.org/2000/svg" width="100%" '
                                  'height="100%">'), "has no size"),
    ("absurd-size.svg", svg(head='<svg xmlns="http://www.w3.org/2000/svg" width="1e9" '
                                 'height="10">'), "not a sensible size"),
    ("sliver.svg", svg(head='<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 5000 1">'),
     "more than 100 times the other"),
    ("bad-viewbox.svg", svg(head='<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 a b">'),
     "is not four numbers"),
    ("embedded-gif.svg", svg('<image width="5" height="5" '
                             'xlink:href="data:image/gif;base64,R0lGODlhAQABAAAAACw="/>'),
     "refers to another file or a web address"),
    ("embedded-bomb.svg", svg(f'<image width="5" height="5" xlink:href="'
                              f'{_png_uri(double_ihdr())}"/>'),
     "embedded picture that cannot be printed: the PNG image is 13000 x 13000 pixels"),
    ("utf16-entity.svg", ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY x '
                          'SYSTEM "file:///etc/passwd">]>').encode("utf-16")
     + svg("<text>&x;</text>").decode().encode("utf-16")[2:], "declares a DTD or entities"),
    ("cut-short.svg", svg()[:-10], "the SVG drawing is damaged and cannot be read"),
    ("not-svg.svg", b'<?xml version="1.0"?><html><body/></html>',
     "holds XML, but not an SVG drawing (it starts with <html>)"),
    ("squeezed.svg", b"\x1f\x8b\x08\x00" + bytes(40), "compressed (gzip), as a .svgz"),
    ("huge.svg", svg("<!--" + "x" * (5 * 1024 * 1024) + "-->"),
     "the SVG file is larger than 5 MB"),
    ("drawing.png", svg(), "the file is named .png but holds an SVG drawing (rename it to .svg)"),
    ("picture.svg", png(), "the file is named .svg but holds a PNG image (rename it to .png)"),
], ids=lambda value: value if isinstance(value, str) and value.endswith((".svg", ".png"))
    else "")
def test_unsafe_or_broken_svg_drawings_are_refused_quickly(tmp_path: Path, name: str,
                                                           data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    start = time.perf_counter()
    found = image_problem(path)
    assert found is not None and reason in found, found
    assert time.perf_counter() - start < REFUSAL_SECONDS


def test_an_svg_that_refers_out_is_refused_by_the_command_with_one_line(
        tmp_path: Path, assets: Path) -> None:
    (assets / "images" / "x.svg").write_bytes(
        svg('<image width="10" height="10" xlink:href="file:///etc/passwd"/>'))
    result, seconds = gutskin(assets, "check", str(layout_placing(tmp_path, "images/x.svg")))
    assert_refused(result, seconds, f"blocks[{IMAGE_BLOCK}].path", "x.svg: the SVG drawing "
                   "refers to another file or a web address ('file:///etc/passwd')")


def export_with_drawing(folder: Path, assets: Path) -> tuple[subprocess.CompletedProcess[str],
                                                             Path]:
    """Export a4-handout with the data folder's ``images/x.svg`` placed on it (and a
    reviewed clinic profile, so no warning is printed); the result and the PDF's path."""
    out = folder / "out.pdf"
    clinic = folder / "clinic.json"
    clinic.write_text(json.dumps(REVIEWED_CLINIC), encoding="utf-8")
    result, _ = gutskin(assets, "export", "--layout",
                        str(layout_placing(folder, "images/x.svg")), "--out", str(out),
                        "--clinic", str(clinic))
    return result, out


def test_an_svg_drawing_prints_as_vectors_with_its_text(tmp_path: Path, assets: Path) -> None:
    (assets / "images" / "x.svg").write_bytes(svg(
        '<rect width="120" height="60" fill="#c01010"/>'
        '<text x="10" y="40" font-family="Georgia" font-size="20" fill="#ffffff">Clinic'
        '</text>'))
    result, out = export_with_drawing(tmp_path, assets)
    assert_clean(result)
    assert pdf_images(out) == []  # no picture: the drawing is vectors
    first = pypdf.PdfReader(out).pages[0]
    assert "Clinic" in first.extract_text()  # its text is real text
    with pdfium.PdfDocument(out) as document:  # the red box where the block is
        page = document[0].render(scale=2).to_pil().convert("RGB")
    scale = 2 / 25.4 * 72
    x, y = (170 + 25 / 2) * scale, (14 + 20 / 2) * scale
    assert page.getpixel((round(x), round(y - 4 * scale)))[0] > 180
    assert page.getpixel((round(x), round(y - 4 * scale)))[1] < 60


def test_svglib_messages_about_what_it_leaves_out_stay_off_the_terminal(
        tmp_path: Path, assets: Path) -> None:
    # svglib logs what it cannot draw (here a colour it does not know); nothing a person
    # can act on, so the export says nothing of it
    (assets / "images" / "x.svg").write_bytes(svg(
        '<rect width="120" height="60" fill="notacolour"/>'
        '<rect x="10" y="10" width="50" height="20" fill="#c01010"/>'))
    result, out = export_with_drawing(tmp_path, assets)
    assert_clean(result)
    assert "notacolour" not in result.stderr + result.stdout
    assert out.read_bytes().startswith(b"%PDF")
