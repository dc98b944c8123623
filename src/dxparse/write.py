"""Stage 6 — publish the datasets: Parquet, CSV, xlsx and datapackage.json.

Column names, order, types and every word of metadata come from the
pydantic models. The whole set is written into a staging folder and
swapped into OUT in one step (outdir.py), so a reader of OUT sees the old
set or the new one. Rows keep the order they are given in (documents sorted
by path upstream), and nothing depends on the clock, so output is
byte-stable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import polars as pl

from dxparse import __version__
from dxparse.formats import OUTPUT_FORMATS
from dxparse.models import BY_NAME, DATASETS, Record, column_types
from dxparse.outdir import PACKAGE_FILE, OutputFolder
from dxparse.validate import FORMULA_STARTS

CsvHeaders = Literal["ja", "en"]
FORMATS = OUTPUT_FORMATS
DEFAULT_FORMATS = ("parquet", "csv")
DEFAULT_LICENSE = "CC-BY-4.0"
MEDIA_TYPES = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Licences a catalogue knows by id: title and the text's address.
LICENSES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-BY-1.0": (
        "Open Data Commons Attribution License 1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
    "PDDL-1.0": (
        "Open Data Commons Public Domain Dedication and License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
}

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


def polars_schema(model: type[Record]) -> dict[str, pl.DataType]:
    return {name: _POLARS[t] for name, t in column_types(model).items()}


def frame(model: type[Record], records: Sequence[Record]) -> pl.DataFrame:
    """One dataset as a DataFrame with the model's columns and types."""
    schema = polars_schema(model)
    rows = [record.model_dump() for record in records]
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


_Frame = TypeVar("_Frame", pl.DataFrame, pl.LazyFrame)


def _csv_frame(model: type[Record], df: _Frame, headers: CsvHeaders) -> _Frame:
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


# Rows per Parquet row group, fixed: a large dataset is written a group at a
# time, and the bytes do not depend on how the rows were gathered.
PARQUET_ROW_GROUP = 32_768
XLSX_MAX_ROWS = 1_048_576  # header included
XLSX_MAX_CHARS = 32_767


class XlsxLimit(OSError):
    """Data an xlsx sheet cannot hold (XlsxWriter would drop or cut it silently)."""


def _write_xlsx(
    model: type[Record], pieces: Iterable[pl.DataFrame], rows: int, path: Path, created: dt.datetime
) -> None:
    """One sheet, Japanese headers, typed cells: text as text (codes keep their
    zeros, a leading `=` is no formula), numbers, booleans, dates as dates.

    Written row by row to disk (XlsxWriter's constant_memory: inline strings,
    no shared-string table), so a large sheet is not held as cell objects."""
    if rows + 1 > XLSX_MAX_ROWS:
        raise XlsxLimit(
            f"{path.name}: {rows} rows do not fit in an xlsx sheet"
            f" ({XLSX_MAX_ROWS - 1} at most); write csv or parquet"
        )
    import xlsxwriter  # here: 30 ms of every run's start-up, for xlsx alone

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "tmpdir": str(path.parent),
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    try:
        # Fixed metadata: the same input gives the same bytes.
        workbook.set_properties({"created": created, "title": model.title_ja})
        sheet = workbook.add_worksheet(model.dataset_id)
        sheet.freeze_panes(1, 0)
        bold = workbook.add_format({"bold": True})
        date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        kinds = column_types(model)
        for col, name in enumerate(kinds):
            sheet.write_string(0, col, model.model_fields[name].title or name, bold)
        row_no = 0
        for piece in pieces:
            for row in piece.iter_rows():
                row_no += 1
                for col, (kind, value) in enumerate(zip(kinds.values(), row, strict=True)):
                    if value is None:
                        continue
                    if kind is str:
                        if len(value) > XLSX_MAX_CHARS:
                            raise XlsxLimit(
                                f"{path.name}: a {list(kinds)[col]} cell of {len(value)}"
                                f" characters does not fit in an xlsx cell ({XLSX_MAX_CHARS}"
                                " at most); write csv or parquet"
                            )
                        sheet.write_string(row_no, col, value)
                    elif kind is bool:
                        sheet.write_boolean(row_no, col, value)
                    elif kind is dt.date:
                        sheet.write_datetime(
                            row_no, col, dt.datetime.combine(value, dt.time()), date
                        )
                    else:
                        sheet.write_number(row_no, col, value)
    finally:
        workbook.close()


def write_xlsx(model: type[Record], df: pl.DataFrame, path: Path, created: dt.datetime) -> None:
    """The xlsx of one dataset exactly as `extract` writes it (`dxparse publish`
    writes one municipality's part of a shared file with it)."""
    _write_xlsx(model, [df], df.height, path, created)


def _field_names(model: type[Record], headers: CsvHeaders) -> dict[str, str]:
    return {
        name: (info.title or name) if headers == "ja" else name
        for name, info in model.model_fields.items()
    }


def _constraints(prop: dict[str, Any], required: bool) -> dict[str, Any]:
    """Table Schema constraints from the field's JSON Schema."""
    options = prop.get("anyOf", [prop])
    out: dict[str, Any] = {"required": True} if required else {}
    for option in options:
        if "enum" in option:
            out["enum"] = list(option["enum"])
        if "const" in option:
            out["enum"] = [option["const"]]
        if "pattern" in option:
            out["pattern"] = option["pattern"]
        for json_key, table_key in (("minimum", "minimum"), ("maximum", "maximum")):
            if json_key in option:
                out[table_key] = option[json_key]
    return out


def table_schema(model: type[Record], names: dict[str, str]) -> dict[str, Any]:
    """The Table Schema of one dataset, every word from the model."""
    properties = model.model_json_schema(mode="serialization")["properties"]
    fields = []
    for name, kind in column_types(model).items():
        info = model.model_fields[name]
        prop = properties[name]
        entry: dict[str, Any] = {
            "name": names[name],
            "title": info.title or name,
            "type": _TABLE_SCHEMA[kind],
            "description": info.description or "",
            "x-name": name,
            "x-description-ja": prop.get("x-description-ja", ""),
        }
        if kind is dt.date:
            entry["format"] = "default"
        constraints = _constraints(prop, info.is_required())
        if constraints:
            entry["constraints"] = constraints
        if "x-known-values" in prop:
            entry["x-known-values"] = prop["x-known-values"]
        fields.append(entry)
    return {
        "fields": fields,
        "primaryKey": [names[k] for k in model.primary_key],
        "missingValues": [""],
    }


def _resource_name(dataset: str, fmt: str) -> str:
    return f"{dataset}-{fmt}"


def _resource(
    model: type[Record], fmt: str, headers: CsvHeaders, path: str | None
) -> dict[str, Any]:
    # Parquet always has the English ids; xlsx always the Japanese titles.
    names_from: CsvHeaders = "en" if fmt == "parquet" else "ja" if fmt == "xlsx" else headers
    names = _field_names(model, names_from)
    schema = table_schema(model, names)
    if model.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": [names[k] for k in local],
                "reference": {
                    "resource": _resource_name(target, fmt),
                    "fields": [_field_names(BY_NAME[target], names_from)[k] for k in remote],
                },
            }
            for local, target, remote in model.foreign_keys
        ]
    resource: dict[str, Any] = {
        "name": _resource_name(model.dataset_id, fmt),
        "type": "table",
        "profile": "tabular-data-resource",
        "title": f"{model.title_ja} ({fmt.upper()})",
        "description": (model.__doc__ or "").strip().replace("\n   ", ""),
        "x-dataset": model.dataset_id,
        "x-title-en": model.title_en,
        "x-description-ja": model.description_ja,
        "path": path or f"{model.dataset_id}.{fmt}",
        "format": fmt,
        "mediatype": MEDIA_TYPES[fmt],
        "schema": schema,
    }
    if fmt == "csv":
        # `encoding` is the character set (a catalogue's word); the BOM is said apart.
        resource["encoding"] = "utf-8"
        resource["dialect"] = {"header": True}
    elif fmt == "xlsx":
        resource["dialect"] = {"header": True, "excel": {"sheet": model.dataset_id}}
    return resource


def _column_values(
    frames: Mapping[str, pl.DataFrame], suffix: str, datasets: Iterable[str] | None = None
) -> list[Any]:
    """Every value of the columns named `...suffix` (of `datasets`, or all),
    read column by column: a spilled dataset is never loaded whole for it."""
    values: set[Any] = set()
    for dataset in frames if datasets is None else [d for d in datasets if d in frames]:
        names = [n for n in BY_NAME[dataset].model_fields if n.endswith(suffix)]
        if names:
            for piece in _pieces(frames, dataset, names):
                for name in names:
                    values.update(piece[name].drop_nulls().unique().to_list())
    return sorted(values)


def created_time(frames: Mapping[str, pl.DataFrame]) -> dt.datetime | None:
    """When the inputs say they were made: the latest issue month, creation or
    update date they print. Not the clock, so output stays byte-stable."""
    dates: list[dt.date] = []
    if "dx_reports" in frames:
        for piece in _pieces(frames, "dx_reports", ["issued"]):
            for issued in piece["issued"].drop_nulls().to_list():
                dates.append(dt.date.fromisoformat(issued if len(issued) == 10 else f"{issued}-01"))
    if "ap_initiatives" in frames:
        for piece in _pieces(frames, "ap_initiatives", ["created", "updated"]):
            for name in ("created", "updated"):
                dates.extend(piece[name].drop_nulls().to_list())
    if not dates:
        return None
    return dt.datetime.combine(max(dates), dt.time(), tzinfo=dt.UTC)


def _license(name: str) -> dict[str, str]:
    title, path = LICENSES.get(name, (name, ""))
    return {"name": name, "title": title, **({"path": path} if path else {})}


def _size_and_digest(path: Path) -> tuple[int, str]:
    """Bytes and SHA-256 of a file, read in pieces (a CSV may be large)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as data:
        while piece := data.read(1 << 20):
            digest.update(piece)
            size += len(piece)
    return size, digest.hexdigest()


def datapackage(
    formats: Iterable[str],
    headers: CsvHeaders,
    bom: bool,
    frames: Mapping[str, pl.DataFrame] | None = None,
    license: str = DEFAULT_LICENSE,
    folder: Path | None = None,
) -> dict[str, Any]:
    """A Frictionless Data Package describing every file written, with the
    catalogue metadata (sources, coverage, licence) the frames give."""
    formats = [f for f in FORMATS if f in set(formats)]
    frames = frames or {}
    resources = [_resource(model, fmt, headers, None) for fmt in formats for model in DATASETS]
    if folder is not None:
        # Size and digest of each file: a reader (or a catalogue) can check
        # what it got, and tell an unchanged file from a changed one.
        for resource in resources:
            size, digest = _size_and_digest(folder / resource["path"])
            # frictionless reads Parquet through pandas and cannot count its
            # bytes (it reports a byte-count error): there the same values
            # go under x- names.
            prefix = "x-" if resource["format"] == "parquet" else ""
            resource[f"{prefix}bytes"] = size
            resource[f"{prefix}hash"] = f"sha256:{digest}"
    sources = []
    places: set[str] = set()
    columns = ["source_file", "document_id", "media_type", "municipality"]
    for piece in _pieces(frames, "documents", columns) if "documents" in frames else ():
        for source, document_id, media_type, municipality in piece.iter_rows():
            sources.append({"title": source, "x-sha256": document_id, "x-media-type": media_type})
            if municipality is not None:
                places.add(municipality)
    names = sorted(places)
    codes = _column_values(frames, "code", ("documents",))
    years = [y for y in _column_values(frames, "fiscal_year") if isinstance(y, int)]
    place = "・".join(names)
    package: dict[str, Any] = {
        "name": "dxparse-output",
        "title": f"{place}の" if place else "",
        "profile": "tabular-data-package",
        "description": "自治体のDX進捗報告・アクションプラン(PDF)から dxparse が抽出したデータ。"
        "値が確実に読めなかった箇所は空欄とし、理由を抽出時の問題(extraction_issues)に記録している。"
        " Data extracted by dxparse from municipal DX progress reports and action-plan sheets;"
        " a value not read with certainty is empty, with the reason in extraction_issues.",
        "keywords": ["DX", "自治体DX", "進捗報告", "アクションプラン", "行政改革", *names],
        "licenses": [_license(license)],
        "sources": sources,
        "x-spatial-coverage": {"municipality_codes": codes, "municipalities": names},
        "x-temporal-coverage": {
            "fiscal_years": years,
            **({"start": f"{years[0]}-04-01", "end": f"{years[-1] + 1}-03-31"} if years else {}),
        },
        "x-csv-bom": bom,
        "x-created-by": f"dxparse {__version__}",
        "resources": resources,
    }
    package["title"] += "DX進捗報告・アクションプランのオープンデータ"
    created = created_time(frames)
    if created is not None:
        package["created"] = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return package


class FrameCollector:
    """Datasets gathered document by document, in bounded memory.

    Each document's records become plain row tuples at once; every `batch`
    documents, or sooner once `rows` rows wait, they become one Parquet part
    per dataset in `spill_dir` (or stay in memory without one). The final
    frames are read back at the end, a part at a time, so a long batch never
    holds more than a part's rows as Python objects.
    """

    def __init__(self, spill_dir: Path | None = None, batch: int = 64, rows: int = 16_384) -> None:
        self._spill_dir = spill_dir
        self._batch = batch
        self._max_rows = rows
        self._waiting = 0
        self._documents = 0
        self._rows: dict[str, list[tuple[Any, ...]]] = {m.dataset_id: [] for m in DATASETS}
        self._parts: dict[str, list[pl.DataFrame | Path]] = {m.dataset_id: [] for m in DATASETS}
        self._heights: dict[str, int] = {m.dataset_id: 0 for m in DATASETS}

    def add(self, records: Mapping[str, Sequence[Record]]) -> None:
        self.add_rows(
            {
                name: [tuple(dict(record).values()) for record in rows]
                for name, rows in records.items()
            }
        )

    def add_rows(self, rows: Mapping[str, Sequence[tuple[Any, ...]]]) -> None:
        """One document's rows per dataset, each in its model's field order."""
        for name, values in rows.items():
            self._rows[name].extend(values)
            self._waiting += len(values)
        self._documents += 1
        if self._documents % self._batch == 0 or self._waiting >= self._max_rows:
            self._flush()

    def _flush(self) -> None:
        self._waiting = 0
        for model in DATASETS:
            rows = self._rows[model.dataset_id]
            if not rows:
                continue
            df = pl.DataFrame(rows, schema=polars_schema(model), orient="row")
            self._rows[model.dataset_id] = []
            self._heights[model.dataset_id] += df.height
            if self._spill_dir is None:
                self._parts[model.dataset_id].append(df)
                continue
            part = self._spill_dir / f"{model.dataset_id}.{len(self._parts[model.dataset_id]):06d}"
            with _PolarsIO():
                df.write_parquet(part, compression="uncompressed", statistics=False)
            self._parts[model.dataset_id].append(part)

    def frames(self) -> dict[str, pl.DataFrame]:
        """Every dataset's frame, all in memory at once."""
        return dict(self.lazy_frames())

    def lazy_frames(self) -> Mapping[str, pl.DataFrame]:
        """Every dataset's frame, each read back from its parts when asked for
        and not kept: the writer holds one dataset at a time, not the set."""
        self._flush()
        return _SpilledFrames(self._parts, self._heights)


class _SpilledFrames(Mapping[str, pl.DataFrame]):
    def __init__(
        self, parts: Mapping[str, list[pl.DataFrame | Path]], heights: Mapping[str, int]
    ) -> None:
        self._parts = parts
        self._heights = heights

    def __getitem__(self, name: str) -> pl.DataFrame:
        parts = [pl.read_parquet(p) if isinstance(p, Path) else p for p in self._parts[name]]
        return pl.concat(parts, rechunk=True) if parts else frame(BY_NAME[name], [])

    def pieces(self, name: str, columns: Sequence[str] | None = None) -> Iterator[pl.DataFrame]:
        """The dataset's parts in order (only `columns`, if given), each read
        back when reached."""
        for part in self._parts[name]:
            if isinstance(part, Path):
                yield pl.read_parquet(part, columns=None if columns is None else list(columns))
            else:
                yield part if columns is None else part.select(columns)

    def height(self, name: str) -> int:
        return self._heights[name]

    def scan(self, name: str) -> pl.LazyFrame | None:
        """The dataset's parts as one lazy scan, where all of them were spilled."""
        parts = self._parts[name]
        if parts and all(isinstance(p, Path) for p in parts):
            return pl.scan_parquet([p for p in parts if isinstance(p, Path)])
        return None

    def write_parquet(self, name: str, path: Path) -> None:
        """The dataset's Parquet file streamed from its parts: a row group at
        a time in memory, the bytes of `write_parquet` of the whole frame."""
        parts = self._parts[name]
        if parts and all(isinstance(p, Path) for p in parts):
            scan = pl.scan_parquet([p for p in parts if isinstance(p, Path)])
            scan.sink_parquet(path, statistics=False, row_group_size=PARQUET_ROW_GROUP)
        else:
            _write_parquet_frame(self[name], path)

    def __iter__(self) -> Iterator[str]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)


class _PolarsIO:
    """Polars reports a failed write (a full disk) as its own ComputeError:
    make it the OSError it is, so the caller's `except OSError` sees it."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        if isinstance(exc, pl.exceptions.PolarsError):
            raise OSError(str(exc).split(" (rerun")[0]) from exc


def _pieces(
    frames: Mapping[str, pl.DataFrame], name: str, columns: Sequence[str] | None = None
) -> Iterator[pl.DataFrame]:
    """A dataset's frame, or its spilled parts one by one (the same rows);
    a few columns of spilled parts in one scan (one query, not one a part)."""
    if isinstance(frames, _SpilledFrames):
        scan = frames.scan(name) if columns is not None else None
        if scan is not None:
            return iter([scan.select(columns).collect()])
        return frames.pieces(name, columns)
    return iter([frames[name] if columns is None else frames[name].select(columns)])


def _height(frames: Mapping[str, pl.DataFrame], name: str) -> int:
    if isinstance(frames, _SpilledFrames):
        return frames.height(name)
    return frames[name].height


def _write_parquet_frame(df: pl.DataFrame, path: Path) -> None:
    df.write_parquet(path, statistics=False, row_group_size=PARQUET_ROW_GROUP)


def _write_parquet(frames: Mapping[str, pl.DataFrame], name: str, path: Path) -> None:
    if isinstance(frames, _SpilledFrames):
        frames.write_parquet(name, path)
    else:
        _write_parquet_frame(frames[name], path)


def _write_csv(
    model: type[Record],
    pieces: Iterator[pl.DataFrame],
    path: Path,
    headers: CsvHeaders,
    bom: bool,
) -> None:
    """The CSV of a dataset written piece by piece: the bytes of writing the
    whole frame at once (a CSV row depends on its own values only)."""
    first = next(pieces, None)
    head = frame(model, []) if first is None else first
    _csv_frame(model, head, headers).write_csv(path, include_bom=bom)
    with path.open("ab") as out:
        for piece in pieces:
            _csv_frame(model, piece, headers).write_csv(out, include_header=False)


def write_set(
    frames: Mapping[str, pl.DataFrame],
    folder: Path,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    headers: CsvHeaders = "ja",
    bom: bool = True,
    license: str = DEFAULT_LICENSE,
) -> list[str]:
    """Every dataset (empty ones too) in every format, and datapackage.json,
    into `folder` (a staging folder); the names written."""
    with _PolarsIO():
        return _write_set(frames, folder, formats, headers, bom, license)


def _write_set(
    frames: Mapping[str, pl.DataFrame],
    folder: Path,
    formats: Sequence[str],
    headers: CsvHeaders,
    bom: bool,
    license: str,
) -> list[str]:
    written: list[str] = []
    created = created_time(frames) or dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
    # One dataset's part at a time in memory (frames may be lazy_frames).
    for model in DATASETS:
        name = model.dataset_id
        if "parquet" in formats:
            _write_parquet(frames, name, folder / f"{name}.parquet")
        if "xlsx" in formats:
            _write_xlsx(
                model,
                _pieces(frames, name),
                _height(frames, name),
                folder / f"{name}.xlsx",
                created.replace(tzinfo=None),
            )
        if "csv" in formats:
            scan = frames.scan(name) if isinstance(frames, _SpilledFrames) else None
            if scan is not None:
                # Streamed by polars in one query: the bytes of _write_csv,
                # without a query per part (most of a long batch's tail).
                _csv_frame(model, scan, headers).sink_csv(folder / f"{name}.csv", include_bom=bom)
            else:
                _write_csv(model, _pieces(frames, name), folder / f"{name}.csv", headers, bom)
        written += [f"{name}.{fmt}" for fmt in FORMATS if fmt in formats]
    package = datapackage(formats, headers, bom, frames, license, folder)
    text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    (folder / PACKAGE_FILE).write_text(text, encoding="utf-8")
    written.append(PACKAGE_FILE)
    return written


def write_outputs(
    records: Mapping[str, Sequence[Record]],
    out_dir: Path,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    headers: CsvHeaders = "ja",
    bom: bool = True,
    license: str = DEFAULT_LICENSE,
) -> list[Path]:
    """Write every dataset (empty ones too) and datapackage.json."""
    collector = FrameCollector()
    collector.add(records)
    return write_frames(
        collector.frames(), out_dir, formats=formats, headers=headers, bom=bom, license=license
    )


def write_frames(
    frames: Mapping[str, pl.DataFrame],
    out_dir: Path,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    headers: CsvHeaders = "ja",
    bom: bool = True,
    license: str = DEFAULT_LICENSE,
) -> list[Path]:
    """Replace OUT's dataset set by these frames in one step (outdir.py)."""
    with OutputFolder(out_dir) as stage:
        names = write_set(
            frames, stage.path, formats=formats, headers=headers, bom=bom, license=license
        )
        stage.commit()
    return [out_dir / name for name in names]
