"""A ModernGov (modern.gov) web-service client: committees -> meetings -> agenda items -> papers.

`{base}/mgWebService.asmx/{Operation}` answers plain GET with lower-case XML. Items come nested
in GetMeeting (there is no GetAgendaItems). Quirks handled here, all seen on live installs:
- dates as dd/mm/yyyy or YYYY-MM-DD (with or without a time);
- a reply wrapped in an .asmx <string> element, and namespaces;
- installs that ignore the date range (the caller filters by date again);
- `<agendaitemnumber>` is the internal running number; the agenda prints
  `<fulldisplaynumberformat>` ("1", "9.", "5a");
- text is HTML-escaped before it is XML-escaped, so a title "Fees & Charges" arrives as
  "Fees &amp;amp; Charges": titles are unescaped once per level of escaping;
- each item's minutes (`<minutesnonemptyhtmlbody>`) and agenda text (`<agendatext>`) are HTML
  carried as escaped text, on some installs escaped twice.
"""
from __future__ import annotations

import html
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
MAX_UNESCAPE_LEVELS = 3             # more than this is not escaping, it is the text
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][\w:-]*[^<>]*>")


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
    number: str | None                  # as the agenda prints it (fulldisplaynumberformat)
    title: str | None
    documents: list[LinkedDoc] = field(default_factory=list)
    id: str | None = None               # agendaitemid: the item's page is mgAi.aspx?ID=<id>
    internal_number: str | None = None  # agendaitemnumber: running order, not what is printed
    minutes_html: str | None = None     # the item's minutes, once published
    agenda_html: str | None = None      # the item's agenda text
    restricted: bool = False            # exempt item: its text is not for publication


@dataclass
class MeetingDetail:
    id: str
    date: date | None
    location: str | None = None
    time: str | None = None
    committee_id: str | None = None
    committee_title: str | None = None
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


def unescape_title(text: str | None) -> str | None:
    """A title with every level of HTML escaping removed: 'Fees &amp;amp; Charges' (as parsed
    from the XML) -> 'Fees & Charges'. Bounded, so text that merely mentions '&amp;' survives."""
    if text is None:
        return None
    for _ in range(MAX_UNESCAPE_LEVELS):
        plain = html.unescape(text)
        if plain == text:
            break
        text = plain
    return " ".join(text.split()) or None


def html_body(text: str | None) -> str | None:
    """An item's minutes or agenda text as HTML. After XML parsing the text is HTML
    ('<p>RESOLVED: ...</p>'); an install that escaped it twice leaves '&lt;p&gt;RESOLVED...',
    which is unescaped until tags appear (bounded). None when nothing is left but markup."""
    if text is None:
        return None
    for _ in range(MAX_UNESCAPE_LEVELS):
        if HTML_TAG.search(text) or "&lt;" not in text:
            break
        text = html.unescape(text)
    if not HTML_TAG.sub(" ", html.unescape(text)).strip():
        return None
    return text.strip()


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
    inner = (root.text or "").strip()
    if root.tag == "string" and len(root) == 0 and inner.startswith("<"):
        return parse_xml(inner.encode("utf-8"), url)
    return root


def _text(el: ET.Element, name: str) -> str | None:
    child = el.find(name)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def _flag(el: ET.Element, name: str) -> bool:
    return (_text(el, name) or "").lower() in TRUE_WORDS


def parse_committees(root: ET.Element) -> list[Committee]:
    out = []
    for el in root.iter("committee"):
        cid = _text(el, "committeeid")
        if cid:
            out.append(Committee(id=cid, title=unescape_title(_text(el, "committeetitle")) or ""))
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
    return LinkedDoc(title=unescape_title(_text(d, "title")), url=html.unescape(url),
                     attachment_id=_text(d, "attachmentid"), restricted=_flag(d, "isrestricted"))


def item_number(it: ET.Element) -> str | None:
    """The number the agenda prints ('9', '5a'), without its trailing full stop; the internal
    running number only when the install gives no display number."""
    shown = _text(it, "fulldisplaynumberformat") or _text(it, "agendaitemnumber")
    return shown.rstrip(".").strip() or None if shown else None


def parse_item(it: ET.Element) -> AgendaItem:
    docs = [doc for doc in map(_doc, it.iter("linkeddoc")) if doc]
    # isdisplayallowed is False for an exempt item on installs that send it.
    hidden = it.find("isdisplayallowed") is not None and not _flag(it, "isdisplayallowed")
    return AgendaItem(number=item_number(it), title=unescape_title(_text(it, "agendaitemtitle")),
                      documents=docs, id=_text(it, "agendaitemid"),
                      internal_number=_text(it, "agendaitemnumber"),
                      minutes_html=html_body(_text(it, "minutesnonemptyhtmlbody")),
                      agenda_html=html_body(_text(it, "agendatext")),
                      restricted=_flag(it, "isrestricted") or hidden)


def parse_meeting(root: ET.Element, meeting_id: str) -> MeetingDetail:
    m = root if root.tag == "meeting" else root.find(".//meeting")
    if m is None:
        m = root
    detail = MeetingDetail(id=_text(m, "meetingid") or meeting_id,
                           date=parse_service_date(_text(m, "meetingdate")),
                           location=unescape_title(_text(m, "meetinglocation")),
                           time=_text(m, "meetingtime"),
                           committee_id=_text(m, "committeeid"),
                           committee_title=unescape_title(_text(m, "committeetitle")))
    in_items: set[int] = set()
    for it in m.iter("agendaitem"):
        in_items.update(id(el) for el in it.iter("linkeddoc"))
        detail.items.append(parse_item(it))
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

    def meeting_page_url(self, committee_id: str, meeting_id: str) -> str:
        """The meeting's public page, which links the agenda pack and printed minutes."""
        return f"{self.base_url}/ieListDocuments.aspx?{urlencode({'CId': committee_id, 'MId': meeting_id})}"

    def item_page_url(self, item: AgendaItem, committee_id: str, meeting_id: str) -> str:
        if item.id:
            return f"{self.base_url}/mgAi.aspx?{urlencode({'ID': item.id})}"
        return f"{self.meeting_page_url(committee_id, meeting_id)}#item-{item.number or ''}"

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
