"""Random DX progress-report decks: the data, its page layout, and the
expected records, all drawn from one `random.Random(seed)`.

No drawing library is imported here: `draw(seed)` gives a `Deck` (what
every page prints and where), `expected(deck)` the rows dxparse must
publish for it. `render_dx.py` prints the same `Deck` with python-pptx and
LibreOffice, so the PDF and the JSON come from the same data.

The space of layouts (issue 11, sections 2-4): portrait/landscape, four
fonts and 7-10 pt text, column order and widths per page, header wording
from the parser's vocabulary (also broken over two lines), tables ruled,
ruled with horizontal lines only, or banded fills without any rule; a
sub-theme label above the table, at the top right or in a box (or none);
page breaks inside a 施策 with the 施策 cell blank or repeated, continuation
tables with or without a header row and with other widths, headed
「…」（続き）, with the same heading or with none; two tables on a page;
running page headers and footers, the 今後の展開 legend, callouts, a message
page; figures from 100+ counters with full-width digits, commas, 約,
durations, 時点 asides and 年度 clauses; blank cells; half-width kana.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tools.generate.counters import COUNTERS, DURATIONS
from tools.generate.text import han_kana, norm_cell, zen
from tools.generate.vocab import dx_header_wordings

ROOT = Path(__file__).resolve().parents[2]
CODES = ROOT / "src" / "dxparse" / "data" / "municipality_codes.csv"

FONTS = ("IPAexGothic", "IPAexMincho", "Noto Sans CJK JP", "Noto Serif CJK JP")
FIELDS = ("measure", "item", "status", "detail", "outlook")
STYLES = ("ruled", "hlines", "banded")
THEME_POSITIONS = ("above", "right", "box")

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fig:
    """A figure printed in a 詳細 cell: one dx_metrics row."""

    text: str  # the clause as printed
    value: int | float
    unit: str
    approx: bool = False
    fiscal_year: int | None = None
    as_of: str | None = None  # ISO 8601: a date, or a year-month


Piece = str | Fig


@dataclass(frozen=True)
class Row:
    measure: str | None  # printed 施策 cell; None: blank (merged above, or left blank)
    item: str | None
    status: str | None
    detail: tuple[Piece, ...] | None
    outlook: str | None
    measure_value: str  # the 施策 the row belongs to (expected)


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    widths: tuple[float, ...]  # mm
    rows: tuple[Row, ...]
    header: bool
    labels: tuple[str, ...]  # printed header label per column ("\n" = two lines)
    style: str  # ruled | hlines | banded
    font_size: float
    measure_cells: str  # merge | repeat | blank: a 施策 over several rows
    heights: tuple[float, ...]  # mm per printed row (caption, header first)
    # A row over the whole table above its header (【主な取組】): the header
    # row is then not the table's first row.
    caption: str | None = None


@dataclass(frozen=True)
class Block:
    theme_label: str | None  # printed above the table (a second block: always above)
    theme: str | None  # expected: the label, or the one of the table it continues
    table: Table


@dataclass(frozen=True)
class Page:
    heading: str | None  # printed (None: no heading)
    pillar: str  # expected, carried on a continuation page without a heading
    theme_position: str  # of the first block's label
    blocks: tuple[Block, ...]
    legend: bool = False
    callouts: tuple[str, ...] = ()
    body: tuple[str, ...] = ()  # a page of text only (a message)


@dataclass(frozen=True)
class Deck:
    name: str
    seed: int
    municipality: str
    municipality_code: str | None
    publisher: str
    fiscal_year: int
    title: str
    issued: tuple[int, int]
    issued_text: str
    font: str
    portrait: bool
    running_header: str | None
    footer: str  # "dash" "- 3 -" | "slash" "3 / 7" | "city" "柏市  3"
    pages: tuple[Page, ...]  # after the cover
    # Quarter turns per page (cover first): the slide drawn turned on a
    # portrait page with /Rotate to show it upright, as printer drivers do.
    rotate: tuple[int, ...] = ()

    @property
    def size(self) -> tuple[float, float]:
        return (210.0, 297.0) if self.portrait else (297.0, 210.0)


# ---------------------------------------------------------------------------
# Word pools (invented, in the style of the reports)
# ---------------------------------------------------------------------------

CITIES_INVENTED = (
    "架空市",
    "みどり野市",
    "さくら台市",
    "ひかり丘町",
    "朝日ヶ浦市",
    "北総台市",
    "青葉野市",
    "若葉坂町",
    "白鷺市",
    "東雲市",
    "大原台市",
    "汐見市",
)
DEPARTMENTS = (
    "企画部DX推進課",
    "総務部情報政策課",
    "経営企画部デジタル戦略課",
    "総合政策部デジタル推進課",
    "政策推進部スマートシティ推進室",
    "総務課デジタル推進係",
    "行政経営部情報システム課",
)
PILLARS = (
    "つながる市役所",
    "暮らしのデジタル化",
    "行政のデジタル化",
    "スマート市役所",
    "市民サービスの向上",
    "地域のデジタル化",
    "誰一人取り残さないデジタル社会",
    "データを活かすまちづくり",
    "働き方改革",
    "デジタル人材の育成",
)
HEADING_SUFFIXES = ("の実現に向けた進捗状況", "の進捗状況", "に向けた取組の進捗状況")
THEMES = (
    "行かなくてよい市役所",
    "待たなくてよい窓口",
    "書かなくてよい手続",
    "手続きのオンライン化",
    "キャッシュレスの推進",
    "多様な働き方",
    "ペーパーレスの推進",
    "データの利活用",
    "デジタルデバイド対策",
    "情報発信の充実",
    "業務の効率化",
    "セキュリティの強化",
    "地域の見守り",
    "学びのデジタル化",
    "防災のデジタル化",
)
MEASURES = (
    "電子申請サービスの拡充",
    "窓口のデジタル化",
    "マイナンバーカードの利活用",
    "キャッシュレス決済",
    "テレワークの推進",
    "ペーパーレス化",
    "生成AIの活用",
    "RPAの導入",
    "オープンデータの推進",
    "公共施設予約システム",
    "LINEを活用した情報発信",
    "スマートフォン教室",
    "GIGAスクール構想",
    "防災情報システム",
    "電子図書館",
    "AI-OCRの活用",
    "公衆無線LANの整備",
    "電子契約の導入",
    "コールセンターの設置",
    "デジタル地域通貨",
    "オンライン相談",
    "施設のスマートロック化",
)
ITEMS = (
    "オンライン申請の拡大",
    "電子納付（スマホ決済）",
    "書かない窓口",
    "窓口予約システム",
    "コンビニ交付",
    "テレワーク端末の貸出",
    "サテライトオフィス",
    "会議資料のペーパーレス化",
    "電子決裁",
    "文章作成支援",
    "議事録の自動作成",
    "粗大ごみ収集の予約",
    "保育所入所申請",
    "児童手当の電子申請",
    "転出届のオンライン提出",
    "ビデオ通話相談",
    "AIチャットボット",
    "公式LINEアカウント",
    "防災メール配信",
    "キャッシュレス納付",
    "施設使用料の電子決済",
    "タブレット端末の配備",
    "ヘルプデスク",
    "データカタログサイト",
    "電子回覧板",
    "シェアサイクル",
    "デマンドタクシー",
    "オンライン授業",
    "ウェブ会議システム",
    "電子入札",
)
STATUSES = ("提供中", "提供中", "実行中", "実行中", "準備中", "検討中", "終了", "完了", "休止")
OUTLOOKS: tuple[tuple[str, str], ...] = (
    ("拡大", "拡大"),
    ("拡大", "拡大"),
    ("維持", "維持"),
    ("維持", "維持"),
    ("拡充", "拡大"),
    ("継続", "維持"),
    ("縮小", "縮小"),
    ("需要に合わせて縮小", "縮小"),
    ("終了", "終了"),
    ("廃止", "終了"),
    ("時期を見定めて実行", "実行"),
    ("拡大予定", "拡大"),
)
FILLERS = (
    "利用者の声を踏まえて画面を改善した",
    "関係部署と連携して周知を強化した",
    "先行自治体の事例を調査している",
    "庁内の推進体制を整えた",
    "操作研修を実施した",
    "市民向けの説明会を開催した",
    "利用が少ない施設は運用を見直す",
    "事業者との協議を進めている",
    "広報紙とホームページで案内した",
    "高齢者向けの相談会を併せて実施した",
    "システムの更新に合わせて機能を追加した",
    "セキュリティ対策を強化した",
)
OBJECTS = ("対象", "利用", "導入", "受付", "配備", "登録", "参加", "実施", "提供", "連携")
LATIN_PREFIXES = ("FAX", "PC", "RPA", "AI-OCR", "Wi-Fi")
APPROX_TRAPS = ("電子契約", "施設予約", "経費節約", "窓口集約")
CALLOUTS = (
    "来庁せずに手続き完了！",
    "スマホで２４時間いつでも",
    "待ち時間を短縮",
    "紙の申請書が不要に",
    "職員の働き方も改革",
    "誰もが使えるデジタル化へ",
)
LEGEND = (
    "「今後の展開」について",
    "拡大〜事業範囲，サービス対象等を拡大するもの",
    "維持〜事業を継続しつつ利活用を促進するもの",
    "縮小〜需要に合わせて事業規模を縮小するもの",
)
MESSAGE = (
    "本市では，デジタル技術を活用して市民の皆様の利便性を高めるとともに，",
    "行政運営の効率化に取り組んでいます。このたび，その進捗状況を取りまとめました。",
    "引き続き，誰一人取り残さないデジタル化を進めてまいります。",
)
CAPTIONS = ("【主な取組と進捗】", "取組の進捗一覧", "■ 施策ごとの進捗")
RUNNING_HEADERS = ("DX推進計画 進捗報告", "デジタル化推進方針 進捗状況", "DX推進計画")

# ---------------------------------------------------------------------------
# Drawing the data
# ---------------------------------------------------------------------------


@cache
def _codes() -> dict[str, str]:
    lines = [ln for ln in CODES.read_text("utf-8").splitlines() if not ln.startswith("#")]
    return {r["name"]: r["code"] for r in csv.DictReader(lines)}


def _reiwa(fy: int) -> int:
    return fy - 2018


class _Printer:
    """How this document prints digits and katakana."""

    def __init__(self, rng: random.Random) -> None:
        self.zen_digits = rng.random() < 0.5
        self.han = rng.random() < 0.25
        self.zen_comma = self.zen_digits and rng.random() < 0.7

    def num(self, value: int | float, comma: bool = True) -> str:
        text = f"{value:,}" if comma and isinstance(value, int) else f"{value}"
        return zen(text) if self.zen_digits else text

    def digits(self, text: str) -> str:
        return zen(text) if self.zen_digits else text

    def kana(self, text: str) -> str:
        return han_kana(text) if self.han else text


def _value(rng: random.Random, unit: str) -> int | float:
    if unit in ("%", "倍"):
        return round(rng.uniform(1, 99), 1) if rng.random() < 0.5 else rng.randint(1, 99)
    if unit in ("円", "千円", "万円"):
        return rng.choice((rng.randint(100, 999_999), rng.randint(10, 9_999)))
    big = rng.random() < 0.35
    return rng.randint(1_000, 99_999) if big else rng.randint(2, 999)


def _figure(rng: random.Random, p: _Printer, fy: int) -> tuple[Piece, ...]:
    """One figure clause (or two, for a duration cut) with its expected row(s)."""
    kind = rng.choice(("plain", "plain", "fy", "asof", "approx", "trap", "latin", "duration"))
    if kind == "duration":
        unit = rng.choice(DURATIONS)
        a = rng.randint(20, 59) if unit == "分" else rng.randint(3, 12)
        b = rng.randint(2, a - 1)
        return (
            Fig(f"処理時間を{p.num(a)}{unit}", a, unit),
            Fig(f"から{p.num(b)}{unit}に短縮", b, unit),
        )
    unit = rng.choice(COUNTERS)
    v = _value(rng, unit)
    n = p.num(v)
    obj = rng.choice(OBJECTS)
    if kind == "fy":
        year = rng.choice((fy, fy - 1))
        era = p.digits(str(_reiwa(year)))
        return (Fig(f"令和{era}年度の{obj}実績は{n}{unit}", v, unit, fiscal_year=year),)
    if kind == "asof":
        # The March that closes the fiscal year: calendar year fy + 1.
        year = fy + 1
        era, m = p.digits(str(year - 2018)), p.digits("3")
        form = rng.choice(("end", "day", "month"))
        if form == "end":
            aside, iso = f"（令和{era}年{m}月末時点）", f"{year:04d}-03-31"
        elif form == "day":
            aside, iso = f"（令和{era}年{m}月{p.digits('31')}日時点）", f"{year:04d}-03-31"
        else:
            aside, iso = f"（令和{era}年{m}月時点）", f"{year:04d}-03"
        # The clause is the figure; the aside right after it dates it.
        return (Fig(f"{obj}は{n}{unit}", v, unit, as_of=iso), aside)
    if kind == "approx":
        lead = rng.choice(("約", "年間約", "累計約"))
        return (Fig(f"{lead}{n}{unit}を{obj}", v, unit, approx=True),)
    if kind == "trap":
        return (Fig(f"{rng.choice(APPROX_TRAPS)}{n}{unit}", v, unit),)
    if kind == "latin":
        return (Fig(f"{rng.choice(LATIN_PREFIXES)}{n}{unit}を{obj}", v, unit),)
    form = rng.choice(("{n}{u}で{o}", "{o}を{n}{u}に拡大", "累計{n}{u}", "{n}{u}まで{o}を拡大"))
    return (Fig(form.format(n=n, u=unit, o=obj), v, unit),)


def _detail(rng: random.Random, p: _Printer, fy: int) -> tuple[Piece, ...] | None:
    if rng.random() < 0.06:
        return None
    pieces: list[Piece] = []
    if rng.random() < 0.6:
        pieces += [p.kana(rng.choice(FILLERS)), "。"]
    for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3))):
        figs = _figure(rng, p, fy)
        pieces += figs
        pieces.append(rng.choice(("。", "、")) if len(pieces) < 6 else "。")
    if not pieces:
        pieces = [p.kana(rng.choice(FILLERS)), "。"]
    if isinstance(pieces[-1], str) and pieces[-1] == "、":
        pieces[-1] = "。"
    return tuple(pieces)


def _outlook(rng: random.Random, p: _Printer, fy: int) -> str | None:
    roll = rng.random()
    if roll < 0.06:
        return None
    if roll < 0.16:
        return f"令和{p.digits(str(_reiwa(fy) + 1))}年度開始"
    return rng.choice(OUTLOOKS)[0]


def outlook_fields(printed: str | None) -> tuple[str | None, str | None, int | None]:
    """outlook, outlook_category, outlook_fiscal_year as the contract defines them."""
    outlook = norm_cell(printed)
    if outlook is None:
        return None, None, None
    if outlook.endswith("年度開始") and outlook.startswith("令和"):
        return outlook, "開始", 2018 + int(outlook[2:-4])
    return outlook, dict(OUTLOOKS)[outlook], None


def printed(pieces: tuple[Piece, ...] | None) -> str:
    return "".join(x if isinstance(x, str) else x.text for x in pieces or ())


# --- layout ------------------------------------------------------------------

BASE_WIDTH = {"measure": 34.0, "item": 36.0, "status": 18.0, "detail": 90.0, "outlook": 24.0}


def _columns(rng: random.Random) -> tuple[str, ...]:
    rest = ["item", "status", "detail", "outlook"]
    if rng.random() < 0.25:
        rest.remove("item")
    rng.shuffle(rest)
    if rng.random() < 0.85:
        return ("measure", *rest)
    cols = ["measure", *rest]
    rng.shuffle(cols)
    return tuple(cols)


def _widths(
    rng: random.Random, columns: tuple[str, ...], total: float, size: float
) -> tuple[float, ...]:
    raw = [BASE_WIDTH[c] * rng.uniform(0.7, 1.35) for c in columns]
    # A status word (提供中) fits on one line, as cities size that column.
    least = {"status": 3.3 * size * 0.3528 + 4.0}
    raw = [max(w, least.get(c, 0.0) * sum(raw) / total) for c, w in zip(columns, raw, strict=True)]
    scale = total / sum(raw)
    return tuple(round(w * scale, 1) for w in raw)


def _labels(rng: random.Random, columns: tuple[str, ...]) -> tuple[str, ...]:
    words = dx_header_wordings()
    out = []
    for c in columns:
        w = rng.choice(words[c])
        if len(w) >= 4 and rng.random() < 0.2:
            w = w[: len(w) // 2] + "\n" + w[len(w) // 2 :]
        out.append(w)
    return tuple(out)


def lines_of(text: str, width_mm: float, size: float) -> int:
    """Lines a cell's text takes (greedy, by character widths); a rough upper count."""
    avail = (width_mm - 3.2) / 0.3528
    n = 0
    for para in text.split("\n"):
        used, lines = 0.0, 1
        for ch in para:
            w = size * (0.6 if ord(ch) < 0x2E80 or 0xFF61 <= ord(ch) <= 0xFF9F else 1.0)
            if used + w > avail:
                lines += 1
                used = 0.0
            used += w
        n += lines
    return n


def line_mm(font: str, size: float) -> float:
    return size * 0.3528 * (1.55 if font.startswith("Noto") else 1.35)


def _row_height(
    row: Row, t_cols: tuple[str, ...], widths: tuple[float, ...], font: str, size: float
) -> float:
    lines = 1
    for c, w in zip(t_cols, widths, strict=True):
        text = {
            "measure": row.measure or row.measure_value,
            "item": row.item,
            "status": row.status,
            "detail": printed(row.detail),
            "outlook": row.outlook,
        }[c] or ""
        lines = max(lines, lines_of(text, w, size))
    return max(7.0, lines * line_mm(font, size) + 2.6)


def _header_height(labels: tuple[str, ...], font: str, size: float) -> float:
    n = max(label.count("\n") + 1 for label in labels)
    return max(7.0, n * line_mm(font, size) + 2.6)


@dataclass
class _Draft:
    """Rows to print, grouped by pillar and theme, before pagination."""

    pillar: str
    theme: str
    rows: list[Row]


def _drafts(rng: random.Random, p: _Printer, fy: int) -> list[_Draft]:
    drafts: list[_Draft] = []
    pillars = rng.sample(PILLARS, rng.randint(1, 3))
    measures = list(MEASURES)
    items = list(ITEMS)
    rng.shuffle(measures)
    rng.shuffle(items)
    for pillar in pillars:
        for theme in rng.sample(THEMES, rng.randint(1, 2)):
            rows: list[Row] = []
            for _ in range(rng.randint(1, 3)):
                measure = p.kana(measures.pop() if measures else "業務改革")
                for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
                    item = p.kana(items.pop() if items else "その他の取組")
                    if rng.random() < 0.05:
                        item = ""
                    rows.append(
                        Row(
                            measure=measure,
                            item=item,
                            status=rng.choice(STATUSES),
                            detail=_detail(rng, p, fy),
                            outlook=_outlook(rng, p, fy),
                            measure_value=measure,
                        )
                    )
            drafts.append(_Draft(pillar, theme, rows))
    return drafts


@dataclass
class _Layout:
    """The table layout a page uses (kept by its continuation pages)."""

    columns: tuple[str, ...]
    widths: tuple[float, ...]
    labels: tuple[str, ...]
    style: str
    measure_cells: str


def _table(
    rows: list[Row],
    lay: _Layout,
    header: bool,
    font: str,
    size: float,
    caption: str | None = None,
) -> Table:
    """A table of rows; the first row of a 施策 prints its name, the others
    print it as measure_cells says (merged, repeated or blank)."""
    out: list[Row] = []
    prev: str | None = None
    for r in rows:
        same = r.measure_value == prev
        prev = r.measure_value
        name = None if same and lay.measure_cells != "repeat" else r.measure_value
        out.append(Row(name, r.item, r.status, r.detail, r.outlook, r.measure_value))
    heights = (
        ([7.0] if caption else [])
        + ([_header_height(lay.labels, font, size)] if header else [])
        + [_row_height(r, lay.columns, lay.widths, font, size) for r in out]
    )
    return Table(
        columns=lay.columns,
        widths=lay.widths,
        rows=tuple(out),
        header=header,
        labels=lay.labels,
        style=lay.style,
        font_size=size,
        measure_cells=lay.measure_cells,
        heights=tuple(heights),
        caption=caption,
    )


def draw(seed: int, name: str) -> Deck:
    rng = random.Random(seed)
    p = _Printer(rng)
    portrait = rng.random() < 0.35
    font = rng.choice(FONTS)
    size = rng.choice((7.0, 7.5, 8.0, 8.0, 9.0, 9.0, 10.0))
    fy = rng.randint(2021, 2025)
    if rng.random() < 0.35:
        city = rng.choice(sorted(_codes()))
        if city.endswith("県"):
            city = "柏市"
    else:
        city = rng.choice(CITIES_INVENTED)
    publisher = city + rng.choice(DEPARTMENTS)
    title = rng.choice(
        (
            f"{fy}年度進捗報告",
            zen(str(fy)) + "年度進捗報告",
            f"令和{p.digits(str(_reiwa(fy)))}年度進捗報告",
        )
    )
    issued = (fy + 1, rng.randint(4, 9))
    issued_text = rng.choice(
        (
            f"{issued[0]}.{issued[1]}",
            zen(f"{issued[0]}.{issued[1]}"),
            f"令和{p.digits(str(issued[0] - 2018))}年{p.digits(str(issued[1]))}月",
        )
    )
    pw, ph = (210.0, 297.0) if portrait else (297.0, 210.0)
    pages: list[Page] = []
    if rng.random() < 0.3:
        pages.append(Page(None, "", "above", (), body=MESSAGE))
    drafts = _drafts(rng, p, fy)
    legend_everywhere = rng.random() < 0.4
    # Rows per page: few on some decks, so pages break inside a 施策 often.
    cap = rng.choice((2, 3, 4, 5, 6, 99))
    for d_i, d in enumerate(drafts):
        callouts = tuple(rng.sample(CALLOUTS, 2)) if rng.random() < 0.2 else ()
        total_w = pw - 20 - (52 if callouts else 0)
        lay = _Layout(
            columns=_columns(rng),
            widths=(),
            labels=(),
            style=rng.choice(STYLES),
            measure_cells=rng.choice(("merge", "merge", "repeat", "blank")),
        )
        lay.widths = _widths(rng, lay.columns, total_w, size)
        lay.labels = _labels(rng, lay.columns)
        heading = f"「{d.pillar}」{rng.choice(HEADING_SUFFIXES)}"
        theme_pos = rng.choice(THEME_POSITIONS)
        theme_label: str | None = d.theme if rng.random() > 0.08 else None
        legend = legend_everywhere or rng.random() < 0.15
        rows = list(d.rows)
        first = True
        while rows:
            top = 24.0 + (10.0 if theme_label and theme_pos != "right" else 0.0)
            bottom = 12.0 + (26.0 if legend else 0.0)
            room = (ph - top - bottom) * 0.9
            header = first or rng.random() < 0.5
            caption = rng.choice(CAPTIONS) if first and rng.random() < 0.15 else None
            page_rows: list[Row] = []
            used = _header_height(lay.labels, font, size) if header else 0.0
            used += 7.0 if caption else 0.0
            while rows and len(page_rows) < cap:
                h = _row_height(rows[0], lay.columns, lay.widths, font, size)
                if page_rows and used + h > room:
                    break
                if not page_rows and used + h > room:
                    raise ValueError(f"{name}: a row taller than the page")
                used += h
                page_rows.append(rows.pop(0))
            table = _table(page_rows, lay, header, font, size, caption)
            blocks: list[Block] = []
            if first:
                head: str | None = heading
                blocks.append(Block(theme_label, norm_cell(theme_label), table))
            else:
                cont = rng.choice(("zoku", "same", "none"))
                head = {"zoku": heading + "（続き）", "same": heading, "none": None}[cont]
                label_again = theme_label if rng.random() < 0.5 else None
                blocks.append(Block(label_again, norm_cell(theme_label), table))
            first = False
            nxt = drafts[d_i + 1] if d_i + 1 < len(drafts) else None
            if (
                not rows
                and nxt is not None
                and nxt.pillar == d.pillar
                and len(nxt.rows) <= 3
                and rng.random() < 0.5
            ):
                # The next theme of the same pillar is short: a second table on the page.
                rows2 = [nxt.rows.pop(0) for _ in range(len(nxt.rows))]
                extra = (
                    10.0
                    + sum(_row_height(r, lay.columns, lay.widths, font, size) for r in rows2)
                    + _header_height(lay.labels, font, size)
                    + 6
                )
                if used + extra <= room and len(rows2) <= cap:
                    t2 = _table(rows2, lay, True, font, size)
                    blocks.append(Block(nxt.theme, norm_cell(nxt.theme), t2))
                else:
                    nxt.rows[:0] = rows2
            pages.append(Page(head, d.pillar, theme_pos, tuple(blocks), legend, callouts))
            if rows and rng.random() < 0.6:
                # The page breaks inside this theme: the next page may print the
                # table at other widths (a continuation table of its own).
                lay = _Layout(
                    lay.columns,
                    _widths(rng, lay.columns, total_w, size),
                    lay.labels,
                    lay.style,
                    lay.measure_cells,
                )
    running = (city + rng.choice(RUNNING_HEADERS)) if rng.random() < 0.5 else None
    return Deck(
        name=name,
        seed=seed,
        municipality=city,
        municipality_code=_codes().get(city),
        publisher=publisher,
        fiscal_year=fy,
        title=title,
        issued=issued,
        issued_text=issued_text,
        font=font,
        portrait=portrait,
        running_header=running,
        footer=rng.choice(("dash", "slash", "city")),
        pages=tuple(pages),
        rotate=tuple(rng.choice((90, 270)) for _ in range(len(pages) + 1))
        if rng.random() < 0.12
        else (),
    )


# ---------------------------------------------------------------------------
# Expected records
# ---------------------------------------------------------------------------


def expected(deck: Deck) -> dict[str, list[dict[str, Any]]]:
    who = {"municipality_code": deck.municipality_code, "municipality": deck.municipality}
    out: dict[str, list[dict[str, Any]]] = {
        "documents": [
            {
                **who,
                "source_file": f"{deck.name}.pdf",
                "media_type": "application/pdf",
                "kind": "dx_progress_report",
                "pages": len(deck.pages) + 1,
                "status": "ok",
                "error": None,
            }
        ],
        "dx_reports": [
            {
                **who,
                "title": norm_cell(deck.title),
                "fiscal_year": deck.fiscal_year,
                "publisher": norm_cell(deck.publisher),
                "issued": f"{deck.issued[0]:04d}-{deck.issued[1]:02d}",
            }
        ],
        "dx_measures": [],
        "dx_metrics": [],
    }
    row_no = 0
    for page_no, page in enumerate(deck.pages, start=2):
        for block in page.blocks:
            t = block.table
            for r in t.rows:
                row_no += 1
                outlook, category, ofy = outlook_fields(r.outlook)
                detail = norm_cell(printed(r.detail))
                out["dx_measures"].append(
                    {
                        **who,
                        "row_no": row_no,
                        "pillar": norm_cell(page.pillar),
                        "theme": block.theme,
                        "measure": norm_cell(r.measure_value),
                        "item": norm_cell(r.item) if "item" in t.columns else None,
                        "status": norm_cell(r.status),
                        "detail": detail,
                        "outlook": outlook,
                        "outlook_category": category,
                        "outlook_fiscal_year": ofy,
                        "page": page_no,
                        "item_group": None,
                    }
                )
                metric_no = 0
                for piece in r.detail or ():
                    if isinstance(piece, str):
                        continue
                    metric_no += 1
                    text = norm_cell(piece.text)
                    assert text and detail and text in detail, (text, detail)
                    out["dx_metrics"].append(
                        {
                            **who,
                            "row_no": row_no,
                            "metric_no": metric_no,
                            "value": piece.value,
                            "unit": piece.unit,
                            "approx": piece.approx,
                            "fiscal_year": piece.fiscal_year,
                            "as_of": piece.as_of,
                            "text": text,
                        }
                    )
    return out
