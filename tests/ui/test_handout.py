"""The handout panel driven as a clinician would: sections, details, reading level, print."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import ImageChops, ImageStat
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from gutskin_desktop.model.content import block_sentences
from gutskin_desktop.model.readability import measure, split_sentences
from gutskin_desktop.ui.batch_dialog import BatchCheckDialog
from gutskin_desktop.ui.handout_window import HandoutWindow
from gutskin_desktop.ui.main_window import MainWindow

from .conftest import pdf_document


def _pdf_text(pdf: bytes) -> str:
    import io

    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_thumbnails_are_real_first_pages(qtbot: QtBot, handout: HandoutWindow) -> None:
    panel = handout.panel
    names = [panel.layout_list.item(i).text() for i in range(panel.layout_list.count())]
    assert names == ["A4 handout", "Large print (A4)", "US Letter handout"], \
        "handouts only, by their readable names (posters are made from Export)"
    qtbot.waitUntil(lambda: all(not panel.layout_list.item(i).icon().isNull()
                                for i in range(len(names))), timeout=10000)
    a4 = panel.layout_list.item(names.index("A4 handout")).icon()
    size = a4.availableSizes()[0]
    assert abs(size.height() / size.width() - 297 / 210) < 0.03
    assert panel.current_layout.name == "a4-handout"


def test_preview_follows_typing_and_section_ticks(qtbot: QtBot,
                                                  handout: HandoutWindow) -> None:
    panel = handout.panel
    qtbot.keyClicks(panel.fields["patient"], "Jo Example")
    qtbot.waitUntil(lambda: panel.rendered is not None
                    and "Jo Example" in _pdf_text(panel.rendered.pdf), timeout=10000)
    panel.sections.item(1).setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: "The microbes in your gut" not in _pdf_text(panel.rendered.pdf)
                    .split("Your gut, your brain")[1], timeout=10000)
    assert len(panel.preview.images) == panel.rendered.pages


def test_clinic_is_remembered_patient_and_note_are_never_stored(
        qtbot: QtBot, window: MainWindow, handout: HandoutWindow) -> None:
    panel = handout.panel
    qtbot.keyClicks(panel.fields["clinic"], "Riverside Clinic")
    qtbot.keyClicks(panel.fields["patient"], "Zed Private")
    panel.note.setPlainText("Secret note for Zed")
    handout.close()
    window.handout = None
    again = window.open_handout()
    assert again.panel.fields["clinic"].text() == "Riverside Clinic"
    assert again.panel.fields["patient"].text() == ""
    from gutskin_desktop.ui.session import settings

    settings().sync()
    for folder in (os.environ["XDG_CONFIG_HOME"], os.environ["XDG_DATA_HOME"]):
        for path in Path(folder).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert b"Zed Private" not in data and b"Secret note" not in data, path


def test_reading_meter_matches_an_independent_count(qtbot: QtBot,
                                                    handout: HandoutWindow) -> None:
    panel = handout.panel
    content = panel.bundle.content
    sentences = [s for sec in content.sections for s in block_sentences(sec.patient)]
    grade = measure(sentences).grade
    assert f"Grade {max(0, grade):.1f}" in panel.grade.text()
    assert "easy to follow" in panel.grade.text()
    hard = ("Notwithstanding considerable interindividual variability, gastrointestinal "
            "inflammatory manifestations necessitate comprehensive multidisciplinary "
            "evaluation.")
    panel.note.setPlainText(hard)
    note_grade = measure(split_sentences(hard)).grade
    assert f"Note: grade {note_grade:.1f} (above grade 8)" in panel.note_grade.text()
    assert "Notwithstanding" in panel.hardest.text()


def test_large_print_in_one_click_keeps_every_choice(qtbot: QtBot,
                                                     handout: HandoutWindow) -> None:
    panel = handout.panel
    qtbot.keyClicks(panel.fields["clinician"], "Dr Okafor")
    panel.sections.item(3).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(panel.large_print, Qt.MouseButton.LeftButton)
    assert panel.current_layout.name == "large-print"
    assert panel.fields["clinician"].text() == "Dr Okafor"
    assert "inflammation" not in panel.chosen_sections()
    qtbot.waitUntil(lambda: panel.rendered is not None and panel.rendered.pages >= 3
                    and "Dr Okafor" in _pdf_text(panel.rendered.pdf), timeout=10000)


def test_glyph_check_blocks_export_naming_field_and_characters(
        qtbot: QtBot, handout: HandoutWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = handout.panel
    panel.fields["patient"].setText("Jo \U0001F9A0")
    panel.note.setPlainText("\u65e5\u672c")
    text = panel.glyphs.toolTip()
    assert "Patient name" in text and "U+1F9A0" in text and "Note" in text and "U+65E5" in text
    assert "U+1F9A0" in panel.messages["patient"].text(), "said beside the field"
    assert "U+65E5" in panel.messages["note"].text()
    assert not handout.action("actionSavePdf").isEnabled()
    assert not handout.action("actionPrint").isEnabled()
    panel.fields["patient"].setText("Jo")
    panel.note.clear()
    assert handout.action("actionSavePdf").isEnabled()


def test_print_sends_the_exact_pages_at_full_size(qtbot: QtBot, handout: HandoutWindow,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        from PySide6.QtPrintSupport import QPrinter
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        dialog.printer().setResolution(150)
        return QPrintDialog.DialogCode.Accepted
    monkeypatch.setattr(QPrintDialog, "exec", accept)
    assert handout.action("actionPrint").shortcut().toString() == "Ctrl+P"
    handout.action("actionPrint").trigger()
    qtbot.waitUntil(lambda: handout.printed_pages > 0, timeout=20000)
    handout.session.renders.wait()
    original = handout.panel.request().render().pdf
    printed = PdfReader(out)
    assert len(printed.pages) == len(PdfReader(__import__("io").BytesIO(original)).pages)
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1
    scale = 150 / 72  # the printer's own pixel grid: no resampling blurs the comparison
    for index in range(len(printed.pages)):
        with pdf_document(original) as first, pdf_document(out) as second:
            a = first[index].render(scale=scale).to_pil().convert("RGB")
            b = second[index].render(scale=scale).to_pil().convert("RGB")
        b = b.resize(a.size)
        assert max(ImageStat.Stat(ImageChops.difference(a, b)).mean) < 8, index


def test_batch_from_the_app_with_progress(qtbot: QtBot, handout: HandoutWindow,
                                          tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    csv_path = tmp_path / "day.csv"
    csv_path.write_text("patient,note,sections\nAna,Rest well.,overview\n"
                        "Bo \U0001F9A0,,\nCy,,\"overview,liver\"\nDee,,\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(csv_path), "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(out)))
    messages = []
    for name in ("warning", "information"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a: messages.append(a[2])))
    checked = []

    def look_and_go(dialog: BatchCheckDialog) -> int:
        table = dialog.table
        checked.append([[table.item(r, c).text() for c in range(3)]
                        for r in range(table.rowCount())])
        assert dialog.go.text() == "Choose a folder and make 2 handouts"
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(BatchCheckDialog, "exec", look_and_go)
    results = []
    handout.batch_finished.connect(results.append)
    handout.panel.fields["clinic"].setText("Riverside Clinic")
    handout.action("actionBatch").trigger()
    qtbot.waitUntil(lambda: bool(checked), timeout=10000)  # the rows are checked off the GUI
    assert checked[0][0] == ["2", "Ana", "ready"]
    assert checked[0][1][:2] == ["3", "Bo \U0001F9A0"] and "U+1F9A0" in checked[0][1][2]
    assert checked[0][2][2] == "sections: unknown 'liver'"
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    names = sorted(p.name for p in out.glob("*.pdf"))
    assert names == ["001-ana.pdf", "004-dee.pdf"]
    assert "row 3:" in messages[0] and "row 4:" in messages[0]
    assert "Riverside Clinic" in _pdf_text((out / "001-ana.pdf").read_bytes())
    assert re.search(r"Made 2 handouts", messages[0])
    assert [p.name for p in results[0].written] == names, "the result reaches the window"


def test_batch_can_be_cancelled(qtbot: QtBot, handout: HandoutWindow, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QProgressDialog

    csv_path = tmp_path / "many.csv"
    csv_path.write_text("patient\n" + "".join(f"P{n}\n" for n in range(200)), encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(csv_path), "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(out)))
    messages = []
    for name in ("warning", "information"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a: messages.append(a[2])))
    monkeypatch.setattr(BatchCheckDialog, "exec", lambda d: QDialog.DialogCode.Accepted)
    results = []
    handout.batch_finished.connect(results.append)
    handout.action("actionBatch").trigger()
    qtbot.waitUntil(lambda: handout.findChild(QProgressDialog, "batchProgress") is not None,
                    timeout=10000)
    progress = handout.findChild(QProgressDialog, "batchProgress")
    qtbot.waitUntil(lambda: progress.value() >= 2, timeout=10000)
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=20000)
    result = results[0]
    assert result.cancelled
    assert 2 <= len(result.written) < 200
    assert "cancelled" in messages[0]
    assert sorted(out.iterdir()) == sorted(result.written), "no half-written file is left"
    assert all(len(PdfReader(p).pages) >= 1 for p in result.written)


def test_closing_the_window_stops_a_batch(qtbot: QtBot, handout: HandoutWindow,
                                          tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QProgressDialog

    csv_path = tmp_path / "many.csv"
    csv_path.write_text("patient\n" + "".join(f"P{n}\n" for n in range(200)), encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(csv_path), "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(out)))
    monkeypatch.setattr(BatchCheckDialog, "exec", lambda d: QDialog.DialogCode.Accepted)
    results: list[object] = []
    handout.batch_finished.connect(results.append)
    handout.action("actionBatch").trigger()
    qtbot.waitUntil(lambda: handout.findChild(QProgressDialog, "batchProgress") is not None,
                    timeout=10000)
    progress = handout.findChild(QProgressDialog, "batchProgress")
    qtbot.waitUntil(lambda: progress.value() >= 1, timeout=10000)
    handout.close()
    assert not handout.session.renders.busy()
    handout.session.renders.wait()
    qtbot.wait(50)
    made = sorted(out.iterdir())
    assert results == [] and 1 <= len(made) < 200, "stopped between rows, nothing said"
    assert all(p.suffix == ".pdf" and len(PdfReader(p).pages) >= 1 for p in made)
