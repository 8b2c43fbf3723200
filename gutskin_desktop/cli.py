"""The ``gutskin`` command line: open the app, list and export layouts, check data files.

With no subcommand the app opens (this module imports :mod:`.app` only then, and nothing
imports this module but ``main.py`` and the ``gutskin`` command). ``gutskin layouts``
lists the layouts, ``gutskin export`` writes a PDF, ``gutskin check FILE`` validates a
content, diagram or layout file, ``gutskin preflight FILE.pdf`` checks PDFs against
PDF/X-4 (:mod:`.export.preflight`), ``gutskin install-desktop-entry`` adds the app to the
desktop's applications menu and ``gutskin --version`` says which version this is (without
importing reportlab). None of these import Qt. Bad input exits 2 with one
``error: ...`` line on stderr, and an export that fails leaves no new or changed file
behind. The export's errors speak of the layout; :func:`_worded` names the option that
changes what went wrong (``--sections``, ``--set``, ``--tile``...).

Outputs (``--out``, the PDFs of ``batch``) go only to regular files or new names, never
over one of the job's inputs (the layout, content, diagram, saved diagram, clinic profile
or CSV file, however it is reached: the same name, a hard link or a symbolic link).
Everything printed that comes from a file (names, descriptions, quoted values) passes
through :func:`say`, so that no terminal control character reaches the terminal.
"""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from msgspec.structs import replace

from . import __version__, pattern_cache
from .argparse_import import argparse
from .export.export_errors import ExportError, SectionChoiceError, TileError, UnprintedFields
from .hash_import import import_hashlib
from .model.errors import DataFolderError, LoadError, printable

if TYPE_CHECKING:
    from .export.batch import BatchResult
    from .export.cmyk import OutputProfile
    from .export.measure import SmallType
    from .export.overlap import Overlap
    from .export.preflight import Report
    from .export.render import ExportOptions, Overflow
    from .model.bundle import Bundle
    from .model.clinic import Clinic
    from .model.handout_checks import ReadingReport
    from .model.layout import Layout

EXIT_BAD_INPUT = 2
TILE_OPTIONS = {"sheet": "--tile", "overlap": "--overlap", "margin": "--printer-margin"}
Inputs = list[tuple[str, "str | Path"]]


class UsageError(Exception):
    """A command-line option that cannot be used."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one ``error:`` line and exit status 2, and its help
    as wide as argparse makes it, without importing ``shutil`` (:func:`help_width`)."""

    def error(self, message: str) -> NoReturn:
        say(f"error: {message} (see 'gutskin --help')", err=True)
        raise SystemExit(EXIT_BAD_INPUT)

    def _get_formatter(self) -> argparse.HelpFormatter:
        if self.formatter_class is not argparse.HelpFormatter:  # none of ours
            return super()._get_formatter()
        return argparse.HelpFormatter(prog=self.prog, width=help_width())


def help_width() -> int:
    """The width argparse gives its help: the terminal's columns less two, the columns
    found as ``shutil.get_terminal_size`` finds them (``$COLUMNS``, else the size of the
    terminal on standard output, else 80).

    A speed trick: argparse makes a help formatter for every argument it is given (to
    check the argument's names), and each asks ``shutil`` for the terminal's size;
    importing ``shutil`` (with ``bz2`` and ``lzma``) is about 1.9 ms of a whole ``gutskin
    export`` that prints no help (docs/performance.md, "Speed tricks"). The help reads the same
    (``tests/test_cli.py`` compares it with argparse's own at several widths)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns - 2


def clean(text: object) -> str:
    """Text made safe to print on a terminal: control characters (escape sequences, bell,
    backspace, carriage return, line breaks, bidirectional overrides) are shown escaped,
    as ``\\x1b``, so the output stays one plain line per message."""
    return printable(str(text))


def say(text: object, err: bool = False) -> None:
    """Print one line (on stderr with ``err``), with control characters escaped."""
    print(clean(text), file=sys.stderr if err else sys.stdout)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for every subcommand; with ``command``, one that knows only
    that subcommand (see :func:`parser_for`)."""
    parser = _Parser(prog="gutskin", description="The gut-brain-skin axis explorer.")
    parser.add_argument("--version", action="version", version=f"gutskin {__version__}")
    parser.add_argument("--content", metavar="FILE", help="content file to open")
    parser.add_argument("--diagram", metavar="FILE", help="diagram file to open")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (summary, add_arguments) in _COMMANDS.items():
        if command is None or name == command:
            command_parser = sub.add_parser(name, help=summary)
            if add_arguments is not None:
                add_arguments(command_parser)
    return parser


def parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser ``argv`` needs: only its subcommand's when it names one and asks
    nothing of the top level but ``--content`` or ``--diagram``.

    A speed trick: building all eight subcommands' parsers took 4.1 ms, the export's
    alone 2.4 ms (argparse makes a help formatter for every argument and looks up
    gettext's translations for every parser), about 1% of a whole ``gutskin export``
    (docs/performance.md, "Speed tricks, in one place"). The arguments parse the same, and the
    subcommand's help and errors read the same. Anything else (``--help``,
    ``--version``, no subcommand or an unknown one) gets the whole parser, which lists
    every subcommand."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in ("--content", "--diagram"):
            i += 2
        elif word.startswith(("--content=", "--diagram=")):
            i += 1
        elif word in _COMMANDS:
            return build_parser(word)
        else:
            break
    return build_parser()


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    """``gutskin export``'s arguments."""
    parser.add_argument("--layout", required=True, metavar="NAME|PATH")
    parser.add_argument("--out", required=True, metavar="FILE.pdf")
    parser.add_argument("--sections", metavar="ID,ID", help="the sections to include")
    parser.add_argument("--text", choices=("patient", "presenter"),
                        help="the plain-language patient text or the fuller presenter text")
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        dest="fields", help="fill a detail field (repeatable): clinic, "
                        "clinician, phone, patient, date, note")
    parser.add_argument("--strict", action="store_true",
                        help="treat text that does not fit its block, type under the "
                        "layout's type floor, or a block covering another's text, as an "
                        "error")
    parser.add_argument("--allow-overflow", action="store_true",
                        help="print even when a detail (a long note, say) does not fit "
                        "its place on the page")
    parser.add_argument("--clinic", metavar="FILE",
                        help="the clinic profile to print the clinic's advice from "
                        "(default: the one saved in the app)")
    parser.add_argument("--bleed", type=float, metavar="MM",
                        help="bleed on every side (default: the layout's)")
    parser.add_argument("--crop-marks", action="store_true",
                        help="crop marks 3 mm or more outside the trim, for a print shop "
                             "(not with --tile)")
    parser.add_argument("--tile", choices=("A4", "letter"), type=_sheet,
                        help="print at 100%% across A4 or US Letter sheets to tape together")
    parser.add_argument("--overlap", type=float, default=10.0, metavar="MM",
                        help="overlap between tiled sheets (default 10)")
    parser.add_argument("--printer-margin", type=float, default=5.0, metavar="MM",
                        help="edge a home printer cannot print (default 5)")
    parser.add_argument("--pdfx", action="store_true",
                        help="PDF/X-4 for a print shop: CMYK through an output profile, "
                        "small dark text in black only, checked by the preflight")
    parser.add_argument("--output-profile", metavar="FILE.icc",
                        help="the print shop's CMYK output profile for --pdfx (implies it; "
                        "default: the app's own, FOGRA39 coated offset)")
    parser.add_argument("--deterministic", action="store_true",
                        help="byte-identical output for the same input (for tests)")


def _batch_arguments(parser: argparse.ArgumentParser) -> None:
    """``gutskin batch``'s arguments."""
    parser.add_argument("--layout", required=True, metavar="NAME|PATH")
    parser.add_argument("--csv", required=True, metavar="FILE",
                       help="columns: clinic, clinician, phone, patient, date, note, sections")
    parser.add_argument("--out-dir", required=True, metavar="DIR")
    parser.add_argument("--clinic", metavar="FILE",
                       help="the clinic profile to print the clinic's advice from")
    parser.add_argument("--jobs", type=_jobs, metavar="N",
                       help="worker processes making the handouts (default: one per core; "
                       "1 makes them in this process)")
    parser.add_argument("--deterministic", action="store_true",
                       help="byte-identical output for the same input (for tests)")


def _export_diagram_arguments(parser: argparse.ArgumentParser) -> None:
    """``gutskin export-diagram``'s arguments."""
    parser.add_argument("--out", required=True, metavar="FILE.svg|FILE.png")
    parser.add_argument("--dpi", type=float, default=150.0, metavar="N",
                       help="resolution of a PNG (default 150)")


def _export_slides_arguments(parser: argparse.ArgumentParser) -> None:
    """``gutskin export-slides``'s arguments."""
    parser.add_argument("--out", metavar="FILE.pdf", help="the slides as one PDF")
    parser.add_argument("--png", metavar="FOLDER", help="each slide as a 1920 x 1080 PNG "
                        "(slide-01.png, ...) in this folder (made if need be)")
    parser.add_argument("--text", choices=("patient", "presenter"), default="patient",
                        help="the diagram's words; presenter also adds the presenter "
                        "notes to the PDF on pages after the slides (never on a slide)")
    parser.add_argument("--deterministic", action="store_true",
                        help="byte-identical output for the same input (for tests)")


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    """``gutskin check``'s arguments."""
    parser.add_argument("files", nargs="+", metavar="FILE")


def _preflight_arguments(parser: argparse.ArgumentParser) -> None:
    """``gutskin preflight``'s arguments."""
    parser.add_argument("files", nargs="+", metavar="FILE.pdf")


def _install_desktop_entry_arguments(parser: argparse.ArgumentParser) -> None:
    """``gutskin install-desktop-entry``'s arguments."""
    parser.add_argument("--uninstall", action="store_true",
                       help="remove it from the menu again")


#: Each subcommand: its line in ``gutskin --help``, and what adds its arguments.
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None] | None]] = {
    "layouts": ("list the layouts: name, page size and description", None),
    "export": ("write a layout as a PDF", _export_arguments),
    "batch": ("one personalised PDF per row of a CSV file", _batch_arguments),
    "export-diagram": ("write the diagram as an SVG or PNG image",
                       _export_diagram_arguments),
    "export-slides": (("write the guided tour as 16:9 slides: a PDF, and PNGs for "
                       "slide software"), _export_slides_arguments),
    "check": ("validate a content, diagram or layout file", _check_arguments),
    "preflight": (("check PDFs against PDF/X-4, as a print shop's preflight does, "
                   "and say what fails where"), _preflight_arguments),
    "install-desktop-entry": (("add the app to your desktop's applications menu, "
                               "with its icon (Linux and other freedesktop desktops)"),
                              _install_desktop_entry_arguments),
}


def _sheet(text: str) -> str:
    """``--tile``'s value as the export names it, in any case (``a4``: ``A4``)."""
    return {"a4": "A4", "letter": "letter"}.get(text.strip().lower(), text)


def parse_fields(pairs: Sequence[str]) -> dict[str, str]:
    """``FIELD=VALUE`` pairs as a dict, refusing unknown fields and missing ``=``."""
    from .model.layout import DETAIL_FIELDS

    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lower()
        if not sep:
            raise UsageError(f"--set {pair!r}: expected FIELD=VALUE")
        if name not in DETAIL_FIELDS:
            raise UsageError(f"--set {pair!r}: unknown field {name!r} "
                             f"(choose from {', '.join(DETAIL_FIELDS)})")
        out[name] = value
    return out


def parse_sections(text: str | None) -> tuple[str, ...] | None:
    """``a,b,c`` as a tuple without blanks or repeats; None when not given."""
    if text is None:
        return None
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise UsageError("--sections: name at least one section")
    return tuple(dict.fromkeys(ids))


def _layouts() -> int:
    """List every layout; warn of one that cannot be read, and go on."""
    from .model.layout_files import each_layout

    for _path, layout in each_layout():
        if isinstance(layout, LoadError):
            say(f"warning: {layout}", err=True)
            continue
        name, size = clean(layout.name), clean(layout.describe_size())
        say(f"{name:<18} {size:<18} {clean(layout.description)}")
    return 0


def _inputs(args: argparse.Namespace) -> Inputs:
    """The files a job reads, as ``(what, path)``: what its output must never replace."""
    from .model.layout_files import resolve_layout
    from .model.paths import CONTENT_FILE, diagram_file, user_diagram_file

    found: Inputs = []
    if getattr(args, "layout", None):
        with suppress(LoadError):  # reading it says why, in its turn
            found.append(("layout file", resolve_layout(args.layout)))
    found += [("content file", args.content or CONTENT_FILE),
              ("saved diagram", user_diagram_file()),
              ("diagram file", args.diagram or diagram_file())]
    if hasattr(args, "clinic"):
        from .model.clinic import clinic_file

        found.append(("clinic profile", args.clinic or clinic_file()))
    if getattr(args, "csv", None):
        found.append(("CSV file", args.csv))
    if getattr(args, "output_profile", None):
        found.append(("output profile", args.output_profile))
    return found


def _check_out(out: str, inputs: Inputs) -> None:
    """Refuse an ``--out`` that cannot be written, or that is one of the inputs."""
    from .model.storage import SaveError, check_target, same_file

    if not out:
        raise UsageError("--out: give a file name")
    try:
        check_target(out)
    except SaveError as exc:
        raise UsageError(f"--out {exc}") from None
    for what, path in inputs:
        if same_file(out, path):
            raise UsageError(f"--out {out}: is the same file as the {what} {path}; "
                             "writing there would destroy it, so choose another name")


def _export(args: argparse.Namespace) -> int:
    """``gutskin export``: write one layout as a PDF (or tiled across sheets)."""
    from .model.storage import guard_inputs

    inputs = _inputs(args)
    with guard_inputs(inputs):
        return _export_guarded(args, inputs)


def _export_guarded(args: argparse.Namespace, inputs: Inputs) -> int:
    """The export, once its inputs are guarded: check every choice, render, then write."""
    from .export import row_cache
    from .export.render import ExportOptions, check_details, render
    from .model.bundle import load_bundle
    from .model.handout_checks import glyph_problems
    from .model.layout_files import open_layout
    from .model.storage import write_atomic

    if args.bleed is not None and not 0 <= args.bleed <= 25:
        raise UsageError(f"--bleed {args.bleed:g}: choose between 0 and 25 mm")
    if args.crop_marks and args.tile:
        raise UsageError("--crop-marks and --tile cannot be used together: crop marks show "
                         "a print shop where to trim one large sheet, and tiled sheets have "
                         "their own cut lines; leave out one of them")
    options = ExportOptions(sections=parse_sections(args.sections), text=args.text,
                            fields=parse_fields(args.fields),
                            deterministic=args.deterministic, bleed_mm=args.bleed,
                            crop_marks=args.crop_marks,
                            pdfx=args.pdfx or args.output_profile is not None,
                            output_profile=_output_profile(args.output_profile))
    problems = glyph_problems(options.fields)
    if problems:
        raise UsageError("--set " + "; ".join(problems))
    _check_out(args.out, inputs)
    bundle = load_bundle(args.content, args.diagram)
    layout = open_layout(args.layout, bundle.content)
    check_details(layout, options.fields)
    _warn_invisible(options.fields)
    options = replace(options, clinic=load_clinic(args.clinic))
    if args.tile:
        return _tile(args, layout, bundle, options)
    kept = row_cache.set_enabled(False)  # one render: nothing is parsed twice (row_cache.py)
    try:
        rendered = render(layout, bundle, options)
    finally:
        row_cache.set_enabled(kept)
    cut = rendered.details_cut()
    if cut and not args.allow_overflow:
        raise UsageError("; ".join(map(str, cut)) + " (shorten it, choose a layout with "
                         "more room, or print it cut off with --allow-overflow)")
    _review_warnings(options.clinic, layout)
    for warning in rendered.preflight:
        say(f"warning: preflight: {warning}", err=True)
    report = _reading(layout, bundle, options)
    say(report.line())
    for warning in report.warnings:
        say(f"warning: {warning}", err=True)
    _text_problems(layout.name, rendered.overflows, rendered.small_type, args.strict,
                   rendered.overlaps)
    checked = _pdfx_checked(rendered.pdf) if options.pdfx else None
    write_atomic(args.out, rendered.pdf)
    pages = "page" if rendered.pages == 1 else "pages"
    say(f"wrote {args.out} ({rendered.pages} {pages}, {layout.name})")
    _pdfx_said(checked)
    return 0


def _output_profile(path: str | None) -> OutputProfile | None:
    """``--output-profile``'s CMYK output profile, read and checked (None when not given)."""
    if path is None:
        return None
    from .export.cmyk import ProfileError, read_profile

    try:
        return read_profile(path)
    except ProfileError as exc:
        raise UsageError(f"--output-profile {exc.path}: {exc.problem}") from None


def _pdfx_checked(pdf: bytes) -> Report:
    """The PDF/X-4 preflight of an export about to be written: one that fails is not
    written (it would claim to be PDF/X and is not)."""
    from .export.preflight import PreflightFailed, require_pdfx

    try:
        return require_pdfx(pdf)
    except PreflightFailed as exc:
        raise UsageError(f"{exc} (nothing was written)") from None


def _pdfx_said(report: Report | None) -> None:
    """Say that the PDF/X-4 preflight passed, and its warnings."""
    if report is None:
        return
    say(report.summary())
    for finding in report.warnings:
        say(f"warning: PDF/X preflight: {finding}", err=True)


def _warn_invisible(fields: dict[str, str]) -> None:
    """Warn of invisible characters in the details, which are left out of the PDF."""
    from .model.handout_checks import invisible, name_chars

    for name, value in fields.items():
        chars = invisible(value)
        if chars:
            say(f"warning: --set {name}: invisible characters left out: "
                f"{name_chars(chars)}", err=True)


def load_clinic(path: str | None) -> Clinic:
    """The clinic profile to print the advice from (``--clinic``, else the user's)."""
    from .model.clinic import load_clinic as load

    return load(path)


def _review_warnings(clinic: Clinic, layout: Layout) -> None:
    """Warn, once the job has worked, when the layout prints the clinic's advice but it is
    still the shipped starting point or nobody at the clinic has reviewed it."""
    from .model.layout import AdviceBlock, SectionsBlock

    if any(isinstance(b, AdviceBlock) or (isinstance(b, SectionsBlock) and "advice" in b.after)
           for b in layout.blocks):
        for problem in clinic.review_problems():
            say(f"warning: {problem}", err=True)


def _text_problems(name: str, overflows: Sequence[Overflow], small: Sequence[SmallType],
                   strict: bool, overlaps: Sequence[Overlap] = ()) -> None:
    """Warn of text that does not fit, is under the type floor or is covered by another
    block; with ``strict``, stop."""
    problems = ([str(o) for o in overflows] + [str(o) for o in overlaps]
                + [str(t) for t in small])
    if problems and strict:
        raise UsageError(f"{name}: " + "; ".join(problems))
    for problem in problems:
        say(f"warning: {name}: {problem}", err=True)


def _tile(args: argparse.Namespace, layout: Layout, bundle: Bundle,
          options: ExportOptions) -> int:
    """Print the layout at 100% across A4 or Letter sheets (``--tile``)."""
    from .export.tiling import tile_layout
    from .model.storage import write_atomic

    tiled = tile_layout(layout, bundle, options, sheet=args.tile, overlap_mm=args.overlap,
                        margin_mm=args.printer_margin)
    _review_warnings(options.clinic, layout)
    _text_problems(layout.name, tiled.overflows, tiled.small_type, args.strict,
                   tiled.overlaps)
    checked = _pdfx_checked(tiled.pdf) if options.pdfx else None
    write_atomic(args.out, tiled.pdf)
    say(f"wrote {args.out} ({tiled.describe()})")
    _pdfx_said(checked)
    return 0


def _reading(layout: Layout, bundle: Bundle, options: ExportOptions) -> ReadingReport:
    """The reading level of what the export prints (the first sections block's text)."""
    from .model.handout_checks import reading_report
    from .model.layout import SectionsBlock

    blocks = [b for b in layout.blocks if isinstance(b, SectionsBlock)]
    kind = options.text or (blocks[0].text if blocks else "patient")
    ids = list(options.sections or bundle.content.ids)
    if options.sections is None and blocks and blocks[0].sections:
        ids = list(blocks[0].sections)
    return reading_report(bundle.content, ids, kind, options.fields.get("note", ""))


class _Progress:
    """A progress bar on the terminal (only when stderr is one), and how far it got."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.done = 0
        self.total = 0
        self.open_line = False

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if not self.live:
            return
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{total}")
        self.open_line = done != total
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def end_line(self) -> None:
        """End a bar left half-way (by Ctrl-C), so the next line starts clean."""
        if self.open_line:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.open_line = False


def _jobs(text: str) -> int:
    """``--jobs N``: a whole number of worker processes, 1 to 64."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= jobs <= 64:
        raise argparse.ArgumentTypeError(f"{jobs}: choose between 1 and 64")
    return jobs


def _batch(args: argparse.Namespace) -> int:
    """``gutskin batch``: one PDF per row of a CSV file."""
    from .export.batch import run_batch
    from .export.batch_pool import default_jobs
    from .model.bundle import load_bundle
    from .model.layout_files import open_layout
    from .model.storage import guard_inputs
    from .ui.collector import settle

    inputs = _inputs(args)
    progress = _Progress()
    with guard_inputs(inputs):
        bundle = load_bundle(args.content, args.diagram)
        layout = open_layout(args.layout, bundle.content)
        clinic = load_clinic(args.clinic)
        _check_out_dir(args.out_dir, args.csv, inputs)
        if not gc.isenabled():  # held off by `gutskin` (_hold_collector): rows go on for
            settle()            # minutes, so their garbage is collected (workers too)
        try:
            with _ctrl_c_between_rows() as asked:
                result = run_batch(layout, bundle, args.csv, args.out_dir, progress=progress,
                                   cancelled=lambda: asked[0], clinic=clinic,
                                   jobs=args.jobs or default_jobs(),
                                   deterministic=args.deterministic)
            if asked[0]:
                result.interrupted = True
        except KeyboardInterrupt:
            progress.end_line()
            rows = f"{progress.done} of {progress.total} rows" if progress.total else \
                "before the first row was done"
            say(f"stopped by Ctrl-C after {rows}; the PDFs made so far are in "
                f"{args.out_dir}")
            return 130
    return _batch_report(args, result, progress, clinic, layout)


def _batch_report(args: argparse.Namespace, result: BatchResult, progress: _Progress,
                  clinic: Clinic, layout: Layout) -> int:
    """Say what a batch made and what it could not; return its exit status."""
    interrupted = result.interrupted
    if interrupted:
        progress.end_line()
    _review_warnings(clinic, layout)
    for column in result.unused_columns:
        say(f"warning: column '{column}' is not used", err=True)
    for number, reason in result.warnings:
        say(f"warning: row {number}: {reason}", err=True)
    for number, reason in result.failures:
        say(f"row {number}: {reason}", err=True)
    failed = f"; {len(result.failures)} rows failed" if result.failures else ""
    stopped = "; stopped by Ctrl-C" if interrupted else ""
    say(f"wrote {len(result.written)} PDFs to {args.out_dir}{failed}{stopped}")
    if interrupted:
        return 130
    return 1 if result.failures else 0


@contextmanager
def _ctrl_c_between_rows() -> Iterator[list[bool]]:
    """Ctrl-C during a batch asks it to stop after the row being made (a KeyboardInterrupt
    in the middle of a row could be caught inside reportlab and become a failed row); the
    old handler is back afterwards. Outside the main thread, nothing changes."""
    import signal
    import threading

    asked = [False]
    if threading.current_thread() is not threading.main_thread():
        yield asked
        return

    def ask(_signum: int, _frame: object) -> None:
        asked[0] = True
    old = signal.signal(signal.SIGINT, ask)
    try:
        yield asked
    finally:
        signal.signal(signal.SIGINT, old)


def _check_out_dir(out_dir: str, csv_path: str, inputs: Inputs) -> None:
    """Refuse a batch that would write one of its PDFs over one of its inputs (the CSV
    kept in the output folder under a name a row's PDF gets, say), before any is made."""
    from .export.batch import file_name, read_rows

    wanted: dict[tuple[int, int], tuple[str, str | Path]] = {}
    for what, path in inputs:
        try:
            status = os.stat(path)
        except (OSError, ValueError):
            continue
        wanted[(status.st_dev, status.st_ino)] = (what, path)
    hits: dict[str, tuple[str, str | Path]] = {}
    try:
        with os.scandir(out_dir) as entries:
            for entry in entries:
                try:
                    status = entry.stat()
                except OSError:
                    continue
                found = wanted.get((status.st_dev, status.st_ino))
                if found:
                    hits[entry.name] = found
    except OSError:
        return  # not a folder yet (the batch makes it) or not one at all (it says so)
    if not hits:
        return
    _, rows = read_rows(csv_path)
    for index, row in enumerate(rows, start=1):
        name = file_name(index, row)
        if name in hits:
            what, path = hits[name]
            raise UsageError(f"--out-dir {out_dir}: row {row.number}'s PDF would be "
                             f"written as {name}, which is the {what} {path}; choose "
                             "another folder")


def _export_diagram(args: argparse.Namespace) -> int:
    """``gutskin export-diagram``: the diagram as an SVG or PNG image."""
    from .export.diagram_image import diagram_png, diagram_svg
    from .model.bundle import load_bundle
    from .model.storage import guard_inputs, write_atomic

    kind = args.out.lower().rsplit(".", 1)[-1]
    if kind not in ("svg", "png"):
        raise UsageError(f"--out {args.out}: name an .svg or .png file")
    if not 10 <= args.dpi <= 1200:
        raise UsageError(f"--dpi {args.dpi:g}: choose between 10 and 1200")
    inputs = _inputs(args)
    _check_out(args.out, inputs)
    with guard_inputs(inputs):
        diagram = load_bundle(args.content, args.diagram).diagram
        try:
            data = diagram_svg(diagram) if kind == "svg" else diagram_png(diagram, args.dpi)
        except ValueError as exc:
            raise UsageError(f"--dpi: {exc}") from None
        write_atomic(args.out, data)
    say(f"wrote {args.out}")
    return 0


def _export_slides(args: argparse.Namespace) -> int:
    """``gutskin export-slides``: the tour as a 16:9 PDF and/or numbered PNGs."""
    from .export.slides import build_deck, deck_pngs, png_names, write_pngs
    from .model.bundle import load_bundle
    from .model.storage import guard_inputs, write_atomic

    if args.out is None and args.png is None:
        raise UsageError("export-slides: give --out FILE.pdf, --png FOLDER or both")
    if args.out is not None and not args.out.lower().endswith(".pdf"):
        raise UsageError(f"--out {args.out}: name a .pdf file (--png FOLDER writes PNGs)")
    inputs = _inputs(args)
    if args.out is not None:
        _check_out(args.out, inputs)
    if args.png is not None:
        _check_png_folder(args.png, inputs)
    with guard_inputs(inputs):
        deck = build_deck(load_bundle(args.content, args.diagram), args.text,
                          deterministic=args.deterministic)
        pngs = deck_pngs(deck) if args.png is not None else []
        if args.out is not None:
            write_atomic(args.out, deck.pdf)
            notes = deck.pages - deck.slides
            extra = f", then {notes} pages of presenter notes" if notes else ""
            say(f"wrote {args.out} ({deck.slides} slides: a title and "
                f"{deck.slides - 1} tour steps{extra})")
        if args.png is not None:
            write_pngs(args.png, dict(zip(png_names(len(pngs)), pngs, strict=True)))
            say(f"wrote {len(pngs)} PNGs (1920 x 1080) to {args.png}")
    return 0


def _check_png_folder(name: str, inputs: Inputs) -> None:
    """Refuse a ``--png`` that is not a folder (or a new one in a folder that exists), or
    whose slides would be written over one of the inputs."""
    folder = Path(name)
    if not name or (folder.exists() and not folder.is_dir()):
        raise UsageError(f"--png {name}: is not a folder")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise UsageError(f"--png {name}: the folder {folder.parent} does not exist")
        return
    for file in sorted(folder.glob("slide-*.png")):  # the names a deck's slides take
        _check_out(str(file), inputs)


def _check(files: list[str]) -> int:
    """``gutskin check``: validate data files; render a layout to say whether it fits."""
    from .model.bundle import check_file, sniff_kind

    for path in files:
        summary = check_file(path)
        if sniff_kind(path) == "layout":
            summary += _layout_fit(path)
        say(summary)
    return 0


def _preflight(files: list[str]) -> int:
    """``gutskin preflight``: check PDFs against PDF/X-4; 1 when any fails."""
    from .export.preflight import describe, preflight

    failed = False
    for path in files:
        report = preflight(path)
        failed = failed or not report.passed
        for line in describe(report):
            say(f"{path}: {line}")
    return 1 if failed else 0


def _layout_fit(path: str) -> str:
    """Render a layout with the shipped content and say whether its text fits, and
    whether any block covers another's text."""
    from .export.render import ExportOptions, render
    from .model.bundle import load_bundle
    from .model.layout import load_layout

    bundle = load_bundle()
    layout = load_layout(path, bundle.content)
    options = ExportOptions()
    if layout.theme == "clinic":  # the user's clinic profile holds the theme's colours
        options = ExportOptions(clinic=load_clinic(None))
    rendered = render(layout, bundle, options)
    for problem in [*rendered.overflows, *rendered.overlaps, *rendered.small_type]:
        say(f"warning: {path}: {problem}", err=True)
    for warning in rendered.preflight:
        say(f"warning: {path}: preflight: {warning}", err=True)
    pages = "page" if rendered.pages == 1 else "pages"
    fit = "text fits" if not rendered.overflows else "some text does not fit"
    size = ("no type under its floor" if not rendered.small_type
            else "some type is under its floor")
    covered = "no blocks overlap" if not rendered.overlaps else "some blocks cover text"
    return f", {rendered.pages} {pages}, {fit}, {size}, {covered}"


def _desktop_entry(uninstall: bool) -> int:
    """``gutskin install-desktop-entry``: add the app to the applications menu (or, with
    ``--uninstall``, take it off again)."""
    from .desktop_entry import entry_path, install
    from .desktop_entry import uninstall as remove
    from .model.storage import SaveError

    if uninstall:
        try:
            removed = remove()
        except SaveError as error:
            raise UsageError(f"cannot take the app off the menu: {error}") from None
        if not removed:
            say(f"nothing to remove: no desktop entry at {entry_path()}")
        else:
            say(f"took the app off the applications menu: removed {len(removed)} files "
                f"(the entry {entry_path()} and its icons)")
        return 0
    try:
        written = install()
    except SaveError as error:
        raise UsageError(f"cannot add the app to the menu: {error}") from None
    say(f"added the app to the applications menu: {written[-1]} (its icon is in "
        f"{written[0].parents[2]}); if you move the app, run this again")
    return 0


def _worded(error: Exception) -> str:
    """An error as the command line says it: an export error names the option to change
    (the export itself speaks of the layout, the sections and the details)."""
    if isinstance(error, SectionChoiceError):
        return f"--sections: {error}"
    if isinstance(error, TileError) and error.setting in TILE_OPTIONS:
        return f"{TILE_OPTIONS[error.setting]} {error.value}: {error.problem}"
    if isinstance(error, UnprintedFields):
        them = "it" if len(error.fields) == 1 else "them"
        return (f"--set {', '.join(error.fields)}: layout '{error.layout}' has no place for "
                f"{them}; leave {them} out or choose a layout that prints {them}")
    return str(error)


def _run(args: argparse.Namespace) -> int:
    """Run the subcommand (the app's window when there is none); return the exit status."""
    from .model.storage import SaveError

    try:
        if args.command == "layouts":
            return _layouts()
        if args.command == "export":
            return _export(args)
        if args.command == "batch":
            return _batch(args)
        if args.command == "export-diagram":
            return _export_diagram(args)
        if args.command == "export-slides":
            return _export_slides(args)
        if args.command == "check":
            return _check(args.files)
        if args.command == "preflight":
            return _preflight(args.files)
        if args.command == "install-desktop-entry":
            return _desktop_entry(args.uninstall)
    except (LoadError, UsageError, ExportError, SaveError) as error:
        say(f"error: {_worded(error)}", err=True)
        return EXIT_BAD_INPUT
    from .app import run_gui

    return run_gui(args.content, args.diagram)


def app_arguments() -> argparse.Namespace:
    """What the parser makes of no arguments at all: the app, with the shipped content
    and the diagram last arranged."""
    return argparse.Namespace(content=None, diagram=None, command=None)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    return _main(build_parser().parse_args(argv))


def run() -> None:
    """The ``gutskin`` command (and ``python main.py``): run, then exit with the status.

    The app's window exits the ordinary way (Qt saves settings as it closes); every
    other job ends through :func:`_exit_now`.

    Python's cyclic garbage collector is held off from here on (:func:`_hold_collector`),
    and a command-line job imports ``hashlib`` on Python's built-in hash functions
    (:mod:`.hash_import`), compiles regular expressions from the ones earlier runs
    kept (:mod:`.pattern_cache`; :func:`_exit_now` keeps new ones) and reads a font's
    faces only when they are set (``model.fonts.faces_when_asked``).
    """
    _hold_collector()
    pattern_cache.install()  # the app too: Qt's bindings compile patterns as they load
    argv = sys.argv[1:]
    if argv:  # a command-line job (the app imports hashlib only when it needs it)
        import_hashlib()
        _JOB["faces_when_asked"] = True  # one thread renders: faces read when first set
    # plain `gutskin` (the desktop's menu entry) opens the app: nothing to parse, and
    # building the parser would cost a few milliseconds of its start
    args = parser_for(argv).parse_args(argv) if argv else app_arguments()
    code = _main(args)
    if args.command is None:  # the app's window has closed
        pattern_cache.keep()  # what it compiled since its first paint (its exports, say)
        sys.exit(code)
    _exit_now(code)


def _hold_collector() -> None:
    """Turn Python's cyclic garbage collector off for a job that ends soon: a speed trick.

    The imports and a first render make hundreds of thousands of objects, none of them
    garbage, which the collector would walk again and again: a whole ``gutskin export``
    of the A4 handout takes about 5% less time without it (benchmarks/export_speed.py,
    "gutskin export, collector not held off"), and the app reaches its first paint 1 to
    4% sooner (benchmarks/first_paint.py --collector-on). Its peak memory does not
    change (the model makes no reference cycles, reportlab few: reference counting frees
    the rest). A single export, check or preflight ends with the collector still off;
    ``batch`` turns it back on before its rows; the app does once its window is on
    screen (:func:`.ui.collector.settle`). Only this command does it: :func:`main`, which
    scripts and tests call, leaves the collector alone."""
    gc.disable()


def _exit_now(code: int) -> NoReturn:
    """End a command-line job without the interpreter's tidy-up of every module and
    object, which has nothing left to do: by then files are written and closed, and
    output is flushed here. This is the one place the project skips it, for speed:
    ``gutskin export`` of the A4 handout takes 0.22 s this way and 0.27 s with an
    ordinary exit (benchmarks/export_speed.py, "whole `gutskin export` process")."""
    pattern_cache.keep()
    with suppress(OSError):  # a closed pipe (`gutskin layouts | head`): nothing to say
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


#: What :func:`run` sets for a command-line job (:func:`main`, which scripts and tests
#: call, leaves it): ``faces_when_asked`` (``model.fonts``).
_JOB: dict[str, bool] = {"faces_when_asked": False}


def _main(args: argparse.Namespace) -> int:
    """Run the subcommand, turning what reaches the terminal into an exit status."""
    try:
        if _JOB["faces_when_asked"] and args.command is not None:
            from .model import fonts  # here, where a broken data folder is reported

            fonts.faces_when_asked = True
            from .model import fit_cache

            fit_cache.enabled = True  # the diagram's layouts kept between runs
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`gutskin layouts | head -1`)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the final flush has somewhere to go
        return 1
    except DataFolderError as exc:  # a broken installation: say what to do about it
        say(f"error: {exc}", err=True)
        return 1
    except Exception as exc:  # the last guard before a user's terminal
        if os.environ.get("GUTSKIN_DEBUG"):
            raise
        say(f"error: unexpected problem ({type(exc).__name__}: {exc}); "
            "set GUTSKIN_DEBUG=1 for details", err=True)
        return 1


if __name__ == "__main__":
    run()
