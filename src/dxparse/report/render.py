"""PDF pages to images, in the orientation the reader read them.

The boxes of provenance and extraction_issues are in the coordinates of the
page as it reads (read.py `as_it_reads`): pdfplumber's frame (the MediaBox,
top-left origin, /Rotate applied — pdfium applies /Rotate when it renders
too), then, for a sheet printed sideways with no /Rotate, turned upright as
`orientation.upright_page` turns it. So a page is rendered over its MediaBox
(not the CropBox pdfium would show) and turned by the same quarter the
reader turned it, found by the same rule (`orientation.text_turn`).

Images are lossy WebP at up to 144 dpi and at most MAX_PIXELS: a dense A4
page is some 90 KB, so a 1,000-page batch report stays far under 300 MB
(tests/test_report.py measures it on the samples).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2  # type: ignore[import-untyped]

from dxparse.document import BBox, Page, TextItem
from dxparse.utils.orientation import Turn, text_turn

# 144 dpi: small print (7 pt) stays legible; the browser scales the image.
SCALE = 2.0
MAX_PIXELS = 2_100_000
WEBP = {"format": "WEBP", "quality": 85, "method": 2}


@dataclass(frozen=True, slots=True)
class PageImage:
    """One rendered page: its file (relative to the report folder) and the
    frame of the reader's coordinates the image covers."""

    number: int
    file: str
    x0: float
    top: float
    width: float
    height: float
    pixel_width: int
    pixel_height: int
    turn: Turn


def _reader_page(page: Any) -> Page:
    """Enough of the reader's Page to tell its turn: the glyphs and the frame."""
    chars = tuple(
        TextItem(
            text=c["text"],
            raw=c["text"],
            box=BBox(float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"])),
            size=float(c["size"]),
            fontname=str(c["fontname"]),
            upright=bool(c["upright"]),
        )
        for c in page.chars
    )
    return Page(
        number=int(page.page_number),
        width=float(page.width),
        height=float(page.height),
        chars=chars,
    )


def turned_frame(frame: BBox, width: float, height: float, turn: Turn) -> BBox:
    """The frame as `orientation.upright_page` turns a box of the page."""
    if turn == 90:
        return BBox(frame.top, width - frame.x1, frame.bottom, width - frame.x0)
    if turn == 270:
        return BBox(height - frame.bottom, frame.x0, height - frame.top, frame.x1)
    return frame


# The reader turns content that runs down the page (90) a quarter
# anticlockwise, up it (270) a quarter clockwise; pdfium's rotation is clockwise.
_PDFIUM_ROTATION = {0: 0, 90: 270, 270: 90}


# The worker's task handler (pool.run_isolated): how the report draws pages.
DRAW_PAGES = "dxparse.report.render:draw"


def draw(task: tuple[str, str, str], tell: Callable[[str, Any], None]) -> list[PageImage] | str:
    """`render_document(*task)` in a worker; a PDF pdfium or pdfplumber cannot
    draw gives its reason (one line) instead. A MemoryError goes through: the
    worker's memory bound was reached."""
    try:
        return render_document(*task)
    except MemoryError:
        raise
    except Exception as exc:
        if isinstance(exc.args[0] if exc.args else None, MemoryError):
            raise exc.args[0] from exc  # pdfplumber wraps it: the memory bound
        return f"{type(exc).__name__}: {exc}"


def render_document(path: str, stem: str, folder: str) -> list[PageImage]:
    """Every page of the PDF at `path` as `folder/<stem>-pNNN.webp`."""
    images: list[PageImage] = []
    pdf = pypdfium2.PdfDocument(path)
    try:
        with pdfplumber.open(path) as plumber:
            for index, plumbed in enumerate(plumber.pages):
                number = index + 1
                reader = _reader_page(plumbed)
                turn = text_turn(reader)
                x0, top, x1, bottom = (float(v) for v in plumbed.bbox)
                plumbed.close()
                frame = turned_frame(
                    BBox(x0, top, x1, bottom), reader.width or 0, reader.height or 0, turn
                )
                name = f"{stem}-p{number:03d}.webp"
                size = _render_page(pdf[index], turn, Path(folder) / name)
                images.append(
                    PageImage(
                        number=number,
                        file=name,
                        x0=frame.x0,
                        top=frame.top,
                        width=frame.width,
                        height=frame.height,
                        pixel_width=size[0],
                        pixel_height=size[1],
                        turn=turn,
                    )
                )
    finally:
        pdf.close()
    return images


def _render_page(page: Any, turn: Turn, target: Path) -> tuple[int, int]:
    # pdfplumber's frame is the MediaBox: render that, not the CropBox.
    page.set_cropbox(*page.get_mediabox())
    width, height = page.get_size()
    scale = min(SCALE, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
    bitmap = page.render(scale=scale, rotation=_PDFIUM_ROTATION[turn])
    image = bitmap.to_pil().convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, **WEBP)
    target.write_bytes(buffer.getvalue())
    page.close()
    return int(image.width), int(image.height)
