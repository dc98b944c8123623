"""A text layer's lines as items: what each line, or block of wrapped lines, says.

Text layers of action-plan sheets print each cell's text but not where it
was. Some lines carry a label with its value (`重要度 Ｂ`, `当初計画値 10`),
some only numbers, some wrapped free text. This module names each; the
sheet readers (text.py) and the placement of numbers (place.py) use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from dxparse.normalise import join_wrapped, normalize_text
from dxparse.parsers.action_plan import common
from dxparse.parsers.action_plan.common import compact
from dxparse.utils.numbers import NUMBER_TEXT, parse_number

NUM = NUMBER_TEXT
_YEAR_START = regex.compile(
    r"^(?P<label>(?:平成|令和|昭和)\s*(?:元|\d{1,2})\s*年度|(?:19|20)\d\d\s*年度)(?:\s+(?P<rest>.*))?$"
)
_RANGE = regex.compile(
    r"^(?:平成|令和|[HR])\s*(?:元|\d{1,2})\s*(?:年度)?\s*[~〜\-]\s*"
    r"(?:平成|令和|[HR])?\s*(?:元|\d{1,2})\s*(?:年度)?$"
)
_FOOTER = regex.compile(r"^(?:<<|>>|[RH]\s*(?:元|\d{1,2}))$")
_SERIES = regex.compile(
    rf"^(?P<label>当初計画値|変更計画値|実績値|当初計画額|変更計画額|実績額)(?:\s+(?P<n>{NUM}))?$"
)
_TASK = regex.compile(r"^(?P<no>\d{1,2})(?P<marks>(?:\s*[○〇◯])*)$")
_CHANGE = regex.compile(r"^(?P<label>取組内容|計画値)\s+(?P<v>有|無)$")


@dataclass(slots=True)
class Item:
    """One thing a line (or a block of wrapped lines) says."""

    kind: str
    text: str
    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


# Labels of the sheets' header rows. A text layer written cell by cell (the
# only kind read here) prints at most one of them with values on a line,
# bar two known pairs; a layer in reading order prints whole rows.
_ROW_LABELS = regex.compile(
    r"推進項目|重要度|優先度|取組事業名|担当部署|責任者|担当者|作成日|更新日|取組年度|"
    r"効果(?!額)|指標名|総合評価|方向性|評価者"
)
_KNOWN_PAIRS = (
    regex.compile(r"^\d+\s*作成日\s*更新日"),  # `51001 作成日 更新日 R2.3.31`
    regex.compile(r"^\d+\s*責任者\s*担当者"),  # `051000 責任者 担当者 伊藤 朝子`
)


def reading_order(lines: Sequence[str]) -> str | None:
    """A line that prints a whole header row (labels and values), if any.

    Such a layer wraps a cell's text into the next line among other cells'
    text, so a value cannot be told from its neighbours: it is not read.
    """
    for raw in lines:
        text = normalize_text(raw)
        if "※" in text or any(p.match(text) for p in _KNOWN_PAIRS):
            continue
        found = {m.group(0) for m in _ROW_LABELS.finditer(compact(text))}
        if len(found) >= 2:
            return text
    return None


def split_sheets(lines: list[str]) -> list[list[str]]:
    """Split at page furniture (`Ｒ１`, `<<`): each sheet ends with its footer."""
    out: list[list[str]] = [[]]
    for line in lines:
        if _FOOTER.match(normalize_text(line)):
            if any(part.strip() for part in out[-1]):
                out.append([])
            continue
        out[-1].append(line)
    return [chunk for chunk in out if any(line.strip() for line in chunk)]


def has_label(items: Sequence[Item], name: str) -> bool:
    return any(item.kind == "block" and common.is_label(name, item.text) for item in items)


def numbers(text: str) -> list[int | float] | None:
    tokens = text.split()
    values: list[int | float] = []
    for token in tokens:
        parsed = parse_number(token)
        if parsed is None or parsed.value is None or parsed.unit:
            return None
        values.append(parsed.value)
    return values or None


def classify(raw: str) -> Item | None:
    """A line that says something by itself; None for a line of free text."""
    t = normalize_text(raw)
    key = compact(t)
    if "アクションプラン全体計画" in key:
        return Item("title_overall", t)
    if (
        regex.match(r"^アクションプラン\(.*年度\)$", key)
        or common.title_city(key, title_only=True).name
    ):
        return Item("title_annual", t)
    match = regex.match(r"^(?:重要度|優先度)(?:\s*([A-C]))?$", t)
    if match:
        return Item("importance", t, data={"value": match.group(1)})
    tokens = t.split()
    if "作成日" in tokens and "更新日" in tokens and not key.startswith("番号"):
        return Item("id", t, lines=[raw])
    if "責任者" in tokens and "担当者" in tokens:
        return Item("code", t, lines=[raw])
    match = regex.match(r"^(?P<label>作成日|更新日)\s*(?P<rest>\S.*)$", t)
    if match:
        return Item("dated", t, data={"label": match.group("label"), "rest": match.group("rest")})
    match = regex.match(r"^(?P<label>責任者|担当者)\s+\S", t)
    if match:
        return Item("person", t, lines=[raw], data={"label": match.group("label")})
    if key.startswith("担当部署"):
        return Item("dept", t, lines=[raw])
    if key.startswith("推進項目"):
        return Item("promo", t)
    if key.startswith("番号"):
        return Item("name", t)
    if _RANGE.match(t):
        return Item("range", t)
    if tokens and tokens[0] == "効果":
        return Item("effect", t)
    match = regex.match(r"^(?:成果)?指標名\s+(.+)$", t)
    if match:
        return Item("unit", t, data={"value": match.group(1)})
    if "当初予算" in key:
        return Item("header", t)
    match = regex.match(r"^(.+?)\s+単位$", t)
    if match and not t.startswith("単位"):
        return Item("indicator_name", t, data={"value": match.group(1)})
    match = _SERIES.match(t)
    if match:
        return Item("series", t, data={"label": match.group("label"), "n": match.group("n")})
    match = _TASK.match(t)
    if match and match.group("marks"):
        marks = sum(1 for ch in match.group("marks") if ch in common.MARKS)
        return Item("task", t, data={"no": int(match.group("no")), "marks": marks})
    values = numbers(t)
    if values is not None:
        return Item("numbers", t, data={"values": values})
    match = _YEAR_START.match(t)
    if match:
        year = common.fiscal_year_label(match.group("label"))
        return Item("year", t, lines=[match.group("rest") or ""], data={"year": year})
    for status in common.PROGRESS:
        if key in (f"コメント{status}", f"{status}コメント"):
            return Item("midyear", t, data={"value": status})
    if regex.search(r"※.*評価者", t):
        return Item("evaluator", t, lines=[raw])
    match = _CHANGE.match(t)
    if match:
        return Item("change", t, data={"label": match.group("label"), "value": match.group("v")})
    if tokens and all(common.quarter_of(token) is not None for token in tokens):
        return Item("furniture", t)
    if regex.match(r"^単位\s+\S+\s+単位\s+\S+$", t) or key in ("年度最終値", "計画値実績値"):
        return Item("furniture", t)
    if key == "年度取組内容・目標" or key == "年度取組内容目標":
        return Item("furniture", t)
    return None


def read_items(lines: Sequence[str]) -> list[Item]:
    """The sheet's lines as items; wrapped free lines become one block."""
    items: list[Item] = []
    buffer: list[str] = []

    def flush() -> None:
        if not buffer:
            return
        last = items[-1] if items else None
        if last is not None and last.kind == "year" and last.data.get("open"):
            last.lines.extend(buffer)
        else:
            items.append(Item("block", join_wrapped(buffer), lines=list(buffer)))
        buffer.clear()

    for raw in [*lines, ""]:
        if not raw.strip():
            flush()
            if items and items[-1].kind == "year":
                items[-1].data["open"] = False
            continue
        item = classify(raw)
        if item is None:
            buffer.append(raw)
            continue
        flush()
        if items and items[-1].kind == "year":
            items[-1].data["open"] = False
        if item.kind == "year":
            item.data["open"] = True
        items.append(item)
    return items
