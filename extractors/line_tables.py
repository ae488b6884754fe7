"""Tables that reach us as lines of text, not as a grid: a header line naming two or more periods,
then one row per label, where the row is either

  * the label on its own line and one figure per line after it (an HTML or Word table saved as
    text: 'Number of children in Care' / '473' / '513' / '492'), a count and its percentage
    counting as one cell when each period has both ('316' / '67%'); or
  * the label and its figures on one line ('Number of children in care 473 513 492'), as a PDF
    table the table finder missed reads.

Such a run is rebuilt as a grid and read by the table extractor (extractors/tables.py), so the
periods, metrics, percentages and councils are decided exactly as for any table. A run that does
not fit (a row with more or fewer figures than periods) ends the table there: nothing is guessed.
"""
from __future__ import annotations

import re
from typing import Optional

from core.model import Block, Document, Findings, Observation, Table
from core.periods import DAY_MONTH_YEAR, FINANCIAL_YEAR, MONTH_YEAR, parse_period
from core.values import cell_is_blank, cell_to_values
from extractors import table_kinds, tables

MIN_PERIODS = 2               # a header names at least two periods...
MAX_PERIODS = 12              # ...and no more than a year of months
MAX_ROWS = 60                 # rows read under one header
MAX_LABEL_WORDS = 25          # a row label is a phrase, not a paragraph
MAX_BLOCK_CHARS = 3000        # a header paragraph (rows run into it included) is short
MAX_TOKENS = 600
TEXT_KINDS = ("paragraph", "heading", "list_item")
# A period as a column header writes it: '31 March 2018', '2018/19', 'Mar 2018', '2018'.
PERIOD_TOKEN = re.compile("|".join(f"(?:{p.pattern})" for p in (
    DAY_MONTH_YEAR, FINANCIAL_YEAR, MONTH_YEAR)) + r"|\b(?:19|20)\d{2}\b", re.I)
RATE_BASE = re.compile(r"^per$", re.I)
SHARE_TOKEN = re.compile(r"^\(\d+(?:\.\d+)?%\)$")
BETWEEN_TOKENS = re.compile(r"^[\s|,;]*$")


def header_periods(text: str) -> Optional[tuple[str, list[str], str]]:
    """A header -> (caption, period texts, what follows them) when it holds a run of two or more
    periods ('Current needs ... 31 March 2018 31 March 2019 31 March 2020'), else None. What
    follows is '' for a header line, or the rows when a PDF paragraph ran them together."""
    s = " ".join(text.split())
    if not s or len(s) > MAX_BLOCK_CHARS:
        return None
    tokens = list(PERIOD_TOKEN.finditer(s))
    k = 0
    while k < len(tokens):
        run = [tokens[k]]
        while k + len(run) < len(tokens) and \
                BETWEEN_TOKENS.match(s[run[-1].end():tokens[k + len(run)].start()]):
            run.append(tokens[k + len(run)])
        texts = [m.group(0).strip() for m in run]
        if MIN_PERIODS <= len(texts) <= MAX_PERIODS and \
                all(parse_period(t) is not None for t in texts):
            return s[:run[0].start()].strip(" |:"), texts, s[run[-1].end():].strip(" |:")
        k += len(run)
    return None


def _is_figure(text: str) -> bool:
    s = " ".join(text.split())
    return bool(cell_to_values(s)) or (bool(s) and cell_is_blank(s))


def _is_label(text: str) -> bool:
    s = " ".join(text.split())
    return bool(s) and not _is_figure(s) and len(s.split()) <= MAX_LABEL_WORDS \
        and any(ch.isalpha() for ch in s) and header_periods(s) is None


def _percent(text: str) -> bool:
    return any(v.unit == "percent" for v in cell_to_values(text))


def pair_cells(values: list[str], n: int) -> Optional[list[str]]:
    """The figures under one label -> one cell per period: n figures as they are, or 2n that
    alternate a count and its percentage ('316', '67%' -> '316 (67%)'); else None."""
    if len(values) == n:
        return values
    if len(values) == 2 * n and all(not _percent(a) and _percent(b)
                                    for a, b in zip(values[::2], values[1::2])):
        return [f"{a} ({b})" for a, b in zip(values[::2], values[1::2])]
    return None


def _is_figure_token(token: str) -> bool:
    return bool(cell_to_values(token))


def segment_rows(text: str, n: int) -> Optional[list[list[str]]]:
    """'Number of children in care 473 513 492 Rate per 10,000 39.2 41.7 39.9' -> one row per
    label with its n figures, when the whole text is labels each followed by exactly n figures
    (or n counts each with its percentage); else None. A number after 'per' is the label's rate
    base ('per 10,000'), not a figure."""
    tokens = text.split()[:MAX_TOKENS]
    rows: list[list[str]] = []
    i = 0
    while i < len(tokens) and len(rows) < MAX_ROWS:
        label: list[str] = []
        while i < len(tokens) and (not _is_figure_token(tokens[i]) or
                                   (label and RATE_BASE.search(label[-1]))):
            label.append(tokens[i])
            i += 1
        figures: list[str] = []
        while i < len(tokens) and len(figures) <= 2 * n and (
                _is_figure_token(tokens[i]) or (figures and (cell_is_blank(tokens[i]) or
                                                             SHARE_TOKEN.match(tokens[i])))):
            if SHARE_TOKEN.match(tokens[i]) and figures and not _percent(figures[-1]):
                figures[-1] = f"{figures[-1]} {tokens[i]}"      # '316 (67%)'
            else:
                figures.append(tokens[i])
            i += 1
        cells = pair_cells(figures, n)
        if cells is None or not _is_label(" ".join(label)):
            return None
        rows.append([" ".join(label), *cells])
    return rows if rows and i >= len(tokens) else None


def read_rows(blocks: list[Block], start: int, n: int) -> tuple[list[list[str]], int]:
    """Rows under a header ending at blocks[start - 1]: (rows, index of the first block after
    them). Stops at the first block that is neither a row line nor a label with its figures."""
    rows: list[list[str]] = []
    i = start
    while i < len(blocks) and len(rows) < MAX_ROWS:
        b = blocks[i]
        if b.kind not in TEXT_KINDS:
            break
        inline = segment_rows(b.text, n)
        if inline is not None:
            rows.extend(inline)
            i += 1
            continue
        if not _is_label(b.text):
            break
        j = i + 1
        values: list[str] = []
        while j < len(blocks) and len(values) <= 2 * n and blocks[j].kind in TEXT_KINDS \
                and _is_figure(blocks[j].text):
            values.append(" ".join(blocks[j].text.split()))
            j += 1
        cells = pair_cells(values, n)
        if cells is None:
            break
        rows.append([" ".join(b.text.split()), *cells])
        i = j
    return rows, i


def find_line_tables(doc: Document) -> list[tuple[int, Table]]:
    """(header block index, the table rebuilt from the lines under it) for each run found."""
    found: list[tuple[int, Table]] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        head = header_periods(b.text) if b.kind in TEXT_KINDS else None
        if head is None:
            i += 1
            continue
        caption, periods, rest = head
        first = segment_rows(rest, len(periods)) if rest else []
        if first is None:           # words after the periods that are not rows: not a header
            i += 1
            continue
        rows, end = read_rows(blocks, i + 1, len(periods))
        rows = first + rows
        if not rows:
            i += 1
            continue
        pages = sorted({blk.page for blk in blocks[i:end]})
        found.append((i, Table(rows=[[caption, *periods], *rows], page=b.page, method="lines",
                               pages=pages, caption=caption or None)))
        i = end
    return found


def extract(doc: Document) -> Findings:
    found = Findings()
    for bi, table in find_line_tables(doc):
        try:
            if table_kinds.classify_table(table) != table_kinds.METRICS:
                continue
            obs: list[Observation] = tables.table_to_observations(doc, bi, table)
        except Exception as e:  # contain: one odd run of lines must not lose the others
            doc.partial_reasons.append(
                f"lines read as a table on page {table.page} could not be read "
                f"({type(e).__name__}: {e})")
            continue
        for o in obs:
            o.table_index = None        # not one of the document's stored tables
        found.observations.extend(obs)
    return found
