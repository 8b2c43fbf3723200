"""PySide6 imported, then its scan of every imported module's source skipped.

Importing this module imports PySide6 (which puts its ``__feature__`` import hook in
place) and then :mod:`gutskin_desktop.pyside_scan`, which notes the modules this project
and its libraries import as switching on no PySide feature (see there), so
:mod:`gutskin_desktop.app` imports it before anything else.
"""
from __future__ import annotations

import PySide6.QtCore  # noqa: F401  (puts PySide's import hook in place)

from .. import pyside_scan

pyside_scan.skip()  # the hook was put in place just now, or before the module was loaded
