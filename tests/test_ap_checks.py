"""The action-plan checks, and the alignment search they drive on text layers."""

from __future__ import annotations

from dxparse.parsers.action_plan.checks import (
    Facts,
    RowId,
    cross_sheet,
    effect_sums,
    solve,
    year_plan_value,
)
from dxparse.parsers.action_plan.common import GridKey

YEARS = (2016, 2017, 2018, 2019, 2020)


def test_effect_sums_hold_on_a_consistent_grid() -> None:
    effects: dict[GridKey, int | float] = {}
    for year, (rev, exp) in zip(YEARS, [(0, 10), (5, 10), (0, 0), (1, 2), (0, 3)], strict=True):
        effects[("year", year, "revenue", "initial_plan")] = rev
        effects[("year", year, "expenditure", "initial_plan")] = exp
        effects[("year", year, "total", "initial_plan")] = rev + exp
    effects[("final", None, "revenue", "initial_plan")] = 6
    effects[("final", None, "expenditure", "initial_plan")] = 25
    effects[("final", None, "total", "initial_plan")] = 31
    assert effect_sums(effects, list(YEARS)) == []


def test_effect_sums_report_a_total_that_does_not_add_up() -> None:
    effects: dict[GridKey, int | float] = {
        ("year", 2016, "revenue", "actual"): 100,
        ("year", 2016, "expenditure", "actual"): -350,  # △350
        ("year", 2016, "total", "actual"): -200,
    }
    found = effect_sums(effects, [2016])
    assert [m.code for m in found] == ["sum_mismatch"]
    assert found[0].key == ("year", 2016, "total", "actual")


def test_final_is_checked_only_when_every_year_is_printed() -> None:
    effects: dict[GridKey, int | float] = {
        ("year", 2017, "expenditure", "revised_plan"): 1137,
        ("final", None, "expenditure", "revised_plan"): 9999,
    }
    assert effect_sums(effects, [2016, 2017]) == []
    effects[("year", 2016, "expenditure", "revised_plan")] = 0
    assert [m.key for m in effect_sums(effects, [2016, 2017])] == [
        ("final", None, "expenditure", "revised_plan")
    ]


def test_decimals_are_compared_with_tolerance() -> None:
    effects: dict[GridKey, int | float] = {
        ("year", 2016, "revenue", "actual"): 0.1,
        ("year", 2016, "expenditure", "actual"): 0.2,
        ("year", 2016, "total", "actual"): 0.3,
    }
    assert effect_sums(effects, [2016]) == []


def test_cross_sheet_uses_revised_plan_else_initial() -> None:
    indicator: dict[GridKey, int | float] = {
        ("year", 2019, None, "initial_plan"): 8,
        ("year", 2019, None, "actual"): 4,
    }
    assert year_plan_value(indicator, 2019) == 8
    assert cross_sheet(indicator, 2019, 8, 4) == []
    indicator[("year", 2019, None, "revised_plan")] = 5
    assert year_plan_value(indicator, 2019) == 5
    found = cross_sheet(indicator, 2019, 8, 3)
    assert [m.code for m in found] == ["cross_sheet_mismatch", "cross_sheet_mismatch"]


def facts(**overrides: object) -> Facts:
    base: dict[str, object] = {
        "years": YEARS,
        "edition": 2019,
        "period_end": 2020,
        "finals": {},
        "plan": None,
        "actual": None,
    }
    base.update(overrides)
    return Facts(**base)  # type: ignore[arg-type]


def test_a_unique_alignment_is_kept() -> None:
    # Revised row `1 2 5 7`: its 最終値 7 sits in the last year, the single-year
    # sheet's 計画値 5 in 2019 → only 2017..2020 fits. The actual row `1 1 3 4`
    # has 4 in 2019 and nothing after → 2016..2019.
    finals = {(None, "revised_plan"): 7, (None, "actual"): 0}
    solution = solve([(1, 2, 5, 7), (1, 1, 3, 4)], facts(finals=finals, plan=5, actual=4))
    assert solution.feasible
    revised = {y: v for (row, y), v in solution.known.items() if row == (None, "revised_plan")}
    actual = {y: v for (row, y), v in solution.known.items() if row == (None, "actual")}
    assert revised == {2017: 1, 2018: 2, 2019: 5, 2020: 7}
    assert actual == {2016: 1, 2017: 1, 2018: 3, 2019: 4}
    assert not solution.unknown


def test_two_alignments_leave_the_cells_unknown() -> None:
    # `5 10` as the initial plan, with the year's 計画値 taken from a revised
    # row: it fits 2018..2019 (10 = 最終値 at 取組年度's end) or 2019..2020.
    finals = {(None, "initial_plan"): 10, (None, "revised_plan"): 5}
    solution = solve([(5, 10), (5,)], facts(finals=finals, plan=5, period_end=2019))
    assert solution.feasible
    initial = (None, "initial_plan")
    assert (initial, 2019) in solution.unknown
    assert (initial, 2020) in solution.unknown
    assert (initial, 2019) not in solution.known


def test_values_agreed_by_every_alignment_are_kept() -> None:
    # Two rows `1,000 10,000 101,500 101,500` and `136,000 10,000 101,500 101,500`:
    # either could be revised (ending in 2020 at its 最終値) or actual (ending in
    # 2019, no result in the future). 2018 is 10,000 and 2019 101,500 both ways.
    finals = {(None, "revised_plan"): 101500, (None, "actual"): 0}
    runs = [(1000, 10000, 101500, 101500), (136000, 10000, 101500, 101500)]
    solution = solve(runs, facts(finals=finals, plan=101500, actual=101500))
    revised: RowId = (None, "revised_plan")
    actual: RowId = (None, "actual")
    assert solution.known[(revised, 2018)] == 10000
    assert solution.known[(revised, 2020)] == 101500
    assert solution.known[(actual, 2019)] == 101500
    assert (revised, 2017) in solution.unknown
    assert (actual, 2016) in solution.unknown


def test_a_quoted_result_settles_which_row_is_actual() -> None:
    finals = {(None, "revised_plan"): 101500, (None, "actual"): 0}
    runs = [(1000, 10000, 101500, 101500), (136000, 10000, 101500, 101500)]
    solution = solve(runs, facts(finals=finals, plan=101500, actual=101500, quoted={2016: 136000}))
    assert solution.known[((None, "actual"), 2016)] == 136000
    assert solution.known[((None, "revised_plan"), 2017)] == 1000
    assert not solution.unknown


def test_effect_rows_are_placed_by_their_sums() -> None:
    # 歳出 and 計 rows: `1,137 1,105 439 439` (Σ 3120) and `0 1,137 1,105 439 439`.
    # 計 is a formula printed in every year, so the five-value row is 計 and the
    # four-value 歳出 row must start in 2017 for 計 = 歳入 + 歳出 to hold.
    finals = {
        ("revenue", "revised_plan"): 0,
        ("expenditure", "revised_plan"): 3120,
        ("total", "revised_plan"): 3120,
    }
    runs = [(1137, 1105, 439, 439), (0, 1137, 1105, 439, 439)]
    solution = solve(runs, facts(finals=finals))
    expenditure: RowId = ("expenditure", "revised_plan")
    assert solution.known[(expenditure, 2017)] == 1137
    assert (expenditure, 2016) not in solution.known
    assert solution.known[(("total", "revised_plan"), 2016)] == 0
    assert not solution.unknown


def test_no_alignment_passing_the_checks_is_reported_as_infeasible() -> None:
    finals = {("expenditure", "initial_plan"): 100, ("total", "initial_plan"): 100}
    solution = solve([(1, 2, 3)], facts(finals=finals))
    assert not solution.feasible
    assert solution.known == {}


def test_negative_amounts_and_thousands_place_like_any_number() -> None:
    finals = {
        ("revenue", "actual"): -1550,
        ("total", "actual"): -1550,
    }
    runs = [(-1200, -350), (0, 0, -1200, -350, 0)]
    solution = solve(runs, facts(finals=finals))
    assert solution.known[(("revenue", "actual"), 2018)] == -1200
    assert solution.known[(("revenue", "actual"), 2019)] == -350


def test_too_many_rows_of_numbers_are_not_placed() -> None:
    runs = [tuple(range(i, i + 2)) for i in range(0, 80, 2)]
    solution = solve(runs, facts())
    assert solution.gave_up
    assert not solution.feasible
    assert solution.known == {}
