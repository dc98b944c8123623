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

from dxparse.document import BBox, TextItem

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


def _words(line: list[TextItem], upright: bool) -> list[tuple[float, str]]:
    """The line's words as (top, text): the top is the least of its chars'
    (min() over them, kept as the word grows), the text its chars' raw
    text, ligatures expanded."""
    words: list[tuple[float, str]] = []
    parts: list[str] = []  # the word's texts so far
    top = 0.0
    last = None  # the box of the word's last char
    for char in line:
        raw, box = char.raw, char.box
        if raw.isspace():
            if parts:
                words.append((top, "".join(parts)))
            parts = []
        elif not raw:
            # pdfplumber: "" is `in` its (empty) punctuation set, a word alone.
            if parts:
                words.append((top, "".join(parts)))
            words.append((box.top, ""))
            parts = []
        elif parts and last is not None and _begins_word(last, box, upright):
            words.append((top, "".join(parts)))
            parts, top, last = [LIGATURES.get(raw, raw)], box.top, box
        elif parts:
            parts.append(LIGATURES.get(raw, raw))
            top, last = min(top, box.top), box
        else:
            parts, top, last = [LIGATURES.get(raw, raw)], box.top, box
    if parts:
        words.append((top, "".join(parts)))
    return words


def _begins_word(a: BBox, c: BBox, upright: bool) -> bool:
    """`c` starts a new word after `a`, the box of the word's last char."""
    if upright:
        return c.x0 < a.x0 or c.x0 > a.x1 + TOLERANCE or abs(c.top - a.top) > TOLERANCE
    return c.top < a.top or c.top > a.bottom + TOLERANCE or abs(c.x0 - a.x0) > TOLERANCE


def _lines(run: list[TextItem], ids: dict[float, int], values: list[float]) -> list[list[TextItem]]:
    """The run's chars by cluster (each char's value's), clusters in order and
    chars in the run's order within one: a stable sort by cluster, then
    grouped, without the sort."""
    clusters: dict[int, list[TextItem]] = {}
    for char, value in zip(run, values, strict=True):
        cluster = ids[value]
        found = clusters.get(cluster)
        if found is None:
            clusters[cluster] = [char]
        else:
            found.append(char)
    return [clusters[cluster] for cluster in sorted(clusters)]


def _x0(char: TextItem) -> float:
    return char.box.x0


def _top_bottom(char: TextItem) -> tuple[float, float]:
    return char.box.top, char.box.bottom


def _run_words(run: list[TextItem], upright: bool) -> Iterable[tuple[float, str]]:
    if upright:
        values = [c.box.top for c in run]
        for line in _lines(run, _cluster_ids(values), values):
            line.sort(key=_x0)
            yield from _words(line, upright)
    else:
        values = [c.box.x0 for c in run]
        for line in _lines(run, _cluster_ids(values), values):
            line.sort(key=_top_bottom)
            yield from _words(line, upright)


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
