"""Sentences -> observations (the spaCy layer).

Flow for one document:
  1. blocks -> sentences (cheap regex split), keeping block index, page and section;
  2. keep only sentences with a figure (extractors.numbers decides what is a figure);
  3. nlp.pipe over those sentences only (extractors.nlp.get_nlp, built once per process);
  4. per number: the noun phrase it quantifies (parse) -> catalogue metric; the period
     (extractors.timeref, with the paragraph's frame and the reporting period of the segment);
     authority and value kind from cue words.
Matching (what is where) is kept apart from writing (building Observation rows).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, islice
from typing import Iterable, Optional, Sequence, cast

from core.authorities import ENGLAND_CODE, Authority, find_authorities, match_authority
from core.catalogue import get_metric, load_catalogue
from core.model import Document, Extractor, Findings, Observation, PeriodType, Qualifier, Unit, ValueKind
from core.periods import parse_period
from extractors import timeref
from extractors.nlp import BATCH_SIZE, get_nlp, has_parser
from extractors.numbers import Quantity, text_to_quantities
from extractors.prose_metrics import is_generic, is_stock, label_to_metric, normalise, percent_variant
from extractors.prose_rules import prose_rules

EXTRACTOR: Extractor = "prose"
PROSE_KINDS = ("paragraph", "list_item", "heading")
SENTENCE_END = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bNo\.)(?<!\bapprox\.)(?<!\bSt\.)(?<!\bMr\.)"
                          r"(?<!\bMrs\.)(?<!\bDr\.)(?<!\bCllr\.)(?<!\bVol\.)(?<!^\d\.)(?<!^\d\d\.)"
                          r"(?<=[.!?])\s+"
                          r"(?=[A-Z0-9(“\"‘'£\uf000-\uf0ff•▪●◦])"
                          # a bullet glyph inside a block starts an item of its own
                          r"|\s+(?=[\uf000-\uf0ff•▪●◦]\s)")
# A paragraph opening with a bullet glyph (Word's symbol-font bullets come out of PDFs as
# private-use characters) is a list item, whatever the reader called it.
BULLET = re.compile(r"^\s*[\uf000-\uf0ff•▪●◦·‒–—-]\s")
GLYPH = re.compile(r"^\s*[\uf000-\uf0ff•▪●◦]\s*")
LABEL_MAX_TOKENS = 12
WINDOW_WORDS = 6                       # label fallback without a parser
# Bounds that keep the work per document linear in its size (a line of a thousand numbers must
# not cost a thousand times a line of ten). Ordinary prose is far inside them: the sample papers'
# longest sentence has 1,261 characters and 7 numbers, their longest clause a few hundred.
MAX_SENTENCE_CHARS = 4000              # beyond this a "sentence" is a table or list run together
MAX_NUMBERS_PER_SENTENCE = 60          # numbers read in one sentence; the rest are not
CLAUSE_WINDOW = 400                    # characters a number's reading looks at on either side
NOUN_SCAN_TOKENS = 20                  # tokens after a number searched for the noun it counts
ANTECEDENT_LOOKBACK = 50               # earlier figures of a paragraph a bare noun may refer to
# Confidence: start, plus evidence of a metric and a period; less when either is missing.
BASE_CONFIDENCE = 0.5
METRIC_BONUS = 0.2
NEARBY_METRIC_BONUS = 0.1              # the metric is named in the clause, not by the number's noun
EXPLICIT_PERIOD_BONUS = 0.15
RELATIVE_PERIOD_BONUS = 0.1
UNRESOLVED_PENALTY = 0.15
QUALIFIER_PENALTY = 0.05
HEADING_PENALTY = 0.1
UNMAPPED_PENALTY = 0.1


@dataclass
class Sentence:
    text: str
    block_index: int
    page: int
    section: Optional[str]
    kind: str
    position: int                      # order within its block


@dataclass
class Found:
    """One number matched in a sentence, before it becomes an Observation."""
    q: Quantity
    label: str
    metric: Optional[str]
    mention: Optional[timeref.Mention]
    from_frame: bool
    countable: bool = True             # quantifies a subject noun phrase of its own or inherited
    other: Optional[Authority] = None  # another council or region the sentence gives it to
    stated: bool = True                # the metric is named by the number's own noun phrase
    flags: Optional[str] = None        # why a metric was not given (kept for the analyst)
    national: bool = False             # compared with a national figure in the same sentence
    comparator: Optional[str] = None   # a comparator group's figure ('statistical neighbours')
    noun: Optional[str] = None         # the head noun the number counts, when it has one


def block_to_sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def block_kind(b) -> str:
    return "list_item" if b.kind == "paragraph" and BULLET.match(b.text) else b.kind


def document_to_sentences(doc: Document) -> list[Sentence]:
    out = []
    for i, b in enumerate(doc.blocks):
        if b.kind not in PROSE_KINDS or not b.text:
            continue
        kind = block_kind(b)
        for j, s in enumerate(block_to_sentences(b.text)):
            # the glyph is layout, not language: the parser reads '334 live with ...' better
            # without a private-use character before it
            s = GLYPH.sub("", s)
            if s:
                out.append(Sentence(s, i, b.page, b.section, kind, j))
    return out


def within_caps(sentences: list[Sentence], doc: Document) -> list[Sentence]:
    """Sentences cut to MAX_SENTENCE_CHARS (at a space); the document says what was not read."""
    long = [s for s in sentences if len(s.text) > MAX_SENTENCE_CHARS]
    for s in long:
        cut = s.text.rfind(" ", 0, MAX_SENTENCE_CHARS + 1)
        s.text = s.text[:cut if cut > 0 else MAX_SENTENCE_CHARS]
    if long:
        doc.partial_reasons.append(
            f"{len(long)} sentence(s) longer than {MAX_SENTENCE_CHARS} characters (the first on "
            f"page {long[0].page}) were read only to that length: such text is usually a table "
            "run together, better read as a table")
    return sentences


def capped_numbers(sentences: list[Sentence], quantities: dict[int, list[Quantity]],
                   doc: Document) -> None:
    """At most MAX_NUMBERS_PER_SENTENCE numbers of a sentence are read; the document says so."""
    over = [s for s in sentences if len(quantities[id(s)]) > MAX_NUMBERS_PER_SENTENCE]
    for s in over:
        quantities[id(s)] = quantities[id(s)][:MAX_NUMBERS_PER_SENTENCE]
    if over:
        doc.partial_reasons.append(
            f"{len(over)} sentence(s) held more than {MAX_NUMBERS_PER_SENTENCE} numbers (the first "
            f"on page {over[0].page}); only the first {MAX_NUMBERS_PER_SENTENCE} of each were read")


# ------------------------------------------------------------------ a sentence's geography

@dataclass(frozen=True)
class Breaks:
    """Where a sentence's clauses break, found once per sentence: a number's clause is then two
    binary searches, never a scan back to the sentence start."""
    commas: tuple[int, ...]            # positions of , ; :
    colons: tuple[int, ...]            # positions of ; :
    first_semicolon: int               # -1 when none


@lru_cache(maxsize=256)
def breaks_of(text: str) -> Breaks:
    return Breaks(tuple(i for i, c in enumerate(text) if c in ",;:"),
                  tuple(i for i, c in enumerate(text) if c in ";:"), text.find(";"))


def _break_before(text: str, at: int, positions: Sequence[int]) -> int:
    """Start of the clause holding `at`: just after the last break before it, but no more than
    CLAUSE_WINDOW characters back (cut at a space, never inside a word)."""
    i = bisect_left(positions, at) - 1
    start = positions[i] + 1 if i >= 0 else 0
    floor = at - CLAUSE_WINDOW
    if start < floor:
        space = text.find(" ", floor, at)
        start = space + 1 if space >= 0 else floor
    return start


def _break_after(text: str, at: int, positions: Sequence[int]) -> int:
    """End of the clause holding `at`: the next break, or CLAUSE_WINDOW characters on."""
    i = bisect_left(positions, at)
    end = positions[i] if i < len(positions) else len(text)
    return min(end, at + CLAUSE_WINDOW, len(text))


def text_before(text: str, q: Quantity) -> str:
    """The text a number's reading may look back at."""
    return text[max(0, q.start - CLAUSE_WINDOW):q.start]


def text_after(text: str, q: Quantity) -> str:
    """The text a number's reading may look ahead at."""
    return text[q.end:q.end + CLAUSE_WINDOW]


def token_starts(sdoc) -> list[int]:
    """Character offsets of a parsed sentence's tokens, computed once and kept on the Doc."""
    starts = sdoc.user_data.get("council_etl_token_starts")
    if starts is None:
        starts = [t.idx for t in sdoc]
        sdoc.user_data["council_etl_token_starts"] = starts
    return starts


def first_token_from(sdoc, char: int) -> int:
    """Index of the first token starting at or after `char` (len(sdoc) when none)."""
    return bisect_left(token_starts(sdoc), char)


# ------------------------------------------------------------------ the noun phrase of a number

def _token_at(sdoc, start: int, end: int):
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[-1] if span[-1].like_num or span[-1].text in "%" else span.root


def _trim(tokens) -> str:
    words = [t.text_with_ws for t in tokens][:LABEL_MAX_TOKENS]
    return "".join(words).strip(" ,.;:")


def parsed_label(sdoc, q: Quantity) -> tuple[str, bool]:
    """The noun phrase a number quantifies, from the dependency parse, and whether the number
    has a noun of its own.
    '260 children were placed with X carers' -> 'children were placed with X carers', True;
    'The total number of allegations ... was eight' -> the subject, True;
    'of which 483 were placed in foster care' -> 'were placed in foster care', False."""
    tok = _token_at(sdoc, q.start, q.end)
    if tok is None:
        return "", False
    head = tok
    while head.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod") and \
            head.head is not head and head.head.i > head.i and \
            head.head.pos_ in ("NOUN", "PROPN", "NUM", "ADJ", "SYM"):
        head = head.head
        if head.pos_ in ("NOUN", "PROPN"):
            break
    if head is not tok and head.pos_ in ("NOUN", "PROPN"):
        toks = [t for t in head.subtree if t.i > tok.i and not (
            t.i > head.i and t.dep_ in ("relcl", "punct", "cc", "conj", "appos"))]
        label = _trim(_contiguous(toks, tok.i + 1))
        if head.dep_ in ("nsubj", "nsubjpass") and len(label.split()) <= 3:
            label += " " + predicate_of(head)
        return label.strip(), True
    verb = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return predicate_of(tok), False
    while verb.dep_ in ("prep", "pobj", "attr", "dobj", "acomp", "xcomp") and \
            verb.head is not verb and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c is not tok]
    if subj:
        return _trim(list(subj[0].subtree)), True
    return _trim([t for t in tok.head.subtree if t.i > tok.i]), False


# What a number may quantify and still be a figure of the service: not a unit of time, money or
# measure ("283 days", "90 work-hours", "$85 per hour"), which only count as durations or money
# when numbers.py typed them so.
MEASURE_NOUNS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
                 "minute", "minutes", "second", "seconds", "time", "times", "pound", "pounds",
                 "pence", "dollar", "dollars", "page", "pages", "mile", "miles", "work", "am", "pm",
                 "%", "percent", "cent", "o'clock", "stage", "stages", "point", "points", "per"}
NOMINAL = ("NOUN", "PROPN")
OTHER_COUNCILS = re.compile(r"\b(?:some|other|many|most|several|few|neighbouring)\s+(?:local\s+)?"
                            r"(?:councils|authorities|LAs)\b", re.I)


def quantified_noun(sdoc, q: Quantity):
    """The noun a number counts, from the parse: '566 training attendances' -> attendances;
    'The total number of allegations ... was eight' -> number (its subject); None when the
    number stands alone ('483 were placed', '11 the FCC would')."""
    tok = _token_at(sdoc, q.start, q.end)
    if tok is None:
        return None
    if tok.text == "%":
        tok = tok.head if tok.head.like_num else tok
    head = tok
    for _ in range(3):
        if head.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "advmod") \
                and head.head is not head and head.head.i > head.i:
            head = head.head
            if head.pos_ in NOMINAL:
                return head
        else:
            break
    # "the number ... was eight", "the rate of 78": the nominal the number is said of
    verb = tok.head
    if tok.dep_ in ("attr", "dobj", "pobj", "appos", "oprd") and verb is not tok:
        if verb.dep_ == "prep" and verb.head.pos_ in NOMINAL:
            return verb.head
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c is not tok]
        if subj and subj[0].pos_ in NOMINAL:
            return subj[0]
    # "9 of the 21 carers", "94% of Sefton's children": what it is a part of
    of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
    if not of and tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].text == "%":
        of = [c for c in sdoc[tok.i + 1].children if c.dep_ == "prep" and c.lower_ == "of"]
    for prep in of:
        objs = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ in NOMINAL + ("NUM",)]
        if objs:
            return objs[0] if objs[0].pos_ in NOMINAL else quantified_noun_of_num(objs[0])
    return None


def quantified_noun_of_num(tok):
    return tok.head if tok.dep_ == "nummod" and tok.head.pos_ in NOMINAL else None


def is_name_or_code(noun, q: Quantity) -> bool:
    """'737 MAX', '14 CFR', '83 FR': a number before an acronym is part of a name or citation;
    '2200 South 216th St.', '1200 New Jersey Avenue': a long number before a proper name is an
    address. (Catalogue acronyms such as 'LAC' or 'UASC' are matched as metrics before this.)"""
    nxt = _next_index(noun.doc, q)
    after = noun.doc[nxt] if 0 <= nxt < len(noun.doc) else None
    if after is not None and after.text.isupper() and len(after.text) >= 2 and after.is_alpha:
        return True
    before = noun.doc[nxt - 2] if nxt >= 2 else None
    if before is not None and before.pos_ == "PROPN" and before.text[:1].isupper() and \
            after is not None and after.text[:1].isupper() and after.pos_ == "PROPN":
        return True     # "Boeing 737 Flight Standardization Board Report": inside a name
    return noun.pos_ == "PROPN" and q.value >= 1000 and "," not in q.text


def _next_index(sdoc, q: Quantity) -> int:
    i = first_token_from(sdoc, q.end)
    return i if i < len(sdoc) else -1


def starts_with_finite_verb(sdoc, q: Quantity) -> bool:
    """Is the word right after the number a present-tense verb ('259 live with ...')?"""
    if sdoc is None:
        return False
    i = first_token_from(sdoc, q.end)
    return i < len(sdoc) and sdoc[i].tag_ in ("VBP", "VBZ")


def window_noun(text: str, q: Quantity, sdoc) -> bool:
    """Without a parse (or when the parse finds none): is the word right after the number, or
    after one adjective or compound before it, a noun? '651 looked after children' yes."""
    if sdoc is None:
        return False
    i = first_token_from(sdoc, q.end)
    for t in sdoc[i:i + 4]:
        if t.pos_ in NOMINAL:
            return t.lower_ not in MEASURE_NOUNS
        if t.pos_ not in ("ADJ", "VERB", "ADV") or t.lower_ in ("were", "was", "of", "had"):
            return False
    return False


def is_countable(text: str, q: Quantity, label: str, own_noun: bool, sdoc,
                 kind: str = "paragraph") -> bool:
    """A figure worth an observation even without a catalogue metric: it counts a subject noun
    phrase ('73 couples', '4 Family Centres', '94% of Sefton's children') that is not a unit of
    time or measure, in running text. Bare numbers ('11 the FCC would'), identifiers, list
    headings ('The Two stage Approval Process') and other councils' figures are not."""
    if kind == "heading" or not label or is_generic(label):
        return False
    if OTHER_COUNCILS.search(clause_of(text, q)):
        return False
    if q.unit in ("gbp", "rate_per_10k", "days", "ratio"):
        return True     # typed by numbers.py: the unit itself says what was measured
    noun = quantified_noun(sdoc, q) if sdoc is not None else None
    if noun is not None and is_name_or_code(noun, q):
        return False
    if noun is not None:
        return noun.lower_ not in MEASURE_NOUNS and not is_generic(noun.text) or \
            (is_generic(noun.text) and own_noun and not is_generic(label))
    return own_noun and window_noun(text, q, sdoc)


def predicate_of(subject) -> str:
    """The verb phrase after a subject, cut at a comparison or a clause break."""
    verb = subject.head
    toks = [t for t in verb.subtree if t.i > max(x.i for x in subject.subtree)]
    out = []
    for t in toks:
        if t.is_punct or timeref.COMPARISON_CUE.match(t.text) or t.like_num:
            break
        out.append(t)
    return _trim(out)


def _contiguous(tokens, first_i: int):
    out = []
    expected = first_i
    for t in sorted(tokens, key=lambda t: t.i):
        if t.i != expected:
            break
        out.append(t)
        expected += 1
    return out


NOT_A_NOUN = re.compile(r"^(?:were|was|is|are|had|have|has|be|been|at|in|on|of|by|to|for|from|"
                        r"and|or|compared|which|this|who|per|than|during|over|across|the|a)$", re.I)
WINDOW_STOP = re.compile(r"[,;:()]|\s(?:compared|which|whilst|while|whereas|than|who|when|"
                         r"this|with an|against|but)\b|\s\d", re.I)
SUBJECT_BEFORE = re.compile(r"(?:^|[,;:]\s*)([^,;:]{3,160}?)\s+(?:was|were|is|are|totalled|"
                            r"totaled|stood at|reached|had risen to|has risen to|rose to|fell to|"
                            r"increased to|decreased to|of|"
                            # "The number of children placed ... rose from 225 on 31 March 2019"
                            r"(?:has\s+|have\s+|had\s+)?(?:rose|risen|increased|decreased|fell|"
                            r"fallen|reduced|dropped|grew|grown)\s+from)\s+(?:a total of\s+|around\s+|about\s+|"
                            r"approximately\s+|over\s+|almost\s+|nearly\s+)?$", re.I)


TRAILING_GLUE = re.compile(r"(?:\s+(?:in|of|at|by|on|for|from|to|during|over|the|a|an|and|"
                          r"between|since|as))+$", re.I)
# Verb forms of catalogue noun phrases: "the Council was looking after 412 children" counts
# looked after children; "recruit 25 new fostering households" counts approvals, not the stock.
VERBAL_FORMS = [
    (re.compile(r"\b(?:looking|looked|caring|cared)\s+(?:after|for)\s+(?:a\s+total\s+of\s+)?"
                r"(?:\S+\s+)?(children|young people)\b", re.I), "looked after children"),
    (re.compile(r"\bnew(?:ly)?\s+(?:approved\s+)?(?:full[- ]time\s+|mainstream\s+|general\s+)?"
                r"(?:fostering\s+households?|foster\s+carers?|foster\s+families|fostering\s+families)\b",
                re.I), "newly approved foster carers"),
]


def verbal_to_noun(text: str) -> str:
    for rx, phrase in VERBAL_FORMS:
        text = rx.sub(phrase, text)
    return text


def head_noun_metric(label: str, unit: str) -> Optional[str]:
    """'foster carer approvals' -> the metric its head noun ('approvals') names, when the words
    before the head agree with that metric's own label ('foster')."""
    words = normalise(head_phrase(label)).split()
    if len(words) < 2:
        return None
    found = label_to_metric(words[-1], unit)
    m = get_metric(found) if found else None
    if m is None:
        return None
    vocab = set(normalise(" ".join((m.label,) + m.synonyms)).replace("-", " ").split())
    stems = {w[:5] for w in vocab if len(w) > 3}
    mods = [w for w in words[:-1] if len(w) > 3]
    return found if mods and all(w[:5] in stems for w in mods) else None


def window_label(text: str, q: Quantity, next_start: Optional[int] = None) -> tuple[str, bool]:
    """The words right after a number, to the end of its phrase, and whether they start with a
    noun of its own ('651 looked after children in Coventry' yes; '483 were placed' no).
    A number closing its clause ('The total number of allegations ... was eight') takes the
    subject before it instead. The words stop at the next number (`next_start`), written in
    figures or in words ('eighteen households were approved and eleven households ceased')."""
    rest = text_after(text, q)
    if next_start is not None and next_start >= q.end:
        rest = rest[:next_start - q.end]
    share = SHARE_ASIDE.match(rest) if q.unit == "count" else None
    if share:
        rest = rest[share.end():]     # "49 (13.5%) children were placed ...": the count's words
    stop = WINDOW_STOP.search(rest)
    words = rest[:stop.start() if stop else len(rest)].split()[:LABEL_MAX_TOKENS]
    label = " ".join(words).strip(" ,.;:'\"")
    label = TRAILING_GLUE.sub("", label)
    if not words or rest.lstrip()[:1] in ".;" or not label:
        m = SUBJECT_BEFORE.search(text_before(text, q))
        return (m.group(1).strip(), True) if m else ("", False)
    if all(NOT_A_NOUN.match(w) for w in words):
        # "rose from 225 on 31 March 2019": only glue words follow; the subject before the
        # number counts it when it names a catalogue metric
        m = SUBJECT_BEFORE.search(text_before(text, q))
        if m and label_to_metric(plain(m.group(1)), q.unit):
            return m.group(1).strip(), True
    return label, not NOT_A_NOUN.match(words[0])


# "49 (13.5%) children": a count's share of the whole, in brackets between it and its noun
SHARE_ASIDE = re.compile(r"^\s*\(\s*[\d.,]+\s*(?:%|per\s?cent)\s*\)", re.I)


def clause_start(text: str, q: Quantity) -> int:
    return _break_before(text, q.start, breaks_of(text).commas)


def clause_end(text: str, q: Quantity) -> int:
    return _break_after(text, q.end, breaks_of(text).commas)


def clause_upto(text: str, q: Quantity, spans: list[tuple[int, int]]) -> str:
    """The clause around a number, cut at the next number: '365 in 2015-2016 over 43 courses'
    must not give 365 the courses that 43 counts. `spans` are in text order."""
    start, end = clause_start(text, q), clause_end(text, q)
    i = bisect_left(spans, (q.end, q.end))
    nxt = spans[i][0] if i < len(spans) else end
    return text[start:min(nxt, end)]


def clause_of(text: str, q: Quantity) -> str:
    """The clause around a number: from the previous clause break to the next one."""
    return text[clause_start(text, q):clause_end(text, q)]


# "households3", "care12": a footnote marker glued to a word
FOOTNOTE = re.compile(r"(?<=[a-z])\d{1,2}\b")
# "children were adopted" names what "children adopted" names
PASSIVE = re.compile(r"\b(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being)\s+)+"
                     r"(?=(?:\w+ed|made|seen|given|taken)\b)", re.I)


def plain(text: str) -> str:
    return PASSIVE.sub("", FOOTNOTE.sub("", verbal_to_noun(text)))


def metric_for(label: str, clause: str, q: Quantity, sdoc,
               bounds: Optional[tuple[int, int]] = None) -> Optional[str]:
    """Catalogue metric for a number: its own noun phrase first, then its clause, then METRIC
    phrases the EntityRuler found in the clause (within `bounds` when given)."""
    unit = q.unit
    label, clause = plain(label), plain(clause)
    found = label_to_metric(label, unit) or label_to_metric(clause, unit) or \
        head_noun_metric(label, unit) or acronym_metric(label, unit)
    outcome = prose_rules().outcome
    if found == prose_rules().outcome_total and outcome.search(label):
        # '22 Cared for Children have achieved permanence via SGO': children who did something
        # are an event count, not the looked-after total; name the event if the label does.
        found = label_to_metric(outcome.split(label, 1)[-1], unit)
        if found is None:
            return None     # the children who did something: never the total named near them
    if found is None and unit == "percent":
        base = label_to_metric(label, "count") or label_to_metric(clause, "count")
        found = percent_variant(base)
    if found is None and sdoc is not None:
        lo, hi = bounds or (q.start - len(clause), q.end + len(clause))
        for start, end, ent_text, metric_id in metric_entities(sdoc):
            if start >= lo and end <= hi and label_to_metric(ent_text, unit):
                return metric_id
    return found


@lru_cache(maxsize=1)
def acronyms() -> tuple[dict[str, str], Optional[re.Pattern[str]]]:
    """The catalogue's short synonyms ('lac', 'cla', 'uasc', 'sgo'), too short to trust as
    words in prose, but safe written in capitals ('an increase in LAC from 691 to 698')."""
    short = {syn.upper(): m.id for m in load_catalogue()
             for syn in (m.label.lower(), *m.synonyms) if len(syn) <= 4 and syn.isalpha()}
    if not short:
        return {}, None
    return short, re.compile(r"\b(" + "|".join(sorted(short, key=len, reverse=True)) + r")s?\b")


def acronym_metric(text: str, unit: str) -> Optional[str]:
    short, rx = acronyms()
    m = rx.search(text) if rx is not None and text else None
    if m is None:
        return None
    metric = short[m.group(1)]
    m_def = get_metric(metric)
    return metric if m_def is not None and m_def.unit == unit else None


def names_noun_of(metric_id: str, noun: Optional[str]) -> bool:
    """Could the metric count this noun? True when the number has no noun of its own, or the noun
    (by its first five letters) is in the metric's own wording ('children' for cla_count,
    'orders' for sgo_granted; never 'carers' for orders)."""
    if noun is None or len(noun) < 3 or noun in prose_rules().event_nouns:
        return True
    m = get_metric(metric_id)
    if m is None:
        return True
    words = normalise(" ".join((m.label, m.definition) + m.synonyms)).replace("-", " ").split()
    return noun[:5] in {w[:5] for w in words}


def metric_entities(sdoc) -> list[tuple[int, int, str, str]]:
    """The EntityRuler's METRIC spans of a sentence (start, end, text, metric id), read once."""
    ents = sdoc.user_data.get("council_etl_metric_ents")
    if ents is None:
        ents = [(e.start_char, e.end_char, e.text, e.ent_id_) for e in sdoc.ents
                if e.label_ == "METRIC"]
        sdoc.user_data["council_etl_metric_ents"] = ents
    return ents


# ------------------------------------------------------------------ what a number counts

# A change is not a level: "an increase of 12", "a reduction of almost 10,000", "rose by 23",
# "up 5%", "down 3 from", "12 more than a year earlier", "an 11% reduction".
CHANGE_BEFORE = re.compile(
    r"(?:\b(?:increase|decrease|reduction|rise|fall|drop|decline|growth|change|reduce|cut)s?\s+(?:of|by)"
    r"|\b(?:increased|decreased|reduced|rose|risen|fell|fallen|dropped|declined|grew|grown|cut)"
    r"(?:\s+[\w'’-]+){0,4}?\s+by"
    r"|\b(?:up|down))\s+(?:(?:around|about|almost|nearly|approximately|over|some|just|only|"
    r"a\s+further|more\s+than|less\s+than|fewer\s+than)\s+)*$", re.I)
CHANGE_AFTER = re.compile(r"^\s*(?:%|per\s?cent)?\s*(?:more|fewer|less|higher|lower|increase|"
                          r"decrease|reduction|rise|fall|drop|up|down)\b(?!\s+(?:to|of)\b)", re.I)
# "From the 28 above", "the 10 children mentioned above": a figure given earlier, repeated.
# ("67 per 10,000 and above the regional average of 61" compares; it repeats nothing)
BACK_REFERENCE = re.compile(r"^\s+(?:(?!(?:and|or|but|is|was|are|were|well|far|just|slightly)\b)[\w-]+\s+)?"
                            r"(?:above|mentioned\s+above|referred\s+to\s+above|noted\s+above)\b"
                            r"(?!\s+(?:the|a|an|our|their|its|national|average|target|england|that)\b)", re.I)
PARTITIVE = re.compile(r"^\s*of\s+(?:the|these|those|all|all\s+the|our)\s+(?:[\d,.]+\s+)?", re.I)
# "a total capacity of 130 children": places, not the children or households counted before.
CAPACITY_BEFORE = re.compile(r"\bcapacity\s+(?:of|for)\s+(?:up\s+to\s+)?$", re.I)
BREAKDOWN_CUE = re.compile(r"\b(?:broken\s+down\s+into|comprising(?:\s+of)?|made\s+up\s+of|"
                           r"split\s+into|consisting\s+of)\b", re.I)


PHRASAL_UP = re.compile(r"\b(?:mak\w*|made|tak\w*|took|set\w*|end\w*|add\w*|add|built|build\w*|"
                        r"sign\w*|turn\w*|step\w*|follow\w*|broken|break\w*|back\w*|wind\w*)\s+"
                        r"(?:up|down)\s+$", re.I)


def is_change(text: str, q: Quantity) -> bool:
    before = text[max(0, q.start - 60):q.start]
    m = CHANGE_BEFORE.search(before)
    if m and re.match(r"(?:up|down)\b", m.group(0), re.I) and PHRASAL_UP.search(before):
        m = None        # "making up 11.5% of", "broken down into": not a change
    if not m and BY_BEFORE.search(before) and CHANGE_NOUN.search(text[clause_start(text, q):q.start]):
        return True     # "the decrease in our numbers over the last 2 years by 39"
    return bool(m or CHANGE_AFTER.match(text[q.end:q.end + 30]))


BY_BEFORE = re.compile(r"\bby\s+(?:around\s+|about\s+|almost\s+|nearly\s+|over\s+|some\s+)?$", re.I)
CHANGE_NOUN = re.compile(r"\b(?:increase|decrease|reduction|rise|fall|drop|decline|growth|change)s?\b", re.I)


def counted_noun(text: str, q: Quantity, sdoc, stops: tuple = ()) -> Optional[str]:
    """The head noun right after a number, lower case: 'two full-time equivalent social workers'
    -> 'workers'; 'Two of the allegations' -> 'allegations'; '6 of the 23 LAs' -> 'las'."""
    start = q.end
    m = PARTITIVE.match(text_after(text, q))
    if m:
        start += m.end()
    if sdoc is None:
        w = re.match(r"\s*(?:[\w-]+\s+){0,2}?([A-Za-z]+)\b", text[start:start + CLAUSE_WINDOW])
        return w.group(1).lower() if w else None
    head = None
    first = None
    i = first_token_from(sdoc, start)
    for t in sdoc[i:i + NOUN_SCAN_TOKENS]:
        if any(a <= t.idx < b for a, b in stops):
            break       # a time phrase: '24 last year' counts no years
        first = first if first is not None else t
        if t.pos_ in NOMINAL or (t.pos_ in ("ADJ", "NUM") and head is None) or t.text == "-" or \
                (t.pos_ == "ADJ" and t.i + 1 < len(sdoc) and
                 (sdoc[t.i + 1].pos_ in NOMINAL or sdoc[t.i + 1].tag_ == "VBG")) or \
                (t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG") and
                 (head is None or head.tag_ != "NNS") and t.i + 1 < len(sdoc) and sdoc[t.i + 1].pos_ in NOMINAL + ("ADJ", "VERB")):
            if t.pos_ in NOMINAL:
                head = t
            continue
        break
    if head is None:
        # the tagger reads some plurals as verbs ('the two approaches empowers')
        return first.lower_ if first is not None and first.is_alpha and \
            first.lower_ in prose_rules().staffing_nouns else None
    if head.lower_ in ("members", "member") and head.i + 2 < len(sdoc) and \
            sdoc[head.i + 1].lower_ == "of" and sdoc[head.i + 2].lower_ == "staff":
        return "staff"
    return re.sub(r"\d+$", "", head.lower_)


# "78,150 in England, up from 75,370 in 2018 and 60,900 in 2009": earlier values of one series
FROM_BEFORE = re.compile(r"\bfrom\s+(?:around\s+|about\s+)?$", re.I)
SERIES_AND = re.compile(r"^[^,;:]*\band\s+$", re.I)
AGE_BEFORE = re.compile(r"\baged?\s+(?:under|over|between|from)?\s*$|"
                        r"\bpopulation\s+(?:aged\s+)?(?:under|over)\s*$", re.I)   # 'population under 18'
UNDER_OVER_BEFORE = re.compile(r"\b(?:under|over)[\s-]*$", re.I)
MAX_AGE = 25


def is_age(text: str, q: Quantity) -> bool:
    """'aged 16', 'under 18 population', 'under 18s', '16-year-olds': an age, not a count."""
    if q.unit != "count" or q.value > MAX_AGE:
        return False
    before = text[max(0, q.start - 20):q.start]
    if AGE_BEFORE.search(before):
        return True
    said_under = UNDER_OVER_BEFORE.search(before) or re.match(r"(?:under|over)\b", q.text, re.I)
    return bool(said_under) and bool(prose_rules().age_after.match(text_after(text, q)))


def as_rate(text: str, q: Quantity) -> Quantity:
    """'75.0 children in care per 10,000 people': a count whose noun is followed, before the
    clause ends or another number starts, by 'per 10,000' is a rate per 10,000."""
    if q.unit != "count":
        return q
    rest = text_after(text, q)
    cue = prose_rules().per_population.search(rest)
    if cue is None or re.search(r"\d|[;:]|,\s", rest[:cue.start()]):
        # "Our rate (98) is above ... 81 per 10,000", "higher than the national rate of 67":
        # a bare number called a rate in a sentence that gives rates per 10,000
        if re.match(r"\s*(?:%|per\s?cent|per\s+1,?000\b)", rest):
            return q
        if RATE_BEFORE.search(text[max(0, q.start - 20):q.start]) and \
                prose_rules().per_population.search(text):
            return replace(q, unit="rate_per_10k")
        # "The rate of children in care (per 10,000 population) was 85": the cue before it
        before = text[max(0, q.start - 120):q.start]
        cues = list(prose_rules().per_population.finditer(before))
        rate = list(re.finditer(r"\brate\b", before[:cues[-1].start()], re.I)) if cues else []
        if rate and not re.search(r"\d", before[rate[-1].end():cues[-1].start()]) and \
                not re.search(r"\d|[,;:.]", AGE_OR_QUARTER.sub("", before[cues[-1].end():])):
            return replace(q, unit="rate_per_10k")
        return q
    return replace(q, unit="rate_per_10k")


# "per 10,000 children aged under 18 has risen during quarter 4 to 56.9": no other figure
AGE_OR_QUARTER = re.compile(r"\b(?:aged\s+)?(?:under|over)\s+\d+s?\b|\baged\s+\d+(?:\s*(?:-|to)\s*\d+)?\b|"
                            r"\b(?:quarter|q)\s*\d\b", re.I)
# "This is a rise from 54.9 ...": a sentence that speaks of the figure just given
REFERS_BACK = re.compile(r"^\W*(?:this|that|it|which)\b", re.I)
RATE_BEFORE = re.compile(r"\brate\s*(?:\(\s*|of\s+|was\s+|is\s+|at\s+)$", re.I)


def in_a_name(sdoc, q: Quantity) -> bool:
    """'the Catch 22 Southwark Care Leavers partnership', 'a Skills 4 Skills Fee Level': a
    number between two capitalised words inside a sentence belongs to a name."""
    if sdoc is None:
        return False
    nxt = _next_index(sdoc, q)
    # the last token ending before the number (tokens never overlap, so it starts before it)
    i = first_token_from(sdoc, q.start) - 1
    while i >= 0 and sdoc[i].idx + len(sdoc[i].text) > q.start:
        i -= 1
    if nxt < 0 or i < 0:
        return False
    prev, nxt_tok = sdoc[i], sdoc[nxt]
    return prev.i > 0 and prev.is_alpha and prev.text[:1].isupper() and \
        not prev.text.isupper() and nxt_tok.is_alpha and nxt_tok.text[:1].isupper() and \
        not sdoc[prev.i - 1].is_punct


def not_a_statistic(text: str, q: Quantity, noun: Optional[str], sdoc) -> bool:
    """Numbers that are never observations: changes, repeats of a figure given above, kinds,
    organisations, distances and durations, numbers inside names, and small staff numbers
    written as words in a description of how the work is done."""
    if is_change(text, q) or BACK_REFERENCE.match(text_after(text, q)) or in_a_name(sdoc, q):
        return True
    if prose_rules().code_before.search(text[max(0, q.start - 20):q.start]):
        return True     # an indicator's code ('NI 62') or a contents page's page number
    if noun is None or q.unit != "count":
        return False
    rules = prose_rules()
    if noun in rules.kind_nouns or noun in rules.organisation_nouns or noun in MEASURE_NOUNS:
        return True
    return noun in rules.staff_nouns and q.is_word


def flow_metric(text: str, q: Quantity, label: str, metric: Optional[str],
                noun: Optional[str]) -> Optional[str]:
    """'approve at least 15 households', '15 households approved', '12 mainstream households have
    been deregistered': carers approved or de-registered over a period, not the stock."""
    rules = prose_rules()
    if metric == rules.connected_replaces and rules.adopter.search(label):
        return rules.adopter_approvals  # "Sixty-four adoption households were approved"
    if noun not in rules.household_nouns or q.unit != "count" or (metric and not is_stock(metric)):
        return metric
    before = text[max(0, q.start - 60):q.start]
    verb_after = rules.approval_after.match(text_after(text, q))
    dereg_before = rules.deregister_before.search(before)
    approval_before = rules.approval_before.search(before)
    # de-registration wording wins over approval wording; the verb names the flow
    said = next((v for v in (dereg_before and dereg_before.group(0).split()[0],
                             verb_after and verb_after.group(2),
                             approval_before and approval_before.group(0).split()[0],
                             verb_after and verb_after.group(1)) if v), None)
    flow = rules.verb_metric.get(said.lower()) if said else None
    if flow is not None and flow == rules.connected_replaces and rules.adopter.search(label):
        return rules.adopter_approvals  # "Sixty-four adoption households were approved"
    if flow is not None and flow == rules.connected_replaces:
        connected = metric == rules.connected_households or rules.connected.search(label)
        return rules.connected_approvals if connected else flow
    return flow or metric


# ------------------------------------------------------------------ sentence -> found numbers

COMPARED_BEFORE = re.compile(r"(?:compared?|compares)\s+(?:with|to)\s+(?:around\s+|about\s+)?$|"
                             r"\b(?:against|versus|vs\.?)\s+(?:around\s+|about\s+)?$|"
                             r"\b(?:up|down|rising|falling|increase|decrease|reduction)?\s*"
                             r"(?:from|than)\s+(?:around\s+|about\s+)?$", re.I)


# "the number of children in care was 403, this reduced to 385 in 2019": a level the same
# subject reached
LEVEL_BEFORE = re.compile(r"\b(?:reduced|rose|risen|increased|decreased|fell|fallen|dropped|grew|"
                          r"grown|climbed|stabilised|stabilized|reached)\s+(?:again\s+)?to\s+"
                          r"(?:around\s+|about\s+)?$|,?\s+and\s+(?:then\s+)?to\s+$|"
                          r"\bfrom\s+(?:a\s+(?:peak|high|low)\s+of\s+)?[\d,.]+%?\b[^;:]{0,80}?\bto\s+$", re.I)


def sentence_to_found(text: str, sdoc, frame: Optional[timeref.Mention],
                      previous: Optional[Found] = None,
                      authority: Optional[str] = None,
                      block_found: Optional[list[Found]] = None,
                      kind: str = "paragraph", quantities: Optional[list[Quantity]] = None,
                      mentions: Optional[list[timeref.Mention]] = None,
                      list_found: Sequence[Found] = (),
                      section_rate: Optional[Found] = None,
                      given_metrics: Optional[set[Optional[str]]] = None) -> list[Found]:
    """`quantities` and `mentions` may be passed when the caller has found them already;
    `list_found`: the figures of the list items before this one in the same list;
    `given_metrics`: the metrics of the block's and the list's earlier figures, kept by the
    caller as it goes (so a long block is read in linear time); None works them out here."""
    text = joined(text)
    if quantities is None:
        quantities = text_to_quantities(text)
    quantities = [q for q in quantities if not q.in_range]
    if not quantities:
        return []
    if mentions is None:
        mentions = timeref.text_to_mentions(text)
    quantities = quantities[:MAX_NUMBERS_PER_SENTENCE]
    spans = sorted((q.start, q.end) for q in quantities)
    out: list[Found] = []
    if given_metrics is None:
        given_metrics = {f.metric for f in chain(list_found, block_found or ())}
    given = set(given_metrics)      # and this sentence's own figures, added as they are read
    for q in quantities:
        if is_age(text, q):
            continue
        q = as_rate(text, q)
        if q.unit == "count" and section_rate is not None and not float(q.value).is_integer() and \
                REFERS_BACK.match(text) and all(f.q.unit == "rate_per_10k" for f in out):
            # "The rate ... has risen to 56.9. This is a rise from 54.9 ...": a part of a
            # child is no count; the sentence speaks of the rate just given
            q = replace(q, unit="rate_per_10k")
        noun = counted_noun(text, q, sdoc, tuple((m.start, m.end) for m in mentions))
        if not_a_statistic(text, q, noun, sdoc):
            continue
        # The parser mis-reads formulaic phrases ("651 looked after children"), so the surface
        # phrase comes first and the parse only fills in when there is none.
        later = bisect_left(spans, (q.end, q.end))
        label, own_noun = window_label(text, q, spans[later][0] if later < len(spans) else None)
        if own_noun and starts_with_finite_verb(sdoc, q):
            own_noun = False    # "259 live with foster families": the subject is elsewhere
        if not label and sdoc is not None and has_parser(get_nlp()):
            label, own_noun = parsed_label(sdoc, q)
        prior = out[-1] if out else previous
        countable = is_countable(text, q, label, own_noun, sdoc, kind)
        subset = False
        stated, flags = True, None
        if not own_noun and prior is not None and not countable:
            # "651 looked after children ..., of which 483 were placed in foster care"
            # "22 children placed for adoption in 2017/18, compared to 8 in 2016/17": the
            # compared number counts all of what the first did, not the head noun alone
            base = prior.label if prior.metric is not None and \
                COMPARED_BEFORE.search(text[max(0, q.start - 40):q.start]) else head_phrase(prior.label)
            label = f"{base} {label}".strip()
            countable = prior.countable and q.unit == prior.q.unit and \
                not OTHER_COUNCILS.search(clause_of(text, q))
            named = metric_for(label, "", q, None)
            subset = q.unit == prior.q.unit and named is not None and (
                named == prior.metric or
                (prior.metric is None and (prior.flags or "").startswith("part")))
        label = council_neutral(label, authority)
        clause = council_neutral(clause_upto(text, q, spans), authority)
        part = BREAKDOWN_CUE.search(clause_of(text, q)[:max(0, q.start - clause_start(text, q))])
        if (part and noun is None) or CAPACITY_BEFORE.search(text_before(text, q)):
            # "46 young people ..., broken down into 35 in provision with ... and 11 with ...":
            # parts of a total that the catalogue does not name
            metric = None
        else:
            # a catalogue phrase found by the EntityRuler may stand before the number's clause,
            # never beyond the next number ("64 expressions of interest and 18 assessments")
            lo = q.start if noun is not None else \
                max([e for _, e in spans if e <= q.start] +
                    [_break_before(text, q.start, breaks_of(text).colons)],
                    default=max(0, q.start - len(clause)))
            hi = min([b for b, _ in spans if b >= q.end] +
                     [clause_start(text, q) + len(clause_of(text, q))])
            metric = metric_for(label, clause, q, sdoc, (lo, hi))
            stated = metric is not None and metric_for(label, "", q, None) == metric
            if metric is not None and not stated and q.unit == "count" and \
                    not names_noun_of(metric, noun):
                # "The Special Guardianship workshop was attended by 12 carers": the number
                # counts carers, the metric only sits near it. Precision first: no metric.
                flags, metric = f"metric_unstated: {metric} is named near the number, which " \
                    f"counts {noun}", None
        part = prose_rules().part_before.search(text[max(0, q.start - 40):q.start])
        if part and kind == "list_item" and metric not in given:
            # "· 18 children were placed for adoption; · a further 24 placement orders were
            # granted": in a list of results, 'a further' adds an item, not to a figure of
            # the same metric (which the list would have given before it)
            part = None
        if part and metric is not None and q.unit == "count":
            # "a further four families had Adoption Orders granted": added to a figure given
            # elsewhere, so not the metric's total for the period
            flags, metric = f"part: '{part.group(0).strip()}' adds to a figure given elsewhere", None
        named_before = bracketed_label(text, q)
        if named_before is not None and q.unit == "count":
            label, own_noun = named_before, True
            metric = label_to_metric(plain(named_before), q.unit)
            stated = metric is not None
        why_part = part_of_total(text, q, spans, metric)
        if why_part:
            flags, metric = why_part, None
        if PARTITIVE.match(text_after(text, q)) and q.unit == "count":
            # "Two of the allegations took ...": a part of the total, not the total's metric
            metric, subset = None, True
        if subset:
            # "Of the 28 SHOBPA decisions, 5 are still awaiting a hearing": a part of the total
            # that the catalogue does not name is not the total's metric.
            metric = None
        if metric is None and own_noun and label.split() and block_found is not None:
            # "Of the 648 children": a bare noun names the paragraph's total of that noun.
            metric = antecedent_metric(label, q.unit, block_found)
        compared = COMPARED_BEFORE.search(text[max(0, q.start - 40):q.start])
        if prior is not None and metric is None and own_noun and compared and block_found:
            # "This compares with 450 attendances": the earlier figure of the same noun.
            noun = label.split()[0].lower()
            same = next((f for f in islice(chain(reversed(out), reversed(block_found)),
                                           ANTECEDENT_LOOKBACK)
                         if noun in f.label.lower().split() and f.q.unit == q.unit), None)
            if same is not None:
                label, metric, countable = same.label, same.metric, same.countable
        elif prior is not None and (compared or not label or is_generic(label) or (
                not own_noun and LEVEL_BEFORE.search(text[max(0, q.start - 40):q.start]))) and \
                metric is None and prior.q.unit == q.unit:
            # "260 children ... compared with 223 at the end of March 2017": same subject.
            label, metric, countable = prior.label, prior.metric, prior.countable
        if prior is not None and compared and metric is None and prior.q.unit != q.unit and \
                (not own_noun or is_generic(label)):
            # "322 children (a rate of 73 per 10,000). This is an increase from 320 (70 per
            # 10,000)": compared with the paragraph's last figure of the same unit
            same = next((f for f in islice(chain(reversed(out), reversed(block_found or [])),
                                           ANTECEDENT_LOOKBACK) if f.q.unit == q.unit), None)
            if same is not None:
                label, metric, countable = same.label, same.metric, same.countable
        if not subset:
            metric = flow_metric(text, q, label, metric, noun)
        if noun in prose_rules().staff_nouns and q.unit == "count":
            metric = None       # "7.9 social workers": staffing, never the service's metric
        if q.unit == "percent":
            metric = share_metric(metric, text, out[-1] if out else
                                  (block_found[-1] if block_found else None))
        if q.unit == "rate_per_10k" and metric is None:
            # "412 children (rate of 78 per 10,000)": the rate of the subject just counted
            for base in ([prior.label] if prior else []) + [clause]:
                metric = label_to_metric(verbal_to_noun(base) + " rate", q.unit)
                if metric:
                    break
        mention = timeref.choose_mention(text, q.start, q.end, mentions, spans)
        mention = timeref.dated_now(anchored(mention, mentions), text, mentions)
        from_frame = False
        if mention is None and frame is not None:
            mention, from_frame = frame, True
        if mention is None and any(m.relative == timeref.PREVIOUS for m in mentions):
            # "41 children ... compared to 31 in the previous year": 41 is this year's.
            mention = timeref.Mention(0, 0, "this year (by contrast)", relative=timeref.CURRENT)
        lead = DENOMINATOR_LEAD.match(text[:q.start])
        if lead and metric is not None and is_stock(metric) and mention is not None and \
                mention.period is not None and \
                mention.period.period_type in ("financial_year", "calendar_year"):
            # "Of the 138 children in foster care in 2014/15, 113 remained ...": the children
            # there at any time in the year, a measure's denominator, not its 31 March count
            mention, from_frame = timeref.unresolvable(mention), False
            flags = flags or f"denominator_year: {q.text} counts {metric} over '{mention.text}', " \
                "not on one day; kept without a period"
        elif out and metric is not None and metric == out[0].metric and \
                DENOMINATOR_LEAD.match(text[:out[0].q.start]) and "," in text[out[0].q.end:q.start]:
            # ... "113 remained in the same placement": a part of the population led with,
            # not another count of it (a narrower metric of its own is kept)
            flags, metric = f"part: a part of the {out[0].q.text} the sentence opens with", None
        if mention is not None and (from_frame or mention.end <= q.start) and \
                earlier_value(text, q, spans):
            # "The 2019-20 national average has risen from 65 to 67": the year is the later
            # value's; the earlier one's is not said. It keeps its metric but no period.
            mention, from_frame = timeref.unresolvable(mention), False
            flags = flags or f"earlier_value: {q.text} is the starting point of a change to a " \
                "later figure; its own date is not given"
        if q.unit == "rate_per_10k" and metric is None and section_rate is not None and \
                section_rate.metric is not None:
            # "At 31 March 2020 we had 98 children in care per 10,000 ... above the national
            # rate of 67 per 10,000": a rate that names nothing is a rate of what the
            # section's last rate counted
            label, metric, stated = section_rate.label, section_rate.metric, False
        if metric is None and q.unit in BENCHMARK_UNITS and benchmark_cue(text, q, spans, authority):
            # "73% of our children ... This is higher than the national average of 71.7%": a
            # benchmark naming nothing measures what the paragraph's last share measured, then
            same = next((f for f in islice(chain(reversed(out), reversed(block_found or [])),
                                           ANTECEDENT_LOOKBACK) if f.q.unit == q.unit), None)
            if same is not None and same.metric is not None:
                label, metric, stated = same.label, same.metric, False
                if mention is None or from_frame:
                    mention, from_frame = same.mention, same.from_frame
        # "78,150 children in care in England, up from 75,370 in 2018": the figure compared
        # with a national one is national too
        between = text[prior.q.end:q.start] if out and prior is out[-1] else ""
        national = bool(out) and prior is out[-1] and prior.q.unit == q.unit and (
            (FROM_BEFORE.search(between) is not None and is_national(text, prior.q)) or
            (prior.national and SERIES_AND.match(between) is not None))
        national = national or nation_only(text, authority, quantities[0])
        if metric is not None and q.unit == "count" and not float(q.value).is_integer():
            # "1.59 per 1,000", "7.9 FTE": a count of children or carers is a whole number
            flags, metric = f"not_whole: {q.text} is not a whole number, so not a count " \
                f"of {metric}", None
        out.append(Found(q, label or clause.strip(), metric, mention, from_frame, countable,
                         other_authority(text, q, authority), stated, flags, national,
                         comparator_of(text, q, spans, authority), noun))
        given.add(metric)
    return same_key_parts(text, pair_people(text, pair_shares(text, pair_rates(text, out))))


def joined(text: str) -> str:
    """The sentence with the commas inside one phrase ('in education, employment or training')
    read as spaces: the same length, so every offset still points at the same character."""
    return prose_rules().joined_phrases.sub(lambda m: m.group(0).replace(",", " "), text)


# "Of the 138 children in foster care in 2014/15, ...": a sentence led by the population that
# the rest of it divides
DENOMINATOR_LEAD = re.compile(r"^\W*of\s+(?:the|these|those|all|all\s+the|our)\s+$", re.I)
FROM_CHANGE = re.compile(r"\bfrom\s+(?:a\s+(?:peak|high|low)\s+of\s+)?(?:around\s+|about\s+)?$", re.I)
TO_NEXT = re.compile(r"^[^;:.]{0,60}?\bto\s+(?:around\s+|about\s+)?$", re.I)


def earlier_value(text: str, q: Quantity, spans: list[tuple[int, int]]) -> bool:
    """'risen from 65 per 10,000 to 67': is the number the starting point of a change, with the
    later value right after it ('to' and the next number)?"""
    if not FROM_CHANGE.search(text[max(0, q.start - 40):q.start]):
        return False
    i = bisect_left(spans, (q.end, q.end))
    return i < len(spans) and bool(TO_NEXT.match(text[q.end:spans[i][0]]))


# "of whom 76 were looked after", "of these, 12": a part of a population just counted
SUBSET_BEFORE = re.compile(r"\bof\s+(?:whom|which|these|those|them|this\s+number)\s*,?\s*"
                           r"(?:only\s+|just\s+|some\s+|around\s+|about\s+)?$", re.I)
# "21 children ... ceased to be looked after and moved on to independent living": a second
# predicate joined by 'and' narrows the children counted to a part of the metric's total.
AND_PREDICATE = re.compile(r"^[^,;:()]*?\b(?:looked\s+after|in\s+care|adopted|ceased|left\s+care)\s+"
                           r"and\s+(?:are|were|is|was|have|has|had|moved|went|returned|now|then|"
                           r"subsequently|also|live|lived|living)\b", re.I)
# "(1,575)" right after a percentage's words: the count of the same part as the percentage
COUNT_ASIDE = re.compile(r"\(\s*$")


def part_of_total(text: str, q: Quantity, spans: list[tuple[int, int]],
                  metric: Optional[str]) -> Optional[str]:
    """Why a count is a part of its metric's total, not the total (None when it is not):
    a subset of a population just counted, children who also did something else, or the
    count of a share given as a percentage just before it ('24.6% ... out of county (1,575)')."""
    if metric is None or q.unit != "count":
        return None
    before = text[max(0, q.start - 40):q.start]
    subset = SUBSET_BEFORE.search(before)
    if subset and metric == prose_rules().outcome_total:
        return f"part: a subset ('{subset.group(0).strip()}') of a population counted before " \
            f"it, not the {metric} total"
    narrowed = narrowed_total(text, q, metric)
    if narrowed:
        return narrowed
    if AND_PREDICATE.match(clause_upto(text, q, spans)[q.end - clause_start(text, q):]):
        return f"part: the {metric} counted here also did something else (a second predicate)"
    if COUNT_ASIDE.search(before):
        i = bisect_left(spans, (q.start, q.start)) - 1
        prev_percent = i >= 0 and PERCENT_END.search(text[spans[i][0]:spans[i][1]])
        if prev_percent and "." not in text[spans[i][1]:q.start]:
            return "part: a count in brackets after a percentage counts the same share"
    return None


PERCENT_END = re.compile(r"%|per\s?cent", re.I)
# 'in' after the total's phrase keeps it the total only before care, a place or 'the/our' area
IN_WHAT = re.compile(r"^\s*(?:who\s+are\s+|being\s+|currently\s+)?in\s+(\S+)", re.I)
IN_KEEPS_TOTAL = {"care", "the", "our", "this", "their", "its", "total", "a", "an", "all"}


def narrowed_total(text: str, q: Quantity, metric: str) -> Optional[str]:
    """'319 school-aged children looked after', '31 new looked after children referrals', '20
    children looked after in alternative education': words around the total's own phrase that
    make the number count a part of it (or something else), so not the total."""
    rules = prose_rules()
    if metric != rules.outcome_total:
        return None
    after = text[q.end:q.end + 120]
    m = rules.total_phrase.search(after)
    if m is None or re.search(r"[,;:.()]|\d", after[:m.start()]):
        return None
    before, rest = after[:m.start()], after[m.end():]
    word = rules.narrower.search(before) or rules.narrower.match(rest.lstrip())
    if word:
        return f"part: '{word.group(0)}' narrows the {metric} total to a part"
    place = IN_WHAT.match(rest)
    if place and place.group(1).lower().strip(".,;:") not in IN_KEEPS_TOTAL and \
            not place.group(1)[:1].isupper():
        return f"part: 'in {place.group(1)}' narrows the {metric} total to a part"
    return None


# "special guardianship orders (46) and child arrangement orders (7)": a count in brackets is
# the count of the words just before the bracket, back to the previous break
BRACKETED = re.compile(r"([A-Za-z][A-Za-z' -]{2,80}?)\s*\(\s*$")
NP_BREAK = re.compile(r".*(?:,|;|:|\band\b|\bor\b|\bsuch\s+as\b|\bincluding\b|\bwith\b)\s*", re.I)


def bracketed_label(text: str, q: Quantity) -> Optional[str]:
    if not re.match(r"\s*\)", text[q.end:q.end + 3]):
        return None
    m = BRACKETED.search(text[max(0, q.start - 100):q.start])
    if m is None:
        return None
    return NP_BREAK.sub("", m.group(1)).strip() or None


def nation_only(text: str, authority: Optional[str], first: Quantity) -> bool:
    """A sentence whose first figure is the nation's and that never speaks of the council itself
    ('Official figures show there are now 78,150 children in care in England, up from 75,370 in
    2018 ... in 2009 when 60,900'): every figure in it is the nation's."""
    rules = prose_rules()
    if not is_national(text, first):
        return False
    if rules.own_voice.search(text) or rules.comparator.search(text):
        return False
    name = (authority or "").replace(" Council", "").strip()
    if name and re.search(r"\b" + re.escape(name) + r"\b", text, re.I):
        return False
    return not any(a.kind != "country" for _, _, a in find_authorities(text))


def comparator_of(text: str, q: Quantity, spans: list[tuple[int, int]],
                  authority: Optional[str] = None) -> Optional[str]:
    """The comparator group a number is given for ('the comparator authority average of 78.7',
    'statistical neighbours at 10%', 'our statistical neighbour rate ... is 51'): the cue must
    stand in the number's clause, after any earlier number of it."""
    start = clause_start(text, q)
    i = bisect_left(spans, (q.start, q.start)) - 1
    if i >= 0 and spans[i][1] > start:
        start = spans[i][1]
    cue = None
    for cue in prose_rules().comparator.finditer(text, start, q.start):
        pass
    if cue is None:
        return None
    between = text[cue.end():q.start]
    name = (authority or "").replace(" Council", "").strip()
    if prose_rules().own_voice.search(between) or \
            (name and re.search(r"\b" + re.escape(name) + r"\b", between, re.I)):
        return None     # "compared to neighbouring authorities Gateshead is ... 95": its own
    group = cue.group(0).lower()
    if group.startswith("statistical"):
        return "Statistical neighbours"
    if group.startswith("comparator"):
        return "comparator authorities"
    return " ".join(group.split())


# "115 new admissions into care (relating to 107 children)": the first counts events, the second
# the children the metric counts
PEOPLE_ASIDE = re.compile(r"^[^()]{0,60}?[(,]\s*(?:relating\s+to|involving|in\s+respect\s+of|"
                          r"concerning|covering)\s+$", re.I)
PEOPLE = re.compile(r"^\s*(?:children|young\s+people|individual\s+children|different\s+children)\b", re.I)


def pair_people(text: str, found: list[Found]) -> list[Found]:
    for events, people in zip(found, found[1:]):
        if events.metric is None or people.q.unit != "count" or \
                not PEOPLE_ASIDE.match(text[events.q.end:people.q.start]) or \
                not PEOPLE.match(text[people.q.end:people.q.end + 30]) or \
                PEOPLE.match(text[events.q.end:events.q.end + 30]):
            continue
        people.metric, people.stated = events.metric, True
        events.flags = f"part: counts events; the {events.metric} it relates to is the children " \
            f"counted after it ({people.q.text})"
        events.metric = None
    return found


def same_key_parts(text: str, found: list[Found]) -> list[Found]:
    """'416 Children in Care in total, 13 Unaccompanied ... and 403 North Yorkshire Children': one
    sentence giving one metric twice for the same time phrase gives a total and its parts; the
    first figure (or the one said to be the total) keeps the metric, the others are parts."""
    seen: dict[tuple, Found] = {}
    for f in found:
        if f.metric is None or f.comparator is not None:
            continue
        key = (f.metric, f.mention.start if f.mention is not None and not f.from_frame else -1,
               f.national or is_national(text, f.q), value_kind_of(text, f.q),
               f.other.gss_code if f.other else None, f.q.unit)
        first = seen.get(key)
        if first is None:
            seen[key] = f
        elif first.q.value != f.q.value:
            # a figure whose own noun the metric counts keeps it over one with no such noun
            own = f.noun is not None and names_noun_of(f.metric, f.noun) and \
                (first.noun is None or not names_noun_of(f.metric, first.noun))
            kept, part = (f, first) if own else (first, f)
            part.flags = f"part: the sentence gives {kept.q.text} for {part.metric} too"
            part.metric = None
            seen[key] = kept
    return found


BENCHMARK_UNITS = ("percent", "rate_per_10k")


def benchmark_cue(text: str, q: Quantity, spans: list[tuple[int, int]],
                  authority: Optional[str]) -> bool:
    """Is the number given for England, Wales, a comparator group or another body?"""
    return is_national(text, q) or comparator_of(text, q, spans, authority) is not None or \
        other_authority(text, q, authority) is not None


# "435 were in foster placements (74.0%)", "259 (60%) were ...": a count's share in brackets
SHARE_AFTER_COUNT = re.compile(r"^(?:\s*|[^,;:()\d]{1,80}?\s)\(\s*$")


def pair_shares(text: str, found: list[Found]) -> list[Found]:
    """A percentage in brackets after a count, in the same clause, is the share the count is of
    its whole: the count's metric's share (catalogue percent_metric, or the share of the whole
    the sentence names), for the same period."""
    for count, pct in zip(found, found[1:]):
        if count.q.unit != "count" or pct.q.unit != "percent" or count.metric is None or \
                pct.metric is not None or count.comparator is not None or \
                not SHARE_AFTER_COUNT.match(text[count.q.end:pct.q.start]) or \
                not re.match(r"\s*\)", text[pct.q.end:pct.q.end + 3]):
            continue
        pct.metric, pct.stated = share_metric(percent_variant(count.metric), text, count), False
        if count.mention is not None:
            pct.mention, pct.from_frame = count.mention, count.from_frame
    return found


RATE_ASIDE = re.compile(r"^\s*\(\s*(?:a\s+|the\s+)?(?:rate\s+(?:of\s+)?)?$", re.I)


def pair_rates(text: str, found: list[Found]) -> list[Found]:
    """'320 (70 per 10,000 children) at 31 March 2014': a rate in brackets right after a count is
    the rate of what the count counts, for the same period; a count whose own words name nothing
    takes the metric whose rate the bracket gives (catalogue rate_metric)."""
    for count, rate in zip(found, found[1:]):
        if count.q.unit != "count" or rate.q.unit != "rate_per_10k" or \
                not RATE_ASIDE.match(text[count.q.end:rate.q.start]):
            continue
        counted_metric = get_metric(count.metric) if count.metric else None
        rate_of = counted_metric.rate_metric if counted_metric else None
        if rate.metric is None and rate_of is not None:
            rate.metric, rate.stated = rate_of, False
        if count.metric is None and rate.metric is not None:
            counted = counts_of_rate(rate.metric)
            if counted is not None:
                count.metric, count.stated, count.countable = counted, False, True
        if count.mention is not None and not count.from_frame:
            rate.mention, rate.from_frame = count.mention, False
    return found


def counts_of_rate(rate_metric: str) -> Optional[str]:
    """The count metric whose rate per 10,000 is `rate_metric`, if the catalogue says."""
    return next((m.id for m in load_catalogue() if m.rate_metric == rate_metric), None)


def anchored(mention: Optional[timeref.Mention],
             mentions: list[timeref.Mention]) -> Optional[timeref.Mention]:
    """'17 approvals in 2020/21, up from 12 the previous year': 'the previous year' is the year
    before the one the sentence names, not before the report's."""
    if mention is None or mention.relative not in (timeref.PREVIOUS, timeref.NEXT):
        return mention
    named = [m for m in mentions if m.period is not None and
             m.period.period_type in ("financial_year", "calendar_year")]
    if not named:
        return mention
    shift = -1 if mention.relative == timeref.PREVIOUS else 1
    p = timeref.shift_years(named[0].period, shift) if named[0].period else None
    if p is None:
        return mention
    return timeref.Mention(mention.start, mention.end, mention.text,
                           period=timeref.Period(p.period_type, p.start, p.end, mention.text))


CAPITAL = re.compile(r"[A-Z]")


def other_authority(text: str, q: Quantity, own: Optional[str]):
    """Another council or region named in the number's clause ('Leeds City Council had 1,340
    children in care', 'the North West average of 12%'), or None."""
    start = _break_before(text, q.start, breaks_of(text).colons)
    end = clause_end(text, q)
    if not CAPITAL.search(text, start, end):
        return None     # place names are written with capitals ("Leeds", "the North West")
    own_name = (own or "").replace(" Council", "").strip().lower()
    for s, e, a in find_authorities(text[start:end]):
        if a.name.lower() != own_name and a.gss_code != ENGLAND_CODE and \
                not (own_name and own_name in a.name.lower()):
            return a
    return None


def share_metric(metric: Optional[str], sentence: str, last: Optional[Found]) -> Optional[str]:
    """What a percentage is a share *of* decides the metric: "39.9% of all looked after children"
    and "53.8% of those children in foster care" are different shares of the same in-house carers.
    The denominators and their shares are data (core/lexicon/prose.toml, inhouse_shares); the
    first denominator the sentence names decides. `last`: the figure read just before this one in
    the paragraph, if any ("24 children with our carers, 53.8% of those in foster care")."""
    denominators = prose_rules().share_denominators
    shares = {share for _, _, share in denominators}
    for denominator, rx, share in denominators:
        if not rx.search(sentence):
            continue
        if metric in shares or (last is not None and percent_variant(last.metric) == share):
            return share
        # a share within foster care is never the fostered share of all children
        return None if metric is not None and metric == percent_variant(denominator) else metric
    return metric


BARE_NOUNS = re.compile(r"^(?:children|young people|carers|foster carers|households|placements)$", re.I)


def antecedent_metric(label: str, unit: str, block_found: list[Found]) -> Optional[str]:
    if not BARE_NOUNS.match(label.strip()):
        return None
    noun = label.strip().lower()
    for f in islice(reversed(block_found), ANTECEDENT_LOOKBACK):
        head = head_phrase(f.label)
        if f.q.unit == unit and head.lower().endswith(noun) and head.lower() != noun:
            found = label_to_metric(head, unit)
            if found:
                return found
    return None


def head_phrase(label: str) -> str:
    """The noun phrase at the start of a label: 'looked after children in Coventry' ->
    'looked after children'."""
    label = re.sub(r"^(?:there|they|we)\s+(?:were|was|are|is|had|have)\s+", "", label, flags=re.I)
    return re.split(r"\s(?:in|of|at|on|with|were|was|are|is|who|which|that|placed)\s", label)[0]


def council_neutral(text: str, authority: Optional[str]) -> str:
    """'placed with Coventry foster carers' -> 'placed with council foster carers', so one
    catalogue pattern serves every council."""
    if not authority:
        return text
    name = re.escape(authority.replace(" Council", "").strip())
    return re.sub(r"\b" + name + r"(?:'s|’s)?(?=\s+(?:own\s+)?(?:foster|fostering|in[- ]house))",
                  "council", text, flags=re.I)


def is_figure(f: Found) -> bool:
    """What becomes an observation: a number linked to a catalogue metric, or one that counts
    a subject noun phrase of its own (kept with low confidence for the analyst to map)."""
    return f.metric is not None or f.countable


def is_national(text: str, q: Quantity) -> bool:
    """Does a national cue govern this number? Only within its own clause (before it, or right
    after it: '57,000 nationally'), or when the sentence opens with one ('Nationally, ...').
    'Sefton's rate was 15%, against a national average of 12%': only 12 is England's."""
    rules = prose_rules()
    before = text[clause_start(text, q):q.start]
    if rules.national_cue.search(before) or rules.wales_cue.search(before):
        return True
    rest = text[q.end:clause_end(text, q)]
    cue = rules.national_adverb.search(rest) or rules.wales_cue.search(rest)
    if cue:
        between = rest[:cue.start()]
        # '50,000 children in care (71% of all children in care in England)': an aside right
        # after the number that names England speaks of the same population.
        if "(" in between:
            between = between[:between.index("(")]
        if not re.search(r"\d", between):
            return True
    semicolon = breaks_of(text).first_semicolon
    return bool(rules.national_lead.match(text)) and not 0 <= semicolon < q.start


# "The target for the end of financial year 2021-22 is to reduce the number ... to 440": a
# sentence whose subject is a target speaks of targets throughout.
TARGET_SUBJECT = re.compile(r"^\W*(?:the|our|a|an|this|its)\s+(?:[\w-]+\s+){0,2}?(?:target|aim|ambition|goal)s?"
                            r"\s+(?:for|is|was|by|will)\b", re.I)


def value_kind_of(text: str, q: Quantity) -> str:
    if is_national(text, q):
        return "benchmark"
    if prose_rules().forecast_cue.search(text_before(text, q)):
        return "forecast"
    if prose_rules().target_cue.search(text[max(0, q.start - 80):q.start]) or \
            TARGET_SUBJECT.match(text):
        return "target"
    return "actual"


def confidence_of(f: Found, period_known: bool, kind: str) -> float:
    """A figure whose own words state its metric beats one the metric merely sits near."""
    c = BASE_CONFIDENCE
    c += (METRIC_BONUS if f.stated else NEARBY_METRIC_BONUS) if f.metric else -UNMAPPED_PENALTY
    if not period_known:
        c -= UNRESOLVED_PENALTY
    elif f.mention is not None and f.mention.period is not None and not f.from_frame:
        c += EXPLICIT_PERIOD_BONUS
    else:
        c += RELATIVE_PERIOD_BONUS
    c -= QUALIFIER_PENALTY if f.q.qualifier else 0.0
    c -= HEADING_PENALTY if kind == "heading" else 0.0
    return round(max(0.05, min(c, 0.95)), 2)


def reporting_period(doc: Document, block_index: int) -> Optional[timeref.Period]:
    start, end = doc.period_for(block_index)
    if end:
        return timeref.reporting_to_period(start, end)
    # Until structure sets one, a title such as "Annual report 2017-2018" names the year.
    p = parse_period(doc.title or "")
    return p if p and p.period_type == "financial_year" else None


def meeting_day(doc: Document, block_index: int,
                mention: Optional[timeref.Mention]) -> Optional[timeref.Period]:
    """Minutes and agenda pages with no reporting period speak from their meeting: 'there are
    currently 220 children looked after' is the count on the meeting's day. Only 'now' phrases
    are read so; 'this year' in minutes names no period."""
    if mention is None or mention.relative != timeref.NOW:
        return None
    day = doc.segment_of(block_index).meeting_date
    return timeref.Period("as_at", day, day, "meeting date") if day else None


def target_by(period, f: Found, text: str, kind: str):
    """'recruit 25 new households by March 2022': a flow target by the end of March is the
    financial year that ends then."""
    m = f.mention
    if kind != "target" or period is None or m is None or is_stock(f.metric) or \
            not re.search(r"\bby\s+$", text[max(0, m.start - 4):m.start]):
        return period
    if period.period_type == "month" and period.end.month == 3:
        from datetime import date
        return timeref.Period("financial_year", date(period.end.year - 1, 4, 1), period.end,
                              period.label)
    return period


# A flow counts what happened over a span. In a sentence, a flow dated to one day ("currently",
# the date of an inspection) or to one month ("since April 2014", "in the last 12 months" read
# as a date) was wrong on every such figure of the real corpus's tune split (0 of 21), so such
# a figure keeps its metric but no period, and stays out of metric_values. Tables, whose month
# columns are real monthly flows, are not affected.
MIN_PROSE_FLOW_DAYS = 80        # about a quarter


def year_measure_period(f: Found) -> tuple[Optional[timeref.Period], Optional[str]]:
    """A year's measure kept as a snapshot (prose.toml year_measures) named with a year: the
    financial year as it is; a calendar year, no period (why). (None, None): read as usual."""
    p = f.mention.period if f.mention is not None else None
    if p is None or f.metric not in prose_rules().year_measures:
        return None, None
    if p.period_type == "financial_year":
        return p, None
    if p.period_type == "calendar_year":
        return None, (f"year_measure: {f.metric} is a financial year's measure, and "
                      f"'{p.label}' is a calendar year; kept without a period")
    return None, None


def is_caseload_now(f: Found) -> bool:
    """'19 families were receiving adoption support at the time of the inspection': a flow the
    catalogue counts over a year, given as the caseload on the day the paper speaks from
    (prose.toml caseload_flows); that day is its period."""
    rules = prose_rules()
    return f.metric in rules.caseload_flows and f.mention is not None and \
        f.mention.relative == timeref.NOW and \
        (f.noun is None or f.noun in rules.household_nouns or f.noun in CASELOAD_PEOPLE)


CASELOAD_PEOPLE = {"children", "adopters", "parents", "people"}   # whom a caseload counts


def period_fits_metric(period: Optional[timeref.Period],
                      metric: Optional[str]) -> tuple[Optional[timeref.Period], Optional[str]]:
    """(period, None) when the period can be this metric's; (None, why) when it cannot."""
    if period is None or metric is None or is_stock(metric):
        return period, None
    days = (period.end - period.start).days + 1
    if days >= MIN_PROSE_FLOW_DAYS:
        return period, None
    return None, (f"flow_period: {metric} counts over a period, and '{period.label}' gives "
                  f"{days} day(s); kept without a period")


def nation_of(text: str, doc: Document) -> Authority:
    """England, or Wales when the sentence says so or the paper is a Welsh council's."""
    wales = match_authority("Wales")
    welsh_paper = (doc.authority_code or "").startswith("W")
    if wales is not None and (welsh_paper or prose_rules().wales_cue.search(text)):
        return wales
    england = match_authority("England")
    assert england is not None
    return england


def found_to_observation(f: Found, s: Sentence, doc: Document) -> Observation:
    reporting = reporting_period(doc, s.block_index)
    period, year_misfit = year_measure_period(f)
    if year_misfit is None and period is None:
        period = timeref.resolve(f.mention, reporting or meeting_day(doc, s.block_index, f.mention),
                                 is_stock(f.metric))
    kind = "benchmark" if f.national else value_kind_of(s.text, f.q)
    other = f.other if kind != "benchmark" or not (f.national or is_national(s.text, f.q)) \
        else None
    if other is not None:
        kind = "benchmark"
    national = kind == "benchmark" and other is None and f.comparator is None
    metric = f.metric
    if f.comparator is not None and other is None:
        # a comparator group's figure is a benchmark of its own body, never the council's: the
        # loader keys it on the paper's council ('E10000032-SN', core.authorities.group_body),
        # and without a council it has no key and stays out of metric_values
        kind = "benchmark"
    nation = nation_of(s.text, doc) if national else None
    period = target_by(period, f, s.text, kind)
    if not is_caseload_now(f):
        period, misfit = period_fits_metric(period, f.metric)
    else:
        misfit = None
    if period is None and f.mention is not None and f.mention.relative == timeref.NOW:
        misfit = f"now_undated: '{f.mention.text}' in a paper covering a period names no day"
    flags = "; ".join(x for x in (f.flags, year_misfit, misfit) if x) or None
    if other is not None:
        body, code = other.name, other.gss_code
    elif nation is not None:
        body, code = nation.name, nation.gss_code
    elif f.comparator is not None:
        body, code = f.comparator, None
    else:
        body, code = None, None
    return Observation(
        value=f.q.value, unit=cast(Unit, f.q.unit), label_raw=f.label[:200],
        evidence=s.text[:1000], page=s.page, extractor=EXTRACTOR, metric=metric,
        value_kind=cast(ValueKind, kind),
        period_type=cast(PeriodType, period.period_type) if period else "other",
        period_start=period.start if period else None, period_end=period.end if period else None,
        qualifier=cast(Optional[Qualifier], f.q.qualifier), section=s.section,
        confidence=confidence_of(f, period is not None, s.kind), flags=flags,
        authority=body, authority_code=code,
        block_index=s.block_index)


# ------------------------------------------------------------------ document

def parse_sentences(texts: list[str]) -> Iterable:
    nlp = get_nlp()
    return nlp.pipe(texts, batch_size=BATCH_SIZE)


def authority_name(doc: Document) -> Optional[str]:
    """The publishing council's short name, from structure or, failing that, the first lines."""
    if doc.authority:
        return doc.authority
    head = " ".join(b.text for b in doc.blocks[:8] if b.kind != "table")[:1000]
    found = match_authority(head)
    return found.name if found else None


Lead = tuple[Optional[timeref.Mention], Optional[Found]]


def lead_in(doc: Document, block: Optional[int], ending: Lead, lead: Lead) -> Lead:
    """The time frame and subject the list items after `block` inherit: 'In the last 12 months:'
    or 'At 31 March 2021 there were 400 children looked after. Of this number:' (a block ending
    with a colon) hands its frame and last figure to the bullets under it; the bullets keep them;
    anything else ends them."""
    if block is None:
        return None, None
    b = doc.blocks[block]
    if b.text.rstrip().endswith(":"):
        return ending
    nxt = doc.blocks[block + 1] if block + 1 < len(doc.blocks) else None
    frame = ending[0]
    dated = frame is not None and frame.period is not None and frame.period.period_type == "as_at"
    if block_kind(b) != "list_item" or (nxt is not None and bullet_of(b) != bullet_of(nxt)):
        # 'At 31 August 2015, 1033 children are being looked after ...' then (sub-)bullets: a
        # paragraph or an item that dates its figures to a day leads the list under it
        return ending if dated else (lead if block_kind(b) == "list_item" else (None, None))
    # an item dated to a day, with nothing leading the list, dates the items after it
    return ending if lead == (None, None) and dated else lead


def bullet_of(b) -> Optional[str]:
    """The glyph a list item opens with (sub-lists use another one), None for other blocks."""
    m = BULLET.match(b.text or "")
    return m.group(0).strip() if m else None


def extract(doc: Document) -> Findings:
    sentences = within_caps(document_to_sentences(doc), doc)
    quantities = {id(s): [q for q in text_to_quantities(s.text) if not q.in_range]
                  for s in sentences}
    capped_numbers(sentences, quantities, doc)
    candidates = [s for s in sentences if quantities[id(s)]]
    parsed = dict(zip((id(s) for s in candidates), parse_sentences([s.text for s in candidates])))
    observations: list[Observation] = []
    frame: Optional[timeref.Mention] = None
    previous: Optional[Found] = None
    last_block: Optional[int] = None
    lead: Lead = (None, None)     # what a lead-in ending with ':' says of the list under it
    # The section's latest snapshot date ('At 31 March 2016, 431 children ...'): 'in the last
    # 12 months' after it means the twelve months to that day.
    snapshot: Optional[timeref.Period] = None
    section: Optional[str] = None
    authority = authority_name(doc)
    list_found: list[Found] = []  # the figures of the list being read, item by item
    list_metrics: set[Optional[str]] = set()     # their metrics, all of the list's items
    section_rate: Optional[Found] = None    # the section's last figure, when a rate per 10,000
    for s in sentences:
        if s.kind != "list_item":
            list_found, list_metrics = [], set()
        if s.section != section:
            snapshot, section, section_rate = None, s.section, None
        if s.block_index != last_block:
            lead = lead_in(doc, last_block, (frame, previous), lead)
            frame, previous = lead if s.kind == "list_item" else (None, None)
            last_block = s.block_index
            block_found: list[Found] = []
            block_metrics: set[Optional[str]] = set()
        mentions = [timeref.twelve_months_to(m, snapshot)
                    for m in timeref.text_to_mentions(s.text)]
        sdoc = parsed.get(id(s))
        found = sentence_to_found(s.text, sdoc, frame, previous, authority, block_found, s.kind,
                                  quantities[id(s)], mentions, list_found, section_rate,
                                  block_metrics | list_metrics) if sdoc is not None else []
        last = next((f for f in reversed(found) if is_figure(f)), None)
        if last is not None:
            section_rate = last if last.q.unit == "rate_per_10k" else None
        previous = found[-1] if found else previous
        block_found.extend(found)
        block_metrics.update(f.metric for f in found)
        if s.kind == "list_item":
            list_found = (list_found + found)[-ANTECEDENT_LOOKBACK:]
            list_metrics.update(f.metric for f in found)
        observations.extend(found_to_observation(f, s, doc) for f in found if is_figure(f))
        spans = [(f.q.start, f.q.end) for f in found]
        new_frame = timeref.dated_now(timeref.frame_of(s.text, mentions, spans), s.text, mentions)
        if new_frame is not None:
            frame = new_frame
            if new_frame.period is not None and new_frame.period.period_type == "as_at":
                snapshot = new_frame.period
    return Findings(observations=observations)
