"""Every extraction_issues code the source raises, found by reading it (ast).

A code reaches an issue through a *sink*: `result.warn(code, …)`,
`result.error(code, …)`, or the constructor of a class with a `code` field
(`Issue(code=…)`, `checks.Mismatch("sum_mismatch", …)`). A function that
hands its own `code` parameter to a sink (`warn_measure(code, …)`) is a
sink too, and so is one that hands it to a reporting function it is given
(`issue(result.error, "invalid_date", …)`). At each call of a sink the code
must be a string literal, a conditional of literals, a local name or a
module constant assigned literals, a parameter passed on (its callers are
read), an object's `.code` passed on (its constructor is read), or an
expression listed in `dynamic` with the codes it stands for. Anything else
is reported as unreadable, so a new way of raising an issue cannot slip
past the scan.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPORTERS = {"warn": "warning", "error": "error"}
# `.warn` / `.error` of these are Python's warnings and logging, not issues.
NOT_REPORTERS = {"warnings", "logging", "logger", "log", "typer"}


@dataclass(frozen=True, slots=True)
class Use:
    code: str
    severity: str | None  # None: the scan cannot tell (a class's constructor)
    where: str  # path:line


@dataclass(slots=True)
class Scan:
    uses: list[Use] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # "path:line: why"


@dataclass(frozen=True, slots=True)
class Sink:
    index: int  # position of the code among the call's arguments
    severity: str | None
    reporter: int | None = None  # position of the reporting function passed in, if any
    severity_field: int | None = None  # a carrier's `severity` field: position …
    severity_default: str | None = None  # … and default


@dataclass(frozen=True, slots=True)
class _Function:
    node: ast.FunctionDef
    path: str


def _params(node: ast.FunctionDef) -> list[str]:
    names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _functions(trees: Mapping[str, ast.Module]) -> list[_Function]:
    return [
        _Function(node, path)
        for path, tree in trees.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
    ]


def _carriers(trees: Mapping[str, ast.Module]) -> dict[str, Sink]:
    """Classes with a `code` field: their constructors take a code."""
    out: dict[str, Sink] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            fields = {
                s.target.id: s.value
                for s in node.body
                if isinstance(s, ast.AnnAssign)
                and isinstance(s.target, ast.Name)
                and not _is_classvar(s.annotation)
            }
            if "code" not in fields:
                continue
            names = list(fields)
            if "severity" not in fields:
                out[node.name] = Sink(names.index("code"), None)
                continue
            default = fields["severity"]
            out[node.name] = Sink(
                names.index("code"),
                None,
                severity_field=names.index("severity"),
                severity_default=(
                    default.value
                    if isinstance(default, ast.Constant) and isinstance(default.value, str)
                    else None
                ),
            )
    return out


def _is_classvar(annotation: ast.expr) -> bool:
    return "ClassVar" in ast.unparse(annotation)


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        owner = call.func.value
        if isinstance(owner, ast.Name) and owner.id in NOT_REPORTERS:
            return None
        return call.func.attr
    return None


def _argument(call: ast.Call, index: int, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    return positional[index] if index < len(positional) else None


def _sinks(trees: Mapping[str, ast.Module]) -> dict[str, Sink]:
    """Reporters, carriers, and the functions that pass a code on to them."""
    sinks: dict[str, Sink] = {name: Sink(0, severity) for name, severity in REPORTERS.items()}
    sinks.update(_carriers(trees))
    functions = _functions(trees)
    changed = True
    while changed:
        changed = False
        for function in functions:
            name, params = function.node.name, _params(function.node)
            if name in sinks or "code" not in params:
                continue
            for call in _calls(function.node):
                sink = _sink_of(call, sinks, params)
                if sink is not None:
                    sinks[name] = sink
                    changed = True
                    break
    return sinks


def _calls(node: ast.AST) -> Iterator[ast.Call]:
    return (n for n in ast.walk(node) if isinstance(n, ast.Call))


def _sink_of(call: ast.Call, sinks: Mapping[str, Sink], params: list[str]) -> Sink | None:
    """The sink a function becomes when this call passes its `code` parameter on."""
    index = params.index("code")
    callee = _callee(call)
    if callee is not None and callee in sinks:
        sink = sinks[callee]
        passed = _argument(call, sink.index, "code")
        if isinstance(passed, ast.Name) and passed.id == "code":
            return Sink(index, sink.severity)
    if isinstance(call.func, ast.Name) and call.func.id in params:
        # report(code, …) with `report` handed in: result.warn or result.error.
        passed = _argument(call, 0, "code")
        if isinstance(passed, ast.Name) and passed.id == "code":
            return Sink(index, None, reporter=params.index(call.func.id))
    return None


NOT_EXTRACTION = "publish"


def scan(root: Path, src: Path, dynamic: Mapping[str, frozenset[str]]) -> Scan:
    """Every code raised under `src`, with where (relative to `root`) and how severe."""
    trees = {
        str(path.relative_to(root)): ast.parse(path.read_text("utf-8"), str(path))
        for path in sorted(src.rglob("*.py"))
        # Publishing reads OUT after extraction: it raises no extraction_issues.
        if NOT_EXTRACTION not in path.relative_to(src).parts
    }
    sinks = _sinks(trees)
    out = Scan()
    for path, tree in trees.items():
        for scope, call in _calls_in_scopes(tree):
            callee = _callee(call)
            if callee not in sinks:
                continue
            sink = sinks[callee]
            code = _argument(call, sink.index, "code")
            where = f"{path}:{call.lineno}"
            if code is None:
                continue  # e.g. `.error()` of something else with no arguments
            severity = _severity(call, sink)
            for value in _codes(code, _Site(scope, tree, dynamic, where, out)):
                out.uses.append(Use(value, severity, where))
    return out


def _calls_in_scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.Call]]:
    """Each call with the innermost function (or the module) it sits in."""

    def visit(node: ast.AST, scope: ast.AST) -> Iterator[tuple[ast.AST, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
            if isinstance(child, ast.Call):
                yield scope, child
            yield from visit(child, inner)

    return visit(tree, tree)


def _severity(call: ast.Call, sink: Sink) -> str | None:
    if sink.reporter is not None:
        reporter = _argument(call, sink.reporter, "")
        if isinstance(reporter, ast.Attribute):
            return REPORTERS.get(reporter.attr)
        return None
    if sink.severity_field is not None:
        severity = _argument(call, sink.severity_field, "severity")
        if severity is None:
            return sink.severity_default
        if isinstance(severity, ast.Constant) and isinstance(severity.value, str):
            return severity.value
        return None
    return sink.severity


@dataclass(frozen=True, slots=True)
class _Site:
    """Where a sink is called: what names there may hold, and where to report."""

    scope: ast.AST  # the innermost function, or the module
    module: ast.Module
    dynamic: Mapping[str, frozenset[str]]
    where: str
    out: Scan


def _codes(expr: ast.expr, site: _Site) -> list[str]:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        return _codes(expr.body, site) + _codes(expr.orelse, site)
    if isinstance(expr, ast.Attribute) and expr.attr == "code":
        return []  # passed on from an object whose constructor the scan reads
    if isinstance(expr, ast.Name):
        scope = site.scope
        if isinstance(scope, ast.FunctionDef) and expr.id in _params(scope):
            if expr.id == "code":
                return []  # passed on: the function's callers are read
            site.out.unreadable.append(
                f"{site.where}: the code comes in as parameter {expr.id!r}; name it `code`"
                " so the scan reads the callers"
            )
            return []
        assigned = list(_assigned(scope, expr.id)) or list(_constants(site.module, expr.id))
        if assigned:
            return [code for value in assigned for code in _codes(value, site)]
    text = ast.unparse(expr)
    if text in site.dynamic:
        return sorted(site.dynamic[text])
    site.out.unreadable.append(
        f"{site.where}: code {text} is not a string literal; write one, or list the expression"
        " and the codes it gives in DYNAMIC_CODES (tests/test_issue_codes.py)"
    )
    return []


def _constants(module: ast.Module, name: str) -> Iterator[ast.expr]:
    """The values a module's top level assigns to `name` (`CODE = "…"`)."""
    for node in module.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                yield node.value


def _assigned(scope: ast.AST, name: str) -> Iterator[ast.expr]:
    """The values assigned to `name` in the scope: `code = …`, `code, message = …, …`."""
    for node in ast.walk(scope):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id == name:
                yield node.value
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                for element, value in zip(target.elts, node.value.elts, strict=False):
                    if isinstance(element, ast.Name) and element.id == name:
                        yield value
