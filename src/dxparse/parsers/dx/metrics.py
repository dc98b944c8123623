"""The figures quoted in a DX measure's detail text.

A figure is a number with a counting unit after it (`12ヶ所`, `約3,000件`,
`76.28%`, `7つの庁舎`, `23分`): a counter of the vocabulary, or else the noun
the number is written before (`44停留所`). Numbers that are part of a date
(`令和5年2月`), a clock time (`9時30分`), a floor (`3階`), a code (`A4`) or a
frequency (`月1回`) are not figures.

Each figure keeps the clause it came from: its sentence (cut at `。`, `※`
and `<見出し>`), narrowed to the comma-separated part that holds it (a
part ending in a modifier such as `における` or `のうち` stays with the
next), without parenthesised asides that hold other figures or lists, and
without a leading purpose or name modifier (`…ための`, `…(…)の`). A figure
inside parentheses takes the parenthesised text. A 時点 date comes from a
bracketed 時点 right after the figure, else the clause, else earlier in its
sentence (ISO text: a date, or a year-month where only the month is
printed); a 年度 only from the clause itself (or, for a figure in an aside,
from the words the aside follows), and not a 年度 that dates an event of it
(`令和6年度末で終了する`).
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

import regex

from dxparse.normalise import normalize_text
from dxparse.parsers.dx.common import ERA_YEAR
from dxparse.utils.numbers import DIGITS
from dxparse.utils.wareki import parse_date, parse_fiscal_year
from dxparse.vocabulary import resolve, shipped

_DX = shipped().dx
_W = _DX.words
_L = _DX.lists
# A unit word that is only the first character(s) of another word
# (`3割引`, `1本化`, `20基幹業務`, `100円ショップ`; the longer word is the unit
# where it is a counter too: `3課題`, `3台帳`, `0.5人工`, `20基幹業務システム`):
# the number's unit is not known.
_WORD_GOES_ON: dict[str, str] = dict(_DX.unit_runs_on)
# Counting units, longest first so `ヶ所` wins over a bare `所`.
UNITS: tuple[str, ...] = tuple(sorted(_DX.counters, key=len, reverse=True))
_UNIT = "|".join(regex.escape(u) for u in UNITS)
_LONG_UNIT = "|".join(regex.escape(u) for u in UNITS if len(u) > 1)


def _pattern(name: str) -> str:
    """A pattern of the vocabulary's [patterns], its `${fragment}`s filled in."""
    return resolve(
        _DX.patterns[name],
        era_year=ERA_YEAR,
        unit=_UNIT,
        long_unit=_LONG_UNIT,
        digits=DIGITS,
        **_DX.patterns,
    )


def _compiled(name: str) -> regex.Pattern[str]:
    return regex.compile(_pattern(name))


_WORD_GOES_ON_KANA = _compiled("unit_runs_on_kana")
# A number, optionally with 約 before it; commas only as thousands groups.
# A minus is a sign only where it cannot be a range or a code's hyphen
# (`3-5件`, `A-1`): not right after a digit, letter or other dash.
# `1万2,000件`, `1万2千件`: the digits after 万 are the rest of the number.
_FIGURE = _compiled("figure")
# `1.5万人` is 15000 人: the multiplier belongs to the number (money keeps
# 千円/万円/億円 as printed, the way budgets are tabulated).
_MULTIPLIERS = dict(_DX.multipliers)
# What makes a number part of something else: era/year/month/day, floors,
# ordinals, times.
# A number running into a Latin letter is part of a name (5G, 3D).
# A clock time (10:00) is not a figure either.
_NOT_AFTER = _compiled("not_after")
_NOT_BEFORE = _compiled("not_before")
# A number written in parts with 万/億 (`1億2,000万円`, `1万2千5百件`) that
# the figure pattern cannot read whole: no part is published alone.
_PART_BEFORE = _compiled("part_before")
_PART_AFTER = _compiled("part_after")
# `3~5件`, `3ー5件`, `5件~8件`: a range is not one figure; neither end is
# published alone.
_RANGE_BEFORE = _compiled("range_before")
_RANGE_AFTER = _compiled("range_after")
# 月1回, 週2回, 年3回: a frequency, not a count.
_FREQUENCY = _compiled("frequency")
# `2時間半`, `1時間30分`, `1年6か月`: the unit's number goes on after it.
_DURATION_RUNS_ON = _compiled("duration_runs_on")
_YEARS_BEFORE = _compiled("years_before")
_HOURS_BEFORE = _compiled("hours_before")
_FRACTION_AFTER = _compiled("fraction_after")
# `1件あたり5分`, `1人につき`: the denominator of a rate, not a count.
_PER = _compiled("per")
# `3人に1人`: a ratio, neither number a count.
_RATIO_AFTER = _compiled("ratio_after")
_RATIO_BEFORE = _compiled("ratio_before")
# `比 - 5%`: a dash set apart from the number, a minus or a separator.
_SPACED_DASH = regex.compile(r"(?<![\d\s])\s*[\-−]\s+$")
# `1人1台`, `1回2時間`: so many of one thing per one of another.
_RATIO_NEXT = regex.compile(r"^\s*\d")
_RATIO_ONE_BEFORE = _compiled("ratio_one_before")
# `100件以上`, `1,000件未満`, `9割超`: a bound, not the figure itself.
_BOUND = _compiled("bound")
# `50件程度`, `10%弱`: approximate as much as `約50件`.
_APPROX_AFTER = _compiled("approx_after")
# A 年度 the figure belongs to: not a deadline (までに), a start of a
# period (以降), a baseline compared against (令和4年度比, 令和4年度と比べ)
# or a year end the figure is dated at (年度末時点: that is its as_of).
_YEAR = _compiled("year")
_AS_OF = _compiled("as_of")
# `令和5年度末時点`: the last day of that fiscal year (31 March after it).
_FY_END = _compiled("fiscal_year_end")
# A comma part that ends like this qualifies the next part.
_MODIFIER_END = _compiled("modifier_end")
# Where a clause's own words begin after a leading modifier.
_LEAD_CUT = _compiled("lead_cut")
_JOINING_END = _compiled("joining_end")
_OPEN, _CLOSE = "(", ")"
_CLOSERS = ")」』】>"


@dataclass(frozen=True, slots=True)
class Metric:
    value: int | float
    unit: str
    approx: bool
    fiscal_year: int | None
    as_of: str | None  # ISO 8601: `2024-03-31`, or `2024-03` where only the month is printed
    label: str | None
    text: str
    # The clause names more than one 年度 and none is the figure's own:
    # fiscal_year is left None and the caller warns.
    year_ambiguous: bool = False
    # The 時点 date as read (as_of None with `error` when it is impossible;
    # `warning` when it lies outside its era); None when none is named.
    as_of_read: AsOf | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A number that looks like a figure but is not published: it has no
    unit we know (`unit_unknown`), is one end of a range (`range`) or one
    part of a number written with 万/億 that is not read whole
    (`number_parts`: `1億2,000万円`), the denominator of a rate
    (`per_unit`: `1件あたり`), a side of a ratio (`ratio`: `3人に1人`) or a
    bound (`bound`: `100件以上`). SKIP_REASONS says each in words."""

    raw: str
    text: str
    reason: str = "unit_unknown"


# Why a number is not published: the reason codes of Skipped.
SKIP_REASONS: dict[str, str] = {
    "unit_unknown": "has no known unit",
    "range": "is one end of a range",
    "number_parts": "is part of a number written in parts"
    f" ({', '.join(_L['number_parts_examples'])}) not read whole",
    "per_unit": f"is the denominator of a rate ({', '.join(_L['per_unit_examples'])}), not a count",
    "ratio": f"is one side of a ratio ({', '.join(_L['ratio_examples'])}), not a count",
    "bound": f"is a bound ({', '.join(_L['bounds'])}), not the figure itself",
    "sign": "has a dash before it, set apart, that may or may not be a minus",
    "long_sentence": "is in a sentence too long to read its clause with certainty",
}

# A sentence longer than this (no 。 for pages: a text layer read as one cell)
# has its figures reported, not read: each figure's clause, year and label
# would be searched for across the whole of it, at a cost that grows with
# the square of its length. The longest in the samples and variants: 93.
MAX_SENTENCE = 1000
# Characters either side of a figure quoted for a sentence that long.
EXCERPT = 30


def extract_metrics(detail: str | None) -> tuple[list[Metric], list[Skipped]]:
    """Figures of one detail text, in order, and the numbers left out."""
    metrics: list[Metric] = []
    skipped: list[Skipped] = []
    if not detail:
        return metrics, skipped
    text = normalize_text(detail)
    for start, end in sentences(text):
        sentence = text[start:end]
        if len(sentence) > MAX_SENTENCE:
            skipped.extend(
                Skipped(m.group(0), _excerpt(sentence, m.start(), m.end()), "long_sentence")
                for m in _FIGURE.finditer(sentence)
                if m.group("unit") is not None
            )
            continue
        for match in _FIGURE.finditer(sentence):
            if not _is_figure(sentence, match):
                continue
            clause = clause_of(sentence, match.start(), match.end())
            reason = _skip_reason(sentence, match)
            if reason is not None:
                skipped.append(Skipped(match.group(0), clause, reason))
            else:
                metrics.append(_metric(sentence, match, clause))
    return metrics, skipped


def _excerpt(sentence: str, start: int, end: int) -> str:
    before = sentence[max(0, start - EXCERPT) : start]
    after = sentence[end : end + EXCERPT]
    lead = "…" if start > EXCERPT else ""
    tail = "…" if end + EXCERPT < len(sentence) else ""
    return f"{lead}{before}{sentence[start:end]}{after}{tail}"


def _skip_reason(sentence: str, match: regex.Match[str]) -> str | None:
    """Why a figure-shaped number is not published (a SKIP_REASONS code), else None."""
    if _in_parts(sentence, match):
        return "number_parts"
    if _in_range(sentence, match):
        return "range"
    if match.group("unit") is None or _word_goes_on(sentence, match):
        return "unit_unknown"
    return _not_a_count(sentence, match)


def _is_figure(sentence: str, match: regex.Match[str]) -> bool:
    """False for a number that belongs to a date, time, floor, ordinal,
    frequency or name."""
    before = sentence[: match.start("int")]
    if _NOT_BEFORE.search(before):
        return False
    if match.group("unit") is None:
        return _NOT_AFTER.match(sentence[match.end() :]) is None
    if sentence[match.end() :].startswith(_W["ordinal"]):
        return False  # 2回目, 3件目: an ordinal
    return not (match.group("unit") == _W["times"] and _FREQUENCY.search(before))


def _in_parts(sentence: str, match: regex.Match[str]) -> bool:
    """Part of a larger number the pattern did not read whole."""
    if match.group("low") is not None and match.group("frac"):
        return True  # `1.2万3千`: not a number
    number_end = max(match.end(g) for g in ("int", "frac", "low"))
    return bool(
        _PART_BEFORE.search(sentence[: match.start("int")])
        or _PART_AFTER.match(sentence[number_end:])
    )


def _word_goes_on(sentence: str, match: regex.Match[str]) -> bool:
    """The unit is only the start of a longer word (`3割引`, `100円ショップ`)."""
    unit = match.group("unit")
    if match.group("noun"):
        return False
    after = sentence[match.end() :]
    if after[:1] and after[:1] in _WORD_GOES_ON.get(unit, ""):
        return True
    return unit == _W["yen"] and _WORD_GOES_ON_KANA.match(after) is not None


def _not_a_count(sentence: str, match: regex.Match[str]) -> str | None:
    """Why a number with a unit is still not one figure: it runs on into
    a smaller unit (`2時間半`, `1時間30分`, `1年6か月`), is a rate's
    denominator (`1件あたり`), one side of a ratio (`3人に1人`) or a bound
    (`100件以上`); else None."""
    after = sentence[match.end() :]
    before = sentence[: match.start()]
    unit = match.group("unit")
    if match.group("sign") is None and _SPACED_DASH.search(before):
        return "sign"
    if unit == _W["hours"] and _DURATION_RUNS_ON.match(after):
        return "number_parts"
    if unit in _L["months"] and _YEARS_BEFORE.search(before):
        return "number_parts"
    if unit == _W["minutes"] and _HOURS_BEFORE.search(before):
        return "number_parts"  # the 30分 of `1時間30分`
    if unit == _W["minutes"] and _FRACTION_AFTER.match(after):
        return "ratio"  # `3分の1`
    if _PER.match(after):
        return "per_unit"
    ratio = _RATIO_AFTER.match(after)
    if ratio and unit.startswith(ratio.group("unit")):
        return "ratio"
    one = match.group("int") == "1" and not match.group("frac")
    if one and not match.group("approx") and _RATIO_NEXT.match(after):
        return "ratio"  # the 1人 of `1人1台`, the 1回 of `1回2時間`
    if _RATIO_ONE_BEFORE.search(before):
        return "ratio"  # the 1台 of `1人1台`, the 2時間 of `1回2時間`
    ratio = _RATIO_BEFORE.search(before)
    if one and ratio and ratio.group("unit") == unit:
        return "ratio"  # the 1 of `3人に1人`
    if _BOUND.match(after):
        return "bound"
    return None


def _in_range(sentence: str, match: regex.Match[str]) -> bool:
    return bool(
        _RANGE_BEFORE.search(sentence[: match.start()])
        or _RANGE_AFTER.match(sentence[match.end("int") :])
        or _RANGE_AFTER.match(sentence[match.end() :])
    )


def _metric(sentence: str, match: regex.Match[str], clause: str) -> Metric:
    digits = match.group("int").replace(",", "")
    value: int | float = float(digits + match.group("frac")) if match.group("frac") else int(digits)
    if match.group("low"):
        low = match.group("low").replace(",", "")
        value = int(digits) * 10_000 + (
            int(low[0]) * 1_000 if low.endswith(_W["thousand"]) else int(low)
        )
    if match.group("mult"):
        value = value * _MULTIPLIERS[match.group("mult")]
        value = int(value) if float(value).is_integer() else value
    # `▲0.0%` is zero, not -0.0 (which a CSV would print as -0.0).
    if match.group("sign") and value:
        value = -value
    unit = match.group("noun") or match.group("unit")
    prefix = sentence[: match.start()]
    approx = bool(match.group("approx") or match.group("approx2")) or bool(
        _APPROX_AFTER.match(sentence[match.end() :])
    )
    fiscal_year, ambiguous = _year_of(clause, match.group(0))
    # `(前年度約1,000件)`: an aside that names its own year inherits none.
    if fiscal_year is None and not ambiguous and not _RELATIVE_YEAR.search(clause):
        fiscal_year, ambiguous = _inherited_year(clause, sentence, match.start())
    # A bracketed 時点 right after the figure dates it (`120件(令和6年3月末時点)`);
    # else the clause's. A 時点 earlier in the sentence covers a clause with
    # no time of its own; not `…時点で100件だったが,現在は200件` or
    # `令和5年度中に50件を追加`.
    aside = _AS_OF_ASIDE.match(sentence[match.end() :])
    as_of = _as_of(aside.group("inner")) if aside is not None else None
    if as_of is None:
        as_of = _as_of(clause)
    if as_of is None and not _OWN_TIME.search(clause):
        as_of = _as_of(_without_figure_dates(prefix))
    return Metric(
        value=value,
        unit=unit,
        approx=approx,
        fiscal_year=fiscal_year,
        as_of=as_of.value if as_of is not None else None,
        as_of_read=as_of,
        label=label_of(clause, match.group(0)),
        text=clause,
        year_ambiguous=ambiguous,
    )


def _without_figure_dates(text: str) -> str:
    """`text` without the bracketed 時点 asides that date one figure in it
    (`登録は835窓口(令和5年3月時点)`): they do not cover what follows."""
    for found in reversed(list(_FIGURE.finditer(text))):
        aside = _AS_OF_ASIDE.match(text[found.end() :]) if found.group("unit") else None
        if aside is not None:
            text = text[: found.end()] + text[found.end() + aside.end() :]
    return text


def _year_of(text: str, figure: str) -> tuple[int | None, bool]:
    """The 年度 a figure in `text` belongs to, and whether it is ambiguous.

    One year (however often printed) is the figure's. With several
    (`令和4年度:120件→令和5年度:180件`, `令和4年度から令和5年度にかけて`), only
    a year printed right before the figure (`令和5年度:`, `令和5年度は`) is
    its own; otherwise the year is not known.
    """
    years = _years(_YEAR, text) - {None}
    if not years:
        return None, False
    named = _years(_ANY_YEAR, text)
    if len(named | years) == 1 and not _RELATIVE_YEAR.search(text):
        return years.pop(), False
    at = text.find(figure)
    # The same figure printed twice (`令和4年度:100件→令和5年度:100件`): which
    # one this is cannot be told from the clause.
    if at >= 0 and text.count(figure) == 1:
        own = _ATTACHED_YEAR.search(text[:at])
        # `令和4年度から令和5年度は`: the end of a span is not the figure's year.
        if own is not None and not _SPAN_BEFORE.search(text[: own.start()]):
            return parse_fiscal_year(own.group(0), strict=True), False
    return None, True


def _inherited_year(clause: str, sentence: str, start: int) -> tuple[int | None, bool]:
    # A cumulative total (累計) is not a figure of the year it is printed in.
    if _W["cumulative"] in clause:
        return None, False
    host = _host_clause(sentence, start)
    years = _years(_YEAR, host) - {None}
    if len(years) > 1:
        return None, True
    return (years.pop() if years else None), False


def _years(pattern: regex.Pattern[str], text: str) -> set[int | None]:
    """The fiscal years of the 年度 `pattern` finds (None for an era year 0)."""
    return {parse_fiscal_year(m.group(0), strict=True) for m in pattern.finditer(text)}


def _host_clause(sentence: str, start: int) -> str:
    """For a figure in a parenthesised aside, the words before the aside in
    its comma part (`令和4年度中の総受付件数は1,000件(…823件)`); else "".

    A year is not carried across a comma: `令和4年度は24業務に適用し，年間
    約3,200時間を削減` does not date the second figure. A 時点 is (it is
    written to cover the sentence).
    """
    groups, opens, *_ = _layout(sentence)
    at = bisect_left(opens, start) - 1  # only the last group opened before can hold it
    if at >= 0 and start <= groups[at][1]:
        before = sentence[: groups[at][0]]
        parts = _comma_parts(before)
        return before[parts[-1][0] : parts[-1][1]]
    return ""


# Any 年度 but a baseline: with `_YEAR`'s exclusions, the years a clause
# spans (`令和5年度から令和7年度までの3年間で`).
_ANY_YEAR = _compiled("any_year")
# 前年度, 今年度…: a year the clause names without its number; not a
# baseline (前年度比) or a starting point (前年度から).
_RELATIVE_YEAR = _compiled("relative_year")
# A clause that says its own time (a year, a month, 現在, 今…).
_OWN_TIME = _compiled("own_time")
_SPAN_BEFORE = _compiled("span_before")
_ATTACHED_YEAR = regex.compile(f"(?:{_YEAR.pattern})" + _pattern("attached_year_after"))


@dataclass(frozen=True, slots=True)
class AsOf:
    """A 時点 date read from text: the date as ISO text (`2024-03-31`, or
    `2024-03` where only the month is printed), or the raw text of an
    impossible one (`error`), and a warning for a date outside its era."""

    value: str | None = None
    raw: str | None = None
    error: str | None = None
    warning: str | None = None


_MONTH_END = _compiled("month_end")
_MONTH_ONLY = _compiled("month_only")
_AS_OF_ASIDE = _compiled("as_of_aside")


def _as_of(text: str) -> AsOf | None:
    """The 時点/現在 date a text names, None when it names none."""
    found = _AS_OF.search(text)
    year_end = _FY_END.search(text)
    if year_end is not None and (found is None or year_end.start() < found.start()):
        start = parse_fiscal_year(year_end.group("fy").replace(" ", ""), strict=True)
        if start is None:  # `令和0年度末時点`
            return AsOf(raw=year_end.group(0), error=f"era year 0 in {year_end.group(0)!r}")
        return AsOf(f"{start + 1:04d}-03-31", year_end.group(0))
    if found is None:
        return None
    raw = found.group("date").replace(" ", "")
    month = _MONTH_END.search(raw) or _MONTH_ONLY.search(raw)
    if month is not None:
        # `令和5年3月末時点` is the month's last day; `令和6年3月時点` the month.
        year = parse_fiscal_year(raw.replace(_W["year"], _W["fiscal_year"]), strict=True)
        if year is None:  # `令和0年3月末時点`
            return AsOf(raw=raw, error=f"era year 0 in {raw!r}")
        m = int(month.group(1))
        if not 1 <= m <= 12:
            return AsOf(raw=raw, error=f"impossible month in {raw!r}")
        if not raw.endswith(_W["month_end"]):
            return AsOf(f"{year:04d}-{m:02d}", raw)
        return AsOf(f"{year:04d}-{m:02d}-{calendar.monthrange(year, m)[1]:02d}", raw)
    parsed = parse_date(raw)
    if parsed is None:
        return None
    value = parsed.value.isoformat() if parsed.value is not None else None
    return AsOf(value, raw, parsed.error, parsed.warning)


# --- sentences and clauses ---------------------------------------------


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences: cut after `。` (closing brackets stay with
    it), before `※`, and around a `<見出し>`."""
    spans: list[tuple[int, int]] = []
    start = 0
    i = 0
    while i < len(text):
        char = text[i]
        cut_after: int | None = None
        if char == "。":
            cut_after = i + 1
            while cut_after < len(text) and text[cut_after] in _CLOSERS:
                cut_after += 1
        elif char in "※<" and i > start:
            spans.append((start, i))
            start = i
        elif char == ">":
            cut_after = i + 1
        if cut_after is not None:
            spans.append((start, cut_after))
            start = i = cut_after
            continue
        i += 1
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _groups(text: str) -> list[tuple[int, int]]:
    """Top-level parenthesised groups as (open, close) indexes; an unclosed
    group runs to the end of the text."""
    groups: list[tuple[int, int]] = []
    depth = 0
    opened = 0
    for i, char in enumerate(text):
        if char == _OPEN:
            if depth == 0:
                opened = i
            depth += 1
        elif char == _CLOSE and depth:
            depth -= 1
            if depth == 0:
                groups.append((opened, i))
    if depth:
        groups.append((opened, len(text)))
    return groups


@lru_cache(maxsize=4)
def _layout(
    sentence: str,
) -> tuple[list[tuple[int, int]], list[int], str, int, list[tuple[int, int]], list[int]]:
    """A sentence's groups and comma parts, found once for all its figures
    (the same sentence string comes back for each): its groups and their
    opening indexes, the body (sentence without its closing 。 and leading
    closers), the body's offset, its comma parts and their starts."""
    groups = _groups(sentence)
    body = sentence.rstrip().removesuffix("。")
    body = body.lstrip(_CLOSERS + "※ ")
    offset = len(sentence) - len(sentence.lstrip(_CLOSERS + "※ "))
    parts = _comma_parts(body)
    return groups, [g[0] for g in groups], body, offset, parts, [a for a, _ in parts]


def clause_of(sentence: str, start: int, end: int) -> str:
    """The clause a figure at sentence[start:end] comes from."""
    groups, opens, body, offset, parts, part_starts = _layout(sentence)
    # Top-level groups do not overlap: only the last one opened before the
    # figure can hold it.
    at = bisect_left(opens, start) - 1
    if at >= 0 and end <= groups[at][1]:
        g_open, g_close = groups[at]
        return sentence[g_open + 1 : g_close].strip()
    start, end = start - offset, end - offset
    # The part holding `start`: parts follow each other, comma between.
    index = max(0, bisect_right(part_starts, start) - 1)
    a, b = parts[index]
    if not a <= start < b:
        index = next(i for i, (a, b) in enumerate(parts) if a <= start < b)
    first = index
    while first > 0 and _MODIFIER_END.search(body[parts[first - 1][0] : parts[first - 1][1]]):
        first -= 1
    a, b = parts[first][0], parts[index][1]
    clause = body[a:b]
    local = start - a
    # Leave out asides that carry other figures or lists.
    for g_open, g_close in reversed(_groups(clause)):
        inner = clause[g_open + 1 : g_close]
        if g_open > local and regex.search(r"[\d,、]", inner):
            clause = clause[:g_open] + clause[g_close + 1 :]
    cut = 0
    for found in _LEAD_CUT.finditer(clause[:local]):
        cut = found.end()
    # A part cut at its comma may end in a joining form (`…件で,` `…設置し,`).
    return _JOINING_END.sub("", clause[cut:].strip())


def _comma_parts(text: str) -> list[tuple[int, int]]:
    """Spans between the commas outside parentheses (not thousands commas)."""
    parts: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, char in enumerate(text):
        if char == _OPEN:
            depth += 1
        elif char == _CLOSE and depth:
            depth -= 1
        elif char in ",、" and depth == 0:
            if char == "," and _thousands(text, i):
                continue
            parts.append((start, i + 1))
            start = i + 1
    parts.append((start, len(text)))
    # A part's span includes its comma; the comma is dropped from the text.
    return [(a, b - 1 if text[a:b].endswith((",", "、")) else b) for a, b in parts]


def _thousands(text: str, i: int) -> bool:
    return (
        i > 0 and text[i - 1].isdigit() and regex.match(r"\d{3}(?!\d)", text[i + 1 :]) is not None
    )


# --- labels ------------------------------------------------------------

_LEADING_QUALIFIER = _compiled("leading_qualifier")


def label_of(clause: str, figure: str) -> str | None:
    """A few words saying what the figure counts (best effort).

    `…の総受付件数は1,200件` → `総受付件数`; `120名の市民が参加` → `参加した市民`;
    `事前調査を15拠点で実施` → `事前調査を実施した拠点`. None rather than
    words that hold another figure (`10校中8校`, `2,000人→3,500人`): those
    would name the other figure, not this one.
    """
    label = _label(clause, figure)
    if label is None or _OTHER_FIGURE.search(label):
        return None
    # `1人あたり2時間削減`: a rate; a label without the あたり would read as a total.
    at = clause.find(figure)
    if _PER_WORD.search(clause[: max(at, 0)]) and not _PER_WORD.search(label):
        return None
    label = label.strip(" ,、:+")
    return None if _PARTICLES_ONLY.fullmatch(label) else label


_PER_WORD = _compiled("per_word")
# What follows a target or forecast figure.
_AIM = _compiled("aim")
# A label that quotes another figure or a before → after pair.
_OTHER_FIGURE = regex.compile(rf"\d\s*(?:{_UNIT}|{_pattern('noun_unit')})|→")
# What is left of a label that was only a date or deadline: no words.
_PARTICLES_ONLY = _compiled("particles_only")


_TARGET = _compiled("target")
_FREQUENCY_TIMES = _compiled("frequency_times")
# The number of a figure, before its unit.
_FIGURE_NUMBER = _compiled("figure_number")
_TOPIC = _compiled("topic")
_OF_NOUN = _compiled("of_noun")
_OBJECT = _compiled("object")
# `副市長からの職員向けメッセージ`: who sent it is not what is counted.
_SENDER = _compiled("sender")
_LEADING_PARTICLE = _compiled("leading_particle")
_LEADING_PARTICLE_OR_SUBJECT = _compiled("leading_particle_or_subject")
_ABOUT = _compiled("about")


def _label(clause: str, figure: str) -> str | None:
    at = clause.find(figure)
    if at < 0:
        return None
    before = clause[:at]
    after = regex.sub(r"\([^()]*\)$", "", clause[at + len(figure) :]).strip()
    # A quoted figure (`『100%』`) reads as the bare figure; a target says so.
    if before.endswith(("『", "「")) and after.startswith(("』", "」")):
        before, after = before[:-1], after[1:]
        if _TARGET.search(after) and _strip_qualifier(before):
            return _strip_qualifier(before) + f"({_W['target']})"
    # `読書会を月1回×5回`: the frequency is part of the figure, not the label.
    before, frequency = _FREQUENCY_TIMES.subn("", before)
    unit = _FIGURE_NUMBER.sub("", figure)
    topic = _TOPIC.search(before)
    # `100件を目指す`, `200件を見込む`: a target or a forecast, never an
    # actual; the label says so (`利用件数(目標)`, `目標`).
    aim = _AIM.match(after)
    if aim:
        forecast = aim.group("k").startswith(_L["forecast_words"])
        kind = _W["forecast"] if forecast else _W["target"]
        if topic and _strip_qualifier(topic.group("t")):
            return f"{_balanced(_strip_qualifier(topic.group('t')))}({kind})"
        return kind
    if topic and _strip_qualifier(topic.group("t")):
        return _balanced(_strip_qualifier(topic.group("t")))
    of_noun = _OF_NOUN.match(after)
    if of_noun:
        if of_noun.group("v") is None:
            return of_noun.group("n")
        return f"{_predicate(of_noun.group('v'))}{of_noun.group('n')}"
    obj = _OBJECT.search(before)
    if obj:
        # `副市長からの職員向けメッセージ`: who sent it is not what is counted.
        noun = _SENDER.sub("", _strip_qualifier(obj.group("o")))
        verb = _LEADING_PARTICLE.sub("", after)
        if frequency or not verb:
            return noun
        if unit == _W["times"]:
            return f"{noun}{_W['of']}{verb}"
        return f"{noun}{_W['object']}{_predicate(verb)}{unit}"
    about = _ABOUT.match(after)
    if about:
        noun = _strip_qualifier(before).split(_W["of"])[-1]
        return f"{_predicate(about.group('v'))}{noun or unit}"
    if after:
        verb = _LEADING_PARTICLE_OR_SUBJECT.sub("", after)
        # `11拠点で提供` → `提供拠点`: a verbal noun compounds with the unit.
        if regex.fullmatch(r"\p{Han}{2,4}", verb):
            return f"{verb}{unit}"
        return f"{_predicate(verb)}{unit}"
    return _balanced(_strip_qualifier(before)) or None


def _balanced(text: str) -> str:
    """Close a parenthesis the clause cut off: `有効申請件数(処理件数`."""
    return text + ")" * max(0, text.count("(") - text.count(")"))


def _predicate(verb: str) -> str:
    verb = verb.strip()
    if verb.endswith(_W["ongoing"]):
        return f"{verb}{_W['of']}"
    return f"{verb}{_W['done']}"


def _strip_qualifier(text: str) -> str:
    return _LEADING_QUALIFIER.sub("", text.strip()).strip(" ,、")
