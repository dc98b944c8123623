"""Print a generated `ApDoc` as a workbook with the action-plan variant
builder (tools/variants/ap/build.py: openpyxl), for LibreOffice Calc to
export to PDF; and the builder's own expected rows, to check ours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.generate.ap_doc import ApDoc
from tools.variants.ap import build as apb


def variant(doc: ApDoc) -> apb.Variant:
    inits = []
    for it in doc.initiatives:
        fields: dict[str, Any] = {k: v for k, v in it.items() if k != "review"}
        inits.append(apb.Initiative(**fields, review=apb.Review(**it["review"])))
    return apb.Variant(
        name=doc.name,
        what=f"generated, seed {doc.seed}",
        edition_fy=doc.edition_fy,
        plan_years=doc.plan_years,
        initiatives=inits,
        style=apb.Style(**doc.style),
        municipality=doc.municipality,
    )


def write_xlsx(doc: ApDoc, path: Path) -> None:
    v = variant(doc)
    problems = [p for it in v.initiatives for p in apb.check_effects(it, v.plan_years)]
    if problems:
        raise ValueError(f"{doc.name}: {problems}")
    apb.write_xlsx(v, path)


def builder_expected(doc: ApDoc) -> dict[str, Any]:
    result: dict[str, Any] = apb.expected(variant(doc), 2 * len(doc.initiatives))
    return result
