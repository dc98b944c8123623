"""Build action-plan PDFs that print something the parser drops (issue 11).

Each document is variant 1's first initiative (tools/variants/ap/build.py:
its overall and single-year sheets, written with openpyxl and exported by
LibreOffice) with one change to its workbook that makes the parser leave
content out: a grid column whose header is no one fiscal year or blank, a value
merged over two year columns, a 年度 row that is no one year, an amount row
with no category, a series printed twice, a grid with no 最終値 header, a
sheet that is neither kind, a page with the labels but no ruling, a note
beside the sheet, ○ marks on a numbered row with no task. The parser must
say so: the document `partial`, an error whose box holds what was lost.

    .venv/bin/python tools/variants/ap/losses.py            # all of them
    .venv/bin/python tools/variants/ap/losses.py l1_column_not_one_year

`<name>.json` holds `lost` (the error code the change must raise, the page,
texts printed there that the error's box must hold, and whether the
single-year sheet, and with it every row, is lost) and `expected`: the
records of the unchanged document, which every published value must match
(nothing lost may come back as a wrong value). Needs openpyxl and
`soffice`; the tests only need the committed files.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).resolve().parent))
_sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))
import argparse
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import build
from openpyxl import Workbook
from openpyxl.styles import Border
from openpyxl.worksheet.worksheet import Worksheet

OUT = build.ROOT / "tests" / "variants" / "ap_loss"

Change = Callable[[Worksheet, Worksheet], None]  # (overall, single-year) sheets


@dataclass(frozen=True)
class Loss:
    name: str
    what: str
    change: Change
    code: str  # the error the parser must raise
    page: int
    texts: tuple[str, ...]  # printed on `page`, inside the error's box
    # The single-year sheet is not read: no row can be keyed without its year.
    sheet_lost: bool = False


def _set(ref: str, text: str | None, sheet: int = 0) -> Change:
    def change(overall: Worksheet, annual: Worksheet) -> None:
        (overall, annual)[sheet][ref] = text

    return change


def _merge_value(overall: Worksheet, annual: Worksheet) -> None:
    # 変更計画値 of 平成29・30年度 (blank in the base) as one cell over both columns.
    overall.merge_cells("F16:G16")
    overall["F16"] = "77"


def _no_tasks_nor_rating(overall: Worksheet, annual: Worksheet) -> None:
    annual["A6"] = None  # 取組項目
    annual["B24"] = None  # 総合評価


def _no_ruling(overall: Worksheet, annual: Worksheet) -> None:
    for row in annual.iter_rows():
        for cell in row:
            cell.border = Border()


def _marks_without_task(overall: Worksheet, annual: Worksheet) -> None:
    annual["J16"] = "○"  # task row 10 prints no task


LOSSES = (
    Loss(
        "l1_column_not_one_year",
        "the 令和2年度 grid column headed 令和2年度以降",
        _set("I14", "令和2年度以降"),
        "column_not_read",
        1,
        ("令和2年度以降", "2,731", "6,300"),
    ),
    Loss(
        "l2_value_over_two_columns",
        "a 変更計画値 cell merged over 平成29・30年度",
        _merge_value,
        "cell_not_read",
        1,
        ("77",),
    ),
    Loss(
        "l3_year_row_not_one_year",
        "the 令和2年度 plan row labelled 令和2年度以降",
        _set("A12", "令和2年度以降"),
        "row_not_read",
        1,
        ("令和2年度以降", "完了"),
    ),
    Loss(
        "l4_amount_row_no_category",
        "the 歳入増加 label of the 効果額 grid left out",
        _set("B18", None),
        "row_not_read",
        1,
        ("当初計画額", "変更計画額", "実績額"),
    ),
    Loss(
        "l5_series_twice",
        "歳入増加's 変更計画額 row labelled 当初計画額: two 当初計画額 rows",
        _set("C19", "当初計画額"),
        "duplicate_row",
        1,
        ("当初計画額",),
    ),
    Loss(
        "l6_no_final_header",
        "the grids' 最終値 header printed 最終",
        _set("J14", "最終"),
        "table_not_found",
        1,
        ("最終", "1,124", "8,095"),
    ),
    Loss(
        "l7_neither_sheet",
        "the single-year sheet without 取組項目 and 総合評価",
        _no_tasks_nor_rating,
        "sheet_not_read",
        2,
        ("部長",),
        sheet_lost=True,
    ),
    Loss(
        "l8_labels_no_ruling",
        "the single-year sheet printed with no ruling",
        _no_ruling,
        "table_not_found",
        2,
        ("取組項目", "部長"),
        sheet_lost=True,
    ),
    Loss(
        "l9_note_beside_sheet",
        "a note printed on the title row, beside the sheet",
        _set("F1", "※数値は暫定値です", 0),
        "unread_text",
        1,
        ("※数値は暫定値です",),
    ),
    Loss(
        "l11_column_without_header",
        "the 令和2年度 grid column printed with no header: its values under no column",
        _set("I14", None),
        "unread_text",
        1,
        ("2,731",),
    ),
    Loss(
        "l10_marks_without_task",
        "○ on task row 10, which prints no task",
        _marks_without_task,
        "unread_text",
        2,
        ("○",),
    ),
)


def base() -> build.Variant:
    v = build.variant1()
    return replace(v, name="base", initiatives=v.initiatives[:1])


def write_xlsx(v: build.Variant, loss: Loss, path: Path) -> None:
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    (it,) = v.initiatives
    overall = wb.create_sheet(f"{it.initiative_id}全体計画")
    annual = wb.create_sheet(f"{it.initiative_id}単年度")
    build.build_overall(overall, v, it)
    build.build_annual(annual, v, it)
    loss.change(overall, annual)
    wb.save(path)


def make(losses: list[Loss]) -> None:
    v = base()
    expected: dict[str, Any] = build.expected(v, 2)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for loss in losses:
            xlsx = Path(tmp) / f"{loss.name}.xlsx"
            write_xlsx(v, loss, xlsx)
            shutil.copyfile(build.to_pdf(xlsx, Path(tmp)), OUT / f"{loss.name}.pdf")
            lost = {
                "code": loss.code,
                "page": loss.page,
                "texts": list(loss.texts),
                "sheet_lost": loss.sheet_lost,
            }
            data = {"what": loss.what, "lost": lost, "expected": expected}
            (OUT / f"{loss.name}.json").write_text(
                json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            print(f"{loss.name}: {loss.what}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("names", nargs="*", help="documents to build (default: all)")
    args = ap.parse_args(argv)
    by_name = {loss.name: loss for loss in LOSSES}
    make([by_name[name] for name in args.names] if args.names else list(LOSSES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
