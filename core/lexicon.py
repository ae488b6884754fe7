"""Wording rules as data: the cue lists the extractors read (`core/lexicon/<name>.toml`).

Each file holds named entries; an entry has a `description` and one or more of:
- `phrases`: plain lower-case phrases, matched case-insensitively on word boundaries;
- `patterns`: regular expressions, for what a phrase list cannot say (compiled on load);
- `metrics`: a table of phrase -> catalogue metric id (verbs that name a flow, the role a metric
  plays in a rule);
- `denominators`: a table of catalogue metric id -> catalogue metric id: a percentage "of" the first
  (in any wording the catalogue gives it) is the second (share denominators).

Everything is validated on load: unknown keys, regexes that do not compile, and metric ids the
catalogue (`core/metrics.toml`) does not know are errors naming the file and entry. Adding a
council's wording is an edit to one of these files, not to Python.

    cues = lexicon("prose")
    cues.matcher("national")      # one compiled regex of the entry's phrases and patterns
    cues.metrics("approval_verbs")
    cues.denominators("inhouse_shares")
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core.catalogue import load_catalogue

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
ENTRY_KEYS = {"description", "phrases", "patterns", "metrics", "denominators"}


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Entry:
    name: str
    description: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    metrics: dict[str, str] = field(default_factory=dict)
    denominators: dict[str, str] = field(default_factory=dict)

    def regex_source(self) -> str:
        """The phrases (escaped, longest first, flexible spaces) and patterns as one alternation."""
        parts = [r"\s+".join(re.escape(w) for w in p.split())
                 for p in sorted(self.phrases, key=len, reverse=True)]
        parts = [rf"\b{p}\b" for p in parts] + [f"(?:{p})" for p in self.patterns]
        return "|".join(parts) if parts else r"(?!x)x"


@dataclass(frozen=True)
class Lexicon:
    name: str
    entries: dict[str, Entry]

    def entry(self, key: str) -> Entry:
        try:
            return self.entries[key]
        except KeyError:
            raise LexiconError(f"lexicon {self.name!r} has no entry {key!r}") from None

    def phrases(self, key: str) -> tuple[str, ...]:
        return self.entry(key).phrases

    def metrics(self, key: str) -> dict[str, str]:
        return dict(self.entry(key).metrics)

    def denominators(self, key: str) -> dict[str, str]:
        return dict(self.entry(key).denominators)

    def source(self, key: str) -> str:
        """The entry as a regex source, to build into a larger pattern."""
        return self.entry(key).regex_source()

    def matcher(self, key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        return _compiled(self.name, key, self.entry(key).regex_source(), flags)


@lru_cache(maxsize=None)
def _compiled(_lexicon: str, _key: str, source: str, flags: int) -> re.Pattern[str]:
    return re.compile(source, flags)


def _entry(path: Path, name: str, raw: object, metric_ids: set[str]) -> Entry:
    where = f"{path.name} [{name}]"
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: an entry must be a table")
    unknown = set(raw) - ENTRY_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(ENTRY_KEYS)}")
    if not str(raw.get("description", "")).strip():
        raise LexiconError(f"{where}: every entry needs a description")
    phrases = tuple(str(p).strip().lower() for p in raw.get("phrases", ()))
    patterns = tuple(str(p) for p in raw.get("patterns", ()))
    metrics = {str(k).lower(): str(v) for k, v in dict(raw.get("metrics", {})).items()}
    denominators = {str(k): str(v) for k, v in dict(raw.get("denominators", {})).items()}
    if not (phrases or patterns or metrics or denominators):
        raise LexiconError(f"{where}: give phrases, patterns or metrics")
    if any(not p for p in phrases):
        raise LexiconError(f"{where}: an empty phrase")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as e:
            raise LexiconError(f"{where}: pattern {pattern!r} does not compile ({e})") from None
    named = [*metrics.values(), *denominators, *denominators.values()]
    bad = sorted({m for m in named if m not in metric_ids})
    if bad:
        raise LexiconError(f"{where}: metric id(s) {bad} are not in the catalogue (core/metrics.toml)")
    return Entry(name=name, description=str(raw["description"]).strip(), phrases=phrases,
                 patterns=patterns, metrics=metrics, denominators=denominators)


def load_lexicon(path: Path) -> Lexicon:
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    metric_ids = {m.id for m in load_catalogue()}
    entries = {name: _entry(path, name, value, metric_ids) for name, value in raw.items()}
    return Lexicon(name=path.stem, entries=entries)


@lru_cache(maxsize=None)
def lexicon(name: str) -> Lexicon:
    """The named lexicon (core/lexicon/<name>.toml), read and validated once per process."""
    path = LEXICON_DIR / f"{name}.toml"
    if not path.exists():
        raise LexiconError(f"no lexicon file {path}")
    return load_lexicon(path)


def all_lexicons() -> list[Lexicon]:
    return [lexicon(p.stem) for p in sorted(LEXICON_DIR.glob("*.toml"))]
