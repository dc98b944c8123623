"""Worker processes: every document is read (and a report's pages drawn) in
one, never in this process.

`run_isolated` runs tasks through a handler named "module:function" (the
batch's `READ_DOCUMENT`, the report's page drawing). A worker takes one
task at a time under an address-space bound
(RLIMIT_AS = `--max-memory`), so a decompression bomb raises MemoryError
there and costs that task only. This process keeps the deadline: a
worker past it is killed (SIGKILL, from outside: no alarm inside the
worker that a C loop or a `finally` could outlive) and a new one started.

Workers are forked from a fork server that has imported the pipeline once
(`prepare`, called by the command line before its own imports): a new
worker then costs milliseconds, not the 0.3 s of importing pdfplumber and
the models. So this module imports nothing of dxparse but preload.py (the
server's start, which `dxparse.launch` imports alone). A worker dies with
the fork server (PR_SET_PDEATHSIG), which ends when this process does (once
no worker holds its keep-alive pipe either): a killed batch leaves no worker
behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import multiprocessing
import os
import re
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any

from dxparse.preload import PRELOAD as PRELOAD  # re-exported: tests extend pool.PRELOAD
from dxparse.preload import forkserver_context, start_server

GIB = 2**30


def default_jobs() -> int:
    return max(1, multiprocessing.cpu_count())


def physical_memory() -> int | None:
    """Bytes of RAM (or of this cgroup's limit, when lower), None if unknown."""
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None
    try:
        with open("/sys/fs/cgroup/memory.max") as limit:
            value = limit.read().strip()
        if value.isdigit():
            ram = min(ram, int(value))
    except OSError:
        pass
    return ram if ram > 0 else None


def default_max_memory() -> int:
    """Per worker: half the machine's memory, at most 4 GiB (`make bench`'s
    1,000-page run peaks near 125 MiB: the bound is for bombs, not reports)."""
    ram = physical_memory()
    return 4 * GIB if ram is None else min(4 * GIB, ram // 2)


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?", re.IGNORECASE)


def parse_size(text: str) -> int:
    """`4G`, `512M`, `1.5GiB`, `800000000` → bytes (binary units). ValueError else."""
    found = _SIZE.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"{text!r} is not a size such as 512M or 4G")
    number, unit = float(found.group(1)), found.group(2).lower()
    return int(number * 1024 ** ("kmgt".index(unit) + 1)) if unit else int(number)


def format_size(size: int) -> str:
    for unit, factor in (("GiB", GIB), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"


# pool.PRELOAD is read at each call, so that an extended one is preloaded.
def multiprocessing_context() -> BaseContext:
    """The fork server (preloaded with PRELOAD) where there is one."""
    context = forkserver_context(PRELOAD)
    if context is not None:
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - not Linux or macOS


def prepare() -> None:
    """Start the fork server now: it imports the pipeline while this process
    goes on with its own imports and checks."""
    start_server(PRELOAD)


# A worker's task handler: "module:function", imported in the worker (the
# fork server has the module preloaded). It gets the task and `tell`, to send
# a note ahead of the result (`tell(kind, value)`), and returns the result.
Handle = Callable[[Any, Callable[[str, Any], None]], Any]
READ_DOCUMENT = "dxparse.batch:handle"
DIED = "the worker process died (out of memory or a crash)"


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, max_memory: int | None, handle: str = READ_DOCUMENT) -> None:
        context = multiprocessing_context()
        self.conn, child = context.Pipe()
        self.process: Any = context.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child, max_memory, handle), daemon=True
        )
        with main_module_hidden():
            self.process.start()
        child.close()
        self.index: int | None = None  # the task it has, if any
        self.started = 0.0
        self.told: dict[str, Any] = {}  # the notes of that task so far, by kind

    def give(self, index: int, task: Any) -> None:
        self.index, self.started, self.told = index, time.monotonic(), {}
        self.conn.send(task)

    def kill(self) -> None:
        """Gone at once, whatever it was doing."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        """Asked to end; killed if it does not within a second."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(1)
        self.kill()


@dataclass(frozen=True, slots=True)
class Lost:
    """A task that gave no result: `kind` is timeout, memory, died or error;
    `reason` one line; `told` the notes its worker sent before."""

    kind: str
    reason: str
    told: dict[str, Any] = field(default_factory=dict)


def run_isolated(
    tasks: Sequence[Any],
    handle: str,
    *,
    jobs: int = 1,
    timeout: float | None = None,
    max_memory: int | None = None,
    order: Sequence[int] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """(index, result or Lost) of every task as each is done, `jobs` workers
    at a time, each task under `timeout` seconds and `max_memory` bytes.

    A worker past the deadline is killed and replaced (`timed out after N s`);
    one that reaches its memory bound reports it and is replaced; one that
    dies otherwise has its task run again after the others, alone in a fresh
    worker: the task that kills it again is Lost alone. `order` is the order
    the tasks are started in (default: as given).
    """
    runner = _Runner(tasks, handle, timeout, max_memory, on_start)
    yield from runner.run(list(range(len(tasks)) if order is None else order), max(1, jobs))


class _Runner:
    def __init__(
        self,
        tasks: Sequence[Any],
        handle: str,
        timeout: float | None,
        max_memory: int | None,
        on_start: Callable[[int], None] | None,
    ) -> None:
        self.tasks, self.handle = tasks, handle
        self.timeout, self.max_memory = timeout, max_memory
        self.on_start = on_start
        self.idle: list[Worker] = []
        self.busy: dict[Connection, Worker] = {}
        self.died: list[int] = []  # tasks a worker died on

    def run(self, order: list[int], jobs: int) -> Iterator[tuple[int, Any]]:
        try:
            yield from self._schedule(deque(order), jobs, retry=True)
            for index in sorted(self.died):
                yield from self._schedule(deque([index]), 1, retry=False)
        finally:
            for worker in self.idle:
                worker.stop()
            for worker in self.busy.values():
                worker.kill()

    def _schedule(self, queue: deque[int], jobs: int, *, retry: bool) -> Iterator[tuple[int, Any]]:
        while queue or self.busy:
            while queue and len(self.busy) < jobs:
                index = queue.popleft()
                worker = self.idle.pop() if self.idle else Worker(self.max_memory, self.handle)
                if self.on_start:
                    self.on_start(index)
                worker.give(index, self.tasks[index])
                self.busy[worker.conn] = worker
            handles: list[object] = [*self.busy]
            handles += [w.process.sentinel for w in self.busy.values()]
            wait(handles, timeout=self._until_deadline())  # type: ignore[arg-type]
            for worker in list(self.busy.values()):
                given = worker.index
                settled = self._check(worker, retry)
                if settled is not _PENDING:
                    assert given is not None
                    yield given, settled

    def _until_deadline(self) -> float | None:
        if not self.timeout:
            return None
        first = min(w.started for w in self.busy.values())
        return max(0.0, first + self.timeout - time.monotonic())

    def _check(self, worker: Worker, retry: bool) -> Any:
        """The result (or Lost) of the worker's task if it is settled now."""
        try:
            while worker.conn.poll():
                kind, value = worker.conn.recv()
                if kind == "done":
                    self._release(worker, keep=True)
                    return value
                if kind == "memory":
                    self._release(worker, keep=False)
                    bound = format_size(self.max_memory or 0)
                    reason = f"needs more memory than the bound of {bound} (--max-memory)"
                    return Lost("memory", reason, worker.told)
                if kind == "error":
                    self._release(worker, keep=True)
                    return Lost("error", f"internal error: {value}", worker.told)
                worker.told[kind] = value
        except (EOFError, OSError):
            pass  # the worker died: its pipe is closed
        if not worker.process.is_alive() or worker.conn.closed:
            self._release(worker, keep=False)
            if retry:
                assert worker.index is not None
                self.died.append(worker.index)
                return _PENDING
            return Lost("died", DIED, worker.told)
        if self.timeout and time.monotonic() - worker.started >= self.timeout:
            self._release(worker, keep=False)
            return Lost("timeout", f"timed out after {self.timeout:g} s", worker.told)
        return _PENDING

    def _release(self, worker: Worker, *, keep: bool) -> None:
        del self.busy[worker.conn]
        if keep:
            self.idle.append(worker)
        else:
            worker.kill()


_PENDING = object()


@contextlib.contextmanager
def main_module_hidden() -> Iterator[None]:
    """A new process runs the main module again (pytest, the console
    script) unless it cannot find it; a worker needs nothing from it."""
    main = sys.modules.get("__main__")
    names = ("__file__", "__spec__")
    saved: dict[str, Any] = {k: main.__dict__[k] for k in names if main and k in main.__dict__}
    try:
        if main is not None:
            main.__dict__.pop("__file__", None)
            main.__dict__["__spec__"] = None
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass


def _release_fork_server() -> None:
    """Close this worker's copy of the pipe that keeps the fork server alive.

    The fork server ends when no process holds that pipe's other end; a
    worker inherits one (multiprocessing's own, private), and would keep the
    server, and so itself, alive after the run is killed.
    """
    from multiprocessing import forkserver

    server: Any = forkserver._forkserver
    fd = getattr(server, "_forkserver_alive_fd", None)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)
        server._forkserver_alive_fd = None


def _worker_main(conn: Connection, max_memory: int | None, handle: str) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, and ends us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _release_fork_server()  # a no-op in a spawned worker
    if max_memory:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        bound = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    module, name = handle.split(":")
    function: Handle = getattr(importlib.import_module(module), name)
    _serve(conn, function)


def _serve(conn: Connection, handle: Handle) -> None:
    """A worker's loop: a task in; its notes, then ("done", result),
    ("memory", None) (and the worker ends: it may be in no state to go on)
    or ("error", "Type: message") for a bug in the handler."""

    def tell(kind: str, value: Any) -> None:
        conn.send((kind, value))

    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result = handle(task, tell)
        except MemoryError:
            conn.send(("memory", None))
            return
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
            continue
        conn.send(("done", result))
