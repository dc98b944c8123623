"""Check a generated PDF against its expected records, with pdfplumber (not
dxparse's reader): the page count, every expected text printed on its page,
no text crossing a horizontal rule or running off the page (a row drawn too
short for its text)."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

TEXT_FIELDS = {
    # pillar and theme are carried onto continuation pages that do not print them
    "dx_measures": ("measure", "item", "status", "detail", "outlook"),
    "ap_initiatives": ("promotion_item", "name", "department", "manager", "staff", "final_goal"),
    "ap_year_plans": ("plan", "other_effects"),
    "ap_tasks": ("task",),
    "ap_reviews": ("midyear_comment", "yearend_comment", "evaluation_comment"),
}


def compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def check(pdf: Path, data: dict[str, Any], text: bool = True) -> list[str]:
    import pdfplumber

    problems: list[str] = []
    with pdfplumber.open(pdf) as doc:
        texts: list[str] = []
        want = data["documents"][0]["pages"]
        if len(doc.pages) != want:
            problems.append(f"{len(doc.pages)} pages, expected {want}")
        if not text:
            return problems
        for n, page in enumerate(doc.pages, start=1):
            texts.append(compact(page.extract_text() or ""))
            rules = [e for e in page.edges if e["orientation"] == "h"]
            for ch in page.chars:
                if ch["bottom"] > page.height + 0.5 or ch["x1"] > page.width + 0.5:
                    problems.append(f"page {n}: {ch['text']!r} off the page")
                    break
                cx = (ch["x0"] + ch["x1"]) / 2
                if any(
                    e["x0"] <= cx <= e["x1"] and ch["top"] + 1.2 < e["top"] < ch["bottom"] - 1.2
                    for e in rules
                ):
                    problems.append(f"page {n}: {ch['text']!r} crosses a rule")
                    break
            problems += [f"page {n}: {o}" for o in overlaps(page.chars)]
    for dataset, fields in TEXT_FIELDS.items():
        for row in data.get(dataset, []):
            page = row.get("page")
            if not isinstance(page, int) or page > len(texts):
                continue
            for f in fields:
                value = row.get(f)
                # A wrapped cell's lines interleave with its neighbours' in the
                # page text: its first characters are on its first line.
                if isinstance(value, str) and compact(value)[:3] not in texts[page - 1]:
                    problems.append(f"page {page} {dataset} {f}: {value[:30]!r} not printed")
    return problems


def overlaps(chars: list[dict[str, Any]]) -> list[str]:
    """Glyphs drawn over each other: a row whose text ran into the next one."""
    cells: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for ch in chars:
        if ch["text"].strip():
            cells.setdefault((int(ch["x0"] // 8), int(ch["top"] // 8)), []).append(ch)
    for (cx, cy), group in cells.items():
        near = [c for dx in (0, 1) for dy in (0, 1) for c in cells.get((cx + dx, cy + dy), [])]
        for a in group:
            for b in near:
                if a is b:
                    continue
                w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                small = min(a["x1"] - a["x0"], b["x1"] - b["x0"]) * min(
                    a["bottom"] - a["top"], b["bottom"] - b["top"]
                )
                if w > 0 and h > 0 and w * h > 0.3 * small:
                    return [
                        f"{a['text']!r} and {b['text']!r} overlap at {a['x0']:.0f},{a['top']:.0f}"
                    ]
    return []
