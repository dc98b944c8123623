"""The workers' fork server: what it imports once for every worker, and its
start. `dxparse.launch` starts it before importing anything else, so this
module imports multiprocessing alone: pool.py's own imports would put some
15 ms more ahead of the server's start-up and preload, the longest path of
a small batch (the command line's imports run beside it)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

# What the fork server imports once for every worker: the batch and the stages,
# both PDF engines (pypdfium2 too: 0.1 s a worker would pay on its first PDF).
PRELOAD = [
    "dxparse.batch",
    "dxparse.read",
    "dxparse.read_pdfium",
    "dxparse.classify",
    "dxparse.parsers",
]


def forkserver_context(preload: Sequence[str]) -> BaseContext | None:
    """The fork server's context, preloading `preload`; None where there is none."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None  # pragma: no cover - not Linux or macOS
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    return context


def start_server(preload: Sequence[str] = PRELOAD) -> None:
    """Start the fork server now: it imports `preload` while this process
    goes on with its own imports and checks."""
    if forkserver_context(preload) is not None:
        from multiprocessing import forkserver

        forkserver.ensure_running()
