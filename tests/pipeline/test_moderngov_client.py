"""ModernGov XML parsing and dates: no server needed."""
from datetime import date

import pytest

from pipeline.sources.errors import MalformedXML
from pipeline.sources.moderngov import (
    parse_committees,
    parse_meeting,
    parse_meetings,
    parse_service_date,
    parse_xml,
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
