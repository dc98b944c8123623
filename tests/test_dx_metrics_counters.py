"""Figures in a detail read as Japanese is written (issue 11, section 3).

A number before a counter or a noun counts that noun; durations count; a
clock time, a date, a code (A4) and a versioned name (Windows10) do not;
約 is approximate only as a word; a bracketed 時点 right after a figure
dates it (ISO text); a 年度 that dates an event is not the figure's year.
"""

from __future__ import annotations

import pytest
from tools.generate.counters import ALL_UNITS

from dxparse.parsers.dx.metrics import Metric, extract_metrics
from dxparse.vocabulary import shipped


def metrics(text: str) -> list[Metric]:
    return extract_metrics(text)[0]


def values(text: str) -> list[tuple[int | float, str]]:
    return [(m.value, m.unit) for m in metrics(text)]


@pytest.mark.parametrize("unit", sorted(set(shipped().dx.counters) | set(ALL_UNITS)))
def test_every_counter_is_the_unit_of_the_number_before_it(unit: str) -> None:
    assert values(f"対象を12{unit}に拡大。") == [(12, unit)]
    assert values(f"累計1,234{unit}。") == [(1234, unit)]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        # nouns the vocabulary does not list: the run of kanji and katakana
        ("44停留所に設置。", "停留所"),
        ("市内の2漁港で実証。", "漁港"),
        ("40農家が参加。", "農家"),
        ("3ダムの水位を配信。", "ダム"),
        ("5河川にカメラを設置。", "河川"),
        ("12プラットフォームで配信。", "プラットフォーム"),
        ("5センターに配備。", "センター"),
        # the noun ends where a predicate is written onto it
        ("3農場整備を完了。", "農場"),
        # a listed counter wins over a longer run of kanji
        ("10施設導入を完了。", "施設"),
        ("100件増加した。", "件"),
        ("8窓口設置。", "窓口"),
        ("2時間短縮。", "時間"),
        ("5医療機関と連携。", "医療機関"),
        ("3課題を整理。", "課題"),
        ("年間0.5人工の削減。", "人工"),
        # a compound that begins and ends with counters is the unit whole
        ("20基幹業務システムを標準化。", "基幹業務システム"),
        ("6地域包括支援センターで実施。", "地域包括支援センター"),
        ("10施設予約システムを統合。", "施設予約システム"),
        ("1人1台端末の活用で3業務削減。", "業務"),
    ],
)
def test_a_number_counts_the_noun_it_is_written_before(text: str, unit: str) -> None:
    ((_, found),) = values(text)
    assert found == unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FAX38台を廃止。", [(38, "台")]),
        ("Wi-Fi 12か所を整備。", [(12, "か所")]),
        ("Wi-Fi12か所を整備。", [(12, "か所")]),
        ("PC52,169台を配備。", [(52169, "台")]),
        ("AI-OCR3業務に適用。", [(3, "業務")]),
        ("Q&A10件を掲載。", [(10, "件")]),
        # a single letter is a code, a versioned name its version
        ("A4用紙を1,000枚削減。", [(1000, "枚")]),
        ("Windows10端末を500台更新。", [(500, "台")]),
        ("Microsoft365ライセンスを500件導入。", [(500, "件")]),
        ("COVID-19対策として3件。", [(3, "件")]),
        ("5G基地局を2基設置。", [(2, "基")]),
    ],
)
def test_a_number_after_latin_letters(text: str, expected: list[tuple[int, str]]) -> None:
    assert values(text) == expected


def test_a_one_kanji_counter_before_a_bound_or_a_part_is_still_the_unit() -> None:
    assert values("10校中8校で導入。") == [(10, "校"), (8, "校")]
    assert values("5台配備。") == [(5, "台")]


@pytest.mark.parametrize("text", ["5園庭を整備。", "3紙面で紹介。", "2部会を設置。"])
def test_a_one_kanji_counter_that_may_begin_another_noun_is_no_unit(text: str) -> None:
    found, skipped = extract_metrics(text)
    assert found == [] and [s.reason for s in skipped] == ["unit_unknown"]


def test_durations_are_figures_a_clock_time_and_a_date_are_not() -> None:
    assert values("処理時間を23分から9分に短縮。") == [(23, "分"), (9, "分")]
    assert values("待ち時間を2時間短縮。") == [(2, "時間")]
    assert values("受付は9時30分から17時まで。") == []
    assert values("令和6年3月31日に公開。") == []
    found, skipped = extract_metrics("1時間30分の研修。")
    assert found == [] and [s.reason for s in skipped] == ["number_parts", "number_parts"]
    # 3分の1 is a fraction, not 3 minutes
    found, skipped = extract_metrics("紙の使用量を3分の1に削減。")
    assert found == [] and ("3分", "ratio") in [(s.raw, s.reason) for s in skipped]


@pytest.mark.parametrize(
    ("text", "value", "approx"),
    [
        ("約1,200件を受付。", 1200, True),
        ("年間約6万件を処理。", 60000, True),
        ("累計約736校舎を登録。", 736, True),
        ("電子契約593学区。", 593, False),
        ("施設予約29クラス。", 29, False),
        ("経費節約408部局。", 408, False),
        ("窓口集約29%。", 29, False),
        ("要約3件を作成。", 3, False),
        ("契約約20件。", 20, True),
    ],
)
def test_yaku_is_approximate_only_as_a_word(text: str, value: int, approx: bool) -> None:
    (found,) = metrics(text)
    assert (found.value, found.approx) == (value, approx)


@pytest.mark.parametrize(
    ("text", "as_of"),
    [
        ("登録は120件(令和6年3月31日時点)。", "2024-03-31"),
        ("登録は120件(令和6年3月末時点)。", "2024-03-31"),
        ("登録は120件(令和6年3月時点)。", "2024-03"),
        ("登録は120件(令和5年度末時点)。", "2024-03-31"),
        ("登録は120件(2024年2月末現在)。", "2024-02-29"),
        ("令和6年3月時点で登録は120件。", "2024-03"),
    ],
)
def test_a_bracketed_time_after_the_figure_dates_it(text: str, as_of: str) -> None:
    (found,) = metrics(text)
    assert (found.value, found.as_of, found.fiscal_year) == (120, as_of, None)


def test_a_figures_time_does_not_date_the_next_clause() -> None:
    first, second = metrics("登録は835窓口(令和5年3月時点)、357部署まで配備を拡大。")
    assert (first.as_of, second.as_of) == ("2023-03", None)
    # a time written for the whole sentence still covers it
    first, second = metrics("令和5年3月時点で、登録は835窓口、配備は357部署。")
    assert (first.as_of, second.as_of) == ("2023-03", "2023-03")


@pytest.mark.parametrize(
    "text", ["登録は120件(令和6年13月時点)。", "登録は120件(令和0年3月時点)。"]
)
def test_an_impossible_month_is_an_error_not_a_value(text: str) -> None:
    (found,) = metrics(text)
    assert found.as_of is None
    assert found.as_of_read is not None and found.as_of_read.error


@pytest.mark.parametrize(
    "text",
    [
        "令和6年度末で終了する窓口は12か所。",
        "令和7年度から開始した電子申請は120件。",
        "令和6年度をもって廃止する施設は3施設。",
    ],
)
def test_a_year_dating_an_event_is_not_the_figures_year(text: str) -> None:
    (found,) = metrics(text)
    assert (found.fiscal_year, found.year_ambiguous) == (None, False)


def test_the_figures_own_year_beside_an_event_year() -> None:
    (found,) = metrics("令和6年度末で終了する事業で、令和5年度の利用は100件。")
    assert (found.value, found.fiscal_year, found.year_ambiguous) == (100, 2023, False)
    (found,) = metrics("令和5年度に100件を導入。")
    assert found.fiscal_year == 2023
