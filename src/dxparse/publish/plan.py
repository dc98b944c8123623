"""What a publish run must do: pure, from OUT's datasets and the catalogue's state.

No I/O here. A dataset or resource that already says what OUT says is left
alone; a file whose sha256 is the one the catalogue records (the resource's
`hash`) is not uploaded again; resources are matched by name, so a second
run updates in place and never duplicates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from dxparse.publish import PublishError
from dxparse.publish.local import LocalDataset, LocalFile

Action = Literal["create", "update", "leave"]
MAX_IDENTIFIER_BYTES = 63  # PostgreSQL cuts longer identifiers silently
SHA256_ALGORITHM = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"

# Table Schema type → DataStore (PostgreSQL) type
DATASTORE_TYPES = {
    "string": "text",
    "integer": "int8",
    "number": "numeric",
    "boolean": "bool",
    "date": "date",
    "datetime": "timestamp",
    "time": "time",
    "year": "int4",
}
# SPDX licence ids → (id in CKAN's default licence list, the licence's own URL)
CKAN_LICENSES = {
    "cc-by-4.0": ("cc-by", "https://creativecommons.org/licenses/by/4.0/"),
    "cc-by-sa-4.0": ("cc-by-sa", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc0-1.0": ("cc-zero", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "odbl-1.0": ("odc-odbl", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "pddl-1.0": ("odc-pddl", "https://opendatacommons.org/licenses/pddl/1-0/"),
    "odc-by-1.0": ("odc-by", "https://opendatacommons.org/licenses/by/1-0/"),
    "cc-by-nc-4.0": ("cc-nc", "https://creativecommons.org/licenses/by-nc/4.0/"),
}


@dataclass(frozen=True)
class RemoteResource:
    id: str
    name: str
    url: str
    fields: Mapping[str, str]  # the resource fields we set (format, mimetype, …) as stored
    datastore_active: bool = False
    datastore_fields: tuple[tuple[str, str], ...] | None = None
    datastore_total: int | None = None


@dataclass(frozen=True)
class RemoteDataset:
    id: str
    name: str
    owner_org: str
    fields: Mapping[str, str]  # title, notes, license_id
    tags: frozenset[str]
    extras: Mapping[str, str]
    resources: tuple[RemoteResource, ...]


@dataclass(frozen=True)
class Catalogue:
    url: str
    organization_id: str
    licenses: Mapping[str, str]  # the catalogue's licence ids → their URLs
    datasets: Mapping[str, RemoteDataset]  # by name; absent: not on the catalogue


@dataclass(frozen=True)
class ResourceStep:
    action: Action
    file: LocalFile
    resource_id: str | None
    upload: bool
    fields: Mapping[str, str]  # every field we set
    changes: tuple[str, ...]  # fields that differ (update)
    datastore: tuple[tuple[str, str], ...] | None = None  # fields to load, or None


@dataclass(frozen=True)
class DatasetStep:
    action: Action
    local: LocalDataset
    package_id: str | None
    fields: Mapping[str, Any]  # package fields to create with / patch
    changes: tuple[str, ...]
    resources: tuple[ResourceStep, ...] = field(default_factory=tuple)


def license_id(license: str, available: Mapping[str, str]) -> str:
    """The catalogue's id for a licence: its own spelling, else CKAN's default id."""
    by_fold = {i.casefold(): i for i in available}
    if license.casefold() in by_fold:
        return by_fold[license.casefold()]
    mapped = CKAN_LICENSES.get(license.casefold(), ("", ""))[0]
    if mapped and (mapped in available or not available):
        return mapped
    return license


def license_ref(local: LocalDataset, catalogue: Catalogue) -> str:
    """What each resource names as its licence (DCAT puts licences on distributions)."""
    if local.license_url:
        return local.license_url
    known = CKAN_LICENSES.get(local.license.casefold(), ("", ""))[1]
    return known or catalogue.licenses.get(license_id(local.license, catalogue.licenses)) or ""


def datastore_fields(file: LocalFile) -> tuple[tuple[str, str], ...]:
    """DataStore fields of a CSV, refused clearly when PostgreSQL would mangle a name."""
    if not file.fields:
        raise PublishError(f"{file.name}: no schema in the datapackage: cannot load the DataStore")
    out = []
    for name, kind in file.fields:
        size = len(name.encode("utf-8"))
        if size > MAX_IDENTIFIER_BYTES:
            raise PublishError(
                f"{file.name}: column {name!r} is {size} bytes in UTF-8; DataStore (PostgreSQL)"
                f" names are at most {MAX_IDENTIFIER_BYTES}: use --csv-headers en or shorter titles"
            )
        if name.startswith("_") or '"' in name or not name.strip() or name.startswith("\ufeff"):
            raise PublishError(f"{file.name}: column {name!r} is not a valid DataStore name")
        out.append((name, DATASTORE_TYPES.get(kind, "text")))
    if len({n for n, _ in out}) != len(out):
        raise PublishError(f"{file.name}: two columns share a name: cannot load the DataStore")
    missing = set(file.primary_key) - {n for n, _ in out}
    if missing:
        raise PublishError(f"{file.name}: primary key {sorted(missing)} not among its columns")
    return tuple(out)


def resource_fields(file: LocalFile, license: str) -> dict[str, str]:
    return {
        "license": license,
        "name": file.name,
        "format": file.format,
        "mimetype": file.mimetype,
        "description": file.description,
        "hash": file.sha256,
        "hash_algorithm": SHA256_ALGORITHM,
    }


def _resource_step(
    file: LocalFile, remote: RemoteResource | None, datastore: bool, license: str
) -> ResourceStep:
    wanted = resource_fields(file, license)
    load = datastore_fields(file) if datastore and file.format == "CSV" else None
    if remote is None:
        return ResourceStep("create", file, None, True, wanted, tuple(wanted), load)
    changes = tuple(k for k, v in wanted.items() if remote.fields.get(k, "") != v)
    upload = "hash" in changes
    if load is not None and not upload:
        current = (remote.datastore_fields, remote.datastore_total)
        if remote.datastore_active and current == (load, file.rows):
            load = None  # the DataStore already holds this file's rows as declared
    action: Action = "update" if changes or load is not None else "leave"
    return ResourceStep(action, file, remote.id, upload, wanted, changes, load)


def dataset_fields(local: LocalDataset, catalogue: Catalogue) -> dict[str, Any]:
    return {
        "name": local.name,
        "title": local.title,
        "notes": local.notes,
        "license_id": license_id(local.license, catalogue.licenses),
        "owner_org": catalogue.organization_id,
        "tags": sorted(local.tags),
        "extras": dict(sorted(local.extras.items())),
    }


def _dataset_step(local: LocalDataset, catalogue: Catalogue, datastore: bool) -> DatasetStep:
    wanted = dataset_fields(local, catalogue)
    remote = catalogue.datasets.get(local.name)
    lic = license_ref(local, catalogue)
    if remote is None:
        steps = tuple(_resource_step(f, None, datastore, lic) for f in local.files)
        return DatasetStep("create", local, None, wanted, tuple(wanted), steps)
    if remote.owner_org != catalogue.organization_id:
        raise PublishError(
            f"{catalogue.url}: dataset {local.name} belongs to another organization; not touched"
        )
    changes = [k for k in ("title", "notes", "license_id") if remote.fields.get(k) != wanted[k]]
    if not set(wanted["tags"]) <= remote.tags:
        changes.append("tags")
    if any(remote.extras.get(k) != v for k, v in wanted["extras"].items()):
        changes.append("extras")
    by_name: dict[str, RemoteResource] = {}
    for r in remote.resources:
        by_name.setdefault(r.name, r)  # the first of a name is ours; never add another
    steps = tuple(_resource_step(f, by_name.get(f.name), datastore, lic) for f in local.files)
    patch: dict[str, Any] = {k: wanted[k] for k in changes}
    if "tags" in patch:  # keep tags a curator added
        patch["tags"] = sorted(remote.tags | set(wanted["tags"]))
    if "extras" in patch:  # keep extras a curator added
        patch["extras"] = dict(sorted({**remote.extras, **wanted["extras"]}.items()))
    action: Action = "update" if changes else "leave"
    return DatasetStep(action, local, remote.id, patch, tuple(changes), steps)


def make_plan(
    datasets: Sequence[LocalDataset], catalogue: Catalogue, *, datastore: bool = False
) -> list[DatasetStep]:
    """One step per dataset, each with one step per file, in OUT's order."""
    names = [d.name for d in datasets]
    if len(set(names)) != len(names):
        raise PublishError("two datasets of OUT would get the same CKAN name")
    return [_dataset_step(d, catalogue, datastore) for d in datasets]


def describe(plan: Sequence[DatasetStep]) -> list[str]:
    """One line per dataset and resource: what the run does (or would do)."""
    lines = []
    for step in plan:
        why = f" ({', '.join(step.changes)})" if step.action == "update" else ""
        lines.append(f"{step.action} dataset {step.local.name}: {step.local.title}{why}")
        for r in step.resources:
            if r.action == "leave":
                what = "sha256 unchanged"
            elif r.action == "create":
                what = f"upload {r.file.size} bytes"
            else:
                parts = [f"upload {r.file.size} bytes" if r.upload else ""]
                parts += [c for c in r.changes if c not in ("hash", "hash_algorithm")]
                what = ", ".join(p for p in parts if p)
            if r.datastore is not None:
                what += ("; " if what else "") + f"DataStore {r.file.rows} rows"
            lines.append(f"  {r.action} resource {r.file.name} ({r.file.format}): {what}")
    return lines


def summary(plan: Sequence[DatasetStep]) -> str:
    def count(actions: list[str]) -> str:
        return ", ".join(f"{actions.count(a)} {a}" for a in ("create", "update", "leave"))

    resources = [r for s in plan for r in s.resources]
    uploads = sum(r.upload for r in resources)
    loads = sum(r.datastore is not None for r in resources)
    return (
        f"{len(plan)} datasets ({count([s.action for s in plan])}), "
        f"{len(resources)} resources ({count([r.action for r in resources])}), "
        f"{uploads} uploads, {loads} DataStore loads"
    )
