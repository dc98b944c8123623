"""The action-plan form's furniture (furniture.py): what the ledger may count
as the form's own text, each by a rule from the vocabulary, and what not."""

from __future__ import annotations

import pytest

from dxparse.parsers.action_plan.furniture import is_label_cell, is_loose_furniture


@pytest.mark.parametrize(
    "text",
    [
        "アクションプラン全体計画 (令和3~令和7年度)",
        "架空市アクションプラン(令和4年度)",
        "架空市",
        "(単位:千円)",
        "単位:千円",
    ],
)
def test_titles_city_headers_and_unit_notes_are_furniture_anywhere(text: str) -> None:
    assert is_loose_furniture(text, margin=False)


@pytest.mark.parametrize("text", ["R1", "R1 <<", "<<", "3", "- 3 -", "3/10", "P.3"])
def test_footers_and_page_numbers_are_furniture_in_the_margin_only(text: str) -> None:
    assert is_loose_furniture(text, margin=True)
    # Beside a sheet, a number is no page number: a value we did not read.
    assert not is_loose_furniture(text, margin=False)


@pytest.mark.parametrize(
    "text", ["※数値は暫定値です", "500", "アクションプラン", "令和6年度", "市民課"]
)
def test_other_text_around_a_sheet_is_not_furniture(text: str) -> None:
    assert not is_loose_furniture(text, margin=False)


@pytest.mark.parametrize(
    "text",
    [
        "取組事業名",
        "担当部局",
        "年度",
        "計画値",
        "実績値",
        "当初計画額",
        "歳入増加",
        "計",
        "7~9月",
        "第2四半期",
        "総合評価(A・B・C)",
        "※重要度A事業は副市長,重要度B事業は部局長を評価者とする",
    ],
)
def test_the_forms_labels_are_furniture(text: str) -> None:
    assert is_label_cell(text)


@pytest.mark.parametrize("text", ["完了", "51001", "5", "※未定", "備考"])
def test_values_are_not_labels(text: str) -> None:
    assert not is_label_cell(text)
