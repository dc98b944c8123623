"""Numbers as printed: separators, decimals, negatives, 約, units."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxparse.utils.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("0", 0, None, False),
        ("１，０００", 1000, None, False),
        ("101,500", 101500, None, False),
        ("約３３，０００件", 33000, "件", True),
        ("△1,200", -1200, None, False),
        ("▲５", -5, None, False),
        ("－５", -5, None, False),
        ("７６．２８％", 76.28, "%", False),
        ("12.5 %", 12.5, "%", False),
        ("２３３名", 233, "名", False),
    ],
)
def test_numbers(text: str, value: float, unit: str | None, approx: bool) -> None:
    parsed = parse_number(text)
    assert parsed is not None and parsed.error is None
    assert parsed.value == value and type(parsed.value) is type(value)
    assert parsed.unit == unit and parsed.approx == approx


@pytest.mark.parametrize("text", ["1O", "2l", "1０O", "3 I"])
def test_a_letter_for_a_digit_is_an_error_not_a_unit(text: str) -> None:
    parsed = parse_number(text)
    assert parsed is not None and parsed.value is None and parsed.error


def test_blank_is_absent_and_garbage_is_an_error() -> None:
    assert parse_number("  ") is None
    bad = parse_number("１２a３")
    assert bad is not None and bad.value is None and bad.error and bad.raw == "１２a３"


@given(st.integers(-(10**9), 10**9))
def test_thousands_roundtrip(n: int) -> None:
    text = ("△" if n < 0 else "") + f"{abs(n):,}"
    parsed = parse_number(text)
    assert parsed is not None and parsed.value == n


@given(st.text(max_size=30))
def test_never_raises(text: str) -> None:
    parse_number(text)


def test_a_negative_zero_is_zero() -> None:
    parsed = parse_number("△0.0")
    assert parsed is not None and str(parsed.value) == "0.0"
