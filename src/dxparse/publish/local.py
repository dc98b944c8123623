"""OUT as a catalogue sees it: one dataset per document kind and municipality.

Everything comes from OUT's `datapackage.json` (its resources: path, format,
mediatype, schema; its metadata: description, keywords, licence, created)
and from the rows themselves: each row's `document_id` finds its document
(kind) in the `documents` resource, its `municipality_code` its
municipality. A file whose rows all belong to one group is published as it
is, byte for byte (checked against the package's `hash` / `x-hash`); a file
shared by groups is split into one file per group, each part written the
way dxparse wrote the file and the split refused unless rewriting the whole
gives OUT's file back byte for byte (CSV: the original header and lines;
Parquet: the rows; xlsx: write.py's xlsx writer over the same dataset's
Parquet rows, so a shared xlsx needs the Parquet beside it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from dxparse.publish import PublishError

DATAPACKAGE = "datapackage.json"
DOCUMENTS = "documents"  # the resource that says which kind each document is
BOM = b"\xef\xbb\xbf"

# suffix → (CKAN format, mimetype), when the datapackage does not say
SUFFIX_FORMATS: dict[str, tuple[str, str]] = {
    ".csv": ("CSV", "text/csv"),
    ".parquet": ("Parquet", "application/vnd.apache.parquet"),
    ".xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".json": ("JSON", "application/json"),
}
# datapackage `format` → CKAN's conventional spelling
FORMAT_NAMES = {"csv": "CSV", "parquet": "Parquet", "xlsx": "XLSX", "json": "JSON"}
# Titles of the document kinds (data of the forms, not of the files).
KIND_TITLES: dict[str, tuple[str, str]] = {
    "dx_progress_report": ("DX進捗報告", "DX progress report"),
    "action_plan": ("アクションプラン", "administrative-reform action plan"),
}
UNKNOWN_MUNICIPALITY = "団体不明"


@dataclass(frozen=True)
class LocalFile:
    """One file to publish as one CKAN resource."""

    name: str  # file name, also the resource's name and URL tail
    path: Path  # what is uploaded (OUT's file, or this group's part of it)
    sha256: str
    size: int
    format: str
    mimetype: str
    title: str
    description: str
    dataset: str  # the datapackage resource it belongs to ("" for datapackage.json)
    fields: tuple[tuple[str, str], ...] = ()  # (name, table-schema type), CSV only
    primary_key: tuple[str, ...] = ()  # field names, CSV only
    rows: int | None = None


@dataclass(frozen=True)
class LocalDataset:
    """One CKAN dataset: a document kind of one municipality."""

    name: str
    title: str
    notes: str
    tags: tuple[str, ...]
    license: str
    license_url: str
    extras: Mapping[str, str]
    files: tuple[LocalFile, ...]


@dataclass
class LocalOut:
    datasets: list[LocalDataset]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Group:
    kind: str
    code: str  # "" when the municipality is not known

    @property
    def slug(self) -> str:
        kind = self.kind.replace("_", "-")
        return f"{self.code}-{kind}" if self.code else f"{kind}-municipality-unknown"


@dataclass
class _Table:
    """A tabular file of OUT, with each row's group."""

    resource: dict[str, Any]
    path: Path
    format: str
    groups: list[_Group]  # one per row
    frame: pl.DataFrame | None  # as read (CSV: every cell a string)
    bom: bool = False


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dataset_of(resource: Mapping[str, Any]) -> str:
    """The dataset id of a resource (`x-dataset`; resources are `<dataset>-<format>`)."""
    return str(resource.get("x-dataset") or "")


def field_ids(resource: Mapping[str, Any]) -> dict[str, str]:
    """Column id (the field's `x-name`) of each field name of a datapackage resource."""
    return {
        str(f.get("name", "")): str(f.get("x-name") or f.get("name", ""))
        for f in (resource.get("schema") or {}).get("fields", [])
    }


def _format_of(resource: Mapping[str, Any], path: Path) -> tuple[str, str]:
    by_suffix = SUFFIX_FORMATS.get(path.suffix.lower(), (path.suffix.lstrip(".").upper(), ""))
    declared = str(resource.get("format") or "").lower()
    fmt = FORMAT_NAMES.get(declared, by_suffix[0]) if declared else by_suffix[0]
    mimetype = str(resource.get("mediatype") or by_suffix[1] or "application/octet-stream")
    return fmt, mimetype


def read_package(out: Path) -> dict[str, Any]:
    path = out / DATAPACKAGE
    if not out.is_dir():
        raise PublishError(f"{out}: no such folder")
    try:
        package = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise PublishError(
            f"{out}: no {DATAPACKAGE} (run dxparse extract -o {out} first)"
        ) from None
    except (OSError, ValueError) as exc:
        raise PublishError(f"{path}: cannot read: {exc}") from None
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise PublishError(f"{path}: not a data package (no resources list)")
    return package


def _resources(out: Path, package: Mapping[str, Any]) -> list[tuple[dict[str, Any], Path]]:
    """(descriptor, file) for every file the package describes (every file dxparse wrote)."""
    described: list[tuple[dict[str, Any], Path]] = []
    for resource in package["resources"]:
        rel = resource.get("path")
        if not isinstance(rel, str) or Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise PublishError(f"{out / DATAPACKAGE}: resource without a plain relative path")
        path = out / rel
        if not path.is_file():
            raise PublishError(f"{path}: listed in {DATAPACKAGE} but missing")
        described.append((resource, path))
        if not dataset_of(resource):
            raise PublishError(f"{out / DATAPACKAGE}: {rel}: no x-dataset (not dxparse's package?)")
        declared = resource.get("hash") or resource.get("x-hash")
        if declared and str(declared).removeprefix("sha256:") != sha256_file(path):
            raise PublishError(
                f"{path}: its sha256 is not the one {DATAPACKAGE} records: changed after"
                " extract; run dxparse extract again"
            )
    return described


def _read_frame(path: Path, fmt: str) -> tuple[pl.DataFrame | None, bool]:
    try:
        if fmt == "CSV":
            data = path.read_bytes()
            return pl.read_csv(io.BytesIO(data), infer_schema=False), data.startswith(BOM)
        if fmt == "Parquet":
            return pl.read_parquet(path), False
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise PublishError(f"{path}: cannot read: {exc}") from None
    return None, False


def _column(df: pl.DataFrame, ids: Mapping[str, str], column_id: str) -> str | None:
    if column_id in df.columns:
        return column_id
    return next((n for n, i in ids.items() if i == column_id and n in df.columns), None)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def read_out(out: Path) -> tuple[dict[str, Any], list[_Table], dict[str, dict[str, str]]]:
    """The package, its tabular files with each row's group, and the documents."""
    package = read_package(out)
    entries = _resources(out, package)
    documents: dict[str, dict[str, str]] = {}
    docs = [
        (r, p)
        for r, p in entries
        if dataset_of(r) == DOCUMENTS and _format_of(r, p)[0] in ("CSV", "Parquet")
    ]
    if not docs:
        raise PublishError(f"{out / DATAPACKAGE}: no {DOCUMENTS!r} resource in CSV or Parquet")
    resource, path = docs[0]
    df, _ = _read_frame(path, _format_of(resource, path)[0])
    if df is None:
        raise PublishError(f"{path}: the documents file must be CSV or Parquet")
    ids = field_ids(resource)
    if _column(df, ids, "document_id") is None or _column(df, ids, "kind") is None:
        raise PublishError(f"{path}: no document_id / kind column")
    wanted = {
        "document_id": "document_id",
        "kind": "document_kind",
        "municipality_code": "municipality_code",
        "municipality": "municipality",
        "source_file": "source_file",
    }
    for row in df.iter_rows(named=True):
        doc = {
            key: _cell(row[c])
            for column_id, key in wanted.items()
            if (c := _column(df, ids, column_id)) is not None
        }
        documents[doc["document_id"]] = doc

    tables: list[_Table] = []
    for resource, path in entries:
        fmt = _format_of(resource, path)[0]
        df, bom = _read_frame(path, fmt)
        if df is None:
            tables.append(_Table(resource, path, fmt, [], None))
            continue
        ids = field_ids(resource)
        id_col = _column(df, ids, "document_id")
        if id_col is None:
            raise PublishError(f"{path}: no document_id column: cannot tell whose rows these are")
        code_col = _column(df, ids, "municipality_code")
        groups = []
        for i, doc_id in enumerate(df[id_col].to_list()):
            owner = documents.get(_cell(doc_id))
            if owner is None:
                raise PublishError(f"{path}: row {i + 1}: document {doc_id} is not in documents")
            code = _cell(df[code_col][i]) if code_col else ""
            groups.append(
                _Group(owner["document_kind"], code or owner.get("municipality_code", ""))
            )
        tables.append(_Table(resource, path, fmt, groups, df, bom))
    # An xlsx holds the same rows as the dataset's Parquet, typed as xlsx cells are:
    # its groups and (to split it) its typed rows come from there.
    parquet = {dataset_of(t.resource): t for t in tables if t.format == "Parquet"}
    for table in tables:
        twin = parquet.get(dataset_of(table.resource))
        if table.format == "XLSX" and twin is not None:
            table.frame, table.groups = twin.frame, twin.groups
    return package, tables, documents


def _fiscal_years(tables: Iterable[_Table], group: _Group) -> list[int]:
    """Every fiscal year the group's rows name (columns whose id ends in fiscal_year)."""
    years: set[int] = set()
    for table in tables:
        if table.frame is None:
            continue
        ids = field_ids(table.resource)
        mask = [g == group for g in table.groups]
        for column in table.frame.columns:
            if not ids.get(column, column).endswith("fiscal_year"):
                continue
            for value, mine in zip(table.frame[column].to_list(), mask, strict=True):
                if mine and value not in (None, "") and str(value).lstrip("-").isdigit():
                    years.add(int(value))
    return sorted(years)


def _tag(text: str) -> str:
    """A CKAN tag: word characters, spaces, - _ . only; at most 100 characters."""
    return re.sub(r"[^\w \-.]", "-", text).strip()[:100]


def _license(package: Mapping[str, Any]) -> tuple[str, str]:
    """(name, URL) of the package's first licence; "notspecified" when it states none."""
    licenses = package.get("licenses") or []
    if licenses and isinstance(licenses[0], dict):
        first = licenses[0]
        return str(first.get("name") or first.get("path") or "notspecified"), str(
            first.get("path") or ""
        )
    return "notspecified", ""


def _package_years(package: Mapping[str, Any]) -> list[int]:
    """The fiscal years of the package's `x-temporal-coverage`."""
    coverage = package.get("x-temporal-coverage") or {}
    return sorted(int(y) for y in coverage.get("fiscal_years", []) if isinstance(y, int))


def _created(package: Mapping[str, Any]) -> dt.datetime:
    """The xlsx document time dxparse wrote: the package's `created`, else its fixed default."""
    text = str(package.get("created") or "")
    if text:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    return dt.datetime(1980, 1, 1)


def _write_part(table: _Table, rows: Sequence[bool], dest: Path, created: dt.datetime) -> None:
    """This group's rows of a shared file, written the way dxparse wrote the file."""
    assert table.frame is not None
    part = table.frame.filter(pl.Series(rows))
    if table.format == "XLSX":
        from dxparse.models import BY_NAME
        from dxparse.write import write_xlsx

        model = BY_NAME[dataset_of(table.resource)]
        whole_path = dest.with_name(f".whole-{dest.name}")
        write_xlsx(model, table.frame, whole_path, created)
        same = whole_path.read_bytes() == table.path.read_bytes()
        whole_path.unlink()
        if not same:
            raise PublishError(
                f"{table.path}: cannot be split by municipality faithfully (its Parquet"
                " rows do not write this file back); publish one municipality per OUT folder"
            )
        write_xlsx(model, part, dest, created)
    elif table.format == "CSV":
        whole = io.BytesIO()
        table.frame.write_csv(whole, include_bom=table.bom)
        if whole.getvalue() != table.path.read_bytes():
            raise PublishError(
                f"{table.path}: cannot be split by municipality faithfully"
                " (not written by dxparse?); publish one municipality per OUT folder"
            )
        part.write_csv(dest, include_bom=table.bom)
    else:
        part.write_parquet(dest, statistics=False)


def _local_file(path: Path, name: str, resource: Mapping[str, Any], rows: int | None) -> LocalFile:
    fmt, mimetype = _format_of(resource, path)
    fields: tuple[tuple[str, str], ...] = ()
    key: tuple[str, ...] = ()
    schema = resource.get("schema")
    if fmt == "CSV" and isinstance(schema, dict):
        fields = tuple(
            (str(f["name"]), str(f.get("type", "string"))) for f in schema.get("fields", [])
        )
        key = tuple(str(k) for k in schema.get("primaryKey") or [])
    return LocalFile(
        name=name,
        path=path,
        sha256=sha256_file(path),
        size=path.stat().st_size,
        format=fmt,
        mimetype=mimetype,
        title=str(resource.get("title") or resource.get("name") or name),
        description=str(resource.get("description") or ""),
        dataset=str(resource.get("name") or ""),
        fields=fields,
        primary_key=key,
        rows=rows,
    )


def build_datasets(out: Path, stage: Path) -> LocalOut:
    """Every dataset to publish, with its files (shared files split into `stage`)."""
    package, tables, documents = read_out(out)
    all_groups = sorted(
        {g for t in tables for g in t.groups}
        | {_Group(d["document_kind"], d.get("municipality_code", "")) for d in documents.values()},
        key=lambda g: (g.kind, g.code),
    )
    created = _created(package)
    result = LocalOut([])
    for table in tables:
        if table.frame is None and len(all_groups) > 1:
            result.warnings.append(
                f"{table.path}: shared by several municipalities or document kinds and cannot"
                " be split without the dataset's Parquet (extract with --format"
                " parquet,csv,xlsx); not published"
            )
    for group in all_groups:
        group_dir = stage / group.slug
        group_dir.mkdir(parents=True, exist_ok=True)
        files: list[LocalFile] = []
        part_resources: list[dict[str, Any]] = []
        for table in tables:
            rows = [g == group for g in table.groups]
            if table.frame is None:
                if len(all_groups) > 1:
                    continue
                path, count = table.path, None
            elif not any(rows):
                continue  # none of this group's rows: not its dataset
            elif all(rows):
                path, count = table.path, len(rows)
            else:
                path, count = group_dir / table.path.name, sum(rows)
                _write_part(table, rows, path, created)
            file = _local_file(path, table.path.name, table.resource, count)
            files.append(file)
            part_resources.append(_part_resource(table.resource, file))
        if not files:
            continue
        result.datasets.append(
            _dataset(package, group, tables, documents, files, part_resources, group_dir)
        )
    return result


def _part_resource(resource: Mapping[str, Any], file: LocalFile) -> dict[str, Any]:
    """The resource as this dataset publishes it: its size and digest are the part's."""
    prefix = "x-" if "x-hash" in resource else ""
    return {
        **resource,
        "path": file.name,
        f"{prefix}bytes": file.size,
        f"{prefix}hash": f"sha256:{file.sha256}",
    }


def _dataset(
    package: Mapping[str, Any],
    group: _Group,
    tables: Sequence[_Table],
    documents: Mapping[str, Mapping[str, str]],
    files: list[LocalFile],
    part_resources: list[dict[str, Any]],
    group_dir: Path,
) -> LocalDataset:
    kind_ja, kind_en = KIND_TITLES.get(group.kind, (group.kind, group.kind))
    docs = [
        d
        for d in documents.values()
        if d["document_kind"] == group.kind and (d.get("municipality_code", "") == group.code)
    ]
    names = sorted({d.get("municipality", "") for d in docs} - {""})
    municipality = names[0] if names else _group_name(tables, group)
    label = municipality or (f"団体コード{group.code}" if group.code else UNKNOWN_MUNICIPALITY)
    years = _fiscal_years(tables, group) or _package_years(package)
    title = f"{label} {kind_ja}"
    sources = sorted((d.get("source_file", ""), d["document_id"]) for d in docs)
    lines = [str(package.get("description") or package.get("title") or "").strip()]
    lines.append(
        f"{label}の{kind_ja}({kind_en})から dxparse が抽出したデータ。"
        + (f" 団体コード {group.code}。" if group.code else " 団体コードは不明。")
        + (f" 対象年度 {years[0]}〜{years[-1]}年度。" if years else "")
    )
    if sources:
        lines.append(
            "元の文書 (source documents, sha256): "
            + "; ".join(f"{n} ({sha})" for n, sha in sources)
        )
    lines.append("\n".join(f"- {f.name}: {f.title}" for f in files))
    keywords = [str(k) for k in package.get("keywords") or []]
    tags = tuple(
        dict.fromkeys(t for t in map(_tag, [*keywords, kind_ja, label, "dxparse"]) if len(t) >= 2)
    )
    extras = {
        "document_kind": group.kind,
        "municipality_code": group.code,
        "municipality": municipality,
        "spatial_text": f"{label} ({group.code})" if group.code else label,
        "language": "ja",
        "fiscal_years": ",".join(map(str, years)),
    }
    if years:  # a Japanese fiscal year runs April to March
        extras["temporal_start"] = f"{years[0]}-04-01"
        extras["temporal_end"] = f"{years[-1] + 1}-03-31"
    if package.get("created"):
        extras["issued"] = str(package["created"])
    name = _slug(f"dxparse-{group.slug}")
    sub_package = {
        **{k: v for k, v in package.items() if k != "resources"},
        "name": name,
        "title": title,
        "resources": part_resources,
    }
    meta_path = group_dir / DATAPACKAGE
    meta_path.write_text(json.dumps(sub_package, ensure_ascii=False, indent=2) + "\n", "utf-8")
    meta = {"name": DATAPACKAGE, "title": "データパッケージ (Frictionless Data Package)"}
    files.append(_local_file(meta_path, DATAPACKAGE, {**meta, "format": "json"}, None))
    return LocalDataset(
        name=name,
        title=title,
        notes="\n\n".join(line for line in lines if line),
        tags=tags,
        license=_license(package)[0],
        license_url=_license(package)[1],
        extras=extras,
        files=tuple(files),
    )


def _group_name(tables: Sequence[_Table], group: _Group) -> str:
    for table in tables:
        if table.frame is None:
            continue
        ids = field_ids(table.resource)
        col = _column(table.frame, ids, "municipality")
        if col is None:
            continue
        for value, g in zip(table.frame[col].to_list(), table.groups, strict=True):
            if g == group and value:
                return str(value)
    return ""


def _slug(text: str) -> str:
    """A CKAN name: lowercase a-z, 0-9, - and _, 2 to 100 characters."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")[:100]
