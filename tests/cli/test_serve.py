"""`council-etl serve` against a real local Prefect server: the cron deployment is registered, and
triggering it runs the nightly flow into the warehouse. One server for the whole session."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.main import main as cli_main
from flows import prefect_env
from flows.prefect_server import free_port, is_healthy, local_prefect_server
from tests.conftest import REPO, corpus_file
from tests.pipeline.test_flow import SAMPLES, count_documents, write_config

prefect_env.configure()

DEPLOYMENT = "council-etl-nightly/nightly"
# Bounds on every wait, so a broken server or runner fails the test instead of hanging it.
DEPLOYMENT_WAIT_SECONDS = 90.0
FLOW_RUN_WAIT_SECONDS = 180.0
STOP_WAIT_SECONDS = 30.0
RUNNER_POLL_SECONDS = "1"      # the runner's default is 10 s between looks for due runs


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A real `prefect server start` (it schedules; the temporary server cannot)."""
    home = tmp_path_factory.mktemp("prefect-server")
    with local_prefect_server(home) as url:
        yield url
    assert not is_healthy(url), "the local Prefect server is still answering after stop"


@pytest.fixture
def prefect_api(prefect_server):
    from prefect.settings import PREFECT_API_URL, temporary_settings
    with temporary_settings(updates={PREFECT_API_URL: prefect_server}):
        yield prefect_server


@pytest.fixture(autouse=True)
def keep_environment():
    """serve configures Prefect through os.environ (PREFECT_HOME...); undo it after each test."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def stop(proc: subprocess.Popen) -> int:
    """Ctrl-C as a user would, then (bounded) a kill of the whole group."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=STOP_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=STOP_WAIT_SECONDS)
            pytest.fail("serve did not stop within "
                        f"{STOP_WAIT_SECONDS:.0f}s of Ctrl-C; it was killed")
    return proc.returncode


def wait_for_deployment(client, proc: subprocess.Popen, err: Path):
    from prefect.exceptions import ObjectNotFound
    deadline = time.monotonic() + DEPLOYMENT_WAIT_SECONDS
    while True:
        try:
            return client.read_deployment_by_name(DEPLOYMENT)
        except ObjectNotFound:
            pass
        if proc.poll() is not None:
            pytest.fail(f"serve exited with {proc.returncode}:\n{err.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"no deployment {DEPLOYMENT} after {DEPLOYMENT_WAIT_SECONDS:.0f}s")
        time.sleep(0.5)


@pytest.mark.prefect
def test_serve_registers_cron_and_triggered_run_loads_papers(tmp_path: Path, prefect_api: str):
    from prefect import get_client
    from prefect.deployments import run_deployment

    folder = tmp_path / "papers"
    folder.mkdir()
    for stem in SAMPLES:
        shutil.copy(corpus_file("text", stem), folder / f"{stem}.txt")
    cfg = write_config(tmp_path, ["papers"], '\n[schedule]\ncron = "15 3 * * 1-5"\n')
    env = {**os.environ, "PREFECT_API_URL": prefect_api,
           "PREFECT_RUNNER_POLL_FREQUENCY": RUNNER_POLL_SECONDS}
    env.pop("PREFECT_HOME", None)      # serve puts it beside the warehouse
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
    with open(out, "wb") as o, open(err, "wb") as e:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--config", str(cfg),
             "--timezone", "Europe/Paris"],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=o, stderr=e,
            start_new_session=True)
    try:
        with get_client(sync_client=True) as client:
            deployment = wait_for_deployment(client, proc, err)
            [sched] = deployment.schedules
            assert sched.active
            assert sched.schedule.cron == "15 3 * * 1-5"          # from [schedule] in the file
            assert sched.schedule.timezone == "Europe/Paris"      # the flag wins over the file
            assert deployment.parameters == {"config": str(cfg.resolve()),
                                             "db": str(tmp_path / "warehouse.duckdb")}

        run = run_deployment(DEPLOYMENT, timeout=FLOW_RUN_WAIT_SECONDS, poll_interval=1,
                             as_subflow=False)
        assert run.state is not None and run.state.is_completed(), (
            f"flow run ended {run.state}; serve stderr:\n{err.read_text()[-3000:]}")
        assert count_documents(tmp_path / "warehouse.duckdb") == 2
    finally:
        code = stop(proc)
    assert code == 0, err.read_text()[-3000:]
    assert "Traceback" not in err.read_text()
    assert "cron '15 3 * * 1-5' (Europe/Paris)" in out.read_text()
    assert (tmp_path / ".prefect").is_dir()     # PREFECT_HOME beside the warehouse


def test_serve_without_a_reachable_server_says_what_to_do(tmp_path, capsys):
    from prefect.settings import PREFECT_API_URL, temporary_settings
    cfg = write_config(tmp_path, ["papers"])
    dead = f"http://127.0.0.1:{free_port()}/api"
    with temporary_settings(updates={PREFECT_API_URL: dead}):
        assert cli_main(["serve", "--config", str(cfg)]) == 2
    assert f"no Prefect server answers at PREFECT_API_URL={dead}" in capsys.readouterr().err


@pytest.mark.parametrize("flags, message", [
    (["--cron", "every night"], "invalid cron 'every night'"),
    (["--timezone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
])
def test_serve_rejects_a_bad_schedule(tmp_path, capsys, flags, message):
    cfg = write_config(tmp_path, ["papers"])
    assert cli_main(["serve", "--config", str(cfg), *flags]) == 2
    assert message in capsys.readouterr().err


def test_serve_with_nothing_configured_says_what_to_add(tmp_path, capsys):
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text('[warehouse]\ndb = "w.duckdb"\n')
    assert cli_main(["serve", "--config", str(cfg)]) == 2
    assert "[run] folders" in capsys.readouterr().err


@pytest.mark.prefect
def test_the_nightly_flow_deploys_to_a_work_pool(tmp_path: Path, prefect_api: str):
    """For teams that run Prefect: a deployment on a process work pool, cron and one at a time."""
    from prefect import get_client
    from prefect.client.schemas.actions import WorkPoolCreate

    from flows.deploy import ENTRYPOINT, deploy_nightly
    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name="council-etl-test", type="process"),
                                overwrite=True)
        cfg = write_config(tmp_path, ["papers"])
        deploy_nightly("council-etl-test", config=str(cfg), cron="30 1 * * *",
                       name="nightly-pool")
        deployment = client.read_deployment_by_name("council-etl-nightly/nightly-pool")
    assert deployment.work_pool_name == "council-etl-test"
    assert deployment.entrypoint == ENTRYPOINT
    assert deployment.parameters == {"config": str(cfg), "db": None}
    [sched] = deployment.schedules
    assert sched.schedule.cron == "30 1 * * *" and sched.schedule.timezone == "Europe/London"
    limit = deployment.global_concurrency_limit      # one run at a time: a single writer
    assert limit is not None and limit.limit == 1


def test_prefect_yaml_deploys_the_nightly_flow():
    import yaml
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text())
    [deployment] = spec["deployments"]
    module, function = deployment["entrypoint"].split(":")
    assert (REPO / module).is_file() and function == "nightly"
    assert deployment["concurrency_limit"] == 1
    assert deployment["schedules"][0]["cron"] == "0 2 * * *"
