"""Hostile files and faults: each costs its own document only, with one line.

Every reproducer is built here: a page whose /Resources refers to itself,
broken text encodings, names that are not UTF-8, a Flate bomb under a small
memory bound, FIFOs and devices, symbolic-link loops, SIGTERM to a running
batch, long cells.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from dxparse import pool
from dxparse.models import DATASETS
from dxparse.parsers.dx import metrics
from dxparse.read import TEXT_MAX_BYTES, document_id
from tests.conftest import DX_SEED, run_cli
from tests.pdfgen import make_pdf, pdf_of_objects


def _one_page(page: bytes, *more: bytes) -> bytes:
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    return pdf_of_objects([catalog, pages, page, *more])


def self_referencing_resources() -> bytes:
    """Object 4, the page's /Resources, is a reference to itself."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 4 0 R >>"
    return _one_page(page, b"4 0 R")


def flate_bomb(inflated: int) -> bytes:
    """A page whose content stream inflates from ~inflated/1000 bytes to `inflated`."""
    packer = zlib.compressobj(9)
    block = bytes(2**20)
    data = b"".join(packer.compress(block) for _ in range(inflated // len(block)))
    data += packer.flush()
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data)
    return _one_page(page, stream + data + b"\nendstream")


def _datasets(out: Path) -> dict[str, pl.DataFrame]:
    return {m.dataset_id: pl.read_parquet(out / f"{m.dataset_id}.parquet") for m in DATASETS}


@pytest.fixture(scope="module")
def seed_alone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    out = tmp_path_factory.mktemp("alone")
    run_cli("extract", str(DX_SEED), "-o", str(out), "--no-progress")
    return _datasets(out)


def _seed_intact(out: Path, alone: dict[str, pl.DataFrame]) -> None:
    together = _datasets(out)
    seed_id = alone["documents"]["document_id"][0]
    for dataset, rows in alone.items():
        assert together[dataset].filter(pl.col("document_id") == seed_id).equals(rows), dataset


def _folder_with_seed(tmp_path: Path, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / DX_SEED.name).write_bytes(DX_SEED.read_bytes())
    return folder


def _lines_about(stderr: str, path: Path) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"{path}: ")]


# 1. A hang the alarm could not stop -------------------------------------


def test_self_referencing_resources_time_out_and_fail_alone(
    tmp_path: Path, seed_alone: dict[str, pl.DataFrame]
) -> None:
    folder = _folder_with_seed(tmp_path, {"loop.pdf": self_referencing_resources()})
    out = tmp_path / "out"
    started = time.monotonic()
    result = run_cli("extract", str(folder), "-o", str(out), "--timeout", "2", "--no-progress")
    assert time.monotonic() - started < 15  # it hung forever before
    assert result.exit_code == 1
    assert _lines_about(result.stderr, folder / "loop.pdf") == [
        f"{folder / 'loop.pdf'}: timed out after 2 s"
    ]
    docs = _datasets(out)["documents"]
    row = docs.filter(pl.col("source_file") == "loop.pdf").row(0, named=True)
    assert (row["status"], row["error"]) == ("failed", "timed out after 2 s")
    # The bytes were read before the deadline: the id is their hash.
    assert row["document_id"] == document_id((folder / "loop.pdf").read_bytes())
    _seed_intact(out, seed_alone)


# 2. Text decoding ------------------------------------------------------------

_TEXT = "令和4年度の利用件数は120件\n"
BROKEN_TEXTS = {
    "lone_surrogate.txt": (
        b"\xff\xfe" + _TEXT.encode("utf-16-le") + b"\x00\xd8" + "続き".encode("utf-16-le"),
        "UTF-16 byte-order mark, but the text is not valid UTF-16",
    ),
    "odd_length.txt": (
        b"\xff\xfe" + _TEXT.encode("utf-16-le") + b"A",
        "UTF-16 byte-order mark, but 33 bytes after it are not whole 2-byte units",
    ),
    "bom_then_sjis.txt": (
        b"\xef\xbb\xbf" + _TEXT.encode("cp932"),
        "UTF-8 byte-order mark, but the text is not valid UTF-8",
    ),
    "utf32_without_bom.txt": (
        _TEXT.encode("utf-32-le"),
        "text holds NUL bytes: UTF-16 or UTF-32 without a byte-order mark",
    ),
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_broken_text_encodings_fail_alone_for_any_jobs(
    tmp_path: Path, jobs: str, seed_alone: dict[str, pl.DataFrame]
) -> None:
    folder = _folder_with_seed(tmp_path, {n: data for n, (data, _) in BROKEN_TEXTS.items()})
    out = tmp_path / "out"
    result = run_cli("extract", str(folder), "-o", str(out), "--jobs", jobs, "--no-progress")
    assert result.exit_code == 1
    docs = _datasets(out)["documents"]
    for name, (_, reason) in BROKEN_TEXTS.items():
        (line,) = _lines_about(result.stderr, folder / name)
        assert reason in line
        row = docs.filter(pl.col("source_file") == name).row(0, named=True)
        assert row["status"] == "failed" and reason in row["error"]
    _seed_intact(out, seed_alone)


def test_utf32_with_bom_is_read_like_utf8(tmp_path: Path) -> None:
    text = DX_SEED.read_text("utf-8")
    utf32 = tmp_path / "utf32.txt"
    utf32.write_bytes(b"\xff\xfe\x00\x00" + text.encode("utf-32-le"))
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(text, "utf-8")
    outs = []
    for path in (utf32, utf8):
        out = tmp_path / path.stem
        assert run_cli("extract", str(path), "-o", str(out), "--no-progress").exit_code == 0
        outs.append(_datasets(out)["dx_measures"].drop("document_id"))
    assert outs[0].height == 36
    assert outs[0].equals(outs[1])


# 3. File names -----------------------------------------------------------------


def test_a_name_that_is_not_utf8_is_kept_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = "レポート".encode("cp932") + b".txt"  # as unzip leaves a Shift_JIS name
    (Path(os.fsdecode(os.fsencode(folder) + b"/" + raw))).write_bytes(DX_SEED.read_bytes())
    out = tmp_path / "out"
    result = run_cli("extract", str(folder), "-o", str(out), "--no-progress", "--format", "csv")
    assert result.exit_code == 0, result.output
    escaped = raw.decode("utf-8", "backslashreplace")
    assert escaped == "\\x83\\x8c\\x83|\\x81[\\x83g.txt"
    docs = pl.read_csv(out / "documents.csv", infer_schema=False)
    assert docs["ファイル名"].to_list() == [escaped]


def test_a_newline_in_a_name_does_not_split_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "two\nlines.pdf").write_bytes(b"not a pdf")
    result = run_cli("extract", str(folder), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "lines.pdf" in line]
    assert lines == [f"{folder}/two\\nlines.pdf: not a PDF (no %PDF header)"]
    docs = _datasets(tmp_path / "out")["documents"]
    assert docs["source_file"].to_list() == ["two\nlines.pdf"]  # the data keeps it exactly


def test_a_formula_file_name_is_prefixed_and_reported(tmp_path: Path) -> None:
    name = '=HYPERLINK("example.com","x").txt'
    (tmp_path / name).write_bytes(DX_SEED.read_bytes())
    out = tmp_path / "out"
    result = run_cli("extract", str(tmp_path / name), "-o", str(out), "--no-progress")
    assert result.exit_code == 0, result.output
    csv = pl.read_csv(out / "documents.csv", infer_schema=False)
    assert csv["ファイル名"].to_list() == ["'" + name]
    issues = _datasets(out)["extraction_issues"].filter(pl.col("code") == "csv_formula_text")
    assert issues.filter(pl.col("dataset") == "documents").select("field", "raw").rows() == [
        ("source_file", name)
    ]


# 4. Memory and what is read at all ---------------------------------------------


# pdfminer inflates in Python: a MemoryError, reported as the bound. pdfium
# inflates in C and aborts when an allocation fails: the worker dies, and
# that is what is reported (the reason names memory as the likely cause).
_BOMB_REASONS = {
    "pdfminer": "needs more memory than the bound of 256 MiB (--max-memory)",
    "pdfium": "the worker process died while reading it (out of memory or a crash)",
}


@pytest.mark.parametrize("engine", sorted(_BOMB_REASONS))
def test_a_flate_bomb_under_a_memory_bound_fails_alone(
    tmp_path: Path, seed_alone: dict[str, pl.DataFrame], engine: str
) -> None:
    # 512 KiB that inflate to 512 MiB, against a bound of 256 MiB.
    folder = _folder_with_seed(tmp_path, {"bomb.pdf": flate_bomb(512 * 2**20)})
    out = tmp_path / "out"
    result = run_cli(
        "extract",
        str(folder),
        "-o",
        str(out),
        "--max-memory",
        "256M",
        "--no-progress",
        "--engine",
        engine,
    )
    assert result.exit_code == 1
    reason = _BOMB_REASONS[engine]
    assert _lines_about(result.stderr, folder / "bomb.pdf") == [f"{folder / 'bomb.pdf'}: {reason}"]
    docs = _datasets(out)["documents"]
    assert docs.filter(pl.col("source_file") == "bomb.pdf")["error"].to_list() == [reason]
    _seed_intact(out, seed_alone)


def test_a_huge_text_layer_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:  # sparse: nothing is written, nothing need be read
        file.truncate(TEXT_MAX_BYTES + 1)
    result = run_cli("extract", str(huge), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.exit_code == 1
    assert _lines_about(result.stderr, huge) == [
        f"{huge}: text layer of {TEXT_MAX_BYTES + 1:,} bytes, more than the 32 MiB"
        " a text input may have; not read"
    ]


def test_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    result = run_cli("extract", "/dev/zero", "-o", str(tmp_path / "out"), "--no-progress")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "/dev/zero: skipped: not a regular file (a character device); not read",
        "/dev/zero: nothing left to read",
    ]
    assert not (tmp_path / "out").exists()


def test_a_fifo_named_or_in_a_folder_is_refused_without_waiting(tmp_path: Path) -> None:
    folder = _folder_with_seed(tmp_path, {})
    os.mkfifo(folder / "pipe.txt")
    named = tmp_path / "named.pdf"
    os.mkfifo(named)
    out = tmp_path / "out"
    started = time.monotonic()
    result = run_cli("extract", str(folder), str(named), "-o", str(out), "--no-progress")
    assert time.monotonic() - started < 15
    assert result.exit_code == 1  # the seed is ok, two inputs were skipped
    for fifo in (folder / "pipe.txt", named):
        assert _lines_about(result.stderr, fifo) == [
            f"{fifo}: skipped: not a regular file (a FIFO (named pipe)); not read"
        ]
    assert "1 documents: 1 ok, 0 partial, 0 failed; 2 inputs skipped" in result.stderr
    assert _datasets(out)["documents"]["source_file"].to_list() == [DX_SEED.name]


def test_links_and_folders_that_cannot_be_read_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder_with_seed(tmp_path, {})
    (folder / "loop").symlink_to(folder)  # a folder link to a folder it is in
    (folder / "self.pdf").symlink_to(folder / "self.pdf")  # resolves to itself
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    (folder / "notes.md").symlink_to(folder / "missing.md")  # not an input: ignored
    locked = folder / "locked"
    locked.mkdir()
    scandir = os.scandir

    def refuse(path: Any) -> Iterator[os.DirEntry[str]]:
        if isinstance(path, str | Path) and Path(path) == locked:  # chmod 000 does not stop root
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = run_cli("extract", str(folder), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.exit_code == 1
    skipped = [line for line in result.stderr.splitlines() if ": skipped: " in line]
    assert skipped == [
        f"{folder / 'gone.txt'}: skipped: broken symbolic link (its target does not exist)",
        f"{locked}: skipped: cannot list folder: Permission denied",
        f"{folder / 'loop'}: skipped: symbolic link loop (to a folder it is in)",
        f"{folder / 'self.pdf'}: skipped: symbolic link loop; not read",
    ]
    assert "1 documents: 1 ok, 0 partial, 0 failed; 4 inputs skipped" in result.stderr


def _without_root_powers() -> list[str]:
    """A command prefix that takes from root the power to read any file."""
    if os.geteuid() != 0:
        return []
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_an_unreadable_file_on_the_command_line_is_one_line() -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        secret = folder / "secret.pdf"
        secret.write_bytes(make_pdf([["Minutes"]]))
        secret.chmod(0)
        command = [sys.executable, "-m", "dxparse", "extract", str(secret)]
        proc = subprocess.run(
            [*_without_root_powers(), *command, "-o", str(folder / "out")],
            capture_output=True,
            text=True,
            check=False,
        )
    assert proc.returncode == 1, proc.stderr
    assert f"{secret}: cannot read file: Permission denied" in proc.stderr.splitlines()
    assert "Usage" not in proc.stderr and "Traceback" not in proc.stderr


# 7. Arguments, warnings, signals -------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_a_timeout_that_is_no_number_of_seconds_is_a_usage_error(
    tmp_path: Path, value: str
) -> None:
    result = run_cli("extract", str(DX_SEED), "-o", str(tmp_path / "out"), "--timeout", value)
    assert result.exit_code == 2
    assert "--timeout" in result.output
    assert not (tmp_path / "out").exists()


def test_no_worker_starts_before_the_arguments_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_workers(*args: object) -> None:
        raise AssertionError("workers started before the usage error")

    monkeypatch.setattr("dxparse.cli.prepare", no_workers)
    monkeypatch.setattr(pool, "Worker", no_workers)
    for bad in (
        ["--municipality-code", "122174"],
        ["--max-memory", "lots"],
        ["--timeout", "nan"],
        ["--jobs", "0"],
    ):
        result = run_cli("extract", str(DX_SEED), "-o", str(tmp_path), "--jobs", "16", *bad)
        assert result.exit_code == 2, bad


def test_pdfminer_warnings_are_issue_rows_not_stray_lines(tmp_path: Path) -> None:
    # `/X g`: a gray level that is no number, on every page.
    pdf = tmp_path / "grey.pdf"
    pdf.write_bytes(make_pdf([["Minutes of the board"], ["Page two"]], drawing="/X g"))
    proc = subprocess.run(
        # pdfminer's warnings: the engine that interprets the page with pdfminer.
        [
            sys.executable,
            "-m",
            "dxparse",
            "extract",
            str(pdf),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "pdfminer",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "gray" not in proc.stderr
    issues = _datasets(tmp_path / "out")["extraction_issues"]
    warned = issues.filter(pl.col("code") == "reader_warning")
    assert warned.select("severity", "message").rows() == [
        (
            "warning",
            "pdfminer.pdfinterp: Cannot set gray level because /'X' is an invalid float value"
            " (2 times)",
        )
    ]


def _session_processes(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":  # field 6: session id
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=str)
def test_a_signal_ends_every_process_of_the_run(tmp_path: Path, stop: signal.Signals) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):  # some ten seconds each
        slow = make_pdf([[f"Statistics {n} page {i}"] for i in range(6000)])
        (folder / f"slow{n}.pdf").write_bytes(slow)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "dxparse", "extract", str(folder), "-o", str(out)]
    log = tmp_path / "stderr"
    with log.open("w") as stderr_file:  # not a pipe: every process of the run holds it
        proc = subprocess.Popen(
            [*command, "--jobs", "2", "--max-pages", "10000", "--no-progress"],
            stderr=stderr_file,
            start_new_session=True,
        )
    deadline = time.monotonic() + 15
    # The run, its fork server, resource tracker and two workers.
    while len(_session_processes(proc.pid)) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_session_processes(proc.pid)) >= 5
    proc.send_signal(stop)  # to the run only: its workers must end with it
    proc.wait(timeout=15)
    if stop == signal.SIGKILL:  # no handler runs: the workers die with the fork server
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 128 + stop
    # Gone at once, not when the workers' documents are done.
    gone = time.monotonic() + 3
    while _session_processes(proc.pid) and time.monotonic() < gone:
        time.sleep(0.05)
    assert _session_processes(proc.pid) == []
    # OUT as it was (no run before: nothing in it); the lock may have made it.
    assert not out.exists() or list(out.iterdir()) == []
    if stop != signal.SIGKILL:  # a killed run's staging is removed by the next run
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.dxparse-")] == []
        assert (
            f"dxparse: stopped by {stop.name}; the output folder is left whole" in log.read_text()
        )


# 6. Long cells -----------------------------------------------------------------


def test_a_long_sentence_is_laid_out_once_and_its_figures_not_guessed() -> None:
    # One sentence, no 。: every figure's clause would be the whole text.
    clause = "令和4年度から市内31ヶ所の窓口で提供し利用件数は約1200件となった"
    detail = clause * (metrics.MAX_SENTENCE // len(clause) + 10)
    found, skipped = metrics.extract_metrics(detail)
    assert found == []
    assert len(skipped) == 2 * detail.count(clause)
    assert {s.reason for s in skipped} == {"long_sentence"}
    assert max(len(s.text) for s in skipped) <= 2 * metrics.EXCERPT + 10


def test_the_clauses_of_a_sentence_are_found_from_one_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = {"groups": 0, "parts": 0}
    groups, parts = metrics._groups, metrics._comma_parts

    def count_groups(text: str) -> list[tuple[int, int]]:
        calls["groups"] += 1
        return groups(text)

    def count_parts(text: str) -> list[tuple[int, int]]:
        calls["parts"] += 1
        return parts(text)

    monkeypatch.setattr(metrics, "_groups", count_groups)
    monkeypatch.setattr(metrics, "_comma_parts", count_parts)
    metrics._layout.cache_clear()
    sentence = "、".join(f"窓口{i}で{i + 1}件を受け付け" for i in range(60)) + "。"
    found, skipped = metrics.extract_metrics(sentence)
    assert (len(found), len(skipped)) == (60, 60)  # 窓口1 has no unit
    # Once for the sentence, plus once for each number's own clause; not
    # once per number over the whole sentence.
    assert calls["parts"] == 1
    assert calls["groups"] == 1 + len(found) + len(skipped)
