"""Normalisation of Japanese PDF text: one place every stage leans on.

NFKC first (full-width ASCII to half-width, half-width katakana to
full-width, ideographic space to space), then the radical code points that
PDF text layers emit in place of ideographs, mapped through Unicode's own
EquivalentUnifiedIdeograph.txt (shipped as data), then runs of white space.

`jaconv.normalize` and neologdn are deliberately not used on values: they
turn `－５` into `ー5` and drop the `～` of `１～３`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache, wraps
from importlib import resources

import regex

_EQUIVALENTS_FILE = "EquivalentUnifiedIdeograph.txt"
_RADICALS_FIRST, _RADICALS_LAST = 0x2E80, 0x2FDF
_SOUND_MARKS = str.maketrans({"\u309b": "\u3099", "\u309c": "\u309a"})
_SPACES = regex.compile(r"[\s\u200b\ufeff]+")
# A Latin letter either side of a line break keeps a space; nothing else does.
_LATIN_END = regex.compile(r"[A-Za-z]$")
_LATIN_START = regex.compile(r"^[A-Za-z]")


@lru_cache(maxsize=1)
def radical_table() -> dict[int, str]:
    """Radical code point → unified ideograph, from Unicode's data file.

    Covers the Kangxi radicals (U+2F00–U+2FD5) and every CJK Radicals
    Supplement character (U+2E80–U+2EFF) that has an equivalent ideograph.
    """
    table: dict[int, str] = {}
    text = resources.files("dxparse.data").joinpath(_EQUIVALENTS_FILE).read_text("utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        source, target = (part.strip() for part in line.split(";"))
        ideograph = chr(int(target, 16))
        start, _, end = source.partition("..")
        for cp in range(int(start, 16), int(end or start, 16) + 1):
            # Only the radical blocks: CJK strokes (U+31C0…) are not text.
            if _RADICALS_FIRST <= cp <= _RADICALS_LAST:
                table[cp] = ideograph
    return table


def normalize_chars(text: str) -> str:
    """NFKC plus the radical mapping, without touching white space."""
    # Spacing sound marks ゛゜ would become a space plus a combining mark;
    # as combining marks they compose with the kana before them instead.
    text = unicodedata.normalize("NFKC", text.translate(_SOUND_MARKS))
    return text.translate(radical_table())


# A form's labels, units and figures are normalised and compared again and
# again (a cell by each check that reads it): texts up to this long are
# remembered; a long one (a detail, a hostile file's line) seldom comes
# again and is not held.
_REMEMBERED = 200


def remember_short(size: int) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    """A str → str function that remembers its last `size` short texts."""

    def wrap(fn: Callable[[str], str]) -> Callable[[str], str]:
        cached = lru_cache(maxsize=size)(fn)

        @wraps(fn)
        def call(text: str) -> str:
            return cached(text) if len(text) <= _REMEMBERED else fn(text)

        return call

    return wrap


@remember_short(1 << 14)
def normalize_text(text: str) -> str:
    """Normalise one line or cell value: characters, then white space."""
    return _SPACES.sub(" ", normalize_chars(text)).strip()


def join_wrapped(lines: list[str] | tuple[str, ...]) -> str:
    """Join the wrapped lines of one cell.

    No space between Japanese characters (or digits split across a wrap,
    `３３，０` + `００件`); one space only where Latin words meet.
    """
    out = ""
    for raw in lines:
        line = normalize_text(raw)
        if not line:
            continue
        if out and _LATIN_END.search(out) and _LATIN_START.search(line):
            out += " "
        out += line
    # A combining mark that wrapped onto the next line composes only now.
    return normalize_chars(out)
