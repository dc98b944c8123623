"""The PDF reader against pdfplumber's own API.

read.py builds chars, rulings, tables and text straight from pdfminer's
layout objects (pdfplumber's `page.chars` dicts cost more than the rest of
our pipeline). These tests hold the two side by side on the real documents
and on pages that stress the coordinates: whatever pdfplumber reports, the
pdfminer engine (the reference) must report the same. The default engine,
pdfium, is held against it in tests/test_engine_equivalence.py; the tests
of what the reader makes of a page (straightened rulings, turned text) run
under the default.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from dxparse.document import BBox, Page, TextItem
from dxparse.normalise import normalize_chars
from dxparse.pipeline import Options, process_document
from dxparse.read import TABLE_SETTINGS, _straighten, read_document
from dxparse.utils.orientation import text_turn
from tests.pdfgen import make_pdf

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted((ROOT / "samples").glob("*.pdf")) + sorted(
    (ROOT / "tests" / "variants").rglob("*.pdf")
)

# A 3 × 2 ruled grid from rectangles and lines, a curve and a diagonal stroke.
GRID = (
    "0.5 w 100 600 300 120 re S 100 660 m 400 660 l S 200 600 m 200 720 l S"
    " 300 600 m 300 720 l S 120 500 m 150 560 200 560 230 500 c S 100 450 m 200 400 l S"
)


def _as_read(page: Any) -> Page:
    """pdfplumber's chars as an untouched Page, to ask which way its text runs."""
    return Page(
        number=1,
        width=float(page.width),
        height=float(page.height),
        chars=tuple(
            TextItem(
                text=c["text"],
                raw=c["text"],
                box=BBox(*_box(c)),
                size=float(c["size"]),
                fontname=c["fontname"],
                upright=bool(c["upright"]),
            )
            for c in page.chars
        ),
    )


def _box(obj: dict[str, Any]) -> tuple[float, float, float, float]:
    return (float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))


def _assert_same(ours: Page, page: Any) -> None:
    theirs_chars = page.chars
    if text_turn(_as_read(page)) != 0:
        # Text running sideways: the reader turns the page upright (same glyphs).
        assert (ours.width, ours.height) == (float(page.height), float(page.width))
        assert sorted(c.raw for c in ours.chars) == sorted(c["text"] for c in theirs_chars)
        return
    assert [(c.raw, c.box.x0, c.box.top, c.box.x1, c.box.bottom) for c in ours.chars] == [
        (c["text"], *_box(c)) for c in theirs_chars
    ]
    assert [(c.size, c.fontname, c.upright) for c in ours.chars] == [
        (round(float(c["size"]), 2), c["fontname"], bool(c["upright"])) for c in theirs_chars
    ]
    # Our Edge is a horizontal or vertical ruling; pdfplumber also lists diagonals,
    # and takes a line a rounding error off level for a vertical one (#1276).
    straightened = [_straighten(e) for e in page.edges]
    assert [(e.orientation, e.x0, e.top, e.x1, e.bottom) for e in ours.edges] == [
        (e["orientation"], *_box(e)) for e in straightened if e["orientation"] in ("h", "v")
    ]
    if straightened != page.edges:
        return  # pdfplumber's tables lose those rulings: see the tests below
    tables = page.find_tables(TABLE_SETTINGS)
    assert [t.box for t in ours.tables] == [BBox(*map(float, t.bbox)) for t in tables]
    assert [t.cells for t in ours.tables] == [
        tuple(BBox(*map(float, cell)) for cell in t.cells) for t in tables
    ]
    text = page.extract_text() or ""
    assert ours.lines == tuple(normalize_chars(line) for line in text.split("\n"))


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_reader_matches_pdfplumber_on_real_documents(path: Path) -> None:
    doc = read_document(path, engine="pdfminer")
    with pdfplumber.open(path) as pdf:
        assert len(doc.pages) == len(pdf.pages)
        for ours, page in zip(doc.pages, pdf.pages, strict=True):
            _assert_same(ours, page)
    assert sum(len(p.chars) for p in doc.pages) > 0


@pytest.mark.parametrize("origin", [(0, 0), (30, 40)])
def test_reader_matches_pdfplumber_with_rulings_and_moved_mediabox(
    tmp_path: Path, origin: tuple[int, int]
) -> None:
    left, bottom = origin
    drawing = f"q 1 0 0 1 {left} {bottom} cm {GRID} Q"
    path = tmp_path / "grid.pdf"
    path.write_bytes(make_pdf([["Cell A", "Cell B"]], origin=origin, drawing=drawing))
    (ours,) = read_document(path, engine="pdfminer").pages
    with pdfplumber.open(path) as pdf:
        _assert_same(ours, pdf.pages[0])
    assert len(ours.tables) == 1 and len(ours.tables[0].cells) == 6
    assert ours.lines == ("Cell A", "Cell B")
    # Text and rulings share one frame, wherever the MediaBox sits.
    assert ours.tables[0].box.x0 - ours.chars[0].box.x0 == 50.0


@pytest.mark.parametrize("filled", [False, True], ids=["stroked", "filled"])
def test_rulings_a_rounding_error_off_level_still_make_the_table(
    tmp_path: Path, filled: bool
) -> None:
    """Drawn turned a quarter and shown upright with /Rotate (as pypdf's rotate()
    leaves a page), a level line's ends differ by 1e-14 (pdfplumber #1276 then
    calls it vertical, and gives a filled cell's sides no orientation): the
    reader takes them as level and plumb, and finds the whole 3 × 2 table."""
    from pypdf import PdfWriter

    cells = " ".join(f"{x} {y} 98 58 re f" for x in (101, 201, 301) for y in (601, 661))
    drawing = f"0.8 g {cells}" if filled else GRID
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf([["Cell A"]], drawing=drawing)))
    for page in writer.pages:
        page.rotate(270)
        page.transfer_rotation_to_content()
        page.rotate(90)
    path = tmp_path / "turned.pdf"
    writer.write(path)
    (ours,) = read_document(path).pages
    with pdfplumber.open(path) as pdf:
        drawn = [(e["x1"] - e["x0"], e["bottom"] - e["top"]) for e in pdf.pages[0].edges]
    # The page has what this test is about: rulings a rounding error off level or plumb.
    assert any(0 < min(width, height) < 1e-9 for width, height in drawn)
    assert all(e.top == e.bottom for e in ours.edges if e.orientation == "h")
    assert [len(t.cells) for t in ours.tables] == [6]


def test_text_running_down_the_page_is_turned_upright_and_read_again(tmp_path: Path) -> None:
    """A page drawn a quarter turn with no /Rotate: its text runs down the page."""
    drawing = f"q 0 -1 1 0 0 842 cm {GRID} Q"
    content = "BT /F1 12 Tf 0 -1 1 0 60 700 Tm (Progress report 2024) Tj ET"
    path = tmp_path / "sideways.pdf"
    path.write_bytes(make_pdf([[]], drawing=f"{drawing} {content}"))
    (ours,) = read_document(path).pages
    with pdfplumber.open(path) as pdf:
        assert "Progress report 2024" not in (pdf.pages[0].extract_text() or "")
    assert (ours.width, ours.height) == (842.0, 595.0)
    assert "Progress report 2024" in ours.lines
    assert [len(t.cells) for t in ours.tables] == [6]


def test_a_report_printed_sideways_reads_as_the_same_report(tmp_path: Path) -> None:
    """v7's slides are drawn turned a quarter and shown upright with /Rotate.
    Without /Rotate the text runs sideways; the document is still recognised
    as a DX report and gives the same rows."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    shown = ROOT / "tests" / "variants" / "dx" / "v7_rotated_pages.pdf"
    writer = PdfWriter(clone_from=shown)
    for page in writer.pages:
        page[NameObject("/Rotate")] = NumberObject(0)
    sideways = tmp_path / "sideways.pdf"
    writer.write(sideways)

    def rows(path: Path) -> dict[str, list[dict[str, Any]]]:
        outcome = process_document(path, Options())
        assert outcome.document.kind == "dx_progress_report"
        return {
            name: [r.model_dump(exclude={"document_id"}) for r in records]
            for name, records in outcome.records.items()
        }

    expected = rows(shown)
    assert len(expected["dx_measures"]) == 7
    assert rows(sideways) == expected


def test_the_readers_fast_constructors_build_the_same_objects() -> None:
    from dxparse.document import BBox, TextItem, new_bbox, new_glyph

    box = BBox(1.5, 2.25, 3.0, 7.125)
    assert new_bbox(1.5, 2.25, 3.0, 7.125) == box
    assert (new_bbox(1.5, 2.25, 3.0, 7.125).cx, new_bbox(1.5, 2.25, 3.0, 7.125).cy) == (
        box.cx,
        box.cy,
    )
    glyph = new_glyph("a", "ａ", 1.5, 2.25, 3.0, 7.125, 10.5, "F", False)
    assert glyph == TextItem("a", "ａ", box, 10.5, "F", False)
    assert hash(glyph) == hash(TextItem("a", "ａ", box, 10.5, "F", False))
    assert glyph.box.cy == box.cy
