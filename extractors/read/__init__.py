"""Readers: bytes of one format -> core.model.Document. One module per format."""
from __future__ import annotations

from core.errors import UnreadableDocument
from core.model import Block, Document
from extractors.read import limits
from extractors.read.sniff import HTML, PDF, TEXT


def read_document(data: bytes, fmt: str, source_path: str, sha256: str) -> Document:
    if fmt == PDF:
        from extractors.read.pdf import read_pdf
        doc = read_pdf(data, source_path, sha256)
    elif fmt == HTML:
        from extractors.read.html import read_html
        doc = read_html(data, source_path, sha256)
    elif fmt == TEXT:
        from extractors.read.text import read_text
        doc = read_text(data, source_path, sha256)
    else:
        raise UnreadableDocument(f"no reader for format {fmt!r}")
    strip_nul(doc)
    cap_tables(doc)
    return doc


def strip_nul(doc: Document) -> None:
    """NUL characters (from broken fonts or padded exports) never reach the warehouse."""
    if doc.title and "\x00" in doc.title:
        doc.title = doc.title.replace("\x00", "")
    for block in doc.blocks:
        if "\x00" in block.text:
            block.text = block.text.replace("\x00", "")
        if block.table is not None:
            block.table.rows = [[c.replace("\x00", "") if c and "\x00" in c else c for c in row]
                                for row in block.table.rows]


def _cells(block: Block) -> int:
    return sum(len(r) for r in block.table.rows) if block.table is not None else 0


def cap_tables(doc: Document) -> None:
    """At most MAX_TABLE_CELLS cells a table (later rows left out) and MAX_DOCUMENT_CELLS in the
    document (later tables left out); the document says what was left out."""
    cut, dropped, total = [], 0, 0
    kept: list[Block] = []
    for block in doc.blocks:
        table = block.table
        if table is None:
            kept.append(block)
            continue
        if _cells(block) > limits.MAX_TABLE_CELLS:
            rows, n = [], 0
            for row in table.rows:
                if n + len(row) > limits.MAX_TABLE_CELLS:
                    break
                rows.append(row)
                n += len(row)
            table.rows = rows
            block.text = "\n".join(" | ".join(c for c in r if c) for r in rows)
            cut.append(block.page)
        total += _cells(block)
        if total > limits.MAX_DOCUMENT_CELLS:
            dropped += 1
            continue
        kept.append(block)
    if cut:
        doc.partial_reasons.append(limits.exceeded(
            doc.source_path, f"{len(cut)} table(s) (the first on page {cut[0]}) have more than "
            f"{limits.MAX_TABLE_CELLS:,} cells (the cap on cells per table)",
            "only their first rows were read"))
    if dropped:
        doc.blocks = kept
        doc.partial_reasons.append(limits.exceeded(
            doc.source_path, f"its tables hold more than {limits.MAX_DOCUMENT_CELLS:,} cells in "
            "all (the cap on table cells per document)", f"the last {dropped} table(s) were not read"))
