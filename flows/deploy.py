"""The nightly flow deployed the Prefect way, for teams that already run Prefect.

`council-etl serve` runs the schedule itself. A team with a Prefect server and workers can
instead deploy `flows/nightly.py:nightly` to a work pool: with `prefect deploy` and the
`prefect.yaml` at the repository root, or from Python with `deploy_nightly` below. Either way the
flow reads council-etl.toml (folders, sources, budgets, and `[run] dask_address` to extract on a
Dask cluster) on the worker that runs it.

    from flows.deploy import deploy_nightly
    deploy_nightly("council-etl", config="/srv/council-etl/council-etl.toml")
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, cast
from uuid import UUID

from flows.nightly import DEPLOYMENT_NAME, nightly
from flows.prefect_env import DEFAULTS as QUIET_PREFECT
from pipeline.config import DEFAULT_CRON

REPO = Path(__file__).resolve().parents[1]
ENTRYPOINT = "flows/nightly.py:nightly"


def deployment_parameters(config: str | None, db: str | None = None) -> dict[str, Any]:
    return {"config": config, "db": db}


def deploy_nightly(work_pool: str, *, config: str | None = None, db: str | None = None,
                   cron: str = DEFAULT_CRON, timezone: str = "Europe/London",
                   source: str | Path = REPO, name: str = DEPLOYMENT_NAME) -> UUID:
    """Register the nightly deployment on the Prefect server at PREFECT_API_URL, for a worker of
    `work_pool` (e.g. a process pool: `prefect work-pool create council-etl --type process`,
    then `prefect worker start --pool council-etl` on the machine holding the papers).
    `source` is where the worker finds this code (a folder on that machine, or a git URL)."""
    from prefect.schedules import Cron
    # from_source and deploy are sync here (no event loop); Prefect types them as maybe-async.
    flow = cast(Any, nightly.from_source(source=str(source), entrypoint=ENTRYPOINT))
    return flow.deploy(
        name=name, work_pool_name=work_pool, schedule=Cron(cron, timezone=timezone),
        parameters=deployment_parameters(config, db),
        concurrency_limit=1,            # the warehouse has a single writer
        job_variables={"env": dict(QUIET_PREFECT)},
        description="Nightly: configured folders and sources into the council-etl warehouse.",
        build=False, push=False, print_next_steps=False)
