"""The command line's import speed tricks: ``argparse`` loaded without ``gettext``
(gutskin_desktop/argparse_import.py) says the same words, and a whole export loads
neither ``gettext``, ``locale`` nor ``threading``."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# what the parser says: the export command's help, the top-level help, and two errors
SAYS = """
import contextlib, io, sys
{before}
import gutskin_desktop.cli as cli
for argv in (["export", "--help"], ["--help"], ["export"], ["export", "--nonsense"],
             ["no-such-command"]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.parser_for(argv).parse_args(argv)
        except SystemExit as stop:
            print("exit", stop.code, file=err)
    print(out.getvalue(), err.getvalue(), sep="\\n---\\n")
import gettext
print("real gettext afterwards:", hasattr(gettext, "translation"))
"""


def _run(code: str, **env_vars: str) -> str:
    env = dict(os.environ, COLUMNS="100", LANG="C.UTF-8", **env_vars)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    return done.stdout


def test_the_parser_says_what_it_says_with_the_real_gettext() -> None:
    quick = _run(SAYS.format(before=""))
    usual = _run(SAYS.format(before="import gettext  # loaded first: no stand-in"))
    assert "usage: gutskin export" in quick and "options:" in quick
    assert "the following arguments are required" in quick
    assert "invalid choice" in quick
    assert quick == usual
    assert quick.rstrip().endswith("real gettext afterwards: True")


def test_an_export_loads_neither_gettext_locale_nor_threading(tmp_path: Path) -> None:
    probe = ("import sys\n"
             "import gutskin_desktop.cli as cli\n"
             "cli._exit_now = lambda code: None\n"
             f"cli.main(['export', '--layout', 'a4-handout', '--out', "
             f"{str(tmp_path / 'out.pdf')!r}])\n"
             "print(sorted(m for m in ('gettext', 'locale', 'threading') "
             "if m in sys.modules))\n")
    cache = str(tmp_path / "cache")  # the first export fills the caches (its syllable
    _run(probe, XDG_CACHE_HOME=cache)  # counts need pyphen, which loads threading)
    assert _run(probe, XDG_CACHE_HOME=cache).strip().splitlines()[-1] == "[]"
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF-")
