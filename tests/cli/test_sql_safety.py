"""`council-etl sql` on hostile use: rows streamed in batches, Ctrl-C and a closed pipe end it
quietly with 130 and 141, and no query reads a file (the warehouse's own included)."""
from __future__ import annotations

import io
import signal
import subprocess
import sys

import pytest

from cli import main as cli
from cli.commands import sql
from cli.output import format_rows
from tests.conftest import REPO
from warehouse.store import Writer


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    db = tmp_path_factory.mktemp("sql") / "w.duckdb"
    with Writer(db):
        pass        # the schema, no documents: the queries below need only the connection
    return db


def run_sql(db, query: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "sql", query, "--db", str(db), *extra],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_rows_are_written_batch_by_batch_not_gathered_first():
    out = io.StringIO()
    printed_before_second_batch = []

    def batches():
        yield [(1, "a"), (2, "b")]
        printed_before_second_batch.append(out.getvalue())
        yield [(3, "c")]

    for fmt, writer in sql.WRITERS.items():
        out.seek(0)
        out.truncate()
        printed_before_second_batch.clear()
        writer(out, ["n", "s"], batches())
        assert "2" in printed_before_second_batch[0], fmt
        assert out.getvalue() == format_rows(["n", "s"], [(1, "a"), (2, "b"), (3, "c")], fmt) + "\n"


def test_many_rows_come_out_in_batches(warehouse, capsys, monkeypatch):
    monkeypatch.setattr(sql, "BATCH_ROWS", 7)
    assert cli.main(["sql", "select range as n from range(50)", "--db", str(warehouse),
                     "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["n"] + [str(i) for i in range(50)]


@pytest.mark.parametrize("query", [
    "select * from read_blob('{db}')",
    "select content from read_text('{db}')",
    "select * from read_text('/etc/passwd')",
    "select * from '{db}'",
    "select * from query('select * from read_blob(''{db}'')')",
    "with w as (select * from read_blob('{db}')) select count(*) from w",
    "select 1; select * from read_blob('{db}')",
    "create macro m(p) as table select * from read_blob(p)",
    "attach '{db}' as again",
    "copy (select 1) to '{db}.csv'",
])
def test_no_query_reads_the_warehouse_file_or_any_other(warehouse, capsys, query):
    assert cli.main(["sql", query.format(db=warehouse), "--db", str(warehouse)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert err.startswith("council-etl sql: ") and "\n" not in err
    assert not (warehouse.parent / "w.duckdb.csv").exists()


def test_catalogue_queries_still_work(warehouse, capsys):
    for query in ("show tables", "describe documents", "select count(*) from documents",
                  "select * from duckdb_tables() limit 1", "from range(3)"):
        assert cli.main(["sql", query, "--db", str(warehouse)]) == 0, query
    assert "documents" in capsys.readouterr().out


def test_a_reader_closing_the_pipe_ends_it_quietly(warehouse):
    proc = run_sql(warehouse, "select range as n, 'row ' || range as label from range(10000000)",
                   "--format", "csv")
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"n,label\n"
    proc.stdout.close()             # what `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == sql.EXIT_PIPE_CLOSED
    assert err == b""


def test_ctrl_c_exits_130_with_one_line(warehouse):
    proc = run_sql(warehouse, "select range as n from range(1000000000000)", "--format", "csv")
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"n\n"      # the query is running and streaming
    proc.send_signal(signal.SIGINT)
    proc.stdout.read()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == sql.EXIT_INTERRUPTED
    assert err == "council-etl sql: interrupted\n"
