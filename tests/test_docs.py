"""What the repository tells a new user: the contract, the README, the version.

docs/datasets.md is the output contract, the repository's copy of the one
the team shares (`../shared/spec/datasets.md` beside a clone, as in CI). It
is checked always against the models: a section per dataset, naming every
column the models write. The copy is compared with the shared file where
that file exists (or DXPARSE_SHARED_CONTRACT names it); on a clone without
it that test is skipped, and says so.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import sys
import tomllib
from pathlib import Path

import pytest

import dxparse
from dxparse import cli
from dxparse.models import BY_NAME
from tests.conftest import ROOT, run_cli

CONTRACT = ROOT / "docs" / "datasets.md"
# What this version writes beyond the shared contract ("extra columns are
# welcome"), a section per dataset; folded into the contract by the team.
ADDITIONS = ROOT / "docs" / "contract-changes.md"
# Beside the clone, as in CI; DXPARSE_SHARED_CONTRACT names it where it lies elsewhere.
SHARED_CONTRACT = Path(
    os.environ.get("DXPARSE_SHARED_CONTRACT", ROOT.parent / "shared" / "spec" / "datasets.md")
)
README = ROOT / "README.md"

# Columns the contract's conventions give every dataset, named once at the top.
EVERY_DATASET = ("municipality_code", "municipality", "document_id", "page")
# Columns the models write beyond the contract ("extra columns are welcome"),
# each with why: a new column goes into the contract, not here, unless it is
# only bookkeeping like these.
EXTRA_COLUMNS = {
    ("extraction_issues", "issue_no"): "numbers a document's issues: with document_id the key",
}


def _sections(text: str) -> tuple[str, dict[str, str]]:
    """The text before the first heading, and each `##`/`###` section by its first word."""
    parts = re.split(r"^#{2,3} (.+)$", text, flags=re.M)
    sections: dict[str, str] = {}
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        name = heading.split()[0]
        assert name not in sections, f"docs/datasets.md: two sections named {name}"
        sections[name] = body
    return parts[0], sections


def _words(text: str) -> set[str]:
    return set(re.findall(r"(?<!\w)[a-z][a-z0-9_]*(?!\w)", text, flags=re.ASCII))


def test_the_contract_has_a_section_for_every_dataset_naming_its_columns() -> None:
    preamble, sections = _sections(CONTRACT.read_text("utf-8"))
    assert preamble.startswith("# dxparse output contract")
    assert set(EVERY_DATASET) <= _words(preamble)
    _, additions = _sections(ADDITIONS.read_text("utf-8"))
    datasets = {name for name in sections if re.fullmatch(r"[a-z][a-z0-9_]*", name)}
    # A dataset the contract does not have yet is introduced in the additions.
    added = {name for name, body in additions.items() if "Add dataset" in body}
    assert datasets | added == set(BY_NAME), (
        "a dataset of models.py without its section, or the reverse"
    )
    missing = [
        f"{dataset}.{column}"
        for dataset, model in BY_NAME.items()
        for column in model.model_fields
        if column not in EVERY_DATASET
        and (dataset, column) not in EXTRA_COLUMNS
        and column not in _words(sections.get(dataset, ""))
        and column not in _words(additions.get(dataset, ""))
    ]
    assert missing == [], (
        "columns models.py writes that neither docs/datasets.md nor docs/contract-changes.md"
        f" names under their dataset: document them there: {', '.join(missing)}"
    )
    for dataset, column in EXTRA_COLUMNS:
        assert column in BY_NAME[dataset].model_fields, f"EXTRA_COLUMNS: {dataset}.{column} gone"


@pytest.mark.skipif(
    not SHARED_CONTRACT.is_file(),
    reason=f"no shared contract at {SHARED_CONTRACT} to compare docs/datasets.md with",
)
def test_the_contract_equals_the_shared_one() -> None:
    assert CONTRACT.read_bytes() == SHARED_CONTRACT.read_bytes(), (
        f"docs/datasets.md differs from {SHARED_CONTRACT}: bring them together"
    )


def test_the_readme_points_only_inside_the_repository() -> None:
    text = README.read_text("utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    local = [link for link in links if not re.match(r"[a-z]+://", link)]
    assert local, "the README links no file of the repository"
    assert [link for link in local if not (ROOT / link.split("#")[0]).exists()] == []
    outside = re.findall(r"(?<![\w.])(?:\.\./|/work/|/home/|/tmp/|~/)[^\s`)]*", text)
    assert outside == []
    assert "docs/datasets.md" in links


def test_one_version_everywhere() -> None:
    """pyproject takes the version from dxparse.__version__; the CLI prints it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert importlib.metadata.version("dxparse") == dxparse.__version__
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.output == f"dxparse {dxparse.__version__}\n"


def test_an_internal_error_is_exit_status_3_and_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: exit status 3 on an internal error, one line on stderr, no traceback."""

    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "app", broken)
    monkeypatch.setattr(sys, "argv", ["dxparse", "extract", "x.pdf"])
    with pytest.raises(SystemExit) as exit_:
        cli.entry()
    assert exit_.value.code == 3
    err = capsys.readouterr().err
    assert err == "dxparse: internal error: RuntimeError: a bug (rerun with --debug)\n"
    assert "3 on an internal error" in " ".join(README.read_text("utf-8").split())


def test_the_license_and_typing_pyproject_declares_are_there() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == {"text": "MIT"}
    assert "License :: OSI Approved :: MIT License" in project["classifiers"]
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert text.startswith("MIT License") and "dxparse contributors" in text
    assert "Typing :: Typed" in project["classifiers"]
    assert (Path(dxparse.__file__).parent / "py.typed").is_file()
