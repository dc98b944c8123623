"""Shared fixtures: the bundled samples and a helper to run the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from dxparse.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLD = Path(__file__).resolve().parent / "gold"
DX_SEED = SAMPLES / "000_3efaf8f45e7b1b12.txt"
AP_SEED = SAMPLES / "003_a02e4b74075962b3.txt"
DX_PDF = SAMPLES / "dx_progress_2022.pdf"
AP_PDF = SAMPLES / "action_plan_51_r1.pdf"


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def load_gold(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLD / name).read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def seeds_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dxparse extract` over both seed text layers, run once."""
    out = tmp_path_factory.mktemp("seeds_out")
    result = run_cli("extract", str(DX_SEED), str(AP_SEED), "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    return out
