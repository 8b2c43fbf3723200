"""The app in the desktop's applications menu: the freedesktop entry and its icons.

``gutskin install-desktop-entry`` writes ``gutskin.desktop`` into
``$XDG_DATA_HOME/applications`` (by default ``~/.local/share/applications``) with an
``Exec`` line that starts the very program that ran it (the standalone app's executable,
or the ``gutskin`` command of the Python environment it was run from), and the icon into
``$XDG_DATA_HOME/icons/hicolor/<N>x<N>/apps/`` (and ``scalable/apps/``), where desktops
(GNOME, KDE, Xfce...) look for a user's own applications. ``--uninstall`` removes them.

Every file is written atomically (:func:`.model.storage.write_atomic`), the entry last, so
a menu never shows an entry whose icon is missing; when a file cannot be written, the
files this run added are removed again and one :class:`SaveError` says which folder and
why. No Qt here: the command line uses this without a display, and the app reads the
icon's files from :func:`icon_files`.

``packaging/gutskin.desktop`` is the same entry as :func:`desktop_entry` writes, with
``Exec=gutskin``, for those who package the app for a Linux distribution.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .model.paths import DATA
from .model.storage import SaveError, write_atomic

DESKTOP_ID = "gutskin"  # the entry's file name (gutskin.desktop), and the window's
ICON_NAME = "gutskin-desktop"  # the icon's name in the icon theme (the entry's Icon=)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = DATA / "icons"

ENTRY = """\
[Desktop Entry]
Type=Application
Version=1.4
Name=Gut-Brain-Skin Axis
GenericName=Health Diagram and Patient Handouts
Comment=Explore how the gut, the brain and the skin are linked, and print patient \
handouts and posters
Keywords=gut;skin;brain;microbiome;eczema;acne;handout;leaflet;poster;patient;PDF;
Exec={exec}
Icon={icon}
Terminal=false
StartupNotify=true
StartupWMClass=gutskin
Categories=Education;MedicalSoftware;
"""

# Characters that make an Exec argument need quotes (the Desktop Entry Specification,
# "The Exec key"), and those that must be escaped with a backslash inside the quotes.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = set('"`$\\')


def icon_files() -> dict[int, Path]:
    """The icon as PNG files, by size in pixels (square)."""
    return {size: ICONS / f"gutskin-{size}.png" for size in ICON_SIZES}


def icon_svg() -> Path:
    """The icon as an SVG file (drawn at any size)."""
    return ICONS / "gutskin.svg"


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not an absolute path
    (the XDG Base Directory Specification says to ignore a relative one)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher() -> list[str]:
    """The command that starts this program again, as a list of arguments: the standalone
    app's executable, the ``gutskin`` command it was run as, or else this Python running
    the command line's module."""
    if getattr(sys, "frozen", False):
        return [os.path.abspath(sys.executable)]
    script = os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if script and os.path.isfile(script) and not script.endswith((".py", ".pyc")):
        return [script]  # the console script pip made (gutskin, or gutskin.exe)
    return [os.path.abspath(sys.executable), "-m", "gutskin_desktop.cli"]


def _quoted(argument: str) -> str:
    """One Exec argument, quoted as the Desktop Entry Specification asks."""
    if argument and not _RESERVED.intersection(argument):
        return argument
    inner = "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in argument)
    return f'"{inner}"'


def exec_value(argv: Sequence[str]) -> str:
    """The Exec key's value that runs ``argv``, as it is written in the file: each
    argument quoted where needed, ``%`` doubled (so it is no field code), and then the
    escapes every string value takes (a backslash written twice, line breaks as ``\\n``)."""
    line = " ".join(_quoted(arg).replace("%", "%%") for arg in argv)
    return (line.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


def desktop_entry(argv: Sequence[str] | None = None) -> str:
    """The text of ``gutskin.desktop``, starting ``argv`` (default: :func:`launcher`)."""
    return ENTRY.format(exec=exec_value(launcher() if argv is None else argv),
                        icon=ICON_NAME)


def entry_path(home: Path | None = None) -> Path:
    """Where the entry is installed."""
    return (home or data_home()) / "applications" / f"{DESKTOP_ID}.desktop"


def _icon_targets(home: Path) -> list[tuple[Path, Path]]:
    """(shipped file, where it is installed) for every icon file."""
    theme = home / "icons" / "hicolor"
    pairs = [(png, theme / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png")
             for size, png in icon_files().items()]
    pairs.append((icon_svg(), theme / "scalable" / "apps" / f"{ICON_NAME}.svg"))
    return pairs


def install(home: Path | None = None, argv: Sequence[str] | None = None) -> list[Path]:
    """Install the entry and its icons for this user; return the files written, the entry
    last. Raises :class:`SaveError` (and leaves none of the files it added) when one cannot
    be written."""
    home = home or data_home()
    writes = [(target, source.read_bytes()) for source, target in _icon_targets(home)]
    writes.append((entry_path(home), desktop_entry(argv).encode("utf-8")))
    added: list[Path] = []
    try:
        for target, data in writes:
            _make_folder(target.parent)
            existed = target.exists()
            write_atomic(target, data)
            if not existed:
                added.append(target)
    except SaveError:
        for path in reversed(added):
            path.unlink(missing_ok=True)
        raise
    return [target for target, _ in writes]


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"{folder}: the folder cannot be made: {_why(exc)}") from None


def _why(exc: OSError) -> str:
    """An OSError's reason in a few plain words."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return "a part of the path is a file, not a folder"
    return (exc.strerror or str(exc)).lower()


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove the entry and its icons; return the files removed (none when none was
    installed). Raises :class:`SaveError` when one cannot be removed."""
    home = home or data_home()
    removed: list[Path] = []
    for target in [entry_path(home), *(target for _, target in _icon_targets(home))]:
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise SaveError(f"{target}: cannot be removed: {_why(exc)}") from None
        removed.append(target)
    return removed
