"""What an action-plan page prints that is the form, not a value (issue 11).

The coverage ledger asks every character of a page holding a sheet to be
read, recognised furniture, or reported. The form's furniture is recognised
here, each by a rule from the vocabulary: the labels of its cells (項目名
such as 取組名, 担当部局, the 年度 and 計画値 / 実績値 headers, 歳入増加 /
歳出削減 / 計, the quarters), its notes (※…), and around the ruling the
sheet's title, the city's name, `(単位:千円)` notes, footers (`R1`, `<<`)
and page numbers. Anything else a sheet prints is a value or lost content.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from dxparse.document import BBox, Page
from dxparse.parsers.action_plan import common
from dxparse.parsers.action_plan.common import compact
from dxparse.parsers.action_plan.grid import Cell, Grid, loose_text
from dxparse.records import ParseResult, Source
from dxparse.vocabulary import shipped

_AP = shipped().action_plan
_P = _AP.patterns
_FOOTER = regex.compile(_P["line_footer"])
_PAGE_NUMBER = regex.compile(_P["page_number"])
_UNIT_NOTE = regex.compile(_P["unit_note"])
_FORM_NOTE = regex.compile(_P["form_note"])
_BRACKETS = regex.compile(r"^[(\[]?(?P<inner>.*?)[)\]]?$")


def is_label_cell(text: str) -> bool:
    """A cell that prints one of the form's labels, and nothing else."""
    key = compact(text)
    return (
        common.label_of(text) is not None
        or key in _AP.series_value
        or key in _AP.series_amount
        or key in _AP.categories
        or common.quarter_of(text) is not None
        or _FORM_NOTE.match(key) is not None
        or is_unit_note(key)
    )


def is_unit_note(key: str) -> bool:
    """`(単位:千円)`, and nothing else."""
    inner = _BRACKETS.match(key)
    note = inner.group("inner") if inner is not None else key
    match = _UNIT_NOTE.match(note)
    return match is not None and match.end() == len(note)


def cells(page: Page, grid: Grid, result: ParseResult) -> None:
    """The grid's label cells are furniture."""
    result.furniture(*(Source(page.number, cell.box) for cell in grid.cells if is_label(cell)))


def is_label(cell: Cell) -> bool:
    return bool(cell.text) and is_label_cell(cell.text)


def is_loose_furniture(text: str, margin: bool) -> bool:
    """Text printed outside the ruling that belongs to the form; `margin`:
    printed above or below every sheet of the page, where page numbers and
    footers are (beside a sheet, a number is no page number)."""
    key = compact(text)
    if not key:
        return True
    if common.is_sheet_title(text) or common.title_city(text).name is not None:
        return True
    if margin and _PAGE_NUMBER.match(key) is not None:
        return True
    if margin and all(_FOOTER.match(part) for part in text.split()):
        return True
    return is_unit_note(key)


# (page, text, box) of a line printed above or below a page's sheets.
Margin = tuple[int, str, BBox]


def loose(page: Page, grids: Sequence[Grid], result: ParseResult) -> list[Margin]:
    """Text around the page's sheets that is the form's (the rest is left to
    the ledger: text we did not read). Returns the other pieces printed above
    or below every sheet: a running header or footer if other pages print them."""
    top = min(grid.ys[0] for grid in grids)
    bottom = max(grid.ys[-1] for grid in grids)
    margins: list[Margin] = []
    for text, box in loose_text(page, grids):
        margin = box.bottom <= top + 1 or box.top >= bottom - 1
        if is_loose_furniture(text, margin):
            result.furniture(Source(page.number, box))
        elif margin:
            margins.append((page.number, text, box))
    return margins


def running(margins: Sequence[Margin], result: ParseResult) -> None:
    """A line printed in the margin of several pages is a running header or
    footer (`Ｒ-１` on every page): furniture."""
    pages: dict[str, set[int]] = {}
    for page, text, _ in margins:
        pages.setdefault(compact(text), set()).add(page)
    result.furniture(
        *(Source(page, box) for page, text, box in margins if len(pages[compact(text)]) > 1)
    )
