"""Page layouts as data: the page, and blocks placed on it in millimetres.

A layout is a JSON file (``layouts/*.json``) with a ``format_version``. Positions are
measured from the page's top-left corner of the trimmed page, in millimetres. Validation
refuses unknown fields, wrong types, NaN, blocks outside the page, unknown section ids and
image paths outside ``assets/``, naming the file, the field path and the reason.
"""
from __future__ import annotations

import math
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .content import TEXT_KINDS, Content
from .errors import LoadError
from .jsonfile import load_model, model_json
from .paths import ASSETS

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4), "A3": (297.0, 420.0),
                 "A2": (420.0, 594.0), "A1": (594.0, 841.0)}
DETAIL_FIELDS = ("clinic", "clinician", "phone", "patient", "date", "note")
_ID = r"^[a-z][a-z0-9-]{0,39}$"
_COLOUR = r"^#[0-9a-fA-F]{6}$"
Colour = Annotated[str, Field(pattern=_COLOUR)]
Mm = Annotated[float, Field(ge=-50.0, le=5000.0)]
Size = Annotated[float, Field(gt=0.0, le=5000.0)]
ShortText = Annotated[str, Field(max_length=300)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _finite(cls, value: object) -> object:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value


class Margins(_Strict):
    """Page margins in millimetres."""

    top: Annotated[float, Field(ge=0, le=500)]
    right: Annotated[float, Field(ge=0, le=500)]
    bottom: Annotated[float, Field(ge=0, le=500)]
    left: Annotated[float, Field(ge=0, le=500)]


class Page(_Strict):
    """The page: a named or custom size, orientation, margins, bleed and background."""

    size: Literal["A4", "Letter", "A3", "A2", "A1", "custom"]
    width_mm: Optional[Annotated[float, Field(ge=50, le=5000)]] = None
    height_mm: Optional[Annotated[float, Field(ge=50, le=5000)]] = None
    orientation: Literal["portrait", "landscape"] = "portrait"
    margins_mm: Margins
    bleed_mm: Annotated[float, Field(ge=0, le=25)] = 0.0
    background: Optional[Colour] = None

    def size_mm(self) -> tuple[float, float]:
        """Width and height of the trimmed page in millimetres, after orientation."""
        if self.size == "custom":
            w, h = self.width_mm or 0.0, self.height_mm or 0.0
        else:
            w, h = PAGE_SIZES_MM[self.size]
        if (self.orientation == "landscape") != (w > h):
            w, h = h, w
        return w, h

    def content_box(self) -> tuple[float, float, float, float]:
        """The area inside the margins: x, y, width, height in millimetres."""
        w, h = self.size_mm()
        m = self.margins_mm
        return m.left, m.top, w - m.left - m.right, h - m.top - m.bottom


class Style(_Strict):
    """How a block's text and box look. Sizes in points, padding in millimetres."""

    font_size: Annotated[float, Field(ge=4, le=400)] = 10.5
    heading_size: Optional[Annotated[float, Field(ge=4, le=600)]] = None
    leading: Annotated[float, Field(ge=1.0, le=3.0)] = 1.35
    align: Literal["left", "center", "right", "justify"] = "left"
    color: Colour = "#1f2d36"
    heading_color: Optional[Colour] = None
    background: Optional[Colour] = None
    border: Optional[Colour] = None
    padding_mm: Annotated[float, Field(ge=0, le=100)] = 0.0


class Frame(_Strict):
    """A further rectangle that a sections block's text flows into."""

    page: Annotated[int, Field(ge=1, le=200)]
    x_mm: Mm
    y_mm: Mm
    w_mm: Size
    h_mm: Size


class _Block(_Strict):
    id: Annotated[str, Field(pattern=_ID)]
    page: Annotated[int, Field(ge=1, le=200)] = 1
    x_mm: Mm
    y_mm: Mm
    w_mm: Size
    h_mm: Size
    style: Style = Style()


class TitleBlock(_Block):
    """The handout's title (the content's title unless given) and a subtitle."""

    type: Literal["title"]
    text: Optional[Annotated[str, Field(min_length=1, max_length=200)]] = None
    subtitle: Optional[ShortText] = None


class DiagramBlock(_Block):
    """The diagram, drawn as vectors from the shared geometry and fitted to the block."""

    type: Literal["diagram"]
    edge_labels: bool = True
    caption: Optional[ShortText] = None


class SectionsBlock(_Block):
    """Chosen sections flowing through columns, further frames and new pages."""

    type: Literal["sections"]
    sections: Optional[list[Annotated[str, Field(pattern=_ID)]]] = None
    text: Literal["patient", "presenter"] = "patient"
    columns: Annotated[int, Field(ge=1, le=6)] = 1
    column_gap_mm: Annotated[float, Field(ge=0, le=50)] = 6.0
    flow: Annotated[list[Frame], Field(max_length=50)] = []
    continues: bool = False
    back_links: bool = True


class CalloutBlock(_Block):
    """A boxed note with an optional title."""

    type: Literal["callout"]
    title: Optional[ShortText] = None
    text: Annotated[str, Field(min_length=1, max_length=3000)]


class SummaryBlock(_Block):
    """One line per chosen section: its summary."""

    type: Literal["summary"]
    title: ShortText = "In short"


class NotesBlock(_Block):
    """Ruled lines to write on."""

    type: Literal["notes"]
    title: ShortText = "Notes"
    line_spacing_mm: Annotated[float, Field(ge=4, le=40)] = 9.0


class DetailsBlock(_Block):
    """Clinic and patient details, filled in at export or left as lines to write on."""

    type: Literal["details"]
    title: Optional[ShortText] = None
    fields: Annotated[list[Literal["clinic", "clinician", "phone", "patient", "date", "note"]],
                      Field(min_length=1, max_length=6)] = list(DETAIL_FIELDS)


class QrBlock(_Block):
    """A QR code for a web address, with the address printed under it."""

    type: Literal["qr"]
    url: Annotated[str, Field(min_length=8, max_length=500,
                              pattern=r"^https?://[^\s\x00-\x1f\x7f]+$")]


class ImageBlock(_Block):
    """A PNG or JPEG file from ``assets/``, fitted inside the block."""

    type: Literal["image"]
    path: Annotated[str, Field(min_length=1, max_length=300)]


class DisclaimerBlock(_Block):
    """The content's disclaimer (or the layout's own words)."""

    type: Literal["disclaimer"]
    text: Optional[Annotated[str, Field(min_length=1, max_length=1000)]] = None


class FooterBlock(_Block):
    """Page number, print date and the content's review date."""

    type: Literal["footer"]
    all_pages: bool = True


Block = Annotated[Union[TitleBlock, DiagramBlock, SectionsBlock, CalloutBlock, SummaryBlock,
                        NotesBlock, DetailsBlock, QrBlock, ImageBlock, DisclaimerBlock,
                        FooterBlock], Field(discriminator="type")]


class Layout(_Strict):
    """A named page layout: the page and its blocks, drawn in file order."""

    format_version: Literal[1]
    name: Annotated[str, Field(pattern=_ID)]
    description: Annotated[str, Field(min_length=1, max_length=300)]
    page: Page
    blocks: Annotated[list[Block], Field(min_length=1, max_length=300)]

    @property
    def page_count(self) -> int:
        """Pages the layout places blocks or frames on (before continuation pages)."""
        pages = [b.page for b in self.blocks]
        pages += [f.page for b in self.blocks if isinstance(b, SectionsBlock) for f in b.flow]
        return max(pages)

    def block(self, block_id: str) -> Block:
        """The block with this id (KeyError if there is none)."""
        for block in self.blocks:
            if block.id == block_id:
                return block
        raise KeyError(block_id)

    def describe_size(self) -> str:
        """The page size as people say it: ``A4 portrait`` or ``600 x 900 mm``."""
        if self.page.size != "custom":
            return f"{self.page.size} {self.page.orientation}"
        w, h = self.page.size_mm()
        return f"{w:g} x {h:g} mm"


def _check_inside(path: str | Path, where: str, page: Page, rect: tuple[float, ...]) -> None:
    w, h = page.size_mm()
    b = page.bleed_mm
    x, y, bw, bh = rect
    for name, over in (("left", -b - x), ("top", -b - y), ("right", x + bw - w - b),
                       ("bottom", y + bh - h - b)):
        if over > 0.05:
            raise LoadError(path, where,
                            f"reaches {over:.1f} mm past the {name} edge of the page")


def safe_asset_path(path: str | Path, where: str, relative: str) -> Path:
    """Resolve an image path under ``assets/``; refuse anything that could leave it."""
    if "\\" in relative or "\x00" in relative:
        raise LoadError(path, where, "use forward slashes and plain names")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        raise LoadError(path, where, "must be a path inside assets/, without '..'")
    if pure.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise LoadError(path, where, "only PNG and JPEG images can be placed")
    resolved = (ASSETS / pure).resolve()
    if ASSETS.resolve() not in resolved.parents:
        raise LoadError(path, where, "resolves outside assets/")
    if not resolved.is_file():
        raise LoadError(path, where, f"no image at assets/{pure}")
    check_image(path, where, resolved)
    return resolved


MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000


def image_size(data: bytes) -> tuple[str, int, int] | None:
    """The kind and pixel size of a PNG or JPEG from its header (None: neither)."""
    import struct

    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return "PNG", width, height
    if data[:3] != b"\xff\xd8\xff":
        return None
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return "JPEG", width, height
        pos += 2 + length
    return None


def check_image(path: str | Path, where: str, image: Path) -> None:
    """Refuse files that are not really PNG or JPEG, and decompression bombs."""
    if image.stat().st_size > MAX_IMAGE_BYTES:
        raise LoadError(path, where, "the image file is larger than 20 MB")
    with image.open("rb") as fh:
        head = fh.read(256 * 1024)
    found = image_size(head)
    if found is None:
        raise LoadError(path, where, "not a PNG or JPEG image")
    kind, width, height = found
    if width * height > MAX_IMAGE_PIXELS or not width or not height:
        raise LoadError(path, where, f"the {kind} image is {width} x {height} pixels, more "
                                     f"than {MAX_IMAGE_PIXELS // 1_000_000} million")


def check_structure(path: str | Path, layout: Layout) -> None:
    """Checks across fields: ids, blocks on the page, images, one continuing block."""
    if layout.page.size == "custom" and (layout.page.width_mm is None
                                         or layout.page.height_mm is None):
        raise LoadError(path, "page", "a custom size needs width_mm and height_mm")
    if layout.page.size != "custom" and (layout.page.width_mm or layout.page.height_mm):
        raise LoadError(path, "page", "width_mm and height_mm are only for size 'custom'")
    seen: set[str] = set()
    continuing = 0
    for i, block in enumerate(layout.blocks):
        where = f"blocks[{i}]"
        if block.id in seen:
            raise LoadError(path, f"{where}.id", f"duplicate block id {block.id!r}")
        seen.add(block.id)
        _check_inside(path, where, layout.page, (block.x_mm, block.y_mm, block.w_mm,
                                                 block.h_mm))
        if isinstance(block, SectionsBlock):
            continuing += block.continues
            for j, frame in enumerate(block.flow):
                _check_inside(path, f"{where}.flow[{j}]", layout.page,
                              (frame.x_mm, frame.y_mm, frame.w_mm, frame.h_mm))
        if isinstance(block, ImageBlock):
            safe_asset_path(path, f"{where}.path", block.path)
        if isinstance(block, DetailsBlock) and len(set(block.fields)) != len(block.fields):
            raise LoadError(path, f"{where}.fields", "a field is listed twice")
    if continuing > 1:
        raise LoadError(path, "blocks", "only one sections block may continue onto new pages")


def check_sections(path: str | Path, layout: Layout, content: Content) -> None:
    """Every section a sections block names exists in the content."""
    known = set(content.ids)
    for i, block in enumerate(layout.blocks):
        if isinstance(block, SectionsBlock):
            for j, section_id in enumerate(block.sections or []):
                if section_id not in known:
                    raise LoadError(path, f"blocks[{i}].sections[{j}]",
                                    f"no section with id {section_id!r}")


def load_layout(path: str | Path, content: Content | None = None) -> Layout:
    """Load and validate a layout file (raises LoadError)."""
    layout = load_model(path, Layout)
    check_structure(path, layout)
    if content is not None:
        check_sections(path, layout, content)
    return layout


__all__ = ["Layout", "load_layout", "TEXT_KINDS", "DETAIL_FIELDS", "PAGE_SIZES_MM"]


def layout_json(layout: Layout) -> bytes:
    """A layout as the JSON text it is saved as."""
    return model_json(layout)
