"""Action-plan text layers: the 成果指標 and 効果額 grids from the numbers a dump prints.

A text layer keeps a grid's numbers but not their cells, and each extractor
emits them differently: pdfium and pdfminer without flow print a row label
(`当初計画額`) before the row's numbers, left to right, blanks dropped;
pdfminer with its default flow prints all labels first and the numbers in
blocks of its own order. The grid is found by its labels, its columns by
its header (the baseline year, the year columns, 最終値), and the numbers of
each labelled row are placed into its columns in every way the sheet's own
checks allow (計 = 歳入増加 + 歳出削減 per column and series, a printed part
means a printed 計, 最終値 = Σ years and printed wherever the row prints
(it is the form's formula), a 計 row prints every year and its 最終値 or
nothing). Only the cells every surviving placement agrees on are published;
the others are null with a `grid_ambiguous` issue, and numbers no placement
can take are a `grid_not_placed` error. The 成果指標 rows have no sum: the
single-year sheet's 計画値 / 実績値, the year's cells of the grid, are what
pins them (`refine_indicator`, in every order its text allows). Numbers without a row label say
nothing of their row: the page's grids are not placed (an error), never
guessed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import regex

from dxparse.normalise import normalize_text
from dxparse.parsers.action_plan import checks, common
from dxparse.parsers.action_plan.common import (
    AnnualSheet,
    GridKey,
    OverallSheet,
    Period,
    compact,
)
from dxparse.records import Issue, ParseResult, Source
from dxparse.utils.numbers import parse_number
from dxparse.vocabulary import Category, Series, shipped

_AP = shipped().action_plan
_P = _AP.patterns
_UNIT_NOTE = regex.compile(_P["unit_note"])
_BASE = regex.compile(_P["grid_header_base"])
_YEAR_LABEL = regex.compile(_P["year_labels"])

Number = int | float
Column = tuple[Period, int | None]
RowId = tuple[Category | None, Series]  # category None: the 成果指標 grid

# Placements tried per group of rows: past this the text is not one sheet's
# grid (or the sheet prints too few numbers to tell), and nothing is placed.
MAX_PLACEMENTS = 250_000


def _categories() -> tuple[Category, ...]:
    """The 効果額 grid's rows in the form's order (vocabulary: amount_categories)."""
    cats = common.ap().categories
    return tuple(cats[compact(w)] for w in _AP.lists["amount_categories"])


@dataclass(slots=True)
class _Token:
    value: Number | None  # None: a dash, a printed cell without a value
    raw: str
    line: int


@dataclass(slots=True)
class _Row:
    row: RowId
    line: int  # where its label is printed
    tokens: list[_Token] = field(default_factory=list)


@dataclass(slots=True)
class _Read:
    """What one page's lines say of the grids."""

    start: int | None = None  # index of the first grid line
    rows: list[_Row] = field(default_factory=list)
    loose: list[_Token] = field(default_factory=list)  # numbers after no row label
    years: list[int] = field(default_factory=list)
    baseline: int | None = None
    used: set[int] = field(default_factory=set)
    doubled: list[tuple[RowId, int]] = field(default_factory=list)  # a row labelled twice


# --- tokens -------------------------------------------------------------------------


def _number(token: str) -> Number | bool | None:
    """A grid number (its value), a dash (None), or False for anything else."""
    key = compact(token)
    if key in common.DASHES:
        return None
    parsed = parse_number(normalize_text(token))
    if parsed is None or parsed.value is None or parsed.approx or parsed.unit is not None:
        return False
    return parsed.value


def _numbers(text: str) -> list[tuple[str, Number | None]] | None:
    """Every token of the line a number or a dash; else None."""
    tokens = normalize_text(text).split()
    out: list[tuple[str, Number | None]] = []
    for token in tokens:
        value = _number(token)
        if value is False:
            return None
        out.append((token, None if value is None or isinstance(value, bool) else value))
    return out or None


def _series_label(token: str) -> tuple[bool, Series] | None:
    """(amount?, series) of a row label: `当初計画値` → (False, initial_plan)."""
    key = compact(token)
    vocabulary = common.ap()
    if key in vocabulary.series_value:
        return False, vocabulary.series_value[key]
    if key in vocabulary.series_amount:
        return True, vocabulary.series_amount[key]
    return None


def _grid_furniture(text: str) -> bool:
    """A label of the grid or a piece of one wrapped apart (`歳入` / `増加`, `効`)."""
    key = compact(text)
    if not key:
        return True
    wordings = [
        *common.ap().categories,
        *common.ap().series_value,
        *common.ap().series_amount,
        *common.labels().labels["effects_amount"].wordings,
    ]
    return (
        any(key in compact(w) for w in wordings)
        or common.is_label("indicator", key)
        or common.is_label("effects_amount", key)
    )


def _is_grid_start(text: str) -> bool:
    key = compact(text)
    head = normalize_text(text).split()[:1]
    return (
        common.is_label("indicator", key)
        or common.is_label("effects_amount", key)
        or bool(head and _series_label(head[0]) is not None)
    )


# --- reading the page ------------------------------------------------------------------


def _read(lines: Sequence[tuple[int, str]]) -> _Read:
    read = _Read()
    start = next((i for i, (_, text) in enumerate(lines) if _is_grid_start(text)), None)
    final = any(common.is_label("final", w) for _, t in lines for w in normalize_text(t).split())
    if start is None or not final:
        # No grid header (最終値): a single-year sheet's 計画値 / 実績値 are no grid row.
        return read
    read.start = start
    cats = _categories()
    seen: dict[tuple[bool, Series], int] = {}
    current: _Row | None = None
    years: set[int] = set()
    for i in range(start, len(lines)):
        number, text = lines[i]
        words = normalize_text(text).split()
        if not words:
            continue
        label = _series_label(words[0])
        if label is not None:
            amount, series = label
            k = seen.get(label, 0)
            seen[label] = k + 1
            row_id: RowId | None
            if amount:
                row_id = (cats[k], series) if k < len(cats) else None
            else:
                row_id = (None, series) if k == 0 else None
            if row_id is None:
                read.doubled.append(((None, series), number))
                current = None
                continue
            rest = " ".join(words[1:])
            values = _numbers(rest) if rest else []
            if values is None:
                current = None  # a row label with words after it: not a grid row
                continue
            current = _Row(row_id, number)
            read.rows.append(current)
            read.used.add(number)
            current.tokens.extend(_Token(v, raw, number) for raw, v in values)
            continue
        values = _numbers(text)
        if values is not None:
            tokens = [_Token(v, raw, number) for raw, v in values]
            (current.tokens if current is not None else read.loose).extend(tokens)
            read.used.add(number)
            continue
        if _grid_furniture(text):
            read.used.add(number)
            continue  # a category label between a row's label and its numbers
        current = None
    # The header may stand before the grid's first label (pdfminer without flow).
    for i in range(len(lines)):
        years.update(_header_years(lines, i, read))
    read.years = sorted(years - {read.baseline} if read.baseline is not None else years)
    return read


def _header_years(lines: Sequence[tuple[int, str]], i: int, read: _Read) -> set[int]:
    """Year column labels a header line prints; the baseline is the year before
    the baseline words (`令和4年度` / `当初予算(基準)`, on one line or two)."""
    number, text = lines[i]
    value = normalize_text(text)
    found: set[int] = set()
    base = _BASE.match(value)
    if base is not None:
        before = _YEAR_LABEL.findall(base.group(0))
        if not before and i > 0:
            before = _YEAR_LABEL.findall(normalize_text(lines[i - 1][1]))
            if before and compact(lines[i - 1][1]) == compact(before[-1]):
                read.used.add(lines[i - 1][0])
        if before:
            year = common.fiscal_year_label(before[-1])
            if year is not None:
                read.baseline = year
                read.used.add(number)
        value = value[base.end() :]
    words = value.split()
    # A header line is year labels and 最終値 / 年度 only (a plan line prints text after them).
    labels = [
        w for w in words if not common.is_label("final", w) and not common.is_label("year", w)
    ]
    if not labels and words:
        read.used.add(number)
        return found
    years = [common.year_header(w).year for w in labels]
    if all(y is not None for y in years):
        found.update(y for y in years if y is not None)
        read.used.add(number)
    return found


# --- placing ----------------------------------------------------------------------------

Placement = dict[Column, _Token]
# The single-year sheet's year, 計画値 and 実績値 (None: not pinned).
_Pin = tuple[int, Number | None, Number | None]


def _placements(tokens: Sequence[_Token], columns: Sequence[Column]) -> Iterator[Placement]:
    """Every way to put the row's numbers, in order, into its columns (blanks between)."""
    for chosen in itertools.combinations(columns, len(tokens)):
        yield dict(zip(chosen, tokens, strict=True))


def _value(cells: Placement, column: Column) -> Number:
    token = cells.get(column)
    return token.value if token is not None and token.value is not None else 0


def _row_ok(row: RowId, cells: Placement, columns: Sequence[Column]) -> bool:
    category = row[0]
    if category is None:
        return True
    final = ("final", None)
    years = [c for c in columns if c[0] == "year"]
    if category == "total" and cells and any(c not in cells for c in (*years, final)):
        # 計 is a formula row: it prints every year and its 最終値, or nothing.
        return False
    if final not in cells and cells:
        # 最終値 is the form's formula over the years: printed wherever the row prints.
        return False
    # 最終値 = the sum of the years (a blank adds nothing).
    return final not in cells or checks.same(
        sum(_value(cells, y) for y in years), _value(cells, final)
    )


def _group_ok(parts: Sequence[Placement], total: Placement, columns: Sequence[Column]) -> bool:
    for column in columns:
        printed = [column in p for p in parts]
        if column not in total:
            if any(printed):
                return False  # a printed part means a printed 計
            continue
        expected = sum(_value(p, column) for p in parts)
        if not checks.same(_value(total, column), expected):
            return False
    return True


@dataclass(slots=True)
class _Outcome:
    """The cells every placement agrees on, those it does not, or why none is possible."""

    # The cell's number, printed by one of these tokens (equal numbers may swap).
    known: dict[tuple[RowId, Column], list[_Token]] = field(default_factory=dict)
    unsettled: set[tuple[RowId, Column]] = field(default_factory=set)
    impossible: bool = False
    gave_up: bool = False


def _agree(
    rows: Sequence[RowId], options: list[tuple[Placement, ...]], columns: Sequence[Column]
) -> _Outcome:
    out = _Outcome()
    if not options:
        out.impossible = True
        return out
    for r, row in enumerate(rows):
        for column in columns:
            # Two placements that put equal numbers (`0` and `0`) in a cell agree on it.
            seen = [o[r].get(column) for o in options]
            values = {None if t is None else (t.value, t.value is None) for t in seen}
            if len(values) > 1:
                out.unsettled.add((row, column))
                continue
            tokens = {id(t): t for t in seen if t is not None}
            if tokens:
                out.known[(row, column)] = sorted(tokens.values(), key=lambda t: t.line)
    return out


def _pinned_ok(ids: Sequence[RowId], combo: tuple[Placement, ...], pin: _Pin) -> bool:
    """The single-year sheet's 計画値 / 実績値 are the year's cells of the grid
    (checks.cross_sheet): 計画値 its 変更計画値, else its 当初計画値."""
    year, plan, actual = pin
    column: Column = ("year", year)

    def value(series: Series) -> Number | None:
        if (None, series) not in ids:
            return None
        token = combo[ids.index((None, series))].get(column)
        return None if token is None else token.value

    if plan is not None:
        printed = value("revised_plan")
        if not checks.same(printed if printed is not None else value("initial_plan"), plan):
            return False
    return actual is None or checks.same(value("actual"), actual)


def _solve_group(
    rows: Sequence[_Row],
    columns: Sequence[Column],
    effects: bool,
    pins: Sequence[_Pin] | None = None,
) -> tuple[list[RowId], _Outcome]:
    ids = [r.row for r in rows]
    # Bound before enumerating: each row's placements are C(columns, numbers).
    if math.prod(math.comb(len(columns), len(r.tokens)) for r in rows) > MAX_PLACEMENTS * 100:
        return ids, _Outcome(gave_up=True)
    per_row = [
        [p for p in _placements(r.tokens, columns) if _row_ok(r.row, p, columns)] for r in rows
    ]
    if math.prod(len(p) for p in per_row) > MAX_PLACEMENTS:
        return ids, _Outcome(gave_up=True)
    options: list[tuple[Placement, ...]] = []
    if effects:
        index = {row[0]: n for n, row in enumerate(ids)}
        total = index.get("total")
        for combo in itertools.product(*per_row):
            parts = [combo[n] for cat, n in index.items() if cat != "total"]
            if total is not None and not _group_ok(parts, combo[total], columns):
                continue
            options.append(combo)
    else:
        options = [
            combo
            for combo in itertools.product(*per_row)
            if pins is None or any(_pinned_ok(ids, combo, pin) for pin in pins)
        ]
    # Identical placements of equal values (two `0`s) are one.
    unique = {tuple(tuple(sorted((c, t.raw) for c, t in p.items())) for p in o): o for o in options}
    return ids, _agree(ids, list(unique.values()), columns)


# --- publishing ----------------------------------------------------------------------


def _key(row: RowId, column: Column) -> GridKey:
    return (column[0], column[1], row[0], row[1])


def _columns(read: _Read) -> list[Column]:
    columns: list[Column] = []
    if read.baseline is not None:
        columns.append(("baseline", read.baseline))
    columns.extend(("year", y) for y in read.years)
    columns.append(("final", None))
    return columns


def _years_read(
    read: _Read, lines: Sequence[tuple[int, str]], result: ParseResult, key: str, page: int | None
) -> bool:
    """The year columns are consecutive and, where the title prints the plan's
    years, those: a column missed would shift every number after it."""
    assert read.start is not None
    if not read.years or read.years != list(range(read.years[0], read.years[-1] + 1)):
        if read.rows or read.loose:
            result.error(
                "grid_not_placed",
                f"the grids' year columns are not read ({read.years}); their numbers are"
                " not placed",
                dataset="ap_fiscal_effects",
                key=key,
                page=page,
                lines=(lines[read.start][0], lines[-1][0]),
            )
        return False
    span = _title_span(lines)
    if span is not None and read.years != list(range(span[0], span[1] + 1)):
        result.error(
            "grid_not_placed",
            f"the grids' year columns {read.years} are not the years of the plan"
            f" {span[0]}-{span[1]} its title prints; their numbers are not placed",
            dataset="ap_fiscal_effects",
            key=key,
            page=page,
            lines=(lines[read.start][0], lines[-1][0]),
        )
        return False
    return True


@dataclass(slots=True)
class _Pending:
    """An indicator grid as read, kept to be solved again with the single-year sheet."""

    rows: list[_Row]
    columns: list[Column]
    key: str
    unsettled: set[tuple[RowId, Column]]
    issue: Issue | None  # its grid_ambiguous warning


def _publish(
    rows: list[_Row],
    effects: bool,
    columns: list[Column],
    sheet: OverallSheet,
    result: ParseResult,
    key: str,
) -> None:
    """One group's cells: the settled ones into the sheet, the others reported."""
    page = sheet.page
    dataset = "ap_fiscal_effects" if effects else "ap_indicator_values"
    ids, outcome = _solve_group(rows, columns, effects)
    tokens = [t for r in rows for t in r.tokens]
    span = (min(r.line for r in rows), max([r.line for r in rows] + [t.line for t in tokens]))
    if outcome.gave_up or outcome.impossible:
        why = (
            f"more than {MAX_PLACEMENTS} placements"
            if outcome.gave_up
            else "no placement passes the sheet's checks"
        )
        result.error(
            "grid_not_placed",
            f"the numbers of {len(rows)} grid rows cannot be placed ({why}); left null",
            dataset=dataset,
            key=key,
            page=page,
            raw=" ".join(t.raw for t in tokens),
            lines=span,
        )
        return
    _cells(outcome, effects, sheet, result, key, None)
    issue = _ambiguous(outcome, ids, rows, columns, effects, sheet, result, key)
    if not effects and outcome.unsettled:
        sheet.indicator_text = _Pending(rows, columns, key, set(outcome.unsettled), issue)


def _cells(
    outcome: _Outcome,
    effects: bool,
    sheet: OverallSheet,
    result: ParseResult,
    key: str,
    only: set[tuple[RowId, Column]] | None,
) -> None:
    """The settled cells (of `only`, if given) into the sheet."""
    dataset = "ap_fiscal_effects" if effects else "ap_indicator_values"
    target = sheet.effects if effects else sheet.indicator
    place = "effects" if effects else "indicator"
    for (row, column), printed in outcome.known.items():
        if only is not None and (row, column) not in only:
            continue
        token = printed[0]
        if token.value is None:
            result.warn(
                "dash_cell",
                "a dash is read as no value",
                dataset=dataset,
                key=key,
                page=sheet.page,
                raw=token.raw,
                lines=(token.line, token.line),
            )
            continue
        grid_key = _key(row, column)
        target[grid_key] = token.value
        lines = sorted({t.line for t in printed})
        common.found_at(
            sheet, (place, grid_key), *(Source(sheet.page, lines=(n, n)) for n in lines)
        )


def _ambiguous(
    outcome: _Outcome,
    ids: Sequence[RowId],
    rows: Sequence[_Row],
    columns: Sequence[Column],
    effects: bool,
    sheet: OverallSheet,
    result: ParseResult,
    key: str,
) -> Issue | None:
    if not outcome.unsettled:
        return None
    tokens = [t for r in rows for t in r.tokens]
    span = (min(r.line for r in rows), max([r.line for r in rows] + [t.line for t in tokens]))
    cells = sorted(outcome.unsettled, key=lambda c: (ids.index(c[0]), columns.index(c[1])))
    result.warn(
        "grid_ambiguous",
        f"{len(cells)} cells of the grid are not settled by the text: the sheet's"
        " checks allow more than one placement of the row's numbers; left null",
        dataset="ap_fiscal_effects" if effects else "ap_indicator_values",
        key=key,
        field=",".join(f"{r[0] or ''}/{r[1]}/{c[1] or c[0]}" for r, c in cells[:12]),
        page=sheet.page,
        raw=" ".join(t.raw for t in tokens),
        lines=span,
    )
    return result.issues[-1]


def refine_indicator(
    sheet: OverallSheet,
    year: int | None,
    pairs: Sequence[tuple[Number | None, Number | None]],
    result: ParseResult,
) -> None:
    """The indicator grid solved again with the single-year sheet's 計画値 / 実績値
    of its year as the cells they repeat, in each of the orders `pairs` the text
    allows: the cells every placement that agrees with one of them settles are
    published, the warning narrowed to those still open. Where no placement
    agrees, the first reading stands."""
    pending = sheet.indicator_text
    if not isinstance(pending, _Pending) or year is None or not pairs:
        return
    if ("year", year) not in pending.columns:
        return
    pins = [(year, plan, actual) for plan, actual in pairs]
    ids, outcome = _solve_group(pending.rows, pending.columns, False, pins)
    if outcome.gave_up or outcome.impossible or not outcome.unsettled < pending.unsettled:
        return
    _cells(outcome, False, sheet, result, pending.key, pending.unsettled)
    if pending.issue is not None:
        result.issues[:] = [i for i in result.issues if i is not pending.issue]
    issue = _ambiguous(
        outcome, ids, pending.rows, pending.columns, False, sheet, result, pending.key
    )
    sheet.indicator_text = (
        _Pending(pending.rows, pending.columns, pending.key, set(outcome.unsettled), issue)
        if outcome.unsettled
        else None
    )


def read_overall_grids(
    lines: Sequence[tuple[int, str]], sheet: OverallSheet, result: ParseResult
) -> set[int]:
    """The two grids of one overall sheet's page; the line numbers read."""
    read = _read(lines)
    if read.start is None:
        return set()
    key = str(sheet.fields.get("initiative_id"))
    page = sheet.page
    for raw_line in lines:
        match = _UNIT_NOTE.search(normalize_text(raw_line[1]))
        if match is not None and sheet.amount_unit is None:
            sheet.amount_unit = compact(match.group("unit"))
    _indicator_unit(lines, read, sheet)
    used = set(read.used)
    for row, line in read.doubled:
        result.error(
            "duplicate_row",
            f"a grid prints the row {row[1]} more than once; its cells are not read",
            dataset="ap_fiscal_effects",
            key=key,
            page=page,
            lines=(line, line),
        )
    if not _years_read(read, lines, result, key, page):
        return used
    sheet.grid_years = list(read.years)
    columns = _columns(read)
    if read.loose:
        result.error(
            "grid_not_placed",
            f"{len(read.loose)} numbers of the grids follow no row label: the text does not"
            " say their cells; the grids are not placed",
            dataset="ap_fiscal_effects",
            key=key,
            page=page,
            raw=" ".join(t.raw for t in read.loose[:40]),
            lines=(min(t.line for t in read.loose), max(t.line for t in read.loose)),
        )
        # Numbers outside the labelled rows: this layer does not print a row's
        # numbers after its label (a rotated page, pdfminer's flow), so the
        # labelled rows may not hold theirs either; nothing is placed.
        return used
    indicator = [r for r in read.rows if r.row[0] is None]
    groups: list[tuple[list[_Row], bool]] = [(indicator, False)] if indicator else []
    amounts = [r for r in read.rows if r.row[0] is not None]
    for series in common.SERIES:
        group = [r for r in amounts if r.row[1] == series]
        if group:
            groups.append((group, True))
    for rows, effects in groups:
        _publish(rows, effects, columns, sheet, result, key)
    return used


def _title_span(lines: Sequence[tuple[int, str]]) -> tuple[int, int] | None:
    """The plan's years as the sheet's title prints them (`…全体計画 (令和5~令和7年度)`)."""
    spans = set()
    for _, text in lines:
        if common.is_sheet_title(text):
            inside = regex.search(r"[(（]([^()（）]*)[)）]\s*$", normalize_text(text))
            found = common.fiscal_range(inside.group(1)) if inside else None
            if found is not None:
                spans.add(found)
    return spans.pop() if len(spans) == 1 else None


def _indicator_unit(lines: Sequence[tuple[int, str]], read: _Read, sheet: OverallSheet) -> None:
    """成果指標's 単位: the one word after the label, on its line or alone on the next."""
    if sheet.unit is not None or read.start is None:
        return
    found: set[str] = set()
    where: list[int] = []
    for i, (number, text) in enumerate(lines):
        words = normalize_text(text).split()
        for n, word in enumerate(words):
            if not common.is_label("unit", word):
                continue
            after, at_line = words[n + 1 : n + 2], number
            following = [(m, t) for m, t in lines[i + 1 :] if t.strip()][:1]
            if not after and n == len(words) - 1 and following:
                nxt = normalize_text(following[0][1]).split()
                after, at_line = (nxt, following[0][0]) if len(nxt) == 1 else ([], number)
            if (
                after
                and common.label_of(after[0]) is None
                and _number(after[0]) is False
                and len(compact(after[0])) <= common.MAX_LABEL_CHARS
            ):
                found.add(compact(after[0]))
                where.extend((number, at_line))
    if len(found) == 1:
        sheet.unit = found.pop()
        sources = (Source(sheet.page, lines=(n, n)) for n in sorted(set(where)))
        common.found_at(sheet, ("fields", "indicator_unit"), *sources)


# --- the single-year sheet ------------------------------------------------------------


def read_annual_indicator(
    lines: Sequence[tuple[int, str]],
    sheet: AnnualSheet,
    result: ParseResult,
    grid: Mapping[GridKey, Number] | None = None,
) -> set[int]:
    """計画値 and 実績値 of the year: the two numbers after their labels.

    On one line they are printed left to right. On two lines their order is
    the extractor's (pdfminer reverses them on a rotated page): settled only
    where the overall sheet's indicator `grid`, if given, holds the year's
    value for exactly one of the two orders. One number alone could be
    either. What is not settled is null and reported."""
    tokens = _annual_tokens(lines)
    if tokens is None:
        return set()
    key = sheet.fields.get("initiative_id")
    names = ("indicator_plan", "indicator_actual")
    used = {t.line for t in tokens}
    order = _pair_order(tokens, grid or {}, sheet.edition) if len(tokens) == len(names) else None
    if order is not None:
        for name, token in zip(names, order, strict=True):
            sheet.review[name] = token.value
            common.found_at(
                sheet, ("review", name), Source(sheet.page, lines=(token.line, token.line))
            )
        return used
    if tokens:
        result.warn(
            "grid_ambiguous",
            f"{len(tokens)} numbers after {common.wording('plan_value')} /"
            f" {common.wording('actual_value')}: which is which is not in the text; left null",
            dataset="ap_reviews",
            key=None if key is None else str(key),
            field=",".join(names),
            page=sheet.page,
            raw=" ".join(t.raw for t in tokens),
            lines=(tokens[0].line, tokens[-1].line),
        )
    return used


def _annual_tokens(lines: Sequence[tuple[int, str]]) -> list[_Token] | None:
    """The numbers after the 計画値 label; None without one."""
    start = next(
        (
            i
            for i, (_, text) in enumerate(lines)
            if any(common.is_label("plan_value", w) for w in normalize_text(text).split())
        ),
        None,
    )
    if start is None:
        return None
    tokens: list[_Token] = []
    for number, text in lines[start:]:
        values = _numbers(text)
        if values is not None:
            tokens.extend(_Token(v, raw, number) for raw, v in values)
    return tokens


def annual_pairs(lines: Sequence[tuple[int, str]]) -> list[tuple[Number | None, Number | None]]:
    """The (計画値, 実績値) the single-year sheet's numbers may be: on one line
    left to right; on two lines either order; one number either of the two."""
    tokens = _annual_tokens(lines) or []
    values = [t.value for t in tokens]
    if len(tokens) == 1:
        return [(values[0], None), (None, values[0])]
    if len(tokens) != 2:
        return []
    first, second = values
    if tokens[0].line == tokens[1].line or checks.same(first, second):
        return [(first, second)]
    return [(first, second), (second, first)]


def _pair_order(
    tokens: Sequence[_Token], grid: Mapping[GridKey, Number], year: int | None
) -> tuple[_Token, _Token] | None:
    first, second = tokens[0], tokens[1]
    if first.line == second.line or checks.same(first.value, second.value):
        return first, second
    if year is None:
        return None
    printed = (checks.year_plan_value(grid, year), grid.get(("year", year, None, "actual")))

    def fits(plan: _Token, actual: _Token) -> tuple[bool, int]:
        """No value of the grid against it; how many for it."""
        support = 0
        for token, value in zip((plan, actual), printed, strict=True):
            if value is None or token.value is None:
                continue
            if not checks.same(token.value, value):
                return False, 0
            support += 1
        return True, support

    ok = [(pair, fits(*pair)) for pair in ((first, second), (second, first))]
    good = [(pair, support) for pair, (fine, support) in ok if fine]
    if len(good) == 1 and good[0][1] > 0:
        return good[0][0]
    return None
