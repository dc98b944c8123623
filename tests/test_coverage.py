"""The coverage ledger (coverage.py) and the provenance that feeds it, on
hand-made pages: what is read, furniture or reported is accounted for, the
rest is an unread_text error per contiguous piece."""

from __future__ import annotations

from dxparse.coverage import ledger
from dxparse.document import BBox, Char, Page, SourceDocument
from dxparse.models import Provenance
from dxparse.records import Issue, ParseResult, Source, attach
from dxparse.validate import DocumentContext, validate

DOC_ID = "0" * 64


def _chars(text: str, x: float, top: float, size: float = 10.0) -> list[Char]:
    return [
        Char(c, c, BBox(x + i * size, top, x + (i + 1) * size, top + size), size, "F")
        for i, c in enumerate(text)
    ]


def _pdf(*pages: Page) -> SourceDocument:
    return SourceDocument("a.pdf", "a.pdf", DOC_ID, "application/pdf", pages, len(pages))


def _page(number: int, *chars: list[Char]) -> Page:
    flat = tuple(c for group in chars for c in group)
    return Page(number=number, width=600, height=800, chars=flat)


def test_read_furniture_and_reported_text_is_accounted_the_rest_is_unread() -> None:
    page = _page(
        1,
        _chars("進捗状況", 10, 10),  # a header label: furniture
        _chars("完了", 10, 40),  # a published value
        _chars("不明な文", 10, 70),  # raised in an issue with its box
        _chars("残り", 10, 100),
        _chars("遠く", 300, 100),  # same line, far away: a second piece
    )
    read = [Source(1, BBox(10, 40, 30, 50))]
    furniture = [Source(1, BBox(10, 10, 50, 20))]
    told = [Issue("x", "m", page=1, box=BBox(10, 70, 50, 80))]
    found = ledger(_pdf(page), {1}, read, furniture, told)
    assert (found.chars_total, found.chars_used) == (14, 6)
    assert [(i.code, i.severity, i.raw, i.page) for i in found.issues] == [
        ("unread_text", "error", "残り", 1),
        ("unread_text", "error", "遠く", 1),
    ]
    assert found.issues[0].box == BBox(10, 100, 30, 110)


def test_pages_not_under_the_ledger_are_not_counted() -> None:
    doc = _pdf(_page(1, _chars("表紙", 10, 10)), _page(2, _chars("本文", 10, 10)))
    assert ledger(doc, set(), [], [], []).chars_total is None
    found = ledger(doc, {2}, [], [], [])
    assert (found.chars_total, found.chars_used) == (2, 0)
    assert [i.raw for i in found.issues] == ["本文"]


def test_a_text_layer_is_ledgered_by_its_lines() -> None:
    pages = (
        Page(number=1, lines=("見出し", "", "値", "残り1", "残り2"), first_line=1),
        Page(number=2, lines=("続き", "読んだ"), first_line=5),
    )
    doc = SourceDocument("a.txt", "a.txt", DOC_ID, "text/plain", pages, 2)
    read = [Source(1, lines=(3, 3)), Source(2, lines=(6, 6))]
    furniture = [Source(1, lines=(1, 1))]
    found = ledger(doc, {1, 2}, read, furniture, [])
    assert found.chars_total == 3 + 1 + 3 + 3 + 2 + 3
    assert found.chars_used == 3 + 1 + 3
    assert [(i.page, i.lines, i.raw) for i in found.issues] == [
        (1, (4, 5), "残り1\n残り2"),
        (2, (5, 5), "続き"),
    ]


def test_validation_turns_sources_into_provenance_for_published_values_only() -> None:
    parsed = ParseResult()
    row = {"row_no": 1, "page": 2, "measure": "施策", "status": "完了", "item": None}
    attach(row, "measure", Source(2, BBox(1, 2, 3, 4)), Source(3, BBox(5, 6, 7, 8)))
    attach(row, "status", Source(2, BBox(9, 9, 19, 19)))
    attach(row, "item", Source(2, BBox(0, 0, 1, 1)))  # null: no provenance
    parsed.add("dx_measures", row)
    out = validate(parsed, DocumentContext(DOC_ID, None, None))
    prov = [p for p in out.records["provenance"] if isinstance(p, Provenance)]
    assert len(prov) == len(out.records["provenance"])
    assert [(p.dataset, p.key, p.field, p.part, p.page, p.x0, p.bottom) for p in prov] == [
        ("dx_measures", "1", "measure", 1, 2, 1.0, 4.0),
        ("dx_measures", "1", "measure", 2, 3, 5.0, 8.0),
        ("dx_measures", "1", "status", 1, 2, 9.0, 19.0),
    ]
    assert len(out.read) == 3
    assert "_sources" not in out.records["dx_measures"][0].model_dump()
