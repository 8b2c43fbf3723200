"""Where the project's data lives: shipped assets and layouts, and the user's folders."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ASSETS = ROOT / "assets"
LAYOUTS = ROOT / "layouts"
CONTENT_FILE = ASSETS / "content.json"
DIAGRAM_FILE = ASSETS / "diagram.json"


def user_data_dir() -> Path:
    """The user's data folder for gutskin (``$XDG_DATA_HOME/gutskin-desktop``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "gutskin-desktop"


def user_layouts_dir() -> Path:
    """Where layouts saved from the designer live."""
    return user_data_dir() / "layouts"


def user_diagram_file() -> Path:
    """The diagram as arranged in the app (used instead of the shipped one when present)."""
    return user_data_dir() / "diagram.json"


def diagram_file() -> Path:
    """The diagram the app and the export use: the user's arrangement, else the shipped."""
    mine = user_diagram_file()
    return mine if mine.is_file() else DIAGRAM_FILE
