"""Batch handouts on every core: the rows of a batch made by a pool of worker processes.

This is the one place the batch's speed trick lives (benchmarks/run_all.py, row "batch
of 1,000 A4 handouts, whole command", against the same command with ``--jobs 1``
measured in the same run). Each handout is a few tens of milliseconds of pure Python
(reportlab laying out and drawing text), so threads would take turns on one core; worker
processes each take a share of the rows.

- Workers import once. From a process that has not imported Qt (``gutskin batch``) they
  are forked, so they start with the parent's modules, layout, content and fonts already
  loaded. Forking a process that runs Qt's threads is unsafe, so from the app they come
  from a fork server that imported the export modules once (spawn where there is none).
- Rows go to the workers in small chunks, a few chunks ahead, so that a stop (Ctrl-C,
  the app's Cancel) waits for at most the chunks under way; nothing new is started after
  it. Each worker writes its PDFs itself, each atomically (a temporary file renamed), so
  a file is whole or not there.
- Workers ignore Ctrl-C (the terminal sends it to the whole process group): the parent
  alone decides to stop, then waits for the chunks under way, so no worker is killed
  half-way through a file and none is left behind.
- The outcomes are put back in row order before they are added to the result, so the
  PDFs, their names, the warnings and the failures are those of the one-process run
  (:func:`.batch.run_batch` with ``jobs=1``); with ``deterministic`` the PDFs are the
  same bytes.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext

from .batch import BatchJob, BatchResult, Outcome, Row, add_outcome, stopped

CHUNK_ROWS = 4  # rows a worker makes per task: a stop waits for at most this many each
AHEAD = 2  # chunks queued per worker beyond the one it is making
_POLL_S = 0.1  # how often the parent looks whether it was asked to stop

_JOB: BatchJob | None = None  # the batch a worker makes rows of


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def pool_context() -> BaseContext:
    """How workers are started: forked from a process without Qt, else from a fork
    server (or spawned where there is none)."""
    methods = multiprocessing.get_all_start_methods()
    if "PySide6" not in sys.modules and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["gutskin_desktop.export.batch"])
        return context
    return multiprocessing.get_context("spawn")


def _start_worker(job: BatchJob | None) -> None:
    """A worker's start: Ctrl-C is the parent's to act on, and the batch is kept."""
    global _JOB
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if job is not None:
        _JOB = job


def _make_chunk(chunk: list[tuple[int, Row]]) -> list[tuple[int, Outcome]]:
    """Make a chunk of rows in a worker: each row's index and outcome.

    Writing a PDF mostly waits for the disk (the atomic write flushes it), so a thread
    of the worker writes each PDF while the next row is made; the chunk ends when all
    of its PDFs are written."""
    assert _JOB is not None, "worker started without its batch"
    out: list[tuple[int, Outcome | Future[Outcome]]] = []
    writing: Future[Outcome] | None = None
    with ThreadPoolExecutor(max_workers=1) as writer:
        for index, row in chunk:
            made = _JOB.render(index, row)
            if isinstance(made, Outcome):
                out.append((index, made))
                continue
            if writing is not None and writing.result().unwritable is not None:
                break  # the folder takes no more: leave the rest of the chunk unmade
            writing = writer.submit(made.write)
            out.append((index, writing))
    return [(index, o.result() if isinstance(o, Future) else o) for index, o in out]


def run_pool(job: BatchJob, rows: list[Row], result: BatchResult, jobs: int,
             progress: Callable[[int, int], None] | None,
             cancelled: Callable[[], bool] | None) -> None:
    """Make ``rows`` with ``jobs`` worker processes into ``result``, as
    :func:`.batch.run_batch` does with one (``interrupted`` after Ctrl-C, ``cancelled``
    when ``cancelled()`` says so; both stop after the chunks under way)."""
    global _JOB
    numbered = list(enumerate(rows, start=1))
    chunks = [numbered[i:i + CHUNK_ROWS] for i in range(0, len(numbered), CHUNK_ROWS)]
    context = pool_context()
    forked = context.get_start_method() == "fork"
    if forked:
        from .text import family, read_faces

        read_faces(family())  # fonts read once, before the workers are forked
        _JOB = job
    outcomes: dict[int, Outcome] = {}
    done = 0
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=context,
                               initializer=_start_worker,
                               initargs=(None if forked else job,))
    running: set[Future[list[tuple[int, Outcome]]]] = set()
    waiting = iter(chunks)
    broken: BaseException | None = None
    try:
        try:
            while True:
                stop_asked = _stop_asked(result, cancelled)
                while not stop_asked and broken is None and len(running) < jobs * (1 + AHEAD):
                    chunk = next(waiting, None)
                    if chunk is None:
                        break
                    running.add(pool.submit(_make_chunk, chunk))
                if not running:
                    break
                finished, running = _wait(running)
                for future in finished:
                    try:
                        made = future.result()
                    except BrokenProcessPool as exc:
                        broken = exc
                        continue
                    outcomes.update(made)
                    done += len(made)
                    if progress and not stop_asked and not any(
                            o.unwritable for _, o in made):
                        progress(done, len(rows))
                if any(o.unwritable for o in outcomes.values()):
                    waiting = iter(())  # the folder takes no more: start nothing new
        except KeyboardInterrupt:
            result.interrupted = True
            _finish(running)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _JOB = None
    if broken is not None and not (result.interrupted or result.cancelled):
        for index, row in numbered:
            outcomes.setdefault(index, Outcome(
                row.number, failure="the worker process making this row stopped "
                f"unexpectedly ({type(broken).__name__})"))
    _collect(result, outcomes, len(rows))


def _stop_asked(result: BatchResult, cancelled: Callable[[], bool] | None) -> bool:
    if result.cancelled or result.interrupted:
        return True
    if cancelled and cancelled():
        result.cancelled = True
        return True
    return False


def _wait(running: set[Future[list[tuple[int, Outcome]]]]) -> tuple[
        set[Future[list[tuple[int, Outcome]]]], set[Future[list[tuple[int, Outcome]]]]]:
    """The chunks finished within a short while, and those still under way."""
    finished, left = wait(running, timeout=_POLL_S, return_when=FIRST_COMPLETED)
    return set(finished), set(left)


def _finish(running: set[Future[list[tuple[int, Outcome]]]]) -> None:
    """After Ctrl-C: let the chunks under way end (their PDFs are written whole), a
    second Ctrl-C included; start nothing new."""
    for future in running:
        future.cancel()
    while True:
        try:
            wait(running)
            return
        except KeyboardInterrupt:
            continue


def _collect(result: BatchResult, outcomes: dict[int, Outcome], total: int) -> None:
    """Add the outcomes to ``result`` in row order, as one process would have. The first
    PDF (in row order) the folder would not take stops the batch: a SaveError when no
    PDF was written at all, else its failure comes last and says how many rows were
    not made (rows other workers made before the stop reached them are kept)."""
    unwritable = [o for _, o in sorted(outcomes.items()) if o.unwritable is not None]
    if unwritable and not any(o.target for o in outcomes.values()):
        raise unwritable[0].unwritable  # type: ignore[misc]
    for index in sorted(outcomes):
        if outcomes[index].unwritable is None:
            add_outcome(result, outcomes[index])
    if unwritable:
        first = unwritable[0]
        result.failures.append((first.number, str(first.unwritable)))
        stopped(result, total - len(outcomes) + len(unwritable) - 1)
