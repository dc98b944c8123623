"""Hand-made pages for parser tests: a lattice table from cell boxes."""

from __future__ import annotations

from collections.abc import Sequence

from dxparse.document import BBox, Table


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
