"""The action-plan grids of text layers by other extractors (text_grid, issue 15).

Pure cases on hand-made lines, and a score over every committed layer
(tests/textlayers/<recipe>/*ap_*.txt): each overall sheet's page is read
with a fresh sheet and its cells compared with the layer's expected
ap_fiscal_effects / ap_indicator_values rows. No value may be wrong; the
floors hold today's numbers per recipe.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from dxparse.parsers.action_plan import common, text_grid
from dxparse.parsers.action_plan.common import AnnualSheet, GridKey, OverallSheet
from dxparse.records import ParseResult
from dxparse.vocabulary import shipped

LAYERS = Path(__file__).resolve().parent / "textlayers"
RECIPES = ("pdfminer", "pdfminer-noflow", "pdfium")
_AP = shipped().action_plan


def _lines(*texts: str) -> list[tuple[int, str]]:
    return [(n, t) for n, t in enumerate(texts, start=1)]


HEADER = (
    "成果指標",
    "令和4年度",
    "当初予算（基準）",
    "令和5年度",
    "令和6年度",
    "令和7年度",
    "最終値",
)


def _grid(*rows: str) -> tuple[OverallSheet, ParseResult, set[int]]:
    sheet, result = OverallSheet(page=1), ParseResult()
    used = text_grid.read_overall_grids(_lines(*HEADER, *rows), sheet, result)
    return sheet, result, used


def _codes(result: ParseResult) -> list[tuple[str, str]]:
    return [(i.code, i.severity) for i in result.issues]


# --- pure cases -----------------------------------------------------------------------


def test_labelled_rows_with_blanks_are_placed_by_the_sums() -> None:
    # 2025 only for the plans (blanks before), every year for the actuals.
    sheet, result, used = _grid(
        "当初計画額 7,610 7,610",
        "変更計画額 8,668 8,668",
        "実績額 6,346 6,315 625 13,286",
        "当初計画額 1,350 1,350",
        "変更計画額 5,872 5,872",
        "実績額 4,143 6,852 8,994 19,989",
        "計",
        "当初計画額 0 0 8,960 8,960",
        "変更計画額 0 0 14,540 14,540",
        "実績額 10,489 13,167 9,619 33,275",
    )
    e = sheet.effects
    assert sheet.grid_years == [2023, 2024, 2025]
    assert e[("year", 2025, "revenue", "initial_plan")] == 7610
    assert e[("final", None, "revenue", "initial_plan")] == 7610
    assert ("year", 2023, "revenue", "initial_plan") not in e
    assert e[("year", 2023, "total", "initial_plan")] == 0
    assert e[("year", 2024, "expenditure", "actual")] == 6852
    assert e[("final", None, "total", "actual")] == 33275
    assert len(e) == 28
    assert not [i for i in result.issues if i.code == "grid_ambiguous"]
    assert used == set(range(1, len(HEADER) + 11))
    # Every value has the line it was read from.
    assert sheet.sources[("effects", ("year", 2025, "total", "actual"))][0].lines == (17, 17)


def test_label_then_numbers_on_lines_of_their_own_with_wrapped_category_labels() -> None:
    sheet, result, _ = _grid(
        "当初計画値", "0", "3,535", "3,535", "変更計画値", "実績値", "1,215", "1,215",
        "当初計画額", "100", "200", "300", "600", "変更計画額", "実績額",
        "歳入", "増加",
        "当初計画額", "変更計画額", "実績額",
        "歳出", "削減", "効", "果", "額",
        "当初計画額", "100", "200", "300", "600",
        "計",
        "変更計画額", "0", "0", "0", "0", "実績額", "0", "0", "0", "0",
    )  # fmt: skip
    e = sheet.effects
    assert e[("year", 2023, "revenue", "initial_plan")] == 100
    assert e[("final", None, "total", "initial_plan")] == 600
    assert e[("year", 2024, "total", "actual")] == 0
    # The indicator has no check: 0 / 3,535 / 3,535 in five columns is not settled.
    assert sheet.indicator == {}
    assert ("grid_ambiguous", "warning") in _codes(result)


def test_the_single_year_values_pin_the_year_cells_of_the_indicator() -> None:
    sheet, result, _ = _grid("当初計画値 0 3,535 3,535", "変更計画値", "実績値 1,215 1,215")
    assert sheet.indicator == {}
    # A 計画値 the grid cannot hold in 2025: no placement agrees, the reading stands.
    text_grid.refine_indicator(sheet, 2025, [(99, None)], result)
    assert sheet.indicator == {}
    text_grid.refine_indicator(sheet, 2025, [(3535, 1215)], result)
    # 2025 holds 3,535 and 1,215; whether the equal number before or after it
    # is 2024's or 最終値's is still open, and so is the 0.
    assert sheet.indicator == {
        ("year", 2025, None, "initial_plan"): 3535,
        ("year", 2025, None, "actual"): 1215,
    }
    # One warning, narrowed to the cells still open.
    warnings = [x for x in result.issues if x.code == "grid_ambiguous"]
    assert len(warnings) == 1
    assert warnings[0].field == ",".join(
        f"/{s}/{c}" for s in ("initial_plan", "actual") for c in ("2022", "2023", "2024", "final")
    )
    assert sheet.sources[("indicator", ("year", 2025, None, "actual"))][0].lines == (10, 10)


def test_single_year_values_on_two_lines_pin_the_grid_in_either_order() -> None:
    two = _lines("計画値", "実績値", "3,535", "1,215")
    assert text_grid.annual_pairs(two) == [(3535, 1215), (1215, 3535)]
    assert text_grid.annual_pairs(_lines("計画値 実績値", "3,535 1,215")) == [(3535, 1215)]
    sheet, result, _ = _grid("当初計画値 0 3,535 3,535", "変更計画値", "実績値 1,215 1,215")
    text_grid.refine_indicator(sheet, 2025, text_grid.annual_pairs(two), result)
    # 1,215 is no 当初計画値 of the row: only the first order fits, and the grid
    # then settles which of the two numbers is the 計画値.
    assert sheet.indicator[("year", 2025, None, "initial_plan")] == 3535
    assert sheet.indicator[("year", 2025, None, "actual")] == 1215
    annual = AnnualSheet(page=2, edition=2025)
    text_grid.read_annual_indicator(two, annual, ParseResult(), sheet.indicator)
    assert annual.review == {"indicator_plan": 3535, "indicator_actual": 1215}


def test_an_indicator_row_that_fills_every_column_is_settled() -> None:
    sheet, _, _ = _grid("当初計画値 0 10 20 30 30", "変更計画値", "実績値")
    assert sheet.indicator == {
        ("baseline", 2022, None, "initial_plan"): 0,
        ("year", 2023, None, "initial_plan"): 10,
        ("year", 2024, None, "initial_plan"): 20,
        ("year", 2025, None, "initial_plan"): 30,
        ("final", None, None, "initial_plan"): 30,
    }


def test_two_placements_that_pass_every_check_leave_the_cells_null() -> None:
    # 歳入 5 and 歳出 5 in one year of three, 計 in every year: the year is not in the text.
    sheet, result, _ = _grid(
        "当初計画額 5 5",
        "当初計画額 5 5",
        "当初計画額 0 10 0 10",
    )
    e = sheet.effects
    assert e[("final", None, "revenue", "initial_plan")] == 5
    assert e[("year", 2024, "total", "initial_plan")] == 10
    # 計 settles it: 10 in 2024 means the parts' 5 are 2024's.
    assert e[("year", 2024, "revenue", "initial_plan")] == 5
    sheet, result, _ = _grid("当初計画額 5 5", "当初計画額 5 5")
    # No 計 row: the 最終値 is settled (the last number), the year of 5 is open.
    assert sheet.effects == {
        ("final", None, "revenue", "initial_plan"): 5,
        ("final", None, "expenditure", "initial_plan"): 5,
    }
    assert ("grid_ambiguous", "warning") in _codes(result)


def test_numbers_no_placement_can_take_are_an_error_and_nothing_is_published() -> None:
    sheet, result, _ = _grid("当初計画額 5 7", "当初計画額 5 5", "当初計画額 10 10")
    assert not sheet.effects
    assert ("grid_not_placed", "error") in _codes(result)


def test_numbers_without_a_row_label_are_not_placed() -> None:
    sheet, result, _ = _grid(
        "当初計画値", "変更計画値", "実績値", "当初計画額", "見込まれる", "1", "2"
    )
    assert not sheet.effects and not sheet.indicator
    assert ("grid_not_placed", "error") in _codes(result)


def test_too_many_placements_give_up_with_an_issue() -> None:
    years = " ".join(f"令和{y}年度" for y in range(1, 30))
    sheet, result = OverallSheet(page=1), ParseResult()
    lines = _lines(
        "成果指標", years, "最終値", *(f"当初計画額 {' '.join(['1'] * 10)}" for _ in range(3))
    )
    text_grid.read_overall_grids(lines, sheet, result)
    assert not sheet.effects
    assert any(i.code == "grid_not_placed" and "placements" in i.message for i in result.issues)


def test_annual_indicator_pair_and_a_lone_number() -> None:
    sheet, result = AnnualSheet(page=2), ParseResult()
    used = text_grid.read_annual_indicator(
        _lines("成果指標名 計画値 実績値", "利用率", "3,535 1,215", "単位 % 単位 %"), sheet, result
    )
    assert sheet.review == {"indicator_plan": 3535, "indicator_actual": 1215}
    assert used == {3}
    sheet = AnnualSheet(page=2)
    text_grid.read_annual_indicator(
        _lines("成果指標名", "計画値", "実績値", "3,535"), sheet, result
    )
    assert sheet.review == {}
    assert result.issues[-1].code == "grid_ambiguous"
    # On two lines the order is the extractor's: the overall grid decides, or nothing does.
    two = _lines("成果指標名", "計画値", "実績値", "18", "20")
    sheet = AnnualSheet(page=2, edition=2022)
    text_grid.read_annual_indicator(two, sheet, result)
    assert sheet.review == {}
    grid: dict[GridKey, int | float] = {("year", 2022, None, "initial_plan"): 20}
    text_grid.read_annual_indicator(two, sheet, result, grid)
    assert sheet.review == {"indicator_plan": 20, "indicator_actual": 18}
    grid[("year", 2022, None, "actual")] = 20  # against both orders
    sheet = AnnualSheet(page=2, edition=2022)
    text_grid.read_annual_indicator(two, sheet, result, grid)
    assert sheet.review == {}


# --- the committed layers -------------------------------------------------------------


def _pages(path: Path) -> list[list[tuple[int, str]]]:
    """The file's pages, as (1-based line number, text)."""
    pages: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
        parts = line.split("\f")
        pages[-1].append((number, parts[0]))
        for part in parts[1:]:
            pages.append([(number, part)])
    return pages


def _expected(rows: list[dict[str, Any]], value: str, page: int) -> dict[GridKey, Any]:
    return {
        (r["period"], r["fiscal_year"], r.get("category"), r["series"]): r[value]
        for r in rows
        if r["page"] == page and r[value] is not None
    }


def _tally_grids(
    tally: dict[str, Counter[str]], expected: dict[str, Any], stem: str, n: int, sheet: OverallSheet
) -> None:
    for kind, got, dataset, value_column in (
        ("fiscal", sheet.effects, "ap_fiscal_effects", "amount"),
        ("indicator", sheet.indicator, "ap_indicator_values", "value"),
    ):
        want = _expected(expected[dataset], value_column, n)
        for key, v in want.items():
            if key not in got:
                tally[kind]["null"] += 1
            elif (
                common.compact(str(got[key])) == common.compact(str(v))
                or abs(float(got[key]) - float(v)) < 1e-9
            ):
                tally[kind]["right"] += 1
            else:
                tally[kind]["wrong"] += 1
                tally[kind][f"wrong {stem} p{n} {key} {got[key]} != {v}"] += 1
        for key in got.keys() - want.keys():
            tally[kind]["wrong"] += 1
            tally[kind][f"extra {stem} p{n} {key} {got[key]}"] += 1


def score(recipe: str) -> dict[str, Counter[str]]:
    tally: dict[str, Counter[str]] = {
        "fiscal": Counter(),
        "indicator": Counter(),
        "annual": Counter(),
        "unit": Counter(),
    }
    for exp_path in sorted((LAYERS / "expected").glob("*ap_*.json")):
        expected = json.loads(exp_path.read_text("utf-8"))
        if "ap_fiscal_effects" not in expected:
            continue
        grid: dict[GridKey, Any] = {}
        plan: OverallSheet | None = None
        sheets: list[tuple[int, OverallSheet]] = []
        edition = expected["ap_initiatives"][0]["edition_fiscal_year"]
        for n, page in enumerate(_pages(LAYERS / recipe / f"{exp_path.stem}.txt"), start=1):
            # Every page, not only those that look like an overall sheet: cells
            # read from any other page are extras, and so wrong.
            sheet, result = OverallSheet(page=n), ParseResult()
            text_grid.read_overall_grids(page, sheet, result)
            sheets.append((n, sheet))
            if sheet.indicator or sheet.effects or sheet.indicator_text is not None:
                # the overall sheet before its single-year sheet
                grid, plan = sheet.indicator, sheet
            units = [r["indicator_unit"] for r in expected["ap_initiatives"] if r["page"] == n]
            want_unit = units[0] if units else None
            if sheet.unit is not None and sheet.unit != want_unit:
                tally["unit"]["wrong"] += 1
                tally["unit"][f"wrong {exp_path.stem} p{n} unit {sheet.unit} != {want_unit}"] += 1
            elif want_unit is not None:
                tally["unit"]["right" if sheet.unit == want_unit else "null"] += 1
            if plan is not None and plan is not sheet:
                pairs = text_grid.annual_pairs(page)
                text_grid.refine_indicator(plan, edition, pairs, ParseResult())
            annual = AnnualSheet(page=n, edition=edition)
            text_grid.read_annual_indicator(page, annual, ParseResult(), grid)
            reviews = [r for r in expected["ap_reviews"] if r["page"] == n]
            for column in ("indicator_plan", "indicator_actual"):
                want_value = reviews[0][column] if reviews else None
                read = annual.review.get(column)
                if read is not None and read != want_value:
                    tally["annual"]["wrong"] += 1
                    tally["annual"][
                        f"wrong {exp_path.stem} p{n} {column} {read} != {want_value}"
                    ] += 1
                elif want_value is not None:
                    tally["annual"]["right" if read == want_value else "null"] += 1
        # The grids once every single-year sheet has been read.
        for n, sheet in sheets:
            _tally_grids(tally, expected, exp_path.stem, n, sheet)
    return tally


# Share of the expected cells read right per recipe today (fiscal effects,
# indicator grid, single-year 計画値/実績値, the indicator's 単位): the floors. pdfminer's default
# flow prints every row label before any number, so no number has its row
# and nothing of its grids is placed (its two single-year values are on one line).
FLOORS = {
    "pdfminer": (0.0, 0.0, 0.02, 0.97),
    "pdfminer-noflow": (0.86, 0.27, 0.84, 0.91),
    "pdfium": (0.99, 0.32, 0.98, 1.0),
}


@pytest.mark.parametrize("recipe", RECIPES)
def test_no_grid_cell_of_a_committed_layer_is_wrong(recipe: str) -> None:
    tally = score(recipe)
    for kind, floor in zip(("fiscal", "indicator", "annual", "unit"), FLOORS[recipe], strict=True):
        t = tally[kind]
        wrong = [k for k in t if k.startswith(("wrong ", "extra "))]
        assert t["wrong"] == 0, (recipe, kind, wrong[:10])
        total = t["right"] + t["null"]
        assert total > 0
        assert t["right"] / total >= floor, (recipe, kind, dict(t))


if __name__ == "__main__":  # the per-recipe table of the branch report
    for r in RECIPES:
        for kind, t in score(r).items():
            print(r, kind, {k: v for k, v in t.items() if k in ("right", "wrong", "null")})
