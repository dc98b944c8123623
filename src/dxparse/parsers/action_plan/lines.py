"""A text layer's lines as items: what each line, or block of wrapped lines, says.

Text layers of action-plan sheets print each cell's text but not where it
was. Some lines carry a label with its value (`重要度 Ｂ`, `当初計画値 10`),
some only numbers, some wrapped free text. This module names each; the
sheet readers (text.py) and the placement of numbers (place.py) use them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import regex

from dxparse.normalise import join_wrapped, normalize_text
from dxparse.parsers.action_plan import common
from dxparse.parsers.action_plan.common import compact
from dxparse.utils.numbers import NUMBER_TEXT, parse_number
from dxparse.vocabulary import Vocabulary, compact_key, derived, shipped

NUM = NUMBER_TEXT
_AP = shipped().action_plan
_P = _AP.patterns
_W = _AP.words
_YEAR_START = regex.compile(_P["line_year_start"])
_RANGE = regex.compile(_P["line_range"])
_FOOTER = regex.compile(_P["line_footer"])
_TASK = regex.compile(_P["line_task"])
_TITLE_ANNUAL = regex.compile(_P["line_title_annual"])


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(map(regex.escape, words), key=len, reverse=True))


# `当初計画値 10`: a grid row's label, and its one number if printed on its line.
_series = derived(
    lambda v: regex.compile(
        rf"^(?P<label>{_alternatives([*v.action_plan.series_value, *v.action_plan.series_amount])})"
        rf"(?:\s+(?P<n>{NUM}))?$"
    )
)


# What a line says: a title, a head line (label and value), a grid or
# evaluation line, furniture, or a block of free text.
ItemKind = Literal[
    "title_overall",
    "title_annual",
    "importance",
    "id",
    "code",
    "dated",
    "person",
    "dept",
    "promo",
    "name",
    "range",
    "effect",
    "unit",
    "header",
    "indicator_name",
    "series",
    "task",
    "numbers",
    "year",
    "midyear",
    "evaluator",
    "change",
    "furniture",
    "block",
]


@dataclass(slots=True)
class Item:
    """One thing a line (or a block of wrapped lines) says."""

    kind: ItemKind
    text: str
    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    # The file's line numbers it was read from (first, last), for its sources.
    span: tuple[int, int] | None = None


# Labels of the sheets' header rows. A text layer written cell by cell (the
# only kind read here) prints at most one of them with values on a line,
# bar two known pairs; a layer in reading order prints whole rows.
def _row_labels(vocabulary: Vocabulary) -> regex.Pattern[str]:
    labels = vocabulary.action_plan.labels
    every = [compact_key(w) for label in labels.values() for w in label.wordings]
    parts = []
    for name in vocabulary.action_plan.lists["row_labels"]:
        for word in map(compact_key, labels[name].wordings):
            # A wording that begins a longer label's (効果 in 効果額) is not it there.
            longer = [w[len(word) :] for w in every if w != word and w.startswith(word)]
            guard = f"(?!{_alternatives(longer)})" if longer else ""
            parts.append((word, regex.escape(word) + guard))
    parts.sort(key=lambda part: len(part[0]), reverse=True)
    # A label's patterns first: they match its longest printed forms whole.
    patterns = [
        f"(?:{p})"
        for name in vocabulary.action_plan.lists["row_labels"]
        for p in labels[name].patterns
    ]
    return regex.compile("|".join([*patterns, *(pattern for _, pattern in parts)]))


_row_label_pattern = derived(_row_labels)
_known_pairs = derived(
    lambda v: tuple(
        regex.compile(
            rf"^\d+\s*(?:{_alternatives(v.action_plan.labels[a].wordings)})"
            rf"\s*(?:{_alternatives(v.action_plan.labels[b].wordings)})"
        )
        for a, b in (("created", "updated"), ("manager", "staff"))  # `51001 作成日 更新日 R2.3.31`
    )
)


def reading_order(lines: Sequence[str]) -> str | None:
    """A line that prints a whole header row (labels and values), if any.

    Such a layer wraps a cell's text into the next line among other cells'
    text, so a value cannot be told from its neighbours: it is not read.
    """
    for raw in lines:
        text = normalize_text(raw)
        if _W["note"] in text or any(p.match(text) for p in _known_pairs()):
            continue
        found = {m.group(0) for m in _row_label_pattern().finditer(compact(text))}
        if len(found) >= 2:
            return text
    return None


def split_sheets(lines: list[str]) -> list[list[str]]:
    """Split at page furniture (`Ｒ１`, `<<`): each sheet ends with its footer."""
    return [[lines[i] for i in chunk] for chunk in sheet_indices(lines)]


def sheet_indices(lines: Sequence[str]) -> list[list[int]]:
    """`split_sheets` as indices into `lines`."""
    out: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if is_footer(line):
            if any(lines[j].strip() for j in out[-1]):
                out.append([])
            continue
        out[-1].append(i)
    return [chunk for chunk in out if any(lines[i].strip() for i in chunk)]


def is_footer(line: str) -> bool:
    return _FOOTER.match(normalize_text(line)) is not None


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


def _token(name: str, token: str) -> bool:
    return common.is_label(name, token)


def _pair(key: str, first: str, second: str) -> bool:
    """`key` is a wording of `first` followed by one of `second` (`年度最終値`)."""
    labels = common.labels()
    start = labels.prefix(first, key)
    return start is not None and labels.matches(second, key[len(start) :])


def classify(raw: str) -> Item | None:
    """A line that says something by itself; None for a line of free text."""
    t = normalize_text(raw)
    key = compact(t)
    tokens = t.split()
    return _title(t, key) or _head(raw, t, key, tokens) or _body(raw, t, key, tokens)


def _title(t: str, key: str) -> Item | None:
    if _W["plan"] + _W["overall"] in key:
        return Item("title_overall", t)
    if _TITLE_ANNUAL.match(key) or common.title_city(key, title_only=True).name:
        return Item("title_annual", t)
    return None


def _head(raw: str, t: str, key: str, tokens: list[str]) -> Item | None:
    """The lines of a sheet's head: its labels with their values."""
    labels = common.labels()
    importance = labels.prefix("importance", key)
    if importance is not None and key[len(importance) :] in ("", *common.ap().importance):
        return Item("importance", t, data={"value": key[len(importance) :] or None})
    if (
        any(_token("created", x) for x in tokens)
        and any(_token("updated", x) for x in tokens)
        and not labels.prefix("number_name", key)
    ):
        return Item("id", t, lines=[raw])
    staff = next((x for x in tokens if _token("staff", x)), None)
    if staff is not None and any(_token("manager", x) for x in tokens):
        return Item("code", t, lines=[raw], data={"staff": staff})
    for name in ("created", "updated"):
        label = labels.prefix(name, t)
        if label is not None and t[len(label) :].strip():
            return Item("dated", t, data={"label": name, "rest": t[len(label) :].strip()})
    for name in ("manager", "staff"):
        label = labels.prefix(name, t)
        if label is not None and regex.match(r"^\s+\S", t[len(label) :]):
            return Item("person", t, lines=[raw], data={"label": label, "field": name})
    department = labels.prefix("department", key)
    if department is not None:
        return Item("dept", t, lines=[raw], data={"label": department})
    promotion = labels.prefix("promotion_item", key)
    if promotion is not None:
        return Item("promo", t, data={"label": promotion})
    if labels.prefix("number_name", key):
        return Item("name", t)
    if _RANGE.match(t):
        return Item("range", t)
    if tokens and _token("effect", tokens[0]):
        return Item("effect", t, data={"label": compact(tokens[0])})
    if len(tokens) > 1 and _token("indicator_name", tokens[0]):
        return Item("unit", t, data={"value": " ".join(tokens[1:])})
    return None


def _body(raw: str, t: str, key: str, tokens: list[str]) -> Item | None:
    """The lines of a sheet's grids and evaluation."""
    if _W["budget"] in key:
        return Item("header", t)
    if len(tokens) > 1 and _token("unit", tokens[-1]) and not common.labels().prefix("unit", t):
        return Item("indicator_name", t, data={"value": " ".join(tokens[:-1])})
    match = _series().match(t)
    if match:
        return Item("series", t, data={"label": match.group("label"), "n": match.group("n")})
    match = _TASK.match(t)
    if match and match.group("marks"):
        marks = sum(1 for ch in match.group("marks") if ch in common.ap().marks)
        return Item("task", t, data={"no": int(match.group("no")), "marks": marks})
    values = numbers(t)
    if values is not None:
        return Item("numbers", t, data={"values": values})
    match = _YEAR_START.match(t)
    if match:
        year = common.fiscal_year_label(match.group("label"))
        return Item("year", t, lines=[match.group("rest") or ""], data={"year": year})
    for status in common.ap().progress:
        if key.endswith(status) and _token("comment", key[: -len(status)]):
            return Item("midyear", t, data={"value": status})
        if key.startswith(status) and _token("comment", key[len(status) :]):
            return Item("midyear", t, data={"value": status})
    note = t.find(_W["note"])
    if note >= 0 and common.labels().search("evaluator", t[note:]) is not None:
        return Item("evaluator", t, lines=[raw])
    if (
        len(tokens) == 2
        and (_token("content", tokens[0]) or _token("plan_value", tokens[0]))
        and common.yes_no(tokens[1]) is not None
    ):
        content = _token("content", tokens[0])
        return Item("change", t, data={"content": content, "value": common.yes_no(tokens[1])})
    return _furniture(t, key, tokens)


def _furniture(t: str, key: str, tokens: list[str]) -> Item | None:
    """Column headers that carry no value: 4~6月 …, 単位 % 単位 千円, 年度 最終値."""
    if tokens and all(common.quarter_of(token) is not None for token in tokens):
        return Item("furniture", t)
    if len(tokens) == 4 and _token("unit", tokens[0]) and _token("unit", tokens[2]):
        return Item("furniture", t)
    if any(
        _pair(key, a, b)
        for a, b in (("year", "final"), ("plan_value", "actual_value"), ("year", "plan"))
    ):
        return Item("furniture", t)
    return None


def read_items(lines: Sequence[str], numbers: Sequence[int] | None = None) -> list[Item]:
    """The sheet's lines as items; wrapped free lines become one block.
    `numbers` are the lines' numbers in the file (each item's span)."""
    items: list[Item] = []
    buffer: list[str] = []
    spans: list[int] = []

    def flush() -> None:
        if not buffer:
            return
        last = items[-1] if items else None
        span = (spans[0], spans[-1]) if spans else None
        if last is not None and last.kind == "year" and last.data.get("open"):
            last.lines.extend(buffer)
            if last.span is not None and span is not None:
                last.span = (last.span[0], span[1])
        else:
            items.append(Item("block", join_wrapped(buffer), lines=list(buffer), span=span))
        buffer.clear()
        spans.clear()

    line_numbers = list(numbers) if numbers is not None else [0] * len(lines)
    for n, raw in zip([*line_numbers, 0], [*lines, ""], strict=True):
        if not raw.strip():
            flush()
            if items and items[-1].kind == "year":
                items[-1].data["open"] = False
            continue
        item = classify(raw)
        if item is None:
            buffer.append(raw)
            if numbers is not None:
                spans.append(n)
            continue
        flush()
        if items and items[-1].kind == "year":
            items[-1].data["open"] = False
        if item.kind == "year":
            item.data["open"] = True
        if numbers is not None:
            item.span = (n, n)
        items.append(item)
    return items
