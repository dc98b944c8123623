"""Action-plan sheets from a text layer of any origin, read by content.

The seed-layout reader (text.py) reads the line arrangement of the layers it
was written for; pdfminer or pypdfium2 arrange the same cells otherwise. Here
each page is cut into typed segments (text_segments.py) and each value is
taken where the text settles it: right after its label (glued on one line
or the next segment), or by what it says where only one segment of the page
can say it (the one grade left, the one outcome word). What is not settled
is null; every segment not used is left to the coverage ledger.

The two number grids are read by text_grid, handed one page's lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import regex

from dxparse.document import SourceDocument
from dxparse.normalise import normalize_text
from dxparse.parsers.action_plan import common, text_grid
from dxparse.parsers.action_plan.common import AnnualSheet, OverallSheet, compact
from dxparse.parsers.action_plan.text_segments import Segment, is_boxed, segments
from dxparse.records import ParseResult, Source
from dxparse.utils.orientation import SIDEWAYS_REASON, printed_sideways
from dxparse.vocabulary import shipped

_AP = shipped().action_plan
_W = _AP.words
# An initiative's number has at least this many digits (`2001`, `4-001`); a
# lone digit after the label is a turned page's characters, not a number.
MIN_ID_DIGITS = 3


@dataclass(slots=True)
class _Page:
    """One page's segments and what has been used of them."""

    number: int | None
    lines: list[tuple[int, str]]
    segs: list[Segment]
    boxed: bool  # the layer parts its text boxes by blank lines (their order is kept)
    used: set[int] = field(default_factory=set)  # indices into segs
    doubts: set[int] = field(default_factory=set)  # values not taken: maybe wrapped

    def free(self, i: int) -> bool:
        return 0 <= i < len(self.segs) and i not in self.used

    def text_at(self, j: int) -> bool:
        """Segment `j` is free text, free, and settled (not maybe wrapped)."""
        if not self.free(j) or self.segs[j].kind != "text":
            return False
        if self.segs[j].doubt:
            self.doubts.add(j)
            return False
        return True

    def labels(self, name: str) -> list[int]:
        return [i for i, s in enumerate(self.segs) if s.kind == "label" and s.name == name]

    def after(self, name: str, kinds: tuple[str, ...], skip: int = 0) -> int | None:
        """The free segment right after label `name` (past `skip` segments of
        `kinds` already taken), if it is of one of `kinds`."""
        for i in self.labels(name):
            j = i + 1 + skip
            if self.free(j) and self.segs[j].kind in kinds:
                if self.segs[j].doubt:
                    self.doubts.add(j)
                    return None
                return j
        return None


def read_content(
    doc: SourceDocument, result: ParseResult
) -> tuple[list[OverallSheet], list[AnnualSheet]]:
    overall: list[OverallSheet] = []
    annual: list[AnnualSheet] = []
    paged = doc.page_count is not None
    for page in doc.pages:
        lines = [(page.line_number(i), line) for i, line in enumerate(page.lines)]
        boxed = is_boxed(lines)
        p = _Page(page.number if paged else None, lines, segments(lines), boxed)
        titles = [s for s in p.segs if s.kind == "title"]
        overall_title = any(_W["overall"] in compact(s.text) for s in titles)
        if overall_title or (not titles and p.labels("final_goal")):
            plan = _overall(p, result)
            overall.append(plan)
            sheet: OverallSheet | AnnualSheet = plan
        elif titles or p.labels("tasks"):
            by_id = {o.fields["initiative_id"]: o for o in overall if o.fields.get("initiative_id")}
            year = _annual(p, result, by_id)
            annual.append(year)
            sheet = year
        else:
            if printed_sideways(page):
                # A sheet set sideways: its title and labels are no words
                # here, its cells in no order; what it prints is lost.
                result.account(page.number)
                result.error(
                    "table_not_found",
                    f"{SIDEWAYS_REASON}: no sheet can be read from it",
                    dataset="ap_initiatives",
                    page=page.number,
                )
            continue
        sheet.cities = common.title_cities(
            (s.text for s in titles), p.number, result, title_only=True
        )
        result.account(page.number)
        _furniture(p, result)
        for i in sorted(p.doubts):
            result.warn(
                "ambiguous_alignment",
                "a text whose next line may be its wrapped end or another cell's text; left null",
                dataset="ap_reviews" if isinstance(sheet, AnnualSheet) else "ap_initiatives",
                key=sheet.fields.get("initiative_id"),
                page=p.number,
                raw=p.segs[i].text,
                lines=(p.segs[i].first, p.segs[i].last + 1),
            )
    _repeated(overall, annual, result)
    return overall, annual


def _repeated(overall: list[OverallSheet], annual: list[AnnualSheet], result: ParseResult) -> None:
    """The single-year sheet prints its year's 取組内容 again: a second place
    of the overall sheet's plan where it says the same, reported where not."""
    by_id = {sheet.fields.get("initiative_id"): sheet for sheet in overall}
    for sheet in annual:
        other = by_id.get(sheet.fields.get("initiative_id"))
        for _, printed, source in sheet.repeated:
            year = sheet.edition
            plan = other.year_plans.get(year, {}) if other is not None and year else {}
            published = plan.get("plan")
            if (
                other is not None
                and published is not None
                and compact(published) == compact(printed)
            ):
                common.found_at(other, ("year_plans", year, "plan"), source)
                continue
            if published is None:
                # No overall sheet's plan to hold it: printed, and published nowhere.
                result.error(
                    "row_not_read",
                    f"plan of {year} on the single-year sheet has no row of the overall sheet",
                    dataset="ap_year_plans",
                    key=f"{sheet.fields.get('initiative_id')}:{year}",
                    field="plan",
                    page=sheet.page,
                    raw=printed,
                    lines=source.lines,
                )
                continue
            common.plan_differs(
                result,
                year,
                published,
                printed,
                initiative_id=sheet.fields.get("initiative_id"),
                page=sheet.page,
                lines=source.lines,
            )
        sheet.repeated.clear()


def _furniture(p: _Page, result: ParseResult) -> None:
    """Labels, titles, footers, quarter headers and the form's note: the form's."""
    kinds = ("label", "title", "furniture", "note")
    result.furniture(
        *(Source(p.number, lines=s.lines) for s in p.segs if s.kind in kinds),
    )


def _at(sheet: OverallSheet | AnnualSheet, p: _Page, place: common.SourceKey, *index: int) -> None:
    common.found_at(sheet, place, *(Source(p.number, lines=p.segs[i].lines) for i in index))
    p.used.update(index)


def _text(p: _Page, i: int | None) -> str | None:
    return normalize_text(p.segs[i].text) or None if i is not None else None


# --- what both sheets print at the head -------------------------------------------------


def _head(p: _Page, sheet: OverallSheet | AnnualSheet, result: ParseResult) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    i = p.after("promotion_item", ("number",))
    if i is not None:
        fields["promotion_item_no"] = int(p.segs[i].text)
        _at(sheet, p, ("fields", "promotion_item_no"), i)
        j = i + 1 if p.text_at(i + 1) else None
        if j is not None:
            fields["promotion_item"] = _text(p, j)
            _at(sheet, p, ("fields", "promotion_item"), j)
    i = p.after("importance", ("letter",))
    if i is not None and compact(p.segs[i].text) in common.ap().importance:
        fields["importance"] = compact(p.segs[i].text)
        _at(sheet, p, ("fields", "importance"), i)
    i = p.after("number_name", ("number",))
    if i is not None and len(regex.sub(r"\D", "", p.segs[i].text)) >= MIN_ID_DIGITS:
        fields["initiative_id"] = compact(p.segs[i].text)
        _at(sheet, p, ("rows", "initiative_id"), i)
        _at(sheet, p, ("fields", "initiative_id"), i)
        if p.text_at(i + 1):
            fields["name"] = _text(p, i + 1)
            _at(sheet, p, ("fields", "name"), i + 1)
    _dates(p, sheet, fields, result)
    i = p.after("department", ("number",))
    if i is not None:
        fields["department_code"] = compact(p.segs[i].text)
        _at(sheet, p, ("fields", "department_code"), i)
    j = p.after("department", ("text",), skip=1 if i is not None else 0)
    if j is not None:
        fields["department"] = _text(p, j)
        _at(sheet, p, ("fields", "department"), j)
    for name in ("manager", "staff"):
        j = p.after(name, ("text",))
        if j is not None:
            fields[name] = _person(p, j, result, "ap_initiatives", name)
            _at(sheet, p, ("fields", name), j)
    return fields


# A name printed in more parts than family and given name is letter-spaced
# (`宮 本 等`): where the wider gap was is lost, so the name is not settled.
MAX_NAME_PARTS = 2


def _person(p: _Page, j: int, result: ParseResult, dataset: str, name: str) -> str | None:
    value = common.person_name(p.segs[j].raw or p.segs[j].text)
    if value is not None and len(value.split(" ")) > MAX_NAME_PARTS:
        result.warn(
            "ambiguous_alignment",
            f"the name {value!r} is letter-spaced: family and given name cannot be told apart",
            dataset=dataset,
            field=name,
            page=p.number,
            raw=value,
            lines=p.segs[j].lines,
        )
        return None
    return value


def _date(p: _Page, i: int, sheet: OverallSheet | AnnualSheet, result: ParseResult) -> Any:
    where = {"dataset": "ap_initiatives", "page": p.number, "lines": p.segs[i].lines}
    return common.date_value(p.segs[i].text, result, where)


def _dates(
    p: _Page, sheet: OverallSheet | AnnualSheet, fields: dict[str, Any], result: ParseResult
) -> None:
    """作成日 / 更新日: the date after its label; else the page's two dates in
    column order (作成日 first) when both labels stand without one."""
    open_names = []
    # `作成日 更新日 date date`: the labels side by side say nothing of which date is which.
    side_by_side = any(
        p.segs[i + 1].name == "updated" for i in p.labels("created") if i + 1 < len(p.segs)
    )
    for name in ("created", "updated"):
        i = None if side_by_side else p.after(name, ("date",))
        if i is not None:
            fields[name] = _date(p, i, sheet, result)
            _at(sheet, p, ("fields", name), i)
        elif p.labels(name):
            open_names.append(name)
    left = [i for i, s in enumerate(p.segs) if s.kind == "date" and i not in p.used]
    # Two dates on one line are in column order; on lines apart, not (boxes reorder).
    if len(open_names) == 2 and len(left) == 2 and p.segs[left[0]].last == p.segs[left[1]].first:
        for name, i in zip(open_names, left, strict=True):
            fields[name] = _date(p, i, sheet, result)
            _at(sheet, p, ("fields", name), i)
    elif open_names and left:
        result.warn(
            "ambiguous_column",
            f"{len(left)} date(s) for {len(open_names)} date field(s) printed apart from"
            " their labels: which is which is not in the text",
            dataset="ap_initiatives",
            field=open_names[0],
            page=p.number,
            raw=" / ".join(p.segs[i].text for i in left),
            lines=(p.segs[left[0]].first, p.segs[left[-1]].last),
        )


# --- the overall sheet --------------------------------------------------------------------


def _overall(p: _Page, result: ParseResult) -> OverallSheet:
    sheet = OverallSheet(page=p.number)
    fields = _head(p, sheet, result)
    for n, s in enumerate(p.segs):
        if s.kind == "title":
            span = common.fiscal_range(s.text)
            if span:
                fields["plan_start_fiscal_year"], fields["plan_end_fiscal_year"] = span
                _at(sheet, p, ("fields", "plan_start_fiscal_year"), n)
                _at(sheet, p, ("fields", "plan_end_fiscal_year"), n)
    i = p.after("period", ("range",))
    if i is not None:
        span = common.fiscal_range(p.segs[i].text)
        if span:
            fields["start_fiscal_year"], fields["end_fiscal_year"] = span
            _at(sheet, p, ("fields", "start_fiscal_year"), i)
            _at(sheet, p, ("fields", "end_fiscal_year"), i)
    _effect_flags(p, sheet, fields, result)
    i = p.after("final_goal", ("text",))
    if i is not None:
        fields["final_goal"] = _text(p, i)
        _at(sheet, p, ("fields", "final_goal"), i)
    i = p.after("indicator_name", ("text",))
    if i is not None:
        fields["indicator_name"] = _text(p, i)
        _at(sheet, p, ("fields", "indicator_name"), i)
    sheet.fields = fields
    _year_plans(p, sheet, result)
    grid_lines = text_grid.read_overall_grids(p.lines, sheet, result)
    p.used.update(i for i, s in enumerate(p.segs) if s.first in grid_lines)
    fields["indicator_unit"] = sheet.unit
    return sheet


def _effect_flags(
    p: _Page, sheet: OverallSheet, fields: dict[str, Any], result: ParseResult
) -> None:
    """効果: the kinds printed right after the label are ticked, the others not."""
    flags = common.ap().effect_flags
    for i in p.labels("effect"):
        j = i + 1
        printed: list[int] = []
        while p.free(j) and compact(p.segs[j].text) in flags:
            printed.append(j)
            j += 1
        names = {flags[compact(p.segs[k].text)] for k in printed}
        categories = common.ap().categories
        for wording, name in flags.items():
            # Not after the label and printed nowhere else (the 効果額 grid
            # prints 歳入増加 / 歳出削減 once as its rows' labels): not ticked.
            elsewhere = sum(
                1 for k, s in enumerate(p.segs) if k not in printed and compact(s.text) == wording
            )
            if name in names or elsewhere <= (1 if wording in categories else 0):
                fields[name] = name in names
                _at(sheet, p, ("fields", name), i, *printed)
            else:
                fields[name] = None
                result.warn(
                    "ambiguous_alignment",
                    f"{wording} is printed apart from the {common.wording('effect')} label:"
                    " whether it is ticked is not in the text",
                    dataset="ap_initiatives",
                    key=sheet.fields.get("initiative_id") or fields.get("initiative_id"),
                    field=name,
                    page=p.number,
                )
        return


def _plan_region(p: _Page) -> list[int]:
    """The segments between the 取組内容・目標 label and the grids' first label."""
    starts = p.labels("plan")
    if not starts:
        return []
    ends = ("indicator", "indicator_name", "unit", "final", "effects_amount", "other_effects")
    out = []
    for i in range(starts[0] + 1, len(p.segs)):
        s = p.segs[i]
        if s.kind == "label" and s.name in ends:
            break
        out.append(i)
    return out


def _year_plans(p: _Page, sheet: OverallSheet, result: ParseResult) -> None:
    """The 取組内容・目標 rows: each year, its text where the text settles it."""
    region = [i for i in _plan_region(p) if p.free(i)]
    years = [i for i in region if p.segs[i].kind == "year"]
    texts = [i for i in region if p.segs[i].kind == "text"]
    if any(p.segs[i].doubt for i in texts):
        p.doubts.update(i for i in texts if p.segs[i].doubt)
        texts = [i for i in texts if not p.segs[i].doubt]
    key = str(sheet.fields.get("initiative_id"))
    for i in years:
        year = common.fiscal_year_label(p.segs[i].text)
        if year is None or year in sheet.year_plans:
            continue
        sheet.years.append(year)
        sheet.year_plans[year] = {"plan": None}
        _at(sheet, p, ("year_plans", year, "fiscal_year"), i)
    # A layer may print the rows' year labels away from the table (pypdfium2):
    # the plan's years (its title) that the page prints are its rows all the same.
    start, end = (
        sheet.fields.get("plan_start_fiscal_year"),
        sheet.fields.get("plan_end_fiscal_year"),
    )
    if start and end:
        printed = {common.fiscal_year_label(s.text) for s in p.segs if s.kind == "year"}
        for year in range(start, end + 1):
            if year in printed and year not in sheet.year_plans:
                sheet.years.append(year)
                sheet.year_plans[year] = {"plan": None}
    sheet.years.sort()
    # A text is a year's where it shares the year's line, or where every
    # year is followed by its one text (rows in order, none blank).
    alternating = len(texts) == len(years) and all(
        t == y + 1 for y, t in zip(years, texts, strict=True)
    )
    placed: set[int] = set()
    for i in years:
        j = i + 1
        if j in texts and (alternating or p.segs[j].first == p.segs[i].last):
            year = common.fiscal_year_label(p.segs[i].text)
            if year is not None:
                sheet.year_plans[year]["plan"] = _text(p, j)
                _at(sheet, p, ("year_plans", year, "plan"), j)
                placed.add(j)
    left = [j for j in texts if j not in placed]
    if left:
        result.warn(
            "ambiguous_alignment",
            f"{common.wording('plan')}: text(s) whose year is not in the text",
            dataset="ap_year_plans",
            key=key,
            field="plan",
            page=p.number,
            raw=" / ".join(p.segs[j].text for j in left),
            lines=(p.segs[left[0]].first, p.segs[left[-1]].last),
        )
    _statuses(p, sheet, region, result)


def _statuses(p: _Page, sheet: OverallSheet, region: list[int], result: ParseResult) -> None:
    """区分 per year. A status on its year's line is that year's. The others,
    where the layer prints its boxes in order (blank lines between), are
    placed top to bottom among the 取組年度 years still open, blanks leaving
    no trace: a year keeps a status only where every such placement agrees."""
    statuses = common.ap().year_statuses
    found = [
        i
        for i in region
        if p.free(i) and p.segs[i].kind == "word" and common.in_vocab(p.segs[i].text, statuses)
    ]
    years = {
        p.segs[i].first: common.fiscal_year_label(p.segs[i].text)
        for i in region
        if p.segs[i].kind == "year"
    }
    for i in list(found):
        year = years.get(p.segs[i].first)
        if year is not None and year in sheet.year_plans:
            sheet.year_plans[year]["status"] = common.vocab(p.segs[i].text, statuses)
            _at(sheet, p, ("year_plans", year, "status"), i)
            found.remove(i)
    start, end = sheet.fields.get("start_fiscal_year"), sheet.fields.get("end_fiscal_year")
    open_years = [y for y in sheet.years if "status" not in sheet.year_plans[y]]
    slots = [y for y in open_years if start is None or end is None or start <= y <= end]
    values = [common.vocab(p.segs[i].text, statuses) or "" for i in found]
    seen: dict[int, set[str | None]] = {year: set() for year in open_years}
    where: dict[int, set[int]] = {year: set() for year in open_years}
    if p.boxed or not found:
        for chosen in itertools.combinations(slots, len(values)):
            placed = dict(zip(chosen, values, strict=True))
            for n, year in enumerate(chosen):
                where[year].add(found[n])
            for year in open_years:
                seen[year].add(placed.get(year))
    for year in open_years:
        plan = sheet.year_plans[year]
        if len(seen[year]) == 1:
            plan["status"] = next(iter(seen[year]))
            if where[year]:
                _at(sheet, p, ("year_plans", year, "status"), *where[year])
        else:
            plan["status"] = None
            common.status_not_settled(
                result,
                year,
                values,
                initiative_id=sheet.fields.get("initiative_id"),
                page=p.number,
                lines=(p.segs[found[0]].first, p.segs[found[-1]].last) if found else None,
            )
    p.used.update(found)


# A comment is written text: a stray character of a wrapped label (`期`) is none.
COMMENT_MIN_CHARS = 6


def _comment_at(p: _Page, j: int) -> bool:
    if not p.text_at(j):
        return False
    text = compact(p.segs[j].text)
    return text.endswith(_W["sentence_end"]) or len(text) >= COMMENT_MIN_CHARS


# --- the single-year sheet ------------------------------------------------------------------


def _annual(p: _Page, result: ParseResult, overall: Mapping[str, OverallSheet]) -> AnnualSheet:
    sheet = AnnualSheet(page=p.number)
    fields = _head(p, sheet, result)
    sheet.fields = fields
    for n, s in enumerate(p.segs):
        if s.kind == "title":
            sheet.edition = common.fiscal_year_label(s.text)
            _at(sheet, p, ("rows", "edition_fiscal_year"), n)
    review: dict[str, Any] = {name: None for name in common.REVIEW_FIELDS}
    key = fields.get("initiative_id")
    # The year's 取組内容 printed again: read with the overall sheet's (text.py does the same).
    i = p.after("status", ("word",))
    if i is not None and common.in_vocab(p.segs[i].text, common.ap().year_statuses):
        review["status"] = common.vocab(p.segs[i].text, common.ap().year_statuses)
        _at(sheet, p, ("review", "status"), i)
    for k in p.labels("plan"):
        if not (p.free(k + 1) and p.segs[k + 1].kind == "year"):
            continue
        p.used.add(k + 1)
        # Its text follows the year, past the 区分 label and its status if between.
        j = k + 2
        while j < len(p.segs) and (j in p.used or p.segs[j].name == "status"):
            j += 1
        if p.text_at(j):
            where = Source(p.number, lines=(p.segs[k + 1].first, p.segs[j].last))
            sheet.repeated.append(("plan", _text(p, j) or "", where))
            p.used.add(j)
    _midyear(p, sheet, review)
    _yearend_comment(p, sheet, review)
    _evaluation(p, sheet, review, result)
    _words(p, sheet, review, result, key)
    _change(p, sheet, review)
    sheet.review = review
    # The overall sheet's indicator settles the order of 計画値/実績値 printed on two lines.
    plan = overall.get(key) if isinstance(key, str) else None
    if plan is not None:
        # Its 計画値 / 実績値 repeat the year's cells of the overall grid: they may settle more.
        text_grid.refine_indicator(plan, sheet.edition, text_grid.annual_pairs(p.lines), result)
    grid = plan.indicator if plan is not None else None
    grid_lines = text_grid.read_annual_indicator(p.lines, sheet, result, grid)
    # The tasks first: their row numbers are numbers the indicator's reader also sees.
    sheet.tasks = _tasks(p, sheet, result, key)
    p.used.update(i for i, s in enumerate(p.segs) if s.first in grid_lines)
    return sheet


def _comment_labels(p: _Page) -> list[int]:
    """The plain コメント labels (not the コメント / 指示事項 of the evaluation)."""
    out = []
    for i in p.labels("comment"):
        nxt = p.segs[i + 1] if i + 1 < len(p.segs) else None
        if nxt is not None and nxt.kind == "label" and nxt.name == "instructions":
            continue
        out.append(i)
    return out


def _midyear(p: _Page, sheet: AnnualSheet, review: dict[str, Any]) -> None:
    """上半期: 進捗, its progress word, コメント and its text, in this order."""
    for i in p.labels("progress"):
        j = i + 1
        progress = common.ap().progress
        if p.free(j) and p.segs[j].kind == "word" and common.in_vocab(p.segs[j].text, progress):
            review["midyear_progress"] = common.vocab(p.segs[j].text, progress)
            _at(sheet, p, ("review", "midyear_progress"), j)
            j += 1
        if j < len(p.segs) and p.segs[j].name == "comment":
            p.used.add(j)
            if _comment_at(p, j + 1):
                review["midyear_comment"] = _text(p, j + 1)
                _at(sheet, p, ("review", "midyear_comment"), j + 1)
        return


def _yearend_comment(p: _Page, sheet: AnnualSheet, review: dict[str, Any]) -> None:
    """年度末's コメント: the first plain コメント after 上半期's, with text after it."""
    labels = [i for i in _comment_labels(p) if i not in p.used]
    if not labels:
        return
    i = labels[0]
    p.used.add(i)
    if _comment_at(p, i + 1):
        review["yearend_comment"] = _text(p, i + 1)
        _at(sheet, p, ("review", "yearend_comment"), i + 1)


def _evaluation(p: _Page, sheet: AnnualSheet, review: dict[str, Any], result: ParseResult) -> None:
    """評価者 and the evaluation's コメント・指示事項, each right after its label."""
    i = p.after("evaluator", ("text",))
    if i is not None:
        review["evaluator"] = _person(p, i, result, "ap_reviews", "evaluator")
        _at(sheet, p, ("review", "evaluator"), i)
    ends = [i for i in p.labels("evaluation_comment")]
    ends += [
        i + 1
        for i in p.labels("comment")
        if p.segs[i + 1 : i + 2] and p.segs[i + 1].name == "instructions"
    ]
    for i in ends:
        if _comment_at(p, i + 1):
            review["evaluation_comment"] = _text(p, i + 1)
            _at(sheet, p, ("review", "evaluation_comment"), i + 1)


def _words(
    p: _Page, sheet: AnnualSheet, review: dict[str, Any], result: ParseResult, key: Any
) -> None:
    """達成状況, 進捗状況【活動】, 方向性 and 総合評価: the one segment of the
    page that can say each (after its label for 方向性)."""
    ap = common.ap()
    i = p.after("direction", ("word",))
    if i is not None and common.in_vocab(p.segs[i].text, ap.directions):
        review["direction"] = common.vocab(p.segs[i].text, ap.directions)
        _at(sheet, p, ("review", "direction"), i)
    free_words = [i for i, s in enumerate(p.segs) if s.kind == "word" and i not in p.used]
    outcomes = [i for i in free_words if common.in_vocab(p.segs[i].text, ap.outcomes)]
    if len(outcomes) == 1:
        review["outcome"] = common.vocab(p.segs[outcomes[0]].text, ap.outcomes)
        _at(sheet, p, ("review", "outcome"), outcomes[0])
    activities = [
        i
        for i in free_words
        if common.in_vocab(p.segs[i].text, ap.activities) and i not in outcomes
    ]
    if review["direction"] is None:
        # A word both lists know (完了(事業終了)) cannot tell its field.
        activities = [i for i in activities if not common.in_vocab(p.segs[i].text, ap.directions)]
    if len(activities) == 1:
        review["activity"] = common.vocab(p.segs[activities[0]].text, ap.activities)
        _at(sheet, p, ("review", "activity"), activities[0])
    letters = [
        i
        for i, s in enumerate(p.segs)
        if s.kind == "letter" and i not in p.used and compact(s.text) in ap.ratings
    ]
    if len(letters) == 1:
        review["rating"] = compact(p.segs[letters[0]].text)
        _at(sheet, p, ("review", "rating"), letters[0])
    elif letters:
        result.warn(
            "ambiguous_alignment",
            f"several lone grades on the sheet: {common.wording('rating')} is not settled",
            dataset="ap_reviews",
            key=key,
            field="rating",
            page=p.number,
            raw=" / ".join(p.segs[i].text for i in letters),
        )


def _change(p: _Page, sheet: AnnualSheet, review: dict[str, Any]) -> None:
    """計画変更: 取組内容 有/無 and 計画値 有/無; a lone 有/無 fills the one left."""
    for name, label in (("change_plan_content", "content"), ("change_plan_values", "plan_value")):
        i = p.after(label, ("yesno",))
        if i is not None:
            review[name] = common.yes_no(p.segs[i].text)
            _at(sheet, p, ("review", name), i)
    lone = [i for i, s in enumerate(p.segs) if s.kind == "yesno" and i not in p.used]
    missing = [n for n in ("change_plan_content", "change_plan_values") if review[n] is None]
    if len(lone) == 1 and len(missing) == 1:
        review[missing[0]] = common.yes_no(p.segs[lone[0]].text)
        _at(sheet, p, ("review", missing[0]), lone[0])


def _tasks(p: _Page, sheet: AnnualSheet, result: ParseResult, key: Any) -> list[dict[str, Any]]:
    """取組項目: numbered rows 1..N, each with its text and its ticks when the
    layer prints them on the row; else the texts printed just before the row
    numbers, their ticks known only when all or none are ticked."""
    numbers = [i for i, s in enumerate(p.segs) if s.kind == "number" and i not in p.used]
    start = next((i for i in numbers if p.segs[i].text == "1"), None)
    if start is None:
        return []
    rows: list[int] = [start]
    for i in numbers:
        if i > rows[-1] and p.segs[i].text == str(len(rows) + 1):
            rows.append(i)
    if any(p.segs[i + 1].kind == "text" for i in rows if i + 1 < len(p.segs)):
        return _task_rows(p, sheet, rows, result, key)
    return _task_column(p, sheet, rows, result, key)


def _task_rows(
    p: _Page, sheet: AnnualSheet, rows: list[int], result: ParseResult, key: Any
) -> list[dict[str, Any]]:
    """Each row number followed by its text and its ticks (a row on a line)."""
    tasks: list[dict[str, Any]] = []
    every_mark = [i for i, s in enumerate(p.segs) if s.kind == "mark" and i not in p.used]
    on_rows: set[int] = set()
    found: list[list[int]] = []
    for n, i in enumerate(rows):
        end = rows[n + 1] if n + 1 < len(rows) else len(p.segs)
        inner = []
        for j in range(i + 1, end):
            # The row's cells: its text and ticks (a label printed among them skipped).
            if p.segs[j].kind not in ("text", "mark", "label") or not p.free(j):
                break
            if p.segs[j].kind != "label":
                inner.append(j)
        texts = [j for j in inner if p.segs[j].kind == "text"]
        if any(p.segs[j].doubt for j in texts):
            p.doubts.update(j for j in texts if p.segs[j].doubt)
            continue
        marks = [j for j in inner if p.segs[j].kind == "mark"]
        p.used.add(i)
        if len(texts) != 1 or (marks and marks[0] < texts[0]):
            continue
        on_rows.update(marks)
        tasks.append({"task_no": n + 1, "task": _text(p, texts[0])})
        _at(sheet, p, ("tasks", len(tasks) - 1, "task"), texts[0])
        found.append(marks)
    # A row without ticks is unticked only where every tick is on a row.
    certain = on_rows == set(every_mark)
    for index, (task, marks) in enumerate(zip(tasks, found, strict=True)):
        _quarters(p, sheet, task, index, marks, 1, result, key, certain or bool(marks))
    return tasks


def _task_column(
    p: _Page, sheet: AnnualSheet, rows: list[int], result: ParseResult, key: Any
) -> list[dict[str, Any]]:
    """The task texts a column at a time, before the row numbers."""
    tasks: list[dict[str, Any]] = []
    start = rows[0]
    # The texts printed before the row numbers, past the grid's ticks, its
    # quarter headers and the 取組項目 label (pdfminer prints a column at a time).
    run: list[int] = []
    j = start - 1
    while j >= 0 and p.free(j):
        segment = p.segs[j]
        if p.text_at(j):
            if (
                run
                and run[0] != j + 1
                and any(p.segs[k].kind == "mark" for k in range(j + 1, run[0]))
            ):
                break  # texts on both sides of the ticks: not one column
            run.insert(0, j)
        elif not (
            segment.kind in ("mark", "furniture")
            or (segment.kind == "label" and segment.name == "tasks")
        ):
            break
        j -= 1
    p.used.update(rows)
    if len(run) > len(rows):
        # More texts than rows: which text is which row is not settled (fewer
        # fill the rows from the top, as the sheet is written).
        result.error(
            "row_not_read",
            f"{len(run)} task texts before {len(rows)} row numbers: the tasks are not read",
            dataset="ap_tasks",
            key=key,
            page=p.number,
            lines=(p.segs[min([*run, *rows])].first, p.segs[max([*run, *rows])].last),
        )
        return tasks
    marks = [i for i, s in enumerate(p.segs) if s.kind == "mark" and i not in p.used]
    for n, j in enumerate(run):
        tasks.append({"task_no": n + 1, "task": _text(p, j)})
        _at(sheet, p, ("tasks", n, "task"), j)
    for n, task in enumerate(tasks):
        _quarters(p, sheet, task, n, marks, len(tasks), result, key)
    return tasks


def _quarters(
    p: _Page,
    sheet: AnnualSheet,
    task: dict[str, Any],
    index: int,
    marks: list[int],
    rows: int,
    result: ParseResult,
    key: Any,
    none_certain: bool = True,
) -> None:
    """The quarters of a task from the ticks counted for `rows` rows: all
    four or none are certain; anything between is not placed."""
    count = len(marks)
    every = count == 4 * rows
    none = count == 0 and none_certain
    for q in range(4):
        task[f"q{q + 1}"] = True if every else False if none else None
    if every or none:
        for q in range(4):
            _at(sheet, p, ("tasks", index, f"q{q + 1}"), *marks)
        return
    p.used.update(marks)
    result.warn(
        "ambiguous_alignment",
        f"task {task['task_no']}: {count} tick(s) for {4 * rows} quarter cell(s);"
        " which quarters is not in the text",
        dataset="ap_tasks",
        key=f"{key}:{task['task_no']}",
        field="q1",
        page=p.number,
        lines=(p.segs[marks[0]].first, p.segs[marks[-1]].last) if marks else None,
    )
