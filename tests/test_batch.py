"""Batches: with --jobs 2 this process and a worker share the documents.

The outcome of every document is the same whichever process read it, and
outcomes come back in input order.
"""

from __future__ import annotations

from pathlib import Path

from dxparse.batch import iter_batch
from dxparse.pipeline import Options
from tests.conftest import AP_SEED, DX_SEED, SAMPLES
from tests.pdfgen import make_pdf


def _inputs(folder: Path) -> list[Path]:
    """Seven documents of all kinds, each file distinct."""
    paths = []
    for n, seed in enumerate([DX_SEED, AP_SEED, DX_SEED, AP_SEED]):
        path = folder / f"{n}_{seed.name}"
        path.write_bytes(seed.read_bytes() + f"\n{n}\n".encode())
        paths.append(path)
    other = folder / "4_other.pdf"
    other.write_bytes(make_pdf([["Minutes of the meeting"]]))
    broken = folder / "5_broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj\n")
    return [*paths, other, broken, SAMPLES / "action_plan_51_r1.pdf"]


def test_two_jobs_give_the_outcomes_of_one_in_input_order(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    serial = list(iter_batch(paths, Options(), jobs=1))
    here: list[Path] = []
    done: list[Path] = []
    shared = list(
        iter_batch(
            paths,
            Options(),
            jobs=2,
            on_start=here.append,
            on_done=lambda outcome: done.append(outcome.path),
        )
    )
    assert [o.path for o in shared] == paths
    assert [(o.document, o.records, o.message) for o in shared] == [
        (o.document, o.records, o.message) for o in serial
    ]
    assert sorted(done) == sorted(paths)
    # This process read documents itself while the worker was still starting.
    assert here
    assert [o.document.status for o in shared].count("failed") == 1
