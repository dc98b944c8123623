"""Pages whose text runs sideways turned back upright (dxparse.utils.orientation)."""

from __future__ import annotations

import pytest

from dxparse.document import BBox, Char, Edge, Page
from dxparse.utils.orientation import text_turn, upright_page
from tests.pages import sideways, table_of

SIZE = 10.0
WIDTH, HEIGHT = 842.0, 595.0


def glyphs(text: str, x: float, top: float) -> list[Char]:
    """A line of glyphs: CJK a full em wide, ASCII half an em (box as tall as the size)."""
    out: list[Char] = []
    for c in text:
        advance = SIZE if ord(c) > 0x7F else SIZE / 2
        out.append(Char(c, c, BBox(x, top, x + advance, top + SIZE), SIZE, "Gothic"))
        x += advance
    return out


def upright_sheet() -> Page:
    cells = (
        BBox(100, 100, 200, 130),
        BBox(200, 100, 400, 130),
        BBox(100, 130, 200, 160),
        BBox(200, 130, 400, 160),
    )
    chars = (
        glyphs("進捗状況の報告", 100, 60)
        + glyphs("施策", 102, 102)
        + glyphs("詳細", 202, 102)
        + glyphs("RPA導入", 102, 132)
        + glyphs("年間12件", 202, 132)
    )
    edges = (
        Edge("h", 100, 100, 400, 100),
        Edge("h", 100, 160, 400, 160),
        Edge("v", 100, 100, 100, 160),
        Edge("v", 400, 100, 400, 160),
    )
    return Page(
        number=1,
        width=WIDTH,
        height=HEIGHT,
        chars=tuple(chars),
        edges=edges,
        tables=(table_of(cells),),
    )


def boxes(page: Page) -> list[float]:
    return [v for c in page.chars for v in (c.box.x0, c.box.top, c.box.x1, c.box.bottom)]


def cells(page: Page) -> list[float]:
    (table,) = page.tables
    found = sorted((b.x0, b.top, b.x1, b.bottom) for b in table.cells)
    return [v for box in found for v in box]


def assert_same_geometry(got: Page, want: Page) -> None:
    assert (got.width, got.height) == (want.width, want.height)
    assert boxes(got) == pytest.approx(boxes(want))
    assert all(c.upright for c in got.chars)
    assert [c.size for c in got.chars] == [c.size for c in want.chars]
    assert [c.text for c in got.chars] == [c.text for c in want.chars]
    (table,), (expected,) = got.tables, want.tables
    assert cells(got) == pytest.approx(cells(want))
    assert (table.box.x0, table.box.top, table.box.x1, table.box.bottom) == pytest.approx(
        (expected.box.x0, expected.box.top, expected.box.x1, expected.box.bottom)
    )
    assert table.xs == pytest.approx(expected.xs)
    assert table.ys == pytest.approx(expected.ys)
    assert sorted((e.orientation, e.x0, e.top, e.x1, e.bottom) for e in got.edges) == sorted(
        (e.orientation, e.x0, e.top, e.x1, e.bottom) for e in want.edges
    )


@pytest.mark.parametrize("turn", [90, 270])
def test_glyphs_not_upright_running_down_or_up_are_turned_back(turn: int) -> None:
    sheet = upright_sheet()
    page = sideways(sheet, turn)
    assert not any(c.upright for c in page.chars)
    assert text_turn(page) == turn
    assert_same_geometry(upright_page(page), sheet)


@pytest.mark.parametrize("turn", [90, 270])
def test_glyphs_flagged_upright_but_lying_on_their_side_are_turned_back(turn: int) -> None:
    """A quarter turn by angle: pdfminer calls the glyphs upright; the runs go
    down or up the page and the half-width glyphs lie on their side."""
    sheet = upright_sheet()
    page = sideways(sheet, turn, flagged=False)
    assert all(c.upright for c in page.chars)
    assert text_turn(page) == turn
    assert_same_geometry(upright_page(page), sheet)


def test_upright_page_is_returned_as_it_is() -> None:
    sheet = upright_sheet()
    assert text_turn(sheet) == 0
    assert upright_page(sheet) is sheet


def test_stacked_vertical_label_in_an_upright_sheet_is_not_a_turn() -> None:
    """A label printed one upright glyph a line (縦書き in a narrow cell) runs
    down the page, but its half-width glyphs stand: the page stays."""
    stacked = [
        Char(
            c,
            c,
            BBox(
                50, 100 + n * SIZE, 50 + (SIZE if ord(c) > 0x7F else SIZE / 2), 100 + (n + 1) * SIZE
            ),
            SIZE,
            "Gothic",
        )
        for n, c in enumerate("取組項目1234567890")
    ]
    page = Page(number=1, width=WIDTH, height=HEIGHT, chars=tuple(stacked))
    assert text_turn(page) == 0
    assert upright_page(page) is page


def test_page_without_geometry_is_returned_as_it_is() -> None:
    page = Page(number=1, lines=("施策",))
    assert upright_page(page) is page
