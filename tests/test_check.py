"""`dxparse check`: field-level regression checks against expected outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import AP_SEED, DX_SEED, SAMPLES, run_cli


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A samples folder with both seeds and freshly written expected outputs."""
    folder = tmp_path / "samples"
    folder.mkdir()
    for seed in (DX_SEED, AP_SEED):
        shutil.copy(seed, folder / seed.name)
    result = run_cli("check", "--update", str(folder))
    assert result.exit_code == 0, result.output
    return folder


def _largest_dataset(expected: Path) -> tuple[Path, pl.DataFrame]:
    frames = {p: pl.read_parquet(p) for p in expected.glob("*.parquet")}
    path = max(frames, key=lambda p: (frames[p].height, p.name))
    return path, frames[path]


def test_unchanged_samples_pass(tmp_path: Path) -> None:
    """The seeds against their committed expected outputs (samples/expected/),
    which nothing in this test wrote, and which the check leaves as they are."""
    folder = tmp_path / "samples"
    for seed in (DX_SEED, AP_SEED):
        shutil.copytree(SAMPLES / "expected" / seed.name, folder / "expected" / seed.name)
        shutil.copy(seed, folder / seed.name)
    committed = {p: p.read_bytes() for p in (folder / "expected").rglob("*") if p.is_file()}
    result = run_cli("check", str(folder))
    assert result.exit_code == 0, result.output
    assert "dataset" in result.output and "fields equal" in result.output
    data = json.loads(run_cli("check", "--json", str(folder)).output)
    assert data["ok"] is True
    summaries = {s["dataset"]: s for s in data["datasets"]}
    assert summaries["documents"]["rows_expected"] == 2
    assert all(s["rows_found"] == s["rows_expected"] for s in summaries.values())
    assert sum(s["fields_equal"] for s in summaries.values()) > 1000
    assert {p: p.read_bytes() for p in committed} == committed


def test_a_changed_expected_value_fails_and_names_the_field(samples: Path) -> None:
    expected = samples / "expected" / DX_SEED.name / "documents.parquet"
    df = pl.read_parquet(expected).with_columns(pl.lit("action_plan").alias("kind"))
    df.write_parquet(expected)
    result = run_cli("check", str(samples))
    assert result.exit_code == 1
    assert f'{DX_SEED.name} documents (row) kind: "action_plan" → "dx_progress_report"' in (
        result.output
    )


def test_missing_and_extra_rows_are_reported(samples: Path) -> None:
    path, df = _largest_dataset(samples / "expected" / AP_SEED.name)
    assert df.height >= 1
    dataset = path.stem
    # Drop the first expected row (→ extra) and add a row with a new key (→ missing).
    from dxparse.models import BY_NAME

    key = [k for k in BY_NAME[dataset].primary_key if k != "document_id"]
    first = df.head(1)
    renumbered = first.with_columns(
        (pl.col(key[-1]).cast(pl.Int64, strict=False).fill_null(0) + 1000).cast(df[key[-1]].dtype)
    )
    pl.concat([df.slice(1), renumbered]).write_parquet(path)
    result = run_cli("check", str(samples))
    assert result.exit_code == 1
    assert ": row missing" in result.output and ": extra row" in result.output
    data = json.loads(run_cli("check", "--json", str(samples)).output)
    summary = next(s for s in data["datasets"] if s["dataset"] == dataset)
    assert summary["rows_extra"] == 1
    assert summary["rows_expected"] - summary["rows_found"] == 1
    assert data["ok"] is False


def test_update_says_how_many_fields_changed(samples: Path) -> None:
    expected = samples / "expected" / DX_SEED.name / "documents.parquet"
    pl.read_parquet(expected).with_columns(pl.lit("x.txt").alias("source_file")).write_parquet(
        expected
    )
    result = run_cli("check", "--update", str(samples))
    assert result.exit_code == 0
    assert "1 fields changed" in result.output
    assert run_cli("check", str(samples)).exit_code == 0


def test_hand_labelled_json_scores_only_given_fields(tmp_path: Path) -> None:
    labelled = {
        "documents": [{"source_file": DX_SEED.name, "kind": "dx_progress_report"}],
    }
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labelled, ensure_ascii=False), "utf-8")
    result = run_cli("check", "--expected", str(path), str(DX_SEED))
    assert result.exit_code == 0, result.output
    assert "field accuracy: 100.0%" in result.output

    labelled["documents"][0]["kind"] = "action_plan"
    path.write_text(json.dumps(labelled, ensure_ascii=False), "utf-8")
    result = run_cli("check", "--expected", str(path), "--json", str(DX_SEED))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["field_accuracy"] == 0.5  # source_file right, kind wrong
    assert data["differences"][0]["field"] == "kind"


def test_usage_errors(tmp_path: Path) -> None:
    assert run_cli("check", str(tmp_path / "missing")).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("check", str(empty)).exit_code == 2
