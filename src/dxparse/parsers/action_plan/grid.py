"""The cell grid of one ruled sheet, and looking values up by their labels.

A sheet is one ruled table. Its grid lines come from the ruling, and each
cell (a merged cell too) is placed on the grid as a span of rows and
columns, so "the cell right of a label" and "the cell of this row under
that header" are index look-ups, whatever the column widths, row heights or
orientation of the page.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from dxparse.document import BBox, Char, Page, Table
from dxparse.normalise import join_wrapped, normalize_chars
from dxparse.utils.geometry import BoxCover, chars_in

# Points: two ruling positions closer than this are the same grid line.
SNAP = 2.0
# A char is on a line when its centre is within this share of the larger
# char size from the line's mean centre: less than half a line apart.
LINE_CENTRE_SLACK = 0.45


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell on the grid: rows r0..r1-1 and columns c0..c1-1."""

    box: BBox
    r0: int
    r1: int
    c0: int
    c1: int
    text: str  # wrapped lines joined, normalised
    raw: str  # the lines as printed, NFKC only (white space kept)
    # The page's chars whose centre lies in the box (edges included), in page order.
    chars: tuple[Char, ...] = field(default=(), repr=False, compare=False)

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(slots=True)
class Grid:
    """The cells of one sheet, addressable by grid row and column."""

    cells: list[Cell]
    xs: list[float]
    ys: list[float]
    _at: dict[tuple[int, int], Cell] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for cell in self.cells:
            for r in range(cell.r0, cell.r1):
                for c in range(cell.c0, cell.c1):
                    self._at.setdefault((r, c), cell)

    @property
    def top(self) -> float:
        return self.ys[0]

    def at(self, r: int, c: int) -> Cell | None:
        return self._at.get((r, c))

    def find(
        self,
        matches: Callable[[str], bool],
        *,
        rows: tuple[int, int] | None = None,
        cols: tuple[int, int] | None = None,
    ) -> list[Cell]:
        """Cells whose text matches, in reading order, optionally in a band."""
        found = [
            cell
            for cell in self.cells
            if cell.text
            and (rows is None or (cell.r0 < rows[1] and cell.r1 > rows[0]))
            and (cols is None or (cell.c0 < cols[1] and cell.c1 > cols[0]))
            and matches(cell.text)
        ]
        return sorted(found, key=lambda cell: (cell.r0, cell.c0))

    def right(self, cell: Cell, steps: int = 1) -> Cell | None:
        """The cell `steps` to the right of `cell`, on the cell's first row."""
        current: Cell | None = cell
        for _ in range(steps):
            if current is None:
                return None
            current = self.at(cell.r0, current.c1)
        return current

    def below(self, cell: Cell) -> Cell | None:
        """The cell under `cell`, in the cell's first column."""
        return self.at(cell.r1, cell.c0)

    def row_cells(self, cell: Cell) -> list[Cell]:
        """Cells right of `cell` that start on its first row, left to right."""
        out: list[Cell] = []
        current = self.right(cell)
        while current is not None:
            out.append(current)
            current = self.at(cell.r0, current.c1)
        return out

    def in_row(self, r: int, c0: int, c1: int) -> Cell | None:
        """The one cell of row `r` that covers columns c0..c1-1, if one does."""
        cell = self.at(r, c0)
        if cell is None or cell.c1 < c1:
            return None
        return cell


# --- building the grid -----------------------------------------------------


def _snap(values: Iterable[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > SNAP:
            out.append(value)
    return out


def _index(lines: Sequence[float], value: float) -> int:
    """The grid line nearest `value`."""
    i = bisect.bisect_left(lines, value)
    if i == 0 or i == len(lines):
        return max(i - 1, 0)
    return i - 1 if abs(lines[i - 1] - value) <= abs(lines[i] - value) else i


def text_lines(chars: Sequence[Char]) -> list[str]:
    """A cell's chars as printed lines: grouped by their vertical centre.

    Stacked vertical text (one char per line) comes out one char a line,
    which join_wrapped then joins like any wrapped text.
    """
    rows: list[list[Char]] = []
    cy_sum = 0.0  # of the last row, whose mean centre a char must be near
    for char in sorted(chars, key=lambda c: (c.box.cy, c.box.x0)):
        if rows:
            last = rows[-1]
            if (
                abs(char.box.cy - cy_sum / len(last))
                <= max(char.size, last[0].size) * LINE_CENTRE_SLACK
            ):
                last.append(char)
                cy_sum += char.box.cy
                continue
        rows.append([char])
        cy_sum = char.box.cy
    return ["".join(c.raw for c in sorted(row, key=lambda c: c.box.x0)) for row in rows]


def grid_of(page: Page, table: Table) -> Grid:
    """Place every cell of a lattice table on the grid its ruling spans."""
    xs = _snap([v for cell in table.cells for v in (cell.x0, cell.x1)])
    ys = _snap([v for cell in table.cells for v in (cell.top, cell.bottom)])
    cells: list[Cell] = []
    # Neighbouring cells share their edges: each edge placed once.
    column = {v: _index(xs, v) for v in {v for cell in table.cells for v in (cell.x0, cell.x1)}}
    row = {v: _index(ys, v) for v in {v for cell in table.cells for v in (cell.top, cell.bottom)}}
    for box in table.cells:
        c0, c1 = column[box.x0], column[box.x1]
        r0, r1 = row[box.top], row[box.bottom]
        if c1 <= c0 or r1 <= r0:
            continue
        chars = tuple(chars_in(page, box))
        if not chars:  # a blank cell: no lines to join
            cells.append(Cell(box, r0, r1, c0, c1, _BLANK, ""))
            continue
        text, raw = _cell_text(tuple(text_lines(chars)))
        cells.append(Cell(box, r0, r1, c0, c1, text, raw, chars))
    cells.sort(key=lambda cell: (cell.r0, cell.c0))
    return Grid(cells, xs, ys)


# A blank cell's text, as join_wrapped gives it for no lines.
_BLANK = join_wrapped([])


@lru_cache(maxsize=1 << 14)
def _cell_text(lines: tuple[str, ...]) -> tuple[str, str]:
    """A cell's text and raw text from its printed lines (remembered: the
    labels of a form are printed again on every sheet)."""
    return join_wrapped(lines), "\n".join(normalize_chars(line) for line in lines)


def sheet_grids(page: Page, is_sheet: Callable[[Grid], bool]) -> list[Grid]:
    """The grids of the page's sheets.

    Usually one sheet a page, which a ruling gap can split into several
    lattice tables: their cells still sit on one set of grid lines, so they
    are put on one grid. A page that prints several whole sheets (each
    table a sheet by itself) gives one grid per sheet.
    """
    if not page.tables:
        return []
    own = [grid_of(page, table) for table in page.tables]
    sheets = [grid for grid in own if is_sheet(grid)]
    if len(sheets) > 1:
        return sheets
    if len(own) == 1:
        return own
    cells = tuple(cell for table in page.tables for cell in table.cells)
    box = BBox(
        min(t.box.x0 for t in page.tables),
        min(t.box.top for t in page.tables),
        max(t.box.x1 for t in page.tables),
        max(t.box.bottom for t in page.tables),
    )
    return [grid_of(page, Table(box=box, cells=cells, xs=(), ys=()))]


def text_above(page: Page, grid: Grid, others: Sequence[Grid] = ()) -> list[str]:
    """Printed lines just above the sheet's grid (its title), over its width."""
    floor = max(
        (g.ys[-1] for g in others if g is not grid and g.ys[-1] <= grid.top + 1), default=0.0
    )
    x0, x1 = grid.xs[0] - 20, grid.xs[-1] + 20
    chars = [
        c
        for c in page.chars
        if floor - 1 <= c.box.top and c.box.bottom <= grid.top + 1 and x0 <= c.box.cx <= x1
    ]
    return [join_wrapped([line]) for line in text_lines(chars) if line.strip()]


# Points a char's centre may lie outside a cell and still be the cell's
# (as the coverage ledger allows).
_CELL_SLACK = 1.0


def loose_text(page: Page, grids: Sequence[Grid]) -> list[tuple[str, BBox]]:
    """The page's printed text that lies in no cell of `grids` (titles, notes,
    footers), in pieces: one line, split where a gap is wider than two
    characters; each with its box, top to bottom."""
    # A page's sheets ask for it once each, and its furniture once more.
    key = (page, *grids)
    if not _last_loose or not _same(_last_loose[0][0], key):
        _last_loose[:] = [(key, _loose_text(page, grids))]
    return list(_last_loose[0][1])


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    """The same objects (not equal ones: comparing pages compares every char)."""
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _outside(chars: Sequence[Char], cells: Sequence[Cell]) -> list[Char]:
    """The printed chars (not white space) whose centre lies in no cell, even
    `_CELL_SLACK` outside it; in their order.

    Testing each char against the cells' boxes was a fifth of a sheet's
    parse. A cell's own chars lie in it (tested anyway, as `BoxCover`
    would: a NaN centre lies nowhere); a char outside the box round all
    cells (with the slack) lies in none; only the few others are tested.
    """
    inside = {
        id(char)
        for cell in cells
        for char in cell.chars
        if cell.box.contains_point(char.box.cx, char.box.cy, _CELL_SLACK)
    }
    rest = [c for c in chars if id(c) not in inside and c.text.strip()]
    if not rest or not cells:
        return rest
    x0 = min(cell.box.x0 for cell in cells) - _CELL_SLACK
    top = min(cell.box.top for cell in cells) - _CELL_SLACK
    x1 = max(cell.box.x1 for cell in cells) + _CELL_SLACK
    bottom = max(cell.box.bottom for cell in cells) + _CELL_SLACK
    if any(math.isnan(v) for v in (x0, top, x1, bottom)):  # a hostile file's box
        x0, top, x1, bottom = -math.inf, -math.inf, math.inf, math.inf

    def near(c: Char) -> bool:
        return x0 <= c.box.cx <= x1 and top <= c.box.cy <= bottom

    if not any(near(c) for c in rest):
        return rest
    cover = BoxCover([cell.box for cell in cells], _CELL_SLACK)
    return [c for c in rest if not near(c) or not cover.covers(c.box.cx, c.box.cy)]


# The page and grids asked about last (held, so their ids stay theirs), and the answer.
_last_loose: list[tuple[tuple[object, ...], list[tuple[str, BBox]]]] = []


def _loose_text(page: Page, grids: Sequence[Grid]) -> list[tuple[str, BBox]]:
    chars = _outside(page.chars, [cell for grid in grids for cell in grid.cells])
    rows: list[list[Char]] = []
    cy_sum = 0.0  # of the last row (summed in its order, as sum() would)
    for char in sorted(chars, key=lambda c: (c.box.cy, c.box.x0)):
        last = rows[-1] if rows else None
        if last is not None and abs(char.box.cy - cy_sum / len(last)) <= (
            max(char.size, last[0].size) * LINE_CENTRE_SLACK
        ):
            last.append(char)
            cy_sum += char.box.cy
        else:
            rows.append([char])
            cy_sum = char.box.cy
    pieces: list[list[Char]] = []
    for row in rows:
        row.sort(key=lambda c: c.box.x0)
        piece = [row[0]]
        for char in row[1:]:
            if char.box.x0 - piece[-1].box.x1 > 2 * max(piece[-1].size, 1.0):
                pieces.append(piece)
                piece = []
            piece.append(char)
        pieces.append(piece)
    out = []
    for piece in pieces:
        box = BBox(
            min(c.box.x0 for c in piece),
            min(c.box.top for c in piece),
            max(c.box.x1 for c in piece),
            max(c.box.bottom for c in piece),
        )
        out.append((normalize_chars("".join(c.raw for c in piece)), box))
    return sorted(out, key=lambda item: (item[1].top, item[1].x0))
