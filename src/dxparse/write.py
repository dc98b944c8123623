"""Stage 6 — publish the datasets: Parquet, CSV and datapackage.json.

Column names, order and types come from the pydantic models. Every file is
written under a temporary name in the output folder and renamed into place,
so a killed run never leaves a half-written file. Rows keep the order they
are given in (documents sorted by path upstream), so output is byte-stable.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any, Literal

import polars as pl

from dxparse import __version__
from dxparse.models import DATASETS, Record
from dxparse.validate import FORMULA_STARTS

CsvHeaders = Literal["ja", "en"]
FORMATS = ("parquet", "csv")

_POLARS: dict[type, pl.DataType] = {
    str: pl.String(),
    int: pl.Int64(),
    float: pl.Float64(),
    bool: pl.Boolean(),
    dt.date: pl.Date(),
}
_TABLE_SCHEMA: dict[type, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    dt.date: "date",
}


def _base_type(annotation: Any) -> type:
    """`int | None` → int, `Literal['a']` → str."""
    if typing.get_origin(annotation) is Literal:
        return str
    if typing.get_origin(annotation) is typing.Annotated:
        return _base_type(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base_type(args[0])
    if isinstance(annotation, type):
        return annotation
    raise TypeError(f"unsupported annotation {annotation!r}")


def column_types(model: type[Record]) -> dict[str, type]:
    return {name: _base_type(f.annotation) for name, f in model.model_fields.items()}


def polars_schema(model: type[Record]) -> dict[str, pl.DataType]:
    return {name: _POLARS[t] for name, t in column_types(model).items()}


def frame(model: type[Record], records: Sequence[Record]) -> pl.DataFrame:
    """One dataset as a DataFrame with the model's columns and types."""
    schema = polars_schema(model)
    rows = [record.model_dump() for record in records]
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _csv_frame(model: type[Record], df: pl.DataFrame, headers: CsvHeaders) -> pl.DataFrame:
    exprs = []
    for name, kind in column_types(model).items():
        col = pl.col(name)
        if kind is str:
            # A leading apostrophe makes Excel show the text, not run it.
            col = (
                pl.when(pl.any_horizontal(col.str.starts_with(c) for c in FORMULA_STARTS))
                .then(pl.lit("'") + col)
                .otherwise(col)
            )
        elif kind is float:
            # Bare numbers: 31, not 31.0.
            col = (
                pl.when(col == col.round(0))
                .then(col.cast(pl.Int64).cast(pl.String))
                .otherwise(col.cast(pl.String))
            )
        title = model.model_fields[name].title if headers == "ja" else None
        exprs.append(col.alias(title or name))
    return df.select(exprs)


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_text(path: Path, text: str) -> None:
    _atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def datapackage(formats: Iterable[str], headers: CsvHeaders, bom: bool) -> dict[str, Any]:
    """A Frictionless Data Package describing the written files."""
    formats = list(formats)
    resources = []
    for model in DATASETS:
        fields_by_id = {
            name: (model.model_fields[name].title or name) if headers == "ja" else name
            for name in model.model_fields
        }
        fields = []
        for name, kind in column_types(model).items():
            info = model.model_fields[name]
            entry: dict[str, Any] = {
                "name": fields_by_id[name],
                "title": info.title or name,
                "type": _TABLE_SCHEMA[kind],
                "description": f"column id: {name}"
                + (f"; {info.description}" if info.description else ""),
            }
            if info.is_required():
                entry["constraints"] = {"required": True}
            fields.append(entry)
        schema: dict[str, Any] = {
            "fields": fields,
            "primaryKey": [fields_by_id[k] for k in model.primary_key],
            "missingValues": [""],
        }
        if model.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": [fields_by_id[k] for k in local],
                    "reference": {
                        "resource": target,
                        "fields": [(_title(target, k) if headers == "ja" else k) for k in remote],
                    },
                }
                for local, target, remote in model.foreign_keys
            ]
        fmt = "csv" if "csv" in formats else "parquet"
        resource: dict[str, Any] = {
            "name": model.dataset_id,
            "profile": "tabular-data-resource",
            "title": model.title_ja,
            "description": (model.__doc__ or "").strip(),
            "path": f"{model.dataset_id}.{fmt}",
            "format": fmt,
            "schema": schema,
        }
        if fmt == "csv":
            resource.update(
                {
                    "mediatype": "text/csv",
                    "encoding": "utf-8-sig" if bom else "utf-8",
                    "dialect": {"header": True},
                }
            )
        resources.append(resource)
    return {
        "name": "dxparse-output",
        "title": "自治体DX進捗報告・アクションプランのオープンデータ",
        "profile": "tabular-data-package",
        "created_by": f"dxparse {__version__}",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }


def _title(dataset: str, name: str) -> str:
    model = next(m for m in DATASETS if m.dataset_id == dataset)
    return model.model_fields[name].title or name


class FrameCollector:
    """Datasets gathered document by document, in bounded memory.

    Each document's records become plain row tuples at once; every `batch`
    documents they become one Parquet part per dataset in `spill_dir` (or
    stay in memory without one). The final frames are read back at the end,
    so a long batch never holds more than `batch` documents as Python objects.
    """

    def __init__(self, spill_dir: Path | None = None, batch: int = 64) -> None:
        self._spill_dir = spill_dir
        self._batch = batch
        self._documents = 0
        self._rows: dict[str, list[tuple[Any, ...]]] = {m.dataset_id: [] for m in DATASETS}
        self._parts: dict[str, list[pl.DataFrame | Path]] = {m.dataset_id: [] for m in DATASETS}

    def add(self, records: Mapping[str, Sequence[Record]]) -> None:
        for name, rows in records.items():
            self._rows[name].extend(tuple(dict(record).values()) for record in rows)
        self._documents += 1
        if self._documents % self._batch == 0:
            self._flush()

    def _flush(self) -> None:
        for model in DATASETS:
            rows = self._rows[model.dataset_id]
            if not rows:
                continue
            df = pl.DataFrame(rows, schema=polars_schema(model), orient="row")
            self._rows[model.dataset_id] = []
            if self._spill_dir is None:
                self._parts[model.dataset_id].append(df)
                continue
            part = self._spill_dir / f"{model.dataset_id}.{len(self._parts[model.dataset_id]):06d}"
            df.write_parquet(part, compression="uncompressed", statistics=False)
            self._parts[model.dataset_id].append(part)

    def frames(self) -> dict[str, pl.DataFrame]:
        self._flush()
        out = {}
        for model in DATASETS:
            parts = [
                pl.read_parquet(p) if isinstance(p, Path) else p
                for p in self._parts[model.dataset_id]
            ]
            out[model.dataset_id] = pl.concat(parts, rechunk=True) if parts else frame(model, [])
        return out


def write_outputs(
    records: Mapping[str, Sequence[Record]],
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    headers: CsvHeaders = "ja",
    bom: bool = True,
) -> list[Path]:
    """Write every dataset (empty ones too) and datapackage.json."""
    collector = FrameCollector()
    collector.add(records)
    return write_frames(collector.frames(), out_dir, formats=formats, headers=headers, bom=bom)


def write_frames(
    frames: Mapping[str, pl.DataFrame],
    out_dir: Path,
    *,
    formats: Sequence[str] = FORMATS,
    headers: CsvHeaders = "ja",
    bom: bool = True,
) -> list[Path]:
    """Write every dataset's frame (empty ones too) and datapackage.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for model in DATASETS:
        df = frames[model.dataset_id]
        if "parquet" in formats:
            path = out_dir / f"{model.dataset_id}.parquet"
            _atomic(path, partial(df.write_parquet, statistics=False))
            written.append(path)
        if "csv" in formats:
            path = out_dir / f"{model.dataset_id}.csv"
            _atomic(path, partial(_csv_frame(model, df, headers).write_csv, include_bom=bom))
            written.append(path)
    package = datapackage(formats, headers, bom)
    path = out_dir / "datapackage.json"
    _write_text(path, json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    written.append(path)
    return written
