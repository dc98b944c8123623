"""The action-plan text path reads its labels from the same vocabulary as the PDF path.

The seed text layer with a label printed in another shipped wording must
give the same rows as the seed itself: 担当部局 for 担当部署 used to publish
every department null with no issue, 作成年月日 for 作成日 lost every sheet.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from dxparse.parsers.action_plan import parse
from dxparse.read import read_document
from dxparse.records import ParseResult
from tests.conftest import AP_SEED


@cache
def _seed() -> ParseResult:
    return parse(read_document(AP_SEED))


def _edited(tmp_path: Path, old: str, new: str) -> ParseResult:
    """The seed with every label `old` (a word of its own, not inside a text) printed as `new`."""
    text, count = re.subn(rf"(?m)(?:^|(?<=\s)){old}(?=\s|$)", new, AP_SEED.read_text("utf-8"))
    assert count >= 5
    path = tmp_path / AP_SEED.name
    path.write_text(text, "utf-8")
    return parse(read_document(path))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("担当部署", "担当部局"),
        ("担当部署", "所管課"),
        ("作成日", "作成年月日"),
        ("更新日", "更新年月日"),
        ("責任者", "責任者名"),
        ("推進項目", "推 進 項 目"),
    ],
)
def test_another_shipped_wording_gives_the_same_rows(tmp_path: Path, old: str, new: str) -> None:
    edited = _edited(tmp_path, old, new)
    seed = _seed()
    assert edited.rows.keys() == seed.rows.keys()
    for dataset, rows in seed.rows.items():
        assert edited.rows[dataset] == rows, dataset
    assert [i.code for i in edited.issues] == [i.code for i in seed.issues]


def test_department_under_another_wording_is_published(tmp_path: Path) -> None:
    rows = _edited(tmp_path, "担当部署", "担当部局").rows["ap_initiatives"]
    assert len(rows) == 5
    assert all(row["department"] for row in rows)
    assert rows[0]["department"] == "市民生活部 市民課"


def test_created_under_another_wording_keeps_every_sheet(tmp_path: Path) -> None:
    result = _edited(tmp_path, "作成日", "作成年月日")
    assert len(result.rows["ap_initiatives"]) == 5
    assert len(result.rows["ap_reviews"]) == 5
    assert all(row["created"] is not None for row in result.rows["ap_initiatives"])
