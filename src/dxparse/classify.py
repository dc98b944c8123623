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
from dxparse.vocabulary import shipped

Kind = Literal["dx_progress_report", "action_plan", "unknown"]
MIN_CUES = 3

# The cue phrases of each kind (vocabulary: dx.cues, action_plan.cues).
CUES: dict[Kind, tuple[str, ...]] = {
    "dx_progress_report": shipped().dx.cues,
    "action_plan": shipped().action_plan.cues,
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
