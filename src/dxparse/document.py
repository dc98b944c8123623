"""The data read from one input file: what every later stage works on.

Plain frozen dataclasses, no pdfplumber objects, so parsers are pure
functions over data and can be tested on hand-made pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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
