"""Batches: with --jobs 2 this process and a worker share the documents.

The outcome of every document is the same whichever process read it, and
outcomes come back in input order.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from dxparse import batch
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


def _die_on(marker: str) -> None:
    """Worker initializer: the worker process dies on a file named with `marker`,
    as one killed by the out-of-memory killer would."""
    import os

    from dxparse import batch

    read = vars(batch)["process_document"]

    def process(path: Path, options: Options) -> Any:
        if marker in path.name:
            os._exit(1)
        return read(path, options)

    vars(batch)["process_document"] = process


def _dying_pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, context, initializer=_die_on, initargs=("_crash",))


def test_a_worker_that_dies_costs_only_the_document_that_killed_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _inputs(tmp_path)
    # The largest file goes to a worker first: it is the one that kills it.
    killer = tmp_path / "9_crash.pdf"
    killer.write_bytes((SAMPLES / "dx_progress_2022.pdf").read_bytes() + b"\n% big" * 20000)
    paths.append(killer)
    serial = list(iter_batch(paths, Options(), jobs=1))
    # The fresh worker that reads them again one at a time dies on it too.
    monkeypatch.setattr(batch, "start_pool", _dying_pool)
    with _dying_pool(1) as pool:
        shared = list(iter_batch(paths, Options(), jobs=2, pool=pool))
    assert [o.path for o in shared] == paths
    *rest, died = shared
    assert died.document.status == "failed"
    assert (
        died.message
        == f"{killer}: the worker process died while reading it (out of memory or a crash)"
    )
    assert [(o.document, o.records) for o in rest] == [(o.document, o.records) for o in serial[:-1]]
