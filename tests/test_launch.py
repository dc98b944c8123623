"""`dxparse --version` answers without importing the command line (typer)."""

from __future__ import annotations

import subprocess
import sys

from dxparse import __version__


def test_version_needs_no_typer() -> None:
    script = (
        "import sys; from dxparse.launch import entry; sys.argv = ['dxparse', '--version'];"
        " entry(); print('typer' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[:2] == [f"dxparse {__version__}", "False"]


def test_other_arguments_reach_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dxparse", "extract", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "--engine" in result.stdout
