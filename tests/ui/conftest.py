"""Fixtures for the explorer's UI tests: a shown main window on the shipped data."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QPoint, QPointF
from pytestqt.qtbot import QtBot

from gutskin_desktop.app import build_window
from gutskin_desktop.export.raster import PDFIUM_LOCK
from gutskin_desktop.ui.designer.window import DesignerWindow
from gutskin_desktop.ui.handout_window import HandoutWindow
from gutskin_desktop.ui.main_window import MainWindow
from gutskin_desktop.ui.session import settings


@contextmanager
def pdf_document(pdf: bytes | str | Path) -> Iterator[pdfium.PdfDocument]:
    """A PDF opened with pypdfium2 as the app opens one: holding the app's PDFium lock
    (previews render in the background with PDFium, which is not thread-safe) and closed
    before the lock is let go."""
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            yield document
        finally:
            document.close()


def _unexpected_dialog(*args: object, **kwargs: object) -> object:
    raise AssertionError(f"an unexpected modal dialog opened: {args[1:3]}")


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog would wait forever headless: fail loudly unless a test expects it."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    for name in ("question", "warning", "information", "critical", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(_unexpected_dialog))
    for name in ("getText", "getItem", "getInt", "getDouble"):
        monkeypatch.setattr(QInputDialog, name, staticmethod(_unexpected_dialog))
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(_unexpected_dialog))
    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr(QPrintDialog, "exec", lambda self: _unexpected_dialog(self, "print"))
    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(QDialog, "exec",
                        lambda self: _unexpected_dialog(self, self.objectName() or "dialog"))


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    settings().clear()
    yield
    settings().clear()


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    """The main window, shown at a fixed size, with the shipped content."""
    win = build_window()
    qtbot.addWidget(win, before_close_func=_discard_changes)
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    return win


def _discard_changes(win: MainWindow) -> None:
    """Tests end without saving: mark every open document clean so closing asks nothing."""
    for document in win.session.documents():
        document.undo_stack.setClean()
    if win.designer is not None:
        win.designer.document.undo_stack.setClean()
    win.session.renders.wait()


def node_point(window: MainWindow, node_id: str) -> QPoint:
    """The node's centre in the view's viewport coordinates."""
    center = window.scene.nodes[node_id].sceneBoundingRect().center()
    return window.view.mapFromScene(QPointF(center))


@pytest.fixture
def handout(qtbot: QtBot, window: MainWindow) -> HandoutWindow:
    """The handout panel opened from the main window, its first preview made."""
    win = window.open_handout()
    qtbot.waitUntil(lambda: win.panel.rendered is not None, timeout=10000)
    return win  # type: ignore[return-value]


@pytest.fixture
def designer(qtbot: QtBot, window: MainWindow) -> Iterator[DesignerWindow]:
    """The layout designer on the A4 handout, shown, its first preview made."""
    win = window.open_designer("a4-handout")
    win.resize(1280, 900)
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.last_preview is not None, timeout=15000)
    yield win
    win.document.undo_stack.setClean()
    win.close()
