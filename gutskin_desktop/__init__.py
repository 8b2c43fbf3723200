"""gutskin-desktop: an interactive gut-brain-skin axis diagram with printable handouts.

The version is defined here, once: pyproject.toml reads it from this file
(``[tool.setuptools.dynamic]``, from the source text, without importing it), so the
installed package's metadata and ``gutskin_desktop.__version__`` always agree.

Importing the package loads msgspec, which every command and the app use, by way of
:mod:`.msgspec_import` (a start-up speed trick: msgspec without ``typing_extensions``).
Nothing here loads Qt or reportlab.
"""

from .msgspec_import import import_msgspec as _import_msgspec

__version__ = "0.1.0"

_import_msgspec()
