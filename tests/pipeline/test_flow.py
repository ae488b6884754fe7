"""The nightly flow through Prefect (temporary server) on two sample papers, and its input rules."""
from __future__ import annotations

import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from flows import prefect_env
from pipeline.config import load_settings
from tests.conftest import corpus_file

prefect_env.configure()     # offline and quiet before prefect is imported below
from flows import nightly as nightly_mod  # noqa: E402

SAMPLES = ["coventry-cabinet-member-fostering-annual-report-2017-18",
           "sefton-fostering-annual-report-2017-18"]
# Task runs reach the server as events; allow them this long to be recorded.
TASK_RUNS_WAIT_SECONDS = 60.0
# A fresh temporary server migrates its database first; Prefect's 20 s default is too tight.
EPHEMERAL_STARTUP_SECONDS = 120


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory):
    """Prefect's temporary server with its own database, not ~/.prefect shared with other runs.
    (If another test in this process already started one, Prefect reuses it; that is fine.)"""
    from prefect.settings import (
        PREFECT_HOME,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )
    home = tmp_path_factory.mktemp("prefect-home")
    with temporary_settings(updates={PREFECT_HOME: str(home),
                                     PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS:
                                         EPHEMERAL_STARTUP_SECONDS}):
        yield home


def write_config(root: Path, folders: list[str], extra: str = "") -> Path:
    cfg = root / "council-etl.toml"
    cfg.write_text(f'[warehouse]\ndb = "warehouse.duckdb"\n\n[run]\nfolders = {folders!r}\n'
                   + extra)
    return cfg


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    """A folder holding copies of the two sample papers (links out of a folder are refused)."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for stem in SAMPLES:
        src = corpus_file("text", stem)
        shutil.copy(src, folder / src.name)
    return folder


def count_documents(db: Path) -> int:
    from warehouse.store import connect_read_only
    con = connect_read_only(db)
    try:
        row = con.execute("SELECT count(*) FROM documents").fetchone()
        assert row is not None
        return row[0]
    finally:
        con.close()


def task_runs_of(flow_run_id, expected: int) -> list:
    """Task runs of a flow run, polling (bounded) until `expected` are recorded and final."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    deadline = time.monotonic() + TASK_RUNS_WAIT_SECONDS
    with get_client(sync_client=True) as client:
        while True:
            runs = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
            final = [r for r in runs if r.state and r.state.is_final()]
            if len(final) >= expected or time.monotonic() > deadline:
                return runs
            time.sleep(0.5)


@pytest.mark.prefect
def test_nightly_flow_one_task_per_document_then_skips(tmp_path: Path, papers: Path,
                                                       prefect_home: Path):
    cfg = write_config(tmp_path, ["papers"])
    db = tmp_path / "warehouse.duckdb"

    state = nightly_mod.nightly(config=str(cfg), return_state=True)
    assert state.is_completed(), state
    first = state.result()
    assert first["n_found"] == 2 and first["n_processed"] == 2, first
    assert "failed" not in first["statuses"], first["failures"]
    assert first["fetch"] is None and first["missing_folders"] == []
    assert count_documents(db) == 2

    runs = task_runs_of(state.state_details.flow_run_id, expected=2)
    assert len(runs) == 2, [r.name for r in runs]
    assert all(r.state.is_completed() for r in runs)
    assert sorted(r.name for r in runs) == sorted(
        f"process {(papers / (s + '.txt')).resolve()}" for s in SAMPLES)

    state2 = nightly_mod.nightly(config=str(cfg), return_state=True)
    again = state2.result()
    assert again["n_processed"] == 0 and again["n_unchanged"] == 2, again
    assert task_runs_of(state2.state_details.flow_run_id, expected=0) == []
    assert count_documents(db) == 2

    from warehouse.store import connect_read_only
    con = connect_read_only(db)
    triggers = [r[0] for r in con.execute("SELECT trigger FROM runs").fetchall()]
    con.close()
    assert triggers == ["schedule", "schedule"]


def test_no_folders_and_no_sources_is_a_clear_error(tmp_path: Path):
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text('[warehouse]\ndb = "w.duckdb"\n')
    with pytest.raises(nightly_mod.NothingToProcess, match="no folders and no sources"):
        nightly_mod.check_inputs(load_settings(config=str(cfg)))


def test_fetch_failure_is_reported_and_local_folders_still_processed(tmp_path: Path):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a.txt").write_text("Foster carers: 12\n")
    cfg = write_config(tmp_path, ["papers", "gone"],
                       '\n[sources.demo]\nkind = "moderngov"\nbase_url = "https://example.org"\n')
    settings = load_settings(config=str(cfg))

    def broken_fetch(settings):
        raise ConnectionError("council site down")
    inputs = nightly_mod.collect_inputs(settings, fetch=broken_fetch)
    assert [Path(i.path).name for i in inputs.items] == ["a.txt"]
    assert inputs.missing_folders == [str(tmp_path / "gone")]
    assert inputs.fetch is not None
    assert inputs.fetch["ok"] is False and "council site down" in inputs.fetch["errors"][0]

    fetched = SimpleNamespace(path="/raw/x", source_key="https://example.org/x.pdf", source=None)
    report = SimpleNamespace(items=[fetched], errors=["[demo] committee 9: HTTP 500"],
                             downloaded=1)
    inputs = nightly_mod.collect_inputs(settings, fetch=lambda s: report)
    assert [i.source_key for i in inputs.items][-1] == "https://example.org/x.pdf"
    assert inputs.fetched == [fetched]
    assert inputs.fetch == dict(ok=False, downloaded=1, to_process=1,
                                errors=["[demo] committee 9: HTTP 500"])


@pytest.mark.prefect
def test_nightly_flow_processes_fetched_papers_beside_local_folders(
        tmp_path: Path, papers: Path, corpus_dir: Path, prefect_home: Path):
    from pipeline.sources import pending_items
    from tests.fake_moderngov import FakeModernGov, sample_councils
    with FakeModernGov(sample_councils(corpus_dir)) as fake:
        cfg = write_config(tmp_path, ["papers"], f"""
[fetch]
delay_seconds = 0.0
backoff_seconds = 0.0
retries = 0

[sources.coventry]
base_url = "{fake.base_url('/coventry')}"
committees = ["55"]
start_date = 2018-01-01
""")
        result = nightly_mod.nightly(config=str(cfg))
        assert result["fetch"] == dict(ok=True, downloaded=1, to_process=1, errors=[]), result
        assert result["n_found"] == 3 and result["n_processed"] == 3, result

        again = nightly_mod.nightly(config=str(cfg))
    assert again["fetch"]["downloaded"] == 0 and again["n_processed"] == 0, again
    settings = load_settings(config=str(cfg))
    assert pending_items(settings) == []          # loaded papers leave the pending list
    from warehouse.store import connect_read_only
    con = connect_read_only(settings.db)
    keys = [r[0] for r in con.execute("SELECT source_path FROM documents").fetchall()]
    con.close()
    assert len(keys) == 3 and any(k.endswith("/coventry/documents/s3001/Fostering.pdf")
                                  for k in keys), keys
