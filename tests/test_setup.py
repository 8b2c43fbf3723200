"""The README's two commands, the CI script that runs the test command, and the pin."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line and not line.startswith("#")]


def test_readme_has_two_commands_and_ci_runs_the_test_command() -> None:
    app, tests = _quick_start()
    assert app.startswith("python3 -m venv .venv") and app.endswith(".venv/bin/gutskin")
    assert tests.startswith("python3 -m venv .venv") and "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()


def test_pyside6_is_pinned_around_the_none_dealloc_crash() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pins = re.findall(r'"(PySide6[^"]*)"', text)
    old = [p for p in pins if "python_version < '3.12'" in p]
    assert old and "<6.12" in old[0]
    assert re.search(r'^gutskin = "gutskin_desktop\.cli:run"$', text, re.M)
    assert re.search(r"^test = \[", text, re.M)
