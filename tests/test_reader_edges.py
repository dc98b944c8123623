"""Reader edge cases seen on outside PDFs (issue 11 §5): bytes before the
header, glyphs with no Unicode mapping, blank pages, PDFs with no pages,
and the page count kept on a failed document's row."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dxparse.document import UNMAPPED
from dxparse.inputs import ENGINES
from dxparse.read import read_document
from dxparse.records import ParseResult
from dxparse.validate import DocumentContext, validate
from tests.conftest import run_cli
from tests.pdfgen import make_pdf, pdf_of_objects

# A 1×1 grey inline image drawn 100 pt wide: a page that is a "scan".
IMAGE = "q 100 0 0 100 50 50 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q"
BANNER = b"%!PS-Adobe-3.0 Ghostscript banner\n" + b"x" * 200 + b"\n"


def _unmapped_pdf() -> bytes:
    """A page with a Helvetica line and two glyphs of a CID font that has no
    ToUnicode map and no font file: their text is not known."""
    content = (
        b"BT /F1 12 Tf 50 780 Td (Minutes of the board) Tj ET"
        b" BT /F2 12 Tf 50 700 Td <00410042> Tj ET"
    )
    return pdf_of_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 8 0 R /F2 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H"
            b" /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            b" /FontDescriptor 7 0 R /DW 1000 >>",
            b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 800]"
            b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def _extract(tmp_path: Path, name: str, data: bytes, *args: str) -> tuple[dict, pl.DataFrame]:  # type: ignore[type-arg]
    pdf = tmp_path / name
    pdf.write_bytes(data)
    out = tmp_path / "out"
    run_cli("extract", str(pdf), "-o", str(out), "--no-progress", *args)
    docs = pl.read_parquet(out / "documents.parquet").to_dicts()
    assert len(docs) == 1
    return docs[0], pl.read_parquet(out / "extraction_issues.parquet")


@pytest.mark.parametrize("engine", ENGINES)
def test_bytes_before_the_header_are_accepted(tmp_path: Path, engine: str) -> None:
    pdf = tmp_path / "banner.pdf"
    pdf.write_bytes(BANNER + make_pdf([["Minutes of the library board"], ["Page two"]]))
    assert len(BANNER) > 200
    doc = read_document(pdf, engine=engine)
    assert doc.page_count == 2
    assert doc.pages[0].lines == ("Minutes of the library board",)


def test_a_header_past_1024_bytes_is_not_a_pdf(tmp_path: Path) -> None:
    row, _ = _extract(tmp_path, "late.pdf", b"x" * 1024 + make_pdf([["Minutes"]]))
    assert row["status"] == "failed"
    assert "not a PDF" in row["error"]


@pytest.mark.parametrize("engine", ENGINES)
def test_unmapped_glyphs_are_an_error_with_their_count(tmp_path: Path, engine: str) -> None:
    pdf = tmp_path / "nomap.pdf"
    pdf.write_bytes(_unmapped_pdf())
    [page] = read_document(pdf, engine=engine).pages
    assert [c.raw for c in page.chars if c.raw == UNMAPPED] == [UNMAPPED, UNMAPPED]
    assert page.lines[0] == "Minutes of the board"
    assert "(cid:" not in "".join(page.lines)

    row, issues = _extract(tmp_path, "nomap.pdf", _unmapped_pdf(), "--engine", engine)
    assert row["status"] == "partial"
    found = issues.filter(pl.col("code") == "unmapped_glyphs")
    assert found.select("page", "severity", "raw").rows() == [(1, "error", "2")]


def test_a_value_holding_an_unmapped_glyph_is_never_published() -> None:
    context = DocumentContext("c" * 64, None, None)
    measure = {"row_no": 1, "page": 3, "measure": f"オープン{UNMAPPED}ータ公開", "status": "提供中"}
    task = {"edition_fiscal_year": 2024, "initiative_id": "51001", "task_no": 1}
    parsed = ParseResult(
        rows={"dx_measures": [measure], "ap_tasks": [{**task, "task": f"研{UNMAPPED}"}]}
    )
    out = validate(parsed, context)
    [record] = out.records["dx_measures"]
    assert record.measure is None  # type: ignore[attr-defined]
    assert record.status == "提供中"  # type: ignore[attr-defined]
    assert out.records["ap_tasks"] == []  # task is required: the row is dropped
    found = [(i.code, i.severity, i.dataset, i.field) for i in out.issues]
    assert found == [
        ("unmapped_glyphs", "error", "dx_measures", "measure"),
        ("unmapped_glyphs", "error", "ap_tasks", "task"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_blank_page_is_a_warning_not_a_missing_text_layer(tmp_path: Path, engine: str) -> None:
    data = make_pdf([["Minutes of the board"], []])
    row, issues = _extract(tmp_path, "blank.pdf", data, "--engine", engine)
    assert (row["status"], row["pages"]) == ("ok", 2)
    assert issues.filter(pl.col("code") == "blank_page")["page"].to_list() == [2]
    assert issues.filter(pl.col("code") == "no_text_layer").is_empty()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_page_with_only_an_image_has_no_text_layer(tmp_path: Path, engine: str) -> None:
    data = make_pdf([["Minutes of the board"], []], drawing=IMAGE)
    row, issues = _extract(tmp_path, "half_scan.pdf", data, "--engine", engine)
    assert row["status"] == "partial"
    assert issues.filter(pl.col("code") == "no_text_layer")["page"].to_list() == [2]
    assert issues.filter(pl.col("code") == "blank_page").is_empty()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_pdf_of_blank_pages_fails_with_its_page_count(tmp_path: Path, engine: str) -> None:
    row, _ = _extract(tmp_path, "blank.pdf", make_pdf([[], [], []]), "--engine", engine)
    assert (row["status"], row["pages"]) == ("failed", 3)
    assert "every page is blank" in row["error"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_pdf_with_no_pages_fails(tmp_path: Path, engine: str) -> None:
    row, _ = _extract(tmp_path, "empty.pdf", make_pdf([]), "--engine", engine)
    assert (row["status"], row["pages"]) == ("failed", 0)
    assert row["error"] == "PDF has no pages"


def test_a_scan_fails_with_its_page_count(tmp_path: Path) -> None:
    row, _ = _extract(tmp_path, "scan.pdf", make_pdf([[], []], drawing=IMAGE))
    assert (row["status"], row["pages"]) == ("failed", 2)
    assert "no text layer on any page" in row["error"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_pdf_over_the_page_cap_keeps_its_page_count(tmp_path: Path, engine: str) -> None:
    data = make_pdf([[f"Statistics page {i}"] for i in range(12)])
    row, _ = _extract(tmp_path, "long.pdf", data, "--max-pages", "10", "--engine", engine)
    assert (row["status"], row["pages"]) == ("failed", 12)
    assert "more than the page cap of 10" in row["error"]
