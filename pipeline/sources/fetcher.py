"""Fetch one configured source: committees -> meetings in the window -> papers, downloaded into
the raw store when new or changed. A meeting's papers are those GetMeeting links from its items,
those its page (ieListDocuments.aspx) links (agenda pack, printed minutes, supplements), and each
item's minutes and agenda text as documents of their own. Every failure is recorded and
contained at the smallest level (committee, meeting, paper) so the rest of the source still runs.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Callable

from core.model import InputItem, SourceInfo
from pipeline.rawstore import RawStore
from pipeline.sources.config import SourceConfig
from pipeline.sources.errors import FetchError, RefusedURL, TransientFetchError
from pipeline.sources.http import PoliteClient
from pipeline.sources.item_documents import ItemPart, item_document
from pipeline.sources.meeting_page import parse_meeting_page, url_key
from pipeline.sources.moderngov import AgendaItem, Committee, MeetingDetail, MeetingRef, ModernGovClient
from pipeline.sources.state import FetchState

log = logging.getLogger(__name__)


@dataclass
class FetchProblem:
    source: str
    message: str
    url: str | None = None
    transient: bool = False             # True: a later run may succeed

    def __str__(self) -> str:
        kind = "transient" if self.transient else "terminal"
        return f"[{self.source}] {kind}: {self.message}"


@dataclass
class SourceStats:
    """What one source's fetch saw. Every paper seen ends in exactly one of new, changed,
    unchanged, restricted or failed, so seen = new + changed + unchanged + restricted + failed.
    A paper reached twice (linked from two items, or from GetMeeting and the meeting page) is
    seen once."""
    name: str
    committees: int = 0
    meetings: int = 0
    papers_seen: int = 0
    new: int = 0
    changed: int = 0                    # new or changed: handed to the pipeline
    unchanged: int = 0                  # 304, or same sha256 as last time
    restricted: int = 0
    failed: int = 0
    refused: int = 0                    # of the failed: links off the source's host
    requests: int = 0
    window: tuple[date, date] | None = None

    @property
    def downloaded(self) -> int:
        return self.new + self.changed

    def adds_up(self) -> bool:
        return self.papers_seen == (self.new + self.changed + self.unchanged + self.restricted
                                    + self.failed)

    def line(self) -> str:
        w = f" {self.window[0]}..{self.window[1]}" if self.window else ""
        refused = f" ({self.refused} refused)" if self.refused else ""
        return (f"{self.name}:{w} {self.committees} committees, {self.meetings} meetings, "
                f"{self.papers_seen} papers: {self.new} new, {self.changed} changed, "
                f"{self.unchanged} unchanged, {self.restricted} restricted, "
                f"{self.failed} failed{refused} ({self.requests} requests)")


@dataclass
class SourceResult:
    items: list[InputItem] = field(default_factory=list)
    problems: list[FetchProblem] = field(default_factory=list)
    stats: SourceStats = field(default_factory=lambda: SourceStats(""))


def fetch_window(src: SourceConfig, state: FetchState, since: date | None, today: date) -> tuple[date, date]:
    """From --since if given; else from the last good run less the lookback (minutes are published
    weeks late), never before start_date; on a first run from start_date."""
    until = today + timedelta(days=src.lookahead_days)
    if since:
        return since, until
    last = state.last_success(src.name)
    start = (last - timedelta(days=src.lookback_days)) if last else None
    if src.start_date:
        start = max(start, src.start_date) if start else src.start_date
    return start or today - timedelta(days=src.lookback_days), until


def _norm(title: str) -> str:
    return " ".join(title.split()).casefold()


def resolve_committees(src: SourceConfig, available: list[Committee] | None,
                       problems: list[FetchProblem]) -> list[Committee]:
    """Configured ids or titles, and titles matching committee_match -> committees; unknown
    ones recorded, the rest still followed."""
    by_id = {c.id: c for c in available or []}
    by_title = {_norm(c.title): c for c in available or []}
    chosen: list[Committee] = []
    for sel in src.committees:
        c = by_id.get(sel) or by_title.get(_norm(sel))
        if c is None and sel.isdigit() and available is None:
            c = Committee(id=sel, title="")         # GetCommittees failed: follow the id anyway
        if c is None:
            problems.append(FetchProblem(src.name, f"committee {sel!r} is not listed by "
                                         f"{src.base_url} GetCommittees; check its id or title"))
            continue
        chosen.append(c)
    if src.committee_match:
        pattern = re.compile(src.committee_match, re.I)
        matched = [c for c in available or [] if pattern.search(c.title)]
        if not matched and available is not None:
            problems.append(FetchProblem(src.name, f"no committee of {src.base_url} has a title "
                                         f"matching {src.committee_match!r}; list them with "
                                         "fetch --list-committees"))
        chosen += matched
    unique: dict[str, Committee] = {}
    for c in chosen:
        unique.setdefault(c.id, c)
    return list(unique.values())


Progress = Callable[[str], None]


class SourceFetcher:
    def __init__(self, src: SourceConfig, http: PoliteClient, state: FetchState, store: RawStore,
                 progress: Progress | None = None):
        self.src, self.http, self.state, self.store = src, http, state, store
        self.mg = ModernGovClient(src.base_url, http)
        self.result = SourceResult(stats=SourceStats(src.name))
        self.progress = progress or (lambda line: None)
        self._seen_urls: set[str] = set()
        self._seen_meetings: set[str] = set()

    @property
    def stats(self) -> SourceStats:
        return self.result.stats

    def problem(self, err: Exception | str, url: str | None = None) -> None:
        transient = isinstance(err, TransientFetchError)
        message = getattr(err, "message", None) or str(err)
        url = url or getattr(err, "url", None)
        self.result.problems.append(FetchProblem(self.src.name, message, url, transient))
        self.state.record_failure(self.src.name, url, message, transient)
        log.warning("%s: %s", self.src.name, message)

    def run(self, since: date | None, today: date) -> SourceResult:
        before = self.http.requests
        start, until = self.stats.window = fetch_window(self.src, self.state, since, today)
        try:
            self._run(start, until)
        except (FetchError, TransientFetchError) as e:
            self.problem(e)
        except Exception as e:      # a bug or surprise in one source must not stop the others
            self.problem(f"unexpected {type(e).__name__}: {e}")
        self.stats.requests = self.http.requests - before
        # Terminal problems (a refused link, a 404) will fail the same way tomorrow, so only
        # transient ones hold the window back.
        ok = not any(p.transient for p in self.result.problems)
        self.state.record_run(self.src.name, ok=ok, day=today)
        return self.result

    def _run(self, start: date, until: date) -> None:
        self.http.allow(self.src.base_url, self.src.host)
        try:
            available = self.mg.committees()
        except (FetchError, TransientFetchError) as e:
            if self.src.committee_match or not all(c.isdigit() for c in self.src.committees):
                raise
            self.problem(e)
            available = None
        committees = resolve_committees(self.src, available, self.result.problems)
        self.stats.committees = len(committees)
        for c in committees:
            try:
                listed = self.mg.meetings(c.id, start, until)
            except (FetchError, TransientFetchError) as e:
                self.problem(e)
                continue
            meetings = self._new_meetings(c, listed, start, until)
            for n, m in enumerate(meetings, 1):
                self.progress(f"{self.src.name}: {c.title or c.id}: meeting {n} of "
                              f"{len(meetings)} ({m.date:%d %b %Y})")
                self.stats.meetings += 1
                try:
                    self._meeting(c, m)
                except (FetchError, TransientFetchError) as e:
                    self.problem(e)

    def _new_meetings(self, c: Committee, listed: list[MeetingRef], start: date,
                      until: date) -> list[MeetingRef]:
        """Meetings in the window not yet fetched in this run: a meeting listed many times, or
        under two committees, is fetched once."""
        out = []
        for m in listed:
            if m.id in self._seen_meetings:
                continue
            self._seen_meetings.add(m.id)
            if m.date is None:
                self.problem(f"meeting {m.id} of committee {c.id} has an unreadable date "
                             f"{m.date_text!r}; skipped")
                continue
            if start <= m.date <= until:    # some installs ignore the range
                out.append(m)
        return out

    def _meeting(self, c: Committee, ref: MeetingRef) -> None:
        detail = self.mg.meeting(ref.id)
        mdate = detail.date or ref.date
        base = SourceInfo(source_name=self.src.name,
                          committee=c.title or detail.committee_title or None,
                          committee_id=c.id, meeting_id=detail.id, meeting_date=mdate,
                          authority=self.src.authority, authority_code=self.src.authority_code)
        # Item papers first: a paper linked from an item and the meeting keeps its item context.
        for it in detail.items:
            for d in it.documents:
                self._paper(d.url, d.restricted, replace(
                    base, agenda_item_number=it.number, agenda_item_title=it.title,
                    document_title=d.title))
        for d in detail.documents:
            self._paper(d.url, d.restricted, replace(base, document_title=d.title))
        self._meeting_page(c, detail, base)
        for it in detail.items:
            self._item_texts(c, detail, it, base)

    def _meeting_page(self, c: Committee, detail: MeetingDetail, base: SourceInfo) -> None:
        """The agenda pack, printed minutes and supplements, linked only from the meeting page.
        A missing or changed page is a problem of its own; the meeting's other papers stand."""
        page_url = self.mg.meeting_page_url(c.id, detail.id)
        try:
            resp = self.http.get(page_url)
            docs = parse_meeting_page(resp.content, resp.url, detail.id)
        except (FetchError, TransientFetchError) as e:
            self.problem(e, page_url)
            return
        for d in docs:
            self._paper(d.url, d.restricted, replace(base, document_title=d.title))

    def _item_texts(self, c: Committee, detail: MeetingDetail, item: AgendaItem,
                    base: SourceInfo) -> None:
        """The item's minutes and agenda text from GetMeeting, each a document of its own."""
        page = self.mg.item_page_url(item, c.id, detail.id)
        parts: list[tuple[ItemPart, str | None]] = [("minutes", item.minutes_html),
                                                    ("agenda text", item.agenda_html)]
        for part, body in parts:
            if not body:
                continue
            self.stats.papers_seen += 1
            if item.restricted:
                self.stats.restricted += 1
                continue
            key = f"{page}{'-' if '#' in page else '#'}{part.replace(' ', '-')}"
            label = f"{part.capitalize()}: {item.title}" if item.title else part.capitalize()
            info = replace(base, url=key, agenda_item_number=item.number,
                           agenda_item_title=item.title, document_title=label)
            content = item_document(part, base.committee, base.meeting_date, item, body)
            self._keep(key, content, info, etag=None, last_modified=None)

    def _paper(self, link: str, restricted: bool, info: SourceInfo) -> None:
        stats = self.stats
        try:
            url = self.http.check_url(link, base=self.src.base_url + "/")
        except RefusedURL as e:
            if self._first_sight(link):
                stats.papers_seen += 1
                self._failed(e, refused=True)
            return
        if not self._first_sight(url):  # the same paper reached twice: fetch it once
            return
        stats.papers_seen += 1
        if restricted:
            stats.restricted += 1
            return
        info.url = url
        known = self.state.document(url)
        try:
            resp = self.http.get(url, etag=known["etag"] if known else None,
                                 last_modified=known["last_modified"] if known else None)
        except RefusedURL as e:         # a redirect off the configured hosts
            self._failed(e, refused=True)
            return
        except (FetchError, TransientFetchError) as e:
            self._failed(e)
            return
        if resp.not_modified:
            stats.unchanged += 1
            self.state.checked(url)
            return
        self._keep(url, resp.content, info, resp.etag, resp.last_modified)

    def _first_sight(self, url: str) -> bool:
        key = url_key(url)
        if key in self._seen_urls:
            return False
        self._seen_urls.add(key)
        return True

    def _failed(self, err: Exception, refused: bool = False) -> None:
        self.stats.failed += 1
        self.stats.refused += int(refused)
        self.problem(err)

    def _keep(self, url: str, content: bytes, info: SourceInfo, etag: str | None,
              last_modified: str | None) -> None:
        """Store new or changed bytes and queue them for processing; count the outcome."""
        known = self.state.document(url)
        sha = hashlib.sha256(content).hexdigest()
        changed = not known or known["sha256"] != sha
        if changed:
            # Bytes and the pending entry first, the new sha last: a crash in between means the
            # paper is fetched again, never that it is remembered but not processed.
            self.store.put_bytes(content, sha)
            item = InputItem(path=str(self.store.path_for(sha)), source_key=url, source=info)
            self.state.add_pending(item, sha)
            self.result.items.append(item)
            if known:
                self.stats.changed += 1
            else:
                self.stats.new += 1
        else:
            self.stats.unchanged += 1
        self.state.record_document(url, self.src.name, sha, len(content), etag, last_modified,
                                   changed, info)
