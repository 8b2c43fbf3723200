"""Pages played back (export/page_replay.py): a page drawn before from the same things
is written from its record, and the PDF and everything the export found are what a
fresh export gives, byte for byte, whatever changed in between."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from msgspec.structs import replace

from gutskin_desktop.export import flow_reuse, page_replay
from gutskin_desktop.export.batch import run_batch
from gutskin_desktop.export.render import ExportOptions, Rendered, render
from gutskin_desktop.model.clinic import Clinic
from gutskin_desktop.model.layout import Layout
from gutskin_desktop.model.layout_edit import update_blocks, update_layout
from gutskin_desktop.model.layout_files import open_layout

from .pdfread import BUNDLE, TODAY, page_texts

IDS = list(BUNDLE.content.ids)


@pytest.fixture(autouse=True)
def _on() -> Iterator[None]:
    before = page_replay.set_enabled(True), flow_reuse.set_enabled(True)
    yield
    page_replay.set_enabled(before[0])
    flow_reuse.set_enabled(before[1])


def _options(**kwargs: Any) -> ExportOptions:
    kwargs.setdefault("today", TODAY)
    return ExportOptions(deterministic=True, **kwargs)


def _layout(name: str) -> Layout:
    return open_layout(name, BUNDLE.content)


def _fresh(layout: Layout, options: ExportOptions) -> Rendered:
    """The export with nothing kept from before."""
    page_replay.set_enabled(False)
    flow_reuse.set_enabled(False)
    try:
        return render(layout, BUNDLE, options)
    finally:
        page_replay.set_enabled(True)
        flow_reuse.set_enabled(True)


def _same(got: Rendered, fresh: Rendered) -> None:
    assert got.pdf == fresh.pdf
    assert got.pages == fresh.pages
    assert got.overflows == fresh.overflows
    assert got.small_type == fresh.small_type
    assert got.overlaps == fresh.overlaps
    assert got.field_pages == fresh.field_pages
    assert got.preflight == fresh.preflight


class _Counted:
    """Counts the pages played back, and notes which."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.played = 0
        self.pages: list[int] = []
        real = page_replay.take

        def take(layout: str, page: int, key: Any, start: Any) -> Any:
            record = real(layout, page, key, start)
            if record is not None:
                self.played += 1
                self.pages.append(page)
            return record
        monkeypatch.setattr(page_replay, "take", take)


@pytest.mark.parametrize("name", ["a4-handout", "letter-handout", "large-print",
                                  "presenter-notes", "a3-poster", "a1-poster"])
def test_runs_of_exports_give_what_fresh_exports_give(name: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(monkeypatch)
    layout = _layout(name)
    choices = [_options(fields={"patient": "Zoë Ångström"}),
               _options(fields={"patient": "Sam Lee", "note": "Eat slowly. " * 40}),
               _options(fields={"patient": "Sam Lee"}),
               _options(text="presenter"),
               _options(sections=tuple(IDS[:2])),
               _options(fields={"clinic": "Hill Street", "phone": "0800 123"}),
               _options(fields={"note": "שלום and more"}),
               _options(navigation=False),
               _options(fields={"patient": "Sam Lee"})]
    made = [(o, render(layout, BUNDLE, o)) for o in choices]
    for options, got in made:
        _same(got, _fresh(layout, options))
    assert counted.played > 0  # and pages were played back, not all drawn again


def test_a_batch_plays_back_the_pages_that_are_the_same_in_every_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(monkeypatch)
    rows = tmp_path / "rows.csv"
    with rows.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["patient", "note", "sections"])
        for n in range(6):
            out.writerow([f"Patient {n} Zoë", "Keep a diary." * (n + 1),
                          " ".join(IDS[: 3 + n // 3])])
    layout = _layout("a4-handout")
    result = run_batch(layout, BUNDLE, rows, tmp_path / "out", jobs=1, deterministic=True)
    assert len(result.written) == 6
    assert counted.played >= 6  # pages the same as the row before's
    for n, path in enumerate(sorted(result.written)):
        fields = {"patient": f"Patient {n} Zoë", "note": "Keep a diary." * (n + 1)}
        fresh = _fresh(layout, _options(fields=fields, sections=tuple(IDS[: 3 + n // 3]),
                                        today=None))
        texts = page_texts(path.read_bytes())
        assert texts == page_texts(fresh.pdf)


def test_designer_edits_between_exports_give_fresh_pdfs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(monkeypatch)
    layout = _layout("a4-handout")
    title = next(b for b in layout.blocks if b.id == "title")
    style = msgspec.to_builtins(title.style)
    edits = [layout,
             update_blocks(layout, {"title": {"style": {**style, "font_size": 30.0}}}),
             update_blocks(layout, {"title": {"text": "Gut and skin"}}),
             update_blocks(layout, {"diagram": {"page": 2, "wrap": True}}),
             update_layout(layout, {"theme": "warm-serif"}),
             update_blocks(layout, {"footer": {"y_mm": next(
                 b for b in layout.blocks if b.id == "footer").y_mm - 4}}),
             layout]
    options = _options(fields={"patient": "Sam Lee"})
    made = [(edited, render(edited, BUNDLE, options)) for edited in edits]
    for edited, got in made:
        _same(got, _fresh(edited, options))
    assert counted.played > 0


def test_another_clinic_or_day_draws_the_pages_again(monkeypatch: pytest.MonkeyPatch) -> None:
    layout = _layout("a4-handout")
    first = render(layout, BUNDLE, _options())
    clinic = Clinic()
    other = replace(clinic, profile=msgspec.structs.replace(clinic.profile,
                                                            date_format="iso"))
    for options in (_options(clinic=other), _options(today=TODAY.replace(day=1))):
        got = render(layout, BUNDLE, options)
        _same(got, _fresh(layout, options))
        assert got.pdf != first.pdf


def test_pages_with_pictures_are_drawn_every_time(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A picture's file may change between exports: its page is never played back."""
    counted = _Counted(monkeypatch)
    layout = _layout("a4-handout")
    image = {"type": "image", "id": "logo", "page": 1, "x_mm": 150, "y_mm": 250,
             "w_mm": 30, "h_mm": 20, "path": "images/gutskin-logo.png"}
    data = msgspec.to_builtins(layout)
    data["blocks"] = [*data["blocks"], image]
    from gutskin_desktop.model.layout_edit import rebuild

    pictured = rebuild(layout, data)
    for _ in range(3):
        render(pictured, BUNDLE, _options())
    assert counted.pages and 1 not in counted.pages  # others played back, not the picture's


def test_what_a_block_left_out_is_said_for_a_page_played_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A QR code with no room for itself is left out and said so: on every export."""
    from gutskin_desktop.model.layout_edit import rebuild

    counted = _Counted(monkeypatch)
    layout = _layout("a4-handout")
    data = msgspec.to_builtins(layout)
    data["blocks"] = [*data["blocks"], {"type": "qr", "id": "qr", "page": 2, "x_mm": 150,
                                        "y_mm": 270, "w_mm": 40, "h_mm": 8,
                                        "url": "https://example.org/"}]
    cramped = rebuild(layout, data)
    runs = [render(cramped, BUNDLE, _options(fields={"patient": f"P{n}"})) for n in range(3)]
    assert 2 in counted.pages
    notes = [[str(o) for o in r.overflows if o.block == "qr"] for r in runs]
    assert notes[0] and notes[0] == notes[1] == notes[2]
    _same(runs[-1], _fresh(cramped, _options(fields={"patient": "P2"})))
