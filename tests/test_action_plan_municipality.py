"""The city an action-plan document prints in its sheet titles is its municipality.

Only a title (`架空市アクションプラン(令和4年度)`) or a header line above
the sheet that is the name alone counts: a city named in a body cell
(`柏市明るい選挙推進協議会`) says nothing about the publisher. Two different
cities: null, with a warning.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from dxparse.parsers.action_plan import _municipality, common, parse
from dxparse.parsers.action_plan.common import AnnualSheet, OverallSheet
from dxparse.records import ParseResult
from tests.conftest import AP_PDF, AP_SEED, sample_document


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("架空市アクションプラン全体計画 (令和3~令和7年度)", "架空市"),
        ("架空市アクションプラン(令和４年度)", "架空市"),
        ("千葉県柏市行政改革アクションプラン（令和元年度）", "柏市"),
        ("柏市 行財政改革アクションプラン（令和元年度）", "柏市"),
        ("四日市市アクションプラン(令和元年度)", "四日市市"),
        ("大町市アクションプラン(令和元年度)", "大町市"),
        ("町田市アクションプラン(令和元年度)", "町田市"),
        ("さいたま市アクションプラン(令和元年度)", "さいたま市"),
        ("東京都千代田区アクションプラン(令和元年度)", "千代田区"),
        ("横浜市中区アクションプラン(令和元年度)", "横浜市"),
        ("架空郡架空町アクションプラン全体計画（令和３～令和７年度）", "架空町"),
        ("架空村", "架空村"),
        ("第3次柏市行政改革アクションプラン(令和元年度)", "柏市"),
        ("第三次千葉県架空町アクションプラン(令和元年度)", "架空町"),
        ("アクションプラン全体計画 (平成28~令和2年度)", None),
        ("第2次行政改革アクションプラン(令和元年度)", None),
        ("(単位:千円)", None),
        ("市民課", None),
    ],
)
def test_city_in_title(line: str, name: str | None) -> None:
    found = common.title_city(line)
    assert found.name == name
    assert not found.doubtful


@pytest.mark.parametrize(
    "line",
    [
        "新市庁舎建設アクションプラン(令和元年度)",
        "架空市の市民協働アクションプラン(令和4年度)",
    ],
)
def test_title_that_does_not_read_as_one_city_is_doubtful(line: str) -> None:
    found = common.title_city(line)
    assert found.name is None
    assert found.doubtful


@pytest.mark.parametrize(
    "line",
    [
        "柏市明るい選挙推進協議会",
        "柏市アクションプランに基づき窓口を見直す(令和元年度)",
        "架空市",  # a line alone, read where a body cell may print it
    ],
)
def test_body_text_names_no_city(line: str) -> None:
    assert common.title_city(line, title_only=True) == common.TitleCity()


def test_sample_names_its_city_only_in_body_cells() -> None:
    """柏市 is printed in the sample's cells (柏市明るい選挙推進協議会 …), not its titles."""
    doc = sample_document(AP_PDF)
    assert any("柏市" in line for page in doc.pages for line in page.lines)
    assert parse(doc).municipality is None


def _titled(prefixes: list[str]) -> ParseResult:
    """The seed's text layer with each title line prefixed, in turn, by one of `prefixes`."""
    doc = sample_document(AP_SEED)
    count = 0
    pages = []
    for page in doc.pages:
        lines = []
        for line in page.lines:
            if line.strip().startswith("アクションプラン"):
                line = prefixes[count % len(prefixes)] + line
                count += 1
            lines.append(line)
        pages.append(replace(page, lines=tuple(lines)))
    assert count > 2
    return parse(replace(doc, pages=tuple(pages)))


def test_text_layer_city_in_titles() -> None:
    result = _titled(["架空市"])
    assert result.municipality == "架空市"
    plain = parse(sample_document(AP_SEED))
    assert {k: len(v) for k, v in result.rows.items()} == {k: len(v) for k, v in plain.rows.items()}


def test_two_cities_in_titles_is_null_and_reported() -> None:
    result = _titled(["架空市", "別架空町"])
    assert result.municipality is None
    issues = [i for i in result.issues if i.code == "ambiguous_municipality"]
    assert len(issues) == 1
    assert issues[0].severity == "warning"
    assert issues[0].raw == "別架空町 / 架空市"


def test_doubtful_title_is_reported() -> None:
    result = _titled(["新市庁舎建設"])
    assert result.municipality is None
    assert any(i.code == "municipality_not_read" for i in result.issues)


def test_sheets_of_two_cities() -> None:
    result = ParseResult()
    one = OverallSheet(page=1, cities={"架空市"})
    other = AnnualSheet(page=2, cities={"別架空市"})
    blank = AnnualSheet(page=3)
    assert _municipality([one, blank], result) == "架空市"
    assert result.issues == []
    assert _municipality([one, other, blank], result) is None
    assert [i.code for i in result.issues] == ["ambiguous_municipality"]
