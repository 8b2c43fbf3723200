"""File > Export Slides: the deck written off the GUI thread, PNGs when asked for, and a
failure said in plain words."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from gutskin_desktop.export.slides import tour_steps
from gutskin_desktop.ui.main_window import MainWindow


def _answer(monkeypatch: pytest.MonkeyPatch, pdf: Path, folder: Path | None) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(pdf), "PDF slides (*.pdf)")))
    button = QMessageBox.StandardButton.Yes if folder else QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: button))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(folder)))


def test_export_slides_writes_the_deck_and_the_pngs(qtbot: QtBot, window: MainWindow,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    pdf, folder = tmp_path / "talk", tmp_path / "pictures"
    _answer(monkeypatch, pdf, folder)
    window.action("actionExportSlides").trigger()
    steps = len(tour_steps(window.session.bundle.diagram))
    qtbot.waitUntil(lambda: "Saved" in window.statusBar().currentMessage(), timeout=20000)
    deck = tmp_path / "talk.pdf"
    pages = PdfReader(deck).pages
    assert len(pages) == steps + 1
    assert "The microbes in your gut" in " ".join(p.extract_text() for p in pages)
    pngs = sorted(folder.glob("slide-*.png"))
    assert len(pngs) == steps + 1
    with Image.open(pngs[0]) as image:
        assert image.size == (1920, 1080)
    assert str(deck) in window.statusBar().currentMessage()


def test_a_failed_slide_export_is_a_plain_message(qtbot: QtBot, window: MainWindow,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda *a, **k: messages.append(a[2])))
    _answer(monkeypatch, tmp_path / "gone" / "talk.pdf", None)
    window.action("actionExportSlides").trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    assert "does not exist" in messages[0] and "Traceback" not in messages[0]
    assert not (tmp_path / "gone").exists()
