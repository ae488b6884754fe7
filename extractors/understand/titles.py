"""A paper's title: its own heading, not whatever the file's metadata or the web page's frame says.

PDF metadata titles are often the working file's name ("LAIT.xlsm", "Microsoft Word - report.doc"),
a template's placeholder ("LA NAME - standard-short inspection report") or a draft's label; saved
committee-site pages carry the site's frame ("Issue - meetings", "Agenda and minutes"). Those are
junk: the first real heading of the paper replaces them.
"""
from __future__ import annotations

import re
from typing import Optional

from core.authorities import find_authorities
from core.model import Block

MAX_TITLE = 200
MIN_WORDS = 3
HEAD_BLOCKS = 40            # a title is among the first blocks of a paper

JUNK_TITLE = re.compile(
    r"\.(?:xlsm|xlsx|xls|csv|docx?|pptx?|pdf|rtf|odt|txt|html?|indd)\b"       # a file name
    r"|^\s*microsoft\s+(?:word|excel|powerpoint)\s*-"                         # "Microsoft Word - x.doc"
    r"|^\s*(?:untitled|document\s*\d*|title|presentation\s*\d*|slide\s*\d+|report)\s*$"
    r"|\bLA\s+NAME\b|\bINSPECTION\s+DATE\b|\[[A-Z ]+\]|<<|>>"                 # template placeholders
    r"|\bdraft\s+report(?:\s+version\s+\d+)?\s*$"                             # "Calderdale - Draft Report"
    r"|^\s*post\s+on\b"                                                       # a blog frame
    r"|^[\W\d_]*$",                                                           # no words at all
    re.I)
# Committee-site page frames (ModernGov and the like) and headings that are never a title.
FRAME = re.compile(
    r"^\s*(?:issue\s*-\s*(?:meetings|decisions|details|history)|agenda\s+item(?:\s+\d+\w?)?"
    r"|agendas?,?\s+(?:meetings\s+)?and\s+(?:draft\s+)?minutes(?:\s*-.*)?|agenda\s+and\s+(?:draft\s+)?"
    r"(?:minutes|decisions)|meeting\s+details|decision\s+details|browse\s+meetings.*|public\s+document\s+pack"
    r"|minutes\s*:?|additional\s+documents\s*:?|contents|table\s+of\s+contents|executive\s+summary"
    r"|introduction|background|summary|what\s+needs\s+to\s+improve\??(?:\s*\d+)?|recommendations?"
    r"|purpose\s+of\s+(?:the\s+)?report|(?:meeting|decision|date|venue|time|contact|place|location)\s*:.*"
    r"|(?:welcome\s+(?:and|&)\s+)?apologies(?:\s+for\s+absence)?\b.*|declarations?\s+of\s+interests?.*"
    r"|minutes\s+of\s+the\s+(?:previous|last)\s+meeting.*|.*:)\s*$", re.I)
# A committee site's page of one meeting's agenda and minutes.
MEETING_PAGE = re.compile(r"^\s*(?:agendas?,?\s+(?:meetings\s+)?and\s+(?:draft\s+)?minutes|agenda\s+and\s+"
                          r"(?:draft\s+)?(?:minutes|decisions))\b", re.I)
# A committee site's link decoration: "3 Corporate Parenting Strategy pdf icon PDF 111 KB".
LINK_DECORATION = re.compile(r"\s*(?:pdf\s+icon\s+)?PDF\s+\d+(?:\.\d+)?\s*[KM]B\s*$", re.I)
ITEM_NUMBER = re.compile(r"^\s*\d{1,3}[a-z]?\.?\s+(?=[A-Z])")
DATE_ONLY = re.compile(r"^\s*(?:\w+day\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}\s*$")
# An inspection report's title, as its title box reads: "Inspection of X local authority
# children's services", "Inspection of children's social care services".
INSPECTION_TITLE = re.compile(r"\binspection\s+of\s+.{0,80}?children\W{0,3}s\s+(?:social\s+care\s+)?services"
                              r"|\binspection\s+of\s+services\s+for\s+children\b[^\n]{0,120}", re.I)


def is_junk(title: Optional[str]) -> bool:
    """A title that does not name the paper: missing, a file name or slug, a placeholder, a
    page frame, a bare date."""
    if not title or not title.strip():
        return True
    t = title.strip()
    if t == t.lower():
        return True                     # a file-name slug: "fostering_annual_report_v2"
    return not_a_title(t)


def not_a_title(text: str) -> bool:
    return bool(JUNK_TITLE.search(text) or FRAME.match(text) or DATE_ONLY.match(text))


def tidy(text: str) -> str:
    """One line, apostrophes rejoined ("children ’ s" as some PDFs space it -> "children’s")."""
    text = " ".join(text.replace("|", " ").split())
    return re.sub(r"\s+([’'])\s*s\b", r"\1s", text)[:MAX_TITLE]


def _block_lines(b: Block) -> str:
    if b.kind == "table" and b.table is not None:
        return " ".join(" ".join(c for c in row if c) for row in b.table.rows[:2])
    return b.text


def is_letterhead(text: str) -> bool:
    """A line that is nothing but a council's name ("Stockton-on-Tees Borough Council")."""
    found = find_authorities(text)
    return len(found) == 1 and found[0][1] - found[0][0] >= len(text.strip()) - 2


def own_heading(blocks: list[Block]) -> Optional[str]:
    """The paper's first real heading: at least three words, not a page frame, a date or the
    council's letterhead."""
    for b in blocks[:HEAD_BLOCKS]:
        if b.kind != "heading":
            continue
        text = tidy(b.text)
        if LINK_DECORATION.search(text):
            text = ITEM_NUMBER.sub("", LINK_DECORATION.sub("", text))
        if len(text.split()) >= MIN_WORDS and not not_a_title(text) and not is_letterhead(text) and \
                not re.match(r"^(?:agenda\s+item|public\s+document\s+pack)", text, re.I):
            return text
    return None


def inspection_title(blocks: list[Block]) -> Optional[str]:
    """An inspection report's title from its cover: "Inspection of Bedford local authority
    children's services"; an older report's council line before its "Inspection of services for
    children in need ..." heading."""
    for i, b in enumerate(blocks[:12]):
        text = tidy(_block_lines(b))
        m = INSPECTION_TITLE.search(text)
        if not m:
            continue
        title = text[m.start():m.end()].strip()
        title = title[0].upper() + title[1:]
        council = tidy(blocks[i - 1].text) if i and blocks[i - 1].kind == "heading" else ""
        if council and len(council.split()) <= 8 and council.lower() not in title.lower() and \
                not INSPECTION_TITLE.search(council):
            return f"{council}: {title}"[:MAX_TITLE]
        return title[:MAX_TITLE]
    return None
