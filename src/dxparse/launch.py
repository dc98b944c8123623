"""The `dxparse` command's entry point: `dxparse --version` answers without
importing typer and the command line (a tenth of a second of start-up), and
`extract` starts its workers' fork server before that import, so the
server's import of the pipeline overlaps the command line's."""

from __future__ import annotations

import os
import sys

from dxparse import __version__

# Polars' allocator (jemalloc) keeps freed pages for seconds before giving them
# back: the writer reads a spilled part, writes it and frees it, over and over,
# so the pages of many parts stay counted and the peak grows with the corpus.
# Given back at once, the peak is the largest part's (set before polars loads;
# a setting of the user's wins).
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
# Polars' streaming writer (the spilled datasets' Parquet and CSV) keeps
# buffers a thread: with a second thread the batch's peak grows with the
# corpus to a higher ceiling (100 -> 1,000 pages: 103 -> 127 MiB, against
# 101 -> 111 with one), at no cost in time here (the workers hold the other
# core; they use polars little). A setting of the user's wins.
os.environ.setdefault("POLARS_MAX_THREADS", "1")

# Commands whose documents are read in workers (cli.py starts the server too).
_WORKER_COMMANDS = frozenset({"extract", "report"})


def entry() -> None:
    if sys.argv[1:] == ["--version"]:
        print(f"dxparse {__version__}")
        return
    if sys.argv[1:2] and sys.argv[1] in _WORKER_COMMANDS and "--help" not in sys.argv:
        from dxparse.preload import start_server  # multiprocessing alone, not pool.py

        start_server()
    from dxparse.cli import entry as run

    run()
