"""The clinic profile in the app: edited in its dialog, saved to the data folder, and
printed on the next handout under the clinic's own heading."""
from __future__ import annotations

import io
import json

from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gutskin_desktop.model.clinic import DEFAULT_CAN_DO, clinic_file
from gutskin_desktop.ui.clinic_dialog import ClinicProfileDialog, clinic_store
from gutskin_desktop.ui.handout_window import HandoutWindow
from gutskin_desktop.ui.main_window import MainWindow


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def _dialog(qtbot: QtBot, window: MainWindow) -> ClinicProfileDialog:
    dialog = ClinicProfileDialog(clinic_store(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_tools_menu_offers_the_clinic_profile(window: MainWindow) -> None:
    action = window.action("actionClinicProfile")
    assert action.text() == "&Clinic Profile..."
    tools = next(a for a in window.menuBar().actions() if a.text() == "&Tools")
    assert action in tools.menu().actions()


def test_the_starting_point_is_shown_as_a_draft_to_review(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    dialog = _dialog(qtbot, window)
    assert dialog.banner.isVisible()
    assert "starting point" in dialog.banner.text()
    assert tuple(dialog.can_do.toPlainText().splitlines()) == DEFAULT_CAN_DO
    assert "grade" in dialog.grade.text()


def test_saved_advice_prints_on_the_next_handout(qtbot: QtBot, window: MainWindow) -> None:
    handout: HandoutWindow = window.open_handout()  # type: ignore[assignment]
    qtbot.addWidget(handout)
    panel = handout.panel
    assert "starting point" in panel.advice.text()
    dialog = _dialog(qtbot, window)
    qtbot.keyClicks(dialog.fields["clinic"], "Riverside Clinic")
    qtbot.keyClicks(dialog.fields["phone"], "0123 456 789")
    qtbot.keyClicks(dialog.fields["reviewer"], "Dr B. Mensah")
    dialog.reviewed_box.setChecked(True)
    dialog.can_do.setPlainText("Keep using your usual cream.\nBring your skin diary.")
    assert not dialog.banner.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = json.loads(clinic_file().read_text(encoding="utf-8"))
    assert saved["clinic"] == "Riverside Clinic" and saved["reviewer"] == "Dr B. Mensah"
    assert saved["can_do"] == ["Keep using your usual cream.", "Bring your skin diary."]
    assert "reviewed by Dr B. Mensah" in panel.advice.text()
    qtbot.waitUntil(lambda: panel.rendered is not None
                    and "Bring your skin diary." in _text(panel.rendered.pdf), timeout=10000)
    text = _text(panel.rendered.pdf)
    assert "Advice from Riverside Clinic" in text and "General advice" not in text
    assert "Reviewed for the clinic by Dr B. Mensah" in text


def test_too_much_advice_cannot_be_saved(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _dialog(qtbot, window)
    dialog.get_help.setPlainText("\n".join(f"Call us about {n}." for n in range(11)))
    assert not dialog.save_button.isEnabled()
    assert "When to get help: at most 10 lines" in dialog.problem.text()
    dialog.get_help.setPlainText("Call us.")
    assert dialog.save_button.isEnabled() and dialog.problem.text() == ""


def test_the_clinic_chooses_how_dates_print(qtbot: QtBot, window: MainWindow) -> None:
    handout: HandoutWindow = window.open_handout()  # type: ignore[assignment]
    qtbot.addWidget(handout)
    panel = handout.panel
    dialog = _dialog(qtbot, window)
    assert dialog.date_format.itemText(0) == "3 December 2026"
    dialog.date_format.setCurrentIndex(dialog.date_format.findData("dmy"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert json.loads(clinic_file().read_text(encoding="utf-8"))["date_format"] == "dmy"
    assert panel.date.displayFormat() == "dd/MM/yyyy"
    from PySide6.QtCore import QDate
    panel.date.setDate(QDate(2026, 12, 3))
    qtbot.waitUntil(lambda: panel.rendered is not None
                    and "Date: 03/12/2026" in _text(panel.rendered.pdf), timeout=10000)
