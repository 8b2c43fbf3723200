"""Stand-ins for modules and callables while one importer runs: the pieces shared by the
start-up speed tricks (:mod:`gutskin_desktop.export.speedups` for reportlab,
:mod:`gutskin_desktop.msgspec_import` for msgspec).

A :class:`StandIn` sits in ``sys.modules`` under another module's name while one module
imports it; whatever is asked of it that it does not hold comes from the real module,
imported past it then (:func:`real_module`). A :class:`LazyCallable` stands for one of a
module's callables and imports the module when first called. Both are thread-safe: another
thread importing the name meanwhile is handed the stand-in and gets the real thing through
it.
"""
from __future__ import annotations

import _thread
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

_past_lock = _thread.allocate_lock()


class StandIn(ModuleType):
    """A module in ``sys.modules`` under another module's name while one importer runs
    (see :func:`in_sys_modules`). Any other importer meanwhile (in
    another thread) is handed it too: whatever is asked of it that it does not hold comes
    from the real module, imported past it (:func:`real_module`)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system's look-ups: not the real module's
            raise AttributeError(name)
        return getattr(real_module(self.__name__), name)


def real_module(name: str) -> ModuleType:
    """The module ``name``, imported now if it was not yet; a :class:`StandIn` for it is
    taken out of ``sys.modules`` first."""
    with _past_lock:
        if isinstance(sys.modules.get(name), StandIn):
            del sys.modules[name]
    return importlib.import_module(name)


class LazyCallable:
    """A stand-in for a module's callable that imports the module on first use."""

    def __init__(self, module: str, name: str) -> None:
        self._module, self._name = module, name

    def real(self) -> Any:
        """The real callable (its module imported now if it was not yet)."""
        return getattr(real_module(self._module), self._name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.real()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)

    def __repr__(self) -> str:
        return f"LazyCallable({self._module!r}, {self._name!r})"


@contextmanager
def in_sys_modules(stand_in: ModuleType) -> Iterator[None]:
    """``stand_in`` in ``sys.modules`` under its name meanwhile (unless the real module
    has taken its place by then)."""
    sys.modules[stand_in.__name__] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(stand_in.__name__) is stand_in:
            del sys.modules[stand_in.__name__]


_IMPLEMENTATIONS = {"cpython": "CPython", "pypy": "PyPy", "ironpython": "IronPython",
                    "jython": "Jython"}


def _system() -> str:
    """``platform.system()`` where ``os.uname`` works: the system's name as uname gives
    it (``platform`` rewrites only Windows's names, which never come through uname)."""
    import os

    if not hasattr(os, "uname"):
        return str(real_module("platform").system())
    return os.uname().sysname


def _python_implementation() -> str:
    """``platform.python_implementation()``: ``CPython``, ``PyPy``..., from
    ``sys.implementation`` (``platform`` reads the same out of ``sys.version``)."""
    known = _IMPLEMENTATIONS.get(sys.implementation.name)
    if known is None:
        return str(real_module("platform").python_implementation())
    return known


def platform_stand_in(doc: str) -> StandIn:
    """A :class:`StandIn` for ``platform`` that answers the two questions the modules an
    export or the app's start load ask of it as they load (``uuid``: ``system()``;
    ``reportlab.lib.utils``: ``python_implementation()``) without importing it
    (``platform`` takes about 2 ms to import, compiling a dozen regular expressions);
    anything else asked of it comes from the real module."""
    stand_in = StandIn("platform", doc)
    stand_in.system = _system  # type: ignore[attr-defined]
    stand_in.python_implementation = _python_implementation  # type: ignore[attr-defined]
    return stand_in

