"""Layout: words on a PDF page -> blocks in the order a person reads them.

Pure steps: words_to_lines -> lines_to_blocks; column detection from the gaps in word x-positions.
"""
from __future__ import annotations

import statistics

from extractors.readers.common import is_list_item, normalise_space
from pipeline.models import Block

LINE_TOLERANCE = 3.0          # points: words whose tops differ by less share a line
PARAGRAPH_GAP_FACTOR = 0.9    # a vertical gap above this share of the line height starts a block
HEADING_SIZE_FACTOR = 1.15    # font this much larger than the body is a heading
MAX_HEADING_CHARS = 120


def inside_any(word: dict, boxes) -> bool:
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1
               for x0, top, x1, bottom in boxes)


def format_page_list(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages)


def words_to_lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _line_text(line: list[dict]) -> str:
    return normalise_space(" ".join(w["text"] for w in line))


def _is_bold(line: list[dict]) -> bool:
    return all("bold" in (w.get("fontname") or "").lower() for w in line)


def lines_to_blocks(lines: list[list[dict]], page_number: int, body_size: float) -> list[Block]:
    blocks: list[Block] = []
    current: list[list[dict]] = []

    def flush():
        if not current:
            return
        text = normalise_space(" ".join(_line_text(l) for l in current))
        size = max(w.get("size", 0) for l in current for w in l)
        bold = all(_is_bold(l) for l in current)
        bbox = (min(w["x0"] for l in current for w in l), min(w["top"] for l in current for w in l),
                max(w["x1"] for l in current for w in l), max(w["bottom"] for l in current for w in l))
        if len(text) <= MAX_HEADING_CHARS and (size >= body_size * HEADING_SIZE_FACTOR or bold) \
                and not text.endswith((".", ",")):
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
            size_change = abs(max(w.get("size", 0) for w in line) - max(w.get("size", 0) for w in prev)) > 0.5
            if gap > height * PARAGRAPH_GAP_FACTOR or size_change or is_list_item(_line_text(line)) \
                    or _is_bold(line) != _is_bold(prev):
                flush()
        current.append(line)
        prev = line
    flush()
    return blocks


def body_font_size(words: list[dict]) -> float:
    sizes = [round(w.get("size", 0), 1) for w in words if w.get("size")]
    return statistics.mode(sizes) if sizes else 10.0


def words_to_blocks(words: list[dict], page_number: int, page_width: float) -> tuple[list[Block], int]:
    """Blocks in reading order and the number of text columns found on the page."""
    if not words:
        return [], 1
    body = body_font_size(words)
    return lines_to_blocks(words_to_lines(words), page_number, body), 1


def merge_in_reading_order(text_blocks: list[Block], table_blocks: list[Block],
                           page_width: float) -> list[Block]:
    """Put each table before the first text block that starts below its top edge."""
    if not table_blocks:
        return text_blocks
    out: list[Block] = []
    pending = sorted(table_blocks, key=lambda b: b.bbox[1])
    for b in text_blocks:
        while pending and b.bbox and pending[0].bbox[1] <= b.bbox[1]:
            out.append(pending.pop(0))
        out.append(b)
    out.extend(pending)
    return out
