"""The `gutskin` command holds Python's cyclic garbage collector off (a start-up speed
trick, cli._hold_collector): a one-shot job ends with it still off, a batch turns it on
before its rows, and the app turns it on once its window is on screen."""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from pathlib import Path


def _gutskin(*args: str, before: str = "") -> list[str]:
    """Run ``gutskin ARGS`` as the command runs (cli.run), in a fresh process; what it
    printed, with the collector's state at the job's end (``collector on`` / ``off``)."""
    code = textwrap.dedent(f"""
        import gc, os, sys
        sys.argv = ["gutskin", *{list(args)!r}]
        import gutskin_desktop.cli as cli
        def ended(code):
            print("collector", "on" if gc.isenabled() else "off", "exit", code, flush=True)
            os._exit(code)
        cli._exit_now = ended
    """) + textwrap.dedent(before) + "cli.run()\n"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout.split()


def test_an_export_runs_with_the_collector_off_and_still_writes_its_pdf(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    said = _gutskin("export", "--layout", "a4-handout", "--out", str(out))
    assert said[-4:] == ["collector", "off", "exit", "0"], said
    assert out.read_bytes().startswith(b"%PDF")
    assert "wrote" in said


def test_a_batch_makes_its_rows_with_the_collector_on(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("patient,note\nAda,Keep a diary.\nBo,Drink water.\n", encoding="utf-8")
    said = _gutskin("batch", "--layout", "a4-handout", "--csv", str(rows), "--out-dir",
                    str(tmp_path / "out"), "--jobs", "1")
    assert said[-4:] == ["collector", "on", "exit", "0"], said
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2


def test_a_script_calling_main_keeps_its_collector() -> None:
    import gutskin_desktop.cli as cli

    assert gc.isenabled()
    assert cli.main(["layouts"]) == 0
    assert gc.isenabled()


def test_the_app_turns_the_collector_on_once_its_window_is_up() -> None:
    # the app started as `gutskin` starts it; once settled (SETTLE_MS after show) the
    # window closes itself and says whether the collector is on again
    before = """
        from PySide6.QtCore import QTimer
        import gutskin_desktop.app as app
        built = app.build_window
        def build_window(*args):
            window = built(*args)
            print("window", window.objectName(), "collector", gc.isenabled(), flush=True)
            QTimer.singleShot(app.SETTLE_MS + 300, lambda: (
                print("settled collector", gc.isenabled(), flush=True), window.close()))
            return window
        app.build_window = build_window
    """
    said = _gutskin(before=before)
    assert said[:4] == ["window", "mainWindow", "collector", "False"], said
    assert said[4:7] == ["settled", "collector", "True"], said
