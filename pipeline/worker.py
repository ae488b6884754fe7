"""Extraction in worker processes that can be stopped: a time and memory budget per document.

A document is extracted in a separate process with an address-space limit (RLIMIT_AS) set on
it. The parent watches the worker's CPU time; past the time budget the process is killed (a
thread could not be) and the document is recorded `failed` with "took longer than N s". (CPU
time, so that a loaded machine does not fail documents merely waiting for a core; a worker that
uses no CPU at all, blocked, is stopped after three times the budget of wall-clock time.) A MemoryError inside the
worker becomes "needed more than N MB"; a worker that dies (the out-of-memory killer, a crash in
C code) becomes a failed document too, and a fresh worker takes the next one. The run goes on.

Workers are forked from a fork server that has already imported the extractors and loaded the
spaCy model, so a new worker (at the start, or after a kill) is ready in milliseconds, and the
fork server is started early so its loading overlaps the run's other start-up work.

    with WorkerPool(workers=2, time_limit=120, memory_mb=2048) as pool:
        result = pool.process(job, data)      # thread-safe; blocks until done or over budget
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import resource
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import PipelineError
from core.model import ExtractionResult, InputItem

MB = 1024 * 1024
# The fork server imports these once; every worker is a fork of it.
PRELOAD = ["pipeline.worker_main"]
# How long a worker may take to exit after being told to, before it is killed.
STOP_GRACE_SECONDS = 2.0
# How often a waiting thread looks at its worker's CPU time.
POLL_SECONDS = 0.5
# A worker using no CPU (blocked) is stopped after this many times the time limit, wall-clock.
WALL_FACTOR = 3.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Job:
    """One document to process: what it is, its content hash and size."""
    item: InputItem
    sha256: str
    n_bytes: int


def over_time_message(seconds: float) -> str:
    return (f"took longer than {seconds:.0f} s, the time limit per document, and was stopped; "
            "raise [run] time_limit_seconds in council-etl.toml to give it longer")


def over_memory_message(mb: int) -> str:
    return (f"needed more than {mb} MB of memory, the limit per document, and was stopped; "
            "raise [run] memory_limit_mb in council-etl.toml to give it more")


def died_message(exitcode: int | None, mb: int) -> str:
    how = "stopped"
    if exitcode is not None and exitcode < 0:
        try:
            how = f"was killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"was killed by signal {-exitcode}"
    elif exitcode is not None:
        how = f"exited with code {exitcode}"
    return (f"the worker process extracting it {how} (out of memory, over {mb} MB, or a crash "
            "while reading it); it is not retried until the extractor changes")


def _context():
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def warm_up() -> None:
    """Start the fork server now (it imports the extractors and loads spaCy in its own process)
    so that cost overlaps whatever the caller does next."""
    from multiprocessing import forkserver
    _context()
    forkserver.ensure_running()


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx, memory_mb: int):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, memory_mb * MB), daemon=True,
                                name="council-etl-worker")
        self.proc.start()
        child.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join(STOP_GRACE_SECONDS)
        with contextlib.suppress(Exception):
            self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)        # ask it to finish
            self.proc.join(STOP_GRACE_SECONDS)
        self.kill()


def _serve(conn, memory_limit_bytes: int) -> None:
    """A worker's entry point. Named here so the parent never imports pipeline.worker_main:
    importing it loads spaCy and reads the warm-up documents, which belongs in the fork server
    (where it is already done) and would otherwise delay the first worker by as much again."""
    from pipeline.worker_main import serve
    serve(conn, memory_limit_bytes)


class PoolClosed(Exception):
    """The pool was shut down (the run is stopping) while a document was in flight."""


class WorkerPool:
    """`workers` budgeted worker processes shared by any number of threads."""

    def __init__(self, workers: int = 1, time_limit: float = 120.0, memory_mb: int = 2048):
        self.workers = max(1, workers)
        self.time_limit = time_limit
        self.memory_mb = memory_mb
        self._ctx = _context()
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._busy: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._started = False
        self._spawn_error: Exception | None = None

    def start(self) -> "WorkerPool":
        """Start the worker processes in the background (the first waits for the fork server to
        load the extractors), so the caller's own start-up work overlaps theirs."""
        if not self._started:
            self._started = True
            threading.Thread(target=self._spawn, name="council-etl-start-workers",
                             daemon=True).start()
        return self

    def _spawn(self) -> None:
        for _ in range(self.workers):
            with self._lock:
                if self._closed:
                    return
            try:
                w = _Worker(self._ctx, self.memory_mb)
            except Exception as e:   # cannot start a process: waiting threads must not hang
                self._spawn_error = e
                self._idle.put(None)
                return
            with self._lock:
                closed = self._closed
            if closed:
                w.stop()
                return
            self._idle.put(w)

    def __enter__(self) -> "WorkerPool":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def __reduce__(self):
        # Prefect may inspect task arguments; a pool never travels to another process.
        raise TypeError("a WorkerPool cannot be sent to another process")

    def close(self) -> None:
        """Stop every worker; a thread waiting on one gets PoolClosed at once."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            busy = list(self._busy)
        for w in busy:
            w.kill()
        while True:
            try:
                idle = self._idle.get_nowait()
            except queue.Empty:
                break
            if idle is not None:
                idle.stop()
        for _ in range(self.workers):
            self._idle.put(None)        # wake threads waiting for a worker

    def _take(self) -> _Worker:
        self.start()
        got = self._idle.get()
        with self._lock:
            if got is None or self._closed:
                if got is not None:
                    got.stop()
                self._idle.put(None)
                if self._spawn_error is not None and not self._closed:
                    raise PipelineError(f"could not start a worker process ({self._spawn_error})")
                raise PoolClosed("the run is stopping")
            self._busy.add(got)
        return got

    def _give_back(self, w: _Worker, healthy: bool) -> None:
        with self._lock:
            self._busy.discard(w)
            closed = self._closed
        if closed:
            w.kill()
            self._idle.put(None)
            return
        if not healthy:
            w.kill()
            w = _Worker(self._ctx, self.memory_mb)
        self._idle.put(w)

    def process(self, job: Job, data: bytes) -> ExtractionResult:
        """Extract one document within the budget; never raises for the document's sake
        (PoolClosed when the run is being stopped)."""
        w = self._take()
        healthy = False
        try:
            reply = self._ask(w, job, data)
            kind, payload = reply
            healthy = kind == "ok"
            if kind == "ok":
                return payload
            if kind == "memory":
                return failed_result(job, over_memory_message(self.memory_mb))
            if kind == "timeout":
                return failed_result(job, over_time_message(self.time_limit))
            return failed_result(job, died_message(payload, self.memory_mb))
        finally:
            self._give_back(w, healthy)

    def _ask(self, w: _Worker, job: Job, data: bytes) -> tuple[str, Any]:
        """Send the document, wait for the answer within the budget. The time limit counts the
        worker's CPU time, so a busy machine does not fail documents merely waiting for a core;
        a worker that makes no progress at all is stopped after WALL_FACTOR times the limit."""
        try:
            w.conn.send((job, data))
            cpu_start = cpu_seconds(w.proc.pid)
            wall_deadline = time.monotonic() + WALL_FACTOR * self.time_limit
            while not w.conn.poll(min(POLL_SECONDS, self.time_limit)):
                if self._closed:
                    raise PoolClosed("the run is stopping")
                cpu = cpu_seconds(w.proc.pid)
                over_cpu = cpu is not None and cpu_start is not None and \
                    cpu - cpu_start > self.time_limit
                if over_cpu or time.monotonic() > wall_deadline:
                    return "timeout", None
            return w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if self._closed:
                raise PoolClosed("the run is stopping") from None
            w.proc.join(STOP_GRACE_SECONDS)
            return "died", w.proc.exitcode


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used, from /proc; None where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def failed_result(job: Job, message: str) -> ExtractionResult:
    from pipeline.process import unreadable_result
    return unreadable_result(job.item.source_key, job.sha256, None, message,
                             source=job.item.source)


def set_memory_limit(limit_bytes: int) -> None:
    """RLIMIT_AS on this process: an allocation past it fails (MemoryError) instead of
    pushing the machine into swap or the out-of-memory killer."""
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))


def die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent dies, so no worker outlives the run."""
    with contextlib.suppress(Exception):
        import ctypes
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
