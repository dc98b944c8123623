"""Checks the sheets' own arithmetic makes, and the alignment they decide.

The 効果額 grid adds up: 計 = 歳入増加 + 歳出削減 in every column and series,
and 最終値 = the sum of the year columns. The single-year sheet repeats the
year's indicator: its 計画値 is that year's 変更計画値 (当初計画値 where no
revised value is printed) and its 実績値 that year's 実績値.

On the PDF path these only report (`sum_mismatch`, `cross_sheet_mismatch`):
printed values are published as printed. On the text path they decide
where a short row of numbers sits: `solve` keeps a cell only when every
alignment that passes every check puts the same thing there.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import get_args

from dxparse.parsers.action_plan import common
from dxparse.parsers.action_plan.common import SERIES, GridKey, Period
from dxparse.vocabulary import Category, Series, shipped

_C = shipped().action_plan.lists["amount_categories"]

Number = int | float
CATEGORY_PARTS: tuple[Category, ...] = ("revenue", "expenditure")
EPS = 1e-6


def same(a: Number | None, b: Number | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= EPS * max(1.0, abs(a), abs(b))


# --- checks on a read grid (PDF path) ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mismatch:
    code: str
    message: str
    key: GridKey
    raw: str


def effect_sums(effects: Mapping[GridKey, Number], years: Sequence[int]) -> list[Mismatch]:
    """計 = 歳入 + 歳出 and 最終値 = Σ years, where every cell involved is printed."""
    out: list[Mismatch] = []
    columns: list[tuple[Period, int | None]] = sorted(
        {(k[0], k[1]) for k in effects},
        key=lambda c: (c[0] != "baseline", c[0] == "final", c[1] or 0),
    )
    for series in SERIES:
        for period, year in columns:
            parts = [effects.get((period, year, cat, series)) for cat in CATEGORY_PARTS]
            total = effects.get((period, year, "total", series))
            if total is None or any(p is None for p in parts):
                continue
            expected = sum(p for p in parts if p is not None)
            if not same(total, expected):
                out.append(
                    Mismatch(
                        "sum_mismatch",
                        f"{_C[2]} {total} ≠ {_C[0]} + {_C[1]} = {expected}"
                        f" ({series}, {year or period})",
                        (period, year, "total", series),
                        f"{parts[0]} + {parts[1]} → {total}",
                    )
                )
        for category in (*CATEGORY_PARTS, "total"):
            final = effects.get(("final", None, category, series))
            values = [effects.get(("year", y, category, series)) for y in years]
            if final is None or not years or any(v is None for v in values):
                continue
            expected = sum(v for v in values if v is not None)
            if not same(final, expected):
                out.append(
                    Mismatch(
                        "sum_mismatch",
                        f"{common.wording('final')} {final} ≠ sum of the years {expected}"
                        f" ({category}, {series})",
                        ("final", None, category, series),
                        " + ".join(str(v) for v in values) + f" → {final}",
                    )
                )
    return out


def year_plan_value(indicator: Mapping[GridKey, Number], year: int) -> Number | None:
    """The plan value the single-year sheet should repeat for `year`."""
    revised = indicator.get(("year", year, None, "revised_plan"))
    if revised is not None:
        return revised
    return indicator.get(("year", year, None, "initial_plan"))


def cross_sheet(
    indicator: Mapping[GridKey, Number],
    year: int,
    plan: Number | None,
    actual: Number | None,
) -> list[Mismatch]:
    """The single-year sheet's 計画値 / 実績値 against the overall grid."""
    out: list[Mismatch] = []
    pairs: tuple[tuple[str, Number | None, Number | None, Series], ...] = (
        (common.wording("plan_value"), plan, year_plan_value(indicator, year), "revised_plan"),
        (
            common.wording("actual_value"),
            actual,
            indicator.get(("year", year, None, "actual")),
            "actual",
        ),
    )
    for label, printed, grid_value, series in pairs:
        if printed is None:
            continue
        if not same(printed, grid_value):
            out.append(
                Mismatch(
                    "cross_sheet_mismatch",
                    f"single-year {label} {printed} ≠ overall grid {grid_value} for {year}",
                    ("year", year, None, series),
                    f"{printed} / {grid_value}",
                )
            )
    return out


# --- the text path: placing short rows of numbers --------------------------------------------

RowId = tuple[Category | None, Series]  # (category or None for the indicator, series)
INDICATOR_ROWS: tuple[RowId, ...] = tuple((None, s) for s in SERIES)
EFFECT_GROUPS: tuple[tuple[RowId, ...], ...] = tuple(
    tuple((c, s) for c in get_args(Category)) for s in SERIES
)


@dataclass(frozen=True, slots=True)
class Facts:
    """What a text layer settles besides the loose rows of numbers."""

    years: tuple[int, ...]  # the grid's year columns, in order
    edition: int | None  # the single-year sheet's year
    period_end: int | None  # 取組年度's last year
    finals: Mapping[RowId, Number | None]  # 最終値 per row (None: blank)
    plan: Number | None  # single-year 計画値
    actual: Number | None  # single-year 実績値
    # Past years whose plan text states the indicator's result (`印刷部数136,000部`).
    quoted: Mapping[int, Number] = field(default_factory=dict)
    # 効果 boxes: a category left unticked saves or earns nothing.
    ticked: Mapping[str, bool | None] = field(default_factory=dict)


Cells = dict[tuple[RowId, int], Number]


@dataclass(frozen=True, slots=True)
class Solution:
    """What the checks settle: cells known (value), cells known blank, unknown cells."""

    known: Cells
    unknown: frozenset[tuple[RowId, int]]
    feasible: bool
    gave_up: bool = False  # too many ways to try: nothing is settled


# A sheet has 12 grid rows; more placements than this per group means the
# text is not one sheet's numbers, and nothing is placed.
MAX_COMBINATIONS = 200_000
MAX_STATES = 50_000


def _windows(run: Sequence[Number], years: Sequence[int]) -> list[tuple[tuple[int, Number], ...]]:
    """Contiguous placements of a run in the year columns (a text line holds adjacent cells)."""
    n = len(run)
    return [tuple(zip(years[i : i + n], run, strict=True)) for i in range(len(years) - n + 1)]


def _row_ok(row: RowId, cells: Mapping[int, Number], facts: Facts) -> bool:
    """Checks that involve one row only."""
    category, series = row
    final = facts.finals.get(row)
    # No result is printed for a year that has not happened (a formula 0 may be).
    edition = facts.edition
    if (
        series == "actual"
        and edition is not None
        and any(y > edition and not same(v, 0) for y, v in cells.items())
    ):
        return False
    if category == "total" and final is not None and any(y not in cells for y in facts.years):
        # 計 is a formula row: where its 最終値 is printed, so is every year.
        return False
    if facts.ticked.get(category or "") is False and any(not same(v, 0) for v in cells.values()):
        return False
    if category is not None:
        # 最終値 = the sum of the years (a blank cell adds nothing).
        if final is not None and not same(sum(cells.values()), final):
            return False
    elif series != "actual" and final is not None and not same(final, 0):
        # A plan's 最終値 is its target at the end: printed in the last year of
        # the initiative or of the plan.
        ends = {y for y in (facts.period_end, facts.years[-1] if facts.years else None) if y}
        if not any(same(cells.get(y), final) for y in ends if y in cells):
            return False
    if category is None and series == "actual" and facts.quoted:
        for year, value in facts.quoted.items():
            if year in cells and not same(cells[year], value):
                return False
    return True


def _group_ok(
    group: Sequence[RowId], chosen: Mapping[RowId, Mapping[int, Number]], facts: Facts
) -> bool:
    if group[0][0] is None:
        year = facts.edition
        if year is None:
            return True
        revised = chosen[(None, "revised_plan")].get(year)
        plan_value = revised if revised is not None else chosen[(None, "initial_plan")].get(year)
        if facts.plan is not None and not same(plan_value, facts.plan):
            return False
        actual = chosen[(None, "actual")].get(year)
        return facts.actual is None or same(actual, facts.actual)
    revenue, expenditure, total = (chosen[row] for row in group)
    for year in facts.years:
        parts = [revenue.get(year), expenditure.get(year)]
        t = total.get(year)
        if t is None:
            # 計 is a formula: a printed part means a printed total.
            if any(p is not None for p in parts):
                return False
            continue
        if not same(t, sum(p for p in parts if p is not None)):
            return False
    return True


# A group's options: used-run-kind counts → per cell, the values seen (None = blank).
_GroupOptions = dict[tuple[int, ...], dict[tuple[RowId, int], set[Number | None]]]
_Choice = tuple[int | None, dict[int, Number]]


def solve(runs: Sequence[Sequence[Number]], facts: Facts) -> Solution:
    """Place every run on one grid row so that every check holds.

    Each run is the printed cells of one row, adjacent year columns, in order.
    A run of one number may also be a 基準 (baseline) cell, so it need not be
    placed in the years. Rows are solved in groups (the indicator; each series of 効果額) that no
    check crosses; groups only share the runs, so the groups' options are
    combined by which runs they use. A cell is known when every complete
    alignment agrees on it.
    """
    groups: list[tuple[RowId, ...]] = [INDICATOR_ROWS, *EFFECT_GROUPS]
    kinds: list[tuple[Number, ...]] = []
    for run in runs:
        if tuple(run) not in kinds:
            kinds.append(tuple(run))
    need = tuple(sum(1 for r in runs if tuple(r) == k) for k in kinds)
    options: list[_GroupOptions] = []
    for group in groups:
        per_row = [_row_choices(row, kinds, facts) for row in group]
        if math.prod(len(choices) for choices in per_row) > MAX_COMBINATIONS:
            return Solution({}, frozenset(), feasible=False, gave_up=True)
        options.append(_group_options(group, per_row, need, facts))
    optional = tuple(len(kind) == 1 for kind in kinds)
    reachable = _combine(options, need, optional)
    if reachable is None:
        return Solution({}, frozenset(), feasible=False, gave_up=True)
    if not any(reachable):
        return Solution({}, frozenset(), feasible=False)
    return _agreed(options, reachable)


def _row_choices(row: RowId, kinds: Sequence[tuple[Number, ...]], facts: Facts) -> list[_Choice]:
    """Every way one row can be filled: blank, or one run kind at one place."""
    choices: list[_Choice] = []
    if _row_ok(row, {}, facts):
        choices.append((None, {}))
    for k, kind in enumerate(kinds):
        for window in _windows(kind, facts.years):
            cells = dict(window)
            if _row_ok(row, cells, facts):
                choices.append((k, cells))
    return choices


def _group_options(
    group: tuple[RowId, ...],
    per_row: Sequence[Sequence[_Choice]],
    need: tuple[int, ...],
    facts: Facts,
) -> _GroupOptions:
    """The group's alignments that pass its checks, by the runs they use."""
    found: _GroupOptions = {}
    for combo in itertools.product(*per_row):
        used = [0] * len(need)
        for index, _ in combo:
            if index is not None:
                used[index] += 1
        if any(u > n for u, n in zip(used, need, strict=True)):
            continue
        chosen = {row: cells for row, (_, cells) in zip(group, combo, strict=True)}
        if not _group_ok(group, chosen, facts):
            continue
        seen = found.setdefault(tuple(used), {})
        for row, cells in chosen.items():
            for year in facts.years:
                seen.setdefault((row, year), set()).add(cells.get(year))
    return found


def _agreed(
    options: Sequence[_GroupOptions], reachable: Sequence[set[tuple[int, ...]]]
) -> Solution:
    """The cells every complete alignment agrees on; the others unknown."""
    known: Cells = {}
    unknown: set[tuple[RowId, int]] = set()
    for found, keep in zip(options, reachable, strict=True):
        merged: dict[tuple[RowId, int], set[Number | None]] = {}
        for use in keep:
            for cell, values in found[use].items():
                merged.setdefault(cell, set()).update(values)
        for cell, values in merged.items():
            if len(values) == 1:
                (value,) = values
                if value is not None:
                    known[cell] = value
            else:
                unknown.add(cell)
    return Solution(known, frozenset(unknown), feasible=True)


def _combine(
    options: Sequence[Mapping[tuple[int, ...], object]],
    need: tuple[int, ...],
    optional: tuple[bool, ...],
) -> list[set[tuple[int, ...]]] | None:
    """Which of each group's run-uses take part in an alignment using every run once.

    None when the counts reachable grow past MAX_STATES.
    """
    # Forward: the run counts reachable after each group.
    forward: list[set[tuple[int, ...]]] = [{tuple(0 for _ in need)}]
    for found in options:
        nxt = set()
        for before in forward[-1]:
            for used in found:
                total = tuple(a + b for a, b in zip(before, used, strict=True))
                if all(t <= n for t, n in zip(total, need, strict=True)):
                    nxt.add(total)
        if len(nxt) > MAX_STATES:
            return None
        forward.append(nxt)
    # Backward: keep the uses that lead to exactly `need`.
    keep: list[set[tuple[int, ...]]] = [set() for _ in options]
    wanted = {
        total
        for total in forward[-1]
        if all(t == n or opt for t, n, opt in zip(total, need, optional, strict=True))
    }
    for i in range(len(options) - 1, -1, -1):
        prior = set()
        for before in forward[i]:
            for used in options[i]:
                total = tuple(a + b for a, b in zip(before, used, strict=True))
                if total in wanted:
                    keep[i].add(used)
                    prior.add(before)
        wanted = prior
    return keep
