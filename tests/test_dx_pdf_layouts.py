"""DX progress tables laid out as other cities print them (issue 11, §2), on
hand-made pages: continuation tables at other widths, on later pages, with
or without a heading; sub-theme labels above, top right or in a box; page
furniture that is never a pillar or theme; cells spanning several rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from dxparse.document import BBox, Char, Page, Table
from dxparse.parsers.dx import parse
from dxparse.records import ParseResult
from tests.pages import table_of
from tests.test_dx_pdf import cell, chars, document

# 施策 | 施策の内容 | 進捗状況 | 詳細 | 今後の展開
WIDE = (20.0, 140.0, 260.0, 320.0, 620.0, 700.0)
NARROW = (20.0, 100.0, 200.0, 280.0, 560.0, 660.0)  # the same columns, other widths
LABELS = ("施策", "施策の内容", "進捗状況", "詳細", "今後の展開")
HEADING = "「スマート市役所」の実現に向けた進捗状況"
ROW_HEIGHT = 30.0
Row = tuple[str, str, str, str, str]


def grid(
    xs: Sequence[float], rows: Sequence[Row], *, header: bool = True, top: float = 60.0
) -> tuple[list[tuple[BBox, list[Char]]], float]:
    """The cells of a ruled table (every row its own cells) and its bottom."""
    cells: list[tuple[BBox, list[Char]]] = []
    y = top
    if header:
        cells += [cell(xs[i], y, xs[i + 1], y + 20.0, label) for i, label in enumerate(LABELS)]
        y += 20.0
    for row in rows:
        cells += [cell(xs[i], y, xs[i + 1], y + ROW_HEIGHT, text) for i, text in enumerate(row)]
        y += ROW_HEIGHT
    return cells, y


def sheet(number: int, *tables: list[tuple[BBox, list[Char]]], extra: Sequence[Char] = ()) -> Page:
    """A page of ruled tables (cell boxes and their text) and other text."""
    found = tuple(table_of([box for box, _ in t]) for t in tables)
    text = tuple(c for t in tables for _, cs in t for c in cs) + tuple(extra)
    return Page(number=number, width=842.0, height=595.0, chars=text, tables=found)


def heading(text: str = HEADING) -> list[Char]:
    return chars(text, 20, 20, 16)


def label(text: str, x: float = 22.0, top: float = 42.0) -> list[Char]:
    return chars(text, x, top)


def measures(result: ParseResult, *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(r[f] for f in fields) for r in result.rows.get("dx_measures", [])]


def errors(result: ParseResult) -> list[str]:
    return [i.code for i in result.issues if i.severity == "error"]


FIRST: list[Row] = [
    ("電子申請の拡充", "転出届", "提供中", "受付を開始した。", "維持"),
    ("", "子育て申請", "準備中", "準備を進めている。", "拡大"),
]
GOES_ON: list[Row] = [
    ("", "施設予約", "提供中", "予約を受け付けた。", "維持"),
    ("電子図書館", "貸出", "実行中", "貸出回数は120回。", "拡大"),
]


def first() -> Page:
    cells, _ = grid(WIDE, FIRST)
    return sheet(2, cells, extra=heading() + label("オンラインでつながる市役所"))


def test_a_headerless_table_at_other_widths_continues_when_its_contents_fit() -> None:
    cells, _ = grid(NARROW, GOES_ON, header=False)
    result = parse(document(first(), sheet(3, cells, extra=heading(HEADING + "(続き)"))))
    assert measures(result, "page", "measure", "item", "status", "detail", "outlook")[2:] == [
        (3, "電子申請の拡充", "施設予約", "提供中", "予約を受け付けた。", "維持"),
        (3, "電子図書館", "貸出", "実行中", "貸出回数は120回。", "拡大"),
    ]
    # 続き: the same section, so the theme carries (and the page says it prints none).
    assert {r["theme"] for r in result.rows["dx_measures"]} == {"オンラインでつながる市役所"}
    assert {r["pillar"] for r in result.rows["dx_measures"]} == {"スマート市役所"}
    assert [(i.code, i.page) for i in result.issues] == [("no_theme", 3)]


def test_a_headerless_table_whose_contents_fit_no_column_is_an_error() -> None:
    """Same number of columns, but sentences where the statuses were: it
    continues nothing, and that is an error with the table's box."""
    swapped: list[Row] = [(m, i, d, s, o) for m, i, s, d, o in GOES_ON]
    cells, _ = grid(NARROW, swapped, header=False)
    table = sheet(3, cells, extra=heading())
    result = parse(document(first(), table))
    assert len(result.rows["dx_measures"]) == 2
    (error,) = [i for i in result.issues if i.severity == "error"]
    assert (error.code, error.page, error.box) == ("headerless_table", 3, table.tables[0].box)


def test_a_continuation_two_pages_later_with_no_table_between() -> None:
    message = Page(number=3, width=842.0, height=595.0, chars=tuple(chars("市長より", 20, 20, 16)))
    cells, _ = grid(NARROW, GOES_ON, header=False)
    result = parse(document(first(), message, sheet(4, cells)))
    assert measures(result, "page", "measure", "item")[2:] == [
        (4, "電子申請の拡充", "施設予約"),
        (4, "電子図書館", "貸出"),
    ]
    assert errors(result) == []


def test_another_table_between_ends_the_continuation() -> None:
    other, _ = grid(NARROW, [("A", "B", "C", "D", "E")], header=False)
    cells, _ = grid(NARROW, GOES_ON, header=False)
    result = parse(document(first(), sheet(3, other), sheet(4, cells)))
    assert len(result.rows["dx_measures"]) == 2
    assert [(i.code, i.page) for i in result.issues if i.severity == "error"] == [
        ("headerless_table", 3),
        ("headerless_table", 4),
    ]


def test_a_page_with_no_heading_keeps_pillar_theme_and_the_merged_measure() -> None:
    """The 施策 cell merged over the page break prints blank on the next
    page, whose table has a header row again but no heading above it."""
    cells, _ = grid(NARROW, GOES_ON)
    result = parse(document(first(), sheet(3, cells)))
    assert measures(result, "page", "pillar", "theme", "measure")[2:] == [
        (3, "スマート市役所", "オンラインでつながる市役所", "電子申請の拡充"),
        (3, "スマート市役所", "オンラインでつながる市役所", "電子図書館"),
    ]


def test_a_new_heading_starts_afresh() -> None:
    cells, _ = grid(NARROW, GOES_ON)
    result = parse(document(first(), sheet(3, cells, extra=heading("「働き方改革」の進捗状況"))))
    assert measures(result, "page", "pillar", "theme", "measure")[2:] == [
        (3, "働き方改革", None, None),
        (3, "働き方改革", None, "電子図書館"),
    ]
    codes = [(i.code, i.page) for i in result.issues]
    assert ("no_theme", 3) in codes and ("measure_missing", 3) in codes


def test_running_header_and_footer_are_never_the_pillar_or_theme() -> None:
    """The same small lines on every page: above the heading, and under
    everything; on a page with no heading they are still no heading."""

    def running(n: int) -> list[Char]:
        return chars("北総市DX推進計画 進捗報告", 600, 4, 8) + chars(f"北総市 {n}", 700, 578, 8)

    cells, _ = grid(WIDE, FIRST)
    page2 = sheet(2, cells, extra=heading() + label("オンライン手続") + running(2))
    cells3, _ = grid(NARROW, GOES_ON)
    result = parse(document(page2, sheet(3, cells3, extra=running(3))))
    assert {(r["pillar"], r["theme"]) for r in result.rows["dx_measures"]} == {
        ("スマート市役所", "オンライン手続")
    }


def test_the_legend_title_is_never_a_pillar_or_theme() -> None:
    legend = chars("「今後の展開」について", 22, 190, 10) + chars("拡大〜対象を広げる", 22, 201, 10)
    cells, _ = grid(WIDE, FIRST)
    result = parse(document(sheet(2, cells, extra=heading() + legend)))
    assert {(r["pillar"], r["theme"]) for r in result.rows["dx_measures"]} == {
        ("スマート市役所", None)
    }
    assert [i.code for i in result.issues] == ["no_theme"]


def test_theme_label_at_the_top_right_beside_the_heading() -> None:
    cells, _ = grid(WIDE, FIRST)
    page2 = sheet(2, cells, extra=heading() + label("待たない窓口", 600, 30))
    result = parse(document(page2))
    assert {r["theme"] for r in result.rows["dx_measures"]} == {"待たない窓口"}


def test_theme_label_in_a_box() -> None:
    """A label printed in a drawn box (a one-cell table) above the table."""
    cells, _ = grid(WIDE, FIRST)
    box = [(BBox(20.0, 38.0, 160.0, 55.0), label("書かない窓口", 24, 40))]
    page2 = sheet(2, box, cells, extra=heading())
    result = parse(document(page2))
    assert {r["theme"] for r in result.rows["dx_measures"]} == {"書かない窓口"}
    assert errors(result) == []


def test_a_second_table_on_the_page_takes_the_label_above_it() -> None:
    cells, bottom = grid(WIDE, FIRST)
    second, _ = grid(WIDE, GOES_ON[1:], top=bottom + 30.0)
    extra = heading() + label("オンライン手続") + label("電子図書館の充実", 22, bottom + 12.0)
    result = parse(document(sheet(2, cells, second, extra=extra)))
    assert measures(result, "theme", "measure") == [
        ("オンライン手続", "電子申請の拡充"),
        ("オンライン手続", "電子申請の拡充"),
        ("電子図書館の充実", "電子図書館"),
    ]


def test_a_detail_taller_than_its_row_belongs_to_that_row_only() -> None:
    """A detail cell running over two ruled rows of the status column (the
    second empty): one measure row, the detail and its figure once, no
    extra row with a null item."""
    xs = WIDE
    cells = [cell(xs[i], 60.0, xs[i + 1], 80.0, t) for i, t in enumerate(LABELS)]
    cells += [
        cell(xs[0], 80.0, xs[1], 140.0, "電子申請"),
        cell(xs[1], 80.0, xs[2], 110.0, "転出届"),
        cell(xs[1], 110.0, xs[2], 140.0, ""),
        cell(xs[2], 80.0, xs[3], 110.0, "提供中"),
        cell(xs[2], 110.0, xs[3], 140.0, ""),
        cell(xs[3], 80.0, xs[4], 140.0, "受付は", "1,200件。"),
        cell(xs[4], 80.0, xs[5], 110.0, "維持"),
        cell(xs[4], 110.0, xs[5], 140.0, ""),
    ]
    result = parse(document(sheet(2, cells, extra=heading() + label("手続"))))
    assert measures(result, "measure", "item", "status", "detail") == [
        ("電子申請", "転出届", "提供中", "受付は1,200件。")
    ]
    assert [m["value"] for m in result.rows["dx_metrics"]] == [1200]


def test_a_status_over_two_rows_belongs_to_both_without_their_details_repeated() -> None:
    xs = WIDE
    cells = [cell(xs[i], 60.0, xs[i + 1], 80.0, t) for i, t in enumerate(LABELS)]
    cells += [
        cell(xs[0], 80.0, xs[1], 140.0, "電子申請"),
        cell(xs[1], 80.0, xs[2], 110.0, "転出届"),
        cell(xs[1], 110.0, xs[2], 140.0, "転入届"),
        cell(xs[2], 80.0, xs[3], 140.0, "提供中"),
        cell(xs[3], 80.0, xs[4], 110.0, "12件受付。"),
        cell(xs[3], 110.0, xs[4], 140.0, "30件受付。"),
        cell(xs[4], 80.0, xs[5], 140.0, "維持"),
    ]
    result = parse(document(sheet(2, cells, extra=heading() + label("手続"))))
    assert measures(result, "item", "status", "detail", "outlook") == [
        ("転出届", "提供中", "12件受付。", "維持"),
        ("転入届", "提供中", "30件受付。", "維持"),
    ]
    assert [(m["row_no"], m["value"]) for m in result.rows["dx_metrics"]] == [(1, 12), (2, 30)]


def test_a_header_ruled_alone_over_unruled_rows_is_an_error() -> None:
    cells, _ = grid(WIDE, [])
    body = chars("電子申請", 22, 90) + chars("提供中", 262, 90)
    result = parse(document(sheet(2, cells, extra=heading() + body)))
    (error,) = [i for i in result.issues if i.code == "table_not_found"]
    assert (error.page, error.box) == (2, BBox(0.0, 0.0, 842.0, 595.0))


def test_progress_rows_printed_without_a_table_after_a_progress_table_are_an_error() -> None:
    unruled = Page(
        number=3,
        width=842.0,
        height=595.0,
        chars=tuple(chars("電子図書館", 22, 90) + chars("提供中", 262, 90)),
    )
    result = parse(document(first(), unruled))
    assert [(i.code, i.page) for i in result.issues if i.severity == "error"] == [
        ("table_not_found", 3)
    ]


def test_a_header_row_under_two_caption_rows() -> None:
    cells, _ = grid(WIDE, FIRST, top=100.0)
    captions = [
        cell(WIDE[0], 60.0, WIDE[-1], 80.0, "【主な取組】"),
        cell(WIDE[0], 80.0, WIDE[-1], 100.0, "令和6年度"),
    ]
    merged = [*captions, *cells]
    page2 = sheet(2, merged, extra=heading() + label("手続", 22, 45))
    table = page2.tables[0]
    page2 = replace(page2, tables=(Table(table.box, table.cells, table.xs, table.ys),))
    result = parse(document(page2))
    assert measures(result, "item") == [("転出届",), ("子育て申請",)]


def test_a_continuation_without_the_sub_group_split_of_the_table_before() -> None:
    """The last table splits 施策の内容 into a sub-group and the item; the
    continuation, at other widths, has one column per named column."""
    xs = (20.0, 140.0, 180.0, 260.0, 320.0, 620.0, 700.0)  # 施策 | group | item | ...
    cells = [cell(xs[0], 60.0, xs[1], 80.0, "施策"), cell(xs[1], 60.0, xs[3], 80.0, "施策の内容")]
    cells += [cell(xs[i], 60.0, xs[i + 1], 80.0, t) for i, t in ((3, "進捗状況"), (4, "詳細"))]
    cells += [cell(xs[5], 60.0, xs[6], 80.0, "今後の展開")]
    cells += [
        cell(xs[0], 80.0, xs[1], 110.0, "電子申請の拡充"),
        cell(xs[1], 80.0, xs[2], 110.0, "マイナ"),
        cell(xs[2], 80.0, xs[3], 110.0, "転出届"),
        cell(xs[3], 80.0, xs[4], 110.0, "提供中"),
        cell(xs[4], 80.0, xs[5], 110.0, "受付を開始した。"),
        cell(xs[5], 80.0, xs[6], 110.0, "維持"),
    ]
    page2 = sheet(2, cells, extra=heading() + label("手続"))
    goes_on, _ = grid(NARROW, GOES_ON, header=False)
    result = parse(document(page2, sheet(3, goes_on)))
    assert measures(result, "page", "item_group", "item", "status") == [
        (2, "マイナ", "転出届", "提供中"),
        (3, None, "施設予約", "提供中"),
        (3, None, "貸出", "実行中"),
    ]
    assert errors(result) == []


def test_a_header_ruled_as_a_table_of_its_own_over_the_body_grid() -> None:
    header, bottom = grid(WIDE, [])
    body, _ = grid(WIDE, FIRST, header=False, top=bottom + 4.0)
    result = parse(document(sheet(2, header, body, extra=heading() + label("手続"))))
    assert measures(result, "theme", "item", "status") == [
        ("手続", "転出届", "提供中"),
        ("手続", "子育て申請", "準備中"),
    ]
    assert result.issues == []


def test_a_row_printed_only_under_a_column_no_header_names_is_no_measure_row() -> None:
    """A ruled row whose only text is under 担当課 (no contract column) adds
    no row with the 施策 carried down; its text is left to the ledger."""
    xs = (*WIDE, 780.0)
    cells = [cell(xs[i], 60.0, xs[i + 1], 80.0, t) for i, t in enumerate((*LABELS, "担当課"))]
    cells += [cell(xs[i], 80.0, xs[i + 1], 110.0, t) for i, t in enumerate((*FIRST[0], "情報課"))]
    cells += [
        cell(xs[i], 110.0, xs[i + 1], 140.0, t) for i, t in enumerate(("",) * 5 + ("総務課",))
    ]
    result = parse(document(sheet(2, cells, extra=heading() + label("手続"))))
    assert measures(result, "item", "status") == [("転出届", "提供中")]
