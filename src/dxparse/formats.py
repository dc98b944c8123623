"""The output formats, defined here alone: the command line checks --format
against them without importing the writer (polars: a third of a second
before the workers' fork server would start)."""

from __future__ import annotations

OUTPUT_FORMATS = ("parquet", "csv", "xlsx")
