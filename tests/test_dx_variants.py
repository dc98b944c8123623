"""The DX parser on report variants it was not written against.

Each `tests/variants/dx/<name>.pdf` comes with `<name>.json`: the expected
rows (same format as the gold), built from the same data that printed the
PDF (tools/variants/dx/build.py). Reports and measures must be equal field
by field. Metrics: every expected figure must be found in its row with the
same value, unit, approx, fiscal_year and as_of; the builder writes a
figure's `text` as the shortest phrase around it while the parser keeps the
clause (the gold's convention, e.g. `令和4年12月から11拠点で提供`), so the
expected text must lie inside the parsed one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from dxparse.records import ParseResult
from tests.conftest import missing_variants, parsed_sample, variant_names

VARIANTS = Path(__file__).resolve().parent / "variants" / "dx"
NAMES = variant_names("dx")  # as the README lists them: one missing fails, not skipped
ADDED_BY_PIPELINE = {"document_id", "municipality_code", "municipality"}
METRIC_EXACT = ("value", "unit", "approx", "fiscal_year", "as_of")


def test_the_corpus_is_complete() -> None:
    assert missing_variants("dx") == []
    assert len(NAMES) >= 11


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def load(name: str) -> tuple[ParseResult, dict[str, Any]]:
    expected: dict[str, Any] = json.loads((VARIANTS / f"{name}.json").read_text("utf-8"))
    return parsed_sample(VARIANTS / f"{name}.pdf"), expected


@pytest.fixture(scope="module", params=NAMES)
def variant(request: pytest.FixtureRequest) -> tuple[str, ParseResult, dict[str, Any]]:
    name: str = request.param
    return (name, *load(name))


def mismatches(got: list[dict[str, Any]], want: list[dict[str, Any]], dataset: str) -> list[str]:
    if len(got) != len(want):
        return [f"{dataset}: {len(got)} rows, expected {len(want)}"]
    wrong = []
    for n, (row, exp) in enumerate(zip(got, want, strict=True), start=1):
        for field, value in exp.items():
            if field not in ADDED_BY_PIPELINE and plain(row.get(field)) != value:
                wrong.append(f"{dataset} {n} {field}: {row.get(field)!r} != {value!r}")
    return wrong


def test_report_and_municipality(variant: tuple[str, ParseResult, dict[str, Any]]) -> None:
    _, result, expected = variant
    assert mismatches(result.rows["dx_reports"], expected["dx_reports"], "dx_reports") == []
    assert result.municipality == expected["dx_reports"][0]["municipality"]


def test_measures(variant: tuple[str, ParseResult, dict[str, Any]]) -> None:
    _, result, expected = variant
    wrong = mismatches(result.rows["dx_measures"], expected["dx_measures"], "dx_measures")
    assert wrong == []


def test_metrics(variant: tuple[str, ParseResult, dict[str, Any]]) -> None:
    name, result, expected = variant
    got = [{k: plain(v) for k, v in row.items()} for row in result.rows.get("dx_metrics", [])]
    unmatched = list(got)
    wrong = []
    for exp in expected["dx_metrics"]:
        same_row = [m for m in unmatched if m["row_no"] == exp["row_no"]]
        found = next(
            (m for m in same_row if (m["value"], m["unit"]) == (exp["value"], exp["unit"])), None
        )
        if found is None:
            wrong.append(f"missing {exp['row_no']}/{exp['metric_no']} {exp['text']}")
            continue
        unmatched.remove(found)
        for field in METRIC_EXACT:
            if found[field] != exp[field]:
                wrong.append(f"{exp['row_no']} {exp['text']} {field}: {found[field]!r}")
        if exp["text"] not in found["text"]:
            wrong.append(f"{exp['row_no']} text {found['text']!r} lacks {exp['text']!r}")
    assert wrong == []
    assert unmatched == [], f"{name}: figures the variant does not list"
