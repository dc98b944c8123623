"""What other cities and other PDF producers print that the sample does not.

Rotated content whose rulings pdfplumber misreads, label wording, quarter
headers by number, and a task grid whose quarters cannot be placed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from dxparse.document import Page
from dxparse.parsers.action_plan import common
from dxparse.parsers.action_plan.pdf import _head, _tasks
from dxparse.read import read_document
from dxparse.records import ParseResult
from tests.conftest import AP_PDF, load_gold, sample_document
from tests.pages import ap_head_rows, grid_of_cells
from tests.pages import grid_cell as _cell
from tests.test_action_plan_51_r1 import compare_exact, parsed


@pytest.mark.parametrize("quarter_turn", [90, 270])
def test_sheet_drawn_sideways_and_shown_upright(tmp_path: Path, quarter_turn: int) -> None:
    """A landscape sheet drawn sideways on a portrait page with /Rotate to show it upright.

    The rotation leaves a rounding error between the ends of each horizontal
    ruling (which pdfplumber then calls vertical, #1276): the reader takes them
    as level and finds every sheet's table as on the upright sample, cell for cell.
    """
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=AP_PDF)
    for page in writer.pages:
        page.rotate(360 - quarter_turn)
        page.transfer_rotation_to_content()
        page.rotate(quarter_turn)
    path = tmp_path / f"drawn_sideways{quarter_turn}.pdf"
    writer.write(path)
    pages = read_document(path).pages
    with pdfplumber.open(path) as pdf:
        drawn = [(e["x1"] - e["x0"], e["bottom"] - e["top"]) for p in pdf.pages for e in p.edges]
    # The pages have what this test is about: rulings a rounding error off level.
    assert any(0 < min(width, height) < 1e-9 for width, height in drawn)
    upright = sample_document(AP_PDF).pages
    assert [[len(t.cells) for t in page.tables] for page in pages] == [
        [len(t.cells) for t in page.tables] for page in upright
    ]
    assert all(len(page.tables) == 1 for page in pages)
    assert compare_exact(parsed(path), load_gold("action_plan_51_r1.json")) == []


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("created", "作成年月日"),
        ("created", "作成日"),
        ("updated", "更新年月日"),
        ("direction", "今後の方向性"),
        ("direction", "方向性"),
        ("number_name", "取組番号・取組名"),
        ("number_name", "番号・取組事業名"),
        ("number_name", "事業番号・事業名"),
        ("department", "担当部局"),
        ("manager", "責任者名"),
        ("staff", "担当者名"),
    ],
)
def test_label_wording_of_other_cities(name: str, printed: str) -> None:
    assert common.is_label(name, printed)


@pytest.mark.parametrize(
    ("printed", "quarter"),
    [
        ("4～6月", 0),
        ("第１四半期", 0),
        ("第2四半期", 1),
        ("10月～12月", 2),
        ("第４四半期", 3),
        ("1～3月", 3),
        ("第5四半期", None),
        ("4月", None),
    ],
)
def test_quarter_headers(printed: str, quarter: int | None) -> None:
    assert common.quarter_of(printed) == quarter


def test_tasks_without_quarter_headers_are_null_and_reported() -> None:
    """○ under a header that is not recognised cannot say which quarter: null, not False."""
    cells = [
        _cell(0, 0, "取組項目", rows=3),
        _cell(0, 1, ""),
        _cell(0, 2, ""),
        _cell(0, 3, "上期"),
        _cell(0, 4, "下期"),
        _cell(1, 1, "1"),
        _cell(1, 2, "条例改正"),
        _cell(1, 3, "○"),
        _cell(1, 4, ""),
        _cell(2, 1, "2"),
        _cell(2, 2, ""),
        _cell(2, 3, ""),
        _cell(2, 4, ""),
    ]
    grid = grid_of_cells(cells)
    page = Page(number=2, width=None, height=None, lines=(), chars=(), edges=(), tables=())
    result = ParseResult()
    tasks = _tasks(page, grid, result, "14002")
    assert tasks == [
        {"task_no": 1, "task": "条例改正", "q1": None, "q2": None, "q3": None, "q4": None}
    ]
    assert [(i.code, i.field) for i in result.issues] == [("ambiguous_column", "q1, q2, q3, q4")]


def test_head_label_not_found_is_reported() -> None:
    """A head field whose label is worded in a way not known is null and said so."""
    cells = [
        *ap_head_rows(),
        _cell(3, 0, "担当職員"),
        _cell(3, 1, "財政担当"),
    ]
    grid = grid_of_cells(cells)
    page = Page(number=1)
    result = ParseResult()
    fields = _head(page, grid, result, "ap_initiatives")
    assert fields["initiative_id"] == "14002"
    assert fields["manager"] == "原田 真理子"
    assert fields["staff"] is None
    assert [(i.code, i.field) for i in result.issues] == [("label_not_found", "staff")]


def test_sheet_page_whose_ruling_is_lost_is_an_error() -> None:
    """A page that prints a sheet's labels but gives no ruled sheet loses rows: said so."""
    from dxparse.parsers.action_plan import parse

    doc = sample_document(AP_PDF)
    first, *rest = doc.pages
    result = parse(replace(doc, pages=(replace(first, edges=(), tables=()), *rest)))
    assert [(i.code, i.page) for i in result.issues if i.severity == "error"] == [
        ("table_not_found", 1)
    ]
    assert parse(doc).issues == []
