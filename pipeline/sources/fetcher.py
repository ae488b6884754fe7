"""Fetch one configured source: committees -> meetings in the window -> papers, downloaded into
the raw store when new or changed. Every failure is recorded and contained at the smallest level
(committee, meeting, paper) so the rest of the source still runs.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.model import InputItem, SourceInfo
from pipeline.rawstore import RawStore
from pipeline.sources.config import SourceConfig
from pipeline.sources.errors import FetchError, RefusedURL, TransientFetchError
from pipeline.sources.http import PoliteClient
from pipeline.sources.moderngov import Committee, LinkedDoc, ModernGovClient
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
    name: str
    committees: int = 0
    meetings: int = 0
    papers_seen: int = 0
    downloaded: int = 0                 # new or changed: handed to the pipeline
    unchanged: int = 0                  # 304, or same sha256 as last time
    restricted: int = 0
    refused: int = 0
    failed: int = 0
    requests: int = 0
    window: tuple[date, date] | None = None

    def line(self) -> str:
        w = f" {self.window[0]}..{self.window[1]}" if self.window else ""
        return (f"{self.name}:{w} {self.committees} committees, {self.meetings} meetings, "
                f"{self.papers_seen} papers: {self.downloaded} new/changed, {self.unchanged} "
                f"unchanged, {self.restricted} restricted, {self.refused} refused, "
                f"{self.failed} failed ({self.requests} requests)")


@dataclass
class SourceResult:
    items: list[InputItem] = field(default_factory=list)
    problems: list[FetchProblem] = field(default_factory=list)
    stats: SourceStats | None = None


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
    """Configured ids or titles -> committees; unknown ones recorded, the rest still followed."""
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
        if c.id not in {x.id for x in chosen}:
            chosen.append(c)
    return chosen


class SourceFetcher:
    def __init__(self, src: SourceConfig, http: PoliteClient, state: FetchState, store: RawStore):
        self.src, self.http, self.state, self.store = src, http, state, store
        self.mg = ModernGovClient(src.base_url, http)
        self.result = SourceResult(stats=SourceStats(src.name))
        self._seen_urls: set[str] = set()

    def problem(self, err: Exception | str, url: str | None = None) -> None:
        transient = isinstance(err, TransientFetchError)
        message = getattr(err, "message", None) or str(err)
        url = url or getattr(err, "url", None)
        self.result.problems.append(FetchProblem(self.src.name, message, url, transient))
        self.state.record_failure(self.src.name, url, message, transient)
        log.warning("%s: %s", self.src.name, message)

    def run(self, since: date | None, today: date) -> SourceResult:
        stats = self.result.stats
        before = self.http.requests
        start, until = stats.window = fetch_window(self.src, self.state, since, today)
        try:
            self._run(start, until)
        except (FetchError, TransientFetchError) as e:
            self.problem(e)
        except Exception as e:      # a bug or surprise in one source must not stop the others
            self.problem(f"unexpected {type(e).__name__}: {e}")
        stats.requests = self.http.requests - before
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
            if not all(c.isdigit() for c in self.src.committees):
                raise
            self.problem(e)
            available = None
        committees = resolve_committees(self.src, available, self.result.problems)
        self.result.stats.committees = len(committees)
        for c in committees:
            try:
                meetings = self.mg.meetings(c.id, start, until)
            except (FetchError, TransientFetchError) as e:
                self.problem(e)
                continue
            for m in meetings:
                if m.date is None:
                    self.problem(f"meeting {m.id} of committee {c.id} has an unreadable date "
                                 f"{m.date_text!r}; skipped")
                    continue
                if not start <= m.date <= until:    # the install ignored the range
                    continue
                self.result.stats.meetings += 1
                try:
                    self._meeting(c, m.id, m.date)
                except (FetchError, TransientFetchError) as e:
                    self.problem(e)

    def _meeting(self, c: Committee, meeting_id: str, listed_date: date) -> None:
        detail = self.mg.meeting(meeting_id)
        mdate = detail.date or listed_date
        base = SourceInfo(source_name=self.src.name, committee=c.title or None, committee_id=c.id,
                          meeting_id=detail.id, meeting_date=mdate)
        # Item papers first: a paper linked from an item and the meeting keeps its item context.
        papers = [(it.number, it.title, d) for it in detail.items for d in it.documents]
        papers += [(None, None, d) for d in detail.documents]
        for number, title, doc in papers:
            info = SourceInfo(**{**base.__dict__, "agenda_item_number": number,
                                 "agenda_item_title": title, "document_title": doc.title})
            try:
                self._paper(doc, info)
            except (FetchError, TransientFetchError) as e:
                self.result.stats.failed += 1
                self.problem(e)

    def _paper(self, doc: LinkedDoc, info: SourceInfo) -> None:
        stats = self.result.stats
        stats.papers_seen += 1
        if doc.restricted:
            stats.restricted += 1
            return
        try:
            url = self.http.check_url(doc.url, base=self.src.base_url + "/")
        except RefusedURL as e:
            stats.refused += 1
            self.problem(e)
            return
        if url in self._seen_urls:      # the same paper linked from two items: fetch it once
            return
        self._seen_urls.add(url)
        info.url = url
        known = self.state.document(url)
        try:
            resp = self.http.get(url, etag=known["etag"] if known else None,
                                 last_modified=known["last_modified"] if known else None)
        except RefusedURL as e:         # a redirect off the configured hosts
            stats.refused += 1
            self.problem(e)
            return
        if resp.not_modified:
            stats.unchanged += 1
            self.state.checked(url)
            return
        sha = hashlib.sha256(resp.content).hexdigest()
        changed = not known or known["sha256"] != sha
        if changed:
            # Bytes and the pending entry first, the new sha last: a crash in between means the
            # paper is fetched again, never that it is remembered but not processed.
            self.store.put_bytes(resp.content, sha)
            item = InputItem(path=str(self.store.path_for(sha)), source_key=url, source=info)
            self.state.add_pending(item, sha)
            self.result.items.append(item)
            stats.downloaded += 1
        else:
            stats.unchanged += 1
        self.state.record_document(url, self.src.name, sha, len(resp.content), resp.etag,
                                   resp.last_modified, changed)
