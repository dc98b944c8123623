"""The coverage ledger: every character printed on a page that holds a
progress table or a plan sheet is read, furniture, or reported.

A parser puts the pages it reads under the ledger (`ParseResult.account`).
On those pages a character counts as *used* when it lies in the source of a
published value (validation's `read`) or in furniture the parser recognised
by a rule from the vocabulary; as *reported* when it lies in the box (or
lines) of an issue the parser raised about it. Whatever is left is text the
document printed and we did not read: an `unread_text` error per contiguous
piece, and the document is `partial`. A text layer is ledgered by lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dxparse.document import BBox, Char, Page, SourceDocument
from dxparse.records import Issue, Source, union
from dxparse.utils.geometry import BoxCover

# Points a character's centre may lie outside a box and still belong to it
# (a cell's text touches its border; rounding of the boxes).
TOLERANCE = 1.0
# unread_text rows per page; the rest are counted in one more row.
MAX_PIECES_PER_PAGE = 100


@dataclass(slots=True)
class Ledger:
    chars_total: int | None = None
    chars_used: int | None = None
    issues: list[Issue] = field(default_factory=list)


def ledger(
    doc: SourceDocument,
    pages: Iterable[int],
    read: Sequence[Source],
    furniture: Sequence[Source],
    issues: Sequence[Issue],
) -> Ledger:
    """The ledger of `pages` of `doc`; chars_total null when no page is under it."""
    wanted = set(pages)
    under = [page for page in doc.pages if page.number in wanted]
    if not under:
        return Ledger()
    reported = [Source(i.page, i.box, i.lines) for i in issues if i.box or i.lines]
    out = Ledger(chars_total=0, chars_used=0)
    # The boxes of each page, once: a value's sources are in `read` once per
    # field it fills (an initiative's number for each of its rows).
    used_boxes = _boxes_by_page([read, furniture], wanted)
    told_boxes = _boxes_by_page([reported], wanted)
    for page in under:
        if page.has_geometry:
            _ledger_chars(
                page, used_boxes.get(page.number, []), told_boxes.get(page.number, []), out
            )
        else:
            # Line numbers are the file's: no need to match pages (a text
            # layer without form feeds has none to name).
            shown = page.number if doc.page_count is not None else None
            _ledger_lines(page, shown, [*read, *furniture], reported, out)
    return out


def _boxes_by_page(
    sources: Iterable[Sequence[Source]], pages: set[int]
) -> dict[int | None, list[BBox]]:
    """The distinct boxes of `sources` on each of `pages`, in their order (a
    box given twice covers what it covers once)."""
    found: dict[int | None, dict[BBox, None]] = {}
    for group in sources:
        for source in group:
            if source.box is not None and source.page in pages:
                found.setdefault(source.page, {})[source.box] = None
    return {page: list(boxes) for page, boxes in found.items()}


def _ledger_chars(page: Page, used: list[BBox], told: list[BBox], out: Ledger) -> None:
    used_cover = BoxCover(used, TOLERANCE).covers
    told_cover = BoxCover(told, TOLERANCE).covers
    unread: list[Char] = []
    total = used_count = 0
    for char in page.chars:
        if not char.text.strip():
            continue
        total += 1
        box = char.box
        if used_cover(box.cx, box.cy):
            used_count += 1
        elif not told_cover(box.cx, box.cy):
            unread.append(char)
    assert out.chars_total is not None and out.chars_used is not None
    out.chars_total += total
    out.chars_used += used_count
    pieces = _pieces(unread)
    for piece in pieces[:MAX_PIECES_PER_PAGE]:
        text = "".join(c.raw for c in piece)
        out.issues.append(
            Issue(
                code="unread_text",
                message=f"{len(piece)} characters printed on the page were not read",
                severity="error",
                page=page.number,
                raw=text,
                box=union(c.box for c in piece),
            )
        )
    if len(pieces) > MAX_PIECES_PER_PAGE:
        rest = pieces[MAX_PIECES_PER_PAGE:]
        out.issues.append(
            Issue(
                code="unread_text",
                message=f"and {len(rest)} more pieces ({sum(map(len, rest))} characters)"
                " printed on the page were not read",
                severity="error",
                page=page.number,
            )
        )


def _pieces(chars: list[Char]) -> list[list[Char]]:
    """Unread characters in contiguous pieces: one line, gaps under two
    character widths; in reading order."""
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: (round(c.box.cy), c.box.x0)):
        for line in lines:
            last = line[-1]
            same_line = abs(last.box.cy - char.box.cy) <= max(last.box.height, 1.0) / 2
            near = -last.box.width <= char.box.x0 - last.box.x1 <= 2 * max(last.size, 1.0)
            if same_line and near:
                line.append(char)
                break
        else:
            lines.append([char])
    return sorted(lines, key=lambda p: (p[0].box.top, p[0].box.x0))


def _ledger_lines(
    page: Page, shown: int | None, used: list[Source], told: list[Source], out: Ledger
) -> None:
    def numbers(sources: list[Source]) -> set[int]:
        return {n for s in sources if s.lines for n in range(s.lines[0], s.lines[1] + 1)}

    used_lines, told_lines = numbers(used), numbers(told)
    run: list[int] = []
    for index, text in enumerate(page.lines):
        number = page.line_number(index)
        printed = len("".join(text.split()))
        assert out.chars_total is not None and out.chars_used is not None
        out.chars_total += printed
        if printed and number in used_lines:
            out.chars_used += printed
        if printed and number not in used_lines and number not in told_lines:
            run.append(index)
            continue
        _unread_lines(page, shown, run, out)
        run = []
    _unread_lines(page, shown, run, out)


def _unread_lines(page: Page, shown: int | None, run: list[int], out: Ledger) -> None:
    if not run:
        return
    first, last = page.line_number(run[0]), page.line_number(run[-1])
    out.issues.append(
        Issue(
            code="unread_text",
            message=f"{len(run)} lines of the text layer were not read",
            severity="error",
            page=shown,
            raw="\n".join(page.lines[i] for i in run),
            lines=(first, last),
        )
    )
