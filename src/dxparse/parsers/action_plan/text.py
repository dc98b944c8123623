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
    read_items,
    reading_order,
    split_sheets,
)
from dxparse.records import ParseResult
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
    paged = doc.page_count is not None
    for page in doc.pages:
        for lines in split_sheets(list(page.lines)):
            number = page.number if paged else None
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
            items = read_items(lines)
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
            elif any(i.kind == "title_annual" for i in items) or has_label(items, "tasks"):
                annual.append(_annual(items, number, result))
                annual[-1].cities = cities
                _labels_not_found(lines, annual[-1], number, result)
    editions = {sheet.edition for sheet in annual if sheet.edition is not None}
    edition = editions.pop() if len(editions) == 1 else None
    by_id = {sheet.fields.get("initiative_id"): sheet for sheet in annual}
    for sheet, items, consumed in overall:
        other = by_id.get(sheet.fields.get("initiative_id"))
        place.place(items, consumed, sheet, other, edition, result)
        if other is not None:
            _evaluation_comment(other, sheet.fields.get("indicator_name"), result)
    return [sheet for sheet, _, _ in overall], annual


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


def _head(items: Sequence[Item], fields: dict[str, Any], result: ParseResult) -> None:
    """The fields both sheets print on label-and-value lines.

    作成日 and 更新日 may be printed apart from their labels: a date after
    `更新日` on the number line is the update, the dates after the name are
    in column order (作成日 first), and each printed date is used once.
    """
    dates = _HeadDates()
    for item in items:
        _head_item(item, fields, dates)
    _name_dates(dates, fields, result)
    fields["created"], fields["updated"] = dates.created, dates.updated
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


def _head_item(item: Item, fields: dict[str, Any], dates: _HeadDates) -> None:
    if item.kind == "importance" and item.data["value"]:
        fields["importance"] = item.data["value"]
    elif item.kind == "id":
        tokens = item.text.split()
        i = next(n for n, x in enumerate(tokens) if common.is_label("created", x))
        j = next(n for n, x in enumerate(tokens) if common.is_label("updated", x))
        if i > 0 and tokens[0].isdigit():
            fields["initiative_id"] = tokens[0]
        between = " ".join(tokens[i + 1 : j]) if j > i else ""
        after = " ".join(tokens[j + 1 :])
        dates.created = dates.created or _first_date(between)
        dates.updated = dates.updated or _first_date(after)
    elif item.kind == "dated":
        value = _first_date(item.data["rest"])
        if item.data["label"] == "created":
            dates.created = dates.created or value
        else:
            dates.updated = dates.updated or value
    elif item.kind == "promo":
        label = r"\s*".join(map(regex.escape, item.data["label"]))  # `推 進 項 目`
        match = regex.match(
            rf"^{label}\s+(\d+)\s*(.*?)(?:\s+({_LETTER.pattern[1:-1]}))?$", item.text
        )
        if match:
            fields["promotion_item_no"] = int(match.group(1))
            fields["promotion_item"] = match.group(2) or None
            dates.tail = match.group(3)
    elif item.kind == "name":
        _name_line(item, fields, dates)


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
    if len(name_dates) == 2:
        dates.created = dates.created or name_dates[0]
        dates.updated = dates.updated or name_dates[1]
    elif len(name_dates) == 1:
        if dates.created is None and dates.updated is not None:
            dates.created = name_dates[0]
        elif dates.updated is None and dates.created is not None:
            dates.updated = name_dates[0]
        elif dates.created is None and dates.updated is None:
            result.warn(
                "ambiguous_column",
                f"one date after the initiative's name: {wording('created')} or"
                f" {wording('updated')} is not in the text",
                dataset="ap_initiatives",
                key=fields.get("initiative_id"),
                field="created",
                raw=str(name_dates[0]),
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
    _head(items, fields, result)
    key = fields.get("initiative_id")
    units: list[str] = []
    for i, item in enumerate(items):
        if item.kind == "title_overall":
            span = common.fiscal_range(item.text)
            if span:
                fields["plan_start_fiscal_year"], fields["plan_end_fiscal_year"] = span
        elif item.kind == "range":
            span = common.fiscal_range(item.text)
            if span:
                fields["start_fiscal_year"], fields["end_fiscal_year"] = span
        elif item.kind in ("code", "person", "dept"):
            _people(item, fields, result, key)
        elif item.kind == "effect":
            rest = compact(item.text)[len(item.data["label"]) :]
            for printed, name in common.ap().effect_flags.items():
                fields[name] = printed in rest
        elif item.kind == "unit":
            units.append(item.data["value"])
        elif item.kind == "indicator_name":
            fields["indicator_name"] = item.data["value"]
        elif item.kind == "block" and common.is_label("final_goal", item.text):
            _final_goal(items, i, fields, consumed)
    sheet.unit = _indicator_unit(units, fields, result, key)
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


def _people(item: Item, fields: dict[str, Any], result: ParseResult, key: str | None) -> None:
    """The department's code, department, manager and staff lines."""
    if item.kind == "code":
        tokens = item.text.split()
        if tokens[0].isdigit():
            fields["department_code"] = tokens[0]
        staff_raw = normalize_chars(item.lines[0]).split(item.data["staff"], 1)[1]
        fields["staff"] = common.person_name(staff_raw)
    elif item.kind == "person":
        # `責任者 藤本 裕司`: a label and its value on one line.
        label = item.data["label"]
        name = common.person_name(normalize_chars(item.lines[0]).split(label, 1)[1])
        fields.setdefault(item.data["field"], name)
    elif item.kind == "dept":
        department, manager = _department(item)
        fields["department"] = department
        if manager is not None or "manager" not in fields:
            fields["manager"] = manager
        if department is None:
            result.warn(
                "ambiguous_column",
                f"{wording('department')} and {wording('manager')}"
                " cannot be told apart on this line",
                dataset="ap_initiatives",
                key=key,
                field="department",
                raw=item.text,
            )


def _final_goal(items: list[Item], i: int, fields: dict[str, Any], consumed: set[int]) -> None:
    """The block after the 最終目標 label at `i`."""
    consumed.add(i)
    goal = items[i + 1] if i + 1 < len(items) else None
    copies = sum(1 for item in items if goal is not None and item.text == goal.text)
    if goal is not None and goal.kind == "block" and copies == 1:
        # A text printed more than once is a その他効果 copy, not the goal.
        fields["final_goal"] = goal.text or None
        consumed.add(i + 1)


# A value after 指標名 this short is a unit (%, 件, 千円), not an indicator's name.
MAX_UNIT_CHARS = 3


def _indicator_unit(
    units: list[str], fields: dict[str, Any], result: ParseResult, key: str | None
) -> str | None:
    """`指標名 %`: where the name is printed with 単位 on another line, what
    follows 指標名 is the unit; otherwise it may be the name itself."""
    if len(units) == 1 and (fields.get("indicator_name") or len(units[0]) <= MAX_UNIT_CHARS):
        return units[0]
    if units:
        result.warn(
            "ambiguous_column",
            f"{wording('indicator_name')} is followed by a value that may be the name or the unit",
            dataset="ap_initiatives",
            key=key,
            field="indicator_unit",
            raw=" / ".join(units),
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
        consumed.add(i)
    sheet.years.sort()


# --- the single-year sheet ---------------------------------------------------------------


def _annual(items: list[Item], page: int | None, result: ParseResult) -> AnnualSheet:
    sheet = AnnualSheet(page=page)
    fields: dict[str, Any] = {}
    _head(items, fields, result)
    sheet.fields = {k: fields.get(k) for k in ("initiative_id", "name", "created", "updated")}
    sheet.fields["importance"] = fields.get("importance")
    key = fields.get("initiative_id")
    review: dict[str, Any] = {name: None for name in common.REVIEW_FIELDS}
    blocks: dict[int, Item] = {}
    for i, item in enumerate(items):
        if item.kind == "title_annual":
            sheet.edition = common.fiscal_year_label(item.text)
        elif item.kind == "block":
            blocks[i] = item
    used: set[int] = set()
    labels: dict[int, str | None] = {}
    for i, item in blocks.items():
        labels[i] = label_of(item.text)
        if labels[i] is not None or compact(item.text) in _AP.lists["stray_furniture"]:
            used.add(i)
    _status_and_midyear(items, blocks, labels, used, review)
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
        used.add(before_label[0])
    _enumerations(blocks, used, review, result, key)
    for i, item in enumerate(items):
        if item.kind == "evaluator":
            raw = normalize_chars(item.lines[0]).split(_W["note"], 1)[0]
            review["evaluator"] = common.person_name(raw)
        elif item.kind == "year":
            used.add(i)
    _indicator_pair(items, review, result, key)
    _change(items, blocks, used, review)
    _rating(blocks, used, review, result, key)
    sheet.review = review
    texts = [(i, item) for i, item in blocks.items() if i not in used]
    sheet.tasks, run = _tasks(items, texts, sheet, result, key)
    if len(before_label) > 1:
        # A task printed just above the コメント label is no comment.
        left = [i for i in before_label if i not in run]
        if len(left) == 1:
            review["yearend_comment"] = blocks[left[0]].text
            sheet.loose.remove(blocks[left[0]].text)
        else:
            result.warn(
                "ambiguous_alignment",
                "several blocks of text could be the year-end comment",
                dataset="ap_reviews",
                key=key,
                field="yearend_comment",
                raw=" / ".join(blocks[i].text for i in left),
            )
    return sheet


def _status_and_midyear(
    items: list[Item],
    blocks: dict[int, Item],
    labels: dict[int, str | None],
    used: set[int],
    review: dict[str, Any],
) -> None:
    """区分 of the year (the status after its label) and the 上半期 progress."""
    for i in blocks:
        if labels.get(i) == "status":
            nxt = blocks.get(i + 1)
            if nxt is not None and common.in_vocab(nxt.text, common.ap().year_statuses):
                review["status"] = common.vocab(nxt.text, common.ap().year_statuses)
                used.add(i + 1)
    midyear = next((i for i, item in enumerate(items) if item.kind == "midyear"), None)
    if midyear is not None:
        review["midyear_progress"] = items[midyear].data["value"]
        if midyear + 1 in blocks and labels.get(midyear + 1) is None:
            review["midyear_comment"] = blocks[midyear + 1].text
            used.add(midyear + 1)


def _indicator_pair(
    items: list[Item], review: dict[str, Any], result: ParseResult, key: str | None
) -> None:
    """計画値 and 実績値 of the year share a row: printed left to right."""
    pairs = [item for item in items if item.kind == "numbers" and len(item.data["values"]) == 2]
    if len(pairs) == 1:
        review["indicator_plan"], review["indicator_actual"] = pairs[0].data["values"]
    elif pairs:
        result.warn(
            "ambiguous_alignment",
            "several pairs of numbers could be the year's"
            f" {wording('plan_value')} / {wording('actual_value')}",
            dataset="ap_reviews",
            key=key,
            field="indicator_plan",
            raw=" / ".join(item.text for item in pairs),
        )


def _rating(
    blocks: dict[int, Item],
    used: set[int],
    review: dict[str, Any],
    result: ParseResult,
    key: str | None,
) -> None:
    """総合評価: the one lone grade on the sheet."""
    letters = [i for i, item in blocks.items() if _LETTER.match(compact(item.text))]
    if len(letters) == 1:
        review["rating"] = compact(blocks[letters[0]].text)
        used.add(letters[0])
    elif letters:
        result.warn(
            "ambiguous_alignment",
            f"several lone grades on the sheet: {wording('rating')} is not settled",
            dataset="ap_reviews",
            key=key,
            field="rating",
            raw=" / ".join(blocks[i].text for i in letters),
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
    if len(progress) == 1:
        review["activity"] = common.vocab(blocks[progress[0]].text, common.ap().activities)
    if len(directions) == 1:
        review["direction"] = common.vocab(blocks[directions[0]].text, common.ap().directions)
    used.update(outcomes + progress + directions + finished)
    open_fields = [name for name in ("activity", "direction") if review[name] is None]
    if len(finished) == 1 and len(open_fields) == 1:
        name = open_fields[0]
        known = common.ap().activities if name == "activity" else common.ap().directions
        review[name] = common.vocab(blocks[finished[0]].text, known)
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
            )


def _change(
    items: Sequence[Item], blocks: dict[int, Item], used: set[int], review: dict[str, Any]
) -> None:
    """計画変更: `取組内容 無` / `計画値 無`; a lone 有/無 fills the one left."""
    for item in items:
        if item.kind == "change":
            name = "change_plan_content" if item.data["content"] else "change_plan_values"
            review[name] = item.data["value"]
    lone = [i for i, item in blocks.items() if common.yes_no(item.text) is not None]
    used.update(lone)
    missing = [n for n in ("change_plan_content", "change_plan_values") if review[n] is None]
    if len(lone) == 1 and len(missing) == 1:
        review[missing[0]] = common.yes_no(blocks[lone[0]].text)


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
    if any(no > len(run) for no in marks):
        result.warn(
            "ambiguous_alignment",
            "a numbered task row has ○ but no task text can be paired with it",
            dataset="ap_tasks",
            key=key,
            raw=" / ".join(item.text for item in items if item.kind == "task"),
        )
    tasks = []
    for no, i in enumerate(run, start=1):
        row: dict[str, Any] = {"task_no": no, "task": items[i].text}
        count = marks.get(no, 0)
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
            )
        tasks.append(row)
    return tasks, run


def _evaluation_comment(sheet: AnnualSheet, indicator: str | None, result: ParseResult) -> None:
    """The one block of text left once the indicator's name is set aside."""
    rest = [text for text in sheet.loose if text != indicator]
    if len(rest) == 1:
        sheet.review["evaluation_comment"] = rest[0]
    elif rest:
        result.warn(
            "ambiguous_alignment",
            "more than one block of text could be the evaluation comment",
            dataset="ap_reviews",
            key=sheet.fields.get("initiative_id"),
            field="evaluation_comment",
            raw=" / ".join(rest),
        )


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
