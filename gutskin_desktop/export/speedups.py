"""Start-up speed tricks for the export, kept in this one place.

Lazy regular expressions in reportlab
    Importing ``reportlab.platypus`` compiles, at module level, a few regular expressions
    that a handout never uses: ``reportlab.platypus.paragraph.uri_pat`` (a URI validator
    over huge Unicode ranges, used only when a paragraph's link text is split across
    lines) and ``reportlab.lib.textsplit.rx`` (used only by ``cjkwrap``). Compiling them
    takes about 30 ms, a seventh of a whole ``gutskin export``. While exactly those two
    modules are imported, :func:`install` has ``re.compile`` hand back a
    :class:`LazyPattern` for exactly those patterns (same text, same flags); it compiles
    the real pattern on first use (once, under a lock) and then behaves as it does. Every
    other ``re.compile`` call, in any thread, goes straight to the real one, and
    ``re.compile`` is restored as soon as the module has run. When reportlab changes a
    pattern the trick simply stops applying: the module compiles it as before.

Pillow imported when reportlab first reads a picture
    ``reportlab.lib.utils`` imports ``PIL.Image`` (about 10 ms with the modules it pulls
    in) only to open pictures and to recognise Pillow images; a handout of text and
    vector drawings never does either. While that one module is imported, the name
    ``PIL.Image`` it imports is a :class:`LazyModule`, which imports the real module on
    first use (the import system's own lock makes that thread-safe) and hands every
    attribute on. The stand-in is taken off the ``PIL`` package as soon as the module
    has run; every other importer gets the real module.

reportlab's safe evaluator imported when first called
    ``reportlab.lib.utils`` imports four callables from ``reportlab.lib.rl_safe_eval``
    (``rl_safe_exec``, ``rl_safe_eval``, ``safer_globals``, ``rl_extended_literal_eval``),
    and that module imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``): about
    5 ms, for evaluating colour expressions and document-template code that a handout
    never asks for (its markup gives colours as ``rgb(...)``, which reportlab parses
    directly). While that one module is imported, ``reportlab.lib.rl_safe_eval`` is a
    :class:`StandIn` whose four names are :class:`LazyCallable` objects: each imports the
    real module when first called (or asked for an attribute) and hands the call on. The
    stand-in leaves ``sys.modules`` as soon as the module has run, so any later importer
    gets the real module. ``reportlab.platypus.doctemplate`` (loaded with tables, for a
    clinic's logo) imports the module itself, for its document-template commands: while
    it loads, the name is a :class:`LazyModule`, as Pillow's is above.

``pickle``, ``platform`` and ``ast`` imported when reportlab first uses them
    ``reportlab.lib.utils`` imports ``pickle`` (for a debugging aid that saves its
    findings to a file) and, as ``reportlab.lib.colors`` does, ``ast.literal_eval`` (for
    colours and settings written as Python literals): about 3 ms, for what a handout
    never asks. It also imports ``platform`` (about 2 ms) to ask once whether this is
    PyPy: ``platform`` is then :func:`~gutskin_desktop.stand_ins.platform_stand_in`,
    which answers that from ``sys.implementation``. While those modules are imported,
    ``pickle`` is a :class:`StandIn` (as pyphen's is below) and ``literal_eval`` a
    :class:`LazyCallable` (as the evaluator's names are above); all leave
    ``sys.modules`` as soon as the module has run.

The standard fonts' glyph widths and encodings loaded when first used
    ``reportlab.pdfbase._fontdata`` imports fourteen modules of glyph widths, one for
    each of PDF's standard fonts (Courier, Helvetica, Times, Symbol, ZapfDingbats), and
    seven of encodings (WinAnsi, MacRoman...), to fill its ``widthsByFontGlyph`` and
    ``encodings`` tables: about 3.5 ms, for fonts a handout never sets (its text is in
    the bundled TrueType families). While ``_fontdata`` loads, each of those modules is
    a stand-in whose table is a :class:`LaterTable` naming it; once it has run, the two
    tables are :class:`LaterTables`, which import a module and hand out its real table
    the first time it is asked for (by ``pdfmetrics``' ``TypeFace`` and ``Encoding``,
    their readers), and the encodings' own names in ``_fontdata`` (``WinAnsiEncoding``...)
    are found the same way when first asked of the module. The stand-ins leave
    ``sys.modules`` and the package as soon as ``_fontdata`` has run.

``tempfile`` imported when reportlab first asks for its scratch folder
    ``reportlab.lib.utils`` imports ``reportlab.lib.rltempfile``, which imports
    ``tempfile`` (with ``shutil``, ``random`` and three compression modules, about 2.5
    ms) for the scratch folder of reportlab's own test suite, which an export never asks
    for. While ``rltempfile`` loads, ``tempfile`` is a :class:`StandIn`; the project
    makes its own temporary files without it (``model/files.py``, ``create_temp``).

pyphen imported when reportlab first hyphenates
    ``reportlab.platypus.paragraph`` imports pyphen (when it is installed) for
    hyphenating paragraphs whose style names a language; the handouts' styles name none
    (hyphens make words harder to read). pyphen in turn loads ``importlib.resources``
    with ``zipfile`` and more: about 5 ms. While that module is imported, ``pyphen`` is a
    :class:`StandIn` in ``sys.modules`` (only if pyphen is installed: without it,
    reportlab's own fallback applies), which imports the real module, past itself, the
    first time a name is asked of it; it leaves ``sys.modules`` as soon as the module has
    run, and another thread importing pyphen meanwhile gets the same stand-in. The
    reading level reads pyphen's patterns without importing it (``model/readability.py``).

``reportlab.platypus`` completed on first use of a name it gathers
    The package's ``__init__`` star-imports all its modules: tables, frames, document
    templates, multi-column frames, preformatted text (with ``PyFontify``), and with
    them ``logging``. A handout needs ``reportlab.platypus.flowables``, ``.paragraph``
    and ``.paraparser``, and ``.tables`` only for a clinic logo, each imported by its
    full name: preformatted text and multi-column frames are never loaded, and a page
    without a logo loads no tables, templates or frames either (the diary's grid is our
    own, :mod:`.diary_grid`). The package is loaded as a :class:`_LazyPackageLoader`
    module: its submodules import as usual (they are found through its ``__path__``),
    and the first time anyone asks the package for a name it does not have yet (``from
    reportlab.platypus import Table``, ``reportlab.platypus.SimpleDocTemplate``, a star
    import), the ``__init__`` runs in full, exactly as reportlab wrote it, and the name
    is handed on. Code of this project imports reportlab's flowables by their module's
    name, so that a plain export never needs the rest.

All six are justified by the benchmark row "whole `gutskin export` of a4-handout (5 pages)"
in ``benchmarks/run_all.py`` (and ``benchmarks/export_speed.py``): see
docs/performance.md for the profile and the figures before and after.

:func:`install` runs when the export package is first imported (its ``__init__``), so
before any of its modules imports reportlab; it does nothing if reportlab's modules are
already loaded.
"""
from __future__ import annotations

import _thread
import importlib
import re
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from ..stand_ins import LazyCallable, StandIn, in_sys_modules, platform_stand_in

if TYPE_CHECKING:  # importlib.abc loads importlib.resources (and tempfile, shutil...)
    from importlib.abc import Loader

#: The patterns compiled lazily, by the module that compiles them: (text, flags).
LAZY_PATTERNS: dict[str, frozenset[tuple[str, int]]] = {
    "reportlab.platypus.paragraph": frozenset({((
        '(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?'
        '\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-'
        '\uffff0-9](?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-'
        '\uffff0-9-]{1,63}(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})'
        '(?<!-)\\.?|localhost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z'), int(re.I))}),
    "reportlab.lib.textsplit": frozenset({("([\u2e80-\uffff])", int(re.UNICODE))}),
}

#: The packages whose ``__init__`` runs when a name is first asked of them.
LAZY_PACKAGES: frozenset[str] = frozenset({"reportlab.platypus"})

#: The submodules imported lazily, by the module that imports them: (package, name).
LAZY_SUBMODULES: dict[str, tuple[str, str]] = {
    "reportlab.lib.utils": ("PIL", "Image"),
    "reportlab.platypus.doctemplate": ("reportlab.lib", "rl_safe_eval"),
}

#: The top-level modules imported lazily, by the module that imports them.
LAZY_MODULES: dict[str, tuple[str, ...]] = {"reportlab.platypus.paragraph": ("pyphen",),
                                             "reportlab.lib.utils": ("pickle", "platform"),
                                             "reportlab.lib.rltempfile": ("tempfile",)}

#: The data modules imported lazily, by the module that imports them: for each of its
#: tables, the modules that fill it (module -> the name of the table in it).
LAZY_TABLES: dict[str, dict[str, dict[str, str]]] = {
    "reportlab.pdfbase._fontdata": {
        "widthsByFontGlyph": {f"reportlab.pdfbase._fontdata_widths_{name}": "widths"
                              for name in (
            "courier", "courierbold", "courieroblique", "courierboldoblique", "helvetica",
            "helveticabold", "helveticaoblique", "helveticaboldoblique", "timesroman",
            "timesbold", "timesitalic", "timesbolditalic", "symbol", "zapfdingbats")},
        "encodings": {f"reportlab.pdfbase._fontdata_enc_{name}": f"{table}Encoding"
                      for name, table in (
            ("winansi", "WinAnsi"), ("macroman", "MacRoman"), ("standard", "Standard"),
            ("symbol", "Symbol"), ("zapfdingbats", "ZapfDingbats"), ("pdfdoc", "PDFDoc"),
            ("macexpert", "MacExpert"))},
    },
}

#: The callables imported lazily, by the module that imports them: (module, names).
LAZY_CALLABLES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "reportlab.lib.utils": (
        ("reportlab.lib.rl_safe_eval", (
            "rl_safe_exec", "rl_safe_eval", "safer_globals", "rl_extended_literal_eval")),
        ("ast", ("literal_eval",))),
    "reportlab.lib.colors": (("ast", ("literal_eval",)),),
}

_real_compile = re.compile


class LazyModule:
    """A stand-in for a module that imports it on first use."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module(self._name), name)

    def __repr__(self) -> str:
        return f"LazyModule({self._name!r})"


@contextmanager
def _lazy_callables(module: str, names: tuple[str, ...]) -> Iterator[None]:
    """``from module import name, ...`` gives :class:`LazyCallable` objects meanwhile."""
    if module in sys.modules:
        yield  # already imported: nothing to save
        return
    stand_in = StandIn(module, "a stand-in while reportlab loads "
                               "(gutskin_desktop.export.speedups)")
    for name in names:
        setattr(stand_in, name, LazyCallable(module, name))
    with in_sys_modules(stand_in):
        yield


@contextmanager
def _lazy_module(name: str) -> Iterator[None]:
    """``import name`` gives a :class:`StandIn` meanwhile (when it is installed)."""
    if name in sys.modules or PathFinder.find_spec(name) is None:
        yield  # already imported, or not installed (the importer's own fallback applies)
        return
    doc = "a stand-in while reportlab loads (gutskin_desktop.export.speedups)"
    with in_sys_modules(platform_stand_in(doc) if name == "platform" else StandIn(name, doc)):
        yield


@contextmanager
def _lazy_submodule(package: str, name: str) -> Iterator[None]:
    """``from package import name`` gives a :class:`LazyModule` meanwhile."""
    parent = importlib.import_module(package)
    full = f"{package}.{name}"
    if full in sys.modules or hasattr(parent, name):
        yield  # already imported: nothing to save
        return
    stand_in = LazyModule(full)
    setattr(parent, name, stand_in)
    try:
        yield
    finally:
        if getattr(parent, name, None) is stand_in:  # not meanwhile really imported
            delattr(parent, name)


class LaterTable:
    """What a data module's table stands for until it is first asked for: the module's
    name and the table's."""

    __slots__ = ("module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def real(self) -> Any:
        """The table (its module imported now if it was not yet)."""
        return getattr(importlib.import_module(self.module), self.name)

    def __repr__(self) -> str:
        return f"LaterTable({self.module!r}, {self.name!r})"


class LaterTables(dict):  # type: ignore[type-arg]
    """A dict of tables whose values are imported the first time they are asked for,
    then kept in place of their :class:`LaterTable`. (A table that was a subclass of
    dict, with its own look-up, becomes a class of both: see :func:`_tables_later`.)"""

    def _real(self, value: Any) -> Any:
        if type(value) is LaterTable:
            later, value = value, value.real()
            for key, kept in list(dict.items(self)):
                if kept is later:
                    dict.__setitem__(self, key, value)
        return value

    def __getitem__(self, key: Any) -> Any:
        return self._real(super().__getitem__(key))

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def values(self) -> Any:
        return [self[key] for key in self]

    def items(self) -> Any:
        return [(key, self[key]) for key in self]

    def copy(self) -> dict[Any, Any]:
        return dict(self.items())


@contextmanager
def _lazy_tables(tables: dict[str, dict[str, str]]) -> Iterator[None]:
    """Each data module of ``tables`` not imported yet is, meanwhile, a stand-in whose
    table is a :class:`LaterTable` (in ``sys.modules`` and on its package)."""
    placed = []
    for modules in tables.values():
        for full, name in modules.items():
            package_name, _, attribute = full.rpartition(".")
            package = importlib.import_module(package_name)
            if full in sys.modules or hasattr(package, attribute):
                continue
            stand_in = ModuleType(full, "a table imported when first used "
                                        "(gutskin_desktop.export.speedups)")
            setattr(stand_in, name, LaterTable(full, name))
            sys.modules[full] = stand_in
            setattr(package, attribute, stand_in)
            placed.append((package, attribute, full, stand_in))
    try:
        yield
    finally:
        for package, attribute, full, stand_in in placed:
            if sys.modules.get(full) is stand_in:
                del sys.modules[full]
            if getattr(package, attribute, None) is stand_in:
                delattr(package, attribute)


def _tables_later(module: ModuleType, tables: dict[str, dict[str, str]]) -> None:
    """After the module has run: its tables as :class:`LaterTables`, and any of its own
    names still bound to a :class:`LaterTable` found through the module's
    ``__getattr__`` instead, so that everyone gets the real tables."""
    names = vars(module)
    for table in tables:
        kind = type(names.get(table))
        if issubclass(kind, dict):
            later = LaterTables() if kind is dict else \
                type(f"Later{kind.__name__}", (LaterTables, kind), {})()
            dict.update(later, names[table])
            names[table] = later
    own = {name: value for name, value in names.items() if type(value) is LaterTable}
    if not own:
        return
    for name in own:
        del names[name]

    def __getattr__(name: str) -> Any:
        if name not in own:
            raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
        value = names[name] = own[name].real()
        return value

    names["__getattr__"] = __getattr__


class LazyPattern:
    """A compiled regular expression that is compiled when first used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        self._lock = _thread.allocate_lock()

    @property
    def pattern(self) -> str:
        """The pattern's text (without compiling it)."""
        return self._source

    def compiled(self) -> re.Pattern[str]:
        """The real compiled pattern (compiled now if it was not yet)."""
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                if self._compiled is None:
                    self._compiled = _real_compile(self._source, self._flags)
                compiled = self._compiled
        return compiled

    def __getattr__(self, name: str) -> Any:  # match, search, sub, flags, groups...
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r}, {self._flags!r})"


@contextmanager
def _lazy_compiles(wanted: frozenset[tuple[str, int]]) -> Iterator[None]:
    """``re.compile`` returns a :class:`LazyPattern` for the wanted patterns meanwhile."""

    def compile_(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and (pattern, int(flags)) in wanted:
            return LazyPattern(pattern, int(flags))
        return _real_compile(pattern, flags)

    before = re.compile  # the real one, or an outer module's wrapper (nested imports)
    re.compile = compile_
    try:
        yield
    finally:
        if re.compile is compile_:
            re.compile = before


class _Wrapped:
    """The module's own loader (a source or bytecode file, or a standalone app's archive),
    wrapped: everything but running the module is handed to it. (A loader needs only
    ``create_module`` and ``exec_module``; ``importlib.abc.Loader`` is not imported for
    its base class, as it loads ``importlib.resources`` and ``tempfile`` with it.)"""

    def __init__(self, inner: Loader) -> None:
        self.inner = inner

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def __getattr__(self, name: str) -> Any:  # get_code, get_source, is_package...
        return getattr(self.inner, name)


class _LazyRegexLoader(_Wrapped):
    """reportlab's own loader, running the module with lazy patterns."""

    def exec_module(self, module: ModuleType) -> None:
        patterns = LAZY_PATTERNS.get(module.__name__, frozenset())
        submodule = LAZY_SUBMODULES.get(module.__name__)
        with ExitStack() as lazy:
            lazy.enter_context(_lazy_compiles(patterns))
            for top_level in LAZY_MODULES.get(module.__name__, ()):
                lazy.enter_context(_lazy_module(top_level))
            if submodule is not None:
                lazy.enter_context(_lazy_submodule(*submodule))
            for callables in LAZY_CALLABLES.get(module.__name__, ()):
                lazy.enter_context(_lazy_callables(*callables))
            tables = LAZY_TABLES.get(module.__name__)
            if tables is not None:
                lazy.enter_context(_lazy_tables(tables))
            self.inner.exec_module(module)
        if tables is not None:
            _tables_later(module, tables)


def _is_submodule(package: ModuleType, name: str) -> bool:
    """Whether ``name`` is a module of ``package`` (found on its ``__path__``)."""
    return not name.startswith("_") and PathFinder.find_spec(
        f"{package.__name__}.{name}", list(package.__path__)) is not None


class _LazyPackageLoader(_Wrapped):
    """reportlab's own loader for a package whose ``__init__`` runs, in full and once,
    when a name is first asked of it that it does not have (see the module's
    docstring)."""

    def exec_module(self, module: ModuleType) -> None:
        lock = _thread.RLock()
        done: list[bool] = []
        get_code = getattr(self.inner, "get_code", None)
        code = get_code(module.__name__) if get_code is not None else None
        if code is None:  # no code to run later: run it now, as usual
            self.inner.exec_module(module)
            return

        def complete(name: str) -> Any:
            if not done and _is_submodule(module, name):  # ``from package import module``
                return importlib.import_module(f"{module.__name__}.{name}")
            with lock:  # another thread asking meanwhile waits for the whole package
                if not done:
                    exec(code, module.__dict__)  # reportlab's own __init__, in full
                    done.append(True)
                    module.__dict__.pop("__getattr__", None)
            try:
                return module.__dict__[name]
            except KeyError:
                raise AttributeError(f"module {module.__name__!r} has no attribute "
                                     f"{name!r}") from None

        module.__getattr__ = complete  # type: ignore[method-assign]


class _LazyRegexFinder:
    """Finds the modules of :data:`LAZY_PATTERNS`, :data:`LAZY_SUBMODULES`,
    :data:`LAZY_MODULES`, :data:`LAZY_CALLABLES`, :data:`LAZY_TABLES` and
    :data:`LAZY_PACKAGES` as the path
    finder would, and wraps the loader it finds (:class:`_LazyRegexLoader`,
    :class:`_LazyPackageLoader`): the source install's files, a bytecode-only install and
    the standalone app's archive alike."""

    @classmethod
    def find_spec(cls, fullname: str, path: Any = None, target: Any = None,
                  ) -> ModuleSpec | None:
        if not any(fullname in table for table in (
                LAZY_PATTERNS, LAZY_SUBMODULES, LAZY_MODULES, LAZY_CALLABLES, LAZY_PACKAGES,
                LAZY_TABLES)):
            return None
        spec = PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        lazy = _LazyPackageLoader if fullname in LAZY_PACKAGES else _LazyRegexLoader
        spec.loader = cast("Loader", lazy(spec.loader))  # a loader by its two methods
        return spec


def install() -> None:
    """Put the finder of the lazy patterns and modules first on the import path
    (once)."""
    if _LazyRegexFinder not in sys.meta_path:
        sys.meta_path.insert(0, _LazyRegexFinder)
