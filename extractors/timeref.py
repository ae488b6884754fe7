"""Which period a figure in a sentence belongs to.

Three steps, each a pure function:
  text_to_mentions(sentence)             -> the time phrases in it, explicit or relative
  choose_mention(sentence, q, mentions, quantities) -> the phrase governing one number
  resolve(mention, reporting, stock)     -> a `Period`, or None when it cannot be pinned down

Rules for choosing (council prose is formulaic):
  * a phrase right after the number in the same clause wins ("450 attendances in 2016-2017");
  * otherwise the nearest phrase before it ("On 31st March 2015 there were 19 ...");
  * a phrase after a comparison cue belongs to the compared number only ("260 children ...
    compared with 223 at the end of March 2017": 260 does not take March 2017);
  * otherwise the paragraph's frame: the phrase that opened an earlier sentence ("At the end of
    March 2018, there were 651 ... Of these, 260 ...").
Relative phrases ("this year", "the previous year", "currently") resolve against the reporting
period of the document or segment: a stock metric takes the snapshot at its end, a flow the
whole period. Anything else stays unresolved and the caller lowers its confidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Optional, Sequence

from core.periods import (
    DAY_MONTH_YEAR,
    FINANCIAL_YEAR,
    MONTH_DAY_YEAR,
    MONTH_RE,
    NUMERIC_DATE,
    Period,
    last_day,
    month_number,
    parse_date,
    parse_period,
)

CURRENT, PREVIOUS, NEXT = "current", "previous", "next"
# The day the paper speaks from ("currently", "at the time of the inspection"): a snapshot on the
# document's own date, known only when its reporting period is a day or a month (a meeting, a
# publication, a monthly statement); an annual report's "currently" is some day after its year.
NOW = "now"
NOW_MAX_DAYS = 31       # a paper dated to a day or a month speaks from its end
# "Quarter 2", "at the end of Q3": the quarter of the paper's financial year (relative) unless a
# year is given with it.
QUARTER_OF = "quarter"

# Longest first: "at the end of March 2018" must win over "March 2018".
END_OF_MONTH = re.compile(r"\b(?:at\s+)?(?:the\s+)?end\s+of\s+" + MONTH_RE + r"\.?,?\s+(\d{4})\b",
                          re.I)
AS_AT_MONTH = re.compile(r"\b(?:as\s+(?:of|at)|at)\s+" + MONTH_RE + r"\.?,?\s+(\d{4})\b", re.I)
IN_MONTH = re.compile(r"\b" + MONTH_RE + r"\.?,?\s+(\d{4})\b", re.I)
IN_YEAR = re.compile(r"\b(?:in|during|for|throughout)\s+((?:19|20)\d{2})\b(?!\s*[/\-–—\u2212]\s*\d)", re.I)
RELATIVE = [
    (PREVIOUS, re.compile(r"\b(?:the\s+)?(?:previous|preceding|last|prior)\s+(?:financial\s+|"
                          r"reporting\s+)?(?:year|period)\b|\bthe\s+year\s+before\b", re.I)),
    (NEXT, re.compile(r"\b(?:next|the\s+coming|the\s+forthcoming|the\s+next)\s+(?:financial\s+)?"
                      r"(?:year|12\s+months)\b", re.I)),
    (NOW, re.compile(r"\b(?:currently|presently|at\s+present|to\s+date|as\s+of\s+now|"
                     r"(?<=are\s)now|(?<=is\s)now|(?<=has\s)now|(?<=have\s)now|now\s+(?=stands?\b|totals?\b)|"
                     r"at\s+the\s+(?:time|point)\s+of\s+(?:the\s+|this\s+|our\s+)?(?:inspection|writing|"
                     r"this\s+report|the\s+report|reporting|the\s+visit))\b", re.I)),
    (CURRENT, re.compile(r"\b(?:this|the\s+current|the\s+reporting)\s+(?:past\s+)?(?:financial\s+|reporting\s+)?"
                         r"(?:year|period)\b|\b(?:during|in|over|throughout)\s+the\s+(?:past\s+|"
                         r"last\s+)?(?:year|12\s+months|twelve\s+months)\b(?!\s+(?:of\s+)?(?:19|20)\d{2})|"
                         r"\bat\s+(?:the\s+)?(?:year|period)\s+end\b", re.I)),
]
# "in the last 12 months", "over the past year": the twelve months up to a snapshot the paper has
# just given ("At 31 March 2016, 431 children ... In the last 12 months: 31 were adopted").
TRAILING_YEAR = re.compile(r"\b(?:past|last)\s+(?:12|twelve)\s+months\b|\b(?:past|last)\s+year\b", re.I)
# "the first three quarters of 2014-15", "so far this year", "the first six months of": a part
# of the period named after it, not the whole of it.
PART_OF_PERIOD = re.compile(r"\b(?:first|last|final)\s+(?:two|three|four|five|six|nine|\d{1,2}|few)\s+"
                            r"(?:months|quarters|weeks)\s+(?:of\s+)?(?:the\s+)?$|"
                            r"\b(?:first|second|third|last|final)\s+(?:half|quarter)\s+of\s+(?:the\s+)?$|"
                            r"\b(?:year|months?)\s+to\s+$", re.I)
QUARTER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "1": 1, "2": 2, "3": 3, "4": 4}
QUARTER_MENTION = re.compile(r"\b(?:(?:at\s+)?(?:the\s+)?end\s+of\s+)?(?:q|qtr\.?\s*|quarter\s*)"
                             r"([1-4]|one|two|three|four)\b(?:\s*(?:of\s+|,\s*)?"
                             r"((?:19|20)\d{2}(?:\s*[/\-–]\s*\d{2,4})?))?", re.I)
# Words after which a time phrase belongs to a compared figure, not to the one before them.
COMPARISON_CUE = re.compile(r"\b(?:compared?|compares|comparison|than|from|whereas|while|whilst|"
                            r"against|versus|vs\.?|up\s+from|down\s+from)\b", re.I)
CLAUSE_BREAK = re.compile(r"[,;:()]")
AFTER_WINDOW = 80                       # chars: a trailing phrase further away is another clause's


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    period: Optional[Period] = None     # explicit periods
    relative: Optional[str] = None      # CURRENT | PREVIOUS | NEXT | NOW | QUARTER_OF
    quarter: Optional[int] = None       # QUARTER_OF: which quarter of the paper's year


def _overlaps(a: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _month_end(m: re.Match, label: str) -> Optional[Period]:
    month, year = month_number(m.group(1)), int(m.group(2))
    if not month:
        return None
    d = last_day(year, month)
    return Period("as_at", d, d, label)


def text_to_mentions(text: str) -> list[Mention]:
    """Every time phrase in a sentence, left to right, longest match first."""
    found: list[Mention] = []
    spans: list[tuple[int, int]] = []

    def add(m: re.Match, period: Optional[Period] = None, relative: Optional[str] = None):
        if period is None and relative is None or _overlaps(m.span(), spans):
            return
        spans.append(m.span())
        found.append(Mention(m.start(), m.end(), m.group(0), period, relative))

    for rx in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, NUMERIC_DATE):
        for m in rx.finditer(text):
            d = parse_date(m.group(0))
            add(m, Period("as_at", d, d, m.group(0)) if d else None)
    for m in END_OF_MONTH.finditer(text):
        add(m, _month_end(m, m.group(0)))
    for m in AS_AT_MONTH.finditer(text):
        add(m, _month_end(m, m.group(0)))
    for m in QUARTER_MENTION.finditer(text):
        n = QUARTER_WORDS[m.group(1).lower()]
        year = m.group(2)
        if year is None:
            if not _overlaps(m.span(), spans):
                spans.append(m.span())
                found.append(Mention(m.start(), m.end(), m.group(0), relative=QUARTER_OF, quarter=n))
        else:
            add(m, quarter_of_year(n, year, m.group(0)))
    for m in FINANCIAL_YEAR.finditer(text):
        add(m, parse_period(m.group(0)))
    for m in IN_MONTH.finditer(text):
        add(m, parse_period(m.group(0)))
    for m in IN_YEAR.finditer(text):
        add(m, parse_period(m.group(1)))
    for rel, rx in RELATIVE:
        for m in rx.finditer(text):
            add(m, relative=rel)
    return sorted((unresolvable(m) if PART_OF_PERIOD.search(text[max(0, m.start - 40):m.start])
                   else m for m in found), key=lambda x: x.start)


def unresolvable(m: Mention) -> Mention:
    """The mention still governs its figure (no other phrase may date it) but names no period:
    'the first three quarters of 2014-15' is not 2014-15."""
    return Mention(m.start, m.end, m.text)


def quarter_of_year(n: int, year: str, label: str) -> Optional[Period]:
    """'Quarter 2 2019-20' -> July-September 2019; 'quarter one 2019' -> the first quarter of the
    financial year starting in 2019 (councils count quarters from April)."""
    fy = parse_period(year)
    if fy is None:
        return None
    start_year = fy.start.year
    return _fy_quarter(start_year, n, label)


def _fy_quarter(start_year: int, n: int, label: str) -> Period:
    first_month = 4 + 3 * (n - 1)
    year = start_year + (first_month - 1) // 12
    first_month = (first_month - 1) % 12 + 1
    return Period("quarter", date(year, first_month, 1), last_day(year, first_month + 2), label)


def latest_quarter(n: int, on_or_before: date, label: str) -> Optional[Period]:
    """The latest quarter n of a financial year that has ended by `on_or_before`."""
    for start_year in (on_or_before.year, on_or_before.year - 1, on_or_before.year - 2):
        p = _fy_quarter(start_year, n, label)
        if p.end <= on_or_before:
            return p
    return None


def twelve_months_to(m: Mention, snapshot: Optional[Period]) -> Mention:
    """'In the last 12 months' after a snapshot ('At 31 March 2016, 431 children ...'): the
    financial year ending on that snapshot; twelve months to any other day name no period the
    warehouse keys (the mention stays, unresolved). Other mentions are returned as they are."""
    if m.relative != CURRENT or snapshot is None or not TRAILING_YEAR.search(m.text):
        return m
    end = snapshot.end
    if (end.month, end.day) == (3, 31):
        return Mention(m.start, m.end, m.text,
                       period=Period("financial_year", date(end.year - 1, 4, 1), end, m.text))
    return unresolvable(m)


def choose_mention(text: str, q_start: int, q_end: int, mentions: Sequence[Mention],
                   quantity_spans: Sequence[tuple[int, int]] = ()) -> Optional[Mention]:
    """The time phrase in `text` that governs the number at q_start..q_end, if any."""
    after = [m for m in mentions if m.start >= q_end and m.start - q_end <= AFTER_WINDOW]
    for m in after:
        between = re.sub(r"\([^()]*\)", "", text[q_end:m.start])   # an aside is not a break
        if COMPARISON_CUE.search(between) or CLAUSE_BREAK.search(between):
            break
        if any(q_end <= s and e <= m.start for s, e in quantity_spans) and \
                re.search(r"\b(?:and|or)\b", between):
            break   # "19 in 2015 and 40 in 2016": the phrase is the next number's
        return m
    before = [m for m in mentions if m.end <= q_start]
    if before:
        # "... from March 2015, when only 22.8%" is right; "compared with 223 at March 2017 and
        # 300 ..." would be wrong but is rare enough to accept.
        return before[-1]
    return None


def dated_now(chosen: Optional[Mention], text: str,
              mentions: Sequence[Mention]) -> Optional[Mention]:
    """'Sefton currently has 89 households ... as of March 2018': 'currently' is the day the
    sentence names elsewhere, when it names one day (a snapshot not after a comparison cue)."""
    if chosen is None or chosen.relative != NOW:
        return chosen
    for m in mentions:
        if m.period is not None and m.period.period_type == "as_at" and \
                not COMPARISON_CUE.search(text[max(0, m.start - 30):m.start]):
            return m
    return chosen


def frame_of(text: str, mentions: Sequence[Mention],
             quantity_spans: Sequence[tuple[int, int]]) -> Optional[Mention]:
    """The phrase that sets the scene for the rest of a paragraph: one standing before the
    sentence's first number and not after a comparison cue."""
    first_q = min((s for s, _ in quantity_spans), default=len(text))
    for m in mentions:
        if m.start < first_q and not COMPARISON_CUE.search(text[max(0, m.start - 20):m.start]):
            return m
    return None


def reporting_to_period(start: Optional[date], end: Optional[date]) -> Optional[Period]:
    """The reporting period as a typed period: a financial or calendar year when it is one."""
    if not end:
        return None
    start = start or end
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        kind = "financial_year"
    elif (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and end.year == start.year:
        kind = "calendar_year"
    elif start == end:
        kind = "as_at"
    else:
        kind = "other"
    return Period(kind, start, end, "reporting period")


def shift_years(p: Period, years: int) -> Period:
    """The same period `years` later (negative: earlier)."""
    def shift(d: date) -> date:
        try:
            return d.replace(year=d.year + years)
        except ValueError:      # 29 February
            return d.replace(year=d.year + years, day=28)
    return replace(p, start=shift(p.start), end=shift(p.end))


def resolve(mention: Optional[Mention], reporting: Optional[Period], stock: bool) -> Optional[Period]:
    """A mention -> the period of the figure it governs. Stock metrics are snapshots: a year
    phrase means the snapshot at its end."""
    if mention is None:
        return None
    if mention.period is not None:
        p = mention.period
    elif reporting is None or mention.relative is None:
        return None
    elif mention.relative == NOW:
        if (reporting.end - reporting.start).days > NOW_MAX_DAYS:
            return None     # "currently" in an annual report: some day after its year
        return Period("as_at", reporting.end, reporting.end, mention.text)
    elif mention.relative == QUARTER_OF:
        if mention.quarter is None:
            return None
        if reporting.period_type == "financial_year":
            p = _fy_quarter(reporting.start.year, mention.quarter, mention.text)
        else:
            found = latest_quarter(mention.quarter, reporting.end, mention.text)
            if found is None:
                return None
            p = found
    else:
        p = {CURRENT: reporting, PREVIOUS: shift_years(reporting, -1),
             NEXT: shift_years(reporting, 1)}[mention.relative]
        p = replace(p, label=mention.text)
    if stock and p.period_type == "calendar_year" and mention.period is not None:
        # "385 in 2019": England's and Wales's counts of children in care are snapshots on
        # 31 March, and a stock given for a bare year is that year's 31 March figure
        day = date(p.end.year, 3, 31)
        return Period("as_at", day, day, p.label)
    if stock and p.period_type in ("financial_year", "calendar_year", "month", "quarter", "other"):
        return Period("as_at", p.end, p.end, p.label)
    return p
