"""The action-plan content reader (text_content.py, text_segments.py; issue 15).

Text layers of the generated and variant PDFs by other extractors
(tests/textlayers/) are read by what their text says, not by the seeds'
line layout; nothing published is silently wrong (test_textlayers.py holds
that over every layer), and the fields outside the two number grids reach
the floors below.
"""

from __future__ import annotations

from typing import Any

import pytest
from tools import textlayers

from dxparse.document import Page, SourceDocument
from dxparse.parsers.action_plan import parse, text_content
from dxparse.parsers.action_plan.text_segments import is_boxed, segments
from dxparse.read import read_document
from dxparse.records import ParseResult
from tests.conftest import AP_SEED

# The datasets outside the grids (the grids: text_grid.py, another branch).
FIELD_DATASETS = ("ap_initiatives", "ap_reviews", "ap_year_plans", "ap_tasks")
# Today's accuracy over those datasets per recipe, a little under (see the branch report).
FLOORS = {"pdfminer": 0.74, "pdfminer-noflow": 0.75, "pdfium": 0.79}
# Every action-plan field, grids (text_grid.py) included: today's, a little under.
# pdfminer's default flow prints the grids' row labels before any number (none placed).
ALL_FLOORS = {"pdfminer": 0.19, "pdfminer-noflow": 0.73, "pdfium": 0.81}


def _numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


def _doc(text: str) -> SourceDocument:
    pages, first = [], 1
    for n, page in enumerate(text.split("\f"), start=1):
        lines = tuple(page.split("\n"))
        pages.append(Page(number=n, lines=lines, first_line=first))
        first += len(lines) - 1
    return SourceDocument(
        path="t.txt",
        source_file="t.txt",
        document_id="0" * 64,
        media_type="text/plain",
        pages=tuple(pages),
        page_count=len(pages),
    )


def test_fields_outside_the_grids_reach_their_floor_on_every_recipe() -> None:
    results = textlayers.run(list(textlayers.RECIPES))
    for recipe, summary in results.items():
        datasets = summary["kinds"]["ap"]["datasets"]
        right = sum(datasets[name]["fields_right"] for name in FIELD_DATASETS)
        total = sum(datasets[name]["fields_total"] for name in FIELD_DATASETS)
        assert right / total >= FLOORS[recipe], (recipe, right, total)
        assert summary["kinds"]["ap"]["accuracy"] >= ALL_FLOORS[recipe], recipe
        for name in FIELD_DATASETS:
            assert datasets[name]["silently_wrong"] == 0, (recipe, name)


def test_a_label_is_paired_with_its_value_glued_or_on_the_next_segment() -> None:
    boxed = "番号・事業名\n\n70001\n\nテレワーク環境の整備\n\n責任者名 鈴木　花子\n"
    rows = (
        "番号・事業名 70001 テレワーク環境の整備 作成日 更新日\n責任者名 鈴木　花子 担当者 藤本\n"
    )
    for text in (boxed, rows):
        found = [(s.kind, s.name, s.text) for s in segments(_numbered(text))]
        assert ("label", "number_name", "番号・事業名") in found
        assert ("number", None, "70001") in found
        assert ("label", "manager", "責任者名") in found
        assert ("text", None, "鈴木 花子") in found
    assert is_boxed(_numbered(boxed)) and not is_boxed(_numbered(rows))


def test_a_label_wrapped_over_lines_is_one_label_and_stops_at_a_known_line() -> None:
    text = "上\n半\n期\n総合評価\n(A・B・C)\n完了\n(目的未達成)\n"
    found = [(s.kind, s.name, s.text, s.lines) for s in segments(_numbered(text))]
    assert found == [
        ("label", "midyear", "上半期", (1, 3)),
        ("label", "rating", "総合評価(A・B・C)", (4, 5)),
        ("word", None, "完了(目的未達成)", (6, 7)),
    ]


_OVERALL_ROWS = """\
架空市アクションプラン全体計画　（令和５～令和７年度） （単位：千円）
推進項目 70 行政サービスの電子化の推進 重要度 B
番号・事業名 70001 ﾃﾚﾜｰｸ環境の整備 作成日 更新日
担当課 076400 総務部　文書課 責任者名 宮　本　　等 担当者 藤本　裕司
取組期間 Ｒ７ ～ Ｒ７ 効果 歳入増加
最終目標 庁内の対象業務を調査し，導入候補を選定する。
年度 取組内容・目標 区分
令和５年度
令和６年度
令和７年度 ｼｽﾃﾑを改修し，全庁で運用する。 計画どおり
令和7年4月1日 令和8年3月31日
"""


def test_an_overall_sheet_in_row_lines_is_read_by_content() -> None:
    result = parse(_doc(_OVERALL_ROWS))
    (row,) = result.rows["ap_initiatives"]
    assert row["initiative_id"] == "70001"
    assert (row["promotion_item_no"], row["promotion_item"]) == (70, "行政サービスの電子化の推進")
    assert row["name"] == "テレワーク環境の整備"
    assert (row["department_code"], row["department"]) == ("076400", "総務部 文書課")
    assert (row["manager"], row["staff"]) == ("宮本 等", "藤本 裕司")
    assert (row["start_fiscal_year"], row["end_fiscal_year"]) == (2025, 2025)
    assert (row["plan_start_fiscal_year"], row["plan_end_fiscal_year"]) == (2023, 2025)
    # Two dates on one line, apart from their side-by-side labels: in column order.
    assert (str(row["created"]), str(row["updated"])) == ("2025-04-01", "2026-03-31")
    # 歳入増加 after 効果, the others printed nowhere: not ticked.
    assert (row["effect_revenue"], row["effect_expenditure"], row["effect_other"]) == (
        True,
        False,
        False,
    )
    plans = {r["fiscal_year"]: (r["plan"], r["status"]) for r in result.rows["ap_year_plans"]}
    assert plans == {
        2023: (None, None),
        2024: (None, None),
        2025: ("システムを改修し,全庁で運用する。", "計画どおり"),
    }


def test_what_the_text_does_not_settle_is_null_and_reported() -> None:
    # Dates on lines apart from side-by-side labels: pdfminer may print them in any order.
    text = _OVERALL_ROWS.replace("令和7年4月1日 令和8年3月31日", "令和8年3月31日\n令和7年4月1日")
    # A name letter-spaced with single spaces: where family and given name part is lost.
    text = text.replace("宮　本　　等", "宮 本 等")
    result = parse(_doc(text))
    (row,) = result.rows["ap_initiatives"]
    assert row["created"] is None and row["updated"] is None
    assert row["manager"] is None
    codes = {(issue.code, issue.field) for issue in result.issues}
    assert ("ambiguous_column", "created") in codes
    assert ("ambiguous_alignment", "manager") in codes


def test_the_seed_layout_stays_with_the_seed_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed reads at every certain field with the seed-layout reader; the
    content reader is for layers that reader cannot read (and is, for pdfminer's)."""
    calls: list[str] = []
    real = text_content.read_content

    def spy(doc: SourceDocument, result: ParseResult) -> Any:
        calls.append(doc.source_file)
        return real(doc, result)

    monkeypatch.setattr(text_content, "read_content", spy)
    parse(read_document(AP_SEED))
    assert calls == []
    layer = textlayers.OUT / "pdfminer" / "sample_action_plan_51_r1.txt"
    assert parse(read_document(layer)).rows["ap_initiatives"]
    assert calls == [layer.name]
