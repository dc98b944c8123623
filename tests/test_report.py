"""`dxparse report`: pages drawn where the reader read them, the site
deterministic and small enough, the folder replaced safely."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import polars as pl
import pytest
from PIL import Image

from dxparse.document import BBox
from dxparse.read import read_document
from dxparse.report import build_report
from dxparse.report.data import CONTENT_DATASETS
from dxparse.report.render import PageImage, render_document
from tests.conftest import AP_PDF, DX_PDF, SAMPLES, VARIANTS, run_cli
from tests.pdfgen import make_pdf
from tests.report_util import (
    KNOWN,
    ROTATED,
    SIDEWAYS,
    annotate,
    append_rows,
    key_of,
    provenance_row,
    samples_out,
)
from tests.test_hostile import flate_bomb, self_referencing_resources

TURNED = VARIANTS / "ap" / "v7_rotated_kakuu_r4.pdf"


def _inked(image: Image.Image, page: PageImage, box: BBox) -> bool:
    """Some dark pixel inside `box` (reader's points) on the rendered image."""
    sx, sy = page.pixel_width / page.width, page.pixel_height / page.height
    crop = image.crop(
        (
            int((box.x0 - page.x0) * sx),
            int((box.top - page.top) * sy),
            int((box.x1 - page.x0) * sx) + 1,
            int((box.bottom - page.top) * sy) + 1,
        )
    )
    low = crop.getextrema()[0]
    assert isinstance(low, int | float)  # one band: grey
    return low < 128


def _ink_at_chars(path: Path, tmp_path: Path) -> list[tuple[int, int, int]]:
    """(page, chars with ink under them, chars) for every page of `path`."""
    images = render_document(str(path), "t", str(tmp_path))
    found = []
    for page, read in zip(images, read_document(path).pages, strict=True):
        assert (round(page.width, 3), round(page.height, 3)) == (
            round(read.width or 0, 3),
            round(read.height or 0, 3),
        )
        # The image has the frame's proportions (one pixel of rounding).
        assert abs(page.pixel_width / page.width * page.height - page.pixel_height) <= 1.0
        image = Image.open(tmp_path / page.file).convert("L")
        chars = [c for c in read.chars if c.text.strip()]
        found.append((page.number, sum(_inked(image, page, c.box) for c in chars), len(chars)))
    return found


@pytest.mark.parametrize(
    "path", [DX_PDF, AP_PDF, SIDEWAYS, ROTATED, TURNED], ids=lambda p: Path(p).stem
)
def test_every_char_the_reader_read_is_inked_where_the_image_has_it(
    path: Path, tmp_path: Path
) -> None:
    """Sideways sheets (the reader turns them), /Rotate pages (pdfium and
    pdfplumber both apply it), upright pages: the reader's char boxes, scaled
    onto the image, all fall on printed ink."""
    for page, inked, chars in _ink_at_chars(path, tmp_path):
        assert chars > 0
        assert inked == chars, f"page {page}: {chars - inked} of {chars} chars on blank paper"


def test_sideways_pages_are_turned_and_rotate_pages_are_not(tmp_path: Path) -> None:
    assert {p.turn for p in render_document(str(SIDEWAYS), "s", str(tmp_path))} == {90, 270}
    assert {p.turn for p in render_document(str(ROTATED), "r", str(tmp_path))} == {0}


def test_a_mediabox_off_the_origin_keeps_the_boxes_on_their_text(tmp_path: Path) -> None:
    pdf = tmp_path / "offset.pdf"
    pdf.write_bytes(make_pdf([["Offset MediaBox", "second line of text"]], origin=(120, 80)))
    [(_, inked, chars)] = _ink_at_chars(pdf, tmp_path)
    assert chars > 20 and inked == chars


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_inputs_give_the_same_bytes_for_any_jobs(tmp_path: Path) -> None:
    out = samples_out()
    one = build_report(out, tmp_path / "one", [SAMPLES], jobs=1)
    two = build_report(out, tmp_path / "two", [SAMPLES], jobs=2)
    assert one.pages == two.pages == 19
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")


def _every_field_boxed(out: Path, target: Path) -> int:
    """A copy of OUT whose provenance has a box for every published field of
    the sample PDFs' rows (where on the page does not matter for the size);
    how many boxes."""
    annotate(out, target, [])
    documents = pl.read_parquet(target / "documents.parquet")
    pdfs = documents.filter(pl.col("media_type") == "application/pdf")["document_id"].to_list()
    boxes = []
    for dataset in CONTENT_DATASETS:
        for row in pl.read_parquet(target / f"{dataset}.parquet").to_dicts():
            if row["document_id"] not in pdfs:
                continue
            for name, value in row.items():
                if value is None or name in ("municipality_code", "municipality", "document_id"):
                    continue
                box = BBox(100.0, 100.0, 300.0, 120.0)
                boxes.append(
                    provenance_row(
                        row["document_id"],
                        dataset,
                        key_of(dataset, row),
                        name,
                        1,
                        row.get("page") or 1,
                        box,
                    )
                )
    append_rows(target, "provenance", boxes)
    return len(boxes)


def test_a_thousand_page_batch_stays_under_300_mb(tmp_path: Path) -> None:
    """Bytes per drawn page of the samples' report (images and HTML) with a
    box for every published field, times 1,000."""
    boxes = _every_field_boxed(samples_out(), tmp_path / "out")
    result = build_report(tmp_path / "out", tmp_path / "r", [SAMPLES], jobs=2)
    total = sum(p.stat().st_size for p in (tmp_path / "r").rglob("*") if p.is_file())
    assert result.pages == 19 and boxes > 3000
    assert total / result.pages * 1000 < 300 * 2**20


def test_the_report_draws_the_known_boxes_in_percent_of_the_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    placed = annotate(samples_out(), out, KNOWN)
    build_report(out, tmp_path / "r", [SAMPLES])
    for item in placed:
        html = (tmp_path / "r" / "documents" / f"{item.document_id[:16]}.html").read_text("utf-8")
        width, height = (
            read_document(item.known.source).pages[item.known.page - 1].width or 0,
            read_document(item.known.source).pages[item.known.page - 1].height or 0,
        )
        row = re.search(
            rf'<article class="row" id="([^"]+)" data-dataset="{item.known.dataset}"'
            rf' data-key="{re.escape(item.key)}">',
            html,
        )
        assert row is not None, item
        attrs = (
            f'data-target="{row.group(1)}" data-field="{item.known.field}"'
            f' data-part="{item.known.part}"'
        )
        tag = re.search(rf'<button [^>]*style="([^"]*)"[^>]*{re.escape(attrs)}', html)
        assert tag is not None, attrs
        style = dict(part.split(":") for part in tag.group(1).split(";"))
        assert float(style["left"].rstrip("%")) == pytest.approx(
            100 * item.box.x0 / width, abs=0.01
        )
        assert float(style["top"].rstrip("%")) == pytest.approx(
            100 * item.box.top / height, abs=0.01
        )


def test_values_are_escaped(tmp_path: Path) -> None:
    out = tmp_path / "out"
    annotate(samples_out(), out, [])
    path = out / "dx_measures.parquet"
    frame = pl.read_parquet(path)
    frame.with_columns(pl.lit("<script>alert(1)</script>").alias("detail")).write_parquet(path)
    build_report(out, tmp_path / "r", [SAMPLES])
    pages = "".join(p.read_text("utf-8") for p in (tmp_path / "r" / "documents").iterdir())
    assert "<script>alert" not in pages
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages


def test_report_command_and_a_source_not_given(tmp_path: Path) -> None:
    given = run_cli("report", str(samples_out()), str(SAMPLES), "-o", str(tmp_path / "r"))
    assert given.exit_code == 0, given.output
    assert len(list((tmp_path / "r" / "pages").glob("*.webp"))) == 19
    # Without the inputs the rows and issues are there, the pages are not.
    bare = run_cli("report", str(samples_out()), "-o", str(tmp_path / "bare"), "--no-progress")
    assert bare.exit_code == 1
    assert bare.output.count("source not among the inputs") == 4
    assert not list((tmp_path / "bare" / "pages").iterdir())
    assert len(list((tmp_path / "bare" / "documents").iterdir())) == 4


def test_a_report_replaces_a_report_but_never_another_folder(tmp_path: Path) -> None:
    target = tmp_path / "r"
    assert run_cli("report", str(samples_out()), str(DX_PDF), "-o", str(target)).exit_code == 1
    before = _tree(target)
    assert run_cli("report", str(samples_out()), str(SAMPLES), "-o", str(target)).exit_code == 0
    assert _tree(target) != before and (target / "index.html").is_file()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    refused = run_cli("report", str(samples_out()), str(SAMPLES), "-o", str(mine))
    assert refused.exit_code == 2
    assert "not a dxparse report folder" in refused.output
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "staging left behind"


def test_out_that_is_not_an_output_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("report", str(tmp_path), "-o", str(tmp_path / "r"))
    assert result.exit_code == 2
    assert "documents.parquet" in result.output


def test_extract_writes_the_report_too(tmp_path: Path) -> None:
    result = run_cli(
        "extract",
        str(AP_PDF),
        "-o",
        str(tmp_path / "out"),
        "--report",
        str(tmp_path / "r"),
        "--no-progress",
    )
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "r" / "pages").glob("*.webp"))) == 10
    index = (tmp_path / "r" / "index.html").read_text("utf-8")
    assert 'lang="ja"' in index and "action_plan_51_r1.pdf" in index


def test_a_failed_document_is_listed_with_its_reason_and_not_drawn(tmp_path: Path) -> None:
    broken = tmp_path / "in" / "broken.pdf"
    broken.parent.mkdir()
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    (tmp_path / "in" / "dx.pdf").write_bytes(DX_PDF.read_bytes())
    result = run_cli(
        "extract",
        str(tmp_path / "in"),
        "-o",
        str(tmp_path / "out"),
        "--report",
        str(tmp_path / "r"),
        "--no-progress",
    )
    assert result.exit_code == 1  # the failed document; the report itself is whole
    assert "pages not drawn" not in result.output
    assert len(list((tmp_path / "r" / "pages").glob("*.webp"))) == 9
    documents = pl.read_parquet(tmp_path / "out" / "documents.parquet")
    [failed] = documents.filter(pl.col("status") == "failed").to_dicts()
    page = (tmp_path / "r" / "documents" / f"{failed['document_id'][:16]}.html").read_text("utf-8")
    assert "失敗の理由" in page and str(failed["error"]) in page.replace("&#x27;", "'")


def _out_with_a_document_that_extract_could_not_read(
    tmp_path: Path, name: str, data: bytes, *bounds: str
) -> tuple[Path, Path]:
    """OUT of the DX report and `name`, extracted under `bounds` (which
    `name` fails), with `name`'s row then marked partial: the report is told
    to draw a document whose pages hang or bomb the reader (its renderer
    opens the same pages)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / DX_PDF.name).write_bytes(DX_PDF.read_bytes())
    out = tmp_path / "out"
    result = run_cli("extract", str(folder), "-o", str(out), "--no-progress", *bounds)
    assert result.exit_code == 1, result.output
    path = out / "documents.parquet"
    documents = pl.read_parquet(path)
    assert documents.filter(pl.col("source_file") == name)["status"].to_list() == ["failed"]
    documents.with_columns(
        pl.when(pl.col("source_file") == name)
        .then(pl.lit("partial"))
        .otherwise(pl.col("status"))
        .alias("status")
    ).write_parquet(path)
    return out, folder


@pytest.mark.parametrize(
    ("name", "data", "bounds", "reason"),
    [
        # 20 s: the DX report's nine pages take a few seconds to draw.
        ("loop.pdf", self_referencing_resources(), ("--timeout", "20"), "timed out after 20 s"),
        (
            "bomb.pdf",
            # Drawing the DX report's pages needs some 300 MiB of address space.
            flate_bomb(768 * 2**20),
            ("--max-memory", "512M"),
            "needs more memory than the bound of 512 MiB (--max-memory)",
        ),
    ],
    ids=["hang", "bomb"],
)
def test_a_page_that_hangs_or_bombs_the_renderer_costs_its_document_only(
    tmp_path: Path, name: str, data: bytes, bounds: tuple[str, ...], reason: str
) -> None:
    """The report's workers have extract's bounds: one line `file: reason`,
    the rest of the report written."""
    out, folder = _out_with_a_document_that_extract_could_not_read(tmp_path, name, data, *bounds)
    started = time.monotonic()
    result = run_cli("report", str(out), str(folder), "-o", str(tmp_path / "r"), *bounds)
    assert time.monotonic() - started < 60  # the hang is stopped at the deadline
    assert result.exit_code == 1, result.output
    line = f"{name}: ページを描けませんでした (pages not drawn): {reason}"
    assert [text for text in result.stderr.splitlines() if text.startswith(f"{name}:")] == [line]
    report = tmp_path / "r"
    assert line in (report / "index.html").read_text("utf-8")
    # The DX report's pages, and none of the one not drawn.
    assert len(list((report / "pages").glob("*.webp"))) == len(read_document(DX_PDF).pages)
    assert len(list((report / "documents").glob("*.html"))) == 2
