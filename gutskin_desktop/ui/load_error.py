"""The window shown instead of the explorer when the content or diagram cannot be loaded.

It says which file is wrong, where and why (the :class:`.LoadError`'s text, selectable so
that it can be copied), what to do, and offers Quit. It carries the contract name
``mainWindow`` so that a person, a test or a screen reader finds it where the main window
would be, and keeps the ``error`` for the command line to print.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from ..model.errors import LoadError


class LoadErrorWindow(QMainWindow):
    """One clear message about a file that could not be opened, and Quit."""

    def __init__(self, error: LoadError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.setObjectName("mainWindow")
        self.setWindowTitle("Gut-brain-skin axis - gutskin")
        self.resize(1280, 800)
        self.setCentralWidget(self._message(error))
        quit_action = QAction("&Quit", self)
        quit_action.setObjectName("actionQuit")
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        self.menuBar().addMenu("&File").addAction(quit_action)
        self.addAction(quit_action)

    @staticmethod
    def _message(error: LoadError) -> QWidget:
        """The page with the error's text in a label named ``loadError``."""
        page = QWidget()
        page.setObjectName("centralArea")
        label = QLabel(f"<h2>The diagram could not be opened</h2>"
                       f"<p>{escape(str(error), quote=False)}</p>"
                       "<p>Fix the file named above, then start the app again.</p>")
        label.setObjectName("loadError")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout(page)
        column.setContentsMargins(60, 60, 60, 60)
        column.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        column.addStretch(1)
        return page
