"""Japanese era (和暦) dates and fiscal years.

Owned here rather than taken from PyPI: the era libraries there disagree
(one reads `R2.3.31` as three eras, another accepts dates outside their era)
and none knows 年度. Input is expected already normalised (NFKC), so digits
are ASCII and `～` is `~`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex


@dataclass(frozen=True, slots=True)
class Era:
    name: str
    letter: str
    start: dt.date  # first day of the era
    end: dt.date | None  # last day, None for the current era

    def year(self, era_year: int) -> int:
        return self.start.year + era_year - 1


ERAS: tuple[Era, ...] = (
    Era("明治", "M", dt.date(1868, 10, 23), dt.date(1912, 7, 29)),
    Era("大正", "T", dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    Era("昭和", "S", dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    Era("平成", "H", dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    Era("令和", "R", dt.date(2019, 5, 1), None),
)
_BY_KEY = {key: era for era in ERAS for key in (era.name, era.letter, era.letter.lower())}
_ERA_ALT = "|".join(sorted(_BY_KEY, key=len, reverse=True))

# An era and its year: 令和元, 令和 5, H31, R1, Ｒ１ (after NFKC).
_ERA_YEAR = rf"(?P<era>{_ERA_ALT})\s*(?P<ey>元|\d{{1,2}})"
_SEP = r"\s*[.\-/・]\s*"
_DATE_PATTERNS = (
    # H31.4.1, R2.3.31, H31/4/1
    # (a day runs on into no more digits: R6.4.123 is no date)
    regex.compile(rf"{_ERA_YEAR}{_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<d>\d{{1,2}})(?!\d)"),
    # 令和5年3月31日
    regex.compile(rf"{_ERA_YEAR}\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日"),
    # 2023年3月31日, 2023.3.31, 2023-03-31
    regex.compile(r"(?P<y>(?:18|19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    regex.compile(
        rf"(?<!\d)(?P<y>(?:18|19|20)\d\d){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<d>\d{{1,2}})(?!\d)"
    ),
)
_YEAR_MONTH_PATTERNS = (
    regex.compile(rf"{_ERA_YEAR}\s*年\s*(?P<m>\d{{1,2}})\s*月"),
    regex.compile(r"(?P<y>(?:18|19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月"),
    regex.compile(rf"(?<![\d.])(?P<y>(?:18|19|20)\d\d){_SEP}(?P<m>\d{{1,2}})(?![\d.])"),
)
_FISCAL_PATTERNS = (
    regex.compile(rf"{_ERA_YEAR}\s*(?:年度?)?"),
    regex.compile(r"(?<!\d)(?P<y>(?:18|19|20)\d\d)\s*年度"),
)
# Where 年度 is required, so a bare "令和5年3月" is not a fiscal year.
_FISCAL_STRICT = (
    regex.compile(rf"{_ERA_YEAR}\s*年度"),
    regex.compile(r"(?<!\d)(?P<y>(?:18|19|20)\d\d)\s*年度"),
)


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date read from text: a value, or an error that keeps the raw text.

    `warning` is set when the date is real but outside its era (H31.5.1).
    """

    raw: str
    value: dt.date | None = None
    warning: str | None = None
    error: str | None = None


def _western_year(match: regex.Match[str]) -> tuple[int, Era | None]:
    if match.groupdict().get("era"):
        era = _BY_KEY[match.group("era")]
        ey = match.group("ey")
        return era.year(1 if ey == "元" else int(ey)), era
    return int(match.group("y")), None


def parse_date(text: str) -> ParsedDate | None:
    """The first date in `text`, or None when it holds no date at all."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        raw = match.group(0)
        year, era = _western_year(match)
        if era is not None and int(match.group("ey").replace("元", "1")) == 0:
            return ParsedDate(raw, error=f"era year 0 in {raw!r}")
        try:
            value = dt.date(year, int(match.group("m")), int(match.group("d")))
        except ValueError:
            return ParsedDate(raw, error=f"impossible date {raw!r}")
        warning = None
        if era is not None and not (era.start <= value and (era.end is None or value <= era.end)):
            warning = f"{raw!r} lies outside {era.name}; read as {value.isoformat()}"
        return ParsedDate(raw, value=value, warning=warning)
    return None


def parse_year_month(text: str) -> str | None:
    """`2023.5` → `2023-05`, `令和5年2月` → `2023-02`; None if none or impossible."""
    for pattern in _YEAR_MONTH_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        year, _ = _western_year(match)
        month = int(match.group("m"))
        if 1 <= month <= 12:
            return f"{year:04d}-{month:02d}"
        return None
    return None


def parse_fiscal_year(text: str, *, strict: bool = False) -> int | None:
    """The first fiscal year (年度) in `text` as its starting Western year.

    `令和元年度` → 2019, `平成27年度` → 2015, `H28` → 2016, `Ｒ１` → 2019,
    `2022年度` → 2022. With `strict`, 年度 must be printed.
    """
    for pattern in _FISCAL_STRICT if strict else _FISCAL_PATTERNS:
        match = pattern.search(text)
        if match is not None:
            year, era = _western_year(match)
            if era is not None and match.group("ey") == "0":
                return None
            return year
    return None


def parse_fiscal_range(text: str) -> tuple[int, int] | None:
    """`H28 ～ Ｒ１` → (2016, 2019); `平成28～令和2年度` → (2016, 2020).

    An era given only on the first year carries to the second
    (`平成２８～３０年度`).
    """
    match = regex.search(
        rf"(?P<era1>{_ERA_ALT})\s*(?P<y1>元|\d{{1,2}})\s*(?:年度?)?\s*[~〜\-ー－]\s*"
        rf"(?P<era2>{_ERA_ALT})?\s*(?P<y2>元|\d{{1,2}})",
        text,
    )
    if match is not None:
        era1 = _BY_KEY[match.group("era1")]
        era2 = _BY_KEY[match.group("era2")] if match.group("era2") else era1
        y1 = era1.year(1 if match.group("y1") == "元" else int(match.group("y1")))
        y2 = era2.year(1 if match.group("y2") == "元" else int(match.group("y2")))
        return (y1, y2) if y1 <= y2 else None
    match = regex.search(
        r"(?P<y1>(?:19|20)\d\d)\s*(?:年度?)?\s*[~〜\-ー－]\s*(?P<y2>(?:19|20)\d\d)", text
    )
    if match is not None:
        y1, y2 = int(match.group("y1")), int(match.group("y2"))
        return (y1, y2) if y1 <= y2 else None
    return None
