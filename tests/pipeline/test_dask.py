"""Scale-out: extraction tasks on a Dask cluster (prefect-dask) give the warehouse a local run
gives, row for row; one writer (this process) still loads every result."""
from __future__ import annotations

import shutil

import pytest

from flows import prefect_env
from pipeline.config import load_settings
from pipeline.discover import discover_inputs
from pipeline.runner import run_items

PAPERS = [("text", "coventry-cabinet-member-fostering-annual-report-2017-18.txt"),
          ("text", "southwark-fostering-annual-report-2016-17.txt"),
          ("pdf", "sefton-fostering-annual-report-2017-18.pdf")]


@pytest.mark.prefect
def test_a_dask_cluster_gives_the_same_warehouse_as_a_local_run(corpus_dir, tmp_path,
                                                               monkeypatch):
    from distributed import LocalCluster

    from flows.launch import run_with_prefect
    from tests.warehouse.test_warehouse import _snapshot
    papers = tmp_path / "papers"
    papers.mkdir()
    for kind, name in PAPERS:
        shutil.copy(corpus_dir / kind / name, papers / name)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / ".prefect"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    prefect_env.configure(tmp_path / ".prefect")
    items = discover_inputs([papers]).items

    # Both warehouses in one folder: they share the raw store, so raw_path is equal too.
    local = load_settings(db=str(tmp_path / "local.duckdb"))
    run_items(items, local, trigger="test")

    on_dask = load_settings(db=str(tmp_path / "dask.duckdb"))
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        on_dask.dask_address = cluster.scheduler_address
        summary = run_with_prefect(items, on_dask, trigger="test")
    assert summary["n_processed"] == len(PAPERS) and summary["statuses"] == {"ok": len(PAPERS)}
    assert _snapshot(on_dask.db) == _snapshot(local.db)
