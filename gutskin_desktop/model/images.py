"""Checking the PNG and JPEG images and the SVG drawings that a layout places or a clinic
profile uses as logo.

An image is checked with the readers that will print it: Pillow reads its header (lazily:
no pixels are decoded) and gives the size the decoder will use, which must be at most 50
million pixels; a PNG's chunks and checksums are then verified through to its end, and a
JPEG, which reportlab copies into the PDF as it is, must give reportlab the same size and
have its end marker. A file that is cut short, damaged, of another kind or too large is
refused with one plain reason, before reportlab sees it, and no Pillow warning is printed:
an image that makes Pillow warn is refused with the warning as its reason, so drawing it
later cannot print one either.

An SVG drawing is told by its content, not its name, and read by :func:`svg_tree` with
lxml set to read nothing but the file itself: no DTD, no entities (a file that declares
any is refused), no network, no external files. It must hold everything it draws: a
reference to another file or a web address (``href``, ``xlink:href``, CSS ``url(...)``
or ``@import``), a script, an event handler or embedded web content is refused, and so
is an embedded picture that is not a printable PNG or JPEG. Its size (``width`` and
``height``, else its ``viewBox``) must be sensible, and it may hold at most
:data:`MAX_SVG_ELEMENTS` elements, nested at most :data:`MAX_SVG_DEPTH` deep, and draw at
most :data:`MAX_SVG_DRAWN` once every ``<use>`` is expanded, so that a small file cannot
ask for millions of shapes.
"""
from __future__ import annotations

import base64
import binascii
import codecs
import io
import math
import re
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, NamedTuple

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
SVG_SUFFIXES = (".svg",)
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg")
IMAGE_SUFFIXES = RASTER_SUFFIXES + SVG_SUFFIXES
Kind = Literal["PNG", "JPEG", "SVG"]
# Pillow's messages that say nothing to a person (and name Python objects)
UNHELPFUL = ("cannot identify image file", "not identified by this driver")
# Warnings about the code rather than the file, which do not refuse an image
NOT_ABOUT_THE_FILE = (DeprecationWarning, PendingDeprecationWarning, ResourceWarning)
# What Pillow and reportlab raise on a file they cannot read (the warnings they would
# print are recorded instead, and refused below).
READ_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError,
               KeyError, TypeError, zlib.error)


class ImageRefused(Exception):
    """An image that cannot be printed; the message is the plain reason (the caller names
    the file)."""


class _Refused(ImageRefused):
    """Why an image cannot be printed (raised inside this module)."""


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
    try:
        data = read_image_file(image)
    except _Refused as refused:
        return str(refused)
    return data_problem(data, image.suffix)


def read_image_file(image: Path) -> bytes:
    """The bytes of an image file, read once and capped (_Refused, with the reason, for a
    file that is not a regular file, cannot be read or is too large)."""
    try:  # a regular file only (a pipe would block the read), capped while reading
        return read_regular(image, MAX_IMAGE_BYTES)
    except LoadError as exc:
        if exc.reason.startswith("the file is larger"):
            raise _Refused(f"the image file is larger than "
                           f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB") from None
        if "not a regular file" in exc.reason:
            raise _Refused("not an image file (not a regular file)") from None
        raise _Refused(f"the image file cannot be read ({exc.reason})") from None


def data_problem(data: bytes, suffix: str) -> str | None:
    """Why an image file holding ``data`` and named with ``suffix`` (``.png``) cannot be
    printed (None: it can)."""
    try:
        check_data(data, suffix)
    except _Refused as refused:
        return str(refused)
    return None


def check_data(data: bytes, suffix: str) -> Kind:
    """The kind of a printable image (its bytes, named with ``suffix``); _Refused with the
    reason for any other file."""
    suffix = suffix.lower()
    if looks_like_svg(data):
        svg_tree(data)
        if suffix not in SVG_SUFFIXES:
            raise _Refused(f"the file is named {suffix or 'without a suffix'} but holds an "
                           f"SVG drawing (rename it to .svg)")
        return "SVG"
    if data[:2] == b"\x1f\x8b":
        raise _Refused("the file is compressed (gzip), as a .svgz drawing is; save the "
                       "drawing as a plain .svg")
    kind = _check_data(data)
    if kind == "PNG" and suffix in (".jpg", ".jpeg"):
        # reportlab would take it for a JPEG by its name and copy it into the PDF as one
        raise _Refused(f"the file is named {suffix} but holds a PNG image (rename it to .png)")
    if suffix in SVG_SUFFIXES:
        raise _Refused(f"the file is named {suffix} but holds a {kind} image (rename it to "
                       f".{'png' if kind == 'PNG' else 'jpg'})")
    return "PNG" if kind == "PNG" else "JPEG"


def image_kind(data: bytes) -> Kind | None:
    """What an image file holds, by its first bytes (None: none of our kinds)."""
    kind = _kind(data)
    if kind is not None:
        return "PNG" if kind == "PNG" else "JPEG"
    return "SVG" if looks_like_svg(data) else None


def image_dimensions(data: bytes) -> tuple[float, float] | None:
    """The width and height of a checked image, for its shape: pixels of a PNG or JPEG,
    points of an SVG drawing (None: not an image of ours)."""
    if looks_like_svg(data):
        try:
            tree = svg_tree(data)
        except _Refused:
            return None
        return tree.width, tree.height
    size = image_size(data)
    return None if size is None else (float(size[1]), float(size[2]))


def read_image(image: Path) -> tuple[bytes, Kind]:
    """The bytes of an image file, read once, and its kind once they are checked
    (:class:`ImageRefused` with the reason when the file cannot be printed). Whoever keeps
    or draws the picture uses these bytes: the file may change after it was read."""
    data = read_image_file(image)
    return data, check_data(data, image.suffix)


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
        raise _Refused(f"not a PNG or JPEG image ({_what_it_holds(data)}), nor an SVG "
                       f"drawing")
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


# -- SVG drawings --------------------------------------------------------------------------

MAX_SVG_BYTES = 5 * 1024 * 1024
MAX_SVG_ELEMENTS = 20_000  # elements in the file
MAX_SVG_DRAWN = 50_000  # elements drawn, each <use> counted as a copy of what it shows
MAX_SVG_DEPTH = 64  # elements inside elements (and <use> inside what a <use> shows)
MAX_SVG_SIDE_PT = 50_000.0  # about 17 metres
MIN_SVG_SIDE_PT = 0.01
MAX_SVG_ASPECT = 100.0  # the longer side at most this many times the shorter
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_SVG_START = re.compile(rb"\s*(?:<\?xml|<svg[\s>/]|<!--|<!doctype\s+svg)", re.IGNORECASE)
_LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z%]*)\s*")
_POINTS_PER_UNIT = {"": 0.75, "px": 0.75, "pt": 1.0, "pc": 12.0, "mm": 72 / 25.4,
                    "cm": 72 / 2.54, "in": 72.0}
_EMBEDDED = re.compile(r"data:image/(png|jpe?g);base64,(.*)", re.DOTALL | re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*([^)'\"]*)", re.IGNORECASE)
# Elements that run code or show another kind of document, and why each is refused.
_FORBIDDEN = {
    "script": "holds a script",
    "handler": "holds a script (an event handler)",
    "foreignobject": "holds embedded web content (a foreignObject element)",
    "iframe": "holds embedded web content (an iframe)",
    "embed": "holds embedded content (an embed element)",
    "object": "holds embedded content (an object element)",
}


class SvgTree(NamedTuple):
    """A checked SVG drawing: its root element (lxml) and its size in points."""

    root: Any
    width: float
    height: float


def looks_like_svg(data: bytes) -> bool:
    """Whether a file's first bytes look like an SVG drawing (or other XML): the start of
    XML text, after a byte-order mark."""
    head = data[:512]
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(codec, "ignore").encode("utf-8")
            break
    return _SVG_START.match(head) is not None


def svg_tree(data: bytes) -> SvgTree:
    """Parse and check an SVG drawing's bytes (see the module's notes); _Refused with the
    reason for a drawing that cannot be printed safely."""
    if len(data) > MAX_SVG_BYTES:
        raise _Refused(f"the SVG file is larger than {MAX_SVG_BYTES // (1024 * 1024)} MB")
    if re.search(rb"<!(?:doctype|entity)", data[:MAX_SVG_BYTES], re.IGNORECASE):
        raise _Refused("the SVG file declares a DTD or entities (<!DOCTYPE ...>), which "
                       "could read other files; save it again without them")
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True,
                             remove_pis=True, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _Refused(f"the SVG drawing is damaged and cannot be read "
                       f"({_one_line(str(exc))})") from None
    except (ValueError, MemoryError) as exc:
        raise _Refused(f"the SVG drawing cannot be read ({_one_line(str(exc))})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        raise _Refused("the SVG file declares a DTD or entities (<!DOCTYPE ...>), which "
                       "could read other files; save it again without them")
    name, space = _local(root.tag), _namespace(root.tag)
    if name != "svg" or space not in ("", SVG_NS):
        raise _Refused(f"the file holds XML, but not an SVG drawing (it starts with "
                       f"<{name}>)")
    _check_svg_elements(root)
    width, height = _svg_size(root)
    return SvgTree(root, width, height)


def svg_root(path: str | Path, where: str, image: Path) -> SvgTree:
    """Read and check an SVG drawing for printing (LoadError naming the file that refers
    to it, the field, the drawing and the reason)."""
    try:
        return svg_tree(read_image_file(image))
    except _Refused as refused:
        raise LoadError(path, where, f"{image.name}: {refused}") from None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _check_svg_elements(root: Any) -> None:
    """Refuse code, references out of the file, too many elements or too deep a tree,
    and embedded pictures that are not printable; then count what ``<use>`` expands to."""
    from lxml import etree

    ids: dict[str, Any] = {}
    count, pixels = 0, 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Entity):
                raise _Refused("the SVG drawing uses an entity (&name;), which could read "
                               "other files; save it again without them")
            continue
        count += 1
        if count > MAX_SVG_ELEMENTS:
            raise _Refused(f"the SVG drawing has more than {MAX_SVG_ELEMENTS:,} elements")
        name = _local(element.tag).lower()
        if name in _FORBIDDEN:
            raise _Refused(f"the SVG drawing {_FORBIDDEN[name]}, which cannot be printed "
                           f"safely")
        if name == "style":
            _check_css(element.text or "")
        for attribute, value in element.attrib.items():
            local = _local(attribute).lower()
            if local.startswith("on"):
                raise _Refused(f"the SVG drawing holds a script (an {local} attribute), "
                               f"which cannot be printed safely")
            if local == "href" and name != "a":
                pixels += _check_reference(value, pixels)
            elif local == "id":
                ids.setdefault(value, element)
            elif "url(" in value.lower() or local == "style":
                _check_css(value)
    _check_expansion(root, ids)


def _check_reference(value: str, pixels: int) -> int:
    """An ``href`` may point inside the drawing (``#id``) or hold a PNG or JPEG picture;
    the pixels of such a picture, which all count towards one image's limit."""
    target = value.strip()
    if target.startswith("#"):
        return 0
    embedded = _EMBEDDED.fullmatch(target)
    if embedded is None:
        shown = target if len(target) <= 60 else target[:57] + "..."
        raise _Refused(f"the SVG drawing refers to another file or a web address "
                       f"({shown!r}); only a drawing that holds everything it shows can be "
                       f"used")
    try:
        picture = base64.b64decode("".join(embedded.group(2).split()), validate=True)
    except (binascii.Error, ValueError):
        raise _Refused("the SVG drawing holds an embedded picture that is damaged (its "
                       "base64 text cannot be read)") from None
    try:
        _check_data(picture)
    except _Refused as refused:
        raise _Refused(f"the SVG drawing holds an embedded picture that cannot be printed: "
                       f"{refused}") from None
    size = image_size(picture)
    more = size[1] * size[2] if size is not None else 0
    if pixels + more > _pixel_limit():
        raise _Refused(f"the SVG drawing's embedded pictures have more than "
                       f"{_pixel_limit() // 1_000_000} million pixels together")
    return more


def _check_css(text: str) -> None:
    """Style text may refer only inside the drawing (``url(#id)``), and import nothing."""
    if "@import" in text.lower():
        raise _Refused("the SVG drawing's style imports another file (@import); only a "
                       "drawing that holds everything it shows can be used")
    for match in _CSS_URL.finditer(text):
        target = match.group(2).strip()
        if not target.startswith("#"):
            shown = target if len(target) <= 60 else target[:57] + "..."
            raise _Refused(f"the SVG drawing's style refers to another file or a web "
                           f"address (url({shown})); only a drawing that holds everything "
                           f"it shows can be used")


def _check_expansion(root: Any, ids: dict[str, Any]) -> None:
    """Count the elements drawn with every ``<use>`` expanded (each target counted once
    per use), refusing loops, too deep a tree and too many elements in all."""
    sizes: dict[Any, int] = {}
    active: set[Any] = set()

    def drawn(element: Any, depth: int) -> int:
        if depth > MAX_SVG_DEPTH:
            raise _Refused(f"the SVG drawing's elements are nested more than "
                           f"{MAX_SVG_DEPTH} deep")
        known = sizes.get(element)
        if known is not None:
            return known
        if element in active:
            raise _Refused("the SVG drawing has a <use> element that shows itself (a loop)")
        active.add(element)
        total = 1
        for child in element:
            if isinstance(child.tag, str):
                total += drawn(child, depth + 1)
        if _local(element.tag) == "use":
            href = (element.get(XLINK_HREF) or element.get("href") or "").strip()
            target = ids.get(href[1:]) if href.startswith("#") else None
            if target is not None:
                total += drawn(target, depth + 1)
        active.discard(element)
        if total > MAX_SVG_DRAWN:
            raise _Refused(f"the SVG drawing draws more than {MAX_SVG_DRAWN:,} elements "
                           f"once its <use> elements are expanded")
        sizes[element] = total
        return total

    drawn(root, 0)


def _svg_length(text: str | None) -> float | None:
    """A length in points (None: missing, relative such as % or em, or not a length)."""
    if text is None:
        return None
    match = _LENGTH.fullmatch(text)
    if match is None:
        return None
    unit = match.group(2).lower()
    if unit not in _POINTS_PER_UNIT:
        return None
    value = float(match.group(1)) * _POINTS_PER_UNIT[unit]
    return value if math.isfinite(value) else None


def _svg_size(root: Any) -> tuple[float, float]:
    """The drawing's size in points: its width and height, else its viewBox's (in
    pixels, as SVG reads unitless numbers); refused unless sensible."""
    box = root.get("viewBox")
    view: tuple[float, float] | None = None
    if box is not None:
        numbers = box.replace(",", " ").split()
        try:
            values = [float(n) for n in numbers]
        except ValueError:
            values = []
        if len(values) != 4 or not all(math.isfinite(v) for v in values):
            raise _Refused(f"the SVG drawing's viewBox ({_one_line(box, 40)!r}) is not four "
                           f"numbers")
        if values[2] <= 0 or values[3] <= 0:
            raise _Refused(f"the SVG drawing's viewBox ({_one_line(box, 40)!r}) has no area")
        view = values[2] * 0.75, values[3] * 0.75
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    if width is None or height is None:
        if view is None:
            raise _Refused("the SVG drawing has no size: give its <svg> element a width "
                           "and a height (or a viewBox)")
        if width is not None:
            width, height = width, width * view[1] / view[0]
        elif height is not None:
            width, height = height * view[0] / view[1], height
        else:
            width, height = view
    for side, value in (("width", width), ("height", height)):
        if not MIN_SVG_SIDE_PT <= value <= MAX_SVG_SIDE_PT:
            raise _Refused(f"the SVG drawing's {side} ({value:g} pt) is not a sensible "
                           f"size (from {MIN_SVG_SIDE_PT:g} to {MAX_SVG_SIDE_PT:,.0f} pt)")
    if max(width, height) > MAX_SVG_ASPECT * min(width, height):
        raise _Refused(f"the SVG drawing is {width:g} x {height:g} pt: one side is more "
                       f"than {MAX_SVG_ASPECT:g} times the other")
    return width, height
