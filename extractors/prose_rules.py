"""The prose extractor's wording rules, compiled from data (core/lexicon/prose.toml) once per process.

The data says which words are cues; this module only says how they are put together (a cue
before the number, a participle after its noun, a share "of" a catalogue metric). Built lazily so
importing the extractors stays cheap for the command line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.catalogue import get_metric
from core.lexicon import lexicon


@dataclass(frozen=True)
class ProseRules:
    national_cue: re.Pattern[str]        # adverbs and nouns: before the number, in its clause
    national_adverb: re.Pattern[str]     # also right after the number ('57,000 nationally')
    national_lead: re.Pattern[str]       # opening the sentence: governs all of it
    target_cue: re.Pattern[str]
    forecast_cue: re.Pattern[str]
    kind_nouns: frozenset[str]
    organisation_nouns: frozenset[str]
    staff_nouns: frozenset[str]
    household_nouns: frozenset[str]
    event_nouns: frozenset[str]          # 'on 71 occasions': counts whatever the clause names
    part_before: re.Pattern[str]         # 'a further 4', 'an additional two': an addition
    adopter: re.Pattern[str]             # approvals of adopters, not foster carers
    adopter_approvals: str
    age_after: re.Pattern[str]           # 'under 18 population': an age
    per_population: re.Pattern[str]      # '75.0 children in care per 10,000 people': a rate
    code_before: re.Pattern[str]         # 'NI 62', 'Children in care ..... 12': not a count
    approval_before: re.Pattern[str]     # 'approve at least 15 households'
    approval_after: re.Pattern[str]      # '15 households were approved' (group 1: the participle)
    deregister_before: re.Pattern[str]
    verb_metric: dict[str, str]          # verb (lower case) -> flow metric it counts
    connected: re.Pattern[str]
    connected_households: str            # metric ids named by the connected_carers entry
    connected_approvals: str
    connected_replaces: str              # the flow that connected carers' approvals replace
    outcome: re.Pattern[str]
    outcome_total: str                   # the total that children who did something are not
    share_denominators: tuple[tuple[str, re.Pattern[str], str], ...]   # (denominator, rx, share)
    wales_cue: re.Pattern[str]           # 'across Wales': the national figure is Wales's
    comparator: re.Pattern[str]          # 'statistical neighbours', 'comparator authorities'
    own_voice: re.Pattern[str]           # 'we', 'our', 'the council': the sentence speaks of itself
    narrower: re.Pattern[str]            # 'school-aged', 'referrals': a part of the total
    total_phrase: re.Pattern[str]        # every wording of the total metric
    joined_phrases: re.Pattern[str]      # 'education, employment or training': commas inside a phrase
    year_measures: frozenset[str]        # snapshots also given as a year's measure
    caseload_flows: frozenset[str]       # flows also given as today's caseload

    @property
    def staffing_nouns(self) -> frozenset[str]:
        return self.kind_nouns | self.organisation_nouns | self.staff_nouns


def _alternation(words: list[str]) -> str:
    """Plain words as a regex alternation, longest first, any run of spaces between words."""
    return "|".join(r"\s+".join(re.escape(w) for w in p.split())
                    for p in sorted(words, key=len, reverse=True))


def metric_wordings(metric_id: str) -> str:
    """Every wording the catalogue gives a metric (its label and synonyms) as one alternation;
    'looked after' also matches 'looked-after'."""
    m = get_metric(metric_id)
    assert m is not None        # the lexicon checked its ids against the catalogue on load
    phrases = sorted({m.label.lower(), *m.synonyms}, key=len, reverse=True)
    return "|".join(r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", p)) for p in phrases)


@lru_cache(maxsize=1)
def prose_rules() -> ProseRules:
    cues = lexicon("prose")
    adverbs = cues.source("national_adverbs")
    verbs = cues.metrics("approval_verbs")
    approvals = [v for v, m in verbs.items() if m != "foster_carer_deregistrations"]
    deregs = [v for v, m in verbs.items() if m == "foster_carer_deregistrations"]
    households = cues.phrases("household_nouns")
    # the participles ('approved', 'de-registered') are the forms that follow their noun
    after_approval = [v for v in approvals if v.endswith("ed")]
    after_dereg = [v for v in deregs if v.endswith("ed")]
    leads = cues.source("approval_lead_words")
    lead_in = cues.phrases("inhouse_shares")
    connected = cues.metrics("connected_carers")
    return ProseRules(
        national_cue=re.compile(f"{adverbs}|{cues.source('national_nouns')}", re.I),
        national_adverb=re.compile(adverbs, re.I),
        national_lead=re.compile(rf"^\W*(?:{adverbs})", re.I),
        target_cue=cues.matcher("target_cues"),
        forecast_cue=cues.matcher("forecast_cues"),
        kind_nouns=frozenset(cues.phrases("kind_nouns")),
        organisation_nouns=frozenset(cues.phrases("organisation_nouns")),
        staff_nouns=frozenset(cues.phrases("staff_nouns")),
        household_nouns=frozenset(households),
        event_nouns=frozenset(cues.phrases("event_nouns")),
        part_before=re.compile(rf"(?:{cues.source('part_cues')})\s+$", re.I),
        adopter=cues.matcher("adopter_households"),
        adopter_approvals=cues.metrics("adopter_households")["approvals"],
        age_after=re.compile(rf"^\s*(?:{cues.source('age_cues')})", re.I),
        per_population=cues.matcher("per_population"),
        code_before=re.compile(rf"\b(?:{cues.source('indicator_prefixes')})\.?\s*$|"
                               rf"{cues.source('leader_dots')}", re.I),
        approval_before=re.compile(rf"\b(?:{_alternation(approvals)})\s+(?:(?:{leads})\s+)*$", re.I),
        approval_after=re.compile(
            rf"^\s*(?:[\w/-]+\s+){{0,4}}?(?:{_alternation(list(households))})\s+"
            r"(?:(?:were|have\s+been|had\s+been|has\s+been|being|to\s+be|are)\s+)?"
            rf"(?:({_alternation(after_approval)})|({_alternation(after_dereg)}))\b", re.I),
        deregister_before=re.compile(rf"\b(?:{_alternation(deregs)})\s+$", re.I),
        verb_metric=verbs,
        connected=cues.matcher("connected_carers"),
        connected_households=connected["households"],
        connected_approvals=connected["approvals"],
        connected_replaces=connected["replaces"],
        wales_cue=cues.matcher("wales_cues"),
        comparator=cues.matcher("comparator_groups"),
        own_voice=cues.matcher("own_voice"),
        narrower=cues.matcher("total_narrowers"),
        total_phrase=re.compile(metric_wordings(cues.metrics("outcome_verbs")["total"]), re.I),
        joined_phrases=cues.matcher("joined_phrases"),
        year_measures=frozenset(cues.metrics("year_measures").values()),
        caseload_flows=frozenset(cues.metrics("caseload_flows").values()),
        outcome=cues.matcher("outcome_verbs"),
        outcome_total=cues.metrics("outcome_verbs")["total"],
        share_denominators=tuple(
            (denominator, re.compile(rf"\b(?:{_alternation(list(lead_in))})\s+"
                                     rf"(?:{metric_wordings(denominator)})\b", re.I), share)
            for denominator, share in cues.denominators("inhouse_shares").items()))
