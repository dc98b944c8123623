"""read_lines.page_text against pdfplumber's own text map (the function it
replaces): the same text on every page of the real and outside PDFs,
under both engines, and on random pages made to hit the edge cases
(ties, chained clusters, blank and empty chars, ligatures, rotated runs)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from pdfplumber.utils.text import chars_to_textmap

from dxparse.document import BBox, TextItem
from dxparse.inputs import InputError
from dxparse.read import read_document
from dxparse.read_lines import page_text

ROOT = Path(__file__).resolve().parent.parent
PDFS = (
    sorted((ROOT / "samples").glob("*.pdf"))
    + sorted((ROOT / "tests" / "variants").rglob("*.pdf"))
    + sorted((ROOT / "tests" / "generated").glob("*.pdf"))[:12]
    + sorted((ROOT / "tests" / "pdfs").glob("*.pdf"))
)


def _pdfplumber_text(chars: tuple[TextItem, ...]) -> str:
    glyphs = [
        {
            "text": c.raw,
            "x0": c.box.x0,
            "x1": c.box.x1,
            "top": c.box.top,
            "bottom": c.box.bottom,
            "doctop": c.box.top,
            "width": c.box.width,
            "height": c.box.height,
            "upright": c.upright,
        }
        for c in chars
    ]
    bbox = (0.0, 0.0, 1000.0, 1000.0)
    text: str = chars_to_textmap(
        glyphs, layout_bbox=bbox, layout_width=1000.0, layout_height=1000.0
    ).as_string
    return text


@pytest.mark.parametrize("engine", ["pdfium", "pdfminer"])
def test_the_text_of_every_page_is_pdfplumbers(engine: str) -> None:
    pages = 0
    for path in PDFS:
        try:
            document = read_document(path, engine=engine, max_pages=30)
        except InputError as error:
            # Only the password-protected test files have no text to compare.
            assert str(error).startswith("encrypted PDF"), (path, error)
            continue
        for page in document.pages:
            if page.chars:
                pages += 1
                assert page_text(page.chars) == _pdfplumber_text(page.chars), (path, page.number)
    assert pages >= 150


def _random_page(rng: random.Random) -> tuple[TextItem, ...]:
    chars = []
    texts = ["a", "b", "漢", " ", "\u3000", "", "ﬁ", "ﬀ", "xy", "\n"]
    upright = True
    # Coordinates on a coarse grid, so that ties and 3 pt chains are common.
    for _ in range(rng.randint(0, 60)):
        if rng.random() < 0.1:
            upright = not upright
        x0 = rng.randint(0, 40) * 1.5
        top = rng.randint(0, 20) * 1.5
        text = rng.choice(texts)
        box = BBox(x0, top, x0 + rng.choice([0.0, 1.5, 3.0, 6.0]), top + rng.choice([1.5, 6.0]))
        chars.append(TextItem(text, text, box, 6.0, "F", upright))
    return tuple(chars)


@pytest.mark.parametrize("seed", range(300))
def test_random_pages_read_as_pdfplumber_reads_them(seed: int) -> None:
    chars = _random_page(random.Random(seed))
    expected: Any = _pdfplumber_text(chars) if chars else ""
    assert page_text(chars) == expected
