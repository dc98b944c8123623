"""DX progress tables with no vertical rules, inferred from the page (stream tables).

A Word or PowerPoint table style rules the rows only (horizontal lines) or
bands them with fills, or prints no rule at all: pdfplumber's lattice
finder sees no grid, or only the header row's filled cells. Where a page
prints the header labels and no lattice table holds them with a body below,
the table is inferred, camelot's "stream" way:

- the header row is the labels of the vocabulary printed side by side (a
  label broken over two lines joined), with any other words between them
  as columns of their own;
- the columns' edges are the header row's cells when the lattice finder saw
  them, else the gaps in the text (header and body) between two labels: no
  glyph may cross an edge;
- the rows are cut at the horizontal rules or fill edges under a column (a
  rule missing under one column merges that column's cells, as a merged
  施策 prints), the table ending at the last rule across its whole width; a
  table with no rule at all is cut at the gaps between its text lines;
- the columns' contents are checked (status words under 進捗状況, short
  outlook forms under 今後の展開): a table whose text does not fit is an
  error and is not read.

The result is a `document.Table` with synthesised cells, in place of the
lattice tables it covers, so pdf.py reads it as it reads a ruled one.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect, bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from dxparse.document import BBox, Char, Page, Table
from dxparse.parsers.dx import pdf
from dxparse.parsers.dx.common import (
    MAX_OUTLOOK_CHARS,
    MEASURES,
    REQUIRED_HEADER_FIELDS,
    compact,
    header_field,
    header_fields,
    header_line_fields,
    heading,
    is_outlook,
    is_status,
)
from dxparse.records import ParseResult
from dxparse.utils.geometry import chars_in

# Text boxes on one baseline further apart than this many char sizes are
# separate labels (header labels sit a cell's margins apart at least).
LABEL_GAP = 1.0
# Glyphs whose middles lie within this many sizes are on one baseline.
BASELINE_SLACK = 0.3
# A label broken over two lines: the second line starts within this many
# char sizes below the first, centred (or left-aligned) under it.
STACK_GAP = 0.8
STACK_SHIFT = 1.5
# Labels of one header row overlap vertically by this share of the lower one.
ROW_OVERLAP = 0.3
# Points: rules closer than this are one ruling.
RULE_TOL = 1.5
# A rule under a column covers at least half of its width.
COLUMN_RULE = 0.5
# A table's rules end within this many TOL (or this share of its width)
# of its edges.
RULE_OVERHANG = 3.0
RULE_OVERHANG_WIDTH = 0.02
# The rule under the header row lies within this many label heights of the
# labels (the cell's margin, a label broken over two lines beside it).
HEADER_RULE_GAP = 2.0
# A rule across the table's width: the header's and the last row's.
FULL_RULE = 0.9
# Two columns' text lies at least this many char sizes apart (a word space
# inside a cell is narrower).
COLUMN_GAP = 0.5
# Rows above the header inside the table (a caption row): at most this tall,
# in lines of text.
CAPTION_MAX_LINES = 3.0
# Without rules: a gap after the last row's status this wide, as a share of
# the narrowest gap between rows, ends the table; one as wide inside a row
# means the rows cannot be told apart.
ROW_END_SHARE = 0.9
# Points a glyph may run over a column edge (rounding, italic overhang).
EDGE_SLACK = 0.5
# Share of a status (outlook) column's cells that must read as status words
# (outlook forms): fewer, and the columns were not found.
CONTENT_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Label:
    """A header label (field None: words the vocabulary does not know)."""

    field: str | None
    box: BBox


@dataclass(frozen=True, slots=True)
class HeaderRow:
    labels: tuple[Label, ...]  # left to right

    @property
    def top(self) -> float:
        return min(label.box.top for label in self.labels)

    @property
    def bottom(self) -> float:
        return max(label.box.bottom for label in self.labels)

    @property
    def x0(self) -> float:
        return min(label.box.x0 for label in self.labels)

    @property
    def x1(self) -> float:
        return max(label.box.x1 for label in self.labels)


class Misfit(Exception):
    """The page's text does not fit the inferred columns or rows."""

    def __init__(self, message: str, box: BBox, raw: str | None = None) -> None:
        super().__init__(message)
        self.box = box
        self.raw = raw


# --- the whole document ------------------------------------------------------


def with_stream_tables(pages: Sequence[Page], result: ParseResult) -> tuple[Page, ...]:
    """The pages, each with the tables inferred on it in place of the lattice
    tables they cover (pages with nothing to infer unchanged). A page with
    horizontal rules and no header or other table after a stream table gets
    its headerless table too: pdf.py decides whether it continues one."""
    out: list[Page] = []
    last: Table | None = None  # the last stream table, while nothing else follows it
    for page in pages:
        turned, found, headers = _page_with_stream_tables(page, result)
        if found:
            last = found[-1]
        elif headers or any(len(t.cells) > 1 for t in turned.tables):
            last = None  # another table (a box drawn on the page is one cell)
        elif last is not None and turned.has_geometry:
            headerless = continuation_table(page, last)
            if headerless is not None:
                turned = replace(page, tables=(*page.tables, headerless))
                last = headerless
        out.append(turned)
    return tuple(out)


def _page_with_stream_tables(
    page: Page, result: ParseResult
) -> tuple[Page, list[Table], list[HeaderRow]]:
    """The page with its stream tables, those tables, and the header rows it prints."""
    if not page.has_geometry or not page.chars:
        return page, [], []
    every = header_rows(page)
    headers = [h for h in every if not _held_by_lattice(page, h)]
    if not headers:
        return page, [], every
    tables = list(page.tables)
    rules = _rules(page)
    found: list[Table] = []
    for header in headers:
        below = min((h.top for h in every if h.top > header.bottom), default=None)
        try:
            table = infer_table(page, header, rules, below)
        except Misfit as misfit:
            result.error(
                "stream_table_misfit",
                f"a progress table header is printed with no vertical rules and {misfit};"
                " the table is not read",
                dataset=MEASURES,
                page=page.number,
                box=misfit.box,
                raw=misfit.raw,
            )
            continue
        if table is None:
            if not _reported_by_pdf(page, every, headers, found):
                result.error(
                    "table_not_found",
                    "a progress table header is printed but no table was found under it",
                    dataset=MEASURES,
                    page=page.number,
                    box=_box_of(header),
                )
            continue
        # The lattice tables inside it (the header row's filled cells, a
        # band's fills) are parts of it.
        tables = [t for t in tables if not _inside(t.box, table.box)]
        tables.append(table)
        found.append(table)
    return replace(page, tables=tuple(tables)), found, every


def _reported_by_pdf(
    page: Page, every: Sequence[HeaderRow], headers: Sequence[HeaderRow], found: Sequence[Table]
) -> bool:
    """pdf.py reports a page whose header line it finds in the page's text
    and where it reads no table; a header it misses there (a label broken
    over two lines), or beside a table it reads, is ours to report."""
    others = len(every) > len(headers) or bool(found)
    return not others and any(header_line_fields(line) for line in page.lines)


def _inside(inner: BBox, outer: BBox) -> bool:
    return outer.contains_point(inner.cx, inner.cy)


def _holds(table: Table, header: HeaderRow) -> bool:
    return all(table.box.contains_point(lb.box.cx, lb.box.cy) for lb in header.labels)


def _held_by_lattice(page: Page, header: HeaderRow) -> bool:
    """A lattice table holds the header row: with a body under it (pdf.py
    reads it), or with vertical rules between the labels (a ruled table
    pdf.py reads or reports). A lattice table that is the header row's
    filled cells alone, or full-width bands, does not."""
    for table in page.tables:
        if not _holds(table, header):
            continue
        found = pdf.header_columns(page, table)
        if found is None:
            # Each label in a grid column of its own: the table is ruled.
            slots = {bisect(table.xs, lb.box.cx) for lb in header.labels}
            if len(slots) == len(header.labels):
                return True
            continue
        _, body_top = found
        if any(c.box.cy > body_top + pdf.TOL for c in chars_in(page, table.box)):
            return True
        if _ruled_body_below(page, table):
            return True  # a header ruled alone over its body's grid: pdf.py reads both
    return False


# Points between a header ruled on its own and the body grid under it.
_HEADER_GAP = 12.0


def _ruled_body_below(page: Page, header: Table) -> bool:
    """A ruled grid (vertical rules: two columns or more) starts right under
    the header's table and spans its width."""
    for table in page.tables:
        if table is header or len(table.xs) < 3:
            continue
        gap = table.box.top - header.box.bottom
        spans = table.box.x0 <= header.box.cx <= table.box.x1
        if -pdf.TOL <= gap <= _HEADER_GAP and spans:
            return True
    return False


def _lattice_header(page: Page, header: HeaderRow) -> tuple[Table, list[pdf.Column]] | None:
    """A lattice table that is the header row alone (its cells filled) and
    the columns it names."""
    for table in page.tables:
        if _holds(table, header):
            found = pdf.header_columns(page, table)
            if found is not None:
                return table, found[0]
    return None


# --- header rows ------------------------------------------------------------


def header_rows(page: Page) -> list[HeaderRow]:
    """The rows of header labels printed on the page, top to bottom."""
    pieces = text_pieces(page.chars)
    labels, used = _labels(pieces)
    groups = _overlapping(labels)
    rows: list[HeaderRow] = []
    for group in groups:
        fields = [label.field for label in group]
        if len(set(fields)) != len(fields) or not set(fields) >= REQUIRED_HEADER_FIELDS:
            continue
        row = HeaderRow(tuple(sorted(group, key=lambda lb: lb.box.x0)))
        # Other words between the labels, on the row's band: columns the
        # vocabulary does not know.
        unknown = [
            Label(None, piece.box)
            for n, piece in enumerate(pieces)
            if n not in used
            and row.top - pdf.TOL <= piece.box.cy <= row.bottom + pdf.TOL
            and row.x0 < piece.box.cx < row.x1
        ]
        rows.append(HeaderRow(tuple(sorted([*group, *unknown], key=lambda lb: lb.box.x0))))
    return sorted(rows, key=lambda r: r.top)


def text_pieces(chars: Iterable[Char], gap: float = LABEL_GAP) -> list[pdf.TextLine]:
    """Runs of glyphs on one baseline, cut at gaps wider than `gap` sizes.

    Stricter than pdf.text_lines: a line joins glyphs of its own height only,
    so the two lines of a label broken in a header row stay apart beside a
    one-line label centred between them.
    """
    ordered = sorted((c for c in chars if c.upright and c.text.strip()), key=_by_middle)
    rows: list[tuple[float, list[Char]]] = []
    if all([pdf.sane(c.box) and math.isfinite(c.size) for c in ordered]):
        # Chars come by their middle, so the rows' middles rise in the order
        # made and none is below the char's: the distance to it shrinks along
        # the rows, and the first row near enough is found by bisection.
        middles: list[float] = []
        for char in ordered:
            cy, slack = char.box.cy, BASELINE_SLACK * char.size
            lo = bisect_left(middles, True, key=lambda m: abs(m - cy) <= slack)
            if lo < len(middles):
                rows[lo][1].append(char)
            else:
                rows.append((cy, [char]))
                middles.append(cy)
    else:  # a hostile box: every row searched
        for char in ordered:
            for cy, row in rows:
                if abs(cy - char.box.cy) <= BASELINE_SLACK * char.size:
                    row.append(char)
                    break
            else:
                rows.append((char.box.cy, [char]))
    pieces: list[pdf.TextLine] = []
    for _, row in rows:
        row.sort(key=lambda c: c.box.x0)
        current: list[Char] = [row[0]]
        for char in row[1:]:
            if char.box.x0 - current[-1].box.x1 > gap * max(char.size, current[-1].size):
                pieces.append(pdf.TextLine(tuple(current)))
                current = []
            current.append(char)
        pieces.append(pdf.TextLine(tuple(current)))
    return sorted(pieces, key=lambda p: (round(p.box.top, 1), p.box.x0))


def _by_middle(char: Char) -> tuple[float, float]:
    return (char.box.cy, char.box.x0)


def _labels(pieces: Sequence[pdf.TextLine]) -> tuple[list[Label], set[int]]:
    """Header labels among the text pieces: a piece, two pieces side by side
    or one over the other (a label broken over two lines); the longer reading
    first, so 取組 over 内容 is 取組内容, not 取組."""
    wordings = header_fields()
    heads = {w[:k] for w in wordings for k in range(1, len(w))}
    tails = {w[k:] for w in wordings for k in range(1, len(w))}
    texts = [compact(piece.raw) for piece in pieces]
    firsts = [i for i, t in enumerate(texts) if t in heads]
    seconds = [i for i, t in enumerate(texts) if t in tails]
    labels: list[Label] = []
    used: set[int] = set()
    for i in firsts:
        a = pieces[i]
        for j in seconds:
            b = pieces[j]
            if i in used or j == i or j in used or not (_stacked(a, b) or _side_by_side(a, b)):
                continue
            field = header_field(texts[i] + texts[j])
            if field is not None:
                labels.append(Label(field, _union(a.box, b.box)))
                used |= {i, j}
    for i, piece in enumerate(pieces):
        if i not in used and (field := header_field(texts[i])) is not None:
            labels.append(Label(field, piece.box))
            used.add(i)
    return labels, used


def _stacked(a: pdf.TextLine, b: pdf.TextLine) -> bool:
    size = max(a.size, b.size)
    gap = b.box.top - a.box.bottom
    centred = abs(a.box.cx - b.box.cx) <= STACK_SHIFT * size
    flush = abs(a.box.x0 - b.box.x0) <= STACK_SHIFT * size
    return -pdf.TOL <= gap <= STACK_GAP * size and (centred or flush)


def _side_by_side(a: pdf.TextLine, b: pdf.TextLine) -> bool:
    size = max(a.size, b.size)
    same_line = abs(a.box.cy - b.box.cy) <= 0.5 * size
    return same_line and 0 <= b.box.x0 - a.box.x1 <= 2 * LABEL_GAP * size


def _union(a: BBox, b: BBox) -> BBox:
    return BBox(min(a.x0, b.x0), min(a.top, b.top), max(a.x1, b.x1), max(a.bottom, b.bottom))


def _overlapping(labels: Sequence[Label]) -> list[list[Label]]:
    """Labels grouped by vertical overlap (one printed row each)."""
    groups: list[list[Label]] = []
    for label in sorted(labels, key=lambda lb: lb.box.top):
        for group in groups:
            if any(_overlap_v(label.box, other.box) for other in group):
                group.append(label)
                break
        else:
            groups.append([label])
    return groups


def _overlap_v(a: BBox, b: BBox) -> bool:
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    return shared > ROW_OVERLAP * min(a.height, b.height)


# --- rules ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """The horizontal rulings at one height: merged x-intervals."""

    y: float
    spans: tuple[tuple[float, float], ...]

    def covered(self, x0: float, x1: float) -> float:
        """How much of [x0, x1] the rule covers (points)."""
        return sum(max(0.0, min(b, x1) - max(a, x0)) for a, b in self.spans)


def _rules(page: Page) -> list[Rule]:
    """Horizontal rulings (lines and the sides of rectangles and fills),
    grouped by height."""
    edges = sorted((e for e in page.edges if e.orientation == "h"), key=lambda e: e.top)
    groups: list[list[tuple[float, float, float]]] = []
    for e in edges:
        if groups and e.top - groups[-1][-1][0] <= RULE_TOL:
            groups[-1].append((e.top, e.x0, e.x1))
        else:
            groups.append([(e.top, e.x0, e.x1)])
    rules = []
    for group in groups:
        spans: list[tuple[float, float]] = []
        for _, x0, x1 in sorted(group, key=lambda g: g[1]):
            if spans and x0 <= spans[-1][1] + RULE_TOL:
                spans[-1] = (spans[-1][0], max(spans[-1][1], x1))
            else:
                spans.append((x0, x1))
        y = statistics.median(g[0] for g in group)
        rules.append(Rule(round(y, 2), tuple(spans)))
    return rules


def _within(rule: Rule, x0: float, x1: float) -> bool:
    """The rule's spans that reach into the table end near its edges: a
    page's frame or background is wider."""
    slack = max(RULE_OVERHANG * pdf.TOL, RULE_OVERHANG_WIDTH * (x1 - x0))
    return all(a >= x0 - slack and b <= x1 + slack for a, b in rule.spans if b > x0 and a < x1)


def _cuts_text(page: Page, rule: Rule, x0: float, x1: float) -> bool:
    """The rule runs through a glyph inside the table (an underline or a
    strike, not a row rule); a merged cell's text may straddle the rule's
    height where the rule stops short of it."""
    y = rule.y
    return any(
        c.box.top < y - pdf.TOL
        and c.box.bottom > y + pdf.TOL
        and x0 <= c.box.cx <= x1
        and any(a <= c.box.cx <= b for a, b in rule.spans)
        for c in page.chars
        if c.text.strip()
    )


# --- the table ----------------------------------------------------------------


def infer_table(
    page: Page, header: HeaderRow, rules: Sequence[Rule], below: float | None
) -> Table | None:
    """The table under `header` (`below`: the next header row's top).

    None when nothing is printed under the header; Misfit when the text does
    not fit the columns found.
    """
    lattice = _lattice_header(page, header)
    width = _table_width(header, rules, lattice, page.width)
    if width is None:
        return _text_table(page, header, below)
    x0, x1 = width
    inside = [
        r
        for r in rules
        if r.covered(x0, x1) > 0 and _within(r, x0, x1) and not _cuts_text(page, r, x0, x1)
    ]
    full = [r for r in inside if r.covered(x0, x1) >= FULL_RULE * (x1 - x0)]
    head_bottom = next((r for r in full if r.y >= header.bottom - pdf.TOL), None)
    if head_bottom is None:
        raise Misfit("no rule under its header row", _box_of(header))
    limit = _next_top(full, below)
    if lattice is not None:
        top, head_cells = lattice[0].box.top, list(lattice[0].cells)
    else:
        top = _table_top(page, header, full, inside, x0, x1)
        head_cells = []
    kept = _body_rules(page, inside, head_bottom, (x0, x1), limit)
    last = _unruled_last_row(page, header, [top, *(r.y for r in kept)], (x0, x1), inside, limit)
    if last is not None:
        kept.append(Rule(last, ((x0, x1),)))
    if len(kept) == 1:
        return None
    bottom = kept[-1].y
    xs = _edges(page, header, lattice, x0, x1, head_bottom.y, bottom)
    columns = _columns(header, xs, lattice)
    if not head_cells:
        head_cells = [BBox(a, top, b, head_bottom.y) for a, b in pairwise(xs)]
    table = _table([*head_cells, *_body_cells(xs, kept)])
    _check_contents(page, table, columns, head_bottom.y)
    return table


def _body_rules(
    page: Page, inside: Sequence[Rule], first: Rule, width: tuple[float, float], limit: float
) -> list[Rule]:
    """The rules of the body's rows from `first` down to the last full rule
    before a band with no text."""
    x0, x1 = width
    kept = [first]
    for rule in (r for r in inside if first.y < r.y <= limit + pdf.TOL):
        if not _text_in(page, BBox(x0, kept[-1].y, x1, rule.y)):
            break
        kept.append(rule)
    while len(kept) > 1 and kept[-1].covered(x0, x1) < FULL_RULE * (x1 - x0):
        kept.pop()
    return kept


def _body_cells(xs: Sequence[float], kept: Sequence[Rule]) -> list[BBox]:
    cells = []
    for a, b in pairwise(xs):
        start = kept[0].y
        for rule in kept[1:]:
            # A rule missing under a column: that column's cell runs on.
            if rule is kept[-1] or rule.covered(a, b) >= COLUMN_RULE * (b - a):
                cells.append(BBox(a, start, b, rule.y))
                start = rule.y
    return cells


def _unruled_last_row(
    page: Page,
    header: HeaderRow,
    ys: Sequence[float],
    width: tuple[float, float],
    rules: Sequence[Rule],
    limit: float,
) -> float | None:
    """The bottom of a last row that no rule or fill closes: banded rows
    fill every other row, so a last row after a filled one has no edge
    below. Its text starts as close under the fill as the rows' text under
    their tops (or, no lower than a row is tall, with a status word under
    進捗状況), runs on with the line gaps of a cell, and it ends as far
    under its text as the rows do."""
    x0, x1 = width
    if len(ys) < 2 or not _filled(page, x0, x1, ys[-2], ys[-1]):
        return None
    leads, tails, inner = [], [], []
    for a, b in pairwise(ys):
        spans = _line_spans(pdf.text_lines(chars_in(page, BBox(x0, a, x1, b))))
        if not spans:
            continue
        leads.append(spans[0][0] - a)
        tails.append(b - spans[-1][1])
        inner += [lower[0] - upper[1] for upper, lower in pairwise(spans)]
    if not leads:
        return None
    below = BBox(x0, ys[-1], x1, min(limit, page.height or limit))
    spans = _line_spans(pdf.text_lines(chars_in(page, below)))
    if not spans:
        return None
    gap = max(inner, default=0.0) + pdf.TOL
    end = spans[0][1]
    for top, bottom in spans[1:]:
        if top - end > gap:
            break
        end = bottom
    lead = spans[0][0] - ys[-1]
    status = next(lb.box for lb in header.labels if lb.field == "status")
    size = status.height
    block = BBox(status.x0 - size, ys[-1], status.x1 + size, end)
    has_status = any(is_status(piece.raw) for piece in text_pieces(chars_in(page, block)))
    tallest = max(b - a for a, b in pairwise(ys))
    if lead > max(leads) + pdf.TOL and not (has_status and lead <= tallest):
        return None
    if any(ys[-1] + pdf.TOL < r.y < end for r in rules):
        return None
    return end + min(tails)


def _filled(page: Page, x0: float, x1: float, top: float, bottom: float) -> bool:
    """A fill (a rectangle's sides) spans the band at both table edges."""

    def side(x: float) -> bool:
        return any(
            e.orientation == "v"
            and abs(e.x0 - x) <= RULE_TOL
            and e.top <= top + RULE_TOL
            and e.bottom >= bottom - RULE_TOL
            for e in page.edges
        )

    return side(x0) and side(x1)


def _table_width(
    header: HeaderRow,
    rules: Sequence[Rule],
    lattice: tuple[Table, list[pdf.Column]] | None,
    page_width: float | None,
) -> tuple[float, float] | None:
    """The table's left and right edges: the header's lattice cells, else the
    rule under the header row across all its labels (None: no rules)."""
    if lattice is not None:
        return lattice[0].box.x0, lattice[0].box.x1
    size = max(lb.box.height for lb in header.labels)
    for rule in rules:
        # Right under the labels (a cell's margin), not a rule further down.
        if not header.bottom - pdf.TOL <= rule.y <= header.bottom + HEADER_RULE_GAP * size:
            continue
        for a, b in rule.spans:
            frame = a <= pdf.TOL and page_width is not None and b >= page_width - pdf.TOL
            if not frame and all(a <= lb.box.cx <= b for lb in header.labels):
                return a, b
    return None


def _next_top(full: Sequence[Rule], below: float | None) -> float:
    """The lowest a table may reach: the top rule of the next header row."""
    if below is None:
        return float("inf")
    above = [r.y for r in full if r.y <= below + pdf.TOL]
    return max(above) if above else below


def _table_top(
    page: Page,
    header: HeaderRow,
    full: Sequence[Rule],
    inside: Sequence[Rule],
    x0: float,
    x1: float,
) -> float:
    """The header row's top rule, or a caption row's above it (a full-width
    row of text bounded by full rules with no other ruling inside)."""
    above = [r.y for r in full if r.y <= header.top + pdf.TOL]
    if not above:
        return header.top - pdf.TOL
    top = max(above)
    for _ in range(pdf.HEADER_MAX_ROW - 1):
        higher = [y for y in above if y < top - pdf.TOL]
        if not higher:
            break
        y = max(higher)
        band = BBox(x0, y, x1, top)
        lines = pdf.text_lines(chars_in(page, band))
        tall = CAPTION_MAX_LINES * max((line.size for line in lines), default=0.0)
        ruled_inside = any(y + pdf.TOL < r.y < top - pdf.TOL for r in inside)
        if not lines or ruled_inside or top - y > tall:
            break
        top = y
    return top


def _text_in(page: Page, band: BBox) -> bool:
    return any(c.text.strip() for c in chars_in(page, band))


def _body_chars(page: Page, box: BBox) -> list[Char]:
    return [c for c in chars_in(page, box) if c.text.strip()]


def _edges(
    page: Page,
    header: HeaderRow,
    lattice: tuple[Table, list[pdf.Column]] | None,
    x0: float,
    x1: float,
    body_top: float,
    bottom: float,
) -> list[float]:
    """The columns' edges, left to right (the table's own edges included)."""
    body = _body_chars(page, BBox(x0, body_top, x1, bottom))
    if lattice is not None:
        inner = sorted(
            {round(c.x0, 1) for c in lattice[0].cells} | {round(c.x1, 1) for c in lattice[0].cells}
        )
        edges = [x for x in inner if x0 + pdf.TOL < x < x1 - pdf.TOL]
        for x in edges:
            crossing = _running_across(body, x)
            if crossing:
                raise Misfit(
                    "its body text runs across the header's column edges",
                    _union_all(c.box for c in crossing),
                    "".join(c.raw for c in crossing),
                )
        return [x0, *edges, x1]
    head = _body_chars(page, BBox(x0, header.top, x1, header.bottom))
    gaps = _gaps([*body, *head], x0, x1)
    edges = []
    for left, right in pairwise(header.labels):
        lo, hi = left.box.x1, right.box.x0
        inside = [(max(a, lo), min(b, hi)) for a, b in gaps if min(b, hi) > max(a, lo)]
        if not inside:
            box = BBox(lo, header.top, hi, bottom)
            raise Misfit(
                "its text runs across the gap between two header labels",
                box,
                "".join(c.raw for c in _body_chars(page, box)) or None,
            )
        a, b = max(inside, key=lambda g: g[1] - g[0])
        edges.append(round((a + b) / 2, 1))
    return [x0, *edges, x1]


def _covered(chars: Iterable[Char]) -> list[tuple[float, float]]:
    """The x-intervals glyphs cover, word spaces filled in."""
    covered: list[list[float]] = []
    for a, b, size in sorted((c.box.x0, c.box.x1, c.size) for c in chars):
        if covered and a - covered[-1][1] < COLUMN_GAP * size:
            covered[-1][1] = max(covered[-1][1], b)
        else:
            covered.append([a, b])
    return [(a, b) for a, b in covered]


def _gaps(chars: Iterable[Char], x0: float, x1: float) -> list[tuple[float, float]]:
    """The x-intervals in [x0, x1] no glyph covers, word spaces filled in."""
    gaps, at = [], x0
    for a, b in _covered(chars):
        if a > at:
            gaps.append((at, a))
        at = max(at, b)
    if at < x1:
        gaps.append((at, x1))
    return gaps


def _columns(
    header: HeaderRow, xs: Sequence[float], lattice: tuple[Table, list[pdf.Column]] | None
) -> list[pdf.Column]:
    """The named columns between the edges (by the label inside each)."""
    if lattice is not None:
        return lattice[1]
    out = []
    for label in header.labels:
        if label.field is None:
            continue
        for a, b in pairwise(xs):
            if a <= label.box.cx <= b:
                out.append(pdf.Column(label.field, a, b))
    return out


def _table(cells: Sequence[BBox]) -> Table:
    xs = tuple(sorted({round(c.x0, 1) for c in cells} | {round(c.x1, 1) for c in cells}))
    ys = tuple(sorted({round(c.top, 1) for c in cells} | {round(c.bottom, 1) for c in cells}))
    box = BBox(
        min(c.x0 for c in cells),
        min(c.top for c in cells),
        max(c.x1 for c in cells),
        max(c.bottom for c in cells),
    )
    return Table(box=box, cells=tuple(cells), xs=xs, ys=ys)


def _box_of(header: HeaderRow) -> BBox:
    return BBox(header.x0, header.top, header.x1, header.bottom)


def _union_all(boxes: Iterable[BBox]) -> BBox:
    found = list(boxes)
    return BBox(
        min(b.x0 for b in found),
        min(b.top for b in found),
        max(b.x1 for b in found),
        max(b.bottom for b in found),
    )


# --- a table continued without its header ------------------------------------


def continuation_table(page: Page, before: Table) -> Table | None:
    """The headerless table of horizontal rules on a page after a stream
    table, as wide as that one: its columns are the earlier table's when
    its text fits them (no run of text across an edge), else the gaps in its
    text, as many as the earlier table's. None when the page holds no such
    rows."""
    x0, x1 = before.box.x0, before.box.x1
    inside = [
        r
        for r in _rules(page)
        if r.covered(x0, x1) > 0 and _within(r, x0, x1) and not _cuts_text(page, r, x0, x1)
    ]
    full = [r for r in inside if r.covered(x0, x1) >= FULL_RULE * (x1 - x0)]
    for first in full:
        kept = _body_rules(page, inside, first, (x0, x1), float("inf"))
        if len(kept) < 2:
            continue
        body = _body_chars(page, BBox(x0, kept[0].y, x1, kept[-1].y))
        earlier = [x for x in before.xs if x0 + pdf.TOL < x < x1 - pdf.TOL]
        if not any(_running_across(body, x) for x in earlier):
            xs = [x0, *earlier, x1]
        else:
            xs = [x0, *((a + b) / 2 for a, b in _gaps(body, x0, x1) if a > x0 and b < x1), x1]
            if len(xs) != len(earlier) + 2:
                return None  # not as many columns as the table it would continue
        # A row is text in two columns at least (not a label in one).
        while len(kept) > 1 and _columns_with_text(page, xs, kept[0].y, kept[1].y) < 2:
            kept = kept[1:]
        if len(kept) > 1 and len(xs) > 2:
            return _table(_body_cells(xs, kept))
        return None
    return None


def _running_across(chars: Sequence[Char], x: float) -> list[Char]:
    """The glyphs of a run of text (glyphs closer than a column gap on one
    baseline) on both sides of x. A glyph alone may hang over an edge (a
    full stop hung in the margin, as Japanese setting does) and still sit
    in its column by its middle."""
    near = [
        c
        for c in chars
        if c.box.x0 < x + COLUMN_GAP * c.size and c.box.x1 > x - COLUMN_GAP * c.size
    ]
    if not near:
        return []
    for piece in text_pieces(near, gap=COLUMN_GAP):
        if any(c.box.cx < x for c in piece.chars) and any(c.box.cx > x for c in piece.chars):
            return list(piece.chars)
    return []


def _columns_with_text(page: Page, xs: Sequence[float], top: float, bottom: float) -> int:
    return sum(1 for a, b in pairwise(xs) if _text_in(page, BBox(a, top, b, bottom)))


# --- no rules at all: rows from the text's gaps ------------------------------


def _text_table(page: Page, header: HeaderRow, below: float | None) -> Table | None:
    """A table printed with no ruling at all. Each row prints one status
    word under 進捗状況: the rows are cut at the widest gap between the text
    lines of two status words, and a row ends at a gap as wide as those."""
    size = statistics.median(c.size for c in _body_chars(page, _box_of(header)))
    limit = below if below is not None else (page.height or header.bottom)
    # The rows from the text under the labels' span (surely the table's).
    core = _body_chars(page, BBox(header.x0, header.bottom, header.x1, limit))
    status = next(lb.box for lb in header.labels if lb.field == "status")
    anchors = [
        piece
        for piece in text_pieces(core)
        if piece.box.x1 >= status.x0 - size
        and piece.box.x0 <= status.x1 + size
        and is_status(piece.raw)
    ]
    if not anchors:
        return None
    spans = _line_spans(pdf.text_lines(core))
    gaps = [(a[1], b[0]) for a, b in pairwise(spans)]
    first_gap = (header.bottom, spans[0][0])
    cuts: list[tuple[float, float]] = []
    for upper, lower in pairwise(anchors):
        between = [
            g
            for g in gaps
            if g[0] >= upper.box.bottom - pdf.TOL and g[1] <= lower.box.top + pdf.TOL
        ]
        if not between:
            raise Misfit(
                "two status words with no gap between their rows", _union(upper.box, lower.box)
            )
        cuts.append(max(between, key=lambda g: g[1] - g[0]))
    least = min(g[1] - g[0] for g in [first_gap, *cuts])
    end = next(
        (
            g
            for g in gaps
            if g[0] >= anchors[-1].box.bottom - pdf.TOL and g[1] - g[0] >= ROW_END_SHARE * least
        ),
        None,
    )
    last = end[0] if end is not None else spans[-1][1]
    inner = [g for g in gaps if g[1] <= last + pdf.TOL and g not in cuts]
    if any(g[1] - g[0] >= ROW_END_SHARE * least for g in inner if g[0] > first_gap[1] - pdf.TOL):
        raise Misfit(
            "its rows cannot be told apart by the gaps between its lines",
            BBox(header.x0, header.bottom, header.x1, last),
        )
    pad = (first_gap[1] - first_gap[0]) / 2
    body_top, bottom, top = header.bottom + pad, last + pad, header.top - pad
    ys = [body_top, *((a + b) / 2 for a, b in cuts), bottom]
    inner_edges = _edges(page, header, None, header.x0, header.x1, body_top, bottom)[1:-1]
    # The outer columns: as wide on both sides of their labels as the text
    # next to them reaches (not across a gap to a callout).
    first, final = header.labels[0].box, header.labels[-1].box
    strip = _body_chars(page, BBox(0, body_top, page.width or header.x1, bottom))
    covered = _covered(strip)
    x0 = min(2 * first.cx - inner_edges[0], first.x0)
    x1 = max(2 * final.cx - inner_edges[-1], final.x1)
    x0 = min([x0, *(a for a, b in covered if a < x0 < b)]) - EDGE_SLACK
    x1 = max([x1, *(b for a, b in covered if a < x1 < b)]) + EDGE_SLACK
    for side in (x0, x1):
        if crossing := _running_across(strip, side):
            raise Misfit(
                "its text runs across the edges its gaps give",
                _union_all(c.box for c in crossing),
                "".join(c.raw for c in crossing),
            )
    for char in strip:
        if x0 <= char.box.cx <= x1 and any(
            char.box.top + EDGE_SLACK < y < char.box.bottom - EDGE_SLACK for y in ys
        ):
            raise Misfit("its text runs across the rows its gaps give", char.box, char.raw)
    xs = [x0, *inner_edges, x1]
    columns = _columns(header, xs, None)
    cells = [BBox(a, top, b, body_top) for a, b in pairwise(xs)]
    for a, b in pairwise(xs):
        cells.extend(BBox(a, c_top, b, c_bottom) for c_top, c_bottom in pairwise(ys))
    table = _table(cells)
    _check_contents(page, table, columns, body_top)
    _check_measures_on_top(page, table, columns, body_top)
    return table


def _line_spans(lines: Sequence[pdf.TextLine]) -> list[tuple[float, float]]:
    """The vertical extents of the text lines, overlapping ones merged."""
    spans: list[list[float]] = []
    for line in sorted(lines, key=lambda ln: ln.box.top):
        if spans and line.box.top <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], line.box.bottom)
        else:
            spans.append([line.box.top, line.box.bottom])
    return [(a, b) for a, b in spans]


def _check_measures_on_top(
    page: Page, table: Table, columns: Sequence[pdf.Column], body_top: float
) -> None:
    """Without rules a blank 施策 cell is a carried 施策 only where the cells
    print their text at the row's top: a 施策 centred over several merged
    rows sits in one of them, and no gap shows which. Rows whose cells run
    to different line counts show how the cells are anchored; with none, or
    centred, a blank 施策 cell is an error."""
    measure = next((c for c in columns if c.field == "measure"), None)
    if measure is None:
        return
    bands = sorted({(c.top, c.bottom) for c in table.cells if c.top >= body_top - pdf.TOL})
    blank: BBox | None = None
    evidence, centred = False, False
    for top, bottom in bands:
        firsts, counts = [], []
        for cell in table.cells:
            if (cell.top, cell.bottom) != (top, bottom):
                continue
            lines = pdf.text_lines(chars_in(page, cell))
            if not lines:
                if cell.x0 == measure.x0 and blank is None:
                    blank = cell
                continue
            firsts.append(lines[0])
            counts.append(len(lines))
        if len(set(counts)) > 1:
            evidence = True
            row_top = min(line.box.top for line in firsts)
            centred |= any(line.box.top - row_top > 0.5 * line.size for line in firsts)
    if blank is not None and (centred or not evidence):
        raise Misfit(
            f"blank {heading('measure')} cells, and no rule to tell a {heading('measure')}"
            " carried down from one centred over merged rows",
            blank,
        )


def _check_contents(
    page: Page, table: Table, columns: Sequence[pdf.Column], body_top: float
) -> None:
    """Status words under 進捗状況 and outlook forms under 今後の展開, short
    words without a sentence's full stop: else the columns are not the
    header's."""
    for column in columns:
        if column.field not in ("status", "outlook"):
            continue
        texts = []
        for cell in table.cells:
            if cell.top < body_top - pdf.TOL or abs(cell.x0 - column.x0) > pdf.TOL:
                continue
            text = pdf.cell_text(page, cell)
            if not text:
                continue
            if len(text) > MAX_OUTLOOK_CHARS or "。" in text:
                raise Misfit(f"a sentence under the {column.field} header", cell, text)
            texts.append(text)
        check = is_status if column.field == "status" else is_outlook
        if texts and sum(map(check, texts)) < CONTENT_SHARE * len(texts):
            raise Misfit(
                f"few of the {column.field} cells read as one",
                BBox(column.x0, body_top, column.x1, table.box.bottom),
                " / ".join(texts),
            )
