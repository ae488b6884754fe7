"""`council-etl export`: DuckDB reads the export back to the same rows; the data dictionary covers
every table and metric."""
from __future__ import annotations

import json

import duckdb
import pytest

from cli.main import main as cli
from tests.warehouse.test_analyst_compare import build_sample
from warehouse.export import PARTITION_COLUMN, analyst_tables
from warehouse.store import connect_read_only


@pytest.fixture
def db(tmp_path):
    db = build_sample(tmp_path / "w.duckdb")
    # the catalogue, as every run loads it, so the dictionary and metrics table have content
    from warehouse.reference import refresh_reference
    from warehouse.store import Writer
    with Writer(db) as w:
        refresh_reference(w.con)
    return db


def _same_rows(con, original: str, readback: str) -> None:
    a_minus_b = con.execute(f"SELECT count(*) FROM (FROM {original} EXCEPT ALL FROM {readback})").fetchone()[0]
    b_minus_a = con.execute(f"SELECT count(*) FROM (FROM {readback} EXCEPT ALL FROM {original})").fetchone()[0]
    assert (a_minus_b, b_minus_a) == (0, 0), original


def test_parquet_round_trip_partitioned_by_authority(db, tmp_path, capsys):
    out = tmp_path / "export"
    assert cli(["export", "--format", "parquet", "--out", str(out), "--db", str(db)]) == 0
    con = connect_read_only(db)
    try:
        tables = analyst_tables(con)
        names = {t for t, _ in tables}
        assert {"metric_values", "metric_conflicts", "compare", "metric_reconciliation",
                "reference_values", "metric_observations", "documents", "metrics"} <= names
        assert not names & {"schema_migrations", "metric_preference", "metric_candidates"}
        for table, _kind in tables:
            folder = out / table
            if folder.is_dir():
                readback = (f"(SELECT * EXCLUDE ({PARTITION_COLUMN}) FROM read_parquet("
                            f"'{folder}/**/*.parquet', hive_partitioning = true))")
            else:
                readback = f"read_parquet('{out / (table + '.parquet')}')"
            _same_rows(con, f'"{table}"', readback)
        parts = sorted(p.name for p in (out / "metric_values").iterdir())
        assert parts == [f"{PARTITION_COLUMN}=E08000014", f"{PARTITION_COLUMN}=E08000026",
                         f"{PARTITION_COLUMN}=E09000028"]
        # a second export replaces the first rather than adding files
        assert cli(["export", "--format", "parquet", "--out", str(out), "--db", str(db)]) == 0
        _same_rows(con, "metric_values", f"(SELECT * EXCLUDE ({PARTITION_COLUMN}) FROM read_parquet("
                   f"'{out / 'metric_values'}/**/*.parquet', hive_partitioning = true))")
    finally:
        con.close()


def test_csv_export_has_every_table_with_header_and_rows(db, tmp_path):
    out = tmp_path / "csv"
    assert cli(["export", "--format", "csv", "--out", str(out), "--db", str(db)]) == 0
    con, mem = connect_read_only(db), duckdb.connect()
    try:
        for table, _ in analyst_tables(con):
            n = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            # The quote named: DuckDB's sniffer takes "'" for the quote when a list holds a
            # quoted element ("[looked after rate, 'rate per 10,000', ...]" in metrics).
            back = mem.execute(f"SELECT count(*) FROM read_csv('{out / (table + '.csv')}', "
                               "header = true, quote = '\"', escape = '\"')")
            assert back.fetchone()[0] == n, table
        mv = mem.execute(f"SELECT authority, value, page FROM read_csv('{out / 'metric_values.csv'}') "
                         "ORDER BY ALL").fetchall()
        assert mv == [("Coventry", 725.0, 2), ("Sefton", 114.5, 4), ("Sefton", 620.0, 4),
                      ("Southwark", 421.0, 7)]
    finally:
        con.close()
        mem.close()


def test_data_dictionary_from_schema_and_catalogue(db, tmp_path):
    out = tmp_path / "export"
    assert cli(["export", "--format", "parquet", "--out", str(out), "--db", str(db)]) == 0
    d = json.loads((out / "data_dictionary.json").read_text())
    tables = {t["name"]: t for t in d["tables"]}
    mv = tables["metric_values"]
    assert mv["kind"] == "view" and mv["partitioned_by"] == PARTITION_COLUMN and mv["rows"] == 4
    assert "preferred" in mv["description"].lower()
    cols = {c["name"]: c for c in mv["columns"]}
    assert cols["has_conflict"]["description"] and cols["value"]["type"] == "DOUBLE"
    obs_cols = {c["name"]: c["description"] for c in tables["metric_observations"]["columns"]}
    assert obs_cols["value_kind"].startswith("actual | target")
    assert any(m["metric"] == "cla_count" and m["label"] for m in d["metrics"])
    md = (out / "data_dictionary.md").read_text()
    assert "## metric_values (view" in md and "| cla_count |" in md and "## reference_values" in md
