"""Each document's write-once rows in immutable Parquet files beside the DuckDB file, so that
publishing copies only a small catalogue, whatever the size of the warehouse.

Why: DuckDB allows one writer or many readers of a file, so the writer publishes by copying the
published file, writing into the copy and renaming it into place (warehouse/store.py). With every
document's blocks, table cells and observations inside it, each publish copied the whole
warehouse. Here those rows live in Parquet files that are written once and never changed:

    <db>.parts/<table>/part=<authority code, or _>/g<generation>-<random>.parquet

The DuckDB file names the files of its snapshot (`parquet_files`), and each table is a view over
exactly those files plus the rows staged since the last publish (`staged_<table>`, empty in a
published file). A reader that keeps a connection keeps its snapshot: the files it names never
change, and a file leaves the folder only once no open snapshot names it (`sweep`).

Partitions: observations by the authority they are about, and the two large tables (blocks,
table_cells) by their document's authority; the small tables (tables, actions, meetings,
agenda_items) are one partition, `all` (see PARTITIONED). The observations' views read the
partition as a hive column, so a query for one council opens only that council's files. Files of
one table and partition are merged size-tiered (MERGE_AT files of one size class become one file
of a larger class), so their number grows with the logarithm of the rows, and a publish never
rewrites more than one council's share of a large table.
"""
from __future__ import annotations

import fcntl
import math
import os
import shutil
import struct
import time
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

import duckdb

from core.authorities import GROUP_CODE

PARTS_SUFFIX = ".parts"
SNAPSHOTS = "snapshots"
INCOMING = ".incoming"
NO_AUTHORITY = "_"
# A partition key is a plain code (a GSS code) or, for observations, a comparator group's key.
PLAIN_CODE = "[A-Za-z0-9]+"
# Rows of each table, in the order they are written into a file (a document's rows together).
TABLES: dict[str, str] = {
    "blocks": "document_id, block_index",
    "tables": "document_id, table_index",
    "table_cells": 'document_id, table_index, "row", col',
    "metric_observations": "metric, document_id, observation_id",
    "actions": "document_id, action_id",
    "meetings": "document_id, meeting_id",
    "agenda_items": "document_id, meeting_id, item_number",
}
# Tables filed by council: observations (the views read one council's files alone) and the two
# large tables, whose merges must stay within one council's share. The other tables are small and
# no view filters them by council, so they are one partition (WHOLE): a view names a few files
# whatever the number of councils, instead of every council's files.
PARTITIONED = ("metric_observations", "blocks", "table_cells")
WHOLE = "all"
# In the one partition, files stop growing at this size class (up to 4**(n+1) - 1 rows): a
# replaced document's rows are dropped by rewriting the file that holds them, and with no cap
# that file became most of the table (4.5 s for one document at 10,000 documents). Their number
# then grows with the rows over 16,384, a few dozen files at 10,000 documents.
WHOLE_MAX_TIER = 6
MERGE_AT = 4                # files of one size class merged into one
TIER_BASE = 4               # size classes: 1-3 rows, 4-15, 16-63, ...
# Retired files are kept at least this long, whatever the locks say: a reader may have opened the
# file but not yet locked it, and a reader inside the writer's own process is invisible (any close
# of the file by this process drops the process's POSIX locks on it).
GRACE_SECONDS = 600.0
# Where hard links are impossible the writer cannot see readers: files are then kept this long.
UNSEEN_READER_SECONDS = 24 * 3600.0


def parts_root(db: str | os.PathLike) -> Path:
    return Path(str(db) + PARTS_SUFFIX)


def staged(table: str) -> str:
    return f"staged_{table}"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _part_of(table: str) -> str:
    """SQL for a staged row's partition (`s` the staged row, `d` its document)."""
    if table not in PARTITIONED:
        return _lit(WHOLE)
    # An observation about another body with no code of its own (a group load.py could not key)
    # is filed under no council, never under its paper's council: it must not compete as that
    # council's figure. A comparator group keyed by load.comparator_key ('E10000032-SN') is a
    # body of its own, filed under that key.
    code = ("CASE WHEN s.authority_code IS NULL AND s.authority IS NOT NULL "
            "AND s.authority IS DISTINCT FROM d.authority THEN NULL "
            "ELSE coalesce(s.authority_code, d.authority_code) END"
            if table == "metric_observations" else "d.authority_code")
    keys = f"{PLAIN_CODE}|{GROUP_CODE.pattern}" if table == "metric_observations" else PLAIN_CODE
    return (f"CASE WHEN regexp_full_match({code}, {_lit(keys)}) THEN {code} "
            f"ELSE '{NO_AUTHORITY}' END")


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, type) of a staged table: the columns every file of the table is read with."""
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE {staged(table)}").fetchall()]


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    row = con.execute(sql, params or []).fetchone()
    assert row is not None, sql
    return row[0]


def generation(con: duckdb.DuckDBPyConnection) -> int:
    return _scalar(con, "SELECT generation FROM publish_state")


# --- publishing ------------------------------------------------------------------------------

# Called by flush, in its transaction, once parquet_files names the new files: (con, root,
# generation, time); the temporary table CHANGED_OBSERVATIONS then lists the observation rows the
# publish adds or removes. The writer passes derived.refresh.
Derive = Callable[[duckdb.DuckDBPyConnection, Path, int, datetime], None]
CHANGED_OBSERVATIONS = "changed_observations"


def flush(con: duckdb.DuckDBPyConnection, root: Path, derive: Derive | None = None) -> int:
    """Move the staged rows into new Parquet files, drop replaced documents' rows from old ones,
    merge small files and point the views at the result, in one transaction. Returns the new
    generation. Files written by a flush that fails are never named and are swept later."""
    gen = generation(con) + 1
    now = datetime.now()
    con.execute("BEGIN TRANSACTION")
    try:
        if derive is not None:
            note_changed_observations(con, root)     # before the replaced rows leave their files
        touched = _drop_deleted(con, root, gen, now) | _write_staged(con, root, gen, now)
        touched |= _stale_schemas(con) | _regroup_unpartitioned(con)
        for table, part in sorted(touched):
            _compact(con, root, table, part, gen, now)
        for table in TABLES:
            con.execute(f"DELETE FROM {staged(table)}")
        con.execute("DELETE FROM staged_deletions")
        con.execute("UPDATE publish_state SET generation = ?, parts_root = ?", [gen, str(root)])
        if derive is not None:
            derive(con, root, gen, now)
        _forget_retired_documents(con, gen)
        changed = {table for table, _ in touched}
        # Only the views whose files changed: the others already name exactly their files.
        write_views(con, root, changed)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    # Left only by a writer that stopped mid-flush: its presence makes the next writer look for
    # unnamed files (a walk of every file in the folder).
    shutil.rmtree(root / INCOMING, ignore_errors=True)
    return gen


def note_changed_observations(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """CHANGED_OBSERVATIONS (a temporary table): the observation rows this publish adds (staged)
    or removes (in files, of replaced or removed documents), with the partition they are filed
    under and the columns that place them in the preferred-value rule. Read only the files that
    hold a removed document, so its cost follows what changed, not the warehouse."""
    table = "metric_observations"
    fields = "metric, period_start, period_end, value_kind"
    removed = [r[0] for r in con.execute(f"""
        SELECT DISTINCT f.path FROM parquet_files f JOIN parquet_documents p USING (path)
        WHERE f.table_name = '{table}'
          AND p.document_id IN (SELECT document_id FROM staged_deletions)
        ORDER BY 1""").fetchall()] if _any_deletion(con) else []
    rows = (f"SELECT {_part_of(table)} AS part, {', '.join('s.' + c for c in fields.split(', '))} "
            f"FROM {staged(table)} s LEFT JOIN documents d USING (document_id)")
    if removed:
        rows += (f" UNION ALL SELECT part, {fields} FROM {files_scan(root, removed, partition=True)} "
                 f"WHERE document_id IN (SELECT document_id FROM staged_deletions)")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {CHANGED_OBSERVATIONS} AS SELECT DISTINCT * FROM ({rows})")


def _new_path(table: str, part: str, gen: int) -> str:
    return f"{table}/part={part}/g{gen:08d}-{uuid.uuid4().hex[:12]}.parquet"


def _register(con, rel: str, table: str, part: str, n_rows: int, cols: list[str], gen: int,
              now: datetime, documents_sql: str) -> None:
    con.execute("INSERT INTO parquet_files VALUES (?, ?, ?, ?, ?, ?, ?)",
                [rel, table, part, n_rows, ",".join(cols), gen, now])
    con.execute(f"INSERT INTO parquet_documents SELECT DISTINCT ?, document_id FROM ({documents_sql})",
                [rel])


def _retire(con, rel: str, gen: int, now: datetime) -> None:
    """The file leaves the snapshot; its rows in parquet_documents go at the end of the flush,
    all in one statement (_forget_retired_documents)."""
    con.execute("DELETE FROM parquet_files WHERE path = ?", [rel])
    con.execute("INSERT INTO retired_files VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [rel, now, gen])


def _forget_retired_documents(con, gen: int) -> None:
    """parquet_documents rows of the files this publish retired. One scan of that table (it has
    a row per file and document, 56,000 at 10,000 documents) instead of one per retired file;
    until then the stale rows are harmless, as every reader of it joins parquet_files. A publish
    that retired nothing (a run with nothing new) does not scan it."""
    if con.execute("SELECT 1 FROM retired_files WHERE retired_generation = ? LIMIT 1",
                   [gen]).fetchone() is None:
        return
    con.execute("DELETE FROM parquet_documents WHERE path IN "
                "(SELECT path FROM retired_files WHERE retired_generation = ?)", [gen])


# Separates the file names of a view in one string literal (see files_scan).
NAME_SEPARATOR = "|"


def files_scan(root: Path, rels: list[str], partition: bool) -> str:
    """SQL reading these files (relative to root); with `partition`, their partition folder's
    value as the column `part`, so that a filter on it opens only that council's files.
    The names go in one string split at bind time, not a list of literals: a view names every
    file of its snapshot, and parsing a literal per file was most of the cost of writing and
    binding the views, which grows with the number of files. Reading the partition from each
    name costs about as much again, so only the views that filter on it ask for it."""
    prefix = str(root) + "/"            # string joins, not Path objects: thousands of files
    paths = [prefix + r for r in rels]
    if any(NAME_SEPARATOR in p for p in paths):
        names = "[" + ", ".join(_lit(p) for p in paths) + "]"
    else:
        names = f"string_split({_lit(NAME_SEPARATOR.join(paths))}, {_lit(NAME_SEPARATOR)})"
    if not partition:
        return f"read_parquet({names}, hive_partitioning = false)"
    return (f"read_parquet({names}, hive_partitioning = true, hive_types = {{'part': VARCHAR}}, "
            f"hive_types_autocast = false)")


def _scan(root: Path, rels: list[str]) -> str:
    files = ", ".join(_lit(str(root / r)) for r in rels)
    return f"read_parquet([{files}], hive_partitioning = false)"


def _adopt(con, root: Path, written: Path, table: str, part: str, cols: list[str], gen: int,
           now: datetime) -> None:
    """Move a file DuckDB wrote under INCOMING to its place in the snapshot and register it."""
    rel = _new_path(table, part, gen)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    os.replace(written, root / rel)
    n = _scalar(con, f"SELECT count(*) FROM {_scan(root, [rel])}")
    _register(con, rel, table, part, n, cols, gen, now, f"SELECT document_id FROM {_scan(root, [rel])}")


def _write_staged(con, root: Path, gen: int, now: datetime) -> set[tuple[str, str]]:
    """One new file per table and partition for the rows staged since the last publish."""
    touched = set()
    for table, order in TABLES.items():
        if not _scalar(con, f"SELECT count(*) FROM {staged(table)}"):
            continue
        cols = [c for c, _ in columns(con, table)]
        select = ", ".join(f"s.{_q(c)}" for c in cols)
        incoming = root / INCOMING / uuid.uuid4().hex
        incoming.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"""COPY (SELECT {select}, {_part_of(table)} AS part
                              FROM {staged(table)} s LEFT JOIN documents d USING (document_id)
                              ORDER BY part, {order})
                        TO {_lit(str(incoming))} (FORMAT parquet, PARTITION_BY (part))""")
        for written in sorted(incoming.glob("part=*/*.parquet")):
            part = written.parent.name.split("=", 1)[1]
            _adopt(con, root, written, table, part, cols, gen, now)
            touched.add((table, part))
        shutil.rmtree(incoming, ignore_errors=True)
    return touched


def _any_deletion(con) -> bool:
    return con.execute("SELECT 1 FROM staged_deletions LIMIT 1").fetchone() is not None


def _drop_deleted(con, root: Path, gen: int, now: datetime) -> set[tuple[str, str]]:
    """Files holding rows of a replaced or removed document are rewritten without them."""
    if not _any_deletion(con):
        return set()            # (the look-up below reads every file's list of documents)
    affected = con.execute("""
        SELECT DISTINCT f.path, f.table_name, f.part FROM parquet_files f
        JOIN parquet_documents p USING (path)
        WHERE p.document_id IN (SELECT document_id FROM staged_deletions)
        ORDER BY f.path""").fetchall()
    touched = set()
    for rel, table, part in affected:
        _rewrite(con, root, table, part, [rel], gen, now,
                 keep="document_id NOT IN (SELECT document_id FROM staged_deletions)")
        touched.add((table, part))
    return touched


def _stale_schemas(con) -> set[tuple[str, str]]:
    """Files written before a migration changed their table's columns: rewritten by _compact.
    One scan of the catalogue of files for every table (a scan per table grew with the files)."""
    current = ", ".join(f"({_lit(table)}, {_lit(','.join(c for c, _ in columns(con, table)))})"
                        for table in TABLES)
    return {(table, part) for table, part in con.execute(f"""
        SELECT DISTINCT f.table_name, f.part FROM parquet_files f
        JOIN (VALUES {current}) c(table_name, cols) ON c.table_name = f.table_name
        WHERE f.columns <> c.cols""").fetchall()}


def _regroup_unpartitioned(con) -> set[tuple[str, str]]:
    """Files of a table no longer filed by council, written by an older writer under a council's
    partition, join the table's one partition (the first publish after the upgrade). No view reads
    these tables' partition from the path, so the files stay where they are; _compact then merges
    them by size like any other. One scan of the catalogue of files for all such tables."""
    whole = [table for table in TABLES if table not in PARTITIONED]
    listed = ", ".join(_lit(t) for t in whole)
    found = [t for (t,) in con.execute(
        f"SELECT DISTINCT table_name FROM parquet_files WHERE table_name IN ({listed}) "
        f"AND part <> ? ORDER BY 1", [WHOLE]).fetchall()]
    for table in found:
        con.execute("UPDATE parquet_files SET part = ? WHERE table_name = ?", [WHOLE, table])
    return {(table, WHOLE) for table in found}


def _tier(n_rows: int) -> int:
    return int(math.log(max(n_rows, 1), TIER_BASE))


def _compact(con, root: Path, table: str, part: str, gen: int, now: datetime) -> None:
    """Size-tiered merging within one table and partition; files with old columns rewritten."""
    current = ",".join(c for c, _ in columns(con, table))
    for (rel,) in con.execute("SELECT path FROM parquet_files WHERE table_name = ? AND part = ? "
                              "AND columns <> ?", [table, part, current]).fetchall():
        _rewrite(con, root, table, part, [rel], gen, now)
    while True:
        tiers: dict[int, list[str]] = defaultdict(list)
        for rel, n in con.execute("SELECT path, n_rows FROM parquet_files WHERE table_name = ? "
                                  "AND part = ? ORDER BY path", [table, part]).fetchall():
            tiers[_tier(n)].append(rel)
        full = [rels for tier, rels in sorted(tiers.items()) if len(rels) >= MERGE_AT
                and (table in PARTITIONED or tier < WHOLE_MAX_TIER)]
        if not full:
            return
        _rewrite(con, root, table, part, full[0], gen, now)


def _rewrite(con, root: Path, table: str, part: str, rels: list[str], gen: int, now: datetime,
             keep: str = "true") -> None:
    """Replace files by one file of their rows (those matching `keep`), read with the table's
    current columns (a column a file lacks reads as NULL)."""
    cols = columns(con, table)
    have = dict(con.execute("SELECT path, columns FROM parquet_files WHERE path IN "
                            "(SELECT unnest(?))", [rels]).fetchall())
    by_columns: dict[str, list[str]] = defaultdict(list)
    for rel in rels:
        by_columns[have[rel]].append(rel)
    selects = []
    for file_cols, group in by_columns.items():
        present = set(file_cols.split(","))
        select = ", ".join(_q(c) if c in present else f"NULL::{t} AS {_q(c)}" for c, t in cols)
        selects.append(f"SELECT {select} FROM {_scan(root, group)} WHERE {keep}")
    rows = " UNION ALL ".join(selects)
    n = _scalar(con, f"SELECT count(*) FROM ({rows})")
    chunk = whole_chunk_rows()
    if table not in PARTITIONED and n > chunk:
        _write_chunks(con, root, table, part, rows, chunk, [c for c, _ in cols], gen, now)
    elif n:
        rel = _new_path(table, part, gen)
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY (SELECT * FROM ({rows}) ORDER BY {TABLES[table]}) "
                    f"TO {_lit(str(root / rel))} (FORMAT parquet)")
        _register(con, rel, table, part, n, [c for c, _ in cols], gen, now,
                  f"SELECT document_id FROM {_scan(root, [rel])}")
    for old in rels:
        _retire(con, old, gen, now)


def whole_chunk_rows() -> int:
    """Rows of a file of the one partition's largest size class (never merged again)."""
    return 2 * TIER_BASE ** WHOLE_MAX_TIER


def _write_chunks(con, root: Path, table: str, part: str, rows: str, chunk: int,
                  cols: list[str], gen: int, now: datetime) -> None:
    """Rows of the one partition as files of `chunk` rows at most: a file above the cap (a
    warehouse written before the cap) is split when it is next rewritten."""
    incoming = root / INCOMING / uuid.uuid4().hex
    incoming.parent.mkdir(parents=True, exist_ok=True)
    order = TABLES[table]
    con.execute(f"""COPY (SELECT *, (row_number() OVER (ORDER BY {order}) - 1) // {chunk} AS chunk
                          FROM ({rows}) ORDER BY {order})
                    TO {_lit(str(incoming))} (FORMAT parquet, PARTITION_BY (chunk))""")
    for written in sorted(incoming.glob("chunk=*/*.parquet")):
        _adopt(con, root, written, table, part, cols, gen, now)
    shutil.rmtree(incoming, ignore_errors=True)


def write_views(con: duckdb.DuckDBPyConnection, root: Path,
                tables: set[str] | None = None) -> None:
    """Each table's view (of `tables`, else all): its files in this snapshot, then its staged
    rows. Paths are absolute (DuckDB resolves relative ones against the reader's working
    folder); a moved warehouse is re-pointed by the next writer (`prepare`)."""
    for table in TABLES:
        if tables is not None and table not in tables:
            continue
        cols = [c for c, _ in columns(con, table)]
        select = ", ".join(_q(c) for c in cols)
        rels = [r[0] for r in con.execute(
            "SELECT path FROM parquet_files WHERE table_name = ? ORDER BY path", [table]).fetchall()]
        scan = files_scan(root, rels, partition=False) if rels else None
        body = f"SELECT {select} FROM {staged(table)}"
        if scan:
            body = f"SELECT {select} FROM {scan} UNION ALL {body}"
        con.execute(f"CREATE OR REPLACE VIEW {table} AS {body}")
        if table == "metric_observations":
            write_located_view(con, root)


def write_located_view(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """located_observations: observations with the partition (council) they are filed under."""
    con.execute(f"CREATE OR REPLACE VIEW located_observations AS {located_sql(con, root)}")


def located_sql(con: duckdb.DuckDBPyConnection, root: Path, only: set[str] | None = None,
                rows: str | None = None) -> str:
    """SQL of located_observations over this snapshot's files and the staged rows; with `only`
    some councils' files, and only the `rows` matching that SQL condition (on `o`), for the
    writer's refresh of some keys' preferred values (derived.py): reading a few councils' files
    instead of all of them, and the candidates of those keys instead of the councils' every
    figure, is most of that refresh's cost."""
    table = "metric_observations"
    cols = [c for c, _ in columns(con, table)]
    select = ", ".join(_q(c) for c in cols)
    rels = [r[0] for r in con.execute(
        "SELECT path, part FROM parquet_files WHERE table_name = ? ORDER BY path", [table]
    ).fetchall() if only is None or r[1] in only]
    located = (f"SELECT {', '.join('s.' + _q(c) for c in cols)}, {_part_of(table)} AS part "
               f"FROM {staged(table)} s LEFT JOIN documents d USING (document_id)")
    if rels:
        located = f"SELECT {select}, part FROM {files_scan(root, rels, partition=True)} UNION ALL {located}"
    if rows is not None:
        located = f"SELECT * FROM ({located}) o WHERE {rows}"
    return located


def repoint_if_moved(con: duckdb.DuckDBPyConnection, root: Path) -> bool:
    """Before migrations: a moved warehouse's views still name files in the old folder, and a
    migration that creates a view over them would fail to bind."""
    if not con.execute("SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() "
                       "AND table_name = 'publish_state'").fetchone():
        return False                            # before 0007: no Parquet files yet
    stored = _scalar(con, "SELECT parts_root FROM publish_state")
    if stored is None or stored == str(root):
        return False
    write_views(con, root)
    con.execute("UPDATE publish_state SET parts_root = ?", [str(root)])
    return True


def prepare(con: duckdb.DuckDBPyConnection, root: Path, schema_changed: bool,
            after_crash: bool) -> None:
    """At the writer's start: re-point the views if the warehouse moved or its schema changed,
    then delete what no snapshot needs: retired files and, after a writer that stopped without
    publishing, the files it wrote."""
    root.mkdir(parents=True, exist_ok=True)
    stored = _scalar(con, "SELECT parts_root FROM publish_state")
    if schema_changed or (stored is not None and stored != str(root)):
        write_views(con, root)
        con.execute("UPDATE publish_state SET parts_root = ?", [str(root)])
    sweep(con, root)
    if after_crash or (root / INCOMING).exists():
        _sweep_unnamed(con, root)


# --- deleting what no reader needs ---------------------------------------------------------

def keep_snapshot(db: Path, root: Path, gen: int) -> None:
    """Before the published file is replaced: a hard link to it, named by its generation and the
    time, so later writers can tell whether a reader still has that snapshot open (DuckDB holds a
    lock on the file while it is open)."""
    folder = root / SNAPSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / f"{gen}-{int(time.time())}.duckdb"
    try:
        os.link(db, link)
    except OSError:
        link.with_suffix(".unseen").touch()      # no hard links here: keep its files longer


def _snapshot_in_use(link: Path) -> bool:
    """Does an open connection hold this snapshot? An open-file-description lock conflicts with
    DuckDB's lock even within this process; we take it only to test, and release it at once."""
    ofd_setlk = getattr(fcntl, "F_OFD_SETLK", None)
    if ofd_setlk is None:
        return True
    try:
        fd = os.open(link, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.fcntl(fd, ofd_setlk, struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def oldest_open_snapshot(root: Path) -> int | None:
    """Generation of the oldest replaced snapshot a reader may still hold; forgets the others."""
    folder = root / SNAPSHOTS
    if not folder.is_dir():
        return None
    now = time.time()
    held = []
    for entry in folder.iterdir():
        try:
            gen, stamp = (int(x) for x in entry.stem.split("-", 1))
        except ValueError:
            continue
        wait = UNSEEN_READER_SECONDS if entry.suffix == ".unseen" else GRACE_SECONDS
        if now - stamp < wait or (entry.suffix == ".duckdb" and _snapshot_in_use(entry)):
            held.append(gen)
        else:
            entry.unlink(missing_ok=True)
    return min(held, default=None)


def sweep(con: duckdb.DuckDBPyConnection, root: Path) -> int:
    """Delete retired files that no open snapshot names: every snapshot still held is at least
    as new as the publish that retired them. Returns how many went."""
    oldest = oldest_open_snapshot(root)
    cutoff = datetime.now() - timedelta(seconds=GRACE_SECONDS)
    rows = con.execute("SELECT path, retired_generation FROM retired_files WHERE retired_at < ?",
                       [cutoff]).fetchall()
    gone = [rel for rel, retired in rows if oldest is None or oldest >= retired]
    for rel in gone:
        (root / rel).unlink(missing_ok=True)
    if gone:
        con.execute("DELETE FROM retired_files WHERE path IN (SELECT unnest(?))", [gone])
    return len(gone)


def _sweep_unnamed(con, root: Path) -> None:
    """Files no catalogue names were written by a run that stopped before publishing them; no
    reader can know them (the caller holds the writer lock)."""
    shutil.rmtree(root / INCOMING, ignore_errors=True)
    named = {r[0] for r in con.execute(
        "SELECT path FROM parquet_files UNION ALL SELECT path FROM retired_files").fetchall()}
    for f in root.glob("*/part=*/*.parquet"):       # the tables' files and derived.py's
        if f.relative_to(root).as_posix() not in named:
            f.unlink(missing_ok=True)
