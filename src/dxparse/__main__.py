"""`python -m dxparse` is the `dxparse` command."""

from dxparse.cli import entry

entry()
