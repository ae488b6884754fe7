"""`council-etl run` inputs: fetched papers go through the same Prefect flow with their
provenance; local papers can be given a council; file names cannot forge log lines."""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from cli.commands.run import ProgressPrinter
from cli.main import main
from pipeline.sources import pending_items
from tests.cli.test_fetch_cli import SCRUTINY, fake, warehouse_rows, write_config  # noqa: F401


@pytest.mark.prefect
def test_run_fetched_goes_through_the_flow_and_keeps_provenance(tmp_path, fake, monkeypatch,  # noqa: F811
                                                                 capsys):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / ".prefect"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    cfg = write_config(tmp_path, fake.base_url("/sefton"))
    db = tmp_path / "wh" / "warehouse.duckdb"
    assert main(["fetch", "--config", str(cfg), "--since", "2017-09-01", "--download-only"]) == 0

    from flows import run_flow
    flow_runs = []
    real = run_flow.run_flow

    def spy(items, settings, **kw):
        flow_runs.append([i.source_key for i in items])
        return real(items, settings, **kw)
    monkeypatch.setattr(run_flow, "run_flow", spy)
    assert main(["run", "--fetched", "--config", str(cfg)]) == 0

    assert len(flow_runs) == 1 and flow_runs[0][0].endswith("/documents/s2001/Fostering.pdf")
    (row,) = warehouse_rows(db)
    _, name, committee, cid, mid, mdate, number, title, status = row
    assert (name, committee, cid, mid, mdate) == ("sefton", SCRUTINY, "101", "2001",
                                                  date(2017, 9, 26))
    assert (number, title) == ("8", "Fostering Service Annual Report 2017/18")
    assert pending_items(type("S", (), {"db": db})()) == []


def test_an_unknown_council_is_refused_before_any_work(tmp_path, corpus_dir, capsys):
    db = tmp_path / "w.duckdb"
    code = main(["run", str(corpus_dir / "text"), "--db", str(db), "--authority", "Narnia",
                 "--no-prefect"])
    assert code == 2
    assert "unknown council 'Narnia'" in capsys.readouterr().err
    assert not db.exists()


def test_a_known_council_is_accepted(tmp_path, corpus_dir, capsys):
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(corpus_dir / "text" / "coventry-cabinet-member-fostering-annual-report-2017-18.txt",
                papers)
    assert main(["run", str(papers), "--db", str(tmp_path / "w.duckdb"), "--authority",
                 "Coventry", "--no-prefect"]) == 0
    assert "1 processed" in capsys.readouterr().out


def test_control_characters_in_names_are_escaped_in_log_lines(tmp_path):
    log = tmp_path / "log.txt"
    with open(log, "w") as stream:
        progress = ProgressPrinter(stream)
        progress(1, 2, "/papers/a\nprocessed 2/2: /papers/forged.txt (failures so far: 0)", 0)
    lines = log.read_text().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("processed 1/2: /papers/a\\nprocessed 2/2")
