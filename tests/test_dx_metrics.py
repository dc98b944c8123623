"""Figures in a detail sentence: what is a metric, its value, unit and clause."""

from __future__ import annotations

import pytest

from dxparse.parsers.dx import parse
from dxparse.parsers.dx.metrics import Metric, extract_metrics, sentences
from dxparse.records import ParseResult
from tests.pages import text_document


def metrics(text: str) -> list[Metric]:
    found, _ = extract_metrics(text)
    return found


def values(text: str) -> list[tuple[int | float, str]]:
    return [(m.value, m.unit) for m in metrics(text)]


@pytest.mark.parametrize(
    "text",
    [
        "令和5年2月から提供。",
        "本庁舎3階において実施予定。",
        "令和5年4月28日より受付開始。",
        "令和５年１０⽉頃をめどに提供開始予定。",
        "令和5年度までに出張所で取扱う手続きを移行。",
        "第2期計画を策定。",
    ],
)
def test_dates_floors_and_ordinals_are_not_metrics(text: str) -> None:
    assert metrics(text) == []


def test_a_frequency_is_not_a_metric_but_the_count_after_it_is() -> None:
    found = metrics("システム導入に関する読書会を月1回×5回実施。")
    assert [(m.value, m.unit) for m in found] == [(5, "回")]
    assert values("週2回開催。") == []


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("約３５０件の行政手続きをオンライン化。", 350, "件", True),
        ("約３３，０００件の利用。", 33000, "件", True),
        ("令和４年度中の貸出回数は８，６０４回。", 8604, "回", False),
        ("申請件数率は７６．２８％。", 76.28, "%", False),
        ("オンライン申請の割合は９．０％。", 9.0, "%", False),
        ("３１ヶ所の窓口で提供。", 31, "ヶ所", False),
        ("ＩＴ講座を１８講座開催。", 18, "講座", False),
        ("業務用Wi-Fiを７つの庁舎に整備。", 7, "庁舎", False),
        ("11手続きを受付。", 11, "手続き", False),
        ("総額は1,234,567円。", 1234567, "円", False),
        ("ｶﾒﾗを５台設置。", 5, "台", False),
    ],
)
def test_value_unit_and_approx(text: str, value: float, unit: str, approx: bool) -> None:
    (found,) = metrics(text)
    assert (found.value, found.unit, found.approx) == (value, unit, approx)
    assert type(found.value) is type(value)


def test_fiscal_year_and_as_of() -> None:
    found = metrics(
        "令和５年３⽉３１日時点における，人口に対する申請件数率は７６．２８％，交付枚数率は６５．０％。"
    )
    assert [(m.value, m.as_of) for m in found] == [
        (76.28, "2023-03-31"),
        (65.0, "2023-03-31"),
    ]
    assert [m.text for m in found] == [
        "令和5年3月31日時点における,人口に対する申請件数率は76.28%",
        "交付枚数率は65.0%",
    ]
    (in_year,) = metrics("令和４年度中の総受付件数は７４，６８３件（単発イベント含）")
    assert in_year.fiscal_year == 2022 and in_year.as_of is None
    # A month is not a fiscal year, and a deadline (までに) is not the figure's year.
    (monthly,) = metrics("令和5年3月の電子決裁率は87.9%。")
    assert (monthly.fiscal_year, monthly.as_of) == (None, None)
    (target,) = metrics("令和7年度までに移行することで,オンライン化率『100%』の達成を目指す。")
    assert (target.value, target.unit, target.fiscal_year) == (100, "%", None)
    assert target.text == "オンライン化率『100%』の達成を目指す"
    (month_end,) = metrics("令和5年3月末時点で登録者は1,200人。")
    assert month_end.as_of == "2023-03-31"


def test_clause_leaves_out_other_figures_and_lists() -> None:
    found = metrics("オンライン申請ツール(LoGoフォーム)の操作研修を2回実施(102名の職員が参加)。")
    assert [m.text for m in found] == ["操作研修を2回実施", "102名の職員が参加"]
    (listed,) = metrics("令和4年度から31ヶ所の窓口で提供(市民課や市民税課,沼南支所)。")
    assert listed.text == "令和4年度から31ヶ所の窓口で提供"
    (noted,) = metrics("14種類の地図情報を提供中(都市計画情報配信サービスを除く)。")
    assert noted.text == "14種類の地図情報を提供中(都市計画情報配信サービスを除く)"


def test_fiscal_year_carries_into_a_parenthesis_of_the_same_sentence() -> None:
    found = metrics(
        "令和4年度中の総受付件数は1,000件(有効申請件数(処理件数は823件。)"
        "紙申請を含めた手続き数全体のうち,オンライン申請の割合は9.0%。"
    )
    assert [(m.value, m.fiscal_year) for m in found] == [(1000, 2022), (823, 2022), (9.0, None)]
    assert found[1].text == "有効申請件数(処理件数は823件。)"
    assert found[2].text == "紙申請を含めた手続き数全体のうち,オンライン申請の割合は9.0%"


def test_labels_name_what_is_counted() -> None:
    assert [m.label for m in metrics("令和4年度中の総受付件数は1,032件。")] == ["総受付件数"]
    assert [m.label for m in metrics("233名の市民が参加。")] == ["参加した市民"]
    assert [m.label for m in metrics("事前調査を27拠点で実施。")] == ["事前調査を実施した拠点"]


def test_numbers_without_a_unit_are_reported_not_published() -> None:
    found, skipped = extract_metrics("Windows10へ移行し、対象は3。")
    assert found == []
    assert [s.raw for s in skipped] == ["3"]


def test_sentences_keep_closing_brackets_and_split_notes() -> None:
    text = "提供開始(予定。)※注記あり<見出し>本文。"
    assert [text[a:b] for a, b in sentences(text)] == [
        "提供開始(予定。)",
        "※注記あり",
        "<見出し>",
        "本文。",
    ]


def test_empty_detail() -> None:
    assert extract_metrics(None) == ([], [])
    assert extract_metrics("") == ([], [])


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("登録者は1.5万人。", 15000, "人"),
        ("約3万件の利用。", 30000, "件"),
        ("事業費は1,200万円。", 1200, "万円"),
        ("前年度比▲5%。", -5, "%"),
    ],
)
def test_multipliers_money_and_negatives(text: str, value: int, unit: str) -> None:
    (found,) = metrics(text)
    assert (found.value, found.unit) == (value, unit)
    assert type(found.value) is int


def test_a_figure_right_after_a_clause_comma() -> None:
    found = metrics("国の「ぴったりサービス」を活用し,63手続きをオンライン化。")
    assert [(m.value, m.unit, m.text) for m in found] == [(63, "手続き", "63手続きをオンライン化")]


@pytest.mark.parametrize(
    "text", ["5G基地局の整備。", "2回目の接種。", "Windows11へ移行。", "No.1を獲得。"]
)
def test_names_and_ordinals_are_not_metrics(text: str) -> None:
    assert extract_metrics(text) == ([], [])


def test_a_proportion_in_wari() -> None:
    assert values("窓口手続の約3割をオンライン化。") == [(3, "割")]


def test_times_are_not_figures_and_ranges_are_reported() -> None:
    assert extract_metrics("受付は10:00から17:00まで。") == ([], [])
    found, skipped = extract_metrics("1回あたり3~5件を処理。")
    # `1回あたり` is the denominator of a rate, not a count of 1 回.
    assert found == []
    assert [(s.raw, s.reason) for s in skipped] == [
        ("1回", "per_unit"),
        ("3", "range"),
        ("5件", "range"),
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("年間約1万2,000件の申請をオンライン化。", 12000, "件", True),
        ("1万2千件を処理。", 12000, "件", False),
        ("12万3,456人が利用。", 123456, "人", False),
        ("1万2345件。", 12345, "件", False),
    ],
)
def test_a_number_with_digits_after_man(text: str, value: int, unit: str, approx: bool) -> None:
    found = metrics(text)[0]
    assert (found.value, found.unit, found.approx) == (value, unit, approx)
    assert found.label is None or "000" not in found.label  # no digits of the number in it


def test_a_figure_after_a_man_figure_stands_alone() -> None:
    assert [(m.value, m.unit) for m in metrics("1万件と2,000件。")] == [(10000, "件"), (2000, "件")]


@pytest.mark.parametrize(
    "text", ["事業費は1億2,000万円。", "1万2千5百件。", "1.2万3千件。", "1万23456件。"]
)
def test_no_part_of_a_number_read_in_parts_is_published(text: str) -> None:
    found, skipped = extract_metrics(text)
    assert found == []
    assert skipped and {s.reason for s in skipped} == {"number_parts"}


# --- figures that must not be published as they look ------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("前年度比-5%。", -5),
        ("前年度比−5%。", -5),
        ("申請件数は-3件。", -3),
    ],
)
def test_a_minus_before_a_figure_is_its_sign(text: str, value: int) -> None:
    (found,) = metrics(text)
    assert found.value == value
    assert found.label is None or ("-" not in found.label and "−" not in found.label)


@pytest.mark.parametrize(
    "text", ["3-5件を処理。", "3−5件を処理。", "3 − 5件を処理。", "3ー5件を処理。"]
)
def test_a_hyphen_after_a_digit_or_letter_is_not_a_sign(text: str) -> None:
    # `−` (U+2212) and `ー` are a range's dash as much as `-`: 5件 is not published.
    found, skipped = extract_metrics(text)
    assert found == [] and {s.reason for s in skipped} == {"range", "unit_unknown"}


@pytest.mark.parametrize("text", ["5件~8件を処理。", "5件 〜 8件を処理。", "約5%~8%の削減。"])
def test_a_range_with_its_unit_on_both_ends_publishes_neither(text: str) -> None:
    found, skipped = extract_metrics(text)
    assert found == [] and [s.reason for s in skipped] == ["range", "range"]


def test_from_one_figure_to_another_is_two_figures() -> None:
    assert values("利用率は12.5%から15.0%に向上。") == [(12.5, "%"), (15.0, "%")]


def test_a_signed_zero_is_zero() -> None:
    assert [(m.value, str(m.value)) for m in metrics("前年度比▲0.0%、△0件。")] == [
        (0.0, "0.0"),
        (0, "0"),
    ]


def test_a_hyphen_after_a_letter_is_not_a_sign() -> None:
    assert values("A-1件。") == [(1, "件")]


@pytest.mark.parametrize(
    ("text", "raw", "reason"),
    [
        ("処理時間は2時間半。", "2時間", "number_parts"),
        ("研修は1時間30分。", "1時間", "number_parts"),
        ("期間は1年6か月。", "6か月", "number_parts"),
        ("1件あたり5分を短縮。", "1件", "per_unit"),
        ("職員1人あたり年間約10時間", "1人", "per_unit"),
        ("100件以上を処理。", "100件", "bound"),
        ("1,000件未満。", "1,000件", "bound"),
        ("利用者の9割以上が満足。", "9割", "bound"),
        ("参加者は100名超。", "100名", "bound"),
    ],
)
def test_numbers_that_are_not_the_figure_they_look_like(text: str, raw: str, reason: str) -> None:
    found, skipped = extract_metrics(text)
    assert raw not in [f"{m.value}{m.unit}" for m in found]
    assert (raw, reason) in [(s.raw, s.reason) for s in skipped]


def test_a_rate_keeps_its_numerator_only() -> None:
    found, skipped = extract_metrics("1人あたり2時間削減。")
    assert [(m.value, m.unit) for m in found] == [(2, "時間")]
    assert [(s.raw, s.reason) for s in skipped] == [("1人", "per_unit")]


def test_a_ratio_is_not_two_counts() -> None:
    found, skipped = extract_metrics("市民の3人に1人が利用。")
    assert found == []
    assert [(s.raw, s.reason) for s in skipped] == [("3人", "ratio"), ("1人", "ratio")]


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("50件程度を処理。", True),
        ("約100件弱。", True),
        ("10%強。", True),
        ("およそ200件。", True),
        ("概ね80%。", True),
        ("体制を強化し、20件を処理。", False),
    ],
)
def test_approximate_words_around_a_figure(text: str, approx: bool) -> None:
    (found,) = metrics(text)
    assert found.approx is approx


@pytest.mark.parametrize(
    ("text", "years"),
    [
        # a baseline compared against is not the figure's year
        ("令和4年度比で50%削減。", [None]),
        ("令和4年度と比べ20件増加。", [None]),
        # a year printed right before each figure is its own
        ("令和4年度:120件→令和5年度:180件。", [2022, 2023]),
        ("2023年度:12件、2024年度:20件。", [2023, 2024]),
        ("R5年度は120件。", [2023]),
        # one year, printed once: still the figure's
        ("令和5年度中の申請件数は1,200件。", [2023]),
    ],
)
def test_fiscal_year_of_a_figure(text: str, years: list[int | None]) -> None:
    found = metrics(text)
    assert [m.fiscal_year for m in found] == years
    assert not any(m.year_ambiguous for m in found)


def test_a_figure_over_a_span_of_years_has_no_year_and_says_so() -> None:
    (found,) = metrics("令和4年度から令和5年度にかけて100件を処理。")
    assert (found.fiscal_year, found.year_ambiguous) == (None, True)
    (aside,) = [m for m in metrics("累計(令和4年度から令和5年度は30件)。") if m.value == 30]
    assert aside.fiscal_year is None
    twice = metrics("令和4年度:100件→令和5年度:100件。")
    assert [(m.value, m.fiscal_year) for m in twice] == [(100, None), (100, None)]


def test_a_fiscal_year_end_is_a_date_not_a_fiscal_year() -> None:
    (found,) = metrics("令和5年度末時点で累計1,234件。")
    assert (found.fiscal_year, found.as_of) == (None, "2024-03-31")
    (now,) = metrics("2023年度末現在の登録者は1,200人。")
    assert (now.fiscal_year, now.as_of) == (None, "2024-03-31")
    # a bare year end with no 時点 keeps its year as before
    (bare,) = metrics("令和5年度の登録者は1,200人。")
    assert bare.fiscal_year == 2023


@pytest.mark.parametrize(
    "text",
    [
        "2,000人→3,500人に増加。",
        "10校中8校で導入。",
        "目標値100件に対し実績80件。",
        "計100件(A課60件、B課40件)。",
        "利用者数は前年比+300人の1,500人。",
    ],
)
def test_a_label_never_names_another_figure(text: str) -> None:
    for found in metrics(text):
        assert found.label is None or not any(ch.isdigit() for ch in found.label), found


def test_a_label_that_is_only_a_date_is_none() -> None:
    assert [m.label for m in metrics("2025年度までに100%。")] == [None]
    assert [m.label for m in metrics("2023年度:12件。")] == [None]


def _report(detail: str, outlook: str) -> ParseResult:
    lines = [
        "さくら野町総務課DX推進室",
        "2024.5",
        "令和５年度進捗報告",
        "",
        " 「便利な町役場」の実現に向けた進捗状況",
        "",
        "施策 進捗状況 詳細 今後の展開",
        f"コンビニ交付 提供中 {detail} {outlook}",
    ]
    return parse(text_document(lines))


def test_the_report_warns_for_what_it_leaves_out() -> None:
    result = _report("令和4年度から令和5年度にかけて100件を処理。1件あたり5分。", "維持・拡大")
    # 5分 is the rate's value, a duration: published; 1件 is its denominator.
    row, rate = result.rows["dx_metrics"]
    assert (row["value"], row["fiscal_year"]) == (100, None)
    assert (rate["value"], rate["unit"], rate["label"]) == (5, "分", None)
    codes = {(i.code, i.key, i.field) for i in result.issues}
    assert ("metric_year_ambiguous", "1:1", "fiscal_year") in codes
    assert ("metric_per_unit", "1", "value") in codes
    assert ("ambiguous_outlook", "1", "outlook_category") in codes


def test_the_report_keeps_an_impossible_as_of_as_an_error() -> None:
    result = _report("令和6年13月末時点で100件。", "維持")
    (row,) = result.rows["dx_metrics"]
    assert (row["value"], row["as_of"]) == (100, None)
    (issue,) = [i for i in result.issues if i.code == "invalid_date"]
    assert (issue.severity, issue.key, issue.field) == ("error", "1:1", "as_of")


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("3割引で販売。", "3割"),
        ("100円ショップで購入。", "100円"),
    ],
)
def test_a_unit_that_starts_a_longer_word_is_not_the_unit(text: str, raw: str) -> None:
    found, skipped = extract_metrics(text)
    assert found == []
    assert [(s.raw, s.reason) for s in skipped] == [(raw, "unit_unknown")]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("年間約120人日の削減。", 120, "人日"),
        ("3人月の工数。", 3, "人月"),
        ("100回線を整備。", 100, "回線"),
        ("市内100事業者が参加。", 100, "事業者"),
        ("50事業所で導入。", 50, "事業所"),
        ("10個所で設置。", 10, "個所"),
        ("2校舎に整備。", 2, "校舎"),
        ("5件増の25件。", 5, "件"),
        ("2名体制で運用。", 2, "名"),
    ],
)
def test_compound_counting_units(text: str, value: int, unit: str) -> None:
    assert values(text)[0] == (value, unit)


def test_around_the_clock_is_not_a_figure() -> None:
    found, skipped = extract_metrics("24時間365日対応。")
    assert found == [] and [(s.raw, s.reason) for s in skipped] == [("24時間", "number_parts")]


def test_a_year_named_without_its_number_is_not_inherited() -> None:
    found = metrics("令和６年度は約１，２００件（前年度約１，０００件）。")
    assert [(m.value, m.fiscal_year) for m in found] == [(1200, 2024), (1000, None)]
    # 前年度 in the clause itself: the figure after it is not 令和6年度's
    (_, last) = metrics("令和6年度の120件に対し前年度は100件。")
    assert (last.value, last.fiscal_year, last.year_ambiguous) == (100, None, True)
    # a baseline 前年度比 does not count as another year
    assert [m.fiscal_year for m in metrics("令和6年度は前年度比2倍の400件。")] == [2024, 2024]


def test_a_span_ending_in_a_deadline_year_has_no_year() -> None:
    (found,) = metrics("令和5年度から令和7年度までの3年間で300件。")
    assert (found.fiscal_year, found.year_ambiguous) == (None, True)
    # a start year alone stays the figure's year (as the sample has it)
    (start,) = metrics("令和4年度から31ヶ所の窓口で提供。")
    assert start.fiscal_year == 2022


def test_a_time_earlier_in_the_sentence_covers_only_clauses_without_their_own() -> None:
    (_, now) = metrics("令和4年3月末時点で100件だったが、現在は200件。")
    assert (now.value, now.as_of) == (200, None)
    (_, added) = metrics("令和5年3月31日時点で100件、令和5年度中に50件を追加。")
    assert (added.value, added.fiscal_year, added.as_of) == (50, 2023, None)
    # a clause with no time of its own is still covered (as in the sample)
    (_, rate) = metrics("令和5年3月31日時点における,申請件数率は76.28%,交付枚数率は65.0%。")
    assert rate.as_of == "2023-03-31"


@pytest.mark.parametrize(
    "text",
    [
        "令和6年13月末時点で100件。",
        "令和5年2月29日時点で100件。",
        # era year 0: no date, as parse_date says of 令和0年3月31日
        "令和0年3月31日時点で100件。",
        "令和0年3月末時点で100件。",
        "令和0年度末時点で100件。",
    ],
)
def test_an_impossible_as_of_is_null_and_kept_as_an_error(text: str) -> None:
    (found,) = metrics(text)
    assert found.as_of is None
    assert found.as_of_read is not None and found.as_of_read.error


def test_one_per_one_is_a_ratio() -> None:
    found, skipped = extract_metrics("1人1台端末を配備。")
    assert found == []
    assert [(s.raw, s.reason) for s in skipped] == [("1人", "ratio"), ("1台", "ratio")]


def test_one_of_a_thing_followed_by_a_number_is_a_rate() -> None:
    found, skipped = extract_metrics("研修は1回90分、1回2時間の講座も実施。")
    assert found == []
    assert [(s.raw, s.reason) for s in skipped] == [
        ("1回", "ratio"),
        ("90分", "ratio"),
        ("1回", "ratio"),
        ("2時間", "ratio"),
    ]


@pytest.mark.parametrize(
    ("text", "value", "approx"),
    [
        ("前年度比マイナス5%。", -5, False),
        ("前年度比▲ 5%。", -5, False),
        ("前年度比△ 12件。", -12, False),
        ("前年度比▲約5%。", -5, True),
    ],
)
def test_a_sign_set_apart_or_in_words_is_kept(text: str, value: int, approx: bool) -> None:
    (found,) = metrics(text)
    assert (found.value, found.approx) == (value, approx)


def test_a_dash_set_apart_is_not_taken_for_a_sign() -> None:
    found, skipped = extract_metrics("前年度比 - 5%。")
    assert found == [] and [(s.raw, s.reason) for s in skipped] == [("5%", "sign")]
    found, skipped = extract_metrics("3 - 5件。")
    assert found == [] and "sign" not in {s.reason for s in skipped}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("100件を目指す。", "目標"),
        ("利用件数は100件を目標とする。", "利用件数(目標)"),
        ("令和6年度は200件を見込む。", "見込み"),
        ("100件を達成予定。", "見込み"),
        # done as planned: an actual
        ("100件を予定どおり処理。", "予定どおり処理した件"),
    ],
)
def test_a_target_or_forecast_is_labelled_so(text: str, label: str) -> None:
    assert [m.label for m in metrics(text)] == [label]


def test_a_rate_is_not_labelled_as_a_total() -> None:
    (found,) = metrics("1人あたり2時間削減。")
    assert (found.value, found.unit, found.label) == (2, "時間", None)
    assert [m.label for m in metrics("1日あたり約30件。")] == ["1日あたり"]
