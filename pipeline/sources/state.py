"""Fetch state in a small SQLite file beside the warehouse (not in DuckDB: the warehouse has one
writer, the runner). Per URL: validators and sha256; downloads not yet processed; failures; and
the last good fetch per source, which moves the nightly window forward.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from datetime import date, datetime, timezone
from pathlib import Path

from core.model import InputItem, SourceInfo

STATE_NAME = "fetch-state.sqlite"
BUSY_TIMEOUT_SECONDS = 30
KEEP_FAILURES = 5000                    # older failure rows are pruned

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    url TEXT PRIMARY KEY, source TEXT, etag TEXT, last_modified TEXT, sha256 TEXT,
    size INTEGER, first_seen TEXT, last_checked TEXT, last_changed TEXT, source_info TEXT);
CREATE TABLE IF NOT EXISTS pending (
    url TEXT PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL, source_info TEXT,
    downloaded_at TEXT);
CREATE TABLE IF NOT EXISTS failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT, url TEXT, message TEXT,
    transient INTEGER, at TEXT);
CREATE TABLE IF NOT EXISTS source_runs (
    source TEXT PRIMARY KEY, last_success TEXT, last_attempt TEXT);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def state_path(settings) -> Path:
    return Path(settings.db).parent / STATE_NAME


def _info_to_json(info: SourceInfo | None) -> str | None:
    if info is None:
        return None
    d = asdict(info)
    if d.get("meeting_date"):
        d["meeting_date"] = d["meeting_date"].isoformat()
    return json.dumps(d)


def _info_from_json(text: str | None) -> SourceInfo | None:
    if not text:
        return None
    d = json.loads(text)
    if d.get("meeting_date"):
        d["meeting_date"] = date.fromisoformat(d["meeting_date"])
    return SourceInfo(**{k: v for k, v in d.items() if k in SourceInfo.__dataclass_fields__})


class FetchState:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
        self.conn.row_factory = sqlite3.Row
        self.conn.executescript(SCHEMA)
        columns = {r[1] for r in self.conn.execute("PRAGMA table_info(documents)")}
        if "source_info" not in columns:        # a state file from before provenance was kept
            with self.conn:
                self.conn.execute("ALTER TABLE documents ADD COLUMN source_info TEXT")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.conn.close()

    # --- per-URL validators -------------------------------------------------------------
    def document(self, url: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT * FROM documents WHERE url = ?", (url,)).fetchone()

    def checked(self, url: str) -> None:
        with self.conn:
            self.conn.execute("UPDATE documents SET last_checked = ? WHERE url = ?", (_now(), url))

    def record_document(self, url: str, source: str, sha256: str, size: int, etag: str | None,
                        last_modified: str | None, changed: bool,
                        info: SourceInfo | None = None) -> None:
        """Validators and sha256 of a paper, and its provenance: a rebuilt warehouse gets the
        paper again from the raw store with the same meeting context."""
        now = _now()
        with self.conn:
            self.conn.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) "
                "DO UPDATE SET source = excluded.source, etag = excluded.etag, "
                "last_modified = excluded.last_modified, sha256 = excluded.sha256, "
                "size = excluded.size, last_checked = excluded.last_checked, "
                "last_changed = CASE WHEN ? THEN excluded.last_changed ELSE last_changed END, "
                "source_info = coalesce(excluded.source_info, source_info)",
                (url, source, etag, last_modified, sha256, size, now, now, now,
                 _info_to_json(info), changed))

    def documents_of(self, sources: list[str]) -> list[tuple[str, str, SourceInfo | None]]:
        """(url, sha256, provenance) of every paper fetched for these sources."""
        marks = ",".join("?" * len(sources))
        rows = self.conn.execute(f"SELECT url, sha256, source_info FROM documents WHERE source IN "
                                 f"({marks}) AND sha256 IS NOT NULL ORDER BY url", sources).fetchall()
        return [(r["url"], r["sha256"], _info_from_json(r["source_info"])) for r in rows]

    def provenance(self, urls: list[str]) -> dict[str, SourceInfo]:
        """The recorded provenance of these fetched papers (URLs the state does not know are
        left out)."""
        out: dict[str, SourceInfo] = {}
        for start in range(0, len(urls), 500):          # SQLite's limit on bound parameters
            chunk = urls[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT url, source_info FROM documents WHERE url IN "
                                       f"({marks}) AND source_info IS NOT NULL", chunk):
                info = _info_from_json(r["source_info"])
                if info is not None:
                    out[r["url"]] = info
        return out

    def forget(self, urls: list[str]) -> None:
        """Drop validators and sha256 so these papers are downloaded again in full."""
        with self.conn:
            self.conn.executemany("DELETE FROM documents WHERE url = ?", [(u,) for u in urls])

    # --- downloaded, not yet processed --------------------------------------------------
    def add_pending(self, item: InputItem, sha256: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?, ?)",
                              (item.source_key, item.path, sha256, _info_to_json(item.source), _now()))

    def pending(self) -> list[InputItem]:
        rows = self.conn.execute("SELECT * FROM pending ORDER BY downloaded_at, url").fetchall()
        return [InputItem(path=r["path"], source_key=r["url"], source=_info_from_json(r["source_info"]))
                for r in rows]

    def clear_pending(self, urls: list[str]) -> None:
        with self.conn:
            self.conn.executemany("DELETE FROM pending WHERE url = ?", [(u,) for u in urls])

    # --- failures and source runs -------------------------------------------------------
    def record_failure(self, source: str, url: str | None, message: str, transient: bool) -> None:
        with self.conn:
            self.conn.execute("INSERT INTO failures (source, url, message, transient, at) "
                              "VALUES (?, ?, ?, ?, ?)", (source, url, message, int(transient), _now()))
            self.conn.execute("DELETE FROM failures WHERE id <= (SELECT MAX(id) FROM failures) - ?",
                              (KEEP_FAILURES,))

    def failures(self, source: str | None = None) -> list[sqlite3.Row]:
        if source:
            return self.conn.execute("SELECT * FROM failures WHERE source = ? ORDER BY id",
                                     (source,)).fetchall()
        return self.conn.execute("SELECT * FROM failures ORDER BY id").fetchall()

    def last_success(self, source: str) -> date | None:
        row = self.conn.execute("SELECT last_success FROM source_runs WHERE source = ?",
                                (source,)).fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def record_run(self, source: str, ok: bool, day: date) -> None:
        with self.conn:
            self.conn.execute("INSERT INTO source_runs VALUES (?, NULL, ?) ON CONFLICT(source) "
                              "DO UPDATE SET last_attempt = excluded.last_attempt", (source, _now()))
            if ok:
                self.conn.execute("UPDATE source_runs SET last_success = ? WHERE source = ?",
                                  (day.isoformat(), source))
