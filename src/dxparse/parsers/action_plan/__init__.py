"""Action-plan sheets → ap_* datasets (issue 4).

A PDF (pages with geometry) is read cell by cell from each sheet's ruled
grid (pdf.py); a text layer is read from its lines (text.py). Either way
each initiative has an overall sheet and a single-year sheet, paired here
by the initiative number, checked (checks.py) and turned into rows
(common.emit).
"""

from __future__ import annotations

from collections import Counter

from dxparse.document import SourceDocument
from dxparse.parsers.action_plan import checks, common, furniture, pdf, text, text_content
from dxparse.parsers.action_plan.common import AnnualSheet, OverallSheet, emit
from dxparse.records import ParseResult, union
from dxparse.vocabulary import compact_key, shipped


def parse(doc: SourceDocument) -> ParseResult:
    result = ParseResult()
    if any(page.has_geometry for page in doc.pages):
        overall, annual = _read_pdf(doc, result)
    else:
        overall, annual = _read_text(doc, result)
    if not overall and not annual:
        result.error("table_not_found", "no action-plan sheet found in the document")
        return result
    sheets: list[OverallSheet | AnnualSheet] = [*overall, *annual]
    for sheet in sheets:
        if sheet.fields.get("initiative_id") is None:
            # Without its number a sheet cannot be keyed or paired: its rows are lost.
            kind = (
                shipped().action_plan.words["overall"]
                if isinstance(sheet, OverallSheet)
                else "single-year"
            )
            result.error(
                "unreadable_sheet",
                f"a {kind} sheet whose {common.wording('number_name')} (initiative number)"
                " cannot be read;"
                " its rows are left out",
                page=sheet.page,
            )
    result.municipality = _municipality(sheets, result)
    edition = _edition(annual, result)
    if any(page.has_geometry for page in doc.pages):
        _check_pdf(overall, annual, edition, result)
    by_id_annual = {sheet.fields.get("initiative_id"): sheet for sheet in annual}
    seen: set[object] = set()
    for sheet in overall:
        initiative = sheet.fields.get("initiative_id")
        seen.add(initiative)
        emit(result, sheet, by_id_annual.get(initiative), edition)
    for initiative, other in by_id_annual.items():
        if initiative not in seen:
            emit(result, None, other, edition)
    return result


def _read_text(
    doc: SourceDocument, result: ParseResult
) -> tuple[list[OverallSheet], list[AnnualSheet]]:
    """The seed-layout reader where it reads every sheet's number; else the
    content reader (a text layer arranged by another extractor)."""
    seed = ParseResult()
    overall, annual = text.read_text(doc, seed)
    sheets: list[OverallSheet | AnnualSheet] = [*overall, *annual]
    layout_ok = not any(issue.code == "unsupported_layout" for issue in seed.issues)
    if sheets and layout_ok and all(s.fields.get("initiative_id") for s in sheets):
        result.issues.extend(seed.issues)
        result.ledger_pages.update(seed.ledger_pages)
        result.furniture_sources.extend(seed.furniture_sources)
        return overall, annual
    return text_content.read_content(doc, result)


def _read_pdf(
    doc: SourceDocument, result: ParseResult
) -> tuple[list[OverallSheet], list[AnnualSheet]]:
    overall: list[OverallSheet] = []
    annual: list[AnnualSheet] = []
    margins: list[furniture.Margin] = []
    for page in doc.pages:
        sheets = pdf.read_sheets(page, result, margins)
        if not sheets and _prints_sheet_labels(page.lines):
            # The page prints a sheet's labels but no sheet was read from it:
            # its rows would be lost without a word.
            result.account(page.number)
            result.error(
                "table_not_found",
                "the page prints action-plan sheet labels but no ruled sheet was read from it",
                page=page.number,
                raw=" ".join(page.lines[:2])[:200],
                box=union(char.box for char in page.chars if char.text.strip()),
            )
        for sheet in sheets:
            if isinstance(sheet, OverallSheet):
                overall.append(sheet)
            else:
                annual.append(sheet)
    furniture.running(margins, result)
    return overall, annual


# Labels only a sheet prints (a cover or a table of contents does not).
_SHEET_LABELS = tuple(
    compact_key(wording)
    for name in shipped().action_plan.lists["sheet_labels"]
    for wording in shipped().action_plan.labels[name].wordings
)


def _prints_sheet_labels(lines: tuple[str, ...]) -> bool:
    joined = "".join("".join(line.split()) for line in lines)
    return sum(label in joined for label in _SHEET_LABELS) >= 2


def _municipality(sheets: list[OverallSheet | AnnualSheet], result: ParseResult) -> str | None:
    """The one city the sheets' titles print; several different ones: none, said so."""
    names = {name for sheet in sheets for name in sheet.cities}
    if len(names) > 1:
        result.warn(
            "ambiguous_municipality",
            f"the sheets' titles print several cities: {', '.join(sorted(names))};"
            " municipality left null",
            dataset="documents",
            field="municipality",
            raw=" / ".join(sorted(names)),
        )
        return None
    return names.pop() if names else None


def _edition(annual: list[AnnualSheet], result: ParseResult) -> int | None:
    """The edition's year: the single-year sheets' year (one per document)."""
    years = Counter(sheet.edition for sheet in annual if sheet.edition is not None)
    if not years:
        result.warn("unknown_edition", "no single-year sheet names its fiscal year")
        return None
    if len(years) > 1:
        result.warn(
            "mixed_editions",
            f"single-year sheets of several years: {sorted(years)}; the most common is used",
        )
    return years.most_common(1)[0][0]


def _check_pdf(
    overall: list[OverallSheet],
    annual: list[AnnualSheet],
    edition: int | None,
    result: ParseResult,
) -> None:
    """Printed values stay as printed; a failed check is a warning."""
    by_id = {sheet.fields.get("initiative_id"): sheet for sheet in annual}
    for sheet in overall:
        key = sheet.fields.get("initiative_id")
        # Without every year column, 最終値 = Σ years cannot be checked.
        years = [] if sheet.grid_partial else sheet.grid_years
        for miss in checks.effect_sums(sheet.effects, years):
            result.warn(
                miss.code,
                miss.message,
                dataset="ap_fiscal_effects",
                key=f"{key}",
                field="amount",
                page=sheet.page,
                raw=miss.raw,
            )
        other = by_id.get(key)
        if other is not None:
            _repeated(sheet, other, edition, result)
        if other is None or edition is None:
            continue
        review = other.review
        for miss in checks.cross_sheet(
            sheet.indicator, edition, review.get("indicator_plan"), review.get("indicator_actual")
        ):
            result.warn(
                miss.code,
                miss.message,
                dataset="ap_reviews",
                key=f"{key}",
                field="indicator_plan" if miss.key[3] != "actual" else "indicator_actual",
                page=other.page,
                raw=miss.raw,
            )


def _repeated(
    overall: OverallSheet, annual: AnnualSheet, edition: int | None, result: ParseResult
) -> None:
    """What the single-year sheet prints again of the overall sheet (the year's
    plan, the indicator's name and unit) is read where it says the same: a
    second place of that value. Where it says otherwise it is reported."""
    for name, printed, source in annual.repeated:
        place: tuple[object, ...]
        if name == "plan":
            plan = overall.year_plans.get(edition) if edition is not None else None
            published = plan.get("plan") if plan is not None else None
            place = ("year_plans", edition, "plan")
        else:
            published = overall.fields.get(name)
            place = ("fields", name)
        if published is not None and common.compact(published) == common.compact(printed):
            common.found_at(overall, place, source)
            continue
        key = overall.fields.get("initiative_id")
        result.warn(
            "cross_sheet_mismatch",
            f"{name} differs between the two sheets: {published!r} / {printed!r};"
            f" the {shipped().action_plan.words['overall']} sheet's is published",
            dataset="ap_year_plans" if name == "plan" else "ap_initiatives",
            key=f"{key}:{edition}" if name == "plan" else f"{key}",
            field=name,
            page=annual.page,
            raw=printed,
            box=source.box,
        )
