"""The default path of `council-etl run`: Prefect's API server, the worker processes and the
Prefect import all start side by side, then the flow runs.

Order matters for speed: the temporary server (a subprocess) and the worker processes (forked
from a server that loads the extractors and spaCy) are started before Prefect is imported in
this process, so the three overlap instead of queueing; and the workers are fed the plan's
documents at once (pipeline.runner.Feed), so they extract while Prefect's server boots and the
flow starts (each document's task then collects its result: still one Prefect task per
document, and only the flow writes the warehouse). The temporary server and the workers are
stopped on the way out, whatever happens (a signal included). Importing this module is cheap.
"""
from __future__ import annotations

import contextlib
from typing import Sequence

from core.model import InputItem
from pipeline.config import Settings
from pipeline.discover import Refused
from pipeline.runner import Plan, Progress, plan, started_feed
from pipeline.signals import stop_on_signals


def run_with_prefect(items: list[InputItem], settings: Settings, *, trigger: str = "cli",
                     inputs_label: str | None = None, refused: Sequence[Refused] = (),
                     progress: Progress | None = None, work: Plan | None = None) -> dict:
    """`work`: the caller's plan of `items` (made here when not given); its documents start
    extracting at once, while Prefect starts."""
    from flows import prefect_env
    from flows.prefect_server import prefect_api_for_run
    prefect_env.configure(settings.prefect_home)
    with stop_on_signals(), contextlib.ExitStack() as stack:
        server = stack.enter_context(prefect_api_for_run(settings.prefect_home))
        if work is None:
            work = plan(items, settings)
        feed = None if settings.dask_address else stack.enter_context(
            started_feed(settings, work.todo))
        from flows.run_flow import run_flow  # imports Prefect while the others start
        if server is not None:
            server.wait_ready()
        return run_flow(items, settings, trigger=trigger, inputs_label=inputs_label,
                        refused=refused, feed=feed, progress=progress, work=work)
