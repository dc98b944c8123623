"""docs/issue-codes.md lists every extraction_issues code the source raises.

The codes are read from src/ (tests/issue_scan.py), compared with the
registry (dxparse.issue_codes.ISSUE_CODES), and the registry with the
committed docs/issue-codes.md. Each failure says what to change.
"""

from __future__ import annotations

from collections import defaultdict

import polars as pl

from dxparse.issue_codes import ISSUE_CODES, render_markdown
from dxparse.parsers.dx.metrics import SKIP_REASONS
from tests.conftest import ROOT, SAMPLES
from tests.issue_scan import Scan, scan

DOC = ROOT / "docs" / "issue-codes.md"

# Codes built by an expression the scan cannot read, with the codes it gives.
DYNAMIC_CODES: dict[str, frozenset[str]] = {
    # long_sentence is raised apart, as an error (its figures are not read at all).
    "f'metric_{number.reason}'": frozenset(
        f"metric_{reason}" for reason in SKIP_REASONS if reason != "long_sentence"
    ),
}


def _scan() -> Scan:
    return scan(ROOT, ROOT / "src" / "dxparse", DYNAMIC_CODES)


def test_every_code_is_read_from_the_source() -> None:
    unreadable = _scan().unreadable
    assert unreadable == [], "\n".join(unreadable)


def test_every_code_raised_is_in_the_registry_and_every_listed_code_is_raised() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    severities: dict[str, set[str]] = defaultdict(set)
    for use in _scan().uses:
        where[use.code].append(use.where)
        severities[use.code].add(use.severity or "<severity>")
    assert len(where) >= 50  # the scan found the codes, not nothing
    missing = sorted(where.keys() - ISSUE_CODES.keys())
    unused = sorted(ISSUE_CODES.keys() - where.keys())
    problems = [
        f'add to ISSUE_CODES in src/dxparse/issue_codes.py: "{code}":'
        f' IssueCode("{" or ".join(sorted(severities[code]))}", "<what it means>"),'
        f"  # raised at {', '.join(where[code])}; then `make docs`"
        for code in missing
    ] + [
        f'remove "{code}" from ISSUE_CODES in src/dxparse/issue_codes.py (raised nowhere'
        " in src/ any more); then `make docs`"
        for code in unused
    ]
    assert problems == [], "\n".join(problems)


def test_each_code_is_raised_with_its_registered_severity() -> None:
    wrong = [
        f"{use.where}: {use.code} raised as {use.severity}; ISSUE_CODES says"
        f" {ISSUE_CODES[use.code].severity} (one code, one severity: use another code)"
        for use in _scan().uses
        if use.severity is not None
        and use.code in ISSUE_CODES
        and use.severity != ISSUE_CODES[use.code].severity
    ]
    assert wrong == [], "\n".join(wrong)


def test_the_committed_doc_is_generated_from_the_registry() -> None:
    assert DOC.read_text("utf-8") == render_markdown(), (
        "docs/issue-codes.md is not what src/dxparse/issue_codes.py gives: run `make docs`"
    )


def test_issues_in_the_expected_sample_outputs_are_registered() -> None:
    """The codes the samples really give (expected outputs), as run, not as read."""
    frames = [
        pl.read_parquet(path, columns=["code", "severity"])
        for path in sorted(SAMPLES.glob("expected/*/extraction_issues.parquet"))
    ]
    documents = [p for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".txt")]
    assert len(frames) == len(documents) > 0
    seen = pl.concat(frames).select("code", "severity").unique().rows()
    assert seen, "the samples give no issue at all: nothing was checked"
    wrong = [
        (code, severity)
        for code, severity in seen
        if code not in ISSUE_CODES or ISSUE_CODES[code].severity != severity
    ]
    assert wrong == []
