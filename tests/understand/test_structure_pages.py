"""Text files have no page breaks: their "Page N" footers, "Agenda Item N" headers, blank-page
notices and the agenda's "(Pages a - b)" give each block its printed page."""
from __future__ import annotations

from extractors.read.text import read_text
from extractors.understand.structure import annotate


def _doc(text: str):
    return annotate(read_text(text.encode(), "t.txt", "x"))


def _page_of(doc, needle: str) -> int:
    return next(b.page for b in doc.blocks if needle in b.text)


def test_page_footers_number_the_blocks_before_them():
    text = ("Leeds City Council\n\nQuarterly performance report\n\nFirst page text about carers.\n\n"
            "Page 12\n\nSecond page text about placements.\n\nPage 13\n\n"
            "Third page text.\n\nThis page is intentionally left blank\n\nAfter the blank page.\n")
    doc = _doc(text)
    assert _page_of(doc, "First page text") == 12
    assert _page_of(doc, "Second page text") == 13
    assert _page_of(doc, "Third page text") == 14
    assert _page_of(doc, "After the blank page") == 16     # page 15 is the blank one
    # Page entries are the printed pages; char offsets still point into the file.
    assert [p.number for p in doc.pages][-5:] == [12, 13, 14, 15, 16]
    assert doc.pages[11].printed_number == "12" and doc.pages[11].n_chars > 0
    b = next(b for b in doc.blocks if "Second page text" in b.text)
    assert text[b.char_start:b.char_end].startswith("Second page text")


def test_footer_merged_into_a_table_row_counts():
    text = ("Report\n\nIntro text.\n\nPage 40\tAction 1\tOct 2017\n\nNext text.\n\nPage 41\n\nLast.\n")
    doc = _doc(text)
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.page == 40 and table.table.page == 40
    assert _page_of(doc, "Next text") == 41


def test_text_without_page_furniture_stays_on_page_one():
    doc = _doc("Cornwall Council\n\nAnnual report\n\nSome text.\n\nMore text.\n")
    assert {b.page for b in doc.blocks} == {1} and len(doc.pages) == 1


PACK = """Public Document Pack

Leeds City Council

MEETING: SCRUTINY BOARD (CHILDREN AND FAMILIES)

DATE: 14th March 2023

TIME: 10.00 am

VENUE: Civic Hall, Leeds

A G E N D A

- 1. Apologies for Absence**
- 2. Minutes of the Previous Meeting** (Pages 3 - 6)

Minutes of the meeting held on 7 February 2023
- 3. Fostering Service Update** (Pages 7 - 12)

Report of the Director of Children and Families

This page is intentionally left blank

Agenda Item 2

SCRUTINY BOARD (CHILDREN AND FAMILIES)

MEETING HELD AT THE CIVIC HALL, LEEDS ON TUESDAY 7TH FEBRUARY, 2023

PRESENT: Councillor Smith (in the Chair)

1. APOLOGIES FOR ABSENCE

Apologies for absence were received from Councillor Jones.

Agenda Item 2

2. FOSTERING

The Board noted the fostering update.

This page is intentionally left blank

Agenda Item 3

Report to:\tScrutiny Board (Children and Families)\tDate of Meeting:\t14 March 2023
Subject:\tFostering Service Update\t\t
Report of:\tDirector of Children and Families\t\t
Is this a Key Decision?\tNo\t\t

1. Summary

There are 612 foster households in Leeds.

Agenda Item 3

2. Recruitment

Enquiries rose this year.

Page 9

3. Next steps

The service will report again in September.
"""


def test_pack_text_items_get_printed_page_ranges():
    doc = _doc(PACK)
    assert doc.doc_type == "agenda_pack"
    items = {it.item_number: it for it in doc.agenda_items}
    assert (items["2"].page_start, items["3"].page_start) == (3, 7)
    assert 3 <= items["2"].page_end <= 6
    assert 7 < items["3"].page_end <= 12
    assert _page_of(doc, "There are 612 foster households") == 7
    assert _page_of(doc, "Enquiries rose this year") in (8, 9)
    assert _page_of(doc, "The service will report again") == 10
    assert _page_of(doc, "Apologies for absence were received") == 3
    pages = [b.page for b in doc.blocks]
    assert pages == sorted(pages)
    assert doc.pages[6].agenda_item == "3"


def test_corpus_pack_text_pages(processed):
    result = processed("text", "sefton-childrens-scrutiny-agenda-2017-09-26")
    doc = result.document
    items = {it.item_number: it for it in doc.agenda_items}
    for num, (first, last) in {"3": (5, 18), "4": (19, 50), "7": (93, 122), "8": (123, 138)}.items():
        it = items[num]
        assert it.page_start == first and first <= it.page_end <= last, (num, it)
    page = _page_of(doc, "Sefton currently has 86 mainstream fostering households")
    assert 123 <= page <= 138
    pages = [b.page for b in doc.blocks]
    assert pages == sorted(pages)
    assert len(doc.pages) >= 138
    assert all(1 <= a.page <= len(doc.pages) for a in result.actions)
    assert len({a.page for a in result.actions}) > 3
    assert any(o.page > 1 for o in result.observations)


def test_one_page_reference_is_not_pagination():
    doc = _doc("Report\n\nThe figures are set out on Page 12\n\nMore text.\n")
    assert {b.page for b in doc.blocks} == {1}
    assert any(b.text.endswith("on Page 12") for b in doc.blocks)
