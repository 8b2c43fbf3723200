"""gutskin-desktop: an interactive gut-brain-skin axis diagram with printable handouts.

The version is defined here, once: pyproject.toml reads it from this file
(``[tool.setuptools.dynamic]``, from the source text, without importing it), so the
installed package's metadata and ``gutskin_desktop.__version__`` always agree.

Importing the package loads msgspec, which every command and the app use, by way of
:mod:`.msgspec_import` (a start-up speed trick: msgspec without ``typing_extensions``).
Nothing here loads Qt or reportlab. When Qt was loaded before this package (a script
that imports PySide6 first), :mod:`.pyside_scan` comes first, so that PySide's import
hook reads none of the modules that follow.
"""

import sys as _sys

if "shibokensupport.feature" in _sys.modules:  # PySide6's import hook is in place
    from . import pyside_scan as _pyside_scan  # noqa: F401  (applies itself)

from .msgspec_import import import_msgspec as _import_msgspec

__version__ = "0.1.0"

_import_msgspec()
