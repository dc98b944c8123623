"""Every provenance box of the sample PDFs holds the text of its value.

The boxes are in the reader's coordinates (the page as it reads), so the
chars the reader has inside a value's boxes must spell it: every character
of a text value (save spaces and the ASCII punctuation a parser puts
between joined pieces) is printed inside the value's boxes, and any other
value's boxes hold printed text.
"""

from __future__ import annotations

import string
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from dxparse.document import Page
from dxparse.normalise import normalize_chars
from dxparse.read import read_document
from tests.conftest import AP_PDF, DX_PDF
from tests.report_util import KNOWN, annotate, document_id_of, key_of, samples_out

PDFS = (DX_PDF, AP_PDF)
# Fields printed verbatim in a cell or a clause of the sample PDFs.
PRINTED = {
    "dx_reports": ("title", "publisher"),
    "dx_measures": ("measure", "status", "detail"),
    "ap_initiatives": ("name", "department", "manager", "staff"),
    "ap_year_plans": ("plan",),
    "ap_tasks": ("task",),
}
_JOINERS = set(string.punctuation) | set(string.whitespace)


@cache
def _pages(path: Path) -> tuple[Page, ...]:
    return read_document(path).pages


def _inside(path: Path, page: int, box: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = box
    chars = _pages(path)[page - 1].chars
    return "".join(
        c.text for c in chars if x0 - 1 <= c.box.cx <= x1 + 1 and top - 1 <= c.box.cy <= bottom + 1
    )


def _values(out: Path, document_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for dataset in PRINTED:
        frame = pl.read_parquet(out / f"{dataset}.parquet")
        for row in frame.filter(pl.col("document_id") == document_id).to_dicts():
            rows[(dataset, key_of(dataset, row))] = row
    return rows


def _check(out: Path) -> int:
    """Every boxed provenance row of the sample PDFs in `out`; how many."""
    provenance = pl.read_parquet(out / "provenance.parquet").filter(pl.col("x0").is_not_null())
    checked = 0
    for path in PDFS:
        document_id = document_id_of(out, path.name)
        texts: dict[tuple[str, str, str], str] = defaultdict(str)
        for row in provenance.filter(pl.col("document_id") == document_id).to_dicts():
            box = (row["x0"], row["top"], row["x1"], row["bottom"])
            texts[(row["dataset"], row["key"], row["field"])] += _inside(path, row["page"], box)
        rows = _values(out, document_id)
        for (dataset, key, field), printed in sorted(texts.items()):
            assert printed.strip(), f"{path.name} {dataset} {key} {field}: box on blank paper"
            value = rows.get((dataset, key), {}).get(field)
            if isinstance(value, str):
                missing = {c for c in normalize_chars(value) if c not in _JOINERS} - set(printed)
                assert not missing, f"{path.name} {dataset} {key} {field}: {missing} not in box"
            checked += 1
    return checked


def test_every_boxed_value_is_printed_inside_its_boxes(tmp_path: Path) -> None:
    """The sample OUT's own boxes, and the known ones (found printed)."""
    annotate(samples_out(), tmp_path / "out", KNOWN)
    assert _check(tmp_path / "out") >= 4


def test_every_printed_field_of_the_sample_pdfs_has_a_box() -> None:
    out = samples_out()
    provenance = pl.read_parquet(out / "provenance.parquet").filter(pl.col("x0").is_not_null())
    boxed = {(r["document_id"], r["dataset"], r["key"], r["field"]) for r in provenance.to_dicts()}
    missing = []
    for path in PDFS:
        document_id = document_id_of(out, path.name)
        for (dataset, key), row in _values(out, document_id).items():
            for field in PRINTED[dataset]:
                if row.get(field) is not None and (document_id, dataset, key, field) not in boxed:
                    missing.append(f"{path.name} {dataset} {key} {field}")
    assert not missing, f"{len(missing)} published fields without a box, e.g. {missing[:5]}"
