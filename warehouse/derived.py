"""metric_values and metric_conflicts kept by the single writer: one Parquet file per council,
rewritten only for the councils a publish touched, and within them only for the keys it touched.

Why: computed on read, one council's conflicts took 215-277 ms on a warehouse of 10,000
documents, and most of that was planning the view stack (located_observations -> metric_candidates
-> metric_preference) over every observation file, a cost that grows with the warehouse. The rule
is unchanged and lives in one place, the views computed_metric_values / computed_metric_conflicts
(migrations 0003, 0005, 0007; renamed by 0010). At each publish the writer stores their rows for
the keys whose observations changed; metric_values and metric_conflicts are views over exactly
this snapshot's files, partitioned by council like the tables in parts.py, so one council's query
reads one small file.

Which keys: the rule's rows for a key (council, metric, period, value kind) depend only on the
candidates with that key, and a derived rate's on the count it is derived from. A candidate
changes only with its observation (loading a document replaces its observations and its row
together; superseding one deletes its observations), so the keys to compute again are those of
the observation rows the publish added or removed (parts.note_changed_observations), and their
derived rates'. Each touched council's file is written again from its stored rows of the other
keys, unchanged, and the rule's rows for the touched keys: the work follows the document, not the
council's history. Every council is computed again when the rule's other inputs change (the
views' SQL, the ONS population, the derived-rate rules): their fingerprint is kept in
derived_state.

Between publishes the writer's own connection sees the published values, not its staged rows.
"""
from __future__ import annotations

import os
import shutil
import uuid
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

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
# Temporary tables of the touched keys' candidate observations, and their documents, during a
# refresh.
CANDIDATES = "touched_candidates"
CANDIDATE_DOCUMENTS = "touched_candidate_documents"
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


def refresh(con: duckdb.DuckDBPyConnection, root: Path, gen: int, now: datetime) -> None:
    """Within the publish's transaction, once parquet_files names the new observation files and
    parts.note_changed_observations has listed the rows this publish adds or removes: store the
    rule's rows again for the keys those rows belong to (every key when the fingerprint
    changed)."""
    if not enabled(con):
        return
    current = fingerprint(con)
    if parts._scalar(con, "SELECT fingerprint FROM derived_state") != current:
        _store_every_council(con, root, gen, now)
        con.execute("UPDATE derived_state SET fingerprint = ?", [current])
        write_views(con, root)
        return
    councils = _note_touched_keys(con)
    if not councils:
        return
    # The rule then reads only these councils' observation files (planning it over every file
    # would cost more than computing it), and only the candidates of the touched keys (computed
    # over all of a council's figures, it grew with the council's history).
    # The metrics as literals too, a filter the Parquet reader applies as it reads
    # (_metric_filter).
    candidates = parts.located_sql(con, root, only=set(councils),
                                   rows=f"{_metric_filter('o', _candidate_metrics(con))} AND "
                                        + _candidate_of_touched("o"))
    with _rule_over(con, candidates):
        for table, view in DERIVED.items():
            _merge_keys(con, root, table, view, gen, now, councils)
    write_views(con, root)


@contextmanager
def _rule_over(con: duckdb.DuckDBPyConnection, candidates: str) -> Iterator[None]:
    """Within the block (inside the publish's transaction), the rule's views on this connection
    read the `candidates` observations (SQL) and their documents alone, read once into temporary
    tables: temporary views of the same names (located_observations, documents) stand in front
    of the warehouse's for this connection only, and leave with the block. Both stored tables
    are computed from them: the councils' files are read once, not once per table, and the
    rule's joins on documents read a few rows instead of the whole table (both grew with the
    warehouse). Readers and the published views never see them."""
    database = parts._q(parts._scalar(con, "SELECT current_database()"))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {CANDIDATES} AS {candidates}")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {CANDIDATE_DOCUMENTS} AS
                    SELECT * FROM {database}.main.documents
                    WHERE document_id IN (SELECT document_id FROM {CANDIDATES})""")
    con.execute(f"CREATE OR REPLACE TEMP VIEW located_observations AS SELECT * FROM {CANDIDATES}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW documents AS SELECT * FROM {CANDIDATE_DOCUMENTS}")
    # (On an error the publish's transaction is rolled back, and these with it.)
    yield
    con.execute("DROP VIEW temp.main.located_observations")
    con.execute("DROP VIEW temp.main.documents")
    con.execute(f"DROP TABLE {CANDIDATES}")
    con.execute(f"DROP TABLE {CANDIDATE_DOCUMENTS}")


def _store_every_council(con, root: Path, gen: int, now: datetime) -> None:
    """The rule's inputs other than observations changed: every council's rows anew."""
    parts.write_located_view(con, root)     # still names the files before this publish
    for table, view in DERIVED.items():
        for (rel,) in con.execute("SELECT path FROM parquet_files WHERE table_name = ?",
                                  [table]).fetchall():
            parts._retire(con, rel, gen, now)
        _write(con, root, table, f"SELECT *, {PARTITION} AS part FROM {view}", gen, now)


# A key of the rule: its rows depend only on the candidates with this key.
KEY = ("authority_code", "metric", "period_start", "period_end", "value_kind")


def _note_touched_keys(con) -> list[str]:
    """touched_keys: the keys whose candidates this publish changed, from the observation rows it
    adds or removes (parts.note_changed_observations): each row's own key and, for a count with
    a derived-rate rule, the derived rate's key (a superset: a key with no candidate left simply
    has no row). Returns their councils."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE touched_keys AS
        SELECT DISTINCT part AS authority_code, metric, period_start, period_end, value_kind
        FROM {parts.CHANGED_OBSERVATIONS}
        WHERE part <> '{parts.NO_AUTHORITY}' AND metric IS NOT NULL
        UNION
        SELECT DISTINCT c.part, r.rate_metric, c.period_start, c.period_end, 'derived'
        FROM {parts.CHANGED_OBSERVATIONS} c JOIN derived_rate_rules r ON r.count_metric = c.metric
        WHERE c.part <> '{parts.NO_AUTHORITY}'""")
    return [r[0] for r in con.execute(
        "SELECT DISTINCT authority_code FROM touched_keys ORDER BY 1").fetchall()]


def _candidate_metrics(con) -> list[str]:
    """The metrics of the touched keys, and the counts their derived rates use."""
    return [m for (m,) in con.execute("""
        SELECT metric FROM touched_keys
        UNION SELECT r.count_metric FROM touched_keys k
              JOIN derived_rate_rules r ON r.rate_metric = k.metric WHERE k.value_kind = 'derived'
        ORDER BY 1""").fetchall()]


# DuckDB turns an IN list of more values than this into a join after the read, and the Parquet
# reader then decodes every column of every row; shorter lists, joined by OR, stay a filter the
# reader applies as it reads (16 against 21 ms for one council's files at 10,000 documents).
IN_LIST_KEPT_AS_FILTER = 4


def _metric_filter(alias: str, metrics: list[str]) -> str:
    """SQL: is the row's metric one of `metrics` (literals, so the Parquet reader can filter)?"""
    if not metrics:
        return "false"
    step = IN_LIST_KEPT_AS_FILTER
    lists = [", ".join(parts._lit(m) for m in metrics[i:i + step])
             for i in range(0, len(metrics), step)]
    return "(" + " OR ".join(f"{alias}.metric IN ({values})" for values in lists) + ")"


def _touched(alias: str) -> str:
    """SQL: is the row `alias` of a touched key? (Periods may be NULL.)"""
    same = " AND ".join(f"k.{c} IS NOT DISTINCT FROM {alias}.{c}" for c in KEY)
    return f"EXISTS (SELECT 1 FROM touched_keys k WHERE {same})"


def _candidate_of_touched(alias: str) -> str:
    """SQL: may the observation `alias` (a located_observations row) be a candidate of a touched
    key? Its own key's metric and period, or the count a touched derived rate is computed from.
    (A superset, whatever its value kind: the rule's rows are then kept for touched keys only.)"""
    period = " AND ".join(f"k.{c} IS NOT DISTINCT FROM {alias}.{c}"
                          for c in ("period_start", "period_end"))
    return (f"(EXISTS (SELECT 1 FROM touched_keys k WHERE k.authority_code = {alias}.part "
            f"AND k.metric = {alias}.metric AND {period}) "
            f"OR EXISTS (SELECT 1 FROM touched_keys k JOIN derived_rate_rules r "
            f"ON r.rate_metric = k.metric WHERE k.value_kind = 'derived' "
            f"AND k.authority_code = {alias}.part AND r.count_metric = {alias}.metric "
            f"AND {period}))")


def _merge_keys(con, root: Path, table: str, view: str, gen: int, now: datetime,
                councils: list[str]) -> None:
    """Each touched council's file again: its stored rows of untouched keys as they were, and the
    rule's rows for the touched keys, computed over the candidates of those metrics only."""
    listed = ", ".join(parts._lit(c) for c in councils)
    old = con.execute(f"SELECT path, columns FROM parquet_files WHERE table_name = ? "
                      f"AND part IN ({listed}) ORDER BY path", [table]).fetchall()
    metrics = ", ".join(parts._lit(m) for (m,) in con.execute(
        "SELECT DISTINCT metric FROM touched_keys ORDER BY 1").fetchall())
    fresh = (f"SELECT v.*, v.{PARTITION} AS part FROM {view} v WHERE v.{PARTITION} IN ({listed}) "
             f"AND v.metric IN ({metrics}) AND {_touched('v')}")
    if old:
        # The stored files have the view's columns, in its order (derived._write).
        columns = ", ".join(parts._q(c) for c in old[0][1].split(","))
        kept = (f"SELECT {columns}, s.{PARTITION} AS part FROM {parts._scan(root, [r for r, _ in old])} s "
                f"WHERE NOT {_touched('s')}")
        fresh = f"{kept} UNION ALL {fresh}"
    for rel, _ in old:
        parts._retire(con, rel, gen, now)
    _write(con, root, table, fresh, gen, now)


def _write(con, root: Path, table: str, rows: str, gen: int, now: datetime) -> None:
    """One file per council of `rows` (the view's columns and `part`, the council); the council
    stays a column of the file too, so the file's schema is the view's (describing the view would
    plan the rule once more)."""
    incoming = root / parts.INCOMING / uuid.uuid4().hex
    incoming.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"""COPY (SELECT * FROM ({rows}) ORDER BY part, {ORDER[table]})
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
    in the computed view's order. Before the first refresh, the views compute on read."""
    if not enabled(con):
        return
    stored = parts._scalar(con, "SELECT fingerprint FROM derived_state") is not None
    for table, view in DERIVED.items():
        found = con.execute("SELECT path, columns FROM parquet_files WHERE table_name = ? "
                            "ORDER BY path", [table]).fetchall()
        if not found:
            # Never stored yet: computed on read. Stored, and no council has a row: none.
            empty = " WHERE false" if stored else ""
            con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {view}{empty}")
            continue
        # The view's columns as the files were written (describing the view again would plan
        # the whole rule over every observation file).
        select = ", ".join(f"part AS {PARTITION}" if c == PARTITION else parts._q(c)
                           for c in found[0][1].split(","))
        scan = parts.files_scan(root, [rel for rel, _ in found], partition=True)
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT {select} FROM {scan}")
