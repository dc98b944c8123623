"""Action-plan sheets from a text layer: lines without positions.

A text layer keeps each cell's text but not where the cell was; the lines of
one sheet can come in any order and blank cells leave no trace. So every
value is taken only where the text itself settles it: a label printed with
its value on one line, a block of text after its label, a run of numbers
placed by the checks the sheet's arithmetic makes (ap_checks.solve). What
the text cannot settle is left null and reported, never guessed.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from dxparse.document import SourceDocument
from dxparse.normalise import join_wrapped, normalize_chars, normalize_text
from dxparse.parsers import ap_checks
from dxparse.parsers import ap_common as common
from dxparse.parsers.ap_common import AnnualSheet, OverallSheet, compact, label_of
from dxparse.records import ParseResult
from dxparse.utils.numbers import parse_number
from dxparse.utils.wareki import parse_date

_NUM = r"(?:[△▲\-−]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
_DATE = regex.compile(
    r"(?:(?:明治|大正|昭和|平成|令和|[MTSHR])\s*(?:元|\d{1,2})\s*[./年]\s*\d{1,2}\s*[./月]\s*\d{1,2}日?"
    r"|(?:19|20)\d\d\s*[./年-]\s*\d{1,2}\s*[./月-]\s*\d{1,2}日?)"
)
_YEAR_START = regex.compile(
    r"^(?P<label>(?:平成|令和|昭和)\s*(?:元|\d{1,2})\s*年度|(?:19|20)\d\d\s*年度)(?:\s+(?P<rest>.*))?$"
)
_RANGE = regex.compile(
    r"^(?:平成|令和|[HR])\s*(?:元|\d{1,2})\s*(?:年度)?\s*[~〜\-]\s*"
    r"(?:平成|令和|[HR])?\s*(?:元|\d{1,2})\s*(?:年度)?$"
)
_FOOTER = regex.compile(r"^(?:<<|>>|[RH]\s*(?:元|\d{1,2}))$")
_SERIES = regex.compile(
    rf"^(?P<label>当初計画値|変更計画値|実績値|当初計画額|変更計画額|実績額)(?:\s+(?P<n>{_NUM}))?$"
)
_TASK = regex.compile(r"^(?P<no>\d{1,2})(?P<marks>(?:\s*[○〇◯])*)$")
_CHANGE = regex.compile(r"^(?P<label>取組内容|計画値)\s+(?P<v>有|無)$")
_LETTER = regex.compile(r"^[A-C]$")
# How the name of an office ends: what separates 担当部署 from 責任者 on one line.
_OFFICE_SUFFIX = regex.compile(
    r"(?:部|課|局|室|館|所|センター|委員会|協議会|事務局|係|班|署|院|庁)$"
)


@dataclass(slots=True)
class Item:
    """One thing a line (or a block of wrapped lines) says."""

    kind: str
    text: str
    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


# --- reading the whole text ----------------------------------------------------------


def read_text(
    doc: SourceDocument, result: ParseResult
) -> tuple[list[OverallSheet], list[AnnualSheet]]:
    overall: list[tuple[OverallSheet, list[Item], set[int]]] = []
    annual: list[AnnualSheet] = []
    paged = doc.page_count is not None
    for page in doc.pages:
        for lines in _sheets(list(page.lines)):
            items = _items(lines)
            number = page.number if paged else None
            if any(i.kind == "title_overall" for i in items) or _has_label(items, "final_goal"):
                consumed: set[int] = set()
                overall.append((_overall(items, number, result, consumed), items, consumed))
            elif any(i.kind == "title_annual" for i in items) or _has_label(items, "tasks"):
                annual.append(_annual(items, number, result))
    editions = {sheet.edition for sheet in annual if sheet.edition is not None}
    edition = editions.pop() if len(editions) == 1 else None
    by_id = {sheet.fields.get("initiative_id"): sheet for sheet in annual}
    for sheet, items, consumed in overall:
        other = by_id.get(sheet.fields.get("initiative_id"))
        _place_numbers(items, consumed, sheet, other, edition, result)
        if other is not None:
            _evaluation_comment(other, sheet.fields.get("indicator_name"), result)
    return [sheet for sheet, _, _ in overall], annual


def _sheets(lines: list[str]) -> list[list[str]]:
    """Split at page furniture (`Ｒ１`, `<<`): each sheet ends with its footer."""
    out: list[list[str]] = [[]]
    for line in lines:
        if _FOOTER.match(normalize_text(line)):
            if any(part.strip() for part in out[-1]):
                out.append([])
            continue
        out[-1].append(line)
    return [chunk for chunk in out if any(line.strip() for line in chunk)]


def _has_label(items: Sequence[Item], name: str) -> bool:
    return any(item.kind == "block" and common.is_label(name, item.text) for item in items)


def _numbers(text: str) -> list[int | float] | None:
    tokens = text.split()
    values: list[int | float] = []
    for token in tokens:
        parsed = parse_number(token)
        if parsed is None or parsed.value is None or parsed.unit:
            return None
        values.append(parsed.value)
    return values or None


def _classify(raw: str) -> Item | None:
    """A line that says something by itself; None for a line of free text."""
    t = normalize_text(raw)
    key = compact(t)
    if "アクションプラン全体計画" in key:
        return Item("title_overall", t)
    if regex.match(r"^アクションプラン\(.*年度\)$", key):
        return Item("title_annual", t)
    match = regex.match(r"^重要度(?:\s*([A-C]))?$", t)
    if match:
        return Item("importance", t, data={"value": match.group(1)})
    tokens = t.split()
    if "作成日" in tokens and "更新日" in tokens and not key.startswith("番号"):
        return Item("id", t, lines=[raw])
    if "責任者" in tokens and "担当者" in tokens:
        return Item("code", t, lines=[raw])
    if key.startswith("担当部署"):
        return Item("dept", t, lines=[raw])
    if key.startswith("推進項目"):
        return Item("promo", t)
    if key.startswith("番号"):
        return Item("name", t)
    if _RANGE.match(t):
        return Item("range", t)
    if tokens and tokens[0] == "効果":
        return Item("effect", t)
    match = regex.match(r"^(?:成果)?指標名\s+(.+)$", t)
    if match:
        return Item("unit", t, data={"value": match.group(1)})
    if "当初予算" in key:
        return Item("header", t)
    match = regex.match(r"^(.+?)\s+単位$", t)
    if match and not t.startswith("単位"):
        return Item("indicator_name", t, data={"value": match.group(1)})
    match = _SERIES.match(t)
    if match:
        return Item("series", t, data={"label": match.group("label"), "n": match.group("n")})
    match = _TASK.match(t)
    if match and match.group("marks"):
        marks = sum(1 for ch in match.group("marks") if ch in common.MARKS)
        return Item("task", t, data={"no": int(match.group("no")), "marks": marks})
    values = _numbers(t)
    if values is not None:
        return Item("numbers", t, data={"values": values})
    match = _YEAR_START.match(t)
    if match:
        year = common.fiscal_year_label(match.group("label"))
        return Item("year", t, lines=[match.group("rest") or ""], data={"year": year})
    for status in common.PROGRESS:
        if key in (f"コメント{status}", f"{status}コメント"):
            return Item("midyear", t, data={"value": status})
    if regex.search(r"※.*評価者", t):
        return Item("evaluator", t, lines=[raw])
    match = _CHANGE.match(t)
    if match:
        return Item("change", t, data={"label": match.group("label"), "value": match.group("v")})
    if tokens and all(common.quarter_of(token) is not None for token in tokens):
        return Item("furniture", t)
    if regex.match(r"^単位\s+\S+\s+単位\s+\S+$", t) or key in ("年度最終値", "計画値実績値"):
        return Item("furniture", t)
    if key == "年度取組内容・目標" or key == "年度取組内容目標":
        return Item("furniture", t)
    return None


def _items(lines: Sequence[str]) -> list[Item]:
    """The sheet's lines as items; wrapped free lines become one block."""
    items: list[Item] = []
    buffer: list[str] = []

    def flush() -> None:
        if not buffer:
            return
        last = items[-1] if items else None
        if last is not None and last.kind == "year" and last.data.get("open"):
            last.lines.extend(buffer)
        else:
            items.append(Item("block", join_wrapped(buffer), lines=list(buffer)))
        buffer.clear()

    for raw in [*lines, ""]:
        if not raw.strip():
            flush()
            if items and items[-1].kind == "year":
                items[-1].data["open"] = False
            continue
        item = _classify(raw)
        if item is None:
            buffer.append(raw)
            continue
        flush()
        if items and items[-1].kind == "year":
            items[-1].data["open"] = False
        if item.kind == "year":
            item.data["open"] = True
        items.append(item)
    return items


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


def _head(items: Sequence[Item], fields: dict[str, Any], result: ParseResult) -> None:
    """The fields both sheets print on label-and-value lines.

    作成日 and 更新日 may be printed apart from their labels: a date after
    `更新日` on the number line is the update, the dates after the name are
    in column order (作成日 first), and each printed date is used once.
    """
    created: Any = None
    updated: Any = None
    name_dates: list[Any] = []
    tail: str | None = None
    for item in items:
        if item.kind == "importance" and item.data["value"]:
            fields["importance"] = item.data["value"]
        elif item.kind == "id":
            tokens = item.text.split()
            i, j = tokens.index("作成日"), tokens.index("更新日")
            if i > 0 and tokens[0].isdigit():
                fields["initiative_id"] = tokens[0]
            between = " ".join(tokens[i + 1 : j]) if j > i else ""
            after = " ".join(tokens[j + 1 :])
            created = created or _first_date(between)
            updated = updated or _first_date(after)
        elif item.kind == "promo":
            match = regex.match(r"^推進項目\s+(\d+)\s*(.*?)(?:\s+([A-C]))?$", item.text)
            if match:
                fields["promotion_item_no"] = int(match.group(1))
                fields["promotion_item"] = match.group(2) or None
                tail = match.group(3)
        elif item.kind == "name":
            rest = regex.sub(r"^\S+\s*", "", item.text)
            dates = _dates(rest)
            name = rest[: dates[0][0]] if dates else rest
            match = regex.match(r"^(\d{3,})\s+(.*)$", name.strip())
            if match:
                fields.setdefault("initiative_id", match.group(1))
                name = match.group(2)
            fields["name"] = name.strip() or None
            name_dates = [value for _, value in dates]
    if len(name_dates) == 2:
        created, updated = created or name_dates[0], updated or name_dates[1]
    elif len(name_dates) == 1:
        if created is None and updated is not None:
            created = name_dates[0]
        elif updated is None and created is not None:
            updated = name_dates[0]
        elif created is None and updated is None:
            result.warn(
                "ambiguous_column",
                "one date after the initiative's name: 作成日 or 更新日 is not in the text",
                dataset="ap_initiatives",
                key=fields.get("initiative_id"),
                field="created",
                raw=str(name_dates[0]),
            )
    fields["created"], fields["updated"] = created, updated
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
        fields["importance"] = tail


def _first_date(text: str) -> Any:
    dates = _dates(text)
    return dates[0][1] if dates else None


def _department(item: Item) -> tuple[str | None, str | None]:
    """`担当部署 市民生活部 市民課 藤本 裕司` → department, manager.

    The department is everything up to its last word that ends like an
    office (部, 課, 局, 館 …); the rest is the manager's name.
    """
    raw = normalize_text(item.lines[0]) if item.lines else item.text
    rest_raw = regex.sub(r"^\s*担当部署\s*", "", normalize_chars(item.lines[0]))
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
        elif item.kind == "code":
            tokens = item.text.split()
            if tokens[0].isdigit():
                fields["department_code"] = tokens[0]
            staff_raw = normalize_chars(item.lines[0]).split("担当者", 1)[1]
            fields["staff"] = common.person_name(staff_raw)
        elif item.kind == "dept":
            department, manager = _department(item)
            fields["department"], fields["manager"] = department, manager
            if department is None:
                result.warn(
                    "ambiguous_column",
                    "担当部署 and 責任者 cannot be told apart on this line",
                    dataset="ap_initiatives",
                    key=key,
                    field="department",
                    raw=item.text,
                )
        elif item.kind == "effect":
            rest = compact(item.text)[len("効果") :]
            for printed, name in common.EFFECT_FLAGS.items():
                fields[name] = printed in rest
        elif item.kind == "unit":
            units.append(item.data["value"])
        elif item.kind == "indicator_name":
            fields["indicator_name"] = item.data["value"]
        elif item.kind == "block" and common.is_label("final_goal", item.text):
            consumed.add(i)
            goal = items[i + 1] if i + 1 < len(items) else None
            copies = sum(1 for item in items if goal is not None and item.text == goal.text)
            if goal is not None and goal.kind == "block" and copies == 1:
                # A text printed more than once is a その他効果 copy, not the goal.
                fields["final_goal"] = goal.text or None
                consumed.add(i + 1)
    # `指標名 %`: where the name is printed with 単位 on another line, what
    # follows 指標名 is the unit; otherwise it may be the name itself.
    if len(units) == 1 and (fields.get("indicator_name") or len(units[0]) <= 3):
        sheet.unit = units[0]
    elif units:
        result.warn(
            "ambiguous_column",
            "指標名 is followed by a value that may be the name or the unit",
            dataset="ap_initiatives",
            key=key,
            field="indicator_unit",
            raw=" / ".join(units),
        )
    for name in common.EFFECT_FLAGS.values():
        if name not in fields:
            fields[name] = None
            result.warn(
                "missing_value", "no 効果 line", dataset="ap_initiatives", key=key, field=name
            )
    fields["indicator_unit"] = sheet.unit
    sheet.fields = fields
    _grid_years(items, sheet)
    _plans(items, sheet, consumed)
    return sheet


def _grid_years(items: Sequence[Item], sheet: OverallSheet) -> None:
    """The grid's year columns from its header (`平成27年度当初予算(基準) 平成28年度 …`)."""
    for item in items:
        if item.kind != "header":
            continue
        text = regex.sub(r"^.*?当初予算\s*\(?基準\)?", "", item.text)
        years = [common.fiscal_year_label(m.group(0)) for m in _YEAR_LABELS.finditer(text)]
        sheet.grid_years = [y for y in years if y is not None]
        return
    start = sheet.fields.get("plan_start_fiscal_year")
    end = sheet.fields.get("plan_end_fiscal_year")
    if start and end:
        sheet.grid_years = list(range(start, end + 1))


_YEAR_LABELS = regex.compile(r"(?:平成|令和|昭和)\s*(?:元|\d{1,2})\s*年度|(?:19|20)\d\d\s*年度")


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
    texts: list[tuple[int, Item]] = []
    labels: dict[int, str | None] = {}
    for i, item in blocks.items():
        labels[i] = label_of(item.text)
        if labels[i] is not None or compact(item.text) in ("月",):
            used.add(i)
    # 区分 of the year: the status after its label.
    for i in blocks:
        if labels.get(i) == "status":
            nxt = blocks.get(i + 1)
            if nxt is not None and common.in_vocab(nxt.text, common.YEAR_STATUSES):
                review["status"] = common.vocab(nxt.text, common.YEAR_STATUSES)
                used.add(i + 1)
    midyear = next((i for i, item in enumerate(items) if item.kind == "midyear"), None)
    if midyear is not None:
        review["midyear_progress"] = items[midyear].data["value"]
        if midyear + 1 in blocks and labels.get(midyear + 1) is None:
            review["midyear_comment"] = blocks[midyear + 1].text
            used.add(midyear + 1)
    # 達成状況's comment: the block a lone コメント label follows (its cell
    # spans two rows, so the label is printed after the text).
    before_label = [
        i
        for i, item in blocks.items()
        if labels.get(i + 1) == "comment"
        and i not in used
        and labels.get(i) is None
        and not _enum_block(item.text)
    ]
    if len(before_label) == 1:
        review["yearend_comment"] = blocks[before_label[0]].text
        used.add(before_label[0])
    _enumerations(blocks, used, review, result, key)
    for i, item in enumerate(items):
        if item.kind == "evaluator":
            raw = normalize_chars(item.lines[0]).split("※", 1)[0]
            review["evaluator"] = common.person_name(raw)
        elif item.kind == "year":
            used.add(i)
    pairs = [item for item in items if item.kind == "numbers" and len(item.data["values"]) == 2]
    if len(pairs) == 1:
        # 計画値 and 実績値 of the year share a row: printed left to right.
        review["indicator_plan"], review["indicator_actual"] = pairs[0].data["values"]
    elif pairs:
        result.warn(
            "ambiguous_alignment",
            "several pairs of numbers could be the year's 計画値 / 実績値",
            dataset="ap_reviews",
            key=key,
            field="indicator_plan",
            raw=" / ".join(item.text for item in pairs),
        )
    _change(items, blocks, used, review)
    letters = [i for i, item in blocks.items() if _LETTER.match(compact(item.text))]
    if len(letters) == 1:
        review["rating"] = compact(blocks[letters[0]].text)
        used.add(letters[0])
    elif letters:
        result.warn(
            "ambiguous_alignment",
            "several lone grades on the sheet: 総合評価 is not settled",
            dataset="ap_reviews",
            key=key,
            field="rating",
            raw=" / ".join(blocks[i].text for i in letters),
        )
        used.update(letters)
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


def _enum_block(text: str) -> bool:
    return any(
        common.in_vocab(text, vocab)
        for vocab in (common.YEAR_STATUSES, common.OUTCOMES, common.DIRECTIONS, common.ACTIVITIES)
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
        if common.in_vocab(item.text, common.OUTCOMES):
            outcomes.append(i)
        elif common.in_vocab(item.text, common.PROGRESS):
            progress.append(i)
        elif compact(item.text).startswith("完了"):
            finished.append(i)
        elif common.in_vocab(item.text, common.DIRECTIONS):
            directions.append(i)
    if len(outcomes) == 1:
        review["outcome"] = common.vocab(blocks[outcomes[0]].text, common.OUTCOMES)
    if len(progress) == 1:
        review["activity"] = common.vocab(blocks[progress[0]].text, common.ACTIVITIES)
    if len(directions) == 1:
        review["direction"] = common.vocab(blocks[directions[0]].text, common.DIRECTIONS)
    used.update(outcomes + progress + directions + finished)
    open_fields = [name for name in ("activity", "direction") if review[name] is None]
    if len(finished) == 1 and len(open_fields) == 1:
        name = open_fields[0]
        known = common.ACTIVITIES if name == "activity" else common.DIRECTIONS
        review[name] = common.vocab(blocks[finished[0]].text, known)
    elif finished:
        for name in open_fields:
            result.warn(
                "ambiguous_alignment",
                "進捗状況【活動】 and 方向性 both print 完了(…): which is which is not in the text",
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
            content = item.data["label"] == "取組内容"
            name = "change_plan_content" if content else "change_plan_values"
            review[name] = common.yes_no(item.data["value"])
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


# --- placing what the text does not place ------------------------------------------------------


def _place_numbers(
    items: list[Item],
    consumed: set[int],
    sheet: OverallSheet,
    annual: AnnualSheet | None,
    edition: int | None,
    result: ParseResult,
) -> None:
    """Year plans' 区分 and その他効果, and the two grids, as far as the text settles them."""
    key = str(sheet.fields.get("initiative_id"))
    start, end = sheet.fields.get("start_fiscal_year"), sheet.fields.get("end_fiscal_year")
    slots = [y for y in sheet.years if start is None or end is None or start <= y <= end]
    _statuses(items, consumed, sheet, slots, edition, result, key)
    _other_effects(items, consumed, sheet, slots, result, key)
    _grids(items, sheet, annual, edition, result, key)


def _statuses(
    items: list[Item],
    consumed: set[int],
    sheet: OverallSheet,
    slots: list[int],
    edition: int | None,
    result: ParseResult,
    key: str,
) -> None:
    """区分 per year: printed top to bottom, blanks leave no trace.

    Only the initiative's own years (取組年度) carry a 区分; a year gone by
    carries a progress (計画どおり …), the current and later ones 実施/完了.
    A year keeps its status only when every placement that holds agrees.
    """
    statuses: list[tuple[int, str]] = []
    for i, item in enumerate(items):
        if item.kind == "block" and common.is_label("status", item.text):
            consumed.add(i)
            j = i + 1
            while j < len(items) and items[j].kind == "block":
                if not common.in_vocab(items[j].text, common.YEAR_STATUSES):
                    break
                statuses.append((j, common.vocab(items[j].text, common.YEAR_STATUSES) or ""))
                consumed.add(j)
                j += 1
            break
    values = [value for _, value in statuses]
    seen: dict[int, set[str | None]] = {year: set() for year in sheet.years}
    for chosen in itertools.combinations(slots, len(values)):
        if not all(_status_fits(v, y, edition) for v, y in zip(values, chosen, strict=True)):
            continue
        placed = dict(zip(chosen, values, strict=True))
        for year in sheet.years:
            seen[year].add(placed.get(year))
    for year in sheet.years:
        plan = sheet.year_plans.setdefault(year, {})
        options = seen[year]
        if len(options) == 1:
            plan["status"] = next(iter(options))
        else:
            plan["status"] = None
            result.warn(
                "ambiguous_alignment",
                f"区分 of {year}: the printed statuses fit several years",
                dataset="ap_year_plans",
                key=f"{key}:{year}",
                field="status",
                raw=" / ".join(values),
            )


def _status_fits(status: str, year: int, edition: int | None) -> bool:
    if edition is None:
        return True
    if status in common.PROGRESS:
        return year < edition
    if status in ("実施", "完了"):
        return year >= edition
    return True


def _other_effects(
    items: list[Item],
    consumed: set[int],
    sheet: OverallSheet,
    slots: list[int],
    result: ParseResult,
    key: str,
) -> None:
    """見込まれるその他効果: free blocks left on the sheet, one per year of the initiative.

    Their order in a text layer is not their column order, so they are
    placed only when they are all the same text and fill those years exactly.
    """
    blocks = [
        item.text
        for i, item in enumerate(items)
        if item.kind == "block"
        and i not in consumed
        and label_of(item.text) is None
        and not common.in_vocab(item.text, common.YEAR_STATUSES)
    ]
    if not blocks:
        return
    if len(set(blocks)) == 1 and len(blocks) == len(slots):
        for year in slots:
            sheet.year_plans.setdefault(year, {})["other_effects"] = blocks[0]
        return
    for year in slots:
        result.warn(
            "ambiguous_alignment",
            f"その他効果: {len(blocks)} block(s) of text for {len(slots)} year(s); "
            "which year each belongs to is not in the text",
            dataset="ap_year_plans",
            key=f"{key}:{year}",
            field="other_effects",
            raw=" / ".join(blocks),
        )


_CATEGORY_ORDER = ("revenue", "expenditure", "total")


def _grids(
    items: list[Item],
    sheet: OverallSheet,
    annual: AnnualSheet | None,
    edition: int | None,
    result: ParseResult,
    key: str,
) -> None:
    """最終値 from `当初計画値 10` lines; the year cells from the runs, as solved."""
    ticked = {
        "revenue": sheet.fields.get("effect_revenue"),
        "expenditure": sheet.fields.get("effect_expenditure"),
    }
    finals = _finals(items, ticked, result, key)
    for row, value in finals.items():
        if value is None:
            continue
        if row[0] is None:
            sheet.indicator[("final", None, None, row[1])] = value
        else:
            sheet.effects[("final", None, row[0], row[1])] = value
    runs = [tuple(item.data["values"]) for item in items if item.kind == "numbers"]
    if not runs:
        return
    review = annual.review if annual is not None else {}
    facts = ap_checks.Facts(
        years=tuple(sheet.grid_years),
        edition=edition,
        period_end=sheet.fields.get("end_fiscal_year"),
        finals=finals,
        plan=review.get("indicator_plan"),
        actual=review.get("indicator_actual"),
        quoted=_quoted(sheet, edition),
        ticked=ticked,
    )
    raw = " / ".join(" ".join(str(v) for v in run) for run in runs)
    solution = ap_checks.solve(runs, facts)
    if not solution.feasible:
        why = (
            "too many rows of numbers to place"
            if solution.gave_up
            else "no placement of the rows of numbers passes every check"
        )
        for dataset in ("ap_indicator_values", "ap_fiscal_effects"):
            result.warn(
                "ambiguous_alignment",
                f"{why}; year cells left out",
                dataset=dataset,
                key=key,
                raw=raw,
            )
        return
    for (row, year), value in sorted(solution.known.items(), key=lambda kv: str(kv[0])):
        category, series = row
        if category is None:
            sheet.indicator[("year", year, None, series)] = value
        else:
            sheet.effects[("year", year, category, series)] = value
    for row, year in sorted(solution.unknown, key=str):
        category, series = row
        dataset = "ap_indicator_values" if category is None else "ap_fiscal_effects"
        result.warn(
            "ambiguous_alignment",
            f"{year} {category or 'indicator'} {series}: the rows of numbers fit this "
            "cell more than one way",
            dataset=dataset,
            key=f"{key}:year:{year}:{category or ''}:{series}",
            field="value" if category is None else "amount",
            raw=raw,
        )
    lone = [run for run in runs if len(run) == 1]
    if lone:
        for dataset in ("ap_indicator_values", "ap_fiscal_effects"):
            result.warn(
                "ambiguous_alignment",
                "lone numbers: a 基準 cell or a single year, which row is not in the text",
                dataset=dataset,
                key=f"{key}:baseline",
                field="value" if dataset == "ap_indicator_values" else "amount",
                raw=" / ".join(str(run[0]) for run in lone),
            )


def _finals(
    items: Sequence[Item], ticked: dict[str, Any], result: ParseResult, key: str
) -> dict[ap_checks.RowId, int | float | None]:
    """最終値 per row from `当初計画値 10` / `実績額 0` lines.

    The amount labels repeat for 歳入増加, 歳出削減 and 計, printed in that
    order; the order is kept only where 計 = 歳入 + 歳出 confirms it.
    """
    finals: dict[ap_checks.RowId, int | float | None] = {}
    seen: dict[str, list[str]] = {}
    for item in items:
        if item.kind != "series":
            continue
        label = item.data["label"]
        parsed = parse_number(item.data["n"]) if item.data["n"] else None
        value = parsed.value if parsed is not None else None
        seen.setdefault(label, []).append(item.text)
        if label in common.SERIES_VALUE:
            finals[(None, common.SERIES_VALUE[label])] = value
        elif len(seen[label]) <= len(_CATEGORY_ORDER):
            category = _CATEGORY_ORDER[len(seen[label]) - 1]
            finals[(category, common.SERIES_AMOUNT[label])] = value
    doubtful: set[tuple[bool, str]] = set()  # (an amount row?, series)
    for label, texts in seen.items():
        amount = label in common.SERIES_AMOUNT
        if len(texts) > (len(_CATEGORY_ORDER) if amount else 1):
            doubtful.add((amount, common.SERIES_AMOUNT.get(label) or common.SERIES_VALUE[label]))
    for series in common.SERIES:
        parts = [finals.get((c, series)) for c in _CATEGORY_ORDER]
        if all(p is not None for p in parts):
            revenue, expenditure, total = (p or 0 for p in parts)
            if not ap_checks.same(total, revenue + expenditure):
                doubtful.add((True, series))
        for category, value in zip(_CATEGORY_ORDER, parts, strict=True):
            if ticked.get(category) is False and value is not None and not ap_checks.same(value, 0):
                doubtful.add((True, series))
    for amount, series in sorted(doubtful):
        for row in [row for row in finals if row[1] == series and (row[0] is not None) == amount]:
            finals.pop(row)
        result.warn(
            "ambiguous_alignment",
            f"最終値 lines of {series} do not settle which row each belongs to",
            dataset="ap_fiscal_effects" if amount else "ap_indicator_values",
            key=f"{key}:final:{series}",
            field="amount" if amount else "value",
            raw=" / ".join(t for texts in seen.values() for t in texts),
        )
    return finals


def _quoted(sheet: OverallSheet, edition: int | None) -> dict[int, int | float]:
    """Years gone by whose 取組内容 states the indicator's result (`印刷部数136,000部`)."""
    name, unit = sheet.fields.get("indicator_name"), sheet.unit
    # A short, generic name (`件数`) could be quoted for something else.
    if not name or len(name) < 3 or not unit or edition is None:
        return {}
    pattern = regex.compile(rf"{regex.escape(name)}\s*(?P<n>{_NUM})\s*{regex.escape(unit)}")
    out: dict[int, int | float] = {}
    for year, plan in sheet.year_plans.items():
        text = plan.get("plan") or ""
        found = {m.group("n") for m in pattern.finditer(text)}
        if year < edition and len(found) == 1:
            parsed = parse_number(found.pop())
            if parsed is not None and parsed.value is not None:
                out[year] = parsed.value
    return out
