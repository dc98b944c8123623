"""Our indexed lattice search gives pdfplumber's cells, exactly and in order."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import edges_to_intersections
from pdfplumber.table import intersections_to_cells as pdfplumber_cells

from dxparse.utils.lattice import intersections_to_cells

# Rulings on a coarse grid, so segments meet, cross, stop short and overlap.
COORD = st.integers(min_value=0, max_value=8).map(lambda n: n * 10.0)


@st.composite
def rulings(draw: st.DrawFn) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(min_value=0, max_value=14))):
        fixed, a, b = draw(COORD), draw(COORD), draw(COORD)
        lo, hi = min(a, b), max(a, b)
        if draw(st.booleans()):
            edges.append({"x0": lo, "x1": hi, "top": fixed, "bottom": fixed, "orientation": "h"})
        else:
            edges.append({"x0": fixed, "x1": fixed, "top": lo, "bottom": hi, "orientation": "v"})
    return edges


@settings(max_examples=300, deadline=None)
@given(rulings())
def test_same_cells_as_pdfplumber(edges: list[dict[str, Any]]) -> None:
    points = edges_to_intersections(edges, 3, 3)
    assert intersections_to_cells(points) == pdfplumber_cells(points)


def test_a_ruled_grid_with_a_merged_cell() -> None:
    def h(y: float, x0: float, x1: float) -> dict[str, Any]:
        return {"x0": x0, "x1": x1, "top": y, "bottom": y, "orientation": "h"}

    def v(x: float, y0: float, y1: float) -> dict[str, Any]:
        return {"x0": x, "x1": x, "top": y0, "bottom": y1, "orientation": "v"}

    # Two columns; the right one's middle ruling is missing, so its cell spans two rows.
    edges = [h(0, 0, 20), h(10, 0, 10), h(20, 0, 20), v(0, 0, 20), v(10, 0, 20), v(20, 0, 20)]
    cells = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    assert cells == [(0, 0, 10, 10), (0, 10, 10, 20), (10, 0, 20, 20)]
