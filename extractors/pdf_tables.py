"""Tables on a PDF page -> Table objects (pdfplumber's table finder)."""
from __future__ import annotations

from extractors.readers.common import clean_cell
from pipeline.models import Document, Table

LINES_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
MIN_ROWS, MIN_COLS = 2, 2


def find_tables(page, page_number: int) -> list[Table]:
    tables = []
    for found in page.find_tables(LINES_SETTINGS):
        rows = [[clean_cell(c) for c in row] for row in found.extract()]
        rows = [r for r in rows if any(r)]
        if len(rows) < MIN_ROWS or max((len(r) for r in rows), default=0) < MIN_COLS:
            continue
        tables.append(Table(rows=rows, page=page_number, method="lines",
                            bbox=tuple(found.bbox), pages=[page_number]))
    return tables


def table_text(table: Table) -> str:
    return "\n".join(" | ".join(c for c in row if c) for row in table.rows)


def join_continued_tables(doc: Document) -> None:
    """Join a table that continues on the next page (filled in by the tables work)."""
    return None
