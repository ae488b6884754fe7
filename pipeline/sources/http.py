"""A polite HTTP client: only configured hosts, one request at a time per host, a pause between
requests, a descriptive User-Agent, conditional GET, a size cap, a deadline for the whole
request, retries for transient trouble. Given a lock directory (fetch does: beside the fetch
state) the pause and the one-at-a-time rule hold across processes too (hostlock.py).

Redirects are followed by hand so every hop is checked against the allowed hosts before it is
contacted; httpx never follows one on its own.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from pipeline.sources.config import HostSettings
from pipeline.sources.errors import FetchError, RefusedURL, TooLarge, TooSlow, TransientFetchError
from pipeline.sources.hostlock import host_turn

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
MAX_RETRY_AFTER_SECONDS = 300.0     # a Retry-After longer than this is not worth waiting for
REDIRECT_CODES = (301, 302, 303, 307, 308)
RETRY_CODES = (429, 500, 502, 503, 504)
WATCHDOG_GRACE_SECONDS = 1.0        # the watchdog fires this long after the deadline


@dataclass
class Response:
    url: str                            # where the bytes came from, after redirects
    status: int                         # 200, or 304 when the conditional GET says unchanged
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Host:
    settings: HostSettings
    scheme: str                         # scheme of the configured base URL
    lock: threading.Lock
    last_request: float | None = None
    client: httpx.Client | None = None
    aborted: bool = False               # the watchdog closed the client mid-request


class PoliteClient:
    """Use as a context manager; `allow(base_url, settings)` each configured source first."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 transport: httpx.BaseTransport | None = None,
                 lock_dir: Path | None = None, wall: Callable[[], float] = time.time):
        self._hosts: dict[str, _Host] = {}
        self._sleep, self._clock, self._transport = sleep, clock, transport
        self.lock_dir = lock_dir        # shared per-host locks and last-request times
        self._wall = wall               # the clock other processes see (for lock_dir)
        self.requests = 0               # every request sent, for reports and tests

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        for h in self._hosts.values():
            if h.client is not None:
                h.client.close()
                h.client = None

    def allow(self, base_url: str, settings: HostSettings) -> None:
        parts = urlsplit(base_url)
        host = (parts.hostname or "").lower()
        if host not in self._hosts:
            self._hosts[host] = _Host(settings=settings, scheme=parts.scheme, lock=threading.Lock())

    def settings_for(self, url: str) -> HostSettings:
        return self._host(url).settings

    def _host(self, url: str) -> _Host:
        host = (urlsplit(url).hostname or "").lower()
        h = self._hosts.get(host)
        if h is None:
            raise RefusedURL(f"refused {url}: host {host or '(none)'} is not a configured source "
                             "host, so it is never contacted", url)
        return h

    def check_url(self, url: str, base: str | None = None) -> str:
        """The URL to request (resolved, maybe upgraded to https), or RefusedURL."""
        url = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise RefusedURL(f"refused {url}: only http(s) links are fetched", url)
        h = self._host(url)
        if parts.scheme == "http" and h.scheme == "https":
            policy = h.settings.http_documents
            if policy == "refuse":
                raise RefusedURL(f"refused {url}: plain http link on an https host "
                                 "(http_documents = \"refuse\")", url)
            if policy == "upgrade":
                netloc = parts.hostname if parts.port in (None, 80) else parts.netloc
                url = urlunsplit(("https", netloc, parts.path, parts.query, ""))
        return urlunsplit(urlsplit(url)._replace(fragment=""))

    def _client(self, h: _Host) -> httpx.Client:
        if h.client is None:
            s = h.settings
            h.client = httpx.Client(
                headers={"User-Agent": s.user_agent}, timeout=s.timeout_seconds,
                verify=s.verify_tls, follow_redirects=False, transport=self._transport)
        return h.client

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET with redirects checked hop by hop; conditional when etag/last_modified are given."""
        url = self.check_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(MAX_REDIRECTS + 1):
            resp = self._get_with_retries(url, headers)
            if isinstance(resp, Response):
                return resp
            location = resp                 # a redirect: check the next hop before contacting it
            try:
                url = self.check_url(location, base=url)
            except RefusedURL as e:
                raise RefusedURL(f"refused redirect from {url} to {location}: {e.message}",
                                 url) from None
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) starting at {url}", url)

    def _get_with_retries(self, url: str, headers: dict) -> Response | str:
        h = self._host(url)
        s = h.settings
        last: Exception | None = None
        for attempt in range(s.retries + 1):
            if attempt:
                wait = s.backoff_seconds * (2 ** (attempt - 1))
                retry_after = getattr(last, "retry_after", None)
                if retry_after is not None:
                    wait = max(wait, min(retry_after, MAX_RETRY_AFTER_SECONDS))
                log.info("retrying %s in %.1fs (attempt %d of %d): %s", url, wait, attempt + 1,
                         s.retries + 1, last)
                self._sleep(wait)
            try:
                return self._get_once(h, url, headers)
            except TooSlow:
                raise                       # trying again now would take as long again
            except TransientFetchError as e:
                last = e
        assert last is not None
        raise TransientFetchError(f"{getattr(last, 'message', last)} (gave up after "
                                  f"{s.retries + 1} attempts; a later run may succeed)", url)

    def _get_once(self, h: _Host, url: str, headers: dict) -> Response | str:
        s = h.settings
        host = (urlsplit(url).hostname or "").lower()
        # One request at a time per host: threads by the host's lock, processes by its lock file.
        with h.lock, host_turn(self.lock_dir, host, self._wall) as last_anywhere:
            wait = 0.0
            if h.last_request is not None:
                wait = h.last_request + s.delay_seconds - self._clock()
            if last_anywhere is not None:
                wait = max(wait, last_anywhere + s.delay_seconds - self._wall())
            if wait > 0:
                self._sleep(min(wait, s.delay_seconds))
            started = self._clock()
            # The body is checked against the deadline between reads (_read); the watchdog
            # also ends a request stuck before its body, e.g. headers sent a byte at a time.
            watchdog = threading.Timer(s.deadline_seconds + WATCHDOG_GRACE_SECONDS,
                                       self._abort, args=(h,))
            watchdog.daemon = True
            try:
                self.requests += 1
                client = self._client(h)
                watchdog.start()
                with client.stream("GET", url, headers=headers) as r:
                    return self._read(r, url, s, started)
            except httpx.TransportError as e:
                if h.aborted:
                    raise self._too_slow(url, s) from None
                if isinstance(e, httpx.TimeoutException):
                    raise TransientFetchError(f"timed out after {s.timeout_seconds:g}s fetching "
                                              f"{url} ({type(e).__name__})", url) from None
                if "CERTIFICATE_VERIFY_FAILED" in str(e):
                    raise FetchError(f"TLS certificate of {urlsplit(url).hostname} failed "
                                     "verification; if you trust the host, set verify_tls = false "
                                     "for this source", url) from None
                raise TransientFetchError(f"connection problem fetching {url} "
                                          f"({type(e).__name__}: {e})", url) from None
            finally:
                watchdog.cancel()
                if h.aborted:               # its connections are gone: start a fresh client
                    h.aborted, h.client = False, None
                h.last_request = self._clock()

    @staticmethod
    def _abort(h: _Host) -> None:
        h.aborted = True
        if h.client is not None:
            h.client.close()

    @staticmethod
    def _too_slow(url: str, s: HostSettings) -> TooSlow:
        return TooSlow(f"{url} took longer than deadline_seconds = {s.deadline_seconds:g} "
                       "(the server is sending very slowly); it will be tried again on a "
                       "later run", url)

    def _check_deadline(self, url: str, s: HostSettings, started: float) -> None:
        if self._clock() - started > s.deadline_seconds:
            raise self._too_slow(url, s)

    def _read(self, r: httpx.Response, url: str, s: HostSettings, started: float) -> Response | str:
        self._check_deadline(url, s, started)
        code = r.status_code
        if code in REDIRECT_CODES:
            location = r.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {code} redirect without a Location from {url}", url)
            return location
        if code in RETRY_CODES:
            ra = r.headers.get("retry-after", "")
            raise TransientFetchError(f"HTTP {code} from {url} (server trouble)", url,
                                      retry_after=float(ra) if ra.strip().isdigit() else None)
        if code == 304:
            return Response(url=url, status=304, etag=r.headers.get("etag"),
                            last_modified=r.headers.get("last-modified"))
        if code >= 400:
            hint = {401: "it needs a login", 403: "access is forbidden (a bot-blocker?)",
                    404: "not found: removed or a wrong link", 410: "removed"}.get(code, "client error")
            raise FetchError(f"HTTP {code} from {url}: {hint}; retrying will not help", url)
        if code != 200:
            raise FetchError(f"unexpected HTTP {code} from {url}", url)
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > s.max_bytes:
            raise TooLarge(f"{url} is {int(declared):,} bytes, over max_bytes = {s.max_bytes:,}; "
                           "raise max_bytes for this source to fetch it", url)
        body = bytearray()
        # Each piece as it arrives (no re-chunking), so the deadline is checked between reads:
        # timeout_seconds bounds one read, deadline_seconds the whole body.
        for chunk in r.iter_bytes():
            self._check_deadline(url, s, started)
            body += chunk
            if len(body) > s.max_bytes:
                raise TooLarge(f"{url} is over max_bytes = {s.max_bytes:,}; raise max_bytes "
                               "for this source to fetch it", url)
        return Response(url=url, status=200, content=bytes(body), etag=r.headers.get("etag"),
                        last_modified=r.headers.get("last-modified"),
                        content_type=r.headers.get("content-type"))
