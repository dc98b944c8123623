"""和暦 dates and fiscal years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxparse.normalise import normalize_text
from dxparse.utils.wareki import (
    ERAS,
    parse_date,
    parse_fiscal_range,
    parse_fiscal_year,
    parse_year_month,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H31.4.1", dt.date(2019, 4, 1)),
        ("R2.3.31", dt.date(2020, 3, 31)),
        ("R3.3.31", dt.date(2021, 3, 31)),
        ("令和５年３月３１日", dt.date(2023, 3, 31)),
        ("令和元年５月１日", dt.date(2019, 5, 1)),
        ("平成２８年１１月１日", dt.date(2016, 11, 1)),
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("2023年3月31日", dt.date(2023, 3, 31)),
        ("作成日H31.4.1", dt.date(2019, 4, 1)),
    ],
)
def test_dates(text: str, expected: dt.date) -> None:
    parsed = parse_date(normalize_text(text))
    assert parsed is not None and parsed.value == expected and parsed.error is None
    assert parsed.warning is None


def test_out_of_era_date_is_a_warning_with_the_date_it_means() -> None:
    parsed = parse_date("H31.5.1")
    assert parsed is not None
    assert parsed.value == dt.date(2019, 5, 1)
    assert parsed.warning is not None and "2019-05-01" in parsed.warning


@pytest.mark.parametrize("text", ["R2.2.30", "H31.13.1", "令和5年4月31日", "R0.4.1"])
def test_impossible_date_is_an_error_keeping_raw(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.value is None
    assert parsed.error is not None and parsed.raw == text


def test_no_date() -> None:
    assert parse_date("利用率") is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("令和元年度", 2019),
        ("令和４年度中", 2022),
        ("平成27年度", 2015),
        ("H28", 2016),
        ("Ｒ１", 2019),
        ("2022年度進捗報告", 2022),
        ("平成２７年度当初予算（基準）", 2015),
    ],
)
def test_fiscal_years(text: str, year: int) -> None:
    assert parse_fiscal_year(normalize_text(text)) == year


def test_strict_fiscal_year_needs_nendo() -> None:
    assert parse_fiscal_year("令和5年2月から", strict=True) is None
    assert parse_fiscal_year("令和5年度開始", strict=True) == 2023


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("H28 ～ Ｒ１", (2016, 2019)),
        ("アクションプラン全体計画　（平成２８～令和２年度）", (2016, 2020)),
        ("平成２８～３０年度", (2016, 2018)),
        ("R1~R3", (2019, 2021)),
    ],
)
def test_fiscal_ranges(text: str, span: tuple[int, int]) -> None:
    assert parse_fiscal_range(normalize_text(text)) == span


@pytest.mark.parametrize(
    ("text", "ym"),
    [("2023.5", "2023-05"), ("令和5年2月から", "2023-02"), ("2024年10月", "2024-10")],
)
def test_year_months(text: str, ym: str) -> None:
    assert parse_year_month(text) == ym


@given(st.sampled_from(ERAS), st.integers(1, 40), st.integers(1, 12), st.integers(1, 31))
def test_era_dates_roundtrip_or_error(era: object, year: int, month: int, day: int) -> None:
    from dxparse.utils.wareki import Era

    assert isinstance(era, Era)
    parsed = parse_date(f"{era.letter}{year}.{month}.{day}")
    assert parsed is not None
    try:
        expected = dt.date(era.year(year), month, day)
    except ValueError:
        assert parsed.value is None and parsed.error
        return
    assert parsed.value == expected
    inside = era.start <= expected and (era.end is None or expected <= era.end)
    assert (parsed.warning is None) == inside


@given(st.text(max_size=40))
def test_parsers_never_raise(text: str) -> None:
    parse_date(text)
    parse_fiscal_year(text)
    parse_fiscal_range(text)
    parse_year_month(text)


def test_a_day_running_on_into_more_digits_is_no_date() -> None:
    assert parse_date("R6.4.123") is None
    parsed = parse_date("R6.4.12")
    assert parsed is not None and parsed.value == dt.date(2024, 4, 12)
