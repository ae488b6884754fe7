"""What a paper is, whose it is and what period it covers: from content cues, never file names."""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from core.periods import MONTH_RE, last_day, month_number, parse_date, parse_period

HEAD_CHARS = 3000           # the opening of a paper: title page, cover sheet, first heading
PERIOD_HEAD_CHARS = 6000    # reports state their period early, in the introduction
DATE = (r"(?:\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH_RE + r"\.?,?\s+\d{4}"
        r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})")
MONTH_YEAR = MONTH_RE + r"\.?,?\s+\d{4}"
DAY_MONTH = r"\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH_RE
RANGE_SEP = r"\s*(?:-|–|—|/|to|until|and)\s*"
# "from 1st April 2016- 31st March 2017", "1 April 2016 – 31 March 2017", "1st April 2017/ 31st March 2018"
DATE_RANGE = re.compile(rf"(?P<a>{DATE}){RANGE_SEP}(?P<b>{DATE})", re.I)
# "1st April - 30th June 2017": a quarter's range, the year written once
YEARLESS_RANGE = re.compile(rf"(?<!\d)(?P<a>{DAY_MONTH})\s*(?:-|–|—|to|until)\s*(?P<b>{DATE})", re.I)
# "April 2017 - March 2018", "between April 2017 and March 2018", "April 2016/ March 2017"
MONTH_RANGE = re.compile(rf"(?<!\d\s)(?<!\d)\b(?P<a>{MONTH_YEAR}){RANGE_SEP}(?P<b>{MONTH_YEAR})", re.I)
ANNUAL_FY = re.compile(r"annual\s+report\s*(?:for\s+)?((?:19|20)\d{2}\s*[/\-–]\s*\d{2,4})"
                       r"|((?:19|20)\d{2}\s*[/\-–]\s*\d{2,4})\s*annual\s+report", re.I)
MAX_PERIOD_DAYS = 800       # a reporting period longer than ~2 years is not one
MIN_PERIOD_DAYS = 27        # "21 March 2017 and 4 April 2017" are two meetings, not a period
MIN_PUBLISHER_SCORE = 2     # a council-qualified mention (3) or at least two bare ones

CUES = {
    # Ofsted ILACS (2018-), SIF (2013-2017) and earlier frameworks; Care Inspectorate Wales.
    # Titles: "Inspection of X local authority children's services" (ILACS), "Inspection of
    # services for children in need of help and protection, ..." (SIF), "Inspection of (safeguarding
    # and) looked after children services" and "... arrangements for the protection of children"
    # (2009-2013 frameworks).
    "inspection_report": [r"\binspection\s+of\s+(?:[\w.,'’ -]{2,60}\s+)?(?:local\s+authority\s+)?"
                          r"children(?:\W{0,3}s)?\s+(?:social\s+care\s+)?services",
                          r"inspection\s+of\s+(?:services\s+for\s+children\s+in\s+need|local\s+authority\s+"
                          r"arrangements\s+for\s+the\s+protection\s+of\s+children)",
                          # the inspectorate's own marks on a report's first pages
                          r"\binspection\s+dates?\s*:", r"\blead\s+inspector\s*:|^\s*reporting\s+inspector\b",
                          r"\b(?:his|her)\s+majesty\W{0,3}s\s+inspector", r"\breport\s+published\s*:",
                          r"ofsted\s+produces\s+this\s+report|care\s+inspectorate\s+wales\s+(?:carried\s+out|"
                          r"inspected)|arolygiaeth\s+gofal", r"\bjudgement\s*\|?\s*grade\b"],
    "performance_report": [r"\bscore\s?card\b", r"\bperformance\s+(?:report|update|dashboard|"
                           r"monitoring|information|summary|indicators?|framework|digest)\b",
                           r"\bkey\s+performance\s+indicators?\b", r"\bKPIs?\b",
                           r"\bdata\s+(?:dashboard|digest)\b"],
    "agenda_pack": [r"public\s+document\s+pack", r"\bA\s?G\s?E\s?N\s?D\s?A\b",
                    r"\(pages?\s+\d+\s*[-–]\s*\d+\)", r"\bVENUE\s*:"],
    "minutes": [r"^\s*minutes\s*:?\s*$", r"\bminutes\s+of\s+(?:the\s+)?meeting", r"meeting\s+held\s+(?:at|on|in)\b",
                r"\bPRESENT\s*:", r"\bRESOLVED\b", r"\bapologies\s+for\s+absence\b"],
    "decision_notice": [r"decision\s+notice", r"record\s+of\s+(?:executive\s+)?decision",
                        r"notice\s+of\s+(?:key\s+)?decision"],
    "forward_plan": [r"\bforward\s+plan\b", r"key\s+decisions?\s+(?:to\s+be\s+)?(?:taken|made)"],
    "strategy": [r"\bstrateg(?:y|ies)\b", r"sufficiency\s+(?:statement|strategy)", r"\bplan\s+20\d\d"],
    "annual_report": [r"\bannual\s+report\b"],
    "committee_report": [r"report\s+to\s*:", r"date\s+of\s+meeting", r"\bsubject\s*:", r"wards?\s+affected",
                         r"key\s+decision", r"title\s+of\s+report\s*[:/]", r"report\s+author\s*[:/]",
                         r"report\s+of\s+the\s+[^\n]{3,80}?\s+to\s+the\s+[^\n]{3,60}?meeting",
                         r"part\s+(?:1|I|one)\s*\(open\s+to\s+the\s+public\)", r"\bitem\s+no\.?",
                         r"^\s*(?:title|recommendations?|executive\s+summary)\s*:",
                         r"^\W*purpose\s+of\s+(?:the\s+|this\s+)?report\b"],
}


# A committee site's saved page (ModernGov and its kin): a meeting's "Agenda and minutes" page, an
# agenda item's page ("Agenda item", mgAi), an issue's page ("Issue - meetings", ieIssueDetails,
# with its "Meeting: 05/10/2017 - Cabinet (Item 22)" line), or the site's link to a paper
# ("Corporate Parenting Strategy pdf icon PDF 107 KB").
SITE_PAGE = [r"^\W*agenda\s+and\s+(?:draft\s+|approved\s+|signed\s+)?minutes\s*$", r"^\W*agenda\s+item\s*$",
             r"^\W*issue\s*-\s*(?:meetings|decisions)\s*$", r"^\s*meeting\s*:\s*" + DATE + r"\s*[-–]",
             r"\bPDF\s+\d{1,5}\s*[KM]B\b"]
SITE_HEAD_CHARS = 800       # the page's own heading lines, after the site's menu
# What the record of a meeting carries: its fields, resolutions, attendance, reported discussion.
MEETING_RECORD = [r"^\s*(?:minutes|decisions?)\s*:", r"^\W*resolved\b", r"^\W*penderfynwyd\b",
                  r"\bminutes\s+of\s+(?:the\s+)?(?:last\s+|previous\s+)?meeting", r"^\W*present\s*:",
                  r"\bapologies\b", r"\b(?:committee|panel|board|sub-committee|cabinet|members|forum|group|chair\w*)\s+"
                  r"(?:considered|received|noted|discussed|welcomed|resolved|agreed|advised|invited)\b",
                  r"\b(?:introduced|presented)\s+(?:the|a|this)\s+(?:\w+\s+){0,3}?(?:report|item)\b"]
# Marks of a printed agenda pack that a site's page never carries.
PACK_PRINT = [r"public\s+document\s+pack", r"\(pages?\s+\d+\s*[-–]\s*\d+\)"]


def _count(patterns: list[str], text: str) -> int:
    return sum(1 for p in patterns if re.search(p, text, re.I | re.M))


def text_to_doc_type(head: str, title: str = "") -> str:
    """Decide the type from the opening of a paper. Packs hold minutes and reports, so pack cues
    come first; a cover sheet makes a committee report unless its title says annual report."""
    title_l = (title or "").lower()
    if is_inspection_report(head):
        return "inspection_report"
    if is_site_meeting_record(head):
        return "minutes"
    if _count(CUES["agenda_pack"], head) >= 2:
        return "agenda_pack"
    if _count(CUES["decision_notice"], head[:1000]) >= 1:
        return "decision_notice"
    if _count(CUES["minutes"], head) >= 2 or re.search(r"^\s*minutes\s*:?\s*$", head[:800], re.I | re.M):
        return "minutes"
    if _count(CUES["committee_report"], head[:1500]) >= 3:
        return "committee_report"
    first = head[:600]
    if is_performance_report(title_l + "\n" + head[:250], head[:800]):
        return "performance_report"
    if re.search(CUES["forward_plan"][0], title_l + " " + first, re.I):
        return "forward_plan"
    if re.search(r"sufficiency|strateg", title_l + " " + first, re.I):
        return "strategy"
    if re.search(r"annual\s+report", title_l + " " + head[:1500], re.I):
        return "annual_report"
    if _count(CUES["strategy"], head) >= 1:
        return "strategy"
    return "other"


def is_site_page(head: str) -> bool:
    """A committee site's saved page (an agenda item's, an issue's, a meeting's), not a printed
    paper: what it reports in reported speech is the meeting's, whatever its type."""
    return not _count(PACK_PRINT, head) and bool(_count(SITE_PAGE, head[:SITE_HEAD_CHARS]))


def is_site_meeting_record(head: str) -> bool:
    """A committee site's saved page that records a meeting: its "Agenda and minutes" page, or an
    agenda item's or issue's page carrying the minutes or the decision. Its "Agenda" and
    "Venue:" are the site's page frame, not a printed pack's."""
    return is_site_page(head) and _count(MEETING_RECORD, head) >= 1


def is_inspection_report(head: str) -> bool:
    """An inspectorate's report on a council's children's services: its title ("Inspection of X
    local authority children's services") or two of the inspectorate's marks on the first pages
    (inspection dates, lead inspector, judgements). Committee papers about an inspection name
    Ofsted and the inspection but do not carry the inspectorate's marks on their first page."""
    first = head[:1500]
    marks = _count(CUES["inspection_report"][2:], first)
    titled = re.search(CUES["inspection_report"][0], first[:400], re.I) or \
        re.search(CUES["inspection_report"][1], first[:600], re.I)
    return marks >= (1 if titled else 3)


# What a performance page or dashboard shows on its first lines, without calling itself one.
PERFORMANCE_MARKS = [rf"\b{MONTH_RE}\s+\d{{4}}\s+performance\b", r"\bthis\s+(?:measure|indicator)\b",
                     r"\bquarter\s+[1-4]\b|\bQ[1-4]\b", r"\b(?:RAG|red|amber|green)\s+(?:rating|status)\b",
                     r"\bperformance\b(?:.|\n)*\bperformance\b"]


def is_performance_report(opening: str, first_lines: str = "") -> bool:
    """A scorecard or performance report says so in its title or opening lines, or its first
    lines carry two marks of one (monthly performance headings, "this measure", quarters, RAG)."""
    return _count(CUES["performance_report"], opening) >= 1 or \
        _count(PERFORMANCE_MARKS, first_lines) >= 2


def _month_range(a: str, b: str) -> Optional[tuple[date, date]]:
    pa, pb = parse_period(a), parse_period(b)
    if pa and pb:
        return pa.start, pb.end
    return None


def _yearless_range(m: re.Match[str]) -> Optional[tuple[date, date]]:
    """"1st April - 30th June 2017": the first date takes the second's year (the year before
    when its month comes later, "1 October - 31 March 2018")."""
    end = parse_date(m.group("b"))
    if end is None:
        return None
    start = parse_date(f"{m.group('a')} {end.year}")
    if start is not None and start > end:
        start = parse_date(f"{m.group('a')} {end.year - 1}")
    return (start, end) if start else None


def text_to_period(text: str) -> Optional[tuple[date, date]]:
    """The reporting period a report states: an explicit date range, a month range, or the
    financial year of an "Annual Report 2016/17" title."""
    for m in DATE_RANGE.finditer(text):
        a, b = parse_date(m.group("a")), parse_date(m.group("b"))
        if a and b and MIN_PERIOD_DAYS <= (b - a).days <= MAX_PERIOD_DAYS:
            return a, b
    for m in YEARLESS_RANGE.finditer(text):
        r = _yearless_range(m)
        if r and MIN_PERIOD_DAYS <= (r[1] - r[0]).days <= MAX_PERIOD_DAYS:
            return r
    for m in MONTH_RANGE.finditer(text):
        r = _month_range(m.group("a"), m.group("b"))
        if r and 0 < (r[1] - r[0]).days <= MAX_PERIOD_DAYS:
            return r
    fy = ANNUAL_FY.search(text)
    if fy:
        p = parse_period(fy.group(1) or fy.group(2))
        if p and p.period_type == "financial_year":
            return p.start, p.end
    return None


# A title page's date line: "September 2023", "Published: March 2021", "Date: 4 June 2019".
ISSUE_LINE = re.compile(rf"^\W*(?:(?:date|dated|published|issued|updated|version|review(?:ed)?)\b[^\n]{{0,12}}?)?"
                        rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH_RE}\s+((?:19|20)\d{{2}})\W*$", re.I | re.M)


def text_to_issue_month(head: str) -> Optional[tuple[date, date]]:
    """A strategy or statement dated by month on its title page ("September 2023"): a line of its
    own, not a month in a sentence ("the highest figure was at 31st March 1998")."""
    m = ISSUE_LINE.search(head[:400])
    if not m:
        return None
    month, year = month_number(m.group(1)), int(m.group(2))
    return (date(year, month, 1), last_day(year, month)) if month else None
