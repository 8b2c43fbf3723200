"""``gutskin --version``, ``gutskin install-desktop-entry`` (and ``--uninstall``), the icon
files, ``packaging/gutskin.desktop`` and the window's icon and desktop file name.

The command is run as a user runs it, in a process of its own, with ``XDG_DATA_HOME`` set
to a temporary folder; what it leaves there (the entry, the icons) is what is checked.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

import gutskin_desktop
from gutskin_desktop import desktop_entry
from gutskin_desktop.desktop_entry import (
    ICON_NAME,
    ICON_SIZES,
    exec_value,
    icon_files,
    icon_svg,
    launcher,
)

from .cli_support import assert_one_error_line

ROOT = Path(__file__).resolve().parent.parent
CLI = ("-m", "gutskin_desktop.cli")
GUTSKIN_SCRIPT = Path(sys.executable).parent / ("gutskin.exe" if os.name == "nt" else "gutskin")


def gutskin(*args: str, data_home: Path | str | None = None, cwd: Path | None = None,
            program: tuple[str, ...] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``gutskin`` command (this Python's command-line module by default)."""
    env = dict(os.environ)
    if data_home is not None:
        env["XDG_DATA_HOME"] = str(data_home)
    command = [*(program or (sys.executable, *CLI)), *args]
    return subprocess.run(command, cwd=cwd or ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def read_entry(path: Path) -> dict[str, str]:
    """The ``[Desktop Entry]`` group of a .desktop file, keys as written."""
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    assert header == "[Desktop Entry]"
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    assert all(len(pair) == 2 for pair in pairs), lines
    entry = dict(pairs)
    assert len(entry) == len(pairs), "a key is given twice"
    return entry


def installed_icons(data_home: Path) -> list[Path]:
    return sorted((data_home / "icons").rglob("*")) if (data_home / "icons").exists() else []


# -- --version --------------------------------------------------------------------------

def test_version_prints_the_package_version_and_exits_0(tmp_path: Path) -> None:
    result = gutskin("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"gutskin {gutskin_desktop.__version__}\n"
    assert result.stderr == ""


def test_version_loads_neither_reportlab_nor_qt() -> None:
    script = ("import sys\n"
              "from gutskin_desktop import cli\n"
              "try:\n    cli.main(['--version'])\n"
              "except SystemExit as stop:\n    print('exit', stop.code)\n"
              "heavy = ('reportlab', 'PySide6', 'shiboken6', 'PIL', 'pypdfium2', 'pyphen')\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.splitlines() == [f"gutskin {gutskin_desktop.__version__}", "exit 0",
                                          "[]"], result.stderr


# -- the icon files ----------------------------------------------------------------------

def test_every_icon_size_is_shipped_as_a_square_png_of_that_size() -> None:
    assert set(icon_files()) == {16, 24, 32, 48, 64, 128, 256, 512}
    for size, path in icon_files().items():
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (size, size), path
            assert image.mode == "RGBA"
            corner, middle = image.getpixel((0, 0)), image.getpixel((size // 2, size // 2))
            assert corner[3] == 0, f"{path}: the rounded corner is not transparent"
            assert middle[3] == 255, f"{path}: the middle of the icon is not drawn"
    assert icon_svg().read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_the_executables_icons_hold_every_size() -> None:
    with Image.open(ROOT / "packaging" / "icons" / "gutskin.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ROOT / "packaging" / "icons" / "gutskin.icns") as icns:
        assert icns.format == "ICNS"
        assert {(16, 16, 2), (128, 128, 1), (512, 512, 2)} <= set(icns.info["sizes"])


# -- the entry's text ---------------------------------------------------------------------

def test_packaged_entry_is_the_one_the_command_installs() -> None:
    packaged = ROOT / "packaging" / "gutskin.desktop"
    assert packaged.read_text(encoding="utf-8") == desktop_entry.desktop_entry(["gutskin"])
    entry = read_entry(packaged)
    assert entry["Type"] == "Application" and entry["Exec"] == "gutskin"
    assert entry["Icon"] == ICON_NAME and entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == "gutskin"  # the window's class (applicationName)
    assert "Education" in entry["Categories"].split(";")
    assert "MedicalSoftware" in entry["Categories"].split(";")
    assert entry["Name"] and entry["GenericName"] and entry["Comment"]


@pytest.mark.skipif(not shutil.which("desktop-file-validate"),
                    reason="desktop-file-validate is not installed (desktop-file-utils)")
def test_packaged_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(["desktop-file-validate", str(ROOT / "packaging" / "gutskin.desktop")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout


@pytest.mark.parametrize(("argv", "written"), [
    (["/usr/bin/gutskin"], "/usr/bin/gutskin"),
    (["/opt/Gut Skin/gutskin"], '"/opt/Gut Skin/gutskin"'),
    (["/home/ann/100%/gutskin"], "/home/ann/100%%/gutskin"),
    # inside quotes " ` $ \ take a backslash; then every backslash is doubled in the file
    (['/a/b"c$d\\e'], '"/a/b\\\\"c\\\\$d\\\\\\\\e"'),
    (["/usr/bin/python3", "-m", "gutskin_desktop.cli"],
     "/usr/bin/python3 -m gutskin_desktop.cli"),
])
def test_exec_line_quotes_as_the_specification_asks(argv: list[str], written: str) -> None:
    assert exec_value(argv) == written


def test_launcher_of_the_standalone_app_is_its_executable(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    executable = tmp_path / "dist" / "gutskin" / "gutskin"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    assert launcher() == [str(executable)]


def test_launcher_of_the_console_script_is_the_script(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    script = tmp_path / "bin" / "gutskin"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", [str(script), "install-desktop-entry"])
    assert launcher() == [str(script)]


# -- install and uninstall -------------------------------------------------------------

def test_install_writes_the_entry_and_every_icon_and_the_entry_starts_gutskin(
        tmp_path: Path) -> None:
    home = tmp_path / "data"
    result = gutskin("install-desktop-entry", data_home=home, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    entry_file = home / "applications" / "gutskin.desktop"
    assert result.stdout.startswith("added the app to the applications menu: ")
    assert str(entry_file) in result.stdout
    entry = read_entry(entry_file)
    assert entry["Icon"] == ICON_NAME and entry["Type"] == "Application"
    # the Exec line runs the program that installed it: here this Python's gutskin
    command = shlex.split(entry["Exec"])
    assert command == [sys.executable, *CLI]
    started = subprocess.run([*command, "--version"], capture_output=True, text=True,
                             cwd=tmp_path, timeout=60)
    assert started.stdout == f"gutskin {gutskin_desktop.__version__}\n"
    theme = home / "icons" / "hicolor"
    for size in ICON_SIZES:
        with Image.open(theme / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png") as image:
            assert image.size == (size, size)
    assert (theme / "scalable" / "apps" / f"{ICON_NAME}.svg").read_bytes() == \
        icon_svg().read_bytes()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry_file)],
                               capture_output=True, text=True, timeout=60)
        assert check.returncode == 0 and check.stdout == "", check.stdout
    # nothing else is left in the folders: no temporary files of the atomic writes
    files = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
    assert files == sorted(["applications/gutskin.desktop",
                            f"icons/hicolor/scalable/apps/{ICON_NAME}.svg",
                            *(f"icons/hicolor/{s}x{s}/apps/{ICON_NAME}.png"
                              for s in ICON_SIZES)])


@pytest.mark.skipif(not GUTSKIN_SCRIPT.is_file(), reason="no gutskin script beside this Python")
def test_install_from_the_gutskin_command_points_exec_at_that_command(tmp_path: Path) -> None:
    home = tmp_path / "data"
    result = gutskin("install-desktop-entry", data_home=home, cwd=tmp_path,
                     program=(str(GUTSKIN_SCRIPT),))
    assert result.returncode == 0, result.stderr
    entry = read_entry(home / "applications" / "gutskin.desktop")
    assert shlex.split(entry["Exec"]) == [str(GUTSKIN_SCRIPT)]


def test_install_again_replaces_the_entry(tmp_path: Path) -> None:
    home = tmp_path / "data"
    (home / "applications").mkdir(parents=True)
    (home / "applications" / "gutskin.desktop").write_text("[Desktop Entry]\nExec=old\n",
                                                          encoding="utf-8")
    assert gutskin("install-desktop-entry", data_home=home).returncode == 0
    entry = read_entry(home / "applications" / "gutskin.desktop")
    assert shlex.split(entry["Exec"]) == [sys.executable, *CLI]


def test_a_relative_xdg_data_home_is_ignored(tmp_path: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME="relative/data", HOME=str(tmp_path))
    result = subprocess.run([sys.executable, *CLI, "install-desktop-entry"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".local" / "share" / "applications" / "gutskin.desktop").is_file()
    assert not (tmp_path / "relative").exists()


def test_uninstall_removes_the_entry_and_the_icons_and_nothing_else(tmp_path: Path) -> None:
    home = tmp_path / "data"
    other = home / "icons" / "hicolor" / "48x48" / "apps" / "someone-else.png"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"not ours")
    assert gutskin("install-desktop-entry", data_home=home).returncode == 0
    result = gutskin("install-desktop-entry", "--uninstall", data_home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("took the app off the applications menu: removed "
                                    f"{len(ICON_SIZES) + 2} files")
    assert not (home / "applications" / "gutskin.desktop").exists()
    assert [p for p in installed_icons(home) if p.is_file()] == [other]
    again = gutskin("install-desktop-entry", "--uninstall", data_home=home)
    assert again.returncode == 0
    assert again.stdout.startswith("nothing to remove: no desktop entry at ")


def test_a_data_folder_that_is_a_file_gives_one_error_line_and_writes_nothing(
        tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    result = gutskin("install-desktop-entry", data_home=blocker)
    assert_one_error_line(result, "cannot add the app to the menu", str(blocker),
                          "a part of the path is a file, not a folder")
    assert blocker.read_text(encoding="utf-8") == "a file where the data folder should be"


def test_an_entry_that_cannot_be_written_takes_back_the_icons_it_added(
        tmp_path: Path) -> None:
    home = tmp_path / "data"
    home.mkdir()
    (home / "applications").write_text("in the way", encoding="utf-8")
    result = gutskin("install-desktop-entry", data_home=home)
    assert_one_error_line(result, "cannot add the app to the menu",
                          str(home / "applications"))
    assert [p for p in installed_icons(home) if p.is_file()] == []
    assert (home / "applications").read_text(encoding="utf-8") == "in the way"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a folder this user cannot write to (root writes anywhere)")
def test_a_folder_without_write_permission_gives_one_error_line(tmp_path: Path) -> None:
    home = tmp_path / "data"
    home.mkdir()
    home.chmod(0o500)
    try:
        result = gutskin("install-desktop-entry", data_home=home)
    finally:
        home.chmod(0o700)
    assert_one_error_line(result, "cannot add the app to the menu", "permission denied")
    assert list(home.iterdir()) == []


# -- the window ---------------------------------------------------------------------------

def test_the_window_has_the_icon_in_every_size_and_names_its_desktop_entry(
        qtbot: QtBot) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from gutskin_desktop.app import build_window

    window = build_window()
    qtbot.addWidget(window)
    assert QApplication.desktopFileName() == "gutskin"
    window.show()  # the first window gets the icon just after its first paint
    qtbot.waitUntil(lambda: not QApplication.windowIcon().isNull(), timeout=5000)
    icon = QApplication.windowIcon()
    assert {QSize(s, s) for s in ICON_SIZES} <= set(icon.availableSizes())
    for size in (16, 32, 40):  # a shipped size, and one drawn from the nearest
        image = icon.pixmap(size, size).toImage()
        assert image.width() == size
        assert image.pixelColor(size // 2, size // 2).alpha() == 255
    assert not window.windowIcon().isNull()
