"""File > New from Template and File > Open: a gallery of every shipped and saved layout,
each shown by its real first page."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from gutskin_desktop.export.render import ExportOptions
from gutskin_desktop.model.layout import load_layout
from gutskin_desktop.model.layout_files import layout_files
from gutskin_desktop.model.paths import LAYOUTS, user_layouts_dir
from gutskin_desktop.ui.designer import templates
from gutskin_desktop.ui.designer.templates import SaveAsAnswer, SaveAsDialog, TemplateGallery
from gutskin_desktop.ui.designer.window import DesignerWindow
from gutskin_desktop.ui.main_window import MainWindow
from gutskin_desktop.ui.pdfimage import page_images
from gutskin_desktop.ui.render_jobs import RenderRequest


def _save_a_layout_of_ones_own() -> Path:
    folder = user_layouts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    text = (LAYOUTS / "large-print.json").read_text()
    text = text.replace('"name": "large-print"', '"name": "our-large-print"')
    text = text.replace('"label": "Large print (A4)"', '"label": "Our large print"')
    text = text.replace('"description": "Large print', '"description": "Our own large print')
    path = folder / "our-large-print.json"
    path.write_text(text)
    return path


def _difference(a: QImage, b: QImage) -> float:
    """The mean difference of two images' pixels, 0 to 255 (grey levels, a coarse grid)."""
    total, count = 0, 0
    for y in range(0, min(a.height(), b.height()), 3):
        for x in range(0, min(a.width(), b.width()), 3):
            total += abs(a.pixelColor(x, y).lightness() - b.pixelColor(x, y).lightness())
            count += 1
    return total / max(count, 1)


def _open_gallery(qtbot: QtBot, window: MainWindow, mode: str) -> TemplateGallery:
    gallery = TemplateGallery(window.session, mode, window)
    qtbot.addWidget(gallery)
    gallery.show()
    qtbot.waitUntil(lambda: gallery.thumbnails_done, timeout=15000)
    return gallery


def test_the_gallery_shows_every_layout_by_its_first_page(qtbot: QtBot,
                                                          window: MainWindow) -> None:
    own = _save_a_layout_of_ones_own()
    (user_layouts_dir() / "half-written.json").write_text("{")
    gallery = _open_gallery(qtbot, window, "new")
    files = layout_files()
    assert [t.path for t in gallery.templates] == files
    texts = [gallery.list.item(i).text() for i in range(gallery.list.count())]
    assert "A4 handout\nA4 portrait" in texts and "Our large print\nA4 portrait" in texts
    assert "24 x 36 in poster\n609.6 x 914.4 mm" in texts
    broken = files.index(user_layouts_dir() / "half-written.json")
    assert "cannot be opened" in texts[broken]
    assert not gallery.list.item(broken).flags() & Qt.ItemFlag.ItemIsSelectable

    # the thumbnail is the layout's real first page
    bundle = window.session.bundle
    layout = load_layout(own, bundle.content)
    options = ExportOptions(clinic=window.session.clinic.clinic)
    rendered = RenderRequest(layout, bundle, options).render()
    shown = templates._THUMBNAILS[templates._key(own)]  # type: ignore[index]
    thumb = templates.THUMB
    dpi = min(thumb.width() / (210 / 25.4), thumb.height() / (297 / 25.4))
    page = page_images(rendered.pdf, dpi * gallery.devicePixelRatioF(), [0])[0]
    assert page.size() == shown.size()
    poster = templates._THUMBNAILS[templates._key(LAYOUTS / "a1-poster.json")]  # type: ignore[index]
    assert _difference(shown, page) < 1
    assert _difference(shown, poster.scaled(shown.size())) > 3 * _difference(shown, page)

    gallery.select(own)
    assert gallery.title.text() == "Our large print"
    assert "A4 portrait" in gallery.facts.text() and "3 pages" in gallery.facts.text()
    assert "yours" in gallery.facts.text()
    assert gallery.description.text().startswith("Our own large print")
    gallery.select(LAYOUTS / "a1-poster.json")
    assert "comes with the app" in gallery.facts.text()
    assert gallery.accept_button.text() == "Create" and gallery.accept_button.isEnabled()

    # the second time, the thumbnails are there at once
    again = TemplateGallery(window.session, "new", window)
    qtbot.addWidget(again)
    assert again.thumbnails_done
    again.done(QDialog.DialogCode.Rejected)


def _choose_in_gallery(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, path: Path) -> None:
    """The gallery opens for real: double-click the layout of ``path``."""
    def run(gallery: TemplateGallery) -> int:
        gallery.show()
        row = [t.path for t in gallery.templates].index(path)
        item = gallery.list.item(row)
        gallery.list.scrollToItem(item)
        point = gallery.list.visualItemRect(item).center()
        qtbot.mouseClick(gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(gallery.list.viewport(), Qt.MouseButton.LeftButton, pos=point)
        return gallery.result()
    monkeypatch.setattr(TemplateGallery, "exec", run)


def test_new_from_template_opens_an_untitled_copy_that_save_names(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    assert designer.action("actionNew").text() == "&New from Template..."
    _choose_in_gallery(monkeypatch, qtbot, LAYOUTS / "letter-handout.json")
    designer.action("actionNew").trigger()
    assert designer.document.path is None and not designer.isWindowModified()
    assert designer.windowTitle().startswith("Untitled (from US Letter handout)")
    page = designer.view.page_item.page
    assert (round(page.width(), 1), round(page.height(), 1)) == (215.9, 279.4)
    asked: list[tuple[str, str]] = []

    def ask(label: str, description: str, parent: object = None) -> SaveAsAnswer:
        asked.append((label, description))
        return SaveAsAnswer("Letter for Dr. Ruiz", "letter-for-dr-ruiz", "Our Letter leaflet")
    monkeypatch.setattr(SaveAsDialog, "ask", staticmethod(ask))
    designer.action("actionSave").trigger()
    assert asked == [("US Letter handout", "")]  # the shipped description is not offered
    saved = user_layouts_dir() / "letter-for-dr-ruiz.json"
    assert load_layout(saved).label == "Letter for Dr. Ruiz"
    assert designer.document.path == saved
    assert (LAYOUTS / "letter-handout.json").read_text() != saved.read_text()

    # a template of one's own: Save As offers its description; the template stays
    own = _save_a_layout_of_ones_own()
    _choose_in_gallery(monkeypatch, qtbot, own)
    designer.action("actionNew").trigger()
    assert designer.document.path is None
    asked.clear()
    monkeypatch.setattr(SaveAsDialog, "ask", staticmethod(  # cancelled
        lambda label, description, parent=None: asked.append((label, description))))
    designer.action("actionSave").trigger()
    assert asked == [("Our large print", own_description(own))]
    assert own.read_text().count("our-large-print") == 1

    # cancelling the gallery changes nothing
    before = designer.document.layout

    def cancel(gallery: TemplateGallery) -> int:
        gallery.reject()
        return gallery.result()
    monkeypatch.setattr(TemplateGallery, "exec", cancel)
    designer.action("actionNew").trigger()
    assert designer.document.layout is before


def own_description(path: Path) -> str:
    return load_layout(path).description


def test_open_uses_the_gallery_and_opens_the_file_itself(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    own = _save_a_layout_of_ones_own()
    _choose_in_gallery(monkeypatch, qtbot, own)
    designer.action("actionOpen").trigger()
    assert designer.document.path == own
    assert designer.windowTitle().startswith("our-large-print")

    # or another file, from anywhere
    elsewhere = tmp_path / "from-a-colleague.json"
    elsewhere.write_text((LAYOUTS / "a3-poster.json").read_text())
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(elsewhere), "")))

    def run(gallery: TemplateGallery) -> int:
        assert gallery.accept_button.text() == "Open"
        button = gallery.findChild(QPushButton, "templateOtherFile")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return gallery.result()
    monkeypatch.setattr(TemplateGallery, "exec", run)
    designer.action("actionOpen").trigger()
    assert designer.document.path == elsewhere
    assert designer.document.layout.page.size == "A3"
