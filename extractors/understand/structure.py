"""Document understanding: furniture, heading hierarchy, type, authority, period, meetings,
agenda items and segments. Document -> Document (in place)."""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from core.model import Block, Document, Meeting, Segment
from extractors.understand import agenda, classify, council, inspection, titles
from extractors.understand.furniture import paginate_text, remove_furniture

NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S")
MAX_LEVEL = 4
SECTION_SEPARATOR = " > "
MAX_SECTION_TITLE = 80
FULL_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+" + classify.MONTH_RE + r"\.?,?\s+(?:19|20)\d{2}\b", re.I)


def heading_levels(blocks: list[Block]) -> None:
    """Level from numbering depth ("4.2.3" -> 3) where a heading is numbered, else from its font
    size rank among the document's headings (largest = 1); then the heading path per block."""
    sizes = sorted({round(b.font_size) for b in blocks if b.kind == "heading" and b.font_size},
                   reverse=True)
    rank = {s: min(i + 1, MAX_LEVEL) for i, s in enumerate(sizes)}
    for b in blocks:
        if b.kind != "heading":
            continue
        m = NUMBERED_HEADING.match(b.text)
        if m:
            b.level = min(m.group(1).count(".") + 1, MAX_LEVEL)
        elif b.level is None:
            b.level = rank.get(round(b.font_size), 1) if b.font_size else 1
    path: list[tuple[int, str]] = []
    for b in blocks:
        if b.kind == "heading":
            level = b.level or 1
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, b.text[:MAX_SECTION_TITLE]))
        b.section = SECTION_SEPARATOR.join(t for _, t in path) or None


def head_text(doc: Document, limit: int) -> str:
    out, n = [], 0
    for b in doc.blocks:
        if b.kind == "table" and b.table is not None:
            text = "\n".join(" ".join(c for c in r if c) for r in b.table.rows)
        else:
            text = b.text
        out.append(text)
        n += len(text)
        if n >= limit:
            break
    return "\n".join(out)[:limit]


def assign_segments(doc: Document) -> None:
    if not doc.segments:
        doc.segments = [Segment(kind="document", title=doc.title, first_block=0,
                                last_block=len(doc.blocks) - 1, period_start=doc.period_start,
                                period_end=doc.period_end, meeting_date=doc.meeting_date,
                                meeting_key=doc.meetings[0].key if doc.meetings else None)]
    for i, b in enumerate(doc.blocks):
        seg = doc.segment_of(i)
        b.segment = next((k for k, s in enumerate(doc.segments) if s is seg), 0)


def understand_pack(doc: Document, marks) -> None:
    meeting = agenda.front_sheet_to_meeting(doc.blocks)
    if meeting is None:
        if doc.format == "text":
            paginate_text(doc, marks)
        return
    span = agenda.agenda_region(doc.blocks)
    items = []
    if span[0] >= 0:
        text = "\n".join(doc.blocks[i].text for i in range(span[0] + 1, span[1] + 1))
        items = agenda.agenda_text_to_items(text, meeting.key)
    minutes = [(i, m) for i, m in agenda.minutes_meetings(doc.blocks) if i > span[1]]
    for _, m in minutes:
        m.committee = m.committee or meeting.committee
    covers = [c for c in agenda.find_covers(doc.blocks) if c.block > span[1]]
    doc.segments = agenda.pack_segments(doc.blocks, items, meeting, minutes, covers, span,
                                        marks.agenda_item_at)
    doc.meetings = [meeting] + [m for _, m in minutes]
    doc.agenda_items = items
    if doc.format == "text":
        paginate_pack_text(doc, marks)
    doc.meeting_date = meeting.meeting_date
    doc.title = f"{meeting.committee or 'Meeting'}, {meeting.meeting_date:%d %B %Y}: agenda pack"


def paginate_pack_text(doc: Document, marks) -> None:
    """A pack's text: each item's report starts on the first page of its "(Pages a - b)"."""
    starts: dict[int, int] = {}
    ranges: list[tuple[int, int, int, int]] = []
    for it in doc.agenda_items:
        r = agenda.printed_range(it)
        if r and it.first_block is not None:
            starts.setdefault(it.first_block, r[0])
            ranges.append((it.first_block, it.last_block if it.last_block is not None else it.first_block,
                           r[0], r[1]))
    if paginate_text(doc, marks, starts, ranges):
        agenda.segment_pages(doc.blocks, doc.segments, doc.agenda_items)


def understand_minutes(doc: Document) -> None:
    """Minutes: each meeting they record; without a dated header, the meeting they name (the
    committee from "Minutes of the meeting of X", or the decision maker of a Cabinet Member's
    decision minutes) with whatever date their opening states."""
    found = agenda.minutes_meetings(doc.blocks, start_key=1, loose=True)
    if found:
        doc.meetings = [m for _, m in found]
    else:
        m = report_meeting(doc) or _named_meeting(doc)
        if m is None:
            return
        m.kind = "minutes"
        doc.meetings = [m]
    for m in doc.meetings:
        if not m.committee:
            m.committee = agenda.decision_maker(head_text(doc, classify.HEAD_CHARS))
    doc.meeting_date = doc.meetings[0].meeting_date


# ModernGov agenda-item pages: "Meeting: 14/06/2023 - Lead Member for Children's Services (Item 5)"
MEETING_LINE = re.compile(r"^\s*Meeting\s*:\s*(?P<date>" + classify.DATE + r")\s*[-–]\s*(?P<committee>.+?)"
                          r"(?:\s*\(Item\s+[\w.]+\))?\s*$", re.I | re.M)


def _named_meeting(doc: Document) -> Optional[Meeting]:
    head = head_text(doc, classify.HEAD_CHARS)
    line = MEETING_LINE.search(head)
    if line:
        return Meeting(key="m1", committee=agenda._clean(line.group("committee")),
                       meeting_date=agenda.parse_date(line.group("date")), kind="minutes")
    committee = agenda.decision_maker(head) or agenda.decision_maker(doc.text, acting=True)
    of = agenda.MEETING_OF.search(head)
    if committee is None and of and len(of.group(1)) < 150:
        committee = agenda._clean(of.group(1))
    if committee is None:
        return None
    return Meeting(key="m1", committee=committee, meeting_date=None, kind="minutes")


def report_meeting(doc: Document) -> Optional[Meeting]:
    """The meeting a stand-alone report goes to (or a decision's maker and date), from its cover
    sheet: a table, or label lines ("Report to:", "Date of Meeting:", "Decision taken by:")."""
    covers = agenda.find_covers(doc.blocks[:20])
    fields = dict(covers[0].fields) if covers else {}
    for k, v in agenda.head_fields(doc.blocks).items():
        fields.setdefault(k, v)
    if not fields:
        return None
    if not doc.title and fields.get("subject"):
        doc.title = fields["subject"]
    return agenda.meeting_from_cover(agenda.Cover(covers[0].block if covers else 0, fields))


def understand_report(doc: Document) -> None:
    m = report_meeting(doc)
    if m is None and doc.doc_type == "decision_notice":
        m = _named_meeting(doc)
        if m is not None:
            m.kind = "agenda"
    if m:
        doc.meetings = [m]
        doc.meeting_date = m.meeting_date


def choose_title(doc: Document) -> None:
    """The paper's own heading replaces a junk title (a file name, a template's placeholder, a
    committee site's page frame); an inspection report is titled from its cover."""
    if doc.doc_type == "inspection_report":
        doc.title = titles.inspection_title(doc.blocks) or doc.title
    if titles.is_junk(doc.title):
        doc.title = titles.own_heading(doc.blocks) or doc.title


def document_date(doc: Document, head: str) -> Optional[date]:
    """The day a paper speaks from, to tell apart councils that shared a name: its meeting, the end
    of its period, else the latest full date on its first pages."""
    if doc.meeting_date or doc.period_end:
        return doc.meeting_date or doc.period_end
    found = [d for d in (agenda.parse_date(m.group(0)) for m in FULL_DATE.finditer(head)) if d]
    return max(found) if found else None


def assign_council(doc: Document, head: str) -> None:
    verdict = council.decide(doc, document_date(doc, head))
    doc.authority, doc.authority_code = verdict.authority, verdict.code
    doc.authority_source, doc.authority_note = verdict.source, verdict.note
    for m in doc.meetings:
        m.authority = doc.authority


def understand_inspection(doc: Document) -> None:
    """An inspection report speaks as at its publication; its section on children in care is a
    segment of its own."""
    when = inspection.as_at(doc.blocks)
    if when:
        doc.period_start = doc.period_end = when
    sections = inspection.children_in_care_segments(doc.blocks, when) + \
        inspection.recommendation_segments(doc.blocks, when)
    if sections:
        doc.segments = [Segment(kind="document", title=doc.title, first_block=0,
                                last_block=len(doc.blocks) - 1, period_start=doc.period_start,
                                period_end=doc.period_end)] + sections


def meeting_page_title(doc: Document, original: Optional[str]) -> None:
    """A committee site's "Agenda and minutes" page is titled by its meeting ("Corporate
    Parenting Board, 9 October 2017: minutes"), not by its first agenda item."""
    if not (original and titles.MEETING_PAGE.match(original)) or FULL_DATE.search(doc.title or ""):
        return
    m = doc.meetings[0] if doc.meetings else None
    if m is not None and m.committee and m.meeting_date:
        doc.title = f"{m.committee}, {m.meeting_date:%d %B %Y}: minutes"
    else:
        doc.title = original


def annotate(doc: Document) -> Document:
    marks = remove_furniture(doc)
    heading_levels(doc.blocks)
    original_title = doc.title or next((b.text.strip() for b in doc.blocks[:1] if b.kind == "heading"), None)
    if titles.is_junk(doc.title):
        doc.title = titles.own_heading(doc.blocks) or doc.title
    head = head_text(doc, classify.HEAD_CHARS)
    doc.doc_type = classify.text_to_doc_type(head, doc.title or "")  # type: ignore[assignment]
    choose_title(doc)
    if doc.format == "text" and doc.doc_type != "agenda_pack":
        paginate_text(doc, marks)
    if doc.doc_type == "agenda_pack":
        understand_pack(doc, marks)
    elif doc.doc_type == "inspection_report":
        understand_inspection(doc)
    else:
        period = classify.text_to_period(head_text(doc, classify.PERIOD_HEAD_CHARS))
        if period is None and doc.doc_type in ("strategy", "forward_plan", "other", "performance_report"):
            period = classify.text_to_issue_month(head)
        if period:
            doc.period_start, doc.period_end = period
        if doc.doc_type == "minutes":
            understand_minutes(doc)
        elif doc.doc_type in ("committee_report", "decision_notice"):
            understand_report(doc)
    meeting_page_title(doc, original_title)
    assign_council(doc, head)
    assign_segments(doc)
    return doc
