"""The DX PDF path under the coverage ledger, on hand-made pages: every field
says where it was printed, the form's furniture is recognised by its rules,
and whatever else a progress page prints comes out as unread_text."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from dxparse.coverage import Ledger, ledger
from dxparse.document import BBox, Char, Page, SourceDocument
from dxparse.models import Provenance
from dxparse.parsers.dx import parse
from dxparse.records import ParseResult
from dxparse.validate import DocumentContext, Validated, validate
from tests.conftest import DX_PDF, parsed_sample, sample_document
from tests.test_dx_pdf import X, cell, chars, continuation_page, document, first_page, page


def ledgered(doc: SourceDocument) -> tuple[ParseResult, Validated, Ledger]:
    """What the pipeline does after parsing: validation, then the ledger."""
    parsed = parse(doc)
    validated = validate(parsed, DocumentContext(doc.document_id, None, None))
    found = ledger(
        doc, parsed.ledger_pages, validated.read, parsed.furniture_sources, validated.issues
    )
    return parsed, validated, found


def with_chars(base: Page, *extra: list[Char]) -> Page:
    return replace(base, chars=base.chars + tuple(c for group in extra for c in group))


def unread(found: Ledger) -> list[tuple[int | None, str | None]]:
    return [(i.page, i.raw) for i in found.issues if i.code == "unread_text"]


def test_a_progress_page_is_read_or_furniture_but_for_a_column_no_header_names() -> None:
    """Heading, theme label, header labels, callout and page number are
    accounted for; the cells under 担当課 (a column the contract does not
    know) are text the document printed and we did not read."""
    parsed, _, found = ledgered(document(first_page()))
    assert parsed.ledger_pages == {2}
    assert unread(found) == [(2, "情報政策課")] * 4
    assert found.chars_total is not None and found.chars_used is not None
    assert found.chars_total - found.chars_used == 4 * len("情報政策課")


def test_every_field_points_at_the_cell_it_was_read_from() -> None:
    base = first_page()
    parsed, validated, _ = ledgered(document(base))
    prov = [p for p in validated.records["provenance"] if isinstance(p, Provenance)]

    def boxes(key: str, field: str) -> list[tuple[int | None, float | None, float | None]]:
        return [
            (p.page, p.x0, p.top)
            for p in prov
            if (p.dataset, p.key, p.field) == ("dx_measures", key, field)
        ]

    # Row 1: status in its cell; the 施策 merged over three rows is read
    # from that one cell for each of them; the sub-group cell likewise.
    assert boxes("1", "status") == [(2, X[3], 80.0)]
    assert boxes("3", "measure") == [(2, X[0], 80.0)]
    assert boxes("2", "item_group") == [(2, X[1], 80.0)]
    assert boxes("1", "outlook_category") == boxes("1", "outlook") == [(2, X[5], 80.0)]
    # Pillar and theme: the heading and the label.
    assert boxes("1", "pillar") == [(2, 20.0, 20.0)]
    assert boxes("1", "theme") == [(2, 22.0, 215.0)]
    # A null value has no provenance (row 2 prints no status).
    assert boxes("2", "status") == []
    reports = [p for p in prov if p.dataset == "dx_reports"]
    assert {p.field for p in reports} == {"title", "fiscal_year", "publisher", "issued"}
    assert all(p.page == 1 for p in reports)
    assert parsed.rows["dx_reports"][0]["title"] == "2024年度進捗報告"


def test_a_note_under_the_table_is_unread_text() -> None:
    note = chars("※令和6年3月末時点の件数", 22, 240)
    _, _, found = ledgered(document(with_chars(first_page(), note)))
    assert (2, "※令和6年3月末時点の件数") in unread(found)


def test_a_sentence_beside_the_table_is_no_callout() -> None:
    """A short phrase right of the tables is a callout; a sentence there is
    text to read."""
    sentence = chars("窓口は9時から開く。", 670, 150, 8)
    _, _, found = ledgered(document(with_chars(first_page(), sentence)))
    assert (2, "窓口は9時から開く。") in unread(found)
    assert (2, "窓口で待たない") not in unread(found)


def test_legend_running_footer_and_page_number_are_furniture() -> None:
    legend = chars("「今後の展開」について", 600, 480, 8)
    legend += chars("拡大〜事業範囲を拡大するもの", 600, 490, 8)
    legend += chars("維持〜事業を継続するもの", 600, 500, 8)
    footers = [
        chars("北総市DX推進計画", 20, 575, 8) + chars(f"- {n} -", 400, 575, 8) for n in (2, 3)
    ]
    pages = (
        with_chars(first_page(), legend, footers[0]),
        with_chars(continuation_page(), footers[1]),
    )
    parsed, _, found = ledgered(document(*pages))
    assert unread(found) == [(2, "情報政策課")] * 4
    assert parsed.ledger_pages == {2, 3}


def test_a_rule_that_drops_a_row_reports_it_with_its_box() -> None:
    """One ruled row holding two statuses is not read: the error's box
    covers its cells, so the ledger names no unread piece."""
    heading = chars("「スマート市役所」の実現に向けた進捗状況", 20, 20, 16)
    header = [
        cell(X[0], 60.0, X[1], 80.0, "施策"),
        cell(X[1], 60.0, X[3], 80.0, "施策の内容"),
        cell(X[3], 60.0, X[4], 80.0, "進捗状況"),
        cell(X[4], 60.0, X[5], 80.0, "詳細"),
        cell(X[5], 60.0, X[6], 80.0, "今後の展開"),
    ]
    body = [
        cell(X[0], 80.0, X[1], 140.0, "電子申請"),
        cell(X[1], 80.0, X[3], 140.0, "転出届", "子育て申請"),
        cell(X[3], 80.0, X[4], 140.0, "提供中", "準備中"),
        cell(X[4], 80.0, X[5], 140.0, "受付中。", "準備中。"),
        cell(X[5], 80.0, X[6], 140.0, "維持", "拡大"),
    ]
    theme = chars("オンライン手続", 22, 150)
    parsed, _, found = ledgered(document(page(2, header + body, heading + theme)))
    (error,) = [i for i in parsed.issues if i.code == "rows_not_ruled"]
    assert error.box == BBox(X[0], 80.0, X[6], 140.0)
    # The heading and label went into no published value: reported as unread.
    assert [raw for _, raw in unread(found)] == [
        "「スマート市役所」の実現に向けた進捗状況",
        "オンライン手続",
    ]


VARIANTS = Path(__file__).resolve().parent / "variants" / "dx"


@pytest.mark.parametrize(
    "path",
    [DX_PDF, *sorted(VARIANTS.glob("*.pdf"))],
    ids=lambda p: Path(p).stem,
)
def test_the_sample_and_every_variant_are_read_to_the_last_character(path: Path) -> None:
    """Every character printed on a page holding a progress table is in a
    published value or furniture the parser recognised: none unread, none
    left to an issue."""
    doc = sample_document(path)
    parsed = parsed_sample(path)
    validated = validate(parsed, DocumentContext(doc.document_id, None, None))
    found = ledger(
        doc, parsed.ledger_pages, validated.read, parsed.furniture_sources, validated.issues
    )
    assert parsed.ledger_pages == {m["page"] for m in parsed.rows["dx_measures"]}
    assert unread(found) == []
    assert found.chars_total is not None and found.chars_total > 0
    assert found.chars_used == found.chars_total


GENERATED = Path(__file__).resolve().parent / "generated"


@pytest.mark.parametrize("path", sorted(GENERATED.glob("dx_*.pdf")), ids=lambda p: Path(p).stem)
def test_a_generated_deck_missing_measure_rows_says_so_on_their_page(path: Path) -> None:
    """Over decks drawn from other cities' layouts: a page that gives fewer
    measure rows than it prints has an error naming that page (the document
    is partial), and no page gives more; every other character of a ledgered
    page is read or furniture."""
    doc = sample_document(path)
    parsed = parsed_sample(path)
    validated = validate(parsed, DocumentContext(doc.document_id, None, None))
    found = ledger(
        doc, parsed.ledger_pages, validated.read, parsed.furniture_sources, validated.issues
    )
    expected = json.loads(path.with_suffix(".json").read_text("utf-8"))["dx_measures"]
    want = Counter(row["page"] for row in expected)
    got = Counter(row["page"] for row in parsed.rows.get("dx_measures", []))
    erred = {i.page for i in [*validated.issues, *found.issues] if i.severity == "error"}
    assert {page for page in want if got[page] < want[page]} <= erred
    assert all(got[page] <= want[page] for page in got)
    assert unread(found) == []


def test_a_heading_wrapped_over_two_lines_is_read_whole() -> None:
    base = first_page()
    heading = {c for c in base.chars if c.size == 16}
    kept = tuple(c for c in base.chars if c not in heading)
    wrapped = chars("「スマート市役所」の実現に", 20, 14, 16) + chars("向けた進捗状況", 20, 32, 16)
    parsed, _, found = ledgered(document(replace(base, chars=kept + tuple(wrapped))))
    assert {r["pillar"] for r in parsed.rows["dx_measures"]} == {"スマート市役所"}
    assert unread(found) == [(2, "情報政策課")] * 4
