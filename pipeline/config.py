"""Settings: one dataclass, read from an optional TOML file and the command line.

Lookup order for the file: --config, $COUNCIL_ETL_CONFIG, ./council-etl.toml. Every key is optional.

    [warehouse]
    db = "warehouse.duckdb"          # raw store and Prefect's home sit beside it

    [run]
    workers = 2                      # default: two, or one on a one-core machine
    folders = ["../shared/corpus"]   # what the nightly schedule processes
    time_limit_seconds = 120         # per document; a slower one is stopped and recorded failed
    memory_limit_mb = 2048           # per worker process (RLIMIT_AS)
    max_file_mb = 50                 # larger files are refused before they are read
    follow_links = false             # follow symbolic links that leave the given folders
    dask_address = "tcp://host:8786" # run extraction on a Dask cluster (prefect-dask)

    [run.authorities]                # the council of local papers, by folder
    "papers/sefton" = "Sefton"

    [schedule]
    cron = "0 2 * * *"
    timezone = "Europe/London"
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import PipelineError

# Bump when extraction changes: every document is then re-processed from the raw store.
EXTRACTOR_VERSION = "2026.12.01-1"

DEFAULT_DB = "warehouse.duckdb"
DEFAULT_CRON = "0 2 * * *"
CONFIG_ENV = "COUNCIL_ETL_CONFIG"
CONFIG_NAME = "council-etl.toml"
DEFAULT_TIME_LIMIT_SECONDS = 120.0
DEFAULT_MEMORY_LIMIT_MB = 2048
DEFAULT_MAX_FILE_MB = 50.0


def default_workers() -> int:
    # Two worker processes where there are two cores: extraction is the run's cost, and the
    # results are loaded in document order whatever the number of workers (tested).
    return min(2, os.cpu_count() or 1)


@dataclass
class Settings:
    db: Path = Path(DEFAULT_DB)
    workers: int = field(default_factory=default_workers)
    folders: list[str] = field(default_factory=list)
    cron: str = DEFAULT_CRON
    timezone: str = "Europe/London"
    time_limit_seconds: float = DEFAULT_TIME_LIMIT_SECONDS
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    follow_links: bool = False
    dask_address: str | None = None
    # folder (absolute) -> council name, for local papers; resolved by pipeline.discover
    authorities: dict[str, str] = field(default_factory=dict)
    config_path: Path | None = None
    raw: dict = field(default_factory=dict)     # the whole parsed file, for sections owned elsewhere

    @property
    def raw_store_dir(self) -> Path:
        return self.db.parent / "raw"

    @property
    def prefect_home(self) -> Path:
        return self.db.parent / ".prefect"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def find_config(explicit: str | None = None) -> Path | None:
    for candidate in (explicit, os.environ.get(CONFIG_ENV), CONFIG_NAME):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    if explicit:
        raise FileNotFoundError(f"config file {explicit} does not exist")
    return None


def _positive(run: dict, key: str, default: float, path: Path | None) -> float:
    value = run.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise PipelineError(f"[run] {key} in {path} must be a positive number, not {value!r}")
    return float(value)


def load_settings(config: str | None = None, db: str | None = None,
                  workers: int | None = None) -> Settings:
    path = find_config(config)
    data: dict = {}
    if path:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    base = path.parent if path else Path.cwd()
    wh, run, sched = data.get("warehouse", {}), data.get("run", {}), data.get("schedule", {})
    s = Settings(config_path=path, raw=data)
    if "db" in wh:
        s.db = (base / wh["db"])
    s.workers = int(run.get("workers", s.workers))
    s.folders = [str(base / p) for p in run.get("folders", [])]
    s.time_limit_seconds = _positive(run, "time_limit_seconds", s.time_limit_seconds, path)
    s.memory_limit_mb = int(_positive(run, "memory_limit_mb", s.memory_limit_mb, path))
    s.max_file_mb = _positive(run, "max_file_mb", s.max_file_mb, path)
    s.follow_links = bool(run.get("follow_links", False))
    s.dask_address = run.get("dask_address") or None
    authorities = run.get("authorities", {})
    if not isinstance(authorities, dict):
        raise PipelineError(f'[run.authorities] in {path} must be a table: "folder" = "Council"')
    s.authorities = {str((base / folder).resolve()): str(name)
                     for folder, name in authorities.items()}
    s.cron = sched.get("cron", s.cron)
    s.timezone = sched.get("timezone", s.timezone)
    if db:
        s.db = Path(db)
    if workers:
        s.workers = workers
    s.db = s.db.resolve()
    return s
