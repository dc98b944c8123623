"""What a parser hands to validation: rows per dataset plus its issues.

Rows are plain dicts keyed by the contract's column ids (without the
columns the pipeline adds to every row: document_id, municipality_code,
municipality). Validation turns them into the pydantic models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
Row = dict[str, Any]


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


@dataclass(slots=True)
class ParseResult:
    """Rows per dataset, issues, and what the document says about itself."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    municipality: str | None = None

    def add(self, dataset: str, row: Row) -> None:
        self.rows.setdefault(dataset, []).append(row)

    def warn(self, code: str, message: str, **where: Any) -> None:
        self.issues.append(Issue(code=code, message=message, **where))

    def error(self, code: str, message: str, **where: Any) -> None:
        self.issues.append(Issue(code=code, message=message, severity="error", **where))
