"""Page layouts as data: the page, and blocks placed on it in millimetres.

A layout is a JSON file (``layouts/*.json``) with a ``format_version``. Positions are
measured from the page's top-left corner of the trimmed page, in millimetres. Validation
refuses unknown fields, wrong types, NaN, blocks outside the page, unknown section ids and
image paths outside ``assets/``, naming the file, the field path and the reason.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from .content import ID, ID_HINT, TEXT_KINDS, Content
from .diagram import COLOUR, COLOUR_HINT
from .errors import LoadError
from .jsonfile import load_model, model_json
from .paths import ASSETS
from .schema import (Record, boolean, choice, integer, listing, number, one_of, optional,
                     record, string)

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4), "A3": (297.0, 420.0),
                 "A2": (420.0, 594.0), "A1": (594.0, 841.0)}
DETAIL_FIELDS = ("clinic", "clinician", "phone", "patient", "date", "note")


def _colour() -> str | None:
    return optional(string(pattern=COLOUR, hint=COLOUR_HINT))  # type: ignore[no-any-return]


def _mm() -> float:
    """A position in millimetres (a little off the page allows for bleed)."""
    return number(ge=-50.0, le=5000.0)  # type: ignore[no-any-return]


def _size() -> float:
    """A width or height in millimetres."""
    return number(gt=0.0, le=5000.0)  # type: ignore[no-any-return]


def _short_text(default: str | None = None) -> str:
    """A title or caption of up to 300 characters; left out, it is ``default``."""
    if default is None:
        return optional(string(max_len=300))  # type: ignore[no-any-return]
    return string(max_len=300, default=default)  # type: ignore[no-any-return]


class Margins(Record):
    """Page margins in millimetres."""

    top: float = number(ge=0, le=500)
    right: float = number(ge=0, le=500)
    bottom: float = number(ge=0, le=500)
    left: float = number(ge=0, le=500)


class Page(Record):
    """The page: a named or custom size, orientation, margins, bleed and background."""

    size: str = choice("A4", "Letter", "A3", "A2", "A1", "custom")
    width_mm: float | None = optional(number(ge=50, le=5000))
    height_mm: float | None = optional(number(ge=50, le=5000))
    orientation: str = choice("portrait", "landscape", default="portrait")
    margins_mm: Margins = record(Margins)
    bleed_mm: float = number(ge=0, le=25, default=0.0)
    background: str | None = _colour()

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

    font_size: float = number(ge=4, le=400, default=10.5)
    heading_size: float | None = optional(number(ge=4, le=600))
    leading: float = number(ge=1.0, le=3.0, default=1.35)
    align: str = choice("left", "center", "right", "justify", default="left")
    color: str = string(pattern=COLOUR, hint=COLOUR_HINT, default="#1f2d36")
    heading_color: str | None = _colour()
    background: str | None = _colour()
    border: str | None = _colour()
    padding_mm: float = number(ge=0, le=100, default=0.0)


class Frame(Record):
    """A further rectangle that a sections block's text flows into."""

    page: int = integer(1, 200)
    x_mm: float = _mm()
    y_mm: float = _mm()
    w_mm: float = _size()
    h_mm: float = _size()


class _Block(Record):
    id: str = string(pattern=ID, hint=ID_HINT)
    page: int = integer(1, 200, default=1)
    x_mm: float = _mm()
    y_mm: float = _mm()
    w_mm: float = _size()
    h_mm: float = _size()
    style: Style = record(Style, default=Style())


class TitleBlock(_Block):
    """The handout's title (the content's title unless given) and a subtitle."""

    type: str = choice("title")
    text: str | None = optional(string(1, 200))
    subtitle: str | None = _short_text()


class DiagramBlock(_Block):
    """The diagram, laid out again for the block from the shared geometry code: labels
    at ``style.font_size`` (hubs at ``style.heading_size``), arrow labels at
    ``edge_label_size`` when ``edge_labels`` is on, boxes numbered like the sections."""

    type: str = choice("diagram")
    edge_labels: bool = boolean(default=False)
    edge_label_size: float | None = optional(number(ge=4, le=400))
    numbers: bool = boolean(default=True)
    words: str = choice("auto", "patient", "presenter", default="auto")
    caption: str | None = _short_text()


AFTER_PARTS = ("questions", "advice", "glossary", "notes", "diary", "details", "about")


class SectionsBlock(_Block):
    """Chosen sections flowing through columns, further frames and new pages."""

    type: str = choice("sections")
    sections: list[str] | None = optional(listing(string(pattern=ID, hint=ID_HINT)))
    text: str = choice(*TEXT_KINDS, default="patient")
    columns: int = integer(1, 6, default=1)
    column_gap_mm: float = number(ge=0, le=50, default=6.0)
    flow: list[Frame] = listing(record(Frame), max_len=50, default=[])
    continues: bool = boolean(default=False)
    back_links: bool = boolean(default=True)
    after: list[str] = listing(choice(*AFTER_PARTS), max_len=len(AFTER_PARTS), default=[])


class CalloutBlock(_Block):
    """A boxed note with an optional title."""

    type: str = choice("callout")
    title: str | None = _short_text()
    text: str = string(1, 3000)


class SummaryBlock(_Block):
    """The key points: one line per chosen section, its summary (numbered like the
    diagram's boxes when they are numbered); ``flow`` gives more frames to go on in."""

    type: str = choice("summary")
    title: str = _short_text("In short")
    flow: list[Frame] = listing(record(Frame), max_len=50, default=[])


class NotesBlock(_Block):
    """Ruled lines to write on."""

    type: str = choice("notes")
    title: str = _short_text("Notes")
    line_spacing_mm: float = number(ge=4, le=40, default=9.0)


class DetailsBlock(_Block):
    """Clinic and patient details, filled in at export or left as lines to write on."""

    type: str = choice("details")
    title: str | None = _short_text()
    fields: list[str] = listing(choice(*DETAIL_FIELDS), 1, 6, default=list(DETAIL_FIELDS))


class QrBlock(_Block):
    """A QR code for a web address, with the address printed under it."""

    type: str = choice("qr")
    url: str = string(8, 500, pattern=r"^https?://[^\s\x00-\x1f\x7f]+$",
                      hint="a web address starting http:// or https://")


class ImageBlock(_Block):
    """A PNG or JPEG file from ``assets/``, fitted inside the block."""

    type: str = choice("image")
    path: str = string(1, 300)


class DisclaimerBlock(_Block):
    """About the text: the line on uncertainty, the disclaimer (the content's, or the
    layout's own words) and where the text comes from and who reviewed it."""

    type: str = choice("disclaimer")
    title: str | None = _short_text()
    text: str | None = optional(string(1, 1000))


FOOTER_PARTS = ("page", "printed", "reviewed", "next-review")


class FooterBlock(_Block):
    """Page number, print date, the date the text was reviewed and the next review."""

    type: str = choice("footer")
    all_pages: bool = boolean(default=True)
    parts: list[str] = listing(choice(*FOOTER_PARTS), 1, 4, default=list(FOOTER_PARTS))


class MessageBlock(_Block):
    """The main message, first and emphasised (the content's, or the layout's words)."""

    type: str = choice("message")
    text: str | None = optional(string(1, 600))


class QuestionsBlock(_Block):
    """Questions a patient might ask their care team (from the content)."""

    type: str = choice("questions")
    title: str = _short_text("Questions you might ask")
    checklist: bool = boolean(default=True)


class GlossaryBlock(_Block):
    """Plain meanings of the words the printed text and its diagram use."""

    type: str = choice("glossary")
    title: str = _short_text("Words used in this leaflet")


class AdviceBlock(_Block):
    """The clinic's own advice (what you can do, when to get help), kept apart from the
    text based on the source article, from the clinic profile."""

    type: str = choice("advice")
    title: str | None = _short_text()


Block = (TitleBlock | DiagramBlock | SectionsBlock | CalloutBlock | SummaryBlock | NotesBlock
         | DetailsBlock | QrBlock | ImageBlock | DisclaimerBlock | FooterBlock | MessageBlock
         | QuestionsBlock | GlossaryBlock | AdviceBlock)
BLOCK_TYPES: dict[str, type[Block]] = {
    "title": TitleBlock, "diagram": DiagramBlock, "sections": SectionsBlock,
    "callout": CalloutBlock, "summary": SummaryBlock, "notes": NotesBlock,
    "details": DetailsBlock, "qr": QrBlock, "image": ImageBlock,
    "disclaimer": DisclaimerBlock, "footer": FooterBlock, "message": MessageBlock,
    "questions": QuestionsBlock, "glossary": GlossaryBlock, "advice": AdviceBlock}


class Layout(Record):
    """A named page layout: the page and its blocks, drawn in file order."""

    format_version: int = choice(1)
    name: str = string(pattern=ID, hint=ID_HINT)
    label: str | None = optional(string(1, 60))
    description: str = string(1, 300)
    purpose: str = choice("handout", "poster", "notes", default="handout")
    type_floor_pt: float | None = optional(number(ge=4, le=200))
    viewing_distance_m: float | None = optional(number(gt=0, le=50))
    page: Page = record(Page)
    blocks: list[Block] = listing(one_of("type", BLOCK_TYPES), 1, 300)

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
        pages = [b.page for b in self.blocks]
        pages += [f.page for b in self.blocks if isinstance(b, (SectionsBlock, SummaryBlock))
                  for f in b.flow]
        return max(pages)

    @property
    def detail_fields(self) -> set[str]:
        """The detail fields the layout prints: its details blocks' fields, and all of
        them when a sections block's text is followed by the details."""
        out = {f for b in self.blocks if isinstance(b, DetailsBlock) for f in b.fields}
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
    """Resolve an image path under ``assets/``; refuse anything that could leave it."""
    if "\\" in relative or "\x00" in relative:
        raise LoadError(path, where, "use forward slashes and plain names")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        raise LoadError(path, where, "must be a path inside assets/, without '..'")
    if pure.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise LoadError(path, where, "only PNG and JPEG images can be placed")
    try:
        resolved = (ASSETS / pure).resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        raise LoadError(path, where, f"assets/{pure} is a symbolic link that loops") from None
    if ASSETS.resolve() not in resolved.parents:
        raise LoadError(path, where, "resolves outside assets/")
    if not resolved.is_file():
        raise LoadError(path, where, f"no image at assets/{pure}")
    check_image(path, where, resolved)
    return resolved


def image_size(data: bytes) -> tuple[str, int, int] | None:
    """The kind and pixel size of a PNG or JPEG, read from its header by Pillow as the
    decoder will use it (None: neither)."""
    from .images import image_size as size_from_header

    return size_from_header(data)


def check_image(path: str | Path, where: str, image: Path) -> None:
    """Refuse files that are not really PNG or JPEG, cut short or damaged ones, and
    decompression bombs (see ``images``)."""
    from .images import check_image as check_with_pillow

    check_with_pillow(path, where, image)


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
        if isinstance(block, ImageBlock) and block.path not in images:
            safe_asset_path(path, f"{where}.path", block.path)
            images.add(block.path)
        if isinstance(block, DetailsBlock) and len(set(block.fields)) != len(block.fields):
            raise LoadError(path, f"{where}.fields", "a field is listed twice")
        if isinstance(block, SectionsBlock) and len(set(block.after)) != len(block.after):
            raise LoadError(path, f"{where}.after", "a part is listed twice")
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
