"""A page's text lines built straight from its chars: pdfplumber's
layout-free text (`page.extract_text()`, which read.py used through
`chars_to_textmap`), without its general text map.

pdfplumber builds a dict per char, a word dict per word and a list of
(letter, char) pairs before it joins them; here the same steps run over
the chars as they are, with its default settings (x and y tolerance 3,
no blank chars kept, left-to-right lines top to bottom, upright or not):

1. Runs of chars alike upright, in reading order.
2. In a run, lines: chars clustered by top (by x0 when not upright), a
   cluster being a chain of values each within 3 pt of the last, in
   cluster order and, in a cluster, in the run's order, then sorted by
   x0 (by top, bottom when not upright).
3. In a line, words: a blank char ends a word and is dropped; an empty
   one is a word of its own; a char starts a new word when it starts
   before the last char, more than 3 pt after its end, or more than 3 pt
   above or below it.
4. The words, in that order, clustered by their top (the same chaining),
   a text line per run of words in one cluster; words are joined by one
   space, ligatures expanded.

tests/test_read_lines.py holds it against pdfplumber's own function.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby

from dxparse.document import TextItem

# pdfplumber's defaults (utils/text.py: DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE).
TOLERANCE = 3

# pdfplumber's ligature expansions (utils/text.py: LIGATURES).
LIGATURES = {
    "ﬀ": "ff",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬆ": "st",
    "ﬅ": "st",
}


def _cluster_ids(values: Iterable[float]) -> dict[float, int]:
    """Each value's cluster (pdfplumber's make_cluster_dict): sorted distinct
    values, a new cluster where one is more than TOLERANCE past the last."""
    ids: dict[float, int] = {}
    cluster = -1
    last = 0.0
    for value in sorted(set(values)):
        if cluster < 0 or value > last + TOLERANCE:
            cluster += 1
        ids[value] = cluster
        last = value
    return ids


def _words(line: list[TextItem], upright: bool) -> Iterable[tuple[float, str]]:
    """The line's words as (top, text)."""
    word: list[TextItem] = []
    for char in line:
        raw = char.raw
        if raw.isspace():
            if word:
                yield _word(word)
            word = []
        elif not raw:
            # pdfplumber: "" is `in` its (empty) punctuation set, a word alone.
            if word:
                yield _word(word)
            yield _word([char])
            word = []
        elif word and _begins_word(word[-1], char, upright):
            yield _word(word)
            word = [char]
        else:
            word.append(char)
    if word:
        yield _word(word)


def _begins_word(prev: TextItem, char: TextItem, upright: bool) -> bool:
    a, c = prev.box, char.box
    if upright:
        return c.x0 < a.x0 or c.x0 > a.x1 + TOLERANCE or abs(c.top - a.top) > TOLERANCE
    return c.top < a.top or c.top > a.bottom + TOLERANCE or abs(c.x0 - a.x0) > TOLERANCE


def _word(chars: list[TextItem]) -> tuple[float, str]:
    text = "".join(LIGATURES.get(c.raw, c.raw) for c in chars)
    return min(c.box.top for c in chars), text


def _run_words(run: list[TextItem], upright: bool) -> Iterable[tuple[float, str]]:
    if upright:
        ids = _cluster_ids(c.box.top for c in run)
        clustered = sorted(run, key=lambda c: ids[c.box.top])
        lines = groupby(clustered, key=lambda c: ids[c.box.top])
        for _, line in lines:
            yield from _words(sorted(line, key=lambda c: c.box.x0), upright)
    else:
        ids = _cluster_ids(c.box.x0 for c in run)
        clustered = sorted(run, key=lambda c: ids[c.box.x0])
        lines = groupby(clustered, key=lambda c: ids[c.box.x0])
        for _, line in lines:
            yield from _words(sorted(line, key=lambda c: (c.box.top, c.box.bottom)), upright)


def page_text(chars: Sequence[TextItem]) -> str:
    """pdfplumber's layout-free text of the chars, lines joined by "\\n"."""
    words = [
        word
        for upright, run in groupby(chars, key=lambda c: c.upright)
        for word in _run_words(list(run), upright)
    ]
    if not words:
        return ""
    ids = _cluster_ids(top for top, _ in words)
    lines = []
    for _, line in groupby(words, key=lambda w: ids[w[0]]):
        parts: list[str] = []
        length = 0
        for _, text in line:
            if length:
                parts.append(" ")
                length += 1
            parts.append(text)
            length += len(text)
        lines.append("".join(parts))
    return "\n".join(lines)
