"""Run-time hook of the standalone app, in place of PyInstaller's own hook for PySide6.

PyInstaller's hook imports PySide6.QtCore at every start, to give Qt a ``qt.conf`` naming
the folder it was unpacked to; PySide6 from its wheels makes that itself when it is
imported, and the import costs every command-line job (``gutskin export``, ``gutskin
--version``, which never use Qt) about 50 ms. This hook only tells Qt where its plug-ins
are, which costs nothing; Qt is loaded when the app's window needs it.
"""
import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6")
if not sys.platform.startswith("win"):
    _qt = os.path.join(_qt, "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
del _qt
