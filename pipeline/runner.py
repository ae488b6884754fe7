"""A run: discover inputs -> plan (skip unchanged) -> ingest + process -> load, one writer.

`run_items` is plain Python; the Prefect flow (flows/run_flow.py) calls it with a processor that
makes one Prefect task per document. Processing happens in workers; loading happens here only.
"""
from __future__ import annotations

import json
import os
import time
import uuid
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import duckdb

from core.model import ExtractionResult, InputItem
from pipeline.config import EXTRACTOR_VERSION, Settings
from pipeline.process import process_bytes, unreadable_result
from pipeline.rawstore import RawStore, sha256_file
from warehouse.load import load_result, touch_source
from warehouse.reference import refresh_reference
from warehouse.store import Writer, connect_read_only

# Publish the staging copy this often during a long run, so analysts see progress and a kill
# loses at most this much work.
PUBLISH_EVERY_SECONDS = 120.0
IN_FLIGHT_PER_WORKER = 2
IGNORED_NAMES = {".DS_Store", "Thumbs.db"}
# A folder's own documentation is not a council paper.
IGNORED_STEMS = {"readme", "license", "licence", "changelog", "notice"}


def is_ignored(name: str) -> bool:
    return (name.startswith(".") or name in IGNORED_NAMES
            or name.split(".", 1)[0].lower() in IGNORED_STEMS)


@dataclass
class Job:
    item: InputItem
    sha256: str
    n_bytes: int


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


def discover(paths: Iterable[str | os.PathLike]) -> list[InputItem]:
    """Files under the given paths (folders recursively), sorted. Hidden files and a folder's
    README/LICENSE are skipped when walking a folder; a file named explicitly is always taken."""
    found: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                found.extend(Path(dirpath) / f for f in sorted(filenames) if not is_ignored(f))
        elif p.is_file():
            found.append(p)
        else:
            raise FileNotFoundError(f"{p} does not exist")
    seen, items = set(), []
    for f in found:
        key = str(f.resolve())
        if key not in seen:
            seen.add(key)
            items.append(InputItem(path=key, source_key=key))
    return items


def warehouse_documents(db: Path) -> list[tuple[str, str, str]]:
    """(sha256, extractor_version, source_path) of every live document (not superseded)."""
    if not db.exists():
        return []
    con = connect_read_only(db)
    try:
        return con.execute(
            "SELECT sha256, extractor_version, source_path FROM documents "
            "WHERE coalesce(error, '') NOT LIKE 'superseded:%'").fetchall()
    finally:
        con.close()


def plan(items: list[InputItem], settings: Settings,
         extractor_version: str = EXTRACTOR_VERSION) -> Plan:
    """Split inputs into work and unchanged; add documents extracted by an older extractor
    version, re-read from the raw store (their file may be gone, or they were fetched)."""
    documents = warehouse_documents(settings.db)
    current = {sha for sha, version, _ in documents if version == extractor_version}
    out = Plan()
    queued: set[str] = set()
    for item in items:
        try:
            sha, size = sha256_file(item.path), os.path.getsize(item.path)
        except OSError:
            out.missing.append(item)
            continue
        job = Job(item, sha, size)
        # The same bytes twice in one run (two paths) are extracted once.
        (out.unchanged if sha in current or sha in queued else out.todo).append(job)
        queued.add(sha)
    store = RawStore(settings.raw_store_dir)
    for sha, version, source_path in documents:
        if version != extractor_version and sha not in queued and store.has(sha):
            path = store.path_for(sha)
            out.todo.append(Job(InputItem(path=str(path), source_key=source_path), sha,
                                path.stat().st_size))
            queued.add(sha)
    return out


def process_job(job: Job, raw_root: str) -> ExtractionResult:
    """Ingest (keep the bytes) then extract. Runs in a worker; never touches the warehouse."""
    try:
        data = Path(job.item.path).read_bytes()
    except OSError as e:
        return unreadable_result(job.item.source_key, job.sha256, None,
                                 f"the file could not be read ({e.strerror}); check it exists "
                                 "and is readable")
    RawStore(raw_root).put_bytes(data, job.sha256)
    try:
        return process_bytes(data, job.item.source_key, job.sha256, job.item.source)
    except Exception as e:  # a bug in an extractor must not stop the run
        return unreadable_result(job.item.source_key, job.sha256, None,
                                 f"internal error while processing ({type(e).__name__}: {e}); "
                                 "please report it with this file")


def local_processor(raw_root: str, workers: int = 1) -> Processor:
    """In-process (workers=1) or a process pool: both yield results as documents finish, with at
    most a few documents in flight so memory stays bounded on a large corpus."""
    def run(jobs: list[Job]) -> Iterator[tuple[Job, ExtractionResult]]:
        if workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                yield job, process_job(job, raw_root)
            return
        pending = iter(jobs)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            in_flight = {}
            for job in islice(pending, IN_FLIGHT_PER_WORKER * workers):
                in_flight[pool.submit(process_job, job, raw_root)] = job
            while in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for fut in done:
                    job = in_flight.pop(fut)
                    for nxt in islice(pending, 1):
                        in_flight[pool.submit(process_job, nxt, raw_root)] = nxt
                    yield job, fut.result()
    return run


def load_or_record_failure(con, result: ExtractionResult, job: Job, raw_root: str, **kw) -> ExtractionResult:
    """Load a result; if the warehouse refuses it, record the document as failed instead so one
    strange document never stops the run. Returns what was loaded."""
    raw_path = str(RawStore(raw_root).path_for(job.sha256))
    try:
        load_result(con, result, job.item, raw_path=raw_path, n_bytes=job.n_bytes, **kw)
        return result
    except duckdb.Error as e:
        failed = unreadable_result(
            job.item.source_key, job.sha256, result.document.format,
            f"its extracted facts could not be stored ({type(e).__name__}: {e}); "
            "please report it with this file", source=job.item.source)
        load_result(con, failed, job.item, raw_path=raw_path, n_bytes=job.n_bytes, **kw)
        return failed


def run_items(items: list[InputItem], settings: Settings, trigger: str = "cli",
              processor: Optional[Processor] = None, progress: Optional[Progress] = None,
              inputs_label: Optional[str] = None,
              extractor_version: str = EXTRACTOR_VERSION) -> RunSummary:
    started = time.perf_counter()
    started_at = datetime.now()
    run_id = started_at.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    summary = RunSummary(run_id=run_id, db=str(settings.db), n_found=len(items))
    work = plan(items, settings, extractor_version)
    raw_root = str(settings.raw_store_dir)
    processor = processor or local_processor(raw_root, settings.workers)
    total = len(work.todo)
    with Writer(settings.db) as w:
        con = w.con
        refresh_reference(con)
        con.execute("INSERT INTO runs (run_id, started_at, trigger, inputs, extractor_version, "
                    "n_found, status) VALUES (?, ?, ?, ?, ?, ?, 'running')",
                    [run_id, started_at, trigger, inputs_label, extractor_version, len(items)])
        for job in work.unchanged:
            touch_source(w.con, job.item, job.sha256)
        summary.n_unchanged = len(work.unchanged)
        for item in work.missing:
            summary.failures.append((item.source_key, "failed", "file disappeared during the run"))
        last_publish = time.perf_counter()
        if progress and total:
            progress(0, total, "", 0)
        try:
            for job, result in (processor(work.todo) if work.todo else ()):
                result = load_or_record_failure(w.con, result, job, raw_root, run_id=run_id,
                                                extractor_version=extractor_version)
                summary.count(job, result)
                if progress:
                    progress(summary.n_processed, total, job.item.source_key, len(summary.failures))
                if time.perf_counter() - last_publish > PUBLISH_EVERY_SECONDS:
                    w.publish()
                    last_publish = time.perf_counter()
        except BaseException as e:
            # What was loaded stays (one transaction per document); the run says why it stopped.
            summary.seconds = time.perf_counter() - started
            try:
                _close_run(w.con, summary, "failed",
                           f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
            except Exception:
                pass        # the original error is the one worth raising
            raise
        summary.seconds = time.perf_counter() - started
        _close_run(w.con, summary, "ok")
    return summary


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
