"""What a parser hands to validation: rows per dataset plus its issues.

Rows are plain dicts keyed by the contract's column ids (without the
columns the pipeline adds to every row: document_id, municipality_code,
municipality). Validation turns them into the pydantic models.

Where each value was printed travels with its row under `SOURCES` (see
`attach`): validation turns it into `provenance` rows for the fields it
publishes, and the coverage ledger (coverage.py) counts those places as
read. What a parser recognises as furniture of the form (header labels,
legends, page numbers) it marks with `ParseResult.furniture`; an issue
that carries a box or lines accounts for the text it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from dxparse.document import BBox

Severity = Literal["error", "warning"]
Row = dict[str, Any]

# The row key under which a parser hands each field's sources to validation.
SOURCES = "_sources"


@dataclass(frozen=True, slots=True)
class Source:
    """Where something was printed: a box on a PDF page (points, top-left
    origin, the page as it reads), or lines of a text layer (1-based line
    numbers of the file, first..last)."""

    page: int | None
    box: BBox | None = None
    lines: tuple[int, int] | None = None


def union(boxes: Iterable[BBox]) -> BBox | None:
    """The smallest box holding all of them (None for none)."""
    found = list(boxes)
    if not found:
        return None
    return BBox(
        min(b.x0 for b in found),
        min(b.top for b in found),
        max(b.x1 for b in found),
        max(b.bottom for b in found),
    )


def attach(row: Row, name: str, *sources: Source | None) -> Row:
    """Record where field `name` of `row` was read (several places: a value
    split over cells or pages). Returns the row."""
    found = [source for source in sources if source is not None]
    if found:
        row.setdefault(SOURCES, {}).setdefault(name, []).extend(found)
    return row


def sources_of(row: Row) -> dict[str, list[Source]]:
    value = row.get(SOURCES)
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True, slots=True)
class Issue:
    """One extraction_issues row, before the document columns are added."""

    code: str
    message: str
    severity: Severity = "warning"
    dataset: str | None = None
    key: str | None = None
    field: str | None = None
    page: int | None = None
    raw: str | None = None
    # Where on the page (PDF) or which lines (text layer) the issue points at.
    box: BBox | None = None
    lines: tuple[int, int] | None = None


@dataclass(slots=True)
class ParseResult:
    """Rows per dataset, issues, and what the document says about itself."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    municipality: str | None = None
    # Pages the coverage ledger applies to: those holding a progress table or
    # a plan sheet (every character there must be read, furniture or an issue).
    ledger_pages: set[int] = field(default_factory=set)
    # Text recognised as the form's furniture, by a rule from the vocabulary.
    furniture_sources: list[Source] = field(default_factory=list)

    def account(self, page: int) -> None:
        """Put `page` under the coverage ledger."""
        self.ledger_pages.add(page)

    def furniture(self, *sources: Source | None) -> None:
        self.furniture_sources.extend(s for s in sources if s is not None)

    def add(self, dataset: str, row: Row) -> None:
        self.rows.setdefault(dataset, []).append(row)

    def warn(self, code: str, message: str, **where: Any) -> None:
        self.issues.append(Issue(code=code, message=message, **where))

    def error(self, code: str, message: str, **where: Any) -> None:
        self.issues.append(Issue(code=code, message=message, severity="error", **where))
