"""The ``gutskin`` command line: open the app, or check data files without a display.

With no subcommand the app opens. ``gutskin check FILE`` validates a content or diagram
file. Bad input exits 2 with one ``error: ...`` line on stderr. Qt is imported only when
the app is opened.
"""
from __future__ import annotations

import argparse
import sys

from .model.errors import LoadError

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="gutskin", description="The gut-brain-skin axis explorer.")
    parser.add_argument("--content", metavar="FILE", help="content file to open")
    parser.add_argument("--diagram", metavar="FILE", help="diagram file to open")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser("check", help="validate a content or diagram file")
    check.add_argument("files", nargs="+", metavar="FILE")
    return parser


def _check(files: list[str]) -> int:
    from .model.bundle import check_file

    for path in files:
        print(check_file(path))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args.files)
        from .app import run_gui

        return run_gui(args.content, args.diagram)
    except LoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
