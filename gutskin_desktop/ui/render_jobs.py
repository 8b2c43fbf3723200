"""What render jobs do in the render service's pool: an immutable request in, a PDF out.

A :class:`RenderRequest` is made on the GUI thread from what the person chose (layout,
sections, details, tiling); the functions here run off the GUI thread, check the job's
token between steps and never read a widget. :func:`gui_message` words an export error
for the window that shows it: the controls a person has there.

A speed trick, here only: a preview's PDF (the designer's page, the handout panel's and the
export dialog's pages, thumbnails) is written with its streams uncompressed
(``ExportOptions.compress``), since it is only rasterised and never saved. Everything else
about the render is the export's (the same planning, drawing, overflow, type-floor and
overlap findings; the rasterised pages are pixel-identical). On an idle core it takes about
6 ms off a 36 ms render of the A4 handout (benchmarks/designer_responsiveness.py and
benchmarks/handout_preview.py, the preview rows of benchmarks/run_all.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from msgspec.structs import replace
from PySide6.QtGui import QImage

from gutskin_desktop.export.export_errors import SectionChoiceError, TileError
from gutskin_desktop.export.preflight import require_pdfx
from gutskin_desktop.export.render import ExportOptions, Rendered, render
from gutskin_desktop.export.tiling import tile_layout
from gutskin_desktop.model.bundle import Bundle
from gutskin_desktop.model.layout import Layout
from gutskin_desktop.model.storage import guard_inputs, write_atomic

from .pdfimage import page_images
from .render_service import CancelToken

SHEET_NAMES = {"A4": "A4", "letter": "US Letter"}


@dataclass(frozen=True)
class RenderRequest:
    """Everything one render needs, read from the widgets before the job starts."""

    layout: Layout
    bundle: Bundle
    options: ExportOptions = field(default_factory=ExportOptions)
    sheet: str | None = None  # tile across home-printer sheets ("A4", "letter"), or not
    overlap_mm: float = 10.0
    inputs: tuple[tuple[str, Path | None], ...] = ()  # files the PDF may never replace

    def render(self, token: CancelToken | None = None) -> Rendered:
        """The PDF as chosen: one sheet per page, or tiled across home-printer sheets
        (their overflows and small type said as the untiled PDF says them)."""
        if token is not None:
            token.check()
        if self.sheet is None:
            return render(self.layout, self.bundle, self.options)
        tiled = tile_layout(self.layout, self.bundle, self.options, sheet=self.sheet,
                            overlap_mm=self.overlap_mm)
        return Rendered(tiled.pdf, tiled.sheets, list(tiled.overflows),
                        small_type=list(tiled.small_type))

    def preview(self, token: CancelToken | None = None) -> Rendered:
        """The PDF as :meth:`render` makes it, for showing only: the same pages and
        findings, its streams uncompressed (quicker to write and to read back)."""
        if self.sheet is not None:
            return self.render(token)
        if token is not None:
            token.check()
        return render(self.layout, self.bundle,
                      replace(self.options, compress=False, page_digests=True))


@dataclass(frozen=True)
class Pages:
    """A rendered PDF and the images of the pages a preview shows (``indices``: which,
    0-based; ``dpi``: at what resolution)."""

    rendered: Rendered
    images: tuple[QImage, ...]
    indices: tuple[int, ...] = ()
    dpi: float = 0.0

    def kept_images(self, dpi: float) -> dict[bytes, QImage]:
        """Its page images at ``dpi`` by their pages' digests (none when it has none)."""
        digests = self.rendered.page_digests
        if self.dpi != dpi or not digests:
            return {}
        return {digests[i]: image for i, image in zip(self.indices, self.images, strict=False)
                if 0 <= i < len(digests)}


def render_pages(request: RenderRequest, dpi: float, token: CancelToken,
                 pages: list[int] | None = None, earlier: Pages | None = None) -> Pages:
    """Render the request for a preview and rasterise its pages (0-based; all when None)
    at ``dpi``. The pages that look as they did in ``earlier`` (the preview shown before:
    the same page digest, at the same dpi) keep its images instead of being rasterised
    again: after a keystroke in a detail, only the page the detail prints on."""
    rendered = request.preview(token)
    token.check()
    indices = tuple(range(rendered.pages)) if pages is None else tuple(pages)
    kept = earlier.kept_images(dpi) if earlier is not None else {}
    digests = rendered.page_digests
    known = {i: kept[digests[i]] for i in indices
             if 0 <= i < len(digests) and digests[i] in kept}
    return Pages(rendered, tuple(page_images(rendered.pdf, dpi, list(indices), token, known)),
                 indices, dpi)


def write_pdf(request: RenderRequest, path: str | Path, token: CancelToken) -> Path:
    """Render the request and write it to ``path`` atomically (whole or not at all); a
    PDF/X export only when it passes its preflight."""
    pdf = request.render(token).pdf
    token.check()
    if request.options.pdfx:
        require_pdfx(pdf)
        token.check()
    with guard_inputs(request.inputs):
        write_atomic(path, pdf)
    return Path(path)


# -- errors, worded for the window -------------------------------------------------------

TILE_CHOICE = 'choose "One sheet per page" in Home printer to print it at a shop'


def gui_message(error: BaseException) -> str:
    """An export error as a window says it: the export words its errors in terms of the
    layout and what was chosen; where a control of the window made the choice, the
    message names that control (the sections to tick, the tiling and overlap boxes)."""
    text = str(error)
    if isinstance(error, SectionChoiceError) and error.section is None:
        text = "tick at least one section"
    elif isinstance(error, TileError) and error.setting == "overlap":
        text = f"Overlap between sheets ({error.value} mm): {error.problem}"
    elif isinstance(error, TileError) and error.setting == "sheet" and error.value in SHEET_NAMES:
        text = f"{error.problem}; or {TILE_CHOICE}"
    return text[:1].upper() + text[1:]
