"""No Japanese wording is left in parser code: the forms' vocabulary is data.

Every string constant of `src/dxparse/parsers/**`, `classify.py`,
`normalise.py` and the vocabulary's loader (not docstrings; comments are
no string constants) is checked for kana or kanji.
`utils/` (era names and 年/月/日 of date and number syntax, which are the
calendar's and the script's, not a form's) is not checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import regex

SRC = Path(__file__).resolve().parent.parent / "src" / "dxparse"
CHECKED = sorted(
    [
        *(SRC / "parsers").rglob("*.py"),
        SRC / "classify.py",
        SRC / "normalise.py",
        SRC / "vocabulary" / "__init__.py",
    ]
)
_JAPANESE = regex.compile(r"[\p{Hiragana}\p{Katakana}\p{Han}]")


def _docstrings(tree: ast.Module) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def japanese_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant but a docstring that holds kana or kanji."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and _JAPANESE.search(node.value)
    ]


def test_the_check_finds_literals_but_not_docstrings_or_comments() -> None:
    source = (
        '"""担当部署."""\nX = "担当部署"  # 担当部署\nY = f"{X}部局"\n'
        '\n\ndef f() -> None:\n    """作成日."""\n'
    )
    assert japanese_literals(source) == [(2, "担当部署"), (3, "部局")]


def test_parser_code_prints_no_japanese_literal() -> None:
    assert len(CHECKED) > 10
    found = [
        f"{path.relative_to(SRC)}:{line}: {text!r}"
        for path in CHECKED
        for line, text in japanese_literals(path.read_text("utf-8"))
    ]
    assert found == []
