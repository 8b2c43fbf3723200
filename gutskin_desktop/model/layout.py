"""Page layouts as data: the page, and blocks placed on it in millimetres.

A layout is a JSON file (the shipped ones are ``data/layouts/*.json``) with a
``format_version``. Positions are measured from the page's top-left corner of the trimmed
page, in millimetres. Validation refuses unknown fields, wrong types, NaN, blocks outside
the page, unknown section ids and image paths outside the package's data folder, naming
the file, the field path and the reason.

Each kind of block is one record class below, derived from :class:`Block`: its fields,
its ``type`` name, and what the designer needs to make a new one (its menu label, its
size and its starting field values). :data:`BLOCK_TYPES` gathers them, so a new kind of
block needs only its class here (and its drawing and its properties elsewhere).
"""
# No `from __future__ import annotations` here: the records' field types are objects when
# the module loads, so msgspec does not compile each from text at the first file read
# (tests/test_records.py::test_record_fields_are_types).

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias, get_args

from msgspec import Meta

from .content import Content, TextKind
from .errors import LoadError
from .fields import Colour, Id
from .image_library import is_library_path, library_file
from .images import IMAGE_SUFFIXES, check_image
from .jsonfile import DataFile, load_model, model_json
from .paths import ASSETS, DATA_NAME
from .records import Record, Tagged, kinds, matching, one_of
from .theme_files import check_theme_name

PageSize = Literal["A4", "Letter", "A3", "A2", "A1"]
PAGE_SIZES_MM: dict[PageSize, tuple[float, float]] = {
    "A4": (210.0, 297.0), "Letter": (215.9, 279.4), "A3": (297.0, 420.0),
    "A2": (420.0, 594.0), "A1": (594.0, 841.0)}
DetailField = Literal["clinic", "clinician", "phone", "patient", "date", "note"]
DETAIL_FIELDS: tuple[DetailField, ...] = get_args(DetailField)
# The clinic's own details, the same on every patient's handout (remembered between
# sessions, and the defaults of every row of a batch).
CLINIC_DETAIL_FIELDS: tuple[DetailField, ...] = ("clinic", "clinician", "phone")
# The order of the details that follow a sections block's text (``after: ["details"]``):
# who the handout is for and when, then who gave it.
AFTER_TEXT_DETAIL_ORDER: tuple[DetailField, ...] = (
    "patient", "date", "clinic", "clinician", "phone", "note")
AfterPart = Literal["questions", "advice", "glossary", "notes", "diary", "details", "about"]
AFTER_PARTS: tuple[AfterPart, ...] = get_args(AfterPart)
FooterPart = Literal["page", "printed", "reviewed", "next-review"]
FOOTER_PARTS: tuple[FooterPart, ...] = get_args(FooterPart)

Mm = Annotated[float, Meta(ge=-50.0, le=5000.0)]  # a position (a little off the page: bleed)
SizeMm = Annotated[float, Meta(gt=0.0, le=5000.0)]  # a width or height
MarginMm = Annotated[float, Meta(ge=0, le=500)]
PageNumber = Annotated[int, Meta(ge=1, le=200)]
ShortText = Annotated[str, Meta(max_length=300)]  # a title or caption
FontSize = Annotated[float, Meta(ge=4, le=400)]  # in points
FontFamily = Literal["sans", "serif"]  # the bundled families (see model/fonts.py)


class Margins(Record):
    """Page margins in millimetres."""

    top: MarginMm
    right: MarginMm
    bottom: MarginMm
    left: MarginMm


class Page(Record):
    """The page: a named or custom size, orientation, margins, bleed and background."""

    size: PageSize | Literal["custom"]
    width_mm: Annotated[float, Meta(ge=50, le=5000)] | None = None
    height_mm: Annotated[float, Meta(ge=50, le=5000)] | None = None
    orientation: Literal["portrait", "landscape"] = "portrait"
    margins_mm: Margins
    bleed_mm: Annotated[float, Meta(ge=0, le=25)] = 0.0
    background: Colour | None = None

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


class Style(Record):
    """How a block's text and box look. Sizes in points, padding in millimetres."""

    font_size: FontSize = 10.5
    heading_size: Annotated[float, Meta(ge=4, le=600)] | None = None
    leading: Annotated[float, Meta(ge=1.0, le=3.0)] = 1.35
    align: Literal["left", "center", "right", "justify"] = "left"
    color: Colour = "#1f2d36"
    heading_color: Colour | None = None
    background: Colour | None = None
    border: Colour | None = None
    padding_mm: Annotated[float, Meta(ge=0, le=100)] = 0.0
    font: FontFamily | None = None  # None: the theme's (heading font for titles)
    bold: bool | None = None  # None: the block type's usual face (titles, callouts, captions)
    italic: bool | None = None


class Frame(Record):
    """A further rectangle that a sections block's text flows into."""

    page: PageNumber
    x_mm: Mm
    y_mm: Mm
    w_mm: SizeMm
    h_mm: SizeMm


Flow = Annotated[tuple[Frame, ...], Meta(max_length=50)]


class Block(Tagged):
    """A block placed on a page, of the kind its ``type`` names.

    A kind of block also says how the designer makes a new one: ``menu_label`` names it
    in the Insert menu, ``default_size_mm`` is its width and height, ``starter`` holds
    the values of its required fields (or of others worth showing at once), and
    ``starter_swatches`` the style colours it takes from the layout's theme."""

    menu_label: ClassVar[str] = ""
    default_size_mm: ClassVar[tuple[float, float]] = (100.0, 50.0)
    starter: ClassVar[Mapping[str, Any]] = {}
    # style colours a new block takes from the layout's theme: style field -> swatch name
    starter_swatches: ClassVar[Mapping[str, str]] = {}

    id: Id
    page: PageNumber = 1
    x_mm: Mm
    y_mm: Mm
    w_mm: SizeMm
    h_mm: SizeMm
    style: Style = Style()
    wrap: bool = False  # sections and summary text on the same page flows around this block


class TitleBlock(Block, tag="title"):
    """The handout's title (the content's title unless given) and a subtitle."""

    menu_label = "Title"
    default_size_mm = (150.0, 20.0)

    text: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    subtitle: ShortText | None = None


class DiagramBlock(Block, tag="diagram"):
    """The diagram, laid out again for the block from the shared geometry code: labels
    at ``style.font_size`` (hubs at ``style.heading_size``), arrow labels at
    ``edge_label_size`` when ``edge_labels`` is on, boxes numbered like the sections."""

    menu_label = "Diagram"
    default_size_mm = (150.0, 100.0)

    edge_labels: bool = False
    edge_label_size: FontSize | None = None
    numbers: bool = True
    words: Literal["auto", "patient", "presenter"] = "auto"
    caption: ShortText | None = None
    pictograms: bool = True  # each box's pictogram left of its label


class SectionsBlock(Block, tag="sections"):
    """Chosen sections flowing through columns, further frames and new pages."""

    menu_label = "Sections"
    default_size_mm = (120.0, 100.0)

    sections: tuple[Id, ...] | None = None
    text: TextKind = "patient"
    columns: Annotated[int, Meta(ge=1, le=6)] = 1
    column_gap_mm: Annotated[float, Meta(ge=0, le=50)] = 6.0
    flow: Flow = ()
    continues: bool = False
    back_links: bool = True
    after: Annotated[tuple[AfterPart, ...], Meta(max_length=len(AFTER_PARTS))] = ()


class SummaryBlock(Block, tag="summary"):
    """The key points: one line per chosen section, its summary (numbered like the
    diagram's boxes when they are numbered); ``flow`` gives more frames to go on in."""

    menu_label = "Summary"
    default_size_mm = (120.0, 60.0)

    title: ShortText = "In short"
    flow: Flow = ()


class CalloutBlock(Block, tag="callout"):
    """A boxed note with an optional title."""

    menu_label = "Callout"
    default_size_mm = (90.0, 35.0)
    starter: ClassVar[Mapping[str, Any]] = {"title": "Remember", "text": "Write your note here.",
                                            "style": {"padding_mm": 3.0}}
    starter_swatches: ClassVar[Mapping[str, str]] = {"background": "panel",
                                                     "heading_color": "heading"}

    title: ShortText | None = None
    text: Annotated[str, Meta(min_length=1, max_length=3000)]


class NotesBlock(Block, tag="notes"):
    """Ruled lines to write on."""

    menu_label = "Notes lines"
    default_size_mm = (90.0, 60.0)

    title: ShortText = "Notes"
    line_spacing_mm: Annotated[float, Meta(ge=4, le=40)] = 9.0


class DetailsBlock(Block, tag="details"):
    """Clinic and patient details, filled in at export or left as lines to write on."""

    menu_label = "Details"
    default_size_mm = (90.0, 60.0)

    title: ShortText | None = None
    fields: Annotated[tuple[DetailField, ...], Meta(min_length=1, max_length=6)] = DETAIL_FIELDS


class QrBlock(Block, tag="qr"):
    """A QR code for a web address, with the address printed under it."""

    menu_label = "QR code"
    default_size_mm = (40.0, 48.0)
    starter: ClassVar[Mapping[str, Any]] = {"url": "https://example.org/"}

    url: Annotated[str, matching(r"^https?://[^\s\x00-\x1f\x7f]+$",
                                 "a web address starting http:// or https://", 8, 500)]


class ImageBlock(Block, tag="image"):
    """A picture fitted inside the block, keeping its shape: a PNG or JPEG image or an SVG
    drawing (printed as vectors) from the user's image library (``library/<name>``) or
    the app's data folder (``images/...``), or one of our pictograms (``pictogram``,
    drawn as vectors in ``style.color``)."""

    menu_label = "Image"
    default_size_mm = (40.0, 40.0)
    starter: ClassVar[Mapping[str, Any]] = {"path": "images/gutskin-logo.png"}

    path: Annotated[str, Meta(min_length=1, max_length=300)] | None = None
    pictogram: Id | None = None


class DisclaimerBlock(Block, tag="disclaimer"):
    """About the text: the line on uncertainty, the disclaimer (the content's, or the
    layout's own words) and where the text comes from and who reviewed it."""

    menu_label = "About (uncertainty, source)"
    default_size_mm = (150.0, 30.0)

    title: ShortText | None = None
    text: Annotated[str, Meta(min_length=1, max_length=1000)] | None = None


class FooterBlock(Block, tag="footer"):
    """Page number, print date, the date the text was reviewed and the next review."""

    menu_label = "Footer"
    default_size_mm = (150.0, 6.0)

    all_pages: bool = True
    parts: Annotated[tuple[FooterPart, ...], Meta(min_length=1, max_length=4)] = FOOTER_PARTS


class MessageBlock(Block, tag="message"):
    """The main message, first and emphasised (the content's, or the layout's words)."""

    menu_label = "Main message"
    default_size_mm = (150.0, 20.0)

    text: Annotated[str, Meta(min_length=1, max_length=600)] | None = None


class QuestionsBlock(Block, tag="questions"):
    """Questions a patient might ask their care team (from the content)."""

    menu_label = "Questions to ask"
    default_size_mm = (120.0, 50.0)

    title: ShortText = "Questions you might ask"
    checklist: bool = True


class GlossaryBlock(Block, tag="glossary"):
    """Plain meanings of the words the printed text and its diagram use."""

    menu_label = "Glossary"
    default_size_mm = (120.0, 80.0)

    title: ShortText = "Words used in this leaflet"


class AdviceBlock(Block, tag="advice"):
    """The clinic's own advice (what you can do, when to get help), kept apart from the
    text based on the source article, from the clinic profile."""

    menu_label = "Clinic advice"
    default_size_mm = (120.0, 80.0)

    title: ShortText | None = None


BLOCK_TYPES = kinds(Block)  # every kind of block by its type name, in the Insert menu's order
# A layout's block is any one kind, told apart by "type": msgspec reads the union of the
# classes above; type checkers, which cannot see a union made at run time, see the base.
if TYPE_CHECKING:
    AnyBlock: TypeAlias = Block
else:
    AnyBlock = one_of(BLOCK_TYPES.values())


class Layout(DataFile):
    """A named page layout: the page and its blocks, drawn in file order."""

    name: Id
    label: Annotated[str, Meta(min_length=1, max_length=60)] | None = None
    description: Annotated[str, Meta(min_length=1, max_length=300)]
    purpose: Literal["handout", "poster", "notes"] = "handout"
    type_floor_pt: Annotated[float, Meta(ge=4, le=200)] | None = None
    viewing_distance_m: Annotated[float, Meta(gt=0, le=50)] | None = None
    theme: Id | None = None  # a theme's name (see model/themes.py); None: "default"
    pages: PageNumber | None = None  # pages it has at least (empty ones added in the designer)
    page: Page
    blocks: Annotated[tuple[AnyBlock, ...], Meta(min_length=1, max_length=300)]

    @property
    def type_floor(self) -> float:
        """The smallest type this layout allows, in points: its own, else 8 pt per metre
        it is read from (never under 8 pt, a handout's floor)."""
        if self.type_floor_pt is not None:
            return self.type_floor_pt
        return max(8.0, 8.0 * (self.viewing_distance_m or 0.0))

    @property
    def page_count(self) -> int:
        """Pages the layout places blocks or frames on (before continuation pages)."""
        pages = [b.page for b in self.blocks] + [self.pages or 1]
        pages += [f.page for b in self.blocks if isinstance(b, (SectionsBlock, SummaryBlock))
                  for f in b.flow]
        return max(pages)

    @property
    def detail_fields(self) -> set[str]:
        """The detail fields the layout prints: its details blocks' fields, and all of
        them when a sections block's text is followed by the details."""
        out: set[str] = {f for b in self.blocks if isinstance(b, DetailsBlock) for f in b.fields}
        if any(isinstance(b, SectionsBlock) and "details" in b.after for b in self.blocks):
            out |= set(DETAIL_FIELDS)
        return out

    def unprinted(self, fields: dict[str, str]) -> list[str]:
        """The filled fields this layout has no place for, in the usual order."""
        printed = self.detail_fields
        return [f for f in DETAIL_FIELDS if fields.get(f, "").strip() and f not in printed]

    def block(self, block_id: str) -> Block:
        """The block with this id (KeyError if there is none)."""
        for block in self.blocks:
            if block.id == block_id:
                return block
        raise KeyError(block_id)

    @property
    def title(self) -> str:
        """The layout's name as people read it: its label, else its file name."""
        return self.label or self.name

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
    """Resolve and check an image path: ``library/<name>`` in the user's image library
    (:mod:`.image_library`), anything else under the data folder (:data:`.paths.ASSETS`,
    named to users as :data:`.paths.DATA_NAME`). Refuses, naming the file ``path`` and
    its field ``where``, anything that could leave its folder (``..``, an absolute path,
    backslashes, a symbolic link leading out), a missing file and an image that cannot be
    printed."""
    if "\\" in relative or "\x00" in relative:
        raise LoadError(path, where, "use forward slashes and plain names")
    if is_library_path(relative):
        resolved = library_file(path, where, relative)
        check_image(path, where, resolved)
        return resolved
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        raise LoadError(path, where, f"must be a path inside {DATA_NAME} (like "
                        "images/gutskin-logo.png) or your image library (like "
                        "library/clinic-logo.png), without '..'")
    if pure.suffix.lower() not in IMAGE_SUFFIXES:
        raise LoadError(path, where, "only PNG and JPEG images and SVG drawings can be "
                                     "placed")
    try:
        resolved = (ASSETS / pure).resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        raise LoadError(path, where,
                        f"{pure} in {DATA_NAME} is a symbolic link that loops") from None
    if ASSETS.resolve() not in resolved.parents:
        raise LoadError(path, where, f"resolves outside {DATA_NAME} ({ASSETS})")
    if not resolved.is_file():
        raise LoadError(path, where, f"no image {pure} in {DATA_NAME} ({ASSETS})")
    check_image(path, where, resolved)
    return resolved


MAX_PAGES = 60  # pages of one PDF, continuation pages included: a 60-page export is ~2 s
MIN_BLOCK_MM = 0.5  # a block or frame (or what its padding leaves across) holds nothing narrower
MIN_COLUMN_MM = 5.0  # a narrower text column sets a letter or two a line, by the thousand
MIN_CONTINUATION_MM = 20.0  # the height continuation pages must leave for the text


def _check_size(path: str | Path, where: str, w: float, h: float) -> None:
    """A block or frame is at least :data:`MIN_BLOCK_MM` across and down."""
    for name, value in (("w_mm", w), ("h_mm", h)):
        if value < MIN_BLOCK_MM:
            raise LoadError(path, f"{where}.{name}", f"{value:g} mm is too small: a block "
                                                     f"or frame is at least {MIN_BLOCK_MM:g} mm")


def _check_padding(path: str | Path, where: str, pad: float, w: float, what: str) -> None:
    """Padding leaves at least :data:`MIN_BLOCK_MM` across a rectangle ``w`` mm wide
    (nothing can be set in less; padding that leaves no height only makes the text not
    fit, which the export reports)."""
    if w - 2 * pad < MIN_BLOCK_MM:
        most = max(0, int((w - MIN_BLOCK_MM) * 5)) / 10  # rounded down
        raise LoadError(path, f"{where}.style.padding_mm",
                        f"padding of {pad:g} mm on each side leaves no room across {what}, "
                        f"which is {w:g} mm wide (at most {most:g} mm fits)")


def _check_columns(path: str | Path, field: str, what: str, width: float, columns: int,
                   gap: float) -> None:
    """Columns of text at least :data:`MIN_COLUMN_MM` wide fit ``width`` mm."""
    column = (width - gap * (columns - 1)) / columns
    if column < MIN_COLUMN_MM:
        split = (f", and {columns} columns with {gap:g} mm between them leave each column "
                 f"{max(column, 0.0):.1f} mm wide" if columns > 1 else "")
        raise LoadError(path, field, f"{what} is {max(width, 0.0):.1f} mm wide inside its "
                                     f"padding{split}; a column of text needs at least "
                                     f"{MIN_COLUMN_MM:g} mm")


def _check_text_areas(path: str | Path, where: str, layout: Layout,
                      block: SectionsBlock | SummaryBlock) -> None:
    """The block and its frames are not too padded for their columns, and a block that
    continues has room on the continuation pages (the page inside its margins, less the
    footer on every page)."""
    pad = block.style.padding_mm
    columns, gap = ((block.columns, block.column_gap_mm) if isinstance(block, SectionsBlock)
                    else (1, 0.0))
    field = f"{where}.column_gap_mm" if columns > 1 and gap else f"{where}.w_mm"
    _check_columns(path, field, "the block", block.w_mm - 2 * pad, columns, gap)
    for j, frame in enumerate(block.flow):
        here = f"{where}.flow[{j}]"
        _check_size(path, here, frame.w_mm, frame.h_mm)
        _check_padding(path, where, pad, frame.w_mm, f"its frame flow[{j}]")
        _check_columns(path, f"{here}.w_mm", f"frame flow[{j}]", frame.w_mm - 2 * pad,
                       columns, gap)
        if frame.page > MAX_PAGES:
            raise LoadError(path, f"{here}.page", f"page {frame.page} is past the last page "
                                                  f"an export can have ({MAX_PAGES})")
    if isinstance(block, SectionsBlock) and block.continues:
        _, _, w, h = layout.page.content_box()
        footer = max((f.h_mm for f in layout.blocks
                      if isinstance(f, FooterBlock) and f.all_pages), default=0.0)
        column = (w - gap * (columns - 1)) / columns
        if h - footer < MIN_CONTINUATION_MM or column < MIN_COLUMN_MM:
            raise LoadError(path, f"{where}.continues",
                            f"the text continues on pages of its own, but the page's margins"
                            f"{' and footer' if footer else ''} leave only "
                            f"{max(column, 0.0):.1f} x {max(h - footer, 0.0):.1f} mm for each "
                            f"column there (at least {MIN_COLUMN_MM:g} x "
                            f"{MIN_CONTINUATION_MM:g} mm)")


def _check_margins(path: str | Path, page: Page) -> None:
    """The margins leave some of the page."""
    w, h = page.size_mm()
    m = page.margins_mm
    for across, total, side in ((m.left + m.right, w, "left and right"),
                                (m.top + m.bottom, h, "top and bottom")):
        if total - across < MIN_BLOCK_MM:
            raise LoadError(path, "page.margins_mm",
                            f"the {side} margins ({across:g} mm together) leave nothing of "
                            f"the {total:g} mm page")


def check_structure(path: str | Path, layout: Layout) -> None:
    """Checks across fields: ids, blocks on the page and big enough for their padding and
    columns, pages, images, one continuing block with room to continue."""
    if layout.page.size == "custom" and (layout.page.width_mm is None
                                         or layout.page.height_mm is None):
        raise LoadError(path, "page", "a custom size needs width_mm and height_mm")
    if layout.page.size != "custom" and (layout.page.width_mm or layout.page.height_mm):
        raise LoadError(path, "page", "width_mm and height_mm are only for size 'custom'")
    _check_margins(path, layout.page)
    check_theme_name(path, layout.theme)
    seen: set[str] = set()
    images: set[str] = set()  # each image file is checked once, however many blocks show it
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
        if isinstance(block, (SectionsBlock, SummaryBlock)):
            for j, frame in enumerate(block.flow):
                _check_inside(path, f"{where}.flow[{j}]", layout.page,
                              (frame.x_mm, frame.y_mm, frame.w_mm, frame.h_mm))
        _check_size(path, where, block.w_mm, block.h_mm)
        _check_padding(path, where, block.style.padding_mm, block.w_mm, "the block")
        if block.page > MAX_PAGES:
            raise LoadError(path, f"{where}.page", f"page {block.page} is past the last page "
                                                   f"an export can have ({MAX_PAGES})")
        if isinstance(block, (SectionsBlock, SummaryBlock)):
            _check_text_areas(path, where, layout, block)
        if isinstance(block, ImageBlock):
            _check_image_block(path, where, block, images)
        if isinstance(block, DetailsBlock) and len(set(block.fields)) != len(block.fields):
            raise LoadError(path, f"{where}.fields", "a field is listed twice")
        if isinstance(block, SectionsBlock) and len(set(block.after)) != len(block.after):
            raise LoadError(path, f"{where}.after", "a part is listed twice")
    if continuing > 1:
        raise LoadError(path, "blocks", "only one sections block may continue onto new pages")


def _check_image_block(path: str | Path, where: str, block: ImageBlock,
                       images: set[str]) -> None:
    """An image block shows exactly one of a file and a pictogram, and that one exists."""
    if (block.path is None) == (block.pictogram is None):
        raise LoadError(path, where, "an image block needs either a path or a pictogram, "
                                     "not both")
    if block.pictogram is not None:
        from .pictograms import names  # only layouts with pictograms read them
        if block.pictogram not in names():
            raise LoadError(path, f"{where}.pictogram",
                            f"no pictogram named {block.pictogram!r} (there are "
                            f"{', '.join(sorted(names()))})")
    elif block.path is not None and block.path not in images:
        safe_asset_path(path, f"{where}.path", block.path)
        images.add(block.path)


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


def layout_json(layout: Layout) -> bytes:
    """A layout as the JSON text it is saved as."""
    return model_json(layout)
