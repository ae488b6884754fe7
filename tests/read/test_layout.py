"""Reading order on built PDFs (reportlab) and on the three-column Federal Register fixture."""
from __future__ import annotations

import hashlib
import io

from extractors.read.pdf import read_pdf
from extractors.read.pdf_layout import format_page_list, words_to_blocks
from extractors.read.text import read_text
from extractors.understand.furniture import strip_cell_furniture, strip_inline
from extractors.understand.structure import annotate

LEFT = ("Foster carers in the borough looked after more children this year than last. "
        "The service approved new households and supported existing carers with training. ") * 3
RIGHT = ("Placement stability improved across the year for children in long-term care. "
         "Fewer children moved placement three or more times than in the previous year. ") * 3


def two_column_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

    buf = io.BytesIO()
    width, height = A4
    doc = BaseDocTemplate(buf, pagesize=A4)
    gap, margin = 20, 50
    col = (width - 2 * margin - gap) / 2
    frames = [Frame(margin, margin, col, height - 2 * margin, id="left"),
              Frame(margin + col + gap, margin, col, height - 2 * margin, id="right")]
    doc.addPageTemplates([PageTemplate(frames=frames)])
    styles = getSampleStyleSheet()
    doc.build([Paragraph(LEFT, styles["BodyText"]), FrameBreak(), Paragraph(RIGHT, styles["BodyText"])])
    return buf.getvalue()


def test_two_column_page_reads_column_by_column():
    data = two_column_pdf()
    doc = read_pdf(data, "two.pdf", hashlib.sha256(data).hexdigest())
    assert doc.pages[0].n_columns == 2
    paras = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert paras == [" ".join(LEFT.split()), " ".join(RIGHT.split())]


def test_single_column_words_are_one_column():
    words = [{"text": t, "x0": 50 + 30 * i, "x1": 75 + 30 * i, "top": 100 + 14 * r,
              "bottom": 110 + 14 * r, "size": 10} for r in range(6) for i, t in enumerate("a b c d e f".split())]
    blocks, n = words_to_blocks(words, 1, 600)
    assert n == 1 and len(blocks) == 1


def test_federal_register_reads_column_by_column(corpus_dir):
    data = (corpus_dir / "peer" / "federal-register-2020-17221.pdf").read_bytes()
    doc = read_pdf(data, "fr.pdf", hashlib.sha256(data).hexdigest())
    assert doc.pages[2].n_columns == 3
    page3 = [b for b in doc.blocks if b.page == 3 and b.kind != "table"]
    lefts = [b.bbox[0] for b in page3 if b.bbox[1] > 50 and b.bbox[3] < 750]
    # Column by column: x positions never go back to an earlier column.
    assert lefts == sorted(lefts, key=lambda x: round(x / 150))
    text = " ".join(b.text for b in page3)
    # A sentence that wraps from the foot of column 1 to the top of column 2 stays in order.
    assert text.index("Proposed Design Changes") < text.index("command to move the horizontal stabilizer")


def test_furniture_cut_from_block_edges_only():
    assert strip_inline("Agenda Item 3") == ("", [], ["3"], False)
    assert strip_inline("Report of X This page is intentionally left blank")[0] == "Report of X"
    assert strip_inline("See Page 12 of the plan")[0] == "See Page 12 of the plan"
    assert strip_cell_furniture("Page 70 1.1.2") == "1.1.2"
    assert strip_cell_furniture("<p>Page 75</p> <p>Our ambition</p>") == "<p>Our ambition</p>"


def test_text_furniture_removed_and_item_marks_kept():
    text = ("Sefton Council\n\nReport\n\nAgenda Item 3\n\nBody text of the report.\n\nPage 70\n\n"
            "This page is intentionally left blank\n\nMore text.\n").encode()
    doc = annotate(read_text(text, "t.txt", "x"))
    assert [b.text for b in doc.blocks] == ["Sefton Council", "Report", "Body text of the report.",
                                           "More text."]


def test_format_page_list():
    assert format_page_list([1, 2, 3, 7, 9, 10]) == "1-3, 7, 9-10"


def _block(kind, box, text="x"):
    from core.model import Block
    return Block(kind=kind, text=text, page=1, bbox=box)


def test_a_table_at_the_foot_of_the_left_column_comes_before_the_right_column():
    from extractors.read.pdf_layout import merge_in_reading_order
    left = _block("paragraph", (40, 50, 280, 100), "left")
    right = [_block("paragraph", (310, 50 + 100 * i, 550, 140 + 100 * i), f"right{i}") for i in range(3)]
    footer = _block("paragraph", (40, 800, 550, 810), "footer")
    table = _block("table", (40, 120, 280, 200), "table")
    out = merge_in_reading_order([left] + right + [footer], [table], 595)
    assert [b.text for b in out] == ["left", "table", "right0", "right1", "right2", "footer"]


def test_figures_in_a_narrow_column_are_cells_of_their_own():
    from extractors.read.pdf_tables import line_to_cells
    words = [{"text": t, "x0": x, "x1": x + 7.8, "top": 100, "bottom": 107, "size": 7}
             for t, x in [("44", 241.5), ("57", 253.8), ("61", 266.1)]]
    words.insert(0, {"text": "Assessments", "x0": 44, "x1": 82, "top": 100, "bottom": 107, "size": 7})
    assert [c["text"] for c in line_to_cells(words)] == ["Assessments", "44", "57", "61"]
    prose = [{"text": t, "x0": 50 + 12 * i, "x1": 58 + 12 * i, "top": 100, "bottom": 107,
              "size": 7} for i, t in enumerate(["in", "12", "of", "14"])]
    assert len(line_to_cells(prose)) == 1      # word spaces, not cell gaps


def _words(x: float, top: float, text: str, size: float = 8.5) -> list[dict]:
    out, cx = [], x
    for t in text.split():
        out.append({"text": t, "x0": cx, "x1": cx + 5 * len(t), "top": top, "bottom": top + size,
                    "size": size})
        cx += 5 * len(t) + 2.5
    return out


def test_a_bullet_set_larger_than_its_text_keeps_its_lines_and_ends_at_the_margin():
    words = ([{"text": "•", "x0": 52, "x1": 57, "top": 100, "bottom": 110, "size": 10}]
             + _words(62, 100.5, "Seven teenager placements broke down due to")
             + _words(62, 111, "behaviour and missing from care.")
             + _words(50, 122, "It is recognised that these behaviours are a symptom."))
    blocks, _ = words_to_blocks(words, 1, 595)
    assert [(b.kind, b.text) for b in blocks] == [
        ("list_item", "• Seven teenager placements broke down due to behaviour and missing from care."),
        ("paragraph", "It is recognised that these behaviours are a symptom.")]


def test_justified_column_text_aligned_by_chance_is_prose_not_a_table():
    from core.model import Table
    from extractors.read.pdf import looks_like_prose
    justified = [["children", "are", "placed", "with", "foster"],
                 ["carers", "inside", "the", "local", "authority"],
                 ["and", "most", "of", "them", "remain"]]
    assert looks_like_prose(Table(rows=justified, page=1, method="text"))
    figures = [["Children in care", "550", "500"], ["In foster care", "424", "390"],
               ["Placed inside", "310", "298"]]
    assert not looks_like_prose(Table(rows=figures, page=1, method="text"))


def test_a_table_run_on_from_the_foot_of_one_column_to_the_head_of_the_next_is_joined():
    from core.model import Block, Document, Table
    from extractors.read.pdf_tables import join_continued_tables, table_text
    header = ["Measure", "2016-17", "2017-18"]
    first = Table(rows=[header, ["Enquiries", "250", "302"]], page=1, method="text",
                  bbox=(42, 600, 289, 790), pages=[1])
    second = Table(rows=[header, ["Approvals", "12", "10"]], page=1, method="text",
                   bbox=(307, 50, 553, 120), pages=[1])
    doc = Document(source_path="x", sha256="x", format="pdf", blocks=[
        Block(kind="paragraph", text="Left column text.", page=1, bbox=(42, 50, 289, 590)),
        Block(kind="table", text=table_text(first), page=1, bbox=first.bbox, table=first),
        Block(kind="table", text=table_text(second), page=1, bbox=second.bbox, table=second),
        Block(kind="paragraph", text="Right column text.", page=1, bbox=(307, 130, 553, 700))])
    join_continued_tables(doc)
    tables = [b.table for b in doc.blocks if b.table is not None]
    assert len(tables) == 1 and tables[0].rows == [header, ["Enquiries", "250", "302"],
                                                   ["Approvals", "12", "10"]]
    # Two tables side by side at the same height are two tables.
    side = Table(rows=[header, ["Approvals", "12", "10"]], page=1, method="text",
                 bbox=(307, 600, 553, 700), pages=[1])
    doc.blocks.insert(1, Block(kind="table", text="x", page=1, bbox=side.bbox, table=side))
    first2 = Table(rows=[header, ["Enquiries", "250", "302"]], page=1, method="text",
                   bbox=(42, 600, 289, 790), pages=[1])
    doc.blocks.insert(1, Block(kind="table", text="x", page=1, bbox=first2.bbox, table=first2))
    join_continued_tables(doc)
    assert len([b for b in doc.blocks if b.table is not None]) == 3
