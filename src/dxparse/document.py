"""The data read from one input file: what every later stage works on.

Plain frozen dataclasses, no pdfplumber objects, so parsers are pure
functions over data and can be tested on hand-made pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

MediaType = Literal["application/pdf", "text/plain"]

# The text of a glyph whose font maps it to no Unicode text (pdfminer prints
# `(cid:N)`): printed, but not read. U+FFFD is Unicode's own "unknown
# character"; a value holding it is never published (validate.py).
UNMAPPED = "\ufffd"


@dataclass(frozen=True, slots=True)
class BBox:
    """A rectangle in PDF points, origin top-left (pdfplumber's `top`)."""

    x0: float
    top: float
    x1: float
    bottom: float
    # The centre, computed once: parsers ask for it millions of times.
    cx: float = field(init=False, repr=False, compare=False)
    cy: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cx", (self.x0 + self.x1) / 2)
        object.__setattr__(self, "cy", (self.top + self.bottom) / 2)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def contains_point(self, x: float, y: float, tol: float = 0.0) -> bool:
        return self.x0 - tol <= x <= self.x1 + tol and self.top - tol <= y <= self.bottom + tol


@dataclass(frozen=True, slots=True)
class TextItem:
    """A glyph or a word of the text layer: text normalised, raw as printed."""

    text: str
    raw: str
    box: BBox
    size: float
    fontname: str
    upright: bool = True


# One glyph of the text layer.
Char = TextItem


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The slot's own setter: a frozen dataclass's __init__ goes through
    object.__setattr__ by name, twice the cost a field, and the readers
    build one BBox and one TextItem per glyph (a hundred thousand a batch)."""
    setter: Callable[[Any, Any], None] = cls.__dict__[name].__set__
    return setter


_new = object.__new__
_set_x0, _set_top, _set_x1, _set_bottom, _set_cx, _set_cy = (
    _setter(BBox, name) for name in ("x0", "top", "x1", "bottom", "cx", "cy")
)
_set_text, _set_raw, _set_box, _set_size, _set_fontname, _set_upright = (
    _setter(TextItem, name) for name in ("text", "raw", "box", "size", "fontname", "upright")
)


def new_bbox(x0: float, top: float, x1: float, bottom: float) -> BBox:
    """`BBox(x0, top, x1, bottom)`, the same object, built at half the cost."""
    box: BBox = _new(BBox)
    _set_x0(box, x0)
    _set_top(box, top)
    _set_x1(box, x1)
    _set_bottom(box, bottom)
    _set_cx(box, (x0 + x1) / 2)
    _set_cy(box, (top + bottom) / 2)
    return box


def new_glyph(
    text: str,
    raw: str,
    x0: float,
    top: float,
    x1: float,
    bottom: float,
    size: float,
    fontname: str,
    upright: bool,
) -> TextItem:
    """`TextItem(text, raw, BBox(x0, top, x1, bottom), size, fontname, upright)`
    in one call (the readers' per-glyph constructor)."""
    item: TextItem = _new(TextItem)
    _set_text(item, text)
    _set_raw(item, raw)
    _set_box(item, new_bbox(x0, top, x1, bottom))
    _set_size(item, size)
    _set_fontname(item, fontname)
    _set_upright(item, upright)
    return item


@dataclass(frozen=True, slots=True)
class Edge:
    """A ruling line segment (from a line or a rectangle's side)."""

    orientation: Literal["h", "v"]
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table found by pdfplumber's lattice finder.

    `cells` are the boxes pdfplumber found (a merged cell is one box spanning
    several grid columns/rows); `xs` and `ys` are the grid lines, sorted.
    """

    box: BBox
    cells: tuple[BBox, ...]
    xs: tuple[float, ...]
    ys: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """One page. `lines` is the page's text as lines (normalised).

    For a PDF, `lines` is pdfplumber's layout-free text of the page; for a
    text layer it is the lines between two form feeds, `lines[i]` being line
    `first_line + i` of the file.
    """

    number: int
    width: float | None = None
    height: float | None = None
    lines: tuple[str, ...] = ()
    chars: tuple[Char, ...] = ()
    edges: tuple[Edge, ...] = ()
    tables: tuple[Table, ...] = ()
    first_line: int = 1

    def line_number(self, index: int) -> int:
        """The file's 1-based line number of `lines[index]` (text layers)."""
        return self.first_line + index

    # Nothing at all is drawn on it (no text, path or image): a blank page, not a scan.
    blank: bool = False

    @property
    def has_geometry(self) -> bool:
        return self.width is not None


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """An input file read into pages."""

    path: str
    source_file: str
    document_id: str
    media_type: MediaType
    pages: tuple[Page, ...]
    page_count: int | None

    @property
    def text(self) -> str:
        return "\n".join(line for page in self.pages for line in page.lines)
