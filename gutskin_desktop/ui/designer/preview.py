"""The designer's preview: one page of the layout as it prints, a job of the render service.

Each request is a render job of one kind per designer window, so a newer request
supersedes an older one (a fast run of edits costs one render at the end, not one per
edit) and nothing renders on the GUI thread. ``ready`` carries each :class:`PagePreview`;
``generation`` counts the requests, so a caller can tell a newer preview from an older.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from gutskin_desktop.export.render import Overflow
from gutskin_desktop.ui.pdfimage import page_images
from gutskin_desktop.ui.render_jobs import RenderRequest, gui_message
from gutskin_desktop.ui.render_service import CancelToken, RenderService


@dataclass(frozen=True)
class PagePreview:
    """What one render of a page produced (or why it could not be made)."""

    generation: int
    page: int
    pages: int = 0
    image: QImage | None = None
    overflows: tuple[Overflow, ...] = ()
    problems: Mapping[str, str] = field(default_factory=dict)  # block id -> what is wrong
    error: str = ""
    pdf: bytes = b""  # the whole PDF (the pages panel's thumbnails are made from it)
    digests: tuple[bytes, ...] = ()  # its pages' digests (thumbnails of unchanged pages kept)


class DesignerPreview(QObject):
    """Asks the render service for page previews; emits ``ready`` with the newest one."""

    ready = Signal(object)

    def __init__(self, renders: RenderService, kind: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.renders, self.kind = renders, kind
        self.generation = 0

    def request(self, request: RenderRequest, page: int, dpi: float) -> int:
        """Render page ``page`` (0-based) at ``dpi``; returns the request's generation."""
        self.generation += 1
        generation = self.generation
        self.renders.submit(
            self.kind, lambda token: _page_preview(request, generation, page, dpi, token),
            self.ready.emit,
            lambda error: self.ready.emit(PagePreview(generation, page,
                                                      error=gui_message(error))),
            owner=self)
        return generation

    @property
    def idle(self) -> bool:
        """No render running or waiting."""
        return not self.renders.busy(self.kind)

    def cancel(self) -> None:
        """Drop the preview being made (the window is closing)."""
        self.renders.cancel(self.kind)


def _page_preview(request: RenderRequest, generation: int, page: int, dpi: float,
                  token: CancelToken) -> PagePreview:
    """Render the layout and rasterise the page shown (a job)."""
    rendered = request.preview(token)
    token.check()
    images = page_images(rendered.pdf, dpi, [min(page, rendered.pages - 1)], token)
    return PagePreview(generation, page, rendered.pages, images[0] if images else None,
                       tuple(rendered.overflows), rendered.problems_by_block(),
                       pdf=rendered.pdf, digests=rendered.page_digests)
