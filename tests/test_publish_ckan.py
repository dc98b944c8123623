"""`dxparse publish` against a real CKAN 2.12 (make test-ckan starts it; CKAN_URL, CKAN_TOKEN).

What a user of the catalogue would check: the dataset page and its metadata,
every resource downloaded byte for byte, the DataStore rows, the DCAT
Turtle, a second publish changing nothing, and the faults. These tests fail,
never skip, when CKAN is not there: run them with `make test-ckan`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import requests
from ckanapi import RemoteCKAN
from ckanapi.errors import NotFound, ValidationError

from dxparse.publish.local import LocalDataset, build_datasets
from tests.conftest import run_cli

pytestmark = pytest.mark.ckan


@pytest.fixture(scope="module")
def ckan() -> Iterator[RemoteCKAN]:
    url, token = os.environ.get("CKAN_URL"), os.environ.get("CKAN_TOKEN")
    if not url or not token:
        pytest.fail("CKAN_URL / CKAN_TOKEN not set: run these tests with `make test-ckan`")
    admin = RemoteCKAN(url, apikey=token)
    try:
        status = admin.action.status_show()
    except Exception as exc:
        pytest.fail(f"CKAN at {url} is not reachable: {exc}")
    assert status["ckan_version"].startswith("2.12")
    assert {"datastore", "dcat"} <= set(status["extensions"])
    yield admin
    admin.close()


@pytest.fixture
def org(ckan: RemoteCKAN) -> str:
    name = f"dxparse-test-{uuid.uuid4().hex[:8]}"
    ckan.action.organization_create(name=name, title="テスト市")
    return name


@pytest.fixture(scope="module")
def local(seeds_output: Path, tmp_path_factory: pytest.TempPathFactory) -> list[LocalDataset]:
    """What OUT holds, as the publisher splits it (to compare the catalogue with)."""
    return build_datasets(seeds_output, tmp_path_factory.mktemp("expected")).datasets


@pytest.fixture
def clean(ckan: RemoteCKAN, local: list[LocalDataset]) -> None:
    """No dataset of OUT on the catalogue yet (tests share the names)."""
    for dataset in local:
        with contextlib.suppress(NotFound):
            ckan.action.dataset_purge(id=dataset.name)


def _publish(
    out: Path, org: str, key: str, *extra: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setenv("CKAN_API_KEY", key)
    url = os.environ["CKAN_URL"]
    result = run_cli("publish", str(out), "--ckan", url, "--organization", org, *extra)
    return result.exit_code, result.stdout, result.stderr


def _state(ckan: RemoteCKAN, local: list[LocalDataset]) -> dict[str, dict[str, Any]]:
    return {d.name: ckan.action.package_show(id=d.name) for d in local}


def _datastore_text(value: Any, kind: str) -> str | None:
    """A DataStore value as the CSV prints it."""
    if value is None:
        return None
    if kind == "bool":
        return "true" if value else "false"
    if kind == "date":
        return dt.datetime.fromisoformat(value).date().isoformat()
    return str(value)


def test_publish_then_republish(
    ckan: RemoteCKAN,
    org: str,
    clean: None,
    seeds_output: Path,
    local: list[LocalDataset],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = os.environ["CKAN_TOKEN"]
    code, out, err = _publish(seeds_output, org, token, "--datastore", monkeypatch=monkeypatch)
    assert code == 0, err
    assert token not in out + err
    url = os.environ["CKAN_URL"]
    first = _state(ckan, local)
    for dataset in local:
        package = first[dataset.name]
        # the dataset page's metadata
        assert package["title"] == dataset.title
        assert package["organization"]["name"] == org
        assert package["license_id"] == "cc-by" and not package["private"]
        extras = {e["key"]: e["value"] for e in package["extras"]}
        assert extras["municipality_code"] == dataset.extras["municipality_code"]
        assert extras["temporal_start"].endswith("-04-01")
        assert {t["name"] for t in package["tags"]} == set(dataset.tags)
        page = requests.get(f"{url}/dataset/{dataset.name}", timeout=30)
        assert page.status_code == 200
        html = page.content.decode("utf-8")
        assert dataset.title in html and "Creative Commons Attribution" in html
        assert all(f.name in html for f in dataset.files)
        # one resource per file, in order, each downloaded byte for byte
        assert [r["name"] for r in package["resources"]] == [f.name for f in dataset.files]
        for resource, file in zip(package["resources"], dataset.files, strict=True):
            assert (resource["format"], resource["mimetype"]) == (file.format, file.mimetype)
            assert resource["url"].endswith(f"/download/{file.name}")
            body = requests.get(resource["url"], timeout=30).content
            assert body == file.path.read_bytes(), file.name
            if file.path.parent == seeds_output:
                assert body == (seeds_output / file.name).read_bytes()
            if file.format != "CSV":
                assert not resource["datastore_active"]
                continue
            # DataStore: the CSV's rows, Japanese field names, declared types
            assert resource["datastore_active"], file.name
            search = ckan.action.datastore_search(resource_id=resource["id"], limit=100000)
            fields = [(f["id"], f["type"]) for f in search["fields"] if f["id"] != "_id"]
            csv = pl.read_csv(file.path, infer_schema=False)
            assert [n for n, _ in fields] == csv.columns  # no BOM in the first name
            declared = dict(file.fields)
            assert declared["文書ID"] == "string"
            kinds = dict(fields)
            assert kinds["文書ID"] == "text"
            assert search["total"] == csv.height
            got = [
                tuple(_datastore_text(r[n], kinds[n]) for n in csv.columns)
                for r in sorted(search["records"], key=lambda r: r["_id"])
            ]
            assert got == [tuple(None if v == "" else v for v in row) for row in csv.rows()]
            if file.name == "ap_fiscal_effects.csv":
                # the declared primary key is the table's: PostgreSQL refuses a duplicate
                assert "期間キー" in file.primary_key
                again = {k: v for k, v in search["records"][0].items() if k != "_id"}
                with pytest.raises(ValidationError, match="duplicate key"):
                    ckan.action.datastore_upsert(
                        resource_id=resource["id"], records=[again], method="insert", force=True
                    )
        # DCAT
        ttl = requests.get(f"{url}/dataset/{dataset.name}.ttl", timeout=30)
        assert ttl.status_code == 200
        turtle = ttl.content.decode("utf-8")  # served without a charset
        assert f'dct:title "{dataset.title}"' in turtle
        assert "dct:license <https://creativecommons.org/licenses/by/4.0/>" in turtle
        assert "spdx:checksumValue" in turtle

    # a second publish changes nothing: same ids and URLs, no upload, nothing modified
    code, out, err = _publish(seeds_output, org, token, "--datastore", monkeypatch=monkeypatch)
    assert code == 0, err
    assert out.splitlines()[-1].endswith("0 uploads, 0 DataStore loads")
    second = _state(ckan, local)
    for name, package in first.items():
        again = second[name]
        assert again["metadata_modified"] == package["metadata_modified"]
        keep = ("id", "url", "last_modified", "metadata_modified", "hash", "size")
        assert [{k: r[k] for k in keep} for r in again["resources"]] == [
            {k: r[k] for k in keep} for r in package["resources"]
        ]


def test_dry_run_changes_nothing(
    ckan: RemoteCKAN,
    org: str,
    clean: None,
    seeds_output: Path,
    local: list[LocalDataset],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = _publish(
        seeds_output, org, os.environ["CKAN_TOKEN"], "--dry-run", monkeypatch=monkeypatch
    )
    assert code == 0, err
    assert f"create dataset {local[0].name}" in out
    assert out.splitlines()[-1].startswith(f"dry run: {len(local)} datasets ({len(local)} create")
    for dataset in local:
        with pytest.raises(NotFound):
            ckan.action.package_show(id=dataset.name)


def test_wrong_key_is_403_one_line_and_changes_nothing(
    ckan: RemoteCKAN,
    org: str,
    clean: None,
    seeds_output: Path,
    local: list[LocalDataset],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = "not-a-valid-token-" + uuid.uuid4().hex
    code, out, err = _publish(seeds_output, org, key, monkeypatch=monkeypatch)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "not authorised (403)" in err
    assert key not in err
    for dataset in local:
        with pytest.raises(NotFound):
            ckan.action.package_show(id=dataset.name)


def test_unknown_organization_is_one_line(
    ckan: RemoteCKAN, seeds_output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _publish(
        seeds_output, "no-such-org-x", os.environ["CKAN_TOKEN"], monkeypatch=monkeypatch
    )
    assert code == 1 and out == ""
    assert err == (
        f"dxparse publish: {os.environ['CKAN_URL']}: organization 'no-such-org-x' not found\n"
    )


def test_failure_halfway_then_rerun_finishes(
    ckan: RemoteCKAN,
    org: str,
    clean: None,
    seeds_output: Path,
    local: list[LocalDataset],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The connection drops at the 6th upload; a re-run completes without duplicates."""
    uploads = 0
    real_post = requests.Session.post

    def dropping_post(self: requests.Session, url: str, **kwargs: Any) -> requests.Response:
        nonlocal uploads
        if kwargs.get("files"):
            uploads += 1
            if uploads == 6:
                raise requests.exceptions.ConnectionError("Connection reset by peer")
        return real_post(self, url, **kwargs)

    token = os.environ["CKAN_TOKEN"]
    with monkeypatch.context() as patched:
        patched.setattr(requests.Session, "post", dropping_post)
        code, _, err = _publish(seeds_output, org, token, "--datastore", monkeypatch=monkeypatch)
    assert code == 1
    assert err == f"dxparse publish: {os.environ['CKAN_URL']}: cannot connect: connection reset\n"
    halfway = ckan.action.package_show(id=local[0].name)
    assert len(halfway["resources"]) == 5  # five uploads done, then the drop

    code, out, err = _publish(seeds_output, org, token, "--datastore", monkeypatch=monkeypatch)
    assert code == 0, err
    total = sum(len(d.files) for d in local)
    assert f"{total - 5} uploads" in out.splitlines()[-1]
    state = _state(ckan, local)
    for dataset in local:
        resources = state[dataset.name]["resources"]
        assert [r["name"] for r in resources] == [f.name for f in dataset.files]
        ids = [r["id"] for r in resources]
        assert len(set(ids)) == len(ids)
        for resource, file in zip(resources, dataset.files, strict=True):
            assert requests.get(resource["url"], timeout=30).content == file.path.read_bytes()
            assert resource["datastore_active"] == (file.format == "CSV")


def test_a_changed_resource_is_updated_in_place(
    ckan: RemoteCKAN,
    org: str,
    clean: None,
    seeds_output: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new description in the datapackage: a metadata update, no upload, same ids."""
    out = tmp_path / "out"
    shutil.copytree(seeds_output, out)
    token = os.environ["CKAN_TOKEN"]
    assert _publish(out, org, token, monkeypatch=monkeypatch)[0] == 0
    name = "dxparse-122173-dx-progress-report"
    before = ckan.action.package_show(id=name)
    package_path = out / "datapackage.json"
    text = package_path.read_text("utf-8")
    renamed = text.replace('"title": "DX施策の数値 (CSV)"', '"title": "DX施策の数値 (改)"')
    package_path.write_text(renamed)
    code, stdout, err = _publish(out, org, token, monkeypatch=monkeypatch)
    assert code == 0, err
    after = ckan.action.package_show(id=name)
    assert [(r["id"], r["url"]) for r in after["resources"]] == [
        (r["id"], r["url"]) for r in before["resources"]
    ]
    assert [r["last_modified"] for r in after["resources"] if r["format"] != "JSON"] == [
        r["last_modified"] for r in before["resources"] if r["format"] != "JSON"
    ]
    assert "DX施策の数値 (改)" in after["notes"]
    assert "uploaded" in stdout  # only the datapackage.json, which changed
    assert stdout.count("uploaded") == 1
