"""The Prefect flow for a run: one task per document, loading by the flow itself (single writer).

Import `flows.prefect_env.configure()` before this module so Prefect starts offline and quiet.
"""
from __future__ import annotations

import contextlib
from concurrent.futures import ProcessPoolExecutor

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from core.model import ExtractionResult
from pipeline.config import load_settings
from pipeline.runner import Job, discover, process_job, run_items

_pool: ProcessPoolExecutor | None = None
# Set by the CLI: a callable can't be a flow parameter (parameters are stored as JSON).
_progress = None


def set_progress(callback) -> None:
    global _progress
    _progress = callback


@task(name="process-document", task_run_name="process {job.item.source_key}", retries=0,
      cache_policy=NO_CACHE, log_prints=False)
def process_document(job: Job, raw_root: str) -> ExtractionResult:
    # Threads only wait here; with --workers > 1 the CPU-bound parse runs in worker processes.
    if _pool is not None:
        return _pool.submit(process_job, job, raw_root).result()
    return process_job(job, raw_root)


def prefect_processor(raw_root: str, workers: int = 1):
    """One Prefect task per document, at most `workers` in flight, so results are loaded as they
    come and memory stays bounded however many documents a run has."""
    window = max(1, workers)

    def run(jobs: list[Job]):
        in_flight = []
        for job in jobs:
            in_flight.append((job, process_document.submit(job, raw_root)))
            if len(in_flight) >= window:
                done_job, fut = in_flight.pop(0)
                yield done_job, fut.result()
        for done_job, fut in in_flight:
            yield done_job, fut.result()
    return run


@contextlib.contextmanager
def worker_processes(workers: int):
    """CPU-bound parsing in worker processes when workers > 1 (process_document uses the pool)."""
    global _pool
    if workers <= 1:
        yield
        return
    _pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield
    finally:
        _pool.shutdown()
        _pool = None


@flow(name="council-etl-run", log_prints=False, validate_parameters=False)
def run_papers(paths: list[str], db: str, workers: int = 1, trigger: str = "cli",
               config: str | None = None) -> dict:
    """Process every paper under `paths` into the warehouse at `db`."""
    settings = load_settings(config=config, db=db, workers=workers)
    items = discover(paths)
    with worker_processes(settings.workers):
        summary = run_items(items, settings, trigger=trigger,
                            processor=prefect_processor(str(settings.raw_store_dir), settings.workers),
                            progress=_progress, inputs_label=", ".join(paths))
    return summary.as_dict()


def run_flow(paths: list[str], db: str, workers: int = 1, trigger: str = "cli",
             config: str | None = None) -> dict:
    """Run the flow with as many task threads as workers."""
    flow_fn = run_papers.with_options(task_runner=ThreadPoolTaskRunner(max_workers=max(1, workers)))
    return flow_fn(paths=[str(p) for p in paths], db=str(db), workers=workers, trigger=trigger,
                   config=config)
