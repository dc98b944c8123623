"""Print a generated `Deck` as a slide deck (python-pptx), for LibreOffice
Impress to export to PDF as cities do. Drawing helpers come from the DX
variant builder (tools/variants/dx/build.py); the table styles it lacks
(horizontal rules only, banded fills) and the page furniture are here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Mm, Pt
from tools.generate.dx_doc import Deck, Page, Table, printed
from tools.variants.dx import build as dxb

BLUE, WHITE, HEADER_FILL, BANDS = dxb.BLUE, dxb.WHITE, dxb.HEADER_FILL, dxb.BANDS
GREY = "595959"


def _border(tc_pr: Any, tag: str, width: int | None) -> None:
    if width is None:
        ln = etree.SubElement(tc_pr, qn(tag), w="0")
        etree.SubElement(ln, qn("a:noFill"))
        return
    ln = etree.SubElement(tc_pr, qn(tag), w=str(width), cap="flat", cmpd="sng", algn="ctr")
    sf = etree.SubElement(ln, qn("a:solidFill"))
    etree.SubElement(sf, qn("a:srgbClr"), val="000000")
    etree.SubElement(ln, qn("a:prstDash"), val="solid")


def style_cell(cell: Any, fill: str | None, style: str, header: bool) -> None:
    """ruled: every border; hlines: top and bottom rules only; banded: none."""
    if style == "ruled":
        dxb.style_cell(cell, fill or WHITE)
        return
    tc_pr = cell._tc.get_or_add_tcPr()
    for child in list(tc_pr):
        tc_pr.remove(child)
    rule = 9525 if style == "hlines" else None
    _border(tc_pr, "a:lnL", None)
    _border(tc_pr, "a:lnR", None)
    _border(tc_pr, "a:lnT", rule)
    _border(tc_pr, "a:lnB", 19050 if (header and rule) else rule)
    if fill is None:
        etree.SubElement(tc_pr, qn("a:noFill"))
    else:
        sf = etree.SubElement(tc_pr, qn("a:solidFill"))
        etree.SubElement(sf, qn("a:srgbClr"), val=fill)
    cell.margin_left = cell.margin_right = Mm(1.2)
    cell.margin_top = cell.margin_bottom = Mm(0.8)
    cell.vertical_anchor = dxb.MSO_ANCHOR.MIDDLE


def _fill(t: Table, i: int) -> tuple[str | None, str]:
    """Fill and text colour of printed row i (0 = header when there is one)."""
    header = t.header and i == 0
    body = i - (1 if t.header else 0)
    if t.style == "banded":
        return (BLUE, WHITE) if header else (BANDS[body % 2], "000000")
    if t.style == "hlines":
        return ("F2F2F2" if header else None), "000000"
    return (HEADER_FILL if header else WHITE), "000000"


def add_table(slide: Any, t: Table, font: str, left: float, top: float) -> float:
    cap = 1 if t.caption else 0
    n = cap + len(t.rows) + (1 if t.header else 0)
    frame = slide.shapes.add_table(
        n, len(t.columns), Mm(left), Mm(top), Mm(sum(t.widths)), Mm(sum(t.heights))
    )
    table = frame.table
    table.first_row = False
    table.horz_banding = False
    for j, w in enumerate(t.widths):
        table.columns[j].width = Mm(w)
    for i, h in enumerate(t.heights):
        table.rows[i].height = Mm(h)
        fill, _ = _fill(t, i - cap) if i >= cap else ("F2F2F2", "000000")
        for j in range(len(t.columns)):
            style_cell(table.cell(i, j), fill, t.style, t.header and i == cap)
    size = t.font_size
    if t.caption:
        table.cell(0, 0).merge(table.cell(0, len(t.columns) - 1))
        dxb.write_text(table.cell(0, 0).text_frame, t.caption, font, size, bold=True)
    off = cap + (1 if t.header else 0)
    if t.header:
        _, color = _fill(t, 0)
        for j, text in enumerate(t.labels):
            dxb.write_text(
                table.cell(cap, j).text_frame,
                text,
                font,
                size,
                align=PP_ALIGN.CENTER,
                bold=True,
                color=color,
            )
    col = {k: j for j, k in enumerate(t.columns)}
    if t.measure_cells == "merge":
        start = 0
        for i in range(1, len(t.rows) + 1):
            if i == len(t.rows) or t.rows[i].measure is not None:
                if i - start > 1:
                    table.cell(off + start, col["measure"]).merge(
                        table.cell(off + i - 1, col["measure"])
                    )
                start = i
    for i, r in enumerate(t.rows):
        _, color = _fill(t, off - cap + i)
        values = {
            "measure": (r.measure, PP_ALIGN.LEFT),
            "item": (r.item, PP_ALIGN.LEFT),
            "status": (r.status, PP_ALIGN.CENTER),
            "detail": (printed(r.detail), PP_ALIGN.LEFT),
            "outlook": (r.outlook, PP_ALIGN.CENTER),
        }
        for k, j in col.items():
            text, align = values[k]
            if k == "measure" and text is None:
                continue
            dxb.write_text(
                table.cell(off + i, j).text_frame, text or "", font, size, align=align, color=color
            )
    return sum(t.heights)


def _furniture(s: Any, deck: Deck, page_no: int, n_pages: int) -> None:
    pw, ph = deck.size
    f = deck.font
    if deck.running_header:
        dxb.add_box(
            s,
            None,
            pw - 120,
            0.5,
            112,
            5.5,
            deck.running_header,
            f,
            7,
            fill=None,
            line=None,
            color=GREY,
            align=PP_ALIGN.RIGHT,
        )
    text, x, w, align = {
        "dash": (f"- {page_no} -", pw / 2 - 20, 40.0, PP_ALIGN.CENTER),
        "slash": (f"{page_no} / {n_pages}", pw / 2 - 20, 40.0, PP_ALIGN.CENTER),
        "city": (f"{deck.municipality}　{page_no}", pw - 70, 60.0, PP_ALIGN.RIGHT),
    }[deck.footer]
    dxb.add_box(s, None, x, ph - 9, w, 6, text, f, 8, fill=None, line=None, color=GREY, align=align)


def _theme(s: Any, page: Page, label: str, deck: Deck) -> None:
    pw, _ = deck.size
    f = deck.font
    if page.theme_position == "right":
        dxb.add_box(
            s,
            None,
            pw - 90,
            11,
            80,
            7,
            label,
            f,
            9,
            fill=None,
            line=None,
            color=BLUE,
            bold=True,
            align=PP_ALIGN.RIGHT,
        )
    elif page.theme_position == "box":
        dxb.add_box(
            s,
            MSO_SHAPE.RECTANGLE,
            10,
            24,
            80,
            7,
            label,
            f,
            9,
            fill=None,
            line="1F5FA8",
            color=BLUE,
            bold=True,
        )
    else:
        dxb.add_box(
            s,
            MSO_SHAPE.PENTAGON,
            10,
            24,
            75,
            7,
            label,
            f,
            9,
            fill=BLUE,
            line=None,
            color=WHITE,
            bold=True,
        )


def build_pptx(deck: Deck, path: Path) -> None:
    prs = Presentation()
    pw, ph = deck.size
    prs.slide_width, prs.slide_height = Mm(pw), Mm(ph)
    blank = prs.slide_layouts[6]
    f = deck.font
    n_pages = len(deck.pages) + 1

    s = prs.slides.add_slide(blank)
    dxb.add_box(s, MSO_SHAPE.RECTANGLE, 0, 0, pw, 12, "", f, 8, fill=BLUE, line=None)
    dxb.add_box(
        s,
        None,
        10,
        ph * 0.42,
        pw - 20,
        18,
        deck.title,
        f,
        26,
        fill=None,
        line=None,
        color=BLUE,
        bold=True,
        align=PP_ALIGN.CENTER,
    )
    dxb.add_box(
        s,
        None,
        pw - 120,
        ph * 0.72,
        105,
        9,
        deck.publisher,
        f,
        12,
        fill=None,
        line=None,
        align=PP_ALIGN.RIGHT,
    )
    dxb.add_box(
        s,
        None,
        pw - 120,
        ph * 0.72 + 10,
        105,
        9,
        deck.issued_text,
        f,
        11,
        fill=None,
        line=None,
        align=PP_ALIGN.RIGHT,
    )

    for page_no, page in enumerate(deck.pages, start=2):
        s = prs.slides.add_slide(blank)
        _furniture(s, deck, page_no, n_pages)
        if page.body:
            dxb.add_box(
                s,
                None,
                12,
                8,
                pw - 24,
                12,
                "市長メッセージ",
                f,
                16,
                fill=None,
                line=None,
                color=BLUE,
                bold=True,
            )
            dxb.add_box(
                s, None, 20, 30, pw - 40, 80, "\n\n".join(page.body), f, 11, fill=None, line=None
            )
            continue
        heading_w = pw - 20 - (90 if page.theme_position == "right" else 0)
        if page.heading:
            dxb.add_box(
                s,
                None,
                10,
                6,
                heading_w,
                12,
                page.heading,
                f,
                14,
                fill=None,
                line=None,
                color=BLUE,
                bold=True,
            )
        ln = s.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Mm(10), Mm(19), Mm(pw - 10), Mm(19))
        ln.line.color.rgb = dxb._rgb(BLUE)
        ln.line.width = Pt(1.5)
        top = 24.0
        label = page.blocks[0].theme_label if page.blocks else None
        if label:
            _theme(s, page, label, deck)
            if page.theme_position != "right":
                top += 10
        width = 0.0
        for i, block in enumerate(page.blocks):
            if i and block.theme_label:
                dxb.add_box(
                    s,
                    MSO_SHAPE.PENTAGON,
                    10,
                    top,
                    75,
                    7,
                    block.theme_label,
                    f,
                    9,
                    fill=BLUE,
                    line=None,
                    color=WHITE,
                    bold=True,
                )
                top += 10
            height = add_table(s, block.table, f, 10, top)
            width = max(width, sum(block.table.widths))
            top += height + 6
        x = 10 + width + 4
        for i, text in enumerate(page.callouts):
            dxb.add_box(
                s,
                MSO_SHAPE.ROUNDED_RECTANGULAR_CALLOUT,
                x,
                40 + i * 26,
                pw - x - 6,
                19,
                text,
                f,
                7.5,
                fill="FFF2CC",
                line="D6A21E",
                align=PP_ALIGN.CENTER,
            )
        if page.legend:
            dxb.add_box(
                s,
                MSO_SHAPE.RECTANGLE,
                pw - 100,
                ph - 33,
                92,
                18,
                "\n".join(dxb.LEGEND),
                f,
                7,
                fill="F2F2F2",
                line="7F7F7F",
            )
    prs.save(str(path))
