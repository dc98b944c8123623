"""Label wording other cities print, and labels that are not found.

A synonym is taken only where no other label of the sheet reads the same;
a sheet that prints one label in two wordings leaves its field null and
says so; a label not found anywhere on the sheet leaves a warning, not a
silent null.
"""

from __future__ import annotations

import glob
from dataclasses import replace
from pathlib import Path

import pytest

from dxparse.document import Page, SourceDocument
from dxparse.parsers.action_plan import common, parse
from dxparse.parsers.action_plan.grid import sheet_grids
from dxparse.parsers.action_plan.lines import classify
from dxparse.parsers.action_plan.pdf import _annual, _head
from dxparse.records import ParseResult
from tests.conftest import AP_PDF, ROOT, load_gold, sample_document
from tests.pages import ap_head_rows, grid_of_cells
from tests.pages import grid_cell as _cell
from tests.test_action_plan_51_r1 import compare_exact

SYNONYMS = [
    ("importance", "優先度"),
    ("tasks", "実施項目"),
    ("tasks", "取組事項"),
    ("midyear", "上半期評価"),
    ("yearend", "年度末評価"),
    ("evaluator", "評価者名"),
]


@pytest.mark.parametrize(("name", "printed"), SYNONYMS)
def test_synonym_names_one_label_only(name: str, printed: str) -> None:
    """The wording matches its own label and no other one."""
    key = common.compact(printed)
    assert [n for n in common.labels().labels if common.labels().matches(n, key)] == [name]


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("評価", "evaluation"),
        ("総合評価", "rating"),
        ("取組内容", "content"),
        ("取組内容・目標", "plan"),
        ("年度", "year"),
        ("進捗", "progress"),
        ("重要度A", None),
        ("評価者とする", None),
        ("年度末評価値", None),
    ],
)
def test_labels_near_the_synonyms_keep_their_names(printed: str, name: str | None) -> None:
    assert common.label_of(printed) == name


def _pdfs() -> list[Path]:
    return [AP_PDF, *(Path(p) for p in sorted(glob.glob(str(ROOT / "tests/variants/ap/*.pdf"))))]


def test_no_printed_cell_reads_as_two_labels() -> None:
    """On every sheet we have, a label cell matches one label pattern at most,
    and no label is printed in two wordings."""
    from dxparse.parsers.action_plan.pdf import _wordings

    for path in _pdfs():
        for page in sample_document(path).pages:
            for grid in sheet_grids(page, lambda grid: True):
                for cell in grid.cells:
                    key = common.compact(cell.text)
                    hits = [n for n in common.labels().labels if common.labels().matches(n, key)]
                    assert len(hits) <= 1, (path.name, page.number, cell.text, hits)
                assert _wordings(grid) == {}, (path.name, page.number)


def _swap(doc: SourceDocument, old: str, new: str) -> SourceDocument:
    """The document with every printed `old` replaced by `new` (same length), glyph by glyph."""
    assert len(old) == len(new)
    pages = []
    for page in doc.pages:
        chars = list(page.chars)
        i = 0
        while i + len(old) <= len(chars):
            if "".join(c.text for c in chars[i : i + len(old)]) == old:
                for k, ch in enumerate(new):
                    chars[i + k] = replace(chars[i + k], text=ch, raw=ch)
                i += len(old)
            else:
                i += 1
        pages.append(replace(page, chars=tuple(chars)))
    return replace(doc, pages=tuple(pages))


@pytest.mark.parametrize(
    ("old", "new"), [("重要度", "優先度"), ("取組項目", "実施項目"), ("取組項目", "取組事項")]
)
def test_sample_in_other_wording_reads_the_same(old: str, new: str) -> None:
    doc = _swap(sample_document(AP_PDF), old, new)
    assert any(new in "".join(c.text for c in page.chars) for page in doc.pages)
    result = parse(doc)
    assert compare_exact(result, load_gold("action_plan_51_r1.json")) == []
    assert result.issues == []


def test_review_label_not_found_is_reported() -> None:
    """評価者 worded in a way not known: the evaluator is null, and said so per sheet."""
    result = parse(_swap(sample_document(AP_PDF), "評価者", "評定者"))
    evaluators = {row["evaluator"] for row in result.rows["ap_reviews"]}
    assert evaluators == {None}
    found = [(i.code, i.field, i.page, i.raw) for i in result.issues]
    assert found == [
        (code, "evaluator", page, raw)
        for page in (2, 4, 6, 8, 10)
        for code, raw in (("label_not_found", None), ("label_near_miss", "評定者"))
    ]
    assert all(i.severity == "warning" for i in result.issues)
    # The near miss names the wording it is close to, so the city knows what to add.
    assert "'評価者' (evaluator)" in result.issues[1].message


def test_overall_label_not_found_is_reported() -> None:
    """最終目標 worded otherwise: null with a warning (the sheet is still read by 効果額)."""
    result = parse(_swap(sample_document(AP_PDF), "最終目標", "最終目的"))
    assert {row["final_goal"] for row in result.rows["ap_initiatives"]} == {None}
    found = {(i.code, i.field, i.raw) for i in result.issues}
    assert found == {
        ("label_not_found", "final_goal", None),
        ("label_near_miss", "final_goal", "最終目的"),
    }


def test_label_in_two_wordings_is_null_and_reported() -> None:
    """重要度 and 優先度 both printed: which names the grade is not in the sheet."""
    cells = [
        *ap_head_rows(),
        _cell(1, 4, ""),
        _cell(3, 0, "担当者"),
        _cell(3, 1, "財政担当"),
        _cell(3, 2, ""),
        _cell(3, 3, "優先度"),
        _cell(3, 4, "B"),
    ]
    grid = grid_of_cells(cells)
    result = ParseResult()
    fields = _head(Page(number=1), grid, result, "ap_initiatives")
    assert fields["importance"] is None
    assert fields["manager"] == "原田 真理子"
    assert [(i.code, i.raw) for i in result.issues] == [("ambiguous_label", "優先度 / 重要度")]


def test_annual_labels_not_found_are_reported() -> None:
    """A single-year sheet with head rows and tasks only: every review field
    left null is named in a warning."""
    cells = [
        *ap_head_rows()[:5],  # the 番号・取組事業名 | 重要度 row
        _cell(1, 0, "実施項目", rows=2),
        _cell(1, 1, "1"),
        _cell(1, 2, "条例改正"),
        _cell(1, 3, "4～6月"),
        _cell(1, 4, ""),
        _cell(2, 1, ""),
        _cell(2, 2, ""),
        _cell(2, 3, ""),
        _cell(2, 4, ""),
    ]
    grid = grid_of_cells(cells)
    result = ParseResult()
    sheet = _annual(Page(number=2), grid, "アクションプラン(令和6年度)", result)
    assert sheet.edition == 2024
    nulls = {name for name, value in sheet.review.items() if value is None}
    fields = {
        part
        for issue in result.issues
        if issue.code == "label_not_found" and issue.field
        for part in issue.field.split(", ")
    }
    assert nulls <= fields
    assert {
        "status",
        "midyear_progress",
        "midyear_comment",
        "outcome",
        "activity",
        "yearend_comment",
        "indicator_plan",
        "indicator_actual",
        "change_plan_content",
        "change_plan_values",
        "rating",
        "direction",
        "evaluator",
        "evaluation_comment",
    } <= fields
    assert all(issue.severity == "warning" for issue in result.issues)


def test_text_layer_importance_synonym() -> None:
    item = classify("優先度 Ｂ")
    assert item is not None
    assert (item.kind, item.data["value"]) == ("importance", "B")


def test_text_layer_label_not_found_is_reported() -> None:
    """A text layer drops blank cells, so only a label missing from the whole
    sheet is reported: 最終目標 and 評価者 worded otherwise in the seed."""
    from tests.conftest import AP_SEED

    doc = sample_document(AP_SEED)
    assert not [i for i in parse(doc).issues if i.code == "label_not_found"]
    pages = tuple(
        replace(
            page,
            lines=tuple(
                line.replace("最終目標", "最終目的").replace("評価者", "評定者")
                for line in page.lines
            ),
        )
        for page in doc.pages
    )
    result = parse(replace(doc, pages=pages))
    assert {row["evaluator"] for row in result.rows["ap_reviews"]} == {None}
    found = [(i.field, i.key) for i in result.issues if i.code == "label_not_found"]
    ids = [row["initiative_id"] for row in result.rows["ap_initiatives"]]
    assert sorted(found) == sorted(
        [("final_goal", key) for key in ids] + [("evaluator", key) for key in ids]
    )
