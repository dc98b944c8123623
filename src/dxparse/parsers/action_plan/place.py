"""Action-plan text layers: placing what the text prints without its place.

The 区分 of each year, the その他効果 blocks and the rows of numbers of the
two grids come without their columns. Each is placed only where every
placement the sheet's own checks allow agrees (checks.py); the rest is
null and reported as `ambiguous_alignment`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, get_args

import regex

from dxparse.parsers.action_plan import checks, common
from dxparse.parsers.action_plan.common import AnnualSheet, OverallSheet, label_of
from dxparse.parsers.action_plan.lines import NUM, Item
from dxparse.records import ParseResult, Source
from dxparse.utils.numbers import parse_number
from dxparse.vocabulary import Category, Series, shipped

_AP = shipped().action_plan
_W = _AP.words


def place(
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
    status_items: list[Item] = []
    for i, item in enumerate(items):
        if item.kind == "block" and common.is_label("status", item.text):
            consumed.add(i)
            j = i + 1
            while j < len(items) and items[j].kind == "block":
                if not common.in_vocab(items[j].text, common.ap().year_statuses):
                    break
                statuses.append((j, common.vocab(items[j].text, common.ap().year_statuses) or ""))
                status_items.append(items[j])
                consumed.add(j)
                j += 1
            break
    values = [value for _, value in statuses]
    seen: dict[int, set[str | None]] = {year: set() for year in sheet.years}
    printed: dict[int, set[int]] = {year: set() for year in sheet.years}
    for chosen in itertools.combinations(slots, len(values)):
        if not all(_status_fits(v, y, edition) for v, y in zip(values, chosen, strict=True)):
            continue
        placed = dict(zip(chosen, values, strict=True))
        for n, year in enumerate(chosen):
            printed[year].add(n)
        for year in sheet.years:
            seen[year].add(placed.get(year))
    for year in sheet.years:
        plan = sheet.year_plans.setdefault(year, {})
        options = seen[year]
        if len(options) == 1:
            plan["status"] = next(iter(options))
            at(sheet, ("year_plans", year, "status"), *(status_items[n] for n in printed[year]))
        else:
            plan["status"] = None
            common.status_not_settled(
                result, year, values, initiative_id=key, lines=lines_of(*status_items)
            )


def _status_fits(status: str, year: int, edition: int | None) -> bool:
    if edition is None:
        return True
    if status in common.ap().progress:
        return year < edition
    if status in _AP.lists["done_statuses"]:
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
    found = [
        item
        for i, item in enumerate(items)
        if item.kind == "block"
        and i not in consumed
        and label_of(item.text) is None
        and not common.in_vocab(item.text, common.ap().year_statuses)
    ]
    blocks = [item.text for item in found]
    if not blocks:
        return
    if len(set(blocks)) == 1 and len(blocks) == len(slots):
        for year, item in zip(slots, found, strict=True):
            sheet.year_plans.setdefault(year, {})["other_effects"] = blocks[0]
            # Each year's cell prints the same text: which copy is which does not matter.
            at(sheet, ("year_plans", year, "other_effects"), item)
        return
    for year in slots:
        result.warn(
            "ambiguous_alignment",
            f"{_W['other_effect']}: {len(blocks)} block(s) of text for {len(slots)} year(s); "
            "which year each belongs to is not in the text",
            dataset="ap_year_plans",
            key=f"{key}:{year}",
            field="other_effects",
            raw=" / ".join(blocks),
            lines=lines_of(*found),
        )


_CATEGORY_ORDER: tuple[Category, ...] = get_args(Category)


def at(sheet: OverallSheet | AnnualSheet, place: common.SourceKey, *items: Item | None) -> None:
    """The value at `place` was read from these items' lines."""
    common.found_at(
        sheet,
        place,
        *(Source(sheet.page, lines=i.span) for i in items if i is not None and i.span),
    )


def lines_of(*items: Item) -> tuple[int, int] | None:
    """The lines from the first item's to the last's (an issue's lines)."""
    spans = [i.span for i in items if i.span is not None]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


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
    where: dict[checks.RowId, Item] = {}
    finals = _finals(items, ticked, result, key, where)
    for row, value in finals.items():
        if value is None:
            continue
        if row[0] is None:
            cell: common.GridKey = ("final", None, None, row[1])
            sheet.indicator[cell] = value
            at(sheet, ("indicator", cell), where.get(row))
        else:
            cell = ("final", None, row[0], row[1])
            sheet.effects[cell] = value
            at(sheet, ("effects", cell), where.get(row))
    for row, item in where.items():
        if finals.get(row) is None and row in finals:
            # `当初計画値` with no number: the row's label, its 最終値 blank.
            result.furniture(Source(sheet.page, lines=item.span) if item.span else None)
    run_items = [item for item in items if item.kind == "numbers"]
    runs = [tuple(item.data["values"]) for item in run_items]
    if not runs:
        return
    review = annual.review if annual is not None else {}
    facts = checks.Facts(
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
    solution = checks.solve(runs, facts)
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
                lines=lines_of(*run_items),
            )
        return
    for (row, year), value in sorted(solution.known.items(), key=lambda kv: str(kv[0])):
        category, series = row
        # Printed in one of the runs that hold the value (which one the text does not say).
        holders = [
            item for item in run_items if any(checks.same(v, value) for v in item.data["values"])
        ]
        if category is None:
            sheet.indicator[("year", year, None, series)] = value
            at(sheet, ("indicator", ("year", year, None, series)), *holders)
        else:
            sheet.effects[("year", year, category, series)] = value
            at(sheet, ("effects", ("year", year, category, series)), *holders)
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
            lines=lines_of(*run_items),
        )
    lone = [run for run in runs if len(run) == 1]
    if lone:
        for dataset in ("ap_indicator_values", "ap_fiscal_effects"):
            result.warn(
                "ambiguous_alignment",
                f"lone numbers: a {_W['baseline']} cell or a single year,"
                " which row is not in the text",
                dataset=dataset,
                key=f"{key}:baseline",
                field="value" if dataset == "ap_indicator_values" else "amount",
                raw=" / ".join(str(run[0]) for run in lone),
                lines=lines_of(*(item for item in run_items if len(item.data["values"]) == 1)),
            )


def _finals(
    items: Sequence[Item],
    ticked: dict[str, Any],
    result: ParseResult,
    key: str,
    where: dict[checks.RowId, Item],
) -> dict[checks.RowId, int | float | None]:
    """最終値 per row from `当初計画値 10` / `実績額 0` lines.

    The amount labels repeat for 歳入増加, 歳出削減 and 計, printed in that
    order; the order is kept only where 計 = 歳入 + 歳出 confirms it.
    """
    finals: dict[checks.RowId, int | float | None] = {}
    seen: dict[str, list[str]] = {}
    for item in items:
        if item.kind != "series":
            continue
        label = item.data["label"]
        parsed = parse_number(item.data["n"]) if item.data["n"] else None
        value = parsed.value if parsed is not None else None
        seen.setdefault(label, []).append(item.text)
        if label in common.ap().series_value:
            finals[(None, common.ap().series_value[label])] = value
            where[(None, common.ap().series_value[label])] = item
        elif len(seen[label]) <= len(_CATEGORY_ORDER):
            category = _CATEGORY_ORDER[len(seen[label]) - 1]
            finals[(category, common.ap().series_amount[label])] = value
            where[(category, common.ap().series_amount[label])] = item
    doubtful: set[tuple[bool, Series]] = set()  # (an amount row?, series)
    for label, texts in seen.items():
        amount = label in common.ap().series_amount
        if len(texts) > (len(_CATEGORY_ORDER) if amount else 1):
            doubtful.add(
                (amount, common.ap().series_amount.get(label) or common.ap().series_value[label])
            )
    for series in common.SERIES:
        parts = [finals.get((c, series)) for c in _CATEGORY_ORDER]
        if all(p is not None for p in parts):
            revenue, expenditure, total = (p or 0 for p in parts)
            if not checks.same(total, revenue + expenditure):
                doubtful.add((True, series))
        for category, value in zip(_CATEGORY_ORDER, parts, strict=True):
            if ticked.get(category) is False and value is not None and not checks.same(value, 0):
                doubtful.add((True, series))
    for amount, series in sorted(doubtful):
        for row in [row for row in finals if row[1] == series and (row[0] is not None) == amount]:
            finals.pop(row)
        result.warn(
            "ambiguous_alignment",
            f"{common.wording('final')} lines of {series} do not settle which row each belongs to",
            dataset="ap_fiscal_effects" if amount else "ap_indicator_values",
            key=f"{key}:final:{series}",
            field="amount" if amount else "value",
            raw=" / ".join(t for texts in seen.values() for t in texts),
            lines=lines_of(*(item for item in items if item.kind == "series")),
        )
    return finals


def _quoted(sheet: OverallSheet, edition: int | None) -> dict[int, int | float]:
    """Years gone by whose 取組内容 states the indicator's result (`印刷部数136,000部`)."""
    name, unit = sheet.fields.get("indicator_name"), sheet.unit
    # A short, generic name (`件数`) could be quoted for something else.
    if not name or len(name) < 3 or not unit or edition is None:
        return {}
    pattern = regex.compile(rf"{regex.escape(name)}\s*(?P<n>{NUM})\s*{regex.escape(unit)}")
    out: dict[int, int | float] = {}
    for year, plan in sheet.year_plans.items():
        text = plan.get("plan") or ""
        found = {m.group("n") for m in pattern.finditer(text)}
        if year < edition and len(found) == 1:
            parsed = parse_number(found.pop())
            if parsed is not None and parsed.value is not None:
                out[year] = parsed.value
    return out
