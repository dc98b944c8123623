"""Action-plan sheets: label vocabularies, value readers and row building.

Both the PDF path and the text path read a sheet into the same small
records (OverallSheet, AnnualSheet); the rows of the contract are built
from those here, in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import regex

from dxparse.models import ApInitiative, ApRecord, ApReview
from dxparse.normalise import normalize_chars, normalize_text, remember_short
from dxparse.records import ParseResult, Row, Source, attach, sources_of, union
from dxparse.utils.numbers import parse_number
from dxparse.utils.wareki import parse_date, parse_fiscal_range, parse_fiscal_year
from dxparse.vocabulary import (
    ActionPlan,
    Category,
    LabelSet,
    Series,
    active,
    derived,
    nearest,
    shipped,
)

# --- labels -------------------------------------------------------------------

_SPACE = regex.compile(r"\s+")


@remember_short(1 << 16)
def _compact(text: str) -> str:
    # Every label look-up compacts every cell of the sheet again.
    return _SPACE.sub("", normalize_text(text))


def compact(text: str | None) -> str:
    """Normalised text without any white space: how labels are compared."""
    return _compact(text or "")


_AP = shipped().action_plan
_P = _AP.patterns
_W = _AP.words


def ap() -> ActionPlan:
    """The action-plan vocabulary in use (shipped, plus a city's files)."""
    return active().action_plan


# Printed labels, matched on the compacted cell text (vocabulary: labels).
labels = derived(lambda v: LabelSet(v.action_plan.labels))


def wording(name: str) -> str:
    """A label's first wording, as messages quote it."""
    return _AP.labels[name].wordings[0]


SERIES: tuple[Series, ...] = get_args(Series)
QUARTERS = tuple(regex.compile(rf"^(?:{pattern})$") for pattern in _AP.quarters)


def is_label(name: str, text: str | None) -> bool:
    return labels().matches(name, compact(text))


def label_of(text: str | None) -> str | None:
    """The name of the label a cell prints, if it prints one exactly."""
    return labels().name_of(compact(text))


def label_not_found(
    result: ParseResult,
    name: str,
    fields: str,
    dataset: str,
    key: str | None,
    page: int | None,
    printed: Iterable[str] = (),
) -> None:
    """A field left null because its label is not printed, not because its cell is blank.

    A text the sheet prints (`printed`: its cells, or its lines' words) that
    is no label but close to a wording of this one is named, so that a city
    knows what to add to its vocabulary."""
    result.warn(
        "label_not_found",
        f"no {name} label ({labels().describe(name)}) on the sheet; {fields} left null",
        dataset=dataset,
        key=key,
        field=fields,
        page=page,
    )
    for text, known in near_misses(name, printed):
        result.warn(
            "label_near_miss",
            f"{text!r} is no known label but close to {known!r} ({name}); if it is that"
            " label, add it to a --vocabulary file",
            dataset=dataset,
            key=key,
            field=fields,
            page=page,
            raw=text,
        )


# A label is short: longer texts are values, never compared.
MAX_LABEL_CHARS = 12


def near_misses(name: str, printed: Iterable[str]) -> list[tuple[str, str]]:
    """(printed text, the wording of label `name` it is close to), once each."""
    wordings = [*labels().labels[name].wordings]
    out: dict[str, str] = {}
    for text in printed:
        key = compact(text)
        if not key or len(key) > MAX_LABEL_CHARS or key in out or label_of(key) is not None:
            continue
        known = nearest(key, wordings)
        if known is not None:
            out[key] = known
    return list(out.items())


def quarter_of(text: str | None) -> int | None:
    key = compact(text)
    for i, pattern in enumerate(QUARTERS):
        if pattern.match(key):
            return i
    return None


def tick(text: str | None) -> bool | None:
    """A quarter cell: ticked (True), blank (False), or something else (None).

    Anything else printed there (`済`, `→`, `×`, `■`) says something this
    reading does not know: the caller leaves it null and reports it."""
    key = compact(text)
    if not key:
        return False
    if all(ch in _AP.ticks for ch in key):
        return True
    return None


# --- vocabularies ----------------------------------------------------------------


def vocab(text: str | None, known: tuple[str, ...]) -> str | None:
    """A printed label, matched after normalisation (`達　成` is 達成).

    An unknown label is kept as printed (normalised); validation reports it.
    """
    value = normalize_text(text or "")
    if not value:
        return None
    key = compact(value)
    for label in known:
        if compact(label) == key:
            return label
    return value


def in_vocab(text: str | None, known: tuple[str, ...]) -> bool:
    key = compact(text)
    return bool(key) and any(compact(label) == key for label in known)


def letter(text: str | None) -> str | None:
    """A one-letter grade (A/B/C, full width or not)."""
    value = compact(text)
    return value or None


def yes_no(text: str | None) -> bool | None:
    key, vocabulary = compact(text), ap()
    if key in map(compact, vocabulary.yes):
        return True
    if key in map(compact, vocabulary.no):
        return False
    return None


# --- values ---------------------------------------------------------------------

_NAME_GAP = regex.compile(r"\s{2,}")


def person_name(raw: str | None) -> str | None:
    """A name as printed, letter-spacing removed.

    Sheets space out short names to fill the cell (`宮　本　　等`): where a
    wider gap is printed, it separates family and given name and the single
    spaces are spacing only. Otherwise one space is kept as printed.
    """
    text = normalize_chars(raw or "").replace("\n", "").strip()
    if not text:
        return None
    if _NAME_GAP.search(text):
        parts = [_SPACE.sub("", part) for part in _NAME_GAP.split(text)]
        return " ".join(part for part in parts if part)
    return normalize_text(text)


def date_value(text: str | None, result: ParseResult, where: dict[str, Any]) -> dt.date | None:
    """A printed date; an impossible one is null plus an error."""
    value = normalize_text(text or "")
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None or parsed.value is None:
        result.error("invalid_date", f"cannot read the date {value!r}", raw=value, **where)
        return None
    before, _, after = value.partition(parsed.raw)
    if after[:1].isdigit() or before[-1:].isdigit():
        # `R6.4.123`: the date runs on into more digits than it reads.
        result.error("invalid_date", f"cannot read the date {value!r}", raw=value, **where)
        return None
    if parse_date(before) is not None or parse_date(after) is not None:
        # `R6.4.1 (R6.10.31改定)`, `R6.4.1～R6.10.31`: which one the field means is not printed.
        result.warn(
            "ambiguous_date",
            f"the cell prints more than one date: {value!r}; left null",
            raw=value,
            **where,
        )
        return None
    if parsed.warning:
        result.warn("date_outside_era", parsed.warning, raw=value, **where)
    return parsed.value


DASHES = frozenset(shipped().common.dashes)
# Words after a number that make it a bound, an estimate or a footnoted
# figure (`500以上`, `50(見込)`, `500※`): not the value itself.
_QUALIFIER = regex.compile(shipped().common.patterns["qualifier"])
_DIGIT = regex.compile(r"\d")


def cell_unit(text: str | None) -> str | None:
    """The unit a number cell prints after its number (`1,200千円` → `千円`), if any."""
    parsed = parse_number(text or "")
    if parsed is None or parsed.value is None or parsed.unit is None or parsed.approx:
        return None
    if _QUALIFIER.search(parsed.unit):
        return None
    return compact(parsed.unit)


def grid_number(
    text: str | None,
    result: ParseResult,
    where: dict[str, Any],
    unit: str | None,
    lines: str | None = None,
) -> int | float | None:
    """A number cell of a grid, published only when it is the value as printed.

    `lines` is the cell as printed, one line a line: two lines that are each
    a number (`500` over `600`) are two figures, not the number `500600`.

    `unit` is the unit the grid's cells are in (its 単位 cell, or the one
    unit its cells print). A dash is no value; a word (`未定`, `集計中`)
    is no number; `約500`, `500以上`, `50(見込)` and a unit other than the
    grid's (`1.2百万円` among 千円 cells, `20人` under 単位 件) are not the
    value the column means: each is null and reported, never guessed.
    """
    value = normalize_text(text or "")
    if not value:
        return None
    if compact(value) in DASHES:
        result.warn("dash_cell", "a dash is read as no value", raw=value, **where)
        return None
    if not _DIGIT.search(value):
        result.warn("no_number", f"the cell prints {value!r}, not a number", raw=value, **where)
        return None
    printed = [line for line in (lines or "").split("\n") if line.strip()]
    if len(printed) > 1 and all(_is_number(line) for line in printed):
        result.warn(
            "ambiguous_number",
            f"the cell prints {len(printed)} numbers on separate lines; left null",
            raw=" / ".join(printed),
            **where,
        )
        return None
    parsed = parse_number(value)
    if parsed is None or parsed.value is None:
        error = parsed.error if parsed is not None else None
        result.error("invalid_number", error or "not a number", raw=value, **where)
        return None
    if parsed.approx:
        result.warn(
            "approximate_value",
            f"{value!r} is approximate ({_W['approx']}) and the dataset has no approx column;"
            " left null",
            raw=value,
            **where,
        )
        return None
    if parsed.unit is None or compact(parsed.unit) == compact(unit):
        return parsed.value
    if _QUALIFIER.search(parsed.unit):
        result.warn(
            "qualified_value",
            f"{value!r} is a bound, estimate or footnoted figure, not the value; left null",
            raw=value,
            **where,
        )
        return None
    result.warn(
        "unit_mismatch",
        f"{value!r} prints the unit {parsed.unit!r} where the grid's unit is {unit!r}; left null",
        raw=value,
        **where,
    )
    return None


def _is_number(text: str) -> bool:
    parsed = parse_number(text)
    return parsed is not None and parsed.value is not None


def grid_unit(declared: str | None, texts: Iterable[str | None]) -> str | None:
    """The unit of a grid's number cells: the one its 単位 declares, else the
    one unit every cell that prints a unit prints (None where they differ)."""
    if declared:
        return compact(declared)
    units = {cell_unit(text) for text in texts}
    units.discard(None)
    return units.pop() if len(units) == 1 else None


_SHORT_YEAR = regex.compile(_P["short_year"])


def fiscal_year_label(text: str | None) -> int | None:
    """`平成28年度` → 2016; a bare `H28` / `R元` only as a whole label."""
    value = normalize_text(text or "")
    year = parse_fiscal_year(value, strict=True)
    if year is None and _SHORT_YEAR.match(compact(value)):
        year = parse_fiscal_year(compact(value))
    return year


_ONE_YEAR = regex.compile(_P["one_year"])
_NENDO = _W["fiscal_year"]


@dataclass(frozen=True, slots=True)
class YearHeader:
    """A year row's or column's label: `year` where it names exactly one fiscal
    year; `doubtful` where it prints a year with more (`令和8年度以降`,
    `令和7年度(見込)`, `令和6年度上半期`, `令和7~8年度`), which is not that year."""

    year: int | None = None
    doubtful: bool = False


def year_header(text: str | None) -> YearHeader:
    """`令和6年度`, `R6`, `2024年度`, `H31/R1`, `令和5年度(2023年度)` → one year.

    Parts split by `/`, `・` or brackets must each be a year, all the same
    one, and one of them an era year or a `年度`: a bare `2024` is no fiscal
    year by itself."""
    key = compact(text)
    if not key:
        return YearHeader()
    parts = [part for part in regex.split(r"[/()・]", key) if part]
    if len(parts) > 1 and parts[-1] == _NENDO:  # `平成31(令和元)年度`
        parts.pop()
    years: set[int] = set()
    named = False
    for part in parts:
        match = _ONE_YEAR.match(part)
        if match is None:
            years.clear()
            break
        named = named or bool(match.group("era")) or part.endswith(_NENDO)
        year = parse_fiscal_year(part if match.group("y") is None else part[:4] + _NENDO)
        if year is None:
            years.clear()
            break
        years.add(year)
    if len(years) == 1 and named:
        return YearHeader(year=years.pop())
    lenient = parse_fiscal_year(key) is not None or bool(regex.search(r"(?:19|20)\d\d", key))
    return YearHeader(doubtful=lenient)


def fiscal_range(text: str | None) -> tuple[int, int] | None:
    return parse_fiscal_range(normalize_text(text or ""))


def split_code_name(text: str | None) -> tuple[str | None, str | None]:
    """`51 行政サービス…` printed in one cell → ("51", "行政サービス…");
    `51-001` → ("51-001", None)."""
    value = normalize_text(text or "")
    # The code is every digit group of it (`51-001`), never a part of it.
    match = regex.match(r"^(\d+(?:[-‐]\d+)*)(?![\d\-‐])\s*(.*)$", value)
    if match is None:
        return None, value or None
    return match.group(1), match.group(2) or None


# --- the city a sheet prints in its title ------------------------------------------

_EDITION = regex.compile(_P["title_edition"])  # `第3次架空市行政改革…`
_PREFECTURE = regex.compile(_P["title_prefecture"])
_DISTRICT = regex.compile(_P["title_district"])
# A sheet's title: `架空市アクションプラン全体計画 (令和3~令和7年度)`.
_TITLE = regex.compile(_P["title"])
_CITY = regex.compile(_P["title_city"])
# A ward of a designated city is no 地方公共団体: the city is (`横浜市中区` → `横浜市`).
_WARD = regex.compile(_P["title_ward"])
# What a city may print between its name and アクションプラン (`架空市行政改革アクションプラン`).
_PLAN_WORDS = regex.compile(_P["title_plan_words"])
_PLAN = _W["plan"]  # アクションプラン
_CITY_ENDINGS = _W["city_endings"]


@dataclass(frozen=True, slots=True)
class TitleCity:
    """The city a title or header line prints: `name`, or `doubtful` when the
    line prints something city-like that does not read as one name."""

    name: str | None = None
    doubtful: bool = False


def title_city(line: str | None, *, title_only: bool = False) -> TitleCity:
    """The city a sheet's title (or a header line above it) prints.

    A title names it before アクションプラン (`架空市アクションプラン(令和4年度)`,
    `架空県架空市行政改革アクションプラン…`); a header line is the name alone
    (`架空市`). `title_only` reads title lines only (lines that may be body text).
    """
    key = compact(line)
    match = _TITLE.match(key)
    if match is not None:
        pre, rest_ok = match.group("pre"), _PLAN_WORDS
    elif title_only or _PLAN in key:
        return TitleCity()
    else:
        pre, rest_ok = key, regex.compile(r"^$")
    if not pre:
        return TitleCity()
    pre = _EDITION.sub("", pre, count=1)
    pre = _PREFECTURE.sub("", pre, count=1)
    pre = _DISTRICT.sub("", pre, count=1)
    names = set()
    for i, ch in enumerate(pre):
        if ch in _CITY_ENDINGS and _CITY.match(pre[: i + 1]) and rest_ok.match(pre[i + 1 :]):
            ward = _WARD.match(pre[: i + 1])
            names.add(ward.group("city") if ward else pre[: i + 1])
    if len(names) == 1:
        return TitleCity(name=names.pop())
    # A title whose words before アクションプラン print 市/町/村/区 but no one name.
    doubtful = bool(names) or (match is not None and any(ch in _CITY_ENDINGS for ch in pre))
    return TitleCity(doubtful=doubtful)


def is_sheet_title(text: str | None) -> bool:
    """A sheet's title line (`架空市アクションプラン全体計画 (令和3~令和7年度)`)."""
    return _TITLE.match(compact(text)) is not None


def title_cities(
    lines: Iterable[str], page: int | None, result: ParseResult, *, title_only: bool
) -> set[str]:
    """The city names these title (or header) lines print; a title whose
    words before アクションプラン do not read as one city name is reported.

    Callers pass only the lines above a sheet or its title lines: a city
    named in a body cell (`架空市明るい選挙推進協議会`) is no publisher."""
    names: set[str] = set()
    for line in lines:
        found = title_city(line, title_only=title_only)
        if found.name is not None:
            names.add(found.name)
        elif found.doubtful:
            result.warn(
                "municipality_not_read",
                f"the title prints words before {_PLAN} that do not read as one city name",
                page=page,
                raw=line,
            )
    return names


# --- what one sheet says -----------------------------------------------------------

# Where a grid's column sits: the baseline, a plan year, or the final value.
Period = Literal["baseline", "year", "final"]
GridKey = tuple[
    Period, int | None, Category | None, Series
]  # period, fiscal_year, category, series


# A value's place in a sheet, for its sources: ("fields", name),
# ("year_plans", fiscal_year, name), ("indicator", grid_key),
# ("effects", grid_key), ("tasks", index, name), ("review", name).
SourceKey = tuple[Any, ...]


def found_at(sheet: OverallSheet | AnnualSheet, place: SourceKey, *sources: Source | None) -> None:
    """Record where the value at `place` of `sheet` was printed."""
    sheet.sources.setdefault(place, []).extend(s for s in sources if s is not None)


def plan_differs(
    result: ParseResult,
    year: int | None,
    published: str | None,
    printed: str,
    *,
    initiative_id: Any,
    **where: Any,
) -> None:
    """The single-year sheet's 取組内容 of its year is not the overall sheet's:
    reported, the overall sheet's published."""
    result.warn(
        "cross_sheet_mismatch",
        f"plan of {year} differs between the two sheets: {published!r} / {printed!r};"
        f" the {ap().words['overall']} sheet's is published",
        dataset="ap_year_plans",
        key=f"{initiative_id}:{year}",
        field="plan",
        raw=printed,
        **where,
    )


def status_not_settled(
    result: ParseResult, year: int, values: Iterable[str], *, initiative_id: Any, **where: Any
) -> None:
    """No year status: the printed 区分 fit several of the years."""
    result.warn(
        "ambiguous_alignment",
        f"{wording('status')} of {year}: the printed statuses fit several years",
        dataset="ap_year_plans",
        key=f"{initiative_id}:{year}",
        field="status",
        raw=" / ".join(values),
        **where,
    )


# A sheet's sources grouped by the SourceKey prefix of their row, each as
# (field name, places) in the sheet's order: built once per initiative, not
# searched again for every row it emits.
_Grouped = dict[SourceKey, list[tuple[str, list[Source]]]]


def _grouped(sources: dict[SourceKey, list[Source]]) -> _Grouped:
    found: _Grouped = {}
    for key, places in sources.items():
        if len(key) >= 2:
            found.setdefault(key[:-1], []).append((str(key[-1]), places))
    return found


def _every_row(row: Row, *sheets: _Grouped | None) -> Row:
    """Attach what every row of an initiative carries (its number, the
    edition), where a sheet records it under ("rows", name), to a field the
    row has no source for yet."""
    for sheet in sheets:
        if sheet is None:
            continue
        for name, sources in sheet.get(("rows",), ()):
            if name not in sources_of(row):
                attach(row, name, *sources)
    return row


def _attach(row: Row, sheet: _Grouped, *place: Any) -> Row:
    """Attach to `row` the sources recorded for its fields: `place` is the
    SourceKey prefix of the row, its last part the field name."""
    for name, sources in sheet.get(place, ()):
        attach(row, name, *sources)
    return row


@dataclass(slots=True)
class OverallSheet:
    """The 全体計画 sheet of one initiative."""

    page: int | None
    fields: dict[str, Any] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)  # the 取組内容・目標 rows
    grid_years: list[int] = field(default_factory=list)  # the grids' year columns
    grid_partial: bool = False  # a year column of the grids was not read
    year_plans: dict[int, dict[str, Any]] = field(default_factory=dict)
    unit: str | None = None
    amount_unit: str | None = None  # the 効果額 grid's: its 単位 note, else its cells'
    cities: set[str] = field(default_factory=set)  # printed in the title / header
    indicator: dict[GridKey, int | float] = field(default_factory=dict)
    effects: dict[GridKey, int | float] = field(default_factory=dict)
    # Where each value was printed, by its place in the sheet (see SourceKey).
    sources: dict[SourceKey, list[Source]] = field(default_factory=dict)
    # Text path: the indicator rows as read, solved again once the single-year
    # sheet's 計画値 / 実績値 are known (text_grid.refine_indicator).
    indicator_text: object | None = None


@dataclass(slots=True)
class AnnualSheet:
    """The single-year sheet (plan of the year and its evaluation)."""

    page: int | None
    fields: dict[str, Any] = field(default_factory=dict)
    edition: int | None = None
    cities: set[str] = field(default_factory=set)  # printed in the title / header
    tasks: list[dict[str, Any]] = field(default_factory=list)
    review: dict[str, Any] = field(default_factory=dict)
    # PDF path: what the sheet prints again of the overall sheet (the year's
    # plan, the indicator's name and unit): (name, text, where), checked against it.
    repeated: list[tuple[str, str, Source]] = field(default_factory=list)
    # Text path: blocks of text not placed yet (evaluation comment, indicator name …).
    loose: list[str] = field(default_factory=list)
    loose_lines: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # where printed
    sources: dict[SourceKey, list[Source]] = field(default_factory=dict)


# The columns a sheet fills, from the models (the single source of the schema):
# everything but the row's key, its page and the pipeline's own columns.
_NOT_FROM_SHEET = {*ApRecord.model_fields, "page_overall", "page_annual"}
INITIATIVE_FIELDS = tuple(f for f in ApInitiative.model_fields if f not in _NOT_FROM_SHEET)
# Fields both sheets print: they must agree.
SHARED_FIELDS = (
    "promotion_item_no",
    "promotion_item",
    "name",
    "department",
    "department_code",
    "manager",
    "staff",
    "created",
    "updated",
)
REVIEW_FIELDS = tuple(f for f in ApReview.model_fields if f not in _NOT_FROM_SHEET)


def _period(key: GridKey) -> dict[str, Any]:
    period, year, _, _ = key
    return {"period": period, "fiscal_year": year}


def emit(
    result: ParseResult,
    overall: OverallSheet | None,
    annual: AnnualSheet | None,
    edition: int | None,
) -> None:
    """The rows of one initiative, from its two sheets."""
    sheet = overall or annual
    initiative_id = sheet.fields.get("initiative_id") if sheet is not None else None
    if initiative_id is None:
        return
    base = {"edition_fiscal_year": edition, "initiative_id": initiative_id}
    at_overall = _grouped(overall.sources) if overall is not None else None
    at_annual = _grouped(annual.sources) if annual is not None else None
    if overall is not None and at_overall is not None:
        fields = dict(overall.fields)
        if annual is not None:
            _agree(result, fields, annual, initiative_id)
        row: Row = {"page": overall.page, **base}
        row.update({name: fields.get(name) for name in INITIATIVE_FIELDS})
        row["page_overall"] = overall.page
        row["page_annual"] = annual.page if annual is not None else None
        # Both sheets print the shared fields: both places are where it was read
        # (the single-year sheet's only where it prints the value published).
        _attach(row, at_overall, "fields")
        if annual is not None:
            agreed = {
                key: places
                for key, places in annual.sources.items()
                if key[0] != "fields" or annual.fields.get(key[-1]) == row.get(key[-1])
            }
            _attach(row, _grouped(agreed), "fields")
        result.add("ap_initiatives", _every_row(row, at_overall, at_annual))
        for year in overall.years:
            plan = overall.year_plans.get(year, {})
            year_row: Row = {
                "page": overall.page,
                **base,
                "fiscal_year": year,
                "plan": plan.get("plan"),
                "status": plan.get("status"),
                "other_effects": plan.get("other_effects"),
            }
            result.add(
                "ap_year_plans",
                _every_row(
                    _attach(year_row, at_overall, "year_plans", year), at_overall, at_annual
                ),
            )
        for key, value in overall.indicator.items():
            value_row: Row = {
                "page": overall.page,
                **base,
                **_period(key),
                "series": key[3],
                "value": value,
                "unit": overall.unit,
            }
            attach(value_row, "value", *overall.sources.get(("indicator", key), []))
            _attach(value_row, at_overall, "indicator", key)
            result.add("ap_indicator_values", _every_row(value_row, at_overall, at_annual))
        for key, amount in overall.effects.items():
            effect_row: Row = {
                "page": overall.page,
                **base,
                **_period(key),
                "category": key[2],
                "series": key[3],
                "amount": amount,
                "amount_unit": overall.amount_unit,
            }
            attach(effect_row, "amount", *overall.sources.get(("effects", key), []))
            _attach(effect_row, at_overall, "effects", key)
            result.add("ap_fiscal_effects", _every_row(effect_row, at_overall, at_annual))
    elif annual is not None:
        result.warn(
            "missing_sheet",
            f"initiative {initiative_id}: no {_W['overall']} sheet; its plan rows are missing",
            dataset="ap_initiatives",
            key=str(initiative_id),
            page=annual.page,
        )
    if annual is None or at_annual is None:
        result.warn(
            "missing_sheet",
            f"initiative {initiative_id}: no single-year sheet; tasks and review are missing",
            dataset="ap_reviews",
            key=str(initiative_id),
            page=overall.page if overall else None,
        )
        return
    for index, task in enumerate(annual.tasks):
        task_row: Row = {"page": annual.page, **base, **task}
        result.add(
            "ap_tasks",
            _every_row(_attach(task_row, at_annual, "tasks", index), at_overall, at_annual),
        )
    review: Row = {"page": annual.page, **base}
    _attach(review, at_annual, "review")
    review.update({name: annual.review.get(name) for name in REVIEW_FIELDS})
    activity = review.get("activity")
    if activity is not None and activity not in ap().activities:
        # Validation knows no list for 進捗状況【活動】, so the warning is given here.
        result.warn(
            "unknown_label",
            f"activity {activity!r} is not one of the known labels; kept as printed",
            dataset="ap_reviews",
            key=initiative_id,
            field="activity",
            page=annual.page,
            raw=activity,
        )
    result.add("ap_reviews", _every_row(review, at_overall, at_annual))


def _agree(
    result: ParseResult, fields: dict[str, Any], annual: AnnualSheet, initiative_id: str
) -> None:
    """Fill what the overall sheet left blank from the single-year sheet."""
    for name in SHARED_FIELDS:
        other = annual.fields.get(name)
        if other is None:
            continue
        if fields.get(name) is None:
            fields[name] = other
        elif fields[name] != other:
            result.warn(
                "cross_sheet_mismatch",
                f"{name} differs between the two sheets: {fields[name]!r} / {other!r}",
                dataset="ap_initiatives",
                key=initiative_id,
                field=name,
                page=annual.page,
                raw=str(other),
                # Where the single-year sheet prints it: reported, not published.
                box=union(s.box for s in annual.sources.get(("fields", name), []) if s.box),
            )
    if fields.get("importance") is None and annual.fields.get("importance") is not None:
        fields["importance"] = annual.fields["importance"]
