"""Build DX progress report variants (PDF) with their expected records (JSON).

Each variant is a slide deck such as cities publish (cover page, then pages
with a heading 「…」の実現に向けた進捗状況, a sub-theme label and a ruled
table 施策 / 施策の内容 / 進捗状況 / 詳細 / 今後の展開), written with python-pptx
and exported to PDF by LibreOffice, the way the real sample was made.

The data below is the only source of truth: the same objects are printed
into the deck and turned into the expected rows, so the two cannot drift.
Printed text is written as a city would print it (full-width digits and
Latin letters, `，`, half-width katakana ...); the expected values are the
contract's normalised form (NFKC, wrapped lines joined).

Usage (LibreOffice and python-pptx needed; the outputs are committed, so the
tests need neither):

    .venv/bin/python tools/variants/dx/build.py            # all variants
    .venv/bin/python tools/variants/dx/build.py v2_columns  # some

Outputs: tests/variants/dx/<name>.pdf, tests/variants/dx/<name>.json and
tests/variants/other/not_a_report.pdf (+ .json with the expected kind).
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))
import csv
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import soffice
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Mm, Pt

ROOT = Path(__file__).resolve().parents[3]
OUT_DX = ROOT / "tests" / "variants" / "dx"
OUT_OTHER = ROOT / "tests" / "variants" / "other"
CODES = ROOT / "src" / "dxparse" / "data" / "municipality_codes.csv"

BLUE = "1F5FA8"
HEADER_FILL = "D6E0F0"
WHITE = "FFFFFF"
BANDS = ("DCE6F2", "EEF3FA")  # body row fills of the "filled" table style

# ---------------------------------------------------------------------------
# Data model
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class M:
    """A figure printed inside a 詳細 cell (one dx_metrics row)."""

    text: str  # the clause as printed
    value: int | float
    unit: str
    approx: bool = False
    fiscal_year: int | None = None
    as_of: str | None = None  # ISO date


class NotFigure(str):
    """Printed detail text whose numbers are not figures a parser may
    publish (a rate's denominator `1件あたり`, a bound `９割以上`, a ratio, a
    word that starts with a unit `３課題`, `２４時間３６５日`)."""


Piece = str | M


@dataclass(frozen=True)
class Row:
    """One table row. measure=None: inside the merged 施策 cell above."""

    measure: str | None
    item: str | None
    status: str | None
    detail: tuple[Piece, ...] | None
    outlook: str | None
    group: str | None = None  # sub-group cell between 施策 and 施策の内容


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]  # keys of LABELS, in printed order
    widths: tuple[float, ...]  # mm, same order
    rows: tuple[Row, ...]
    header: bool = True
    font_size: float = 9.0
    detail_align_left: bool = True
    # Header text per column key where a city prints another label than
    # LABELS (a synonym, or a label broken over two lines with \n).
    labels: tuple[tuple[str, str], ...] = ()
    # "ruled": black cell borders (the sample); "filled": no border lines at
    # all, a dark header fill and banded body rows (a PowerPoint table style).
    style: str = "ruled"


@dataclass(frozen=True)
class Slide:
    pillar: str
    heading_suffix: str  # printed after 「pillar」
    theme: str | None
    table: Table | None = None
    theme_below_table: bool = False
    callouts: tuple[str, ...] = ()
    legend: tuple[str, ...] = ()
    body: tuple[str, ...] = ()  # free text page (e.g. a message), no table
    body_heading: str | None = None
    # further (theme label, table) pairs stacked under the first table
    more: tuple[tuple[str | None, Table], ...] = ()


@dataclass(frozen=True)
class Variant:
    name: str
    exercises: str
    municipality: str
    publisher: str  # printed
    fiscal_year: int
    title_style: str  # "western" | "western_zen" | "reiwa_zen"
    issued: tuple[int, int]
    issued_style: str  # "dot" | "dot_zen" | "reiwa_zen"
    font: str
    portrait: bool
    slides: tuple[Slide, ...]
    cover_note: tuple[str, ...] = (
        "「デジタル・トランスフォーメーション Digital Transformation」の略称。",
        "デジタル技術を日常のなかに浸透させることにより，",
        "人々の生活をあらゆる面でより良い方向に変化させること。",
    )
    heading_size: float = 16.0
    extra: dict[str, Any] = field(default_factory=dict)


LABELS = {
    "measure": "施策",
    "group": "",  # never printed in the header: 施策の内容 spans group + item
    "item": "施策の内容",
    "status": "進捗状況",
    "detail": "詳細",
    "outlook": "今後の展開",
}

LEGEND = (
    "「今後の展開」について",
    "拡大〜事業範囲，サービス対象等を拡大するもの",
    "維持〜事業を継続しつつ利活用を促進するもの",
    "縮小〜需要に合わせて事業規模を縮小するもの",
)

# ---------------------------------------------------------------------------
# Printing helpers: full-width forms as cities print them
# ---------------------------------------------------------------------------

_ZEN = str.maketrans("0123456789.", "０１２３４５６７８９．")


def zen(text: str) -> str:
    return text.translate(_ZEN)


def title_text(v: Variant) -> str:
    if v.title_style == "western":
        return f"{v.fiscal_year}年度進捗報告"
    if v.title_style == "western_zen":
        return zen(f"{v.fiscal_year}") + "年度進捗報告"
    if v.title_style == "reiwa_zen":
        return "令和" + zen(str(v.fiscal_year - 2018)) + "年度進捗報告"
    raise ValueError(v.title_style)


def issued_text(v: Variant) -> str:
    y, m = v.issued
    if v.issued_style == "dot":
        return f"{y}.{m}"
    if v.issued_style == "dot_zen":
        return zen(f"{y}.{m}")
    if v.issued_style == "reiwa_zen":
        return "令和" + zen(str(y - 2018)) + "年" + zen(str(m)) + "月"
    raise ValueError(v.issued_style)


def heading_text(s: Slide) -> str:
    return f"「{s.pillar}」{s.heading_suffix}"


def printed(pieces: Sequence[Piece] | None) -> str:
    if not pieces:
        return ""
    return "".join(p if isinstance(p, str) else p.text for p in pieces)


# ---------------------------------------------------------------------------
# Normalisation of the expected values (the contract's rules, written here
# independently of dxparse so the expectations do not borrow the parser's code)
# ---------------------------------------------------------------------------

_LATIN = re.compile(r"[A-Za-z]")


# What NFKC leaves of the radicals PDFs emit for ideographs (CJK Radicals
# Supplement); Kangxi radicals (U+2F00..) NFKC maps itself. Only the ones used.
_SUPPLEMENT = str.maketrans({"\u2ea0": "民", "\u2ed1": "長"})


def norm_line(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_SUPPLEMENT)
    return re.sub(r"\s+", " ", text).strip()


def norm_cell(text: str | None) -> str | None:
    """A cell's printed text (paragraphs split by \\n) as the contract wants it."""
    if text is None:
        return None
    out = ""
    for raw in text.split("\n"):
        line = norm_line(raw)
        if not line:
            continue
        if out and _LATIN.match(out[-1]) and _LATIN.match(line[0]):
            out += " "
        out += line
    return out or None


_OUTLOOKS = {
    "拡大": "拡大",
    "維持": "維持",
    "需要に合わせて縮小": "縮小",
    "縮小": "縮小",
    "終了": "終了",
    "時期を見定めて実行": "実行",
}


def outlook_fields(printed_outlook: str | None) -> tuple[str | None, str | None, int | None]:
    outlook = norm_cell(printed_outlook)
    if outlook is None:
        return None, None, None
    m = re.fullmatch(r"令和(\d+|元)年度開始", outlook)
    if m:
        n = 1 if m.group(1) == "元" else int(m.group(1))
        return outlook, "開始", 2018 + n
    return outlook, _OUTLOOKS[outlook], None


def municipality_code(name: str) -> str | None:
    lines = [ln for ln in CODES.read_text("utf-8").splitlines() if not ln.startswith("#")]
    return {r["name"]: r["code"] for r in csv.DictReader(lines)}.get(name)


# ---------------------------------------------------------------------------
# The variants
# ---------------------------------------------------------------------------

STD5 = ("measure", "item", "status", "detail", "outlook")
STD6 = ("measure", "group", "item", "status", "detail", "outlook")

V1 = Variant(
    name="v1_portrait_mincho",
    exercises=(
        "portrait A4 pages, IPAex明朝 (Mincho), other city (流山市, in the code table) "
        "and year (2023年度進捗報告, 2024.6), other pillar names, theme label above the "
        "table, 令和6年度開始, 需要に合わせて縮小, as_of dates and approx figures"
    ),
    municipality="流山市",
    publisher="流山市総合政策部デジタル推進課",
    fiscal_year=2023,
    title_style="western",
    issued=(2024, 6),
    issued_style="dot",
    font="IPAexMincho",
    portrait=True,
    heading_size=14.0,
    slides=(
        Slide(
            pillar="暮らしのデジタル化",
            heading_suffix="の実現に向けた進捗状況",
            theme="手続きのオンライン化",
            table=Table(
                columns=STD5,
                widths=(34, 34, 17, 76, 23),
                font_size=9.0,
                rows=(
                    Row(
                        "電子申請サービスの拡充",
                        "オンライン申請の拡大",
                        "提供中",
                        (
                            "子育て・介護分野を中心に，",
                            M("約１２０件の手続きをオンライン化", 120, "件", approx=True),
                            "。",
                            M(
                                "令和５年度中の総受付件数は１８，４５２件",
                                18452,
                                "件",
                                fiscal_year=2023,
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "電子納付（スマホ決済）",
                        "提供中",
                        (
                            "市県民税や保育料の納付に対応。",
                            M(
                                "令和５年度中の利用件数は９，８７６件",
                                9876,
                                "件",
                                fiscal_year=2023,
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        "窓口のデジタル化",
                        "書かない窓口",
                        "準備中",
                        ("令和６年度中に市民課窓口へ導入予定。",),
                        "令和６年度開始",
                    ),
                    Row(
                        None,
                        "窓口予約システム",
                        "検討中",
                        ("先行自治体の事例を調査中。",),
                        "時期を見定めて実行",
                    ),
                    Row(
                        "マイナンバーカードの利活用",
                        "コンビニ交付",
                        "提供中",
                        (
                            M(
                                "令和６年３月３１日時点の交付枚数率は７２．４％",
                                72.4,
                                "%",
                                as_of="2024-03-31",
                            ),
                            "。",
                            M("住民票の写し等の約３８％がコンビニで交付", 38, "%", approx=True),
                            "。",
                        ),
                        "維持",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="行政のデジタル化",
            heading_suffix="の実現に向けた進捗状況",
            theme="多様な働き方",
            table=Table(
                columns=STD5,
                widths=(34, 34, 17, 76, 23),
                font_size=9.0,
                rows=(
                    Row(
                        "テレワークの推進",
                        "テレワーク端末の貸出",
                        "実行中",
                        (
                            M("貸出用端末を１５０台に増設", 150, "台"),
                            "。",
                            M(
                                "令和５年度中の延べ利用者数は２，３１０名",
                                2310,
                                "名",
                                fiscal_year=2023,
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "サテライトオフィス",
                        "実行中",
                        ("利用が少ないため，令和６年度から設置場所を本庁舎内に集約する。",),
                        "需要に合わせて縮小",
                    ),
                    Row(
                        "ペーパーレス化",
                        "会議資料のペーパーレス化",
                        "実行中",
                        (
                            "タブレット端末を全部署に配備し，",
                            M("紙の使用量を前年度比１８％削減", 18, "%"),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        None,
                        "電子決裁",
                        "実行中",
                        (
                            M(
                                "令和６年３月３１日時点の電子決裁率は８５．２％",
                                85.2,
                                "%",
                                as_of="2024-03-31",
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        "生成AIの活用",
                        "文章作成支援",
                        "検討中",
                        (M("職員向けの試行利用を４部署で実施", 4, "部署"), "。"),
                        "時期を見定めて実行",
                    ),
                ),
            ),
        ),
    ),
)

V2 = Variant(
    name="v2_columns",
    exercises=(
        "other column order 施策 / 施策の内容 / 詳細 / 進捗状況 / 今後の展開 and other "
        "widths (narrow 詳細), details wrapping to six lines, a 施策 cell spanning "
        "施策+施策の内容 (item null), 令和5年度開始, IPAexGothic, 架空市 (not in the code table)"
    ),
    municipality="架空市",
    publisher="架空市経営企画部デジタル戦略課",
    fiscal_year=2022,
    title_style="western",
    issued=(2023, 8),
    issued_style="dot",
    font="IPAexGothic",
    portrait=False,
    slides=(
        Slide(
            pillar="市民サービスの向上",
            heading_suffix="の実現に向けた進捗状況",
            theme="行政手続のオンライン化",
            table=Table(
                columns=("measure", "item", "detail", "status", "outlook"),
                widths=(56, 52, 84, 34, 40),
                font_size=9.0,
                rows=(
                    Row(
                        "オンライン手続の拡充",
                        "子育て関連手続",
                        "提供中",
                        (
                            "児童手当の現況届や保育所の入所申込など，子育て関連の手続きを中心"
                            "にオンライン化を進めた。",
                            M(
                                "令和４年度中のオンライン申請件数は３，４５６件",
                                3456,
                                "件",
                                fiscal_year=2022,
                            ),
                            "で，",
                            M("前年度の約２．１倍", 2.1, "倍", approx=True),
                            "となった。令和５年度は妊娠届出や出産・子育て応援給付金の申請も"
                            "オンライン化し，窓口に来なくても手続きが完了する環境を整える。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "施設予約システム",
                        "提供中",
                        (
                            "公共施設の予約をスマートフォンから行えるシステムを導入し，令和４年"
                            "１０月から運用を開始した。対象は体育館や公民館など",
                            M("４２施設", 42, "施設"),
                            "で，",
                            M(
                                "令和４年度中の予約件数は１２，０８０件",
                                12080,
                                "件",
                                fiscal_year=2022,
                            ),
                            "。抽選申込もオンラインで受け付けており，窓口での抽選会は廃止し"
                            "た。今後は使用料の支払いのキャッシュレス化を進める。",
                        ),
                        "維持",
                    ),
                    Row(
                        "窓口のキャッシュレス化",
                        None,
                        "準備中",
                        (
                            "証明書の発行手数料や施設使用料の支払いに，クレジットカードや電子"
                            "マネー，QRコード決済を利用できるよう準備を進めた。",
                            M("本庁舎と支所の計８ヶ所の窓口", 8, "ヶ所"),
                            "に決済端末を設置し，令和５年７月から順次利用を開始する。利用状況"
                            "を見ながら，出張所や図書館など他の施設への展開を検討する。",
                        ),
                        "令和５年度開始",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="行政のデジタル化",
            heading_suffix="の実現に向けた進捗状況",
            theme="業務の効率化",
            table=Table(
                columns=("measure", "item", "detail", "status", "outlook"),
                widths=(56, 52, 84, 34, 40),
                font_size=9.0,
                rows=(
                    Row(
                        "業務の自動化",
                        "RPAの導入",
                        "実行中",
                        (
                            "税務や福祉の定型的なデータ入力作業にRPAを導入した。",
                            M("令和４年度は新たに２４業務", 24, "業務", fiscal_year=2022),
                            "に適用し，",
                            M("年間約３，２００時間の作業時間を削減", 3200, "時間", approx=True),
                            "した。職員が自らシナリオを作成できるよう研修を行い，導入のた"
                            "めの相談窓口を設けた。今後は対象業務を全庁に広げる。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "AI-OCRの導入",
                        "検討中",
                        (
                            "手書きの申請書をデータ化するAI-OCRについて，読取精度と費用対効果"
                            "を検証した。現在の様式では読取精度が十分でないため，様式の見直し"
                            "と合わせて導入時期を判断する。先行自治体の事例も参考に，共同利用"
                            "の可能性を含めて検討を続ける。",
                        ),
                        "時期を見定めて実行",
                    ),
                    Row(
                        "会議のオンライン化",
                        "Web会議システム",
                        "提供中",
                        (
                            "全部署でWeb会議を開催できる環境を整えた。",
                            M(
                                "令和４年度中の開催回数は１，５４０回",
                                1540,
                                "回",
                                fiscal_year=2022,
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                ),
            ),
        ),
    ),
)

V3 = Variant(
    name="v3_no_item_column",
    exercises=(
        "no 施策の内容 column (施策 / 進捗状況 / 詳細 / 今後の展開, item null), a 施策 cell "
        "merged over four rows, an empty 詳細 and an empty 今後の展開, status 終了, a town "
        "(さくら野町), 令和 title and date on the cover (令和５年度進捗報告, 令和６年５月), "
        "theme label below the table as in the sample"
    ),
    municipality="さくら野町",
    publisher="さくら野町総務課DX推進室",
    fiscal_year=2023,
    title_style="reiwa_zen",
    issued=(2024, 5),
    issued_style="reiwa_zen",
    font="IPAexGothic",
    portrait=False,
    slides=(
        Slide(
            pillar="便利な町役場",
            heading_suffix="の実現に向けた進捗状況",
            theme="窓口サービスの向上",
            theme_below_table=True,
            table=Table(
                columns=("measure", "status", "detail", "outlook"),
                widths=(60, 26, 150, 34),
                rows=(
                    Row(
                        "窓口のスマート化",
                        None,
                        "提供中",
                        (
                            "令和５年１０月から町民課窓口でキャッシュレス決済を開始。",
                            M(
                                "令和５年度中の利用件数は１，２０４件",
                                1204,
                                "件",
                                fiscal_year=2023,
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        None,
                        None,
                        "準備中",
                        ("申請書の記入を不要にする書かない窓口システムを令和６年度中に導入予定。",),
                        "令和６年度開始",
                    ),
                    Row(
                        None,
                        None,
                        "検討中",
                        ("窓口の予約制について，近隣自治体の状況を調査。",),
                        "時期を見定めて実行",
                    ),
                    Row(
                        None,
                        None,
                        "終了",
                        ("番号札発券機の更新は，窓口予約の導入に合わせて見送り。",),
                        "終了",
                    ),
                    Row(
                        "公共施設Wi-Fiの整備",
                        None,
                        "提供中",
                        (M("役場庁舎と公民館など５施設で提供", 5, "施設"), "。"),
                        "拡大",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="つながる町役場",
            heading_suffix="の実現に向けた進捗状況",
            theme="情報発信",
            theme_below_table=True,
            table=Table(
                columns=("measure", "status", "detail", "outlook"),
                widths=(60, 26, 150, 34),
                rows=(
                    Row("町公式アプリの配信", None, "準備中", None, "令和６年度開始"),
                    Row(
                        "防災情報のメール配信",
                        None,
                        "提供中",
                        (
                            M(
                                "令和６年３月３１日時点の登録者数は２，８４０名",
                                2840,
                                "名",
                                as_of="2024-03-31",
                            ),
                            "。",
                        ),
                        None,
                    ),
                    Row(
                        "スマートフォン教室",
                        None,
                        "実行中",
                        (
                            M("町民向けのスマホ教室を１２講座開催", 12, "講座"),
                            "し，",
                            M("延べ１５６名が参加", 156, "名"),
                            "。",
                        ),
                        "拡大",
                    ),
                ),
            ),
        ),
    ),
)

_V4_COLS = STD6
_V4_WIDTHS = (46, 18, 44, 22, 118, 30)

V4 = Variant(
    name="v4_continuation",
    exercises=(
        "a table continued on the next page without a header row (same heading "
        "with （続き）), a sub-group cell (item_group) merged over two rows between 施策 and "
        "施策の内容, a 施策 cell spanning 施策+施策の内容, a second pillar ending "
        "…進捗状況と推進体制, 北総市, 2024年度進捗報告 / 2025.5, four pages"
    ),
    municipality="北総市",
    publisher="北総市総務部情報政策課",
    fiscal_year=2024,
    title_style="western",
    issued=(2025, 5),
    issued_style="dot",
    font="IPAexGothic",
    portrait=False,
    slides=(
        Slide(
            pillar="スマート市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme="オンラインでつながる市役所",
            table=Table(
                columns=_V4_COLS,
                widths=_V4_WIDTHS,
                rows=(
                    Row(
                        "行政手続のオンライン化",
                        "オンライン申請の拡大",
                        "提供中",
                        (
                            M("電子申請システムで約４２０件の手続きを受付", 420, "件", approx=True),
                            "。",
                            M(
                                "令和６年度中の総受付件数は５２，３１０件",
                                52310,
                                "件",
                                fiscal_year=2024,
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "転出届のオンライン提出",
                        "提供中",
                        (
                            M(
                                "令和６年度中の受付件数は２，１０５件",
                                2105,
                                "件",
                                fiscal_year=2024,
                            ),
                            "。",
                        ),
                        "維持",
                        group="マイナンバーカードを活用した手続",
                    ),
                    Row(
                        None,
                        "子育て関連の電子申請",
                        "提供中",
                        (M("児童手当など１５手続きで受付", 15, "手続き"), "。"),
                        "維持",
                        group="マイナンバーカードを活用した手続",
                    ),
                    Row(
                        "窓口のキャッシュレス化",
                        "証明書等の手数料",
                        "提供中",
                        (M("本庁舎と支所の２０ヶ所の窓口で利用可能", 20, "ヶ所"), "。"),
                        "維持",
                    ),
                    Row(
                        None,
                        "施設使用料",
                        "準備中",
                        ("令和７年度中に体育施設から導入予定。",),
                        "令和７年度開始",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="スマート市役所",
            heading_suffix="の実現に向けた進捗状況（続き）",
            theme="オンラインでつながる市役所",
            table=Table(
                columns=_V4_COLS,
                widths=_V4_WIDTHS,
                header=False,
                rows=(
                    Row(
                        "相談のオンライン化",
                        "ビデオ通話相談",
                        "提供中",
                        (
                            M("福祉・子育て分野の８拠点で提供", 8, "拠点"),
                            "。",
                            M(
                                "令和６年度中の利用件数は４８件",
                                48,
                                "件",
                                fiscal_year=2024,
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "AIチャットボット",
                        "終了",
                        (
                            "問合せの内容が多岐にわたり回答精度が上がらないため，令和６年度末で提供を終了。",
                        ),
                        "終了",
                    ),
                    Row(
                        "電子図書館",
                        None,
                        "提供中",
                        (
                            M(
                                "令和６年度中の貸出回数は１０，４２１回",
                                10421,
                                "回",
                                fiscal_year=2024,
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="業務改革",
            heading_suffix="の実現に向けた進捗状況と推進体制",
            theme="庁内推進体制",
            table=Table(
                columns=_V4_COLS,
                widths=_V4_WIDTHS,
                rows=(
                    Row(
                        "DX人材の育成",
                        "DX研修",
                        "実行中",
                        (
                            M("全職員向けの研修を６回開催", 6, "回"),
                            "し，",
                            M("延べ４８０名が受講", 480, "名"),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        None,
                        "DX推進リーダーの配置",
                        "実行中",
                        (M("各部署に推進リーダーを計３２名配置", 32, "名"), "。"),
                        "拡大",
                    ),
                ),
            ),
        ),
    ),
)

V5 = Variant(
    name="v5_fullwidth_callouts",
    exercises=(
        "full-width Latin (ＬＩＮＥ, ＡＩ－ＯＣＲ, ＲＰＡ, Ｗｉ－Ｆｉ) and half-width katakana "
        "(ｺﾝﾋﾞﾆ交付, ﾌﾘｰﾜｲﾌｧｲ) that normalise to LINE, AI-OCR, コンビニ交付 ...; Noto Sans CJK JP; "
        "full-width cover (２０２３年度進捗報告, ２０２４．７); a message page with no table; "
        "speech-bubble callouts and a 「今後の展開」について legend outside the table "
        "that must not become rows"
    ),
    municipality="葛南市",
    publisher="葛南市デジタル推進部ＤＸ推進課",
    fiscal_year=2023,
    title_style="western_zen",
    issued=(2024, 7),
    issued_style="dot_zen",
    font="Noto Sans CJK JP",
    portrait=False,
    slides=(
        Slide(
            pillar="",
            heading_suffix="",
            theme=None,
            body_heading="市⻑メッセージ",
            body=(
                "令和５年度は，ＬＩＮＥを活用した行政手続きの受付を始めるなど，",
                "市民の皆様がふだん使い慣れているサービスでつながる市役所を目指してきました。",
                "令和６年度は，ＡＩ－ＯＣＲやＲＰＡの活用を広げ，職員が市民の皆様と向き合う",
                "時間を生み出すとともに，公共施設のﾌﾘｰﾜｲﾌｧｲの整備を進めます。",
            ),
        ),
        Slide(
            pillar="つながる市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme="ＳＮＳでつながる市役所",
            theme_below_table=True,
            callouts=(
                "ＬＩＮＥで\nいつでも申請できるね",
                "ﾜｲﾌｧｲ\nＷｉ－Ｆｉで\nどこでもインターネットに接続",
                "近くのｺﾝﾋﾞﾆで\n住民票が取れる",
            ),
            legend=LEGEND,
            table=Table(
                columns=STD5,
                widths=(38, 36, 18, 78, 22),
                rows=(
                    Row(
                        "ＬＩＮＥを活⽤した⾏政サービス",
                        "ＬＩＮＥ公式アカウントでの申請受付",
                        "提供中",
                        (
                            "令和５年６月から",
                            M("住⺠票の写しなど８⼿続きを受付", 8, "手続き"),
                            "。",
                            M(
                                "ＬＩＮＥ友だち登録者数は令和６年３月３１日時点で３５，２１０名",
                                35210,
                                "名",
                                as_of="2024-03-31",
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "ＬＩＮＥでの道路損傷通報",
                        "提供中",
                        (
                            M(
                                "令和５年度中の通報件数は６１２件",
                                612,
                                "件",
                                fiscal_year=2023,
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        "マイナンバーカードの利活⽤",
                        "ｺﾝﾋﾞﾆ交付",
                        "提供中",
                        (
                            M(
                                "令和５年度中の交付件数は４８，９０３件",
                                48903,
                                "件",
                                fiscal_year=2023,
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        "公共施設Ｗｉ－Ｆｉ整備",
                        "近隣センターへの設置",
                        "実行中",
                        (M("近隣センター等２７拠点でﾌﾘｰﾜｲﾌｧｲを提供", 27, "拠点"), "。"),
                        "拡大",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="業務改革・効率化",
            heading_suffix="の実現に向けた進捗状況",
            theme="業務の効率化",
            theme_below_table=True,
            legend=LEGEND,
            table=Table(
                columns=STD5,
                widths=(38, 36, 18, 78, 22),
                rows=(
                    Row(
                        "ＡＩ－ＯＣＲの活用",
                        "申請書のデータ化",
                        "実行中",
                        (
                            M("１２業務で導入", 12, "業務"),
                            "し，",
                            M("年間約１，８００時間の入力作業を削減", 1800, "時間", approx=True),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        "ＲＰＡの活用",
                        "定型業務の自動化",
                        "実行中",
                        (
                            M("令和５年度は新たに９業務に適用", 9, "業務", fiscal_year=2023),
                            "（",
                            M("累計３１業務", 31, "業務"),
                            "）。",
                        ),
                        "拡大",
                    ),
                    Row(
                        "生成ＡＩの活用",
                        "文章作成支援",
                        "検討中",
                        ("全庁での利用に向けてガイドラインを作成中。",),
                        "令和６年度開始",
                    ),
                ),
            ),
        ),
    ),
)

V6 = Variant(
    name="v6_two_tables_no_theme",
    exercises=(
        "two tables on one page, each under its own theme label; a page with no theme "
        "label (theme null); a status outside the known list (一部提供中, kept as printed); "
        "無線ＬＡＮ; 8 pt text; an older year (2021年度進捗報告, 2022.6); みらい台市"
    ),
    municipality="みらい台市",
    publisher="みらい台市政策推進部DX推進課",
    fiscal_year=2021,
    title_style="western",
    issued=(2022, 6),
    issued_style="dot",
    font="IPAexGothic",
    portrait=False,
    slides=(
        Slide(
            pillar="デジタルで便利な暮らし",
            heading_suffix="の実現に向けた進捗状況",
            theme="オンライン手続",
            table=Table(
                columns=STD5,
                widths=(50, 50, 24, 120, 32),
                font_size=8.0,
                rows=(
                    Row(
                        "電子申請の拡充",
                        "申請手続のオンライン化",
                        "提供中",
                        (
                            "国の「ぴったりサービス」を活用し，",
                            M("６３手続きをオンライン化", 63, "手続き"),
                            "。",
                            M(
                                "令和３年度中の受付件数は４，５１２件",
                                4512,
                                "件",
                                fiscal_year=2021,
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "オンライン相談予約",
                        "一部提供中",
                        ("市民課と子育て支援課で先行して提供。",),
                        "拡大",
                    ),
                ),
            ),
            more=(
                (
                    "キャッシュレス",
                    Table(
                        columns=STD5,
                        widths=(50, 50, 24, 120, 32),
                        font_size=8.0,
                        rows=(
                            Row(
                                "キャッシュレス決済",
                                "証明書の発行手数料",
                                "提供中",
                                (
                                    M("市民課など６ヶ所の窓口で導入", 6, "ヶ所"),
                                    "。",
                                    M(
                                        "令和３年度中の決済件数は約２，９００件",
                                        2900,
                                        "件",
                                        approx=True,
                                        fiscal_year=2021,
                                    ),
                                    "。",
                                ),
                                "維持",
                            ),
                            Row(
                                None,
                                "公共施設の使用料",
                                "検討中",
                                ("施設予約システムの更新に合わせて検討。",),
                                "時期を見定めて実行",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Slide(
            pillar="デジタル市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme=None,
            table=Table(
                columns=STD5,
                widths=(50, 50, 24, 120, 32),
                font_size=8.0,
                rows=(
                    Row(
                        "庁内ネットワークの無線化",
                        None,
                        "実行中",
                        (
                            "本庁舎の全フロアに無線ＬＡＮを整備し，",
                            M("無線ＬＡＮ対応のノート型パソコンを１，２００台配備", 1200, "台"),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        "電子決裁の導入",
                        "文書管理システムの更新",
                        "準備中",
                        ("令和４年度からの本格稼働に向けてシステムを構築中。",),
                        "令和４年度開始",
                    ),
                    Row(
                        "ペーパーレス化",
                        "会議のペーパーレス化",
                        "実行中",
                        (
                            M(
                                "令和３年度の紙の購入量は前年度比約１５％減",
                                15,
                                "%",
                                approx=True,
                                fiscal_year=2021,
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                ),
            ),
        ),
    ),
)

V7 = Variant(
    name="v7_rotated_pages",
    exercises=(
        "every page a portrait MediaBox with /Rotate (90 on the cover and the first table "
        "page, 270 on the second) and the landscape slide drawn turned a quarter: by an "
        "exact matrix as a printer driver writes it, and on the last page by pypdf's "
        "Transformation().rotate (cos 90° = 6.1e-17, so ruling ends differ by 1e-14); "
        "霞ヶ丘市 (invented), 令和６年度進捗報告 / 2025.6"
    ),
    municipality="霞ヶ丘市",
    publisher="霞ヶ丘市総務部行政改革推進課",
    fiscal_year=2024,
    title_style="reiwa_zen",
    issued=(2025, 6),
    issued_style="dot",
    font="IPAexGothic",
    portrait=False,
    extra={"rotate": (90, 90, 270), "rotate_by_angle": (False, False, True)},
    slides=(
        Slide(
            pillar="手続きがかんたんな市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme="行政手続のオンライン化",
            table=Table(
                columns=STD5,
                widths=(48, 48, 24, 124, 32),
                rows=(
                    Row(
                        "電子申請の拡充",
                        "申請手続のオンライン化",
                        "提供中",
                        (
                            M("新たに６４手続をオンライン化", 64, "手続"),
                            "し，",
                            M(
                                "令和６年度中のオンライン申請件数は２４，８１０件",
                                24810,
                                "件",
                                fiscal_year=2024,
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "キャッシュレス決済",
                        "提供中",
                        (
                            M("市民課など７か所の窓口で導入", 7, "か所"),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        "窓口のデジタル化",
                        "書かない窓口",
                        "準備中",
                        ("令和７年度中に本庁舎の市民課窓口へ導入予定。",),
                        "令和７年度開始",
                    ),
                    Row(
                        "マイナンバーカードの利活用",
                        "証明書のコンビニ交付",
                        "提供中",
                        (
                            M(
                                "令和７年３月３１日時点の交付率は７８．６％",
                                78.6,
                                "%",
                                as_of="2025-03-31",
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="職員が働きやすい市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme="業務の効率化",
            table=Table(
                columns=STD5,
                widths=(48, 48, 24, 124, 32),
                rows=(
                    Row(
                        "RPAの活用",
                        "定型業務の自動化",
                        "実行中",
                        (
                            M("１８業務にRPAを適用", 18, "業務"),
                            "し，",
                            M("年間約２，４００時間を削減", 2400, "時間", approx=True),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "AI議事録作成",
                        "実行中",
                        (M("令和６年度中の利用は３１２回", 312, "回", fiscal_year=2024), "。"),
                        "維持",
                    ),
                    Row(
                        "テレワークの推進",
                        "サテライトオフィス",
                        "実行中",
                        ("利用が少ないため，設置場所を本庁舎内に集約する。",),
                        "需要に合わせて縮小",
                    ),
                ),
            ),
        ),
    ),
)

V8 = Variant(
    name="v8_filled_cells_synonyms",
    exercises=(
        "a PowerPoint table style with no border lines at all: a dark header fill with "
        "white labels and banded body rows, the grid only where two fills meet; header "
        "labels another city prints: 取組 / 取組内容 / 進捗（two lines）状況 / 詳細 / "
        "今後の（two lines）方向性 on one page, 取組 / 進捗状況 / 概要 / 今後の方針 (no "
        "item column) on the next; 架空市 (invented), 2024年度進捗報告 / 2025.7"
    ),
    municipality="架空市",
    publisher="架空市企画政策部DX推進課",
    fiscal_year=2024,
    title_style="western",
    issued=(2025, 7),
    issued_style="dot",
    font="IPAexGothic",
    portrait=False,
    slides=(
        Slide(
            pillar="市民にやさしいデジタル市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme="いつでもどこでも手続き",
            table=Table(
                columns=STD5,
                widths=(48, 48, 22, 128, 30),
                style="filled",
                labels=(
                    ("measure", "取組"),
                    ("item", "取組内容"),
                    ("status", "進捗\n状況"),
                    ("outlook", "今後の\n方向性"),
                ),
                rows=(
                    Row(
                        "オンライン申請の拡充",
                        "子育て・介護の手続",
                        "提供中",
                        (
                            M(
                                "令和６年度中のオンライン申請件数は６，１２０件",
                                6120,
                                "件",
                                fiscal_year=2024,
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "施設予約",
                        "提供中",
                        (M("体育館など２３施設の予約に対応", 23, "施設"), "。"),
                        "維持",
                    ),
                    Row(
                        "窓口の混雑緩和",
                        "窓口混雑状況の配信",
                        "準備中",
                        ("令和７年度中に配信を開始する予定。",),
                        "令和７年度開始",
                    ),
                    Row(
                        None,
                        "窓口予約",
                        "検討中",
                        ("近隣市の導入事例を調査中。",),
                        "時期を見定めて実行",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="データでつながる市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme="オープンデータの推進",
            table=Table(
                columns=("measure", "status", "detail", "outlook"),
                widths=(64, 26, 150, 36),
                style="filled",
                labels=(("measure", "取組"), ("detail", "概要"), ("outlook", "今後の方針")),
                rows=(
                    Row(
                        "オープンデータの公開",
                        None,
                        "提供中",
                        (M("推奨データセットなど１４２件を公開", 142, "件"), "。"),
                        "拡大",
                    ),
                    Row(
                        "統計データの可視化",
                        None,
                        "実行中",
                        (M("人口統計など８種類のダッシュボードを公開", 8, "種類"), "。"),
                        "維持",
                    ),
                    Row(
                        "紙の統計書",
                        None,
                        "終了",
                        ("冊子の印刷を取りやめ，ウェブ公開に一本化。",),
                        "終了",
                    ),
                ),
            ),
        ),
    ),
)

V9 = Variant(
    name="v9_number_forms",
    exercises=(
        "figures as a town prints them: a 万 figure with digits after the 万 "
        "(年間約１万２，０００件 → 12000, approx), 約１．２万人, negatives with △ and ▲, "
        "full-width digits and commas, one 詳細 with two dated figures (令和５年４月から１２件、"
        "令和６年３月末時点で累計３５件), 末時点 / 月末現在 / 日現在 dates, the unit 手続; "
        "a publisher ending in 係 (みどり野町総務課デジタル推進係, invented), "
        "2024年度進捗報告 / 2025.5"
    ),
    municipality="みどり野町",
    publisher="みどり野町総務課デジタル推進係",
    fiscal_year=2024,
    title_style="western",
    issued=(2025, 5),
    issued_style="dot",
    font="IPAexGothic",
    portrait=False,
    slides=(
        Slide(
            pillar="便利なデジタル役場",
            heading_suffix="の実現に向けた進捗状況",
            theme="手続きのオンライン化",
            table=Table(
                columns=STD5,
                widths=(48, 48, 22, 130, 30),
                rows=(
                    Row(
                        "電子申請の推進",
                        "電子申請システム",
                        "提供中",
                        (
                            "各課の申請書を電子化し，",
                            M(
                                "年間約１万２，０００件の申請をオンライン化",
                                12000,
                                "件",
                                approx=True,
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "粗大ごみの受付",
                        "提供中",
                        (
                            M("令和５年４月から１２件", 12, "件"),
                            "、",
                            M(
                                "令和６年３月末時点で累計３５件",
                                35,
                                "件",
                                as_of="2024-03-31",
                            ),
                            "を受け付けた。",
                        ),
                        "維持",
                    ),
                    Row(
                        "窓口の効率化",
                        "キャッシュレス決済",
                        "提供中",
                        (
                            M(
                                "令和６年度の窓口来庁者数は前年度比△１２％",
                                -12,
                                "%",
                                fiscal_year=2024,
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        None,
                        "申請書の電子化",
                        "実行中",
                        (M("紙の購入量は前年度から▲３，２００枚", -3200, "枚"), "。"),
                        "拡大",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="つながるデジタル役場",
            heading_suffix="の実現に向けた進捗状況",
            theme="情報発信",
            table=Table(
                columns=STD5,
                widths=(48, 48, 22, 130, 30),
                rows=(
                    Row(
                        "町公式LINE",
                        "情報配信",
                        "提供中",
                        (
                            M(
                                "２０２５年３月末現在の登録者数は１２，３４５人",
                                12345,
                                "人",
                                as_of="2025-03-31",
                            ),
                            "で，",
                            # 時点 of the sentence: the share is of the users counted then
                            M("町の人口の約４割", 4, "割", approx=True, as_of="2025-03-31"),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "手続き案内",
                        "提供中",
                        (
                            M(
                                "令和６年４月１日現在で４２手続に対応",
                                42,
                                "手続",
                                as_of="2024-04-01",
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        "町ホームページ",
                        "閲覧数",
                        "提供中",
                        (M("月平均の閲覧数は約１．２万ページ", 12000, "ページ", approx=True), "。"),
                        "維持",
                    ),
                ),
            ),
        ),
    ),
)

_V10_WIDTHS = (46, 50, 24, 124, 32)

V10 = Variant(
    name="v10_sideways_no_rotate",
    exercises=(
        "every page a portrait MediaBox with the landscape slide drawn turned a quarter and "
        "no /Rotate (shown sideways, the glyphs not upright): the cover and the first table "
        "page turned by an exact matrix (pdfminer: upright False), the cover one way (text "
        "down the page) and the table the other (up the page); the last two pages turned by "
        "pypdf's Transformation().rotate (cos 90° = 6.1e-17, so pdfminer calls the glyphs "
        "upright), one each way: one all in full-width glyphs (square, only the runs tell "
        "the turn), one with half-width Latin (RPA) lying on its side; a table continued "
        "on the next sideways page without a "
        "header row; 朝日ヶ丘市 (invented), 2024年度進捗報告 / 2025.6"
    ),
    municipality="朝日ヶ丘市",
    publisher="朝日ヶ丘市企画部デジタル推進課",
    fiscal_year=2024,
    title_style="western",
    issued=(2025, 6),
    issued_style="dot",
    font="IPAexGothic",
    portrait=False,
    extra={
        "rotate": (90, 270, 90, 270),
        "rotate_by_angle": (False, False, True, True),
        "show_rotated": False,
    },
    slides=(
        Slide(
            pillar="市民に届くデジタル市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme="窓口に来なくてよい手続き",
            table=Table(
                columns=STD5,
                widths=_V10_WIDTHS,
                rows=(
                    Row(
                        "オンライン申請",
                        "申請手続の電子化",
                        "提供中",
                        (
                            M("新たに３８手続を電子化", 38, "手続"),
                            "し，",
                            M(
                                "令和６年度中の申請件数は１５，２０４件",
                                15204,
                                "件",
                                fiscal_year=2024,
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "オンライン決済",
                        "提供中",
                        (M("市税など９種類の納付で導入", 9, "種類"), "。"),
                        "維持",
                    ),
                    Row(
                        "窓口の予約",
                        "来庁予約システム",
                        "準備中",
                        ("令和７年度中に市民課と税務課で導入予定。",),
                        "令和７年度開始",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="市民に届くデジタル市役所",
            heading_suffix="の実現に向けた進捗状況（続き）",
            theme="窓口に来なくてよい手続き",
            table=Table(
                columns=STD5,
                widths=_V10_WIDTHS,
                header=False,
                rows=(
                    Row(
                        "証明書の交付",
                        "コンビニ交付",
                        "提供中",
                        (
                            M(
                                "令和７年３月３１日時点の利用率は３２．４％",
                                32.4,
                                "%",
                                as_of="2025-03-31",
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        None,
                        "郵送請求の電子化",
                        "検討中",
                        ("国の動向を踏まえて導入時期を検討する。",),
                        "時期を見定めて実行",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="職員が力を発揮できる市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme="業務の見直し",
            table=Table(
                columns=STD5,
                widths=_V10_WIDTHS,
                rows=(
                    Row(
                        "ペーパーレス化",
                        "会議資料の電子化",
                        "実行中",
                        (
                            M("年間約１８万枚の印刷を削減", 180000, "枚", approx=True),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        "RPA",
                        "定型業務の自動化",
                        "実行中",
                        (M("１２業務で稼働", 12, "業務"), "。"),
                        "拡大",
                    ),
                    Row(
                        "テレワーク",
                        "在宅勤務",
                        "実行中",
                        (M("令和６年度中の利用者は２１４名", 214, "名", fiscal_year=2024), "。"),
                        "維持",
                    ),
                ),
            ),
        ),
    ),
)

V11 = Variant(
    name="v11_figure_traps",
    exercises=(
        "numbers in a 詳細 that look like figures but must not be published as such, next "
        "to figures that must: a full-width minus (前年度比－５％ → -5), a rate's denominator "
        "(１件あたり, and the rate's value 約５分, a duration), a bound (９割以上), "
        "24時間365日, 課題 and 事業者 as units, two years each printed before its figure "
        "(令和５年度：１２０件→令和６年度：１８０件), a span of years (no fiscal_year), a "
        "年度末時点 (as_of 31 March after it), an aside in 前年度 (no year inherited), a "
        "時点 that does not date the later 現在 clause; ひかり台市 (invented), 2024年度 / 2025.6"
    ),
    municipality="ひかり台市",
    publisher="ひかり台市企画部デジタル推進課",
    fiscal_year=2024,
    title_style="western",
    issued=(2025, 6),
    issued_style="dot",
    font="IPAexGothic",
    portrait=False,
    slides=(
        Slide(
            pillar="やさしいデジタル市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme="手続きのオンライン化",
            table=Table(
                columns=STD5,
                widths=(48, 48, 22, 130, 30),
                rows=(
                    Row(
                        "窓口改革",
                        "キャッシュレス決済",
                        "提供中",
                        (M("窓口来庁者数は前年度比－５％", -5, "%"), "。"),
                        "維持",
                    ),
                    Row(
                        None,
                        "申請の受付",
                        "提供中",
                        (
                            # The rate's value, a duration, is a figure (issue 11).
                            NotFigure("１件あたり"),
                            M("約５分で受け付け", 5, "分", approx=True),
                            "，",
                            M(
                                "令和６年度中の受付件数は１，２３４件",
                                1234,
                                "件",
                                fiscal_year=2024,
                            ),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        "電子申請の推進",
                        "電子申請システム",
                        "提供中",
                        (
                            M("令和５年度：１２０件", 120, "件", fiscal_year=2023),
                            "→",
                            M("令和６年度：１８０件", 180, "件", fiscal_year=2024),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "オンライン相談",
                        "提供中",
                        (
                            NotFigure("２４時間３６５日受け付け，利用者の９割以上が満足。"),
                            M("アンケートの回答者は３１２名", 312, "名"),
                            "。",
                        ),
                        "維持",
                    ),
                ),
            ),
        ),
        Slide(
            pillar="やさしいデジタル市役所",
            heading_suffix="の実現に向けた進捗状況",
            theme="地域のデジタル化",
            table=Table(
                columns=STD5,
                widths=(48, 48, 22, 130, 30),
                rows=(
                    Row(
                        "地域DX",
                        "事業者支援",
                        "実行中",
                        (
                            # 課題 counts (issue 11): ３課題 is a figure.
                            M("３課題を整理", 3, "課題"),
                            "し，",
                            M("市内の４５事業者が参加", 45, "事業者"),
                            "。",
                        ),
                        "拡大",
                    ),
                    Row(
                        None,
                        "電子契約",
                        "提供中",
                        (
                            M(
                                "令和５年度から令和６年度にかけて約３，０００件を処理",
                                3000,
                                "件",
                                approx=True,
                            ),
                            "。",
                            M(
                                "令和６年度末時点で累計４，５６７件",
                                4567,
                                "件",
                                as_of="2025-03-31",
                            ),
                            "。",
                        ),
                        "維持",
                    ),
                    Row(
                        "情報発信",
                        "市公式アプリ",
                        "提供中",
                        (
                            M(
                                "令和６年度は約１，２００件",
                                1200,
                                "件",
                                approx=True,
                                fiscal_year=2024,
                            ),
                            "（",
                            M("前年度約１，０００件", 1000, "件", approx=True),
                            "）の通報を受け付けた。",
                            M(
                                "令和４年３月末時点で１００件",
                                100,
                                "件",
                                as_of="2022-03-31",
                            ),
                            "だったが，",
                            M("現在は２００件", 200, "件"),
                            "の記事を公開。",
                        ),
                        "維持",
                    ),
                ),
            ),
        ),
    ),
)

VARIANTS = (V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11)

# ---------------------------------------------------------------------------
# Expected records
# ---------------------------------------------------------------------------


def check_figures(detail: Sequence[Piece] | None) -> None:
    """Every figure in a detail outside the metric clauses is part of a date,
    so the expected metrics are all the figures a parser should find."""
    rest = (
        norm_cell(
            "".join(
                p if isinstance(p, str) and not isinstance(p, NotFigure) else "\u3000"
                for p in detail or ()
            )
        )
        or ""
    )
    for m in re.finditer(r"\d[\d,.]*", rest):
        after = rest[m.end() : m.end() + 2]
        assert after[:1] in ("年", "月", "日") or after == "時点", (m.group(), rest)


def man_forms(value: int | float) -> tuple[str, ...]:
    """How `12000` may be printed with 万: `1万2000`, `1.2万`."""
    if value < 10_000:
        return ()
    head, tail = divmod(int(value), 10_000)
    return (f"{head}万{tail}" if tail else f"{head}万", f"{value / 10_000:g}万")


def expected(v: Variant, n_pages: int) -> dict[str, list[dict[str, Any]]]:
    code = municipality_code(v.municipality)
    who = {"municipality_code": code, "municipality": v.municipality}
    out: dict[str, list[dict[str, Any]]] = {
        "documents": [
            {
                **who,
                "source_file": f"{v.name}.pdf",
                "media_type": "application/pdf",
                "kind": "dx_progress_report",
                "pages": n_pages,
                "status": "ok",
                "error": None,
            }
        ],
        "dx_reports": [
            {
                **who,
                "title": norm_cell(title_text(v)),
                "fiscal_year": v.fiscal_year,
                "publisher": norm_cell(v.publisher),
                "issued": f"{v.issued[0]:04d}-{v.issued[1]:02d}",
            }
        ],
        "dx_measures": [],
        "dx_metrics": [],
    }
    row_no = 0
    blocks = [
        (page, s, theme, table)
        for page, s in enumerate(v.slides, start=2)
        if s.table is not None
        for theme, table in ((s.theme, s.table), *s.more)
    ]
    for page, s, theme, table in blocks:
        has_item = "item" in table.columns
        measure: str | None = None
        for r in table.rows:
            row_no += 1
            if r.measure is not None:
                measure = r.measure
            outlook, category, ofy = outlook_fields(r.outlook)
            detail = norm_cell(printed(r.detail))
            out["dx_measures"].append(
                {
                    **who,
                    "row_no": row_no,
                    "pillar": norm_cell(s.pillar),
                    "theme": norm_cell(theme),
                    "measure": norm_cell(measure),
                    "item": norm_cell(r.item) if has_item else None,
                    "status": norm_cell(r.status),
                    "detail": detail,
                    "outlook": outlook,
                    "outlook_category": category,
                    "outlook_fiscal_year": ofy,
                    "page": page,
                    "item_group": norm_cell(r.group),
                }
            )
            check_figures(r.detail)
            metric_no = 0
            for p in r.detail or ():
                if isinstance(p, str):
                    continue
                metric_no += 1
                text = norm_cell(p.text)
                assert text and detail and text in detail, (text, detail)
                digits = text.replace(",", "")
                assert (
                    re.search(rf"(?<![\d.]){re.escape(str(abs(p.value)))}(?![\d.])", digits)
                    or (isinstance(p.value, float) and f"{p.value:g}" in digits)
                    or any(f in digits for f in man_forms(p.value))
                ), (p.value, text)
                out["dx_metrics"].append(
                    {
                        **who,
                        "row_no": row_no,
                        "metric_no": metric_no,
                        "value": p.value,
                        "unit": p.unit,
                        "approx": p.approx,
                        "fiscal_year": p.fiscal_year,
                        "as_of": p.as_of,
                        "text": text,
                    }
                )
    return out


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------


def _rgb(hex_: str) -> RGBColor:
    r, g, b = bytes.fromhex(hex_)
    return RGBColor(r, g, b)  # type: ignore[no-untyped-call]


def style_run(run: Any, font: str, size: float, bold: bool = False, color: str = "000000") -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(color)
    run.font.name = font
    rpr = run._r.get_or_add_rPr()
    latin = rpr.find(qn("a:latin"))
    anchor = latin
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = etree.SubElement(rpr, qn(tag))
            anchor.addnext(el)
        el.set("typeface", font)
        anchor = el


def write_text(
    tf: Any,
    text: str,
    font: str,
    size: float,
    *,
    align: Any = PP_ALIGN.LEFT,
    bold: bool = False,
    color: str = "000000",
) -> None:
    tf.clear()
    for i, line in enumerate(text.split("\n")):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        para.alignment = align
        if not line:
            continue
        run = para.add_run()
        run.text = line
        style_run(run, font, size, bold, color)


def style_cell(cell: Any, fill: str, borders: bool = True) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for child in list(tc_pr):
        tc_pr.remove(child)
    for tag in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        if not borders:
            ln = etree.SubElement(tc_pr, qn(tag), w="0")
            etree.SubElement(ln, qn("a:noFill"))
            continue
        ln = etree.SubElement(tc_pr, qn(tag), w="9525", cap="flat", cmpd="sng", algn="ctr")
        sf = etree.SubElement(ln, qn("a:solidFill"))
        etree.SubElement(sf, qn("a:srgbClr"), val="000000")
        etree.SubElement(ln, qn("a:prstDash"), val="solid")
    sf = etree.SubElement(tc_pr, qn("a:solidFill"))
    etree.SubElement(sf, qn("a:srgbClr"), val=fill)
    cell.margin_left = cell.margin_right = Mm(1.2)
    cell.margin_top = cell.margin_bottom = Mm(0.8)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE


def _spans(rows: Sequence[Row]) -> list[tuple[int, int]]:
    """Row ranges [start, end) of each 施策 cell (measure None continues)."""
    spans: list[tuple[int, int]] = []
    for i, r in enumerate(rows):
        if r.measure is not None or not spans:
            spans.append((i, i + 1))
        else:
            spans[-1] = (spans[-1][0], i + 1)
    return spans


def _group_spans(rows: Sequence[Row]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for i, r in enumerate(rows):
        if r.group is None:
            continue
        if spans and spans[-1][1] == i and spans[-1][2] == r.group:
            spans[-1] = (spans[-1][0], i + 1, r.group)
        else:
            spans.append((i, i + 1, r.group))
    return spans


def add_table(slide: Any, t: Table, font: str, left: float, top: float) -> tuple[float, float]:
    if "group" in t.columns and all(r.group is None for r in t.rows):
        # LibreOffice misplaces the cells of a grid column in which no cell
        # starts (every row spanning group + item); print the table without
        # that grid column, the item column as wide as both: the same look.
        g = t.columns.index("group")
        widths = list(t.widths)
        group_width = widths.pop(g)
        widths[g] += group_width
        t = replace(t, columns=t.columns[:g] + t.columns[g + 1 :], widths=tuple(widths))
    n_rows = len(t.rows) + (1 if t.header else 0)
    cols = t.columns
    width = sum(t.widths)
    row_h = 7.0
    frame = slide.shapes.add_table(
        n_rows, len(cols), Mm(left), Mm(top), Mm(width), Mm(row_h * n_rows)
    )
    table = frame.table
    table.first_row = False
    table.horz_banding = False
    for j, w in enumerate(t.widths):
        table.columns[j].width = Mm(w)
    heights = row_heights(t, font)
    off0 = 1 if t.header else 0
    for i in range(n_rows):
        table.rows[i].height = Mm(heights[i])
        for j in range(len(cols)):
            if t.style == "filled":
                fill = BLUE if (t.header and i == 0) else BANDS[(i - off0) % 2]
                style_cell(table.cell(i, j), fill, borders=False)
            else:
                style_cell(table.cell(i, j), HEADER_FILL if (t.header and i == 0) else WHITE)
    col = {k: j for j, k in enumerate(cols)}
    size = t.font_size
    off = 0
    if t.header:
        off = 1
        for k, j in col.items():
            if k == "group":
                continue
            j0 = col["group"] if k == "item" and "group" in col else j
            cell = table.cell(0, j0)
            if j0 != j:
                cell.merge(table.cell(0, j))
            write_text(
                cell.text_frame,
                dict(t.labels).get(k, LABELS[k]),
                font,
                size,
                align=PP_ALIGN.CENTER,
                bold=True,
                color=WHITE if t.style == "filled" else "000000",
            )
    rows = t.rows
    # 施策 cells, merged down their rows; across 施策の内容 where a row has no item.
    for a, b in _spans(rows):
        r = rows[a]
        last_col = col["measure"]
        if "item" in col and b - a == 1 and r.item is None and r.group is None:
            last_col = col["item"]
        cell = table.cell(off + a, col["measure"])
        if b - a > 1 or last_col != col["measure"]:
            cell.merge(table.cell(off + b - 1, last_col))
        write_text(cell.text_frame, rows[a].measure or "", font, size)
    grouped: set[int] = set()
    if "group" in col:
        for a, b, label in _group_spans(rows):
            cell = table.cell(off + a, col["group"])
            if b - a > 1:
                cell.merge(table.cell(off + b - 1, col["group"]))
            write_text(cell.text_frame, label, font, size)
            grouped.update(range(a, b))
    for i, r in enumerate(rows):
        if "item" in col and (r.item is not None or r.group is not None):
            j0 = col["item"]
            if "group" in col and i not in grouped:
                j0 = col["group"]
                table.cell(off + i, j0).merge(table.cell(off + i, col["item"]))
            write_text(table.cell(off + i, j0).text_frame, r.item or "", font, size)
        for k, align in (
            ("status", PP_ALIGN.CENTER),
            ("detail", PP_ALIGN.LEFT if t.detail_align_left else PP_ALIGN.CENTER),
            ("outlook", PP_ALIGN.CENTER),
        ):
            value = {"status": r.status, "detail": printed(r.detail), "outlook": r.outlook}[k]
            write_text(table.cell(off + i, col[k]).text_frame, value or "", font, size, align=align)
    return width, sum(heights)


def add_box(
    slide: Any,
    shape: Any,
    left: float,
    top: float,
    w: float,
    h: float,
    text: str,
    font: str,
    size: float,
    *,
    fill: str | None,
    line: str | None,
    color: str = "000000",
    bold: bool = False,
    align: Any = PP_ALIGN.LEFT,
) -> Any:
    if shape is None:
        box = slide.shapes.add_textbox(Mm(left), Mm(top), Mm(w), Mm(h))
    else:
        box = slide.shapes.add_shape(shape, Mm(left), Mm(top), Mm(w), Mm(h))
        box.shadow.inherit = False
    if fill is None:
        if shape is not None:
            box.fill.background()
    else:
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(fill)
    if shape is not None:
        if line is None:
            box.line.fill.background()
        else:
            box.line.color.rgb = _rgb(line)
            box.line.width = Pt(0.75)
    tf = box.text_frame
    tf.word_wrap = True
    tf.margin_left = tf.margin_right = Mm(1.5)
    tf.margin_top = tf.margin_bottom = Mm(0.8)
    write_text(tf, text, font, size, align=align, bold=bold, color=color)
    return box


def build_pptx(v: Variant, path: Path, table_bottoms: dict[int, float] | None = None) -> None:
    """Write the deck; table_bottoms (page → mm, measured on a first export)
    puts the labels that go under a table just under it, as in the sample."""
    prs = Presentation()
    pw, ph = (210.0, 297.0) if v.portrait else (297.0, 210.0)
    prs.slide_width, prs.slide_height = Mm(pw), Mm(ph)
    blank = prs.slide_layouts[6]
    f = v.font

    # Cover
    s = prs.slides.add_slide(blank)
    add_box(s, MSO_SHAPE.RECTANGLE, 0, 0, pw, 12, "", f, 8, fill=BLUE, line=None)
    add_box(s, None, 18, 28, pw - 36, 18, "\n".join(v.cover_note), f, 8, fill=None, line=None)
    add_box(
        s,
        None,
        10,
        ph * 0.42,
        pw - 20,
        18,
        title_text(v),
        f,
        26,
        fill=None,
        line=None,
        color=BLUE,
        bold=True,
        align=PP_ALIGN.CENTER,
    )
    add_box(
        s,
        None,
        pw - 110,
        ph * 0.72,
        95,
        9,
        v.publisher,
        f,
        12,
        fill=None,
        line=None,
        align=PP_ALIGN.RIGHT,
    )
    add_box(
        s,
        None,
        pw - 110,
        ph * 0.72 + 10,
        95,
        9,
        issued_text(v),
        f,
        11,
        fill=None,
        line=None,
        align=PP_ALIGN.RIGHT,
    )

    for page, sd in enumerate(v.slides, start=2):
        s = prs.slides.add_slide(blank)
        if sd.table is None:
            add_box(
                s,
                None,
                12,
                8,
                pw - 24,
                12,
                sd.body_heading or "",
                f,
                v.heading_size,
                fill=None,
                line=None,
                color=BLUE,
                bold=True,
            )
            add_box(s, None, 20, 30, pw - 40, 80, "\n\n".join(sd.body), f, 11, fill=None, line=None)
            continue
        add_box(
            s,
            None,
            10,
            6,
            pw - 20,
            12,
            heading_text(sd),
            f,
            v.heading_size,
            fill=None,
            line=None,
            color=BLUE,
            bold=True,
        )
        ln = s.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Mm(10), Mm(19), Mm(pw - 10), Mm(19))
        ln.line.color.rgb = _rgb(BLUE)
        ln.line.width = Pt(1.5)
        top = 24.0
        label_w = 75.0
        if sd.theme and not sd.theme_below_table:
            add_box(
                s,
                MSO_SHAPE.PENTAGON,
                10,
                top,
                label_w,
                7,
                sd.theme,
                f,
                9,
                fill=BLUE,
                line=None,
                color=WHITE,
                bold=True,
            )
            top += 10
        width, height = add_table(s, sd.table, f, 10, top)
        if sd.theme and sd.theme_below_table:
            # The label goes where the sample has it, under the table (rows
            # are made tall enough for their text, so the height is known).
            add_box(
                s,
                MSO_SHAPE.PENTAGON,
                10,
                (table_bottoms or {}).get(page, top + height) + 3,
                label_w,
                7,
                sd.theme,
                f,
                9,
                fill=BLUE,
                line=None,
                color=WHITE,
                bold=True,
            )
        for theme, table in sd.more:
            top += height * 1.2 + 6
            if theme:
                add_box(
                    s,
                    MSO_SHAPE.PENTAGON,
                    10,
                    top,
                    label_w,
                    7,
                    theme,
                    f,
                    9,
                    fill=BLUE,
                    line=None,
                    color=WHITE,
                    bold=True,
                )
                top += 10
            _, height = add_table(s, table, f, 10, top)
        x = 10 + width + 4
        for i, text in enumerate(sd.callouts):
            add_box(
                s,
                MSO_SHAPE.ROUNDED_RECTANGULAR_CALLOUT,
                x,
                top + i * 24,
                pw - x - 6,
                19,
                text,
                f,
                7.5,
                fill="FFF2CC",
                line="D6A21E",
                align=PP_ALIGN.CENTER,
            )
        if sd.legend:
            add_box(
                s,
                MSO_SHAPE.RECTANGLE,
                pw - 100,
                ph - 24,
                92,
                17,
                "\n".join(sd.legend),
                f,
                7,
                fill="F2F2F2",
                line="7F7F7F",
            )
    prs.save(str(path))


def _lines(text: str, width_mm: float, size: float) -> int:
    """Lines a cell's text takes (greedy, by character widths); a rough count."""
    avail = (width_mm - 2.6) / 0.3528  # pt
    n = 0
    for para in text.split("\n") or [""]:
        used = 0.0
        lines = 1
        for ch in para:
            w = size * (0.55 if ord(ch) < 0x2E80 or 0xFF61 <= ord(ch) <= 0xFF9F else 1.0)
            if used + w > avail:
                lines += 1
                used = 0.0
            used += w
        n += lines
    return n


def row_heights(t: Table, font: str) -> list[float]:
    """Row heights (mm) that hold each row's text: LibreOffice grows a row to
    its text for some fonts but not for others (Noto Sans CJK overflows)."""
    leading = 1.5 if font.startswith("Noto") else 1.3
    line_mm = t.font_size * 0.3528 * leading
    out = [7.0] if t.header else []
    if t.header and t.labels:
        label_lines = max(label.count("\n") + 1 for _, label in t.labels)
        out = [max(7.0, label_lines * line_mm + 2.4)]
    spans = {a: b for a, b in _spans(t.rows)}
    for i, r in enumerate(t.rows):
        lines = 1
        for k, w in zip(t.columns, t.widths, strict=True):
            if k == "measure" and spans.get(i, i) - i != 1:
                continue  # a merged cell: shared by its rows
            if k == "group":
                continue
            if k == "item" and r.group is None and "group" in t.columns:
                w += t.widths[t.columns.index("group")]
            text = {
                "measure": r.measure,
                "item": r.item,
                "status": r.status,
                "detail": printed(r.detail),
                "outlook": r.outlook,
            }.get(k) or ""
            lines = max(lines, _lines(text, w, t.font_size))
        out.append(max(7.0, lines * line_mm + 2.4))
    return out


# ---------------------------------------------------------------------------
# PDF export and checks
# ---------------------------------------------------------------------------


def to_pdf(src: Path, out_dir: Path) -> Path:
    return soffice.to_pdf(src, out_dir, "lo_variants_dx_profile")


def rulings(page: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The page's horizontal and vertical edges, a line pdfplumber calls
    vertical because its ends differ by a rounding error (a page turned by
    a matrix with cos 90° = 6.1e-17; pdfplumber #1276) counted horizontal."""
    horizontal: list[dict[str, Any]] = []
    vertical: list[dict[str, Any]] = []
    for e in page.edges:
        if e["orientation"] == "h" or e["bottom"] - e["top"] < 0.01 < e["x1"] - e["x0"]:
            horizontal.append({**e, "orientation": "h"})
        elif e["orientation"] == "v":
            vertical.append(e)
    return horizontal, vertical


def check_text_layer(pdf: Path, exp: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Every expected cell value is some table cell's text on its page."""
    import pdfplumber

    sys.path.insert(0, str(ROOT / "src"))
    from dxparse.normalise import join_wrapped, normalize_text

    problems: list[str] = []
    with pdfplumber.open(pdf) as doc:
        cells: dict[int, set[str]] = {}
        texts: dict[int, str] = {}
        for n, page in enumerate(doc.pages, start=1):
            found: set[str] = set()
            horizontal, vertical = rulings(page)
            for table in page.find_tables(
                {
                    "vertical_strategy": "explicit",
                    "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": vertical,
                    "explicit_horizontal_lines": horizontal,
                }
            ):
                for row in table.extract():
                    for c in row:
                        if c:
                            found.add(join_wrapped(c.split("\n")))
            cells[n] = found
            # Text that overflows its cell crosses a ruling line.
            rules = horizontal
            for ch in page.chars:
                cx = (ch["x0"] + ch["x1"]) / 2
                for e in rules:
                    if e["x0"] <= cx <= e["x1"] and ch["top"] + 1 < e["top"] < ch["bottom"] - 1:
                        problems.append(f"page {n}: {ch['text']!r} crosses a rule")
                        break
            texts[n] = "".join(normalize_text(page.extract_text() or "").split())
        for r in exp["dx_measures"]:
            for k in ("measure", "item", "item_group", "status", "detail", "outlook"):
                if r[k] is not None and r[k] not in cells[r["page"]]:
                    problems.append(f"page {r['page']} row {r['row_no']} {k}: {r[k]!r}")
            for k in ("pillar", "theme"):
                if r[k] is not None and "".join(r[k].split()) not in texts[r["page"]]:
                    problems.append(f"page {r['page']} {k}: {r[k]!r} not in page text")
        alltext = "".join(texts.values())
        for r in exp["dx_reports"]:
            for k in ("title", "publisher"):
                if r[k] not in alltext:
                    problems.append(f"{k} {r[k]!r} not in text")
    return problems


def table_bottoms(pdf: Path) -> dict[int, float]:
    """Page → bottom (mm) of the lowest ruled table on it."""
    import pdfplumber

    out: dict[int, float] = {}
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, start=1):
            tables = [t for t in page.find_tables() if t.bbox[3] < page.height - 1]
            if tables:
                out[n] = max(t.bbox[3] for t in tables) * 25.4 / 72
    return out


def rotate_pages(
    src: Path, dst: Path, angles: Sequence[int], by_angle: Sequence[bool], show: bool = True
) -> None:
    """Re-lay each page as a printer driver does for a landscape slide on
    portrait paper: the MediaBox turned portrait, the content drawn turned a
    quarter, and /Rotate so a viewer shows it upright. The quarter turn is
    an exact matrix, or (by_angle) pypdf's `Transformation().rotate(angle)`,
    whose cos 90° is 6.1e-17 as a tool that rotates by angle writes it.
    With show=False no /Rotate is set: the page is shown sideways, as a
    tool that only fits a landscape slide onto portrait paper leaves it."""
    from pypdf import PdfWriter, Transformation

    writer = PdfWriter(clone_from=src)
    for page, angle, trig in zip(writer.pages, angles, by_angle, strict=True):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        if angle == 90:
            turn = Transformation().rotate(90).translate(h, 0)
            page.add_transformation(turn if trig else Transformation((0, 1, -1, 0, h, 0)))
        elif angle == 270:
            turn = Transformation().rotate(-90).translate(0, w)
            page.add_transformation(turn if trig else Transformation((0, -1, 1, 0, 0, w)))
        else:
            raise ValueError(angle)
        for box in (page.mediabox, page.cropbox):
            box.lower_left = (0, 0)
            box.upper_right = (h, w)
        if show:
            page.rotate(angle)
    with dst.open("wb") as out:
        writer.write(out)


def page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def build_variant(v: Variant, tmp: Path) -> None:
    pptx = tmp / f"{v.name}.pptx"
    build_pptx(v, pptx)
    pdf = to_pdf(pptx, tmp)
    if any(sd.theme_below_table for sd in v.slides):
        build_pptx(v, pptx, table_bottoms(pdf))
        pdf = to_pdf(pptx, tmp)
    OUT_DX.mkdir(parents=True, exist_ok=True)
    target = OUT_DX / f"{v.name}.pdf"
    if v.extra.get("rotate"):
        by_angle = v.extra.get("rotate_by_angle") or (False,) * len(v.extra["rotate"])
        show = v.extra.get("show_rotated", True)
        rotate_pages(pdf, target, v.extra["rotate"], by_angle, show)
    else:
        shutil.copyfile(pdf, target)
    exp = expected(v, page_count(target))
    (OUT_DX / f"{v.name}.json").write_text(
        json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    # Text shown sideways reads backwards or a glyph a line in pdfplumber's
    # cell text: the check reads the slides as exported, before the turn.
    problems = check_text_layer(target if v.extra.get("show_rotated", True) else pdf, exp)
    status = "ok" if not problems else "CHECK:\n  " + "\n  ".join(problems)
    print(
        f"{v.name}: {exp['documents'][0]['pages']} pages, "
        f"{len(exp['dx_measures'])} measures, {len(exp['dx_metrics'])} metrics; {status}"
    )


# ---------------------------------------------------------------------------
# "Not our kind": a budget request table (a Calc sheet exported to PDF)
# ---------------------------------------------------------------------------

BUDGET_TITLE = "令和６年度　情報システム関係経費　予算要求一覧"
BUDGET_NOTE = "架空市総務部情報政策課　　　　　　　　　　　　（単位：千円）"
BUDGET_HEADER = ("番号", "事業名", "担当課", "令和５年度予算額", "令和６年度要求額", "増減", "備考")
BUDGET_ROWS = (
    ("1", "基幹系システム運用事業", "情報政策課", 123456, 130200, "機器保守費の増"),
    ("2", "システム標準化対応事業", "情報政策課", 85000, 210500, "ガバメントクラウド移行"),
    ("3", "庁内ネットワーク更新事業", "情報政策課", 40320, 15800, "令和５年度で機器更新完了"),
    ("4", "ＤＸ推進事業", "デジタル推進室", 18900, 24300, "電子申請システム利用料"),
    ("5", "情報セキュリティ対策事業", "情報政策課", 9870, 9870, ""),
    ("6", "証明書コンビニ交付事業", "市民課", 12400, 11950, "手数料単価の減"),
)
BUDGET_FOOT = (
    "※増減の△は減額を示す。",
    "※要求額は査定前の額であり，今後変更となる場合がある。",
)


def build_not_a_report(tmp: Path) -> None:
    import xlsxwriter

    src = tmp / "not_a_report.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("予算要求")
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 1)
    base = {"font_name": "IPAexGothic", "font_size": 10}
    title = wb.add_format({**base, "font_size": 14, "bold": True})
    head = wb.add_format(
        {
            **base,
            "bold": True,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "bg_color": "#DDEBF7",
            "text_wrap": True,
        }
    )
    text = wb.add_format({**base, "border": 1, "valign": "vcenter"})
    num = wb.add_format({**base, "border": 1, "num_format": "#,##0;△#,##0"})
    plain = wb.add_format(base)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 2, 16)
    ws.set_column(3, 5, 16)
    ws.set_column(6, 6, 30)
    ws.write(0, 0, BUDGET_TITLE, title)
    ws.write(2, 0, BUDGET_NOTE, plain)
    for j, h in enumerate(BUDGET_HEADER):
        ws.write(3, j, h, head)
    total_prev = total_req = 0
    for i, (no, name, dept, prev, req, note) in enumerate(BUDGET_ROWS, start=4):
        ws.write(i, 0, no, text)
        ws.write(i, 1, name, text)
        ws.write(i, 2, dept, text)
        ws.write_number(i, 3, prev, num)
        ws.write_number(i, 4, req, num)
        ws.write_number(i, 5, req - prev, num)
        ws.write(i, 6, note, text)
        total_prev += prev
        total_req += req
    i = 4 + len(BUDGET_ROWS)
    ws.merge_range(i, 0, i, 2, "合計", head)
    ws.write_number(i, 3, total_prev, num)
    ws.write_number(i, 4, total_req, num)
    ws.write_number(i, 5, total_req - total_prev, num)
    ws.write(i, 6, "", text)
    for k, line in enumerate(BUDGET_FOOT, start=i + 2):
        ws.write(k, 0, line, plain)
    wb.close()
    pdf = to_pdf(src, tmp)
    OUT_OTHER.mkdir(parents=True, exist_ok=True)
    target = OUT_OTHER / "not_a_report.pdf"
    shutil.copyfile(pdf, target)
    exp = {
        "documents": [
            {
                "source_file": "not_a_report.pdf",
                "media_type": "application/pdf",
                "kind": "unknown",
                "pages": page_count(target),
            }
        ],
        "dx_reports": [],
        "dx_measures": [],
        "dx_metrics": [],
    }
    (OUT_OTHER / "not_a_report.json").write_text(
        json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"not_a_report: {exp['documents'][0]['pages']} pages")


def main(names: Iterable[str]) -> None:
    wanted = set(names)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for v in VARIANTS:
            if not wanted or v.name in wanted:
                build_variant(v, tmp)
        if not wanted or "not_a_report" in wanted:
            build_not_a_report(tmp)


if __name__ == "__main__":
    main(sys.argv[1:])
