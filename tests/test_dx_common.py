"""Shared DX helpers: outlook categories, pillars, publishers, covers, joins."""

from __future__ import annotations

import pytest

from dxparse.parsers.dx.common import (
    clean_pillar,
    header_field,
    header_line_fields,
    is_status,
    join_lines,
    municipality_of,
    outlook_ambiguity,
    outlook_fields,
    read_cover,
)


@pytest.mark.parametrize(
    ("outlook", "category", "year"),
    [
        ("維持", "維持", None),
        ("拡大", "拡大", None),
        ("需要に合わせて縮小", "縮小", None),
        ("時期を見定めて実行", "実行", None),
        ("令和５年度開始", "開始", 2023),
        ("終了", "終了", None),
        ("継続", "維持", None),
        ("拡大予定", "拡大", None),
        ("検討", None, None),
        (None, None, None),
    ],
)
def test_outlook_fields(outlook: str | None, category: str | None, year: int | None) -> None:
    assert outlook_fields(outlook) == (category, year)


@pytest.mark.parametrize(
    ("heading", "pillar"),
    [
        ("「つながる市役所」の実現に向けた進捗状況", "つながる市役所"),
        (
            "「業務改⾰・効率化・価値創造」の実現に向けた進捗状況と推進体制",
            "業務改革・効率化・価値創造",
        ),
        ("「スマート市役所」の実現に向けた進捗状況（続き）", "スマート市役所"),
        ("暮らしのデジタル化の実現に向けた進捗状況", "暮らしのデジタル化"),
        (None, None),
    ],
)
def test_clean_pillar(heading: str | None, pillar: str | None) -> None:
    assert clean_pillar(heading) == pillar


@pytest.mark.parametrize(
    ("publisher", "city"),
    [
        ("柏市企画部DX推進課", "柏市"),
        ("さくら野町総務課DX推進室", "さくら野町"),
        ("町田市デジタル戦略室", "町田市"),
        ("みどり野町総務課デジタル推進係", "みどり野町"),
        ("架空市情報政策課DX推進担当", "架空市"),
        ("デジタル推進課", None),
    ],
)
def test_municipality_of(publisher: str, city: str | None) -> None:
    assert municipality_of(publisher) == city


def test_read_cover_finds_each_line_by_its_shape() -> None:
    cover = read_cover(
        ["「DX」の略称。", "柏市企画部 ＤＸ 推進課", "２０２３．５", "2022 年度進捗報告"]
    )
    assert (cover.title, cover.fiscal_year, cover.publisher, cover.issued) == (
        "2022年度進捗報告",
        2022,
        "柏市企画部DX推進課",
        "2023-05",
    )
    reiwa = read_cover(["令和５年度進捗報告", "令和６年５月"])
    assert (reiwa.fiscal_year, reiwa.issued) == (2023, "2024-05")


def test_join_lines_spaces_only_half_width_words() -> None:
    assert join_lines(["Digital", "Transformation"]) == "Digital Transformation"
    assert join_lines(["業務用Ｗｉ－Ｆ", "ｉを整備"]) == "業務用Wi-Fiを整備"
    assert join_lines(["３３，０", "００件", ""]) == "33,000件"


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("施策", "measure"),
        ("取組", "measure"),
        ("取 組", "measure"),
        ("取組内容", "item"),
        ("取組の内容", "item"),
        ("進捗\n状況", "status"),
        ("概要", "detail"),
        ("今後の\n方向性", "outlook"),
        ("今後の方針", "outlook"),
        ("内容", None),
        ("備考", None),
    ],
)
def test_header_labels_cities_print(label: str, field: str | None) -> None:
    assert header_field(label) == field


def test_a_header_line_in_other_words() -> None:
    assert header_line_fields("取組 取組内容 進捗状況 概要 今後の方針") == [
        "measure",
        "item",
        "status",
        "detail",
        "outlook",
    ]


@pytest.mark.parametrize(
    ("outlook", "category", "year", "ambiguous"),
    [
        # a negated outlook word is not that outlook
        ("未実施", None, None, True),
        # two outlooks in one cell: neither category nor a year is the cell's
        ("令和6年度拡大・令和7年度終了", None, None, True),
        ("維持・拡大", None, None, True),
        # a span of years is not one year
        ("令和5年度から令和6年度にかけて拡大", "拡大", None, True),
        ("令和5年度~令和6年度に実施", "実行", None, True),
        # one year, however printed
        ("R6年度開始", "開始", 2024, False),
        ("令和6年度以降拡大", "拡大", 2024, False),
        ("令和5年度開始", "開始", 2023, False),
    ],
)
def test_outlook_fields_leave_what_the_wording_does_not_settle(
    outlook: str, category: str | None, year: int | None, ambiguous: bool
) -> None:
    assert outlook_fields(outlook) == (category, year)
    assert (outlook_ambiguity(outlook) is not None) is ambiguous


@pytest.mark.parametrize(
    ("text", "status"),
    [("一部実施", True), ("未実施", True), ("実施済み", True), ("提供中", True), ("拡大", False)],
)
def test_progress_words_cities_print_are_statuses(text: str, status: bool) -> None:
    assert is_status(text) is status
