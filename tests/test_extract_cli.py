"""`dxparse extract` end to end: every dataset, kinds, determinism, the package."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from dxparse.models import (
    DATASETS,
    ApFiscalEffect,
    ApInitiative,
    Document,
    DxMeasure,
    Record,
)
from dxparse.schema import render_schemas
from dxparse.write import write_outputs
from tests.conftest import AP_SEED, DX_SEED, ROOT, run_cli
from tests.frictionless_util import validate_package as frictionless_validate
from tests.pdfgen import make_pdf

DOC_ID = "a" * 64


def _read_csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def test_every_dataset_is_written(seeds_output: Path) -> None:
    for model in DATASETS:
        for suffix in ("parquet", "csv"):
            assert (seeds_output / f"{model.dataset_id}.{suffix}").is_file()
        columns = pl.read_parquet(seeds_output / f"{model.dataset_id}.parquet").columns
        assert columns == list(model.model_fields)
        assert columns[:2] == ["municipality_code", "municipality"]
    assert (seeds_output / "datapackage.json").is_file()
    assert not list(seeds_output.glob(".*.tmp"))


def test_documents_name_the_kinds(seeds_output: Path) -> None:
    docs = pl.read_parquet(seeds_output / "documents.parquet")
    kinds = dict(zip(docs["source_file"], docs["kind"], strict=True))
    assert kinds == {
        DX_SEED.name: "dx_progress_report",
        AP_SEED.name: "action_plan",
    }
    assert set(docs["media_type"]) == {"text/plain"}


def test_no_radical_in_any_output(seeds_output: Path) -> None:
    for path in seeds_output.glob("*.csv"):
        text = path.read_text("utf-8-sig")
        assert not [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF], path.name


def test_csv_has_bom_and_japanese_headers(seeds_output: Path) -> None:
    raw = (seeds_output / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw[3:].decode("utf-8").splitlines()[0]
    assert header.startswith("全国地方公共団体コード,地方公共団体名,文書ID")


def test_english_headers_and_no_bom(tmp_path: Path) -> None:
    result = run_cli(
        "extract",
        str(DX_SEED),
        "-o",
        str(tmp_path),
        "--csv-headers",
        "en",
        "--no-bom",
        "--format",
        "csv",
    )
    assert result.exit_code in (0, 1), result.output
    raw = (tmp_path / "documents.csv").read_bytes()
    assert raw.startswith(b"municipality_code,municipality,document_id,source_file")
    assert not list(tmp_path.glob("*.parquet"))


def test_same_inputs_give_byte_identical_outputs(tmp_path: Path) -> None:
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        run_cli("extract", str(DX_SEED), str(AP_SEED), "-o", str(out))
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]
    assert len(outs[0]) == 2 * len(DATASETS) + 1


def test_datapackage_validates(seeds_output: Path) -> None:
    report = frictionless_validate(seeds_output / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_unknown_kind_is_a_warning_not_an_error(tmp_path: Path) -> None:
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(make_pdf([["Minutes of the board meeting", "Budget 2023: approved"]]))
    out = tmp_path / "out"
    result = run_cli("extract", str(pdf), "-o", str(out))
    assert result.exit_code == 0, result.output
    docs = pl.read_parquet(out / "documents.parquet")
    assert docs.select("kind", "status", "pages", "media_type").row(0) == (
        "unknown",
        "ok",
        1,
        "application/pdf",
    )
    issues = pl.read_parquet(out / "extraction_issues.parquet")
    assert issues.select("code", "severity").row(0) == ("unknown_kind", "warning")


def test_bad_municipality_code_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("extract", str(DX_SEED), "-o", str(tmp_path), "--municipality-code", "122174")
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())


def test_municipality_from_the_command_line(tmp_path: Path) -> None:
    run_cli(
        "extract",
        str(AP_SEED),
        "-o",
        str(tmp_path),
        "--municipality-code",
        "122173",
        "--municipality",
        "柏市",
    )
    docs = pl.read_parquet(tmp_path / "documents.parquet")
    assert docs.select("municipality_code", "municipality").row(0) == ("122173", "柏市")


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path / "nope.pdf"), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2


def test_formula_text_is_neutralised_in_csv_only(tmp_path: Path) -> None:
    measure = DxMeasure(
        document_id=DOC_ID, row_no=1, measure='=HYPERLINK("x")', detail="-5件", status="提供中"
    )
    write_outputs({"dx_measures": [measure]}, tmp_path)
    csv = _read_csv(tmp_path / "dx_measures.csv")
    assert csv["施策"][0] == '\'=HYPERLINK("x")'
    assert csv["詳細"][0] == "'-5件"
    parquet = pl.read_parquet(tmp_path / "dx_measures.parquet")
    assert parquet["measure"][0] == '=HYPERLINK("x")'


def test_long_form_rows_with_final_period_validate(tmp_path: Path) -> None:
    doc = Document(
        document_id=DOC_ID,
        source_file="x.pdf",
        media_type="application/pdf",
        kind="action_plan",
        pages=2,
        status="ok",
    )
    initiative = ApInitiative(
        document_id=DOC_ID,
        edition_fiscal_year=2019,
        initiative_id="51001",
        created=dt.date(2019, 4, 1),
    )
    effects = [
        ApFiscalEffect(
            document_id=DOC_ID,
            edition_fiscal_year=2019,
            initiative_id="51001",
            period=period,
            fiscal_year=year,
            category="total",
            series="actual",
            amount=amount,
        )
        for period, year, amount in (("year", 2019, 1.5), ("final", None, -1200.0))
    ]
    write_outputs(
        {"documents": [doc], "ap_initiatives": [initiative], "ap_fiscal_effects": effects},
        tmp_path,
    )
    report = frictionless_validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    csv = _read_csv(tmp_path / "ap_fiscal_effects.csv")
    assert csv["金額"].to_list() == ["1.5", "-1200"]
    assert _read_csv(tmp_path / "ap_initiatives.csv")["作成日"][0] == "2019-04-01"


def test_schemas_are_current() -> None:
    for name, text in render_schemas().items():
        path = ROOT / "schemas" / name
        assert path.read_text("utf-8") == text, f"{name} is stale: run `make schemas`"
    assert len(list((ROOT / "schemas").glob("*.schema.json"))) == len(DATASETS)


@pytest.mark.parametrize("model", DATASETS, ids=lambda m: m.dataset_id)
def test_every_column_has_a_japanese_title(model: type[Record]) -> None:
    for name, info in model.model_fields.items():
        assert info.title and any(ord(c) > 0x3000 for c in info.title), name
