"""Hand-made pages for parser tests: a lattice table from cell boxes, a page
turned sideways."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from dxparse.document import BBox, Edge, Page, Table


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
