"""Politeness shared by every process on this machine: one lock file per host beside the fetch
state, holding the time of the last request to that host. A request takes the host's lock
(waiting while another process's request is under way), waits out the delay since the last
request whoever made it, and writes its own time on the way out. So two fetches, or a fetch
and the nightly flow, never reach one site faster than its delay_seconds.
"""
from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

LOCK_DIR_NAME = "fetch-hosts"


def lock_file(directory: Path, host: str) -> Path:
    safe = re.sub(r"[^a-z0-9.-]+", "_", host.lower()) or "_"
    return directory / f"{safe}.lock"


@contextmanager
def host_turn(directory: Path | None, host: str, wall: Callable[[], float]) -> Iterator[float | None]:
    """Hold `host`'s lock for one request; yields the wall-clock time of the last request to
    it by any process (None when there was none or no directory is shared)."""
    if directory is None:
        yield None
        return
    directory.mkdir(parents=True, exist_ok=True)
    with open(lock_file(directory, host), "a+", encoding="ascii") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            fh.seek(0)
            text = fh.read().strip()
            try:
                last = float(text) if text else None
            except ValueError:          # a torn or foreign file: start afresh
                last = None
            try:
                yield last
            finally:
                fh.seek(0)
                fh.truncate()
                fh.write(repr(wall()))
                fh.flush()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
