"""What the report shows, read from an OUT folder: the documents, their rows
per dataset, the provenance of each published field and the issues.

Everything is read through the datasets' contract (the Parquet files
`dxparse extract` writes), not through the pipeline: a report of an OUT
written by another version, or on another machine, shows what is there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from dxparse.models import BY_NAME, DATASETS, Document, ExtractionIssue, Provenance

# The datasets whose rows a document page lists (not the bookkeeping ones).
CONTENT_DATASETS: tuple[str, ...] = tuple(
    m.dataset_id
    for m in DATASETS
    if m.dataset_id not in (Document.dataset_id, ExtractionIssue.dataset_id, Provenance.dataset_id)
)


class ReportInputError(Exception):
    """OUT is not an output folder of dxparse extract (one line: the reason)."""


@dataclass(frozen=True, slots=True)
class Place:
    """A box on a page (points, top-left origin, the page as it reads) or
    lines of a text layer."""

    page: int | None
    box: tuple[float, float, float, float] | None = None
    lines: tuple[int, int] | None = None
    # provenance.part: which piece of the value (a value printed in pieces).
    part: int = 1


@dataclass(slots=True)
class Row:
    dataset: str
    key: str
    values: dict[str, Any]
    # field → places, in part order
    places: dict[str, list[Place]] = field(default_factory=dict)
    issues: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class DocumentView:
    document: dict[str, Any]
    rows: dict[str, list[Row]] = field(default_factory=dict)
    issues: list[dict[str, Any]] = field(default_factory=list)

    @property
    def document_id(self) -> str:
        return str(self.document["document_id"])

    def row(self, dataset: str, key: str) -> Row | None:
        for row in self.rows.get(dataset, []):
            if row.key == key:
                return row
        return None


def row_key(dataset: str, values: dict[str, Any]) -> str:
    """The documented key of a row (as provenance.key and extraction_issues.key):
    its primary key without document_id, parts joined by `/`, a null part empty."""
    model = BY_NAME[dataset]
    parts = [values.get(k) for k in model.primary_key if k != "document_id"]
    # A dataset with one row per document (dx_reports): `*`, as provenance writes it.
    return "/".join("" if part is None else str(part) for part in parts) or "*"


def _read(out: Path, dataset: str) -> list[dict[str, Any]]:
    path = out / f"{dataset}.parquet"
    if not path.is_file():
        raise ReportInputError(
            f"{out}: no {path.name} (a folder `dxparse extract` wrote with --format parquet)"
        )
    try:
        return pl.read_parquet(path).to_dicts()
    except Exception as exc:  # polars raises many kinds on a damaged file
        raise ReportInputError(f"{path}: cannot read: {exc}") from exc


def _place(record: dict[str, Any]) -> Place:
    corners = [record.get(k) for k in ("x0", "top", "x1", "bottom")]
    box = None
    if all(isinstance(v, int | float) for v in corners):
        x0, top, x1, bottom = (float(v) for v in corners)  # type: ignore[arg-type]
        box = (x0, top, x1, bottom)
    first, last = record.get("line_first"), record.get("line_last")
    lines = (int(first), int(last)) if isinstance(first, int) and isinstance(last, int) else None
    page = record.get("page")
    part = record.get("part")
    return Place(
        page=page if isinstance(page, int) else None,
        box=box,
        lines=lines,
        part=part if isinstance(part, int) else 1,
    )


def issue_place(issue: dict[str, Any]) -> Place | None:
    place = _place(issue)
    return place if place.box is not None or place.lines is not None else None


def load(out: Path) -> list[DocumentView]:
    """Every document of OUT with its rows, provenance and issues, in the
    order of documents.parquet (the order of the inputs)."""
    if not out.is_dir():
        raise ReportInputError(f"{out}: no such folder")
    views = {d["document_id"]: DocumentView(d) for d in _read(out, Document.dataset_id)}
    index: dict[tuple[str, str, str], Row] = {}
    for dataset in CONTENT_DATASETS:
        for values in _read(out, dataset):
            view = views.get(values.get("document_id"))
            if view is not None:
                row = Row(dataset, row_key(dataset, values), values)
                view.rows.setdefault(dataset, []).append(row)
                index[(view.document_id, dataset, row.key)] = row
    _add_provenance(_read(out, Provenance.dataset_id), index)
    _add_issues(_read(out, ExtractionIssue.dataset_id), views, index)
    return list(views.values())


def _add_provenance(records: list[dict[str, Any]], index: dict[tuple[str, str, str], Row]) -> None:
    """Each field's places, in part order (a row no dataset holds is left out)."""
    order = sorted(
        records, key=lambda p: (p["document_id"], p["dataset"], p["key"], p["field"], p["part"])
    )
    for record in order:
        found = index.get((record["document_id"], record["dataset"], record["key"]))
        if found is not None:
            found.places.setdefault(record["field"], []).append(_place(record))


def _add_issues(
    records: list[dict[str, Any]],
    views: dict[str, DocumentView],
    index: dict[tuple[str, str, str], Row],
) -> None:
    by_document: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for issue in records:
        by_document[issue["document_id"]].append(issue)
    for document_id, issues in by_document.items():
        view = views.get(document_id)
        if view is None:
            continue
        view.issues = sorted(issues, key=lambda i: int(i["issue_no"]))
        for issue in view.issues:
            found = index.get((document_id, str(issue.get("dataset")), str(issue.get("key"))))
            if found is not None:
                found.issues.append(issue)
