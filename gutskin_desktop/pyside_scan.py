"""Start-up speed trick: PySide6's scan of every imported module's source, skipped.

Once PySide6 is imported, its ``__feature__`` import hook (``shibokensupport.feature``)
looks at every module that an ``import`` statement hands back, once per module name, to
note whether the module may switch on one of PySide's optional features (``from
__feature__ import snake_case, true_property``). To find out it reads the module's whole
source (``inspect.getsource``) and looks for the word ``PySide6``. On the way to the main
window's first paint that is about 200 modules (``typing``, ``pathlib``, ``dataclasses``,
msgspec, every module of this project...), about 10 ms of reading files that nobody uses.

This project switches on no feature, and neither do the standard library or the packages
it imports. :func:`skip` notes each of them beforehand as PySide's own loader notes a
module that does not use PySide (the select id -1, "ignore this module"), so the hook
finds its answer and reads nothing. The modules named are those already imported, the
standard library's top-level modules (``sys.stdlib_module_names``), the packages this
project imports beside Qt, and every module of this project. A module that does import
``__feature__`` still gets its features: PySide's hook then overwrites the note. With any
other PySide6 (the hook's table gone or changed), :func:`skip` does nothing and the scan
simply happens as before.

This module imports no Qt: importing it applies the trick when PySide6's hook is in
place (PySide6 imported already), and does nothing otherwise.
:mod:`gutskin_desktop.ui.feature_scan` imports PySide6 and then this module, and
:mod:`gutskin_desktop.app` imports that before anything else; the package's ``__init__``
imports this module first when PySide6 was loaded before the package (a script), so that
PySide reads none of the modules that follow either. Justified by the benchmark row
"first paint of the main window" of ``benchmarks/run_all.py``; see docs/performance.md, "Speed
tricks, in one place".
"""
# The only import here: PySide's hook reads the source of each module imported before
# skip() has run (os is imported in project_modules, once the standard library's names
# are noted).
import sys

#: Packages this project imports besides Qt: none of them switches on a PySide feature.
OTHER_PACKAGES = ("msgspec", "typing_extensions", "pyphen", "bidi", "reportlab", "PIL",
                  "pypdfium2")

#: Submodules of the standard library that the app imports once PySide6 is loaded
#: (``sys.stdlib_module_names`` names only the top-level modules).
STDLIB_SUBMODULES = ("json.decoder", "json.encoder", "json.scanner", "html.entities",
                     "html.parser")

#: The select id with which PySide's loader notes a module that does not use PySide.
IGNORE = -1


def _feature_table() -> dict[str, int] | None:
    """PySide's table of each imported module's feature selection (None if this PySide6
    has none)."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


_project_modules: list[tuple[str, ...]] = []


def project_modules() -> tuple[str, ...]:
    """Every module and package of this project, by its full name (from the folders on
    disk, without importing any of them; read once, as :func:`skip` may run twice)."""
    if _project_modules:
        return _project_modules[0]
    import os

    import gutskin_desktop

    names: list[str] = []
    todo = [(folder, "gutskin_desktop") for folder in gutskin_desktop.__path__]
    while todo:
        folder, package = todo.pop()
        names.append(package)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py") and entry.name != "__init__.py":
                names.append(f"{package}.{entry.name[:-3]}")
            elif entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
                todo.append((entry.path, f"{package}.{entry.name}"))
    _project_modules.append(tuple(names))
    return _project_modules[0]


def skip() -> int:
    """Note the modules described above as using no PySide feature, where PySide has not
    noted them yet; returns how many were noted."""
    table = _feature_table()
    if table is None:
        return 0
    names = [name for name in sys.modules
             if name != "__main__" and not name.startswith(("PySide6", "shiboken"))]
    names += sorted(getattr(sys, "stdlib_module_names", ()))
    names += STDLIB_SUBMODULES
    names += OTHER_PACKAGES
    before = len(table)
    for name in names:
        table.setdefault(name, IGNORE)
    for name in project_modules():  # its imports (os) are noted now: PySide reads none
        table.setdefault(name, IGNORE)
    return len(table) - before


if "shibokensupport.feature" in sys.modules:  # PySide6 is loaded: its hook is in place
    skip()
