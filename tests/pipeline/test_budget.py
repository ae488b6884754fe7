"""A time and memory budget per document, enforced on worker processes that can be killed."""
from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from pathlib import Path

import duckdb
import pytest

from core.model import InputItem
from pipeline.config import load_settings
from pipeline.rawstore import RawStore
from pipeline.runner import discover, run_items
from pipeline.worker import Job, WorkerPool
from tests.conftest import corpus_file

BIG_PDF = "sefton-childrens-scrutiny-agenda-2017-09-26"      # dozens of pages: seconds to read
SMALL_TEXT = "coventry-cabinet-member-fostering-annual-report-2017-18"
# Bounds on waits in these tests (never a timing assertion).
WAIT_SECONDS = 120.0


def job_for(path: Path) -> tuple[Job, bytes]:
    data = path.read_bytes()
    item = InputItem(path=str(path), source_key=str(path))
    return Job(item, hashlib.sha256(data).hexdigest(), len(data)), data


def test_a_document_over_the_time_limit_is_stopped_and_the_worker_replaced():
    slow, slow_data = job_for(corpus_file("pdf", BIG_PDF))
    quick, quick_data = job_for(corpus_file("text", SMALL_TEXT))
    with WorkerPool(workers=1, time_limit=1, memory_mb=2048) as pool:
        result = pool.process(slow, slow_data)
        assert result.status == "failed"
        assert result.error.startswith("took longer than 1 s")
        assert "time_limit_seconds" in result.error
        pool.time_limit = WAIT_SECONDS
        after = pool.process(quick, quick_data)      # a fresh worker takes the next one
    assert after.status == "ok" and after.observations


def test_a_document_over_the_memory_limit_is_recorded_not_raised(tmp_path):
    big = tmp_path / "big.txt"      # a few MB of text: more than the limit leaves room for
    big.write_bytes(b"There were 12 foster carers at 31 March 2018.\n" * 100_000)
    job, data = job_for(big)
    quick, quick_data = job_for(corpus_file("text", SMALL_TEXT))
    # The limit is on the worker's whole address space, already well over 64 MB once the
    # extractors are loaded: any large allocation fails.
    with WorkerPool(workers=1, time_limit=WAIT_SECONDS, memory_mb=64) as pool:
        result = pool.process(job, data)
        pool.memory_mb = 2048
        after = pool.process(quick, quick_data)      # a fresh worker, the new limit
    assert result.status == "failed"
    assert result.error.startswith("needed more than 64 MB"), result.error
    assert after.status == "ok"


def test_killing_a_worker_fails_its_document_only():
    slow, slow_data = job_for(corpus_file("pdf", BIG_PDF))
    quick, quick_data = job_for(corpus_file("text", SMALL_TEXT))
    with WorkerPool(workers=2, time_limit=WAIT_SECONDS, memory_mb=2048) as pool:
        results: dict = {}
        thread = threading.Thread(target=lambda: results.update(slow=pool.process(slow, slow_data)))
        thread.start()
        deadline = time.monotonic() + WAIT_SECONDS
        while not pool._busy and time.monotonic() < deadline:
            time.sleep(0.05)
        [busy] = list(pool._busy)
        os.kill(busy.proc.pid, signal.SIGKILL)       # as the out-of-memory killer would
        thread.join(WAIT_SECONDS)
        other = pool.process(quick, quick_data)
    assert results["slow"].status == "failed"
    assert "killed by SIGKILL" in results["slow"].error
    assert other.status == "ok"


def test_a_poison_pill_is_recorded_with_its_bytes_and_skipped_by_the_next_run(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    for kind, stem in (("pdf", BIG_PDF), ("text", SMALL_TEXT)):
        src = corpus_file(kind, stem)
        (folder / src.name).write_bytes(src.read_bytes())
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text('[warehouse]\ndb = "w.duckdb"\n\n[run]\ntime_limit_seconds = 1\n')
    settings = load_settings(config=str(cfg))
    first = run_items(discover([folder]), settings, trigger="test")
    assert first.n_processed == 2 and first.statuses["failed"] == 1
    con = duckdb.connect(str(settings.db), read_only=True)
    status, error, sha = con.execute(
        "SELECT status, error, sha256 FROM documents WHERE source_path LIKE '%.pdf'").fetchone()
    con.close()
    assert status == "failed" and error.startswith("took longer than 1 s")
    assert RawStore(settings.raw_store_dir).read(sha) == (folder / f"{BIG_PDF}.pdf").read_bytes()
    again = run_items(discover([folder]), settings, trigger="test")
    assert again.n_processed == 0 and again.n_unchanged == 2


@pytest.mark.parametrize("limit", [0, -5, "lots"])
def test_budget_settings_must_be_positive_numbers(tmp_path, limit):
    from core.errors import PipelineError
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text(f"[run]\ntime_limit_seconds = {limit!r}\n".replace("'", '"'))
    with pytest.raises(PipelineError, match="time_limit_seconds"):
        load_settings(config=str(cfg))


def test_budget_defaults():
    settings = load_settings(config=None)
    assert settings.time_limit_seconds == 120 and settings.memory_limit_mb == 2048
    assert settings.max_file_mb == 50
