"""Stage 5 — parser rows to validated pydantic records.

A value that fails its column's rule is set to null and reported (error);
a row that still fails is dropped and reported. A label outside an open
vocabulary is kept and reported (warning). Nothing is dropped silently.

The sources a parser attached to a row become `provenance` records for the
fields published (a value nulled here has none: its issue carries the box).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, get_args

from pydantic import ValidationError

from dxparse.document import UNMAPPED
from dxparse.models import (
    BY_NAME,
    Document,
    ExtractionIssue,
    Provenance,
    Record,
    Series,
    column_types,
    period_key,
)
from dxparse.records import SOURCES, Issue, ParseResult, Row, Source, sources_of, union

# Excel runs a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """The columns the pipeline adds to every row of one document."""

    document_id: str
    municipality_code: str | None
    municipality: str | None

    def columns(self) -> dict[str, Any]:
        return {
            "municipality_code": self.municipality_code,
            "municipality": self.municipality,
            "document_id": self.document_id,
        }


@dataclass(slots=True)
class Validated:
    """Records per dataset for one document, issues last."""

    records: dict[str, list[Record]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    # Where the published values were printed (the ledger counts them as read).
    read: list[Source] = field(default_factory=list)


def _row_key(model: type[Record], row: Row) -> str:
    """The documented key: the primary key without document_id, parts joined by
    `/`; a part not known is empty."""
    values = dict(row)
    if "period_key" in model.model_fields and values.get("period_key") is None:
        values["period_key"] = period_key(values.get("period"), values.get("fiscal_year"))
    parts = [values.get(k) for k in model.primary_key if k != "document_id"]
    return "/".join("" if part is None else str(part) for part in parts)


_CATEGORIES = ("revenue", "expenditure", "total")
_SERIES: tuple[str, ...] = get_args(Series)


def _grid_key(parts: list[str], dataset: str) -> list[str]:
    """A parser's grid-cell key (`year:2016:expenditure:actual`, `final:actual`) in
    the dataset's key order: period_key[/category]/series, a part not given empty."""
    period = category = series = ""
    rest = list(parts)
    while rest:
        token = rest.pop(0)
        if token in ("year", "baseline") and rest and rest[0].isdigit():
            period = f"{token}-{rest.pop(0)}"
        elif token in ("year", "baseline", "final"):
            period = token
        elif token in _CATEGORIES:
            category = token
        elif token in _SERIES:
            series = token
    return [period, category, series] if dataset == "ap_fiscal_effects" else [period, series]


def normal_key(issue: Issue, edition: int | None) -> str | None:
    """A parser issue's key in the documented form (see README, extraction_issues):
    parsers write the parts after document_id and edition joined by `:`."""
    if issue.key is None or issue.key == "*":
        return issue.key
    parts = issue.key.split(":")
    if issue.dataset is None or not issue.dataset.startswith("ap_"):
        return "/".join(parts)
    head, rest = parts[0], parts[1:]
    if issue.dataset in ("ap_indicator_values", "ap_fiscal_effects") and rest:
        rest = _grid_key(rest, issue.dataset)
    edition_part = "" if edition is None else str(edition)
    return "/".join([edition_part, head, *rest])


def _edition(rows: dict[str, list[Row]]) -> int | None:
    """The edition the document's action-plan rows have (one per document)."""
    editions = {
        row.get("edition_fiscal_year")
        for name, dataset_rows in rows.items()
        if name.startswith("ap_")
        for row in dataset_rows
    }
    editions.discard(None)
    return editions.pop() if len(editions) == 1 else None


def where(sources: list[Source]) -> dict[str, Any]:
    """An issue's page, box and lines from the sources of the value it is about."""
    if not sources:
        return {}
    page = sources[0].page
    same = [s for s in sources if s.page == page]
    lines = [s.lines for s in same if s.lines is not None]
    return {
        "page": page,
        "box": union(s.box for s in same if s.box is not None),
        "lines": (min(a for a, _ in lines), max(b for _, b in lines)) if lines else None,
    }


def _validate_row(model: type[Record], row: Row, out: Validated) -> Record | None:
    sources = sources_of(row)
    row = {name: value for name, value in row.items() if name != SOURCES}
    key = _row_key(model, row) or None
    page = row.get("page") if isinstance(row.get("page"), int) else None
    candidate = dict(row)
    if not _drop_unread_glyphs(model, candidate, out, key, page, sources):
        return None
    for check in model.consistency:
        if check.holds(candidate):
            continue
        required = [f for f in check.fields if model.model_fields[f].is_required()]
        out.issues.append(
            Issue(
                code="inconsistent_row" if required else "inconsistent_values",
                message=check.rule + ("; row dropped" if required else "; values left null"),
                severity="error",
                dataset=model.dataset_id,
                key=key,
                field=";".join(check.fields),
                raw=";".join(str(candidate.get(f)) for f in check.fields),
                **({"page": page} | where([s for f in check.fields for s in sources.get(f, [])])),
            )
        )
        if required:
            return None
        candidate.update(dict.fromkeys(check.fields))
    for _ in range(len(candidate) + 1):
        try:
            record = model.model_validate(candidate)
        except ValidationError as exc:
            bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
            nullable = {
                name
                for name in bad
                if name in model.model_fields
                and not model.model_fields[name].is_required()
                and candidate.get(name) is not None
            }
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else None
                out.issues.append(
                    Issue(
                        code="invalid_value" if name in nullable else "invalid_row",
                        message=f"{name}: {err['msg']}"
                        + ("; value left null" if name in nullable else "; row dropped"),
                        severity="error",
                        dataset=model.dataset_id,
                        key=key,
                        field=name,
                        raw=None if name is None else str(candidate.get(name)),
                        **({"page": page} | where(sources.get(name or "", []))),
                    )
                )
            if not nullable:
                return None
            for name in nullable:
                candidate[name] = None
            continue
        _provenance(record, sources, out)
        return record
    return None


def _provenance(record: Record, sources: dict[str, list[Source]], out: Validated) -> None:
    # The record's values as validated (extra="forbid": its fields only), read
    # once instead of a model_dump and a getattr per field.
    values = record.__dict__
    fields = type(record).model_fields
    # A dataset with one row per document (dx_reports) has no key of its own:
    # `*`, the document's row (an empty key would be no key in a CSV).
    key = _row_key(type(record), values) or "*"
    columns = {
        "municipality_code": values["municipality_code"],
        "municipality": values["municipality"],
        "document_id": values["document_id"],
        "dataset": record.dataset_id,
        "key": key,
    }
    for name, places in sources.items():
        if name not in fields or values[name] is None:
            continue
        out.read.extend(places)
        for part, place in enumerate(places, start=1):
            box = place.box
            out.records.setdefault(Provenance.dataset_id, []).append(
                Provenance.model_validate(
                    {
                        **columns,
                        "field": name,
                        "part": part,
                        "page": place.page,
                        "x0": None if box is None else round(box.x0, 2),
                        "top": None if box is None else round(box.top, 2),
                        "x1": None if box is None else round(box.x1, 2),
                        "bottom": None if box is None else round(box.bottom, 2),
                        "line_first": None if place.lines is None else place.lines[0],
                        "line_last": None if place.lines is None else place.lines[1],
                    }
                )
            )


def _drop_unread_glyphs(
    model: type[Record],
    candidate: Row,
    out: Validated,
    key: str | None,
    page: int | None,
    sources: dict[str, list[Source]],
) -> bool:
    """Text values holding a glyph with no Unicode mapping are left null (the
    row dropped when the field is required): what they say is not known."""
    for name, value in list(candidate.items()):
        if not isinstance(value, str) or UNMAPPED not in value:
            continue
        field_info = model.model_fields.get(name)
        required = field_info is not None and field_info.is_required()
        out.issues.append(
            Issue(
                code="unmapped_glyphs",
                message=f"{name} holds glyphs with no Unicode mapping (U+FFFD);"
                + (" row dropped" if required else " value left null"),
                severity="error",
                dataset=model.dataset_id,
                key=key,
                field=name,
                raw=value,
                **({"page": page} | where(sources.get(name, []))),
            )
        )
        if required:
            return False
        candidate[name] = None
    return True


def _vocabulary_issues(record: Record, out: Validated) -> None:
    for name, known in record.vocabularies.items():
        value = record.__dict__[name]
        if value is not None and value not in known:
            out.issues.append(
                Issue(
                    code="unknown_label",
                    message=f"{name} {value!r} is not one of the known labels; kept as printed",
                    dataset=record.dataset_id,
                    key=_row_key(type(record), record.__dict__) or None,
                    field=name,
                    page=record.__dict__.get("page"),
                    raw=str(value),
                )
            )


def validate(parsed: ParseResult, context: DocumentContext) -> Validated:
    edition = _edition(parsed.rows)
    out = Validated(
        issues=[replace(issue, key=normal_key(issue, edition)) for issue in parsed.issues]
    )
    for dataset in sorted(parsed.rows, key=lambda name: list(BY_NAME).index(name)):
        model = BY_NAME[dataset]
        kept: list[Record] = []
        for row in parsed.rows[dataset]:
            record = _validate_row(model, {**row, **context.columns()}, out)
            if record is not None:
                _vocabulary_issues(record, out)
                kept.append(record)
        out.records[dataset] = kept
    return out


def issue_records(issues: list[Issue], context: DocumentContext) -> list[ExtractionIssue]:
    return [
        ExtractionIssue(
            **context.columns(),
            issue_no=number,
            page=issue.page,
            dataset=issue.dataset,
            key=issue.key,
            field=issue.field,
            severity=issue.severity,
            code=issue.code,
            message=issue.message,
            raw=issue.raw,
            x0=None if issue.box is None else round(issue.box.x0, 2),
            top=None if issue.box is None else round(issue.box.top, 2),
            x1=None if issue.box is None else round(issue.box.x1, 2),
            bottom=None if issue.box is None else round(issue.box.bottom, 2),
            line_first=None if issue.lines is None else issue.lines[0],
            line_last=None if issue.lines is None else issue.lines[1],
        )
        for number, issue in enumerate(issues, start=1)
    ]


def document_record(
    context: DocumentContext,
    *,
    source_file: str,
    media_type: str,
    kind: str,
    pages: int | None,
    status: str,
    error: str | None,
    chars_total: int | None = None,
    chars_used: int | None = None,
) -> Document:
    return Document.model_validate(
        {
            **context.columns(),
            "source_file": source_file,
            "media_type": media_type,
            "kind": kind,
            "pages": pages,
            "status": status,
            "error": error,
            "chars_total": chars_total,
            "chars_used": chars_used,
        }
    )


@cache
def _text_fields(model: type[Record]) -> tuple[str, ...]:
    """The model's text fields, in field order (a formula check reads no other)."""
    return tuple(name for name, kind in column_types(model).items() if kind is str)


def formula_issues(records: dict[str, list[Record]]) -> list[Issue]:
    """A warning for each text value a spreadsheet would run as a formula."""
    found: list[Issue] = []
    for dataset_records in records.values():
        for record in dataset_records:
            # The record's values as validated (extra="forbid": no extras),
            # without pydantic's generator per record; only its text fields.
            values = record.__dict__
            for name in _text_fields(type(record)):
                value = values[name]
                if value is not None and value.startswith(FORMULA_STARTS):
                    found.append(
                        Issue(
                            code="csv_formula_text",
                            message=f"{name} starts with a formula character;"
                            " the CSV prefixes it with ' (Parquet keeps it exactly)",
                            dataset=record.dataset_id,
                            key=_row_key(type(record), values) or None,
                            field=name,
                            page=values.get("page"),
                            raw=value,
                        )
                    )
    return found
