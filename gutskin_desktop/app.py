"""Qt application set-up: fonts, style, ``build_window()`` and the event loop.

``build_window()`` loads the content and the diagram, makes the :class:`.Session` and
returns the main window on it, or, when a file cannot be loaded, the
:class:`.LoadErrorWindow` that says why. ``run_gui()`` shows that window and runs the
event loop; the ``gutskin`` command (:func:`gutskin_desktop.cli.run`) calls it, and this
module never imports the command line.
"""
from __future__ import annotations

# First of all: PySide6 in place, with its scan of each imported module's source skipped
from .ui import feature_scan  # noqa: F401  # isort: skip

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QApplication

from . import pattern_cache
from .desktop_entry import DESKTOP_ID, icon_files, icon_svg
from .model.bundle import Bundle, load_bundle
from .model.errors import LoadError
from .model.paths import ASSETS, DIAGRAM_FILE, user_diagram_file
from .model.storage import clean_user_folders
from .ui.collector import bulk, settle
from .ui.main_window import MainWindow
from .ui.qtfonts import ui_font
from .ui.session import Session
from .ui.startup import after_first_paint

if TYPE_CHECKING:  # imported when a file cannot be loaded, or once the window is up
    from PySide6.QtGui import QIcon  # (start-up speed)

    from .ui.load_error import LoadErrorWindow

_started = False  # whether a main window was built before in this process
SETTLE_MS = 500  # after start, the collector's one pass and freeze (see ui.collector.settle)


def _style_app(app: QApplication) -> None:
    if app.property("gutskinStyled"):
        return
    app.setFont(ui_font(10))
    # the icon comes just after the first paint (_settle_in): the desktop shows the
    # entry's icon meanwhile, matched by this name
    app.setDesktopFileName(DESKTOP_ID)  # so the desktop matches the window to its entry
    # without the style sheet the look degrades to Qt's default; nothing depends on it
    with contextlib.suppress(OSError):
        app.setStyleSheet((ASSETS / "style.qss").read_text(encoding="utf-8"))
    app.setProperty("gutskinStyled", True)


def install_wheel_guard(app: QApplication) -> None:
    """The wheel guard (:mod:`.ui.wheel`), imported when it is installed: just after the
    first paint (start-up speed, see :mod:`.ui.startup`)."""
    from .ui.wheel import install

    install(app)


def _settle_in(app: QApplication) -> None:
    """What waits for the first window's first paint (start-up speed, see
    :mod:`.ui.startup`): the app's icon and the wheel guard. Later windows get them at
    once (it is done only once)."""
    if app.windowIcon().isNull():
        app.setWindowIcon(app_icon())
    install_wheel_guard(app)
    pattern_cache.keep()  # the patterns compiled on the way, for the next start


def app_icon() -> QIcon:
    """The app's icon: its PNG sizes (read when a size is first wanted), and the SVG."""
    from PySide6.QtGui import QIcon  # start-up speed: its type (and, once the icon is
    # set, Qt's SVG icon plugin) load just after the first paint

    icon = QIcon()
    for size, path in icon_files().items():
        icon.addFile(str(path), QSize(size, size))
    icon.addFile(str(icon_svg()))
    return icon


def _application() -> QApplication:
    """The running QApplication, styled (the wheel guard comes with the first window)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("build_window() needs a QApplication")
    _style_app(app)
    return app


def build_window(content_path: str | Path | None = None,
                 diagram_path: str | Path | None = None) -> MainWindow | LoadErrorWindow:
    """Build the ready main window without entering the event loop.

    A QApplication must exist. A content or diagram file that cannot be loaded gives the
    window that shows the error instead (named ``mainWindow`` too, with an ``error``).
    """
    app = _application()
    with bulk():
        try:
            bundle, note = _load(content_path, diagram_path)
        except LoadError as error:
            from .ui.load_error import LoadErrorWindow

            _settle_in(app)
            return LoadErrorWindow(error)
        window = MainWindow(Session(bundle))
    if note:
        window.statusBar().showMessage(note)
    # the wheel scrolls, never edits: the guard (and the app's icon) come once the first
    # window's diagram is on screen (see ui.startup); any later window finds them there or
    # gets them at once
    global _started
    if _started:
        _settle_in(app)
    else:
        after_first_paint(window.view.viewport(), lambda: _settle_in(app))
    _started = True
    return window


def _load(content_path: str | Path | None,
          diagram_path: str | Path | None) -> tuple[Bundle, str]:
    """The bundle to open, and a note for the person when it is not the one asked for:
    a broken arranged diagram of the user's gives way to the shipped one."""
    try:
        return load_bundle(content_path, diagram_path), ""
    except LoadError as error:
        if diagram_path is not None or Path(error.path) != user_diagram_file():
            raise
        note = (f"Your arranged diagram could not be opened ({error}); the shipped one is "
                "shown. Saving an arrangement replaces the broken file (it is kept as .bak).")
        return load_bundle(content_path, DIAGRAM_FILE), note


def run_gui(content_path: str | None = None, diagram_path: str | None = None) -> int:
    """Start the app and run its event loop until the window closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("gutskin")
    app.setOrganizationName("gutskin-desktop")
    from .ui import crash_report  # start-up speed: its message box is made when needed

    crash_report.install()
    clean_user_folders()  # temporary files left by saves that were killed
    window = build_window(content_path, diagram_path)
    window.show()
    QTimer.singleShot(SETTLE_MS, settle)  # once the first frames are on screen
    if not isinstance(window, MainWindow):  # the window that says what could not be loaded
        print(f"error: {window.error}", file=sys.stderr)
    return app.exec()
