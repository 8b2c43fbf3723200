"""Regression guard for PySide6 6.12.0 on Python 3.11: Qt calls that return None.

That combination aborts the interpreter (``Fatal Python error: none_dealloc``) after about
5,000 such calls. The pin in pyproject.toml avoids it; this runs 20,000 of them in a child
process so a bad pin shows as a failed test rather than a crashed test run.
"""
from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QLabel
app = QApplication([])
label, item = QLabel(), QGraphicsRectItem(0, 0, 10, 10)
for i in range(10_000):
    label.setText(str(i))
    item.setPos(i, i)
print("done", label.text())
"""


def test_twenty_thousand_none_returning_qt_calls() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "done 9999" in result.stdout
