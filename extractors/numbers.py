"""Numbers as council papers write them, found in one sentence -> `Quantity` spans.

Pure regular expressions, no spaCy: this is the cheap filter that decides which sentences go
through the parser at all, and it is where "not every number is a metric" is enforced.

  text_to_quantities("There were 651 looked after children")   -> [651 count]
  text_to_quantities("53.8% of those children")               -> [53.8 percent]
  text_to_quantities("a budget of £6.7m")                     -> [6700000 gbp]
  text_to_quantities("84 per 10,000 children")                -> [84 rate_per_10k]
  text_to_quantities("The total ... this year was eight")     -> [8 count]
  text_to_quantities("Regulation 24", "Page 70", "Act 2017")  -> []

Ranges ("between 115 and 122", "115-122") are returned flagged `in_range` so callers skip them:
a range is two bounds, never one value, and is never averaged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from core.periods import DAY_MONTH_YEAR, FINANCIAL_YEAR, MONTH_DAY_YEAR, MONTH_YEAR, NUMERIC_DATE
from core.values import SCALE as MONEY_SCALE

# Years this close to "now" are read as years, not counts, unless written with a comma or a unit.
YEAR_MIN, YEAR_MAX = 1900, 2100

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
# "one" is left out on purpose: "one of the", "no one", "one to one" are almost never counts.
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
UNITS_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_BELOW_100 = (r"(?:(?:" + "|".join(TENS) + r")[\s-](?:" + "|".join(UNITS_WORDS) + r")|"
              + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")")
# "One hundred and fifty-five children": the hundreds are part of the number (read alone,
# "fifty-five" would be a wrong value, not a missing one).
WORD_NUMBER = re.compile(r"\b(?:(?:" + "|".join(UNITS_WORDS) + r")\s+hundred(?:\s+(?:and\s+)?"
                         + _BELOW_100 + r")?|" + _BELOW_100 + r")\b", re.I)
WORD_PARTS = re.compile(r"[\s-]+")


def word_value(words: str, extra: Optional[dict[str, int]] = None) -> Optional[int]:
    """'one hundred and fifty-five' -> 155, 'twenty-five' -> 25, 'eight' -> 8; None when a word
    is not a number word (`extra` adds words a caller reads as numbers, such as "no")."""
    value = 0
    for w in WORD_PARTS.split(words.lower().strip()):
        if w == "hundred":
            value = (value or 1) * 100
        elif w == "and":
            continue
        elif w in NUMBER_WORDS:
            value += NUMBER_WORDS[w]
        elif w in UNITS_WORDS:
            value += UNITS_WORDS.index(w) + 1
        elif extra and w in extra:
            value += extra[w]
        else:
            return None
    return value

NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# A figure starts where a number starts, never inside a run of digits or thousands groups: the
# unanchored patterns below would otherwise retry from every digit of a long run (quadratic).
NUM_START = r"(?<!\d)(?<!\d,)"
MONEY = re.compile(r"£\s?" + NUM + r"(?:\s?(m\b|mn\b|million\b|k\b|bn\b|billion\b))?", re.I)
WORD_PERCENT_AFTER = re.compile(r"\s?(?:%|per\s?cent\b|percent\b)", re.I)
PERCENT = re.compile(NUM_START + NUM + r"\s?(%|per\s?cent\b|percent\b)", re.I)
RATE = re.compile(NUM_START + NUM + r"\s+per\s+(10,000|10000|10k)\b", re.I)
RATIO = re.compile(NUM_START + NUM + r"\s+[a-z]+(?:\s[a-z]+)?\s+per\s+(?!cent\b|10,?000\b)[a-z]+", re.I)
BARE = re.compile(r"(?<![\w.,£/\-])" + NUM + r"(?![\w%£]|[/.\-]\d|,\d)")
RANGE = re.compile(r"\bbetween\s+£?" + NUM + r"%?\s+and\s+£?" + NUM
                   + r"|(?<![\w.])(?<!\d,)" + NUM + r"\s?[-–]\s?" + NUM + r"(?![\w/.\-])", re.I)

# "between ten and fifteen", "six to eight": a range written in words is two bounds as well
_W = r"(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
WORD_RANGE = re.compile(r"\bbetween\s+" + _W + r"\s+and\s+" + _W + r"\b|(?<!from\s)\b" + _W + r"\s+to\s+"
                        + _W + r"\b", re.I)

# Spans whose digits are never figures: dates, phone numbers, times, ages, references.
PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
                   r"|\(\d{3}\)\s?\d{3}\s?[-–]\s?\d{4}\b")
# Identifiers, not figures: "737–31–1860", "AD 2018–23–51" (three or more dash-joined parts).
CODE = re.compile(r"(?<![\w.])\d+(?:\s?[-–/]\s?\d+){2,}(?![\d])")
# Other currencies are not the council's money: "$85 per work-hour", "€1,200".
FOREIGN_MONEY = re.compile(r"[$€¥]\s?\d[\d,.]*")
# Thresholds, sizes and frequencies are not counts: "3 or more children", "a sibling group of two",
# "on a six monthly basis", "under the age of 1".
_N = r"(?:(?<!\d)\d+|" + "|".join(list(NUMBER_WORDS) + ["one"]) + r")"
CRITERION = re.compile(_N + r"\s+or\s+(?:more|fewer|less|over|above|under)\b"
                       r"|\b(?:groups?|size|age)\s+of\s+(?:more\s+than\s+|over\s+|up\s+to\s+|at\s+least\s+)?"
                       + _N + r"\b"
                       r"|\b" + _N + r"[\s-](?:monthly|weekly|yearly|daily|hourly|fortnightly|quarterly)\b"
                       r"|\bper\s+under\s+\d+", re.I)
# Street addresses: "2200 South 216th St.", "1200 New Jersey Avenue SE", "10 Downing Street".
ADDRESS = re.compile(r"\b\d+\s+(?:[A-Z0-9][\w.]*\s+){0,3}(?:St|Street|Road|Rd|Avenue|Ave|Lane|Drive|"
                     r"Way|Blvd|Boulevard|Place|Square|Close|Crescent)\b\.?")
# Web and e-mail addresses: "…/2018%20-%20035%20Final%20Report.pdf", "9-AVS@faa.gov".
# A whole run of non-space characters is an address when it holds one of these marks (matched per
# run: a pattern with \S* on both sides would rescan a long run from each of its characters).
URL_MARK = re.compile(r"https?://|www\.|%20|\.pdf\b|\.gov\b|\.uk\b|\.com\b|@", re.I)
NON_SPACE_RUN = re.compile(r"\S+")
# Legal sub-paragraphs: "paragraph (h)(8)", "(1)(a)".
LEGAL_INDEX = re.compile(r"\([a-z]{1,4}\)\(\d{1,2}\)|\(\d{1,2}\)(?=\()")
# Three or more numbers in a comma list ("scores of 283, 335, 373 and 379 days") are a listing
# of individual cases, not figures of their own.
ENUMERATION = re.compile(r"(?<![\w.,])\d+(?:\.\d+)?(?:,\s+\d+(?:\.\d+)?){2,}(?:,?\s+and\s+\d+(?:\.\d+)?)?"
                         r"|\b(?:scores?|values?|figures?|totals?)\s+of\s+\d+(?:\.\d+)?(?:,\s+\d+(?:\.\d+)?)+"
                         r",?\s+and\s+\d+(?:\.\d+)?", re.I)
TIME = re.compile(r"\b\d{1,2}[.:]\d{2}\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}\s?(?:am|pm)\b", re.I)
REFERENCE = re.compile(
    r"\b(?:regulations?|reg\.|sections?|s\.|standards?|articles?|paragraphs?|paras?\.?|pages?|"
    r"items?|agenda items?|appendix|appendices|annex|tables?|figures?|fig\.|chapters?|stages?|"
    r"key stage|ks|phase|tier|level|ward|room|no\.|number|minute|minutes no\.?|ref\.?|"
    r"schedule|part|clause|rule|priority|objective|outcome|recommendation|option|step|"
    r"question|week|year|day|version|issue|edition|volume|vol\.?|cohort|group|minute\s+no\.?|"
    r"AD|bulletin|docket\s+no\.?|FR|model|note|footnote)\s+"
    r"(?:\d+(?:\.\d+)*(?:\s?(?:,|and|to|-|–)\s?\d+(?:\.\d+)*)*)", re.I)
AGE = re.compile(
    r"\b(?:aged?|ages|age of|over the age of|under the age of|up to the age of)\s+"
    r"(?:between\s+)?\d+(?:\s?(?:-|–|to|and)\s?\d+)?"
    r"|\b\d+(?:\s?(?:-|–|to)\s?\d+)?\s?(?:-|\s)?(?:years?|yrs?)[\s-]?old"
    r"|\b\d+(?:\s?(?:-|–|to)\s?\d+)?\s?(?:-|\s)?year[\s-]olds?"
    r"|\b(?:under|over)[\s-]\d+s\b|\b(?:post|pre)-\d+\b"
    r"|\bage\b[^.;:\d]{0,60}?(?:\bis\s+|\bwas\s+|\()\d+"          # "the median age ... is 55"
    r"|\b(?:they|he|she|you)\s+(?:are|is|turn|turns|reach|reaches)\s+\d+\b"
    r"|\b\d+['’]s\b"                                                 # "early 20's"
    r"|\b\d+\+", re.I)
ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I)
# "1.", "(2)", "3)" at the start of a sentence are list indices; "1.1.2" refs too.
LIST_INDEX = re.compile(r"^\s*(?:-\s*)?(?:\(?\d+(?:\.\d+)*[.)]|\(\d+\))(?=\s|$|[A-Z])"
                        r"|^\s*(?:[-•]\s*)?\d+(?:\.\d+)+(?=\s)|\b\d+\.\d+\.\d+(?:\.\d+)*\b"
                        r"|\bper\s+10,?000\b")
# Durations are not figures unless they are averages ("an average of 120 days").
DURATION = re.compile(NUM_START + NUM + r"\s+(?:working\s+|calendar\s+)?(days?|weeks?|months?|years?|hours?|quarters)\b",
                      re.I)
# How far back "average of" may sit before a duration: the cue and at most three words.
AVERAGE_CUE_WINDOW = 200
AVERAGE_CUE = re.compile(r"\b(?:average|mean|median)\s+(?:of\s+)?(?:\w+\s+){0,3}$", re.I)
# "the average time between placement order and matching was 264 days": the average is the
# subject, the duration its value (no other figure or sentence between them)
AVERAGE_SUBJECT = re.compile(r"\b(?:average|mean|median)\s+(?:time|number\s+of\s+days|wait|waiting\s+time|"
                             r"length\s+of\s+time|duration)\b[^.;:\d]{0,160}?\b(?:was|is|were|are|of|at|"
                             r"stood\s+at|remains?\s+at|remained\s+at|to)\s+$", re.I)
# "B–737–8/-9", "Covid-19", "A-12": letters joined to digits by a dash name a thing.
LETTER_CODE = re.compile(r"\b[A-Za-z]+[–-]\d[\w–/-]*")
# "Quarter 3", "Q2", "quarter one": which quarter, not a count of anything.
QUARTER_REF = re.compile(r"\b(?:q|qtr\.?\s*|quarter\s*)(?:[1-4]|one|two|three|four)\b", re.I)
# "placements[1]": a footnote reference glued to its word.
FOOTNOTE_REF = re.compile(r"(?<=[^\s\d])\[\d{1,3}\]")
# "1.59 per 1,000 of the population", "12 per 100,000": a rate with a base the catalogue does not
# key (rates per 10,000 are read by RATE above); neither number is a count.
OTHER_RATE = re.compile(NUM_START + NUM + r"\s+per\s+(?:1,?000|100,?000|100|1,?000,?000)\b", re.I)
YEARS_AS_NAMES = re.compile(r"\b(?:Act|Order|Regulations|Strategy|Plan|Vision|Report|Review)\s+"
                            r"(?:\(\w+\)\s+)?(?:19|20)\d{2}\b")

QUALIFIERS = [
    ("approx", re.compile(r"\b(?:approximately|approx\.?|around|about|roughly|circa|c\.|"
                          r"some|an estimated|estimated|in the region of)\s*$", re.I)),
    ("more_than", re.compile(r"\b(?:more than|over|in excess of|above|at least|exceeding|"
                             r"upwards of|greater than|no fewer than|no less than)\s*$", re.I)),
    ("less_than", re.compile(r"\b(?:almost|nearly|just under|under|less than|fewer than|"
                             r"below|up to|no more than|at most)\s*$", re.I)),
]
# "attendances over 55 courses": after a plural noun "over" means "across", not "more than".
OVER_AS_PREPOSITION = re.compile(r"(?:\b(?!(?:was|has|is|does|takes|this|its)\b)\w+s|\d)\s+over\s*$",
                                 re.I)
QUALIFIER_WINDOW = 30
# "three year period": a number word followed by a unit of time is a duration.
WORD_DURATION_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?(?:days?|weeks?|months?|years?|quarters)\b", re.I)
# Numbers returned for one text at most (the first in reading order). Prose reads sentences of a
# few thousand characters and keeps fewer numbers than this of each; the cap bounds what any
# caller can be handed from a single pathological line.
MAX_NUMBERS_PER_TEXT = 1000


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str                  # 'count' | 'percent' | 'gbp' | 'rate_per_10k' | 'ratio' | 'days'
    start: int                 # char offsets into the text searched
    end: int
    text: str
    qualifier: Optional[str] = None
    in_range: bool = False     # one bound of "between 115 and 122": callers skip it
    is_word: bool = False      # written as a word ("eight")


def to_float(text: str) -> float:
    return float(text.replace(",", ""))


def _url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in NON_SPACE_RUN.finditer(text) if URL_MARK.search(m.group())]


def _average_before(text: str, start: int) -> bool:
    """An "average of" cue just before `start`, or an average as the subject the duration is
    said of (searched in a bounded window, not the whole text)."""
    lo = max(0, start - AVERAGE_CUE_WINDOW)
    return bool(AVERAGE_CUE.search(text, lo, start) or AVERAGE_SUBJECT.search(text, lo, start))


def _masked_spans(text: str) -> list[tuple[int, int]]:
    """Character spans whose digits are dates, phones, times, ages or references."""
    spans = _url_spans(text)
    for rx in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, NUMERIC_DATE, FINANCIAL_YEAR, MONTH_YEAR, PHONE,
               TIME, REFERENCE, AGE, ORDINAL, LIST_INDEX, YEARS_AS_NAMES, CODE, FOREIGN_MONEY,
               LEGAL_INDEX, ENUMERATION, CRITERION, ADDRESS, QUARTER_REF, FOOTNOTE_REF, OTHER_RATE,
               LETTER_CODE):
        spans.extend(m.span() for m in rx.finditer(text))
    for m in DURATION.finditer(text):
        if not (m.group(2).lower().startswith("day") and _average_before(text, m.start())):
            spans.append(m.span())
    return spans


class CharMarks:
    """Which characters of a text are covered by some span: marking and testing cost the span's
    length, so a text's whole sweep is linear in its size (not spans x spans)."""

    def __init__(self, size: int, spans: list[tuple[int, int]] = ()):  # type: ignore[assignment]
        self.marks = bytearray(size)
        for span in spans:
            self.mark(span)

    def mark(self, span: tuple[int, int]) -> None:
        start, end = span
        if end > start:
            self.marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, span: tuple[int, int]) -> bool:
        return self.marks.find(1, span[0], span[1]) >= 0


def qualifier_before(text: str, start: int) -> Optional[str]:
    """'approx' | 'more_than' | 'less_than' from the words just before a number."""
    before = text[max(0, start - QUALIFIER_WINDOW):start].replace("£", "")
    for name, rx in QUALIFIERS:
        if rx.search(before):
            if name == "more_than" and OVER_AS_PREPOSITION.search(before):
                return None
            return name
    return None


def is_year(text: str) -> bool:
    return text.isdigit() and len(text) == 4 and YEAR_MIN <= int(text) <= YEAR_MAX


HAS_DIGIT = re.compile(r"\d")


def text_to_quantities(text: str) -> list[Quantity]:
    """Every figure-like number in `text`, left to right, with unit and qualifier (at most
    MAX_NUMBERS_PER_TEXT of them). Linear in the length of `text`."""
    # Most sentences hold no number at all: skip the masking patterns for them.
    if not HAS_DIGIT.search(text) and not WORD_NUMBER.search(text):
        return []
    masked = CharMarks(len(text), _masked_spans(text))
    taken = CharMarks(len(text))
    found: list[tuple[int, int, float, str, bool]] = []

    def add(start, end, value, unit, is_word=False, mask_ok=False):
        if taken.overlaps((start, end)):
            return
        if not mask_ok and masked.overlaps((start, end)):
            return
        taken.mark((start, end))
        found.append((start, end, value, unit, is_word))

    for m in MONEY.finditer(text):
        scale = MONEY_SCALE.get((m.group(2) or "").lower(), 1.0)
        add(m.start(), m.end(), round(to_float(m.group(1)) * scale, 2), "gbp", mask_ok=True)
    for m in PERCENT.finditer(text):
        add(m.start(), m.end(), to_float(m.group(1)), "percent", mask_ok=True)
    for m in RATE.finditer(text):
        add(m.start(), m.end(), to_float(m.group(1)), "rate_per_10k", mask_ok=True)
    for m in RATIO.finditer(text):
        if "." in m.group(1):   # "1.6 placements per household"; whole counts stay counts
            add(m.start(1), m.end(1), to_float(m.group(1)), "ratio")
    for m in DURATION.finditer(text):
        if m.group(2).lower().startswith("day") and _average_before(text, m.start()):
            add(m.start(1), m.end(1), to_float(m.group(1)), "days", mask_ok=True)
    for m in BARE.finditer(text):
        raw = m.group(1)
        if is_year(raw):
            continue
        add(m.start(1), m.end(1), to_float(raw), "count")
    for m in WORD_NUMBER.finditer(text):
        value = word_value(m.group(0))
        if value is None:
            continue
        if WORD_DURATION_AFTER.match(text, m.end()):
            continue    # "three year period": a duration
        percent = WORD_PERCENT_AFTER.match(text, m.end())      # "Ten per cent", "twenty-five percent"
        end = percent.end() if percent else m.end()
        add(m.start(), end, float(value), "percent" if percent else "count", is_word=True)

    ranges = CharMarks(len(text), [m.span() for m in RANGE.finditer(text)] +
                       [m.span() for m in WORD_RANGE.finditer(text)])
    found.sort(key=lambda f: f[0])
    # Qualifiers are read only for the numbers returned.
    return [Quantity(value, unit, start, end, text[start:end], qualifier_before(text, start),
                     in_range=ranges.overlaps((start, end)), is_word=is_word)
            for start, end, value, unit, is_word in found[:MAX_NUMBERS_PER_TEXT]]


def has_figure(text: str) -> bool:
    """Cheap test used to pick the sentences worth parsing."""
    return bool(HAS_DIGIT.search(text) or WORD_NUMBER.search(text)) and bool(text_to_quantities(text))
