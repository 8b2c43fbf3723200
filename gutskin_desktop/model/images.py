"""Checking the PNG and JPEG images that a layout places or a clinic profile uses as logo.

An image is checked with the readers that will print it: Pillow reads its header (lazily:
no pixels are decoded) and gives the size the decoder will use, which must be at most 50
million pixels; a PNG's chunks and checksums are then verified through to its end, and a
JPEG, which reportlab copies into the PDF as it is, must give reportlab the same size and
have its end marker. A file that is cut short, damaged, of another kind or too large is
refused with one plain reason, before reportlab sees it, and no Pillow warning is printed:
an image that makes Pillow warn is refused with the warning as its reason, so drawing it
later cannot print one either.
"""
from __future__ import annotations

import io
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LoadError
from .files import read_regular

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000
MAX_STRAY_BYTES = 1024  # junk tolerated between a JPEG's header segments
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
JPEG_START = b"\xff\xd8\xff"
JPEG_END = b"\xff\xd9"
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # Pillow's format: our kind
OTHER_KINDS = (  # what a file that is not PNG or JPEG seems to hold, by its first bytes
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"), (b"%PDF", "a PDF document"), (b"BM", "a BMP image"),
    (b"\x00\x00\x01\x00", "an icon file"), (b"<svg", "an SVG drawing"),
    (b"<?xml", "an XML file"), (b"8BPS", "a Photoshop document"),
)
# Pillow's messages that say nothing to a person (and name Python objects)
UNHELPFUL = ("cannot identify image file", "not identified by this driver")
# Warnings about the code rather than the file, which do not refuse an image
NOT_ABOUT_THE_FILE = (DeprecationWarning, PendingDeprecationWarning, ResourceWarning)
# What Pillow and reportlab raise on a file they cannot read (the warnings they would
# print are recorded instead, and refused below).
READ_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError,
               KeyError, TypeError, zlib.error)


class _Refused(Exception):
    """Why an image cannot be printed."""


def check_image(path: str | Path, where: str, image: Path) -> None:
    """Refuse an image file that cannot be printed safely, as a LoadError naming the file
    that refers to it (``path``), the field (``where``), the image and the reason."""
    reason = image_problem(image)
    if reason is not None:
        raise LoadError(path, where, f"{image.name}: {reason}")


@contextmanager
def drawing_errors(path: str | Path, where: str, image: Path) -> Iterator[None]:
    """Draw a checked image with what goes wrong turned into a LoadError with a plain
    reason, and no Pillow warning printed. The check reads no pixels, so pixel data that
    is damaged although its checksums match shows only when reportlab decodes it::

        with drawing_errors(layout.name, "path", image):
            canvas.drawImage(str(image), ...)
    """
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        try:
            yield
        except READ_ERRORS as exc:
            raise LoadError(path, where, f"{image.name}: the image is damaged and cannot be "
                                         f"drawn ({_first_cause(exc)})") from None


def _first_cause(exc: BaseException) -> str:
    """Pillow's own message, under the lines reportlab adds to it (``fileName=<...>``,
    ``identity=[ImageReader@0x...]``)."""
    cause: BaseException | None = exc
    seen = set()
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        text = _one_line(str(cause))
        if "fileName=" not in text and "identity=[" not in text:
            break
        cause = cause.__context__
    else:
        cause, text = exc, ""
    if not text or any(words in text for words in UNHELPFUL):
        return type(cause).__name__
    return text


def image_problem(image: Path) -> str | None:
    """Why the image file cannot be printed (None: it can)."""
    try:  # a regular file only (a pipe would block the read), capped while reading
        data = read_regular(image, MAX_IMAGE_BYTES)
    except LoadError as exc:
        if exc.reason.startswith("the file is larger"):
            return f"the image file is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB"
        if "not a regular file" in exc.reason:
            return "not an image file (not a regular file)"
        return f"the image file cannot be read ({exc.reason})"
    try:
        kind = _check_data(data)
    except _Refused as refused:
        return str(refused)
    if kind == "PNG" and image.suffix.lower() in (".jpg", ".jpeg"):
        # reportlab would take it for a JPEG by its name and copy it into the PDF as one
        return f"the file is named {image.suffix} but holds a PNG image (rename it to .png)"
    return None


def image_size(data: bytes) -> tuple[str, int, int] | None:
    """The kind (PNG or JPEG) and the pixel size the decoder will use, read from the
    image's header by Pillow (None: not a PNG or JPEG header Pillow can read)."""
    from PIL import Image

    kind = _kind(data)
    if kind is None:
        return None
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        try:
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as im:
                return FORMATS.get(im.format or "", kind), *im.size
        except Image.DecompressionBombError:
            size = _size_past_pillows_limit(data, kind)
            return None if size is None else (kind, *size)
        except READ_ERRORS:
            return None


def _check_data(data: bytes) -> str:
    """The kind of a printable PNG or JPEG image; _Refused with the reason for any other
    file."""
    from PIL import Image

    kind = _kind(data)
    if kind is None:
        raise _Refused(f"not a PNG or JPEG image ({_what_it_holds(data)})")
    scan = _jpeg_scan_start(data) if kind == "JPEG" else 0
    limit = _pixel_limit()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as im:
                kind = FORMATS.get(im.format or "", kind)
                width, height = im.size
                _check_size(kind, width, height, limit)
                im.verify()  # a PNG's chunks and checksums to its end; no pixels decoded
        except Image.DecompressionBombError:
            size = _size_past_pillows_limit(data, kind)
            if size is not None:
                _check_size(kind, *size, limit)
            raise _Refused(f"the {kind} image has more than {limit // 1_000_000} million "
                           f"pixels") from None
        except READ_ERRORS as exc:
            raise _Refused(_unreadable(data, kind, exc)) from None
    about_the_file = [w for w in caught if not issubclass(w.category, NOT_ABOUT_THE_FILE)
                      and Path(w.filename).parent.name == "PIL"]  # not another thread's
    if about_the_file:
        raise _Refused(f"the {kind} image is damaged "
                       f"({_one_line(str(about_the_file[0].message))})")
    if kind == "JPEG":
        _check_jpeg_for_reportlab(data, scan, width, height)
    return kind


def _kind(data: bytes) -> str | None:
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if data.startswith(JPEG_START):
        return "JPEG"
    return None


def _what_it_holds(data: bytes) -> str:
    """What a file that is not PNG or JPEG seems to be, for the reason."""
    if not data:
        return "the file is empty"
    if data[4:8] == b"ftyp":
        return "its content looks like an HEIC or AVIF image"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "its content looks like a WebP image"
    head = data[:16].lstrip()
    for magic, name in OTHER_KINDS:
        if head.startswith(magic):
            return f"its content looks like {name}"
    return "the file's content is not an image"


def _pixel_limit() -> int:
    """Our cap, or Pillow's warning limit if someone set it lower (so that Pillow can
    never warn about an image we accept)."""
    from PIL import Image

    theirs = Image.MAX_IMAGE_PIXELS
    return MAX_IMAGE_PIXELS if not theirs else min(MAX_IMAGE_PIXELS, int(theirs))


def _check_size(kind: str, width: int, height: int, limit: int) -> None:
    if not width or not height:
        raise _Refused(f"the {kind} image is {width} x {height} pixels: it has no pixels")
    if width * height > limit:
        raise _Refused(f"the {kind} image is {width} x {height} pixels, more than "
                       f"{limit // 1_000_000} million")


def _size_past_pillows_limit(data: bytes, kind: str) -> tuple[int, int] | None:
    """The header's size of an image so large that ``Image.open`` refuses it: read by the
    format's own reader, which does not check the size (only for the message)."""
    from PIL import JpegImagePlugin, PngImagePlugin

    reader = PngImagePlugin.PngImageFile if kind == "PNG" else JpegImagePlugin.JpegImageFile
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        try:
            with reader(io.BytesIO(data)) as im:
                size: tuple[int, int] = im.size
                return size
        except READ_ERRORS:
            return None


def _unreadable(data: bytes, kind: str, exc: BaseException) -> str:
    """The reason for an image Pillow cannot read: cut short, or damaged."""
    if (kind == "PNG" and PNG_END not in data) or (kind == "JPEG"
                                                   and JPEG_END not in data[2:]):
        return f"the {kind} image is cut short (truncated)"
    detail = _pillow_detail(data, kind) or _one_line(str(exc))
    if not detail or any(words in detail for words in UNHELPFUL):
        return f"the {kind} image is damaged and cannot be read"
    return f"the {kind} image is damaged and cannot be read ({detail})"


def _pillow_detail(data: bytes, kind: str) -> str:
    """What the format's own reader says is wrong (``Image.open`` hides it)."""
    from PIL import JpegImagePlugin, PngImagePlugin

    reader = PngImagePlugin.PngImageFile if kind == "PNG" else JpegImagePlugin.JpegImageFile
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        try:
            with reader(io.BytesIO(data)) as im:
                im.verify()
        except READ_ERRORS as exc:
            return _one_line(str(exc))
    return ""


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _jpeg_scan_start(data: bytes) -> int:
    """Where a JPEG's image data starts (just past its first SOS segment), walking the
    header's segments. Refuses a header that ends early or holds more than a little junk
    between segments (which Pillow and reportlab would step over a byte at a time)."""
    pos, stray, end = 2, 0, len(data)
    while True:
        if pos + 4 > end:
            raise _Refused("the JPEG image is cut short (truncated)")
        if data[pos] != 0xFF or data[pos + 1] in (0x00, 0xFF):  # junk or fill bytes
            stray += 1
            if stray > MAX_STRAY_BYTES:
                raise _Refused("the JPEG image is damaged and cannot be read (stray bytes "
                               "between the segments of its header)")
            pos += 1
            continue
        marker = data[pos + 1]
        if 0xD0 <= marker <= 0xD8 or marker == 0x01:  # markers without a length
            pos += 2
            continue
        if marker == 0xD9:
            raise _Refused("the JPEG image is damaged and cannot be read (it ends before "
                           "its image data)")
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if length < 2:
            raise _Refused("the JPEG image is damaged and cannot be read (a header "
                           "segment has a bad length)")
        pos += 2 + length
        if marker == 0xDA:
            if pos > end:
                raise _Refused("the JPEG image is cut short (truncated)")
            return pos


def _check_jpeg_for_reportlab(data: bytes, scan: int, width: int, height: int) -> None:
    """reportlab copies a JPEG into the PDF as it is, sized by its own reading of the
    header: it must read the size Pillow read, and the image data must reach its end."""
    from reportlab.pdfbase.pdfdoc import PDFError
    from reportlab.pdfbase.pdfutils import readJPEGInfo

    try:
        info = readJPEGInfo(io.BytesIO(data[:scan]))  # the header only: quick
    except READ_ERRORS:
        raise _Refused("the JPEG image is damaged and cannot be read (reportlab cannot "
                       "read its header)") from None
    except PDFError as exc:
        if "Unsupported JPEG marker" in str(exc):
            raise _Refused("the JPEG image is saved in a kind of JPEG that cannot be "
                           "printed (lossless, hierarchical or arithmetic coding); save "
                           "it again as a baseline or progressive JPEG") from None
        raise _Refused(f"the JPEG image cannot be printed ({_one_line(str(exc))})") from None
    if (info[0], info[1]) != (width, height):
        raise _Refused(f"the JPEG image is damaged: its header gives two sizes, "
                       f"{info[0]} x {info[1]} and {width} x {height} pixels")
    if data.find(JPEG_END, scan) < 0:
        raise _Refused("the JPEG image is cut short (truncated)")
