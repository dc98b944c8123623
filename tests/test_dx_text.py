"""The text-layer path on small hand-made layers in the seed's manner."""

from __future__ import annotations

from typing import Any

from dxparse.parsers.dx import parse
from dxparse.records import ParseResult
from tests.pages import text_document

COVER = ["さくら野町総務課DX推進室", "2024.5", "令和５年度進捗報告", ""]


def run(lines: list[str]) -> ParseResult:
    return parse(text_document([*COVER, *lines]))


def measures(result: ParseResult) -> list[dict[str, Any]]:
    return result.rows.get("dx_measures", [])


def test_cover_from_the_lines_before_the_first_table() -> None:
    result = run([])
    (report,) = result.rows["dx_reports"]
    # Each field names the cover line it was read from.
    sources = report.pop("_sources")
    assert {name: [s.lines for s in found] for name, found in sources.items()} == {
        "title": [(3, 3)],
        "fiscal_year": [(3, 3)],
        "publisher": [(1, 1)],
        "issued": [(2, 2)],
    }
    assert result.rows["dx_reports"] == [
        {
            "page": None,
            "title": "令和5年度進捗報告",
            "fiscal_year": 2023,
            "publisher": "さくら野町総務課DX推進室",
            "issued": "2024-05",
        }
    ]
    assert result.municipality == "さくら野町"


def test_rows_without_an_item_column_and_outlook_forms() -> None:
    rows = measures(
        run(
            [
                " 「便利な町役場」の実現に向けた進捗状況",
                "",
                "施策 進捗状況 詳細 今後の展開",
                "コンビニ交付 提供中 住民票の写しを交付。 維持",
                "",
                "窓口予約",
                "検討中",
                "",
                "近隣自治体の状況を",
                "調査。",
                "",
                "時期を見定めて",
                "実行",
                "",
                "旧システム 終了 令和５年度末で廃止。 終了",
                "窓口サービスの向上",
                " ",
            ]
        )
    )
    assert [(r["measure"], r["item"], r["status"], r["outlook"]) for r in rows] == [
        ("コンビニ交付", None, "提供中", "維持"),
        ("窓口予約", None, "検討中", "時期を見定めて実行"),
        ("旧システム", None, "終了", "終了"),
    ]
    assert rows[1]["detail"] == "近隣自治体の状況を調査。"
    assert {r["pillar"] for r in rows} == {"便利な町役場"}
    assert {r["theme"] for r in rows} == {"窓口サービスの向上"}
    assert [r["outlook_category"] for r in rows] == ["維持", "実行", "終了"]


def test_measure_carries_and_a_continuation_heading_is_not_a_row() -> None:
    result = run(
        [
            "「スマート市役所」の実現に向けた進捗状況",
            "施策 施策の内容 進捗状況 詳細 今後の展開",
            "相談のオンライン化 ビデオ通話相談 提供中 ８拠点で提供。 拡大",
            "",
            "ＡＩチャットボット 終了 令和６年度末で提供を終了。 終了",
            "",
            "オンラインでつながる市役所",
            " 「スマート市役所」の実現に向けた進捗状況（続き）",
            "",
            "電子図書館 提供中 貸出回数は１０，４２１回。 令和７年度開始",
        ]
    )
    rows = measures(result)
    assert [(r["measure"], r["item"]) for r in rows] == [
        ("相談のオンライン化", "ビデオ通話相談"),
        ("相談のオンライン化", "AIチャットボット"),
        ("相談のオンライン化", "電子図書館"),
    ]
    # The theme label is the first page's: the continuation page prints none.
    assert [r["theme"] for r in rows] == ["オンラインでつながる市役所"] * 2 + [None]
    assert {r["pillar"] for r in rows} == {"スマート市役所"}
    assert rows[2]["outlook_fiscal_year"] == 2025
    assert result.rows["dx_metrics"][1]["value"] == 10421


def test_a_row_without_outlook_is_reported() -> None:
    result = run(
        [
            "「便利な町役場」の実現に向けた進捗状況",
            "施策 進捗状況 詳細 今後の展開",
            "町公式アプリ 準備中 配信に向けて準備中。",
        ]
    )
    (row,) = measures(result)
    assert row["outlook"] is None and row["outlook_category"] is None
    assert any(i.code == "outlook_not_found" for i in result.issues)


def test_no_table_is_an_error() -> None:
    result = run(["市長メッセージ", "本文です。"])
    assert measures(result) == []
    assert [i.severity for i in result.issues if i.code == "no_progress_table"] == ["error"]


def test_a_column_order_the_text_cannot_cut_is_not_read() -> None:
    result = run(
        [
            "「便利な町役場」の実現に向けた進捗状況",
            "施策 詳細 進捗状況 今後の展開",
            "コンビニ交付 住民票の写しを交付。 提供中 維持",
        ]
    )
    assert measures(result) == []
    errors = [i.code for i in result.issues if i.severity == "error"]
    assert errors == ["unsupported_column_order", "no_progress_table"]


def test_unlisted_status_words_still_anchor_and_misread_rows_are_nulled() -> None:
    result = run(
        [
            "「便利な町役場」の実現に向けた進捗状況",
            "施策 施策の内容 進捗状況 詳細 今後の展開",
            "電子契約 契約書の電子化 稼働中 ５件で利用。 拡大",
            "",
            "電子請求 請求書の受付 全庁で受付を開始した。 維持",
            "電子納品 図面の納品 提供中 ２件で受付。 維持",
        ]
    )
    rows = measures(result)
    assert (rows[0]["measure"], rows[0]["item"], rows[0]["status"]) == (
        "電子契約",
        "契約書の電子化",
        "稼働中",
    )
    # The second line prints no status: its text runs into the next row,
    # whose labels are then left empty rather than guessed.
    assert (rows[1]["measure"], rows[1]["item"], rows[1]["item_group"]) == (None, None, None)
    assert rows[1]["status"] == "提供中"
    assert any(i.code == "implausible_label" and i.key == "2" for i in result.issues)


def test_a_status_that_is_also_an_outlook_word() -> None:
    rows = measures(
        run(
            [
                "「便利な町役場」の実現に向けた進捗状況",
                "施策 進捗状況 詳細 今後の展開",
                "旧予約システム 終了",
                "新システムへ移行した。 終了",
                "電子申請 提供中 受付中。 維持",
            ]
        )
    )
    assert [(r["measure"], r["status"], r["detail"], r["outlook"]) for r in rows] == [
        ("旧予約システム", "終了", "新システムへ移行した。", "終了"),
        ("電子申請", "提供中", "受付中。", "維持"),
    ]


def test_a_table_without_heading_has_no_pillar_rather_than_the_row_above() -> None:
    result = run(
        [
            "「便利な町役場」の実現に向けた進捗状況",
            "施策 進捗状況 詳細 今後の展開",
            "コンビニ交付 提供中 住民票の写しを交付。 維持",
            "施策 進捗状況 詳細 今後の展開",
            "窓口予約 検討中 調査中である。 拡大",
        ]
    )
    assert [r["pillar"] for r in measures(result)] == ["便利な町役場", None]
    assert any(i.code == "no_pillar" for i in result.issues)
