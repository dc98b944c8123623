"""The pdfium engine against the pdfminer engine (the reference).

Records: every PDF of samples/, tests/variants/ and the generated corpus
must give equal records (every dataset, the documents row included) under
both engines. Reader: over outside PDFs (tests/pdfs/), chars within
0.01 pt, the same text and rulings, or the known difference listed in
tests/pdfs/engine-differences.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from dxparse.document import SourceDocument
from dxparse.inputs import InputError
from dxparse.pipeline import Options, process_document
from dxparse.read import read_document
from tests.conftest import DX_PDF

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (
    sorted((ROOT / "samples").glob("*.pdf"))
    + sorted((ROOT / "tests" / "variants").rglob("*.pdf"))
    + sorted((ROOT / "tests" / "generated").glob("*.pdf"))
)
OUTSIDE = ROOT / "tests" / "pdfs"
KNOWN = OUTSIDE / "engine-differences.json"
# Points: a char box this close is the same box.
CHAR_TOLERANCE = 0.01
# The published box columns (provenance, extraction_issues) are unions of
# char boxes rounded to 0.01 pt; they may be a rounding step apart (44 of
# some 12,000 provenance rows over the corpus), and a line's end by a glyph
# width (0.07 pt on dx_021's cover: pdfium finds a glyph's width by its
# Unicode, and that font prints "1" from two glyphs): far under what a
# reviewer can see, and no value depends on it.
BOX_COLUMNS = ("x0", "top", "x1", "bottom")
BOX_TOLERANCE = 0.1


def _same_row(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    if ours.keys() != theirs.keys():
        return False
    for name, value in ours.items():
        other = theirs[name]
        if name in BOX_COLUMNS and isinstance(value, float) and isinstance(other, float):
            if abs(value - other) > BOX_TOLERANCE:
                return False
        elif value != other:
            return False
    return True


def _records(path: Path, engine: str) -> dict[str, Any]:
    outcome = process_document(path, Options(engine=engine))
    records = {name: [r.model_dump() for r in rows] for name, rows in outcome.records.items()}
    return {"documents": [outcome.document.model_dump()], **records}


def test_the_corpus_is_there() -> None:
    assert len(CORPUS) >= 60  # samples, variants and the generated corpus


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_records_are_equal_under_both_engines(path: Path) -> None:
    reference = _records(path, "pdfminer")
    fast = _records(path, "pdfium")
    for dataset, rows in reference.items():
        theirs = fast.get(dataset, [])
        assert len(theirs) == len(rows), dataset
        different = [(a, b) for a, b in zip(rows, theirs, strict=True) if not _same_row(a, b)]
        assert different == [], dataset
    assert set(fast) == set(reference)


def _read(path: Path, engine: str) -> SourceDocument | str:
    try:
        return read_document(path, engine=engine, max_pages=100)
    except InputError as exc:
        return f"failed: {exc}"


def summarise(path: Path) -> Any:
    """How the two engines' pages differ: "equal", the failure both give, or
    per page the kinds of difference."""
    reference, fast = _read(path, "pdfminer"), _read(path, "pdfium")
    if isinstance(reference, str) or isinstance(fast, str):
        if reference == fast:
            return reference
        return {"pdfminer": _outcome(reference), "pdfium": _outcome(fast)}
    if len(reference.pages) != len(fast.pages):
        return {"pages": [len(reference.pages), len(fast.pages)]}
    found: dict[str, list[str]] = {}
    for ours, theirs in zip(fast.pages, reference.pages, strict=True):
        kinds = _page_differences(ours, theirs)
        if kinds:
            found[str(ours.number)] = kinds
    return found or "equal"


def _outcome(read: SourceDocument | str) -> str:
    return read if isinstance(read, str) else "read"


def _page_differences(ours: Any, theirs: Any) -> list[str]:
    kinds = []
    if len(ours.chars) != len(theirs.chars):
        kinds.append("char count")
    else:
        pairs = list(zip(ours.chars, theirs.chars, strict=True))
        if any(a.text != b.text for a, b in pairs):
            kinds.append("char text")
        if any(
            max(
                abs(a.box.x0 - b.box.x0),
                abs(a.box.top - b.box.top),
                abs(a.box.x1 - b.box.x1),
                abs(a.box.bottom - b.box.bottom),
            )
            > CHAR_TOLERANCE
            or a.upright != b.upright
            for a, b in pairs
        ):
            kinds.append("char boxes")
    if _edges(ours) != _edges(theirs):
        kinds.append("edges")
    if ours.blank != theirs.blank:
        kinds.append("blank")
    return kinds


def _edges(page: Any) -> list[tuple[Any, ...]]:
    return sorted(
        (e.orientation, round(e.x0, 2), round(e.top, 2), round(e.x1, 2), round(e.bottom, 2))
        for e in page.edges
    )


def _outside() -> list[Path]:
    return sorted(OUTSIDE.glob("*.pdf"))


def test_outside_pdfs_differ_only_as_listed() -> None:
    known = json.loads(KNOWN.read_text("utf-8"))
    found = {path.name: summarise(path) for path in _outside()}
    assert len(found) >= 30
    assert found == known
    # Most of them read alike: the listing is of exceptions.
    assert sum(1 for v in found.values() if v == "equal") >= 10


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: DX_PDF.read_bytes()[: DX_PDF.stat().st_size // 2], "truncated or damaged PDF"),
        (lambda: b"%PDF-1.4\n" + b"garbage " * 100, "truncated or damaged PDF"),
        (
            lambda: (OUTSIDE / "pdfplumber__tests_pdfs_password-example.pdf").read_bytes(),
            "encrypted PDF: a password is needed to read it",
        ),
    ],
)
def test_pdfium_failures_read_as_one_line_reasons(make: Any, reason: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(make())
    outcome = process_document(path, Options(engine="pdfium"))
    assert outcome.document.status == "failed"
    assert outcome.document.error is not None and outcome.document.error.startswith(reason)
    assert "\n" not in outcome.document.error


if __name__ == "__main__":
    json.dump({p.name: summarise(p) for p in _outside()}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
