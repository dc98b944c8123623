"""Action-plan sheets → ap_* datasets (issue 4)."""

from __future__ import annotations

from dxparse.document import SourceDocument
from dxparse.records import ParseResult


def parse(doc: SourceDocument) -> ParseResult:
    result = ParseResult()
    result.warn("parser_not_implemented", "action-plan parsing is not implemented yet")
    return result
