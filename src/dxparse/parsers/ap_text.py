"""Action-plan sheets from a text layer (stub)."""

from __future__ import annotations

from dxparse.document import SourceDocument
from dxparse.parsers.ap_common import AnnualSheet, OverallSheet
from dxparse.records import ParseResult


def read_text(
    doc: SourceDocument, result: ParseResult
) -> tuple[list[OverallSheet], list[AnnualSheet]]:
    return [], []
