"""Cells from ruling intersections: pdfplumber's algorithm, indexed.

pdfplumber's `intersections_to_cells` rescans every later point and rebuilds
each point's edge set on every comparison, which made it the costliest step
of reading a form-like sheet. This is the same search — for each point, the
nearest point below and to the right that close a ruled rectangle — with the
edge sets built once and the points grouped by column and row. The result is
identical, cell for cell and in order (tests/test_lattice.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Point = tuple[float, float]
CellBox = tuple[float, float, float, float]


def _edge_box(edge: dict[str, Any]) -> CellBox:
    return (edge["x0"], edge["top"], edge["x1"], edge["bottom"])


def intersections_to_cells(intersections: dict[Point, dict[str, list[Any]]]) -> list[CellBox]:
    """The smallest ruled rectangle whose top-left corner is each intersection."""
    vertical = {p: {_edge_box(e) for e in found["v"]} for p, found in intersections.items()}
    horizontal = {p: {_edge_box(e) for e in found["h"]} for p, found in intersections.items()}

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]):
            return True
        return p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])

    points = sorted(intersections)
    column: defaultdict[float, list[Point]] = defaultdict(list)
    row: defaultdict[float, list[Point]] = defaultdict(list)
    for point in points:  # sorted, so each column runs down and each row runs right
        column[point[0]].append(point)
        row[point[1]].append(point)
    in_column = {p: i for pts in column.values() for i, p in enumerate(pts)}
    in_row = {p: i for pts in row.values() for i, p in enumerate(pts)}

    cells: list[CellBox] = []
    for point in points:
        below = column[point[0]][in_column[point] + 1 :]
        right = row[point[1]][in_row[point] + 1 :]
        cell = _smallest_cell(point, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(
    point: Point,
    below: list[Point],
    right: list[Point],
    intersections: dict[Point, Any],
    connects: Callable[[Point, Point], bool],
) -> CellBox | None:
    for below_pt in below:
        if not connects(point, below_pt):
            continue
        for right_pt in right:
            if not connects(point, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if (
                corner in intersections
                and connects(corner, right_pt)
                and connects(corner, below_pt)
            ):
                return (point[0], point[1], corner[0], corner[1])
    return None
