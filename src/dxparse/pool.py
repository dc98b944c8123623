"""Worker processes for `--jobs N`, started before the pipeline is imported.

A spawned worker imports the whole pipeline (pdfplumber, the pydantic
models, the parsers: about 0.3 s) before its first document, and the parent
takes as long for its own imports. Started first, the workers import while
the parent does. So this module imports nothing of dxparse, and the command
line starts the pool before anything else.
"""

from __future__ import annotations

import importlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def default_jobs() -> int:
    return max(1, multiprocessing.cpu_count())


def start_pool(jobs: int) -> ProcessPoolExecutor:
    """`jobs` worker processes, each already importing the pipeline."""
    # spawn, not fork: the parent may already run polars' thread pool.
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(jobs):  # each submit starts one worker, which imports at once
        pool.submit(_import_pipeline)
    return pool


def _import_pipeline() -> None:
    importlib.import_module("dxparse.batch")
