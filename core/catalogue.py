"""The metric catalogue (core/metrics.toml): canonical ids, units, synonyms, label patterns, and
where each is shown in the report (theme) and found in official statistics (official).

`load_catalogue()` reads the file once per process; `match_metric(label, context)` maps a table
row label (with its table's caption/section as context) to a metric id, or None.
"""
from __future__ import annotations

import re
import re._parser as sre_parse
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from core.model import Unit, vocabulary

CATALOGUE_PATH = Path(__file__).with_name("metrics.toml")
UNITS = vocabulary(Unit)
PERIOD_KINDS = ("stock", "flow")
OFFICIAL_FILES = {"cla": {"measure", "column"}, "placement_stability": {"group", "measure", "column"}}


@dataclass(frozen=True)
class OfficialSource:
    """Where a metric's official DfE figure is (warehouse/official.py reads it): the kind of
    file, the measure (a regex on its normalised measure text), the value column, and for
    placement stability the children's group (a regex on cla_group)."""
    file: str
    measure: str
    column: str
    group: Optional[str] = None

# Label noise that carries no meaning for matching: "(* see para below)", footnote stars, dots.
PARENTHETICAL = re.compile(r"\([^()]*\)")
BRACKETS = re.compile(r"[()]")
DASHES = re.compile(r"[\u2010-\u2015\u2212]")
QUOTES = re.compile(r"[\u2018\u2019\u201a\u201b']")
SPACES = re.compile(r"\s+")
EDGE_PUNCT = " .:;,*-–/|"
HEAD_BONUS = 20


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    definition: str
    unit: str
    period_kind: str
    synonyms: tuple[str, ...] = ()
    label_patterns: tuple[str, ...] = ()
    context: Optional[str] = None           # regex the table context must match, when set
    percent_metric: Optional[str] = None    # where the "(77%)" of "424 (77%)" goes
    rate_metric: Optional[str] = None       # where the "(78 per 10,000)" of "412 (78 per 10,000)" goes
    theme: Optional[str] = None             # the report section it is shown in
    official: Optional[OfficialSource] = None
    compiled: tuple = field(default=(), compare=False, repr=False)
    # per pattern, a lower-case ASCII literal every match must contain ("" when none is known):
    # a label without it is skipped without running the regex
    literals: tuple[str, ...] = field(default=(), compare=False, repr=False)
    context_re: Optional[re.Pattern] = field(default=None, compare=False, repr=False)


def normalise_label(text: str) -> str:
    """Lower case, no parentheticals, plain dashes and quotes, single spaces."""
    s = DASHES.sub("-", text or "")
    s = QUOTES.sub("", s)
    s = PARENTHETICAL.sub(" ", s)
    s = SPACES.sub(" ", s).strip(EDGE_PUNCT).lower()
    return s


def required_literal(pattern: str, flags: int = re.I) -> str:
    """The longest run of plain characters every match of `pattern` must contain, lower case
    ("" when the pattern's top level has none, e.g. a bare alternation). A prefilter: lower-case
    ASCII text lacking it cannot match, so the regex need not run. (Non-ASCII text is always
    tried: case-insensitive matching folds the long s and the Kelvin sign onto ASCII letters.)"""
    best, run = "", ""
    for op, arg in sre_parse.parse(pattern, flags):
        if op is sre_parse.LITERAL and chr(arg).isascii():
            run += chr(arg).lower()
            continue
        best, run = max(best, run, key=len), ""
    return max(best, run, key=len)


def _official(metric_id: str, raw: Optional[dict]) -> Optional[OfficialSource]:
    if raw is None:
        return None
    keys = OFFICIAL_FILES.get(raw.get("file", ""))
    if keys is None:
        raise ValueError(f"metric {metric_id}: official.file must be one of {sorted(OFFICIAL_FILES)}")
    given = set(raw) - {"file"}
    if given != keys:
        raise ValueError(f"metric {metric_id}: official for {raw['file']!r} needs exactly "
                         f"{sorted(keys)}, got {sorted(given)}")
    for key in ("measure", "group"):
        if key in raw:
            re.compile(raw[key])
    return OfficialSource(**raw)


def _metric_from_entry(entry: dict, themes: tuple[str, ...] = ()) -> Metric:
    unit = entry["unit"]
    if unit not in UNITS:
        raise ValueError(f"metric {entry['id']}: unknown unit {unit!r}")
    if entry["period_kind"] not in PERIOD_KINDS:
        raise ValueError(f"metric {entry['id']}: unknown period_kind {entry['period_kind']!r}")
    patterns = tuple(entry.get("label_patterns", ()))
    context = entry.get("context")
    theme = entry.get("theme")
    if theme is not None and theme not in themes:
        raise ValueError(f"metric {entry['id']}: theme {theme!r} is not one of themes {list(themes)}")
    return Metric(
        id=entry["id"], label=entry["label"], definition=entry["definition"], unit=unit,
        period_kind=entry["period_kind"], synonyms=tuple(s.lower() for s in entry.get("synonyms", ())),
        label_patterns=patterns, context=context, percent_metric=entry.get("percent_metric"),
        rate_metric=entry.get("rate_metric"),
        theme=theme, official=_official(entry["id"], entry.get("official")),
        compiled=tuple(re.compile(p, re.I) for p in patterns),
        literals=tuple(required_literal(p) for p in patterns),
        context_re=re.compile(context, re.I | re.S) if context else None)


@lru_cache(maxsize=1)
def _catalogue() -> tuple[Metric, ...]:
    with CATALOGUE_PATH.open("rb") as f:
        data = tomllib.load(f)
    themes = tuple(data.get("themes", ()))
    metrics = tuple(_metric_from_entry(e, themes) for e in data.get("metric", []))
    ids = [m.id for m in metrics]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"duplicate metric ids in {CATALOGUE_PATH.name}: {sorted(dupes)}")
    return metrics


@lru_cache(maxsize=1)
def themes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The report's sections in order, each with its metrics in catalogue order."""
    with CATALOGUE_PATH.open("rb") as f:
        order = tomllib.load(f).get("themes", [])
    return tuple((t, tuple(m.id for m in _catalogue() if m.theme == t)) for t in order)


def load_catalogue() -> list[Metric]:
    """Every metric, in file order (cached: the file is read once per process)."""
    return list(_catalogue())


@lru_cache(maxsize=1)
def metrics_by_id() -> dict[str, Metric]:
    return {m.id: m for m in _catalogue()}


def get_metric(metric_id: str) -> Optional[Metric]:
    return metrics_by_id().get(metric_id)


def _score(metric: Metric, label: str) -> int:
    """Length of the best match of `metric` on a normalised label; 0 when it does not match.
    A synonym equal to the whole label is the strongest evidence."""
    if label in metric.synonyms:
        return len(label) + 1000
    best = 0
    ascii_label = label.isascii()
    for rx, literal in zip(metric.compiled, metric.literals):
        if ascii_label and literal not in label:
            continue        # cannot match (see required_literal)
        m = rx.search(label)
        if m:
            # A match at the head of the label names what the row counts: it beats a mention.
            best = max(best, (m.end() - m.start() or 1) + (HEAD_BONUS if m.start() == 0 else 0))
    return best


@lru_cache(maxsize=4096)
def match_metric(label: str, context: Optional[str] = None) -> Optional[str]:
    """Row label (+ table context) -> metric id. The most specific (longest) match wins;
    metrics that need a context (e.g. fostering-panel rows) only match inside it."""
    norm = normalise_label(label)
    if not norm:
        return None
    ctx = (context or "").lower()
    best = _best_match(norm, ctx)
    if best is None and PARENTHETICAL.search(label or ""):
        # The bracket may be the point: "Placement moves (3 or more)", "Residential care (%)".
        best = _best_match(normalise_label(BRACKETS.sub(" ", label)), ctx)
    return best


def _best_match(norm: str, ctx: str) -> Optional[str]:
    best_id, best_score = None, 0
    for metric in _catalogue():
        if metric.context_re is not None and not metric.context_re.search(ctx):
            continue
        score = _score(metric, norm)
        if score > best_score:
            best_id, best_score = metric.id, score
    return best_id
