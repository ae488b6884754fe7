"""Analyst queries on a synthetic warehouse of about one million observations.

`run_analyst_bench(tmpdir)` builds the warehouse with DuckDB SQL (generate_series, no Python
loops) through the real migrations, then times the queries an analyst runs: compare for three
authorities, metric_values and metric_conflicts. Called by bench/run.py; also runnable alone:

    .venv/bin/python -m bench.analyst
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import duckdb

N_AUTHORITIES = 150
N_YEARS = 10
N_METRICS = 42
N_SOURCES = 16                  # documents restating each figure: 150*10*42*16 = 1,008,000 rows
FIRST_YEAR = 2015
CONFLICT_EVERY = 7              # every 7th source states a different value, so conflicts exist
REPEATS = 5                     # timed runs per query after one warm-up; the median is reported
TARGET_MS = 200.0


def build(db: Path) -> dict:
    from warehouse.store import Writer
    t = time.perf_counter()
    with Writer(db) as w:
        con = w.con
        assert con is not None
        con.execute(f"""
            INSERT INTO authorities (gss_code, name)
            SELECT 'E' || lpad(a::VARCHAR, 8, '0'), 'Authority ' || a
            FROM generate_series(1, {N_AUTHORITIES}) t(a)""")
        con.execute(f"""
            INSERT INTO metrics (metric, label, unit, period_kind)
            SELECT CASE m WHEN 0 THEN 'cla_count' ELSE 'metric_' || m END, 'Metric ' || m, 'count', 'stock'
            FROM generate_series(0, {N_METRICS - 1}) t(m)""")
        con.execute(f"""
            INSERT INTO documents BY NAME
            SELECT 'd' || a || '-' || y || '-' || s AS document_id, md5(a || '-' || y || '-' || s) AS sha256,
                   '/synthetic/' || a || '/' || y || '/' || s || '.pdf' AS source_path, 'pdf' AS format,
                   'Report ' || y || ' #' || s AS title, 'Authority ' || a AS authority,
                   'E' || lpad(a::VARCHAR, 8, '0') AS authority_code, 'annual_report' AS doc_type,
                   -- source 0 is the year's own report; the others restate it later
                   make_date((y + (s > 0)::INT)::INT, 3, 31) AS period_end,
                   make_date(y + (s > 0)::INT, 6, 1) + s::INT AS meeting_date, 'ok' AS status,
                   'bench' AS extractor_version, now() AS ingested_at, now() AS processed_at
            FROM generate_series(1, {N_AUTHORITIES}) ta(a),
                 generate_series({FIRST_YEAR}, {FIRST_YEAR + N_YEARS - 1}) ty(y),
                 generate_series(0, {N_SOURCES - 1}) ts(s)""")
        con.execute(f"""
            INSERT INTO staged_metric_observations BY NAME
            SELECT 'd' || a || '-' || y || '-' || s || '-o' || m AS observation_id,
                   'd' || a || '-' || y || '-' || s AS document_id,
                   'Authority ' || a AS authority, 'E' || lpad(a::VARCHAR, 8, '0') AS authority_code,
                   CASE m WHEN 0 THEN 'cla_count' ELSE 'metric_' || m END AS metric,
                   'label' AS label_raw, 'actual' AS value_kind, 'as_at' AS period_type,
                   make_date(y, 3, 31) AS period_start, make_date(y, 3, 31) AS period_end,
                   (a * 7 + m * 13 + y) % 900 + 10 + (s % {CONFLICT_EVERY} = 3)::INT AS value,
                   'count' AS unit, 1 + s % 30 AS page, 'synthetic evidence' AS evidence,
                   CASE WHEN s % 2 = 0 THEN 'table' ELSE 'prose' END AS extractor,
                   0.5 + (hash(a, m, s) % 50) / 100.0 AS confidence
            FROM generate_series(1, {N_AUTHORITIES}) ta(a),
                 generate_series({FIRST_YEAR}, {FIRST_YEAR + N_YEARS - 1}) ty(y),
                 generate_series(0, {N_METRICS - 1}) tm(m),
                 generate_series(0, {N_SOURCES - 1}) ts(s)""")
        con.execute(f"""
            INSERT INTO reference_population BY NAME
            SELECT 'synthetic' AS source_file, 'Local authority' AS geographic_level,
                   'Authority ' || a AS authority, 'E' || lpad(a::VARCHAR, 8, '0') AS authority_code,
                   y AS year, 40000 + a * 100 AS population_0_17, now() AS loaded_at
            FROM generate_series(1, {N_AUTHORITIES}) ta(a),
                 generate_series({FIRST_YEAR - 1}, {FIRST_YEAR + N_YEARS}) ty(y)""")
        con.execute(f"""
            INSERT INTO reference_values BY NAME
            SELECT 'synthetic' AS source_file, 'children looked after on 31 march each year' AS measure,
                   'cla_count' AS metric, 'Local authority' AS geographic_level,
                   'Authority ' || a AS authority, 'E' || lpad(a::VARCHAR, 8, '0') AS authority_code,
                   y AS time_period, 'as_at' AS period_type, make_date(y, 3, 31) AS period_start,
                   make_date(y, 3, 31) AS period_end, (a * 7 + y) % 900 + 12 AS value,
                   'count' AS unit, false AS rounded, now() AS loaded_at
            FROM generate_series(1, {N_AUTHORITIES}) ta(a),
                 generate_series({FIRST_YEAR}, {FIRST_YEAR + N_YEARS - 1}) ty(y)""")
        n = _one(con, "SELECT count(*) FROM metric_observations")
    return {"observations": n, "build_seconds": round(time.perf_counter() - t, 2)}


def _one(con: duckdb.DuckDBPyConnection, sql: str):
    row = con.execute(sql).fetchone()
    assert row is not None, sql
    return row[0]


def median_ms(fn, repeats: int = REPEATS) -> float:
    """The median of `repeats` timed calls after one warm-up, in milliseconds."""
    fn()                                            # warm-up: first touch of the file's pages
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(runs), 1)


def queries(con: duckdb.DuckDBPyConnection) -> dict[str, Callable[[], object]]:
    """What an analyst asks: three councils on one metric (with England), one council's values,
    one council's conflicts. Each must answer in under TARGET_MS."""
    from warehouse.compare import compare_rows
    three = ["Authority 1", "Authority 75", "Authority 150"]
    code = "E00000042"
    return {
        "compare": lambda: compare_rows(con, "cla_count", three, england=True),
        "metric_values": lambda: con.execute(
            "SELECT * FROM metric_values WHERE authority_code = ?", [code]).fetchall(),
        "conflicts": lambda: con.execute(
            "SELECT * FROM metric_conflicts WHERE authority_code = ?", [code]).fetchall(),
    }


def full_scans(con: duckdb.DuckDBPyConnection) -> dict[str, Callable[[], object]]:
    """Informational: resolving every key at once (exports, whole-warehouse summaries)."""
    return {
        "metric_values_all": lambda: con.execute(
            "SELECT count(*), sum(value), count(*) FILTER (WHERE has_conflict) FROM metric_values"
        ).fetchall(),
        "conflicts_all": lambda: con.execute(
            "SELECT count(*), count(DISTINCT reason) FROM metric_conflicts").fetchall(),
    }


def run_analyst_bench(tmpdir: str | Path) -> dict:
    """Build the synthetic warehouse under tmpdir and time the analyst queries (median ms)."""
    from warehouse.store import connect_read_only
    db = Path(tmpdir) / "analyst-bench.duckdb"
    for stale in (db, Path(str(db) + ".next")):
        stale.unlink(missing_ok=True)
    info = build(db)
    con = connect_read_only(db)
    try:
        timed = {name: median_ms(fn) for name, fn in queries(con).items()}
        info["full_scan_ms (no target)"] = {name: median_ms(fn) for name, fn in full_scans(con).items()}
        info["keys"] = _one(con, "SELECT count(*) FROM metric_values")
        info["conflict_rows"] = _one(con, "SELECT count(*) FROM metric_conflicts")
    finally:
        con.close()
    info["queries_ms"] = timed
    info["target_ms"] = TARGET_MS
    info["all_under_target"] = all(ms < TARGET_MS for ms in timed.values())
    return info


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run_analyst_bench(tmp), indent=2))
    sys.exit(0)
