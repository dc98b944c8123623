"""Printing forms (full-width digits, half-width kana) and the contract's
normalisation of what was printed, written independently of dxparse so the
expected records do not borrow the parser's code."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_ZEN = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
_LATIN = re.compile(r"[A-Za-z]")


def zen(text: str) -> str:
    """ASCII digits, point, comma and minus as full-width forms."""
    return text.translate(_ZEN)


@cache
def _han_map() -> dict[str, str]:
    """Full-width katakana → half-width forms (voiced ones as two glyphs)."""
    out: dict[str, str] = {}
    halves = [chr(c) for c in range(0xFF66, 0xFF9E)]
    for h in halves:
        out.setdefault(unicodedata.normalize("NFKC", h), h)
    for h in halves:
        for mark in ("\uff9e", "\uff9f"):
            full = unicodedata.normalize("NFKC", h + mark)
            if len(full) == 1:
                out.setdefault(full, h + mark)
    out["ー"] = "ｰ"
    return {k: v for k, v in out.items() if "\u30a0" <= k <= "\u30ff"}


def han_kana(text: str) -> str:
    """Katakana as half-width katakana (ｺﾝﾋﾞﾆ交付), as old systems print it."""
    table = _han_map()
    return "".join(table.get(ch, ch) for ch in text)


def norm_line(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def norm_cell(text: str | None) -> str | None:
    """A cell's printed text (lines split by \\n) as the contract publishes it:
    NFKC, white space collapsed, lines joined (a space only between two Latin letters)."""
    if text is None:
        return None
    out = ""
    for raw in text.split("\n"):
        line = norm_line(raw)
        if not line:
            continue
        if out and _LATIN.match(out[-1]) and _LATIN.match(line[0]):
            out += " "
        out += line
    return out or None


def label(text: str | None) -> str | None:
    """An enumerated label, normalised, without spaces (`達　成` → 達成)."""
    value = norm_cell(text)
    return value.replace(" ", "") if value is not None else None
