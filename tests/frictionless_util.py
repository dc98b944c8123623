"""`frictionless validate`, with one bug of its Parquet reader worked around.

frictionless 5 reads Parquet through pandas, where a null in an integer
column becomes NaN, and its pandas reader turns NaN into a missing value
only when it `is np.nan` (the singleton), which a value taken from a
DataFrame row never is: every null integer cell is reported as a type
error. The patch below maps NaN to None, as the reader means to; nothing
else about validation changes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import frictionless
from frictionless.formats.pandas import parser as pandas_parser

_read: Any = pandas_parser.PandasParser.read_cell_stream_create


def _read_nan_as_missing(self: Any) -> Iterator[list[Any]]:
    for cells in _read(self):
        yield [None if isinstance(c, float) and math.isnan(c) else c for c in cells]


setattr(pandas_parser.PandasParser, "read_cell_stream_create", _read_nan_as_missing)  # noqa: B010


def validate_package(path: Path) -> Any:
    """The frictionless report of a datapackage.json (every resource, every format)."""
    return frictionless.validate(str(path))


def errors(report: Any) -> list[Any]:
    return list(report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"]))
