"""DX progress reports → dx_reports, dx_measures, dx_metrics (issue 3)."""

from __future__ import annotations

from dxparse.document import SourceDocument
from dxparse.records import ParseResult


def parse(doc: SourceDocument) -> ParseResult:
    result = ParseResult()
    result.warn("parser_not_implemented", "DX progress report parsing is not implemented yet")
    return result
