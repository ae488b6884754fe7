"""A fake ModernGov install on 127.0.0.1 for tests. Several councils live under path prefixes of
one server (http://127.0.0.1:PORT/<council>/mgWebService.asmx/...). Two kinds of council:
- FakeCouncil: replies generated in the service's lower-case XML from a few dataclasses, with
  a meeting page (ieListDocuments.aspx) listing the meeting's papers;
- RecordedCouncil: replies served from files shaped like the live service's
  (tests/fixtures/moderngov/, see its README), their placeholder host rewritten to this server.
Papers are sample PDFs from ../shared/corpus.

It counts every request, answers conditional GETs with 304, and can be told to misbehave per
path: fail with a status N times, serve other bytes (malformed XML), redirect elsewhere, send
a body in slow pieces. It stops itself after MAX_LIFETIME_SECONDS even if a test forgets to.
"""
from __future__ import annotations

import hashlib
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape

MAX_LIFETIME_SECONDS = 120
LAST_MODIFIED = "Tue, 26 Sep 2017 09:00:00 GMT"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "moderngov"
RECORDED_HOST = "democracy.example.gov.uk"
SLOW_PAUSE_SECONDS = 0.02     # the fixtures' stand-in for the council's host


@dataclass
class FakeDoc:
    title: str
    path: str                          # server path, or a full URL for off-host links
    file: Path | None = None           # bytes to serve; None for links never served
    restricted: bool = False


@dataclass
class FakeItem:
    number: str
    title: str
    docs: list[FakeDoc] = field(default_factory=list)


@dataclass
class FakeMeeting:
    id: str
    when: date
    items: list[FakeItem] = field(default_factory=list)
    docs: list[FakeDoc] = field(default_factory=list)      # attached to the meeting itself
    location: str = "Town Hall, Bootle"


@dataclass
class FakeCouncil:
    prefix: str                        # '/sefton'
    committees: dict[str, str]         # id -> title
    meetings: dict[str, list[FakeMeeting]]   # committee id -> meetings
    date_format: str = "%d/%m/%Y"      # or "%Y-%m-%d" as some installs answer
    ignore_range: bool = False         # some installs return every meeting whatever the range
    repeat_listing: int = 1            # each meeting listed this many times by GetMeetings

    def service(self, op: str, q: dict, base: str) -> bytes | None:
        if op == "GetCommittees":
            return committees_xml(self).encode()
        if op == "GetMeetings":
            return meetings_xml(self, q.get("lCommitteeId", ""), _parse_dmy(q.get("sFromDate")),
                                _parse_dmy(q.get("sToDate"))).encode()
        if op == "GetMeeting":
            m = self.meeting(q.get("lMeetingId"))
            return meeting_xml(self, m, base).encode() if m else b'<?xml version="1.0"?><meeting></meeting>'
        return None

    def meeting(self, mid: str | None) -> FakeMeeting | None:
        return next((m for ms in self.meetings.values() for m in ms if m.id == mid), None)

    def page(self, q: dict, base: str) -> bytes | None:
        m = self.meeting(q.get("MId"))
        return meeting_page(m, base).encode() if m else None

    def doc_file(self, rest: str) -> Path | None:
        for ms in self.meetings.values():
            for m in ms:
                for d in m.docs + [d for it in m.items for d in it.docs]:
                    if d.path == rest:
                        return d.file
        return None


@dataclass
class RecordedCouncil:
    """Replies read from fixture files named after the operation: GetCommittees.xml,
    GetMeetings-<committee id>.xml, GetMeeting-<meeting id>.xml, ieListDocuments-<meeting id>.html;
    `files` maps a paper's server path (after the prefix) to the bytes to serve."""
    prefix: str
    files: dict[str, Path]
    fixtures: Path = FIXTURES

    def _read(self, name: str, base: str) -> bytes | None:
        path = self.fixtures / name
        if not path.is_file():
            return None
        data = path.read_bytes()
        for scheme in (b"https://", b"http://"):
            data = data.replace(scheme + RECORDED_HOST.encode(), base.encode())
        return data

    def service(self, op: str, q: dict, base: str) -> bytes | None:
        if op == "GetCommittees":
            return self._read("GetCommittees.xml", base)
        if op == "GetMeetings":
            return self._read(f"GetMeetings-{q.get('lCommitteeId', '')}.xml", base) or \
                b'<?xml version="1.0" encoding="utf-8"?><getmeetings></getmeetings>'
        if op == "GetMeeting":
            return self._read(f"GetMeeting-{q.get('lMeetingId', '')}.xml", base)
        return None

    def page(self, q: dict, base: str) -> bytes | None:
        return self._read(f"ieListDocuments-{q.get('MId', '')}.html", base)

    def doc_file(self, rest: str) -> Path | None:
        return self.files.get(rest)


def _date(d: date, fmt: str) -> str:
    return d.strftime(fmt)


def committees_xml(c: FakeCouncil) -> str:
    rows = "".join(f"<committee><committeeid>{cid}</committeeid><committeetitle>{escape(t)}"
                   "</committeetitle><committeedeleted>False</committeedeleted></committee>"
                   for cid, t in c.committees.items())
    return f'<?xml version="1.0" encoding="utf-8"?><committees>{rows}</committees>'


def meetings_xml(c: FakeCouncil, cid: str, since: date | None, until: date | None) -> str:
    rows = ""
    for m in c.meetings.get(cid, []):
        if not c.ignore_range and ((since and m.when < since) or (until and m.when > until)):
            continue
        rows += c.repeat_listing * (f"<meeting><meetingid>{m.id}</meetingid><meetingdate>{_date(m.when, c.date_format)}"
                 "</meetingdate><meetingtime>18:30</meetingtime><meetingstatus>Confirmed"
                 "</meetingstatus></meeting>")
    return (f'<?xml version="1.0" encoding="utf-8"?><getmeetings><committee><committeeid>{cid}'
            f"</committeeid><committeetitle>{escape(c.committees.get(cid, ''))}</committeetitle>"
            f"<committeemeetings>{rows}</committeemeetings></committee></getmeetings>")


def _linked(docs: list[FakeDoc], base: str) -> str:
    out = ""
    for d in docs:
        url = d.path if "://" in d.path else base + d.path
        out += (f"<linkeddoc><title>{escape(d.title)}</title><url>{escape(url)}</url>"
                f"<attachmentid>{zlib.crc32(d.path.encode()) % 100000}</attachmentid>"
                f"<isrestricted>{'True' if d.restricted else 'False'}</isrestricted></linkeddoc>")
    return f"<linkeddocuments>{out}</linkeddocuments>" if out else ""


def meeting_xml(c: FakeCouncil, m: FakeMeeting, base: str) -> str:
    items = "".join(f"<agendaitem><agendaitemnumber>{it.number}</agendaitemnumber><agendaitemtitle>"
                    f"{escape(it.title)}</agendaitemtitle>{_linked(it.docs, base)}</agendaitem>"
                    for it in m.items)
    return (f'<?xml version="1.0" encoding="utf-8"?><meeting><meetingid>{m.id}</meetingid>'
            f"<meetingdate>{_date(m.when, c.date_format)}</meetingdate><meetinglocation>"
            f"{escape(m.location)}</meetinglocation><agendapublished>True</agendapublished>"
            f"<minutepublished>False</minutepublished><attendees><attendee><name>Cllr A. Example"
            f"</name></attendee></attendees>{_linked(m.docs, base)}{items}</meeting>")


def meeting_page(m: FakeMeeting, base: str) -> str:
    """The meeting's ieListDocuments.aspx page: its papers as relative links (restricted ones
    listed without a link, as live pages do)."""
    def links(docs: list[FakeDoc]) -> str:
        out = ""
        for d in docs:
            if d.restricted:
                out += f"<li>{escape(d.title)} (restricted enclosure)</li>"
            elif "://" in d.path:
                out += f'<li><a href="{escape(d.path)}">{escape(d.title)} PDF 1 MB</a></li>'
            else:
                out += f'<li><a href="{escape(d.path.lstrip("/"))}">{escape(d.title)} PDF 1 MB</a></li>'
        return f'<ul class="mgBulletList">{out}</ul>'
    rows = "".join(f'<tr><td class="mgItemNumberCell">{escape(it.number)}.</td><td>'
                   f'<p class="mgAiTitleTxt">{escape(it.title)}</p>{links(it.docs)}</td></tr>'
                   for it in m.items)
    return (f'<!DOCTYPE html><html><head><title>Meeting {m.id}</title></head><body>'
            f'<div id="modgov">{links(m.docs)}<table class="mgItemTable">{rows}</table></div>'
            "</body></html>")


def _parse_dmy(text: str | None) -> date | None:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date() if text else None
    except ValueError:
        return None


class FakeModernGov:
    def __init__(self, councils: list[FakeCouncil | RecordedCouncil], etags: bool = True):
        self.councils = {c.prefix: c for c in councils}
        self.etags = etags                      # False: no validators, only sha256 can tell
        self.requests: Counter[str] = Counter()     # path (no query) -> count
        self.log: list[tuple[str, dict]] = []       # (path?query, request headers)
        self.fail: dict[str, list[int]] = {}        # path -> statuses to answer first
        self.replace: dict[str, bytes] = {}         # path -> body to serve instead
        self.redirect: dict[str, str] = {}          # path -> Location
        self.slow: dict[str, int] = {}              # path -> send the body in this many pieces
        self.trickle_headers: dict[str, float] = {}  # path -> send headers a byte at a time for this long
        self._server: ThreadingHTTPServer | None = None
        self._root = ""

    # --- lifecycle ----------------------------------------------------------------------
    def __enter__(self) -> "FakeModernGov":
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        self._timer = threading.Timer(MAX_LIFETIME_SECONDS, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self._server is not None:
            server, self._server = self._server, None
            server.shutdown()
            server.server_close()
            self._timer.cancel()

    @property
    def root(self) -> str:
        """The server's address; still known after stop(), so a test can show it is gone."""
        if self._server is not None:
            host, port = self._server.server_address[:2]
            self._root = f"http://{host!s}:{port}"
        return self._root

    def base_url(self, prefix: str) -> str:
        return self.root + prefix

    def count(self, fragment: str) -> int:
        """Requests whose path contains `fragment`."""
        return sum(n for p, n in self.requests.items() if fragment in p)

    def doc_requests(self) -> int:
        return self.count("/documents/")

    # --- routing ------------------------------------------------------------------------
    def answer(self, path: str, query: dict, headers) -> tuple[int, dict, bytes]:
        if path in self.fail and self.fail[path]:
            return self.fail[path].pop(0), {}, b"<html>Server Error</html>"
        if path in self.redirect:
            return 302, {"Location": self.redirect[path]}, b""
        council = next((c for p, c in self.councils.items() if path.startswith(p + "/")), None)
        if council is None:
            return 404, {}, b"not found"
        base = self.base_url(council.prefix)
        rest = path[len(council.prefix):]
        if rest.startswith("/mgWebService.asmx/"):
            body = self.replace.get(path) or council.service(rest.split("/")[-1], query, base)
            if body is None:
                return 404, {}, b"unknown operation"
            return 200, {"Content-Type": "text/xml; charset=utf-8"}, body
        if rest == "/ieListDocuments.aspx":
            page = self.replace.get(path) or council.page(query, base)
            if page is None:
                return 404, {}, b"<html><body>The page cannot be found</body></html>"
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page
        file = council.doc_file(rest + (f"?{_query(query)}" if query else ""))
        file = file or council.doc_file(rest)
        if file is None:
            return 404, {}, b"not found"
        data = self.replace.get(path) or file.read_bytes()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED} if self.etags else {}
        if self.etags and headers.get("If-None-Match") == etag:
            return 304, validators, b""
        return 200, {"Content-Type": "application/pdf", **validators}, data


def _query(query: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in query.items())


class _Handler(BaseHTTPRequestHandler):
    fake: FakeModernGov

    def do_GET(self):  # noqa: N802 (http.server naming)
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.fake.requests[path] += 1
        self.fake.log.append((self.path, dict(self.headers)))
        if path in self.fake.trickle_headers:
            self._trickle(self.fake.trickle_headers[path])
            return
        status, headers, body = self.fake.answer(path, query, self.headers)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        pieces = self.fake.slow.get(path, 1)
        step = max(1, len(body) // pieces)
        for i in range(0, len(body), step):     # a slow server: the body in paced pieces
            self.wfile.write(body[i:i + step])
            if pieces > 1:
                self.wfile.flush()
                time.sleep(SLOW_PAUSE_SECONDS)

    def _trickle(self, seconds: float) -> None:
        """A server that never finishes its headers: one byte every SLOW_PAUSE_SECONDS."""
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                self.wfile.write(b"a")
                self.wfile.flush()
                time.sleep(SLOW_PAUSE_SECONDS)
        except OSError:             # the client gave up and closed the connection
            pass
        self.close_connection = True

    def log_message(self, *args):   # keep pytest output clean
        pass


def sample_councils(corpus: Path) -> list[FakeCouncil]:
    """Sefton (dd/mm/yyyy, honours the range) and Coventry (ISO dates, ignores the range)."""
    pdf = corpus / "pdf"
    sefton = FakeCouncil(
        prefix="/sefton",
        committees={"101": "Overview and Scrutiny Committee (Children's Services and Safeguarding)",
                     "102": "Planning Committee"},
        meetings={"101": [
            FakeMeeting("2000", date(2017, 6, 21), items=[FakeItem("1", "Apologies for Absence")]),
            FakeMeeting("2001", date(2017, 9, 26),
                        docs=[FakeDoc("Agenda frontsheet", "/documents/g2001/Public reports pack.pdf",
                                      pdf / "sefton-childrens-scrutiny-agenda-2017-09-26.pdf")],
                        items=[
                            FakeItem("8", "Fostering Service Annual Report 2017/18", [
                                FakeDoc("Fostering annual report", "/documents/s2001/Fostering.pdf",
                                        pdf / "sefton-fostering-annual-report-2017-18.pdf")]),
                            FakeItem("9", "Exempt: placement costs", [
                                FakeDoc("Exempt appendix", "/documents/s2002/Exempt.pdf",
                                        pdf / "sefton-fostering-annual-report-2017-18.pdf",
                                        restricted=True)]),
                            FakeItem("10", "Regional adoption agency", [
                                FakeDoc("Partner paper", "https://elsewhere.example.org/paper.pdf")]),
                        ]),
        ]},
    )
    coventry = FakeCouncil(
        prefix="/coventry", date_format="%Y-%m-%d", ignore_range=True,
        committees={"55": "Cabinet Member for Children and Young People"},
        meetings={"55": [
            FakeMeeting("900", date(2016, 1, 12), items=[FakeItem("1", "Old business")]),
            FakeMeeting("901", date(2018, 7, 10), location="Council House, Coventry", items=[
                FakeItem("4", "Fostering Service Annual Report 2017/18", [
                    FakeDoc("Report", "/documents/s3001/Fostering.pdf",
                            pdf / "coventry-cabinet-member-fostering-annual-report-2017-18.pdf")])]),
        ]},
    )
    return [sefton, coventry]


RECORDED_PACK = "/documents/g3001/Public reports pack 26th-Sep-2018 18.30 Overview and Scrutiny Committee.pdf"
RECORDED_FRONTSHEET = "/documents/g3001/Agenda frontsheet 26th-Sep-2018 18.30 Overview and Scrutiny Committee.pdf"
RECORDED_MINUTES = "/documents/g3001/Printed minutes 26th-Sep-2018 18.30 Overview and Scrutiny Committee.pdf"
RECORDED_SUPPLEMENT = ("/documents/g3001/Supplement - Sufficiency data 26th-Sep-2018 18.30 Overview and "
                       "Scrutiny Committee.pdf")


def recorded_sefton(corpus: Path, printed_minutes: Path, prefix: str = "/sefton",
                    pack: Path | None = None) -> RecordedCouncil:
    """The recorded meeting 3001 (26/09/2018) of fixtures/moderngov, its papers from the corpus
    and `printed_minutes` (a PDF the test makes); `pack` stands in for the corpus's agenda pack
    where a test processes the papers and wants to be quick."""
    pdf = corpus / "pdf"
    pack = pack or pdf / "sefton-childrens-scrutiny-agenda-2017-09-26.pdf"
    return RecordedCouncil(prefix=prefix, files={
        RECORDED_FRONTSHEET: pack,
        RECORDED_PACK: pack,
        RECORDED_MINUTES: printed_minutes,
        "/documents/s3101/Fostering.pdf": pdf / "sefton-fostering-annual-report-2017-18.pdf",
        "/mgConvert2PDF.aspx?ID=3102": pdf / "coventry-cabinet-member-fostering-annual-report-2017-18.pdf",
        "/documents/s3103/Appendix 2.pdf": pdf / "southwark-fostering-annual-report-2016-17.pdf",
        RECORDED_SUPPLEMENT: pdf / "sefton-cared-for-children-sufficiency-statement-2023-09.pdf",
    })


REGISTRY_HEADER = ("code,name,official_name,gss_code,subtype,territory,start_date,end_date,cms,"
                   "base_url,host\n")


def registry_csv(path: Path, base_url: str) -> Path:
    """A one-council registry (Sefton) pointing at the loopback server, for $COUNCIL_ETL_REGISTRY."""
    host = urlsplit(base_url).hostname
    path.write_text(REGISTRY_HEADER + "SFT,Sefton,Sefton Metropolitan Borough Council,E08000014,MD,"
                    f"ENG,1974-04-01,,ModernGov,{base_url},{host}\n", encoding="utf-8")
    return path
