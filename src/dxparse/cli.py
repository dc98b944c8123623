"""The command line: `dxparse extract`, `dxparse check`, `dxparse schema`, `dxparse publish`.

The stages are imported inside the commands, not here: `extract` starts the
fork server of its workers first, so that it imports the pipeline while this
process imports the writer (pool.py); this process reads no document.
"""

from __future__ import annotations

import json
import math
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dxparse import __version__
from dxparse.formats import OUTPUT_FORMATS
from dxparse.inputs import DEFAULT_ENGINE, ENGINES
from dxparse.pool import default_jobs, default_max_memory, parse_size, prepare

if TYPE_CHECKING:
    from dxparse.pipeline import Options
    from dxparse.write import CsvHeaders, FrameCollector


# --max-memory, the same on every command that runs workers.
MaxMemoryOption = Annotated[
    str | None,
    typer.Option(
        help="メモリ上限 — memory one worker may use, e.g. 2G"
        " (default: half the RAM, at most 4G; 0: no bound)"
    ),
]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="自治体のDX進捗報告・アクションプラン(PDF)をオープンデータにする。"
    " Turns Japanese municipal DX progress reports and action-plan sheets into open data.",
)


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _version(value: bool) -> None:
    if value:
        print(f"dxparse {__version__}")
        raise typer.Exit()


def entry() -> None:
    """Console entry: no traceback reaches the user unless --debug."""
    try:
        app()
    except Exception as exc:
        if "--debug" in sys.argv:
            raise
        _err(f"dxparse: internal error: {type(exc).__name__}: {exc} (rerun with --debug)")
        sys.exit(3)


@app.callback()
def main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="版を表示 / show version"),
    ] = None,
) -> None:
    """dxparse."""


def _formats(value: str) -> list[str]:
    formats = [f.strip() for f in value.split(",") if f.strip()]
    bad = [f for f in formats if f not in OUTPUT_FORMATS]
    if bad or not formats:
        raise typer.BadParameter(f"choose from {', '.join(OUTPUT_FORMATS)}; got {value!r}")
    return formats


def _vocabulary_files(paths: list[Path]) -> tuple[str, ...]:
    """The city vocabulary files, checked here once: a bad one is a usage error."""
    files = tuple(str(path) for path in paths)
    if not files:
        # Nothing to check: the vocabulary's import (pydantic, the shipped
        # files) waits until after the fork server has started.
        return files
    from dxparse.vocabulary import VocabularyError, merged

    try:
        merged(files)
    except VocabularyError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    return files


@app.command()
def extract(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="入力 — PDF files, .txt text layers, or folders of them (searched recursively)",
            readable=False,  # an unreadable file fails alone with its reason, not as usage
        ),
    ],
    out: Annotated[Path, typer.Option("-o", "--out", help="出力先フォルダ — output folder")] = Path(
        "out"
    ),
    municipality_code: Annotated[
        str | None,
        typer.Option(
            help="全国地方公共団体コード — 6-digit municipality code with check digit (e.g. 122173)"
        ),
    ] = None,
    municipality: Annotated[
        str | None,
        typer.Option(
            help="地方公共団体名 — municipality name (e.g. 柏市); default: from the document"
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="出力形式 — parquet,csv,xlsx (default parquet,csv)")
    ] = "parquet,csv",
    csv_headers: Annotated[
        str,
        typer.Option(help="CSVの見出し — ja: 日本語の列名 (default), en: English column ids"),
    ] = "ja",
    no_bom: Annotated[
        bool, typer.Option("--no-bom", help="BOMなしUTF-8 — write CSV without a byte-order mark")
    ] = False,
    license: Annotated[
        str, typer.Option("--license", help="ライセンス — licence id for datapackage.json")
    ] = "CC-BY-4.0",
    max_pages: Annotated[
        int,
        typer.Option(help="ページ数の上限 — a document with more pages fails without being read"),
    ] = 1000,
    timeout: Annotated[
        float, typer.Option(help="時間制限 — seconds one document may take (0: no limit)")
    ] = 300.0,
    max_memory: MaxMemoryOption = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="並列数 — documents in parallel (default: CPUs)"),
    ] = None,
    progress: Annotated[
        bool, typer.Option(help="進捗表示 — progress bar on a terminal, log lines otherwise")
    ] = True,
    debug: Annotated[
        bool, typer.Option("--debug", help="詳細表示 — show tracebacks of internal errors")
    ] = False,
    vocabulary: Annotated[
        list[Path] | None,
        typer.Option(
            "--vocabulary",
            help="用語ファイル — a city's own wordings (TOML), added to the shipped ones",
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine", help="PDFの読み方 — pdfium (default, fast) or pdfminer (the reference)"
        ),
    ] = DEFAULT_ENGINE,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="確認用レポート — also write the HTML review report into this folder"
        ),
    ] = None,
) -> None:
    """抽出 — extract every dataset from the inputs into OUT (Parquet, CSV, datapackage.json)."""
    memory = _bounds(timeout, max_memory)
    if max_pages < 1:
        raise typer.BadParameter("at least 1", param_hint="--max-pages")
    if jobs is not None and jobs < 1:
        raise typer.BadParameter("at least 1", param_hint="--jobs")
    _check_engine(engine)
    if csv_headers not in ("ja", "en"):
        raise typer.BadParameter("--csv-headers is ja or en", param_hint="--csv-headers")
    headers: CsvHeaders = "ja" if csv_headers == "ja" else "en"
    from dxparse.municipality import is_valid_code

    if municipality_code is not None and not is_valid_code(municipality_code):
        raise typer.BadParameter(
            f"{municipality_code!r} is not a 6-digit code with a valid check digit",
            param_hint="--municipality-code",
        )
    # Usage errors before any process is started: --format is checked without
    # the writer; only a --vocabulary file given costs the vocabulary's import.
    vocabulary_files = _vocabulary_files(vocabulary or [])
    formats = _formats(format)
    # The fork server imports the pipeline for the workers (one process, not
    # the pool) while this process imports the writer and searches the inputs.
    prepare()
    from dxparse.pipeline import Options, UsageError, find_inputs, shown
    from dxparse.write import FrameCollector, write_set

    try:
        found = find_inputs(inputs)
    except UsageError as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    for path, reason in found.skipped:
        _err(shown(f"{path}: skipped: {reason}"))
    paths = found.paths
    if not paths:
        what = "nothing left to read" if found.skipped else "no PDF or .txt inputs found"
        _err(shown(f"{', '.join(map(str, inputs))}: {what}"))
        raise typer.Exit(2)

    options = Options(
        municipality_code,
        municipality,
        max_pages,
        timeout or None,
        debug,
        vocabulary=vocabulary_files,
        max_memory=memory or None,
        engine=engine,
    )
    from dxparse.outdir import OutputBusy, OutputFolder

    try:
        # Locked, staged beside OUT (spill files too), swapped in at the end.
        with _signals_end_the_run(), OutputFolder(out) as stage:
            collector = FrameCollector(stage.spill)
            statuses = _extract_all(
                paths, options, jobs or default_jobs(), progress, collector, stage.spill
            )
            frames = collector.lazy_frames()
            write_set(
                frames,
                stage.path,
                formats=formats,
                headers=headers,
                bom=not no_bom,
                license=license,
            )
            stage.commit()
    except OutputBusy as exc:
        _err(str(exc))
        raise typer.Exit(2) from exc
    except OSError as exc:
        _err(f"{out}: cannot write output (the folder is left as it was): {exc.strerror or exc}")
        raise typer.Exit(2) from exc
    counts = ", ".join(f"{statuses.count(s)} {s}" for s in ("ok", "partial", "failed"))
    skipped = f"; {len(found.skipped)} inputs skipped" if found.skipped else ""
    _err(shown(f"{len(statuses)} documents: {counts}{skipped} → {out}"))
    clean = all(s == "ok" for s in statuses) and not found.skipped
    if report is not None:
        if "parquet" not in formats:
            _err(f"{report}: the report reads OUT's Parquet files; add parquet to --format")
            raise typer.Exit(2)
        drawn = _write_report(
            out, report, paths, jobs or default_jobs(), progress, options.timeout, memory or None
        )
        clean = drawn and clean
    raise typer.Exit(0 if clean else 1)


def _bounds(timeout: float, max_memory: str | None) -> int:
    """--timeout checked, --max-memory in bytes (0: no bound): a worker's bounds."""
    if not math.isfinite(timeout) or timeout < 0:
        raise typer.BadParameter(
            f"{timeout} is not a number of seconds ≥ 0 (0: no limit)", param_hint="--timeout"
        )
    try:
        return default_max_memory() if max_memory is None else parse_size(max_memory)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--max-memory") from exc


def _write_report(
    out: Path,
    report_dir: Path,
    inputs: list[Path],
    jobs: int,
    progress: bool,
    timeout: float | None,
    max_memory: int | None,
) -> bool:
    """The review report of OUT; False when a document's pages could not be
    drawn. A usage problem (OUT unreadable, REPORT_DIR taken) exits 2."""
    from dxparse.pipeline import shown
    from dxparse.report import build_report
    from dxparse.report.data import ReportInputError
    from dxparse.report.site import ReportFolderError

    try:
        result = build_report(
            out,
            report_dir,
            inputs,
            jobs=jobs,
            timeout=timeout,
            max_memory=max_memory,
            progress=progress,
            on_note=lambda m: _err(shown(m)),
        )
    except (ReportInputError, ReportFolderError) as exc:
        _err(shown(str(exc)))
        raise typer.Exit(2) from exc
    except OSError as exc:
        _err(shown(f"{report_dir}: cannot write the report: {exc.strerror or exc}"))
        raise typer.Exit(2) from exc
    _err(shown(f"report: {result.documents} documents, {result.pages} pages drawn → {report_dir}"))
    return not result.notes


@app.command("report")
def report_command(
    out: Annotated[Path, typer.Argument(help="出力先フォルダ — what `dxparse extract` wrote")],
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="入力 — the PDFs / text layers (or folders) OUT was extracted from, to draw"
            " their pages (found by content, not by name)",
        ),
    ] = None,
    report_dir: Annotated[
        Path, typer.Option("-o", "--out", help="レポートの出力先 — report folder")
    ] = Path("report"),
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="並列数 — documents drawn in parallel (default: CPUs)"),
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="時間制限 — seconds drawing one document may take (0: no limit)")
    ] = 300.0,
    max_memory: MaxMemoryOption = None,
    progress: Annotated[
        bool, typer.Option(help="進捗表示 — progress bar on a terminal, log lines otherwise")
    ] = True,
) -> None:
    """確認用レポート — an HTML site showing where each published value was read."""
    if jobs is not None and jobs < 1:
        raise typer.BadParameter("at least 1", param_hint="--jobs")
    memory = _bounds(timeout, max_memory)
    prepare()
    ok = _write_report(
        out,
        report_dir,
        list(inputs or []),
        jobs or default_jobs(),
        progress,
        timeout or None,
        memory or None,
    )
    raise typer.Exit(0 if ok else 1)


@contextmanager
def _signals_end_the_run() -> Iterator[None]:
    """SIGTERM and SIGINT end the run as an exit (128 + the signal), so every
    `finally` runs: the workers are killed, temporary files removed."""

    def stop(signum: int, frame: FrameType | None) -> None:
        _err(f"dxparse: stopped by {signal.Signals(signum).name}; the output folder is left whole")
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _extract_all(
    paths: list[Path],
    options: Options,
    jobs: int,
    progress: bool,
    collector: FrameCollector,
    spill: Path,
) -> list[str]:
    """Run the batch into `collector` (documents finished out of order wait
    in `spill`); the statuses of the documents kept."""
    from dxparse.batch import Progress, iter_batch
    from dxparse.pipeline import shown

    bar = Progress(len(paths), enabled=progress)
    statuses: list[str] = []
    seen: dict[str, Path] = {}
    try:
        for outcome in iter_batch(
            paths, options, jobs=jobs, on_done=bar, on_start=bar.start, spill=spill
        ):
            first = seen.setdefault(outcome.document.document_id, outcome.path)
            if first != outcome.path:
                _err(shown(f"{outcome.path}: same content as {first}; skipped"))
                continue
            collector.add_rows(outcome.dataset_rows())
            statuses.append(outcome.document.status)
    finally:
        bar.close()
    return statuses


def _documents_with_expected(samples: Path) -> list[Path]:
    from dxparse.check import EXPECTED_DIR
    from dxparse.pipeline import collect_inputs

    return [
        p for p in collect_inputs([samples]) if EXPECTED_DIR not in p.relative_to(samples).parts
    ]


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise typer.BadParameter(f"one of {', '.join(ENGINES)}", param_hint="--engine")


@app.command()
def check(
    samples: Annotated[
        Path, typer.Argument(help="サンプル — folder of sample documents (or one document)")
    ],
    update: Annotated[
        bool,
        typer.Option("--update", help="期待値の更新 — rewrite expected/ after a reviewed change"),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSONで出力 — for machines")] = False,
    expected_file: Annotated[
        Path | None,
        typer.Option(
            "--expected",
            help="期待値JSON — one JSON object (dataset → rows); scores only the fields it gives",
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine", help="PDFの読み方 — pdfium (default, fast) or pdfminer (the reference)"
        ),
    ] = DEFAULT_ENGINE,
) -> None:
    """回帰チェック — re-extract documents and compare with their expected outputs."""
    from dxparse.check import (
        EXPECTED_DIR,
        Comparison,
        compare_to_expected_dir,
        compare_to_expected_json,
        render_table,
    )
    from dxparse.pipeline import Options, collect_inputs, merge, process_document
    from dxparse.write import write_outputs

    _check_engine(engine)
    if not samples.exists():
        _err(f"{samples}: no such file or folder")
        raise typer.Exit(2)
    comparison = Comparison()
    if expected_file is not None:
        try:
            expected = json.loads(expected_file.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            _err(f"{expected_file}: cannot read expected JSON: {exc}")
            raise typer.Exit(2) from exc
        path = _pick_document(collect_inputs([samples]), expected)
        if path is None:
            _err(f"{samples}: no document matches {expected_file} (by id, file name, or alone)")
            raise typer.Exit(2)
        outcome = process_document(path, Options(engine=engine))
        compare_to_expected_json(comparison, path.name, expected, merge([outcome]))
    elif samples.is_dir():
        documents = _documents_with_expected(samples)
        checked = 0
        for path in documents:
            expected_dir = samples / EXPECTED_DIR / path.name
            if not update and not expected_dir.is_dir():
                continue
            checked += 1
            records = merge([process_document(path, Options(engine=engine))])
            compare_to_expected_dir(comparison, path.name, expected_dir, records)
            if update:
                write_outputs(records, expected_dir)
        if not checked:
            _err(f"{samples}: no document has an expected output in {samples / EXPECTED_DIR}")
            raise typer.Exit(2)
    else:
        _err(f"{samples}: give a folder, or a document with --expected")
        raise typer.Exit(2)

    if as_json:
        print(json.dumps(comparison.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_table(comparison))
        for difference in comparison.differences:
            print(difference.line())
        accuracy = comparison.accuracy()
        if accuracy is not None:
            print(f"field accuracy: {accuracy:.1%}")
    if update:
        changed = sum(
            s.fields_changed + s.fields_missing for s in comparison.summaries.values()
        ) + sum(s.rows_extra for s in comparison.summaries.values())
        _err(f"updated {samples / EXPECTED_DIR}: {changed} fields changed")
        raise typer.Exit(0)
    raise typer.Exit(0 if comparison.ok else 1)


def _pick_document(paths: list[Path], expected: dict[str, Any]) -> Path | None:
    """The input the expected JSON describes: by document_id, name, or the only one."""
    from dxparse.read import document_id

    described = (expected.get("documents") or [{}])[0]
    by_id = {document_id(p.read_bytes()): p for p in paths}
    if described.get("document_id") in by_id:
        return by_id[described["document_id"]]
    by_name = [p for p in paths if p.name == described.get("source_file")]
    if len(by_name) == 1:
        return by_name[0]
    return paths[0] if len(paths) == 1 else None


@app.command()
def schema(
    out: Annotated[Path, typer.Option("-o", "--out", help="出力先 — schema folder")] = Path(
        "schemas"
    ),
) -> None:
    """スキーマ — write one JSON Schema per dataset, generated from the models."""
    from dxparse.schema import write_schemas

    for path in write_schemas(out):
        print(path)


@app.command()
def publish(
    out: Annotated[Path, typer.Argument(help="出力先フォルダ — what `dxparse extract` wrote")],
    ckan: Annotated[str, typer.Option("--ckan", help="CKANのURL — e.g. http://127.0.0.1:5000")],
    organization: Annotated[
        str, typer.Option("--organization", help="組織 — CKAN organization name or id")
    ],
    datastore: Annotated[
        bool, typer.Option("--datastore", help="DataStore — also load each CSV into the DataStore")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="試行 — print what would be created/updated/left")
    ] = False,
    timeout: Annotated[
        float, typer.Option(help="時間制限 — seconds to wait for each CKAN answer")
    ] = 60.0,
    debug: Annotated[
        bool, typer.Option("--debug", help="詳細表示 — show tracebacks of internal errors")
    ] = False,
) -> None:
    """公開 — publish OUT to a CKAN catalogue (API key from the CKAN_API_KEY variable)."""
    import os

    from dxparse.publish import PublishError
    from dxparse.publish.ckan import publish as publish_out

    try:
        publish_out(
            out,
            ckan,
            organization,
            api_key=os.environ.get("CKAN_API_KEY") or None,
            datastore=datastore,
            dry_run=dry_run,
            timeout=timeout,
            warn=_err,
        )
    except PublishError as exc:
        _err(f"dxparse publish: {exc}")
        raise typer.Exit(1) from exc
