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


def test_the_first_paint_builds_no_enum_types_of_qt_classes_it_does_not_use() -> None:
    """PySide builds a Qt class's Python enum types when code first names the class (or
    meets an object of it), at about 0.1 ms each. The app started as `gutskin` starts it,
    to its first paint, builds none for the classes that paint does not use: the view's
    viewport is made in Python (a widget Qt made makes PySide look through every widget
    class it might be: QTabWidget, QTabBar...), the crash report's message box, the
    presenter's clock, the gradients behind QBrush and the app's icon (set just after the
    first paint) are named only when used."""
    out = _fresh("""
        import enum, sys
        built = []
        make = enum.EnumMeta.__new__
        def watched(metaclass, name, bases, namespace, **kw):
            made = make(metaclass, name, bases, namespace, **kw)
            built.append(made)
            return made
        enum.EnumMeta.__new__ = watched
        sys.argv = ["gutskin"]
        import gutskin_desktop.cli as cli
        run = cli._run
        at_paint = []
        def painted(window):
            enum.EnumMeta.__new__ = make
            seen = built[:at_paint[0]]  # those built before the paint event was handled
            from PySide6.QtCore import QElapsedTimer
            from PySide6.QtGui import QGradient, QIcon
            from PySide6.QtWidgets import QApplication, QMessageBox, QTabBar, QTabWidget
            unused = {"QTabWidget": QTabWidget.TabPosition, "QTabBar": QTabBar.Shape,
                      "QMessageBox": QMessageBox.StandardButton, "QIcon": QIcon.ThemeIcon,
                      "QGradient": QGradient.Preset, "QElapsedTimer": QElapsedTimer.ClockType}
            print(window.view.viewport().parent() is window.view, len(seen),
                  *[name for name, kind in unused.items() if any(kind is e for e in seen)])
            QApplication.instance().quit()
        def started(args):
            import gutskin_desktop.app as app
            from PySide6.QtCore import QEvent, QObject
            made = app.build_window
            class Paint(QObject):
                def eventFilter(self, watched, event):
                    if event.type() == QEvent.Type.Paint and not at_paint:
                        at_paint.append(len(built))
                    return False
            def build_window(*given):
                window = made(*given)
                window.watch = Paint(window)
                window.view.viewport().installEventFilter(window.watch)
                app.after_first_paint(window.view.viewport(), lambda: painted(window))
                return window
            app.build_window = build_window
            return run(args)
        cli._run = started
        cli.run()
    """)
    assert out[0] == "True"
    assert out[2:] == [], f"enum types of Qt classes the first paint does not use: {out[2:]}"
    assert int(out[1]) < 260, f"Python enum types built on the way to the first paint: {out[1]}"
