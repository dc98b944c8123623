"""Inline SVG bar charts for the index: drawn here, no script, no library.

Each chart is an `<svg role="img">` with a title and a description, and
the numbers it draws are also in a table beside it (a screen reader, a
zoomed page, a copy into a spreadsheet).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BAR = 22  # px per bar
GAP = 6
LABEL = 260  # px of the labels column
PLOT = 360  # px of the bars
WIDTH = LABEL + PLOT + 70


@dataclass(frozen=True, slots=True)
class Segment:
    value: float
    css_class: str
    label: str


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]
    note: str  # the number written at the bar's end


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> str:
    """Horizontal (stacked) bars, one per `bars`, scaled to the largest total."""
    height = max(1, len(bars)) * (BAR + GAP) + GAP
    largest = max((sum(s.value for s in b.segments) for b in bars), default=0.0) or 1.0
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    if not bars:
        parts.append(f'<text x="0" y="{BAR}" class="chart-label">なし (none)</text>')
    for row, bar in enumerate(bars):
        y = GAP + row * (BAR + GAP)
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + BAR * 0.7:.1f}" class="chart-label"'
            f' text-anchor="end">{escape(bar.label)}</text>'
        )
        x = float(LABEL)
        for segment in bar.segments:
            width = PLOT * segment.value / largest
            if width <= 0:
                continue
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}"'
                f' class="{segment.css_class}"><title>{escape(segment.label)}</title></rect>'
            )
            x += width
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + BAR * 0.7:.1f}" class="chart-note">'
            f"{escape(bar.note)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float) -> str:
    return f"{value:g}"


def issues_by_code(counts: dict[str, dict[str, int]]) -> str:
    """Issues per code, errors and warnings stacked; most frequent first."""
    order = sorted(counts, key=lambda code: (-sum(counts[code].values()), code))
    bars = [
        Bar(
            label=code,
            segments=tuple(
                Segment(
                    counts[code].get(severity, 0),
                    f"sev-{severity}",
                    f"{code}: {counts[code].get(severity, 0)} {severity}",
                )
                for severity in ("error", "warning")
            ),
            note=_number(sum(counts[code].values())),
        )
        for code in order
    ]
    return bar_chart(
        "chart-issues",
        "問題の種類と重大度 (issues by code and severity)",
        "extraction_issues の code ごとの件数。赤は error、黄は warning。",
        bars,
    )


def coverage(documents: Sequence[tuple[str, int | None, int | None]]) -> str:
    """Share of the ledgered characters read, per document (name, total, used)."""
    bars = []
    for name, total, used in documents:
        if not total or used is None:
            bars.append(Bar(name, (), "対象外 (not ledgered)"))
            continue
        share = 100.0 * used / total
        bars.append(
            Bar(
                name,
                (
                    Segment(share, "cov-used", f"{name}: {used}/{total} read"),
                    Segment(100.0 - share, "cov-unread", f"{name}: {total - used} not read"),
                ),
                f"{share:.1f}% ({used}/{total})",
            )
        )
    return bar_chart(
        "chart-coverage",
        "文書ごとの読み取り率 (coverage per document)",
        "documents.chars_used / chars_total。緑は読んだ文字、灰色は読まなかった文字。",
        bars,
    )


def statuses(counts: dict[str, int]) -> str:
    bars = [
        Bar(
            status,
            (Segment(counts.get(status, 0), f"st-{status}", status),),
            str(counts.get(status, 0)),
        )
        for status in ("ok", "partial", "failed")
    ]
    return bar_chart(
        "chart-status",
        "文書の状態 (status counts)",
        "documents.status ごとの文書数。",
        bars,
    )
