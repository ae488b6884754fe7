"""Decisions recorded as sentences rather than under a "RESOLVED" heading -> resolutions.

Minutes pages often lose the resolution heading (it was an image, or the page's lines were
joined) or never had one. Three general forms still say that the meeting decided something:
  * the approval of the last meeting's minutes ("The minutes of the meeting held on 5 December
    2016 were agreed as a correct record"), which analysts count as a decision;
  * a sentence whose subject is the meeting deciding ("It was agreed that ...", "The Assembly
    resolved to: ...", "cabinet noted the report and ...", "That the Committee supported ...");
  * a lettered or numbered list of "That ..." items ("(a) That the proposed actions be endorsed;").
The wording cues are data in core/lexicon/actions.toml (minutes_approval, decision_sentences).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from core.lexicon import lexicon
from core.model import Action, Block, Document
from extractors.action_lists import LEAD_IN_END, PAGE_FIELD, collect_list, item_mark
from extractors.understand import classify

EVIDENCE_MAX = 1000
# A sentence ends at its full stop (the next may open with a footnote mark: '... child. 35 Three
# programmes ...'), or at the ';' before the next item of a lettered or numbered
# list joined into one paragraph ('... in the country; b) It captured ...').
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[*]*[A-Z(‘'\"]|\d{1,3}\s+[A-Z])|(?<=;)\s+(?=\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s)")
# Blocks that may hold a sentence. A heading too: a saved committee page read one line a block
# makes a short line with no full stop ('The Committee agreed that a report be brought back in
# March') a heading, and the cues below are sentences no real heading is worded as.
SENTENCE_BLOCKS = ("paragraph", "list_item", "heading")
MAX_SENTENCE = 600            # longer "sentences" are joined lines of a page, not one decision
# "(a) That the actions be endorsed;" but not a list of conditions "(a) That they possess ...".
# Papers that record what a meeting said (a ModernGov item page is often typed agenda_pack).
MEETING_RECORDS = ("minutes", "agenda_pack", "decision_notice")
# Reports a service writes about itself: their reported speech ('It was agreed that focus groups
# would be held', 'Any special needs would be considered') narrates how the work was done, not
# a meeting's decision or a step someone committed to.
AUTHORED_PAPERS = ("strategy", "annual_report", "performance_report", "inspection_report")
MIN_COMMITMENT_WORDS = 6       # "We aim to;" is a lead-in, not a commitment
THAT_ITEM = re.compile(r"^That\s+(?!(?:they|he|she|there|this|these|said|is|was|being)\b|it\b(?!\s+be\b))"
                       r"\S+(?:\s+\S+){2,}")          # 'That it be agreed ...' is a resolution
THAT_VERB = re.compile(r"\b(?:be|would|will|should|was|were|is\s+to|are\s+to|provide|circulate|"
                       r"arrange|submit|report\s+back|write\s+to|respond)\b"
                       r"|\b(?:is|are)\s+(?:\w+ly\s+)?\w+ed\b")     # 'That the payments are increased ...'
# "At the last meeting ... the Committee agreed to": a report recalling an earlier decision.
# ('... meet the children who attended previously' is not one.)
EARLIER_DECISION = re.compile(r"\b(?:last|previous|earlier)\s+meeting\b|"
                              r"\bpreviously\s+(?:been\s+)?(?:agreed|resolved|decided|approved|endorsed)\b|"
                              r"\b(?:agreed|resolved|decided|approved|endorsed)\s+previously\b|"
                              r"\bhad\s+(?:been\s+)?(?:agreed|resolved|decided)\b|"
                              # 'The Annual Report was endorsed by Cabinet on 14 October 2020': another
                              # body's decision, dated, recalled here
                              r"\b(?:was|were)\s+(?:\w+\s+)?(?:agreed|approved|endorsed|adopted|noted|accepted)\s+"
                              r"by\s+(?:the\s+)?(?:[A-Z]\w*\s+){0,4}(?:cabinet|council|board|panel|committee|"
                              r"executive)\b[^.;]{0,40}?\b(?:on|in)\s+(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                              r"oct|nov|dec)[a-z]*\s+\d{4})", re.I)


def sentences(text: str) -> list[str]:
    return [s.strip(" *") for s in SENTENCE_END.split(" ".join(text.split())) if s.strip(" *")]


def records_meeting(doc: Document, i: int) -> bool:
    """Is block i part of a meeting's record: a minutes segment of a pack, or a page that is all
    minutes? (Not the reports an agenda pack carries, which use 'should' for guidance.)"""
    kind = doc.segment_of(i).kind
    return kind == "minutes" or kind == "document" and doc.doc_type in MEETING_RECORDS


def reports_speech(doc: Document, i: int) -> bool:
    """May block i record what a meeting said or decided in reported speech: a meeting's record,
    a committee site's page (whatever it was typed), or any paper but the reports a service
    writes about itself (AUTHORED_PAPERS)."""
    return records_meeting(doc, i) or doc.doc_type not in AUTHORED_PAPERS or _site_page(doc)


def _site_page(doc: Document) -> bool:
    head, n = [], 0
    for b in doc.blocks:
        if n >= classify.SITE_HEAD_CHARS:
            break
        head.append(b.text)
        n += len(b.text) + 1
    return classify.is_site_page("\n".join(head))


def decision_in(sentence: str, reported: bool = True) -> bool:
    """Does the sentence record a decision? `reported`: the paper may record a meeting's decision
    in reported speech ('It was agreed that ...'); approving the last minutes counts anywhere."""
    cues = lexicon("actions")
    if cues.matcher("minutes_approval").search(sentence):
        return True
    return reported and bool(cues.matcher("decision_sentences").search(sentence)) and \
        not EARLIER_DECISION.search(sentence)


def passive_decision(sentence: str) -> bool:
    """'The recommendations in the report were agreed.': a decision only in a meeting's record."""
    return bool(lexicon("actions").matcher("minutes_decision_sentences").search(sentence)) and \
        not EARLIER_DECISION.search(sentence)


def _action(doc: Document, b: Block, i: int, text: str, ref: Optional[str] = None) -> Action:
    return Action(kind="resolution", text=text, page=b.page, evidence=text[:EVIDENCE_MAX],
                  ref=ref, section=b.section, block_index=i,
                  meeting_date=doc.segment_of(i).meeting_date or doc.meeting_date)


def decision_sentences(doc: Document, skip: set[int], resolves: bool = False) -> list[Action]:
    """One resolution per sentence that records a decision, in blocks no other rule has read.
    A sentence ending in a colon takes the list items after it ('The Assembly resolved to:').
    `resolves`: the paper records resolutions ('RESOLVED'), so it is a meeting's record whatever
    its type, and its reported speech ('It was agreed that ...') may record decisions too."""
    out: list[Action] = []
    blocks = doc.blocks
    site = resolves or _site_page(doc)      # a committee page records a meeting, however typed
    for i, b in enumerate(blocks):
        if i in skip or b.kind not in SENTENCE_BLOCKS:
            continue
        for s in sentences(b.text):
            if len(s) > MAX_SENTENCE or not (decision_in(s, resolves or reports_speech(doc, i)) or
                                             (site or records_meeting(doc, i)) and passive_decision(s)):
                continue
            if s.endswith(":"):
                j = i + 1
                while j < len(blocks) and j <= i + 20 and blocks[j].kind == "list_item" and j not in skip:
                    s += " " + " ".join(blocks[j].text.split())
                    skip.add(j)
                    j += 1
            klass, number, rest = item_mark(s)       # '(i) The Committee endorsed ...'
            marked = klass in ("num", "roman", "letter")
            out.append(_action(doc, b, i, rest if marked else s, number if marked else None))
    return out


# A committee page sets each item out as: its title, the agenda's description of it ('To note the
# latest Forward Plan. Any further changes will be reported to the committee.'), then the labels
# of what the meeting did ('Decision:', 'Minutes:'). The description is what the agenda proposed,
# not what the meeting decided or undertook.
ITEM_LABEL = re.compile(r"^\s*(?:Minutes|Decisions?)\s*:?\s*$", re.I)
ITEM_TITLE_END = re.compile(r"^\s*\(?[A-Z]{0,4}\s?\d{1,3}[a-z]?(?:[./]\d{1,3})*\.?\)?\s*$|\bpdf\s+icon\b", re.I)
ANOTHER_LABEL = re.compile(r"^\s*Additional\s+documents\s*:?\s*$", re.I)
DECIDES = re.compile(r"\b(?:RESOLVED|Resolved|AGREED)\b")
MAX_DESCRIPTION_BLOCKS = 4


def agenda_descriptions(doc: Document) -> set[int]:
    """The blocks of a committee page that describe an item for the agenda: those between the
    item's title (a heading, its number, a 'pdf icon' link) and its first 'Decision:'/'Minutes:'
    label. Only a run that reaches the title counts, so a decision set out before 'Minutes:' is
    never mistaken for a description."""
    out: set[int] = set()
    blocks = doc.blocks
    for k, b in enumerate(blocks):
        if not ITEM_LABEL.match(b.text):
            continue
        run: list[int] = []
        j = k - 1
        while j >= 0 and k - j <= MAX_DESCRIPTION_BLOCKS + 1:
            t = blocks[j].text.strip()
            if blocks[j].kind == "heading" and not ANOTHER_LABEL.match(t) or ITEM_TITLE_END.search(t):
                out.update(run)        # the run reached the item's title
                break
            if ITEM_LABEL.match(t) or DECIDES.search(t) or blocks[j].kind == "table":
                break
            if not ANOTHER_LABEL.match(t):
                run.append(j)
            j -= 1
    return out


OVERLAP_CHARS = 50             # a sentence sharing this much opening text with an action is it


def already_read(sentence: str, taken: list[str]) -> bool:
    return any(t[:OVERLAP_CHARS] in sentence or sentence[:OVERLAP_CHARS] in t for t in taken)


def commitment_sentences(doc: Document, taken: dict[int, list[str]], resolves: bool = False,
                         skip: frozenset[int] = frozenset()) -> list[Action]:
    """One commitment per sentence that words a future step (commitment_sentences), other than
    the sentences other rules have already made actions of (`taken`: their texts by block) and
    the blocks in `skip` (an agenda's own description of an item). `resolves`: as for
    decision_sentences."""
    out: list[Action] = []
    if doc.doc_type == "inspection_report":
        return out      # an inspector describing the council's plans, not the council committing
    cues = lexicon("actions")
    cue, procedure = cues.matcher("commitment_sentences"), cues.matcher("not_commitments")
    in_minutes = cues.matcher("minutes_commitment_sentences")
    reported = cues.matcher("reported_commitment_sentences")
    for i, b in enumerate(doc.blocks):
        if b.kind not in SENTENCE_BLOCKS or i in skip:
            continue
        for s in sentences(b.text):
            if already_read(s, taken.get(i, [])):
                continue
            said = cue.search(s) or (in_minutes.search(s) and records_meeting(doc, i)) or \
                (reported.search(s) and (resolves or reports_speech(doc, i)))
            if said and MIN_COMMITMENT_WORDS <= len(s.split()) and len(s) <= MAX_SENTENCE \
                    and not s.endswith("?") and not procedure.search(s) \
                    and not EARLIER_DECISION.search(s):
                a = _action(doc, b, i, s)
                a.kind = "commitment"
                out.append(a)
    return out


# "the report be noted", "the executive's response ... be approved": the subjunctive of a decision,
# its subject and then 'be' with a participle, with no modal before the 'be' ('children should be
# seen' states a duty, 'the plan will be reviewed' a plan).
SUBJUNCTIVE = re.compile(r"^(?:that\s+)?(?:the|this|these|its|their|any|all|an?|further|consideration)\b"
                         r"[^.;:]{0,200}?\b(\w+)\s+be\s+(?:\w+ly\s+)?(?:\w+ed|given|taken|made|brought|sent|"
                         r"held|set|put|drawn|sought|kept|done|shown|written)\b", re.I)
MODALS = {"will", "would", "should", "must", "can", "could", "may", "might", "shall", "to", "not",
          "cannot", "also", "ought"}
DECISION_LEAD = re.compile(r"\b(?:resolved|agreed|decided|asked|recommended|approved)\s+(?:to|that)\s*:\s*-?\s*$",
                           re.I)
MAX_LEAD = 200
# 'To delegate authority to Executive Director Children & Families service, following ...': the one
# the decision hands its step to is its owner.
DELEGATED_TO = re.compile(r"\bdelegat\w*\s+(?:\w+\s+)?(?:authority|powers?|responsibility)\s+to\s+(?:the\s+)?"
                          r"((?-i:[A-Z])(?:[^,;:()]|,\s*(?=(?-i:[A-Z]))){3,120}?)"    # 'Social Care, Health'
                          r"(?=\s*(?:,(?!\s*(?-i:[A-Z]))|;|:|\(|$)|\s+(?:to|following|in\s+consultation|after)\b)",
                          re.I)


def decision_item(text: str) -> bool:
    """Does a list item read as a decision of its own: 'That ... be ...', a decision verb ('To
    approve ...', 'APPROVE the changes', 'Agree the increase ...') or the subjunctive ('the report
    be noted')?"""
    if THAT_ITEM.match(text) and THAT_VERB.search(text):
        return True
    if _decision_verb().match(text):
        return True
    m = SUBJUNCTIVE.match(text)
    return m is not None and m.group(1).lower() not in MODALS


@lru_cache(maxsize=1)
def _decision_verb() -> re.Pattern[str]:
    """An item opening with a decision verb in any form ('To approve', 'APPROVES', 'Noted the
    report'), not a label ('Note:')."""
    verbs = "|".join(re.escape(v) for v in sorted(lexicon("actions").phrases("decision_verbs"), key=len, reverse=True))
    return re.compile(rf"^(?:to\s+)?(?:{verbs})(?:s|d|ed|es)?\b(?!\s*:)", re.I)


def decision_lists(doc: Document, skip: set[int]) -> list[Action]:
    """A numbered, lettered or roman list with no heading of its own whose items mostly read as
    decisions ('(i) To approve the business case', 'a) APPROVE ...', '(a) the report be noted',
    '2. That it be agreed ...'): every item is a resolution, the items that only report what was
    done ('1. The report contents were considered') included. A lead-in the items continue ('Cabinet
    resolved to:') is each item's subject; deeper items belong to the item before them."""
    out: list[Action] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        klass = item_mark(" ".join(b.text.split()))[0] if b.kind in SENTENCE_BLOCKS else None
        if i in skip or klass not in ("num", "roman", "letter"):
            i += 1
            continue
        items, end = collect_list(blocks, i - 1, lambda t: False, ends_list=PAGE_FIELD.match)
        items = [it for it in items if it.block_index not in skip and it.klass in ("num", "roman", "letter")]
        texts = [" ".join([it.text] + it.parts) for it in items]
        lead = " ".join(blocks[i - 1].text.split()) if i > 0 else ""
        lead_in = i > 0 and i - 1 not in skip and len(lead) <= MAX_LEAD and bool(LEAD_IN_END.search(lead))
        # 'That approval be given to make the following changes:' decides what its items say
        decided = lead_in and decision_item(lead)
        if len(items) < 2 or not decided and 2 * sum(decision_item(t) for t in texts) <= len(items):
            i += 1
            continue
        if lead_in:
            skip.add(i - 1)          # 'Cabinet resolved to:' is not a decision of its own
        for it, text in zip(items, texts):
            if lead_in and DECISION_LEAD.search(lead):
                text = f"{lead} {text}"
            a = _action(doc, blocks[it.block_index], it.block_index, text, it.number)
            owner = DELEGATED_TO.search(text)
            a.owner = owner.group(1).strip() if owner else None
            out.append(a)
            skip.add(it.block_index)
        skip.update(range(i, end))
        i = max(end, i + 1)
    return out


def that_lists(doc: Document, skip: set[int]) -> list[Action]:
    """'(a) That the proposed actions ... be endorsed;' '(i) That the information was noted.':
    numbered or lettered 'That ...' items are resolutions even without their heading."""
    out: list[Action] = []
    for i, b in enumerate(doc.blocks):
        if i in skip or b.kind not in SENTENCE_BLOCKS:
            continue
        klass, number, rest = item_mark(" ".join(b.text.split()))
        marked = klass in ("num", "roman", "letter") or klass is None and b.kind == "paragraph" \
            and records_meeting(doc, i)
        if marked and THAT_ITEM.match(rest) and THAT_VERB.search(rest) and len(rest) <= MAX_SENTENCE:
            out.append(_action(doc, b, i, rest, number))
            skip.add(i)
    return out
