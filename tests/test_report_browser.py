"""The review report in a real browser (Chromium through Playwright), from
file://: loads clean and offline, boxes sit where provenance says, clicks
and keys lead to the boxes, readable at 200% zoom."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from dxparse.read import read_document
from dxparse.report import build_report
from dxparse.report.data import CONTENT_DATASETS
from tests.browser import chromium, watched_page
from tests.conftest import AP_PDF, AP_SEED, DX_PDF, ROOT, SAMPLES
from tests.report_util import (
    KNOWN,
    SIDEWAYS,
    SIDEWAYS_KNOWN,
    Placed,
    annotate,
    append_rows,
    document_id_of,
    extract,
    issue_row,
    key_of,
    printed_box,
    provenance_row,
    rows_of,
    samples_out,
)

pytestmark = pytest.mark.browser


@dataclass
class Site:
    report: Path
    out: Path
    placed: list[Placed]
    sources: dict[str, Path]  # document_id → input file
    issue: tuple[str, int]  # (document_id, issue_no) of the placed unread_text issue
    line: tuple[str, str, int]  # (document_id, key, line) of the placed text-layer line


def _page_texts(path: Path, page: int, count: int) -> str:
    chars = [c.text for c in _pages(path)[page - 1].chars if c.text.strip()]
    return "".join(chars[:count])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The samples' OUT with known boxes added (values found printed on their
    pages) and an unread_text issue on the DX report's last page, plus the
    sideways variant's OUT likewise, reported together."""
    base = tmp_path_factory.mktemp("browser")
    out = base / "out"
    placed = annotate(samples_out(), out, KNOWN)
    sideways = extract([SIDEWAYS], base / "sideways-out")
    sideways_placed = annotate(sideways, base / "sideways", SIDEWAYS_KNOWN)
    for dataset in ("documents", "provenance", "extraction_issues", *CONTENT_DATASETS):
        merged = pl.concat(
            [
                pl.read_parquet(out / f"{dataset}.parquet"),
                pl.read_parquet(base / "sideways" / f"{dataset}.parquet"),
            ]
        )
        merged.write_parquet(out / f"{dataset}.parquet")
    dx_id = next(p.document_id for p in placed if p.known.source == DX_PDF)
    issues = pl.read_parquet(out / "extraction_issues.parquet")
    number = 1 + len(issues.filter(pl.col("document_id") == dx_id))
    text = _page_texts(DX_PDF, 9, 6)
    append_rows(
        out, "extraction_issues", [issue_row(dx_id, number, 9, printed_box(DX_PDF, 9, text), text)]
    )
    # The text layer: ap_initiatives 51001's importance is printed on the
    # first line that names 重要度 (line numbers are the file's, from 1).
    ap_id = document_id_of(out, AP_SEED.name)
    line = 1 + next(
        i for i, text in enumerate(AP_SEED.read_text("utf-8").split("\n")) if "重要度" in text
    )
    [row] = [r for r in rows_of(out, "ap_initiatives", ap_id) if r["initiative_id"] == "51001"]
    key = key_of("ap_initiatives", row)
    at_line = provenance_row(ap_id, "ap_initiatives", key, "importance", 1, 0, None)
    # It stands in for the parser's own lines of that value.
    path = out / "provenance.parquet"
    own = pl.read_parquet(path)
    own.filter(
        ~(
            (pl.col("document_id") == ap_id)
            & (pl.col("dataset") == "ap_initiatives")
            & (pl.col("key") == key)
            & (pl.col("field") == "importance")
        )
    ).write_parquet(path)
    append_rows(
        out, "provenance", [{**at_line, "page": None, "line_first": line, "line_last": line}]
    )
    report = base / "report"
    build_report(out, report, [SAMPLES, SIDEWAYS], jobs=2)
    sources = {p.document_id: p.known.source for p in [*placed, *sideways_placed]}
    return Site(
        report,
        out,
        [*placed, *sideways_placed],
        sources,
        (dx_id, number),
        (ap_id, key, line),
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as started:
        yield started


def _document_url(site: Site, document_id: str) -> str:
    return (site.report / "documents" / f"{document_id[:16]}.html").as_uri()


def test_index_and_every_document_page_load_offline_without_errors(
    site: Site, browser: Browser
) -> None:
    pages = [site.report / "index.html", *sorted((site.report / "documents").glob("*.html"))]
    assert len(pages) == 1 + 5  # four samples and the sideways variant
    for path in pages:
        watched = watched_page(browser)
        watched.page.goto(path.as_uri())
        watched.page.wait_for_load_state("load")
        broken = watched.page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length"
        )
        assert watched.errors == [], path.name
        assert watched.outside == [], path.name
        assert all(url.startswith("file://") for url in watched.requests), watched.requests
        assert broken == 0, f"{path.name}: {broken} images not shown"
        assert watched.page.evaluate("document.documentElement.lang") == "ja"
        watched.page.close()


def _rect(page: Page, selector: str) -> dict[str, float]:
    rect: dict[str, float] = page.eval_on_selector(
        _css(page, selector),
        "e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y, width: r.width, height: r.height}; }",
    )
    return rect


def _box_selector(dataset: str, key: str, field: str, part: int) -> str:
    """A box names its row (data-target); the row its dataset and key. Resolved
    on the page by `_css`."""
    return f"box:{dataset}\x00{key}\x00{field}\x00{part}"


_FIND_BOX = """([dataset, key, field, part]) => {
  const row = [...document.querySelectorAll('article.row')]
    .find(r => r.dataset.dataset === dataset && r.dataset.key === key);
  if (!row) { return null; }
  const box = document.querySelector(
    `.box[data-target="${row.id}"][data-field="${field}"][data-part="${part}"]`);
  return box ? box.id : null;
}"""


def _css(page: Page, selector: str) -> str:
    if not selector.startswith("box:"):
        return selector
    found = page.evaluate(_FIND_BOX, selector[4:].split("\x00"))
    assert found, f"no box for {selector[4:].split(chr(0))}"
    return f"#{found}"


@cache
def _pages(path: Path) -> tuple[Any, ...]:
    """A PDF's pages, read once: thousands of boxes are checked against them."""
    return read_document(path).pages


# A box's edges against the bbox scaled onto the image: the boxes are in
# percent of the image (to 0.001%, 0.02 px of a 1,684-px image) and the
# browser lays out in 1/64 px, so a few layout units; 0.019 px seen.
IMAGE_TOLERANCE = 0.05
# A text layer's box takes its lines' grid rows: the same edges exactly.
LINE_TOLERANCE = 1 / 64


def _assert_on_image(page: Page, source: Path, number: int, box: Any, selector: str) -> None:
    """The element's rectangle is the bbox scaled onto the page's image."""
    read = _pages(source)[number - 1]
    _check_on_image(_rect(page, f"#page-{number} img"), read, box, _rect(page, selector), selector)


def _check_on_image(
    image: dict[str, float], read: Any, box: Any, got: dict[str, float], what: object
) -> None:
    assert read.width and read.height
    sx, sy = image["width"] / read.width, image["height"] / read.height
    want = {
        "x": image["x"] + box[0] * sx,
        "y": image["y"] + box[1] * sy,
        "width": (box[2] - box[0]) * sx,
        "height": (box[3] - box[1]) * sy,
    }
    for side in want:
        assert got[side] == pytest.approx(want[side], abs=IMAGE_TOLERANCE), (
            what,
            side,
            got,
            want,
        )


def test_each_known_box_sits_on_its_printed_value(site: Site, browser: Browser) -> None:
    """Upright, multi-part and sideways (turned by the reader) values alike."""
    watched = watched_page(browser)
    for item in site.placed:
        watched.page.goto(_document_url(site, item.document_id))
        b = item.box
        selector = _box_selector(item.known.dataset, item.key, item.known.field, item.known.part)
        _assert_on_image(
            watched.page,
            item.known.source,
            item.known.page,
            (b.x0, b.top, b.x1, b.bottom),
            selector,
        )


_RECTS = """([boxes, lines]) => {
  const rows = new Map([...document.querySelectorAll('article.row')]
    .map(r => [r.dataset.dataset + '\\0' + r.dataset.key, r.id]));
  const rect = e => { if (!e) { return null; } const r = e.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height}; };
  const find = ([kind, a, b, c, d]) => {
    if (kind === 'issue') { return document.querySelector(`.box[data-issue="${a}"]`); }
    const row = rows.get(a + '\\0' + b);
    return row ? document.querySelector(
      `.box[data-target="${row}"][data-field="${c}"][data-part="${d}"]`) : null;
  };
  const images = {};
  document.querySelectorAll('figure.page img').forEach(i => {
    images[i.closest('figure').id.slice(5)] = rect(i); });
  const lineRects = {};
  lines.forEach(n => { lineRects[n] = rect(document.getElementById('L' + n)); });
  return {boxes: boxes.map(b => rect(find(b))), images: images, lines: lineRects};
}"""


def test_every_provenance_box_of_the_samples_sits_where_it_says(
    site: Site, browser: Browser
) -> None:
    """All provenance rows with a box (the parsers' own, as they fill them in,
    and the known ones), every issue with a box, and every text-layer box on
    its lines. Each document's rectangles are read in one call."""
    provenance = pl.read_parquet(site.out / "provenance.parquet")
    issues = pl.read_parquet(site.out / "extraction_issues.parquet").filter(
        pl.col("x0").is_not_null()
    )
    boxed = provenance.filter(pl.col("x0").is_not_null())
    lined = provenance.filter(pl.col("line_first").is_not_null())
    assert len(boxed) >= len(site.placed) and len(issues) >= 1 and len(lined) >= 1
    wanted: dict[str, list[tuple[list[Any], dict[str, Any]]]] = {}
    for row in boxed.to_dicts():
        ask = ["field", row["dataset"], row["key"], row["field"], row["part"]]
        wanted.setdefault(row["document_id"], []).append((ask, row))
    for row in issues.to_dicts():
        wanted.setdefault(row["document_id"], []).append((["issue", row["issue_no"]], row))
    for row in lined.to_dicts():
        ask = ["field", row["dataset"], row["key"], row["field"], row["part"]]
        wanted.setdefault(row["document_id"], []).append((ask, row))
    documents = pl.read_parquet(site.out / "documents.parquet")
    names = dict(zip(documents["document_id"], documents["source_file"], strict=True))
    watched = watched_page(browser)
    checked = 0
    for document_id, asks in sorted(wanted.items()):
        watched.page.goto(_document_url(site, document_id))
        numbers = sorted(
            {
                n
                for _, r in asks
                if r["line_first"] is not None
                for n in (r["line_first"], r["line_last"])
            }
        )
        got = watched.page.evaluate(_RECTS, [[a for a, _ in asks], numbers])
        for (ask, row), rect in zip(asks, got["boxes"], strict=True):
            assert rect is not None, f"no box for {ask}"
            if row["line_first"] is not None:
                first, last = (
                    got["lines"][str(row["line_first"])],
                    got["lines"][str(row["line_last"])],
                )
                _check_on_lines(rect, first, last, ask)
            else:
                source = site.sources.get(document_id) or _input_named(names[document_id])
                read = _pages(source)[row["page"] - 1]
                corners = (row["x0"], row["top"], row["x1"], row["bottom"])
                _check_on_image(got["images"][str(row["page"])], read, corners, rect, ask)
            checked += 1
    assert checked == len(boxed) + len(issues) + len(lined)


def _check_on_lines(
    got: dict[str, float], top: dict[str, float], bottom: dict[str, float], what: object
) -> None:
    assert got["y"] == pytest.approx(top["y"], abs=LINE_TOLERANCE), (what, got, top)
    assert got["y"] + got["height"] == pytest.approx(
        bottom["y"] + bottom["height"], abs=LINE_TOLERANCE
    ), (what, got, bottom)


def _assert_on_lines(page: Page, selector: str, first: int, last: int) -> None:
    """A text-layer box spans its lines: the top of the first, the bottom of the last."""
    got, top, bottom = _rect(page, selector), _rect(page, f"#L{first}"), _rect(page, f"#L{last}")
    _check_on_lines(got, top, bottom, selector)
    assert page.eval_on_selector(f"#L{first}", "e => e.textContent").strip()


def test_a_text_layer_value_is_boxed_on_its_line(site: Site, browser: Browser) -> None:
    document_id, key, line = site.line
    watched = watched_page(browser)
    page = watched.page
    page.goto(_document_url(site, document_id))
    selector = _css(page, _box_selector("ap_initiatives", key, "importance", 1))
    _assert_on_lines(page, selector, line, line)
    assert "重要度" in page.inner_text(f"#L{line}")
    # Far down the page first: the value's button brings its box back.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert not _in_view(page, selector)
    row_id = page.eval_on_selector(selector, "e => e.dataset.target")
    page.click(f"#{row_id}-importance button.go")
    assert _in_view(page, selector)
    assert page.eval_on_selector(selector, "e => e === document.activeElement")


def _input_named(name: str) -> Path:
    found = [path for folder in (SAMPLES, SIDEWAYS.parent) for path in folder.glob(name)]
    assert len(found) == 1, name
    return found[0]


def _in_view(page: Page, selector: str) -> bool:
    rect = _rect(page, selector)
    height = page.evaluate("window.innerHeight")
    return bool(rect["y"] >= 0 and rect["y"] + rect["height"] <= height)


def test_clicking_an_issue_scrolls_to_its_box_and_highlights_it(
    site: Site, browser: Browser
) -> None:
    document_id, number = site.issue
    watched = watched_page(browser)
    page = watched.page
    page.goto(_document_url(site, document_id))
    box = f'.box[data-issue="{number}"]'
    assert not _in_view(page, box), "the box starts off screen (page 9)"
    page.click(f"#i-{number} button.go")
    page.wait_for_function(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        arg=box,
    )
    assert _in_view(page, box)
    assert page.eval_on_selector(box, "e => e.classList.contains('hl')")
    assert page.eval_on_selector(box, "e => e === document.activeElement")
    # Its code and message show on it, red.
    tip = page.locator("#tip")
    assert tip.is_visible() and "unread_text" in tip.inner_text()
    colour = page.eval_on_selector(box, "e => getComputedStyle(e).borderTopColor")
    assert colour == "rgb(197, 34, 31)"


def test_keyboard_on_a_row_scrolls_to_its_box_and_shows_field_value_and_row(
    site: Site, browser: Browser
) -> None:
    item = next(p for p in site.placed if p.known.source == AP_PDF and p.known.page == 7)
    watched = watched_page(browser)
    page = watched.page
    page.goto(_document_url(site, item.document_id))
    box = _css(page, _box_selector(item.known.dataset, item.key, item.known.field, 1))
    assert not _in_view(page, box)
    row_id = page.eval_on_selector(box, "e => e.dataset.target")
    # The value's button: its own box, focused and in view.
    page.focus(f"#{row_id}-{item.known.field} button.go")
    page.keyboard.press("Enter")
    page.wait_for_function("s => document.activeElement === document.querySelector(s)", arg=box)
    assert _in_view(page, box)
    tip = page.locator("#tip")
    assert tip.is_visible()
    text = tip.inner_text()
    assert item.known.field in text and item.value in text and item.key in text
    # Escape clears the highlight.
    page.keyboard.press("Escape")
    assert page.evaluate("document.querySelectorAll('.hl').length") == 0
    # The row's button: every box of the row lit, the first in reading order
    # (page, then top, then left) focused and in view.
    page.focus(f"#{row_id} h4 button.go")
    page.keyboard.press("Enter")
    ids = page.eval_on_selector(f"#{row_id} h4 button.go", "e => e.dataset.boxes.split(' ')")
    assert len(ids) > 1
    lit = page.evaluate("[...document.querySelectorAll('.box.hl')].map(e => e.id)")
    assert sorted(lit) == sorted(ids)
    first = min(ids, key=lambda i: _reading_position(page, f"#{i}"))
    page.wait_for_function(
        "s => document.activeElement === document.querySelector(s)", arg=f"#{first}"
    )
    assert _in_view(page, f"#{first}")


def _reading_position(page: Page, selector: str) -> tuple[int, float, float]:
    """(page number, top, left) of a box, the top and left relative to its page's image."""
    found: list[float] = page.eval_on_selector(
        selector,
        "e => { const s = e.parentElement.getBoundingClientRect(),"
        " r = e.getBoundingClientRect(), n = Number(e.closest('figure').id.slice(5));"
        " return [n, r.top - s.top, r.left - s.left]; }",
    )
    return int(found[0]), found[1], found[2]


def test_hovering_a_box_shows_its_field_and_value_and_clicking_it_shows_its_row(
    site: Site, browser: Browser
) -> None:
    item = next(p for p in site.placed if p.known.source == DX_PDF and p.known.page == 5)
    watched = watched_page(browser)
    page = watched.page
    page.goto(_document_url(site, item.document_id))
    box = _css(page, _box_selector(item.known.dataset, item.key, item.known.field, 1))
    page.locator(box).scroll_into_view_if_needed()
    page.hover(box)
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert item.value in tip.inner_text()
    page.click(box)
    row_id = page.eval_on_selector(box, "e => e.dataset.target")
    assert page.eval_on_selector(f"#{row_id}", "e => e.classList.contains('hl')")
    assert item.value in page.inner_text(f"#{row_id}")


def test_readable_at_200_percent_zoom(site: Site, browser: Browser) -> None:
    """A 1280-pixel window at 200%: 640 CSS pixels. No page runs off the side
    (no sideways scrolling of the page; a text layer's long lines scroll in
    their own box), the rows below the page, the boxes still on their text."""
    watched = watched_page(browser, width=640, height=450)
    page = watched.page
    for path in [site.report / "index.html", *sorted((site.report / "documents").glob("*.html"))]:
        page.goto(path.as_uri())
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path.name
    for item in site.placed:
        page.goto(_document_url(site, item.document_id))
        pages, panel = _rect(page, "section.pages"), _rect(page, "#panel")
        assert panel["y"] >= pages["y"] + pages["height"] - 1, "one column"
        b = item.box
        selector = _box_selector(item.known.dataset, item.key, item.known.field, item.known.part)
        _assert_on_image(
            page, item.known.source, item.known.page, (b.x0, b.top, b.x1, b.bottom), selector
        )


def test_screenshots_of_one_page_per_document(site: Site, tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "report_screenshots.py"),
            str(site.report),
            "--to",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    shots = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in shots] == sorted(
        f"{name}.png"
        for name in pl.read_parquet(site.out / "documents.parquet")["source_file"].to_list()
    )
    for shot in shots:
        image = Image.open(shot).convert("L")
        low, high = image.getextrema()
        assert isinstance(low, int) and isinstance(high, int)  # one band: grey
        assert image.size == (1400, 900) and low < 100 < high, shot.name
