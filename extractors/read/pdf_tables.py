"""Tables on a PDF page -> Table objects. Ruled tables come from pdfplumber's lines strategy;
unruled ones from the page's words: runs of lines split into aligned columns by wide gaps.
Called once per page by the PDF reader, which then leaves the words inside the returned bboxes
out of the paragraph text, so every bbox covers exactly its table.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from statistics import median

from pdfplumber.table import merge_edges

from core.model import Block, Document, Table
from extractors.read import limits
from extractors.read import pdf_layout as layout
from extractors.read.common import clean_cell

LINES_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
MIN_ROWS, MIN_COLS = 2, 2
LINE_TOL = 3.0           # words whose tops differ by less are on one line
COLUMN_GAP = 7.0         # a gap this wide between words separates cells (word spaces are ~3pt)
FIGURE_GAP_EM = 0.45     # figures further apart than this share of their size are two cells
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
NUMERIC_PIECE = re.compile(r"^[\d.]+$")
STACKED_NUMBER = re.compile(r"^[£(]?-?[\d,.]+%?\)?\*?$")
FURNITURE_CHARS = 40     # text blocks this short between two tables may be page furniture
EDGE_TOL = 3.0           # rule ends this close are one line
MIN_RULE_LENGTH = 8.0    # shorter vertical strokes are not column rules
WRAP_LINES = 2.0         # a line this many line heights under a spanning row may continue it
COLUMN_EDGE_TOL = 24.0   # a column's line starts this close to its left edge (indents, bullets)
FOOT_MARGIN = 0.08       # the bottom share of a page that holds only furniture (page numbers)


# --- cell text --------------------------------------------------------------------------------

def rejoin_wrapped(text: str) -> str:
    """'Stag\\nes' -> 'Stages', 'Tot\\nal' -> 'Total'; a real line break ('31st March\\n2014',
    'Community\\nImpact') becomes a space."""
    if not text or "\n" not in text:
        return text or ""
    lines = [l.strip() for l in text.split("\n")]
    pieces = [l for l in lines if l]
    if all(NUMERIC_PIECE.match(l) for l in pieces) and (
            any(l.endswith(".") or l.startswith(".") for l in pieces)
            or pieces[0].count(".") >= 2):
        return "".join(lines)             # a dotted ref wrapped in a narrow cell: "1.\n1.\n7"
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


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= EDGE_TOL


def closing_edges(page) -> list[dict]:
    """Horizontal rules a table cut by a page break lacks: its column rules run to the page's
    foot (or start at its head) with no rule across them there, so the last (first) row would
    have no cell. One edge across each such run of column rules, when the table has other
    horizontal rules (column rules alone are not a table)."""
    edges = [e for e in page.edges if e["orientation"] in ("h", "v")]
    verticals = [e for e in edges if e["orientation"] == "v"
                 and e["bottom"] - e["top"] >= MIN_RULE_LENGTH]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    added = []
    for end in ("top", "bottom"):
        groups: list[list[dict]] = []
        for v in sorted(verticals, key=lambda e: e[end]):
            if groups and _near(groups[-1][-1][end], v[end]):
                groups[-1].append(v)
            else:
                groups.append([v])
        for g in groups:
            if len(g) < MIN_COLS + 1:
                continue
            y = median(v[end] for v in g)
            x0, x1 = min(v["x0"] for v in g), max(v["x1"] for v in g)
            top, bottom = min(v["top"] for v in g), max(v["bottom"] for v in g)

            def spans(h):
                return h["x0"] <= x0 + EDGE_TOL and h["x1"] >= x1 - EDGE_TOL

            if any(_near(h["top"], y) and spans(h) for h in horizontals):
                continue                         # closed already
            if not any(top - EDGE_TOL <= h["top"] <= bottom + EDGE_TOL and spans(h)
                       for h in horizontals):
                continue                         # no rule across: not a table's grid
            added.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y,
                          "width": x1 - x0, "height": 0.0})
    return added


def _at_page_edge(page, bbox, words: list[dict]) -> bool:
    """Nothing but page furniture (in the top or bottom margin) lies below `bbox`, or above it:
    the table is cut by a page break."""
    head, foot = page.height * FOOT_MARGIN, page.height * (1 - FOOT_MARGIN)
    below = any(bbox[3] < w["top"] < foot for w in words)
    above = any(head < w["bottom"] < bbox[1] for w in words)
    return not below or not above


SNAP_JOIN = 3.0         # pdfplumber's default snap and join tolerances for rules


def too_many_rules(page) -> bool:
    """More vertical x horizontal rules than MAX_RULE_PAIRS: finding ruled tables would compare
    each with each (a page of thousands of scattered strokes, a vector drawing). A chart's sloping
    segments are edges with no orientation: they are not rules (and merge_edges fails on them)."""
    edges = [e for e in page.edges if e.get("orientation") in ("h", "v")]
    if len(edges) < 2 * 500:        # fewer than 500 x 500 pairs whatever the split
        return False
    merged = merge_edges(edges, SNAP_JOIN, SNAP_JOIN, SNAP_JOIN, SNAP_JOIN)
    vertical = sum(1 for e in merged if e["orientation"] == "v")
    return vertical * (len(merged) - vertical) > limits.MAX_RULE_PAIRS


TOO_MANY_RULES = (f"more than {limits.MAX_RULE_PAIRS:,} pairs of ruling lines to cross (the cap on "
                  "rules searched for tables)")


def ruled_tables(page, page_number: int, words: list[dict] | None = None,
                 notes: list[str] | None = None) -> list[Table]:
    """Ruled tables of the page; none (and a note) when it has too many rules to search."""
    if too_many_rules(page):
        if notes is not None:
            notes.append(TOO_MANY_RULES + ": its tables were read from text alignment only")
        return []
    tables = []
    settings: dict[str, object] = dict(LINES_SETTINGS)
    extra = closing_edges(page)
    if extra:
        settings["explicit_horizontal_lines"] = extra
    for found in page.find_tables(settings):
        rows = [[cell_text(c) for c in row] for row in split_stacked_rows(found.extract())]
        rows = [r for r in rows if any(r)]
        if max((len(r) for r in rows), default=0) < MIN_COLS:
            continue
        # One ruled row is kept only at the page's foot or head: a header whose body runs on
        # overleaf, or the last row of a table from the page before.
        if len(rows) < MIN_ROWS and not (
                rows and words is not None and _at_page_edge(page, found.bbox, words)):
            continue
        t = Table(rows=rows, page=page_number, method="lines", bbox=tuple(found.bbox),
                  pages=[page_number])
        # No rule of the page above its first row: a row cut by the page break continues here.
        t.open_top = any(_near(e["top"], found.bbox[1]) for e in extra)
        tables.append(t)
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


def _same_cell(prev: dict, word: dict) -> bool:
    """Two words of a line belong to one cell: closer than COLUMN_GAP, unless both are figures
    set wider apart than a word space (a narrow column's figures stand closer than COLUMN_GAP)."""
    gap = word["x0"] - prev["x1"]
    if gap >= COLUMN_GAP:
        return False
    return not (gap >= FIGURE_GAP_EM * (word.get("size") or 10)
                and STACKED_NUMBER.match(prev["text"]) and STACKED_NUMBER.match(word["text"]))


def line_to_cells(line: list[dict]) -> list[dict]:
    """Words of one line -> cells: words closer than COLUMN_GAP join into one cell."""
    cells: list[dict] = []
    for w in line:
        if cells and _same_cell(cells[-1]["words"][-1], w):
            c = cells[-1]
            c["text"] += " " + w["text"]
            c["x1"] = max(c["x1"], w["x1"])
            c["bottom"] = max(c["bottom"], w["bottom"])
            c["words"].append(w)
        else:
            cells.append({"text": w["text"], "x0": w["x0"], "x1": w["x1"], "top": w["top"],
                          "bottom": w["bottom"], "words": [w]})
    return cells


def _regions(lines: list[list[dict]]) -> list[list[list[dict]]]:
    """Runs of tabular lines (as cells); a one-cell line right under a row continues it."""
    cells = [line_to_cells(l) for l in lines]
    regions: list[list[list[dict]]] = []
    current: list[list[dict]] = []
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


def _split_at_starts(cell: dict, starts: list[float], used: set[int]) -> list[dict]:
    """A cell whose words run on to the left edge of another column (one that other rows use:
    `used`) -> one cell per column: in a narrow column the gap between two cells can be as
    small as a word space ('pr ay n' under 'A M Ju' is 'pr' | 'ay' | 'n')."""
    words = cell.get("words") or []
    if len(words) < 2:
        return [cell]
    pieces: list[list[dict]] = [[words[0]]]
    for w in words[1:]:
        k = bisect_right(starts, w["x0"] + COLUMN_TOL) - 1
        if k in used and abs(starts[k] - w["x0"]) <= COLUMN_TOL and \
                starts[k] > pieces[-1][0]["x0"] + COLUMN_TOL:
            pieces.append([w])
        else:
            pieces[-1].append(w)
    if len(pieces) == 1:
        return [cell]
    return [{"text": " ".join(w["text"] for w in p), "x0": p[0]["x0"], "x1": p[-1]["x1"],
             "top": p[0]["top"], "bottom": max(w["bottom"] for w in p)} for p in pieces]


def _used_starts(region: list[list[dict]], starts: list[float]) -> set[int]:
    """Columns at least MIN_ROWS cells of the region start at."""
    counts: dict[int, int] = {}
    for line in region:
        for c in line:
            k = bisect_right(starts, c["x0"] + COLUMN_TOL) - 1
            counts[k] = counts.get(k, 0) + 1
    return {k for k, n in counts.items() if n >= MIN_ROWS}


def region_to_table(region: list[list[dict]], page_number: int) -> Table | None:
    starts = _column_starts(region)
    if len(starts) < MIN_COLS:
        return None
    used = _used_starts(region, starts)
    pitch = _pitch([l for l in region if len(l) >= MIN_COLS])
    rows: list[list[str]] = []
    prev_top = None
    for line in region:
        row = [""] * len(starts)
        for c in (piece for cell in line for piece in _split_at_starts(cell, starts, used)):
            col = bisect_right(starts, c["x0"] + COLUMN_TOL) - 1     # starts are sorted
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


def column_streams(lines: list[list[dict]], gutters) -> list[list[list[dict]]]:
    """The page's lines as one stream per text column, plus one stream of the lines that span
    the columns (a table set across the page), when each column holds running text; otherwise
    one stream, the page. Looking for tables column by column keeps the text of the next
    column out of a table's rows. A line's piece in a column after the first belongs to that
    column only when it starts at the column's left edge: a row of a table across the page
    goes on past the gutter wherever its cells happen to fall."""
    if not gutters:
        return [lines]
    columns: list[list[list[dict]]] = [[] for _ in range(len(gutters) + 1)]
    spanning: list[list[dict]] = []
    for line in lines:
        pieces: dict[int, list[dict]] | None = {}
        for w in line:
            col = 0
            for k, (g0, g1) in enumerate(gutters):
                if w["x0"] < g0 + 1 and w["x1"] > g1 - 1:
                    pieces = None                    # a word across a gutter
                    break
                if w["x0"] >= g1 - 1:
                    col = k + 1
            if pieces is None:
                break
            pieces.setdefault(col, []).append(w)
        across = pieces is None or any(_runs_across(pieces, col, gutters)
                                       for col in pieces if col)
        if across and pieces is not None and len(pieces) == 1 and not (
                spanning and line[0]["top"] - spanning[-1][0]["top"] <= WRAP_LINES * _height(line)):
            across = False     # a lone piece off the edge, not under a spanning row: its column's
        if across or pieces is None:
            spanning.append(line)
            continue
        for col, ws in pieces.items():
            columns[col].append(ws)

    def count(test, col):
        return sum(1 for l in col if test([w["text"] for w in l]))

    # As for the gutters themselves: running text in one column, worded lines in every one.
    if not (any(count(layout.is_text_line, c) >= layout.MIN_TEXT_LINES for c in columns)
            and all(count(layout.is_worded_line, c) >= layout.MIN_TEXT_LINES for c in columns)):
        return [lines]
    return [c for c in columns + [spanning] if c]


def _height(line: list[dict]) -> float:
    return max(w["bottom"] - w["top"] for w in line)


def _runs_across(pieces: dict[int, list[dict]], col: int, gutters) -> bool:
    """The line's piece in column `col` continues a row begun left of the gutter: it starts
    away from the column's left edge, and the column before it holds nothing, or neither
    reaches the gutter nor is running text (a cell-to-cell gap, not a column's ragged edge)."""
    g0, g1 = gutters[col - 1]
    if pieces[col][0]["x0"] <= g1 + COLUMN_EDGE_TOL:
        return False
    before = pieces.get(col - 1)
    return not before or (before[-1]["x1"] < g0 - COLUMN_EDGE_TOL
                          and not layout.is_text_line([w["text"] for w in before]))


def unruled_tables(words: list[dict], page_number: int, exclude: list,
                   gutters: list[tuple[float, float]] | None = None) -> list[Table]:
    """Tables found from text alignment among the words outside `exclude`, column by column
    when the page has columns of text (`gutters`)."""
    words = [w for w in words if not any(_inside(w, b) for b in exclude)]
    tables = []
    regions = [r for stream in column_streams(words_to_lines(words), gutters or [])
               for r in _regions(stream)]
    for region in regions:
        t = region_to_table(region, page_number)
        if t is not None:
            tables.append(t)
    return tables


def find_tables(page, page_number: int, words: list[dict] | None = None,
                notes: list[str] | None = None,
                gutters: list[tuple[float, float]] | None = None) -> list[Table]:
    """Ruled tables first; then unruled ones among the words outside them. Top to bottom.
    `words` are the page's words when the caller already has them (each page is read once);
    `gutters` the x-ranges between its text columns; what could not be searched is added to
    `notes`."""
    if words is None:
        words = page.extract_words()
    tables = ruled_tables(page, page_number, words, notes)
    tables += unruled_tables(words, page_number, [t.bbox for t in tables], gutters or [])
    return sorted(tables, key=lambda t: t.bbox[1] if t.bbox else 0)


def table_text(table: Table) -> str:
    return "\n".join(" | ".join(c for c in row if c) for row in table.rows)


# --- tables over a page break -----------------------------------------------------------------

def _continues(first: Table, second: Table) -> bool:
    """`second` runs `first` on: at the top of the next page, or of the next column of the
    same page (to its right and higher up: the foot of one column, the head of the next)."""
    last = (first.pages or [first.page])[-1]
    next_column = (second.page == last and first.bbox is not None and second.bbox is not None
                   and second.bbox[0] >= first.bbox[2] - EDGE_TOL
                   and second.bbox[1] < first.bbox[1])
    return ((second.page == last + 1 or next_column)
            and first.n_cols == second.n_cols and first.method == second.method)


def _norm_row(row: list[str]) -> list[str]:
    return [" ".join((c or "").split()).lower() for c in row]


def _repeats_header(first: Table, second: Table) -> bool:
    """`second` is nothing but `first`'s header again (printed at the foot of a page whose
    body runs on overleaf)."""
    return (second.page == (first.pages or [first.page])[-1] and bool(first.rows)
            and first.n_cols == second.n_cols and bool(second.rows)
            and all(_norm_row(r) == _norm_row(first.rows[0]) for r in second.rows))


def _is_furniture(doc: Document, block: Block) -> bool:
    """A text block that may sit between two parts of one table: short, or in the page's top or
    bottom margin (running header, page number)."""
    if len(block.text) <= FURNITURE_CHARS:
        return True
    if block.bbox is None or not (0 < block.page <= len(doc.pages)):
        return False
    height = doc.pages[block.page - 1].height
    if not height:
        return False
    return block.bbox[3] <= height * FOOT_MARGIN or block.bbox[1] >= height * (1 - FOOT_MARGIN)


def _is_split_row(first: Table, row: list[str]) -> bool:
    """The first row of a continuation that finishes the previous page's last row: the page
    break cut a ruled row in two, so it has no rule above it, no label of its own and words
    only in cells the row above also fills."""
    from core.values import cell_to_values
    if not first.rows or not row or (row[0] or "").strip():
        return False
    last = first.rows[-1]
    filled = [i for i, c in enumerate(row) if (c or "").strip()]
    return (bool(filled) and bool((last[0] or "").strip())
            and all(i < len(last) and (last[i] or "").strip() for i in filled)
            and not any(cell_to_values(row[i]) for i in filled))


def join_continued_tables(doc: Document) -> None:
    """Join a table that runs on at the top of the next page (same columns; a repeated header is
    dropped, and so is a copy of the header left alone at the foot of the page). A row the page
    break cut in two (no rule above it on the new page) is put back together. Page furniture
    between them (running headers, "Page 7") does not break the join."""
    i = 0
    while i < len(doc.blocks):
        block = doc.blocks[i]
        if block.kind != "table" or block.table is None:
            i += 1
            continue
        j = i + 1
        while j < len(doc.blocks) and doc.blocks[j].kind != "table" and \
                _is_furniture(doc, doc.blocks[j]):
            j += 1
        nxt = doc.blocks[j] if j < len(doc.blocks) else None
        if nxt is None or nxt.kind != "table" or nxt.table is None:
            i += 1
            continue
        first, second = block.table, nxt.table
        if _repeats_header(first, second):
            del doc.blocks[j]
            continue
        if not _continues(first, second):
            i += 1
            continue
        rows = [list(r) for r in second.rows]
        if rows and _norm_row(rows[0]) == _norm_row(first.rows[0]):
            rows = rows[1:]
        if rows and second.open_top and _is_split_row(first, rows[0]):
            first.rows[-1] = [f"{a} {b}".strip() if b else a
                              for a, b in zip(first.rows[-1], rows[0])]
            rows = rows[1:]
        first.rows.extend(rows)
        first.pages = sorted(set((first.pages or [first.page]) + (second.pages or [second.page])))
        block.text = table_text(first)
        del doc.blocks[j]
