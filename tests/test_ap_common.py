"""Action-plan helpers: labels, vocabularies, names, and the cell grid."""

from __future__ import annotations

from dxparse.document import BBox, Char, Page
from dxparse.parsers.action_plan import common
from dxparse.parsers.action_plan.grid import grid_of
from dxparse.parsers.action_plan.pdf import read_sheets
from dxparse.records import ParseResult
from tests.pages import table_of


def test_enumerations_match_after_normalisation() -> None:
    assert common.vocab("達　成", common.ap().outcomes) == "達成"
    assert common.vocab("完了（目的未達成）", common.ap().directions) == "完了(目的未達成)"
    assert common.vocab("計画ど\nおり", common.ap().progress) == "計画どおり"
    # Unknown: kept as printed (normalised); validation reports it.
    assert common.vocab("一部 見直し", common.ap().directions) == "一部 見直し"
    assert common.vocab("  ", common.ap().directions) is None


def test_labels_are_matched_on_compact_text() -> None:
    assert common.label_of("番号・取組事業名") == "number_name"
    assert common.label_of("達成状況\n【成果】") == "outcome"
    assert common.label_of("進捗状況（活動）") == "activity"
    assert common.label_of("コメント／指示事項") == "evaluation_comment"
    assert common.label_of("見込まれる\nその他効果\n（金額以外）") == "other_effects"
    assert common.label_of("市民課") is None


def test_person_names_lose_letter_spacing_only() -> None:
    assert common.person_name("宮　本　　等") == "宮本 等"
    assert common.person_name("藤本　裕司") == "藤本 裕司"
    assert common.person_name("山崎彰美") == "山崎彰美"
    assert common.person_name("後藤，米山") == "後藤,米山"
    assert common.person_name("") is None


def test_year_labels() -> None:
    assert common.fiscal_year_label("令和元年度") == 2019
    assert common.fiscal_year_label("平成27年度\n当初予算（基準）") == 2015
    assert common.fiscal_year_label("令和２年度") == 2020
    assert common.fiscal_year_label("R3") == 2021
    assert common.fiscal_year_label("最終値") is None
    assert common.fiscal_range("平成30年度～令和元年度") == (2018, 2019)


def test_code_and_name_in_one_cell() -> None:
    assert common.split_code_name("51 行政サービスの電子化の推進") == (
        "51",
        "行政サービスの電子化の推進",
    )
    assert common.split_code_name("行政サービス") == (None, "行政サービス")


def _page(cells: list[tuple[BBox, str]], width: float = 400, height: float = 300) -> Page:
    chars: list[Char] = []
    for box, text in cells:
        for i, ch in enumerate(text):
            x0 = box.x0 + 2 + 9 * i
            glyph = BBox(x0, box.top + 2, x0 + 8, box.top + 10)
            chars.append(Char(ch, ch, glyph, 8.0, "Test"))
    boxes = tuple(box for box, _ in cells)
    table = table_of(boxes)
    return Page(number=1, width=width, height=height, chars=tuple(chars), tables=(table,))


def test_grid_places_merged_cells_as_spans() -> None:
    page = _page(
        [
            (BBox(0, 0, 60, 40), "評価"),  # spans two rows
            (BBox(60, 0, 120, 20), "方向性"),
            (BBox(120, 0, 200, 20), "継続実施"),
            (BBox(60, 20, 120, 40), "評価者"),
            (BBox(120, 20, 200, 40), "部長"),
        ]
    )
    grid = grid_of(page, page.tables[0])
    label = grid.find(lambda text: text == "評価")[0]
    assert (label.r0, label.r1, label.c0, label.c1) == (0, 2, 0, 1)
    evaluator = grid.find(lambda text: text == "評価者")[0]
    right = grid.right(evaluator)
    assert right is not None
    assert right.text == "部長"
    assert grid.at(1, 0) is label


def test_annual_sheet_read_by_labels_whatever_the_layout() -> None:
    """A made-up single-year sheet with its own column widths and order."""
    rows = [
        [("番号・取組事業名", 90), ("07001", 50), ("窓口の改善", 160)],
        [("取組項目", 90), ("1", 20), ("案内の見直し", 140), ("4～6月", 50)],
        [("総合評価", 90), ("Ｃ", 30), ("方向性", 60), ("見直し", 60), ("評価者", 60)],
    ]
    cells: list[tuple[BBox, str]] = []
    for r, row in enumerate(rows):
        x = 0.0
        for text, width in row:
            cells.append((BBox(x, 30 * r, x + width, 30 * r + 30), text))
            x += width
    # The mark for the first quarter sits under the 4～6月 header on the task row.
    cells[6] = (BBox(250, 30, 300, 45), "4～6月")
    cells.append((BBox(250, 45, 300, 60), "○"))
    page = _page(cells)
    result = ParseResult()
    (sheet,) = read_sheets(page, result)
    assert isinstance(sheet, common.AnnualSheet)
    assert sheet.fields["initiative_id"] == "07001"
    assert sheet.fields["name"] == "窓口の改善"
    assert sheet.review["rating"] == "C"
    assert sheet.review["direction"] == "見直し"
    assert sheet.review["evaluator"] is None


def test_a_table_that_is_no_sheet_is_a_warning_and_its_page_no_sheet_page() -> None:
    """A contents table (no sheet's head, no sheet labels) is not a plan sheet:
    said so, and its page is not under the coverage ledger."""
    page = _page([(BBox(0, 0, 120, 20), "目次"), (BBox(120, 0, 200, 20), "3")])
    result = ParseResult()
    assert read_sheets(page, result) == []
    assert [(i.code, i.severity) for i in result.issues] == [("unrecognised_table", "warning")]
    assert result.ledger_pages == set()


def test_a_sheets_head_over_neither_kind_of_sheet_is_an_error_with_its_box() -> None:
    """番号・取組名 printed, but neither the overall nor the single-year labels:
    the sheet is lost, and the error's box is the table."""
    page = _page([(BBox(0, 0, 120, 20), "番号・取組事業名"), (BBox(120, 0, 200, 20), "07001")])
    result = ParseResult()
    assert read_sheets(page, result) == []
    (issue,) = result.issues
    assert (issue.code, issue.severity, issue.box) == (
        "sheet_not_read",
        "error",
        BBox(0, 0, 200, 20),
    )
    assert result.ledger_pages == {1}


def test_what_the_single_year_sheet_prints_again_is_read_where_it_agrees() -> None:
    """The year's plan and the indicator's name printed again on the
    single-year sheet: a second place of the published value where it says
    the same; reported with its box (not read) where it says otherwise."""
    from dxparse.parsers.action_plan import _repeated
    from dxparse.records import Source

    overall = common.OverallSheet(page=1, fields={"initiative_id": "1", "indicator_name": "件数"})
    overall.year_plans[2024] = {"plan": "窓口を 見直す"}
    annual = common.AnnualSheet(page=2)
    same, other = Source(2, BBox(0, 0, 10, 10)), Source(2, BBox(0, 20, 10, 30))
    annual.repeated += [("plan", "窓口を見直す", same), ("indicator_name", "人数", other)]
    result = ParseResult()
    _repeated(overall, annual, 2024, result)
    assert overall.sources[("year_plans", 2024, "plan")] == [same]
    assert ("fields", "indicator_name") not in overall.sources
    (issue,) = result.issues
    assert (issue.code, issue.severity, issue.raw, issue.box) == (
        "cross_sheet_mismatch",
        "warning",
        "人数",
        other.box,
    )
