"""Outputs fit to publish (issue 13 part 1): modes, the dataset set, the data
package in every format, SQL keys, catalogue metadata, xlsx, issue keys."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pandas as pd
import polars as pl
import pytest

from dxparse.models import BY_NAME, DATASETS, DxMeasure, Record
from dxparse.pipeline import Options, as_row, merge, process_document
from dxparse.write import write_outputs
from tests.conftest import AP_PDF, AP_SEED, DX_PDF, DX_SEED, ROOT, run_cli
from tests.frictionless_util import errors, validate_package

ALL = (DX_PDF, AP_PDF, DX_SEED, AP_SEED)
Records = dict[str, list[Record]]


@pytest.fixture(scope="module")
def records() -> Records:
    return merge(process_document(path, Options()) for path in ALL)


@pytest.fixture(scope="module")
def every_format(records: Records, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("all_formats")
    write_outputs(records, out, formats=("parquet", "csv", "xlsx"))
    return out


def _package(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "datapackage.json").read_text("utf-8"))
    return data


def test_a_row_is_the_record_values_in_the_schema_order(records: Records) -> None:
    # as_row takes a record's __dict__ as its row: it must hold the model's
    # fields, in their order, with the values iterating the model gives.
    seen = set()
    for name, dataset_records in records.items():
        for record in dataset_records:
            assert list(record.__dict__) == list(BY_NAME[name].model_fields)
            assert as_row(record) == tuple(dict(record).values())
            seen.add(name)
    assert seen == {model.dataset_id for model in DATASETS}


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_files_get_the_mode_the_umask_gives(
    records: Records, tmp_path: Path, mask: int, umask: None
) -> None:
    os.umask(mask)
    out = tmp_path / "out"
    written = write_outputs(records, out, formats=("parquet", "csv", "xlsx"))
    assert len(written) == 3 * len(DATASETS) + 1
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path.name
    assert out.stat().st_mode & 0o777 == 0o777 & ~mask


def test_a_run_leaves_exactly_its_datasets_and_foreign_files(
    records: Records, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_outputs(records, out, formats=("parquet", "csv", "xlsx"))
    (out / "README.txt").write_text("mine", "utf-8")
    (out / "archive").mkdir()
    (out / "archive" / "documents.csv").write_text("old", "utf-8")
    (out / ".documents.csv.abc123.tmp").write_text("left by an old version", "utf-8")
    one = merge([process_document(AP_SEED, Options())])
    write_outputs(one, out, formats=("parquet",))
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        ["README.txt", "archive", "datapackage.json"]
        + [f"{m.dataset_id}.parquet" for m in DATASETS]
    )
    assert (out / "README.txt").read_text("utf-8") == "mine"
    assert (out / "archive" / "documents.csv").read_text("utf-8") == "old"
    assert pl.read_parquet(out / "documents.parquet")["source_file"].to_list() == [AP_SEED.name]
    # Nothing beside OUT either: the staging folder is gone.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize(
    ("formats", "headers", "bom"),
    [
        (("parquet",), "ja", True),
        (("csv",), "ja", True),
        (("csv",), "en", True),
        (("csv",), "ja", False),
        (("csv",), "en", False),
        (("xlsx",), "ja", True),
        (("parquet", "csv"), "ja", True),
        (("parquet", "csv"), "en", False),
        (("parquet", "csv", "xlsx"), "ja", True),
        (("parquet", "csv", "xlsx"), "en", False),
    ],
)
def test_datapackage_describes_every_file_and_validates(
    records: Records, tmp_path: Path, formats: tuple[str, ...], headers: str, bom: bool
) -> None:
    write_outputs(records, tmp_path, formats=formats, headers=headers, bom=bom)  # type: ignore[arg-type]
    package = _package(tmp_path)
    paths = sorted(r["path"] for r in package["resources"])
    written = sorted(p.name for p in tmp_path.iterdir() if p.name != "datapackage.json")
    assert paths == written
    for resource in package["resources"]:
        model = BY_NAME[resource["x-dataset"]]
        names = [f["name"] for f in resource["schema"]["fields"]]
        fmt = resource["format"]
        if fmt == "parquet":
            assert names == pl.read_parquet(tmp_path / resource["path"]).columns
        elif fmt == "csv":
            header = (tmp_path / resource["path"]).read_text("utf-8-sig").split("\n")[0]
            assert header.split(",") == names
            assert resource["encoding"] == "utf-8"
            assert resource["mediatype"] == "text/csv"
        else:
            assert names == [model.model_fields[n].title for n in model.model_fields]
    for resource in package["resources"]:
        data = (tmp_path / resource["path"]).read_bytes()
        prefix = "x-" if resource["format"] == "parquet" else ""
        assert resource[f"{prefix}bytes"] == len(data)
        assert resource[f"{prefix}hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
    report = validate_package(tmp_path / "datapackage.json")
    assert report.valid, errors(report)[:10]
    assert len(report.tasks) == len(formats) * len(DATASETS)


def _sql_type(kind: str) -> str:
    return {
        "string": "VARCHAR",
        "integer": "BIGINT",
        "number": "DOUBLE",
        "boolean": "BOOLEAN",
        "date": "DATE",
    }[kind]


@pytest.mark.parametrize(("fmt", "headers"), [("parquet", "en"), ("csv", "en"), ("csv", "ja")])
def test_every_dataset_loads_into_duckdb_with_its_declared_keys(
    records: Records, tmp_path: Path, fmt: str, headers: str
) -> None:
    write_outputs(records, tmp_path, formats=(fmt,), headers=headers)  # type: ignore[arg-type]
    package = _package(tmp_path)
    con = duckdb.connect()
    for resource in package["resources"]:  # DATASETS order: a referenced table comes first
        schema = resource["schema"]
        types = {f["name"]: _sql_type(f["type"]) for f in schema["fields"]}
        columns = [
            f'"{f["name"]}" {types[f["name"]]}'
            + (" NOT NULL" if f.get("constraints", {}).get("required") else "")
            for f in schema["fields"]
        ]

        def quoted(names: list[str]) -> str:
            return ", ".join(f'"{name}"' for name in names)

        keys = [f"PRIMARY KEY ({quoted(schema['primaryKey'])})"]
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"].removesuffix(f"-{fmt}")
            keys.append(
                f"FOREIGN KEY ({quoted(fk['fields'])}) REFERENCES"
                f" {target} ({quoted(fk['reference']['fields'])})"
            )
        table = resource["x-dataset"]
        con.execute(f"CREATE TABLE {table} ({', '.join(columns + keys)})")
        path = str(tmp_path / resource["path"])
        if fmt == "parquet":
            con.execute(f"INSERT INTO {table} SELECT * FROM read_parquet(?)", [path])
        else:
            spec = "{" + ", ".join(f"'{n}': '{t}'" for n, t in types.items()) + "}"
            con.execute(
                f"INSERT INTO {table} SELECT * FROM read_csv(?, header = true,"
                f" auto_detect = false, columns = {spec})",
                [path],
            )
        rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert rows is not None
        assert rows[0] == len(records[table])
    effects = con.execute("SELECT count(*) FROM ap_fiscal_effects").fetchone()
    assert effects is not None and effects[0] > 0  # the key with final rows was taken


def test_a_duplicate_key_is_refused_by_the_database(every_format: Path) -> None:
    """The keys are real constraints: DuckDB refuses a second row with one."""
    con = duckdb.connect()
    path = str(every_format / "ap_fiscal_effects.parquet")
    con.execute(
        "CREATE TABLE e AS SELECT * FROM read_parquet(?) LIMIT 0", [path]
    )  # fmt: skip
    con.execute(
        "ALTER TABLE e ADD PRIMARY KEY"
        " (document_id, edition_fiscal_year, initiative_id, period_key, category, series)"
    )
    con.execute("INSERT INTO e SELECT * FROM read_parquet(?)", [path])
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO e SELECT * FROM read_parquet(?) LIMIT 1", [path])


def test_every_field_is_described_in_japanese_and_english(every_format: Path) -> None:
    for resource in _package(every_format)["resources"]:
        assert resource["description"] and resource["x-description-ja"]
        for field in resource["schema"]["fields"]:
            assert field["description"], (resource["name"], field["name"])
            assert field["x-description-ja"], (resource["name"], field["name"])


def test_closed_vocabularies_are_enum_constraints(every_format: Path) -> None:
    fields = {
        (r["x-dataset"], f["x-name"]): f
        for r in _package(every_format)["resources"]
        if r["format"] == "parquet"
        for f in r["schema"]["fields"]
    }
    assert fields["ap_fiscal_effects", "period"]["constraints"]["enum"] == [
        "baseline",
        "year",
        "final",
    ]
    assert fields["ap_fiscal_effects", "category"]["constraints"]["enum"] == [
        "revenue",
        "expenditure",
        "total",
    ]
    assert fields["ap_fiscal_effects", "amount_unit"]["constraints"]["enum"] == ["円", "千円"]
    assert fields["documents", "status"]["constraints"]["enum"] == ["ok", "partial", "failed"]
    # Open vocabularies are listed, not enforced: a new status is kept and reported.
    assert "enum" not in fields["dx_measures", "status"].get("constraints", {})
    assert "提供中" in fields["dx_measures", "status"]["x-known-values"]


def test_package_metadata_comes_from_the_inputs(every_format: Path) -> None:
    package = _package(every_format)
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    sources = {s["title"]: s["x-sha256"] for s in package["sources"]}
    assert sources == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ALL}
    assert package["x-spatial-coverage"] == {
        "municipality_codes": ["122173"],
        "municipalities": ["柏市"],
    }
    years = package["x-temporal-coverage"]["fiscal_years"]
    assert 2019 in years and 2022 in years
    assert package["x-temporal-coverage"]["start"] == f"{years[0]}-04-01"
    # The latest date the inputs print (the DX report's 2023-05), not the clock.
    assert package["created"] == "2023-05-01T00:00:00Z"
    assert package["title"] and package["description"] and "柏市" in package["keywords"]


def test_license_option_reaches_the_package(tmp_path: Path) -> None:
    result = run_cli(
        "extract", str(DX_SEED), "-o", str(tmp_path), "--license", "CC0-1.0", "--no-progress"
    )
    assert result.exit_code == 0, result.output
    assert _package(tmp_path)["licenses"][0]["name"] == "CC0-1.0"


def test_the_readme_query_sums_fiscal_effects_once(every_format: Path) -> None:
    """Summing rows with is_total false over the years gives the printed 最終値
    計 wherever the sheet prints one; a naive sum counts it several times."""
    effects = pl.read_parquet(every_format / "ap_fiscal_effects.parquet")
    assert (
        effects["is_total"] == ((effects["category"] == "total") | (effects["period"] == "final"))
    ).all()
    keys = ["document_id", "initiative_id", "series"]
    parts = (
        effects.filter(~pl.col("is_total") & (pl.col("period") == "year"))
        .group_by(keys)
        .agg(pl.col("amount").sum().alias("parts"), pl.len().alias("cells"))
    )
    finals = effects.filter((pl.col("period") == "final") & (pl.col("category") == "total"))
    joined = finals.join(parts, on=keys)
    printed = joined.filter(pl.col("amount") != 0)
    assert printed.height > 0
    assert (printed["amount"] == printed["parts"]).all()
    naive = effects.group_by(keys).agg(pl.col("amount").sum().alias("naive"))
    assert (printed.join(naive, on=keys)["naive"] > printed["amount"]).all()


def test_municipality_name_from_code_and_one_warning_when_neither(tmp_path: Path) -> None:
    result = run_cli(
        "extract", str(AP_SEED), "-o", str(tmp_path / "a"), "--municipality-code", "122173"
    )
    assert result.exit_code == 0, result.output
    rows = pl.read_parquet(tmp_path / "a" / "ap_initiatives.parquet")
    assert set(rows.select("municipality_code", "municipality").rows()) == {("122173", "柏市")}
    result = run_cli("extract", str(AP_SEED), "-o", str(tmp_path / "b"), "--municipality", "柏市")
    rows = pl.read_parquet(tmp_path / "b" / "ap_tasks.parquet")
    assert set(rows.select("municipality_code", "municipality").rows()) == {("122173", "柏市")}
    result = run_cli("extract", str(AP_SEED), str(AP_PDF), "-o", str(tmp_path / "c"))
    issues = pl.read_parquet(tmp_path / "c" / "extraction_issues.parquet")
    unknown = issues.filter(pl.col("code") == "municipality_unknown")
    assert unknown.height == 2 and unknown["document_id"].n_unique() == 2
    assert issues.filter(pl.col("code") == "municipality_unknown")["severity"].to_list() == [
        "warning",
        "warning",
    ]


def _keys(out: Path, dataset: str) -> set[str]:
    model = BY_NAME[dataset]
    df = pl.read_parquet(out / f"{dataset}.parquet")
    parts = [k for k in model.primary_key if k != "document_id"]
    return {"/".join(str(v) for v in row) for row in df.select(parts).iter_rows()}


def test_issue_keys_are_the_documented_form_and_point_at_rows(every_format: Path) -> None:
    issues = pl.read_parquet(every_format / "extraction_issues.parquet")
    keyed = issues.filter(pl.col("key").is_not_null() & (pl.col("key") != "*"))
    assert keyed.height > 20
    assert not keyed.filter(pl.col("key").str.contains(":")).height
    for dataset in ("ap_tasks", "ap_reviews", "dx_measures"):
        keys = set(keyed.filter(pl.col("dataset") == dataset)["key"].to_list())
        assert keys, dataset
        assert keys <= _keys(every_format, dataset), dataset
    for key in keyed.filter(pl.col("dataset").str.starts_with("ap_"))["key"]:
        assert key.startswith("2019/5100"), key
    cells = keyed.filter(pl.col("dataset") == "ap_fiscal_effects")["key"].to_list()
    assert "2019/51001/year-2016/expenditure/actual" in cells
    # csv_formula_text issues point at their row too.
    measure = DxMeasure(document_id="a" * 64, row_no=3, measure="=1+1")
    from dxparse.validate import formula_issues

    [issue] = formula_issues({"dx_measures": [measure]})
    assert (issue.dataset, issue.key, issue.field) == ("dx_measures", "3", "measure")


def test_dx_reports_and_metrics_carry_page(every_format: Path) -> None:
    docs = pl.read_parquet(every_format / "documents.parquet")
    pdf_id = docs.filter(pl.col("source_file") == DX_PDF.name)["document_id"][0]
    reports = pl.read_parquet(every_format / "dx_reports.parquet")
    assert reports.filter(pl.col("document_id") == pdf_id)["page"].to_list() == [1]
    metrics = pl.read_parquet(every_format / "dx_metrics.parquet")
    pages = metrics.filter(pl.col("document_id") == pdf_id)["page"]
    assert pages.null_count() == 0 and pages.min() is not None and pages.min() >= 1  # type: ignore[operator]
    measures = pl.read_parquet(every_format / "dx_measures.parquet")
    joined = metrics.join(measures, on=["document_id", "row_no"], suffix="_measure")
    assert (joined["page"].fill_null(0) == joined["page_measure"].fill_null(0)).all()


def test_xlsx_cells_are_typed_with_japanese_headers(every_format: Path) -> None:
    book = openpyxl.load_workbook(every_format / "ap_initiatives.xlsx")
    sheet = book["ap_initiatives"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header == [f.title for f in BY_NAME["ap_initiatives"].model_fields.values()]
    by_title = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    codes = {row["担当部署コード"] for row in by_title}
    assert "051000" in codes  # text, leading zero kept
    created = [row["作成日"] for row in by_title if row["作成日"] is not None]
    assert created and all(isinstance(v, dt.datetime) for v in created)
    assert all(isinstance(row["版の年度"], int) for row in by_title)
    assert {type(row["効果:歳入増加"]) for row in by_title} <= {bool, type(None)}
    docs = openpyxl.load_workbook(every_format / "documents.xlsx")["documents"]
    assert next(docs.iter_rows(values_only=True))[0] == "全国地方公共団体コード"


def test_xlsx_is_byte_identical_for_the_same_input(records: Records, tmp_path: Path) -> None:
    write_outputs(records, tmp_path / "a", formats=("xlsx",))
    time.sleep(1.1)  # a timestamp taken from the clock would differ now
    write_outputs(records, tmp_path / "b", formats=("xlsx",))
    for model in DATASETS:
        name = f"{model.dataset_id}.xlsx"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "datapackage.json").read_bytes() == (
        tmp_path / "b" / "datapackage.json"
    ).read_bytes()


def test_xlsx_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    measure = DxMeasure(document_id="a" * 64, row_no=1, measure='=HYPERLINK("x")')
    write_outputs({"dx_measures": [measure]}, tmp_path, formats=("xlsx",))
    sheet = openpyxl.load_workbook(tmp_path / "dx_measures.xlsx")["dx_measures"]
    cell = sheet.cell(row=2, column=list(DxMeasure.model_fields).index("measure") + 1)
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


def test_the_readme_ways_of_reading_csv_keep_leading_zeros(every_format: Path) -> None:
    path = every_format / "ap_initiatives.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert "051000" in set(frame["担当部署コード"])
    lazy = pl.read_csv(path, schema_overrides={"担当部署コード": pl.String})
    assert "051000" in set(lazy["担当部署コード"].to_list())
    naive = pd.read_csv(path, encoding="utf-8-sig")
    assert "051000" not in set(naive["担当部署コード"].astype(str))  # why the README says so


def test_amount_unit_is_what_the_sheet_states(records: Records) -> None:
    variant = ROOT / "tests" / "variants" / "ap" / "v3_a_importance_negative.pdf"
    outcome = process_document(variant, Options())
    units = {r.amount_unit for r in outcome.records["ap_fiscal_effects"]}  # type: ignore[attr-defined]
    assert units == {"千円"}
    # The sample sheet prints no 単位 for its amounts: unknown, not guessed.
    ap_pdf_id = hashlib.sha256(AP_PDF.read_bytes()).hexdigest()
    sample = [r for r in records["ap_fiscal_effects"] if r.document_id == ap_pdf_id]
    assert sample and {r.amount_unit for r in sample} == {None}  # type: ignore[attr-defined]


def test_an_amount_unit_other_than_yen_is_null_and_an_error() -> None:
    from dxparse.records import ParseResult
    from dxparse.validate import DocumentContext, validate

    parsed = ParseResult()
    row = {
        "edition_fiscal_year": 2019,
        "initiative_id": "51001",
        "period": "year",
        "fiscal_year": 2019,
        "category": "revenue",
        "series": "actual",
        "amount": 1.2,
        "amount_unit": "百万円",
    }
    parsed.add("ap_fiscal_effects", row)
    out = validate(parsed, DocumentContext("a" * 64, None, None))
    [record] = out.records["ap_fiscal_effects"]
    assert record.amount_unit is None and record.amount == 1.2  # type: ignore[attr-defined]
    [issue] = out.issues
    assert (issue.code, issue.severity, issue.field, issue.raw) == (
        "invalid_value",
        "error",
        "amount_unit",
        "百万円",
    )
    assert issue.key == "2019/51001/year-2019/revenue/actual"


def test_a_cell_too_long_for_xlsx_stops_the_run_not_cut(tmp_path: Path) -> None:
    from dxparse.write import XLSX_MAX_CHARS, XlsxLimit

    out = tmp_path / "out"
    measure = DxMeasure(document_id="a" * 64, row_no=1, detail="あ" * (XLSX_MAX_CHARS + 1))
    with pytest.raises(XlsxLimit, match=r"dx_measures\.xlsx: a detail cell of 32768 characters"):
        write_outputs({"dx_measures": [measure]}, out, formats=("xlsx",))
    assert list(out.iterdir()) == []  # nothing half-written
    write_outputs({"dx_measures": [measure]}, out, formats=("csv",))
    text = (out / "dx_measures.csv").read_text("utf-8-sig")
    assert "あ" * (XLSX_MAX_CHARS + 1) in text


def test_format_xlsx_on_the_command_line(tmp_path: Path) -> None:
    result = run_cli("extract", str(AP_SEED), "-o", str(tmp_path), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".json"] + [".xlsx"] * len(DATASETS)
    bad = run_cli("extract", str(AP_SEED), "-o", str(tmp_path), "--format", "ods")
    assert bad.exit_code == 2 and "parquet, csv, xlsx" in bad.output


def test_spilled_parts_and_one_frame_give_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line gathers rows into spilled parts, document by document,
    and streams each file from them; `write_outputs` writes whole frames. A
    row group of a few rows makes each dataset span several groups and parts."""
    from dxparse import write

    monkeypatch.setattr(write, "PARQUET_ROW_GROUP", 5)
    outcomes = [process_document(path, Options()) for path in ALL]
    formats = ("parquet", "csv", "xlsx")
    write_outputs(merge(outcomes), tmp_path / "whole", formats=formats)
    (tmp_path / "spill").mkdir()
    collector = write.FrameCollector(tmp_path / "spill", batch=1)
    for outcome in outcomes:
        collector.add(merge([outcome]))
    (tmp_path / "parts").mkdir()
    written = write.write_set(collector.lazy_frames(), tmp_path / "parts", formats=formats)
    assert len(list((tmp_path / "spill").iterdir())) > len(DATASETS)  # several parts each
    groups = pq_row_groups(tmp_path / "parts" / "provenance.parquet")
    assert groups > 2
    for name in written:
        assert (tmp_path / "parts" / name).read_bytes() == (
            tmp_path / "whole" / name
        ).read_bytes(), name


def pq_row_groups(path: Path) -> int:
    query = f"select count(distinct row_group_id) from parquet_metadata('{path}')"
    ((groups,),) = duckdb.connect().execute(query).fetchall()
    return int(groups)
