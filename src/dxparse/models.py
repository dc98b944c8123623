"""The output contract as pydantic models: the single source of the schema.

JSON Schema (`schemas/`), the data package and the writer's column order and
types are all generated from these classes. Field `title` is the Japanese
column title; `description` says in English what the value is and where it
comes from, `x-description-ja` the same in Japanese; each model's docstring
and `description_ja` describe the dataset.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dxparse import vocabulary

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
FiscalYear = Annotated[int, Field(ge=1868, le=2200)]
# (local columns, referenced dataset, referenced columns)
ForeignKey = tuple[tuple[str, ...], str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Consistency:
    """A cross-field rule. When it fails, `fields` are nulled and reported
    (or, if one of them is required, the row is dropped and reported)."""

    fields: tuple[str, ...]
    holds: Callable[[Mapping[str, Any]], bool]
    rule: str


def _in_order(first: str, last: str) -> Consistency:
    return Consistency(
        (first, last),
        lambda v: v.get(first) is None or v.get(last) is None or v[first] <= v[last],
        f"{first} must not be after {last}",
    )


def _known(values: tuple[str, ...]) -> dict[str, Any]:
    """Schema note for an open vocabulary: listed, not enforced."""
    return {"x-known-values": list(values)}


def _ja(text: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Japanese description of a field, beside its English `description`."""
    return {"x-description-ja": text, **(extra or {})}


def period_key(period: object, fiscal_year: object) -> str:
    """`baseline-2015`, `year-2016`, `final`: the grid column as one non-null key part."""
    return "final" if period == "final" else f"{period}-{fiscal_year}"


class Record(BaseModel):
    """Columns every dataset starts with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dataset_id: ClassVar[str]
    title_ja: ClassVar[str]
    title_en: ClassVar[str]
    description_ja: ClassVar[str]
    primary_key: ClassVar[tuple[str, ...]]
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = ()
    # Fields whose values come from an open vocabulary: name → known labels.
    vocabularies: ClassVar[dict[str, tuple[str, ...]]] = {}
    consistency: ClassVar[tuple[Consistency, ...]] = ()

    municipality_code: str | None = Field(
        None,
        title="全国地方公共団体コード",
        pattern=r"^\d{6}$",
        description="Local government code (6 digits with check digit, text); from"
        " --municipality-code, else the shipped code table by name; null if neither gives it",
        json_schema_extra=_ja(
            "全国地方公共団体コード(検査数字付き6桁、文字列)。--municipality-code、"
            "なければ同梱のコード表(団体名から)。どちらにもなければ空"
        ),
    )
    municipality: str | None = Field(
        None,
        title="地方公共団体名",
        description="Municipality name; from --municipality, else the document's publisher,"
        " else the shipped code table by code; null if none gives it",
        json_schema_extra=_ja(
            "地方公共団体名。--municipality、なければ文書の発行者、なければ同梱のコード表"
            "(コードから)。どれにもなければ空"
        ),
    )
    document_id: Sha256 = Field(
        title="文書ID",
        description="sha256 of the source file (hex): ties every row to its document",
        json_schema_extra=_ja("元ファイルのSHA-256(16進)。すべての行を文書に結び付ける"),
    )

    @model_validator(mode="after")
    def _consistent(self) -> Record:
        # Most datasets have no rules: skip copying every record's values.
        if not self.consistency:
            return self
        values = self.__dict__  # the fields (extra="forbid"), without pydantic's iterator
        for check in self.consistency:
            if not check.holds(values):
                raise ValueError(f"{', '.join(check.fields)}: {check.rule}")
        return self


class Document(Record):
    """documents — one row per input file."""

    dataset_id = "documents"
    title_ja = "文書"
    title_en = "Documents"
    description_ja = "入力ファイル1件につき1行。種別・ページ数・処理状況"
    primary_key = ("document_id",)

    source_file: str = Field(
        title="ファイル名",
        description="File name of the input (name only, no folder)",
        json_schema_extra=_ja("入力ファイルの名前(フォルダを含まない)"),
    )
    media_type: Literal["application/pdf", "text/plain"] = Field(
        title="メディアタイプ",
        description="application/pdf for a PDF, text/plain for a text layer (.txt)",
        json_schema_extra=_ja("PDFは application/pdf、テキスト層(.txt)は text/plain"),
    )
    kind: Literal["dx_progress_report", "action_plan", "unknown"] = Field(
        title="文書種別",
        description="Kind read from the document's own words",
        json_schema_extra=_ja("文書の文言から判定した種別(DX進捗報告・アクションプラン・不明)"),
    )
    pages: int | None = Field(
        None,
        ge=0,
        title="ページ数",
        description="Number of pages; null if the file could not be read",
        json_schema_extra=_ja("ページ数。読めなかったファイルは空"),
    )
    status: Literal["ok", "partial", "failed"] = Field(
        title="処理状況",
        description="ok: everything read; partial: some values lost (see extraction_issues);"
        " failed: nothing read",
        json_schema_extra=_ja(
            "ok: すべて読めた、partial: 一部の値を読めなかった(抽出時の問題を参照)、"
            "failed: 読めなかった"
        ),
    )
    error: str | None = Field(
        None,
        title="エラー",
        description="One-line reason when the status is not ok",
        json_schema_extra=_ja("処理状況が ok でないときの理由(1行)"),
    )
    chars_total: int | None = Field(
        None,
        ge=0,
        title="文字数",
        description="Characters printed (not blank) on the pages holding a progress table or"
        " a plan sheet, or on their non-blank lines of a text layer; null if none was read",
        json_schema_extra=_ja(
            "進捗表・シートのあるページに印字された文字数(空白を除く)。テキスト層では"
            "その空でない行の文字数。読めなかった文書は空"
        ),
    )
    chars_used: int | None = Field(
        None,
        ge=0,
        title="読んだ文字数",
        description="Of chars_total, those read into a published field or recognised as the"
        " form's furniture (header labels, legends, page numbers); the rest is reported as"
        " unread_text",
        json_schema_extra=_ja(
            "文字数のうち、公開した値として読んだもの、または様式の定型部分(見出し・凡例・"
            "ページ番号など)と認めたもの。残りは unread_text として報告"
        ),
    )


class DocumentRow(Record):
    """Rows of the content datasets: tied to a document."""

    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        (("document_id",), "documents", ("document_id",)),
    )


def _page(what: str, what_ja: str) -> Any:
    return Field(
        None,
        ge=1,
        title="ページ",
        description=f"1-based page of the source {what} came from; null where the input"
        " (a text layer without page breaks) cannot say",
        json_schema_extra=_ja(
            f"{what_ja}が載っている元文書のページ(1から)。ページ区切りのないテキスト層では空"
        ),
    )


def _row_no() -> Any:
    return Field(
        ge=1,
        title="行番号",
        description="Row of the progress table, 1.. in reading order through the report",
        json_schema_extra=_ja("進捗表の行番号。報告書を読む順に1から"),
    )


def _fiscal_year(title: str, en: str, ja: str) -> Any:
    return Field(
        None,
        title=title,
        description=f"{en} (fiscal year April–March, as the Western year it starts in:"
        " 令和元年度 = 2019)",
        json_schema_extra=_ja(f"{ja}(年度は4月始まり、始まる年の西暦: 令和元年度 = 2019)"),
    )


class DxReport(DocumentRow):
    """dx_reports — one row per DX progress report."""

    dataset_id = "dx_reports"
    title_ja = "DX進捗報告"
    title_en = "DX progress reports"
    description_ja = "DX進捗報告1件につき1行。表題・対象年度・発行者・発行年月"
    primary_key = ("document_id",)

    page: int | None = _page("the cover", "表紙")
    title: str | None = Field(
        None,
        title="表題",
        description="Title printed on the cover",
        json_schema_extra=_ja("表紙の表題"),
    )
    fiscal_year: FiscalYear | None = _fiscal_year(
        "対象年度", "Fiscal year the report covers", "報告の対象年度"
    )
    publisher: str | None = Field(
        None,
        title="発行者",
        description="Publisher printed on the cover (city and department)",
        json_schema_extra=_ja("表紙の発行者(市と部署)"),
    )
    issued: str | None = Field(
        None,
        title="発行年月",
        pattern=r"^\d{4}-\d{2}(-\d{2})?$",
        description="Month (YYYY-MM) or date of issue printed on the cover",
        json_schema_extra=_ja("表紙の発行年月(YYYY-MM)または発行日"),
    )


class DxMeasure(DocumentRow):
    """dx_measures — one row per table row of a progress table."""

    dataset_id = "dx_measures"
    title_ja = "DX施策の進捗"
    title_en = "DX measures and their progress"
    description_ja = "進捗表の1行につき1行。施策・進捗状況・詳細・今後の展開"
    primary_key = ("document_id", "row_no")
    vocabularies = {
        "status": vocabulary.DX_STATUSES,
        "outlook_category": vocabulary.DX_OUTLOOK_CATEGORIES,
    }

    row_no: int = _row_no()
    page: int | None = _page("the row", "行")
    pillar: str | None = Field(
        None,
        title="柱",
        description="Pillar: the page heading the row sits under",
        json_schema_extra=_ja("柱(行が載っているページの見出し)"),
    )
    theme: str | None = Field(
        None,
        title="テーマ",
        description="Theme: the page sub-heading; null if the page has none",
        json_schema_extra=_ja("テーマ(ページの小見出し)。ないページでは空"),
    )
    measure: str | None = Field(
        None,
        title="施策",
        description="Measure (施策), carried down from the merged cell above when blank",
        json_schema_extra=_ja("施策。空欄の行は上の結合セルの値"),
    )
    item_group: str | None = Field(
        None,
        title="施策の区分",
        description="Sub-group label printed between 施策 and 施策の内容; null where none",
        json_schema_extra=_ja("施策と施策の内容の間に印刷された区分。なければ空"),
    )
    item: str | None = Field(
        None,
        title="施策の内容",
        description="Item (施策の内容); null where the table has no such column",
        json_schema_extra=_ja("施策の内容。その列がない表では空"),
    )
    status: str | None = Field(
        None,
        title="進捗状況",
        description="Progress status as printed (open vocabulary: see x-known-values;"
        " another label is kept and reported)",
        json_schema_extra=_ja(
            "進捗状況(印刷どおり。既知の語以外も残し、抽出時の問題で知らせる)",
            _known(vocabulary.DX_STATUSES),
        ),
    )
    detail: str | None = Field(
        None,
        title="詳細",
        description="Detail cell, whole, wrapped lines joined",
        json_schema_extra=_ja("詳細欄の全文(折り返しを結合)"),
    )
    outlook: str | None = Field(
        None,
        title="今後の展開",
        description="Outlook as printed, normalised",
        json_schema_extra=_ja("今後の展開(印刷どおり、正規化済み)"),
    )
    outlook_category: str | None = Field(
        None,
        title="今後の展開(区分)",
        description="Outlook category derived from the outlook's wording (see x-known-values)",
        json_schema_extra=_ja(
            "今後の展開の区分(文言から判定)", _known(vocabulary.DX_OUTLOOK_CATEGORIES)
        ),
    )
    outlook_fiscal_year: FiscalYear | None = _fiscal_year(
        "開始年度",
        "Start year of an outlook of category 開始 (令和5年度開始 → 2023), else null",
        "区分が開始の今後の展開の開始年度(令和5年度開始 → 2023)。それ以外は空",
    )

    consistency = (
        Consistency(
            ("outlook_fiscal_year",),
            lambda v: v.get("outlook_fiscal_year") is None or v.get("outlook_category") == "開始",
            "a start year belongs to an outlook of category 開始",
        ),
    )


class DxMetric(DocumentRow):
    """dx_metrics — the figures quoted inside a detail cell."""

    dataset_id = "dx_metrics"
    title_ja = "DX施策の数値"
    title_en = "Figures quoted in DX measures"
    description_ja = "詳細欄に書かれた数値1つにつき1行。値・単位・年度・時点"
    primary_key = ("document_id", "row_no", "metric_no")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        (("document_id",), "documents", ("document_id",)),
        (("document_id", "row_no"), "dx_measures", ("document_id", "row_no")),
    )

    row_no: int = _row_no()
    metric_no: int = Field(
        ge=1,
        title="数値番号",
        description="Figure number within the row's detail, 1..",
        json_schema_extra=_ja("行の詳細欄の中での数値の番号(1から)"),
    )
    page: int | None = _page("the row", "行")
    value: float = Field(
        title="値",
        description="The figure as a bare number",
        json_schema_extra=_ja("数値(単位・桁区切りなし)"),
    )
    unit: str | None = Field(
        None,
        title="単位",
        description="Unit printed after the figure (件, ヶ所, %, …)",
        json_schema_extra=_ja("数値の後に印刷された単位(件、ヶ所、% など)"),
    )
    approx: bool = Field(
        False,
        title="概数",
        description="True when the figure is printed as approximate (約)",
        json_schema_extra=_ja("約などの概数として印刷されていれば true"),
    )
    fiscal_year: FiscalYear | None = _fiscal_year(
        "年度", "Fiscal year the figure belongs to", "数値が属する年度"
    )
    as_of: str | None = Field(
        None,
        title="時点",
        pattern=r"^\d{4}-\d{2}(-\d{2})?$",
        description="Date the figure is as of (時点), ISO 8601 text: a date (YYYY-MM-DD), or a"
        " month (YYYY-MM) where only the month is printed",
        json_schema_extra=_ja(
            "数値の時点(ISO 8601: 日付 YYYY-MM-DD、月だけ印刷されていれば YYYY-MM)"
        ),
    )
    label: str | None = Field(
        None,
        title="項目",
        description="The few words the figure counts",
        json_schema_extra=_ja("数値が数えているもの(数語)"),
    )
    text: str | None = Field(
        None,
        title="原文",
        description="The clause the figure came from",
        json_schema_extra=_ja("数値を含む原文の節"),
    )


class ApRecord(DocumentRow):
    """Rows of the action-plan datasets: keyed by edition and initiative."""

    edition_fiscal_year: FiscalYear = Field(
        title="版の年度",
        description="Edition: the fiscal year of the single-year sheet (令和元年度 → 2019)",
        json_schema_extra=_ja("版の年度(単年度シートの年度。令和元年度 → 2019)"),
    )
    initiative_id: str = Field(
        title="取組事業番号",
        description="Initiative number as printed (text, e.g. 51001)",
        json_schema_extra=_ja("取組事業の番号(印刷どおりの文字列、例 51001)"),
    )
    page: int | None = _page("the row", "行")


INITIATIVE_KEY = ("document_id", "edition_fiscal_year", "initiative_id")


def _initiative_fk() -> tuple[ForeignKey, ...]:
    return (
        (("document_id",), "documents", ("document_id",)),
        (INITIATIVE_KEY, "ap_initiatives", INITIATIVE_KEY),
    )


_ISSUE_AT = ("the text concerned", "関係する文字列")
_VALUE_AT = ("the value", "値")


def _coordinate(name: str, edge: str, edge_ja: str, what: str, what_ja: str) -> Any:
    return Field(
        None,
        title=f"{edge_ja}({name})",
        description=f"The {edge} of the box of {what} on the page, in PDF points from the"
        " page's top-left corner (pdfplumber's coordinates, the page as it reads); null for a"
        " text layer or where no box is known",
        json_schema_extra=_ja(
            f"{what_ja}の枠の{edge_ja}。ページ左上からのPDFポイント(pdfplumber の座標、"
            "読む向きのページ)。テキスト層・位置不明は空"
        ),
    )


def _line(which: str, which_ja: str, what: str, what_ja: str) -> Any:
    return Field(
        None,
        ge=1,
        title=f"{which_ja}の行",
        description=f"The {which} 1-based line of the text layer file holding {what};"
        " null for a PDF",
        json_schema_extra=_ja(f"{what_ja}のあるテキスト層ファイルの{which_ja}の行(1から)。PDFは空"),
    )


def _text(title: str, en: str, ja: str, extra: dict[str, Any] | None = None) -> Any:
    return Field(None, title=title, description=en, json_schema_extra=_ja(ja, extra))


def _flag(title: str, en: str, ja: str) -> Any:
    return Field(None, title=title, description=en, json_schema_extra=_ja(ja))


class ApInitiative(ApRecord):
    """ap_initiatives — one row per initiative per edition."""

    dataset_id = "ap_initiatives"
    title_ja = "アクションプラン取組事業"
    title_en = "Action-plan initiatives"
    description_ja = "取組事業1件・版1つにつき1行。推進項目・担当・期間・目標・成果指標"
    primary_key = INITIATIVE_KEY
    vocabularies = {"importance": vocabulary.AP_IMPORTANCE}
    consistency = (
        _in_order("start_fiscal_year", "end_fiscal_year"),
        _in_order("plan_start_fiscal_year", "plan_end_fiscal_year"),
    )

    promotion_item_no: int | None = Field(
        None,
        title="推進項目番号",
        description="Promotion item number (推進項目)",
        json_schema_extra=_ja("推進項目の番号"),
    )
    promotion_item: str | None = _text("推進項目", "Promotion item", "推進項目")
    name: str | None = _text("取組事業名", "Initiative name", "取組事業の名前")
    importance: str | None = _text(
        "重要度", "Importance (A/B/C)", "重要度(A/B/C)", _known(vocabulary.AP_IMPORTANCE)
    )
    department: str | None = _text("担当部署", "Department in charge", "担当部署")
    department_code: str | None = _text(
        "担当部署コード",
        "Department code as printed (text: leading zeros kept)",
        "担当部署のコード(文字列、先頭の0を保つ)",
    )
    manager: str | None = _text("責任者", "Manager (責任者)", "責任者")
    staff: str | None = _text("担当者", "Staff in charge (担当者)", "担当者")
    created: dt.date | None = _text("作成日", "Date the sheet was created", "シートの作成日")
    updated: dt.date | None = _text("更新日", "Date the sheet was updated", "シートの更新日")
    start_fiscal_year: FiscalYear | None = _fiscal_year(
        "取組開始年度", "First fiscal year of the initiative (取組年度)", "取組年度の初年度"
    )
    end_fiscal_year: FiscalYear | None = _fiscal_year(
        "取組終了年度", "Last fiscal year of the initiative (取組年度)", "取組年度の最終年度"
    )
    plan_start_fiscal_year: FiscalYear | None = _fiscal_year(
        "計画開始年度",
        "First fiscal year of the plan (sheet title)",
        "計画期間の初年度(シート表題)",
    )
    plan_end_fiscal_year: FiscalYear | None = _fiscal_year(
        "計画終了年度",
        "Last fiscal year of the plan (sheet title)",
        "計画期間の最終年度(シート表題)",
    )
    effect_revenue: bool | None = _flag(
        "効果:歳入増加", "Effect box 歳入増加 (revenue increase) ticked", "効果「歳入増加」に印"
    )
    effect_expenditure: bool | None = _flag(
        "効果:歳出削減",
        "Effect box 歳出削減 (expenditure cut) ticked",
        "効果「歳出削減」に印",
    )
    effect_other: bool | None = _flag(
        "効果:その他改善",
        "Effect box その他改善 (other improvement) ticked",
        "効果「その他改善」に印",
    )
    final_goal: str | None = _text("最終目標", "Final goal", "最終目標")
    indicator_name: str | None = _text("成果指標名", "Outcome indicator name", "成果指標の名前")
    indicator_unit: str | None = _text("成果指標の単位", "Outcome indicator unit", "成果指標の単位")
    page_overall: int | None = Field(
        None,
        ge=1,
        title="全体計画のページ",
        description="Page of the overall-plan sheet (全体計画)",
        json_schema_extra=_ja("全体計画シートのページ"),
    )
    page_annual: int | None = Field(
        None,
        ge=1,
        title="単年度計画のページ",
        description="Page of the single-year sheet",
        json_schema_extra=_ja("単年度シートのページ"),
    )


class ApYearPlan(ApRecord):
    """ap_year_plans — one row per initiative per fiscal year shown."""

    dataset_id = "ap_year_plans"
    title_ja = "アクションプラン年度別計画"
    title_en = "Action-plan plans by fiscal year"
    description_ja = "取組事業の年度ごとに1行。取組内容・目標・区分・その他効果"
    primary_key = (*INITIATIVE_KEY, "fiscal_year")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = _initiative_fk()
    vocabularies = {"status": vocabulary.AP_YEAR_STATUSES}

    fiscal_year: FiscalYear = Field(
        title="年度",
        description="Fiscal year of the plan row",
        json_schema_extra=_ja("計画の年度"),
    )
    plan: str | None = _text(
        "取組内容・目標", "Plan and goal of that year", "その年度の取組内容・目標"
    )
    status: str | None = _text(
        "区分",
        "Status of that year (open vocabulary: see x-known-values)",
        "その年度の区分(既知の語以外も残す)",
        _known(vocabulary.AP_YEAR_STATUSES),
    )
    other_effects: str | None = _text(
        "見込まれるその他効果(金額以外)",
        "Expected effects other than money, that year",
        "その年度に見込まれるその他効果(金額以外)",
    )


Period = Literal["baseline", "year", "final"]
Series = Literal["initial_plan", "revised_plan", "actual"]


class _PeriodRow(ApRecord):
    """A cell of a year grid: baseline has its year, final has none."""

    consistency = (
        Consistency(
            ("period", "fiscal_year"),
            lambda v: (v.get("period") == "final") == (v.get("fiscal_year") is None),
            "a final value has no fiscal_year; baseline and year values have one",
        ),
    )

    period: Period = Field(
        title="期間",
        description="Grid column: baseline (基準, the base year's budget), year (one fiscal"
        " year), final (最終値)",
        json_schema_extra=_ja("表の列: baseline(基準年度)、year(各年度)、final(最終値)"),
    )
    fiscal_year: FiscalYear | None = _fiscal_year(
        "年度",
        "Year of a baseline or year column; null for final",
        "基準・各年度の列の年度。最終値は空",
    )
    period_key: str = Field(
        "",
        title="期間キー",
        pattern=r"^(baseline-\d{4}|year-\d{4}|final)$",
        description="The column as one key part, never null: baseline-2015, year-2016, final"
        " (derived from period and fiscal_year)",
        json_schema_extra=_ja(
            "列を表すキー(空にならない): baseline-2015、year-2016、final(期間と年度から)"
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_period_key(cls, data: Any) -> Any:
        # Derived, never taken as given: it cannot disagree with its columns.
        if isinstance(data, dict):
            data = {**data, "period_key": period_key(data.get("period"), data.get("fiscal_year"))}
        return data


def _series(en: str, ja: str) -> Any:
    return Field(title="系列", description=en, json_schema_extra=_ja(ja))


class ApIndicatorValue(_PeriodRow):
    """ap_indicator_values — the 成果指標 grid, long form."""

    dataset_id = "ap_indicator_values"
    title_ja = "アクションプラン成果指標"
    title_en = "Action-plan outcome indicator values"
    description_ja = "成果指標の表の印刷されたセル1つにつき1行(縦持ち)"
    primary_key = (*INITIATIVE_KEY, "period_key", "series")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = _initiative_fk()

    series: Series = _series(
        "initial_plan 当初計画値, revised_plan 変更計画値, actual 実績値",
        "initial_plan 当初計画値、revised_plan 変更計画値、actual 実績値",
    )
    value: float = Field(
        title="値",
        description="The printed value",
        json_schema_extra=_ja("印刷された値"),
    )
    unit: str | None = _text("単位", "Unit of the indicator", "成果指標の単位")


class ApFiscalEffect(_PeriodRow):
    """ap_fiscal_effects — the 効果額 grid, long form. Printed totals (category total,
    period final) sit beside their parts: sum only rows with is_total false."""

    dataset_id = "ap_fiscal_effects"
    title_ja = "アクションプラン効果額"
    title_en = "Action-plan fiscal effects"
    description_ja = (
        "効果額の表の印刷されたセル1つにつき1行(縦持ち)。計・最終値の行は内訳と並ぶので、"
        "合計するときは合計欄(is_total)が false の行だけを足す"
    )
    primary_key = (*INITIATIVE_KEY, "period_key", "category", "series")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = _initiative_fk()

    category: Literal["revenue", "expenditure", "total"] = Field(
        title="区分",
        description="revenue 歳入増加, expenditure 歳出削減, total 計 (the printed sum of the two)",
        json_schema_extra=_ja(
            "revenue 歳入増加、expenditure 歳出削減、total 計(両者の印刷された合計)"
        ),
    )
    series: Series = _series(
        "initial_plan 当初計画額, revised_plan 変更計画額, actual 実績額",
        "initial_plan 当初計画額、revised_plan 変更計画額、actual 実績額",
    )
    amount: float = Field(
        title="金額",
        description="The amount as printed, in amount_unit",
        json_schema_extra=_ja("印刷された金額(単位は金額の単位の列)"),
    )
    amount_unit: Literal["円", "千円"] | None = Field(
        None,
        title="金額の単位",
        description="Unit of amount as the sheet states it (its 単位 note or the cells):"
        " 円 or 千円; null: the sheet does not say, the unit is unknown",
        json_schema_extra=_ja(
            "シートが示す金額の単位(単位の注記またはセル): 円 か 千円。空はシートに記載がなく不明"
        ),
    )
    is_total: bool = Field(
        False,
        title="合計欄",
        description="True for a printed total: category total (計) or period final (最終値 ="
        " sum of the years). A sum of amount over rows where is_total is true counts twice",
        json_schema_extra=_ja(
            "印刷された合計なら true: 区分が計、または期間が最終値(各年度の合計)。"
            "金額を合計するときは false の行だけを足す"
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_is_total(cls, data: Any) -> Any:
        if isinstance(data, dict):
            total = data.get("category") == "total" or data.get("period") == "final"
            data = {**data, "is_total": total}
        return data


class ApTask(ApRecord):
    """ap_tasks — 取組項目 of the single-year sheet."""

    dataset_id = "ap_tasks"
    title_ja = "アクションプラン取組項目"
    title_en = "Action-plan tasks of the year"
    description_ja = "単年度シートの取組項目1つにつき1行。四半期ごとの実施予定"
    primary_key = (*INITIATIVE_KEY, "task_no")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = _initiative_fk()

    task_no: int = Field(
        ge=1,
        le=99,
        title="項目番号",
        description="Task number as printed",
        json_schema_extra=_ja("取組項目の番号"),
    )
    task: str = Field(title="取組項目", description="Task", json_schema_extra=_ja("取組項目"))
    q1: bool | None = _flag("4~6月", "Planned in April–June (○)", "4~6月に実施(○)")
    q2: bool | None = _flag("7~9月", "Planned in July–September (○)", "7~9月に実施(○)")
    q3: bool | None = _flag("10~12月", "Planned in October–December (○)", "10~12月に実施(○)")
    q4: bool | None = _flag("1~3月", "Planned in January–March (○)", "1~3月に実施(○)")


class ApReview(ApRecord):
    """ap_reviews — the evaluation on the single-year sheet."""

    dataset_id = "ap_reviews"
    title_ja = "アクションプラン評価"
    title_en = "Action-plan evaluations"
    description_ja = "単年度シートの評価。取組事業1件につき1行"
    primary_key = INITIATIVE_KEY
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = _initiative_fk()
    vocabularies = {
        "status": vocabulary.AP_YEAR_STATUSES,
        "midyear_progress": vocabulary.AP_PROGRESS,
        "outcome": vocabulary.AP_OUTCOMES,
        "rating": vocabulary.AP_RATINGS,
        "direction": vocabulary.AP_DIRECTIONS,
    }

    status: str | None = _text("区分", "Status (区分)", "区分", _known(vocabulary.AP_YEAR_STATUSES))
    midyear_progress: str | None = _text(
        "上半期進捗", "Mid-year progress", "上半期の進捗", _known(vocabulary.AP_PROGRESS)
    )
    midyear_comment: str | None = _text("上半期コメント", "Mid-year comment", "上半期のコメント")
    activity: str | None = _text(
        "進捗状況【活動】", "Activity progress at year end", "年度末の進捗状況【活動】"
    )
    outcome: str | None = _text(
        "達成状況【成果】",
        "Outcome at year end",
        "年度末の達成状況【成果】",
        _known(vocabulary.AP_OUTCOMES),
    )
    yearend_comment: str | None = _text(
        "進捗・実績コメント", "Year-end progress comment", "進捗・実績のコメント"
    )
    indicator_plan: float | None = _text(
        "成果指標計画値", "Planned indicator value of the year", "その年度の成果指標の計画値"
    )
    indicator_actual: float | None = _text(
        "成果指標実績値", "Actual indicator value of the year", "その年度の成果指標の実績値"
    )
    rating: str | None = _text(
        "総合評価", "Overall rating (A/B/C)", "総合評価(A/B/C)", _known(vocabulary.AP_RATINGS)
    )
    direction: str | None = _text(
        "方向性", "Direction from now on", "今後の方向性", _known(vocabulary.AP_DIRECTIONS)
    )
    evaluator: str | None = _text("評価者", "Evaluator", "評価者")
    evaluation_comment: str | None = _text(
        "評価コメント", "Evaluator's comment", "評価者のコメント"
    )
    instructions: str | None = _text("指示事項", "Instructions given", "指示事項")
    change_plan_content: bool | None = _flag(
        "計画変更:取組内容",
        "Plan content changes from next year (有 → true, 無 → false)",
        "次年度以後の取組内容の変更(有 → true、無 → false)",
    )
    change_plan_values: bool | None = _flag(
        "計画変更:計画値",
        "Planned values change from next year (有 → true, 無 → false)",
        "次年度以後の計画値の変更(有 → true、無 → false)",
    )


class ExtractionIssue(DocumentRow):
    """extraction_issues — everything not published as fact, and why."""

    dataset_id = "extraction_issues"
    title_ja = "抽出時の問題"
    title_en = "Extraction issues"
    description_ja = "事実として公開しなかったものとその理由。1件につき1行"
    primary_key = ("document_id", "issue_no")

    issue_no: int = Field(
        ge=1,
        title="問題番号",
        description="Issue number within the document, 1..",
        json_schema_extra=_ja("文書の中での問題の番号(1から)"),
    )
    page: int | None = _page("the problem", "問題の箇所")
    dataset: str | None = _text(
        "データセット", "Dataset of the row concerned", "問題の行のデータセット"
    )
    key: str | None = _text(
        "行のキー",
        "The row's primary key without document_id, parts joined by / (e.g. 2019/51001/4);"
        " null for an issue of the whole document",
        "行の主キー(文書IDを除く)を / でつないだもの(例 2019/51001/4)。文書全体の問題は空",
    )
    field: str | None = _text("項目", "Column concerned", "問題の列")
    severity: Literal["error", "warning"] = Field(
        title="重大度",
        description="error: something was lost or is wrong (document partial);"
        " warning: published, but look",
        json_schema_extra=_ja("error: 値を失った・誤り(文書は partial)、warning: 公開したが要確認"),
    )
    code: str = Field(
        title="コード",
        description="Short stable id of the kind of issue",
        json_schema_extra=_ja("問題の種類を表す短い固定の識別子"),
    )
    message: str = Field(
        title="内容", description="What happened", json_schema_extra=_ja("内容(英語)")
    )
    raw: str | None = _text("原文", "The source text involved", "関係する元の文字列")
    x0: float | None = _coordinate("x0", "left edge", "左端", *_ISSUE_AT)
    top: float | None = _coordinate("top", "top edge", "上端", *_ISSUE_AT)
    x1: float | None = _coordinate("x1", "right edge", "右端", *_ISSUE_AT)
    bottom: float | None = _coordinate("bottom", "bottom edge", "下端", *_ISSUE_AT)
    line_first: int | None = _line("first", "最初", *_ISSUE_AT)
    line_last: int | None = _line("last", "最後", *_ISSUE_AT)


class Provenance(DocumentRow):
    """provenance — where each published value was printed."""

    dataset_id = "provenance"
    title_ja = "値の出典位置"
    title_en = "Provenance"
    description_ja = (
        "公開した値ごとに、それが印字されていた元文書の位置(PDFはページ上の枠、テキスト層は行番号)"
    )
    primary_key = ("document_id", "dataset", "key", "field", "part")

    dataset: str = Field(
        title="データセット",
        description="Dataset of the value",
        json_schema_extra=_ja("値のデータセット"),
    )
    key: str = Field(
        title="行のキー",
        description="The row's primary key without document_id, parts joined by /"
        " (as extraction_issues.key)",
        json_schema_extra=_ja("行の主キー(文書IDを除く)を / でつないだもの(抽出時の問題と同じ)"),
    )
    field: str = Field(
        title="項目", description="Column of the value", json_schema_extra=_ja("値の列")
    )
    part: int = Field(
        ge=1,
        title="部分",
        description="1.. : a value read from several places (a detail split by a page) has"
        " one row per place, in reading order",
        json_schema_extra=_ja(
            "値が複数の箇所から読まれたとき(ページで分かれた詳細など)の箇所の番号"
        ),
    )
    page: int | None = _page("the value", "値")
    x0: float | None = _coordinate("x0", "left edge", "左端", *_VALUE_AT)
    top: float | None = _coordinate("top", "top edge", "上端", *_VALUE_AT)
    x1: float | None = _coordinate("x1", "right edge", "右端", *_VALUE_AT)
    bottom: float | None = _coordinate("bottom", "bottom edge", "下端", *_VALUE_AT)
    line_first: int | None = _line("first", "最初", *_VALUE_AT)
    line_last: int | None = _line("last", "最後", *_VALUE_AT)


DATASETS: tuple[type[Record], ...] = (
    Document,
    DxReport,
    DxMeasure,
    DxMetric,
    ApInitiative,
    ApYearPlan,
    ApIndicatorValue,
    ApFiscalEffect,
    ApTask,
    ApReview,
    ExtractionIssue,
    Provenance,
)
BY_NAME: dict[str, type[Record]] = {model.dataset_id: model for model in DATASETS}


def _base_type(annotation: Any) -> type:
    """`int | None` → int, `Literal['a']` → str."""
    if typing.get_origin(annotation) is Literal:
        return str
    if typing.get_origin(annotation) is typing.Annotated:
        return _base_type(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base_type(args[0])
    if isinstance(annotation, type):
        return annotation
    raise TypeError(f"unsupported annotation {annotation!r}")


_COLUMN_TYPES: dict[type[Record], dict[str, type]] = {}


def column_types(model: type[Record]) -> dict[str, type]:
    """Each field's value type (str, int, float, bool, date), in field order:
    the writer's column types and the text fields a formula check reads."""
    found = _COLUMN_TYPES.get(model)
    if found is None:
        found = {name: _base_type(f.annotation) for name, f in model.model_fields.items()}
        _COLUMN_TYPES[model] = found
    return found
