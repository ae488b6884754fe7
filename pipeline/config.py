"""Settings: one dataclass, read from an optional TOML file and the command line.

Lookup order for the file: --config, $COUNCIL_ETL_CONFIG, ./council-etl.toml. Every key is optional.

    [warehouse]
    db = "warehouse.duckdb"          # raw store and Prefect's home sit beside it

    [run]
    workers = 1
    folders = ["../shared/corpus"]   # what the nightly schedule processes

    [schedule]
    cron = "0 2 * * *"
    timezone = "Europe/London"
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# Bump when extraction changes: every document is then re-processed from the raw store.
EXTRACTOR_VERSION = "2026.11.23-1"

DEFAULT_DB = "warehouse.duckdb"
DEFAULT_CRON = "0 2 * * *"
CONFIG_ENV = "COUNCIL_ETL_CONFIG"
CONFIG_NAME = "council-etl.toml"


@dataclass
class Settings:
    db: Path = Path(DEFAULT_DB)
    workers: int = 1
    folders: list[str] = field(default_factory=list)
    cron: str = DEFAULT_CRON
    timezone: str = "Europe/London"
    config_path: Path | None = None
    raw: dict = field(default_factory=dict)     # the whole parsed file, for sections owned elsewhere

    @property
    def raw_store_dir(self) -> Path:
        return self.db.parent / "raw"

    @property
    def prefect_home(self) -> Path:
        return self.db.parent / ".prefect"


def find_config(explicit: str | None = None) -> Path | None:
    for candidate in (explicit, os.environ.get(CONFIG_ENV), CONFIG_NAME):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    if explicit:
        raise FileNotFoundError(f"config file {explicit} does not exist")
    return None


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
    s.cron = sched.get("cron", s.cron)
    s.timezone = sched.get("timezone", s.timezone)
    if db:
        s.db = Path(db)
    if workers:
        s.workers = workers
    s.db = s.db.resolve()
    return s
