"""Results are loaded as documents finish, not in the order they were submitted: one slow
document does not hold back the others (local workers and the Prefect flow alike)."""
from __future__ import annotations

import shutil

import pytest

from pipeline.config import load_settings
from pipeline.discover import discover_inputs
from pipeline.runner import run_items

SLOW = ("pdf", "sefton-childrens-scrutiny-agenda-2017-09-26.pdf")       # dozens of pages
QUICK = [("text", "coventry-cabinet-member-fostering-annual-report-2017-18.txt"),
         ("text", "southwark-fostering-annual-report-2016-17.txt")]


@pytest.fixture
def papers(corpus_dir, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    # Named so the slow one sorts (and is submitted) first.
    for n, (kind, name) in enumerate([SLOW, *QUICK]):
        shutil.copy(corpus_dir / kind / name, folder / f"{n}-{name}")
    return folder


def loading_order(run) -> list[str]:
    seen: list[str] = []
    run(lambda done, total, current, failures: current and seen.append(current))
    return seen


def test_local_workers_load_in_completion_order(papers, tmp_path):
    settings = load_settings(db=str(tmp_path / "w.duckdb"), workers=2)
    items = discover_inputs([papers]).items
    order = loading_order(lambda progress: run_items(items, settings, progress=progress))
    assert len(order) == 3 and order[-1].endswith(SLOW[1]), order


@pytest.mark.prefect
def test_the_prefect_flow_loads_in_completion_order(papers, tmp_path, monkeypatch):
    from flows import prefect_env
    from flows.launch import run_with_prefect
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / ".prefect"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    prefect_env.configure(tmp_path / ".prefect")
    settings = load_settings(db=str(tmp_path / "w.duckdb"), workers=2)
    items = discover_inputs([papers]).items
    # No plan from the caller: the launcher plans, feeds the workers and the flow collects.
    order = loading_order(lambda progress: run_with_prefect(items, settings, progress=progress))
    assert len(order) == 3 and order[-1].endswith(SLOW[1]), order
