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


@lru_cache(maxsize=1)
def name_table() -> dict[str, str]:
    """6-digit code → municipality name: the shipped table read the other way."""
    return {code: name for name, code in code_table().items()}


def name_for(code: str | None) -> str | None:
    return name_table().get(code) if code else None


def resolve(code: str | None, name: str | None) -> tuple[str | None, str | None]:
    """Fill whichever of (code, name) is missing from the shipped table."""
    return code or code_for(name), name or name_for(code)
