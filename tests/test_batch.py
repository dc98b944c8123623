"""Batches: every document is read in a worker process, never in this one.

The outcome of every document is the same whatever the number of workers,
and outcomes come back in input order.
"""

from __future__ import annotations

from collections.abc import Iterator
from multiprocessing import forkserver
from pathlib import Path

import pytest

from dxparse import pipeline, pool
from dxparse.batch import WORKER_DIED, iter_batch
from dxparse.pipeline import Options
from dxparse.read import document_id
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


def test_no_document_is_read_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_here(*args: object) -> None:
        raise AssertionError("a document was read in the main process")

    monkeypatch.setattr(pipeline, "_process", not_here)
    (outcome,) = iter_batch([DX_SEED], Options(), jobs=1)
    assert outcome.document.status == "ok"
    assert outcome.dataset_rows()["dx_measures"]


def test_a_worker_sends_the_rows_of_the_records_it_read() -> None:
    """Rows, not models, cross the pipe: the same values in field order."""
    (outcome,) = iter_batch([AP_SEED], Options(), jobs=1)
    here = pipeline.process_document(AP_SEED, Options())
    assert not outcome.records and outcome.rows is not None
    assert outcome.document == here.document
    assert outcome.dataset_rows() == here.dataset_rows()
    expected = {name: len(records) for name, records in here.records.items() if records}
    expected["documents"] = 1
    assert {name: len(rows) for name, rows in outcome.dataset_rows().items()} == expected


def test_two_jobs_give_the_outcomes_of_one_in_input_order(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    serial = list(iter_batch(paths, Options(), jobs=1))
    started: list[Path] = []
    done: list[Path] = []
    shared = list(
        iter_batch(
            paths,
            Options(),
            jobs=2,
            on_start=started.append,
            on_done=lambda outcome: done.append(outcome.path),
        )
    )
    assert [o.path for o in shared] == paths
    assert [(o.document, o.dataset_rows(), o.message) for o in shared] == [
        (o.document, o.dataset_rows(), o.message) for o in serial
    ]
    assert sorted(done) == sorted(started) == sorted(paths)
    assert [o.document.status for o in shared].count("failed") == 1


def test_outcomes_that_finish_early_wait_on_disk_and_come_back_in_order(tmp_path: Path) -> None:
    """Largest first: most documents finish before the first path's; with a
    spill folder they wait there, and come back whole and in input order."""
    paths = _inputs(tmp_path)
    spill = tmp_path / "spill"
    spill.mkdir()
    set_aside: list[int] = []
    kept = list(iter_batch(paths, Options(), jobs=1))

    def count(outcome: object) -> None:
        set_aside.append(len(list(spill.iterdir())))

    spilled = list(iter_batch(paths, Options(), jobs=1, spill=spill, on_done=count))
    assert max(set_aside) > 0  # some did wait on disk
    assert not list(spill.iterdir())  # and every one was taken back
    assert [o.path for o in spilled] == paths
    assert [(o.document, o.dataset_rows(), o.message) for o in spilled] == [
        (o.document, o.dataset_rows(), o.message) for o in kept
    ]


@pytest.fixture
def dying_workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Workers forked from a fork server that has imported tests/worker_faults.py."""
    forkserver._forkserver._stop()  # type: ignore[attr-defined]
    monkeypatch.setattr(pool, "PRELOAD", ["tests.worker_faults", *pool.PRELOAD])
    yield
    forkserver._forkserver._stop()  # type: ignore[attr-defined]  # healthy workers next


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_dies_costs_only_the_document_that_killed_it(
    tmp_path: Path, jobs: int, dying_workers: None
) -> None:
    paths = _inputs(tmp_path)
    killer = tmp_path / "3_crash.pdf"
    killer.write_bytes(make_pdf([["Minutes"]]))
    paths.insert(3, killer)
    with_killer = list(iter_batch(paths, Options(), jobs=jobs))
    assert [o.path for o in with_killer] == paths
    died = with_killer.pop(3)
    assert died.document.status == "failed"
    assert died.message == f"{killer}: {WORKER_DIED}"
    # Read before the worker died: its bytes' hash is the document_id.
    assert died.document.document_id != document_id(str(killer).encode())
    paths.pop(3)
    alone = list(iter_batch(paths, Options(), jobs=1))
    assert [(o.document, o.dataset_rows()) for o in with_killer] == [
        (o.document, o.dataset_rows()) for o in alone
    ]
