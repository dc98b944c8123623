"""Hand-made pages for parser tests: a lattice table from cell boxes, a page
turned sideways, a one-page text layer, action-plan grid cells and a sheet's
head rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from dxparse.document import BBox, Edge, Page, SourceDocument, Table
from dxparse.normalise import normalize_chars
from dxparse.parsers.action_plan.grid import Cell, Grid


def table_of(boxes: Sequence[BBox]) -> Table:
    """The ruled table pdfplumber would find for these cell boxes."""
    return Table(
        box=BBox(
            min(b.x0 for b in boxes),
            min(b.top for b in boxes),
            max(b.x1 for b in boxes),
            max(b.bottom for b in boxes),
        ),
        cells=tuple(boxes),
        xs=tuple(sorted({b.x0 for b in boxes} | {b.x1 for b in boxes})),
        ys=tuple(sorted({b.top for b in boxes} | {b.bottom for b in boxes})),
    )


def sideways(page: Page, turn: int, *, flagged: bool = True) -> Page:
    """`page` (upright, landscape) as printed turned a quarter onto portrait
    paper with no /Rotate: content turned 90° (text runs down the page) or
    270° (up it). Glyphs are flagged not upright, as pdfminer flags them,
    unless `flagged` is False (a turn written by angle, whose cos 90° =
    6.1e-17 leaves pdfminer calling them upright). A glyph's size is its box's
    height, as pdfminer gives it (a sideways half-width glyph's is half the
    font size). The text layer is left
    out: pdfplumber reads sideways lines backwards or a glyph a line."""
    assert page.width is not None and page.height is not None
    width, height = page.width, page.height

    def turned(box: BBox) -> BBox:
        if turn == 90:
            return BBox(height - box.bottom, box.x0, height - box.top, box.x1)
        return BBox(box.top, width - box.x1, box.bottom, width - box.x0)

    def grid(table: Table) -> tuple[tuple[float, ...], tuple[float, ...]]:
        if turn == 90:
            return tuple(sorted(height - y for y in table.ys)), table.xs
        return table.ys, tuple(sorted(width - x for x in table.xs))

    def edge(e: Edge) -> Edge:
        box = turned(BBox(e.x0, e.top, e.x1, e.bottom))
        orientation: Literal["h", "v"] = "v" if e.orientation == "h" else "h"
        return Edge(orientation, box.x0, box.top, box.x1, box.bottom)

    return replace(
        page,
        width=height,
        height=width,
        lines=(),
        chars=tuple(
            replace(c, box=box, size=box.height, upright=not flagged)
            for c, box in ((c, turned(c.box)) for c in page.chars)
        ),
        edges=tuple(map(edge, page.edges)),
        tables=tuple(
            Table(turned(t.box), tuple(map(turned, t.cells)), *grid(t)) for t in page.tables
        ),
    )


def grid_cell(r: int, c: int, text: str, rows: int = 1, cols: int = 1) -> Cell:
    """An action-plan grid cell at row r, column c (one unit a grid line)."""
    return Cell(BBox(c, r, c + cols, r + rows), r, r + rows, c, c + cols, text, text)


def grid_of_cells(cells: Sequence[Cell]) -> Grid:
    """The grid of these `grid_cell`s: one line a unit, up to the last cell's edges."""
    return Grid(
        list(cells),
        list(range(max(c.c1 for c in cells) + 1)),
        list(range(max(c.r1 for c in cells) + 1)),
    )


def ap_head_rows() -> list[Cell]:
    """The first three head rows of an action-plan sheet, as the sample words them."""
    return [
        grid_cell(0, 0, "番号・取組事業名"),
        grid_cell(0, 1, "14002"),
        grid_cell(0, 2, "公共施設使用料の見直し"),
        grid_cell(0, 3, "重要度"),
        grid_cell(0, 4, "A"),
        grid_cell(1, 0, "作成日"),
        grid_cell(1, 1, "R6.4.1"),
        grid_cell(1, 2, "更新日"),
        grid_cell(1, 3, "R6.10.31"),
        grid_cell(2, 0, "担当部署"),
        grid_cell(2, 1, "040100"),
        grid_cell(2, 2, "財政部 財政課"),
        grid_cell(2, 3, "責任者"),
        grid_cell(2, 4, "原田 真理子"),
    ]


def text_document(lines: Sequence[str]) -> SourceDocument:
    """A one-page text layer (as a .txt input) of these lines."""
    page = Page(number=1, lines=tuple(normalize_chars(line) for line in lines))
    return SourceDocument(
        path="t.txt",
        source_file="t.txt",
        document_id="0" * 64,
        media_type="text/plain",
        pages=(page,),
        page_count=None,
    )
