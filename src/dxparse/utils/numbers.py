"""Numbers as printed in Japanese documents, after NFKC.

Handles `,` separators, `.` decimals, `△`/`▲` (and `-`) negatives, `約`
(approximately), `%` and a unit written after the number.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from dxparse.normalise import normalize_text

# The digits of a number as printed: `1,245` or `1245`. ASCII digits only
# (NFKC has turned full-width ones into them): `\d` would take digits of
# other scripts that int() does not read.
DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"
# A signed number as plain text, for patterns that only need to find one.
NUMBER_TEXT = rf"(?:[△▲\-−]?\s*(?:{DIGITS})(?:\.[0-9]+)?)"
_WHOLE = regex.compile(
    r"^(?P<approx>約\s*)?(?P<sign>[△▲\-−])?\s*"
    rf"(?P<int>{DIGITS})(?P<frac>\.[0-9]+)?\s*(?P<unit>[^0-9\s][^0-9]*)?$"
)


_DIGIT_LOOKALIKES = frozenset("OoIl|")


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    raw: str
    value: int | float | None = None
    unit: str | None = None
    approx: bool = False
    error: str | None = None


def number_value(match: regex.Match[str]) -> int | float:
    """The signed value of a whole-cell match."""
    digits = match.group("int").replace(",", "")
    value: int | float = float(digits + match.group("frac")) if match.group("frac") else int(digits)
    # `△0.0` is zero, not -0.0 (which a CSV would print as -0.0).
    return -value if match.group("sign") and value else value


def parse_number(text: str) -> ParsedNumber | None:
    """A cell that holds one number, optionally with 約 and a unit after it.

    Returns None for an empty cell, and a ParsedNumber with `error` (the raw
    text kept) for a cell that is not a number.
    """
    raw = text
    text = normalize_text(text)
    if not text:
        return None
    match = _WHOLE.match(text)
    if match is None:
        return ParsedNumber(raw, error=f"not a number: {raw!r}")
    unit = match.group("unit")
    if unit and unit.strip()[:1] in _DIGIT_LOOKALIKES:
        # `1O`, `2l`: a digit misprinted or misread as a letter, not a unit.
        return ParsedNumber(raw, error=f"not a number (a letter for a digit?): {raw!r}")
    return ParsedNumber(
        raw,
        value=number_value(match),
        unit=unit.strip() if unit else None,
        approx=bool(match.group("approx")),
    )
