"""The `dxparse` command's entry point: `dxparse --version` answers without
importing typer and the command line (a tenth of a second of start-up)."""

from __future__ import annotations

import sys

from dxparse import __version__


def entry() -> None:
    if sys.argv[1:] == ["--version"]:
        print(f"dxparse {__version__}")
        return
    from dxparse.cli import entry as run

    run()
