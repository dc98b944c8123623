"""A text layer's page as typed segments: what each piece of text says.

Extractors differ in how they arrange a sheet's cells into lines: pdfminer
prints each cell as a block of its own (blank line between), pypdfium2 a
whole row on one line (cells apart by ASCII spaces), a label wrapped over
lines (`上` / `半` / `期`). Whatever the arrangement, a cell's text says what
it is: a label of the form, a date, a number, a fiscal year, a mark, a word
of a known list, or free text. This module cuts the lines into such
segments, in the order the layer prints them, each with its lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex

from dxparse.normalise import join_wrapped, normalize_text
from dxparse.parsers.action_plan import common
from dxparse.parsers.action_plan.common import compact, label_of
from dxparse.parsers.action_plan.lines import is_footer
from dxparse.utils.numbers import parse_number
from dxparse.vocabulary import shipped

_AP = shipped().action_plan
_P = _AP.patterns
_W = _AP.words
_DATE = regex.compile(rf"^(?:{_P['text_date']})$")
# A period `R7 ~ R7` keeps its spaces inside; found before a line is cut at them.
_RANGE_IN = regex.compile(_P["line_range"].removeprefix("^").removesuffix("$"))
_FORM_NOTE = regex.compile(_P["form_note"])
_NUMBER = regex.compile(r"^\d+(?:[-‐]\d+)*$")
_LETTERS = frozenset({*_AP.ratings, *_AP.importance})
_SERIES = frozenset(compact(w) for w in (*_AP.series_value, *_AP.series_amount))
# A layer of boxes prints at most this many lines a box on average.
BOX_LINES = 3
# A line that a cell's text wrapped from fills the cell: a shorter text (a
# name, a word) ends its cell there, the next line is another cell's.
MIN_WRAPPED_CHARS = 12
# The longest label a segment of wrapped lines is tried as (lines joined).
MAX_WRAP = 4

Kind = Literal[
    "label",  # a label of the form (name: its vocabulary name)
    "title",  # a sheet's title
    "date",
    "range",  # 取組期間's `R7 ~ R7`
    "year",  # a fiscal year label (`令和5年度`)
    "number",  # digits (an id, a code, a task's row number, a grid figure)
    "figure",  # a grid's figure (`7,610`, `12.5`, `△1,345`)
    "series",  # a grid row's label (`当初計画値`)
    "letter",  # a grade A/B/C
    "mark",  # a tick (✓ ○)
    "yesno",  # 有 / 無
    "word",  # a word of a known list (statuses, outcomes, directions)
    "note",  # the form's `※…` note
    "furniture",  # footers, quarter headers: the form's, no value
    "text",  # free text
]


@dataclass(slots=True)
class Segment:
    """One piece of text the layer prints, typed by what it says."""

    kind: Kind
    text: str  # normalised
    first: int  # the file's line numbers it spans
    last: int
    name: str | None = None  # a label's vocabulary name
    line_start: bool = False  # the first segment of its line
    raw: str = ""  # as printed (a name's spacing tells family from given name)
    # Free text whose next line is free text alone, on a page without boxes:
    # that line may be its wrapped end or another cell; the text is not settled.
    doubt: bool = False

    @property
    def lines(self) -> tuple[int, int]:
        return (self.first, self.last)


def _words() -> tuple[str, ...]:
    ap = common.ap()
    return (
        *ap.year_statuses,
        *ap.outcomes,
        *ap.directions,
        *ap.activities,
        *ap.progress,
        *ap.effect_flags,  # 効果's kinds (`その他改善`)
    )


# What a piece says, tried in this order on (normalised text, compacted text);
# a label is tried before (the name is the label's), see kind_of.
_TESTS: tuple[tuple[Kind, Callable[[str, str], bool]], ...] = (
    ("furniture", lambda text, key: is_footer(text)),
    ("date", lambda text, key: _DATE.match(text) is not None),
    ("range", lambda text, key: _RANGE_IN.fullmatch(text) is not None),
    ("number", lambda text, key: _NUMBER.match(key) is not None),
    ("series", lambda text, key: key in _SERIES),
    ("figure", lambda text, key: _is_figure(key)),
    ("letter", lambda text, key: key in _LETTERS),
    ("mark", lambda text, key: all(ch in _AP.ticks for ch in key)),
    ("yesno", lambda text, key: common.yes_no(key) is not None),
    ("word", lambda text, key: any(common.in_vocab(key, (w,)) for w in _words())),
    ("note", lambda text, key: key.startswith(_W["note"]) and _is_note(key)),
    ("furniture", lambda text, key: common.quarter_of(key) is not None),
    (
        "year",
        lambda text, key: (
            common.year_header(key).year is not None and common.fiscal_year_label(text) is not None
        ),
    ),
)


@lru_cache(maxsize=16384)
def kind_of(text: str) -> tuple[Kind, str | None]:
    """What one piece of text (normalised) says."""
    key = compact(text)
    if not key:
        return "furniture", None
    if common.is_sheet_title(text):
        return "title", None
    name = label_of(key)
    if name is not None:
        return "label", name
    for kind, test in _TESTS:
        if test(text, key):
            return kind, None
    return "text", None


def _is_figure(key: str) -> bool:
    parsed = parse_number(key)
    return (
        parsed is not None
        and parsed.value is not None
        and not parsed.unit
        and not parsed.approx
        and bool(regex.match(r"^[△▲\-−]?[\d,.]+$", key))
    )


def _known(text: str) -> bool:
    """A piece that says something by itself (not free text)."""
    return kind_of(text)[0] != "text"


def _is_note(text: str) -> bool:
    """`text` holds the form's note from its `※` on (or its first, wrapped part)."""
    at = text.find(_W["note"])
    return at >= 0 and _FORM_NOTE.match(text[at:], partial=True) is not None


def _pieces(line: str) -> list[tuple[str, str]]:
    """A line cut at its spaces, as (printed, normalised) pieces; a period,
    a title and the form's `※` note kept whole."""
    spans = [(m.start(), m.end()) for m in regex.finditer(r"[^ ]+", line)]
    note = next((n for n, (a, b) in enumerate(spans) if _is_note(normalize_text(line[a:b]))), None)
    tail: list[str] = []
    if note is not None:
        a, b = spans[note]
        at = line.index(_W["note"], a) if _W["note"] in line[a:b] else a
        tail = [line[at:].strip()]
        spans = spans[:note] + ([(a, at)] if line[a:at].strip() else [])
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(spans):
        width = 1
        for w in range(len(spans) - i, 1, -1):
            # A title with a note after it (`…(令和5~令和7年度) (単位:千円)`), a period.
            text = normalize_text(line[spans[i][0] : spans[i + w - 1][1]])
            if (i == 0 and common.is_sheet_title(text)) or (w <= 3 and _RANGE_IN.fullmatch(text)):
                width = w
                break
        raw = line[spans[i][0] : spans[i + width - 1][1]]
        text = normalize_text(raw)
        if _RANGE_IN.fullmatch(text):
            text = "".join(text.split())
        out.append((raw, text))
        i += width
    out.extend((t, normalize_text(t)) for t in tail)
    return out


# Head labels a layer may print glued to their value (`作成日H31.4.1`, `責任者藤本`).
_GLUED = tuple(_AP.lists["row_labels"])
# Of those, the labels whose value is a name or free text (not typed by itself).
_GLUED_TEXT = ("manager", "staff")


def _split_glued(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A piece that starts with a head label and goes on with its value: two."""
    out: list[tuple[str, str]] = []
    for raw, text in pieces:
        for name in _GLUED if kind_of(text)[0] == "text" else ():
            label = common.labels().prefix(name, text)
            if not label or len(label) >= len(text) or not raw.startswith(label):
                continue
            rest = raw[len(label) :]
            if kind_of(normalize_text(rest))[0] != "text" or name in _GLUED_TEXT:
                out.extend([(label, label), (rest, normalize_text(rest))])
                break
        else:
            out.append((raw, text))
    return out


def _line_segments(line: str, number: int) -> list[Segment]:
    """One line's segments; adjacent free-text pieces are one segment."""
    out: list[Segment] = []
    starts: list[int] = []  # where each segment starts on the line
    end = 0
    for raw, piece in _split_glued(_pieces(line)):
        start = line.index(raw, end)
        kind, name = kind_of(piece)
        if kind == "text" and out and out[-1].kind == "text":
            out[-1].text = f"{out[-1].text} {piece}"
            # As printed, spaces and all (a name's wider gap parts family and given name).
            out[-1].raw = line[starts[-1] : start + len(raw)]
            if kind_of(out[-1].text)[0] == "word":  # `達 成`: a word letter-spaced
                out[-1].kind = "word"
        else:
            out.append(Segment(kind, piece, number, number, name, raw=raw))
            starts.append(start)
        end = start + len(raw)
    if out:
        out[0].line_start = True
    return out


def is_boxed(lines: Sequence[tuple[int, str]]) -> bool:
    """The layer parts its text boxes by blank lines (pdfminer): a box's lines
    are one cell's, wrapped; a page of row lines without (pypdfium2) is not."""
    printed = [bool(raw.strip()) for _, raw in lines]
    starts = sum(
        1 for a, b in zip([False, *printed][: len(printed)], printed, strict=True) if b and not a
    )
    # Boxes of a few lines each: a stray blank line in a page of rows is no box layout.
    return starts > 1 and starts * BOX_LINES >= sum(printed)


def segments(lines: Sequence[tuple[int, str]]) -> list[Segment]:
    """The typed segments of one page's lines ((file line number, text)).

    Lines are grouped into blocks at blank lines. A block (or a run of up
    to MAX_WRAP one-piece lines) that, joined, is a label, a date or a
    known word is one segment (`計画どお` / `り`, `効` / `果` / `額`);
    lines of free text one after the other are one wrapped segment.
    """
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, raw in lines:
        if raw.strip():
            blocks[-1].append((number, raw))
        elif blocks[-1]:
            blocks.append([])
    out: list[Segment] = []
    boxed = is_boxed(lines)
    for block in blocks:
        if block:
            out.extend(_block(block, boxed))
    out = _dates_wrapped(out)
    if not boxed:
        _doubts(out)
    return out


def _doubts(out: list[Segment]) -> None:
    """On a page of row lines, free text that ends its line before a line that
    starts with free text (or starts its line after one that ends so) may be
    one cell wrapped over the two lines, other cells' labels standing between
    (`…行った。` / `コメント` / `運用開始し…`): it is not settled. Lines that
    print labels only are looked past."""
    rows: dict[int, list[Segment]] = {}
    for segment in out:
        if segment.kind not in ("label", "furniture", "title", "note"):
            rows.setdefault(segment.first, []).append(segment)
            if segment.last != segment.first:
                rows.setdefault(segment.last, [])
    numbers = sorted(rows)
    for n, number in enumerate(numbers):
        row = rows[number]
        if not row:
            continue
        below = next((rows[m] for m in numbers[n + 1 :] if rows[m]), None)
        above = next((rows[m] for m in reversed(numbers[:n]) if rows[m]), None)
        if (
            row[-1].kind == "text"
            and len(compact(row[-1].text)) >= MIN_WRAPPED_CHARS
            and below is not None
            and below[0].kind == "text"
        ):
            row[-1].doubt = True
        if row[0].kind == "text" and above is not None and above[-1].kind == "text":
            row[0].doubt = True


def _block(block: list[tuple[int, str]], boxed: bool) -> list[Segment]:
    out: list[Segment] = []
    i = 0
    while i < len(block):
        joined = _wrapped_known(block, i)
        if joined is not None:
            segment, i = joined
            out.append(segment)
            continue
        number, raw = block[i]
        found = _line_segments(raw, number)
        prev = out[-1] if out else None
        if (
            boxed
            and len(found) == 1
            and found[0].kind == "text"
            and prev is not None
            and prev.kind == "text"
            and prev.last == number - 1
            and prev.line_start
            and len(_pieces(raw)) == 1
            and _whole_line(block, prev)
        ):
            # A wrapped line of the same cell.
            prev.text = join_wrapped([prev.text, found[0].text])
            prev.raw += found[0].raw
            prev.last = number
            kind, name = kind_of(prev.text)
            if kind in ("word", "label", "date", "furniture"):
                prev.kind, prev.name = kind, name
        else:
            out.extend(found)
        i += 1
    return out


def _whole_line(block: list[tuple[int, str]], segment: Segment) -> bool:
    """`segment` is all its last line prints (no other cell shares it)."""
    raw = next((raw for n, raw in block if n == segment.last), "")
    return len(_pieces(raw)) <= 1


def _wrapped_known(
    block: list[tuple[int, str]], i: int, depth: int = 0
) -> tuple[Segment, int] | None:
    """Lines i.. (at most MAX_WRAP, each one piece) that, joined, say one known
    thing. A line that says something itself, or starts such a run, ends it
    (`総合評価` / `(A・B・C)` / `完了` is a label, then a word)."""
    best: tuple[Segment, int] | None = None
    end = min(MAX_WRAP, len(block) - i)
    for width in range(1, end + 1):
        _, raw = block[i + width - 1]
        if len(_pieces(raw)) != 1:
            break
        if width > 1 and (
            _known(raw) or (depth == 0 and _wrapped_known(block, i + width - 1, 1) is not None)
        ):
            break
        if width == 1:
            continue
        part = block[i : i + width]
        text = join_wrapped([r for _, r in part])
        kind, name = kind_of(text)
        if kind in ("label", "word", "date", "furniture"):
            best = Segment(kind, text, part[0][0], part[-1][0], name, True, text), i + width
    return best


def _dates_wrapped(out: list[Segment]) -> list[Segment]:
    """A lone `日` after a date printed without it: the date's end, wrapped."""
    day = _W["day"]
    kept: list[Segment] = []
    for segment in out:
        prev = kept[-1] if kept else None
        if (
            segment.text == day
            and prev is not None
            and prev.kind == "date"
            and not prev.text.endswith(day)
            and segment.first == prev.last + 1
        ):
            prev.text += day
            prev.last = segment.last
            continue
        if (
            segment.kind == "text"
            and prev is not None
            and prev.kind == "note"
            and segment.first == prev.last + 1
            and segment.line_start
        ):
            # The form's note wrapped onto the next line.
            prev.text += segment.text
            prev.last = segment.last
            continue
        kept.append(segment)
    return kept
