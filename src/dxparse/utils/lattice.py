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
from typing import Any

Point = tuple[float, float]
CellBox = tuple[float, float, float, float]


def _edge_box(edge: dict[str, Any]) -> CellBox:
    return (edge["x0"], edge["top"], edge["x1"], edge["bottom"])


def intersections_to_cells(intersections: dict[Point, dict[str, list[Any]]]) -> list[CellBox]:
    """The smallest ruled rectangle whose top-left corner is each intersection."""
    vertical = {p: {_edge_box(e) for e in found["v"]} for p, found in intersections.items()}
    horizontal = {p: {_edge_box(e) for e in found["h"]} for p, found in intersections.items()}

    points = sorted(intersections)
    column: defaultdict[float, list[Point]] = defaultdict(list)
    row: defaultdict[float, list[Point]] = defaultdict(list)
    for point in points:  # sorted, so each column runs down and each row runs right
        column[point[0]].append(point)
        row[point[1]].append(point)
    in_column = {p: i for pts in column.values() for i, p in enumerate(pts)}
    in_row = {p: i for pts in row.values() for i, p in enumerate(pts)}

    # pdfplumber's test of two points (`edge_connects`): same x and a shared
    # vertical edge, or same y and a shared horizontal one. Two points of a
    # column never share a y, two of a row never an x: one set test each.
    cells: list[CellBox] = []
    for point in points:
        down = vertical[point]
        across = horizontal[point]
        if not down or not across:
            continue  # no edge to run down or across: no cell starts here
        right = [
            p for p in row[point[1]][in_row[point] + 1 :] if not across.isdisjoint(horizontal[p])
        ]
        if not right:
            continue
        for below_pt in column[point[0]][in_column[point] + 1 :]:
            if down.isdisjoint(vertical[below_pt]):
                continue
            floor = horizontal[below_pt]
            y = below_pt[1]
            found = None
            for right_pt in right:
                corner = (right_pt[0], y)
                if (
                    corner in intersections
                    and not vertical[corner].isdisjoint(vertical[right_pt])
                    and not horizontal[corner].isdisjoint(floor)
                ):
                    found = corner
                    break
            if found is not None:
                cells.append((point[0], point[1], found[0], found[1]))
                break
    return cells
