"""Action-plan sheets the parser has not been written against.

Every `<name>.pdf` in tests/variants/ap/ (other editions, portrait pages,
Mincho, other column widths, △ amounts, thousands, empty grids, 元年 …)
must give exactly the rows of its `<name>.json`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import missing_variants, variant_names
from tests.test_action_plan_51_r1 import compare_exact, parsed

VARIANTS = Path(__file__).resolve().parent / "variants" / "ap"
# As the README lists them: one missing fails, not skipped.
PDFS = [VARIANTS / f"{name}.pdf" for name in variant_names("ap")]


def test_the_corpus_is_complete() -> None:
    assert missing_variants("ap") == []
    assert len(PDFS) >= 11


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_variant_matches_expected_rows(pdf: Path) -> None:
    expected = json.loads(pdf.with_suffix(".json").read_text("utf-8"))
    result = parsed(pdf)
    assert compare_exact(result, expected) == []
    assert [i for i in result.issues if i.severity == "error"] == []


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_variant_municipality(pdf: Path) -> None:
    """The city a variant's titles print is every row's municipality; none printed, null."""
    expected = json.loads(pdf.with_suffix(".json").read_text("utf-8"))
    rows = [row for name, rows in expected.items() if name.startswith("ap_") for row in rows]
    printed = {row.get("municipality") for row in rows}
    assert len(printed) == 1
    assert parsed(pdf).municipality == printed.pop()


def test_two_sheets_on_one_page(tmp_path: Path) -> None:
    """An initiative's two sheets stacked on one tall page read as two sheets."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    from tests.conftest import AP_PDF, load_gold

    reader, writer = PdfReader(AP_PDF), PdfWriter()
    for i in range(0, 4, 2):
        upper, lower = reader.pages[i], reader.pages[i + 1]
        width, height = float(upper.mediabox.width), float(upper.mediabox.height)
        page = PageObject.create_blank_page(width=width, height=2 * height)
        page.merge_transformed_page(upper, Transformation().translate(0, height))
        page.merge_transformed_page(lower, Transformation())
        writer.add_page(page)
    path = tmp_path / "stacked.pdf"
    writer.write(path)
    gold = load_gold("action_plan_51_r1.json")
    expected: dict[str, list[dict[str, object]]] = {}
    for dataset, rows in gold.items():
        if dataset in ("documents", "text_uncertain"):
            continue
        kept = [dict(row) for row in rows if row["initiative_id"] in ("51001", "51002")]
        for row in kept:
            for name in ("page", "page_overall", "page_annual"):
                if name in row:
                    row[name] = (int(str(row[name])) + 1) // 2
        expected[dataset] = kept
    assert compare_exact(parsed(path), expected) == []


@pytest.mark.parametrize("quarter_turn", [90, 270])
def test_pages_shown_rotated(tmp_path: Path, quarter_turn: int) -> None:
    """Sheets on pages with /Rotate: text runs down or up, cells turn with it."""
    from pypdf import PdfReader, PdfWriter

    from tests.conftest import AP_PDF, load_gold

    writer = PdfWriter()
    for page in PdfReader(AP_PDF).pages:
        page.rotate(quarter_turn)
        writer.add_page(page)
    path = tmp_path / f"rotated{quarter_turn}.pdf"
    writer.write(path)
    assert compare_exact(parsed(path), load_gold("action_plan_51_r1.json")) == []
