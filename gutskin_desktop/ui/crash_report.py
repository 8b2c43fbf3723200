"""Unexpected errors in the app: logged to a file, shown as one message, never a crash.

An exception that escapes a slot or an event handler reaches :func:`report`: the full
traceback is appended to ``gutskin.log`` in the user's data folder and the person sees a
short message saying what happened and where the details are. Edits are undoable
commands built before they are pushed, so a failed edit leaves the model as it was.
"""
from __future__ import annotations

import sys
import traceback
from datetime import datetime
from types import TracebackType

from PySide6.QtWidgets import QApplication

from ..model.paths import user_data_dir

_showing = False


def write_log(kind: type[BaseException], error: BaseException,
              trace: TracebackType | None) -> str:
    """Append the traceback to the log file; return the log's path (or a reason)."""
    path = user_data_dir() / "gutskin.log"
    text = "".join(traceback.format_exception(kind, error, trace))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{text}\n")
    except OSError as exc:
        return f"(the log could not be written: {exc.strerror})"
    return str(path)


def report(kind: type[BaseException], error: BaseException,
           trace: TracebackType | None) -> None:
    """sys.excepthook for the app: log, then tell the person once."""
    global _showing
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    where = write_log(kind, error, trace)
    print(f"error: unexpected problem ({kind.__name__}: {error}); details in {where}",
          file=sys.stderr)
    if _showing:
        return
    if QApplication.instance() is None:
        return
    _showing = True
    from PySide6.QtWidgets import QMessageBox  # start-up speed: named when first needed

    try:
        QMessageBox.critical(None, "Something went wrong",
                             f"The last action could not be completed: {error}\n\n"
                             f"Your work is unchanged. Details were written to {where}.")
    finally:
        _showing = False


def install() -> None:
    """Route unexpected exceptions to :func:`report`."""
    sys.excepthook = report
