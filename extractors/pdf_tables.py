"""Tables on a PDF page -> Table objects. Ruled tables come from pdfplumber's lines strategy;
unruled ones from the page's words: runs of lines split into aligned columns by wide gaps.
Called once per page by the PDF reader, which then leaves the words inside the returned bboxes
out of the paragraph text, so every bbox covers exactly its table.
"""
from __future__ import annotations

import re
from statistics import median

from extractors.readers.common import clean_cell
from pipeline.models import Block, Document, Table

LINES_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
MIN_ROWS, MIN_COLS = 2, 2
LINE_TOL = 3.0           # words whose tops differ by less are on one line
COLUMN_GAP = 7.0         # a gap this wide between words separates cells (word spaces are ~3pt)
COLUMN_TOL = 4.0         # cell left edges this close belong to one column
MIN_TABULAR_CELLS = 3    # a line with this many cells is tabular on its own
MAX_ROW_GAP = 2.2        # a region ends at a vertical gap wider than this many row pitches
WRAP_PITCH = 0.8         # a line closer than this share of the row pitch continues the row above
BOX_PAD = 1.0
# Word pieces shorter than this, not themselves short words, were wrapped inside a narrow cell.
MAX_FRAGMENT = 3
SHORT_WORDS = {"a", "an", "and", "as", "at", "be", "by", "do", "for", "go", "he", "if", "in",
               "is", "it", "me", "my", "no", "of", "on", "or", "so", "the", "to", "up", "us",
               "we", "per", "via", "all", "are", "not", "was", "who", "new", "out"}
STACKED_NUMBER = re.compile(r"^[£(]?-?[\d,.]+%?\)?\*?$")
FURNITURE_CHARS = 40     # text blocks this short between two tables may be page furniture


# --- cell text --------------------------------------------------------------------------------

def rejoin_wrapped(text: str) -> str:
    """'Stag\\nes' -> 'Stages', 'Tot\\nal' -> 'Total'; a real line break ('31st March\\n2014',
    'Community\\nImpact') becomes a space."""
    if not text or "\n" not in text:
        return text or ""
    lines = [l.strip() for l in text.split("\n")]
    out = lines[0]
    for nxt in lines[1:]:
        if not nxt:
            continue
        tail = re.search(r"([A-Za-z]+)$", out)
        head = re.match(r"([a-z]+)", nxt)
        joined = False
        if tail and head:
            a, b = tail.group(1), head.group(1)
            broken_tail = len(a) <= MAX_FRAGMENT + 1 and a.lower() not in SHORT_WORDS and out == a
            broken_head = len(b) <= MAX_FRAGMENT - 1 and b not in SHORT_WORDS
            joined = broken_tail or broken_head
        out = out + nxt if joined else f"{out} {nxt}"
    return out


def cell_text(raw: str | None) -> str:
    return clean_cell(rejoin_wrapped(raw or ""))


# --- ruled tables -----------------------------------------------------------------------------

def split_stacked_rows(rows: list[list]) -> list[list[str]]:
    """A ruled row holding several lines in every cell (rules only every few rows, as in
    dense statistical tables) -> one row per line, when every filled cell has the same count."""
    out = []
    for row in rows:
        cells = [c or "" for c in row]
        counts = {len(c.split("\n")) for c in cells if c.strip()}
        numeric = sum(1 for c in cells if c.strip() and all(
            STACKED_NUMBER.match(x.strip()) for x in c.split("\n")))
        if len(counts) == 1 and (k := counts.pop()) > 1 and numeric >= MIN_COLS:
            parts = [c.split("\n") if c.strip() else [""] * k for c in cells]
            out.extend([list(line) for line in zip(*parts)])
        else:
            out.append(cells)
    return out


def ruled_tables(page, page_number: int) -> list[Table]:
    tables = []
    for found in page.find_tables(LINES_SETTINGS):
        rows = [[cell_text(c) for c in row] for row in split_stacked_rows(found.extract())]
        rows = [r for r in rows if any(r)]
        if len(rows) < MIN_ROWS or max((len(r) for r in rows), default=0) < MIN_COLS:
            continue
        tables.append(Table(rows=rows, page=page_number, method="lines",
                            bbox=tuple(found.bbox), pages=[page_number]))
    return tables


# --- unruled tables from words ----------------------------------------------------------------

def words_to_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) < LINE_TOL:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(l, key=lambda w: w["x0"]) for l in lines]


def line_to_cells(line: list[dict]) -> list[dict]:
    """Words of one line -> cells: words closer than COLUMN_GAP join into one cell."""
    cells = []
    for w in line:
        if cells and w["x0"] - cells[-1]["x1"] < COLUMN_GAP:
            c = cells[-1]
            c["text"] += " " + w["text"]
            c["x1"] = max(c["x1"], w["x1"])
            c["bottom"] = max(c["bottom"], w["bottom"])
        else:
            cells.append({"text": w["text"], "x0": w["x0"], "x1": w["x1"], "top": w["top"],
                          "bottom": w["bottom"]})
    return cells


def _regions(lines: list[list[dict]]) -> list[list[list[dict]]]:
    """Runs of tabular lines (as cells); a one-cell line right under a row continues it."""
    cells = [line_to_cells(l) for l in lines]
    regions, current = [], []
    for i, line in enumerate(cells):
        tabular = len(line) >= MIN_TABULAR_CELLS or (
            len(line) >= MIN_COLS and current and len(current[-1]) >= MIN_COLS)
        if current:
            pitch = _pitch(current)
            gap = line[0]["top"] - current[-1][0]["top"]
            if gap > MAX_ROW_GAP * pitch:
                regions.append(current)
                current = []
        if tabular:
            current.append(line)
        elif current and len(line) == 1 and _pitch(current) and (
                line[0]["top"] - current[-1][0]["top"] < WRAP_PITCH * _pitch(current) + LINE_TOL):
            current.append(line)             # wrapped label line inside the table
        elif current:
            regions.append(current)
            current = []
    if current:
        regions.append(current)
    return [r for r in regions if sum(1 for l in r if len(l) >= MIN_TABULAR_CELLS) >= 1
            and sum(1 for l in r if len(l) >= MIN_COLS) >= MIN_ROWS]


def _pitch(region: list[list[dict]]) -> float:
    gaps = [b[0]["top"] - a[0]["top"] for a, b in zip(region, region[1:])]
    return median(gaps) if gaps else 16.0


def _column_starts(region: list[list[dict]]) -> list[float]:
    starts: list[float] = []
    for x in sorted(c["x0"] for line in region for c in line):
        if not starts or x - starts[-1] > COLUMN_TOL:
            starts.append(x)
    return starts


def region_to_table(region: list[list[dict]], page_number: int) -> Table | None:
    starts = _column_starts(region)
    if len(starts) < MIN_COLS:
        return None
    pitch = _pitch([l for l in region if len(l) >= MIN_COLS])
    rows: list[list[str]] = []
    prev_top = None
    for line in region:
        row = [""] * len(starts)
        for c in line:
            col = max(i for i, s in enumerate(starts) if s <= c["x0"] + COLUMN_TOL)
            row[col] = f"{row[col]} {c['text']}".strip()
        wrapped = prev_top is not None and line[0]["top"] - prev_top < WRAP_PITCH * pitch
        if rows and wrapped:
            rows[-1] = [f"{a}\n{b}".strip("\n") if b else a for a, b in zip(rows[-1], row)]
        else:
            rows.append(row)
        prev_top = line[0]["top"]
    rows = [[cell_text(c) for c in r] for r in rows]
    # Drop columns nobody filled (a stray left edge).
    keep = [i for i in range(len(starts)) if any(r[i] for r in rows)]
    rows = [[r[i] for i in keep] for r in rows]
    if len(rows) < MIN_ROWS or len(keep) < MIN_COLS:
        return None
    x0 = min(c["x0"] for l in region for c in l) - BOX_PAD
    x1 = max(c["x1"] for l in region for c in l) + BOX_PAD
    top = min(c["top"] for l in region for c in l) - BOX_PAD
    bottom = max(c["bottom"] for l in region for c in l) + BOX_PAD
    return Table(rows=rows, page=page_number, method="text", bbox=(x0, top, x1, bottom),
                 pages=[page_number])


def _inside(word: dict, box) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def unruled_tables(words: list[dict], page_number: int, exclude: list) -> list[Table]:
    words = [w for w in words if not any(_inside(w, b) for b in exclude)]
    tables = []
    for region in _regions(words_to_lines(words)):
        t = region_to_table(region, page_number)
        if t is not None:
            tables.append(t)
    return tables


def find_tables(page, page_number: int, words: list[dict] | None = None) -> list[Table]:
    """Ruled tables first; then unruled ones among the words outside them. Top to bottom.
    `words` are the page's words when the caller already has them (each page is read once)."""
    if words is None:
        words = page.extract_words()
    tables = ruled_tables(page, page_number)
    tables += unruled_tables(words, page_number, [t.bbox for t in tables])
    return sorted(tables, key=lambda t: t.bbox[1] if t.bbox else 0)


def table_text(table: Table) -> str:
    return "\n".join(" | ".join(c for c in row if c) for row in table.rows)


# --- tables over a page break -----------------------------------------------------------------

def _continues(first: Table, second: Table) -> bool:
    return (second.page == (first.pages or [first.page])[-1] + 1
            and first.n_cols == second.n_cols and first.method == second.method)


def join_continued_tables(doc: Document) -> None:
    """Join a table that runs on at the top of the next page (same columns; a repeated header is
    dropped). Short text between them (running headers, "Page 7") does not break the join."""
    i = 0
    while i < len(doc.blocks):
        block = doc.blocks[i]
        if block.kind != "table" or block.table is None:
            i += 1
            continue
        j = i + 1
        while j < len(doc.blocks) and doc.blocks[j].kind != "table" and \
                len(doc.blocks[j].text) <= FURNITURE_CHARS:
            j += 1
        nxt = doc.blocks[j] if j < len(doc.blocks) else None
        if nxt is None or nxt.kind != "table" or nxt.table is None or \
                not _continues(block.table, nxt.table):
            i += 1
            continue
        first, second = block.table, nxt.table
        rows = second.rows[1:] if second.rows and second.rows[0] == first.rows[0] else second.rows
        first.rows.extend(rows)
        first.pages = sorted(set((first.pages or [first.page]) + (second.pages or [second.page])))
        block.text = table_text(first)
        del doc.blocks[j]
