"""One service for every slow job: previews, exports, printing and batches.

A job is a function of a :class:`CancelToken`, run in a thread pool. Its result, or the
exception it raised, comes back as a call on the GUI thread. Jobs are grouped by a *kind*
(a string the caller chooses, such as ``f"designer-preview:{id(window)}"``): a newer job of
a kind supersedes an older one, which is cancelled and calls nothing back. At most one job
of a kind runs at a time: a job submitted while an older one of its kind still runs waits
for it to stop, and only the newest waiting job is kept, so a fast run of edits costs one
render at the end, not one per edit.

Any job, or every job of a kind, can be cancelled; a long job checks its token between
steps (pages, rows) and stops there with :class:`Cancelled`. A job can also be *stopped*
(:meth:`Job.stop`): it ends at its next check like a cancelled one, but a job that returns
what it did so far (a batch) still reports it. A job may send progress values
(:meth:`CancelToken.report`), which arrive on the GUI thread too.

Everything a job needs is read on the GUI thread into immutable values before it is
submitted: a job never reads a widget.
"""
from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, Signal

T = TypeVar("T")
MIN_THREADS = 4  # a preview still starts while a batch and a print run on a 2-core machine


class Cancelled(Exception):
    """Raised inside a job that was cancelled or superseded; it is never reported."""


class CancelToken:
    """Tells a running job that its result is no longer wanted, and carries its progress."""

    def __init__(self, report: Callable[[object], None] | None = None) -> None:
        self._event = threading.Event()
        self._report = report

    @property
    def cancelled(self) -> bool:
        """True once the job was cancelled, superseded or asked to stop."""
        return self._event.is_set()

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self._event.set()

    def check(self) -> None:
        """Stop the job here (by raising :class:`Cancelled`) if it was cancelled."""
        if self._event.is_set():
            raise Cancelled

    def report(self, value: object) -> None:
        """Send a progress value to the job's ``on_progress``, on the GUI thread."""
        if self._report is not None:
            self._report(value)


class Job(Generic[T]):
    """One submitted job: its kind, its token, and what to call when it ends."""

    def __init__(self, kind: str, work: Callable[[CancelToken], T],
                 on_done: Callable[[T], object], on_error: Callable[[Exception], object],
                 on_progress: Callable[[Any], object] | None = None,
                 send_progress: Callable[[Job[Any], object], None] | None = None) -> None:
        self.kind = kind
        self.work = work
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self.token = CancelToken(None if send_progress is None
                                 else lambda value: send_progress(self, value))
        self.dropped = False  # cancelled, superseded, or its owner deleted: report nothing
        self._owner: weakref.ref[QObject] | None = None

    @property
    def cancelled(self) -> bool:
        """True once this job was cancelled, superseded or asked to stop."""
        return self.token.cancelled

    def cancel(self) -> None:
        """Cancel this job: it stops at its next check and calls nothing back."""
        self.dropped = True
        self.token.cancel()

    def stop(self) -> None:
        """Ask this job to end at its next check and still report: work that returns what
        it did so far (a batch's rows) calls ``on_done`` with it; work that raises
        :class:`Cancelled` calls nothing back."""
        self.token.cancel()

    def watch_owner(self, owner: QObject) -> None:
        """Cancel this job, and call nothing back, once ``owner`` is deleted."""
        self._owner = weakref.ref(owner)
        owner.destroyed.connect(self.cancel)

    def release(self) -> None:
        """Forget the owner (the job has ended), so it holds no connection to it."""
        owner = self._owner() if self._owner is not None else None
        self._owner = None
        if owner is not None and shiboken6.isValid(owner):  # not deleted already
            with contextlib.suppress(RuntimeError, TypeError):  # the owner is being deleted
                owner.destroyed.disconnect(self.cancel)


class _Relay(QObject):
    """Carries a job's outcome and progress from its worker thread to the GUI thread."""

    finished = Signal(object, object, object)  # job, result, error
    progressed = Signal(object, object)  # job, value


class _Runnable(QRunnable):
    """Runs one job in the pool and sends its outcome through the relay."""

    def __init__(self, job: Job[Any], relay: _Relay) -> None:
        super().__init__()
        self.job, self.relay = job, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        job = self.job
        if job.cancelled:
            self._send(None, Cancelled())
            return
        try:
            result = job.work(job.token)
        except Exception as exc:  # handed to the GUI thread as a message
            self._send(None, exc)
        except BaseException:  # the interpreter is stopping: end the job, then go on
            self._send(None, Cancelled())
            raise
        else:
            self._send(result, None)

    def _send(self, result: object, error: Exception | None) -> None:
        # the service was deleted (the app is closing): nobody is waiting
        with contextlib.suppress(RuntimeError):
            self.relay.finished.emit(self.job, result, error)


class RenderService(QObject):
    """Runs jobs off the GUI thread and reports back on it; one per session."""

    job_started = Signal(str)   # kind
    job_finished = Signal(str)  # kind, whether it succeeded, failed or was cancelled

    def __init__(self, parent: QObject | None = None,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(max(MIN_THREADS, QThread.idealThreadCount()))
        self._pool = pool
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finish)
        self._relay.progressed.connect(self._progress)
        self._running: dict[str, Job[Any]] = {}
        self._waiting: dict[str, Job[Any]] = {}
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def submit(self, kind: str, work: Callable[[CancelToken], T],
               on_done: Callable[[T], object],
               on_error: Callable[[Exception], object] | None = None,
               owner: QObject | None = None,
               on_progress: Callable[[Any], object] | None = None) -> Job[T]:
        """Run ``work(token)`` off the GUI thread; call ``on_done(result)`` or
        ``on_error(exception)`` back on the GUI thread (and ``on_progress(value)`` for
        each value the work reports).

        A job of the same ``kind`` still waiting or running is superseded: it is cancelled
        and calls nothing back, and this one starts once it has stopped. With an
        ``owner``, nothing is called back once the owner is deleted.
        """
        job: Job[T] = Job(kind, work, on_done, on_error or _ignore, on_progress,
                          self._send_progress)
        if owner is not None:
            job.watch_owner(owner)
        self._drop_waiting(kind)
        running = self._running.get(kind)
        self.job_started.emit(kind)
        if running is not None:
            running.cancel()
            self._waiting[kind] = job
        else:
            self._start(job)
        return job

    def cancel(self, kind: str) -> None:
        """Cancel the jobs of ``kind``: the one running and the one waiting."""
        self._drop_waiting(kind)
        running = self._running.get(kind)
        if running is not None:
            running.cancel()

    def cancel_all(self) -> None:
        """Cancel every job still waiting or running."""
        for kind in list(self._waiting):
            self._drop_waiting(kind)
        for job in self._running.values():
            job.cancel()

    def busy(self, kind: str | None = None) -> bool:
        """Whether a job (of ``kind``, or of any kind) is still to report back."""
        jobs = [*self._running.values(), *self._waiting.values()]
        return any((kind is None or job.kind == kind) and not job.dropped for job in jobs)

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for the running jobs to end (for closing the app and for tests); their
        call-backs, and the start of any job waiting for them, come with the next pass
        of the event loop."""
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Cancel every job and wait for the running ones (the app is quitting)."""
        self.cancel_all()
        self.wait()

    # -- inside ---------------------------------------------------------------------------

    def _start(self, job: Job[Any]) -> None:
        self._running[job.kind] = job
        self._pool.start(_Runnable(job, self._relay))

    def _drop_waiting(self, kind: str) -> None:
        waiting = self._waiting.pop(kind, None)
        if waiting is not None:
            waiting.cancel()
            waiting.release()
            self.job_finished.emit(kind)

    def _send_progress(self, job: Job[Any], value: object) -> None:
        """Called in the worker thread: pass a progress value to the GUI thread."""
        with contextlib.suppress(RuntimeError):  # the service was deleted
            self._relay.progressed.emit(job, value)

    def _progress(self, job: Job[Any], value: object) -> None:
        if not job.dropped and job.on_progress is not None:
            job.on_progress(value)

    def _finish(self, job: Job[Any], result: object, error: Exception | None) -> None:
        if self._running.get(job.kind) is job:
            del self._running[job.kind]
        job.release()
        waiting = self._waiting.pop(job.kind, None)
        if waiting is not None and waiting.dropped:  # its owner was deleted meanwhile
            waiting.release()
            self.job_finished.emit(waiting.kind)
        elif waiting is not None:
            self._start(waiting)
        self.job_finished.emit(job.kind)
        if job.dropped or isinstance(error, Cancelled):
            return
        if error is not None:
            job.on_error(error)
        else:
            job.on_done(result)


def _ignore(_error: Exception) -> None:
    """The default error handler of a job whose failure needs no message."""
