"""File > Export PDF: the layout chooser, the real-page preview and the export."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from gutskin_desktop.ui.export_dialog import ExportDialog
from gutskin_desktop.ui.main_window import MainWindow


@pytest.fixture
def dialog(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    assert window.action("actionExportPdf").shortcut().toString() == "Ctrl+E"
    dlg = ExportDialog(window.session, window)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.rendered is not None and bool(dlg.preview.images),
                    timeout=10000)
    return dlg


def _choose(dlg: ExportDialog, name: str) -> None:
    names = [dlg.layout_box.itemData(i).name for i in range(dlg.layout_box.count())]
    dlg.layout_box.setCurrentIndex(names.index(name))


def test_preview_shows_the_real_pages_of_the_chosen_layout(qtbot: QtBot,
                                                          dialog: ExportDialog) -> None:
    assert dialog.preview.objectName() == "pdfPreview"
    assert dialog.layout_choice.name == "a4-handout"
    assert len(dialog.preview.images) == dialog.rendered.pages == 5
    a4 = dialog.preview.images[0]
    assert abs(a4.height() / a4.width() - 297 / 210) < 0.01
    _choose(dialog, "presenter-notes")
    qtbot.waitUntil(lambda: len(dialog.preview.images) == 4, timeout=10000)
    assert "all text fits" in dialog.summary.text()


def test_export_writes_the_pdf_off_the_gui_thread(qtbot: QtBot, dialog: ExportDialog,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "handout.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PDF (*.pdf)")))
    dialog.text_box.setCurrentIndex(dialog.text_box.findData("presenter"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10000)
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Dysbiosis" in text or "dysbiosis" in text


def test_a_failed_export_is_a_message_and_leaves_the_file(qtbot: QtBot, dialog: ExportDialog,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    messages = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda *a, **k: messages.append(a[2])))
    folder = tmp_path / "gone"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(folder / "x.pdf"), "")))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert "does not exist" in messages[0]
    assert dialog.written is None and not folder.exists()


def test_tiling_and_bleed_from_the_dialog(qtbot: QtBot, dialog: ExportDialog) -> None:
    _choose(dialog, "a1-poster")
    qtbot.waitUntil(lambda: dialog.rendered is not None and dialog.rendered.pages == 1,
                    timeout=10000)
    dialog.tile.setCurrentIndex(dialog.tile.findData("A4"))
    qtbot.waitUntil(lambda: len(dialog.preview.images) > 1, timeout=20000)
    sheets = dialog.preview.images
    assert len(sheets) == dialog.rendered.pages
    assert all(abs(i.height() / i.width() - 297 / 210) < 0.02
               or abs(i.width() / i.height() - 297 / 210) < 0.02 for i in sheets)
    dialog.tile.setCurrentIndex(0)
    dialog.crop_marks.setChecked(True)
    qtbot.waitUntil(lambda: len(dialog.preview.images) == 1, timeout=20000)
    image = dialog.preview.images[0]
    ratio = image.height() / image.width()
    assert abs(ratio - 841 / 594) > 0.001, "the crop-mark slug widens the page"


def test_export_diagram_image_from_the_app(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    out = tmp_path / "axis"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PNG image (*.png)")))
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (96, True)))
    window.action("actionExportDiagram").trigger()
    png = tmp_path / "axis.png"
    qtbot.waitUntil(png.exists, timeout=10000)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_tiled_export_says_what_does_not_fit_as_the_untiled_one_does(
        qtbot: QtBot, window: MainWindow) -> None:
    from gutskin_desktop.model import layout_edit
    from gutskin_desktop.model.layout import layout_json, load_layout
    from gutskin_desktop.model.paths import LAYOUTS, user_layouts_dir

    shipped = load_layout(LAYOUTS / "a4-handout.json", window.session.bundle.content)
    cramped = layout_edit.update_blocks(layout_edit.update_layout(shipped, {"name": "cramped"}),
                                        {"title": {"h_mm": 8}})
    user_layouts_dir().mkdir(parents=True, exist_ok=True)
    (user_layouts_dir() / "cramped.json").write_bytes(layout_json(cramped))
    dlg = ExportDialog(window.session, window)
    qtbot.addWidget(dlg)
    dlg.show()
    _choose(dlg, "cramped")
    qtbot.waitUntil(lambda: "block 'title'" in dlg.summary.text(), timeout=15000)
    assert "do not fit" in dlg.summary.text()
    dlg.tile.setCurrentIndex(dlg.tile.findData("A4"))
    qtbot.waitUntil(lambda: dlg.rendered is not None and dlg.rendered.pages > 5,
                    timeout=20000)
    assert "block 'title'" in dlg.summary.text() and "do not fit" in dlg.summary.text()


def _intent(pdf: Path) -> dict:
    """The PDF's PDF/X output intent, as pypdf reads it."""
    intents = PdfReader(pdf).trailer["/Root"].get("/OutputIntents")
    assert intents, "no output intent"
    return intents[0].get_object()


def test_pdfx_from_the_dialog_writes_a_checked_cmyk_pdf(qtbot: QtBot, dialog: ExportDialog,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    from gutskin_desktop.export.preflight import preflight

    assert not dialog.profile_box.isEnabled(), "the profile waits for PDF/X to be chosen"
    before = dialog.rendered
    dialog.pdfx.setChecked(True)
    assert dialog.profile_box.isEnabled()
    qtbot.waitUntil(lambda: dialog.rendered is not before and bool(dialog.preview.images),
                    timeout=10000)
    assert b"/GTS_PDFX" in dialog.rendered.pdf, "the preview shows the PDF/X pages"
    assert dialog.summary.text().endswith(
        "PDF/X-4 in CMYK, profile: Coated offset paper, FOGRA39 (built in).")
    dialog.grab().save(str(tmp_path / "dialog.png"))
    out = tmp_path / "for the shop.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PDF (*.pdf)")))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15000)
    assert preflight(out).passed
    assert _intent(out)["/OutputConditionIdentifier"] == "FOGRA39"


def test_the_dialog_takes_the_shops_profile_and_refuses_what_is_not_one(
        qtbot: QtBot, dialog: ExportDialog, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from gutskin_desktop.export.cmyk import OUR_PROFILE
    from gutskin_desktop.ui.export_dialog import CHOOSE_PROFILE

    dialog.pdfx.setChecked(True)
    not_icc = tmp_path / "notes.icc"
    not_icc.write_text("not a profile")
    shop = tmp_path / "shop-coated.icc"
    shop.write_bytes(OUR_PROFILE.read_bytes())
    chosen = [str(not_icc), str(shop)]
    messages: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (chosen.pop(0), "")))
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda *a, **k: messages.append(a[2])))
    other = dialog.profile_box.findData(CHOOSE_PROFILE)
    dialog.profile_box.setCurrentIndex(other)
    dialog.profile_box.activated.emit(other)
    assert messages == [f"Output profile {not_icc}: is not an ICC colour profile"]
    assert dialog.profile_box.currentIndex() == 0, "back to the profile chosen before"
    dialog.profile_box.activated.emit(dialog.profile_box.findData(CHOOSE_PROFILE))
    assert "shop-coated.icc" in dialog.profile_box.currentText()
    assert dialog.options().output_profile is not None
    out = tmp_path / "shop.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PDF (*.pdf)")))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=15000)
    intent = _intent(out)
    assert intent["/OutputConditionIdentifier"] == "Custom"
    assert intent["/Info"] == "gutskin CMYK coated (FOGRA39L)"


def test_crop_marks_and_tiling_turn_each_other_off(qtbot: QtBot, dialog: ExportDialog) -> None:
    dialog.crop_marks.setChecked(True)
    assert not dialog.tile.isEnabled() and "own cut lines" in dialog.tile.toolTip()
    dialog.crop_marks.setChecked(False)
    assert dialog.tile.isEnabled()
    dialog.tile.setCurrentIndex(dialog.tile.findData("A4"))
    assert not dialog.crop_marks.isEnabled() and "own cut lines" in dialog.crop_marks.toolTip()
    dialog.tile.setCurrentIndex(0)
    assert dialog.crop_marks.isEnabled() and dialog.tile.isEnabled()
