"""dxparse: Japanese municipal DX reports and action-plan sheets to open data."""

# The one place the version is written: pyproject.toml reads it
# ([tool.hatch.version]), `dxparse --version` and datapackage.json print it.
__version__ = "0.1.0"
