"""The staged pipeline for one document, and for a batch.

read → classify → parse → validate; each document is processed on its own
and never raises, so one bad file cannot cost the others their results.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from dxparse.coverage import ledger
from dxparse.document import UNMAPPED, SourceDocument
from dxparse.inputs import (
    DEFAULT_ENGINE,
    INPUT_SUFFIXES,
    InputError,
    document_id,
    file_kind,
    load_input,
    source_name,
)
from dxparse.models import DATASETS, Document, Record
from dxparse.municipality import resolve
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
    max_memory: int | None = None  # bytes of address space per worker process
    engine: str = DEFAULT_ENGINE  # the PDF engine (inputs.ENGINES)


# A record as the writer takes it: its values in the model's field order.
Row = tuple[Any, ...]


@dataclass(slots=True)
class DocumentOutcome:
    """What one input contributes to the output.

    A worker sends its outcome `compacted`: the records as plain rows
    (`rows`, `records` empty), which cost this process a fraction of
    unpickling the models, and what the writer takes as they are.
    """

    path: Path
    document: Document
    records: dict[str, list[Record]] = field(default_factory=dict)
    message: str | None = None  # the one line for stderr, if any
    rows: dict[str, list[Row]] | None = None  # every dataset's rows, documents' too

    def compacted(self) -> DocumentOutcome:
        """The same outcome with its records (and its document) as rows."""
        if self.rows is not None:
            return self
        return DocumentOutcome(self.path, self.document, {}, self.message, self.dataset_rows())

    def dataset_rows(self) -> dict[str, list[Row]]:
        """Each dataset's rows this outcome adds to the output (`merge`'s order)."""
        if self.rows is not None:
            return self.rows
        return {
            dataset: [as_row(record) for record in records]
            for dataset, records in merge([self]).items()
            if records
        }


def as_row(record: Record) -> Row:
    """A record's values in its model's field order (what the writer takes).

    pydantic fills `__dict__` in the field order (extra="forbid": nothing
    else in it; tests/test_outputs.py checks the order), so its values are the
    row without pydantic's per-record generator."""
    return tuple(record.__dict__.values())


class UsageError(Exception):
    """Bad command-line input (exit 2)."""


_CONTROL = regex.compile(r"[\p{Cc}\u2028\u2029]")


def shown(text: object) -> str:
    """Text fit for one line of stderr: bytes of a file name that are not
    UTF-8 as `\\xNN`, control characters (a newline in a name) as escapes."""
    printable = os.fsencode(str(text)).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], printable)


@dataclass(slots=True)
class Inputs:
    """The files to read, and what was found but cannot be read (path, reason)."""

    paths: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def find_inputs(inputs: Iterable[Path]) -> Inputs:
    """Files as given, folders searched recursively; sorted, no repeats.

    A name that does not exist is a UsageError. In a folder, files without
    an input suffix are ignored; a FIFO, device, broken or looping symbolic
    link with one, and a folder that cannot be listed, are `skipped` with a
    reason (only regular files are read). A file named on the command line
    is always read (or fails with its reason), whatever its name.
    """
    found = Inputs()
    for path in inputs:
        try:
            info = path.stat()
        except FileNotFoundError as exc:
            if path.is_symlink():
                found.skipped.append((path, "broken symbolic link (its target does not exist)"))
                continue
            raise UsageError(f"{shown(path)}: no such file or folder") from exc
        except OSError as exc:
            found.skipped.append((path, _stat_failure(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(path, {(info.st_dev, info.st_ino)}, found)
        elif stat.S_ISREG(info.st_mode):
            found.paths.append(path)
        else:
            found.skipped.append((path, _not_regular(info.st_mode)))
    found.paths = sorted(set(found.paths), key=lambda p: str(p))
    found.skipped.sort(key=lambda item: str(item[0]))
    return found


def _not_regular(mode: int) -> str:
    return f"not a regular file ({file_kind(mode)}); not read"


def _stat_failure(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop; not read"
    return f"cannot read: {exc.strerror or exc}"


def _walk(folder: Path, ancestors: set[tuple[int, int]], found: Inputs) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        found.skipped.append((folder, f"cannot list folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        path = Path(entry.path)
        wanted = path.suffix.lower() in INPUT_SUFFIXES
        try:
            info = entry.stat()  # follows a symbolic link
        except OSError as exc:
            if wanted or entry.is_symlink():
                reason = (
                    "broken symbolic link (its target does not exist)"
                    if isinstance(exc, FileNotFoundError)
                    else _stat_failure(exc)
                )
                if wanted or exc.errno == errno.ELOOP:
                    found.skipped.append((path, reason))
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                found.skipped.append((path, "symbolic link loop (to a folder it is in)"))
                continue
            _walk(path, ancestors | {key}, found)
        elif not wanted:
            continue
        elif stat.S_ISREG(info.st_mode):
            found.paths.append(path)
        else:
            found.skipped.append((path, _not_regular(info.st_mode)))


def collect_inputs(inputs: Iterable[Path]) -> list[Path]:
    """The regular files among the inputs (see find_inputs)."""
    return find_inputs(inputs).paths


def _media_type(path: Path) -> str:
    return "application/pdf" if path.suffix.lower() == ".pdf" else "text/plain"


def failed_outcome(
    path: Path,
    reason: str,
    options: Options,
    doc_id: str | None = None,
    issues: Sequence[Issue] = (),
    pages: int | None = None,
) -> DocumentOutcome:
    """The outcome of a document that could not be processed at all.

    The file is not read here (it may be what hung or blew up): `doc_id` is
    the hash of its bytes when they were read, else that of its path;
    `pages` its page count when that is known.
    """
    if doc_id is None:
        doc_id = document_id(os.fsencode(str(path)))
    code, municipality = resolve(options.municipality_code, options.municipality)
    context = DocumentContext(doc_id, code, municipality)
    document = document_record(
        context,
        source_file=source_name(path),
        media_type=_media_type(path),
        kind="unknown",
        pages=pages,
        status="failed",
        error=reason,
    )
    issue = Issue(code="unreadable_input", message=reason, severity="error", dataset="documents")
    found = [issue, *issues, *formula_issues({"documents": [document]})]
    return DocumentOutcome(
        path,
        document,
        {"extraction_issues": list(issue_records(found, context))},
        message=shown(f"{path}: {reason}"),
    )


# Distinct warnings of the PDF reader kept per document (each with a count).
MAX_READER_WARNINGS = 20


class _Captured(logging.Handler):
    """Log records and warnings of the libraries while one document is read."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = f"{record.name}: {record.getMessage()}"
        except Exception:  # a library's bad format string
            line = f"{record.name}: {record.msg!r}"
        self.counts[line] = self.counts.get(line, 0) + 1

    def issues(self) -> list[Issue]:
        lines = list(self.counts.items())
        found = [
            Issue(
                code="reader_warning",
                message=shown(line) + (f" ({n} times)" if n > 1 else ""),
                dataset="documents",
            )
            for line, n in lines[:MAX_READER_WARNINGS]
        ]
        if len(lines) > MAX_READER_WARNINGS:
            found.append(
                Issue(
                    code="reader_warning",
                    message=f"and {len(lines) - MAX_READER_WARNINGS} other warnings",
                    dataset="documents",
                )
            )
        return found


@contextmanager
def _capture_warnings() -> Iterator[_Captured]:
    """pdfminer's warnings (logging) and Python warnings of one document,
    kept for its issue rows instead of reaching stderr without a file name."""
    handler = _Captured()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            yield handler
        for warning in caught:
            line = f"{warning.category.__name__}: {warning.message}"
            handler.counts[line] = handler.counts.get(line, 0) + 1
    finally:
        root.removeHandler(handler)


def process_document(
    path: Path, options: Options, on_read: Callable[[str], None] | None = None
) -> DocumentOutcome:
    """Run every stage on one file. Never raises for a bad input (but lets a
    MemoryError through: the caller's memory bound was reached).

    `on_read` gets the document_id as soon as the bytes are read.
    """
    # The city's vocabulary is set here, in whichever process reads the
    # document (the files were checked by the CLI).
    with using_vocabulary(options.vocabulary), _capture_warnings() as captured:
        return _process(path, options, on_read, captured)


def _process(
    path: Path,
    options: Options,
    on_read: Callable[[str], None] | None,
    captured: _Captured,
) -> DocumentOutcome:
    # The stages, here: the process that runs a batch never reads a document
    # and need not import pdfplumber and the parsers (workers have them
    # preloaded, see pool.PRELOAD).
    from dxparse.classify import classify
    from dxparse.parsers import PARSERS
    from dxparse.read import read_document

    try:
        data = load_input(path)
    except InputError as exc:
        return failed_outcome(path, str(exc), options)
    doc_id = document_id(data)
    if on_read is not None:
        on_read(doc_id)
    try:
        doc = read_document(path, max_pages=options.max_pages, data=data, engine=options.engine)
    except InputError as exc:
        return failed_outcome(path, str(exc), options, doc_id, captured.issues(), exc.pages)

    blank = [p.number for p in doc.pages if p.blank]
    textless = [p.number for p in doc.pages if p.has_geometry and not p.chars and not p.blank]
    nothing_read = _nothing_to_read(doc, blank, textless)
    if nothing_read is not None:
        return failed_outcome(
            path, nothing_read, options, doc_id, captured.issues(), doc.page_count
        )

    found = classify(doc)
    try:
        parser = PARSERS.get(found.kind)
        parsed = parser(doc) if parser else ParseResult()
    except MemoryError:
        raise
    except Exception as exc:  # a parser bug must not cost the batch
        detail = traceback.format_exc() if options.debug else ""
        reason = f"parser error: {type(exc).__name__}: {exc}{detail}"
        return failed_outcome(path, reason, options, doc_id, captured.issues(), doc.page_count)
    for number in textless:
        parsed.error(
            "no_text_layer",
            "page has no text layer (a scanned image?); nothing on it was read",
            page=number,
        )
    for number in blank:
        parsed.warn("blank_page", "page is blank (nothing is drawn on it)", page=number)
    parsed.issues.extend(unmapped_glyph_issues(doc))
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
    ledgered = ledger(
        doc, parsed.ledger_pages, validated.read, parsed.furniture_sources, validated.issues
    )
    validated.issues.extend(ledgered.issues)
    validated.issues.extend(formula_issues(validated.records))
    validated.issues.extend(captured.issues())
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
        chars_total=ledgered.chars_total,
        chars_used=ledgered.chars_used,
    )
    # A file name a spreadsheet would run (`=HYPERLINK(…).txt`) is reported too.
    validated.issues.extend(formula_issues({"documents": [document]}))
    records = dict(validated.records)
    records["extraction_issues"] = list(issue_records(validated.issues, context))
    message = shown(f"{path}: partial: {errors[0].message}") if errors else None
    return DocumentOutcome(path, document, records, message)


def _nothing_to_read(doc: SourceDocument, blank: list[int], textless: list[int]) -> str | None:
    """Why a PDF with nothing to read fails, if it is one."""
    if doc.media_type != "application/pdf":
        return None
    if not doc.pages:
        return "PDF has no pages"
    if len(blank) == len(doc.pages):
        return "every page is blank (nothing is drawn on any page)"
    if len(blank) + len(textless) == len(doc.pages):
        return "no text layer on any page (a scan? run OCR first)"
    return None


def unmapped_glyph_issues(doc: SourceDocument) -> list[Issue]:
    """An error per page that prints glyphs with no Unicode mapping: text
    printed that could not be read (values holding one are left null)."""
    found = []
    for page in doc.pages:
        count = sum(1 for c in page.chars if c.raw == UNMAPPED)
        if count:
            found.append(
                Issue(
                    code="unmapped_glyphs",
                    message=f"{count} glyphs on the page have no Unicode mapping"
                    " (their font does not say which characters they are); not read",
                    severity="error",
                    page=page.number,
                    raw=str(count),
                )
            )
    return found


def merge(outcomes: Iterable[DocumentOutcome]) -> dict[str, list[Record]]:
    """All documents' records per dataset, in input order."""
    merged: dict[str, list[Record]] = {model.dataset_id: [] for model in DATASETS}
    for outcome in outcomes:
        merged["documents"].append(outcome.document)
        for dataset, records in outcome.records.items():
            merged[dataset].extend(records)
    return merged
