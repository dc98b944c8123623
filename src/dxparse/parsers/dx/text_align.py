"""Order-keeping placement of a column's texts on table rows (issue 15).

A text layer keeps the order of a column's cells (pdfminer prints a column's
details, outlooks, statuses top to bottom far more often than it keeps a
row's cells together), so a column with fewer texts than rows is a choice of
which rows are blank. This module makes that choice only where the layer
settles it: every placement that keeps the order and agrees with what the
layer shows of each text's row is tried, and a cell is taken only where all
of them agree.

What the layer shows of a text's row:
- a text printed on one line with a cell whose row is known (a status, or a
  cell already placed: `提供中 電子申請の受付を開始。`) is of that row — the
  two stood at one height; a text merely next to another in the stream is
  not (pdfminer prints a row's outlook before the row above's status, two
  columns' runs one after the other);
- any other text stands between the statuses of the rows above and below
  its own, and all such texts on the same side of their own status — for
  a column whose box the layer keeps by its row (a detail); not for one it
  may print before the row above's status (an outlook: `windows` False).

Positions are indexes in the table's stream of blocks; rows count from 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from itertools import combinations, pairwise
from math import comb

# Placements tried at most (rows choose texts).
MAX_PLACEMENTS = 5000


def place(
    texts: Sequence[int],
    statuses: Sequence[int],
    lines: Sequence[Set[int]],
    size: int,
    windows: bool = True,
) -> tuple[list[int | None], bool] | None:
    """The column's texts (stream positions, in order) on the rows (one
    status each, `statuses` their positions); `lines`: per text, the rows
    of the placed cells (statuses included) printed on a line with it;
    `size`: the stream's length. Returns per row the index in `texts` of
    its text (None: blank or unsettled) and whether any cell was unsettled;
    None where no placement fits or the layer contradicts itself."""
    rows = len(statuses)
    if not texts or len(texts) > rows:
        return None
    anchors: list[int | None] = []
    for beside in lines:
        if len(beside) > 1:
            return None  # on one line with two rows' cells: not a table row
        anchors.append(next(iter(beside)) if beside else None)
    loose = [k for k, a in enumerate(anchors) if a is None]
    if loose and not windows:
        return None
    # Two statuses side by side: the layer printed that column as a run
    # there, and where a text stands says nothing of its row.
    if loose and any(b - a == 1 for a, b in pairwise(statuses)):
        return None
    if comb(rows, len(texts)) > MAX_PLACEMENTS:
        return None

    def fits(r: int, k: int) -> bool:
        if anchors[k] is not None:
            return anchors[k] == r
        low = statuses[r - 1] if r > 0 else -1
        high = statuses[r + 1] if r + 1 < rows else size
        return low < texts[k] < high

    found: list[tuple[int, ...]] = []
    for chosen in combinations(range(rows), len(texts)):
        if not all(fits(r, k) for k, r in enumerate(chosen)):
            continue
        if len({texts[k] < statuses[chosen[k]] for k in loose}) > 1:
            continue
        found.append(chosen)
    if not found:
        return None
    cells: list[int | None] = [None] * rows
    unsettled = False
    for r in range(rows):
        held = {next((k for k, c in enumerate(chosen) if c == r), None) for chosen in found}
        if len(held) == 1:
            cells[r] = held.pop()
        else:
            unsettled = True
    return cells, unsettled


# A cut's state: row, status seen, and the cells of each capped role in it.
_CutState = tuple[int, bool, tuple[int, ...]]


def cut(
    roles: Sequence[Sequence[str]], caps: Mapping[str, int]
) -> tuple[list[set[tuple[int, str]]], int] | None:
    """The table's stream cut into rows, each a run of the stream (an
    extractor that prints boxes by their height on the page — pdfminer with
    boxes_flow None — prints a row's boxes after the row above's): `roles`,
    per block the roles it may take (`status` one per row; a role in `caps`
    at most that many per row; any other role free). Returns per block the
    (row, role) pairs it takes in some full cut, with the one row count;
    None where no cut fits or cuts give other row counts."""
    capped = sorted(caps)
    slot = {name: k for k, name in enumerate(capped)}
    empty = (0,) * len(capped)

    def steps(state: _CutState, names: Sequence[str]) -> list[tuple[_CutState, str]]:
        r, seen, held = state
        out: list[tuple[_CutState, str]] = []
        for name in names:
            for row, has, cells in ((r, seen, held), (r + 1, False, empty)):
                if row != r and not seen:
                    continue  # a row ends only after its status
                if name == "status":
                    if not has:
                        out.append(((row, True, cells), name))
                    continue
                k = slot.get(name)
                if k is None:
                    out.append(((row, has, cells), name))
                elif cells[k] < caps[name]:
                    more = (*cells[:k], cells[k] + 1, *cells[k + 1 :])
                    out.append(((row, has, more), name))
        return out

    forward: list[set[_CutState]] = [{(0, False, empty)}]
    for names in roles:
        forward.append({t for s in forward[-1] for t, _ in steps(s, names)})
    ends = {s for s in forward[-1] if s[1]}
    counts = {s[0] + 1 for s in ends}
    if len(counts) != 1:
        return None
    back = ends
    choices: list[set[tuple[int, str]]] = [set() for _ in roles]
    for k in range(len(roles) - 1, -1, -1):
        reach: set[_CutState] = set()
        for s in forward[k]:
            for t, name in steps(s, roles[k]):
                if t in back:
                    reach.add(s)
                    choices[k].add((t[0], name))
        back = reach
    return choices, counts.pop()


# A cell the cuts differ on.
UNSETTLED = -1


def cut_cells(choices: Sequence[set[tuple[int, str]]], rows: int, role: str) -> list[int | None]:
    """Per row, the block (index) every cut gives the role; None where no
    cut gives the row one (blank); UNSETTLED where the cuts differ."""
    out: list[int | None] = []
    for r in range(rows):
        held = [k for k, c in enumerate(choices) if (r, role) in c]
        if not held:
            out.append(None)
        elif len(held) == 1 and choices[held[0]] == {(r, role)}:
            out.append(held[0])
        else:
            out.append(UNSETTLED)
    return out
