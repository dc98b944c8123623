"""Values a city may print that the parser must not publish wrong.

A value the sheet does not settle (約500, 500以上, a unit other than the
grid's, a year column `令和8年度以降`, a year printed twice, a quarter marked
`済`, □/■ boxes beside the 効果 kinds) is null and reported with a stable
code; a value it does settle is published as printed, even where the
sheet's own sums do not hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from dxparse.document import Page
from dxparse.parsers.action_plan import _check_pdf, common
from dxparse.parsers.action_plan import pdf as ap_pdf
from dxparse.parsers.action_plan.common import emit
from dxparse.parsers.action_plan.grid import Cell, Grid
from dxparse.records import ParseResult
from tests.pages import ap_head_rows, grid_of_cells
from tests.pages import grid_cell as cell

# --- cell values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "unit", "value", "code"),
    [
        ("1,200", None, 1200, None),
        ("△1,200", None, -1200, None),
        ("0", None, 0, None),
        ("12.5", "%", 12.5, None),
        ("12.5%", "%", 12.5, None),
        ("1,200千円", "千円", 1200, None),
        ("20人", "件", None, "unit_mismatch"),
        ("1.2百万円", "千円", None, "unit_mismatch"),
        ("12万円", None, None, "unit_mismatch"),
        ("約500", None, None, "approximate_value"),
        ("500以上", None, None, "qualified_value"),
        ("50(見込)", None, None, "qualified_value"),
        ("500※", None, None, "qualified_value"),
        ("－", None, None, "dash_cell"),
        ("―", None, None, "dash_cell"),
        ("ー", None, None, "dash_cell"),
        ("未定", None, None, "no_number"),
        ("集計中", None, None, "no_number"),
        ("(1,200)", None, None, "invalid_number"),
        ("500～600", None, None, "invalid_number"),
    ],
)
def test_grid_number(printed: str, unit: str | None, value: float | None, code: str | None) -> None:
    result = ParseResult()
    assert common.grid_number(printed, result, {"field": "amount"}, unit) == value
    assert [issue.code for issue in result.issues] == ([code] if code else [])


def test_grid_unit_is_declared_or_the_one_the_cells_print() -> None:
    assert common.grid_unit("件", ["1件", "2人"]) == "件"
    assert common.grid_unit(None, ["1,200千円", "300千円", "0", ""]) == "千円"
    assert common.grid_unit(None, ["1,200千円", "1.2百万円"]) is None
    assert common.grid_unit(None, ["500以上", "約3"]) is None


@pytest.mark.parametrize(
    ("printed", "year", "doubtful"),
    [
        ("令和5年度", 2023, False),
        ("R5", 2023, False),
        ("2023年度", 2023, False),
        ("令和元年度", 2019, False),
        ("H31/R1", 2019, False),
        ("平成31(令和元)年度", 2019, False),
        ("令和5年度(2023年度)", 2023, False),
        ("H30/R1", None, True),
        ("令和8年度以降", None, True),
        ("令和7年度(見込)", None, True),
        ("令和6年度上半期", None, True),
        ("令和7~8年度", None, True),
        ("2024", None, True),
        ("最終値", None, False),
    ],
)
def test_year_header(printed: str, year: int | None, doubtful: bool) -> None:
    assert common.year_header(printed) == common.YearHeader(year, doubtful)


@pytest.mark.parametrize(
    ("printed", "value", "code"),
    [
        ("R6.4.1", dt.date(2024, 4, 1), None),
        ("令和6年4月1日", dt.date(2024, 4, 1), None),
        ("2024/4/1", dt.date(2024, 4, 1), None),
        ("R6.4.1現在", dt.date(2024, 4, 1), None),
        ("R6.4.1 (R6.10.31改定)", None, "ambiguous_date"),
        ("R6.4.1～R6.10.31", None, "ambiguous_date"),
        ("R6.4.123", None, "invalid_date"),
        ("6.4.1", None, "invalid_date"),
    ],
)
def test_date_cell(printed: str, value: dt.date | None, code: str | None) -> None:
    result = ParseResult()
    assert common.date_value(printed, result, {}) == value
    assert [issue.code for issue in result.issues] == ([code] if code else [])


@pytest.mark.parametrize(
    ("printed", "ticked"),
    [
        ("○", True),
        ("●", True),
        ("✓", True),
        ("レ", True),
        ("", False),
        ("済", None),
        ("→", None),
        ("×", None),
        ("■", None),
    ],
)
def test_quarter_tick(printed: str, ticked: bool | None) -> None:
    assert common.tick(printed) is ticked


def test_yes_no() -> None:
    assert common.yes_no("有り") is True
    assert common.yes_no("無し") is False
    assert common.yes_no("○") is None


# --- an overall sheet, built cell by cell ----------------------------------------------

YEARS = ("令和6年度", "令和7年度", "令和8年度")
YEAR_ROWS = tuple((year, f"{year}の計画") for year in YEARS)


def overall_cells(
    *,
    year_rows: Sequence[tuple[str, str]] = YEAR_ROWS,
    heads: Sequence[str] = ("令和5年度当初予算(基準)", *YEARS, "最終値"),
    actual: Sequence[str] = (),
    amounts: dict[str, Sequence[str]] | None = None,
    effect: Sequence[str] = ("歳出削減",),
    period: str = "R6~R8",
) -> Grid:
    n = len(heads)
    cells = [
        *ap_head_rows(),
        cell(3, 0, "取組年度"),
        cell(3, 1, period),
        cell(3, 2, "効果"),
        *(cell(3, 3 + i, text) for i, text in enumerate(effect)),
        cell(4, 0, "最終目標"),
        cell(4, 1, "目標", cols=n + 2),
        cell(5, 0, "年度"),
        cell(5, 1, "取組内容・目標", cols=2),
        cell(5, 3, "区分"),
    ]
    r = 6
    for year, plan in year_rows:
        cells += [cell(r, 0, year), cell(r, 1, plan, cols=2), cell(r, 3, "実施")]
        r += 1
    cells += [
        cell(r, 0, "成果指標", rows=5),
        cell(r, 1, "指標名"),
        cell(r, 2, "件数", cols=n - 1),
        cell(r, n + 1, "単位"),
        cell(r, n + 2, "件"),
        cell(r + 1, 1, "年度", cols=2),
        *(cell(r + 1, 3 + i, head) for i, head in enumerate(heads)),
    ]
    r += 2
    for series in ("当初計画値", "変更計画値", "実績値"):
        values = actual if series == "実績値" else ()
        cells += [cell(r, 1, series, cols=2), *(cell(r, 3 + i, v) for i, v in enumerate(values))]
        r += 1
    cells.append(cell(r, 0, "効果額", rows=9))
    for category in ("歳入増加", "歳出削減", "計"):
        cells.append(cell(r, 1, category, rows=3))
        for series in ("当初計画額", "変更計画額", "実績額"):
            values = (amounts or {}).get(category, ()) if series == "実績額" else ()
            cells += [cell(r, 2, series), *(cell(r, 3 + i, v) for i, v in enumerate(values))]
            r += 1
    return Grid(cells, list(range(n + 6)), list(range(r + 1)))


def read_overall(grid: Grid, page: Page | None = None) -> ParseResult:
    result = ParseResult()
    title = "アクションプラン全体計画(令和6~8年度)"
    sheet = ap_pdf._overall(page or Page(number=1), grid, title, result)
    _check_pdf([sheet], [], None, result)
    emit(result, sheet, None, 2024)
    return result


def rows(result: ParseResult, dataset: str, *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(row[f] for f in fields) for row in result.rows.get(dataset, [])]


def codes(result: ParseResult) -> list[tuple[str, str | None]]:
    skip = {"label_not_found", "missing_sheet"}
    return [(i.code, i.raw) for i in result.issues if i.code not in skip]


def test_total_that_does_not_add_up_is_published_as_printed_and_reported() -> None:
    result = read_overall(
        overall_cells(
            amounts={
                "歳入増加": ("", "100", "200", "300", "600"),
                "歳出削減": ("", "1", "2", "3", "6"),
                "計": ("", "101", "999", "303", "1,403"),
            }
        )
    )
    totals = rows(result, "ap_fiscal_effects", "category", "fiscal_year", "amount")
    assert ("total", 2025, 999) in totals
    assert ("total", None, 1403) in totals
    assert [code for code, _ in codes(result)] == ["sum_mismatch", "sum_mismatch"]


def test_amounts_in_mixed_units_are_not_published() -> None:
    result = read_overall(
        overall_cells(amounts={"歳入増加": ("", "1,200千円", "1.2百万円", "12,000円", "")})
    )
    assert rows(result, "ap_fiscal_effects", "amount") == []
    assert [code for code, _ in codes(result)] == ["unit_mismatch"] * 3


def test_amounts_all_in_one_printed_unit_are_kept() -> None:
    result = read_overall(overall_cells(amounts={"歳入増加": ("", "1,200千円", "300千円", "0")}))
    assert rows(result, "ap_fiscal_effects", "fiscal_year", "amount") == [
        (2024, 1200),
        (2025, 300),
        (2026, 0),
    ]
    assert codes(result) == []


def test_a_unit_note_on_the_page_is_the_amounts_unit() -> None:
    grid = overall_cells(amounts={"歳入増加": ("", "1,200千円", "5円")})
    result = read_overall(grid, Page(number=1, lines=("(単位:千円)",)))
    assert rows(result, "ap_fiscal_effects", "amount") == [(1200,)]
    assert codes(result) == [("unit_mismatch", "5円")]


def test_indicator_values_that_are_not_the_value_are_null() -> None:
    result = read_overall(overall_cells(actual=("10件", "20人", "約30", "500以上", "50(見込)")))
    assert rows(result, "ap_indicator_values", "period", "value", "unit") == [
        ("baseline", 10, "件")
    ]
    assert [code for code, _ in codes(result)] == [
        "unit_mismatch",
        "approximate_value",
        "qualified_value",
        "qualified_value",
    ]


@pytest.mark.parametrize("head", ["令和8年度以降", "令和8年度(見込)", "令和6年度上半期", "2026"])
def test_a_column_that_is_not_one_year_is_not_read(head: str) -> None:
    heads = ("令和5年度当初予算(基準)", "令和6年度", "令和7年度", head, "最終値")
    grid = overall_cells(heads=heads, actual=("1", "2", "3", "4", "9"))
    result = read_overall(grid)
    assert rows(result, "ap_indicator_values", "period", "fiscal_year", "value") == [
        ("baseline", 2023, 1),
        ("year", 2024, 2),
        ("year", 2025, 3),
        ("final", None, 9),
    ]
    # The column's cells are lost: an error whose box is the column, header to foot.
    assert {code for code, _ in codes(result)} == {"column_not_read"}
    errors = [i for i in result.issues if i.code == "column_not_read"]
    assert {i.severity for i in errors} == {"error"}
    lost = [c.box for c in grid.cells if c.text in (head, "4")]
    assert len(lost) == 2
    for issue in errors:
        assert issue.box is not None
        assert all(issue.box.contains_point(b.cx, b.cy) for b in lost)
        assert not issue.box.contains_point(
            *next((c.box.cx, c.box.cy) for c in grid.cells if c.text == "3")
        )


def test_a_year_printed_over_two_columns_gives_neither() -> None:
    heads = ("令和5年度当初予算(基準)", "令和6年度", "令和7年度", "令和7年度", "最終値")
    result = read_overall(overall_cells(heads=heads, actual=("1", "2", "3", "4", "9")))
    assert rows(result, "ap_indicator_values", "fiscal_year", "value") == [
        (2023, 1),
        (2024, 2),
        (None, 9),
    ]
    assert {code for code, _ in codes(result)} == {"column_not_read"}
    assert {i.severity for i in result.issues if i.code == "column_not_read"} == {"error"}


def test_an_extra_year_column_is_published_as_printed() -> None:
    heads = ("令和5年度当初予算(基準)", *YEARS, "令和9年度", "最終値")
    result = read_overall(overall_cells(heads=heads, actual=("", "1", "2", "3", "4", "10")))
    assert rows(result, "ap_indicator_values", "fiscal_year", "value")[-2:] == [
        (2027, 4),
        (None, 10),
    ]


def test_two_era_names_of_one_year_read_as_that_year() -> None:
    years = ("平成30年度", "H31/R1", "令和2年度")
    result = read_overall(
        overall_cells(
            year_rows=[(y, f"計画{i}") for i, y in enumerate(years)],
            heads=("平成29年度当初予算(基準)", *years, "最終値"),
            actual=("1", "2", "3", "4", "9"),
            period="H30~R2",
        )
    )
    assert rows(result, "ap_year_plans", "fiscal_year", "plan") == [
        (2018, "計画0"),
        (2019, "計画1"),
        (2020, "計画2"),
    ]
    assert [y for (y,) in rows(result, "ap_indicator_values", "fiscal_year")] == [
        2017,
        2018,
        2019,
        2020,
        None,
    ]


def test_a_year_row_printed_twice_with_other_words_is_null() -> None:
    year_rows = [("令和6年度", "計画A"), ("令和7年度", "計画B"), ("令和7年度", "計画C")]
    result = read_overall(overall_cells(year_rows=year_rows))
    assert rows(result, "ap_year_plans", "fiscal_year", "plan", "status") == [
        (2024, "計画A", "実施"),
        (2025, None, None),
    ]
    assert codes(result) == [("duplicate_year", "令和7年度")]


def test_a_year_row_that_is_not_one_year_is_not_read() -> None:
    year_rows = [("令和6年度", "計画A"), ("令和7年度以降", "計画B")]
    result = read_overall(overall_cells(year_rows=year_rows))
    assert rows(result, "ap_year_plans", "fiscal_year") == [(2024,)]
    # The row is printed and not read: an error, not a warning.
    assert codes(result) == [("row_not_read", "令和7年度以降")]
    (lost,) = [i for i in result.issues if i.code == "row_not_read"]
    assert lost.severity == "error" and lost.box is not None


def test_a_single_year_period_and_an_unreadable_one() -> None:
    result = read_overall(overall_cells(period="令和6年度"))
    initiative = result.rows["ap_initiatives"][0]
    assert (initiative["start_fiscal_year"], initiative["end_fiscal_year"]) == (2024, 2024)
    for period in ("継続", "H30~R2(延長R3)", "R6~R8、R10"):
        result = read_overall(overall_cells(period=period))
        initiative = result.rows["ap_initiatives"][0]
        assert (initiative["start_fiscal_year"], initiative["end_fiscal_year"]) == (None, None)
        assert codes(result) == [("unreadable_period", period)]


def test_a_short_baseline_label_gives_its_year() -> None:
    heads = ("R5当初予算(基準)", *YEARS, "最終値")
    result = read_overall(overall_cells(heads=heads, actual=("7",)))
    assert rows(result, "ap_indicator_values", "period", "fiscal_year", "value") == [
        ("baseline", 2023, 7)
    ]


@pytest.mark.parametrize(
    "head",
    ["令和4年度~令和5年度当初予算(基準)", "令和4年度以前(基準)", "基準(令和4年度見込)"],
)
def test_a_baseline_label_that_is_not_one_year_gives_no_year(head: str) -> None:
    """A span, a bound or an estimate is not the baseline's fiscal year: its
    value is read, its year left null and said so (not the first year printed)."""
    heads = (head, *YEARS, "最終値")
    result = read_overall(overall_cells(heads=heads, actual=("7",)))
    assert rows(result, "ap_indicator_values", "period", "fiscal_year", "value") == [
        ("baseline", None, 7)
    ]
    assert codes(result) == [("ambiguous_year", head), ("ambiguous_year", head)]


@pytest.mark.parametrize(
    "effect",
    [
        ("□歳入増加", "■歳出削減", "□その他改善"),
        ("☐歳入増加", "☑歳出削減"),
        ("レ 歳出削減", "歳入増加"),
        ("歳出削減(一部)",),
    ],
)
def test_effect_kinds_with_boxes_or_words_are_not_read(effect: tuple[str, ...]) -> None:
    result = read_overall(overall_cells(effect=effect))
    initiative = result.rows["ap_initiatives"][0]
    assert [initiative[f] for f in common.ap().effect_flags.values()] == [None, None, None]
    assert [code for code, _ in codes(result)] == ["ambiguous_column"]


def test_effect_kinds_end_at_the_next_label() -> None:
    result = read_overall(overall_cells(effect=("歳出削減", "担当者", "その他改善 太郎")))
    initiative = result.rows["ap_initiatives"][0]
    assert [initiative[f] for f in common.ap().effect_flags.values()] == [False, True, False]


# --- the single-year sheet ------------------------------------------------------------------


def annual_cells(marks: Sequence[Sequence[str]], plan: str, actual: str, change: str) -> Grid:
    cells: list[Cell] = [
        *ap_head_rows(),
        cell(3, 0, "取組内容・目標"),
        cell(3, 1, "令和6年度"),
        cell(3, 2, "計画"),
        cell(3, 3, "区分"),
        cell(3, 4, "実施"),
        cell(4, 0, "取組項目", rows=len(marks) + 1),
        *(cell(4, 3 + q, head) for q, head in enumerate(("4~6月", "7~9月", "10~12月", "1~3月"))),
    ]
    r = 5
    for i, row in enumerate(marks):
        cells += [cell(r, 1, str(i + 1)), cell(r, 2, f"作業{i + 1}")]
        cells += [cell(r, 3 + q, text) for q, text in enumerate(row)]
        r += 1
    cells += [
        cell(r, 0, "進捗状況", rows=4),
        cell(r, 1, "年度末", rows=4),
        cell(r, 2, "進捗・実績", rows=3),
        cell(r, 3, "計画値", cols=2),
        cell(r, 5, "実績値", cols=2),
        cell(r + 1, 3, plan, cols=2),
        cell(r + 1, 5, actual, cols=2),
        cell(r + 2, 3, "単位"),
        cell(r + 2, 4, "件"),
        cell(r + 2, 5, "単位"),
        cell(r + 2, 6, "件"),
        cell(r + 4, 0, "計画変更(次年度以後)"),
        cell(r + 4, 1, "取組内容"),
        cell(r + 4, 2, change),
        cell(r + 4, 3, "計画値"),
        cell(r + 4, 4, "無し"),
    ]
    return Grid(cells, list(range(8)), list(range(r + 6)))


def test_annual_values_and_marks() -> None:
    marks = [("○", "✓", "レ", "済"), ("→", "", "", ""), ("", "×", "●", "")]
    grid = annual_cells(marks, plan="約5", actual="4人", change="有り")
    result = ParseResult()
    sheet = ap_pdf._annual(Page(number=2), grid, "アクションプラン(令和6年度)", result)
    assert [(t["q1"], t["q2"], t["q3"], t["q4"]) for t in sheet.tasks] == [
        (True, True, True, None),
        (None, False, False, False),
        (False, None, True, False),
    ]
    assert sheet.review["indicator_plan"] is None
    assert sheet.review["indicator_actual"] is None
    assert sheet.review["change_plan_content"] is True
    assert sheet.review["change_plan_values"] is False
    assert [c for c in codes(result) if c[0] != "label_not_found"] == [
        ("unknown_mark", "済"),
        ("unknown_mark", "→"),
        ("unknown_mark", "×"),
        ("approximate_value", "約5"),
        ("unit_mismatch", "4人"),
    ]


def test_annual_dash_and_word_are_no_value_and_no_error() -> None:
    grid = annual_cells([("○", "", "", "")], plan="－", actual="集計中", change="○")
    result = ParseResult()
    sheet = ap_pdf._annual(Page(number=2), grid, "アクションプラン(令和6年度)", result)
    assert (sheet.review["indicator_plan"], sheet.review["indicator_actual"]) == (None, None)
    assert sheet.review["change_plan_content"] is None
    assert [i.severity for i in result.issues if i.code != "label_not_found"] == ["warning"] * 3
    assert [c for c in codes(result)] == [
        ("dash_cell", "-"),
        ("no_number", "集計中"),
        ("unknown_label", "○"),
    ]


@pytest.mark.parametrize(
    ("item", "number", "expected"),
    [
        (("51", "推進"), ("51001", "事業"), (51, "推進", "51001", "事業", [])),
        (("51 推進",), ("51001 事業",), (51, "推進", "51001", "事業", [])),
        # A hyphenated code is the whole code, never its first digits.
        (("51", "推進"), ("51-001", "事業"), (51, "推進", "51-001", "事業", [])),
        (("51", "推進"), ("51-001 事業",), (51, "推進", "51-001", "事業", [])),
        (("5-1", "推進"), ("51001", "事業"), (None, "推進", "51001", "事業", ["unreadable_code"])),
    ],
)
def test_codes_and_names(
    item: tuple[str, ...], number: tuple[str, ...], expected: tuple[Any, ...]
) -> None:
    cells = [
        cell(0, 0, "推進項目"),
        *(cell(0, 1 + i, text) for i, text in enumerate(item)),
        cell(1, 0, "番号・取組事業名"),
        *(cell(1, 1 + i, text) for i, text in enumerate(number)),
    ]
    result = ParseResult()
    fields = ap_pdf._head(Page(number=1), Grid(cells, [0, 1, 2, 3], [0, 1, 2]), result, "x")
    names = ("promotion_item_no", "promotion_item", "initiative_id", "name")
    issues = [i.code for i in result.issues if i.code != "label_not_found"]
    assert (*(fields[name] for name in names), issues) == expected


def test_a_series_printed_on_two_rows_is_not_read() -> None:
    """A second indicator's rows under the first: neither row's cells are published."""
    grid = overall_cells(actual=("1", "2", "3", "4", "9"))
    last = max(c.r1 for c in grid.cells)
    extra = [cell(last, 1, "実績値", cols=2), *(cell(last, 3 + i, "5") for i in range(5))]
    grid = Grid([*grid.cells, *extra], grid.xs, [*grid.ys, last + 1])
    result = read_overall(grid)
    assert rows(result, "ap_indicator_values", "value") == []
    assert codes(result) == [("duplicate_row", "実績値"), ("duplicate_row", "実績値")]


@pytest.mark.parametrize(
    ("lines", "value", "code"),
    [
        ("500\n600", None, "ambiguous_number"),
        ("1,200\n1,100", None, "ambiguous_number"),
        ("1,2\n00", 1200, None),  # one number wrapped in a narrow cell
        ("△1,200\n(見込)", None, "qualified_value"),
    ],
)
def test_numbers_on_two_lines(lines: str, value: float | None, code: str | None) -> None:
    from dxparse.normalise import join_wrapped

    result = ParseResult()
    text = join_wrapped(lines.split("\n"))
    assert common.grid_number(text, result, {}, None, lines) == value
    assert [issue.code for issue in result.issues] == ([code] if code else [])


def test_quarter_marks_under_wide_headers_and_over_several_quarters() -> None:
    """A quarter headed over three month columns is ticked by a mark in any of
    them; one mark merged over two quarters ticks neither for sure."""
    cells = [
        cell(0, 0, "取組項目", rows=3),
        cell(0, 3, "4~6月", cols=3),
        cell(0, 6, "7~9月", cols=3),
        cell(0, 9, "10~12月"),
        cell(0, 10, "1~3月"),
        cell(1, 1, "1"),
        cell(1, 2, "作業"),
        cell(1, 5, "○"),
        cell(1, 9, "○", cols=2),
        cell(2, 1, "2"),
        cell(2, 2, "作業2"),
    ]
    grid = grid_of_cells(cells)
    result = ParseResult()
    tasks = ap_pdf._tasks(Page(number=2), grid, result, "14002")
    assert [(t["q1"], t["q2"], t["q3"], t["q4"]) for t in tasks] == [
        (True, False, None, None),
        (False, False, False, False),
    ]
    assert [(i.code, i.field) for i in result.issues] == [
        ("unknown_mark", "q3"),
        ("unknown_mark", "q4"),
    ]
