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
        self._cxs = [c.box.cx for c in self._chars]

    def within(self, box: BBox) -> list[Char]:
        """Chars whose centre lies in `box` (edges included), in page order."""
        lo = bisect_left(self._cys, box.top)
        hi = bisect_right(self._cys, box.bottom)
        x0, x1, cxs = box.x0, box.x1, self._cxs
        found = [i for i in range(lo, hi) if x0 <= cxs[i] <= x1]
        found.sort(key=self._positions.__getitem__)
        chars = self._chars
        return [chars[i] for i in found]


# The indexes of the pages looked at last, newest first (held, so their ids
# stay theirs): parsers ask for many boxes of one page, and go back and forth
# between a few (a table's pages, then each page's text outside it).
_recent: list[tuple[tuple[Char, ...], CharIndex]] = []
_RECENT = 4


def chars_in(page: Page, box: BBox) -> list[Char]:
    """The page's chars whose centre lies in `box`, in page order."""
    chars = page.chars
    for held, index in _recent:
        if held is chars:
            return index.within(box)
    index = CharIndex(chars)
    _recent.insert(0, (chars, index))
    del _recent[_RECENT:]
    return index.within(box)


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
        bucket, buckets, span = self._bucket, self._buckets, self._SPAN
        for box in boxes:
            x0, x1 = bucket(box.x0 - tol), bucket(box.x1 + tol)
            y0, y1 = bucket(box.top - tol), bucket(box.bottom + tol)
            if x0 is None or x1 is None or y0 is None or y1 is None:
                continue  # a NaN side: contains no point
            if x1 - x0 > span or y1 - y0 > span:
                self._always.append(box)
                continue
            rows = range(y0, y1 + 1)
            for bx in range(x0, x1 + 1):
                for by in rows:
                    buckets.setdefault((bx, by), []).append(box)

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
        # `_bucket`, its usual case inline: a ledger asks for every char of a page.
        qx, qy, limit = x / self._STEP, y / self._STEP, self._LIMIT
        if -limit < qx < limit and -limit < qy < limit:
            bx, by = math.floor(qx), math.floor(qy)
        else:
            found_x, found_y = self._bucket(x), self._bucket(y)
            if found_x is None or found_y is None:
                return False
            bx, by = found_x, found_y
        for b in self._buckets.get((bx, by), ()):
            if b.x0 - tol <= x <= b.x1 + tol and b.top - tol <= y <= b.bottom + tol:
                return True
        return False
