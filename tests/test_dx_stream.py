"""Progress tables with no vertical rules (parsers/dx/stream.py).

On LibreOffice exports (tests/stream/, made by tools/variants/dx_stream.py
from the data that gives their expected records): rows ruled with
horizontal lines only, rows banded by fills behind every other row, and
text with no rule at all; on the generated corpus's decks ruled with
horizontal lines only; and on hand-made pages for what must not be read:
text that does not fit the columns, a 施策 that no rule says is merged, a
ruled table (left to the lattice path).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from dxparse.document import BBox, Char, Edge, Page
from dxparse.parsers.dx import parse, stream
from dxparse.records import ParseResult
from tests.conftest import parsed_sample
from tests.test_dx_pdf import chars, document, first_page
from tests.test_dx_variants import mismatches, plain

HERE = Path(__file__).resolve().parent
STREAM = HERE / "stream"
READ = ("s1_hlines", "s2_row_bands", "s3_plain")
ROW_FIELDS = ("page", "measure", "item", "status", "detail", "outlook")


def expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_suffix(".json").read_text("utf-8"))
    return data


def errors(result: ParseResult) -> list[str]:
    return [i.code for i in result.issues if i.severity == "error"]


@pytest.mark.parametrize("name", READ)
def test_tables_without_vertical_rules_read_exactly(name: str) -> None:
    path = STREAM / f"{name}.pdf"
    result, want = parsed_sample(path), expected(path)
    assert errors(result) == []
    assert mismatches(result.rows["dx_reports"], want["dx_reports"], "dx_reports") == []
    assert mismatches(result.rows["dx_measures"], want["dx_measures"], "dx_measures") == []
    got = [{k: plain(v) for k, v in m.items()} for m in result.rows.get("dx_metrics", [])]
    for m in want["dx_metrics"]:
        found = [
            g
            for g in got
            if g["row_no"] == m["row_no"]
            and all(g[k] == m[k] for k in ("value", "unit", "approx", "fiscal_year", "as_of"))
        ]
        assert found and m["text"] in found[0]["text"], m
    assert len(got) == len(want["dx_metrics"])


def test_a_merged_measure_with_no_rule_is_an_error_not_a_guess() -> None:
    """A 施策 centred over three rows with no rule anywhere: the rows above
    and below it print nothing under 施策, and nothing shows whether they
    carry the 施策 above or share the one centred beside them."""
    result = parsed_sample(STREAM / "s4_plain_merged.pdf")
    assert result.rows.get("dx_measures", []) == []
    misfits = [i for i in result.issues if i.code == "stream_table_misfit"]
    assert [(i.severity, i.page) for i in misfits] == [("error", 2)]
    assert misfits[0].box is not None


# Decks of the generated corpus (tests/generated/) whose every table is ruled
# with horizontal lines only, each table under a header row.
HLINES_DECKS = ("dx_001", "dx_013", "dx_017", "dx_018", "dx_021")


@pytest.mark.parametrize("name", HLINES_DECKS)
def test_generated_decks_ruled_with_horizontal_lines_only(name: str) -> None:
    path = HERE / "generated" / f"{name}.pdf"
    result, want = parsed_sample(path), expected(path)
    got = [tuple(m[k] for k in ROW_FIELDS) for m in result.rows["dx_measures"]]
    assert got == [tuple(m[k] for k in ROW_FIELDS) for m in want["dx_measures"]]
    assert "table_not_found" not in errors(result)


# --- hand-made pages ------------------------------------------------------------

SIZE = 10.0
LEFT, RIGHT = 20.0, 660.0
# 施策 | 担当課 (no known header) | 進捗状況 | 詳細 | 今後の展開
LABELS = (
    ("施策", 50.0),
    ("担当課", 145.0),
    ("進捗状況", 220.0),
    ("詳細", 390.0),
    ("今後の展開", 565.0),
)


def rule(y: float, x0: float = LEFT, x1: float = RIGHT) -> Edge:
    return Edge("h", x0, y, x1, y)


def hlines_page(
    rows: Sequence[Sequence[tuple[str, float]]], *, rules: list[Edge] | None = None
) -> Page:
    """A page with a header row and one line of text per row, ruled above
    and below every row (horizontal lines only)."""
    found: list[Char] = chars("「スマート市役所」の進捗状況", 20, 20, 16)
    for text, x in LABELS:
        found += chars(text, x, 60)
    edges = [rule(55.0), rule(75.0)]
    for n, row in enumerate(rows):
        top = 80.0 + 30 * n
        for text, x in row:
            found += chars(text, x, top)
        edges.append(rule(top + 25))
    return Page(
        number=2,
        width=842.0,
        height=595.0,
        chars=tuple(found),
        edges=tuple(rules if rules is not None else edges),
    )


def test_a_column_the_vocabulary_does_not_know_stays_apart() -> None:
    page = hlines_page(
        [
            [
                ("電子申請", 22),
                ("情報政策課", 122),
                ("提供中", 225),
                ("申請を受け付けた。", 282),
                ("維持", 575),
            ],
            [
                ("窓口改革", 22),
                ("市民課", 122),
                ("準備中", 225),
                ("窓口を見直す。", 282),
                ("拡大", 575),
            ],
        ]
    )
    result = parse(document(page))
    assert errors(result) == []
    rows = [
        (r["measure"], r["status"], r["detail"], r["outlook"]) for r in result.rows["dx_measures"]
    ]
    assert rows == [
        ("電子申請", "提供中", "申請を受け付けた。", "維持"),
        ("窓口改革", "準備中", "窓口を見直す。", "拡大"),
    ]
    unknown = [i for i in result.issues if i.code == "unknown_column"]
    assert [i.raw for i in unknown] == ["担当課"]


def test_text_across_the_columns_is_an_error_with_its_place() -> None:
    page = hlines_page(
        [
            [
                ("電子申請", 22),
                ("情報政策課", 122),
                ("提供中", 225),
                ("申請を受け付けた。", 282),
                ("維持", 575),
            ],
            # A sentence from under 進捗状況 into 詳細: no edge between them.
            [("窓口改革", 22), ("市民課", 122), ("窓口の受付時間を見直した。", 225), ("拡大", 575)],
        ]
    )
    result = parse(document(page))
    assert result.rows.get("dx_measures", []) == []
    # (page.lines is empty here: pdf.py's table_not_found reads the text lines)
    assert errors(result) == ["stream_table_misfit", "no_progress_table"]
    misfit = next(i for i in result.issues if i.code == "stream_table_misfit")
    assert misfit.page == 2 and misfit.box is not None
    # Inside the table's body (the cells the columns' contents did not fit).
    assert LEFT <= misfit.box.x0 < misfit.box.x1 <= RIGHT and misfit.box.top >= 75.0


def test_a_missing_rule_under_a_column_merges_its_cells() -> None:
    """The rule between the two rows stops short of the 施策 column: one
    施策 printed between them belongs to both."""
    rows = [
        [("提供中", 225), ("申請を受け付けた。", 282), ("維持", 575)],
        [("準備中", 225), ("窓口を見直す。", 282), ("拡大", 575)],
    ]
    page = hlines_page(rows, rules=[rule(55.0), rule(75.0), rule(105.0, 120.0), rule(135.0)])
    page = Page(
        number=page.number,
        width=page.width,
        height=page.height,
        chars=page.chars + tuple(chars("電子申請", 22, 100)),
        edges=page.edges,
    )
    result = parse(document(page))
    assert errors(result) == []
    assert [(r["measure"], r["status"]) for r in result.rows["dx_measures"]] == [
        ("電子申請", "提供中"),
        ("電子申請", "準備中"),
    ]


def test_a_ruled_table_is_left_to_the_lattice_reader() -> None:
    page = first_page()
    assert stream.with_stream_tables([page], ParseResult())[0] is page


def test_a_page_frame_is_not_the_table_rule() -> None:
    """A page-wide frame (a background rectangle's side) under the header is
    not the table's rule: with no other rule the table is read from its gaps."""
    rows = [
        [("電子申請", 22), ("提供中", 225), ("申請を受け付けた。", 282), ("維持", 575)],
        [("窓口改革", 22), ("準備中", 225), ("窓口を見直す。", 282), ("拡大", 575)],
    ]
    page = hlines_page(rows, rules=[Edge("h", 0.0, 595.0, 842.0, 595.0)])
    result = parse(document(page))
    assert errors(result) == []
    assert [(r["measure"], r["detail"]) for r in result.rows["dx_measures"]] == [
        ("電子申請", "申請を受け付けた。"),
        ("窓口改革", "窓口を見直す。"),
    ]


def test_header_labels_broken_over_two_lines_beside_one_line_labels() -> None:
    labels = chars("施策", 50, 65) + chars("進捗", 225, 60) + chars("状況", 225, 70)
    labels += chars("詳細", 390, 65) + chars("今後の", 560, 60) + chars("展開", 565, 70)
    page = Page(number=2, width=842.0, height=595.0, chars=tuple(labels))
    rows = stream.header_rows(page)
    assert [[lb.field for lb in row.labels] for row in rows] == [
        ["measure", "status", "detail", "outlook"]
    ]
    assert rows[0].labels[1].box == BBox(225.0, 60.0, 245.0, 80.0)


def continued_page(rows: Sequence[Sequence[tuple[str, float]]]) -> Page:
    """The next page: the same rules and columns, no header row."""
    found: list[Char] = chars("「スマート市役所」の進捗状況(続き)", 20, 20, 16)
    edges = [rule(55.0)]
    for n, row in enumerate(rows):
        top = 60.0 + 30 * n
        for text, x in row:
            found += chars(text, x, top)
        edges.append(rule(top + 25))
    return Page(number=3, width=842.0, height=595.0, chars=tuple(found), edges=tuple(edges))


def test_a_headerless_page_of_rules_continues_the_stream_table() -> None:
    first = hlines_page(
        [[("電子申請", 22), ("提供中", 225), ("申請を受け付けた。", 282), ("維持", 575)]]
    )
    second = continued_page(
        [
            [("窓口改革", 22), ("準備中", 225), ("窓口を見直す。", 282), ("拡大", 575)],
            [("", 22), ("検討中", 225), ("調査している。", 282), ("維持", 575)],
        ]
    )
    result = parse(document(first, second))
    assert errors(result) == []
    assert [
        (r["page"], r["measure"], r["status"], r["pillar"]) for r in result.rows["dx_measures"]
    ] == [
        (2, "電子申請", "提供中", "スマート市役所"),
        (3, "窓口改革", "準備中", "スマート市役所"),
        (3, "窓口改革", "検討中", "スマート市役所"),
    ]


def test_a_page_of_rules_after_a_ruled_table_is_not_inferred() -> None:
    page = continued_page([[("窓口改革", 22), ("準備中", 225), ("窓口を見直す。", 282)]])
    assert stream.with_stream_tables([first_page(), page], ParseResult())[1] is page


def test_a_header_with_no_table_under_it_is_an_error_with_its_place() -> None:
    """Labels broken over two lines, which no text line of the page reads as
    a header, and nothing under them: the header's place is the error's."""
    labels = chars("施策", 50, 65) + chars("進捗", 225, 60) + chars("状況", 225, 70)
    labels += chars("詳細", 390, 65) + chars("今後の", 560, 60) + chars("展開", 565, 70)
    page = Page(number=2, width=842.0, height=595.0, chars=tuple(labels), edges=(rule(85.0),))
    result = parse(document(page))
    assert errors(result) == ["table_not_found", "no_progress_table"]
    issue = next(i for i in result.issues if i.code == "table_not_found")
    assert issue.page == 2 and issue.box == BBox(50.0, 60.0, 590.0, 80.0)


def test_prose_between_rules_after_a_stream_table_is_no_table() -> None:
    first = hlines_page(
        [[("電子申請", 22), ("提供中", 225), ("申請を受け付けた。", 282), ("維持", 575)]]
    )
    prose = continued_page(
        [
            [("本市では、デジタル技術を活用して市民の皆様の利便性を高めてまいります。", 22)],
            [("引き続き、誰一人取り残さないデジタル化を進めてまいります。", 22)],
        ]
    )
    pages = stream.with_stream_tables([first, prose], ParseResult())
    assert pages[1] is prose
