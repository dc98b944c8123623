"""The staged pipeline for one document, and for a batch.

read → classify → parse → validate; each document is processed on its own
and never raises, so one bad file cannot cost the others their results.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dxparse.classify import classify
from dxparse.models import DATASETS, Document, Record
from dxparse.municipality import resolve
from dxparse.parsers import PARSERS
from dxparse.read import INPUT_SUFFIXES, InputError, document_id, read_document
from dxparse.records import Issue, ParseResult
from dxparse.validate import (
    DocumentContext,
    document_record,
    formula_issues,
    issue_records,
    validate,
)
from dxparse.vocabulary import using as using_vocabulary


@dataclass(frozen=True, slots=True)
class Options:
    municipality_code: str | None = None
    municipality: str | None = None
    max_pages: int | None = None
    timeout: float | None = None  # seconds per document
    debug: bool = False
    vocabulary: tuple[str, ...] = ()  # a city's vocabulary files, on top of the shipped one


@dataclass(slots=True)
class DocumentOutcome:
    """What one input contributes to the output."""

    path: Path
    document: Document
    records: dict[str, list[Record]] = field(default_factory=dict)
    message: str | None = None  # the one line for stderr, if any


class UsageError(Exception):
    """Bad command-line input (exit 2)."""


def collect_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Files as given, folders searched recursively; sorted, no repeats."""
    found: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found.extend(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
            )
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return sorted(set(found), key=lambda p: str(p))


def _media_type(path: Path) -> str:
    return "application/pdf" if path.suffix.lower() == ".pdf" else "text/plain"


def failed_outcome(path: Path, reason: str, options: Options) -> DocumentOutcome:
    """The outcome of a document that could not be processed at all."""
    try:
        doc_id = document_id(path.read_bytes())
    except OSError:
        doc_id = document_id(str(path).encode("utf-8"))
    code, municipality = resolve(options.municipality_code, options.municipality)
    context = DocumentContext(doc_id, code, municipality)
    document = document_record(
        context,
        source_file=path.name,
        media_type=_media_type(path),
        kind="unknown",
        pages=None,
        status="failed",
        error=reason,
    )
    issue = Issue(code="unreadable_input", message=reason, severity="error", dataset="documents")
    return DocumentOutcome(
        path,
        document,
        {"extraction_issues": list(issue_records([issue], context))},
        message=f"{path}: {reason}",
    )


def process_document(path: Path, options: Options) -> DocumentOutcome:
    """Run every stage on one file. Never raises for a bad input."""
    # Set here, in whichever process reads the document (the files were checked by the CLI).
    with using_vocabulary(options.vocabulary):
        return _process_document(path, options)


def _process_document(path: Path, options: Options) -> DocumentOutcome:
    try:
        doc = read_document(path, max_pages=options.max_pages)
    except InputError as exc:
        return failed_outcome(path, str(exc), options)

    blank = [p.number for p in doc.pages if p.has_geometry and not p.chars]
    if doc.pages and len(blank) == len(doc.pages) and doc.media_type == "application/pdf":
        return failed_outcome(path, "no text layer on any page (a scan? run OCR first)", options)

    found = classify(doc)
    try:
        parser = PARSERS.get(found.kind)
        parsed = parser(doc) if parser else ParseResult()
    except Exception as exc:  # a parser bug must not cost the batch
        detail = traceback.format_exc() if options.debug else ""
        return failed_outcome(path, f"parser error: {type(exc).__name__}: {exc}{detail}", options)
    for number in blank:
        parsed.error(
            "no_text_layer",
            "page has no text layer (a scanned image?); nothing on it was read",
            page=number,
        )
    if found.kind == "unknown":
        parsed.warn(
            "unknown_kind",
            "neither a DX progress report nor action-plan sheets"
            f" ({len(found.cues)} cue phrases found)",
            dataset="documents",
        )

    code, municipality = resolve(
        options.municipality_code, options.municipality or parsed.municipality
    )
    if code is None and municipality is None:
        parsed.warn(
            "municipality_unknown",
            "neither the document, the command line nor the code table gives the"
            " municipality: 全国地方公共団体コード and 地方公共団体名 are empty in every row"
            " (pass --municipality-code)",
            dataset="documents",
            field="municipality_code",
        )
    context = DocumentContext(doc.document_id, code, municipality)
    validated = validate(parsed, context)
    validated.issues.extend(formula_issues(validated.records))
    errors = [i for i in validated.issues if i.severity == "error"]
    status = "partial" if errors else "ok"
    document = document_record(
        context,
        source_file=doc.source_file,
        media_type=doc.media_type,
        kind=found.kind,
        pages=doc.page_count,
        status=status,
        error=f"{len(errors)} extraction errors, see extraction_issues" if errors else None,
    )
    records = dict(validated.records)
    records["extraction_issues"] = list(issue_records(validated.issues, context))
    message = f"{path}: partial: {errors[0].message}" if errors else None
    return DocumentOutcome(path, document, records, message)


def merge(outcomes: Iterable[DocumentOutcome]) -> dict[str, list[Record]]:
    """All documents' records per dataset, in input order."""
    merged: dict[str, list[Record]] = {model.dataset_id: [] for model in DATASETS}
    for outcome in outcomes:
        merged["documents"].append(outcome.document)
        for dataset, records in outcome.records.items():
            merged[dataset].extend(records)
    return merged
