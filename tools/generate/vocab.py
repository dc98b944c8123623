"""The parsers' vocabulary, as the generator draws its wordings from it.

The one place that knows where the vocabulary lives (the TOML files under
`src/dxparse/vocabulary/`, and the action-plan parser's label matching).
"""

from __future__ import annotations

from functools import cache


@cache
def dx_header_wordings() -> dict[str, tuple[str, ...]]:
    """Row field (measure, item, status, detail, outlook) → header wordings the DX parser knows."""
    from dxparse.vocabulary import shipped

    return {field: tuple(words) for field, words in shipped().dx.headers.items()}


def ap_label_known(name: str, printed: str) -> bool:
    """Whether the action-plan parser reads `printed` as its label `name`."""
    from dxparse.parsers.action_plan.common import is_label

    return is_label(name, printed)


def ap_quarter_known(index: int, printed: str) -> bool:
    from dxparse.parsers.action_plan.common import quarter_of

    return quarter_of(printed) == index
