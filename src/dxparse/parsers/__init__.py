"""One parser per document kind: `parse(SourceDocument) -> ParseResult`."""

from __future__ import annotations

from collections.abc import Callable

from dxparse.document import SourceDocument
from dxparse.parsers import action_plan, dx
from dxparse.records import ParseResult

Parser = Callable[[SourceDocument], ParseResult]

PARSERS: dict[str, Parser] = {
    "dx_progress_report": dx.parse,
    "action_plan": action_plan.parse,
}
