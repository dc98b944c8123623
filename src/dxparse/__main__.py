"""`python -m dxparse` is the `dxparse` command."""

from dxparse.launch import entry

entry()
