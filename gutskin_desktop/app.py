"""Qt application set-up: fonts, style, ``build_window()`` and the GUI entry point."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .model.bulk import bulk, settle
from .model.bundle import load_bundle
from .model.errors import LoadError
from .model.paths import ASSETS, DIAGRAM_FILE, user_diagram_file
from .ui.main_window import MainWindow
from .ui.qtfonts import ui_font
from .ui.wheel import install as install_wheel_guard


SETTLE_MS = 500  # after start, the collector's one pass and freeze (see model.bulk.settle)


def _style_app(app: QApplication) -> None:
    if app.property("gutskinStyled"):
        return
    app.setFont(ui_font(10))
    app.setWindowIcon(QIcon(str(ASSETS / "icons" / "gutskin.svg")))
    try:
        app.setStyleSheet((ASSETS / "style.qss").read_text(encoding="utf-8"))
    except OSError:
        pass  # the look degrades to Qt's default; nothing else depends on it
    app.setProperty("gutskinStyled", True)


def build_window(content_path: str | Path | None = None,
                 diagram_path: str | Path | None = None) -> MainWindow:
    """Build the ready main window without entering the event loop.

    A QApplication must exist. A content or diagram file that cannot be loaded gives a
    window that shows the error instead of the diagram.
    """
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("build_window() needs a QApplication")
    _style_app(app)  # type: ignore[arg-type]
    install_wheel_guard(app)  # type: ignore[arg-type]  # the wheel scrolls, never edits
    with bulk():
        try:
            return MainWindow(load_bundle(content_path, diagram_path))
        except LoadError as error:
            mine = user_diagram_file()
            if diagram_path is None and Path(error.path) == mine:
                return _with_shipped_diagram(content_path, error)
            return MainWindow(None, error)


def _with_shipped_diagram(content_path: str | Path | None, error: LoadError) -> MainWindow:
    """The user's arranged diagram is broken: open the shipped one and say so."""
    try:
        window = MainWindow(load_bundle(content_path, DIAGRAM_FILE))
    except LoadError as second:
        return MainWindow(None, second)
    window.statusBar().showMessage(
        f"Your arranged diagram could not be opened ({error}); the shipped one is shown. "
        "Saving an arrangement replaces the broken file (it is kept as .bak).")
    return window


def run_gui(content_path: str | None = None, diagram_path: str | None = None) -> int:
    """Start the app and run its event loop until the window closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("gutskin")
    app.setOrganizationName("gutskin-desktop")
    from .ui import crash_report

    crash_report.install()
    from .model.storage import clean_user_folders

    clean_user_folders()  # temporary files left by saves that were killed
    window = build_window(content_path, diagram_path)
    window.show()
    QTimer.singleShot(SETTLE_MS, settle)  # once the first frames are on screen
    if window.error is not None:
        print(f"error: {window.error}", file=sys.stderr)
    return app.exec()


def main() -> int:
    """The GUI entry point with the command line's options."""
    from .cli import main as cli_main

    return cli_main()
