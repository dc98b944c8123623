"""Property-based fuzzing of both text-path segmenters.

Text layers are mutated from the real seeds (lines dropped, repeated,
swapped, digits and labels changed, random text inserted). Whatever comes
in, no exception escapes and every row the parser emits satisfies its
schema as it stands (validation nulls or drops nothing).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxparse.document import Page, SourceDocument
from dxparse.normalise import normalize_chars
from dxparse.parsers import PARSERS
from dxparse.validate import DocumentContext, validate
from tests.conftest import AP_SEED, DX_SEED

SEEDS = {
    "dx_progress_report": DX_SEED.read_text("utf-8").splitlines(),
    "action_plan": AP_SEED.read_text("utf-8").splitlines(),
}
NOISE = st.text(
    st.sampled_from(list("0123456789,.△▲約%年度月日令和平成元H R ~ー○有無計達成〜「」()\t ")),
    max_size=20,
)


@st.composite
def mutated_lines(draw: st.DrawFn, kind: str) -> list[str]:
    lines = list(SEEDS[kind])
    for _ in range(draw(st.integers(0, 12))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "swap", "noise", "digits", "cut"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "noise":
            lines.insert(i, draw(NOISE))
        elif op == "digits":
            lines[i] = "".join(
                draw(st.sampled_from("0123456789△")) if c.isdigit() else c for c in lines[i]
            )
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return lines


def _document(lines: list[str]) -> SourceDocument:
    return SourceDocument(
        path="fuzz.txt",
        source_file="fuzz.txt",
        document_id="f" * 64,
        media_type="text/plain",
        pages=(Page(number=1, lines=tuple(normalize_chars(line) for line in lines)),),
        page_count=None,
    )


def _check(kind: str, lines: list[str]) -> None:
    parsed = PARSERS[kind](_document(lines))
    validated = validate(parsed, DocumentContext("f" * 64, None, None))
    broken = [i for i in validated.issues if i.code in ("invalid_row", "invalid_value")]
    assert not broken, broken[:3]


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated_lines("dx_progress_report"))
def test_dx_text_parser_survives_mutations(lines: list[str]) -> None:
    _check("dx_progress_report", lines)


@FUZZ
@given(mutated_lines("action_plan"))
def test_action_plan_text_parser_survives_mutations(lines: list[str]) -> None:
    _check("action_plan", lines)


@FUZZ
@given(st.lists(NOISE, max_size=30))
def test_both_parsers_survive_noise(lines: list[str]) -> None:
    for kind in PARSERS:
        _check(kind, lines)
