"""A ModernGov (modern.gov) web-service client: committees -> meetings -> agenda items -> papers.

`{base}/mgWebService.asmx/{Operation}` answers plain GET with lower-case XML. Items come nested
in GetMeeting (there is no GetAgendaItems). Quirks handled here: dates as dd/mm/yyyy or
YYYY-MM-DD (with or without a time), a reply wrapped in an .asmx <string> element, namespaces,
and installs that ignore the date range (the caller filters by date again).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from pipeline.sources.errors import MalformedXML
from pipeline.sources.http import PoliteClient

SERVICE = "mgWebService.asmx"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%Y/%m/%d")
TRUE_WORDS = ("true", "1", "yes", "y")


@dataclass
class Committee:
    id: str
    title: str


@dataclass
class MeetingRef:
    id: str
    date: date | None
    date_text: str = ""
    time: str | None = None
    status: str | None = None


@dataclass
class LinkedDoc:
    title: str | None
    url: str
    attachment_id: str | None = None
    restricted: bool = False


@dataclass
class AgendaItem:
    number: str | None
    title: str | None
    documents: list[LinkedDoc] = field(default_factory=list)


@dataclass
class MeetingDetail:
    id: str
    date: date | None
    location: str | None = None
    items: list[AgendaItem] = field(default_factory=list)
    documents: list[LinkedDoc] = field(default_factory=list)   # attached to the meeting itself


def parse_service_date(text: str | None) -> date | None:
    """'26/09/2017', '2017-09-26', '2017-09-26T18:30:00', '26/09/2017 18:30:00' -> date."""
    if not text or not text.strip():
        return None
    head = re.split(r"[T ]", text.strip(), maxsplit=1)[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(head, fmt).date()
        except ValueError:
            pass
    return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_xml(content: bytes, url: str) -> ET.Element:
    """The reply's root element, namespaces stripped and tags lower-cased; MalformedXML otherwise."""
    head = content.lstrip()[:200].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise MalformedXML(f"{url} answered with an HTML page, not XML (a bot-blocker or an error "
                           "page?); check the base URL in a browser", url)
    try:
        root = ET.fromstring(content)
    except ET.ParseError as e:
        raise MalformedXML(f"malformed XML from {url} ({e}); the service is broken or this is not "
                           "a ModernGov web service", url) from None
    for el in root.iter():
        el.tag = _local(el.tag)
    # Some .asmx installs wrap the document as escaped text inside <string>.
    if root.tag == "string" and len(root) == 0 and (root.text or "").lstrip().startswith("<"):
        return parse_xml(root.text.strip().encode("utf-8"), url)
    return root


def _text(el: ET.Element, name: str) -> str | None:
    child = el.find(name)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def parse_committees(root: ET.Element) -> list[Committee]:
    out = []
    for el in root.iter("committee"):
        cid = _text(el, "committeeid")
        if cid:
            out.append(Committee(id=cid, title=_text(el, "committeetitle") or ""))
    return out


def parse_meetings(root: ET.Element) -> list[MeetingRef]:
    out = []
    for el in root.iter("meeting"):
        mid = _text(el, "meetingid")
        if not mid:
            continue
        text = _text(el, "meetingdate") or ""
        out.append(MeetingRef(id=mid, date=parse_service_date(text), date_text=text,
                              time=_text(el, "meetingtime"), status=_text(el, "meetingstatus")))
    return out


def _doc(d: ET.Element) -> LinkedDoc | None:
    url = _text(d, "url")
    if not url:
        return None
    return LinkedDoc(title=_text(d, "title"), url=url, attachment_id=_text(d, "attachmentid"),
                     restricted=(_text(d, "isrestricted") or "").lower() in TRUE_WORDS)


def parse_meeting(root: ET.Element, meeting_id: str) -> MeetingDetail:
    m = root if root.tag == "meeting" else root.find(".//meeting")
    if m is None:
        m = root
    detail = MeetingDetail(id=_text(m, "meetingid") or meeting_id,
                           date=parse_service_date(_text(m, "meetingdate")),
                           location=_text(m, "meetinglocation"))
    in_items: set[int] = set()
    for it in m.iter("agendaitem"):
        docs = [doc for doc in map(_doc, it.iter("linkeddoc")) if doc]
        in_items.update(id(el) for el in it.iter("linkeddoc"))
        detail.items.append(AgendaItem(number=_text(it, "agendaitemnumber"),
                                       title=_text(it, "agendaitemtitle"), documents=docs))
    # Papers attached to the meeting rather than an item (agenda pack, printed minutes).
    for d in m.iter("linkeddoc"):
        if id(d) not in in_items and (doc := _doc(d)):
            detail.documents.append(doc)
    return detail


class ModernGovClient:
    def __init__(self, base_url: str, http: PoliteClient):
        self.base_url = base_url.rstrip("/")
        self.http = http

    def url(self, operation: str, **params) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base_url}/{SERVICE}/{operation}{query}"

    def _get(self, operation: str, **params) -> ET.Element:
        url = self.url(operation, **params)
        return parse_xml(self.http.get(url).content, url)

    def committees(self) -> list[Committee]:
        return parse_committees(self._get("GetCommittees"))

    def meetings(self, committee_id: str, since: date, until: date) -> list[MeetingRef]:
        """Meetings in [since, until]; filtered here too, because some installs ignore the range."""
        root = self._get("GetMeetings", lCommitteeId=committee_id,
                         sFromDate=since.strftime("%d/%m/%Y"), sToDate=until.strftime("%d/%m/%Y"))
        return parse_meetings(root)

    def meeting(self, meeting_id: str) -> MeetingDetail:
        return parse_meeting(self._get("GetMeeting", lMeetingId=meeting_id), meeting_id)
