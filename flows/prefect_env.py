"""Prefect settings this product always wants; imported before prefect itself.

Offline and quiet: no telemetry, no update checks, logs at WARNING unless the user says otherwise,
and Prefect's home (its temporary server's database) beside the warehouse, not in ~/.prefect.
"""
from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    # Warnings go to the console (and cron's log); shipping them to the API too only costs time,
    # and a temporary server is gone once the run ends.
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    # Prefect's default of 20 s is too short the first time, when it creates its database.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def configure(prefect_home: Path | None = None) -> None:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    if prefect_home is not None and "PREFECT_HOME" not in os.environ:
        prefect_home.mkdir(parents=True, exist_ok=True)
        os.environ["PREFECT_HOME"] = str(prefect_home)
