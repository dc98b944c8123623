"""Normalisation: NFKC, radicals from Unicode's data, joining wrapped lines."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dxparse.normalise import join_wrapped, normalize_chars, normalize_text, radical_table
from tests.conftest import AP_SEED, DX_SEED

RADICAL_BLOCKS = range(0x2E80, 0x2FE0)


def test_radicals_nfkc_leaves_alone_are_mapped() -> None:
    # NFKC keeps these CJK Radicals Supplement characters; both are in the seeds.
    assert unicodedata.normalize("NFKC", "⺠") == "⺠"
    assert unicodedata.normalize("NFKC", "⻑") == "⻑"
    assert normalize_text("市⺠") == "市民"
    assert normalize_text("市⻑") == "市長"


def test_kangxi_radicals_become_ideographs() -> None:
    assert normalize_text("⾏政⼿続") == "行政手続"
    assert normalize_text("⼈⼝") == "人口"


def test_radical_table_comes_from_unicode_data() -> None:
    table = radical_table()
    # Every Kangxi radical (U+2F00–U+2FD5) and 115+ supplement characters.
    assert all(
        cp in table or unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
        for cp in range(0x2F00, 0x2FD6)
    )
    assert sum(1 for cp in table if 0x2E80 <= cp <= 0x2EFF) > 100
    assert all(0x2E80 <= cp <= 0x2FDF for cp in table)


def test_no_radical_survives_in_the_seeds() -> None:
    raw = DX_SEED.read_text("utf-8") + AP_SEED.read_text("utf-8")
    assert "⺠" in raw and "⻑" in raw and "⾏" in raw  # the seeds do carry both kinds
    normalised = normalize_text(raw)
    assert not [c for c in normalised if ord(c) in RADICAL_BLOCKS]


def test_sound_marks_compose() -> None:
    assert normalize_text("ﾊﾞｽ") == "バス"
    assert normalize_text("か゛") == "が"


def test_nfkc_width_and_punctuation() -> None:
    assert normalize_text("ＬＩＮＥ　ﾜｲﾌｧｲ　７６．２８％") == "LINE ワイファイ 76.28%"
    assert normalize_text("多様な働き方（テレワーク）") == "多様な働き方(テレワーク)"
    assert normalize_text("完了\n（事業終了）".replace("\n", "")) == "完了(事業終了)"
    # Kept as they are: 、。「」・ー
    assert normalize_text("「ぴったり」・サービス、です。ー") == "「ぴったり」・サービス、です。ー"
    # Not jaconv: a full-width minus stays a minus and ～ is kept.
    assert normalize_text("－５") == "-5"
    assert normalize_text("１～３") == "1~3"


def test_spaces_collapse() -> None:
    assert normalize_text("  伊藤　　朝子 ") == "伊藤 朝子"


def test_join_wrapped_japanese_has_no_space() -> None:
    assert (
        join_wrapped(["窓口の混雑緩", "和と待ち時間", "の短縮"]) == "窓口の混雑緩和と待ち時間の短縮"
    )
    assert join_wrapped(["約３３，０", "００件の利⽤。"]) == "約33,000件の利用。"


def test_join_wrapped_latin_words_get_one_space() -> None:
    assert join_wrapped(["Digital", "Transformation"]) == "Digital Transformation"
    assert (
        join_wrapped(["ツール「kintone」を１６部", "署で利⽤。"])
        == "ツール「kintone」を16部署で利用。"
    )
    assert join_wrapped(["ＬＩＮＥ", "を利用"]) == "LINEを利用"
    # A compatibility character is Latin once normalised.
    assert join_wrapped(["㍱", "㍱"]) == "hPa hPa"


# Kana and CJK ideographs: characters that stay Japanese after NFKC (the
# compatibility blocks between them turn into Latin: ㍱ → hPa, ㎏ → kg).
CJK = st.one_of(
    st.characters(min_codepoint=0x3041, max_codepoint=0x30FF),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
)


@given(st.lists(st.text(CJK, min_size=1, max_size=8), min_size=1, max_size=6))
def test_join_never_puts_a_space_between_japanese(parts: list[str]) -> None:
    joined = join_wrapped(parts)
    assert " " not in joined
    assert joined == normalize_text("".join(parts))


@given(st.text(max_size=60))
def test_normalize_is_idempotent_and_radical_free(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert not [c for c in once if ord(c) in RADICAL_BLOCKS and ord(c) in radical_table()]
    assert "  " not in once
    assert normalize_chars(once) == once
