"""The ``gutskin`` command line: open the app, list and export layouts, check data files.

With no subcommand the app opens. ``gutskin layouts`` lists the layouts, ``gutskin export``
writes a PDF and ``gutskin check FILE`` validates a content, diagram or layout file. None
of these import Qt. Bad input exits 2 with one ``error: ...`` line on stderr, and an
export that fails leaves no new or changed file behind.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace

from .model.errors import LoadError, printable

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """A command-line option that cannot be used."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {message} (see 'gutskin --help')", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="gutskin", description="The gut-brain-skin axis explorer.")
    parser.add_argument("--content", metavar="FILE", help="content file to open")
    parser.add_argument("--diagram", metavar="FILE", help="diagram file to open")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("layouts", help="list the layouts: name, page size and description")
    export = sub.add_parser("export", help="write a layout as a PDF")
    export.add_argument("--layout", required=True, metavar="NAME|PATH")
    export.add_argument("--out", required=True, metavar="FILE.pdf")
    export.add_argument("--sections", metavar="ID,ID", help="the sections to include")
    export.add_argument("--text", choices=("patient", "presenter"),
                        help="the plain-language patient text or the fuller presenter text")
    export.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        dest="fields", help="fill a detail field (repeatable): clinic, "
                        "clinician, phone, patient, date, note")
    export.add_argument("--strict", action="store_true",
                        help="treat text that does not fit its block, or type under the "
                        "layout's type floor, as an error")
    export.add_argument("--allow-overflow", action="store_true",
                        help="print even when a detail (a long note, say) does not fit "
                        "its place on the page")
    export.add_argument("--clinic", metavar="FILE",
                        help="the clinic profile to print the clinic's advice from "
                        "(default: the one saved in the app)")
    export.add_argument("--bleed", type=float, metavar="MM",
                        help="bleed on every side (default: the layout's)")
    export.add_argument("--crop-marks", action="store_true",
                        help="crop marks outside the trim, for a print shop")
    export.add_argument("--tile", choices=("A4", "letter"), type=_sheet,
                        help="print at 100%% across A4 or US Letter sheets to tape together")
    export.add_argument("--overlap", type=float, default=10.0, metavar="MM",
                        help="overlap between tiled sheets (default 10)")
    export.add_argument("--printer-margin", type=float, default=5.0, metavar="MM",
                        help="edge a home printer cannot print (default 5)")
    export.add_argument("--deterministic", action="store_true",
                        help="byte-identical output for the same input (for tests)")
    batch = sub.add_parser("batch", help="one personalised PDF per row of a CSV file")
    batch.add_argument("--layout", required=True, metavar="NAME|PATH")
    batch.add_argument("--csv", required=True, metavar="FILE",
                       help="columns: clinic, clinician, phone, patient, date, note, sections")
    batch.add_argument("--out-dir", required=True, metavar="DIR")
    batch.add_argument("--clinic", metavar="FILE",
                       help="the clinic profile to print the clinic's advice from")
    image = sub.add_parser("export-diagram", help="write the diagram as an SVG or PNG image")
    image.add_argument("--out", required=True, metavar="FILE.svg|FILE.png")
    image.add_argument("--dpi", type=float, default=150.0, metavar="N",
                       help="resolution of a PNG (default 150)")
    check = sub.add_parser("check", help="validate a content, diagram or layout file")
    check.add_argument("files", nargs="+", metavar="FILE")
    return parser


def _sheet(text: str) -> str:
    return {"a4": "A4", "letter": "letter"}.get(text.strip().lower(), text)


def parse_fields(pairs: Sequence[str]) -> dict[str, str]:
    """``FIELD=VALUE`` pairs as a dict, refusing unknown fields and missing ``=``."""
    from .export.blocks import FIELD_LABELS

    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lower()
        if not sep:
            raise UsageError(f"--set {pair!r}: expected FIELD=VALUE")
        if name not in FIELD_LABELS:
            raise UsageError(f"--set {pair!r}: unknown field {name!r} "
                             f"(choose from {', '.join(FIELD_LABELS)})")
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
    from .model.layout import load_layout
    from .model.layouts import layout_files

    for path in layout_files():
        try:
            layout = load_layout(path)
        except LoadError as error:
            print(f"warning: {error}", file=sys.stderr)
            continue
        print(f"{layout.name:<18} {layout.describe_size():<18} {layout.description}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export.render import ExportOptions, render
    from .model.bundle import load_bundle
    from .model.layouts import open_layout
    from .model.storage import check_target, write_atomic

    from .model.handout import glyph_problems

    if args.bleed is not None and not 0 <= args.bleed <= 25:
        raise UsageError(f"--bleed {args.bleed:g}: choose between 0 and 25 mm")
    options = ExportOptions(sections=parse_sections(args.sections), text=args.text,
                            fields=parse_fields(args.fields),
                            deterministic=args.deterministic, bleed_mm=args.bleed,
                            crop_marks=args.crop_marks)
    problems = glyph_problems(options.fields)
    if problems:
        raise UsageError("--set " + "; ".join(problems))
    check_target(args.out)
    bundle = load_bundle(args.content, args.diagram)
    layout = open_layout(args.layout, bundle.content)
    _check_details(layout, options.fields)
    options = replace(options, clinic=load_clinic(args.clinic))
    if args.tile:
        return _tile(args, layout, bundle, options)
    rendered = render(layout, bundle, options)
    cut = [o for o in rendered.overflows if o.fields]
    if cut and not args.allow_overflow:
        raise UsageError("; ".join(map(str, cut)) + " (shorten it, choose a layout with "
                         "more room, or print it cut off with --allow-overflow)")
    _review_warnings(options.clinic, layout)
    for warning in rendered.preflight:
        print(f"warning: preflight: {warning}", file=sys.stderr)
    report = _reading(layout, bundle, options)
    print(report.line())
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _text_problems(layout.name, rendered.overflows, rendered.small_type, args.strict)
    write_atomic(args.out, rendered.pdf)
    pages = "page" if rendered.pages == 1 else "pages"
    print(f"wrote {args.out} ({rendered.pages} {pages}, {layout.name})")
    return 0


def _check_details(layout: object, fields: dict[str, str]) -> None:
    """Refuse details the layout would not print; warn of invisible characters, which are
    left out of the PDF."""
    from .model.handout import invisible, name_chars

    missing = layout.unprinted(fields)  # type: ignore[attr-defined]
    if missing:
        them = "it" if len(missing) == 1 else "them"
        raise UsageError(f"--set {', '.join(missing)}: layout "
                         f"'{layout.name}' has no place for {them}; "  # type: ignore[attr-defined]
                         f"leave {them} out or choose a layout that prints {them}")
    for name, value in fields.items():
        chars = invisible(value)
        if chars:
            print(f"warning: --set {name}: invisible characters left out: "
                  f"{name_chars(chars)}", file=sys.stderr)


def load_clinic(path: str | None) -> object:
    """The clinic profile to print the advice from (``--clinic``, else the user's)."""
    from .model.clinic import load_clinic as load

    return load(path)


def _review_warnings(clinic: object, layout: object) -> None:
    """Warn, once the job has worked, when the layout prints the clinic's advice but it is
    still the shipped starting point or nobody at the clinic has reviewed it."""
    from .model.layout import AdviceBlock, SectionsBlock

    blocks = layout.blocks  # type: ignore[attr-defined]
    if any(isinstance(b, AdviceBlock) or (isinstance(b, SectionsBlock) and "advice" in b.after)
           for b in blocks):
        for problem in clinic.review_problems():  # type: ignore[attr-defined]
            print(f"warning: {problem}", file=sys.stderr)


def _text_problems(name: str, overflows: list, small: list, strict: bool) -> None:
    """Warn of text that does not fit or is under the type floor; with ``strict``, stop."""
    problems = [str(o) for o in overflows] + [str(t) for t in small]
    if problems and strict:
        raise UsageError(f"{name}: " + "; ".join(problems))
    for problem in problems:
        print(f"warning: {name}: {problem}", file=sys.stderr)


def _tile(args: argparse.Namespace, layout: object, bundle: object, options: object) -> int:
    from .export.tiling import TileError, tile_layout
    from .model.storage import write_atomic

    try:
        tiled = tile_layout(layout, bundle, options, sheet=args.tile,  # type: ignore[arg-type]
                            overlap_mm=args.overlap, margin_mm=args.printer_margin)
    except TileError as exc:
        raise UsageError(str(exc)) from None
    _review_warnings(options.clinic, layout)  # type: ignore[attr-defined]
    _text_problems(layout.name, tiled.overflows, tiled.small_type,  # type: ignore[attr-defined]
                   args.strict)
    write_atomic(args.out, tiled.pdf)
    print(f"wrote {args.out} ({tiled.describe()})")
    return 0


def _reading(layout: object, bundle: object, options: object) -> object:
    """The reading level of what the export prints (the first sections block's text)."""
    from .model.handout import reading_report
    from .model.layout import SectionsBlock

    blocks = [b for b in layout.blocks if isinstance(b, SectionsBlock)]  # type: ignore[attr-defined]
    kind = options.text or (blocks[0].text if blocks else "patient")  # type: ignore[attr-defined]
    ids = list(options.sections or bundle.content.ids)  # type: ignore[attr-defined]
    if options.sections is None and blocks and blocks[0].sections:  # type: ignore[attr-defined]
        ids = list(blocks[0].sections)
    return reading_report(bundle.content, ids, kind,  # type: ignore[attr-defined]
                          options.fields.get("note", ""))  # type: ignore[attr-defined]


class _Progress:
    """A progress bar on the terminal (only when stderr is one)."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.live:
            return
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _batch(args: argparse.Namespace) -> int:
    from .export.batch import run_batch
    from .model.bundle import load_bundle
    from .model.layouts import open_layout

    bundle = load_bundle(args.content, args.diagram)
    layout = open_layout(args.layout, bundle.content)
    clinic = load_clinic(args.clinic)
    result = run_batch(layout, bundle, args.csv, args.out_dir, progress=_Progress(),
                       clinic=clinic)  # type: ignore[arg-type]
    _review_warnings(clinic, layout)
    for column in result.unused_columns:
        print(f"warning: column '{column}' is not used", file=sys.stderr)
    for number, reason in result.warnings:
        print(f"warning: row {number}: {reason}", file=sys.stderr)
    for number, reason in result.failures:
        print(f"row {number}: {printable(reason)}", file=sys.stderr)
    failed = f"; {len(result.failures)} rows failed" if result.failures else ""
    print(f"wrote {len(result.written)} PDFs to {args.out_dir}{failed}")
    return 1 if result.failures else 0


def _export_diagram(args: argparse.Namespace) -> int:
    from .export.image import diagram_png, diagram_svg
    from .model.bundle import load_bundle
    from .model.storage import check_target, write_atomic

    kind = args.out.lower().rsplit(".", 1)[-1]
    if kind not in ("svg", "png"):
        raise UsageError(f"--out {args.out}: name an .svg or .png file")
    if not 10 <= args.dpi <= 1200:
        raise UsageError(f"--dpi {args.dpi:g}: choose between 10 and 1200")
    check_target(args.out)
    diagram = load_bundle(args.content, args.diagram).diagram
    try:
        data = diagram_svg(diagram) if kind == "svg" else diagram_png(diagram, args.dpi)
    except ValueError as exc:
        raise UsageError(f"--dpi: {exc}") from None
    write_atomic(args.out, data)
    print(f"wrote {args.out}")
    return 0


def _check(files: list[str]) -> int:
    from .model.bundle import check_file, sniff_kind

    for path in files:
        summary = check_file(path)
        if sniff_kind(path) == "layout":
            summary += _layout_fit(path)
        print(summary)
    return 0


def _layout_fit(path: str) -> str:
    """Render a layout with the shipped content and say whether its text fits."""
    from .export.render import render
    from .model.bundle import load_bundle
    from .model.layout import load_layout

    bundle = load_bundle()
    rendered = render(load_layout(path, bundle.content), bundle)
    for problem in [*rendered.overflows, *rendered.small_type]:
        print(f"warning: {path}: {problem}", file=sys.stderr)
    for warning in rendered.preflight:
        print(f"warning: {path}: preflight: {warning}", file=sys.stderr)
    pages = "page" if rendered.pages == 1 else "pages"
    fit = "text fits" if not rendered.overflows else "some text does not fit"
    size = ("no type under its floor" if not rendered.small_type
            else "some type is under its floor")
    return f", {rendered.pages} {pages}, {fit}, {size}"


def _run(args: argparse.Namespace) -> int:
    from .export.render import ExportError
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
        if args.command == "check":
            return _check(args.files)
    except (LoadError, UsageError, ExportError, SaveError) as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from .app import run_gui

    return run_gui(args.content, args.diagram)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    return _main(build_parser().parse_args(argv))


def run() -> None:
    """The ``gutskin`` command: run, then exit with the status.

    A command-line job (anything but the app's window) ends without the interpreter's
    tidy-up of every module and object, which takes about 40 ms of a 0.3 s export and has
    nothing left to do: by then files are written and closed, and output is flushed
    here. The app's window exits the ordinary way (Qt saves settings as it closes).
    """
    args = build_parser().parse_args()
    code = _main(args)
    if args.command is None:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (`gutskin layouts | head`): nothing more to say
        pass
    os._exit(code)


def _main(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`gutskin layouts | head -1`)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the final flush has somewhere to go
        return 1
    except Exception as exc:  # noqa: BLE001 - the last guard before a user's terminal
        if os.environ.get("GUTSKIN_DEBUG"):
            raise
        print(f"error: unexpected problem ({type(exc).__name__}: {printable(str(exc))}); "
              "set GUTSKIN_DEBUG=1 for details", file=sys.stderr)
        return 1


if __name__ == "__main__":
    run()
