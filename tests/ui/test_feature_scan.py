"""ui/feature_scan.py: PySide's scan of each imported module's source is skipped for the
app's modules, and a module that asks for a PySide feature still gets it."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path


def _fresh(code: str, cwd: Path | None = None) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, check=True, timeout=120, env=env, cwd=cwd)
    return done.stdout.split()


def test_the_app_start_reads_no_module_source_for_pyside() -> None:
    out = _fresh("""
        import inspect
        from PySide6.QtWidgets import QApplication   # PySide first, as a script would
        read = []
        real = inspect.getsource
        def counting(thing):
            read.append(getattr(thing, "__name__", "?"))
            return real(thing)
        inspect.getsource = counting
        app = QApplication([])
        from gutskin_desktop.app import build_window
        window = build_window()
        print(window.objectName() or "window", len(read),
              sum(name.startswith("gutskin_desktop.") for name in read))
        print(*read)
    """)
    assert out[0] == "mainWindow"
    assert int(out[2]) == 0, f"modules of the app read by PySide: {out[3:]}"
    assert int(out[1]) <= 30, f"modules read by PySide: {out[3:]}"  # without: about 120
    assert not {"os", "functools", "__future__"} & set(out[3:]), "pyside_scan's own imports"
    assert not {"json.decoder", "html.entities"} & set(out[3:])


def test_a_module_that_asks_for_snake_case_still_gets_it(tmp_path: Path) -> None:
    (tmp_path / "snake_user.py").write_text(textwrap.dedent("""
        from __feature__ import snake_case  # noqa
        from PySide6.QtCore import QObject

        def name_of():
            thing = QObject()
            thing.set_object_name("snaky")
            return thing.object_name()
    """), encoding="utf-8")
    script = """
        import PySide6.QtCore
        {trick}
        import snake_user
        print(snake_user.name_of())
        from PySide6.QtCore import QObject
        import json  # a module imported after the selection
        print(hasattr(QObject(), "objectName"), hasattr(QObject(), "object_name"))
    """
    plain = _fresh(script.format(trick="pass"), cwd=tmp_path)
    skipped = _fresh(script.format(trick="from gutskin_desktop.ui import feature_scan"),
                     cwd=tmp_path)
    assert plain[0] == "snaky"
    assert skipped == plain, "the same names as PySide6 gives without the trick"


def test_the_first_paint_leaves_out_what_it_does_not_show() -> None:
    """ui/startup.py: the presenter's views and slide pages, the wheel guard and hashlib
    wait until they are used; presenting then loads its views."""
    out = _fresh("""
        import sys
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from gutskin_desktop.app import build_window
        window = build_window()
        names = ("gutskin_desktop.ui.presenter_view", "gutskin_desktop.ui.slide_text",
                 "gutskin_desktop.ui.wheel", "hashlib")
        print(*(name in sys.modules for name in names))
        window.show()
        QTest.qWait(200)  # the first paint, then what waits for it
        print("gutskin_desktop.ui.wheel" in sys.modules)
        QTest.keyClick(window.view, Qt.Key.Key_F5)
        QTest.qWait(200)
        print(window.presenter.active, "gutskin_desktop.ui.presenter_view" in sys.modules)
    """)
    assert out == ["False"] * 4 + ["True", "True", "True"]


def test_the_window_is_built_without_pyside_looking_through_every_widget_class() -> None:
    """ui/diagram_view.py: the view's viewport is made in Python. A widget Qt made and
    PySide meets for the first time makes PySide build the Python enum types of every
    widget class it might be (QTabWidget's, QTabBar's...), which the window never uses."""
    out = _fresh("""
        import enum
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from gutskin_desktop.app import build_window
        built = []
        make = enum.EnumType.__new__
        def watched(metaclass, name, bases, namespace, **kw):
            built.append(name)
            return make(metaclass, name, bases, namespace, **kw)
        enum.EnumType.__new__ = watched
        window = build_window()
        window.show()
        app.processEvents()
        print(window.view.viewport().parent() is window.view, len(built))
        print("TabPosition" in built, "TabShape" in built)
    """)
    assert out[0] == "True"
    assert out[2:] == ["False", "False"], "a widget class the window never uses"
    assert int(out[1]) < 40, f"Python enum types built for the window: {out[1]}"
