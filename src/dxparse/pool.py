"""Worker processes: every document is read in one, never in this process.

A worker reads one document at a time under an address-space bound
(RLIMIT_AS = `--max-memory`), so a decompression bomb raises MemoryError
there and costs that document only. This process keeps the deadline: a
worker past it is killed (SIGKILL, from outside: no alarm inside the
worker that a C loop or a `finally` could outlive) and a new one started.

Workers are forked from a fork server that has imported the pipeline once
(`prepare`, called by the command line before its own imports): a new
worker then costs milliseconds, not the 0.3 s of importing pdfplumber and
the models. So this module imports nothing of dxparse. A worker dies with
the fork server (PR_SET_PDEATHSIG), which ends when this process does (once
no worker holds its keep-alive pipe either): a killed batch leaves no worker
behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import re
import resource
import signal
import sys
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

# What the fork server imports once for every worker: the batch and the stages,
# both PDF engines (pypdfium2 too: 0.1 s a worker would pay on its first PDF).
PRELOAD = [
    "dxparse.batch",
    "dxparse.read",
    "dxparse.read_pdfium",
    "dxparse.classify",
    "dxparse.parsers",
]
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


def _context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - not Linux or macOS


def prepare() -> None:
    """Start the fork server now: it imports the pipeline while this process
    goes on with its own imports and checks."""
    context = _context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, max_memory: int | None) -> None:
        context = _context()
        self.conn, child = context.Pipe()
        self.process: Any = context.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child, max_memory), daemon=True
        )
        with _main_hidden():
            self.process.start()
        child.close()
        self.index: int | None = None  # the document it has, if any
        self.started = 0.0
        self.document_id: str | None = None

    def give(self, index: int, task: Any) -> None:
        self.index, self.started, self.document_id = index, time.monotonic(), None
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


@contextlib.contextmanager
def _main_hidden() -> Iterator[None]:
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


def _worker_main(conn: Connection, max_memory: int | None) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, and ends us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _release_fork_server()  # a no-op in a spawned worker
    if max_memory:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        bound = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    from dxparse.batch import serve

    serve(conn)
