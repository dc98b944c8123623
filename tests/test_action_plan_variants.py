"""Action-plan sheets the parser has not been written against.

Every `<name>.pdf` in tests/variants/ap/ (other editions, portrait pages,
Mincho, other column widths, △ amounts, thousands, empty grids, 元年 …)
must give exactly the rows of its `<name>.json`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_action_plan_51_r1 import compare_exact, parsed

VARIANTS = Path(__file__).resolve().parent / "variants" / "ap"
PDFS = sorted(VARIANTS.glob("*.pdf"))


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_variant_matches_expected_rows(pdf: Path) -> None:
    expected = json.loads(pdf.with_suffix(".json").read_text("utf-8"))
    result = parsed(pdf)
    assert compare_exact(result, expected) == []
    assert [i for i in result.issues if i.severity == "error"] == []
