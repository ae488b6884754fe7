"""Page furniture: running headers, footers, page numbers, blank-page notices.

Removed from the reading text but kept as metadata: "Agenda Item 7" says which agenda item a page
belongs to (Page.agenda_item), "Page 70" is the printed page number (Page.printed_number) that maps
to the agenda's "(Pages 123 - 138)". Works on PDF blocks (with pages and bboxes) and on text blocks
(one page; furniture lines mixed into the text).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.models import Block, Document

PAGE_NUMBER = re.compile(r"(?:^|\s)(?:<p[^>]*>\s*)?Page\s+(\d{1,4})(?:\s*</p>)?(?=\s|$)")
AGENDA_ITEM = re.compile(r"(?:^|\s)Agenda\s+Item\s+(\d{1,2}[A-Za-z]?)(?=\s|$)", re.I)
BLANK_PAGE = re.compile(r"This\s+page\s+(?:is\s+)?(?:intentionally|deliberately)\s+(?:been\s+)?left\s+blank\.?",
                        re.I)
WHOLE_PAGE_NUMBER = re.compile(r"^\s*(?:Page\s+)?(\d{1,4})(?:\s+of\s+\d{1,4})?\s*$", re.I)
WHOLE_AGENDA_ITEM = re.compile(r"^\s*Agenda\s+Item\s+(\d{1,2}[A-Za-z]?)\s*$", re.I)
# A text repeated on at least this many pages, in the top or bottom margin, is a running header.
REPEAT_MIN_PAGES = 3
REPEAT_MIN_SHARE = 0.3
MARGIN_SHARE = 0.09            # top/bottom share of the page height where headers and footers sit
MAX_FURNITURE_CHARS = 120
# Minutes print "COMMITTEE - WEDNESDAY 21ST JUNE, 2017" at the top of each page.
RUNNING_MINUTES_HEADER = re.compile(
    r"^[A-Z0-9 ,'’&()/.\-]{10,}\s+-\s+(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY\s+\d{1,2}(?:ST|ND|RD|TH)?\s+"
    r"[A-Z]+,?\s+\d{4}$")


@dataclass
class FurnitureMarks:
    """What the furniture said, by (new) block index: printed page numbers and agenda items."""
    agenda_item_at: dict[int, str] = field(default_factory=dict)
    printed_page_at: dict[int, str] = field(default_factory=dict)
    blank_page_before: set[int] = field(default_factory=set)


EDGE_FURNITURE = re.compile(
    r"^\s*(?:(?:<p[^>]*>\s*)?Page\s+(?P<page>\d{1,4})(?:\s*</p>)?|Agenda\s+Item\s+(?P<item>\d{1,2}[A-Za-z]?))(?=\s|$)"
    r"|(?<=\s)(?:(?:<p[^>]*>\s*)?Page\s+(?P<page2>\d{1,4})(?:\s*</p>)?|Agenda\s+Item\s+(?P<item2>\d{1,2}[A-Za-z]?))\s*$",
    re.I)


def strip_inline(text: str) -> tuple[str, list[str], list[str], bool]:
    """Cut furniture out of a block: blank-page notices anywhere, "Page 70" / "Agenda Item 7" at
    either end (where merged lines put them), never mid-sentence.
    Returns (clean text, page numbers, agenda items, had a blank-page notice)."""
    pages: list[str] = []
    items: list[str] = []
    blank = bool(BLANK_PAGE.search(text))
    text = re.sub(r"\s+", " ", BLANK_PAGE.sub(" ", text)).strip()
    while True:
        m = EDGE_FURNITURE.search(text)
        if not m:
            break
        if m.group("page") or m.group("page2"):
            pages.append(m.group("page") or m.group("page2"))
        else:
            items.append(m.group("item") or m.group("item2"))
        text = (text[:m.start()] + " " + text[m.end():]).strip()
    return text, pages, items, blank


def clean_cell(text: str) -> str:
    """A table cell without a leading/trailing 'Page 70' or 'Agenda Item 7' or blank notice."""
    if not text or not re.search(r"Page|Agenda|blank", text, re.I):
        return text
    t = BLANK_PAGE.sub(" ", text)
    t = re.sub(r"^\s*(?:<p[^>]*>\s*)?Page\s+\d{1,4}(?:\s*</p>)?(?=\s|$)", " ", t)
    t = re.sub(r"(?<=\s)(?:<p[^>]*>\s*)?Page\s+\d{1,4}(?:\s*</p>)?\s*$", " ", t)
    t = AGENDA_ITEM.sub(" ", t)
    return t.strip() if t.strip() != text.strip() else text


def _repeated_margin_texts(doc: Document) -> set[str]:
    """Texts that sit in a page margin on many pages (PDF): running headers and footers."""
    heights = {p.number: p.height for p in doc.pages}
    pages_of: dict[str, set[int]] = {}
    for b in doc.blocks:
        if b.kind == "table" or not b.bbox or len(b.text) > MAX_FURNITURE_CHARS:
            continue
        h = heights.get(b.page) or 0
        if h and (b.bbox[3] < h * MARGIN_SHARE or b.bbox[1] > h * (1 - MARGIN_SHARE)):
            key = re.sub(r"\d+", "#", b.text.strip().lower())
            pages_of.setdefault(key, set()).add(b.page)
    n_pages = max(len(doc.pages), 1)
    need = max(REPEAT_MIN_PAGES, int(n_pages * REPEAT_MIN_SHARE))
    return {k for k, pages in pages_of.items() if len(pages) >= min(need, max(n_pages, 2))}


def _repeated_running_headers(doc: Document) -> set[str]:
    """Text files: lines that repeat and look like a running minutes header."""
    counts = Counter(b.text.strip() for b in doc.blocks if b.kind != "table")
    return {t for t, n in counts.items() if n >= 2 and RUNNING_MINUTES_HEADER.match(t)}


def remove_furniture(doc: Document) -> FurnitureMarks:
    """Drop furniture blocks and phrases in place; record what they said on pages and marks."""
    margin = _repeated_margin_texts(doc) if doc.format == "pdf" else set()
    running = _repeated_running_headers(doc)
    pages = {p.number: p for p in doc.pages}
    marks = FurnitureMarks()
    kept: list[Block] = []
    pending_blank = False
    for b in doc.blocks:
        if b.kind == "table" and b.table is not None:
            b.table.rows = [[clean_cell(c) for c in row] for row in b.table.rows]
            b.text = clean_cell(b.text) if len(b.text) < MAX_FURNITURE_CHARS else b.text
            if re.match(r"^\s*Page\s+\d{1,4}\s", b.text):
                b.text = re.sub(r"^\s*Page\s+\d{1,4}\s+", "", b.text)
            kept.append(b)
            continue
        key = re.sub(r"\d+", "#", b.text.strip().lower())
        if key in margin or b.text.strip() in running:
            _note_page(pages.get(b.page), b.text, b.bbox, pages)
            continue
        text, nums, items, blank = strip_inline(b.text)
        page = pages.get(b.page)
        if page is not None:
            if nums and page.printed_number is None and doc.format == "pdf":
                page.printed_number = nums[-1]
            if items and page.agenda_item is None and doc.format == "pdf":
                page.agenda_item = items[0]
        idx = len(kept)
        if items:
            marks.agenda_item_at[idx] = items[0]
        if nums:
            marks.printed_page_at[idx] = nums[-1]
        pending_blank = pending_blank or blank
        if not text:
            continue
        if pending_blank:
            marks.blank_page_before.add(idx)
            pending_blank = False
        b.text = text
        kept.append(b)
    doc.blocks = kept
    return marks


def _note_page(page, text: str, bbox, pages) -> None:
    if page is None:
        return
    m = WHOLE_PAGE_NUMBER.match(text)
    if m and page.printed_number is None:
        page.printed_number = m.group(1)
    m = WHOLE_AGENDA_ITEM.match(text)
    if m and page.agenda_item is None:
        page.agenda_item = m.group(1)
