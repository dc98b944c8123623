"""The report's HTML: the index and one page per document.

Plain HTML with one local stylesheet and one local script (assets/): no
network, works from file://. Japanese text is the page's own language
(`lang="ja"`); every label is Japanese with its English id beside it.

Boxes are placed in percentages of the page image, so they stay on their
text at any zoom: left = (x0 − frame.x0) / frame.width, and so on, with the
frame the part of the reader's coordinates the image covers (render.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from dxparse.models import BY_NAME, ExtractionIssue
from dxparse.report import plots
from dxparse.report.data import CONTENT_DATASETS, DocumentView, Place, Row, issue_place
from dxparse.report.render import PageImage

# The columns every row repeats: not listed per row.
_COMMON = ("municipality_code", "municipality", "document_id")
# Text-layer lines are drawn this many rem high (boxes on lines use it too:
# rem, not em, since a button's font is not the list's).
LINE_REM = 1.6

STATUS_JA = {"ok": "正常", "partial": "一部", "failed": "失敗"}
KIND_JA = {"dx_progress_report": "DX進捗報告", "action_plan": "アクションプラン", "unknown": "不明"}
SEVERITY_JA = {"error": "エラー", "warning": "警告"}


def document_file(document_id: str) -> str:
    return f"documents/{document_id[:16]}.html"


def image_stem(document_id: str) -> str:
    return document_id[:16]


def _head(title: str, root: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{root}assets/report.css">\n'
        f'<script src="{root}assets/report.js" defer></script>\n'
        "</head>\n"
    )


def _label(ja: str, en: str) -> str:
    return f'{escape(ja)} <code lang="en">{escape(en)}</code>'


def shown_value(value: Any) -> str:
    """A published value as the report writes it."""
    if value is None:
        return "(空 null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def coverage_text(document: dict[str, Any]) -> str:
    total, used = document.get("chars_total"), document.get("chars_used")
    if not total or used is None:
        return "対象外"
    return f"{100.0 * used / total:.1f}% ({used}/{total})"


def _issue_counts(issues: Iterable[dict[str, Any]]) -> Counter[str]:
    return Counter(str(i["severity"]) for i in issues)


# -- the index ------------------------------------------------------------------


def index_page(views: Sequence[DocumentView], notes: Sequence[str]) -> str:
    title = "抽出結果の確認 (dxparse review report)"
    out = [_head(title, ""), "<body>\n", '<a class="skip" href="#main">本文へ (skip)</a>\n']
    out.append(f"<header><h1>{_label('抽出結果の確認', 'dxparse review report')}</h1></header>\n")
    out.append('<main id="main">\n')
    out.append(
        f'<section aria-labelledby="h-docs"><h2 id="h-docs">{_label("文書", "documents")}</h2>\n'
    )
    out.append('<div class="scroll"><table class="docs">\n<thead><tr>')
    heads = [
        ("ファイル", "source_file"),
        ("状態", "status"),
        ("種類", "kind"),
        ("ページ数", "pages"),
        ("読み取り率", "coverage"),
        ("エラー", "errors"),
        ("警告", "warnings"),
    ]
    out.extend(f'<th scope="col">{_label(ja, en)}</th>' for ja, en in heads)
    out.append("</tr></thead>\n<tbody>\n")
    for view in views:
        doc = view.document
        counts = _issue_counts(view.issues)
        status = str(doc.get("status"))
        kind = str(doc.get("kind"))
        out.append(
            f'<tr><th scope="row"><a href="{document_file(view.document_id)}">'
            f"{escape(str(doc.get('source_file')))}</a></th>"
            f'<td><span class="status st-{escape(status)}">{escape(STATUS_JA.get(status, status))}'
            f' <code lang="en">{escape(status)}</code></span></td>'
            f'<td>{escape(KIND_JA.get(kind, kind))} <code lang="en">{escape(kind)}</code></td>'
            f'<td class="num">{escape(shown_value(doc.get("pages")))}</td>'
            f'<td class="num">{escape(coverage_text(doc))}</td>'
            f'<td class="num">{counts.get("error", 0)}</td>'
            f'<td class="num">{counts.get("warning", 0)}</td></tr>\n'
        )
    out.append("</tbody></table></div>\n")
    if notes:
        out.append('<ul class="notes">')
        out.extend(f"<li>{escape(note)}</li>" for note in notes)
        out.append("</ul>\n")
    out.append("</section>\n")
    out.append(_charts(views))
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out)


def _charts(views: Sequence[DocumentView]) -> str:
    by_code: dict[str, dict[str, int]] = {}
    for view in views:
        for issue in view.issues:
            severities = by_code.setdefault(str(issue["code"]), {})
            severity = str(issue["severity"])
            severities[severity] = severities.get(severity, 0) + 1
    statuses = Counter(str(v.document.get("status")) for v in views)
    coverage = [
        (
            str(v.document.get("source_file")),
            v.document.get("chars_total"),
            v.document.get("chars_used"),
        )
        for v in views
    ]
    out = [
        f'<section aria-labelledby="h-charts"><h2 id="h-charts">{_label("グラフ", "charts")}</h2>\n'
    ]
    charts: list[tuple[str, list[str], list[tuple[str, ...]]]] = [
        (
            plots.statuses(statuses),
            ["状態 status", "文書数 documents"],
            [(s, str(statuses.get(s, 0))) for s in ("ok", "partial", "failed")],
        ),
        (
            plots.issues_by_code(by_code),
            ["code", "エラー error", "警告 warning"],
            [
                (code, str(c.get("error", 0)), str(c.get("warning", 0)))
                for code, c in sorted(by_code.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
            ],
        ),
        (
            plots.coverage(coverage),
            ["ファイル source_file", "読み取り率 coverage"],
            [
                (name, coverage_text({"chars_total": total, "chars_used": used}))
                for name, total, used in coverage
            ],
        ),
    ]
    for svg, heads, rows in charts:
        out.append(f'<figure class="chart-box">{svg}\n<details><summary>数値 (numbers)</summary>')
        out.append("<table><thead><tr>")
        out.extend(f'<th scope="col">{escape(h)}</th>' for h in heads)
        out.append("</tr></thead><tbody>")
        for row in rows:
            out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
        out.append("</tbody></table></details></figure>\n")
    out.append("</section>\n")
    return "".join(out)


# -- a document's page ----------------------------------------------------------


@dataclass(slots=True)
class _Box:
    """A box names its row or issue (`target`) and the elements that say what
    it is (`label`, `described`: the field's title and value, or the issue's
    message), so a page holds each value once: the tooltip (report.js) and a
    screen reader read them there."""

    box_id: str
    css: str
    place: Place
    target: str
    label: str
    described: str | None
    # What it is the box of, as data-* attributes (field and part, or issue).
    of: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Boxes:
    """The boxes of one document, numbered in the order they are made."""

    boxes: list[_Box] = field(default_factory=list)

    def add(
        self,
        css: str,
        place: Place,
        target: str,
        label: str,
        described: str | None,
        of: dict[str, str],
    ) -> str:
        box_id = f"b{len(self.boxes) + 1}"
        self.boxes.append(_Box(box_id, css, place, target, label, described, of))
        return box_id

    def in_reading_order(self, ids: Iterable[str]) -> list[str]:
        """Page by page (a text layer's lines in order), top to bottom, left
        to right: the first is the box a row's button leads to."""
        by_id = {b.box_id: b for b in self.boxes}

        def position(box_id: str) -> tuple[float, float, float]:
            place = by_id[box_id].place
            if place.box is not None:
                return (float(place.page or 0), place.box[1], place.box[0])
            assert place.lines is not None
            return (0.0, float(place.lines[0]), 0.0)

        return sorted(ids, key=position)

    def on_page(self, number: int | None) -> list[_Box]:
        return [b for b in self.boxes if b.place.page == number and b.place.box is not None]

    def with_lines(self) -> list[_Box]:
        return [b for b in self.boxes if b.place.lines is not None]


def _field_title(dataset: str, name: str) -> str:
    info = BY_NAME[dataset].model_fields.get(name)
    return str(info.title) if info is not None and info.title else name


def _row_id(dataset: str, index: int) -> str:
    """Short (a page names rows thousands of times): r<dataset no>-<row no>."""
    return f"r{CONTENT_DATASETS.index(dataset)}-{index}"


def document_page(
    view: DocumentView,
    images: Sequence[PageImage] | None,
    text_lines: Sequence[str] | None,
    note: str | None,
) -> str:
    doc = view.document
    name = str(doc.get("source_file"))
    boxes = _Boxes()
    row_ids: dict[tuple[str, str], str] = {}
    field_boxes: dict[tuple[str, str, str], list[str]] = {}
    # Rows first: their fields' boxes, in dataset and row order.
    for dataset in CONTENT_DATASETS:
        for index, row in enumerate(view.rows.get(dataset, []), start=1):
            row_id = _row_id(dataset, index)
            row_ids[(dataset, row.key)] = row_id
            for field_name, places in row.places.items():
                if field_name not in BY_NAME[dataset].model_fields:
                    continue  # a column this version does not know: nothing to point at
                cell = f"{row_id}-{field_name}"
                for place in places:
                    # The part provenance gives it, not its place in the list.
                    box_id = boxes.add(
                        f"box ds-{dataset}",
                        place,
                        row_id,
                        f"{cell}-t",
                        cell,
                        {"field": field_name, "part": str(place.part)},
                    )
                    field_boxes.setdefault((dataset, row.key, field_name), []).append(box_id)
    issue_boxes: dict[int, list[str]] = {}
    for issue in view.issues:
        number = int(issue["issue_no"])
        placed = issue_place(issue)
        if placed is not None:
            severity = str(issue["severity"])
            css = f"box issue sev-{severity}" + (
                " unread" if issue["code"] == "unread_text" else ""
            )
            of = {"issue": str(number)}
            target = f"i-{number}"
            issue_boxes[number] = [boxes.add(css, placed, target, f"{target}-m", None, of)]
            continue
        # No place of its own: the box of the field (or the row) it is about.
        about = (str(issue.get("dataset")), str(issue.get("key")), str(issue.get("field")))
        found = field_boxes.get(about, [])
        if not found:
            found = boxes.in_reading_order(
                box_id
                for (d, k, _), ids in field_boxes.items()
                if (d, k) == about[:2]
                for box_id in ids
            )
        issue_boxes[number] = found
    title = f"{name} — 抽出結果の確認"
    out = [
        _head(title, "../"),
        "<body>\n",
        '<a class="skip" href="#panel">行の一覧へ (skip to rows)</a>\n',
    ]
    out.append('<header>\n<nav><a href="../index.html">← 文書一覧 (index)</a></nav>\n')
    out.append(f"<h1>{escape(name)}</h1>\n{_facts(doc, view.issues)}</header>\n")
    out.append('<main id="main" class="layout">\n')
    out.append(f'<section class="pages" aria-label="{escape("ページ (pages)")}">\n')
    out.append(_legend(view))
    if note:
        out.append(f'<p class="note">{escape(note)}</p>\n')
    if images is not None:
        for image in images:
            out.append(_page_figure(view.document_id, image, boxes.on_page(image.number)))
    elif text_lines is not None:
        out.append(_text_figure(text_lines, boxes.with_lines()))
    out.append("</section>\n")
    out.append('<section class="panel" id="panel" tabindex="-1" aria-labelledby="h-rows">\n')
    out.append(f'<h2 id="h-rows">{_label("行と問題", "rows and issues")}</h2>\n')
    out.append(_issue_list(view.issues, issue_boxes))
    for dataset in CONTENT_DATASETS:
        rows = view.rows.get(dataset, [])
        if rows:
            out.append(_dataset_section(dataset, rows, boxes, field_boxes, issue_boxes))
    out.append("</section>\n</main>\n</body>\n</html>\n")
    return "".join(out)


def _facts(doc: dict[str, Any], issues: Sequence[dict[str, Any]]) -> str:
    counts = _issue_counts(issues)
    status, kind = str(doc.get("status")), str(doc.get("kind"))
    facts = [
        ("状態", "status", f"{STATUS_JA.get(status, status)} {status}"),
        ("種類", "kind", f"{KIND_JA.get(kind, kind)} {kind}"),
        ("ページ数", "pages", shown_value(doc.get("pages"))),
        ("読み取り率", "coverage", coverage_text(doc)),
        ("エラー", "errors", str(counts.get("error", 0))),
        ("警告", "warnings", str(counts.get("warning", 0))),
        ("文書ID", "document_id", str(doc.get("document_id"))),
    ]
    if doc.get("error"):
        facts.append(("失敗の理由", "error", str(doc["error"])))
    items = "".join(
        f"<div><dt>{_label(ja, en)}</dt><dd>{escape(value)}</dd></div>" for ja, en, value in facts
    )
    return f'<dl class="facts">{items}</dl>\n'


def _legend(view: DocumentView) -> str:
    present = [d for d in CONTENT_DATASETS if view.rows.get(d)]
    items = [
        f'<li><span class="swatch ds-{d}"></span>{_label(BY_NAME[d].title_ja, d)}</li>'
        for d in present
    ]
    items.append(
        f'<li><span class="swatch unread"></span>{_label("読まなかった文字", "unread_text")}</li>'
    )
    items.append(
        f'<li><span class="swatch sev-warning"></span>{_label("警告の位置", "warning")}</li>'
    )
    return f'<ul class="legend" aria-label="凡例 (legend)">{"".join(items)}</ul>\n'


def _pct(value: float) -> str:
    # 0.001% of a 1,684-pixel image is 0.02 px.
    return f"{100.0 * value:.3f}%"


def _box_element(box: _Box, style: str) -> str:
    of = "".join(f' data-{name}="{escape(value)}"' for name, value in box.of.items())
    described = f' aria-describedby="{box.described}"' if box.described else ""
    return (
        f'<button class="{box.css}" id="{box.box_id}" style="{style}"'
        f' data-target="{box.target}"{of} aria-labelledby="{box.label}"{described}></button>'
    )


def _page_figure(document_id: str, image: PageImage, boxes: Sequence[_Box]) -> str:
    out = [
        f'<figure class="page" id="page-{image.number}" data-width="{image.width:.4f}"'
        f' data-height="{image.height:.4f}" data-x0="{image.x0:.4f}" data-top="{image.top:.4f}">',
        f'<figcaption>{image.number}ページ <code lang="en">page {image.number}</code></figcaption>',
        '<div class="sheet">',
        f'<img src="../pages/{escape(image.file)}" width="{image.pixel_width}"'
        f' height="{image.pixel_height}" alt="{image.number}ページの画像 (page {image.number})">',
    ]
    for box in _stacked(boxes):
        assert box.place.box is not None
        x0, top, x1, bottom = box.place.box
        left, down = (x0 - image.x0) / image.width, (top - image.top) / image.height
        style = (
            f"left:{_pct(left)};top:{_pct(down)};"
            f"width:{_pct((x1 - x0) / image.width)};height:{_pct((bottom - top) / image.height)}"
        )
        out.append(_box_element(box, style))
    out.append("</div></figure>\n")
    return "".join(out)


def _text_figure(lines: Sequence[str], boxes: Sequence[_Box]) -> str:
    """The lines as rows of a grid, a box on the rows of its lines: placed by
    the same grid lines as the text (report.css), it sits on them exactly
    however the browser rounds a row's height."""
    out = [
        '<figure class="page textlayer" id="page-text">',
        f"<figcaption>{_label('テキスト層', 'text layer')}</figcaption>",
        f'<div class="sheet lines" style="--row:{LINE_REM}rem">',
        f'<ol style="grid-row:1 / span {max(1, len(lines))}">',
    ]
    out.extend(
        f'<li id="L{n}"><span class="ln" aria-hidden="true">{n}</span>{escape(text) or " "}</li>'
        for n, text in enumerate(lines, start=1)
    )
    out.append("</ol>")
    for box in _stacked(boxes):
        assert box.place.lines is not None
        first, last = box.place.lines
        out.append(_box_element(box, f"grid-row:{first} / {last + 1}"))
    out.append("</div></figure>\n")
    return "".join(out)


def _stacked(boxes: Sequence[_Box]) -> list[_Box]:
    """Larger boxes first: later ones are drawn above, so a smaller box (a
    cell) stays above the larger one around it (its row, the report's `*`)
    and every box has a part the pointer reaches. Stable: ties keep order."""

    def area(box: _Box) -> float:
        if box.place.box is not None:
            x0, top, x1, bottom = box.place.box
            return (x1 - x0) * (bottom - top)
        assert box.place.lines is not None
        return float(box.place.lines[1] - box.place.lines[0])

    return sorted(boxes, key=lambda box: -area(box))


def _go(boxes: Sequence[str], text: str) -> str:
    """The button that shows `boxes` (or says there is no place)."""
    if not boxes:
        return f'<span class="noplace">{escape(text)} <small>(位置なし no place)</small></span>'
    return (
        f'<button type="button" class="go" data-boxes="{" ".join(boxes)}">{escape(text)}</button>'
    )


def _issue_item(
    issue: dict[str, Any], issue_boxes: dict[int, list[str]], *, main: bool = True
) -> str:
    """One issue; `main` for the document's list (the item boxes point back to)."""
    number = int(issue["issue_no"])
    severity = str(issue["severity"])
    where = " ".join(
        f"{k}={issue[k]}" for k in ("page", "dataset", "key", "field") if issue.get(k) is not None
    )
    anchor = f' id="i-{number}"' if main else ""
    message_id = f' id="i-{number}-m"' if main else ""
    code = str(issue["code"])
    raw = f'<q class="raw">{escape(str(issue["raw"]))}</q>' if issue.get("raw") else ""
    return (
        f'<li class="issue sev-{escape(severity)}"{anchor}>'
        f"{_go(issue_boxes.get(number, []), f'#{number} {code}')}"
        f' <span class="sev">{escape(SEVERITY_JA.get(severity, severity))}'
        f" {escape(severity)}</span>"
        f' <span class="where">{escape(where)}</span><br>'
        f'<span class="message"{message_id}>{escape(str(issue["message"]))}{raw}</span></li>'
    )


def _issue_list(issues: Sequence[dict[str, Any]], issue_boxes: dict[int, list[str]]) -> str:
    heading = _label(ExtractionIssue.title_ja, ExtractionIssue.dataset_id)
    out = [
        f'<section class="dataset" aria-labelledby="h-issues"><h3 id="h-issues">{heading}'
        f" ({len(issues)})</h3>\n"
    ]
    if not issues:
        out.append("<p>なし (none)</p>\n")
    else:
        out.append('<ol class="issues">')
        out.extend(_issue_item(issue, issue_boxes) for issue in issues)
        out.append("</ol>\n")
    out.append("</section>\n")
    return "".join(out)


def _dataset_section(
    dataset: str,
    rows: Sequence[Row],
    boxes: _Boxes,
    field_boxes: dict[tuple[str, str, str], list[str]],
    issue_boxes: dict[int, list[str]],
) -> str:
    model = BY_NAME[dataset]
    out = [
        f'<section class="dataset" aria-labelledby="h-{dataset}">'
        f'<h3 id="h-{dataset}"><span class="swatch ds-{dataset}"></span>'
        f"{_label(model.title_ja, dataset)} ({len(rows)})</h3>\n"
    ]
    for index, row in enumerate(rows, start=1):
        row_boxes = boxes.in_reading_order(
            box_id
            for name in model.model_fields
            for box_id in field_boxes.get((dataset, row.key, name), [])
        )
        row_id = _row_id(dataset, index)
        out.append(
            f'<article class="row" id="{row_id}" data-dataset="{dataset}"'
            f' data-key="{escape(row.key)}">'
        )
        out.append(f"<h4>{_go(row_boxes, f'行 {row.key}')}</h4><dl>")
        for name in model.model_fields:
            if name in _COMMON:
                continue
            value = escape(shown_value(row.values.get(name)))
            ids = field_boxes.get((dataset, row.key, name), [])
            shown = (
                f'<button type="button" class="go value" data-boxes="{" ".join(ids)}">'
                f"{value}</button>"
                if ids
                else value
            )
            # Ids only where a box names them (its label and description).
            title_id = f' id="{row_id}-{name}-t"' if ids else ""
            value_id = f' id="{row_id}-{name}"' if ids else ""
            out.append(
                f"<div><dt{title_id}>{escape(_field_title(dataset, name))}"
                f' <code lang="en">{escape(name)}</code></dt>'
                f"<dd{value_id}>{shown}</dd></div>"
            )
        out.append("</dl>")
        if row.issues:
            out.append('<ol class="issues">')
            out.extend(_issue_item(issue, issue_boxes, main=False) for issue in row.issues)
            out.append("</ol>")
        out.append("</article>\n")
    out.append("</section>\n")
    return "".join(out)
