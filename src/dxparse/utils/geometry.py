"""Geometry helpers shared by the PDF parsers."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from dxparse.document import BBox, Char, Page


class CharIndex:
    """Chars sorted by their vertical centre, for fast box look-ups.

    A sheet has a few hundred cells and a thousand chars; scanning every char
    for every cell dominated the run time.
    """

    def __init__(self, chars: Sequence[Char]) -> None:
        order = sorted(range(len(chars)), key=lambda i: chars[i].box.cy)
        self._chars = [chars[i] for i in order]
        self._positions = order
        self._cys = [c.box.cy for c in self._chars]

    def within(self, box: BBox) -> list[Char]:
        """Chars whose centre lies in `box` (edges included), in page order."""
        lo = bisect_left(self._cys, box.top)
        hi = bisect_right(self._cys, box.bottom)
        found = [
            (self._positions[i], self._chars[i])
            for i in range(lo, hi)
            if box.x0 <= self._chars[i].box.cx <= box.x1
        ]
        found.sort(key=lambda pair: pair[0])
        return [char for _, char in found]


# The index of the page looked at last: parsers ask for many boxes of one page.
_last: list[tuple[tuple[Char, ...], CharIndex]] = []


def chars_in(page: Page, box: BBox) -> list[Char]:
    """The page's chars whose centre lies in `box`, in page order."""
    if not _last or _last[0][0] is not page.chars:
        _last[:] = [(page.chars, CharIndex(page.chars))]
    return _last[0][1].within(box)


class BoxCover:
    """Which points some box contains (`BBox.contains_point` with `tol`),
    without testing every box: a page's thousands of chars against its
    hundreds of cells was a third of an action plan's parse.

    The boxes are bucketed on a coarse grid of the page; a point is tested,
    exactly as `contains_point` would, against the boxes of its bucket only.
    A box holding the point overlaps the point's bucket (bucketing is
    monotonic), so the answer is that of testing them all.
    """

    _FEW = 8  # boxes tested one by one, no buckets
    _STEP = 32.0  # points per bucket side
    _SPAN = 64  # a box over more buckets than this a side is tested for every point
    _LIMIT = 1e6  # bucket numbers are clamped (a hostile file's 1e300 or inf)

    def __init__(self, boxes: Sequence[BBox], tol: float = 0.0) -> None:
        self._tol = tol
        self._buckets: dict[tuple[int, int], list[BBox]] = {}
        self._always: list[BBox] = []
        if len(boxes) <= self._FEW:
            self._always = list(boxes)
            return
        bucket = self._bucket
        for box in boxes:
            x0, x1 = bucket(box.x0 - tol), bucket(box.x1 + tol)
            y0, y1 = bucket(box.top - tol), bucket(box.bottom + tol)
            if x0 is None or x1 is None or y0 is None or y1 is None:
                continue  # a NaN side: contains no point
            if x1 - x0 > self._SPAN or y1 - y0 > self._SPAN:
                self._always.append(box)
                continue
            for bx in range(x0, x1 + 1):
                for by in range(y0, y1 + 1):
                    found = self._buckets.get((bx, by))
                    if found is None:
                        self._buckets[bx, by] = [box]
                    else:
                        found.append(box)

    @classmethod
    def _bucket(cls, value: float) -> int | None:
        q = value / cls._STEP
        if -cls._LIMIT < q < cls._LIMIT:
            return math.floor(q)
        if q != q:  # NaN
            return None
        return math.floor(cls._LIMIT) if q > 0 else -math.floor(cls._LIMIT)

    def covers(self, x: float, y: float) -> bool:
        tol = self._tol
        for b in self._always:
            if b.x0 - tol <= x <= b.x1 + tol and b.top - tol <= y <= b.bottom + tol:
                return True
        if not self._buckets:
            return False
        bx, by = self._bucket(x), self._bucket(y)
        if bx is None or by is None:
            return False
        for b in self._buckets.get((bx, by), ()):
            if b.x0 - tol <= x <= b.x1 + tol and b.top - tol <= y <= b.bottom + tol:
                return True
        return False
