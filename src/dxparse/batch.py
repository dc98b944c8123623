"""Running many documents: time limit, parallel jobs, progress.

Each document runs under a time limit (SIGALRM in the process that reads
it: pdfminer is pure Python, so the alarm lands between bytecodes). With
`jobs > 1` documents go to a pool of spawned worker processes (pool.py);
outcomes are put back in input order, so the output does not depend on `jobs`.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from dxparse.pipeline import DocumentOutcome, Options, failed_outcome, process_document
from dxparse.pool import start_pool

ProgressCallback = Callable[[DocumentOutcome], None]
StartCallback = Callable[[Path], None]


class DocumentTimeout(BaseException):
    """Raised by the alarm; a BaseException so `except Exception` in the
    stages cannot swallow it."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    if not seconds or seconds <= 0 or not hasattr(signal, "SIGALRM"):
        yield
        return

    def _alarm(signum: int, frame: FrameType | None) -> None:
        raise DocumentTimeout

    try:
        previous = signal.signal(signal.SIGALRM, _alarm)
    except ValueError:  # not the main thread: run without a limit
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_with_limit(path: Path, options: Options) -> DocumentOutcome:
    """process_document, but a document that runs too long fails alone."""
    try:
        with _time_limit(options.timeout):
            return process_document(path, options)
    except DocumentTimeout:
        return failed_outcome(path, f"timed out after {options.timeout:g} s", options)


def iter_batch(
    paths: Sequence[Path],
    options: Options,
    *,
    jobs: int = 1,
    on_done: ProgressCallback | None = None,
    on_start: StartCallback | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[DocumentOutcome]:
    """Each document's outcome as soon as it and all before it are done.

    Outcomes come in the order of `paths` and are not kept here, so a caller
    that consumes them as they come holds one document at a time.

    With `jobs > 1`, `jobs - 1` worker processes (`pool`, from
    pool.start_pool, or a pool made here) and this process share the
    documents: this process takes each one no worker has started yet. It is
    ready while the workers are still importing, and the batch needs no
    process that only waits. If a worker process dies (a crash, the
    out-of-memory killer), every document it had not finished is read again,
    one at a time in a fresh worker: the one that kills it again fails alone.
    """
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield _run_here(path, options, on_done, on_start)
        return
    owned = pool is None
    workers = start_pool(jobs - 1) if pool is None else pool
    waiting: dict[int, DocumentOutcome] = {}
    next_index = 0
    try:
        for index, outcome in _shared(paths, options, workers, on_done, on_start):
            waiting[index] = outcome
            while next_index in waiting:
                yield waiting.pop(next_index)
                next_index += 1
    finally:
        if owned:
            workers.shutdown(cancel_futures=True)


def _shared(
    paths: Sequence[Path],
    options: Options,
    workers: ProcessPoolExecutor,
    on_done: ProgressCallback | None,
    on_start: StartCallback | None,
) -> Iterator[tuple[int, DocumentOutcome]]:
    """(index, outcome) as documents finish, here or in a worker."""
    # Largest files first, so no long document starts last and runs alone.
    order = sorted(range(len(paths)), key=lambda i: (-_size(paths[i]), i))
    submitted = [(workers.submit(process_with_limit, paths[i], options), i) for i in order]
    running = dict(submitted)
    broken: list[int] = []  # documents a dead worker took with it

    def collect(done: Iterable[Future[DocumentOutcome]]) -> Iterator[tuple[int, DocumentOutcome]]:
        for future in done:
            index = running.pop(future)
            try:
                outcome = future.result()
            except BrokenProcessPool:  # not necessarily this document's doing
                broken.append(index)
                continue
            except Exception as exc:  # an outcome that could not come back, say
                reason = f"worker failed: {type(exc).__name__}: {exc}"
                outcome = failed_outcome(paths[index], reason, options)
            if on_done:
                on_done(outcome)
            yield index, outcome

    for future, index in submitted:
        if future.cancel():  # no worker has it: run it here
            del running[future]
            yield index, _run_here(paths[index], options, on_done, on_start)
        yield from collect([f for f in running if f.done()])
    yield from collect(as_completed(list(running)))
    yield from _one_by_one(sorted(broken), paths, options, on_done)


def _run_here(
    path: Path,
    options: Options,
    on_done: ProgressCallback | None,
    on_start: StartCallback | None,
) -> DocumentOutcome:
    if on_start:
        on_start(path)
    outcome = process_with_limit(path, options)
    if on_done:
        on_done(outcome)
    return outcome


def _one_by_one(
    indices: Sequence[int],
    paths: Sequence[Path],
    options: Options,
    on_done: ProgressCallback | None,
) -> Iterator[tuple[int, DocumentOutcome]]:
    """Documents read again in a worker of their own, one at a time, so the
    one that kills its worker is known and fails alone."""
    workers: ProcessPoolExecutor | None = None
    try:
        for index in indices:
            workers = workers or start_pool(1)
            try:
                outcome = workers.submit(process_with_limit, paths[index], options).result()
            except BrokenProcessPool:
                outcome = failed_outcome(
                    paths[index],
                    "the worker process died while reading it (out of memory or a crash)",
                    options,
                )
                workers.shutdown()
                workers = None
            if on_done:
                on_done(outcome)
            yield index, outcome
    finally:
        if workers is not None:
            workers.shutdown()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class Progress:
    """Progress on stderr: a rich bar on a terminal, plain lines otherwise."""

    def __init__(self, total: int, *, enabled: bool = True) -> None:
        self.total = total
        self.done = 0
        self.pages = 0
        self.started = time.monotonic()
        self.enabled = enabled
        self.interactive = enabled and sys.stderr.isatty()
        self._bar = None
        self._task = None
        if self.interactive:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("[bold]dxparse"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} pages/s"),
                TimeElapsedColumn(),
                TextColumn("{task.fields[current]}"),
                transient=True,
            )
            self._task = self._bar.add_task("extract", total=total, rate="-", current="")
            self._bar.start()

    def __call__(self, outcome: DocumentOutcome) -> None:
        if outcome.message:
            # The one line a user must see, whatever the progress display.
            if self._bar is not None:
                self._bar.console.print(outcome.message, markup=False, highlight=False)
            else:
                print(outcome.message, file=sys.stderr)
        self.done += 1
        self.pages += outcome.document.pages or 0
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = f"{self.pages / elapsed:.1f}"
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, rate=rate)
        elif self.enabled:
            print(
                f"[{self.done}/{self.total}] {outcome.path.name}: {outcome.document.status}"
                f" ({outcome.document.pages or 0} pages, {rate} pages/s)",
                file=sys.stderr,
            )

    def start(self, path: Path) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, current=path.name)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
