"""Building the report folder: the sources found, the pages rendered in
worker processes, the HTML written, and the folder put in place in one step.

The report is written into a staging folder beside REPORT_DIR and swapped
in (`renameat2(RENAME_EXCHANGE)`, as OUT is): whoever opens the report sees
the old one or the new one. REPORT_DIR is replaced whole, so it must be a
report folder already (the marker file says so), empty, or not there: a
report is never written over another folder's files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dxparse.inputs import PDF_SUFFIXES, TEXT_SUFFIXES, InputError, document_id, load_input
from dxparse.outdir import exchange
from dxparse.pool import Lost, run_isolated
from dxparse.report import html
from dxparse.report.data import DocumentView, load
from dxparse.report.render import DRAW_PAGES, PageImage

MARKER = ".dxparse-report"
ASSETS = ("report.css", "report.js")
NOT_GIVEN = (
    "元の文書が入力にないため、ページは描いていません"
    " (source not among the inputs; pages not drawn)"
)


DRAW_DIED = "the worker process died while drawing its pages (out of memory or a crash)"


@dataclass(frozen=True, slots=True)
class Isolation:
    """How the pages are drawn: workers at once, and each document's bounds."""

    jobs: int = 1
    timeout: float | None = None
    max_memory: int | None = None


class ReportFolderError(Exception):
    """REPORT_DIR cannot take the report (one line: the reason)."""


@dataclass(slots=True)
class ReportResult:
    documents: int = 0
    pages: int = 0
    # One line each: a document whose pages could not be drawn, and why.
    notes: list[str] = field(default_factory=list)


def _sources(inputs: Iterable[Path]) -> dict[str, Path]:
    """The input files by document_id (sha256 of their bytes): a renamed file
    is found, a changed one is not (its boxes would not fit its pages)."""
    from dxparse.pipeline import collect_inputs

    found: dict[str, Path] = {}
    for path in collect_inputs(list(inputs)):
        try:
            found.setdefault(document_id(load_input(path)), path)
        except InputError:
            continue  # what extract could not read, the report cannot draw
    return found


def _text_lines(path: Path) -> list[str]:
    """The text layer's lines as numbered in provenance (the file's lines)."""
    from dxparse.read import decode_text

    text = decode_text(load_input(path)).replace("\r\n", "\n").replace("\r", "\n")
    return [line.replace("\f", "") for line in text.split("\n")]


class _Progress:
    """Like extract's: a rich bar on a terminal, a line per document otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.pages = total, 0, 0
        self.enabled = enabled
        self.started = time.monotonic()
        self._bar = None
        self._task = None
        if enabled and sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("[bold]dxparse report"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} pages/s"),
                TimeElapsedColumn(),
                transient=True,
            )
            self._task = self._bar.add_task("report", total=total, rate="-")
            self._bar.start()

    def __call__(self, name: str, pages: int) -> None:
        self.done += 1
        self.pages += pages
        rate = f"{self.pages / max(time.monotonic() - self.started, 1e-9):.1f}"
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, rate=rate)
        elif self.enabled:
            print(
                f"[{self.done}/{self.total}] {name}: {pages} pages drawn ({rate} pages/s)",
                file=sys.stderr,
            )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _render_all(
    tasks: Sequence[tuple[DocumentView, Path]],
    folder: Path,
    isolation: Isolation,
    progress: bool,
) -> tuple[dict[str, list[PageImage]], dict[str, str]]:
    """Pages of every PDF, `jobs` documents at a time in worker processes
    under extract's deadline and memory bound (pool.run_isolated): a document
    that hangs, bombs or crashes the renderer fails alone, with its reason."""
    images: dict[str, list[PageImage]] = {}
    failures: dict[str, str] = {}
    if not tasks:
        return images, failures
    bar = _Progress(len(tasks), progress)
    try:
        settled = run_isolated(
            [(str(path), html.image_stem(view.document_id), str(folder)) for view, path in tasks],
            DRAW_PAGES,
            jobs=isolation.jobs,
            timeout=isolation.timeout,
            max_memory=isolation.max_memory,
        )
        for index, result in settled:
            view = tasks[index][0]
            if isinstance(result, list):
                images[view.document_id] = result
            else:
                # Stopped part way: the pages it drew are not shown.
                for drawn in folder.glob(f"{html.image_stem(view.document_id)}-p*.webp"):
                    drawn.unlink()
                if isinstance(result, Lost):
                    failures[view.document_id] = (
                        DRAW_DIED if result.kind == "died" else result.reason
                    )
                else:  # a PDF pdfium cannot draw: that document only
                    failures[view.document_id] = str(result)
            bar(str(view.document.get("source_file")), len(images.get(view.document_id, [])))
    finally:
        bar.close()
    return images, failures


def build_report(
    out: Path,
    report_dir: Path,
    inputs: Sequence[Path],
    *,
    jobs: int = 1,
    timeout: float | None = None,
    max_memory: int | None = None,
    progress: bool = False,
    on_note: Callable[[str], None] | None = None,
) -> ReportResult:
    """Write the report of OUT (the inputs it was extracted from, to draw
    their pages) into `report_dir`. Raises data.ReportInputError for an OUT
    that cannot be read, ReportFolderError for a REPORT_DIR that cannot take it.

    Each document's pages are drawn in a worker under `timeout` seconds and
    `max_memory` bytes (extract's --timeout and --max-memory): one that
    cannot be drawn is a note (`file: reason`) and the rest is written."""
    views = load(out)
    sources = _sources(inputs)
    result = ReportResult(documents=len(views))
    report_dir = report_dir.resolve() if report_dir.exists() else report_dir.absolute()
    _check_folder(report_dir)
    report_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{report_dir.name}.report-", dir=report_dir.parent))
    try:
        os.chmod(staging, 0o777 & ~_umask())
        for name in ("assets", "documents", "pages"):
            (staging / name).mkdir()
        for asset in ASSETS:
            data = resources.files("dxparse.report").joinpath("static", asset).read_bytes()
            (staging / "assets" / asset).write_bytes(data)
        (staging / MARKER).write_text("dxparse report\n", "utf-8")
        # A document extract could not read is not drawn either (a bomb, a
        # page cap passed): its page says why it failed.
        pdfs = [
            (view, sources[view.document_id])
            for view in views
            if view.document_id in sources
            and view.document.get("status") != "failed"
            and sources[view.document_id].suffix.lower() in PDF_SUFFIXES
        ]
        isolation = Isolation(jobs, timeout, max_memory)
        images, failures = _render_all(pdfs, staging / "pages", isolation, progress)
        for view in views:
            name = str(view.document.get("source_file"))
            path = sources.get(view.document_id)
            lines = None
            note = None
            if view.document.get("status") == "failed":
                pass  # nothing was read: nothing to draw, the failure shows
            elif path is None:
                note = NOT_GIVEN
            elif view.document_id in failures:
                note = f"ページを描けませんでした (pages not drawn): {failures[view.document_id]}"
            elif path.suffix.lower() in TEXT_SUFFIXES:
                lines = _text_lines(path)
            if note is not None:
                result.notes.append(f"{name}: {note}")
            drawn = images.get(view.document_id)
            result.pages += len(drawn or [])
            page = html.document_page(view, drawn, lines, note)
            (staging / html.document_file(view.document_id)).write_text(page, "utf-8")
        (staging / "index.html").write_text(html.index_page(views, result.notes), "utf-8")
        if on_note is not None:
            for line in result.notes:
                on_note(line)
        _put_in_place(staging, report_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _check_folder(report_dir: Path) -> None:
    if not report_dir.exists():
        return
    if not report_dir.is_dir():
        raise ReportFolderError(f"{report_dir}: not a folder")
    if (report_dir / MARKER).is_file() or not any(report_dir.iterdir()):
        return
    raise ReportFolderError(
        f"{report_dir}: not a dxparse report folder (it holds other files); choose another -o"
    )


def _put_in_place(staging: Path, report_dir: Path) -> None:
    """The new report in REPORT_DIR in one step; the old one ends in `staging`."""
    if not report_dir.exists():
        os.rename(staging, report_dir)
        staging.mkdir()  # the caller removes it
        return
    if exchange(staging, report_dir):
        return
    # No exchange here (not Linux): the old folder aside, the new one in.
    old = Path(tempfile.mkdtemp(prefix=f".{report_dir.name}.old-", dir=report_dir.parent))
    os.rmdir(old)
    os.rename(report_dir, old)
    os.rename(staging, report_dir)
    with contextlib.suppress(OSError):
        shutil.rmtree(old)
    staging.mkdir()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
