"""Labels the contract lists for open vocabularies.

A label outside these is kept as printed and reported (`unknown_label`), so
the lists say what is known, not what is allowed.
"""

from __future__ import annotations

DX_STATUSES = ("提供中", "準備中", "実行中", "検討中", "終了", "中止", "休止", "完了")
DX_OUTLOOK_CATEGORIES = ("拡大", "維持", "縮小", "終了", "開始", "実行")
AP_PROGRESS = ("計画どおり", "進んでいる", "遅れている")
AP_YEAR_STATUSES = (*AP_PROGRESS, "実施", "完了", "中止", "未実施")
AP_OUTCOMES = ("達成", "一部達成", "未達成", "その他")
AP_RATINGS = ("A", "B", "C")
AP_DIRECTIONS = (
    "継続実施",
    "取組み強化",
    "見直し",
    "完了(事業終了)",
    "完了(目的達成)",
    "完了(目的未達成)",
    "休止",
    "廃止",
)
AP_IMPORTANCE = ("A", "B", "C")
