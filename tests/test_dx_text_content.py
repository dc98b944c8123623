"""DX text layers of other extractors, read by content (parsers/dx/text_content.py).

Small layers in pdfminer's manner: each cell a block of lines between blank
lines, header labels apart and wrapped, the columns' cells in an order of
their own.
"""

from __future__ import annotations

from typing import Any

import pytest

from dxparse.document import Page, SourceDocument
from dxparse.normalise import normalize_chars
from dxparse.parsers.dx import parse
from dxparse.records import ParseResult, sources_of

COVER = "令和5年度進捗報告\n\nさくら野町総務課DX推進室\n\n令和6年5月\n\f"


def document(text: str) -> SourceDocument:
    """A text layer (form feed = page break) as read.py reads a .txt."""
    pages: list[Page] = []
    first = 1
    chunks = text.split("\f")
    if not chunks[-1].strip():
        chunks.pop()
    for number, chunk in enumerate(chunks, start=1):
        lines = chunk.split("\n")
        pages.append(Page(number, lines=tuple(map(normalize_chars, lines)), first_line=first))
        first += len(lines) - 1
    return SourceDocument("t.txt", "t.txt", "0" * 64, "text/plain", tuple(pages), len(pages))


def run(body: str) -> ParseResult:
    return parse(document(COVER + body))


def measures(result: ParseResult) -> list[dict[str, Any]]:
    return result.rows.get("dx_measures", [])


def codes(result: ParseResult) -> list[str]:
    return [issue.code for issue in result.issues]


# No item column; header labels apart, 進捗状 / 況 wrapped, in another order.
PAGE = """「便利な町役場」の実現に向けた進捗状況

窓口の改善

施策

詳細

進捗状
況

今後の
展開

書かない窓口

提供中

申請書の記入を不要にした。

拡大

電子申請

準備中

令和6年度から20手続で受付予定。

令和6年度開始

「今後の展開」について
拡大〜事業範囲を拡大するもの

- 2 -
"""


def test_a_table_found_by_its_header_labels_apart_and_wrapped() -> None:
    result = run(PAGE)
    rows = [
        {k: r[k] for k in ("page", "pillar", "theme", "measure", "status", "detail", "outlook")}
        for r in measures(result)
    ]
    assert rows == [
        {
            "page": 2,
            "pillar": "便利な町役場",
            "theme": "窓口の改善",
            "measure": "書かない窓口",
            "status": "提供中",
            "detail": "申請書の記入を不要にした。",
            "outlook": "拡大",
        },
        {
            "page": 2,
            "pillar": "便利な町役場",
            "theme": "窓口の改善",
            "measure": "電子申請",
            "status": "準備中",
            "detail": "令和6年度から20手続で受付予定。",
            "outlook": "令和6年度開始",
        },
    ]
    assert "text_rows_unaligned" not in codes(result)
    assert result.ledger_pages == {2}


def test_every_value_says_its_file_lines_and_the_furniture_is_told() -> None:
    result = run(PAGE)
    lines = (COVER + PAGE).split("\n")
    first = measures(result)[0]
    places = sources_of(first)
    (status,) = places["status"]
    assert status.page == 2 and status.lines is not None
    assert lines[status.lines[0] - 1] == "提供中"
    (detail,) = places["detail"]
    assert detail.lines is not None and lines[detail.lines[0] - 1] == "申請書の記入を不要にした。"
    told = {
        n for s in result.furniture_sources if s.lines for n in range(s.lines[0], s.lines[1] + 1)
    }
    for text in ("「今後の展開」について", "拡大〜事業範囲を拡大するもの", "- 2 -", "進捗状", "況"):
        assert lines.index(text) + 1 in told, text


MOVED_OUTLOOK = """「便利な町役場」の実現に向けた進捗状況

施策

進捗状況

詳細

今後の展開

書かない窓口

提供中

申請書の記入を不要にした。

電子申請

提供中

20手続で受付。

電子契約

準備中

令和7年度から導入予定。

令和7年度開始

拡大

維持
"""


def test_outlooks_in_an_order_the_text_does_not_bear_out_are_left_null() -> None:
    """The last row's outlook printed before the others (as pdfminer does):
    taken in order it would give the first row 令和7年度開始."""
    result = run(MOVED_OUTLOOK)
    rows = measures(result)
    assert [r["status"] for r in rows] == ["提供中", "提供中", "準備中"]
    assert [r["detail"] for r in rows] == [
        "申請書の記入を不要にした。",
        "20手続で受付。",
        "令和7年度から導入予定。",
    ]
    assert [r["outlook"] for r in rows] == [None, None, None]
    assert any(
        i.code == "text_rows_unaligned" and i.field == "outlook" and i.severity == "error"
        for i in result.issues
    )


SHARED_WORD = """「便利な町役場」の実現に向けた進捗状況

施策

進捗状況

詳細

今後の展開

書かない窓口

提供中

拡大

申請書の記入を不要にした。

電子申請

終了

維持

受付を終えた。

電子契約

準備中

拡大

導入を準備している。
"""


def test_a_word_both_status_and_outlook_goes_where_the_counts_settle_it() -> None:
    """終了 as the status: as an outlook it would leave two statuses for
    three outlooks (no row prints two)."""
    rows = measures(run(SHARED_WORD))
    assert [r["status"] for r in rows] == ["提供中", "終了", "準備中"]


TWO_LABEL_COLUMNS = """「便利な町役場」の実現に向けた進捗状況

施策

施策の内容

進捗状況

詳細

今後の展開

窓口の改善

書かない窓口

提供中

申請書の記入を不要にした。

拡大
"""


def test_two_label_columns_are_told_apart_by_the_order_the_header_prints_them_in() -> None:
    """A row printed whole, its cells in the header labels' order: the first
    label is the 施策, the second the 施策の内容."""
    (row,) = measures(run(TWO_LABEL_COLUMNS))
    assert (row["measure"], row["item"], row["status"]) == ("窓口の改善", "書かない窓口", "提供中")


def test_one_label_for_two_label_columns_is_null_with_an_error() -> None:
    """One label before the status: the 施策 or the 施策の内容 (the other
    blank) — which is not in the text."""
    result = run(TWO_LABEL_COLUMNS.replace("窓口の改善\n\n", ""))
    (row,) = measures(result)
    assert (row["measure"], row["item"], row["status"]) == (None, None, "提供中")
    assert "text_rows_unaligned" in codes(result)


GLUED = """「便利な町役場」の実現に向けた進捗状況

施策

進捗状況

詳細

今後の展開

休止 AI チャットボット

コールセンターの設置 事業者との協議を進めている。

維持
"""


def test_cells_an_extractor_put_on_one_line_are_cut_apart() -> None:
    """A status word beside a label, and a space between two Japanese
    characters (a gap between cells, not a word space)."""
    (row,) = measures(run(GLUED))
    assert row["status"] == "休止"
    assert row["detail"] == "事業者との協議を進めている。"
    assert row["outlook"] == "維持"
    # Two labels for one row: which is the 施策 is not in the text.
    assert row["measure"] is None


def test_a_layer_with_a_header_on_one_line_and_blank_cell_ends_stays_with_the_line_reader() -> None:
    """The seeds' layout (header on one line, blank lines between blocks) is
    not routed here."""
    from dxparse.parsers.dx import text_content

    doc = document(COVER + "施策 施策の内容 進捗状況 詳細 今後の展開\n\nA\n\n")
    assert not text_content.line_per_line(doc.pages)


def test_a_row_by_row_layer_publishes_only_the_cells_every_cut_agrees_on() -> None:
    from dxparse.parsers.dx.text_rows import Piece, align

    def other(text: str) -> Piece:
        return Piece("other", text)

    pieces = [
        other("窓口の改善"),
        Piece("status", "提供中"),
        other("申請書の記入を"),
        other("不要にした。"),
        Piece("outlook", "拡大"),
        other("電子申請"),
        Piece("status", "準備中"),
        other("受付を準備している。"),
        Piece("outlook", "維持"),
    ]
    found = align(["measure", "status", "detail", "outlook"], pieces, 2)
    assert found is not None
    rows, cells = found.rows, found.cells
    assert rows == 2
    assert cells[0] == {"measure": (0, 1), "status": (1, 2), "detail": (2, 4), "outlook": (4, 5)}
    assert cells[1]["measure"] == (5, 6)
    # With a 施策の内容 column beside the 施策, a lone label fits either.
    found = align(["measure", "item", "status", "detail", "outlook"], pieces, 2)
    assert found is not None
    cells = found.cells
    assert cells[0]["measure"] is None and cells[0]["item"] is None
    assert cells[0]["detail"] == (2, 4)


def test_a_row_begins_on_a_line_of_its_own_and_callouts_after_the_table_stay_out() -> None:
    """pypdfium2's order: a row's cells after each other, the row below on a
    new line. Without the line starts the 施策の内容 of row 1 and the 施策 of
    row 2 run together (`AI チャットボット 公共施設予約`); with them each row
    is cut where its line begins. Pieces after the last status (a callout)
    end no row: they are left out, not forced into a cell."""
    from dxparse.parsers.dx.text_rows import Piece, align

    def other(text: str) -> Piece:
        return Piece("other", text)

    pieces = [
        other("窓口予約"),  # line 1
        Piece("status", "提供中"),
        other("AI"),
        other("チャットボット"),
        other("電子申請"),  # line 2
        Piece("status", "準備中"),
        other("オンライン決済"),
        other("書かない窓口へ"),  # line 3: a callout
    ]
    order = ["measure", "status", "item"]
    found = align(order, pieces, 2)
    assert found is not None
    # Without the line starts: where row 1's 施策の内容 ends is not settled.
    assert found.cells[0]["item"] is None and found.cells[1]["measure"] is None
    found = align(order, pieces, 2, starts={0, 4, 7})
    assert found is not None
    rows, cells = found.rows, found.cells
    assert rows == 2
    assert cells[0] == {"measure": (0, 1), "status": (1, 2), "item": (2, 4)}
    assert cells[1]["measure"] == (4, 5)
    # Row 2's 施策の内容 may or may not have taken the callout's line: not settled.
    assert cells[1]["item"] is None


def test_an_outlook_over_pieces_is_one_of_its_printed_forms() -> None:
    """`テム` / `廃止`: a label's tail and an outlook word is no outlook;
    `需要に合` / `わせて縮` / `小` and `令和` / `8` / `年` / `度開始` are."""
    from dxparse.parsers.dx.text_rows import Piece, align

    def other(text: str) -> Piece:
        return Piece("other", text)

    pieces = [other("公共施設予約シス"), other("テム"), Piece("outlook", "廃止")]
    found = align(["measure", "outlook", "status"], [*pieces, Piece("status", "提供中")], 1)
    assert found is not None
    assert found.cells[0] == {"measure": (0, 2), "outlook": (2, 3), "status": (3, 4)}
    wrapped = [other("需要に合"), other("わせて縮"), other("小"), other("窓口のデジタル化")]
    found = align(["outlook", "measure", "status"], [*wrapped, Piece("status", "実行中")], 1)
    assert found is not None
    # The outlook whole: a run of pieces that prints an outlook form is the
    # vocabulary's outlook, never a 施策's words (`需要に合わせて縮小窓口の…`).
    assert found.cells[0] == {"outlook": (0, 3), "measure": (3, 4), "status": (4, 5)}


BLANK_DETAIL = """「便利な町役場」の実現に向けた進捗状況

施策

進捗状況

詳細

今後の展開

書かない窓口

提供中

拡大

電子申請

準備中

受付を準備している。

維持

電子契約

検討中

先行自治体の事例を調べた。

維持
"""


def test_a_blank_detail_is_placed_by_where_the_details_stand_among_the_statuses() -> None:
    """Two details for three rows, each printed after its own row's status:
    row 1's detail is the blank one."""
    result = run(BLANK_DETAIL)
    rows = measures(result)
    assert [r["status"] for r in rows] == ["提供中", "準備中", "検討中"]
    assert [r["detail"] for r in rows] == [
        None,
        "受付を準備している。",
        "先行自治体の事例を調べた。",
    ]
    assert not [i for i in result.issues if i.field == "detail"]


def test_a_blank_detail_is_not_placed_where_the_statuses_stand_in_a_run() -> None:
    """The statuses printed together: where a detail stands tells no row."""
    body = BLANK_DETAIL.replace(
        "提供中\n\n拡大\n\n電子申請\n\n準備中", "提供中\n\n準備中\n\n拡大\n\n電子申請"
    )
    result = run(body)
    rows = measures(result)
    assert [r["status"] for r in rows] == ["提供中", "準備中", "検討中"]
    assert [r["detail"] for r in rows] == [None, None, None]
    assert any(i.code == "text_rows_unaligned" and i.field == "detail" for i in result.issues)


ROW_BY_ROW_PAGE = """「便利な町役場」の実現に向けた進捗状況
施策 進捗状況 詳細 今後の展開
{measure} 提供中 {detail}
拡大
電子契約 準備中 導入を準備している。 維持
- {page} -
"""


def test_an_outlook_word_printed_on_every_page_is_no_running_line() -> None:
    """pypdfium2's text (no blank lines): 拡大 alone on a line on each page
    is a row's outlook, not page furniture."""
    pages = [
        ROW_BY_ROW_PAGE.format(measure="書かない窓口", detail="申請書の記入を不要にした。", page=2),
        ROW_BY_ROW_PAGE.format(measure="電子申請", detail="受付を始めた。", page=3),
    ]
    cover = "令和5年度進捗報告\nさくら野町総務課DX推進室\n令和6年5月\n\f"
    rows = measures(parse(document(cover + "\f".join(pages))))
    assert [r["status"] for r in rows] == ["提供中", "準備中"] * 2
    assert [r["outlook"] for r in rows][::2] == ["拡大", "拡大"]


def test_a_detail_does_not_run_into_a_label_over_a_gap_between_japanese_characters() -> None:
    """`電子回覧板 関係部署と…。`: a space between two Japanese characters on
    a line ends a cell, so the label is the 施策の内容, not the detail's start."""
    from dxparse.parsers.dx.text_rows import Piece, align

    pieces = [
        Piece("other", "窓口予約"),
        Piece("status", "実行中"),
        Piece("other", "電子回覧板"),
        Piece("other", "関係部署と連携した。"),
    ]
    order = ["measure", "status", "item", "detail"]
    found = align(order, pieces, 1, starts={0})
    assert found is not None and found.cells[0]["item"] is None  # 電子回覧板 either way
    found = align(order, pieces, 1, starts={0}, gaps={1, 2, 3})
    assert found is not None
    assert found.cells[0] == {"measure": (0, 1), "status": (1, 2), "item": (2, 3), "detail": (3, 4)}


CARRIED_PAGE = """「便利な町役場」の実現に向けた進捗状況
施策 詳細 今後の展開 進捗状況
{first}
RPA の導入
受付を始めた。 維持 提供中
- {page} -
"""


def test_a_measure_printed_on_two_pages_is_no_running_line() -> None:
    """`RPA の導入` on both pages is the 施策 the table carries over, not a
    running header: dropped, the row would take the 施策 above (電子図書館)."""
    pages = [
        CARRIED_PAGE.format(first="電子図書館 蔵書を電子化した。 拡大 完了", page=2),
        CARRIED_PAGE.format(first="AI-OCR の活用 帳票を読み取った。 拡大 提供中", page=3),
    ]
    cover = "令和5年度進捗報告\nさくら野町総務課DX推進室\n令和6年5月\n\f"
    text = cover + "\f".join(pages)
    result = parse(document(text))
    rows = measures(result)
    assert [r["status"] for r in rows] == ["完了", "提供中", "提供中", "提供中"]
    assert "電子図書館" not in [r["measure"] for r in rows[1:]]
    # Not furniture: read, or left to the ledger (unread_text).
    lines = text.replace("\f", "").split("\n")
    told = {
        n for s in result.furniture_sources if s.lines for n in range(s.lines[0], s.lines[1] + 1)
    }
    assert [n for n in told if lines[n - 1] == "RPA の導入"] == []


def test_a_pdfminer_layer_printed_row_by_row_gives_each_row_its_measure_and_item() -> None:
    """gen_dx_014's page 8 as pdfminer prints it: each row's 施策, 施策の内容,
    status, outlook and detail in the header labels' order; both label
    columns come out as the expected records have them."""
    import json
    from pathlib import Path

    from dxparse.pipeline import Options, process_document

    layers = Path(__file__).parent / "textlayers"
    out = process_document(layers / "pdfminer" / "gen_dx_014.txt", Options())
    expected = json.loads((layers / "expected" / "gen_dx_014.json").read_text("utf-8"))
    want = [(r["measure"], r["item"]) for r in expected["dx_measures"] if r["page"] == 8]
    rows = [r.model_dump() for r in out.records["dx_measures"]]
    got = [(r["measure"], r["item"]) for r in rows if r["page"] == 8]
    assert len(want) == 2
    assert got == want


def _layer_rows(recipe: str, name: str, page: int) -> tuple[list[dict[str, Any]], list[Any]]:
    """A committed text layer read by the pipeline, with its expected rows of `page`."""
    import json
    from pathlib import Path

    from dxparse.pipeline import Options, process_document

    layers = Path(__file__).parent / "textlayers"
    out = process_document(layers / recipe / f"{name}.txt", Options())
    expected = json.loads((layers / "expected" / f"{name}.json").read_text("utf-8"))
    want = [r for r in expected["dx_measures"] if r["page"] == page]
    got = [d for r in out.records["dx_measures"] if (d := r.model_dump())["page"] == page]
    return [{"want": w, "got": g} for w, g in zip(want, got, strict=True)], [
        i.model_dump() for i in out.records.get("extraction_issues", [])
    ]


def test_a_layer_printed_row_after_row_has_a_blank_outlook_placed_by_the_row_cut() -> None:
    """gen_dx_002's page 3 through pdfminer with boxes_flow None: each row's
    boxes after the row above's, four outlooks for five rows. Only the cut
    of the layer into rows (one status, at most one detail and one outlook
    each) says the fourth row's is the blank one."""
    pairs, _ = _layer_rows("pdfminer-noflow", "gen_dx_002", 3)
    assert len(pairs) == 5
    assert [p["got"]["outlook"] for p in pairs] == [p["want"]["outlook"] for p in pairs]
    assert [p["got"]["outlook"] for p in pairs][3] is None
    assert [p["got"]["detail"] for p in pairs] == [p["want"]["detail"] for p in pairs]


def test_a_default_pdfminer_layer_is_not_read_by_a_row_cut() -> None:
    """gen_dx_017 through pdfminer's default layout: 終了 (status or outlook)
    printed before its row's status, two outlooks in a run. Cut into rows
    of runs the page would give four rows (終了 a status of a row of its
    own): the cut is not used there, and the table is left unread with an
    error rather than read with a row too many."""
    import json
    from pathlib import Path

    from dxparse.pipeline import Options, process_document

    layers = Path(__file__).parent / "textlayers"
    out = process_document(layers / "pdfminer" / "gen_dx_017.txt", Options())
    expected = json.loads((layers / "expected" / "gen_dx_017.json").read_text("utf-8"))
    rows = out.records.get("dx_measures", [])
    assert len(rows) in (0, len(expected["dx_measures"]))
    assert out.document.status != "ok"
    codes = [i.model_dump()["code"] for i in out.records["extraction_issues"]]
    assert "text_rows_unaligned" in codes


def test_gen_dx_013_statuses_and_outlooks_printed_as_two_runs_are_told_apart() -> None:
    """gen_dx_013's page 2 through pdfminer's default layout: the outlooks
    then the statuses, one run of words (`終了 廃止 拡大 拡大 提供中 提供中
    終了 実行中`), 終了 both a status and an outlook. The counts fit three
    ways; only one cuts the run into a run of each column: read, every
    status and outlook right."""
    pairs, _ = _layer_rows("pdfminer", "gen_dx_013", 2)
    assert len(pairs) == 4
    for field in ("status", "outlook", "detail"):
        assert [p["got"][field] for p in pairs] == [p["want"][field] for p in pairs], field


def test_gen_dx_007_a_row_cut_with_no_measure_is_an_error_not_a_blank() -> None:
    """gen_dx_007's page 2 through pdfminer without boxes flow, printed row
    by row: RPAの導入, merged over rows 2-4, prints once beside row 3. Rows
    2 and 4 have no 施策 in the cut, yet the document prints one for them
    (the one above or the one below): null with an error, the document
    partial — not a blank row with a warning and the document ok."""
    pairs, issues = _layer_rows("pdfminer-noflow", "gen_dx_007", 2)
    got = [p["got"]["measure"] for p in pairs]
    assert got[0] == pairs[0]["want"]["measure"] and got[2] == pairs[2]["want"]["measure"]
    assert got[1] is None and got[3] is None
    assert any(
        i["code"] == "text_rows_unaligned" and i["field"] == "measure" and i["page"] == 2
        for i in issues
    )
    assert all(i["severity"] == "error" for i in issues if i["code"] == "text_rows_unaligned")


ROW_WISE_SHARED_WORDS = """「便利な町役場」の実現に向けた進捗状況

施策

進捗状況

詳細

今後の展開

書かない窓口

申請書の記入を不要にした。

終了

終了

電子申請

受付を準備している。

拡大予定

終了
"""


def test_shared_words_not_in_one_run_are_not_split_into_runs() -> None:
    """Two rows printed one after the other, each `status outlook` or
    `outlook status` (gen_dx_020's page 3 through pdfminer without boxes
    flow): the words are no one run, so no run of statuses and run of
    outlooks is assumed (that would give row 1 the outlook 拡大予定); the
    counts do not settle 終了, and the table is an error, not a guess."""
    result = run(ROW_WISE_SHARED_WORDS)
    assert measures(result) == []
    assert "text_rows_unaligned" in codes(result)


OUTLOOKS_AMID_LABELS = """「便利な町役場」の実現に向けた進捗状況

施策

進捗状況

詳細

今後の展開

拡大

書かない窓口

維持

電子申請

提供中

申請書の記入を不要にした。

準備中

受付を準備している。
"""


def test_an_outlook_per_row_beside_no_other_rows_cell_is_taken_in_order() -> None:
    """One outlook per row, printed amid the 施策 labels and beside no
    status or detail of another row: the column's order is the rows'."""
    result = run(OUTLOOKS_AMID_LABELS)
    rows = measures(result)
    assert [r["status"] for r in rows] == ["提供中", "準備中"]
    assert [r["outlook"] for r in rows] == ["拡大", "維持"]
    assert not [i for i in result.issues if i.field == "outlook"]


def test_an_outlook_per_row_beside_another_rows_status_is_left_null() -> None:
    """The same outlooks with the second printed right before the first
    row's status: the order is not borne out, and nothing is taken."""
    body = OUTLOOKS_AMID_LABELS.replace("維持\n\n電子申請\n\n提供中", "電子申請\n\n維持\n\n提供中")
    result = run(body)
    rows = measures(result)
    assert [r["outlook"] for r in rows] == [None, None]
    assert any(i.code == "text_rows_unaligned" and i.field == "outlook" for i in result.issues)


# pdfminer's manner: the sub-theme label printed after the rows.
THEME_AFTER = (
    MOVED_OUTLOOK.split("電子申請")[0]
    + """拡大

電子申請

準備中

受付を準備している。

維持

窓口の改善
"""
)


def test_a_label_after_the_rows_that_they_do_not_need_is_the_sub_theme() -> None:
    """One label after the last row's outlook, no theme above, and the rows
    read without it have their 施策 on every row: it is the sub-theme."""
    result = run(THEME_AFTER)
    rows = measures(result)
    assert [r["theme"] for r in rows] == ["窓口の改善", "窓口の改善"]
    assert [r["measure"] for r in rows] == ["書かない窓口", "電子申請"]
    assert not [i for i in result.issues if i.severity == "error"]


def test_a_label_after_the_rows_that_may_be_a_merged_measure_is_neither() -> None:
    """The same page with one 施策 printed for two rows: the label after
    them is the second row's 施策 (or the merged one's rows blank) or the
    sub-theme; which is not in the text: both null, with an error."""
    result = run(THEME_AFTER.replace("電子申請\n\n", ""))
    rows = measures(result)
    assert [r["theme"] for r in rows] == [None, None]
    assert [r["measure"] for r in rows] == [None, None]
    assert any(i.code == "text_rows_unaligned" and i.field == "measure" for i in result.issues)


def test_a_label_after_the_rows_is_no_theme_where_the_form_prints_themes_above() -> None:
    """A document whose other page prints its sub-theme above the header:
    a label after a page's rows is a callout there, not taken."""
    above = THEME_AFTER.replace("進捗状況\n\n施策", "進捗状況\n\n手続の改善\n\n施策", 1).replace(
        "\n窓口の改善\n", "\n"
    )
    rows = measures(run(above + "\f" + THEME_AFTER))
    assert {r["theme"] for r in rows if r["page"] == 2} == {"手続の改善"}
    assert {r["theme"] for r in rows if r["page"] == 3} == {None}


@pytest.mark.parametrize(
    ("recipe", "name", "page"),
    [
        # `町公式アプリの配信` … `拡大` / `情報発信`: three 施策 for three rows.
        ("pdfminer", "vdx_v3_no_item_column", 3),
        ("pdfminer-noflow", "vdx_v3_no_item_column", 3),
        ("pdfminer", "vdx_v5_fullwidth_callouts", 4),
    ],
)
def test_vdx_v3_vdx_v5_the_label_after_the_rows_is_the_sub_theme(
    recipe: str, name: str, page: int
) -> None:
    pairs, _ = _layer_rows(recipe, name, page)
    assert pairs
    for cell in ("theme", "measure", "item"):
        assert [p["got"][cell] for p in pairs] == [p["want"][cell] for p in pairs], cell


def test_gen_dx_016_a_callout_after_the_rows_is_no_theme() -> None:
    """gen_dx_016's page 2 through pdfminer with boxes_flow None: no
    sub-theme; the callout `待ち時間を短縮` after the rows, the 施策 merged
    over all four (printed once). Read without the callout the rows leave
    the 施策 blank: no theme, and no 施策 taken from the callout."""
    pairs, _ = _layer_rows("pdfminer-noflow", "gen_dx_016", 2)
    assert len(pairs) == 4
    assert {p["want"]["theme"] for p in pairs} == {None}
    assert [p["got"]["theme"] for p in pairs] == [None] * 4
    assert all(p["got"]["measure"] in (None, p["want"]["measure"]) for p in pairs)


def test_gen_dx_010_a_label_in_the_headers_last_column_is_no_theme() -> None:
    """gen_dx_010's page 2 through pdfminer: the header ends in 施策の内容,
    so the label after the last row's outlook (`転出届のオンライン提出`) is
    that row's: no theme taken from it."""
    pairs, _ = _layer_rows("pdfminer", "gen_dx_010", 2)
    assert pairs
    assert {p["want"]["theme"] for p in pairs} == {None}
    assert {p["got"]["theme"] for p in pairs} == {None}


@pytest.mark.parametrize("name", ["vdx_v7_rotated_pages", "vdx_v8_filled_cells_synonyms"])
def test_a_column_label_printed_with_its_column_still_heads_the_table(name: str) -> None:
    """Page 2 of these through pdfminer's default layout: the header's labels
    together at the top but 今後の展開 (今後の方向性), printed under the
    rows with its column's words (the flow keeps a column's label with the
    column). The table is found by its labels, a run of them at its top and
    the rest anywhere on the page; before, the page was skipped with no
    error at all."""
    pairs, _ = _layer_rows("pdfminer", name, 2)
    assert len(pairs) == 4
    for cell in ("status", "detail"):
        assert [p["got"][cell] for p in pairs] == [p["want"][cell] for p in pairs], cell


@pytest.mark.parametrize("recipe", ["pdfminer", "pdfminer-noflow"])
def test_vdx_v10_text_set_sideways_is_not_read_and_says_so(recipe: str) -> None:
    """vdx_v10 prints its tables sideways: pdfminer gives one character a
    line, each column's cells in an order of its own (details 2, 3, 1 under
    statuses 3, 2, 1). Read as a table it gave swapped statuses and details;
    each of its table pages (page 3 goes on, with no header and no status
    word a line could show) is a `table_not_found` error, with no rows."""
    from pathlib import Path

    from dxparse.pipeline import Options, process_document

    layer = Path(__file__).parent / "textlayers" / recipe / "vdx_v10_sideways_no_rotate.txt"
    out = process_document(layer, Options())
    issues = [i.model_dump() for i in out.records.get("extraction_issues", [])]
    refused = sorted(i["page"] for i in issues if i["code"] == "table_not_found")
    assert refused == [2, 3, 4]
    assert not [r for r in out.records.get("dx_measures", []) if r.model_dump()["page"] > 1]
    assert out.document.model_dump()["status"] == "partial"


def test_header_labels_and_statuses_with_no_table_read_are_an_error() -> None:
    """A page that prints 施策 and 進捗状況 over status rows but no 詳細
    label: no table is read, and the rows it prints are an error, not a
    silent loss (the PDF path's rule)."""
    body = """「便利な町役場」の実現に向けた進捗状況

施策

進捗状況

書かない窓口

提供中

電子申請

準備中
"""
    result = run(body)
    assert not measures(result)
    assert "table_not_found" in codes(result)
