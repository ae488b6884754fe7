"""Document understanding on the corpus papers: type, authority, period, meetings, agenda items.
Expected values were read from the papers themselves."""
from __future__ import annotations

from datetime import date

import pytest

KINDS = ["text", "pdf"]
PAPERS = [
    # stem, doc_type, authority, GSS, period start, period end
    ("sefton-fostering-annual-report-2017-18", "annual_report", "Sefton", "E08000014",
     date(2017, 4, 1), date(2018, 3, 31)),
    ("southwark-fostering-annual-report-2016-17", "annual_report", "Southwark", "E09000028",
     date(2016, 4, 1), date(2017, 3, 31)),
    ("coventry-cabinet-member-fostering-annual-report-2017-18", "minutes", "Coventry", "E08000026",
     date(2017, 4, 1), date(2018, 3, 31)),
    ("sefton-cared-for-children-sufficiency-statement-2023-09", "strategy", "Sefton", "E08000014",
     date(2023, 9, 1), date(2023, 9, 30)),
]
PACK = "sefton-childrens-scrutiny-agenda-2017-09-26"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("stem, doc_type, authority, code, start, end", PAPERS)
def test_paper_classified_attributed_and_dated(processed, kind, stem, doc_type, authority, code,
                                               start, end):
    doc = processed(kind, stem).document
    assert doc.doc_type == doc_type
    assert (doc.authority, doc.authority_code) == (authority, code)
    assert (doc.period_start, doc.period_end) == (start, end)


@pytest.mark.parametrize("kind", KINDS)
def test_pack_meetings(processed, kind):
    doc = processed(kind, PACK).document
    assert doc.doc_type == "agenda_pack"
    assert (doc.authority, doc.authority_code) == ("Sefton", "E08000014")
    assert doc.meeting_date == date(2017, 9, 26)
    meetings = [(m.kind, m.meeting_date) for m in doc.meetings]
    assert meetings == [("agenda", date(2017, 9, 26)), ("minutes", date(2017, 6, 21)),
                        ("minutes", date(2017, 6, 30))]
    pack = doc.meetings[0]
    assert "OVERVIEW AND SCRUTINY COMMITTEE" in pack.committee
    assert pack.start_time == "6.30 pm" and pack.venue == "Town Hall Bootle"
    assert "Birkdale Room" in doc.meetings[1].venue
    assert "Councillor Pitt" in doc.meetings[1].apologies


@pytest.mark.parametrize("kind", KINDS)
def test_pack_agenda_items(processed, kind):
    doc = processed(kind, PACK).document
    items = {it.item_number: it for it in doc.agenda_items}
    assert list(items) == [str(n) for n in range(1, 12)]
    assert items["1"].title == "Apologies for Absence"
    assert items["4"].title == "Licensing/Child Sexual Exploitation Working Group Final Report"
    assert items["8"].title == "Fostering Annual Report"
    assert items["8"].report_of == "Head of Children's Social Care"
    assert items["8"].printed_pages == "123 - 138"
    assert items["5"].report_of == "Director of Social Care"
    assert items["11"].report_of == "Head of Regulation and Compliance"
    assert items["4"].key_decision is True and items["8"].key_decision is False
    assert items["9"].report_of is None


@pytest.mark.parametrize("kind", KINDS)
def test_fostering_report_is_item_8_with_its_own_period(processed, kind):
    doc = processed(kind, PACK).document
    i = next(i for i, b in enumerate(doc.blocks)
             if "Sefton currently has 86 mainstream fostering households" in b.text)
    seg = doc.segment_of(i)
    assert seg.kind == "report" and seg.agenda_item == "8"
    assert doc.period_for(i) == (date(2016, 4, 1), date(2017, 3, 31))
    j = next(i for i, b in enumerate(doc.blocks) if "This report details the activities in respect" in b.text)
    assert doc.segment_of(j).agenda_item == "7"
    assert doc.period_for(j) == (date(2016, 4, 1), date(2017, 3, 31))


@pytest.mark.parametrize("kind", KINDS)
def test_minutes_blocks_belong_to_their_meeting(processed, kind):
    doc = processed(kind, PACK).document
    i = next(i for i, b in enumerate(doc.blocks) if b.text.startswith("Charlotte Smith, Specialty Registrar"))
    seg = doc.segment_of(i)
    assert seg.kind == "minutes" and seg.meeting_date == date(2017, 6, 21) and seg.agenda_item == "3"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("stem", [p[0] for p in PAPERS] + [PACK])
def test_no_furniture_survives(processed, kind, stem):
    doc = processed(kind, stem).document
    for b in doc.blocks:
        texts = [b.text] if b.table is None else [c for row in b.table.rows for c in row]
        for t in texts:
            assert "intentionally left blank" not in t.lower()
            assert not t.strip().startswith(("Page 70", "Agenda Item 7"))
            assert t.strip() not in ("Page 70", "Agenda Item 7", "Agenda Item 8")
    for a in processed(kind, stem).actions:
        assert "intentionally left blank" not in a.text.lower()
        assert not a.text.strip().endswith(("Agenda Item 7", "Page 70"))


def test_pdf_pages_keep_printed_numbers(processed):
    doc = processed("pdf", PACK).document
    assert doc.pages[69].printed_number == "70"


def test_headings_have_levels_and_sections(processed):
    doc = processed("pdf", "sefton-fostering-annual-report-2017-18").document
    heads = [b for b in doc.blocks if b.kind == "heading"]
    assert heads and all(b.level for b in heads)
    assert any(b.section and b.kind == "paragraph" for b in doc.blocks)
