"""DX progress reports → dx_reports, dx_measures, dx_metrics (issue 3).

Pages with geometry go through the table reader (pdf.py); a bare text
layer through the text reader (text.py). Both yield the same Measure
records; numbering, derived fields and the figures in each detail are
done here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from dxparse.document import SourceDocument
from dxparse.parsers.dx import pdf, stream, text
from dxparse.parsers.dx.common import (
    MEASURES,
    METRICS,
    REPORTS,
    Measure,
    add_cover,
    heading,
    measure_row,
    outlook_ambiguity,
    unknown_header_words,
)
from dxparse.parsers.dx.metrics import SKIP_REASONS, Metric, extract_metrics
from dxparse.records import ParseResult, Row, Source, attach
from dxparse.vocabulary import shipped

_W = shipped().dx.words


def parse(doc: SourceDocument) -> ParseResult:
    result = ParseResult()
    cover_sources: dict[str, list[Source]] = {}
    if doc.pages and all(page.has_geometry for page in doc.pages):
        # Tables with no vertical rules, inferred, read as the ruled ones are.
        doc = replace(doc, pages=stream.with_stream_tables(doc.pages, result))
        cover, cover_page = pdf.read_cover(doc.pages)
        cover_sources = pdf.cover_sources(doc.pages, cover)
        measures = pdf.read_measures(doc.pages, result)
    else:
        cover, cover_page = text.read_cover(doc.pages)
        cover_sources = text.cover_sources(doc.pages, cover)
        measures = text.read_measures(doc.pages, result)
    add_cover(result, cover, cover_page)
    for name, sources in cover_sources.items():
        attach(result.rows[REPORTS][-1], name, *sources)
    if not measures:
        result.error(
            "no_progress_table",
            "no progress table rows read: no table headed"
            f" {heading('measure')} / {heading('status')} / {heading('detail')}, or none readable",
            dataset=MEASURES,
        )
        _unknown_headers(doc, result)
    for row_no, measure in enumerate(measures, start=1):
        _add_measure(result, row_no, measure)
    return result


def _add_measure(result: ParseResult, row_no: int, measure: Measure) -> None:
    row = measure_row(row_no, measure)

    def warn_measure(code: str, message: str, field: str, raw: str | None) -> None:
        result.warn(
            code,
            message,
            dataset=MEASURES,
            key=str(row_no),
            field=field,
            page=measure.page,
            raw=raw,
        )

    if measure.measure is None:
        warn_measure(
            "measure_missing",
            f"row has no {heading('measure')} and none above it on the page to carry down",
            "measure",
            measure.item or measure.detail,
        )
    ambiguity = outlook_ambiguity(measure.outlook)
    if measure.outlook and row["outlook_category"] is None:
        if ambiguity:
            code, message = "ambiguous_outlook", f"{ambiguity}; outlook_category left null"
        else:
            code, message = "unknown_outlook", "the outlook's wording matches no outlook category"
        warn_measure(code, message, "outlook_category", measure.outlook)
    elif ambiguity:
        warn_measure(
            "ambiguous_outlook",
            f"{ambiguity}; outlook_fiscal_year left null",
            "outlook_fiscal_year",
            measure.outlook,
        )
    result.add(MEASURES, row)
    detail, detail_sources = measure.detail, measure.sources.get("detail", ())
    sure = measure.sure_sentences if detail is None else None
    if sure is not None:
        detail, detail_sources = sure
    metrics, skipped = extract_metrics(detail)
    if sure is not None and metrics:
        result.warn(
            "metrics_of_sure_sentences",
            f"{heading('detail')} null: figures read from the sentences every reading of"
            " the row gives it, numbered from 1 among them",
            dataset=METRICS,
            key=str(row_no),
            field="value",
            page=measure.page,
            raw=detail,
        )
    for metric_no, metric in enumerate(metrics, start=1):
        metric_row: Row = {
            "row_no": row_no,
            "metric_no": metric_no,
            "page": measure.page,
            "value": metric.value,
            "unit": metric.unit,
            "approx": metric.approx,
            "fiscal_year": metric.fiscal_year,
            "as_of": metric.as_of,
            "label": metric.label,
            "text": metric.text,
        }
        # A figure is read from its detail: the detail's place is its place.
        for name in ("value", "text"):
            attach(metric_row, name, *detail_sources)
        result.add(METRICS, metric_row)
        _report_metric(result, row_no, metric_no, metric, measure.page)
    for number in skipped:
        if number.reason == "long_sentence":
            # Figures printed and not read at all: lost content, an error.
            result.error(
                "metric_long_sentence",
                f"number {number.raw!r} in the detail {SKIP_REASONS[number.reason]}; not read",
                dataset=METRICS,
                key=str(row_no),
                field="value",
                page=measure.page,
                raw=number.text,
            )
            continue
        result.warn(
            f"metric_{number.reason}",
            f"number {number.raw!r} in the detail {SKIP_REASONS[number.reason]}; not published",
            dataset=METRICS,
            key=str(row_no),
            field="value",
            page=measure.page,
            raw=number.text,
        )


def _report_metric(
    result: ParseResult, row_no: int, metric_no: int, metric: Metric, page: int | None
) -> None:
    """The issues of one published figure: a 時点 that is no date (error) or
    lies outside its era, a 年度 the clause does not settle."""

    def issue(report: Callable[..., None], code: str, message: str, field: str) -> None:
        report(
            code,
            message,
            dataset=METRICS,
            key=f"{row_no}:{metric_no}",
            field=field,
            page=page,
            raw=metric.text,
        )

    read = metric.as_of_read
    if read is not None and read.error is not None:
        issue(
            result.error,
            "invalid_date",
            f"figure {metric_no}'s {_W['as_of']} {read.raw!r} is not a real date ({read.error}); "
            "as_of left null",
            "as_of",
        )
    elif read is not None and read.warning is not None:
        issue(result.warn, "date_outside_era", read.warning, "as_of")
    if metric.year_ambiguous:
        issue(
            result.warn,
            "metric_year_ambiguous",
            f"figure {metric_no} sits in a clause naming several {_W['fiscal_year']}"
            " and none is its own; "
            "fiscal_year left null",
            "fiscal_year",
        )


def _unknown_headers(doc: SourceDocument, result: ParseResult) -> None:
    """The words of a line that reads like a table header but for them: what
    a city's vocabulary file would add (the nearest known wording, if close)."""
    for page in doc.pages:
        for part, known in unknown_header_words(page.lines):
            close = f"; close to {known!r}" if known is not None else ""
            result.warn(
                "label_near_miss" if known is not None else "unknown_header",
                f"{part!r} in a line of table headers is no known header{close}; if it is one,"
                " add it to a --vocabulary file",
                dataset=MEASURES,
                page=page.number if doc.page_count is not None else None,
                raw=part,
            )
