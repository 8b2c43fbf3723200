"""msgspec imported without ``typing_extensions`` (and the ``inspect`` module it loads),
and without its own ``msgspec.inspect`` and JSON Schema modules until they are used.

msgspec's ``_utils`` module, loaded with msgspec, takes three names from
``typing_extensions`` when it is installed: ``get_type_hints``, ``Required`` and
``NotRequired``. Importing ``typing_extensions`` costs about 8 ms at every start, most of
it the standard library's ``inspect`` (with ``ast``, ``dis`` and ``tokenize``), which a
whole `gutskin export` otherwise never imports.

On Python 3.11 and newer those three are the standard library's own, for msgspec's use:
``typing_extensions.Required`` and ``NotRequired`` *are* ``typing``'s, and msgspec always
calls ``get_type_hints(..., include_extras=True)``, for which ``typing_extensions``
returns exactly what ``typing.get_type_hints`` returns (its own code only strips the
extras when they are not asked for, and mends optional arguments on 3.10). So, while
msgspec loads, a stand-in module holding ``typing``'s three is in place of
``typing_extensions``; any other name asked of it comes from the real module (imported
then). Once msgspec is loaded the stand-in is gone: a later ``import
typing_extensions`` gets the real one. On 3.10, or when ``typing_extensions`` is already
loaded, that stand-in is left out; when msgspec is already loaded, nothing is done.

msgspec's ``__init__`` also imports ``msgspec.inspect`` (type introspection) and, through
``msgspec.json``, its JSON Schema generator (with ``textwrap``): about 1.5 ms at every
start, for what this project asks only when it words a refused value
(``model/record_messages.py``) and never for a schema. While msgspec loads,
``msgspec.inspect`` is a :class:`~gutskin_desktop.stand_ins.StandIn`, which imports the
real module the first time a name is asked of it, and ``msgspec._json_schema`` one whose
``schema`` and ``schema_components`` are :class:`~gutskin_desktop.stand_ins.LazyCallable`
objects. Both leave ``sys.modules`` once msgspec is loaded, so a later import gets the
real modules.

msgspec imports ``uuid`` (for its UUID type), and ``uuid`` imports ``platform`` on Linux
and the BSDs only to ask ``platform.system()`` whether this is AIX or Linux: about 2 ms
(``platform`` compiles a dozen regular expressions as it loads), for a module nothing
else in an export or the app's start uses. While msgspec loads there, ``platform`` is a
:func:`~gutskin_desktop.stand_ins.platform_stand_in`, whose ``system()`` gives
``os.uname()``'s system name, which is what ``platform.system()`` gives wherever
``uname`` works (it rewrites only the names of Windows, which never gets here); any other
name asked of it comes from the real module. A later ``import platform`` gets the real
one (``export/speedups.py`` does the same for reportlab).

``gutskin_desktop/__init__.py`` calls :func:`import_msgspec` first, so it holds for every
way in (the app, the command line, batch workers, tests). ``tests/test_msgspec_import.py``
checks that msgspec reads every record type as it did. The benchmark row is the whole
`gutskin export` (``benchmarks/run_all.py``); see docs/performance.md, "Speed tricks".
"""
from __future__ import annotations

import importlib
import os
import sys
import types
import typing
from contextlib import ExitStack
from typing import Any

from .stand_ins import LazyCallable, StandIn, in_sys_modules, platform_stand_in

NAME = "typing_extensions"


def _real() -> types.ModuleType:
    """The real ``typing_extensions`` (imported now if only the stand-in is loaded)."""
    current = sys.modules.get(NAME)
    if current is not None and not getattr(current, "stand_in", False):
        return current
    sys.modules.pop(NAME, None)
    try:
        return importlib.import_module(NAME)
    finally:
        if current is not None and NAME not in sys.modules:  # no real one: put it back
            sys.modules[NAME] = current


def stand_in() -> types.ModuleType:
    """A module with ``typing``'s ``get_type_hints``, ``Required`` and ``NotRequired``;
    any other name is the real module's."""
    module = types.ModuleType(NAME, "typing's own names, for msgspec (see gutskin_desktop."
                                    "msgspec_import)")
    module.get_type_hints = typing.get_type_hints  # type: ignore[attr-defined]
    module.Required = typing.Required  # type: ignore[attr-defined]
    module.NotRequired = typing.NotRequired  # type: ignore[attr-defined]
    module.stand_in = True  # type: ignore[attr-defined]

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(), name)

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    return module


#: msgspec's modules loaded on first use, with the callables other modules import from them.
LATER = {"msgspec.inspect": (), "msgspec._json_schema": ("schema", "schema_components")}


def import_msgspec() -> None:
    """Import msgspec with the stand-in in place of ``typing_extensions`` (Python 3.11 and
    newer, when neither is loaded yet) and with :data:`LATER` standing in."""
    if "msgspec" in sys.modules:
        return
    with ExitStack() as meanwhile:
        for name, callables in LATER.items():
            later = StandIn(name, "loaded on first use (gutskin_desktop.msgspec_import)")
            for callable_name in callables:
                setattr(later, callable_name, LazyCallable(name, callable_name))
            meanwhile.enter_context(in_sys_modules(later))
        if sys.version_info >= (3, 11) and NAME not in sys.modules:
            meanwhile.enter_context(in_sys_modules(stand_in()))
        if "platform" not in sys.modules and "uuid" not in sys.modules \
                and hasattr(os, "uname") and sys.platform not in ("win32", "darwin"):
            meanwhile.enter_context(in_sys_modules(platform_stand_in(
                "platform.system() for uuid (see gutskin_desktop.msgspec_import)")))
        import msgspec  # noqa: F401  (loads msgspec._utils, which takes the three names)
