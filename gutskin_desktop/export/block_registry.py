"""Which code prints each type of block: one painter class per type, registered with
:func:`paints`.

The renderer knows no block type by name: for every block it asks the painter registered
for the block's type for the text it flows (:meth:`BlockPainter.flowables`), where that
text goes (:meth:`~BlockPainter.regions`), what it draws in its box
(:meth:`~BlockPainter.draw`) and which one-line texts must fit (for the overflow check).
A new block type is its record in ``model/layout.py``, its painter in
:mod:`.block_painters` and its properties editor in the designer; nothing else.

A painter sees the export it is part of only through :class:`PrintJob`, which the
renderer implements: the content, the clinic, the chosen sections and details, and a way
to say that something was left out or shrunk.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from ..model.layout import Block, DiagramBlock, Layout, SectionsBlock, SummaryBlock
from ..model.theme_files import Theme
from .flow import Region
from .look import Look

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus.flowables import Flowable

    from ..model.clinic import Clinic
    from ..model.content import Content, Section
    from ..model.diagram import Diagram

Rect = tuple[float, float, float, float]  # x, y at the bottom-left, width, height (points)
Line = tuple[str, str, float, float]  # text, face, size (points), width it has (points)
B = TypeVar("B", bound=Block)


class PrintJob(Protocol):
    """What a painter may ask of the export it is part of."""

    @property
    def layout(self) -> Layout:
        """The layout being printed."""

    @property
    def theme(self) -> Theme:
        """The layout's theme: fonts and colours a block's style leaves unset."""

    @property
    def content(self) -> Content:
        """The text the handout prints from."""

    @property
    def diagram(self) -> Diagram:
        """The diagram the handout prints."""

    @property
    def clinic(self) -> Clinic:
        """The clinic profile (advice, review dates, date style)."""

    @property
    def navigation(self) -> bool:
        """Whether the PDF gets links and bookmarks."""

    @property
    def today(self) -> date:
        """The print date."""

    @property
    def chosen_text(self) -> str | None:
        """The text chosen for every sections block (None: each block's own)."""

    @property
    def has_diagram(self) -> bool:
        """Whether the layout has a diagram block (section headings then link to it)."""

    @property
    def numbers(self) -> dict[str, int]:
        """Each printed section's number, when the diagram numbers its boxes (else none)."""

    def accents(self) -> dict[str, str]:
        """Each section's colour."""

    def details(self) -> dict[str, str]:
        """The detail fields as printed."""

    def printed_words(self) -> str:
        """The glossary's terms that the printed pages use, one a line."""

    def chosen_sections(self, block: SectionsBlock | SummaryBlock) -> list[Section]:
        """The sections a sections block prints, or the key points list."""

    def diagram_words(self, block: DiagramBlock) -> str:
        """Which text (patient or presenter) a diagram block's boxes carry."""

    def section_anchors(self) -> set[str]:
        """The named destinations of the section headings the pages draw."""

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float,
             pad_mm: float = 0.0) -> Rect:
        """A rectangle in layout millimetres (top-left origin) as PDF points."""

    def note(self, block_id: str, text: str) -> None:
        """Say (once) that a block left something out or shrank it, and why."""

    def wrapped(self, page: int, block_id: str) -> list[Rect]:
        """The rectangles of the blocks on ``page`` that text flows around (``wrap``),
        but ``block_id`` (points)."""


class BlockPainter(Generic[B]):
    """How one type of block is printed. One painter of each type is made for each
    export, when its first block is met, so it may keep what it works out once."""

    text_in_box: ClassVar[bool] = False
    """Whether the block draws text straight into its padded box (rather than flowing
    it), so that the preflight checks that box against the trim."""

    def __init__(self, job: PrintJob) -> None:
        self.job = job

    def look(self, block: B) -> Look:
        """The block's style in the layout's theme."""
        return Look(block.style, self.job.theme)

    def flowables(self, block: B) -> list[Flowable] | None:
        """The text the block flows through its regions; None for a block that draws."""
        return None

    def regions(self, block: B) -> Iterable[Region]:
        """Where the block's text flows: its padded box (a finite sequence)."""
        return [Region(block.page, *box(self.job, block))]

    def on_page(self, block: B, page: int) -> bool:
        """Whether the block is drawn on ``page``."""
        return block.page == page

    def draw(self, canvas: Canvas, block: B, rect: Rect, page: int, pages: int) -> None:
        """Draw what the block shows inside ``rect`` (its padded box) on ``page`` of
        ``pages``; its background and border are drawn already."""

    def single_lines(self, block: B, rect: Rect) -> list[Line]:
        """The one-line texts the block draws in ``rect``, which must fit its width."""
        return []

    def obstacles(self, block: B) -> list[Rect]:
        """What the seam of a tiled print should not cut through, besides lines of text
        (a diagram's boxes)."""
        return []

    def text_areas(self, block: B) -> list[Rect]:
        """Where a block that draws sets its text, for the check that no other block
        covers it: its box when it sets text in it (``text_in_box``), else nowhere.
        (The text a block flows is placed by the renderer, which knows where.)"""
        return [box(self.job, block)] if self.text_in_box else []


PainterType = type[BlockPainter[B]]
_PAINTERS: dict[type[Block], type[BlockPainter[Any]]] = {}  # each for the type it is under


def paints(block_type: type[B]) -> Callable[[PainterType[B]], PainterType[B]]:
    """Register the decorated painter class as the one that prints ``block_type``."""
    def register(painter: PainterType[B]) -> PainterType[B]:
        if block_type in _PAINTERS:
            raise ValueError(f"{block_type.__name__} has a painter already")
        _PAINTERS[block_type] = painter
        return painter
    return register


def painter_type(block_type: type[Block]) -> type[BlockPainter[Any]]:
    """The painter class registered for a block type (LookupError when none is: a block
    type added to the model without its painter)."""
    try:
        return _PAINTERS[block_type]
    except KeyError:
        raise LookupError(f"no painter is registered for {block_type.__name__}") from None


def painted_types() -> Iterator[type[Block]]:
    """The block types that have a painter."""
    return iter(_PAINTERS)


def box(job: PrintJob, block: Block, padded: bool = True) -> Rect:
    """A block's box in PDF points: inside its padding, or (``padded=False``) whole."""
    pad = block.style.padding_mm if padded else 0.0
    return job.rect(block.x_mm, block.y_mm, block.w_mm, block.h_mm, pad)
