"""Action-plan PDFs that print something the parser drops (issue 11, §1).

Every rule of the PDF path that leaves printed content out (a grid column
whose header is no one fiscal year, a value over two columns, a 年度 row or
an amount row not read, a series printed twice, grids with no 最終値
header, a ruled table that is neither sheet, a page with the labels but no
ruling) must say so with an error whose box holds what was lost; text no
rule reads at all (a note beside the sheet, ○ on a row with no task) is the
coverage ledger's `unread_text`. Either way the document is `partial`, and
what is published is still right: every value equals the unchanged
document's. The PDFs are made by tools/variants/ap/losses.py (variant 1's
first initiative, one change each).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from dxparse.models import ExtractionIssue, Provenance
from dxparse.normalise import normalize_text
from dxparse.pipeline import DocumentOutcome, Options, process_document
from dxparse.read import read_document
from dxparse.validate import _row_key
from tests.test_action_plan_51_r1 import KEYS

FOLDER = Path(__file__).resolve().parent / "variants" / "ap_loss"
PDFS = sorted(FOLDER.glob("*.pdf"))
AP = ("ap_initiatives", "ap_year_plans", "ap_indicator_values", "ap_fiscal_effects")
AP_ALL = (*AP, "ap_tasks", "ap_reviews")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _compact(text: str) -> str:
    return "".join(normalize_text(text).split())


@pytest.fixture(scope="module", params=PDFS, ids=[p.stem for p in PDFS])
def case(request: pytest.FixtureRequest) -> tuple[Path, dict[str, Any], DocumentOutcome]:
    pdf: Path = request.param
    data = json.loads(pdf.with_suffix(".json").read_text("utf-8"))
    return pdf, data, process_document(pdf, Options())


def test_the_corpus_is_complete() -> None:
    assert len(PDFS) >= 10
    assert all(p.with_suffix(".json").is_file() for p in PDFS)
    listed = (FOLDER / "README.md").read_text("utf-8")
    assert all(f"| {p.stem} |" in listed for p in PDFS)


def test_the_document_is_partial_with_an_error_that_names_what_was_lost(
    case: tuple[Path, dict[str, Any], DocumentOutcome],
) -> None:
    pdf, data, outcome = case
    lost = data["lost"]
    assert outcome.document.status == "partial"
    issues = [i for i in outcome.records["extraction_issues"] if isinstance(i, ExtractionIssue)]
    named = [
        i
        for i in issues
        if i.code == lost["code"] and i.severity == "error" and i.page == lost["page"]
    ]
    assert named, f"no {lost['code']} error on page {lost['page']}"
    (page,) = [p for p in read_document(pdf).pages if p.number == lost["page"]]

    def held(issue: ExtractionIssue) -> str:
        assert None not in (issue.x0, issue.top, issue.x1, issue.bottom)
        return _compact(
            "".join(
                c.text
                for c in page.chars
                if issue.x0 - 1 <= c.box.cx <= issue.x1 + 1  # type: ignore[operator]
                and issue.top - 1 <= c.box.cy <= issue.bottom + 1  # type: ignore[operator]
            )
        )

    for text in lost["texts"]:
        assert any(_compact(text) in held(i) for i in named), f"no error's box holds {text!r}"


def test_what_is_published_is_right(case: tuple[Path, dict[str, Any], DocumentOutcome]) -> None:
    """Nothing lost comes back as a wrong value: every published row is a row
    of the unchanged document, every field as it has it."""
    _, data, outcome = case
    wrong: list[str] = []
    for dataset in AP_ALL:
        keys = KEYS[dataset]
        want = {tuple(row[k] for k in keys): row for row in data["expected"].get(dataset, [])}
        for record in outcome.records.get(dataset, []):
            row = {k: _plain(v) for k, v in record.model_dump().items()}
            key = tuple(row[k] for k in keys)
            if key not in want:
                wrong.append(f"{dataset} {key}: not in the document")
                continue
            wrong += [
                f"{dataset} {key} {name}: {row[name]!r} (printed {value!r})"
                for name, value in want[key].items()
                if row.get(name) is not None and row[name] != value
            ]
    assert wrong == []


def test_the_unchanged_values_are_still_read(
    case: tuple[Path, dict[str, Any], DocumentOutcome],
) -> None:
    """A loss costs what it touches, not the sheet. Where the single-year sheet
    is lost, the edition (its year) is too, and no row can be keyed: each row
    is dropped with an error of its own."""
    _, data, outcome = case
    counts = {d: len(outcome.records.get(d, [])) for d in AP_ALL}
    expected = {d: len(data["expected"].get(d, [])) for d in AP_ALL}
    if data["lost"]["sheet_lost"]:
        dropped = [
            i
            for i in outcome.records["extraction_issues"]
            if isinstance(i, ExtractionIssue) and i.code == "invalid_row"
        ]
        assert sum(counts.values()) == 0
        assert len(dropped) == sum(expected[d] for d in AP)
    else:
        for dataset in ("ap_initiatives", "ap_tasks", "ap_reviews"):
            assert counts[dataset] == expected[dataset]
        assert counts["ap_year_plans"] >= expected["ap_year_plans"] - 1


SHEETS = [
    *sorted((FOLDER.parent / "ap").glob("*.pdf")),
    *sorted((FOLDER.parent.parent / "generated").glob("ap_*.pdf")),
    FOLDER.parent.parent.parent / "samples" / "action_plan_51_r1.pdf",
]
# Columns the pipeline derives or adds: printed nowhere as such.
NOT_PRINTED = frozenset(
    {"document_id", "municipality_code", "municipality", "page", "page_overall", "page_annual"}
    | {"period_key", "is_total"}
)


def test_the_sheets_are_all_there() -> None:
    assert sum(p.parent.name == "ap" for p in SHEETS) >= 11
    assert sum(p.parent.name == "generated" for p in SHEETS) >= 20
    assert SHEETS[-1].is_file()


@pytest.mark.parametrize("pdf", SHEETS, ids=[p.stem for p in SHEETS])
def test_every_character_of_the_sheets_is_accounted_for(pdf: Path) -> None:
    """The variants, the generated workbooks and the sample under the ledger:
    every character read, furniture or reported; every published value with
    the place it was read."""
    outcome = process_document(pdf, Options())
    issues = [i for i in outcome.records["extraction_issues"] if isinstance(i, ExtractionIssue)]
    assert [i.raw for i in issues if i.code == "unread_text"] == []
    assert outcome.document.status == "ok"
    total, used = outcome.document.chars_total, outcome.document.chars_used
    assert total is not None and used is not None and 0 < used <= total
    # What is not used is reported, each piece with its box (a 計画変更 comment).
    assert used == total or any(i.code == "not_published" and i.x0 is not None for i in issues)
    placed = {
        (p.dataset, p.key, p.field)
        for p in outcome.records.get("provenance", [])
        if isinstance(p, Provenance)
    }
    unplaced = [
        (dataset, name)
        for dataset in AP_ALL
        for record in outcome.records.get(dataset, [])
        for name, value in record.model_dump().items()
        if name not in NOT_PRINTED
        and value is not None
        and value is not False  # a quarter with no ○, a kind not ticked: nothing printed
        and (dataset, _row_key(type(record), record.model_dump()), name) not in placed
    ]
    assert unplaced == []
