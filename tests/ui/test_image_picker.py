"""Insert > Image and the clinic's logo through the image picker, driven as a person would:
a file from outside the app's data folder imported and exported, a refused file named in
one message with nothing copied, the library, the app's images and the pictograms shown
as thumbnails."""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QListWidget, QListWidgetItem, QMessageBox
from pytestqt.qtbot import QtBot

from gutskin_desktop.model.image_library import import_image
from gutskin_desktop.model.layout import Block
from gutskin_desktop.model.paths import ASSETS, user_images_dir
from gutskin_desktop.model.pictograms import names as pictogram_names
from gutskin_desktop.ui.clinic_dialog import ClinicProfileDialog, ClinicStore
from gutskin_desktop.ui.designer.image_picker import ImageChoice, ImagePicker
from gutskin_desktop.ui.designer.window import DesignerWindow

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100">'
       '<rect width="300" height="100" fill="#2f8a77"/>'
       '<text x="20" y="66" font-size="48" fill="#ffffff">Elm Street</text></svg>')


def png(width: int, height: int, colour: str = "#d02020") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def picking(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot,
            act: Callable[[ImagePicker], None]) -> list[ImagePicker]:
    """When the picker opens, show it and let ``act`` use it as a person would (click,
    double-click); it returns what the person's last action left it with."""
    opened: list[ImagePicker] = []

    def run(self: ImagePicker) -> int:
        opened.append(self)
        self.show()
        qtbot.waitExposed(self)
        act(self)
        if self.isVisible():  # the person closes it
            self.reject()
        return self.result()
    monkeypatch.setattr(ImagePicker, "exec", run)
    return opened


def file_dialog_gives(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """QFileDialog.getOpenFileName answers ``path``; returns the filters it was shown."""
    asked: list[str] = []

    def answer(*args: object, **kwargs: object) -> tuple[str, str]:
        asked.append(str(args[3]) if len(args) > 3 else str(kwargs.get("filter", "")))
        return str(path), "Images"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(answer))
    return asked


def click_from_file(qtbot: QtBot) -> Callable[[ImagePicker], None]:
    return lambda picker: qtbot.mouseClick(picker.from_file, Qt.MouseButton.LeftButton)


def item(grid: QListWidget, text: str) -> QListWidgetItem:
    found = grid.findItems(text, Qt.MatchFlag.MatchExactly)
    assert found, [grid.item(i).text() for i in range(grid.count())]
    return found[0]


def double_click(qtbot: QtBot, picker: ImagePicker, grid: QListWidget, text: str) -> None:
    picker.tabs.setCurrentIndex(picker.grids().index(grid))
    target = item(grid, text)
    qtbot.waitUntil(lambda: grid.isVisible() and grid.visualItemRect(target).isValid())
    grid.scrollToItem(target)
    where = grid.visualItemRect(target).center()
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a double-click
    qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=where)  # is two clicks


def added(designer: DesignerWindow, before: set[str]) -> Block:
    new = [b for b in designer.document.layout.blocks if b.id not in before]
    assert len(new) == 1, new
    return new[0]


def test_an_image_from_outside_the_data_folder_is_inserted_and_exported(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    outside = tmp_path / "Downloads" / "Elm Street Logo.PNG"
    outside.parent.mkdir()
    outside.write_bytes(png(200, 100))
    asked = file_dialog_gives(monkeypatch, outside)
    picking(monkeypatch, qtbot, click_from_file(qtbot))
    before = {b.id for b in designer.document.layout.blocks}
    steps = designer.document.undo_stack.count()
    designer.action("actionAddImage").trigger()
    block = added(designer, before)
    assert (block.type, block.path, block.pictogram) == ("image", "library/elm-street-logo.png",
                                                         None)
    assert (block.w_mm, block.h_mm) == (40.0, 20.0)  # the picture's shape, in 40 x 40 mm
    assert designer.view.selected_ids() == [block.id]
    assert "*.png *.jpg *.jpeg *.svg" in asked[0]
    assert (user_images_dir() / "elm-street-logo.png").read_bytes() == outside.read_bytes()
    stack = designer.document.undo_stack
    assert stack.count() == steps + 1 and stack.undoText() == "Add image"
    out = tmp_path / "handout.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PDF (*.pdf)")))
    designer.action("actionExportPdf").trigger()
    qtbot.waitUntil(out.exists, timeout=20000)  # written whole, in one rename
    pictures = [(int(x["/Width"]), int(x["/Height"]))
                for page in pypdf.PdfReader(out).pages
                for ref in (page["/Resources"].get("/XObject") or {}).values()
                if (x := ref.get_object()).get("/Subtype") == "/Image"]
    assert (200, 100) in pictures
    designer.action("actionUndo").trigger()
    assert block.id not in {b.id for b in designer.document.layout.blocks}


def test_a_refused_file_is_one_message_naming_it_and_nothing_is_copied(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    fake = tmp_path / "holiday.png"
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#00aa00").save(buffer, "GIF")
    fake.write_bytes(buffer.getvalue())
    file_dialog_gives(monkeypatch, fake)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text, *a: said.append((title, text))))
    opened = picking(monkeypatch, qtbot, click_from_file(qtbot))
    before = designer.document.layout
    designer.action("actionAddImage").trigger()
    reason = "not a PNG or JPEG image (its content looks like a GIF image), nor an SVG drawing"
    assert said == [("Cannot use this image", f"{fake}: {reason}")]
    assert opened[0].result() == 0  # the picker stayed open until the person closed it
    assert designer.document.layout is before
    assert not user_images_dir().exists() or list(user_images_dir().iterdir()) == []


def test_the_picker_shows_the_library_the_app_images_and_the_pictograms(
        qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "sign.svg").write_text(SVG, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(png(90, 60, "#3050d0"))
    import_image(tmp_path / "sign.svg")
    import_image(tmp_path / "photo.png")
    (user_images_dir() / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n cut")
    picker = ImagePicker(None)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    tabs = [picker.tabs.tabText(i) for i in range(picker.tabs.count())]
    assert tabs == ["Your images", "App images", "Pictograms"]
    shown = {picker.library.item(i).text() for i in range(picker.library.count())}
    assert shown == {"sign.svg", "photo.png", "broken.png"}
    broken = item(picker.library, "broken.png")
    assert not broken.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "cut short" in broken.toolTip()
    sign = item(picker.library, "sign.svg")
    assert sign.data(Qt.ItemDataRole.UserRole) == ImageChoice(path="library/sign.svg",
                                                              width=225.0, height=75.0)
    icon = sign.icon().pixmap(96, 96).toImage()  # the drawing as the PDF prints it
    assert icon.pixelColor(6, 48).name() == "#2f8a77"  # left of its white text
    photo = item(picker.library, "photo.png").icon().pixmap(96, 96).toImage()
    assert photo.pixelColor(48, 48).name() == "#3050d0"
    assert picker.app is not None and picker.pictograms is not None
    app = {picker.app.item(i).text() for i in range(picker.app.count())}
    assert app == {p.name for p in (ASSETS / "images").iterdir()}
    assert picker.pictograms.count() == len(pictogram_names())
    assert not picker.choose_button.isEnabled()  # nothing chosen yet
    picker.library.setCurrentItem(sign)
    assert picker.choose_button.isEnabled()


def test_an_empty_library_says_how_to_add_a_picture(qtbot: QtBot) -> None:
    picker = ImagePicker(None)
    qtbot.addWidget(picker)
    picker.show()
    assert picker.library_empty.isVisible()
    assert "From a file..." in picker.library_empty.text()


def test_a_pictogram_and_a_library_drawing_are_inserted_in_their_shape(
        qtbot: QtBot, designer: DesignerWindow, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    (tmp_path / "sign.svg").write_text(SVG, encoding="utf-8")
    import_image(tmp_path / "sign.svg")
    picking(monkeypatch, qtbot, lambda picker: double_click(qtbot, picker, picker.pictograms,
                                                            "Brain"))
    before = {b.id for b in designer.document.layout.blocks}
    designer.action("actionAddImage").trigger()
    brain = added(designer, before)
    assert (brain.pictogram, brain.path, brain.w_mm, brain.h_mm) == ("brain", None, 40, 40)
    picking(monkeypatch, qtbot, lambda picker: double_click(qtbot, picker, picker.library,
                                                            "sign.svg"))
    before = {b.id for b in designer.document.layout.blocks}
    designer.action("actionAddImage").trigger()
    sign = added(designer, before)
    assert (sign.path, sign.w_mm, sign.h_mm) == ("library/sign.svg", 40.0, 13.3)
    qtbot.waitUntil(lambda: designer.last_preview is not None
                    and not designer.last_preview.error, timeout=15000)


def test_cancelling_the_picker_inserts_nothing(qtbot: QtBot, designer: DesignerWindow,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    picking(monkeypatch, qtbot, lambda picker: picker.reject())
    before = designer.document.layout
    designer.action("actionAddImage").trigger()
    assert designer.document.layout is before


def test_the_clinic_logo_comes_from_the_picker(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    (tmp_path / "Elm Logo.svg").write_text(SVG, encoding="utf-8")
    file_dialog_gives(monkeypatch, tmp_path / "Elm Logo.svg")
    opened = picking(monkeypatch, qtbot, click_from_file(qtbot))
    store = ClinicStore(tmp_path / "profile" / "clinic.json")
    dialog = ClinicProfileDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "clinicChooseLogo"),
                     Qt.MouseButton.LeftButton)
    picker = opened[0]
    assert picker.app is None and picker.pictograms is None  # a logo comes from the library
    assert picker.choose_button.text() == "Use as logo"
    assert dialog.logo_name == "library/elm-logo.svg"
    assert dialog.logo_label.text() == "elm-logo.svg"
    assert not dialog.logo.pixmap().isNull()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert store.clinic.profile.logo == "library/elm-logo.svg"
    assert store.clinic.logo_path == user_images_dir() / "elm-logo.svg"
    assert '"logo": "library/elm-logo.svg"' in store.path.read_text(encoding="utf-8")


def test_the_clinic_dialog_sets_brand_colours_with_colour_buttons(
        qtbot: QtBot, tmp_path: Path) -> None:
    from gutskin_desktop.model.theme_files import default_theme
    from gutskin_desktop.ui.colour_button import ColourButton, SwatchButton

    store = ClinicStore(tmp_path / "clinic.json")
    dialog = ClinicProfileDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    theme = default_theme()

    def choose(swatch: str, colour: str) -> None:
        button = dialog.findChild(ColourButton, f"clinicBrand:{swatch}")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(button.popup.isVisible)
        qtbot.mouseClick(button.popup.findChild(SwatchButton, f"swatch:{colour}"),
                         Qt.MouseButton.LeftButton)
        assert button.colour() == colour

    choose("heading", theme.colour("tint"))  # any colour will do for headings
    assert dialog.save_button.isEnabled()
    choose("panel", theme.colour("ink"))  # too dark to print text on
    assert dialog.problem.text().startswith("Brand colours: Panel: ")
    assert "too dark" in dialog.problem.text() and not dialog.save_button.isEnabled()
    choose("panel", theme.colour("paper"))
    assert dialog.problem.text() == "" and dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    brand = store.clinic.profile.brand_colours
    assert brand is not None and brand.given() == {"heading": theme.colour("tint"),
                                                   "panel": theme.colour("paper")}
    again = ClinicProfileDialog(store)
    qtbot.addWidget(again)
    assert again.brand["heading"].colour() == theme.colour("tint")
    assert again.brand["ink"].colour() is None
