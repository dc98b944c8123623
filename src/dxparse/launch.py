"""The `dxparse` command's entry point: `dxparse --version` answers without
importing typer and the command line (a tenth of a second of start-up), and
`extract` starts its workers' fork server before that import, so the
server's import of the pipeline overlaps the command line's."""

from __future__ import annotations

import sys

from dxparse import __version__

# Commands whose documents are read in workers (cli.py starts the server too).
_WORKER_COMMANDS = frozenset({"extract", "report"})


def entry() -> None:
    if sys.argv[1:] == ["--version"]:
        print(f"dxparse {__version__}")
        return
    if sys.argv[1:2] and sys.argv[1] in _WORKER_COMMANDS and "--help" not in sys.argv:
        from dxparse.pool import prepare

        prepare()
    from dxparse.cli import entry as run

    run()
