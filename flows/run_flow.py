"""The Prefect flow for a run: one task per document, loading by the flow itself (single writer).

The flow takes what the caller discovered (local papers, fetched papers with their SourceInfo):
it never discovers again. Nothing lives in module globals: the worker pool and the progress
callback travel as arguments.

Where a task runs:
- locally (default): a budgeted worker process (pipeline/worker.py) extracts the document, fed
  to it by the run's Feed (pipeline/runner.py) from the moment the plan was known, so extraction
  never waits for Prefect; the task collects the result. `workers` processes, results loaded as
  they complete;
- on a Dask cluster (`--dask tcp://host:8786` or `[run] dask_address`): the task runs on a Dask
  worker through prefect-dask's DaskTaskRunner. The flow reads each document's bytes, keeps them
  in its raw store and sends them with the task, so Dask workers need the package but no shared
  file system. Results come back to the flow, which alone writes the warehouse. The Dask workers
  report to the same Prefect API: a cluster on other machines needs PREFECT_API_URL pointing at a
  Prefect server they can reach (the temporary server listens on 127.0.0.1 only).

Import `flows.prefect_env.configure()` before this module so Prefect starts offline and quiet.
"""
from __future__ import annotations

from typing import Any, Iterator, Sequence

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from core.model import ExtractionResult, InputItem
from pipeline.config import Settings
from pipeline.discover import Refused
from pipeline.runner import IN_FLIGHT_PER_WORKER, Feed, Plan, Processor, Progress, ingest, run_items
from pipeline.signals import RunInterrupted
from pipeline.worker import Job, PoolClosed, WorkerPool, failed_result

FLOW_NAME = "council-etl-run"
# Documents in flight on a Dask cluster, per worker thread the cluster reports.
DASK_IN_FLIGHT_PER_THREAD = 2


@task(name="process-document", task_run_name="process {job.item.source_key}", retries=0,
      cache_policy=NO_CACHE, persist_result=False, log_prints=False)
def process_document(job: Job, data: bytes | None = None,
                     feed: Feed | None = None) -> ExtractionResult:
    """Extract one document: in a budgeted local worker process, which the run's feed started
    on it as soon as the plan was known (the task collects the result), or here, from the
    bytes sent with the task (a Dask worker)."""
    if feed is not None:
        try:
            return feed.result(job)
        except PoolClosed:      # the run is stopping; nobody will load this
            return failed_result(job, "abandoned: the run was stopped")
    from pipeline.process import process_contained
    assert data is not None
    return process_contained(data, job.item.source_key, job.sha256, job.item.source)


def prefect_processor(raw_root: str, feed: Feed | None, window: int,
                      pool: WorkerPool | None = None) -> Processor:
    """One Prefect task per document, at most `window` in flight; results come back as they
    complete, so one slow document never holds back the loading of the others. Local
    extraction goes through `feed` (or a feed of `pool` made for the jobs when none is
    given); with neither, each task gets the document's bytes (Dask)."""
    def run(jobs: list[Job]) -> Iterator[tuple[Job, ExtractionResult]]:
        own = Feed(pool, jobs, raw_root, window).start() if feed is None and pool else None
        local = feed or own
        pending = iter(jobs)
        in_flight: dict[PrefectFuture, Job] = {}
        ready: list[tuple[Job, ExtractionResult]] = []

        def submit_next() -> None:
            for job in pending:
                if local is not None:
                    in_flight[process_document.submit(job, feed=local)] = job
                    return
                data = ingest(job, raw_root)
                if isinstance(data, ExtractionResult):
                    ready.append((job, data))
                    continue
                in_flight[process_document.submit(job, data)] = job
                return

        try:
            for _ in range(window):
                submit_next()
            while in_flight or ready:
                while ready:
                    yield ready.pop(0)
                if not in_flight:
                    break
                fut = next(as_completed(list(in_flight)))
                job = in_flight.pop(fut)
                result = _result_of(fut, job)
                if local is not None:
                    local.collected(job)
                submit_next()
                yield job, result
        finally:
            if in_flight and local is not None:
                local.pool.close()  # stopped early: abandon what is in flight, at once
            for fut in in_flight:
                _cancel(fut)
            if own is not None:
                own.close()
    return run


def _result_of(fut: PrefectFuture, job: Job) -> ExtractionResult:
    """The task's result; a task that failed outright (a Dask worker lost, a bug outside the
    extractors) becomes a failed document, never a stopped run."""
    try:
        return fut.result()
    except Exception as e:
        return failed_result(job, f"its extraction task failed ({type(e).__name__}: {e}); "
                                  "it is not retried until the extractor changes")


def _cancel(fut: PrefectFuture) -> None:
    wrapped = getattr(fut, "wrapped_future", None)
    cancel = getattr(wrapped, "cancel", None)
    if cancel is not None:
        try:
            cancel()
        except Exception:  # best effort: the run is stopping anyway
            pass


@flow(name=FLOW_NAME, log_prints=False, validate_parameters=False, persist_result=False)
def run_papers(items: list[InputItem], settings: Settings, trigger: str = "cli",
               inputs_label: str | None = None, refused: Sequence[Refused] = (),
               feed: Feed | None = None, progress: Progress | None = None,
               window: int = 1, work: Plan | None = None) -> Any:
    """Process the given papers into the warehouse (skipping unchanged ones); `work` is the
    caller's plan of them, whose documents `feed` is already extracting. Stopped by a signal,
    the flow run ends Cancelled (what was loaded is kept) rather than crashed."""
    processor = prefect_processor(str(settings.raw_store_dir), feed, window)
    try:
        summary = run_items(items, settings, trigger=trigger, processor=processor,
                            progress=progress, inputs_label=inputs_label, refused=refused,
                            work=work)
    except RunInterrupted as e:
        return cancelled(e)
    return summary.as_dict()


def cancelled(stop: RunInterrupted) -> Any:
    """The flow run's end when a signal stopped it: Cancelled, with the signal in the message."""
    from prefect.states import Cancelled
    return Cancelled(message=str(stop))


def raise_if_cancelled(state: Any) -> dict:
    """A flow's result, or RunInterrupted again (outside the flow) when a signal stopped it."""
    if state.is_cancelled():
        raise RunInterrupted.from_message(state.message or "")
    return state.result()


def dask_task_runner(address: str) -> Any:
    """prefect-dask's runner on an existing cluster (imported only when asked for)."""
    from prefect_dask import DaskTaskRunner
    return DaskTaskRunner(address=address)


def dask_threads(address: str) -> int:
    """How many tasks the cluster runs at once (its worker threads), to size the window."""
    from distributed import Client
    with Client(address, timeout=30) as client:
        info = client.scheduler_info()
    return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))


def run_flow(items: list[InputItem], settings: Settings, *, trigger: str = "cli",
             inputs_label: str | None = None, refused: Sequence[Refused] = (),
             feed: Feed | None = None, progress: Progress | None = None,
             work: Plan | None = None) -> dict:
    """Run the flow locally (a started Feed of `work`'s documents from the caller) or on
    settings.dask_address."""
    if settings.dask_address:
        runner = dask_task_runner(settings.dask_address)
        window = DASK_IN_FLIGHT_PER_THREAD * dask_threads(settings.dask_address)
        feed = None
    else:
        if feed is None and work is not None and work.todo:
            raise ValueError("run_flow needs a Feed for local extraction")
        # Task threads only collect what the feed's workers extract; one per worker is enough.
        workers = feed.pool.workers if feed is not None else 1
        runner = ThreadPoolTaskRunner(max_workers=workers)
        window = feed.window if feed is not None else IN_FLIGHT_PER_WORKER
    flow_fn = run_papers.with_options(task_runner=runner)
    state = flow_fn(items=items, settings=settings, trigger=trigger, inputs_label=inputs_label,
                    refused=list(refused), feed=feed, progress=progress, window=window,
                    work=work, return_state=True)
    return raise_if_cancelled(state)

