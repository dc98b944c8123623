"""全国地方公共団体コード: check digit and the shipped code table."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first5: str) -> int:
    """The JIS X 0402 check digit of a 5-digit municipality code."""
    remainder = sum(int(d) * w for d, w in zip(first5, _WEIGHTS, strict=True)) % 11
    return (11 - remainder) % 10 if remainder else 0


def is_valid_code(code: str) -> bool:
    return (
        len(code) == 6
        and code.isascii()
        and code.isdigit()
        and int(code[5]) == check_digit(code[:5])
    )


@lru_cache(maxsize=1)
def code_table() -> dict[str, str]:
    """Municipality name → 6-digit code, from the table the project ships.

    The table is partial (see data/municipality_codes.csv); a name not in it
    gets no code unless one is given on the command line.
    """
    text = resources.files("dxparse.data").joinpath("municipality_codes.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["name"]: row["code"] for row in rows}


def code_for(name: str | None) -> str | None:
    return code_table().get(name) if name else None
