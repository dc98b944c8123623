"""Stage 1 — read an input file into a SourceDocument (the I/O edge).

PDFs through pdfplumber: chars with position, size and font,
ruling edges, and the ruled tables pdfplumber's lattice finder sees. Text
layers (`.txt`, like the seeds) as lines per page, form feed = page break.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSEOF

from dxparse.document import BBox, Edge, Page, SourceDocument, Table, TextItem
from dxparse.normalise import normalize_chars

PDF_SUFFIXES = frozenset({".pdf"})
TEXT_SUFFIXES = frozenset({".txt"})
INPUT_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES

# Ruled tables only: PowerPoint and Excel exports draw every cell border.
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


class InputError(Exception):
    """An input that cannot be read; the message is the one-line reason."""


def document_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, *, max_pages: int | None = None) -> SourceDocument:
    """Read one input file. Raises InputError with a one-line reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise InputError("empty file (0 bytes)")
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path, data, max_pages)
    if suffix in TEXT_SUFFIXES:
        return _read_text(path, data)
    raise InputError(f"unsupported file type {suffix or '(none)'!r}")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Shift_JIS (cp932)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")
    except UnicodeDecodeError as exc:
        raise InputError("text is neither UTF-8, UTF-16 nor Shift_JIS") from exc


def _read_text(path: Path, data: bytes) -> SourceDocument:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f")
    pages = tuple(
        Page(number=i, lines=tuple(normalize_chars(line) for line in chunk.split("\n")))
        for i, chunk in enumerate(chunks, start=1)
    )
    return SourceDocument(
        path=str(path),
        source_file=path.name,
        document_id=document_id(data),
        media_type="text/plain",
        pages=pages,
        # Without form feeds a text layer does not say how many pages it had.
        page_count=len(pages) if len(pages) > 1 else None,
    )


def _read_pdf(path: Path, data: bytes, max_pages: int | None) -> SourceDocument:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError("not a PDF (no %PDF header)")
    try:
        with pdfplumber.open(path) as pdf:
            total = len(pdf.pages)
            if max_pages is not None and total > max_pages:
                raise InputError(f"{total} pages, more than the page cap of {max_pages}")
            pages = tuple(_read_page_and_close(page) for page in pdf.pages)
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise InputError(_pdf_failure(exc)) from exc
    return SourceDocument(
        path=str(path),
        source_file=path.name,
        document_id=document_id(data),
        media_type="application/pdf",
        pages=pages,
        page_count=total,
    )


def _pdf_failure(exc: BaseException) -> str:
    """A one-line reason for a PDF pdfminer could not read."""
    # pdfplumber wraps pdfminer's exception as the first argument.
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return "encrypted PDF: a password is needed to read it"
    if isinstance(cause, PSEOF):
        return "truncated or damaged PDF (unexpected end of file)"
    if isinstance(cause, PDFSyntaxError):
        return f"damaged PDF: {cause}"
    return f"unreadable PDF: {type(cause).__name__}: {cause}".rstrip(": ")


def _box(obj: dict[str, Any]) -> BBox:
    return BBox(float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))


def _read_page_and_close(page: Any) -> Page:
    try:
        return _read_page(page)
    finally:
        # Drop pdfplumber's per-page layout cache: memory stays flat on long files.
        page.close()


# A page prints a few hundred distinct glyphs thousands of times.
_normalize_glyph = lru_cache(maxsize=65536)(normalize_chars)


def _text_item(obj: dict[str, Any], normalise: Callable[[str], str]) -> TextItem:
    return TextItem(
        text=normalise(obj["text"]),
        raw=obj["text"],
        box=_box(obj),
        size=round(float(obj["size"]), 2),
        fontname=str(obj["fontname"]),
        upright=bool(obj.get("upright", True)),
    )


def _read_page(page: Any) -> Page:
    chars = tuple(_text_item(c, _normalize_glyph) for c in page.chars)
    edges = tuple(
        Edge(
            orientation="h" if e["orientation"] == "h" else "v",
            x0=float(e["x0"]),
            top=float(e["top"]),
            x1=float(e["x1"]),
            bottom=float(e["bottom"]),
        )
        for e in page.edges
    )
    tables = []
    for found in page.find_tables(TABLE_SETTINGS):
        cells = tuple(BBox(*(float(v) for v in cell)) for cell in found.cells)
        xs = tuple(sorted({round(c.x0, 1) for c in cells} | {round(c.x1, 1) for c in cells}))
        ys = tuple(sorted({round(c.top, 1) for c in cells} | {round(c.bottom, 1) for c in cells}))
        tables.append(Table(box=BBox(*(float(v) for v in found.bbox)), cells=cells, xs=xs, ys=ys))
    text = page.extract_text() or ""
    return Page(
        number=int(page.page_number),
        width=float(page.width),
        height=float(page.height),
        lines=tuple(normalize_chars(line) for line in text.split("\n")),
        chars=chars,
        edges=edges,
        tables=tuple(tables),
    )
