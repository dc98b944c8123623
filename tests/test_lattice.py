"""Our indexed lattice search gives pdfplumber's cells, exactly and in order."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import cells_to_tables as pdfplumber_tables
from pdfplumber.table import edges_to_intersections as pdfplumber_intersections
from pdfplumber.table import intersections_to_cells as pdfplumber_cells

from dxparse.utils.lattice import cells_to_tables, edges_to_intersections, intersections_to_cells

# Rulings on a coarse grid, so segments meet, cross, stop short and overlap.
COORD = st.integers(min_value=0, max_value=8).map(lambda n: n * 10.0)


# Rulings 0.1 pt apart: ends exactly at, or a rounding error off, the tolerance.
FINE = st.integers(min_value=0, max_value=80).map(lambda n: n * 0.1)


@st.composite
def rulings(draw: st.DrawFn) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = []
    coord = draw(st.sampled_from([COORD, FINE]))
    for _ in range(draw(st.integers(min_value=0, max_value=14))):
        fixed, a, b = draw(coord), draw(coord), draw(coord)
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


@settings(max_examples=300, deadline=None)
@given(rulings())
def test_same_intersections_as_pdfplumber(edges: list[dict[str, Any]]) -> None:
    ours, theirs = edges_to_intersections(edges, 3, 3), pdfplumber_intersections(edges, 3, 3)
    assert list(ours) == list(theirs)  # the same points, in the same order
    for point, found in theirs.items():  # the same edge objects at each, in order
        for kind in ("v", "h"):
            assert [id(e) for e in ours[point][kind]] == [id(e) for e in found[kind]]


@settings(max_examples=300, deadline=None)
@given(rulings())
def test_same_tables_as_pdfplumber(edges: list[dict[str, Any]]) -> None:
    cells = intersections_to_cells(pdfplumber_intersections(edges, 3, 3))
    assert cells_to_tables(cells) == pdfplumber_tables(cells)


def test_intersections_of_a_hostile_ruling() -> None:
    # NaN and inf coordinates leave nothing to bisect: every pair is tested.
    nan, inf = float("nan"), float("inf")
    edges = [
        {"x0": 0.0, "x1": 20.0, "top": nan, "bottom": nan, "orientation": "h"},
        {"x0": 0.0, "x1": 20.0, "top": 10.0, "bottom": 10.0, "orientation": "h"},
        {"x0": 5.0, "x1": 5.0, "top": -inf, "bottom": inf, "orientation": "v"},
        {"x0": 15.0, "x1": 15.0, "top": 0.0, "bottom": 20.0, "orientation": "v"},
    ]
    ours = edges_to_intersections(edges, 3, 3)
    assert list(ours) == list(pdfplumber_intersections(edges, 3, 3)) == [(5.0, 10.0), (15.0, 10.0)]
