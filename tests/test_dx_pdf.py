"""The geometry path on hand-made pages: merged cells, sub-groups, spans,
empty cells, wrapped Latin words, continuation tables and what is not read."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from dxparse.document import BBox, Char, Page, SourceDocument, Table
from dxparse.normalise import normalize_chars
from dxparse.parsers.dx import parse
from dxparse.read import as_it_reads
from dxparse.records import ParseResult
from tests.pages import sideways, table_of

SIZE = 10.0
# Column edges: 施策 | 施策の内容 (sub-group + item) | 進捗状況 | 詳細 | 今後の展開 | 担当課
X = (20.0, 120.0, 160.0, 240.0, 300.0, 520.0, 600.0, 660.0)
HEADER = (60.0, 80.0)


def chars(text: str, x: float, top: float, size: float = SIZE) -> list[Char]:
    return [
        Char(
            text=normalize_chars(c),
            raw=c,
            box=BBox(x + i * size, top, x + (i + 1) * size, top + size),
            size=size,
            fontname="Mincho",
        )
        for i, c in enumerate(text)
    ]


def cell(x0: float, top: float, x1: float, bottom: float, *lines: str) -> tuple[BBox, list[Char]]:
    out: list[Char] = []
    for n, line in enumerate(lines):
        out += chars(line, x0 + 2, top + 2 + n * (SIZE + 2))
    return BBox(x0, top, x1, bottom), out


def page(number: int, cells: list[tuple[BBox, list[Char]]], extra: list[Char]) -> Page:
    boxes = tuple(box for box, _ in cells)
    table = table_of(boxes)
    all_chars = tuple(c for _, cs in cells for c in cs) + tuple(extra)
    return Page(number=number, width=842.0, height=595.0, chars=all_chars, tables=(table,))


def header_row() -> list[tuple[BBox, list[Char]]]:
    labels = ("施策", "施策の内容", "進捗状況", "詳細", "今後の展開", "担当課")
    edges = (X[0], X[1], X[3], X[4], X[5], X[6], X[7])
    return [cell(edges[i], *HEADER[:1], edges[i + 1], HEADER[1], labels[i]) for i in range(6)]


def cover() -> Page:
    extra = chars("2024年度進捗報告", 100, 200, 24) + chars("北総市総務部情報政策課", 400, 400, 14)
    extra += chars("2025.5", 400, 430, 14)
    return Page(number=1, width=842.0, height=595.0, chars=tuple(extra))


def document(*pages: Page) -> SourceDocument:
    return SourceDocument(
        path="t.pdf",
        source_file="t.pdf",
        document_id="0" * 64,
        media_type="application/pdf",
        pages=(cover(), *pages),
        page_count=len(pages) + 1,
    )


def rows_of(result: ParseResult, *fields: str) -> list[tuple[Any, ...]]:
    return [tuple(r[f] for f in fields) for r in result.rows["dx_measures"]]


def first_page() -> Page:
    y = (80.0, 110.0, 140.0, 170.0, 200.0)
    cells = [
        *header_row(),
        # 施策 merged over three rows; a narrow sub-group over the first two.
        cell(X[0], y[0], X[1], y[3], "電子申請の拡充"),
        cell(X[1], y[0], X[2], y[2], "マイ", "ナ"),
        cell(X[2], y[0], X[3], y[1], "転出届"),
        cell(X[2], y[1], X[3], y[2], "子育て申請"),
        cell(X[1], y[2], X[3], y[3], "施設予約"),
        # A 施策 spanning 施策 + 施策の内容: no item.
        cell(X[0], y[3], X[3], y[4], "ｺﾝﾋﾞﾆ交付の導入"),
    ]
    details = (
        ("提供中", ("Ｗｉ－Ｆ", "ｉで受付。"), "維持"),
        ("", ("Digital", "Transformation研修。"), "拡大"),
        ("準備中", (), ""),
        ("終了", ("令和６年度末で終了。",), "終了"),
    )
    for n, (status, detail, outlook) in enumerate(details):
        top, bottom = y[n], y[n + 1]
        cells.append(cell(X[3], top, X[4], bottom, status))
        cells.append(cell(X[4], top, X[5], bottom, *detail))
        cells.append(cell(X[5], top, X[6], bottom, outlook))
        cells.append(cell(X[6], top, X[7], bottom, "情報政策課"))
    heading = chars("「スマート市役所」の実現に向けた進捗状況", 20, 20, 16)
    theme = chars("オンラインでつながる市役所", 22, 215)
    furniture = chars("窓口で待たない", 700, 100, 8) + chars("2", 420, 570)
    return page(2, cells, heading + theme + furniture)


def continuation_page() -> Page:
    cells = [
        cell(X[0], 60.0, X[1], 90.0, ""),
        cell(X[1], 60.0, X[3], 90.0, "電子図書館"),
        cell(X[3], 60.0, X[4], 90.0, "提供中"),
        cell(X[4], 60.0, X[5], 90.0, "貸出回数は１０，４２１回。"),
        cell(X[5], 60.0, X[6], 90.0, "維持"),
        cell(X[6], 60.0, X[7], 90.0, ""),
    ]
    return page(3, cells, chars("「スマート市役所」の実現に向けた進捗状況(続き)", 20, 20, 16))


def test_cells_rebuilt_from_boxes() -> None:
    result = parse(document(first_page()))
    assert rows_of(result, "measure", "item_group", "item", "status") == [
        ("電子申請の拡充", "マイナ", "転出届", "提供中"),
        ("電子申請の拡充", "マイナ", "子育て申請", None),
        ("電子申請の拡充", None, "施設予約", "準備中"),
        ("コンビニ交付の導入", None, None, "終了"),
    ]
    assert rows_of(result, "detail", "outlook") == [
        ("Wi-Fiで受付。", "維持"),
        ("Digital Transformation研修。", "拡大"),
        (None, None),
        ("令和6年度末で終了。", "終了"),
    ]
    assert {r["pillar"] for r in result.rows["dx_measures"]} == {"スマート市役所"}
    assert {r["theme"] for r in result.rows["dx_measures"]} == {"オンラインでつながる市役所"}
    assert {r["page"] for r in result.rows["dx_measures"]} == {2}
    assert [i.code for i in result.issues] == ["unknown_column"]
    assert result.municipality == "北総市"


def test_headerless_table_on_the_next_page_continues_the_columns() -> None:
    result = parse(document(first_page(), continuation_page()))
    last = result.rows["dx_measures"][-1]
    assert (last["page"], last["measure"], last["item"], last["status"], last["outlook"]) == (
        3,
        "コンビニ交付の導入",
        "電子図書館",
        "提供中",
        "維持",
    )
    # The continuation page prints no theme label: it keeps the theme of the
    # table it continues, and says so.
    assert last["theme"] == "オンラインでつながる市役所"
    assert [(i.code, i.page) for i in result.issues if i.code == "no_theme"] == [("no_theme", 3)]
    assert result.rows["dx_metrics"][-1]["value"] == 10421


def test_a_headerless_table_that_continues_nothing_is_an_error_with_its_box() -> None:
    page = continuation_page()
    result = parse(document(page))
    assert result.rows.get("dx_measures", []) == []
    errors = [i for i in result.issues if i.severity == "error"]
    assert [i.code for i in errors] == ["headerless_table", "no_progress_table"]
    assert (errors[0].page, errors[0].box) == (3, page.tables[0].box)


def test_header_printed_without_ruling_is_an_error() -> None:
    unruled = Page(
        number=2,
        width=842.0,
        height=595.0,
        lines=("施策 進捗状況 詳細 今後の展開", "電子申請 提供中 受付中。 維持"),
    )
    result = parse(document(unruled))
    errors = [i.code for i in result.issues if i.severity == "error"]
    assert errors == ["table_not_found", "no_progress_table"]


@pytest.mark.parametrize("flagged", [True, False])
def test_pages_printed_sideways_without_rotate_read_as_upright(flagged: bool) -> None:
    """A landscape slide printed turned a quarter onto a portrait page with
    no /Rotate, one page each way (text running down or up the page); with
    glyphs flagged not upright, or flagged upright by a turn written by
    angle (whose runs and half-width glyphs still show the turn): as the
    reader gives it, turned upright, it reads as the upright report."""
    upright = document(first_page(), continuation_page())
    turned = replace(
        upright,
        pages=tuple(
            sideways(p, turn, flagged=flagged)
            for p, turn in zip(upright.pages, (90, 270, 90), strict=True)
        ),
    )
    want, got = parse(upright), parse(replace(turned, pages=tuple(map(as_it_reads, turned.pages))))
    assert got.rows == want.rows
    assert [(i.code, i.page) for i in got.issues] == [(i.code, i.page) for i in want.issues]
    assert got.municipality == want.municipality == "北総市"
    assert len(got.rows["dx_measures"]) == 5


def test_sideways_header_printed_without_ruling_is_read_upright() -> None:
    """The text layer of a sideways page reads backwards: the reader reads
    the lines of the page turned upright, where the header labels are found
    and the unruled table under them is inferred (stream.py)."""
    labels = chars("施策", 20, 60) + chars("進捗状況", 120, 60) + chars("詳細", 240, 60)
    labels += chars("今後の展開", 400, 60) + chars("電子申請", 20, 90) + chars("提供中", 120, 90)
    unruled = Page(number=2, width=842.0, height=595.0, chars=tuple(labels))
    result = parse(document(as_it_reads(sideways(unruled, 90))))
    assert [i.code for i in result.issues if i.severity == "error"] == []
    row = result.rows["dx_measures"][0]
    assert (row["measure"], row["status"], row["detail"], row["outlook"]) == (
        "電子申請",
        "提供中",
        None,
        None,
    )


def test_sideways_header_printed_with_nothing_under_it_is_an_error() -> None:
    labels = chars("施策", 20, 60) + chars("進捗状況", 120, 60) + chars("詳細", 240, 60)
    unruled = Page(number=2, width=842.0, height=595.0, chars=tuple(labels))
    result = parse(document(as_it_reads(sideways(unruled, 90))))
    errors = [i.code for i in result.issues if i.severity == "error"]
    assert errors == ["table_not_found", "no_progress_table"]


def test_header_under_a_title_row() -> None:
    title = cell(X[0], 40.0, X[7], 60.0, "施策の進捗一覧")
    base = first_page()
    boxes = (title[0], *base.tables[0].cells)
    table = Table(
        box=BBox(X[0], 40.0, X[7], base.tables[0].box.bottom),
        cells=boxes,
        xs=base.tables[0].xs,
        ys=(40.0, *base.tables[0].ys),
    )
    shifted = Page(
        number=2,
        width=base.width,
        height=base.height,
        chars=base.chars + tuple(title[1]),
        tables=(table,),
    )
    result = parse(document(shifted))
    assert len(result.rows["dx_measures"]) == 4
    assert result.rows["dx_measures"][0]["item"] == "転出届"


def test_ruby_over_a_cell_word_is_left_out() -> None:
    base = first_page()
    item_box = next(b for b in base.tables[0].cells if (b.x0, b.top) == (X[2], 80.0))
    ruby = chars("ﾃﾝｼｭﾂ", item_box.x0 + 2, item_box.top + 1, 5)
    moved = [
        Char(
            c.text,
            c.raw,
            BBox(c.box.x0, c.box.top + 5, c.box.x1, c.box.bottom + 5),
            c.size,
            c.fontname,
        )
        if item_box.contains_point(c.box.cx, c.box.cy)
        else c
        for c in base.chars
    ]
    page = Page(
        number=2, width=base.width, height=base.height, chars=(*moved, *ruby), tables=base.tables
    )
    result = parse(document(page))
    assert result.rows["dx_measures"][0]["item"] == "転出届"


def test_rows_without_ruling_between_them_are_reported_not_merged() -> None:
    cells = [
        *header_row(),
        cell(X[0], 80.0, X[1], 140.0, "電子申請"),
        cell(X[1], 80.0, X[3], 140.0, "転出届", "子育て申請"),
        cell(X[3], 80.0, X[4], 140.0, "提供中", "準備中"),
        cell(X[4], 80.0, X[5], 140.0, "受付中。", "準備中。"),
        cell(X[5], 80.0, X[6], 140.0, "維持", "拡大"),
        cell(X[6], 80.0, X[7], 140.0, ""),
    ]
    heading = chars("「スマート市役所」の実現に向けた進捗状況", 20, 20, 16)
    result = parse(document(page(2, cells, heading)))
    assert result.rows.get("dx_measures", []) == []
    assert [i.code for i in result.issues if i.severity == "error"] == [
        "rows_not_ruled",
        "no_progress_table",
    ]


def test_a_column_split_in_the_body() -> None:
    mid = (X[4] + X[5]) / 2
    cells = [
        *header_row(),
        cell(X[0], 80.0, X[1], 110.0, "電子申請"),
        cell(X[1], 80.0, X[3], 110.0, "転出届"),
        cell(X[3], 80.0, X[4], 110.0, "提供中"),
        cell(X[4], 80.0, mid, 110.0, "令和5年度は"),
        cell(mid, 80.0, X[5], 110.0, "12件受付。"),
        cell(X[5], 80.0, X[6], 110.0, "維持"),
        cell(X[6], 80.0, X[7], 110.0, ""),
    ]
    heading = chars("「スマート市役所」の実現に向けた進捗状況", 20, 20, 16)
    result = parse(document(page(2, cells, heading)))
    (row,) = result.rows["dx_measures"]
    assert (row["status"], row["detail"], row["outlook"]) == (
        "提供中",
        "令和5年度は12件受付。",
        "維持",
    )
