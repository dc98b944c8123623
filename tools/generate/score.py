"""Score dxparse on the generated corpus (tests/generated/): not a test.

    .venv/bin/python tools/generate/score.py [FOLDER] [--json out/score-generated.json]

Every `<name>.pdf` with its `<name>.json` goes through dxparse's pipeline
(`process_document`, as `dxparse extract` runs it). Reported, per kind and
dataset: per-field accuracy (a field is right when it equals the expected
value; a metric's `text` when the expected clause lies inside the published
one), **silently wrong values** (a published non-null value that differs
from the expected one, or a value in a row the document does not have),
missing rows, extra rows, and the documents that miss rows while their
status is `ok`; and each document's status, error count and misses.

Rows are matched without trusting the parser's numbering: action-plan rows
by their key (initiative, year, series ...); DX measures page by page, each
expected row to the unused published row on its page that agrees on most
fields; metrics within their matched measure by value and unit, then by
value, then by unit.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import argparse
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KINDS = {"dx_progress_report": "dx", "action_plan": "ap"}
AP_KEYS: dict[str, tuple[str, ...]] = {
    "ap_initiatives": ("initiative_id",),
    "ap_year_plans": ("initiative_id", "fiscal_year"),
    "ap_indicator_values": ("initiative_id", "period", "fiscal_year", "series"),
    "ap_fiscal_effects": ("initiative_id", "period", "fiscal_year", "category", "series"),
    "ap_tasks": ("initiative_id", "task_no"),
    "ap_reviews": ("initiative_id",),
}
# Not values: the row's numbering, which the matching does not trust.
NOT_SCORED = frozenset({"document_id", "row_no", "metric_no"})
DOC_FIELDS = ("kind", "pages", "status")


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass
class Tally:
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    wrong: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # silently
    examples: list[str] = field(default_factory=list)
    rows_expected: int = 0
    rows_missing: int = 0
    rows_extra: int = 0
    extra_values: int = 0

    def field(self, name: str, want: Any, got: Any, where: str, silent: bool = True) -> None:
        """silent=False: a difference the document reports itself (its status)."""
        self.total[name] += 1
        ok = (
            (want in got if isinstance(want, str) and isinstance(got, str) else False)
            if (name == "text")
            else want == got
        )
        if ok:
            self.right[name] += 1
        elif got is not None:
            if silent:
                self.wrong[name] += 1
            if len(self.examples) < 40:
                self.examples.append(f"{where} {name}: {got!r} (expected {want!r})")

    def missing_row(self, want: dict[str, Any]) -> None:
        self.rows_missing += 1
        for name in want:
            if name not in NOT_SCORED:
                self.total[name] += 1

    def extra_row(self, got: dict[str, Any], where: str) -> None:
        self.rows_extra += 1
        values = [
            k
            for k, v in got.items()
            if v is not None and k not in NOT_SCORED | {"page", "municipality", "municipality_code"}
        ]
        self.extra_values += len(values)
        if len(self.examples) < 40:
            self.examples.append(f"{where} extra row: { ({k: got[k] for k in values})!r:.120}")

    def summary(self) -> dict[str, Any]:
        fields = {
            name: {
                "right": self.right[name],
                "total": self.total[name],
                "accuracy": round(self.right[name] / self.total[name], 4),
                "silently_wrong": self.wrong[name],
            }
            for name in sorted(self.total)
        }
        right, total = sum(self.right.values()), sum(self.total.values())
        return {
            "fields_right": right,
            "fields_total": total,
            "accuracy": round(right / total, 4) if total else None,
            "silently_wrong": sum(self.wrong.values()) + self.extra_values,
            "silently_wrong_in_matched_rows": sum(self.wrong.values()),
            "values_in_extra_rows": self.extra_values,
            "rows_expected": self.rows_expected,
            "rows_missing": self.rows_missing,
            "rows_extra": self.rows_extra,
            "fields": fields,
            "examples": self.examples,
        }


def compare_fields(t: Tally, want: dict[str, Any], got: dict[str, Any], where: str) -> None:
    for name, value in want.items():
        if name not in NOT_SCORED:
            t.field(name, value, plain(got.get(name)), where)


def score_keyed(
    t: Tally,
    want: list[dict[str, Any]],
    got: list[dict[str, Any]],
    keys: tuple[str, ...],
    where: str,
) -> None:
    t.rows_expected += len(want)
    by_key: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in got:
        by_key.setdefault(tuple(row.get(k) for k in keys), row)
    used: set[tuple[Any, ...]] = set()
    for row in want:
        key = tuple(row[k] for k in keys)
        if key in by_key:
            used.add(key)
            compare_fields(t, row, by_key[key], f"{where} {key}")
        else:
            t.missing_row(row)
    for key, row in by_key.items():
        if key not in used:
            t.extra_row(row, f"{where} {key}")


def _agreement(want: dict[str, Any], got: dict[str, Any]) -> int:
    return sum(
        1 for k in ("measure", "item", "status", "detail", "outlook") if want.get(k) == got.get(k)
    )


def score_dx(
    tallies: dict[str, Tally],
    exp: dict[str, Any],
    got: dict[str, list[dict[str, Any]]],
    name: str,
) -> int:
    """DX rows of one document; returns the number of missing measure rows."""
    score_keyed(tallies["dx_reports"], exp["dx_reports"], got.get("dx_reports", []), (), name)
    t = tallies["dx_measures"]
    t.rows_expected += len(exp["dx_measures"])
    free = list(got.get("dx_measures", []))
    pairs: dict[int, dict[str, Any]] = {}
    missing = 0
    for row in exp["dx_measures"]:
        same_page = [g for g in free if g.get("page") == row["page"]]
        best = max(same_page, key=lambda g: _agreement(row, g), default=None)
        if best is None or _agreement(row, best) == 0:
            t.missing_row(row)
            missing += 1
            continue
        free.remove(best)
        pairs[row["row_no"]] = best
        compare_fields(t, row, best, f"{name} p{row['page']} row {row['row_no']}")
    for g in free:
        t.extra_row(g, f"{name} p{g.get('page')}")
    tm = tallies["dx_metrics"]
    tm.rows_expected += len(exp["dx_metrics"])
    metrics: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in got.get("dx_metrics", []):
        metrics[m["row_no"]].append(m)
    matched_rows = {id(r): r for r in pairs.values()}
    pool = {rid: list(metrics.get(r["row_no"], [])) for rid, r in matched_rows.items()}
    for m, found in _metric_pairs(exp["dx_metrics"], pairs, pool):
        if found is None:
            tm.missing_row(m)
        else:
            compare_fields(tm, m, found, f"{name} row {m['row_no']} {m['text']}")
    for rid, rest in pool.items():
        for c in rest:
            tm.extra_row(c, f"{name} row {matched_rows[rid].get('row_no')}")
    for row_no, ms in metrics.items():
        if not any(r["row_no"] == row_no for r in matched_rows.values()):
            for c in ms:
                tm.extra_row(c, f"{name} unmatched row {row_no}")
    return missing


_METRIC_TESTS: tuple[Callable[[dict[str, Any], dict[str, Any]], bool], ...] = (
    lambda m, c: (plain(c["value"]), c["unit"]) == (m["value"], m["unit"]),
    lambda m, c: plain(c["value"]) == m["value"],
    lambda m, c: c["unit"] == m["unit"] and m["text"] in (c.get("text") or ""),
)


def _metric_pairs(
    expected: list[dict[str, Any]],
    pairs: dict[int, dict[str, Any]],
    pool: dict[int, list[dict[str, Any]]],
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each expected figure with the published one it is (None: missing), in
    passes over all figures of a row: same value and unit first, then same
    value, then same unit with the expected clause inside the published text;
    matched figures leave the pool, what is left there is extra."""
    found: dict[int, dict[str, Any]] = {}
    for test in _METRIC_TESTS:
        for i, m in enumerate(expected):
            row = pairs.get(m["row_no"])
            if i in found or row is None:
                continue
            cands = pool.get(id(row), [])
            hit = next((c for c in cands if test(m, c)), None)
            if hit is not None:
                cands.remove(hit)
                found[i] = hit
    return [(m, found.get(i)) for i, m in enumerate(expected)]


def summarise(
    tallies: dict[str, dict[str, Tally]], documents: list[dict[str, Any]]
) -> dict[str, Any]:
    """Per kind: documents by status, field accuracy, silently wrong values,
    documents missing rows while ok, and the per-dataset summaries."""
    kinds: dict[str, Any] = {}
    for kind, tk in tallies.items():
        per = {ds: t.summary() for ds, t in sorted(tk.items())}
        right = sum(s["fields_right"] for s in per.values())
        total = sum(s["fields_total"] for s in per.values())
        docs = [d for d in documents if d["kind"] == kind]
        kinds[kind] = {
            "documents": len(docs),
            "status": {
                s: sum(1 for d in docs if d["status"] == s) for s in ("ok", "partial", "failed")
            },
            "accuracy": round(right / total, 4) if total else None,
            "fields_right": right,
            "fields_total": total,
            "silently_wrong": sum(s["silently_wrong"] for s in per.values()),
            "documents_missing_rows_while_ok": sum(1 for d in docs if d["missing_rows_while_ok"]),
            "rows_missing_while_ok": sum(
                sum(d["missing_rows"].values()) for d in docs if d["missing_rows_while_ok"]
            ),
            "datasets": per,
        }
    return kinds


def run(folder: Path) -> dict[str, Any]:
    from dxparse.pipeline import Options, process_document

    tallies: dict[str, dict[str, Tally]] = {"dx": defaultdict(Tally), "ap": defaultdict(Tally)}
    documents: list[dict[str, Any]] = []
    for exp_path in sorted(folder.glob("*.json")):
        pdf = exp_path.with_suffix(".pdf")
        if not pdf.exists():
            continue
        exp = json.loads(exp_path.read_text("utf-8"))
        kind = KINDS[exp["documents"][0]["kind"]]
        out = process_document(pdf, Options())
        got = {
            ds: [{k: plain(v) for k, v in r.model_dump().items()} for r in rows]
            for ds, rows in out.records.items()
        }
        doc = out.document.model_dump()
        tk = tallies[kind]
        for f in DOC_FIELDS:
            # A `partial` where `ok` was due is not silent: the document says it.
            tk["documents"].field(
                f, exp["documents"][0][f], doc.get(f), pdf.stem, silent=f != "status"
            )
        tk["documents"].rows_expected += 1
        before = {ds: t.rows_missing for ds, t in tk.items()}
        if kind == "dx":
            score_dx(tk, exp, got, pdf.stem)
        else:
            for ds, keys in AP_KEYS.items():
                score_keyed(tk[ds], exp.get(ds, []), got.get(ds, []), keys, pdf.stem)
        missing = {ds: t.rows_missing - before.get(ds, 0) for ds, t in tk.items()}
        missing = {ds: n for ds, n in missing.items() if n}
        issues = got.get("extraction_issues", [])
        documents.append(
            {
                "document": pdf.name,
                "kind": kind,
                "status": doc["status"],
                "errors": sum(1 for i in issues if i["severity"] == "error"),
                "warnings": sum(1 for i in issues if i["severity"] == "warning"),
                "missing_rows": missing,
                "missing_rows_while_ok": bool(missing) and doc["status"] == "ok",
            }
        )
    kinds = summarise(tallies, documents)
    return {"folder": str(folder), "kinds": kinds, "documents": documents}


def pct(ratio: float | None) -> str:
    return "-" if ratio is None else f"{100 * ratio:.1f}%"


def report(summary: dict[str, Any]) -> str:
    lines: list[str] = []
    for kind, k in summary["kinds"].items():
        if not k["documents"]:
            continue
        status = ", ".join(f"{n} {s}" for s, n in k["status"].items())
        lines.append(
            f"== {kind}: {k['documents']} documents ({status}); "
            f"fields {k['fields_right']}/{k['fields_total']} = {pct(k['accuracy'])}; "
            f"silently wrong {k['silently_wrong']}; documents missing rows while ok "
            f"{k['documents_missing_rows_while_ok']} ({k['rows_missing_while_ok']} rows)"
        )
        for ds, s in k["datasets"].items():
            lines.append(
                f"  {ds}: {s['fields_right']}/{s['fields_total']} = {pct(s['accuracy'])};"
                f" rows {s['rows_expected']} expected, {s['rows_missing']} missing,"
                f" {s['rows_extra']} extra; silently wrong {s['silently_wrong']}"
                f" ({s['values_in_extra_rows']} in extra rows)"
            )
            for name, f in s["fields"].items():
                if f["right"] != f["total"]:
                    lines.append(
                        f"      {name:24} {f['right']:5}/{f['total']:<5} {pct(f['accuracy']):>7}"
                        f"  silently wrong {f['silently_wrong']}"
                    )
    lines.append("== documents")
    for d in summary["documents"]:
        miss = ", ".join(f"{ds} {n}" for ds, n in d["missing_rows"].items()) or "-"
        flag = "  MISSING ROWS WHILE OK" if d["missing_rows_while_ok"] else ""
        lines.append(
            f"  {d['document']:14} {d['status']:8} errors {d['errors']:3}"
            f" warnings {d['warnings']:3}"
            f"  missing: {miss}{flag}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parents[2]
    ap.add_argument("folder", nargs="?", type=Path, default=root / "tests" / "generated")
    ap.add_argument("--json", type=Path, default=root / "out" / "score-generated.json")
    ap.add_argument("--examples", action="store_true", help="print examples of wrong values")
    args = ap.parse_args(argv)
    summary = run(args.folder)
    print(report(summary))
    if args.examples:
        for kind, k in summary["kinds"].items():
            for ds, s in k["datasets"].items():
                for e in s["examples"]:
                    print(f"  [{kind} {ds}] {e}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"summary written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
