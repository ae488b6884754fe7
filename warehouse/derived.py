"""metric_values and metric_conflicts kept by the single writer: one Parquet file per council,
rewritten only for the councils a publish touched.

Why: computed on read, one council's conflicts took 215-277 ms on a warehouse of 10,000
documents, and most of that was planning the view stack (located_observations -> metric_candidates
-> metric_preference) over every observation file, a cost that grows with the warehouse. The rule
is unchanged and lives in one place, the views computed_metric_values / computed_metric_conflicts
(migrations 0003, 0005, 0007; renamed by 0010). At each publish the writer stores their rows for
the councils whose observations changed; metric_values and metric_conflicts are views over exactly
this snapshot's files, partitioned by council like the tables in parts.py, so one council's query
reads one small file.

Which councils: those whose observation files the publish wrote or rewrote. A document's row
changes only together with its observations (loading a document replaces both, and superseding
one deletes its observations), so no other council's candidates changed. Every council is
refreshed when the rule's other inputs change (the views' SQL, the ONS population, the derived-rate
rules): their fingerprint is kept in derived_state.

Between publishes the writer's own connection sees the published values, not its staged rows.
"""
from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse import parts

# Stored table (the name analysts query) -> the view that computes its rows.
DERIVED = {"metric_values": "computed_metric_values",
           "metric_conflicts": "computed_metric_conflicts"}
# Row order within a council's file (a key's rows together).
ORDER = {"metric_values": "metric, period_end, period_start, value_kind",
         "metric_conflicts": "metric, period_end, period_start, value_kind, value"}
# The views whose SQL is the rule (located_observations is left out: it names the files).
RULE_VIEWS = ("metric_candidates", "metric_preference", *DERIVED.values())
PARTITION = "authority_code"
# Part of the fingerprint: bumped when the stored files' layout changes, so that a warehouse
# stored by an older writer is stored again whole (2: the council kept as a column in the file).
STORE_FORMAT = "2"


def enabled(con: duckdb.DuckDBPyConnection) -> bool:
    """Has migration 0010 been applied?"""
    return bool(con.execute("SELECT 1 FROM duckdb_tables() WHERE database_name = current_database()"
                            " AND table_name = 'derived_state'").fetchone())


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """The rule's inputs other than observations and documents, hashed."""
    views = ", ".join(parts._lit(v) for v in RULE_VIEWS)
    return parts._scalar(con, f"""
        SELECT md5(concat_ws('|', {parts._lit(STORE_FORMAT)},
            (SELECT string_agg(view_name || ':' || sql, ';' ORDER BY view_name) FROM duckdb_views()
             WHERE database_name = current_database() AND view_name IN ({views})),
            (SELECT string_agg(concat_ws(',', authority_code, year, population_0_17), ';'
                               ORDER BY authority_code, year, population_0_17)
             FROM reference_population),
            (SELECT string_agg(count_metric || ',' || rate_metric, ';' ORDER BY count_metric)
             FROM derived_rate_rules)))""")


def refresh(con: duckdb.DuckDBPyConnection, root: Path, gen: int, now: datetime,
            councils: set[str]) -> bool:
    """Within the publish's transaction, once parquet_files names the new observation files:
    store the rule's rows for `councils` (every council when the fingerprint changed). Returns
    whether it rewrote located_observations (to those councils' files, or to all of them), which
    the caller then writes back whole."""
    if not enabled(con):
        return False
    current = fingerprint(con)
    every = parts._scalar(con, "SELECT fingerprint FROM derived_state") != current
    councils = {c for c in councils if c != parts.NO_AUTHORITY}
    if not every and not councils:
        return False
    listed = ", ".join(parts._lit(c) for c in sorted(councils))
    if councils:            # the view still names the files before this publish
        parts.write_located_view(con, root, only=None if every else councils)
    for table, view in DERIVED.items():
        old = con.execute("SELECT path FROM parquet_files WHERE table_name = ?"
                          + ("" if every else f" AND part IN ({listed})"), [table]).fetchall()
        for (rel,) in old:
            parts._retire(con, rel, gen, now)
        _write(con, root, table, view, gen, now, "true" if every else f"{PARTITION} IN ({listed})")
    con.execute("UPDATE derived_state SET fingerprint = ?", [current])
    write_views(con, root)
    return bool(councils)


def _write(con, root: Path, table: str, view: str, gen: int, now: datetime, where: str) -> None:
    """One file per council of the view's rows matching `where`; the council is the partition
    (and stays a column of the file, so the file's schema is the view's: describing the view
    would plan the rule once more)."""
    incoming = root / parts.INCOMING / uuid.uuid4().hex
    incoming.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"""COPY (SELECT *, {PARTITION} AS part FROM {view}
                          WHERE {where} ORDER BY part, {ORDER[table]})
                    TO {parts._lit(str(incoming))} (FORMAT parquet, PARTITION_BY (part))""")
    for written in sorted(incoming.glob("part=*/*.parquet")):
        part = written.parent.name.split("=", 1)[1]
        rel = parts._new_path(table, part, gen)
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(written, root / rel)
        scan = parts._scan(root, [rel])
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]
        n = parts._scalar(con, f"SELECT count(*) FROM {scan}")
        # No document list: a replaced document's rows leave these files by a refresh, never by
        # parts._drop_deleted.
        parts._register(con, rel, table, part, n, cols, gen, now,
                        "SELECT NULL::VARCHAR AS document_id WHERE false")
    shutil.rmtree(incoming, ignore_errors=True)


def write_views(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """metric_values and metric_conflicts over exactly this snapshot's files, the council read
    from the partition (so a filter on authority_code opens only that council's file), columns
    in the computed view's order. With no file yet, the views compute on read."""
    if not enabled(con):
        return
    prefix = str(root).replace("'", "''") + "/"
    for table, view in DERIVED.items():
        found = con.execute("SELECT path, columns FROM parquet_files WHERE table_name = ? "
                            "ORDER BY path", [table]).fetchall()
        if not found:
            con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {view}")
            continue
        rels = [rel.replace("'", "''") for rel, _ in found]
        # The view's columns as the files were written (describing the view again would plan
        # the whole rule over every observation file).
        select = ", ".join(f"part AS {PARTITION}" if c == PARTITION else parts._q(c)
                           for c in found[0][1].split(","))
        files = ", ".join(f"'{prefix}{r}'" for r in rels)
        con.execute(f"""CREATE OR REPLACE VIEW {table} AS SELECT {select}
                        FROM read_parquet([{files}], hive_partitioning = true,
                                          hive_types = {{'part': VARCHAR}},
                                          hive_types_autocast = false)""")
