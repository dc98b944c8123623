"""The generated corpus: document names and seeds from one corpus seed, and
each document's expected records (no drawing library needed for these)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "generated"
CORPUS_SEED = 20261201
KINDS = ("dx", "ap")
DEFAULT_COUNT = 22  # per kind


def document_seed(corpus_seed: int, name: str) -> int:
    """Each document's own seed: independent of how many others are made."""
    digest = hashlib.sha256(f"{corpus_seed}/{name}".encode()).hexdigest()
    return int(digest[:12], 16)


def names(kind: str, count: int) -> list[str]:
    return [f"{kind}_{i:03d}" for i in range(1, count + 1)]


def expected_records(name: str, corpus_seed: int = CORPUS_SEED) -> dict[str, Any]:
    """The expected JSON of a generated document, from its name and the corpus seed."""
    seed = document_seed(corpus_seed, name)
    if name.startswith("dx_"):
        from tools.generate import dx_doc

        return dx_doc.expected(dx_doc.draw(seed, name))
    from tools.generate import ap_doc

    return ap_doc.expected(ap_doc.draw(seed, name))


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
