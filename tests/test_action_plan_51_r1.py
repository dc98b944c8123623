"""Action-plan sheets of 推進項目51 (令和元年度) against the gold, field by field.

The sample PDF must give every gold row with every field equal and nothing
more. The seed text layer must give every field the gold does not list in
`text_uncertain`; an uncertain field is either right or left null (or its
row left out) with an extraction issue saying so.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from dxparse.parsers.action_plan import parse
from dxparse.records import ParseResult
from tests.conftest import (
    AP_PDF,
    AP_SEED,
    issue_names_row,
    load_gold,
    parsed_sample,
    sample_document,
)

KEYS: dict[str, tuple[str, ...]] = {
    "ap_initiatives": ("initiative_id",),
    "ap_year_plans": ("initiative_id", "fiscal_year"),
    "ap_indicator_values": ("initiative_id", "period", "fiscal_year", "series"),
    "ap_fiscal_effects": ("initiative_id", "period", "fiscal_year", "category", "series"),
    "ap_tasks": ("initiative_id", "task_no"),
    "ap_reviews": ("initiative_id",),
}
PAGE_FIELDS = frozenset({"page", "page_overall", "page_annual"})
# Fields that describe a row rather than being its value.
CONTEXT_FIELDS = frozenset({"edition_fiscal_year", "unit"})
# Columns the pipeline adds to every row (the parser gives `result.municipality`).
ADDED_BY_PIPELINE = frozenset({"document_id", "municipality_code", "municipality"})
# Where a text layer can say nothing about pages, these may be null.
Key = tuple[Any, ...]


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def by_key(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[Key, dict[str, Any]]:
    out: dict[Key, dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[k] for k in keys)
        assert key not in out, f"duplicate row {key}"
        out[key] = {name: plain(value) for name, value in row.items()}
    return out


def parsed(path: Path) -> ParseResult:
    """The document parsed once per session (shared: do not change it)."""
    return parsed_sample(path)


def gold_key(text: str) -> Key:
    """The gold's `text_uncertain` keys print numbers as floats: `(51001.0, 4.0)`."""
    value = ast.literal_eval(text) if text.startswith("(") else (text,)
    out: list[Any] = []
    for part in value:
        if isinstance(part, float) and part.is_integer():
            part = int(part)
        out.append(part)
    return tuple(out)


def uncertain(gold: dict[str, Any]) -> set[tuple[str, Key, str]]:
    out = set()
    for item in gold["text_uncertain"]:
        key = gold_key(item["key"])
        # The initiative id is text in the rows.
        key = (str(key[0]), *key[1:])
        out.add((item["dataset"], key, item["field"]))
    return out


def compare_exact(result: ParseResult, gold: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for dataset, keys in KEYS.items():
        want = by_key(gold.get(dataset, []), keys)
        got = by_key(result.rows.get(dataset, []), keys)
        problems += [f"{dataset} missing {key}" for key in want.keys() - got.keys()]
        problems += [f"{dataset} extra {key}" for key in got.keys() - want.keys()]
        for key in want.keys() & got.keys():
            for name, value in want[key].items():
                if name in ADDED_BY_PIPELINE:
                    continue
                if got[key].get(name) != value:
                    problems.append(f"{dataset} {key} {name}: {got[key].get(name)!r} ≠ {value!r}")
    return problems


def test_pdf_matches_gold_exactly() -> None:
    result = parsed(AP_PDF)
    gold = load_gold("action_plan_51_r1.json")
    assert compare_exact(result, gold) == []


def test_pdf_has_no_errors_and_no_municipality_guess() -> None:
    result = parsed(AP_PDF)
    assert [i for i in result.issues if i.severity == "error"] == []
    assert result.municipality is None


def reported(result: ParseResult, dataset: str, key: Key, field: str | None = None) -> bool:
    """An issue names this row (and field) of the dataset: a null left on purpose."""
    return any(issue_names_row(issue, dataset, key, field) for issue in result.issues)


def test_text_layer_matches_gold_where_it_can() -> None:
    result = parsed(AP_SEED)
    gold = load_gold("action_plan_51_r1.json")
    unsure = uncertain(gold)
    problems: list[str] = []
    for dataset, keys in KEYS.items():
        want = by_key(gold.get(dataset, []), keys)
        got = by_key(result.rows.get(dataset, []), keys)
        for key, row in want.items():
            fields = [name for name in row if name not in keys and name != "document_id"]
            if key not in got:
                # A row may be left out only when every value of it is uncertain.
                values = [name for name in fields if name not in PAGE_FIELDS | CONTEXT_FIELDS]
                if not all((dataset, key, name) in unsure for name in values):
                    problems.append(f"{dataset} missing {key}")
                elif not reported(result, dataset, key):
                    problems.append(f"{dataset} {key} left out without an issue")
                continue
            for name in fields:
                have, value = got[key].get(name), row[name]
                if name in PAGE_FIELDS and have is None:
                    continue
                if (dataset, key, name) in unsure:
                    if have is None and value is not None:
                        # The row, not the field: the text path's ap_tasks issue names
                        # q1 for the four quarters it leaves null.
                        if not reported(result, dataset, key):
                            problems.append(f"{dataset} {key} {name}: null without an issue")
                    elif have != value:
                        problems.append(f"{dataset} {key} {name}: {have!r} ≠ {value!r} (wrong)")
                elif have != value:
                    problems.append(f"{dataset} {key} {name}: {have!r} ≠ {value!r}")
        for key in got.keys() - want.keys():
            problems.append(f"{dataset} extra {key}")
    assert problems == []


def test_text_layer_is_ok_document() -> None:
    """Nulls on the text path are warnings: the seed still comes out `ok`."""
    result = parsed(AP_SEED)
    assert [i for i in result.issues if i.severity == "error"] == []
    assert any(i.code == "ambiguous_alignment" for i in result.issues)


@pytest.mark.parametrize("name", ["ap_initiatives", "ap_reviews"])
def test_both_paths_find_every_initiative(name: str) -> None:
    ids = {row["initiative_id"] for row in load_gold("action_plan_51_r1.json")[name]}
    for path in (AP_PDF, AP_SEED):
        assert {row["initiative_id"] for row in parsed(path).rows.get(name, [])} == ids


_ROW_KEYS = {
    "ap_initiatives": ("initiative_id",),
    "ap_reviews": ("initiative_id",),
    "ap_year_plans": ("initiative_id", "fiscal_year"),
    "ap_tasks": ("initiative_id", "task_no"),
}


def test_text_in_reading_order_is_read_by_content_not_misread() -> None:
    """pdfplumber's reading-order text of the sample: rows on one line, labels
    glued to values (`作成日H31.4.1`), wrapped cells spliced into their
    neighbours. The seed-layout reader refuses it; the content reader reads
    what the text settles, and every value it publishes is the gold's."""
    from dxparse.document import Page, SourceDocument

    pdf = sample_document(AP_PDF)
    doc = SourceDocument(
        path="reading_order.txt",
        source_file="reading_order.txt",
        document_id="0" * 64,
        media_type="text/plain",
        pages=tuple(Page(number=page.number, lines=page.lines) for page in pdf.pages),
        page_count=len(pdf.pages),
    )
    result = parse(doc)
    gold = load_gold("action_plan_51_r1.json")
    published = 0
    for dataset, key in _ROW_KEYS.items():
        expected = {tuple(row[k] for k in key): row for row in gold[dataset]}
        for row in result.rows.get(dataset, []):
            want = expected[tuple(row[k] for k in key)]
            for name, value in row.items():
                if name.startswith("_") or name == "page" or value is None:
                    continue
                published += 1
                assert str(value) == str(want[name]), (dataset, row["initiative_id"], name)
    ids = {row["initiative_id"] for row in gold["ap_initiatives"]}
    assert {row["initiative_id"] for row in result.rows["ap_initiatives"]} == ids
    assert published > 100
    # Wrapped text it cannot settle is reported, never guessed.
    assert any(issue.code == "ambiguous_alignment" for issue in result.issues)
