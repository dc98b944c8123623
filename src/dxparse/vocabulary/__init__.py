"""The forms' vocabulary: every wording the parsers look for, as data.

`common.toml` (shared words), `dx.toml` (DX progress reports) and
`action_plan.toml` (action-plan sheets) ship with the package and are
validated on load (pydantic, below) and read once. A city adds its own
wordings with `dxparse extract --vocabulary FILE.toml`: same format, each
file's tables under `[dx]` / `[action_plan]`; see `extend`.

The parsers read the vocabulary through `active()`: the shipped one, or the
shipped one plus the files `use` was given for the document being read
(set per document by the pipeline, so spawned workers see it too).

The contract's lists of known labels (`DX_STATUSES` …) are kept as module
names: a label outside them is kept as printed and reported
(`unknown_label`), so the lists say what is known, not what is allowed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

import jaconv
import regex
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from dxparse.normalise import normalize_text

T = TypeVar("T")

# The rows of an action plan's grids (the contract's codes).
Series = Literal["initial_plan", "revised_plan", "actual"]
Category = Literal["revenue", "expenditure", "total"]


class VocabularyError(Exception):
    """A vocabulary file that does not validate or contradicts another one."""


def _check_patterns(values: Iterable[str]) -> None:
    for value in values:
        try:
            regex.compile(value)
        except regex.error as error:
            raise ValueError(f"{value!r} is not a regular expression: {error}") from None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Model):
    """One printed label: its wordings, compared on the compacted cell text,
    and patterns (regular expressions) for wordings with optional parts."""

    wordings: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _check_patterns(value)
        return value


class Common(_Model):
    """Words both kinds of document print."""

    dashes: tuple[str, ...]
    patterns: dict[str, str]
    words: dict[str, str]

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: dict[str, str]) -> dict[str, str]:
        _check_patterns(value.values())
        return value


DX_FIELDS = ("measure", "item", "status", "detail", "outlook")


class Dx(_Model):
    """DX progress reports."""

    cues: tuple[str, ...]  # phrases that tell the kind of document (classify.py)
    headers: dict[str, tuple[str, ...]]  # row field → its header wordings
    required_headers: tuple[str, ...]
    statuses: tuple[str, ...]  # the contract's list
    status_words: tuple[str, ...]  # more progress words, anchors in a text layer
    outlook_categories: tuple[str, ...]  # the contract's list
    outlook: dict[str, tuple[str, ...]]  # category → the words an outlook ends in
    counters: tuple[str, ...]  # units a figure may print after its number
    unit_runs_on: dict[str, str]
    multipliers: dict[str, int]
    patterns: dict[str, str]
    words: dict[str, str]
    lists: dict[str, tuple[str, ...]]

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: dict[str, str]) -> dict[str, str]:
        # Templates (`${unit}`) are checked once filled in, by their readers.
        _check_patterns(p for p in value.values() if "${" not in p)
        return value


class ActionPlan(_Model):
    """Action-plan sheets."""

    cues: tuple[str, ...]
    labels: dict[str, Label]
    progress: tuple[str, ...]
    year_statuses: tuple[str, ...]
    activities: tuple[str, ...]
    outcomes: tuple[str, ...]
    ratings: tuple[str, ...]
    directions: tuple[str, ...]
    importance: tuple[str, ...]
    yes: tuple[str, ...]
    no: tuple[str, ...]
    series_value: dict[str, Series]  # wording → series
    series_amount: dict[str, Series]
    categories: dict[str, Category]  # wording → category
    effect_flags: dict[str, str]  # wording → field
    marks: str
    ticks: str
    quarters: tuple[str, ...]  # patterns, one per quarter
    patterns: dict[str, str]
    words: dict[str, str]
    lists: dict[str, tuple[str, ...]]

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, value: dict[str, str]) -> dict[str, str]:
        _check_patterns(value.values())
        return value


class Vocabulary(_Model):
    common: Common
    dx: Dx
    action_plan: ActionPlan

    @model_validator(mode="after")
    def _names_known(self) -> Vocabulary:
        """Entries that name columns, categories or labels name known ones."""
        dx, ap = self.dx, self.action_plan
        named = {
            "dx.headers": (set(dx.headers), set(DX_FIELDS)),
            "dx.required_headers": (set(dx.required_headers), set(DX_FIELDS)),
            "dx.outlook": (set(dx.outlook), set(dx.outlook_categories)),
            "action_plan.lists.row_labels": (set(ap.lists["row_labels"]), set(ap.labels)),
            "action_plan.lists.sheet_labels": (set(ap.lists["sheet_labels"]), set(ap.labels)),
        }
        for where, (names, known) in named.items():
            if not names <= known:
                raise ValueError(f"{where}: unknown {sorted(names - known)}")
        return self


# --- what a city's file may add ------------------------------------------------------


class DxExtension(_Model):
    headers: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    status_words: tuple[str, ...] = ()
    outlook: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class ActionPlanExtension(_Model):
    labels: dict[str, Label] = Field(default_factory=dict)
    progress: tuple[str, ...] = ()
    year_statuses: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()


class Extension(_Model):
    """A city's vocabulary file: wordings added to the shipped ones."""

    dx: DxExtension = DxExtension()
    action_plan: ActionPlanExtension = ActionPlanExtension()


# --- loading ---------------------------------------------------------------------------

_FILES = ("common", "dx", "action_plan")


@lru_cache(maxsize=1)
def shipped() -> Vocabulary:
    """The vocabulary that ships with dxparse, read and validated once."""
    folder = resources.files("dxparse.vocabulary")
    data = {
        name: tomllib.loads(folder.joinpath(f"{name}.toml").read_text("utf-8")) for name in _FILES
    }
    return Vocabulary.model_validate(data)


def _where(error: Mapping[str, Any]) -> str:
    return ".".join(str(part) for part in error["loc"])


def read_extension(path: Path) -> Extension:
    """One city file, validated; a usage error names the file, the entry and why."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as error:
        raise VocabularyError(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise VocabularyError(f"{path}: not a TOML file: {error}") from None
    try:
        return Extension.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        raise VocabularyError(f"{path}: {_where(first)}: {first['msg']}") from None


def _added(known: tuple[str, ...], more: Iterable[str]) -> tuple[str, ...]:
    return (*known, *(word for word in more if word not in known))


def extend(base: Vocabulary, extension: Extension, source: str) -> Vocabulary:
    """The vocabulary with a city's wordings added; two fields sharing a
    wording, or an unknown field, is a `VocabularyError` naming the entry."""
    return base.model_copy(
        update={
            "dx": _extend_dx(base.dx, extension.dx, source),
            "action_plan": _extend_ap(base.action_plan, extension.action_plan, source),
        }
    )


def _grouped(
    known: Mapping[str, tuple[str, ...]],
    more: Mapping[str, tuple[str, ...]],
    where: str,
    key: Callable[[str], str],
) -> dict[str, tuple[str, ...]]:
    """Wordings by field, with more added; a wording may name one field only."""
    out = dict(known)
    for name, words in more.items():
        if name not in out:
            raise VocabularyError(f"{where}.{name}: no such entry (known: {', '.join(out)})")
        for word in words:
            owner = next(
                (other for other, theirs in out.items() if key(word) in map(key, theirs)), None
            )
            if owner is not None and owner != name:
                raise VocabularyError(f"{where}.{name}: {word!r} is already a wording of {owner}")
        out[name] = _added(out[name], words)
    return out


def _extend_dx(dx: Dx, extension: DxExtension, source: str) -> Dx:
    return dx.model_copy(
        update={
            "headers": _grouped(
                dx.headers, extension.headers, f"{source}: dx.headers", compact_key
            ),
            "outlook": _grouped(dx.outlook, extension.outlook, f"{source}: dx.outlook", str),
            "status_words": _added(dx.status_words, extension.status_words),
        }
    )


def _extend_labels(
    known: Mapping[str, Label], more: Mapping[str, Label], where: str
) -> dict[str, Label]:
    labels = dict(known)
    for name, label in more.items():
        if name not in labels:
            raise VocabularyError(f"{where}.{name}: no such label")
        for word in label.wordings:
            owner = LabelSet(labels).name_of(compact_key(word))
            if owner is not None and owner != name:
                raise VocabularyError(f"{where}.{name}: {word!r} is already a wording of {owner}")
        for pattern in label.patterns:
            compiled = regex.compile(rf"^(?:{pattern})$")
            for owner, theirs in labels.items():
                hit = next((w for w in theirs.wordings if compiled.match(compact_key(w))), None)
                if owner != name and hit is not None:
                    raise VocabularyError(
                        f"{where}.{name}: {pattern!r} matches {hit!r}, a wording of {owner}"
                    )
        labels[name] = Label(
            wordings=_added(labels[name].wordings, label.wordings),
            patterns=_added(labels[name].patterns, label.patterns),
        )
    return labels


def _extend_ap(ap: ActionPlan, ext: ActionPlanExtension, source: str) -> ActionPlan:
    yes = _added(ap.yes, ext.yes)
    no = _added(ap.no, ext.no)
    both = sorted(set(yes) & set(no))
    if both:
        raise VocabularyError(f"{source}: action_plan.yes/no: {both[0]!r} is in both")
    return ap.model_copy(
        update={
            "labels": _extend_labels(ap.labels, ext.labels, f"{source}: action_plan.labels"),
            "progress": _added(ap.progress, ext.progress),
            "year_statuses": _added(ap.year_statuses, (*ext.progress, *ext.year_statuses)),
            "activities": _added(ap.activities, (*ext.progress, *ext.activities)),
            "outcomes": _added(ap.outcomes, ext.outcomes),
            "directions": _added(ap.directions, ext.directions),
            "yes": yes,
            "no": no,
        }
    )


@lru_cache(maxsize=16)
def merged(paths: tuple[str, ...]) -> Vocabulary:
    """The shipped vocabulary plus these city files, in order."""
    vocabulary = shipped()
    for path in paths:
        vocabulary = extend(vocabulary, read_extension(Path(path)), path)
    return vocabulary


_active: list[Vocabulary] = []


def use(paths: Iterable[str] = ()) -> Vocabulary:
    """Make the shipped vocabulary plus these files the one parsers read."""
    vocabulary = merged(tuple(str(p) for p in paths))
    _active[:] = [vocabulary]
    return vocabulary


@contextmanager
def using(paths: Iterable[str] = ()) -> Iterator[Vocabulary]:
    """The shipped vocabulary plus these files, for the parsers run inside."""
    before = list(_active)
    try:
        yield use(paths)
    finally:
        _active[:] = before


def active() -> Vocabulary:
    return _active[0] if _active else shipped()


def derived(build: Callable[[Vocabulary], T]) -> Callable[[], T]:
    """What a parser builds from the vocabulary (compiled patterns, look-up
    tables), built once per vocabulary in use."""
    cache: dict[int, tuple[Vocabulary, T]] = {}

    def get() -> T:
        vocabulary = active()
        hit = cache.get(id(vocabulary))
        if hit is None or hit[0] is not vocabulary:
            hit = (vocabulary, build(vocabulary))
            cache[id(vocabulary)] = hit
        return hit[1]

    return get


_FRAGMENT = regex.compile(r"\$\{(\w+)\}")


def resolve(template: str, **fragments: str) -> str:
    """A pattern with its `${name}` fragments filled in (fragments may hold more)."""
    seen = 0
    while "${" in template:
        template = _FRAGMENT.sub(lambda m: fragments[m.group(1)], template)
        seen += 1
        if seen > 8:
            raise VocabularyError(f"pattern fragments refer to each other: {template[:80]}")
    return template


# --- matching labels ---------------------------------------------------------------------

_SPACE = regex.compile(r"\s+")


def compact_key(text: str) -> str:
    """A wording as labels are compared: NFKC, radicals, no white space."""
    return _SPACE.sub("", normalize_text(text))


class LabelSet:
    """The sheet labels, matched on compacted text (first label that matches)."""

    def __init__(self, labels: Mapping[str, Label]) -> None:
        self.labels = dict(labels)
        self._exact = {
            name: frozenset(compact_key(w) for w in label.wordings)
            for name, label in self.labels.items()
        }
        self._patterns = {
            name: [regex.compile(rf"^(?:{p})$") for p in label.patterns]
            for name, label in self.labels.items()
        }
        self._prefix = {
            name: regex.compile(
                "^(?:"
                + "|".join(
                    [
                        *sorted(map(regex.escape, self._exact[name]), key=len, reverse=True),
                        *(f"(?:{p})" for p in label.patterns),
                    ]
                )
                + ")"
            )
            for name, label in self.labels.items()
            if label.wordings or label.patterns
        }

        self._names: dict[str, str | None] = {}
        self._matched: dict[tuple[str, str], bool] = {}
        self._every: dict[str, frozenset[str]] = {}
        self._anywhere = {
            name: regex.compile(pattern.pattern[1:]) for name, pattern in self._prefix.items()
        }

    def matches(self, name: str, key: str) -> bool:
        # Remembered: a sheet parser asks about every cell for every label.
        hit = self._matched.get((name, key))
        if hit is None:
            hit = key in self._exact[name] or any(p.match(key) for p in self._patterns[name])
            self._matched[(name, key)] = hit
        return hit

    def names(self, key: str) -> frozenset[str]:
        """Every label `key` matches (remembered: a sheet asks about each
        cell for many labels; one set per cell answers them all)."""
        found = self._every.get(key)
        if found is None:
            found = frozenset(name for name in self.labels if self.matches(name, key))
            self._every[key] = found
        return found

    def name_of(self, key: str) -> str | None:
        # Remembered: every label look-up asks again for every cell of a sheet.
        if key not in self._names:
            # The first label in the vocabulary's order (names() is asked of
            # a sheet's cells anyway).
            found = self.names(key)
            self._names[key] = next((n for n in self.labels if n in found), None)
        return self._names[key]

    def prefix(self, name: str, key: str) -> str | None:
        """The wording of this label `key` starts with, longest first."""
        pattern = self._prefix.get(name)
        match = pattern.match(key) if pattern is not None else None
        return match.group(0) if match else None

    def search(self, name: str, text: str) -> regex.Match[str] | None:
        """The first place `text` prints a wording of this label."""
        pattern = self._anywhere.get(name)
        return pattern.search(text) if pattern is not None else None

    def describe(self, name: str) -> str:
        label = self.labels[name]
        return "|".join([*label.wordings, *label.patterns])


# --- near misses ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _okurigana() -> regex.Pattern[str]:
    # Okurigana cities add or drop in the same word (取組 / 取り組み, 申込 / 申し込み).
    return regex.compile(shipped().common.patterns["okurigana"])


def fold(text: str) -> str:
    """A wording as near misses are compared: katakana as hiragana, the
    okurigana that a word may or may not print dropped."""
    return _okurigana().sub("", jaconv.kata2hira(compact_key(text)))


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def nearest(text: str, wordings: Iterable[str], *, max_share: float = 0.34) -> str | None:
    """The known wording `text` is closest to, if it is close: an edit
    distance after folding of at most a third of the wording (and at least
    one edit), else None."""
    key = fold(text)
    if not key:
        return None
    best: tuple[int, str] | None = None
    for word in wordings:
        folded = fold(word)
        distance = _distance(key, folded)
        if distance <= max(1, int(len(folded) * max_share)) and (
            best is None or distance < best[0]
        ):
            best = (distance, word)
    return best[1] if best else None


# --- the contract's lists (models.py reads these) ---------------------------------------------


def _shipped_list(build: Callable[[Vocabulary], tuple[str, ...]]) -> tuple[str, ...]:
    return build(shipped())


DX_STATUSES = _shipped_list(lambda v: v.dx.statuses)
DX_OUTLOOK_CATEGORIES = _shipped_list(lambda v: v.dx.outlook_categories)
AP_PROGRESS = _shipped_list(lambda v: v.action_plan.progress)
AP_YEAR_STATUSES = _shipped_list(lambda v: v.action_plan.year_statuses)
AP_OUTCOMES = _shipped_list(lambda v: v.action_plan.outcomes)
AP_RATINGS = _shipped_list(lambda v: v.action_plan.ratings)
AP_DIRECTIONS = _shipped_list(lambda v: v.action_plan.directions)
AP_IMPORTANCE = _shipped_list(lambda v: v.action_plan.importance)
