"""Bad inputs: each fails alone with one clear line, the batch keeps the rest.

Every case is extracted in a batch beside a good document (the DX seed); the
good document's records must come out exactly as when it runs alone.
"""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl
import pytest
from pypdf import PdfWriter

from dxparse.models import DATASETS
from dxparse.normalise import normalize_chars
from dxparse.parsers import PARSERS
from dxparse.parsers.action_plan.grid import sheet_grids
from tests.conftest import AP_PDF, AP_SEED, DX_PDF, DX_SEED, run_cli, sample_document
from tests.pdfgen import make_pdf
from tests.test_reader_edges import IMAGE


def _encrypted(password: str) -> bytes:
    writer = PdfWriter(clone_from=DX_PDF)
    writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _seed_as(encoding: str) -> bytes:
    # A real Shift_JIS file cannot hold the radicals, so normalise first.
    return normalize_chars(DX_SEED.read_text("utf-8")).encode(encoding)


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], bytes]
    status: str
    kind: str
    reason: str | None  # a fragment of the stderr line and of documents.error
    args: tuple[str, ...] = ()


CASES = [
    Case("empty.pdf", lambda: b"", "failed", "unknown", "empty file (0 bytes)"),
    Case(
        "truncated.pdf",
        lambda: DX_PDF.read_bytes()[: DX_PDF.stat().st_size // 2],
        "failed",
        "unknown",
        "truncated or damaged PDF",
    ),
    Case("not_really.pdf", lambda: b"<html>hello</html>", "failed", "unknown", "not a PDF"),
    Case("locked.pdf", lambda: _encrypted("secret"), "failed", "unknown", "encrypted PDF"),
    Case(
        "scan.pdf",
        lambda: make_pdf([[], []], drawing=IMAGE),
        "failed",
        "unknown",
        "no text layer on any page",
    ),
    Case(
        "minutes.pdf",
        lambda: make_pdf([["Minutes of the library board", "Attendance: 12"]]),
        "ok",
        "unknown",
        None,
    ),
    Case(
        "huge.pdf",
        lambda: make_pdf([[f"Statistics page {i}", "Population 123,456"] for i in range(500)]),
        "ok",
        "unknown",
        None,
    ),
    Case(
        "huge_capped.pdf",
        lambda: make_pdf([[f"Statistics page {i}"] for i in range(500)]),
        "failed",
        "unknown",
        "500 pages, more than the page cap of 100",
        ("--max-pages", "100"),
    ),
    Case("report_sjis.txt", lambda: _seed_as("cp932"), "ok", "dx_progress_report", None),
    Case("report_utf16.txt", lambda: _seed_as("utf-16"), "ok", "dx_progress_report", None),
    Case("report_utf32.txt", lambda: _seed_as("utf-32"), "ok", "dx_progress_report", None),
    Case("binary.txt", lambda: bytes(range(128, 256)) * 4, "failed", "unknown", "text is neither"),
]


def _datasets(out: Path) -> dict[str, pl.DataFrame]:
    return {m.dataset_id: pl.read_parquet(out / f"{m.dataset_id}.parquet") for m in DATASETS}


@pytest.fixture(scope="module")
def seed_alone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    out = tmp_path_factory.mktemp("alone")
    run_cli("extract", str(DX_SEED), "-o", str(out), "--no-progress")
    return _datasets(out)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_fails_alone(
    case: Case, tmp_path: Path, seed_alone: dict[str, pl.DataFrame]
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / case.name).write_bytes(case.make())
    (inputs / DX_SEED.name).write_bytes(DX_SEED.read_bytes())
    out = tmp_path / "out"
    result = run_cli("extract", str(inputs), "-o", str(out), "--no-progress", *case.args)

    docs = pl.read_parquet(out / "documents.parquet")
    row = docs.filter(pl.col("source_file") == case.name).to_dicts()
    assert len(row) == 1
    assert (row[0]["status"], row[0]["kind"]) == (case.status, case.kind)
    seed_status = docs.filter(pl.col("source_file") == DX_SEED.name)["status"][0]
    if case.reason is not None:
        assert case.reason in row[0]["error"]
        lines = [line for line in result.stderr.splitlines() if case.name in line]
        assert len(lines) == 1 and case.reason in lines[0]
        assert lines[0].startswith(str(inputs / case.name) + ": ")
    assert result.exit_code == (0 if {case.status, seed_status} == {"ok"} else 1)
    assert "Traceback" not in result.output

    # The good document is extracted in full, exactly as alone.
    together = _datasets(out)
    seed_id = seed_alone["documents"]["document_id"][0]
    for dataset, alone in seed_alone.items():
        mine = together[dataset].filter(pl.col("document_id") == seed_id)
        assert mine.equals(alone), dataset


def test_encrypted_with_empty_password_is_read(tmp_path: Path) -> None:
    pdf = tmp_path / "open_lock.pdf"
    pdf.write_bytes(_encrypted(""))
    run_cli("extract", str(pdf), "-o", str(tmp_path / "out"), "--no-progress")
    docs = pl.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs.select("kind", "pages").row(0) == ("dx_progress_report", 9)
    assert docs["status"][0] != "failed"


def test_a_page_without_text_is_reported(tmp_path: Path) -> None:
    pdf = tmp_path / "half_scan.pdf"
    pdf.write_bytes(make_pdf([["Minutes of the library board"], []], drawing=IMAGE))
    run_cli("extract", str(pdf), "-o", str(tmp_path / "out"), "--no-progress")
    issues = pl.read_parquet(tmp_path / "out" / "extraction_issues.parquet")
    assert issues.filter(pl.col("code") == "no_text_layer")["page"].to_list() == [2]
    docs = pl.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs["status"][0] == "partial"


def test_time_limit_fails_the_slow_document_only(tmp_path: Path) -> None:
    slow = tmp_path / "in" / "slow.pdf"
    slow.parent.mkdir()
    # About 6 s of reading with the pdfium engine against a 1 s limit (one
    # line a page was read in ~1 s and passed now and then); the seed takes
    # milliseconds.
    lines = [[f"Statistics page {i} line {j}" for j in range(10)] for i in range(3000)]
    slow.write_bytes(make_pdf(lines))
    (tmp_path / "in" / DX_SEED.name).write_bytes(DX_SEED.read_bytes())
    result = run_cli(
        "extract",
        str(tmp_path / "in"),
        "-o",
        str(tmp_path / "out"),
        "--timeout",
        "1",
        "--max-pages",
        "5000",
        "--no-progress",
    )
    assert result.exit_code == 1
    docs = pl.read_parquet(tmp_path / "out" / "documents.parquet")
    by_name = dict(zip(docs["source_file"], docs["error"], strict=True))
    assert by_name["slow.pdf"] == "timed out after 1 s"
    assert by_name[DX_SEED.name] is None


def test_folder_without_inputs_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("nothing here")
    result = run_cli("extract", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path}: no PDF or .txt inputs found"


def test_unwritable_output_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    result = run_cli("extract", str(DX_SEED), "-o", str(blocker), "--no-progress")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(f"{blocker}: cannot write output")


def test_a_failing_write_leaves_old_files_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run_cli("extract", str(DX_SEED), "-o", str(out), "--no-progress")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def half_write(self: pl.DataFrame, file: Path, **kwargs: object) -> None:
        Path(file).write_text("half a ")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_csv", half_write)
    result = run_cli("extract", str(DX_SEED), "-o", str(out), "--no-progress")
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before  # no temporary left, nothing half-written


def test_no_traceback_without_debug(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\ngarbage")
    proc = subprocess.run(
        [sys.executable, "-m", "dxparse", "extract", str(bad), "-o", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert [line for line in proc.stderr.splitlines() if line.startswith(f"{bad}: ")]
    # Plain progress lines when stderr is not a terminal.
    assert "[1/1] bad.pdf: failed" in proc.stderr


def test_jobs_do_not_change_the_output(tmp_path: Path) -> None:
    inputs = [str(DX_SEED), str(DX_PDF)]
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        run_cli("extract", *inputs, "-o", str(out), "--jobs", jobs, "--no-progress")
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]


def test_an_impossible_date_inside_a_good_report_is_null_and_an_error(tmp_path: Path) -> None:
    text = DX_SEED.read_text("utf-8").replace("\n2023.5\n", "\n2023.13\n")
    assert "2023.13" in text
    bad = tmp_path / "bad_month.txt"
    bad.write_text(text, "utf-8")
    result = run_cli("extract", str(bad), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.exit_code == 1
    out = _datasets(tmp_path / "out")
    assert out["documents"]["status"][0] == "partial"
    assert out["dx_reports"]["issued"][0] is None
    issue = out["extraction_issues"].filter(pl.col("code") == "invalid_date").to_dicts()
    assert [(i["severity"], i["field"], i["raw"]) for i in issue] == [
        ("error", "issued", "2023.13")
    ]
    # Everything else in the report is still there.
    assert out["dx_measures"].height == 36


def test_an_impossible_era_date_in_good_sheets_is_null_and_an_error(tmp_path: Path) -> None:
    text = AP_SEED.read_text("utf-8")
    bad = tmp_path / "bad_date.txt"
    # The 51001 sheet's 更新日 R2.3.31 becomes 30 February.
    bad.write_text(text.replace("R2.3.31", "R2.2.30", 1), "utf-8")
    result = run_cli("extract", str(bad), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.exit_code == 1
    out = _datasets(tmp_path / "out")
    assert out["documents"]["status"][0] == "partial"
    issues = out["extraction_issues"].filter(pl.col("code") == "invalid_date")
    assert issues.select("severity", "key", "raw").rows() == [("error", "2019/51001", "R2.2.30")]
    # No date is published from the broken cell, and every initiative is still there.
    assert datetime.date(2020, 2, 29) not in out["ap_initiatives"]["updated"].to_list()
    assert out["ap_initiatives"]["initiative_id"].to_list() == [
        "51001",
        "51002",
        "51003",
        "51004",
        "51005",
    ]


def test_an_unreadable_number_in_a_good_sheet_is_null_and_an_error() -> None:
    doc = sample_document(AP_PDF)
    page = doc.pages[0]
    grid = sheet_grids(page, lambda _: True)[0]
    target = next(cell for cell in grid.cells if cell.text == "10")
    # Print the 0 of that cell as the letter O, as a bad font mapping would.
    chars = tuple(
        replace(c, text="O", raw="O")
        if c.raw == "0" and target.box.contains_point(c.box.cx, c.box.cy)
        else c
        for c in page.chars
    )
    broken = replace(doc, pages=(replace(page, chars=chars), *doc.pages[1:]))
    result = PARSERS["action_plan"](broken)
    errors = [i for i in result.issues if i.severity == "error"]
    assert [(i.code, i.raw) for i in errors] == [("invalid_number", "1O")]
    # That cell gives no row (not a guess like 1); every other value is kept.
    plans_2020 = [
        r
        for r in result.rows["ap_indicator_values"]
        if (r["initiative_id"], r["fiscal_year"], r["series"]) == ("51001", 2020, "initial_plan")
    ]
    assert plans_2020 == []
    before = PARSERS["action_plan"](doc).rows["ap_indicator_values"]
    assert len(result.rows["ap_indicator_values"]) == len(before) - 1
    assert len(result.rows["ap_initiatives"]) == 5
