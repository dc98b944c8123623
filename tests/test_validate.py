"""Validation: bad values nulled and reported, unknown labels kept and warned."""

from __future__ import annotations

from dxparse.records import ParseResult
from dxparse.validate import DocumentContext, validate

CONTEXT = DocumentContext("b" * 64, "122173", "柏市")


def _measure(**fields: object) -> dict[str, object]:
    return {"row_no": 1, "page": 3, "measure": "オープンデータ公開", "status": "提供中", **fields}


def test_good_row_gets_the_document_columns() -> None:
    parsed = ParseResult(rows={"dx_measures": [_measure()]})
    out = validate(parsed, CONTEXT)
    record = out.records["dx_measures"][0]
    assert (record.municipality_code, record.municipality, record.document_id) == (
        "122173",
        "柏市",
        "b" * 64,
    )
    assert out.issues == []


def test_unknown_label_is_kept_and_warned() -> None:
    out = validate(ParseResult(rows={"dx_measures": [_measure(status="一部提供中")]}), CONTEXT)
    assert out.records["dx_measures"][0].status == "一部提供中"  # type: ignore[attr-defined]
    [issue] = out.issues
    assert (issue.code, issue.severity, issue.field, issue.key, issue.raw) == (
        "unknown_label",
        "warning",
        "status",
        "1",
        "一部提供中",
    )


def test_invalid_value_is_nulled_and_reported() -> None:
    out = validate(
        ParseResult(
            rows={"dx_measures": [_measure(outlook_category="開始", outlook_fiscal_year=99)]}
        ),
        CONTEXT,
    )
    assert out.records["dx_measures"][0].outlook_fiscal_year is None  # type: ignore[attr-defined]
    assert [(i.code, i.severity, i.field) for i in out.issues] == [
        ("invalid_value", "error", "outlook_fiscal_year")
    ]


def test_cross_field_rule_nulls_its_fields() -> None:
    row = _measure(outlook="維持", outlook_category="維持", outlook_fiscal_year=2023)
    out = validate(ParseResult(rows={"dx_measures": [row]}), CONTEXT)
    assert out.records["dx_measures"][0].outlook_fiscal_year is None  # type: ignore[attr-defined]
    assert [(i.code, i.field) for i in out.issues] == [
        ("inconsistent_values", "outlook_fiscal_year")
    ]


def test_cross_field_rule_on_a_required_field_drops_the_row() -> None:
    effect = {
        "edition_fiscal_year": 2019,
        "initiative_id": "51001",
        "page": 1,
        "period": "final",
        "fiscal_year": 2020,
        "category": "total",
        "series": "actual",
        "amount": 0,
    }
    out = validate(ParseResult(rows={"ap_fiscal_effects": [effect]}), CONTEXT)
    assert out.records["ap_fiscal_effects"] == []
    assert [(i.code, i.severity) for i in out.issues] == [("inconsistent_row", "error")]


def test_row_missing_a_required_field_is_dropped_and_reported() -> None:
    out = validate(ParseResult(rows={"dx_measures": [{"page": 3}]}), CONTEXT)
    assert out.records["dx_measures"] == []
    assert {(i.code, i.field) for i in out.issues} == {("invalid_row", "row_no")}
