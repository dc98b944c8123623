"""Build action-plan sheet variants (PDF) and their expected records (JSON).

Each variant is a workbook of two sheets per initiative, laid out like the
柏市 action-plan sample (samples/action_plan_51_r1.pdf): the overall plan
(アクションプラン全体計画（…～…年度）) and the single-year plan with its
evaluation (アクションプラン（…年度）). The workbook is written with openpyxl
and exported to PDF by LibreOffice; the expected rows are derived from the
same data that fills the cells (one source of truth).

    .venv/bin/python tools/variants/ap/build.py            # all variants
    .venv/bin/python tools/variants/ap/build.py v3_a_importance_negative
    .venv/bin/python tools/variants/ap/build.py --check    # verify existing PDFs

Needs openpyxl and `soffice` (LibreOffice) with IPAex fonts; the tests only
need the committed PDFs and JSONs.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))
import argparse
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import soffice
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "tests" / "variants" / "ap"

Num = int | float
Period = str | int  # "baseline", "final" or a fiscal year
SERIES = ("initial_plan", "revised_plan", "actual")
CATEGORIES = ("revenue", "expenditure", "total")

# ---------------------------------------------------------------- formatting

FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def fw(text: str) -> str:
    """ASCII digits to full-width digits (as the sample prints `令和２年度`)."""
    return text.translate(FW_DIGITS)


def era_of_fy(fy: int) -> tuple[str, str, int]:
    """Era name, era letter and era year of a fiscal year (FY2019 = 令和元年度)."""
    if fy >= 2019:
        return "令和", "R", fy - 2018
    return "平成", "H", fy - 1988


def fy_label(
    fy: int, *, reiwa_fw: bool = True, heisei_fw: bool = False, gannen: bool = True
) -> str:
    """`平成28年度`, `令和元年度`, `令和２年度` (digit width per era, as in the sample)."""
    era, _, n = era_of_fy(fy)
    num = "元" if (n == 1 and gannen) else str(n)
    if (era == "令和" and reiwa_fw) or (era == "平成" and heisei_fw):
        num = fw(num)
    return f"{era}{num}年度"


def fy_short(fy: int) -> str:
    """`H28`, `Ｒ１` (the sample writes 平成 years in ASCII, 令和 years full-width)."""
    _, letter, n = era_of_fy(fy)
    return f"H{n}" if letter == "H" else fw(f"R{n}").replace("R", "Ｒ")


def date_short(d: date) -> str:
    """`H31.4.1`, `R2.3.31` (era by calendar date: 令和 from 2019-05-01)."""
    if d >= date(2019, 5, 1):
        return f"R{d.year - 2018}.{d.month}.{d.day}"
    return f"H{d.year - 1988}.{d.month}.{d.day}"


def date_long(d: date) -> str:
    """`令和元年5月7日`, `平成31年4月1日`."""
    if d >= date(2019, 5, 1):
        n = d.year - 2018
        era = "令和"
    else:
        n = d.year - 1988
        era = "平成"
    return f"{era}{'元' if n == 1 else n}年{d.month}月{d.day}日"


def fmt_num(value: Num, neg: str = "△") -> str:
    """`1,245`, `△1,200`, `12.5` (thousands separators, △ for negatives)."""
    body = format(abs(value), ",")
    return f"{neg}{body}" if value < 0 else body


# ------------------------------------------------------------- normalisation


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def norm(text: str | None) -> str | None:
    """Contract normalisation of a cell: NFKC, spaces collapsed, lines joined.

    Wrapped lines join with no space, except one space between two Latin
    letters/digits. Empty → None.
    """
    if text is None:
        return None
    out = ""
    for raw in text.split("\n"):
        line = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw)).strip()
        if not line:
            continue
        if out and _is_latin(out[-1]) and _is_latin(line[0]):
            out += " "
        out += line
    return out or None


def label(text: str | None) -> str | None:
    """An enumerated label (区分, 達成状況, 方向性, …): normalised, no spaces (`達　成` → 達成)."""
    value = norm(text)
    return value.replace(" ", "") if value is not None else None


# ---------------------------------------------------------------------- data


@dataclass
class Review:
    status: str  # 区分 of the single-year sheet, as printed
    midyear_progress: str | None
    midyear_comment: str | None
    outcome: str | None  # 達成状況【成果】 as printed
    activity: str | None  # 進捗状況【活動】 as printed (may hold a newline)
    yearend_comment: str | None
    indicator_plan: Num | None
    indicator_actual: Num | None
    rating: str | None
    direction: str | None
    evaluator: str | None
    evaluation_comment: str | None
    change_plan_content: bool | None = False  # None: 有/無 not printed
    change_plan_values: bool | None = False
    change_plan_comment: str | None = None


@dataclass
class Initiative:
    item_no: int
    item_name: str
    initiative_id: str
    name: str
    importance: str  # as printed (`Ｂ`, `A`)
    department: str
    department_code: str
    manager: str
    staff: str
    created: date
    updated: date
    start_fy: int
    end_fy: int
    effects: tuple[bool, bool, bool]  # 歳入増加, 歳出削減, その他改善
    final_goal: str
    # fiscal year -> (取組内容・目標, 区分, その他効果); every plan year is a key
    years: dict[int, tuple[str | None, str | None, str | None]]
    indicator_name: str | None
    indicator_unit: str | None
    indicator: dict[str, dict[Period, Num]]  # series -> period -> value
    fiscal: dict[str, dict[str, dict[Period, Num]]]  # category -> series -> period -> amount
    tasks: list[tuple[str, bool, bool, bool, bool]]
    review: Review


@dataclass
class Style:
    font: str = "IPAexGothic"
    size: float = 9
    title_size: float = 12
    footer_size: float = 11
    landscape: bool = True
    # Excel column widths (characters) for the overall (A..K) and annual (A..L) sheets
    widths_overall: tuple[float, ...] = (
        7.3,
        6.2,
        11.9,
        15.2,
        11.3,
        11.3,
        11.3,
        11.3,
        11.3,
        11.3,
        4.8,
    )
    widths_annual: tuple[float, ...] = (7.8, 3.6, 10.9, 10.9, 14, 14, 14, 11.9, 7.8, 7.8, 7.8, 7.8)
    row_scale: float = 1.0  # multiplies the sample's row heights
    vertical_rotate: bool = False  # 効果額 / 上半期 … as stacked text (rotation 255), not newlines
    reiwa_fw: bool = True  # `令和２年度` (full-width) in year labels
    date_style: str = "short"  # `H31.4.1` | `long` `令和元年5月7日`
    span_style: str = "short"  # 取組年度 `H28 ～ Ｒ１` | `long` `平成30年度～令和元年度`
    neg: str = "△"
    unit_note: str | None = None  # e.g. `（単位：千円）` printed above the 効果額 grid
    # printed label → the wording this city prints instead (`作成日` → `作成年月日`)
    labels: dict[str, str] = field(default_factory=dict)
    # overall sheet: the column(s) of each plan year in the grids (`E`, `F:G` …);
    # default one column each from E
    year_spans: tuple[str, ...] | None = None
    title_prefix: str = ""  # printed before アクションプラン (`架空市`)
    # per page after export: (mode, quarter turn). mode `page`: /Rotate on the
    # landscape page (the sheet is shown sideways); `content`: the sheet is drawn
    # sideways on a portrait page and /Rotate shows it upright.
    rotate: tuple[tuple[str, int], ...] = ()
    tick: str = "○"  # printed in a task's quarter cell
    yes_no: tuple[str, str] = ("有", "無")  # 計画変更 有 / 無 as printed
    # fiscal year → the label printed for it in the year rows and grid headers (`H31/R1`)
    year_labels: dict[int, str] = field(default_factory=dict)


@dataclass
class Variant:
    name: str
    what: str
    edition_fy: int
    plan_years: tuple[int, ...]
    initiatives: list[Initiative]
    style: Style = field(default_factory=Style)
    # The city the titles print (`架空市`): the pipeline's municipality column of every row.
    municipality: str | None = None


# ------------------------------------------------------------ grid builders


def tidy(value: Num) -> Num:
    """A computed sum as a spreadsheet prints it: no binary rounding noise (1140.1, not
    1140.1000000000001); integers stay integers."""
    return round(value, 6) if isinstance(value, float) else value


def effects_formula(
    revenue: dict[str, dict[Period, Num]],
    expenditure: dict[str, dict[Period, Num]],
    plan_years: tuple[int, ...],
) -> dict[str, dict[str, dict[Period, Num]]]:
    """The 効果額 grid as the city's workbook formulas print it.

    歳入/歳出 rows: the given cells, plus 最終値 = SUM of the years (printed,
    0 when empty). 計 rows: every year (and the baseline where a component
    has one) = 歳入 + 歳出, 最終値 = sum of the years. Totals are what the
    contract's checks expect.
    """
    grid: dict[str, dict[str, dict[Period, Num]]] = {c: {} for c in CATEGORIES}
    for cat, src in (("revenue", revenue), ("expenditure", expenditure)):
        for s in SERIES:
            row = dict(src.get(s, {}))
            row["final"] = tidy(sum(v for k, v in row.items() if isinstance(k, int)))
            grid[cat][s] = row
    for s in SERIES:
        rev, exp = grid["revenue"][s], grid["expenditure"][s]
        tot: dict[Period, Num] = {}
        if "baseline" in rev or "baseline" in exp:
            tot["baseline"] = tidy(rev.get("baseline", 0) + exp.get("baseline", 0))
        for y in plan_years:
            tot[y] = tidy(rev.get(y, 0) + exp.get(y, 0))
        tot["final"] = tidy(sum(v for k, v in tot.items() if isinstance(k, int)))
        grid["total"][s] = tot
    return grid


def check_effects(init: Initiative, plan_years: tuple[int, ...]) -> list[str]:
    """The contract's checks where all cells are printed."""
    bad = []
    g = init.fiscal
    periods: list[Period] = ["baseline", *plan_years, "final"]
    for s in SERIES:
        for p in periods:
            cells = [g.get(c, {}).get(s, {}).get(p) for c in CATEGORIES]
            rev, exp, tot = cells
            if rev is not None and exp is not None and tot is not None and tidy(rev + exp) != tot:
                bad.append(f"{init.initiative_id} {s} {p}: total != revenue + expenditure")
        for c in CATEGORIES:
            row = g.get(c, {}).get(s, {})
            years = [row[y] for y in plan_years if y in row]
            if (
                "final" in row
                and len(years) == len(plan_years)
                and tidy(sum(years)) != row["final"]
            ):
                bad.append(f"{init.initiative_id} {c} {s}: final != sum of years")
    return bad


# -------------------------------------------------------------- sheet layout

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
COLS = "ABCDEFGHIJKL"


class Sheet:
    """Small helper over an openpyxl worksheet: merged, aligned, ruled cells."""

    def __init__(self, ws: Worksheet, style: Style, ncols: int) -> None:
        self.ws = ws
        self.style = style
        self.ncols = ncols

    def put(
        self,
        ref: str,
        text: str | None,
        h: str = "left",
        v: str = "center",
        *,
        stacked: bool = False,
    ) -> None:
        ws = self.ws
        if ":" in ref:
            ws.merge_cells(ref)
            first = ref.split(":")[0]
        else:
            first = ref
        cell = ws[first]
        rotation = 0
        if text is not None:
            text = self.style.labels.get(text, text)
        if stacked and text:
            if self.style.vertical_rotate:
                rotation = 255
                text = text.replace("\n", "")
            else:
                text = "\n".join(text.replace("\n", ""))
        cell.value = text
        cell.alignment = Alignment(horizontal=h, vertical=v, wrap_text=True, text_rotation=rotation)

    def finish(self, first_row: int, last_row: int, heights: dict[int, float]) -> None:
        ws, st = self.ws, self.style
        font = Font(name=st.font, size=st.size)
        for r in range(first_row, last_row + 1):
            for c in range(1, self.ncols + 1):
                cell = ws.cell(row=r, column=c)
                cell.border = BORDER
                cell.font = font
        for r, hgt in heights.items():
            ws.row_dimensions[r].height = round(hgt * st.row_scale, 1)
        ws.row_dimensions[1].height = 20
        ws.print_area = f"A1:{COLS[self.ncols - 1]}{last_row}"
        ws.page_setup.orientation = "landscape" if st.landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
        setup = ws.sheet_properties.pageSetUpPr
        assert setup is not None
        setup.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, footer=0.3)


def title_cell(sh: Sheet, text: str) -> None:
    sh.ws["A1"] = text
    sh.ws["A1"].font = Font(name=sh.style.font, size=sh.style.title_size, bold=True)
    sh.ws["A1"].alignment = Alignment(horizontal="left", vertical="center")


def footer(ws: Worksheet, style: Style, edition_fy: int, annual: bool) -> None:
    foot = ws.oddFooter
    assert foot is not None
    foot.center.text = fw(f"R{edition_fy - 2018}").replace("R", "Ｒ")
    foot.center.size = style.footer_size
    foot.center.font = style.font
    if annual:
        foot.right.text = "<<"
        foot.right.size = style.footer_size


def fmt_date(d: date, style: Style) -> str:
    return date_long(d) if style.date_style == "long" else date_short(d)


def fmt_span(a: int, b: int, style: Style) -> str:
    if style.span_style == "long":
        return f"{fy_label(a, reiwa_fw=False)}～{fy_label(b, reiwa_fw=False)}"
    return f"{fy_short(a)} ～ {fy_short(b)}"


def overall_title(plan_years: tuple[int, ...]) -> str:
    a = fy_label(plan_years[0], heisei_fw=True).removesuffix("年度")
    b = fy_label(plan_years[-1], heisei_fw=True)
    return f"アクションプラン全体計画　（{fw(a)}～{fw(b)}）"


def annual_title(edition_fy: int) -> str:
    return f"アクションプラン（{fy_label(edition_fy)}）"


def span_ref(span: str, row: int) -> str:
    """`E` → `E14`; `F:G` → `F14:G14` (a year printed over merged columns)."""
    if ":" in span:
        a, b = span.split(":")
        return f"{a}{row}:{b}{row}"
    return f"{span}{row}"


def build_overall(ws: Worksheet, v: Variant, it: Initiative) -> None:
    st = v.style
    sh = Sheet(ws, st, 11)
    for i, w in enumerate(st.widths_overall):
        ws.column_dimensions[COLS[i]].width = w
    title_cell(sh, st.title_prefix + overall_title(v.plan_years))
    put = sh.put
    put("A2:C2", "推進項目", "right")
    put("D2", str(it.item_no), "center")
    put("E2:H2", it.item_name)
    put("I2", "重要度", "center")
    put("J2:K2", it.importance, "center")
    put("A3:C3", "番号・取組事業名", "right")
    put("D3", it.initiative_id, "center")
    put("E3:F3", it.name)
    put("G3", "作成日", "right")
    put("H3", fmt_date(it.created, st))
    put("I3", "更新日", "right")
    put("J3:K3", fmt_date(it.updated, st))
    put("A4:C4", "担当部署", "right")
    put("D4", it.department_code, "center")
    put("E4:F4", it.department)
    put("G4", "責任者", "right")
    put("H4", it.manager)
    put("I4", "担当者", "right")
    put("J4:K4", it.staff)
    put("A5:C5", "取組年度", "left")
    put("D5:E5", fmt_span(it.start_fy, it.end_fy, st), "center")
    put("F5", "効果", "right")
    put("G5", "歳入増加" if it.effects[0] else None, "center")
    put("H5", "歳出削減" if it.effects[1] else None, "center")
    put("I5:K5", "その他改善" if it.effects[2] else None, "center")
    put("A6:C6", "最終目標", "right")
    put("D6:K6", it.final_goal)
    put("A7:C7", "年度", "right")
    put("D7:J7", "取組内容・目標")
    put("K7", "区分", "center")
    for i, y in enumerate(v.plan_years):
        r = 8 + i
        plan, status, _ = it.years[y]
        put(f"A{r}:C{r}", st.year_labels.get(y) or fy_label(y, reiwa_fw=st.reiwa_fw), "right")
        put(f"D{r}:J{r}", plan)
        put(f"K{r}", status, "center")
    put("A13:A17", "成果指標", "center")
    put("B13:C13", "指標名", "right")
    put("D13:H13", it.indicator_name)
    put("I13", "単位", "center")
    put("J13:K13", it.indicator_unit, "center")
    put("B14:C14", "年度", "center")
    base = fy_label(v.plan_years[0] - 1, reiwa_fw=False)
    put("D14", f"{base}\n当初予算（基準）", "center")
    year_cols = st.year_spans or tuple("EFGHI"[: len(v.plan_years)])
    for i, y in enumerate(v.plan_years):
        head = st.year_labels.get(y) or fy_label(y, reiwa_fw=st.reiwa_fw)
        put(span_ref(year_cols[i], 14), head, "center")
    put("J14", "最終値", "center")
    col_of: dict[Period, str] = {"baseline": "D", "final": "J"}
    col_of.update({y: year_cols[i] for i, y in enumerate(v.plan_years)})
    for i, (s, lab) in enumerate(zip(SERIES, ("当初計画値", "変更計画値", "実績値"), strict=True)):
        r = 15 + i
        put(f"B{r}:C{r}", lab, "center")
        for p, val in it.indicator.get(s, {}).items():
            put(span_ref(col_of[p], r), fmt_num(val, st.neg), "right")
    put("A18:A26", "効果額", "center", stacked=True)
    cat_labels = {"revenue": "歳入\n増加", "expenditure": "歳出\n削減", "total": "計"}
    for ci, cat in enumerate(CATEGORIES):
        r0 = 18 + 3 * ci
        put(f"B{r0}:B{r0 + 2}", cat_labels[cat], "center")
        for si, (s, lab) in enumerate(
            zip(SERIES, ("当初計画額", "変更計画額", "実績額"), strict=True)
        ):
            r = r0 + si
            put(f"C{r}", lab, "center")
            for p, val in it.fiscal.get(cat, {}).get(s, {}).items():
                put(span_ref(col_of[p], r), fmt_num(val, st.neg), "right")
    put("A27:C27", "見込まれる\nその他効果\n（金額以外）", "center")
    for i, y in enumerate(v.plan_years):
        put(span_ref(year_cols[i], 27), it.years[y][2], "left", "top")
    if st.unit_note:
        ws["J1"] = st.unit_note
        ws["J1"].font = Font(name=st.font, size=st.size)
        ws["J1"].alignment = Alignment(horizontal="right", vertical="bottom")
    heights = {2: 18, 3: 43.5, 4: 18, 5: 18, 6: 43.5, 7: 18}
    heights.update({8 + i: 43.5 for i in range(5)})
    heights.update({13: 30.7, 14: 43.5, 27: 96})
    heights.update({r: 18 for r in range(15, 27)})
    sh.finish(2, 27, heights)
    footer(ws, st, v.edition_fy, annual=False)


def yes_no_mark(value: bool | None, words: tuple[str, str] = ("有", "無")) -> str | None:
    return None if value is None else words[0] if value else words[1]


def build_annual(ws: Worksheet, v: Variant, it: Initiative) -> None:
    st = v.style
    rv = it.review
    sh = Sheet(ws, st, 12)
    for i, w in enumerate(st.widths_annual):
        ws.column_dimensions[COLS[i]].width = w
    title_cell(sh, st.title_prefix + annual_title(v.edition_fy))
    put = sh.put
    put("A2:C2", "推進項目", "right")
    put("D2", str(it.item_no), "center")
    put("E2:I2", it.item_name)
    put("J2", "重要度", "center")
    put("K2:L2", it.importance, "center")
    put("A3:C3", "番号・取組事業名", "right")
    put("D3", it.initiative_id, "center")
    put("E3:G3", it.name)
    put("H3", "作成日", "right")
    put("I3:J3", fmt_date(it.created, st))
    put("K3", "更新日", "center")
    put("L3", fmt_date(it.updated, st), "center")
    put("A4:C4", "担当部署", "right")
    put("D4", it.department_code, "center")
    put("E4:F4", it.department)
    put("G4", "責任者", "right")
    put("H4:I4", it.manager)
    put("J4", "担当者", "center")
    put("K4:L4", it.staff)
    put("A5:C5", "取組内容・目標", "right")
    put("D5", fy_label(v.edition_fy, reiwa_fw=st.reiwa_fw), "right")
    put("E5:J5", it.years[v.edition_fy][0])
    put("K5", "区分", "center")
    put("L5", rv.status, "center")
    put("A6:C16", "取組項目", "center")
    put("D6:H6", None)
    for col, q in zip("IJKL", ("4～6月", "7～9月", "10～12月", "1～3月"), strict=True):
        put(f"{col}6", q, "center")
    for n in range(1, 11):
        r = 6 + n
        put(f"D{r}", str(n), "center")
        task = it.tasks[n - 1] if n <= len(it.tasks) else None
        put(f"E{r}:H{r}", task[0] if task else None)
        for col, mark in zip("IJKL", task[1:] if task else (False,) * 4, strict=True):
            put(f"{col}{r}", st.tick if mark else None, "center")
    put("A17:A22", "進捗状況", "center")
    put("B17", "上半期", "center", stacked=True)
    put("C17", "進捗", "right")
    put("D17", rv.midyear_progress, "right")
    put("E17", "コメント")
    put("F17:L17", rv.midyear_comment)
    put("B18:B22", "年度末", "center", stacked=True)
    put("C18", "達成状況\n【成果】", "center")
    put("D18", rv.outcome, "center")
    put("E18:E19", "コメント", "center")
    put("F18:L19", rv.yearend_comment)
    put("C19", "進捗状況\n【活動】", "center")
    put("D19", rv.activity, "center")
    put("C20:C22", "進捗・実績", "center")
    put("D20:F20", "成果指標名", "center")
    put("G20:I20", "計画値", "center")
    put("J20:L20", "実績値", "center")
    put("D21:F22", it.indicator_name)
    put("G21:I21", None if rv.indicator_plan is None else fmt_num(rv.indicator_plan), "right")
    put("J21:L21", None if rv.indicator_actual is None else fmt_num(rv.indicator_actual), "right")
    put("G22", "単位", "center")
    put("H22:I22", it.indicator_unit, "center")
    put("J22", "単位", "center")
    put("K22:L22", it.indicator_unit, "center")
    put("A23:C23", "計画変更\n（次年度\n以後）", "center")
    put("D23", "取組内容", "center")
    put("E23", yes_no_mark(rv.change_plan_content, st.yes_no), "center")
    put("F23", "計画値", "center")
    put("G23", yes_no_mark(rv.change_plan_values, st.yes_no), "center")
    put("H23", "コメント", "center")
    put("I23:L23", rv.change_plan_comment)
    put("A24:A25", "評価", "center", stacked=True)
    put("B24:C24", "総合評価\n(A・B・C)", "center")
    put("D24", rv.rating, "center")
    put("E24", "方向性", "center")
    put("F24", rv.direction, "center")
    put("G24", "評価者", "center")
    put("H24", rv.evaluator, "right")
    put("I24:L24", "※重要度Ａ事業は副市長，重要度Ｂ事業は部局長を評価者とする")
    put("B25:C25", "コメント\n指示事項", "center")
    put("D25:L25", rv.evaluation_comment)
    heights = {2: 18, 3: 30.7, 4: 17.9, 5: 30.7, 6: 30.7}
    heights.update({r: 18 for r in range(7, 17)})
    heights.update({17: 57, 18: 30.6, 19: 43.5, 20: 18, 21: 32.9, 22: 18, 23: 43.4})
    heights.update({24: 30.7, 25: 43.4})
    sh.finish(2, 25, heights)
    footer(ws, st, v.edition_fy, annual=True)


# ---------------------------------------------------------------- expected


def expected(v: Variant, pages: int) -> dict[str, Any]:
    rows: dict[str, list[dict[str, Any]]] = {
        k: []
        for k in (
            "ap_initiatives",
            "ap_year_plans",
            "ap_indicator_values",
            "ap_fiscal_effects",
            "ap_tasks",
            "ap_reviews",
        )
    }
    ed = v.edition_fy
    baseline_fy = v.plan_years[0] - 1

    def fy_of(p: Period) -> int | None:
        if p == "baseline":
            return baseline_fy
        return p if isinstance(p, int) else None

    def order(p: Period) -> int:
        return -1 if p == "baseline" else 10**6 if p == "final" else int(p)

    for i, it in enumerate(v.initiatives):
        po, pa = 2 * i + 1, 2 * i + 2
        key = {"edition_fiscal_year": ed, "initiative_id": it.initiative_id}
        rows["ap_initiatives"].append(
            {
                "page": po,
                **key,
                "promotion_item_no": it.item_no,
                "promotion_item": norm(it.item_name),
                "name": norm(it.name),
                "importance": label(it.importance),
                "department": norm(it.department),
                "department_code": it.department_code,
                "manager": norm(it.manager),
                "staff": norm(it.staff),
                "created": it.created.isoformat(),
                "updated": it.updated.isoformat(),
                "start_fiscal_year": it.start_fy,
                "end_fiscal_year": it.end_fy,
                "plan_start_fiscal_year": v.plan_years[0],
                "plan_end_fiscal_year": v.plan_years[-1],
                "effect_revenue": it.effects[0],
                "effect_expenditure": it.effects[1],
                "effect_other": it.effects[2],
                "final_goal": norm(it.final_goal),
                "indicator_name": norm(it.indicator_name),
                "indicator_unit": norm(it.indicator_unit),
                "page_overall": po,
                "page_annual": pa,
            }
        )
        for y in v.plan_years:
            plan, status, other = it.years[y]
            rows["ap_year_plans"].append(
                {
                    "page": po,
                    **key,
                    "fiscal_year": y,
                    "plan": norm(plan),
                    "status": label(status),
                    "other_effects": norm(other),
                }
            )
        for s in SERIES:
            for p, val in sorted(it.indicator.get(s, {}).items(), key=lambda kv: order(kv[0])):
                rows["ap_indicator_values"].append(
                    {
                        "page": po,
                        **key,
                        "period": p if isinstance(p, str) else "year",
                        "fiscal_year": fy_of(p),
                        "series": s,
                        "value": val,
                        "unit": norm(it.indicator_unit),
                    }
                )
        for cat in CATEGORIES:
            for s in SERIES:
                cells = it.fiscal.get(cat, {}).get(s, {})
                for p, val in sorted(cells.items(), key=lambda kv: order(kv[0])):
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
        for n, (task, q1, q2, q3, q4) in enumerate(it.tasks, start=1):
            rows["ap_tasks"].append(
                {
                    "page": pa,
                    **key,
                    "task_no": n,
                    "task": norm(task),
                    "q1": q1,
                    "q2": q2,
                    "q3": q3,
                    "q4": q4,
                }
            )
        rv = it.review
        rows["ap_reviews"].append(
            {
                "page": pa,
                **key,
                "status": label(rv.status),
                "midyear_progress": label(rv.midyear_progress),
                "midyear_comment": norm(rv.midyear_comment),
                "activity": label(rv.activity),
                "outcome": label(rv.outcome),
                "yearend_comment": norm(rv.yearend_comment),
                "indicator_plan": rv.indicator_plan,
                "indicator_actual": rv.indicator_actual,
                "rating": label(rv.rating),
                "direction": label(rv.direction),
                "evaluator": norm(rv.evaluator),
                "evaluation_comment": norm(rv.evaluation_comment),
                "instructions": None,
                "change_plan_content": rv.change_plan_content,
                "change_plan_values": rv.change_plan_values,
            }
        )
    if v.municipality is not None:
        from dxparse.municipality import code_for

        place = {"municipality_code": code_for(v.municipality), "municipality": v.municipality}
        rows = {k: [{**place, **row} for row in r] for k, r in rows.items()}
    return {
        "documents": [
            {
                "source_file": f"{v.name}.pdf",
                "media_type": "application/pdf",
                "kind": "action_plan",
                "pages": pages,
                "status": "ok",
                "error": None,
            }
        ],
        **rows,
        "text_uncertain": [],
    }


# ------------------------------------------------------------------ build


def write_xlsx(v: Variant, path: Path) -> None:
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for it in v.initiatives:
        build_overall(wb.create_sheet(f"{it.initiative_id}全体計画"), v, it)
        build_annual(wb.create_sheet(f"{it.initiative_id}単年度"), v, it)
    wb.save(path)


def to_pdf(xlsx: Path, outdir: Path) -> Path:
    return soffice.to_pdf(xlsx, outdir, "dxparse_ap_lo_profile")


def rotate_pages(pdf: Path, turns: tuple[tuple[str, int], ...]) -> None:
    """Give each page a /Rotate (see Style.rotate), in place."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=pdf)
    for page, (mode, turn) in zip(writer.pages, turns, strict=True):
        if mode == "content":
            # Draw the sheet sideways on a portrait page, then show it upright.
            page.rotate((360 - turn) % 360)
            page.transfer_rotation_to_content()
        page.rotate(turn)
    with pdf.open("wb") as out:
        writer.write(out)


def build(v: Variant) -> None:
    problems = [p for it in v.initiatives for p in check_effects(it, v.plan_years)]
    if problems:
        raise SystemExit(f"{v.name}: {problems}")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / f"{v.name}.xlsx"
        write_xlsx(v, xlsx)
        pdf = to_pdf(xlsx, Path(tmp))
        if v.style.rotate:
            rotate_pages(pdf, v.style.rotate)
        shutil.copyfile(pdf, OUT / f"{v.name}.pdf")
    pages = 2 * len(v.initiatives)
    data = expected(v, pages)
    (OUT / f"{v.name}.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{v.name}: {pages} pages, " + ", ".join(f"{k} {len(r)}" for k, r in data.items()))


TEXT_FIELDS = {
    "ap_initiatives": (
        "promotion_item",
        "name",
        "department",
        "manager",
        "staff",
        "final_goal",
        "indicator_name",
        "indicator_unit",
        "importance",
    ),
    "ap_year_plans": ("plan", "other_effects", "status"),
    "ap_tasks": ("task",),
    "ap_reviews": (
        "status",
        "midyear_progress",
        "midyear_comment",
        "activity",
        "outcome",
        "yearend_comment",
        "rating",
        "direction",
        "evaluator",
        "evaluation_comment",
    ),
}


def cell_texts(page: Any) -> set[str]:
    """Normalised text of every ruled cell of the page's lattice tables (spaces removed)."""
    out: set[str] = set()
    for table in page.find_tables():
        for x0, top, x1, bottom in table.cells:
            chars = [
                c
                for c in page.chars
                if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                and top <= (c["top"] + c["bottom"]) / 2 <= bottom
            ]
            lines: list[list[dict[str, Any]]] = []
            for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
                if lines and abs(lines[-1][0]["top"] - c["top"]) < 2:
                    lines[-1].append(c)
                else:
                    lines.append([c])
            text = "\n".join(
                "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])) for line in lines
            )
            value = norm(text)
            if value:
                out.add(value.replace(" ", ""))
    return out


def check(v: Variant) -> list[str]:
    """Check a built PDF: page count, ruled grid, each expected text = one cell's text,
    each expected number printed in a cell of its page."""
    import pdfplumber

    errs: list[str] = []
    data = json.loads((OUT / f"{v.name}.json").read_text("utf-8"))
    if v.style.rotate:
        cells, errs = upright_cell_texts(v)
        return errs + check_texts(v, data, cells)
    with pdfplumber.open(OUT / f"{v.name}.pdf") as pdf:
        if len(pdf.pages) != 2 * len(v.initiatives):
            return [f"{v.name}: {len(pdf.pages)} pages"]
        cells = []
        for page in pdf.pages:
            cells.append(cell_texts(page))
            if len(page.edges) < 40:
                errs.append(f"{v.name} p{page.page_number}: only {len(page.edges)} edges")
            tables = page.find_tables()
            if len(tables) != 1 or len(tables[0].cells) < 100:
                errs.append(f"{v.name} p{page.page_number}: not one lattice table")
    return errs + check_texts(v, data, cells)


def check_texts(v: Variant, data: dict[str, Any], cells: list[set[str]]) -> list[str]:
    """Each expected text is one cell's text, each expected number printed on its page."""
    errs: list[str] = []
    for ds, fields in TEXT_FIELDS.items():
        for row in data[ds]:
            for k in fields:
                val = row[k]
                if val is not None and val.replace(" ", "") not in cells[row["page"] - 1]:
                    errs.append(f"{v.name} p{row['page']} {ds}.{k}: {val[:30]!r} not a cell")
    for ds, k in (("ap_indicator_values", "value"), ("ap_fiscal_effects", "amount")):
        for row in data[ds]:
            if fmt_num(row[k], v.style.neg) not in cells[row["page"] - 1]:
                errs.append(f"{v.name} p{row['page']} {ds}: {row[k]} not printed")
    return errs


def upright_cell_texts(v: Variant) -> tuple[list[set[str]], list[str]]:
    """Cell texts of pages with /Rotate, as cell_texts gives them for upright pages.

    pdfplumber keeps a sideways sheet sideways and loses the ruling of a sheet
    drawn sideways (see read._straighten), so the pages are read with
    dxparse's reader, which turns them upright (read.as_it_reads). Each page must still give one
    ruled table, as `check` asks of the other variants.
    """
    from dxparse.parsers.action_plan.grid import grid_of
    from dxparse.read import read_document

    out: list[set[str]] = []
    errs: list[str] = []
    for page in read_document(OUT / f"{v.name}.pdf").pages:
        texts: set[str] = set()
        if len(page.tables) != 1 or len(page.tables[0].cells) < 100:
            errs.append(f"{v.name} p{page.number}: not one lattice table")
        for table in page.tables:
            for cell in grid_of(page, table).cells:
                value = norm(cell.raw)
                if value:
                    texts.add(value.replace(" ", ""))
        out.append(texts)
    if len(out) != 2 * len(v.initiatives):
        errs.append(f"{v.name}: {len(out)} pages")
    return out, errs


# ------------------------------------------------------------------- data

OTHER = (False, False, True)
PAST_OK = "計画どおり"


def kashiwa_like_years(
    years: tuple[int, ...],
    texts: list[str | None],
    statuses: list[str | None],
    other: list[str | None] | None = None,
) -> dict[int, tuple[str | None, str | None, str | None]]:
    other = other or [None] * len(years)
    return {y: (t, s, o) for y, t, s, o in zip(years, texts, statuses, other, strict=True)}


H28_R2 = (2016, 2017, 2018, 2019, 2020)
R3_R7 = (2021, 2022, 2023, 2024, 2025)
NOTE_B = "※重要度Ａ事業は副市長，重要度Ｂ事業は部局長を評価者とする"


def variant1() -> Variant:
    """推進項目52, edition 令和2年度 (footer Ｒ２), two initiatives."""
    y = H28_R2
    i1 = Initiative(
        item_no=52,
        item_name="ＩＣＴを活用した業務の効率化",
        initiative_id="52001",
        name="定型業務へのＲＰＡの導入",
        importance="Ｂ",
        department="総務部　情報政策課",
        department_code="020300",
        manager="佐々木　健太",
        staff="山口　里美",
        created=date(2020, 4, 1),
        updated=date(2021, 3, 31),
        start_fy=2018,
        end_fy=2020,
        effects=(False, True, True),
        final_goal="　職員が手作業で行っている定型的な入力・照合業務にＲＰＡを導入し，"
        "事務処理時間の削減と入力誤りの防止を図る。削減した時間は相談業務など職員でなければできない業務に充てる。",
        years=kashiwa_like_years(
            y,
            [
                None,
                None,
                "庁内の定型業務を調査し，ＲＰＡの対象候補業務を２０業務選定した。",
                "個人住民税の異動入力など５業務でＲＰＡの試行運用を行い，効果を検証した。",
                "試行結果を踏まえ，対象業務を１５業務に拡大し本格運用を開始する。",
            ],
            [None, None, "進んでいる", PAST_OK, "完了"],
            [None, None, "入力誤りの防止", "入力誤りの防止", "入力誤りの防止"],
        ),
        indicator_name="ＲＰＡによる削減時間（年間）",
        indicator_unit="時間",
        indicator={
            "initial_plan": {"baseline": 0, 2019: 1000, 2020: 3000, "final": 3000},
            "revised_plan": {2019: 800, 2020: 2500, "final": 2500},
            "actual": {2018: 0, 2019: 1124, 2020: 2731, "final": 2731},
        },
        fiscal=effects_formula(
            {},
            {
                "initial_plan": {2019: 2100, 2020: 6300},
                "revised_plan": {2019: 1680, 2020: 5250},
                "actual": {2019: 2360, 2020: 5735},
            },
            y,
        ),
        tasks=[
            ("対象業務の追加選定", True, False, False, False),
            ("シナリオの作成・テスト", True, True, False, False),
            ("本格運用の開始", False, True, True, True),
            ("効果測定と職員向け説明会", False, False, True, True),
        ],
        review=Review(
            status="完了",
            midyear_progress="計画どおり",
            midyear_comment="対象業務を１５業務に拡大し，７月から本格運用を開始した。"
            "シナリオの保守は各課の担当職員が行えるよう手順書を整備した。",
            outcome="達　成",
            activity="完了\n（事業終了）",
            yearend_comment="１５業務で本格運用を行い，年間２，７３１時間の作業時間を削減した。"
            "計画値を上回る削減効果が得られたため，アクションプランとしては終了する。",
            indicator_plan=2500,
            indicator_actual=2731,
            rating="Ａ",
            direction="完了\n（目的達成）",
            evaluator="部長",
            evaluation_comment="計画を上回る時間削減を達成した。今後は他部署への横展開を進めること。",
        ),
    )
    i2 = Initiative(
        item_no=52,
        item_name="ＩＣＴを活用した業務の効率化",
        initiative_id="52002",
        name="電子決裁システムの導入",
        importance="Ｂ",
        department="総務部　文書課",
        department_code="020100",
        manager="小川　直樹",
        staff="文書担当",
        created=date(2020, 4, 1),
        updated=date(2021, 3, 31),
        start_fy=2016,
        end_fy=2020,
        effects=(False, True, True),
        final_goal="文書管理システムに電子決裁機能を導入し，紙による決裁を原則廃止することで，"
        "決裁期間の短縮と用紙・保管スペースの削減を図る。",
        years=kashiwa_like_years(
            y,
            [
                "先進市の事例調査を行った。",
                "導入に向けた要件を整理し，仕様書を作成した。",
                "システム改修を行い，一部の課で試行を開始した。",
                "全庁で電子決裁を開始した。",
                "電子決裁率９０％を目指し，紙決裁が残る業務の見直しを行う。",
            ],
            [PAST_OK, PAST_OK, "遅れている", PAST_OK, "実施"],
            [None, None, "決裁期間の短縮", "決裁期間の短縮", "決裁期間の短縮"],
        ),
        indicator_name="電子決裁率",
        indicator_unit="％",
        indicator={
            "initial_plan": {"baseline": 0, 2018: 20, 2019: 60, 2020: 90, "final": 90},
            "revised_plan": {2018: 10, 2019: 50, 2020: 90, "final": 90},
            "actual": {2018: 8, 2019: 54, 2020: 87, "final": 87},
        },
        fiscal=effects_formula(
            {},
            {
                "initial_plan": {"baseline": 4210, 2018: 300, 2019: 900, 2020: 1200},
                "revised_plan": {2018: 150, 2019: 750, 2020: 1200},
                "actual": {2018: 120, 2019: 810, 2020: 1130},
            },
            y,
        ),
        tasks=[
            ("紙決裁が残る業務の洗い出し", True, True, False, False),
            ("例規・規程の改正", False, True, True, False),
            ("職員研修の実施", False, False, True, True),
        ],
        review=Review(
            status="実施",
            midyear_progress="遅れている",
            midyear_comment="新型コロナウイルス感染症対応のため，業務の洗い出しに遅れが生じている。",
            outcome="一部達成",
            activity="遅れている",
            yearend_comment="電子決裁率は８７％となり，計画値の９０％には届かなかった。"
            "添付資料が多い契約関係の決裁で紙が残っている。",
            indicator_plan=90,
            indicator_actual=87,
            rating="Ｂ",
            direction="取組み強化",
            evaluator="中村　達也",
            evaluation_comment="契約関係の決裁の電子化について，財政部と連携して早期に方針を定めること。",
        ),
    )
    return Variant(
        name="v1_item52_r2_edition",
        what="推進項目52, edition 令和2年度 (title アクションプラン（令和２年度）, footer Ｒ２), "
        "作成日 R2.4.1 / 更新日 R3.3.31, plan 平成28～令和2年度 with 令和2年度 current; "
        "2 initiatives, landscape IPAexGothic as the sample; 達　成 printed with a space",
        edition_fy=2020,
        plan_years=y,
        initiatives=[i1, i2],
    )


def variant2() -> Variant:
    """Portrait, Mincho, other widths and heights, stacked vertical labels."""
    y = H28_R2
    i1 = Initiative(
        item_no=13,
        item_name="公共施設マネジメントの推進",
        initiative_id="13004",
        name="公共施設予約システムの更新",
        importance="Ｂ",
        department="市民活動推進部　市民活動課",
        department_code="120400",
        manager="高橋　みどり",
        staff="吉田　浩二",
        created=date(2019, 4, 1),
        updated=date(2020, 3, 31),
        start_fy=2017,
        end_fy=2020,
        effects=(True, False, True),
        final_goal="公共施設予約システムを更新し，スマートフォンからの予約と"
        "キャッシュレス決済に対応することで，利用者の利便性向上と施設の稼働率向上を図る。",
        years=kashiwa_like_years(
            y,
            [
                None,
                "現行システムの課題を整理し，利用者アンケートを実施した。",
                "新システムの仕様を決定し，事業者を選定した。",
                "新システムを稼働し，スマートフォン予約を開始する。",
                "キャッシュレス決済を導入し，稼働率の分析を行う。",
            ],
            [None, PAST_OK, "進んでいる", "実施", "完了"],
            [
                None,
                "窓口に来なくても予約が可能となる。",
                "窓口に来なくても予約が可能となる。",
                "窓口に来なくても予約が可能となる。",
                "窓口に来なくても予約が可能となる。",
            ],
        ),
        indicator_name="施設稼働率（体育館・公民館の平均）",
        indicator_unit="％",
        indicator={
            "initial_plan": {"baseline": 58, 2017: 58, 2018: 60, 2019: 63, 2020: 65, "final": 65},
            "revised_plan": {2019: 62, 2020: 64, "final": 64},
            "actual": {2017: 57, 2018: 59, 2019: 61},
        },
        fiscal=effects_formula(
            {
                "initial_plan": {2019: 500, 2020: 800},
                "revised_plan": {2019: 400, 2020: 700},
                "actual": {2019: 452},
            },
            {},
            y,
        ),
        tasks=[
            ("新システムの稼働", True, False, False, False),
            ("利用者への周知（広報・ホームページ）", True, True, False, False),
            ("利用状況の分析", False, False, True, True),
        ],
        review=Review(
            status="実施",
            midyear_progress="計画どおり",
            midyear_comment="４月に新システムを稼働した。大きな障害はなく，スマートフォンからの予約が全体の４割を占めている。",
            outcome="一部達成",
            activity="計画どおり",
            yearend_comment="施設稼働率は６１％で計画値に届かなかったが，利用者の登録数は増加している。",
            indicator_plan=62,
            indicator_actual=61,
            rating="Ｂ",
            direction="継続実施",
            evaluator="鈴木　一郎",
            evaluation_comment="キャッシュレス決済の導入に向けて関係課と調整を進めること。",
        ),
    )
    return Variant(
        name="v2_portrait_mincho",
        what="portrait A4, IPAexMincho, narrower/wider columns and taller rows than the sample, "
        "効果額/上半期/年度末/評価 as rotated stacked text (not newlines); 歳入増加 effect only, "
        "one initiative (推進項目13)",
        edition_fy=2019,
        plan_years=y,
        initiatives=[i1],
        style=Style(
            font="IPAexMincho",
            size=9,
            landscape=False,
            widths_overall=(7, 6, 11, 14, 10, 10, 10, 10, 10, 10, 4),
            widths_annual=(8, 4, 11, 10, 14, 14, 14, 12, 8, 8, 8, 8),
            row_scale=1.35,
            vertical_rotate=True,
            reiwa_fw=False,
        ),
    )


def variant3() -> Variant:
    """A importance, 副市長, negative and thousand-yen amounts, decimal indicator."""
    y = H28_R2
    i1 = Initiative(
        item_no=23,
        item_name="債権管理の適正化",
        initiative_id="23002",
        name="市税等のキャッシュレス納付の拡大",
        importance="Ａ",
        department="財政部　納税課",
        department_code="040300",
        manager="井上　正和",
        staff="管理担当",
        created=date(2019, 4, 1),
        updated=date(2020, 3, 31),
        start_fy=2016,
        end_fy=2020,
        effects=(True, True, True),
        final_goal="スマートフォン決済アプリやクレジットカードによる納付を導入し，"
        "納期内納付率の向上と収納事務の効率化を図る。",
        years=kashiwa_like_years(
            y,
            [
                "クレジットカード納付の導入を検討した。",
                "クレジットカード納付を開始した。",
                "スマートフォン決済アプリによる納付の導入準備を行った。",
                "スマートフォン決済アプリによる納付を開始する。",
                "口座振替の推進と合わせ，キャッシュレス納付率１５％を目指す。",
            ],
            [PAST_OK, PAST_OK, PAST_OK, "実施", "完了"],
            [None, "夜間・休日の納付が可能となる。", None, None, None],
        ),
        indicator_name="キャッシュレス納付率",
        indicator_unit="％",
        indicator={
            "initial_plan": {
                "baseline": 3.2,
                2017: 5.0,
                2018: 7.5,
                2019: 10.0,
                2020: 15.0,
                "final": 15.0,
            },
            "revised_plan": {2019: 12.5, 2020: 15.0, "final": 15.0},
            "actual": {2016: 3.4, 2017: 6.1, 2018: 8.3, 2019: 12.8},
        },
        fiscal=effects_formula(
            {
                "initial_plan": {2017: 12345, 2018: 15000, 2019: 18000, 2020: 21000},
                "revised_plan": {2019: 19500, 2020: 22750},
                "actual": {2017: 11870, 2018: 15420, 2019: 20115},
            },
            {
                "initial_plan": {"baseline": -350, 2017: -1200, 2018: -800, 2019: 400, 2020: 900},
                "revised_plan": {2019: -1500, 2020: 600},
                "actual": {2016: -420, 2017: -1180, 2018: -760, 2019: -1345},
            },
            y,
        ),
        tasks=[
            ("スマートフォン決済事業者との契約", True, False, False, False),
            ("納付書の様式変更（バーコード印刷）", True, True, False, False),
            ("スマートフォン決済による納付の開始", False, True, False, False),
            ("納税通知書への案内の同封", False, True, True, True),
        ],
        review=Review(
            status="実施",
            midyear_progress="進んでいる",
            midyear_comment="当初予定より１か月早く，７月からスマートフォン決済による納付を開始した。",
            outcome="達成",
            activity="進んでいる",
            yearend_comment="キャッシュレス納付率は１２．８％となり，計画値の１２．５％を上回った。"
            "手数料の増加により歳出は計画より増えている（△１，３４５千円）。",
            indicator_plan=12.5,
            indicator_actual=12.8,
            rating="Ａ",
            direction="継続実施",
            evaluator="副市長",
            evaluation_comment="納付率の向上が確認できた。手数料負担とのバランスを検証しながら進めること。",
        ),
    )
    i2 = Initiative(
        item_no=23,
        item_name="債権管理の適正化",
        initiative_id="23005",
        name="滞納整理の強化と債権の一元管理",
        importance="Ａ",
        department="財政部　債権管理課",
        department_code="040500",
        manager="松本　由美子",
        staff="徴収第一担当",
        created=date(2019, 4, 1),
        updated=date(2020, 3, 31),
        start_fy=2016,
        end_fy=2020,
        effects=(True, False, False),
        final_goal="市税以外の債権（保育料・市営住宅使用料等）の滞納整理を債権管理課に集約し，"
        "収入未済額を削減する。",
        years=kashiwa_like_years(
            y,
            [
                "債権管理条例を制定した。",
                "保育料の滞納整理の移管を受けた。",
                "市営住宅使用料の滞納整理の移管を受けた。",
                "移管債権の催告と財産調査を強化する。",
                "収入未済額を平成２７年度比で２０％削減する。",
            ],
            [PAST_OK, PAST_OK, "遅れている", "実施", "完了"],
        ),
        indicator_name="移管債権の収入未済額",
        indicator_unit="千円",
        indicator={
            "initial_plan": {
                "baseline": 182400,
                2018: 170000,
                2019: 158000,
                2020: 145920,
                "final": 145920,
            },
            "actual": {2016: 180250, 2017: 176310, 2018: 171085, 2019: 160432},
        },
        fiscal=effects_formula(
            {
                "initial_plan": {2017: 2000, 2018: 4500, 2019: 6000, 2020: 7500},
                "actual": {2016: 1150, 2017: 3940, 2018: 5225, 2019: 10653},
            },
            {},
            y,
        ),
        tasks=[
            ("催告書の一斉発送", True, False, True, False),
            ("財産調査・差押え", True, True, True, True),
        ],
        review=Review(
            status="実施",
            midyear_progress="計画どおり",
            midyear_comment="催告書を６月に一斉発送した。",
            outcome="未達成",
            activity="計画どおり",
            yearend_comment="収入未済額は１６０，４３２千円で，計画値をやや上回った。",
            indicator_plan=158000,
            indicator_actual=160432,
            rating="Ｃ",
            direction="取組み強化",
            evaluator="副市長",
            evaluation_comment="差押え等の滞納処分を着実に進め，収入未済額の削減に努めること。",
        ),
    )
    return Variant(
        name="v3_a_importance_negative",
        what="重要度Ａ evaluated by 副市長; △ negative amounts (△1,200) and thousand-yen figures "
        "(12,345; note （単位：千円） above the grid, amounts kept as printed); decimal indicator "
        "values (12.5 %, 3.2, 15.0 → 15.0); all three 効果 boxes; rating Ｃ / 未達成",
        edition_fy=2019,
        plan_years=y,
        initiatives=[i1, i2],
        style=Style(unit_note="（単位：千円）"),
    )


def variant4() -> Variant:
    """Empty indicator grid, blank 効果額 cells, 令和元年度 / long wareki dates."""
    y = H28_R2
    i1 = Initiative(
        item_no=31,
        item_name="窓口サービスの向上",
        initiative_id="31003",
        name="窓口案内表示の多言語化",
        importance="Ｃ",
        department="市民生活部　市民課",
        department_code="051000",
        manager="森　大輔",
        staff="窓口担当",
        created=date(2019, 5, 7),
        updated=date(2020, 3, 31),
        start_fy=2018,
        end_fy=2019,
        effects=OTHER,
        final_goal="外国人住民の増加に対応し，窓口の案内表示を４言語（英語・中国語・韓国語・ベトナム語）で表示する。",
        years=kashiwa_like_years(
            y,
            [None, None, "表示する案内の内容を整理した。", "案内表示を４言語化する。", None],
            [None, None, PAST_OK, "完了", None],
            [None, None, None, "外国人住民の手続き時間の短縮", None],
        ),
        indicator_name="多言語化した案内表示の数",
        indicator_unit="枚",
        indicator={},
        fiscal={},
        tasks=[
            ("翻訳内容の確認", True, False, False, False),
            ("案内表示の作成・掲示", False, True, False, False),
        ],
        review=Review(
            status="完了",
            midyear_progress="計画どおり",
            midyear_comment="９月までに全ての案内表示を掲示した。",
            outcome="その他",
            activity="完了\n（事業終了）",
            yearend_comment="成果指標の計画値を設定していなかったため，達成状況はその他とした。",
            indicator_plan=None,
            indicator_actual=None,
            rating="Ｂ",
            direction="完了\n（目的達成）",
            evaluator="部長",
            evaluation_comment="外国人住民からの問合せに応じて，表示内容を随時見直すこと。",
        ),
    )
    i2 = Initiative(
        item_no=31,
        item_name="窓口サービスの向上",
        initiative_id="31004",
        name="証明書郵送請求の受付一元化",
        importance="Ｂ",
        department="市民生活部　市民課",
        department_code="051000",
        manager="森　大輔",
        staff="郵送担当",
        created=date(2019, 5, 7),
        updated=date(2020, 3, 31),
        start_fy=2017,
        end_fy=2020,
        effects=(False, True, False),
        final_goal="各出張所で受け付けている証明書の郵送請求を本庁に集約し，事務の効率化を図る。",
        years=kashiwa_like_years(
            y,
            [
                None,
                "各出張所の郵送請求件数を調査した。",
                "集約に向けた事務手順を整理した。",
                "郵送請求の受付を本庁に集約する。",
                "集約後の処理日数を検証する。",
            ],
            [None, PAST_OK, PAST_OK, "実施", "完了"],
        ),
        indicator_name="郵送請求の平均処理日数",
        indicator_unit="日",
        indicator={
            "initial_plan": {"baseline": 5, 2019: 3, 2020: 2, "final": 2},
            "actual": {2017: 5, 2018: 4},
        },
        # blank cells: only what is printed; 計 only where a component is printed,
        # 最終値 of 実績額 not printed (year not closed)
        fiscal={
            "expenditure": {
                "initial_plan": {2019: 820, 2020: 820, "final": 1640},
                "actual": {2019: 760},
            },
            "total": {
                "initial_plan": {2019: 820, 2020: 820, "final": 1640},
                "actual": {2019: 760},
            },
        },
        tasks=[
            ("出張所との調整", True, False, False, False),
            ("受付の集約", False, True, False, False),
            ("処理日数の検証", False, False, True, True),
        ],
        review=Review(
            status="実施",
            midyear_progress="計画どおり",
            midyear_comment="１０月から郵送請求の受付を本庁に集約した。",
            outcome="達成",
            activity="計画どおり",
            yearend_comment="集約後の平均処理日数は３日となった。",
            indicator_plan=3,
            indicator_actual=3,
            rating="Ｂ",
            direction="継続実施",
            evaluator="部長",
            evaluation_comment=None,
        ),
    )
    return Variant(
        name="v4_blanks_gannen",
        what="31003: indicator name/unit printed but no value in the grid "
        "(no ap_indicator_values rows, review 計画値/実績値 blank → null), "
        "no 効果額 printed at all, years 平成28/29 and 令和2 "
        "blank; 31004: sparse 効果額 grid (blank = no row, 最終値 of 実績額 blank); 作成日 "
        "令和元年5月7日 and 取組年度 平成30年度～令和元年度 written out; empty evaluation comment",
        edition_fy=2019,
        plan_years=y,
        initiatives=[i1, i2],
        style=Style(date_style="long", span_style="long", reiwa_fw=False),
    )


def variant5() -> Variant:
    """Half-width katakana, 8 tasks, 計画変更 有."""
    y = H28_R2
    i1 = Initiative(
        item_no=51,
        item_name="行政サービスの電子化の推進",
        initiative_id="51007",
        name="ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞを活用した行政手続のオンライン化",
        importance="Ｂ",
        department="企画部　デジタル推進課",
        department_code="011200",
        manager="清水　拓也",
        staff="前田　沙織",
        created=date(2019, 4, 1),
        updated=date(2020, 3, 31),
        start_fy=2019,
        end_fy=2020,
        effects=OTHER,
        final_goal="ﾏｲﾅﾎﾟｰﾀﾙのぴったりサービスを活用し，子育て・介護分野の手続を"
        "オンラインで申請できるようにする。",
        years=kashiwa_like_years(
            y,
            [
                None,
                None,
                None,
                "子育て分野の１５手続をオンライン化する。",
                "介護分野の手続を追加し，オンライン申請件数の増加を図る。",
            ],
            [None, None, None, "実施", "完了"],
            [
                None,
                None,
                None,
                "来庁不要となり，ｽﾏｰﾄﾌｫﾝから申請できる。",
                "来庁不要となり，ｽﾏｰﾄﾌｫﾝから申請できる。",
            ],
        ),
        indicator_name="オンライン申請件数",
        indicator_unit="件",
        indicator={
            "initial_plan": {"baseline": 0, 2019: 500, 2020: 1500, "final": 1500},
            "revised_plan": {2019: 300, 2020: 1000, "final": 1000},
            "actual": {2019: 412},
        },
        fiscal=effects_formula({}, {}, y),
        tasks=[
            ("対象手続の選定", True, False, False, False),
            ("電子申請様式の作成", True, True, False, False),
            ("庁内システムとの連携確認", False, True, False, False),
            ("ﾏｲﾅﾎﾟｰﾀﾙへの登録", False, True, True, False),
            ("ホームページ・広報での周知", False, False, True, False),
            ("受付開始（子育て分野）", False, False, True, True),
            ("申請件数の集計・分析", False, False, False, True),
            ("次年度対象手続の検討", True, False, True, True),
        ],
        review=Review(
            status="実施",
            midyear_progress="遅れている",
            midyear_comment="ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞの交付率が低く，電子署名が必要な手続の利用が伸びていない。"
            "ｱﾝｹｰﾄの結果を踏まえ，周知方法を見直す。",
            outcome="一部達成",
            activity="遅れている",
            yearend_comment="子育て分野の１５手続の受付を開始した。申請件数は４１２件で，"
            "計画値の３００件を上回ったが，当初計画値には届かなかった。",
            indicator_plan=300,
            indicator_actual=412,
            rating="Ｂ",
            direction="取組み強化",
            evaluator="部長",
            evaluation_comment="ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞの普及と合わせて，利用しやすい手続から順次拡大すること。",
            change_plan_content=True,
            change_plan_values=False,
            change_plan_comment="介護分野に加え，転入予約の手続を追加する。",
        ),
    )
    return Variant(
        name="v5_katakana_tasks",
        what="half-width katakana in the name, goal, other effects, comments and tasks "
        "(ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ → マイナンバーカード); 8 numbered tasks with ○ in varied quarters; "
        "計画変更 取組内容 有 / 計画値 無 with a comment; all-zero 効果額 formula grid",
        edition_fy=2019,
        plan_years=y,
        initiatives=[i1],
    )


def variant6() -> Variant:
    """A later plan period: 令和3～令和7年度, edition 令和3年度, baseline 令和2年度."""
    y = R3_R7
    i1 = Initiative(
        item_no=8,
        item_name="デジタル技術を活用した市民サービスの向上",
        initiative_id="08001",
        name="オンライン相談窓口の開設",
        importance="Ｂ",
        department="健康医療部　健康増進課",
        department_code="170300",
        manager="岡田　恵",
        staff="母子保健担当",
        created=date(2021, 4, 1),
        updated=date(2022, 3, 31),
        start_fy=2021,
        end_fy=2023,
        effects=OTHER,
        final_goal="妊娠・子育てに関する相談をビデオ通話で受けられるオンライン窓口を開設し，"
        "来所が難しい市民の相談機会を確保する。",
        years=kashiwa_like_years(
            y,
            [
                "オンライン相談の試行を開始する。",
                "予約システムと連携し，本格実施する。",
                "相談分野を拡大する。",
                None,
                None,
            ],
            ["実施", None, "完了", None, None],
            [
                "来所せずに相談できる。",
                "来所せずに相談できる。",
                "来所せずに相談できる。",
                None,
                None,
            ],
        ),
        indicator_name="オンライン相談件数",
        indicator_unit="件",
        indicator={
            "initial_plan": {"baseline": 0, 2021: 120, 2022: 300, 2023: 480, "final": 480},
            "actual": {2021: 136},
        },
        fiscal=effects_formula({}, {}, y),
        tasks=[
            ("ビデオ通話環境の整備", True, False, False, False),
            ("試行実施", False, True, True, True),
        ],
        review=Review(
            status="実施",
            midyear_progress="計画どおり",
            midyear_comment="８月からオンライン相談の試行を開始した。",
            outcome="達成",
            activity="計画どおり",
            yearend_comment="相談件数は１３６件で計画値を上回った。",
            indicator_plan=120,
            indicator_actual=136,
            rating="Ａ",
            direction="継続実施",
            evaluator="部長",
            evaluation_comment="利用者の声を踏まえ，相談時間帯の拡大を検討すること。",
        ),
    )
    i2 = Initiative(
        item_no=8,
        item_name="デジタル技術を活用した市民サービスの向上",
        initiative_id="08002",
        name="図書館の電子書籍サービスの導入",
        importance="Ｃ",
        department="生涯学習部　図書館",
        department_code="284000",
        manager="西村　香織",
        staff="資料担当",
        created=date(2021, 4, 1),
        updated=date(2022, 3, 31),
        start_fy=2021,
        end_fy=2025,
        effects=(False, True, True),
        final_goal="電子書籍サービスを導入し，来館できない市民にも読書の機会を提供する。",
        years=kashiwa_like_years(
            y,
            [
                "電子書籍サービスを導入する。",
                "児童向けコンテンツを拡充する。",
                "学校との連携を進める。",
                "利用状況を踏まえコンテンツを見直す。",
                "紙の資料購入と合わせた資料収集方針を定める。",
            ],
            ["実施", None, None, None, "完了"],
            ["24時間貸出・返却が可能となる。", None, None, None, None],
        ),
        indicator_name="電子書籍の年間貸出数",
        indicator_unit="冊",
        indicator={
            "initial_plan": {
                "baseline": 0,
                2021: 8000,
                2022: 12000,
                2023: 15000,
                2024: 18000,
                2025: 20000,
                "final": 20000,
            },
            "actual": {2021: 9214},
        },
        fiscal=effects_formula(
            {},
            {
                "initial_plan": {2021: 150, 2022: 300, 2023: 300, 2024: 300, 2025: 300},
                "actual": {2021: 185},
            },
            y,
        ),
        tasks=[
            ("事業者の選定・契約", True, False, False, False),
            ("サービス開始", False, True, False, False),
            ("利用者への周知", False, True, True, False),
        ],
        review=Review(
            status="実施",
            midyear_progress="進んでいる",
            midyear_comment="７月に電子書籍サービスを開始した。",
            outcome="達成",
            activity="進んでいる",
            yearend_comment="年間貸出数は９，２１４冊で計画値を上回った。",
            indicator_plan=8000,
            indicator_actual=9214,
            rating="Ｂ",
            direction="継続実施",
            evaluator="部長",
            evaluation_comment="コンテンツの充実に努めること。",
        ),
    )
    return Variant(
        name="v6_r3_plan_period",
        what="a later plan period 令和3～令和7年度 "
        "(title アクションプラン全体計画　（令和３～令和７年度）), "
        "edition 令和3年度 (footer Ｒ３), baseline 令和2年度当初予算（基準） → 2020, all-令和 year "
        "labels, 取組年度 Ｒ３ ～ Ｒ５, 区分 only for some plan years; initiative id with a "
        "leading zero (08001)",
        edition_fy=2021,
        plan_years=y,
        initiatives=[i1, i2],
    )


R5_R7 = (2023, 2024, 2025)


def variant7() -> Variant:
    """架空市, edition 令和4年度, pages with /Rotate (sheet drawn sideways or shown sideways)."""
    y = R3_R7
    i1 = Initiative(
        item_no=3,
        item_name="窓口のデジタル化",
        initiative_id="03002",
        name="書かない窓口の導入",
        importance="Ａ",
        department="市民部　市民窓口課",
        department_code="030100",
        manager="藤井　康弘",
        staff="窓口改革担当",
        created=date(2022, 4, 1),
        updated=date(2023, 3, 31),
        start_fy=2021,
        end_fy=2024,
        effects=(False, True, True),
        final_goal="マイナンバーカード等の情報から申請書を作成し，市民が窓口で申請書を書かずに"
        "手続できるようにする。",
        years=kashiwa_like_years(
            y,
            [
                "先行自治体の事例を調査した。",
                "住民異動届で書かない窓口を開始する。",
                "対象手続を証明書交付に拡大する。",
                "全ての窓口手続に拡大する。",
                None,
            ],
            [PAST_OK, "実施", "実施", "完了", None],
            [None, "申請書記入の負担軽減", "申請書記入の負担軽減", "申請書記入の負担軽減", None],
        ),
        indicator_name="窓口の平均手続時間",
        indicator_unit="分",
        indicator={
            "initial_plan": {"baseline": 25, 2022: 20, 2023: 15, 2024: 12, "final": 12},
            "actual": {2021: 25, 2022: 18},
        },
        fiscal=effects_formula(
            {},
            {
                "initial_plan": {2022: 1500, 2023: 3200, 2024: 4100},
                "actual": {2022: 1720},
            },
            y,
        ),
        tasks=[
            ("申請書作成支援システムの構築", True, False, False, False),
            ("職員研修", True, True, False, False),
            ("住民異動届での運用開始", False, True, True, True),
        ],
        review=Review(
            status="実施",
            midyear_progress="進んでいる",
            midyear_comment="７月に住民異動届での運用を開始した。",
            outcome="達成",
            activity="進んでいる",
            yearend_comment="平均手続時間は１８分となり，計画値の２０分を下回った。",
            indicator_plan=20,
            indicator_actual=18,
            rating="Ａ",
            direction="継続実施",
            evaluator="副市長",
            evaluation_comment="対象手続の拡大を着実に進めること。",
        ),
    )
    i2 = Initiative(
        item_no=3,
        item_name="窓口のデジタル化",
        initiative_id="03003",
        name="キャッシュレス決済の導入",
        importance="Ｂ",
        department="財政部　会計課",
        department_code="040200",
        manager="中島　和也",
        staff="出納担当",
        created=date(2022, 4, 1),
        updated=date(2023, 3, 31),
        start_fy=2022,
        end_fy=2023,
        effects=OTHER,
        final_goal="窓口の手数料等の支払いにキャッシュレス決済を導入し，市民の利便性を高める。",
        years=kashiwa_like_years(
            y,
            [
                None,
                "本庁舎の窓口で導入する。",
                "支所・出張所に拡大する。",
                None,
                None,
            ],
            [None, "実施", "完了", None, None],
            [None, "現金を持たずに支払いができる。", "現金を持たずに支払いができる。", None, None],
        ),
        indicator_name="キャッシュレス決済の利用率",
        indicator_unit="％",
        indicator={
            "initial_plan": {"baseline": 0, 2022: 20, 2023: 30, "final": 30},
            "actual": {2022: 23.4},
        },
        fiscal=effects_formula({}, {}, y),
        tasks=[
            ("決済事業者の選定", True, False, False, False),
            ("端末の設置", False, True, False, False),
        ],
        review=Review(
            status="実施",
            midyear_progress="計画どおり",
            midyear_comment="９月に端末を設置した。",
            outcome="達成",
            activity="計画どおり",
            yearend_comment="利用率は２３．４％で計画値を上回った。",
            indicator_plan=20,
            indicator_actual=23.4,
            rating="Ｂ",
            direction="継続実施",
            evaluator="部長",
            evaluation_comment="支所への拡大に向けて準備を進めること。",
        ),
    )
    return Variant(
        name="v7_rotated_kakuu_r4",
        what="架空市 (title 架空市アクションプラン（令和４年度）), edition 令和4年度 of the "
        "令和3～7年度 plan (footer Ｒ４); every page has a /Rotate: p1 /Rotate 90 and p2 "
        "/Rotate 270 with the sheet drawn sideways on a portrait page (shown upright), p3 "
        "/Rotate 90 and p4 /Rotate 270 on the landscape page (shown sideways)",
        edition_fy=2022,
        plan_years=y,
        initiatives=[i1, i2],
        municipality="架空市",
        style=Style(
            title_prefix="架空市",
            rotate=(("content", 90), ("content", 270), ("page", 90), ("page", 270)),
        ),
    )


def variant8() -> Variant:
    """Other widths, heights, merges and label wording; a 3-year plan; 第1四半期 …"""
    y = R5_R7
    i1 = Initiative(
        item_no=2,
        item_name="行政手続のオンライン化",
        initiative_id="2001",
        name="粗大ごみ収集のオンライン申込",
        importance="Ｂ",
        department="環境部　清掃課",
        department_code="061100",
        manager="石川　聡",
        staff="収集担当",
        created=date(2023, 4, 3),
        updated=date(2024, 3, 29),
        start_fy=2023,
        end_fy=2025,
        effects=(False, True, True),
        final_goal="粗大ごみ収集の申込と手数料の支払いをオンラインで完結できるようにし，"
        "電話受付の負担を減らす。",
        years=kashiwa_like_years(
            y,
            [
                "オンライン申込を開始する。",
                "手数料のオンライン決済を導入する。",
                "申込の５割をオンライン化する。",
            ],
            ["実施", "実施", "完了"],
            ["24時間申込ができる。", "24時間申込ができる。", "24時間申込ができる。"],
        ),
        indicator_name="オンライン申込の割合",
        indicator_unit="％",
        indicator={
            "initial_plan": {"baseline": 0, 2023: 20, 2024: 35, 2025: 50, "final": 50},
            "actual": {2023: 27},
        },
        fiscal=effects_formula(
            {},
            {
                "initial_plan": {2023: 600, 2024: 1050, 2025: 1500},
                "revised_plan": {2024: 1200, 2025: 1500},
                "actual": {2023: 810},
            },
            y,
        ),
        tasks=[
            ("申込フォームの作成", True, False, False, False),
            ("オンライン申込の開始", False, True, False, False),
            ("決済方法の検討", False, False, True, True),
        ],
        review=Review(
            status="実施",
            midyear_progress="進んでいる",
            midyear_comment="７月にオンライン申込を開始した。",
            outcome="達成",
            activity="進んでいる",
            yearend_comment="オンライン申込の割合は２７％で計画値を上回った。",
            indicator_plan=20,
            indicator_actual=27,
            rating="Ａ",
            direction="取組み強化",
            evaluator="部長",
            evaluation_comment="決済の導入を前倒しで検討すること。",
            change_plan_content=False,
            change_plan_values=True,
            change_plan_comment="令和６年度の計画額を見直す。",
        ),
    )
    quarters = ("第1四半期", "第2四半期", "第3四半期", "第4四半期")
    return Variant(
        name="v8_wording_3years",
        what="a 3-year plan (令和5～7年度) whose years span merged columns (E, F:G, H:I) in "
        "the grids, two spare ruled rows under the 年度 rows; other column widths and row "
        "heights; another city's wording: 作成年月日 / 更新年月日, 今後の方向性, 取組番号・取組名, "
        "担当部局, 担当者名, 取組期間, and quarters 第1四半期 … 第4四半期; a 4-digit initiative id",
        edition_fy=2023,
        plan_years=y,
        initiatives=[i1],
        style=Style(
            widths_overall=(5.5, 8.0, 10.0, 12.0, 13.5, 9.0, 9.0, 10.5, 10.5, 12.0, 6.5),
            widths_annual=(6.0, 4.5, 12.5, 9.0, 16.0, 12.0, 12.0, 10.0, 9.0, 9.0, 9.0, 9.0),
            row_scale=1.2,
            year_spans=("E", "F:G", "H:I"),
            labels={
                "作成日": "作成年月日",
                "更新日": "更新年月日",
                "方向性": "今後の方向性",
                "番号・取組事業名": "取組番号・取組名",
                "担当部署": "担当部局",
                "担当者": "担当者名",
                "取組年度": "取組期間",
                **dict(zip(("4～6月", "7～9月", "10～12月", "1～3月"), quarters, strict=True)),
            },
        ),
    )


def variant9() -> Variant:
    """Noto Sans CJK at 7 pt, decimal 千円 amounts, a mid-year sheet with no evaluation."""
    y = R3_R7
    i1 = Initiative(
        item_no=14,
        item_name="使用料・手数料の適正化",
        initiative_id="14002",
        name="公共施設使用料の見直し",
        importance="Ａ",
        department="財政部　財政課",
        department_code="040100",
        manager="原田　真理子",
        staff="財政担当",
        created=date(2024, 4, 1),
        updated=date(2024, 10, 31),
        start_fy=2021,
        end_fy=2025,
        effects=(True, True, False),
        final_goal="受益者負担の原則に基づき公共施設の使用料を見直し，施設の維持管理経費に"
        "見合った収入を確保する。",
        years=kashiwa_like_years(
            y,
            [
                "使用料の算定方法を定めた。",
                "算定方法に基づく改定案を作成した。",
                "改定案について市民説明会を行った。",
                "改定後の使用料を適用する。",
                "改定の効果を検証する。",
            ],
            [PAST_OK, "遅れている", PAST_OK, "実施", "完了"],
        ),
        indicator_name="使用料収入",
        indicator_unit="千円",
        indicator={
            "initial_plan": {
                "baseline": 84250.5,
                2023: 86000,
                2024: 91500,
                2025: 92000,
                "final": 92000,
            },
            "actual": {2021: 83120.4, 2022: 84980.2, 2023: 85510.8},
        },
        fiscal=effects_formula(
            {
                "initial_plan": {2024: 6250.5, 2025: 6750.5},
                "actual": {2023: 1260.4},
            },
            {
                "initial_plan": {"baseline": -1200.5, 2024: -350.5, 2025: 1240},
                "actual": {2023: -120.3},
            },
            y,
        ),
        tasks=[
            ("条例改正", True, False, False, False),
            ("施設利用者への周知", True, True, False, False),
            ("新使用料の適用", False, False, True, True),
        ],
        review=Review(
            status="実施",
            midyear_progress="計画どおり",
            midyear_comment="６月議会で条例改正が可決された。１０月から新使用料を適用する。",
            outcome=None,
            activity=None,
            yearend_comment=None,
            indicator_plan=91500,
            indicator_actual=None,
            rating=None,
            direction=None,
            evaluator=None,
            evaluation_comment=None,
            change_plan_content=None,
            change_plan_values=None,
        ),
    )
    return Variant(
        name="v9_noto7pt_midyear",
        what="Noto Sans CJK JP at 7 pt (title 10 pt); edition 令和6年度 published at mid-year: "
        "年度末, 計画変更 and 評価 blank (review fields null, not guessed); 効果額 and "
        "indicator in 千円 with decimals and △ (`△1,200.5`, `84,250.5`); 作成日 R6.4.1 / "
        "更新日 R6.10.31",
        edition_fy=2024,
        plan_years=y,
        initiatives=[i1],
        style=Style(font="Noto Sans CJK JP", size=7, title_size=10, unit_note="（単位：千円）"),
    )


def variant10() -> Variant:
    """A town's titles with its prefecture and plan name; another town's label wording."""
    base = variant1()
    return replace(
        base,
        name="v10_town_title_wording",
        what="v1's sheets published by a town: titles 千葉県架空町行政改革アクションプラン…, "
        "so the municipality is 架空町; that town's wording 優先度 (重要度), 実施項目 "
        "(取組項目), 年度末評価 (年度末) and 評価者名 (評価者)",
        municipality="架空町",
        style=replace(
            base.style,
            title_prefix="千葉県架空町行政改革",
            labels={
                "重要度": "優先度",
                "取組項目": "実施項目",
                "年度末": "年度末評価",
                "評価者": "評価者名",
            },
        ),
    )


def variant11() -> Variant:
    """v1's sheets with the ways other cities print codes, years, ticks and 有/無."""
    base = variant1()
    initiatives = [
        replace(
            it,
            initiative_id=f"{it.initiative_id[:2]}-{it.initiative_id[2:]}",
            review=replace(it.review, change_plan_content=True, change_plan_values=False),
        )
        for it in base.initiatives
    ]
    return replace(
        base,
        name="v11_codes_ticks_two_era_years",
        what="v1's two initiatives with hyphenated initiative ids (52-001: the whole code is "
        "the id, not 52), 令和元年度 printed as H31/R1 in the year rows and grid headers, "
        "quarters ticked ✓, and 計画変更 printed 有り / 無し",
        initiatives=initiatives,
        style=replace(base.style, tick="✓", yes_no=("有り", "無し"), year_labels={2019: "H31/R1"}),
    )


VARIANTS: dict[str, Callable[[], Variant]] = {
    "v1_item52_r2_edition": variant1,
    "v2_portrait_mincho": variant2,
    "v3_a_importance_negative": variant3,
    "v4_blanks_gannen": variant4,
    "v5_katakana_tasks": variant5,
    "v6_r3_plan_period": variant6,
    "v7_rotated_kakuu_r4": variant7,
    "v8_wording_3years": variant8,
    "v9_noto7pt_midyear": variant9,
    "v10_town_title_wording": variant10,
    "v11_codes_ticks_two_era_years": variant11,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("names", nargs="*", help="variants to build (default: all)")
    ap.add_argument("--check", action="store_true", help="only check the committed files")
    args = ap.parse_args(argv)
    names = args.names or list(VARIANTS)
    errs: list[str] = []
    for name in names:
        v = VARIANTS[name]()
        if not args.check:
            build(v)
        errs += check(v)
    for e in errs:
        print("CHECK:", e, file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    raise SystemExit(main())
