"""DX progress tables read from page geometry (PDF pages).

The progress table is the ruled table whose top row carries the header
labels; its columns are named by those labels (any order, 施策の内容 may be
missing). Body rows are rebuilt from pdfplumber's cell boxes: a merged
施策 cell covers several rows, a cell spanning 施策 and 施策の内容 is a 施策
without item, and a narrow cell left of the item inside those columns is
the item's sub-group. A ruled table without a header that follows a
progress table continues its columns.

The pillar is the page heading (the largest text above the table); the
theme is a label outside the table, as large as the table's text and
aligned with its left edge, next to it. Everything else outside the table
(callouts, legend, page numbers) is furniture.

A page whose text runs sideways (a landscape slide printed turned a
quarter onto a portrait page, no /Rotate) comes turned upright from the
reader (read.as_it_reads), so all of the above reads it as printed.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dxparse.document import BBox, Char, Page, Table
from dxparse.parsers.dx import common
from dxparse.parsers.dx.common import (
    MEASURES,
    REQUIRED_HEADER_FIELDS,
    Cover,
    Measure,
    clean_label,
    clean_pillar,
    header_field,
    header_line_fields,
    join_lines,
    status_count,
)
from dxparse.records import ParseResult
from dxparse.utils.geometry import chars_in
from dxparse.vocabulary import shipped

_NOTE_MARKS = tuple(shipped().dx.lists["note_marks"])

# Points of slack when comparing ruling positions.
TOL = 2.0
# Ruby is set at about half the size of its base text.
RUBY_MAX_RATIO = 0.7
# The header row may sit under a title row or two.
HEADER_MAX_ROW = 3
# A theme label is printed about as large as the table's text or larger
# (callouts and legends are smaller).
THEME_MIN_SIZE_RATIO = 0.9
# A theme label sits within this many of its text heights of the table.
THEME_MAX_GAP_LINES = 10.0
# Text boxes on one baseline are separate lines (a heading and a page
# number) when more than this many char widths apart.
TEXT_BOX_GAP = 3.0
# A char's centre may sit this far (points) outside a line's band and still
# join it: rounding in the PDF's coordinates, not a different line.
BAND_SLACK = 0.1
# Ruby sits right above its base text: within half the base's size.
RUBY_MAX_GAP_RATIO = 0.5
# A cell belongs to a column when more than half of the narrower of them overlaps.
COLUMN_OVERLAP = 0.5
# Heading lines are the largest text above the table, within half a point.
HEADING_SIZE_SLACK = 0.5
# A theme label starts near the table's left edge: within three chars or
# a twentieth of the table's width.
THEME_INDENT_CHARS = 3
THEME_INDENT_WIDTH = 0.05


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    x0: float
    x1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True, slots=True)
class TextLine:
    """Chars sharing a baseline, in x order (one visual line)."""

    chars: tuple[Char, ...]

    @property
    def raw(self) -> str:
        return "".join(c.raw for c in self.chars)

    @property
    def box(self) -> BBox:
        return BBox(
            min(c.box.x0 for c in self.chars),
            min(c.box.top for c in self.chars),
            max(c.box.x1 for c in self.chars),
            max(c.box.bottom for c in self.chars),
        )

    @property
    def size(self) -> float:
        return max(c.size for c in self.chars)


# --- text from geometry ------------------------------------------------


def text_lines(chars: Iterable[Char], *, max_gap: float | None = None) -> list[TextLine]:
    """Group chars into visual lines (top to bottom, each left to right).

    A char joins a line when its vertical middle falls inside the line's
    band. With `max_gap` (in multiples of the char size) a line is also
    cut where two chars lie far apart: separate text boxes on one baseline.
    """
    rows: list[list[Char]] = []
    bands: list[list[float]] = []  # each row's [top, bottom], kept as chars join
    for char in sorted((c for c in chars if c.upright and c.text.strip()), key=_reading):
        box = char.box
        for row, band in zip(rows, bands, strict=True):
            if band[0] - BAND_SLACK <= box.cy <= band[1] + BAND_SLACK:
                row.append(char)
                band[0] = min(band[0], box.top)
                band[1] = max(band[1], box.bottom)
                break
        else:
            rows.append([char])
            bands.append([box.top, box.bottom])
    lines: list[TextLine] = []
    for row in rows:
        row.sort(key=lambda c: c.box.x0)
        current: list[Char] = []
        for char in row:
            if current and max_gap is not None:
                gap = char.box.x0 - current[-1].box.x1
                if gap > max_gap * max(char.size, current[-1].size):
                    lines.append(TextLine(tuple(current)))
                    current = []
            current.append(char)
        lines.append(TextLine(tuple(current)))
    lines.sort(key=lambda line: (round(line.box.top, 1), line.box.x0))
    return lines


def _reading(char: Char) -> tuple[float, float]:
    return (char.box.top, char.box.x0)


def cell_text(page: Page, box: BBox) -> str | None:
    """A cell's text: its chars as lines, wrapped lines joined (ruby left out)."""
    lines = text_lines(chars_in(page, box))
    kept = [line for n, line in enumerate(lines) if not _is_ruby(line, lines[n + 1 : n + 2])]
    text = join_lines([line.raw for line in kept])
    return text or None


def _is_ruby(line: TextLine, below: Sequence[TextLine]) -> bool:
    """Reading aid printed small right above its base text (`ﾜｲﾌｧｲ` over
    `Wi-Fi`): not part of the cell's text."""
    if not below:
        return False
    base = below[0]
    return (
        line.size <= RUBY_MAX_RATIO * base.size
        and base.box.top - line.box.bottom <= RUBY_MAX_GAP_RATIO * base.size
        and line.box.x0 >= base.box.x0 - base.size
        and line.box.x1 <= base.box.x1 + base.size
    )


# --- the table's columns -----------------------------------------------


def header_columns(
    page: Page, table: Table, result: ParseResult | None = None
) -> tuple[list[Column], float] | None:
    """Columns named by the header row's labels, and the header's bottom.

    The header row is the first row of cells (from the top, a title row
    above it allowed) that names 施策, 進捗状況 and 詳細.
    """
    tops = sorted({round(cell.top, 1) for cell in table.cells})
    for top in tops[:HEADER_MAX_ROW]:
        row = [cell for cell in table.cells if abs(cell.top - top) <= TOL]
        found = _header_row(page, row, result)
        if found is not None:
            return found
    return None


def _header_row(
    page: Page, row: list[BBox], result: ParseResult | None
) -> tuple[list[Column], float] | None:
    columns: list[Column] = []
    unknown: list[str] = []
    for cell in sorted(row, key=lambda c: c.x0):
        label = cell_text(page, cell) or ""
        field = header_field(label)
        if field is not None and all(col.field != field for col in columns):
            columns.append(Column(field, cell.x0, cell.x1))
        elif label:
            unknown.append(label)
    if not {col.field for col in columns} >= REQUIRED_HEADER_FIELDS:
        return None
    if unknown and result is not None:
        result.warn(
            "unknown_column",
            "header labels the contract does not know; their cells are not read",
            dataset=MEASURES,
            page=page.number,
            raw=" / ".join(unknown),
        )
    bottom = max(cell.bottom for cell in row if any(_overlaps(cell, c) for c in columns))
    return columns, bottom


def continues(table: Table, columns: Sequence[Column]) -> bool:
    """A headerless table continues `columns` when its grid has their edges."""
    edges = [col.x0 for col in columns] + [col.x1 for col in columns]
    return all(any(abs(x - grid) <= 3 * TOL for grid in table.xs) for x in edges)


def _overlap(cell: BBox, col: Column) -> float:
    return max(0.0, min(cell.x1, col.x1) - max(cell.x0, col.x0))


def _overlaps(cell: BBox, col: Column) -> bool:
    """The cell lies mostly in the column (or the column mostly in the cell)."""
    return _overlap(cell, col) > COLUMN_OVERLAP * min(cell.width, col.width)


# --- body rows ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowCells:
    """The cells of one body row, by role (None where the row has none)."""

    measure: BBox | None
    spans_item: bool
    item_group: BBox | None
    item: BBox | None
    # Every cell under the column, left to right: a body row may split a
    # column the header names once.
    status: tuple[BBox, ...]
    detail: tuple[BBox, ...]
    outlook: tuple[BBox, ...]


def row_bands(
    table: Table, columns: Sequence[Column], body_top: float
) -> list[tuple[float, float]]:
    """Vertical extents of the body rows.

    A row starts wherever a cell of a per-row column (item, status, detail,
    outlook) starts; the 施策 column's merged cells do not cut rows.
    """
    per_row = [col for col in columns if col.field != "measure"]
    starts = {
        round(cell.top, 1)
        for cell in table.cells
        if cell.top >= body_top - TOL and any(_overlaps(cell, col) for col in per_row)
    }
    starts.add(round(body_top, 1))
    bottom = max(cell.bottom for cell in table.cells)
    ordered = sorted(starts)
    merged: list[float] = []
    for y in ordered:
        if not merged or y - merged[-1] > TOL:
            merged.append(y)
    ends = [*merged[1:], bottom]
    return [(a, b) for a, b in zip(merged, ends, strict=True) if b - a > TOL]


def row_cells(table: Table, columns: Sequence[Column], band: tuple[float, float]) -> RowCells:
    """Assign the cells crossing one row band to their roles."""
    top, bottom = band
    crossing = [cell for cell in table.cells if min(cell.bottom, bottom) - max(cell.top, top) > TOL]
    roles: dict[str, list[BBox]] = {}
    spans_item = False
    for cell in sorted(crossing, key=lambda c: c.x0):
        fields = [col.field for col in columns if _overlaps(cell, col)]
        if not fields:
            continue
        if "measure" in fields and "item" in fields:
            spans_item = True
        roles.setdefault(fields[0], []).append(cell)
    measure_cells = roles.get("measure", [])
    item_cells = roles.get("item", [])
    item_group: BBox | None = None
    # Two cells side by side inside the label columns: the left one of the
    # pair is a sub-group label printed between 施策 and 施策の内容.
    if len(item_cells) > 1:
        item_group = item_cells[-2]
    elif len(measure_cells) > 1 and any(col.field == "item" for col in columns):
        item_group = measure_cells[-1]
        measure_cells = measure_cells[:1]
    return RowCells(
        measure=measure_cells[0] if measure_cells else None,
        spans_item=spans_item,
        item_group=item_group,
        item=item_cells[-1] if item_cells else None,
        status=tuple(roles.get("status", ())),
        detail=tuple(roles.get("detail", ())),
        outlook=tuple(roles.get("outlook", ())),
    )


# --- page heading and theme label ---------------------------------------


def page_heading(page: Page, table_top: float) -> tuple[str | None, float]:
    """The page heading (the largest text line above the table) and the
    bottom of that text; (None, 0) when nothing is printed above."""
    lines = text_lines(
        (c for c in page.chars if c.box.bottom <= table_top + TOL), max_gap=TEXT_BOX_GAP
    )
    if not lines:
        return None, 0.0
    largest = max(line.size for line in lines)
    heading = [line for line in lines if line.size >= largest - HEADING_SIZE_SLACK]
    return join_lines([heading[0].raw]), max(line.box.bottom for line in heading)


def theme_label(page: Page, table: Table, body_size: float, heading_bottom: float) -> str | None:
    """The sub-theme label of a table: outside it, at least as large as its
    text, starting near its left edge and close above or below it."""
    box = table.box
    outside = [
        c
        for c in page.chars
        if not box.contains_point(c.box.cx, c.box.cy) and c.box.top > heading_bottom
    ]
    best: tuple[float, str] | None = None
    for line in text_lines(outside, max_gap=TEXT_BOX_GAP):
        lbox = line.box
        if line.size < THEME_MIN_SIZE_RATIO * body_size:
            continue
        indent = max(THEME_INDENT_CHARS * line.size, THEME_INDENT_WIDTH * box.width)
        if abs(lbox.x0 - box.x0) > indent:
            continue
        if lbox.x1 > box.x1 + TOL:
            continue
        gap = lbox.top - box.bottom if lbox.top >= box.bottom else box.top - lbox.bottom
        if gap < -TOL or gap > THEME_MAX_GAP_LINES * line.size:
            continue
        text = clean_label(join_lines([line.raw]))
        # A note under the table (`※…`, a sentence) is not a label.
        if text is None or text.startswith(_NOTE_MARKS) or "。" in text:
            continue
        if best is None or gap < best[0]:
            best = (gap, text)
    return best[1] if best else None


def body_text_size(page: Page, table: Table, body_top: float) -> float:
    sizes = [
        c.size
        for c in page.chars
        if table.box.contains_point(c.box.cx, c.box.cy) and c.box.top >= body_top
    ]
    return statistics.median(sizes) if sizes else 0.0


# --- the whole document ------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What carries from one table to the next: columns, pillar, 施策."""

    columns: list[Column] | None = None
    pillar: str | None = None
    measure: str | None = None
    page: int | None = None  # where the last progress table was


def read_measures(pages: Sequence[Page], result: ParseResult) -> list[Measure]:
    """Every progress-table row of the document, in reading order."""
    out: list[Measure] = []
    ctx = _Context()
    for page in pages:
        tables = sorted(page.tables, key=lambda t: (t.box.top, t.box.x0))
        read_any = False
        for table in tables:
            found = header_columns(page, table, result)
            # Only a table on the same or the next page can continue one.
            near = ctx.page is not None and page.number - ctx.page <= 1
            if found is not None:
                columns, body_top = found
                continued = False
            elif near and ctx.columns is not None and continues(table, ctx.columns):
                columns, body_top = ctx.columns, table.box.top
                continued = True
            else:
                continue
            # The pillar carries into a continued table whose page prints no
            # heading; the theme is the page's own label (null where the page
            # prints none, continued table or not).
            heading, heading_bottom = page_heading(page, table.box.top)
            pillar = clean_pillar(heading)
            if pillar is None and continued:
                pillar = ctx.pillar
            theme = theme_label(page, table, body_text_size(page, table, body_top), heading_bottom)
            if pillar is None:
                result.warn(
                    "no_pillar",
                    "no page heading above the progress table",
                    dataset=MEASURES,
                    field="pillar",
                    page=page.number,
                )
            # 施策 carries down within a page and into a continued table.
            carried = ctx.measure if continued else None
            for band in row_bands(table, columns, body_top):
                measure = _read_row(page, table, columns, band, (pillar, theme, carried), result)
                if measure is None:
                    continue
                carried = measure.measure
                out.append(measure)
            ctx = _Context(columns, pillar, carried, page.number)
            read_any = True
        if not read_any and any(header_line_fields(line) for line in page.lines):
            result.error(
                "table_not_found",
                "a progress table header is printed but no ruled table was found",
                dataset=MEASURES,
                page=page.number,
            )
    return out


def _read_row(
    page: Page,
    table: Table,
    columns: Sequence[Column],
    band: tuple[float, float],
    labels: tuple[str | None, str | None, str | None],
    result: ParseResult,
) -> Measure | None:
    """One body row; `labels` are the pillar, theme and the 施策 above."""
    pillar, theme, carried = labels
    cells = row_cells(table, columns, band)

    def text(box: BBox | None) -> str | None:
        return cell_text(page, box) if box is not None else None

    def one(boxes: tuple[BBox, ...], name: str) -> str | None:
        """A label column: one printed text, else null and reported."""
        texts = [t for t in map(text, boxes) if t]
        if len(texts) > 1:
            result.warn(
                "ambiguous_column",
                f"several cells under the {name} header in one row",
                dataset=MEASURES,
                field=name,
                page=page.number,
                raw=" / ".join(texts),
            )
            return None
        return texts[0] if texts else None

    status, outlook = one(cells.status, "status"), one(cells.outlook, "outlook")
    # Detail is running text: sub-cells read left to right.
    detail = join_lines([t for t in map(text, cells.detail) if t]) or None
    item = None if cells.spans_item else text(cells.item)
    item_group = text(cells.item_group)
    measure = text(cells.measure)
    if not any((measure, item, status, detail, outlook)):
        return None  # an empty ruled row
    if status and status_count(status) > 1:
        # Several rows inside one ruled row: no cell can be split reliably.
        result.error(
            "rows_not_ruled",
            "one ruled row holds several statuses; its rows are not read",
            dataset=MEASURES,
            field="status",
            page=page.number,
            raw=status,
        )
        return None
    return Measure(
        page=page.number,
        pillar=pillar,
        theme=theme,
        measure=measure if measure is not None else carried,
        item_group=item_group,
        item=item,
        status=status,
        detail=detail,
        outlook=outlook,
    )


def read_cover(pages: Sequence[Page]) -> tuple[Cover, int | None]:
    """The cover's title, publisher and date: from the pages before the
    first progress table (each visual line, text boxes kept apart)."""
    lines: list[str] = []
    first: int | None = None
    for page in pages:
        if any(header_columns(page, table) is not None for table in page.tables):
            break
        first = first or page.number
        lines.extend(line.raw for line in text_lines(page.chars, max_gap=TEXT_BOX_GAP))
    return common.read_cover(lines), first
