"""Geometry helpers shared by the PDF parsers."""

from __future__ import annotations

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
