"""ModernGov XML and meeting-page parsing, dates, escaping: no server needed."""
from datetime import date
from pathlib import Path

import pytest

from pipeline.sources.errors import FetchError, MalformedXML
from pipeline.sources.meeting_page import parse_meeting_page, url_key
from pipeline.sources.moderngov import (
    html_body,
    parse_committees,
    parse_meeting,
    parse_meetings,
    parse_service_date,
    parse_xml,
    unescape_title,
)

MEETING = b"""<?xml version="1.0" encoding="utf-8"?>
<meeting><meetingid>2001</meetingid><meetingdate>26/09/2017</meetingdate>
<meetinglocation>Town Hall, Bootle</meetinglocation>
<linkeddocuments><linkeddoc><title>Agenda frontsheet</title><url>https://h/documents/g1/a.pdf</url>
<attachmentid>1</attachmentid><isrestricted>False</isrestricted></linkeddoc></linkeddocuments>
<agendaitem><agendaitemnumber>8</agendaitemnumber><agendaitemtitle>Fostering</agendaitemtitle>
<linkeddocuments>
<linkeddoc><title>Report</title><url>https://h/documents/s1/r.pdf</url><attachmentid>7</attachmentid>
<isrestricted>False</isrestricted></linkeddoc>
<linkeddoc><title>Exempt</title><url>https://h/documents/s2/x.pdf</url><isrestricted>True</isrestricted></linkeddoc>
</linkeddocuments></agendaitem></meeting>"""


@pytest.mark.parametrize("text, expected", [
    ("26/09/2017", date(2017, 9, 26)), ("2017-09-26", date(2017, 9, 26)),
    ("2017-09-26T18:30:00", date(2017, 9, 26)), ("26/09/2017 18:30:00", date(2017, 9, 26)),
    ("", None), ("next Tuesday", None), (None, None)])
def test_both_date_formats(text, expected):
    assert parse_service_date(text) == expected


def test_meeting_items_and_documents():
    m = parse_meeting(parse_xml(MEETING, "u"), "2001")
    assert (m.id, m.date, m.location) == ("2001", date(2017, 9, 26), "Town Hall, Bootle")
    assert [d.title for d in m.documents] == ["Agenda frontsheet"]
    (item,) = m.items
    assert (item.number, item.title) == ("8", "Fostering")
    assert [(d.title, d.attachment_id, d.restricted) for d in item.documents] == [
        ("Report", "7", False), ("Exempt", None, True)]


def test_committees_and_meetings_with_namespace_and_string_wrapper():
    inner = ("<committees><committee><committeeid>5</committeeid><committeetitle>Cabinet"
             "</committeetitle></committee></committees>")
    wrapped = ('<string xmlns="http://tempuri.org/">' + inner.replace("<", "&lt;").replace(">", "&gt;")
               + "</string>").encode()
    (c,) = parse_committees(parse_xml(wrapped, "u"))
    assert (c.id, c.title) == ("5", "Cabinet")
    ns = (b'<getmeetings xmlns="urn:x"><committee><committeemeetings><meeting><meetingid>9</meetingid>'
          b"<meetingdate>2018-07-10</meetingdate></meeting></committeemeetings></committee></getmeetings>")
    (m,) = parse_meetings(parse_xml(ns, "u"))
    assert (m.id, m.date) == ("9", date(2018, 7, 10))


@pytest.mark.parametrize("body", [b"<committees><committee>", b"<!DOCTYPE html><html>blocked</html>",
                                  b"", b"not xml at all"])
def test_malformed_xml_is_terminal_with_a_clear_message(body):
    with pytest.raises(MalformedXML) as e:
        parse_xml(body, "https://h/mgWebService.asmx/GetCommittees")
    assert e.value.terminal
    assert "https://h/mgWebService.asmx/GetCommittees" in e.value.message


# --- replies shaped like a live install's (tests/fixtures/moderngov) ----------------------



FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "moderngov"
PAGE_URL = "https://democracy.example.gov.uk/ieListDocuments.aspx?CId=101&MId=3001"


def recorded_meeting():
    data = (FIXTURES / "GetMeeting-3001.xml").read_bytes()
    return parse_meeting(parse_xml(data, "u"), "3001")


def test_published_item_numbers_not_the_internal_ones():
    m = recorded_meeting()
    assert [(i.number, i.internal_number) for i in m.items] == [
        ("1", "4"), ("9", "12"), ("10", "13"), ("11", "14")]


def test_titles_unescaped_once_per_level():
    m = recorded_meeting()
    assert m.items[1].title == "Fostering Service Fees & Charges 2018/19"
    assert m.committee_title == "Overview and Scrutiny Committee (Children's Services and Safeguarding)"
    assert unescape_title("Fees &amp;amp; Charges") == "Fees & Charges"
    assert unescape_title("Plain title") == "Plain title"


def test_item_minutes_and_agenda_text_become_html_once_or_twice_escaped():
    m = recorded_meeting()
    fostering, sufficiency, exempt = m.items[1], m.items[2], m.items[3]
    assert fostering.minutes_html.startswith("<p>The Committee considered")
    assert "<strong>RESOLVED:</strong>" in fostering.minutes_html
    assert fostering.agenda_html.startswith("<p>To consider the report")
    assert sufficiency.minutes_html == ("<p><strong>RESOLVED:</strong> That the placement "
                                        "sufficiency update be noted.</p>")
    assert m.items[0].agenda_html is None                      # empty <agendatext/>
    assert exempt.restricted and not fostering.restricted
    assert html_body("&lt;p&gt;&lt;/p&gt;") is None             # markup and nothing else


def test_restricted_linked_paper_flagged():
    m = recorded_meeting()
    assert [(d.title, d.restricted) for d in m.items[2].documents] == [
        ("Sufficiency update", False), ("Appendix 2 - placement costs (exempt)", True)]


def test_meeting_page_lists_pack_minutes_and_reports_with_relative_and_absolute_links():
    docs = parse_meeting_page((FIXTURES / "ieListDocuments-3001.html").read_bytes(), PAGE_URL, "3001")
    by_title = {d.title: d for d in docs}
    assert set(by_title) == {"Agenda frontsheet", "Public reports pack", "Printed minutes",
                             "Supplement - Sufficiency data",
                             "Fostering Service Annual Report 2017/18", "Sufficiency update",
                             "Supplement - exempt appendix"}
    pack = by_title["Public reports pack"]
    assert pack.meeting_level and pack.url.startswith("https://democracy.example.gov.uk/documents/g3001/")
    assert not by_title["Fostering Service Annual Report 2017/18"].meeting_level
    assert by_title["Supplement - exempt appendix"].restricted
    assert by_title["Supplement - exempt appendix"].url.startswith("http://")
    assert not any(d.restricted for t, d in by_title.items() if "exempt" not in t)


def test_one_paper_spelt_two_ways_is_one_key():
    a = "https://H/documents/g3001/Public%20reports%20pack.pdf?T=10"
    b = "http://h/documents/g3001/Public reports pack.pdf"
    assert url_key(a) == url_key(b)
    assert url_key("https://h/mgConvert2PDF.aspx?ID=1") != url_key("https://h/mgConvert2PDF.aspx?ID=2")


@pytest.mark.parametrize("body", [b"<html><body><p>Site under maintenance</p></body></html>",
                                  b"   ", b"Service Unavailable"])
def test_a_page_that_is_not_a_meeting_page_names_its_url(body):
    with pytest.raises(FetchError) as e:
        parse_meeting_page(body, PAGE_URL, "3001")
    assert PAGE_URL in e.value.message


def test_a_meeting_page_with_no_papers_yet_is_not_an_error():
    page = b'<html><body><div id="modgov"><p class="mgSubTitleTxt">Agenda to follow</p></div></body></html>'
    assert parse_meeting_page(page, PAGE_URL, "3001") == []
