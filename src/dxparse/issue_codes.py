"""Every `extraction_issues.code` dxparse raises: its severity and what it means.

The one list of the codes, for people: docs/issue-codes.md is generated
from it (`make docs`, i.e. `python -m dxparse.issue_codes docs/issue-codes.md`),
and tests/test_issue_codes.py reads the source to check that every code
raised anywhere in src/ is listed here, with this severity, and that every
code listed is still raised. The parsers do not look codes up here: a code is
a string at the place that raises it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from dxparse.records import Severity


@dataclass(frozen=True, slots=True)
class IssueCode:
    severity: Severity
    meaning: str


ISSUE_CODES: dict[str, IssueCode] = {
    "ambiguous_alignment": IssueCode(
        "warning",
        "A text layer prints the values but not which column, year or quarter each belongs"
        " to, and the sheet's own checks leave more than one possibility; the values are"
        " left null (or the cells out).",
    ),
    "ambiguous_column": IssueCode(
        "warning",
        "A cell or header could belong to more than one field (e.g. one date that may be"
        " 作成日 or 更新日, quarters under headers that are not recognised); left null.",
    ),
    "ambiguous_date": IssueCode("warning", "A date cell prints more than one date; left null."),
    "ambiguous_label": IssueCode(
        "warning",
        "A sheet prints one label in two wordings; the fields it names are left null.",
    ),
    "ambiguous_municipality": IssueCode(
        "warning",
        "The sheets' titles print several cities; the document's municipality is left null.",
    ),
    "ambiguous_number": IssueCode(
        "warning",
        "A number cell prints several numbers on separate lines (500 over 600); left null.",
    ),
    "ambiguous_outlook": IssueCode(
        "warning",
        "A DX outlook (今後の展開) is negated, names two categories or two years;"
        " outlook_category or outlook_fiscal_year left null.",
    ),
    "ambiguous_year": IssueCode(
        "warning",
        "A year row or baseline column is labelled with no one fiscal year (a span, 以前,"
        " 見込); not read, or its fiscal_year left null.",
    ),
    "approximate_value": IssueCode(
        "warning",
        "An action-plan amount or indicator value is printed as approximate (約) and the"
        " dataset has no approx column; left null.",
    ),
    "cell_not_read": IssueCode(
        "error",
        "A value cell of an action-plan grid spans several year columns: it belongs to none"
        " and is not read (its box says where).",
    ),
    "column_not_read": IssueCode(
        "error",
        "An action-plan grid column whose header is not one fiscal year (以降, 見込, a span)"
        " or names a year another column names too: its cells are not read (its box is the"
        " column).",
    ),
    "blank_page": IssueCode(
        "warning",
        "A PDF page has nothing drawn on it at all (not even an image): a blank page, not a"
        " scan. (A PDF whose every page is blank, or that has no pages, fails with"
        " unreadable_input.)",
    ),
    "cover_field_missing": IssueCode(
        "warning",
        "The DX report's cover prints no recognisable title, publisher or issue month;"
        " that field is null.",
    ),
    "cross_sheet_mismatch": IssueCode(
        "warning",
        "An initiative's overall and single-year sheets print different values for the"
        " same thing; both are kept as printed.",
    ),
    "csv_formula_text": IssueCode(
        "warning",
        "A text value starts with a character a spreadsheet would run as a formula"
        " (=, +, -, @, tab, CR, LF); the CSV writes it with a leading ', the Parquet as is.",
    ),
    "dash_cell": IssueCode("warning", "A number cell prints only a dash; read as no value (null)."),
    "date_outside_era": IssueCode(
        "warning",
        "A 和暦 date is real but lies outside its era (H31.5.1, after 平成 ended); it is"
        " published as read, check it.",
    ),
    "grid_ambiguous": IssueCode(
        "warning",
        "A text layer prints a grid row's numbers without their columns, and the sheet's"
        " checks (計 = 歳入 + 歳出, 最終値 = Σ years) allow more than one placement: the"
        " cells the placements disagree on are left null.",
    ),
    "grid_not_placed": IssueCode(
        "error",
        "A text layer prints grid numbers that no placement the sheet's checks allow can"
        " take (or that follow no row label, or whose year columns are not read): they are"
        " not published.",
    ),
    "duplicate_row": IssueCode(
        "error",
        "A grid prints one series on more than one row (a second 実績額); its cells are not read.",
    ),
    "duplicate_year": IssueCode(
        "warning",
        "A year is printed on two rows of the year plan that differ; its plan and status"
        " are left null.",
    ),
    "headerless_table": IssueCode(
        "error",
        "A ruled DX table with no header row whose columns (count and contents) fit no"
        " progress table before it, so it continues none; its rows are not read (`box`).",
    ),
    "implausible_label": IssueCode(
        "warning",
        "A DX text layer row has a sentence among its labels, so its cells cannot be told"
        " apart; measure left null.",
    ),
    "inconsistent_row": IssueCode(
        "error",
        "A row breaks one of its dataset's consistency rules on a required field; the row"
        " is dropped.",
    ),
    "inconsistent_values": IssueCode(
        "error",
        "A row breaks one of its dataset's consistency rules (e.g. start after end); the"
        " values involved are left null.",
    ),
    "invalid_date": IssueCode(
        "error",
        "A printed date or year-month is not a real one (令和5年2月29日, 13月, era year 0);"
        " left null.",
    ),
    "invalid_number": IssueCode(
        "error", "A number cell prints something that does not read as a number; left null."
    ),
    "invalid_row": IssueCode(
        "error",
        "A required field fails its column's rule in validation; the row is dropped.",
    ),
    "invalid_value": IssueCode(
        "error",
        "A value fails its column's rule in validation (type, range, pattern); left null.",
    ),
    "item_ambiguous": IssueCode(
        "warning",
        "A DX text layer row prints one label before its status: read as a 施策 spanning"
        " 施策の内容 (item null); the text cannot show whether a cell was blank.",
    ),
    "label_near_miss": IssueCode(
        "warning",
        "A printed label matches no known wording but is close to one (after folding kana"
        " and okurigana); `raw` is the printed text, the message names the nearest wording"
        " to add with `--vocabulary`.",
    ),
    "label_not_found": IssueCode(
        "warning",
        "A field's label is printed nowhere on the sheet (worded otherwise, or absent);"
        " the field is left null. `raw`/`message` say which label was looked for.",
    ),
    "measure_missing": IssueCode(
        "warning",
        "A DX table row has no 施策 and none above it on the page to carry down; measure is null.",
    ),
    "metric_bound": IssueCode(
        "warning",
        "A number in a DX detail is a bound (100件以上, 未満, 超), not the figure; not"
        " published in dx_metrics.",
    ),
    "metric_long_sentence": IssueCode(
        "error",
        "A DX detail sentence too long (over 1,000 characters) to read its figures'"
        " clauses with certainty: its figures are not read, one row each with an excerpt.",
    ),
    "metrics_of_sure_sentences": IssueCode(
        "warning",
        "A DX detail is null (where its cell ends is not settled by a text layer): the"
        " figures of the whole sentences every reading gives it are published, numbered"
        " from 1 among them; a sentence whose start or end is not settled is not read.",
    ),
    "metric_number_parts": IssueCode(
        "warning",
        "A number in a DX detail is part of a number written in parts (1億2,000万円,"
        " 2時間半) that is not read whole; not published.",
    ),
    "metric_per_unit": IssueCode(
        "warning",
        "A number in a DX detail is the denominator of a rate (1件あたり, 1人につき);"
        " not published.",
    ),
    "metric_range": IssueCode(
        "warning",
        "A number in a DX detail is one end of a range (5件~8件); neither end is published.",
    ),
    "metric_ratio": IssueCode(
        "warning",
        "A number in a DX detail is one side of a ratio (3人に1人, 1人1台); not published.",
    ),
    "metric_sign": IssueCode(
        "warning",
        "A number in a DX detail has a dash set apart before it that may or may not be a"
        " minus; not published.",
    ),
    "metric_unit_unknown": IssueCode(
        "warning",
        "A number in a DX detail has no known unit (or its unit starts a longer word:"
        " 3割引, 100円ショップ); not published.",
    ),
    "metric_year_ambiguous": IssueCode(
        "warning",
        "A published DX figure sits in a clause naming several 年度 (or a span, or a"
        " baseline year) and none is its own; its fiscal_year is null.",
    ),
    "missing_sheet": IssueCode(
        "warning",
        "An initiative has only one of its two sheets (overall plan / single-year); the"
        " rows of the other are missing.",
    ),
    "missing_value": IssueCode(
        "warning",
        "An action-plan text layer prints no 効果 line; the effect flags are left null.",
    ),
    "not_published": IssueCode(
        "warning",
        "The sheet prints something no dataset has a column for (the 計画変更 コメント);"
        " reported with its text and box, not published.",
    ),
    "mixed_editions": IssueCode(
        "warning",
        "The single-year sheets name several fiscal years; the most common is the edition's year.",
    ),
    "municipality_not_read": IssueCode(
        "warning",
        "A sheet title prints words before アクションプラン that do not read as one city"
        " name; the municipality is not taken from it.",
    ),
    "no_number": IssueCode("warning", "A number cell prints text with no digit; left null."),
    "municipality_unknown": IssueCode(
        "warning",
        "Neither the municipality code nor its name is known for the document (not printed,"
        " not given, not in the shipped code table); the columns are left empty.",
    ),
    "no_pillar": IssueCode(
        "warning",
        "A DX progress table has no page heading above it; pillar is null for its rows.",
    ),
    "no_theme": IssueCode(
        "warning",
        "No sub-theme label was read for a DX progress table (none printed, or one the"
        " text does not tell from a callout: then unread_text too); theme is carried from"
        " the table it continues, or null.",
    ),
    "no_progress_table": IssueCode(
        "error",
        "No DX progress-table row was read (no table headed 施策 / 進捗状況 / 詳細, or"
        " none readable); dx_measures is empty.",
    ),
    "no_text_layer": IssueCode(
        "error",
        "A page has no text layer (a scanned image?); nothing on it was read. (A document"
        " with no text on any page fails with unreadable_input.)",
    ),
    "outlook_not_found": IssueCode(
        "warning",
        "A DX text layer row prints no outlook phrase after its detail; outlook is null.",
    ),
    "page_unknown": IssueCode(
        "warning",
        "A text layer has no page breaks (form feeds); page numbers are left null"
        " (key `*`: every row).",
    ),
    "qualified_value": IssueCode(
        "warning",
        "An action-plan value is a bound, estimate or footnoted figure (以上, 見込, ※),"
        " not the value; left null.",
    ),
    "reader_warning": IssueCode(
        "warning",
        "A warning the PDF reader (pdfminer) logged while reading the document, each"
        " distinct message once with its count; the document may have read incompletely.",
    ),
    "row_not_read": IssueCode(
        "error",
        "A row of an action-plan sheet is printed but not read: a 年度 row whose label is not"
        " one fiscal year, an amount row with no 歳入増加/歳出削減/計 label (its box is the row).",
    ),
    "rows_not_ruled": IssueCode(
        "error",
        "One ruled row of a DX table holds several statuses, so its rows cannot be cut;"
        " they are not read.",
    ),
    "stream_table_misfit": IssueCode(
        "error",
        "A DX progress table header is printed with no vertical rules, and the table"
        " inferred under it does not fit its text (text across the columns' edges, no rule"
        " under the header, sentences or unknown words under 進捗状況 / 今後の展開); the"
        " table is not read.",
    ),
    "sum_mismatch": IssueCode(
        "warning",
        "A printed total is not the sum of its parts (計 ≠ 歳入増加 + 歳出削減, 最終値 ≠ Σ"
        " years); the values are kept as printed.",
    ),
    "sheet_not_read": IssueCode(
        "error",
        "An action-plan sheet's head (番号・取組名) over a ruled table that is neither kind"
        " of sheet (no 最終目標/効果額 nor 取組項目/総合評価): nothing of it is read (its box"
        " is the table).",
    ),
    "table_not_found": IssueCode(
        "error",
        "A page or sheet prints the labels of a table but no ruled table was read from it"
        " (or a grid lacks its year header; or a text layer prints header labels and status"
        " words but no table, or prints the page one character a line); its rows are missing.",
    ),
    "unit_mismatch": IssueCode(
        "warning",
        "A value prints a unit other than the grid's unit; left null.",
    ),
    "unknown_column": IssueCode(
        "warning",
        "A DX table has header labels the contract does not know; their cells are not read.",
    ),
    "unknown_edition": IssueCode(
        "warning",
        "No single-year sheet names its fiscal year: edition_fiscal_year, part of every"
        " action-plan row's key, is unknown (validation then reports those rows).",
    ),
    "unknown_kind": IssueCode(
        "warning",
        "The document reads as neither a DX progress report nor action-plan sheets;"
        " nothing is extracted from it.",
    ),
    "unread_text": IssueCode(
        "error",
        "The coverage ledger: text printed on a page holding a progress table or a plan"
        " sheet (or a non-blank line of a text layer) that went into no published value, is"
        " no recognised furniture of the form and no other issue names: one row per"
        " contiguous piece, with its box (or lines) and text.",
    ),
    "unknown_header": IssueCode(
        "warning",
        "A word in a DX table's header line that is no known column wording (raised only"
        " when no table was read); `raw` is the word.",
    ),
    "unknown_label": IssueCode(
        "warning",
        "A status, outlook, rating or other vocabulary value outside the known labels;"
        " kept as printed (a yes/no cell that is neither 有 nor 無 is left null).",
    ),
    "unknown_mark": IssueCode(
        "warning",
        "A task's quarter cell prints something that is not a tick (○) nor blank, or one"
        " mark spans several quarters; left null.",
    ),
    "unknown_outlook": IssueCode(
        "warning",
        "A DX outlook's wording matches no outlook category; outlook_category is null"
        " (outlook kept as printed).",
    ),
    "unmapped_glyphs": IssueCode(
        "error",
        "A page prints glyphs whose font gives no Unicode text for them (pdfminer's"
        " `(cid:N)`): text printed that was not read (raw: their count); a value holding"
        " one (U+FFFD) is left null, its row dropped when the field is required.",
    ),
    "unreadable_code": IssueCode(
        "warning",
        "A 推進項目 prints no whole number; promotion_item_no is null.",
    ),
    "unreadable_input": IssueCode(
        "error",
        "The file could not be read at all (not a PDF, damaged, encrypted, too many pages,"
        " over the time limit, a scan with no text, a parser error); the document failed.",
    ),
    "unreadable_period": IssueCode(
        "warning",
        "An action-plan 取組年度 does not read as one span of fiscal years; start and end"
        " are null.",
    ),
    "unreadable_sheet": IssueCode(
        "error",
        "An action-plan sheet whose initiative number cannot be read; its rows are left out.",
    ),
    "unrecognised_table": IssueCode(
        "warning",
        "A ruled table of an action-plan document with no sheet's head (番号・取組名) nor"
        " either sheet's labels (最終目標/効果額, 取組項目/総合評価): a cover's or a contents"
        " table, not a plan sheet; not read.",
    ),
    "text_rows_unaligned": IssueCode(
        "error",
        "A DX text layer read by content prints a column's texts in another count than its"
        " rows (blank cells, merged cells, two label columns): which row each belongs to is"
        " not in the text, so the column is left null; the texts are reported unread.",
    ),
    "unsupported_column_order": IssueCode(
        "error",
        "A DX text layer whose table columns do not run 施策, 施策の内容, 進捗状況, 詳細,"
        " 今後の展開: its rows cannot be cut and the table is not read.",
    ),
    "unsupported_layout": IssueCode(
        "error",
        "An action-plan text layer in reading order (a sheet's row on one line, as"
        " pdftotext prints it): its cells cannot be told apart, the sheet is not read.",
    ),
}


def render_markdown() -> str:
    """docs/issue-codes.md."""
    lines = [
        "# extraction_issues codes",
        "",
        "<!-- Generated from src/dxparse/issue_codes.py by `make docs`; do not edit. -->",
        "",
        "Every `code` dxparse writes to `extraction_issues`. `error`: something printed",
        "was lost or is wrong in the source, and the document's status is `partial`;",
        "`warning`: a value left null or kept as printed, to look at. `key`, `field`",
        "and `raw` of the issue row say where; `message` says why in that instance.",
        "",
        "| code | severity | meaning |",
        "|---|---|---|",
    ]
    for code in sorted(ISSUE_CODES):
        entry = ISSUE_CODES[code]
        meaning = entry.meaning.replace("|", "\\|")
        lines.append(f"| `{code}` | {entry.severity} | {meaning} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m dxparse.issue_codes OUT.md", file=sys.stderr)
        return 2
    Path(argv[0]).write_text(render_markdown(), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
