"""Minimal in-memory stand-in for the slice of Solr's HTTP API that CKAN 2.12 uses.

Copied from the reference in ../shared/ckan/ (lint fixes only).

NOT Solr: no analysis, no scoring. It stores the documents CKAN indexes and
answers select/update/schema/ping so that CKAN's write paths (package_create,
resource_create, ...) and simple package_search filters work. Stdlib only.

usage: python solr_stub.py PORT SCHEMA_XML   (serves /solr/<core>/...)
"""

from __future__ import annotations

import fnmatch
import json
import re
import sys
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

DOCS: dict[str, dict] = {}
LOCK = threading.Lock()
SCHEMA = b""
TEXT_FIELDS = {
    "text",
    "title",
    "notes",
    "title_ngram",
    "name_ngram",
    "res_name",
    "res_description",
    "tags",
    "groups",
    "organization",
}

# ---------------------------------------------------------------- query parsing
TOK = re.compile(r'\s*(\(|\)|\[|\]|\{(?!!)|\}|"(?:\\.|[^"\\])*"|\+|-(?=\S)|[^\s()"\[\]{}]+)')


def tokenize(s: str) -> list[str]:
    s = re.sub(r"^\{![^}]*\}", "", s.strip())  # local params {!...}
    out, pos = [], 0
    while pos < len(s):
        m = TOK.match(s, pos)
        if not m:
            break
        pos = m.end()
        if m.group(1):
            out.append(m.group(1))
    return out


def unq(v: str) -> str:
    if len(v) >= 2 and v[0] == v[-1] == '"':
        return re.sub(r"\\(.)", r"\1", v[1:-1])
    return re.sub(r"\\(.)", r"\1", v)


class P:
    def __init__(self, toks, default_field=None):
        self.t, self.i, self.df = toks, 0, default_field

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self):
        tok = self.t[self.i]
        self.i += 1
        return tok

    def parse_bool(self, field=None):
        """Returns ('bool', [(occur, node)]); occur in MUST/SHOULD/NOT."""
        clauses, pending_and = [], False
        while self.peek() not in (None, ")"):
            tok = self.peek()
            if tok in ("AND", "&&"):
                self.take()
                if clauses and clauses[-1][0] == "SHOULD":
                    clauses[-1] = ("MUST", clauses[-1][1])
                pending_and = True
                continue
            if tok in ("OR", "||"):
                self.take()
                continue
            occur = "SHOULD"
            if tok in ("+", "-", "NOT", "!"):
                self.take()
                occur = "MUST" if tok == "+" else "NOT"
            if occur == "SHOULD" and pending_and:
                occur = "MUST"
            pending_and = False
            clauses.append((occur, self.parse_clause(field)))
        return ("bool", clauses)

    def parse_clause(self, field):
        tok = self.take()
        if tok == "(":
            node = self.parse_bool(field)
            if self.peek() == ")":
                self.take()
            return node
        m = re.match(r"^([A-Za-z_*][\w.*-]*):(.*)$", tok)
        if m and not tok.startswith('"'):
            f, rest = m.group(1), m.group(2)
            nxt_tok = self.peek()
            opens = nxt_tok in ("(", "[", "{") or bool(nxt_tok and nxt_tok.startswith('"'))
            if rest == "" and opens:
                nxt = self.take()
                if nxt == "(":
                    node = self.parse_bool(f)
                    if self.peek() == ")":
                        self.take()
                    return node
                if nxt in ("[", "{"):
                    parts = []
                    while self.peek() not in (None, "]", "}"):
                        parts.append(self.take())
                    if self.peek():
                        self.take()
                    lo, hi = [*parts, "*", "*", "*"][0], [*parts, "*", "*", "*"][2]
                    return ("range", f, unq(lo), unq(hi))
                return ("term", f, unq(nxt))
            if f == "*" and rest == "*":
                return ("all",)
            return ("term", f, unq(rest))
        if tok == "*:*":
            return ("all",)
        return ("term", field or self.df, unq(tok))


def values(doc, field):
    if field is None:  # default/full-text field: every indexed value
        vals = []
        for k, v in doc.items():
            if k in ("data_dict", "validated_data_dict"):
                continue
            vals.extend(v if isinstance(v, list) else [v])
        return vals, True
    if "*" in field:
        vals = []
        for k, v in doc.items():
            if fnmatch.fnmatchcase(k, field):
                vals.extend(v if isinstance(v, list) else [v])
        return vals, True
    v = doc.get(field)
    if field == "text":
        return values(doc, None)
    if v is None:
        return [], field in TEXT_FIELDS
    return (v if isinstance(v, list) else [v]), field in TEXT_FIELDS


def match(node, doc) -> bool:
    kind = node[0]
    if kind == "all":
        return True
    if kind == "bool":
        cl = node[1]
        must = [n for o, n in cl if o == "MUST"]
        should = [n for o, n in cl if o == "SHOULD"]
        nots = [n for o, n in cl if o == "NOT"]
        if any(match(n, doc) for n in nots):
            return False
        if not all(match(n, doc) for n in must):
            return False
        if must or not should:
            return True
        return any(match(n, doc) for n in should)
    if kind == "term":
        _, f, v = node
        vals, is_text = values(doc, f)
        if v == "*":
            return bool(vals)
        for x in vals:
            sx = str(x).lower() if isinstance(x, bool) else str(x)
            if "*" in v or "?" in v:
                if fnmatch.fnmatchcase(sx.lower(), v.lower()):
                    return True
            elif sx == v or (is_text and v.lower() in sx.lower()):
                return True
        return False
    if kind == "range":
        _, f, lo, hi = node
        vals, _ = values(doc, f)
        return any((lo == "*" or str(x) >= lo) and (hi == "*" or str(x) <= hi) for x in vals)
    return True


def parse(q: str, default_field=None):
    q = (q or "").strip()
    if not q or q == "*:*":
        return ("all",)
    return P(tokenize(q), default_field).parse_bool()


# ---------------------------------------------------------------- handlers
def select(params: dict[str, list[str]]) -> dict:
    def g(k, d=None):
        return params.get(k, [d])[0]

    q = g("q", "*:*")
    deftype = g("defType", "lucene")
    if deftype in ("dismax", "edismax") and ":" not in q:
        words = [w for w in tokenize(q) if w not in ("AND", "OR", "+", "-")]
        qnode = ("bool", [("MUST", ("term", None, unq(w))) for w in words]) if words else ("all",)
    else:
        qnode = parse(q)
    fnodes = [parse(fq) for fq in params.get("fq", []) if fq.strip()]
    with LOCK:
        docs = [d for d in DOCS.values() if match(qnode, d) and all(match(n, d) for n in fnodes)]
    sort = g("sort")
    if sort:
        for part in reversed([p.strip() for p in sort.split(",") if p.strip()]):
            bits = part.split()
            fld, desc = bits[0], len(bits) > 1 and bits[1].lower() == "desc"
            if fld == "score":
                continue
            docs.sort(key=lambda d: str(d.get(fld, "")), reverse=desc)
    start, rows = int(g("start", "0") or 0), int(g("rows", "10") or 10)
    fl = g("fl", "*") or "*"
    fields = [f for f in re.split(r"[\s,]+", fl) if f and f != "score"]
    page = docs[start : start + rows]
    if "*" not in fields:
        page = [{k: d[k] for k in fields if k in d} for d in page]
    out = {
        "responseHeader": {"status": 0, "QTime": 0},
        "response": {"numFound": len(docs), "start": start, "numFoundExact": True, "docs": page},
    }
    if g("facet", "false") == "true":
        limit = int(g("facet.limit", "50") or 50)
        mincount = int(g("facet.mincount", "1") or 1)
        ff = {}
        for f in params.get("facet.field", []):
            counts: dict[str, int] = {}
            for d in docs:
                v = d.get(f)
                for x in (v if isinstance(v, list) else [v]) if v is not None else []:
                    counts[str(x)] = counts.get(str(x), 0) + 1
            items = sorted(
                ((k, c) for k, c in counts.items() if c >= mincount),
                key=lambda kc: (-kc[1], kc[0]),
            )
            if limit >= 0:
                items = items[:limit]
            ff[f] = [y for kc in items for y in kc]
        out["facet_counts"] = {
            "facet_queries": {},
            "facet_fields": ff,
            "facet_ranges": {},
            "facet_intervals": {},
            "facet_heatmaps": {},
        }
    return out


def update(body: bytes, ctype: str) -> None:
    body_s = body.decode("utf-8") if body else ""
    if not body_s.strip():
        return
    if "json" in ctype or body_s.lstrip()[:1] in ("[", "{"):
        data = json.loads(body_s)
        docs = data if isinstance(data, list) else data.get("add", {}).get("doc", [])
        if isinstance(docs, dict):
            docs = [docs]
        with LOCK:
            for d in docs:
                DOCS[str(d.get("index_id") or d.get("id"))] = d
        return
    root = ET.fromstring(body_s)
    with LOCK:
        for el in root.iter():
            if el.tag == "doc":
                d: dict = {}
                for f in el.findall("field"):
                    n = f.get("name")
                    d.setdefault(n, []).append(f.text or "")
                d = {k: (v[0] if len(v) == 1 else v) for k, v in d.items()}
                DOCS[str(d.get("index_id") or d.get("id"))] = d
        if root.tag == "delete":
            for el in root:
                if el.tag == "id":
                    DOCS.pop(el.text or "", None)
                    for k, d in list(DOCS.items()):
                        if d.get("id") == el.text:
                            DOCS.pop(k)
                elif el.tag == "query":
                    node = parse(el.text or "")
                    for k, d in list(DOCS.items()):
                        if match(node, d):
                            DOCS.pop(k)


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):  # quiet
        pass

    def _send(self, code, payload, ctype="application/json; charset=utf-8"):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, body=b""):
        u = urlsplit(self.path)
        params = parse_qs(u.query, keep_blank_values=True)
        ctype = self.headers.get("Content-Type", "")
        path = u.path.rstrip("/")
        try:
            if path.endswith("/select"):
                if body and "x-www-form-urlencoded" in ctype:
                    for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items():
                        params.setdefault(k, []).extend(v)
                return self._send(200, select(params))
            if path.endswith("/update"):
                update(body, ctype)
                return self._send(200, {"responseHeader": {"status": 0, "QTime": 0}})
            if path.endswith("/schema") or path.endswith("/admin/file"):
                return self._send(200, SCHEMA, "application/xml; charset=utf-8")
            if path.endswith("/admin/ping"):
                return self._send(200, {"responseHeader": {"status": 0}, "status": "OK"})
            return self._send(404, {"error": {"msg": "not found: " + path, "code": 404}})
        except Exception as e:  # report like Solr does
            return self._send(
                400,
                {
                    "responseHeader": {"status": 400},
                    "error": {"msg": f"{type(e).__name__}: {e}", "code": 400},
                },
            )

    def do_GET(self):
        self._route()

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self._route(self.rfile.read(n) if n else b"")


if __name__ == "__main__":
    port = int(sys.argv[1])
    with open(sys.argv[2], "rb") as schema_file:
        SCHEMA = schema_file.read()
    srv = ThreadingHTTPServer(("127.0.0.1", port), H)
    srv.daemon_threads = True
    print(f"solr stub on 127.0.0.1:{port}", flush=True)
    srv.serve_forever()
