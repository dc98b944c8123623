"""Field-level regression checks: re-extract documents, compare to expected.

Expected outputs live beside the samples as `expected/<document name>/`
(the files `extract` writes), or come as one hand-labelled JSON object
(dataset → list of rows, like the gold files). Rows are matched by primary
key, then compared field by field.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from dxparse.models import BY_NAME, DATASETS, Record

EXPECTED_DIR = "expected"
Value = Any
Key = tuple[Value, ...]


@dataclass(slots=True)
class DatasetSummary:
    dataset: str
    rows_expected: int = 0
    rows_found: int = 0
    rows_extra: int = 0
    fields_equal: int = 0
    fields_changed: int = 0
    fields_missing: int = 0


@dataclass(frozen=True, slots=True)
class Difference:
    document: str
    dataset: str
    key: str
    field: str
    expected: Value
    got: Value
    kind: str  # changed | missing_row | extra_row

    def line(self) -> str:
        where = f"{self.document} {self.dataset} {self.key}"
        if self.kind == "missing_row":
            return f"{where}: row missing"
        if self.kind == "extra_row":
            return f"{where}: extra row"
        return f"{where} {self.field}: {_show(self.expected)} → {_show(self.got)}"


@dataclass(slots=True)
class Comparison:
    summaries: dict[str, DatasetSummary] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def summary(self, dataset: str) -> DatasetSummary:
        return self.summaries.setdefault(dataset, DatasetSummary(dataset))

    def accuracy(self) -> float | None:
        fields = [
            (s.fields_equal, s.fields_equal + s.fields_changed + s.fields_missing)
            for s in self.summaries.values()
        ]
        total = sum(t for _, t in fields)
        return sum(e for e, _ in fields) / total if total else None

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "field_accuracy": self.accuracy(),
            "datasets": [asdict(s) for s in self.summaries.values()],
            "differences": [{k: _plain(v) for k, v in asdict(d).items()} for d in self.differences],
        }


def _show(value: Value) -> str:
    return "null" if value is None else json.dumps(_plain(value), ensure_ascii=False)


def _plain(value: Value) -> Value:
    """A JSON-comparable form: ISO dates, integral floats as ints."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return int(value)
    return value


def _key_text(key: Key) -> str:
    # documents and dx_reports are keyed by document_id alone: one row each.
    return "/".join("" if v is None else str(v) for v in key) or "(row)"


def _key_columns(dataset: str) -> tuple[str, ...]:
    return tuple(k for k in BY_NAME[dataset].primary_key if k != "document_id")


def rows_from_records(records: Sequence[Record]) -> list[dict[str, Value]]:
    return [{k: _plain(v) for k, v in r.model_dump().items()} for r in records]


def rows_from_parquet(path: Path) -> list[dict[str, Value]]:
    return [{k: _plain(v) for k, v in row.items()} for row in pl.read_parquet(path).to_dicts()]


def compare_dataset(
    comparison: Comparison,
    document: str,
    dataset: str,
    expected: Sequence[Mapping[str, Value]],
    got: Sequence[Mapping[str, Value]],
    *,
    only_given_fields: bool = False,
) -> None:
    """Match rows by key and compare fields; record into `comparison`."""
    keys = _key_columns(dataset)
    summary = comparison.summary(dataset)
    got_by_key = {tuple(_plain(r.get(k)) for k in keys): r for r in got}
    seen: set[Key] = set()
    ignored = {"document_id"}
    for row in expected:
        key = tuple(_plain(row.get(k)) for k in keys)
        key_text = _key_text(key)
        fields = [f for f in row if f not in ignored and f not in keys]
        if not only_given_fields:
            fields = [f for f in BY_NAME[dataset].model_fields if f not in ignored | set(keys)]
        summary.rows_expected += 1
        found = got_by_key.get(key)
        if found is None:
            summary.fields_missing += len(fields)
            comparison.differences.append(
                Difference(document, dataset, key_text, "*", None, None, "missing_row")
            )
            continue
        seen.add(key)
        summary.rows_found += 1
        for name in fields:
            want, have = _plain(row.get(name)), _plain(found.get(name))
            if want == have:
                summary.fields_equal += 1
            else:
                summary.fields_changed += 1
                comparison.differences.append(
                    Difference(document, dataset, key_text, name, want, have, "changed")
                )
    for key, _ in got_by_key.items():
        if key not in seen:
            summary.rows_extra += 1
            key_text = _key_text(key)
            comparison.differences.append(
                Difference(document, dataset, key_text, "*", None, None, "extra_row")
            )


def compare_to_expected_dir(
    comparison: Comparison,
    document: str,
    expected_dir: Path,
    records: Mapping[str, Sequence[Record]],
) -> None:
    for model in DATASETS:
        path = expected_dir / f"{model.dataset_id}.parquet"
        expected = rows_from_parquet(path) if path.is_file() else []
        compare_dataset(
            comparison,
            document,
            model.dataset_id,
            expected,
            rows_from_records(records.get(model.dataset_id, [])),
        )


def compare_to_expected_json(
    comparison: Comparison,
    document: str,
    expected: Mapping[str, Any],
    records: Mapping[str, Sequence[Record]],
) -> None:
    """Only the datasets and fields the hand-labelled file gives are scored."""
    for dataset, rows in expected.items():
        if dataset not in BY_NAME or not isinstance(rows, list):
            continue  # e.g. text_uncertain notes
        compare_dataset(
            comparison,
            document,
            dataset,
            rows,
            rows_from_records(records.get(dataset, [])),
            only_given_fields=True,
        )


def render_table(comparison: Comparison) -> str:
    header = (
        "dataset",
        "rows expected",
        "found",
        "extra",
        "fields equal",
        "changed",
        "missing",
    )
    body = [
        (
            s.dataset,
            str(s.rows_expected),
            str(s.rows_found),
            str(s.rows_extra),
            str(s.fields_equal),
            str(s.fields_changed),
            str(s.fields_missing),
        )
        for s in comparison.summaries.values()
    ]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *body]
    ]
    return "\n".join(lines)
