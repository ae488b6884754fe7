"""council-etl sql "select ..." : query the warehouse read-only."""
from __future__ import annotations

import sys

import duckdb

from cli.commands import add_command, add_db_option
from cli.output import FORMATS, format_rows
from pipeline.config import load_settings
from warehouse.store import connect_read_only


def register(sub) -> None:
    p = add_command(
        sub, "sql", help="run a SQL query against the warehouse (read-only)",
        example='council-etl sql "select metric, count(*) from metric_observations group by 1" '
                "--format csv",
        description="Run one SQL query on a read-only connection: a query can never change the "
                    "warehouse, nor read or write other files. Tables and views are listed in "
                    "the README.")
    p.add_argument("query", help="the SQL to run")
    add_db_option(p)
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.set_defaults(func=main)


def main(args) -> int:
    settings = load_settings(config=args.config, db=args.db)
    con = connect_read_only(settings.db, sandboxed=True)
    try:
        cur = con.execute(args.query)
        if cur.description is None:
            return 0
        columns = [d[0] for d in cur.description]
        print(format_rows(columns, cur.fetchall(), args.format))
    except duckdb.Error as e:
        print(f"council-etl sql: {e}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0
