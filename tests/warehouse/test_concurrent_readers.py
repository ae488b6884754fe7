"""Reading while the nightly run writes: an analyst's open read-only connection never blocks a run,
never sees a half-loaded warehouse, and sees the new data once it reconnects."""
from __future__ import annotations

import subprocess
import sys

import pytest

from core.model import InputItem
from pipeline.config import Settings
from pipeline.runner import local_processor, run_items
from warehouse.store import connect_read_only

PAPERS = ("coventry-cabinet-member-fostering-annual-report-2017-18.txt",
          "southwark-fostering-annual-report-2016-17.txt")
COUNT_SQL = "SELECT count(*) FROM documents"


def items(corpus_dir, *names):
    return [InputItem(path=str(corpus_dir / "text" / n), source_key=str(corpus_dir / "text" / n))
            for n in names]


def n_docs(con) -> int:
    return con.execute(COUNT_SQL).fetchone()[0]


def test_open_reader_does_not_block_a_run_and_sees_new_data_after_reconnect(corpus_dir, tmp_path):
    settings = Settings(db=tmp_path / "w.duckdb")
    run_items(items(corpus_dir, PAPERS[0]), settings, trigger="test")
    reader = connect_read_only(settings.db)
    try:
        assert n_docs(reader) == 1
        before = reader.execute("SELECT count(*) FROM metric_values").fetchone()[0]
        summary = run_items(items(corpus_dir, *PAPERS), settings, trigger="test")   # must not fail
        assert summary.n_processed == 1 and summary.n_unchanged == 1
        # the open connection keeps its snapshot: consistent, never half-loaded
        assert n_docs(reader) == 1
        assert reader.execute("SELECT count(*) FROM metric_values").fetchone()[0] == before
    finally:
        reader.close()
    fresh = connect_read_only(settings.db)
    try:
        assert n_docs(fresh) == 2
        assert fresh.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    finally:
        fresh.close()


def test_reader_in_another_process_while_run_and_reference_load_write(corpus_dir, reference_dir,
                                                                      tmp_path):
    """A separate analyst process (as in real life) holds a connection across a run and a
    reference load; a new process afterwards sees both."""
    from cli.main import main as cli
    settings = Settings(db=tmp_path / "w.duckdb")
    run_items(items(corpus_dir, PAPERS[0]), settings, trigger="test")
    script = ("import sys, duckdb\n"
              "con = duckdb.connect(sys.argv[1], read_only=True)\n"
              "print(con.execute('SELECT count(*) FROM documents').fetchone()[0], flush=True)\n"
              "sys.stdin.readline()\n"
              "print(con.execute('SELECT count(*) FROM documents').fetchone()[0], flush=True)\n")
    analyst = subprocess.Popen([sys.executable, "-c", script, str(settings.db)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "1"
        run_items(items(corpus_dir, *PAPERS), settings, trigger="test")
        assert cli(["reference", "load", str(reference_dir), "--db", str(settings.db)]) == 0
        out, _ = analyst.communicate("\n", timeout=60)
        assert out.strip() == "1"          # its snapshot, still readable
    finally:
        if analyst.poll() is None:
            analyst.kill()
    check = subprocess.run(
        [sys.executable, "-c", "import sys, duckdb; con = duckdb.connect(sys.argv[1], read_only=True);"
         "print(con.execute('SELECT count(*) FROM documents').fetchone()[0],"
         " con.execute('SELECT count(*) FROM reference_values').fetchone()[0] > 0)", str(settings.db)],
        capture_output=True, text=True, timeout=60)
    assert check.stdout.split() == ["2", "True"], check.stderr


def test_reader_opened_mid_run_sees_the_last_published_state(corpus_dir, tmp_path):
    """While documents are being loaded, a reader sees the state before the run (or the last
    publish), never a partial one."""
    settings = Settings(db=tmp_path / "w.duckdb")
    run_items(items(corpus_dir, PAPERS[0]), settings, trigger="test")
    seen = []
    inner = local_processor(str(settings.raw_store_dir))

    def processor(jobs):
        for job, result in inner(jobs):
            con = connect_read_only(settings.db)
            try:
                seen.append((n_docs(con), con.execute(
                    "SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0]))
            finally:
                con.close()
            yield job, result

    run_items(items(corpus_dir, *PAPERS), settings, trigger="test", processor=processor)
    assert seen == [(1, 0)]


@pytest.mark.parametrize("command", ["compare", "report", "export"])
def test_analyst_commands_only_read(corpus_dir, tmp_path, command):
    """The analyst commands use read-only connections, so they can run during a nightly load."""
    from cli.main import main as cli
    settings = Settings(db=tmp_path / "w.duckdb")
    run_items(items(corpus_dir, PAPERS[0]), settings, trigger="test")
    holder = connect_read_only(settings.db)      # another analyst is connected
    try:
        args = {"compare": ["compare", "--metric", "cla_count", "--authorities", "Coventry"],
                "report": ["report", "--out", str(tmp_path / "r.html")],
                "export": ["export", "--out", str(tmp_path / "x")]}[command]
        assert cli(args + ["--db", str(settings.db)]) == 0
        run_items(items(corpus_dir, *PAPERS), settings, trigger="test")
    finally:
        holder.close()


def test_reconnect_in_same_process_while_old_connection_open_sees_new_data(corpus_dir, tmp_path):
    """A notebook keeps an old connection and opens a new one: the new one sees the new data
    (duckdb.connect would hand back the cached old instance; connect_read_only attaches)."""
    settings = Settings(db=tmp_path / "w.duckdb")
    run_items(items(corpus_dir, PAPERS[0]), settings, trigger="test")
    old = connect_read_only(settings.db)
    try:
        run_items(items(corpus_dir, *PAPERS), settings, trigger="test")
        new = connect_read_only(settings.db)
        try:
            assert n_docs(new) == 2
        finally:
            new.close()
    finally:
        old.close()
