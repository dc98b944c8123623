"""DX progress tables read from page geometry (PDF pages).

The progress table is the ruled table whose header row (among its top
rows) carries the header labels; its columns are named by those labels (any
order, 施策の内容 may be missing). Body rows are rebuilt from pdfplumber's
cell boxes: a merged 施策 cell covers several rows, a cell spanning 施策 and
施策の内容 is a 施策 without item, a narrow cell left of the item inside
those columns is the item's sub-group, and a cell taller than its row is
read in the rows it spans (a detail only in the first, so its figures count
once). A ruled table without a header continues the last progress table
(same page, next or a later page, no other table between) when its grid
has that table's edges, or as many columns whose contents fit; one that
continues nothing is an error.

Around the tables: the pillar is the page heading (the largest text above
them, set as the document's headings are); a theme is the label nearest
above a table (beside the heading, top right, in a box) or close under it;
a page that continues the table before it (no heading, or the same one,
続き) keeps that table's pillar, theme and 施策. Running headers and
footers, page numbers, the 今後の展開 legend and callouts beside the tables
are furniture, by the rules below; every field carries the cells it was read
from, and each page holding a progress table is under the coverage ledger.

A page whose text runs sideways (a landscape slide printed turned a
quarter onto a portrait page, no /Rotate) comes turned upright from the
reader (read.as_it_reads), so all of the above reads it as printed.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

from dxparse.document import BBox, Char, Page, Table
from dxparse.normalise import normalize_text
from dxparse.parsers.dx import common
from dxparse.parsers.dx.common import (
    MEASURES,
    REQUIRED_HEADER_FIELDS,
    SENTENCE_END,
    Cover,
    Measure,
    clean_label,
    clean_pillar,
    compact,
    header_field,
    header_line_fields,
    heading_key,
    is_outlook,
    is_status,
    join_lines,
    status_count,
    warn_no_theme,
)
from dxparse.records import ParseResult, Source, union
from dxparse.utils.geometry import chars_in
from dxparse.vocabulary import shipped

_DX = shipped().dx
_NOTE_MARKS = tuple(_DX.lists["note_marks"])
_DIGITS = regex.compile(r"\d+")
# Page furniture and headings, as the form prints them (vocabulary: dx.patterns).
_PAGE_NUMBER = common.PAGE_NUMBER

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
# A heading is set larger than the table's text: by this much at least;
# and about as large as the document's other headings (a sub-theme label
# on a page without a heading is not).
HEADING_MIN_RATIO = 1.3
HEADING_DOC_RATIO = 0.8
# A heading wrapped over lines: the next line within half its size below.
HEADING_WRAP_GAP = 0.5
# A grid has two columns or more: three vertical grid lines.
MIN_GRID_LINES = 3
# A running line is printed at the same place on every page: within points.
RUNNING_TOP_SLACK = 3.0
# A status word standing alone: no other text within this many char widths.
STATUS_GAP = 0.6


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
    # The line's box, computed once: sorting and placing lines asks for it
    # many times (not compared: it follows from the chars).
    box: BBox = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        boxes = [c.box for c in self.chars]
        box = BBox(
            min([b.x0 for b in boxes]),
            min([b.top for b in boxes]),
            max([b.x1 for b in boxes]),
            max([b.bottom for b in boxes]),
        )
        object.__setattr__(self, "box", box)

    @property
    def raw(self) -> str:
        return "".join(c.raw for c in self.chars)

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
    ordered = sorted((c for c in chars if c.upright and c.text.strip()), key=_reading)
    rows: list[list[Char]] = []
    # The rows a char may still join, in the order made, each with its band
    # [top, bottom] (kept as chars join). Chars come by top and a char's
    # middle is below its top, so a row whose band ends above the char's top
    # (slack included) can take no later char and is left out of the search:
    # the first row that takes a char is the one a search of every row finds.
    # Only for boxes where that holds (finite, top over bottom).
    prune = all([sane(c.box) for c in ordered])
    active: list[tuple[list[Char], list[float]]] = []
    for char in ordered:
        box = char.box
        cy = box.cy
        if prune and active:
            top = box.top
            active = [item for item in active if not item[1][1] + BAND_SLACK < top]
        for row, band in active:
            if band[0] - BAND_SLACK <= cy <= band[1] + BAND_SLACK:
                row.append(char)
                band[0] = min(band[0], box.top)
                band[1] = max(band[1], box.bottom)
                break
        else:
            rows.append([char])
            active.append((rows[-1], [box.top, box.bottom]))
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


# Coordinates beyond this are a hostile file's (their centre may not be finite).
_FAR = 1e300


def sane(box: BBox) -> bool:
    """Finite sides, top over bottom: what the line groupings' shortcuts
    assume (a NaN compares false)."""
    return -_FAR < box.top <= box.bottom < _FAR and -_FAR < box.x0 < _FAR


# The page asked about last (its chars held, so their id stays theirs) and its
# cells' texts: a table's cells are read for its header, its rows and checks.
_last_texts: list[tuple[tuple[Char, ...], dict[BBox, str | None]]] = []


def cell_text(page: Page, box: BBox) -> str | None:
    """A cell's text: its chars as lines, wrapped lines joined (ruby left out)."""
    if not _last_texts or _last_texts[0][0] is not page.chars:
        _last_texts[:] = [(page.chars, {})]
    known = _last_texts[0][1]
    if box not in known:
        known[box] = _cell_text(page, box)
    return known[box]


def _cell_text(page: Page, box: BBox) -> str | None:
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


def continuation_columns(
    page: Page, table: Table, last: Sequence[Column], last_xs: Sequence[float]
) -> list[Column] | None:
    """The columns of a headerless table that continues the last progress
    table (None when it does not): its grid has their edges, or it has as
    many grid columns and each column's contents fit (status words under
    進捗状況, outlook forms under 今後の展開, running text under 詳細),
    whatever the widths."""
    if continues(table, last):
        return list(last)
    if len(table.xs) == len(last_xs):
        # Grid column i of this table is grid column i of the last one.
        mapped = [
            Column(
                col.field, table.xs[_nearest(last_xs, col.x0)], table.xs[_nearest(last_xs, col.x1)]
            )
            for col in last
        ]
    elif len(table.xs) == len(last) + 1:
        # One grid column per named column (the last table split one, e.g.
        # a sub-group beside 施策の内容, this one does not).
        ordered = sorted(last, key=lambda col: col.x0)
        mapped = [Column(col.field, table.xs[i], table.xs[i + 1]) for i, col in enumerate(ordered)]
    else:
        return None
    return mapped if contents_fit(page, table, mapped) else None


def _nearest(xs: Sequence[float], x: float) -> int:
    return min(range(len(xs)), key=lambda i: abs(xs[i] - x))


def contents_fit(page: Page, table: Table, columns: Sequence[Column]) -> bool:
    """Every status cell a status word, every outlook cell an outlook form,
    no detail cell either of them; at least one status printed."""
    statuses = 0
    for band in row_bands(table, columns, table.box.top):
        cells = row_cells(table, columns, band)
        for role, boxes in (("status", cells.status), ("outlook", cells.outlook)):
            for box in boxes:
                text = cell_text(page, box)
                if text is None:
                    continue
                if not (is_status(text) if role == "status" else is_outlook(text)):
                    return False
                statuses += role == "status"
        for box in cells.detail:
            text = cell_text(page, box)
            if text is not None and (is_status(text) or is_outlook(text)):
                return False
    return statuses > 0


def is_grid(table: Table) -> bool:
    """A ruled table of two columns or more (a box drawn round a label, a
    callout or a legend is one cell)."""
    return len(table.xs) >= MIN_GRID_LINES


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
    # The cells that start in this row; a cell taller than the row started above.
    starting: frozenset[BBox] = frozenset()


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
    placed: list[BBox] = []
    for cell in sorted(crossing, key=lambda c: c.x0):
        fields = [col.field for col in columns if _overlaps(cell, col)]
        if not fields:
            continue  # under no named column: left to the coverage ledger
        if "measure" in fields and "item" in fields:
            spans_item = True
        roles.setdefault(fields[0], []).append(cell)
        placed.append(cell)
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
        starting=frozenset(cell for cell in placed if cell.top >= top - TOL),
    )


def body_text_size(page: Page, table: Table, body_top: float) -> float:
    sizes = [
        c.size
        for c in page.chars
        if table.box.contains_point(c.box.cx, c.box.cy) and c.box.top >= body_top
    ]
    return statistics.median(sizes) if sizes else 0.0


# --- the text around the tables ----------------------------------------
#
# On a page holding a progress table every line outside the tables is the
# page heading (the pillar), a sub-theme label (the theme), or furniture of
# the form recognised by a rule: a running header or footer (the same line
# at the same place on several pages, or printed above the heading), a page
# number under everything, the 今後の展開 legend, a callout beside the
# tables. Anything else is left to the coverage ledger.


def _masked(text: str) -> str:
    """A line compared across pages: without spaces, digit runs as one `#`."""
    return _DIGITS.sub("#", compact(text))


@dataclass(frozen=True, slots=True)
class DocLayout:
    """What the pages of one document share: the size its headings are set
    in, and its running lines (masked text → the tops it is printed at)."""

    heading_size: float = 0.0
    running: tuple[tuple[str, float], ...] = ()

    def is_running(self, line: TextLine) -> bool:
        key = _masked(line.raw)
        return any(
            text == key and abs(top - line.box.top) <= RUNNING_TOP_SLACK
            for text, top in self.running
        )


def outside_lines(page: Page, tables: Sequence[Table]) -> list[TextLine]:
    """The page's text lines outside every grid among `tables` (text boxes
    on one baseline kept apart)."""
    boxes = [(b.x0, b.top, b.x1, b.bottom) for b in (t.box for t in tables if is_grid(t))]
    # BBox.contains_point inlined (no tolerance): it was asked for every char.
    chars = [
        c
        for c in page.chars
        if not any(
            x0 <= c.box.cx <= x1 and top <= c.box.cy <= bottom for x0, top, x1, bottom in boxes
        )
    ]
    return text_lines(chars, max_gap=TEXT_BOX_GAP)


def _largest_above(lines: Sequence[TextLine], top: float) -> TextLine | None:
    above = [line for line in lines if line.box.bottom <= top + TOL]
    return max(above, key=lambda line: line.size, default=None)


def _lowest_band(lines: Sequence[TextLine], below: float) -> list[TextLine]:
    """The lines on the lowest baseline of the page, when under everything else."""
    under = [line for line in lines if line.box.top >= below - TOL]
    if not under:
        return []
    lowest = max(line.box.cy for line in under)
    return [line for line in under if abs(line.box.cy - lowest) <= line.size / 2]


def doc_layout(pages: Sequence[Page]) -> DocLayout:
    """Heading size and running lines, from every page with a grid.

    A running line is printed at the same place on the pages: under
    everything on two pages or more (a footer), or above the heading. (A
    line repeated beside the heading or the tables is not taken for one: a
    sub-theme label is repeated so on the pages of its section, and in
    other sections too where they share a theme.)
    """
    seen: list[tuple[list[TextLine], TextLine | None]] = []
    footers: dict[tuple[str, int], set[int]] = {}
    for page in pages:
        grids = [t for t in page.tables if is_grid(t)]
        if not page.has_geometry or not grids:
            continue
        lines = outside_lines(page, grids)
        top = min(t.box.top for t in grids)
        body = statistics.median(body_text_size(page, t, t.box.top) for t in grids)
        head = _largest_above(lines, top)
        seen.append((lines, head if head and head.size >= HEADING_MIN_RATIO * body else None))
        for line in _lowest_band(lines, max(t.box.bottom for t in grids)):
            footers.setdefault(_place(line), set()).add(page.number)
    size = max((head.size for _, head in seen if head is not None), default=0.0)
    running = {key for key, found in footers.items() if len(found) > 1}
    for lines, head in seen:
        if head is not None and head.size >= HEADING_DOC_RATIO * size:
            running |= {_place(line) for line in lines if line.box.bottom <= head.box.top + TOL}
    return DocLayout(size, tuple(sorted((text, float(top)) for text, top in running)))


def _place(line: TextLine) -> tuple[str, int]:
    return _masked(line.raw), round(line.box.top)


@dataclass(frozen=True, slots=True)
class Label:
    """A line read as a value (heading, theme label) and where it was printed."""

    text: str | None
    sources: tuple[Source, ...] = ()


NO_LABEL = Label(None)


@dataclass(slots=True)
class PageText:
    heading: Label
    heading_key: str | None  # the heading as compared with the page before (続き dropped)
    themes: list[Label]  # per progress table, in the tables' order
    furniture: list[Source]


def page_text(
    page: Page, found: Sequence[Found], layout: DocLayout, others: Sequence[Table]
) -> PageText:
    """Heading, theme labels and furniture of a page holding progress tables."""
    lines = outside_lines(page, [*(f.table for f in found), *others])
    tables = [f.table for f in found]
    top = min(t.box.top for t in tables)
    bottom = max(t.box.bottom for t in [*tables, *(t for t in others if is_grid(t))])
    furniture: list[TextLine] = [line for line in lines if layout.is_running(line)]
    for line in _lowest_band(lines, bottom):
        if _PAGE_NUMBER.match(normalize_text(line.raw)):
            furniture.append(line)
    furniture += _legend(lines)
    rest = [line for line in lines if line not in furniture]
    body = statistics.median(body_text_size(page, f.table, f.body_top) for f in found)
    heading_lines = _heading(rest, top, HEADING_DOC_RATIO * layout.heading_size, body)
    heading = NO_LABEL
    key = None
    if heading_lines:
        text = join_lines([line.raw for line in heading_lines])
        heading = Label(text, tuple(Source(page.number, line.box) for line in heading_lines))
        key = heading_key(text)
        first = heading_lines[0].box.top
        # What is printed above the heading runs over the pages (a title, a date).
        furniture += [line for line in rest if line.box.bottom <= first + TOL]
    rest = [line for line in rest if line not in furniture and line not in heading_lines]
    themes = _theme_labels(page, found, rest)
    used = {id(line) for label in themes for line in label[1]}
    rest = [line for line in rest if id(line) not in used]
    # Callouts: short phrases beside the tables, right of them (a sentence
    # there is text to read, not a callout).
    right = max(t.box.x1 for t in tables)
    furniture += [
        line
        for line in rest
        if line.box.x0 >= right - TOL and line.box.top >= top - TOL and SENTENCE_END not in line.raw
    ]
    sources = [Source(page.number, line.box) for line in furniture]
    # The header row and any title row above it: the table's labels.
    for f in found:
        sources += [
            Source(page.number, cell) for cell in f.table.cells if cell.bottom <= f.body_top + TOL
        ]
    return PageText(heading, key, [label for label, _ in themes], sources)


def _heading(
    lines: Sequence[TextLine], table_top: float, least: float, body: float
) -> list[TextLine]:
    """The page heading: the largest text above the tables, set as large as
    the document's headings and larger than the table text; a heading
    wrapped over lines comes whole."""
    first = _largest_above(lines, table_top)
    if first is None or first.size < max(least, HEADING_MIN_RATIO * body):
        return []
    out = [first]
    for line in sorted(lines, key=lambda line: line.box.top):
        last = out[-1]
        if (
            line.box.top > last.box.top
            and line.box.top - last.box.bottom <= HEADING_WRAP_GAP * last.size
            and abs(line.size - first.size) <= HEADING_SIZE_SLACK
            and abs(line.box.x0 - first.box.x0) <= first.size
            and line.box.bottom <= table_top + TOL
        ):
            out.append(line)
    return out


def _legend(lines: Sequence[TextLine]) -> list[TextLine]:
    """The 「今後の展開」について legend: its title and the entries under it."""
    out: list[TextLine] = []
    for title in lines:
        if not common.is_legend_title(title.raw):
            continue
        out.append(title)
        last = title
        for line in sorted(lines, key=lambda line: line.box.top):
            if (
                line.box.top > last.box.top
                and line.box.top - last.box.bottom <= last.size
                and abs(line.box.x0 - title.box.x0) <= title.size
                and common.is_legend_entry(line.raw)
            ):
                out.append(line)
                last = line
    return out


def _theme_labels(
    page: Page, found: Sequence[Found], lines: Sequence[TextLine]
) -> list[tuple[Label, list[TextLine]]]:
    """Each table's sub-theme label: the nearest label-like line above it
    (for the first table anywhere above it: beside the heading, top right,
    in a box), else one close under it and aligned with its left edge that
    no table below claims."""

    def candidates(size: float) -> list[TextLine]:
        out = []
        for line in lines:
            text = clean_label(join_lines([line.raw]))
            if line.size < THEME_MIN_SIZE_RATIO * size or text is None:
                continue
            # A note (`※…`) or a sentence is not a label.
            if text.startswith(_NOTE_MARKS) or SENTENCE_END in text:
                continue
            out.append(line)
        return out

    above: list[TextLine | None] = []
    sizes = [body_text_size(page, f.table, f.body_top) for f in found]
    for i, f in enumerate(found):
        box = f.table.box
        floor = found[i - 1].table.box.bottom - TOL if i else -1.0
        near = [
            line
            for line in candidates(sizes[i])
            if line.box.bottom <= box.top + TOL
            and line.box.top >= floor
            and (i == 0 or line.box.x0 < box.x1)
            and box.top - line.box.bottom <= THEME_MAX_GAP_LINES * line.size
        ]
        above.append(max(near, key=lambda line: line.box.bottom, default=None))
    claimed = {id(line) for line in above if line is not None}
    out: list[tuple[Label, list[TextLine]]] = []
    for i, f in enumerate(found):
        box = f.table.box
        line = above[i]
        if line is None:
            ceiling = found[i + 1].table.box.top + TOL if i + 1 < len(found) else float("inf")
            under = [
                c
                for c in candidates(sizes[i])
                if id(c) not in claimed
                and c.box.top >= box.bottom - TOL
                and c.box.bottom <= ceiling
                and abs(c.box.x0 - box.x0)
                <= max(THEME_INDENT_CHARS * c.size, THEME_INDENT_WIDTH * box.width)
                and c.box.x1 <= box.x1 + TOL
                and c.box.top - box.bottom <= THEME_MAX_GAP_LINES * c.size
            ]
            line = min(under, key=lambda c: c.box.top, default=None)
        if line is None:
            out.append((NO_LABEL, []))
            continue
        claimed.add(id(line))
        text = clean_label(join_lines([line.raw]))
        out.append((Label(text, (Source(page.number, line.box),)), [line]))
    return out


# --- the whole document ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Found:
    """A progress table of a page: its columns and where its body starts."""

    table: Table
    columns: list[Column]
    body_top: float
    continued: bool  # headerless, continuing the table before it
    fresh: bool  # no progress table before it to go on from (none yet, or another table between)


@dataclass(slots=True)
class _Context:
    """What carries from one progress table to the next: its columns and
    grid, its heading, pillar, theme and last 施策."""

    columns: list[Column] | None = None
    xs: tuple[float, ...] = ()
    heading: str | None = None
    pillar: Label = NO_LABEL
    theme: Label = NO_LABEL
    measure: Label = NO_LABEL
    page: int | None = None  # where that table was


def page_tables(page: Page) -> list[Table]:
    """The tables a page's progress tables are read from, top to bottom:
    the ruled ones the reader found. Tables found otherwise (columns from
    the text's alignment where no vertical rule is printed) join them here,
    the one place the rest of this module takes tables from."""
    return sorted(page.tables, key=lambda t: (t.box.top, t.box.x0))


def read_measures(pages: Sequence[Page], result: ParseResult) -> list[Measure]:
    """Every progress-table row of the document, in reading order."""
    out: list[Measure] = []
    ctx = _Context()
    layout = doc_layout(pages)
    for page in pages:
        found, others, broken = _progress_tables(page, ctx, result)
        if not found:
            _unread_page(page, ctx, result)
        else:
            result.account(page.number)
            text = page_text(page, found, layout, others)
            result.furniture(*text.furniture)
            for i, (f, theme) in enumerate(zip(found, text.themes, strict=True)):
                out += _read_table(page, f, text, theme, ctx, result)
                box = f.table.box
                body = chars_in(page, BBox(box.x0, f.body_top + TOL, box.x1, box.bottom))
                # The header row alone is ruled: the rows under it are not
                # (unless a grid of them follows, continuing its columns).
                if not body and not (i + 1 < len(found) and found[i + 1].continued):
                    result.error(
                        "table_not_found",
                        "a progress table header is ruled but no body row under it",
                        dataset=MEASURES,
                        page=page.number,
                        box=_page_box(page),
                    )
        if broken:
            ctx.columns, ctx.xs = None, ()
    return out


def _progress_tables(
    page: Page, ctx: _Context, result: ParseResult
) -> tuple[list[Found], list[Table], bool]:
    """The page's progress tables (headed, or continuing the last one), its
    other grids, and whether one of those comes after the last progress
    table (what follows continues nothing before it). A headerless grid
    that continues nothing is an error."""
    found: list[Found] = []
    others: list[Table] = []
    columns, xs = ctx.columns, ctx.xs
    for table in page_tables(page):
        header = header_columns(page, table, result)
        if header is not None:
            found.append(Found(table, header[0], header[1], False, fresh=columns is None))
            columns, xs = header[0], table.xs
            continue
        mapped = continuation_columns(page, table, columns, xs) if columns else None
        if mapped is not None:
            found.append(Found(table, mapped, table.box.top, True, fresh=False))
            columns, xs = mapped, table.xs
            continue
        if not is_grid(table):
            continue  # a box round a label, a callout or the legend
        others.append(table)
        if chars_in(page, table.box):
            result.error(
                "headerless_table",
                "a ruled table with no header row whose columns fit no progress table"
                " before it; not read",
                dataset=MEASURES,
                page=page.number,
                box=table.box,
            )
        columns, xs = None, ()
    return found, others, columns is None and (bool(others) or ctx.columns is None)


def _unread_page(page: Page, ctx: _Context, result: ParseResult) -> None:
    """A page with no progress table read that prints one: a header line,
    or (after a progress table) status words standing alone."""
    if not page.has_geometry:
        return
    header = any(header_line_fields(line) for line in page.lines)
    rows = ctx.columns is not None and any(
        is_status(line.raw) for line in text_lines(page.chars, max_gap=STATUS_GAP)
    )
    if header or rows:
        result.account(page.number)
        result.error(
            "table_not_found",
            "a progress table header is printed but no ruled table was found"
            if header
            else "progress rows (status words) are printed but no ruled table was found",
            dataset=MEASURES,
            page=page.number,
            box=_page_box(page),
        )


def _page_box(page: Page) -> BBox:
    return BBox(0.0, 0.0, page.width or 0.0, page.height or 0.0)


def _read_table(
    page: Page, f: Found, text: PageText, theme: Label, ctx: _Context, result: ParseResult
) -> list[Measure]:
    """The rows of one progress table; `ctx` becomes this table's."""
    first = f.fresh
    # The table goes on where the last one stopped: it continues it, or the
    # page has no heading of its own, or the same heading (続き).
    same = not first and (f.continued or text.heading_key in (None, ctx.heading))
    pillar = Label(clean_pillar(text.heading.text), text.heading.sources)
    if text.heading.text is None and not first:
        pillar = ctx.pillar
    if pillar.text is None:
        result.warn(
            "no_pillar",
            "no page heading above the progress table",
            dataset=MEASURES,
            field="pillar",
            page=page.number,
        )
    # A grid continuing one on its own page goes under that table's label.
    if theme.text is None and f.continued and ctx.page == page.number:
        theme = ctx.theme
    elif theme.text is None:
        if same:
            theme = ctx.theme
        warn_no_theme(result, page.number, carried=theme.text is not None)
    carried = ctx.measure if same else NO_LABEL
    rows: list[Measure] = []
    for band in row_bands(f.table, f.columns, f.body_top):
        measure = _read_row(page, f.table, f.columns, band, (pillar, theme, carried), result)
        if measure is None:
            continue
        carried = Label(measure.measure, measure.sources.get("measure", ()))
        rows.append(measure)
    ctx.columns, ctx.xs = f.columns, f.table.xs
    ctx.heading = text.heading_key if text.heading_key is not None else ctx.heading
    ctx.pillar, ctx.theme, ctx.measure = pillar, theme, carried
    ctx.page = page.number
    return rows


def _read_row(
    page: Page,
    table: Table,
    columns: Sequence[Column],
    band: tuple[float, float],
    labels: tuple[Label, Label, Label],
    result: ParseResult,
) -> Measure | None:
    """One body row; `labels` are the pillar, theme and the 施策 above.

    A label cell (施策, sub-group, 施策の内容, 進捗状況, 今後の展開) taller
    than the row belongs to every row it spans; a detail only to the row
    it starts in (its figures are counted once). A row in which no cell
    with text starts is no row of its own.
    """
    pillar, theme, carried = labels
    cells = row_cells(table, columns, band)
    sources: dict[str, tuple[Source, ...]] = {}

    def text(box: BBox | None, name: str) -> str | None:
        value = cell_text(page, box) if box is not None else None
        if value is not None and box is not None:
            sources[name] = (Source(page.number, box),)
        return value

    def one(boxes: tuple[BBox, ...], name: str) -> str | None:
        """A label column: one printed text, else null and reported."""
        texts = [(t, box) for box in boxes if (t := cell_text(page, box))]
        if len(texts) > 1:
            result.warn(
                "ambiguous_column",
                f"several cells under the {name} header in one row",
                dataset=MEASURES,
                field=name,
                page=page.number,
                raw=" / ".join(t for t, _ in texts),
            )
            return None
        if not texts:
            return None
        sources[name] = (Source(page.number, texts[0][1]),)
        return texts[0][0]

    if not any(cell_text(page, cell) for cell in cells.starting):
        return None  # an empty ruled row, or cells of the rows above running on
    status, outlook = one(cells.status, "status"), one(cells.outlook, "outlook")
    # Detail is running text: sub-cells read left to right.
    details = [
        (box, t) for box in cells.detail if box in cells.starting and (t := cell_text(page, box))
    ]
    detail = join_lines([t for _, t in details]) or None
    if details:
        sources["detail"] = tuple(Source(page.number, box) for box, _ in details)
    item = None if cells.spans_item else text(cells.item, "item")
    item_group = text(cells.item_group, "item_group")
    measure = text(cells.measure, "measure")
    if status and status_count(status) > 1:
        # Several rows inside one ruled row: no cell can be split reliably.
        result.error(
            "rows_not_ruled",
            "one ruled row holds several statuses; its rows are not read",
            dataset=MEASURES,
            field="status",
            page=page.number,
            raw=status,
            box=union(cells.starting),
        )
        return None
    if measure is None:
        measure = carried.text
        sources["measure"] = carried.sources
    sources["pillar"], sources["theme"] = pillar.sources, theme.sources
    return Measure(
        page=page.number,
        pillar=pillar.text,
        theme=theme.text,
        measure=measure,
        item_group=item_group,
        item=item,
        status=status,
        detail=detail,
        outlook=outlook,
        sources={name: found for name, found in sources.items() if found},
    )


def read_cover(pages: Sequence[Page]) -> tuple[Cover, int | None]:
    """The cover's title, publisher and date: from the pages before the
    first progress table (each visual line, text boxes kept apart)."""
    lines, first = _cover_lines(pages)
    return common.read_cover([raw for raw, _ in lines]), first


def _cover_lines(pages: Sequence[Page]) -> tuple[list[tuple[str, Source]], int | None]:
    """The lines of the pages before the first progress table, with their
    places, and the first of those pages."""
    out: list[tuple[str, Source]] = []
    first: int | None = None
    for page in pages:
        if any(header_columns(page, table) is not None for table in page.tables):
            break
        first = first or page.number
        out += [
            (line.raw, Source(page.number, line.box))
            for line in text_lines(page.chars, max_gap=TEXT_BOX_GAP)
        ]
    return out, first


def cover_sources(pages: Sequence[Page], cover: Cover) -> dict[str, list[Source]]:
    """Where the cover's fields were printed: the line each was read from."""
    lines, _ = _cover_lines(pages)
    out: dict[str, list[Source]] = {}
    for name, value in common.cover_printed(cover).items():
        for raw, source in lines:
            if compact(raw) == value:
                out[name] = [source]
                break
    return out
