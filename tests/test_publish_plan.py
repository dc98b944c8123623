"""`dxparse publish` without a server: reading OUT, the split, the plan, the faults.

The CKAN side is tested against a real CKAN in test_publish_ckan.py (make test-ckan).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from dxparse.publish import PublishError
from dxparse.publish.local import LocalDataset, LocalFile, build_datasets, sha256_file
from dxparse.publish.plan import (
    Catalogue,
    DatasetStep,
    RemoteDataset,
    RemoteResource,
    datastore_fields,
    describe,
    make_plan,
    summary,
)
from tests.conftest import run_cli

ORG_ID = "org-1"
LICENSES = {"cc-by": "http://www.opendefinition.org/licenses/cc-by", "notspecified": ""}


@pytest.fixture(scope="module")
def local(seeds_output: Path, tmp_path_factory: pytest.TempPathFactory) -> list[LocalDataset]:
    return build_datasets(seeds_output, tmp_path_factory.mktemp("stage")).datasets


def _by_name(datasets: list[LocalDataset]) -> dict[str, LocalDataset]:
    return {d.name: d for d in datasets}


def _catalogue(datasets: dict[str, RemoteDataset] | None = None) -> Catalogue:
    return Catalogue("http://ckan.test", ORG_ID, LICENSES, datasets or {})


def _as_published(plan: list[DatasetStep]) -> dict[str, RemoteDataset]:
    """The catalogue's state after `plan` was carried out (what CKAN would store)."""
    state = {}
    for i, step in enumerate(plan):
        resources = tuple(
            RemoteResource(
                id=f"res-{i}-{j}",
                name=r.file.name,
                url=f"http://ckan.test/res-{i}-{j}/download/{r.file.name}",
                fields=dict(r.fields),
                datastore_active=r.datastore is not None,
                datastore_fields=r.datastore,
                datastore_total=r.file.rows if r.datastore is not None else None,
            )
            for j, r in enumerate(step.resources)
        )
        fields = step.fields
        state[step.local.name] = RemoteDataset(
            id=f"pkg-{i}",
            name=step.local.name,
            owner_org=fields["owner_org"],
            fields={k: fields[k] for k in ("title", "notes", "license_id")},
            tags=frozenset(fields["tags"]),
            extras=dict(fields["extras"]),
            resources=resources,
        )
    return state


def test_one_dataset_per_kind_and_municipality(
    seeds_output: Path, local: list[LocalDataset]
) -> None:
    docs = pl.read_csv(seeds_output / "documents.csv", infer_schema=False)
    kinds = sorted(zip(docs["文書種別"], docs["全国地方公共団体コード"].fill_null(""), strict=True))
    assert sorted((d.extras["document_kind"], d.extras["municipality_code"]) for d in local) == (
        kinds
    )
    dx = _by_name(local)["dxparse-122173-dx-progress-report"]
    assert dx.title == "柏市 DX進捗報告"
    assert dx.extras["municipality"] == "柏市"
    assert "柏市" in dx.tags and "DX進捗報告" in dx.tags
    assert dx.license == "CC-BY-4.0"
    report_years = pl.read_csv(seeds_output / "dx_reports.csv", infer_schema=False)["対象年度"]
    assert report_years[0] in dx.extras["fiscal_years"].split(",")
    assert dx.extras["temporal_start"] <= f"{report_years[0]}-04-01"
    assert dx.extras["temporal_end"] >= f"{int(report_years[0]) + 1}-03-31"
    # the DX dataset holds no action-plan file, and each file once
    names = [f.name for f in dx.files]
    assert not [n for n in names if n.startswith("ap_")]
    assert len(names) == len(set(names))
    assert {"dx_measures.csv", "dx_measures.parquet", "datapackage.json"} <= set(names)


def test_files_of_one_group_are_published_byte_for_byte(
    seeds_output: Path, local: list[LocalDataset]
) -> None:
    dx = _by_name(local)["dxparse-122173-dx-progress-report"]
    measures = next(f for f in dx.files if f.name == "dx_measures.csv")
    assert measures.path == seeds_output / "dx_measures.csv"
    assert measures.sha256 == sha256_file(seeds_output / "dx_measures.csv")
    assert (measures.format, measures.mimetype) == ("CSV", "text/csv")
    parquet = next(f for f in dx.files if f.name == "dx_measures.parquet")
    assert parquet.format == "Parquet" and parquet.mimetype == "application/vnd.apache.parquet"


@pytest.mark.parametrize("name", ["documents.csv", "documents.parquet"])
def test_shared_files_split_into_their_groups_rows(
    seeds_output: Path, local: list[LocalDataset], name: str
) -> None:
    parts = [f for d in local for f in d.files if f.name == name]
    assert len(parts) == 2 and all(p.path != seeds_output / name for p in parts)
    if name.endswith(".csv"):
        original = (seeds_output / name).read_bytes()
        header, *lines = original.splitlines(keepends=True)
        got = []
        for part in parts:
            part_header, *part_lines = part.path.read_bytes().splitlines(keepends=True)
            assert part_header == header  # BOM and Japanese header kept
            got += part_lines
        assert sorted(got) == sorted(lines)
    else:
        whole = pl.read_parquet(seeds_output / name)
        stacked = pl.concat([pl.read_parquet(p.path) for p in parts])
        assert sorted(map(repr, stacked.rows())) == sorted(map(repr, whole.rows()))
    assert sum(p.rows or 0 for p in parts) == len(
        pl.read_parquet(seeds_output / "documents.parquet")
    )


def test_each_dataset_gets_a_datapackage_of_its_own_files(local: list[LocalDataset]) -> None:
    for dataset in local:
        meta = next(f for f in dataset.files if f.name == "datapackage.json")
        package = json.loads(meta.path.read_text("utf-8"))
        assert package["name"] == dataset.name
        assert package["licenses"][0]["name"] == "CC-BY-4.0"
        published = {f.name for f in dataset.files}
        assert {r["path"] for r in package["resources"]} <= published


def test_first_plan_creates_everything_second_leaves_everything(
    local: list[LocalDataset],
) -> None:
    first = make_plan(local, _catalogue(), datastore=True)
    assert [s.action for s in first] == ["create"] * len(local)
    assert all(r.action == "create" and r.upload for s in first for r in s.resources)
    loads = [r for s in first for r in s.resources if r.datastore is not None]
    assert loads and all(r.file.format == "CSV" for r in loads)
    assert first[0].fields["license_id"] == "cc-by"

    second = make_plan(local, _catalogue(_as_published(first)), datastore=True)
    assert [s.action for s in second] == ["leave"] * len(local)
    assert all(r.action == "leave" and not r.upload for s in second for r in s.resources)
    assert all(r.datastore is None for s in second for r in s.resources)
    assert "0 uploads" in summary(second)


def test_a_changed_file_is_uploaded_again_in_place(local: list[LocalDataset]) -> None:
    state = _as_published(make_plan(local, _catalogue()))
    dx = _by_name(local)["dxparse-122173-dx-progress-report"]
    changed = [
        dataclasses.replace(f, sha256="0" * 64) if f.name == "dx_metrics.csv" else f
        for f in dx.files
    ]
    edited = [dataclasses.replace(d, files=tuple(changed)) if d is dx else d for d in local]
    plan = make_plan(edited, _catalogue(state))
    steps = {r.file.name: r for s in plan for r in s.resources if s.local.name == dx.name}
    assert steps["dx_metrics.csv"].action == "update" and steps["dx_metrics.csv"].upload
    before = next(r for r in state[dx.name].resources if r.name == "dx_metrics.csv")
    assert steps["dx_metrics.csv"].resource_id == before.id
    assert [n for n, r in steps.items() if r.action != "leave"] == ["dx_metrics.csv"]
    assert any("dx_metrics.csv (CSV): upload" in line for line in describe(plan))


def test_metadata_changes_patch_without_upload_and_keep_curators_tags(
    local: list[LocalDataset],
) -> None:
    state = _as_published(make_plan(local, _catalogue()))
    name = local[0].name
    remote = state[name]
    first = remote.resources[0]
    state[name] = dataclasses.replace(
        remote,
        tags=remote.tags | {"curated"},
        extras={**remote.extras, "theme": "行政"},
        fields={**remote.fields, "title": "old title"},
        resources=(
            dataclasses.replace(first, fields={**first.fields, "description": "old"}),
            *remote.resources[1:],
        ),
    )
    step = make_plan(local, _catalogue(state))[0]
    assert step.action == "update" and step.changes == ("title",)
    assert step.resources[0].action == "update" and not step.resources[0].upload
    assert step.resources[0].changes == ("description",)
    assert all(r.action == "leave" for r in step.resources[1:])


def test_a_dataset_of_another_organization_is_refused(local: list[LocalDataset]) -> None:
    state = _as_published(make_plan(local, _catalogue()))
    name = local[0].name
    state[name] = dataclasses.replace(state[name], owner_org="someone-else")
    with pytest.raises(PublishError, match="another organization"):
        make_plan(local, _catalogue(state))


def _csv_file(*names: str) -> LocalFile:
    return LocalFile(
        name="x.csv",
        path=Path("x.csv"),
        sha256="",
        size=0,
        format="CSV",
        mimetype="text/csv",
        title="x",
        description="",
        dataset="x",
        fields=tuple((n, "string") for n in names),
    )


def test_datastore_names_over_63_bytes_are_refused() -> None:
    assert datastore_fields(_csv_file("年" * 21)) == (("年" * 21, "text"),)  # 63 bytes
    with pytest.raises(PublishError, match=r"66 bytes.*at most 63"):
        datastore_fields(_csv_file("年" * 22))
    with pytest.raises(PublishError, match="not a valid DataStore name"):
        datastore_fields(_csv_file("\ufeff全国地方公共団体コード"))


def test_declared_types_map_to_datastore_types(local: list[LocalDataset]) -> None:
    ap = next(d for d in local if d.extras["document_kind"] == "action_plan")
    plans = next(f for f in ap.files if f.name == "ap_year_plans.csv")
    types = dict(datastore_fields(plans))
    assert types["版の年度"] == "int8" and types["文書ID"] == "text"
    assert max(len(n.encode()) for n in types) <= 63


def _copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def test_a_shared_csv_not_written_by_dxparse_is_not_split(
    seeds_output: Path, tmp_path: Path
) -> None:
    out = _copy(seeds_output, tmp_path / "out")
    path = out / "documents.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    with pytest.raises(PublishError, match=r"sha256 is not the one datapackage\.json records"):
        build_datasets(out, tmp_path / "stage")
    # with the package's digest made to match, the split itself refuses
    package_path = out / "datapackage.json"
    package = json.loads(package_path.read_text("utf-8"))
    for resource in package["resources"]:
        if resource["path"] == "documents.csv":
            resource["hash"] = f"sha256:{sha256_file(path)}"
    package_path.write_text(json.dumps(package, ensure_ascii=False), "utf-8")
    with pytest.raises(PublishError, match="cannot be split"):
        build_datasets(out, tmp_path / "stage")


@pytest.fixture(scope="module")
def seeds_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import AP_SEED, DX_SEED

    out = tmp_path_factory.mktemp("seeds_xlsx")
    result = run_cli(
        "extract", str(DX_SEED), str(AP_SEED), "-o", str(out), "--format", "parquet,csv,xlsx"
    )
    assert result.exit_code in (0, 1), result.output
    return out


def test_a_shared_xlsx_is_split_as_dxparse_writes_xlsx(seeds_xlsx: Path, tmp_path: Path) -> None:
    from dxparse.models import BY_NAME
    from dxparse.write import write_xlsx

    built = build_datasets(seeds_xlsx, tmp_path / "stage")
    assert built.warnings == []
    parts = {d.extras["document_kind"]: d for d in built.datasets}
    for dataset in parts.values():
        names = [f.name for f in dataset.files]
        assert "documents.xlsx" in names
        kinds = {"dx_progress_report": "dx_", "action_plan": "ap_"}
        own = kinds[dataset.extras["document_kind"]]
        other = "ap_" if own == "dx_" else "dx_"
        assert any(n.startswith(own) and n.endswith(".xlsx") for n in names)
        assert not any(n.startswith(other) for n in names)
        part = next(f for f in dataset.files if f.name == "documents.xlsx")
        assert part.path.parent != seeds_xlsx and part.rows == 1
        assert part.format == "XLSX"
        # the part is what dxparse writes for this group's Parquet rows
        rows = pl.read_parquet(seeds_xlsx / "documents.parquet").filter(
            pl.col("kind") == dataset.extras["document_kind"]
        )
        package = json.loads((seeds_xlsx / "datapackage.json").read_text("utf-8"))
        created = dt.datetime.fromisoformat(package["created"].replace("Z", "")).replace(
            tzinfo=None
        )
        expected = tmp_path / f"{dataset.name}.xlsx"
        write_xlsx(BY_NAME["documents"], rows, expected, created)
        assert part.path.read_bytes() == expected.read_bytes()
        # the group's datapackage gives the part's own digest
        meta = next(f for f in dataset.files if f.name == "datapackage.json")
        sub = json.loads(meta.path.read_text("utf-8"))
        described = {r["path"]: r for r in sub["resources"]}
        assert described["documents.xlsx"]["hash"] == f"sha256:{part.sha256}"
        parquet = next(f.path for f in dataset.files if f.name == "documents.parquet")
        assert described["documents.parquet"]["x-hash"] == f"sha256:{sha256_file(parquet)}"


def test_a_shared_xlsx_without_its_parquet_is_left_out_with_a_reason(
    seeds_xlsx: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(seeds_xlsx, out)
    package_path = out / "datapackage.json"
    package = json.loads(package_path.read_text("utf-8"))
    package["resources"] = [r for r in package["resources"] if r["format"] != "parquet"]
    package_path.write_text(json.dumps(package, ensure_ascii=False), "utf-8")
    built = build_datasets(out, tmp_path / "stage")
    assert any(
        "documents.xlsx" in w and "without the dataset's Parquet" in w for w in built.warnings
    )
    assert not any(f.format == "XLSX" for d in built.datasets for f in d.files)


def test_the_declared_primary_key_goes_to_the_datastore(local: list[LocalDataset]) -> None:
    ap = next(d for d in local if d.extras["document_kind"] == "action_plan")
    effects = next(f for f in ap.files if f.name == "ap_fiscal_effects.csv")
    assert "期間キー" in effects.primary_key
    assert set(effects.primary_key) <= dict(datastore_fields(effects)).keys()
    broken = dataclasses.replace(effects, primary_key=("no such column",))
    with pytest.raises(PublishError, match="primary key"):
        datastore_fields(broken)


def test_out_without_datapackage_is_one_line_exit_1(seeds_output: Path, tmp_path: Path) -> None:
    out = _copy(seeds_output, tmp_path / "out")
    (out / "datapackage.json").unlink()
    result = run_cli("publish", str(out), "--ckan", "http://127.0.0.1:9", "--organization", "o")
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no datapackage.json" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_server_down_is_one_line_exit_1(
    seeds_output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CKAN_API_KEY", "secret-key-never-shown")
    url = f"http://127.0.0.1:{_free_port()}"
    result = run_cli("publish", str(seeds_output), "--ckan", url, "--organization", "o")
    assert result.exit_code == 1
    assert result.stderr == f"dxparse publish: {url}: cannot connect: connection refused\n"
    assert "secret-key-never-shown" not in result.output + result.stderr


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_server_timing_out_is_one_line_exit_1(
    seeds_output: Path, silent_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CKAN_API_KEY", "secret-key-never-shown")
    result = run_cli(
        "publish", str(seeds_output), "--ckan", silent_server, "--organization", "o",
        "--timeout", "0.5",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == f"dxparse publish: {silent_server}: no answer within 0.5 s\n"


def test_no_api_key_is_one_line_exit_1(seeds_output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CKAN_API_KEY", raising=False)
    result = run_cli("publish", str(seeds_output), "--ckan", "http://x", "--organization", "o")
    assert result.exit_code == 1
    assert result.stderr.startswith("dxparse publish: CKAN_API_KEY is not set")


def test_parts_are_deterministic(seeds_output: Path, tmp_path: Path) -> None:
    first = build_datasets(seeds_output, tmp_path / "a").datasets
    second = build_datasets(seeds_output, tmp_path / "b").datasets
    assert [[f.sha256 for f in d.files] for d in first] == [
        [f.sha256 for f in d.files] for d in second
    ]
