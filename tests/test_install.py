"""The wheel is the app: it carries the shipped data, and an install of it finds that data
inside the package, from any folder, not from a checkout.

The wheel is built (``pip wheel``) from a copy of the project's files, so nothing is
written into the checkout. Its contents are checked by name, then it is unpacked into a
temporary folder (what a non-editable install puts in site-packages) and the command line
runs from there, with the current folder elsewhere. `.ci/run` goes further: it installs
the wheel into a fresh virtual environment and runs the installed ``gutskin``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest

import gutskin_desktop
from tests.cli_support import reviewed_clinic

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "gutskin_desktop" / "data"
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE")
SHIPPED_LAYOUTS = ("a1-poster", "a2-poster", "a3-poster", "a4-handout", "large-print",
                   "letter-handout", "poster-24x36", "presenter-notes")
# What the app cannot run or ship without, named, so that a wheel that drops one fails
# even if the checkout lost it too.
REQUIRED = (
    "gutskin_desktop/data/content.json",
    "gutskin_desktop/data/diagram.json",
    "gutskin_desktop/data/style.qss",
    "gutskin_desktop/data/icons/gutskin.svg",
    "gutskin_desktop/data/images/gutskin-logo.png",
    "gutskin_desktop/data/fonts/DejaVuSans.ttf",
    "gutskin_desktop/data/fonts/DejaVuSans-Bold.ttf",
    "gutskin_desktop/data/fonts/DejaVuSans-Oblique.ttf",
    "gutskin_desktop/data/fonts/DejaVuSans-BoldOblique.ttf",
    "gutskin_desktop/data/fonts/DejaVuSerif.ttf",
    "gutskin_desktop/data/fonts/DejaVuSerif-Bold.ttf",
    "gutskin_desktop/data/fonts/DejaVuSerif-Italic.ttf",
    "gutskin_desktop/data/fonts/DejaVuSerif-BoldItalic.ttf",
    "gutskin_desktop/data/fonts/LICENSE-DejaVu.txt",
    "gutskin_desktop/data/colour/gutskin-cmyk-fogra39l.icc",
    "gutskin_desktop/data/colour/gutskin-cmyk-fogra39l.txt",
    *(f"gutskin_desktop/data/themes/{name}.json"
      for name in ("default", "warm-serif", "high-contrast")),
    *(f"gutskin_desktop/data/layouts/{name}.json" for name in SHIPPED_LAYOUTS),
)


def _ignored(folder: str, names: list[str]) -> set[str]:
    return {name for name in names if name == "__pycache__" or name.endswith(".pyc")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built by pip from a copy of its files."""
    source = tmp_path_factory.mktemp("source")
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "gutskin_desktop", source / "gutskin_desktop", ignore=_ignored)
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
         str(out), str(source)],
        cwd=out, capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = out.glob("gutskin_desktop-*.whl")
    return found


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel's files, as a non-editable install lays them out in site-packages."""
    folder = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(folder)
    return folder


def _from(path_entry: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` with only ``path_entry`` put before the installed packages, in
    ``cwd`` (so neither the checkout nor its editable install can supply the package)."""
    env = {**os.environ, "PYTHONPATH": str(path_entry), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_wheel_carries_the_data_the_licences_and_the_version(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"gutskin_desktop-{gutskin_desktop.__version__}.dist-info"
        metadata = archive.read(f"{info}/METADATA").decode("utf-8")
        licence = archive.read(f"{info}/licenses/LICENSE").decode("utf-8")
    missing = [name for name in REQUIRED if name not in names]
    assert not missing, missing
    shipped = {path.relative_to(ROOT).as_posix() for path in DATA.rglob("*")
               if path.is_file() and "__pycache__" not in path.parts}
    assert shipped - names == set(), "files in gutskin_desktop/data/ left out of the wheel"
    assert f"{info}/licenses/gutskin_desktop/data/fonts/LICENSE-DejaVu.txt" in names
    assert f"{info}/licenses/gutskin_desktop/data/colour/gutskin-cmyk-fogra39l.txt" in names
    assert "All rights reserved" in licence
    headers = metadata.split("\n\n", 1)[0].splitlines()
    assert f"Version: {gutskin_desktop.__version__}" in headers
    assert "License-Expression: LicenseRef-Proprietary" in headers
    assert "License-File: LICENSE" in headers
    assert not any(name.startswith(("tests/", "benchmarks/", "assets/", "layouts/"))
                   for name in names)


def test_the_installed_package_lists_the_shipped_layouts_from_any_folder(
        unpacked: Path, tmp_path: Path) -> None:
    where = _from(unpacked, tmp_path, "-c",
                  "import gutskin_desktop.model.paths as p; print(p.DATA)")
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()) == unpacked / "gutskin_desktop" / "data"
    listed = _from(unpacked, tmp_path, "-m", "gutskin_desktop.cli", "layouts")
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == ""
    names = [line.split()[0] for line in listed.stdout.splitlines()]
    assert names == sorted(SHIPPED_LAYOUTS)


def test_the_installed_package_exports_a_handout_from_any_folder(
        unpacked: Path, tmp_path: Path) -> None:
    clinic = reviewed_clinic(tmp_path)
    done = _from(unpacked, tmp_path, "-m", "gutskin_desktop.cli", "export", "--layout",
                 "a4-handout", "--out", "x.pdf", "--deterministic", "--clinic", str(clinic))
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(tmp_path / "x.pdf")
    assert len(reader.pages) == 5
    assert "Your gut, your brain and your skin" in reader.pages[0].extract_text()
    text = "".join(page.extract_text() for page in reader.pages)
    assert "A leakier gut wall" in text


def test_a_package_run_from_a_zip_archive_says_its_data_must_be_on_disk(
        wheel: Path, tmp_path: Path) -> None:
    """Fonts and images are opened by file name, so the data cannot be read inside a zip
    archive: the command says so in one line instead of finding nothing."""
    result = _from(wheel, tmp_path, "-m", "gutskin_desktop.cli", "layouts")
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "data folder is not a folder of files on disk" in lines[0]
    assert "zip archive" in lines[0]
    assert "unexpected problem" not in lines[0]


def test_a_package_installed_without_its_data_says_so(unpacked: Path, tmp_path: Path) -> None:
    """A wheel built without its package data (the licence file alone left in data/)
    used to list no layouts and exit 0; now every command stops with one line."""
    site = tmp_path / "site"
    shutil.copytree(unpacked / "gutskin_desktop", site / "gutskin_desktop")
    data = site / "gutskin_desktop" / "data"
    for path in data.iterdir():
        if path.is_dir() and path.name != "fonts":
            shutil.rmtree(path)
        elif path.is_file():
            path.unlink()
    result = _from(site, tmp_path, "-m", "gutskin_desktop.cli", "layouts")
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert f"data folder ({data}) has no content.json" in lines[0]
    assert "unexpected problem" not in lines[0] and "install it again" in lines[0]
