"""Agenda packs and minutes: meetings, agenda items, and the segments each paper occupies.

A pack is a front sheet (committee, date, time, venue), the agenda (numbered items, "Report of",
"(Pages 5 - 18)"), minutes of earlier meetings (each its own meeting), and reports with cover
sheets ("Report to", "Subject", "Report of", "Is this a Key Decision" ...), appendices and the
forward plan. Everything works on the blocks of a Document after furniture removal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from core.model import AgendaItem, Block, Meeting, Segment
from core.periods import parse_date
from extractors.understand.classify import text_to_period

FRONT_SHEET_BLOCKS = 40          # the front sheet and agenda sit in the first blocks of a pack
AGENDA_HEADING = re.compile(r"^\s*(?:A\s?G\s?E\s?N\s?D\s?A|AGENDA)\s*$", re.I)
FIELD = re.compile(r"\b(MEETING|COMMITTEE|DATE|TIME|VENUE|PLACE)\s*:\s*", re.I)
ITEM_START = re.compile(r"(?:(?<=\s)|^)(?:\(cid:\d+\)|[-•▪●*])?\s*(\d{1,2}[A-Za-z]?)\.\s+(?=[A-Z'\"‘(])")
PAGES = re.compile(r"\(\s*Pages?\s+(\d+)\s*(?:[-–]\s*(\d+))?\s*\)", re.I)
REPORT_OF = re.compile(r"\bReport\s+of\s+(?:the\s+)?(.+?)(?:\s*$|\.\s|\s+(?=\d{1,2}\.\s))", re.I)
MINUTES_HEADER = re.compile(r"\bMEETING\s+HELD\s+(?:AT|IN|ON)\b|\bMINUTES\s+OF\s+(?:THE\s+)?MEETING\s+OF\b")
# A stand-alone minutes paper may write its header in ordinary case: "Minutes of the meeting of the
# Children's Services Overview and Scrutiny Committee held in ... on Wednesday 8 February 2023".
MINUTES_HEADER_START = re.compile(
    r"^\s*(?:minutes\s+of\s+(?:the\s+|a\s+)?(?:\w+\s+)?(?:meeting|proceedings)\s+of\b|"
    r"minutes\s+of\s+(?:the\s+)?.{3,150}?\s+(?:meeting\s+)?held\s+(?:at|in|on)\b)", re.I)
MEETING_OF = re.compile(r"(?:meeting|proceedings)\s+of\s+(?:the\s+)?(.+?)\s+(?:held|meeting)\b", re.I | re.S)
# Who decides: "Cabinet Member for Children and Young People", "Portfolio Holder for ...".
DECISION_MAKER = re.compile(
    r"\b((?:Cabinet|Lead|Executive)\s+Member\s+for|Portfolio\s+Holder\s+for|Cabinet\s+Portfolio\s+Holder\s+for)"
    r"((?:\s*,?\s+(?:[A-Z][\w'’-]*|and|&|of|the|with))+)")
PRESENT = re.compile(r"^\s*PRESENT\s*:?\s*(.*)$", re.I | re.S)
COVER_LABELS = {
    "report_to": r"report\s+to",
    "meeting_date": r"date\s+of\s+meeting",
    "subject": r"subject",
    "report_of": r"report\s+of",
    "wards": r"wards?\s+affected",
    "key_decision": r"is\s+this\s+a\s+key\s+decision\??",
    "exempt": r"exempt\s*/?\s*confidential(?:\s+report)?",
    "contact": r"contact\s+officer",
    "decision_maker": r"decision\s+(?:taken\s+by|maker)|decision-maker|decided\s+by",
    "decision_date": r"date\s+of\s+decision|decision\s+date|date\s+decision\s+(?:was\s+)?(?:taken|made)",
}
COVER_LINE = re.compile(r"^\s*(" + "|".join(f"(?:{p})" for p in COVER_LABELS.values()) + r")(?:\s*[:?]\s*|\s*$)(.*)$",
                        re.I)
APPENDIX = re.compile(r"^\s*APPENDIX\s+[0-9A-Z]{1,3}\b", re.I)
FORWARD_PLAN = re.compile(r"\bFORWARD\s+PLAN\s+FOR\b|^[A-Z ]*COUNCIL\s+FORWARD\s+PLAN\s*$")
TITLE_WORDS = re.compile(r"[a-z0-9]+")
MIN_TITLE_OVERLAP = 0.5          # share of an agenda title's words a report subject must share


@dataclass
class Cover:
    block: int
    fields: dict[str, str]


def _clean(s: str) -> str:
    s = re.sub(r"\(cid:\d+\)", " ", s)
    return re.sub(r"\s+", " ", s.replace("**", " ")).strip(" -–:;|")


# ---------------------------------------------------------------- front sheet and agenda

def front_sheet_to_meeting(blocks: list[Block], key: str = "m1") -> Optional[Meeting]:
    """MEETING:/DATE:/TIME:/VENUE: fields on a front sheet -> the pack's own meeting."""
    text = "\n".join(b.text for b in blocks[:FRONT_SHEET_BLOCKS] if b.kind != "table")
    found: dict[str, str] = {}
    marks = list(FIELD.finditer(text))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        value = text[m.end():end].split("\n")[0]
        found.setdefault(m.group(1).upper(), _clean(value))
    when = parse_date(found.get("DATE", ""))
    if not when:
        return None
    return Meeting(key=key, committee=found.get("MEETING") or found.get("COMMITTEE"),
                   meeting_date=when, start_time=found.get("TIME") or None,
                   venue=found.get("VENUE") or found.get("PLACE") or None, kind="agenda")


def agenda_region(blocks: list[Block]) -> tuple[int, int]:
    """(first, last) block of the agenda list: after the AGENDA heading, up to the first minutes
    header, report cover sheet or blank page."""
    start = next((i for i, b in enumerate(blocks[:FRONT_SHEET_BLOCKS * 2])
                  if AGENDA_HEADING.match(b.text)), None)
    if start is None:
        return -1, -1
    end = start
    for i in range(start + 1, len(blocks)):
        b = blocks[i]
        if MINUTES_HEADER.search(b.text) or b.kind == "table" or re.match(r"^\s*report\s+to\s*:", b.text, re.I):
            break
        if re.match(r"^[A-Z][A-Z ()'’,&-]{20,}$", b.text.strip()):   # a committee name in capitals
            break
        end = i
    return start, end


def agenda_text_to_items(text: str, meeting_key: str = "m1") -> list[AgendaItem]:
    """The numbered items in an agenda's text, numbered 1, 2, 3 ... in sequence."""
    starts: list[re.Match[str]] = []
    expected = 1
    for m in ITEM_START.finditer(text):
        num = m.group(1)
        lead = re.match(r"\d+", num)
        if lead is None:
            continue
        n = int(lead.group(0))
        if n == expected or (starts and n == expected - 1 and num[-1].isalpha()):
            starts.append(m)
            expected = n + 1
    items = []
    for i, m in enumerate(starts):
        chunk = text[m.end():starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        pages = PAGES.search(chunk)
        cut = min([p for p in (chunk.find("**"), pages.start() if pages else -1,
                               chunk.find("\n")) if p >= 0] or [len(chunk)])
        title = _clean(chunk[:cut])
        rest = chunk[cut:]
        rep = REPORT_OF.search(rest)
        printed = None
        if pages:
            printed = f"{pages.group(1)} - {pages.group(2)}" if pages.group(2) else pages.group(1)
        items.append(AgendaItem(meeting_key=meeting_key, item_number=m.group(1), title=title,
                                report_of=_clean(rep.group(1)) if rep else None,
                                printed_pages=printed))
    return items


# ---------------------------------------------------------------- minutes

DECIDES = re.compile(r"\s+(?:accept|approve|agree|endorse|note|consider|decide|resolve|determine|receive)"
                     r"(?:s|d|ed)?\b", re.I)
DECISION_CONTEXT = re.compile(r"(?:RESOLVED|DECIDED|decision\s+(?:of|by|taken\s+by))\s*:?\s*(?:that\s+)?(?:the\s+)?$",
                              re.I)


def decision_maker(text: str, acting: bool = False) -> Optional[str]:
    """The first "Cabinet Member for ..." / "Portfolio Holder for ..." a text names. With
    `acting`, only one that decides there ("RESOLVED that the Cabinet Member for X accepts")."""
    for m in DECISION_MAKER.finditer(text):
        words = re.sub(r"\s+", " ", m.group(2)).strip(" ,").split(" ")
        while words and words[-1].lower() in ("and", "&", "of", "the", "with"):
            words.pop()
        if not words:
            continue
        name = _clean(f"{m.group(1)} {' '.join(words)}")
        if acting:
            end = m.start(2) + len(m.group(2).rstrip())
            if not (DECISION_CONTEXT.search(text[max(0, m.start() - 40):m.start()])
                    or DECIDES.match(text[end:end + 20])):
                continue
        return name
    return None


def minutes_meetings(blocks: list[Block], start_key: int = 2,
                     loose: bool = False) -> list[tuple[int, Meeting]]:
    """Each minutes header ("MEETING HELD AT ... ON WEDNESDAY 21ST JUNE, 2017") -> (block, Meeting).
    `loose` also takes an ordinary-case "Minutes of the meeting of X held ..." opening a block (a
    paper of minutes; inside packs such phrases are usually agenda text, not headers)."""
    out: list[tuple[int, Meeting]] = []
    for i, b in enumerate(blocks):
        if b.kind == "table":
            continue
        strict = MINUTES_HEADER.search(b.text)
        if not strict and not (loose and MINUTES_HEADER_START.match(b.text)):
            continue
        window = " ".join(x.text for x in blocks[i:i + 3] if x.kind != "table")
        when = parse_date(window)
        if not when:
            continue
        first = i
        committee = None
        head = b.text[:strict.start()].strip() if strict else ""
        of = MEETING_OF.search(b.text[:400]) if not head else None
        if of and len(of.group(1)) < 150:
            committee = _clean(of.group(1))
        elif head:
            committee = _clean(head)
        elif i > 0 and blocks[i - 1].text.isupper() and len(blocks[i - 1].text) < 150:
            committee = _clean(blocks[i - 1].text)
            first = i - 1
        venue = None
        v = re.search(r"HELD\s+(?:AT|IN)\s+(?:THE\s+)?(.+?)(?:\s+ON\s+|$)", window, re.I)
        if v:
            venue = _clean(v.group(1)).title()
        attendance = apologies = None
        for j in range(i, min(i + 8, len(blocks))):
            p = PRESENT.match(blocks[j].text)
            if p:
                parts = [p.group(1)]
                for k in range(j + 1, min(j + 4, len(blocks))):
                    if re.match(r"^\s*\d{1,2}\.|.*apologies", blocks[k].text, re.I):
                        break
                    parts.append(blocks[k].text)
                attendance = _clean(" ".join(parts))
                break
        for j in range(i, min(i + 15, len(blocks))):
            if re.search(r"apologies\s+for\s+absence", blocks[j].text, re.I):
                t = blocks[j].text
                m = re.search(r"apologies\s+for\s+absence\s+(?:were\s+received\s+from|from)\s+(.+)", t, re.I)
                if not m and j + 1 < len(blocks):
                    m = re.search(r"(?:received\s+from|from)\s+(.+)", blocks[j + 1].text, re.I)
                if m:
                    apologies = _clean(m.group(1))
                break
        out.append((first, Meeting(key=f"m{start_key + len(out)}", committee=committee,
                                   meeting_date=when, venue=venue, kind="minutes",
                                   attendance=attendance, apologies=apologies)))
    return out


# ---------------------------------------------------------------- report cover sheets

def _cover_fields_from_rows(rows: list[list[str]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for row in rows:
        cells = [c or "" for c in row]
        for i, c in enumerate(cells):
            label = re.sub(r"\s+", " ", c).strip().rstrip(":").strip()
            for name, pat in COVER_LABELS.items():
                if name not in fields and re.fullmatch(pat, label, re.I):
                    value = next((v for v in cells[i + 1:] if v.strip()), "")
                    fields[name] = _clean(value.split("\n")[0] if name == "meeting_date" and
                                          parse_date(value.split("\n")[0]) else value)
    return fields


def _cover_fields_from_lines(lines: list[str]) -> dict[str, str]:
    """'Label: value' lines (one label per line, the value on it or the next line)."""
    fields: dict[str, str] = {}
    for k, line in enumerate(lines):
        m = COVER_LINE.match(line)
        if not m:
            continue
        label = m.group(1)
        name = next((n for n, pat in COVER_LABELS.items() if re.fullmatch(pat, label, re.I)), None)
        if name is None or name in fields:
            continue
        value = m.group(2).strip()
        if not value and k + 1 < len(lines) and not COVER_LINE.match(lines[k + 1]):
            value = lines[k + 1].strip()
        value = _clean(value)
        if value:
            fields[name] = value
    return fields


def head_fields(blocks: list[Block], limit: int = 40) -> dict[str, str]:
    """Cover-sheet fields ("Report to:", "Date of Meeting:", "Decision taken by:", "Date of
    decision:") in the opening of a paper, whether laid out as a table or as label lines."""
    fields: dict[str, str] = {}
    lines: list[str] = []
    for b in blocks[:limit]:
        if b.table is not None:
            for k, v in _cover_fields_from_rows(b.table.rows).items():
                fields.setdefault(k, v)
        else:
            lines.extend(x for x in re.split(r"\n|\s+\|\s+", b.text) if x.strip())
    for k, v in _cover_fields_from_lines(lines).items():
        fields.setdefault(k, v)
    return fields


def block_to_cover(block: Block, index: int) -> Optional[Cover]:
    """A report cover sheet (a table or text with "Report to"/"Subject"/"Report of")."""
    if not re.search(r"(?:^|\n|\|)\s*report\s+to\s*:", block.text, re.I) or \
            not re.search(r"(?:^|\n|\|)\s*subject\s*:", block.text, re.I):
        return None
    fields: dict[str, str] = {}
    if block.table is not None:
        fields = _cover_fields_from_rows(block.table.rows)
    if "subject" not in fields:
        m = re.search(r"Subject\s*:?\s*\|?\s*(.+?)(?:\s*\||\n|Report of|$)", block.text, re.I)
        if m:
            fields["subject"] = _clean(m.group(1))
    return Cover(index, fields) if fields.get("subject") else None


def find_covers(blocks: list[Block]) -> list[Cover]:
    """Cover sheets, joining a cover split over consecutive table blocks (e.g. across a page)."""
    covers = []
    for i, b in enumerate(blocks):
        c = block_to_cover(b, i)
        if c is None:
            continue
        for j in range(i + 1, min(i + 3, len(blocks))):
            table = blocks[j].table
            if table is not None:
                for k, v in _cover_fields_from_rows(table.rows).items():
                    c.fields.setdefault(k, v)
        covers.append(c)
    return covers


def _words(s: str) -> set[str]:
    return {w for w in TITLE_WORDS.findall(s.lower()) if len(w) > 2 and w not in ("the", "and", "for")}


def subject_to_item(subject: str, items: list[AgendaItem]) -> Optional[AgendaItem]:
    """The agenda item whose title the report's subject shares most words with."""
    sw = _words(subject)
    best, best_score = None, 0.0
    for it in items:
        tw = _words(it.title)
        if not tw:
            continue
        score = len(sw & tw) / len(tw)
        if score > best_score:
            best, best_score = it, score
    return best if best_score >= MIN_TITLE_OVERLAP else None


def yes_no(text: Optional[str]) -> Optional[bool]:
    if not text:
        return None
    t = text.strip().lower()
    return True if t.startswith("yes") else False if t.startswith("no") else None


# ---------------------------------------------------------------- segments for a pack

def pack_segments(blocks: list[Block], items: list[AgendaItem], meeting: Meeting,
                  minutes: list[tuple[int, Meeting]], covers: list[Cover],
                  agenda_span: tuple[int, int], item_marks: dict[int, str]) -> list[Segment]:
    """Front sheet, agenda, each set of minutes and each report as segments in block order, each
    report carrying its own agenda item and reporting period."""
    starts: list[tuple[int, Segment]] = []
    by_num = {it.item_number: it for it in items}
    minutes_item = next((it for it in items if re.search(r"\bminutes\b", it.title, re.I)), None)
    a0, a1 = agenda_span
    if a0 > 0:
        starts.append((0, Segment(kind="front_sheet", title="Front sheet", meeting_key=meeting.key,
                                  meeting_date=meeting.meeting_date)))
    if a0 >= 0:
        starts.append((a0, Segment(kind="agenda", title="Agenda", meeting_key=meeting.key,
                                   meeting_date=meeting.meeting_date)))
    for first, m in minutes:
        starts.append((first, Segment(kind="minutes", title=f"Minutes of {m.meeting_date:%d %B %Y}",
                                      meeting_key=m.key, meeting_date=m.meeting_date,
                                      agenda_item=minutes_item.item_number if minutes_item else None)))
    for c in covers:
        it = subject_to_item(c.fields.get("subject", ""), items)
        if it is None:   # fall back on the nearest "Agenda Item N" running header above
            near = [n for i, n in item_marks.items() if i <= c.block + 1]
            it = by_num.get(near[-1]) if near else None
        seg = Segment(kind="report", title=c.fields.get("subject"), meeting_key=meeting.key,
                      meeting_date=meeting.meeting_date,
                      agenda_item=it.item_number if it else None)
        if it is not None:
            if c.fields.get("report_of") and not it.report_of:
                it.report_of = c.fields["report_of"]
            kd = yes_no(c.fields.get("key_decision"))
            if kd is not None:
                it.key_decision = kd
        # A cover sheet may follow the report's first heading line by a block or two.
        starts.append((c.block, seg))
    starts.sort(key=lambda s: s[0])
    segments = []
    for k, (first, seg) in enumerate(starts):
        seg.first_block = first
        seg.last_block = starts[k + 1][0] - 1 if k + 1 < len(starts) else len(blocks) - 1
        segments.append(seg)
    segments = [s for s in segments if s.last_block >= s.first_block]
    segments += sub_segments(blocks, segments)
    for seg in segments:
        if seg.kind in ("report", "appendix"):
            text = " ".join(blocks[i].text for i in range(seg.first_block, min(seg.last_block + 1, seg.first_block + 60)))
            period = text_to_period(text)
            if period:
                seg.period_start, seg.period_end = period
    for it in items:
        mine = [s for s in segments if s.agenda_item == it.item_number and s.kind in ("report", "minutes")]
        if mine:
            it.first_block = min(s.first_block for s in mine)
            it.last_block = max(s.last_block for s in mine)
    segment_pages(blocks, segments, items)
    return segments


def segment_pages(blocks: list[Block], segments: list[Segment], items: list[AgendaItem]) -> None:
    """Page span of each segment and agenda item from its blocks' pages."""
    for seg in segments:
        pages = [blocks[i].page for i in range(seg.first_block, seg.last_block + 1)]
        seg.page_start, seg.page_end = (min(pages), max(pages)) if pages else (None, None)
    for it in items:
        mine = [s for s in segments if s.agenda_item == it.item_number and s.kind in ("report", "minutes")
                and s.page_start]
        if mine:
            it.page_start = min(s.page_start for s in mine if s.page_start is not None)
            it.page_end = max((s.page_end for s in mine if s.page_end is not None), default=it.page_start)


def printed_range(item: AgendaItem) -> Optional[tuple[int, int]]:
    """(first, last) printed page of an item's "(Pages 123 - 138)"."""
    if not item.printed_pages:
        return None
    nums = [int(n) for n in re.findall(r"\d+", item.printed_pages)]
    if not nums:
        return None
    return nums[0], nums[-1]


def sub_segments(blocks: list[Block], segments: list[Segment]) -> list[Segment]:
    """Appendices and forward plans inside a report: the same agenda item, a narrower span."""
    out: list[Segment] = []
    for seg in segments:
        if seg.kind != "report":
            continue
        for i in range(seg.first_block + 1, seg.last_block + 1):
            t = blocks[i].text.strip()
            kind = "appendix" if APPENDIX.match(t) else "forward_plan" if (
                FORWARD_PLAN.search(t) and len(t) < 200 and blocks[i].kind != "table") else None
            if kind and not any(o.first_block <= i <= o.last_block and o.kind == kind for o in out):
                out.append(Segment(kind=kind, title=t[:120], first_block=i, last_block=seg.last_block,
                                   meeting_key=seg.meeting_key, meeting_date=seg.meeting_date,
                                   agenda_item=seg.agenda_item))
    return out


def meeting_from_cover(cover: Cover, key: str = "m1") -> Optional[Meeting]:
    """A stand-alone committee report or decision: the meeting it goes to (or the decision maker
    and date), from its cover sheet. None when it states neither a committee nor a date."""
    f = cover.fields
    when = parse_date(f.get("meeting_date", "")) or parse_date(f.get("decision_date", ""))
    committee = f.get("report_to") or f.get("decision_maker")
    if committee:
        committee = decision_maker(committee) or committee
    if not when and not committee:
        return None
    return Meeting(key=key, committee=committee or None, meeting_date=when, kind="agenda")


def first_date(text: str) -> Optional[date]:
    return parse_date(text)
