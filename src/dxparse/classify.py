"""Stage 3 — what kind of document this is, from its own words.

Each kind has cue phrases that its documents print (titles, table headers,
form labels). A kind needs cues from at least `MIN_CUES` different phrases
and more than the other kind; otherwise the document is `unknown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

from dxparse.document import SourceDocument

Kind = Literal["dx_progress_report", "action_plan", "unknown"]
MIN_CUES = 3

CUES: dict[Kind, tuple[str, ...]] = {
    "dx_progress_report": (
        r"進捗報告",
        r"進捗状況",
        r"今後の展開",
        r"施策の内容",
        r"(?:DX|デジタル・?トランスフォーメーション|デジタル化)",
        r"提供中|準備中|実行中|検討中",
        r"施策\s*(?:施策の内容\s*)?進捗状況",
    ),
    "action_plan": (
        r"アクションプラン",
        r"推進項目",
        r"取組事業名?",
        r"重要度",
        r"成果指標",
        r"効\s*果\s*額",
        r"総合評価",
        r"取組年度",
        r"担当部署",
    ),
}


@dataclass(frozen=True, slots=True)
class Classification:
    kind: Kind
    cues: tuple[str, ...]  # the cue phrases found, for the report


def classify(doc: SourceDocument) -> Classification:
    # Page furniture and layout break phrases across lines; cues are short.
    text = "".join(doc.text.split())
    found: dict[Kind, tuple[str, ...]] = {
        kind: tuple(c for c in cues if regex.search(c.replace(r"\s*", ""), text))
        for kind, cues in CUES.items()
    }
    dx, ap = len(found["dx_progress_report"]), len(found["action_plan"])
    if dx >= MIN_CUES and dx > ap:
        return Classification("dx_progress_report", found["dx_progress_report"])
    if ap >= MIN_CUES and ap > dx:
        return Classification("action_plan", found["action_plan"])
    return Classification("unknown", found["dx_progress_report"] + found["action_plan"])
