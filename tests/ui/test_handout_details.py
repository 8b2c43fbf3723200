"""A clinician can trust every handout: each detail typed prints whole, or the panel says
why beside the field and Print and Save wait; a new patient starts clean; the preview
shows the page where the field being typed prints."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from gutskin_desktop.ui.handout_panel import HandoutPanel
from gutskin_desktop.ui.handout_window import HandoutWindow
from gutskin_desktop.ui.main_window import MainWindow


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(io.BytesIO(pdf)).pages)


def _settle(qtbot: QtBot, panel: HandoutPanel) -> None:
    """Wait until the preview shows what the panel holds now."""
    qtbot.waitUntil(lambda: panel.rendered is not None and not panel.preview_pending(),
                    timeout=15000)
    qtbot.wait(300)


def _type_details(qtbot: QtBot, handout: HandoutWindow, note: str) -> None:
    panel = handout.panel
    for name, value in (("clinic", "Riverside Clinic"), ("clinician", "Dr Ana-Lucía Ng"),
                        ("phone", "0123 456 789"), ("patient", "Zoë O'Brien-Łukasiewicz")):
        panel.fields[name].clear()
        if value.isascii():
            qtbot.keyClicks(panel.fields[name], value)
        else:  # QTest types only what a keyboard has a key for
            panel.fields[name].setText(value)
    panel.date.setDate(QDate(2026, 12, 3))
    panel.note.setPlainText(note)


def test_large_print_prints_every_detail_saved_through_the_dialog(
        qtbot: QtBot, handout: HandoutWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    note = ("Keep a food and skin diary for two weeks. Bring it to your next visit, with any "
            "creams you use. Try to notice if stress makes your skin worse. Sleep matters "
            "too: write down the nights you sleep badly, and how your skin looks next day.")
    assert len(note) >= 200
    _type_details(qtbot, handout, note * 2)
    assert len(note * 2) >= 400
    qtbot.mouseClick(handout.panel.large_print, Qt.MouseButton.LeftButton)
    assert handout.panel.current_layout.name == "large-print"
    out = tmp_path / "large.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PDF (*.pdf)")))
    assert handout.action("actionSavePdf").isEnabled()
    handout.action("actionSavePdf").trigger()
    qtbot.waitUntil(lambda: out.is_file(), timeout=15000)
    text = _text(out.read_bytes())
    for value in ("Riverside Clinic", "Dr Ana-Lucía Ng", "0123 456 789",
                  "Zoë O'Brien-Łukasiewicz", "3 December 2026"):
        assert value in text, value
    assert " ".join((note * 2).split())[-80:] in text, "the whole note, to its last word"


def test_a_note_too_long_is_said_beside_it_and_stops_print_and_save(
        qtbot: QtBot, handout: HandoutWindow) -> None:
    panel = handout.panel
    panel.note.setPlainText("x" * 1030)
    assert panel.messages["note"].isVisibleTo(panel)
    assert "30 characters too long (at most 1000)" in panel.messages["note"].text()
    assert not handout.action("actionPrint").isEnabled()
    assert not handout.action("actionSavePdf").isEnabled()
    panel.note.setPlainText("x" * 1000)
    assert panel.messages["note"].text() == ""
    assert handout.action("actionSavePdf").isEnabled()


def test_invisible_characters_are_named_and_never_print(qtbot: QtBot,
                                                       handout: HandoutWindow) -> None:
    panel = handout.panel
    panel.fields["patient"].setText("Dana \u202e\u05d0\u200b Levi\ufeff")
    message = panel.messages["patient"].text()
    assert "U+202E (right-to-left override)" in message
    assert "U+200B (zero width space)" in message and "U+FEFF" in message
    assert handout.action("actionSavePdf").isEnabled(), "left out, not a reason to stop"
    _settle(qtbot, panel)
    text = _text(panel.request().render().pdf)
    line = text[text.index("Patient:"):][:40]
    assert line.index("Dana") < line.index("\u05d0") < line.index("Levi"), line
    assert "aneD" not in text and "iveL" not in text, "never printed reversed"
    assert not any(ch in text for ch in "\u202e\u200b\ufeff")


def test_next_patient_closing_and_new_handout_start_clean(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    handout = window.open_handout()
    qtbot.waitUntil(lambda: handout.panel.rendered is not None, timeout=10000)
    _type_details(qtbot, handout, "Rest well.")
    panel = handout.panel

    def clean() -> bool:
        return panel.fields["patient"].text() == "" and panel.note.toPlainText() == ""

    handout.action("actionNextPatient").trigger()
    assert clean() and panel.date.date() == QDate.currentDate()
    assert panel.fields["clinic"].text() == "Riverside Clinic", "the clinic's details stay"
    assert panel.fields["phone"].text() == "0123 456 789"
    _type_details(qtbot, handout, "Rest well.")
    handout.close()
    again = window.open_handout()
    assert again is handout and clean()
    _type_details(qtbot, handout, "Rest well.")
    window.action("actionHandout").trigger()
    assert clean(), "New Handout is a new patient"
    assert panel.fields["clinician"].text() == "Dr Ana-Lucía Ng"


def test_the_preview_shows_the_page_where_the_field_prints(qtbot: QtBot,
                                                          handout: HandoutWindow) -> None:
    panel = handout.panel
    _settle(qtbot, panel)
    bar = panel.preview.verticalScrollBar()
    assert bar.value() == 0
    panel.note.setFocus()
    qtbot.waitUntil(lambda: panel.focus_field == "note", timeout=10000)
    qtbot.keyClicks(panel.note, "Rest well.")
    _settle(qtbot, panel)
    page = panel.rendered.field_pages["note"]
    assert page == panel.rendered.pages, "the details are on the last page"
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=10000)
    heights = [i.height() for i in panel.preview.images[:page - 1]]
    assert bar.value() >= sum(heights) * panel.preview._pages.scale * 0.9


def test_the_reading_meter_says_when_there_is_nothing_to_measure(
        qtbot: QtBot, handout: HandoutWindow) -> None:
    panel = handout.panel
    for i in range(panel.sections.count()):
        panel.sections.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert panel.grade.text() == "Nothing to measure: no section is ticked."
    assert "choose at least one section" in panel.glyphs.text()
    assert not handout.action("actionPrint").isEnabled()


def test_only_handouts_are_offered_and_every_one_prints_all_details(
        handout: HandoutWindow) -> None:
    panel = handout.panel
    assert {layout.purpose for layout in panel.layouts} == {"handout"}
    for layout in panel.layouts:
        assert layout.detail_fields == {"clinic", "clinician", "phone", "patient", "date",
                                        "note"}, layout.name


def test_everything_needed_fits_a_1280_by_800_window(qtbot: QtBot,
                                                     handout: HandoutWindow) -> None:
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QScrollArea

    handout.resize(1280, 800)
    qtbot.wait(100)
    panel = handout.panel
    form = panel.findChild(QScrollArea, "handoutForm")
    view = QRect(form.viewport().mapTo(handout, QPoint(0, 0)), form.viewport().size())
    for widget in (*panel.fields.values(), panel.date, panel.note, panel.grade,
                   panel.large_print, panel.layout_list):
        rect = QRect(widget.mapTo(handout, QPoint(0, 0)), widget.size())
        assert view.contains(rect), widget.objectName()
    preview = QRect(panel.preview.mapTo(handout, QPoint(0, 0)), panel.preview.size())
    assert preview.width() > 500 and preview.bottom() <= handout.height()
