"""Tables cut by page breaks: a header alone at the foot of a page, a row split over two pages
with no rule at the cut, a last row alone at the head of the next page, refs wrapped in a
narrow cell. Regression for the agenda pack whose action-plan rows 1.1.7-1.1.15 and 1.2.1 were
lost (issue 3)."""
from __future__ import annotations

import io

import pytest

from extractors.read.pdf import read_pdf
from extractors.read.pdf_tables import join_continued_tables, rejoin_wrapped

PACK = "sefton-childrens-scrutiny-agenda-2017-09-26"
COLS = [57, 80, 230, 290, 390, 539]
HEADER = ["Ref", "Action", "Due", "Lead", "Update"]
ROW_H = 30


def _grid(c, top: float, n_rows: int, close_top=True, close_bottom=True):
    """Rules of a 5-column grid of n_rows rows starting at `top` (PDF y grows upwards)."""
    bottom = top - n_rows * ROW_H
    for x in COLS:
        c.line(x, top, x, bottom)
    for k in range(n_rows + 1):
        if (k == 0 and not close_top) or (k == n_rows and not close_bottom):
            continue
        c.line(COLS[0], top - k * ROW_H, COLS[-1], top - k * ROW_H)


def _cells(c, top: float, rows: list[list[str]]):
    for k, row in enumerate(rows):
        for x, text in zip(COLS, row):
            if text:
                c.drawString(x + 3, top - k * ROW_H - 12, text)


def _page_foot_and_head_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 8)
    # Page 1: a table, then its header alone at the foot of the page.
    body1 = [HEADER, ["1.1", "Train staff", "Oct 2017", "A Smith", "Ongoing"],
             ["1.2", "Audit files", "Dec 2017", "B Jones", "Done"]]
    _grid(c, 700, 3)
    _cells(c, 700, body1)
    _grid(c, 120, 1)
    _cells(c, 120, [HEADER])
    c.drawString(500, 30, "Page 1")
    c.showPage()
    # Page 2: the body without a header; its last row cut by the page break (no bottom rule).
    c.setFont("Helvetica", 8)
    c.drawString(57, 815, "Running header of the committee papers, every page")
    body2 = [["1.3", "Review plans", "Oct 2017", "C Brown", "Started"],
             ["1.4", "Publish guide", "Nov 2017", "D Green", "Drafted"]]
    _grid(c, 760, 2, close_bottom=False)
    _cells(c, 760, body2)
    c.drawString(500, 30, "Page 2")
    c.showPage()
    # Page 3: the rest of row 1.4 (no top rule), then one last row.
    c.setFont("Helvetica", 8)
    c.drawString(57, 815, "Running header of the committee papers, every page")
    _grid(c, 760, 2, close_top=False)
    _cells(c, 760, [["", "widely to staff", "", "", "and shared"],
                    ["1.5", "Close plan", "Jan 2018", "E White", "Planned"]])
    c.drawString(57, 600, "A paragraph of ordinary text that follows the table on the last page.")
    c.drawString(500, 30, "Page 3")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_action_plan_rows_over_page_breaks_are_one_table():
    pytest.importorskip("reportlab")
    doc = read_pdf(_page_foot_and_head_pdf(), "synthetic.pdf", "x")
    tables = [b.table for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1, [t.rows for t in tables]
    t = tables[0]
    assert t.pages == [1, 2, 3]
    assert t.rows[0] == HEADER
    assert [r[0] for r in t.rows[1:]] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    row14 = t.rows[4]
    assert row14[1] == "Publish guide widely to staff" and row14[4] == "Drafted and shared"


def test_agenda_pack_action_rows_cut_by_page_breaks_reach_the_tables(processed):
    """Rows 1.1.7-1.1.15 follow a header printed alone at the foot of page 38; 1.2.1 sits in a
    table whose bottom rule is on no page; 1.3.4 is one ruled row at the head of page 46."""
    pdf, text = processed("pdf", PACK), processed("text", PACK)
    refs = {r[0] for b in pdf.document.blocks if b.kind == "table" for r in b.table.rows}
    for ref in [f"1.1.{k}" for k in range(7, 16) if k != 11] + ["1.2.1", "1.3.4"]:
        assert ref in refs, ref

    def plan_refs(res):
        return [a.ref for a in res.actions if a.kind == "action_plan_item"]
    assert plan_refs(pdf) == plan_refs(text)
    row = next(r for b in pdf.document.blocks if b.kind == "table" for r in b.table.rows
               if r[0] == "1.2.1")
    # The part of row 1.2.1 printed on the next page is joined to it.
    assert "quarterly reports for All Managers" in row[1]


@pytest.mark.parametrize("raw,expected", [
    ("1.\n1.\n7", "1.1.7"), ("1.1\n.1", "1.1.1"), ("1.3.1\n0", "1.3.10"), ("1.\n2.\n9", "1.2.9"),
    ("12.5\n13.2", "12.5 13.2"),
])
def test_wrapped_refs_rejoin(raw, expected):
    assert rejoin_wrapped(raw) == expected


def test_join_tolerates_no_tables():
    from core.model import Block, Document
    doc = Document(source_path="x", sha256="x", format="pdf",
                   blocks=[Block(kind="paragraph", text="hello", page=1)])
    join_continued_tables(doc)
    assert len(doc.blocks) == 1
