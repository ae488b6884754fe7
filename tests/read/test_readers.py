"""Readers on awkward input: HTML tables with spans and stray markup, nested lists, a ModernGov
agenda-item page, text with tab tables and bullets, Windows-1252 text, one 800 KB line."""
from __future__ import annotations

from datetime import date

from extractors.read.html import read_html
from extractors.read.text import read_text
from extractors.understand.structure import annotate


def html_doc(body: str, title: str = "Page"):
    data = f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>"
    return read_html(data.encode(), "p.html", "x")


def test_html_rowspan_colspan_expand_to_a_grid():
    doc = html_doc("""
      <table>
        <tr><th rowspan="2">Stage</th><th colspan="2">Households</th></tr>
        <tr><th>2016/17</th><th>2017/18</th></tr>
        <tr><td>Enquiries</td><td>120</td><td>135</td></tr>
        <tr><td rowspan="2">Approvals</td><td colspan="2">24</td></tr>
        <tr><td>10</td><td>11</td></tr>
      </table>""")
    [t] = doc.tables
    assert t.rows == [["Stage", "Households", "Households"],
                      ["Stage", "2016/17", "2017/18"],
                      ["Enquiries", "120", "135"],
                      ["Approvals", "24", "24"],
                      ["Approvals", "10", "11"]]
    assert t.method == "html" and t.index == 0


def test_html_broken_spans_and_nested_tables_stay_sane():
    doc = html_doc("""
      <table><tr><td colspan="1000">Wide</td><td rowspan="x">Bad</td></tr>
        <tr><td>Outer<table><tr><td>Inner</td></tr></table></td><td>2</td></tr></table>""")
    outer = doc.tables[0]
    assert outer.n_cols <= 60
    assert all(len(r) == outer.n_cols for r in outer.rows)
    assert "Bad" in outer.rows[0]


def test_html_stray_markup_in_cells_is_cleaned():
    doc = html_doc("""
      <table>
        <tr><td>&lt;p&gt;Children looked after&lt;/p&gt;</td><td><span>424</span><br/>(77%)</td></tr>
        <tr><td><b>Foster</b>&nbsp;<i>carers</i></td><td>  12*  </td></tr>
      </table>""")
    assert doc.tables[0].rows == [["Children looked after", "424 (77%)"], ["Foster carers", "12*"]]


def test_html_nested_lists_are_list_items_in_order():
    doc = html_doc("""
      <h2>Priorities</h2>
      <ul>
        <li>Recruit more carers
          <ul><li>in Southport</li><li>in Bootle</li></ul>
        </li>
        <li>Improve stability</li>
      </ul>
      <ol><li><p>Review the charter.</p></li></ol>""")
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert items == ["Recruit more carers", "in Southport", "in Bootle", "Improve stability",
                     "Review the charter."]
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].text == "Priorities"
    assert all(b.text.count("Recruit") <= 1 for b in doc.blocks)


MGAI = """<!DOCTYPE html>
<html lang="en"><head><title>Agenda item - Salford Fostering Service Annual Report 2022/23</title>
<script>var mgTrack = 1;</script><style>.mgHeader {color: red}</style></head>
<body>
<nav class="mgBreadcrumbs"><a href="/">Home</a> &gt; <a href="ieDocHome.aspx">Meetings</a></nav>
<div id="modgov">
 <div class="mgHeader"><h1 class="mgMainTitleTxt">Agenda item</h1></div>
 <div class="mgSubTitle"><h2 class="mgSubTitleTxt">Salford Fostering Service Annual Report 2022/23</h2></div>
 <div class="mgContent">
  <p class="mgAiTitleTxt">Meeting: 14/06/2023 - Lead Member for Children's Services
   (Item 5)</p>
  <p>Report of the Strategic Director (People)</p>
  <h3 class="mgSubSubTitleTxt">Minutes:</h3>
  <div class="mgWordPara">
   <p class="MsoNormal"><span style="font-size:12pt">The Lead Member considered a report of the
   Strategic Director (People) on the work of the Salford Fostering Service between April 2022
   and March 2023.</span></p>
   <p class="MsoNormal">&nbsp;</p>
   <p class="MsoNormal">At the end of March 2023 there were 612 looked after children in Salford.</p>
   <p class="MsoNormal">The following priorities were identified:-</p>
   <ol><li>Increase in-house foster carers</li><li>Develop parent and child fostering</li></ol>
   <table class="MsoTableGrid"><tr><td><p>Approvals</p></td><td><p>2021/22</p></td><td><p>2022/23</p></td></tr>
    <tr><td><p>Households approved</p></td><td><p>21</p></td><td><p>25</p></td></tr></table>
   <p class="MsoNormal"><b>RESOLVED</b> that the Lead Member for Children's Services accepts the
   Fostering Service Annual Report 2022/23.</p>
  </div>
  <h3 class="mgSubSubTitleTxt">Supporting documents:</h3>
  <ul class="mgActionList"><li><a href="documents/s1234/Report.pdf">Fostering Annual Report, item 5</a>
   <span class="mgFileSize">PDF 820 KB</span></li></ul>
 </div>
</div>
<footer>Salford City Council, Civic Centre</footer>
</body></html>"""


def test_moderngov_agenda_item_page():
    doc = read_html(MGAI.encode(), "mgAi.aspx", "x")
    texts = [b.text for b in doc.blocks]
    assert doc.title.startswith("Agenda item - Salford Fostering")
    assert not any("mgTrack" in t or "color: red" in t or "Home" == t for t in texts)
    heads = [b.text for b in doc.blocks if b.kind == "heading"]
    assert heads[:3] == ["Agenda item", "Salford Fostering Service Annual Report 2022/23", "Minutes:"]
    assert any(t.startswith("The Lead Member considered a report") for t in texts)
    assert "" not in texts
    assert [b.text for b in doc.blocks if b.kind == "list_item"][:2] == [
        "Increase in-house foster carers", "Develop parent and child fostering"]
    [table] = doc.tables
    assert table.rows == [["Approvals", "2021/22", "2022/23"], ["Households approved", "21", "25"]]
    # Offsets follow reading order and do not overlap.
    starts = [b.char_start for b in doc.blocks]
    assert starts == sorted(starts)
    doc = annotate(doc)
    assert doc.doc_type == "minutes"
    assert (doc.authority, doc.authority_code) == ("Salford", "E08000006")
    assert doc.meetings and doc.meetings[0].committee == "Lead Member for Children's Services"
    assert doc.meeting_date == date(2023, 6, 14)


def test_text_tab_tables_and_bullets():
    text = ("Fostering report\n\nThe priorities are:\n• Recruit carers\n• Keep carers\n"
            "o Support sons and daughters\n- Review fees\n\n"
            "Stage\t2016/17\t2017/18\nEnquiries\t120\t135\nApprovals\t10\n\nAfter the table.\n")
    doc = read_text(text.encode(), "t.txt", "x")
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert ("list_item", "• Recruit carers") in kinds and ("list_item", "- Review fees") in kinds
    assert ("list_item", "o Support sons and daughters") in kinds
    assert ("paragraph", "The priorities are:") in kinds
    [t] = doc.tables
    assert t.rows == [["Stage", "2016/17", "2017/18"], ["Enquiries", "120", "135"],
                      ["Approvals", "10", ""]]
    tb = next(b for b in doc.blocks if b.kind == "table")
    assert text[tb.char_start:tb.char_end].startswith("Stage\t2016/17")
    assert doc.blocks[-1].text == "After the table."


def test_text_windows_1252_is_decoded():
    raw = ("Fostering costs rose to £157,133 – a “rise” of 5%.\n\nCaf\u00e9 meeting\n").encode("cp1252")
    doc = read_text(raw, "w.txt", "x")
    assert doc.blocks[0].text == "Fostering costs rose to £157,133 – a “rise” of 5%."
    assert any("1252" in w or "cp" in w.lower() for w in doc.warnings)


def test_text_800kb_single_line():
    line = ("There were 120 foster carers at 31 March 2018 and the service approved more. " * 10_400)
    raw = line.encode()
    assert len(raw) > 800_000 and b"\n" not in raw
    doc = read_text(raw, "long.txt", "x")
    assert len(doc.blocks) == 1 and doc.blocks[0].kind == "paragraph"
    b = doc.blocks[0]
    assert (b.char_start, b.char_end) == (0, len(line))
    assert b.text == line.strip()
    annotate(doc)   # furniture, headings and classification cope with it
    assert doc.blocks and doc.pages


def test_a_saved_page_keeps_its_own_address_and_its_links():
    from extractors.read.html import read_html
    page = (b'<!DOCTYPE html>\n<!-- saved from url=(0052)https://democracy.durham.gov.uk/mgAi.aspx?ID=123 -->\n'
            b'<html><head><title>Agenda item</title></head><body><h1>Fostering annual report</h1>'
            b'<p>See <a href="ieListDocuments.aspx?CId=1&amp;MId=2">the meeting</a> and '
            b'<a href="mailto:clerk@durham.gov.uk">the clerk</a>.</p></body></html>')
    doc = read_html(page, "item.html", "0" * 64)
    assert doc.page_url == "https://democracy.durham.gov.uk/mgAi.aspx?ID=123"
    assert doc.link_urls == ["https://democracy.durham.gov.uk/ieListDocuments.aspx?CId=1&MId=2",
                             "mailto:clerk@durham.gov.uk"]


def test_a_canonical_link_is_the_page_address_when_no_saved_mark():
    from extractors.read.html import read_html
    page = (b'<html><head><link rel="canonical" href="https://moderngov.southwark.gov.uk/mgAi.aspx?ID=9">'
            b'</head><body><p>Corporate parenting committee.</p></body></html>')
    assert read_html(page, "x.html", "0" * 64).page_url == "https://moderngov.southwark.gov.uk/mgAi.aspx?ID=9"


def test_a_list_mark_on_a_line_of_its_own_opens_its_item():
    # Saved pages put "a)" on one line and the item on the next; glued onto the line before as a
    # lower-case continuation, the second resolution became part of the first.
    from extractors.read.text import text_to_blocks
    blocks = [b.text for b in text_to_blocks("RESOLVED:\n\na)\nNote the report.\nb)\nAgree the plan.\n")]
    assert blocks == ["RESOLVED:", "a) Note the report.", "b) Agree the plan."]
