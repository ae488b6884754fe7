"""Plain text -> Document: paragraphs split on blank lines, tab-separated runs become tables.

A page saved as text from a committee site (ModernGov's mgAi / ieIssueDetails pages) has no blank
lines: each line is already a paragraph, a field label ("Decision:", "Minutes:") or a list item.
Such a text is read line by line (`lines_are_paragraphs`); in any text a field label starts a block.

Text extracted from PDFs has no page breaks we can trust, so every block sits on page 1 unless the
layout pass later maps "Page N" furniture to pages. Offsets (char_start/char_end) point into the
decoded text so any block can be traced back to the file.
"""
from __future__ import annotations

import re

from core.errors import UnreadableDocument
from core.model import Block, Document, Page, Table
from extractors.read import limits
from extractors.read.common import clean_cell, is_list_item, normalise_space, strip_markup
from extractors.read.sniff import decode_text

MAX_HEADING_CHARS = 90
MAX_HEADING_WORDS = 14
LINE = re.compile(r"[^\n]*\n|[^\n]+$")

# The labels of a committee site's page fields. A line opening with one starts a block, so a
# decision, a resolution or the minutes are blocks of their own, not the tail of the line before.
FIELD_LABELS = ("decision", "decisions", "minutes", "resolved", "resolution", "penderfyniad",
                "penderfynwyd", "additional documents", "supporting documents", "background papers",
                "lead member", "lead officer", "contact", "contact officer", "purpose", "subject",
                "summary", "recommendations?", "reasons? for (?:the )?decision",
                "alternative options(?: considered)?", "report author", "wards? affected",
                "decision maker", "decision status", "meeting", "present", "apologies", "in attendance",
                "notice of proposed decision first published", "date of decision", "key decision")
FIELD_LINE = re.compile(rf"^\s*(?:{'|'.join(FIELD_LABELS)})\b\s*(?:\([^)\n]{{0,30}}\)\s*)?[:\-–—]?\s*(?:$|(?<=[:\-–—])|(?<=:\s))",
                        re.I)
# A text whose lines are paragraphs: no paragraph breaks (at most one blank line per
# BLANKS_PER_LINE lines) and lines longer than any page's wrap width.
UNWRAPPED_LINE_CHARS = 160
BLANKS_PER_LINE = 10
# A line that goes on: it starts in lower case, or the line before ends on a comma or a hyphen.
# (A page's field may end on "and": its text was cut there, and the next line is another field.)
CONTINUES = re.compile(r"^\s*[a-z]")
# A list mark on a line of its own ("a)", "(ii)", "3."): the item's text is on the next line.
BARE_MARK = re.compile(r"^\s*(?:\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))\s*$")
BROKEN_OFF = re.compile(r"[,\-–(&/]\s*$")
CUT_OFF = re.compile(r"\b(?:and|or|but|of|the|to|that|with|by|a|an)\s*$", re.I)


def _lines_with_offsets(text: str):
    pos = 0
    for m in LINE.finditer(text):
        raw = m.group(0)
        yield raw.rstrip("\r\n"), pos
        pos += len(raw)


def looks_like_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > MAX_HEADING_CHARS or len(s.split()) > MAX_HEADING_WORDS:
        return False
    if s.endswith((".", ",", ";")) and not s.endswith("..."):
        return False
    if CUT_OFF.search(s):
        return False    # "... cabinet noted the report and": a sentence cut off, not a title
    if is_list_item(s) and not re.match(r"^\d+(\.\d+)*\.?\s+[A-Z]", s):
        return False
    first = s.lstrip("0123456789.() ")
    words = s.split()
    if s.rstrip("-").endswith(":") and len(words) > 2 and any(w[0].islower() for w in words[1:]):
        return False    # "The priorities are:" leads into a list; "Recommendations:" heads one
    return bool(first) and (first[0].isupper() or first[0].isdigit())


def is_field_line(line: str) -> bool:
    """"Decision:", "RESOLVED -", "Lead member: Portfolio Holder ...": a page field's label."""
    return bool(FIELD_LINE.match(line))


def lines_are_paragraphs(text: str) -> bool:
    """A saved web page's text (one paragraph a line, no blank lines between), not a PDF's text
    wrapped at the page width or a text paragraphed by blank lines."""
    lines = [l for l in text.split("\n") if l.strip()]
    blanks = text.count("\n\n")
    return bool(lines) and blanks * BLANKS_PER_LINE <= len(lines) and \
        any(len(l) > UNWRAPPED_LINE_CHARS for l in lines)


def starts_block(prev: str, line: str, by_line: bool) -> bool:
    """Whether `line` opens a new block after `prev` in the same run of lines."""
    if is_list_item(line) or is_field_line(line) or BARE_MARK.match(line):
        return True
    goes_on = bool(CONTINUES.match(line) or BROKEN_OFF.search(prev))
    return (by_line or is_field_line(prev)) and not goes_on


def text_to_blocks(text: str) -> list[Block]:
    """Group lines into blocks. Pure: the same text always gives the same blocks."""
    by_line = lines_are_paragraphs(text)
    blocks: list[Block] = []
    para: list[tuple[str, int]] = []
    table: list[tuple[str, int]] = []

    def flush_para():
        if not para:
            return
        start = para[0][1]
        end = para[-1][1] + len(para[-1][0])
        joined = normalise_space(strip_markup(" ".join(l.strip() for l, _ in para)))
        if joined:
            if len(para) == 1 and looks_like_heading(para[0][0]):
                kind = "heading"
            elif is_list_item(para[0][0]):
                kind = "list_item"
            else:
                kind = "paragraph"
            blocks.append(Block(kind=kind, text=joined, page=1, char_start=start, char_end=end))
        para.clear()

    def flush_table():
        if not table:
            return
        rows = [[clean_cell(c) for c in line.split("\t")] for line, _ in table]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        start = table[0][1]
        end = table[-1][1] + len(table[-1][0])
        t = Table(rows=rows, page=1, method="tsv", pages=[1])
        text_repr = "\n".join(" | ".join(c for c in r if c) for r in rows)
        blocks.append(Block(kind="table", text=text_repr, page=1, char_start=start,
                            char_end=end, table=t))
        table.clear()

    for line, offset in _lines_with_offsets(text):
        if "\t" in line and line.strip():
            flush_para()
            table.append((line, offset))
            continue
        flush_table()
        if not line.strip():
            flush_para()
            continue
        # Bullets, numbered items and page fields start a block even without a blank line.
        if para and starts_block(para[-1][0], line, by_line):
            flush_para()
        para.append((line, offset))
    flush_para()
    flush_table()
    return blocks


def capped_text(text: str, source_path: str, cap: int | None = None) -> tuple[str, str | None]:
    """The text cut to `cap` characters (MAX_TEXT_CHARS unless given; at a line break when there
    is one), and the reason."""
    cap = limits.MAX_TEXT_CHARS if cap is None else cap
    if len(text) <= cap:
        return text, None
    end = text.rfind("\n", 0, cap)
    kept = text[:end if end > 0 else cap]
    return kept, limits.exceeded(
        source_path, f"the text is longer than {cap:,} characters (the cap on characters per "
        "document)", f"only the first {len(kept):,} were read")


def read_text(data: bytes, source_path: str, sha256: str) -> Document:
    if not data.strip():
        raise UnreadableDocument("the file is empty (0 bytes of text); nothing to extract")
    text, encoding = decode_text(data)
    text, cut = capped_text(text, source_path)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    blocks = text_to_blocks(text)
    if not blocks:
        raise UnreadableDocument("the file holds only white space; nothing to extract")
    doc = Document(source_path=source_path, sha256=sha256, format="text",
                   pages=[Page(number=1, n_chars=len(text))], blocks=blocks)
    if encoding != "utf-8-sig":
        doc.warnings.append(f"decoded as {encoding}, not UTF-8")
    if cut:
        doc.partial_reasons.append(cut)
    for i, t in enumerate(doc.tables):
        t.index = i
    return doc
