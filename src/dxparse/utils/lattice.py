"""Cells from ruling intersections: pdfplumber's algorithm, indexed.

pdfplumber's `intersections_to_cells` rescans every later point and rebuilds
each point's edge set on every comparison, which made it the costliest step
of reading a form-like sheet. This is the same search — for each point, the
nearest point below and to the right that close a ruled rectangle — with the
edge sets built once and the points grouped by column and row. The result is
identical, cell for cell and in order (tests/test_lattice.py).

So are the steps on either side, `edges_to_intersections` (pdfplumber
sorts the horizontal edges again for every vertical one and tests every
pair) and `cells_to_tables` (pdfplumber removes each cell it places from a
list, a scan of the list each time).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from operator import itemgetter
from typing import Any

Point = tuple[float, float]
CellBox = tuple[float, float, float, float]
Intersections = dict[Point, dict[str, list[Any]]]

# Relative: far above a double's rounding error, far below a point.
_SLACK = 1e-9


def edges_to_intersections(
    edges: list[dict[str, Any]], x_tolerance: float, y_tolerance: float
) -> Intersections:
    """pdfplumber's points where a vertical and a horizontal edge meet within
    the tolerances, each with the edges that meet there, in pdfplumber's
    order: vertical edges by (x0, top), for each the horizontal ones by
    (top, x0). A horizontal edge can only meet a vertical one if its top is
    within the vertical's span (give or take y_tolerance): those are a
    slice of the horizontals sorted by top, found by bisection."""
    intersections: Intersections = {}
    verticals = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    horizontals = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    tops = [h["top"] for h in horizontals]
    finite = all(map(math.isfinite, tops))
    for v in verticals:
        x, v_top, v_bottom = v["x0"], v["top"], v["bottom"]
        candidates = horizontals
        if finite and math.isfinite(v_top) and math.isfinite(v_bottom):
            # The slice, widened well past a rounding error: pdfplumber's own
            # test (h_top + y_tolerance >= v_top, not h_top >= v_top -
            # y_tolerance) then decides. A NaN or inf (a hostile file)
            # leaves no order to bisect: every edge is tested, as pdfplumber does.
            low, high = v_top - y_tolerance, v_bottom + y_tolerance
            lo = bisect_left(tops, low - _SLACK * (1 + abs(low)))
            hi = bisect_right(tops, high + _SLACK * (1 + abs(high)))
            candidates = horizontals[lo:hi]
        for h in candidates:
            top = h["top"]
            if (
                v_top <= top + y_tolerance
                and v_bottom >= top - y_tolerance
                and x >= h["x0"] - x_tolerance
                and x <= h["x1"] + x_tolerance
            ):
                vertex = (x, top)
                found = intersections.get(vertex)
                if found is None:
                    found = intersections[vertex] = {"v": [], "h": []}
                found["v"].append(v)
                found["h"].append(h)
    return intersections


def cells_to_tables(cells: list[CellBox]) -> list[list[CellBox]]:
    """pdfplumber's grouping of cells into tables, the same groups in the same
    order: a table starts with the first cell left and takes, pass after
    pass over the cells left in order, every cell sharing a corner with it
    (its corners growing as it takes them), until a pass takes none. Each
    pass keeps the cells not taken in a new list instead of removing the
    taken ones from the old (alike for distinct cells, which
    intersections_to_cells gives: one per top-left corner)."""
    remaining = list(cells)
    tables: list[list[CellBox]] = []
    corners: set[Point] = set()
    current: list[CellBox] = []
    while remaining:
        taken = len(current)
        left: list[CellBox] = []
        for cell in remaining:
            x0, top, x1, bottom = cell
            cell_corners = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or not corners.isdisjoint(cell_corners):
                corners.update(cell_corners)
                current.append(cell)
            else:
                left.append(cell)
        remaining = left
        if len(current) == taken:
            tables.append(current)
            corners, current = set(), []
    if current:
        tables.append(current)
    # Top to bottom, then left to right, by each table's top-left-most cell.
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _edge_sets(intersections: Intersections, orientation: str) -> dict[Point, set[int]]:
    """Each point's edges of `orientation` as a set of box numbers.

    pdfplumber compares edges by their box (x0, top, x1, bottom): each
    distinct box gets one small int, and each edge (the same dict is at
    every point along it) is looked up once, so the sets hold ints, not
    tuples of four floats hashed at every point."""
    numbers: dict[CellBox, int] = {}
    by_edge: dict[int, int] = {}  # id of an edge dict (alive for the call) → its number
    sets: dict[Point, set[int]] = {}
    for point, found in intersections.items():
        edges = set()
        for edge in found[orientation]:
            number = by_edge.get(id(edge))
            if number is None:
                box = (edge["x0"], edge["top"], edge["x1"], edge["bottom"])
                number = by_edge[id(edge)] = numbers.setdefault(box, len(numbers))
            edges.add(number)
        sets[point] = edges
    return sets


def intersections_to_cells(intersections: Intersections) -> list[CellBox]:
    """The smallest ruled rectangle whose top-left corner is each intersection."""
    vertical = _edge_sets(intersections, "v")
    horizontal = _edge_sets(intersections, "h")

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
