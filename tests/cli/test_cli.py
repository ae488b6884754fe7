"""The CLI: every command documented and exampled; run/sql/status work end to end in-process."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from cli import main as cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> dict:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return dict(sub.choices)


def test_every_command_is_documented_in_the_readme():
    missing = [name for name in _commands() if f"council-etl {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_command_has_help_with_an_example():
    for name, parser in _commands().items():
        assert parser.description, name
        assert re.search(r"example", parser.epilog or "", re.I), f"{name} --help has no example"
        assert f"council-etl {name}" in parser.epilog, name


@pytest.fixture(scope="module")
def warehouse(corpus_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    papers = root / "papers"
    papers.mkdir()
    shutil.copy(corpus_dir / "text" / "coventry-cabinet-member-fostering-annual-report-2017-18.txt", papers)
    db = root / "w.duckdb"
    assert cli.main(["run", str(papers), "--db", str(db), "--no-prefect"]) == 0
    return db


def test_run_prints_a_summary_and_where_the_file_is(warehouse, corpus_dir, capsys, tmp_path):
    db = tmp_path / "again.duckdb"
    path = corpus_dir / "text" / "coventry-cabinet-member-fostering-annual-report-2017-18.txt"
    assert cli.main(["run", str(path), "--db", str(db), "--no-prefect"]) == 0
    out = capsys.readouterr().out
    assert "1 processed" in out and "observations" in out and "actions" in out
    assert f"warehouse: {db}" in out


def test_sql_formats_and_is_read_only(warehouse, capsys):
    assert cli.main(["sql", "select count(*) as n from documents", "--db", str(warehouse),
                     "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 1}]
    assert cli.main(["sql", "delete from documents", "--db", str(warehouse)]) == 1
    assert "read-only" in capsys.readouterr().err.lower()
    outside = warehouse.parent / "copied.csv"
    assert cli.main(["sql", f"copy documents to '{outside}'", "--db", str(warehouse)]) == 1
    assert cli.main(["sql", "select * from read_csv('/etc/hostname')", "--db", str(warehouse)]) == 1
    capsys.readouterr()
    assert not outside.exists()
    assert cli.main(["sql", "select count(*) from documents", "--db", str(warehouse),
                     "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["count_star()", "1"]


def test_status_shows_documents_runs_and_failures(warehouse, capsys):
    assert cli.main(["status", "--db", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "Documents by status" in out and "Last runs" in out and "Recent failures" in out
    assert re.search(r"^ok\s+1$", out, re.M)


def test_missing_warehouse_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["status", "--db", str(tmp_path / "nope.duckdb")]) == 2
    assert "council-etl run" in capsys.readouterr().err


@pytest.mark.prefect
def test_run_through_prefect_gives_the_same_warehouse_as_without(corpus_dir, tmp_path, capsys,
                                                                monkeypatch):
    """The default path (`make run`): a Prefect flow with one task per document."""
    from tests.warehouse.test_warehouse import _snapshot
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / ".prefect"))   # run would set it for good
    papers = tmp_path / "papers"
    papers.mkdir()
    for name in ("coventry-cabinet-member-fostering-annual-report-2017-18.txt",
                 "southwark-fostering-annual-report-2016-17.txt"):
        shutil.copy(corpus_dir / "text" / name, papers)
    assert cli.main(["run", str(papers), "--db", str(tmp_path / "flow.duckdb"), "--workers", "2"]) == 0
    assert "2 processed" in capsys.readouterr().out
    assert cli.main(["run", str(papers), "--db", str(tmp_path / "plain.duckdb"), "--no-prefect"]) == 0
    assert _snapshot(tmp_path / "flow.duckdb") == _snapshot(tmp_path / "plain.duckdb")


def test_status_calls_a_run_killed_outright_interrupted(warehouse, capsys):
    from warehouse.store import Writer
    with Writer(warehouse) as w:          # as if a run had published, then been killed
        w.con.execute("INSERT INTO runs (run_id, started_at, status) "
                      "VALUES ('killed', now(), 'running')")
    assert cli.main(["status", "--db", str(warehouse)]) == 0
    assert re.search(r"^killed .* interrupted", capsys.readouterr().out, re.M)
    with Writer(warehouse) as w:
        w.con.execute("DELETE FROM runs WHERE run_id = 'killed'")
