"""Tables printed row by row (parsers/dx/text_rows.py), on real pdfium layers.

Each case reads a layer of tests/textlayers/pdfium/ and checks the cells a
rule of text_rows settles against the layer's expected records (made from
the PDF's own data, tests/textlayers/expected/): published and right, or
null with an error — never a wrong value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dxparse.parsers.dx import parse
from dxparse.parsers.dx.text_rows import Piece, align
from dxparse.pipeline import Options, process_document
from dxparse.read import read_document

LAYERS = Path(__file__).parent / "textlayers"
CELLS = ("measure", "item", "status", "detail", "outlook")


def read(
    name: str, recipe: str = "pdfium"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(published measures, expected measures, issues) of one layer (pdfium's
    unless another recipe is named)."""
    out = process_document(LAYERS / recipe / f"{name}.txt", Options())
    got = [r.model_dump() for r in out.records.get("dx_measures", [])]
    issues = [i.model_dump() for i in out.records.get("extraction_issues", [])]
    expected = json.loads((LAYERS / "expected" / f"{name}.json").read_text("utf-8"))
    return got, expected["dx_measures"], issues


def on_page(rows: list[dict[str, Any]], page: int) -> list[dict[str, Any]]:
    return [r for r in rows if r["page"] == page]


def never_wrong(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
    for g, w in zip(got, want, strict=True):
        for name in CELLS:
            assert g[name] in (None, w[name]), (g["page"], name, g[name], w[name])


@pytest.mark.parametrize(
    ("name", "page", "cells", "rows"),
    [
        # A wrapped heading's tail and the sub-theme label printed inside the
        # table's frame, before the first row (`捗状況(続き) ペーパーレスの推進`):
        # the table begins at its first status.
        ("gen_dx_002", 4, ("status", "detail", "outlook"), slice(None)),
        # Two labels on a line, a space between Japanese characters: two cells.
        ("gen_dx_006", 4, ("measure", "item", "status", "detail", "outlook"), slice(None)),
        # A detail's wrapped line printed after a space (`実施を 812 部 局に拡大。`):
        # the gap is no wall there, the table is read.
        ("gen_dx_014", 8, ("status", "detail", "outlook"), slice(None)),
        # A 施策 printed on each of its rows, wrapped alike (`ペーパー` / `レス化`);
        # the rows below, `生成 AI の` / `活用`, are another 施策.
        ("gen_dx_011", 5, ("measure", "status", "outlook"), slice(0, 3)),
    ],
)
def test_a_rule_of_the_row_reader_settles_these_cells(
    name: str, page: int, cells: tuple[str, ...], rows: slice
) -> None:
    got, want, _ = read(name)
    got, want = on_page(got, page), on_page(want, page)
    assert len(got) == len(want)
    never_wrong(got, want)
    for g, w in zip(got[rows], want[rows], strict=True):
        for cell in cells:
            assert g[cell] == w[cell], (page, cell, g[cell], w[cell])


def test_a_heading_broken_before_its_tail_and_the_sub_theme_reads_both() -> None:
    """`「…」に向けた取組の進` / `捗状況 ペーパーレスの推進`: the tail ends the
    heading, the label after it is the sub-theme."""
    got, want, _ = read("gen_dx_002")
    never_wrong(got, want)
    assert {g["theme"] for g in on_page(got, 3)} == {"ペーパーレスの推進"}


def test_an_outlook_phrase_wrapped_after_a_space_is_the_outlook_not_the_label() -> None:
    """`施設のスマートロック化 需要に合わせて 縮小`: the run that prints a listed
    phrase is the outlook whole; the 施策 is its own."""
    got, want, _ = read("gen_dx_006")
    got, want = on_page(got, 3), on_page(want, 3)
    never_wrong(got, want)
    row = next(g for g in got if g["outlook"] == "需要に合わせて縮小")
    assert row["measure"] == "施設のスマートロック化"


def test_the_first_row_of_a_table_prints_its_measure() -> None:
    """`コールセンターの設置 319棟まで対象を拡大。` opening a table that
    continues none: the 施策 is not blank, so the detail does not take it."""
    got, want, _ = read("gen_dx_003")
    got, want = on_page(got, 2), on_page(want, 2)
    never_wrong(got, want)
    assert (got[0]["measure"], got[0]["detail"]) == (want[0]["measure"], want[0]["detail"])


def test_a_first_label_on_its_status_line_took_no_text_from_before_the_table() -> None:
    """`キャッシュレス決済 提供中` opening the real sample's page 3, no sub-theme
    found above the header: the label shares its status's line, so no line
    printed before the table can be in it; the next table's first 施策,
    wrapped over the lines above its status, stays null."""
    got, want, issues = read("sample_dx_progress_2022")
    never_wrong(got, want)
    assert on_page(got, 3)[0]["measure"] == on_page(want, 3)[0]["measure"] == "キャッシュレス決済"
    assert on_page(got, 4)[0]["measure"] is None
    assert any(
        i["code"] == "text_rows_unaligned" and i["field"] == "measure" and i["page"] == 4
        for i in issues
    )


def test_a_page_going_on_under_the_same_heading_keeps_the_theme_with_a_warning() -> None:
    """gen_dx_020 p4 prints its pillar heading again, no header labels and no
    sub-theme label: the table goes on, so does データの利活用 (as the PDF path
    carries it), told by a no_theme warning."""
    got, want, issues = read("gen_dx_020")
    never_wrong(got, want)
    assert [g["theme"] for g in on_page(got, 4)] == [w["theme"] for w in on_page(want, 4)]
    assert {g["theme"] for g in on_page(got, 4)} == {"データの利活用"}
    assert any(i["code"] == "no_theme" and i["page"] == 4 for i in issues)


def test_a_continued_page_with_a_second_table_carries_no_theme() -> None:
    """gen_dx_009 p4 (pdfminer's layer) goes on with 書かなくてよい手続's table
    and prints a second header for 地域の見守り, whose label the text does not
    tie to it: which rows go on with the first table is not in the text, so
    no row takes the carried theme."""
    got, want, issues = read("gen_dx_009", "pdfminer")
    page = on_page(got, 4)
    assert {w["theme"] for w in on_page(want, 4)} == {"書かなくてよい手続", "地域の見守り"}
    assert page and all(g["theme"] is None for g in page)
    assert any(i["code"] == "no_theme" and i["page"] == 4 for i in issues)


def test_a_page_printing_two_tables_reads_both_and_gives_neither_a_theme() -> None:
    """gen_dx_017 p2 prints two tables, each under its own header and
    sub-theme label (`防災のデジタル化`, `多様な働き方`): cut at the second
    header, both are read row by row; which label heads which is not in the
    text, so the themes stay null with a warning. Before, the page was not
    read at all (`終了` / `完了`, status or outlook, settled by no count)."""
    got, want, issues = read("gen_dx_017")
    never_wrong(got, want)
    assert len(got) == len(want) == 3
    assert [g["status"] for g in got] == [w["status"] for w in want]
    assert [g["detail"] for g in got] == [w["detail"] for w in want]
    assert all(g["theme"] is None for g in got)
    assert sum(i["code"] == "no_theme" and i["page"] == 2 for i in issues) == 2


def test_a_header_label_wrapped_in_a_row_by_row_layer_is_still_the_header() -> None:
    """gen_dx_011 p4: `進捗状` / `況` at the end of the header line (`進捗状`
    alone reads as a caption): joined, the page is a table and its rows are
    read."""
    got, want, _ = read("gen_dx_011")
    never_wrong(got, want)
    assert [g["status"] for g in on_page(got, 4)] == [w["status"] for w in on_page(want, 4)]


def test_a_hyphen_pdfium_prints_as_a_noncharacter_is_a_hyphen() -> None:
    """pypdfium2's text prints `AI-OCR` as `AI\ufffeOCR` (its line-end hyphen
    mark): read as the hyphen, the figure's text is the printed one."""
    layer = (LAYERS / "pdfium" / "gen_dx_015.txt").read_text("utf-8")
    assert "AI\ufffeOCR" in layer
    out = process_document(LAYERS / "pdfium" / "gen_dx_015.txt", Options())
    texts = [m.model_dump()["text"] for m in out.records.get("dx_metrics", [])]
    assert "AI-OCR966両を実施" in texts
    assert not any("\ufffe" in t for t in texts)


def test_a_detail_left_null_still_gives_the_figures_of_its_sure_sentences() -> None:
    """vdx_v2_columns: each row's labels stand on lines of their own above its
    detail (`施設予約システム` / `公共施設の予約を…`), so whether a label line
    opens the detail is not in the text and every detail is null. The
    sentences after the first 。 are the detail's in every cut: their figures
    are published, each the document's, with a warning on each such row."""
    out = process_document(LAYERS / "pdfium" / "vdx_v2_columns.txt", Options())
    measures = [m.model_dump() for m in out.records["dx_measures"]]
    got = [m.model_dump() for m in out.records["dx_metrics"]]
    expected = json.loads((LAYERS / "expected" / "vdx_v2_columns.json").read_text("utf-8"))
    assert all(m["detail"] is None for m in measures)
    assert len(got) == len(expected["dx_metrics"]) == 8
    for g, w in zip(got, expected["dx_metrics"], strict=True):
        assert (g["row_no"], g["value"], g["unit"]) == (w["row_no"], w["value"], w["unit"])
        assert w["text"] in g["text"]
        assert g["fiscal_year"] == w["fiscal_year"]
    issues = [i.model_dump() for i in out.records["extraction_issues"]]
    warned = {i["key"] for i in issues if i["code"] == "metrics_of_sure_sentences"}
    assert warned == {str(g["row_no"]) for g in got}


def test_a_label_printed_again_wrapped_alike_is_that_columns_cell_again() -> None:
    """`公共施設予約シス` / `テム` on three rows, the first settled: the others
    are that 施策 again; where an item could end in `公共施設予約シス`, it is
    held whole."""
    got, want, _ = read("gen_dx_001")
    never_wrong(got, want)
    assert [g["measure"] for g in got] == [w["measure"] for w in want]


def test_an_ambiguous_cut_is_still_null_with_an_error() -> None:
    """`RPA の導入` above a detail, the 施策 merged over rows: whether it is
    the 施策 or the detail's first line is not in the text."""
    got, want, issues = read("gen_dx_007")
    never_wrong(got, want)
    assert any(g["measure"] is None for g in got)
    assert any(i["code"] == "text_rows_unaligned" and i["field"] == "measure" for i in issues)


def test_walls_give_way_only_when_no_cut_respects_them() -> None:
    """A gap between two labels on a line is a wall while some cut respects
    it; a detail over a gap is read when nothing else fits."""

    def other(text: str) -> Piece:
        return Piece("other", text)

    pieces = [other("窓口のデジタル化"), other("書かない窓口"), Piece("status", "準備中")]
    found = align(["measure", "item", "status"], pieces, 1, starts={0}, gaps={1})
    assert found is not None
    assert found.cells[0] == {"measure": (0, 1), "item": (1, 2), "status": (2, 3)}
    pieces = [Piece("status", "提供中"), other("実施を 812 部"), other("局に拡大。")]
    found = align(["status", "detail"], pieces, 1, starts={0}, gaps={2})
    assert found is not None
    assert found.cells[0] == {"status": (0, 1), "detail": (1, 3)}


def read_all(name: str) -> dict[str, list[dict[str, Any]]]:
    """Every dataset the pipeline gives for one pdfium layer, as dicts."""
    out = process_document(LAYERS / "pdfium" / f"{name}.txt", Options())
    return {ds: [r.model_dump() for r in rows] for ds, rows in out.records.items()}


@pytest.mark.parametrize(
    ("name", "page"),
    [
        # `…約33,000件の利用。需要に合わせて` / `縮小` / `いつでもどこでもつながる市役所`.
        ("sample_dx_progress_2022", 4),
        ("sample_dx_progress_2022", 7),
        ("sample_dx_progress_2022", 9),
        # `…延べ１５６名が参加。 拡大` / `情報発信`.
        ("vdx_v3_no_item_column", 3),
        ("vdx_v5_fullwidth_callouts", 4),
    ],
)
def test_sample_vdx_v3_vdx_v5_the_one_line_after_the_last_row_is_the_sub_theme(
    name: str, page: int
) -> None:
    """No sub-theme above the header; after where every cut ends the last
    row (its outlook, the header's last column) one label line, and nothing
    else unread on the page: that line is the page's sub-theme, read (told
    by its line) and no longer unread."""
    got, want, issues = read(name)
    never_wrong(got, want)
    got, want = on_page(got, page), on_page(want, page)
    assert got
    assert [g["theme"] for g in got] == [w["theme"] for w in want]
    told = {
        p["line_first"]
        for p in read_all(name)["provenance"]
        if p["field"] == "theme" and p["dataset"] == "dx_measures" and p["page"] == page
    }
    assert len(told) == 1
    line = told.pop()
    text = (LAYERS / "pdfium" / f"{name}.txt").read_text("utf-8").split("\n")[line - 1]
    assert text.strip() == want[0]["theme"]
    unread = [(i["line_first"], i["line_last"]) for i in issues if i["code"] == "unread_text"]
    assert not [r for r in unread if r[0] <= line <= r[1]]


def test_sample_page_3_a_sub_theme_among_callouts_after_the_table_stays_null() -> None:
    """sample_dx_progress_2022's page 3: after the rows stand the sub-theme
    (`アナログ市役所からの脱却`) and the callouts (`窓口ではキャッシュレスで`,
    …), one a line. Which line is the theme is not in the text: null, and
    the lines stay unread (the ledger's error)."""
    got, want, issues = read("sample_dx_progress_2022")
    got, want = on_page(got, 3), on_page(want, 3)
    assert len(got) == len(want) == 3
    assert {w["theme"] for w in want} == {"アナログ市役所からの脱却"}
    assert [g["theme"] for g in got] == [None, None, None]
    unread = [i["raw"] or "" for i in issues if i["code"] == "unread_text" and i["page"] == 3]
    assert any("アナログ市役所からの脱却" in raw for raw in unread)


def test_gen_dx_016_callouts_after_a_table_with_no_sub_theme_are_no_theme() -> None:
    """gen_dx_016 prints no sub-theme; two callouts (`来庁せずに手続き完了!`,
    `待ち時間を短縮`) stand after its table: more than one line, none taken."""
    got, want, _ = read("gen_dx_016")
    assert {w["theme"] for w in want} == {None}
    assert got and {g["theme"] for g in got} == {None}


# A layer with no blank lines (pypdfium2's manner), the sub-theme last.
ROWS_THEME_AFTER = """令和5年度進捗報告
さくら野町総務課DX推進室
令和6年5月
\f「便利な町役場」の実現に向けた進捗状況
施策 進捗状況 詳細 今後の展開
書かない窓口 提供中 申請書の記入を不要にした。 拡大
電子申請 準備中 受付を準備している。 維持
窓口の改善
"""


def _rows_of(text: str, tmp_path: Path) -> list[dict[str, Any]]:
    """The measures parse reads from a layer written as a .txt and read back."""
    layer = tmp_path / "layer.txt"
    layer.write_text(text, "utf-8")
    return parse(read_document(layer)).rows.get("dx_measures", [])


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        (ROWS_THEME_AFTER, "窓口の改善"),
        # Text before the first row that no cut reads (a callout): it is
        # unread, so the line after the rows may be a callout too.
        (
            ROWS_THEME_AFTER.replace(
                "書かない窓口 提供中", "スマホで申請できるね。\n書かない窓口 提供中"
            ),
            None,
        ),
        # A note under the table (`※…`) is no sub-theme.
        (ROWS_THEME_AFTER.replace("窓口の改善", "※令和6年3月末時点"), None),
        # Two lines after the rows: which is the theme is not in the text.
        (ROWS_THEME_AFTER.replace("窓口の改善\n", "窓口の改善\n来庁せずに手続き完了\n"), None),
    ],
)
def test_a_row_by_row_layer_takes_the_one_line_after_the_rows_as_the_sub_theme(
    text: str, theme: str | None, tmp_path: Path
) -> None:
    rows = _rows_of(text, tmp_path)
    assert [r["measure"] for r in rows] == ["書かない窓口", "電子申請"]
    assert [r["theme"] for r in rows] == [theme, theme]
