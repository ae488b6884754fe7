"""Fetched sources: follow councils' published papers (ModernGov) for the nightly run.

For flows and commands:

    report = fetch_sources(settings, names=None, since=None)   # downloads only
    summary = run_items(report.items, settings, trigger="nightly")
    mark_processed(settings, report.items)                      # drop them from the pending list

`report.items` holds every paper downloaded (new or changed) and not yet marked processed,
including ones left pending by an earlier `fetch --download-only` or an interrupted run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core.model import InputItem, SourceInfo
from pipeline.rawstore import RawStore
from pipeline.sources.config import HostSettings, SourceConfig, adhoc_source, load_sources, parse_date
from pipeline.sources.errors import ConfigError, FetchError, TransientFetchError
from pipeline.sources.fetcher import FetchProblem, Progress, SourceFetcher, SourceStats
from pipeline.sources.hostlock import LOCK_DIR_NAME
from pipeline.sources.http import PoliteClient
from pipeline.sources.reconcile import Reconciled, reconcile
from pipeline.sources.state import FetchState, state_path

__all__ = ["FetchReport", "FetchProblem", "SourceStats", "fetch_sources", "mark_processed",
           "select_sources", "provenance_for",
           "pending_items", "load_sources", "adhoc_source", "parse_date", "ConfigError",
           "FetchError", "TransientFetchError", "HostSettings", "SourceConfig"]


@dataclass
class FetchReport:
    items: list[InputItem] = field(default_factory=list)    # to process: new/changed + pending
    errors: list[FetchProblem] = field(default_factory=list)
    sources: list[SourceStats] = field(default_factory=list)
    reconciled: Reconciled = field(default_factory=Reconciled)

    @property
    def downloaded(self) -> int:
        return sum(s.downloaded for s in self.sources)

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.sources)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        out = [s.line() for s in self.sources]
        note = self.reconciled.line()
        out += [note] if note else []
        out += [str(e) for e in self.errors]
        return out


def select_sources(configured: list[SourceConfig], names: list[str] | None) -> list[SourceConfig]:
    if not names:
        return configured
    by_name = {s.name: s for s in configured}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(sorted(by_name)) or "none configured"
        raise ConfigError(f"unknown source {', '.join(unknown)} (configured: {known})")
    return [by_name[n] for n in names]


def fetch_sources(settings, names: list[str] | None = None, since: date | str | None = None, *,
                  sources: list[SourceConfig] | None = None, sources_file: str | Path | None = None,
                  http: PoliteClient | None = None, today: date | None = None,
                  progress: Progress | None = None) -> FetchReport:
    """Download new and changed papers of the configured sources (or `sources`), one source after
    another; never raises for a council's failure, which is in `report.errors` instead.
    ConfigError when the configuration itself is wrong. Papers fetched before that this
    warehouse lacks are queued again from the raw store (reconcile.py)."""
    if sources is None:
        _, configured = load_sources(settings, sources_file)
        sources = select_sources(configured, names)
        if not sources:
            raise ConfigError("no sources configured: add [sources.<name>] tables to the config "
                              "file (see sources.example.toml) or use fetch --moderngov URL")
    since = parse_date(since)
    today = today or date.today()
    report = FetchReport()
    store = RawStore(settings.raw_store_dir)
    own_http = http is None
    path = state_path(settings)
    http = http or PoliteClient()
    if http.lock_dir is None:       # politeness shared with every other fetch of this warehouse
        http.lock_dir = path.parent / LOCK_DIR_NAME
    try:
        with FetchState(path) as state:
            report.reconciled = reconcile(state, store, Path(settings.db),
                                          [s.name for s in sources])
            fresh: list[InputItem] = []
            for src in sources:
                result = SourceFetcher(src, http, state, store, progress).run(since, today)
                fresh += result.items
                report.errors += result.problems
                report.sources.append(result.stats)
            # Fresh first, then anything an earlier run downloaded but never got processed,
            # then what this warehouse lacks.
            seen = {i.source_key for i in fresh}
            # A paper downloaded afresh replaces its older bytes re-queued from the raw store.
            report.reconciled.items = [i for i in report.reconciled.items if i.source_key not in seen]
            for extra in state.pending() + report.reconciled.items:
                if extra.source_key not in seen:
                    seen.add(extra.source_key)
                    fresh.append(extra)
            report.items = fresh
    finally:
        if own_http:
            http.close()
    return report


def pending_items(settings) -> list[InputItem]:
    """Papers downloaded (e.g. by `fetch --download-only`) and not yet marked processed."""
    path = state_path(settings)
    if not path.exists():
        return []
    with FetchState(path) as state:
        return state.pending()


def provenance_for(settings, source_keys: list[str]) -> dict[str, SourceInfo]:
    """Meeting, item and council of papers fetched before, by URL: for re-extracting them from
    the raw store (e.g. after an extractor upgrade) with the context they were fetched with."""
    path = state_path(settings)
    if not path.exists() or not source_keys:
        return {}
    with FetchState(path) as state:
        return state.provenance(source_keys)


def mark_processed(settings, items: list[InputItem]) -> None:
    """Call after run_items has loaded `items`: they leave the pending list."""
    path = state_path(settings)
    if not path.exists() or not items:
        return
    with FetchState(path) as state:
        state.clear_pending([i.source_key for i in items])
