"""Pages whose text runs sideways, turned back upright (read.as_it_reads).

A landscape sheet or slide printed onto a portrait page turned a quarter,
with no /Rotate to show it upright, keeps its cells but its text runs down
the page (content turned 90°) or up it (270°), and pdfminer marks those
glyphs not upright. Turning every box back lets "right of the label" and
"the line above the table" mean the same as on an upright page.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from dxparse.document import BBox, Char, Edge, Page, Table

Turn = Literal[0, 90, 270]
# A glyph box this much wider than tall lies on its side (see text_turn).
SIDE_RATIO = 1.15
# Lines a text-layer page prints at least before one a character a line is sideways.
SIDEWAYS_MIN_LINES = 20
# What an issue says of such a page (both text paths refuse it).
SIDEWAYS_REASON = "the text layer prints this page one character a line (text set sideways)"


def printed_sideways(page: Page) -> bool:
    """A text-layer page printed one character a line: text set sideways
    (pdfminer gives each char of a turned line a line of its own), whose
    lines an extractor put in no order of the form's: each column's cells
    come in an order of their own. Nothing can be placed on such a page."""
    lines = [line.strip() for line in page.lines if line.strip()]
    return len(lines) >= SIDEWAYS_MIN_LINES and sum(len(x) == 1 for x in lines) > len(lines) / 2


def text_turn(page: Page) -> Turn:
    """How the page's text runs: 0 upright, 90 down the page, 270 up it.

    Sideways when most glyphs are not upright; stacked vertical labels
    inside an upright sheet are upright glyphs and do not count. A quarter
    turn written by angle (cos 90° = 6.1e-17) leaves pdfminer calling the
    glyphs upright: the page then counts as sideways when its runs go down
    or up the page and no more of its glyphs stand upright than lie on
    their side (a glyph's box is as tall as the font size and as wide as its
    advance, so an upright half-width glyph is taller than wide and a
    turned one wider than tall; square CJK glyphs tell neither).
    The direction is where consecutive glyphs of one run go.
    """
    chars = page.chars
    if page.width is None or page.height is None or not chars:
        return 0
    flagged = sum(1 for c in chars if not c.upright) * 2 >= len(chars)
    if not flagged and not _lying(page):
        return 0
    down = up = 0
    for a, b in itertools.pairwise(chars):
        if (a.upright != flagged) and abs(a.box.cx - b.box.cx) < 1:
            down += b.box.cy > a.box.cy
            up += b.box.cy < a.box.cy
    return 90 if down >= up else 270


def _lying(page: Page) -> bool:
    """Glyphs flagged upright that lie on their side, in runs down or up the page."""
    lying = standing = across = along = 0
    # Every upright page asks: each glyph's box looked up once.
    boxes = [c.box for c in page.chars]
    for box in boxes:
        width, height = box.width, box.height
        lying += width > SIDE_RATIO * height
        standing += height > SIDE_RATIO * width
    if lying < standing:
        return False  # glyphs standing upright (CJK alone, square, tell nothing)
    for a, b in itertools.pairwise(boxes):
        dx, dy = abs(a.cx - b.cx), abs(a.cy - b.cy)
        across += dx < 1 < dy
        along += dy < 1 < dx
    return across > along


def upright_page(page: Page) -> Page:
    """The page turned back upright when its text runs down or up the page;
    the page itself when it reads upright already.

    Chars, tables (cells, box and grid lines) and ruling edges are turned;
    width and height swap. `lines` (the text layer as read) is kept.
    A glyph's size is its box's height (pdfminer's size of a horizontal
    font): on its side that was the glyph's advance, half the font size for
    a half-width glyph; turned back it is the font size again.
    """
    turn = text_turn(page)
    if turn == 0 or page.width is None or page.height is None:
        return page
    width, height = page.width, page.height
    box_turn: Callable[[BBox], BBox]
    if turn == 90:

        def box_turn(box: BBox) -> BBox:
            return BBox(box.top, width - box.x1, box.bottom, width - box.x0)

        def grid(table: Table) -> tuple[tuple[float, ...], tuple[float, ...]]:
            return table.ys, tuple(sorted(round(width - x, 1) for x in table.xs))

    else:

        def box_turn(box: BBox) -> BBox:
            return BBox(height - box.bottom, box.x0, height - box.top, box.x1)

        def grid(table: Table) -> tuple[tuple[float, ...], tuple[float, ...]]:
            return tuple(sorted(round(height - y, 1) for y in table.ys)), table.xs

    def edge_turn(edge: Edge) -> Edge:
        box = box_turn(BBox(edge.x0, edge.top, edge.x1, edge.bottom))
        return Edge(
            orientation="v" if edge.orientation == "h" else "h",
            x0=box.x0,
            top=box.top,
            x1=box.x1,
            bottom=box.bottom,
        )

    def table_turn(table: Table) -> Table:
        xs, ys = grid(table)
        return Table(
            box=box_turn(table.box), cells=tuple(box_turn(b) for b in table.cells), xs=xs, ys=ys
        )

    return replace(
        page,
        width=height,
        height=width,
        chars=tuple(_upright_char(c, box_turn(c.box)) for c in page.chars),
        edges=tuple(edge_turn(e) for e in page.edges),
        tables=tuple(table_turn(t) for t in page.tables),
    )


def _upright_char(char: Char, box: BBox) -> Char:
    return replace(char, box=box, upright=True, size=round(box.height, 2))
