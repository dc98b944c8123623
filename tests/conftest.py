"""Shared fixtures: the bundled samples read once, the variant corpora, the CLI."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from dxparse.classify import classify
from dxparse.cli import app
from dxparse.document import SourceDocument
from dxparse.parsers import PARSERS
from dxparse.read import read_document
from dxparse.records import Issue, ParseResult

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLD = Path(__file__).resolve().parent / "gold"
VARIANTS = Path(__file__).resolve().parent / "variants"
DX_SEED = SAMPLES / "000_3efaf8f45e7b1b12.txt"
AP_SEED = SAMPLES / "003_a02e4b74075962b3.txt"
DX_PDF = SAMPLES / "dx_progress_2022.pdf"
AP_PDF = SAMPLES / "action_plan_51_r1.pdf"


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def load_gold(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLD / name).read_text("utf-8"))
    return data


def _path(document: str | Path) -> Path:
    """A sample's name (`action_plan_51_r1.pdf`) or any path, resolved."""
    path = SAMPLES / document if isinstance(document, str) else document
    return path.resolve()


@cache
def _read(path: Path) -> SourceDocument:
    return read_document(path)


@cache
def _parse(path: Path) -> ParseResult:
    doc = _read(path)
    return PARSERS[classify(doc).kind](doc)


def sample_document(document: str | Path) -> SourceDocument:
    """The document as read, read once per test session (a SourceDocument is frozen)."""
    return _read(_path(document))


def parsed_sample(document: str | Path) -> ParseResult:
    """The parser's result for the document, parsed once per test session and
    shared by every test that asks: read it, do not change it."""
    return _parse(_path(document))


@pytest.fixture(scope="session")
def seeds_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dxparse extract` over both seed text layers, run once."""
    out = tmp_path_factory.mktemp("seeds_out")
    result = run_cli("extract", str(DX_SEED), str(AP_SEED), "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    return out


# --- the variant corpora ------------------------------------------------------------------

_VARIANT_ROW = re.compile(r"^\| (v\d+_\w+) \|", re.M)


def variant_names(kind: str) -> list[str]:
    """The variants `tests/variants/<kind>/README.md` describes: what the tests
    run over, whatever the folder holds (see `missing_variants`)."""
    return sorted(_VARIANT_ROW.findall((VARIANTS / kind / "README.md").read_text("utf-8")))


def missing_variants(kind: str) -> list[str]:
    """What is wrong with a variant corpus: nothing listed, a listed variant's
    PDF or expected rows absent (not built, not checked out), a PDF the README
    does not describe."""
    folder = VARIANTS / kind
    listed = variant_names(kind)
    problems = [] if listed else [f"{folder}/README.md lists no variant"]
    problems += [
        f"{folder}/{name}{suffix} is missing (tools/variants/{kind}/build.py builds it)"
        for name in listed
        for suffix in (".pdf", ".json")
        if not (folder / f"{name}{suffix}").is_file()
    ]
    problems += [
        f"{path} is not described in {folder}/README.md"
        for path in sorted(folder.glob("*.pdf"))
        if path.stem not in listed
    ]
    return problems


# --- nulls the gold allows ----------------------------------------------------------------


def issue_names_row(issue: Issue, dataset: str, key: tuple[Any, ...], field: str | None) -> bool:
    """The issue is about this row of `dataset` (and `field`, when given).

    An issue's key is the row's key parts joined by `:` or `/` (empty parts and
    null key columns left out: `51001:year:2018::actual`, `51001:final:actual`),
    or their leading parts (`51001:baseline` names every baseline row of
    51001), or `*` (every row). No key names only the row of a dataset with
    one row per document. An issue's field may list several (`q1, q2`); an
    issue with no field is about the whole row."""
    fields = None if issue.field is None else {name.strip() for name in issue.field.split(",")}
    if issue.dataset != dataset or (field is not None and fields and field not in fields):
        return False
    row = [str(part) for part in key if part is not None and part != ""]
    if issue.key is None:
        return row == []
    if issue.key == "*":
        return True
    parts = [part for part in re.split(r"[:/]", issue.key) if part]
    return 0 < len(parts) <= len(row) and parts == row[: len(parts)]
