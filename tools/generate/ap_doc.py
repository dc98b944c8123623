"""Random action-plan workbooks: the data of each initiative, the sheet's
style, and the expected records, all drawn from one `random.Random(seed)`.

The sheets are the action-plan variant builder's (tools/variants/ap/build.py:
two sheets per initiative, 全体計画 and 単年度); what is drawn here are the
keyword arguments of its `Initiative`, `Review` and `Style`, so `render_ap.py`
prints them with that builder and `expected()` below turns the same data into
the rows (checked against the builder's own `expected` when the corpus is
made). No openpyxl here, so the tests can re-make the JSON.

Drawn per document: the plan period and the edition year, 1-2 initiatives,
font (IPAex Gothic/Mincho, Noto Sans/Serif CJK) and size, portrait or
landscape, column widths and row heights, stacked or rotated labels, label
wording from the parser's vocabulary, 令和 digits full-width or not, short or
long dates, △ or ▲, 千円 notes, ticks, 有/無 words, the city in the title;
blank plan years, sparse indicator and 効果額 grids, mid-year sheets with no
evaluation, half-width katakana.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from tools.generate.dx_doc import CITIES_INVENTED, FONTS, _codes
from tools.generate.text import han_kana, label, norm_cell
from tools.generate.vocab import ap_label_known, ap_quarter_known

SERIES = ("initial_plan", "revised_plan", "actual")
CATEGORIES = ("revenue", "expenditure", "total")
YEAR_STATUSES = ("計画どおり", "計画どおり", "進んでいる", "遅れている", "実施", "完了", "未実施")
PROGRESS = ("計画どおり", "進んでいる", "遅れている")
OUTCOMES = ("達成", "達　成", "一部達成", "未達成")
ACTIVITIES = ("計画どおり", "進んでいる", "遅れている", "完了\n（事業終了）")
DIRECTIONS = ("継続実施", "取組み強化", "見直し", "完了\n（目的達成）", "休止", "廃止")
RATINGS = ("Ａ", "Ｂ", "Ｃ", "A", "B")

# Printed label (as the builder prints it) → the label name in the parser's
# vocabulary and the wordings other cities print; only wordings the
# vocabulary knows are drawn.
LABEL_WORDINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "重要度": ("importance", ("優先度",)),
    "番号・取組事業名": ("number_name", ("取組番号・取組名", "事業番号・事業名", "番号・事業名")),
    "作成日": ("created", ("作成年月日",)),
    "更新日": ("updated", ("更新年月日",)),
    "担当部署": ("department", ("担当部局", "担当課", "所管部署", "所管課")),
    "責任者": ("manager", ("責任者名",)),
    "担当者": ("staff", ("担当者名",)),
    "取組年度": ("period", ("取組期間",)),
    "取組項目": ("tasks", ("実施項目", "取組事項")),
    "年度末": ("yearend", ("年度末評価",)),
    "評価者": ("evaluator", ("評価者名",)),
    "方向性": ("direction", ("今後の方向性",)),
}
QUARTER_WORDINGS = (
    ("4～6月", "第1四半期"),
    ("7～9月", "第2四半期"),
    ("10～12月", "第3四半期"),
    ("1～3月", "第4四半期"),
)

ITEM_NAMES = (
    "ＩＣＴを活用した業務の効率化",
    "行政サービスの電子化の推進",
    "窓口サービスの向上",
    "公共施設の適正配置",
    "債権管理の適正化",
    "受益者負担の適正化",
    "職員の働き方改革",
    "民間活力の活用",
    "ペーパーレス化の推進",
    "市税収納率の向上",
)
NAMES = (
    "定型業務へのＲＰＡの導入",
    "電子決裁システムの導入",
    "コンビニ交付の拡充",
    "窓口キャッシュレス決済の導入",
    "公共施設予約システムの更新",
    "電子申請の拡大",
    "会議録作成支援システムの導入",
    "ＡＩ－ＯＣＲによる入力業務の効率化",
    "テレワーク環境の整備",
    "ｽﾏｰﾄﾌｫﾝ決済による納付",
    "タブレット会議の導入",
    "公用車の集約",
)
DEPARTMENTS = (
    "総務部　情報政策課",
    "総務部　文書課",
    "市民生活部　市民課",
    "財政部　納税課",
    "企画部　行政改革推進課",
    "福祉部　障害福祉課",
    "こども部　保育課",
    "都市部　公園緑地課",
)
PEOPLE = (
    "佐々木　健太",
    "山口　里美",
    "小川　直樹",
    "中村　達也",
    "藤本　裕司",
    "伊藤　朝子",
    "高橋　誠",
    "渡辺　美香",
    "田中　一郎",
    "鈴木　花子",
)
PLANS = (
    "庁内の対象業務を調査し，導入候補を選定する。",
    "試行運用を行い，効果を検証する。",
    "対象業務を拡大し，本格運用を開始する。",
    "利用状況を分析し，運用を見直す。",
    "先進市の事例調査を行う。",
    "仕様書を作成し，事業者を選定する。",
    "システムを改修し，全庁で運用する。",
    "市民への周知を強化する。",
)
EFFECTS = ("入力誤りの防止", "待ち時間の短縮", "来庁者の利便性向上", "事務の効率化", None)
TASKS = (
    "対象業務の追加選定",
    "シナリオの作成・テスト",
    "本格運用の開始",
    "効果測定と職員向け説明会",
    "紙決裁が残る業務の洗い出し",
    "例規・規程の改正",
    "職員研修の実施",
    "利用者アンケートの実施",
    "ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ取得者への利用案内",
    "事業者との協議",
    "予算要求",
    "広報紙での周知",
)
COMMENTS = (
    "計画どおり進んでいる。",
    "対象業務を拡大し，本格運用を開始した。",
    "新型コロナウイルス感染症対応のため，一部に遅れが生じている。",
    "計画値を上回る効果が得られた。",
    "利用者の声を踏まえて手順を見直した。",
    "他部署への横展開を進めること。",
    "引き続き効果の検証を行うこと。",
)
INDICATORS = (
    ("電子決裁率", "％"),
    ("ＲＰＡによる削減時間（年間）", "時間"),
    ("コンビニ交付の利用率", "%"),
    ("電子申請件数", "件"),
    ("削減枚数", "枚"),
)
PERIODS = (
    (2016, 2017, 2018, 2019, 2020),
    (2019, 2020, 2021, 2022, 2023),
    (2021, 2022, 2023, 2024, 2025),
    (2022, 2023, 2024, 2025, 2026),
    (2023, 2024, 2025),
)
BASE_OVERALL = (7.3, 6.2, 11.9, 15.2, 11.3, 11.3, 11.3, 11.3, 11.3, 11.3, 4.8)
BASE_ANNUAL = (7.8, 3.6, 10.9, 10.9, 14, 14, 14, 11.9, 7.8, 7.8, 7.8, 7.8)


@dataclass(frozen=True)
class ApDoc:
    name: str
    seed: int
    edition_fy: int
    plan_years: tuple[int, ...]
    municipality: str | None
    style: dict[str, Any]  # keyword arguments of the builder's Style
    initiatives: tuple[dict[str, Any], ...]  # of its Initiative ("review": of Review)


def tidy(value: int | float) -> int | float:
    return round(value, 6) if isinstance(value, float) else value


def effects_formula(
    revenue: dict[str, dict[Any, int | float]],
    expenditure: dict[str, dict[Any, int | float]],
    plan_years: tuple[int, ...],
) -> dict[str, dict[str, dict[Any, int | float]]]:
    """The 効果額 grid as a workbook's formulas print it (計 = 歳入 + 歳出,
    最終値 = the sum of the years), as the variant builder's effects_formula."""
    grid: dict[str, dict[str, dict[Any, int | float]]] = {c: {} for c in CATEGORIES}
    for cat, src in (("revenue", revenue), ("expenditure", expenditure)):
        for s in SERIES:
            row = dict(src.get(s, {}))
            row["final"] = tidy(sum(v for k, v in row.items() if isinstance(k, int)))
            grid[cat][s] = row
    for s in SERIES:
        rev, exp = grid["revenue"][s], grid["expenditure"][s]
        tot: dict[Any, int | float] = {}
        if "baseline" in rev or "baseline" in exp:
            tot["baseline"] = tidy(rev.get("baseline", 0) + exp.get("baseline", 0))
        for y in plan_years:
            tot[y] = tidy(rev.get(y, 0) + exp.get(y, 0))
        tot["final"] = tidy(sum(v for k, v in tot.items() if isinstance(k, int)))
        grid["total"][s] = tot
    return grid


def _labels(rng: random.Random) -> dict[str, str]:
    out: dict[str, str] = {}
    for printed, (name, wordings) in LABEL_WORDINGS.items():
        known = [w for w in wordings if ap_label_known(name, w)]
        if known and rng.random() < 0.35:
            out[printed] = rng.choice(known)
    if rng.random() < 0.3:
        for i, (printed, other) in enumerate(QUARTER_WORDINGS):
            if ap_quarter_known(i, other):
                out[printed] = other
    return out


def _style(rng: random.Random, city: str | None, years: tuple[int, ...]) -> dict[str, Any]:
    landscape = rng.random() < 0.7
    extra: dict[str, Any] = {}
    if len(years) == 3:
        # A 3-year plan prints its years over merged columns of the 5-year grid.
        extra["year_spans"] = ("E", "F:G", "H:I")
    if 2019 in years and rng.random() < 0.4:
        extra["year_labels"] = {2019: "H31/R1"}
    return {
        **extra,
        "font": rng.choice(FONTS),
        "size": rng.choice((7, 8, 9, 9, 10)),
        "title_size": rng.choice((10, 12, 14)),
        "landscape": landscape,
        "widths_overall": tuple(round(w * rng.uniform(0.8, 1.25), 1) for w in BASE_OVERALL),
        "widths_annual": tuple(round(w * rng.uniform(0.8, 1.25), 1) for w in BASE_ANNUAL),
        "row_scale": round(rng.uniform(1.0, 1.35), 2),
        "vertical_rotate": rng.random() < 0.3,
        "reiwa_fw": rng.random() < 0.6,
        "date_style": rng.choice(("short", "long")),
        "span_style": rng.choice(("short", "long")),
        "neg": rng.choice(("△", "▲")),
        "unit_note": "（単位：千円）" if rng.random() < 0.3 else None,
        "labels": _labels(rng),
        "title_prefix": city or "",
        "tick": rng.choice(("○", "○", "●", "✓")),
        "yes_no": rng.choice((("有", "無"), ("有り", "無し"))),
    }


def _text(rng: random.Random, pool: tuple[str, ...], han: bool) -> str:
    t = rng.choice(pool)
    return han_kana(t) if han else t


def _initiative(
    rng: random.Random,
    years: tuple[int, ...],
    ed: int,
    item: tuple[int, str, bool],
    k: int,
    han: bool,
) -> dict[str, Any]:
    item_no, item_name, hyphen = item
    start = rng.choice(years[:3])
    end = rng.choice([y for y in years if y >= max(start, ed)])
    past = [y for y in years if y <= ed]
    plans: dict[int, tuple[str | None, str | None, str | None]] = {}
    for y in years:
        blank = y < start or rng.random() < 0.1
        plan = None if blank else _text(rng, PLANS, han)
        status = None if blank or y > ed or rng.random() < 0.15 else rng.choice(YEAR_STATUSES)
        plans[y] = (plan, status, None if blank else rng.choice(EFFECTS))
    if plans[ed][0] is None:
        plans[ed] = (_text(rng, PLANS, han), plans[ed][1], plans[ed][2])
    ind_name, ind_unit = rng.choice(INDICATORS)
    has_ind = rng.random() < 0.85
    indicator: dict[str, dict[Any, int | float]] = {}
    if has_ind and rng.random() < 0.9:
        scale = rng.choice((100, 1000, 5000))
        plan_v = {y: rng.randint(1, scale) for y in years if y >= start}
        indicator["initial_plan"] = {"baseline": 0, **plan_v, "final": max(plan_v.values())}
        if rng.random() < 0.5:
            rev = {y: v for y, v in plan_v.items() if y >= ed}
            if rev:
                indicator["revised_plan"] = {**rev, "final": max(rev.values())}
        act = {y: rng.randint(0, scale) for y in past if y >= start}
        if act:
            indicator["actual"] = {**act, "final": act[max(act)]}
    rev_grid: dict[str, dict[Any, int | float]] = {}
    exp_grid: dict[str, dict[Any, int | float]] = {}
    effects = [rng.random() < 0.4, rng.random() < 0.6, rng.random() < 0.7]
    if not any(effects):
        effects[2] = True
    thousands = rng.random() < 0.3
    for grid, on in ((rev_grid, effects[0]), (exp_grid, effects[1])):
        if not on:
            continue
        for s in SERIES:
            ys = past if s == "actual" else [y for y in years if y >= start]
            row: dict[Any, int | float] = {}
            for y in ys:
                v = rng.randint(-2000, 9000) if rng.random() < 0.15 else rng.randint(0, 9000)
                row[y] = round(v + rng.randint(0, 9) / 10, 1) if thousands else v
            if row:
                grid[s] = row
    fiscal = effects_formula(rev_grid, exp_grid, years) if any(effects[:2]) else {}
    n_tasks = rng.randint(1, 8)
    tasks = [
        (_text(rng, TASKS, han), *(rng.random() < 0.45 for _ in range(4))) for _ in range(n_tasks)
    ]
    midyear_only = rng.random() < 0.15
    plan_val = indicator.get("initial_plan", {}).get(ed)
    act_val = indicator.get("actual", {}).get(ed)
    review = {
        "status": plans[ed][1] or rng.choice(YEAR_STATUSES),
        "midyear_progress": rng.choice(PROGRESS),
        "midyear_comment": _text(rng, COMMENTS, han),
        "outcome": None if midyear_only else rng.choice(OUTCOMES),
        "activity": None if midyear_only else rng.choice(ACTIVITIES),
        "yearend_comment": None if midyear_only else _text(rng, COMMENTS, han),
        "indicator_plan": None if midyear_only or not has_ind else plan_val,
        "indicator_actual": None if midyear_only or not has_ind else act_val,
        "rating": None if midyear_only else rng.choice(RATINGS),
        "direction": None if midyear_only else rng.choice(DIRECTIONS),
        "evaluator": None if midyear_only else rng.choice(("部長", "副市長", *PEOPLE[:3])),
        "evaluation_comment": None
        if midyear_only or rng.random() < 0.1
        else _text(rng, COMMENTS, han),
        "change_plan_content": None if midyear_only else rng.random() < 0.3,
        "change_plan_values": None if midyear_only else rng.random() < 0.3,
        "change_plan_comment": None,
    }
    if review["change_plan_content"]:
        review["change_plan_comment"] = "取組内容を一部見直す。"
    return {
        "item_no": item_no,
        "item_name": item_name,
        "initiative_id": f"{item_no}-{k:03d}" if hyphen else f"{item_no:02d}{k:03d}",
        "name": _text(rng, NAMES, han),
        "importance": rng.choice(("Ａ", "Ｂ", "Ｃ", "B")),
        "department": rng.choice(DEPARTMENTS),
        "department_code": f"{rng.randint(1, 9):02d}{rng.randint(1, 9)}{rng.randint(0, 9)}00",
        "manager": rng.choice(PEOPLE),
        "staff": rng.choice(PEOPLE),
        "created": date(ed, 4, 1) if ed != 2019 else date(2019, 5, 7),
        "updated": date(ed + 1, 3, 31) if not midyear_only else date(ed, 10, 31),
        "start_fy": start,
        "end_fy": end,
        "effects": tuple(effects),
        "final_goal": _text(rng, PLANS, han)[:-1] + "ことで，事務の効率化を図る。",
        "years": plans,
        "indicator_name": ind_name if has_ind else None,
        "indicator_unit": ind_unit if has_ind else None,
        "indicator": indicator,
        "fiscal": fiscal,
        "tasks": tasks,
        "review": review,
    }


def draw(seed: int, name: str) -> ApDoc:
    rng = random.Random(seed)
    years = rng.choice(PERIODS)
    ed = rng.choice(years[1:])
    city = rng.choice((*CITIES_INVENTED, *sorted(_codes())[1:])) if rng.random() < 0.4 else None
    han = rng.random() < 0.25
    item = (rng.randint(1, 99), rng.choice(ITEM_NAMES), rng.random() < 0.15)
    inits = tuple(
        _initiative(rng, years, ed, item, k, han) for k in range(1, rng.randint(1, 2) + 1)
    )
    style = _style(rng, city, years)
    if rng.random() < 0.15:
        # /Rotate on every page: the sheet shown sideways, or drawn sideways
        # and shown upright (the builder's Style.rotate; pypdf after the export).
        style["rotate"] = tuple(
            (rng.choice(("page", "content")), rng.choice((90, 270))) for _ in range(2 * len(inits))
        )
    return ApDoc(name, seed, ed, years, city, style, inits)


# ---------------------------------------------------------------------------
# Expected records (the variant builder's `expected`, on these dicts)
# ---------------------------------------------------------------------------


def _order(p: Any) -> int:
    return -1 if p == "baseline" else 10**6 if p == "final" else int(p)


def expected(doc: ApDoc) -> dict[str, Any]:
    names = (
        "ap_initiatives",
        "ap_year_plans",
        "ap_indicator_values",
        "ap_fiscal_effects",
        "ap_tasks",
        "ap_reviews",
    )
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in names}
    ed = doc.edition_fy
    baseline_fy = doc.plan_years[0] - 1

    def fy_of(p: Any) -> int | None:
        if p == "baseline":
            return baseline_fy
        return p if isinstance(p, int) else None

    for i, it in enumerate(doc.initiatives):
        po, pa = 2 * i + 1, 2 * i + 2
        key = {"edition_fiscal_year": ed, "initiative_id": it["initiative_id"]}
        rows["ap_initiatives"].append(
            {
                "page": po,
                **key,
                "promotion_item_no": it["item_no"],
                "promotion_item": norm_cell(it["item_name"]),
                "name": norm_cell(it["name"]),
                "importance": label(it["importance"]),
                "department": norm_cell(it["department"]),
                "department_code": it["department_code"],
                "manager": norm_cell(it["manager"]),
                "staff": norm_cell(it["staff"]),
                "created": it["created"].isoformat(),
                "updated": it["updated"].isoformat(),
                "start_fiscal_year": it["start_fy"],
                "end_fiscal_year": it["end_fy"],
                "plan_start_fiscal_year": doc.plan_years[0],
                "plan_end_fiscal_year": doc.plan_years[-1],
                "effect_revenue": it["effects"][0],
                "effect_expenditure": it["effects"][1],
                "effect_other": it["effects"][2],
                "final_goal": norm_cell(it["final_goal"]),
                "indicator_name": norm_cell(it["indicator_name"]),
                "indicator_unit": norm_cell(it["indicator_unit"]),
                "page_overall": po,
                "page_annual": pa,
            }
        )
        for y in doc.plan_years:
            plan, status, other = it["years"][y]
            rows["ap_year_plans"].append(
                {
                    "page": po,
                    **key,
                    "fiscal_year": y,
                    "plan": norm_cell(plan),
                    "status": label(status),
                    "other_effects": norm_cell(other),
                }
            )
        for s in SERIES:
            for p, val in sorted(it["indicator"].get(s, {}).items(), key=lambda kv: _order(kv[0])):
                rows["ap_indicator_values"].append(
                    {
                        "page": po,
                        **key,
                        "period": p if isinstance(p, str) else "year",
                        "fiscal_year": fy_of(p),
                        "series": s,
                        "value": val,
                        "unit": norm_cell(it["indicator_unit"]),
                    }
                )
        for cat in CATEGORIES:
            for s in SERIES:
                cells = it["fiscal"].get(cat, {}).get(s, {})
                for p, val in sorted(cells.items(), key=lambda kv: _order(kv[0])):
                    rows["ap_fiscal_effects"].append(
                        {
                            "page": po,
                            **key,
                            "period": p if isinstance(p, str) else "year",
                            "fiscal_year": fy_of(p),
                            "category": cat,
                            "series": s,
                            "amount": val,
                        }
                    )
        for n, (task, q1, q2, q3, q4) in enumerate(it["tasks"], start=1):
            rows["ap_tasks"].append(
                {
                    "page": pa,
                    **key,
                    "task_no": n,
                    "task": norm_cell(task),
                    "q1": q1,
                    "q2": q2,
                    "q3": q3,
                    "q4": q4,
                }
            )
        rv = it["review"]
        rows["ap_reviews"].append(
            {
                "page": pa,
                **key,
                "status": label(rv["status"]),
                "midyear_progress": label(rv["midyear_progress"]),
                "midyear_comment": norm_cell(rv["midyear_comment"]),
                "activity": label(rv["activity"]),
                "outcome": label(rv["outcome"]),
                "yearend_comment": norm_cell(rv["yearend_comment"]),
                "indicator_plan": rv["indicator_plan"],
                "indicator_actual": rv["indicator_actual"],
                "rating": label(rv["rating"]),
                "direction": label(rv["direction"]),
                "evaluator": norm_cell(rv["evaluator"]),
                "evaluation_comment": norm_cell(rv["evaluation_comment"]),
                "instructions": None,
                "change_plan_content": rv["change_plan_content"],
                "change_plan_values": rv["change_plan_values"],
            }
        )
    if doc.municipality is not None:
        place = {
            "municipality_code": _codes().get(doc.municipality),
            "municipality": doc.municipality,
        }
        rows = {k: [{**place, **row} for row in r] for k, r in rows.items()}
    return {
        "documents": [
            {
                "source_file": f"{doc.name}.pdf",
                "media_type": "application/pdf",
                "kind": "action_plan",
                "pages": 2 * len(doc.initiatives),
                "status": "ok",
                "error": None,
            }
        ],
        **rows,
        "text_uncertain": [],
    }
