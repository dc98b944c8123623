"""Action-plan sheets from PDF pages: every value from the cell its label names.

Labels are found by their printed text anywhere on the sheet's grid; a
value is the cell right of its label (or under a column header), so other
column widths, row heights, page orientations and fonts read the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex

from dxparse.document import BBox, Page
from dxparse.normalise import normalize_text
from dxparse.parsers.action_plan import common, furniture
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
    loose_text,
    sheet_grids,
    text_above,
)
from dxparse.records import ParseResult, Source, union
from dxparse.vocabulary import Category, Series, shipped

_AP = shipped().action_plan
_P = _AP.patterns
_W = _AP.words
wording = common.wording

Band = tuple[int, int]


def read_sheets(
    page: Page, result: ParseResult, margins: list[furniture.Margin] | None = None
) -> list[OverallSheet | AnnualSheet]:
    """The page's sheets (usually one); a ruled table that is no sheet is reported.

    `margins` gets the text printed above or below the sheets that is no
    furniture by itself (a running footer is, if other pages print it too)."""
    grids = sheet_grids(page, lambda grid: _first(grid, "number_name") is not None)
    sheets: list[OverallSheet | AnnualSheet] = []
    for grid in grids:
        if _first(grid, "number_name") is None and not _is_sheet(grid):
            # No sheet's head (番号・取組名) and neither kind: a table of
            # another kind (a cover's, a contents list), not a plan sheet.
            result.warn(
                "unrecognised_table",
                f"a ruled table with neither {wording('final_goal')}/{wording('effects_amount')}"
                f" nor {wording('tasks')}/{wording('rating')}: not read",
                page=page.number,
                raw=" ".join(cell.text for cell in grid.cells[:6]),
            )
            continue
        # Every character of a page holding a sheet is read, furniture or reported.
        result.account(page.number)
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
            _title_found(page, grid, grids, sheet)
        elif _first(grid, "tasks") is not None or _first(grid, "rating") is not None:
            sheet = _annual(page, grid, title, result)
            _edition_found(page, grid, grids, sheet)
        else:
            # A sheet's head (番号・取組名) over neither kind of sheet: nothing
            # of it is read, and its box says so.
            result.error(
                "sheet_not_read",
                f"a sheet with {wording('number_name')} but neither"
                f" {wording('final_goal')}/{wording('effects_amount')}"
                f" nor {wording('tasks')}/{wording('rating')}: not read",
                page=page.number,
                raw=" ".join(cell.text for cell in grid.cells[:6]),
                box=_grid_box(grid),
            )
            continue
        furniture.cells(page, grid, result)
        sheet.cities = cities
        sheets.append(sheet)
    if sheets:
        found = furniture.loose(page, grids, result)
        if margins is not None:
            margins.extend(found)
    return sheets


def _is_sheet(grid: Grid) -> bool:
    """A grid that prints the labels of either kind of sheet."""
    return any(
        _first(grid, name) is not None
        for name in ("final_goal", "effects_amount", "tasks", "rating")
    )


def _grid_box(grid: Grid) -> BBox:
    return BBox(grid.xs[0], grid.ys[0], grid.xs[-1], grid.ys[-1])


def _titles(page: Page, grid: Grid, grids: list[Grid], says: Callable[[str], bool]) -> list[Source]:
    """Where the sheet's title is printed (above the ruling or in it), if it says so."""
    printed = [*loose_text(page, grids), *((cell.text, cell.box) for cell in grid.cells)]
    return [
        Source(page.number, box)
        for text, box in printed
        if text and common.is_sheet_title(text) and says(text)
    ]


def _title_found(page: Page, grid: Grid, grids: list[Grid], sheet: OverallSheet) -> None:
    """The plan period is read from the sheet's title: there it was printed."""
    common.found_at(sheet, ("rows", "initiative_id"), *sheet.sources.get(_ID, []))
    if sheet.fields.get("plan_start_fiscal_year") is None:
        return
    span = (sheet.fields["plan_start_fiscal_year"], sheet.fields["plan_end_fiscal_year"])
    places = _titles(page, grid, grids, lambda text: common.fiscal_range(text) == span)
    for name in ("plan_start_fiscal_year", "plan_end_fiscal_year"):
        common.found_at(sheet, ("fields", name), *places)


def _edition_found(page: Page, grid: Grid, grids: list[Grid], sheet: AnnualSheet) -> None:
    """The edition is the single-year sheet's year: its title's, and its
    取組内容・目標 row's. Every row of the initiative carries it, and its number."""
    common.found_at(sheet, ("rows", "initiative_id"), *sheet.sources.get(_ID, []))
    if sheet.edition is None:
        return
    places = _titles(
        page, grid, grids, lambda text: common.fiscal_year_label(text) == sheet.edition
    )
    places += sheet.sources.pop(_EDITION_CELL, [])
    common.found_at(sheet, ("rows", "edition_fiscal_year"), *places)


_ID = ("fields", "initiative_id")
# The 取組内容・目標 row's year cell, the edition where no title prints it.
_EDITION_CELL = ("edition_cell",)


def _at(page: Page, *cells: Cell | None) -> list[Source]:
    """Where the cells were printed (a blank cell prints nothing)."""
    return [Source(page.number, cell.box) for cell in cells if cell is not None and not cell.blank]


def _found(
    sheet: OverallSheet | AnnualSheet, place: tuple[Any, ...], page: Page, *cells: Cell | None
) -> None:
    common.found_at(sheet, place, *_at(page, *cells))


def _box(*cells: Cell | None) -> BBox | None:
    return union(cell.box for cell in cells if cell is not None)


# --- helpers -------------------------------------------------------------------------


def _first(grid: Grid, name: str, band: Band | None = None) -> Cell | None:
    """The first cell that prints the label; none where the sheet words it two ways."""
    if name in _wordings(grid):
        return None
    return next(
        (
            cell
            for cell in _labelled(grid, name)
            if band is None or (cell.r0 < band[1] and cell.r1 > band[0])
        ),
        None,
    )


# The grids asked about last (a page's few; held, so their ids stay theirs),
# each cell's labels, and the cells by the label they print, filled as asked.
_Labelled = tuple[list[tuple[Cell, frozenset[str]]], dict[str, list[Cell]]]
_last_labelled: list[tuple[Grid, _Labelled]] = []
_LABELLED_GRIDS = 8


def _labelled(grid: Grid, name: str) -> list[Cell]:
    """The grid's cells that print the label, in reading order (`Grid.find`'s)."""
    known = next((cells for seen, cells in _last_labelled if seen is grid), None)
    if known is None:
        # Every label a cell prints, once per cell: a sheet asks for dozens.
        label_set = common.labels()
        known = ([(c, label_set.names(compact(c.text))) for c in grid.cells if c.text], {})
        _last_labelled[:] = [*_last_labelled[-(_LABELLED_GRIDS - 1) :], (grid, known)]
    printed, by_name = known
    if name not in by_name:
        if name not in common.labels().labels:  # a parser's typo, as matches() would say
            raise KeyError(name)
        by_name[name] = sorted(
            (cell for cell, names in printed if name in names),
            key=lambda cell: (cell.r0, cell.c0),
        )
    return by_name[name]


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


def _where(
    page: Page, dataset: str, key: str | None, name: str, cell: Cell | None = None
) -> dict[str, Any]:
    """An issue's place; `cell` the one it is about (its box accounts for its text)."""
    where: dict[str, Any] = {"dataset": dataset, "key": key, "field": name, "page": page.number}
    if cell is not None:
        where["box"] = cell.box
    return where


# --- the fields both sheets print ----------------------------------------------------------


# The labels of the head rows every sheet prints.
_HEAD_LABELS = ("importance", "created", "updated", "department", "manager", "staff")


def _code_and_name(
    page: Page, grid: Grid, label: Cell, sheet: OverallSheet | AnnualSheet, names: tuple[str, str]
) -> tuple[str | None, str | None]:
    """A code and a name right of their label: in two cells, or in one (`51 行政…`)."""
    code_name, name_name = names
    first = grid.right(label)
    if first is not None and compact(first.text).isdigit():
        name_cell = grid.right(label, 2)
        name = _value(name_cell)
        _found(sheet, ("fields", code_name), page, first)
        if name is not None:
            _found(sheet, ("fields", name_name), page, name_cell)
        return compact(first.text), name
    code, name = common.split_code_name(_text(first))
    _found(sheet, ("fields", code_name), page, first)
    _found(sheet, ("fields", name_name), page, first)
    if code is not None and name is None:  # the code alone: the name is the next cell
        name_cell = grid.right(label, 2)
        name = _value(name_cell)
        if name is not None:
            _found(sheet, ("fields", name_name), page, name_cell)
    return code, name


def _head(
    page: Page,
    grid: Grid,
    result: ParseResult,
    dataset: str,
    sheet: OverallSheet | AnnualSheet | None = None,
) -> dict[str, Any]:
    """The head rows' fields; where each was printed goes to `sheet`."""
    sheet = sheet if sheet is not None else AnnualSheet(page=page.number)
    out: dict[str, Any] = {}
    item = _first(grid, "promotion_item")
    if item is not None:
        no, name = _code_and_name(page, grid, item, sheet, ("promotion_item_no", "promotion_item"))
        out["promotion_item_no"] = int(no) if no is not None and no.isdigit() else None
        out["promotion_item"] = name
    number = _first(grid, "number_name")
    if number is not None:
        out["initiative_id"], out["name"] = _code_and_name(
            page, grid, number, sheet, ("initiative_id", "name")
        )
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
            box=_box(grid.right(item)),
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
    importance = _right_of(grid, "importance")
    out["importance"] = common.letter(_text(importance))
    _found(sheet, ("fields", "importance"), page, importance)
    for name in ("created", "updated"):
        cell = _right_of(grid, name)
        out[name] = common.date_value(_text(cell), result, _where(page, dataset, key, name, cell))
        _found(sheet, ("fields", name), page, cell)
    department = _first(grid, "department")
    if department is not None:
        first = grid.right(department)
        if first is not None and compact(first.text).isdigit():
            out["department_code"] = compact(first.text)
            name_cell = grid.right(department, 2)
            out["department"] = _value(name_cell)
            _found(sheet, ("fields", "department_code"), page, first)
            if out["department"] is not None:
                _found(sheet, ("fields", "department"), page, name_cell)
        else:
            out["department_code"], out["department"] = None, _text(first)
            _found(sheet, ("fields", "department"), page, first)
    for name in ("manager", "staff"):
        cell = _right_of(grid, name)
        out[name] = common.person_name(cell.raw) if cell is not None else None
        _found(sheet, ("fields", name), page, cell)
    return out


# --- the overall plan ------------------------------------------------------------------


def _overall(page: Page, grid: Grid, title: str, result: ParseResult) -> OverallSheet:
    sheet = OverallSheet(page=page.number)
    fields = _head(page, grid, result, "ap_initiatives", sheet)
    key = fields.get("initiative_id")
    period_cell = _right_of(grid, "period")
    period = _value(period_cell)
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
            box=_box(period_cell),
        )
    fields["start_fiscal_year"], fields["end_fiscal_year"] = span or (None, None)
    if period is not None:
        for name in ("start_fiscal_year", "end_fiscal_year"):
            _found(sheet, ("fields", name), page, period_cell)
    plan_span = common.fiscal_range(title)
    fields["plan_start_fiscal_year"], fields["plan_end_fiscal_year"] = plan_span or (None, None)
    effect = _first(grid, "effect")
    fields.update(_effect_flags(page, grid, result, key, sheet))
    goal = _right_of(grid, "final_goal")
    fields["final_goal"] = _text(goal)
    _found(sheet, ("fields", "final_goal"), page, goal)
    name_label = _first(grid, "indicator_name")
    name_cell = grid.right(name_label) if name_label else None
    fields["indicator_name"] = _text(name_cell)
    _found(sheet, ("fields", "indicator_name"), page, name_cell)
    unit_label = None
    if name_label is not None:
        unit_label = next((c for c in grid.row_cells(name_label) if is_label("unit", c.text)), None)
    unit_cell = grid.right(unit_label) if unit_label else None
    sheet.unit = _text(unit_cell)
    fields["indicator_unit"] = sheet.unit
    _found(sheet, ("fields", "indicator_unit"), page, unit_cell)
    sheet.fields = fields
    not_found = _year_plans(page, grid, sheet, result, key)
    columns, skipped = _year_columns(page, grid, result, key)
    sheet.grid_partial = skipped
    if columns:
        _grids(page, grid, columns, sheet, result, key)
        _other_effects(page, grid, columns, sheet)
    elif _first(grid, "indicator") is not None or _first(grid, "effects_amount") is not None:
        # The grids are printed but not read: their box is what is lost.
        result.error(
            "table_not_found",
            f"the {wording('indicator')} / {wording('effects_amount')} grid has no year header"
            f" ({wording('final')}): its cells are not read",
            dataset="ap_indicator_values",
            key=key,
            page=page.number,
            box=_unread_grids(grid),
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


def _unread_grids(grid: Grid) -> BBox | None:
    """The rows of the 成果指標 / 効果額 grids (their header row among them) and
    the その他効果 row under them: what a sheet whose grids are not read loses."""
    labels = [
        cell
        for name in ("indicator", "effects_amount", "other_effects")
        if (cell := _first(grid, name)) is not None
    ]
    if not labels:
        return None
    top = min(cell.r0 for cell in labels)
    bottom = max(cell.r1 for cell in labels)
    return BBox(grid.xs[0], grid.ys[top], grid.xs[-1], grid.ys[min(bottom, len(grid.ys) - 1)])


def _effect_flags(
    page: Page, grid: Grid, result: ParseResult, key: str | None, sheet: OverallSheet
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
            box=_box(*cells),
        )
        return dict.fromkeys(names)
    printed = "".join(compact(cell.text) for cell in cells)
    for name in names:
        _found(sheet, ("fields", name), page, *cells)
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
        rows_of: dict[int, list[Cell | None]] = {}
        while True:
            year_cell = grid.at(r, header.c0)
            label = common.year_header(_text(year_cell)) if year_cell else common.YearHeader()
            if year_cell is None or (label.year is None and not label.doubtful):
                break
            r = year_cell.r1
            plan = grid.at(year_cell.r0, plan_head.c0)
            status = grid.at(year_cell.r0, status_head.c0) if status_head is not None else None
            if plan is plan_head:
                plan = None
            if label.year is None:
                # The row is printed and not read: an error, with what it prints.
                result.error(
                    "row_not_read",
                    f"a year row labelled {year_cell.text!r} is not one fiscal year: not read",
                    key=key,
                    field="fiscal_year, plan, status",
                    raw=year_cell.text,
                    box=_box(year_cell, plan, status),
                    **where,
                )
                continue
            year = label.year
            row = {
                "plan": _text(plan),
                "status": common.vocab(_text(status), common.ap().year_statuses),
            }
            places = {"fiscal_year": year_cell, "plan": plan, "status": status}
            for name, cell in places.items():
                _found(sheet, ("year_plans", year, name), page, cell)
            if year not in sheet.year_plans:
                sheet.years.append(year)
                sheet.year_plans[year] = row
                rows_of[year] = [year_cell, plan, status]
            elif sheet.year_plans[year] != row:
                rows_of[year] += [year_cell, plan, status]
                result.warn(
                    "duplicate_year",
                    f"{year_cell.text!r} is printed on two rows that differ;"
                    " its plan and status are left null",
                    key=f"{key}:{year}",
                    field="plan, status",
                    raw=year_cell.text,
                    box=_box(*rows_of[year]),
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
                _column_error(page, grid, result, key, cell, "is not one fiscal year")
                skipped.append(cell)
    years = [year for _, period, year in columns if period == "year"]
    twice = {year for year in years if years.count(year) > 1}
    for cell, _, year in columns:
        if year in twice:
            _column_error(page, grid, result, key, cell, f"names {year}, as another column does")
            skipped.append(cell)
    kept = [col for col in columns if col[1] != "year" or col[2] not in twice]
    # The headers of the columns read are the form's: what they say is in the rows.
    result.furniture(*_at(page, *(cell for cell, _, _ in kept)))
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


def _column_error(
    page: Page, grid: Grid, result: ParseResult, key: str | None, cell: Cell, why: str
) -> None:
    """A grid column not read: an error whose box is the column, header to foot."""
    under = [
        other
        for other in grid.cells
        if other.r0 >= cell.r1 and other.c0 >= cell.c0 and other.c1 <= cell.c1
    ]
    box = _box(cell, *under)
    for dataset, name in (("ap_indicator_values", "value"), ("ap_fiscal_effects", "amount")):
        result.error(
            "column_not_read",
            f"the grid column headed {cell.text!r} {why}: its cells are not read",
            dataset=dataset,
            key=key,
            field=name,
            page=page.number,
            raw=cell.text,
            box=box,
        )


def _category_of(grid: Grid, label: Cell) -> Cell | None:
    """The 歳入増加 / 歳出削減 / 計 cell left of an amount row's label."""
    c = label.c0 - 1
    while c >= 0:
        cell = grid.at(label.r0, c)
        if cell is not None and compact(cell.text) in common.ap().categories:
            return cell
        c = (cell.c0 - 1) if cell is not None else c - 1
    return None


def _row_box(
    grid: Grid, label: Cell, columns: list[tuple[Cell, Period, int | None]]
) -> BBox | None:
    """A grid row: its label and its cells under the columns."""
    return _box(label, *(grid.at(label.r0, head.c0) for head, _, _ in columns))


def _grid_rows(
    page: Page,
    grid: Grid,
    columns: list[tuple[Cell, Period, int | None]],
    result: ParseResult,
    key: str | None,
) -> list[tuple[Cell, Series, Cell | None, str]]:
    """The grids' rows under the header: (label, series, category cell, dataset)."""
    header_row = columns[0][0].r1
    rows: list[tuple[Cell, Series, Cell | None, str]] = []
    for label in grid.cells:
        if label.r0 < header_row:
            continue
        printed = compact(label.text)
        category_cell: Cell | None = None
        if printed in common.ap().series_value:
            series, dataset = common.ap().series_value[printed], "ap_indicator_values"
        elif printed in common.ap().series_amount:
            series, dataset = common.ap().series_amount[printed], "ap_fiscal_effects"
            category_cell = _category_of(grid, label)
            if category_cell is None:
                # The row is printed and not read: an error, with its box.
                result.error(
                    "row_not_read",
                    f"amount row {label.text!r} has no"
                    f" {'/'.join(_AP.lists['amount_categories'])} label: its cells are not read",
                    dataset=dataset,
                    key=key,
                    page=page.number,
                    raw=label.text,
                    box=_row_box(grid, label, columns),
                )
                continue
        else:
            continue
        rows.append((label, series, category_cell, dataset))
    return rows


def _grids(
    page: Page,
    grid: Grid,
    columns: list[tuple[Cell, Period, int | None]],
    sheet: OverallSheet,
    result: ParseResult,
    key: str | None,
) -> None:
    """Every printed cell of the 成果指標 and 効果額 grids, by its column."""
    sheet.grid_years = [year for _, period, year in columns if period == "year" and year]
    rows = _grid_rows(page, grid, columns, result, key)
    # The unit the cells are in: the indicator's 単位, the `単位:千円` note of the
    # amounts, else the one unit the cells print; a cell in another is not read.
    note_unit, note_places = _amount_unit(page, grid)
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
            ("ap_fiscal_effects", note_unit),
        )
    }
    sheet.amount_unit = units["ap_fiscal_effects"]

    # A series printed on two rows (a second indicator, a 実績額 row repeated):
    # which row the dataset's one cell means is not printed, so neither is read.
    def kind(category_cell: Cell | None) -> Category | None:
        return common.ap().categories[compact(category_cell.text)] if category_cell else None

    kinds = [(series, kind(cat), dataset) for _, series, cat, dataset in rows]
    for label, series, category_cell, dataset in rows:
        category = kind(category_cell)
        if kinds.count((series, category, dataset)) > 1:
            result.error(
                "duplicate_row",
                f"{label.text!r}{f' ({category})' if category else ''} is printed on more"
                " than one row of the grid: its cells are not read",
                dataset=dataset,
                key=key,
                field="value" if category is None else "amount",
                page=page.number,
                raw=label.text,
                box=_row_box(grid, label, columns),
            )
    for label, series, category_cell, dataset in rows:
        category = kind(category_cell)
        if kinds.count((series, category, dataset)) > 1:
            continue
        indicator = dataset == "ap_indicator_values"
        target = sheet.indicator if indicator else sheet.effects
        part, unit_name = ("indicator", "unit") if indicator else ("effects", "amount_unit")
        # Where the unit is printed: the indicator's 単位 cell, the amounts' note.
        unit_places = (
            sheet.sources.get(("fields", "indicator_unit"), [])
            if indicator
            else note_places
            if note_unit and sheet.amount_unit
            else []
        )
        for head, period, year in columns:
            cell = grid.at(label.r0, head.c0)
            if cell is None or cell.blank or cell is label:
                continue
            if cell.c0 != head.c0 or cell.c1 != head.c1:
                # A cell over several columns belongs to none: not read, an error.
                result.error(
                    "cell_not_read",
                    f"a value spans several columns of the grid: {cell.text!r}; not read",
                    dataset=dataset,
                    key=key,
                    page=page.number,
                    raw=cell.text,
                    box=cell.box,
                )
                continue
            name = "value" if category is None else "amount"
            where = _where(page, dataset, key, name, cell)
            # A dash says "nothing here", not a number: no row, but said so.
            value = common.grid_number(cell.text, result, where, units[dataset], cell.raw)
            if value is None:
                continue
            grid_key: GridKey = (period, year, category, series)
            target[grid_key] = value
            _found(sheet, (part, grid_key), page, cell)
            _found(sheet, (part, grid_key, "period"), page, head)
            if year is not None:
                _found(sheet, (part, grid_key, "fiscal_year"), page, head)
            _found(sheet, (part, grid_key, "series"), page, label)
            _found(sheet, (part, grid_key, "category"), page, category_cell)
            common.found_at(sheet, (part, grid_key, unit_name), *unit_places)


_UNIT_NOTE = regex.compile(_P["unit_note"])


def _amount_unit(page: Page, grid: Grid) -> tuple[str | None, list[Source]]:
    """The unit a `(単位:千円)` note on the page gives the amounts, if it gives
    one, and where the notes are printed."""
    units = {m.group("unit") for line in page.lines for m in _UNIT_NOTE.finditer(line)}
    if len(units) != 1:
        return None, []
    printed = [*loose_text(page, [grid]), *((cell.text, cell.box) for cell in grid.cells)]
    return units.pop(), [
        Source(page.number, box) for text, box in printed if _UNIT_NOTE.search(text)
    ]


def _other_effects(
    page: Page, grid: Grid, columns: list[tuple[Cell, Period, int | None]], sheet: OverallSheet
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
        _found(sheet, ("year_plans", year, "other_effects"), page, cell)


# --- the single-year sheet -------------------------------------------------------------


_Absent = list[tuple[str, str]]  # labels not found, with the fields left null for want of them


# The cells each review field was read from (a field, several cells).
_Read = dict[str, list[Cell | None]]


def _annual(page: Page, grid: Grid, title: str, result: ParseResult) -> AnnualSheet:
    sheet = AnnualSheet(page=page.number)
    fields = _head(page, grid, result, "ap_reviews", sheet)
    key = fields.get("initiative_id")
    sheet.fields = fields
    sheet.edition = common.fiscal_year_label(title)
    absent: _Absent = []
    review: dict[str, Any] = {}
    read: _Read = {}
    _year_status(page, grid, sheet, review, absent, read)
    sheet.tasks = _tasks(page, grid, result, key, sheet)
    _midyear(grid, review, absent, read)
    yearend = _yearend(grid, review, absent, read)
    review.update(_results(page, grid, result, key, yearend, absent, sheet, read))
    _changes(page, grid, result, key, review, absent, read)
    _evaluation(grid, review, absent, read)
    _indicator_name(page, grid, sheet)
    for name, names in absent:
        _missing(page, grid, result, "ap_reviews", key, name, names)
    sheet.review = review
    for name, cells in read.items():
        _found(sheet, ("review", name), page, *cells)
    return sheet


def _repeats(page: Page, sheet: AnnualSheet, name: str, cell: Cell | None) -> None:
    """A value of the overall sheet the single-year sheet prints again."""
    if cell is not None and not cell.blank:
        sheet.repeated.append((name, cell.text, Source(page.number, cell.box)))


def _indicator_name(page: Page, grid: Grid, sheet: AnnualSheet) -> None:
    """The 成果指標名 over the year's 計画値 / 実績値: the overall sheet's indicator."""
    label = _first(grid, "indicator_name")
    if label is not None and _first(grid, "plan_value", _band(label)) is not None:
        _repeats(page, sheet, "indicator_name", grid.below(label))


def _year_status(
    page: Page,
    grid: Grid,
    sheet: AnnualSheet,
    review: dict[str, Any],
    absent: _Absent,
    read: _Read,
) -> None:
    """区分 of the year, on the 取組内容・目標 row (whose year is the edition),
    and the year's plan printed between them (the overall sheet's)."""
    plan_label = _first(grid, "plan")
    if plan_label is None:
        absent.append(("plan", "status"))
        return
    year_cell = grid.right(plan_label)
    if sheet.edition is None:
        sheet.edition = common.fiscal_year_label(_text(year_cell))
    if year_cell is not None and common.fiscal_year_label(_text(year_cell)) == sheet.edition:
        _found(sheet, _EDITION_CELL, page, year_cell)
    status_label = next((c for c in grid.row_cells(plan_label) if is_label("status", c.text)), None)
    if status_label is not None:
        status = grid.right(status_label)
        review["status"] = common.vocab(_text(status), common.ap().year_statuses)
        read["status"] = [status]
        between = [
            c
            for c in grid.row_cells(plan_label)
            if year_cell is not None and year_cell.c1 <= c.c0 and c.c1 <= status_label.c0
        ]
        if len(between) == 1:
            _repeats(page, sheet, "plan", between[0])
    else:
        absent.append(("status", "status"))


def _midyear(grid: Grid, review: dict[str, Any], absent: _Absent, read: _Read) -> None:
    midyear_label = _first(grid, "midyear")
    midyear = _band(midyear_label)
    progress = _first(grid, "progress", midyear)
    review["midyear_progress"] = common.vocab(
        _text(grid.right(progress)) if progress else None, common.ap().progress
    )
    review["midyear_comment"] = _comment_after(grid, progress, read, "midyear_comment")
    if progress is not None:
        read["midyear_progress"] = [grid.right(progress)]
    if midyear_label is None:
        absent.append(("midyear", "midyear_progress, midyear_comment"))
    elif progress is None:
        absent.append(("progress", "midyear_progress, midyear_comment"))
    elif _comment_label(grid, progress) is None:
        absent.append(("comment", "midyear_comment"))


def _yearend(grid: Grid, review: dict[str, Any], absent: _Absent, read: _Read) -> Band | None:
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
    for name, label in (("outcome", outcome), ("activity", activity)):
        if label is not None:
            read[name] = [grid.right(label)]
    review["yearend_comment"] = _comment_after(grid, outcome or activity, read, "yearend_comment")
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
    read: _Read,
) -> None:
    """計画変更: 有/無 for the content and for the values."""
    change_label = _first(grid, "change")
    change = _band(change_label)
    if change is None:
        absent.append(("change", "change_plan_content, change_plan_values"))
        return
    for name, label in (
        ("change_plan_content", "content"),
        ("change_plan_values", "plan_value"),
    ):
        cell = _right_of(grid, label, change)
        review[name] = common.yes_no(_text(cell))
        read[name] = [cell]
        if review[name] is None and _value(cell) is not None:
            result.warn(
                "unknown_label",
                f"{name}: {_text(cell)!r} is neither {_AP.yes[0]} nor {_AP.no[0]}; left null",
                dataset="ap_reviews",
                key=key,
                field=name,
                page=page.number,
                raw=_text(cell),
                box=_box(cell),
            )
        if _first(grid, label, change) is None:
            absent.append((label, name))
    assert change_label is not None
    _change_comment(page, grid, result, key, change_label)


def _change_comment(
    page: Page, grid: Grid, result: ParseResult, key: str | None, change: Cell
) -> None:
    """The コメント of 計画変更 is printed, but the contract has no column for it:
    said so with its text, never dropped without a word."""
    comment = next((c for c in grid.row_cells(change) if is_label("comment", c.text)), None)
    cell = grid.right(comment) if comment is not None else None
    if cell is None or cell.blank:
        return
    result.warn(
        "not_published",
        f"the {wording('change')} {wording('comment')} is printed but no dataset has a column"
        " for it; not published",
        dataset="ap_reviews",
        key=key,
        page=page.number,
        raw=cell.text,
        box=cell.box,
    )


def _evaluation(grid: Grid, review: dict[str, Any], absent: _Absent, read: _Read) -> None:
    """総合評価, 方向性, 評価者 and the evaluator's comment and instructions."""
    rating = _first(grid, "rating")
    evaluation = _band(rating)
    review["rating"] = common.letter(_text(grid.right(rating))) if rating else None
    if rating is not None:
        read["rating"] = [grid.right(rating)]
    direction = _right_of(grid, "direction", evaluation)
    review["direction"] = common.vocab(_text(direction), common.ap().directions)
    read["direction"] = [direction]
    evaluator = _right_of(grid, "evaluator", evaluation)
    review["evaluator"] = common.person_name(evaluator.raw) if evaluator else None
    read["evaluator"] = [evaluator]
    for name in ("rating", "direction", "evaluator"):
        if _first(grid, name, evaluation if name != "rating" else None) is None:
            absent.append((name, name))
    combined = _first(grid, "evaluation_comment")
    if combined is not None:
        # One コメント／指示事項 cell: it is the evaluator's comment.
        review["evaluation_comment"] = _text(grid.right(combined))
        read["evaluation_comment"] = [grid.right(combined)]
        review["instructions"] = None
        return
    side = _band(_first(grid, "evaluation"))
    below = (rating.r0, len(grid.ys)) if rating is not None else None
    for name, label in (("evaluation_comment", "comment"), ("instructions", "instructions")):
        cell = _right_of(grid, label, side or below)
        review[name] = _text(cell)
        read[name] = [cell]
        if _first(grid, label, side or below) is None:
            absent.append((label, name))


def _comment_label(grid: Grid, anchor: Cell) -> Cell | None:
    return next((c for c in grid.row_cells(anchor) if is_label("comment", c.text)), None)


def _comment_after(grid: Grid, anchor: Cell | None, read: _Read, name: str) -> str | None:
    """The comment on an anchor's row: the cell right of its コメント label."""
    if anchor is None:
        return None
    for cell in grid.row_cells(anchor):
        if is_label("comment", cell.text):
            read[name] = [grid.right(cell)]
            return _text(grid.right(cell))
    return None


def _tasks(
    page: Page, grid: Grid, result: ParseResult, key: str | None, sheet: AnnualSheet | None = None
) -> list[dict[str, Any]]:
    """Numbered 取組項目 rows that print a task, with ○ per quarter.

    A quarter whose column header is not found is null, not "no ○"."""
    sheet = sheet if sheet is not None else AnnualSheet(page=page.number)
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
            # A numbered row with no task: the form's numbering, not a value.
            result.furniture(*_at(page, number))
            continue
        index = len(tasks)
        _found(sheet, ("tasks", index, "task_no"), page, number)
        _found(sheet, ("tasks", index, "task"), page, text)
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
            _found(sheet, ("tasks", index, f"q{q + 1}"), page, *marks)
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
                    box=_box(*marks),
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
    sheet: AnnualSheet,
    read: _Read,
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
        if cell is None:
            continue
        # The 単位 printed under the value, where the sheet prints one: the
        # indicator's unit, which the overall sheet prints too.
        unit_label = grid.below(cell)
        unit_cell = (
            grid.right(unit_label)
            if unit_label is not None and is_label("unit", unit_label.text)
            else None
        )
        _repeats(page, sheet, "indicator_unit", unit_cell)
        if cell.blank:
            continue
        read[name] = [cell]
        out[name] = common.grid_number(
            normalize_text(cell.text),
            result,
            _where(page, "ap_reviews", key, name, cell),
            common.grid_unit(_text(unit_cell), [cell.text]),
            cell.raw,
        )
    return out
