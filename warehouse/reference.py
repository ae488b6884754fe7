"""Reference tables the writer refreshes on every run: the metric catalogue and authorities."""
from __future__ import annotations

import duckdb

from core.authorities import load_authorities
from core.catalogue import load_catalogue
from warehouse.store import insert_rows


def refresh_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Replace `metrics` and `authorities` from the files in the repo (cheap, one transaction)."""
    metrics: list[dict] = [dict(metric=m.id, label=m.label, definition=m.definition, unit=m.unit,
                    period_kind=m.period_kind, synonyms=list(m.synonyms))
               for m in load_catalogue()]
    authorities: list[dict] = [dict(gss_code=a.gss_code, name=a.name, old_la_code=a.old_la_code,
                        region=a.region, kind=a.kind)
                   for a in load_authorities()]
    con.execute("BEGIN TRANSACTION")
    try:
        for table, rows in (("metrics", metrics), ("authorities", authorities)):
            if not rows:
                continue
            key = next(iter(rows[0]))      # first column is the primary key
            unique = list({r[key]: r for r in reversed(rows)}.values())   # first of each key
            if _holds(con, table, unique):
                continue                   # the usual case: a run pays for no rewrite
            con.execute(f"DELETE FROM {table}")
            insert_rows(con, table, unique)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _holds(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> bool:
    """Does the table hold exactly these rows?"""
    cols = list(rows[0])
    have = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {cols[0]}").fetchall()
    want = sorted((tuple(r[c] for c in cols) for r in rows), key=lambda t: t[0])
    return have == want
