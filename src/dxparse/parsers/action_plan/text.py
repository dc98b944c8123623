"""Action-plan sheets from a text layer: lines without positions.

A text layer keeps each cell's text but not where the cell was; the lines of
one sheet can come in any order and blank cells leave no trace. So every
value is taken only where the text itself settles it: a label printed with
its value on one line, a block of text after its label, a run of numbers
placed by the checks the sheet's arithmetic makes (checks.solve). What
the text cannot settle is left null and reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from dxparse.document import SourceDocument
from dxparse.normalise import join_wrapped, normalize_chars, normalize_text
from dxparse.parsers.action_plan import common, place
from dxparse.parsers.action_plan.common import AnnualSheet, OverallSheet, compact, label_of
from dxparse.parsers.action_plan.lines import (
    Item,
    has_label,
    is_footer,
    read_items,
    reading_order,
    sheet_indices,
)
from dxparse.parsers.action_plan.place import at, lines_of
from dxparse.records import ParseResult, Source
from dxparse.utils.wareki import parse_date
from dxparse.vocabulary import shipped

_AP = shipped().action_plan
_P = _AP.patterns
_W = _AP.words
wording = common.wording
_DATE = regex.compile(_P["text_date"])
_LETTER = regex.compile(rf"^(?:{'|'.join(_AP.ratings)})$")
# How the name of an office ends: what separates 担当部署 from 責任者 on one line.
_OFFICE_SUFFIX = regex.compile(_P["office_suffix"])


# --- reading the whole text ----------------------------------------------------------


def read_text(
    doc: SourceDocument, result: ParseResult
) -> tuple[list[OverallSheet], list[AnnualSheet]]:
    overall: list[tuple[OverallSheet, list[Item], set[int]]] = []
    annual: list[AnnualSheet] = []
    annual_items: dict[int, list[Item]] = {}
    paged = doc.page_count is not None
    for page in doc.pages:
        number = page.number if paged else None
        chunks = sheet_indices(page.lines)
        footers = [i for i, line in enumerate(page.lines) if is_footer(line)]
        read_any = False
        for chunk in chunks:
            lines = [page.lines[i] for i in chunk]
            row = reading_order(lines)
            if row is not None:
                result.error(
                    "unsupported_layout",
                    "a text layer in reading order (a sheet's row on one line): "
                    "its cells cannot be told apart, the sheet is not read",
                    page=number,
                    raw=row,
                )
                continue
            items = read_items(lines, [page.line_number(i) for i in chunk])
            cities = common.title_cities(
                (i.text for i in items if i.kind in ("title_overall", "title_annual")),
                number,
                result,
                title_only=True,
            )
            if any(i.kind == "title_overall" for i in items) or has_label(items, "final_goal"):
                consumed: set[int] = set()
                overall.append((_overall(items, number, result, consumed), items, consumed))
                overall[-1][0].cities = cities
                _labels_not_found(lines, overall[-1][0], number, result)
                _furniture_items(items, number, result)
                read_any = True
            elif any(i.kind == "title_annual" for i in items) or has_label(items, "tasks"):
                annual.append(_annual(items, number, result))
                annual[-1].cities = cities
                _labels_not_found(lines, annual[-1], number, result)
                _furniture_items(items, number, result, annual=True)
                annual_items[id(annual[-1])] = items
                read_any = True
        if read_any:
            # Every line of a page that holds a sheet is read, furniture or reported.
            result.account(page.number)
            result.furniture(*(Source(number, lines=(page.line_number(i),) * 2) for i in footers))
    editions = {sheet.edition for sheet in annual if sheet.edition is not None}
    edition = editions.pop() if len(editions) == 1 else None
    by_id = {sheet.fields.get("initiative_id"): sheet for sheet in annual}
    for sheet, items, consumed in overall:
        other = by_id.get(sheet.fields.get("initiative_id"))
        place.place(items, consumed, sheet, other, edition, result)
        if other is not None:
            _evaluation_comment(other, sheet.fields.get("indicator_name"), result)
            _year_repeated(sheet, other, annual_items.get(id(other), []), edition, result)
    return [sheet for sheet, _, _ in overall], annual


def _furniture_items(
    items: Sequence[Item], page: int | None, result: ParseResult, annual: bool = False
) -> None:
    """The sheet's labels, column headers and titles: the form's furniture."""
    row_no = 0
    for n, item in enumerate(items):
        if _is_furniture(items, n):
            furniture(result, page, item)
        elif item.kind == "task":
            row_no = item.data["no"]
        elif annual and item.kind == "numbers" and item.data["values"] == [row_no + 1] and row_no:
            # The task grid's numbered rows left empty (`3`, `4` … after `2 ○`).
            row_no += 1
            furniture(result, page, item)


def _is_furniture(items: Sequence[Item], n: int) -> bool:
    item = items[n]
    after = items[n + 1] if n + 1 < len(items) else None
    before = items[n - 1] if n else None
    if item.kind in ("header", "furniture", "title_overall", "title_annual"):
        return True
    if item.kind == "importance":
        return not item.data["value"]  # the label alone
    if item.kind == "year":
        # The grid header's first year label, wrapped onto a line of its own.
        return after is not None and after.kind == "header"
    if item.kind == "block":
        return label_of(item.text) is not None or (
            before is not None and _wrapped_quarter(before, item)
        )
    return False


def _wrapped_quarter(before: Item, item: Item) -> bool:
    """`10~12` / `月 1~3月`: the quarters' header with a label wrapped apart."""
    if before.kind != "furniture" or not before.text.split() or not item.text.split():
        return False
    head, *rest = item.text.split()
    joined = before.text.split()[-1] + head
    quarters = (common.quarter_of(token) for token in rest)
    return common.quarter_of(joined) is not None and all(q is not None for q in quarters)


def _year_repeated(
    overall: OverallSheet,
    annual: AnnualSheet,
    items: Sequence[Item],
    edition: int | None,
    result: ParseResult,
) -> None:
    """The single-year sheet prints the year's 取組内容 again: a second place
    of the overall sheet's plan where it says the same, reported where not."""
    plan = overall.year_plans.get(edition, {}) if edition is not None else {}
    for item in items:
        if item.kind != "year" or item.data["year"] != edition:
            continue
        printed = join_wrapped([line for line in item.lines if line])
        published = plan.get("plan")
        if published is not None and compact(published) == compact(printed):
            at(overall, ("year_plans", edition, "plan"), item)
            continue
        common.plan_differs(
            result,
            edition,
            published,
            printed,
            initiative_id=overall.fields.get("initiative_id"),
            page=annual.page,
            lines=item.span,
        )


def furniture(result: ParseResult, page: int | None, *items: Item) -> None:
    result.furniture(*(Source(page, lines=i.span) for i in items if i.span))


# Fields a sheet reads after a label, by the label's name. A text layer
# drops blank cells, so a null alone says nothing; a null whose label is not
# printed anywhere on the sheet is reported.
_LabelFields = tuple[tuple[str, tuple[str, ...]], ...]
_OVERALL_LABELS: _LabelFields = (
    ("department", ("department",)),
    ("manager", ("manager",)),
    ("staff", ("staff",)),
    ("created", ("created",)),
    ("updated", ("updated",)),
    ("period", ("start_fiscal_year", "end_fiscal_year")),
    ("final_goal", ("final_goal",)),
    ("indicator_name", ("indicator_name",)),
)
_ANNUAL_LABELS: _LabelFields = (
    ("midyear", ("midyear_progress",)),
    ("yearend", ("outcome", "activity")),
    ("change", ("change_plan_content", "change_plan_values")),
    ("rating", ("rating",)),
    ("direction", ("direction",)),
    ("evaluator", ("evaluator",)),
)


def _labels_not_found(
    lines: Sequence[str], sheet: OverallSheet | AnnualSheet, page: int | None, result: ParseResult
) -> None:
    """A field left null whose label the sheet does not print: said so."""
    text = compact("".join(lines))
    key = sheet.fields.get("initiative_id")
    checks: _LabelFields
    if isinstance(sheet, OverallSheet):
        dataset, values, checks = "ap_initiatives", sheet.fields, _OVERALL_LABELS
    else:
        dataset, values, checks = "ap_reviews", sheet.review, _ANNUAL_LABELS
        if not sheet.tasks and not _printed("tasks", text):
            checks = (*checks, ("tasks", ("task",)))
    for name, fields in checks:
        if name == "tasks" or (
            all(values.get(f) is None for f in fields) and not _printed(name, text)
        ):
            common.label_not_found(
                result,
                name,
                ", ".join(fields),
                "ap_tasks" if name == "tasks" else dataset,
                key,
                page,
                (word for line in lines for word in (line, *line.split())),
            )


def _printed(name: str, text: str) -> bool:
    """The label's wording anywhere in the sheet's text (a label may share its line)."""
    return common.labels().search(name, text) is not None


# --- the overall sheet ------------------------------------------------------------------


def _dates(text: str) -> list[tuple[int, Any]]:
    """Dates printed in `text`, with where they start; an impossible one is None."""
    out = []
    for match in _DATE.finditer(text):
        parsed = parse_date(normalize_text(match.group(0)))
        value = parsed.value if parsed is not None else None
        out.append((match.start(), value))
    return out


def _bad_dates(text: str) -> list[str]:
    return [
        m.group(0)
        for m in _DATE.finditer(text)
        if (p := parse_date(normalize_text(m.group(0)))) is None or p.value is None
    ]


@dataclass(slots=True)
class _HeadDates:
    """What the head's lines say of the dates, before they are settled."""

    created: Any = None
    updated: Any = None
    name_dates: list[Any] = field(default_factory=list)  # the dates after the name
    tail: str | None = None  # a grade at the end of the 推進項目 line
    # The items each date and the tail were read from.
    created_at: Item | None = None
    updated_at: Item | None = None
    name_at: Item | None = None
    tail_at: Item | None = None


def _head(
    items: Sequence[Item],
    fields: dict[str, Any],
    result: ParseResult,
    sheet: OverallSheet | AnnualSheet,
) -> None:
    """The fields both sheets print on label-and-value lines.

    作成日 and 更新日 may be printed apart from their labels: a date after
    `更新日` on the number line is the update, the dates after the name are
    in column order (作成日 first), and each printed date is used once.
    """
    dates = _HeadDates()
    for item in items:
        _head_item(item, fields, dates, sheet)
    _name_dates(dates, fields, result)
    fields["created"], fields["updated"] = dates.created, dates.updated
    at(sheet, ("fields", "created"), dates.created_at)
    at(sheet, ("fields", "updated"), dates.updated_at)
    for item in items:
        if item.kind in ("id", "name"):
            for raw in _bad_dates(item.text):
                result.error(
                    "invalid_date",
                    f"impossible date {raw!r}",
                    dataset="ap_initiatives",
                    key=fields.get("initiative_id"),
                    field="created",
                    raw=raw,
                )
    if fields.get("importance") is None:
        # The annual sheet prints the grade at the end of the 推進項目 line.
        fields["importance"] = dates.tail
        at(sheet, ("fields", "importance"), dates.tail_at)


def _head_item(
    item: Item, fields: dict[str, Any], dates: _HeadDates, sheet: OverallSheet | AnnualSheet
) -> None:
    if item.kind == "importance" and item.data["value"]:
        fields["importance"] = item.data["value"]
        at(sheet, ("fields", "importance"), item)
    elif item.kind == "id":
        tokens = item.text.split()
        i = next(n for n, x in enumerate(tokens) if common.is_label("created", x))
        j = next(n for n, x in enumerate(tokens) if common.is_label("updated", x))
        if i > 0 and tokens[0].isdigit():
            fields["initiative_id"] = tokens[0]
            at(sheet, ("rows", "initiative_id"), item)
        between = " ".join(tokens[i + 1 : j]) if j > i else ""
        after = " ".join(tokens[j + 1 :])
        _date_from(dates, "created", _first_date(between), item)
        _date_from(dates, "updated", _first_date(after), item)
        # The labels alone (`51001 作成日 更新日`): the number's line all the same.
        at(sheet, ("fields", "initiative_id"), item)
    elif item.kind == "dated":
        _date_from(dates, item.data["label"], _first_date(item.data["rest"]), item)
    elif item.kind == "promo":
        label = r"\s*".join(map(regex.escape, item.data["label"]))  # `推 進 項 目`
        match = regex.match(
            rf"^{label}\s+(\d+)\s*(.*?)(?:\s+({_LETTER.pattern[1:-1]}))?$", item.text
        )
        if match:
            fields["promotion_item_no"] = int(match.group(1))
            fields["promotion_item"] = match.group(2) or None
            dates.tail = match.group(3)
            dates.tail_at = item
            at(sheet, ("fields", "promotion_item_no"), item)
            at(sheet, ("fields", "promotion_item"), item)
    elif item.kind == "name":
        _name_line(item, fields, dates)
        dates.name_at = item
        at(sheet, ("fields", "name"), item)
        at(sheet, ("fields", "initiative_id"), item)


def _date_from(dates: _HeadDates, name: str, value: Any, item: Item) -> None:
    """A date read from `item`, kept unless one was read before."""
    if name == "created" and dates.created is None and value is not None:
        dates.created, dates.created_at = value, item
    elif name == "updated" and dates.updated is None and value is not None:
        dates.updated, dates.updated_at = value, item


def _name_line(item: Item, fields: dict[str, Any], dates: _HeadDates) -> None:
    """`番号・取組事業名 51001 コンビニ… H31.4.1 R2.3.31`: the id, the name, its dates."""
    rest = regex.sub(r"^\S+\s*", "", item.text)
    found = _dates(rest)
    name = rest[: found[0][0]] if found else rest
    match = regex.match(r"^(\d{3,})\s+(.*)$", name.strip())
    if match:
        fields.setdefault("initiative_id", match.group(1))
        name = match.group(2)
    fields["name"] = name.strip() or None
    dates.name_dates = [value for _, value in found]


def _name_dates(dates: _HeadDates, fields: dict[str, Any], result: ParseResult) -> None:
    """The dates after the name, in column order, fill the dates not read yet."""
    name_dates = dates.name_dates
    item = dates.name_at
    assert item is not None or not name_dates
    if len(name_dates) == 2 and item is not None:
        _date_from(dates, "created", name_dates[0], item)
        _date_from(dates, "updated", name_dates[1], item)
    elif len(name_dates) == 1 and item is not None:
        if dates.created is None and dates.updated is not None:
            _date_from(dates, "created", name_dates[0], item)
        elif dates.updated is None and dates.created is not None:
            _date_from(dates, "updated", name_dates[0], item)
        elif dates.created is None and dates.updated is None:
            result.warn(
                "ambiguous_column",
                f"one date after the initiative's name: {wording('created')} or"
                f" {wording('updated')} is not in the text",
                dataset="ap_initiatives",
                key=fields.get("initiative_id"),
                field="created",
                raw=str(name_dates[0]),
                lines=item.span if item is not None else None,
            )


def _first_date(text: str) -> Any:
    dates = _dates(text)
    return dates[0][1] if dates else None


def _department(item: Item) -> tuple[str | None, str | None]:
    """`担当部署 市民生活部 市民課 藤本 裕司` → department, manager.

    The department is everything up to its last word that ends like an
    office (部, 課, 局, 館 …); the rest is the manager's name.
    """
    raw = normalize_text(item.lines[0]) if item.lines else item.text
    rest_raw = normalize_chars(item.lines[0]).lstrip()
    rest_raw = (
        rest_raw[len(item.data["label"]) :].lstrip()
        if rest_raw.startswith(item.data["label"])
        else rest_raw
    )
    words = rest_raw.split(" ")
    last = max((i for i, w in enumerate(words) if w and _OFFICE_SUFFIX.search(w)), default=None)
    if last is None or not raw:
        return None, None
    department = normalize_text(" ".join(words[: last + 1]))
    manager = common.person_name(" ".join(words[last + 1 :]))
    return department or None, manager


def _overall(
    items: list[Item], page: int | None, result: ParseResult, consumed: set[int]
) -> OverallSheet:
    sheet = OverallSheet(page=page)
    fields: dict[str, Any] = {}
    _head(items, fields, result, sheet)
    key = fields.get("initiative_id")
    units: list[Item] = []
    for i, item in enumerate(items):
        if item.kind == "title_overall":
            span = common.fiscal_range(item.text)
            if span:
                fields["plan_start_fiscal_year"], fields["plan_end_fiscal_year"] = span
                at(sheet, ("fields", "plan_start_fiscal_year"), item)
                at(sheet, ("fields", "plan_end_fiscal_year"), item)
        elif item.kind == "range":
            span = common.fiscal_range(item.text)
            if span:
                fields["start_fiscal_year"], fields["end_fiscal_year"] = span
                at(sheet, ("fields", "start_fiscal_year"), item)
                at(sheet, ("fields", "end_fiscal_year"), item)
        elif item.kind in ("code", "person", "dept"):
            _people(item, fields, result, key, sheet)
        elif item.kind == "effect":
            rest = compact(item.text)[len(item.data["label"]) :]
            for printed, name in common.ap().effect_flags.items():
                fields[name] = printed in rest
                at(sheet, ("fields", name), item)
        elif item.kind == "unit":
            units.append(item)
        elif item.kind == "indicator_name":
            fields["indicator_name"] = item.data["value"]
            at(sheet, ("fields", "indicator_name"), item)
        elif item.kind == "block" and common.is_label("final_goal", item.text):
            _final_goal(items, i, fields, consumed, sheet)
    sheet.unit = _indicator_unit(units, fields, result, key, sheet)
    for name in common.ap().effect_flags.values():
        if name not in fields:
            fields[name] = None
            result.warn(
                "missing_value",
                f"no {wording('effect')} line",
                dataset="ap_initiatives",
                key=key,
                field=name,
            )
    fields["indicator_unit"] = sheet.unit
    sheet.fields = fields
    _grid_years(items, sheet)
    _plans(items, sheet, consumed)
    return sheet


_PEOPLE = ("department", "department_code", "manager", "staff")


def _people(
    item: Item,
    fields: dict[str, Any],
    result: ParseResult,
    key: str | None,
    sheet: OverallSheet | AnnualSheet,
) -> None:
    """The department's code, department, manager and staff lines."""
    if item.kind == "code":
        tokens = item.text.split()
        if tokens[0].isdigit():
            fields["department_code"] = tokens[0]
            at(sheet, ("fields", "department_code"), item)
        staff_raw = normalize_chars(item.lines[0]).split(item.data["staff"], 1)[1]
        fields["staff"] = common.person_name(staff_raw)
        at(sheet, ("fields", "staff"), item)
    elif item.kind == "person":
        # `責任者 藤本 裕司`: a label and its value on one line.
        label = item.data["label"]
        name = common.person_name(normalize_chars(item.lines[0]).split(label, 1)[1])
        if item.data["field"] not in fields:
            fields[item.data["field"]] = name
            at(sheet, ("fields", item.data["field"]), item)
    elif item.kind == "dept":
        department, manager = _department(item)
        fields["department"] = department
        at(sheet, ("fields", "department"), item)
        # The single-year sheet prints 担当者 on this line too: the name is not settled there.
        single_year = isinstance(sheet, AnnualSheet)
        if not single_year and (manager is not None or "manager" not in fields):
            fields["manager"] = manager
            at(sheet, ("fields", "manager"), item)
        if department is None:
            result.warn(
                "ambiguous_column",
                f"{wording('department')} and {wording('manager')}"
                " cannot be told apart on this line",
                dataset="ap_initiatives",
                key=key,
                field="department",
                raw=item.text,
                lines=item.span,
            )


def _final_goal(
    items: list[Item], i: int, fields: dict[str, Any], consumed: set[int], sheet: OverallSheet
) -> None:
    """The block after the 最終目標 label at `i`."""
    consumed.add(i)
    goal = items[i + 1] if i + 1 < len(items) else None
    copies = sum(1 for item in items if goal is not None and item.text == goal.text)
    if goal is not None and goal.kind == "block" and copies == 1:
        # A text printed more than once is a その他効果 copy, not the goal.
        fields["final_goal"] = goal.text or None
        at(sheet, ("fields", "final_goal"), goal)
        consumed.add(i + 1)


# A value after 指標名 this short is a unit (%, 件, 千円), not an indicator's name.
MAX_UNIT_CHARS = 3


def _indicator_unit(
    found: list[Item],
    fields: dict[str, Any],
    result: ParseResult,
    key: str | None,
    sheet: OverallSheet,
) -> str | None:
    """`指標名 %`: where the name is printed with 単位 on another line, what
    follows 指標名 is the unit; otherwise it may be the name itself."""
    units: list[str] = [item.data["value"] for item in found]
    if len(units) == 1 and (fields.get("indicator_name") or len(units[0]) <= MAX_UNIT_CHARS):
        at(sheet, ("fields", "indicator_unit"), found[0])
        return units[0]
    if units:
        result.warn(
            "ambiguous_column",
            f"{wording('indicator_name')} is followed by a value that may be the name or the unit",
            dataset="ap_initiatives",
            key=key,
            field="indicator_unit",
            raw=" / ".join(units),
            lines=lines_of(*found),
        )
    return None


def _grid_years(items: Sequence[Item], sheet: OverallSheet) -> None:
    """The grid's year columns from its header (`平成27年度当初予算(基準) 平成28年度 …`)."""
    for item in items:
        if item.kind != "header":
            continue
        text = regex.sub(_P["grid_header_base"], "", item.text)
        years = [common.fiscal_year_label(m.group(0)) for m in _YEAR_LABELS.finditer(text)]
        sheet.grid_years = [y for y in years if y is not None]
        return
    start = sheet.fields.get("plan_start_fiscal_year")
    end = sheet.fields.get("plan_end_fiscal_year")
    if start and end:
        sheet.grid_years = list(range(start, end + 1))


_YEAR_LABELS = regex.compile(_P["year_labels"])


def _plans(items: list[Item], sheet: OverallSheet, consumed: set[int]) -> None:
    grid_years = set(sheet.grid_years)
    for i, item in enumerate(items):
        if item.kind != "year":
            continue
        year = item.data["year"]
        following = items[i + 1] if i + 1 < len(items) else None
        if following is not None and following.kind == "header":
            continue
        if year is None or (grid_years and year not in grid_years) or year in sheet.year_plans:
            continue
        sheet.years.append(year)
        plan = join_wrapped([line for line in item.lines if line])
        sheet.year_plans[year] = {"plan": plan or None}
        at(sheet, ("year_plans", year, "plan"), item)
        at(sheet, ("year_plans", year, "fiscal_year"), item)
        consumed.add(i)
    sheet.years.sort()


# --- the single-year sheet ---------------------------------------------------------------


def _annual(items: list[Item], page: int | None, result: ParseResult) -> AnnualSheet:
    sheet = AnnualSheet(page=page)
    fields: dict[str, Any] = {}
    _head(items, fields, result, sheet)
    sheet.fields = {k: fields.get(k) for k in ("initiative_id", "name", "created", "updated")}
    sheet.fields["importance"] = fields.get("importance")
    _shared_fields(items, fields, result, sheet)
    key = fields.get("initiative_id")
    review: dict[str, Any] = {name: None for name in common.REVIEW_FIELDS}
    blocks: dict[int, Item] = {}
    for i, item in enumerate(items):
        if item.kind == "title_annual":
            sheet.edition = common.fiscal_year_label(item.text)
            at(sheet, ("rows", "edition_fiscal_year"), item)
        elif item.kind == "block":
            blocks[i] = item
    used: set[int] = set()
    labels: dict[int, str | None] = {}
    for i, item in blocks.items():
        labels[i] = label_of(item.text)
        if labels[i] is not None or compact(item.text) in _AP.lists["stray_furniture"]:
            used.add(i)
    _status_and_midyear(items, blocks, labels, used, review, sheet)
    # 達成状況's comment: the block a lone コメント label follows (its cell
    # spans two rows, so the label is printed after the text).
    before_label = [
        i
        for i, item in blocks.items()
        if labels.get(i + 1) == "comment"
        and i not in used
        and labels.get(i) is None
        and not _enum_block(item.text)
        and _sentence_like(item.text)
    ]
    if len(before_label) == 1:
        review["yearend_comment"] = blocks[before_label[0]].text
        at(sheet, ("review", "yearend_comment"), blocks[before_label[0]])
        used.add(before_label[0])
    _enumerations(blocks, used, review, result, key, sheet)
    for i, item in enumerate(items):
        if item.kind == "evaluator":
            raw = normalize_chars(item.lines[0]).split(_W["note"], 1)[0]
            review["evaluator"] = common.person_name(raw)
            at(sheet, ("review", "evaluator"), item)
        elif item.kind == "year":
            used.add(i)
    _indicator_pair(items, review, result, key, sheet)
    _change(items, blocks, used, review, sheet)
    _rating(blocks, used, review, result, key, sheet)
    sheet.review = review
    texts = [(i, item) for i, item in blocks.items() if i not in used]
    sheet.tasks, run = _tasks(items, texts, sheet, result, key)
    if len(before_label) > 1:
        # A task printed just above the コメント label is no comment.
        left = [i for i in before_label if i not in run]
        if len(left) == 1:
            review["yearend_comment"] = blocks[left[0]].text
            at(sheet, ("review", "yearend_comment"), blocks[left[0]])
            sheet.loose.remove(blocks[left[0]].text)
        else:
            result.warn(
                "ambiguous_alignment",
                "several blocks of text could be the year-end comment",
                dataset="ap_reviews",
                key=key,
                field="yearend_comment",
                raw=" / ".join(blocks[i].text for i in left),
                lines=lines_of(*(blocks[i] for i in left)),
            )
    return sheet


def _shared_fields(
    items: list[Item], fields: dict[str, Any], result: ParseResult, sheet: AnnualSheet
) -> None:
    """What the single-year sheet prints of the overall sheet's head: checked
    against it (common.emit), a second place of the value where it agrees."""
    for item in items:
        if item.kind in ("code", "person", "dept"):
            _people(item, fields, result, fields.get("initiative_id"), sheet)
    for name in ("promotion_item_no", "promotion_item", *_PEOPLE):
        if fields.get(name) is not None:
            sheet.fields[name] = fields[name]


def _status_and_midyear(
    items: list[Item],
    blocks: dict[int, Item],
    labels: dict[int, str | None],
    used: set[int],
    review: dict[str, Any],
    sheet: AnnualSheet,
) -> None:
    """区分 of the year (the status after its label) and the 上半期 progress."""
    for i in blocks:
        if labels.get(i) == "status":
            nxt = blocks.get(i + 1)
            if nxt is not None and common.in_vocab(nxt.text, common.ap().year_statuses):
                review["status"] = common.vocab(nxt.text, common.ap().year_statuses)
                at(sheet, ("review", "status"), nxt)
                used.add(i + 1)
    midyear = next((i for i, item in enumerate(items) if item.kind == "midyear"), None)
    if midyear is not None:
        review["midyear_progress"] = items[midyear].data["value"]
        at(sheet, ("review", "midyear_progress"), items[midyear])
        if midyear + 1 in blocks and labels.get(midyear + 1) is None:
            review["midyear_comment"] = blocks[midyear + 1].text
            at(sheet, ("review", "midyear_comment"), blocks[midyear + 1])
            used.add(midyear + 1)


def _indicator_pair(
    items: list[Item],
    review: dict[str, Any],
    result: ParseResult,
    key: str | None,
    sheet: AnnualSheet,
) -> None:
    """計画値 and 実績値 of the year share a row: printed left to right."""
    pairs = [item for item in items if item.kind == "numbers" and len(item.data["values"]) == 2]
    if len(pairs) == 1:
        review["indicator_plan"], review["indicator_actual"] = pairs[0].data["values"]
        at(sheet, ("review", "indicator_plan"), pairs[0])
        at(sheet, ("review", "indicator_actual"), pairs[0])
    elif pairs:
        result.warn(
            "ambiguous_alignment",
            "several pairs of numbers could be the year's"
            f" {wording('plan_value')} / {wording('actual_value')}",
            dataset="ap_reviews",
            key=key,
            field="indicator_plan",
            raw=" / ".join(item.text for item in pairs),
            lines=lines_of(*pairs),
        )


def _rating(
    blocks: dict[int, Item],
    used: set[int],
    review: dict[str, Any],
    result: ParseResult,
    key: str | None,
    sheet: AnnualSheet,
) -> None:
    """総合評価: the one lone grade on the sheet."""
    letters = [i for i, item in blocks.items() if _LETTER.match(compact(item.text))]
    if len(letters) == 1:
        review["rating"] = compact(blocks[letters[0]].text)
        at(sheet, ("review", "rating"), blocks[letters[0]])
        used.add(letters[0])
    elif letters:
        result.warn(
            "ambiguous_alignment",
            f"several lone grades on the sheet: {wording('rating')} is not settled",
            dataset="ap_reviews",
            key=key,
            field="rating",
            raw=" / ".join(blocks[i].text for i in letters),
            lines=lines_of(*(blocks[i] for i in letters)),
        )
        used.update(letters)


# A comment is written text: a unit (時間, %), a mark (有/無) or a number
# that stands before the コメント label in another layer's order is none.
COMMENT_MIN_CHARS = 6


def _sentence_like(text: str) -> bool:
    flat = compact(text)
    return flat.endswith(_W["sentence_end"]) or len(flat) >= COMMENT_MIN_CHARS


def _enum_block(text: str) -> bool:
    return any(
        common.in_vocab(text, vocab)
        for vocab in (
            common.ap().year_statuses,
            common.ap().outcomes,
            common.ap().directions,
            common.ap().activities,
        )
    )


def _enumerations(
    blocks: dict[int, Item],
    used: set[int],
    review: dict[str, Any],
    result: ParseResult,
    key: str | None,
    sheet: AnnualSheet,
) -> None:
    """達成状況, 進捗状況【活動】 and 方向性: told apart by their vocabularies.

    Both 進捗状況【活動】 and 方向性 can print a `完了(…)`; when two such
    values are left, which is which is not in the text.
    """
    outcomes, progress, directions, finished = [], [], [], []
    for i, item in blocks.items():
        if i in used:
            continue
        if common.in_vocab(item.text, common.ap().outcomes):
            outcomes.append(i)
        elif common.in_vocab(item.text, common.ap().progress):
            progress.append(i)
        elif compact(item.text).startswith(_W["completed"]):
            finished.append(i)
        elif common.in_vocab(item.text, common.ap().directions):
            directions.append(i)
    if len(outcomes) == 1:
        review["outcome"] = common.vocab(blocks[outcomes[0]].text, common.ap().outcomes)
        at(sheet, ("review", "outcome"), blocks[outcomes[0]])
    if len(progress) == 1:
        review["activity"] = common.vocab(blocks[progress[0]].text, common.ap().activities)
        at(sheet, ("review", "activity"), blocks[progress[0]])
    if len(directions) == 1:
        review["direction"] = common.vocab(blocks[directions[0]].text, common.ap().directions)
        at(sheet, ("review", "direction"), blocks[directions[0]])
    used.update(outcomes + progress + directions + finished)
    open_fields = [name for name in ("activity", "direction") if review[name] is None]
    if len(finished) == 1 and len(open_fields) == 1:
        name = open_fields[0]
        known = common.ap().activities if name == "activity" else common.ap().directions
        review[name] = common.vocab(blocks[finished[0]].text, known)
        at(sheet, ("review", name), blocks[finished[0]])
    elif finished:
        for name in open_fields:
            result.warn(
                "ambiguous_alignment",
                f"{wording('activity')} and {wording('direction')} both print"
                f" {_W['completed']}(…): which is which is not in the text",
                dataset="ap_reviews",
                key=key,
                field=name,
                raw=" / ".join(blocks[i].text for i in finished),
                lines=lines_of(*(blocks[i] for i in finished)),
            )


def _change(
    items: Sequence[Item],
    blocks: dict[int, Item],
    used: set[int],
    review: dict[str, Any],
    sheet: AnnualSheet,
) -> None:
    """計画変更: `取組内容 無` / `計画値 無`; a lone 有/無 fills the one left."""
    for item in items:
        if item.kind == "change":
            name = "change_plan_content" if item.data["content"] else "change_plan_values"
            review[name] = item.data["value"]
            at(sheet, ("review", name), item)
    lone = [i for i, item in blocks.items() if common.yes_no(item.text) is not None]
    used.update(lone)
    missing = [n for n in ("change_plan_content", "change_plan_values") if review[n] is None]
    if len(lone) == 1 and len(missing) == 1:
        review[missing[0]] = common.yes_no(blocks[lone[0]].text)
        at(sheet, ("review", missing[0]), blocks[lone[0]])


def _tasks(
    items: Sequence[Item],
    texts: list[tuple[int, Item]],
    sheet: AnnualSheet,
    result: ParseResult,
    key: str | None,
) -> tuple[list[dict[str, Any]], list[int]]:
    """取組項目: the task texts in order, numbered from 1; ○ only when all or none."""
    marks = {item.data["no"]: item.data["marks"] for item in items if item.kind == "task"}
    marked = len(marks)
    free = {i for i, _ in texts}
    label = next(
        (
            i
            for i, item in enumerate(items)
            if item.kind == "block" and common.is_label("tasks", item.text)
        ),
        None,
    )
    run: list[int] = []
    if label is not None:
        i = label + 1
        while i in free:
            run.append(i)
            i += 1
    if len(run) != marked:
        # The blocks after 取組項目 are the tasks only when they match the
        # numbered rows that print ○; else look for those rows' one-line texts.
        run = _single_line_run(items, free, marked)
    sheet.loose = [item.text for i, item in texts if i not in run]
    for i, item in texts:
        if i not in run and item.span is not None:
            sheet.loose_lines.setdefault(item.text, []).append(item.span)
    if any(no > len(run) for no in marks):
        result.warn(
            "ambiguous_alignment",
            "a numbered task row has ○ but no task text can be paired with it",
            dataset="ap_tasks",
            key=key,
            raw=" / ".join(item.text for item in items if item.kind == "task"),
            lines=lines_of(*(item for item in items if item.kind == "task")),
        )
    tasks = []
    for no, i in enumerate(run, start=1):
        row: dict[str, Any] = {"task_no": no, "task": items[i].text}
        at(sheet, ("tasks", no - 1, "task"), items[i])
        count = marks.get(no, 0)
        mark_item = next((m for m in items if m.kind == "task" and m.data["no"] == no), None)
        if count in (0, 4):
            for q in range(4):
                at(sheet, ("tasks", no - 1, f"q{q + 1}"), mark_item)
        for q in range(4):
            row[f"q{q + 1}"] = True if count == 4 else False if count == 0 else None
        if count not in (0, 4):
            result.warn(
                "ambiguous_alignment",
                f"task {no} has ○ in {count} of 4 quarters: which ones is not in the text",
                dataset="ap_tasks",
                key=f"{key}:{no}",
                field="q1",
                raw=next(i.text for i in items if i.kind == "task" and i.data["no"] == no),
                lines=mark_item.span if mark_item is not None else None,
            )
        tasks.append(row)
    return tasks, run


def _evaluation_comment(sheet: AnnualSheet, indicator: str | None, result: ParseResult) -> None:
    """The one block of text left once the indicator's name is set aside."""
    rest = [text for text in sheet.loose if text != indicator]
    if indicator is not None and indicator in sheet.loose:
        # The sheet prints the indicator's name again: read, as the overall sheet's.
        sheet.fields["indicator_name"] = indicator
        common.found_at(
            sheet,
            ("fields", "indicator_name"),
            *(Source(sheet.page, lines=span) for span in sheet.loose_lines.get(indicator, [])),
        )
    if len(rest) == 1:
        sheet.review["evaluation_comment"] = rest[0]
        common.found_at(
            sheet,
            ("review", "evaluation_comment"),
            *(Source(sheet.page, lines=span) for span in sheet.loose_lines.get(rest[0], [])),
        )
    elif rest:
        result.warn(
            "ambiguous_alignment",
            "more than one block of text could be the evaluation comment",
            dataset="ap_reviews",
            key=sheet.fields.get("initiative_id"),
            field="evaluation_comment",
            raw=" / ".join(rest),
            lines=_spans(sheet.loose_lines, rest),
        )


def _spans(where: dict[str, list[tuple[int, int]]], texts: list[str]) -> tuple[int, int] | None:
    spans = [span for text in texts for span in where.get(text, [])]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def _single_line_run(items: Sequence[Item], free: set[int], count: int) -> list[int]:
    """The one run of `count` adjacent one-line blocks (tasks fill one row each)."""
    if count == 0:
        return []
    found = []
    for start in sorted(free):
        span = list(range(start, start + count))
        alone = (start - 1) not in free and start + count not in free
        if alone and all(i in free and len(items[i].lines) == 1 for i in span):
            found.append(span)
    return found[0] if len(found) == 1 else []
