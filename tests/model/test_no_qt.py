"""The model and the ``check`` command run without importing Qt (PySide6 or shiboken6)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = ROOT / "gutskin_desktop" / "model"

SCRIPT = textwrap.dedent("""
    import importlib, io, pkgutil, sys
    from contextlib import redirect_stdout

    import gutskin_desktop.model as model
    names = sorted(m.name for m in pkgutil.iter_modules(model.__path__))
    for name in names:
        importlib.import_module("gutskin_desktop.model." + name)
    from gutskin_desktop import cli

    out = io.StringIO()
    with redirect_stdout(out):
        status = cli.main(["check", sys.argv[1], sys.argv[2]])
    print("MODULES", ",".join(names))
    print("STATUS", status)
    print("CHECKED", out.getvalue().count(": ok,"))
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print("QT", ",".join(qt) if qt else "none")
""")


def test_model_and_check_command_import_no_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, "gutskin_desktop/data/content.json",
         "gutskin_desktop/data/diagram.json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    expected = sorted(p.stem for p in MODEL_DIR.glob("*.py") if p.stem != "__init__")
    assert lines["MODULES"].split(",") == expected
    assert lines["STATUS"] == "0"
    assert lines["CHECKED"] == "2"
    assert lines["QT"] == "none", f"Qt was imported: {lines['QT']}"
