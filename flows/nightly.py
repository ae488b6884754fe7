"""The nightly flow: configured folders (+ fetched council papers) into the warehouse.

Served on a cron by `council-etl serve` (pipeline/commands/serve.py). Each document is one Prefect
task; loading stays in the flow (single writer). A failed fetch is reported in the result and never
stops the local folders being processed.

Import `flows.prefect_env.configure()` before this module so Prefect starts offline and quiet.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from core.errors import PipelineError
from core.model import InputItem
from flows import run_flow
from pipeline.config import Settings, load_settings
from pipeline.discover import CouncilMap, Refused, discover_inputs
from pipeline.runner import IN_FLIGHT_PER_WORKER, run_items, settings_pool
from pipeline.signals import RunInterrupted

FLOW_NAME = "council-etl-nightly"
DEPLOYMENT_NAME = "nightly"
TRIGGER = "schedule"
# Task threads only wait on documents; `workers` bounds how many are in flight at once.
MAX_TASK_THREADS = 32


class NothingToProcess(PipelineError):
    pass


def sources_configured(settings: Settings) -> bool:
    raw = settings.raw or {}
    return bool(raw.get("sources")) or bool(raw.get("fetch", {}).get("sources_file"))


def check_inputs(settings: Settings) -> None:
    if not settings.folders and not sources_configured(settings):
        where = settings.config_path or "council-etl.toml (not found)"
        raise NothingToProcess(
            f"nothing to process: {where} lists no folders and no sources. Add "
            '[run] folders = ["../shared/corpus"] and/or [sources.<name>] tables '
            "(see sources.example.toml), or pass --config FILE")


@dataclass
class Inputs:
    items: list[InputItem] = field(default_factory=list)
    fetched: list[InputItem] = field(default_factory=list)      # to mark processed after loading
    missing_folders: list[str] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)        # found but not read, and why
    fetch: dict | None = None                                    # None when no sources configured


def collect_inputs(settings: Settings, fetch=None) -> Inputs:
    """Local folders first, then fetched papers. Problems are recorded, never raised, so one
    missing folder or unreachable council does not cost the rest of the night's work."""
    out = Inputs()
    councils = CouncilMap(settings.authorities)
    for folder in settings.folders:
        try:
            found = discover_inputs([folder], follow_links=settings.follow_links,
                                    max_bytes=settings.max_file_bytes, councils=councils)
        except FileNotFoundError:
            out.missing_folders.append(folder)
            continue
        out.items += found.items
        out.refused += found.refused
    if sources_configured(settings):
        if fetch is None:
            from pipeline.sources import fetch_sources as fetch  # optional part; import lazily
        try:
            report = fetch(settings)
            out.fetched = list(report.items)
            out.fetch = dict(ok=not report.errors, downloaded=report.downloaded,
                             to_process=len(report.items), errors=[str(e) for e in report.errors])
        except Exception as e:   # config error, bug or outage: report it, process the folders
            out.fetch = dict(ok=False, downloaded=0, to_process=0,
                             errors=[f"fetch failed ({type(e).__name__}): "
                                     f"{getattr(e, 'message', None) or e}"])
    seen = {i.source_key for i in out.items}
    out.items += [i for i in out.fetched if i.source_key not in seen]
    return out


@flow(name=FLOW_NAME, log_prints=False, persist_result=False,
      task_runner=cast(Any, ThreadPoolTaskRunner(MAX_TASK_THREADS)))
def nightly(config: str | None = None, db: str | None = None) -> Any:
    """Process the configured folders and sources into the warehouse; returns the run summary
    with `missing_folders` and `fetch` (None when no sources are configured)."""
    logger = get_run_logger()
    settings = load_settings(config=config, db=db)
    check_inputs(settings)
    inputs = collect_inputs(settings)
    for folder in inputs.missing_folders:
        logger.warning("folder %s does not exist; skipped (fix [run] folders in %s)",
                       folder, settings.config_path)
    for problem in (inputs.fetch or {}).get("errors", []):
        logger.warning("fetch: %s", problem)
    labels = settings.folders + (["fetched sources"] if inputs.fetch is not None else [])
    try:
        result = _run(inputs, settings, ", ".join(labels))
    except RunInterrupted as e:
        return run_flow.cancelled(e)      # what was loaded stays; pending fetches stay pending
    if inputs.fetched:
        from pipeline.sources import mark_processed
        mark_processed(settings, inputs.fetched)
    result.update(missing_folders=inputs.missing_folders, fetch=inputs.fetch)
    return result


def _run(inputs: Inputs, settings: Settings, label: str) -> dict:
    if settings.dask_address:
        # On a Dask cluster: the run flow as a subflow with prefect-dask's task runner.
        return run_flow.run_flow(inputs.items, settings, trigger=TRIGGER, inputs_label=label,
                                 refused=inputs.refused)
    # Worker processes with a time and memory budget per document; a local, not a global.
    with settings_pool(settings) as pool:
        processor = run_flow.prefect_processor(str(settings.raw_store_dir), None,
                                               IN_FLIGHT_PER_WORKER * pool.workers, pool=pool)
        return run_items(inputs.items, settings, trigger=TRIGGER, processor=processor,
                         inputs_label=label, refused=inputs.refused).as_dict()


def nightly_deployment(settings: Settings, cron: str, timezone: str,
                       name: str = DEPLOYMENT_NAME):
    """The served deployment: runs `nightly` on `cron` in `timezone`, one run at a time."""
    from prefect.schedules import Cron
    config = str(settings.config_path.resolve()) if settings.config_path else None
    return nightly.to_deployment(
        name=name, schedule=Cron(cron, timezone=timezone),
        parameters={"config": config, "db": str(settings.db)},
        concurrency_limit=1,      # the warehouse has a single writer
        description="Nightly: configured folders and sources into the council-etl warehouse.")
