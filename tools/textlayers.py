"""Text layers of the test PDFs, made by other extractors, and their score (issue 15).

    .venv/bin/python tools/textlayers.py make            # (re)write tests/textlayers/
    .venv/bin/python tools/textlayers.py score [--json out/score-textlayers.json]

`make` extracts every PDF of tests/generated/, tests/variants/{dx,ap,other}/
and samples/ with each RECIPE below and writes
`tests/textlayers/<recipe>/<name>.txt` (form feed = page break, as the
extractors print it), and once per PDF the expected records
`tests/textlayers/expected/<name>.json`: the PDF's expected records (the
variant format; the samples' from the shared gold) with the document's
`source_file` / `media_type` of a text layer, and `text_uncertain` notes for
the fields a text layer cannot settle (per recipe: a string value that the
layer does not print, e.g. pdfminer's text of a turned page).

`score` runs dxparse's pipeline on every layer and scores it as
tools/generate/score.py scores the PDFs (same matching, same tallies), per
recipe and kind; fields noted uncertain for that recipe are not scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.generate import score  # noqa: E402

OUT = ROOT / "tests" / "textlayers"
SOURCES = (
    ("gen", ROOT / "tests" / "generated"),
    ("vdx", ROOT / "tests" / "variants" / "dx"),
    ("vap", ROOT / "tests" / "variants" / "ap"),
    ("vother", ROOT / "tests" / "variants" / "other"),
)
SAMPLE_GOLD = Path("/work/shared/gold")


def _pdfminer(**params: Any) -> Callable[[Path], str]:
    def extract(pdf: Path) -> str:
        from pdfminer.high_level import extract_text
        from pdfminer.layout import LAParams

        return str(extract_text(str(pdf), laparams=LAParams(**params)))

    return extract


def _pdfium(pdf: Path) -> str:
    import pypdfium2  # type: ignore[import-untyped]

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = []
        for page in doc:
            text = page.get_textpage().get_text_range()
            pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
        return "".join(p + "\n\f" for p in pages)
    finally:
        doc.close()


# name → extractor. `pdfminer`: extract_text with default LAParams;
# `pdfminer-noflow`: LAParams(boxes_flow=None) (boxes in reading order by
# position only); `pdfium`: pypdfium2's page text.
RECIPES: dict[str, Callable[[Path], str]] = {
    "pdfminer": _pdfminer(),
    "pdfminer-noflow": _pdfminer(boxes_flow=None),
    "pdfium": _pdfium,
}


def pdfs() -> list[tuple[str, Path, Path]]:
    """(layer name, PDF, expected JSON) for every test PDF with expected records."""
    out: list[tuple[str, Path, Path]] = []
    for prefix, folder in SOURCES:
        for pdf in sorted(folder.glob("*.pdf")):
            exp = pdf.with_suffix(".json")
            if exp.exists():
                out.append((f"{prefix}_{pdf.stem}", pdf, exp))
    for pdf in sorted((ROOT / "samples").glob("*.pdf")):
        name = f"sample_{pdf.stem}"
        # The shared gold where it is at hand, else what was derived from it.
        gold = SAMPLE_GOLD / f"{pdf.stem}.json"
        if not gold.exists():
            gold = OUT / "expected" / f"{name}.json"
        if gold.exists():
            out.append((name, pdf, gold))
    return out


def _compact(text: str) -> str:
    from dxparse.parsers.dx.common import compact

    return compact(text)


# Fields not printed as such: derived, or the city from the code table.
NOT_PRINTED = frozenset({"municipality", "municipality_code", "text", "outlook_category"})


def uncertain_fields(expected: dict[str, Any], text: str) -> list[dict[str, str]]:
    """Fields whose expected string value this layer does not print
    (white space ignored): no reader of this layer can settle them."""
    flat = _compact(text)
    notes: list[dict[str, str]] = []
    for dataset, rows in expected.items():
        if dataset in ("documents", "text_uncertain") or not isinstance(rows, list):
            continue
        for n, row in enumerate(rows):
            for name, value in row.items():
                # ASCII values are codes, dates and enums (series, category):
                # not printed as such.
                if name in NOT_PRINTED or not isinstance(value, str) or value.isascii():
                    continue
                if _compact(value) not in flat:
                    notes.append(
                        {
                            "dataset": dataset,
                            "key": str(n),
                            "field": name,
                            "why": "the value is not printed in this text layer",
                        }
                    )
    return notes


def make() -> None:
    for recipe in RECIPES:
        (OUT / recipe).mkdir(parents=True, exist_ok=True)
    (OUT / "expected").mkdir(parents=True, exist_ok=True)
    for name, pdf, exp_path in pdfs():
        expected = json.loads(exp_path.read_text("utf-8"))
        expected = {k: v for k, v in expected.items() if k != "text_uncertain"}
        for doc in expected["documents"]:
            doc.pop("document_id", None)
            doc["source_file"] = f"{name}.txt"
            doc["media_type"] = "text/plain"
        for rows in expected.values():
            for row in rows:
                row.pop("document_id", None)
        uncertain: dict[str, list[dict[str, str]]] = {}
        for recipe, extract in RECIPES.items():
            text = extract(pdf)
            (OUT / recipe / f"{name}.txt").write_text(text, "utf-8")
            uncertain[recipe] = uncertain_fields(expected, text)
        expected["text_uncertain"] = uncertain
        (OUT / "expected" / f"{name}.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1) + "\n", "utf-8"
        )
        print(name, {r: len(u) for r, u in uncertain.items()})


def _without_uncertain(expected: dict[str, Any], notes: list[dict[str, str]]) -> dict[str, Any]:
    drop: dict[tuple[str, int], set[str]] = defaultdict(set)
    for note in notes:
        drop[(note["dataset"], int(note["key"]))].add(note["field"])
    out: dict[str, Any] = {}
    for dataset, rows in expected.items():
        if dataset == "text_uncertain":
            continue
        kept = []
        for n, row in enumerate(rows):
            gone = drop.get((dataset, n), set())
            # The matching keys stay (they are not values a reader can miss).
            kept.append({k: v for k, v in row.items() if k not in gone or k == "row_no"})
        out[dataset] = kept
    return out


def _fill(row: dict[str, Any], template: dict[str, Any]) -> dict[str, Any]:
    return {**{k: None for k in template}, **row}


def _silent_pages(exp: dict[str, Any], got: dict[str, Any]) -> list[tuple[str, int]]:
    """(dataset, page) where the layer gave fewer rows than the page prints
    and no error names the page: a loss a `partial` caused elsewhere hides."""
    errors = {i["page"] for i in got.get("extraction_issues", []) if i["severity"] == "error"}
    silent: list[tuple[str, int]] = []
    for dataset, rows in exp.items():
        if dataset == "documents" or not isinstance(rows, list):
            continue
        want = Counter(r["page"] for r in rows if r.get("page") is not None)
        have = Counter(r.get("page") for r in got.get(dataset, []))
        silent += [(dataset, page) for page, n in sorted(want.items()) if have[page] < n]
    return [(dataset, page) for dataset, page in silent if page not in errors]


def _fields_missed(tallies: dict[str, score.Tally]) -> int:
    return sum(
        sum(t.total.values()) - sum(t.right.values())
        for ds, t in tallies.items()
        if ds != "documents"
    )


def run(recipes: list[str], only: str | None = None) -> dict[str, Any]:
    from dxparse.pipeline import Options, process_document

    results: dict[str, Any] = {}
    for recipe in recipes:
        tallies: dict[str, dict[str, score.Tally]] = {
            "dx": defaultdict(score.Tally),
            "ap": defaultdict(score.Tally),
        }
        documents: list[dict[str, Any]] = []
        for exp_path in sorted((OUT / "expected").glob("*.json")):
            name = exp_path.stem
            if only and only not in name:
                continue
            layer = OUT / recipe / f"{name}.txt"
            raw = json.loads(exp_path.read_text("utf-8"))
            exp = _without_uncertain(raw, raw.get("text_uncertain", {}).get(recipe, []))
            kind = score.KINDS.get(exp["documents"][0]["kind"])
            out = process_document(layer, Options())
            got = {
                ds: [{k: score.plain(v) for k, v in r.model_dump().items()} for r in rows]
                for ds, rows in out.records.items()
            }
            doc = out.document.model_dump()
            issues = got.get("extraction_issues", [])
            record: dict[str, Any] = {
                "document": name,
                "kind": kind or "other",
                "status": doc["status"],
                "doc_kind": doc["kind"],
                "errors": sum(1 for i in issues if i["severity"] == "error"),
                "missing_rows": {},
            }
            if kind is None:
                record["right_kind"] = doc["kind"] == exp["documents"][0]["kind"]
                documents.append(record)
                continue
            tk = tallies[kind]
            for f in score.DOC_FIELDS:
                tk["documents"].field(
                    f, exp["documents"][0][f], doc.get(f), name, silent=f != "status"
                )
            tk["documents"].rows_expected += 1
            before = {ds: t.rows_missing for ds, t in tk.items()}
            unscored = _fields_missed(tk)
            if kind == "dx":
                if "dx_reports" not in exp:
                    exp["dx_reports"] = []
                score.score_dx(tk, exp, got, name)
            else:
                for ds, keys in score.AP_KEYS.items():
                    score.score_keyed(tk[ds], exp.get(ds, []), got.get(ds, []), keys, name)
            missing = {ds: t.rows_missing - before.get(ds, 0) for ds, t in tk.items()}
            record["missing_rows"] = {ds: n for ds, n in missing.items() if n}
            record["missing_rows_while_ok"] = bool(record["missing_rows"]) and doc["status"] == "ok"
            # Fields left null or missed with the document still `ok` (its
            # status itself not counted): a loss no error reports.
            missed = _fields_missed(tk) - unscored
            record["fields_missed_while_ok"] = missed if doc["status"] == "ok" else 0
            record["pages_missing_rows_silently"] = _silent_pages(exp, got)
            documents.append(record)
        kinds = score.summarise(tallies, documents)
        results[recipe] = {"kinds": kinds, "documents": documents}
    return results


def report(results: dict[str, Any], examples: bool) -> str:
    lines: list[str] = []
    for recipe, summary in results.items():
        lines.append(f"##### recipe {recipe}")
        lines.append(score.report({"kinds": summary["kinds"], "documents": []}))
        quiet = [
            f"{d['document']} ({d['fields_missed_while_ok']})"
            for d in summary["documents"]
            if d.get("fields_missed_while_ok")
        ]
        lines.append(f"== documents ok with fields missed: {len(quiet)} {' '.join(quiet)}")
        for d in summary["documents"]:
            if d["kind"] == "other":
                lines.append(f"  {d['document']}: kind {d['doc_kind']} (right: {d['right_kind']})")
        if examples:
            for kind, k in summary["kinds"].items():
                for ds, s in k["datasets"].items():
                    for e in s["examples"]:
                        lines.append(f"  [{kind} {ds}] {e}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("make", "score"))
    ap.add_argument("--recipe", action="append", choices=sorted(RECIPES))
    ap.add_argument("--only", help="score only layers whose name contains this")
    ap.add_argument("--json", type=Path, default=ROOT / "out" / "score-textlayers.json")
    ap.add_argument("--examples", action="store_true", help="print examples of wrong values")
    args = ap.parse_args(argv)
    if args.command == "make":
        make()
        return 0
    results = run(args.recipe or list(RECIPES), args.only)
    print(report(results, args.examples))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
