"""Catalogue access for prose: which metric a noun phrase names, and whether it is a stock.

The catalogue itself is core.catalogue (load_catalogue / get_metric / match_metric). Prose
labels are longer and looser than table row labels, so besides the catalogue's own matcher we try
each metric's synonyms as phrases and its label_patterns as searches.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from core.catalogue import get_metric, load_catalogue, match_metric

# Nouns that carry no subject of their own: "the number had risen to 40" -> inherit the subject.
GENERIC_LABELS = re.compile(r"^(?:the |this |that |these |a |an )?(?:total |overall )?"
                            r"(?:number|figure|total|amount|rate|percentage|proportion|level|"
                            r"increase|decrease|reduction|rise|fall|this|which|it|they|these|"
                            r"those|of them|of these|of which)?$", re.I)


def metric_phrases() -> list[tuple[str, str]]:
    """(metric id, phrase) for the EntityRuler: each synonym and the label itself."""
    out = []
    for m in load_catalogue():
        for phrase in sorted({m.label.lower(), *m.synonyms}):
            if len(phrase) > 3:     # "lac", "sgo" are too short to trust as phrases in prose
                out.append((m.id, phrase))
    return out


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern, str]]:
    """(metric id, label pattern, the literal every match of it contains)."""
    return [(m.id, rx, lit) for m in load_catalogue() for rx, lit in zip(m.compiled, m.literals)]


def normalise(label: str) -> str:
    # "foster careers" is a common slip for "foster carers" in council papers
    s = label.lower().replace("’", "'").replace("foster careers", "foster carers")
    s = re.sub(r"[^\w%&'\- ]+", " ", s)
    return " ".join(s.split())


@lru_cache(maxsize=8192)
def label_to_metric(label: str, unit: Optional[str] = None) -> Optional[str]:
    """The catalogue metric a prose noun phrase names, compatible with `unit`, or None.
    Each pattern runs only when the text holds the literal its matches need, so a call costs
    about one substring test per catalogue phrase; repeated labels are answered from a cache."""
    if not label:
        return None
    text = normalise(label)
    # The longest match wins: "children placed in foster care" over "looked after children".
    best: Optional[tuple[int, str]] = None
    ascii_text = text.isascii()
    for metric_id, rx, literal in _compiled():
        if ascii_text and literal not in text:
            continue        # cannot match (see core.catalogue.required_literal)
        m = rx.search(text)
        if m and unit_fits(metric_id, unit) and (best is None or len(m.group(0)) > best[0]):
            best = (len(m.group(0)), metric_id)
    for metric_id, phrase, rx in _phrase_regexes():
        if (best is None or len(phrase) > best[0]) and phrase in text and rx.search(text) and \
                unit_fits(metric_id, unit):
            best = (len(phrase), metric_id)
    if best:
        return best[1]
    found = match_metric(text)      # the catalogue's own matcher, tuned for table row labels
    return found if found and unit_fits(found, unit) else None


@lru_cache(maxsize=1)
def _phrase_regexes() -> list[tuple[str, str, re.Pattern]]:
    return [(m, p, re.compile(r"\b" + re.escape(p) + r"\b")) for m, p in metric_phrases()]


def unit_fits(metric_id: str, unit: Optional[str]) -> bool:
    m = get_metric(metric_id)
    return m is not None and (unit is None or m.unit == unit)


def percent_variant(metric_id: Optional[str]) -> Optional[str]:
    m = get_metric(metric_id) if metric_id else None
    return m.percent_metric if m else None


def is_stock(metric_id: Optional[str]) -> bool:
    m = get_metric(metric_id) if metric_id else None
    return m is not None and m.period_kind == "stock"


GENERIC_TAIL = re.compile(r"\b(?:the|this|that)\s+(?:total\s+)?(?:number|figure|total)$", re.I)


# "Conwy's actual performance for 2015/16 was 10.6%": how the measure just named came out
PERFORMANCE = re.compile(r"^(?:[\w’'-]+\s+)?(?:(?:actual|current|latest|overall|year[- ]end)\s+)*"
                         r"(?:performance|outturn|out-turn|position)(?:\s+(?:for|in|at|during)\s+"
                         r"(?:the\s+)?(?:year\s+|quarter\s+)?[\w/\-–]+)?$", re.I)


def is_generic(label: str) -> bool:
    label = label.strip()
    return bool(GENERIC_LABELS.match(label) or GENERIC_TAIL.search(label) or PERFORMANCE.match(label))
