"""council-etl status : documents by status, last runs, recent failures."""
from __future__ import annotations

from cli.commands import add_command, add_db_option
from cli.output import format_rows
from pipeline.config import load_settings
from warehouse.store import connect_read_only, writer_active

RECENT_RUNS = 5
RECENT_FAILURES = 20


def register(sub) -> None:
    p = add_command(sub, "status", help="documents by status, the last runs and recent failures",
                    example="council-etl status --db warehouse.duckdb")
    add_db_option(p)
    p.set_defaults(func=main)


def _show(con, title: str, sql: str, params=()) -> None:
    cur = con.execute(sql, list(params))
    rows = cur.fetchall()
    print(f"\n{title}")
    print(format_rows([d[0] for d in cur.description], rows) if rows else "  (none)")


def main(args) -> int:
    settings = load_settings(config=args.config, db=args.db)
    con = connect_read_only(settings.db)
    try:
        print(f"warehouse: {settings.db}")
        _show(con, "Documents by status",
              "SELECT status, count(*) AS documents FROM documents GROUP BY 1 ORDER BY 1")
        # A 'running' row with nobody holding the writer lock was killed outright.
        running = "running" if writer_active(settings.db) else "interrupted"
        _show(con, "Last runs", f"""
            SELECT run_id, trigger, started_at::TIMESTAMP(0) AS started, round(seconds, 1) AS seconds,
                   n_processed AS processed, n_unchanged AS unchanged, n_failed AS failed,
                   n_partial AS partial, n_observations AS observations,
                   CASE WHEN status = 'running' THEN ? ELSE status END AS status, error
            FROM runs ORDER BY started_at DESC LIMIT {RECENT_RUNS}""", [running])
        _show(con, "Recent failures", f"""
            SELECT status, source_path, error FROM documents
            WHERE status IN ('failed', 'partial') OR (status = 'skipped' AND error IS NOT NULL)
            ORDER BY processed_at DESC LIMIT {RECENT_FAILURES}""")
    finally:
        con.close()
    return 0
