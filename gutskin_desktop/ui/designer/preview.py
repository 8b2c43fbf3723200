"""The preview, rendered off the GUI thread: layout to PDF to page images.

One worker thread renders one request at a time. Requests coalesce: while a render runs,
only the newest waiting request is kept, and a result is shown only if no newer request
has been made, so a fast run of edits costs one render at the end, not one per edit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from ...export.render import ExportOptions, Overflow, render
from ...model.bundle import Bundle
from ...model.layout import Layout
from ..pdfimage import page_images


@dataclass
class Preview:
    """What one render produced."""

    generation: int
    page: int
    pages: int = 0
    image: QImage | None = None
    overflows: list[Overflow] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)
    error: str = ""


class _Worker(QObject):
    done = Signal(object)

    def __init__(self, bundle: Bundle) -> None:
        super().__init__()
        self.bundle = bundle

    @Slot(int, object, int, float, object)
    def render(self, generation: int, layout: Layout, page: int, dpi: float,
               options: ExportOptions) -> None:
        result = Preview(generation, page)
        try:
            rendered = render(layout, self.bundle, options)
            result.pages, result.overflows = rendered.pages, rendered.overflows
            result.problems = rendered.problems_by_block()
            images = page_images(rendered.pdf, dpi, [min(page, rendered.pages - 1)])
            result.image = images[0] if images else None
        except Exception as exc:  # noqa: BLE001 - shown to the designer, never raised
            result.error = f"{type(exc).__name__}: {exc}"
        self.done.emit(result)


class PreviewService(QObject):
    """Renders previews in a background thread; emits ``ready`` with the newest one."""

    ready = Signal(object)
    _request = Signal(int, object, int, float, object)

    def __init__(self, bundle: Bundle, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("previewThread")
        self._worker = _Worker(bundle)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.render)
        self._worker.done.connect(self._on_done)
        self._thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.generation = 0
        self._busy = False
        self._waiting: tuple[int, Layout, int, float, ExportOptions] | None = None

    def request(self, layout: Layout, page: int, dpi: float,
                options: ExportOptions | None = None) -> int:
        """Ask for a render of one page (0-based); returns its generation. ``options``
        are read on the GUI thread before the job starts."""
        self.generation += 1
        self._waiting = (self.generation, layout, page, dpi, options or ExportOptions())
        self._dispatch()
        return self.generation

    def _dispatch(self) -> None:
        if self._busy or self._waiting is None:
            return
        self._busy = True
        job, self._waiting = self._waiting, None
        self._request.emit(*job)

    def _on_done(self, result: Preview) -> None:
        self._busy = False
        if result.generation == self.generation:
            self.ready.emit(result)
        self._dispatch()

    @property
    def idle(self) -> bool:
        """No render running or waiting."""
        return not self._busy and self._waiting is None

    def shutdown(self) -> None:
        """Stop the worker thread (waits for a running render to finish)."""
        self._waiting = None
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait(5000)
