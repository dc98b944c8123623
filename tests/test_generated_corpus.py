"""The generated corpus (tests/generated/) is complete and well formed.

Not an accuracy test: `make score-generated` measures the parsers on it.
This holds the corpus to what its README says: every PDF has its expected
records, the records are rows of the contract's datasets, the page counts
are the PDFs', and the corpus seed in the README re-makes the committed
expected records (the data step of tools/generate needs neither LibreOffice
nor python-pptx / openpyxl).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from tools.generate import corpus

from dxparse.models import BY_NAME

FOLDER = Path(__file__).resolve().parent / "generated"
PDFS = sorted(FOLDER.glob("*.pdf"))
JSONS = sorted(FOLDER.glob("*.json"))
NOT_A_DATASET = {"text_uncertain"}  # the variant format's list of unsure gold fields


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def readme_seed() -> int:
    text = (FOLDER / "README.md").read_text("utf-8")
    found = re.search(r"corpus seed[^0-9]*(\d+)", text, flags=re.IGNORECASE)
    assert found, "README.md does not state the corpus seed"
    return int(found.group(1))


def test_every_pdf_has_its_records_and_both_kinds_are_there() -> None:
    assert {p.stem for p in PDFS} == {j.stem for j in JSONS}
    kinds = [load(j)["documents"][0]["kind"] for j in JSONS]
    assert len(kinds) >= 40
    assert kinds.count("dx_progress_report") >= 15
    assert kinds.count("action_plan") >= 15


@pytest.mark.parametrize("path", JSONS, ids=[j.stem for j in JSONS])
def test_records_are_rows_of_the_contract(path: Path) -> None:
    data = load(path)
    assert data["documents"][0]["source_file"] == path.with_suffix(".pdf").name
    for dataset, rows in data.items():
        if dataset in NOT_A_DATASET:
            assert rows == []
            continue
        model = BY_NAME[dataset]
        for row in rows:
            assert set(row) <= set(model.model_fields), (
                dataset,
                set(row) - set(model.model_fields),
            )
            model.model_validate({**row, "document_id": "0" * 64})
    assert data["documents"][0]["pages"] == len(PdfReader(path.with_suffix(".pdf")).pages)


def test_readme_seed_remakes_the_expected_records() -> None:
    seed = readme_seed()
    assert seed == corpus.CORPUS_SEED
    for name in ("dx_001", "ap_001", "dx_017"):
        committed = (FOLDER / f"{name}.json").read_text("utf-8")
        assert corpus.dumps(corpus.expected_records(name, seed)) == committed, name


def test_another_seed_gives_other_documents() -> None:
    """The records depend on the seed: the check above could not pass by accident."""
    committed = (FOLDER / "dx_001.json").read_text("utf-8")
    assert corpus.dumps(corpus.expected_records("dx_001", readme_seed() + 1)) != committed
