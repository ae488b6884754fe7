"""Local Prefect servers: one that schedules, for `council-etl serve`, and a temporary one for a
single `council-etl run`. Both are started on demand and always stopped.

Prefect 3 cannot run a flow without an API server. Left to itself it starts a temporary one on
first use, waits for it, and stops it at interpreter exit: a SIGKILL (or a SIGTERM nobody
handles) leaves it running, and its start-up is on the run's critical path. `temporary_server`
starts the same thing (Prefect's own ephemeral app, services off) ourselves: in the background,
so it boots while the run hashes its inputs and its worker processes load the extractors; in its
own session, so a Ctrl-C reaches the run first; and with the kernel told to kill it when the CLI
dies, however it dies.

Prefect's temporary server runs no scheduler, so a cron deployment needs a real one:
`local_prefect_server` starts `prefect server start` on 127.0.0.1 and a free port, keeps its
database in `home` (PREFECT_HOME beside the warehouse) and its output in server.log there, waits
for /api/health, and stops the whole process group on exit, Ctrl-C included.

    with local_prefect_server(settings.prefect_home) as api_url:
        ...   # PREFECT_API_URL=api_url for clients and the runner
"""
from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

from core.errors import PipelineError

HOST = "127.0.0.1"
# A cold start (database migrations on first use) takes 12-20 s; allow for a slow machine.
START_TIMEOUT_SECONDS = 120.0
HEALTH_POLL_SECONDS = 0.5
HEALTH_REQUEST_TIMEOUT_SECONDS = 2.0
# uvicorn finishes in-flight requests on SIGTERM; after this we SIGKILL the group.
STOP_TIMEOUT_SECONDS = 15.0
LOG_NAME = "server.log"
LOG_TAIL_CHARS = 2000

# The server must stay local, quiet and offline whatever the caller's environment says.
SERVER_ENV = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "true",
}


class PrefectServerError(PipelineError):
    pass


def free_port(host: str = HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def is_healthy(api_url: str, timeout: float = HEALTH_REQUEST_TIMEOUT_SECONDS) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _tail(path: Path) -> str:
    try:
        return path.read_text(errors="replace")[-LOG_TAIL_CHARS:].strip()
    except OSError:
        return ""


def stop_process_group(proc: subprocess.Popen, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
    """SIGTERM the server's process group, wait (bounded), then SIGKILL what is left."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


# The temporary server: Prefect's ephemeral app (no UI, no scheduler), no block types registered
# at start (this product uses none), and of the services an ephemeral server runs only the one
# that records task runs. Automations (triggers, actions), the event feed's persister and the
# event and log streams are off: nothing subscribes to them during one run, and their polling
# loops cost the run about a tenth of a core for as long as it lasts (measured on Prefect 3.8).
# Flow runs and task runs are still recorded in Prefect's database as before.
TEMPORARY_SERVER_ENV = {
    **SERVER_ENV,
    "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_EVENT_LOGGER_ENABLED": "false",
    "PREFECT_SERVER_EVENTS_STREAM_OUT_ENABLED": "false",
    "PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_FOREMAN_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED": "false",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}


def _site_packages_of(package: str) -> str:
    """Where a package is installed, without importing it (importing Prefect takes seconds)."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise PrefectServerError(f"{package} is not installed; run `make run` to install it")
    return str(Path(spec.origin).parent.parent)


# Runs uvicorn after asking Linux to SIGTERM it when its parent (the CLI) dies, however that
# happens; the request survives the exec (no preexec_fn, which is unsafe in a threaded parent).
LAUNCHER = """
import ctypes, runpy, signal, sys
try:
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)    # PR_SET_PDEATHSIG
except Exception:
    pass
sys.argv = ["uvicorn", *sys.argv[1:]]
runpy.run_module("uvicorn", run_name="__main__")
"""


class TemporaryServer:
    """A Prefect API for one run: start() returns at once; url() waits until it answers."""

    def __init__(self, home: Path, timeout: float = START_TIMEOUT_SECONDS):
        self.home = Path(home)
        self.timeout = timeout
        self.port = free_port()
        self.api_url = f"http://{HOST}:{self.port}/api"
        self.log_path = self.home / LOG_NAME
        self.proc: subprocess.Popen | None = None

    def start(self) -> "TemporaryServer":
        self.home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **TEMPORARY_SERVER_ENV, "PREFECT_HOME": str(self.home)}
        env.pop("PREFECT_API_URL", None)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", LAUNCHER, "--app-dir",
                 _site_packages_of("prefect"), "--factory",
                 "prefect.server.api.server:create_app", "--host", HOST, "--port",
                 str(self.port), "--log-level", "error", "--lifespan", "on"],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        return self

    def wait_ready(self) -> str:
        assert self.proc is not None
        deadline = time.monotonic() + self.timeout
        while not is_healthy(self.api_url, timeout=HEALTH_REQUEST_TIMEOUT_SECONDS):
            if self.proc.poll() is not None:
                raise PrefectServerError(
                    f"Prefect's temporary server exited (code {self.proc.returncode}) before it "
                    f"was ready; see {self.log_path}:\n{_tail(self.log_path)}")
            if time.monotonic() > deadline:
                raise PrefectServerError(
                    f"Prefect's temporary server did not answer within {self.timeout:.0f}s; see "
                    f"{self.log_path}, or run with --no-prefect")
            time.sleep(0.05)
        return self.api_url

    def stop(self) -> None:
        if self.proc is not None:
            stop_process_group(self.proc, timeout=5.0)


@contextlib.contextmanager
def prefect_api_for_run(home: Path) -> Iterator[TemporaryServer | None]:
    """The API a run's flow talks to: PREFECT_API_URL when the user set one (None is yielded),
    else a temporary server, started now and stopped on the way out. While it is in use,
    PREFECT_API_URL points at it, in the environment too (read when Prefect is imported, and by
    Dask workers on this machine). Call before importing Prefect: the import overlaps its start."""
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    server = TemporaryServer(home).start()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with _api_url_setting(server.api_url):
            yield server
    finally:
        _drain_prefect_clients()
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def _drain_prefect_clients(timeout: float = 5.0) -> None:
    """Let Prefect's background senders (task-run events) finish before their server goes."""
    if "prefect.events.worker" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    try:
        EventsWorker.drain_all(timeout=timeout, at_exit=False)
    except Exception:   # best effort: the run's own results are already in the warehouse
        pass


@contextlib.contextmanager
def _api_url_setting(url: str) -> Iterator[None]:
    """If Prefect is already imported its settings were read: override them too."""
    if "prefect" not in sys.modules:
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings
    with temporary_settings(updates={PREFECT_API_URL: url}):
        yield


@contextlib.contextmanager
def local_prefect_server(home: Path, port: int | None = None,
                         timeout: float = START_TIMEOUT_SECONDS) -> Iterator[str]:
    """Run `prefect server start` with PREFECT_HOME=home; yields its API URL (…/api)."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    api_url = f"http://{HOST}:{port}/api"
    env = {**os.environ, **SERVER_ENV, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)       # the server is not a client of another server
    log_path = home / LOG_NAME
    with open(log_path, "ab") as log:
        # Its own session: a Ctrl-C at the terminal reaches us, and we stop the server in order.
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", HOST,
             "--port", str(port)],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while not is_healthy(api_url):
            if proc.poll() is not None:
                raise PrefectServerError(
                    f"the local Prefect server exited (code {proc.returncode}) before it was "
                    f"ready; see {log_path}:\n{_tail(log_path)}")
            if time.monotonic() > deadline:
                raise PrefectServerError(
                    f"the local Prefect server did not answer at {api_url} within {timeout:.0f}s; "
                    f"see {log_path}, or start one yourself and set PREFECT_API_URL")
            time.sleep(HEALTH_POLL_SECONDS)
        yield api_url
    finally:
        stop_process_group(proc)
