"""Sources configuration: which councils to follow and how politely.

Sources live in the main config file (council-etl.toml) as `[sources.<name>]` tables, or in a
separate file named by `[fetch] sources_file = "sources.toml"` or `fetch --sources FILE`
(see sources.example.toml). `[fetch]` holds the defaults every host inherits; any of those keys
may be repeated in a source table to override them for that council's host.
"""
from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from core.councils import Council
from pipeline.sources.errors import ConfigError
from pipeline.sources.registry import council_for_url, council_named, councils

log = logging.getLogger(__name__)

# Politeness defaults: one request every 2 s per host, 30 s to answer, 50 MB per paper.
DEFAULT_USER_AGENT = ("council-etl/0.1 (committee papers to a research warehouse; "
                      "+https://github.com/council-etl/council-etl)")
DEFAULT_DELAY_SECONDS = 2.0
DEFAULT_TIMEOUT_SECONDS = 30.0     # the longest wait for the next bytes
DEFAULT_DEADLINE_SECONDS = 300.0   # the longest one whole request may take, however it trickles
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_RETRIES = 3                 # extra attempts after the first, for timeouts and 5xx
DEFAULT_BACKOFF_SECONDS = 5.0       # doubled on each retry
DEFAULT_LOOKBACK_DAYS = 90          # nightly window reaches back this far: minutes come late
DEFAULT_LOOKAHEAD_DAYS = 60         # agendas are published a week or more before the meeting
HTTP_DOCUMENT_POLICIES = ("upgrade", "allow", "refuse")
SOURCE_KINDS = ("moderngov",)
HOST_KEYS = ("user_agent", "delay_seconds", "timeout_seconds", "deadline_seconds", "max_bytes",
             "retries", "backoff_seconds", "verify_tls", "http_documents")


@dataclass(frozen=True)
class HostSettings:
    """How one host is treated. Frozen: shared by every request to that host."""
    user_agent: str = DEFAULT_USER_AGENT
    delay_seconds: float = DEFAULT_DELAY_SECONDS
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    deadline_seconds: float = DEFAULT_DEADLINE_SECONDS
    max_bytes: int = DEFAULT_MAX_BYTES
    retries: int = DEFAULT_RETRIES
    backoff_seconds: float = DEFAULT_BACKOFF_SECONDS
    verify_tls: bool = True
    http_documents: str = "upgrade"     # http:// links on the same host: upgrade | allow | refuse


@dataclass
class SourceConfig:
    name: str
    base_url: str                       # e.g. https://modgov.sefton.gov.uk (no trailing slash)
    kind: str = "moderngov"
    committees: list[str] = field(default_factory=list)   # ids ("123") or titles
    committee_match: str | None = None  # or every committee whose title matches this regex
    council: Council | None = None      # the registry's entry: every paper's council
    start_date: date | None = None      # never fetch meetings before this
    host: HostSettings = field(default_factory=HostSettings)
    lookback_days: int = DEFAULT_LOOKBACK_DAYS
    lookahead_days: int = DEFAULT_LOOKAHEAD_DAYS

    @property
    def hostname(self) -> str:
        return (urlsplit(self.base_url).hostname or "").lower()

    @property
    def authority(self) -> str | None:
        return self.council.name if self.council else None

    @property
    def authority_code(self) -> str | None:
        return self.council.gss_code if self.council else None


def parse_date(value) -> date | None:
    """A config or command-line date: TOML date, 'YYYY-MM-DD' or 'dd/mm/yyyy'."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ConfigError(f"date {text!r} is not YYYY-MM-DD or dd/mm/yyyy")


def host_settings(table: dict, base: HostSettings | None = None, where: str = "[fetch]") -> HostSettings:
    base = base or HostSettings()
    changes = {}
    for key in HOST_KEYS:
        if key not in table:
            continue
        value = table[key]
        try:
            if key in ("delay_seconds", "timeout_seconds", "deadline_seconds", "backoff_seconds"):
                value = float(value)
                if value < 0:
                    raise ValueError("must not be negative")
            elif key in ("max_bytes", "retries"):
                value = int(value)
                if value < 0:
                    raise ValueError("must not be negative")
            elif key == "verify_tls":
                if not isinstance(value, bool):
                    raise ValueError("must be true or false")
            elif key == "http_documents":
                if value not in HTTP_DOCUMENT_POLICIES:
                    raise ValueError(f"must be one of {', '.join(HTTP_DOCUMENT_POLICIES)}")
            else:
                value = str(value)
        except (TypeError, ValueError) as e:
            raise ConfigError(f"{where} {key} = {table[key]!r}: {e}") from None
        changes[key] = value
    return replace(base, **changes)


def normalise_base_url(url: str, where: str) -> str:
    parts = urlsplit(str(url).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where} base_url {url!r} must be an http(s) URL such as "
                          "https://modgov.example.gov.uk")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def slug(name: str) -> str:
    """'Brighton & Hove' -> 'brighton-and-hove': a council's name as a source name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "and")).strip("-")


def committee_pattern(value, where: str) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        re.compile(str(value))
    except re.error as e:
        raise ConfigError(f"{where} committee_match {value!r} is not a regular expression: {e}") from None
    return str(value)


def moderngov_site(council: Council, where: str) -> str:
    """The council's ModernGov base URL, or a ConfigError saying why it cannot be followed."""
    if not council.is_moderngov:
        raise ConfigError(f"{where}: {council.name} publishes its papers with {council.cms or 'an unknown system'}"
                          f" ({council.base_url or 'no site known'}); fetch follows ModernGov sites only")
    if not council.base_url:
        raise ConfigError(f"{where}: the registry has no committee site for {council.name}")
    return normalise_base_url(council.base_url, where)


def source_from_table(name: str, table: dict, defaults: HostSettings, settings=None) -> SourceConfig:
    where = f"[sources.{name}]"
    if "base_url" not in table and "council" not in table:
        raise ConfigError(f"{where} needs base_url = \"https://modgov.sefton.gov.uk\" or "
                          "council = \"Sefton\" (a council in the registry)")
    kind = table.get("kind", "moderngov")
    if kind not in SOURCE_KINDS:
        raise ConfigError(f"{where} kind = {kind!r}: only {', '.join(SOURCE_KINDS)} is supported")
    registered = councils(settings)
    if "council" in table:
        council: Council | None = council_named(str(table["council"]), registered, f"{where} council")
        assert council is not None
        base_url = (normalise_base_url(table["base_url"], where) if "base_url" in table
                    else moderngov_site(council, where))
    else:
        base_url = normalise_base_url(table["base_url"], where)
        council = council_for_url(base_url, registered)
        if council is None:
            log.warning("%s: %s is not a committee site in the council registry, so its papers "
                        "get no council from their source; add council = \"NAME\" to say whose "
                        "it is", where, base_url)
    committees = table.get("committees", [])
    if not isinstance(committees, list):
        committees = [committees]
    src = SourceConfig(
        name=name, kind=kind, base_url=base_url, council=council,
        committees=[str(c).strip() for c in committees if str(c).strip()],
        committee_match=committee_pattern(table.get("committee_match"), where),
        start_date=parse_date(table.get("start_date")),
        host=host_settings(table, defaults, where),
        lookback_days=int(table.get("lookback_days", DEFAULT_LOOKBACK_DAYS)),
        lookahead_days=int(table.get("lookahead_days", DEFAULT_LOOKAHEAD_DAYS)))
    if not src.committees and not src.committee_match:
        raise ConfigError(f"{where} lists no committees: add committees = [id or \"title\", ...] "
                          "or committee_match = \"children|fostering\"")
    if not src.host.verify_tls:
        log.warning("TLS verification is OFF for %s (%s): answers from this host could be "
                    "forged; turn verify_tls back on when its certificate chain is fixed",
                    name, src.hostname)
    return src


def load_sources(settings, sources_file: str | Path | None = None) -> tuple[HostSettings, list[SourceConfig]]:
    """The [fetch] defaults and every configured source, from the settings file or `sources_file`."""
    data = settings.raw or {}
    base = settings.config_path.parent if getattr(settings, "config_path", None) else Path.cwd()
    file = sources_file or data.get("fetch", {}).get("sources_file")
    if file:
        path = Path(file) if sources_file else base / file
        if not path.is_file():
            raise ConfigError(f"sources file {path} does not exist")
        with open(path, "rb") as f:
            try:
                extra = tomllib.load(f)
            except tomllib.TOMLDecodeError as e:
                raise ConfigError(f"sources file {path} is not valid TOML: {e}") from None
        data = {**data, "fetch": {**data.get("fetch", {}), **extra.get("fetch", {})},
                "sources": extra.get("sources", {})}
    defaults = host_settings(data.get("fetch", {}))
    sources = [source_from_table(name, table, defaults, settings)
               for name, table in (data.get("sources") or {}).items() if isinstance(table, dict)]
    return defaults, sources


def adhoc_source(base_url: str | None, committees: list[str], defaults: HostSettings | None = None,
                 start_date: date | None = None, *, council: str | None = None,
                 committee_match: str | None = None, settings=None) -> SourceConfig:
    """A one-off source from `fetch --moderngov URL` or `fetch --council NAME`, with
    `--committee ID` (repeatable) or `--committee-match REGEX`."""
    registered = councils(settings)
    found: Council | None
    if council:
        found = council_named(council, registered)
        url = normalise_base_url(base_url, "--moderngov") if base_url else moderngov_site(found, "--council")
    elif base_url:
        url = normalise_base_url(base_url, "--moderngov")
        found = council_for_url(url, registered)
    else:
        raise ConfigError("say which site to fetch: --council NAME or --moderngov BASE_URL")
    name = slug(found.name) if council and found else (urlsplit(url).hostname or "moderngov")
    src = SourceConfig(name=name, base_url=url, council=found,
                       committees=[str(c) for c in committees],
                       committee_match=committee_pattern(committee_match, "--committee-match"),
                       start_date=start_date, host=defaults or HostSettings())
    if not src.committees and not src.committee_match:
        raise ConfigError("say which committees to follow: --committee ID (or title, repeatable) "
                          "or --committee-match REGEX (e.g. \"children|fostering\")")
    return src
