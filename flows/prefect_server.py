"""A local Prefect server for `council-etl serve`: started on demand, always stopped.

Prefect's temporary server runs no scheduler, so a cron deployment needs a real one. This starts
`prefect server start` on 127.0.0.1 and a free port, keeps its database in `home` (PREFECT_HOME
beside the warehouse) and its output in server.log there, waits for /api/health, and stops the
whole process group on exit, Ctrl-C included.

    with local_prefect_server(settings.prefect_home) as api_url:
        ...   # PREFECT_API_URL=api_url for clients and the runner
"""
from __future__ import annotations

import contextlib
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
