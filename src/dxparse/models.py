"""The output contract as pydantic models: the single source of the schema.

JSON Schema (`schemas/`), the data package and the writer's column order and
types are all generated from these classes. Field `title` is the Japanese
column title; `description` says where the value comes from.
"""

from __future__ import annotations

import datetime as dt
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


class Record(BaseModel):
    """Columns every dataset starts with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dataset_id: ClassVar[str]
    title_ja: ClassVar[str]
    primary_key: ClassVar[tuple[str, ...]]
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = ()
    # Fields whose values come from an open vocabulary: name → known labels.
    vocabularies: ClassVar[dict[str, tuple[str, ...]]] = {}
    consistency: ClassVar[tuple[Consistency, ...]] = ()

    municipality_code: str | None = Field(
        None,
        title="全国地方公共団体コード",
        pattern=r"^\d{6}$",
        description="6 digits with check digit; from --municipality-code or the shipped code table",
    )
    municipality: str | None = Field(
        None, title="地方公共団体名", description="from --municipality or the document's publisher"
    )
    document_id: Sha256 = Field(title="文書ID", description="sha256 of the source file, hex")

    @model_validator(mode="after")
    def _consistent(self) -> Record:
        values = dict(self)
        for check in self.consistency:
            if not check.holds(values):
                raise ValueError(f"{', '.join(check.fields)}: {check.rule}")
        return self


class Document(Record):
    """documents — one row per input file."""

    dataset_id = "documents"
    title_ja = "文書"
    primary_key = ("document_id",)

    source_file: str = Field(title="ファイル名")
    media_type: Literal["application/pdf", "text/plain"] = Field(title="メディアタイプ")
    kind: Literal["dx_progress_report", "action_plan", "unknown"] = Field(title="文書種別")
    pages: int | None = Field(None, ge=0, title="ページ数")
    status: Literal["ok", "partial", "failed"] = Field(title="処理状況")
    error: str | None = Field(None, title="エラー")


class DocumentRow(Record):
    """Rows of the content datasets: tied to a document."""

    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        (("document_id",), "documents", ("document_id",)),
    )


class DxReport(DocumentRow):
    """dx_reports — one row per DX progress report."""

    dataset_id = "dx_reports"
    title_ja = "DX進捗報告"
    primary_key = ("document_id",)

    title: str | None = Field(None, title="表題")
    fiscal_year: FiscalYear | None = Field(None, title="対象年度")
    publisher: str | None = Field(None, title="発行者")
    issued: str | None = Field(None, title="発行年月", pattern=r"^\d{4}-\d{2}(-\d{2})?$")


class DxMeasure(DocumentRow):
    """dx_measures — one row per table row of a progress table."""

    dataset_id = "dx_measures"
    title_ja = "DX施策の進捗"
    primary_key = ("document_id", "row_no")
    vocabularies = {
        "status": vocabulary.DX_STATUSES,
        "outlook_category": vocabulary.DX_OUTLOOK_CATEGORIES,
    }

    row_no: int = Field(ge=1, title="行番号")
    page: int | None = Field(None, ge=1, title="ページ")
    pillar: str | None = Field(None, title="柱")
    theme: str | None = Field(None, title="テーマ")
    measure: str | None = Field(None, title="施策")
    item_group: str | None = Field(None, title="施策の区分")
    item: str | None = Field(None, title="施策の内容")
    status: str | None = Field(
        None, title="進捗状況", json_schema_extra=_known(vocabulary.DX_STATUSES)
    )
    detail: str | None = Field(None, title="詳細")
    outlook: str | None = Field(None, title="今後の展開")
    outlook_category: str | None = Field(
        None, title="今後の展開(区分)", json_schema_extra=_known(vocabulary.DX_OUTLOOK_CATEGORIES)
    )
    outlook_fiscal_year: FiscalYear | None = Field(None, title="開始年度")

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
    primary_key = ("document_id", "row_no", "metric_no")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        (("document_id",), "documents", ("document_id",)),
        (("document_id", "row_no"), "dx_measures", ("document_id", "row_no")),
    )

    row_no: int = Field(ge=1, title="行番号")
    metric_no: int = Field(ge=1, title="数値番号")
    value: float = Field(title="値")
    unit: str | None = Field(None, title="単位")
    approx: bool = Field(False, title="概数")
    fiscal_year: FiscalYear | None = Field(None, title="年度")
    as_of: dt.date | None = Field(None, title="時点")
    label: str | None = Field(None, title="項目")
    text: str | None = Field(None, title="原文")


class ApRecord(DocumentRow):
    """Rows of the action-plan datasets: keyed by edition and initiative."""

    edition_fiscal_year: FiscalYear = Field(title="版の年度")
    initiative_id: str = Field(title="取組事業番号")
    page: int | None = Field(None, ge=1, title="ページ")


INITIATIVE_KEY = ("document_id", "edition_fiscal_year", "initiative_id")


def _initiative_fk() -> tuple[ForeignKey, ...]:
    return (
        (("document_id",), "documents", ("document_id",)),
        (INITIATIVE_KEY, "ap_initiatives", INITIATIVE_KEY),
    )


class ApInitiative(ApRecord):
    """ap_initiatives — one row per initiative per edition."""

    dataset_id = "ap_initiatives"
    title_ja = "アクションプラン取組事業"
    primary_key = INITIATIVE_KEY
    vocabularies = {"importance": vocabulary.AP_IMPORTANCE}
    consistency = (
        _in_order("start_fiscal_year", "end_fiscal_year"),
        _in_order("plan_start_fiscal_year", "plan_end_fiscal_year"),
    )

    promotion_item_no: int | None = Field(None, title="推進項目番号")
    promotion_item: str | None = Field(None, title="推進項目")
    name: str | None = Field(None, title="取組事業名")
    importance: str | None = Field(
        None, title="重要度", json_schema_extra=_known(vocabulary.AP_IMPORTANCE)
    )
    department: str | None = Field(None, title="担当部署")
    department_code: str | None = Field(None, title="担当部署コード")
    manager: str | None = Field(None, title="責任者")
    staff: str | None = Field(None, title="担当者")
    created: dt.date | None = Field(None, title="作成日")
    updated: dt.date | None = Field(None, title="更新日")
    start_fiscal_year: FiscalYear | None = Field(None, title="取組開始年度")
    end_fiscal_year: FiscalYear | None = Field(None, title="取組終了年度")
    plan_start_fiscal_year: FiscalYear | None = Field(None, title="計画開始年度")
    plan_end_fiscal_year: FiscalYear | None = Field(None, title="計画終了年度")
    effect_revenue: bool | None = Field(None, title="効果:歳入増加")
    effect_expenditure: bool | None = Field(None, title="効果:歳出削減")
    effect_other: bool | None = Field(None, title="効果:その他改善")
    final_goal: str | None = Field(None, title="最終目標")
    indicator_name: str | None = Field(None, title="成果指標名")
    indicator_unit: str | None = Field(None, title="成果指標の単位")
    page_overall: int | None = Field(None, ge=1, title="全体計画のページ")
    page_annual: int | None = Field(None, ge=1, title="単年度計画のページ")


class ApYearPlan(ApRecord):
    """ap_year_plans — one row per initiative per fiscal year shown."""

    dataset_id = "ap_year_plans"
    title_ja = "アクションプラン年度別計画"
    primary_key = (*INITIATIVE_KEY, "fiscal_year")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = _initiative_fk()
    vocabularies = {"status": vocabulary.AP_YEAR_STATUSES}

    fiscal_year: FiscalYear = Field(title="年度")
    plan: str | None = Field(None, title="取組内容・目標")
    status: str | None = Field(
        None, title="区分", json_schema_extra=_known(vocabulary.AP_YEAR_STATUSES)
    )
    other_effects: str | None = Field(None, title="見込まれるその他効果(金額以外)")


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

    period: Period = Field(title="期間")
    fiscal_year: FiscalYear | None = Field(None, title="年度")


class ApIndicatorValue(_PeriodRow):
    """ap_indicator_values — the 成果指標 grid, long form."""

    dataset_id = "ap_indicator_values"
    title_ja = "アクションプラン成果指標"
    primary_key = (*INITIATIVE_KEY, "period", "fiscal_year", "series")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = _initiative_fk()

    series: Series = Field(title="系列")
    value: float = Field(title="値")
    unit: str | None = Field(None, title="単位")


class ApFiscalEffect(_PeriodRow):
    """ap_fiscal_effects — the 効果額 grid, long form."""

    dataset_id = "ap_fiscal_effects"
    title_ja = "アクションプラン効果額"
    primary_key = (*INITIATIVE_KEY, "period", "fiscal_year", "category", "series")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = _initiative_fk()

    category: Literal["revenue", "expenditure", "total"] = Field(title="区分")
    series: Series = Field(title="系列")
    amount: float = Field(title="金額")


class ApTask(ApRecord):
    """ap_tasks — 取組項目 of the single-year sheet."""

    dataset_id = "ap_tasks"
    title_ja = "アクションプラン取組項目"
    primary_key = (*INITIATIVE_KEY, "task_no")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = _initiative_fk()

    task_no: int = Field(ge=1, le=99, title="項目番号")
    task: str = Field(title="取組項目")
    q1: bool | None = Field(None, title="4~6月")
    q2: bool | None = Field(None, title="7~9月")
    q3: bool | None = Field(None, title="10~12月")
    q4: bool | None = Field(None, title="1~3月")


class ApReview(ApRecord):
    """ap_reviews — the evaluation on the single-year sheet."""

    dataset_id = "ap_reviews"
    title_ja = "アクションプラン評価"
    primary_key = INITIATIVE_KEY
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = _initiative_fk()
    vocabularies = {
        "status": vocabulary.AP_YEAR_STATUSES,
        "midyear_progress": vocabulary.AP_PROGRESS,
        "outcome": vocabulary.AP_OUTCOMES,
        "rating": vocabulary.AP_RATINGS,
        "direction": vocabulary.AP_DIRECTIONS,
    }

    status: str | None = Field(
        None, title="区分", json_schema_extra=_known(vocabulary.AP_YEAR_STATUSES)
    )
    midyear_progress: str | None = Field(
        None, title="上半期進捗", json_schema_extra=_known(vocabulary.AP_PROGRESS)
    )
    midyear_comment: str | None = Field(None, title="上半期コメント")
    activity: str | None = Field(None, title="進捗状況【活動】")
    outcome: str | None = Field(
        None, title="達成状況【成果】", json_schema_extra=_known(vocabulary.AP_OUTCOMES)
    )
    yearend_comment: str | None = Field(None, title="進捗・実績コメント")
    indicator_plan: float | None = Field(None, title="成果指標計画値")
    indicator_actual: float | None = Field(None, title="成果指標実績値")
    rating: str | None = Field(
        None, title="総合評価", json_schema_extra=_known(vocabulary.AP_RATINGS)
    )
    direction: str | None = Field(
        None, title="方向性", json_schema_extra=_known(vocabulary.AP_DIRECTIONS)
    )
    evaluator: str | None = Field(None, title="評価者")
    evaluation_comment: str | None = Field(None, title="評価コメント")
    instructions: str | None = Field(None, title="指示事項")
    change_plan_content: bool | None = Field(None, title="計画変更:取組内容")
    change_plan_values: bool | None = Field(None, title="計画変更:計画値")


class ExtractionIssue(DocumentRow):
    """extraction_issues — everything not published as fact, and why."""

    dataset_id = "extraction_issues"
    title_ja = "抽出時の問題"
    primary_key = ("document_id", "issue_no")

    issue_no: int = Field(ge=1, title="問題番号")
    page: int | None = Field(None, ge=1, title="ページ")
    dataset: str | None = Field(None, title="データセット")
    key: str | None = Field(None, title="行のキー")
    field: str | None = Field(None, title="項目")
    severity: Literal["error", "warning"] = Field(title="重大度")
    code: str = Field(title="コード")
    message: str = Field(title="内容")
    raw: str | None = Field(None, title="原文")


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
)
BY_NAME: dict[str, type[Record]] = {model.dataset_id: model for model in DATASETS}
