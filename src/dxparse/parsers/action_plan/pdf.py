"""Action-plan sheets from PDF pages: every value from the cell its label names.

Labels are found by their printed text anywhere on the sheet's grid; a
value is the cell right of its label (or under a column header), so other
column widths, row heights, page orientations and fonts read the same.
"""

from __future__ import annotations

from typing import Any

import regex

from dxparse.document import Page
from dxparse.normalise import normalize_text
from dxparse.parsers.action_plan import common
from dxparse.parsers.action_plan.common import (
    AnnualSheet,
    GridKey,
    OverallSheet,
    Period,
    compact,
    is_label,
)
from dxparse.parsers.action_plan.grid import (
    Cell,
    Grid,
    sheet_grids,
    text_above,
)
from dxparse.records import ParseResult
from dxparse.vocabulary import Category, Series, shipped

_AP = shipped().action_plan
_P = _AP.patterns
_W = _AP.words
wording = common.wording

Band = tuple[int, int]


def read_sheets(page: Page, result: ParseResult) -> list[OverallSheet | AnnualSheet]:
    """The page's sheets (usually one); a ruled table that is no sheet is reported."""
    grids = sheet_grids(page, lambda grid: _first(grid, "number_name") is not None)
    sheets: list[OverallSheet | AnnualSheet] = []
    for grid in grids:
        above = text_above(page, grid, grids)
        title = " ".join(above)
        cities = common.title_cities(above, page.number, result, title_only=False)
        if common.fiscal_range(title) is None and common.fiscal_year_label(title) is None:
            # The title may sit inside the ruling (a merged first row) or elsewhere.
            titles = [line for line in page.lines if _W["plan"] in line]
            title = " ".join(titles) or title
            cities |= common.title_cities(titles, page.number, result, title_only=True)
        sheet: OverallSheet | AnnualSheet
        if _first(grid, "final_goal") is not None or _first(grid, "effects_amount") is not None:
            sheet = _overall(page, grid, title, result)
        elif _first(grid, "tasks") is not None or _first(grid, "rating") is not None:
            sheet = _annual(page, grid, title, result)
        else:
            result.warn(
                "unrecognised_table",
                f"a ruled table with neither {wording('final_goal')}/{wording('effects_amount')}"
                f" nor {wording('tasks')}/{wording('rating')}: not read",
                page=page.number,
                raw=" ".join(cell.text for cell in grid.cells[:6]),
            )
            continue
        sheet.cities = cities
        sheets.append(sheet)
    return sheets


# --- helpers -------------------------------------------------------------------------


def _first(grid: Grid, name: str, band: Band | None = None) -> Cell | None:
    """The first cell that prints the label; none where the sheet words it two ways."""
    if name in _wordings(grid):
        return None
    found = grid.find(lambda text: is_label(name, text), rows=band)
    return found[0] if found else None


# Labels a sheet prints in more than one wording by design.
_MANY_WORDINGS = frozenset({"effect_category"})


# The grid asked about last and its answer: every label look-up asks again.
_last_wordings: list[tuple[Grid, dict[str, list[str]]]] = []


def _wordings(grid: Grid) -> dict[str, list[str]]:
    """Labels the sheet prints in two different wordings (`重要度` and `優先度`).

    Which one names the field is not in the sheet: both are left alone."""
    if not _last_wordings or _last_wordings[0][0] is not grid:
        _last_wordings[:] = [(grid, _count_wordings(grid))]
    return _last_wordings[0][1]


def _count_wordings(grid: Grid) -> dict[str, list[str]]:
    seen: dict[str, set[str]] = {}
    for cell in grid.cells:
        name = common.label_of(cell.text)
        if name is not None and name not in _MANY_WORDINGS:
            seen.setdefault(name, set()).add(compact(cell.text))
    return {name: sorted(texts) for name, texts in seen.items() if len(texts) > 1}


def _missing(
    page: Page,
    grid: Grid,
    result: ParseResult,
    dataset: str,
    key: str | None,
    name: str,
    fields: str,
) -> None:
    """Null because the label is not found, not because the cell is blank.

    A label printed in two wordings is found, and said so (ambiguous_label)."""
    if name not in _wordings(grid):
        printed = (cell.text for cell in grid.cells)
        common.label_not_found(result, name, fields, dataset, key, page.number, printed)


def _right_of(grid: Grid, name: str, band: Band | None = None, steps: int = 1) -> Cell | None:
    label = _first(grid, name, band)
    return grid.right(label, steps) if label is not None else None


def _text(cell: Cell | None) -> str | None:
    return cell.text or None if cell is not None else None


def _value(cell: Cell | None) -> str | None:
    """A value cell's text; a cell that prints a label holds no value."""
    text = _text(cell)
    return None if text is None or common.label_of(text) is not None else text


def _band(cell: Cell | None) -> Band | None:
    return (cell.r0, cell.r1) if cell is not None else None


def _where(page: Page, dataset: str, key: str | None, name: str) -> dict[str, Any]:
    return {"dataset": dataset, "key": key, "field": name, "page": page.number}


# --- the fields both sheets print ----------------------------------------------------------


# The labels of the head rows every sheet prints.
_HEAD_LABELS = ("importance", "created", "updated", "department", "manager", "staff")


def _head(page: Page, grid: Grid, result: ParseResult, dataset: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    item = _first(grid, "promotion_item")
    if item is not None:
        first = grid.right(item)
        if first is not None and compact(first.text).isdigit():
            out["promotion_item_no"] = int(compact(first.text))
            out["promotion_item"] = _value(grid.right(item, 2))
        else:
            no, name = common.split_code_name(_text(first))
            if no is not None and name is None:  # the code alone: the name is the next cell
                name = _value(grid.right(item, 2))
            out["promotion_item_no"] = int(no) if no is not None and no.isdigit() else None
            out["promotion_item"] = name
    number = _first(grid, "number_name")
    if number is not None:
        first = grid.right(number)
        if first is not None and compact(first.text).isdigit():
            out["initiative_id"] = compact(first.text)
            out["name"] = _value(grid.right(number, 2))
        else:
            code, name = common.split_code_name(_text(first))
            if code is not None and name is None:
                name = _value(grid.right(number, 2))
            out["initiative_id"], out["name"] = code, name
    key = out.get("initiative_id")
    if item is not None and out["promotion_item_no"] is None and _value(grid.right(item)):
        result.warn(
            "unreadable_code",
            f"{wording('promotion_item')} {_text(grid.right(item))!r} prints no whole number;"
            " promotion_item_no"
            " left null",
            dataset=dataset,
            key=key,
            field="promotion_item_no",
            page=page.number,
            raw=_text(grid.right(item)),
        )
    for name, texts in _wordings(grid).items():
        result.warn(
            "ambiguous_label",
            f"the sheet prints the {name} label in two wordings: {' / '.join(texts)};"
            " the fields it names are left null",
            dataset=dataset,
            key=key,
            page=page.number,
            raw=" / ".join(texts),
        )
    for name in _HEAD_LABELS:
        if _first(grid, name) is None:
            _missing(page, grid, result, dataset, key, name, name)
    importance = _text(_right_of(grid, "importance"))
    out["importance"] = common.letter(importance)
    for name in ("created", "updated"):
        out[name] = common.date_value(
            _text(_right_of(grid, name)), result, _where(page, dataset, key, name)
        )
    department = _first(grid, "department")
    if department is not None:
        first = grid.right(department)
        if first is not None and compact(first.text).isdigit():
            out["department_code"] = compact(first.text)
            out["department"] = _value(grid.right(department, 2))
        else:
            out["department_code"], out["department"] = None, _text(first)
    for name in ("manager", "staff"):
        cell = _right_of(grid, name)
        out[name] = common.person_name(cell.raw) if cell is not None else None
    return out


# --- the overall plan ------------------------------------------------------------------


def _overall(page: Page, grid: Grid, title: str, result: ParseResult) -> OverallSheet:
    sheet = OverallSheet(page=page.number)
    fields = _head(page, grid, result, "ap_initiatives")
    key = fields.get("initiative_id")
    period = _value(_right_of(grid, "period"))
    span = common.fiscal_range(period)
    single = common.year_header(period).year
    if span is not None and len(regex.findall(r"\d+", compact(period))) > 2:
        span = None  # `H30～R2(延長R3)`, `R6～R8、R10`: more years than one span
    if span is None and single is not None:
        span = (single, single)  # one fiscal year: it starts and ends the initiative
    elif span is None and period is not None:
        result.warn(
            "unreadable_period",
            f"{wording('period')} {period!r} does not read as a span of fiscal years; left null",
            dataset="ap_initiatives",
            key=key,
            field="start_fiscal_year, end_fiscal_year",
            page=page.number,
            raw=period,
        )
    fields["start_fiscal_year"], fields["end_fiscal_year"] = span or (None, None)
    plan_span = common.fiscal_range(title)
    fields["plan_start_fiscal_year"], fields["plan_end_fiscal_year"] = plan_span or (None, None)
    effect = _first(grid, "effect")
    fields.update(_effect_flags(page, grid, result, key))
    fields["final_goal"] = _text(_right_of(grid, "final_goal"))
    name_label = _first(grid, "indicator_name")
    fields["indicator_name"] = _text(grid.right(name_label)) if name_label else None
    unit_label = None
    if name_label is not None:
        unit_label = next((c for c in grid.row_cells(name_label) if is_label("unit", c.text)), None)
    sheet.unit = _text(grid.right(unit_label)) if unit_label else None
    fields["indicator_unit"] = sheet.unit
    sheet.fields = fields
    not_found = _year_plans(page, grid, sheet, result, key)
    columns, skipped = _year_columns(page, grid, result, key)
    sheet.grid_partial = skipped
    if columns:
        _grids(page, grid, columns, sheet, result, key)
        _other_effects(grid, columns, sheet)
    elif _first(grid, "indicator") is not None or _first(grid, "effects_amount") is not None:
        result.error(
            "table_not_found",
            f"the {wording('indicator')} / {wording('effects_amount')} grid has no year header"
            f" ({wording('final')})",
            dataset="ap_indicator_values",
            key=key,
            page=page.number,
        )
    year_rows = "fiscal_year, plan, status" if "plan" in not_found else "status"
    labels: list[tuple[str, str, str, Cell | None]] = [
        ("period", "ap_initiatives", "start_fiscal_year, end_fiscal_year", _first(grid, "period")),
        ("effect", "ap_initiatives", ", ".join(common.ap().effect_flags.values()), effect),
        ("final_goal", "ap_initiatives", "final_goal", _first(grid, "final_goal")),
        ("indicator_name", "ap_initiatives", "indicator_name", name_label),
        ("other_effects", "ap_year_plans", "other_effects", _first(grid, "other_effects")),
        *((name, "ap_year_plans", year_rows, None) for name in not_found),
    ]
    if name_label is not None:
        labels.append(("unit", "ap_initiatives", "indicator_unit", unit_label))
    if not columns and _first(grid, "indicator") is None and _first(grid, "effects_amount") is None:
        labels.append(("indicator", "ap_indicator_values", "value", None))
        labels.append(("effects_amount", "ap_fiscal_effects", "amount", None))
    for name, dataset, names, cell in labels:
        if cell is None:
            _missing(page, grid, result, dataset, key, name, names)
    return sheet


def _effect_flags(
    page: Page, grid: Grid, result: ParseResult, key: str | None
) -> dict[str, bool | None]:
    """効果: the boxes ticked are the kinds printed right of the label.

    A row that prints marks (○, ×, ☑, ■, レ) or words beside the kinds
    says it another way, which this reading does not know: null and
    reported, not guessed. The kinds end at the row's next label.
    """
    names = list(common.ap().effect_flags.values())
    effect = _first(grid, "effect")
    if effect is None:
        return dict.fromkeys(names)
    cells: list[Cell] = []
    for cell in grid.row_cells(effect):
        if common.label_of(cell.text) not in (None, "effect_category"):
            break  # the next label of the row (`担当者`): no more kinds
        cells.append(cell)
    residue = "".join(compact(cell.text) for cell in cells)
    for label in common.ap().effect_flags:
        residue = residue.replace(label, "")
    residue = "".join(ch for ch in residue if ch not in "・、,/()" and ch not in common.DASHES)
    if residue:
        # Marks (○, ☑, ■, レ) or words beside the kinds say it another way.
        result.warn(
            "ambiguous_column",
            f"{wording('effect')} prints marks or words beside its kinds:"
            " which are ticked is not read",
            dataset="ap_initiatives",
            key=key,
            field="effect_revenue",
            page=page.number,
            raw=" ".join(cell.text for cell in cells),
        )
        return dict.fromkeys(names)
    printed = "".join(compact(cell.text) for cell in cells)
    return {name: label in printed for label, name in common.ap().effect_flags.items()}


def _year_plans(
    page: Page, grid: Grid, sheet: OverallSheet, result: ParseResult, key: str | None
) -> list[str]:
    """The 年度 | 取組内容・目標 | 区分 rows; the names of their labels not found.

    A row whose label prints a year with more (`令和8年度以降`) is not that
    year's row, and a year printed on two rows that say different things
    cannot say which is its plan: null and reported, not the last one read."""
    for header in grid.find(lambda text: is_label("year", text)):
        plan_head = grid.right(header)
        if plan_head is None or not is_label("plan", plan_head.text):
            continue
        status_head = next((c for c in grid.row_cells(header) if is_label("status", c.text)), None)
        r = header.r1
        where = {"dataset": "ap_year_plans", "page": page.number}
        while True:
            year_cell = grid.at(r, header.c0)
            label = common.year_header(_text(year_cell)) if year_cell else common.YearHeader()
            if year_cell is None or (label.year is None and not label.doubtful):
                break
            r = year_cell.r1
            if label.year is None:
                result.warn(
                    "ambiguous_year",
                    f"a year row labelled {year_cell.text!r} is not one fiscal year: not read",
                    key=key,
                    field="fiscal_year, plan, status",
                    raw=year_cell.text,
                    **where,
                )
                continue
            year = label.year
            plan = grid.at(year_cell.r0, plan_head.c0)
            status = grid.at(year_cell.r0, status_head.c0) if status_head is not None else None
            row = {
                "plan": _text(plan) if plan is not plan_head else None,
                "status": common.vocab(_text(status), common.ap().year_statuses),
            }
            if year not in sheet.year_plans:
                sheet.years.append(year)
                sheet.year_plans[year] = row
            elif sheet.year_plans[year] != row:
                result.warn(
                    "duplicate_year",
                    f"{year_cell.text!r} is printed on two rows that differ;"
                    " its plan and status are left null",
                    key=f"{key}:{year}",
                    field="plan, status",
                    raw=year_cell.text,
                    **where,
                )
                sheet.year_plans[year] = {"plan": None, "status": None}
        return [] if status_head is not None else ["status"]
    return ["plan"]


def _year_columns(
    page: Page, grid: Grid, result: ParseResult, key: str | None
) -> tuple[list[tuple[Cell, Period, int | None]], bool]:
    """The grid's column headers: (cell, period, fiscal year).

    A header that prints a year with more (`令和8年度以降`, `令和7年度(見込)`)
    or no fiscal year (`2024`) is not read, and a year printed over two
    columns gives neither column: each is said so (ambiguous_column)."""
    final = _first(grid, "final")
    if final is None:
        return [], False
    columns: list[tuple[Cell, Period, int | None]] = []
    skipped: list[Cell] = []
    for cell in grid.cells:
        if cell.r0 != final.r0 or cell.blank:
            continue
        text = compact(cell.text)
        if cell is final:
            columns.append((cell, "final", None))
        elif _W["baseline"] in text or _W["budget"] in text:
            columns.append((cell, "baseline", _baseline_year(page, result, key, cell)))
        elif common.label_of(cell.text) is None:
            header = common.year_header(cell.text)
            if header.year is not None:
                columns.append((cell, "year", header.year))
            else:
                _column_warning(page, result, key, cell, "is not one fiscal year")
                skipped.append(cell)
    years = [year for _, period, year in columns if period == "year"]
    twice = {year for year in years if years.count(year) > 1}
    for cell, _, year in columns:
        if year in twice:
            _column_warning(page, result, key, cell, f"names {year}, as another column does")
            skipped.append(cell)
    kept = [col for col in columns if col[1] != "year" or col[2] not in twice]
    return sorted(kept, key=lambda col: col[0].c0), bool(skipped)


def _baseline_year(page: Page, result: ParseResult, key: str | None, cell: Cell) -> int | None:
    """`平成27年度当初予算(基準)` → 2015, `R5当初予算(基準)` → 2023.

    A header that prints a year with more (`令和4年度~令和5年度`,
    `令和4年度以前`, `令和4年度見込`) names no one year: its cells are the
    baseline, their year is null and said so, never the first year printed."""
    bare = regex.sub(_P["baseline_words"], "", compact(cell.text))
    header = common.year_header(bare)
    if not header.doubtful:
        return header.year  # one year, or none printed (`基準値`)
    for dataset in ("ap_indicator_values", "ap_fiscal_effects"):
        result.warn(
            "ambiguous_year",
            f"the baseline column headed {cell.text!r} names no one fiscal year;"
            " its fiscal_year is left null",
            dataset=dataset,
            key=key,
            field="fiscal_year",
            page=page.number,
            raw=cell.text,
        )
    return None


def _column_warning(page: Page, result: ParseResult, key: str | None, cell: Cell, why: str) -> None:
    for dataset, name in (("ap_indicator_values", "value"), ("ap_fiscal_effects", "amount")):
        result.warn(
            "ambiguous_column",
            f"the grid column headed {cell.text!r} {why}: its cells are not read",
            dataset=dataset,
            key=key,
            field=name,
            page=page.number,
            raw=cell.text,
        )


def _category_of(grid: Grid, label: Cell) -> Category | None:
    """The 歳入増加 / 歳出削減 / 計 cell left of an amount row's label."""
    c = label.c0 - 1
    while c >= 0:
        cell = grid.at(label.r0, c)
        if cell is not None and compact(cell.text) in common.ap().categories:
            return common.ap().categories[compact(cell.text)]
        c = (cell.c0 - 1) if cell is not None else c - 1
    return None


def _grids(
    page: Page,
    grid: Grid,
    columns: list[tuple[Cell, Period, int | None]],
    sheet: OverallSheet,
    result: ParseResult,
    key: str | None,
) -> None:
    """Every printed cell of the 成果指標 and 効果額 grids, by its column."""
    header_row = columns[0][0].r1
    sheet.grid_years = [year for _, period, year in columns if period == "year" and year]
    rows: list[tuple[Cell, Series, Category | None, str]] = []
    for label in grid.cells:
        if label.r0 < header_row:
            continue
        printed = compact(label.text)
        if printed in common.ap().series_value:
            series, category, dataset = (
                common.ap().series_value[printed],
                None,
                "ap_indicator_values",
            )
        elif printed in common.ap().series_amount:
            series, dataset = common.ap().series_amount[printed], "ap_fiscal_effects"
            category = _category_of(grid, label)
            if category is None:
                result.warn(
                    "ambiguous_column",
                    f"amount row {label.text!r} has no"
                    f" {'/'.join(_AP.lists['amount_categories'])} label",
                    dataset=dataset,
                    key=key,
                    page=page.number,
                    raw=label.text,
                )
                continue
        else:
            continue
        rows.append((label, series, category, dataset))
    # The unit the cells are in: the indicator's 単位, the `単位:千円` note of the
    # amounts, else the one unit the cells print; a cell in another is not read.
    units = {
        dataset: common.grid_unit(
            declared,
            (
                _text(grid.at(label.r0, head.c0))
                for label, _, _, name in rows
                if name == dataset
                for head, _, _ in columns
            ),
        )
        for dataset, declared in (
            ("ap_indicator_values", sheet.unit),
            ("ap_fiscal_effects", _amount_unit(page)),
        )
    }
    sheet.amount_unit = units["ap_fiscal_effects"]
    # A series printed on two rows (a second indicator, a 実績額 row repeated):
    # which row the dataset's one cell means is not printed, so neither is read.
    kinds = [(series, category, dataset) for _, series, category, dataset in rows]
    for label, series, category, dataset in rows:
        if kinds.count((series, category, dataset)) > 1:
            result.warn(
                "duplicate_row",
                f"{label.text!r}{f' ({category})' if category else ''} is printed on more"
                " than one row of the grid: its cells are not read",
                dataset=dataset,
                key=key,
                field="value" if category is None else "amount",
                page=page.number,
                raw=label.text,
            )
    for label, series, category, dataset in rows:
        if kinds.count((series, category, dataset)) > 1:
            continue
        target = sheet.indicator if dataset == "ap_indicator_values" else sheet.effects
        for head, period, year in columns:
            cell = grid.at(label.r0, head.c0)
            if cell is None or cell.blank or cell is label:
                continue
            if cell.c0 != head.c0 or cell.c1 != head.c1:
                result.warn(
                    "ambiguous_column",
                    f"a value spans several columns of the grid: {cell.text!r}",
                    dataset=dataset,
                    key=key,
                    page=page.number,
                    raw=cell.text,
                )
                continue
            where = _where(page, dataset, key, "value" if category is None else "amount")
            # A dash says "nothing here", not a number: no row, but said so.
            value = common.grid_number(cell.text, result, where, units[dataset], cell.raw)
            if value is not None:
                grid_key: GridKey = (period, year, category, series)
                target[grid_key] = value


_UNIT_NOTE = regex.compile(_P["unit_note"])


def _amount_unit(page: Page) -> str | None:
    """The unit a `(単位:千円)` note on the page gives the amounts, if it gives one."""
    units = {m.group("unit") for line in page.lines for m in _UNIT_NOTE.finditer(line)}
    return units.pop() if len(units) == 1 else None


def _other_effects(
    grid: Grid, columns: list[tuple[Cell, Period, int | None]], sheet: OverallSheet
) -> None:
    label = _first(grid, "other_effects")
    if label is None:
        return
    for head, period, year in columns:
        if period != "year" or year is None:
            continue
        cell = grid.at(label.r0, head.c0)
        if cell is None or cell is label or cell.blank:
            continue
        plan = sheet.year_plans.setdefault(year, {})
        plan["other_effects"] = cell.text


# --- the single-year sheet -------------------------------------------------------------


_Absent = list[tuple[str, str]]  # labels not found, with the fields left null for want of them


def _annual(page: Page, grid: Grid, title: str, result: ParseResult) -> AnnualSheet:
    sheet = AnnualSheet(page=page.number)
    fields = _head(page, grid, result, "ap_reviews")
    key = fields.get("initiative_id")
    sheet.fields = fields
    sheet.edition = common.fiscal_year_label(title)
    absent: _Absent = []
    review: dict[str, Any] = {}
    _year_status(grid, sheet, review, absent)
    sheet.tasks = _tasks(page, grid, result, key)
    _midyear(grid, review, absent)
    yearend = _yearend(grid, review, absent)
    review.update(_results(page, grid, result, key, yearend, absent))
    _changes(page, grid, result, key, review, absent)
    _evaluation(grid, review, absent)
    for name, names in absent:
        _missing(page, grid, result, "ap_reviews", key, name, names)
    sheet.review = review
    return sheet


def _year_status(grid: Grid, sheet: AnnualSheet, review: dict[str, Any], absent: _Absent) -> None:
    """区分 of the year, on the 取組内容・目標 row (whose year is the edition)."""
    plan_label = _first(grid, "plan")
    if plan_label is None:
        absent.append(("plan", "status"))
        return
    year_cell = grid.right(plan_label)
    if sheet.edition is None:
        sheet.edition = common.fiscal_year_label(_text(year_cell))
    status_label = next((c for c in grid.row_cells(plan_label) if is_label("status", c.text)), None)
    if status_label is not None:
        review["status"] = common.vocab(_text(grid.right(status_label)), common.ap().year_statuses)
    else:
        absent.append(("status", "status"))


def _midyear(grid: Grid, review: dict[str, Any], absent: _Absent) -> None:
    midyear_label = _first(grid, "midyear")
    midyear = _band(midyear_label)
    progress = _first(grid, "progress", midyear)
    review["midyear_progress"] = common.vocab(
        _text(grid.right(progress)) if progress else None, common.ap().progress
    )
    review["midyear_comment"] = _comment_after(grid, progress)
    if midyear_label is None:
        absent.append(("midyear", "midyear_progress, midyear_comment"))
    elif progress is None:
        absent.append(("progress", "midyear_progress, midyear_comment"))
    elif _comment_label(grid, progress) is None:
        absent.append(("comment", "midyear_comment"))


def _yearend(grid: Grid, review: dict[str, Any], absent: _Absent) -> Band | None:
    """達成状況 and 進捗状況 of the year end, and its comment; the band of its rows."""
    yearend_label = _first(grid, "yearend")
    yearend = _band(yearend_label)
    outcome = _first(grid, "outcome", yearend)
    review["outcome"] = common.vocab(
        _text(grid.right(outcome)) if outcome else None, common.ap().outcomes
    )
    activity = _first(grid, "activity", yearend)
    review["activity"] = common.vocab(
        _text(grid.right(activity)) if activity else None, common.ap().activities
    )
    review["yearend_comment"] = _comment_after(grid, outcome or activity)
    if yearend_label is None:
        absent.append(("yearend", "outcome, activity, yearend_comment"))
        return yearend
    for name, cell in (("outcome", outcome), ("activity", activity)):
        if cell is None:
            absent.append((name, name))
    anchor = outcome or activity
    if anchor is not None and _comment_label(grid, anchor) is None:
        absent.append(("comment", "yearend_comment"))
    return yearend


def _changes(
    page: Page,
    grid: Grid,
    result: ParseResult,
    key: str | None,
    review: dict[str, Any],
    absent: _Absent,
) -> None:
    """計画変更: 有/無 for the content and for the values."""
    change = _band(_first(grid, "change"))
    if change is None:
        absent.append(("change", "change_plan_content, change_plan_values"))
        return
    for name, label in (
        ("change_plan_content", "content"),
        ("change_plan_values", "plan_value"),
    ):
        cell = _right_of(grid, label, change)
        review[name] = common.yes_no(_text(cell))
        if review[name] is None and _value(cell) is not None:
            result.warn(
                "unknown_label",
                f"{name}: {_text(cell)!r} is neither {_AP.yes[0]} nor {_AP.no[0]}; left null",
                dataset="ap_reviews",
                key=key,
                field=name,
                page=page.number,
                raw=_text(cell),
            )
        if _first(grid, label, change) is None:
            absent.append((label, name))


def _evaluation(grid: Grid, review: dict[str, Any], absent: _Absent) -> None:
    """総合評価, 方向性, 評価者 and the evaluator's comment and instructions."""
    rating = _first(grid, "rating")
    evaluation = _band(rating)
    review["rating"] = common.letter(_text(grid.right(rating))) if rating else None
    review["direction"] = common.vocab(
        _text(_right_of(grid, "direction", evaluation)), common.ap().directions
    )
    evaluator = _right_of(grid, "evaluator", evaluation)
    review["evaluator"] = common.person_name(evaluator.raw) if evaluator else None
    for name in ("rating", "direction", "evaluator"):
        if _first(grid, name, evaluation if name != "rating" else None) is None:
            absent.append((name, name))
    combined = _first(grid, "evaluation_comment")
    if combined is not None:
        # One コメント／指示事項 cell: it is the evaluator's comment.
        review["evaluation_comment"] = _text(grid.right(combined))
        review["instructions"] = None
        return
    side = _band(_first(grid, "evaluation"))
    below = (rating.r0, len(grid.ys)) if rating is not None else None
    review["evaluation_comment"] = _text(_right_of(grid, "comment", side or below))
    review["instructions"] = _text(_right_of(grid, "instructions", side or below))
    for name, label in (("evaluation_comment", "comment"), ("instructions", "instructions")):
        if _first(grid, label, side or below) is None:
            absent.append((label, name))


def _comment_label(grid: Grid, anchor: Cell) -> Cell | None:
    return next((c for c in grid.row_cells(anchor) if is_label("comment", c.text)), None)


def _comment_after(grid: Grid, anchor: Cell | None) -> str | None:
    """The comment on an anchor's row: the cell right of its コメント label."""
    if anchor is None:
        return None
    for cell in grid.row_cells(anchor):
        if is_label("comment", cell.text):
            return _text(grid.right(cell))
    return None


def _tasks(page: Page, grid: Grid, result: ParseResult, key: str | None) -> list[dict[str, Any]]:
    """Numbered 取組項目 rows that print a task, with ○ per quarter.

    A quarter whose column header is not found is null, not "no ○"."""
    label = _first(grid, "tasks")
    if label is None:
        _missing(page, grid, result, "ap_tasks", key, "tasks", "task, q1, q2, q3, q4")
        return []
    quarters: dict[int, Cell] = {}
    for cell in grid.find(lambda text: True, rows=(label.r0, label.r1)):
        q = common.quarter_of(cell.text)
        if q is not None:
            quarters[q] = cell
    tasks: list[dict[str, Any]] = []
    for r in range(label.r0, label.r1):
        number = grid.at(r, label.c1)
        if number is None or number.r0 != r or not compact(number.text).isdigit():
            continue
        text = grid.at(r, number.c1)
        task = _text(text) if text is not None and text.r0 == r else None
        if task is None:
            continue
        row: dict[str, Any] = {"task_no": int(compact(number.text)), "task": task}
        for q in range(4):
            head = quarters.get(q)
            if head is None:
                row[f"q{q + 1}"] = None
                continue
            # Every cell of the row under the quarter's header (a month a column, maybe).
            under = (grid.at(r, c) for c in range(head.c0, head.c1))
            marks = {
                id(m): m for m in under if m is not None and m is not text and m is not number
            }.values()
            ticks = [common.tick(cell.text) for cell in marks]
            ticked: bool | None = any(ticks)
            if ticked and any(cell.c0 < head.c0 or cell.c1 > head.c1 for cell in marks):
                # One mark over several quarters: which of them it ticks is not printed.
                ticked = None
            if None in ticks or ticked is None:
                ticked = None
                printed = " ".join(cell.text for cell in marks)
                result.warn(
                    "unknown_mark",
                    f"task {row['task_no']}: {printed!r} under {head.text!r} is not a tick"
                    " (○) nor blank, or spans several quarters; left null",
                    dataset="ap_tasks",
                    key=f"{key}:{row['task_no']}",
                    field=f"q{q + 1}",
                    page=page.number,
                    raw=printed,
                )
            row[f"q{q + 1}"] = ticked
        tasks.append(row)
    if tasks and len(quarters) < 4:
        result.warn(
            "ambiguous_column",
            f"{wording('tasks')}: {4 - len(quarters)} of the four quarter headers"
            f" ({_W['first_quarter']} …) not found;"
            " those quarters are left null",
            dataset="ap_tasks",
            key=key,
            field=", ".join(f"q{q + 1}" for q in range(4) if q not in quarters),
            page=page.number,
        )
    return tasks


def _results(
    page: Page,
    grid: Grid,
    result: ParseResult,
    key: str | None,
    band: Band | None,
    absent: list[tuple[str, str]],
) -> dict[str, Any]:
    """計画値 / 実績値 of the year: the cells under their headers."""
    out: dict[str, Any] = {"indicator_plan": None, "indicator_actual": None}
    results = _first(grid, "results", band)
    rows = _band(results) or band
    for name, label in (("indicator_plan", "plan_value"), ("indicator_actual", "actual_value")):
        head = _first(grid, label, rows)
        if head is None:
            absent.append((label, name))
            continue
        cell = grid.below(head)
        if cell is None or cell.blank:
            continue
        # The 単位 printed under the value, where the sheet prints one.
        unit_label = grid.below(cell)
        declared = (
            _text(grid.right(unit_label))
            if unit_label is not None and is_label("unit", unit_label.text)
            else None
        )
        out[name] = common.grid_number(
            normalize_text(cell.text),
            result,
            _where(page, "ap_reviews", key, name),
            common.grid_unit(declared, [cell.text]),
            cell.raw,
        )
    return out
