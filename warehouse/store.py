"""Opening the warehouse: migrations, the single writer, and read-only snapshots for analysts.

DuckDB allows one writer process or many readers, never both. So the writer never opens the
published file: it copies it to `<db>.next`, writes there (one transaction per document), then
atomically renames it over the published file. An analyst's open read-only connection keeps the
snapshot it opened (the old inode) until it reconnects, and never sees a half-loaded warehouse;
the nightly run is never blocked by an analyst. A crash mid-run leaves the published file as it
was; the next run starts again from it (the raw store still holds every input).

The copy stays small whatever the size of the warehouse: each document's write-once rows live in
immutable Parquet files beside it (`<db>.parts/`, see warehouse/parts.py), which a publish adds to
but never copies.
"""
from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from core.errors import PipelineError, WarehouseBusy
from warehouse import derived, parts

STAGING_SUFFIX = ".next"
LOCK_SUFFIX = ".lock"
# Free space in the staging file above which a publish rewrites it compactly (when it is also
# more than the space in use).
SHRINK_FREE_BYTES = 8 * 1024 * 1024
# Staged rows stay in the write-ahead log until the publish moves them to Parquet, rather than
# being checkpointed into the file only to be freed again.
STAGING_CHECKPOINT = "1GB"


class WarehouseUnreadable(PipelineError):
    """The warehouse file is damaged, or is not a DuckDB file this version can read."""


def _unreadable(db: Path, error: duckdb.Error) -> WarehouseUnreadable:
    detail = str(error).split("\n", 1)[0].removeprefix("IO Error: ")
    return WarehouseUnreadable(
        f"{db} cannot be opened as a warehouse ({detail}). Restore it from a backup, or move it "
        f"aside and run `council-etl run` on your papers again to rebuild it (their bytes are "
        f"kept in the raw store).")


def migrations() -> list[tuple[str, str]]:
    """(version, sql) for every file in warehouse/migrations, in order."""
    folder = resources.files("warehouse") / "migrations"
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            out.append((entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8")))
    return out


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations, one transaction each, recorded in schema_migrations."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
    done = {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [version, datetime.now()])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> int:
    """Bulk-insert dict rows by column name through a pandas frame (never executemany)."""
    if not rows:
        return 0
    frame = pd.DataFrame(rows)
    con.register("_rows", frame)
    try:
        con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _rows')
    finally:
        con.unregister("_rows")
    return len(rows)


def connect_read_only(db: str | os.PathLike, sandboxed: bool = False) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse. `sandboxed` also forbids reading or
    writing other files and loading extensions, for SQL typed by a user (`council-etl sql`)."""
    db = Path(db)
    if not db.exists():
        raise FileNotFoundError(
            f"no warehouse at {db}; create it with `council-etl run PATH --db {db}`")
    # Attach rather than connect: duckdb.connect(path) reuses an instance this process already
    # has open for that path, which after a publish is the previous snapshot.
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{_sql_string(str(db))}' AS warehouse (READ_ONLY)")
    except duckdb.IOException as e:
        con.close()
        if "lock" in str(e).lower():
            raise
        raise _unreadable(db, e) from None
    con.execute("USE warehouse")
    if sandboxed:
        # The tables' Parquet files stay readable; nothing else on disk is.
        root = parts.parts_root(db).resolve()
        con.execute(f"SET allowed_directories = ['{_sql_string(str(root))}/']")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


def _sql_string(text: str) -> str:
    return text.replace("'", "''")


@contextmanager
def writer_lock(db: Path):
    """One writer per warehouse; a second one fails fast with a message that says to retry."""
    db.parent.mkdir(parents=True, exist_ok=True)
    fh = open(str(db) + LOCK_SUFFIX, "w")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WarehouseBusy(f"another run is writing {db}; try again when it has finished")
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def check_no_writer(db: str | os.PathLike) -> None:
    """Fail at once, before any work, when another run is writing this warehouse."""
    if writer_active(Path(db)):
        raise WarehouseBusy(f"another run is writing {db}; try again when it has finished")


def writer_active(db: Path) -> bool:
    """Is a run writing this warehouse now? (Someone holds the writer lock.)"""
    lock = Path(str(db) + LOCK_SUFFIX)
    if not lock.exists():
        return False
    with open(lock, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


def _open_staging(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute(f"SET checkpoint_threshold = '{STAGING_CHECKPOINT}'")
    return con


class Writer:
    """The warehouse's single writer: `with Writer(db) as w: ... w.con ...`, `w.publish()` to make
    what was loaded so far visible; leaving the block publishes."""

    def __init__(self, db: str | os.PathLike):
        self.db = Path(db)
        self.staging = Path(str(self.db) + STAGING_SUFFIX)
        self.parts = parts.parts_root(self.db)
        self.con: duckdb.DuckDBPyConnection | None = None
        self._lock: AbstractContextManager[None] | None = None

    def __enter__(self) -> "Writer":
        lock = self._lock = writer_lock(self.db)
        lock.__enter__()
        try:
            crashed = self.staging.exists()         # a run stopped without publishing
            for leftover in (self.staging, Path(str(self.staging) + ".wal")):
                leftover.unlink(missing_ok=True)     # a crashed run's half-written copy
            if self.db.exists():
                shutil.copyfile(self.db, self.staging)
            try:
                self.con = _open_staging(self.staging)
            except duckdb.IOException as e:
                self.staging.unlink(missing_ok=True)
                raise _unreadable(self.db, e) from None
            if parts.repoint_if_moved(self.con, self.parts):
                derived.write_views(self.con, self.parts)
            applied = migrate(self.con)
            parts.prepare(self.con, self.parts, schema_changed=bool(applied), after_crash=crashed)
        except BaseException:
            if self.con is not None:
                self.con.close()
                self.con = None
            lock.__exit__(None, None, None)
            raise
        return self

    def _swap_in(self) -> None:
        """Staged rows into Parquet, then the small staging file over the published one."""
        assert self.con is not None
        previous = parts.generation(self.con)
        parts.sweep(self.con, self.parts)
        parts.flush(self.con, self.parts, derive=derived.refresh)
        self.con.execute("CHECKPOINT")
        self._shrink_if_sparse()
        assert self.con is not None
        self.con.close()
        self.con = None
        if self.db.exists():
            parts.keep_snapshot(self.db, self.parts, previous)
        os.replace(self.staging, self.db)

    def _shrink_if_sparse(self) -> None:
        """DuckDB reuses freed blocks but never gives them back, and staged rows are freed at
        every publish: when most of the staging file is free space, rewrite it compactly, so a
        large batch (or the first publish of an old warehouse) does not make every later publish
        copy its empty pages."""
        assert self.con is not None
        row = self.con.execute("SELECT free_blocks, used_blocks, block_size "
                               "FROM pragma_database_size() WHERE database_name = current_database()"
                               ).fetchone()
        if not row or row[0] * row[2] < max(SHRINK_FREE_BYTES, row[1] * row[2]):
            return
        compact = Path(str(self.staging) + ".compact")
        compact.unlink(missing_ok=True)
        name = self.con.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        self.con.execute(f"ATTACH '{_sql_string(str(compact))}' AS compact")
        self.con.execute(f'COPY FROM DATABASE "{name}" TO compact')
        self.con.execute("DETACH compact")
        self.con.close()
        os.replace(compact, self.staging)
        self.con = _open_staging(self.staging)

    def publish(self) -> None:
        """Make everything written so far visible to new readers, atomically."""
        self._swap_in()
        # Keep writing into a fresh copy so later publishes stay atomic too.
        shutil.copyfile(self.db, self.staging)
        self.con = _open_staging(self.staging)

    def __exit__(self, exc_type, exc, tb) -> None:
        """Publish what was committed, even when the run stopped early: every document was loaded
        in its own transaction, so the committed state is consistent. Only if the staging copy
        itself is unusable is it thrown away (the published file is then untouched)."""
        try:
            if self.con is not None:
                try:
                    try:
                        self.con.execute("ROLLBACK")
                    except duckdb.Error:
                        pass        # no transaction open: the normal case
                    self._swap_in()
                except Exception:
                    if self.con is not None:
                        self.con.close()
                    self.staging.unlink(missing_ok=True)
                    if exc_type is None:
                        raise
        finally:
            self.con = None
            if self._lock is not None:
                self._lock.__exit__(exc_type, exc, tb)
