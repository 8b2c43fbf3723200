"""Regular expressions compiled once per Python, not at every start: a start-up speed trick.

A whole ``gutskin export`` compiles about a hundred regular expressions (argparse's,
gettext's, reportlab's paragraph parser and colour and unit readers, the project's own
readers of dates, images and layouts): about 8 ms of every run, nearly all of it in the
``re`` module's Python-level parser and code generator. What that produces for a pattern
is plain data (its flags, a list of integers for the matching engine, the group count
and names), the same every time for the same pattern on the same Python, and handing
that data to the engine (``_sre.compile``) takes microseconds.

The app's way to its first paint compiles about forty, most of them as Qt's Python
bindings load (their signature parser's), about 25 ms of a first paint of about 0.2 s.

:func:`install`, called as the ``gutskin`` command starts (``cli.run``: a command-line job
or the app), reads what earlier runs kept in the cache folder (:mod:`.model.cache_files`,
``patterns-TAG.marshal``) and wraps ``re``'s compiler: a pattern found there goes
straight to the engine, any other is compiled as usual, and what the compiler handed the
engine for it is noted. :func:`keep` writes the notes back when there are new ones (past
:data:`LIMIT` patterns the file starts again from this run's): when a job is done, and
in the app just after its first paint (``app._settle_in``) and when its window closes.
The wrapped compiler may be called from any thread (the app's previews render in
several): what it reads and notes are single dictionary operations, and the engine's
arguments are noted per thread.

Nothing changes in what a pattern matches: the engine gets the very arguments the
compiler gave it for that pattern, on a Python of the very same build (``TAG`` is a
digest of ``sys.version``, the engine's magic number and code size), and it checks the
code it is given (``_sre.compile`` refuses malformed code), so a damaged or tampered file
only means compiling as usual. The file is the user's own (mode 0600, in their cache
folder, written only by their own runs): whoever could change it could change the rest of
their files too. Patterns with ``re.DEBUG`` (which print as they compile)
and anything but ``str`` or ``bytes`` patterns are never kept. On an interpreter other
than CPython, or a ``re`` without the compiler this wraps, nothing is installed.
``tests/test_pattern_cache.py`` checks the kept arguments against the compiler's own for
every pattern an export compiles.
"""
from __future__ import annotations

import _thread
import marshal
import sys
import types
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import cache_files

VERSION = 1
LIMIT = 4000  # patterns kept at most; past it the file starts again from this run's
DEBUG = 128  # re.DEBUG

Key = tuple[str | bytes, int]
Args = tuple[Any, ...]  # the engine's arguments after the pattern

_kept: dict[Key, Args] = {}
_new: dict[Key, Args] = {}
_state: dict[str, Any] = {}  # "compiler", "compile", "engine", "file" once installed


def cache_path() -> Path:
    """This Python's file of kept patterns in the cache folder."""
    import _sre  # type: ignore[import-not-found]  # CPython's matching engine

    made_by = (VERSION, sys.version, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE)
    return cache_files.folder() / f"patterns-{zlib.crc32(repr(made_by).encode()):08x}.marshal"


def _compiler() -> Any:
    """``re``'s compiler module, when it is the one this wraps (CPython 3.10 to 3.13)."""
    if sys.implementation.name != "cpython":
        return None
    try:
        from re import _compiler as compiler  # type: ignore[attr-defined]  # 3.11+
    except ImportError:
        import sre_compile as compiler  # 3.10
    if not callable(getattr(compiler, "compile", None)) or \
            not isinstance(getattr(compiler, "_sre", None), types.ModuleType):
        return None
    return compiler


def _read(path: Path) -> dict[Key, Args]:
    try:
        table = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}  # none kept yet, or a damaged file: compile as usual
    return table if isinstance(table, dict) else {}


def install() -> None:
    """Wrap ``re``'s compiler with the kept patterns (see the module's notes); once."""
    if _state:
        return
    compiler = _compiler()
    if compiler is None:
        return
    engine: types.ModuleType = compiler._sre
    path = cache_path()
    _kept.update(_read(path))
    noting = _NotingEngine(engine)
    usual: Callable[..., Any] = compiler.compile
    _state.update(compiler=compiler, compile=usual, engine=engine, file=path)

    def compile_kept(p: Any, flags: int = 0) -> Any:
        if type(p) not in (str, bytes) or flags & DEBUG:
            return usual(p, flags)
        key = (p, flags)
        args = _kept.get(key)
        if args is not None:
            try:
                return engine.compile(p, *args)
            except Exception:  # a damaged entry: compile as usual (and note it again)
                _kept.pop(key, None)
        noting.heard.args = None
        compiled = usual(p, flags)
        heard = noting.heard.args
        if heard is not None and heard[0] is p and heard[1] & flags == flags:
            _new[key] = _kept[key] = _plain(heard[1:])
        return compiled

    compiler._sre = noting
    compiler.compile = compile_kept


def _plain(args: Args) -> Args:
    """The engine's arguments as plain data marshal can write (the compiler's opcodes are
    named ``int`` subclasses; the engine reads their values)."""
    flags, code, groups, groupindex, indexgroup = args
    return int(flags), [int(word) for word in code], int(groups), dict(groupindex), \
        tuple(indexgroup)


def uninstall() -> None:
    """Put ``re``'s compiler back as it was (the kept patterns stay in memory)."""
    if not _state:
        return
    compiler = _state["compiler"]
    compiler.compile = _state["compile"]
    compiler._sre = _state["engine"]
    _state.clear()


def keep() -> None:
    """Write the patterns compiled in this run to the cache folder, when there are new
    ones (quietly giving up on a read-only or full disk)."""
    if not _new or not _state:
        return
    table = _kept if len(_kept) <= LIMIT else dict(_new)
    cache_files.save(_state["file"], marshal.dumps(table))
    _new.clear()


class _NotingEngine(types.ModuleType):
    """The matching engine's module as the compiler sees it: the same names, but
    ``compile`` notes its arguments (in ``heard.args``, one per thread) before handing
    them on."""

    def __init__(self, engine: types.ModuleType) -> None:
        super().__init__(engine.__name__, engine.__doc__)
        self.__dict__.update({k: v for k, v in vars(engine).items() if not k.startswith("__")})
        real = engine.compile
        self.heard = _thread._local()

        def compile(*args: Any) -> Any:
            self.heard.args = args
            return real(*args)

        self.compile = compile
