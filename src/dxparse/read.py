"""Stage 1 — read an input file into a SourceDocument (the I/O edge).

PDFs through pdfplumber: chars with position, size and font,
ruling edges, and the ruled tables pdfplumber's lattice finder sees. Text
layers (`.txt`, like the seeds) as lines per page, form feed = page break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTItem, LTLine, LTRect
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSEOF
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.table import TableSettings, merge_edges
from pdfplumber.utils.geometry import curve_to_edges, filter_edges, line_to_edge, rect_to_edges

from dxparse.document import (
    UNMAPPED,
    Edge,
    Page,
    SourceDocument,
    Table,
    TextItem,
    new_bbox,
    new_glyph,
)
from dxparse.inputs import DEFAULT_ENGINE as DEFAULT_ENGINE
from dxparse.inputs import ENGINES as ENGINES
from dxparse.inputs import INPUT_SUFFIXES as INPUT_SUFFIXES
from dxparse.inputs import PDF_SUFFIXES as PDF_SUFFIXES
from dxparse.inputs import TEXT_MAX_BYTES as TEXT_MAX_BYTES
from dxparse.inputs import TEXT_SUFFIXES as TEXT_SUFFIXES
from dxparse.inputs import InputError as InputError
from dxparse.inputs import document_id as document_id
from dxparse.inputs import has_pdf_header
from dxparse.inputs import load_input as load_input
from dxparse.inputs import source_name as source_name
from dxparse.normalise import normalize_chars
from dxparse.read_lines import page_text
from dxparse.utils.lattice import cells_to_tables, edges_to_intersections, intersections_to_cells
from dxparse.utils.orientation import upright_page

# Ruled tables only: PowerPoint and Excel exports draw every cell border.
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


# Points: a ruling whose ends differ by less than this across it is straight.
STRAIGHT = 0.01


def read_document(
    path: Path,
    *,
    max_pages: int | None = None,
    data: bytes | None = None,
    engine: str = DEFAULT_ENGINE,
) -> SourceDocument:
    """Read one input file (its bytes `data` when already loaded) with the PDF
    `engine` (one of ENGINES). Raises InputError with a one-line reason."""
    if data is None:
        data = load_input(path)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path, data, max_pages, engine)
    if suffix in TEXT_SUFFIXES:
        return _read_text(path, data)
    raise InputError(f"unsupported file type {suffix or '(none)'!r}")


_BOMS = (
    # UTF-32 first: its little-endian mark starts like UTF-16's.
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def decode_text(data: bytes) -> str:
    """UTF-8, UTF-16 or UTF-32 with a byte-order mark; without one UTF-8,
    else Shift_JIS (cp932). Anything else is an InputError, never a guess."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            width = {"UTF-16": 2, "UTF-32": 4}.get(name, 1)
            if len(body) % width:
                raise InputError(
                    f"{name} byte-order mark, but {len(body)} bytes after it"
                    f" are not whole {width}-byte units (a truncated file?)"
                )
            try:
                return body.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name} byte-order mark, but the text is not valid {name}"
                    f" ({exc.reason} at byte {exc.start + len(bom)})"
                ) from exc
    if b"\x00" in data:
        # UTF-16 or UTF-32 without a byte-order mark decodes as UTF-8 garbage.
        raise InputError(
            "text holds NUL bytes: UTF-16 or UTF-32 without a byte-order mark,"
            " or not text; save it as UTF-8"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")
    except UnicodeDecodeError as exc:
        raise InputError("text is neither UTF-8, UTF-16, UTF-32 nor Shift_JIS") from exc


def _read_text(path: Path, data: bytes) -> SourceDocument:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    # pypdfium2's page text prints a hyphen it takes for a line's end
    # hyphen (FPDFText_IsHyphen) as U+FFFE, a noncharacter no text holds.
    text = text.replace("\ufffe", "-")
    pages: list[Page] = []
    first_line = 1
    chunks = text.split("\f")
    # Extractors end every page with a form feed (pdfminer, pdftotext): the
    # last one closes the last page, it opens no empty page after it.
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    for i, chunk in enumerate(chunks, start=1):
        lines = chunk.split("\n")
        pages.append(
            Page(
                number=i,
                lines=tuple(normalize_chars(line) for line in lines),
                first_line=first_line,
            )
        )
        # A form feed inside a line leaves the rest of that line on the next page.
        first_line += len(lines) - 1
    return SourceDocument(
        path=str(path),
        source_file=source_name(path),
        document_id=document_id(data),
        media_type="text/plain",
        pages=tuple(pages),
        # Without form feeds a text layer does not say how many pages it had.
        page_count=len(pages) if len(pages) > 1 else None,
    )


def _read_pdf(path: Path, data: bytes, max_pages: int | None, engine: str) -> SourceDocument:
    if not has_pdf_header(data):
        raise InputError("not a PDF (no %PDF header)")
    if engine == "pdfium":
        from dxparse.read_pdfium import read_pdf_pages

        try:
            total, raw_pages = read_pdf_pages(data, max_pages)
            pages = tuple(build_page(raw) for raw in raw_pages)
        except (InputError, MemoryError):
            raise
        except Exception as exc:  # a damaged file pdfium read but we could not
            raise InputError(f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    elif engine == "pdfminer":
        total, pages = _read_pdfminer(path, max_pages)
    else:
        raise ValueError(f"unknown PDF engine {engine!r}; one of {', '.join(ENGINES)}")
    return SourceDocument(
        path=str(path),
        source_file=source_name(path),
        document_id=document_id(data),
        media_type="application/pdf",
        pages=pages,
        page_count=total,
    )


def _read_pdfminer(path: Path, max_pages: int | None) -> tuple[int, tuple[Page, ...]]:
    try:
        with pdfplumber.open(path) as pdf:
            total = len(pdf.pages)
            check_page_cap(total, max_pages)
            pages = tuple(_read_page_and_close(page) for page in pdf.pages)
    except (InputError, MemoryError):
        raise  # a MemoryError is the worker's memory bound: reported as such
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        if isinstance(exc.args[0] if exc.args else None, MemoryError):
            raise exc.args[0] from exc  # pdfplumber wraps it: the memory bound
        raise InputError(_pdf_failure(exc)) from exc
    return total, pages


def check_page_cap(total: int, max_pages: int | None) -> None:
    if max_pages is not None and total > max_pages:
        raise InputError(f"{total} pages, more than the page cap of {max_pages}", pages=total)


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


def _read_page_and_close(page: Any) -> Page:
    try:
        return build_page(_raw_page(page))
    finally:
        # Drop pdfplumber's per-page layout cache: memory stays flat on long files.
        page.close()


# A page prints a few hundred distinct glyphs thousands of times.
_normalize_glyph = lru_cache(maxsize=65536)(normalize_chars)


def _text_items(glyphs: list[Glyph]) -> tuple[TextItem, ...]:
    normalize = _normalize_glyph
    return tuple(
        [
            new_glyph(normalize(text), text, x0, top, x1, bottom, round(size, 2), fontname, upright)
            for x0, top, x1, bottom, text, upright, size, fontname in glyphs
        ]
    )


def _layout_items(items: Iterable[LTItem]) -> Iterator[LTItem]:
    """pdfminer's objects with figures flattened, as pdfplumber walks them."""
    for item in items:
        if isinstance(item, LTContainer):
            yield from _layout_items(item)
        else:
            yield item


# One glyph as an engine reads it: x0, top, x1, bottom (floats), text
# (UNMAPPED for a glyph with no Unicode mapping), upright, size, fontname.
Glyph = tuple[float, float, float, float, str, bool, float, str]


@dataclass(slots=True)
class RawPage:
    """One PDF page as an engine reads it, before anything is built from it.

    Coordinates are pdfplumber's (top-left origin, MediaBox offset, /Rotate
    applied). `glyphs`: the glyphs in content-stream order. `graphics`:
    "line", "rect" and "curve" objects with the keys of pdfplumber's (x0,
    x1, top, bottom, doctop, width, height, y0, y1; pts for a curve).
    `blank`: nothing at all is drawn on the page.
    """

    number: int
    width: float
    height: float
    bbox: tuple[float, float, float, float]
    glyphs: list[Glyph]
    graphics: dict[str, list[dict[str, Any]]]
    blank: bool


# A glyph pdfminer found no Unicode text for.
_CID = re.compile(r"\(cid:\d+\)")


def _raw_page(page: Any) -> RawPage:
    """One page straight from pdfminer's layout objects.

    pdfplumber's `page.chars` resolves some thirty attributes of every glyph
    into a dict (a fifth of the time of a bare pdfplumber pass); we need six.
    The coordinates are pdfplumber's
    (top-left origin, MediaBox offset) and the edges, tables and text come
    from pdfplumber's own functions, so the result is what `page.chars`,
    `page.edges`, `page.find_tables()` and `page.extract_text()` give
    (tests/test_read_pdf.py holds the two side by side).
    """
    height = float(page.height)
    mb_x0, mb_top = (float(v) for v in page.mediabox[:2])
    doctop = float(page.initial_doctop)
    glyphs: list[Glyph] = []
    graphics: dict[str, list[dict[str, Any]]] = {"line": [], "rect": [], "curve": []}
    blank = True
    for obj in _layout_items(page.layout):
        blank = False
        if not isinstance(obj, (LTChar, LTCurve)):
            continue  # images and marked-content anchors carry no text or rulings
        top = (height - obj.y1) + mb_top
        bottom = (height - obj.y0) + mb_top
        x0, x1 = (obj.x0 + mb_x0, obj.x1 + mb_x0) if mb_x0 != 0 else (obj.x0, obj.x1)
        if isinstance(obj, LTChar):
            fontname = obj.fontname
            if isinstance(fontname, bytes):  # pragma: no cover - rare byte-encoded names
                fontname = fix_fontname_bytes(fontname)
            text = obj.get_text()
            if text.startswith("(cid:") and _CID.fullmatch(text):
                text = UNMAPPED
            glyphs.append(
                (
                    float(x0),
                    float(top),
                    float(x1),
                    float(bottom),
                    text,
                    bool(obj.upright),
                    float(obj.size),
                    str(fontname),
                )
            )
        else:
            geometry: dict[str, Any] = {
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "doctop": doctop + top,
                "width": obj.width,
                "height": obj.height,
            }
            kind = (
                "line"
                if isinstance(obj, LTLine)
                else "rect"
                if isinstance(obj, LTRect)
                else "curve"
            )
            geometry.update(object_type=kind, y0=obj.y0, y1=obj.y1)
            if kind == "curve":
                geometry["pts"] = [(mb_x0 + x, mb_top + height - y) for x, y in obj.pts]
            graphics[kind].append(geometry)
    return RawPage(
        number=int(page.page_number),
        width=float(page.width),
        height=height,
        bbox=tuple(float(v) for v in page.bbox),  # type: ignore[arg-type]
        glyphs=glyphs,
        graphics=graphics,
        blank=blank,
    )


def build_page(raw: RawPage) -> Page:
    """The page the parsers read, from either engine's raw page: rulings
    straightened, chars, text lines and ruled tables, turned as it reads."""
    graphics = raw.graphics
    ruling = [
        _straighten(edge)
        for edge in chain(
            map(line_to_edge, graphics["line"]),
            chain.from_iterable(map(rect_to_edges, graphics["rect"])),
            chain.from_iterable(map(curve_to_edges, graphics["curve"])),
        )
    ]
    chars = _text_items(raw.glyphs)
    read = Page(
        number=raw.number,
        width=raw.width,
        height=raw.height,
        lines=_text_lines(chars),
        chars=chars,
        edges=tuple(
            Edge(
                orientation=e["orientation"],
                x0=float(e["x0"]),
                top=float(e["top"]),
                x1=float(e["x1"]),
                bottom=float(e["bottom"]),
            )
            for e in ruling
            if e["orientation"] in ("h", "v")
        ),
        tables=_ruled_tables(ruling),
        blank=raw.blank,
    )
    return as_it_reads(read)


def _text_lines(chars: tuple[TextItem, ...]) -> tuple[str, ...]:
    """pdfplumber's layout-free text of the chars (`page.extract_text()`), as
    lines (normalised), built straight from the chars (read_lines.py)."""
    if not chars:
        return ("",)
    return tuple(normalize_chars(line) for line in page_text(chars).split("\n"))


def as_it_reads(page: Page) -> Page:
    """The page as it reads: turned upright when its text runs down or up it (a landscape
    sheet printed sideways with no /Rotate), its text lines read again from
    the turned glyphs: as read, they run backwards or one glyph a line, and
    neither the document's kind nor a header line could be found in them."""
    turned = upright_page(page)
    if turned is page or turned.width is None or turned.height is None:
        return page
    return replace(turned, lines=_text_lines(turned.chars))


def _straighten(edge: dict[str, Any]) -> dict[str, Any]:
    """A ruling a rounding error off level (or plumb) taken as level (or plumb).

    pdfplumber calls a segment horizontal only when its ends are exactly
    level (pdfplumber issue #1276): a line calls itself vertical otherwise,
    and a side of a filled cell drawn as a path has no orientation. A page
    drawn turned a quarter (a landscape sheet on a portrait page with
    /Rotate) by a matrix whose cos 90° is 6.1e-17 has every horizontal line's
    ends 1e-14 apart: read as pdfplumber reads them, its ruled tables are
    lost or cut.
    """
    width, height = edge["x1"] - edge["x0"], edge["bottom"] - edge["top"]
    if height < STRAIGHT < width and edge["orientation"] != "h":
        return {**edge, "orientation": "h", "bottom": edge["top"], "height": 0}
    if width < STRAIGHT < height and edge["orientation"] is None:
        return {**edge, "orientation": "v", "x1": edge["x0"], "width": 0}
    return edge


def _ruled_tables(ruling: list[dict[str, Any]]) -> tuple[Table, ...]:
    """pdfplumber's lattice finder ("lines" strategy) over the page's edges."""
    settings = TableSettings.resolve(TABLE_SETTINGS)
    prefilter = settings.edge_min_length_prefilter
    candidates = [
        *filter_edges(ruling, "v", min_length=prefilter),
        *filter_edges(ruling, "h", min_length=prefilter),
    ]
    merged = merge_edges(
        candidates,
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    edges = filter_edges(merged, min_length=settings.edge_min_length)
    points = edges_to_intersections(
        edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance
    )
    tables = []
    for group in cells_to_tables(intersections_to_cells(points)):
        floats = [
            (float(x0), float(top), float(x1), float(bottom)) for x0, top, x1, bottom in group
        ]
        cells = tuple([new_bbox(*cell) for cell in floats])
        x0s, tops, x1s, bottoms = zip(*floats, strict=True)
        # Distinct values first: a table's hundred cells share a few rulings.
        xs = tuple(sorted({round(v, 1) for v in {*x0s, *x1s}}))
        ys = tuple(sorted({round(v, 1) for v in {*tops, *bottoms}}))
        box = new_bbox(min(x0s), min(tops), max(x1s), max(bottoms))
        tables.append(Table(box=box, cells=cells, xs=xs, ys=ys))
    return tuple(tables)
