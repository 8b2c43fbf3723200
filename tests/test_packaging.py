"""The standalone app: ``packaging/build-app.sh`` builds ``gutskin/`` with PyInstaller, and
the built executable runs the command line and the app with nothing of Python around it.

The build takes about a minute, so these tests are marked ``slow`` and skipped unless
asked for:

    .venv/bin/python -m pytest -m slow              # only these
    GUTSKIN_SLOW=1 .venv/bin/python -m pytest       # the whole suite, these included

The build uses this Python's environment (``build-app.sh --venv``; PyInstaller is
installed into it when missing) and writes the app into a temporary folder, not dist/.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

import gutskin_desktop

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "packaging" / "build-app.sh"
EXE_NAME = "gutskin.exe" if os.name == "nt" else "gutskin"

pytestmark = pytest.mark.slow


def _asked(config: pytest.Config) -> bool:
    """Whether the slow tests were asked for: ``-m slow`` or ``GUTSKIN_SLOW=1``."""
    expression = config.getoption("markexpr", "") or ""
    return (os.environ.get("GUTSKIN_SLOW") == "1"
            or re.search(r"(?<!not )\bslow\b", expression) is not None)


@pytest.fixture(scope="module")
def built(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The app built by ``packaging/build-app.sh`` (its folder), and what the script said."""
    if not _asked(request.config):
        pytest.skip("builds the standalone app (about a minute): run it with "
                    "`.venv/bin/python -m pytest -m slow` or GUTSKIN_SLOW=1")
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(["bash", str(BUILD), "--venv", sys.prefix, "--dist", str(dist)],
                            cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    yield dist / "gutskin", result.stdout
    shutil.rmtree(dist, ignore_errors=True)


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment with nothing of Python in it: no PYTHONPATH, no virtual environment,
    PATH without this Python's folder."""
    return {"PATH": os.pathsep.join(["/usr/bin", "/bin"]), "HOME": str(home),
            "LANG": "C.UTF-8", **extra}


def run_app(app: Path, *args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(app / EXE_NAME), *args], cwd=cwd, env=clean_env(cwd, **extra),
                          capture_output=True, text=True, timeout=300)


def test_build_script_builds_one_folder_and_smoke_tests_it(built: tuple[Path, str]) -> None:
    app, said = built
    assert (app / EXE_NAME).is_file() and os.access(app / EXE_NAME, os.X_OK)
    assert re.search(r"^built .*gutskin: \S+ on disk$", said, re.M), said
    assert f"gutskin {gutskin_desktop.__version__}" in said.splitlines()
    assert "smoke test passed" in said
    # the package's data and reportlab's fonts travel inside the folder
    data = app / "_internal" / "gutskin_desktop" / "data"
    assert (data / "layouts" / "a4-handout.json").is_file()
    assert (data / "icons" / "gutskin-256.png").is_file()
    assert list((app / "_internal" / "reportlab" / "fonts").glob("Vera*.ttf"))


def test_built_app_prints_its_version_without_python(built: tuple[Path, str],
                                                      tmp_path: Path) -> None:
    result = run_app(built[0], "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"gutskin {gutskin_desktop.__version__}\n"


def test_built_app_lists_the_shipped_layouts(built: tuple[Path, str], tmp_path: Path) -> None:
    result = run_app(built[0], "layouts", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert "a4-handout" in names and "large-print" in names and len(names) >= 8


def test_built_app_exports_the_same_pdf_as_the_source_install(
        built: tuple[Path, str], tmp_path: Path) -> None:
    args = ("export", "--layout", "a4-handout", "--deterministic", "--set", "date=2026-12-03",
            "--set", "patient=Zoë Ó'Brien")
    frozen = run_app(built[0], *args, "--out", str(tmp_path / "app.pdf"), cwd=tmp_path)
    assert frozen.returncode == 0, frozen.stderr
    assert "wrote" in frozen.stdout and "Traceback" not in frozen.stderr
    reader = pypdf.PdfReader(tmp_path / "app.pdf")
    assert len(reader.pages) >= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Zoë Ó" in text and "Brien" in text  # the name set in the details
    assert "Scientists are still learning" in text  # the shipped content, in its font
    source = subprocess.run([sys.executable, "-m", "gutskin_desktop.cli", *args, "--out",
                             str(tmp_path / "source.pdf")], cwd=tmp_path,
                            env=dict(os.environ, HOME=str(tmp_path)), capture_output=True,
                            text=True, timeout=300)
    assert source.returncode == 0, source.stderr
    assert (tmp_path / "app.pdf").read_bytes() == (tmp_path / "source.pdf").read_bytes()


def test_built_app_installs_a_desktop_entry_that_starts_it(built: tuple[Path, str],
                                                           tmp_path: Path) -> None:
    app = built[0]
    result = run_app(app, "install-desktop-entry", cwd=tmp_path,
                     XDG_DATA_HOME=str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "data" / "applications" / "gutskin.desktop").read_text(encoding="utf-8")
    assert f"\nExec={app / EXE_NAME}\n" in entry
    assert (tmp_path / "data" / "icons" / "hicolor" / "512x512" / "apps" /
            "gutskin-desktop.png").is_file()


@pytest.mark.skipif(not (shutil.which("xvfb-run") and shutil.which("xwininfo")),
                    reason="needs xvfb-run and xwininfo (Debian: xvfb, x11-utils)")
def test_built_app_opens_its_window_on_an_x_display(built: tuple[Path, str],
                                                    tmp_path: Path) -> None:
    # Under a virtual X display, start the app with a clean environment, wait (up to two
    # minutes) until its main window is on the screen, then close it.
    exe = built[0] / EXE_NAME
    script = (
        f'env -i PATH=/usr/bin:/bin HOME="{tmp_path}" LANG=C.UTF-8 DISPLAY="$DISPLAY" '
        f'XAUTHORITY="$XAUTHORITY" "{exe}" >"{tmp_path}/app.log" 2>&1 & app=$!\n'
        "for _ in $(seq 240); do\n"
        "  if xwininfo -root -tree | grep -q '\"Gut-brain-skin axis'; then\n"
        "    xwininfo -root -tree | grep '\"Gut-brain-skin axis'; kill $app; exit 0; fi\n"
        "  kill -0 $app 2>/dev/null || { echo 'the app ended'; exit 1; }\n"
        "  sleep 0.5\n"
        "done\n"
        "kill $app; echo 'no window'; exit 1\n")
    result = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "bash", "-c",
                             script], capture_output=True, text=True, timeout=300)
    log = (tmp_path / "app.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, result.stdout + result.stderr + log
    assert "Gut-brain-skin axis" in result.stdout
    assert "Traceback" not in log and "error:" not in log, log
