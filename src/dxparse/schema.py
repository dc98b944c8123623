"""JSON Schema files for the datasets, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path

from dxparse.models import DATASETS, Record


def json_schema(model: type[Record]) -> dict[str, object]:
    schema = model.model_json_schema(mode="serialization")
    schema["title"] = model.title_ja
    schema["$id"] = f"{model.dataset_id}.schema.json"
    schema["x-primary-key"] = list(model.primary_key)
    return schema


def render_schemas() -> dict[str, str]:
    """File name → file text, for every dataset."""
    return {
        f"{model.dataset_id}.schema.json": json.dumps(
            json_schema(model), ensure_ascii=False, indent=2, sort_keys=True
        )
        + "\n"
        for model in DATASETS
    }


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in render_schemas().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
