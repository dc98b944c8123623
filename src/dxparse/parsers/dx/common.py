"""What both DX report paths share: labels, vocabularies, cleaning, rows.

The PDF path (pdf.py) and the text path (text.py) find the same things in
different ways; how a header label maps to a column, which words are a
status or an outlook, how a heading becomes a pillar and how a row is
assembled live here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import regex

from dxparse.normalise import normalize_chars, normalize_text, remember_short
from dxparse.records import ParseResult, Row, Source, attach
from dxparse.utils.wareki import parse_fiscal_year, parse_year_month
from dxparse.vocabulary import Dx, active, derived, nearest, resolve, shipped

MEASURES = "dx_measures"
REPORTS = "dx_reports"
METRICS = "dx_metrics"

_DX = shipped().dx
_P = _DX.patterns
_W = _DX.words
SENTENCE_END = _W["sentence_end"]


def dx() -> Dx:
    """The DX vocabulary in use (shipped, plus a city's files)."""
    return active().dx


# Header label (spaces removed, a label broken over lines joined) → row
# field. Order on the page may differ. Cities name the same columns in
# other words (vocabulary: headers).
header_fields = derived(
    lambda v: {compact(word): name for name, words in v.dx.headers.items() for word in words}
)


def heading(name: str) -> str:
    """A column's first header wording, as messages quote it."""
    return _DX.headers[name][0]


# A header row is recognised when it names at least these.
REQUIRED_HEADER_FIELDS = frozenset(_DX.required_headers)

# Status words used as anchors in a text layer: the contract's list plus
# progress words cities commonly print; any other status found in a cell
# is kept as printed (validation reports unknown labels).
status_words = derived(lambda v: (*v.dx.statuses, *v.dx.status_words))

# The word an outlook ends in → its category.
outlook_endings = derived(
    lambda v: {word: name for name, words in v.dx.outlook.items() for word in words}
)
# `拡大予定` plans the same thing as `拡大`.
_outlook_end = derived(
    lambda v: regex.compile(
        "(?P<word>" + "|".join(outlook_endings()) + ")" + v.dx.patterns["outlook_planned"]
    )
)
# An outlook is a short phrase, never a sentence.
MAX_OUTLOOK_CHARS = 16

_SPACES = regex.compile(r"\s+")
_QUOTED = regex.compile(r"[「『\"“](?P<q>[^」』\"”]+)[」』\"”]")
_PILLAR_SUFFIX = regex.compile(_P["pillar_suffix"])


@dataclass(frozen=True, slots=True)
class Measure:
    """One table row as read, before numbering and derived fields."""

    page: int | None
    pillar: str | None
    theme: str | None
    measure: str | None
    item_group: str | None
    item: str | None
    status: str | None
    detail: str | None
    outlook: str | None
    # Where each field was printed (cells, or lines of a text layer).
    sources: dict[str, tuple[Source, ...]] = field(default_factory=dict, compare=False)
    # A detail left null (where its cell ends is not settled): the whole
    # sentences every reading gives it, and where — its figures are sure.
    sure_sentences: tuple[str, tuple[Source, ...]] | None = None


@remember_short(1 << 16)
def compact(text: str) -> str:
    """Normalised text without any white space: for comparing labels."""
    return _SPACES.sub("", normalize_chars(text))


_CONTINUED_HEADING = regex.compile(_P["continued_heading"])


def heading_key(text: str) -> str:
    """A heading as compared with another page's: the 続き mark dropped."""
    return compact(_CONTINUED_HEADING.sub("", normalize_text(text)))


def header_field(label: str) -> str | None:
    return header_fields().get(compact(label))


def header_line_fields(text: str) -> list[str] | None:
    """The column order when a line of text is a progress table header
    (every space-separated part a header label, 施策/進捗状況/詳細 among them)."""
    fields = [header_field(part) for part in _SPACES.split(text.strip()) if part]
    found = [f for f in fields if f is not None]
    if not found or len(found) != len(fields) or len(set(found)) != len(found):
        return None
    return found if set(found) >= REQUIRED_HEADER_FIELDS else None


# A header is short: longer words are values, never compared.
MAX_HEADER_CHARS = 12


def unknown_header_words(lines: Sequence[str]) -> list[tuple[str, str | None]]:
    """(word, nearest known header wording or None) for each word of a line
    that names two or more known headers and words that are none, once each."""
    wordings = [word for words in dx().headers.values() for word in words]
    out: dict[str, str | None] = {}
    for line in lines:
        parts = [part for part in _SPACES.split(normalize_text(line)) if part]
        known = [part for part in parts if header_field(part) is not None]
        unknown = [part for part in parts if header_field(part) is None]
        if len(known) < 2 or not unknown or any(len(p) > MAX_HEADER_CHARS for p in unknown):
            continue
        for part in unknown:
            out.setdefault(part, nearest(part, wordings))
    return list(out.items())


# A progress word the list lacks still has this shape: 稼働中, 調査中, 導入済.
_STATUS_SHAPE = regex.compile(_P["status_shape"])


def is_status(text: str) -> bool:
    text = compact(text)
    return text in status_words() or _STATUS_SHAPE.match(text) is not None


_status_any = derived(
    lambda v: regex.compile(
        "|".join(sorted(map(regex.escape, status_words()), key=len, reverse=True))
    )
)


def status_count(text: str) -> int:
    """How many status words a text holds: more than one in one status cell
    means the rows between them were not ruled apart."""
    return len(_status_any().findall(compact(text)))


def is_outlook(text: str) -> bool:
    """A short phrase ending in an outlook word: 維持, 需要に合わせて縮小, 令和5年度開始."""
    text = compact(text)
    if not text or len(text) > MAX_OUTLOOK_CHARS or regex.search(r"[。,、<>]", text):
        return False
    return _outlook_end().search(text) is not None


# `未実施`, `不実施`: the outlook word negated, not carried out.
_negated = derived(
    lambda v: regex.compile(
        "(?:" + v.dx.patterns["negation"] + ")(?:" + "|".join(outlook_endings()) + ")"
    )
)
_outlook_word = derived(lambda v: regex.compile("|".join(outlook_endings())))
# An era year or a Western year before 年度 (令和5, R5, 2023), as printed in
# running text: R/H not inside a word, a Western year not inside a number.
ERA_YEAR = shipped().common.patterns["era_year"]
_FISCAL_YEAR = regex.compile(ERA_YEAR + _P["fiscal_year_suffix"])


def outlook_fields(outlook: str | None) -> tuple[str | None, int | None]:
    """(outlook_category, outlook_fiscal_year) from the outlook wording.

    Left None where the wording does not settle it: a negated word
    (`未実施`), two outlooks of different categories in one cell
    (`令和6年度拡大・令和7年度終了`, `維持・拡大`) or two different years
    (`令和5年度から令和6年度にかけて拡大`) — outlook_ambiguity says why.
    """
    if not outlook:
        return None, None
    text = compact(outlook)
    match = _outlook_end().search(text)
    unsettled = _category_doubt(text) is not None
    category = outlook_endings()[match.group("word")] if match and not unsettled else None
    years = _outlook_years(text)
    return category, (years.pop() if len(years) == 1 else None)


def outlook_ambiguity(outlook: str | None) -> str | None:
    """Why outlook_fields leaves a printed outlook's category or year None
    although the wording names them (a message), else None."""
    if not outlook:
        return None
    text = compact(outlook)
    doubt = _category_doubt(text)
    if doubt is None and len(_outlook_years(text)) > 1:
        return f"the outlook names more than one {_W['fiscal_year']}"
    return doubt


def _category_doubt(text: str) -> str | None:
    """Why the outlook words in `text` settle no one category, else None."""
    if _negated().search(text):
        return f"the outlook word is negated ({'/'.join(_DX.lists['negations'])})"
    if len(set(_outlook_categories(text))) > 1:
        return "the outlook names more than one category"
    return None


def _outlook_categories(text: str) -> list[str]:
    return [outlook_endings()[m.group(0)] for m in _outlook_word().finditer(text)]


def _outlook_years(text: str) -> set[int]:
    found = (parse_fiscal_year(m.group(0), strict=True) for m in _FISCAL_YEAR.finditer(text))
    return {year for year in found if year is not None}


def clean_pillar(heading: str | None) -> str | None:
    """`「つながる市役所」の実現に向けた進捗状況` → `つながる市役所`."""
    if not heading:
        return None
    text = normalize_text(heading)
    quoted = _QUOTED.search(text)
    if quoted:
        return quoted.group("q").strip() or None
    text = _PILLAR_SUFFIX.sub("", text).strip()
    return text or None


def clean_label(text: str | None) -> str | None:
    """A theme or cell label: normalised, None when empty."""
    if text is None:
        return None
    text = normalize_text(text)
    return text or None


def join_lines(raw_lines: Sequence[str]) -> str:
    """Join the wrapped lines of one cell (raw text as printed).

    As `normalise.join_wrapped`, but a space goes between two lines only
    when both sides are half-width Latin letters in the source: full-width
    letters (`Ｗｉ－Ｆ` + `ｉ`) wrap per character like kana, so a break
    there is not a word space.
    """
    out = ""
    previous = ""
    for raw in raw_lines:
        line = normalize_text(raw)
        if not line:
            continue
        stripped = raw.strip()
        if out and _ascii_letter(previous[-1:]) and _ascii_letter(stripped[:1]):
            out += " "
        out += line
        previous = stripped
    return normalize_chars(out)


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


# --- cover -------------------------------------------------------------

_TITLE = regex.compile(_P["cover_title"])
_PUBLISHER = regex.compile(_P["cover_publisher"])
_ISSUED = regex.compile(_P["cover_issued"])


@dataclass(frozen=True, slots=True)
class Cover:
    title: str | None = None
    fiscal_year: int | None = None
    publisher: str | None = None
    issued: str | None = None
    issued_raw: str | None = None  # the line it was read from, kept when unreadable


def cover_printed(cover: Cover) -> dict[str, str]:
    """Each cover field's printed line (compacted), as the readers took it:
    what their sources are looked up by."""
    printed = {
        "title": cover.title,
        "fiscal_year": cover.title,
        "publisher": cover.publisher,
        "issued": cover.issued_raw,
    }
    return {name: value for name, value in printed.items() if value is not None}


def read_cover(lines: Sequence[str]) -> Cover:
    """Title, fiscal year, publisher and issue month from the cover's lines.

    Each is the first line that has that line's shape; lines are compared
    without spaces (a PDF may split `2022 年度` at a font change).
    """
    cover = Cover()
    for line in lines:
        text = compact(line)
        if not text:
            continue
        if cover.title is None and _TITLE.search(text):
            cover = replace(cover, title=text, fiscal_year=parse_fiscal_year(text, strict=True))
        elif cover.publisher is None and _PUBLISHER.match(text):
            cover = replace(cover, publisher=text)
        elif cover.issued_raw is None and _ISSUED.match(text):
            cover = replace(cover, issued=parse_year_month(text), issued_raw=text)
    return cover


def municipality_of(publisher: str | None) -> str | None:
    """`北総市企画部DX推進課` → `北総市`: the name up to its first 市/町/村/区."""
    if not publisher:
        return None
    match = _PUBLISHER.match(compact(publisher))
    return match.group("city") if match else None


def add_cover(result: ParseResult, cover: Cover, page: int | None) -> None:
    """The dx_reports row, and the municipality named by the publisher."""
    if cover.issued is None and cover.issued_raw is not None:
        result.error(
            "invalid_date",
            f"the cover's issue month {cover.issued_raw!r} is not a real year-month",
            dataset=REPORTS,
            field="issued",
            page=page,
            raw=cover.issued_raw,
        )
    for name in ("title", "publisher", "issued"):
        if getattr(cover, name) is None and not (name == "issued" and cover.issued_raw):
            result.warn(
                "cover_field_missing",
                f"the cover prints no recognisable {name}",
                dataset=REPORTS,
                field=name,
                page=page,
            )
    result.add(
        REPORTS,
        {
            "page": page,
            "title": cover.title,
            "fiscal_year": cover.fiscal_year,
            "publisher": cover.publisher,
            "issued": cover.issued,
        },
    )
    result.municipality = municipality_of(cover.publisher)


# --- rows --------------------------------------------------------------


def warn_no_theme(result: ParseResult, page: int | None, carried: bool) -> None:
    """No sub-theme label read for a progress table: its theme is carried
    from the table it continues, or null (one printed and not read is the
    ledger's unread_text too)."""
    result.warn(
        "no_theme",
        "no sub-theme label read for the progress table; theme "
        + ("carried from the table it continues" if carried else "left null"),
        dataset=MEASURES,
        field="theme",
        page=page,
    )


def measure_row(row_no: int, measure: Measure) -> Row:
    """The dx_measures row: fields as read plus those derived from them."""
    category, fiscal_year = outlook_fields(measure.outlook)
    row: Row = {
        "row_no": row_no,
        "page": measure.page,
        "pillar": measure.pillar,
        "theme": measure.theme,
        "measure": measure.measure,
        "item_group": measure.item_group,
        "item": measure.item,
        "status": measure.status,
        "detail": measure.detail,
        "outlook": measure.outlook,
        "outlook_category": category,
        "outlook_fiscal_year": fiscal_year,
    }
    for name, sources in measure.sources.items():
        attach(row, name, *sources)
    # The derived fields were read from the outlook.
    for name in ("outlook_category", "outlook_fiscal_year"):
        attach(row, name, *measure.sources.get("outlook", ()))
    return row


# --- page furniture, one set of rules for the PDF and the text readers -----------

PAGE_NUMBER = regex.compile(resolve(_P["page_number"], **_P))
# In a text layer the page number stands on a line of its own (no running
# name before it: a text layer's line may be any cell's).
PAGE_NUMBER_ALONE = regex.compile(resolve(_P["page_number_alone"], **_P))
_LEGEND_TITLE = regex.compile(_P["legend_title"])
_LEGEND_ENTRY = regex.compile(_P["legend_entry"])


def is_legend_title(raw: str) -> bool:
    """`「今後の展開」について`: the bracketed word an outlook header label."""
    match = _LEGEND_TITLE.match(normalize_text(raw))
    return match is not None and header_field(match.group("h")) == "outlook"


def is_legend_entry(raw: str) -> bool:
    """`拡大〜事業範囲…`: an outlook word, then the mark and what it means."""
    match = _LEGEND_ENTRY.match(normalize_text(raw))
    return match is not None and compact(match.group("w")) in outlook_endings()
