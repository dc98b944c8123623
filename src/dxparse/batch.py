"""Running many documents: each in a worker process, under a deadline and a
memory bound, outcomes in input order.

No document is read in this process (`--jobs 1` too): a worker (pool.py)
takes one document at a time. This process enforces the deadline from
outside: a worker past it is killed and a new one started, and the
document fails alone (`timed out after N s`). A worker that reaches its
memory bound reports it and is replaced (`needs more memory than …`). A
worker that dies otherwise (a crash, the out-of-memory killer) has its
document read again after the others, alone in a fresh worker: the one that
kills it again fails alone. Outcomes come back in the order of the paths,
whatever order they finish in, so the output does not depend on `jobs`.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path

from dxparse.pipeline import DocumentOutcome, Options, failed_outcome, process_document, shown
from dxparse.pool import Worker, format_size

ProgressCallback = Callable[[DocumentOutcome], None]
StartCallback = Callable[[Path], None]

WORKER_DIED = "the worker process died while reading it (out of memory or a crash)"


def serve(conn: Connection) -> None:
    """A worker's loop: (path, options) in; ("read", document_id) as soon as
    the bytes are read, then ("done", outcome) or ("memory", None)."""
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None or not _serve_one(conn, *task):
            return


def _serve_one(conn: Connection, path: Path, options: Options) -> bool:
    """One document; False when this worker must end (memory bound reached)."""
    read: list[str] = []

    def on_read(doc_id: str) -> None:
        read.append(doc_id)
        conn.send(("read", doc_id))

    try:
        # Rows, not models: this process builds them faster than the parent unpickles models.
        conn.send(("done", process_document(path, options, on_read).compacted()))
    except MemoryError:
        conn.send(("memory", None))
        return False  # a worker that ran out may be in no state to go on
    except Exception as exc:  # a bug in a stage: this document only
        reason = f"internal error: {type(exc).__name__}: {exc}"
        conn.send(("done", failed_outcome(path, reason, options, read[0] if read else None)))
    return True


def iter_batch(
    paths: Sequence[Path],
    options: Options,
    *,
    jobs: int = 1,
    on_done: ProgressCallback | None = None,
    on_start: StartCallback | None = None,
) -> Iterator[DocumentOutcome]:
    """Each document's outcome as soon as it and all before it are done.

    Outcomes come in the order of `paths` and are not kept here, so a caller
    that consumes them as they come holds few documents at a time. At most
    `jobs` workers run at once (fewer for fewer documents).
    """
    waiting: dict[int, DocumentOutcome] = {}
    next_index = 0
    for index, outcome in _Batch(paths, options, on_done, on_start).run(max(1, jobs)):
        waiting[index] = outcome
        while next_index in waiting:
            yield waiting.pop(next_index)
            next_index += 1


class _Batch:
    def __init__(
        self,
        paths: Sequence[Path],
        options: Options,
        on_done: ProgressCallback | None,
        on_start: StartCallback | None,
    ) -> None:
        self.paths = paths
        self.options = options
        self.on_done = on_done
        self.on_start = on_start
        self.idle: list[Worker] = []
        self.busy: dict[Connection, Worker] = {}
        self.died: list[int] = []  # documents a worker died on

    def run(self, jobs: int) -> Iterator[tuple[int, DocumentOutcome]]:
        # Largest files first, so no long document starts last and runs alone.
        order = sorted(range(len(self.paths)), key=lambda i: (-_size(self.paths[i]), i))
        try:
            yield from self._schedule(deque(order), jobs, retry=True)
            for index in sorted(self.died):
                yield from self._schedule(deque([index]), 1, retry=False)
        finally:
            for worker in self.idle:
                worker.stop()
            for worker in self.busy.values():
                worker.kill()

    def _schedule(
        self, queue: deque[int], jobs: int, *, retry: bool
    ) -> Iterator[tuple[int, DocumentOutcome]]:
        while queue or self.busy:
            while queue and len(self.busy) < jobs:
                index = queue.popleft()
                worker = self.idle.pop() if self.idle else Worker(self.options.max_memory)
                if self.on_start:
                    self.on_start(self.paths[index])
                worker.give(index, (self.paths[index], self.options))
                self.busy[worker.conn] = worker
            handles: list[object] = [*self.busy]
            handles += [w.process.sentinel for w in self.busy.values()]
            wait(handles, timeout=self._until_deadline())  # type: ignore[arg-type]
            for worker in list(self.busy.values()):
                outcome = self._check(worker, retry)
                if outcome is not None:
                    assert worker.index is not None
                    if self.on_done:
                        self.on_done(outcome)
                    yield worker.index, outcome

    def _until_deadline(self) -> float | None:
        if not self.options.timeout:
            return None
        first = min(w.started for w in self.busy.values())
        return max(0.0, first + self.options.timeout - time.monotonic())

    def _check(self, worker: Worker, retry: bool) -> DocumentOutcome | None:
        """The outcome of the worker's document, if it is settled now."""
        assert worker.index is not None
        try:
            while worker.conn.poll():
                kind, value = worker.conn.recv()
                if kind == "read":
                    worker.document_id = value
                elif kind == "done":
                    self._release(worker, keep=True)
                    return value  # type: ignore[no-any-return]
                else:  # "memory"
                    self._release(worker, keep=False)
                    limit = self.options.max_memory or 0
                    reason = f"needs more memory than the bound of {format_size(limit)}"
                    return self._failed(worker, f"{reason} (--max-memory)")
        except (EOFError, OSError):
            pass  # the worker died: its pipe is closed
        if not worker.process.is_alive() or worker.conn.closed:
            self._release(worker, keep=False)
            if retry:
                self.died.append(worker.index)
                return None
            return self._failed(worker, WORKER_DIED)
        timeout = self.options.timeout
        if timeout and time.monotonic() - worker.started >= timeout:
            self._release(worker, keep=False)
            return self._failed(worker, f"timed out after {timeout:g} s")
        return None

    def _release(self, worker: Worker, *, keep: bool) -> None:
        del self.busy[worker.conn]
        if keep:
            self.idle.append(worker)
        else:
            worker.kill()

    def _failed(self, worker: Worker, reason: str) -> DocumentOutcome:
        assert worker.index is not None
        path = self.paths[worker.index]
        return failed_outcome(path, reason, self.options, worker.document_id)


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
                f"[{self.done}/{self.total}] {shown(outcome.path.name)}: {outcome.document.status}"
                f" ({outcome.document.pages or 0} pages, {rate} pages/s)",
                file=sys.stderr,
            )

    def start(self, path: Path) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, current=shown(path.name))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
