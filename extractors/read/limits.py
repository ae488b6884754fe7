"""Caps on what one document may hold, so the work spent on any file is bounded by these numbers
and not by whatever its author (or a broken exporter) put in it.

Each cap is far above what a council paper needs (the sample corpus peaks at 92 pages, 106 KB
of page content and a few thousand characters a page). A document over a cap keeps what was read
within it and becomes `partial`, or `failed` when nothing usable is left; either way the reason
names the cap and the file (see `exceeded`).
"""
from __future__ import annotations

from pathlib import PurePath

MiB = 1024 * 1024

# Pages read from one PDF; later pages are left out. (2,000 pages read in about 14 s.)
MAX_PAGES = 3000
# Characters on one PDF page. A dense A4 page holds about 10,000; each character costs about a
# kilobyte while the page is read, so this also bounds a page's memory.
MAX_CHARS_PER_PAGE = 100_000
# Drawing operations (lines, rectangles, curves, images) on one PDF page: table finding compares
# rules with each other, so a page of a million strokes must not reach it.
MAX_GRAPHICS_PER_PAGE = 50_000
# One PDF stream once decompressed. A deflate "bomb" inflates about 1,000-fold: without this a
# 1 MB file can ask for a gigabyte. The largest stream in the sample corpus is 0.5 MB.
MAX_STREAM_BYTES = 32 * MiB
# All the streams of one PDF once decompressed (pdfminer keeps them while the file is open).
MAX_INFLATED_BYTES = 256 * MiB
# Drawing instructions of one PDF page (its content streams and the forms it draws), once
# decompressed. pdfminer reads them at roughly 100-200 KB a second, so this bounds a page's time
# too; a page of text needs well under 1 MB (the sample corpus peaks at 106 KB).
MAX_PAGE_CONTENT_BYTES = 4 * MiB
# Characters of one text or HTML document (about 3,000 pages of prose); the rest is left out.
MAX_TEXT_CHARS = 10_000_000
# Characters of one HTML document. Parsed HTML costs about 150 bytes of memory per character of
# tag-dense markup (4 MB of <p> elements took 580 MB); a council's web page is well under 1 MB.
MAX_HTML_CHARS = 4_000_000
# Element nesting read as structure in HTML; text nested deeper is read as plain paragraphs.
# Python's own recursion limit (1,000) is what a deeper walk would hit.
MAX_HTML_DEPTH = 200
# Vertical x horizontal rules on one PDF page (after pdfplumber joins collinear strokes): its
# ruled-table finder compares every vertical rule with every horizontal one. A large ruled
# table has a few thousand pairs (the sample corpus peaks at about 1,000).
MAX_RULE_PAIRS = 250_000
# Cells of one table (rows x columns, after HTML row and column spans are expanded); rows past
# it are left out.
MAX_TABLE_CELLS = 100_000
# Table cells in one document; later tables are left out.
MAX_DOCUMENT_CELLS = 1_000_000


class LimitExceeded(Exception):
    """Raised inside a reader when a cap is reached in the middle of parsing."""


def exceeded(source_path: str, what: str, outcome: str) -> str:
    """The sentence a person reads: which file, which cap, what was kept."""
    name = PurePath(source_path).name or source_path
    return f"{name}: {what}; {outcome}"
