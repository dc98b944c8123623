"""dxparse: Japanese municipal DX reports and action-plan sheets to open data."""

__version__ = "0.1.0"
