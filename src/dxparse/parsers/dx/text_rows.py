"""Rows of a DX table printed row by row (pypdfium2's text), by alignment.

An extractor that follows the content stream prints a table's cells row
after row, each row's cells in column order, a wrapped cell over several
lines and a blank cell not at all; what it does not print is where one cell
ends and the next begins. The row pattern is the header's column order;
each cell takes the pieces its column can hold (a status: one status word;
an outlook: an outlook form; a detail: pieces ending in a sentence's end;
a 施策 / 施策の内容: pieces with no sentence in them), any cell but the
status may be blank. Every way of cutting the pieces into rows that fits is
found (forward and backward reachability), and a cell is published only
when every way gives it the same pieces: never a guess.

What the content says of where cells end, beyond each column's form:
- a run of pieces that prints an outlook form is the outlook whole;
- a detail does not begin between a number and what follows it on its line;
- a gap (a space between two Japanese characters on a line) is where
  cells meet: of the cuts, those whose labels and outlooks run over the
  fewest gaps are kept, and a detail runs over one only where no cut fits
  otherwise;
- a label every cut gives one column, printed again piece for piece and
  wrapped alike, is that column's cell again;
- the first row of a table that continues none prints its 施策;
- text before the first row (a heading's tail) is allowed only where no
  cut fits from the first piece, and is left unread (the ledger's).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import regex

from dxparse.parsers.dx.common import (
    ERA_YEAR,
    SENTENCE_END,
    compact,
    is_outlook,
    outlook_endings,
)
from dxparse.vocabulary import resolve, shipped

# The most pieces one cell takes (a detail wraps over lines; a label less).
MAX_PIECES = {"detail": 16, "measure": 6, "item": 6, "outlook": 6, "status": 1}
_OUTLOOK_FORM = regex.compile(
    shipped()
    .dx.patterns["text_outlook_form"]
    .replace("${era_year}", ERA_YEAR)
    .replace("${outlook_word}", "|".join(map(regex.escape, outlook_endings())))
)


def outlook_form(text: str) -> bool:
    """An outlook in one of its printed forms: `[年度]word[予定]` or a listed
    phrase (`需要に合わせて縮小`)."""
    flat = compact(text)
    return is_outlook(flat) and (
        _OUTLOOK_FORM.match(flat) is not None or flat in shipped().dx.lists["outlook_phrases"]
    )


@dataclass(frozen=True, slots=True)
class Piece:
    kind: str  # status, outlook, status|outlook, other
    text: str


Span = tuple[int, int]  # pieces [start, end)


def _fits(name: str, pieces: Sequence[Piece], wrapped: Collection[int] = ()) -> bool:
    """Whether the pieces make a cell of the column; `wrapped`: indexes
    (within `pieces`) of outlook words that stand alone on a line after
    the cell's first."""
    if not pieces:
        return name != "status"
    if name == "status":
        return len(pieces) == 1 and pieces[0].kind in ("status", "status|outlook")
    if name == "outlook":
        if len(pieces) == 1:
            return pieces[0].kind in ("outlook", "status|outlook")
        # Wrapped over pieces, an outlook is one of the forms (`令和 / 8 年 /
        # 度開始`, `需要に合 / わせて縮 / 小`): a label's tail and an outlook
        # word (`テム` / `廃止`) end in the word too.
        return all(p.kind == "other" for p in pieces[:-1]) and outlook_form(
            "".join(p.text for p in pieces)
        )
    if name == "detail":
        return all(p.kind == "other" for p in pieces) and compact(pieces[-1].text).endswith(
            SENTENCE_END
        )
    # A label wrapped at an outlook word (`電子申請サービスの` / `拡充`):
    # the word on a line of its own, the label's last and not its first (`wrapped`).
    if any(p.kind != "other" and k not in wrapped for k, p in enumerate(pieces)):
        return False
    return not any(SENTENCE_END in p.text for p in pieces)


def _alone_words(pieces: Sequence[Piece], starts: Collection[int] | None) -> set[int]:
    """Outlook words alone on their line (it starts at them, the next line
    right after): a wrapped label's tail may be one."""
    if starts is None:
        return set()
    n = len(pieces)
    return {
        k
        for k, p in enumerate(pieces)
        if p.kind == "outlook" and k in starts and (k + 1 == n or k + 1 in starts)
    }


def _after_last_status(pieces: Sequence[Piece]) -> range:
    """Where the table may end (callouts, notes printed after it): after
    which no status word stands — every row prints one. What is left after
    it is not read (the ledger's)."""
    start = len(pieces)
    while start > 0 and not pieces[start - 1].kind.startswith("status"):
        start -= 1
    return range(start, len(pieces) + 1)


def _before_first_status(pieces: Sequence[Piece]) -> range:
    """Where the table may begin (a wrapped heading's tail, a sub-theme
    label printed inside its frame): at the first status word at the
    latest — every row prints one, so none stands before the first row."""
    end = next((k for k, p in enumerate(pieces) if p.kind.startswith("status")), len(pieces))
    return range(end + 1)


def _outlook_runs(pieces: Sequence[Piece]) -> set[Span]:
    """Runs of two or more pieces that print an outlook in one of its forms
    (`令和 4 年度` / `開始`, `時期を見定めて` / `実行`): the vocabulary's
    outlook — no label takes any of its pieces, nor is its tail word an
    outlook without the rest (a label's tail and an outlook word, `テム` /
    `廃止`, make no form)."""
    most = MAX_PIECES["outlook"]
    return {
        (a, b)
        for a in range(len(pieces))
        for b in range(a + 2, min(len(pieces), a + most) + 1)
        if all(p.kind == "other" for p in pieces[a : b - 1])
        and pieces[b - 1].kind in ("other", "outlook", "status|outlook")
        and outlook_form("".join(p.text for p in pieces[a:b]))
    }


def _fitter(
    pieces: Sequence[Piece],
    starts: Collection[int] | None,
    gaps: Collection[int],
    walled: Collection[str],
    held: dict[Span, str] | None = None,
    counted: Collection[str] = (),
) -> Callable[[str, int, int], int | None]:
    """Whether pieces [i, j) make a cell of a column, as align asks it: None
    when not, else the gaps it runs over in a `counted` column. A cell of a
    `walled` column does not run over a gap; a `held` run is a whole cell of
    its column (no cell takes part of it, none starts in it)."""
    runs = sorted((held or {}).items())
    # A figure's number and what follows it on its line (`397 薬局で対象。`):
    # a detail does not begin between them.
    joined = {
        k
        for k in range(1, len(pieces))
        if (starts is None or k not in starts)
        and pieces[k - 1].text[-1:].isdigit()
        and not pieces[k].text[:1].isdigit()
    }
    whole = _inside_years(pieces, starts)
    alone = _alone_words(pieces, starts)
    walls = sorted(gaps)
    forms = _outlook_runs(pieces)

    def fits(name: str, i: int, j: int) -> bool:
        for (a, b), column in runs:
            if ((i < b and j > a) or a < i < b) and ((i, j) != (a, b) or name != column):
                return False
        if name in walled and any(i < g < j for g in walls):
            return False
        if name in _LABELS and any(i < b and j > a for a, b in forms):
            return False
        if name == "outlook" and any(a < i and b == j for a, b in forms):
            return False
        if name == "detail" and i < j and i in joined:
            return False
        if i < j and (i in whole or j in whole):
            return False
        wrapped = {k - i for k in alone if i < k == j - 1}
        return _fits(name, pieces[i:j], wrapped)

    def cost(name: str, i: int, j: int) -> int | None:
        if not fits(name, i, j):
            return None
        return sum(1 for g in walls if i < g < j) if name in counted else 0

    return cost


_YEAR = regex.compile(resolve(shipped().dx.patterns["text_spaced_year"], era_year=ERA_YEAR))


def _inside_years(pieces: Sequence[Piece], starts: Collection[int] | None) -> set[int]:
    """Pieces that continue a year on their line (`令和` / `2` / `年度の…`:
    the extractor spaced the digits off): no cell begins or ends there."""
    out: set[int] = set()
    # The layer's lines: pieces from one line start to the next.
    bounds = sorted({0, len(pieces), *(k for k in starts or () if 0 < k < len(pieces))})
    for k, end in itertools.pairwise(bounds):
        offsets: list[int] = []
        line = ""
        for piece in pieces[k:end]:
            offsets.append(len(line))
            line += piece.text + " "
        for found in _YEAR.finditer(line):
            out.update(
                k + q for q, at in enumerate(offsets) if q and found.start() < at < found.end()
            )
    return out


_LABELS = ("measure", "item")
# Rounds of held runs align tries at most.
MAX_ROUNDS = 4

# (columns a gap bounds, columns whose cuts run over the fewest gaps): a
# label's wrapped line printed after a space (`会議資料のペーパーレス 化`) is
# rarer than two cells on a line, a detail's (`実施を 812 部 局に拡大。`)
# rarer still — it is allowed only where no cut fits without.
_WALLED: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"detail"}), frozenset({"measure", "item", "outlook"})),
    (frozenset(), frozenset()),
)


# Where the fitting cuts put a cell they differ on: its first piece between
# the first two, its end between the last two (min start, max start, min
# end, max end).
Bounds = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Alignment:
    """The cells every fitting cut of a table's pieces agrees on."""

    rows: int
    cells: list[dict[str, Span | None]]  # per row: column → the span, None where cuts differ
    bounds: list[dict[str, Bounds]]  # per row: column → where cuts differ, their bounds


def align(
    order: Sequence[str],
    pieces: Sequence[Piece],
    max_rows: int,
    starts: Collection[int] | None = None,
    gaps: Collection[int] = (),
    opens: bool = False,
    lead: bool = True,
) -> Alignment | None:
    """The Alignment (rows, per row: column → the one span every fitting
    cut gives it, or None where cuts differ, and the bounds of those), or
    None when no cut fits or cuts differ in their number of rows.
    `starts`: the pieces that begin a line, where given — a row begins on
    a line of its own (the row below is lower and starts again at the
    left). `gaps`: pieces a detail does not run into
    from the one before (a space between two Japanese characters on a line:
    inside a sentence an extractor spaces only Latin letters and digits
    off, and after a clause mark).

    The table begins at the first piece; only where no cut fits so may it
    begin later (text before its first row: not read, the ledger's). The
    cuts kept are those whose labels and outlooks run over the fewest gaps
    (none, where some cut does so): an extractor that prints a cell's
    wrapped line on the line before, after a space, leaves one inside the
    cell (`会議資料のペーパーレス 化`); a detail runs over a gap only where no
    cut fits otherwise (`実施を 812 部 局に拡大。`). With `lead` False the
    table begins at the first piece or fits in no way (None): nothing
    before its first row is left unread."""
    n = len(pieces)
    row_start: Callable[[int], bool] = (
        (lambda i: True) if starts is None else (lambda i: i == n or i in starts)
    )
    firsts = {m for m in _before_first_status(pieces) if m == 0 or row_start(m)}
    filled = ("measure",) if opens else ()

    def solve(held: dict[Span, str]) -> Alignment | None:
        for begin in ({0}, firsts) if lead else ({0},):
            for walled, counted in _WALLED:
                cost = _fitter(pieces, starts, gaps, walled, held, counted)
                found = _cuts(order, pieces, max_rows, row_start, cost, begin, filled)
                if not isinstance(found, str):
                    return found
        return None

    found = solve({})
    held: dict[Span, str] = {}
    # Each round may settle cells that hold more runs; a few rounds settle
    # what they can (and no two rounds can take turns forever).
    for _ in range(MAX_ROUNDS):
        if found is None:
            break
        more = _repeated(found.cells, pieces, starts)
        if more == held:
            break
        again = solve(more)
        if again is None:
            break
        found, held = again, more
    return found


def _repeated(
    rows: Sequence[dict[str, Span | None]],
    pieces: Sequence[Piece],
    starts: Collection[int] | None,
) -> dict[Span, str]:
    """Where a label that every cut gives one column (a 施策 / 施策の内容)
    stands again in the table, piece for piece and wrapped alike: that
    column's cell again (a 施策 printed on each of its rows; the same text as
    the end of one cell and the start of the next, each cut where the label
    wraps, is no reading). A text two columns hold is neither's."""
    breaks = set(starts or ())
    shape: dict[tuple[tuple[str, ...], tuple[bool, ...]], set[str]] = {}
    for cells in rows:
        for name in _LABELS:
            span = cells.get(name)
            if span is not None and span[1] > span[0]:
                i, j = span
                key = (
                    tuple(p.text for p in pieces[i:j]),
                    tuple(k in breaks for k in range(i + 1, j)),
                )
                shape.setdefault(key, set()).add(name)
    held: dict[Span, str] = {}
    for (texts, wraps), names in shape.items():
        if len(names) != 1:
            continue
        size = len(texts)
        for a in range(len(pieces) - size + 1):
            if tuple(p.text for p in pieces[a : a + size]) == texts and wraps == tuple(
                k in breaks for k in range(a + 1, a + size)
            ):
                held[(a, a + size)] = next(iter(names))
    return held


Price = Callable[[int, int, int, int], int | None]  # (row, column, i, j) → cost


def _cuts(
    order: Sequence[str],
    pieces: Sequence[Piece],
    max_rows: int,
    row_start: Callable[[int], bool],
    cost: Callable[[str, int, int], int | None],
    lead: Collection[int],
    filled: Collection[str] = (),
) -> Alignment | str | None:
    """align's cells for one set of rules, over the cuts of least cost:
    "none" when no cut fits, None when those cuts differ in their number of
    rows; the first row's cells of the `filled` columns are not blank."""
    n = len(pieces)

    def price(r: int, c: int, i: int, j: int) -> int | None:
        if r == 0 and i == j and order[c] in filled:
            return None
        return cost(order[c], i, j)

    forward = _forward(order, n, max_rows, row_start, price, lead)
    stops = {m for m in _after_last_status(pieces) if row_start(m)}
    least = {
        r: min(k for m, k in forward[r][0].items() if m in stops)
        for r in range(1, max_rows + 1)
        if stops & forward[r][0].keys()
    }
    if not least:
        return "none"
    best = min(least.values())
    ends = [r for r, k in least.items() if k == best]
    if len(ends) != 1:
        return None
    rows = ends[0]
    backward = _backward(order, forward, rows, stops, row_start, price)
    out: list[dict[str, Span | None]] = []
    bounds: list[dict[str, Bounds]] = []
    for r in range(rows):
        cells: dict[str, Span | None] = {}
        apart: dict[str, Bounds] = {}
        for c, name in enumerate(order):
            spans = {
                (i, j)
                for i, before in forward[r][c].items()
                for j, after in backward[r][c + 1].items()
                if i <= j <= i + MAX_PIECES[name]
                and (step := price(r, c, i, j)) is not None
                and before + step + after == best
            }
            cells[name] = next(iter(spans)) if len(spans) == 1 else None
            if len(spans) > 1:
                begins, finishes = [i for i, _ in spans], [j for _, j in spans]
                apart[name] = (min(begins), max(begins), min(finishes), max(finishes))
        out.append(cells)
        bounds.append(apart)
    return Alignment(rows, out, bounds)


def _forward(
    order: Sequence[str],
    n: int,
    max_rows: int,
    row_start: Callable[[int], bool],
    price: Price,
    lead: Collection[int],
) -> list[list[dict[int, int]]]:
    """[r][c]: piece index at which row r's column c can start → the least
    cost of the cells before it."""
    width = len(order)
    forward: list[list[dict[int, int]]] = [
        [{} for _ in range(width + 1)] for _ in range(max_rows + 1)
    ]
    forward[0][0].update(dict.fromkeys(lead, 0))
    for r in range(max_rows):
        for c in range(width):
            into = forward[r][c + 1]
            for i, before in sorted(forward[r][c].items()):
                for j in range(i, min(n, i + MAX_PIECES[order[c]]) + 1):
                    step = price(r, c, i, j)
                    if step is not None and (j not in into or before + step < into[j]):
                        into[j] = before + step
        forward[r + 1][0] = {i: k for i, k in forward[r][width].items() if row_start(i)}
    return forward


def _backward(
    order: Sequence[str],
    forward: list[list[dict[int, int]]],
    rows: int,
    stops: Collection[int],
    row_start: Callable[[int], bool],
    price: Price,
) -> list[list[dict[int, int]]]:
    """[r][c]: piece index from which row r's column c on can finish the
    table in `rows` rows → the least cost of the cells from it."""
    width = len(order)
    backward: list[list[dict[int, int]]] = [[{} for _ in range(width + 1)] for _ in range(rows + 1)]
    backward[rows][0] = {m: 0 for m in stops if m in forward[rows][0]}
    for r in range(rows - 1, -1, -1):
        backward[r][width] = {j: k for j, k in backward[r + 1][0].items() if row_start(j)}
        for c in range(width - 1, -1, -1):
            into = backward[r][c]
            for j, after in backward[r][c + 1].items():
                for i in range(max(0, j - MAX_PIECES[order[c]]), j + 1):
                    if i not in forward[r][c]:
                        continue
                    step = price(r, c, i, j)
                    if step is not None and (i not in into or step + after < into[i]):
                        into[i] = step + after
    return backward
