"""The CKAN side of `dxparse publish`, through ckanapi: read the state, carry out the plan.

The API key is only ever handed to ckanapi (an Authorization header); it is
never printed, logged, or part of an error message. Every fault becomes a
PublishError with one line; everything done before it stays done, and since
the plan is computed afresh from the catalogue's state, a re-run finishes.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import requests
from ckanapi import RemoteCKAN
from ckanapi.errors import CKANAPIError, NotAuthorized, NotFound, ValidationError

from dxparse import __version__
from dxparse.publish import PublishError
from dxparse.publish.local import LocalFile, build_datasets
from dxparse.publish.plan import (
    Catalogue,
    DatasetStep,
    RemoteDataset,
    RemoteResource,
    ResourceStep,
    describe,
    make_plan,
    summary,
)

DATASTORE_BATCH = 1000  # rows per datastore call
RESOURCE_FIELDS = ("license", "name", "format", "mimetype", "description", "hash", "hash_algorithm")


class Client:
    """ckanapi's RemoteCKAN with a time limit and one-line errors."""

    def __init__(self, url: str, api_key: str | None, timeout: float) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._ckan = RemoteCKAN(self.url, apikey=api_key, user_agent=f"dxparse/{__version__}")

    def close(self) -> None:
        self._ckan.close()

    def action(self, name: str, files: Mapping[str, Any] | None = None, /, **data: Any) -> Any:
        try:
            return self._ckan.call_action(
                name, data, files=files, requests_kwargs={"timeout": self.timeout}
            )
        except NotAuthorized:
            raise PublishError(
                f"{self.url}: {name}: not authorised (403): check CKAN_API_KEY and the"
                " user's rights in the organization"
            ) from None
        except NotFound:
            raise
        except ValidationError as exc:
            raise PublishError(f"{self.url}: {name} refused: {_short(exc.error_dict)}") from None
        except requests.exceptions.Timeout:
            raise PublishError(f"{self.url}: no answer within {self.timeout:g} s") from None
        except requests.exceptions.ConnectionError as exc:
            raise PublishError(f"{self.url}: cannot connect: {_reason(exc)}") from None
        except requests.exceptions.RequestException as exc:
            raise PublishError(f"{self.url}: {name}: {type(exc).__name__}") from None
        except CKANAPIError as exc:
            raise PublishError(f"{self.url}: {name} failed: {_short(exc)}") from None
        except ValueError:  # an answer that is not CKAN's JSON (a proxy's error page)
            raise PublishError(f"{self.url}: {name}: the answer is not CKAN's API") from None

    def upload(self, name: str, path: Path, /, **data: Any) -> Any:
        with path.open("rb") as f:
            return self.action(name, {"upload": (path.name, f)}, **data)


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 300 else text[:297] + "..."


def _reason(exc: BaseException) -> str:
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "Connection reset"):
        if known in text:
            return known.lower()
    return "connection failed"


def _remote_dataset(client: Client, package: Mapping[str, Any]) -> RemoteDataset:
    resources = []
    for r in package.get("resources", []):
        ds_fields: tuple[tuple[str, str], ...] | None = None
        total: int | None = None
        if r.get("datastore_active"):
            try:
                info = client.action("datastore_search", resource_id=r["id"], limit=0)
                ds_fields = tuple(
                    (f["id"], f["type"]) for f in info.get("fields", []) if f["id"] != "_id"
                )
                total = int(info.get("total", 0))
            except NotFound:
                pass
        resources.append(
            RemoteResource(
                id=r["id"],
                name=r.get("name") or "",
                url=r.get("url") or "",
                fields={k: str(r.get(k) or "") for k in RESOURCE_FIELDS},
                datastore_active=bool(r.get("datastore_active")),
                datastore_fields=ds_fields,
                datastore_total=total,
            )
        )
    return RemoteDataset(
        id=package["id"],
        name=package["name"],
        owner_org=package.get("owner_org") or "",
        fields={k: str(package.get(k) or "") for k in ("title", "notes", "license_id")},
        tags=frozenset(t["name"] for t in package.get("tags", [])),
        extras={e["key"]: str(e["value"]) for e in package.get("extras", [])},
        resources=tuple(resources),
    )


def read_catalogue(client: Client, organization: str, names: Sequence[str]) -> Catalogue:
    """The organization, the licences and the datasets OUT would publish, as they are now."""
    try:
        org = client.action("organization_show", id=organization, include_datasets=False)
    except NotFound:
        raise PublishError(f"{client.url}: organization {organization!r} not found") from None
    licenses = {str(x["id"]): str(x.get("url") or "") for x in client.action("license_list")}
    datasets = {}
    for name in names:
        try:
            package = client.action("package_show", id=name)
        except NotFound:
            continue
        datasets[name] = _remote_dataset(client, package)
    return Catalogue(client.url, org["id"], licenses, datasets)


def check_rights(client: Client, organization_id: str, organization: str) -> None:
    """Fail before any change when the key's user may not publish in the organization."""
    orgs = client.action("organization_list_for_user", permission="create_dataset")
    if not any(o.get("id") == organization_id for o in orgs):
        raise PublishError(
            f"{client.url}: not authorised (403): CKAN_API_KEY is not a valid token, or its user"
            f" may not create datasets in {organization!r}"
        )


def _csv_records(file: LocalFile, fields: Sequence[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    """The CSV's rows, cells converted to their declared types; empty = null."""
    # utf-8-sig: CKAN refuses a field name that still carries the BOM
    df = pl.read_csv(io.BytesIO(file.path.read_bytes()), infer_schema=False)
    names = [n for n, _ in fields]
    if df.columns != names:
        raise PublishError(f"{file.name}: the header is not the datapackage's field list")
    converters: list[Callable[[str], Any]] = []
    for _, kind in fields:
        if kind in ("int8", "int4"):
            converters.append(int)
        elif kind == "bool":
            converters.append(lambda v: {"true": True, "false": False}[v.lower()])
        else:  # numeric, dates, text: PostgreSQL reads the text as printed
            converters.append(str)
    for row in df.iter_rows():
        try:
            yield {
                n: None if v is None or v == "" else conv(v)
                for n, v, conv in zip(names, row, converters, strict=True)
            }
        except (ValueError, KeyError) as exc:
            raise PublishError(
                f"{file.name}: a cell does not have its declared type: {exc}"
            ) from None


def load_datastore(client: Client, step: ResourceStep, resource_id: str) -> None:
    """Replace the resource's DataStore table with the CSV's rows."""
    assert step.datastore is not None
    with contextlib.suppress(NotFound):  # NotFound: no table yet
        client.action("datastore_delete", resource_id=resource_id, force=True)
    fields = [{"id": n, "type": t} for n, t in step.datastore]
    # The declared key (SQL-valid: no nullable part) becomes the table's primary key,
    # so PostgreSQL itself refuses a duplicate row.
    key = {"primary_key": list(step.file.primary_key)} if step.file.primary_key else {}
    client.action("datastore_create", resource_id=resource_id, fields=fields, force=True, **key)
    batch: list[dict[str, Any]] = []
    for record in _csv_records(step.file, step.datastore):
        batch.append(record)
        if len(batch) == DATASTORE_BATCH:
            client.action(
                "datastore_upsert",
                resource_id=resource_id,
                records=batch,
                method="insert",
                force=True,
            )
            batch = []
    if batch:
        client.action(
            "datastore_upsert", resource_id=resource_id, records=batch, method="insert", force=True
        )


def _package_data(fields: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(fields)
    if "tags" in data:
        data["tags"] = [{"name": t} for t in data["tags"]]
    if "extras" in data:
        data["extras"] = [{"key": k, "value": v} for k, v in data["extras"].items()]
    return data


def execute(client: Client, plan: Sequence[DatasetStep], say: Callable[[str], None]) -> None:
    for step in plan:
        package_id = step.package_id
        if step.action == "create":
            created = client.action("package_create", private=False, **_package_data(step.fields))
            package_id = created["id"]
            say(f"created dataset {step.local.name}")
        elif step.action == "update":
            client.action("package_patch", id=package_id, **_package_data(step.fields))
            say(f"updated dataset {step.local.name} ({', '.join(step.changes)})")
        for r in step.resources:
            resource_id = r.resource_id
            if r.action == "create":
                made = client.upload(
                    "resource_create", r.file.path, package_id=package_id, **r.fields
                )
                resource_id = made["id"]
                say(f"  uploaded {step.local.name}/{r.file.name}")
            elif r.action == "update" and r.upload:
                client.upload("resource_patch", r.file.path, id=resource_id, **r.fields)
                say(f"  uploaded {step.local.name}/{r.file.name} (changed)")
            elif r.action == "update" and r.changes:
                client.action("resource_patch", id=resource_id, **r.fields)
                say(f"  updated {step.local.name}/{r.file.name} ({', '.join(r.changes)})")
            if r.datastore is not None:
                assert resource_id is not None
                load_datastore(client, r, resource_id)
                say(f"  DataStore {step.local.name}/{r.file.name}: {r.file.rows} rows")


def publish(
    out: Path,
    url: str,
    organization: str,
    *,
    api_key: str | None,
    datastore: bool = False,
    dry_run: bool = False,
    timeout: float = 60.0,
    say: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
) -> list[DatasetStep]:
    """Publish OUT; return the plan that was carried out (or, dry, would be)."""
    with tempfile.TemporaryDirectory(prefix="dxparse-publish-") as stage:
        local = build_datasets(out, Path(stage))
        if not dry_run and not api_key:
            raise PublishError(
                "CKAN_API_KEY is not set: an API token of a user who may publish in the"
                " organization"
            )
        for line in local.warnings:
            warn(line)
        client = Client(url, api_key, timeout)
        try:
            catalogue = read_catalogue(client, organization, [d.name for d in local.datasets])
            plan = make_plan(local.datasets, catalogue, datastore=datastore)
            if dry_run:
                for line in describe(plan):
                    say(line)
                say(f"dry run: {summary(plan)}")
                return plan
            check_rights(client, catalogue.organization_id, organization)
            execute(client, plan, say)
            say(summary(plan))
        finally:
            client.close()
    return plan
