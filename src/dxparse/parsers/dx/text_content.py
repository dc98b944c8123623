"""DX progress tables read from a text layer by content, not line layout (issue 15).

A text layer made by another extractor (pdfminer's `extract_text`,
pypdfium2) prints each cell as a block of lines but in an order of its own:
the header labels apart and wrapped (`今後の` / `方向性`), the status column
as a run, details between labels. What stays is the order within a column.
So each block is typed by what it says, from the one vocabulary: header
label, page heading, status word, outlook form, sentence (a detail),
furniture (page numbers, the 今後の展開 legend, running lines) or label;
a table is a page whose blocks name the required header labels; its rows
are as many as its status words, and each other column's blocks go to the
rows in order when there are as many of them as rows. Where the counts
disagree the column is left null with an error, never guessed; the blocks
not used are the coverage ledger's unread_text.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import regex

from dxparse.document import Page
from dxparse.normalise import normalize_chars, normalize_text
from dxparse.parsers.dx import text_align, text_rows
from dxparse.parsers.dx.common import (
    MEASURES,
    PAGE_NUMBER,
    PAGE_NUMBER_ALONE,
    REQUIRED_HEADER_FIELDS,
    SENTENCE_END,
    Measure,
    clean_label,
    clean_pillar,
    compact,
    header_field,
    heading,
    heading_key,
    is_legend_entry,
    is_legend_title,
    is_status,
    status_words,
    warn_no_theme,
)
from dxparse.records import Issue, ParseResult, Source
from dxparse.utils.orientation import SIDEWAYS_REASON, printed_sideways
from dxparse.vocabulary import shipped

_P = shipped().dx.patterns
_L = shipped().dx.lists
_CAPTION = regex.compile(_P["text_caption"])
_ONGOING = shipped().dx.words["ongoing"]
_NOTE_MARKS = tuple(_L["note_marks"])
# Spaces an extractor puts between Latin or digits and Japanese (`生成 AI の`,
# `令和 5 年度`): only a space between two Latin letters is the text's own.
_LOOSE_SPACE = regex.compile(r"(?<![A-Za-z])\s+|\s+(?![A-Za-z])")
_HEADING = regex.compile(_P["text_heading"])
_CONTINUED = regex.compile(_P["text_continued"])
_HEADING_END = regex.compile(_P["text_heading_end"])
# A detail is a sentence; a label a short name (a long one is a sentence too).
LABEL_MAX_CHARS = 30
LABEL_MIN_CHARS = 4
# A line printed on this many table pages is a running header or footer (on
# two, it may as well be a 施策 the table carries over: `RPA の導入`).
RUNNING_MIN_PAGES = 3
# ... or on two with its page number changing (`若葉坂町 3`, `若葉坂町 4`).
RUNNING_MIN_NUMBERED = 2
# Columns whose texts an extractor prints in row order (see _column).
_ORDER_KEPT = frozenset({"detail"})
# Columns an extractor prints in row order unless it moved a cell next to
# another row's cells (pdfminer: a last row's outlook printed first, beside
# that row's detail): taken in order where no text stands beside another
# row's status or placed cell.
_ORDER_UNLESS_MOVED = frozenset({"outlook"})
# Words that may be a status or an outlook shared out by trying every way.
MAX_SHARED_WORDS = 10
# A table's header: this many of its labels within this many blocks of
# the first (the others may stand anywhere on the page).
HEADER_WINDOW = 12
HEADER_RUN = 3


@dataclass(slots=True)
class Block:
    """Lines of one text box: page, line indexes in the page, text."""

    page: Page
    first: int
    last: int
    lines: list[str]
    kind: str = ""
    field: str | None = None  # header labels: the column named

    @property
    def text(self) -> str:
        return _joined(self.lines)

    def source(self) -> Source:
        page = self.page
        return Source(
            page.number, lines=(page.line_number(self.first), page.line_number(self.last))
        )


def _joined(lines: Sequence[str]) -> str:
    """A cell's lines as one text. A line broken between two Latin letters
    was broken inside the word when it is as wide as the cell's widest line
    (`業務用Wi-F` / `i`), at a space otherwise."""
    widest = max((_width(line) for line in lines), default=0.0)
    out = ""
    for k, raw in enumerate(lines):
        line = normalize_text(raw)
        if not line:
            continue
        previous = lines[k - 1].strip() if k else ""
        latin = previous[-1:].isascii() and previous[-1:].isalpha()
        word_wrap = _width(previous) < widest - 1
        if out and latin and line[:1].isascii() and line[:1].isalpha() and word_wrap:
            out += " "
        out += line
    return _LOOSE_SPACE.sub("", normalize_chars(out))


@dataclass(slots=True)
class Table:
    page: Page
    fields: set[str]
    heading: Block | None
    theme: Block | None
    body: list[Block] = field(default_factory=list)
    continued: bool = False
    blocks: list[Block] = field(default_factory=list)  # all of the page's, typed
    single: bool = False  # a layer with no blank lines, read line by line
    order: list[str] = field(default_factory=list)  # the header's fields as printed
    two_tables: bool = False  # the header labels printed twice on the page
    cut_apart: bool = False  # one of two tables cut apart on their page (_two_printed)
    # The document prints no sub-theme label above a table: one printed
    # after the rows may be the page's (see _theme_after_rows).
    theme_after: bool = False


# A layer with fewer blank lines than this share marks no cell ends
# (pypdfium2): each line is a block of its own there.
MIN_BLANK_SHARE = 0.05


def line_per_line(pages: Sequence[Page]) -> bool:
    # A page's own trailing break (`…\n\f`) is no cell end.
    lines = [line for page in pages for line in "\n".join(page.lines).strip().split("\n")]
    blank = sum(1 for line in lines if not line.strip())
    return bool(lines) and blank < MIN_BLANK_SHARE * len(lines)


def blocks_of(page: Page, single: bool = False) -> list[Block]:
    """The page's blocks of non-blank lines; a line that holds a status, an
    outlook or a header label beside other text (`休止 AI チャットボット`: an
    extractor put two cells on one line) is cut into its segments."""
    out: list[Block] = []
    current: Block | None = None
    for i, line in enumerate(page.lines):
        if not line.strip():
            current = None
            continue
        pieces = _segments(line)
        # A running line (`○○市DX推進計画 進捗状況`) is one piece of furniture;
        # a header row on one line is not.
        headers = sum(1 for piece in pieces if header_field(piece) is not None)
        if len(pieces) > 1 and headers < 2 and _furniture_kind(line):
            pieces = _heading_apart(pieces) or [line]
        tail = _heading_tail(out, i, line)
        if tail is not None:
            pieces = _segments(tail)
            if not pieces:
                current = None
                continue
        if len(pieces) > 1 or single:
            out.extend(Block(page, i, i, [piece]) for piece in pieces)
            current = None
            continue
        if current is None:
            current = Block(page, i, i, [])
            out.append(current)
        current.lines.append(line)
        current.last = i
    return out


def _heading_end(text: str) -> bool:
    return _furniture_kind(text) == "heading" and _HEADING_END.search(compact(text)) is not None


def _heading_apart(pieces: list[str]) -> list[str] | None:
    """A heading and what its line prints after it (`「…」の進捗状況
    多様な働き方`: a sub-theme label): the heading up to where it ends,
    then the other pieces; None when it does not end on the line."""
    if _furniture_kind(" ".join(pieces)) != "heading":
        return None
    for k in range(1, len(pieces)):
        if _heading_end(" ".join(pieces[:k])):
            return [" ".join(pieces[:k]), *pieces[k:]]
    return None


def _heading_tail(out: list[Block], i: int, line: str) -> str | None:
    """A heading broken over two lines (`「…」に向けた取組の進` / `捗状況
    ペーパーレスの推進`): the line's first parts end it. Joined to the
    heading block (the last block, on the line before) when the heading did
    not end there and does with them; returns the rest of the line (None
    when there is no tail)."""
    if not out:
        return None
    last = out[-1]
    if last.last != i - 1 or len(last.lines) != 1 or _heading_end(last.text):
        return None
    if _furniture_kind(last.text) != "heading":
        return None
    parts = [p for p in _SPACE_RUN.split(line.strip()) if p]
    for k in range(1, len(parts) + 1):
        if _heading_end(last.text + "".join(parts[:k])):
            last.lines.append(" ".join(parts[:k]))
            last.last = i
            return " ".join(parts[k:])
    return None


_SPACE_RUN = regex.compile(r"\s+")


def _segments(line: str) -> list[str]:
    """A line's cells: a space between two Japanese characters is a gap
    between cells (inside a cell an extractor spaces only Latin letters and
    digits off: `生成 AI の活用`); and each status / outlook / header label
    part stands alone."""
    parts = [p for p in _SPACE_RUN.split(line.strip()) if p]
    groups: list[list[str]] = []
    for part in parts:
        if groups and not (_wide(groups[-1][-1][-1]) and _wide(part[0])):
            groups[-1].append(part)
        else:
            groups.append([part])
    out: list[str] = []
    for group in groups:
        rest: list[str] = []
        for part in group:
            if _short_kind(part) is not None:
                if rest:
                    out.append(" ".join(rest))
                    rest = []
                out.append(part)
            else:
                rest.append(part)
        if rest:
            out.append(" ".join(rest))
    return out


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF" and char not in _CLAUSE_MARKS


# A space after these ends a clause inside one cell (`拡大、 Wi-Fi`).
_CLAUSE_MARKS = "、。,()「」『』"


def _split_lines(block: Block) -> list[Block]:
    """A block whose lines are each a status, an outlook or a header label
    (a column's short cells run together): one block per line."""
    return [
        Block(block.page, block.first + k, block.first + k, [line])
        for k, line in enumerate(block.lines)
    ]


def _short_kind(text: str) -> str | None:
    if header_field(text) is not None:
        return "header"
    # A listed status word, or one of the shape 〜中 (稼働中): a wrapped
    # label's tail (`電` / `子決済`) has the shape 〜済 too.
    status = is_status(text) and (
        compact(text) in status_words() or compact(text).endswith(_ONGOING)
    )
    outlook = text_rows.outlook_form(text)
    if status and outlook:
        return "status|outlook"
    if status:
        return "status"
    if outlook:
        return "outlook"
    return None


def type_blocks(blocks: list[Block], single: bool = False) -> list[Block]:
    """Type each block by what it says; split runs of short cells; join a
    header label broken over two blocks (`進捗状` / `況`)."""
    out: list[Block] = []
    for block in blocks:
        kind = _short_kind(block.text)
        if kind is None and len(block.lines) > 1 and all(_short_kind(line) for line in block.lines):
            parts = _split_lines(block)
        else:
            parts = [block]
        for part in parts:
            part.kind = _short_kind(part.text) or _long_kind(part, single)
            if part.kind == "header":
                part.field = header_field(part.text)
            out.append(part)
    joined: list[Block] = []
    for block in out:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            # (`進捗状` alone reads as a caption: `進捗` opens one.)
            and previous.kind in ("label", "header", "caption")
            and block.kind == "label"
            and previous.page is block.page
            and header_field(previous.text + block.text) is not None
        ):
            previous.lines.extend(block.lines)
            previous.last = block.last
            previous.kind, previous.field = "header", header_field(previous.text)
            continue
        if (
            previous is not None
            and previous.kind == "label"
            and block.kind.endswith("outlook")
            and previous.page is block.page
            and compact(previous.text + block.text) in _L["outlook_phrases"]
        ):
            # An outlook phrase wrapped (`需要に合わせて` / `縮小`).
            previous.lines.extend(block.lines)
            previous.last = block.last
            previous.kind = "outlook"
            continue
        joined.append(block)
    if single:
        for block in joined:
            if block.kind in ("sentence", "label", "outlook"):
                # Line by line, a wrapped cell is several lines and a line
                # may hold several cells: only whole words (statuses,
                # header labels) are sure.
                block.kind = "mixed"
    return joined


def _glued_label(block: Block) -> bool:
    """A sentence line that begins or ends with a space-separated part with
    no sentence in it (`コールセンターの設置 319棟まで…。`): a label cell may
    stand on the same line, and where the cell ends is not in the text."""
    parts = [p for line in block.lines for p in _SPACE_RUN.split(line.strip()) if p]
    if len(parts) < 2:
        return False
    return not regex.search(r"[。、,\d]", parts[0]) or not regex.search(r"[。]$", parts[-1])


def _width(line: str) -> float:
    """A line's printed width in full-width characters."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in line.strip())


# A wrapped line is this much (in full-width characters) narrower than the
# column at most: a narrower line that ends no sentence ended another cell.
WRAP_SLACK = 5.0  # a number or a word kept whole moves to the next line


def _mixed_sentences(blocks: list[Block]) -> None:
    """A sentence block one of whose lines before the last is narrower than
    the page's widest sentence line and ends no clause: an extractor put a
    label cell's line in the detail's box (`施設使用料の電子決済` /
    `事業者との協議を…`). Which lines are the label's is not sure: the
    block is read as neither."""
    sentences = [b for b in blocks if b.kind == "sentence"]
    widest = max((_width(line) for b in sentences for line in b.lines), default=0.0)
    for block in sentences:
        for line in block.lines[:-1]:
            if _width(line) < widest - WRAP_SLACK and not regex.search(r"[。、,]\s*$", line):
                block.kind = "mixed"
                break


def _furniture_kind(raw: str, lines: Sequence[str] = ()) -> str | None:
    """Page number, legend title, page heading or caption, else None
    (`lines`: the block's, where it has several)."""
    text = compact(raw)
    if PAGE_NUMBER_ALONE.match(text):
        return "page_number"
    # A legend title, alone or heading its entries in one block.
    first, *rest = [line for line in (lines or [raw]) if line.strip()] or [""]
    if is_legend_title(first) and all(map(is_legend_entry, rest)):
        return "legend"
    if _HEADING.search(text) and clean_pillar(raw):
        return "heading"
    if _CAPTION.search(text) and len(text) <= LABEL_MAX_CHARS and header_field(text) is None:
        return "caption"
    return None


def _long_kind(block: Block, single: bool = False) -> str:
    furniture = _furniture_kind(block.text, block.lines)
    if furniture is not None:
        return furniture
    text = compact(block.text)
    if SENTENCE_END in text or len(text) > LABEL_MAX_CHARS:
        if (single and _glued_label(block)) or _label_before_latin(block):
            return "mixed"
        return "sentence"
    return "label"


def _label_before_latin(block: Block) -> bool:
    """`コールセンターの設置 AI-OCR867 機能を配備。`: a name with no clause in
    it, a space, then Latin letters — a label cell and a detail on one line
    as likely as one detail; which it is is not in the text."""
    parts = [p for p in _SPACE_RUN.split(block.lines[0].strip()) if p]
    return (
        len(parts) >= 2
        and len(parts[0]) >= LABEL_MIN_CHARS
        and not regex.search(r"[。、,\dA-Za-z]", parts[0])
        and parts[1][:1].isascii()
        and parts[1][:1].isalpha()
    )


def _legend_lines(block: Block) -> bool:
    return all(map(is_legend_entry, block.lines))


def find_tables(pages: Sequence[Page], result: ParseResult) -> list[Table]:
    """Each page's table: found by the set of its header labels."""
    single = line_per_line(pages)
    typed = {page.number: type_blocks(blocks_of(page, single), single) for page in pages}
    for blocks in typed.values():
        _mixed_sentences(blocks)
    tables: list[Table] = []
    previous: Table | None = None
    refused = -1  # the last page refused for text set sideways
    for page in pages:
        blocks = typed[page.number]
        headers = [k for k, b in enumerate(blocks) if b.kind == "header"]
        fields = {blocks[k].field for k in headers if blocks[k].field}
        statuses = [b for b in blocks if b.kind.startswith("status")]
        found = _header_found(blocks, headers, fields)
        if (found or statuses or refused == page.number - 1) and printed_sideways(page):
            # Each column's cells in an order of their own: not read (nor
            # the pages that go on sideways after it: a table's rest).
            _table_not_found(page, result, sideways=True)
            previous, refused = None, page.number
            continue
        if not found and not (previous is not None and statuses):
            if headers and statuses:
                # Header labels and status words with no table read: rows
                # the page prints are missing (the PDF path's rule).
                _table_not_found(page, result)
            previous = None if not statuses and not headers else previous
            continue
        heading_block = next((b for b in blocks if b.kind == "heading"), None)
        start = headers[0] if found else 0
        # The sub-theme label: the one label between the heading and the
        # header labels (two there: which one it is is not in the text). Not
        # with two tables on the page (header labels printed twice): which
        # label heads which is not in the text.
        repeated = len(headers) != len(fields)
        after = blocks.index(heading_block) + 1 if heading_block in blocks[:start] else 0
        kinds = ("label", "mixed") if single else ("label",)
        near = [] if repeated else [b for b in blocks[after:start] if b.kind in kinds]
        if not repeated and not single and found and not near:
            # pdfminer prints the label amid the header labels: taken there
            # only when nothing but header labels and it stand among them.
            among = [
                b
                for b in blocks[start : headers[-1]]
                if b.kind not in ("header", "heading", "page_number", "caption")
            ]
            if all(b.kind == "label" for b in among):
                near = among
        if not repeated and not near and heading_block in blocks[:start]:
            # Printed first: the label top right, beside the heading, with
            # nothing but furniture before it — unless every table page
            # prints it so (a running title, not a theme).
            before = [b for b in blocks[: blocks.index(heading_block)] if b.kind in kinds]
            furniture = ("page_number", "caption", "legend")
            quiet = all(
                b.kind in (*kinds, *furniture) for b in blocks[: blocks.index(heading_block)]
            )
            if (
                quiet
                and len(before) == 1
                and not _on_every_page(before[0], typed)
                # `若葉坂町 3`: a running name and the page number.
                and PAGE_NUMBER.match(normalize_text(before[0].text)) is None
            ):
                near = before
        # `東雲市 4`: a running name and the page number, no label.
        near = [
            b
            for b in near
            if _balanced(b.text) and PAGE_NUMBER.match(normalize_text(b.text)) is None
        ]
        theme = near[0] if len(near) == 1 else None
        table = Table(
            page,
            {f for f in fields if f} if found else (previous.fields if previous else set()),
            heading_block,
            theme,
            # A page that prints no heading goes on with the page before.
            continued=not found
            or (heading_block is None and previous is not None)
            or (
                heading_block is not None
                and _CONTINUED.search(compact(heading_block.text)) is not None
            ),
            blocks=blocks,
            single=single,
            order=_header_order(blocks) if found else (previous.order if previous else []),
            two_tables=repeated,
        )
        for k, b in enumerate(blocks):
            if b is theme or b is heading_block or b.kind in ("header", "caption", "page_number"):
                continue
            if k >= start:
                table.body.append(b)
        tables.extend(_two_printed(table, headers) if repeated and single else [table])
        result.account(page.number)
        for b in blocks:
            if b.kind in ("header", "heading", "page_number", "legend", "caption"):
                result.furniture(b.source())
        previous = table
    _legend_and_running(tables, typed, result)
    return tables


def _header_found(blocks: list[Block], headers: list[int], fields: set[str | None]) -> bool:
    """A table's header: its labels name the required columns, and a run of
    them stands together at its top. pdfminer's flow may print a column's
    label with the column, after rows (`進捗状況` above the statuses, the
    outlook label under the table): those count anywhere on the page."""
    if not headers or not fields >= REQUIRED_HEADER_FIELDS:
        return False
    if len(headers) != len(fields):
        # Labels printed more than once (two tables, or a layer without page
        # breaks): which label heads which rows is not in the text unless
        # each header stands whole in one window.
        return headers[-1] - headers[0] < HEADER_WINDOW + len(headers)
    run = {blocks[k].field for k in headers if k - headers[0] < HEADER_WINDOW}
    return len(run) >= HEADER_RUN


def _table_not_found(page: Page, result: ParseResult, *, sideways: bool = False) -> None:
    result.account(page.number)
    why = (
        f"{SIDEWAYS_REASON}: its cells are in no order of the table's, and the table is not read"
        if sideways
        else "the text layer prints progress table header labels and status words but no"
        " table was read from them"
    )
    result.error(
        "table_not_found",
        why,
        dataset=MEASURES,
        page=page.number,
    )


def _two_printed(table: Table, headers: list[int]) -> list[Table]:
    """A page of a row-by-row layer printing two tables, each under its own
    header (the same labels again): two tables, the body cut at the second
    header; the first goes on with the page before as the page does, the
    second begins afresh. Neither takes a theme (which label heads which is
    not in the text). The page as one table where the headers are not two
    like runs."""
    blocks = table.blocks
    runs: list[list[int]] = []
    for k in headers:
        named = {blocks[j].field for j in runs[-1]} if runs else set()
        if not runs or blocks[k].field in named:
            runs.append([])
        runs[-1].append(k)
    if len(runs) != 2 or [_header_order([blocks[k] for k in run]) for run in runs] != [
        table.order,
        table.order,
    ]:
        return [table]
    second = runs[1][0]
    cut = next((k for k, b in enumerate(table.body) if blocks.index(b) > second), None)
    if cut is None:
        return [table]
    first = replace(table, theme=None, two_tables=True, body=table.body[:cut], cut_apart=True)
    return [first, replace(first, heading=None, continued=False, body=table.body[cut:])]


def _on_every_page(block: Block, typed: dict[int, list[Block]]) -> bool:
    """The block's text is printed on every page that holds header labels."""
    key = _running_key(block)
    pages = [blocks for blocks in typed.values() if any(b.kind == "header" for b in blocks)]
    return len(pages) > 1 and all(any(_running_key(b) == key for b in bs) for bs in pages)


def _balanced(text: str) -> bool:
    """No bracket left open or closed: not the broken-off end of a heading
    (`…(続` / `き)`)."""
    flat = compact(text)
    return all(flat.count(a) == flat.count(b) for a, b in ("()", "「」", "『』", "[]"))


def _header_order(blocks: list[Block]) -> list[str]:
    order: list[str] = []
    for b in blocks:
        if b.kind == "header" and b.field is not None and b.field not in order:
            order.append(b.field)
    return order


def _only_furniture_between(blocks: list[Block], k: int, start: int) -> bool:
    return all(b.kind in ("heading", "page_number", "caption") for b in blocks[k + 1 : start])


def _legend_and_running(
    tables: list[Table], typed: dict[int, list[Block]], result: ParseResult
) -> None:
    """Legend lines under a legend title, and lines printed on several table
    pages, are furniture: out of the tables' bodies."""
    # A page counts once, though it print two tables (_two_printed).
    table_pages = sorted({t.page.number for t in tables})
    counts = Counter(
        _running_key(b)
        for number in table_pages
        for b in set_of(typed[number])
        if b.kind in ("label", "mixed")
    )
    # `若葉坂町 3` / `若葉坂町 4`: a running name and the page number, its
    # number changing from page to page.
    # Counted once a page: `フェーズ1` / `フェーズ2` on one page are two cells.
    numbered: dict[str, dict[int | None, set[str]]] = {}
    for number in table_pages:
        for b in typed[number]:
            if b.kind in ("label", "mixed") and PAGE_NUMBER.match(normalize_text(b.text)):
                on_page = numbered.setdefault(_running_key(b), {}).setdefault(number, set())
                on_page.add(compact(b.text))
    for table in tables:
        body: list[Block] = []
        after_legend = False
        for b in table.body:
            if b.kind == "legend":
                after_legend = True
                continue
            if after_legend and _legend_lines(b):
                result.furniture(b.source())
                continue
            after_legend = False
            key = _running_key(b)
            running = max(RUNNING_MIN_PAGES, (len(table_pages) + 1) // 2)
            # A cell's word (an outlook a row-by-row layer marks mixed: 拡大 on
            # every page) is no running line.
            word = _short_kind(b.text) is not None
            pages = numbered.get(key, {})
            paged = (
                len(pages) >= RUNNING_MIN_NUMBERED
                and all(len(texts) == 1 for texts in pages.values())
                and len(set().union(*pages.values())) == len(pages)
            )
            if (
                b.kind in ("label", "mixed")
                and len(key) >= 2
                and (counts[key] >= running or paged)
                and not word
            ):
                result.furniture(b.source())
                continue
            body.append(b)
        table.body = body


def _running_key(block: Block) -> str:
    """A running line compared without its page number."""
    return regex.sub(r"\d+", "", compact(block.text))


def set_of(blocks: list[Block]) -> list[Block]:
    """One block per running key: a page counts once."""
    seen: dict[str, Block] = {}
    for b in blocks:
        seen.setdefault(_running_key(b), b)
    return list(seen.values())


def _split_status_outlook(
    body: list[Block], has_outlook: bool, single: bool
) -> tuple[list[Block], list[Block]] | None:
    """Statuses and outlooks; a word that is both (終了, 完了) goes where the
    counts settle it: every row prints a status, no row two outlooks, so of
    the ways to share these words out the one that leaves no more outlooks
    than statuses, if only one does; else None."""
    statuses = [b for b in body if b.kind == "status"]
    outlooks = [b for b in body if b.kind == "outlook"]
    both = [b for b in body if b.kind == "status|outlook"]
    if not both:
        return statuses, outlooks
    if has_outlook and not single:
        # A word in a run of the one column's words (`拡大` `維持` `終了`,
        # next to outlooks and to no status) is that column's.
        for b in both:
            side = _run_of(body, b)
            if side is not None:
                (statuses if side == "status" else outlooks).append(b)
        both = [b for b in both if b not in statuses and b not in outlooks]
        statuses.sort(key=_order)
        outlooks.sort(key=_order)
        if not both:
            return (statuses, outlooks) if len(outlooks) <= len(statuses) else None
    if single:
        return None  # line by line the outlooks are not read: nothing settles these
    if not has_outlook:
        return sorted([*statuses, *both], key=_order), outlooks
    if len(both) > MAX_SHARED_WORDS:
        return None  # line by line the outlooks are not read: nothing settles these
    fits: list[tuple[list[Block], list[Block]]] = []
    for mask in range(1 << len(both)):
        to_status = [b for k, b in enumerate(both) if mask >> k & 1]
        to_outlook = [b for k, b in enumerate(both) if not mask >> k & 1]
        if len(outlooks) + len(to_outlook) <= len(statuses) + len(to_status):
            fits.append(
                (
                    sorted([*statuses, *to_status], key=_order),
                    sorted([*outlooks, *to_outlook], key=_order),
                )
            )
    if len(fits) > 1:
        # pdfminer prints a column of short cells as a run of its own: where
        # the words are one run of the layer (the two columns one after the
        # other), of the counts' fits the one that cuts it into a run of
        # statuses and a run of outlooks, if only one does.
        at = {id(b): k for k, b in enumerate(body)}
        words = [b for b in body if b.kind in ("status", "outlook", "status|outlook")]
        runs = _one_run(words, body, at)
        fits = [f for f in fits if runs and _one_run(f[0], body, at) and _one_run(f[1], body, at)]
    return fits[0] if len(fits) == 1 else None


def _run_of(body: list[Block], block: Block) -> str | None:
    """`status` or `outlook` when the block stands in a run of that kind in
    the layer (the words that may be either passed over): its neighbours on
    both sides of that kind, or at the body's edge the two next to it."""
    k = body.index(block)
    sides: list[list[str]] = []
    for step in (-1, 1):
        kinds: list[str] = []
        j = k + step
        while 0 <= j < len(body) and len(kinds) < 2:
            if body[j].kind != "status|outlook":
                kinds.append(body[j].kind)
            j += step
        sides.append(kinds)
    if all(sides):
        run = {sides[0][0], sides[1][0]}
    else:
        longer = sides[0] or sides[1]
        run = set(longer) if len(longer) == 2 else set()
    kind = run.pop() if len(run) == 1 else None
    return kind if kind in ("status", "outlook") else None


def _in_row_order(
    column: list[Block],
    statuses: list[Block],
    stream: list[Block],
    others: Sequence[Block | None] = (),
) -> bool:
    """Whether the layer's order of a column's texts can be taken for the
    rows' order, as far as the text shows it: the column and the statuses
    each printed as one run (column by column), or each text next to its
    row's status (between the statuses of the rows above and below it, on
    the same side of its own on every row), or some texts right beside
    their row's status and none beside another row's. Otherwise an extractor may have
    moved a cell (pdfminer prints a last row's outlook before the others, or
    two cells of a column bottom first) and the order proves nothing."""
    at = {id(b): k for k, b in enumerate(stream)}
    if _one_run(column, stream, at) and _one_run(statuses, stream, at):
        return True
    if (
        _one_run(column, stream, at)
        and len(column) > 1
        and _uncontradicted(column, statuses, at, others)
    ):
        return True
    return _near_own_status(column, statuses, at) or _anchored(column, statuses, at, others)


def _uncontradicted(
    column: list[Block], statuses: list[Block], at: dict[int, int], others: Sequence[Block | None]
) -> bool:
    """No text of the column stands right beside another row's status or
    placed cell."""
    row_of = {at[id(b)]: r for r, b in enumerate(statuses)}
    row_of |= {at[id(b)]: r for r, b in enumerate(others) if b is not None}
    return all(
        row_of.get(place, r) == r
        for r, block in enumerate(column)
        for place in (at[id(block)] - 1, at[id(block)] + 1)
    )


def _near_own_status(column: list[Block], statuses: list[Block], at: dict[int, int]) -> bool:
    places = [at[id(b)] for b in statuses]
    for r, block in enumerate(column):
        low = places[r - 1] if r > 0 else -1
        high = places[r + 1] if r + 1 < len(places) else len(at)
        if not low < at[id(block)] < high:
            return False
    sides = {at[id(block)] < places[r] for r, block in enumerate(column)}
    return len(sides) == 1


def _anchored(
    column: list[Block],
    statuses: list[Block],
    at: dict[int, int],
    others: Sequence[Block | None] = (),
) -> bool:
    """Some of the column's texts stand right next to a status (or another
    cell already placed on its row, `others`), and each such neighbour is
    of the row the order gives it: the extractor printed those cells with
    their rows, and no cell contradicts the order."""
    row_of = {at[id(b)]: r for r, b in enumerate(statuses)}
    row_of |= {at[id(b)]: r for r, b in enumerate(others) if b is not None}
    anchors = 0
    for r, block in enumerate(column):
        for place in (at[id(block)] - 1, at[id(block)] + 1):
            if place in row_of:
                if row_of[place] != r:
                    return False
                anchors += 1
    return anchors > 0


def _one_run(blocks: list[Block], stream: list[Block], at: dict[int, int]) -> bool:
    places = [at[id(b)] for b in blocks]
    return places == list(range(places[0], places[0] + len(places))) if places else True


def _order(block: Block) -> tuple[int, int]:
    return (block.page.number, block.first)


@dataclass(slots=True)
class Carry:
    pillar: str | None = None
    pillar_source: Source | None = None
    theme: Block | None = None
    heading_key: str | None = None  # the last heading, 続き dropped
    measure: Block | None = None  # the 施策 a row-by-row table ended with


def read_measures(pages: Sequence[Page], result: ParseResult) -> list[Measure]:
    tables = find_tables(pages, result)
    cuts = [_row_cut(table) for table in tables]
    # A layer that prints each row's boxes after the row above's shows it
    # on every table (each cuts into rows); one that does not (pdfminer's
    # default layout prints a column's run, a row's outlook before the row
    # above) cannot be cut on any of its pages.
    rowwise = all(c is not None for t, c in zip(tables, cuts, strict=True) if not t.single)
    # A form that prints its sub-themes above the tables prints none after
    # them: a label there is a callout.
    above = any(t.theme is not None for t in tables)
    for table in tables:
        table.theme_after = not above
    out: list[Measure] = []
    carry = Carry()
    for table, cut in zip(tables, cuts, strict=True):
        out.extend(_table_measures(table, carry, result, cut if rowwise else None))
    return out


def _unaligned(result: ParseResult, table: Table, name: str, found: int, rows: int) -> None:
    result.error(
        "text_rows_unaligned",
        f"{found} {heading(name)} texts for {rows} rows: which row each belongs to is not"
        f" in the text layer; {heading(name)} left null",
        dataset=MEASURES,
        field=name,
        page=table.page.number,
    )


def _column(
    table: Table,
    name: str,
    blocks: list[Block],
    statuses: list[Block],
    result: ParseResult,
    others: Sequence[Block | None] = (),
) -> list[Block | None]:
    """A column's blocks row by row (see _placed); an error where the text
    did not settle every cell."""
    cells, settled = _placed(table, name, blocks, statuses, others)
    if not settled:
        _unaligned(result, table, name, len(blocks), len(statuses))
    return cells


def _placed(
    table: Table,
    name: str,
    blocks: list[Block],
    statuses: list[Block],
    others: Sequence[Block | None] = (),
) -> tuple[list[Block | None], bool]:
    """A column's blocks row by row: taken in the layer's order where there
    is one per row and the order can be trusted; none on a column blank on
    every row; fewer than rows placed where the layer settles their rows
    (text_align); else nulls. With whether every cell was settled."""
    rows = len(statuses)
    if name not in table.fields:
        return [None] * rows, True
    # A detail is a box of its own that an extractor keeps in column order
    # (over the test layers, always); a short cell (an outlook, a label) it
    # may print with another row's cells, so its order needs the evidence.
    trusted = name in _ORDER_KEPT
    at = {id(b): k for k, b in enumerate(table.body)}
    if len(blocks) == rows and (
        trusted
        or _in_row_order(blocks, statuses, table.body, others)
        or (name in _ORDER_UNLESS_MOVED and _uncontradicted(blocks, statuses, at, others))
    ):
        return list(blocks), True
    mixed = any(b.kind == "mixed" for b in table.body)
    if not blocks and not mixed:
        return [None] * rows, True  # the column is blank on every row
    if name in _WITH_BLANKS and 0 < len(blocks) < rows and not mixed:
        placed = _with_blanks(blocks, statuses, table.body, others, name in _BY_WINDOWS)
        if placed is not None:
            cells, unsettled = placed
            return cells, not unsettled
    return [None] * rows, False


# Columns whose blank cells are placed by the texts' places among the
# statuses and the cells already placed: a detail or an outlook, boxes the
# layer keeps in column order (a 施策 merged over rows stands mid-way).
_WITH_BLANKS = frozenset({"detail", "outlook"})
# ... and of those, the ones whose text stands between the statuses of the
# rows above and below its own (an outlook pdfminer may print before the
# row above's status: placed only by a cell on its line).
_BY_WINDOWS = frozenset({"detail"})


def _with_blanks(
    column: list[Block],
    statuses: list[Block],
    stream: list[Block],
    others: Sequence[Block | None] = (),
    windows: bool = True,
) -> tuple[list[Block | None], bool] | None:
    """Fewer texts than rows (blank cells): the cells every order-keeping
    placement that the layer allows agrees on (text_align.place), and
    whether any differed; None when none fits."""
    at = {id(b): k for k, b in enumerate(stream)}
    known = [(b, r) for r, b in enumerate(statuses)]
    known += [(b, r) for r, b in enumerate(others) if b is not None]
    lines = [{r for b, r in known if _one_line(b, text)} for text in column]
    found = text_align.place(
        [at[id(b)] for b in column], [at[id(b)] for b in statuses], lines, len(stream), windows
    )
    if found is None:
        return None
    chosen, unsettled = found
    return [None if k is None else column[k] for k in chosen], unsettled


def _one_line(a: Block, b: Block) -> bool:
    """Two blocks with a line in common (an extractor put two cells on it)."""
    return a is not b and a.page is b.page and a.first <= b.last and b.first <= a.last


def _details_and_outlooks(
    table: Table,
    statuses: list[Block],
    outlooks: list[Block],
    cut: _Cut | None,
    result: ParseResult,
) -> tuple[list[Block | None], list[Block | None]]:
    """The detail and outlook columns row by row: placed by each column's
    order (_placed) and by the row cut, a cell taken where the two agree or
    one is silent; an error where neither settles every cell."""
    rows = len(statuses)
    details = [b for b in table.body if b.kind == "sentence"]
    # The details placed first: an outlook printed beside its row's detail
    # shows its row.
    placed, details_settled = _placed(table, "detail", details, statuses)
    outlook_cells, outlooks_settled = _placed(table, "outlook", outlooks, statuses, placed)
    if not details_settled and any(outlook_cells):
        # An outlook placed shows its row's detail printed beside it; taken
        # where it keeps every detail the statuses alone placed.
        again, settled = _placed(table, "detail", details, statuses, outlook_cells)
        if all(a is b for a, b in zip(placed, again, strict=True) if a is not None):
            placed, details_settled = again, settled
    if cut is not None and "detail" in table.fields:
        placed, details_settled = _with_cut(table, cut, "detail", placed, details_settled)
    if cut is not None and "outlook" in table.fields:
        outlook_cells, outlooks_settled = _with_cut(
            table, cut, "outlook", outlook_cells, outlooks_settled
        )
    if not details_settled:
        _unaligned(result, table, "detail", len(details), rows)
    if not outlooks_settled:
        _unaligned(result, table, "outlook", len(outlooks), rows)
    return placed, outlook_cells


# The body's row cut (text_align.cut): per block its (row, role) options
# over every cut, and the row count.
_Cut = tuple[list[set[tuple[int, str]]], int]
# The roles a typed block may take in a row cut.
_CUT_ROLES: dict[str, tuple[str, ...]] = {
    "status": ("status",),
    "outlook": ("outlook",),
    "status|outlook": ("status", "outlook"),
    "sentence": ("detail",),
}


def _row_cut(table: Table) -> _Cut | None:
    """The table's body cut into rows of one status each, each row a run of
    the layer holding at most one detail and one outlook (text_align.cut);
    None where no cut or several row counts fit. Labels are free: a
    sub-theme label, a callout or a wrapped label's pieces stand among them."""
    if table.single or "status" not in table.fields or not table.body:
        return None
    roles = [_CUT_ROLES.get(b.kind, ("other",)) for b in table.body]
    caps = {
        "outlook": int("outlook" in table.fields),
        "detail": int("detail" in table.fields),
    }
    return text_align.cut(roles, caps)


def _cut_split(
    table: Table, cut: _Cut, split: tuple[list[Block], list[Block]] | None
) -> tuple[list[Block], list[Block]] | None:
    """The counts' split of statuses and outlooks where the row cut gives
    the same statuses; None (the cut not used) where it gives others or
    leaves one open: the cut is only as good as the row order it assumes,
    and a word that may be a status or an outlook (終了) is not settled by
    it alone (a default pdfminer layout cuts into rows of its runs)."""
    if split is None:
        return None
    choices, rows = cut
    cells = text_align.cut_cells(choices, rows, "status")
    statuses = [table.body[k] for k in cells if k is not None and k != text_align.UNSETTLED]
    return split if statuses == split[0] else None


def _with_cut(
    table: Table, cut: _Cut, role: str, cells: list[Block | None], settled: bool
) -> tuple[list[Block | None], bool]:
    """A column's cells from its order (`cells`, all `settled` — a blank
    one sure — or not) and from the row cut: a cell one gives and the other
    leaves open is taken; one they give differently (a block, another
    block or a sure blank) is left null."""
    choices, rows = cut
    if rows != len(cells):
        return cells, settled
    by_cut = text_align.cut_cells(choices, rows, role)
    if any(b.kind == "mixed" for b in table.body):
        # A block read as neither may hold the cell a cut leaves blank.
        by_cut = [text_align.UNSETTLED if k is None else k for k in by_cut]
    out: list[Block | None] = []
    conflict = False
    for mine, k in zip(cells, by_cut, strict=True):
        if k == text_align.UNSETTLED:
            out.append(mine)
            continue
        theirs = None if k is None else table.body[k]
        # A column settled on every row has its blank cells sure too.
        if (mine is not None or settled) and mine is not theirs:
            conflict = True
            out.append(None)
            continue
        out.append(theirs)
    whole = settled or all(k != text_align.UNSETTLED for k in by_cut)
    return out, whole and not conflict


def _carry_labels(table: Table, carry: Carry) -> None:
    """The pillar and theme the table's rows go under, as far as the page
    above the rows says."""
    if table.heading is not None:
        key = heading_key(table.heading.text)
        carry.pillar = clean_pillar(table.heading.text)
        carry.pillar_source = table.heading.source()
        # A page that goes on with the table under the same heading (続き,
        # or printed again with no header labels) keeps its theme, as the
        # PDF path does; not one that prints a second table (which of its
        # rows go on with the first is not in the text).
        if not (table.continued and key == carry.heading_key and not table.two_tables):
            carry.theme = None
        carry.heading_key = key
    if table.theme is not None:
        carry.theme = table.theme
    elif not table.continued:
        carry.theme = None


def _table_measures(
    table: Table, carry: Carry, result: ParseResult, cut: _Cut | None = None
) -> list[Measure]:
    _carry_labels(table, carry)
    carried = carry.theme
    measures = _themed_measures(table, carry, result, cut)
    if table.theme is None and carry.theme is carried:
        # Neither above the header nor after the rows (_theme_after_rows).
        warn_no_theme(result, table.page.number, carried=carry.theme is not None)
    return measures


def _themed_measures(
    table: Table, carry: Carry, result: ParseResult, cut: _Cut | None
) -> list[Measure]:
    """The rows; a sub-theme label printed after them taken where it is sure."""
    if table.single and table.order and (table.cut_apart or not table.two_tables):
        return _aligned_measures(table, carry, result)
    label = _after_rows_label(table)
    themed = None if label is None else _theme_after_rows(table, label, carry, cut)
    if themed is not None:
        measures, theme, issues = themed
        carry.theme = theme
        result.issues.extend(issues)
        return measures
    measures = _body_measures(table, carry, result, cut)
    return measures if label is None else _label_or_theme(table, label, measures, result)


def _body_measures(
    table: Table, carry: Carry, result: ParseResult, cut: _Cut | None
) -> list[Measure]:
    """The rows of a table read by its blocks' kinds and order."""
    page = table.page.number
    split = _split_status_outlook(table.body, "outlook" in table.fields, table.single)
    if cut is not None and _cut_split(table, cut, split) is None:
        cut = None
    if split is None:
        result.error(
            "text_rows_unaligned",
            "words that may be a status or an outlook in counts that settle"
            " neither column; the table is not read",
            dataset=MEASURES,
            page=page,
        )
        return []
    statuses, outlooks = split
    rows = len(statuses)
    labels = [b for b in table.body if b.kind == "label"]
    placed, outlook_cells = _details_and_outlooks(table, statuses, outlooks, cut, result)
    columns: dict[str, list[Block | None]] = {
        "status": list(statuses),
        "outlook": outlook_cells,
        "detail": placed,
        "measure": [None] * rows,
        "item": [None] * rows,
    }
    by_rows = _by_rows(table, statuses, outlooks, columns) if labels else None
    if by_rows is not None and any(by_rows.get("measure", ())):
        # A 施策 merged over rows prints once, beside the middle of its rows:
        # a row cut without one may be under the 施策 above or the one below.
        by_rows["measure"] = [_UNSETTLED if c is None else c for c in by_rows["measure"]]
    if by_rows is not None:
        for name, cells in by_rows.items():
            columns[name] = cells
    elif "item" not in table.fields:
        columns["measure"] = _column(table, "measure", labels, statuses, result)
    elif labels:
        # Two label columns: a text layer does not say which one a label
        # stood in (a 施策 merged over rows, a blank 施策の内容).
        _unaligned(result, table, "item", len(labels), rows)
    if by_rows is not None:
        for name in _LABEL_FIELDS:
            if name in table.fields and any(c is _UNSETTLED for c in by_rows[name]):
                _unaligned(result, table, name, len(labels), rows)
                columns[name] = [None if c is _UNSETTLED else c for c in columns[name]]
    return [_measure(table, carry, {n: c[r] for n, c in columns.items()}) for r in range(rows)]


def _aligned_measures(table: Table, carry: Carry, result: ParseResult) -> list[Measure]:
    """A table printed row by row (see text_rows): the cells every fitting
    cut of its pieces agrees on; a blank 施策 carries the one above down."""
    # Every space may be a gap between cells here: each part a piece.
    body: list[Block] = []
    for b in table.body:
        if b.kind in ("page_number", "caption", "heading"):
            continue
        for line in b.lines:
            body.extend(Block(b.page, b.first, b.last, [part]) for part in line.split())
    kinds = [_short_kind(b.text) for b in body]
    pieces = [
        text_rows.Piece(k if k in ("status", "outlook", "status|outlook") else "other", b.text)
        for b, k in zip(body, kinds, strict=True)
    ]
    order = [name for name in table.order if name in text_rows.MAX_PIECES]
    max_rows = sum(1 for p in pieces if p.kind.startswith("status"))
    # Each body block is one line's piece here: a piece whose line is not
    # the one before's begins a line.
    starts = {
        k
        for k, b in enumerate(body)
        if k == 0 or (b.page, b.first) != (body[k - 1].page, body[k - 1].first)
    }
    gaps = {
        k
        for k, b in enumerate(body)
        if k not in starts and _wide(body[k - 1].text[-1]) and _wide(b.text[0])
    }
    opens = not table.continued
    found = (
        text_rows.align(order, pieces, max_rows, starts, gaps, opens) if "status" in order else None
    )
    if found is None:
        result.error(
            "text_rows_unaligned",
            "the pieces of a table printed row by row fit its columns in no way or in"
            " ways with different row counts; the table is not read",
            dataset=MEASURES,
            page=table.page.number,
        )
        return []
    rows = found.cells
    theme = _theme_after_pieces(table, body, rows, order, starts, gaps)
    # ... and the same cells where the table begins at its first piece:
    # nothing before the first row is left unread.
    after = theme is not None and found == text_rows.align(
        order, pieces, max_rows, starts, gaps, opens, lead=False
    )
    if after:
        carry.theme = theme
    # A sub-theme found (above the header, or after the rows) is no text
    # the first row's label took.
    _edge_labels(rows, order, body, themed=table.theme is not None or after)
    out: list[Measure] = []
    measure: Block | None = carry.measure if table.continued else None
    unsettled: set[str] = set()
    for cells, apart in zip(rows, found.bounds, strict=True):
        blocks: dict[str, Block | None] = {}
        for name in ("measure", "item", "status", "detail", "outlook"):
            span = cells.get(name)
            if name not in order:
                blocks[name] = None
            elif span is None:
                blocks[name] = None
                if name not in unsettled:
                    unsettled.add(name)
                    _unsettled(result, table, name)
            else:
                blocks[name] = _merged(body[span[0] : span[1]])
        if "measure" in order and cells.get("measure") is not None:
            if blocks["measure"] is None:
                blocks["measure"] = measure  # a blank 施策 cell: the one above
            measure = blocks["measure"]
        else:
            measure = None
        sure = _sure_sentences(body, apart["detail"]) if "detail" in apart else None
        out.append(_measure(table, carry, blocks, sure))
    carry.measure = measure
    return out


def _sure_sentences(body: list[Block], bounds: text_rows.Bounds) -> Block | None:
    """Of a detail the cuts differ on, the whole sentences every cut gives
    it: the pieces every cut holds, less a first sentence whose start the
    cuts differ on and a last one whose end they do (their figures are
    sure though the detail is not). None where no sentence is left."""
    first, last_first, first_end, end = bounds
    if last_first >= first_end:
        return None
    core = _merged(body[last_first:first_end])
    if core is None:
        return None
    text = clean_label(core.text) or ""
    if first != last_first:
        cut = text.find(SENTENCE_END)
        text = "" if cut < 0 else text[cut + len(SENTENCE_END) :]
    if first_end != end:
        cut = text.rfind(SENTENCE_END)
        text = "" if cut < 0 else text[: cut + len(SENTENCE_END)]
    text = text.strip()
    return None if not text else Block(core.page, core.first, core.last, [text], kind="cell")


_LABEL_FIELDS = ("measure", "item")


def _theme_after_rows(
    table: Table, label: Block, carry: Carry, cut: _Cut | None
) -> tuple[list[Measure], Block, list[Issue]] | None:
    """A sub-theme label printed after the rows (an extractor prints it
    last, `…縮小` / `情報発信`): the body's last block, taken where
    _after_rows_label allows it and the rows read without it fill every
    label column on every row (so it is no 施策 merged over rows, which
    pdfminer prints after them, nor a wrapped label's piece): the rows so
    read, the theme and their issues; else None (the table is read with
    the block)."""
    if any(b.kind == "mixed" for b in table.body):
        return None
    trial = replace(table, body=[b for b in table.body if b is not label], theme_after=False)
    scratch = ParseResult()
    again = replace(carry, theme=label)
    measures = _body_measures(trial, again, scratch, None if cut is None else _row_cut(trial))
    labels = [name for name in _LABEL_FIELDS if name in table.fields]
    unsettled = any(
        i.severity == "error" and (i.field is None or i.field in labels) for i in scratch.issues
    )
    filled = all(getattr(m, name) is not None for m in measures for name in labels)
    if not measures or unsettled or not filled:
        return None
    return measures, label, scratch.issues


def _label_or_theme(
    table: Table, label: Block, measures: list[Measure], result: ParseResult
) -> list[Measure]:
    """The rows read with a label after them that may be the page's
    sub-theme (_after_rows_label) but that the rows without it do not
    leave every label cell filled: a label column that took it as a cell
    may as well have a blank cell (merged) and the label be the theme —
    left null on the page, with an error."""
    where = label.source()
    out = measures
    for name in _LABEL_FIELDS:
        if not any(where in m.sources.get(name, ()) for m in out):
            continue
        result.error(
            "text_rows_unaligned",
            f"a label after the table's rows may be the page's sub-theme or a"
            f" {heading(name)} cell: which is not in the text; {heading(name)} left null",
            dataset=MEASURES,
            field=name,
            page=table.page.number,
        )
        out = [
            replace(m, **{name: None}, sources={k: v for k, v in m.sources.items() if k != name})
            for m in out
        ]
    return out


def _after_rows_label(table: Table) -> Block | None:
    """The one label a table's body ends with, after its last row's status,
    detail or outlook, where it may be the page's sub-theme: no theme above
    the header (nor any in the document), one table on the page, not a
    page that goes on with the one before (its theme is carried), a header
    whose last column is no label column (the label would be the last
    row's), and nothing unread above the header."""
    body = table.body
    if not _theme_after_page(table) or table.single or len(body) < 2:
        return None
    last, before = body[-1], body[-2]
    if last.kind != "label" or len(last.lines) != 1 or before.kind == "label":
        return None
    return last if _theme_like(last.text) else None


def _theme_after_page(table: Table) -> bool:
    """A page whose sub-theme may stand after its table (see
    _after_rows_label)."""
    if not table.theme_after or table.theme is not None or table.two_tables:
        return False
    if table.continued or not table.order or table.order[-1] in _LABEL_FIELDS:
        return False
    if any(b.kind == "heading" for b in table.body):
        return False  # a bracketed callout (`「…ね」`) read as a heading
    first = next((k for k, b in enumerate(table.blocks) if b.kind == "header"), 0)
    above = table.blocks[:first]
    return all(b.kind in ("heading", "page_number", "caption", "legend") for b in above)


def _theme_like(text: str) -> bool:
    """A text that may be a sub-theme label: a short name, no status,
    outlook, sentence, note (`※…`), furniture or page number."""
    flat = compact(text)
    return (
        bool(flat)
        and not flat.startswith(_NOTE_MARKS)
        and _short_kind(text) is None
        and _furniture_kind(text) is None
        and SENTENCE_END not in flat
        and len(flat) <= LABEL_MAX_CHARS
        and _balanced(text)
        and PAGE_NUMBER.match(normalize_text(text)) is None
    )


def _theme_after_pieces(
    table: Table,
    body: list[Block],
    rows: list[dict[str, text_rows.Span | None]],
    order: list[str],
    starts: set[int],
    gaps: set[int],
) -> Block | None:
    """A table printed row by row (see _aligned_measures): the one line
    after where every cut ends its last row, where it may be the page's
    sub-theme (see _after_rows_label); a cell row by row is printed with
    its row (a merged 施策 with its first), so the line is no row's. None
    where the last row's end is not settled or more than a line (a callout
    too, `窓口ではキャッシュレスで`) stands after it."""
    if not _theme_after_page(table) or not rows:
        return None
    # The header's last column is no label's (_theme_after_page): where
    # every cut ends it, every cut ends the table.
    span = rows[-1].get(order[-1])
    if span is None:
        return None
    end = span[1]
    tail = body[end:]
    if not tail or end not in starts:
        return None
    if any(k in starts or k in gaps for k in range(end + 1, len(body))):
        return None  # two lines, or two cells on one
    text = " ".join(b.text for b in tail)
    if not _theme_like(text):
        return None
    return Block(tail[0].page, tail[0].first, tail[-1].last, [text], kind="label")


def _edge_labels(
    rows: list[dict[str, text_rows.Span | None]],
    order: list[str],
    body: list[Block],
    themed: bool,
) -> None:
    """A label cell that opens the first row (unless the page's sub-theme
    label was found above the header, or the whole first row stands on one
    line), or one over several lines that closes the last, may have taken
    text printed before or after the table (a sub-theme label, a callout):
    unsettled."""

    def lines(span: text_rows.Span | None) -> int:
        if span is None or span[0] == span[1]:
            return 0
        return len({b.first for b in body[span[0] : span[1]]})

    # Before the first row a sub-theme label may stand unmarked, on a line
    # above the row's: a first row all on its status's line took none.
    first = rows[0]
    status = first.get("status")
    spans = [s for s in first.values() if s is not None and s[1] > s[0]]
    on_one_line = (
        status is not None
        and len({b.first for s in spans for b in body[s[0] : s[1]]}) == 1
        and all(s is not None for s in first.values())
    )
    # Text before the table can only have gone into the first row's first
    # printed cell, on a line above the row's status: none if that cell
    # stands on the status's line (a line is one baseline).
    status_line = None if status is None else body[status[0]].first
    for name in order:
        if name not in _LABEL_FIELDS or themed or on_one_line:
            break
        span = first.get(name)
        if lines(span) == 1 and span is not None and body[span[0]].first == status_line:
            break
        if lines(span):
            first[name] = None
    for name in order[::-1]:
        if name not in _LABEL_FIELDS:
            break
        if lines(rows[-1].get(name)) > 1:
            rows[-1][name] = None


def _unsettled(result: ParseResult, table: Table, name: str) -> None:
    result.error(
        "text_rows_unaligned",
        f"where a {heading(name)} cell ends is not in the text (its pieces fit the"
        f" columns in more than one way); {heading(name)} left null there",
        dataset=MEASURES,
        field=name,
        page=table.page.number,
    )


def _merged(blocks: list[Block]) -> Block | None:
    """One block of a cell's pieces (None for a blank cell)."""
    if not blocks:
        return None
    lines = [b.text for b in blocks]
    return Block(blocks[0].page, blocks[0].first, blocks[-1].last, lines, kind="cell")


def _measure(
    table: Table, carry: Carry, cells: dict[str, Block | None], sure: Block | None = None
) -> Measure:
    sources: dict[str, tuple[Source, ...]] = {
        name: (b.source(),) for name, b in cells.items() if b is not None
    }
    if carry.pillar_source is not None:
        sources["pillar"] = (carry.pillar_source,)
    if carry.theme is not None:
        sources["theme"] = (carry.theme.source(),)

    def text(name: str) -> str | None:
        block = cells[name]
        return None if block is None else clean_label(block.text)

    return Measure(
        page=table.page.number,
        pillar=carry.pillar,
        theme=None if carry.theme is None else clean_label(carry.theme.text),
        measure=text("measure"),
        item_group=None,
        item=text("item"),
        status=text("status"),
        detail=text("detail"),
        outlook=text("outlook"),
        sources=sources,
        sure_sentences=None if sure is None else (sure.text, (sure.source(),)),
    )


# A cell the row parses differ on (left null, with an error).
_UNSETTLED = Block(Page(0), 0, 0, [], kind="unsettled")
# The fields a typed block may fill, by its kind.
_FIELDS_OF = {
    "status": ("status",),
    "outlook": ("outlook",),
    "status|outlook": ("status", "outlook"),
    "sentence": ("detail",),
    "label": _LABEL_FIELDS,
}
_State = tuple[int, int, bool]  # row, place in the header order, status seen


def _by_rows(
    table: Table,
    statuses: list[Block],
    outlooks: list[Block],
    columns: dict[str, list[Block | None]],
) -> dict[str, list[Block | None]] | None:
    """The label columns read as rows (pdfminer prints a table row by row,
    each row's cells in the order its header labels print in, a blank cell
    not at all): every way to cut the body into rows of one status each,
    each row's texts of distinct columns in that order. A cell every way
    agrees on is taken; one they differ on is _UNSETTLED. None where no way
    fits, the ways give other row counts, or a way disagrees with a status,
    outlook or detail already placed (the order is then not the rows')."""
    order = [n for n in table.order if n in ("measure", "item", "status", "detail", "outlook")]
    if "status" not in order or table.single or not table.order:
        return None
    body = table.body
    rows = len(statuses)
    options = _row_options(body, order)
    if options is None or options[1] != rows:
        return None
    choices, _ = options
    placed: dict[int, tuple[int, str]] = {}
    for r, b in enumerate(statuses):
        placed[id(b)] = (r, "status")
    for name in ("outlook", "detail"):
        for r, c in enumerate(columns[name]):
            if c is not None:
                placed[id(c)] = (r, name)
    for k, b in enumerate(body):
        want = placed.get(id(b))
        if want is not None and choices[k] != {want}:
            return None
        if b in outlooks and want is None and any(f != "outlook" for _, f in choices[k]):
            return None
    out: dict[str, list[Block | None]] = {}
    for name in _LABEL_FIELDS:
        if name not in table.fields:
            continue
        cells: list[Block | None] = [None] * rows
        for k, b in enumerate(body):
            held = [r for r, f in choices[k] if f == name]
            if len(choices[k]) == 1 and held:
                cells[held[0]] = b
            else:
                for r in held:
                    cells[r] = _UNSETTLED
        out[name] = cells
    return out


def _row_options(
    body: list[Block], order: list[str]
) -> tuple[list[set[tuple[int, str]]], int] | None:
    """For each block, the (row, column) pairs it takes in some full cut of
    the body into rows (see _by_rows); with the one row count, else None."""
    at = {name: q for q, name in enumerate(order)}
    fields = []
    for b in body:
        names = [f for f in _FIELDS_OF.get(b.kind, ()) if f in at]
        if not names:
            return None
        fields.append(names)
    start: _State = (-1, len(order), True)

    def steps(state: _State, names: list[str]) -> list[tuple[_State, str]]:
        r, p, seen = state
        out: list[tuple[_State, str]] = []
        for f in names:
            q = at[f]
            if q > p and not (seen and f == "status"):
                out.append(((r, q, seen or f == "status"), f))
            if seen:
                out.append(((r + 1, q, f == "status"), f))
        return out

    forward: list[set[_State]] = [{start}]
    for names in fields:
        forward.append({t for s in forward[-1] for t, _ in steps(s, names)})
    ends = {s for s in forward[-1] if s[2]}
    counts = {s[0] + 1 for s in ends}
    if len(counts) != 1:
        return None
    back = ends
    choices: list[set[tuple[int, str]]] = [set() for _ in body]
    for k in range(len(body) - 1, -1, -1):
        reach: set[_State] = set()
        for s in forward[k]:
            for t, f in steps(s, fields[k]):
                if t in back:
                    reach.add(s)
                    choices[k].add((t[0], f))
        back = reach
    return choices, counts.pop()
