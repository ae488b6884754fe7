"""The single writer's work: one document's ExtractionResult -> warehouse rows, in one transaction.

Loading replaces everything the warehouse holds for that document, so a re-run never duplicates.
"""
from __future__ import annotations

import dataclasses
import re
from datetime import datetime

import duckdb
import pandas as pd

from core.authorities import comparator_group, group_body
from core.model import ExtractionResult, InputItem
from warehouse.parts import staged
from warehouse.store import insert_rows

# Child tables keyed by document_id: emptied and refilled on every load of that document. Rows
# are loaded into staged_<table>; publishing moves them into Parquet (warehouse/parts.py).
DOCUMENT_TABLES = ("blocks", "tables", "table_cells", "metric_observations", "actions",
                   "agenda_items", "meetings")


def document_id_for(sha256: str) -> str:
    return "d" + sha256[:16]


def _delete_children(con, document_id: str, known: bool = True) -> None:
    """Forget the staged rows now; rows already in Parquet files go at the next publish. A
    document the warehouse has never known (`known` false: no documents row) has no rows in any
    file, so the publish is not asked to look for them (a look-up over every file's documents)."""
    for table in DOCUMENT_TABLES:
        con.execute(f"DELETE FROM {staged(table)} WHERE document_id = ?", [document_id])
    if known:
        con.execute("INSERT INTO staged_deletions VALUES (?) ON CONFLICT DO NOTHING", [document_id])


# A council code a group's key may be built on: the partition key must stay a plain string.
PLAIN_CODE = re.compile(r"[A-Za-z0-9]+")


def comparator_key(obs: dict, council: str | None, council_code: str | None) -> dict:
    """A comparator group's benchmark ('Statistical Neighbours' in West Sussex's paper) under
    its own body, built on the document's council (known here, after provenance): authority
    'West Sussex statistical neighbours', authority_code 'E10000032-SN'. Never the council's own
    key, so it never competes with the council's figures, and no ONS population matches it, so
    it gets no derived rate. Without a known council, or for a figure that is not a benchmark,
    the body stays as read (no code: kept out of metric_values). Returns the fields to change."""
    if (obs.get("authority_code") is not None or not obs.get("authority")
            or obs.get("value_kind") != "benchmark" or not council_code
            or not PLAIN_CODE.fullmatch(council_code)):
        return {}
    group = comparator_group(obs["authority"])
    if group is None:
        return {}
    name, code = group_body(group, council, council_code)
    return {"authority": name, "authority_code": code}


def result_to_rows(result: ExtractionResult, document_id: str) -> dict[str, list[dict]]:
    """Pure: the rows each warehouse table gets for one document."""
    doc = result.document
    rows: dict[str, list[dict]] = {t: [] for t in DOCUMENT_TABLES}
    for i, b in enumerate(doc.blocks):
        seg = doc.segment_of(i)
        x0, top, x1, bottom = b.bbox if b.bbox else (None, None, None, None)
        rows["blocks"].append(dict(
            document_id=document_id, block_index=i, kind=b.kind, page=b.page, level=b.level,
            section=b.section, agenda_item=seg.agenda_item, text=b.text, char_start=b.char_start,
            char_end=b.char_end, x0=x0, top=top, x1=x1, bottom=bottom))
        t = b.table
        if b.kind == "table" and t is not None:
            rows["tables"].append(dict(
                document_id=document_id, table_index=t.index, page=t.page,
                pages=",".join(str(p) for p in (t.pages or [t.page])), method=t.method,
                n_rows=t.n_rows, n_cols=t.n_cols, caption=t.caption, agenda_item=seg.agenda_item))
            for r, row in enumerate(t.rows):
                for c, text in enumerate(row):
                    rows["table_cells"].append(dict(document_id=document_id, table_index=t.index,
                                                    row=r, col=c, text=text))
    for n, o in enumerate(result.observations):
        rec = dataclasses.asdict(o)
        rec.pop("block_index", None)
        rec.update(observation_id=f"{document_id}-o{n:05d}", document_id=document_id)
        rec.update(comparator_key(rec, doc.authority, doc.authority_code))
        rows["metric_observations"].append(rec)
    for n, a in enumerate(result.actions):
        rec = dataclasses.asdict(a)
        rec.pop("block_index", None)
        rec.update(action_id=f"{document_id}-a{n:05d}", document_id=document_id,
                   authority=doc.authority, meeting_date=a.meeting_date or doc.segment_of(
                       a.block_index or 0).meeting_date)
        rows["actions"].append(rec)
    for m in doc.meetings:
        rec = dataclasses.asdict(m)
        key = rec.pop("key")
        rec.update(meeting_id=f"{document_id}-{key}", document_id=document_id,
                   authority=m.authority or doc.authority)
        rows["meetings"].append(rec)
    for item in doc.agenda_items:
        rec = dataclasses.asdict(item)
        key = rec.pop("meeting_key")
        rec.update(meeting_id=f"{document_id}-{key}", document_id=document_id)
        rows["agenda_items"].append(rec)
    return rows


def _supersede(con, source_key: str, document_id: str, now: datetime) -> None:
    """The file at source_key now holds new content: retire the old version's rows unless the
    old content is still found at another source."""
    prev = con.execute("SELECT document_id FROM document_sources WHERE source_path = ?",
                       [source_key]).fetchone()
    if not prev or prev[0] == document_id:
        return
    old = prev[0]
    others = con.execute("SELECT count(*) FROM document_sources WHERE document_id = ? "
                         "AND source_path <> ?", [old, source_key]).fetchone()[0]
    if others:
        return
    _delete_children(con, old)
    con.execute("UPDATE documents SET status = 'skipped', error = ?, processed_at = ? "
                "WHERE document_id = ?",
                [f"superseded: {source_key} now holds newer content (document {document_id}); "
                 "the old bytes stay in the raw store", now, old])


SOURCE_COLUMNS = ("source_path", "document_id", "source_name", "url", "committee", "committee_id",
                  "meeting_id", "meeting_date", "agenda_item_number", "agenda_item_title",
                  "document_title", "first_seen", "last_seen")


# On a path seen before: its current document, and what its source said unless it says anew.
_KEEP_UNLESS_NEW = ", ".join(
    ["document_id = excluded.document_id"]
    + [f"{c} = coalesce(excluded.{c}, document_sources.{c})" for c in SOURCE_COLUMNS[2:-2]]
    + ["last_seen = excluded.last_seen"])


def _source_row(item: InputItem, document_id: str, now: datetime) -> dict:
    s = item.source
    return dict(source_path=item.source_key, document_id=document_id,
                source_name=s and s.source_name, url=s and s.url, committee=s and s.committee,
                committee_id=s and s.committee_id, meeting_id=s and s.meeting_id,
                meeting_date=s and s.meeting_date, agenda_item_number=s and s.agenda_item_number,
                agenda_item_title=s and s.agenda_item_title, document_title=s and s.document_title,
                first_seen=now, last_seen=now)


def _upsert_sources(con, rows: list[dict]) -> None:
    """Record where documents were found; what a source said before is kept unless it says
    something new. One statement for any number of sources."""
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS)).astype(object)
    con.register("_sources", frame)
    try:
        con.execute(f"""
            INSERT INTO document_sources ({', '.join(SOURCE_COLUMNS)})
            SELECT source_path, document_id, source_name, url, committee, committee_id,
                   meeting_id, CAST(meeting_date AS DATE), agenda_item_number, agenda_item_title,
                   document_title, CAST(first_seen AS TIMESTAMP), CAST(last_seen AS TIMESTAMP)
            FROM _sources
            ON CONFLICT (source_path) DO UPDATE SET {_KEEP_UNLESS_NEW}""")
    finally:
        con.unregister("_sources")


def _upsert_source(con, item: InputItem, document_id: str, now: datetime) -> None:
    """One source: the same statement as _upsert_sources, without building a frame."""
    row = _source_row(item, document_id, now)
    con.execute(f"""
        INSERT INTO document_sources ({', '.join(SOURCE_COLUMNS)})
        VALUES ({', '.join('?' for _ in SOURCE_COLUMNS)})
        ON CONFLICT (source_path) DO UPDATE SET {_KEEP_UNLESS_NEW}""",
                [row[c] for c in SOURCE_COLUMNS])


def load_result(con: duckdb.DuckDBPyConnection, result: ExtractionResult, item: InputItem, *,
                run_id: str, extractor_version: str, raw_path: str | None,
                n_bytes: int | None, now: datetime | None = None) -> str:
    """Replace one document's rows in one transaction; returns its document_id."""
    now = now or datetime.now()
    doc = result.document
    document_id = document_id_for(doc.sha256)
    rows = result_to_rows(result, document_id)
    con.execute("BEGIN TRANSACTION")
    try:
        _supersede(con, item.source_key, document_id, now)
        prev = con.execute("SELECT ingested_at FROM documents WHERE document_id = ?",
                           [document_id]).fetchone()
        _delete_children(con, document_id, known=prev is not None)
        con.execute("DELETE FROM documents WHERE document_id = ?", [document_id])
        meeting_date = doc.meeting_date or (item.source.meeting_date if item.source else None)
        insert_rows(con, "documents", [dict(
            document_id=document_id, sha256=doc.sha256, source_path=item.source_key,
            format=doc.format, title=doc.title or (item.source and item.source.document_title),
            authority=doc.authority, authority_code=doc.authority_code,
            authority_source=doc.authority_source, authority_note=doc.authority_note,
            doc_type=doc.doc_type,
            period_start=doc.period_start, period_end=doc.period_end, meeting_date=meeting_date,
            pages=len(doc.pages) or None, status=result.status, error=result.error,
            extractor_version=extractor_version, ingested_at=prev[0] if prev else now,
            processed_at=now, run_id=run_id, n_bytes=n_bytes, raw_path=raw_path)])
        for table, table_rows in rows.items():
            insert_rows(con, staged(table), table_rows)
        _upsert_source(con, item, document_id, now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return document_id


def touch_source(con, item: InputItem, sha256: str, now: datetime | None = None) -> None:
    """An unchanged input was seen again: remember where, without re-loading anything. (For
    many inputs, touch_sources does it in one statement.)"""
    now = now or datetime.now()
    document_id = document_id_for(sha256)
    con.execute("BEGIN TRANSACTION")
    try:
        _supersede(con, item.source_key, document_id, now)
        _upsert_source(con, item, document_id, now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def touch_sources(con, seen: list[tuple[InputItem, str]], now: datetime | None = None) -> None:
    """Unchanged inputs (item, sha256) seen again, in one transaction whatever their number: a
    no-op run over a large corpus must not pay a statement per file."""
    if not seen:
        return
    now = now or datetime.now()
    rows = [_source_row(item, document_id_for(sha), now) for item, sha in seen]
    con.execute("BEGIN TRANSACTION")
    try:
        frame = pd.DataFrame({"source_path": [r["source_path"] for r in rows],
                              "document_id": [r["document_id"] for r in rows]})
        con.register("_seen", frame)
        try:
            moved = con.execute("""SELECT s.source_path, s.document_id FROM _seen s
                                   JOIN document_sources d USING (source_path)
                                   WHERE d.document_id <> s.document_id""").fetchall()
        finally:
            con.unregister("_seen")
        for source_key, document_id in moved:       # rare: a path now holds other content
            _supersede(con, source_key, document_id, now)
        _upsert_sources(con, rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
