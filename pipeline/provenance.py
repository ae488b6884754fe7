"""What a document's source says about it, merged with what the document says of itself.

A paper fetched from a council's committee site arrives with its council (from the registry),
its meeting (committee, date) and its agenda item (published number, title); the document may
or may not print them. Runs after document understanding, before the extractors, so every
figure and action sees the merged context:
- the council from provenance wins over one guessed from the text;
- the fetched meeting becomes the document's Meeting, merged with the one the document states
  when the dates agree (one meeting, not a second row);
- the agenda item the paper was published under becomes an AgendaItem of that meeting, and the
  document's parts that name no item or date take the item's number and the meeting's date, so
  resolutions in an item's minutes reach `actions` with both.
"""
from __future__ import annotations

from datetime import date

from core.model import AgendaItem, Document, Meeting, MeetingKind, SourceInfo


def apply_source(doc: Document) -> Document:
    source = doc.source
    if source is None:
        return doc
    _authority(doc, source)
    meeting = _meeting(doc, source) if (source.meeting_date or source.committee) else None
    if meeting is not None and source.agenda_item_number:
        _agenda_item(doc, meeting, source)
    if doc.meeting_date is None and source.meeting_date is not None:
        doc.meeting_date = source.meeting_date
    _segments(doc, meeting, source)
    return doc


def _authority(doc: Document, source: SourceInfo) -> None:
    if not source.authority:
        return
    guessed = doc.authority
    if doc.authority_source != "provenance":    # understanding may have applied it already
        same = doc.authority == source.authority
        doc.authority = source.authority
        doc.authority_code = source.authority_code or (doc.authority_code if same else None)
        doc.authority_source, doc.authority_note = "provenance", None
    for m in doc.meetings:
        if m.authority is None or m.authority == guessed:
            m.authority = source.authority


def _kind(doc: Document, source: SourceInfo) -> MeetingKind:
    """Minutes when the paper records the fetched meeting; but minutes that record another,
    dated meeting (tabled for approval at this one) make this meeting's record an agenda."""
    if any(m.meeting_date for m in doc.meetings):
        return "agenda"
    title = (source.document_title or "").lower()
    return "minutes" if doc.doc_type == "minutes" or "minutes" in title else "agenda"


def _same_meeting(doc: Document, when: date | None) -> Meeting | None:
    """The document's own record of the fetched meeting: the one on the same date, else its
    only meeting when that one gives no date."""
    if when is not None:
        for m in doc.meetings:
            if m.meeting_date == when:
                return m
    if len(doc.meetings) == 1 and doc.meetings[0].meeting_date is None:
        return doc.meetings[0]
    return None


def _meeting(doc: Document, source: SourceInfo) -> Meeting:
    m = _same_meeting(doc, source.meeting_date)
    if m is None:
        keys = {x.key for x in doc.meetings}
        key = next(k for k in ("m1", "source") + tuple(f"m{n}" for n in range(2, len(keys) + 3))
                   if k not in keys)
        m = Meeting(key=key, kind=_kind(doc, source), authority=doc.authority)
        doc.meetings.insert(0, m)
    # The service's committee title and date are the council's own record of the meeting.
    m.committee = source.committee or m.committee
    m.meeting_date = m.meeting_date or source.meeting_date
    m.authority = m.authority or doc.authority
    return m


def _number(text: str | None) -> str:
    return (text or "").strip().rstrip(".").lower()


def _agenda_item(doc: Document, meeting: Meeting, source: SourceInfo) -> None:
    number = source.agenda_item_number or ""
    for item in doc.agenda_items:
        if item.meeting_key == meeting.key and _number(item.item_number) == _number(number):
            item.title = item.title or source.agenda_item_title or ""
            return
    doc.agenda_items.append(AgendaItem(meeting_key=meeting.key, item_number=number,
                                       title=source.agenda_item_title or ""))


def _segments(doc: Document, meeting: Meeting | None, source: SourceInfo) -> None:
    """Parts of the document that say nothing of their own meeting or item take the source's."""
    for seg in doc.segments:
        if meeting is not None and seg.meeting_key not in (None, meeting.key):
            continue                # a part about another meeting (earlier minutes in a pack)
        if seg.meeting_date is None:
            seg.meeting_date = source.meeting_date
        if meeting is not None and seg.meeting_key is None:
            seg.meeting_key = meeting.key
        if source.agenda_item_number and seg.agenda_item is None:
            seg.agenda_item = source.agenda_item_number
