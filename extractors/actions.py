"""Resolutions, recommendations, commitments and action-plan rows -> actions.

Rule-based over blocks (the cues are formulaic, so no parser is needed):
  * minutes: a "RESOLVED" / "Resolved -" / "RESOLVED (unanimously)" / "Decision:" block and the
    list items after it, split into numbered sub-items ((1), 1., a)), each keeping its minute's
    number and title, the owner ("the Head of ... be requested to") and any date;
  * reports: "Recommendation(s):" lists, "We will ..." commitments, "To ..." items under
    development-plan / "Looking ahead" sections, numbered priorities;
  * action-plan tables (Ref | Action | Review Date | Lead | Update Commentary): one per row.
Every action keeps its page, block index and evidence text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from core.lexicon import lexicon
from core.model import Action, ActionKind, Block, Document, Findings, Table
from core.periods import DAY_MONTH_YEAR, MONTH_DAY_YEAR, NUMERIC_DATE, last_day, month_number, parse_date
from extractors.action_lists import PAGE_FIELD, collect_list, item_mark, item_text
from extractors.action_sentences import (
    agenda_descriptions,
    commitment_sentences,
    decision_lists,
    decision_sentences,
    that_lists,
)
from extractors.table_kinds import (
    ACTION_PLAN,
    action_plan_header,
    classify_table,
    header_to_columns,
    is_action_header,
)

EVIDENCE_MAX = 1000
MINUTE_HEADING = re.compile(r"^\s*(\d{1,3})\.\s+([A-Z][A-Z0-9 ,&'’\-/()–:]{3,})$")
MEETING_LINE = re.compile(r"(?:^|\s)(?:ON\s+)?(?:MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|"
                          r"SUNDAY)\s+\d{1,2}(?:ST|ND|RD|TH)?\s+[A-Z]+,?\s+\d{4}\s*$")
SUB_ITEM = re.compile(r"^\s*(?:[-•▪·]\s*)?(\(\d{1,2}\)|\d{1,2}[.)](?=\s)|\(?[a-h]\))\s*")
# Words that may sit inside an owner's name: "Director of Social Care and Health", "Sefton's
# Members of Parliament", "Kara Haskayne, Service Manager, Multi-Agency Safeguarding Hub (MASH)".
OWNER_GLUE = {"of", "and", "for", "&", "the", "'s", "’s", ",", "(", ")", "-", "–", "on", "in",
              "officers", "members", "chair", "council"}
OWNER_TOKEN = re.compile(r"[\w'’\-]+|[,()&–]")
OWNER_WORD = re.compile(r"\b(?:Head|Director|Manager|Officer|Member|Members|Executive|Leader|Lead|"
                        r"Chair|Council|Cabinet|Committee|officers|Councillor)\b")
DUE_CUE = re.compile(r"(?:held on|by|before|no later than|on|in|until)\s+((?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
                     r"[A-Z][a-z]+,?\s+\d{4})")
# "The five key recommendations are:" ends its paragraph and opens the list after it.
# ("any recommendations arising ... would need to:" is a list of criteria, not the recommendations)
RECOMMENDATIONS_LEAD = re.compile(
    r"(?:\brecommendations?\s+(?:are|is|were|include|made(?:\s+by\s+[^.;:]{1,60}|\s+are|\s+were)?)"
    r"|\b(?:makes?|made|has\s+made|following)\s+(?:the\s+following\s+)?recommendations?)"
    r"(?:\s+as\s+follows)?\s*:\s*-?\s*$", re.I)
# A report's cover sheet read as one paragraph: "RECOMMENDATIONS :" in capitals, its text running
# to the next capitalised field label ("EXECUTIVE SUMMARY :").
COVER_RECOMMENDATIONS = re.compile(r"(?<=\s)RECOMMENDATIONS?\s*:\s*(?=\S)")
COVER_LABEL = re.compile(r"\s(?=[A-Z][A-Z’'&/ ]{3,}\s*:)")
SECTION_NUMBER = r"(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?"          # "2. Recommendations"
RECOMMENDATIONS = re.compile(rf"^\s*{SECTION_NUMBER}Recommendations?\s*(?:\(s\))?\s*:?\s*(.*)$",
                             re.I | re.S)
RECOMMENDATIONS_HEADING = re.compile(rf"^\W*{SECTION_NUMBER}Recommendations?\s*(?:\(s\))?\W*$", re.I)
PRIORITIES_INTRO = re.compile(r"\bpriorit(?:y|ies)\b(?:[^.!?]|\.\d)*(?::-?|:)\s*$"   # in the last sentence
                              r"|\b(?:key|our|main|two|three|four|five)\s+(?:\w+\s+)?(?:targets|objectives|aims|"
                              r"ambitions)\b[^.!?]*:-?\s*$", re.I | re.S)   # "two key targets ...:"
BULLETED = re.compile(r"^\s*[-•◼▪·]\s+(\S.*)$", re.S)        # "- reducing the number of ..."
WE_WILL = re.compile(r"(?:^|(?<=[.!?]\s))(We will\b[^.!?]*[.!?]?)")
TO_ITEM = re.compile(r"^\s*(?:-\s*|•\s*)?To\s+[a-z]")
NUMBERED = re.compile(r"^\s*(?:-\s*)?(\d{1,2})[.)](?!\d)\s*(\S.*)$", re.S)   # not '7.11 Title'
FURNITURE = re.compile(r"^\s*Page\s+\d+\s*", re.I)
REF_CELL = re.compile(r"^[A-Z]?\d+(?:\.\d+)+[a-z]?$|^\d{1,3}$")
DAMAGED_YEAR = re.compile(r"\b((?:19|20)\d{2})((?:19|20)\d{2})\b")   # "202017" -> "2017"
DAMAGED_SHORT = re.compile(r"\b20(20\d{2})\b")
STATUS_ENTRIES = (("completed", "status_completed"), ("ongoing", "status_ongoing"),
                  ("not_started", "status_not_started"), ("delayed", "status_delayed"))


@dataclass(frozen=True)
class ActionRules:
    """The wording cues (core/lexicon/actions.toml) built into the patterns that use them."""
    resolved: re.Pattern[str]          # "RESOLVED (unanimously) -", "Decision:"
    owner_verb: re.Pattern[str]        # "be requested to": its subject (walked back to) is the owner
    plan_section: re.Pattern[str]
    status: tuple[tuple[str, re.Pattern[str]], ...]
    improvement_heading: re.Pattern[str]   # the whole heading text
    another_resolution: re.Pattern[str]    # "Noted the report;", "The report was noted."
    item_line: re.Pattern[str]             # "Note the report", "That Cabinet notes ...": an item
    priority_heading: re.Pattern[str]      # "Key issues for commissioners"
    imperative: re.Pattern[str]            # an item that opens with one of these is a priority


def _another_resolution(verbs: tuple[str, ...], bodies: str) -> re.Pattern[str]:
    """A line that is one more resolution of the run it follows: it opens with a decision verb
    ("Noted the report;", "To approve the plan", "That Notes ..."), something "be/was noted", or
    the meeting decides ("The Panel requested that ..."; "Members noted that ..." is discussion,
    so noting counts only with an object: "Members noted the report"; "The Committee considered
    the report" opens the next item's discussion)."""
    verb = rf"(?:{'|'.join(re.escape(v) for v in verbs)})(?:e?s|e?d)?\b"
    return re.compile(rf"^\W*(?:that\s+)?(?:to\s+)?{verb}"
                      rf"|\b(?:be|is|are|was|were|been)\s+(?:\w+\s+)?{verb}"
                      rf"|(?:{bodies})\s+(?:\w+\s+)?(?:agreed|resolved|decided|requested|approved|endorsed|"
                      rf"delegated|instructed|recommended)\b"
                      rf"|(?:{bodies})\s+(?:noted|approved|endorsed|accepted|supported|adopted)\s+"
                      r"(?:the|this|these|its|their)\b", re.I)


def _item_line(verbs: tuple[str, ...]) -> re.Pattern[str]:
    """An unmarked line under a recommendations heading that is an item, not a sub-heading: it
    opens 'That ...', 'To <verb>', or a verb with its object ('Note the report', 'Agree to the
    proposals'; 'Support for carers' is a heading)."""
    verb = rf"(?:{'|'.join(re.escape(v) for v in sorted(set(verbs), key=len, reverse=True))})(?:e?s|e?d)?"
    return re.compile(rf"^(?:That\s+\S|To\s+{verb}\b|{verb}\s+(?:the|a|an|this|these|that|to|its|their|"
                      r"our|all|any|and)\b)", re.I)


@lru_cache(maxsize=1)
def action_rules() -> ActionRules:
    cues = lexicon("actions")
    return ActionRules(
        resolved=re.compile(rf"^\s*(?:{cues.source('resolution_words')})"
                            rf"(?:\s*\((?:{cues.source('resolution_qualifiers')})\)"
                            rf"|\s+(?:{cues.source('resolution_qualifiers')}))?\s*"
                            rf"(?:[:\-–—]+\s*)?|^\s*(?:{cues.source('decision_headings')})\s*:\s*", re.I),
        owner_verb=re.compile(rf"\b(?:be|is|are)\s+(?:hereby\s+)?(?:{cues.source('owner_verbs')})"
                              r"|\bto\s+(?:submit|report|provide|present|bring)\b(?=.*\b(?:report|update)\b)",
                              re.I),
        plan_section=cues.matcher("plan_sections"),
        status=tuple((name, cues.matcher(entry)) for name, entry in STATUS_ENTRIES),
        another_resolution=_another_resolution(cues.phrases("resolution_verbs"), cues.source("meeting_bodies")),
        item_line=_item_line(cues.phrases("resolution_verbs") + cues.phrases("imperative_verbs")),
        improvement_heading=re.compile(rf"^\W*(?:{cues.source('improvement_headings')})\W*(?:\d{{1,2}}\W*)?$",
                                       re.I),   # "What needs to improve? 1": a footnote mark
        priority_heading=re.compile(rf"^\W*(?:{cues.source('priority_headings')})\W*$", re.I),
        imperative=re.compile(rf"^(?:{cues.source('imperative_verbs')})\b", re.I))


# ------------------------------------------------------------------ small pure helpers

def text_to_owner(text: str) -> Optional[str]:
    """The subject of 'be requested to' / 'be asked to' / 'to submit' anywhere in a sub-item:
    'prior to the submission ... the Director of Social Care and Health be requested to ...' ->
    'Director of Social Care and Health'. The subject is the run of capitalised words (and the
    glue words of a title) that ends right before the verb."""
    for m in action_rules().owner_verb.finditer(text):
        owner = _subject_before(text[:m.start()])
        if owner:
            return owner
    return None


def _subject_before(before: str) -> Optional[str]:
    tokens = [t for t in OWNER_TOKEN.findall(before)][-40:]
    k = len(tokens)
    while k > 0 and (tokens[k - 1][:1].isupper() or tokens[k - 1].lower() in OWNER_GLUE):
        k -= 1
    words = tokens[k:]
    while words and (words[0].lower() in OWNER_GLUE - {"officers", "members", "council", "chair"}
                     or words[0] in ("That", "It")):
        words = words[1:]          # "the", "That", a dangling "and"
    while words and words[-1] in (",", "(", "&", "–", "-", "and", "the"):
        words = words[:-1]
    owner = " ".join(words)
    owner = re.sub(r"\s+(?=[,)'’])|(?<=\()\s+", "", owner)
    owner = re.sub(r"\s+(?=['’]s\b)", "", owner).strip(" ,;:-")
    if not owner or len(owner) > 220:
        return None
    return owner if OWNER_WORD.search(owner) or re.search(r"[A-Z][a-z]+ [A-Z][a-z]+", owner) \
        else None


def text_to_due(text: str) -> tuple[Optional[date], Optional[str]]:
    """A date the action is due by or is tied to, and the phrase it came from."""
    m = DUE_CUE.search(text)
    if not m:
        return None, None
    phrase = m.group(0)
    d = parse_date(m.group(1))
    if d is None:
        mm = re.match(r"([A-Z][a-z]+),?\s+(\d{4})", m.group(1))
        month = month_number(mm.group(1)) if mm else None
        d = last_day(int(mm.group(2)), month) if mm and month else None
    return d, phrase


def cell_to_due(cell: str) -> tuple[Optional[date], Optional[str]]:
    """'Oct 2017' -> 2017-10-31 (end of month); 'Dec 202017' is a damaged 'Dec 2017'."""
    text = DAMAGED_YEAR.sub(lambda m: m.group(2), cell or "")
    text = DAMAGED_SHORT.sub(lambda m: m.group(1), text)
    d = parse_date(text)
    if d:
        return d, cell.strip()
    m = re.search(r"\b([A-Za-z]{3,9})\.?[\s\-']+(\d{4}|\d{2})\b", text)
    month = month_number(m.group(1)) if m else None
    if m and month:
        year = int(m.group(2)) + (2000 if len(m.group(2)) == 2 else 0)
        return last_day(year, month), cell.strip()
    return None, (cell.strip() or None)


def text_to_status(text: str) -> Optional[str]:
    for name, rx in action_rules().status:
        if rx.search(text or ""):
            return name
    return None


def split_sub_items(lines: list[tuple[str, int, bool]]) -> list[tuple[Optional[str], str, int]]:
    """[(text, block_index, starts_item)] -> [(number, text, block_index)]: one per numbered
    sub-item or line that starts an item of its own; other lines continue the item before them."""
    items: list[list] = []
    bare: Optional[str] = None          # '(a)' on a line of its own: the next line is its text
    for text, bi, starts in lines:
        m = SUB_ITEM.match(text)
        if m and not text[m.end():].strip():
            bare = m.group(1).strip("().").rstrip(")")
            continue
        if bare is not None:
            items.append([bare, re.sub(r"^[-•▪·]\s*", "", text.strip()), bi])
            bare = None
        elif m:
            items.append([m.group(1).strip("().").rstrip(")"), text[m.end():].strip(), bi])
        elif items and not starts:
            items[-1][1] = (items[-1][1] + " " + text.strip()).strip()
        else:
            items.append([None, re.sub(r"^[-•▪·]\s*", "", text.strip()), bi])
    return [(n, t, bi) for n, t, bi in items if t]


# ------------------------------------------------------------------ minutes

def _is_continuation(b: Block) -> bool:
    t = b.text.strip()
    if b.kind == "heading":                 # "1. Approves the Annual Report" set as a heading
        return bool(SUB_ITEM.match(t))
    return b.kind in ("list_item", "paragraph") and bool(
        SUB_ITEM.match(t) or t[:1].islower() or re.match(r"^(?:That\b|[-•▪·]\s*[a-z(])", t))


# "... He mentioned having written to professionals. RESOLVED: (1) That ...": a text page whose
# lines were joined into one paragraph still opens its resolutions mid-block.
EMBEDDED_RESOLVED = re.compile(r"(?:(?<=[.!?:])|(?<=KB)|(?<=MB))\s+(?=(?:RESOLVED|Resolved|AGREED)\b\s*(?:\([^)]{0,30}\))?\s*"
                               r"(?:[:\-–—]|[Tt]hat\b)|Decision\s*:\s*(?:That|To)\b)"
                               # an item's heading in capitals joined to its decision: "CPB 4/19 DATA
                               # AND PRIORITIES RESOLVED that the information be noted."
                               r"|(?<=[A-Z0-9)])\s+(?=(?:RESOLVED|AGREED)\b\s*(?:\([^)]{0,30}\))?\s*"
                               r"(?:[:\-–—]|[Tt]hat\b))")
PARAGRAPH_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})+\.?\s+|^\d{1,3}\.\s+(?=(?:RESOLVED|Resolved|AGREED)\b)")
# What is left of a decision joined to the next item's heading: "... be noted. CPB 5/19 UPDATE FROM
# STRATEGIC OFFICER GROUP" (a heading in capitals after the last full stop).
TRAILING_HEADING = re.compile(r"(?<=[.;])\s+(?!\(|\d{1,2}[.)]\s)[^a-z]*[A-Z]{2,}[^a-z]*$")
# A ModernGov page's next field ("... be endorsed. Minutes: The Senior Manager ...") ends the
# resolution that started inside the paragraph.
NEXT_FIELD = re.compile(r"\s(?:Minutes|Additional documents|Reasons? for (?:the )?decision|"
                        r"Alternative options considered|Supporting documents)\s*:")


WELSH_LABEL = re.compile(r"^\W*penderfyn", re.I)      # PENDERFYNWYD, Penderfyniad
# "(1) That ...; (2) That ..." on one line: each bracketed number or letter opens an item.
INLINE_ITEM = re.compile(r"(?:^|(?<=[\s;.]))(?=\((?:\d{1,2}|[a-h]|[ivx]{1,4})\)\s)")


def split_inline_items(text: str) -> list[str]:
    """'(1) That the report be noted; (2) That ...' -> one text per item, when the marks run in
    sequence from the first ((1), (2) ... or (a), (b) ...); otherwise the text as it is."""
    cuts = [m.start() for m in INLINE_ITEM.finditer(text)]
    marks = [text[c + 1:text.index(")", c)] for c in cuts]
    if len(cuts) < 2 or not _in_sequence(marks):
        return [text]
    head = text[:cuts[0]].strip()
    parts = [text[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(text)])]
    return ([head] if head else []) + parts


def _in_sequence(marks: list[str]) -> bool:
    if all(m.isdigit() for m in marks):
        return [int(m) for m in marks] == list(range(int(marks[0]), int(marks[0]) + len(marks)))
    if all(len(m) == 1 and m in "abcdefgh" for m in marks):
        return "".join(marks) == "abcdefgh"[ord(marks[0]) - 97:][:len(marks)]
    romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
    return marks == romans[:len(marks)]


def resolution_starts(b: Block) -> list[tuple[int, int]]:
    """(where the cue starts, where its resolution's text starts) for every resolution cue the
    block holds: one at its start, or several in a paragraph of joined lines ("... RESOLVED that
    the update be noted. CPB 5/19 ... RESOLVED that ...")."""
    if b.kind == "table":
        return []
    text = b.text.strip()
    rules = action_rules()
    number = PARAGRAPH_NUMBER.match(text)        # '17.4 Resolved – That ...'
    at = number.end() if number else 0
    r = rules.resolved.match(text[at:])
    found = [(at, at + r.end())] if r else []
    for e in EMBEDDED_RESOLVED.finditer(text):
        r = rules.resolved.match(text[e.end():])     # its ^ anchors at the cue
        if r and (not found or e.end() >= found[-1][1]):
            found.append((e.end(), e.end() + r.end()))
    return found


def resolution_start(b: Block) -> Optional[int]:
    """Where the (first) resolution's own text starts in the block, or None when it opens none."""
    found = resolution_starts(b)
    return found[0][1] if found else None


FIELD_START = PAGE_FIELD         # a page field ends a run of resolutions ("Minutes:")
MAX_RESOLUTION_LINE = 600      # a longer block after a resolution is the meeting's discussion
MAX_RUN = 40                   # blocks a run of resolutions may span


def _another_resolution_line(b: Block) -> bool:
    """A block after a resolution that is one more of them, set on a line of its own (a saved
    committee page: 'Noted the report;', 'The Committee requested that ...', a short unpunctuated
    'That the report be noted' read as a heading)."""
    t = b.text.strip()
    return b.kind in ("paragraph", "list_item", "heading") and len(t) <= MAX_RESOLUTION_LINE \
        and not FIELD_START.match(t) and bool(action_rules().another_resolution.search(t))


def _first_line(b: Block) -> bool:
    """'Decision:' as a heading and its text in the paragraph after it."""
    t = b.text.strip()
    if resolution_start(b) is not None or FIELD_START.match(t):
        return False
    sentence = b.kind in ("paragraph", "list_item") and len(t) <= 1000 and t.endswith((".", ";", ":"))
    return sentence or _another_resolution_line(b)


def _resolved_later(blocks: list[Block], j: int) -> bool:
    """Does a resolution cue come at or after blocks[j], before the page's next field? Then a
    label with no text of its own ('Decisions:') over a paragraph that does not read as a
    resolution heads the discussion, not the decision."""
    for k in range(j, min(len(blocks), j + MAX_RUN)):
        if FIELD_START.match(blocks[k].text) or blocks[k].kind == "table":
            return False
        if resolution_starts(blocks[k]):
            return True
    return False


def _ends_run(b: Block) -> bool:
    t = b.text.strip()
    return b.kind == "table" or resolution_start(b) is not None or bool(MINUTE_HEADING.match(t)) \
        or bool(FIELD_START.match(t))


SUBJECT_WORDS = 6             # 'that the Corporate Parenting Panel' before its lettered items


def join_lead_in(items: list[tuple[Optional[str], str, int]]) -> list[tuple[Optional[str], str, int]]:
    """'that the Cabinet Member for Children and Young People:-' before '1. Approves ...' is the
    subject of each item, not an item of its own: 'the Cabinet Member ...:- Approves ...'."""
    first = items[0][1] if items else ""
    bare_subject = len(first.split()) <= SUBJECT_WORDS and not first.rstrip().endswith((".", ";")) \
        and all(n is not None for n, _, _ in items[1:])      # 'RESOLVED that Cabinet' (a) ... (b) ...
    if len(items) > 1 and items[0][0] is None and (re.search(r":\s*-?\s*$", first) or bare_subject):
        lead = items[0][1].strip()
        return [(n, f"{lead} {t}", bi) for n, t, bi in items[1:]]
    return items


def resolutions(doc: Document) -> list[Action]:
    out: list[Action] = []
    minute_ref = minute_title = None
    meeting: Optional[date] = None
    blocks = doc.blocks
    last_english_end = -1        # where the last English run of resolutions ended
    i = 0
    while i < len(blocks):
        b = blocks[i]
        text = b.text.strip()
        if len(text) < 200 and MEETING_LINE.search(text.upper()) and parse_date(text):
            meeting = parse_date(text)
        m = MINUTE_HEADING.match(text)
        if m and b.kind in ("heading", "paragraph", "list_item"):
            minute_ref, minute_title = m.group(1), m.group(2).strip()
        starts = resolution_starts(b)
        if not starts:
            i += 1
            continue
        # Every cue but the last in a joined paragraph is a resolution of its own, to the next cue.
        for (_, begin), (cue, _) in zip(starts, starts[1:]):
            body = TRAILING_HEADING.sub("", text[begin:cue]).strip()
            out.extend(_resolution_actions(doc, [(t, i, True) for t in split_inline_items(body)],
                                           text[:begin], i, meeting, minute_ref, minute_title))
        start = starts[-1][1]
        parts = NEXT_FIELD.split(text[start:], maxsplit=1)
        inline = parts[0].strip()
        if not SUB_ITEM.match(inline):
            inline = TRAILING_HEADING.sub("", inline).strip()
        lines = [(part, i, True) for part in split_inline_items(inline)] if inline else []
        j = i + 1
        if not lines and j < len(blocks) and not _another_resolution_line(blocks[j]) \
                and _resolved_later(blocks, j + 1):
            i += 1          # 'Decisions:' over numbered minutes whose own 'Resolved –' comes later
            continue
        if not lines and j < len(blocks) and _first_line(blocks[j]):
            lines.append((blocks[j].text.strip(), j, True))
            j += 1
        # The run goes on (unless the block's own text ran into the page's next field) with
        # continuation lines ('(2) ...', 'That ...', lower case) and lines that are one more
        # resolution; a page field, a minute heading or anything else ends it.
        while len(parts) == 1 and j < min(len(blocks), i + MAX_RUN) and not _ends_run(blocks[j]):
            t = blocks[j].text.strip()
            if _is_continuation(blocks[j]):
                lines.append((t, j, not t[:1].islower()))
            elif _another_resolution_line(blocks[j]):
                lines.append((t, j, True))
            else:
                break
            j += 1
        # A continuation line joined to the next item's decision ("2. consideration be given ...
        # Board. CPB 6/19 ... RESOLVED that ..."): its own part still belongs to this run.
        later = resolution_starts(blocks[j]) if len(parts) == 1 and j < len(blocks) else []
        if later and later[0][0] > 0 and _is_continuation(blocks[j]):
            t = blocks[j].text.strip()
            head = TRAILING_HEADING.sub("", t[:later[0][0]]).strip()
            if head:
                lines.append((head, j, not head[:1].islower()))
        # Bilingual minutes set each resolution in Welsh and in English, one after the other:
        # the Welsh run next to an English one is its translation, not another resolution.
        welsh = bool(WELSH_LABEL.match(text))
        if welsh and (j < len(blocks) and resolution_start(blocks[j]) is not None
                      and not WELSH_LABEL.match(blocks[j].text) or last_english_end == i):
            i = max(j, i + 1)
            continue
        last_english_end = -1 if welsh else j
        out.extend(_resolution_actions(doc, lines or [(text[start:], i, True)], text[:start], i,
                                       meeting, minute_ref, minute_title))
        i = max(j, i + 1)
    return out


def _resolution_actions(doc: Document, lines: list[tuple[str, int, bool]], opening: str, i: int,
                        meeting: Optional[date], minute_ref: Optional[str],
                        minute_title: Optional[str]) -> list[Action]:
    """One action per sub-item of the lines after a resolution cue; `opening` is the block's text
    up to the resolution's own words (its cue says what kind of action they are)."""
    blocks, out = doc.blocks, []
    lines = [(re.sub(r"^That\s*[:\-]*\s*$", "", t), bi, new) for t, bi, new in lines]
    lines = [(t, bi, new) for t, bi, new in lines if t]
    seg = doc.segment_of(i)
    cue = EMBEDDED_RESOLVED.split(opening)[-1].lower().lstrip()
    kind: ActionKind = "decision" if cue.startswith("decision") else \
        "recommendation" if "recommended" in cue else "resolution"
    for number, item, bi in join_lead_in(split_sub_items(lines)):
        item = re.sub(r"^[Tt]hat\b\s*[:\-,]*\s*", "", item).strip()
        if not item:
            continue    # a "Decision:" label whose text is the next block's RESOLVED
        due, due_text = text_to_due(item)
        out.append(Action(
            kind=kind, text=item, page=blocks[bi].page, evidence=item[:EVIDENCE_MAX],
            ref=f"{minute_ref}({number})" if minute_ref and number else (number or minute_ref),
            owner=text_to_owner(item), due_date=due, due_text=due_text,
            meeting_date=meeting or seg.meeting_date or doc.meeting_date,
            section=blocks[bi].section, block_index=bi, parent_ref=minute_ref,
            parent_title=minute_title))
    return out


# ------------------------------------------------------------------ reports

def recommendation_lists(doc: Document) -> list[Action]:
    """Every list under a "Recommendation(s)" heading or an improvement heading ('What does the
    local authority need to improve?', 'Areas for improvement'): one recommendation per item,
    across pages and the sub-headings between them (extractors/action_lists.py)."""
    out: list[Action] = []
    blocks = doc.blocks
    heading = action_rules().improvement_heading

    def is_list_heading(text: str) -> bool:
        return bool(heading.match(text) or RECOMMENDATIONS_HEADING.match(text))

    i = 0
    while i < len(blocks):
        b, text = blocks[i], " ".join(blocks[i].text.split())
        m = RECOMMENDATIONS.match(text) if b.kind != "table" else None
        if b.kind != "table" and (heading.match(text) or
                                  len(text) <= 300 and RECOMMENDATIONS_LEAD.search(text)):
            inline = ""
        elif m and (len(text) <= 400 or m.group(1)):
            inline = m.group(1).strip()
        else:
            e = COVER_RECOMMENDATIONS.search(text) if b.kind != "table" else None
            if e:       # "... TITLE : ... RECOMMENDATIONS : That ... EXECUTIVE SUMMARY : ..."
                body = COVER_LABEL.split(text[e.end():], maxsplit=1)[0].strip()
                out.append(Action(kind="recommendation", text=body, page=b.page,
                                  evidence=body[:EVIDENCE_MAX], owner=text_to_owner(body),
                                  section=b.section, block_index=i))
            i += 1
            continue
        items, end = collect_list(blocks, i, is_list_heading, inline, action_rules().item_line.match)
        for item in items:
            body = re.sub(r"^[-•]\s*", "", item_text(item))
            due, due_text = text_to_due(body)
            bi = item.block_index
            out.append(Action(kind="recommendation", text=body, page=blocks[bi].page,
                              evidence=body[:EVIDENCE_MAX], ref=item.number,
                              owner=text_to_owner(body), due_date=due, due_text=due_text,
                              section=blocks[bi].section, block_index=bi,
                              meeting_date=doc.segment_of(bi).meeting_date))
        i = max(end, i + 1)
    return out


# "... partners should: Stability R1. Explore ways of sustaining ... sector. Accepted ...": a
# response table read as one paragraph still marks each recommendation with its number.
PROSE_REC = re.compile(r"(?:(?<=\s)|^)R(\d{1,2})\.\s+(?=[A-Z])")
REC_SENTENCE = re.compile(r"^.{10,600}?[.!?](?=\s+[A-Z(]|\s*$)", re.S)


def numbered_recommendations_in_prose(doc: Document, taken: dict[int, list[str]]) -> list[Action]:
    """'R1. Explore ways of ...' inside a paragraph: one recommendation to the end of its sentence,
    when it opens as an item does (an imperative, or a verb and its object) and no list has read
    it already."""
    out: list[Action] = []
    for i, b in enumerate(doc.blocks):
        if b.kind != "paragraph" or "R" not in b.text:
            continue
        text = " ".join(b.text.split())
        for m in PROSE_REC.finditer(text):
            s = REC_SENTENCE.match(text[m.end():])
            body = s.group(0).strip() if s else ""
            opens_as_item = action_rules().imperative.match(body) or action_rules().item_line.match(body)
            if not body or not opens_as_item or \
                    any(t[:50] in body or body[:50] in t for t in taken.get(i, [])):
                continue
            out.append(Action(kind="recommendation", text=body, page=b.page, evidence=body[:EVIDENCE_MAX],
                              ref=f"R{m.group(1)}", owner=text_to_owner(body), section=b.section,
                              block_index=i))
    return out


def priority_lists(doc: Document) -> list[Action]:
    """Bulleted or numbered priorities under a priority heading ('Key issues for commissioners',
    'Our priorities'): the items that open with an imperative ('Improve the quality of ...');
    statements of fact under the same heading ('Evidence that ...') are not priorities."""
    out: list[Action] = []
    blocks, rules = doc.blocks, action_rules()
    i = 0
    while i < len(blocks):
        text = " ".join(blocks[i].text.split())
        if blocks[i].kind == "table" or len(text) > 120 or not rules.priority_heading.match(text):
            i += 1
            continue
        items, end = collect_list(blocks, i, rules.priority_heading.match)
        for item in items:
            body = item_text(item)
            if item.klass == "plain" or not rules.imperative.match(body):
                continue
            bi = item.block_index
            out.append(Action(kind="priority", text=body, page=blocks[bi].page,
                              evidence=body[:EVIDENCE_MAX], ref=item.number,
                              section=blocks[bi].section, block_index=bi, parent_title=text[:200]))
        i = max(end, i + 1)
    return out


def priorities(doc: Document) -> list[Action]:
    out = []
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.kind == "table" or not PRIORITIES_INTRO.search(b.text.strip()[-300:]):
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].kind != "table":
            m = NUMBERED.match(blocks[j].text.strip())
            bullet = BULLETED.match(blocks[j].text.strip()) if blocks[j].kind == "list_item" else None
            if not m and not bullet:
                break
            _, number, rest = item_mark(blocks[j].text)       # "- (1) Ensure ..." -> "1", "Ensure ..."
            item = m.group(2).strip() if m else rest
            out.append(Action(kind="priority", text=item, page=blocks[j].page,
                              evidence=blocks[j].text.strip()[:EVIDENCE_MAX],
                              ref=m.group(1) if m else number,
                              section=blocks[j].section, block_index=j,
                              parent_title=b.text.strip()[:200]))
            j += 1
    return out


def commitments(doc: Document) -> list[Action]:
    out = []
    for i, b in enumerate(doc.blocks):
        if b.kind not in ("paragraph", "list_item"):
            continue
        text = " ".join(b.text.split())
        sentences = [m.group(1).strip() for m in WE_WILL.finditer(text)]
        if not sentences and TO_ITEM.match(text) and action_rules().plan_section.search(b.section or ""):
            sentences = [re.sub(r"^[-•]\s*", "", text)]
        for s in sentences:
            due, due_text = text_to_due(s)
            out.append(Action(kind="commitment", text=s, page=b.page, evidence=text[:EVIDENCE_MAX],
                              due_date=due, due_text=due_text, section=b.section, block_index=i))
    return out


# "ACTION: Head of Service to circulate ...": who is to act, before "to <verb>".
ACTION_OWNER = re.compile(r"^((?:[A-Z][\w'’&.\-/]*|of|and|for|the|&)(?:\s+(?:[A-Z][\w'’&.\-/]*|of|and|for|the|&)){0,8})"
                          r"\s+to\s+[a-z]")
NO_ACTION = re.compile(r"^\W*(?:none|n/?a|nil|no\s+actions?)\b", re.I)
MIN_ACTION_WORDS = 4


@lru_cache(maxsize=1)
def _action_point_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    labels = lexicon("actions").source("action_point_labels")
    line = re.compile(rf"^\W{{0,3}}(?:{labels})\s*(?:\([^)]{{0,30}}\))?\s*[:\-–—]\s*(?=\S)", re.I)
    inline = re.compile(rf"(?<=[.!?])\s+({labels})\s*[:\-–—]\s*(?=\S)", re.I)
    return line, inline


def action_points(doc: Document) -> list[Action]:
    """Action points a meeting recorded ('ACTION: Head of Service to circulate the figures'), on
    a line of their own or, in capitals, after a sentence of a joined paragraph: one commitment
    each, to the end of its sentence, with the one who is to act as owner."""
    out: list[Action] = []
    line, inline = _action_point_patterns()
    for i, b in enumerate(doc.blocks):
        if b.kind not in ("paragraph", "list_item", "heading"):
            continue
        text = " ".join(b.text.split())
        starts = [m.end() for m in (line.match(text),) if m] + \
            [m.end() for m in inline.finditer(text) if m.group(1).isupper()]
        for start in starts:
            s = REC_SENTENCE.match(text[start:])
            body = (s.group(0) if s else text[start:start + 600]).strip()
            if len(body.split()) < MIN_ACTION_WORDS or NO_ACTION.match(body):
                continue
            who = ACTION_OWNER.match(body)
            due, due_text = text_to_due(body)
            out.append(Action(kind="commitment", text=body, page=b.page, evidence=text[:EVIDENCE_MAX],
                              owner=who.group(1) if who else text_to_owner(body), due_date=due,
                              due_text=due_text, section=b.section, block_index=i,
                              meeting_date=doc.segment_of(i).meeting_date or doc.meeting_date))
    return out


# ------------------------------------------------------------------ action-plan tables

def _cell(row: list[str], cols: Optional[dict[str, int]], role: str) -> str:
    ci = (cols or {}).get(role)
    return (row[ci] if ci is not None and ci < len(row) else "") or ""


DOTTED_REF = re.compile(r"^(\d+(?:\.\d+)*\.)(\d+)$")


def repair_refs(actions: list[Action]) -> None:
    """Refs damaged by page furniture take their place in the sequence (the previous ref plus
    one), but only with evidence of damage: a year glued on ('1.1.2017' after '1.1.16'), or a bare
    number ('82', a printed page number) between two refs of a deeper dotted sequence. Refs that
    simply change level ('1.2' then '2') are left alone."""
    for k, a in enumerate(actions):
        prev = DOTTED_REF.match(actions[k - 1].ref or "") if k else None
        if prev is None or a.ref is None:
            continue
        own = DOTTED_REF.match(a.ref)
        glued_year = (own is not None and own.group(1) == prev.group(1)
                      and len(own.group(2)) == 4 and own.group(2).startswith("20"))
        nxt = DOTTED_REF.match(actions[k + 1].ref or "") if k + 1 < len(actions) else None
        depth = prev.group(1).count(".")
        page_number = (a.ref.isdigit() and depth >= 2 and nxt is not None
                       and nxt.group(1).count(".") == depth)
        if glued_year or page_number:
            a.ref = f"{prev.group(1)}{int(prev.group(2)) + 1}"


def table_to_actions(table: Table, block_index: int, section: Optional[str],
                     inherited: Optional[dict[str, int]] = None) -> list[Action]:
    header_at = action_plan_header(table)
    if header_at is None and not inherited:
        return []
    cols = header_to_columns(table.rows[header_at]) if header_at is not None else inherited
    header_at = header_at if header_at is not None else -1
    out: list[Action] = []
    for row in table.rows[header_at + 1:]:
        row = [FURNITURE.sub("", c or "").strip() for c in row]
        if is_action_header(row):
            continue            # a repeated header
        ref, action = _cell(row, cols, "ref"), _cell(row, cols, "action")
        ref = re.sub(r"(?<=[\d.])\s+(?=[\d.])", "", ref)     # "1.1 .1" -> "1.1.1"
        action_ref = re.sub(r"(?<=[\d.])\s+(?=[\d.])", "", action)
        if not REF_CELL.match(ref) and REF_CELL.match(action_ref):
            action = action_ref
            ref, action = action, ""    # furniture pushed the ref into the action column
        lead, due_cell, comment = (_cell(row, cols, "lead"), _cell(row, cols, "due"),
                                   _cell(row, cols, "commentary"))
        if not ref and not action and not lead:
            continue
        if not REF_CELL.match(ref) and out and not lead and not due_cell:
            out[-1].text = (out[-1].text + " " + " ".join(row)).strip()   # a wrapped row
            continue
        due, due_text = cell_to_due(due_cell)
        out.append(Action(
            kind="action_plan_item", text=action or ref, page=table.page,
            evidence=" | ".join(c for c in row if c)[:EVIDENCE_MAX], ref=ref or None,
            owner=" ".join(lead.split()) or None, due_date=due, due_text=due_text,
            status=text_to_status(comment) or text_to_status(due_cell), section=section,
            block_index=block_index))
    return out


def action_tables(doc: Document) -> list[Action]:
    """Every action-plan table, including continuation tables that lost their header at a page
    break (same width as the last action plan and rows that start with a ref)."""
    out: list[Action] = []
    last_cols: Optional[dict[str, int]] = None
    last_width = 0
    for i, b in enumerate(doc.blocks):
        if b.kind != "table" or b.table is None:
            continue
        t = b.table
        if classify_table(t) == ACTION_PLAN:
            found = table_to_actions(t, i, b.section)
            header_at = action_plan_header(t)
            if header_at is not None:
                last_cols, last_width = header_to_columns(t.rows[header_at]), t.n_cols
            out.extend(found)
        elif last_cols and t.n_cols == last_width and t.rows and \
                REF_CELL.match(FURNITURE.sub("", t.rows[0][0] or "").replace(" ", "")):
            out.extend(table_to_actions(t, i, b.section, inherited=last_cols))
    repair_refs(out)
    return out


# ------------------------------------------------------------------ forward plans

# A forward plan lists each key decision as a record of "field | value" rows, in a table or as
# "Field: value" lines; councils word the fields differently.
FP_FIELDS = [
    ("details", re.compile(r"^(?:details\s+of\s+(?:the\s+)?decision(?:\s+to\s+be\s+(?:taken|made))?|"
                           r"decision\s+to\s+be\s+(?:taken|made)|proposed\s+decision|"
                           r"matter\s+for\s+decision|title\s+of\s+(?:the\s+)?(?:decision|report)|"
                           r"key\s+decision\s+(?:title|item|subject))\b", re.I)),
    ("maker", re.compile(r"^(?:decision[\s-]*maker|decision\s+taker|decision[\s-]+making\s+body|"
                         r"who\s+will\s+(?:make|take)\s+the\s+decision|decision\s+to\s+be\s+"
                         r"(?:taken|made)\s+by)\b", re.I)),
    ("date", re.compile(r"^(?:decision\s+expected|date\s+of\s+decision|expected\s+date(?:\s+of"
                        r"\s+decision)?|(?:expected\s+)?decision\s+date|decision\s+due(?:\s+date)?|"
                        r"date\s+(?:of\s+|for\s+)?decision\s+(?:expected|due|to\s+be\s+(?:taken|made))|"
                        r"date\s+(?:to\s+be\s+)?(?:taken|made)|when\s+will\s+the\s+decision)\b",
                        re.I)),
    ("key", re.compile(r"^(?:is\s+(?:this|it)\s+a\s+)?key\s+decision\b(?!\s+(?:title|item|subject))",
                       re.I)),
    ("contact", re.compile(r"^(?:contact\s+officer|lead\s+officer|officer\s+contact|report\s+author|"
                           r"responsible\s+officer)", re.I)),
]
FP_LINE = re.compile(r"^\s*([A-Z][A-Za-z()'’/ -]{3,60}?)\s*(?::|\t|\s{2,})\s*(\S.*)$")
# Where a decision's description starts after its title ("... Young People The purpose of ...").
TITLE_END = re.compile(r"</p>|\s(?=(?:The|To|On|This|In|Following|As|Cabinet|Council)\s)")


def _fp_field(key: str) -> Optional[str]:
    key = " ".join(key.replace("<p>", " ").split()).strip(" :?")
    for name, rx in FP_FIELDS:
        if rx.match(key):
            return name
    return None


def _fp_rows(b: Block) -> list[tuple[str, str]]:
    """(field name, value) pairs a block holds, in order."""
    if b.kind == "table" and b.table is not None:
        pairs = [(r[0] or "", " ".join(c for c in r[1:] if c)) for r in b.table.rows if r]
    else:
        pairs = [(m.group(1), m.group(2)) for line in b.text.splitlines()
                 if (m := FP_LINE.match(line))]
    out = []
    for key, value in pairs:
        name = _fp_field(key)
        if name:
            out.append((name, " ".join(re.sub(r"</?p>", " ", value).split())))
    return out


def decision_title(details: str) -> str:
    words = details.split()
    if len(words) <= 12:
        return details
    for m in TITLE_END.finditer(details):
        if len(details[:m.start()].split()) >= 3:
            return details[:m.start()].strip()
    return " ".join(words[:20])


def first_date(text: str) -> Optional[date]:
    found = [m for rx in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, NUMERIC_DATE) for m in rx.finditer(text)]
    for m in sorted(found, key=lambda m: m.start()):
        d = parse_date(m.group(0))
        if d:
            return d
    mm = re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{4})\b", text)
    month = month_number(mm.group(1)) if mm else None
    return last_day(int(mm.group(2)), month) if mm and month else None


def forward_plan(doc: Document) -> list[Action]:
    """Key decisions of a forward plan: one 'decision' action per record, the decision maker as
    owner and the expected date of the decision as due date."""
    records: list[dict] = []
    for i, b in enumerate(doc.blocks):
        for name, value in _fp_rows(b):
            if name == "details":
                records.append({"details": value, "block": i, "page": b.page,
                                "section": b.section, "evidence": [f"Decision: {value}"]})
            elif records and name not in records[-1] and i - records[-1]["block"] <= 12:
                records[-1][name] = value
                records[-1]["evidence"].append(f"{name}: {value}")
    out = []
    for r in records:
        if "maker" not in r and "date" not in r:
            continue        # a report's cover sheet ("Is this a Key Decision? No"), not a plan
        due = first_date(r.get("date", ""))
        out.append(Action(
            kind="decision", text=decision_title(r["details"]), page=r["page"],
            evidence=" | ".join(r["evidence"])[:EVIDENCE_MAX], owner=r.get("maker") or None,
            due_date=due, due_text=r.get("date") or None, section=r["section"],
            block_index=r["block"], parent_title="Forward Plan"))
    return out


def extract(doc: Document) -> Findings:
    resolved = resolutions(doc)
    headed = resolved + recommendation_lists(doc) + priority_lists(doc)
    read = {a.block_index for a in headed if a.block_index is not None}
    listed = decision_lists(doc, read)
    listed += that_lists(doc, read)
    for a in listed:               # who is to act and by when, as for a RESOLVED block's items
        a.owner = a.owner or text_to_owner(a.text)
        if a.due_date is None and a.due_text is None:
            a.due_date, a.due_text = text_to_due(a.text)
    read |= {a.block_index for a in listed if a.block_index is not None}
    records = any(a.kind != "recommendation" for a in resolved)    # the paper records a meeting
    described = agenda_descriptions(doc)          # what the agenda proposed, not what was done
    decided = decision_sentences(doc, set(read) | described, records)
    actions = headed + listed + decided
    taken: dict[int, list[str]] = {}
    for a in actions:
        if a.block_index is not None:
            taken.setdefault(a.block_index, []).append(" ".join(a.text.split()))
    in_prose = numbered_recommendations_in_prose(doc, taken)
    for a in in_prose:
        taken.setdefault(a.block_index or 0, []).append(a.text)
    actions += in_prose + commitment_sentences(doc, taken, records, frozenset(described)) + \
        priorities(doc) + commitments(doc) + \
        action_points(doc) + action_tables(doc) + forward_plan(doc)
    return Findings(actions=actions)
