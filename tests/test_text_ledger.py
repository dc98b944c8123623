"""The coverage ledger on the action-plan text path (issue 15): the seed's
every non-blank line is read, furniture or reported, and a line the reader
does not know is an unread_text error that makes the document `partial`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from tests.conftest import AP_SEED, DX_SEED, run_cli


def _extract(tmp_path: Path, source: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    out = tmp_path / "out"
    result = run_cli("extract", str(source), "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    (document,) = pl.read_parquet(out / "documents.parquet").to_dicts()
    return document, pl.read_parquet(out / "extraction_issues.parquet").to_dicts()


def test_action_plan_seed_is_accounted_line_by_line(tmp_path: Path) -> None:
    document, issues = _extract(tmp_path, AP_SEED)
    printed = sum(len("".join(line.split())) for line in AP_SEED.read_text("utf-8").split("\n"))
    assert document["status"] == "ok"
    assert document["chars_total"] == printed
    assert [i for i in issues if i["code"] == "unread_text"] == []


def test_provenance_names_the_seeds_lines(tmp_path: Path) -> None:
    for seed in (AP_SEED, DX_SEED):
        out = tmp_path / seed.stem
        assert run_cli("extract", str(seed), "-o", str(out)).exit_code in (0, 1)
        rows = pl.read_parquet(out / "provenance.parquet").to_dicts()
        lines = seed.read_text("utf-8").split("\n")
        assert rows, seed
        for row in rows:
            first, last = row["line_first"], row["line_last"]
            assert first is not None and 1 <= first <= last <= len(lines), row
            assert any(lines[n - 1].strip() for n in range(first, last + 1)), row


def test_a_line_the_reader_does_not_know_is_never_dropped_silently(tmp_path: Path) -> None:
    """A stray block on a sheet is either unread_text or named (raw and
    lines) by the issue that could not place it: here the その他効果 blocks'."""
    lines = AP_SEED.read_text("utf-8").split("\n")
    stray = "どこにも属さない注記がここにある"
    lines[1:1] = ["", stray, ""]
    layer = tmp_path / AP_SEED.name
    layer.write_text("\n".join(lines), "utf-8")
    _, issues = _extract(tmp_path, layer)
    naming = [
        i
        for i in issues
        if stray in (i["raw"] or "")
        and i["line_first"] is not None
        and i["line_first"] <= 3 <= i["line_last"]
    ]
    assert naming


def test_dx_seed_is_accounted_line_by_line(tmp_path: Path) -> None:
    """Cover and message (above the first table), header lines, the legend,
    callouts: furniture by rule; every other line is a published value's."""
    document, issues = _extract(tmp_path, DX_SEED)
    printed = sum(len("".join(line.split())) for line in DX_SEED.read_text("utf-8").split("\n"))
    assert document["status"] == "ok"
    assert document["chars_total"] == document["chars_used"] == printed
    assert [i for i in issues if i["code"] == "unread_text"] == []


def test_a_sentence_after_a_dx_table_is_unread_not_a_callout(tmp_path: Path) -> None:
    lines = DX_SEED.read_text("utf-8").split("\n")
    at = lines.index("アナログ市役所からの脱却") + 1
    stray = "どこにも属さない注記がここにある。"
    lines[at:at] = ["", stray]
    layer = tmp_path / DX_SEED.name
    layer.write_text("\n".join(lines), "utf-8")
    document, issues = _extract(tmp_path, layer)
    unread = [i for i in issues if i["code"] == "unread_text"]
    assert document["status"] == "partial"
    assert [(i["raw"], i["line_first"]) for i in unread] == [(stray, at + 2)]
