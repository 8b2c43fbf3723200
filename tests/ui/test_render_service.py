"""The one render service: newer jobs supersede older ones, any job can be cancelled,
results and errors come back on the GUI thread, and nothing renders on the GUI thread."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QObject
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from gutskin_desktop.export.export_errors import SectionChoiceError
from gutskin_desktop.export.render import ExportOptions, Rendered, render
from gutskin_desktop.export.tiling import TileError, tile_layout
from gutskin_desktop.model import layout_edit
from gutskin_desktop.model.bundle import Bundle, load_bundle
from gutskin_desktop.model.clinic import Clinic
from gutskin_desktop.model.layout import Layout, load_layout
from gutskin_desktop.model.layout_files import resolve_layout
from gutskin_desktop.ui import render_jobs
from gutskin_desktop.ui.batch_dialog import BatchRequest
from gutskin_desktop.ui.designer.window import DesignerWindow
from gutskin_desktop.ui.handout_window import HandoutWindow
from gutskin_desktop.ui.render_jobs import gui_message
from gutskin_desktop.ui.render_service import CancelToken, RenderService

MAIN = threading.main_thread


@pytest.fixture
def service(qapp: object) -> Iterator[RenderService]:
    renders = RenderService()
    yield renders
    renders.cancel_all()
    renders.wait()


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle()


def _layout(bundle: Bundle, name: str = "a4-handout") -> Layout:
    return load_layout(resolve_layout(name), bundle.content)


def _gated(started: threading.Event, gate: threading.Event, value: str,
           log: list[str]) -> Callable[[CancelToken], str]:
    """Work that says it started, waits for the gate, then checks its token."""
    def work(token: CancelToken) -> str:
        log.append(f"{value} started")
        started.set()
        gate.wait(10)
        log.append(f"{value} ended")
        token.check()
        return value
    return work


def test_a_newer_job_supersedes_an_older_one_of_its_kind(qtbot: QtBot,
                                                        service: RenderService) -> None:
    done: list[str] = []
    log: list[str] = []
    started, gate = threading.Event(), threading.Event()
    service.submit("preview", _gated(started, gate, "old", log), done.append)
    assert started.wait(10)
    service.submit("preview", lambda token: (log.append("new ran"), "new")[1], done.append)
    service.submit("other", lambda token: "other kind", done.append)
    qtbot.waitUntil(lambda: "other kind" in done, timeout=10000)
    assert "new ran" not in log, "one job of a kind at a time: the newer waits"
    gate.set()
    qtbot.waitUntil(lambda: not service.busy(), timeout=10000)
    assert sorted(done) == ["new", "other kind"], "the superseded job calls nothing back"
    assert log.index("old ended") < log.index("new ran")


def test_only_the_newest_waiting_job_runs(qtbot: QtBot, service: RenderService) -> None:
    done: list[str] = []
    started, gate = threading.Event(), threading.Event()
    service.submit("preview", _gated(started, gate, "first", []), done.append)
    assert started.wait(10)
    ran: list[str] = []
    for name in ("second", "third", "fourth"):
        service.submit("preview", lambda token, n=name: (ran.append(n), n)[1], done.append)
    gate.set()
    qtbot.waitUntil(lambda: not service.busy(), timeout=10000)
    assert ran == ["fourth"] and done == ["fourth"]


def test_a_cancelled_job_stops_at_its_check_and_calls_nothing_back(
        qtbot: QtBot, service: RenderService) -> None:
    calls: list[object] = []
    log: list[str] = []
    started, gate = threading.Event(), threading.Event()
    service.submit("export", _gated(started, gate, "x", log), calls.append, calls.append)
    assert started.wait(10) and service.busy("export")
    service.cancel("export")
    assert not service.busy("export")
    gate.set()
    assert service.wait()
    qtbot.wait(50)
    assert log == ["x started", "x ended"] and calls == []


def test_results_and_errors_come_back_on_the_gui_thread(qtbot: QtBot,
                                                      service: RenderService) -> None:
    seen: dict[str, threading.Thread] = {}

    def work(token: CancelToken) -> int:
        seen["work"] = threading.current_thread()
        return 7

    def fail(token: CancelToken) -> int:
        raise ValueError("the block 'title' could not be drawn")

    results: list[int] = []
    errors: list[Exception] = []

    def on_done(value: int) -> None:
        seen["done"] = threading.current_thread()
        results.append(value)

    def on_error(error: Exception) -> None:
        seen["error"] = threading.current_thread()
        errors.append(error)

    service.submit("a", work, on_done)
    service.submit("b", fail, on_done, on_error)
    qtbot.waitUntil(lambda: bool(results) and bool(errors), timeout=10000)
    assert results == [7] and "could not be drawn" in str(errors[0])
    assert seen["work"] is not MAIN()
    assert seen["done"] is MAIN() and seen["error"] is MAIN()


def test_progress_arrives_on_the_gui_thread(qtbot: QtBot, service: RenderService) -> None:
    steps: list[tuple[object, threading.Thread]] = []

    def work(token: CancelToken) -> str:
        for n in range(3):
            token.report(n)
        return "done"

    done: list[str] = []
    service.submit("batch", work, done.append,
                   on_progress=lambda n: steps.append((n, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    assert [n for n, _ in steps] == [0, 1, 2]
    assert all(thread is MAIN() for _, thread in steps)


def test_nothing_is_called_back_once_the_owner_is_deleted(qtbot: QtBot,
                                                          service: RenderService) -> None:
    calls: list[object] = []
    started, gate = threading.Event(), threading.Event()
    owner = QObject()
    job = service.submit("preview", _gated(started, gate, "x", []), calls.append,
                         calls.append, owner=owner)
    assert started.wait(10)
    owner.deleteLater()
    qtbot.waitUntil(lambda: job.cancelled, timeout=10000)
    gate.set()
    assert service.wait()
    qtbot.wait(50)
    assert calls == [] and not service.busy()


def _batch(tmp_path: Path, bundle: Bundle, rows: int) -> tuple[BatchRequest, str, Path]:
    csv_path = tmp_path / "day.csv"
    csv_path.write_text("patient\n" + "".join(f"P{n}\n" for n in range(rows)),
                        encoding="utf-8")
    request = BatchRequest(_layout(bundle), bundle, (("clinic", "Riverside Clinic"),),
                           Clinic())
    return request, str(csv_path), tmp_path / "out"


def test_a_stopped_batch_ends_between_rows_and_leaves_only_whole_pdfs(
        qtbot: QtBot, service: RenderService, bundle: Bundle, tmp_path: Path) -> None:
    request, csv_path, out = _batch(tmp_path, bundle, 60)
    results = []
    job = service.submit("batch", lambda token: request.run(csv_path, str(out), token),
                         results.append, on_progress=lambda step: job.stop())
    qtbot.waitUntil(lambda: bool(results), timeout=30000)
    result = results[0]
    assert result.cancelled and 1 <= len(result.written) < 60
    assert sorted(out.iterdir()) == sorted(result.written), "no half-written file"
    for pdf in result.written:
        assert "Riverside Clinic" in PdfReader(pdf).pages[-1].extract_text()


def test_a_cancelled_batch_stops_and_reports_nothing(
        qtbot: QtBot, service: RenderService, bundle: Bundle, tmp_path: Path) -> None:
    request, csv_path, out = _batch(tmp_path, bundle, 60)
    calls: list[object] = []
    steps: list[object] = []

    def step(value: object) -> None:
        steps.append(value)
        service.cancel("batch")
    service.submit("batch", lambda token: request.run(csv_path, str(out), token),
                   calls.append, calls.append, on_progress=step)
    qtbot.waitUntil(lambda: bool(steps), timeout=30000)
    assert service.wait(30000)
    qtbot.wait(50)
    assert calls == [] and len(steps) == 1, "cancelled: no more progress, no result"
    made = sorted(out.iterdir())
    assert 1 <= len(made) < 60
    assert all(p.suffix == ".pdf" and len(PdfReader(p).pages) >= 1 for p in made)


# -- nothing renders on the GUI thread -------------------------------------------------


def _record_render_threads(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """Make every render through a request note the thread it ran in."""
    threads: list[threading.Thread] = []

    def recording(layout: Layout, bundle: Bundle,
                  options: ExportOptions | None = None) -> Rendered:
        threads.append(threading.current_thread())
        return render(layout, bundle, options)
    monkeypatch.setattr(render_jobs, "render", recording)
    return threads


def test_the_designers_export_renders_off_the_gui_thread(
        qtbot: QtBot, designer: DesignerWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    threads = _record_render_threads(monkeypatch)
    out = tmp_path / "designed.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PDF (*.pdf)")))
    designer.action("actionExportPdf").trigger()
    assert not out.exists(), "Export returns before the PDF is made"
    # the file is moved into place whole, so once it is there the export is done (a
    # preview that ends later may have put its own line in the status bar since)
    qtbot.waitUntil(out.exists, timeout=15000)
    assert threads and all(thread is not MAIN() for thread in threads)
    layout, session = designer.document.layout, designer.session
    expected = render(layout, session.bundle, ExportOptions(clinic=session.clinic.clinic))
    assert len(PdfReader(out).pages) == expected.pages


def test_the_handouts_print_renders_and_prints_off_the_gui_thread(
        qtbot: QtBot, handout: HandoutWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from gutskin_desktop.ui import handout_window

    threads = _record_render_threads(monkeypatch)
    out = tmp_path / "printed.pdf"
    printed_in: list[threading.Thread] = []
    real_print = handout_window.print_pdf

    def print_pdf(pdf: bytes, printer: QPrinter) -> int:
        printed_in.append(threading.current_thread())
        return real_print(pdf, printer)
    monkeypatch.setattr(handout_window, "print_pdf", print_pdf)

    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        dialog.printer().setResolution(72)
        return QPrintDialog.DialogCode.Accepted
    monkeypatch.setattr(QPrintDialog, "exec", accept)
    handout.action("actionPrint").trigger()
    assert handout.printed_pages == 0, "Print returns before anything is printed"
    qtbot.waitUntil(lambda: handout.printed_pages > 0, timeout=20000)
    assert threads and all(thread is not MAIN() for thread in threads)
    assert printed_in and all(thread is not MAIN() for thread in printed_in)
    assert len(PdfReader(out).pages) == handout.printed_pages


# -- export errors as the window says them ---------------------------------------------


def test_export_errors_name_the_windows_controls(bundle: Bundle) -> None:
    layout = _layout(bundle)
    with pytest.raises(SectionChoiceError) as none_ticked:
        render(layout, bundle, ExportOptions(sections=()))
    assert gui_message(none_ticked.value) == "Tick at least one section"
    huge = layout_edit.update_page(layout, {"size": "custom", "width_mm": 5000,
                                            "height_mm": 5000})
    with pytest.raises(TileError) as too_many:
        tile_layout(huge, bundle, ExportOptions(), sheet="A4")
    said = gui_message(too_many.value)
    assert "A4 sheets" in said and 'choose "One sheet per page" in Home printer' in said
    with pytest.raises(TileError) as overlap:
        tile_layout(layout, bundle, ExportOptions(), sheet="A4", overlap_mm=60)
    assert gui_message(overlap.value) == ("Overlap between sheets (60 mm): choose between 0 "
                                          "and 50 mm")
    for error in (none_ticked.value, too_many.value, overlap.value):
        assert "--" not in gui_message(error), "no command-line flag in a window"
