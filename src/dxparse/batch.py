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

import pickle
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from dxparse.pipeline import DocumentOutcome, Options, failed_outcome, process_document, shown
from dxparse.pool import READ_DOCUMENT, Lost, run_isolated

ProgressCallback = Callable[[DocumentOutcome], None]
StartCallback = Callable[[Path], None]

WORKER_DIED = "the worker process died while reading it (out of memory or a crash)"


def handle(task: tuple[Path, Options], tell: Callable[[str, object], None]) -> DocumentOutcome:
    """A worker's task (pool.READ_DOCUMENT): one document; ("read",
    document_id) told as soon as its bytes are read."""
    path, options = task
    read: list[str] = []

    def on_read(doc_id: str) -> None:
        read.append(doc_id)
        tell("read", doc_id)

    try:
        # Rows, not models: this process builds them faster than the parent unpickles models.
        return process_document(path, options, on_read).compacted()
    except MemoryError:
        raise  # the worker reports it and ends
    except Exception as exc:  # a bug in a stage: this document only
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return failed_outcome(path, reason, options, read[0] if read else None)


def iter_batch(
    paths: Sequence[Path],
    options: Options,
    *,
    jobs: int = 1,
    on_done: ProgressCallback | None = None,
    on_start: StartCallback | None = None,
    spill: Path | None = None,
) -> Iterator[DocumentOutcome]:
    """Each document's outcome as soon as it and all before it are done.

    Outcomes come in the order of `paths` and are not kept here, so a caller
    that consumes them as they come holds few documents at a time. Documents
    run largest first, so most finish before one earlier in `paths`: with a
    `spill` folder, those wait there on disk, not in memory. At most `jobs`
    workers run at once (fewer for fewer documents).
    """
    # Largest files first, so no long document starts last and runs alone.
    order = sorted(range(len(paths)), key=lambda i: (-_size(paths[i]), i))
    settled = run_isolated(
        [(path, options) for path in paths],
        READ_DOCUMENT,
        jobs=jobs,
        timeout=options.timeout,
        max_memory=options.max_memory,
        order=order,
        on_start=None if on_start is None else (lambda index: on_start(paths[index])),
    )
    waiting: dict[int, DocumentOutcome | Path] = {}
    next_index = 0
    for index, result in settled:
        outcome = (
            result if isinstance(result, DocumentOutcome) else _lost(paths[index], result, options)
        )
        if on_done:
            on_done(outcome)
        if spill is None or index == next_index:
            waiting[index] = outcome
        else:
            waiting[index] = _set_aside(outcome, spill / f"waiting.{index:06d}")
        while next_index in waiting:
            yield _taken_back(waiting.pop(next_index))
            next_index += 1


def _set_aside(outcome: DocumentOutcome, path: Path) -> Path:
    with path.open("wb") as out:
        pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _taken_back(waiting: DocumentOutcome | Path) -> DocumentOutcome:
    if not isinstance(waiting, Path):
        return waiting
    with waiting.open("rb") as data:
        outcome: DocumentOutcome = pickle.load(data)
    waiting.unlink()
    return outcome


def _lost(path: Path, lost: Lost, options: Options) -> DocumentOutcome:
    reason = WORKER_DIED if lost.kind == "died" else lost.reason
    return failed_outcome(path, reason, options, lost.told.get("read"))


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
