"""Sources configuration: which councils to follow and how politely.

Sources live in the main config file (council-etl.toml) as `[sources.<name>]` tables, or in a
separate file named by `[fetch] sources_file = "sources.toml"` or `fetch --sources FILE`
(see sources.example.toml). `[fetch]` holds the defaults every host inherits; any of those keys
may be repeated in a source table to override them for that council's host.
"""
from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.sources.errors import ConfigError

log = logging.getLogger(__name__)

# Politeness defaults: one request every 2 s per host, 30 s to answer, 50 MB per paper.
DEFAULT_USER_AGENT = ("council-etl/0.1 (committee papers to a research warehouse; "
                      "+https://github.com/council-etl/council-etl)")
DEFAULT_DELAY_SECONDS = 2.0
DEFAULT_TIMEOUT_SECONDS = 30.0
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_RETRIES = 3                 # extra attempts after the first, for timeouts and 5xx
DEFAULT_BACKOFF_SECONDS = 5.0       # doubled on each retry
DEFAULT_LOOKBACK_DAYS = 90          # nightly window reaches back this far: minutes come late
DEFAULT_LOOKAHEAD_DAYS = 60         # agendas are published a week or more before the meeting
HTTP_DOCUMENT_POLICIES = ("upgrade", "allow", "refuse")
SOURCE_KINDS = ("moderngov",)
HOST_KEYS = ("user_agent", "delay_seconds", "timeout_seconds", "max_bytes", "retries",
             "backoff_seconds", "verify_tls", "http_documents")


@dataclass(frozen=True)
class HostSettings:
    """How one host is treated. Frozen: shared by every request to that host."""
    user_agent: str = DEFAULT_USER_AGENT
    delay_seconds: float = DEFAULT_DELAY_SECONDS
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
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
    start_date: date | None = None      # never fetch meetings before this
    host: HostSettings = field(default_factory=HostSettings)
    lookback_days: int = DEFAULT_LOOKBACK_DAYS
    lookahead_days: int = DEFAULT_LOOKAHEAD_DAYS

    @property
    def hostname(self) -> str:
        return (urlsplit(self.base_url).hostname or "").lower()


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
            if key in ("delay_seconds", "timeout_seconds", "backoff_seconds"):
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


def source_from_table(name: str, table: dict, defaults: HostSettings) -> SourceConfig:
    where = f"[sources.{name}]"
    if "base_url" not in table:
        raise ConfigError(f"{where} needs base_url, e.g. base_url = \"https://modgov.sefton.gov.uk\"")
    kind = table.get("kind", "moderngov")
    if kind not in SOURCE_KINDS:
        raise ConfigError(f"{where} kind = {kind!r}: only {', '.join(SOURCE_KINDS)} is supported")
    committees = table.get("committees", [])
    if not isinstance(committees, list):
        committees = [committees]
    src = SourceConfig(
        name=name, kind=kind, base_url=normalise_base_url(table["base_url"], where),
        committees=[str(c).strip() for c in committees if str(c).strip()],
        start_date=parse_date(table.get("start_date")),
        host=host_settings(table, defaults, where),
        lookback_days=int(table.get("lookback_days", DEFAULT_LOOKBACK_DAYS)),
        lookahead_days=int(table.get("lookahead_days", DEFAULT_LOOKAHEAD_DAYS)))
    if not src.committees:
        raise ConfigError(f"{where} lists no committees: add committees = [id or \"title\", ...]")
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
    sources = [source_from_table(name, table, defaults)
               for name, table in (data.get("sources") or {}).items() if isinstance(table, dict)]
    return defaults, sources


def adhoc_source(base_url: str, committees: list[str], defaults: HostSettings | None = None,
                 start_date: date | None = None) -> SourceConfig:
    """A one-off source from `fetch --moderngov URL --committee ID`, named after its host."""
    url = normalise_base_url(base_url, "--moderngov")
    src = SourceConfig(name=urlsplit(url).hostname or "moderngov", base_url=url,
                       committees=[str(c) for c in committees], start_date=start_date,
                       host=defaults or HostSettings())
    if not src.committees:
        raise ConfigError("--moderngov needs at least one --committee ID (or title)")
    return src
