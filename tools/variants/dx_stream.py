"""Build DX decks whose tables have no vertical rules (tests/stream/), for the
stream-table reader (src/dxparse/parsers/dx/stream.py).

Four table styles a Word or PowerPoint user picks, printed by python-pptx and
exported by LibreOffice as the generated corpus is (tools/generate/): rows
ruled with horizontal lines only (`hlines`, the generator's style), bands
drawn as one rectangle behind every other row with no cell fill and no rule
(`rowbands`: the lattice finder sees one wide cell per band), and text only
with no rule or fill at all (`plain`, cells top-anchored). The data is
written here (figures only with units the parser knows); the expected
records come from the same `Deck` (tools/generate/dx_doc.py `expected`).
`s4_plain_merged` prints a 施策 merged over several rows, centred, with no
rule: no reader can tell its rows apart, so its expected outcome is an error
(the test says which), not the records.

    .venv/bin/python tools/variants/dx_stream.py     # needs soffice and python-pptx

Outputs: tests/stream/<name>.pdf and <name>.json.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import tempfile
from typing import Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Mm
from tools.generate import check, corpus, dx_doc, render_dx
from tools.generate.dx_doc import Block, Deck, Fig, Page, Row, Table, printed
from tools.variants import soffice
from tools.variants.dx import build as dxb

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "stream"


def _rows(*specs: tuple[str, str | None, str, tuple[Any, ...] | None, str | None]) -> list[Row]:
    return [
        Row(measure, item, status, detail, outlook, measure)
        for measure, item, status, detail, outlook in specs
    ]


ROWS_A = _rows(
    (
        "電子申請サービスの拡充",
        "オンライン申請の拡大",
        "提供中",
        ("対象手続を見直した。", Fig("累計1,250件", 1250, "件"), "を受け付けた。"),
        "拡大",
    ),
    (
        "電子申請サービスの拡充",
        "児童手当の電子申請",
        "実行中",
        ("操作研修を実施した。",),
        "維持",
    ),
    (
        "電子申請サービスの拡充",
        "転出届のオンライン提出",
        "準備中",
        ("関係部署と連携して周知を強化した。",),
        "令和7年度開始",
    ),
    (
        "窓口のデジタル化",
        "書かない窓口",
        "提供中",
        (Fig("参加者は56人", 56, "人"), "。利用者の声を踏まえて画面を改善した。"),
        "拡大",
    ),
)
ROWS_B = _rows(
    ("キャッシュレス決済", None, "提供中", ("庁内の推進体制を整えた。",), "継続"),
    (
        "キャッシュレス決済",
        None,
        "検討中",
        ("先行自治体の事例を調査している。", Fig("説明会を3回", 3, "回"), "開催した。"),
        "時期を見定めて実行",
    ),
    ("テレワークの推進", None, "終了", None, "終了"),
)
ROWS_C = _rows(
    (
        "GIGAスクール構想",
        "タブレット端末の配備",
        "提供中",
        (Fig("市内の小学校12校", 12, "校"), "に配備した。"),
        "維持",
    ),
    ("GIGAスクール構想", "オンライン授業", "実行中", ("操作研修を実施した。",), "拡大"),
    (
        "電子図書館",
        "ウェブ会議システム",
        "休止",
        ("利用が少ない施設は運用を見直す。",),
        "需要に合わせて縮小",
    ),
)


def _table(
    rows: list[Row],
    style: str,
    columns: tuple[str, ...],
    widths: tuple[float, ...],
    labels: tuple[str, ...],
    measure_cells: str,
    font: str,
    size: float,
) -> Table:
    lay = dx_doc._Layout(columns, widths, labels, style, measure_cells)
    return dx_doc._table(rows, lay, True, font, size)


def decks() -> list[Deck]:
    out = []
    font, size = "IPAexGothic", 9.0
    five = ("measure", "item", "status", "detail", "outlook")
    four = ("measure", "status", "detail", "outlook")
    a = _table(
        ROWS_A,
        "hlines",
        five,
        (48.0, 50.0, 22.0, 110.0, 32.0),
        ("施策", "施策の内容", "進捗状況", "詳細", "今後の\n展開"),
        "merge",
        font,
        size,
    )
    b = _table(
        ROWS_B,
        "hlines",
        four,
        (60.0, 24.0, 140.0, 40.0),
        ("施策", "進捗", "概要", "今後の方向性"),
        "repeat",
        font,
        size,
    )
    out.append(
        _deck(
            "s1_hlines",
            font,
            [
                Page(
                    "「行政のデジタル化」の実現に向けた進捗状況",
                    "行政のデジタル化",
                    "above",
                    (Block("手続きのオンライン化", "手続きのオンライン化", a),),
                    legend=True,
                ),
                Page(
                    "「暮らしのデジタル化」の進捗状況",
                    "暮らしのデジタル化",
                    "above",
                    (
                        Block("キャッシュレスの推進", "キャッシュレスの推進", b),
                        Block(
                            "多様な働き方",
                            "多様な働き方",
                            _table(
                                ROWS_B[2:],
                                "hlines",
                                four,
                                (60.0, 24.0, 140.0, 40.0),
                                ("施策", "進捗", "概要", "今後の方向性"),
                                "repeat",
                                font,
                                size,
                            ),
                        ),
                    ),
                    callouts=(),
                ),
            ],
        )
    )
    font, size = "IPAexMincho", 8.0
    order = ("measure", "detail", "item", "status", "outlook")
    c = _table(
        ROWS_A,
        "rowbands",
        order,
        (36.0, 78.0, 34.0, 20.0, 22.0),
        ("取組", "詳細", "取組の内容", "進捗状況", "今後の方針"),
        "repeat",
        font,
        size,
    )
    d = _table(
        ROWS_C,
        "rowbands",
        five,
        (36.0, 36.0, 20.0, 76.0, 22.0),
        ("施策名", "施策内容", "進捗状況", "詳細", "今後の展開"),
        "blank",
        font,
        size,
    )
    out.append(
        _deck(
            "s2_row_bands",
            font,
            [
                Page(
                    "「つながる市役所」の進捗状況",
                    "つながる市役所",
                    "box",
                    (Block("行かなくてよい市役所", "行かなくてよい市役所", c),),
                ),
                Page(
                    "「学びのデジタル化」に向けた取組の進捗状況",
                    "学びのデジタル化",
                    "above",
                    (Block("学びのデジタル化", "学びのデジタル化", d),),
                    legend=True,
                ),
            ],
            portrait=True,
        )
    )
    font, size = "Noto Sans CJK JP", 9.0
    e = _table(
        ROWS_A,
        "plain",
        five,
        (48.0, 50.0, 22.0, 110.0, 32.0),
        ("施策", "施策の内容", "進捗状況", "詳細", "今後の展開"),
        "repeat",
        font,
        size,
    )
    f = _table(
        ROWS_C,
        "plain",
        five,
        (24.0, 50.0, 22.0, 70.0, 32.0),
        ("施策", "施策の内容", "進捗状況", "詳細", "今後の展開"),
        "blank",
        font,
        size,
    )
    out.append(
        _deck(
            "s3_plain",
            font,
            [
                Page(
                    "「行政のデジタル化」の進捗状況",
                    "行政のデジタル化",
                    "above",
                    (Block("手続きのオンライン化", "手続きのオンライン化", e),),
                ),
                Page(
                    "「学びのデジタル化」の進捗状況",
                    "学びのデジタル化",
                    "above",
                    (Block("学びのデジタル化", "学びのデジタル化", f),),
                ),
            ],
        )
    )
    g = _table(
        ROWS_A,
        "plain-middle",
        five,
        (48.0, 50.0, 22.0, 110.0, 32.0),
        ("施策", "施策の内容", "進捗状況", "詳細", "今後の展開"),
        "merge",
        font,
        size,
    )
    out.append(
        _deck(
            "s4_plain_merged",
            font,
            [
                Page(
                    "「行政のデジタル化」の進捗状況",
                    "行政のデジタル化",
                    "above",
                    (Block("手続きのオンライン化", "手続きのオンライン化", g),),
                ),
            ],
        )
    )
    return out


def _deck(name: str, font: str, pages: list[Page], portrait: bool = False) -> Deck:
    return Deck(
        name=name,
        seed=0,
        municipality="架空市",
        municipality_code=None,
        publisher="架空市企画部DX推進課",
        fiscal_year=2024,
        title="2024年度進捗報告",
        issued=(2025, 6),
        issued_text="2025.6",
        font=font,
        portrait=portrait,
        running_header=None,
        footer="dash",
        pages=tuple(pages),
    )


# --- drawing -------------------------------------------------------------------

_generator_add_table = render_dx.add_table


def _bare(cell: Any, anchor: Any) -> None:
    """No border, no fill."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for child in list(tc_pr):
        tc_pr.remove(child)
    for tag in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        ln = etree.SubElement(tc_pr, qn(tag), w="0")
        etree.SubElement(ln, qn("a:noFill"))
    etree.SubElement(tc_pr, qn("a:noFill"))
    cell.margin_left = cell.margin_right = Mm(1.2)
    cell.margin_top = cell.margin_bottom = Mm(0.8)
    cell.vertical_anchor = anchor


def add_table(slide: Any, t: Table, font: str, left: float, top: float) -> float:
    if t.style in ("ruled", "hlines", "banded"):
        return _generator_add_table(slide, t, font, left, top)
    width = sum(t.widths)
    header_color = "000000"
    if t.style == "rowbands":
        # One rectangle per band, behind the table: the header and every other row.
        y = top
        for i, h in enumerate(t.heights):
            if i == 0 or i % 2 == 0:
                fill = dxb.BLUE if i == 0 else dxb.BANDS[0]
                dxb.add_box(
                    slide, MSO_SHAPE.RECTANGLE, left, y, width, h, "", font, 6, fill=fill, line=None
                )
            y += h
        header_color = dxb.WHITE
    n = len(t.rows) + 1
    frame = slide.shapes.add_table(
        n, len(t.columns), Mm(left), Mm(top), Mm(width), Mm(sum(t.heights))
    )
    table = frame.table
    table.first_row = False
    table.horz_banding = False
    anchor = MSO_ANCHOR.TOP if t.style == "plain" else MSO_ANCHOR.MIDDLE
    for j, w in enumerate(t.widths):
        table.columns[j].width = Mm(w)
    for i, h in enumerate(t.heights):
        table.rows[i].height = Mm(h)
        for j in range(len(t.columns)):
            _bare(table.cell(i, j), anchor)
    for j, text in enumerate(t.labels):
        dxb.write_text(
            table.cell(0, j).text_frame,
            text,
            font,
            t.font_size,
            align=PP_ALIGN.CENTER,
            bold=True,
            color=header_color,
        )
    col = {k: j for j, k in enumerate(t.columns)}
    if t.measure_cells == "merge":
        start = 0
        for i in range(1, len(t.rows) + 1):
            if i == len(t.rows) or t.rows[i].measure is not None:
                if i - start > 1:
                    table.cell(1 + start, col["measure"]).merge(table.cell(i, col["measure"]))
                start = i
    for i, r in enumerate(t.rows):
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
                table.cell(1 + i, j).text_frame, text or "", font, t.font_size, align=align
            )
    return sum(t.heights)


def main() -> int:
    render_dx.add_table = add_table
    OUT.mkdir(parents=True, exist_ok=True)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for deck in decks():
            src = Path(tmp) / f"{deck.name}.pptx"
            render_dx.build_pptx(deck, src)
            pdf = soffice.to_pdf(src, Path(tmp), "dxparse-stream-build")
            target = OUT / f"{deck.name}.pdf"
            target.write_bytes(pdf.read_bytes())
            data = dx_doc.expected(deck)
            (OUT / f"{deck.name}.json").write_text(corpus.dumps(data), "utf-8")
            problems += [f"{deck.name}: {p}" for p in check.check(target, data)]
    print("\n".join(problems) or "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
