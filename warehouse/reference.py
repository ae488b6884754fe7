"""Reference tables the writer refreshes on every run: the metric catalogue and authorities."""
from __future__ import annotations

import duckdb
import pandas as pd


def refresh_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Replace `metrics` and `authorities` from the files in the repo (cheap, one transaction)."""
    metrics, authorities = [], []
    try:
        from extractors.catalogue import load_catalogue
        metrics = [dict(metric=m.id, label=m.label, definition=m.definition, unit=m.unit,
                        period_kind=m.period_kind, synonyms=list(m.synonyms))
                   for m in load_catalogue()]
    except ImportError:
        pass
    try:
        from warehouse.authorities import load_authorities
        authorities = [dict(gss_code=a.gss_code, name=a.name, old_la_code=a.old_la_code,
                            region=a.region, kind=getattr(a, "kind", None))
                       for a in load_authorities()]
    except ImportError:
        pass
    con.execute("BEGIN TRANSACTION")
    try:
        for table, rows in (("metrics", metrics), ("authorities", authorities)):
            if not rows:
                continue
            con.execute(f"DELETE FROM {table}")
            frame = pd.DataFrame(rows).drop_duplicates(subset=[list(rows[0])[0]])
            con.register("_frame", frame)
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _frame")
            con.unregister("_frame")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
