"""Inspection reports (Ofsted ILACS and the earlier single inspection framework, Care Inspectorate
Wales): the date the report speaks as at, and the section about children in care.

The inspected council is the report's authority (found like any publisher, from its title). Its
figures said "currently" or "at the time of the inspection" are as at the publication date, so the
report's period is that day. The section on children looked after ("The experiences and progress
of children in care", "Children looked after" in "Information about this local authority area")
becomes a segment of its own, so extractors know its figures are about children in care.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from core.model import Block, Segment
from core.periods import MONTH_RE, parse_date

DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# "25 November 2016", and the numeric form some reports print ("Report published: 25/11/2016")
DATE = rf"(?:{DAY}\s+{MONTH_RE}\.?,?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}\b)"
PUBLISHED = re.compile(rf"(?:report\s+published|publication\s+date|date\s+of\s+publication|published)"
                       rf"\s*:?\s*(?P<d>{DATE})", re.I)
# "Inspection dates: 14 to 18 July 2025", "Inspection date: 13 January 2015 – 4 February 2015"
INSPECTED = re.compile(rf"inspection\s+dates?\s*:?\s*(?:(?P<a>{DATE})|(?P<ad>{DAY})(?:\s+{MONTH_RE})?)"
                       rf"\s*(?:-|–|—|to|until)\s*(?P<b>{DATE})", re.I)
HEAD_BLOCKS = 30
CLA_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:the\s+experiences\s+and\s+progress\s+of\s+"
                         r"children\s+(?:looked\s+after|in\s+care)|children\s+(?:looked\s+after|in\s+care)"
                         r"(?:\s+in\s+this\s+area)?(?:\s+and\s+(?:achieving\s+permanence|care\s+leavers))?"
                         r"\s*:?\s*$)", re.I)
SEGMENT_KIND = "children_in_care"
# The part of "Information about this local authority area" that Ofsted fills in from a template
# for every council (single inspection framework): "Children looked after in this area". The
# narrative judgement sections ("The experiences and progress of children in care") are not it.
AREA_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?children\s+(?:looked\s+after|in\s+care)"
                          r"(?:\s+in\s+this\s+area)?\s*:?\s*$", re.I)
# When the reader takes that heading for a paragraph (no larger font), the section runs to the
# next heading, but no further than this many blocks (the template section has about twenty).
AREA_MAX_BLOCKS = 40
# "What needs to improve?" (ILACS), "Recommendations" / "Areas for improvement" (older frameworks):
# the numbered or bulleted recommendations the council must act on.
IMPROVE_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:what\s+(?:does\s+the\s+local\s+authority\s+)?"
                             r"needs?\s+to\s+improve|recommendations|areas\s+for\s+(?:priority\s+)?"
                             r"(?:action|improvement))\b[^\n]{0,40}$", re.I)
IMPROVE_KIND = "recommendations"


def _head(blocks: list[Block]) -> str:
    return "\n".join(b.text for b in blocks[:HEAD_BLOCKS] if b.kind != "table")


def published_on(blocks: list[Block]) -> Optional[date]:
    m = PUBLISHED.search(_head(blocks))
    return parse_date(m.group("d")) if m else None


def inspected_between(blocks: list[Block]) -> Optional[tuple[date, date]]:
    m = INSPECTED.search(_head(blocks))
    if not m:
        return None
    end = parse_date(m.group("b"))
    if end is None:
        return None
    if m.group("a"):
        start = parse_date(m.group("a"))
    else:   # "14 to 18 July 2025": the start shares the end's month unless it names its own
        month = re.search(MONTH_RE, m.group(0)[:m.start("b") - m.start()], re.I)
        start = parse_date(f"{m.group('ad')} {month.group(0) if month else end.strftime('%B')} {end.year}")
    return (start, end) if start and start <= end else None


def as_at(blocks: list[Block]) -> Optional[date]:
    """The day an inspection report speaks as at: its publication, else the inspection's last day."""
    published = published_on(blocks)
    if published:
        return published
    between = inspected_between(blocks)
    return between[1] if between else None


def children_in_care_segments(blocks: list[Block], when: Optional[date]) -> list[Segment]:
    """One segment per heading about children looked after / in care, to the next heading of the
    same or a higher level; "Children looked after in this area" also when it was read as a
    paragraph."""
    found = _sections(blocks, CLA_HEADING, SEGMENT_KIND, when)
    if not any(AREA_HEADING.match(s.title or "") for s in found):
        found += _paragraph_sections(blocks, AREA_HEADING, SEGMENT_KIND, when)
    return found


def is_area_section(segment: Segment) -> bool:
    """The templated "Children looked after in this area" section (not a narrative one)."""
    return segment.kind == SEGMENT_KIND and bool(AREA_HEADING.match(segment.title or ""))


def recommendation_segments(blocks: list[Block], when: Optional[date]) -> list[Segment]:
    """The report's recommendations ("What needs to improve?"), each heading to the next of its
    level, so they are read as the council's actions however the pages break them."""
    return _sections(blocks, IMPROVE_HEADING, IMPROVE_KIND, when)


def _sections(blocks: list[Block], heading: re.Pattern[str], kind: str, when: Optional[date]) -> list[Segment]:
    out = []
    for i, b in enumerate(blocks):
        if b.kind != "heading" or not heading.match(b.text):
            continue
        level = b.level or 1
        last = next((j - 1 for j in range(i + 1, len(blocks))
                     if _ends_section(blocks[j], level, b)), len(blocks) - 1)
        out.append(Segment(kind=kind, title=" ".join(b.text.split())[:120], first_block=i,
                           last_block=last, page_start=b.page, page_end=blocks[last].page,
                           period_start=when, period_end=when))
    return out


def _ends_section(block: Block, level: int, start: Block) -> bool:
    """A heading of the section's level or higher ends it; in the templated area section, not a
    lead-in set large ("In the last 12 months:", "Of this number:"), which belongs to it."""
    if block.kind != "heading" or (block.level or 1) > level:
        return False
    return not (AREA_HEADING.match(start.text) and block.text.rstrip().endswith(":"))


def _paragraph_sections(blocks: list[Block], heading: re.Pattern[str], kind: str,
                        when: Optional[date]) -> list[Segment]:
    out = []
    for i, b in enumerate(blocks):
        if b.kind != "paragraph" or not heading.match(b.text):
            continue
        bound = min(len(blocks) - 1, i + AREA_MAX_BLOCKS)
        last = next((j - 1 for j in range(i + 1, bound + 1) if _ends_section(blocks[j], 99, b)), bound)
        out.append(Segment(kind=kind, title=" ".join(b.text.split())[:120], first_block=i,
                           last_block=last, page_start=b.page, page_end=blocks[last].page,
                           period_start=when, period_end=when))
    return out
