"""Whose paper it is: the publishing council, from the strongest evidence the paper offers, never a
guess.

In order:
1. provenance: the source's council (a fetched paper's registry entry, `run --authority`, a folder
   mapping), set on `doc.source` before document understanding; it decides alone;
2. addresses: the address the paper was taken from (the source URL; a saved page's own address
   recorded by the HTML reader as `page_url`) decides alone; then council web and
   committee-site domains in the paper's URLs, links and e-mail addresses (`core.councils`);
3. letterhead: the council's name standing alone at the top of the first pages, "Report of ...
   X Council", an inspection report's "Inspection of X local authority children's services";
4. text: the council's name in the text, qualified ("Durham County Council", "London Borough of X")
   or said of itself ("Croydon's children in care", "children in Plymouth"), clearly more often than
   any other council's. Names in brackets after a person, in lists of councils, after "placed in" or
   beside "neighbours" are other bodies, not the publisher.

The first of 2-4 that decides wins, unless another of them decides for a different council: then
the council stays unknown (a regional agency's report with its host's addresses). Two exceptions
for a county and its own district (the county runs children's services, so a district's paper
names it): links to the county's pages, with no e-mail address of the county, give way to the
district the text decides; and a county and district both named are settled for the district when
the paper speaks of its own council as "the District" / "the Borough Council" and names the county
as a council at most once. When nothing
decides, the council stays unknown and `Verdict.note` says why. A name two councils
have had (North Yorkshire the county until 2023 and the unitary since) is told apart by the paper's
date.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Iterable, Optional

from core.authorities import (
    Authority,
    authority_by_code,
    find_authorities,
    load_authorities,
    match_authority,
)
from core.councils import Council, council_for_host, council_initialisms, councils_for_host, registry
from core.model import Block, Document
from extractors.understand.titles import tidy

LETTERHEAD_BLOCKS = 14          # the first blocks of a paper: its cover or letterhead
LETTERHEAD_MAX_WORDS = 14       # a letterhead line is short; a sentence naming a council is text
DOMINANCE = 2                   # the winner must be named at least twice as strongly as the next
MIN_TEXT_SCORE = 2              # a qualified or self-referring mention, or two bare ones
SELF_WEIGHT = 2                 # the weight of a mention said of the council itself
CONTEXT = 60                    # characters looked at around a mention
TEXT_CHARS = 50_000             # a publisher names itself in its first pages; the rest is not read

# "https://democracy.durham.gov.uk/...", "www.durham.gov.uk", "fostering@durham.gov.uk",
# "durham.gov.uk/fostering": the host of each address in the text.
ADDRESS = re.compile(r"(?:https?://|\bwww\.|@)(?P<host>[a-z0-9][a-z0-9.-]*\.[a-z]{2,})"
                     r"|\b(?P<bare>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.uk|llyw\.cymru|gov\.wales))\b",
                     re.I)
QUALIFIED = re.compile(r"council|borough|m\.?\s?b\.?\s?c|city of|county|cyngor", re.I)
# "the Cotswold District": a district's name with the word after it, the gazetteer's span stopping short
DISTRICT_AFTER = re.compile(r"^\s+District\b")
# A name said of the council itself: "Croydon's", "Bromley had", "Coventry Fostering Service".
SELF_AFTER = re.compile(
    r"^(?:'s|’s|\s+(?:council|children|child|young\s+people|famil(?:y|ies)|fostering|foster|adoption|"
    r"corporate|safeguarding|social|services?|local\s+authority|cared|looked|care\s+leavers|"
    r"residents|virtual\s+school|partnership|pledge|town\s+hall|civic\s+(?:centre|center|hall|offices)|"
    r"council\s+house)\b)", re.I)
# "Bromley had moved over to ...": the council as the subject of its own sentence, unless the
# sentence compares it ("Sunderland has seen a similar rise").
SELF_SUBJECT = re.compile(r"^\s+(?:has|have|had|is|was|were|are|performed|continues|remains|will|would|"
                          r"could|should|can|must|plans?|planned|intends?|intended|aims?|aimed|decided|"
                          r"agreed|became|becomes|needs?|needed|wants?|wanted|received|receives)\b", re.I)
# "in Newport we were trying to ...": the place the writers speak of as "we"
WE_AFTER = re.compile(r"^,?\s+(?:we|our)\b", re.I)
IN_BEFORE = re.compile(r"\b(?:in|across|within|throughout)\s+$", re.I)
COMPARISON = re.compile(r"\b(?:than|compared|similar|average|also|too|likewise|neighbour|comparator)", re.I)
# "children in Plymouth", "across Bath and North East Somerset", "numbers in Hammersmith".
SELF_BEFORE = re.compile(r"(?:\b(?:across|within|throughout)\s+(?:all\s+|the\s+)?(?:whole\s+of\s+)?"
                         r"|\bin\s+(?:central\s+|the\s+borough\s+of\s+|the\s+city\s+of\s+)?"
                         # "the children and young people of North Tyneside"
                         r"|\b(?:children|young\s+people|residents|people|families|citizens|communities)\s+of\s+"
                         r"(?:the\s+)?"
                         # children placed away from home: "placed outside of Northumberland", "out of Leeds"
                         r"|\b(?:out\s+of|outside(?:\s+of)?)\s+(?:the\s+)?)$", re.I)
# Said of itself whatever the words around: "our North Tyneside Plan", and a meeting's venue in the
# council's own building ("Venue: Committee Room 2, Town Hall, Stockport").
SELF_MARK_BEFORE = re.compile(r"(?:\bour\s+|\b(?:town\s+hall|civic\s+(?:centre|center|hall|offices)|guildhall|"
                              r"council\s+(?:house|offices))\s*,\s*)$", re.I)
PEOPLE = re.compile(r"\b(?:children|child|young\s+people|famil(?:y|ies)|residents|people|looked\s+after|"
                    r"in\s+care|services?|numbers?|carers|exploitation|population)\b", re.I)
# The place is somewhere else the children went, or a comparison: not the publisher.
ELSEWHERE_BEFORE = re.compile(
    r"(?:\b(?:placed|placements?|moved|move|moving|transferred|living|lives|located|based)"
    r"\s+(?:(?:out\s+of\s+area|outside|elsewhere|permanently)\s+)?(?:in|to|at|into|by)\s+(?:the\s+)?"
    r"|\b(?:than|compared\s+(?:to|with)|versus|vs\.?|such\s+as|including|"
    r"like|e\.g\.?|joined|formerly|previously|between|neighbours?|neighbouring|hosted\s+by|"
    r"delegated?\s+to)\s+(?:the\s+)?"
    # a partner in a shared arrangement: "a shared service arrangement with Solihull Metropolitan Council"
    r"|\b(?:partners?(?:hip)?|agreements?|arrangements?|together|jointly|alongside|working|work|"
    r"collaborat\w*|consortium)\s+with\s+(?:the\s+)?"
    # a person's surname: "Councillor Sutton", "Mrs Kent"
    r"|\b(?:cllr|councillor|mr|mrs|ms|miss|dr|sir)\.?\s+(?:[A-Z]\w*\.?\s+)?)$", re.I)
# A comparison earlier in the sentence: "our statistical neighbours, Knowsley and Wirral".
NEIGHBOURS = re.compile(r"neighbour|comparator|benchmark|other\s+(?:local\s+)?authorities", re.I)
# The host or lead of a shared service is a partner named for its role, not the paper's publisher:
# "Warwickshire County Council would become the host authority", "the hosts ... were Warwickshire".
HOSTING = re.compile(r"\bhost(?:s|ed|ing)?\b|\blead\s+(?:authority|commissioner)", re.I)
# A meeting's venue in one of the council's own buildings ("Venue: Committee Room A - County Hall,
# Llandrindod Wells, Powys"): the place named on that line is the council's own. A county's seat
# ("County Hall, Preston") stands in one of its districts' towns: that district is only a place there.
VENUE_LINE = re.compile(r"^\s*venue\b", re.I)
VENUE_LINE_CHARS = 300          # a venue line is short; a longer line is not read as one
OWN_BUILDING = re.compile(r"\b(?:town\s+hall|civic\s+(?:centre|center|hall|offices|suite)|council\s+(?:house|offices|"
                          r"chamber)|guildhall|borough\s+hall|county\s+(?:hall|buildings|offices)|shire\s+hall)\b", re.I)
COUNTY_SEAT = re.compile(r"\b(?:county\s+(?:hall|buildings|offices)|shire\s+hall)\b", re.I)
# How a district's own paper speaks of its council without naming it: "within the District", "the
# Borough Council's website", "Borough Councillors", "boroughwide". A county's paper speaks of its
# districts by name or in the plural.
DISTRICT_SELF = re.compile(r"\b(?:[Tt]he|[Tt]his|[Oo]ur)\s+(?:District|Borough)(?:\s+Council)?\b(?!\s+of\b)"
                           r"|\b(?:Borough|District)\s+Councillors?\b|\b(?:[Bb]orough|[Dd]istrict)[- ]?wide\b")
MIN_DISTRICT_SELF = 2
# A list of councils, not a letterhead: "eg Manchester - x" / "eg Sefton - x"
EXAMPLE = re.compile(r"^\s*(?:e\.?g\.?|such\s+as|for\s+example)\b", re.I)
LIST_REACH = 2                  # lines either side of a letterhead line that would make it one of a list
LEADS = re.compile(r"^\s*(?:-|–|—|:)\s+\w")
# A larger or other place the gazetteer's span stops short of: "Greater Manchester", "South
# Northamptonshire Council" (a district abolished in 2021), not Manchester or Northamptonshire.
OTHER_PLACE_PREFIX = re.compile(r"\b(?:North|South|East|West|Mid|Central|Greater|Upper|Lower|Inner|Outer)\s+$")
LIST_JOIN = re.compile(r"^\s*(?:,|and|&|or|/)\s*$", re.I)
REPORT_OF = re.compile(r"^\s*(?:a\s+)?report\s+(?:of|by|from|to)\b", re.I)
INSPECTION_OF = re.compile(r"^\s*(?:ofsted\s+)?inspection\s+of\s+(?P<who>.{3,80}?)\s+"
                           r"(?:local\s+authority\s+)?children\W{0,3}s\s+(?:social\s+care\s+)?services",
                           re.I)


@dataclass(frozen=True)
class Verdict:
    authority: Optional[str]
    code: Optional[str]
    source: Optional[str]           # 'provenance' | 'address' | 'letterhead' | 'text'
    note: Optional[str]             # why none was given, when none was


def _key(a: Authority) -> str:
    return a.gss_code or a.name


# ---------------------------------------------------------------- names two councils have had

def _councils_of(code: str) -> list[Council]:
    return [c for c in registry() if c.gss_code == code]


def in_its_time(a: Authority, when: Optional[date]) -> Authority:
    """The entry of the same name that existed on `when`: "North Yorkshire" in 2021 is the county
    (E10000023), in 2024 the unitary. Without a date, or when the registry cannot say, as named."""
    if when is None or not a.gss_code:
        return a
    mine = _councils_of(a.gss_code)
    if not mine or any(c.existed_on(when) for c in mine):
        return a
    for other in load_authorities():
        if other.name == a.name and other.gss_code and other.gss_code != a.gss_code and \
                any(c.existed_on(when) for c in _councils_of(other.gss_code)):
            return other
    return a


@lru_cache(maxsize=1)
def _upper_tier() -> dict[str, str]:
    """District GSS code -> its county's ("E07000041" Exeter -> "E10000008" Devon)."""
    return {a.gss_code: a.upper_gss_code for a in load_authorities() if a.gss_code and a.upper_gss_code}


def two_tiers(a: str, b: str) -> bool:
    """A county and one of its own districts: a district's paper names its county (which runs
    children's services) as readily as itself, and a county's paper its districts."""
    up = _upper_tier()
    return up.get(a) == b or up.get(b) == a


def _by_official_name(span: str) -> Optional[Authority]:
    """A qualified name that is exactly one council's official name ("North Yorkshire County
    Council"): that council, whichever era."""
    key = " ".join(span.lower().replace("&", "and").split())
    codes = {c.gss_code for c in registry()
             if c.gss_code and " ".join(c.official_name.lower().replace("&", "and").split()) == key}
    return authority_by_code(codes.pop()) if len(codes) == 1 else None


# ---------------------------------------------------------------- evidence

def hosts_in(text: str) -> list[str]:
    return [(m.group("host") or m.group("bare")).lower().rstrip(".") for m in ADDRESS.finditer(text)]


def from_addresses(hosts: Iterable[str], when: Optional[date]) -> tuple[Optional[Authority], str]:
    """The council whose domains the paper's addresses are on, when one clearly dominates."""
    counts: Counter = Counter()
    shared: set[str] = set()
    for host in hosts:
        c = council_for_host(host, when)
        if c is not None and c.gss_code:
            counts[c.gss_code] += 1
        elif len({x.gss_code for x in councils_for_host(host)}) > 1:
            shared.add(host)
    if not counts:
        return None, (f"the address {sorted(shared)[0]} served more than one council and the "
                      "paper's date does not tell which" if shared else "")
    (best, n), *rest = counts.most_common(2) + [("", 0)]
    runner = rest[0][1]
    if n < DOMINANCE * runner:
        return None, "addresses of several councils"
    found = authority_by_code(best)
    return found, ""


def _block_text(b: Block) -> str:
    if b.kind == "table" and b.table is not None:
        rows = [" ".join(c for c in row if c) for row in b.table.rows[:3]]
        # a title box read as a table: "Inspection | of | Bedford | local | authority" / "children's | services"
        return "\n".join(rows + [tidy(" ".join(rows[:2]))])
    return b.text


def _local_mentions(text: str) -> list[tuple[int, int, Authority]]:
    return [(s, e, a) for s, e, a in find_authorities(text) if a.is_local]


@lru_cache(maxsize=1)
def _initialisms() -> tuple[Optional[re.Pattern[str]], dict[str, Authority]]:
    """The initialisms of councils with children's services ("ESCC carers", "LBTH's"), as one
    case-sensitive pattern."""
    known = {}
    for key, code in council_initialisms().items():
        a = authority_by_code(code)
        if a is not None and a.is_local and a.kind != "district":     # districts run no children's services
            known[key] = a
    if not known:
        return None, {}
    alternatives = "|".join(sorted(map(re.escape, known), key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9&-])(?:{alternatives})(?![A-Za-z0-9&-])"), known


def initialism_mentions(text: str) -> list[tuple[int, int, Authority]]:
    pattern, known = _initialisms()
    return [(m.start(), m.end(), known[m.group()]) for m in pattern.finditer(text)] if pattern else []


def _resolve(a: Authority, span: str, when: Optional[date]) -> Authority:
    return _by_official_name(span) or in_its_time(a, when)


def _letterhead_lines(blocks: list[Block]) -> list[tuple[Block, str]]:
    return [(b, " ".join(line.split())) for b in blocks[:LETTERHEAD_BLOCKS]
            for line in _block_text(b).splitlines() if line.strip()]


def _one_of_a_list(lines: list[tuple[Block, str]], i: int, key: str) -> bool:
    """A line beside lines naming other councils ("Manchester - x" / "eg Sefton - x") is one item of a
    list of councils, not the paper's letterhead."""
    near = lines[max(0, i - LIST_REACH):i] + lines[i + 1:i + 1 + LIST_REACH]
    return any(_key(a) != key for _, line in near for _, _, a in _local_mentions(line))


def from_letterhead(blocks: list[Block], when: Optional[date]) -> tuple[Optional[Authority], str]:
    """A council named on its own at the top of the paper, in a "Report of ..." line, or as the
    inspected authority of an inspection report's title."""
    found: dict[str, Authority] = {}
    lines = _letterhead_lines(blocks)
    for i, (b, line) in enumerate(lines):
        words = line.split()
        if EXAMPLE.match(line):
            continue
        inspected = INSPECTION_OF.match(line)
        if inspected:
            line = inspected.group("who")
        elif len(words) > LETTERHEAD_MAX_WORDS and not REPORT_OF.match(line):
            continue
        mentions = _local_mentions(line)
        if len(mentions) != 1:
            continue
        s, e, a = mentions[0]
        span = line[s:e]
        rest = (line[:s] + line[e:]).strip(" ,.:-–|")
        alone = not rest or REPORT_OF.match(line) or inspected
        # "West Sussex - Statistical Neighbour View", "Coventry Fostering Service Annual Report"
        leads = s == 0 and b.kind == "heading" and bool(LEADS.match(line[e:]) or SELF_AFTER.match(line[e:]))
        if (leads or (alone and (QUALIFIED.search(span) or inspected or not rest))) and \
                not _one_of_a_list(lines, i, _key(a)):
            a = _resolve(a, span, when)
            found.setdefault(_key(a), a)
    if len(found) == 1:
        return next(iter(found.values())), ""
    if len(found) > 1:
        return None, "the letterhead names more than one council: " + ", ".join(
            a.name for a in found.values())
    return None, ""


def _venue_line_of(text: str, start: int, end: int) -> str:
    """The line a mention stands on when it is short enough to be a venue line, else "": bounded
    look-ups, so a hostile page of one long line costs no more per mention."""
    lo = max(0, start - VENUE_LINE_CHARS)
    line_start = text.rfind("\n", lo, start) + 1
    if line_start == 0 and lo > 0:
        return ""
    line_end = text.find("\n", end, end + VENUE_LINE_CHARS)
    if line_end < 0:
        if end + VENUE_LINE_CHARS < len(text):
            return ""
        line_end = len(text)
    return text[line_start:line_end]


def venue_weight(line: str, kind: str) -> Optional[int]:
    """A mention on a meeting's venue line in one of the council's own buildings: said of itself, or
    only a place when it is a district's town holding its county's seat. None off such lines."""
    if not (VENUE_LINE.match(line) and OWN_BUILDING.search(line)):
        return None
    return 0 if kind == "district" and COUNTY_SEAT.search(line) else SELF_WEIGHT


def mention_weight(text: str, start: int, end: int, prev_end: int, next_start: int, kind: str = "") -> int:
    """How strongly one mention says 'this is our council': 3 qualified, 2 said of itself, 1 bare,
    0 another body (an affiliation in brackets, one of a list, a placement or a comparison)."""
    before, after = text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]
    if before.endswith("(") and after.startswith(")"):
        return 0
    if OTHER_PLACE_PREFIX.search(before):
        return 0
    if LIST_JOIN.match(text[prev_end:start]) or LIST_JOIN.match(text[end:next_start]):
        return 0
    venue = venue_weight(_venue_line_of(text, start, end), kind)
    if venue is not None:
        return venue
    sentence = re.split(r"[.;:!?\n]\s", before)[-1]
    rest_of_sentence = re.split(r"[.;!?\n]", after, maxsplit=1)[0]
    if ELSEWHERE_BEFORE.search(before) or NEIGHBOURS.search(sentence) or \
            HOSTING.search(sentence) or HOSTING.search(rest_of_sentence):
        return 0
    if QUALIFIED.search(text[start:end]) or DISTRICT_AFTER.match(after):
        return 3
    if SELF_AFTER.match(after) or SELF_MARK_BEFORE.search(before) or \
            (SELF_BEFORE.search(before) and PEOPLE.search(before)) or \
            (IN_BEFORE.search(before) and WE_AFTER.match(after)) or \
            (SELF_SUBJECT.match(after) and not COMPARISON.search(rest_of_sentence)):
        return 2
    return 1


def merge_former_names(scores: Counter, chosen: dict[str, Authority], when: Optional[date],
                       strongest: Counter) -> None:
    """"Dorset County Council" and "Dorset Council" in one paper are one council under its old and
    new name (the paper was written across the change): their scores go to the one that existed on
    the paper's date, or without a date to the current one."""
    by_name: dict[str, list[str]] = {}
    for key, a in chosen.items():
        by_name.setdefault(a.name, []).append(key)
    for keys in by_name.values():
        if len(keys) < 2:
            continue
        current = next((chosen[k] for k in keys if chosen[k].current), chosen[keys[0]])
        heir = in_its_time(current, when) if when else current
        total = sum(scores.pop(k, 0) for k in keys)
        best = max(strongest.pop(k, 0) for k in keys)
        chosen.setdefault(_key(heir), heir)
        scores[_key(heir)] += total
        strongest[_key(heir)] = max(strongest[_key(heir)], best)


def from_text(text: str, when: Optional[date]) -> tuple[Optional[Authority], str]:
    """The council the text names most strongly, when it clearly outweighs every other."""
    # An initialism ("approved ESCC carers") is the council's own shorthand for itself: it counts
    # as a mention said of itself unless its context makes it another body.
    initials = initialism_mentions(text)
    short = {s for s, _, _ in initials}
    mentions = sorted(_local_mentions(text) + initials, key=lambda m: m[0])
    scores: Counter = Counter()
    strongest: Counter = Counter()      # a council's strongest single mention
    as_council: Counter = Counter()     # mentions naming it as a council ("Devon County Council")
    chosen: dict[str, Authority] = {}
    passing: Counter = Counter()
    for i, (s, e, a) in enumerate(mentions):
        prev_end = mentions[i - 1][1] if i else -10
        next_start = mentions[i + 1][0] if i + 1 < len(mentions) else len(text) + 10
        w = mention_weight(text, s, e, prev_end, next_start, a.kind)
        if s in short and w:
            w = SELF_WEIGHT
        a = _resolve(a, text[s:e], when) if s not in short else in_its_time(a, when)
        chosen.setdefault(_key(a), a)
        scores[_key(a)] += w
        strongest[_key(a)] = max(strongest[_key(a)], w)
        as_council[_key(a)] += w == 3
        passing[a.name] += 1
    if not mentions:
        return None, "no council is named in the paper, its addresses or its letterhead"
    merge_former_names(scores, chosen, when, strongest)
    ranked = scores.most_common(2) + [("", 0)]
    (best, n), (_, runner) = ranked[0], ranked[1]
    if n < MIN_TEXT_SCORE:
        named = ", ".join(f"{k} ({v}x)" for k, v in passing.most_common(3))
        return None, f"councils named only in passing, not as the publisher: {named}"
    # The other tier counts when it is named as a council or said of itself, not as a bare place
    # ("the Lincoln Park electoral division", a venue's street address).
    tiers = [k for k, v in scores.items() if k != best and strongest[k] >= SELF_WEIGHT and two_tiers(k, best)]
    if tiers or n < DOMINANCE * runner:
        district = district_of_its_own_words(text, best, scores, strongest, as_council)
        if district is not None:
            return chosen[district], ""
    if n < DOMINANCE * runner:
        named = ", ".join(chosen[k].name for k, _ in scores.most_common(3))
        return None, f"several councils named about as often: {named}"
    if tiers:
        return None, (f"a county and its district are both named as councils: {chosen[best].name}, "
                      + ", ".join(chosen[k].name for k in tiers))
    return chosen[best], ""


def district_of_its_own_words(text: str, best: str, scores: Counter, strongest: Counter,
                              as_council: Counter) -> Optional[str]:
    """A county and one of its districts both named (a district's paper on care leavers names the
    county that looks after them): the district, when the paper names it as a council and speaks of
    its own council as "the District" / "the Borough Council" / "Borough Councillors", names the
    county as a council at most once, and no third council comes near it. Otherwise None: the pair
    stays undecided (a county's paper names itself as a council again and again)."""
    up = _upper_tier()
    pair = [k for k in scores if k != best and two_tiers(k, best)] + [best]
    districts = [k for k in pair if up.get(k) in pair]
    if len(districts) != 1:
        return None
    district = districts[0]
    county = up[district]
    if strongest[district] < 3 or as_council[county] > 1 or len(DISTRICT_SELF.findall(text)) < MIN_DISTRICT_SELF:
        return None
    if any(DOMINANCE * v > scores[district] for k, v in scores.items() if k not in (district, county)):
        return None
    return district


def from_provenance(doc: Document) -> Optional[tuple[Optional[str], Optional[str]]]:
    src = doc.source
    if src is None or not (src.authority or src.authority_code):
        return None
    known = (authority_by_code(src.authority_code) if src.authority_code else None) or \
        (match_authority(src.authority) if src.authority else None)
    if known is not None and known.is_local:
        return known.name, known.gss_code
    return src.authority or (known.name if known else None), src.authority_code


def email_hosts(text: str) -> set[str]:
    return {m.group("host").lower().rstrip(".") for m in ADDRESS.finditer(text) if m.group(0).startswith("@")}


def without_cited_county(decided: list[tuple[str, Authority]], text: str) -> list[tuple[str, Authority]]:
    """A district's paper links its county's pages (the county runs children's services: "adding a
    link to https://www.gloucestershire.gov.uk/fostering/"). When the addresses point only by such
    links, never by an e-mail address, to the county of the district the text decides, the links
    are not the publisher's."""
    text_says = next((a for source, a in decided if source == "text"), None)
    if text_says is None or not text_says.gss_code:
        return decided
    county = _upper_tier().get(text_says.gss_code)
    emailed = {c.gss_code for h in email_hosts(text) for c in [council_for_host(h)] if c is not None}
    return [(source, a) for source, a in decided
            if not (source == "address" and a.gss_code == county and county not in emailed)]


def decide(doc: Document, when: Optional[date] = None) -> Verdict:
    """The publishing council of a paper and how it was known, or why it is not known."""
    given = from_provenance(doc)
    if given is not None:
        return Verdict(given[0], given[1], "provenance", None)
    notes = []
    # The address the paper itself was taken from: a fetched paper's URL, or a saved page's
    # "saved from url=" / canonical / base address when the HTML reader records it (page_url).
    own_urls = [u for u in (doc.source.url if doc.source is not None else None,
                            doc.page_url) if u]
    hosts = [h for u in own_urls for h in hosts_in(u)]
    if hosts:
        own, note = from_addresses(hosts, when)
        if own is not None:
            return Verdict(own.name, own.gss_code, "address", None)
    text = "\n\n".join(_block_text(b) for b in doc.blocks)
    links = [h for u in doc.link_urls for h in hosts_in(u)]   # a saved page's links
    tiers = [("address", from_addresses(hosts_in(text) + links, when)),
             ("letterhead", from_letterhead(doc.blocks, when)),
             ("text", from_text(doc.text[:TEXT_CHARS], when))]
    decided = [(source, a) for source, (a, _) in tiers if a is not None]
    if not decided:
        notes += [note for _, (_, note) in tiers]
        return Verdict(None, None, None, "; ".join(n for n in notes if n) or None)
    decided = without_cited_county(decided, text + "\n" + "\n".join(doc.link_urls))
    source, found = decided[0]
    # Evidence that disagrees (a regional agency's report with its host council's addresses and
    # its own name in the text) leaves the council unknown rather than picking one.
    others = {a.name for _, a in decided if _key(a) != _key(found)}
    if others:
        return Verdict(None, None, None, f"the {source} says {found.name} but the paper also points to "
                       + ", ".join(sorted(others)))
    return Verdict(found.name, found.gss_code, source, None)
