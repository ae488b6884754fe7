"""Ofsted's "Children looked after in this area" template -> observations.

Inspection reports of the single inspection framework (2013-2018) describe every English council's
children in care in the same sentences, filled in with its figures:

    At 31 March 2016, 431 children are being looked after by the local authority (a rate of 38.6
    per 10,000 children). This is a reduction from 440 (42 per 10,000 children) at 31 March 2015.
    Of this number: ... 334 live with foster families, of whom 10% live out of the authority area
    ... There are no unaccompanied asylum-seeking children.
    In the last 12 months: there have been 31 adoptions; 46 children became subject of special
    guardianship orders; 253 children ceased to be looked after, of whom 10% subsequently returned
    to be looked after; 25 children and young people ceased to be looked after and moved on to ...

The sentence forms and their metrics are data (core/lexicon/inspection.toml); this module reads
the section in order, keeping what the template's lead-ins say of the bullets after them: the
snapshot day ("At 31 March 2016") and whether a bullet is a stock at that day ("Of this number:")
or a flow over "In the last 12 months". Only a sentence matching a form yields a figure, and only
in the section (the children_in_care segment found by extractors/understand/inspection.py):
precision first, the prose extractor reads everything else. pipeline/process.py drops the prose
reading of a figure read here, so each figure is stored once. The financial year given to "In the
last 12 months" is an inference, which undate_contradicted_twelve_months tests against the
report's own figures for that year once every extractor has read it. A lead-in that states its
period ("In the 12 months to 31 March 2016", "In the last 12 months (1 November 2016 to 31 October
2017)") dates its bullets itself; one that states only an end or a start ("Since 1 April 2015")
leaves them undated, with the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterator, Optional, cast

from core.catalogue import get_metric
from core.lexicon import LexiconError, lexicon
from core.model import Block, Document, Extractor, Findings, Observation, PeriodType, Unit
from core.periods import MONTH_RE, last_day, month_number, parse_date
from extractors.numbers import NUMBER_WORDS, TENS, UNITS_WORDS, CharMarks, word_value
from extractors.understand.inspection import is_area_section, published_on

# Not 'prose': the figure gate reviews prose readings only, and process.py tells the two apart
# to keep one observation per figure.
EXTRACTOR: Extractor = "template"
LEXICON = "inspection"
ROLES = ("frame", "snapshot", "dated", "stock", "flow", "now")
FRAMES = {"frame_stock": "stock", "frame_flow": "flow"}     # lead-in entry -> what its bullets are
CONFIDENCE = 0.9                 # the sentence states the metric and the period in Ofsted's words

# Number words as extractors/numbers.py reads them, with "one" (left out there, but the template's
# "one child is an unaccompanied ...") and "no"/"none" ("There are no ...").
WORD_VALUES = NUMBER_WORDS | {"one": 1, "no": 0, "none": 0}
_BELOW_100 = (rf"(?:{'|'.join(TENS)})(?:[\s-](?:{'|'.join(UNITS_WORDS)}))?"
              rf"|{'|'.join(sorted(WORD_VALUES, key=len, reverse=True))}")
# "Four hundred and ten children live with foster families"
_WORD = rf"(?:{'|'.join(UNITS_WORDS)})\s+hundred(?:\s+(?:and\s+)?(?:{_BELOW_100}))?|{_BELOW_100}"
_DIGITS = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d]|[.,]\d)"
# "31 March 2016", and the American order some reports use ("March 31 2017")
_DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_RE}\.?,?\s+\d{{4}}"
         rf"|{MONTH_RE}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})\b")
PLACEHOLDERS = {
    "{N}": rf"(?:{_DIGITS}|\b(?:{_WORD})\b)",
    "{RATE}": r"(?<![\d.,])\d+(?:\.\d+)?(?![\d])",
    "{DATE}": rf"(?:{_DATE})",
    "{WHEN}": rf"(?:{_DATE}|{MONTH_RE}\.?\s+\d{{4}}\b)",
    "{NOW}": r"at\s+the\s+(?:time|point)\s+of\s+(?:(?:the|this|our)\s+)?inspection",
}
# A sentence here: a bullet or the part of a paragraph up to '.', ';' or ':' (the template's
# bullets are sometimes run into one paragraph with semicolons). Word's symbol-font bullets come
# out of PDFs as private-use characters and start a part of their own, as do the box-drawing
# line, horizontal bar and minus sign some reports use as bullets ("─ there have been 27 adoptions
# ─ seven children became ..."), when spaced (unspaced, "2015−16" is a year), and a spaced dash
# before a count ("752 (41%) live outside the area - 177 live in residential children's homes").
PART_BREAK = re.compile(r"\s*[\uf000-\uf0ff•▪●◦]\s*|\s+[─―−]\s+|(?<=[.;:])\s+"
                        rf"|\s+[-–—]\s+(?=\d|(?:{_WORD})\b)", re.I)
LEADING_MARKS = re.compile(r"^[\s\-–—*·─―−]+")


@dataclass(frozen=True)
class Form:
    """One sentence form of the template: its role, regexes and group -> metric id; a now_ form's
    topics are the words its paragraph must also use (its phrases)."""
    name: str
    role: str
    regexes: tuple[re.Pattern[str], ...]
    metrics: tuple[tuple[str, str], ...]
    topics: tuple[re.Pattern[str], ...] = ()


def expand(pattern: str) -> str:
    for key, source in PLACEHOLDERS.items():
        pattern = pattern.replace(key, source)
    return pattern


def _form(name: str, patterns: tuple[str, ...], phrases: tuple[str, ...],
          metrics: dict[str, str]) -> Form:
    where = f"core/lexicon/{LEXICON}.toml [{name}]"
    role = name.split("_", 1)[0]
    if role not in ROLES:
        raise LexiconError(f"{where}: the entry name must start with a role {ROLES}")
    phrase_sources = [r"\s+".join(re.escape(w) for w in p.split()) + r"\b" for p in phrases]
    if role == "now":       # a now_ form's phrases are its paragraph's topic, not a sentence start
        sources = [expand(p) for p in patterns]
        topics = tuple(re.compile(r"\b" + t, re.I) for t in phrase_sources)
    else:
        sources = [expand(p) for p in patterns] + [r"^" + t for t in phrase_sources]
        topics = ()
    regexes = tuple(re.compile(s, re.I) for s in sources)
    kind = "flow" if role == "flow" else "stock"
    for group, metric_id in metrics.items():
        metric = get_metric(metric_id)
        # a now_ form counts what holds at the report's day, whatever the catalogue's usual
        # period ("76 families currently receiving adoption support": a flow metric, as at a day)
        if metric is None or (role != "now" and metric.period_kind != kind):
            raise LexiconError(f"{where}: {metric_id} is not a {kind} metric of the catalogue")
        if any(group not in r.groupindex for r in regexes):
            raise LexiconError(f"{where}: a pattern has no group '{group}'")
    if role == "dated" and any("date" not in r.groupindex for r in regexes):
        raise LexiconError(f"{where}: a dated form needs a group 'date'")
    if role == "snapshot" and any(not {"date", "now"} & set(r.groupindex) for r in regexes):
        raise LexiconError(f"{where}: a snapshot form needs a group 'date' or 'now'")
    if role == "frame" and name not in FRAMES:
        raise LexiconError(f"{where}: a lead-in is one of {sorted(FRAMES)}")
    if role != "frame" and not metrics:
        raise LexiconError(f"{where}: a {role} form needs metrics")
    if role == "now" and not sources:
        raise LexiconError(f"{where}: a now_ form needs patterns")
    return Form(name, role, regexes, tuple(metrics.items()), topics)


@lru_cache(maxsize=1)
def forms() -> tuple[Form, ...]:
    lex = lexicon(LEXICON)
    return tuple(_form(e.name, e.patterns, e.phrases, e.metrics) for e in lex.entries.values())


def forms_of(role: str) -> list[Form]:
    return [f for f in forms() if f.role == role]


# ------------------------------------------------------------------ values

def number_value(text: str) -> Optional[float]:
    """'1,373' -> 1373, 'one' -> 1, 'twenty-one' -> 21, 'two hundred and eighty-one' -> 281,
    'no' -> 0."""
    t = " ".join(text.lower().replace("-", " ").split())
    if t and t[0].isdigit():
        try:
            return float(t.replace(",", ""))
        except ValueError:
            return None
    value = word_value(t, extra=WORD_VALUES) if t else None
    return None if value is None else float(value)


def _month_of(text: str) -> Optional[tuple[int, int]]:
    """'June 2014' -> (2014, 6): a month named without its day."""
    m = re.match(rf"\s*{MONTH_RE}\.?\s+(\d{{4}})", text, re.I)
    month = month_number(m.group(1)) if m else None
    return (int(m.group(2)), month) if m and month else None


def first_day_of(text: str) -> Optional[date]:
    """A period's first day: '1 April 2015' -> that day; 'April 2015' -> 1 April 2015."""
    month = _month_of(text)
    return parse_date(text) or (date(*month, 1) if month else None)


def day_of(text: str) -> Optional[date]:
    """'31 March 2016' -> that day; 'June 2014' -> 30 June 2014 (a month alone: its last day)."""
    month = _month_of(text)
    return parse_date(text) or (last_day(*month) if month else None)


# ------------------------------------------------------------------ the section

def section_blocks(doc: Document) -> list[tuple[Optional[date], list[int]]]:
    """Each children-in-care section: the day the report speaks as at (its publication, set on
    the segment when it is one day) and the section's block indices, in reading order."""
    out = []
    for seg in doc.segments:
        if not is_area_section(seg):
            continue
        now = seg.period_end if seg.period_end and seg.period_start == seg.period_end else None
        last = seg.last_block if seg.last_block >= 0 else len(doc.blocks) - 1
        # headings too: a lead-in ("In the last 12 months:") may have been read as one
        out.append((now, [i for i in range(seg.first_block + 1, min(last, len(doc.blocks) - 1) + 1)
                           if doc.blocks[i].kind != "table"]))
    return out


def block_parts(text: str) -> list[str]:
    parts = (LEADING_MARKS.sub("", p).strip() for p in PART_BREAK.split(" ".join(text.split())))
    return [p for p in parts if p]


@dataclass(frozen=True)
class FlowPeriod:
    """The period a flow lead-in states ("In the 12 months to 31 March 2016", "In the last 12
    months (1 November 2016 to 31 October 2017)"), or why it has none ("Since 1 April 2015")."""
    start: Optional[date]
    end: Optional[date]
    why: Optional[str] = None


@dataclass
class Reading:
    """What the lead-ins read so far say of the next bullet."""
    snapshot: Optional[date] = None
    frame: Optional[str] = None           # 'stock' ("Of this number:") | 'flow' ("In the last 12 months:")
    flow_period: Optional[FlowPeriod] = None    # what the flow lead-in states of its period, if anything
    latest: Optional[date] = None         # the latest day any figure of the section is dated to
    now: Optional[date] = None            # the day the report speaks as at ("at the time of the inspection")
    snapshot_is_now: bool = False         # the snapshot is that day, not one the section states


@dataclass(frozen=True)
class Figure:
    value: float
    metric: str
    start: Optional[date]
    end: Optional[date]
    period_type: PeriodType
    label: str
    flags: Optional[str] = None


def _matches(form: Form, text: str, used: CharMarks) -> Iterator[re.Match[str]]:
    for regex in form.regexes:
        for m in regex.finditer(text):
            if not used.overlaps(m.span()):
                used.mark(m.span())
                yield m


def _figures(form: Form, m: re.Match[str], start: Optional[date], end: Optional[date],
             period_type: PeriodType, flags: Optional[str] = None) -> list[Figure]:
    out = []
    for group, metric in form.metrics:
        if m.group(group) is None:
            continue
        value = number_value(m.group(group))
        if value is not None:
            out.append(Figure(value, metric, start, end, period_type, m.group(0), flags))
    return out


def twelve_months_to(reading: Reading) -> tuple[Optional[date], Optional[date], Optional[str]]:
    """The period of 'In the last 12 months' under a snapshot: the financial year when the
    snapshot is 31 March and the section gives no later day. Otherwise (a snapshot updated with
    the council's own unvalidated data, "in June 2014, this had risen to ...", or none) the flows
    may be the last published year or the twelve months to the later day, so they are kept
    without a period and with the reason."""
    snapshot, latest = reading.snapshot, reading.latest
    if snapshot is not None and (snapshot.month, snapshot.day) == (3, 31) and \
            not reading.snapshot_is_now and (latest is None or latest <= snapshot):
        return date(snapshot.year - 1, 4, 1), snapshot, None
    if snapshot is None:
        said = "no snapshot day"
    elif reading.snapshot_is_now:
        said = f"the snapshot 'at the time of the inspection' (reported {snapshot:%d %B %Y})"
    elif latest is not None and latest > snapshot:
        said = f"the snapshot {snapshot:%d %B %Y} and a later figure at {latest:%d %B %Y}"
    else:
        said = f"the snapshot {snapshot:%d %B %Y} (not a 31 March year end)"
    return None, None, (f"twelve_months: 'In the last 12 months' with {said} may be the last "
                        "published year or the twelve months to another day; kept without a period")


def twelve_months_ending(end: date) -> date:
    """The first day of the twelve months that end on `end` (31 March 2016 -> 1 April 2015)."""
    after = end + timedelta(days=1)
    return after.replace(year=after.year - 1) if (after.month, after.day) != (2, 29) else \
        date(after.year - 1, 3, 1)


def period_type_of(start: Optional[date], end: Optional[date]) -> PeriodType:
    """'financial_year' for 1 April to 31 March, 'calendar_year' for 1 January to 31 December
    ("In the last 12 months to December 2016"), else 'other' (twelve months to another day)."""
    if start is None or end is None:
        return "other"
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        return "financial_year"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and end.year == start.year:
        return "calendar_year"
    return "other"


def stated_period(m: re.Match[str]) -> Optional[FlowPeriod]:
    """The period a flow lead-in states in its groups: `start` and `end` days ("(1 November 2016
    to 31 October 2017)"), an `end` day of twelve months ("In the 12 months to 31 March 2016"), a
    `start` alone ("Since 1 April 2015": to a day the section does not state), or `other` (an end
    with no year, "(to 18 November)"). None when it states nothing: 'In the last 12 months' is then
    read against the snapshot (twelve_months_to)."""
    groups = {k: v for k, v in m.groupdict().items() if v}
    start = first_day_of(groups["start"]) if "start" in groups else None
    end = day_of(groups["end"]) if "end" in groups else None
    if end is not None and start is None and "start" not in groups:
        start = twelve_months_ending(end)
    if start is not None and end is not None and start < end:
        return FlowPeriod(start, end)
    if groups:
        return FlowPeriod(None, None, f"flow_period: the lead-in '{m.group(0)}' does not state "
                                      "the period's both ends; kept without a period")
    return None


def snapshot_day(m: re.Match[str], reading: Reading) -> Optional[date]:
    """The lead sentence's day: its own ('At 31 March 2016', 'As at May 2015'), else the
    report's ('At the time of the inspection': as the report's other 'now' figures)."""
    if "date" in m.re.groupindex and m.group("date"):
        return day_of(m.group("date"))
    return reading.now


def read_part(text: str, reading: Reading) -> list[Figure]:
    """The figures one sentence of the section states, updating the reading's lead-ins."""
    found: list[Figure] = []
    for form in forms_of("frame"):
        m = next((m for r in form.regexes if (m := r.match(text))), None)
        if m:
            reading.frame = FRAMES[form.name]
            reading.flow_period = stated_period(m) if reading.frame == "flow" else None
            text = text[m.end():].lstrip(" :,")
            break
    used = CharMarks(len(text))      # linear in the sentence, however many forms match in it
    for form in forms_of("snapshot"):
        for m in _matches(form, text, used):
            day = snapshot_day(m, reading)
            if day is None:     # "At the time of the inspection" in a report with no known day
                reading.snapshot, reading.frame = None, "stock"
                found += _figures(form, m, None, None, "other",
                                  "no_snapshot: 'at the time of the inspection' in a report with "
                                  "no publication or inspection date")
            else:
                reading.snapshot, reading.frame = day, "stock"
                reading.snapshot_is_now = "date" not in m.re.groupindex
                reading.latest = max(day, reading.latest or day)
                found += _figures(form, m, day, day, "as_at")
    for form in forms_of("dated"):
        for m in _matches(form, text, used):
            day = day_of(m.group("date"))
            if day is not None:
                reading.latest = max(day, reading.latest or day)
                found += _figures(form, m, day, day, "as_at")
    if reading.frame != "flow":
        for form in forms_of("stock"):
            for m in _matches(form, text, used):
                if reading.snapshot is not None:
                    found += _figures(form, m, reading.snapshot, reading.snapshot, "as_at")
                else:
                    found += _figures(form, m, None, None, "other",
                                      "no_snapshot: no 'At <date>' lead sentence dates this bullet")
    else:
        stated = reading.flow_period
        start, end, why = (stated.start, stated.end, stated.why) if stated else twelve_months_to(reading)
        for form in forms_of("flow"):
            for m in _matches(form, text, used):
                found += _figures(form, m, start, end, period_type_of(start, end), why)
    return found


def _observation(f: Figure, block: Block, index: int, evidence: str) -> Observation:
    metric = get_metric(f.metric)
    assert metric is not None       # forms() checked every metric id against the catalogue
    return Observation(
        value=f.value, unit=cast(Unit, metric.unit), label_raw=f.label[:200],
        evidence=evidence[:1000], page=block.page, extractor=EXTRACTOR, metric=f.metric,
        value_kind="actual", period_type=f.period_type, period_start=f.start, period_end=f.end,
        section=block.section, confidence=CONFIDENCE, flags=f.flags, block_index=index)


# ------------------------------------------------------------------ the report's other figures

def _inferred_year(o: Observation) -> bool:
    """A template flow whose financial year is inferred from 'In the last 12 months' under a
    31 March snapshot (the template's only flows with a period)."""
    return o.extractor == EXTRACTOR and o.period_type == "financial_year"


def _states_year(o: Observation) -> bool:
    """A figure another extractor read with its metric and a financial year it states, no doubt
    flagged."""
    return o.extractor != EXTRACTOR and o.metric is not None and o.period_type == "financial_year" \
        and o.value_kind == "actual" and not o.flags


def undate_contradicted_twelve_months(observations: list[Observation]) -> list[Observation]:
    """The template's 'In the last 12 months' is the financial year to its 31 March snapshot only
    by inference. The report's own figures for that year test it: when it states another value
    for one of those metrics over that year ('in 2014-15, ... 92 were adopted' against 'there
    have been 97 adoptions') and the same value for none, its twelve months are some other twelve
    months (often the council's own figures to the inspection), so every flow read under that
    lead-in loses the year and keeps the reason. One agreeing figure ('Eleven children were
    adopted during 2015-16' and 'there have been 11 adoptions') confirms the year: a different
    value beside it is then another measure the catalogue files under the same metric ('children
    leaving care on special guardianship orders' against orders granted). Run over one
    document's observations from all extractors, after their authorities are filled in; returns
    them, the contradicted flows changed in place."""
    stated = {(o.authority, o.metric, o.period_start, o.period_end, o.value)
              for o in observations if _states_year(o)}
    stated_keys = {key[:4] for key in stated}
    refuted: set[tuple] = set()
    confirmed: set[tuple] = set()
    for o in observations:
        key = (o.authority, o.metric, o.period_start, o.period_end)
        if _inferred_year(o) and key in stated_keys:
            (confirmed if (*key, o.value) in stated else refuted).add((o.authority, o.period_start, o.period_end))
    contradicted = refuted - confirmed
    for o in observations:
        if _inferred_year(o) and (o.authority, o.period_start, o.period_end) in contradicted:
            year = f"{o.period_start:%Y}-{o.period_end:%y}" if o.period_start and o.period_end else "that year"
            o.flags = (f"twelve_months: the report states other {year} values for this section's "
                       "'In the last 12 months' metrics, so its twelve months are not that "
                       "financial year; kept without a period")
            o.period_type, o.period_start, o.period_end = "other", None, None
    return observations


# ------------------------------------------------------------------ the report's present tense

# A sentence of the narrative: cut after '.', ';', '!' or '?' before a space ("There are 11 young
# people in Staying Put arrangements. Ten care leavers are ...").
SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+")
TABLE_CELL = re.compile(r"\s*\|\s*|\n")


def present_tense_figures(text: str, now: date) -> list[tuple[Figure, str]]:
    """The figures a paragraph of an inspection report states in the present tense by a now_ form
    ("There are 11 young people in Staying Put arrangements"), as at the day the report speaks as
    at, each with its sentence. A form reads only a paragraph that names its topic."""
    found: list[tuple[Figure, str]] = []
    text = " ".join(text.split())
    usable = [f for f in forms_of("now") if not f.topics or any(t.search(text) for t in f.topics)]
    if not usable:
        return found
    for sentence in SENTENCE_BREAK.split(text):
        used = CharMarks(len(sentence))
        for form in usable:
            for m in _matches(form, sentence, used):
                found += [(f, sentence) for f in _figures(form, m, now, now, "as_at")]
    return found


def narrative_observations(doc: Document, skip: set[int]) -> list[Observation]:
    """The present-tense figures of an inspection report's narrative (outside the template
    section, whose blocks are `skip`), as at the day the report says it was published; none when
    it does not say (its 'currently' is then the inspection's weeks or the publication's day,
    which the report does not tell apart)."""
    now = published_on(doc.blocks) if doc.doc_type == "inspection_report" else None
    if now is None:
        return []
    out: list[Observation] = []
    for i, block in enumerate(doc.blocks):
        if i in skip:
            continue
        # a table's cells are paragraphs of their own (the judgement boxes' summaries)
        paragraphs = TABLE_CELL.split(block.text) if block.kind == "table" else [block.text]
        for text in paragraphs:
            out += [_observation(f, block, i, sentence) for f, sentence in present_tense_figures(text, now)]
    return out


def extract(doc: Document) -> Findings:
    observations: list[Observation] = []
    section = set()
    for now, indices in section_blocks(doc):
        reading = Reading(now=now)
        section.update(indices)
        for i in indices:
            block = doc.blocks[i]
            for part in block_parts(block.text):
                observations += [_observation(f, block, i, part) for f in read_part(part, reading)]
    observations += narrative_observations(doc, section)
    return Findings(observations=observations)
