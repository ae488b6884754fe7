"""Layout: words on a PDF page -> blocks in the order a person reads them.

Pure steps: words -> lines; gutters (columns) from the gaps in word x-positions; lines split at
the gutters into column pieces; bands of column lines are read column by column while full-width
lines (titles, headings that span the page) stay where they are; then lines -> blocks by vertical
gaps, font size and weight, numbering and bullets.
"""
from __future__ import annotations

import re
import statistics

from core.model import Block
from extractors.read.common import is_list_item, normalise_space

LINE_TOLERANCE = 3.0          # points: words whose tops differ by less share a line
PARAGRAPH_GAP_FACTOR = 0.6    # a vertical gap above this share of the line height starts a block
HEADING_SIZE_FACTOR = 1.15    # font this much larger than the body is a heading
MAX_HEADING_CHARS = 120
MIN_WORD_SIZE = 5.0           # smaller text is marginalia (vertical side labels, tiny marks)
GUTTER_MIN_WIDTH = 7.0        # points of empty x-range needed between two columns
GUTTER_MAX_CROSSING = 0.06    # share of lines allowed to cross a gutter (full-width titles)
COLUMN_MIN_SHARE = 0.15       # each side of a gutter must hold this share of the words
MAX_COLUMNS = 4
MAX_GUTTER_CANDIDATES = 12    # empty strips examined a page (each costs a pass over its words)
MIN_TEXT_LINES = 3            # a short column still has this many lines of running text...
TEXT_LINE_WORDS = 5           # ...of at least this many words, and the column beside it
SIDE_LINE_WORDS = 3           # this many lines of this many words
FORM_LABEL = re.compile(r"^[A-Z][A-Za-z /()'&-]{1,40}:(\s|$)")   # "VENUE:", "Report to:" start a block
BULLET_GLYPH = re.compile(r"^\(cid:\d+\)\s*")


def inside_any(word: dict, boxes) -> bool:
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1
               for x0, top, x1, bottom in boxes)


def format_page_list(pages: list[int]) -> str:
    """[1, 2, 3, 7] -> '1-3, 7'."""
    out: list[str] = []
    run: list[int] = []
    for p in sorted(set(pages)):
        if run and p == run[-1] + 1:
            run.append(p)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [p]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


def words_to_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def find_gutters(lines: list[list[dict]]) -> list[tuple[float, float]]:
    """Empty vertical strips between columns: x-ranges that (almost) no line's words cover and
    that have enough words on both sides. Returns (x0, x1) of each gutter, left to right."""
    words = [w for line in lines for w in line]
    if len(lines) < 4 or not words:
        return []
    left = min(w["x0"] for w in words)
    right = max(w["x1"] for w in words)
    width = int(right - left) + 1
    cover = [0] * width
    for line in lines:
        seen = set()
        for w in line:
            for x in range(int(w["x0"] - left), min(int(w["x1"] - left) + 1, width)):
                seen.add(x)
        for x in seen:
            cover[x] += 1
    limit = max(1, int(len(lines) * GUTTER_MAX_CROSSING))
    strips, start = [], None          # (lines crossing, x0, x1)
    for x in range(width + 1):
        empty = x < width and cover[x] <= limit
        if empty and start is None:
            start = x
        elif not empty and start is not None:
            if x - start >= GUTTER_MIN_WIDTH and start > 0 and x < width:
                strips.append((max(cover[start:x]), left + start, left + x))
            start = None
    # Keep gutters with enough text on each side: a ragged right edge is not a column break.
    # A column may be short (a table took most of it, a section ends there): lines of running
    # text on one side and worded lines on the other are evidence enough. The cleanest strips
    # are tried first, so the gap between a table's labels and its figures does not cut a
    # column in two.
    kept: list[tuple[float, float]] = []
    n = len(words)
    for _, x0, x1 in sorted(strips, key=lambda s: (s[0], s[1] - s[2]))[:MAX_GUTTER_CANDIDATES]:
        column_start = max((g[1] for g in kept if g[1] <= x0), default=left)
        column_end = min((g[0] for g in kept if g[0] >= x1), default=right + 1)
        lhs = sum(1 for w in words if w["x1"] <= x0 and w["x0"] >= column_start)
        rhs = sum(1 for w in words if w["x0"] >= x1 and w["x1"] <= column_end)
        if (lhs >= n * COLUMN_MIN_SHARE and rhs >= n * COLUMN_MIN_SHARE) or (
                max(_text_lines(lines, column_start, x0), _text_lines(lines, x1, column_end))
                >= MIN_TEXT_LINES
                and min(_worded_lines(lines, column_start, x0), _worded_lines(lines, x1, column_end))
                >= MIN_TEXT_LINES):
            kept.append((x0, x1))
        if len(kept) == MAX_COLUMNS - 1:
            break
    return sorted(kept)


def is_text_line(texts: list[str]) -> bool:
    """A run of running text: TEXT_LINE_WORDS words or more, few of them figures."""
    return len(texts) >= TEXT_LINE_WORDS and \
        sum(any(ch.isdigit() for ch in t) for t in texts) * 4 < len(texts)


def _text_lines(lines: list[list[dict]], x0: float, x1: float) -> int:
    """Lines holding running text between x0 and x1."""
    return sum(1 for line in lines
               if is_text_line([w["text"] for w in line if w["x0"] >= x0 and w["x1"] <= x1]))


def is_worded_line(texts: list[str]) -> bool:
    """SIDE_LINE_WORDS words or more, some of them words (a column that is mostly a table has
    such lines; a table's column of figures does not)."""
    return len(texts) >= SIDE_LINE_WORDS and any(ch.isalpha() for t in texts for ch in t)


def _worded_lines(lines: list[list[dict]], x0: float, x1: float) -> int:
    """Worded lines between x0 and x1."""
    return sum(1 for line in lines
               if is_worded_line([w["text"] for w in line if w["x0"] >= x0 and w["x1"] <= x1]))


def split_line(line: list[dict], gutters) -> list[tuple[int, list[dict]]] | None:
    """A line cut at the gutters into (column, words); None when a word crosses a gutter."""
    pieces: dict[int, list[dict]] = {}
    for w in line:
        col = 0
        for k, (g0, g1) in enumerate(gutters):
            if w["x0"] < g0 + 1 and w["x1"] > g1 - 1:
                return None
            if w["x0"] >= g1 - 1:
                col = k + 1
        pieces.setdefault(col, []).append(w)
    return sorted(pieces.items())


def order_lines(lines: list[list[dict]], gutters) -> list[list[dict]]:
    """Lines in reading order: within each band of column text, column by column."""
    if not gutters:
        return lines
    out: list[list[dict]] = []
    band: dict[int, list[list[dict]]] = {}

    def flush():
        for col in sorted(band):
            out.extend(band[col])
        band.clear()

    for line in lines:
        pieces = split_line(line, gutters)
        if pieces is None:
            flush()
            out.append(line)
            continue
        for col, words in pieces:
            band.setdefault(col, []).append(words)
    flush()
    return out


def _line_text(line: list[dict]) -> str:
    return normalise_space(BULLET_GLYPH.sub("• ", " ".join(w["text"] for w in line)))


def _is_bold(line: list[dict]) -> bool:
    return all("bold" in (w.get("fontname") or "").lower() for w in line)


BULLET_WORD = re.compile(r"^(?:[•▪●◦·‣∙■□➢➤►o*-]|\(cid:\d+\))$")


def _size(line: list[dict]) -> float:
    """The line's font size; a bullet glyph, often set larger or in a symbol font, aside."""
    sizes = [w.get("size", 0) for w in line if not BULLET_WORD.match(w["text"])]
    return max(sizes) if sizes else max(w.get("size", 0) for w in line)


def _leaves_hanging_indent(item: list[list[dict]], line: list[dict]) -> bool:
    """A list item whose lines run on under its text (a hanging indent: its second line, or a
    bullet's text) ends where a line goes back to the margin: the paragraph after the list,
    set close under it."""
    first = item[0]
    if not is_list_item(_line_text(first)):
        return False
    if len(item) >= 2:
        indent = item[1][0]["x0"]
    elif len(first) >= 2 and BULLET_WORD.match(first[0]["text"]):
        indent = first[1]["x0"]          # a bullet's text starts its hanging indent
    else:
        return False
    return indent > first[0]["x0"] + 2 and line[0]["x0"] < indent - 2


def lines_to_blocks(lines: list[list[dict]], page_number: int, body_size: float) -> list[Block]:
    blocks: list[Block] = []
    current: list[list[dict]] = []

    def flush():
        if not current:
            return
        text = normalise_space(" ".join(_line_text(l) for l in current))
        size = max(_size(l) for l in current)
        bold = all(_is_bold(l) for l in current)
        ws = [w for l in current for w in l]
        bbox = (min(w["x0"] for w in ws), min(w["top"] for w in ws),
                max(w["x1"] for w in ws), max(w["bottom"] for w in ws))
        if len(text) <= MAX_HEADING_CHARS and (size >= body_size * HEADING_SIZE_FACTOR or bold) \
                and not text.endswith((".", ",", ";")) and not is_list_item(text):
            kind = "heading"
        elif is_list_item(text):
            kind = "list_item"
        else:
            kind = "paragraph"
        blocks.append(Block(kind=kind, text=text, page=page_number, bbox=bbox,
                            font_size=round(size, 1), bold=bold))
        current.clear()

    prev = None
    for line in lines:
        if prev is not None:
            height = max(w["bottom"] - w["top"] for w in prev)
            gap = line[0]["top"] - max(w["bottom"] for w in prev)
            size_change = abs(_size(line) - _size(prev)) > 0.5
            text = _line_text(line)
            # Column change: the line starts above the previous one or far to its left/right.
            jumped = gap < -LINE_TOLERANCE or abs(line[0]["x0"] - prev[0]["x0"]) > body_size * 12
            if gap > height * PARAGRAPH_GAP_FACTOR or size_change or jumped or is_list_item(text) \
                    or FORM_LABEL.match(text) or _is_bold(line) != _is_bold(prev) \
                    or _leaves_hanging_indent(current, line):
                flush()
        current.append(line)
        prev = line
    flush()
    return blocks


def body_font_size(words: list[dict]) -> float:
    sizes = [round(w.get("size", 0), 1) for w in words if w.get("size")]
    return statistics.mode(sizes) if sizes else 10.0


def _readable(words: list[dict]) -> list[dict]:
    return [w for w in words if w.get("upright", True) and (w.get("size") or 10) >= MIN_WORD_SIZE]


def page_gutters(words: list[dict]) -> list[tuple[float, float]]:
    """The gutters between a page's text columns, found from all its words, tables included:
    a table set in one column is part of that column."""
    return find_gutters(words_to_lines(_readable(words)))


def page_has_columns(words: list[dict]) -> bool:
    """Whether a page's text (tables included) is laid out in columns."""
    return bool(page_gutters(words))


def words_to_blocks(words: list[dict], page_number: int, page_width: float,
                    gutters: list[tuple[float, float]] | None = None) -> tuple[list[Block], int]:
    """Blocks in reading order and the number of text columns found on the page. `gutters`
    are the page's (page_gutters) when the caller found them; without them, or when there are
    none, they are looked for among these words."""
    words = _readable(words)
    if not words:
        return [], 1
    body = body_font_size(words)
    lines = words_to_lines(words)
    gutters = gutters or find_gutters(lines)
    return lines_to_blocks(order_lines(lines, gutters), page_number, body), len(gutters) + 1


def merge_in_reading_order(text_blocks: list[Block], table_blocks: list[Block],
                           page_width: float) -> list[Block]:
    """Put each table where a reader meets it: after the text of its column above it and
    before the text of its column below it. On a two-column page these can disagree (a table
    at the foot of the left column is followed, in reading order, by the whole right column);
    the neighbour that lies within one column wins over text across the page."""
    if not table_blocks:
        return text_blocks
    before: dict[int, list[Block]] = {}
    # Table blocks always have a bbox (the PDF reader makes them from tables it found on the page).
    for table in sorted(table_blocks, key=lambda b: b.bbox[1] if b.bbox else 0.0):
        at = _insertion_index(table.bbox, text_blocks, page_width)
        before.setdefault(at, []).append(table)
    out: list[Block] = []
    for i, b in enumerate(text_blocks):
        out.extend(before.get(i, []))
        out.append(b)
    out.extend(before.get(len(text_blocks), []))
    return out


COLUMN_BLOCK_SHARE = 0.6      # a text block narrower than this share of the page sits in a column


def _insertion_index(table_box, blocks: list[Block], page_width: float) -> int:
    """Index of the text block the table goes before."""
    if table_box is None:
        return 0
    above = below = None
    for i, b in enumerate(blocks):
        if b.bbox is None or not (table_box[0] < b.bbox[2] and b.bbox[0] < table_box[2]):
            continue                                    # another column
        if b.bbox[1] < table_box[1]:
            above = i
        elif below is None:
            below = i
    if below is None and above is None:
        return next((i for i, b in enumerate(blocks) if b.bbox and b.bbox[1] >= table_box[1]),
                    len(blocks))
    if below is None:
        return above + 1 if above is not None else len(blocks)
    if above is None or above + 1 == below:
        return below

    def in_column(i: int) -> bool:
        box = blocks[i].bbox
        return box is not None and box[2] - box[0] < page_width * COLUMN_BLOCK_SHARE

    return above + 1 if in_column(above) and not in_column(below) else below
