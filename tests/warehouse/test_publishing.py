"""Publishing copies only the small catalogue: each document's rows live in immutable Parquet files
beside it, named by the snapshot that reads them and deleted only when no reader needs them."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from core.errors import PipelineError, WarehouseBusy
from tests.warehouse.test_analyst_values import COVENTRY, SEFTON, doc, make_warehouse, obs
from warehouse import parts
from warehouse.load import _delete_children
from warehouse.store import WarehouseUnreadable, Writer, check_no_writer, connect_read_only

MARCH_2023 = date(2023, 3, 31)
REPO = Path(__file__).resolve().parents[2]
READER = ("import sys\n"
          "from warehouse.store import connect_read_only\n"
          "con = connect_read_only(sys.argv[1])\n"
          "total = 'SELECT sum(value) FROM metric_observations'\n"
          "print(con.execute(total).fetchone()[0], flush=True)\n"
          "sys.stdin.readline()\n"
          "print(con.execute(total).fetchone()[0], flush=True)\n")


def files_on_disk(db: Path, tables=tuple(parts.TABLES)) -> dict[str, float]:
    """The files of the documents' tables (metric_values' own files: test_preferred_values_kept)."""
    root = parts.parts_root(db)
    return {f.relative_to(root).as_posix(): f.stat().st_mtime_ns
            for table in tables for f in (root / table).glob("part=*/*.parquet")}


def count(db: Path, sql: str) -> int:
    con = connect_read_only(db)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def replace_document(w: Writer, document_id: str, rows: list[dict]) -> None:
    """What load_result does for a document loaded again: forget its rows, stage the new ones."""
    _delete_children(w.con, document_id)
    for r in rows:
        w.con.execute("INSERT INTO staged_metric_observations BY NAME SELECT * FROM "
                      "(SELECT ? AS observation_id, ? AS document_id, ? AS authority_code, "
                      "? AS metric, 'actual' AS value_kind, 'as_at' AS period_type, "
                      "? AS period_start, ? AS period_end, ? AS value, 'count' AS unit, "
                      "'table' AS extractor)",
                      [r["observation_id"], r["document_id"], r["authority_code"], r["metric"],
                       r["period_end"], r["period_end"], r["value"]])


@pytest.fixture()
def warehouse(tmp_path) -> Path:
    return make_warehouse(
        tmp_path / "w.duckdb",
        documents=[doc("dS", SEFTON, MARCH_2023), doc("dC", COVENTRY, MARCH_2023)],
        observations=[obs("dS-o1", "dS", SEFTON, "cla_count", 600, MARCH_2023),
                      obs("dC-o1", "dC", COVENTRY, "cla_count", 700, MARCH_2023)])


def test_rows_are_published_as_parquet_partitioned_by_authority(warehouse):
    on_disk = files_on_disk(warehouse)
    assert {Path(f).parent.name for f in on_disk} == {f"part={COVENTRY}", f"part={SEFTON}"}
    assert count(warehouse, "SELECT count(*) FROM staged_metric_observations") == 0
    assert count(warehouse, "SELECT count(*) FROM metric_observations") == 2
    assert count(warehouse, f"SELECT value FROM metric_values WHERE authority_code = '{SEFTON}'") == 600


def test_a_run_that_changes_nothing_rewrites_no_parquet_file(warehouse):
    before = files_on_disk(warehouse)
    with Writer(warehouse) as w:
        w.con.execute("INSERT INTO runs (run_id, started_at, status) VALUES ('r', now(), 'ok')")
    assert files_on_disk(warehouse) == before
    assert count(warehouse, "SELECT count(*) FROM runs") == 1


def test_a_query_for_one_council_opens_only_its_files(warehouse):
    con = connect_read_only(warehouse)
    try:
        plan = "\n".join(r[1] for r in con.execute(
            f"EXPLAIN ANALYZE SELECT * FROM metric_values WHERE authority_code = '{SEFTON}'"
        ).fetchall())
    finally:
        con.close()
    assert "Scanning Files: 1/2" in plan


def test_a_reader_keeps_its_snapshot_and_its_files_until_it_closes(warehouse, monkeypatch):
    """The analyst is another process (a reader in the writer's own process is protected by the
    grace period only: see parts.GRACE_SECONDS)."""
    monkeypatch.setattr(parts, "GRACE_SECONDS", 0.0)
    analyst = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse)], cwd=REPO,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "1300.0"
        old_files = set(files_on_disk(warehouse))
        with Writer(warehouse) as w:
            replace_document(w, "dS", [dict(observation_id="dS-o1", document_id="dS",
                                            authority_code=SEFTON, metric="cla_count",
                                            period_end=MARCH_2023, value=601.0)])
        with Writer(warehouse):
            pass                    # a later run sweeps: the analyst still needs the old file
        assert old_files <= set(files_on_disk(warehouse))
        out, _ = analyst.communicate("\n", timeout=60)
        assert out.strip() == "1300.0"          # its snapshot, whole
    finally:
        if analyst.poll() is None:
            analyst.kill()
    with Writer(warehouse):
        pass                        # nobody holds the old snapshot now
    assert count(warehouse, "SELECT sum(value) FROM metric_observations") == 1301
    left = set(files_on_disk(warehouse))
    assert (old_files - left) and len(left) == 2


def test_a_removed_document_leaves_no_rows_and_no_empty_file(warehouse, monkeypatch):
    monkeypatch.setattr(parts, "GRACE_SECONDS", 0.0)
    with Writer(warehouse) as w:
        _delete_children(w.con, "dC")
        w.con.execute("DELETE FROM documents WHERE document_id = 'dC'")
    with Writer(warehouse):
        pass
    assert count(warehouse, "SELECT count(*) FROM metric_observations WHERE document_id = 'dC'") == 0
    assert [Path(f).parent.name for f in files_on_disk(warehouse)] == [f"part={SEFTON}"]
    assert [Path(f).parent.name for f in files_on_disk(warehouse, ("metric_values",))] == [
        f"part={SEFTON}"]


def test_files_of_a_run_that_never_published_are_swept(warehouse):
    stray = parts.parts_root(warehouse) / "blocks" / "part=_" / "g99999999-crashed.parquet"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"half written")
    Path(str(warehouse) + ".next").write_bytes(b"its staging copy, left behind")
    with Writer(warehouse):
        pass
    assert not stray.exists()


def test_many_small_publishes_are_merged_into_few_files(warehouse):
    for n in range(20):
        with Writer(warehouse) as w:
            replace_document(w, f"dS{n}", [dict(observation_id=f"dS{n}-o1", document_id=f"dS{n}",
                                                 authority_code=SEFTON, metric="cla_count",
                                                 period_end=MARCH_2023, value=float(n))])
    con = connect_read_only(warehouse)
    try:
        sefton = con.execute("SELECT count(*) FROM parquet_files WHERE table_name = "
                             "'metric_observations' AND part = ?", [SEFTON]).fetchone()[0]
    finally:
        con.close()
    assert sefton < parts.MERGE_AT * 2          # what a reader opens, not what awaits deletion
    assert count(warehouse, f"SELECT count(*) FROM metric_observations "
                            f"WHERE authority_code = '{SEFTON}'") == 21


def test_the_sql_sandbox_reads_the_tables_but_not_other_files(warehouse, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    con = connect_read_only(warehouse, sandboxed=True)
    try:
        assert con.execute("SELECT count(*) FROM metric_observations").fetchone()[0] == 2
        with pytest.raises(duckdb.Error):
            con.execute(f"SELECT * FROM read_csv('{secret}')").fetchall()
    finally:
        con.close()


def test_a_moved_warehouse_is_re_pointed_by_the_next_writer(warehouse, tmp_path):
    moved = tmp_path / "moved" / "w.duckdb"
    moved.parent.mkdir()
    warehouse.rename(moved)
    parts.parts_root(warehouse).rename(parts.parts_root(moved))
    with Writer(moved):
        pass
    assert count(moved, "SELECT count(*) FROM metric_observations") == 2
    assert count(moved, "SELECT count(*) FROM metric_values") == 2


@pytest.mark.parametrize("content", [b"hello", b"not a database at all" * 1000])
def test_a_damaged_warehouse_is_named_with_what_to_do(tmp_path, content):
    db = tmp_path / "w.duckdb"
    db.write_bytes(content)
    for opening in (lambda: connect_read_only(db), lambda: Writer(db).__enter__()):
        with pytest.raises(WarehouseUnreadable) as err:
            opening()
        assert isinstance(err.value, PipelineError)
        assert str(db) in err.value.message and "raw store" in err.value.message
    assert not Path(str(db) + ".next").exists()


def test_a_second_writer_is_refused_before_any_work(tmp_path):
    db = tmp_path / "w.duckdb"
    check_no_writer(db)                     # nobody writing: fine
    with Writer(db):
        with pytest.raises(WarehouseBusy, match="another run is writing"):
            check_no_writer(db)
