"""The default path of `council-etl run`: Prefect's API server, the worker processes and the
Prefect import all start side by side, then the flow runs.

Order matters for speed: the temporary server (a subprocess) and the worker processes' fork
server (which loads the extractors and spaCy) are started before Prefect is imported in this
process, so the three overlap instead of queueing; and the first document per worker is started
at once, so the workers extract while Prefect's server boots (its task then collects the
result: still one Prefect task per document, and only the flow writes the warehouse). The
temporary server and the workers are stopped on the way out, whatever happens (a signal
included). Importing this module is cheap.
"""
from __future__ import annotations

import contextlib
from typing import Sequence

from core.model import InputItem
from pipeline.config import Settings
from pipeline.discover import Refused
from pipeline.runner import Progress, ingest, settings_pool
from pipeline.signals import stop_on_signals
from pipeline.worker import Job


def head_start(jobs: Sequence[Job], raw_root: str) -> list[tuple[Job, bytes]]:
    """The first documents' bytes (kept in the raw store as usual), to start on early."""
    out = []
    for job in jobs:
        data = ingest(job, raw_root)
        if isinstance(data, bytes):
            out.append((job, data))
    return out


def run_with_prefect(items: list[InputItem], settings: Settings, *, trigger: str = "cli",
                     inputs_label: str | None = None, refused: Sequence[Refused] = (),
                     progress: Progress | None = None, todo: Sequence[Job] = ()) -> dict:
    """`todo`: the documents the caller's plan found to process; the first one per worker
    starts at once, while Prefect starts (its task then collects the result)."""
    from flows import prefect_env
    from flows.prefect_server import prefect_api_for_run
    prefect_env.configure(settings.prefect_home)
    with stop_on_signals(), contextlib.ExitStack() as stack:
        server = stack.enter_context(prefect_api_for_run(settings.prefect_home))
        pool = None if settings.dask_address else stack.enter_context(settings_pool(settings))
        if pool is not None:
            pool.prefetch(head_start(todo[:pool.workers], str(settings.raw_store_dir)))
        from flows.run_flow import run_flow  # imports Prefect while the others start
        if server is not None:
            server.wait_ready()
        return run_flow(items, settings, trigger=trigger, inputs_label=inputs_label,
                        refused=refused, pool=pool, progress=progress)
