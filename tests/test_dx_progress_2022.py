"""The DX progress report parser against the gold records, field by field.

The sample PDF must give every gold row with every field equal (the
metric `label` is free text and only reported). The seed text layer must
give every field the gold does not list in `text_uncertain`; an uncertain
field is either equal or null with an extraction issue for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dxparse.parsers.dx import parse
from dxparse.parsers.dx.pdf import header_columns
from dxparse.read import read_document
from dxparse.records import ParseResult
from tests.conftest import (
    DX_PDF,
    DX_SEED,
    issue_names_row,
    load_gold,
    parsed_sample,
    sample_document,
)

GOLD = load_gold("dx_progress_2022.json")
ADDED_BY_PIPELINE = {"document_id", "municipality_code", "municipality"}
FREE_TEXT = {"label"}


@pytest.fixture
def pdf_result() -> ParseResult:
    return parsed_sample(DX_PDF)


@pytest.fixture
def text_result() -> ParseResult:
    return parsed_sample(DX_SEED)


def plain(value: Any) -> Any:
    """A row value as the gold JSON writes it."""
    return value.isoformat() if isinstance(value, dt.date) else value


def key_of(dataset: str, row: dict[str, Any]) -> str:
    if dataset == "dx_metrics":
        return f"{row['row_no']}/{row['metric_no']}"
    return str(row.get("row_no", "SEED"))


def row_key(dataset: str, row: dict[str, Any]) -> tuple[Any, ...]:
    """The row's key without document_id (dx_reports: one row per document)."""
    names = {"dx_measures": ("row_no",), "dx_metrics": ("row_no", "metric_no")}
    return tuple(row[name] for name in names.get(dataset, ()))


def key_matches(pattern: str, key: str) -> bool:
    """`*`, `1..3`, `5,6`, `36/1,36/2`, `30, 33` (a row number covers its metrics)."""
    if pattern in ("*", "SEED"):
        return True
    row = key.split("/")[0]
    for part in (p.strip() for p in pattern.split(",")):
        if ".." in part:
            low, high = (int(x) for x in part.split(".."))
            if low <= int(row) <= high:
                return True
        elif part in (key, row):
            return True
    return False


def uncertain(dataset: str, key: str, field: str) -> bool:
    return any(
        u["dataset"] == dataset and u["field"] == field and key_matches(u["key"], key)
        for u in GOLD["text_uncertain"]
    )


def compare(
    result: ParseResult, dataset: str, allow: Callable[[str, str], bool]
) -> tuple[int, list[str]]:
    """Fields compared and the mismatches (`allow(key, field)` lets a field
    be null when an issue names that row and field)."""
    got, want = result.rows.get(dataset, []), GOLD[dataset]
    assert len(got) == len(want), f"{dataset}: {len(got)} rows, gold has {len(want)}"
    compared, wrong = 0, []
    for row, gold in zip(got, want, strict=True):
        key = key_of(dataset, gold)
        for field, expected in gold.items():
            if field in ADDED_BY_PIPELINE or field in FREE_TEXT:
                continue
            compared += 1
            value = plain(row.get(field))
            if value == expected:
                continue
            if (
                allow(key, field)
                and value is None
                and any(
                    issue_names_row(issue, dataset, row_key(dataset, gold), field)
                    for issue in result.issues
                )
            ):
                continue
            wrong.append(f"{dataset} {key} {field}: {value!r} != {expected!r}")
    return compared, wrong


@pytest.mark.parametrize("dataset", ["dx_reports", "dx_measures", "dx_metrics"])
def test_pdf_equals_gold(pdf_result: ParseResult, dataset: str) -> None:
    compared, wrong = compare(pdf_result, dataset, lambda key, field: False)
    assert compared > 0
    assert wrong == []


@pytest.mark.parametrize("dataset", ["dx_reports", "dx_measures", "dx_metrics"])
def test_text_equals_gold_where_certain(text_result: ParseResult, dataset: str) -> None:
    compared, wrong = compare(
        text_result, dataset, lambda key, field: uncertain(dataset, key, field)
    )
    assert compared > 0
    assert wrong == []


def test_a_null_is_excused_only_by_an_issue_naming_its_row(text_result: ParseResult) -> None:
    """The seed's one page issue (key `*`) moved to row 1: the other rows'
    null pages are no longer explained, though an issue still names the field."""
    moved = [replace(i, key="1") if i.code == "page_unknown" else i for i in text_result.issues]
    result = ParseResult(rows=text_result.rows, issues=moved)
    _, wrong = compare(
        result, "dx_measures", lambda key, field: uncertain("dx_measures", key, field)
    )
    rows = len(text_result.rows["dx_measures"])
    assert len(wrong) == rows - 1
    assert all(" page: None != " in line for line in wrong)


def test_text_pages_are_left_empty_and_reported(text_result: ParseResult) -> None:
    # The seed has no form feeds: pages would be a guess.
    assert all(row["page"] is None for row in text_result.rows["dx_measures"])
    assert any(i.dataset == "dx_measures" and i.field == "page" for i in text_result.issues)


@pytest.mark.parametrize("fixture", ["pdf_result", "text_result"])
def test_publisher_names_the_municipality(fixture: str, request: pytest.FixtureRequest) -> None:
    result: ParseResult = request.getfixturevalue(fixture)
    assert result.municipality == "柏市"


def test_pdf_reports_no_issue(pdf_result: ParseResult) -> None:
    assert pdf_result.issues == []


def test_pdf_metric_labels_mostly_match(pdf_result: ParseResult) -> None:
    """Labels are free text; most short ones (`総受付件数`) come out as printed."""
    got = [row["label"] for row in pdf_result.rows["dx_metrics"]]
    want = [row["label"] for row in GOLD["dx_metrics"]]
    same = sum(a == b for a, b in zip(got, want, strict=True))
    assert all(got)
    assert same >= len(want) // 2


def test_table_finder_sees_each_progress_table_with_its_header() -> None:
    """read.TABLE_SETTINGS on the sample: pages 3-9 carry one ruled progress
    table each, its header row found; the cover and message pages none."""
    doc = sample_document(DX_PDF)
    found = {
        page.number: sum(header_columns(page, table) is not None for table in page.tables)
        for page in doc.pages
    }
    assert found == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1}


def test_text_with_page_breaks_gives_the_gold_pages_too(tmp_path: Path) -> None:
    """The seed with a form feed before the message and before each page
    heading (the pages the gold infers): every field, page included."""
    lines = DX_SEED.read_text("utf-8").split("\n")
    starts_page = ("市⻑メッセージ", "の実現に向けた進捗状況")
    paged = "\n".join(
        ("\f" + line) if any(s in line for s in starts_page) else line for line in lines
    )
    path = tmp_path / "paged.txt"
    path.write_text(paged, "utf-8")
    result = parse(read_document(path))
    for dataset in ("dx_reports", "dx_measures", "dx_metrics"):
        compared, wrong = compare(result, dataset, lambda key, field: False)
        assert compared > 0
        assert wrong == []
