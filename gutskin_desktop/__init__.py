"""gutskin-desktop: an interactive gut-brain-skin axis diagram with printable handouts.

The version is defined here, once: pyproject.toml reads it from this file
(``[tool.setuptools.dynamic]``), so the installed package's metadata and
``gutskin_desktop.__version__`` always agree. This module imports nothing, so reading
the version (at build time, or from the command line) never loads Qt or reportlab.
"""

__version__ = "0.1.0"
