"""The feed hands a plan's documents to the workers ahead of the loader, with bounded reading.

A stand-in pool (the feed uses only its `workers`, `start`, `process` and `close`) holds each
document until the test lets it go, so what the feed has read at any moment can be checked
without timing anything.
"""
from __future__ import annotations

import hashlib
import threading
from concurrent.futures import FIRST_COMPLETED, wait
from pathlib import Path
from typing import cast

import pytest

from core.model import ExtractionResult, InputItem
from pipeline.rawstore import RawStore
from pipeline.runner import Feed, feed_processor
from pipeline.worker import Job, WorkerPool

WAIT_SECONDS = 60.0     # bound on waits (never a timing assertion)


class HeldPool:
    """Extracts nothing: each document waits until released, then answers its own name."""

    def __init__(self, workers: int = 1):
        self.workers = workers
        self.seen: list[str] = []
        self.release = threading.Semaphore(0)
        self.arrived = threading.Semaphore(0)
        self.closed = False

    def start(self) -> "HeldPool":
        return self

    def process(self, job: Job, data: bytes) -> str:
        self.seen.append(job.item.source_key)
        self.arrived.release()
        assert self.release.acquire(timeout=WAIT_SECONDS)
        return f"extracted {job.item.source_key} ({len(data)} bytes)"

    def close(self) -> None:
        self.closed = True


def feed_of(pool: HeldPool, jobs: list[Job], folder: Path, window: int | None = None) -> Feed:
    return Feed(cast(WorkerPool, pool), jobs, str(folder / "raw"), window)


def jobs_for(folder: Path, n: int) -> list[Job]:
    out = []
    for i in range(n):
        path = folder / f"paper-{i}.txt"
        data = f"paper number {i}".encode()
        path.write_bytes(data)
        out.append(Job(InputItem(path=str(path), source_key=path.name),
                       hashlib.sha256(data).hexdigest(), len(data)))
    return out


def test_every_document_comes_back_once_and_its_bytes_are_kept(tmp_path):
    jobs = jobs_for(tmp_path, 5)
    pool = HeldPool()
    for _ in jobs:
        pool.release.release()
    feed = feed_of(pool, jobs, tmp_path, window=2).start()
    got = [(job.item.source_key, result) for job, result in feed_processor(feed)(jobs)]
    assert sorted(name for name, _ in got) == [job.item.source_key for job in jobs]
    assert all(result.startswith("extracted paper-") for _, result in got)
    assert all(RawStore(tmp_path / "raw").has(job.sha256) for job in jobs)


def test_the_feed_reads_no_further_ahead_than_its_window(tmp_path):
    jobs = jobs_for(tmp_path, 6)
    pool = HeldPool(workers=2)
    with feed_of(pool, jobs, tmp_path, window=3) as feed:
        for _ in range(2):              # both workers busy
            assert pool.arrived.acquire(timeout=WAIT_SECONDS)
        third = feed.future(jobs[2])    # read and queued, waiting for a worker
        assert not third.done()
        raw = RawStore(tmp_path / "raw")
        assert [raw.has(job.sha256) for job in jobs] == [True] * 3 + [False] * 3
        pool.release.release()          # one document finishes and is collected
        running = {feed.future(job): job for job in jobs[:2]}
        done, _ = wait(running, timeout=WAIT_SECONDS, return_when=FIRST_COMPLETED)
        feed.collected(running[done.pop()])
        assert feed.future(jobs[3]) is not None     # its place went to the next document
        assert raw.has(jobs[3].sha256) and not raw.has(jobs[4].sha256)
        for _ in range(6):
            pool.release.release()


def test_a_document_that_cannot_be_read_comes_back_failed_and_the_rest_go_on(tmp_path):
    jobs = jobs_for(tmp_path, 3)
    Path(jobs[1].item.path).unlink()
    pool = HeldPool()
    for _ in jobs:
        pool.release.release()
    feed = feed_of(pool, jobs, tmp_path).start()
    got = {job.item.source_key: result for job, result in feed_processor(feed)(jobs)}
    gone = got[jobs[1].item.source_key]
    assert isinstance(gone, ExtractionResult) and gone.status == "failed"
    assert "could not be read" in (gone.error or "")
    assert pool.seen == [jobs[0].item.source_key, jobs[2].item.source_key]


def test_a_document_outside_the_plan_is_refused(tmp_path):
    planned, other = jobs_for(tmp_path, 2)
    pool = HeldPool()
    with feed_of(pool, [planned], tmp_path) as feed:
        with pytest.raises(ValueError, match="not in this feed's plan"):
            feed.future(other)
        pool.release.release()
