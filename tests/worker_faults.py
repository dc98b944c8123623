"""Fault injection for tests/test_batch.py: imported by the fork server, so
every worker it forks dies while reading a file whose name holds `_crash`
(once its bytes are read), as a worker killed by the out-of-memory killer or
a segfault in a C library would."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from dxparse import batch
from dxparse.pipeline import DocumentOutcome, Options

_process: Callable[..., DocumentOutcome] = vars(batch)["process_document"]


def _dying(
    path: Path, options: Options, on_read: Callable[[str], None] | None = None
) -> DocumentOutcome:
    if "_crash" not in path.name or on_read is None:
        return _process(path, options, on_read)
    report = on_read

    def die(doc_id: str) -> None:
        report(doc_id)
        os._exit(1)

    return _process(path, options, die)


vars(batch)["process_document"] = _dying
