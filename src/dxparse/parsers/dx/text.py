"""DX progress tables read from a bare text layer (no geometry).

A text layer keeps each cell's lines but not where the cells were, and its
order is partly scrambled. What anchors a row:

- the table header line (`施策 施策の内容 進捗状況 詳細 今後の展開`) opens a
  section; the non-blank line above it is the page heading (pillar);
- a status word (提供中, 準備中, …) standing as its own segment ends the
  row's labels; the text before it is 施策 / sub-group / 施策の内容;
- an outlook phrase (維持, 需要に合わせて縮小, 令和5年度開始, …) standing at
  the end of a line, or as a block of its own, ends the detail.

Segments are the parts of a line between runs of spaces: a text layer puts
a space between cells on one line and none inside a Japanese cell.
A label line is followed by a line with a leading space (the text box that
held it ends there); that is how a sub-theme label shows itself.
What the text cannot settle is left null and reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from dxparse.document import Page
from dxparse.parsers.dx import common, text_content
from dxparse.parsers.dx.common import (
    MEASURES,
    Cover,
    Measure,
    clean_label,
    clean_pillar,
    compact,
    header_line_fields,
    heading,
    is_outlook,
    is_status,
    join_lines,
)
from dxparse.records import ParseResult, Source
from dxparse.vocabulary import DX_FIELDS, shipped

_DXP = shipped().dx.patterns

# A sub-group label is printed in a narrow cell: several short lines.
GROUP_MIN_LINES = 3
GROUP_MAX_LINE_CHARS = 5
# An outlook printed on lines of its own takes at most this many.
OUTLOOK_MAX_LINES = 3
# A sub-theme label is a short caption, not a sentence.
THEME_MAX_CHARS = 30

_SPLIT = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Line:
    page: int | None
    text: str  # normalised characters, spacing as in the layer
    number: int | None = None  # the file's line number (sources)

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def segments(self) -> list[str]:
        return [s for s in _SPLIT.split(self.text.strip()) if s]


@dataclass(slots=True)
class Section:
    """One progress table: heading, column order and its body lines."""

    heading: str | None
    fields: list[str]
    lines: list[Line]
    theme: str | None = None
    continued: bool = False  # a table running on under a repeated heading
    heading_line: int | None = None  # file line numbers of the heading and theme
    theme_line: int | None = None
    header_line: int | None = None
    # Label lines after the last row that began no row (callouts, or a row
    # whose status is not in the vocabulary).
    leftover: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class RawRow:
    """A row as found: label cells (each a list of lines) and the rest."""

    page: int | None
    cells: list[list[str]]
    status: str
    detail_lines: list[str] = field(default_factory=list)
    outlook: str | None = None
    # File line numbers: of each label cell's lines, the status, the detail, the outlook.
    cell_numbers: list[list[int | None]] = field(default_factory=list)
    status_number: int | None = None
    detail_numbers: list[int | None] = field(default_factory=list)
    outlook_numbers: list[int | None] = field(default_factory=list)


# --- lines and sections ------------------------------------------------


def document_lines(pages: Sequence[Page]) -> list[Line]:
    """All lines with their page. Without form feeds a text layer cannot say
    which page a line was on (None). Empty lines that end a page are the
    break's own (`…\n\f`) and are dropped: the break separates blocks (a
    line of spaces is kept: it may be the trace a label leaves)."""
    if len(pages) <= 1:
        return [
            Line(None, text, page.line_number(i))
            for page in pages
            for i, text in enumerate(page.lines)
        ]
    out: list[Line] = []
    for page in pages:
        texts = list(page.lines)
        while texts and texts[-1] == "":
            texts.pop()
        out.extend(Line(page.number, text, page.line_number(i)) for i, text in enumerate(texts))
    return out


def header_fields(line: Line) -> list[str] | None:
    """The column order when the line is a progress table header."""
    return header_line_fields(line.text)


def split_sections(lines: list[Line]) -> tuple[list[Line], list[Section]]:
    """Lines before the first table (cover, message) and the sections."""
    headers = [(i, f) for i, line in enumerate(lines) if (f := header_fields(line)) is not None]
    starts = [_heading_index(lines, i) for i, _ in headers]
    sections: list[Section] = []
    for n, (index, fields) in enumerate(headers):
        end = starts[n + 1] if n + 1 < len(headers) else len(lines)
        heading_at = starts[n]
        heading = lines[heading_at].text if heading_at < index else None
        number = lines[heading_at].number if heading_at < index else None
        section = Section(
            heading,
            fields,
            lines[index + 1 : end],
            heading_line=number,
            header_line=lines[index].number,
        )
        sections.extend(split_continuations(section))
    front = lines[: starts[0]] if starts else lines
    return front, sections


def _heading_index(lines: list[Line], header: int) -> int:
    """The nearest non-blank line above a header line (its page heading)."""
    i = header - 1
    while i >= 0 and lines[i].blank:
        i -= 1
    if i < 0:
        return header
    text = lines[i].text
    # The row above's outlook, status or sentence is not a heading (the page
    # has none).
    row_tail = is_outlook(lines[i].segments[-1]) or any(map(is_status, lines[i].segments))
    if header_fields(lines[i]) is None and not (row_tail or "。" in text):
        return i
    return header


def take_theme(section: Section, next_line: Line | None) -> None:
    """Find the section's sub-theme label and drop it from its lines.

    The label is the non-blank line just before a line that starts with
    white space (the layer's trace of the label's text box ending).
    """
    lines = section.lines
    following = [*lines[1:], next_line]
    for i, line in enumerate(lines):
        after = following[i]
        if line.blank or after is None or not after.text[:1].isspace():
            continue
        text = clean_label(line.text)
        if text is None or len(text) > THEME_MAX_CHARS or regex.search(r"[。]", text):
            continue
        if is_status(text) or is_outlook(text) or len(line.segments) > 1:
            continue
        section.theme = text
        section.theme_line = line.number
        lines[i] = Line(line.page, "", line.number)
        return


def readable_order(fields: Sequence[str]) -> bool:
    """Rows are cut at the status word (labels before it) and at the
    outlook (detail before it): that needs labels, status, detail and
    outlook in this order."""
    wanted = [f for f in ("measure", "item", "status", "detail", "outlook") if f in fields]
    return "outlook" in fields and list(fields) == wanted


def split_continuations(section: Section) -> list[Section]:
    """Cut a section where its page heading is printed again (`…（続き）`):
    the table runs on under the same columns on a new page, which has its
    own theme label (or none)."""
    pillar = clean_pillar(section.heading)
    parts = [
        Section(
            section.heading,
            section.fields,
            [],
            heading_line=section.heading_line,
            header_line=section.header_line,
        )
    ]
    for line in section.lines:
        if pillar is not None and "「" in line.text and clean_pillar(line.text) == pillar:
            parts.append(
                Section(line.text, section.fields, [], continued=True, heading_line=line.number)
            )
        else:
            parts[-1].lines.append(line)
    return parts


# --- rows --------------------------------------------------------------


def read_rows(section: Section) -> list[RawRow]:
    """Cut a section's lines into rows at status words and outlooks."""
    rows: list[RawRow] = []
    cells: list[list[str]] = []
    numbers: list[list[int | None]] = []
    full = False  # every label column already has a cell on this row
    label_columns = sum(f in ("measure", "item") for f in section.fields)
    previous_segments = 0  # segments on the last non-blank label line
    lines = section.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.blank:
            continue
        segments = line.segments
        at = _status_at(segments)
        labels = segments if at is None else segments[:at]
        continues = bool(cells) and (
            full or (previous_segments == 1 and not _after_blank(lines, i - 1))
        )
        if len(labels) == 1 and continues:
            cells[-1].append(labels[0])
            numbers[-1].append(line.number)
        elif labels:
            cells.extend([label] for label in labels)
            numbers.extend([line.number] for _ in labels)
            full = full or (len(labels) > 1 and len(cells) >= label_columns)
        if labels:
            previous_segments = len(labels)
        if at is None:
            continue
        row = RawRow(line.page, cells, segments[at], cell_numbers=numbers)
        row.status_number = line.number
        i = _read_detail(lines, i, segments[at + 1 :], row, line.number)
        rows.append(row)
        cells, numbers, full, previous_segments = [], [], False, 0
    taken = {n for cell in numbers for n in cell}
    section.leftover = [line for line in lines if line.number in taken]
    return rows


def _status_at(segments: list[str], *, in_detail: bool = False) -> int | None:
    """Where a status word stands among a line's segments. Inside a detail,
    a word that is both a status and an outlook (終了) ending a line after
    other text is that row's outlook, not the next row's status."""
    for k, segment in enumerate(segments):
        if not is_status(segment):
            continue
        if in_detail and k == len(segments) - 1 and k > 0 and is_outlook(segment):
            continue
        return k
    return None


def _after_blank(lines: list[Line], index: int) -> bool:
    """A blank line or a page break comes before line `index`."""
    return index > 0 and (lines[index - 1].blank or lines[index - 1].page != lines[index].page)


def _read_detail(
    lines: list[Line], i: int, rest: list[str], row: RawRow, number: int | None
) -> int:
    """Fill the row's detail and outlook; return the index after the row."""
    if rest and _ends_with_outlook(rest, row, number):
        return i
    if rest:
        row.detail_lines.append(" ".join(rest))
        row.detail_numbers.append(number)
    while i < len(lines):
        tail = _outlook_block(lines, i)
        if tail is not None and row.detail_lines:
            row.outlook, end = tail
            row.outlook_numbers = [line.number for line in lines[i:end] if not line.blank]
            return end
        line = lines[i]
        i += 1
        if line.blank:
            continue
        segments = line.segments
        if _status_at(segments, in_detail=True) is not None:
            return i - 1  # the next row began: this one printed no outlook
        if _ends_with_outlook(segments, row, line.number):
            return i
        row.detail_lines.append(" ".join(segments))
        row.detail_numbers.append(line.number)
    return i


def _ends_with_outlook(segments: list[str], row: RawRow, number: int | None) -> bool:
    """`…を提供中。 拡大`: the last segment of a line is the outlook."""
    if len(segments) >= 2 and is_outlook(segments[-1]):
        row.detail_lines.append(" ".join(segments[:-1]))
        row.detail_numbers.append(number)
        row.outlook = clean_label(segments[-1])
        row.outlook_numbers = [number]
        return True
    if len(segments) == 1 and not row.detail_lines and is_outlook(segments[0]):
        row.outlook = clean_label(segments[0])
        row.outlook_numbers = [number]
        return True
    return False


def _outlook_block(lines: list[Line], i: int) -> tuple[str, int] | None:
    """An outlook on lines of its own (`需要に` / `合わせて縮小`) from line i
    to the end of its block; returns it and the index after the block."""
    while i < len(lines) and lines[i].blank:
        i += 1
    block: list[str] = []
    j = i
    while j < len(lines) and not lines[j].blank:
        if len(lines[j].segments) != 1:
            return None
        block.append(lines[j].text)
        j += 1
    if not block or len(block) > OUTLOOK_MAX_LINES:
        return None
    text = join_lines(block)
    return (text, j) if is_outlook(text) else None


# --- rows to measures --------------------------------------------------


def _is_group(cell: list[str]) -> bool:
    """Several short lines: a narrow sub-group cell."""
    return len(cell) >= GROUP_MIN_LINES and all(len(line) <= GROUP_MAX_LINE_CHARS for line in cell)


def item_capacity(rows: Sequence[RawRow]) -> int | None:
    """How many characters a 施策の内容 line holds, when the layer shows it.

    Only a cell that is surely a 施策の内容 (the last of two label cells on
    a row) and that wrapped tells the width: its lines before the last were
    full. None when no such cell wrapped.
    """
    items = [row.cells[-1] for row in rows if len(row.cells) >= 2]
    full = [len(line) for cell in items for line in cell[:-1]]
    if not full:
        return None
    return max([*full, *(len(line) for cell in items for line in cell)])


@dataclass(frozen=True, slots=True)
class Carry:
    """What runs down a table from row to row: the 施策, the sub-group and
    whether the row above had a 施策の内容."""

    measure: str | None = None
    group: str | None = None
    previous_item: str | None = None
    measure_at: tuple[Source, ...] = ()
    group_at: tuple[Source, ...] = ()


def _lines(page: int | None, *numbers: int | None) -> tuple[Source, ...]:
    """The lines (first..last) a value was read from."""
    found = [n for n in numbers if n is not None]
    return (Source(page, lines=(min(found), max(found))),) if found else ()


def to_measures(
    section: Section,
    rows: list[RawRow],
    capacity: int | None,
    first_row_no: int,
    carry: Carry,
    result: ParseResult,
) -> tuple[list[Measure], Carry]:
    """Assign each row's label cells to 施策 / sub-group / 施策の内容.

    `carry` comes from the rows above (empty unless the table continues
    from the previous page); row numbers (for the issues' keys) run on from
    `first_row_no`. Returns the measures and what carries on.
    """
    has_item = "item" in section.fields
    pillar = clean_pillar(section.heading)
    out: list[Measure] = []
    measure, group, previous_item = carry.measure, carry.group, carry.previous_item
    measure_at, group_at_src = carry.measure_at, carry.group_at
    for n, row in enumerate(rows):
        key = str(first_row_no + n)
        cells = [join_lines(cell) for cell in row.cells]
        at = [_lines(row.page, *numbers) for numbers in row.cell_numbers]
        item: str | None = None
        item_at: tuple[Source, ...] = ()
        if not has_item:
            if len(cells) > 1:
                result.warn(
                    "ambiguous_column",
                    f"several label texts for one {heading('measure')} column",
                    dataset=MEASURES,
                    key=key,
                    field="measure",
                    page=row.page,
                    raw=" / ".join(cells),
                )
            if cells:
                measure, measure_at = " ".join(cells), tuple(s for a in at for s in a)
            group = None
        else:
            group_at = next((k for k, cell in enumerate(row.cells[:-1]) if _is_group(cell)), None)
            if group_at is not None:
                group, group_at_src = cells[group_at], at[group_at]
                if group_at > 0:
                    measure, measure_at = cells[0], at[0]
                cells = cells[group_at + 1 :]
                item = " ".join(cells) or None
                item_at = tuple(s for a in at[group_at + 1 :] for s in a)
            elif len(row.cells) >= 2:
                # More than two parts: a Latin name's space, or a cell the
                # layer split; the parts after the 施策 stay together.
                measure, item, group = cells[0], " ".join(cells[1:]), None
                measure_at, item_at = at[0], tuple(s for a in at[1:] for s in a)
                if len(row.cells) > 2:
                    result.warn(
                        "ambiguous_column",
                        f"more label texts than {heading('measure')} and {heading('item')};"
                        f" the rest read as {heading('item')}",
                        dataset=MEASURES,
                        key=key,
                        field="item",
                        page=row.page,
                        raw=" / ".join(cells),
                    )
            elif len(row.cells) == 1:
                width = max(len(line) for line in row.cells[0])
                spans = previous_item is None or (capacity is not None and width > capacity)
                if spans:
                    measure, item, group = cells[0], None, None
                    measure_at = at[0]
                    result.warn(
                        "item_ambiguous",
                        f"one label before the status: read as a {heading('measure')} spanning"
                        f" {heading('item')}; the text layer cannot show whether a"
                        f" {heading('item')} cell was blank",
                        dataset=MEASURES,
                        key=key,
                        field="item",
                        page=row.page,
                        raw=cells[0],
                    )
                else:
                    item, item_at = cells[0], at[0]
        if row.outlook is None:
            result.warn(
                "outlook_not_found",
                "no outlook phrase after the detail of a row",
                dataset=MEASURES,
                key=key,
                field="outlook",
                page=row.page,
                raw=" ".join(row.detail_lines)[:200] or None,
            )
        # A sentence among the labels means the row was cut in the wrong
        # place: none of its labels can be trusted.
        if any(label and "。" in label for label in (measure, group, item)):
            result.warn(
                "implausible_label",
                "a sentence among the row's labels; its cells could not be told apart",
                dataset=MEASURES,
                key=key,
                field="measure",
                page=row.page,
                raw=" / ".join(cells),
            )
            measure = group = item = None
        previous_item = item
        sources = {
            "pillar": _lines(row.page, section.heading_line),
            "theme": _lines(row.page, section.theme_line),
            "measure": measure_at,
            "item_group": group_at_src,
            "item": item_at,
            "status": _lines(row.page, row.status_number),
            "detail": _lines(row.page, *row.detail_numbers),
            "outlook": _lines(row.page, *row.outlook_numbers),
        }
        out.append(
            Measure(
                page=row.page,
                pillar=pillar,
                theme=section.theme,
                measure=measure,
                item_group=group if has_item else None,
                item=item,
                status=clean_label(row.status),
                detail=join_lines(row.detail_lines) or None,
                outlook=row.outlook,
                sources={name: found for name, found in sources.items() if found},
            )
        )
    return out, Carry(measure, group, previous_item, measure_at, group_at_src)


# --- the whole document ------------------------------------------------


def read_measures(pages: Sequence[Page], result: ParseResult) -> list[Measure]:
    lines = document_lines(pages)
    front, sections = split_sections(lines)
    if not sections or text_content.line_per_line(pages):
        # No header on one line, or no blank line between cells (pypdfium2's
        # text): a layer of another extractor, read by content.
        return text_content.read_measures(pages, result)
    measures = _read_sections(sections, result)
    _ledger(pages, front, sections, result)
    return measures


def _ledger(
    pages: Sequence[Page], front: list[Line], sections: list[Section], result: ParseResult
) -> None:
    """Put the pages holding a table under the coverage ledger and mark
    their furniture, by the PDF path's rules: what stands above the first
    table's heading (on a layer without page breaks, the cover and the
    message before it), the header lines, page numbers, the legend of the
    outlook words, and callouts — label lines after a table's last row with
    no sentence, status or outlook in them. What else a row did not take is
    unread (the ledger's error)."""
    numbers = {line.page for section in sections for line in section.lines}
    for page in pages:
        if page.number in numbers or (None in numbers and len(pages) == 1):
            result.account(page.number)
    first_page = sections[0].lines[0].page if sections[0].lines else None
    marks: list[Line] = [line for line in front if line.page == first_page]
    for section in sections:
        marks += [line for line in _page_edges(section.lines) if _page_number(line)]
        legend = False
        for line in section.leftover:
            title = common.is_legend_title(line.text)
            legend = legend or title
            entry = legend and common.is_legend_entry(line.text)
            if title or entry or _page_number(line) or _callout(line):
                marks.append(line)
    sources = [
        *(Source(line.page, lines=(line.number, line.number)) for line in marks if line.number),
        *(
            Source(section.lines[0].page if section.lines else None, lines=(n, n))
            for section in sections
            for n in (section.header_line, section.heading_line)
            if n is not None
        ),
    ]
    result.furniture(*sources)


def _page_edges(lines: Sequence[Line]) -> list[Line]:
    """The first and last printed line of each page: where a page number
    stands (a lone number amid a table is a cell no row took)."""
    by_page: dict[int | None, list[Line]] = {}
    for line in lines:
        if not line.blank:
            by_page.setdefault(line.page, []).append(line)
    return [line for on_page in by_page.values() for line in (on_page[:1] + on_page[1:][-1:])]


def _page_number(line: Line) -> bool:
    return common.PAGE_NUMBER_ALONE.match(compact(line.text)) is not None


def _callout(line: Line) -> bool:
    """A phrase beside a table (`窓口ではキャッシュレスで`): no sentence
    (that is text to read), status or outlook in it."""
    text = compact(line.text)
    return common.SENTENCE_END not in text and not any(
        is_status(s) or is_outlook(s) for s in line.segments
    )


def _read_sections(sections: list[Section], result: ParseResult) -> list[Measure]:
    rows_by_section: list[list[RawRow]] = []
    for n, section in enumerate(sections):
        following = sections[n + 1] if n + 1 < len(sections) else None
        take_theme(section, _first_line_of(following))
        if not readable_order(section.fields):
            result.error(
                "unsupported_column_order",
                "in a text layer a row can only be cut when its columns run"
                f" {', '.join(heading(name) for name in DX_FIELDS)}; this table is not read",
                dataset=MEASURES,
                page=section.lines[0].page if section.lines else None,
                raw=" ".join(section.fields),
            )
            rows_by_section.append([])
            continue
        rows_by_section.append(read_rows(section))
    capacity = item_capacity([row for rows in rows_by_section for row in rows])
    out: list[Measure] = []
    carry = Carry()
    for section, rows in zip(sections, rows_by_section, strict=True):
        if section.heading is None:
            result.warn(
                "no_pillar",
                "no page heading above the progress table",
                dataset=MEASURES,
                field="pillar",
            )
        start = carry if section.continued else Carry()
        measures, carry = to_measures(section, rows, capacity, len(out) + 1, start, result)
        out.extend(measures)
    if out and all(m.page is None for m in out):
        result.warn(
            "page_unknown",
            "the text layer has no page breaks; page numbers are left empty",
            dataset=MEASURES,
            key="*",
            field="page",
        )
    return out


def _first_line_of(section: Section | None) -> Line | None:
    if section is None or section.heading is None:
        return None
    return Line(None, section.heading)


def cover_sources(pages: Sequence[Page], cover: Cover) -> dict[str, list[Source]]:
    """Where the cover's fields were printed: the first line each was read from."""
    front, _ = split_sections(document_lines(pages))
    out: dict[str, list[Source]] = {}
    for name, value in common.cover_printed(cover).items():
        for line in front:
            if line.number is not None and compact(line.text) == value:
                out[name] = [Source(line.page, lines=(line.number, line.number))]
                break
    return out


def read_cover(pages: Sequence[Page]) -> tuple[Cover, int | None]:
    """The cover's lines are those before the first table's heading."""
    lines = document_lines(pages)
    front, _ = split_sections(lines)
    cover = common.read_cover([line.text for line in front])
    return cover, 1 if len(pages) > 1 else None
