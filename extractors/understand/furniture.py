"""Page furniture: running headers, footers, page numbers, blank-page notices.

Removed from the reading text but kept as metadata: "Agenda Item 7" says which agenda item a page
belongs to (Page.agenda_item), "Page 70" is the printed page number (Page.printed_number) that maps
to the agenda's "(Pages 123 - 138)". Works on PDF blocks (with pages and bboxes) and on text blocks
(one page; furniture lines mixed into the text).

Text files have no page breaks, but their furniture marks them: a "Page N" footer ends printed
page N, an "Agenda Item N" or running minutes header starts a page, a blank-page notice is a page
of its own. `paginate_text` turns those marks (and an agenda's "(Pages 123 - 138)" ranges) into
the printed page of every block.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from core.model import Block, Document, Page

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
    # Text files: page-break evidence in reading order, as (block index it precedes, kind, value)
    # with kind 'footer' (value: the printed page that ends here), 'header' (value: agenda item
    # or None for a running header; a page starts here) or 'blank' (a blank page sits here).
    page_events: list[tuple[int, str, Optional[str]]] = field(default_factory=list)
    # Text files: printed page numbers found inside a kept block ("Page 70" merged into a row).
    block_pages: dict[int, list[int]] = field(default_factory=dict)


EDGE_FURNITURE = re.compile(
    r"^\s*(?:(?:<p[^>]*>\s*)?Page\s+(?P<page>\d{1,4})(?:\s*</p>)?|Agenda\s+Item\s+(?P<item>\d{1,2}[A-Za-z]?))(?=\s|$)"
    r"|(?<=\s)(?:(?:<p[^>]*>\s*)?Page\s+(?P<page2>\d{1,4})(?:\s*</p>)?|Agenda\s+Item\s+(?P<item2>\d{1,2}[A-Za-z]?))\s*$",
    re.I)


REFERRED = re.compile(r"\b(?:on|see|at|in|to|of|from|and|or|onto|under)\s*$", re.I)


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
        if m.group("page2") and REFERRED.search(text[:m.start()]):
            break       # "... set out on Page 12": a reference, not a footer
        if m.group("page") or m.group("page2"):
            pages.append(m.group("page") or m.group("page2"))
        else:
            items.append(m.group("item") or m.group("item2"))
        text = (text[:m.start()] + " " + text[m.end():]).strip()
    return text, pages, items, blank


CELL_PAGE = re.compile(r"^\s*(?:<p[^>]*>\s*)?Page\s+(\d{1,4})(?:\s*</p>)?(?=\s|$)"
                       r"|(?<=\s)(?:<p[^>]*>\s*)?Page\s+(\d{1,4})(?:\s*</p>)?\s*$")


def cell_page_numbers(text: str) -> list[int]:
    """The 'Page 70' furniture at either end of a table cell (what strip_cell_furniture removes)."""
    if not text or "Page" not in text:
        return []
    return [int(m.group(1) or m.group(2)) for m in CELL_PAGE.finditer(text)]


def strip_cell_furniture(text: str) -> str:
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
    is_text = doc.format != "pdf"
    for b in doc.blocks:
        if b.kind == "table" and b.table is not None:
            if is_text:
                found = [n for row in b.table.rows for c in row for n in cell_page_numbers(c)]
                if found:
                    marks.block_pages[len(kept)] = found
            b.table.rows = [[strip_cell_furniture(c) for c in row] for row in b.table.rows]
            b.text = strip_cell_furniture(b.text) if len(b.text) < MAX_FURNITURE_CHARS else b.text
            if re.match(r"^\s*Page\s+\d{1,4}\s", b.text):
                b.text = re.sub(r"^\s*Page\s+\d{1,4}\s+", "", b.text)
            kept.append(b)
            continue
        key = re.sub(r"\d+", "#", b.text.strip().lower())
        if key in margin or b.text.strip() in running:
            _note_page(pages.get(b.page), b.text, b.bbox, pages)
            if is_text:
                marks.page_events.append((len(kept), "header", None))
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
        if is_text:
            if text:
                if items:
                    marks.page_events.append((idx, "header", items[0]))
                if nums:
                    marks.block_pages[idx] = [int(n) for n in nums]
                if blank:
                    marks.page_events.append((idx, "blank", None))
            else:   # a furniture-only block: its own page-break evidence
                for item in items:
                    marks.page_events.append((idx, "header", item))
                for n in nums:
                    marks.page_events.append((idx, "footer", n))
                if blank:
                    marks.page_events.append((idx, "blank", None))
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


# ---------------------------------------------------------------- pages of a text file

@dataclass
class _Run:
    """Consecutive blocks of a text file on one page, as far as its furniture tells."""
    blocks: list[int] = field(default_factory=list)
    blank: bool = False
    item: Optional[str] = None          # the "Agenda Item N" header that starts it
    printed: list[int] = field(default_factory=list)    # "Page N" furniture seen on it
    anchor: Optional[int] = None        # the page it is known to be on
    page: int = 1


def _text_runs(n_blocks: int, marks: FurnitureMarks, starts: dict[int, int]) -> list[_Run]:
    events: dict[int, list[tuple[str, Optional[str]]]] = {}
    for at, kind, value in marks.page_events:
        events.setdefault(at, []).append((kind, value))
    runs = [_Run()]

    def new_run() -> _Run:
        last = runs[-1]
        if last.blocks or last.blank or last.printed or last.anchor is not None:
            runs.append(_Run())
        return runs[-1]

    for i in range(n_blocks + 1):
        for kind, value in events.get(i, []):
            if kind == "footer":
                # A footer ends the page it numbers; when nothing sits on it since the last
                # break, it numbers the page just read.
                target = runs[-1]
                if not target.blocks and len(runs) > 1 and not runs[-2].blank:
                    target = runs[-2]
                if value is not None:
                    target.printed.append(int(value))
                new_run()
            elif kind == "header":
                run = new_run()
                run.item = run.item or value
            else:
                new_run().blank = True
                new_run()
        if i == n_blocks:
            break
        if i in starts:
            new_run().anchor = starts[i]
        runs[-1].blocks.append(i)
        if i in marks.block_pages:
            runs[-1].printed.extend(marks.block_pages[i])
            new_run()
    return [r for r in runs if r.blocks or r.blank]


def paginate_text(doc: Document, marks: FurnitureMarks, starts: Optional[dict[int, int]] = None,
                  ranges: Optional[list[tuple[int, int, int, int]]] = None) -> bool:
    """Give every block of a text file the printed page it sits on.

    For text, `Block.page` (and `Page.number`) is the printed page number, as the paper prints it
    in its "Page N" footers and its agenda's "(Pages 123 - 138)": the page a reader can find. Char
    offsets are unchanged. Evidence: "Page N" footers (anywhere they were merged, table cells
    included), page-starting headers ("Agenda Item N", running minutes headers), blank-page
    notices, and `starts` (block index -> first printed page of the agenda item it starts).
    `ranges` ((first block, last block, first page, last page) per agenda item) rule out stray
    numbers ("Page 5" inside pages 61 - 92). Pages between known ones are counted from the page
    breaks, never past the next known page. Without any known page nothing changes (all page 1)
    and False is returned."""
    starts = dict(starts or {})
    ranges = ranges or []
    n_footers = sum(1 for _, k, _ in marks.page_events if k == "footer") + len(marks.block_pages)
    # One "Page 12" alone may be a stray reference; page furniture repeats.
    if not doc.blocks or (not starts and n_footers < 2):
        return False
    runs = _text_runs(len(doc.blocks), marks, starts)

    def item_range(run: _Run) -> Optional[tuple[int, int]]:
        if not run.blocks:
            return None
        first = run.blocks[0]
        return next(((a, b) for f, l, a, b in ranges if f <= first <= l), None)

    # Known pages: item starts first (they must rise), then footers that fit between them.
    last = 0
    for r in runs:
        if r.anchor is not None:
            if r.anchor < last:
                r.anchor = None
            else:
                last = r.anchor
    fixed = [(k, r.anchor) for k, r in enumerate(runs) if r.anchor is not None]
    last = 0
    for k, r in enumerate(runs):
        if r.anchor is not None:
            last = r.anchor
            continue
        if not r.printed:
            continue
        n = min(r.printed)
        span = item_range(r)
        upper = next((p for j, p in fixed if j > k), None)
        if n >= max(last, 1) and (upper is None or n <= upper) and \
                (span is None or span[0] <= n <= span[1]):
            r.anchor = last = n
    if all(r.anchor is None for r in runs):
        return False
    anchors = [(k, r.anchor) for k, r in enumerate(runs) if r.anchor is not None]
    page, nxt = 0, 0
    for k, r in enumerate(runs):
        if r.anchor is not None:
            page = r.anchor
            nxt += 1
        else:
            page += 1
            if nxt < len(anchors):
                page = min(page, anchors[nxt][1])
            span = item_range(r)
            if span:
                page = min(max(page, span[0]), span[1])
        r.page = max(page, 1)

    by_page: dict[int, Page] = {}
    for r in runs:
        p = by_page.setdefault(r.page, Page(number=r.page, printed_number=str(r.page)))
        if r.item and p.agenda_item is None:
            p.agenda_item = r.item
        for i in r.blocks:
            b = doc.blocks[i]
            b.page = r.page
            p.n_chars += len(b.text)
            if b.table is not None:
                b.table.page = r.page
                b.table.pages = [r.page]
    top = max(by_page)
    doc.pages = [by_page.get(n) or Page(number=n, printed_number=str(n)) for n in range(1, top + 1)]
    return True
