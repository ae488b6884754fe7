"""Catalogue access for prose: which metric a noun phrase names, and whether it is a stock.

Uses extractors.catalogue (load_catalogue / match_metric) when it is present and falls back to
reading extractors/metrics.toml directly, so prose keeps working while the catalogue module
evolves. Prose labels are longer and looser than table row labels, so besides the catalogue's
own matcher we try each metric's synonyms as phrases and its label_patterns as searches.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

TOML_PATH = Path(__file__).resolve().parent / "metrics.toml"
# Nouns that carry no subject of their own: "the number had risen to 40" -> inherit the subject.
GENERIC_LABELS = re.compile(r"^(?:the |this |that |these |a |an )?(?:total |overall )?"
                            r"(?:number|figure|total|amount|rate|percentage|proportion|level|"
                            r"increase|decrease|reduction|rise|fall|this|which|it|they|these|"
                            r"those|of them|of these|of which)?$", re.I)


@dataclass(frozen=True)
class MetricInfo:
    id: str
    label: str
    unit: str
    period_kind: str
    synonyms: tuple[str, ...] = ()
    label_patterns: tuple[str, ...] = ()
    percent_metric: Optional[str] = None


@lru_cache(maxsize=1)
def catalogue() -> dict[str, MetricInfo]:
    try:
        from extractors.catalogue import load_catalogue
        items = load_catalogue()
        return {m.id: MetricInfo(m.id, m.label, m.unit, m.period_kind, tuple(m.synonyms),
                                 tuple(getattr(m, "label_patterns", ()) or ()),
                                 getattr(m, "percent_metric", None)) for m in items}
    except Exception:   # module not there yet, or a different shape: read the TOML ourselves
        data = tomllib.loads(TOML_PATH.read_text())
        return {m["id"]: MetricInfo(m["id"], m["label"], m["unit"], m.get("period_kind", "stock"),
                                    tuple(m.get("synonyms", ())), tuple(m.get("label_patterns", ())),
                                    m.get("percent_metric")) for m in data.get("metric", [])}


def metric_phrases() -> list[tuple[str, str]]:
    """(metric id, phrase) for the EntityRuler: each synonym and the label itself."""
    out = []
    for m in catalogue().values():
        for phrase in {m.label.lower(), *m.synonyms}:
            if len(phrase) > 3:     # "lac", "sgo" are too short to trust as phrases in prose
                out.append((m.id, phrase))
    return out


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern]]:
    out = []
    for m in catalogue().values():
        for p in m.label_patterns:
            try:
                out.append((m.id, re.compile(p, re.I)))
            except re.error:
                continue
    return out


def normalise(label: str) -> str:
    s = label.lower().replace("’", "'").replace("careers", "carers")
    s = re.sub(r"[^\w%&'\- ]+", " ", s)
    return " ".join(s.split())


def label_to_metric(label: str, unit: Optional[str] = None) -> Optional[str]:
    """The catalogue metric a prose noun phrase names, compatible with `unit`, or None."""
    if not label:
        return None
    text = normalise(label)
    # The longest match wins: "children placed in foster care" over "looked after children".
    best: Optional[tuple[int, str]] = None
    for metric_id, rx in _compiled():
        m = rx.search(text)
        if m and unit_fits(metric_id, unit) and (best is None or len(m.group(0)) > best[0]):
            best = (len(m.group(0)), metric_id)
    for metric_id, phrase, rx in _phrase_regexes():
        if (best is None or len(phrase) > best[0]) and rx.search(text) and unit_fits(metric_id, unit):
            best = (len(phrase), metric_id)
    if best:
        return best[1]
    try:    # the catalogue's own matcher, tuned for table row labels
        from extractors.catalogue import match_metric
        found = match_metric(text)
        return found if found and unit_fits(found, unit) else None
    except Exception:
        return None


@lru_cache(maxsize=1)
def _phrase_regexes() -> list[tuple[str, str, re.Pattern]]:
    return [(m, p, re.compile(r"\b" + re.escape(p) + r"\b")) for m, p in metric_phrases()]


def unit_fits(metric_id: str, unit: Optional[str]) -> bool:
    m = catalogue().get(metric_id)
    return m is not None and (unit is None or m.unit == unit)


def percent_variant(metric_id: Optional[str]) -> Optional[str]:
    m = catalogue().get(metric_id) if metric_id else None
    return m.percent_metric if m else None


def is_stock(metric_id: Optional[str]) -> bool:
    m = catalogue().get(metric_id) if metric_id else None
    return m is not None and m.period_kind == "stock"


GENERIC_TAIL = re.compile(r"\b(?:the|this|that)\s+(?:total\s+)?(?:number|figure|total)$", re.I)


def is_generic(label: str) -> bool:
    return bool(GENERIC_LABELS.match(label.strip()) or GENERIC_TAIL.search(label.strip()))
