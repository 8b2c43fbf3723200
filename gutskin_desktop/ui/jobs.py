"""Running slow work off the GUI thread and hearing back on it.

:func:`run_job` runs a function in Qt's thread pool; its result or its error comes back
as a call on the GUI thread, so a slot never waits on a render or a file write.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work, self.relay = work, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread as a message
            self._send(self.relay.failed, exc)
        else:
            self._send(self.relay.done, result)

    @staticmethod
    def _send(signal: object, value: object) -> None:
        try:
            signal.emit(value)  # type: ignore[attr-defined]
        except RuntimeError:
            pass  # the owner (and so the relay) was deleted: nobody is waiting


_RELAYS: set[_Relay] = set()


def run_job(work: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None], owner: QObject | None = None) -> None:
    """Run ``work()`` in the thread pool; call back on the GUI thread when it ends.

    With an ``owner``, the call-back is dropped if the owner is deleted meanwhile.
    """
    relay = _Relay(owner)
    if owner is None:
        _RELAYS.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _RELAYS.discard(relay)
        callback(value)
    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    QThreadPool.globalInstance().start(_Job(work, relay))


def wait_for_jobs(msecs: int = 10_000) -> bool:
    """Wait until every job has finished (for shutting down and for tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
