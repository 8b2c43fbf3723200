"""Batch handouts: one personalised PDF per row of a CSV file, without Qt.

Columns map to the detail fields (clinic, clinician, phone, patient, date, note) and an
optional ``sections`` column (ids separated by commas, semicolons or spaces). A bad row is
reported as ``row N: reason`` (N as a spreadsheet numbers it, the header being row 1)
and skipped; the other rows are still made.

The CSV is read as spreadsheets save it: UTF-8 with or without a byte order mark, or
UTF-16 by its byte order mark (anything else is refused with the line and a hint, never
guessed), with commas, semicolons or tabs between cells. A row with too few or too many
cells is a bad row; an unclosed quote, a column named twice or a file over 20 MB refuses
the whole file. The file must be a regular file (not a named pipe or a device).

The first PDF that cannot be written into the output folder stops the batch: before any
was written, as a SaveError; after, as one failure saying how many rows were not made.
Ctrl+C (KeyboardInterrupt) stops it too, and the partial result comes back with
``interrupted`` set.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from msgspec.structs import replace

from ..model.bundle import Bundle
from ..model.clinic import Clinic
from ..model.errors import LoadError
from ..model.files import read_regular
from ..model.handout_checks import field_problems, invisible, name_chars
from ..model.layout import DETAIL_FIELDS, Layout
from ..model.storage import SaveError, write_atomic
from .export_errors import ExportError
from .render import ExportOptions, check_details, check_options, render

MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
COLUMNS = (*DETAIL_FIELDS, "sections")
DELIMITERS = (",", ";", "\t")
MIN_POOL_ROWS = 8  # fewer rows are made in this process: starting workers costs more
SAVE_HINT = 'save the file as "CSV UTF-8" and try again'


class RowError(Exception):
    """A row that cannot become a handout."""


class Row(dict[str, str]):
    """One data row of the CSV by (lower-cased) column name, and where it is in the file.

    ``number`` is the row as a spreadsheet numbers it (the header is row 1; a cell that
    spans lines is still one row), ``line`` the line of the file it starts on, and
    ``problem`` why the row cannot become a handout ("" when it can).
    """

    def __init__(self, cells: dict[str, str], number: int, line: int,
                 problem: str = "") -> None:
        super().__init__(cells)
        self.number, self.line, self.problem = number, line, problem


@dataclass
class BatchResult:
    """What a batch made, and what it could not."""

    written: list[Path] = field(default_factory=list)
    failures: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    unused_columns: list[str] = field(default_factory=list)
    cancelled: bool = False
    interrupted: bool = False  # stopped by Ctrl+C (KeyboardInterrupt) between rows


def read_rows(path: str | Path) -> tuple[list[str], list[Row]]:
    """The CSV's header (lower-cased) and its non-blank rows; LoadError for a file that
    cannot be used as a whole.

    The file is UTF-8 (with or without a byte order mark) or UTF-16 or UTF-32 with one;
    anything else is refused, never guessed. Cells are separated by commas, semicolons or
    tabs, whichever the header line uses. An unclosed quote, a column named twice or a
    file over 20 MB refuses the file; a row with too few or too many cells comes back
    with its ``problem`` set, so that the other rows can still be made.
    """
    text = _decode(path, _read_bytes(path))
    lines = list(io.StringIO(text, newline=""))
    if not any(line.strip() for line in lines):
        raise LoadError(path, "", "the file is empty")
    delimiter = _delimiter(lines[0])
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[Row] = []
    number, start = 0, 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _quote_error(path, lines, start, reader.line_num, delimiter, exc) from None
        number += 1
        if header is None:
            header = _header(path, cells)
        elif any(cell.strip() for cell in cells):
            if len(rows) == MAX_ROWS:
                raise LoadError(path, "", f"more than {MAX_ROWS} rows")
            problem = ""
            if len(cells) != len(header):
                opened = _scan(lines, start, delimiter).spans_from
                if opened:
                    raise LoadError(path, f"line {opened}", (
                        f"a quoted cell runs from here to line {reader.line_num} and leaves "
                        f"row {number} with {_cells(len(cells))}, the header has "
                        f"{len(header)}; is a closing quote missing?"))
                problem = f"has {_cells(len(cells))}, the header has {len(header)}"
                if start != number:
                    problem += f" (line {start} of the file)"
            rows.append(Row(dict(zip(header, cells, strict=False)), number, start, problem))
        start = reader.line_num + 1
    return header or [], rows


def _cells(count: int) -> str:
    return "1 cell" if count == 1 else f"{count} cells"


def _read_bytes(path: str | Path) -> bytes:
    """The file's bytes (:func:`~..model.files.read_regular`): a regular file only (a
    named pipe or a device such as /dev/zero is refused before it is read), refused as
    soon as there are more than MAX_CSV_BYTES of them."""
    return read_regular(path, MAX_CSV_BYTES)


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # .xlsx/.ods, .xls
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _decode(path: str | Path, data: bytes) -> str:
    """The text of the file: by its byte order mark, else UTF-8; never guessed."""
    if data.startswith(_WORKBOOKS):
        raise LoadError(path, "", f"this is a spreadsheet workbook, not a CSV file; {SAVE_HINT}")
    encoding, bom = "utf-8", b""
    for mark, name in _BOMS:
        if data.startswith(mark):
            encoding, bom = name, mark
            break
    body = data[len(bom):]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        before = body[:exc.start].decode(encoding, errors="replace")
        line = len(_LINE_BREAK.findall(before)) + 1
        column = len(_LINE_BREAK.split(before)[-1]) + 1
        if encoding == "utf-8":
            reason = (f"byte 0x{body[exc.start]:02X} at character {column} is not UTF-8; "
                      f"{SAVE_HINT}")
        else:
            reason = (f"character {column} is not valid {encoding[:6].upper()} text "
                      f"(the file starts with a {encoding[:6].upper()} byte order mark); "
                      f"{SAVE_HINT}")
        raise LoadError(path, f"line {line}", reason) from None
    if "\0" in text:
        before = text[:text.index("\0")]
        line = len(_LINE_BREAK.findall(before)) + 1
        raise LoadError(path, f"line {line}", "holds a NUL character, which a CSV file "
                        f"never has (is it UTF-16 without a byte order mark?); {SAVE_HINT}")
    return text


def _delimiter(first_line: str) -> str:
    """The separator the header line uses: the one that splits it into the most known
    columns, then into the most cells; a comma when nothing tells them apart."""
    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        names = {c.strip().lstrip("\ufeff").lower() for c in cells}
        return len(names & set(COLUMNS)), len(cells)

    return max(DELIMITERS, key=score)  # max keeps the first of equals: the comma


def _header(path: str | Path, cells: list[str]) -> list[str]:
    """The column names, lower-cased; LoadError if none is known or one we use is
    named twice (which of the two would print?)."""
    header = [c.strip().lstrip("\ufeff").strip().lower() for c in cells]
    if not set(header) & set(COLUMNS):
        raise LoadError(path, "row 1", "no known column (expected some of "
                                       f"{', '.join(COLUMNS)})")
    for name in COLUMNS:
        where = [_column_letter(i) for i, h in enumerate(header) if h == name]
        if len(where) > 1:
            raise LoadError(path, "row 1", f"the column '{name}' appears "
                            f"{_times(len(where))} (columns {', '.join(where[:-1])} and "
                            f"{where[-1]})")
    return header


def _times(count: int) -> str:
    return {2: "twice", 3: "three times"}.get(count, f"{count} times")


def _column_letter(index: int) -> str:
    """The spreadsheet's name for the column at ``index`` (0: A, 26: AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class _Scan:
    """What the quotes of one record do: the line where a quoted cell that spans lines
    opens (0: none), the line where an unclosed quote opens (0: none), and the line
    where text follows a closing quote (0: none)."""

    spans_from: int = 0
    unclosed_from: int = 0
    text_after_quote: int = 0


def _scan(lines: list[str], start: int, delimiter: str) -> _Scan:
    """Follow the quotes of the record that starts on line ``start`` as csv.reader does
    (a quote opens a cell only at its start; "" inside a quoted cell is a quote)."""
    found = _Scan()
    quoted, after_quote, at_start, opened = False, False, True, 0
    for number in range(start, len(lines) + 1):
        for ch in lines[number - 1]:
            if quoted:
                if ch == '"':
                    quoted, after_quote = False, True
                continue
            if after_quote and ch == '"':  # "" inside a quoted cell
                quoted, after_quote = True, False
                continue
            if ch in "\r\n":
                return found
            if after_quote and ch != delimiter:
                found.text_after_quote = number
                return found
            after_quote = False
            if ch == delimiter:
                at_start = True
            elif at_start and ch == '"':
                quoted, at_start, opened = True, False, number
            else:
                at_start = False
        if not quoted:
            return found
        found.spans_from = found.spans_from or opened
    found.unclosed_from = opened
    return found


def _quote_error(path: str | Path, lines: list[str], start: int, line: int, delimiter: str,
                 exc: csv.Error) -> LoadError:
    """The LoadError for a record csv.reader refused, naming the line to look at."""
    found = _scan(lines, start, delimiter)
    if found.unclosed_from:
        return LoadError(path, f"line {found.unclosed_from}", "a quote opens a cell here and "
                         "is never closed (the rest of the file would be one cell)")
    if found.text_after_quote:
        if found.spans_from and found.spans_from < found.text_after_quote:
            return LoadError(path, f"line {found.spans_from}", "a quote opens a cell here and "
                             f"is not closed before line {found.text_after_quote}; "
                             "is a closing quote missing?")
        return LoadError(path, f"line {found.text_after_quote}", "text follows the closing "
                         "quote of a cell; to put a quote inside a cell, quote the whole "
                         'cell and double the quote ("")')
    if "field larger than field limit" in str(exc):
        return LoadError(path, f"line {line}", f"a cell is longer than "
                         f"{csv.field_size_limit()} characters")
    return LoadError(path, f"line {line}", f"not valid CSV: {exc}")


# Letters that NFKD does not take apart into an ASCII letter and accents, as a file name
# spells them (after casefold, so lower case only; "ß" has already become "ss").
_TRANSLITERATION = str.maketrans({
    "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    "ħ": "h", "ŧ": "t", "ŋ": "ng", "ĸ": "k", "ƒ": "f", "ə": "e", "ǝ": "e", "ɛ": "e",
    "ɔ": "o", "ʒ": "z", "ǥ": "g", "ɨ": "i", "ʉ": "u", "ƀ": "b", "ɓ": "b", "ɗ": "d",
    "ƙ": "k", "ƴ": "y", "ɲ": "n", "ʋ": "v", "ȥ": "z",
    # Greek, simply (accents and diaereses go with NFKD).
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
    # Cyrillic, simply (й and ё lose their marks with NFKD, like и and е).
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "є": "ye",
    "і": "i", "ґ": "g", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz",
    "ѕ": "dz",
})


def slug(text: str) -> str:
    """A safe file-name part: ASCII letters and digits joined by hyphens, at most 40.

    Letters keep their sound where they can: accents go (Zoë: zoe), and letters that
    Unicode does not take apart are spelled out (Łukasz: lukasz, Søren: soren, Straße:
    strasse, Æsa: aesa, Þóra: thora). Greek and Cyrillic are transliterated simply
    (Σοφία: sofia, Юлия: yuliya); other scripts (Arabic, Chinese...) are left out, and a
    name with nothing left makes an empty slug (the caller then uses "handout").
    """
    # NFKD splits off the accents (ǿ: ø and an acute, й: и and a breve); then the table.
    spelled = unicodedata.normalize("NFKD", text.casefold()).translate(_TRANSLITERATION)
    ascii_text = spelled.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:40].strip("-")


def row_options(row: dict[str, str], content_ids: list[str],
                defaults: dict[str, str] | None = None) -> ExportOptions:
    """Export options for one row, or RowError saying what is wrong.

    ``defaults`` fill fields the row leaves empty (the app's remembered clinic details).
    """
    fields: dict[str, str] = {}
    for name in DETAIL_FIELDS:
        value = (row.get(name) or "").strip() or (defaults or {}).get(name, "").strip()
        if value:
            fields[name] = value
    problems = field_problems(fields)
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


def row_job(row: dict[str, str], layout: Layout, content_ids: list[str],
            defaults: dict[str, str] | None, clinic: Clinic | None) -> ExportOptions:
    """A row's export options for this layout and clinic, or RowError for the row's own
    problems (UnprintedFields for details the layout has no place for)."""
    options = row_options(row, content_ids, defaults)
    if clinic is not None:
        options = replace(options, clinic=clinic)
    check_details(layout, options.fields)
    return options


@dataclass(frozen=True)
class RowCheck:
    """One row as the batch will take it: its number, the patient, and what would stop
    it ("" when it is ready)."""

    number: int
    patient: str
    problem: str


def check_rows(layout: Layout, bundle: Bundle, csv_path: str | Path,
               defaults: dict[str, str] | None = None,
               clinic: Clinic | None = None) -> list[RowCheck]:
    """Every row checked before anything is made (cells, sections, details, dates and
    fonts; whether the text fits is only known when each handout is made). A file that
    cannot be read at all raises LoadError."""
    _, rows = read_rows(csv_path)
    out = []
    for row in rows:
        problem = row.problem
        if not problem:
            try:
                check_options(layout, bundle, row_job(row, layout, bundle.content.ids,
                                                      defaults, clinic))
            except (RowError, ExportError) as exc:
                problem = str(exc)
        out.append(RowCheck(row.number, (row.get("patient") or "").strip(), problem))
    return out


def run_batch(layout: Layout, bundle: Bundle, csv_path: str | Path, out_dir: str | Path,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None,
              defaults: dict[str, str] | None = None,
              clinic: Clinic | None = None, jobs: int = 1,
              deterministic: bool = False) -> BatchResult:
    """Make one PDF per row into ``out_dir`` (created if needed), with the clinic's
    advice from ``clinic`` (the shipped starting point when None).

    With ``jobs`` above 1 the rows are made by that many worker processes
    (:mod:`.batch_pool`); the PDFs, their names and the result are the same as with one.
    ``deterministic`` makes each PDF the same bytes for the same input.

    The first PDF the folder will not take stops the batch: a SaveError when none was
    written yet, else one failure for that row saying how many rows were not made.
    Ctrl+C (KeyboardInterrupt) while rows are made stops it with what was made so far
    and ``interrupted`` set; the PDF being written then is whole or not there."""
    header, rows = read_rows(csv_path)
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise SaveError(f"{folder}: is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"{folder}: cannot be created: {exc.strerror}") from None
    result = BatchResult(unused_columns=list(dict.fromkeys(
        h for h in header if h and h not in COLUMNS)))
    job = BatchJob(layout, bundle, folder, defaults, clinic, deterministic)
    if jobs > 1 and len(rows) >= MIN_POOL_ROWS:
        from .batch_pool import run_pool

        run_pool(job, rows, result, jobs, progress, cancelled)
        return result
    for index, row in enumerate(rows, start=1):
        try:
            if cancelled and cancelled():
                result.cancelled = True
                break
            stop = add_outcome(result, job.make(index, row))
            if progress and not stop:
                progress(index, len(rows))
        except KeyboardInterrupt:
            result.interrupted = True
            break
        if stop:
            stopped(result, len(rows) - index)
            break
    return result


def stopped(result: BatchResult, left: int) -> None:
    """Say on the last failure (the PDF the folder would not take) how many rows were
    not made after it."""
    if left:
        number, reason = result.failures[-1]
        rest = "1 row was" if left == 1 else f"{left} rows were"
        result.failures[-1] = (number, f"{reason}; stopped: the other {rest} not made")


@dataclass
class Outcome:
    """What making one row gave: the PDF written (``target``) with its warnings, or why
    the row failed; ``unwritable`` when the folder would not take the PDF."""

    number: int
    target: Path | None = None
    warnings: list[str] = field(default_factory=list)
    failure: str = ""
    unwritable: SaveError | None = None


def add_outcome(result: BatchResult, outcome: Outcome) -> bool:
    """Add a row's outcome to ``result``; True when the batch must stop because the PDF
    could not be written (SaveError, raised when nothing was written yet)."""
    number = outcome.number
    if outcome.unwritable is not None:
        # The folder cannot take this PDF (read-only, full, gone): it would not take
        # the next either, so stop instead of making every other row to fail.
        if not result.written:
            raise outcome.unwritable
        result.failures.append((number, str(outcome.unwritable)))
        return True
    if outcome.target is None:
        result.failures.append((number, outcome.failure))
        return False
    result.written.append(outcome.target)
    result.warnings += [(number, warning) for warning in outcome.warnings]
    return False


@dataclass
class BatchJob:
    """What every row of a batch shares: the layout, content, folder and clinic."""

    layout: Layout
    bundle: Bundle
    folder: Path
    defaults: dict[str, str] | None
    clinic: Clinic | None
    deterministic: bool = False

    def make(self, index: int, row: Row) -> Outcome:
        """Make one row's PDF (written whole, or not at all) and say how it went."""
        made = self.render(index, row)
        return made if isinstance(made, Outcome) else made.write()

    def render(self, index: int, row: Row) -> Outcome | Made:
        """One row's PDF, ready to write, or the outcome of a row that failed."""
        layout, number = self.layout, row.number
        try:
            if row.problem:
                raise RowError(row.problem)
            options = row_job(row, layout, self.bundle.content.ids, self.defaults,
                              self.clinic)
            if self.deterministic:
                options = replace(options, deterministic=True)
            rendered = render(layout, self.bundle, options)
            cut = rendered.details_cut()
            if cut:
                raise RowError("; ".join(map(str, cut)))
            warnings = [str(o) for o in
                        [*rendered.overflows, *rendered.overlaps, *rendered.small_type]]
            warnings += [f"{name}: invisible characters left out: {name_chars(chars)}"
                         for name, value in options.fields.items()
                         if (chars := invisible(value))]
            return Made(number, self.folder / file_name(index, row), rendered.pdf, warnings)
        except (RowError, ExportError) as exc:
            return Outcome(number, failure=str(exc))


@dataclass
class Made:
    """A row's PDF made, not yet written: where it goes and what was found."""

    number: int
    target: Path
    pdf: bytes
    warnings: list[str]

    def write(self) -> Outcome:
        """Write the PDF atomically (whole or not at all) and say how it went."""
        try:
            write_atomic(self.target, self.pdf)
        except SaveError as exc:
            return Outcome(self.number, unwritable=exc)
        return Outcome(self.number, self.target, self.warnings)
