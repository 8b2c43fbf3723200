"""Batch handouts: one personalised PDF per row of a CSV file, without Qt.

Columns map to the detail fields (clinic, clinician, phone, patient, date, note) and an
optional ``sections`` column (ids separated by commas, semicolons or spaces). A bad row is
reported as ``row N: reason`` (N as a spreadsheet numbers it, the header being row 1)
and skipped; the other rows are still made.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model.bundle import Bundle
from ..model.clinic import Clinic
from ..model.errors import LoadError
from ..model.handout import glyph_problems
from ..model.layout import Layout
from ..model.storage import SaveError, write_atomic
from .blocks import FIELD_LABELS
from .render import ExportError, ExportOptions, render

MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
MAX_FIELD = 2_000
COLUMNS = (*FIELD_LABELS, "sections")


class RowError(Exception):
    """A row that cannot become a handout."""


@dataclass
class BatchResult:
    """What a batch made, and what it could not."""

    written: list[Path] = field(default_factory=list)
    failures: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    unused_columns: list[str] = field(default_factory=list)
    cancelled: bool = False


def read_rows(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """The CSV's header (lower-cased) and its rows; LoadError for an unreadable file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise LoadError(path, "", exc.strerror or "cannot be read") from None
    if len(data) > MAX_CSV_BYTES:
        raise LoadError(path, "", "the file is larger than 20 MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise LoadError(path, f"row {reader.line_num}", f"not valid CSV: {exc}") from None
    if not rows:
        raise LoadError(path, "", "the file is empty")
    if len(rows) > MAX_ROWS + 1:
        raise LoadError(path, "", f"more than {MAX_ROWS} rows")
    header = [h.strip().lower() for h in rows[0]]
    if not set(header) & set(COLUMNS):
        raise LoadError(path, "row 1", "no known column (expected some of "
                                       f"{', '.join(COLUMNS)})")
    table = [dict(zip(header, row + [""] * (len(header) - len(row)))) for row in rows[1:]
             if any(cell.strip() for cell in row)]
    return header, table


def slug(text: str) -> str:
    """A safe file-name part: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40]


def row_options(row: dict[str, str], content_ids: list[str],
                defaults: dict[str, str] | None = None) -> ExportOptions:
    """Export options for one row, or RowError saying what is wrong.

    ``defaults`` fill fields the row leaves empty (the app's remembered clinic details).
    """
    fields = {}
    for name in FIELD_LABELS:
        value = (row.get(name) or "").strip() or (defaults or {}).get(name, "").strip()
        if len(value) > MAX_FIELD:
            raise RowError(f"{name}: longer than {MAX_FIELD} characters")
        if value:
            fields[name] = value
    problems = glyph_problems(fields)
    if problems:
        raise RowError("; ".join(problems))
    sections = None
    cell = (row.get("sections") or "").strip()
    if cell:
        ids = [p for p in re.split(r"[,;\s]+", cell) if p]
        unknown = [i for i in ids if i not in content_ids]
        if unknown:
            raise RowError(f"sections: unknown {', '.join(repr(u) for u in unknown)}")
        sections = tuple(dict.fromkeys(ids))
    return ExportOptions(sections=sections, fields=fields)


def file_name(index: int, row: dict[str, str]) -> str:
    """``007-jo-example.pdf``: numbered, so names are unique within a batch."""
    name = slug(row.get("patient") or "") or "handout"
    return f"{index:03d}-{name}.pdf"


def run_batch(layout: Layout, bundle: Bundle, csv_path: str | Path, out_dir: str | Path,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None,
              defaults: dict[str, str] | None = None,
              clinic: Clinic | None = None) -> BatchResult:
    """Make one PDF per row into ``out_dir`` (created if needed), with the clinic's
    advice from ``clinic`` (the shipped starting point when None)."""
    header, rows = read_rows(csv_path)
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise SaveError(f"{folder}: is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"{folder}: cannot be created: {exc.strerror}") from None
    result = BatchResult(unused_columns=[h for h in header if h and h not in COLUMNS])
    ids = bundle.content.ids
    for index, row in enumerate(rows, start=1):
        if cancelled and cancelled():
            result.cancelled = True
            break
        number = index + 1
        try:
            options = row_options(row, ids, defaults)
            if clinic is not None:
                options = replace(options, clinic=clinic)
            rendered = render(layout, bundle, options)
            target = folder / file_name(index, row)
            write_atomic(target, rendered.pdf)
            result.written.append(target)
            result.warnings += [(number, str(o)) for o in
                                [*rendered.overflows, *rendered.small_type]]
        except (RowError, ExportError) as exc:
            result.failures.append((number, str(exc)))
        except SaveError as exc:
            result.failures.append((number, str(exc)))
        if progress:
            progress(index, len(rows))
    return result

