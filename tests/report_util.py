"""Shared by the report tests: extract outputs built once per test process,
and provenance / issue rows computed honestly from the printed page.

A box is found where the reader (read.py, the page as it reads) has the
chars of a known printed text; the test then checks the report draws the
box there. That is independent of the parsers, whose own boxes fill the
sample provenance as they come.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from dxparse.document import BBox
from dxparse.models import BY_NAME
from dxparse.read import read_document
from dxparse.records import union
from tests.conftest import AP_PDF, DX_PDF, SAMPLES, VARIANTS, run_cli

SIDEWAYS = VARIANTS / "dx" / "v10_sideways_no_rotate.pdf"
ROTATED = VARIANTS / "dx" / "v7_rotated_pages.pdf"


def _scratch(name: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"dxparse-report-{name}-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def extract(inputs: list[Path], out: Path) -> Path:
    result = run_cli("extract", *map(str, inputs), "-o", str(out), "--no-progress")
    assert result.exit_code in (0, 1), result.output
    return out


@cache
def samples_out() -> Path:
    """`dxparse extract samples/` once per test process (do not change it)."""
    return extract([SAMPLES], _scratch("samples") / "out")


def printed_box(path: Path, page: int, text: str) -> BBox:
    """The box of the first run of chars on `page` that spells `text`
    (normalised, as the reader has them), in the reader's coordinates."""
    chars = [c for c in read_document(path).pages[page - 1].chars if c.text.strip()]
    spelled = "".join(c.text for c in chars)
    wanted = "".join(text.split())
    start = spelled.find(wanted)
    assert start >= 0, f"{text!r} is not printed on page {page} of {path.name}"
    found = union(c.box for c in chars[start : start + len(wanted)])
    assert found is not None
    return found


def page_size(path: Path, page: int) -> tuple[float, float]:
    read = read_document(path).pages[page - 1]
    assert read.width is not None and read.height is not None
    return read.width, read.height


def append_rows(out: Path, dataset: str, rows: list[dict[str, Any]]) -> None:
    path = out / f"{dataset}.parquet"
    frame = pl.read_parquet(path)
    extra = pl.DataFrame(rows, schema=frame.schema)
    pl.concat([frame, extra]).write_parquet(path)


def document_id_of(out: Path, source_file: str) -> str:
    documents = pl.read_parquet(out / "documents.parquet")
    ids = documents.filter(pl.col("source_file") == source_file)["document_id"].to_list()
    assert len(ids) == 1, f"{source_file} not in {out}"
    return str(ids[0])


def provenance_row(
    document_id: str, dataset: str, key: str, field: str, part: int, page: int, box: BBox | None
) -> dict[str, Any]:
    return {
        "municipality_code": None,
        "municipality": None,
        "document_id": document_id,
        "dataset": dataset,
        "key": key,
        "field": field,
        "part": part,
        "page": page,
        "x0": None if box is None else round(box.x0, 2),
        "top": None if box is None else round(box.top, 2),
        "x1": None if box is None else round(box.x1, 2),
        "bottom": None if box is None else round(box.bottom, 2),
        "line_first": None,
        "line_last": None,
    }


def issue_row(document_id: str, issue_no: int, page: int, box: BBox, raw: str) -> dict[str, Any]:
    return {
        "municipality_code": None,
        "municipality": None,
        "document_id": document_id,
        "issue_no": issue_no,
        "page": page,
        "dataset": None,
        "key": None,
        "field": None,
        "severity": "error",
        "code": "unread_text",
        "message": f"{len(raw)} characters printed on the page were not read",
        "raw": raw,
        "x0": round(box.x0, 2),
        "top": round(box.top, 2),
        "x1": round(box.x1, 2),
        "bottom": round(box.bottom, 2),
        "line_first": None,
        "line_last": None,
    }


def rows_of(out: Path, dataset: str, document_id: str) -> list[dict[str, Any]]:
    frame = pl.read_parquet(out / f"{dataset}.parquet")
    return frame.filter(pl.col("document_id") == document_id).to_dicts()


def key_of(dataset: str, row: dict[str, Any]) -> str:
    """The documented row key: primary key without document_id, joined by /."""
    parts = [row.get(k) for k in BY_NAME[dataset].primary_key if k != "document_id"]
    # A dataset with one row per document (dx_reports): `*`, as provenance writes it.
    return "/".join("" if part is None else str(part) for part in parts) or "*"


@dataclass(frozen=True)
class Known:
    """A value printed at a known place: the row of `dataset` whose `field`
    holds `text` is given the box of `text` on `page` as provenance `part`."""

    source: Path
    page: int
    text: str
    dataset: str
    field: str
    part: int = 1


KNOWN = [
    Known(DX_PDF, 1, "柏市企画部DX推進課", "dx_reports", "publisher"),
    # A clause over two lines: one box holding both.
    Known(DX_PDF, 5, "令和4年12月から11拠点で提供。利用者数は5名。", "dx_measures", "detail"),
    Known(AP_PDF, 1, "コンビニエンスストア等における証", "ap_initiatives", "name", 1),
    Known(AP_PDF, 1, "明書等の自動交付", "ap_initiatives", "name", 2),
    Known(AP_PDF, 7, "保健所情報システム更新事業", "ap_initiatives", "name"),
]
SIDEWAYS_KNOWN = [
    Known(SIDEWAYS, 1, "朝日ヶ丘市企画部デジタル推進課", "dx_reports", "publisher"),
    Known(
        SIDEWAYS,
        2,
        "新たに38手続を電子化し,令和6年度中の申請件数は15,204件。",
        "dx_measures",
        "detail",
    ),
]


@dataclass(frozen=True)
class Placed:
    known: Known
    document_id: str
    key: str
    value: str
    box: BBox


def annotate(out: Path, target: Path, known: list[Known]) -> list[Placed]:
    """A copy of OUT at `target` whose provenance also has the `known` boxes."""
    shutil.copytree(out, target)
    placed: list[Placed] = []
    for item in known:
        document_id = document_id_of(target, item.source.name)
        rows = [
            row
            for row in rows_of(target, item.dataset, document_id)
            if isinstance(row.get(item.field), str)
            and "".join(item.text.split()) in "".join(row[item.field].split())
        ]
        assert rows, f"no {item.dataset}.{item.field} of {item.source.name} holds {item.text!r}"
        box = printed_box(item.source, item.page, item.text)
        key = key_of(item.dataset, rows[0])
        placed.append(Placed(item, document_id, key, str(rows[0][item.field]), box))
    # The known boxes stand in for the parser's own boxes of those fields.
    path = target / "provenance.parquet"
    known_fields = {(p.document_id, p.known.dataset, p.key, p.known.field) for p in placed}
    own = pl.read_parquet(path)
    keep = [
        (r["document_id"], r["dataset"], r["key"], r["field"]) not in known_fields
        for r in own.select("document_id", "dataset", "key", "field").to_dicts()
    ]
    own.filter(pl.Series(keep)).write_parquet(path)
    append_rows(
        target,
        "provenance",
        [
            provenance_row(
                p.document_id,
                p.known.dataset,
                p.key,
                p.known.field,
                p.known.part,
                p.known.page,
                p.box,
            )
            for p in placed
        ],
    )
    return placed
