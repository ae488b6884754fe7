"""A council paper's text laid out again as a two-column brochure PDF (reportlab), the way
councils publish annual reports: a title band across the page, body text flowing in two
columns, tables set in the width of one column with their numeric columns only as wide as
their figures (so year headers wrap inside their cells: '201' / '4-1' / '5'), tables too wide
for a column set across the page, and a running header and footer on every page.

The paper's blocks come from the text reader's own splitting (headings, paragraphs, list items,
tab-separated tables), so the PDF says what the text says, laid out differently."""
from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import BalancedColumns

from extractors.read.text import text_to_blocks

MARGIN, GUTTER = 42.0, 18.0
PAGE_W, PAGE_H = A4
COLUMN_W = (PAGE_W - 2 * MARGIN - GUTTER) / 2
MAX_COLUMN_TABLE_COLS = 6          # wider tables are set across the page
CELL_FONT, CELL_SIZE, CELL_PAD = "Helvetica", 7.0, 2.0

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=8.5, leading=10.5, spaceAfter=5)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=10, bulletIndent=2, spaceAfter=2)
HEADING = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=11, leading=13.5,
                         spaceBefore=6, spaceAfter=4)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=16, leading=19, spaceAfter=8)
CELL = ParagraphStyle("cell", fontName=CELL_FONT, fontSize=CELL_SIZE, leading=8.2)
RUNNING = ("Helvetica", 7.0)
BULLET_MARK = re.compile(r"^\s*[-•*▪●◦·]\s+")


def _cell_width(text: str) -> float:
    return stringWidth(text, CELL_FONT, CELL_SIZE) + 2 * CELL_PAD + 0.5


def _is_figures(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and sum(any(ch.isdigit() for ch in c) for c in filled) * 2 > len(filled)


def column_widths(rows: list[list[str]], available: float) -> list[float]:
    """Word's 'autofit' as it goes wrong in a narrow column: a column of figures is as wide as
    its widest body figure (its header wraps inside that), the label columns share the rest."""
    n = max(len(r) for r in rows)
    body = rows[1:] or rows
    columns = [[r[i] if i < len(r) else "" for r in body] for i in range(n)]
    natural = [max([_cell_width(c) for c in col if c] + [12.0]) for col in columns]
    labels = [i for i in range(n) if i == 0 or not _is_figures(columns[i])]
    widths = [0.0 if i in labels else natural[i] for i in range(n)]
    rest = available - sum(widths)
    if rest < available * 0.25:                      # cannot fit: share the width out evenly
        return [available / n] * n
    wanted = sum(natural[i] for i in labels)
    for i in labels:
        widths[i] = rest * natural[i] / wanted
    return widths


def table_flowable(rows: list[list[str]], available: float, ruled: bool = True) -> RLTable:
    n = max(len(r) for r in rows)
    cells = [[Paragraph(escape(c), CELL) for c in r + [""] * (n - len(r))] for r in rows]
    t = RLTable(cells, colWidths=column_widths(rows, available), repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle(([("GRID", (0, 0), (-1, -1), 0.4, "black")] if ruled else []) + [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return t


def _running(title: str, footer: str):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(*RUNNING)
        canvas.drawString(MARGIN, PAGE_H - 26, title)
        canvas.line(MARGIN, PAGE_H - 30, PAGE_W - MARGIN, PAGE_H - 30)
        canvas.drawString(MARGIN, 22, footer)
        canvas.drawRightString(PAGE_W - MARGIN, 22, f"Page {doc.page}")
        canvas.restoreState()
    return draw


def brochure_pdf(text: str, title: str, footer: str, ruled: bool = True) -> bytes:
    """The paper `text` (as in the corpus text/ folder) as a two-column brochure PDF; its tables
    with a grid of rules, or none (`ruled=False`)."""
    blocks = text_to_blocks(text)
    story: list = []
    run: list = []

    def close_run():
        if run:
            story.append(BalancedColumns(list(run), nCols=2, innerPadding=GUTTER,
                                         leftPadding=0, rightPadding=0))
            run.clear()

    for i, b in enumerate(blocks):
        if i == 0:
            story.append(Paragraph(escape(b.text), TITLE))
        elif b.kind == "table" and b.table is not None:
            rows = b.table.rows
            if max(len(r) for r in rows) > MAX_COLUMN_TABLE_COLS:
                close_run()
                story += [table_flowable(rows, PAGE_W - 2 * MARGIN, ruled), Spacer(1, 8)]
            else:
                run.append(KeepTogether([table_flowable(rows, COLUMN_W, ruled), Spacer(1, 6)]))
        elif b.kind == "heading":
            run.append(Paragraph(escape(b.text), HEADING))
        elif b.kind == "list_item":
            bullet = BULLET_MARK.match(b.text)
            item = b.text[bullet.end():] if bullet else b.text
            run.append(Paragraph(escape(item), BULLET, bulletText="•" if bullet else None))
        else:
            run.append(Paragraph(escape(b.text), BODY))
    close_run()
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=MARGIN, title=title)
    frame = Frame(MARGIN, MARGIN, PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN, id="page",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(frames=[frame], onPage=_running(title, footer))])
    doc.build(story)
    return buf.getvalue()
