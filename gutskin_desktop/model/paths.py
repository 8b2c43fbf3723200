"""Where the project's data lives: the data shipped inside the package, and the user's folders.

The shipped content, diagram, layouts, fonts (with their licence), icons, images and style
sheet are package data, in ``gutskin_desktop/data/``, found beside the package's own
modules, so that a wheel, an editable install and the standalone app all read them from
the installed package, whatever the current folder. reportlab and Qt open fonts and images
by file name, so the folder must be real files on disk: it always is when the package is
installed (from a wheel or a source folder) or frozen by PyInstaller, and anything else
(a zip archive) fails here at once with one message saying so.

The folder is found from this module's ``__file__``, which is what
``importlib.resources.files`` gives for a package of files (a test checks that they
agree). ``importlib.resources`` is not imported for it: it loads ``tempfile``, ``shutil``,
``zipfile`` and more, a few milliseconds of every start (docs/performance.md, "Speed tricks").
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import DataFolderError

PACKAGE = "gutskin_desktop"
DATA_NAME = "the app's data folder"  # how messages to users name DATA


def package_folder() -> Path:
    """The folder of the ``gutskin_desktop`` package (this module's parent's)."""
    return Path(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def real_folder(found: object, marker: str = "content.json") -> Path:
    """The folder ``found`` (a Path, or a ``Traversable`` from ``importlib.resources``)
    as a Path.

    Raises DataFolderError when it is not a folder on disk, or when it lacks ``marker``
    (a package built or frozen without its data), naming the folder."""
    path = found if isinstance(found, Path) else Path(str(found))
    if not path.is_dir():
        raise DataFolderError(
            f"gutskin-desktop's data folder is not a folder of files on disk ({found}): "
            "install the package with pip (or use the standalone app) instead of running it "
            "from a zip archive")
    if not (path / marker).is_file():
        raise DataFolderError(
            f"gutskin-desktop's data folder ({path}) has no {marker}: the package was "
            "installed without its data; install it again from a complete wheel or source")
    return path


DATA = real_folder(package_folder() / "data")
ASSETS = DATA  # content, diagram, fonts/, icons/, images/ (what image blocks name) and style
LAYOUTS = DATA / "layouts"
CONTENT_FILE = DATA / "content.json"
DIAGRAM_FILE = DATA / "diagram.json"


def user_data_dir() -> Path:
    """The user's data folder for gutskin (``$XDG_DATA_HOME/gutskin-desktop``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "gutskin-desktop"


def user_layouts_dir() -> Path:
    """Where layouts saved from the designer live."""
    return user_data_dir() / "layouts"


def user_images_dir() -> Path:
    """The user's image library: pictures imported from anywhere, which layouts name as
    ``library/<name>`` and the clinic profile may use as its logo."""
    return user_data_dir() / "images"


def user_diagram_file() -> Path:
    """The diagram as arranged in the app (used instead of the shipped one when present)."""
    return user_data_dir() / "diagram.json"


def diagram_file() -> Path:
    """The diagram the app and the export use: the user's arrangement, else the shipped."""
    mine = user_diagram_file()
    return mine if mine.is_file() else DIAGRAM_FILE
