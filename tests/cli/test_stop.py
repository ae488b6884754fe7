"""A clean stop: SIGTERM or SIGINT during `council-etl run` (a real process, a real signal)
stops it promptly, keeps what was loaded, says so in `runs`, exits 143 or 130, leaves nothing
that blocks the next run, and the next run completes the job."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO
from warehouse.store import writer_active

# Bounds on waits (a broken stop fails the test instead of hanging it). The product's promise is
# 10 s; the bound leaves room for a loaded test machine.
STARTED_WAIT_SECONDS = 300.0
STOP_WAIT_SECONDS = 30.0
COUNTS_SQL = """SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM metric_observations),
                       (SELECT count(*) FROM actions)"""


def counts(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(COUNTS_SQL).fetchone()
        assert row is not None
        return row
    finally:
        con.close()


def start_run(args: list[str], cwd: Path) -> tuple[subprocess.Popen, threading.Event, list[str]]:
    """Start `council-etl run` and collect its progress lines; the event fires on the first
    document loaded."""
    env = {**os.environ, "PREFECT_HOME": str(cwd / ".prefect")}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "run", *args], cwd=REPO, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    loaded = threading.Event()
    lines: list[str] = []

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if line.startswith("processed 1/"):
                loaded.set()
        loaded.set()        # ended: let the test see why
    threading.Thread(target=read, daemon=True).start()
    return proc, loaded, lines


@pytest.mark.parametrize("mode, signum, code", [
    pytest.param("--no-prefect", signal.SIGTERM, 143, id="sigterm-no-prefect"),
    pytest.param("prefect", signal.SIGINT, 130, id="sigint-prefect", marks=pytest.mark.prefect),
])
def test_a_signal_stops_the_run_cleanly_and_the_next_run_finishes_it(
        corpus_dir, corpus_warehouse, tmp_path, mode, signum, code):
    papers = tmp_path / "papers"
    shutil.copytree(corpus_dir / "text", papers, ignore=shutil.ignore_patterns("README*"))
    db = tmp_path / "w.duckdb"
    args = [str(papers), "--db", str(db)] + ([mode] if mode.startswith("--") else [])
    proc, loaded, lines = start_run(args, tmp_path)
    try:
        assert loaded.wait(STARTED_WAIT_SECONDS), "no document loaded in time"
        assert proc.poll() is None, "".join(lines)[-3000:]
        os.kill(proc.pid, signum)
        proc.wait(timeout=STOP_WAIT_SECONDS)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = "".join(lines)
    assert proc.returncode == code, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    assert f"interrupted by signal {signal.Signals(signum).name}" in err

    con = duckdb.connect(str(db), read_only=True)
    status, error, processed = con.execute(
        "SELECT status, error, n_processed FROM runs").fetchone()
    n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    assert status == "interrupted" and error == f"interrupted by signal {signal.Signals(signum).name}"
    assert 1 <= processed == n_docs < 5            # loaded documents stay; not all were done
    assert not Path(str(db) + ".next").exists() and not writer_active(db)

    from pipeline.config import load_settings
    from pipeline.runner import discover, run_items
    again = run_items(discover([papers]), load_settings(db=str(db)), trigger="test")
    assert again.n_unchanged == n_docs and again.n_processed == 5 - n_docs
    assert counts(db) == counts(corpus_warehouse)


def descendants(pid: int) -> set[int]:
    """Every live process below `pid` (children, their children...), from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.prefect
def test_nothing_the_run_started_outlives_it_even_when_it_is_killed(corpus_dir, tmp_path):
    """SIGKILL cannot be handled: the temporary Prefect server and the worker processes must
    still go (the kernel is asked to stop them when their parent dies)."""
    papers = tmp_path / "papers"
    shutil.copytree(corpus_dir / "text", papers, ignore=shutil.ignore_patterns("README*"))
    proc, loaded, lines = start_run([str(papers), "--db", str(tmp_path / "w.duckdb")], tmp_path)
    try:
        assert loaded.wait(STARTED_WAIT_SECONDS), "no document loaded in time"
        started = descendants(proc.pid)
        assert started, "the run started no server or worker process"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + STOP_WAIT_SECONDS
    while any(alive(p) for p in started) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in started if alive(p)]
    for p in left:
        os.kill(p, signal.SIGKILL)
    assert not left, f"still running after the CLI was killed: {left}"
