"""A run: discover inputs -> plan (skip unchanged) -> ingest + process -> load, one writer.

`run_items` is plain Python; the Prefect flow (flows/run_flow.py) calls it with a processor that
makes one Prefect task per document. Each document is extracted in a worker process with a time
and memory budget (pipeline/worker.py); results are loaded here, one writer, as they complete.
SIGINT and SIGTERM stop the run cleanly (pipeline/signals.py): what was loaded stays and is
published, the `runs` row says "interrupted by signal", and the caller exits 130 or 143.
"""
from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

import duckdb

from core.model import ExtractionResult, InputItem, SourceInfo
from pipeline.config import EXTRACTOR_VERSION, Settings
from pipeline.discover import CouncilMap, Refused, discover_inputs, is_ignored  # noqa: F401
from pipeline.rawstore import RawStore, sha256_file
from pipeline.signals import RunInterrupted, StopGuard, stop_on_signals
from pipeline.worker import Job, PoolClosed, WorkerPool, failed_result
from warehouse.load import load_result, touch_sources
from warehouse.reference import refresh_reference
from warehouse.store import Writer, connect_read_only

# Publish the staging copy this often during a long run, so analysts see progress and a kill
# loses at most this much work.
PUBLISH_EVERY_SECONDS = 120.0
# Documents read and queued per worker: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
INTERRUPTED = "interrupted"


@dataclass
class Plan:
    todo: list[Job] = field(default_factory=list)
    unchanged: list[Job] = field(default_factory=list)
    missing: list[InputItem] = field(default_factory=list)   # vanished between discovery and hashing


@dataclass
class RunSummary:
    run_id: str
    db: str
    n_found: int = 0
    n_processed: int = 0
    n_unchanged: int = 0
    statuses: Counter = field(default_factory=Counter)
    n_observations: int = 0
    n_actions: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    failures: list[tuple[str, str, str]] = field(default_factory=list)   # (source, status, error)

    def count(self, job: "Job", result: ExtractionResult) -> None:
        self.n_processed += 1
        self.statuses[result.status] += 1
        self.n_observations += len(result.observations)
        self.n_actions += len(result.actions)
        for stage, secs in result.timings.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + secs
        if result.status != "ok":
            self.failures.append((job.item.source_key, result.status, result.error or ""))

    def as_dict(self) -> dict:
        return dict(run_id=self.run_id, db=self.db, n_found=self.n_found,
                    n_processed=self.n_processed, n_unchanged=self.n_unchanged,
                    statuses=dict(self.statuses), n_observations=self.n_observations,
                    n_actions=self.n_actions, seconds=round(self.seconds, 3),
                    stage_seconds={k: round(v, 3) for k, v in self.stage_seconds.items()},
                    failures=[list(f) for f in self.failures])


# Progress callback: (done, total, current source, failures so far)
Progress = Callable[[int, int, str, int], None]
# Processor: jobs -> (job, result) pairs as each finishes
Processor = Callable[[list[Job]], Iterable[tuple[Job, ExtractionResult]]]


def discover(paths: Iterable[str | os.PathLike], follow_links: bool = False) -> list[InputItem]:
    """Regular files under the given paths (see pipeline.discover; what it refuses is dropped
    here: use discover_inputs to report it)."""
    return discover_inputs(paths, follow_links=follow_links).items


def warehouse_state(db: Path, shas: list[str],
                    extractor_version: str) -> tuple[set[str], list[tuple[str, str]]]:
    """Of the live documents (not superseded): which of `shas` are current (this extractor
    version), and (sha256, source_path) of every one extracted by another version. Asks only for
    the inputs found and the stale rows, so planning does not grow with the warehouse."""
    if not db.exists():
        return set(), []
    live = "coalesce(error, '') NOT LIKE 'superseded:%'"
    con = connect_read_only(db)
    try:
        current = {sha for (sha,) in con.execute(
            f"SELECT sha256 FROM documents WHERE sha256 IN (SELECT unnest(?::VARCHAR[])) "
            f"AND extractor_version = ? AND {live}", [shas, extractor_version]).fetchall()}
        stale = con.execute(f"SELECT sha256, source_path FROM documents WHERE extractor_version <> ? "
                            f"AND {live}", [extractor_version]).fetchall()
        return current, stale
    finally:
        con.close()


def plan(items: list[InputItem], settings: Settings,
         extractor_version: str = EXTRACTOR_VERSION) -> Plan:
    """Split inputs into work and unchanged; add documents extracted by an older extractor
    version, re-read from the raw store (their file may be gone, or they were fetched)."""
    out = Plan()
    found: list[Job] = []
    for item in items:
        try:
            found.append(Job(item, sha256_file(item.path), os.path.getsize(item.path)))
        except OSError:
            out.missing.append(item)
    current, documents = warehouse_state(settings.db, [j.sha256 for j in found], extractor_version)
    queued: set[str] = set()
    for job in found:
        # The same bytes twice in one run (two paths) are extracted once.
        (out.unchanged if job.sha256 in current or job.sha256 in queued else out.todo).append(job)
        queued.add(job.sha256)
    store = RawStore(settings.raw_store_dir)
    stale = []
    for sha, source_path in documents:
        if sha not in queued and store.has(sha):
            stale.append((sha, source_path))
            queued.add(sha)
    provenance = provenance_of([source_path for _, source_path in stale], settings)
    for sha, source_path in stale:
        path = store.path_for(sha)
        out.todo.append(Job(InputItem(path=str(path), source_key=source_path,
                                      source=provenance.get(source_path)),
                            sha, path.stat().st_size))
    return out


def provenance_of(source_keys: list[str], settings: Settings) -> dict[str, SourceInfo]:
    """What was known of where papers came from, for re-extracting them from the raw store:
    a fetched paper's meeting, item and council; a local paper's council by folder mapping."""
    if not source_keys:
        return {}
    from pipeline.sources import provenance_for
    out = provenance_for(settings, source_keys)
    councils = CouncilMap(settings.authorities)
    for key in source_keys:
        if key not in out:
            source = councils.source_for(key)
            if source is not None:
                out[key] = source
    return out


def ingest(job: Job, raw_root: str) -> bytes | ExtractionResult:
    """Read a document's bytes and keep them in the raw store, here in the writer's process, so
    they are kept whatever happens to the worker. A failed result when it cannot be read."""
    try:
        with open(job.item.path, "rb") as f:
            data = f.read()
    except OSError as e:
        return failed_result(job, f"the file could not be read ({e.strerror}); check it exists "
                                  "and is readable")
    RawStore(raw_root).put_bytes(data, job.sha256)
    return data


def process_job(job: Job, raw_root: str) -> ExtractionResult:
    """Ingest then extract, in this process, without a budget (a Dask worker's task; tests)."""
    from pipeline.process import process_contained
    data = ingest(job, raw_root)
    if isinstance(data, ExtractionResult):
        return data
    return process_contained(data, job.item.source_key, job.sha256, job.item.source)


def _done(result: ExtractionResult) -> Future:
    fut: Future = Future()
    fut.set_result(result)
    return fut


class Feed:
    """A plan's documents handed to the pool's workers in order from the moment it starts, at
    most `window` of them read and not yet collected (memory stays bounded). Started as soon as
    the plan is known, before the warehouse is opened or Prefect is up, so the workers never
    wait for either. Each document's bytes are read once, here, and kept in the raw store
    before a worker sees them (ingest); the budgets are the pool's.

        feed = Feed(pool, plan.todo, raw_root).start()
        result = feed.future(job).result(); feed.collected(job)
    """

    def __init__(self, pool: WorkerPool, jobs: Sequence[Job], raw_root: str,
                 window: int | None = None):
        self.pool = pool
        self.jobs = list(jobs)
        self.window = window or IN_FLIGHT_PER_WORKER * pool.workers
        self._raw_root = raw_root
        self._shas = {job.sha256 for job in self.jobs}
        self._futures: dict[str, Future] = {}
        self._slots = threading.Semaphore(self.window)
        self._ready = threading.Condition()
        self._stopped = False
        # One thread per worker process, each waiting on its document (pool.process blocks).
        self._waiters = ThreadPoolExecutor(max_workers=pool.workers,
                                           thread_name_prefix="council-etl-wait")
        self._thread = threading.Thread(target=self._feed, name="council-etl-feed", daemon=True)

    def start(self) -> "Feed":
        if not self._thread.is_alive() and not self._stopped:
            self.pool.start()
            self._thread.start()
        return self

    def _feed(self) -> None:
        for job in self.jobs:
            self._slots.acquire()
            if self._stopped:
                return
            fut: Future
            try:
                data = ingest(job, self._raw_root)
                fut = (_done(data) if isinstance(data, ExtractionResult)
                       else self._waiters.submit(self.pool.process, job, data))
            except Exception as e:      # the raw store cannot be written, or the feed is closing
                fut = Future()
                fut.set_exception(e)
            with self._ready:
                self._futures[job.sha256] = fut
                self._ready.notify_all()

    def future(self, job: Job) -> Future:
        """The document's result to come; waits until the feed has reached it."""
        if job.sha256 not in self._shas:
            raise ValueError(f"{job.item.source_key} is not in this feed's plan")
        with self._ready:
            self._ready.wait_for(lambda: job.sha256 in self._futures or self._stopped)
            fut = self._futures.get(job.sha256)
        if fut is None:
            raise PoolClosed("the run is stopping")
        return fut

    def result(self, job: Job) -> ExtractionResult:
        return self.future(job).result()

    def collected(self, job: Job) -> None:
        """The document's result was taken: its place goes to the next document."""
        with self._ready:
            taken = self._futures.pop(job.sha256, None)
        if taken is not None:
            self._slots.release()

    def close(self) -> None:
        """Stop feeding; documents not yet started are dropped (close the pool to abandon those
        in flight)."""
        with self._ready:
            self._stopped = True
            self._ready.notify_all()
        self._slots.release()           # wake the feeding thread so it sees it is stopped
        self._waiters.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> "Feed":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


def feed_processor(feed: Feed) -> Processor:
    """Results of a started feed as they finish (not in plan order), for the loader."""
    def run(jobs: list[Job]) -> Iterator[tuple[Job, ExtractionResult]]:
        pending = iter(jobs)
        in_flight: dict[Future, Job] = {}
        try:
            for job in islice(pending, feed.window):
                in_flight[feed.future(job)] = job
            while in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for fut in done:
                    job = in_flight.pop(fut)
                    result = fut.result()
                    feed.collected(job)
                    for nxt in islice(pending, 1):
                        in_flight[feed.future(nxt)] = nxt
                    yield job, result
        finally:
            if in_flight:           # stopped early: abandon what is in flight, at once
                feed.pool.close()
            feed.close()
    return run


def pool_processor(raw_root: str, pool: WorkerPool) -> Processor:
    """Each document extracted in one of the pool's budgeted worker processes; results come
    back as they finish (not in submission order), with a bounded number in flight."""
    def run(jobs: list[Job]) -> Iterator[tuple[Job, ExtractionResult]]:
        yield from feed_processor(Feed(pool, jobs, raw_root).start())(jobs)
    return run


def local_processor(raw_root: str, workers: int = 1, time_limit: float | None = None,
                    memory_mb: int | None = None) -> Processor:
    """Budgeted worker processes owned by this processor (started on the first document)."""
    defaults = Settings()
    def run(jobs: list[Job]) -> Iterator[tuple[Job, ExtractionResult]]:
        if not jobs:
            return
        with WorkerPool(workers, time_limit or defaults.time_limit_seconds,
                        memory_mb or defaults.memory_limit_mb) as pool:
            yield from pool_processor(raw_root, pool)(jobs)
    return run


def settings_pool(settings: Settings) -> WorkerPool:
    return WorkerPool(settings.workers, settings.time_limit_seconds, settings.memory_limit_mb)


def load_or_record_failure(con, result: ExtractionResult, job: Job, raw_root: str, **kw) -> ExtractionResult:
    """Load a result; if the warehouse refuses it, record the document as failed instead so one
    strange document never stops the run. Returns what was loaded."""
    raw_path = str(RawStore(raw_root).path_for(job.sha256))
    try:
        load_result(con, result, job.item, raw_path=raw_path, n_bytes=job.n_bytes, **kw)
        return result
    except duckdb.Error as e:
        failed = failed_result(
            job, f"its extracted facts could not be stored ({type(e).__name__}: {e}); "
                 "please report it with this file")
        load_result(con, failed, job.item, raw_path=raw_path, n_bytes=job.n_bytes, **kw)
        return failed


def run_items(items: list[InputItem], settings: Settings, trigger: str = "cli",
              processor: Optional[Processor] = None, progress: Optional[Progress] = None,
              inputs_label: Optional[str] = None,
              extractor_version: str = EXTRACTOR_VERSION,
              refused: Sequence[Refused] = (), work: Optional[Plan] = None) -> RunSummary:
    """Process `items` into the warehouse and record the run. `refused` are inputs discovery
    would not read (reported in the run's failures); `work` is the caller's plan of these items
    (made here when not given: the hashes are not computed twice). Raises RunInterrupted on
    SIGINT/SIGTERM after recording and publishing what was loaded."""
    started = time.perf_counter()
    started_at = datetime.now()
    run_id = started_at.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    summary = RunSummary(run_id=run_id, db=str(settings.db), n_found=len(items) + len(refused))
    with stop_on_signals() as stop:
        if work is None:
            work = plan(items, settings, extractor_version)
        raw_root = str(settings.raw_store_dir)
        processor = processor or local_processor(raw_root, settings.workers,
                                                 settings.time_limit_seconds,
                                                 settings.memory_limit_mb)
        with Writer(settings.db) as w:
            _open_run(w, summary, work, refused, trigger, inputs_label, extractor_version, stop)
            try:
                _process(w, work, processor, summary, progress, raw_root, extractor_version, stop)
            except BaseException as e:
                # What was loaded stays (one transaction per document); the run says why it stopped.
                summary.seconds = time.perf_counter() - started
                status = INTERRUPTED if isinstance(e, RunInterrupted) else "failed"
                try:
                    _close_run(w.con, summary, status,
                               f"{type(e).__name__}: {e}" if str(e) and status == "failed"
                               else str(e) or type(e).__name__)
                except Exception:
                    pass        # the original error is the one worth raising
                raise
            summary.seconds = time.perf_counter() - started
            with stop.critical():
                _close_run(w.con, summary, "ok")
    return summary


def _open_run(w: Writer, summary: RunSummary, work: Plan, refused: Sequence[Refused],
              trigger: str, inputs_label: Optional[str], extractor_version: str,
              stop: StopGuard) -> None:
    with stop.critical():
        con = w.con
        assert con is not None
        refresh_reference(con)
        con.execute("INSERT INTO runs (run_id, started_at, trigger, inputs, extractor_version, "
                    "n_found, status) VALUES (?, ?, ?, ?, ?, ?, 'running')",
                    [summary.run_id, datetime.now(), trigger, inputs_label, extractor_version,
                     summary.n_found])
        # One statement for all of them: 0.5 s one by one against 0.1 s on a 10,000-document warehouse.
        touch_sources(con, [(job.item, job.sha256) for job in work.unchanged])
    summary.n_unchanged = len(work.unchanged)
    for item in work.missing:
        summary.failures.append((item.source_key, "failed", "file disappeared during the run"))
    for r in refused:
        summary.failures.append((r.path, "skipped", r.reason))


def _process(w: Writer, work: Plan, processor: Processor, summary: RunSummary,
             progress: Optional[Progress], raw_root: str, extractor_version: str,
             stop: StopGuard) -> None:
    total = len(work.todo)
    if not total:
        return
    last_publish = time.perf_counter()
    if progress:
        progress(0, total, "", 0)
    results = processor(work.todo)
    try:
        for job, result in results:
            with stop.critical():
                result = load_or_record_failure(w.con, result, job, raw_root,
                                                run_id=summary.run_id,
                                                extractor_version=extractor_version)
                summary.count(job, result)
            if progress:
                progress(summary.n_processed, total, job.item.source_key, len(summary.failures))
            if time.perf_counter() - last_publish > PUBLISH_EVERY_SECONDS:
                with stop.critical():
                    w.publish()
                last_publish = time.perf_counter()
    except PoolClosed:
        stop.check()        # the pool was closed because of a signal: say so
        raise
    finally:
        # Stopped early: end the processor now (it abandons what is in flight), not whenever
        # the garbage collector gets to it.
        close = getattr(results, "close", None)
        if close is not None:
            close()


def _close_run(con, summary: RunSummary, status: str, error: Optional[str] = None) -> None:
    s = summary.statuses
    con.execute("""UPDATE runs SET finished_at = ?, n_processed = ?, n_unchanged = ?,
            n_ok = ?, n_partial = ?, n_failed = ?, n_skipped = ?, n_observations = ?,
            n_actions = ?, seconds = ?, stage_seconds = ?, failures = ?, status = ?, error = ?
            WHERE run_id = ?""",
                [datetime.now(), summary.n_processed, summary.n_unchanged, s["ok"], s["partial"],
                 s["failed"], s["skipped"], summary.n_observations, summary.n_actions,
                 summary.seconds, json.dumps(summary.stage_seconds),
                 json.dumps([dict(source=f[0], status=f[1], error=f[2])
                             for f in summary.failures]), status, error, summary.run_id])


def needs_processing(items: list[InputItem], settings: Settings) -> bool:
    """Cheap pre-check (hashes only) so an unchanged corpus never pays for an orchestrator."""
    return bool(plan(items, settings).todo)


@contextmanager
def started_feed(settings: Settings, jobs: Sequence[Job]) -> Iterator[Optional[Feed]]:
    """Worker processes started and fed the plan's documents now (None when there are none),
    so extraction overlaps whatever the run does next; workers stopped on the way out."""
    if not jobs:
        yield None
        return
    with settings_pool(settings) as pool, Feed(pool, jobs, str(settings.raw_store_dir)) as feed:
        yield feed
