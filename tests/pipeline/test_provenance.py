"""The source's meeting, item and council merged into what the document says of itself."""
from __future__ import annotations

from datetime import date

from core.model import AgendaItem, Document, Meeting, Segment, SourceInfo
from pipeline.provenance import apply_source

COMMITTEE = "Overview and Scrutiny Committee (Children's Services and Safeguarding)"
DAY = date(2018, 9, 26)


def source(**kw) -> SourceInfo:
    base = dict(source_name="sefton", committee=COMMITTEE, committee_id="101", meeting_id="3001",
                meeting_date=DAY, authority="Sefton", authority_code="E08000014")
    return SourceInfo(**{**base, **kw})


def doc(**kw) -> Document:
    d = Document(source_path="u", sha256="0" * 64, format="html", **kw)
    d.segments = [Segment(kind="document", first_block=0, last_block=-1)]
    return d


def test_the_documents_own_meeting_is_merged_not_repeated():
    d = doc(doc_type="minutes", meetings=[Meeting(key="m1", committee="Children's Scrutiny",
                                                  meeting_date=DAY, kind="minutes")])
    d.source = source(agenda_item_number="9", agenda_item_title="Fees & Charges")
    apply_source(d)
    (m,) = d.meetings
    assert (m.key, m.committee, m.meeting_date, m.kind, m.authority) == (
        "m1", COMMITTEE, DAY, "minutes", "Sefton")
    assert [(i.meeting_key, i.item_number, i.title) for i in d.agenda_items] == [
        ("m1", "9", "Fees & Charges")]
    (seg,) = d.segments
    assert (seg.meeting_date, seg.meeting_key, seg.agenda_item) == (DAY, "m1", "9")


def test_a_paper_that_names_no_meeting_gets_the_fetched_one():
    d = doc(doc_type="annual_report")
    d.source = source(agenda_item_number="9", agenda_item_title="Fostering annual report",
                      document_title="Fostering annual report")
    apply_source(d)
    (m,) = d.meetings
    assert (m.committee, m.meeting_date, m.kind) == (COMMITTEE, DAY, "agenda")
    assert d.meeting_date == DAY and d.agenda_items[0].item_number == "9"


def test_the_packs_item_list_keeps_its_titles_and_gains_no_duplicate():
    d = doc(doc_type="agenda_pack", meetings=[Meeting(key="m1", meeting_date=DAY)],
            agenda_items=[AgendaItem(meeting_key="m1", item_number="9.", title="Fees and charges")])
    d.source = source(agenda_item_number="9", agenda_item_title="Fees & Charges")
    apply_source(d)
    assert [(i.item_number, i.title) for i in d.agenda_items] == [("9.", "Fees and charges")]


def test_earlier_minutes_in_a_pack_keep_their_own_meeting():
    earlier = date(2018, 6, 20)
    d = doc(doc_type="agenda_pack", meetings=[Meeting(key="m1", meeting_date=DAY),
                                              Meeting(key="m2", meeting_date=earlier)])
    d.segments = [Segment(kind="agenda", meeting_key="m1"),
                  Segment(kind="minutes", meeting_key="m2", meeting_date=earlier)]
    d.source = source()
    apply_source(d)
    assert [m.meeting_date for m in d.meetings] == [DAY, earlier]
    assert [s.meeting_date for s in d.segments] == [DAY, earlier]


def test_the_registry_council_beats_a_guess_from_the_text():
    d = doc(authority="Liverpool", authority_code="E08000012",
            meetings=[Meeting(key="m1", meeting_date=DAY, authority="Liverpool")])
    d.source = source()
    apply_source(d)
    assert (d.authority, d.authority_code, d.authority_source) == ("Sefton", "E08000014", "provenance")
    assert d.meetings[0].authority == "Sefton"


def test_a_local_file_without_provenance_is_left_alone():
    d = doc(authority="Liverpool")
    apply_source(d)
    assert d.authority == "Liverpool" and d.meetings == []


def test_a_council_named_without_code_keeps_the_code_understanding_found():
    d = doc(authority="Sefton", authority_code="E08000014")
    d.source = SourceInfo(authority="Sefton")
    apply_source(d)
    assert (d.authority, d.authority_code, d.authority_source) == ("Sefton", "E08000014", "provenance")


def test_minutes_of_an_earlier_meeting_tabled_at_this_one():
    earlier = date(2018, 7, 11)
    d = doc(doc_type="minutes", meetings=[Meeting(key="m1", meeting_date=earlier, kind="minutes")])
    d.segments = [Segment(kind="document", meeting_key="m1", meeting_date=earlier)]
    d.source = source(agenda_item_number="3", agenda_item_title="Minutes of the previous meeting")
    apply_source(d)
    fetched, own = d.meetings
    assert (fetched.meeting_date, fetched.kind, own.meeting_date, own.kind) == (
        DAY, "agenda", earlier, "minutes")
    assert [(i.meeting_key, i.item_number) for i in d.agenda_items] == [(fetched.key, "3")]
    assert d.segments[0].meeting_date == earlier and d.segments[0].agenda_item is None
